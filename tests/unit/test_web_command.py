"""`safergrants web`: the gunicorn command line it hands over to."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from shared.cli import main


@pytest.fixture
def exec_args(monkeypatch) -> list[str]:
    """The arguments `safergrants web` would exec gunicorn with (the exec itself would replace pytest)."""
    captured: list[str] = []
    monkeypatch.setattr(os, "execvp", lambda _file, args: captured.extend(args))
    return captured


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_a_worker_may_take_minutes_on_one_request_so_the_first_check_after_a_big_import_completes(exec_args):
    result = CliRunner().invoke(main, ["web", "grants", "--bind", "127.0.0.1:8001"], env={"WEB_TIMEOUT": None})

    assert result.exit_code == 0, result.output
    assert option(exec_args, "--timeout") == "300"
    assert option(exec_args, "--bind") == "127.0.0.1:8001"


def test_the_timeout_and_the_number_of_workers_are_configuration(exec_args):
    CliRunner().invoke(main, ["web", "bids"], env={"WEB_TIMEOUT": "600", "WEB_CONCURRENCY": "4"})

    assert (option(exec_args, "--timeout"), option(exec_args, "--workers")) == ("600", "4")
