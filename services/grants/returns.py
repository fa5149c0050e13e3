"""After submission: the OPCC returns a bid to its CSP for amendment, or the CSP withdraws it.

A returned bid becomes editable again in bids (`bid.returned`); its resubmission arrives as a later
`bid.submitted`, which replaces the review item and runs the duplicate check again
(`handlers.record_submitted_bid`). A withdrawn bid leaves the queue for good and no longer counts as
possible duplicate funding for other bids.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.grants import award_records
from services.grants.audit import audit
from services.grants.bid_copies import BidCopy
from services.grants.db import messaging
from services.grants.models import FundingRound, ReviewItem
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.clock import utcnow
from shared.config import Settings
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox

STATUS_FIELDS = ("status", "status_reason", "status_changed_at")


def return_for_amendment(
    session: Session, outbox: Outbox, principal: Principal, bid_id: str, reason: str
) -> ReviewItem:
    item = _review(session, bid_id)
    if item.status != "awaiting_review":
        raise DomainProblem(
            f"This bid is {item.status.replace('_', ' ')}: only a bid awaiting review can be returned",
            status=409,
            kind="wrong-state",
        )
    funding_round = session.get(FundingRound, item.round_id)
    if funding_round is not None and funding_round.status == "decided":
        raise DomainProblem(
            "Decisions on this round have been made: a bid can no longer be returned", status=409, kind="wrong-state"
        )
    before = snapshot(item, STATUS_FIELDS)
    _move(item, "returned", reason, utcnow())
    audit.record(
        session,
        "review_item.returned",
        "bid",
        bid_id,
        csp_id=item.csp_id,
        changes=diff(before, snapshot(item, STATUS_FIELDS)),
    )
    payload = {
        "bid_id": bid_id,
        "round_id": item.round_id,
        "csp_id": item.csp_id,
        "title": item.title,
        "reason": item.status_reason,
        "returned_at": item.status_changed_at.isoformat(),
        "returned_by": {
            "user_id": principal.user_id,
            "name": principal.name,
            "email": principal.email,
            "role": principal.role,
        },
        "submitted_by": dict(item.submitted_by),
    }
    version = getattr(item, "version", None)
    if isinstance(version, int):
        payload["version"] = version
    outbox.record(session, "bid.returned", payload)
    return item


def on_bid_withdrawn(settings: Settings):
    """`bid.withdrawn`, with the outbox it may publish `award.withdrawn` through."""
    outbox = Outbox(messaging, producer="grants")
    return lambda envelope, session: record_withdrawal(envelope, session, outbox)


def record_withdrawal(envelope: Envelope, session: Session, outbox: Outbox) -> None:
    """`bid.withdrawn`: out of the review queue, and out of other bids' duplicate checks."""
    p = envelope.payload
    withdrawn_at = datetime.fromisoformat(p["withdrawn_at"])
    item = session.get(ReviewItem, p["bid_id"], with_for_update=True)  # an approver may be deciding it now
    if item is not None and item.status != "withdrawn":
        before = snapshot(item, STATUS_FIELDS)
        # An award the withdrawal crossed never stands: it leaves the register it had just joined.
        dropped = award_records.drop_award(session, item.bid_id) if item.status == "awarded" else None
        _move(item, "withdrawn", p["reason"], withdrawn_at)
        changes = diff(before, snapshot(item, STATUS_FIELDS))
        if dropped:
            changes["register_record"] = {"before": dropped, "after": None}
        audit.record(session, "review_item.withdrawn", "bid", item.bid_id, csp_id=item.csp_id, changes=changes)
        if dropped:
            _tell_of_withdrawn_award(session, outbox, item)
    copy = session.get(BidCopy, p["bid_id"])
    if copy is not None and copy.status != "withdrawn":
        before = {"status": copy.status}
        copy.status, copy.as_of = "withdrawn", max(copy.as_of, withdrawn_at)  # later drafts cannot be older
        copy.updated_at = utcnow()
        changes = diff(before, {"status": copy.status})
        audit.record(session, "bid_copy.recorded", "bid", copy.bid_id, csp_id=copy.csp_id, changes=changes)


def _tell_of_withdrawn_award(session: Session, outbox: Outbox, item: ReviewItem) -> None:
    """Finance and the CSP's submitter heard of the award (`bid.decided`), so they must hear it did not stand."""
    payload = {
        "bid_id": item.bid_id,
        "round_id": item.round_id,
        "round_name": item.round_name,
        "csp_id": item.csp_id,
        "title": item.title,
        "amount_awarded_pence": item.amount_awarded_pence or 0,
        "reason": item.status_reason,
        "withdrawn_at": item.status_changed_at.isoformat(),
        "submitted_by": dict(item.submitted_by),
    }
    outbox.record(session, "award.withdrawn", payload)


def _move(item: ReviewItem, status: str, reason: str, when: datetime) -> None:
    item.status = status
    item.status_reason = reason.strip()
    item.status_changed_at = when


def _review(session: Session, bid_id: str) -> ReviewItem:
    item = session.get(ReviewItem, bid_id, with_for_update=True)  # as decisions.decide_bid, for the same race
    if item is None:
        raise DomainProblem("There is no submitted bid with that id", status=404, kind="not-found")
    return item
