"""The register import as the OPCC runs it, for bench/duplicates.py: the file into a database, then the first check.

`safergrants register import FILE` reads each row, validates it against the official 360Giving schema and
writes it to the grants database (import_file). No index is built then: each process files the register into
its own index on its first check after the import (live_index.py), so that check waits for it. Both are timed
here, on a fresh database: the embedded default's SQLite, or `--database-url`.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from services.grants.app import bootstrap
from services.grants.bid_copies import BidCopy
from services.grants.duplicate_checks import findings_for, thresholds_from
from services.grants.register.imports import import_file
from shared import migrations
from shared.config import load_settings
from shared.db import unit_of_work

BENCH_SECRET = "bench-secret-key-that-is-long-enough-for-hs256"


def import_into_database(path: Path, workdir: Path, database_url: str | None) -> tuple[object, float, float]:
    """(the import's report, seconds for import_file, seconds for the first check after it)."""
    environment = {"SAFERGRANTS_VAR_DIR": str(workdir / f"var-{path.stem}"), "SECRET_KEY": BENCH_SECRET}
    if database_url:
        environment["GRANTS_DATABASE_URL"] = database_url
    settings = load_settings(environment)
    migrations.upgrade(settings, "grants")
    runtime = bootstrap(settings)
    try:
        started = time.perf_counter()
        with path.open("rb") as stream:
            report = import_file(runtime.session_factory, stream, filename=path.name)
        imported = time.perf_counter()
        with unit_of_work(runtime.session_factory) as session:
            findings_for(session, _a_draft(), thresholds_from(settings))
        return report, imported - started, time.perf_counter() - imported
    finally:
        runtime.dispose()


def _a_draft() -> BidCopy:
    """A CSP's draft, never stored: what the first pre-check after the import is run on."""
    return BidCopy(
        bid_id="bench-draft", round_id="bench-round", csp_id="melton", status="draft",
        title="ASB project officer, Melton town centre",
        summary="A project officer for anti-social behaviour in Melton Mowbray town centre.",
        priorities=[], provider_name="", as_of=datetime.now(UTC), updated_at=datetime.now(UTC),
    )  # fmt: skip
