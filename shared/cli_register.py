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
