"""Funding rounds and the OPCC review queue."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.grants.bid_content import BidContent
from services.grants.db import Base
from services.grants.round_changes import DETAILS, RoundChange, differences, reason_wanted
from services.grants.round_rules import NO_RULES, RULES, rule_errors
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import today, utcnow
from shared.db import UTCDateTime
from shared.http.problems import DomainProblem

# [0-9], not \d, which also matches other scripts' digits; fullmatch, because $ allows a trailing newline.
_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


def valid_financial_year(text: str) -> bool:
    """ "2026/27": a year and the two digits of the next (the year runs 1 April to 31 March)."""
    match = _YEAR.fullmatch(text)
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def round_errors(financial_year: str, opens_on: date, closes_on: date, pot_pence: int, rules: dict) -> dict[str, str]:
    errors = rule_errors(rules, pot_pence)
    if not valid_financial_year(financial_year):
        errors["financial_year"] = "Enter the financial year like 2026/27"
    if closes_on <= opens_on:
        errors["closes_on"] = "The closing date must be after the opening date"
    if pot_pence <= 0:
        errors["pot"] = "The pot must be more than £0"
    return errors


class FundingRound(Base):
    __tablename__ = "funding_round"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    name: Mapped[str] = mapped_column(sa.String(200))
    financial_year: Mapped[str] = mapped_column(sa.String(7))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    pot_pence: Mapped[int] = mapped_column(sa.BigInteger)
    priorities: Mapped[list[str]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    created_by: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The rules (round_rules.py): null or empty means no limit, as for rounds made before rules existed.
    min_amount_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    max_amount_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    eligible_cost_categories: Mapped[list[str] | None] = mapped_column(sa.JSON)
    required_evidence_types: Mapped[list[str] | None] = mapped_column(sa.JSON)
    max_duration_months: Mapped[int | None]
    multi_year_allowed: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    changes: Mapped[list[RoundChange]] = relationship(order_by=RoundChange.changed_at, lazy="selectin")

    @classmethod
    def draft(
        cls, *, name, financial_year, opens_on, closes_on, pot_pence, priorities, created_by, rules=None
    ) -> FundingRound:
        rules = NO_RULES | (rules or {})
        errors = round_errors(financial_year, opens_on, closes_on, pot_pence, rules)
        if errors:
            raise DomainProblem("The funding round cannot be created", errors=errors)
        return cls(
            name=name,
            financial_year=financial_year,
            opens_on=opens_on,
            closes_on=closes_on,
            pot_pence=pot_pence,
            priorities=list(dict.fromkeys(priorities)),
            created_by=created_by,
            status="draft",
            changes=[],
            **rules,
        )

    def visible_to(self, principal: Principal) -> bool:
        """A draft is the OPCC's work in progress: people acting for a CSP or provider see a round, and its
        allocations, once it opens (README, Roles)."""
        return self.status != "draft" or principal.is_opcc

    @property
    def rules(self) -> dict:
        return {name: getattr(self, name) for name in RULES} | {
            "eligible_cost_categories": list(self.eligible_cost_categories or []),
            "required_evidence_types": list(self.required_evidence_types or []),
        }

    def open(self) -> None:
        if self.status != "draft":
            raise DomainProblem(f"This round is already {self.status}", status=409, kind="wrong-state")
        if self.closes_on < today():
            raise DomainProblem(
                "This round's closing date has passed: change the dates before opening it",
                status=409,
                errors={"closes_on": "The closing date must be today or later"},
                kind="wrong-state",
            )
        self.status = "open"
        self.opened_at = utcnow()

    def close(self) -> None:
        if self.status != "open":
            raise _wrong_state(f"Only an open round can be closed: this round is {self.status}")
        self.status = "closed"
        self.closed_at = utcnow()

    def decide(self) -> None:
        if self.status == "decided":
            raise _wrong_state("This round has already been decided")
        if self.status != "closed":
            raise _wrong_state(f"Close the round before recording its decisions: this round is {self.status}")
        self.status = "decided"
        self.decided_at = utcnow()

    def accepts_submissions(self, resubmission: bool = False) -> bool:
        """Whether bids would take a bid to this round now, as its RoundCopy judges it: a new one only while
        the round is open (bids also holds it to the closing date, which the OPCC may still move), one
        returned for amendment until the round is decided."""
        return self.status == "open" or (resubmission and self.status == "closed")

    def change(self, fields: dict, reason: str | None, bids_arrived: bool, changed_by: dict) -> RoundChange | None:
        """Change details and rules; after bids have arrived, changing what they are judged against (rules,
        priorities, pot, dates, financial year) needs a reason (round_changes.NEEDS_A_REASON). Every change is kept."""
        if self.status not in ("draft", "open"):
            raise _wrong_state(f"This round is {self.status} and can no longer be changed")
        details = {name: value for name, value in fields.items() if name != "rules"}
        rules = self.rules | fields.get("rules", {})
        changes = differences(self, details) | differences(self, rules)
        if not changes:
            return None
        wanted = reason_wanted(set(changes)) if bids_arrived and not (reason or "").strip() else None
        if wanted:
            raise DomainProblem(wanted, errors={"reason": wanted}, kind="reason-required")
        after = {name: getattr(self, name) for name in DETAILS} | details
        errors = round_errors(after["financial_year"], after["opens_on"], after["closes_on"], after["pot_pence"], rules)
        if errors:
            raise DomainProblem("The funding round cannot be changed", errors=errors)
        for name, value in (details | rules).items():
            setattr(self, name, list(dict.fromkeys(value)) if isinstance(value, list) else value)
        return RoundChange(
            round_id=self.id, changed_by=changed_by, changed_at=utcnow(), reason=reason or None, changes=changes
        )

    def opened_payload(self) -> dict:
        return {
            "round_id": self.id,
            "name": self.name,
            "financial_year": self.financial_year,
            "opens_on": self.opens_on.isoformat(),
            "closes_on": self.closes_on.isoformat(),
            "pot_pence": self.pot_pence,
            "priorities": list(self.priorities),
        }

    def snapshot_payload(self, allocations: dict[str, int]) -> dict:
        """The round as bids needs it (round.opened v2, round.updated): details, rules, allocations."""
        return self.opened_payload() | {"rules": self.rules, "allocations": dict(allocations)}


def _wrong_state(detail: str) -> DomainProblem:
    return DomainProblem(detail, status=409, kind="wrong-state")


# Where a submitted bid stands with the OPCC (returns.py, decisions.py).
REVIEW_STATUSES = ("awaiting_review", "returned", "awarded", "declined", "withdrawn")
# Not yet decided: the bid's request still stands against its CSP's allocation, and its round waits for it.
UNDECIDED = ("awaiting_review", "returned")
# Still asking for money: undecided, or awarded (withdrawn and declined bids ask for nothing).
STANDING = (*UNDECIDED, "awarded")


class ReviewItem(CspOwned, BidContent, Base):
    """A submitted bid waiting for the OPCC, as learnt from `bid.submitted`."""

    __tablename__ = "review_item"

    bid_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    round_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    round_name: Mapped[str] = mapped_column(sa.String(200), default="")
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    csp_name: Mapped[str] = mapped_column(sa.String(200), default="")
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text)
    amount_requested_pence: Mapped[int] = mapped_column(sa.BigInteger)
    priorities: Mapped[list[str]] = mapped_column(sa.JSON)
    delivery_provider_name: Mapped[str] = mapped_column(sa.String(300))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by: Mapped[dict] = mapped_column(sa.JSON)
    evidence: Mapped[list[dict]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(30), default="awaiting_review")
    event_id: Mapped[str] = mapped_column(sa.String(36))
    # The automatic duplicate-funding check on submission, as the OPCC sees it.
    duplicate_check: Mapped[dict | None] = mapped_column(sa.JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Why the OPCC returned the bid for amendment, or the CSP withdrew it (services/grants/returns.py).
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The OPCC's decision (services/grants/decisions.py): status awarded/declined, with status_reason saying why.
    amount_awarded_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    award_conditions: Mapped[list[str] | None] = mapped_column(sa.JSON)
    decided_by: Mapped[dict | None] = mapped_column(sa.JSON)
    # Not a column (hence no Mapped[] annotation): duplicate_check as the review record shows it, each finding
    # with its decision as it is now (finding_decisions.present_reviews). The stored check holds decisions
    # only as they were when it ran.
    presented_check = None
