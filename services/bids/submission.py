"""Submitting a bid: checked against bids' copy of the round, snapshotted as a numbered version, told to grants.

Also what a CSP sees of its indicative allocation for the round on every bid page.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.bids.audit import audit
from services.bids.drafts import flush_or_refuse
from services.bids.event_payloads import SUBMITTED_VERSION
from services.bids.handlers import get_bid
from services.bids.models import Bid, RoundCopy
from services.bids.pages import BidPage
from services.bids.versions import BidVersion, next_version
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.auth.scoping import as_system
from shared.clock import today
from shared.messaging.outbox import Outbox

# Bids whose request stands against the CSP's allocation: sent to the OPCC and not withdrawn or declined.
STANDING = ("submitted", "returned", "awarded")
_SUBMISSION = ("status", "submitted_at", "version")


def allocation_of(session: Session, bid: Bid, funding_round: RoundCopy | None) -> dict | None:
    """The CSP's indicative allocation for the bid's round, what its standing bids request, and what remains.

    Remaining is the allocation less what undecided bids ask for and what awarded bids were given (as
    grants works it out), so a partial award frees the rest. None for a round bids does not know.
    """
    if funding_round is None:
        return None
    allocation = (funding_round.allocations or {}).get(bid.csp_id)
    query = sa.select(Bid.id, Bid.amount_requested_pence, Bid.decision).where(
        Bid.round_id == bid.round_id, Bid.csp_id == bid.csp_id, Bid.status.in_(STANDING)
    )
    # grants publishes every CSP's requested total; a provider invited to one bid may see its CSP's too.
    with as_system("a CSP's requested total for a round is public", session):
        standing = session.execute(query).all()
    requested = sum(amount or 0 for _, amount, _ in standing)
    awarded = sum(_awarded(decision) for _, _, decision in standing)
    pending = sum(amount or 0 for _, amount, decision in standing if not _awarded(decision))
    return {
        "allocation_pence": allocation,
        "requested_pence": requested,
        # What the CSP's other bids hold of the allocation: their award once decided, their request until then.
        "held_by_other_bids_pence": sum(
            _awarded(decision) or amount or 0 for bid_id, amount, decision in standing if bid_id != bid.id
        ),
        "awarded_pence": awarded,
        "remaining_pence": None if allocation is None else allocation - pending - awarded,
    }


def _awarded(decision: dict | None) -> int:
    return (decision or {}).get("amount_awarded_pence", 0) if (decision or {}).get("outcome") == "awarded" else 0


def page_of(session: Session, bid: Bid) -> BidPage:
    """The bid with its checklist against the round's rules and its CSP's allocation."""
    funding_round = session.get(RoundCopy, bid.round_id)
    allocation = allocation_of(session, bid, funding_round)
    return BidPage(bid, bid.checklist(funding_round, allocation), allocation)


def submit_bid(session: Session, outbox: Outbox, principal: Principal, bid_id: str) -> Bid:
    bid = get_bid(session, principal, bid_id)
    funding_round = session.get(RoundCopy, bid.round_id)
    before = snapshot(bid, _SUBMISSION)
    version = next_version(session, bid.id)
    bid.submit(funding_round, principal, today(), allocation_of(session, bid, funding_round), version)
    flush_or_refuse(session)
    session.add(
        BidVersion(
            bid_id=bid.id,
            csp_id=bid.csp_id,
            version=version,
            content=bid.content(),
            submitted_at=bid.submitted_at,
            submitted_by=dict(bid.submitted_by),
        )
    )
    changes = diff(before, snapshot(bid, _SUBMISSION))
    audit.record(session, "bid.submitted", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    outbox.record(session, "bid.submitted", bid.submitted_payload(funding_round), version=SUBMITTED_VERSION)
    return bid
