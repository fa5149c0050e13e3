"""`safergrants register`: the funding register."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shared.config import load_settings


@click.group()
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

    from services.grants.app import bootstrap
    from services.grants.register.importers import UnreadableFile
    from services.grants.register.imports import check_source_name, import_file

    if source_name and check_source_name(source_name):
        raise click.BadParameter(check_source_name(source_name), param_hint="--source-name")
    runtime = bootstrap(load_settings())
    try:
        _require_register(runtime)
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
                own_funder_org_id=runtime.settings.threesixty_funder_org_id,
            )
    except UnreadableFile as error:
        raise click.ClickException(f"{file}: {error}") from None
    finally:
        runtime.dispose()
    click.echo("\n".join(report.lines()))


@register.command("export")
@click.option("--round", "round_id", metavar="ROUND_ID", help="Only this funding round's awards.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write (default: standard output).",
)
def register_export(round_id: str | None, output: Path | None) -> None:
    """Write SaferGrants' own awards as a 360Giving JSON package, as GET /register/exports/360giving serves it.

    Confidential records are left out; grant ids start with THREESIXTY_PREFIX (docs/configuration.md).
    """
    from services.grants.app import bootstrap
    from services.grants.register.threesixty_export import Publisher, export_awards, package_json
    from shared.http.problems import DomainProblem

    runtime = bootstrap(load_settings())
    try:
        _require_register(runtime)
        with runtime.session_factory() as session:
            package = export_awards(session, Publisher.from_settings(runtime.settings), round_id)
    except DomainProblem as problem:
        raise click.ClickException(problem.detail) from None
    finally:
        runtime.dispose()
    text = package_json(package)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    count = len(package["grants"])
    click.echo(f"Wrote {count} award{'s' if count != 1 else ''} to {output}", err=True)


def _require_register(runtime) -> None:
    import sqlalchemy as sa

    if not sa.inspect(runtime.engine).has_table("register_record"):
        raise click.ClickException("grants' database has no funding register yet: run `safergrants migrate grants`")
