"""Re-use, not re-type: a CSP clones any earlier bid of theirs into a new draft for an open round.

A clone takes everything the CSP wrote (`Bid.CONTENT_FIELDS`) and nothing that belongs to the earlier
bid's life: not its evidence (each file was judged for that bid), status, versions or history. The
checklist then says what no longer fits the new round, such as dates or financial years.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.bids.audit import audit
from services.bids.drafts import record_draft_saved
from services.bids.handlers import get_bid
from services.bids.models import Bid, RoundCopy
from shared.audit import created, snapshot
from shared.auth.principal import Principal
from shared.clock import today
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox


def clone_bid(session: Session, outbox: Outbox, principal: Principal, bid_id: str, round_id: str) -> Bid:
    source = get_bid(session, principal, bid_id)  # scoped: only the CSP's own bids are found
    funding_round = _open_round(session, round_id)
    bid = Bid(
        round_id=funding_round.round_id,
        csp_id=source.csp_id,
        evidence=[],
        created_by={"user_id": principal.user_id, "name": principal.name, "email": principal.email},
    )
    bid.move_to("draft", principal, f"Cloned from bid {source.id}")
    session.add(bid)
    bid.restore(source.content())
    session.flush()
    after = snapshot(bid, ("round_id", "csp_id", "status", *Bid.CONTENT_FIELDS))
    changes = created(after) | {"cloned_from": {"before": None, "after": source.id}}
    audit.record(session, "bid.cloned", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    record_draft_saved(session, outbox, bid)  # grants can check the clone for duplicate funding at once
    bid.prefilled_from = {"bid_id": source.id, "fields": [name for name in Bid.CONTENT_FIELDS if after.get(name)]}
    return bid


def _open_round(session: Session, round_id: str) -> RoundCopy:
    funding_round = session.get(RoundCopy, round_id)
    if funding_round is None or not funding_round.accepts_bids_on(today()):
        raise DomainProblem(
            "That funding round is not open for bids",
            errors={"round_id": "Choose a funding round that is open for bids"},
            kind="round-not-open",
        )
    return funding_round
