"""The pages every sign-in method shares: the sign-in page, the account page and signing out."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from werkzeug.wrappers import Response

from shared.auth.principal import OPCC, Principal
from shared.reference import CSP_BY_ID
from shared.web import session
from shared.web.roles import ROLE_NAMES, ROLE_SUMMARIES


class SignInMethod(Protocol):
    """How people sign in: the development identity or an OpenID provider."""

    def sign_in_page(self) -> dict:
        """What the sign-in page shows for this method."""

    def api_token(self, principal: Principal) -> tuple[str | None, datetime | None]:
        """A bearer token for the APIs acting as `principal`, and when it expires."""

    def after_sign_out(self) -> str | None:
        """Where to send the browser once our session is gone (the provider's sign-out), if anywhere."""


def organisation_name(principal: Principal) -> str:
    if principal.organisation == OPCC:
        return "Office of the Police and Crime Commissioner"
    csp = CSP_BY_ID.get(principal.organisation)
    return f"{csp.name} Community Safety Partnership" if csp else principal.organisation


def make_pages(method: SignInMethod, base_url: str) -> Blueprint:
    pages = Blueprint("pages", __name__)

    @pages.get("/")
    def home() -> str:
        return render_template("sign_in.html", principal=session.signed_in(), **method.sign_in_page())

    @pages.get("/account")
    def account() -> str | Response:
        principal = session.signed_in()
        if principal is None:
            flash("Sign in to see your account.")
            return redirect(url_for("pages.home"))
        # An invited provider's token was made with their session (shared.web.invitations), by no sign-in method.
        invited = session.source() == "invitation"
        token, token_expires_at = session.access_token() if invited else method.api_token(principal)
        return render_template(
            "account.html",
            principal=principal,
            role_name=ROLE_NAMES.get(principal.role, principal.role),
            role_summary=ROLE_SUMMARIES.get(principal.role, ""),
            organisation=organisation_name(principal),
            expires_at=session.expires_at(),
            token=token,
            token_expires_at=token_expires_at,
            base_url=base_url.rstrip("/"),
        )

    @pages.post("/sign-out")
    def sign_out() -> Response:
        # An invited provider never signed in at the OpenID provider: there is nothing to sign out of there.
        was_signed_in = session.signed_in() is not None and session.source() != "invitation"
        session.sign_out()
        destination = method.after_sign_out() if was_signed_in else None
        if destination:
            return redirect(destination)
        flash("You have signed out.")
        return redirect(url_for("pages.home"))

    @pages.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok")

    # The container's health check asks over plain http from inside: never redirect it to https.
    healthz.talisman_view_options = {"force_https": False}

    return pages
