"""RabbitMQ connections and the confirmed publisher the relay uses.

Every wait is bounded: connect and handshake (`connect_timeout`), socket reads and writes, and the
publisher confirm. py-amqp otherwise sends `confirm.select` lazily on the first publish and waits for
its reply with no timeout, so a paused broker hung the first publish for ~10 minutes: we put the
channel into confirm mode eagerly, with a bounded wait, right after connecting.
"""

from __future__ import annotations

import logging
import socket

import amqp
from amqp import spec
from kombu import Connection

from shared.messaging.relay import DeliveryFailed, OutboxRow

log = logging.getLogger(__name__)

BROKER_ERRORS = (OSError, socket.timeout, amqp.exceptions.AMQPError, amqp.exceptions.MessageNacked)


def connect(url: str, timeout: float, heartbeat: float = 0, confirm: bool = False) -> Connection:
    """An open kombu connection whose every socket operation gives up after `timeout` seconds."""
    connection = Connection(
        url,
        connect_timeout=timeout,
        heartbeat=heartbeat,
        transport_options={
            "confirm_publish": confirm,
            "read_timeout": timeout,
            "write_timeout": timeout,
            "max_retries": 0,
        },
    )
    connection.connect()
    return connection


def confirm_channel(connection: Connection, timeout: float):
    """A channel in publisher-confirm mode, selected now rather than on the first publish."""
    channel = connection.channel()
    channel.send_method(spec.Confirm.Select, "b", (False,))
    channel.wait(spec.Confirm.SelectOk, timeout=timeout)
    # Tell py-amqp the select is done so basic_publish_confirm does not send (and wait on) another.
    channel._confirm_selected = True
    return channel


def close_quietly(connection: Connection | None) -> None:
    """Drop a connection without a close handshake, which could itself hang on a stalled broker."""
    if connection is None:
        return
    try:
        connection.collect()
    except Exception:  # noqa: BLE001 - the connection is being thrown away
        log.debug("ignoring error while dropping connection", exc_info=True)


class ConfirmedPublisher:
    """Publishes persistent, mandatory messages and waits for the broker's confirm."""

    def __init__(self, url: str, timeout: float):
        self.url = url
        self.timeout = timeout
        self._connection: Connection | None = None
        self._channel = None
        self._returned: list[str] = []

    def publish(
        self,
        exchange: str,
        routing_key: str,
        body: str,
        message_id: str,
        headers: dict | None = None,
        correlation_id: str | None = None,
    ) -> None:
        channel = self._ensure_channel()
        self._returned.clear()
        message = channel.prepare_message(
            body.encode(),
            content_type="application/json",
            content_encoding="utf-8",
            headers=headers or {},
            properties={
                "delivery_mode": 2,
                "message_id": message_id,
                "correlation_id": correlation_id,
                "type": routing_key,
            },
        )
        try:
            channel.basic_publish(
                message, exchange=exchange, routing_key=routing_key, mandatory=True, confirm_timeout=self.timeout
            )
        except BROKER_ERRORS as error:
            self.close()
            raise DeliveryFailed(f"broker did not confirm: {error!r}", transport_down=True) from error
        if message_id in self._returned:
            # Confirmed but unroutable: no queue is bound for it. Keep it and try again later.
            raise DeliveryFailed(f"no queue bound for {exchange}/{routing_key}", retry_in=30.0)

    def _ensure_channel(self):
        if self._channel is not None:
            return self._channel
        try:
            self._connection = connect(self.url, self.timeout, confirm=True)
            self._channel = confirm_channel(self._connection, self.timeout)
        except BROKER_ERRORS as error:
            self.close()
            raise DeliveryFailed(f"broker unreachable: {error!r}", transport_down=True) from error
        self._channel.events["basic_return"].add(self._on_return)
        return self._channel

    def _on_return(self, exception, exchange, routing_key, message) -> None:
        self._returned.append(message.properties.get("message_id", ""))

    def close(self) -> None:
        close_quietly(self._connection)
        self._connection = None
        self._channel = None


class BrokerTransport:
    """The relay's transport in production: the service's events exchange on RabbitMQ."""

    def __init__(self, url: str, timeout: float):
        self.publisher = ConfirmedPublisher(url, timeout)

    def deliver(self, row: OutboxRow) -> None:
        self.publisher.publish(row.exchange, row.event_type, row.body, message_id=row.id)

    def close(self) -> None:
        self.publisher.close()
