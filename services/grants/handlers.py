"""grants' use cases: plain functions of (command or event, session, ...)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.grants import bid_copies, duplicate_checks
from services.grants.db import messaging
from services.grants.models import FundingRound, ReviewItem
from shared.config import Settings
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.identity import Principal
from shared.messaging.outbox import Outbox


def create_round(session: Session, principal: Principal, fields: dict) -> FundingRound:
    funding_round = FundingRound.draft(created_by=principal.user_id, **fields)
    session.add(funding_round)
    session.flush()
    return funding_round


def open_round(session: Session, outbox: Outbox, round_id: str) -> FundingRound:
    funding_round = get_round(session, round_id)
    funding_round.open()
    outbox.record(session, "round.opened", funding_round.opened_payload())
    return funding_round


def get_round(session: Session, round_id: str) -> FundingRound:
    funding_round = session.get(FundingRound, round_id)
    if funding_round is None:
        raise DomainProblem("There is no funding round with that id", status=404, kind="not-found")
    return funding_round


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
    item = session.get(ReviewItem, p["bid_id"]) or ReviewItem(bid_id=p["bid_id"])
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
    item.status = "awaiting_review"
    item.event_id = envelope.id
    session.add(item)
