"""`safergrants dead|topology|events`: parked messages, the RabbitMQ topology and the event specs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from shared.config import SERVICES, load_settings

SERVICE = click.Choice(SERVICES)


@click.group()
def dead() -> None:
    """Inspect and replay parked (dead) messages."""


def _dead_letters(service: str):
    from services import registry

    settings = load_settings()
    if settings.broker_url:
        from shared.messaging.dead import BrokerDeadLetters

        return BrokerDeadLetters(settings.broker_url, registry.topology(service, settings), settings.broker_timeout)
    from shared.messaging.dead import EmbeddedDeadLetters

    return EmbeddedDeadLetters(registry.make_consumer(registry.bootstrap(service, settings)))


@dead.command("list")
@click.argument("service", type=SERVICE)
def dead_list(service: str) -> None:
    """List parked messages for a service."""
    parked = _dead_letters(service).list()
    for message in parked:
        first_line = message.error.strip().splitlines()[-1] if message.error.strip() else ""
        click.echo(f"{message.message_id}  {message.event_type}  attempts={message.attempts}  {first_line}")
    click.echo(f"{len(parked)} parked message(s) for {service}")


@dead.command("show")
@click.argument("service", type=SERVICE)
@click.argument("message_id")
def dead_show(service: str, message_id: str) -> None:
    """Show one parked message in full."""
    for message in _dead_letters(service).list():
        if message.message_id == message_id:
            click.echo(
                json.dumps(
                    {
                        "message_id": message.message_id,
                        "event_type": message.event_type,
                        "attempts": message.attempts,
                        "error": message.error,
                        "body": _readable(message.body),
                    },
                    indent=2,
                )
            )
            return
    raise click.ClickException(f"no parked message {message_id} for {service}")


def _readable(body: str):
    """The body as JSON when it is JSON; otherwise as the text it is (that may be why it was parked)."""
    try:
        return json.loads(body)
    except ValueError:
        return body


@dead.command("replay")
@click.argument("service", type=SERVICE)
@click.argument("message_id", required=False)
@click.option("--all", "replay_all", is_flag=True, help="Replay every parked message.")
def dead_replay(service: str, message_id: str | None, replay_all: bool) -> None:
    """Send parked messages back to the service to be processed again."""
    if not message_id and not replay_all:
        raise click.UsageError("name a MESSAGE_ID or pass --all")
    count = _dead_letters(service).replay(None if replay_all else message_id)
    click.echo(f"replayed {count} message(s) for {service}")


@click.group()
def topology() -> None:
    """RabbitMQ topology."""


@topology.command("declare")
def topology_declare() -> None:
    """Declare every exchange, queue and binding on the configured broker."""
    from services import registry
    from shared.messaging.broker import close_quietly, connect
    from shared.messaging.topology import declare_all

    settings = load_settings()
    if not settings.broker_url:
        raise click.ClickException("BROKER_URL is not set")
    connection = connect(settings.broker_url, settings.broker_timeout)
    try:
        declare_all(connection.channel(), registry.all_topologies(settings))
    finally:
        close_quietly(connection)
    click.echo("topology declared")


@topology.command("export")
@click.option(
    "--output", type=click.Path(path_type=Path), default=Path("infra/rabbitmq/definitions.json"), show_default=True
)
def topology_export(output: Path) -> None:
    """Write the topology as RabbitMQ definitions (for the broker to load at boot)."""
    from services import registry
    from shared.messaging.definitions import definitions

    document = definitions(registry.all_topologies(load_settings({})))
    output.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    click.echo(f"wrote {output}")


@click.group()
def events() -> None:
    """Event contracts."""


@events.command("export")
@click.option("--output", type=click.Path(path_type=Path), default=Path("docs/events"), show_default=True)
def events_export(output: Path) -> None:
    """Write each contract as JSON Schema, and the AsyncAPI document."""
    from services import registry
    from shared.events.asyncapi import export

    for path in export(output, registry.subscribers(load_settings({}))):
        click.echo(f"wrote {path}")
