"""Parked (dead) messages: list, show and replay, with RabbitMQ or in embedded mode."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from shared.clock import utcnow
from shared.events import Envelope
from shared.messaging.broker import BROKER_ERRORS, ConfirmedPublisher, Outgoing, close_quietly, connect
from shared.messaging.consumer import EventConsumer
from shared.messaging.topology import ConsumerTopology
from shared.messaging.worker import ATTEMPT_HEADER, DELIVERY_COUNT_HEADER, ERROR_HEADER

# A replay starts the retry tiers afresh; the x-death history stays for whoever looks next.
REPLAY_DROPS_HEADERS = (ATTEMPT_HEADER, ERROR_HEADER, DELIVERY_COUNT_HEADER)


@dataclass(frozen=True)
class DeadMessage:
    message_id: str
    event_type: str
    error: str
    attempts: int
    body: str


class BrokerDeadLetters:
    """Browses `<svc>.dead` by taking messages without ack; dropping the connection puts them back."""

    def __init__(self, url: str, topology: ConsumerTopology, timeout: float = 5.0):
        self.url = url
        self.topology = topology
        self.timeout = timeout

    def list(self) -> list[DeadMessage]:
        connection = connect(self.url, self.timeout)
        try:
            return [self._describe(m) for m in self._take_all(connection.channel())]
        finally:
            close_quietly(connection)

    def replay(self, message_id: str | None = None) -> int:
        """Send parked messages (one, or all) back to the service's work queue with a fresh attempt count.

        Each copy is confirmed by the broker before its original is acked off the dead queue; if the
        ack is lost the message is replayed again later, and the consumer's inbox makes that harmless.
        """
        connection = connect(self.url, self.timeout)
        publisher = ConfirmedPublisher(self.url, self.timeout)
        try:
            channel = connection.channel()
            chosen = [
                m for m in self._take_all(channel) if message_id is None or m.properties.get("message_id") == message_id
            ]
            outcomes = publisher.publish_batch([self._replay_of(m) for m in chosen])
            for message, failure in zip(chosen, outcomes, strict=True):
                if failure is None:
                    channel.basic_ack(message.delivery_tag)
            failures = [failure for failure in outcomes if failure is not None]
            if failures:  # the rest stay parked (they go back when the connection closes)
                raise failures[0]
            return len(chosen)
        finally:
            publisher.close()
            # A clean close, so the acks above reach the broker before the rest are requeued.
            try:
                connection.release()
            except BROKER_ERRORS:
                close_quietly(connection)

    def _replay_of(self, message) -> Outgoing:
        headers = {k: v for k, v in (message.headers or {}).items() if k not in REPLAY_DROPS_HEADERS}
        return Outgoing(
            self.topology.work_exchange().name,
            self.topology.inbox_name,
            message.body,
            str(message.properties.get("message_id", "")),
            message_type=str(message.properties.get("type", "")),
            headers=headers,
            correlation_id=message.properties.get("correlation_id"),
        )

    def _take_all(self, channel) -> list:
        queue = self.topology.dead_name
        taken = []
        while (message := channel.basic_get(queue, no_ack=False)) is not None:
            taken.append(message)
        return taken

    @staticmethod
    def _describe(message) -> DeadMessage:
        body = message.body.decode() if isinstance(message.body, bytes) else message.body
        headers = message.headers or {}
        try:
            event_type = Envelope.from_json(body).type
        except (ValueError, KeyError, TypeError):
            event_type = "(unreadable)"
        return DeadMessage(
            message_id=str(message.properties.get("message_id", "")),
            event_type=event_type,
            error=str(headers.get(ERROR_HEADER, "delivery limit reached")),
            attempts=int(headers.get(ATTEMPT_HEADER, 0)),
            body=body,
        )


class EmbeddedDeadLetters:
    """Embedded mode keeps parked messages in the consuming service's `dead_letter` table."""

    def __init__(self, consumer: EventConsumer):
        self.consumer = consumer
        self.table = consumer.tables.dead_letter

    def list(self) -> list[DeadMessage]:
        t = self.table
        with self.consumer.session_factory() as session:
            rows = session.execute(
                sa.select(t).where(t.c.consumer == self.consumer.name, t.c.replayed_at.is_(None)).order_by(t.c.id)
            ).all()
        return [DeadMessage(r.message_id, r.event_type, r.error, r.attempts, r.body) for r in rows]

    def replay(self, message_id: str | None = None) -> int:
        replayed = 0
        for dead in self.list():
            if message_id is not None and dead.message_id != message_id:
                continue
            self.consumer.handle(Envelope.from_json(dead.body))
            with self.consumer.session_factory() as session, session.begin():
                session.execute(
                    self.table.update()
                    .where(self.table.c.consumer == self.consumer.name, self.table.c.message_id == dead.message_id)
                    .values(replayed_at=utcnow())
                )
            replayed += 1
        return replayed
