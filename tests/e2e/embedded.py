"""The embedded system as a user runs it (`make run` or `safergrants run`): one process, one port, var/."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from shared.config import SERVICES
from tests.e2e.journeys import Deployment, signed_tokens
from tests.e2e.processes import HOST, SAFERGRANTS, ProcessGroup, RunningProcess, free_port, wait_for_http
from tests.fixtures.settings import embedded_environment

START_SECONDS = 60.0


def start_embedded(
    processes: ProcessGroup,
    var_dir: Path,
    command: Sequence[str] = (SAFERGRANTS, "run"),
    timeout: float = START_SECONDS,
    port_flag: bool = False,
) -> tuple[RunningProcess, Deployment]:
    """Start the embedded system on a free port with its data in ``var_dir``; return once its API answers.

    The port is given as ``PORT`` (what `make run` reads), or with ``port_flag`` as ``--port``.
    """
    port = free_port()
    env = embedded_environment(var_dir) if port_flag else embedded_environment(var_dir, PORT=str(port))
    command = [*command, "--port", str(port)] if port_flag else list(command)
    process = processes.start(command[0].rsplit("/", 1)[-1], command, env)
    base = f"http://{HOST}:{port}"
    wait_for_http(f"{base}/bids/openapi.json", process, timeout=timeout)
    return process, embedded_deployment(base, process, signed_tokens(var_dir))


def embedded_deployment(base: str, process: RunningProcess, token_for) -> Deployment:
    """The three APIs are mounted under one port, each at /<service>."""
    return Deployment({name: f"{base}/{name}" for name in SERVICES}, token_for, (process,))


def base_url(deployment: Deployment) -> str:
    return deployment.urls["bids"].rsplit("/", 1)[0]


def mail_files(var_dir: Path) -> list[Path]:
    """The .eml files the embedded mailer wrote (hidden temporary files excluded, as readers should)."""
    folder = var_dir / "mail"
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


def read_mail(path: Path) -> EmailMessage:
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def unpublished_events(var_dir: Path, service: str) -> int:
    """Outbox rows of ``service`` not yet delivered to every consumer (read from its SQLite file)."""
    with closing(sqlite3.connect(var_dir / f"{service}.db", timeout=10)) as connection:
        return connection.execute("SELECT count(*) FROM outbox_message WHERE published_at IS NULL").fetchone()[0]


def tables(database: Path) -> set[str]:
    """The tables a reader sees committed in a SQLite file now (none if it cannot be read yet)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.05)) as connection:
            return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return set()
