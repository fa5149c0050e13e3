"""One 360Giving grant, from a JSON package or an unflattened CSV row, as a register record's fields."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from services.grants.register import places
from services.grants.register.importers.rows import ParsedRow, Problem, blank_fields, checked_row, pence_of
from services.grants.register.importers.schema import geo_code_types, grant_errors
from services.grants.register.importers.schema_errors import Label, problems_of

_CODELIST = "360Giving geoCodeType codelist"
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
# Where each of our fields comes from in a grant, so a problem names the file's own field.
PATHS = {
    "source_id": ("id",),
    "funder_name": ("fundingOrganization", 0, "name"),
    "funder_org_id": ("fundingOrganization", 0, "id"),
    "programme": ("grantProgramme", 0, "title"),
    "recipient_name": ("recipientOrganization", 0, "name"),
    "recipient_org_id": ("recipientOrganization", 0, "id"),
    "title": ("title",),
    "description": ("description",),
    "places": ("beneficiaryLocation",),
    "starts_on": ("plannedDates", 0, "startDate"),
    "ends_on": ("plannedDates", 0, "endDate"),
}


def grant_row(number: int, grant: object, label: Label) -> ParsedRow:
    """Validate one grant against the official schema, then take what the register keeps from it."""
    source_id = grant.get("id") if isinstance(grant, dict) else None
    source_id = source_id.strip() if isinstance(source_id, str) else ""
    errors = grant_errors(grant)
    if errors:
        return ParsedRow(number, source_id, problems=problems_of(errors, label))
    problems = _unknown_geo_code_types(grant, label)
    fields = _fields(grant, label, problems)
    return checked_row(number, source_id, fields, lambda name: label(PATHS.get(name, (name,))), problems)


def _fields(grant: dict, label: Label, problems: list[Problem]) -> dict:
    fields = blank_fields()
    funder = grant["fundingOrganization"][0]
    programme = (grant.get("grantProgramme") or [{}])[0]
    recipient = (grant.get("recipientOrganization") or [grant.get("recipientIndividual")])[0]
    fields.update(
        funder_name=funder["name"],
        funder_org_id=funder["id"],
        programme=programme.get("title") or programme.get("code") or "",
        recipient_name=recipient["name"],
        recipient_org_id=recipient["id"] if grant.get("recipientOrganization") else "",
        title=grant["title"],
        description=grant["description"],
        places=places.completed(_places(grant)),
    )
    if grant["currency"] != "GBP":
        message = f"Only grants in pounds (GBP) can be imported: this one is in {grant['currency']}"
        problems.append(Problem(label(("currency",)), message))
    fields["amount_pence"] = _pence(grant["amountAwarded"])
    if fields["amount_pence"] is None:
        problems.append(Problem(label(("amountAwarded",)), "Enter the amount in pounds and pence, £0 or more"))
    fields["award_date"] = _date_or_problem(grant, ("awardDate",), label, problems)
    if grant.get("plannedDates"):
        fields["starts_on"] = _date_or_problem(grant, PATHS["starts_on"], label, problems)
        fields["ends_on"] = _date_or_problem(grant, PATHS["ends_on"], label, problems, end=True)
        duration = grant["plannedDates"][0].get("duration")
        if fields["starts_on"] and not fields["ends_on"] and duration:
            fields["ends_on"] = _end_after(fields["starts_on"], duration, label, problems)
    return fields


def _end_after(start: date, months, label: Label, problems: list[Problem]) -> date | None:
    try:
        return add_months(start, int(months)) - timedelta(days=1)
    except (ValueError, OverflowError):
        problems.append(Problem(label(("plannedDates", 0, "duration")), "Enter a duration of up to 1,000 years"))
        return None


def _places(grant: dict) -> list[str]:
    found = (places.from_geo_code(loc.get("geoCodeType"), loc.get("geoCode")) for _, loc in _locations(grant))
    return [code for codes in found for code in codes]


def _unknown_geo_code_types(grant: dict, label: Label) -> list[Problem]:
    """The schema takes any text as a geoCodeType; one not on the codelist would make its geoCode a place of a
    kind nobody else uses ("BOGUS:E07000133"), which no duplicate check would ever match."""
    names = [label((*path, "geoCodeType")) for path, location in _locations(grant) if _unknown(location)]
    return [Problem(name, f"Enter the {name} as a code from the {_CODELIST}, like NMD, UA or WD") for name in names]


def _unknown(location: dict) -> bool:
    kind = (location.get("geoCodeType") or "").strip().upper()
    return bool(kind) and kind not in geo_code_types() and kind not in places.GEO_CODE_TYPES_OFF_THE_CODELIST


def _locations(grant: dict) -> Iterator[tuple[tuple, dict]]:
    """Each location with its path in the grant: the beneficiaries', then each recipient organisation's."""
    for n, location in enumerate(grant.get("beneficiaryLocation") or []):
        yield ("beneficiaryLocation", n), location
    for m, organisation in enumerate(grant.get("recipientOrganization") or []):
        for n, location in enumerate(organisation.get("location") or []):
            yield ("recipientOrganization", m, "location", n), location


def _pence(amount) -> int | None:
    try:
        return pence_of(Decimal(str(amount)))
    except InvalidOperation:
        return None


def _date_or_problem(grant: dict, path: tuple, label: Label, problems: list[Problem], end: bool = False) -> date | None:
    value: object = grant
    for segment in path:
        value = value.get(segment) if isinstance(value, dict) else value[segment]
    if value is None:
        return None
    try:
        return parse_date(value, end=end)
    except ValueError:
        problems.append(Problem(label(path), f"Enter the {label(path)} as a real date, like 2024-04-01"))
        return None


def parse_date(text: str, end: bool = False) -> date:
    """A 360Giving date: a date-time, a date, or a year or month (its first day, or its last when `end`)."""
    text = text.strip()
    partial = _PARTIAL_DATE.fullmatch(text)
    if partial:
        year, month = int(partial[1]), int(partial[2] or (12 if end else 1))
        return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    if "T" in text:
        return datetime.fromisoformat(text).date()
    return date.fromisoformat(text)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
