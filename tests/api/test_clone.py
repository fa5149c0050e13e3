"""Re-use, not re-type: a CSP clones an earlier bid into another round, and new drafts know the last provider."""

from __future__ import annotations

from tests.api.assertions import assert_problem


def submitted_bid(client, auth, make_bid, upload_evidence, deliver_events, **overrides) -> dict:
    bid = make_bid(**overrides)
    assert upload_evidence(bid["id"]).status_code == 201
    assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200, "submitted"
    deliver_events()
    return client.get(f"/bids/{bid['id']}", headers=auth()).json


def test_a_submitted_bid_cloned_into_another_round_is_a_new_draft_with_its_content_but_not_its_evidence(
    client, grants, auth, make_round, make_bid, upload_evidence, deliver_events
):
    earlier = submitted_bid(client, auth, make_bid, upload_evidence, deliver_events)
    next_round = make_round(name="Community Safety Fund 2027/28")

    response = client.post(f"/bids/{earlier['id']}/clone", json={"round_id": next_round["id"]}, headers=auth())
    deliver_events()

    assert response.status_code == 201, response.get_json()
    clone = response.json
    assert clone["id"] != earlier["id"] and clone["round_id"] == next_round["id"]
    assert (clone["status"], clone["version"], clone["evidence"]) == ("draft", 1, [])
    for field in ("title", "summary", "need", "priorities", "outcomes", "delivery_provider", "places", "risks"):
        assert clone[field] == earlier[field], field
    assert clone["budget_lines"] == earlier["budget_lines"]
    assert [change["status"] for change in clone["status_history"]] == ["draft"]
    assert clone["prefilled_from"]["bid_id"] == earlier["id"]
    assert {"title", "budget_lines", "delivery_provider_name"} <= set(clone["prefilled_from"]["fields"])
    assert response.headers["ETag"]
    # grants learnt of the clone as a draft, so it can be checked for duplicate funding before submitting
    assert grants.get(f"/duplicate-checks/bids/{clone['id']}", headers=auth()).status_code == 200


def test_the_earlier_bid_is_left_as_it_was(client, auth, make_round, make_bid):
    earlier = make_bid()
    clone = client.post(f"/bids/{earlier['id']}/clone", json={"round_id": make_round()["id"]}, headers=auth()).json

    assert client.get(f"/bids/{earlier['id']}", headers=auth()).json["title"] == earlier["title"]
    assert clone["title"] == earlier["title"]


def test_a_clone_is_recorded_once_in_the_audit_trail_naming_its_source(client, auth, make_round, make_bid):
    earlier = make_bid()
    clone = client.post(f"/bids/{earlier['id']}/clone", json={"round_id": make_round()["id"]}, headers=auth()).json

    history = client.get(f"/audit/bid/{clone['id']}", headers=auth()).json

    assert [event["action"] for event in history] == ["bid.cloned"]
    assert history[0]["changes"]["cloned_from"] == {"before": None, "after": earlier["id"]}


def test_another_csps_bid_cannot_be_cloned_and_is_not_found(client, auth, make_round, make_bid):
    theirs = make_bid(csp_id="charnwood")

    response = client.post(f"/bids/{theirs['id']}/clone", json={"round_id": make_round()["id"]}, headers=auth())

    assert (response.status_code, response.json["detail"]) == (404, "There is no bid with that id")


def test_a_clone_is_only_made_for_a_round_open_for_bids(client, auth, make_round, make_bid):
    earlier = make_bid()
    unopened = make_round(opened=False)

    for round_id in (unopened["id"], "no-such-round"):
        response = client.post(f"/bids/{earlier['id']}/clone", json={"round_id": round_id}, headers=auth())

        assert_problem(response, 422, {"round_id": "Choose a funding round that is open for bids"})
    assert_problem(
        client.post(f"/bids/{earlier['id']}/clone", json={}, headers=auth()),
        422,
        {"round_id": "Choose the funding round the new draft is for"},
    )


def test_a_new_draft_without_a_provider_starts_with_the_provider_of_the_csps_last_bid(
    client, auth, make_round, make_bid
):
    last = make_bid(delivery_provider={"name": "Melton Street Pastors", "type": "charity", "charity_number": "1123456"})
    round_id = make_round()["id"]

    draft = client.post("/bids", json={"round_id": round_id, "title": "Evening patrols"}, headers=auth())

    assert draft.status_code == 201, draft.get_json()
    assert draft.json["delivery_provider"]["name"] == "Melton Street Pastors"
    assert draft.json["delivery_provider"]["charity_number"] == "1123456"
    assert draft.json["prefilled_from"] == {
        "bid_id": last["id"],
        "fields": ["delivery_provider_name", "provider_type", "charity_number"],
    }


def test_a_new_draft_naming_its_provider_or_from_another_csp_is_not_prefilled(client, auth, make_round, make_bid):
    make_bid()
    round_id = make_round()["id"]

    named = client.post(
        "/bids", json={"round_id": round_id, "delivery_provider": {"name": "Melton Borough Council"}}, headers=auth()
    )
    elsewhere = client.post("/bids", json={"round_id": round_id}, headers=auth("csp_officer", "charnwood"))

    assert named.json["delivery_provider"]["name"] == "Melton Borough Council"
    assert "prefilled_from" not in named.json
    assert elsewhere.json["delivery_provider"]["name"] == ""
    assert "prefilled_from" not in elsewhere.json
