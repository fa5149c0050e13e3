"""What a bid says, as values with rules: provider identifiers, postcodes, financial years, budget sums.

Formats are checked where a person types them (schemas); completeness is judged later (checklist.py),
so a draft can be saved a little at a time and never loses what was typed.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

PROVIDER_TYPES = {
    "charity": "Charity",
    "company": "Company",
    "local_authority": "Local authority",
    "other": "Other",
}
FUNDING_STATUSES = ("applied", "awarded")

# Charity Commission for England and Wales: 6 or 7 digits, and "-N" for a linked (subsidiary) charity.
CHARITY_NUMBER = re.compile(r"[0-9]{6,7}(-[0-9]{1,2})?")
# Companies House: 8 characters, all digits or a 2-letter prefix (SC, NI, OC, CE...) and 6 digits.
COMPANY_NUMBER = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")
# ONS GSS codes of local authorities: unitary, district, metropolitan, London borough, county; Wales,
# Scotland, Northern Ireland.
LOCAL_AUTHORITY_CODE = re.compile(r"(E0[6-9]|E10|W06|S12|N09)[0-9]{6}")
POSTCODE = re.compile(r"(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})")
WARD_CODE = re.compile(r"[EWSN]05[0-9]{6}")
FINANCIAL_YEAR = re.compile(r"([0-9]{4})-([0-9]{2})")

MESSAGES = {
    "charity_number": "Enter a registered charity number in the correct format, like 1123456 or 1123456-1",
    "company_number": "Enter a company registration number in the correct format, like 01234567 or SC123456",
    "local_authority_code": "Enter a local authority code in the correct format, like E07000133",
    "postcode": "Enter a full UK postcode, like LE13 0PB",
    "financial_year": "Enter financial years like 2026-27",
}


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def normal_postcode(text: str) -> str | None:
    """'le130pb' -> 'LE13 0PB'; None if it is not a full UK postcode."""
    found = compact(text)
    return f"{found[:-3]} {found[-3:]}" if POSTCODE.fullmatch(found) else None


def normal_ward(text: str) -> str:
    """A ward's ONS code in capitals (E05005321), or its name as typed."""
    stripped = " ".join(text.split())
    return stripped.upper() if WARD_CODE.fullmatch(stripped.upper()) else stripped


def is_financial_year(text: str) -> bool:
    found = FINANCIAL_YEAR.fullmatch(text)
    return bool(found) and (int(found[1]) + 1) % 100 == int(found[2])


def financial_year_of(day: date) -> str:
    """1 April to 31 March: 15 May 2026 is in "2026-27"."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def financial_years(starts: date, ends: date) -> list[str]:
    first, last = int(financial_year_of(starts)[:4]), int(financial_year_of(ends)[:4])
    return [f"{year}-{(year + 1) % 100:02d}" for year in range(first, last + 1)]


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def fits_in_months(starts: date, ends: date, months: int) -> bool:
    """1 April 2026 to 31 March 2027 is 12 months; to 1 April 2027 it is more."""
    return ends < add_months(starts, months)


def budget_years(lines: list[dict]) -> list[str]:
    """Every financial year any budget line has an amount for, earliest first."""
    return sorted({year for line in lines for year in (line.get("amounts") or {})})


def budget_total(lines: list[dict]) -> int:
    return sum(sum((line.get("amounts") or {}).values()) for line in lines)


def first_year(lines: list[dict]) -> str | None:
    """The year that is asked for firmly; any later year is indicative until the OPCC confirms it."""
    years = budget_years(lines)
    return years[0] if years else None
