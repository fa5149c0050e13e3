"""A CSP officer deletes a draft started by mistake: it leaves their lists, their allocation summary and other
CSPs' duplicate checks, and only the audit trail still tells of it."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from services import registry
from shared.auth.scoping import SYSTEM, acting_as
from shared.clock import utcnow
from shared.events import Envelope
from tests.api.assertions import PROBLEM_JSON
from tests.api.factories import budget
from tests.api.test_after_submission import return_bid
from tests.api.test_duplicate_check import ASB_OFFICER

PRIYA = {"email": "priya.shah@provider.example", "name": "Priya Shah"}


@pytest.fixture
def delete_draft(client, auth):
    """`delete_draft(bid_id)`: a DELETE as a page sends it, with the ETag it loaded the bid with."""

    def delete(bid_id: str, csp_id: str = "melton", headers: dict | None = None):
        headers = headers or auth("csp_officer", csp_id)
        etag = client.get(f"/bids/{bid_id}", headers=auth("csp_officer", csp_id)).headers.get("ETag", '"not-loaded"')
        return client.delete(f"/bids/{bid_id}", headers=headers | {"If-Match": etag})

    return delete


def _check(grants, auth, bid_id, csp_id="melton"):
    return grants.get(f"/duplicate-checks/bids/{bid_id}", headers=auth("csp_officer", csp_id))


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


def test_a_deleted_draft_no_longer_shows_in_another_csps_duplicate_check(
    grants, auth, make_round, make_bid, delete_draft, deliver_events
):
    funding_round = make_round()
    theirs = make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    mine = make_bid(round_id=funding_round["id"], **ASB_OFFICER)
    deliver_events()
    before = _check(grants, auth, mine["id"]).json["findings"]
    assert [f["csp"] for f in before if f["kind"] == "bid"] == ["Charnwood"]

    assert delete_draft(theirs["id"], csp_id="charnwood").status_code == 204
    deliver_events()

    # The same process's index, synced since the first check: the deletion reaches it incrementally.
    after = _check(grants, auth, mine["id"]).json["findings"]
    assert [f for f in after if f["kind"] == "bid"] == []
    assert _check(grants, auth, theirs["id"], csp_id="charnwood").status_code == 404


def test_a_deleted_draft_no_longer_counts_in_the_allocation_summary(
    grants, auth, make_round, make_bid, delete_draft, deliver_events
):
    funding_round = make_round()
    make_bid(round_id=funding_round["id"], budget_lines=budget("5000"))
    mistake = make_bid(round_id=funding_round["id"], budget_lines=budget("40000"))
    deliver_events()
    summary = f"/rounds/{funding_round['id']}/allocations"
    assert _melton(grants.get(summary, headers=auth()))["in_drafts"] == "45000.00"

    assert delete_draft(mistake["id"]).status_code == 204
    deliver_events()

    assert _melton(grants.get(summary, headers=auth()))["in_drafts"] == "5000.00"
    assert _melton(grants.get(summary, headers=auth("opcc_reviewer")))["in_drafts"] == "5000.00"


def test_a_save_arriving_after_the_deletion_does_not_bring_the_draft_back(
    system, grants, auth, make_round, make_bid, delete_draft, deliver_events
):
    funding_round = make_round()
    theirs = make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    old_save = _draft_saved(system, theirs["id"])
    assert delete_draft(theirs["id"], csp_id="charnwood").status_code == 204
    deliver_events()

    registry.make_consumer(system.runtimes["grants"]).handle(Envelope("bid.draft_saved", 2, "bids", "late", old_save))

    assert _check(grants, auth, theirs["id"], csp_id="charnwood").status_code == 404
    summary = grants.get(f"/rounds/{funding_round['id']}/allocations", headers=auth("opcc_reviewer"))
    assert {row["csp_id"]: row["in_drafts"] for row in summary.json["csps"]}["charnwood"] == "0.00"


def test_a_deletion_that_overtakes_every_save_still_keeps_the_draft_out(system, grants, auth, make_round, make_bid):
    funding_round = make_round()
    theirs = make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    old_save = _draft_saved(system, theirs["id"])
    deleted = {**{k: old_save[k] for k in ("bid_id", "round_id", "csp_id")}, "deleted_at": utcnow().isoformat()}
    consumer = registry.make_consumer(system.runtimes["grants"])

    consumer.handle(Envelope("bid.draft_deleted", 1, "bids", "first", deleted))
    consumer.handle(Envelope("bid.draft_saved", 2, "bids", "late", old_save))

    assert _check(grants, auth, theirs["id"], csp_id="charnwood").status_code == 404


def _melton(response) -> dict:
    return {row["csp_id"]: row for row in response.json["csps"]}["melton"]


def _draft_saved(system, bid_id: str) -> dict:
    """The payload of the bid's last save as bids sent it, from bids' outbox."""
    runtime = system.runtimes["bids"]
    outbox = runtime.tables.outbox
    with acting_as(SYSTEM), runtime.session_factory() as session:
        bodies = session.scalars(sa.select(outbox.c.body).where(outbox.c.event_type == "bid.draft_saved")).all()
    return [p for p in (json.loads(body)["payload"] for body in bodies) if p["bid_id"] == bid_id][-1]
