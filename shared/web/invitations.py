"""The link in a provider's invitation email: a page saying what they are invited to, then a session.

The code in the link is signed and expires (`shared.auth.invitations`). Continuing signs the provider
in for this one bid and hands them a short-lived invitation token for the APIs. Whether the invitation
is still active is for bids to judge on every request, so a revoked invitation that reaches this page
still gets a token, and that token is refused at once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, redirect, render_template, url_for
from flask_limiter import Limiter
from werkzeug.wrappers import Response

from shared.auth.invitations import (
    TOKEN_LIFETIME,
    InvitationCode,
    InvitationCodeExpired,
    InvitationCodeInvalid,
    issue_token,
    principal_for,
    read_code,
)
from shared.auth.security_log import security_event
from shared.clock import utcnow
from shared.config import Settings
from shared.reference import CSP_BY_ID
from shared.web import session
from shared.web.errors import page

INVITATION_LIMIT = "10 per minute"  # as signing in: each guess at a code costs a request
EXPIRED = (
    "This invitation link has expired",
    "Ask the CSP officer who invited you to send a new one.",
)
INVALID = (
    "This invitation link is not valid",
    "Check you copied the whole link from the email. If it still does not work, ask the CSP officer who "
    "invited you to send a new one.",
)


def make_invitation_pages(settings: Settings, limiter: Limiter) -> Blueprint:
    pages = Blueprint("invitations", __name__)
    minutes = min(settings.auth.session_minutes, int(TOKEN_LIFETIME.total_seconds() // 60))

    @pages.get("/invitations/<code>")
    @limiter.limit(INVITATION_LIMIT)
    def invitation(code: str) -> str | tuple[str, int]:
        invitation, refusal = _read(settings, code)
        if invitation is None:
            return refusal
        csp = CSP_BY_ID.get(invitation.csp_id)
        return render_template(
            "invitation.html",
            invitation=invitation,
            csp_name=f"{csp.name} Community Safety Partnership" if csp else invitation.csp_id,
            code=code,
        )

    @pages.post("/invitations/<code>")
    @limiter.limit(INVITATION_LIMIT)
    def accept(code: str) -> Response | tuple[str, int]:
        invitation, refusal = _read(settings, code)
        if invitation is None:
            return refusal
        lifetime = timedelta(minutes=minutes)
        token = issue_token(settings, invitation, lifetime)
        principal = principal_for(invitation)
        session.sign_in(principal, minutes, "invitation", token, (utcnow() + lifetime).timestamp())
        security_event("sign_in.invitation", invitation_id=invitation.invitation_id, bid_id=invitation.bid_id)
        return redirect(url_for("pages.account"))

    return pages


def _read(settings: Settings, code: str) -> tuple[InvitationCode | None, tuple[str, int] | None]:
    try:
        return read_code(settings, code), None
    except InvitationCodeExpired:
        security_event("invitation.refused", reason="expired")
        return None, page(410, *EXPIRED)
    except InvitationCodeInvalid:
        security_event("invitation.refused", reason="not a code we made")
        return None, page(404, *INVALID)
