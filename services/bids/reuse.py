"""A new draft starts with the delivery provider the CSP named last time: re-use, not re-type."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.bids.models import Bid

# What a CSP tells us about the organisation delivering a project: the same from one bid to the next.
PROVIDER_DETAILS = (
    "delivery_provider_name",
    "provider_type",
    "charity_number",
    "company_number",
    "local_authority_code",
)


def provider_from_last_bid(session: Session, fields: dict) -> tuple[dict, dict | None]:
    """For a new draft that names no provider: the provider of the CSP's most recent bid that named one.

    Returns the fields to start the draft with, and where the provider came from (None: from nowhere).
    The query is scoped to the officer's CSP, so another CSP's provider is never offered.
    """
    if any(fields.get(name) for name in PROVIDER_DETAILS):
        return fields, None
    # A deleted draft may have been a mistake, provider and all: it is not offered again.
    named = sa.select(Bid).where(Bid.delivery_provider_name != "", Bid.status != Bid.DELETED)
    query = named.order_by(Bid.created_at.desc(), Bid.id).limit(1)
    last = session.scalars(query).first()
    if last is None:
        return fields, None
    details = {name: getattr(last, name) for name in PROVIDER_DETAILS if getattr(last, name)}
    return fields | details, {"bid_id": last.id, "fields": list(details)}
