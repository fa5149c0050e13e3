"""HTTP edge of returning a submitted bid to its CSP for amendment."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from services.grants import finding_decisions, returns
from services.grants.schemas import ReviewItemSchema
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.fields import reason_field

blueprint = ServiceBlueprint(
    "returns", __name__, url_prefix="/reviews", description="Returning a submitted bid to its CSP for amendment"
)

_REASON = "Enter the reason for returning the bid, so the CSP knows what to change"


class ReturnSchema(ma.Schema):
    reason = reason_field(_REASON)


@blueprint.route("/<id:bid_id>/return")
class ReturnBid(MethodView):
    @blueprint.arguments(ReturnSchema)
    @blueprint.response(200, ReviewItemSchema)
    def post(self, fields, bid_id):
        """Return a bid awaiting review to its CSP for amendment (`bid.returned`); the CSP resubmits it."""
        principal = current_principal()
        service = current_app.extensions["safergrants"]
        with unit_of_work(service.session_factory) as session:
            item = returns.return_for_amendment(session, service.outbox, principal, bid_id, fields["reason"])
            return finding_decisions.present_review(session, item)
