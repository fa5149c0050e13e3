"""Signing in with an OpenID provider (Microsoft Entra ID in production): authorization code + PKCE.

authlib runs the protocol: state, nonce, PKCE (S256), the code exchange, and the ID token's signature,
nonce, audience and expiry. Our own `TokenVerifier` then applies the rules every token meets: the
issuer checked against the token's tenant, the tenant allow-list and the role map.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, redirect, url_for
from flask_limiter import Limiter
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from shared.auth.principal import Principal
from shared.auth.security_log import security_event
from shared.auth.tokens import InvalidToken
from shared.auth.verifier import build_verifier
from shared.config import ConfigurationError, Settings
from shared.web import session
from shared.web.errors import page

SIGN_IN_LIMIT = "10 per minute"

NOT_SET_UP = (
    "Your organisation is not set up to use SaferGrants",
    "You signed in with an account from an organisation SaferGrants does not know.",
    "SaferGrants is for the Office of the Police and Crime Commissioner and the lead councils of the "
    "Community Safety Partnerships. If you work for one of them, ask the OPCC to add your organisation.",
)
NO_ROLE = (
    "Your account has no SaferGrants role",
    "You signed in, but your organisation has not given your account a role in SaferGrants.",
    "Ask your organisation's IT administrator to assign you a SaferGrants role, such as CSP officer.",
)
FAILED = ("Sign-in did not work", "Go back to the sign-in page and try again.")


class OidcSignIn:
    def __init__(self, settings: Settings, app: Flask) -> None:
        auth = settings.auth
        missing = [
            name
            for name, value in (
                ("OIDC_METADATA_URL", auth.oidc_metadata_url),
                ("OIDC_CLIENT_ID", auth.oidc_client_id),
                ("OIDC_CLIENT_SECRET", auth.oidc_client_secret),
            )
            if not value
        ]
        if missing:
            raise ConfigurationError(f"OIDC_ISSUER is set, so the sign-in pages need {' and '.join(missing)} too")
        self.verifier = build_verifier(settings)
        self.client_id = auth.oidc_client_id
        self.session_minutes = auth.session_minutes
        self.base_url = settings.base_url.rstrip("/")
        self.client = OAuth(app).register(
            "oidc",
            client_id=auth.oidc_client_id,
            client_secret=auth.oidc_client_secret,
            server_metadata_url=auth.oidc_metadata_url,
            client_kwargs={"scope": auth.oidc_scope, "code_challenge_method": "S256"},
        )

    def sign_in_page(self) -> dict:
        return {"demo_users": []}

    def api_token(self, principal: Principal) -> tuple[str | None, datetime | None]:
        return session.access_token()

    def after_sign_out(self) -> str | None:
        """The provider's own sign-out (RP-initiated logout), so the next sign-in asks who you are."""
        try:
            endpoint = self.client.load_server_metadata().get("end_session_endpoint")
        except requests.RequestException:
            return None
        if not endpoint:
            return None
        query = urlencode({"client_id": self.client_id, "post_logout_redirect_uri": f"{self.base_url}/"})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def blueprint(self, limiter: Limiter) -> Blueprint:
        oidc = Blueprint("oidc", __name__)

        @oidc.get("/sign-in")
        @limiter.limit(SIGN_IN_LIMIT)
        def sign_in() -> Response:
            try:
                return self.client.authorize_redirect(f"{self.base_url}{url_for('oidc.callback')}")
            except requests.RequestException as error:
                security_event("sign_in.refused", method="oidc", reason=f"provider unreachable: {error}")
                return page(503, "Sign-in is not available at the moment", "Try again in a few minutes.")

        @oidc.get("/auth/callback")
        @limiter.limit(SIGN_IN_LIMIT)
        def callback() -> Response | tuple[str, int]:
            return self._finish_sign_in()

        return oidc

    def _finish_sign_in(self) -> Response | tuple[str, int]:
        try:
            # Presence only for `iss` here: a multi-tenant issuer is checked against `tid` just below.
            token = self.client.authorize_access_token(claims_options={"iss": {"essential": True}})
        except (OAuthError, JoseError, requests.RequestException, KeyError) as error:
            return _refuse(400, FAILED, f"the provider's answer was refused: {error!r}")
        id_token, userinfo = token.get("id_token"), token.get("userinfo") or {}
        if not id_token:
            return _refuse(400, FAILED, "the provider sent no ID token")
        tenants = self.verifier.policy.tenants
        try:
            claims = self.verifier.claims(id_token, audience=self.client_id)
        except InvalidToken as error:
            unknown_tenant = bool(tenants) and userinfo.get("tid") not in tenants
            return _refuse(403, NOT_SET_UP if unknown_tenant else FAILED, str(error), tenant=userinfo.get("tid"))
        try:
            principal = self.verifier.principal(claims)
        except InvalidToken as error:
            return _refuse(403, NO_ROLE, str(error), tenant=claims.get("tid"), subject=claims.get("sub"))
        expires_at = token.get("expires_at")
        session.sign_in(
            principal,
            self.session_minutes,
            "oidc",
            access_token=token.get("access_token"),
            access_token_expires_at=float(expires_at) if expires_at else None,
        )
        return redirect(url_for("pages.account"))


def _refuse(status: int, message: tuple[str, ...], reason: str, **fields) -> tuple[str, int]:
    security_event("sign_in.refused", method="oidc", reason=reason, **fields)
    return page(status, *message)
