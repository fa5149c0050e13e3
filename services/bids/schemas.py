"""bids' HTTP input and output schemas."""

from __future__ import annotations

import marshmallow as ma

from services.bids.content_schemas import ContentInput
from services.bids.evidence_schemas import EvidenceSchema
from services.bids.page_schemas import (
    AllocationSchema,
    ChecklistSchema,
    ContentOutput,
    DecisionSchema,
    StatusChangeSchema,
)
from shared.http.fields import Money, Text, messages, pounds_of
from shared.reference import PRIORITIES

_MORE_THAN_NOTHING = "Enter an amount requested of more than £0"
_AMOUNT = dict(
    data_key="amount_requested",
    attribute="amount_requested_pence",
    required_message="Enter the amount requested in pounds and pence",
    invalid_message="Enter the amount requested in pounds and pence, like 12500.00",
    negative_message=_MORE_THAN_NOTHING,
    validate=ma.validate.Range(min=1, error=_MORE_THAN_NOTHING),
)
_PRIORITIES = dict(
    validate=ma.validate.Length(max=len(PRIORITIES), error="Choose each priority only once"),
    error_messages=messages(
        "Choose at least one priority the project serves", "Choose priorities from the Community Safety Agreement"
    ),
)
_PRIORITY = ma.fields.String(
    validate=ma.validate.OneOf(sorted(PRIORITIES), error="Choose priorities from the Community Safety Agreement")
)


class BidChangeSchema(ContentInput):
    """What a POST or PATCH may send. `amount_requested` is kept from the first API for a draft with no budget
    lines yet; once there are lines, the amount is their total. `delivery_provider_name` is kept likewise:
    `delivery_provider.name` is the same field."""

    title = Text(
        validate=ma.validate.Length(max=300, error="Enter a title of 300 characters or fewer"),
        error_messages=messages("Enter a title for the project"),
    )
    summary = Text(
        single_line=False,
        validate=ma.validate.Length(max=5000, error="Enter a summary of 5,000 characters or fewer"),
        error_messages=messages("Enter a summary of what the project will do"),
    )
    amount_requested = Money(**_AMOUNT)
    priorities = ma.fields.List(_PRIORITY, **_PRIORITIES)
    delivery_provider_name = Text(
        validate=ma.validate.Length(max=300, error="Enter a name of 300 characters or fewer"),
        error_messages=messages("Enter the name of the organisation delivering the project"),
    )

    @ma.validates_schema
    def _one_provider_name(self, data: dict, **kwargs) -> None:
        if "delivery_provider_name" in data and "delivery_provider_name" in (data.get("delivery_provider") or {}):
            message = "Leave out delivery_provider_name: send the name in delivery_provider"
            raise ma.ValidationError(message, field_name="delivery_provider_name")


class BidCreateSchema(BidChangeSchema):
    round_id = Text(
        required=True,
        validate=ma.validate.Length(1, 64, error="Choose the funding round this bid is for"),
        error_messages=messages("Choose the funding round this bid is for"),
    )


class BidSchema(ContentOutput):
    """Every bid response; its ETag header names the revision a PATCH must send back in If-Match."""

    id = ma.fields.String()
    round_id = ma.fields.String()
    csp_id = ma.fields.String()
    title = ma.fields.String()
    summary = ma.fields.String()
    amount_requested = pounds_of("amount_requested_pence", nullable=True)
    amount_requested_pence = ma.fields.Integer(allow_none=True)
    priorities = ma.fields.List(ma.fields.String())
    delivery_provider_name = ma.fields.String()
    status = ma.fields.String()
    status_history = ma.fields.List(ma.fields.Nested(StatusChangeSchema))
    decision = ma.fields.Nested(
        DecisionSchema, allow_none=True, metadata={"description": "Null until the OPCC awards or declines the bid"}
    )
    checklist = ma.fields.Nested(
        ChecklistSchema, allow_none=True, metadata={"description": "What is still missing before submission"}
    )
    allocation = ma.fields.Nested(AllocationSchema, allow_none=True)
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()
    submitted_at = ma.fields.AwareDateTime(allow_none=True)
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema))
    prefilled_from = ma.fields.Dict(
        metadata={
            "description": "Only when a new draft was filled in from an earlier bid (a clone, or the provider named "
            "last time): that bid's id and the fields taken from it"
        }
    )


class RoundCopySchema(ma.Schema):
    round_id = ma.fields.String()
    name = ma.fields.String()
    financial_year = ma.fields.String()
    opens_on = ma.fields.Date()
    closes_on = ma.fields.Date()
    pot = pounds_of("pot_pence")
    priorities = ma.fields.List(ma.fields.String())
    status = ma.fields.String()
    rules = ma.fields.Dict(allow_none=True, metadata={"description": "The round's rules; money in pence"})
    allocations = ma.fields.Dict(
        allow_none=True, metadata={"description": "Each CSP's indicative allocation in pence, by CSP id"}
    )


class BidSummarySchema(BidSchema):
    """A bid in a list: without its checklist and allocation, which are worked out one bid at a time."""

    class Meta:
        exclude = ("checklist", "allocation")


class VersionSummarySchema(ma.Schema):
    version = ma.fields.Integer()
    submitted_at = ma.fields.AwareDateTime()
    submitted_by = ma.fields.Dict()


class VersionSchema(VersionSummarySchema):
    bid_id = ma.fields.String()
    content = ma.fields.Dict(
        metadata={"description": "What was submitted, exactly as kept: money in integer pence, dates ISO 8601"}
    )
