"""bids: drafts, evidence and submission of bids, on the CSP side."""

from __future__ import annotations

import logging

from flask import Flask

from services.bids.db import messaging
from services.event_spec import add_event_spec_route
from shared.audit.api import history_blueprint
from shared.config import Settings, load_settings
from shared.http.api import create_service_app
from shared.runtime import ServiceRuntime, build_runtime

NAME = "bids"
log = logging.getLogger(__name__)


def bootstrap(settings: Settings | None = None) -> ServiceRuntime:
    from shared.scanning.factory import make_scanner
    from shared.storage.factory import make_evidence_store

    runtime = build_runtime(NAME, settings or load_settings(), messaging)
    runtime.evidence = make_evidence_store(runtime.settings)
    runtime.scanner = make_scanner(runtime.settings.evidence)
    return runtime


def create_app(settings: Settings | None = None, runtime: ServiceRuntime | None = None) -> Flask:
    runtime = runtime or bootstrap(settings)
    app, api = create_service_app(NAME, "SaferGrants bids", runtime.settings, runtime.ready_checks())
    app.extensions["safergrants"] = runtime
    add_event_spec_route(app, runtime.settings)
    from services.bids import audit
    from services.bids.downloads import downloads
    from services.bids.evidence_views import blueprint as evidence
    from services.bids.invitation_views import blueprint as invitations
    from services.bids.lifecycle_views import blueprint as lifecycle
    from services.bids.views import bids, rounds

    api.register_blueprint(rounds)
    api.register_blueprint(bids)
    api.register_blueprint(evidence)
    api.register_blueprint(invitations)
    api.register_blueprint(lifecycle)
    app.register_blueprint(downloads)
    api.register_blueprint(history_blueprint(audit.AuditEvent, audit.ENTITY_TYPES))
    return app


def background(runtime: ServiceRuntime):
    """The virus scan of quarantined evidence, and the sweep of objects no file row vouches for."""
    from datetime import timedelta

    from services.bids.evidence_scanning import QuarantineSweeper, scan_pending

    if runtime.scanner is None:
        log.warning('no virus scanner (CLAMD_URL): uploaded evidence stays "scanning" and cannot be downloaded')
    older_than = timedelta(hours=runtime.settings.evidence.quarantine_hours)
    return [
        lambda: scan_pending(runtime.session_factory, runtime.evidence, runtime.scanner),
        QuarantineSweeper(runtime.session_factory, runtime.evidence, older_than),
    ]
