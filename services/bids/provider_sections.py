"""The provider sections of a bid: what an invited delivery provider may write, and nothing else.

A provider knows its own organisation (name, type, registration numbers), the outcomes it will deliver
with their measures and targets, and the risks of delivering them with how it will manage each. The
rest — title, summary, need, priorities, places, dates, budget and funding declared — is the CSP's
request to the OPCC and stays the CSP's to write. Changes follow the draft's rules: only while the
bid is editable, and only with the ETag of the bid as last loaded (If-Match).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.bids import inviting
from services.bids.audit import audit
from services.bids.drafts import etag, flush_or_refuse, record_draft_saved
from services.bids.handlers import get_bid
from services.bids.models import Bid
from services.bids.reuse import PROVIDER_DETAILS
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.http.preconditions import require_match
from shared.messaging.outbox import Outbox

PROVIDER_SECTIONS = (*PROVIDER_DETAILS, "outcomes", "risks")


def change_provider_sections(
    session: Session, outbox: Outbox, principal: Principal, bid_id: str, fields: dict, based_on: frozenset[str] | None
) -> Bid:
    bid = get_bid(session, principal, bid_id)
    require_match(based_on, etag(bid))
    before = snapshot(bid, PROVIDER_SECTIONS)
    bid.change({name: value for name, value in fields.items() if name in PROVIDER_SECTIONS})
    changes = diff(before, snapshot(bid, PROVIDER_SECTIONS))
    audit.record(session, "bid.provider_sections_changed", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    record_draft_saved(session, outbox, bid)
    inviting.note_use(session, principal, bid.id)
    flush_or_refuse(session)
    return bid
