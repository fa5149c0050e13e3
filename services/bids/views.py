"""bids' HTTP edge: validate, call one handler, answer."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask.views import MethodView

from services.bids import handlers
from services.bids.models import RoundCopy
from services.bids.schemas import (
    BidChangeSchema,
    BidCreateSchema,
    BidSchema,
    DownloadLinkSchema,
    EvidenceSchema,
    RoundCopySchema,
    UploadSchema,
)
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal

bids = ServiceBlueprint("bids", __name__, url_prefix="/bids", description="Bids for funding rounds")
rounds = ServiceBlueprint("rounds", __name__, url_prefix="/rounds", description="Funding rounds open for bids")


def _service():
    return current_app.extensions["safergrants"]


@rounds.route("")
class OpenRounds(MethodView):
    @rounds.response(200, RoundCopySchema(many=True))
    def get(self):
        """List the funding rounds bids knows of."""
        current_principal()
        with _service().session_factory() as session:
            return session.scalars(sa.select(RoundCopy).order_by(RoundCopy.closes_on)).all()


@bids.route("")
class Bids(MethodView):
    @bids.response(200, BidSchema(many=True))
    def get(self):
        """List the bids you may see (a CSP sees its own)."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.visible_bids(session, principal)

    @bids.arguments(BidCreateSchema)
    @bids.response(201, BidSchema)
    def post(self, fields):
        """Start a draft bid for an open round."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            return handlers.create_draft(session, service.outbox, principal, fields)


@bids.route("/<id:bid_id>")
class BidById(MethodView):
    @bids.response(200, BidSchema)
    def get(self, bid_id):
        """Show one bid."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.get_bid(session, principal, bid_id)

    @bids.arguments(BidChangeSchema)
    @bids.response(200, BidSchema)
    def patch(self, fields, bid_id):
        """Save changes to a draft; only the fields sent are changed."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            return handlers.change_draft(session, service.outbox, principal, bid_id, fields)


@bids.route("/<id:bid_id>/submit")
class SubmitBid(MethodView):
    @bids.response(200, BidSchema)
    def post(self, bid_id):
        """Submit a complete draft to its round; grants and notifications hear of it."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            return handlers.submit_bid(session, service.outbox, principal, bid_id)


@bids.route("/<id:bid_id>/evidence")
class BidEvidence(MethodView):
    @bids.response(200, EvidenceSchema(many=True))
    def get(self, bid_id):
        """List a bid's evidence files."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.get_bid(session, principal, bid_id).evidence

    @bids.arguments(UploadSchema, location="files")
    @bids.response(201, EvidenceSchema)
    def post(self, files, bid_id):
        """Upload one evidence file to a draft (streamed to the evidence store)."""
        principal = current_principal()
        upload = files["file"]
        service = _service()
        return handlers.add_evidence(
            service.session_factory,
            service.evidence,
            principal,
            bid_id,
            filename=upload.filename or "evidence",
            content_type=upload.mimetype or "application/octet-stream",
            stream=upload.stream,
        )


@bids.route("/<id:bid_id>/evidence/<id:evidence_id>/download")
class EvidenceDownload(MethodView):
    @bids.response(200, DownloadLinkSchema)
    def get(self, bid_id, evidence_id):
        """A short-lived link to download one evidence file."""
        principal = current_principal()
        service = _service()
        with service.session_factory() as session:
            evidence = handlers.get_evidence(session, principal, bid_id, evidence_id)
        url = service.evidence.download_url(evidence.storage_key, evidence.filename, evidence.content_type)
        return {"url": url, "expires_in_seconds": service.settings.s3.presign_seconds}
