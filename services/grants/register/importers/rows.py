"""What every importer yields: one parsed row, either a record's fields or the problems that stop it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

# NUL and lone surrogates no database stores; other control characters break log lines and pages.
_NEVER_STORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
LIMITS = {
    "funder_name": 300,
    "funder_org_id": 100,
    "programme": 300,
    "recipient_name": 300,
    "recipient_org_id": 100,
    "provider_name": 300,
    "provider_org_id": 100,
    "title": 400,
    "description": 20_000,
}
SOURCE_ID_LIMIT = 200
PLACE_LIMIT = 60
MOST_PENCE = 10_000_000_000 * 100  # £10 billion: anything larger is a mistake, and would overflow some columns


class UnreadableFile(Exception):
    """The file as a whole cannot be imported: not a format we know, not UTF-8, columns we do not know."""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class ParsedRow:
    number: int  # the spreadsheet row (the header is row 1) or the grant's position in the package (from 1)
    source_id: str
    fields: dict | None = None
    problems: tuple[Problem, ...] = ()


@dataclass
class OpenedFile:
    format: str
    rows: Iterator[ParsedRow]  # read lazily, row by row
    length: int | None = None  # an estimate, for the progress bar
    ignored_columns: list[str] = field(default_factory=list)


def checked_row(
    number: int, source_id: str, fields: dict, label: Callable[[str], str], problems: Iterable[Problem] = ()
) -> ParsedRow:
    """Add the checks every source shares (text a database can store, within each column's length) to the
    source's own `problems`; the row carries its fields only when there are none."""
    problems = list(dict.fromkeys(problems))
    if not source_id:
        problems.append(Problem(label("source_id"), "Enter an id for this record"))
    elif len(source_id) > SOURCE_ID_LIMIT or _NEVER_STORABLE.search(source_id):
        problems.append(Problem(label("source_id"), f"Use an identifier of up to {SOURCE_ID_LIMIT} plain characters"))
    for name, limit in LIMITS.items():
        value = fields[name]
        if name != "description":
            value = fields[name] = _WHITESPACE.sub(" ", value).strip()
        if _NEVER_STORABLE.search(value):
            problems.append(Problem(label(name), "Remove hidden characters from this text"))
        elif len(value) > limit:
            problems.append(Problem(label(name), f"Shorten this to {limit} characters or fewer"))
    if any(len(place) > PLACE_LIMIT or _NEVER_STORABLE.search(place) for place in fields["places"]):
        problems.append(Problem(label("places"), f"Use place codes of up to {PLACE_LIMIT} plain characters"))
    for name, message in (("funder_name", "Enter the funder's name"), ("title", "Enter a title")):
        if not fields[name] and all(p.field != label(name) for p in problems):
            problems.append(Problem(label(name), message))
    starts_on, ends_on = fields["starts_on"], fields["ends_on"]
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(Problem(label("ends_on"), "The end date must be the same as or after the start date"))
    if problems:
        return ParsedRow(number, source_id, problems=tuple(problems))
    return ParsedRow(number, source_id, fields=fields)


def pence_of(pounds: Decimal) -> int | None:
    """Whole pence from pounds; None when it has fractions of a penny, is negative or is absurdly large."""
    if not pounds.is_finite() or pounds < 0 or pounds != pounds.quantize(Decimal("0.01")):
        return None
    pence = int(pounds * 100)
    return pence if pence <= MOST_PENCE else None


def blank_fields() -> dict:
    return {
        "funder_name": "",
        "funder_org_id": "",
        "programme": "",
        "recipient_name": "",
        "recipient_org_id": "",
        "provider_name": "",
        "provider_org_id": "",
        "title": "",
        "description": "",
        "amount_pence": 0,
        "award_date": None,
        "starts_on": None,
        "ends_on": None,
        "places": [],
        "status": "awarded",
        "confidential": None,
    }
