"""A 360Giving CSV: flattened column titles ("Recipient Org:Identifier") unflattened into grant objects.

Titles come from the official schema, as 360Giving's flatten-tool makes them: "Beneficiary Location:1:Geographic
Code" is the second location; without an index, the first. JSON paths ("recipientOrganization/0/id") work too.
Columns the schema does not know are ignored and listed in the report, as 360Giving's own tools do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from services.grants.register.importers import csvtext
from services.grants.register.importers.grant import grant_row
from services.grants.register.importers.rows import OpenedFile, ParsedRow, UnreadableFile
from services.grants.register.importers.schema import grant_schema, resolve, title_path
from services.grants.register.importers.unflatten import Column, unflattener


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

    unflatten = unflattener(columns)

    def parsed() -> Iterator[ParsedRow]:
        for number, row in enumerate(cells, start=2):
            if isinstance(row, csvtext.TooLong):
                yield row.refused(number)
            elif not csvtext.is_blank(row):
                yield grant_row(number, unflatten(row), label)

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
