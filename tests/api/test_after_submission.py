"""After submission: the OPCC returns a bid for amendment, the CSP resubmits it as version 2 and everyone can
read what changed; a CSP can withdraw a bid before a decision."""

from __future__ import annotations

from tests.api.assertions import assert_problem

REASON = "Say how you will measure fewer reports, and split the coordinator's post by year."


def return_bid(grants, auth, bid_id: str, reason: str = REASON):
    return grants.post(f"/reviews/{bid_id}/return", json={"reason": reason}, headers=auth("opcc_reviewer"))


def test_a_returned_bid_is_amended_resubmitted_as_version_2_and_the_change_reads_in_plain_words(
    client, grants, notifications, auth, submitted, save_draft, deliver_events
):
    bid = submitted()
    first_check = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["duplicate_check"]

    returned = return_bid(grants, auth, bid["id"])
    deliver_events()

    assert returned.status_code == 200, returned.get_json()
    assert (returned.json["status"], returned.json["status_reason"]) == ("returned", REASON)
    in_bids = client.get(f"/bids/{bid['id']}", headers=auth()).json
    assert in_bids["status"] == "returned"
    last = in_bids["status_history"][-1]
    assert (last["status"], last["reason"], last["by"]["name"]) == ("returned", REASON, "Sam Okafor")
    [told] = [n for n in notifications.get("/notifications", headers=auth()).json if n["kind"] == "bid_returned"]
    assert REASON in told["body"]

    lines = [
        {"category": "staff", "description": "Patrol coordinator", "amounts": {"2026-27": "12,000.00"}},
        {"category": "equipment", "description": "Radios and first aid kits", "amounts": {"2026-27": "2500.00"}},
        {"category": "services", "description": "First aid training", "amounts": {"2026-27": "2000.00"}},
    ]
    changed = save_draft(bid["id"], {"title": "Night-time patrols, Friday to Sunday", "budget_lines": lines})
    resubmitted = client.post(f"/bids/{bid['id']}/submit", headers=auth())
    deliver_events()

    assert changed.status_code == 200, changed.get_json()
    assert resubmitted.status_code == 200, resubmitted.get_json()
    assert (resubmitted.json["status"], resubmitted.json["version"]) == ("submitted", 2)
    review = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json
    assert (review["status"], review["status_reason"], review["title"]) == (
        "awaiting_review",
        None,
        "Night-time patrols, Friday to Sunday",
    )
    assert review["duplicate_check"]["checked_at"] != first_check["checked_at"]
    actions = [e["action"] for e in grants.get(f"/audit/bid/{bid['id']}", headers=auth("auditor")).json]
    assert {"review_item.created", "review_item.returned", "review_item.replaced"} <= set(actions)

    diff = client.get(f"/bids/{bid['id']}/versions/2/diff", headers=auth())

    assert diff.status_code == 200, diff.get_json()
    assert (diff.json["from_version"], diff.json["to_version"]) == (1, 2)
    by_field = {change["field"]: change for change in diff.json["changes"]}
    assert by_field["title"]["changes"] == [
        'Title changed from "Town centre night-time patrols" to "Night-time patrols, Friday to Sunday"'
    ]
    assert by_field["budget_lines"]["changes"] == [
        "Budget line changed (staff, Patrol coordinator): amount for 2026-27 changed from £10,000.00 to £12,000.00",
        "Budget line added: services, First aid training: 2026-27 £2,000.00",
    ]
    assert by_field["amount_requested_pence"]["changes"] == ["Amount requested changed from £12,500.00 to £16,500.00"]
    assert grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).status_code == 200
    opcc = client.get(f"/bids/{bid['id']}/versions/2/diff", headers=auth("opcc_reviewer"))
    assert opcc.json == diff.json


def test_version_1_reads_as_everything_first_sent_and_a_missing_version_is_not_found(client, auth, submitted):
    bid = submitted()

    first = client.get(f"/bids/{bid['id']}/versions/1/diff", headers=auth())
    missing = client.get(f"/bids/{bid['id']}/versions/2/diff", headers=auth())

    assert first.status_code == 200
    assert first.json["from_version"] is None
    assert 'Title added: "Town centre night-time patrols"' in {s for c in first.json["changes"] for s in c["changes"]}
    assert missing.status_code == 404


def test_only_a_bid_awaiting_review_is_returned_and_a_reason_is_needed(grants, auth, submitted, deliver_events):
    bid = submitted()

    blank = return_bid(grants, auth, bid["id"], reason="   ")
    first = return_bid(grants, auth, bid["id"])
    again = return_bid(grants, auth, bid["id"])

    assert_problem(blank, 422, {"reason": "Enter the reason for returning the bid, so the CSP knows what to change"})
    assert first.status_code == 200
    assert again.status_code == 409
    assert return_bid(grants, auth, "no-such-bid").status_code == 404


def test_a_csp_withdraws_a_submitted_bid_and_it_leaves_the_review_queue(
    client, grants, notifications, auth, submitted, deliver_events
):
    bid = submitted()

    withdrawn = client.post(f"/bids/{bid['id']}/withdraw", json={"reason": "Funded by the council"}, headers=auth())
    deliver_events()

    assert withdrawn.status_code == 200, withdrawn.get_json()
    assert withdrawn.json["status"] == "withdrawn"
    assert withdrawn.json["status_history"][-1]["reason"] == "Funded by the council"
    review = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json
    assert (review["status"], review["status_reason"]) == ("withdrawn", "Funded by the council")
    kinds = [n["kind"] for n in notifications.get("/notifications", headers=auth("opcc_reviewer")).json]
    assert "bid_withdrawn" in kinds
    assert return_bid(grants, auth, bid["id"]).status_code == 409


def test_a_returned_bid_can_be_withdrawn_but_a_draft_or_a_withdrawn_bid_cannot(
    client, grants, auth, make_bid, submitted, deliver_events
):
    returned = submitted()
    return_bid(grants, auth, returned["id"])
    deliver_events()
    draft = make_bid()
    reason = {"reason": "No longer needed"}

    assert client.post(f"/bids/{returned['id']}/withdraw", json=reason, headers=auth()).status_code == 200
    assert client.post(f"/bids/{returned['id']}/withdraw", json=reason, headers=auth()).status_code == 409
    assert client.post(f"/bids/{draft['id']}/withdraw", json=reason, headers=auth()).status_code == 409
    assert_problem(
        client.post(f"/bids/{draft['id']}/withdraw", json={}, headers=auth()),
        422,
        {"reason": "Enter the reason for withdrawing the bid"},
    )


def test_a_return_crossing_a_withdrawal_leaves_the_bid_withdrawn_on_both_sides(
    client, grants, auth, submitted, deliver_events
):
    bid = submitted()

    assert return_bid(grants, auth, bid["id"]).status_code == 200
    withdrawn = client.post(f"/bids/{bid['id']}/withdraw", json={"reason": "Not needed"}, headers=auth())
    deliver_events()

    assert withdrawn.status_code == 200
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["status"] == "withdrawn"
    assert grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["status"] == "withdrawn"


def test_another_csps_bid_cannot_be_withdrawn(client, auth, submitted):
    bid = submitted()

    response = client.post(
        f"/bids/{bid['id']}/withdraw", json={"reason": "Not ours"}, headers=auth("csp_officer", "charnwood")
    )

    assert response.status_code == 404


def test_a_returned_bid_is_resubmitted_after_its_round_has_closed_and_the_round_waits_for_it(
    client, grants, auth, make_round, submitted, save_draft, deliver_events
):
    funding_round = make_round()
    path = f"/rounds/{funding_round['id']}"
    late, withdrawn_later = submitted(round_id=funding_round["id"]), submitted(round_id=funding_round["id"])
    for bid in (late, withdrawn_later):
        return_bid(grants, auth, bid["id"])
    grants.post(f"{path}/close", headers=auth("opcc_reviewer"))
    deliver_events()

    amended = save_draft(late["id"], {"title": "Night-time patrols, Friday to Sunday"})
    resubmitted = client.post(f"/bids/{late['id']}/submit", headers=auth())
    new_bid = client.post("/bids", json={"round_id": funding_round["id"], "title": "Too late"}, headers=auth())
    deliver_events()

    assert amended.status_code == 200, amended.get_json()
    assert (resubmitted.status_code, resubmitted.json["version"]) == (200, 2), resubmitted.get_json()
    assert grants.get(f"/reviews/{late['id']}", headers=auth("opcc_reviewer")).json["status"] == "awaiting_review"
    assert new_bid.status_code == 422

    grants.post(
        f"/reviews/{late['id']}/decision",
        json={"outcome": "declined", "reason": "Oversubscribed"},
        headers=auth("opcc_approver"),
    )
    waiting = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))  # the other returned bid
    client.post(f"/bids/{withdrawn_later['id']}/withdraw", json={"reason": "Not needed"}, headers=auth())
    deliver_events()
    decided = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))
    deliver_events()

    assert waiting.status_code == 409
    assert decided.status_code == 200, decided.get_json()
    [shown] = [r for r in client.get("/rounds", headers=auth()).json if r["round_id"] == funding_round["id"]]
    assert shown["status"] == "decided"
