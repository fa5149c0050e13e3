"""The relay publishing bids' outbox to RabbitMQ with publisher confirms."""

from __future__ import annotations

import json
import subprocess
import uuid

import jsonschema
import sqlalchemy as sa

from shared.clock import utcnow
from shared.events import contract_for
from shared.messaging.broker import BrokerTransport, close_quietly, connect
from tests.messaging.support import System


def take_all(url: str, queue: str) -> list:
    """Every message waiting in `queue`, acked (the tests own the vhost)."""
    connection = connect(url, 5.0)
    try:
        channel = connection.channel()
        taken = []
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            taken.append(message)
        return taken
    finally:
        close_quietly(connection)


def published_at(system: System, row_id: str):
    outbox = system.bids.tables.outbox
    with system.bids.session_factory() as session:
        return session.execute(sa.select(outbox.c.published_at).where(outbox.c.id == row_id)).scalar_one()


def test_a_row_is_marked_published_only_after_the_broker_confirmed_it(broker_system: System) -> None:
    [envelope] = broker_system.record_bids(1)
    transport = BrokerTransport(broker_system.settings.broker_url, 5.0)
    seen_when_confirmed: list = []
    confirm = transport.publisher._on_ack

    def on_ack(delivery_tag: int, multiple: bool) -> None:
        # At the instant the broker's confirm arrives, the row must not be marked yet.
        seen_when_confirmed.append(published_at(broker_system, envelope.id))
        confirm(delivery_tag, multiple)

    transport.publisher._on_ack = on_ack
    try:
        assert broker_system.relay(transport).relay_once() == 1
    finally:
        transport.close()

    assert seen_when_confirmed == [None]
    assert published_at(broker_system, envelope.id) is not None
    [message] = take_all(broker_system.settings.broker_url, "grants.inbox")
    assert message.properties["message_id"] == envelope.id


def test_a_message_the_broker_refuses_leaves_its_row_unpublished(broker_system: System) -> None:
    vhost = broker_system.settings.broker_url.rsplit("/", 1)[1]
    # A full inbox with reject-publish overflow makes the broker nack instead of confirm. A quorum
    # queue refuses once it is over its limit, so the first message fills it and the second is refused.
    policy = ["set_policy", "-p", vhost, "--apply-to", "queues", "full", "^grants\\.inbox$", '{"max-length": 0}']
    subprocess.run(["rabbitmqctl", "-q", *policy], check=True, capture_output=True, timeout=60)
    [first] = broker_system.record_bids(1)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))
    try:
        assert relay.relay_once() == 1
        [refused] = broker_system.record_bids(1)
        assert relay.relay_once() == 0
    finally:
        relay.transport.close()

    rows = {row.id: row for row in broker_system.outbox_rows()}
    assert rows[first.id].published_at is not None
    assert (rows[refused.id].published_at, rows[refused.id].attempts) == (None, 1)
    assert "nack" in rows[refused.id].last_error


def test_an_event_type_nobody_is_bound_to_comes_back_and_its_row_waits_with_the_reason(broker_system: System) -> None:
    outbox = broker_system.bids.tables.outbox
    row_id = str(uuid.uuid4())
    with broker_system.bids.session_factory() as session, session.begin():
        now = utcnow()
        session.execute(
            outbox.insert().values(
                id=row_id,
                event_type="bid.unheard_of",
                exchange="bids.events",
                body=json.dumps({"id": row_id, "type": "bid.unheard_of"}),
                created_at=now,
                next_attempt_at=now,
                attempts=0,
            )
        )
    [bound] = broker_system.record_bids(1)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))
    try:
        assert relay.relay_once() == 1
    finally:
        relay.transport.close()

    rows = {row.id: row for row in broker_system.outbox_rows()}
    assert rows[bound.id].published_at is not None
    assert rows[row_id].published_at is None
    assert rows[row_id].last_error == "no queue bound for bids.events/bid.unheard_of"
    assert rows[row_id].next_attempt_at > utcnow()


def test_every_published_body_validates_against_its_contracts_json_schema(broker_system: System) -> None:
    envelopes = broker_system.record_bids(5)
    relay = broker_system.relay(BrokerTransport(broker_system.settings.broker_url, 5.0))
    try:
        assert relay.relay_once() == 5
    finally:
        relay.transport.close()

    messages = take_all(broker_system.settings.broker_url, "grants.inbox")
    assert sorted(m.properties["message_id"] for m in messages) == sorted(e.id for e in envelopes)
    for message in messages:
        body = json.loads(message.body)
        schema = contract_for(body["type"], body["version"]).envelope_schema()
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(body)
        assert message.properties["delivery_mode"] == 2, "events must be persistent"
        assert message.properties["content_type"] == "application/json"
        assert message.properties["correlation_id"] == body["correlation_id"]
