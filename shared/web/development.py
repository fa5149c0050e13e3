"""Signing in with the development identity: pick a seeded user, or ask /api/token from a script.

Only ever built when the configuration names no OpenID provider, and `DevelopmentIdentity.load`
refuses to start under a production configuration, so in production these routes do not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Blueprint, abort, jsonify, redirect, request, url_for
from flask_limiter import Limiter
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from shared.auth.dev_identity import DEMO_USERS, DevelopmentIdentity, demo_principal
from shared.auth.principal import Principal
from shared.auth.security_log import security_event
from shared.clock import utcnow
from shared.config import Settings
from shared.http.problems import problem_response
from shared.web import session
from shared.web.pages import organisation_name
from shared.web.roles import ROLE_NAMES, ROLE_SUMMARIES

SIGN_IN_LIMIT = "10 per minute"
TOKEN_LIMIT = "10 per minute"
TOKEN_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class DemoUser:
    principal: Principal
    role_name: str
    summary: str
    organisation: str
    invited_only: bool


class DevelopmentSignIn:
    def __init__(self, settings: Settings) -> None:
        self.identity = DevelopmentIdentity.load(settings.var_dir, settings.production)
        self.session_minutes = settings.auth.session_minutes

    def sign_in_page(self) -> dict:
        users = [
            DemoUser(
                principal,
                ROLE_NAMES[role],
                ROLE_SUMMARIES[role],
                organisation_name(principal),
                # A provider contributor exists only for the one bid a CSP invited them to.
                invited_only=role == "provider_contributor",
            )
            for role, principal in DEMO_USERS.items()
        ]
        return {"demo_users": users}

    def api_token(self, principal: Principal) -> tuple[str, datetime]:
        # Valid as long as the sign-in, so signing out and waiting ends what the page handed out.
        expires = session.expires_at() or utcnow() + TOKEN_LIFETIME
        lifetime = max(expires - utcnow(), timedelta(minutes=1))
        return self.identity.issue(principal, lifetime), utcnow() + lifetime

    def after_sign_out(self) -> None:
        return None

    def blueprint(self, limiter: Limiter, csrf: CSRFProtect) -> Blueprint:
        development = Blueprint("development", __name__)

        @development.post("/sign-in/development")
        @limiter.limit(SIGN_IN_LIMIT)
        def sign_in_as() -> Response:
            role = request.form.get("role", "")
            if role not in DEMO_USERS or role == "provider_contributor":
                security_event("sign_in.refused", method="development", reason="not a demo user", role=role[:40])
                abort(400)
            session.sign_in(DEMO_USERS[role], self.session_minutes, "development")
            return redirect(url_for("pages.account"))

        @development.post("/api/token")
        @limiter.limit(TOKEN_LIMIT)
        def issue_token() -> Response:
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                return problem_response(422, 'Send a JSON object such as {"role": "csp_officer", "csp_id": "melton"}')
            role, csp_id, bid_id = (body.get(key) for key in ("role", "csp_id", "bid_id"))
            try:
                if not all(value is None or isinstance(value, str) for value in (role, csp_id, bid_id)):
                    raise ValueError("role, csp_id and bid_id must be strings")
                if role == "provider_contributor" and not bid_id:
                    raise ValueError("a provider contributor is invited to one bid: give bid_id")
                principal = demo_principal(str(role), csp_id, bid_id)
            except ValueError as error:
                return problem_response(422, str(error))
            token = self.identity.issue(principal, TOKEN_LIFETIME)
            return jsonify(access_token=token, token_type="Bearer", expires_in=int(TOKEN_LIFETIME.total_seconds()))

        # Not cookie-authenticated: a script posts JSON and reads the token from the reply, and a browser on
        # another site can do neither (a JSON post needs a CORS preflight we never grant). CSRF guards forms
        # that act on a signed-in session, and this acts on none.
        csrf.exempt(issue_token)
        return development
