"""bids' use cases: plain functions of (command or event, session, ports)."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.bids import invitations
from services.bids.audit import audit
from services.bids.models import Bid, RoundCopy
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.clock import utcnow
from shared.events import Envelope
from shared.http.problems import DomainProblem

# Control characters, path separators, lone surrogates (unstorable) and bidi controls, which can make
# "invoice<U+202E>fdp.exe" display as "invoiceexe.pdf".
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
# type/subtype in RFC 6838's restricted-name characters.
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_MEDIA_TYPE_MAX = 100  # the evidence_file.content_type column
UNKNOWN_MEDIA_TYPE = "application/octet-stream"
# What the audit trail compares when an event changes bids' copy of a round.
ROUND_FIELDS = tuple(c.name for c in RoundCopy.__table__.columns if c.name not in ("round_id", "updated_at"))


def record_round(envelope: Envelope, session: Session) -> None:
    """Keep the round from `round.opened` (v1: no rules; v2: rules and allocations) or `round.updated`."""
    p = envelope.payload
    copy = session.get(RoundCopy, p["round_id"])
    before = snapshot(copy, ROUND_FIELDS) if copy else {}
    copy = copy or RoundCopy(round_id=p["round_id"], status="open")
    copy.name = p["name"]
    copy.financial_year = p["financial_year"]
    copy.opens_on = date.fromisoformat(p["opens_on"])
    copy.closes_on = date.fromisoformat(p["closes_on"])
    copy.pot_pence = p["pot_pence"]
    copy.priorities = list(p["priorities"])
    copy.rules = p.get("rules")
    copy.allocations = p.get("allocations")
    copy.move_to(p.get("status", "open"))
    copy.updated_at = utcnow()
    session.add(copy)
    _audit_round(session, copy, before, "round_copy.recorded")


def record_round_closed(envelope: Envelope, session: Session) -> None:
    _move_round(session, envelope.payload["round_id"], "closed")


def record_round_decided(envelope: Envelope, session: Session) -> None:
    _move_round(session, envelope.payload["round_id"], "decided")


def _move_round(session: Session, round_id: str, status: str) -> None:
    copy = session.get(RoundCopy, round_id)
    if copy is not None:  # grants tells bids of a round when it opens; a round never opened has no bids
        before = snapshot(copy, ROUND_FIELDS)
        copy.move_to(status)
        copy.updated_at = utcnow()
        _audit_round(session, copy, before, "round_copy.status_changed")


def _audit_round(session: Session, copy: RoundCopy, before: dict, action: str) -> None:
    """A late or repeated event that changed nothing leaves no event."""
    changes = diff(before, snapshot(copy, ROUND_FIELDS))
    if changes:
        audit.record(session, action, "round", copy.round_id, csp_id=None, changes=changes)


def visible_bids(session: Session, principal: Principal) -> list[Bid]:
    """The bids the principal may see: the request's scope (shared.auth.scoping) narrows the query."""
    query = sa.select(Bid).where(Bid.status != Bid.DELETED).order_by(Bid.created_at.desc())
    bids = list(session.scalars(query))
    return [bid for bid in bids if invitations.admits(session, principal, bid.id)]


def get_bid(session: Session, principal: Principal, bid_id: str) -> Bid:
    bid = session.get(Bid, bid_id)
    # Another CSP's bid is out of scope and so reported as missing: its existence is not ours to reveal.
    # So is the bid of a provider whose invitation was revoked: from that moment, whatever their token says.
    # And a deleted draft, to everyone: only its audit trail still tells of it.
    if bid is None or bid.status == Bid.DELETED or not invitations.admits(session, principal, bid.id):
        raise DomainProblem("There is no bid with that id", status=404, kind="not-found")
    return bid


def safe_filename(name: str) -> str:
    base = _UNSAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" ._")
    return (base or "evidence")[:200]


def safe_content_type(declared: str) -> str:
    """The browser's media type if it is one, else octet-stream: it is served back in a header later."""
    media_type = declared.split(";", 1)[0].strip().lower()
    fits = len(media_type) <= _MEDIA_TYPE_MAX and _MEDIA_TYPE.fullmatch(media_type)
    return media_type if fits else UNKNOWN_MEDIA_TYPE
