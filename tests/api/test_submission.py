"""Submission: checked against the round, once however often it is clicked, kept as an immutable version."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from services.bids.versions import BidVersion
from shared.auth.scoping import SYSTEM, acting_as
from shared.db import unit_of_work
from tests.api.assertions import assert_problem
from tests.api.factories import budget


@pytest.fixture
def submitted_events(system):
    """`submitted_events(bid_id)`: the bid.submitted events bids has written for the bid, oldest first."""
    runtime = system.runtimes["bids"]
    outbox = runtime.tables.outbox

    def events(bid_id: str) -> list[dict]:
        query = sa.select(outbox.c.body).where(outbox.c.event_type == "bid.submitted").order_by(outbox.c.created_at)
        with runtime.session_factory() as session:
            bodies = [json.loads(body) for body in session.scalars(query)]
        return [body for body in bodies if body["payload"]["bid_id"] == bid_id]

    return events


def test_a_double_click_with_one_idempotency_key_submits_once(client, auth, ready, submitted_events):
    draft = ready()
    headers = auth() | {"Idempotency-Key": "6f1d4c1e-double-click"}

    first = client.post(f"/bids/{draft['id']}/submit", headers=headers)
    again = client.post(f"/bids/{draft['id']}/submit", headers=headers)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json == first.json
    assert again.headers["ETag"] == first.headers["ETag"]
    assert [v["version"] for v in client.get(f"/bids/{draft['id']}/versions", headers=auth()).json] == [1]
    assert len(submitted_events(draft["id"])) == 1
    assert [c["status"] for c in first.json["status_history"]] == ["draft", "submitted"]


def test_the_same_key_for_a_different_request_is_refused_and_does_nothing(client, auth, ready, submitted_events):
    one, other = ready(), ready(title="Another project")
    headers = auth() | {"Idempotency-Key": "reused-key"}
    client.post(f"/bids/{one['id']}/submit", headers=headers)

    response = client.post(f"/bids/{other['id']}/submit", headers=headers)

    assert_problem(response, 422, {"Idempotency-Key": "Use a new Idempotency-Key for each new request"})
    assert client.get(f"/bids/{other['id']}", headers=auth()).json["status"] == "draft"
    assert submitted_events(other["id"]) == []


def test_a_second_submit_without_a_key_is_refused_as_already_submitted(client, auth, ready):
    draft = ready()
    client.post(f"/bids/{draft['id']}/submit", headers=auth())

    again = client.post(f"/bids/{draft['id']}/submit", headers=auth())

    assert again.status_code == 409
    assert again.json["detail"] == "This bid has been submitted and can no longer be changed"


def test_the_submitted_version_is_kept_exactly_and_cannot_be_changed(client, auth, ready, system):
    draft = ready()
    client.post(f"/bids/{draft['id']}/submit", headers=auth())

    listed = client.get(f"/bids/{draft['id']}/versions", headers=auth()).json
    one = client.get(f"/bids/{draft['id']}/versions/1", headers=auth()).json
    missing = client.get(f"/bids/{draft['id']}/versions/2", headers=auth())

    assert [(v["version"], v["submitted_by"]["name"]) for v in listed] == [(1, "Morgan Hale")]
    assert one["content"]["title"] == draft["title"]
    assert one["content"]["budget_lines"][0]["amounts"] == {"2026-27": 1_000_000}
    assert one["content"]["charity_number"] == "1123456"
    assert missing.status_code == 404
    sessions = system.runtimes["bids"].session_factory
    with pytest.raises(sa.exc.DatabaseError), acting_as(SYSTEM), unit_of_work(sessions) as session:
        session.execute(sa.update(BidVersion).values(content={"title": "Rewritten"}))


def test_grants_learns_everything_it_needs_from_the_submission(client, grants, auth, ready, deliver_events):
    draft = ready(
        other_funding=[
            {"funder": "Home Office", "programme": "Safer Streets 5", "amount": "300000", "status": "awarded"}
        ]
    )
    client.post(f"/bids/{draft['id']}/submit", headers=auth())
    deliver_events()

    review = grants.get(f"/reviews/{draft['id']}", headers=auth("opcc_reviewer")).json

    assert review["version"] == 1
    assert review["provider"]["charity_number"] == "1123456"
    assert (review["wards"], review["postcodes"]) == (["Melton Craven"], ["LE13 0PB"])
    assert (review["starts_on"], review["ends_on"]) == ("2026-04-01", "2027-03-31")
    assert review["budget_lines"][0] == {
        "category": "staff",
        "description": "Patrol coordinator",
        "amounts": [{"financial_year": "2026-27", "amount_pence": 1_000_000, "indicative": False}],
    }
    assert review["other_funding"] == [
        {"funder": "Home Office", "programme": "Safer Streets 5", "amount_pence": 30_000_000, "status": "awarded"}
    ]
    assert review["outcomes"][0]["target"] == "20% fewer reports by March 2027"


def test_each_bid_shows_its_csps_allocation_and_what_remains(client, grants, auth, ready, make_round, deliver_events):
    funding_round = make_round()
    allocations = {"allocations": {"melton": "30000"}}
    grants.put(f"/rounds/{funding_round['id']}/allocations", json=allocations, headers=auth("opcc_reviewer"))
    deliver_events()
    first = ready(round_id=funding_round["id"], budget_lines=budget("20000"))
    client.post(f"/bids/{first['id']}/submit", headers=auth())
    second = ready(round_id=funding_round["id"], budget_lines=budget("12000"))

    shown = client.get(f"/bids/{second['id']}", headers=auth()).json
    refused = client.post(f"/bids/{second['id']}/submit", headers=auth())

    assert {k: shown["allocation"][k] for k in ("allocation", "requested", "awarded", "remaining")} == {
        "allocation": "30000.00",
        "requested": "20000.00",
        "awarded": "0.00",
        "remaining": "10000.00",
    }
    assert_problem(
        refused,
        422,
        {
            "amount_requested": "Reduce the budget to no more than £10,000.00: that is what remains of your CSP's "
            "indicative allocation of £30,000.00 after its other submitted and awarded bids"
        },
    )


def test_a_round_that_requires_a_quote_takes_only_a_bid_with_a_clean_quote(
    client, auth, make_round, make_bid, upload_evidence
):
    funding_round = make_round(rules={"required_evidence_types": ["quote"]})
    draft = make_bid(round_id=funding_round["id"])
    upload_evidence(draft["id"])

    refused = client.post(f"/bids/{draft['id']}/submit", headers=auth())
    upload_evidence(draft["id"], evidence_type="quote")
    accepted = client.post(f"/bids/{draft['id']}/submit", headers=auth())

    assert_problem(refused, 422, {"evidence": "Upload a quote: this round asks for one"})
    assert accepted.status_code == 200
