"""Consuming events: each message takes effect once per consumer, whatever the redelivery."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
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
        """Apply the message once. Returns False when it had already taken effect; raises if the handler fails."""
        return self._handle_together([envelope])[0]

    def handle_many(self, envelopes: Sequence[Envelope]) -> list[bool | Exception]:
        """Apply several messages with one commit: per message, True, False (already done) or the handler's error.

        A commit (an fsync) and the inbox writes are most of a message's cost, so a worker hands over
        everything the broker has already delivered. Failures are rare: if anything in the batch fails,
        the whole transaction rolls back and each message is tried again in a transaction of its own.
        """
        if len(envelopes) > 1:
            try:
                return list(self._handle_together(envelopes))
            except Exception:  # noqa: BLE001 - retried one by one below, where each error is kept
                log.info("%s: a batch of %d failed; handling its messages one by one", self.name, len(envelopes))
        return [self._outcome(envelope) for envelope in envelopes]

    def _handle_together(self, envelopes: Sequence[Envelope]) -> list[bool]:
        outcomes: list[bool] = []
        with unit_of_work(self.session_factory) as session:
            claimed = self._claim(session, envelopes)
            for envelope in envelopes:
                if envelope.id not in claimed:
                    outcomes.append(False)
                    continue
                claimed.discard(envelope.id)  # a second copy in the same batch is a duplicate too
                subscription = self.subscriptions.get((f"{envelope.producer}.events", envelope.type))
                if subscription is not None:
                    token = set_correlation_id(envelope.correlation_id)
                    try:
                        subscription.handler(envelope, session)
                    finally:
                        reset_correlation_id(token)
                outcomes.append(True)
        if self.after_commit is not None and True in outcomes:
            self.after_commit()
        return outcomes

    def _outcome(self, envelope: Envelope) -> bool | Exception:
        try:
            return self.handle(envelope)
        except Exception as error:  # noqa: BLE001 - reported to the caller with its traceback
            return error

    def _claim(self, session: Session, envelopes: Sequence[Envelope]) -> set[str]:
        """Write the inbox rows first, in one statement; returns the ids that were not there yet.

        A redelivered message finds its row and does nothing. A concurrent delivery waits on the row's
        key until the first transaction commits (then does nothing) or rolls back (then applies it).
        Rows go in id order so two workers claiming overlapping batches cannot deadlock.
        """
        now = utcnow()
        rows = {
            e.id: {"consumer": self.name, "message_id": e.id, "event_type": e.type, "processed_at": now}
            for e in envelopes
        }
        # PostgreSQL and SQLite (the two databases we run on) share this ON CONFLICT syntax.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        inbox = self.tables.inbox
        statement = (
            dialect.insert(inbox)
            .values([rows[key] for key in sorted(rows)])
            .on_conflict_do_nothing()
            .returning(inbox.c.message_id)  # rowcount is not reliable for INSERT in SQLAlchemy 2.1
        )
        return set(session.execute(statement).scalars())

    def processed(self, message_id: str) -> bool:
        inbox = self.tables.inbox
        with self.session_factory() as session:
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
