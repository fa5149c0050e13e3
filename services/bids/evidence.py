"""Evidence use cases: upload into quarantine, list, download once clean, remove while the bid is editable.

An upload is judged in two steps. The cheap checks run during the request and refuse with a 422 before
anything is stored: size (per file and per bid), an empty file, and the type sniffed from the bytes (zip
bomb limits for DOCX and XLSX included). A file that passes is stored under a generated key in the
quarantine area and answered 201 with status "scanning"; the virus scan runs in the background
(`evidence_scanning.py`), and only then does the file move to the clean area and become downloadable.
"""

from __future__ import annotations

import logging
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.bids.audit import audit
from services.bids.handlers import get_bid, safe_filename
from services.bids.models import Bid, EvidenceFile
from shared.audit import created
from shared.auth.principal import Principal
from shared.config import EvidenceSettings
from shared.db import is_postgres, unit_of_work
from shared.http.problems import DomainProblem
from shared.scanning.sniffing import FileRefused, sniff
from shared.storage.port import CHUNK_SIZE, EvidenceStore, StoredObject

log = logging.getLogger(__name__)
_SPOOL_IN_MEMORY = 1024 * 1024
# Browsers send a file's own name, never a folder: a separator, a control character or a bidi override
# ("invoice<U+202E>fdp.exe" shows as "invoiceexe.pdf") is someone crafting the request. Refused, not tidied.
_CRAFTED_NAME = re.compile(r"[/\\\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CRAFTED_NAME = "The file name must not contain slashes or control characters: rename the file and try again"


def add_evidence(
    session_factory: sessionmaker[Session],
    store: EvidenceStore,
    limits: EvidenceSettings,
    principal: Principal,
    bid_id: str,
    filename: str,
    stream: BinaryIO,
    evidence_type: str | None = None,
) -> EvidenceFile:
    with unit_of_work(session_factory) as session:
        get_bid(session, principal, bid_id).require_editable()
        used = bytes_used(session, bid_id)
    if _CRAFTED_NAME.search(filename):
        raise _refusal(CRAFTED_NAME)
    with _seekable(stream, limits.max_file_bytes) as upload:
        media_type = _cheap_checks(upload, limits, used)
        evidence_id = str(uuid.uuid4())
        # Generated keys: nothing a user typed reaches the storage path.
        stored = store.put(EvidenceFile.quarantine_key(bid_id, evidence_id), upload, media_type)
    try:
        with unit_of_work(session_factory) as session:
            bid = _locked(session, principal, bid_id)
            bid.require_editable()
            # Again under the bid's lock: two uploads at once must not both fit in the last few MB.
            _require_room(bytes_used(session, bid_id), stored.size_bytes, limits)
            evidence = _quarantined(bid, evidence_id, stored, principal, filename, evidence_type)
            session.add(evidence)
            after = evidence.describe() | {"status": evidence.status, "evidence_type": evidence_type}
            changes = created({"evidence_file": after})
            audit.record(session, "bid.evidence_added", "bid", bid_id, csp_id=bid.csp_id, changes=changes)
    except Exception:
        store.delete(stored.key)  # nothing half-written: the row failed, so the object goes too
        raise
    log.info("evidence %s (%d bytes, %s) quarantined for bid %s", evidence_id, stored.size_bytes, media_type, bid_id)
    return evidence


def _quarantined(
    bid: Bid, evidence_id: str, stored: StoredObject, principal: Principal, filename: str, evidence_type: str | None
) -> EvidenceFile:
    return EvidenceFile(
        id=evidence_id,
        bid_id=bid.id,
        csp_id=bid.csp_id,
        filename=safe_filename(filename),
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by=principal.user_id,
        uploaded_by_role=principal.role,
        uploaded_by_name=principal.name,
        evidence_type=evidence_type,
        status="scanning",
        scan_attempts=0,
    )


def bytes_used(session: Session, bid_id: str) -> int:
    """What a bid's files take up against its cap: refused files were deleted, so they take nothing."""
    query = sa.select(sa.func.coalesce(sa.func.sum(EvidenceFile.size_bytes), 0)).where(
        EvidenceFile.bid_id == bid_id, EvidenceFile.status != "rejected"
    )
    return int(session.scalar(query) or 0)


def list_evidence(session: Session, principal: Principal, bid_id: str) -> list[EvidenceFile]:
    return list(get_bid(session, principal, bid_id).evidence)


def get_evidence(session: Session, principal: Principal, bid_id: str, evidence_id: str) -> EvidenceFile:
    for evidence in get_bid(session, principal, bid_id).evidence:
        if evidence.id == evidence_id:
            return evidence
    raise DomainProblem("There is no evidence file with that id on this bid", status=404, kind="not-found")


def downloadable(session: Session, principal: Principal, bid_id: str, evidence_id: str) -> EvidenceFile:
    """The file, if it may be downloaded: only once the virus scan passed it."""
    evidence = get_evidence(session, principal, bid_id, evidence_id)
    evidence.require_downloadable()
    return evidence


def remove_evidence(
    session_factory: sessionmaker[Session], store: EvidenceStore, principal: Principal, bid_id: str, evidence_id: str
) -> None:
    with unit_of_work(session_factory) as session:
        bid = _locked(session, principal, bid_id)
        evidence = get_evidence(session, principal, bid_id, evidence_id)
        bid.require_editable()
        if not evidence.may_be_removed_by(principal):
            raise DomainProblem(
                "You can only remove files you uploaded: ask the CSP officer to remove this one",
                status=403,
                kind="not-yours",
            )
        # Both areas: a crash between a scan's move and its commit can leave the object in either.
        keys = {EvidenceFile.quarantine_key(bid_id, evidence_id), EvidenceFile.clean_key(bid_id, evidence_id)}
        before = evidence.describe() | {"status": evidence.status, "evidence_type": evidence.evidence_type}
        session.delete(evidence)
        changes = {"evidence_file": {"before": before, "after": None}}
        audit.record(session, "bid.evidence_removed", "bid", bid_id, csp_id=bid.csp_id, changes=changes)
    # After the commit: a failed delete leaves an object with no row, which the quarantine sweeper or a
    # retry removes; deleting first could leave a row whose file is gone.
    for key in keys:
        store.delete(key)


def _locked(session: Session, principal: Principal, bid_id: str) -> Bid:
    bid = get_bid(session, principal, bid_id)
    if is_postgres(session):
        session.refresh(bid, with_for_update=True)  # SQLite's BEGIN IMMEDIATE already serialises writers
    return bid


def _cheap_checks(upload: BinaryIO, limits: EvidenceSettings, used: int) -> str:
    """The sniffed media type, once size, emptiness and type pass; else a refusal for a person."""
    size = upload.seek(0, 2)
    upload.seek(0)
    if size == 0:
        raise _refusal("The selected file is empty")
    if size > limits.max_file_bytes:
        raise _refusal(f"The selected file must be smaller than {limits.max_file_mb}MB", status=413)
    _require_room(used, size, limits)
    try:
        return sniff(upload)
    except FileRefused as refused:
        raise _refusal(str(refused)) from None


def _require_room(used: int, size: int, limits: EvidenceSettings) -> None:
    if used + size > limits.max_bid_bytes:
        raise _refusal(
            f"The files for one bid must add up to less than {limits.max_bid_mb}MB: remove a file to make room"
        )


def _refusal(message: str, status: int = 422) -> DomainProblem:
    log.info("evidence upload refused: %s", message)
    return DomainProblem(message, status=status, errors={"file": message}, kind="invalid-file")


@contextmanager
def _seekable(stream: BinaryIO, limit: int) -> Iterator[BinaryIO]:
    """The upload as a seekable file: werkzeug's spooled upload as it is; anything else is copied to a
    temporary file, at most ``limit`` + 1 bytes (enough to know it is too big)."""
    if stream.seekable():
        yield stream
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as copy:
        while (chunk := stream.read(min(CHUNK_SIZE, limit + 1 - copy.tell()))) and copy.tell() <= limit:
            copy.write(chunk)
        copy.seek(0)
        yield copy
