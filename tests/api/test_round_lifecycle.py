"""A round's rules reach bids through events; the OPCC closes and decides rounds and changes them openly."""

from __future__ import annotations

import pytest

from services import registry
from shared.events import Envelope
from tests.api.assertions import assert_problem
from tests.api.factories import budget

RULES = {"minimum_amount": "5,000", "maximum_amount": "50000.00", "eligible_cost_categories": ["staff"]}


@pytest.fixture
def submit(client, auth, make_bid, upload_evidence, deliver_events):
    """`submit(round_id, budget_lines=budget("12500.00"))`: a Melton bid with evidence, submitted to that round."""

    def go(round_id: str, **overrides):
        draft = make_bid(round_id=round_id, **({"budget_lines": budget("12500.00")} | overrides))  # staff only
        upload_evidence(draft["id"])
        response = client.post(f"/bids/{draft['id']}/submit", headers=auth())
        deliver_events()
        return response

    return go


def test_bids_learns_a_rounds_rules_when_it_opens(client, auth, make_round):
    opened = make_round(rules=RULES)

    known = client.get("/rounds", headers=auth()).json[0]

    assert opened["rules"]["minimum_amount"] == "5000.00"
    assert known["rules"]["min_amount_pence"] == 500_000
    assert known["rules"]["max_amount_pence"] == 5_000_000
    assert known["rules"]["eligible_cost_categories"] == ["staff"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (
            "4999.99",
            "Increase the budget to at least £5,000.00, the least this round gives to one bid: it adds up to £4,999.99",
        ),
        (
            "50000.01",
            "Reduce the budget to no more than £50,000.00, the most this round gives to one bid: it adds up "
            "to £50,000.01",
        ),
    ],
)
def test_a_bid_outside_the_rounds_minimum_or_maximum_cannot_be_submitted(make_round, submit, amount, message):
    funding_round = make_round(rules=RULES)

    response = submit(funding_round["id"], budget_lines=budget(amount))

    assert_problem(response, 422, {"amount_requested": message})


def test_a_round_without_rules_takes_any_amount(make_round, submit):
    response = submit(make_round()["id"], budget_lines=budget("250000.00"))

    assert response.status_code == 200


def test_a_closed_round_refuses_new_drafts_and_submissions(
    client, grants, auth, make_round, make_bid, upload_evidence, deliver_events
):
    funding_round = make_round()
    draft = make_bid(round_id=funding_round["id"])
    upload_evidence(draft["id"])

    grants.post(f"/rounds/{funding_round['id']}/close", headers=auth("opcc_reviewer"))
    deliver_events()
    submitted = client.post(f"/bids/{draft['id']}/submit", headers=auth())
    started = client.post("/bids", json={"round_id": funding_round["id"]}, headers=auth())

    assert_problem(submitted, 409, {"round_id": "Choose a funding round that is open for bids"})
    assert_problem(started, 422, {"round_id": "Choose a funding round that is open for bids"})
    assert client.get("/rounds", headers=auth()).json[0]["status"] == "closed"


def test_a_round_is_decided_only_after_it_is_closed(grants, client, auth, make_round, deliver_events):
    funding_round = make_round()
    path = f"/rounds/{funding_round['id']}"

    too_early = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))
    grants.post(f"{path}/close", headers=auth("opcc_reviewer"))
    decided = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))
    deliver_events()

    assert too_early.status_code == 409
    assert too_early.json["detail"] == "Close the round before recording its decisions: this round is open"
    assert decided.json["status"] == "decided"
    assert client.get("/rounds", headers=auth()).json[0]["status"] == "decided"


def test_deciding_a_decided_round_again_says_it_is_already_decided(grants, auth, make_round):
    path = f"/rounds/{make_round()['id']}"
    grants.post(f"{path}/close", headers=auth("opcc_reviewer"))
    grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))

    again = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))

    assert again.status_code == 409
    assert again.json["detail"] == "This round has already been decided"


def test_a_csp_officer_may_not_close_decide_or_change_a_round(grants, auth, make_round):
    path = f"/rounds/{make_round()['id']}"

    answers = [
        grants.post(f"{path}/close", headers=auth()).status_code,
        grants.post(f"{path}/decide", headers=auth()).status_code,
        grants.patch(path, json={"name": "Mine now"}, headers=auth()).status_code,
    ]

    assert answers == [403, 403, 403]


def test_changing_the_rules_after_a_bid_arrived_needs_a_reason(grants, auth, make_round, submit):
    funding_round = make_round(rules=RULES)
    submit(funding_round["id"])

    response = grants.patch(
        f"/rounds/{funding_round['id']}", json={"rules": {"maximum_amount": "20000"}}, headers=auth("opcc_reviewer")
    )

    assert_problem(response, 422, {"reason": "Give a reason for changing the rules after bids have arrived"})


def test_a_rules_change_with_a_reason_is_kept_in_the_rounds_detail_and_reaches_bids(
    grants, client, auth, make_round, submit, deliver_events
):
    funding_round = make_round(rules=RULES)
    submit(funding_round["id"])
    body = {"rules": {"maximum_amount": "20000"}, "reason": "The pot was cut by the PCC's budget"}

    changed = grants.patch(f"/rounds/{funding_round['id']}", json=body, headers=auth("opcc_reviewer"))
    deliver_events()

    assert changed.status_code == 200
    assert changed.json["rules"]["maximum_amount"] == "20000.00"
    detail = grants.get(f"/rounds/{funding_round['id']}", headers=auth()).json
    [change] = detail["changes"]
    assert change["reason"] == "The pot was cut by the PCC's budget"
    assert change["changes"] == {"max_amount_pence": {"from": 5_000_000, "to": 2_000_000}}
    assert change["changed_by"]["user_id"]
    assert change["changed_at"]
    assert client.get("/rounds", headers=auth()).json[0]["rules"]["max_amount_pence"] == 2_000_000


def test_a_draft_round_can_be_changed_freely_and_bids_hears_nothing(grants, client, auth, make_round, deliver_events):
    draft = make_round(opened=False)

    changed = grants.patch(f"/rounds/{draft['id']}", json={"pot": "300000"}, headers=auth("opcc_reviewer"))
    deliver_events()

    assert changed.json["pot"] == "300000.00"
    assert client.get("/rounds", headers=auth()).json == []


def test_bids_still_understands_round_opened_version_1(system, client, auth):
    payload = {
        "round_id": "6a1f7c3e-0d55-4f1c-9a53-1b8c2b7e0f11",
        "name": "Community Safety Fund 2025/26",
        "financial_year": "2025/26",
        "opens_on": "2025-04-01",
        "closes_on": "2099-06-30",
        "pot_pence": 25_000_000,
        "priorities": ["anti-social-behaviour"],
    }
    consumer = registry.make_consumer(system.runtimes["bids"])

    consumer.handle(Envelope("round.opened", 1, "grants", "corr-1", payload))

    [known] = client.get("/rounds", headers=auth()).json
    assert (known["status"], known["rules"], known["allocations"]) == ("open", None, None)
