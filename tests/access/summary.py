"""The matrix as it was answered, printed after the run: one line per operation, one column per role."""

from __future__ import annotations

from collections import defaultdict

from shared.auth import permissions
from shared.config import SERVICES

# (backend, service, operation, role) -> target -> status
RESULTS: dict[tuple[str, str, str, str], dict[str, int]] = defaultdict(dict)
NOTES: list[str] = []  # allowed cases a domain rule answered with 409 or 422


def write_summary(write) -> None:
    for backend in sorted({key[0] for key in RESULTS}):
        write(f"access matrix on {backend}: own/other[/uninvited or colleague] by role; no token gave 401 unless shown")
        write(f"{'':62}" + "".join(f"{role[:13]:>14}" for role in permissions.COLUMNS))
        for service in SERVICES:
            for operation in permissions.operations(service):
                cells = []
                for role in permissions.COLUMNS:
                    got = RESULTS.get((backend, service, operation, role), {})
                    shown = [str(got[t]) for t in ("own", "other", "uninvited", "colleague") if t in got]
                    if got.get("none", 401) != 401:
                        shown.append(f"none={got['none']}")
                    cells.append("/".join(shown) or "-")
                write(f"{service[:5]:6}{operation[:56]:56}" + "".join(f"{cell:>14}" for cell in cells))
    for note in NOTES:
        write(f"allowed, but answered by a domain rule: {note}")
