"""grants' copy of every bid, drafts included, learnt from bids' events.

Duplicate-funding checks compare a bid with every other bid (all CSPs, current and past rounds) and
with the funding register. grants never calls bids, so it keeps its own copy, newest event wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.grants.audit import audit
from services.grants.bid_content import BidContent
from services.grants.db import Base
from services.grants.matching.candidates import Candidate
from services.grants.models import FundingRound, ReviewItem
from shared.audit import diff, snapshot
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.events import Envelope
from shared.reference import CSP_BY_ID


class BidCopy(CspOwned, BidContent, Base):
    __tablename__ = "bid_copy"

    bid_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    round_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    amount_requested_pence: Mapped[int | None] = mapped_column(sa.BigInteger)
    priorities: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    provider_name: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(sa.String(20))
    as_of: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def as_candidate(self) -> Candidate:
        return Candidate(
            id=self.bid_id,
            kind="bid",
            title=self.title,
            description=self.summary,
            provider_name=self.provider_name,
            recipient_name=CSP_BY_ID[self.csp_id].name if self.csp_id in CSP_BY_ID else self.csp_id,
            provider_org_id=self.provider_org_id,
            outcomes=self.outcomes_text,
            amount_pence=self.amount_requested_pence,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            places=frozenset({f"CSP:{self.csp_id}"}) | self.place_codes,
            cost_items=self.cost_items,
            declared_programmes=self.declared_programmes,
            csp_id=self.csp_id,
            status=self.status,
        )


DELETED = "deleted"  # a draft its CSP deleted: matched against nothing, counted nowhere
PAYS_FOR_NOTHING = ("withdrawn", "declined", DELETED)  # a bid in these ends there: it is never funded
# What the audit trail compares when an event changes the copy.
COPIED = tuple(column.name for column in BidCopy.__table__.columns if column.name not in ("bid_id", "updated_at"))


def never_funded(session: Session, bid_ids: Iterable[str]) -> set[str]:
    """The bids among these that can never become funding: withdrawn, declined or deleted by their CSP, or
    drafts their round will never take (it is closed or decided). A bid returned for amendment reads as a
    draft while its CSP edits it, but its round takes it back until it is decided."""
    bid_ids = list(bid_ids)
    if not bid_ids:
        return set()
    copies = session.scalars(sa.select(BidCopy).where(BidCopy.bid_id.in_(bid_ids))).all()
    ended = {copy.bid_id for copy in copies if copy.status in PAYS_FOR_NOTHING}
    drafts = [copy for copy in copies if copy.status == "draft"]
    found = session.scalars(sa.select(FundingRound).where(FundingRound.id.in_([d.round_id for d in drafts])))
    rounds = {funding_round.id: funding_round for funding_round in found}
    returned = sa.select(ReviewItem.bid_id).where(ReviewItem.bid_id.in_(bid_ids), ReviewItem.status == "returned")
    returned_ids = set(session.scalars(returned))
    return ended | {
        draft.bid_id
        for draft in drafts
        if draft.round_id in rounds and not rounds[draft.round_id].accepts_submissions(draft.bid_id in returned_ids)
    }


def record_bid(envelope: Envelope, session: Session) -> None:
    """Keep the newest state of a bid from `bid.draft_saved` or `bid.submitted`."""
    p = envelope.payload
    as_of = datetime.fromisoformat(p.get("saved_at") or p.get("submitted_at"))
    copy = session.get(BidCopy, p["bid_id"])
    # Events can arrive out of order after retries: an older state never overwrites a newer one, and a
    # deleted draft never comes back (bids refuses every change to it, so any save is older than deletion).
    if copy is not None and (copy.as_of > as_of or copy.status == DELETED):
        return
    before = snapshot(copy, COPIED) if copy else {}
    copy = copy or BidCopy(bid_id=p["bid_id"])
    copy.round_id = p["round_id"]
    copy.csp_id = p["csp_id"]
    copy.title = p["title"]
    copy.summary = p["summary"]
    copy.amount_requested_pence = p["amount_requested_pence"]
    copy.priorities = list(p["priorities"])
    copy.provider_name = p["delivery_provider"]["name"]
    copy.learn_content(p)
    copy.status = "submitted" if envelope.type == "bid.submitted" else "draft"
    copy.as_of = as_of
    copy.updated_at = utcnow()
    session.add(copy)
    changes = diff(before, snapshot(copy, COPIED))
    audit.record(session, "bid_copy.recorded", "bid", copy.bid_id, csp_id=copy.csp_id, changes=changes)


def record_deletion(envelope: Envelope, session: Session) -> None:
    """`bid.draft_deleted`: the copy is kept, marked deleted, so a save arriving late cannot bring it back.

    A deletion that overtook every save of its draft leaves a copy with no content for the same reason.
    Its new `updated_at` is what takes it out of every process's matching index (live_index.py).
    """
    p = envelope.payload
    deleted_at = datetime.fromisoformat(p["deleted_at"])
    copy = session.get(BidCopy, p["bid_id"])
    if copy is not None and copy.status == DELETED:
        return
    before = snapshot(copy, COPIED) if copy else {}
    copy = copy or BidCopy(bid_id=p["bid_id"], round_id=p["round_id"], csp_id=p["csp_id"], as_of=deleted_at)
    copy.status, copy.as_of = DELETED, max(copy.as_of, deleted_at)
    copy.updated_at = utcnow()
    session.add(copy)
    changes = diff(before, snapshot(copy, COPIED))
    audit.record(session, "bid_copy.recorded", "bid", copy.bid_id, csp_id=copy.csp_id, changes=changes)
