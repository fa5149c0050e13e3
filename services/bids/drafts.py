"""Drafting a bid: start one, then save it a little at a time without ever overwriting someone else's save."""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from services.bids.audit import audit
from services.bids.event_payloads import DRAFT_SAVED_VERSION
from services.bids.handlers import get_bid
from services.bids.models import Bid, RoundCopy
from services.bids.reuse import provider_from_last_bid
from shared.audit import created, diff, snapshot
from shared.auth.principal import Principal
from shared.clock import today
from shared.http.preconditions import STALE, etag_of, require_match
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox


def etag(bid: Bid) -> str:
    return etag_of(bid.id, bid.revision)


def create_draft(session: Session, outbox: Outbox, principal: Principal, fields: dict) -> Bid:
    funding_round = session.get(RoundCopy, fields["round_id"])
    if funding_round is None or not funding_round.accepts_bids_on(today()):
        raise DomainProblem(
            "That funding round is not open for bids",
            errors={"round_id": "Choose a funding round that is open for bids"},
            kind="round-not-open",
        )
    fields, prefilled_from = provider_from_last_bid(session, fields)
    bid = Bid(
        round_id=funding_round.round_id,
        csp_id=principal.csp_id,
        priorities=[],
        evidence=[],
        created_by={"user_id": principal.user_id, "name": principal.name, "email": principal.email},
    )
    bid.move_to("draft", principal)
    session.add(bid)
    bid.change({k: v for k, v in fields.items() if k != "round_id"})
    session.flush()
    after = snapshot(bid, ("round_id", "csp_id", "status", *Bid.CONTENT_FIELDS))
    audit.record(session, "bid.draft_created", "bid", bid.id, csp_id=bid.csp_id, changes=created(after))
    record_draft_saved(session, outbox, bid)
    if prefilled_from:
        bid.prefilled_from = prefilled_from  # the response says so: the officer checks it is still right
    return bid


def change_draft(
    session: Session, outbox: Outbox, principal: Principal, bid_id: str, fields: dict, based_on: frozenset[str] | None
) -> Bid:
    """`based_on`: the ETags the request's If-Match names; the change is refused unless one is current."""
    bid = get_bid(session, principal, bid_id)
    bid.require_editable()  # a submitted bid says so, rather than asking for a version it would refuse anyway
    require_match(based_on, etag(bid))
    before = snapshot(bid, Bid.CONTENT_FIELDS)
    bid.change(fields)
    flush_or_refuse(session)
    changes = diff(before, snapshot(bid, Bid.CONTENT_FIELDS))
    audit.record(session, "bid.draft_changed", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    record_draft_saved(session, outbox, bid)
    return bid


def record_draft_saved(session: Session, outbox: Outbox, bid: Bid) -> None:
    """grants keeps a copy of every draft so a CSP can check it for duplicate funding before submitting."""
    outbox.record(session, "bid.draft_saved", bid.draft_payload(), version=DRAFT_SAVED_VERSION)


def flush_or_refuse(session: Session) -> None:
    """Write the bid now, before anything else queries (and so autoflushes): a save that lost a race to
    another (both read the same revision, the other committed first, so the UPDATE matched no row) is then
    refused as stale rather than failing as a server error."""
    try:
        session.flush()
    except StaleDataError:
        raise DomainProblem(STALE, status=412, kind="stale-version") from None
