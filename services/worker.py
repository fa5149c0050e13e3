"""A service's worker process in production: RabbitMQ consumer, outbox relay and periodic work."""

from __future__ import annotations

import logging
import signal
import threading

from services import registry
from shared.config import Settings
from shared.loops import start_thread
from shared.messaging.broker import BrokerTransport
from shared.messaging.relay import OutboxRelay
from shared.messaging.worker import BrokerWorker

log = logging.getLogger(__name__)


def run_worker(name: str, settings: Settings, stop: threading.Event | None = None) -> None:
    if not settings.broker_url:
        raise SystemExit("BROKER_URL is not set: workers need RabbitMQ. Use `safergrants run` for embedded mode.")
    stop = stop or _stop_on_signals()
    runtime = registry.bootstrap(name, settings)
    tasks = registry.background(runtime)
    wake = threading.Event()
    consumer = registry.make_consumer(runtime, after_commit=wake.set)
    relay = OutboxRelay(
        name, runtime.session_factory, runtime.tables, BrokerTransport(settings.broker_url, settings.broker_timeout)
    )
    threads = [start_thread(stop, relay.relay_once, 0.2, f"{name}-relay")]
    if tasks:
        threads.append(start_thread(stop, lambda: sum(task() or 0 for task in tasks), 1.0, f"{name}-tasks", wake))
    worker = BrokerWorker(
        settings.broker_url, consumer, registry.topology(name, settings), timeout=settings.broker_timeout
    )
    log.info("%s worker started", name)
    try:
        worker.run(stop)
    finally:
        stop.set()
        wake.set()
        for thread in threads:
            thread.join(timeout=10)
        relay.transport.close()
        runtime.dispose()


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop
