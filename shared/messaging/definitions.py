"""RabbitMQ definitions (the broker's boot-time import format) generated from the code's topology.

infra/rabbitmq/definitions.json is this output; a test keeps the two identical.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

from shared.messaging.topology import PUBLISHERS, ConsumerTopology

VHOST = "safergrants"
USER = "safergrants"
# For local compose only; production brokers manage their own users and passwords.
DEV_PASSWORD = "safergrants"


def rabbit_password_hash(password: str, salt: bytes = b"SGv1") -> str:
    """RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password))."""
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions(topologies: Sequence[ConsumerTopology]) -> dict:
    exchanges, queues, bindings = [], [], []

    def exchange(name: str, kind: str) -> None:
        exchanges.append(
            {
                "name": name,
                "vhost": VHOST,
                "type": kind,
                "durable": True,
                "auto_delete": False,
                "internal": False,
                "arguments": {},
            }
        )

    def queue(name: str, arguments: dict) -> None:
        queues.append({"name": name, "vhost": VHOST, "durable": True, "auto_delete": False, "arguments": arguments})

    def bind(source: str, destination: str, key: str) -> None:
        bindings.append(
            {
                "source": source,
                "vhost": VHOST,
                "destination": destination,
                "destination_type": "queue",
                "routing_key": key,
                "arguments": {},
            }
        )

    for producer in PUBLISHERS:
        exchange(f"{producer}.events", "topic")
    for t in topologies:
        exchange(t.work_exchange().name, "direct")
        exchange(t.retry_exchange().name, "direct")
        exchange(t.dead_exchange().name, "fanout")
        queue(t.inbox_name, t.inbox_arguments())
        bind(t.work_exchange().name, t.inbox_name, t.inbox_name)
        for source, event_types in t.bindings.items():
            for event_type in event_types:
                bind(source, t.inbox_name, event_type)
        for tier in range(len(t.retry_delays)):
            queue(t.retry_queue_name(tier), t.retry_arguments(tier))
            bind(t.retry_exchange().name, t.retry_queue_name(tier), str(tier))
        queue(t.dead_name, t.dead_arguments())
        bind(t.dead_exchange().name, t.dead_name, "")
    return {
        "rabbit_version": "3.13.0",
        "users": [
            {
                "name": USER,
                "password_hash": rabbit_password_hash(DEV_PASSWORD),
                "hashing_algorithm": "rabbit_password_hashing_sha256",
                "tags": [],
            }
        ],
        "vhosts": [{"name": VHOST}],
        "permissions": [{"user": USER, "vhost": VHOST, "configure": ".*", "write": ".*", "read": ".*"}],
        "exchanges": exchanges,
        "queues": queues,
        "bindings": bindings,
    }
