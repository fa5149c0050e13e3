"""What a file is comes from its bytes; Office files are opened only as far as their zip directory allows."""

from __future__ import annotations

import io

import pytest

from shared.scanning import sniffing
from shared.scanning.daemon import eicar
from shared.scanning.sniffing import DOCX, JPEG, PDF, PNG, XLSX, FileRefused, sniff
from tests.evidence import files


@pytest.mark.parametrize(
    ("content", "media_type"),
    [(files.pdf(), PDF), (files.png(), PNG), (files.jpeg(), JPEG), (files.docx(), DOCX), (files.xlsx(), XLSX)],
    ids=["pdf", "png", "jpeg", "docx", "xlsx"],
)
def test_each_allowed_type_is_known_by_its_bytes(content, media_type):
    stream = io.BytesIO(content)

    assert sniff(stream) == media_type
    assert stream.tell() == 0, "the stream is left ready to be stored"


@pytest.mark.parametrize(
    "content",
    [files.html_as_pdf(), files.executable(), b"\x7fELF\x02\x01\x01", eicar(), b"plain text", b"GIF89a...."],
    ids=["html", "windows-exe", "elf", "eicar", "text", "gif"],
)
def test_anything_else_is_refused_whatever_it_is_called(content):
    with pytest.raises(FileRefused, match="must be a PDF, Word document"):
        sniff(io.BytesIO(content))


@pytest.mark.parametrize(
    "parts",
    [
        {"readme.txt": b"just a zip"},
        {"[Content_Types].xml": files.CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"},
        {"word/document.xml": b"<w:document/>"},
    ],
    ids=["plain-zip", "powerpoint", "no-content-types"],
)
def test_a_zip_that_is_not_a_word_or_excel_file_is_refused(parts):
    with pytest.raises(FileRefused, match="must be a PDF, Word document"):
        sniff(io.BytesIO(files.office(parts)))


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking_it():
    bomb = files.docx_bomb(unpacked=64 * files.MiB)
    assert len(bomb) < files.MiB / 4

    with pytest.raises(FileRefused, match="too large once unpacked"):
        sniff(io.BytesIO(bomb))


def test_an_office_file_that_unpacks_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(sniffing, "MAX_UNPACKED_BYTES", 100_000)
    parts = {f"word/media/image{n}.bin": bytes(range(256)) * 200 for n in range(3)}  # 51 KB each, barely packed

    with pytest.raises(FileRefused, match="too large once unpacked"):
        sniff(io.BytesIO(files.docx(**parts)))


def test_an_office_file_with_thousands_of_entries_is_refused():
    parts = {f"word/parts/{n}.xml": b"<x/>" for n in range(sniffing.MAX_ENTRIES + 1)}

    with pytest.raises(FileRefused, match="too large once unpacked"):
        sniff(io.BytesIO(files.docx(**parts)))


def test_small_parts_may_compress_well_without_being_called_a_bomb():
    assert sniff(io.BytesIO(files.docx(**{"word/styles.xml": b"<style/>" * 100_000}))) == DOCX


def test_a_document_with_macros_is_refused():
    with pytest.raises(FileRefused, match="macros"):
        sniff(io.BytesIO(files.docx(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})))


def test_a_damaged_office_file_is_refused():
    broken = files.docx()[:-30]  # the end of the central directory is gone

    with pytest.raises(FileRefused, match="damaged or protected"):
        sniff(io.BytesIO(broken))


def test_an_office_file_whose_entry_is_corrupted_is_refused():
    good = files.docx(**{"word/media/notes.txt": b"meeting notes " * 1000})
    start = good.index(b"word/media/notes.txt") + len("word/media/notes.txt") + 10
    corrupted = good[:start] + bytes(b ^ 0xFF for b in good[start : start + 20]) + good[start + 20 :]

    with pytest.raises(FileRefused, match="damaged or protected"):
        sniff(io.BytesIO(corrupted))


def test_an_encrypted_office_entry_is_refused():
    encrypted = _flag_as_encrypted(files.docx(), "word/document.xml")

    with pytest.raises(FileRefused, match="damaged or protected"):
        sniff(io.BytesIO(encrypted))


def _flag_as_encrypted(archive: bytes, name: str) -> bytes:
    """Set the "encrypted" bit of one entry in its local header (offset 6) and central record (offset 8)."""
    data = bytearray(archive)
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name.encode():
                data[start + flags_at] |= 0x1
            start += 4
    return bytes(data)
