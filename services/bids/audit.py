"""bids' audit trail: one row per change to a bid (or to bids' copy of a round), in its transaction."""

from __future__ import annotations

from services.bids.db import Base
from shared.audit import AuditEventMixin, AuditTrail
from shared.auth.scoping import CspOwned

ENTITY_TYPES = ("bid", "round")


class AuditEvent(AuditEventMixin, CspOwned, Base):
    __tablename__ = "audit_event"


audit = AuditTrail(AuditEvent, service="bids")
