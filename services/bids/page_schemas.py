"""A bid's content as every bid response shows it: each amount as pounds and pence text beside its pence,
later budget years marked indicative, and the checklist, allocation and status history."""

from __future__ import annotations

import marshmallow as ma

from shared.http.fields import pence_to_pounds


class YearAmountSchema(ma.Schema):
    year = ma.fields.String(metadata={"example": "2026-27"})
    amount = ma.fields.String(metadata={"example": "12500.00"})
    amount_pence = ma.fields.Integer()
    indicative = ma.fields.Boolean(metadata={"description": "Later years are indicative until the OPCC confirms"})


class BudgetLineOutSchema(ma.Schema):
    category = ma.fields.String(allow_none=True)
    description = ma.fields.String()
    amounts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())
    years = ma.fields.List(ma.fields.Nested(YearAmountSchema))
    total = ma.fields.String()
    total_pence = ma.fields.Integer()


class OtherFundingOutSchema(ma.Schema):
    funder = ma.fields.String()
    programme = ma.fields.String()
    amount = ma.fields.String(allow_none=True)
    amount_pence = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(allow_none=True)


class MatchFundingOutSchema(ma.Schema):
    source = ma.fields.String()
    amount = ma.fields.String(allow_none=True)
    amount_pence = ma.fields.Integer(allow_none=True)


class ProviderOutSchema(ma.Schema):
    name = ma.fields.String()
    type = ma.fields.String(allow_none=True)
    charity_number = ma.fields.String(allow_none=True)
    company_number = ma.fields.String(allow_none=True)
    local_authority_code = ma.fields.String(allow_none=True)


class PlacesOutSchema(ma.Schema):
    wards = ma.fields.List(ma.fields.String())
    postcodes = ma.fields.List(ma.fields.String())


class MissingSchema(ma.Schema):
    field = ma.fields.String()
    detail = ma.fields.String()


class ChecklistSectionSchema(ma.Schema):
    id = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.String(metadata={"enum": ["complete", "incomplete"]})
    missing = ma.fields.List(ma.fields.Nested(MissingSchema))


class ChecklistSchema(ma.Schema):
    ready_to_submit = ma.fields.Boolean()
    sections = ma.fields.List(ma.fields.Nested(ChecklistSectionSchema))


class AllocationSchema(ma.Schema):
    round_id = ma.fields.String()
    allocation = ma.fields.String(allow_none=True, metadata={"description": "Null: no allocation for this CSP"})
    allocation_pence = ma.fields.Integer(allow_none=True)
    requested = ma.fields.String(metadata={"description": "Across the CSP's submitted bids to the round"})
    requested_pence = ma.fields.Integer()
    awarded = ma.fields.String()
    awarded_pence = ma.fields.Integer()
    remaining = ma.fields.String(allow_none=True)
    remaining_pence = ma.fields.Integer(allow_none=True)
    note = ma.fields.String()


class DecisionSchema(ma.Schema):
    """The OPCC's decision on the bid, as `bid.decided` brought it."""

    outcome = ma.fields.String(metadata={"enum": ["awarded", "declined"]})
    amount_awarded = ma.fields.Function(
        lambda d: pence_to_pounds(d.get("amount_awarded_pence", 0)), metadata={"type": "string", "example": "12500.00"}
    )
    amount_awarded_pence = ma.fields.Integer()
    conditions = ma.fields.List(ma.fields.String())
    reason = ma.fields.String()
    decided_at = ma.fields.String(metadata={"format": "date-time"})
    decided_by = ma.fields.Dict()


class StatusChangeSchema(ma.Schema):
    status = ma.fields.String()
    at = ma.fields.AwareDateTime()
    by = ma.fields.Dict()
    reason = ma.fields.String(allow_none=True)


class ContentOutput(ma.Schema):
    """The content fields of a bid as every bid response shows them."""

    need = ma.fields.String()
    outcomes = ma.fields.List(ma.fields.Dict())
    delivery_provider = ma.fields.Nested(ProviderOutSchema)
    places = ma.fields.Nested(PlacesOutSchema)
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)
    budget_lines = ma.fields.List(ma.fields.Nested(BudgetLineOutSchema))
    other_funding = ma.fields.List(ma.fields.Nested(OtherFundingOutSchema))
    match_funding = ma.fields.List(ma.fields.Nested(MatchFundingOutSchema))
    risks = ma.fields.List(ma.fields.Dict())
    version = ma.fields.Integer(metadata={"description": "The version being drafted, or the last submitted"})
