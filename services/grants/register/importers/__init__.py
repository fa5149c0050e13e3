"""Importers: a file in, parsed rows out. 360Giving JSON and CSV, and the OPCC's local register template.

`open_import(stream)` recognises the format from the file itself (or is told it), checks what can be
checked of the whole file first, and returns rows to be read one at a time.
"""

from __future__ import annotations

import csv
from typing import BinaryIO

from services.grants.register.importers.local_csv import open_local
from services.grants.register.importers.rows import OpenedFile, ParsedRow, Problem, UnreadableFile
from services.grants.register.importers.threesixty_csv import open_flat
from services.grants.register.importers.threesixty_json import open_package

OPENERS = {"360giving-json": open_package, "360giving-csv": open_flat, "local-csv": open_local}
FORMATS = tuple(OPENERS)
# The source a record belongs to, and so whose ids must be unique: one 360Giving grant id names the same
# grant however it is published; a local list's ids are only unique within that list.
DEFAULT_SOURCES = {"360giving-json": "360giving", "360giving-csv": "360giving", "local-csv": "local-csv"}
_PEEK = 64 * 1024

__all__ = ["FORMATS", "DEFAULT_SOURCES", "OpenedFile", "ParsedRow", "Problem", "UnreadableFile", "open_import"]


def open_import(stream: BinaryIO, file_format: str | None = None) -> OpenedFile:
    """`stream` must be seekable (an opened file, an upload): formats are recognised by peeking."""
    head = stream.read(_PEEK)
    stream.seek(0)
    if not head.strip():
        raise UnreadableFile("The file is empty")
    return OPENERS[file_format or detect(head)](stream)


def detect(head: bytes) -> str:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text[:1] in (b"{", b"["):
        return "360giving-json"
    first_line = text.split(b"\n", 1)[0].decode("utf-8", "replace")
    columns = {cell.strip().lower() for cell in next(csv.reader([first_line]), [])}
    if "identifier" in columns and ("amount awarded" in columns or any(":" in column for column in columns)):
        return "360giving-csv"
    if {"id", "funder"} <= columns:
        return "local-csv"
    raise UnreadableFile(
        "This is not a file the register can import: use a 360Giving JSON package, a 360Giving CSV "
        "(with columns like Identifier and Amount Awarded) or the local register template (id, funder, …)"
    )
