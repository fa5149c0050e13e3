"""The RabbitMQ topology: declared by code, mirrored in infra/rabbitmq/definitions.json, quorum throughout."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from amqp.exceptions import PreconditionFailed

from services import registry
from shared.config import Settings, load_settings
from shared.messaging.broker import close_quietly, connect
from shared.messaging.definitions import definitions
from shared.messaging.topology import declare_all

DEFINITIONS = Path(__file__).resolve().parents[2] / "infra" / "rabbitmq" / "definitions.json"


@pytest.fixture
def declared(make_settings: Callable[..., Settings], broker_url: str) -> Settings:
    """A vhost with the whole topology declared once (no databases needed here)."""
    settings = make_settings(BROKER_URL=broker_url)
    connection = connect(broker_url, 5.0)
    try:
        declare_all(connection.channel(), registry.all_topologies(settings))
    finally:
        close_quietly(connection)
    return settings


@pytest.fixture
def channel(declared: Settings) -> Iterator:
    connection = connect(declared.broker_url, 5.0)
    yield connection.channel()
    close_quietly(connection)


def redeclare(url: str, queue: str, arguments: dict) -> None:
    """Declare `queue` again on a channel of its own (a refusal closes the channel)."""
    connection = connect(url, 5.0)
    try:
        connection.channel().queue_declare(queue, durable=True, auto_delete=False, arguments=arguments)
    finally:
        close_quietly(connection)


def broker_queues(url: str) -> dict[str, dict]:
    vhost = url.rsplit("/", 1)[1]
    listing = subprocess.run(
        ["rabbitmqctl", "-q", "list_queues", "-p", vhost, "name", "type", "arguments", "--formatter", "json"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # rabbitmqctl lists arguments as [name, AMQP type, value] triples.
    return {
        queue["name"]: {"type": queue["type"], "arguments": {name: value for name, _, value in queue["arguments"]}}
        for queue in json.loads(listing.stdout)
    }


def test_the_committed_definitions_file_equals_the_code_topology() -> None:
    # The defaults, as `safergrants topology export` sees them (the key only keeps var/ untouched).
    expected = definitions(registry.all_topologies(load_settings({"SECRET_KEY": "unused-for-topology"})))

    assert json.loads(DEFINITIONS.read_text()) == expected, "run `safergrants topology export`"


def test_declaring_the_topology_twice_on_the_same_vhost_is_accepted(declared: Settings, channel) -> None:
    topologies = registry.all_topologies(declared)

    declare_all(channel, topologies)  # the fixture declared it once already
    declare_all(channel, topologies)

    expected = set()
    for topology in topologies:
        retries = [topology.retry_queue_name(tier) for tier in range(len(topology.retry_delays))]
        expected |= {topology.inbox_name, topology.dead_name, *retries}
    assert set(broker_queues(declared.broker_url)) == expected


def test_the_inbox_is_a_quorum_queue_with_a_delivery_limit_and_a_dead_letter_exchange(declared: Settings) -> None:
    url = declared.broker_url
    arguments = registry.topology("grants", declared).inbox_arguments()
    assert arguments["x-delivery-limit"] == declared.delivery_limit
    assert arguments["x-dead-letter-exchange"] == "grants.dlx"

    redeclare(url, "grants.inbox", arguments)  # the same arguments: accepted
    for changed in (
        {"x-delivery-limit": arguments["x-delivery-limit"] + 1},
        {"x-dead-letter-exchange": "elsewhere"},
        {"x-queue-type": "classic"},
    ):
        with pytest.raises(PreconditionFailed):
            redeclare(url, "grants.inbox", {**arguments, **changed})

    inbox = broker_queues(url)["grants.inbox"]
    assert inbox["type"] == "quorum"
    assert inbox["arguments"]["x-dead-letter-strategy"] == "at-least-once"


def test_retry_and_dead_queues_are_quorum_queues_too(declared: Settings) -> None:
    queues = broker_queues(declared.broker_url)

    assert {name: q["type"] for name, q in queues.items()} == dict.fromkeys(queues, "quorum")
    retry = queues["grants.retry.1"]["arguments"]
    assert retry["x-message-ttl"] == 400 and retry["x-dead-letter-exchange"] == "grants.work"
