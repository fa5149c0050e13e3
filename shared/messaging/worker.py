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

from amqp.exceptions import PreconditionFailed
from kombu import Consumer as KombuConsumer
from kombu import Message

from shared.events import Envelope
from shared.messaging.broker import BROKER_ERRORS, ConfirmedPublisher, Outgoing, close_quietly, connect
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import DeliveryFailed
from shared.messaging.topology import ConsumerTopology

log = logging.getLogger(__name__)

ATTEMPT_HEADER = "x-safergrants-attempt"
ERROR_HEADER = "x-safergrants-error"
# Deliveries in flight per worker. Half of them are handled in one database transaction (one commit,
# then one ack) while the broker sends the other half: bench/pipeline.py measured ~1.6x the events/s of
# a prefetch of 10 handled one by one. A crash returns them all to the queue; the inbox dedups.
PREFETCH = 100
# The quorum queue's own redelivery count: a re-published copy is a new message and starts again at 0.
DELIVERY_COUNT_HEADER = "x-delivery-count"


class GaveUpReconnecting(RuntimeError):
    pass


class TopologyMismatch(RuntimeError):
    """The broker has our queues with other arguments (e.g. other retry delays): no reconnect will fix it."""


class BrokerWorker:
    def __init__(
        self,
        url: str,
        consumer: EventConsumer,
        topology: ConsumerTopology,
        timeout: float = 5.0,
        prefetch: int = PREFETCH,
        on_idle: Callable[[], None] | None = None,
        give_up_after: float = 60.0,
    ):
        self.url = url
        self.consumer = consumer
        self.topology = topology
        self.timeout = timeout
        self.prefetch = prefetch
        # Half the window per batch: the broker sends the next half while this one is being handled.
        self.batch_size = max(1, prefetch // 2)
        self.on_idle = on_idle
        self.give_up_after = give_up_after
        self.retry_publisher = ConfirmedPublisher(url, timeout)
        self._received: list[Message] = []

    def run(self, stop: threading.Event) -> None:
        failing_since: float | None = None
        while not stop.is_set():
            try:
                self._consume(stop)
                failing_since = None
            except PreconditionFailed as error:
                raise TopologyMismatch(f"{self.consumer.name}: {error}") from error
            except BROKER_ERRORS as error:
                failing_since = failing_since or time.monotonic()
                if time.monotonic() - failing_since > self.give_up_after:
                    raise GaveUpReconnecting(f"{self.consumer.name}: broker unreachable: {error!r}") from error
                log.warning("%s worker lost the broker (%r); reconnecting", self.consumer.name, error)
                stop.wait(1.0)
        self.retry_publisher.close()

    def _consume(self, stop: threading.Event) -> None:
        connection = connect(self.url, self.timeout, heartbeat=30)
        self._received.clear()  # deliveries of a dropped channel will come again; forget them
        try:
            channel = connection.channel()
            self.topology.declare(channel)
            # Quorum queues refuse global QoS: prefetch is per consumer.
            channel.basic_qos(0, self.prefetch, False)
            queue = self.topology.inbox().bind(channel)
            # on_message, not callbacks: kombu would decode the body first, and a body that is not JSON
            # would raise out of drain_events and kill the worker instead of being parked.
            with KombuConsumer(channel, queues=[queue], on_message=self._received.append, no_ack=False):
                while not stop.is_set():
                    batch = self._take(connection)
                    if batch:
                        self._process(batch)
                    elif self.on_idle is not None:
                        self.on_idle()
                    # Also when busy: py-amqp only sends heartbeats from heartbeat_check.
                    connection.heartbeat_check()
        finally:
            close_quietly(connection)

    def _take(self, connection) -> list[Message]:
        """Wait up to 1 s for a delivery, then take whatever else has already arrived (up to a batch)."""
        try:
            connection.drain_events(timeout=1.0)
            while len(self._received) < self.batch_size:
                connection.drain_events(timeout=0.001)
        except TimeoutError:
            pass
        batch = list(self._received)
        self._received.clear()
        return batch

    def _process(self, batch: list[Message]) -> None:
        readable: list[tuple[Message, Envelope]] = []
        for message in batch:
            try:
                readable.append((message, Envelope.from_json(message.body)))
            except (ValueError, KeyError, TypeError) as error:
                self._settle_failure(message, None, f"unreadable message: {error!r}", last=True)
        # One commit for the batch; acks (and retries) only after it.
        outcomes = self.consumer.handle_many([envelope for _, envelope in readable])
        done: list[Message] = []
        for (message, envelope), outcome in zip(readable, outcomes, strict=True):
            if isinstance(outcome, Exception):
                attempt = int((message.headers or {}).get(ATTEMPT_HEADER, 0))
                error = "".join(traceback.format_exception(outcome, limit=5))
                self._settle_failure(message, envelope, error, last=attempt >= len(self.topology.retry_delays))
            else:
                done.append(message)
        if done:
            # One ack for the batch (one quorum-queue command, not one each): every delivery up to the
            # last one here is settled by now, the failures above individually.
            self._ack(done[-1], multiple=True)

    def _settle_failure(self, message: Message, envelope: Envelope | None, error: str, last: bool) -> None:
        headers = {k: v for k, v in (message.headers or {}).items() if k != DELIVERY_COUNT_HEADER}
        attempt = int(headers.get(ATTEMPT_HEADER, 0))
        headers[ATTEMPT_HEADER] = attempt + 1
        headers[ERROR_HEADER] = error[-2000:]
        if last:
            exchange, key = self.topology.dead_exchange().name, ""
            log.error("%s parks message %s: %s", self.consumer.name, message.properties.get("message_id"), error)
        else:
            exchange, key = self.topology.retry_exchange().name, str(attempt)
        message_id = envelope.id if envelope else str(message.properties.get("message_id") or "")
        outgoing = Outgoing(
            exchange,
            key,
            message.body,
            message_id,
            message_type=envelope.type if envelope else "",
            headers=headers,
            correlation_id=envelope.correlation_id if envelope else None,
        )
        try:
            self.retry_publisher.publish(outgoing)
        except DeliveryFailed:
            # Could not hand it on: leave it unacked so the broker redelivers it (counts to the limit).
            log.warning("%s could not re-publish a failed message; leaving it for redelivery", self.consumer.name)
            message.requeue()
            return
        self._ack(message)

    def _ack(self, message: Message, multiple: bool = False) -> None:
        try:
            message.ack(multiple=multiple)
        except BROKER_ERRORS + (socket.error,):
            # The channel died after our commit: the broker will redeliver and the inbox will skip it.
            log.warning("ack failed for %s; it will be redelivered", message.properties.get("message_id"))
