"""RabbitMQ topology, declared by code and mirrored in infra/rabbitmq/definitions.json.

Per publishing service: a durable topic exchange `<service>.events`; routing key = event type.
Per consuming service `<svc>`:
- `<svc>.inbox`   quorum work queue bound to the event types it handles, with an explicit delivery
                  limit (3.10 quorum queues have none by default) and at-least-once dead-lettering;
- `<svc>.work`    direct exchange feeding the inbox (retries and replays come back through it);
- `<svc>.retry`   direct exchange with one wait queue per delay tier, `<svc>.retry.<n>`: queue-level
                  TTL dead-letters back to `<svc>.work` (per-message TTL only expires at the head);
- `<svc>.dlx` → `<svc>.dead`  where poison messages are parked for `safergrants dead`.

Every queue is a quorum queue (replicated, and supports queue TTL since 3.10): a message waiting for
its retry, or parked for an operator, must survive losing a node as much as one waiting in the inbox.
Queues that dead-letter do so at-least-once, which RabbitMQ only does with `reject-publish` overflow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kombu import Exchange, Queue

PUBLISHERS = ("bids", "grants")
QUORUM = {"x-queue-type": "quorum"}
# 3.10 dead-letters at-most-once by default; at-least-once needs this strategy and reject-publish overflow.
AT_LEAST_ONCE_DEAD_LETTERING = {"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


@dataclass(frozen=True)
class ConsumerTopology:
    service: str
    bindings: Mapping[str, Sequence[str]]  # exchange -> event types
    retry_delays: Sequence[float]
    delivery_limit: int

    @property
    def inbox_name(self) -> str:
        return f"{self.service}.inbox"

    @property
    def dead_name(self) -> str:
        return f"{self.service}.dead"

    def work_exchange(self) -> Exchange:
        return Exchange(f"{self.service}.work", type="direct", durable=True)

    def retry_exchange(self) -> Exchange:
        return Exchange(f"{self.service}.retry", type="direct", durable=True)

    def dead_exchange(self) -> Exchange:
        return Exchange(f"{self.service}.dlx", type="fanout", durable=True)

    def inbox_arguments(self) -> dict:
        return {
            **QUORUM,
            "x-delivery-limit": self.delivery_limit,
            "x-dead-letter-exchange": self.dead_exchange().name,
            **AT_LEAST_ONCE_DEAD_LETTERING,
        }

    def inbox(self) -> Queue:
        return Queue(self.inbox_name, durable=True, queue_arguments=self.inbox_arguments(), no_declare=False)

    def retry_queue_name(self, tier: int) -> str:
        return f"{self.service}.retry.{tier}"

    def retry_arguments(self, tier: int) -> dict:
        return {
            **QUORUM,
            "x-message-ttl": int(self.retry_delays[tier] * 1000),
            "x-dead-letter-exchange": self.work_exchange().name,
            "x-dead-letter-routing-key": self.inbox_name,
            **AT_LEAST_ONCE_DEAD_LETTERING,
        }

    def dead_arguments(self) -> dict:
        return dict(QUORUM)

    def declare(self, channel) -> None:
        for producer in PUBLISHERS:
            event_exchange(producer).declare(channel=channel)
        for exchange in (self.work_exchange(), self.retry_exchange(), self.dead_exchange()):
            exchange.declare(channel=channel)
        inbox = self.inbox()
        inbox.bind(channel).declare()
        channel.queue_bind(inbox.name, self.work_exchange().name, routing_key=self.inbox_name)
        for exchange_name, event_types in self.bindings.items():
            for event_type in event_types:
                channel.queue_bind(inbox.name, exchange_name, routing_key=event_type)
        for tier in range(len(self.retry_delays)):
            name = self.retry_queue_name(tier)
            Queue(name, durable=True, queue_arguments=self.retry_arguments(tier)).bind(channel).declare()
            channel.queue_bind(name, self.retry_exchange().name, routing_key=str(tier))
        Queue(self.dead_name, durable=True, queue_arguments=self.dead_arguments()).bind(channel).declare()
        channel.queue_bind(self.dead_name, self.dead_exchange().name, routing_key="")


def event_exchange(producer: str) -> Exchange:
    return Exchange(f"{producer}.events", type="topic", durable=True)


def declare_all(channel, topologies: Sequence[ConsumerTopology]) -> None:
    for topology in topologies:
        topology.declare(channel)
