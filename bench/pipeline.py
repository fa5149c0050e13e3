"""Throughput of our event pipeline against raw kombu on the same RabbitMQ and PostgreSQL.

    .venv/bin/python bench/pipeline.py [--events N]

(i)  raw kombu: a producer publishes N persistent messages with publisher confirms to a quorum queue
     while a consumer takes and acks them; clocked from the first publish to the last ack.
(ii) ours: N `bid.submitted` events are recorded in bids' outbox (one transaction each, as requests
     would; timed and printed, but not clocked: that commit is the business transaction's own), then the
     worker's relay loop publishes them (OutboxRelay + BrokerTransport) while grants' BrokerWorker applies
     them (inbox + handler on PostgreSQL); clocked from the relay's start to the N-th review item.
It uses a throwaway vhost and throwaway databases, removed afterwards. It prints; it does not assert.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from kombu import Connection, Consumer, Producer, Queue  # noqa: E402

from services import registry  # noqa: E402
from services.grants.models import ReviewItem  # noqa: E402
from shared import migrations  # noqa: E402
from shared.config import load_settings  # noqa: E402
from shared.events import Envelope  # noqa: E402
from shared.loops import start_thread  # noqa: E402
from shared.messaging.broker import BrokerTransport, close_quietly, connect  # noqa: E402
from shared.messaging.relay import OutboxRelay  # noqa: E402
from shared.messaging.topology import declare_all  # noqa: E402
from shared.messaging.worker import PREFETCH, BrokerWorker  # noqa: E402
from tests.messaging.support import bid_payload  # noqa: E402

ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BROKER_HOST = os.environ.get("TEST_RABBITMQ_HOST", "127.0.0.1:5672")
DEADLINE = 600.0  # give up (and say so) rather than hang


def ctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=120)


def admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


def raw_kombu(url: str, events: int, prefetch: int, body: bytes) -> float:
    queue = Queue("raw.bench", durable=True, queue_arguments={"x-queue-type": "quorum"})
    consumed = threading.Event()
    ready = threading.Event()

    def consume() -> None:
        with Connection(url) as connection:
            channel = connection.channel()
            channel.basic_qos(0, prefetch, False)
            count = 0

            def on_message(message) -> None:
                nonlocal count
                message.ack()
                count += 1
                if count == events:
                    consumed.set()

            with Consumer(channel, queues=[queue], on_message=on_message):
                ready.set()
                deadline = time.monotonic() + DEADLINE
                while not consumed.is_set() and time.monotonic() < deadline:
                    with contextlib.suppress(TimeoutError):
                        connection.drain_events(timeout=1)

    with Connection(url, transport_options={"confirm_publish": True}) as connection:
        queue.bind(connection.channel()).declare()
        consumer = threading.Thread(target=consume, daemon=True)
        consumer.start()
        ready.wait(30)
        producer = Producer(connection.channel())
        started = time.perf_counter()
        for _ in range(events):
            producer.publish(
                body,
                routing_key=queue.name,
                delivery_mode=2,
                content_type="application/json",
                content_encoding="utf-8",
                message_id=str(uuid.uuid4()),
            )
        consumed.wait(DEADLINE)
        elapsed = time.perf_counter() - started
        consumer.join(10)
    if not consumed.is_set():
        raise SystemExit("raw kombu did not consume every message in time")
    return elapsed


def ours(url: str, database_urls: dict[str, str], events: int, prefetch: int, batch: int) -> tuple[float, float]:
    environment = {f"{n.upper()}_DATABASE_URL": u for n, u in database_urls.items()}
    settings = load_settings({**environment, "BROKER_URL": url, "SECRET_KEY": "bench", "SAFERGRANTS_VAR_DIR": "/tmp"})
    for name in ("bids", "grants"):
        migrations.upgrade(settings, name)
    bids, grants = registry.bootstrap("bids", settings), registry.bootstrap("grants", settings)
    topology = registry.topology("grants", settings)
    connection = connect(url, 5.0)
    # Only grants' queues, so the broker does the same work as in the raw run (one quorum queue per event).
    declare_all(connection.channel(), [topology])
    close_quietly(connection)

    stop = threading.Event()
    relay = OutboxRelay("bids", bids.session_factory, bids.tables, BrokerTransport(url, 5.0), batch_size=batch)
    worker = BrokerWorker(url, registry.make_consumer(grants), topology, prefetch=prefetch)
    threads = [threading.Thread(target=worker.run, args=(stop,), daemon=True)]
    threads[0].start()
    time.sleep(1.0)  # let the worker connect and start consuming before the clock starts

    started = time.perf_counter()
    for _ in range(events):
        with bids.session_factory() as session, session.begin():
            bids.outbox.record(session, "bid.submitted", bid_payload())
    written = time.perf_counter() - started

    started = time.perf_counter()
    threads.append(start_thread(stop, relay.relay_once, 0.2, "bench-relay"))  # the worker process's loop
    count = sa.select(sa.func.count()).select_from(ReviewItem)
    deadline = time.monotonic() + DEADLINE
    with grants.session_factory() as session:
        while session.execute(count).scalar_one() < events and time.monotonic() < deadline:
            session.rollback()
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join(15)
    relay.transport.close()
    bids.dispose()
    grants.dispose()
    if time.monotonic() >= deadline:
        raise SystemExit("our pipeline did not apply every event in time")
    return elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--prefetch", type=int, default=PREFETCH, help="consumer prefetch (both runs); the worker's")
    parser.add_argument("--relay-batch", type=int, default=100, help="outbox rows per relay pass")
    args = parser.parse_args()

    tag = uuid.uuid4().hex[:8]
    vhost, prefix = f"sgbench-{tag}", f"sgbench_{tag}"
    url = f"amqp://guest:guest@{BROKER_HOST}/{vhost}"
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    database_urls = {name: f"{base}/{prefix}_{name}" for name in ("bids", "grants")}
    ctl("add_vhost", vhost)
    try:
        ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        for name in database_urls:
            admin(f'CREATE DATABASE "{prefix}_{name}"')
        body = Envelope("bid.submitted", 1, "bids", str(uuid.uuid4()), bid_payload()).to_json().encode()
        raw = raw_kombu(url, args.events, args.prefetch, body)
        elapsed, written = ours(url, database_urls, args.events, args.prefetch, args.relay_batch)
    finally:
        for name in database_urls:
            admin(f'DROP DATABASE IF EXISTS "{prefix}_{name}" WITH (FORCE)')
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True, timeout=120)

    n = args.events
    print(f"events: {n}   consumer prefetch: {args.prefetch}   relay batch: {args.relay_batch}")
    print(f"raw kombu   publish+confirm -> quorum queue -> consume+ack : {raw:7.2f} s  {n / raw:8.0f} events/s")
    print(
        f"safergrants outbox -> relay -> RabbitMQ -> worker (inbox+handler): {elapsed:7.2f} s  {n / elapsed:8.0f}"
        f" events/s   (recording them in the outbox beforehand: {written:.2f} s)"
    )
    print(f"ratio ours/raw: {raw / elapsed:.2f}   (goal >= 0.5)")


if __name__ == "__main__":
    main()
