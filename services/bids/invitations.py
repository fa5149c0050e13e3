"""Invitations of delivery providers to one bid, and the rule every provider request passes through.

A provider contributor's token names a bid and an email (and, when it came from an invitation link, the
invitation). Tokens outlive revocation, so bids checks on every request that the invitation is still
active: revoking one takes effect at once, whatever token its holder kept (`handlers.get_bid`).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from services.bids.db import Base
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned
from shared.clock import utcnow
from shared.db import UTCDateTime

PROVIDER = "provider_contributor"


class ProviderInvitation(CspOwned, Base):
    __tablename__ = "provider_invitation"
    invited_bid_column = "bid_id"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    bid_id: Mapped[str] = mapped_column(sa.ForeignKey("bid.id"), index=True)
    csp_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    email: Mapped[str] = mapped_column(sa.String(320))  # lower case: compared with the token's email
    name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    invited_by: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the provider last saved the provider sections through it (reading and uploads leave no trace here).
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def active(self) -> bool:
        return self.status == "active"

    def revoke(self) -> bool:
        """Revoke; False when it already was, so a repeated revoke changes nothing."""
        if not self.active:
            return False
        self.status, self.revoked_at = "revoked", utcnow()
        return True

    def describe(self) -> dict:
        return {"invitation_id": self.id, "email": self.email, "name": self.name, "status": self.status}


def active_invitation(session: Session, principal: Principal, bid_id: str) -> ProviderInvitation | None:
    """The active invitation that lets this provider contributor reach this bid, if there is one.

    A token from an invitation link names its invitation, so a newer invitation to the same email does
    not revive an older, revoked link. The development identity's demo provider names none: any active
    invitation of their email to the bid admits them.
    """
    if principal.role != PROVIDER or principal.bid_id != bid_id or not principal.email:
        return None
    query = sa.select(ProviderInvitation).where(
        ProviderInvitation.bid_id == bid_id,
        ProviderInvitation.status == "active",
        ProviderInvitation.email == principal.email.lower(),
    )
    if principal.invitation_id:
        query = query.where(ProviderInvitation.id == principal.invitation_id)
    return session.scalars(query.limit(1)).first()


def admits(session: Session, principal: Principal, bid_id: str) -> bool:
    """Whether the principal may reach the bid, as far as invitations go: everyone but providers may."""
    return principal.role != PROVIDER or active_invitation(session, principal, bid_id) is not None


def invitations_of(session: Session, bid_id: str) -> list[ProviderInvitation]:
    query = sa.select(ProviderInvitation).where(ProviderInvitation.bid_id == bid_id)
    return list(session.scalars(query.order_by(ProviderInvitation.created_at)))
