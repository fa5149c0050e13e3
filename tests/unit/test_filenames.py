"""What is kept of an uploaded file's name and type: nothing that can escape a folder or fool a reader."""

from __future__ import annotations

import pytest

from services.bids.handlers import safe_content_type, safe_filename


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("project-plan.pdf", "project-plan.pdf"),
        ("Café budget 2026.xlsx", "Café budget 2026.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("C:\\Users\\morgan\\quote.pdf", "quote.pdf"),
        ("/absolute/path/receipt.png", "receipt.png"),
        ("quote\x00.pdf.exe", "quote_.pdf.exe"),
        ("line\r\nbreak.pdf", "line_break.pdf"),
        ("invoice\u202efdp.exe", "invoice_fdp.exe"),
        (".hidden", "hidden"),
    ],
)
def test_an_uploaded_filename_keeps_only_its_safe_last_part(uploaded, kept):
    assert safe_filename(uploaded) == kept


@pytest.mark.parametrize("uploaded", ["", "..", "/", "\x00\x01", " . _ "])
def test_a_filename_with_nothing_safe_left_is_called_evidence(uploaded):
    assert safe_filename(uploaded) == "evidence"


def test_a_filename_is_cut_to_a_length_the_database_holds():
    assert len(safe_filename("a" * 1000 + ".pdf")) == 200


@pytest.mark.parametrize(
    ("declared", "kept"),
    [
        ("application/pdf", "application/pdf"),
        ("Image/PNG", "image/png"),
        ("text/plain; charset=utf-8", "text/plain"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None),
        ("", "application/octet-stream"),
        ("text/html\x00", "application/octet-stream"),
        ("a/b/c", "application/octet-stream"),
        ("x" * 60 + "/" + "y" * 60, "application/octet-stream"),
    ],
)
def test_an_uploaded_media_type_is_kept_only_if_it_is_one(declared, kept):
    assert safe_content_type(declared) == (kept or declared)
