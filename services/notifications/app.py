"""notifications: reacts to events, tells people, keeps what it sent. Never the source of a fact."""

from __future__ import annotations

from flask import Flask

from services.event_spec import add_event_spec_route
from services.notifications.db import messaging
from shared.audit.api import history_blueprint
from shared.config import Settings, load_settings
from shared.http.api import create_service_app
from shared.runtime import ServiceRuntime, build_runtime

NAME = "notifications"


def bootstrap(settings: Settings | None = None) -> ServiceRuntime:
    from shared.mail.factory import make_mailer

    runtime = build_runtime(NAME, settings or load_settings(), messaging)
    runtime.mailer = make_mailer(runtime.settings.mail)
    return runtime


def create_app(settings: Settings | None = None, runtime: ServiceRuntime | None = None) -> Flask:
    runtime = runtime or bootstrap(settings)
    app, api = create_service_app(NAME, "SaferGrants notifications", runtime.settings, runtime.ready_checks())
    app.extensions["safergrants"] = runtime
    add_event_spec_route(app, runtime.settings)
    from services.notifications import audit
    from services.notifications.views import notifications

    api.register_blueprint(notifications)
    api.register_blueprint(history_blueprint(audit.AuditEvent, audit.ENTITY_TYPES, audit.csp_may_read))
    return app


def background(runtime: ServiceRuntime):
    from services.notifications.handlers import send_due

    return [lambda: send_due(runtime.session_factory, runtime.mailer, runtime.settings.mail.sender)]
