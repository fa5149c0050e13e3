"""Fixtures for end-to-end tests: every process a test starts is stopped afterwards, pass or fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.processes import ProcessGroup


@pytest.fixture
def processes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ProcessGroup]:
    """Start processes with ``processes.start(name, command, env)``; their logs go to ``tmp_path/logs``.

    Afterwards every one is stopped, and none may have printed a traceback, even one the test did not
    look at.
    """
    group = ProcessGroup(tmp_path / "logs")
    try:
        yield group
    finally:
        group.stop_all()
    group.assert_no_tracebacks()
