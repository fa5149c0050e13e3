"""An OPCC reviewer's decision on one duplicate-funding finding, with the reason they must give.

Who decided what, when and why is kept, and shown to the CSP beside the finding it is about, so a CSP
learns why a match did or did not count against its bid.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.grants.audit import audit
from services.grants.db import Base
from services.grants.models import UNDECIDED, ReviewItem
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.problems import DomainProblem

DECISIONS = {
    "duplicate": "Duplicate — same activity",
    "not_duplicate": "Related, not a duplicate",
}


class FindingDecision(CspOwned, Base):
    __tablename__ = "finding_decision"
    __table_args__ = (sa.UniqueConstraint("bid_id", "kind", "candidate_id"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    bid_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    candidate_id: Mapped[str] = mapped_column(sa.String(64))
    decision: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.Text)
    decided_by: Mapped[dict] = mapped_column(sa.JSON)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def describe(self) -> dict:
        return {
            "decision": self.decision,
            "label": DECISIONS[self.decision],
            "reason": self.reason,
            "decided_by": self.decided_by.get("name", ""),
            "decided_at": self.decided_at.isoformat(),
        }


def decide(session: Session, principal: Principal, bid_id: str, kind: str, candidate_id: str, fields: dict):
    """Record (or change) the decision on a finding the automatic check made for a bid still to decide."""
    # Locked, as decisions.decide_bid locks it: an award is never made on a decision changing under it.
    item = session.get(ReviewItem, bid_id, with_for_update=True)
    if item is None:
        raise DomainProblem("There is no submitted bid with that id", status=404, kind="not-found")
    _require_undecided(item)
    findings = (item.duplicate_check or {}).get("findings", [])
    finding = next((f for f in findings if f["kind"] == kind and f["id"] == candidate_id), None)
    if finding is None:
        raise DomainProblem(
            "The duplicate-funding check on this bid made no such finding", status=404, kind="not-found"
        )
    decision = session.scalar(
        sa.select(FindingDecision).where(
            FindingDecision.bid_id == bid_id, FindingDecision.kind == kind, FindingDecision.candidate_id == candidate_id
        )
    ) or FindingDecision(bid_id=bid_id, csp_id=item.csp_id, kind=kind, candidate_id=candidate_id)
    before = {"decision": decision.decision, "reason": decision.reason} if decision.decision else None
    decision.decision = fields["decision"]
    decision.reason = fields["reason"].strip()
    decision.decided_by = {"user_id": principal.user_id, "name": principal.name, "role": principal.role}
    decision.decided_at = utcnow()
    session.add(decision)
    session.flush()
    after = {"decision": decision.decision, "reason": decision.reason}
    changes = {f"finding:{kind}:{candidate_id}": {"before": before, "after": after}}
    # A finding the CSP is not shown (another CSP's bid, a confidential record) is not in its bid's history.
    csp_id = item.csp_id if _shown_to_csp(finding, item.csp_id) else None
    audit.record(session, "finding.decided", "bid", bid_id, csp_id=csp_id, changes=changes)
    return decision


def _require_undecided(item: ReviewItem) -> None:
    """The decisions on findings are the basis of the bid's award or refusal: changed afterwards, they would
    tell the CSP and auditors a story the decision was not made on. A withdrawn bid has nothing to decide."""
    if item.status in UNDECIDED:
        return
    who = " by its CSP" if item.status == "withdrawn" else ""
    raise DomainProblem(
        f"This bid has been {item.status}{who}: decisions on its duplicate findings can no longer change",
        status=409,
        kind="wrong-state",
    )


def _shown_to_csp(finding: dict, csp_id: str) -> bool:
    if finding["kind"] == "register":
        return not finding.get("confidential")
    return finding.get("csp_id") == csp_id


def decisions_for(session: Session, bid_id: str) -> dict[tuple[str, str], FindingDecision]:
    rows = session.scalars(sa.select(FindingDecision).where(FindingDecision.bid_id == bid_id))
    return {(row.kind, row.candidate_id): row for row in rows}


def present_reviews(session: Session, items: list[ReviewItem]) -> list[ReviewItem]:
    """Review records as the OPCC reads them: each finding of the stored check with its decision as it is now.

    A decision is its own row, made after the check ran, so it is merged in here rather than written into
    the check, which stays what the matcher found and when. The review record is the OPCC's, so nothing is
    redacted (a CSP reads decisions through duplicate_checks.present).
    """
    bid_ids = [item.bid_id for item in items if item.duplicate_check]
    rows = session.scalars(sa.select(FindingDecision).where(FindingDecision.bid_id.in_(bid_ids))) if bid_ids else []
    decided = {(row.bid_id, row.kind, row.candidate_id): row.describe() for row in rows}
    for item in items:
        check = item.duplicate_check
        if check:
            findings = [
                finding | {"decision": decided.get((item.bid_id, finding["kind"], finding["id"]))}
                for finding in check.get("findings", [])
            ]
            check = check | {"findings": findings}
        item.presented_check = check
    return items


def present_review(session: Session, item: ReviewItem) -> ReviewItem:
    return present_reviews(session, [item])[0]
