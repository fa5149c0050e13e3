"""The virus scan and the quarantine sweep: bids' background work (its worker, or the embedded task thread).

Nothing is held locked while clamd reads a file: the file is claimed in one short transaction (a lease
until `CLAIM` from now, so another worker picks the next file instead), scanned with no transaction open
(SQLite would otherwise stop every other write for the length of the scan), and the verdict is recorded in
a second one that first checks the file is still waiting. A worker that dies mid-scan leaves its claim to
run out; should a slow scan outlive its claim, the second worker to finish finds the file judged and does
nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.bids import idempotency
from services.bids.audit import audit
from services.bids.models import EvidenceFile
from shared.clock import utcnow
from shared.context import reset_correlation_id, set_correlation_id
from shared.db import is_postgres, unit_of_work
from shared.scanning.port import ScanFailed, Scanner, ScannerUnavailable, Verdict
from shared.storage.port import EvidenceStore, ObjectNotFound

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# Far longer than clamd takes over the largest file we accept (20 MB: a few seconds).
CLAIM = timedelta(minutes=5)
COULD_NOT_CHECK = "The file could not be checked for viruses: save it again, or as a PDF, and upload it again"
LOST = "The file was lost before it could be checked for viruses: upload it again"


def reason_for(signature: str) -> str:
    """Why a file was refused, for a person. clamd's heuristics name files it could not scan whole."""
    if signature.startswith("Heuristics.Encrypted"):
        return "The file is protected with a password, so it could not be checked for viruses: remove the password"
    if signature.startswith("Heuristics.Limits"):
        return "The file is too large or complex to check for viruses: save it as a smaller PDF and upload that"
    return f"The file contains a virus or other malware ({signature})"


@dataclass(frozen=True)
class Waiting:
    id: str
    bid_id: str
    storage_key: str


def scan_pending(
    session_factory: sessionmaker[Session], store: EvidenceStore, scanner: Scanner | None, limit: int = 20
) -> int:
    """Scan files waiting in quarantine, oldest first; the number judged. 0 while no scanner answers."""
    if scanner is None:
        return 0
    try:
        scanner.check()
    except ScannerUnavailable as error:
        log.warning("evidence is waiting for the virus scanner: %s", error)
        return 0
    judged = 0
    for _ in range(limit):
        waiting = claim_next(session_factory)
        if waiting is None:
            break
        try:
            reason = _scan(store, scanner, waiting)
        except ScannerUnavailable as error:
            # clamd answered a ping but not this file: after a few tries the file is the likely cause.
            _count_failed_attempt(session_factory, store, waiting, str(error))
            break
        _record(session_factory, store, waiting, reason)
        judged += 1
    return judged


def claim_next(session_factory: sessionmaker[Session]) -> Waiting | None:
    """Claim the next file waiting, fewest failed attempts and oldest first, that nobody else holds."""
    now = utcnow()
    with unit_of_work(session_factory) as session:
        query = (
            sa.select(EvidenceFile)
            .where(
                EvidenceFile.status == "scanning",
                sa.or_(EvidenceFile.scan_claimed_until.is_(None), EvidenceFile.scan_claimed_until < now),
            )
            .order_by(EvidenceFile.scan_attempts, EvidenceFile.uploaded_at)
            .limit(1)
        )
        if is_postgres(session):
            query = query.with_for_update(skip_locked=True)  # two workers claiming at once take different files
        evidence = session.scalars(query).first()
        if evidence is None:
            return None
        evidence.scan_claimed_until = now + CLAIM
        return Waiting(evidence.id, evidence.bid_id, evidence.storage_key)


def _scan(store: EvidenceStore, scanner: Scanner, waiting: Waiting) -> str | None:
    """None if the file is clean, else why it is refused."""
    key = waiting.storage_key
    if not store.exists(key):
        # Moved to the clean area just before a crash stopped the commit: scan it where it is.
        key = EvidenceFile.clean_key(waiting.bid_id, waiting.id)
    try:
        with closing(store.open(key)) as stream:
            verdict: Verdict = scanner.scan(stream)
    except ObjectNotFound:
        return LOST
    except ScanFailed as failure:
        log.warning("evidence %s could not be scanned: %s", waiting.id, failure)
        return COULD_NOT_CHECK
    return reason_for(verdict.signature or "unknown") if verdict.infected else None


def _record(session_factory: sessionmaker[Session], store: EvidenceStore, waiting: Waiting, reason: str | None) -> None:
    with unit_of_work(session_factory) as session:
        evidence = _still_waiting(session, waiting)
        if evidence is None:
            return
        with _continuing_upload_chain(session, evidence):
            if reason is None:
                source = evidence.storage_key
                evidence.mark_clean()
                if source != evidence.storage_key and store.exists(source):
                    store.move(source, evidence.storage_key)  # in the transaction: a failed move rolls it back
                _audit(session, evidence, "bid.evidence_scanned")
            else:
                evidence.mark_rejected(reason)
                _audit(session, evidence, "bid.evidence_rejected")
    if reason is not None:
        log.warning("evidence %s on bid %s refused: %s", waiting.id, waiting.bid_id, reason)
        _delete_everywhere(store, waiting)  # after the commit; the sweeper removes what a crash leaves


def _count_failed_attempt(
    session_factory: sessionmaker[Session], store: EvidenceStore, waiting: Waiting, error: str
) -> None:
    log.warning("evidence %s: the virus scanner failed on it: %s", waiting.id, error)
    with unit_of_work(session_factory) as session:
        evidence = _still_waiting(session, waiting)
        if evidence is None:
            return
        evidence.scan_attempts += 1
        evidence.scan_claimed_until = None  # free for the next pass, when clamd may answer again
        if evidence.scan_attempts < MAX_ATTEMPTS:
            return
        with _continuing_upload_chain(session, evidence):
            evidence.mark_rejected(COULD_NOT_CHECK)
            _audit(session, evidence, "bid.evidence_rejected")
    _delete_everywhere(store, waiting)


def _still_waiting(session: Session, waiting: Waiting) -> EvidenceFile | None:
    evidence = session.get(EvidenceFile, waiting.id, with_for_update=is_postgres(session))
    return evidence if evidence is not None and evidence.status == "scanning" else None


def _audit(session: Session, evidence: EvidenceFile, action: str) -> None:
    after = {"id": evidence.id, "status": evidence.status, "rejection_reason": evidence.rejection_reason}
    changes = {"evidence_file": {"before": {"id": evidence.id, "status": "scanning"}, "after": after}}
    audit.record(session, action, "bid", evidence.bid_id, csp_id=evidence.csp_id, changes=changes)


@contextmanager
def _continuing_upload_chain(session: Session, evidence: EvidenceFile) -> Iterator[None]:
    """The scan's audit event carries the correlation id that began the bid's chain, as notifications do."""
    token = set_correlation_id(audit.first_correlation_id(session, "bid", evidence.bid_id))
    try:
        yield
    finally:
        reset_correlation_id(token)


def _delete_everywhere(store: EvidenceStore, waiting: Waiting) -> None:
    store.delete(EvidenceFile.quarantine_key(waiting.bid_id, waiting.id))
    store.delete(EvidenceFile.clean_key(waiting.bid_id, waiting.id))


class QuarantineSweeper:
    """Deletes objects no row vouches for: quarantine objects whose file is no longer waiting (or never got
    a row, after a crash between upload and commit), and clean objects whose row is gone. Only objects older
    than ``older_than``, so an upload still between its two steps is never touched; runs at most every
    ``every`` seconds, since listing a bucket is not free. Also forgets expired Idempotency-Key answers."""

    def __init__(
        self, session_factory: sessionmaker[Session], store: EvidenceStore, older_than: timedelta, every: float = 3600
    ) -> None:
        self._session_factory, self._store = session_factory, store
        self._older_than, self._every, self._last = older_than, every, float("-inf")

    def __call__(self) -> int:
        if time.monotonic() - self._last < self._every:
            return 0
        self._last = time.monotonic()
        return self.sweep()

    def sweep(self) -> int:
        # First, so an evidence store that cannot be listed does not keep old answers for ever.
        forgotten = idempotency.forget_expired(self._session_factory)
        if forgotten:
            log.info("forgot %d expired Idempotency-Key answers", forgotten)
        cutoff, removed = utcnow() - self._older_than, 0
        for prefix in ("quarantine/", "evidence/"):
            for listed in list(self._store.listing(prefix)):
                if listed.modified_at <= cutoff and self._orphaned(listed.key):
                    self._store.delete(listed.key)
                    removed += 1
        if removed:
            log.warning("removed %d evidence objects that no file row vouched for", removed)
        return 0  # housekeeping never keeps the task loop from resting

    def _orphaned(self, key: str) -> bool:
        parts = key.split("/")
        if len(parts) != 3:
            return False  # not a key we made: leave it for a person to look at
        with self._session_factory() as session:
            evidence = session.get(EvidenceFile, parts[2])
        if evidence is None:
            return True
        if parts[0] == "quarantine":
            return evidence.status != "scanning"
        return evidence.status == "rejected"  # a waiting file may have been moved here just before a crash
