"""bids: drafts, evidence and submission of bids, on the CSP side."""

from __future__ import annotations

from flask import Flask

from services.bids.db import messaging
from services.event_spec import add_event_spec_route
from shared.audit.api import history_blueprint
from shared.config import Settings, load_settings
from shared.http.api import create_service_app
from shared.runtime import ServiceRuntime, build_runtime

NAME = "bids"


def bootstrap(settings: Settings | None = None) -> ServiceRuntime:
    from shared.storage.factory import make_evidence_store

    runtime = build_runtime(NAME, settings or load_settings(), messaging)
    runtime.evidence = make_evidence_store(runtime.settings)
    return runtime


def create_app(settings: Settings | None = None, runtime: ServiceRuntime | None = None) -> Flask:
    runtime = runtime or bootstrap(settings)
    app, api = create_service_app(NAME, "SaferGrants bids", runtime.settings, runtime.ready_checks())
    app.extensions["safergrants"] = runtime
    add_event_spec_route(app, runtime.settings)
    from services.bids import audit
    from services.bids.downloads import downloads
    from services.bids.views import bids, rounds

    api.register_blueprint(rounds)
    api.register_blueprint(bids)
    app.register_blueprint(downloads)
    api.register_blueprint(history_blueprint(audit.AuditEvent, audit.ENTITY_TYPES))
    return app
