"""grants' use cases: plain functions of (command or event, session, ...)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grants import allocations, bid_copies, decisions, duplicate_checks
from services.grants.audit import audit
from services.grants.db import messaging
from services.grants.models import FundingRound, ReviewItem
from services.grants.round_changes import DETAILS
from services.grants.round_rules import RULES
from shared.audit import created, diff, snapshot
from shared.auth.principal import Principal
from shared.clock import utcnow
from shared.config import Settings
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox

ROUND_FIELDS = (*DETAILS, *RULES, "status")
# What the audit trail compares when bid.submitted puts a bid in the review queue.
REVIEW_FIELDS = (
    "round_id",
    "csp_id",
    "title",
    "amount_requested_pence",
    "priorities",
    "submitted_at",
    "status",
    "version",
)


def create_round(session: Session, principal: Principal, fields: dict) -> FundingRound:
    funding_round = FundingRound.draft(created_by=principal.user_id, **fields)
    session.add(funding_round)
    session.flush()
    changes = created(snapshot(funding_round, ROUND_FIELDS))
    audit.record(session, "round.created", "round", funding_round.id, csp_id=None, changes=changes)
    return funding_round


def open_round(session: Session, outbox: Outbox, round_id: str) -> FundingRound:
    funding_round = get_round(session, round_id)
    _step(session, funding_round, funding_round.open, "opened_at")
    payload = funding_round.snapshot_payload(allocations.allocations_of(session, round_id))
    outbox.record(session, "round.opened", payload, version=2)
    return funding_round


def change_round(session: Session, outbox: Outbox, principal: Principal, round_id: str, fields: dict) -> FundingRound:
    funding_round = get_round(session, round_id)
    reason = fields.pop("reason", None)
    who = {"user_id": principal.user_id, "name": principal.name, "email": principal.email}
    change = funding_round.change(fields, reason, bids_arrived(session, round_id), who)
    if change is None:
        return funding_round
    _require_pot_covers_allocations(session, funding_round)
    session.add(change)
    funding_round.changes.append(change)
    changes = {name: {"before": c["from"], "after": c["to"]} for name, c in change.changes.items()}
    if change.reason:
        changes["reason"] = {"before": None, "after": change.reason}
    audit.record(session, "round.changed", "round", round_id, csp_id=None, changes=changes)
    _tell_bids_of_change(session, outbox, funding_round, reason)
    return funding_round


def close_round(session: Session, outbox: Outbox, round_id: str) -> FundingRound:
    funding_round = get_round(session, round_id)
    _step(session, funding_round, funding_round.close, "closed_at")
    outbox.record(session, "round.closed", {"round_id": round_id, "closed_at": funding_round.closed_at.isoformat()})
    return funding_round


def decide_round(session: Session, outbox: Outbox, round_id: str) -> FundingRound:
    funding_round = get_round(session, round_id)
    if funding_round.status == "closed":  # otherwise decide() says why the round cannot be decided
        decisions.require_all_decided(session, round_id)
    _step(session, funding_round, funding_round.decide, "decided_at")
    outbox.record(session, "round.decided", {"round_id": round_id, "decided_at": funding_round.decided_at.isoformat()})
    return funding_round


def set_allocations(
    session: Session, outbox: Outbox, principal: Principal, round_id: str, method: str, fields: dict
) -> FundingRound:
    funding_round = get_round(session, round_id)
    if method == "formula":
        amounts = allocations.by_formula(funding_round, fields["weights"], fields["data"])
        basis = {
            "weights": {measure: str(weight) for measure, weight in fields["weights"].items()},
            "data": {csp: {m: str(v) for m, v in figures.items()} for csp, figures in fields["data"].items()},
        }
    else:
        amounts, basis = allocations.by_hand(funding_round, fields["allocations"]), None
    before = allocations.state_of(session, round_id)
    allocations.replace(session, funding_round, amounts, method, basis=basis, set_by=principal.user_id)
    changes = diff(before, allocations.state_of(session, round_id))
    audit.record(session, "round.allocations_set", "round", round_id, csp_id=None, changes=changes)
    _tell_bids_of_change(session, outbox, funding_round, None)
    return funding_round


def _step(session: Session, funding_round: FundingRound, step: Callable[[], None], stamp: str) -> None:
    """Open, close or decide the round, and record it: `round.opened`, `round.closed`, `round.decided`."""
    before = snapshot(funding_round, ("status", stamp))
    step()
    changes = diff(before, snapshot(funding_round, ("status", stamp)))
    action = f"round.{stamp.removesuffix('_at')}"  # opened_at: round.opened
    audit.record(session, action, "round", funding_round.id, csp_id=None, changes=changes)


def bids_arrived(session: Session, round_id: str) -> bool:
    """Whether any bid has been submitted to the round (grants hears of each through `bid.submitted`)."""
    return session.scalar(sa.select(sa.exists().where(ReviewItem.round_id == round_id))) or False


def _require_pot_covers_allocations(session: Session, funding_round: FundingRound) -> None:
    allocated = sum(allocations.allocations_of(session, funding_round.id).values())
    if funding_round.pot_pence < allocated:
        raise DomainProblem(
            "The pot cannot be less than the allocations already made from it: change the allocations first",
            errors={"pot": "Enter a pot of at least the total allocated to CSPs"},
        )


def _tell_bids_of_change(session: Session, outbox: Outbox, funding_round: FundingRound, reason: str | None) -> None:
    if funding_round.status == "draft":
        return  # bids knows nothing of drafts; round.opened will carry everything
    payload = funding_round.snapshot_payload(allocations.allocations_of(session, funding_round.id))
    outbox.record(
        session,
        "round.updated",
        payload | {"status": funding_round.status, "changed_at": utcnow().isoformat(), "reason": reason},
    )


def get_round(session: Session, round_id: str) -> FundingRound:
    funding_round = session.get(FundingRound, round_id)
    if funding_round is None:
        raise _no_such_round()
    return funding_round


def read_round(session: Session, principal: Principal, round_id: str) -> FundingRound:
    """The round, if `principal` may see it; a draft they may not is answered as if it did not exist."""
    funding_round = get_round(session, round_id)
    if not funding_round.visible_to(principal):
        raise _no_such_round()
    return funding_round


def rounds_for(session: Session, principal: Principal) -> list[FundingRound]:
    """The rounds `principal` may see, newest first."""
    rounds = session.scalars(sa.select(FundingRound).order_by(FundingRound.created_at.desc()))
    return [funding_round for funding_round in rounds if funding_round.visible_to(principal)]


def _no_such_round() -> DomainProblem:
    return DomainProblem("There is no funding round with that id", status=404, kind="not-found")


def review_queue(session: Session, criteria: dict) -> list[ReviewItem]:
    """Submitted bids, oldest first, narrowed to one status or round when asked."""
    query = sa.select(ReviewItem).order_by(ReviewItem.submitted_at)
    for name, column in (("status", ReviewItem.status), ("round_id", ReviewItem.round_id)):
        if criteria.get(name):
            query = query.where(column == criteria[name])
    return list(session.scalars(query))


def get_review(session: Session, bid_id: str) -> ReviewItem:
    item = session.get(ReviewItem, bid_id)
    if item is None:
        raise DomainProblem("There is no submitted bid with that id", status=404, kind="not-found")
    return item


def on_bid_submitted(settings: Settings):
    """Queue a submitted bid for review, keep its copy, and check it for duplicate funding at once."""
    outbox = Outbox(messaging, producer="grants")
    thresholds = duplicate_checks.thresholds_from(settings)

    def handle(envelope: Envelope, session: Session) -> None:
        record_submitted_bid(envelope, session)
        bid_copies.record_bid(envelope, session)
        session.flush()
        duplicate_checks.check_submitted_bid(session, outbox, envelope.payload["bid_id"], thresholds)

    return handle


def record_submitted_bid(envelope: Envelope, session: Session) -> None:
    """Put a submitted bid in the OPCC review queue (a later version of the same bid replaces it)."""
    p = envelope.payload
    item = session.get(ReviewItem, p["bid_id"])
    before = snapshot(item, REVIEW_FIELDS) if item else {}
    item = item or ReviewItem(bid_id=p["bid_id"])
    item.round_id = p["round_id"]
    item.round_name = p.get("round_name", "")
    item.csp_id = p["csp_id"]
    item.csp_name = p.get("csp_name", "")
    item.title = p["title"]
    item.summary = p["summary"]
    item.amount_requested_pence = p["amount_requested_pence"]
    item.priorities = list(p["priorities"])
    item.delivery_provider_name = p["delivery_provider"]["name"]
    item.submitted_at = datetime.fromisoformat(p["submitted_at"])
    item.submitted_by = dict(p["submitted_by"])
    item.evidence = list(p["evidence"])
    item.learn_content(p)  # version 2: the whole bid; version 1: none of it
    item.status = "awaiting_review"
    item.status_reason, item.status_changed_at = None, None  # a resubmission answers the return
    item.event_id = envelope.id
    session.add(item)
    action = "review_item.replaced" if before else "review_item.created"
    changes = diff(before, snapshot(item, REVIEW_FIELDS))
    audit.record(session, action, "bid", item.bid_id, csp_id=item.csp_id, changes=changes)
