"""Per-CSP indicative allocations of a round's pot, and how much of each is already asked for.

By hand the allocations may add up to less than the pot (never more): the OPCC can hold some back as a
reserve for one-off costs, the way pooled underspend is used. From a formula, which needs figures for every
CSP, they add up to the pot's whole pounds exactly; pence in a pot (rare) stay unallocated and are shown as such.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.grants.allocation_formula import allocate, require_figures_for
from services.grants.bid_copies import BidCopy
from services.grants.db import Base
from services.grants.decisions import awarded_by_csp
from services.grants.models import STANDING, UNDECIDED, FundingRound, ReviewItem
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.fields import pounds_for_people
from shared.http.problems import DomainProblem
from shared.reference import CSPS


class Allocation(Base):
    __tablename__ = "round_allocation"

    round_id: Mapped[str] = mapped_column(sa.ForeignKey("funding_round.id"), primary_key=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    amount_pence: Mapped[int] = mapped_column(sa.BigInteger)
    method: Mapped[str] = mapped_column(sa.String(20))  # "hand" or "formula"
    # The formula's weights and the OPCC's figures, kept so anyone can check the sums.
    basis: Mapped[dict | None] = mapped_column(sa.JSON)
    set_by: Mapped[str] = mapped_column(sa.String(64))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def allocations_of(session: Session, round_id: str) -> dict[str, int]:
    rows = session.scalars(sa.select(Allocation).where(Allocation.round_id == round_id))
    return {row.csp_id: row.amount_pence for row in rows}


def state_of(session: Session, round_id: str) -> dict:
    """The round's allocations, how they were set and on what basis, as the audit trail compares them."""
    rows = list(session.scalars(sa.select(Allocation).where(Allocation.round_id == round_id)))
    return {
        "allocations": {row.csp_id: row.amount_pence for row in rows},
        "allocation_method": rows[0].method if rows else None,
        "allocation_basis": rows[0].basis if rows else None,
    }


def by_hand(funding_round: FundingRound, amounts: dict[str, int]) -> dict[str, int]:
    total = sum(amounts.values())
    if total > funding_round.pot_pence:
        raise DomainProblem(
            f"The allocations add up to {pounds_for_people(total)}, more than the pot of "
            f"{pounds_for_people(funding_round.pot_pence)}",
            errors={"allocations": "Enter allocations that add up to no more than the pot"},
        )
    return amounts


def by_formula(funding_round: FundingRound, weights: dict, data: dict) -> dict[str, int]:
    pounds = allocate(funding_round.pot_pence // 100, weights, data)
    # Every CSP may bid to every round: a formula sets all their allocations, or none.
    require_figures_for({csp.id: csp.name for csp in CSPS}, weights, data)
    return {csp: amount * 100 for csp, amount in pounds.items()}


def replace(session: Session, funding_round: FundingRound, amounts: dict[str, int], method: str, **kept) -> None:
    if funding_round.status not in ("draft", "open"):
        raise DomainProblem(
            f"This round is {funding_round.status}: its allocations can no longer be changed",
            status=409,
            kind="wrong-state",
        )
    session.execute(sa.delete(Allocation).where(Allocation.round_id == funding_round.id))
    for csp_id, amount in amounts.items():
        session.add(Allocation(round_id=funding_round.id, csp_id=csp_id, amount_pence=amount, method=method, **kept))
    session.flush()


def summary(session: Session, funding_round: FundingRound, viewer_csp: str | None) -> dict:
    """Each CSP's allocation, requested (standing bids), in drafts, awarded, and what remains.

    Remaining is the allocation less what undecided bids ask for and what awarded bids were given, so a
    partial award frees the rest; withdrawn and declined bids stand against nothing. `viewer_csp` is the
    CSP a CSP officer works for (None for the OPCC): drafts are private to their CSP, so other CSPs' draft
    totals are shown as null.
    """
    allocated = allocations_of(session, funding_round.id)
    requested = _totals(session, ReviewItem, funding_round.id, ReviewItem.status.in_(STANDING))
    pending = _totals(session, ReviewItem, funding_round.id, ReviewItem.status.in_(UNDECIDED))
    drafts = _totals(session, BidCopy, funding_round.id, BidCopy.status == "draft")
    awards = awarded_by_csp(session, funding_round.id)
    rows = []
    for csp in CSPS:
        allocation = allocated.get(csp.id, 0)
        asked = requested.get(csp.id, 0)
        awarded = awards.get(csp.id, 0)
        rows.append(
            {
                "csp_id": csp.id,
                "csp_name": csp.name,
                "allocation_pence": allocation,
                "requested_pence": asked,
                "in_drafts_pence": drafts.get(csp.id, 0) if viewer_csp in (None, csp.id) else None,
                "awarded_pence": awarded,
                "remaining_pence": allocation - pending.get(csp.id, 0) - awarded,
            }
        )
    total = sum(allocated.values())
    return {
        "round_id": funding_round.id,
        "pot_pence": funding_round.pot_pence,
        "allocated_pence": total,
        "unallocated_pence": funding_round.pot_pence - total,
        "csps": rows,
    }


def _totals(session: Session, table, round_id: str, *where) -> dict[str, int]:
    query = (
        sa.select(table.csp_id, sa.func.coalesce(sa.func.sum(table.amount_requested_pence), 0))
        .where(table.round_id == round_id, *where)
        .group_by(table.csp_id)
    )
    return {csp_id: int(total) for csp_id, total in session.execute(query)}
