"""The audit_event table each service keeps in its own database.

Each service maps it on its own declarative base as a CSP-owned class, so a CSP officer reading it
through the ORM (and, on PostgreSQL, through row-level security) sees only its own CSP's rows:

    class AuditEvent(AuditEventMixin, CspOwned, Base):
        __tablename__ = "audit_event"

Rows are only ever inserted: the migration (`shared.audit.migration`) adds triggers refusing updates
and deletes. The id is an increasing integer, so it gives the order events were written in.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from shared.db import UTCDateTime


class AuditEventMixin:
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[str] = mapped_column(sa.String(255))
    actor_role: Mapped[str] = mapped_column(sa.String(30))
    actor_name: Mapped[str] = mapped_column(sa.String(300))
    # Who the actor acted for: a CSP's id, "opcc", or "system" for the services' own work.
    organisation: Mapped[str] = mapped_column(sa.String(64))
    # The CSP the entity belongs to (None: no one CSP's); what a CSP officer's reading is scoped by.
    csp_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    action: Mapped[str] = mapped_column(sa.String(100))
    entity_type: Mapped[str] = mapped_column(sa.String(50))
    entity_id: Mapped[str] = mapped_column(sa.String(64))
    # {field: {"before": old, "after": new}} for the fields that changed.
    changes: Mapped[dict] = mapped_column(sa.JSON)
    correlation_id: Mapped[str] = mapped_column(sa.String(64))
    client_address: Mapped[str | None] = mapped_column(sa.String(64))

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        # No INSERT … RETURNING (the id comes from the sequence first): PostgreSQL applies a table's
        # reading policy to returned rows, and whoever may act must be able to append, even a provider
        # contributor who may read none of these rows.
        return (sa.Index("ix_audit_event_entity", "entity_type", "entity_id"), {"implicit_returning": False})
