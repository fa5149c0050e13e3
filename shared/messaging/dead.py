"""Parked (dead) messages: list, show and replay, with RabbitMQ or in embedded mode."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from shared.clock import utcnow
from shared.events import Envelope
from shared.messaging.broker import close_quietly, confirm_channel, connect
from shared.messaging.consumer import EventConsumer
from shared.messaging.topology import ConsumerTopology
from shared.messaging.worker import ATTEMPT_HEADER, ERROR_HEADER


@dataclass(frozen=True)
class DeadMessage:
    message_id: str
    event_type: str
    error: str
    attempts: int
    body: str


class BrokerDeadLetters:
    """Browses `<svc>.dead` by taking messages without ack; closing the channel puts them back."""

    def __init__(self, url: str, topology: ConsumerTopology, timeout: float = 5.0):
        self.url = url
        self.topology = topology
        self.timeout = timeout

    def list(self) -> list[DeadMessage]:
        connection = connect(self.url, self.timeout, confirm=True)
        try:
            return [self._describe(m) for m in self._take_all(connection.channel())]
        finally:
            close_quietly(connection)

    def replay(self, message_id: str | None = None) -> int:
        """Send parked messages (one, or all) back to the service's work queue with a fresh attempt count."""
        connection = connect(self.url, self.timeout, confirm=True)
        try:
            channel = confirm_channel(connection, self.timeout)
            replayed = 0
            for message in self._take_all(channel):
                if message_id is not None and message.properties.get("message_id") != message_id:
                    continue
                headers = {k: v for k, v in (message.headers or {}).items() if k not in (ATTEMPT_HEADER, ERROR_HEADER)}
                replay = channel.prepare_message(
                    message.body,
                    content_type="application/json",
                    content_encoding="utf-8",
                    headers=headers,
                    properties={"delivery_mode": 2, "message_id": message.properties.get("message_id")},
                )
                channel.basic_publish(
                    replay,
                    exchange=self.topology.work_exchange().name,
                    routing_key=self.topology.inbox_name,
                    confirm_timeout=self.timeout,
                )
                message.ack()
                replayed += 1
            return replayed
        finally:
            close_quietly(connection)

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
