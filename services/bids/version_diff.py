"""What changed between two submitted versions of a bid, field by field, in words a person reads.

Pure domain code over two content snapshots (`BidVersion.content`): no database, no HTTP. Every field
that differs gives its value before and after and sentences: money in pounds, lists as items added,
removed and changed ("Budget line added: staff, Project officer: 2026-27 £20,000.00"), long text as the
words added and removed.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.http.fields import pence_to_pounds

# Names a person would use, where the field's own name would not read well. Lists use the singular.
LABELS = {
    "amount_requested_pence": "Amount requested",
    "amounts": "Amount",
    "budget_lines": "Budget line",
    "other_funding": "Other funding",
    "match_funding": "Match funding",
    "outcomes": "Outcome",
    "risks": "Risk",
    "starts_on": "Start date",
    "ends_on": "End date",
}
# What names one item of a list across versions, most telling first; items with none are matched by position.
ITEM_KEYS = (
    "id",
    "category",
    "funder",
    "source",
    "description",
    "programme",
    "name",
    "outcome",
    "measure",
    "risk",
    "title",
)
LONG_TEXT = 120  # characters: longer text is described by the words that changed, not quoted whole
_MONEY_NAMES = ("amount", "amounts")


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any
    sentences: list[str] = field(default_factory=list)

    def describe(self) -> dict:
        return {"field": self.field, "label": self.label, "before": self.before, "after": self.after,
                "changes": list(self.sentences)}  # fmt: skip


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """Every field whose value differs, in the order the later version lists them."""
    names = list(after) + [name for name in before if name not in after]
    return [
        FieldChange(
            name, label(name), before.get(name), after.get(name), sentences(name, before.get(name), after.get(name))
        )
        for name in names
        if before.get(name) != after.get(name)
    ]


def label(name: str) -> str:
    return LABELS.get(name) or name.removesuffix("_pence").replace("_", " ").capitalize()


def sentences(name: str, old: Any, new: Any) -> list[str]:
    what = label(name)
    if _lists_of(Mapping, old, new):
        return _records(what, old or [], new or [])
    if _lists_of((str, int, float), old, new):
        return _words(what, old or [], new or [])
    if isinstance(old, Mapping) or isinstance(new, Mapping):
        return [f"{what}: {part}" for part in _parts(old or {}, new or {})]
    return [_change(what, name, old, new)]


def show(name: str, value: Any) -> str:
    """One value as a person reads it: pounds for pence, "nothing" for empty, quotes round text."""
    if _empty(value):
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and (name.endswith("pence") or name in _MONEY_NAMES):
        return pounds(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{key} {show(name, item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(show(name, item) for item in value)
    return f'"{value}"' if isinstance(value, str) else str(value)


def pounds(pence: int) -> str:
    whole, _, part = pence_to_pounds(pence).partition(".")
    return f"£{int(whole):,}.{part}"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _change(what: str, name: str, old: Any, new: Any) -> str:
    if _empty(old):
        return f"{what} added: {show(name, new)}"
    if _empty(new):
        return f"{what} removed (it was {show(name, old)})"
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG_TEXT:
        return f"{what} changed: {_text_edits(old, new)}"
    return f"{what} changed from {show(name, old)} to {show(name, new)}"


def _text_edits(old: str, new: str) -> str:
    before, after = old.split(), new.split()
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        removed, added = " ".join(before[i1:i2]), " ".join(after[j1:j2])
        if op == "replace":
            edits.append(f'"{removed}" became "{added}"')
        elif op == "delete":
            edits.append(f'removed "{removed}"')
        elif op == "insert":
            edits.append(f'added "{added}"')
    return "; ".join(edits) if edits else "spacing only"


def _lists_of(kind, old: Any, new: Any) -> bool:
    present = [value for value in (old, new) if not _empty(value)]
    return (
        bool(present)
        and all(isinstance(value, list) and all(isinstance(item, kind) for item in value) for value in present)
        and all(value is None or isinstance(value, list) for value in (old, new))
    )


def _words(what: str, old: list, new: list) -> list[str]:
    added = [str(item) for item in new if item not in old]
    removed = [str(item) for item in old if item not in new]
    found = [f"{what} added: {', '.join(added)}"] if added else []
    found += [f"{what} removed: {', '.join(removed)}"] if removed else []
    return found or [f"{what} put in a different order"]


def _records(what: str, old: list[Mapping], new: list[Mapping]) -> list[str]:
    key = _item_key(old, new)
    old_by, new_by = _keyed(old, key), _keyed(new, key)
    found = []
    for item_key, item in new_by.items():
        if item_key not in old_by:
            found.append(f"{what} added: {_summary(item)}")
        elif old_by[item_key] != item:
            found += [f"{what} changed ({_name(item)}): {part}" for part in _parts(old_by[item_key], item)]
    found += [f"{what} removed: {_summary(item)}" for item_key, item in old_by.items() if item_key not in new_by]
    return found or [f"{what}s put in a different order"]


def _parts(old: Mapping, new: Mapping) -> list[str]:
    names = list(new) + [name for name in old if name not in new]
    parts = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if isinstance(before, Mapping) or isinstance(after, Mapping):  # amounts per financial year, and the like
            parts += _per_key(name, before or {}, after or {})
        else:
            parts.append(_change(label(name).lower(), name, before, after))
    return parts


def _per_key(name: str, old: Mapping, new: Mapping) -> list[str]:
    keys = list(new) + [key for key in old if key not in new]
    what = label(name).lower()
    return [
        _change(f"{what} for {key}", name, old.get(key), new.get(key)) for key in keys if old.get(key) != new.get(key)
    ]


def _item_key(old: list[Mapping], new: list[Mapping]) -> tuple[str, ...]:
    """The first of ITEM_KEYS (or pair of them) that every item has and that tells apart the items of
    each version; () when none does, and items are matched by position."""
    present = [key for key in ITEM_KEYS if all(key in item for item in old + new)]
    choices = [(key,) for key in present] + [(a, b) for i, a in enumerate(present) for b in present[i + 1 :]]
    for chosen in choices:
        if all(len(_keyed(items, chosen)) == len(items) for items in (old, new)):
            return chosen
    return ()


def _keyed(items: list[Mapping], key: tuple[str, ...]) -> dict[tuple, Mapping]:
    if not key:
        return {(index,): item for index, item in enumerate(items)}
    return {tuple(str(item.get(k)) for k in key): item for item in items}


def _name(item: Mapping) -> str:
    named = [str(item[key]) for key in ITEM_KEYS[1:] if isinstance(item.get(key), str) and item.get(key)]
    return ", ".join(named[:2]) or "an item"


def _summary(item: Mapping) -> str:
    money = [show(name, value) for name, value in item.items() if name.endswith("pence") or name in _MONEY_NAMES]
    return _name(item) + (f": {'; '.join(money)}" if money else "")
