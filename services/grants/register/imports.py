"""Importing a file into the funding register: idempotent, in batches, with a report of what was refused."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from services.grants.audit import audit
from services.grants.register.importers import DEFAULT_SOURCES, ParsedRow, Problem, open_import
from services.grants.register.model import IMPORTED_FIELDS, RegisterRecord
from services.grants.register.report import ImportReport
from shared.audit import created
from shared.db import unit_of_work

BATCH_SIZE = 500
SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
AWARDS_SOURCE = "safergrants-award"  # SaferGrants' own awards, which no file may overwrite
Watch = Callable[[Iterator[ParsedRow], int | None], Iterable[ParsedRow]]


def check_source_name(source: str) -> str | None:
    """Why `source` cannot name an import's source, or None if it can."""
    if not SOURCE_NAME.fullmatch(source):
        return "Enter a source name of lower-case letters, digits and hyphens, like vrn-register"
    if source == AWARDS_SOURCE:
        return "That source holds SaferGrants' own awards: choose another name"
    return None


def import_file(
    session_factory: sessionmaker[Session],
    stream: BinaryIO,
    *,
    filename: str = "",
    file_format: str | None = None,
    source: str | None = None,
    watch: Watch | None = None,
    own_funder_org_id: str = "",
) -> ImportReport:
    """Import a whole file; raises UnreadableFile before writing anything if the file cannot be read.

    `own_funder_org_id`: the OPCC's org-id in the 360Giving data it publishes (THREESIXTY_FUNDER_ORG_ID).
    """
    opened = open_import(stream, file_format)
    rows = watch(opened.rows, opened.length) if watch else opened.rows
    report = ImportReport(
        batch_id=str(uuid.uuid4()),
        source=source or DEFAULT_SOURCES[opened.format],
        format=opened.format,
        filename=filename,
        ignored_columns=opened.ignored_columns,
    )
    return import_rows(session_factory, rows, report, own_funder_org_id)


def import_rows(
    session_factory: sessionmaker[Session],
    rows: Iterable[ParsedRow],
    report: ImportReport,
    own_funder_org_id: str = "",
) -> ImportReport:
    """Write valid rows in batches, each batch one transaction; a row is written whole or not at all.

    Grants the OPCC itself funded (our own 360Giving export, or a GrantNav download that includes it) are
    counted and left out: the register holds each of our awards already, as SaferGrants made it, and a second
    copy would be found beside the first in every duplicate check. The import's one audit event, with its
    counts, commits with the last batch (records carry the import's batch id, which is the event's entity id).
    """
    ours = own_funder_org_id.strip().casefold()
    first_row_of: dict[str, int] = {}
    batch: list[ParsedRow] = []
    for row in rows:
        if row.problems:
            report.reject(row)
        elif ours and row.fields.get("funder_org_id", "").strip().casefold() == ours:
            report.own_awards += 1
        elif row.source_id in first_row_of:
            message = f"Row {first_row_of[row.source_id]} has the same id: give each record its own"
            report.reject(row, (Problem("id", message),))
        else:
            first_row_of[row.source_id] = row.number
            batch.append(row)
        if len(batch) >= BATCH_SIZE:
            _write(session_factory, batch, report)
            batch = []
    _write(session_factory, batch, report, last=True)
    return report


def _write(
    session_factory: sessionmaker[Session], batch: list[ParsedRow], report: ImportReport, last: bool = False
) -> None:
    try:
        counts = _write_once(session_factory, batch, report, last)
    except sa.exc.IntegrityError:  # another import of the same records committed first: now they exist
        counts = _write_once(session_factory, batch, report, last)
    report.created += counts["created"]
    report.updated += counts["updated"]
    report.unchanged += counts["unchanged"]


def _write_once(
    session_factory: sessionmaker[Session], batch: list[ParsedRow], report: ImportReport, last: bool
) -> Counter:
    columns = [RegisterRecord.__table__.c[name] for name in ("id", "source_id", "confidential", *IMPORTED_FIELDS)]
    wanted = sa.select(*columns).where(
        RegisterRecord.source == report.source, RegisterRecord.source_id.in_([row.source_id for row in batch])
    )
    counts: Counter = Counter()
    creates, updates = [], []
    with unit_of_work(session_factory) as session:
        existing = {found["source_id"]: found for found in session.execute(wanted).mappings()}
        for row in batch:
            current = existing.get(row.source_id)
            values = RegisterRecord.import_values(current, row.fields, report.batch_id)
            if current is None:
                creates.append({"id": str(uuid.uuid4()), "source": report.source, "source_id": row.source_id, **values})
            elif values is not None:
                updates.append({"id": current["id"], **values})
            counts["created" if current is None else "unchanged" if values is None else "updated"] += 1
        if creates:
            session.execute(sa.insert(RegisterRecord.__table__), creates)
        if updates:
            session.execute(sa.update(RegisterRecord), updates)
        if last:
            _audit(session, report, counts)
    return counts


def _audit(session: Session, report: ImportReport, last_counts: Counter) -> None:
    counts = {name: getattr(report, name) + last_counts[name] for name in ("created", "updated", "unchanged")}
    after = {"source": report.source, "format": report.format, "filename": report.filename, **counts}
    if report.own_awards:
        after["own_awards"] = report.own_awards
    changes = created(after | {"rejected": report.rejected})
    audit.record(session, "register.imported", "register_import", report.batch_id, csp_id=None, changes=changes)
