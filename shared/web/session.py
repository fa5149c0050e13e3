"""Who is signed in to the front door, and until when.

Flask's session is a signed cookie. Besides the cookie's own lifetime, the session carries an absolute
expiry set at sign-in and checked on every request: however often the cookie is re-sent or refreshed,
a sign-in lasts SESSION_MINUTES and no longer.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from flask import flash, session

from shared.auth.principal import Principal
from shared.clock import utcnow

_IDENTITY = ("principal", "expires_at", "source", "access_token", "access_token_expires_at")
EXPIRED_MESSAGE = "You have been signed out because your session expired. Sign in again to continue."


def sign_in(
    principal: Principal,
    minutes: int,
    source: str,
    access_token: str | None = None,
    access_token_expires_at: float | None = None,
) -> None:
    # A fresh session on every sign-in, so nothing planted in it before (session fixation) survives.
    session.clear()
    session.permanent = True
    session["principal"] = asdict(principal)
    session["expires_at"] = (utcnow() + timedelta(minutes=minutes)).timestamp()
    session["source"] = source
    if access_token:
        session["access_token"] = access_token
        session["access_token_expires_at"] = access_token_expires_at


def signed_in() -> Principal | None:
    data = session.get("principal")
    return Principal(**data) if data else None


def expires_at() -> datetime | None:
    value = session.get("expires_at")
    return datetime.fromtimestamp(value, tz=utcnow().tzinfo) if value else None


def source() -> str | None:
    return session.get("source")


def access_token() -> tuple[str | None, datetime | None]:
    """The provider's access token for the APIs, and when it expires (as the provider said)."""
    expiry = session.get("access_token_expires_at")
    return session.get("access_token"), datetime.fromtimestamp(expiry, tz=utcnow().tzinfo) if expiry else None


def sign_out() -> None:
    session.clear()


def enforce_expiry() -> None:
    """Before every request: forget an expired sign-in and say so on the next page."""
    deadline = session.get("expires_at")
    if deadline is not None and utcnow().timestamp() >= deadline:
        for key in _IDENTITY:
            session.pop(key, None)
        flash(EXPIRED_MESSAGE)
