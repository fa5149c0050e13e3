"""Every status a bid has been in, who moved it there, when and why: the history a CSP and the OPCC read."""

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

SYSTEM_ACTOR = {"user_id": "system:bids", "name": "SaferGrants", "email": "", "role": "system"}


def person(actor: Principal | None) -> dict:
    """Who did it, as every bid record keeps it; None means SaferGrants acting on an event."""
    if actor is None:
        return dict(SYSTEM_ACTOR)
    return {"user_id": actor.user_id, "name": actor.name, "email": actor.email, "role": actor.role}


class BidStatusChange(CspOwned, Base):
    __tablename__ = "bid_status_change"
    invited_bid_column = "bid_id"  # a provider contributor sees the history of the bid they work on

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    bid_id: Mapped[str] = mapped_column(sa.ForeignKey("bid.id"), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[dict] = mapped_column(sa.JSON)
    reason: Mapped[str | None] = mapped_column(sa.Text)
