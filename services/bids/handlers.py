"""bids' use cases: plain functions of (command or event, session, ports)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.bids.models import Bid, EvidenceFile, RoundCopy
from shared.clock import today, utcnow
from shared.db import unit_of_work
from shared.events import Envelope
from shared.http.problems import DomainProblem
from shared.identity import CSP_ROLES, Principal
from shared.messaging.outbox import Outbox
from shared.storage.port import EvidenceStore

# Control characters, path separators, lone surrogates (unstorable) and bidi controls, which can make
# "invoice<U+202E>fdp.exe" display as "invoiceexe.pdf".
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
# type/subtype in RFC 6838's restricted-name characters.
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_MEDIA_TYPE_MAX = 100  # the evidence_file.content_type column
UNKNOWN_MEDIA_TYPE = "application/octet-stream"


def record_round(envelope: Envelope, session: Session) -> None:
    """Keep the round from `round.opened` (v1: no rules; v2: rules and allocations) or `round.updated`."""
    p = envelope.payload
    copy = session.get(RoundCopy, p["round_id"]) or RoundCopy(round_id=p["round_id"], status="open")
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


def record_round_closed(envelope: Envelope, session: Session) -> None:
    _move_round(session, envelope.payload["round_id"], "closed")


def record_round_decided(envelope: Envelope, session: Session) -> None:
    _move_round(session, envelope.payload["round_id"], "decided")


def _move_round(session: Session, round_id: str, status: str) -> None:
    copy = session.get(RoundCopy, round_id)
    if copy is not None:  # grants tells bids of a round when it opens; a round never opened has no bids
        copy.move_to(status)
        copy.updated_at = utcnow()


def visible_bids(session: Session, principal: Principal) -> list[Bid]:
    query = sa.select(Bid).order_by(Bid.created_at.desc())
    if principal.role in CSP_ROLES:
        query = query.where(Bid.csp_id == principal.csp_id)
    return list(session.scalars(query))


def get_bid(session: Session, principal: Principal, bid_id: str) -> Bid:
    bid = session.get(Bid, bid_id)
    # Another CSP's bid is reported as missing: its existence is not ours to reveal.
    if bid is None or (principal.role in CSP_ROLES and bid.csp_id != principal.csp_id):
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
    # grants keeps a copy of every draft so a CSP can check it for duplicate funding before submitting.
    outbox.record(session, "bid.draft_saved", bid.draft_payload())
    return bid


def change_draft(session: Session, outbox: Outbox, principal: Principal, bid_id: str, fields: dict) -> Bid:
    bid = get_bid(session, principal, bid_id)
    bid.change(fields)
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
        get_bid(session, principal, bid_id).require_draft()
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
                filename=safe_filename(filename),
                content_type=content_type,
                size_bytes=stored.size_bytes,
                sha256=stored.sha256,
                storage_key=stored.key,
                uploaded_by=principal.user_id,
            )
            session.add(evidence)
    except Exception:
        store.delete(stored.key)  # nothing half-written: the row failed, so the object goes too
        raise
    return evidence


def submit_bid(session: Session, outbox: Outbox, principal: Principal, bid_id: str) -> Bid:
    bid = get_bid(session, principal, bid_id)
    funding_round = session.get(RoundCopy, bid.round_id)
    bid.submit(funding_round, principal, today())
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
