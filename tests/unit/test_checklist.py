"""The completeness checklist: a draft judged section by section against its round's rules."""

from __future__ import annotations

from datetime import date

import pytest

from services.bids.checklist import checklist

RULES = {
    "min_amount_pence": None,
    "max_amount_pence": None,
    "eligible_cost_categories": [],
    "required_evidence_types": [],
    "max_duration_months": None,
    "multi_year_allowed": True,
}


def line(category: str = "staff", amounts: dict | None = None, description: str = "Officer") -> dict:
    return {"category": category, "description": description, "amounts": amounts or {"2026-27": 1_000_000}}


def missing_in(bid, funding_round, allocation=None) -> dict[str, list[str]]:
    return {s.id: [m["detail"] for m in s.missing] for s in checklist(bid, funding_round, allocation) if s.missing}


def test_a_complete_draft_has_every_section_complete(make_bid, make_round_copy):
    sections = checklist(make_bid(), make_round_copy(rules=RULES), None)

    assert [s.id for s in sections] == [
        "about",
        "priorities",
        "outcomes",
        "delivery_provider",
        "dates",
        "budget",
        "other_funding",
        "risks",
        "evidence",
    ]
    assert {s.status for s in sections} == {"complete"}


@pytest.mark.parametrize(
    ("rules", "lines", "message"),
    [
        (
            {"eligible_cost_categories": ["staff", "services"]},
            [line("capital")],
            "Choose a category this round funds for budget line 1: staff or services",
        ),
        (
            {"multi_year_allowed": False},
            [line(amounts={"2026-27": 10, "2027-28": 10})],
            "Enter amounts for one financial year only: this round does not fund multi-year bids",
        ),
    ],
)
def test_budget_lines_must_meet_the_rounds_rules(make_bid, make_round_copy, rules, lines, message):
    bid = make_bid(budget_lines=lines, ends_on=date(2028, 3, 31))

    assert message in missing_in(bid, make_round_copy(rules=RULES | rules))["budget"]


def test_each_half_written_budget_line_says_what_it_still_needs(make_bid, make_round_copy):
    bid = make_bid(budget_lines=[line(), {"category": None, "description": "", "amounts": {}}])

    assert missing_in(bid, make_round_copy(rules=RULES)) == {
        "budget": [
            "Choose a category for budget line 2",
            "Enter a description for budget line 2",
            "Enter an amount for at least one financial year on budget line 2",
        ]
    }


def test_budget_years_must_fall_within_the_projects_dates(make_bid, make_round_copy):
    bid = make_bid(budget_lines=[line(amounts={"2027-28": 10})])

    assert missing_in(bid, make_round_copy(rules=RULES)) == {
        "budget": ["Enter amounts on budget line 1 only for the financial years the project runs in (2026-27)"]
    }


@pytest.mark.parametrize(
    ("rules", "ends_on", "message"),
    [
        ({}, date(2026, 3, 1), "Enter an end date that is on or after the start date"),
        ({"max_duration_months": 6}, date(2026, 10, 1), "Enter an end date no more than 6 months after the start date"),
        (
            {"multi_year_allowed": False},
            date(2027, 4, 30),
            "Enter an end date in the same financial year as the start date: this round does not fund projects "
            "lasting more than one financial year",
        ),
    ],
)
def test_dates_must_meet_the_rounds_rules(make_bid, make_round_copy, rules, ends_on, message):
    bid = make_bid(ends_on=ends_on)

    assert missing_in(bid, make_round_copy(rules=RULES | rules))["dates"] == [message]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (date(2019, 4, 1), date(2020, 3, 31), "ends_on"),  # long finished
        (date(2027, 4, 1), date(2028, 3, 31), "starts_on"),  # next year's round's to fund
    ],
)
def test_a_project_must_run_at_least_partly_in_the_rounds_financial_year(
    make_bid, make_round_copy, starts_on, ends_on, field
):
    bid = make_bid(starts_on=starts_on, ends_on=ends_on, budget_lines=[line(amounts={"2026-27": 10})])

    dates = next(s for s in checklist(bid, make_round_copy(rules=RULES), None) if s.id == "dates")

    assert dates.missing == [
        {
            "field": field,
            "detail": "Enter dates when the project runs at least partly in this round's financial year "
            "(1 April 2026 to 31 March 2027)",
        }
    ]


def test_a_project_begun_before_the_rounds_year_may_go_on_in_it_but_not_ask_for_the_year_gone(
    make_bid, make_round_copy
):
    running_on = make_bid(starts_on=date(2025, 10, 1), ends_on=date(2027, 3, 31))
    asking_for_last_year = make_bid(
        starts_on=date(2025, 10, 1), ends_on=date(2027, 3, 31), budget_lines=[line(amounts={"2025-26": 10})]
    )

    assert missing_in(running_on, make_round_copy(rules=RULES)) == {}
    assert missing_in(asking_for_last_year, make_round_copy(rules=RULES))["budget"] == [
        "Enter amounts for 2026-27 or later only: this round does not fund 2025-26"
    ]


def test_a_provider_of_each_type_needs_its_own_register_number(make_bid, make_round_copy):
    funding_round = make_round_copy(rules=RULES)

    company = make_bid(provider_type="company", charity_number=None)
    council = make_bid(provider_type="local_authority", charity_number=None)
    other = make_bid(provider_type="other", charity_number=None)

    assert missing_in(company, funding_round) == {
        "delivery_provider": ["Enter the delivery provider's company registration number"]
    }
    assert missing_in(council, funding_round) == {
        "delivery_provider": ["Enter the delivery provider's local authority code, like E07000133"]
    }
    assert missing_in(other, funding_round) == {}


def test_only_clean_evidence_counts_and_required_types_are_named(make_bid, make_evidence, make_round_copy):
    funding_round = make_round_copy(rules=RULES | {"required_evidence_types": ["quote", "risk-assessment"]})
    bid = make_bid(
        evidence=[
            make_evidence(evidence_type="quote"),
            make_evidence(evidence_type="risk-assessment", status="scanning"),
        ]
    )

    assert missing_in(bid, funding_round) == {"evidence": ["Upload a risk assessment: this round asks for one"]}
    assert (
        "Upload at least one evidence file, such as a project plan or quote"
        in missing_in(make_bid(evidence=[make_evidence(status="rejected")]), funding_round)["evidence"]
    )


def test_a_bid_may_ask_for_no_more_than_remains_of_its_csps_allocation(make_bid, make_round_copy):
    allocation = {"allocation_pence": 3_000_000, "held_by_other_bids_pence": 2_000_000}

    missing = missing_in(make_bid(), make_round_copy(rules=RULES), allocation)

    assert missing == {
        "budget": [
            "Reduce the budget to no more than £10,000.00: that is what remains of your CSP's indicative allocation of "
            "£30,000.00 after its other submitted and awarded bids"
        ]
    }
    assert missing_in(make_bid(), make_round_copy(rules=RULES), allocation | {"allocation_pence": None}) == {}


def test_other_funding_is_optional_but_a_row_begun_must_be_finished(make_bid, make_round_copy):
    bid = make_bid(
        other_funding=[{"funder": "Home Office", "programme": "Safer Streets 5", "amount_pence": None, "status": None}]
    )

    assert missing_in(bid, make_round_copy(rules=RULES)) == {
        "other_funding": [
            "Enter the amount of other funding 1",
            "Choose whether other funding 1 is applied for or awarded",
        ]
    }
