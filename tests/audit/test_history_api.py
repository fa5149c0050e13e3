"""GET /audit/{entity_type}/{entity_id}: the OPCC and auditors read any history, a CSP its own entities'."""

from __future__ import annotations

import pytest

from tests.api.assertions import PROBLEM_JSON


def assert_problem(response, status: int) -> None:
    assert (response.status_code, response.mimetype) == (status, PROBLEM_JSON)


@pytest.fixture
def submitted(client, auth, make_bid, upload_evidence, deliver_events) -> dict:
    bid = make_bid()
    assert upload_evidence(bid["id"]).status_code == 201
    assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200
    deliver_events()
    return bid


@pytest.mark.parametrize("role", ["opcc_reviewer", "opcc_approver", "finance", "admin", "auditor"])
def test_the_opcc_and_auditors_read_a_bids_history_oldest_first(client, auth, submitted, role):
    response = client.get(f"/audit/bid/{submitted['id']}", headers=auth(role))

    assert response.status_code == 200, response.get_json()
    assert [event["action"] for event in response.json] == [
        "bid.draft_created",
        "bid.evidence_added",
        "bid.evidence_scanned",  # by bids itself, once the virus scan passed the file
        "bid.submitted",
    ]
    first = response.json[0]
    assert (first["actor_name"], first["organisation"], first["csp_id"]) == ("Morgan Hale", "melton", "melton")
    assert first["client_address"] == "127.0.0.1"


def test_a_csp_officer_reads_its_own_bids_history_without_addresses(client, grants, auth, submitted):
    in_bids = client.get(f"/audit/bid/{submitted['id']}", headers=auth())
    in_grants = grants.get(f"/audit/bid/{submitted['id']}", headers=auth())

    assert in_bids.status_code == 200
    assert len(in_bids.json) == 4  # draft created, evidence added, evidence scanned, submitted
    assert {event["client_address"] for event in in_bids.json} == {None}
    assert {event["action"] for event in in_grants.json} >= {"review_item.created", "bid_copy.recorded"}


def test_another_csp_is_told_there_is_no_history_so_the_bid_does_not_leak(client, grants, auth, submitted):
    for service in (client, grants):
        response = service.get(f"/audit/bid/{submitted['id']}", headers=auth("csp_officer", "charnwood"))

        assert_problem(response, 404)
        assert response.json["detail"] == "There is no history for that entity"


def test_a_provider_contributor_may_not_read_history(client, auth, submitted):
    response = client.get(f"/audit/bid/{submitted['id']}", headers=auth("provider_contributor", bid_id=submitted["id"]))

    assert_problem(response, 403)


def test_rounds_and_the_register_are_the_opccs_history_not_a_csps(grants, auth, make_round):
    funding_round = make_round()

    opcc = grants.get(f"/audit/round/{funding_round['id']}", headers=auth("auditor"))
    officer = grants.get(f"/audit/round/{funding_round['id']}", headers=auth())

    assert [event["action"] for event in opcc.json] == ["round.created", "round.opened"]
    assert officer.status_code == 404


def test_an_unknown_kind_of_entity_or_an_entity_with_no_history_is_not_found(client, notifications, auth):
    assert_problem(client.get("/audit/spaceship/abc", headers=auth("auditor")), 404)
    assert_problem(client.get("/audit/bid/no-such-bid", headers=auth("auditor")), 404)
    assert_problem(notifications.get("/audit/notification/none", headers=auth("auditor")), 404)


def test_a_notifications_history_shows_it_queued_by_the_system(notifications, auth, submitted):
    [mine] = [n for n in notifications.get("/notifications", headers=auth()).json if n["kind"] == "bid_acknowledgement"]

    own = notifications.get(f"/audit/notification/{mine['id']}", headers=auth())
    audited = notifications.get(f"/audit/notification/{mine['id']}", headers=auth("auditor"))

    assert own.status_code == 200
    assert [event["action"] for event in audited.json] == ["notification.queued"]
    assert audited.json[0]["actor_id"] == "system:notifications"


def test_a_csp_officer_may_not_read_the_history_of_a_colleagues_notification(notifications, auth, submitted):
    [for_reviewers] = [
        n for n in notifications.get("/notifications", headers=auth("opcc_reviewer")).json if n["kind"] == "new_bid"
    ]

    response = notifications.get(f"/audit/notification/{for_reviewers['id']}", headers=auth())

    assert_problem(response, 404)
