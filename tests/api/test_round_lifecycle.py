"""A round's rules reach bids through events; the OPCC closes and decides rounds and changes them openly."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

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


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"priorities": ["domestic-abuse"]}, "Give a reason for changing the priorities after bids have arrived"),
        ({"pot": "300000"}, "Give a reason for changing the pot after bids have arrived"),
        ({"closes_on": "2099-12-31"}, "Give a reason for changing the dates after bids have arrived"),
        ({"financial_year": "2027/28"}, "Give a reason for changing the financial year after bids have arrived"),
        (
            {"pot": "300000", "closes_on": "2099-12-31", "rules": {"maximum_amount": "20000"}},
            "Give a reason for changing the rules, pot and dates after bids have arrived",
        ),
    ],
    ids=["priorities", "pot", "dates", "financial year", "several"],
)
def test_changing_what_bids_are_judged_against_after_a_bid_arrived_needs_a_reason(
    grants, auth, make_round, submit, change, message
):
    funding_round = make_round(rules=RULES)
    submit(funding_round["id"])

    response = grants.patch(f"/rounds/{funding_round['id']}", json=change, headers=auth("opcc_reviewer"))

    assert_problem(response, 422, {"reason": message})
    assert response.json["detail"] == message


def test_renaming_a_round_after_a_bid_arrived_needs_no_reason(grants, auth, make_round, submit):
    funding_round = make_round()
    submit(funding_round["id"])

    response = grants.patch(
        f"/rounds/{funding_round['id']}", json={"name": "Community Safety Fund"}, headers=auth("opcc_reviewer")
    )

    assert response.status_code == 200


def test_a_priorities_change_with_a_reason_is_kept_audited_and_reaches_bids(
    system, grants, client, auth, make_round, submit, deliver_events
):
    funding_round = make_round()
    submit(funding_round["id"])
    reason = "The county board added domestic abuse to this year's agreement"
    body = {"priorities": ["anti-social-behaviour", "domestic-abuse", "violence-exploitation"], "reason": reason}

    changed = grants.patch(f"/rounds/{funding_round['id']}", json=body, headers=auth("opcc_reviewer"))
    updates = _round_updates(system, funding_round["id"])
    deliver_events()

    assert changed.status_code == 200
    [change] = changed.json["changes"]
    assert change["reason"] == reason
    assert set(change["changes"]["priorities"]["to"]) == set(body["priorities"])
    history = grants.get(f"/audit/round/{funding_round['id']}", headers=auth("auditor")).json
    [audited] = [event for event in history if event["action"] == "round.changed"]
    assert audited["changes"]["reason"] == {"before": None, "after": reason}
    assert set(audited["changes"]["priorities"]["after"]) == set(body["priorities"])
    assert [update["reason"] for update in updates] == [reason]
    assert set(client.get("/rounds", headers=auth()).json[0]["priorities"]) == set(body["priorities"])


def _round_updates(system, round_id: str) -> list[dict]:
    """The round.updated payloads grants has written for the round, oldest first."""
    runtime = system.runtimes["grants"]
    outbox = runtime.tables.outbox
    query = sa.select(outbox.c.body).where(outbox.c.event_type == "round.updated").order_by(outbox.c.created_at)
    with runtime.session_factory() as session:
        payloads = [json.loads(body)["payload"] for body in session.scalars(query)]
    return [payload for payload in payloads if payload["round_id"] == round_id]


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
