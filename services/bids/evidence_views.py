"""Evidence's HTTP edge: upload, list, show, download and remove a bid's files."""

from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView

from services.bids import evidence as handlers
from services.bids.evidence_schemas import DownloadLinkSchema, EvidenceSchema, UploadSchema
from shared.http.api import ServiceBlueprint, current_principal

blueprint = ServiceBlueprint(
    "evidence",
    __name__,
    url_prefix="/bids",
    description="A bid's evidence files: each is checked for viruses before anyone can download it",
)


def _service():
    return current_app.extensions["safergrants"]


@blueprint.route("/<id:bid_id>/evidence")
class BidEvidence(MethodView):
    @blueprint.response(200, EvidenceSchema(many=True))
    def get(self, bid_id):
        """List a bid's evidence files, each with its status: scanning, clean or rejected (and why)."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.list_evidence(session, principal, bid_id)

    @blueprint.arguments(UploadSchema, location="multipart")
    @blueprint.response(201, EvidenceSchema)
    def post(self, form, bid_id):
        """Upload one evidence file to an editable bid.

        PDF, DOCX, XLSX, PNG or JPEG, judged by the file's bytes, up to the per-file and per-bid limits.
        The file is created with status "scanning": it can be downloaded, and counts towards submission,
        only once the virus check has passed it ("clean"). Poll the file to see its status change.
        """
        principal = current_principal()
        service = _service()
        upload = form["file"]
        return handlers.add_evidence(
            service.session_factory,
            service.evidence,
            service.settings.evidence,
            principal,
            bid_id,
            filename=upload.filename or "evidence",
            stream=upload.stream,
            evidence_type=form.get("evidence_type"),
        )


@blueprint.route("/<id:bid_id>/evidence/<id:evidence_id>")
class EvidenceById(MethodView):
    @blueprint.response(200, EvidenceSchema)
    def get(self, bid_id, evidence_id):
        """Show one evidence file and its status."""
        principal = current_principal()
        with _service().session_factory() as session:
            return handlers.get_evidence(session, principal, bid_id, evidence_id)

    @blueprint.response(204)
    def delete(self, bid_id, evidence_id):
        """Remove an evidence file while the bid can still be changed (a provider: only their own uploads)."""
        principal = current_principal()
        service = _service()
        handlers.remove_evidence(service.session_factory, service.evidence, principal, bid_id, evidence_id)
        return Response(status=204)  # no body, and so no JSON media type claiming one


@blueprint.route("/<id:bid_id>/evidence/<id:evidence_id>/download")
class EvidenceDownload(MethodView):
    @blueprint.response(200, DownloadLinkSchema)
    def get(self, bid_id, evidence_id):
        """A short-lived link that downloads a clean file as an attachment (409 while it is being checked)."""
        principal = current_principal()
        service = _service()
        with service.session_factory() as session:
            evidence = handlers.downloadable(session, principal, bid_id, evidence_id)
        url = service.evidence.download_url(evidence.storage_key, evidence.filename, evidence.content_type)
        return {"url": url, "expires_in_seconds": service.settings.s3.presign_seconds}
