"""grants' audit trail: one row per change to a round, a bid's review, the register, in its transaction."""

from __future__ import annotations

from services.grants.db import Base
from shared.audit import AuditEventMixin, AuditTrail
from shared.auth.scoping import CspOwned

ENTITY_TYPES = ("round", "bid", "register_record", "register_import")


class AuditEvent(AuditEventMixin, CspOwned, Base):
    __tablename__ = "audit_event"


audit = AuditTrail(AuditEvent, service="grants")
