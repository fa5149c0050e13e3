"""The outbox relay: moves committed events from a service's outbox to a transport.

A row is marked published only after the transport confirmed it (RabbitMQ publisher confirm, or every
in-process consumer committed), so a crash at any instant leaves it to be sent again, never lost;
consumers' inboxes make the repeat harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from shared.clock import utcnow
from shared.db import is_postgres
from shared.messaging.tables import MessagingTables

log = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The transport could not take this message now. `retry_in` seconds until the next try."""

    def __init__(self, reason: str, retry_in: float | None = None, transport_down: bool = False):
        super().__init__(reason)
        self.retry_in = retry_in
        self.transport_down = transport_down


@dataclass(frozen=True)
class OutboxRow:
    id: str
    exchange: str
    event_type: str
    body: str
    attempts: int


class Transport(Protocol):
    def deliver(self, rows: Sequence[OutboxRow]) -> list[DeliveryFailed | None]:
        """Hand messages on. One outcome per row, in order: None once it is safe to forget, else why not.

        Taking a batch lets the broker transport publish them all and then wait for every confirm,
        instead of one network round trip (and one quorum-queue fsync) per message.
        """

    def close(self) -> None: ...


class OutboxRelay:
    def __init__(
        self,
        service: str,
        session_factory: sessionmaker[Session],
        tables: MessagingTables,
        transport: Transport,
        batch_size: int = 100,
    ):
        self.service = service
        self.session_factory = session_factory
        self.outbox = tables.outbox
        self.transport = transport
        self.batch_size = batch_size

    def relay_once(self) -> int:
        """Send one batch of due rows. Returns how many were sent."""
        with self.session_factory() as session, session.begin():
            if is_postgres(session):
                # Several relays may run: each claims rows the others have not locked.
                return self._send(session, self._due(session, lock=True))
            rows = self._due(session, lock=False)
        # Embedded (SQLite) runs one relay per service; hold no write lock while consumers work.
        return self._send(None, rows)

    def pending(self) -> int:
        with self.session_factory() as session:
            query = sa.select(sa.func.count()).select_from(self.outbox).where(self.outbox.c.published_at.is_(None))
            return session.execute(query).scalar_one()

    def _due(self, session: Session, lock: bool) -> list[OutboxRow]:
        o = self.outbox
        query = (
            sa.select(o.c.id, o.c.exchange, o.c.event_type, o.c.body, o.c.attempts)
            .where(o.c.published_at.is_(None), o.c.next_attempt_at <= utcnow())
            # Polling for unpublished rows, not "after the last seen": commit order is not insert order.
            .order_by(o.c.created_at)
            .limit(self.batch_size)
        )
        if lock:
            query = query.with_for_update(skip_locked=True)
        return [OutboxRow(*row) for row in session.execute(query)]

    def _send(self, session: Session | None, rows: list[OutboxRow]) -> int:
        if not rows:
            return 0
        outcomes = self.transport.deliver(rows)
        sent = [row.id for row, failure in zip(rows, outcomes, strict=True) if failure is None]
        failed = [(row, failure) for row, failure in zip(rows, outcomes, strict=True) if failure is not None]
        if session is not None:
            self._mark(session, sent, failed)
        else:
            with self.session_factory() as own, own.begin():
                self._mark(own, sent, failed)
        return len(sent)

    def _mark(self, session: Session, sent: list[str], failed: list[tuple[OutboxRow, DeliveryFailed]]) -> None:
        now = utcnow()
        if sent:
            session.execute(
                self.outbox.update().where(self.outbox.c.id.in_(sent)).values(published_at=now, last_error=None)
            )
        for row, failure in failed:
            delay = failure.retry_in if failure.retry_in is not None else min(2.0**row.attempts, 60.0)
            session.execute(
                self.outbox.update()
                .where(self.outbox.c.id == row.id)
                .values(
                    attempts=row.attempts + 1,
                    last_error=str(failure)[:4000],
                    next_attempt_at=now + timedelta(seconds=delay),
                )
            )
        if failed:
            row, failure = failed[0]
            log.warning(
                "%s: %d outbox message(s) not sent, first %s (%s): %s",
                self.service,
                len(failed),
                row.id,
                row.event_type,
                failure,
            )
