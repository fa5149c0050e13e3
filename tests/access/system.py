"""The three services in-process, as tests/api's `system` fixture makes them, but built once per backend.

Events move only when `deliver_events` is called, as in tests/api.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from services import registry
from shared import migrations
from shared.auth.scoping import SYSTEM, acting_as
from shared.config import SERVICES, Settings
from shared.messaging.embedded import InProcessTransport
from shared.messaging.relay import OutboxRelay
from shared.runtime import ServiceRuntime


@dataclass
class System:
    settings: Settings
    runtimes: dict[str, ServiceRuntime] = field(default_factory=dict)
    apps: dict[str, Flask] = field(default_factory=dict)
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    def rows(self, service: str, model: type, *where) -> list:
        """Rows of one service's table as the system sees them (no principal's scope)."""
        with acting_as(SYSTEM), self.runtimes[service].session_factory() as session:
            rows = list(session.scalars(sa.select(model).where(*where)))
            session.expunge_all()
            return rows

    def dispose(self) -> None:
        for runtime in self.runtimes.values():
            runtime.dispose()


def start_system(settings: Settings) -> System:
    built = System(settings)
    for name in SERVICES:
        migrations.upgrade(settings, name)
        built.runtimes[name] = registry.bootstrap(name, settings)
        built.apps[name] = registry.app_module(name).create_app(runtime=built.runtimes[name])
        built.clients[name] = built.apps[name].test_client()
    built.runtimes["bids"].evidence.ensure_bucket()
    return built


def deliver_events(system: System) -> int:
    """Relay every outbox to the consumers until nothing is left; fail if an event could not be delivered."""
    consumers = [registry.make_consumer(runtime) for runtime in system.runtimes.values()]
    transport = InProcessTransport(consumers, system.settings.retry_delays)
    relays = [
        OutboxRelay(name, runtime.session_factory, runtime.tables, transport)
        for name, runtime in system.runtimes.items()
    ]
    delivered = 0
    for _ in range(5):
        sent = sum(relay.relay_once() for relay in relays)
        delivered += sent
        if not sent:
            break
    stuck = {relay.service: relay.pending() for relay in relays if relay.pending()}
    assert not stuck, f"events left undelivered: {stuck}"
    return delivered


def scan_evidence(system: System) -> int:
    """Run bids' virus scan over everything in quarantine, as its worker does in the background."""
    from services.bids.evidence_scanning import scan_pending

    bids = system.runtimes["bids"]
    return scan_pending(bids.session_factory, bids.evidence, bids.scanner, limit=1000)
