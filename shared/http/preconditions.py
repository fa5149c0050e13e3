"""Optimistic concurrency over HTTP: strong ETags from a revision counter, and `If-Match` on changes.

flask-smorest's own ETag feature hashes the response body and raises werkzeug's 412/428 with werkzeug's
words before the view runs (so before a 404 for a bid the caller may not see). We need revision-based
tags, checked inside the transaction after the row is loaded, and GOV.UK-style problems: a few lines here.
"""

from __future__ import annotations

from flask import request

from shared.http.problems import DomainProblem

MISSING = "Reload the bid and try again: this change must say which version it is based on"
STALE = (
    "Someone else saved changes to this bid since you loaded it. Reload the bid to see their changes, "
    "then make yours again: nothing you sent has been saved"
)


def etag_of(entity_id: str, revision: int) -> str:
    """A strong entity tag, quoted as the header carries it: `"<id>.<revision>"`."""
    return f'"{entity_id}.{revision}"'


def offered_etags() -> frozenset[str] | None:
    """The strong tags the request's `If-Match` names, quoted; None when it names none.

    `If-Match: *` says "whatever is there now", which is exactly the lost update this guards against,
    so it counts as naming no version. Weak tags never match (RFC 9110 13.1.1 uses strong comparison).
    """
    if "If-Match" not in request.headers:
        return None
    offered = request.if_match
    if offered.star_tag:
        return None
    tags = frozenset(f'"{tag}"' for tag in offered.as_set(include_weak=False))
    return tags or None


def require_match(offered: frozenset[str] | None, current: str, stale: str = STALE) -> None:
    """428 without a version to compare; 412 (saying `stale`) when the version offered is not the current one."""
    if offered is None:
        raise DomainProblem(MISSING, status=428, kind="precondition-required")
    if current not in offered:
        raise DomainProblem(stale, status=412, kind="stale-version")
