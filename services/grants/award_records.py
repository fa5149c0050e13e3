"""SaferGrants' own awards in the funding register, beside every other funder's records.

The register is where a CSP officer looks for what is already funded, so an award made here belongs in
it from the moment it is decided, as the 360Giving data of other funders does. Each award becomes a
record with source "safergrants-award" (imports.AWARDS_SOURCE, a name no import may use) and the bid's
id; a decision is final, so it is written once.

The duplicate check does not match bids against these records (live_index.py): the awarded bid itself
is matched, as a bid with its full content and status "awarded", and the same money found twice would
read as two overlaps.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grants.models import ReviewItem
from services.grants.register.imports import AWARDS_SOURCE as SOURCE
from services.grants.register.model import RegisterRecord
from services.grants.register.places import completed
from shared.reference import CSP_BY_ID

FUNDER = "Office of the Police and Crime Commissioner for Leicestershire"


def _of(session: Session, bid_id: str) -> RegisterRecord | None:
    query = sa.select(RegisterRecord).where(RegisterRecord.source == SOURCE, RegisterRecord.source_id == bid_id)
    return session.scalar(query)


def drop_award(session: Session, bid_id: str) -> str | None:
    """Take an award that did not stand (its bid was withdrawn as it was decided) out of the register;
    the id of the record removed, if there was one."""
    record = _of(session, bid_id)
    if record is None:
        return None
    session.delete(record)
    return record.id


def record_award(session: Session, item: ReviewItem) -> RegisterRecord:
    """The register record of an awarded bid (review item), added in the decision's transaction.

    The decision's audit event names the record (its source_id is the bid), so one event tells the story.
    """
    found = _of(session, item.bid_id)
    if found is not None:
        return found
    csp = CSP_BY_ID[item.csp_id].name if item.csp_id in CSP_BY_ID else item.csp_id
    fields = {
        "funder_name": FUNDER,
        "funder_org_id": "",
        "programme": item.round_name,
        "recipient_name": f"{csp} Community Safety Partnership",
        "recipient_org_id": "",
        "provider_name": item.delivery_provider_name,
        "provider_org_id": item.provider_org_id,
        "title": item.title,
        "description": item.summary,
        "amount_pence": item.amount_awarded_pence,
        "award_date": item.status_changed_at.date(),
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "places": completed([f"CSP:{item.csp_id}"]),
        "status": "awarded",
    }
    values = RegisterRecord.import_values(None, fields, batch_id=str(uuid.uuid4()))
    record = RegisterRecord(source=SOURCE, source_id=item.bid_id, **values)
    session.add(record)
    session.flush()
    return record
