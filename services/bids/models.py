"""Bids, their evidence, and bids' read copy of funding rounds."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.bids.db import Base
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.fields import pounds_for_people
from shared.http.problems import DomainProblem
from shared.reference import CSP_BY_ID


def _uuid() -> str:
    return str(uuid.uuid4())


class RoundCopy(Base):
    """What bids knows of a funding round, learnt only from grants' events."""

    __tablename__ = "round_copy"

    round_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    financial_year: Mapped[str] = mapped_column(sa.String(7))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    pot_pence: Mapped[int] = mapped_column(sa.BigInteger)
    priorities: Mapped[list[str]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(20))
    # From round.opened v2 and round.updated; null for a round opened with v1 (no rules, no allocations).
    rules: Mapped[dict | None] = mapped_column(sa.JSON)
    allocations: Mapped[dict | None] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    LIFECYCLE = ("open", "closed", "decided")

    def accepts_bids_on(self, day: date) -> bool:
        return self.status == "open" and self.opens_on <= day <= self.closes_on

    def move_to(self, status: str) -> None:
        """Events can arrive late after retries: a round never goes back (a closed round stays closed)."""
        if self.LIFECYCLE.index(status) >= self.LIFECYCLE.index(self.status):
            self.status = status

    def amount_problem(self, pence: int) -> str | None:
        """Why an amount breaks this round's minimum or maximum per bid; None if it does not."""
        rules = self.rules or {}
        low, high = rules.get("min_amount_pence"), rules.get("max_amount_pence")
        if low is not None and pence < low:
            return f"Enter an amount of at least {pounds_for_people(low)}"
        if high is not None and pence > high:
            return f"Enter an amount of no more than {pounds_for_people(high)}"
        return None


class EvidenceFile(CspOwned, Base):
    __tablename__ = "evidence_file"
    invited_bid_column = "bid_id"  # a provider contributor reaches the evidence of their bid

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=_uuid)
    bid_id: Mapped[str] = mapped_column(sa.ForeignKey("bid.id"), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(300))
    uploaded_by: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def describe(self) -> dict:
        return {
            "evidence_id": self.id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
        }


class Bid(CspOwned, Base):
    __tablename__ = "bid"
    invited_bid_column = "id"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=_uuid)
    round_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    amount_requested_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    priorities: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    delivery_provider_name: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    created_by: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[dict | None] = mapped_column(sa.JSON)
    evidence: Mapped[list[EvidenceFile]] = relationship(order_by=EvidenceFile.uploaded_at, lazy="selectin")

    EDITABLE = ("title", "summary", "amount_requested_pence", "priorities", "delivery_provider_name")

    def change(self, fields: dict) -> None:
        self.require_draft()
        for name, value in fields.items():
            if name in self.EDITABLE:
                setattr(self, name, value)
        # A priority chosen twice counts once (bid.submitted promises unique priorities).
        self.priorities = list(dict.fromkeys(self.priorities or []))
        self.updated_at = utcnow()

    def require_draft(self) -> None:
        if self.status != "draft":
            raise DomainProblem(
                f"This bid has been {self.status} and can no longer be changed", status=409, kind="wrong-state"
            )

    def missing_for_submission(self, funding_round: RoundCopy) -> dict[str, str]:
        """What still stops submission, as messages a CSP officer can act on."""
        missing: dict[str, str] = {}
        if not self.title.strip():
            missing["title"] = "Enter a title for the project"
        if not self.summary.strip():
            missing["summary"] = "Enter a summary of what the project will do"
        if not self.amount_requested_pence or self.amount_requested_pence <= 0:
            missing["amount_requested"] = "Enter the amount requested in pounds and pence"
        elif problem := funding_round.amount_problem(self.amount_requested_pence):
            missing["amount_requested"] = problem
        if not self.priorities:
            missing["priorities"] = "Choose at least one priority the project serves"
        elif not set(self.priorities) <= set(funding_round.priorities):
            missing["priorities"] = "Choose only priorities this round funds"
        if not self.delivery_provider_name.strip():
            missing["delivery_provider_name"] = "Enter the name of the organisation delivering the project"
        if not self.evidence:
            missing["evidence"] = "Upload at least one evidence file, such as a project plan or quote"
        return missing

    def submit(self, funding_round: RoundCopy | None, principal: Principal, day: date) -> None:
        self.require_draft()
        if funding_round is None or not funding_round.accepts_bids_on(day):
            raise DomainProblem(
                "This funding round is not open for bids",
                status=409,
                kind="round-not-open",
                errors={"round_id": "Choose a funding round that is open for bids"},
            )
        missing = self.missing_for_submission(funding_round)
        if missing:
            raise DomainProblem("The bid cannot be submitted yet", errors=missing, kind="bid-incomplete")
        self.status = "submitted"
        self.submitted_at = utcnow()
        self.submitted_by = {"user_id": principal.user_id, "name": principal.name, "email": principal.email}

    def draft_payload(self) -> dict:
        return {
            "bid_id": self.id,
            "round_id": self.round_id,
            "csp_id": self.csp_id,
            "title": self.title,
            "summary": self.summary,
            "amount_requested_pence": self.amount_requested_pence,
            "priorities": list(self.priorities),
            "delivery_provider": {"name": self.delivery_provider_name},
            "saved_at": self.updated_at.isoformat(),
        }

    def submitted_payload(self, funding_round: RoundCopy) -> dict:
        return {
            "bid_id": self.id,
            "round_id": self.round_id,
            "round_name": funding_round.name,
            "csp_id": self.csp_id,
            "csp_name": CSP_BY_ID[self.csp_id].name,
            "title": self.title,
            "summary": self.summary,
            "amount_requested_pence": self.amount_requested_pence,
            "priorities": list(self.priorities),
            "delivery_provider": {"name": self.delivery_provider_name},
            "submitted_at": self.submitted_at.isoformat(),
            "submitted_by": dict(self.submitted_by),
            "evidence": [file.describe() for file in self.evidence],
        }
