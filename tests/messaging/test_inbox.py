"""The consumer's inbox on PostgreSQL: a batch commits together, each message takes effect at most once."""

from __future__ import annotations

from shared.events import Envelope
from tests.messaging.support import System, bid_payload


def bid(**overrides) -> Envelope:
    return Envelope("bid.submitted", 1, "bids", "corr-inbox", bid_payload(**overrides))


def test_a_batch_applies_its_good_messages_and_reports_the_failing_one_with_its_error(system: System) -> None:
    first, poison, second = bid(), bid(submitted_at="not a date"), bid()
    consumer = system.grants_consumer()

    outcomes = consumer.handle_many([first, poison, second, first])

    assert outcomes[0] is True and outcomes[2] is True
    assert isinstance(outcomes[1], ValueError)
    assert outcomes[3] is False, "the second copy of a message in the same batch is a duplicate"
    assert sorted(item.event_id for item in system.review_items()) == sorted([first.id, second.id])
    assert sorted(row.message_id for row in system.inbox_rows()) == sorted([first.id, second.id])


def test_a_batch_of_messages_already_processed_changes_nothing(system: System) -> None:
    envelopes = [bid(), bid()]
    consumer = system.grants_consumer()
    assert consumer.handle_many(envelopes) == [True, True]

    assert consumer.handle_many(envelopes) == [False, False]
    assert consumer.handle(envelopes[0]) is False
    assert len(system.review_items()) == 2 and len(system.inbox_rows()) == 2
