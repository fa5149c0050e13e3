"""grants' FundingRound: the rules for drafting and opening a round."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.grants.models import valid_financial_year
from shared.clock import today
from shared.http.problems import DomainProblem


@pytest.mark.parametrize("year", ["2026/27", "2099/00", "1999/00"])
def test_a_financial_year_is_a_year_and_the_last_two_digits_of_the_next(year):
    assert valid_financial_year(year)


@pytest.mark.parametrize(
    "year",
    ["2026/28", "2026/26", "26/27", "2026-27", "2026/2027", "2026/27\n", " 2026/27", "２０２６/２７", ""],
)
def test_anything_else_is_not_a_financial_year(year):
    assert not valid_financial_year(year)


def test_a_valid_draft_keeps_each_priority_once_and_waits_as_a_draft(make_round):
    funding_round = make_round(priorities=["domestic-abuse", "domestic-abuse", "hate-incidents"])

    assert funding_round.status == "draft"
    assert funding_round.priorities == ["domestic-abuse", "hate-incidents"]


def test_a_round_cannot_close_before_it_opens(make_round):
    with pytest.raises(DomainProblem) as refused:
        make_round(opens_on=date(2026, 6, 30), closes_on=date(2026, 4, 1))

    assert refused.value.status == 422
    assert refused.value.errors == {"closes_on": "The closing date must be after the opening date"}


def test_a_round_cannot_close_on_the_day_it_opens(make_round):
    with pytest.raises(DomainProblem) as refused:
        make_round(opens_on=date(2026, 4, 1), closes_on=date(2026, 4, 1))

    assert set(refused.value.errors) == {"closes_on"}


@pytest.mark.parametrize("pot_pence", [0, -100])
def test_a_round_needs_a_pot_of_more_than_nothing(make_round, pot_pence):
    with pytest.raises(DomainProblem) as refused:
        make_round(pot_pence=pot_pence)

    assert refused.value.errors == {"pot": "The pot must be more than £0"}


def test_a_round_needs_a_real_financial_year(make_round):
    with pytest.raises(DomainProblem) as refused:
        make_round(financial_year="2026/28")

    assert refused.value.errors == {"financial_year": "Enter the financial year like 2026/27"}


def test_every_broken_rule_gets_its_own_message_at_once(make_round):
    with pytest.raises(DomainProblem) as refused:
        make_round(financial_year="26/27", pot_pence=0, closes_on=date(2026, 3, 1))

    assert set(refused.value.errors) == {"financial_year", "pot", "closes_on"}
    assert refused.value.detail == "The funding round cannot be created"


def test_opening_a_draft_opens_it_and_says_so_in_its_event(make_round):
    funding_round = make_round(closes_on=today() + timedelta(days=30))

    funding_round.open()

    assert funding_round.status == "open"
    assert funding_round.opened_at is not None
    assert funding_round.opened_payload()["pot_pence"] == 25_000_000


def test_a_round_cannot_be_opened_twice(make_round):
    funding_round = make_round(closes_on=today() + timedelta(days=30))
    funding_round.open()

    with pytest.raises(DomainProblem) as refused:
        funding_round.open()

    assert refused.value.status == 409
    assert refused.value.detail == "This round is already open"


def test_a_round_whose_closing_date_has_passed_cannot_be_opened(make_round):
    funding_round = make_round(opens_on=date(2020, 4, 1), closes_on=today() - timedelta(days=1))

    with pytest.raises(DomainProblem) as refused:
        funding_round.open()

    assert refused.value.status == 409
    assert refused.value.errors == {"closes_on": "The closing date must be today or later"}
    assert funding_round.status == "draft"


def test_a_round_closing_today_can_still_be_opened(make_round):
    funding_round = make_round(opens_on=today() - timedelta(days=10), closes_on=today())

    funding_round.open()

    assert funding_round.status == "open"
