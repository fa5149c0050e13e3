"""grants' HTTP input and output schemas (separate, as flask-smorest's quickstart does)."""

from __future__ import annotations

import marshmallow as ma

from services.grants.models import REVIEW_STATUSES
from shared.http.fields import MORE_THAN_NOTHING, Money, Text, messages, pounds_of, reason_field
from shared.reference import COST_CATEGORIES, EVIDENCE_TYPES, PRIORITIES

_OFF_THE_AGREEMENT = "Choose priorities from the Community Safety Agreement"
_PRIORITY = ma.fields.String(validate=ma.validate.OneOf(sorted(PRIORITIES), error=_OFF_THE_AGREEMENT))


def _rule_amount(name: str) -> Money:
    return Money(
        allow_none=True,
        attribute=f"{name[:3]}_amount_pence",
        required_message=f"Enter the {name} amount per bid in pounds and pence",
        invalid_message=f"Enter the {name} amount per bid in pounds and pence, like 5000.00",
        negative_message=MORE_THAN_NOTHING,
    )


def _choices(vocabulary: dict[str, str], message: str) -> ma.fields.List:
    item = ma.fields.String(validate=ma.validate.OneOf(sorted(vocabulary), error=message))
    return ma.fields.List(item, error_messages=messages(message, message))


class RulesSchema(ma.Schema):
    """A round's rules. Leave one out, or send null or [], for no limit."""

    minimum_amount = _rule_amount("minimum")
    maximum_amount = _rule_amount("maximum")
    eligible_cost_categories = _choices(COST_CATEGORIES, f"Choose cost categories from {', '.join(COST_CATEGORIES)}")
    required_evidence_types = _choices(EVIDENCE_TYPES, f"Choose evidence types from {', '.join(EVIDENCE_TYPES)}")
    maximum_duration_months = ma.fields.Integer(
        allow_none=True,
        attribute="max_duration_months",
        validate=ma.validate.Range(1, 120, error="Enter a maximum duration of 1 to 120 months"),
        error_messages=messages("Enter the maximum duration in whole months", "Enter a whole number of months"),
    )
    multi_year_allowed = ma.fields.Boolean(error_messages=messages("Say whether multi-year bids are allowed"))


class RoundCreateSchema(ma.Schema):
    name = Text(
        required=True,
        validate=ma.validate.Length(1, 200, error="Enter a name of up to 200 characters"),
        error_messages=messages("Enter the round's name"),
    )
    financial_year = Text(
        required=True,
        validate=ma.validate.Length(7, 7, error="Enter the financial year like 2026/27"),
        error_messages=messages("Enter the financial year, like 2026/27"),
    )
    opens_on = ma.fields.Date(
        required=True, error_messages=messages("Enter the date the round opens", "Enter a real date, like 2026-04-01")
    )
    closes_on = ma.fields.Date(
        required=True, error_messages=messages("Enter the date the round closes", "Enter a real date, like 2026-06-30")
    )
    pot = Money(
        required=True,
        data_key="pot",
        attribute="pot_pence",
        required_message="Enter the pot in pounds and pence",
        invalid_message="Enter the pot in pounds and pence, like 250000.00",
        negative_message=MORE_THAN_NOTHING,
    )
    priorities = ma.fields.List(
        _PRIORITY,
        required=True,
        validate=ma.validate.Length(1, len(PRIORITIES), error="Choose at least one priority, each only once"),
        error_messages=messages("Choose at least one priority", _OFF_THE_AGREEMENT),
    )
    rules = ma.fields.Nested(RulesSchema)


class RoundChangeSchema(RoundCreateSchema):
    """Use with partial=True: only the fields sent change, inside rules too."""

    reason = Text(
        single_line=False,
        validate=ma.validate.Length(max=2000, error="Enter a reason of 2,000 characters or fewer"),
        error_messages=messages("Give a reason for changing the rules after bids have arrived"),
    )


class RulesOutSchema(ma.Schema):
    minimum_amount = pounds_of("min_amount_pence", nullable=True)
    minimum_amount_pence = ma.fields.Integer(attribute="min_amount_pence", allow_none=True)
    maximum_amount = pounds_of("max_amount_pence", nullable=True)
    maximum_amount_pence = ma.fields.Integer(attribute="max_amount_pence", allow_none=True)
    eligible_cost_categories = ma.fields.List(ma.fields.String(), metadata={"description": "Empty: any category"})
    required_evidence_types = ma.fields.List(ma.fields.String())
    maximum_duration_months = ma.fields.Integer(attribute="max_duration_months", allow_none=True)
    multi_year_allowed = ma.fields.Boolean()


class RoundChangeRecordSchema(ma.Schema):
    changed_at = ma.fields.AwareDateTime()
    changed_by = ma.fields.Dict()
    reason = ma.fields.String(allow_none=True)
    changes = ma.fields.Dict(metadata={"description": "{field: {from, to}}; money in pence, dates as ISO text"})


class RoundSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    financial_year = ma.fields.String()
    opens_on = ma.fields.Date()
    closes_on = ma.fields.Date()
    pot = pounds_of("pot_pence")
    pot_pence = ma.fields.Integer()
    priorities = ma.fields.List(ma.fields.String())
    status = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    opened_at = ma.fields.AwareDateTime(allow_none=True)
    closed_at = ma.fields.AwareDateTime(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    rules = ma.fields.Nested(RulesOutSchema)
    changes = ma.fields.List(ma.fields.Nested(RoundChangeRecordSchema))


class ReviewQuerySchema(ma.Schema):
    status = ma.fields.String(
        validate=ma.validate.OneOf(
            REVIEW_STATUSES, error="Choose a status: awaiting_review, returned, awarded, declined or withdrawn"
        ),
        metadata={"description": "Only bids in this status, such as awaiting_review for those still to decide"},
    )
    round_id = Text(validate=ma.validate.Length(max=64, error="Enter a round id of 64 characters or fewer"))


class ReviewItemSchema(ma.Schema):
    bid_id = ma.fields.String()
    round_id = ma.fields.String()
    round_name = ma.fields.String()
    csp_id = ma.fields.String()
    csp_name = ma.fields.String()
    title = ma.fields.String()
    summary = ma.fields.String()
    amount_requested = pounds_of("amount_requested_pence")
    amount_requested_pence = ma.fields.Integer()
    priorities = ma.fields.List(ma.fields.String())
    delivery_provider_name = ma.fields.String()
    provider = ma.fields.Dict(metadata={"description": "The delivery provider's type and register numbers"})
    version = ma.fields.Integer(allow_none=True, metadata={"description": "Which submitted version this is"})
    need = ma.fields.String()
    outcomes = ma.fields.List(ma.fields.Dict())
    wards = ma.fields.List(ma.fields.String())
    postcodes = ma.fields.List(ma.fields.String())
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)
    budget_lines = ma.fields.List(
        ma.fields.Dict(), metadata={"description": "As bid.submitted v2 carries them: amounts in integer pence"}
    )
    other_funding = ma.fields.List(ma.fields.Dict(), metadata={"description": "Declared by the CSP; pence"})
    match_funding = ma.fields.List(ma.fields.Dict())
    risks = ma.fields.List(ma.fields.Dict())
    submitted_at = ma.fields.AwareDateTime()
    submitted_by = ma.fields.Dict()
    evidence = ma.fields.List(ma.fields.Dict())
    status = ma.fields.String()
    received_at = ma.fields.AwareDateTime()
    status_reason = ma.fields.String(
        allow_none=True,
        metadata={"description": "Why the bid was returned for amendment, withdrawn, awarded or declined"},
    )
    status_changed_at = ma.fields.AwareDateTime(allow_none=True)
    amount_awarded = pounds_of("amount_awarded_pence", nullable=True)
    amount_awarded_pence = ma.fields.Integer(allow_none=True, metadata={"description": "Set once the bid is decided"})
    award_conditions = ma.fields.List(ma.fields.String(), allow_none=True)
    decided_by = ma.fields.Dict(allow_none=True, metadata={"description": "Who decided the bid"})
    duplicate_check = ma.fields.Dict(
        attribute="presented_check",
        allow_none=True,
        metadata={
            "description": "The automatic duplicate-funding check on submission (or the latest check again): "
            "counts by band and the findings with their reasons, each with a reviewer's decision as it is now"
        },
    )


class FindingDecisionSchema(ma.Schema):
    decision = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["duplicate", "not_duplicate"], error="Choose duplicate or not_duplicate"),
        error_messages=messages("Choose whether this is the same activity (duplicate) or not (not_duplicate)"),
    )
    reason = reason_field("Enter the reason for your decision, so the CSP and auditors can see why")
