"""The duplicate-funding check a CSP can run on its own bid before submitting, and the OPCC on any bid.

A bid is compared with every register record and every other bid grants knows of (all CSPs, current and
past rounds). What each person may see of a match is decided here, not in the view:
- a register record the OPCC marked confidential is reported to a CSP only as existing (the band, and that
  it is confidential), never with its funder, title or reasons. Leaving it out would tell the CSP there is
  nothing to worry about, which is how CSPs came to have bids rejected without prior knowledge;
- another CSP's bid is reported only as existing (which CSP, draft or submitted, the band), never with
  its title, text or the reasons, which quote its words. A CSP learns to talk to its neighbour before
  both bids reach the OPCC, and nothing of the neighbour's draft leaks.
A reviewer's decision on a finding the CSP sees only as existing is shown without its reason, which may
quote what the CSP may not see (the audit trail keeps such decisions out of the CSP's history too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from services.grants import finding_decisions
from services.grants.audit import audit
from services.grants.bid_copies import DELETED, BidCopy
from services.grants.live_index import live_index
from services.grants.matching.scorer import Finding, MatchingThresholds
from services.grants.models import ReviewItem
from services.grants.register.model import RegisterRecord
from services.grants.register.same_grant import one_per_grant
from shared.audit import diff
from shared.auth.principal import CSP_ROLES, Principal
from shared.auth.scoping import as_system
from shared.clock import utcnow
from shared.config import Settings
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox
from shared.reference import CSP_BY_ID

MAX_FINDINGS = 20


@dataclass(frozen=True)
class CheckedBid:
    bid: BidCopy
    findings: list[Finding]


def thresholds_from(settings: Settings) -> MatchingThresholds:
    configured = settings.duplicate_thresholds
    return MatchingThresholds(*configured) if configured else MatchingThresholds()


def check_submitted_bid(session: Session, outbox: Outbox, bid_id: str, thresholds: MatchingThresholds) -> None:
    """The automatic check on submission: findings kept on the review record, and told to notifications."""
    bid = session.get(BidCopy, bid_id)
    result = present(session, None, CheckedBid(bid, findings_for(session, bid, thresholds)))
    item = session.get(ReviewItem, bid_id)
    before = _summary(item.duplicate_check)
    item.duplicate_check = {"checked_at": utcnow().isoformat(), **result}
    # Counts only: the findings quote other CSPs' bids and confidential records, which the CSP may not see.
    changes = diff({"duplicate_check": before}, {"duplicate_check": _summary(item.duplicate_check)})
    audit.record(session, "duplicate_check.stored", "bid", bid_id, csp_id=item.csp_id, changes=changes)
    outbox.record(
        session,
        "duplicate_check.completed",
        {
            "bid_id": bid_id,
            "round_id": item.round_id,
            "csp_id": item.csp_id,
            "title": item.title,
            "submitted_by": dict(item.submitted_by),
            "counts": result["counts"],
            "top_findings": [_for_event(finding) for finding in result["findings"][:5]],
        },
    )


def _summary(check: dict | None) -> dict | None:
    return {"checked_at": check["checked_at"], "counts": check["counts"]} if check else None


def _for_event(finding: dict) -> dict:
    kept = ("kind", "id", "band", "score", "title", "funder", "programme", "csp_id", "confidential")
    event = {name: finding[name] for name in kept if finding.get(name) is not None}
    event["reasons"] = [reason["text"] for reason in finding["reasons"]]
    return event


def viewer_csp(principal: Principal) -> str | None:
    """The CSP whose eyes a result is shaped for; None for the OPCC and auditors, who see everything."""
    return principal.csp_id if principal.role in CSP_ROLES else None


def check_bid(
    session: Session,
    principal: Principal,
    bid_id: str,
    thresholds: MatchingThresholds,
    saved_at: datetime | None = None,
) -> CheckedBid:
    """`saved_at`: the bid's `updated_at` as the caller last saved it. grants learns of each save a moment
    later, through bid.draft_saved; checking the save before it, and saying nothing, would answer a question
    the officer did not ask. Only a draft is compared: a bid's other moves change its `updated_at` without a
    save for grants to catch up on."""
    bid = session.get(BidCopy, bid_id)  # scoped: another CSP's bid is not found
    if bid is None or bid.status == DELETED:  # nor is a deleted draft, in bids or here
        raise DomainProblem(
            "There is no bid with that id. If you have just saved it, try again in a few seconds",
            status=404,
            kind="not-found",
        )
    if saved_at is not None and bid.status == "draft" and bid.as_of < saved_at:
        raise DomainProblem(
            "Your latest changes have not reached the duplicate check yet. Try again in a few seconds",
            status=409,
            kind="check-behind",
        )
    with as_system("a bid is matched against every CSP's bids; present() hides what the viewer may not see", session):
        return CheckedBid(bid, findings_for(session, bid, thresholds))


def findings_for(session: Session, bid: BidCopy, thresholds: MatchingThresholds) -> list[Finding]:
    # The index weighs words by how rare they are in this register, which tells duplicates from
    # neighbours far better than weighing every word alike; it is kept up to date between checks.
    return live_index(session, thresholds).findings(session, bid, MAX_FINDINGS)


def present(session: Session, csp_id: str | None, checked: CheckedBid) -> dict:
    """The check as seen by a CSP (`csp_id`) or, with None, by the OPCC, with any reviewer's decisions."""
    with as_system("findings name other CSPs' bids, which _present_finding redacts for a CSP viewer", session):
        return _present(session, csp_id, checked)


def _present(session: Session, csp_id: str | None, checked: CheckedBid) -> dict:
    decisions = finding_decisions.decisions_for(session, checked.bid.bid_id)
    shown = []
    for grant in one_per_grant(session, checked.findings, confidential_shown=csp_id is None):
        finding = grant.finding
        item = _present_finding(session, csp_id, finding) | {"score": grant.best.score, "band": grant.best.band}
        if finding.kind == "register":
            item["also_recorded_as"] = [_also(record) for record in grant.also]
        decided = decisions.get((finding.kind, finding.candidate_id))
        item["decision"] = _decision(decided, redacted=item["id"] is None)
        shown.append(item)
    counts = {band: sum(1 for item in shown if item["band"] == band) for band in ("likely duplicate", "check")}
    return {
        "bid_id": checked.bid.bid_id,
        "status": checked.bid.status,
        "saved_at": checked.bid.as_of.isoformat(),
        "counts": counts,
        "findings": shown,
    }


def _also(record: RegisterRecord) -> dict:
    """Another record of the same grant (register/same_grant.py), from another source."""
    shown = {"id": record.id, "source": record.source, "source_id": record.source_id, "title": record.title}
    return shown | {"confidential": record.confidential, "link": f"/grants/register/records/{record.id}"}


def _decision(decided: finding_decisions.FindingDecision | None, redacted: bool) -> dict | None:
    if decided is None:
        return None
    described = decided.describe()
    return {name: described[name] for name in ("decision", "label", "decided_at")} if redacted else described


def _present_finding(session: Session, csp_id: str | None, finding: Finding) -> dict:
    base = {"kind": finding.kind, "id": finding.candidate_id, "score": finding.score, "band": finding.band}
    reasons = [{"signal": r.signal, "weight": r.weight, "text": r.text} for r in finding.reasons]
    if finding.kind == "register":
        record = session.get(RegisterRecord, finding.candidate_id)
        if record.confidential and csp_id is not None:
            sentence = (
                "A confidential record in the funding register may pay for the same activity. Its details are "
                "for the OPCC only: ask the OPCC about it before you submit. The OPCC will see it when they "
                "review your bid."
            )
            return {
                **base,
                "id": None,
                "title": None,
                "confidential": True,
                "link": None,
                "reasons": [{"signal": "confidential_record", "weight": finding.score, "text": sentence}],
            }
        if csp_id is None:
            base["confidential"] = record.confidential
        return {
            **base,
            "title": record.title,
            "funder": record.funder_name,
            "programme": record.programme,
            "recipient": record.recipient_name,
            "link": f"/grants/register/records/{record.id}",
            "reasons": reasons,
        }
    other = session.get(BidCopy, finding.candidate_id)
    csp_name = CSP_BY_ID[other.csp_id].name if other.csp_id in CSP_BY_ID else other.csp_id
    if csp_id is not None and other.csp_id != csp_id:
        sentence = (
            f"A {other.status} bid from {csp_name} may pay for the same activity. "
            "Its details are private to that CSP; the OPCC will see both bids."
        )
        return {
            **base,
            "id": None,
            "title": None,
            "csp": csp_name,
            "status": other.status,
            "link": None,
            "reasons": [{"signal": "other_csp_bid", "weight": finding.score, "text": sentence}],
        }
    return {
        **base,
        "title": other.title,
        "csp": csp_name,
        "csp_id": other.csp_id,
        "status": other.status,
        "link": f"/bids/bids/{other.bid_id}",  # the bid itself, in the service that owns it
        "reasons": reasons,
    }
