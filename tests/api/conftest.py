"""The three services' HTTP APIs in-process on SQLite, with events delivered by hand.

pytest-flask's `client` is the bids app (the `app` fixture); `grants` and `notifications` are test
clients of the other two. Nothing runs in the background: a test calls `deliver_events()` where a
real system's relays would have moved the outboxes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services import registry
from shared import migrations
from shared.auth.dev_identity import demo_principal, demo_token
from shared.clock import today
from shared.config import SERVICES, Settings
from shared.messaging.embedded import InProcessTransport
from shared.messaging.relay import OutboxRelay
from shared.runtime import ServiceRuntime
from tests.api.factories import (  # noqa: F401 - fixtures
    bid_fields,
    make_bid,
    make_round,
    ready,
    save_draft,
    submitted,
    upload_evidence,
)


@dataclass
class ApiSystem:
    settings: Settings
    runtimes: dict[str, ServiceRuntime] = field(default_factory=dict)
    apps: dict[str, Flask] = field(default_factory=dict)


@pytest.fixture
def database_environment() -> dict[str, str]:
    """Extra environment naming the databases; empty means SQLite files under tmp_path.

    Override it in a test module to run the same tests on PostgreSQL.
    """
    return {}


@pytest.fixture
def scanner_environment(clamd) -> dict[str, str]:
    """The virus scanner the services use: the session's private clamd (tests/fixtures/clamd.py)."""
    return {"CLAMD_URL": clamd.url}


@pytest.fixture
def system(make_settings, database_environment, scanner_environment) -> Iterator[ApiSystem]:
    """All three services migrated and wired as `build_embedded` does, minus the background threads."""
    built = ApiSystem(make_settings(**scanner_environment, **database_environment))
    for name in SERVICES:
        migrations.upgrade(built.settings, name)
        built.runtimes[name] = registry.bootstrap(name, built.settings)
        built.apps[name] = registry.app_module(name).create_app(runtime=built.runtimes[name])
    built.runtimes["bids"].evidence.ensure_bucket()
    yield built
    for runtime in built.runtimes.values():
        runtime.dispose()


@pytest.fixture
def app(system: ApiSystem) -> Flask:
    """pytest-flask's app: bids, the service most tests drive."""
    return system.apps["bids"]


@pytest.fixture
def grants(system: ApiSystem) -> FlaskClient:
    return system.apps["grants"].test_client()


@pytest.fixture
def notifications(system: ApiSystem) -> FlaskClient:
    return system.apps["notifications"].test_client()


@pytest.fixture
def deliver_events(system: ApiSystem) -> Callable[[], int]:
    """Relay every service's outbox to the consumers in-process until nothing is left to send.

    Fails the test if an event could not be delivered, rather than leaving it to a retry nobody runs.
    """
    consumers = [registry.make_consumer(runtime) for runtime in system.runtimes.values()]
    transport = InProcessTransport(consumers, system.settings.retry_delays)
    relays = [
        OutboxRelay(name, runtime.session_factory, runtime.tables, transport)
        for name, runtime in system.runtimes.items()
    ]

    def deliver() -> int:
        delivered = 0
        for _ in range(5):  # a consumer may publish in turn; five hops is more than any chain we have
            sent = sum(relay.relay_once() for relay in relays)
            delivered += sent
            if not sent:
                break
        stuck = {relay.service: relay.pending() for relay in relays if relay.pending()}
        assert not stuck, f"events left undelivered: {stuck}"
        return delivered

    return deliver


@pytest.fixture
def scan_evidence(system: ApiSystem) -> Callable[[], int]:
    """Run bids' virus scan over everything in quarantine, as its worker does in the background."""
    from services.bids.evidence_scanning import scan_pending

    runtime = system.runtimes["bids"]
    return lambda: scan_pending(runtime.session_factory, runtime.evidence, runtime.scanner, limit=1000)


@pytest.fixture
def auth(system: ApiSystem) -> Callable[..., dict[str, str]]:
    """`auth("csp_officer", "charnwood")`: an Authorization header for a demo user."""

    def headers(
        role: str = "csp_officer",
        csp_id: str | None = None,
        lifetime: timedelta | None = None,
        bid_id: str | None = None,
    ) -> dict:
        principal = demo_principal(role, csp_id, bid_id or "invited-bid")
        token = demo_token(system.settings, principal, lifetime or timedelta(hours=1))
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def round_fields() -> Callable[..., dict]:
    """A valid request body to create a funding round open from a fortnight ago for two months."""

    def fields(**overrides) -> dict:
        return {
            "name": "Community Safety Fund 2026/27",
            "financial_year": "2026/27",
            "opens_on": (today() - timedelta(days=14)).isoformat(),
            "closes_on": (today() + timedelta(days=60)).isoformat(),
            "pot": "250000.00",
            "priorities": ["anti-social-behaviour", "domestic-abuse"],
        } | overrides

    return fields
