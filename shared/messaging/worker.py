"""The RabbitMQ consumer loop of a service's worker process.

Ack only after the handler's transaction committed. A failing message is re-published to the next
delay tier (or, after the last, to `<svc>.dead`) with a confirm, and only then acked; the inbox makes
any resulting duplicate harmless. A worker that cannot reconnect for a while exits so its supervisor
restarts it, because in-process recovery after a broker restart is unreliable (kombu #814).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import traceback
from collections.abc import Callable

from kombu import Consumer as KombuConsumer
from kombu import Message

from shared.events import Envelope
from shared.messaging.broker import BROKER_ERRORS, ConfirmedPublisher, close_quietly, connect
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import DeliveryFailed
from shared.messaging.topology import ConsumerTopology

log = logging.getLogger(__name__)

ATTEMPT_HEADER = "x-safergrants-attempt"
ERROR_HEADER = "x-safergrants-error"


class GaveUpReconnecting(RuntimeError):
    pass


class BrokerWorker:
    def __init__(
        self,
        url: str,
        consumer: EventConsumer,
        topology: ConsumerTopology,
        timeout: float = 5.0,
        prefetch: int = 10,
        on_idle: Callable[[], None] | None = None,
        give_up_after: float = 60.0,
    ):
        self.url = url
        self.consumer = consumer
        self.topology = topology
        self.timeout = timeout
        self.prefetch = prefetch
        self.on_idle = on_idle
        self.give_up_after = give_up_after
        self.retry_publisher = ConfirmedPublisher(url, timeout)

    def run(self, stop: threading.Event) -> None:
        failing_since: float | None = None
        while not stop.is_set():
            try:
                self._consume(stop)
                failing_since = None
            except BROKER_ERRORS as error:
                failing_since = failing_since or time.monotonic()
                if time.monotonic() - failing_since > self.give_up_after:
                    raise GaveUpReconnecting(f"{self.consumer.name}: broker unreachable: {error!r}") from error
                log.warning("%s worker lost the broker (%r); reconnecting", self.consumer.name, error)
                stop.wait(1.0)
        self.retry_publisher.close()

    def _consume(self, stop: threading.Event) -> None:
        connection = connect(self.url, self.timeout, heartbeat=30)
        try:
            channel = connection.channel()
            self.topology.declare(channel)
            # Quorum queues refuse global QoS: prefetch is per consumer.
            channel.basic_qos(0, self.prefetch, False)
            queue = self.topology.inbox().bind(channel)
            with KombuConsumer(channel, queues=[queue], callbacks=[self._on_message], accept=None, no_ack=False):
                while not stop.is_set():
                    try:
                        connection.drain_events(timeout=1.0)
                    except TimeoutError:
                        connection.heartbeat_check()
                        if self.on_idle is not None:
                            self.on_idle()
        finally:
            close_quietly(connection)

    def _on_message(self, _body, message: Message) -> None:
        try:
            envelope = Envelope.from_json(message.body)
        except (ValueError, KeyError, TypeError) as error:
            self._settle_failure(message, None, f"unreadable message: {error!r}", last=True)
            return
        try:
            self.consumer.handle(envelope)
        except Exception:  # noqa: BLE001 - any handler failure goes to the retry tiers
            attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 0))
            last = attempt >= len(self.topology.retry_delays)
            self._settle_failure(message, envelope, traceback.format_exc(limit=5), last=last)
            return
        self._ack(message)

    def _settle_failure(self, message: Message, envelope: Envelope | None, error: str, last: bool) -> None:
        headers = dict(message.headers or {})
        attempt = int(headers.get(ATTEMPT_HEADER, 0))
        headers[ATTEMPT_HEADER] = attempt + 1
        headers[ERROR_HEADER] = error[-2000:]
        if last:
            exchange, key = self.topology.dead_exchange().name, ""
            log.error("%s parks message %s: %s", self.consumer.name, message.properties.get("message_id"), error)
        else:
            exchange, key = self.topology.retry_exchange().name, str(attempt)
        body = message.body.decode() if isinstance(message.body, bytes) else str(message.body)
        message_id = envelope.id if envelope else str(message.properties.get("message_id") or "")
        try:
            self.retry_publisher.publish(
                exchange,
                key,
                body,
                message_id=message_id,
                headers=headers,
                correlation_id=envelope.correlation_id if envelope else None,
            )
        except DeliveryFailed:
            # Could not hand it on: leave it unacked so the broker redelivers it (counts to the limit).
            log.warning("%s could not re-publish a failed message; leaving it for redelivery", self.consumer.name)
            message.requeue()
            return
        self._ack(message)

    def _ack(self, message: Message) -> None:
        try:
            message.ack()
        except BROKER_ERRORS + (socket.error,):
            # The channel died after our commit: the broker will redeliver and the inbox will skip it.
            log.warning("ack failed for %s; it will be redelivered", message.properties.get("message_id"))
