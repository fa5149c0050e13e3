"""SaferGrants' own awards as a 360Giving data package: transparency, and other funders' duplicate checks.

The register record of an award says what was awarded, when and where (award_records.py); its review item
adds the round, the CSP and the conditions. Grant ids start with our 360Giving prefix (THREESIXTY_PREFIX),
which must be one 360Giving registered for the OPCC: an unregistered prefix makes the ids clash with
another publisher's. CSPs have no charity or company number, so each is named by an id under our prefix.

Every package is checked against the vendored 360Giving package schema before it leaves: one that fails is
a bug here (InvalidExport), never the user's doing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grants.award_records import FUNDER, SOURCE
from services.grants.handlers import get_round, read_round
from services.grants.models import FundingRound, ReviewItem
from services.grants.register.importers.schema import package_validator
from services.grants.register.model import RegisterRecord
from shared.auth.principal import Principal
from shared.clock import today
from shared.config import Settings
from shared.http.problems import DomainProblem
from shared.reference import DISTRICTS

# The version of the 360Giving standard the vendored schema is (major.minor, as the package schema asks).
STANDARD_VERSION = "1.4"
# 360Giving's geoCodeType codelist has no "local authority district": it names the ONS entity instead.
# Ours are unitary authorities (E06: Leicester, Rutland) and non-metropolitan districts (E07).
_GEO_CODE_TYPE = {"E06": "UA", "E07": "NMD"}


class InvalidExport(RuntimeError):
    """The package built does not follow the 360Giving schema: a bug in this module, never bad input."""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the package, as 360Giving identifies them."""

    prefix: str
    funder_org_id: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Publisher:
        return cls(settings.threesixty_prefix, settings.threesixty_funder_org_id)


def export_awards(
    session: Session, publisher: Publisher, round_id: str | None = None, reader: Principal | None = None
) -> dict:
    """Every public SaferGrants award (in one round, if given) as a valid 360Giving package.

    `reader` is who asked over the API, to whom a draft round does not exist; the command line (None) sees all.
    """
    if not publisher.prefix:  # production has no default: ids under a prefix 360Giving never gave us mislead
        raise DomainProblem(
            "Set THREESIXTY_PREFIX to the prefix 360Giving registered for the OPCC before publishing awards",
            status=409,
            kind="no-360giving-prefix",
        )
    funding_round = _round(session, round_id, reader) if round_id else None
    awards = _awards(session, round_id)
    if not awards:
        where = "in this funding round " if funding_round else ""
        raise DomainProblem(
            f"There are no awards {where}to publish yet: a 360Giving file must hold at least one grant",
            status=409,
            kind="no-awards",
        )
    package = _envelope(publisher, funding_round) | {"grants": [grant_of(r, i, publisher) for r, i in awards]}
    _require_valid(package)
    return package


def _round(session: Session, round_id: str, reader: Principal | None) -> FundingRound:
    return read_round(session, reader, round_id) if reader else get_round(session, round_id)


def export_filename() -> str:
    return f"safergrants-awards-{today().isoformat()}.json"


def package_json(package: dict) -> str:
    """The file's text, the same from the API and the CLI: UTF-8 names as they are, indented for people."""
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def _awards(session: Session, round_id: str | None) -> list[tuple[RegisterRecord, ReviewItem]]:
    # The item's status as well as the record: only an award that still stands is published.
    query = (
        sa.select(RegisterRecord, ReviewItem)
        .join(ReviewItem, ReviewItem.bid_id == RegisterRecord.source_id)
        .where(
            RegisterRecord.source == SOURCE,
            RegisterRecord.confidential.is_(False),  # a publication: left out even when the OPCC asks
            ReviewItem.status == "awarded",
        )
        .order_by(ReviewItem.status_changed_at, RegisterRecord.source_id)  # in the order they were decided
    )
    if round_id:
        query = query.where(ReviewItem.round_id == round_id)
    return [(record, item) for record, item in session.execute(query)]


def _envelope(publisher: Publisher, funding_round: FundingRound | None) -> dict:
    issued = today().isoformat()
    scope = f" in {funding_round.name}" if funding_round else ""
    return {
        "version": STANDARD_VERSION,
        "title": f"Community safety grants awarded{scope} by the {FUNDER}, {issued}",
        "description": (
            f"Grants awarded{scope} to Community Safety Partnerships in Leicester, Leicestershire and Rutland, "
            "published from SaferGrants."
        ),
        "identifier": f"{publisher.prefix}-awards-{issued}" + (f"-{funding_round.id}" if funding_round else ""),
        "issued": issued,
        "publisher": {"identifier": publisher.funder_org_id, "name": FUNDER},
    }


def grant_of(record: RegisterRecord, item: ReviewItem, publisher: Publisher) -> dict:
    """One award as a 360Giving grant; optional fields only when known (the schema refuses nulls in most)."""
    return {
        "id": f"{publisher.prefix}-{record.source_id}",
        "title": record.title,
        "description": _description(record, item),
        "currency": "GBP",
        "amountAppliedFor": pounds_number(item.amount_requested_pence),
        "amountAwarded": pounds_number(record.amount_pence),
        "awardDate": record.award_date.isoformat(),
        **_planned_dates(record),
        "recipientOrganization": [{"id": f"{publisher.prefix}-csp-{item.csp_id}", "name": record.recipient_name}],
        "fundingOrganization": [{"id": publisher.funder_org_id, "name": FUNDER}],
        "grantProgramme": [{"code": item.round_id, "title": item.round_name or record.programme}],
        "beneficiaryLocation": _locations(record.places),
        "dateModified": record.imported_at.isoformat(),
    }


def _planned_dates(record: RegisterRecord) -> dict:
    planned = {"startDate": record.starts_on, "endDate": record.ends_on}
    if not any(planned.values()):
        return {}
    return {"plannedDates": [{name: day.isoformat() for name, day in planned.items() if day}]}


def pounds_number(pence: int) -> int | float:
    """Integer pence as the JSON number of pounds 360Giving wants: 900000 → 9000, 1234567 → 12345.67.

    A float only when there are pence, and then exact as written: Python writes a float as the shortest
    text that reads back as it, which is the two-place decimal itself for any amount under £10 trillion.
    """
    pounds = Decimal(pence) / 100
    if pounds == pounds.to_integral_value():
        return int(pounds)
    number = float(pounds)
    if Decimal(repr(number)) != pounds:
        raise InvalidExport(f"{pence} pence cannot be written exactly as a JSON number")
    return number


def _description(record: RegisterRecord, item: ReviewItem) -> str:
    # 360Giving has no field for the delivery provider or the conditions: the description carries them, so
    # they read the same in every tool (and in the 360Giving CSV), where an extra field would often be lost.
    parts = [record.description or record.title]
    if record.provider_name:
        parts.append(f"Delivered by {record.provider_name}.")
    conditions = [c for c in item.award_conditions or [] if c]
    if conditions:
        parts.append("Conditions of the award:\n" + "\n".join(f"- {c}" for c in conditions))
    return "\n\n".join(parts)


def _locations(places: list[str]) -> list[dict]:
    codes = [place.removeprefix("LAD:") for place in places if place.startswith("LAD:")]
    return [
        {
            "name": DISTRICTS[code][0] if code in DISTRICTS else code,
            "geoCode": code,
            "geoCodeType": _GEO_CODE_TYPE[code[:3]],
            "countryCode": "GB",
        }
        for code in sorted(codes)
        if code[:3] in _GEO_CODE_TYPE
    ]


def _require_valid(package: dict) -> None:
    errors = sorted(package_validator().iter_errors(package), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        where = "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5])
        raise InvalidExport(f"The 360Giving export does not follow the package schema ({where})")
