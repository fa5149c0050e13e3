"""The submitted versions of a bid: each one an immutable snapshot of what the CSP sent, numbered from 1."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.bids.db import Base
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.problems import DomainProblem


class BidVersion(CspOwned, Base):
    """Never changed once written: a resubmission is a new row with the next number."""

    __tablename__ = "bid_version"
    __table_args__ = (sa.UniqueConstraint("bid_id", "version"),)
    invited_bid_column = "bid_id"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    bid_id: Mapped[str] = mapped_column(sa.ForeignKey("bid.id"), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    version: Mapped[int]
    content: Mapped[dict] = mapped_column(sa.JSON)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by: Mapped[dict] = mapped_column(sa.JSON)


def next_version(session: Session, bid_id: str) -> int:
    latest = session.scalar(sa.select(sa.func.max(BidVersion.version)).where(BidVersion.bid_id == bid_id))
    return (latest or 0) + 1


def versions_of(session: Session, bid_id: str) -> list[BidVersion]:
    query = sa.select(BidVersion).where(BidVersion.bid_id == bid_id).order_by(BidVersion.version)
    return list(session.scalars(query))


def version_of(session: Session, bid_id: str, number: int) -> BidVersion:
    query = sa.select(BidVersion).where(BidVersion.bid_id == bid_id, BidVersion.version == number)
    found = session.scalar(query)
    if found is None:
        raise DomainProblem("This bid has no submitted version with that number", status=404, kind="not-found")
    return found
