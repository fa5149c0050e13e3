"""The front door (sign-in pages) driven by Flask's test client, beside real service apps on SQLite."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services import registry
from shared import migrations
from shared.config import Settings
from shared.web.app import create_front_door


@pytest.fixture
def make_front_door(make_settings) -> Callable[..., Flask]:
    """`make_front_door(SESSION_MINUTES="5", ...)`: the front door with those settings over the defaults."""

    def make(**environment: str) -> Flask:
        return create_front_door(make_settings(**environment))

    return make


@pytest.fixture
def front_door(make_front_door) -> Flask:
    return make_front_door()


@pytest.fixture
def service_client() -> Iterator[Callable[[Settings, str], FlaskClient]]:
    """`service_client(settings, "grants")`: a test client of that service's API, migrated on SQLite."""
    runtimes = []

    def make(settings: Settings, name: str = "grants") -> FlaskClient:
        migrations.upgrade(settings, name)
        runtime = registry.bootstrap(name, settings)
        runtimes.append(runtime)
        return registry.app_module(name).create_app(runtime=runtime).test_client()

    yield make
    for runtime in runtimes:
        runtime.dispose()
