"""Duplicate-funding checks at register scale: latency, agreement with a full scan, memory, import rate.

    .venv/bin/python bench/duplicates.py [--sizes 10000,100000,1000000] [--checks 200] [--scans 20]
                                         [--database-url URL]

For each size: a synthetic register in DOMAIN.md's vocabulary (tests/matching/synthetic.py) is written to a
360Giving CSV; (i) parse-only: the csv module reads every row; (ii) import: the file is imported as
`safergrants register import` does (bench/register_import.py: each grant validated against the official schema,
then stored), into a fresh SQLite database or the empty one `--database-url` names; (iii) first check: the
first duplicate check after the import, which waits while the process files the register into its index;
(iv) index only: the same rows read straight into a CandidateIndex with add_many (its filing compiled,
matching/_filing.pyx), no database: the part of (iii) that is matching's own. The checks below run on that
index. `--checks` bids (half reworded copies of register records, half new projects) are checked, and the
first `--scans` of them (fewer at 1M: one full scan visits every record) also run a full scan with the same
scorer. Memory is the growth of the process's resident set over (iv), after collection. "Other work" counts
the likely duplicates a check reported whose record is of another theme than the bid (synthetic.py knows each
one's): different activities, so false alarms. It prints; it does not assert.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import statistics
import sys
import tempfile
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from itertools import zip_longest
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.register_import import import_into_database  # noqa: E402
from services.grants.matching import LIKELY_DUPLICATE, CandidateIndex, compiled  # noqa: E402
from services.grants.matching.candidates import Candidate  # noqa: E402
from tests.matching.synthetic import SyntheticRegister  # noqa: E402

LOCATIONS = 3
COLUMNS = [
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
    "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name", "Grant Programme:Title",
    "Planned Dates:Start Date", "Planned Dates:End Date",
    *(f"Beneficiary Location:{n}:Geographic Code{part}" for n in range(LOCATIONS) for part in ("", " Type")),
]  # fmt: skip
GEO_TYPES = {"LAD": "LAD", "WARD": "WD", "CSP": "CSP", "PFA": "PFA"}


def write_register(path: Path, register: SyntheticRegister, size: int) -> None:
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for c in register.records(size):
            places = sorted(c.places)[:LOCATIONS]
            geo = [x for code in places for x in (code.partition(":")[2], GEO_TYPES[code.partition(":")[0]])]
            writer.writerow([
                c.id, c.title, c.description, "GBP", f"{c.amount_pence / 100:.2f}", c.starts_on.isoformat(),
                c.recipient_org_id or _org_id("360G-org", c.recipient_name), c.recipient_name,
                _org_id("GB-GOR", c.funder), c.funder, c.programme, c.starts_on.isoformat(),
                c.ends_on.isoformat() if c.ends_on else "", *geo, *([""] * (2 * LOCATIONS - len(geo))),
            ])  # fmt: skip


def _org_id(scheme: str, name: str) -> str:
    """An org-id for a name the synthetic register gives none (360Giving requires one): the same for each name."""
    return f"{scheme}-{zlib.crc32(name.encode()):08x}"


GEO_PREFIX = {"LAD": "LAD", "WD": "WARD", "CSP": "CSP", "PFA": "PFA"}
LOCATION_COLUMNS = [
    (f"Beneficiary Location:{n}:Geographic Code", f"Beneficiary Location:{n}:Geographic Code Type")
    for n in range(LOCATIONS)
]


def candidate(row: dict[str, str]) -> Candidate:
    """A 360Giving row as matching sees it."""
    places = frozenset([f"{GEO_PREFIX[row[kind]]}:{row[code]}" for code, kind in LOCATION_COLUMNS if row[code]])
    return Candidate(
        id=row["Identifier"], kind="register", title=row["Title"], description=row["Description"],
        funder=row["Funding Org:Name"], programme=row["Grant Programme:Title"],
        recipient_org_id=row["Recipient Org:Identifier"], recipient_name=row["Recipient Org:Name"],
        amount_pence=int(Decimal(row["Amount Awarded"]) * 100), places=places,
        starts_on=_date(row["Planned Dates:Start Date"]), ends_on=_date(row["Planned Dates:End Date"]),
    )  # fmt: skip


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def parse_only(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    with path.open(newline="") as file:
        rows = sum(1 for _ in csv.DictReader(file))
    return rows, time.perf_counter() - started


def import_register(path: Path) -> tuple[CandidateIndex, float, float]:
    """Seconds to parse and add every row (a batch at a time), then seconds to refresh the norms once."""
    started = time.perf_counter()
    index = CandidateIndex()
    with path.open(newline="") as file:
        index.add_many(map(candidate, csv.DictReader(file)), pause_collector=True)
    added = time.perf_counter()
    index.refresh_norms()
    return index, added - started, time.perf_counter() - added


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def bids(register: SyntheticRegister, count: int) -> list[tuple[Candidate, str | None]]:
    """Half rewordings of a register record (whose id a check should find), half new projects."""
    step = max(1, len(register.specs) // max(1, count // 2))
    planted = [(register.bid_like(spec, f"bid-like-{n}"), id) for n, (spec, id) in
               enumerate(register.specs[::step][: count // 2])]  # fmt: skip
    fresh = [(register.fresh_bid(f"bid-new-{n}"), None) for n in range(count - len(planted))]
    return [pair for both in zip_longest(planted, fresh) for pair in both if pair is not None]


def run(size: int, checks: int, scans: int, workdir: Path, database_url: str | None) -> dict[str, float]:
    register = SyntheticRegister(seed=5)
    path = workdir / f"register-{size}.csv"
    started = time.perf_counter()
    write_register(path, register, size)
    print(f"\n== {size:,} records ({path.stat().st_size / 1e6:.0f} MB of CSV, written in "
          f"{time.perf_counter() - started:.0f} s)")  # fmt: skip
    rows, parse_seconds = parse_only(path)
    print(f"parse only : {rows / parse_seconds:>9,.0f} rows/s ({parse_seconds:.1f} s)")
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as process:  # a process of its own, as a CLI
        imported = process.submit(import_into_database, path, workdir, database_url)  # and a web worker are
        report, stored, first_check = imported.result()
    assert report.created == rows, f"the import refused rows: {report.rejections[:3]}"
    print(
        f"import     : {rows / stored:>9,.0f} rows/s ({stored:.1f} s: validated and stored, as `safergrants register "
        f"import`)  = {parse_seconds / stored:.2f}x parse-only (goal >= 0.3x)"
    )
    print(f"first check: {first_check:9.1f} s after the import (the process files the register into its index)")
    gc.collect()
    before = rss()
    index, import_seconds, norm_seconds = import_register(path)
    gc.collect()
    memory = rss() - before
    seconds = import_seconds + norm_seconds  # refresh_norms also localises the last terms to become common
    print(
        f"index only : {rows / seconds:>9,.0f} rows/s ({seconds:.1f} s, norms {norm_seconds:.1f} s of it)  = "
        f"{parse_seconds / seconds:.2f}x parse-only: the file read straight into an index, no database"
    )
    print(f"memory     : {memory / 2**20:>9,.0f} MiB resident growth ({memory / rows:.0f} bytes per record)")
    if compiled.FILING is None:
        print("filing     : NOT COMPILED (see the log): records were added one at a time")
    elif size < 1_000_000:  # the same import with the compiled filing switched off: what compiling it buys
        filing, compiled.FILING = compiled.FILING, None
        try:
            _, added, normed = import_register(path)
        finally:
            compiled.FILING = filing
        print(f"uncompiled : {rows / (added + normed):>9,.0f} rows/s ({added + normed:.1f} s): the compiled filing "
              f"imports {(added + normed) / seconds:.1f}x as fast")  # fmt: skip
    sample = bids(register, checks)
    check_ms, found, alarms, other_work = [], 0, 0, 0
    for bid, planted in sample:
        findings, ms = timed(lambda bid=bid: index.check(bid))
        check_ms.append(ms)
        found += planted is not None and any(f.candidate_id == planted for f in findings)
        likely = [f.candidate_id for f in findings if f.band == LIKELY_DUPLICATE]
        alarms += len(likely)
        other_work += sum(register.themes.get(id) != register.themes[bid.id] for id in likely)
    scan_ms, agree, likely, likely_found = [], 0, 0, 0
    for bid, _ in sample[:scans]:
        scanned, ms = timed(lambda bid=bid: index.full_scan(bid))
        scan_ms.append(ms)
        checked = index.check(bid)
        agree += [(f.candidate_id, f.score) for f in scanned[:3]] == [(f.candidate_id, f.score) for f in checked[:3]]
        scanned_likely = {f.candidate_id for f in scanned if f.band == LIKELY_DUPLICATE}
        likely += len(scanned_likely)
        likely_found += len(scanned_likely & {f.candidate_id for f in checked})
    p50, p95 = percentile(check_ms, 50), percentile(check_ms, 95)
    s50, s95 = percentile(scan_ms, 50), percentile(scan_ms, 95)
    print(f"check      : p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  over {len(check_ms)} checks")
    print(
        f"full scan  : p50 {s50:8.1f} ms  p95 {s95:8.1f} ms  over {len(scan_ms)} checks "
        f"({s50 / len(index) * 1000:.0f} us a record)"
    )
    print(f"ratio      : {s50 / p50:8.0f}x at p50, {s95 / p95:.0f}x at p95 (goal >= 50x at 1M)")
    print(
        f"agreement  : top 3 as the full scan's in {agree}/{len(scan_ms)} checks; its likely duplicates (top 20) "
        f"found by check {likely_found}/{likely}"
    )
    print(f"planted    : reworded register records found among a check's 20 findings: {found}/"
          f"{sum(planted is not None for _, planted in sample)}")  # fmt: skip
    print(f"other work : likely duplicates a check reported that are another theme's work (false alarms): "
          f"{other_work}/{alarms}")  # fmt: skip
    path.unlink()
    return {"p95": p95}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument("--scans", type=int, default=20, help="full scans per size (3 at 1M and above)")
    parser.add_argument("--database-url", help="an empty grants database to import into (default: SQLite)")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for size in (int(s) for s in args.sizes.split(",")):
            scans = min(args.scans, 3) if size >= 1_000_000 else args.scans
            results[size] = run(size, args.checks, scans, Path(workdir), args.database_url)
    smallest = min(results)
    for size in sorted(results)[1:]:
        print(f"\np95 at {size:,} = {results[size]['p95'] / results[smallest]['p95']:.1f}x p95 at {smallest:,} "
              "(goal <= 3x at 1M against 10k)")  # fmt: skip


if __name__ == "__main__":
    main()
