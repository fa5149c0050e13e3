"""Embedded delivery (no broker): the same retry tiers, parking and replay, with the consumers in-process."""

from __future__ import annotations

import time

from services.grants import handlers
from shared.events import Envelope
from shared.messaging.consumer import EventConsumer, Subscription
from shared.messaging.dead import EmbeddedDeadLetters
from shared.messaging.embedded import InProcessTransport
from shared.messaging.relay import OutboxRelay
from tests.messaging.support import System, wait_until


class Handler:
    """grants' real handler, counted, failing while `broken`."""

    def __init__(self, broken: bool):
        self.broken = broken
        self.calls = 0

    def __call__(self, envelope: Envelope, session) -> None:
        self.calls += 1
        if self.broken:
            raise RuntimeError("cannot handle this yet")
        handlers.record_submitted_bid(envelope, session)


def consumer(system: System, name: str, handler: Handler) -> EventConsumer:
    # Two consumers may share a database: the inbox is keyed by (consumer, message id).
    subscription = Subscription("bids.events", "bid.submitted", handler)
    return EventConsumer(name, system.grants.tables, system.grants.session_factory, [subscription])


def drain(relay: OutboxRelay) -> None:
    """Run relay passes (the retry tiers are 0.2 s and 0.4 s) until no row is left to send."""

    def once() -> bool:
        relay.relay_once()
        time.sleep(0.05)
        return relay.pending() == 0

    wait_until(once, 15, "the outbox to be drained", interval=0)


def test_a_failing_consumer_is_retried_then_parked_and_a_replay_processes_it_once(system: System) -> None:
    handler = Handler(broken=True)
    flaky = consumer(system, "grants", handler)
    relay = system.relay(InProcessTransport([flaky], system.settings.retry_delays))
    [envelope] = system.record_bids(1)

    assert relay.relay_once() == 0
    [row] = system.outbox_rows()
    assert (row.published_at, row.attempts) == (None, 1)
    drain(relay)

    assert handler.calls == 3, "first delivery plus one per retry tier"
    dead_letters = EmbeddedDeadLetters(flaky)
    [parked] = dead_letters.list()
    assert (parked.message_id, parked.event_type, parked.attempts) == (envelope.id, "bid.submitted", 3)
    assert "RuntimeError: cannot handle this yet" in parked.error
    assert system.review_items() == []

    handler.broken = False
    assert dead_letters.replay(envelope.id) == 1
    assert dead_letters.replay() == 0, "a replayed message is not parked any more"

    assert handler.calls == 4
    assert [item.event_id for item in system.review_items()] == [envelope.id]
    assert [r.message_id for r in system.inbox_rows("grants")] == [envelope.id]
    assert dead_letters.list() == []


def test_a_consumer_that_succeeded_is_not_called_again_when_another_consumer_of_the_row_fails(
    system: System,
) -> None:
    steady, failing = Handler(broken=False), Handler(broken=True)
    consumers = [consumer(system, "grants", steady), consumer(system, "grants-audit", failing)]
    relay = system.relay(InProcessTransport(consumers, system.settings.retry_delays))
    [envelope] = system.record_bids(1)

    drain(relay)

    assert (steady.calls, failing.calls) == (1, 3)
    assert [item.event_id for item in system.review_items()] == [envelope.id]
    assert [r.message_id for r in system.inbox_rows("grants")] == [envelope.id]
    assert system.inbox_rows("grants-audit") == []
    assert [d.message_id for d in EmbeddedDeadLetters(consumers[1]).list()] == [envelope.id]
