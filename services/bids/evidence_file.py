"""An evidence file on a bid, from upload through quarantine to clean or rejected."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.bids.db import Base
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.problems import DomainProblem


def _uuid() -> str:
    return str(uuid.uuid4())


class EvidenceFile(CspOwned, Base):
    """An uploaded file. It waits in quarantine ("scanning") until the virus scanner passes it ("clean")
    or refuses it ("rejected", with a reason for a person); only a clean file is downloaded or counted."""

    __tablename__ = "evidence_file"
    invited_bid_column = "bid_id"  # a provider contributor reaches the evidence of their bid

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=_uuid)
    bid_id: Mapped[str] = mapped_column(sa.ForeignKey("bid.id"), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))  # sniffed from the bytes, never the browser's word
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(300))  # quarantine/... until clean, then evidence/...
    uploaded_by: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_role: Mapped[str | None] = mapped_column(sa.String(40))
    uploaded_by_name: Mapped[str | None] = mapped_column(sa.String(200))
    evidence_type: Mapped[str | None] = mapped_column(sa.String(64))  # a key of shared.reference.EVIDENCE_TYPES
    status: Mapped[str] = mapped_column(sa.String(20), default="scanning", index=True)
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(300))
    scanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scan_attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    # A worker scanning the file holds it until then, so two workers do not read it twice; a crashed
    # worker's claim simply runs out (evidence_scanning.CLAIM).
    scan_claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    STATUSES = ("scanning", "clean", "rejected")

    @staticmethod
    def quarantine_key(bid_id: str, evidence_id: str) -> str:
        return f"quarantine/{bid_id}/{evidence_id}"

    @staticmethod
    def clean_key(bid_id: str, evidence_id: str) -> str:
        return f"evidence/{bid_id}/{evidence_id}"

    @property
    def is_clean(self) -> bool:
        return self.status == "clean"

    @property
    def uploader(self) -> dict:
        """Who uploaded it, as the CSP sees it: so an officer can tell a provider's file from their own."""
        return {"role": self.uploaded_by_role, "name": self.uploaded_by_name}

    def mark_clean(self) -> None:
        self.status, self.rejection_reason, self.scanned_at = "clean", None, utcnow()
        self.storage_key = self.clean_key(self.bid_id, self.id)

    def mark_rejected(self, reason: str) -> None:
        self.status, self.rejection_reason, self.scanned_at = "rejected", reason[:300], utcnow()

    def require_downloadable(self) -> None:
        if self.status == "rejected":
            # Nothing is kept of a refused file, so there is nothing to download: say so as "not found".
            raise DomainProblem(f"This file was refused: {self.rejection_reason}", status=404, kind="not-found")
        if not self.is_clean:
            raise DomainProblem(
                "This file is still being checked for viruses: try again in a minute", status=409, kind="not-scanned"
            )

    def may_be_removed_by(self, principal: Principal) -> bool:
        """A CSP officer may remove any of their bid's files; a provider contributor only their own uploads,
        so an invitee cannot take away evidence the CSP put there."""
        return principal.role != "provider_contributor" or principal.user_id == self.uploaded_by

    def describe(self) -> dict:
        return {
            "evidence_id": self.id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
        }
