"""Poison messages on RabbitMQ: through every retry tier into `grants.dead`, listed, shown and replayed."""

from __future__ import annotations

import json
import threading

from click.testing import CliRunner

from services.grants import handlers
from shared.cli import main
from shared.events import Envelope
from shared.messaging.broker import BrokerTransport, ConfirmedPublisher, Outgoing, close_quietly, connect
from shared.messaging.consumer import EventConsumer, Subscription
from shared.messaging.dead import BrokerDeadLetters
from tests.messaging.support import (
    SECRET_KEY,
    CountingHandle,
    System,
    bid_payload,
    publish_raw,
    running_worker,
    wait_until,
    worker_for,
)


def cli(system: System, *args: str):
    environment = {
        "SAFERGRANTS_VAR_DIR": str(system.settings.var_dir),
        "SECRET_KEY": SECRET_KEY,
        "BROKER_URL": system.settings.broker_url,
        "RETRY_DELAYS": ",".join(str(d) for d in system.settings.retry_delays),
        "GRANTS_DATABASE_URL": system.settings.database_url("grants"),
    }
    result = CliRunner().invoke(main, list(args), env=environment, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def dead_history(system: System) -> list[dict]:
    """The x-death entries of the single parked message (browsed without ack, so it stays)."""
    connection = connect(system.settings.broker_url, 5.0)
    try:
        message = connection.channel().basic_get("grants.dead", no_ack=False)
        return list(message.headers.get("x-death", []))
    finally:
        close_quietly(connection)


def test_a_poison_message_goes_through_every_retry_tier_and_is_parked_with_its_error(broker_system: System) -> None:
    # Valid JSON in a valid envelope, but grants' handler cannot read the date: it raises every time.
    poison = Envelope("bid.submitted", 1, "bids", "corr-2", bid_payload(submitted_at="last Tuesday"))
    publish_raw(broker_system, poison)
    consumer = broker_system.grants_consumer()
    handled = CountingHandle(consumer)
    dead_letters = BrokerDeadLetters(broker_system.settings.broker_url, broker_system.grants_topology())

    with running_worker(worker_for(broker_system, consumer)):
        wait_until(lambda: dead_letters.list(), 20, "the message to be parked in grants.dead")

    assert handled.results == ["ValueError"] * 3, "first delivery plus one per retry tier (0.2 s, 0.4 s)"
    retried_through = {(d["queue"], d["reason"]) for d in dead_history(broker_system)}
    assert retried_through == {("grants.retry.0", "expired"), ("grants.retry.1", "expired")}
    [parked] = dead_letters.list()
    assert (parked.message_id, parked.event_type, parked.attempts) == (poison.id, "bid.submitted", 3)
    assert "Invalid isoformat string: 'last Tuesday'" in parked.error
    assert broker_system.review_items() == [] and broker_system.inbox_rows() == []

    listed = cli(broker_system, "dead", "list", "grants")
    assert f"{poison.id}  bid.submitted  attempts=3  ValueError: Invalid isoformat string" in listed
    assert "1 parked message(s) for grants" in listed
    shown = json.loads(cli(broker_system, "dead", "show", "grants", poison.id))
    assert shown["body"]["payload"]["submitted_at"] == "last Tuesday"
    assert "ValueError" in shown["error"]


def test_a_parked_message_replayed_after_the_fix_is_processed_once(broker_system: System) -> None:
    broken = threading.Event()
    broken.set()

    def record_unless_broken(envelope: Envelope, session) -> None:
        if broken.is_set():
            raise RuntimeError("the review service is misconfigured")
        handlers.record_submitted_bid(envelope, session)

    consumer = EventConsumer(
        "grants",
        broker_system.grants.tables,
        broker_system.grants.session_factory,
        [Subscription("bids.events", "bid.submitted", record_unless_broken)],
    )
    handled = CountingHandle(consumer)
    [envelope] = broker_system.record_bids(1)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))
    assert relay.relay_once() == 1
    relay.transport.close()
    dead_letters = BrokerDeadLetters(broker_system.settings.broker_url, broker_system.grants_topology())

    with running_worker(worker_for(broker_system, consumer)):
        wait_until(lambda: dead_letters.list(), 20, "the message to be parked")
        assert handled.results == ["RuntimeError"] * 3
        broken.clear()  # the operator fixed the cause

        assert "replayed 1 message(s) for grants" in cli(broker_system, "dead", "replay", "grants", envelope.id)
        wait_until(lambda: broker_system.review_items(), 20, "the replayed message to be processed")
        assert "replayed 0 message(s)" in cli(broker_system, "dead", "replay", "grants", "--all")

    assert handled.results == ["RuntimeError"] * 3 + [True]
    assert [item.event_id for item in broker_system.review_items()] == [envelope.id]
    assert [row.message_id for row in broker_system.inbox_rows()] == [envelope.id]
    assert dead_letters.list() == []


def test_a_body_that_is_not_json_is_parked_and_the_worker_carries_on(broker_system: System) -> None:
    publisher = ConfirmedPublisher(broker_system.settings.broker_url, 5.0)
    try:
        publisher.publish(Outgoing("bids.events", "bid.submitted", b"{not json", "garbled-1", "bid.submitted"))
    finally:
        publisher.close()
    [envelope] = broker_system.record_bids(1)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))
    assert relay.relay_once() == 1
    relay.transport.close()
    dead_letters = BrokerDeadLetters(broker_system.settings.broker_url, broker_system.grants_topology())

    with running_worker(worker_for(broker_system, broker_system.grants_consumer())):  # fails the test if it died
        wait_until(lambda: broker_system.review_items() and dead_letters.list(), 20, "both messages to be settled")

    [parked] = dead_letters.list()
    assert (parked.message_id, parked.event_type) == ("garbled-1", "(unreadable)")
    assert parked.error.startswith("unreadable message")
    assert [item.event_id for item in broker_system.review_items()] == [envelope.id]
    assert '"body": "{not json"' in cli(broker_system, "dead", "show", "grants", "garbled-1")
