"""The funding register's HTTP input and output schemas."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from services.grants.register.importers import FORMATS
from services.grants.register.imports import check_source_name
from shared.http.fields import Text, messages, pounds_of
from shared.reference import CSP_BY_ID

_SHORT = ma.validate.Length(max=200, error="Enter up to 200 characters")


class RecordQuerySchema(ma.Schema):
    q = Text(
        validate=_SHORT,
        metadata={
            "description": "Words in the title, description, funder, recipient, provider, programme or the names "
            "of the CSPs and districts the money is for; each must start a word (punctuation and case ignored)"
        },
    )
    csp = ma.fields.String(
        validate=ma.validate.OneOf(sorted(CSP_BY_ID), error="Choose a CSP by its id, like melton"),
        metadata={"description": "Records in this CSP, and county-wide ones"},
    )
    funder = Text(validate=_SHORT)
    programme = Text(validate=_SHORT)
    page = ma.fields.Integer(
        load_default=1,
        validate=ma.validate.Range(1, 100_000, error="Enter a page number from 1"),
        error_messages=messages("Enter a page number", "Enter the page as a whole number, like 2"),
    )
    page_size = ma.fields.Integer(
        load_default=20,
        validate=ma.validate.Range(1, 100, error="Enter a page size from 1 to 100"),
        error_messages=messages("Enter a page size", "Enter the page size as a whole number, like 20"),
    )


class RecordSchema(ma.Schema):
    id = ma.fields.String()
    source = ma.fields.String()
    source_id = ma.fields.String()
    funder_name = ma.fields.String()
    funder_org_id = ma.fields.String()
    programme = ma.fields.String()
    recipient_name = ma.fields.String()
    recipient_org_id = ma.fields.String()
    provider_name = ma.fields.String()
    provider_org_id = ma.fields.String()
    title = ma.fields.String()
    description = ma.fields.String()
    amount = pounds_of("amount_pence")
    amount_pence = ma.fields.Integer()
    award_date = ma.fields.Date(allow_none=True)
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)
    places = ma.fields.List(ma.fields.String(), metadata={"example": ["CSP:melton", "LAD:E07000133"]})
    status = ma.fields.String()
    confidential = ma.fields.Boolean()
    import_batch_id = ma.fields.String()
    imported_at = ma.fields.AwareDateTime()


class RecordPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(RecordSchema))
    total = ma.fields.Integer(metadata={"description": "Records matching, on every page"})
    total_amount = pounds_of("total_amount_pence")
    total_amount_pence = ma.fields.Integer()
    page = ma.fields.Integer()
    page_size = ma.fields.Integer()


class ConfidentialSchema(ma.Schema):
    confidential = ma.fields.Boolean(
        required=True,
        truthy={True},
        falsy={False},
        error_messages=messages("Choose whether the record is confidential", "Enter true or false"),
    )


class ImportFileSchema(ma.Schema):
    file = Upload(required=True, error_messages=messages("Select a file to import"))


def _valid_source_name(name: str) -> None:
    problem = check_source_name(name)
    if problem:
        raise ma.ValidationError(problem)


class ImportOptionsSchema(ma.Schema):
    format = ma.fields.String(
        validate=ma.validate.OneOf(FORMATS, error=f"Choose the format: one of {', '.join(FORMATS)}"),
        metadata={"description": "Leave out to recognise it from the file"},
    )
    source_name = ma.fields.String(
        validate=_valid_source_name,
        metadata={"description": "Whose ids these are; by default 360giving or local-csv"},
    )


class RejectionSchema(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "The spreadsheet row (the header is 1) or the grant's position"})
    id = ma.fields.String()
    field = ma.fields.String()
    message = ma.fields.String()


class ImportReportSchema(ma.Schema):
    batch_id = ma.fields.String()
    source = ma.fields.String()
    format = ma.fields.String()
    filename = ma.fields.String()
    rows = ma.fields.Integer()
    created = ma.fields.Integer()
    updated = ma.fields.Integer()
    unchanged = ma.fields.Integer()
    rejected = ma.fields.Integer()
    own_awards = ma.fields.Integer(
        metadata={
            "description": "Grants the OPCC itself funded (funder THREESIXTY_FUNDER_ORG_ID), not imported: the "
            "register has each of them already, as SaferGrants made it"
        }
    )
    rejections = ma.fields.List(ma.fields.Nested(RejectionSchema))
    rejections_not_listed = ma.fields.Integer()
    ignored_columns = ma.fields.List(ma.fields.String())
