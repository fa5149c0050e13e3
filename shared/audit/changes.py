"""What changed, as `{field: {"before": old, "after": new}}` with values JSON can hold."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> Any:
    """`value` as JSON holds it: dates and times in ISO 8601, Decimal as text, collections as lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return value if isinstance(value, _SCALARS) else str(value)


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of `obj` as plain values, to compare with a later snapshot."""
    return {name: plain(getattr(obj, name, None)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Only the fields whose value changed, each with its value before and after."""
    names = list(after) + [name for name in before if name not in after]
    changed = {}
    for name in names:
        old, new = plain(before.get(name)), plain(after.get(name))
        if old != new:
            changed[name] = {"before": old, "after": new}
    return changed


def created(after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields a new entity was given (None before)."""
    return diff({}, after)
