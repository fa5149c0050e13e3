"""One matching index per process, kept up to date from the database instead of rebuilt for each check.

Building the index costs time in proportion to the register (seconds at 100,000 records); a check on a
built index costs milliseconds. So each process keeps its index and, before every check, adds what
changed since it last looked: register records by `imported_at` (set only when a record really changes)
and bid copies by `updated_at`. Other processes (web workers, the worker) keep their own in the same way,
so nothing needs telling when a record arrives.

A row's stamp is taken before its transaction commits, so a row can become visible a little after rows
stamped later. Each sync therefore looks back OVERLAP before the last one; re-adding an unchanged row is
skipped by comparing stamps. A sync reads inside the caller's transaction; if that rolls back, the next
sync reads everything again, so rows that were never committed leave the index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from services.grants import award_records
from services.grants.bid_copies import PAYS_FOR_NOTHING, BidCopy
from services.grants.matching.candidates import Candidate
from services.grants.matching.index import CandidateIndex
from services.grants.matching.scorer import Finding, MatchingThresholds
from services.grants.register.model import CANDIDATE_COLUMNS, RegisterRecord, candidate_of
from shared.clock import utcnow

OVERLAP = timedelta(minutes=5)
CHUNK = 2_000  # rows read, and filed into the index, at a time
# Term weights drift as records arrive; recompute every norm once this share of the index has changed.
REFRESH_SHARE = 0.05


class LiveIndex:
    def __init__(self, thresholds: MatchingThresholds) -> None:
        self._index = CandidateIndex(thresholds=thresholds)
        self._stamps: dict[str, datetime] = {}
        self._synced_to: datetime | None = None
        self._changed_since_refresh = 0
        self._lock = threading.Lock()

    def findings(self, session: Session, bid: BidCopy, limit: int) -> list[Finding]:
        """The bid's findings against every record and every other bid, as of this session's view."""
        with self._lock:
            self._sync(session)
            found = self._index.check(bid.as_candidate(), limit=limit + 1)
        return [finding for finding in found if finding.candidate_id != bid.bid_id][:limit]

    def forget_uncommitted(self) -> None:
        """The session that last synced rolled back: what it read may never have been committed, so
        the next sync reads everything again and drops what is no longer there."""
        with self._lock:
            self._synced_to = None

    def _sync(self, session: Session) -> None:
        started = utcnow()
        since = None if self._synced_to is None else self._synced_to - OVERLAP
        seen: set[str] = set()
        added = self._take(_register_rows(session, since), seen)
        added += self._take(_bid_rows(session, since), seen)
        if since is None:  # a full read: anything indexed but not read is gone (or was never committed)
            for vanished in set(self._stamps) - seen:
                self._index.remove(vanished)
                del self._stamps[vanished]
                added += 1
        # Rows read inside this session's transaction count only if it commits.
        session.info.setdefault(_SYNCED, set()).add(self)
        self._changed_since_refresh += added
        if self._synced_to is None or self._changed_since_refresh > REFRESH_SHARE * max(len(self._index), 1):
            self._index.refresh_norms()
            self._changed_since_refresh = 0
        self._synced_to = started

    def _take(self, rows: Iterable[tuple[sa.Row | BidCopy, Candidate, datetime]], seen: set) -> int:
        """Files the rows read that are new or changed since filed; forgets those that no longer pay for anything."""
        added, changed = 0, []
        for row, candidate, changed_at in rows:
            if not may_pay_for_the_same_thing(row):
                if self._stamps.pop(candidate.id, None) is not None:
                    self._index.remove(candidate.id)
                    added += 1
                continue
            seen.add(candidate.id)
            if self._stamps.get(candidate.id) == changed_at:
                continue
            changed.append((candidate, changed_at))
            if len(changed) == CHUNK:
                added += self._file(changed)
        return added + self._file(changed)

    def _file(self, changed: list[tuple[Candidate, datetime]]) -> int:
        """Add a chunk of changed rows in one batch (much faster than one by one at register scale)."""
        self._index.add_many(candidate for candidate, _ in changed)
        self._stamps.update((candidate.id, changed_at) for candidate, changed_at in changed)
        count = len(changed)
        changed.clear()
        return count


def _register_rows(session: Session, since: datetime | None) -> Iterator[tuple[sa.Row, Candidate, datetime]]:
    """Register records as plain rows of the columns matching reads: loading a million ORM objects took as long
    as filing them."""
    table = RegisterRecord.__table__
    query = sa.select(*(table.c[name] for name in (*CANDIDATE_COLUMNS, "source", "imported_at")))
    if since is not None:
        query = query.where(table.c.imported_at >= since)
    for row in session.execute(query.execution_options(yield_per=CHUNK)):
        yield row, candidate_of(row), row.imported_at


def _bid_rows(session: Session, since: datetime | None) -> Iterator[tuple[BidCopy, Candidate, datetime]]:
    query = sa.select(BidCopy)
    if since is not None:
        query = query.where(BidCopy.updated_at >= since)
    for bid in session.scalars(query.execution_options(yield_per=CHUNK)):
        yield bid, bid.as_candidate(), bid.updated_at


def may_pay_for_the_same_thing(row: sa.Row | BidCopy) -> bool:
    """Withdrawn, declined and deleted bids pay for nothing. SaferGrants' own awards are matched as the awarded bids
    themselves, with their full content (award_records.py), so their register copies are left out."""
    if isinstance(row, BidCopy):
        return row.status not in PAYS_FOR_NOTHING
    return row.source != award_records.SOURCE


_SYNCED = "safergrants.live_indexes_synced"


@event.listens_for(Session, "after_soft_rollback")
def _forget_uncommitted(session: Session, _transaction) -> None:
    for index in session.info.pop(_SYNCED, ()):
        index.forget_uncommitted()


@event.listens_for(Session, "after_commit")
def _keep_committed(session: Session) -> None:
    session.info.pop(_SYNCED, None)


_indexes: dict[tuple[str, MatchingThresholds], LiveIndex] = {}
_indexes_lock = threading.Lock()


def live_index(session: Session, thresholds: MatchingThresholds) -> LiveIndex:
    """This process's index for the database the session is bound to (tests run many databases)."""
    key = (str(session.get_bind().url), thresholds)
    with _indexes_lock:
        if key not in _indexes:
            _indexes[key] = LiveIndex(thresholds)
        return _indexes[key]
