"""The relay against a broker that stops answering, or is not there at all: bounded waits, nothing lost."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from services import registry
from shared import migrations
from shared.config import Settings
from shared.messaging.broker import BrokerTransport, ConfirmedPublisher, Outgoing, close_quietly, connect
from shared.messaging.relay import DeliveryFailed, OutboxRelay
from tests.fixtures.rabbit_node import PrivateRabbit, free_port
from tests.messaging.support import System, wait_until

HANG = 20.0  # only to fail a hung call instead of hanging the suite; no assertion is about speed


def call_bounded(function: Callable[[], object]) -> object:
    """Run `function` in a thread and fail the test if it has not returned after HANG seconds."""
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(_capture(function)), daemon=True)
    thread.start()
    thread.join(timeout=HANG)
    assert not thread.is_alive(), f"{function!r} still blocked after {HANG}s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def _capture(function: Callable[[], object]) -> tuple[str, object]:
    try:
        return "value", function()
    except BaseException as error:  # noqa: BLE001 - re-raised in the test thread
        return "error", error


def queued_message_ids(url: str, queue: str) -> list[str]:
    connection = connect(url, 5.0)
    try:
        channel = connection.channel()
        ids = []
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            ids.append(message.properties["message_id"])
        return ids
    finally:
        close_quietly(connection)


@pytest.fixture
def private_system(
    make_settings: Callable[..., Settings], pg_environment: dict[str, str], private_rabbit: PrivateRabbit
) -> Iterator[System]:
    settings = make_settings(BROKER_URL=private_rabbit.url, BROKER_TIMEOUT="2", **pg_environment)
    for name in ("bids", "grants"):
        migrations.upgrade(settings, name)
    system = System(settings, registry.bootstrap("bids", settings), registry.bootstrap("grants", settings))
    system.declare_topology()
    yield system
    system.dispose()


def relay_on(system: System) -> OutboxRelay:
    return system.relay(BrokerTransport(system.settings.broker_url, system.settings.broker_timeout))


def test_a_paused_broker_makes_the_relay_give_up_and_the_rows_wait_for_it(
    private_system: System, private_rabbit: PrivateRabbit
) -> None:
    connected = relay_on(private_system)
    [before] = private_system.record_bids(1)
    assert connected.relay_once() == 1, "publishing works while the broker answers"
    waiting = private_system.record_bids(3)
    fresh = relay_on(private_system)  # has no connection yet: it must connect to the paused node

    private_rabbit.pause()
    try:
        assert call_bounded(connected.relay_once) == 0
        later = private_system.record_bids(2)  # due now, so the fresh relay really tries to connect
        assert call_bounded(fresh.relay_once) == 0
        rows = {row.id: row for row in private_system.outbox_rows()}
        for envelope in waiting:
            assert rows[envelope.id].published_at is None
            assert rows[envelope.id].last_error.startswith("broker did not confirm")
        for envelope in later:
            assert rows[envelope.id].published_at is None
            assert rows[envelope.id].last_error.startswith("broker unreachable")
        waiting += later
    finally:
        private_rabbit.resume()

    def relay_pass_publishes_all() -> bool:
        call_bounded(connected.relay_once)
        return connected.pending() == 0

    wait_until(relay_pass_publishes_all, 30, "the waiting rows to be published after the broker came back")
    connected.transport.close()
    fresh.transport.close()
    # A copy the paused broker received but never confirmed may arrive too: at-least-once, not exactly-once.
    ids = queued_message_ids(private_system.settings.broker_url, "grants.inbox")
    assert set(ids) == {before.id} | {e.id for e in waiting}


def test_connecting_to_a_port_where_nothing_listens_fails_fast_with_delivery_failed() -> None:
    publisher = ConfirmedPublisher(f"amqp://guest:guest@127.0.0.1:{free_port()}//", timeout=5.0)

    with pytest.raises(DeliveryFailed) as failure:
        call_bounded(lambda: publisher.publish(Outgoing("bids.events", "bid.submitted", "{}", "m-1")))

    assert failure.value.transport_down
    assert "unreachable" in str(failure.value)
