"""bids' HTTP edge: validate, call one handler, answer."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, current_app, jsonify
from flask.views import MethodView
from sqlalchemy.exc import IntegrityError

from services.bids import deletion, drafts, handlers, idempotency, submission, versions
from services.bids.models import RoundCopy
from services.bids.pages import BidPage
from services.bids.schemas import (
    BidChangeSchema,
    BidCreateSchema,
    BidSchema,
    BidSummarySchema,
    RoundCopySchema,
    VersionSchema,
    VersionSummarySchema,
)
from shared.db import unit_of_work
from shared.http import preconditions
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.problems import DomainProblem

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


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The ETag of the bid as you last loaded it. A stale one is refused (412) and nothing is saved.",
    "schema": {"type": "string"},
}
IDEMPOTENCY_KEY = {
    "in": "header",
    "name": idempotency.HEADER,
    "required": False,
    "description": "Any unique text, such as a UUID: sent again with the same request, the first answer is "
    "replayed and the bid is submitted once; with a different request, it is refused (422).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
ETAG = {
    "ETag": {
        "description": "The bid's revision: send it back in If-Match to change the bid",
        "schema": {"type": "string"},
    }
}


def _answer(page, status: int = 200) -> Response:
    """A bid's page with its ETag, made inside the transaction so the two always agree."""
    response = jsonify(BidSchema().dump(page))
    response.status_code = status
    response.headers["ETag"] = drafts.etag(page.bid)
    return response


@bids.route("")
class Bids(MethodView):
    @bids.response(200, BidSummarySchema(many=True))
    def get(self):
        """List the bids you may see (a CSP sees its own)."""
        principal = current_principal()
        with _service().session_factory() as session:
            return [BidPage(bid) for bid in handlers.visible_bids(session, principal)]

    @bids.arguments(BidCreateSchema)
    @bids.response(201, BidSchema, headers=ETAG)
    def post(self, fields):
        """Start a draft bid for an open round."""
        principal = current_principal()
        service = _service()
        with unit_of_work(service.session_factory) as session:
            bid = drafts.create_draft(session, service.outbox, principal, fields)
            return _answer(submission.page_of(session, bid), 201)


@bids.route("/<id:bid_id>")
class BidById(MethodView):
    @bids.response(200, BidSchema, headers=ETAG)
    def get(self, bid_id):
        """Show one bid, with what is still missing before it can be submitted and its CSP's allocation."""
        principal = current_principal()
        with _service().session_factory() as session:
            return _answer(submission.page_of(session, handlers.get_bid(session, principal, bid_id)))

    @bids.arguments(BidChangeSchema)
    @bids.doc(parameters=[IF_MATCH])
    @bids.response(200, BidSchema, headers=ETAG)
    @bids.alt_response(412, response="PRECONDITION_FAILED")
    @bids.alt_response(428, response="PRECONDITION_REQUIRED")
    def patch(self, fields, bid_id):
        """Save changes to a draft; only the fields sent are changed, and only if nobody saved since you loaded it."""
        principal = current_principal()
        service = _service()
        based_on = preconditions.offered_etags()
        with unit_of_work(service.session_factory) as session:
            bid = drafts.change_draft(session, service.outbox, principal, bid_id, fields, based_on)
            return _answer(submission.page_of(session, bid))

    @bids.doc(parameters=[IF_MATCH])
    @bids.response(204)
    @bids.alt_response(409, response="CONFLICT")
    @bids.alt_response(412, response="PRECONDITION_FAILED")
    @bids.alt_response(428, response="PRECONDITION_REQUIRED")
    def delete(self, bid_id):
        """Delete a draft that was never submitted, as loaded: it is no longer listed or found (its audit trail
        still reads). A submitted or returned bid is withdrawn instead (409)."""
        principal = current_principal()
        service = _service()
        based_on = preconditions.offered_etags()
        with unit_of_work(service.session_factory) as session:
            deletion.delete_draft(session, service.outbox, principal, bid_id, based_on)
        return Response(status=204)  # no body, and so no JSON media type claiming one


@bids.route("/<id:bid_id>/submit")
class SubmitBid(MethodView):
    @bids.doc(parameters=[IDEMPOTENCY_KEY])
    @bids.response(200, BidSchema, headers=ETAG)
    def post(self, bid_id):
        """Submit a complete draft (or an amended returned bid) to its round as its next version."""
        principal = current_principal()
        key = idempotency.offered_key()
        fingerprint = idempotency.fingerprint()
        service = _service()
        for last_try in (False, True):
            try:
                with unit_of_work(service.session_factory) as session:
                    stored = key and idempotency.stored_response(session, principal, key, fingerprint)
                    if stored:
                        return stored
                    bid = submission.submit_bid(session, service.outbox, principal, bid_id)
                    response = _answer(submission.page_of(session, bid))
                    if key:
                        idempotency.remember(session, principal, key, fingerprint, bid, response)
                return response
            except (IntegrityError, DomainProblem) as error:
                # A double click that raced the first submission: once that one has committed, its answer
                # (stored under the same key) is the answer. Anything else is refused as it stands.
                raced = isinstance(error, IntegrityError) or error.status in (409, 412)
                if key is None or last_try or not raced:
                    raise
        raise AssertionError("unreachable")


@bids.route("/<id:bid_id>/versions")
class BidVersions(MethodView):
    @bids.response(200, VersionSummarySchema(many=True))
    def get(self, bid_id):
        """List the versions of a bid submitted so far, first first."""
        principal = current_principal()
        with _service().session_factory() as session:
            return versions.versions_of(session, handlers.get_bid(session, principal, bid_id).id)


@bids.route("/<id:bid_id>/versions/<int(min=1, max=100000):version>")
class BidVersionByNumber(MethodView):
    @bids.response(200, VersionSchema)
    def get(self, bid_id, version):
        """Show one submitted version of a bid, exactly as it was sent."""
        principal = current_principal()
        with _service().session_factory() as session:
            return versions.version_of(session, handlers.get_bid(session, principal, bid_id).id, version)
