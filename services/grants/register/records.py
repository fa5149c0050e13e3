"""Finding records in the funding register, and hiding them: confidential records are for the OPCC only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grants.audit import audit
from services.grants.register.model import RegisterRecord
from services.grants.register.places import COUNTY_WIDE
from services.grants.register.search import query_words
from shared.auth.principal import Principal
from shared.http.problems import DomainProblem


@dataclass
class RecordPage:
    items: list[RegisterRecord]
    total: int
    total_amount_pence: int
    page: int
    page_size: int


def search_records(session: Session, principal: Principal, criteria: dict) -> RecordPage:
    """Records matching every criterion given; confidential ones only for the OPCC, in lists and totals alike."""
    where = [*_visible_to(principal), *_matching(criteria)]
    total, amount = session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(RegisterRecord.amount_pence), 0)).where(*where)
    ).one()
    page, size = criteria.get("page", 1), criteria.get("page_size", 20)
    newest = sa.func.coalesce(RegisterRecord.award_date, RegisterRecord.starts_on)
    query = (
        sa.select(RegisterRecord)
        .where(*where)
        .order_by(newest.is_(None), newest.desc(), RegisterRecord.title, RegisterRecord.id)
        .limit(size)
        .offset((page - 1) * size)
    )
    return RecordPage(list(session.scalars(query)), total, int(amount), page, size)


def _visible_to(principal: Principal) -> list:
    return [] if principal.is_opcc else [RegisterRecord.confidential.is_(False)]


def _matching(criteria: dict) -> Iterator:
    for word in query_words(criteria.get("q") or ""):
        yield RegisterRecord.search_text.contains(f" {word}", autoescape=True)
    if criteria.get("csp"):
        # Funding for the whole county, with no CSP of its own, is spent in every CSP: each sees it as its own.
        county_wide = sa.and_(
            RegisterRecord.places_text.contains(f";{COUNTY_WIDE};"), ~RegisterRecord.places_text.contains(";CSP:")
        )
        yield sa.or_(RegisterRecord.places_text.contains(f";CSP:{criteria['csp']};", autoescape=True), county_wide)
    for name, column in (("funder", RegisterRecord.funder_name), ("programme", RegisterRecord.programme)):
        if criteria.get(name):
            yield sa.func.lower(column).contains(criteria[name].lower(), autoescape=True)


def get_record(session: Session, principal: Principal, record_id: str) -> RegisterRecord:
    record = session.get(RegisterRecord, record_id)
    # A confidential record is not found, rather than forbidden, so its existence is not given away either.
    if record is None or (record.confidential and not principal.is_opcc):
        raise DomainProblem("There is no register record with that id", status=404, kind="not-found")
    return record


def mark_confidential(session: Session, principal: Principal, record_id: str, confidential: bool) -> RegisterRecord:
    record = get_record(session, principal, record_id)
    if record.confidential != confidential:
        changes = {"confidential": {"before": record.confidential, "after": confidential}}
        record.confidential = confidential
        audit.record(session, "register_record.changed", "register_record", record.id, csp_id=None, changes=changes)
    return record
