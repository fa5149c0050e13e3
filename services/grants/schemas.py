"""grants' HTTP input and output schemas (separate, as flask-smorest's quickstart does)."""

from __future__ import annotations

import marshmallow as ma

from shared.http.fields import Money, Text, messages, pounds_of
from shared.reference import PRIORITIES

_OFF_THE_AGREEMENT = "Choose priorities from the Community Safety Agreement"
_PRIORITY = ma.fields.String(validate=ma.validate.OneOf(sorted(PRIORITIES), error=_OFF_THE_AGREEMENT))


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
    )
    priorities = ma.fields.List(
        _PRIORITY,
        required=True,
        validate=ma.validate.Length(1, len(PRIORITIES), error="Choose at least one priority, each only once"),
        error_messages=messages("Choose at least one priority", _OFF_THE_AGREEMENT),
    )


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
    submitted_at = ma.fields.AwareDateTime()
    submitted_by = ma.fields.Dict()
    evidence = ma.fields.List(ma.fields.Dict())
    status = ma.fields.String()
    received_at = ma.fields.AwareDateTime()
    duplicate_check = ma.fields.Dict(
        allow_none=True,
        metadata={
            "description": "The automatic duplicate-funding "
            "check on submission: counts by band and the findings with their reasons"
        },
    )


class FindingDecisionSchema(ma.Schema):
    decision = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["duplicate", "not_duplicate"], error="Choose duplicate or not_duplicate"),
        error_messages=messages("Choose whether this is the same activity (duplicate) or not (not_duplicate)"),
    )
    reason = Text(
        required=True,
        single_line=False,
        validate=ma.validate.Length(min=1, max=2000, error="Enter a reason of 2,000 characters or fewer"),
        error_messages=messages("Enter the reason for your decision, so the CSP and auditors can see why"),
    )
