"""Bids, their evidence, and bids' read copy of funding rounds."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.bids import event_payloads
from services.bids.checklist import Section, checklist, missing
from services.bids.content import budget_total
from services.bids.db import Base
from services.bids.evidence_file import EvidenceFile  # noqa: F401 - mapped here for Bid.evidence, imported from here
from services.bids.status_history import BidStatusChange, person
from shared.audit.changes import plain
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.problems import DomainProblem


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

    def accepts_resubmissions(self) -> bool:
        """The OPCC asked for a returned bid's amendments, so its closing date does not shut them out;
        once the round is decided there is nobody left to read them."""
        return self.status in ("open", "closed")

    def move_to(self, status: str) -> None:
        """Events can arrive late after retries: a round never goes back (a closed round stays closed)."""
        if self.LIFECYCLE.index(status) >= self.LIFECYCLE.index(self.status):
            self.status = status


class Bid(CspOwned, Base):
    __tablename__ = "bid"
    invited_bid_column = "id"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=_uuid)
    round_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    need: Mapped[str] = mapped_column(sa.Text, default="")  # the need the project meets, and its evidence
    # The total of the budget lines once there are any; before that, a figure the CSP may type (the v1 API's).
    amount_requested_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    priorities: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    outcomes: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)  # {outcome, measure, target}
    delivery_provider_name: Mapped[str] = mapped_column(sa.String(300), default="")
    provider_type: Mapped[str | None] = mapped_column(sa.String(20))  # content.PROVIDER_TYPES
    charity_number: Mapped[str | None] = mapped_column(sa.String(10))
    company_number: Mapped[str | None] = mapped_column(sa.String(8))
    local_authority_code: Mapped[str | None] = mapped_column(sa.String(9))
    wards: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # within the CSP's area, which is implied
    postcodes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # "LE13 0PB"
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    budget_lines: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)  # {category, description, amounts}
    other_funding: Mapped[list[dict]] = mapped_column(
        sa.JSON, default=list
    )  # {funder, programme, amount_pence, status}
    match_funding: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)  # {source, amount_pence}
    risks: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)  # {risk, mitigation}
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    version: Mapped[int] = mapped_column(default=1)  # the version being drafted, or the last submitted
    revision: Mapped[int] = mapped_column()  # bumped by every UPDATE of the row: the ETag
    created_by: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[dict | None] = mapped_column(sa.JSON)
    # The OPCC's decision from `bid.decided` (lifecycle.record_decision): outcome, amount, conditions, why.
    decision: Mapped[dict | None] = mapped_column(sa.JSON)
    evidence: Mapped[list[EvidenceFile]] = relationship(order_by=EvidenceFile.uploaded_at, lazy="selectin")
    status_history: Mapped[list[BidStatusChange]] = relationship(order_by=BidStatusChange.at, lazy="selectin")

    # Optimistic concurrency: every UPDATE says "WHERE revision = <the one loaded>" and bumps it.
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 - SQLAlchemy's own class attribute

    # What a CSP writes, and what a submitted version's snapshot holds (services/bids/versions.py).
    CONTENT_FIELDS = (
        "title",
        "summary",
        "need",
        "priorities",
        "outcomes",
        "delivery_provider_name",
        "provider_type",
        "charity_number",
        "company_number",
        "local_authority_code",
        "wards",
        "postcodes",
        "starts_on",
        "ends_on",
        "budget_lines",
        "other_funding",
        "match_funding",
        "risks",
        "amount_requested_pence",
    )
    EDITABLE = CONTENT_FIELDS
    EDITABLE_STATUSES = ("draft", "returned")
    DELETED = "deleted"  # a draft its CSP deleted: kept for the audit trail, shown to nobody
    _UNIQUE_LISTS = ("priorities", "wards", "postcodes")

    def change(self, fields: dict) -> None:
        """Change only the fields given; lists and amounts-by-year are replaced whole."""
        self.require_editable()
        had_lines = bool(self.budget_lines)
        lines = fields.get("budget_lines", self.budget_lines) or []
        typed = fields.get("amount_requested_pence")
        if typed is not None and lines and typed != budget_total(lines):
            raise DomainProblem(
                "The amount requested is the total of the budget lines",
                errors={"amount_requested": "Leave out the amount requested: it is the total of the budget lines"},
            )
        for name, value in fields.items():
            if name in self.CONTENT_FIELDS:
                setattr(self, name, value)
        # A priority, ward or postcode given twice counts once (bid.submitted promises unique priorities).
        for name in self._UNIQUE_LISTS:
            setattr(self, name, list(dict.fromkeys(getattr(self, name) or [])))
        if lines:
            self.amount_requested_pence = budget_total(lines) or None
        elif had_lines and "amount_requested_pence" not in fields:
            self.amount_requested_pence = None
        self.updated_at = utcnow()

    def content(self) -> dict:
        """Everything the CSP wrote, as JSON holds it: a submitted version's snapshot."""
        return {name: plain(getattr(self, name)) for name in self.CONTENT_FIELDS}

    def restore(self, content: dict) -> None:
        """Take the content of a snapshot (`content()`), for example into a clone; dates come back as dates."""
        for name in self.CONTENT_FIELDS:
            if name in content:
                value = content[name]
                if name in ("starts_on", "ends_on") and isinstance(value, str):
                    value = date.fromisoformat(value)
                setattr(self, name, value)
        self.updated_at = utcnow()

    def require_editable(self) -> None:
        if self.status not in self.EDITABLE_STATUSES:
            raise DomainProblem(
                f"This bid has been {self.status} and can no longer be changed", status=409, kind="wrong-state"
            )

    def move_to(self, status: str, actor: Principal | None, reason: str | None = None) -> None:
        """Every status move goes through here, so the history shows each one: who, when and why."""
        self.status = status
        self.status_history.append(
            BidStatusChange(csp_id=self.csp_id, status=status, at=utcnow(), by=person(actor), reason=reason)
        )
        self.updated_at = utcnow()

    def require_deletable(self) -> None:
        """Only a draft never submitted may be deleted: once the OPCC has seen a bid, they keep its history
        with them, so it is withdrawn instead (a returned bid is still the OPCC's request to amend)."""
        if self.status == "draft":
            return
        detail = {
            "submitted": "This bid has been submitted, so it cannot be deleted. Withdraw it instead",
            "returned": "This bid has been returned by the OPCC, so it cannot be deleted. Withdraw it instead",
        }.get(self.status, f"This bid has been {self.status} and cannot be deleted")
        raise DomainProblem(detail, status=409, kind="wrong-state")

    def delete(self, actor: Principal) -> None:
        """The row stays, with its history, for the audit trail; a deleted bid is found by nobody."""
        self.require_deletable()
        self.move_to(self.DELETED, actor)

    def require_draft(self) -> None:
        if self.status != "draft":
            raise DomainProblem(
                f"This bid has been {self.status} and can no longer be changed", status=409, kind="wrong-state"
            )

    def checklist(self, funding_round: RoundCopy | None, allocation: dict | None = None) -> list[Section]:
        return checklist(self, funding_round, allocation)

    def missing_for_submission(self, funding_round: RoundCopy, allocation: dict | None = None) -> dict[str, str]:
        """What still stops submission, one message per field, each one a CSP officer can act on."""
        return missing(self.checklist(funding_round, allocation))

    def submit(
        self,
        funding_round: RoundCopy | None,
        principal: Principal,
        day: date,
        allocation: dict | None = None,
        version: int | None = None,
    ) -> None:
        """`allocation`: the CSP's allocation summary (submission.allocation_of); `version`: its number."""
        self.require_editable()
        resubmission = self.status == "returned" and funding_round is not None and funding_round.accepts_resubmissions()
        if funding_round is None or not (funding_round.accepts_bids_on(day) or resubmission):
            raise DomainProblem(
                "This funding round is not open for bids",
                status=409,
                kind="round-not-open",
                errors={"round_id": "Choose a funding round that is open for bids"},
            )
        found = self.missing_for_submission(funding_round, allocation)
        if found:
            raise DomainProblem("The bid cannot be submitted yet", errors=found, kind="bid-incomplete")
        self.version = version or self.version
        self.submitted_at = utcnow()
        self.submitted_by = {"user_id": principal.user_id, "name": principal.name, "email": principal.email}
        self.move_to("submitted", principal)

    def draft_payload(self) -> dict:
        """`bid.draft_saved` version 2 (event_payloads.DRAFT_SAVED_VERSION)."""
        return event_payloads.draft_saved(self)

    def submitted_payload(self, funding_round: RoundCopy) -> dict:
        """`bid.submitted` version 2 (event_payloads.SUBMITTED_VERSION)."""
        return event_payloads.submitted(self, funding_round)
