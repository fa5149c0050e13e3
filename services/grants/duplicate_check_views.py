"""HTTP edge of the duplicate-funding check."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from services.grants import duplicate_checks
from shared.http.api import ServiceBlueprint, current_principal

blueprint = ServiceBlueprint(
    "duplicate_checks",
    __name__,
    url_prefix="/duplicate-checks",
    description="Does a bid pay for something already funded? Run before submitting, and by the OPCC.",
)


class ReasonSchema(ma.Schema):
    signal = ma.fields.String()
    weight = ma.fields.Float()
    text = ma.fields.String()


class DecisionSchema(ma.Schema):
    decision = ma.fields.String()
    label = ma.fields.String()
    reason = ma.fields.String()
    decided_by = ma.fields.String()
    decided_at = ma.fields.String()


class FindingSchema(ma.Schema):
    kind = ma.fields.String(metadata={"description": "register (an award in the funding register) or bid"})
    id = ma.fields.String(allow_none=True)
    score = ma.fields.Float()
    band = ma.fields.String(metadata={"description": "likely duplicate, or check"})
    title = ma.fields.String(allow_none=True)
    funder = ma.fields.String()
    programme = ma.fields.String()
    recipient = ma.fields.String()
    csp = ma.fields.String()
    csp_id = ma.fields.String()
    confidential = ma.fields.Boolean()
    status = ma.fields.String()
    link = ma.fields.String(allow_none=True)
    reasons = ma.fields.List(ma.fields.Nested(ReasonSchema))
    decision = ma.fields.Nested(
        DecisionSchema,
        allow_none=True,
        metadata={"description": "An OPCC reviewer's decision on this finding, once made"},
    )


class DuplicateCheckSchema(ma.Schema):
    bid_id = ma.fields.String()
    status = ma.fields.String()
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    findings = ma.fields.List(ma.fields.Nested(FindingSchema))


@blueprint.route("/bids/<id:bid_id>")
class BidDuplicateCheck(MethodView):
    @blueprint.response(200, DuplicateCheckSchema)
    def get(self, bid_id):
        """Check a bid (draft or submitted) against the funding register and every other bid."""
        principal = current_principal()
        with current_app.extensions["safergrants"].session_factory() as session:
            service = current_app.extensions["safergrants"]
            thresholds = duplicate_checks.thresholds_from(service.settings)
            checked = duplicate_checks.check_bid(session, principal, bid_id, thresholds)
            return duplicate_checks.present(session, duplicate_checks.viewer_csp(principal), checked)
