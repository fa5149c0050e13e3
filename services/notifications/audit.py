"""notifications' audit trail: a row when a notification is queued, sent, or fails to send."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.notifications.db import Base
from services.notifications.models import Notification
from shared.audit import AuditEventMixin, AuditTrail
from shared.auth.principal import Principal
from shared.auth.scoping import CspOwned

ENTITY_TYPES = ("notification",)


class AuditEvent(AuditEventMixin, CspOwned, Base):
    __tablename__ = "audit_event"


audit = AuditTrail(AuditEvent, service="notifications")


def csp_may_read(session: Session, principal: Principal, entity_type: str, entity_id: str) -> bool:
    """A CSP's people read the history of the notifications sent to them, not of their colleagues'."""
    sent_to_them = sa.select(Notification.id).where(
        Notification.id == entity_id, Notification.recipient == principal.email
    )
    return session.scalar(sent_to_them) is not None
