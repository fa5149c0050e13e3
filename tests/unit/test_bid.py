"""bids' Bid: what a draft needs before it can be submitted, and when it can be."""

from __future__ import annotations

from datetime import date

import pytest

from services.bids.models import Bid
from shared.auth.dev_identity import demo_principal
from shared.events.contracts import BID_SUBMITTED_V1, BID_SUBMITTED_V2
from shared.events.envelope import Envelope
from shared.http.problems import DomainProblem
from tests.unit.conftest import CLOSES, DURING, OPENS

OFFICER = demo_principal("csp_officer", "melton")


def test_a_complete_draft_is_missing_nothing(make_bid, make_round_copy):
    assert make_bid().missing_for_submission(make_round_copy()) == {}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "Enter a title for the project"),
        ({"summary": ""}, "summary", "Enter a summary of what the project will do"),
        ({"need": ""}, "need", "Describe the need the project meets and the evidence for it"),
        ({"budget_lines": []}, "budget_lines", "Add at least one budget line"),
        ({"priorities": []}, "priorities", "Choose at least one priority the project serves"),
        ({"outcomes": []}, "outcomes", "Add at least one outcome the project will achieve"),
        (
            {"delivery_provider_name": ""},
            "delivery_provider",
            "Enter the name of the organisation delivering the project",
        ),
        ({"charity_number": None}, "delivery_provider", "Enter the delivery provider's registered charity number"),
        ({"starts_on": None}, "starts_on", "Enter the date the project starts"),
        ({"risks": []}, "risks", "Add at least one risk to the project and how you will manage it"),
        ({"evidence": []}, "evidence", "Upload at least one evidence file, such as a project plan or quote"),
    ],
)
def test_each_missing_part_of_a_bid_has_its_own_message(make_bid, make_round_copy, overrides, field, message):
    assert make_bid(**overrides).missing_for_submission(make_round_copy()) == {field: message}


def test_a_bid_cannot_serve_a_priority_its_round_does_not_fund(make_bid, make_round_copy):
    bid = make_bid(priorities=["anti-social-behaviour", "hate-incidents"])

    missing = bid.missing_for_submission(make_round_copy(priorities=["anti-social-behaviour"]))

    assert missing == {"priorities": "Choose only priorities this round funds"}


def test_an_empty_draft_lists_everything_it_is_missing(make_bid, make_round_copy):
    bid = Bid(round_id="round-2026-27", csp_id="melton", created_by={}, evidence=[])

    missing = bid.missing_for_submission(make_round_copy())

    assert set(missing) == {
        "title",
        "summary",
        "need",
        "priorities",
        "outcomes",
        "delivery_provider",
        "starts_on",
        "ends_on",
        "budget_lines",
        "risks",
        "evidence",
    }


def test_submitting_a_complete_draft_records_who_and_when(make_bid, make_round_copy):
    bid = make_bid()

    bid.submit(make_round_copy(), OFFICER, DURING)

    assert bid.status == "submitted"
    assert bid.submitted_at is not None
    assert bid.submitted_by == {"user_id": OFFICER.user_id, "name": OFFICER.name, "email": OFFICER.email}


def test_a_bid_without_evidence_cannot_be_submitted(make_bid, make_round_copy):
    bid = make_bid(evidence=[])

    with pytest.raises(DomainProblem) as refused:
        bid.submit(make_round_copy(), OFFICER, DURING)

    assert refused.value.status == 422
    assert set(refused.value.errors) == {"evidence"}
    assert bid.status == "draft"


@pytest.mark.parametrize("day", [date(2026, 3, 31), date(2026, 7, 1)], ids=["before-opening", "after-closing"])
def test_a_bid_cannot_be_submitted_outside_its_rounds_dates(make_bid, make_round_copy, day):
    with pytest.raises(DomainProblem) as refused:
        make_bid().submit(make_round_copy(), OFFICER, day)

    assert refused.value.status == 409
    assert refused.value.errors == {"round_id": "Choose a funding round that is open for bids"}


@pytest.mark.parametrize("day", [OPENS, CLOSES], ids=["opening-day", "closing-day"])
def test_a_bid_can_be_submitted_on_the_first_and_last_day(make_bid, make_round_copy, day):
    bid = make_bid()

    bid.submit(make_round_copy(), OFFICER, day)

    assert bid.status == "submitted"


def test_a_bid_cannot_be_submitted_to_a_round_that_is_not_open(make_bid, make_round_copy):
    with pytest.raises(DomainProblem) as refused:
        make_bid().submit(make_round_copy(status="closed"), OFFICER, DURING)

    assert refused.value.status == 409


def test_a_bid_cannot_be_submitted_to_a_round_bids_has_not_heard_of(make_bid):
    with pytest.raises(DomainProblem) as refused:
        make_bid().submit(None, OFFICER, DURING)

    assert refused.value.kind == "round-not-open"


def test_a_submitted_bid_cannot_be_submitted_or_changed_again(make_bid, make_round_copy):
    bid = make_bid()
    bid.submit(make_round_copy(), OFFICER, DURING)

    for attempt in (lambda: bid.submit(make_round_copy(), OFFICER, DURING), lambda: bid.change({"title": "New"})):
        with pytest.raises(DomainProblem) as refused:
            attempt()
        assert refused.value.status == 409
    assert bid.title == "Town centre night-time patrols"


def test_changing_a_draft_changes_only_editable_fields_and_counts_a_priority_once(make_bid):
    bid = make_bid()

    bid.change({"title": "Evening patrols", "csp_id": "charnwood", "priorities": ["domestic-abuse"] * 2})

    assert bid.title == "Evening patrols"
    assert bid.csp_id == "melton"
    assert bid.priorities == ["domestic-abuse"]


def test_a_submitted_bids_event_meets_its_contract(make_bid, make_round_copy):
    bid = make_bid()
    funding_round = make_round_copy()
    bid.submit(funding_round, OFFICER, DURING)
    envelope = Envelope("bid.submitted", 2, "bids", "corr-1", bid.submitted_payload(funding_round))

    BID_SUBMITTED_V2.validate(envelope.to_dict())
    # Version 2 keeps every version 1 field as it was, so a consumer reading only those keeps working.
    BID_SUBMITTED_V1.validate(envelope.to_dict() | {"version": 1})

    assert envelope.payload["csp_name"] == "Melton"
    assert envelope.payload["evidence"][0]["filename"] == "project-plan.pdf"
    assert envelope.payload["delivery_provider"]["charity_number"] == "1123456"
    assert envelope.payload["budget_lines"][0]["amounts"] == [
        {"financial_year": "2026-27", "amount_pence": 1_000_000, "indicative": False}
    ]
