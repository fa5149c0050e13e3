"""grants: funding rounds, the review queue (and later awards and monitoring)."""

from __future__ import annotations

from flask import Flask

from services.event_spec import add_event_spec_route
from services.grants.db import messaging
from shared.audit.api import history_blueprint
from shared.config import Settings, load_settings
from shared.http.api import create_service_app
from shared.runtime import ServiceRuntime, build_runtime

NAME = "grants"


def bootstrap(settings: Settings | None = None) -> ServiceRuntime:
    return build_runtime(NAME, settings or load_settings(), messaging)


def create_app(settings: Settings | None = None, runtime: ServiceRuntime | None = None) -> Flask:
    runtime = runtime or bootstrap(settings)
    app, api = create_service_app(NAME, "SaferGrants grants", runtime.settings, runtime.ready_checks())
    app.extensions["safergrants"] = runtime
    add_event_spec_route(app, runtime.settings)
    from services.grants import audit
    from services.grants.allocation_views import blueprint as allocations
    from services.grants.decision_views import blueprint as decisions
    from services.grants.duplicate_check_views import blueprint as duplicate_checks
    from services.grants.register.export_views import exports
    from services.grants.register.views import register
    from services.grants.return_views import blueprint as returns
    from services.grants.views import reviews, rounds

    api.register_blueprint(rounds)
    api.register_blueprint(allocations)
    api.register_blueprint(reviews)
    api.register_blueprint(returns)
    api.register_blueprint(decisions)
    api.register_blueprint(register)
    api.register_blueprint(exports)
    api.register_blueprint(duplicate_checks)
    api.register_blueprint(history_blueprint(audit.AuditEvent, audit.ENTITY_TYPES))
    return app
