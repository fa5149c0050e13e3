"""The local register template: funding the OPCC knows of that nobody publishes as 360Giving data.

See register_data/local-register-template.csv. Lists in a cell (several CSPs, districts or wards) are
separated by semicolons; "all" in the csp column means the whole county (the police force area).
"""

from __future__ import annotations

import re
from datetime import date
from typing import BinaryIO

from services.grants.register import places
from services.grants.register.importers import csvtext
from services.grants.register.importers.rows import (
    MOST_PENCE,
    OpenedFile,
    ParsedRow,
    Problem,
    UnreadableFile,
    blank_fields,
    checked_row,
)
from services.grants.register.model import STATUSES
from shared.money import AmountTooLarge, NegativeAmount, amount_for_people, pence_of_text

TEXT_COLUMNS = {
    "funder": "funder_name",
    "funder_org_id": "funder_org_id",
    "programme": "programme",
    "recipient_name": "recipient_name",
    "recipient_org_id": "recipient_org_id",
    "provider_name": "provider_name",
    "provider_org_id": "provider_org_id",
    "title": "title",
    "description": "description",
}
COLUMNS = (*TEXT_COLUMNS, "id", "amount", "award_date", "start_date", "end_date")
COLUMNS += ("csp", "district", "wards", "status", "confidential")
REQUIRED_COLUMNS = ("id", "funder", "title", "amount")
_COLUMN_OF = {v: k for k, v in TEXT_COLUMNS.items()} | {"source_id": "id", "starts_on": "start_date"}
_COLUMN_OF |= {"ends_on": "end_date", "places": "csp"}
_AMOUNT_PROBLEMS = {
    NegativeAmount: "Enter an amount of £0 or more",
    AmountTooLarge: f"Enter an amount of {amount_for_people(MOST_PENCE)} or less",
}
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_PLACE_COLUMNS = {
    "csp": (places.csp_place, "Enter the CSP's id or name, like melton or Oadby and Wigston, or all for the county"),
    "district": (places.district_place, "Enter the district's name or code, like Melton or E07000133"),
    "wards": (places.ward_place, "Enter ward codes like E05005321, separated by semicolons"),
}
_ANSWERS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


def open_local(stream: BinaryIO) -> OpenedFile:
    lines = csvtext.scan(stream)
    cells = csvtext.rows(stream)
    header = [re.sub(r"[\s-]+", "_", title.lower()) for title in csvtext.header_of(cells)]
    _check(header)

    def parsed():
        for number, row in enumerate(cells, start=2):
            if isinstance(row, csvtext.TooLong):
                yield row.refused(number)
            elif not csvtext.is_blank(row):
                yield parse_row(number, header, row)

    return OpenedFile("local-csv", parsed(), length=max(lines - 1, 0))


def _check(header: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if missing or unknown or repeated:
        found = [f"add the columns {', '.join(missing)}"] if missing else []
        found += [f"remove or rename {', '.join(unknown)}"] if unknown else []
        found += [f"keep one column each of {', '.join(repeated)}"] if repeated else []
        raise UnreadableFile(f"The header does not match the local register template: {'; '.join(found)}")


def parse_row(number: int, header: list[str], row: list[str]) -> ParsedRow:
    problems: list[Problem] = []
    if any(cell.strip() for cell in row[len(header) :]):
        problems.append(Problem("", "This row has more cells than there are columns: put text with commas in quotes"))
    cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
    fields = blank_fields() | {name: cells.get(column, "") for column, name in TEXT_COLUMNS.items()}
    fields["amount_pence"] = _amount(cells.get("amount", ""), problems)
    fields["award_date"] = _date(cells, "award_date", "award date", problems)
    fields["starts_on"] = _date(cells, "start_date", "start date", problems)
    fields["ends_on"] = _date(cells, "end_date", "end date", problems)
    fields["places"] = _places(cells, problems)
    fields["status"] = cells.get("status", "").lower() or "awarded"
    if fields["status"] not in STATUSES:
        problems.append(Problem("status", "Enter the status as awarded, indicative or contracted"))
    fields["confidential"] = _ANSWERS.get(cells.get("confidential", "").lower() or "no")
    if fields["confidential"] is None:
        problems.append(Problem("confidential", "Enter yes or no for confidential, or leave it blank for no"))
    return checked_row(number, cells.get("id", ""), fields, lambda name: _COLUMN_OF.get(name, name), problems)


def _amount(text: str, problems: list[Problem]) -> int | None:
    """The same reading as the API's (shared.money): "£150,000.50" is fine, "150,00" is refused, not £15,000."""
    try:
        return pence_of_text(text, MOST_PENCE)
    except ValueError as error:
        problems.append(Problem("amount", _AMOUNT_PROBLEMS.get(type(error), "Enter the amount in pounds, like 300000")))
        return None


def _date(cells: dict, column: str, words: str, problems: list[Problem]) -> date | None:
    text = cells.get(column, "")
    if not text:
        return None
    try:
        uk = _UK_DATE.fullmatch(text)
        return date(int(uk[3]), int(uk[2]), int(uk[1])) if uk else date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(column, f"Enter the {words} as a real date, like 2024-04-01 or 01/04/2024"))
        return None


def _places(cells: dict, problems: list[Problem]) -> list[str]:
    found = []
    for column, (place_of, message) in _PLACE_COLUMNS.items():
        for text in _items(cells.get(column, "")):
            place = place_of(text)
            found += [place] if place else []
            problems += [] if place else [Problem(column, message)]
    return places.completed(found)


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]
