"""CSV from an opened or uploaded file: UTF-8 (with or without the BOM Excel writes), read row by row."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from services.grants.register.importers.rows import LIMITS, ParsedRow, Problem, UnreadableFile

CHUNK = 1 << 20
ROW_LIMIT = 2 * CHUNK  # characters: a 1 MB description is read (and refused as too long), a 1 GB one is not
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


def rows(stream: BinaryIO) -> Iterator[list[str] | TooLong]:
    """Each row's cells, the header first; a row too long to read whole is TOO_LONG, so it can be refused on
    its own and its row number stays right, while the rows after it are read as usual."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    # The limit is the csv module's, for every reader in the process: only ever raise it, to what one row may hold.
    csv.field_size_limit(max(csv.field_size_limit(), ROW_LIMIT + 1))
    lines = _Lines(text)
    reader = csv.reader(lines)
    try:
        yield from _rows_of(reader, lines)
    except csv.Error as error:
        raise UnreadableFile(f"Row {reader.line_num} cannot be read as CSV ({error}): check its quotes") from None
    except UnicodeDecodeError:
        raise UnreadableFile(NOT_UTF8) from None
    finally:
        if not stream.closed:
            text.detach()  # the caller owns the stream: closing the wrapper would close it


def _rows_of(reader: Iterator[list[str]], lines: _Lines) -> Iterator[list[str] | TooLong]:
    while True:
        try:
            row = next(reader, None)
        except _RowTooLong:
            lines.skip_row()
            yield TOO_LONG
            continue
        if row is None:
            return
        lines.row_ended()
        yield row


class TooLong:
    """A row of more than ROW_LIMIT characters, skipped unread: a cell that long is a mistake (the longest
    the register keeps is a 20,000-character description), and reading it whole would hold it in memory."""

    def refused(self, number: int) -> ParsedRow:
        message = (
            f"Shorten the text in this row: it is over {ROW_LIMIT:,} characters long, and the longest cell the "
            f"register keeps is a description of {LIMITS['description']} characters"
        )
        return ParsedRow(number, "", problems=(Problem("", message),))


TOO_LONG = TooLong()


class _RowTooLong(Exception):
    pass


class _Lines:
    """The file's lines for csv.reader, none read beyond ROW_LIMIT characters into a row.

    It counts the quotes since the row began: at a line's end the row ends only outside quotes (an even
    count; a quote inside a quoted cell is doubled), which is how a row too long to read is skipped to its end.
    A stray quote in an unquoted cell would throw the count out, but it is only used on a row already refused.
    """

    def __init__(self, text: io.TextIOBase):
        self._text = text
        self._used = self._quotes = 0
        self._mid_line = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._text.readline(ROW_LIMIT + 1 - self._used)
        if not line:
            raise StopIteration
        self._used += len(line)
        self._quotes += line.count('"')
        if self._used > ROW_LIMIT:
            self._mid_line = not line.endswith(("\n", "\r"))
            raise _RowTooLong
        return line

    def row_ended(self) -> None:
        self._used = self._quotes = 0

    def skip_row(self) -> None:
        while self._mid_line or self._quotes % 2:
            line = self._text.readline(CHUNK)
            if not line:
                break
            self._quotes += line.count('"')
            self._mid_line = not line.endswith(("\n", "\r"))
        self.row_ended()


def header_of(lines: Iterator[list[str] | TooLong]) -> list[str]:
    header = next(lines, None)
    if isinstance(header, TooLong):
        raise UnreadableFile(f"The header row is longer than {ROW_LIMIT:,} characters: it must name the columns")
    if not header or not any(cell.strip() for cell in header):
        raise UnreadableFile("The file has no header row: the first row must name the columns")
    return [cell.strip() for cell in header]


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)
