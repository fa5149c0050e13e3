"""The outbox and its relay on PostgreSQL, with a transport that records what it was handed."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from services.grants import handlers
from services.grants.models import FundingRound
from shared.clock import utcnow
from shared.messaging.relay import DeliveryFailed, OutboxRow
from tests.messaging.support import System


class RecordingTransport:
    """Counts every row it is handed; optionally slow, so concurrent relays really overlap."""

    def __init__(self, delay: float = 0.0, failure: DeliveryFailed | None = None):
        self.delay = delay
        self.failure = failure
        self.delivered: Counter[str] = Counter()
        self._lock = threading.Lock()

    def deliver(self, rows: Sequence[OutboxRow]) -> list[DeliveryFailed | None]:
        time.sleep(self.delay)
        with self._lock:
            self.delivered.update(row.id for row in rows)
        return [self.failure] * len(rows)

    def close(self) -> None:
        return None


def draft_round(system: System) -> str:
    with system.grants.session_factory() as session, session.begin():
        funding_round = FundingRound.draft(
            name="Community safety fund",
            financial_year="2026/27",
            opens_on=date.today(),
            closes_on=date.today() + timedelta(days=30),
            pot_pence=5_000_000,
            priorities=["crime-fear-of-crime"],
            created_by="admin-1",
        )
        session.add(funding_round)
    return funding_round.id


def grants_outbox(system: System) -> list:
    outbox = system.grants.tables.outbox
    with system.grants.session_factory() as session:
        return list(session.execute(sa.select(outbox)))


def round_status(system: System, round_id: str) -> str:
    with system.grants.session_factory() as session:
        return session.get(FundingRound, round_id).status


def test_opening_a_round_commits_the_state_change_and_its_event_together(system: System) -> None:
    round_id = draft_round(system)

    with system.grants.session_factory() as session, session.begin():
        handlers.open_round(session, system.grants.outbox, round_id)

    assert round_status(system, round_id) == "open"
    [row] = grants_outbox(system)
    assert (row.event_type, row.exchange, row.published_at) == ("round.opened", "grants.events", None)


def test_a_rolled_back_transaction_leaves_neither_the_state_change_nor_an_outbox_row(system: System) -> None:
    round_id = draft_round(system)

    with pytest.raises(RuntimeError), system.grants.session_factory() as session, session.begin():
        handlers.open_round(session, system.grants.outbox, round_id)
        session.flush()  # the event row really reached the database before the failure
        raise RuntimeError("something later in the same unit of work failed")

    assert round_status(system, round_id) == "draft"
    assert grants_outbox(system) == []


def test_two_relays_running_at_once_publish_every_row_exactly_once(system: System) -> None:
    envelopes = system.record_bids(120)
    transport = RecordingTransport(delay=0.01)
    relays = [system.relay(transport, batch_size=7), system.relay(transport, batch_size=7)]
    start = threading.Barrier(len(relays))
    errors: list[BaseException] = []

    def run(relay) -> None:
        try:
            start.wait(timeout=10)
            deadline = time.monotonic() + 60
            while relay.pending() and time.monotonic() < deadline:
                relay.relay_once()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(relay,), daemon=True) for relay in relays]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    assert not any(thread.is_alive() for thread in threads), "a relay did not finish"
    assert not errors, errors
    assert set(transport.delivered) == {e.id for e in envelopes}
    assert set(transport.delivered.values()) == {1}, "some row was handed on more than once"
    assert all(row.published_at is not None for row in system.outbox_rows())


def test_a_failed_delivery_keeps_the_row_with_its_reason_until_its_next_attempt(system: System) -> None:
    system.record_bids(2)
    relay = system.relay(RecordingTransport(failure=DeliveryFailed("no queue bound", retry_in=30.0)))

    assert relay.relay_once() == 0

    rows = system.outbox_rows()
    assert [(r.published_at, r.attempts, r.last_error) for r in rows] == [(None, 1, "no queue bound")] * 2
    assert all(r.next_attempt_at > utcnow() + timedelta(seconds=20) for r in rows)
    assert relay.relay_once() == 0, "a row was retried before its next attempt was due"
    assert relay.pending() == 2
