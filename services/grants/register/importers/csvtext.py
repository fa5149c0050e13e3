"""CSV from an opened or uploaded file: UTF-8 (with or without the BOM Excel writes), read row by row."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from services.grants.register.importers.rows import UnreadableFile

CHUNK = 1 << 20
NOT_UTF8 = 'The file is not UTF-8 text: save it as "CSV UTF-8 (comma delimited)"'


def scan(stream: BinaryIO) -> int:
    """Check the whole file is UTF-8 text before importing any of it, and count its lines; rewinds."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    try:
        while chunk := stream.read(CHUNK):
            if b"\x00" in chunk:
                raise UnreadableFile("The file has NUL bytes in it: save it as CSV, not as a spreadsheet")
            decoder.decode(chunk)
            lines += chunk.count(b"\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise UnreadableFile(NOT_UTF8) from None
    stream.seek(0)
    return lines


def rows(stream: BinaryIO) -> Iterator[list[str]]:
    """Each row's cells; the header is the first."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        yield from reader
    except csv.Error as error:
        raise UnreadableFile(f"Row {reader.line_num} cannot be read as CSV ({error}): check its quotes") from None
    except UnicodeDecodeError:
        raise UnreadableFile(NOT_UTF8) from None
    finally:
        if not stream.closed:
            text.detach()  # the caller owns the stream: closing the wrapper would close it


def header_of(lines: Iterator[list[str]]) -> list[str]:
    header = next(lines, None)
    if not header or not any(cell.strip() for cell in header):
        raise UnreadableFile("The file has no header row: the first row must name the columns")
    return [cell.strip() for cell in header]


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)
