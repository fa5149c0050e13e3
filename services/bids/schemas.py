"""bids' HTTP input and output schemas."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from shared.http.fields import Money, Text, messages, pounds_of
from shared.reference import PRIORITIES

_AMOUNT = dict(
    data_key="amount_requested",
    attribute="amount_requested_pence",
    required_message="Enter the amount requested in pounds and pence",
    invalid_message="Enter the amount requested in pounds and pence, like 12500.00",
    validate=ma.validate.Range(min=1, error="Enter an amount requested of more than £0"),
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


class BidChangeSchema(ma.Schema):
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


class BidCreateSchema(BidChangeSchema):
    round_id = Text(
        required=True,
        validate=ma.validate.Length(1, 64, error="Choose the funding round this bid is for"),
        error_messages=messages("Choose the funding round this bid is for"),
    )


class EvidenceSchema(ma.Schema):
    id = ma.fields.String()
    filename = ma.fields.String()
    content_type = ma.fields.String()
    size_bytes = ma.fields.Integer()
    sha256 = ma.fields.String()
    uploaded_at = ma.fields.AwareDateTime()


class BidSchema(ma.Schema):
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
    created_at = ma.fields.AwareDateTime()
    updated_at = ma.fields.AwareDateTime()
    submitted_at = ma.fields.AwareDateTime(allow_none=True)
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema))


class UploadSchema(ma.Schema):
    file = Upload(required=True, error_messages=messages("Select a file to upload"))


class DownloadLinkSchema(ma.Schema):
    url = ma.fields.String()
    expires_in_seconds = ma.fields.Integer()


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
