"""The front door's Flask app: sign-in pages, security headers, CSRF protection and rate limits."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from shared.config import Settings, load_settings
from shared.context import set_client_address
from shared.http.limits import make_limiter
from shared.logs import configure_logging
from shared.web import session
from shared.web.errors import install_error_pages
from shared.web.headers import install_page_security
from shared.web.invitations import make_invitation_pages
from shared.web.pages import make_pages


def create_front_door(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    configure_logging()
    app = Flask(__name__)
    if settings.proxy_hops:
        hops = settings.proxy_hops  # behind the gateway, as the APIs are (see shared.http.api)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        # The CSRF token lives in the session and lasts as long as it: a sign-in page left open still works.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    # Talisman first, so the page nonce exists before any check (CSRF, expiry, limits) answers with a page.
    install_page_security(app, settings)
    csrf = CSRFProtect(app)
    app.before_request(_before_each_request)
    app.teardown_request(lambda _error=None: set_client_address(None))
    limiter = make_limiter(app, settings)
    if settings.auth.development_identity:
        from shared.web.development import DevelopmentSignIn

        method = DevelopmentSignIn(settings)
        app.register_blueprint(method.blueprint(limiter, csrf))
    else:
        from shared.web.oidc import OidcSignIn

        method = OidcSignIn(settings, app)
        app.register_blueprint(method.blueprint(limiter))
    app.register_blueprint(make_pages(method, settings.base_url))
    app.register_blueprint(make_invitation_pages(settings, limiter))
    install_error_pages(app)
    app.after_request(_no_store)
    return app


def _before_each_request() -> None:
    set_client_address(request.remote_addr)  # for the security log
    session.enforce_expiry()


def _no_store(response: Response) -> Response:
    # Pages hold tokens (the API token, CSRF tokens) and who is signed in: no cache may keep them.
    response.headers.setdefault("Cache-Control", "no-store")
    return response
