"""Helpers for the messaging tests: services on PostgreSQL, events to send, bounded waits."""

from __future__ import annotations

import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

from services import registry
from services.grants.models import ReviewItem
from shared.clock import utcnow
from shared.config import Settings
from shared.events import Envelope
from shared.messaging.broker import ConfirmedPublisher, Outgoing, close_quietly, connect
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import OutboxRelay, Transport
from shared.messaging.topology import ConsumerTopology, declare_all
from shared.messaging.worker import BrokerWorker
from shared.runtime import ServiceRuntime

SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256"


def bid_payload(**overrides) -> dict:
    """A `bid.submitted` payload that satisfies its contract."""
    payload = {
        "bid_id": f"bid-{uuid.uuid4().hex[:12]}",
        "round_id": "round-2026",
        "round_name": "Community safety fund 2026/27",
        "csp_id": "melton",
        "csp_name": "Melton",
        "title": "Safer streets at night",
        "summary": "Street lighting and patrols in the town centre.",
        "amount_requested_pence": 1_250_000,
        "priorities": ["crime-fear-of-crime"],
        "delivery_provider": {"name": "Melton Borough Council"},
        "submitted_at": utcnow().isoformat(),
        "submitted_by": {"user_id": "officer-1", "name": "Casey Officer", "email": "casey@melton.example"},
        "evidence": [],
    }
    payload.update(overrides)
    return payload


def wait_until(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.1) -> None:
    """Poll `condition` until it is truthy; fail the test (never hang) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def queue_counts(broker_url: str, queue: str) -> tuple[int, int]:
    """(ready, delivered but unacked) messages in `queue`, as the broker counts them."""
    vhost = broker_url.rsplit("/", 1)[1]
    listing = subprocess.run(
        ["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "messages_ready", "messages_unacknowledged"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    for line in listing.stdout.splitlines():
        name, ready, unacked = line.split("\t")
        if name == queue:
            return int(ready), int(unacked)
    raise LookupError(queue)


def assert_all_acked(broker_url: str, queue: str) -> None:
    """Once its consumers are gone, a queue holding nothing means every delivery was acked."""
    wait_until(lambda: queue_counts(broker_url, queue)[1] == 0, 20, f"{queue}'s consumers to let go")
    assert queue_counts(broker_url, queue) == (0, 0), f"{queue} still holds messages"


@dataclass
class System:
    """bids (the producer) and grants (the consumer) on their own PostgreSQL databases."""

    settings: Settings
    bids: ServiceRuntime
    grants: ServiceRuntime

    def record_bids(self, count: int = 1, **overrides) -> list[Envelope]:
        """Write `count` bid.submitted events into bids' outbox, each in its own transaction."""
        envelopes = []
        for _ in range(count):
            with self.bids.session_factory() as session, session.begin():
                envelopes.append(self.bids.outbox.record(session, "bid.submitted", bid_payload(**overrides)))
        return envelopes

    def relay(self, transport: Transport, batch_size: int = 100) -> OutboxRelay:
        return OutboxRelay("bids", self.bids.session_factory, self.bids.tables, transport, batch_size=batch_size)

    def outbox_rows(self) -> list:
        outbox = self.bids.tables.outbox
        with self.bids.session_factory() as session:
            return list(session.execute(sa.select(outbox).order_by(outbox.c.created_at)))

    def review_items(self) -> list[ReviewItem]:
        with self.grants.session_factory() as session:
            return list(session.scalars(sa.select(ReviewItem)))

    def inbox_rows(self, consumer: str = "grants") -> list:
        inbox = self.grants.tables.inbox
        with self.grants.session_factory() as session:
            return list(session.execute(sa.select(inbox).where(inbox.c.consumer == consumer)))

    def grants_consumer(self) -> EventConsumer:
        return registry.make_consumer(self.grants)

    def grants_topology(self) -> ConsumerTopology:
        return registry.topology("grants", self.settings)

    def declare_topology(self) -> None:
        connection = connect(self.settings.broker_url, 5.0)
        try:
            declare_all(connection.channel(), registry.all_topologies(self.settings))
        finally:
            close_quietly(connection)

    def dispose(self) -> None:
        self.bids.dispose()
        self.grants.dispose()


class CountingHandle:
    """Wraps EventConsumer.handle_many (what the worker calls) to record each message's outcome."""

    def __init__(self, consumer: EventConsumer):
        self.inner = consumer.handle_many
        self.results: list[bool | str] = []
        consumer.handle_many = self

    def __call__(self, envelopes: list[Envelope]) -> list[bool | Exception]:
        outcomes = self.inner(envelopes)
        self.results += [type(o).__name__ if isinstance(o, Exception) else o for o in outcomes]
        return outcomes


def worker_for(system: System, consumer: EventConsumer) -> BrokerWorker:
    return BrokerWorker(system.settings.broker_url, consumer, system.grants_topology(), timeout=5.0)


def publish_raw(system: System, envelope: Envelope) -> None:
    """Publish as a producer would, bypassing the outbox (which refuses bodies its contract rejects)."""
    publisher = ConfirmedPublisher(system.settings.broker_url, 5.0)
    try:
        publisher.publish(Outgoing("bids.events", envelope.type, envelope.to_json(), envelope.id, envelope.type))
    finally:
        publisher.close()


@contextmanager
def running_worker(worker: BrokerWorker) -> Iterator[BrokerWorker]:
    """Run a BrokerWorker in a thread; stop it (bounded) on the way out and surface any crash."""
    stop = threading.Event()
    crashed: list[BaseException] = []

    def run() -> None:
        try:
            worker.run(stop)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            crashed.append(error)

    thread = threading.Thread(target=run, name="test-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        stop.set()
        thread.join(timeout=15)
    assert not thread.is_alive(), "the worker did not stop within 15 s"
    assert not crashed, f"the worker crashed: {crashed[0]!r}"
