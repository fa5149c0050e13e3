"""The front door's security headers (flask-talisman) and session cookie.

Pages carry a Content Security Policy with a fresh nonce per response: only a <style> or <script>
carrying that nonce runs, so markup injected into a page cannot. Nothing may frame the pages.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask
from flask_talisman import Talisman

from shared.config import Settings

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cookie_secure(settings: Settings) -> bool:
    """Should the session cookie be sent over HTTPS only? Yes, except on the embedded default.

    `make run` serves plain http on loopback, where a Secure cookie would not come back from every
    browser and sign-in would silently fail. That traffic never leaves the machine. Anywhere else, and
    always in production, the cookie must never travel unencrypted.
    """
    if settings.production:
        return True
    url = urlsplit(settings.base_url)
    return not (url.scheme == "http" and url.hostname in LOOPBACK)


def page_policy(settings: Settings) -> dict[str, str]:
    form_targets = ["'self'"]
    if not settings.auth.development_identity and settings.auth.oidc_metadata_url:
        # Signing out posts a form that redirects to the provider; browsers apply form-action to that redirect.
        provider = urlsplit(settings.auth.oidc_metadata_url)
        form_targets.append(f"{provider.scheme}://{provider.netloc}")
    return {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "form-action": " ".join(form_targets),
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
    }


def install_page_security(app: Flask, settings: Settings) -> Talisman:
    secure = cookie_secure(settings)
    app.config.update(
        # __Host- makes browsers refuse the cookie unless it is Secure, for this host only and path /.
        SESSION_COOKIE_NAME="__Host-safergrants" if secure else "safergrants",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # sent on the provider's redirect back to us, not on cross-site posts
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.auth.session_minutes),
    )
    return Talisman(
        app,
        content_security_policy=page_policy(settings),
        content_security_policy_nonce_in=["script-src", "style-src"],
        force_https=settings.base_url.startswith("https://"),
        strict_transport_security=settings.production,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=secure,
        session_cookie_samesite="Lax",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
