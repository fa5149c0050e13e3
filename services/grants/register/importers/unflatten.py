"""A 360Giving CSV row as a grant object: each cell put at its column's path (recipientOrganization/0/id).

A file's columns are read once into a plan of the grant's shape; each row is then built by walking the plan, with
no path taken apart per cell (taking them apart per cell was a fifth of an import's time). Where the plan cannot
say what a row means, because one column's path leads into another's value or two columns share a path, each
row is built cell by cell as before (`unflatten_cells`), which keeps the last of clashing cells as it always
has. tests/register/test_unflatten.py holds the two to the same grants.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial

Column = tuple[tuple, str] | None  # (path in the grant, the leaf's JSON type), or None when ignored
Build = Callable[[list[str]], object]  # a row's value at one place in the grant; None where it has none


def unflattener(columns: list[Column]) -> Callable[[list[str]], dict]:
    """How to build each row's grant from these columns."""
    tree: dict = {}
    for number, column in enumerate(columns):
        if column is None:
            continue
        *way, last = column[0] or (None,)
        node = tree
        for segment in way:
            node = node.setdefault(segment, {})
            if not isinstance(node, dict):  # this path leads into another column's value
                return partial(unflatten_cells, columns)
        if last is None or last in node:  # no path at all, or another column's path already
            return partial(unflatten_cells, columns)
        node[last] = (number, column[1])
    if not _planned(tree):
        return partial(unflatten_cells, columns)
    build = _plan(tree)
    return lambda row: build(row) or {}


def _planned(node: dict | tuple) -> bool:
    """Whether each object in the tree is a list's items (int keys) or an object's fields (str keys), not both."""
    if isinstance(node, tuple):
        return True
    kinds = {isinstance(key, int) for key in node}
    return len(kinds) == 1 and all(_planned(child) for child in node.values())


def _plan(node: dict | tuple) -> Build:
    if isinstance(node, tuple):
        return _leaf(*node)
    parts = [(key, _plan(child)) for key, child in node.items()]
    if isinstance(next(iter(node)), int):  # a list: its items in order, the empty ones left out
        parts.sort(key=lambda part: part[0])
        builds = [build for _, build in parts]
        return lambda row: [value for build in builds if (value := build(row)) is not None] or None
    return lambda row: {key: value for key, build in parts if (value := build(row)) is not None} or None


def _leaf(number: int, kind: str) -> Build:
    def build(row: list[str]) -> object:
        cell = row[number].strip() if number < len(row) else ""
        return typed(cell, kind) if cell else None

    return build


def typed(text: str, kind: str) -> object:
    """Numbers as Decimal; text the schema would refuse as a number is left as text, for it to refuse."""
    if kind != "number":
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def unflatten_cells(columns: list[Column], row: list[str]) -> dict:
    """The grant built cell by cell, each put at its path; any columns at all."""
    grant: dict = {}
    for column, cell in zip(columns, row, strict=False):
        if column is not None and cell.strip():
            _put(grant, column[0], typed(cell.strip(), column[1]))
    return _compact(grant)


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
