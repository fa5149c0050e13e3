"""A CSP officer drafts a bid, adds evidence and submits it; the OPCC sees it and people are told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.clock import today
from tests.api.assertions import PROBLEM_JSON, assert_problem
from tests.api.factories import budget


def test_a_submitted_bid_reaches_the_review_queue_and_everyone_is_told(
    client, grants, notifications, auth, make_bid, upload_evidence, deliver_events
):
    draft = make_bid(budget_lines=budget("£10,000.50", "2,500"))
    uploaded = upload_evidence(draft["id"], content=b"%PDF-1.7 the plan", filename="plan.pdf")

    submitted = client.post(f"/bids/{draft['id']}/submit", headers=auth())
    deliver_events()

    assert uploaded.status_code == 201
    assert uploaded.json["filename"] == "plan.pdf"
    assert uploaded.json["size_bytes"] == len(b"%PDF-1.7 the plan")
    assert submitted.status_code == 200
    assert submitted.json["status"] == "submitted"
    review = grants.get(f"/reviews/{draft['id']}", headers=auth("opcc_reviewer")).json
    assert review["amount_requested"] == "12500.50"
    assert review["csp_name"] == "Melton"
    assert [e["filename"] for e in review["evidence"]] == ["plan.pdf"]
    mine = notifications.get("/notifications", headers=auth()).json
    assert [n["kind"] for n in mine] == ["bid_acknowledgement"]
    assert "Town centre night-time patrols" in mine[0]["subject"]
    everyone = notifications.get("/notifications", headers=auth("opcc_reviewer")).json
    # Nothing else in the register: reviewers hear the check found nothing, and the CSP is not troubled.
    assert sorted(n["kind"] for n in everyone) == ["bid_acknowledgement", "duplicate_check_opcc", "new_bid"]
    assert review["duplicate_check"]["counts"] == {"likely duplicate": 0, "check": 0}


def test_a_draft_can_be_saved_a_little_at_a_time(client, auth, make_round, save_draft):
    round_id = make_round()["id"]

    created = client.post("/bids", json={"round_id": round_id}, headers=auth())
    changed = save_draft(created.json["id"], {"title": "Evening patrols"})

    assert created.status_code == 201
    assert created.json["amount_requested"] is None
    assert changed.json["title"] == "Evening patrols"
    assert changed.json["status"] == "draft"


def test_a_bid_missing_its_parts_is_refused_with_a_message_for_each(client, auth, make_bid):
    draft = make_bid(without=("title", "budget_lines", "delivery_provider"))

    response = client.post(f"/bids/{draft['id']}/submit", headers=auth())

    assert_problem(
        response,
        422,
        {
            "title": "Enter a title for the project",
            "delivery_provider": "Enter the name of the organisation delivering the project",
            "budget_lines": "Add at least one budget line",
            "evidence": "Upload at least one evidence file, such as a project plan or quote",
        },
    )
    assert client.get(f"/bids/{draft['id']}", headers=auth()).json["status"] == "draft"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Enter an amount requested of more than £0"),
        ("-1", "Enter an amount requested of more than £0"),
        ("12,50", "Enter the amount requested in pounds and pence, like 12500.00"),
        (12500, "Enter the amount requested in pounds and pence, like 12500.00"),
    ],
)
def test_an_amount_that_is_not_a_positive_sum_of_money_is_refused(make_bid, save_draft, amount, message):
    draft = make_bid(without=("budget_lines",))

    response = save_draft(draft["id"], {"amount_requested": amount})

    assert_problem(response, 422, {"amount_requested": message})


def test_a_bid_cannot_be_submitted_after_its_round_closes(client, auth, make_bid, upload_evidence, monkeypatch):
    draft = make_bid()
    upload_evidence(draft["id"])
    monkeypatch.setattr("services.bids.submission.today", lambda: today() + timedelta(days=61))

    response = client.post(f"/bids/{draft['id']}/submit", headers=auth())

    assert_problem(response, 409, {"round_id": "Choose a funding round that is open for bids"})


def test_a_bid_cannot_be_started_for_a_round_that_is_not_open_yet(client, auth, make_round):
    future = make_round(opens_on=(today() + timedelta(days=7)).isoformat())

    response = client.post("/bids", json={"round_id": future["id"]}, headers=auth())

    assert_problem(response, 422, {"round_id": "Choose a funding round that is open for bids"})


def test_a_body_that_is_not_json_is_refused_as_unprocessable(client, auth):
    response = client.post("/bids", data='{"round_id": ', content_type="application/json", headers=auth())

    assert_problem(response, 422, {"": "Send the request body as valid JSON"})
    assert response.json["detail"] == "The request body is not valid JSON"


def test_values_of_the_wrong_type_are_refused_field_by_field(client, auth, make_round):
    body = {"round_id": make_round()["id"], "title": 42, "priorities": "anti-social-behaviour", "colour": "red"}

    response = client.post("/bids", json=body, headers=auth())

    assert_problem(
        response,
        422,
        {
            "title": "Enter text",
            "priorities": "Choose priorities from the Community Safety Agreement",
            "colour": "Remove this field: it is not recognised",
        },
    )


def test_a_csp_sees_only_its_own_bids(client, auth, make_round, make_bid, save_draft):
    round_id = make_round()["id"]
    charnwood = make_bid(round_id=round_id, csp_id="charnwood", title="Loughborough street safety")
    melton = make_bid(round_id=round_id)

    listed = client.get("/bids", headers=auth("csp_officer", "melton")).json
    one = client.get(f"/bids/{charnwood['id']}", headers=auth("csp_officer", "melton"))
    change = save_draft(charnwood["id"], {"title": "Mine now"})

    assert [b["id"] for b in listed] == [melton["id"]]
    assert one.status_code == 404
    assert one.mimetype == PROBLEM_JSON
    assert change.status_code == 404
    assert len(client.get("/bids", headers=auth("opcc_reviewer")).json) == 2
