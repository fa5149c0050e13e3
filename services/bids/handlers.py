"""bids' use cases: plain functions of (command or event, session, ports)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.bids.audit import audit
from services.bids.models import Bid, EvidenceFile, RoundCopy
from shared.audit import created, diff, snapshot
from shared.auth.principal import Principal
from shared.clock import today, utcnow
from shared.db import unit_of_work
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox
from shared.storage.port import EvidenceStore

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
    return list(session.scalars(sa.select(Bid).order_by(Bid.created_at.desc())))


def get_bid(session: Session, principal: Principal, bid_id: str) -> Bid:
    bid = session.get(Bid, bid_id)
    # Another CSP's bid is out of scope and so reported as missing: its existence is not ours to reveal.
    if bid is None:
        raise DomainProblem("There is no bid with that id", status=404, kind="not-found")
    return bid


def create_draft(session: Session, outbox: Outbox, principal: Principal, fields: dict) -> Bid:
    funding_round = session.get(RoundCopy, fields["round_id"])
    if funding_round is None or not funding_round.accepts_bids_on(today()):
        raise DomainProblem(
            "That funding round is not open for bids",
            errors={"round_id": "Choose a funding round that is open for bids"},
            kind="round-not-open",
        )
    bid = Bid(
        round_id=funding_round.round_id,
        csp_id=principal.csp_id,
        status="draft",
        priorities=[],
        evidence=[],
        created_by={"user_id": principal.user_id, "name": principal.name, "email": principal.email},
    )
    session.add(bid)
    bid.change({k: v for k, v in fields.items() if k != "round_id"})
    session.flush()
    after = snapshot(bid, ("round_id", "csp_id", "status", *Bid.EDITABLE))
    audit.record(session, "bid.draft_created", "bid", bid.id, csp_id=bid.csp_id, changes=created(after))
    # grants keeps a copy of every draft so a CSP can check it for duplicate funding before submitting.
    outbox.record(session, "bid.draft_saved", bid.draft_payload())
    return bid


def change_draft(session: Session, outbox: Outbox, principal: Principal, bid_id: str, fields: dict) -> Bid:
    bid = get_bid(session, principal, bid_id)
    before = snapshot(bid, Bid.EDITABLE)
    bid.change(fields)
    changes = diff(before, snapshot(bid, Bid.EDITABLE))
    audit.record(session, "bid.draft_changed", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    outbox.record(session, "bid.draft_saved", bid.draft_payload())
    return bid


def add_evidence(
    session_factory: sessionmaker[Session],
    store: EvidenceStore,
    principal: Principal,
    bid_id: str,
    filename: str,
    content_type: str,
    stream: BinaryIO,
) -> EvidenceFile:
    with unit_of_work(session_factory) as session:
        bid = get_bid(session, principal, bid_id)
        bid.require_draft()
        csp_id = bid.csp_id
    evidence_id = str(uuid.uuid4())
    # Generated keys: nothing a user typed reaches the storage path.
    content_type = safe_content_type(content_type)
    stored = store.put(f"evidence/{bid_id}/{evidence_id}", stream, content_type)
    if stored.size_bytes == 0:
        store.delete(stored.key)
        raise DomainProblem(
            "The selected file is empty", errors={"file": "The selected file is empty"}, kind="invalid-file"
        )
    try:
        with unit_of_work(session_factory) as session:
            get_bid(session, principal, bid_id).require_draft()
            evidence = EvidenceFile(
                id=evidence_id,
                bid_id=bid_id,
                csp_id=csp_id,
                filename=safe_filename(filename),
                content_type=content_type,
                size_bytes=stored.size_bytes,
                sha256=stored.sha256,
                storage_key=stored.key,
                uploaded_by=principal.user_id,
            )
            session.add(evidence)
            changes = created({"evidence_file": evidence.describe()})
            audit.record(session, "bid.evidence_added", "bid", bid_id, csp_id=csp_id, changes=changes)
    except Exception:
        store.delete(stored.key)  # nothing half-written: the row failed, so the object goes too
        raise
    return evidence


def submit_bid(session: Session, outbox: Outbox, principal: Principal, bid_id: str) -> Bid:
    bid = get_bid(session, principal, bid_id)
    funding_round = session.get(RoundCopy, bid.round_id)
    before = snapshot(bid, ("status", "submitted_at"))
    bid.submit(funding_round, principal, today())
    changes = diff(before, snapshot(bid, ("status", "submitted_at")))
    audit.record(session, "bid.submitted", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    outbox.record(session, "bid.submitted", bid.submitted_payload(funding_round))
    return bid


def get_evidence(session: Session, principal: Principal, bid_id: str, evidence_id: str) -> EvidenceFile:
    bid = get_bid(session, principal, bid_id)
    for evidence in bid.evidence:
        if evidence.id == evidence_id:
            return evidence
    raise DomainProblem("There is no evidence file with that id on this bid", status=404, kind="not-found")


def safe_filename(name: str) -> str:
    base = _UNSAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" ._")
    return (base or "evidence")[:200]


def safe_content_type(declared: str) -> str:
    """The browser's media type if it is one, else octet-stream: it is served back in a header later."""
    media_type = declared.split(";", 1)[0].strip().lower()
    fits = len(media_type) <= _MEDIA_TYPE_MAX and _MEDIA_TYPE.fullmatch(media_type)
    return media_type if fits else UNKNOWN_MEDIA_TYPE
