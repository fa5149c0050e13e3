"""A 360Giving CSV: flattened column titles ("Recipient Org:Identifier") unflattened into grant objects.

Titles come from the official schema, as 360Giving's flatten-tool makes them: "Beneficiary Location:1:Geographic
Code" is the second location; without an index, the first. JSON paths ("recipientOrganization/0/id") work too.
Columns the schema does not know are ignored and listed in the report, as 360Giving's own tools do.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from services.grants.register.importers import csvtext
from services.grants.register.importers.grant import grant_row
from services.grants.register.importers.rows import OpenedFile, ParsedRow, UnreadableFile
from services.grants.register.importers.schema import grant_schema, resolve, title_path

Column = tuple[tuple, str] | None  # (path in the grant, the leaf's JSON type), or None when ignored


def open_flat(stream: BinaryIO) -> OpenedFile:
    lines = csvtext.scan(stream)
    cells = csvtext.rows(stream)
    header = csvtext.header_of(cells)
    columns = [column_of(title) for title in header]
    if not any(column and column[0] == ("id",) for column in columns):
        raise UnreadableFile('This 360Giving CSV has no "Identifier" column: each grant needs its id')
    ignored = [title for title, column in zip(header, columns, strict=True) if column is None]
    labels = {column[0]: title for title, column in zip(header, columns, strict=True) if column}

    def label(path: tuple) -> str:
        return labels.get(path) or title_path(path)

    def parsed() -> Iterator[ParsedRow]:
        for number, row in enumerate(cells, start=2):
            if isinstance(row, csvtext.TooLong):
                yield row.refused(number)
            elif not csvtext.is_blank(row):
                yield grant_row(number, unflatten(columns, row), label)

    return OpenedFile("360giving-csv", parsed(), length=max(lines - 1, 0), ignored_columns=ignored)


def column_of(title: str) -> Column:
    segments = [s.strip() for s in (title.split("/") if "/" in title else title.split(":"))]
    return _walk(grant_schema(), segments)


def _walk(node: dict, segments: list[str]) -> Column:
    if not segments:
        kinds = node.get("type", "string")
        return (), (kinds[0] if isinstance(kinds, list) else kinds)
    wanted = segments[0].lower()
    for name, child in node.get("properties", {}).items():
        child = resolve(child)
        if wanted not in (name.lower(), str(child.get("title", "")).lower()):
            continue
        rest = segments[1:]
        if child.get("type") != "array":
            found = _walk(child, rest)
            return ((name, *found[0]), found[1]) if found else None
        index = int(rest.pop(0)) if rest and rest[0].isdigit() else 0
        found = _walk(resolve(child.get("items", {})), rest)
        return ((name, index, *found[0]), found[1]) if found else None
    return None


def unflatten(columns: list[Column], row: list[str]) -> dict:
    grant: dict = {}
    for column, cell in zip(columns, row, strict=False):
        if column is not None and cell.strip():
            _put(grant, column[0], _typed(cell.strip(), column[1]))
    return _compact(grant)


def _typed(text: str, kind: str) -> object:
    """Numbers as Decimal; text the schema would refuse as a number is left as text, for it to refuse."""
    if kind != "number":
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _put(node: object, path: tuple, value: object) -> None:
    """Set `value` at `path`, making the objects and lists on the way; a cell that clashes is dropped."""
    for segment, following in zip(path, path[1:], strict=False):
        if isinstance(segment, int) and isinstance(node, list):  # the schema has no lists of lists
            node.extend({} for _ in range(segment + 1 - len(node)))
            node = node[segment]
        elif isinstance(segment, str) and isinstance(node, dict):
            node = node.setdefault(segment, [] if isinstance(following, int) else {})
        else:
            return
    last = path[-1]
    if isinstance(last, int) and isinstance(node, list):
        node.extend(None for _ in range(last + 1 - len(node)))
        node[last] = value
    elif isinstance(last, str) and isinstance(node, dict):
        node[last] = value


def _compact(value: object) -> object:
    """Drop the empty objects left where a row skipped an index ("Location:1:…" without "Location:0:…")."""
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_compact(item) for item in value if item not in ({}, None)]
    return value
