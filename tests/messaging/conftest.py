"""Fixtures for the messaging tests: real PostgreSQL databases and a RabbitMQ vhost per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from services import registry
from shared import migrations
from shared.config import Settings
from tests.messaging.support import System


def _system(settings: Settings) -> System:
    for name in ("bids", "grants"):
        migrations.upgrade(settings, name)
    return System(settings, registry.bootstrap("bids", settings), registry.bootstrap("grants", settings))


@pytest.fixture
def pg_environment(fresh_postgres_urls: dict[str, str]) -> dict[str, str]:
    return {f"{name.upper()}_DATABASE_URL": url for name, url in fresh_postgres_urls.items()}


@pytest.fixture
def system(make_settings: Callable[..., Settings], pg_environment: dict[str, str]) -> Iterator[System]:
    """bids and grants on fresh PostgreSQL databases, no broker (embedded delivery)."""
    built = _system(make_settings(**pg_environment))
    yield built
    built.dispose()


@pytest.fixture
def broker_system(
    make_settings: Callable[..., Settings], pg_environment: dict[str, str], broker_url: str
) -> Iterator[System]:
    """bids and grants on fresh PostgreSQL databases and a private vhost, topology declared."""
    built = _system(make_settings(BROKER_URL=broker_url, BROKER_TIMEOUT="5", **pg_environment))
    built.declare_topology()
    yield built
    built.dispose()
