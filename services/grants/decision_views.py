"""HTTP edge of the OPCC's decision on a submitted bid: awarded or declined, with the reason."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView

from services.grants import decisions, duplicate_checks, finding_decisions
from services.grants.schemas import ReviewItemSchema
from shared.db import unit_of_work
from shared.http.api import ServiceBlueprint, current_principal
from shared.http.fields import MORE_THAN_NOTHING, Money, Text, messages, reason_field

blueprint = ServiceBlueprint(
    "decisions", __name__, url_prefix="/reviews", description="Deciding a submitted bid: awarded or declined"
)

_REASON = "Enter the reason for the decision, so the CSP and anyone checking later know why"
_CONDITION = "Enter each condition of the award in 500 characters or fewer"


class BidDecisionSchema(ma.Schema):
    outcome = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(decisions.OUTCOMES, error="Select whether to award or decline the bid"),
        error_messages=messages("Select whether to award or decline the bid"),
    )
    amount_awarded = Money(
        required_message="Enter the amount awarded in pounds and pence",
        invalid_message="Enter the amount awarded in pounds and pence, like 12500.00",
        negative_message=MORE_THAN_NOTHING,
        attribute="amount_awarded_pence",
        allow_none=True,
        load_default=None,
        metadata={"description": "Up to the amount requested; leave it out when the bid is declined"},
    )
    conditions = ma.fields.List(
        Text(single_line=False, validate=ma.validate.Length(min=1, max=500, error=_CONDITION)),
        load_default=list,
        validate=ma.validate.Length(max=20, error="Enter 20 conditions or fewer"),
        error_messages=messages("Enter a list of conditions, or an empty list"),
        metadata={"description": "Conditions the CSP must meet, such as quarterly spend returns"},
    )
    reason = reason_field(_REASON, limit=4000)


@blueprint.route("/<id:bid_id>/decision")
class DecideBid(MethodView):
    @blueprint.arguments(BidDecisionSchema)
    @blueprint.response(200, ReviewItemSchema)
    def post(self, fields, bid_id):
        """Award (an amount up to the request, with conditions) or decline a bid awaiting review (`bid.decided`).

        A decision is final. An award is refused while a likely duplicate finding on the bid is undecided, unless
        the finding is another bid in draft that its round (closed or decided) will never take.
        """
        principal = current_principal()
        service = current_app.extensions["safergrants"]
        with unit_of_work(service.session_factory) as session:
            thresholds = duplicate_checks.thresholds_from(service.settings)
            item = decisions.decide_bid(session, service.outbox, principal, bid_id, fields, thresholds)
            return finding_decisions.present_review(session, item)


@blueprint.route("/<id:bid_id>/duplicate-check")
class CheckAgain(MethodView):
    @blueprint.response(200, ReviewItemSchema)
    def post(self, bid_id):
        """Check a bid still to decide for duplicate funding again, against the register and bids as they are now.

        The new findings replace the stored ones (decisions already made on findings are kept), and
        `duplicate_check.completed` is sent again. An award needs a check that still finds every likely duplicate.
        """
        current_principal()
        service = current_app.extensions["safergrants"]
        with unit_of_work(service.session_factory) as session:
            thresholds = duplicate_checks.thresholds_from(service.settings)
            item = decisions.recheck(session, service.outbox, bid_id, thresholds)
            return finding_decisions.present_review(session, item)
