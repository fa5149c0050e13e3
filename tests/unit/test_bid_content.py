"""What a bid says: identifiers and postcodes checked as typed, budgets that add up, saves that lose nothing."""

from __future__ import annotations

from datetime import date

import marshmallow as ma
import pytest

from services.bids.content import MESSAGES, financial_year_of, financial_years, fits_in_months, normal_postcode
from services.bids.models import Bid
from services.bids.schemas import BidChangeSchema
from shared.auth.dev_identity import demo_principal
from shared.clock import utcnow
from shared.http.problems import DomainProblem

OFFICER = demo_principal("csp_officer", "melton")


def errors_of(body: dict) -> dict:
    with pytest.raises(ma.ValidationError) as refused:
        BidChangeSchema().load(body)
    return refused.value.messages


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("le130pb", "LE13 0PB"), (" LE13  0PB ", "LE13 0PB"), ("LE1 1AA", "LE1 1AA"), ("EC1A1BB", "EC1A 1BB")],
)
def test_a_postcode_is_kept_in_capitals_with_one_space(typed, kept):
    assert normal_postcode(typed) == kept
    assert BidChangeSchema().load({"places": {"postcodes": [typed]}})["postcodes"] == [kept]


def test_something_that_is_not_a_full_postcode_is_refused_with_an_example():
    assert errors_of({"places": {"postcodes": ["LE13"]}}) == {
        "places": {"postcodes": {0: ["Enter a full UK postcode, like LE13 0PB"]}}
    }


@pytest.mark.parametrize(
    ("field", "typed", "kept"),
    [
        ("charity_number", "1123456", "1123456"),
        ("charity_number", "220949", "220949"),
        ("charity_number", "1123456-1", "1123456-1"),
        ("company_number", "01234567", "01234567"),
        ("company_number", "sc123456", "SC123456"),
        ("company_number", "CE 000123", "CE000123"),
        ("local_authority_code", "e07000133", "E07000133"),
    ],
)
def test_a_providers_register_numbers_are_taken_in_their_registers_formats(field, typed, kept):
    assert BidChangeSchema().load({"delivery_provider": {field: typed}})[field] == kept


CHARITY, COMPANY, COUNCIL = (MESSAGES[name] for name in ("charity_number", "company_number", "local_authority_code"))


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("charity_number", "12345", CHARITY),
        ("charity_number", "RC000123", CHARITY),
        ("company_number", "1234567", COMPANY),
        ("company_number", "S1234567", COMPANY),
        ("local_authority_code", "E05010459", COUNCIL),
    ],
)
def test_a_register_number_in_the_wrong_format_is_refused_with_an_example(field, typed, message):
    assert errors_of({"delivery_provider": {field: typed}}) == {"delivery_provider": {field: [message]}}
    assert CHARITY == "Enter a registered charity number in the correct format, like 1123456 or 1123456-1"


def test_budget_amounts_are_pounds_by_financial_year_and_years_look_like_2026_27():
    line = {"category": "staff", "description": "Officer", "amounts": {"2026-27": "£1,000.50"}}

    assert BidChangeSchema().load({"budget_lines": [line]})["budget_lines"][0]["amounts"] == {"2026-27": 100_050}
    assert errors_of({"budget_lines": [line | {"amounts": {"2026/27": "10"}}]})["budget_lines"][0]["amounts"] == {
        "2026/27": {"key": ["Enter financial years like 2026-27"]}
    }
    assert errors_of({"budget_lines": [line | {"amounts": {"2026-28": "10"}}]})


def test_a_half_written_row_is_saved_with_every_key():
    loaded = BidChangeSchema().load({"budget_lines": [{"description": "Radios"}], "risks": [{"risk": "Rain"}]})

    assert loaded["budget_lines"] == [{"category": None, "description": "Radios", "amounts": {}}]
    assert loaded["risks"] == [{"risk": "Rain", "mitigation": ""}]


def test_a_save_changes_only_what_was_sent(make_bid):
    bid = make_bid()
    before = bid.content()

    bid.change(BidChangeSchema().load({"delivery_provider": {"company_number": "01234567"}}))

    after = bid.content()
    assert after.pop("company_number") == "01234567"
    before.pop("company_number")
    assert after == before


def test_the_amount_requested_is_the_total_of_the_budget_lines(make_bid):
    bid = make_bid(budget_lines=[], amount_requested_pence=500_000)
    lines = [
        {"category": "staff", "description": "Officer", "amounts": {"2026-27": 1_000_000, "2027-28": 1_000_000}},
        {"category": "equipment", "description": "Radios", "amounts": {"2026-27": 250_000}},
    ]

    bid.change({"budget_lines": lines})

    assert bid.amount_requested_pence == 2_250_000
    with pytest.raises(DomainProblem) as refused:
        bid.change({"amount_requested_pence": 100})
    assert refused.value.errors == {
        "amount_requested": "Leave out the amount requested: it is the total of the budget lines"
    }


def test_years_after_the_first_are_indicative_in_what_grants_is_told(make_bid):
    lines = [{"category": "staff", "description": "Officer", "amounts": {"2027-28": 20, "2026-27": 10}}]

    payload = make_bid(budget_lines=lines, updated_at=utcnow()).draft_payload()

    assert payload["budget_lines"][0]["amounts"] == [
        {"financial_year": "2026-27", "amount_pence": 10, "indicative": False},
        {"financial_year": "2027-28", "amount_pence": 20, "indicative": True},
    ]


def test_a_snapshot_comes_back_whole_into_another_bid(make_bid):
    original = make_bid()
    clone = Bid(round_id="round-2027-28", csp_id="melton", created_by={}, status="draft")

    clone.restore(original.content())

    assert clone.content() == original.content()
    assert clone.starts_on == date(2026, 4, 1)


def test_every_status_move_is_in_the_history_with_who_and_why(make_bid, make_round_copy):
    bid = make_bid(status_history=[])

    bid.submit(make_round_copy(), OFFICER, date(2026, 5, 15))
    bid.move_to("returned", None, "Say more about the outcomes")

    assert [(c.status, c.by["name"], c.reason) for c in bid.status_history] == [
        ("submitted", "Morgan Hale", None),
        ("returned", "SaferGrants", "Say more about the outcomes"),
    ]
    bid.change({"title": "Amended"})  # a returned bid is editable again
    assert bid.title == "Amended"


def test_financial_years_and_durations():
    assert financial_year_of(date(2026, 3, 31)) == "2025-26"
    assert financial_year_of(date(2026, 4, 1)) == "2026-27"
    assert financial_years(date(2026, 4, 1), date(2028, 1, 1)) == ["2026-27", "2027-28"]
    assert fits_in_months(date(2026, 4, 1), date(2027, 3, 31), 12)
    assert not fits_in_months(date(2026, 4, 1), date(2027, 4, 1), 12)
    assert fits_in_months(date(2026, 1, 31), date(2026, 2, 27), 1)
