"""The parts of a bid a CSP writes, as HTTP input (checked for format) and output (money as pounds and pence).

Input rows may be half written: a draft saves whatever is typed, and the checklist says what is missing.
"""

from __future__ import annotations

import re

import marshmallow as ma

from services.bids.content import (
    CHARITY_NUMBER,
    COMPANY_NUMBER,
    FUNDING_STATUSES,
    LOCAL_AUTHORITY_CODE,
    MESSAGES,
    PROVIDER_TYPES,
    compact,
    is_financial_year,
    normal_postcode,
    normal_ward,
)
from shared.http.fields import Money, Text, messages
from shared.reference import COST_CATEGORIES


def _text(limit: int, required: str, single_line: bool = True, **kwargs) -> Text:
    """Text in a row: a row's missing text is empty, so every row has every key."""
    return Text(
        single_line=single_line,
        load_default="",
        validate=ma.validate.Length(max=limit, error=f"Enter {limit:,} characters or fewer"),
        error_messages=messages(required),
        **kwargs,
    )


def _money(what: str, **kwargs) -> Money:
    return Money(
        required_message=f"Enter {what} in pounds and pence",
        invalid_message=f"Enter {what} in pounds and pence, like 12500.00",
        **kwargs,
    )


def _rows(schema: type[ma.Schema], limit: int, what: str) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.Nested(schema),
        validate=ma.validate.Length(max=limit, error=f"Enter {limit} {what} or fewer"),
        error_messages=messages(f"Enter a list of {what}, or an empty list"),
    )


class Identifier(Text):
    """A registration number: spaces dropped, capitals, and checked against its register's format."""

    def __init__(self, pattern: re.Pattern, message: str, **kwargs):
        super().__init__(allow_none=True, error_messages={"invalid": message, "format": message}, **kwargs)
        self.pattern = pattern

    def _deserialize(self, value, attr, data, **kwargs) -> str | None:
        found = compact(super()._deserialize(value, attr, data, **kwargs))
        if not found:
            return None
        if not self.pattern.fullmatch(found):
            raise self.make_error("format")
        return found


class Postcode(Text):
    default_error_messages = {"format": MESSAGES["postcode"]}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        found = normal_postcode(super()._deserialize(value, attr, data, **kwargs))
        if found is None:
            raise self.make_error("format")
        return found


class Ward(Text):
    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return normal_ward(super()._deserialize(value, attr, data, **kwargs))


class OutcomeSchema(ma.Schema):
    outcome = _text(500, "Enter what the outcome is", single_line=False)
    measure = _text(500, "Enter how the outcome will be measured", single_line=False)
    target = _text(200, "Enter a target for the outcome")


class ProviderSchema(ma.Schema):
    name = _text(300, "Enter the name of the organisation delivering the project", attribute="delivery_provider_name")
    type = ma.fields.String(
        attribute="provider_type",
        allow_none=True,
        validate=ma.validate.OneOf(sorted(PROVIDER_TYPES), error="Choose charity, company, local_authority or other"),
    )
    charity_number = Identifier(CHARITY_NUMBER, MESSAGES["charity_number"])
    company_number = Identifier(COMPANY_NUMBER, MESSAGES["company_number"])
    local_authority_code = Identifier(LOCAL_AUTHORITY_CODE, MESSAGES["local_authority_code"])


class PlacesSchema(ma.Schema):
    wards = ma.fields.List(
        Ward(validate=ma.validate.Length(1, 100, error="Enter a ward name or code of 100 characters or fewer")),
        validate=ma.validate.Length(max=50, error="Enter 50 wards or fewer"),
    )
    postcodes = ma.fields.List(Postcode(), validate=ma.validate.Length(max=200, error="Enter 200 postcodes or fewer"))


def _financial_year(year: str) -> None:
    if not is_financial_year(year):
        raise ma.ValidationError(MESSAGES["financial_year"])


class BudgetLineSchema(ma.Schema):
    category = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=ma.validate.OneOf(
            sorted(COST_CATEGORIES), error="Choose staff, equipment, capital, services or other"
        ),
    )
    description = _text(300, "Enter what the budget line pays for")
    amounts = ma.fields.Dict(
        keys=ma.fields.String(validate=_financial_year),
        values=_money("the amount for the year"),
        load_default=dict,
        validate=ma.validate.Length(max=10, error="Enter amounts for 10 financial years or fewer"),
        metadata={"description": 'Pounds and pence by financial year, like {"2026-27": "12500.00"}'},
    )


class OtherFundingSchema(ma.Schema):
    funder = _text(300, "Enter who gives the other funding")
    programme = _text(300, "Enter the programme the other funding comes from")
    amount = _money("the amount of other funding", attribute="amount_pence", allow_none=True, load_default=None)
    status = ma.fields.String(
        allow_none=True,
        load_default=None,
        validate=ma.validate.OneOf(FUNDING_STATUSES, error="Choose applied or awarded"),
    )


class MatchFundingSchema(ma.Schema):
    source = _text(300, "Enter where the match funding comes from")
    amount = _money("the amount of match funding", attribute="amount_pence", allow_none=True, load_default=None)


class RiskSchema(ma.Schema):
    risk = _text(1000, "Describe the risk", single_line=False)
    mitigation = _text(1000, "Enter how you will manage the risk", single_line=False)


class ContentInput(ma.Schema):
    """The content fields of a bid, as a PATCH or POST sends them. Objects sent replace only the keys they
    hold; lists replace the whole list."""

    # A top-level field has no default: a PATCH that leaves it out leaves it as it is.
    need = Text(
        single_line=False,
        validate=ma.validate.Length(max=10_000, error="Enter 10,000 characters or fewer"),
        error_messages=messages("Describe the need the project meets and the evidence for it"),
    )
    outcomes = _rows(OutcomeSchema, 20, "outcomes")
    delivery_provider = ma.fields.Nested(ProviderSchema(partial=True))
    places = ma.fields.Nested(PlacesSchema(partial=True))
    starts_on = ma.fields.Date(allow_none=True, error_messages={"invalid": "Enter a real start date, like 2026-04-01"})
    ends_on = ma.fields.Date(allow_none=True, error_messages={"invalid": "Enter a real end date, like 2027-03-31"})
    budget_lines = _rows(BudgetLineSchema, 50, "budget lines")
    other_funding = _rows(OtherFundingSchema, 20, "sources of other funding")
    match_funding = _rows(MatchFundingSchema, 20, "sources of match funding")
    risks = _rows(RiskSchema, 20, "risks")

    @ma.post_load
    def flatten(self, data: dict, **kwargs) -> dict:
        """The provider's and places' keys are the bid's own columns."""
        data.update(data.pop("delivery_provider", None) or {})
        data.update(data.pop("places", None) or {})
        return data
