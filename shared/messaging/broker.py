"""RabbitMQ connections and the confirmed publisher the relay, the worker and `dead replay` use.

Every wait is bounded: connect and handshake (`connect_timeout`), socket reads and writes, and the
publisher confirms. py-amqp's own confirm mode sends `confirm.select` lazily on the first publish and
waits for its reply with no timeout (a paused broker hung the first publish for ~10 minutes), and it
waits for one confirm per message. So we select confirm mode ourselves, right after connecting, with a
bounded wait, and track delivery tags ourselves: a batch is published, then all its confirms awaited.
A message counts as sent only once the broker acked it and did not return it as unroutable.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import amqp
from amqp import spec
from kombu import Connection

from shared.messaging.relay import DeliveryFailed, OutboxRow

log = logging.getLogger(__name__)

BROKER_ERRORS = (OSError, amqp.exceptions.AMQPError, amqp.exceptions.MessageNacked)


def connect(url: str, timeout: float, heartbeat: float = 0) -> Connection:
    """An open kombu connection whose every socket operation gives up after `timeout` seconds."""
    connection = Connection(
        url,
        connect_timeout=timeout,
        heartbeat=heartbeat,
        transport_options={"read_timeout": timeout, "write_timeout": timeout, "max_retries": 0},
    )
    # kombu's connect() tries twice with a 2 s sleep in between; one bounded attempt is enough here,
    # every caller already decides what to do next (the relay retries the rows, the worker reconnects).
    connection.ensure_connection(max_retries=0, reraise_as_library_errors=False)
    return connection


def confirm_channel(connection: Connection, timeout: float):
    """A channel in publisher-confirm mode, selected now (with a bounded wait) rather than on first publish."""
    channel = connection.channel()
    channel.send_method(spec.Confirm.Select, "b", (False,))
    channel.wait(spec.Confirm.SelectOk, timeout=timeout)
    return channel


def close_quietly(connection: Connection | None) -> None:
    """Drop a connection without a close handshake, which could itself hang on a stalled broker."""
    if connection is None:
        return
    try:
        connection.collect()
    except Exception:  # noqa: BLE001 - the connection is being thrown away
        log.debug("ignoring error while dropping connection", exc_info=True)


@dataclass(frozen=True)
class Outgoing:
    exchange: str
    routing_key: str
    body: str | bytes
    message_id: str
    message_type: str = ""
    headers: dict | None = None
    correlation_id: str | None = None


class ConfirmedPublisher:
    """Publishes persistent, mandatory messages and waits for the broker's confirms."""

    def __init__(self, url: str, timeout: float):
        self.url = url
        self.timeout = timeout
        self._connection: Connection | None = None
        self._channel = None
        self._next_tag = 1
        self._pending: dict[int, str] = {}  # delivery tag -> message id, published but not yet confirmed
        self._settled: dict[int, bool] = {}  # delivery tag -> acked (True) or nacked (False)
        self._returned: set[str] = set()

    def publish(self, message: Outgoing) -> None:
        failure = self.publish_batch([message])[0]
        if failure is not None:
            raise failure

    def publish_batch(self, messages: Sequence[Outgoing]) -> list[DeliveryFailed | None]:
        """Publish every message, then wait for all confirms. One outcome per message, in order."""
        if not messages:
            return []
        try:
            channel = self._ensure_channel()
        except DeliveryFailed as failure:
            return [failure] * len(messages)
        self._pending.clear()
        self._settled.clear()
        self._returned.clear()
        tags: list[int] = []
        try:
            for message in messages:
                channel.basic_publish(self._prepare(channel, message), message.exchange, message.routing_key, True)
                tags.append(self._next_tag)
                self._pending[self._next_tag] = message.message_id
                self._next_tag += 1
            self._await_confirms()
        except BROKER_ERRORS as error:
            self.close()
            down = DeliveryFailed(f"broker did not confirm: {error!r}", transport_down=True)
            return [self._outcome(messages[i], tags[i]) if i < len(tags) else down for i in range(len(messages))]
        return [self._outcome(message, tag) for message, tag in zip(messages, tags, strict=True)]

    def _outcome(self, message: Outgoing, tag: int) -> DeliveryFailed | None:
        acked = self._settled.get(tag)
        if acked is None:
            return DeliveryFailed("broker did not confirm in time", transport_down=True)
        if not acked:
            return DeliveryFailed(f"broker refused {message.exchange}/{message.routing_key} (nack)")
        if message.message_id in self._returned:
            # Confirmed but unroutable: no queue is bound for it. Keep it and try again later.
            return DeliveryFailed(f"no queue bound for {message.exchange}/{message.routing_key}", retry_in=30.0)
        return None

    def _await_confirms(self) -> None:
        deadline = time.monotonic() + self.timeout
        while self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{len(self._pending)} confirm(s) outstanding after {self.timeout}s")
            self._connection.drain_events(timeout=remaining)

    @staticmethod
    def _prepare(channel, message: Outgoing):
        body = message.body.encode() if isinstance(message.body, str) else message.body
        properties = {"delivery_mode": 2, "message_id": message.message_id, "type": message.message_type}
        if message.correlation_id:
            properties["correlation_id"] = message.correlation_id
        return channel.prepare_message(
            body,
            content_type="application/json",
            content_encoding="utf-8",
            headers=message.headers or {},
            properties=properties,
        )

    def _ensure_channel(self):
        if self._channel is not None:
            return self._channel
        try:
            self._connection = connect(self.url, self.timeout)
            self._channel = confirm_channel(self._connection, self.timeout)
        except BROKER_ERRORS as error:
            self.close()
            raise DeliveryFailed(f"broker unreachable: {error!r}", transport_down=True) from error
        self._next_tag = 1  # confirm sequence numbers start at 1 on every new channel
        self._channel.events["basic_ack"].add(self._on_ack)
        self._channel.events["basic_nack"].add(self._on_nack)
        self._channel.events["basic_return"].add(self._on_return)
        return self._channel

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple, acked=True)

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple, acked=False)

    def _settle(self, delivery_tag: int, multiple: bool, acked: bool) -> None:
        tags = [t for t in self._pending if t <= delivery_tag] if multiple else [delivery_tag]
        for tag in tags:
            if self._pending.pop(tag, None) is not None:
                self._settled[tag] = acked

    def _on_return(self, _exception, _exchange, _routing_key, message) -> None:
        # RabbitMQ sends basic.return before the confirm of the same message.
        self._returned.add(str(message.properties.get("message_id", "")))

    def close(self) -> None:
        close_quietly(self._connection)
        self._connection = None
        self._channel = None


class BrokerTransport:
    """The relay's transport in production: the service's events exchange on RabbitMQ."""

    def __init__(self, url: str, timeout: float):
        self.publisher = ConfirmedPublisher(url, timeout)

    def deliver(self, rows: Sequence[OutboxRow]) -> list[DeliveryFailed | None]:
        return self.publisher.publish_batch([self._outgoing(row) for row in rows])

    @staticmethod
    def _outgoing(row: OutboxRow) -> Outgoing:
        try:
            correlation_id = json.loads(row.body).get("correlation_id")
        except (ValueError, AttributeError):
            correlation_id = None
        return Outgoing(row.exchange, row.event_type, row.body, row.id, row.event_type, None, correlation_id)

    def close(self) -> None:
        self.publisher.close()
