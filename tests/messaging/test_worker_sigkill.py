"""A worker process killed in the middle of a handler: the message comes back and takes effect once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from shared.messaging.broker import BrokerTransport
from tests.messaging.support import SECRET_KEY, System, assert_all_acked, wait_until

SAFERGRANTS = Path(sys.executable).parent / "safergrants"


def libpq_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def worker_process(system: System, log: Path) -> Iterator[subprocess.Popen]:
    """`safergrants worker grants` as its own process, as a supervisor would run it."""
    environment = {
        **os.environ,
        "SAFERGRANTS_VAR_DIR": str(system.settings.var_dir),
        "SECRET_KEY": SECRET_KEY,
        "BROKER_URL": system.settings.broker_url,
        "BROKER_TIMEOUT": "5",
        "RETRY_DELAYS": ",".join(str(d) for d in system.settings.retry_delays),
        "GRANTS_DATABASE_URL": system.settings.database_url("grants"),
    }
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [str(SAFERGRANTS), "worker", "grants"], env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def backends_waiting_on_review_item(admin: psycopg.Connection) -> int:
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND query ILIKE '%review_item%'"
    )
    return admin.execute(query).fetchone()[0]


def test_a_worker_killed_mid_handler_leaves_the_message_to_be_redelivered_and_applied_once(
    broker_system: System, tmp_path: Path
) -> None:
    grants_db = libpq_url(broker_system.settings.database_url("grants"))
    log = tmp_path / "worker.log"
    [envelope] = broker_system.record_bids(1)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))

    with psycopg.connect(grants_db, autocommit=True) as admin, psycopg.connect(grants_db) as blocker:
        # Hold the review table so the handler's transaction stops half way, with nothing committed.
        blocker.execute("LOCK TABLE review_item IN ACCESS EXCLUSIVE MODE")
        with worker_process(broker_system, log) as first:
            assert relay.relay_once() == 1
            wait_until(lambda: backends_waiting_on_review_item(admin) == 1, 60, "the worker's handler to block")
            first.send_signal(signal.SIGKILL)
            assert first.wait(timeout=10) == -signal.SIGKILL
        blocker.rollback()
    relay.transport.close()

    assert broker_system.review_items() == [] and broker_system.inbox_rows() == []
    with worker_process(broker_system, log):
        wait_until(lambda: broker_system.review_items(), 60, "the redelivered message to be applied")

    assert_all_acked(broker_system.settings.broker_url, "grants.inbox")
    [item] = broker_system.review_items()
    assert item.event_id == envelope.id
    assert [row.message_id for row in broker_system.inbox_rows()] == [envelope.id]
