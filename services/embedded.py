"""The embedded default: all three services in one process on one port, no servers to install.

SQLite files and folders under var/, events delivered in-process from each service's outbox,
mail written as .eml files. The same code as production; only the adapters differ.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from flask import Flask, jsonify
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from services import registry
from services.event_spec import add_event_spec_route
from shared import migrations
from shared.config import SERVICES, Settings
from shared.loops import start_thread
from shared.messaging.embedded import InProcessTransport
from shared.messaging.relay import OutboxRelay
from shared.runtime import ServiceRuntime
from shared.scanning.daemon import ClamdProcess

log = logging.getLogger(__name__)


@dataclass
class EmbeddedSystem:
    settings: Settings
    runtimes: dict[str, ServiceRuntime] = field(default_factory=dict)
    relays: list[OutboxRelay] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    clamd: ClamdProcess | None = None  # the private virus scanner, when the embedded mode started one

    def start_background(self) -> None:
        wake = threading.Event()
        consumers = [registry.make_consumer(runtime, after_commit=wake.set) for runtime in self.runtimes.values()]
        transport = InProcessTransport(consumers, self.settings.retry_delays)
        for name, runtime in self.runtimes.items():
            relay = OutboxRelay(name, runtime.session_factory, runtime.tables, transport)
            self.relays.append(relay)
            self.threads.append(start_thread(self.stop, relay.relay_once, 0.2, f"{name}-relay"))
            tasks = registry.background(runtime)
            if tasks:
                work = (lambda ts: lambda: sum(task() or 0 for task in ts))(tasks)
                self.threads.append(start_thread(self.stop, work, 1.0, f"{name}-tasks", wake))
        self._wake = wake

    def wsgi(self):
        apps = {
            f"/{name}": registry.app_module(name).create_app(runtime=runtime) for name, runtime in self.runtimes.items()
        }
        return DispatcherMiddleware(self._index(), apps)

    def _index(self) -> Flask:
        """The front door (sign-in pages) at `/`, the JSON index of the APIs at `/api`, the event spec."""
        from shared.web.app import create_front_door

        index = create_front_door(self.settings)

        @index.get("/api")
        def api_index():
            return jsonify(
                service="SaferGrants", apis={n: f"/{n}/openapi.json" for n in SERVICES}, events="/events/asyncapi.json"
            )

        add_event_spec_route(index, self.settings, "/events/asyncapi.json")
        return index

    def shutdown(self) -> None:
        self.stop.set()
        getattr(self, "_wake", threading.Event()).set()
        for thread in self.threads:
            thread.join(timeout=10)
        for runtime in self.runtimes.values():
            runtime.dispose()
        if self.clamd is not None:
            self.clamd.stop()


def build_embedded(settings: Settings, seed: bool = True) -> EmbeddedSystem:
    from shared.scanning.embedded import start_embedded_clamd

    settings.var_dir.mkdir(parents=True, exist_ok=True)
    settings, clamd = start_embedded_clamd(settings)  # bids' virus scanner, unless CLAMD_URL names one
    system = EmbeddedSystem(settings)
    system.clamd = clamd
    for name in SERVICES:
        migrations.upgrade(settings, name)
        system.runtimes[name] = registry.bootstrap(name, settings)
    if system.runtimes["bids"].evidence is not None:
        system.runtimes["bids"].evidence.ensure_bucket()
    if seed:
        from services.seed import seed_demo

        if seed_demo(system.runtimes["grants"]):
            log.info("seeded the demo funding round")
    return system
