"""`safergrants`: every operational command, in one place."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from shared.config import SERVICES, load_settings

SERVICE = click.Choice(SERVICES)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")
def main(verbose: bool) -> None:
    """SaferGrants: funding and monitoring for the Community Safety Partnerships."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", "8000")), show_default="$PORT or 8000")
@click.option("--no-seed", is_flag=True, help="Do not create the demo round.")
def run(host: str, port: int, no_seed: bool) -> None:
    """Run the whole system in one process on the embedded default (SQLite, folders, in-process events)."""
    from services.embedded_server import serve

    settings = load_settings()
    if not os.environ.get("BASE_URL", "").strip():
        # Links in emails and evidence downloads must point where this process listens, --port included.
        link_host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        link_host = f"[{link_host}]" if ":" in link_host else link_host
        settings = settings.with_overrides(base_url=f"http://{link_host}:{port}")
    serve(settings, host, port, seed=not no_seed)


@main.command()
@click.argument("service", type=SERVICE)
@click.option("--bind", default=lambda: f"0.0.0.0:{os.environ.get('PORT', '8000')}", show_default="0.0.0.0:$PORT")
def web(service: str, bind: str) -> None:
    """Serve one service's HTTP API with gunicorn (production)."""
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            bind,
            "--workers",
            workers,
            "--access-logfile",
            "-",
            f"services.{service}.app:create_app()",
        ],
    )


@main.command()
@click.argument("service", type=SERVICE)
def worker(service: str) -> None:
    """Consume one service's queue, relay its outbox and do its periodic work (production)."""
    from services.worker import run_worker

    run_worker(service, load_settings())


@main.command()
@click.argument("services", nargs=-1, type=SERVICE)
@click.option("--check", is_flag=True, help="Also fail if models and migrations disagree.")
def migrate(services: tuple[str, ...], check: bool) -> None:
    """Bring each service's database to the latest migration (all services if none named)."""
    from shared import migrations

    settings = load_settings()
    for name in services or SERVICES:
        migrations.upgrade(settings, name)
        if check:
            migrations.check(settings, name)
        click.echo(f"{name}: migrated")


@main.command()
@click.option(
    "--role",
    required=True,
    type=click.Choice(
        ["csp_officer", "provider_contributor", "opcc_reviewer", "opcc_approver", "finance", "admin", "auditor"]
    ),
)
@click.option("--csp", default=None, help="The CSP id for CSP roles, e.g. melton.")
def token(role: str, csp: str | None) -> None:
    """Print a signed bearer token for a demo user."""
    from shared.identity import demo_principal, issue_token

    try:
        principal = demo_principal(role, csp)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    click.echo(issue_token(load_settings().secret_key, principal))


@main.group()
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


@main.group()
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


@main.group()
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


@main.group()
def register() -> None:
    """The funding register: other funders' awards, for duplicate-funding checks."""


@register.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(("360giving-json", "360giving-csv", "local-csv")),
    help="The file's format; recognised from the file if left out.",
)
@click.option("--source-name", help="Whose ids these are (default: 360giving, or local-csv for the template).")
def register_import(file: Path, file_format: str | None, source_name: str | None) -> None:
    """Import a 360Giving JSON package or CSV, or the local register template, into the funding register.

    Importing the same file again changes nothing. Rows that cannot be imported are listed with the reason;
    the command fails only if the file as a whole cannot be read.
    """
    from contextlib import ExitStack

    import sqlalchemy as sa

    from services.grants.app import bootstrap
    from services.grants.register.importers import UnreadableFile
    from services.grants.register.imports import check_source_name, import_file

    if source_name and check_source_name(source_name):
        raise click.BadParameter(check_source_name(source_name), param_hint="--source-name")
    runtime = bootstrap(load_settings())
    try:
        if not sa.inspect(runtime.engine).has_table("register_record"):
            raise click.ClickException("grants' database has no funding register yet: run `safergrants migrate grants`")
        with file.open("rb") as stream, ExitStack() as bars:

            def watch(rows, length):
                bar = click.progressbar(rows, length=length, label=f"Importing {file.name}", file=sys.stderr)
                return bars.enter_context(bar)

            report = import_file(
                runtime.session_factory,
                stream,
                filename=file.name,
                file_format=file_format,
                source=source_name,
                watch=watch,
            )
    except UnreadableFile as error:
        raise click.ClickException(f"{file}: {error}") from None
    finally:
        runtime.dispose()
    click.echo("\n".join(report.lines()))
