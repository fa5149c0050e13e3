"""A CSP officer deletes a draft started by mistake: it leaves their lists, their allocation summary and other
CSPs' duplicate checks, and only the audit trail still tells of it."""

from __future__ import annotations

import pytest

from tests.api.assertions import PROBLEM_JSON
from tests.api.test_after_submission import return_bid

PRIYA = {"email": "priya.shah@provider.example", "name": "Priya Shah"}


@pytest.fixture
def delete_draft(client, auth):
    """`delete_draft(bid_id)`: a DELETE as a page sends it, with the ETag it loaded the bid with."""

    def delete(bid_id: str, csp_id: str = "melton", headers: dict | None = None):
        headers = headers or auth("csp_officer", csp_id)
        etag = client.get(f"/bids/{bid_id}", headers=auth("csp_officer", csp_id)).headers.get("ETag", '"not-loaded"')
        return client.delete(f"/bids/{bid_id}", headers=headers | {"If-Match": etag})

    return delete


def test_a_deleted_draft_is_no_longer_listed_or_found_but_its_audit_trail_still_reads(
    client, auth, make_bid, delete_draft
):
    kept, mistake = make_bid(), make_bid(title="")

    response = delete_draft(mistake["id"])

    assert response.status_code == 204 and response.data == b""
    assert [bid["id"] for bid in client.get("/bids", headers=auth()).json] == [kept["id"]]
    assert client.get(f"/bids/{mistake['id']}", headers=auth()).status_code == 404
    assert client.get(f"/bids/{mistake['id']}", headers=auth("opcc_reviewer")).status_code == 404
    assert client.delete(f"/bids/{mistake['id']}", headers=auth() | {"If-Match": "*"}).status_code == 404
    trail = client.get(f"/audit/bid/{mistake['id']}", headers=auth()).json
    assert trail[-1]["action"] == "bid.draft_deleted"
    assert trail[-1]["changes"]["status"] == {"before": "draft", "after": "deleted"}


def test_another_csps_officer_is_told_there_is_no_such_bid(client, auth, make_bid, delete_draft):
    bid = make_bid()

    response = delete_draft(bid["id"], headers=auth("csp_officer", "charnwood"))

    assert response.status_code == 404
    assert client.get(f"/bids/{bid['id']}", headers=auth()).status_code == 200


@pytest.mark.parametrize("role", ["provider_contributor", "opcc_reviewer", "opcc_approver", "admin"])
def test_only_a_csp_officer_may_delete_a_draft(client, auth, make_bid, delete_draft, role):
    bid = make_bid()
    client.post(f"/bids/{bid['id']}/invitations", json=PRIYA, headers=auth())

    response = delete_draft(bid["id"], headers=auth(role, bid_id=bid["id"]))

    assert response.status_code == 403
    assert client.get(f"/bids/{bid['id']}", headers=auth()).status_code == 200


def test_a_submitted_bid_cannot_be_deleted_it_is_withdrawn_instead(client, auth, submitted, delete_draft):
    bid = submitted()

    response = delete_draft(bid["id"])

    assert (response.status_code, response.mimetype) == (409, PROBLEM_JSON)
    assert response.json["detail"] == "This bid has been submitted, so it cannot be deleted. Withdraw it instead"
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["status"] == "submitted"


def test_a_returned_bid_has_history_with_the_opcc_so_it_cannot_be_deleted(
    client, grants, auth, submitted, delete_draft, deliver_events
):
    bid = submitted()
    assert return_bid(grants, auth, bid["id"]).status_code == 200
    deliver_events()

    response = delete_draft(bid["id"])

    assert (response.status_code, response.mimetype) == (409, PROBLEM_JSON)
    assert (
        response.json["detail"]
        == ("This bid has been returned by the OPCC, so it cannot be deleted. Withdraw it instead")
        in response.json["detail"]
    )
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["status"] == "returned"


def test_deleting_needs_the_draft_as_last_loaded(client, auth, make_bid, save_draft):
    bid = make_bid()
    loaded = client.get(f"/bids/{bid['id']}", headers=auth()).headers["ETag"]
    assert save_draft(bid["id"], {"title": "A colleague's better title"}).status_code == 200

    without = client.delete(f"/bids/{bid['id']}", headers=auth())
    stale = client.delete(f"/bids/{bid['id']}", headers=auth() | {"If-Match": loaded})

    assert (without.status_code, stale.status_code) == (428, 412)
    assert "it has not been deleted" in stale.json["detail"]
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["title"] == "A colleague's better title"


def test_a_provider_invited_to_a_deleted_draft_can_no_longer_reach_it(client, auth, make_bid, delete_draft):
    bid = make_bid()
    invitation = client.post(f"/bids/{bid['id']}/invitations", json=PRIYA, headers=auth()).json
    provider = auth("provider_contributor", bid_id=bid["id"])
    assert client.get(f"/bids/{bid['id']}", headers=provider).status_code == 200

    assert delete_draft(bid["id"]).status_code == 204

    assert client.get(f"/bids/{bid['id']}", headers=provider).status_code == 404
    trail = client.get(f"/audit/bid/{bid['id']}", headers=auth()).json
    assert trail[-1]["changes"]["revoked_invitations"] == {"before": [invitation["id"]], "after": None}


def test_a_new_draft_is_not_prefilled_with_the_provider_of_a_deleted_one(
    client, auth, make_round, make_bid, delete_draft
):
    earlier = make_bid(delivery_provider={"name": "Melton Street Pastors", "type": "other"})
    mistake = make_bid(delivery_provider={"name": "The Wrong Trust", "type": "other"})
    assert delete_draft(mistake["id"]).status_code == 204

    fresh = client.post("/bids", json={"round_id": make_round()["id"], "title": "Patrols"}, headers=auth())

    assert fresh.json["delivery_provider"]["name"] == "Melton Street Pastors"
    assert fresh.json["prefilled_from"]["bid_id"] == earlier["id"]
