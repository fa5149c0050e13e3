"""grants' RabbitMQ worker: each message takes effect once, in batches, and a bad one holds nothing back."""

from __future__ import annotations

import threading
from dataclasses import replace

from shared.events import Envelope
from shared.messaging.broker import BrokerTransport
from shared.messaging.dead import BrokerDeadLetters
from shared.messaging.worker import BrokerWorker, TopologyMismatch
from tests.messaging.support import (
    CountingHandle,
    System,
    assert_all_acked,
    bid_payload,
    publish_raw,
    running_worker,
    wait_until,
    worker_for,
)


def test_the_worker_takes_a_bid_submitted_off_the_queue_and_the_review_item_appears(broker_system: System) -> None:
    [envelope] = broker_system.record_bids(1)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))
    assert relay.relay_once() == 1
    relay.transport.close()

    with running_worker(worker_for(broker_system, broker_system.grants_consumer())):
        wait_until(lambda: broker_system.review_items(), 20, "the review item")

    [item] = broker_system.review_items()
    assert (item.bid_id, item.event_id) == (envelope.payload["bid_id"], envelope.id)
    assert [row.message_id for row in broker_system.inbox_rows()] == [envelope.id]


def test_the_same_message_published_twice_makes_one_review_item_and_one_inbox_row(broker_system: System) -> None:
    envelope = Envelope("bid.submitted", 1, "bids", "corr-1", bid_payload())
    publish_raw(broker_system, envelope)
    publish_raw(broker_system, envelope)
    consumer = broker_system.grants_consumer()
    handled = CountingHandle(consumer)

    with running_worker(worker_for(broker_system, consumer)):
        wait_until(lambda: len(handled.results) == 2, 20, "both deliveries to be handled")

    assert handled.results == [True, False]
    assert len(broker_system.review_items()) == 1
    assert [row.message_id for row in broker_system.inbox_rows()] == [envelope.id]


def test_a_worker_whose_retry_delays_disagree_with_the_broker_stops_at_once(broker_system: System) -> None:
    topology = replace(broker_system.grants_topology(), retry_delays=(0.3,))
    worker = BrokerWorker(broker_system.settings.broker_url, broker_system.grants_consumer(), topology, timeout=5.0)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            worker.run(threading.Event())
        except BaseException as error:  # noqa: BLE001 - examined below
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=20)

    assert not thread.is_alive(), "the worker kept reconnecting instead of stopping"
    assert isinstance(failure[0], TopologyMismatch)
    assert "grants.retry.0" in str(failure[0])


def test_a_poison_message_in_a_batch_does_not_hold_back_the_good_ones(broker_system: System) -> None:
    good = [Envelope("bid.submitted", 1, "bids", "corr-3", bid_payload()) for _ in range(5)]
    poison = Envelope("bid.submitted", 1, "bids", "corr-3", bid_payload(submitted_at="soon"))
    for envelope in [*good[:2], poison, *good[2:]]:  # queued before the worker starts: one batch
        publish_raw(broker_system, envelope)
    consumer = broker_system.grants_consumer()
    handled = CountingHandle(consumer)
    dead_letters = BrokerDeadLetters(broker_system.settings.broker_url, broker_system.grants_topology())

    with running_worker(worker_for(broker_system, consumer)):
        wait_until(lambda: dead_letters.list(), 20, "the poison message to be parked")
        wait_until(lambda: len(broker_system.review_items()) == 5, 20, "the good messages")

    assert_all_acked(broker_system.settings.broker_url, "grants.inbox")
    assert sorted(item.event_id for item in broker_system.review_items()) == sorted(e.id for e in good)
    assert sorted(row.message_id for row in broker_system.inbox_rows()) == sorted(e.id for e in good)
    assert handled.results.count(True) == 5 and handled.results.count("ValueError") == 3
    assert [parked.message_id for parked in dead_letters.list()] == [poison.id]
