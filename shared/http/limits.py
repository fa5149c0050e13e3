"""Rate limits on the endpoints worth abusing: sign-in, token issue and uploads.

Counts live where RATE_LIMIT_STORAGE_URI says. `memory://` (the embedded default) counts inside one
process, which is all the embedded mode is. In production every gunicorn worker and every replica is a
process of its own, so with `memory://` each would allow the full limit: there the counts must be shared,
in Redis (`redis://host:6379/0`). flask-limiter has no SQL storage. If Redis cannot be reached, each
process falls back to counting in memory rather than refusing every request.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, g, request
from flask_limiter import Limit, Limiter
from flask_limiter.util import get_remote_address

from shared.config import Settings
from shared.http.security import operation_name

# Operation (as the service's OpenAPI spec names it) -> limit per caller.
API_LIMITS: dict[str, dict[str, str]] = {
    # Each invitation sends an email to an address the caller chose: never a relay for bulk mail.
    "bids": {"POST /bids/{bid_id}/evidence": "30 per minute", "POST /bids/{bid_id}/invitations": "30 per minute"},
    "grants": {"POST /register/imports": "10 per minute"},
}
API_LIMIT_MESSAGE = "You have sent too many requests: wait a minute and try again"


def make_limiter(
    app: Flask, settings: Settings, key_func: Callable[[], str] = get_remote_address, **options
) -> Limiter:
    storage = settings.auth.rate_limit_storage
    return Limiter(
        key_func,
        app=app,
        storage_uri=storage,
        strategy="fixed-window",
        key_prefix="safergrants",
        headers_enabled=True,  # X-RateLimit-* and, on a 429, Retry-After
        in_memory_fallback_enabled=not storage.startswith("memory://"),
        **options,
    )


def install_api_limits(app: Flask, service: str, settings: Settings) -> Limiter | None:
    """Limit the service's listed operations per signed-in caller (per address for anyone else).

    Install after the gate, whose principal the key uses: a flood of unauthenticated requests is
    answered 401 without touching a signed-in user's allowance.
    """
    limits = API_LIMITS.get(service)
    if not limits:
        return None

    def current() -> str:
        rule = request.url_rule
        return limits.get(operation_name(request.method, rule.rule), "") if rule is not None else ""

    def caller() -> str:
        principal = g.get("principal")
        return f"user:{principal.user_id}" if principal is not None else f"address:{get_remote_address()}"

    return make_limiter(
        app,
        settings,
        key_func=caller,
        default_limits=[Limit(current, error_message=API_LIMIT_MESSAGE, per_method=True)],
    )
