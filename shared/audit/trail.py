"""Recording an audit event in the caller's transaction, and one JSON log line once it commits.

The event row is added to the caller's session and never committed here: it commits with the state
change it describes, or not at all. The log line is written only after that commit, so the log never
tells of a change that was rolled back. JSON encoding (ASCII only) escapes newlines and control
characters, so a crafted value cannot start a forged line.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from shared.audit.changes import plain
from shared.auth.scoping import current_access
from shared.clock import utcnow
from shared.context import client_address, correlation_id

log = logging.getLogger("safergrants.audit")
SYSTEM_ROLE = "system"
_PENDING = "safergrants.audit.pending"


@dataclass(frozen=True)
class Actor:
    id: str
    role: str
    name: str
    organisation: str


def current_actor(service: str) -> Actor:
    """The signed-in principal the request gate let in; outside requests, the service itself."""
    principal = current_access().principal
    if principal is None:
        return Actor(f"system:{service}", SYSTEM_ROLE, f"SaferGrants {service}", SYSTEM_ROLE)
    return Actor(principal.user_id, principal.role, principal.name, principal.organisation)


class AuditTrail:
    """One service's audit trail: `record` adds an event to the caller's transaction."""

    def __init__(self, model: type, service: str):
        self.model = model
        self.service = service

    def record(
        self,
        session: Session,
        action: str,
        entity_type: str,
        entity_id: str,
        *,
        csp_id: str | None,
        changes: dict[str, Any],
    ):
        actor = current_actor(self.service)
        values = {
            "occurred_at": utcnow(),
            "actor_id": actor.id,
            "actor_role": actor.role,
            "actor_name": actor.name,
            "organisation": actor.organisation,
            "csp_id": csp_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "changes": plain(changes),
            "correlation_id": correlation_id(),
            "client_address": client_address(),
        }
        audit_event = self.model(**_fitted(self.model, values))
        session.add(audit_event)
        _log_after_commit(session, audit_event, {"service": self.service, **values})
        return audit_event

    def first_correlation_id(self, session: Session, entity_type: str, entity_id: str) -> str | None:
        """The correlation id of the entity's first event: later system work on it continues that chain."""
        model = self.model
        query = (
            sa.select(model.correlation_id)
            .where(model.entity_type == entity_type, model.entity_id == entity_id)
            .order_by(model.id)
            .limit(1)
        )
        return session.scalar(query)


def _fitted(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """Text cut to its column's length: an over-long name must not make the change itself fail."""
    fitted = dict(values)
    for name, value in values.items():
        length = getattr(model.__table__.c[name].type, "length", None)
        if isinstance(value, str) and length and len(value) > length:
            fitted[name] = value[: length - 1] + "…"
    return fitted


def log_line(values: dict[str, Any]) -> str:
    """One line of JSON, ASCII only: nothing in a value can end the line early."""
    return json.dumps(plain(values), ensure_ascii=True, sort_keys=True, default=str)


def _log_after_commit(session: Session, audit_event, values: dict[str, Any]) -> None:
    if _PENDING not in session.info:
        session.info[_PENDING] = []
        event.listen(session, "after_commit", _write_pending)
        event.listen(session, "after_rollback", _drop_pending)
    session.info[_PENDING].append((audit_event, values))


def _write_pending(session: Session) -> None:
    pending, session.info[_PENDING] = session.info[_PENDING], []
    for audit_event, values in pending:
        identity = sa.inspect(audit_event).identity
        # WARNING, like the security log, so the line is written even where nobody configured logging (a
        # gunicorn web process: Python's last-resort handler writes WARNING and above to stderr).
        log.info(log_line({"audit_id": identity[0] if identity else None, **values}))


def _drop_pending(session: Session) -> None:
    session.info[_PENDING] = []
