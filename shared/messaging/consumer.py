"""Consuming events: each message takes effect once per consumer, whatever the redelivery."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from shared.clock import utcnow
from shared.context import reset_correlation_id, set_correlation_id
from shared.db import unit_of_work
from shared.events import Envelope
from shared.messaging.tables import MessagingTables

log = logging.getLogger(__name__)

Handler = Callable[[Envelope, Session], None]


@dataclass(frozen=True)
class Subscription:
    exchange: str
    event_type: str
    handler: Handler


class EventConsumer:
    """One consuming service: maps event types to handlers and keeps its inbox.

    The handler's effects and the inbox row commit in one transaction, so a message that is
    delivered twice (normal with RabbitMQ) changes nothing the second time.
    """

    def __init__(
        self,
        name: str,
        tables: MessagingTables,
        session_factory: sessionmaker[Session],
        subscriptions: Iterable[Subscription],
        after_commit: Callable[[], None] | None = None,
    ):
        self.name = name
        self.tables = tables
        self.session_factory = session_factory
        self.subscriptions = {(s.exchange, s.event_type): s for s in subscriptions}
        self.after_commit = after_commit

    @property
    def bindings(self) -> dict[str, tuple[str, ...]]:
        keys: dict[str, list[str]] = {}
        for exchange, event_type in sorted(self.subscriptions):
            keys.setdefault(exchange, []).append(event_type)
        return {exchange: tuple(types) for exchange, types in keys.items()}

    def accepts(self, exchange: str, event_type: str) -> bool:
        return (exchange, event_type) in self.subscriptions

    def handle(self, envelope: Envelope) -> bool:
        """Apply the message once. Returns False when it had already taken effect."""
        token = set_correlation_id(envelope.correlation_id)
        try:
            with unit_of_work(self.session_factory) as session:
                if self._already_processed(session, envelope.id):
                    return False
                subscription = self.subscriptions.get((f"{envelope.producer}.events", envelope.type))
                if subscription is not None:
                    subscription.handler(envelope, session)
                session.execute(
                    self.tables.inbox.insert().values(
                        consumer=self.name,
                        message_id=envelope.id,
                        event_type=envelope.type,
                        processed_at=utcnow(),
                    )
                )
        except IntegrityError:
            # A concurrent delivery of the same message won the race on the inbox key.
            if self.processed(envelope.id):
                return False
            raise
        finally:
            reset_correlation_id(token)
        if self.after_commit is not None:
            self.after_commit()
        return True

    def processed(self, message_id: str) -> bool:
        with self.session_factory() as session:
            return self._already_processed(session, message_id)

    def _already_processed(self, session: Session, message_id: str) -> bool:
        inbox = self.tables.inbox
        found = session.execute(
            sa.select(inbox.c.message_id).where(inbox.c.consumer == self.name, inbox.c.message_id == message_id)
        ).first()
        return found is not None

    def park(self, envelope: Envelope, body: str, error: str, attempts: int) -> None:
        """Keep a message that kept failing, for an operator to inspect and replay (embedded mode)."""
        dead = self.tables.dead_letter
        with unit_of_work(self.session_factory) as session:
            waiting = session.execute(
                sa.select(dead.c.id).where(
                    dead.c.consumer == self.name, dead.c.message_id == envelope.id, dead.c.replayed_at.is_(None)
                )
            ).first()
            if waiting is None:
                session.execute(
                    dead.insert().values(
                        consumer=self.name,
                        message_id=envelope.id,
                        event_type=envelope.type,
                        body=body,
                        error=error[:4000],
                        attempts=attempts,
                        parked_at=utcnow(),
                    )
                )
        log.error("parked %s %s for %s after %d attempts: %s", envelope.type, envelope.id, self.name, attempts, error)
