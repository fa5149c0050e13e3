"""A funding round's lifecycle (draft → open → closed → decided), its rules, and changes to them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.clock import today
from shared.http.problems import DomainProblem

OPCC = {"user_id": "u-opcc-reviewer", "name": "Riley Shaw", "email": "riley@opcc.example"}
RULES = {"min_amount_pence": 500_000, "max_amount_pence": 5_000_000}


@pytest.fixture
def open_round(make_round):
    funding_round = make_round(closes_on=today() + timedelta(days=30), rules=RULES)
    funding_round.open()
    return funding_round


def test_an_open_round_closes_and_then_is_decided(open_round):
    open_round.close()
    open_round.decide()

    assert open_round.status == "decided"
    assert open_round.closed_at <= open_round.decided_at


@pytest.mark.parametrize(
    ("steps", "step", "detail"),
    [
        ((), "close", "Only an open round can be closed: this round is draft"),
        ((), "decide", "Close the round before recording its decisions: this round is draft"),
        (("open",), "decide", "Close the round before recording its decisions: this round is open"),
        (("open", "close"), "close", "Only an open round can be closed: this round is closed"),
        (("open", "close", "decide"), "decide", "This round has already been decided"),
    ],
)
def test_each_step_refuses_a_round_in_the_wrong_state(make_round, steps, step, detail):
    funding_round = make_round(closes_on=today() + timedelta(days=30))
    for earlier in steps:
        getattr(funding_round, earlier)()

    with pytest.raises(DomainProblem) as refused:
        getattr(funding_round, step)()

    assert refused.value.status == 409
    assert refused.value.detail == detail


def test_a_round_without_rules_has_no_limits(make_round):
    assert make_round().rules == {
        "min_amount_pence": None,
        "max_amount_pence": None,
        "eligible_cost_categories": [],
        "required_evidence_types": [],
        "max_duration_months": None,
        "multi_year_allowed": True,
    }


def test_rules_that_contradict_each_other_are_refused_each_with_a_message(make_round):
    rules = {"min_amount_pence": 0, "max_amount_pence": 30_000_000, "max_duration_months": 24}

    with pytest.raises(DomainProblem) as refused:
        make_round(rules=rules | {"multi_year_allowed": False})

    assert refused.value.errors == {
        "minimum_amount": "The minimum amount must be more than £0",
        "maximum_amount": "The maximum amount must be no more than the pot (£250,000.00)",
        "maximum_duration_months": "A round without multi-year bids can fund at most 12 months",
    }


def test_a_maximum_below_the_minimum_is_refused(make_round):
    with pytest.raises(DomainProblem) as refused:
        make_round(rules={"min_amount_pence": 500_000, "max_amount_pence": 100_000})

    assert refused.value.errors == {"maximum_amount": "The maximum amount must be at least the minimum amount"}


def test_changing_rules_before_bids_arrive_needs_no_reason_but_is_kept(open_round):
    change = open_round.change({"rules": {"max_amount_pence": 2_000_000}}, None, False, OPCC)

    assert open_round.max_amount_pence == 2_000_000
    assert change.changes == {"max_amount_pence": {"from": 5_000_000, "to": 2_000_000}}
    assert change.changed_by == OPCC


def test_changing_rules_after_bids_arrive_needs_a_reason(open_round):
    with pytest.raises(DomainProblem) as refused:
        open_round.change({"rules": {"max_amount_pence": 2_000_000}}, "  ", True, OPCC)

    assert refused.value.errors == {"reason": "Give a reason for changing the rules after bids have arrived"}
    assert open_round.max_amount_pence == 5_000_000


def test_changing_rules_after_bids_arrive_with_a_reason_keeps_the_reason(open_round):
    change = open_round.change({"rules": {"min_amount_pence": 100_000}}, "Small bids welcome", True, OPCC)

    assert change.reason == "Small bids welcome"
    assert open_round.min_amount_pence == 100_000


def test_changing_details_after_bids_arrive_needs_no_reason(open_round):
    change = open_round.change({"name": "Community Safety Fund 2026/27 (extended)"}, None, True, OPCC)

    assert set(change.changes) == {"name"}


def test_sending_the_same_values_changes_nothing(open_round):
    assert open_round.change({"rules": dict(RULES), "pot_pence": 25_000_000}, None, True, OPCC) is None


def test_a_change_that_breaks_a_rule_is_refused_and_changes_nothing(open_round):
    with pytest.raises(DomainProblem) as refused:
        open_round.change({"closes_on": date(2020, 1, 1)}, None, False, OPCC)

    assert refused.value.errors == {"closes_on": "The closing date must be after the opening date"}
    assert open_round.closes_on != date(2020, 1, 1)


def test_a_closed_round_cannot_be_changed(open_round):
    open_round.close()

    with pytest.raises(DomainProblem) as refused:
        open_round.change({"name": "Renamed"}, None, False, OPCC)

    assert refused.value.status == 409


def test_bids_refuses_an_amount_outside_the_rounds_minimum_and_maximum(make_bid, make_round_copy):
    funding_round = make_round_copy(rules=RULES)

    def asking(pence: int):
        return make_bid(budget_lines=[{"category": "staff", "description": "Officer", "amounts": {"2026-27": pence}}])

    assert asking(499_999).missing_for_submission(funding_round) == {
        "amount_requested": "Increase the budget to at least £5,000.00, the least this round gives to one bid: "
        "it adds up to £4,999.99"
    }
    assert asking(5_000_001).missing_for_submission(funding_round) == {
        "amount_requested": "Reduce the budget to no more than £50,000.00, the most this round gives to one bid: "
        "it adds up to £50,000.01"
    }
    assert asking(5_000_000).missing_for_submission(funding_round) == {}


def test_bids_copy_of_a_round_never_goes_back_from_closed_to_open(make_round_copy):
    copy = make_round_copy(status="closed")

    copy.move_to("open")

    assert copy.status == "closed"
    assert not copy.accepts_bids_on(date(2026, 5, 15))
