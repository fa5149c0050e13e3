"""Whole SaferGrants processes for end-to-end tests: start, wait until they answer, stop, and talk to them.

Every wait here is bounded, and a failure message carries the tail of each process's log, so a test that
times out says why. Processes run in their own session (process group), so stopping one also stops
whatever it started (make's child, gunicorn's workers).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import requests

from shared.auth.dev_identity import DevelopmentIdentity, demo_principal

HOST = "127.0.0.1"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The console script of the venv running the tests, so the processes run the code under test.
SAFERGRANTS = str(Path(sys.executable).parent / "safergrants")
# Our own configuration, and make's, is never inherited from the developer's shell: the test decides it.
_OWN_VARIABLES = re.compile(
    r"^(SAFERGRANTS_\w+|OIDC_\w+|API_AUDIENCE|TOKEN_\w+|SESSION_\w+|RATE_LIMIT_\w+|SERVICE_ROLES|\w+_DATABASE_URL|BROKER_\w+|S3_\w+|SMTP_\w+|MAIL_\w+|SECRET_KEY|PORT|BASE_URL|EVIDENCE_DIR"
    r"|OPCC_REVIEWERS_EMAIL|FINANCE_EMAIL|RETRY_DELAYS|DELIVERY_LIMIT|WEB_CONCURRENCY|MAKEFLAGS|MFLAGS|MAKELEVEL|VENV)$"
)

T = TypeVar("T")


def free_port() -> int:
    """A loopback port nothing listens on now (the OS chose it, so it is unlikely to be handed out again soon)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def process_environment(settings: dict[str, str]) -> dict[str, str]:
    """The test runner's environment without any SaferGrants settings, plus ``settings``."""
    inherited = {name: value for name, value in os.environ.items() if not _OWN_VARIABLES.match(name)}
    return {**inherited, "PYTHONUNBUFFERED": "1", **settings}


@dataclass
class RunningProcess:
    """One started process and the file its output goes to."""

    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        text = "\n".join(self.output().splitlines()[-lines:])
        state = "running" if self.alive else f"exited with {self.popen.returncode}"
        return f"--- {self.name} ({state}), last {lines} lines of {self.log}:\n{text}"

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the whole process group, as a terminal does for Ctrl-C.

        Once the leader has been reaped its id could in principle be reused, so the group is signalled
        only while some process still belongs to it (a group id is never reused while the group exists).
        """
        if self.popen.returncode is None or _group_has_members(self.popen.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signum)

    def kill_hard(self) -> None:
        """``kill -9``: no chance to clean up, exactly like a power cut to the process."""
        self.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        """Ask the process to stop with ``signum``; SIGKILL it if it has not gone within ``timeout`` seconds."""
        if self.alive:
            self.send_signal(signum)
        return self.wait_or_kill(timeout)

    def wait_or_kill(self, timeout: float) -> int:
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=10)
        # Children that outlived the leader (e.g. a gunicorn worker) go too.
        self.send_signal(signal.SIGKILL)
        return self.popen.returncode


@dataclass
class ProcessGroup:
    """Processes a test started; ``stop_all`` (run by the fixture even on failure) ends every one of them."""

    log_dir: Path
    started: list[RunningProcess] = field(default_factory=list)

    def start(self, name: str, command: Sequence[str], env: dict[str, str], cwd: Path = PROJECT_ROOT) -> RunningProcess:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_dir / f"{name}-{len(self.started)}.log"
        with log.open("wb") as output:
            popen = subprocess.Popen(
                list(command),
                env=process_environment(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = RunningProcess(name, popen, log)
        self.started.append(process)
        return process

    def running(self) -> list[RunningProcess]:
        return [process for process in self.started if process.alive]

    def tails(self) -> str:
        return "\n".join(process.tail() for process in self.started)

    def assert_no_tracebacks(self) -> None:
        broken = [process for process in self.started if "Traceback (most recent call last)" in process.output()]
        assert not broken, "a process printed a traceback:\n" + _tails(broken)

    def stop_all(self, timeout: float = 15.0) -> None:
        """SIGTERM every process at once, then SIGKILL whatever has not gone within ``timeout`` seconds."""
        for process in self.running():
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.started:
            process.wait_or_kill(max(deadline - time.monotonic(), 0.1))


def run_commands(commands: Sequence[Sequence[str]], env: dict[str, str], timeout: float = 60.0) -> list[str]:
    """Run one-off commands side by side to completion; fail with the output of any that fails or overruns."""
    running = [
        (
            command,
            subprocess.Popen(
                list(command),
                env=process_environment(env),
                cwd=PROJECT_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            ),
        )
        for command in commands
    ]
    deadline = time.monotonic() + timeout
    outputs, failures = [], []
    for command, popen in running:
        try:
            output, _ = popen.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            os.killpg(popen.pid, signal.SIGKILL)
            output, _ = popen.communicate()
            failures.append(f"{' '.join(command)} did not finish within {timeout}s:\n{output}")
            continue
        if popen.returncode != 0:
            failures.append(f"{' '.join(command)} failed with {popen.returncode}:\n{output}")
        outputs.append(output)
    assert not failures, "\n".join(failures)
    return outputs


def poll(
    check: Callable[[], T],
    timeout: float,
    what: str,
    watch: Iterable[RunningProcess] = (),
    pause: float | None = None,
) -> T:
    """Call ``check`` until it returns something truthy, for at most ``timeout`` seconds.

    Waits ``pause`` seconds between calls, or backs off from 0.05 s to 0.5 s if none is given. Fails at
    once if a watched process dies, and on timeout says what was awaited, what was last seen, and the
    log tails of the watched processes.
    """
    watched = list(watch)
    deadline = time.monotonic() + timeout
    backoff = pause is None
    pause = 0.05 if pause is None else pause
    last: object = None
    while True:
        dead = [process for process in watched if not process.alive]
        if dead:
            raise AssertionError(f"while waiting for {what}, a process died:\n" + _tails(dead))
        try:
            last = check()
        except requests.RequestException as error:  # not answering yet counts as "not yet"
            last = error
        if last and not isinstance(last, Exception):
            return last  # type: ignore[return-value]
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {timeout}s waiting for {what}; last saw {last!r}\n" + _tails(watched))
        time.sleep(pause)
        pause = min(pause * 2, 0.5) if backoff else pause


def wait_for_http(url: str, process: RunningProcess, timeout: float = 30.0) -> requests.Response:
    """Wait until ``url`` answers with a status below 500 while ``process`` keeps running."""

    def answered() -> requests.Response | None:
        response = requests.get(url, timeout=2)
        return response if response.status_code < 500 else None

    return poll(answered, timeout, f"{url} to answer", watch=[process])


def _group_has_members(group_id: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after the command name (which may hold spaces) are: state, ppid, pgrp, ...
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) == group_id:
                return True
    return False


def _tails(processes: Iterable[RunningProcess]) -> str:
    return "\n".join(process.tail() for process in processes)


def demo_token(var_dir: Path, role: str, csp: str | None = None) -> str:
    """A development-identity token for a demo user, signed with the key the processes keep in var_dir."""
    return DevelopmentIdentity.load(var_dir, production=False).issue(demo_principal(role, csp))


class ApiClient:
    """Talks to one service's API as one user, sending ``Authorization: Bearer <token>``."""

    def __init__(self, base_url: str, token: str, timeout: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, **options) -> requests.Response:
        options.setdefault("timeout", self.timeout)
        headers = {"Authorization": f"Bearer {self.token}", **options.pop("headers", {})}
        return requests.request(method, f"{self.base_url}{path}", headers=headers, **options)

    def get(self, path: str, **options) -> requests.Response:
        return self.request("GET", path, **options)

    def post(self, path: str, **options) -> requests.Response:
        return self.request("POST", path, **options)

    def patch(self, path: str, **options) -> requests.Response:
        return self.request("PATCH", path, **options)


def expect(response: requests.Response, status: int) -> dict | list:
    """The JSON body of ``response``, after checking it has ``status`` (the body is in the failure message)."""
    assert response.status_code == status, (
        f"{response.request.method} {response.url} answered {response.status_code}, "
        f"expected {status}: {response.text[:2000]}"
    )
    return response.json()
