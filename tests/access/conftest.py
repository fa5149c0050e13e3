"""One world per database backend for the whole access matrix: SQLite, then PostgreSQL.

Built once per module, since the matrix has well over a thousand cases; the cases that change state make
their own throwaway rows (`tests/access/calls.py`), so the order they run in does not matter.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from shared.config import load_settings
from tests.access.system import start_system
from tests.access.world import World, build_world
from tests.fixtures.postgres import ADMIN_URL, create_databases, drop_databases
from tests.fixtures.settings import embedded_environment


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory, clamd) -> Iterator[World]:
    environment, prefix = {"CLAMD_URL": clamd.url}, None
    if request.param == "postgresql":
        prefix = f"sgaccess_{uuid.uuid4().hex[:10]}"
        try:
            urls = create_databases(prefix)
        except psycopg.OperationalError as error:
            pytest.fail(f"PostgreSQL is not reachable at {ADMIN_URL}: {error}")
        environment |= {f"{service.upper()}_DATABASE_URL": url for service, url in urls.items()}
    system = None
    try:
        var_dir = tmp_path_factory.mktemp(f"access-{request.param}") / "var"
        system = start_system(load_settings(embedded_environment(var_dir, **environment)))
        yield build_world(system)
    finally:
        if system is not None:
            system.dispose()
        if prefix is not None:
            drop_databases(prefix)


def pytest_terminal_summary(terminalreporter) -> None:
    from tests.access.summary import RESULTS, write_summary

    if RESULTS:
        terminalreporter.section("access matrix")
        write_summary(terminalreporter.write_line)
