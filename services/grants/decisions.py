"""The OPCC's decision on one submitted bid: awarded (an amount, with conditions) or declined, and why.

An approver decides, not the reviewer who assessed the bid, so two people stand behind every award
(permissions table). A decision is final: a later change of mind is a new piece of work (a variation),
not an edit, so the CSP and finance never see an award silently change. `bid.decided` tells bids (the
bid's status), notifications (the CSP, and finance of awards) and anyone else who listens.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grants import award_records, duplicate_checks
from services.grants.audit import audit
from services.grants.bid_copies import BidCopy, never_funded
from services.grants.finding_decisions import FindingDecision
from services.grants.matching.scorer import MatchingThresholds
from services.grants.models import UNDECIDED, FundingRound, ReviewItem
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.auth.scoping import as_system
from shared.clock import utcnow
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox

OUTCOMES = ("awarded", "declined")
DECISION_FIELDS = ("status", "status_reason", "status_changed_at", "amount_awarded_pence", "award_conditions")
# Rounds in which a bid may be decided: bids are assessed while a round is open (rolling rounds) or after it
# closes; once the round itself is decided its outcomes are settled.
DECIDABLE_ROUNDS = ("open", "closed")


def decide_bid(
    session: Session, outbox: Outbox, principal: Principal, bid_id: str, fields: dict, thresholds: MatchingThresholds
) -> ReviewItem:
    # Locked: a return, or the CSP's withdrawal arriving, must not change the bid between this read and commit.
    item = session.get(ReviewItem, bid_id, with_for_update=True)
    if item is None:
        raise DomainProblem("There is no submitted bid with that id", status=404, kind="not-found")
    outcome = fields["outcome"]
    _require_decidable(session, item, outcome)
    amount = _amount(item, outcome, fields.get("amount_awarded_pence"))
    if outcome == "declined" and fields.get("conditions"):
        message = "Leave the conditions empty when the bid is declined"
        raise DomainProblem(message, status=422, errors={"conditions": message}, kind="invalid-request")
    if outcome == "awarded":
        _require_checked_since(session, item, thresholds)
        _require_findings_settled(session, item)
    before = snapshot(item, DECISION_FIELDS)
    item.status = outcome
    item.status_reason = fields["reason"].strip()
    item.status_changed_at = utcnow()
    item.amount_awarded_pence = amount
    item.award_conditions = [c.strip() for c in fields.get("conditions") or [] if c.strip()] if amount else []
    item.decided_by = _person(principal)
    changes = diff(before, snapshot(item, DECISION_FIELDS)) | _tell_the_copy(session, item)
    if outcome == "awarded":
        record = award_records.record_award(session, item)
        changes["register_record"] = {"before": None, "after": record.id}
    audit.record(session, f"review_item.{outcome}", "bid", bid_id, csp_id=item.csp_id, changes=changes)
    outbox.record(session, "bid.decided", decided_payload(item))
    return item


def _tell_the_copy(session: Session, item: ReviewItem) -> dict:
    """Other bids' duplicate checks read the copy: an awarded bid shows as awarded, a declined one leaves.
    What changed, for the decision's audit event."""
    copy = session.get(BidCopy, item.bid_id)
    if copy is None or copy.status == item.status:
        return {}
    before = copy.status
    copy.status, copy.as_of = item.status, max(copy.as_of, item.status_changed_at)  # later drafts cannot be older
    copy.updated_at = utcnow()
    return {"bid_copy.status": {"before": before, "after": copy.status}}


def decided_payload(item: ReviewItem) -> dict:
    payload = {
        "bid_id": item.bid_id,
        "round_id": item.round_id,
        "round_name": item.round_name,
        "csp_id": item.csp_id,
        "title": item.title,
        "outcome": item.status,
        "amount_requested_pence": item.amount_requested_pence,
        "amount_awarded_pence": item.amount_awarded_pence or 0,
        "conditions": list(item.award_conditions or []),
        "reason": item.status_reason,
        "decided_at": _iso(item.status_changed_at),
        "decided_by": dict(item.decided_by),
        "submitted_by": dict(item.submitted_by),
    }
    if isinstance(item.version, int):
        payload["version"] = item.version
    return payload


def awarded_by_csp(session: Session, round_id: str) -> dict[str, int]:
    """What each CSP has been awarded in a round: the figure allocations and finance read."""
    query = (
        sa.select(ReviewItem.csp_id, sa.func.coalesce(sa.func.sum(ReviewItem.amount_awarded_pence), 0))
        .where(ReviewItem.round_id == round_id, ReviewItem.status == "awarded")
        .group_by(ReviewItem.csp_id)
    )
    return {csp_id: int(total) for csp_id, total in session.execute(query)}


def require_all_decided(session: Session, round_id: str) -> None:
    """A round is marked decided only when none of its bids still waits for a decision or a resubmission."""
    waiting = session.scalar(
        sa.select(sa.func.count()).where(ReviewItem.round_id == round_id, ReviewItem.status.in_(UNDECIDED))
    )
    if waiting:
        bids = "1 bid is" if waiting == 1 else f"{waiting} bids are"
        raise DomainProblem(
            f"{bids} still waiting for a decision or a resubmission: decide them before marking the round decided",
            status=409,
            kind="wrong-state",
        )


def _require_decidable(session: Session, item: ReviewItem, outcome: str) -> None:
    # A returned bid its CSP never resubmits may be declined, or its round could never be decided.
    if not (item.status == "awaiting_review" or (item.status == "returned" and outcome == "declined")):
        detail = {
            "returned": "This bid has been returned to its CSP for amendment: award it once it is resubmitted, "
            "or decline it if it will not be",
            "withdrawn": "This bid has been withdrawn by its CSP and cannot be decided",
        }.get(item.status, f"This bid has already been {item.status}: a decision cannot be changed")
        raise DomainProblem(detail, status=409, kind="wrong-state")
    funding_round = session.get(FundingRound, item.round_id)
    if funding_round is not None and funding_round.status not in DECIDABLE_ROUNDS:
        raise DomainProblem(
            "Decisions on this round have been made: its bids can no longer be decided",
            status=409,
            kind="wrong-state",
        )


def _amount(item: ReviewItem, outcome: str, amount: int | None) -> int:
    if outcome == "declined":
        if amount:
            raise _amount_problem("Leave the amount empty when the bid is declined")
        return 0
    if amount is None:
        raise _amount_problem("Enter the amount awarded")
    if amount < 1:
        raise _amount_problem("The amount awarded must be more than £0")
    if amount > item.amount_requested_pence:
        requested = f"£{item.amount_requested_pence / 100:,.2f}"
        raise _amount_problem(f"The amount awarded must be no more than the {requested} requested")
    return amount


def _amount_problem(message: str) -> DomainProblem:
    return DomainProblem(message, status=422, errors={"amount_awarded": message}, kind="invalid-request")


def _require_checked_since(session: Session, item: ReviewItem, thresholds: MatchingThresholds) -> None:
    """The register grows after a bid is checked (another funder's file, another CSP's bid): an award is
    made only on a check that still finds every likely duplicate there is today."""
    copy = session.get(BidCopy, item.bid_id)
    if copy is None:
        return
    known = {(f["kind"], f["id"]) for f in (item.duplicate_check or {}).get("findings", [])}
    with as_system("an award is checked against every CSP's bids and the whole register", session):
        now = duplicate_checks.findings_for(session, copy, thresholds)
    likely = {(f.kind, f.candidate_id) for f in now if f.band == "likely duplicate"}
    new = _may_become_funding(session, likely - known)
    if new:
        found = "1 new likely duplicate has" if len(new) == 1 else f"{len(new)} new likely duplicates have"
        raise DomainProblem(
            f"{found} been found since this bid was checked: check it again, then decide "
            f"{'it' if len(new) == 1 else 'them'} before awarding the bid",
            status=409,
            kind="check-out-of-date",
        )


def recheck(session: Session, outbox: Outbox, bid_id: str, thresholds: MatchingThresholds) -> ReviewItem:
    """Run the duplicate check on a bid still to decide again, against the register as it is now."""
    item = session.get(ReviewItem, bid_id, with_for_update=True)
    if item is None:
        raise DomainProblem("There is no submitted bid with that id", status=404, kind="not-found")
    if item.status not in UNDECIDED:
        raise DomainProblem(
            f"This bid has been {item.status}: there is no decision left to check it for",
            status=409,
            kind="wrong-state",
        )
    duplicate_checks.check_submitted_bid(session, outbox, bid_id, thresholds)
    return item


def _require_findings_settled(session: Session, item: ReviewItem) -> None:
    """An award over a possible duplicate nobody has looked at is the failure this service exists to prevent."""
    findings = (item.duplicate_check or {}).get("findings", [])
    likely = {(f["kind"], f["id"]) for f in findings if f.get("band") == "likely duplicate"}
    waiting_on = _may_become_funding(session, likely)
    if not waiting_on:
        return
    decided = session.execute(
        sa.select(FindingDecision.kind, FindingDecision.candidate_id).where(FindingDecision.bid_id == item.bid_id)
    ).all()
    open_findings = waiting_on - {tuple(row) for row in decided}
    if open_findings:
        raise DomainProblem(
            f"Decide the {len(open_findings)} likely duplicate finding{'s' if len(open_findings) > 1 else ''} "
            "on this bid before awarding it",
            status=409,
            kind="findings-undecided",
        )


def _may_become_funding(session: Session, findings: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The findings (kind, id) an award must wait on: all but other bids that can never be funded (withdrawn,
    declined, deleted, or drafts their round will never take). No decision on those changes the award; they
    stay in the check for the reviewer to see."""
    stranded = never_funded(session, {candidate for kind, candidate in findings if kind == "bid"})
    return {(kind, candidate) for kind, candidate in findings if not (kind == "bid" and candidate in stranded)}


def _person(principal: Principal) -> dict:
    return {"user_id": principal.user_id, "name": principal.name, "email": principal.email, "role": principal.role}


def _iso(moment: datetime) -> str:
    return moment.isoformat()
