"""After submission: the OPCC returns a bid for amendment, the CSP withdraws one, versions are compared.

Every status move goes through `Bid.move_to`, so the bid's status history shows who, when and why.
The OPCC's decision arrives as `bid.decided`: the bid moves to "awarded" or "declined" and keeps the
amount, conditions and reason; a round being decided moves no bid by itself.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.bids import handlers, version_diff, versions
from services.bids.audit import audit
from services.bids.models import Bid, RoundCopy
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.clock import utcnow
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox
from shared.reference import CSP_BY_ID

WITHDRAWABLE = ("submitted", "returned")


def withdraw_bid(session: Session, outbox: Outbox, principal: Principal, bid_id: str, reason: str) -> Bid:
    bid = handlers.get_bid(session, principal, bid_id)
    if bid.status not in WITHDRAWABLE:
        detail = {"draft": "This bid has not been submitted: there is nothing to withdraw"}.get(
            bid.status, f"This bid has been {bid.status} and can no longer be withdrawn"
        )
        raise DomainProblem(detail, status=409, kind="wrong-state")
    funding_round = session.get(RoundCopy, bid.round_id)
    if funding_round is not None and funding_round.status == "decided":
        raise DomainProblem(
            "Decisions on this round have been made: the bid can no longer be withdrawn", status=409, kind="wrong-state"
        )
    before = snapshot(bid, ("status",))
    bid.move_to("withdrawn", principal, reason.strip())
    changes = diff(before, snapshot(bid, ("status",))) | {"reason": {"before": None, "after": reason.strip()}}
    audit.record(session, "bid.withdrawn", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    outbox.record(
        session,
        "bid.withdrawn",
        {
            "bid_id": bid.id,
            "round_id": bid.round_id,
            "csp_id": bid.csp_id,
            "csp_name": CSP_BY_ID[bid.csp_id].name,
            "title": bid.title,
            "reason": reason.strip(),
            "withdrawn_at": utcnow().isoformat(),
            "withdrawn_by": {"user_id": principal.user_id, "name": principal.name, "email": principal.email},
        },
    )
    return bid


def record_return(envelope: Envelope, session: Session) -> None:
    """`bid.returned`: the bid is editable again, with the OPCC's reason in its status history.

    Only a submitted bid moves: a bid withdrawn meanwhile stays withdrawn, and a return of an older
    version than the one now submitted (a late event) changes nothing.
    """
    p = envelope.payload
    bid = session.get(Bid, p["bid_id"])
    if bid is None or bid.status != "submitted" or p.get("version", bid.version) < bid.version:
        return
    returned_by = p["returned_by"]
    reviewer = Principal(
        returned_by["user_id"], returned_by.get("role", "opcc_reviewer"), returned_by["name"], returned_by["email"]
    )
    before = snapshot(bid, ("status",))
    bid.move_to("returned", reviewer, p["reason"])
    changes = diff(before, snapshot(bid, ("status",))) | {"reason": {"before": None, "after": p["reason"]}}
    audit.record(session, "bid.returned", "bid", bid.id, csp_id=bid.csp_id, changes=changes)


def record_decision(envelope: Envelope, session: Session) -> None:
    """`bid.decided`: the bid takes the OPCC's outcome, with the amount, conditions and reason.

    grants awards only a bid awaiting review, and declines one awaiting review or returned and never
    resubmitted. A bid withdrawn as the decision crossed it stays withdrawn (grants hears of the withdrawal
    and sets its own record to match), and a decision on an older version than the one now submitted
    changes nothing.
    """
    p = envelope.payload
    bid = session.get(Bid, p["bid_id"])
    movable = ("submitted", "returned") if p["outcome"] == "declined" else ("submitted",)
    if bid is None or bid.status not in movable or p.get("version", bid.version) < bid.version:
        return
    by = p["decided_by"]
    decider = Principal(by["user_id"], by.get("role", "opcc_approver"), by["name"], by["email"])
    before = snapshot(bid, ("status", "decision"))
    bid.decision = {
        "outcome": p["outcome"],
        "amount_awarded_pence": p["amount_awarded_pence"],
        "conditions": list(p["conditions"]),
        "reason": p["reason"],
        "decided_at": p["decided_at"],
        "decided_by": {"user_id": by["user_id"], "name": by["name"], "role": by.get("role", "")},
    }
    bid.move_to(p["outcome"], decider, p["reason"])
    changes = diff(before, snapshot(bid, ("status", "decision")))
    audit.record(session, f"bid.{p['outcome']}", "bid", bid.id, csp_id=bid.csp_id, changes=changes)


def version_changes(session: Session, principal: Principal, bid_id: str, number: int) -> dict:
    """What changed in submitted version `number` since the one before, in words (`version_diff`).

    Version 1 is compared with an empty bid, so it reads as everything the CSP first sent.
    """
    bid = handlers.get_bid(session, principal, bid_id)
    later = versions.version_of(session, bid.id, number)
    earlier = versions.version_of(session, bid.id, number - 1) if number > 1 else None
    return {
        "bid_id": bid.id,
        "from_version": earlier.version if earlier else None,
        "to_version": later.version,
        "from_submitted_at": earlier.submitted_at if earlier else None,
        "to_submitted_at": later.submitted_at,
        "changes": [c.describe() for c in version_diff.compare(earlier.content if earlier else {}, later.content)],
    }
