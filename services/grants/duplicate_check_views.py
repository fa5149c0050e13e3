"""HTTP edge of the duplicate-funding check."""

from __future__ import annotations

import re
from datetime import UTC

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


class AlsoRecordedSchema(ma.Schema):
    id = ma.fields.String()
    source = ma.fields.String(metadata={"description": "360giving, local-csv or an import's --source-name"})
    source_id = ma.fields.String()
    title = ma.fields.String()
    confidential = ma.fields.Boolean(metadata={"description": "Only the OPCC is shown a confidential record here"})
    link = ma.fields.String()


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
    also_recorded_as = ma.fields.List(
        ma.fields.Nested(AlsoRecordedSchema),
        metadata={
            "description": "For a register record: the same grant as other sources record it (same funder, amount, "
            "dates and place), shown here once rather than as findings of their own"
        },
    )
    decision = ma.fields.Nested(
        DecisionSchema,
        allow_none=True,
        metadata={"description": "An OPCC reviewer's decision on this finding, once made"},
    )


class DuplicateCheckSchema(ma.Schema):
    bid_id = ma.fields.String()
    status = ma.fields.String()
    saved_at = ma.fields.String(
        metadata={
            "format": "date-time",
            "description": "When the bid was saved as this check read it: its `updated_at` then",
        }
    )
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    findings = ma.fields.List(ma.fields.Nested(FindingSchema))


class CheckQuerySchema(ma.Schema):
    saved_at = ma.fields.AwareDateTime(
        default_timezone=UTC,
        error_messages={"invalid": "Enter the time the bid was saved, as its updated_at gives it"},
        metadata={
            "description": "The draft's `updated_at` from your last save: if the check has not yet caught up "
            "with that save, the answer is 409 (try again in a moment) rather than a check of the save before"
        },
    )

    @ma.pre_load
    def _plus_kept(self, data, **kwargs):
        """An offset's "+" pasted into a URL unencoded arrives as a space ("…16:00:00.5 00:00")."""
        if isinstance(data.get("saved_at"), str):
            data = {**data, "saved_at": re.sub(r" (\d\d:\d\d)$", r"+\1", data["saved_at"])}
        return data


@blueprint.route("/bids/<id:bid_id>")
class BidDuplicateCheck(MethodView):
    @blueprint.arguments(CheckQuerySchema, location="query")
    @blueprint.response(200, DuplicateCheckSchema)
    @blueprint.alt_response(409, response="CONFLICT")  # not yet caught up with the save named by saved_at
    def get(self, query, bid_id):
        """Check a bid (draft or submitted) against the funding register and every other bid."""
        principal = current_principal()
        with current_app.extensions["safergrants"].session_factory() as session:
            service = current_app.extensions["safergrants"]
            thresholds = duplicate_checks.thresholds_from(service.settings)
            saved_at = query.get("saved_at")
            checked = duplicate_checks.check_bid(session, principal, bid_id, thresholds, saved_at)
            return duplicate_checks.present(session, duplicate_checks.viewer_csp(principal), checked)
