"""Embedded delivery: with no broker configured, the relay hands messages to consumers in-process.

A row counts as delivered only after every subscribed consumer has committed (its inbox row included),
so killing the process at any instant loses nothing, and the inbox turns the repeat into a no-op.
kombu's sqla/filesystem transports were not used: they lose an in-flight message if the process dies.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence

from shared.events import Envelope
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import DeliveryFailed, OutboxRow


class InProcessTransport:
    def __init__(self, consumers: Sequence[EventConsumer], retry_delays: Sequence[float]):
        self.consumers = list(consumers)
        self.retry_delays = tuple(retry_delays)

    def deliver(self, rows: Sequence[OutboxRow]) -> list[DeliveryFailed | None]:
        return [self._deliver_one(row) for row in rows]

    def _deliver_one(self, row: OutboxRow) -> DeliveryFailed | None:
        envelope = Envelope.from_json(row.body)
        failures: list[str] = []
        for consumer in self.consumers:
            if not consumer.accepts(row.exchange, row.event_type):
                continue
            try:
                consumer.handle(envelope)
            except Exception:  # noqa: BLE001 - any handler error is a failed delivery to that consumer
                error = traceback.format_exc(limit=5)
                if row.attempts >= len(self.retry_delays):
                    # Same tiers as RabbitMQ: after the last one the message is parked, not dropped.
                    consumer.park(envelope, row.body, error, row.attempts + 1)
                else:
                    failures.append(f"{consumer.name}: {error.strip().splitlines()[-1]}")
        if failures:
            return DeliveryFailed("; ".join(failures), retry_in=self.retry_delays[row.attempts])
        return None

    def close(self) -> None:
        return None
