"""`safergrants`: every operational command, in one place."""

from __future__ import annotations

import os
import sys

import click

from shared.config import SERVICES, ConfigurationError, load_settings
from shared.logs import configure_logging

WEB_TIMEOUT_SECONDS = 300  # gunicorn's, and the gateway's for grants (infra/gateway/nginx.conf): see `web`

SERVICE = click.Choice(SERVICES)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")
def main(verbose: bool) -> None:
    """SaferGrants: funding and monitoring for the Community Safety Partnerships."""
    configure_logging(verbose)


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


# What `safergrants web` can serve: each service's API, or the front door (sign-in pages).
WEB_APPS = {
    **{name: f"services.{name}.app:create_app()" for name in SERVICES},
    "front-door": "shared.web.app:create_front_door()",
}


@main.command()
@click.argument("service", type=click.Choice(list(WEB_APPS)))
@click.option("--bind", default=lambda: f"0.0.0.0:{os.environ.get('PORT', '8000')}", show_default="0.0.0.0:$PORT")
def web(service: str, bind: str) -> None:
    """Serve one service's HTTP API, or the front door's sign-in pages, with gunicorn (production)."""
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    # gunicorn kills a worker silent for 30 s by default. A grants worker's first duplicate check after a large
    # register import files the new records into its index (86 s for a million on 2 cores), and a
    # killed worker's successor would start that again on the next check, and be killed again.
    timeout = os.environ.get("WEB_TIMEOUT", str(WEB_TIMEOUT_SECONDS))
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
            "--timeout",
            timeout,
            "--access-logfile",
            "-",
            WEB_APPS[service],
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
@click.option("--bid", default=None, help="For a provider contributor: the bid they were invited to.")
def token(role: str, csp: str | None, bid: str | None) -> None:
    """Print a development-identity bearer token for a demo user (refused in production)."""
    from shared.auth.dev_identity import DevelopmentIdentityRefused, demo_principal, demo_token

    try:
        principal = demo_principal(role, csp, bid)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    if role == "provider_contributor" and not bid:
        raise click.BadParameter("a provider contributor is invited to one bid: give --bid")
    try:
        click.echo(demo_token(load_settings(), principal))
    except (DevelopmentIdentityRefused, ConfigurationError) as error:
        raise click.ClickException(str(error)) from error


def _add_groups() -> None:
    from shared.cli_messaging import dead, events, topology
    from shared.cli_register import register

    for group in (dead, topology, events, register):
        main.add_command(group)


_add_groups()
