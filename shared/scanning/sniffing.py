"""What an uploaded file really is, from its bytes: never from its name or the browser's word.

Five types are allowed. PDF, PNG and JPEG are told by their magic bytes. DOCX and XLSX are zip files
(Office Open XML): the zip's central directory is read without extracting anything, and refused when
it would unpack into too many entries, too many bytes, or at a ratio only a zip bomb has. Then every
entry is decompressed in memory, a chunk at a time, within the same byte budget: zipfile stops at each
entry's declared size and checks its CRC, so a directory that lies about sizes is caught too.
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from typing import BinaryIO

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED = (PDF, DOCX, XLSX, PNG, JPEG)

MAX_ENTRIES = 5_000
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
# Office XML compresses about 10:1 and images not at all; a bomb packs thousands to one. Small entries
# are exempt: a few KB of repeated XML can compress 200:1 and harm no one.
MAX_RATIO = 150
RATIO_FROM_BYTES = 1024 * 1024
_CHUNK = 64 * 1024
# What a damaged zip makes zipfile raise: RuntimeError for an encrypted entry, NotImplementedError for an
# unknown compression method, zlib/lzma/OSError (bzip2) for corrupt data, BadZipFile for a CRC mismatch.
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    OSError,
    zlib.error,
    lzma.LZMAError,
)
_HEAD = 8

NOT_ALLOWED = "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), PNG or JPEG"
TOO_MUCH_INSIDE = "The selected file is too large once unpacked: save it as a PDF and upload that"
UNREADABLE = "The selected file is damaged or protected with a password: save it again and upload it"
MACROS = "The selected file contains macros: save it as a DOCX or XLSX without macros"


class FileRefused(ValueError):
    """The file is not one we accept; the message says why, for a person."""


def sniff(stream: BinaryIO) -> str:
    """The media type of a seekable stream's content, or ``FileRefused``. Leaves the stream at 0."""
    try:
        head = stream.read(_HEAD)
        stream.seek(0)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _office_type(stream)
        raise FileRefused(NOT_ALLOWED)
    finally:
        stream.seek(0)


def _office_type(stream: BinaryIO) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            _check_sizes(entries)
            names = {entry.filename for entry in entries}
            media_type = _ooxml_type(names)
            _read_within_budget(archive, entries)
    except _UNREADABLE as error:
        raise FileRefused(UNREADABLE) from error
    return media_type


def _check_sizes(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise FileRefused(TOO_MUCH_INSIDE)
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise FileRefused(TOO_MUCH_INSIDE)
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise FileRefused(UNREADABLE)
        big = entry.file_size > RATIO_FROM_BYTES
        if big and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise FileRefused(TOO_MUCH_INSIDE)


def _ooxml_type(names: set[str]) -> str:
    if "[Content_Types].xml" not in names:
        raise FileRefused(NOT_ALLOWED)  # a zip, but not an Office document
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRefused(MACROS)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise FileRefused(NOT_ALLOWED)  # PowerPoint and other OOXML kinds


def _read_within_budget(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    budget = MAX_UNPACKED_BYTES
    for entry in entries:
        with archive.open(entry) as member:
            while chunk := member.read(_CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise FileRefused(TOO_MUCH_INSIDE)
