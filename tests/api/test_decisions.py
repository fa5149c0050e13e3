"""The OPCC decides a submitted bid: an approver awards (an amount, with conditions) or declines it with a
reason; bids takes the outcome, the CSP's allocation shows what was awarded, and the round can then close
its books."""

from __future__ import annotations

import threading

import pytest

from tests.api.assertions import assert_problem
from tests.api.factories import budget, on_both_databases  # noqa: F401 - fixtures
from tests.api.test_duplicate_check import ASB_OFFICER, SAFER_STREETS_MELTON, register_with  # noqa: F401

REASON = "Meets the anti-social behaviour priority; the radios are funded by the council's own budget."
TOO_MUCH = "The amount awarded must be no more than the £12,500.00 requested"
AWARD = {"outcome": "awarded", "amount_awarded": "100.00", "reason": "Meets the ASB priority"}
NO_REASON = "Enter the reason for the decision, so the CSP and anyone checking later know why"
CONDITIONS = ["Quarterly spend returns with receipts", "Acknowledge the OPCC in publicity"]


@pytest.fixture
def allocated_round(grants, auth, make_round, deliver_events):
    """`allocated_round()`: an open round in which Melton's indicative allocation is £30,000."""

    def make() -> dict:
        funding_round = make_round()
        allocations = {"allocations": {"melton": "30000"}}
        grants.put(f"/rounds/{funding_round['id']}/allocations", json=allocations, headers=auth("opcc_reviewer"))
        deliver_events()
        return funding_round

    return make


def melton_allocation(grants, auth, round_id: str) -> dict:
    rows = grants.get(f"/rounds/{round_id}/allocations", headers=auth()).json["csps"]
    return next(row for row in rows if row["csp_id"] == "melton")


def decide(grants, auth, bid_id: str, role: str = "opcc_approver", **body):
    fields = {"outcome": "awarded", "amount_awarded": "10000.00", "conditions": CONDITIONS, "reason": REASON}
    return grants.post(f"/reviews/{bid_id}/decision", json=fields | body, headers=auth(role))


def test_an_award_reaches_the_bid_with_its_amount_conditions_and_reason(
    client, grants, auth, submitted, deliver_events
):
    bid = submitted(budget_lines=budget("12500.00"))

    decided = decide(grants, auth, bid["id"])
    deliver_events()

    assert decided.status_code == 200, decided.get_json()
    assert (decided.json["status"], decided.json["amount_awarded"]) == ("awarded", "10000.00")
    assert (decided.json["award_conditions"], decided.json["status_reason"]) == (CONDITIONS, REASON)
    assert decided.json["decided_by"]["role"] == "opcc_approver"
    shown = client.get(f"/bids/{bid['id']}", headers=auth()).json
    assert shown["status"] == "awarded"
    assert {k: shown["decision"][k] for k in ("outcome", "amount_awarded", "conditions", "reason")} == {
        "outcome": "awarded",
        "amount_awarded": "10000.00",
        "conditions": CONDITIONS,
        "reason": REASON,
    }
    last = shown["status_history"][-1]
    assert (last["status"], last["reason"], last["by"]["role"]) == ("awarded", REASON, "opcc_approver")
    actions = {e["action"] for e in client.get(f"/audit/bid/{bid['id']}", headers=auth()).json}
    assert "bid.awarded" in actions
    assert "review_item.awarded" in {e["action"] for e in grants.get(f"/audit/bid/{bid['id']}", headers=auth()).json}


def test_a_partial_award_frees_the_rest_of_the_csps_allocation_in_grants_and_in_bids(
    client, grants, auth, allocated_round, submitted, deliver_events
):
    funding_round = allocated_round()
    bid = submitted(round_id=funding_round["id"], budget_lines=budget("20000"))

    decide(grants, auth, bid["id"], amount_awarded="15000.00")
    deliver_events()

    melton = melton_allocation(grants, auth, funding_round["id"])
    assert (melton["requested_pence"], melton["awarded_pence"], melton["remaining_pence"]) == (
        2_000_000,
        1_500_000,
        1_500_000,
    )
    allocation = client.get(f"/bids/{bid['id']}", headers=auth()).json["allocation"]
    assert (allocation["requested"], allocation["awarded"], allocation["remaining"]) == (
        "20000.00",
        "15000.00",
        "15000.00",
    )


def test_a_declined_bid_stands_against_nothing(client, grants, auth, allocated_round, submitted, deliver_events):
    funding_round = allocated_round()
    bid = submitted(round_id=funding_round["id"], budget_lines=budget("20000"))

    declined = decide(grants, auth, bid["id"], outcome="declined", amount_awarded=None, conditions=[])
    deliver_events()

    assert declined.status_code == 200, declined.get_json()
    shown = client.get(f"/bids/{bid['id']}", headers=auth()).json
    assert (shown["status"], shown["decision"]["amount_awarded"]) == ("declined", "0.00")
    melton = melton_allocation(grants, auth, funding_round["id"])
    assert (melton["requested_pence"], melton["awarded_pence"], melton["remaining_pence"]) == (0, 0, 3_000_000)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"amount_awarded": "20000.00"}, "amount_awarded", TOO_MUCH),
        ({"amount_awarded": "0"}, "amount_awarded", "The amount awarded must be more than £0"),
        ({"amount_awarded": "-1"}, "amount_awarded", "Enter an amount of £0.01 or more"),
        ({"amount_awarded": "12,50"}, "amount_awarded", "Enter the amount awarded in pounds and pence, like 12500.00"),
        ({"amount_awarded": None}, "amount_awarded", "Enter the amount awarded"),
        ({"outcome": "declined"}, "amount_awarded", "Leave the amount empty when the bid is declined"),
        ({"reason": "  "}, "reason", NO_REASON),
        ({"outcome": "maybe"}, "outcome", "Select whether to award or decline the bid"),
    ],
)  # fmt: skip
def test_a_decision_with_a_mistake_is_refused_field_by_field_and_changes_nothing(
    client, grants, auth, submitted, deliver_events, body, field, message
):
    bid = submitted(budget_lines=budget("12500.00"))

    refused = decide(grants, auth, bid["id"], **body)
    deliver_events()

    assert_problem(refused, 422, {field: message})
    assert grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["status"] == "awaiting_review"
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["status"] == "submitted"


def test_only_an_approver_decides_and_a_decision_is_final(grants, auth, submitted):
    bid = submitted()

    by_reviewer = decide(grants, auth, bid["id"], role="opcc_reviewer")
    first = decide(grants, auth, bid["id"])
    again = decide(grants, auth, bid["id"], outcome="declined", amount_awarded=None)

    assert by_reviewer.status_code == 403
    assert first.status_code == 200, first.get_json()
    assert again.status_code == 409
    assert again.json["detail"] == "This bid has already been awarded: a decision cannot be changed"


def test_a_withdrawn_bid_cannot_be_decided_and_a_returned_one_only_declined(
    client, grants, auth, submitted, deliver_events
):
    returned, withdrawn = submitted(), submitted()
    grants.post(f"/reviews/{returned['id']}/return", json={"reason": "Add a risk"}, headers=auth("opcc_reviewer"))
    client.post(f"/bids/{withdrawn['id']}/withdraw", json={"reason": "Funded elsewhere"}, headers=auth())
    deliver_events()

    award = decide(grants, auth, returned["id"])
    never_resubmitted = decide(
        grants, auth, returned["id"], outcome="declined", amount_awarded=None, conditions=[], reason="Not resubmitted"
    )
    deliver_events()

    assert award.json["detail"].startswith("This bid has been returned to its CSP for amendment: award it once")
    assert never_resubmitted.status_code == 200, never_resubmitted.get_json()
    assert client.get(f"/bids/{returned['id']}", headers=auth()).json["status"] == "declined"
    assert decide(grants, auth, withdrawn["id"]).json["detail"] == (
        "This bid has been withdrawn by its CSP and cannot be decided"
    )


def test_a_decision_and_a_return_at_the_same_moment_do_not_both_happen(grants, auth, submitted, system):
    bid = submitted()
    approver, reviewer = auth("opcc_approver"), auth("opcc_reviewer")
    grants_app = system.apps["grants"]
    answers, start = [], threading.Barrier(2)

    def call(path: str, body: dict, headers: dict) -> None:
        with grants_app.test_client() as client:
            start.wait()
            answers.append(client.post(path, json=body, headers=headers).status_code)

    threads = [
        threading.Thread(target=call, args=(f"/reviews/{bid['id']}/decision", AWARD, approver)),
        threading.Thread(target=call, args=(f"/reviews/{bid['id']}/return", {"reason": "Add a risk"}, reviewer)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [200, 409]
    status = grants.get(f"/reviews/{bid['id']}", headers=reviewer).json["status"]
    assert status in ("awarded", "returned")


def test_an_award_waits_until_every_likely_duplicate_finding_is_decided(
    client,
    grants,
    auth,
    make_bid,
    register_with,  # noqa: F811 - the fixture imported above
    upload_evidence,
    deliver_events,
):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(**ASB_OFFICER, budget_lines=budget("25000.00"), priorities=["anti-social-behaviour"])
    upload_evidence(bid["id"])
    client.post(f"/bids/{bid['id']}/submit", headers=auth())
    deliver_events()
    findings = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["duplicate_check"]["findings"]
    likely = [f for f in findings if f["band"] == "likely duplicate"]

    refused = decide(grants, auth, bid["id"])
    for finding in likely:
        grants.put(
            f"/reviews/{bid['id']}/findings/{finding['kind']}/{finding['id']}/decision",
            json={"decision": "not_duplicate", "reason": "Safer Streets ends before this bid starts."},
            headers=auth("opcc_reviewer"),
        )
    awarded = decide(grants, auth, bid["id"])
    declined_elsewhere = decide(grants, auth, bid["id"], outcome="declined", amount_awarded=None)

    assert likely
    assert refused.status_code == 409
    assert refused.json["detail"].startswith(f"Decide the {len(likely)} likely duplicate finding")
    assert awarded.status_code == 200, awarded.get_json()
    assert declined_elsewhere.status_code == 409


@pytest.mark.parametrize(
    ("outcome", "detail"),
    [("awarded", "This bid has been awarded"), ("declined", "This bid has been declined"),
     ("withdrawn", "This bid has been withdrawn by its CSP")],
)  # fmt: skip
def test_decisions_on_findings_cannot_change_once_the_bid_is_decided_or_withdrawn(
    client,
    grants,
    auth,
    submitted,
    register_with,  # noqa: F811 - the fixture imported above
    deliver_events,
    outcome,
    detail,
):
    register_with(SAFER_STREETS_MELTON)
    bid = submitted(**ASB_OFFICER)
    [finding] = register_findings(grants, auth, bid["id"])
    url = f"/reviews/{bid['id']}/findings/register/{finding['id']}/decision"
    first = {"decision": "not_duplicate", "reason": "Safer Streets ends before this bid starts."}
    assert grants.put(url, json=first, headers=auth("opcc_reviewer")).status_code == 200
    if outcome == "withdrawn":
        client.post(f"/bids/{bid['id']}/withdraw", json={"reason": "Funded elsewhere"}, headers=auth())
        deliver_events()
    else:
        body = {"outcome": "declined", "amount_awarded": None, "conditions": []} if outcome == "declined" else {}
        assert decide(grants, auth, bid["id"], **body).status_code == 200

    changed = grants.put(
        url,
        json={"decision": "duplicate", "reason": "On second thoughts, the same post."},
        headers=auth("opcc_reviewer"),
    )

    assert (changed.status_code, changed.mimetype) == (409, "application/problem+json")
    assert changed.json["detail"] == f"{detail}: decisions on its duplicate findings can no longer change"
    now = grants.get(f"/duplicate-checks/bids/{bid['id']}", headers=auth("opcc_reviewer")).json
    [kept] = [f["decision"] for f in now["findings"] if f["kind"] == "register"]
    assert (kept["decision"], kept["reason"]) == ("not_duplicate", first["reason"])


def register_findings(grants, auth, bid_id: str) -> list[dict]:
    """The register findings on a bid's review record, as the OPCC reads them."""
    check = grants.get(f"/reviews/{bid_id}", headers=auth("opcc_reviewer")).json["duplicate_check"]
    return [f for f in check["findings"] if f["kind"] == "register"]


def test_an_award_waits_for_a_check_that_finds_what_the_register_has_learnt_since_submission(
    client,
    grants,
    notifications,
    auth,
    make_bid,
    register_with,  # noqa: F811 - the fixture imported above
    upload_evidence,
    deliver_events,
):
    bid = make_bid(**ASB_OFFICER, budget_lines=budget("25000.00"), priorities=["anti-social-behaviour"])
    upload_evidence(bid["id"])
    client.post(f"/bids/{bid['id']}/submit", headers=auth())
    deliver_events()
    first = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["duplicate_check"]
    register_with(SAFER_STREETS_MELTON)  # another funder's award arrives after the bid was checked

    stale = decide(grants, auth, bid["id"])
    rechecked = grants.post(f"/reviews/{bid['id']}/duplicate-check", headers=auth("opcc_reviewer"))
    deliver_events()
    [found] = [f for f in rechecked.json["duplicate_check"]["findings"] if f["band"] == "likely duplicate"]
    grants.put(
        f"/reviews/{bid['id']}/findings/{found['kind']}/{found['id']}/decision",
        json={"decision": "not_duplicate", "reason": "Safer Streets pays for the post until March only."},
        headers=auth("opcc_reviewer"),
    )
    awarded = decide(grants, auth, bid["id"])
    again = grants.post(f"/reviews/{bid['id']}/duplicate-check", headers=auth("opcc_reviewer"))

    assert first["counts"]["likely duplicate"] == 0
    assert stale.status_code == 409
    assert stale.json["detail"] == (
        "1 new likely duplicate has been found since this bid was checked: check it again, then decide it "
        "before awarding the bid"
    )
    assert rechecked.status_code == 200, rechecked.get_json()
    assert found["title"].startswith("Safer Streets 5")
    kinds = [n["kind"] for n in notifications.get("/notifications", headers=auth("opcc_reviewer")).json]
    assert kinds.count("duplicate_check_opcc") == 2  # the reviewers hear of the second check too
    assert awarded.status_code == 200, awarded.get_json()
    assert again.json["detail"] == "This bid has been awarded: there is no decision left to check it for"


# A draft the round will never take cannot become funding: it is still shown, but an award does not wait on it.


def close(grants, auth, deliver_events, round_id: str) -> None:
    assert grants.post(f"/rounds/{round_id}/close", headers=auth("opcc_reviewer")).status_code == 200
    deliver_events()


def test_a_draft_whose_round_has_closed_is_shown_but_does_not_hold_up_an_award(
    grants, auth, make_round, make_bid, submitted, deliver_events
):
    funding_round = make_round()
    draft = make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    deliver_events()
    bid = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    while_open = decide(grants, auth, bid["id"])

    close(grants, auth, deliver_events, funding_round["id"])
    awarded = decide(grants, auth, bid["id"])

    assert while_open.status_code == 409
    assert while_open.json["detail"] == "Decide the 1 likely duplicate finding on this bid before awarding it"
    assert awarded.status_code == 200, awarded.get_json()
    [shown] = [f for f in awarded.json["duplicate_check"]["findings"] if f["kind"] == "bid"]
    assert (shown["id"], shown["status"], shown["band"], shown["decision"]) == (
        draft["id"],
        "draft",
        "likely duplicate",
        None,
    )


def test_a_draft_begun_after_the_check_in_a_round_since_closed_does_not_make_the_check_out_of_date(
    grants, auth, make_round, make_bid, submitted, deliver_events
):
    funding_round = make_round()
    bid = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    deliver_events()
    while_open = decide(grants, auth, bid["id"])

    close(grants, auth, deliver_events, funding_round["id"])
    awarded = decide(grants, auth, bid["id"])

    assert (while_open.status_code, while_open.json["type"].rsplit("/", 1)[-1]) == (409, "check-out-of-date")
    assert awarded.status_code == 200, awarded.get_json()


def test_a_draft_its_csp_deleted_after_the_check_is_shown_but_does_not_hold_up_an_award(
    client, grants, auth, make_round, make_bid, submitted, deliver_events
):
    funding_round = make_round()
    draft = make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    deliver_events()
    bid = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    while_there = decide(grants, auth, bid["id"])

    charnwood = auth("csp_officer", "charnwood")
    etag = client.get(f"/bids/{draft['id']}", headers=charnwood).headers["ETag"]
    assert client.delete(f"/bids/{draft['id']}", headers=charnwood | {"If-Match": etag}).status_code == 204
    deliver_events()
    awarded = decide(grants, auth, bid["id"])

    assert while_there.status_code == 409
    assert awarded.status_code == 200, awarded.get_json()
    [shown] = [f for f in awarded.json["duplicate_check"]["findings"] if f["kind"] == "bid"]
    assert (shown["id"], shown["band"], shown["decision"]) == (draft["id"], "likely duplicate", None)


def test_a_bid_withdrawn_after_the_check_does_not_hold_up_an_award(
    client, grants, auth, make_round, submitted, deliver_events
):
    funding_round = make_round()
    withdrawn = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    bid = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    while_there = decide(grants, auth, bid["id"])

    reason = {"reason": "The council funds the post instead"}
    assert client.post(f"/bids/{withdrawn['id']}/withdraw", json=reason, headers=auth()).status_code == 200
    deliver_events()
    awarded = decide(grants, auth, bid["id"])

    assert while_there.status_code == 409
    assert awarded.status_code == 200, awarded.get_json()


def test_a_returned_bid_being_amended_still_holds_up_an_award_after_its_round_closes(
    grants, auth, make_round, submitted, save_draft, deliver_events
):
    funding_round = make_round()
    returned = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    bid = submitted(round_id=funding_round["id"], **ASB_OFFICER)
    grants.post(f"/reviews/{returned['id']}/return", json={"reason": "Add a risk"}, headers=auth("opcc_reviewer"))
    deliver_events()
    assert save_draft(returned["id"], {"title": "ASB project officer, Melton town centre (amended)"}).status_code == 200
    deliver_events()  # grants' copy of the returned bid now reads "draft"

    close(grants, auth, deliver_events, funding_round["id"])
    refused = decide(grants, auth, bid["id"])

    # The OPCC asked for the amendments, so the closed round takes the bid back: it may yet be funded.
    assert refused.status_code == 409
    assert refused.json["detail"] == "Decide the 1 likely duplicate finding on this bid before awarding it"


def test_a_round_is_marked_decided_only_when_none_of_its_bids_waits(
    client, grants, auth, make_round, submitted, deliver_events
):
    funding_round = make_round()
    bid = submitted(round_id=funding_round["id"])
    path = f"/rounds/{funding_round['id']}"
    grants.post(f"{path}/close", headers=auth("opcc_reviewer"))

    waiting = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))
    decide(grants, auth, bid["id"], outcome="declined", amount_awarded=None, conditions=[])
    decided = grants.post(f"{path}/decide", headers=auth("opcc_reviewer"))
    deliver_events()

    assert waiting.status_code == 409
    assert waiting.json["detail"].startswith("1 bid is still waiting for a decision")
    assert decided.status_code == 200, decided.get_json()
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["status"] == "declined"


def test_an_award_crossing_a_withdrawal_leaves_the_bid_withdrawn_on_both_sides_and_nothing_awarded(
    client, grants, notifications, auth, make_round, submitted, deliver_events
):
    funding_round = make_round()
    bid = submitted(round_id=funding_round["id"])

    assert decide(grants, auth, bid["id"]).status_code == 200
    withdrawn = client.post(f"/bids/{bid['id']}/withdraw", json={"reason": "Funded elsewhere"}, headers=auth())
    deliver_events()

    assert withdrawn.status_code == 200
    shown = client.get(f"/bids/{bid['id']}", headers=auth()).json
    assert (shown["status"], shown["decision"]) == ("withdrawn", None)
    assert grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["status"] == "withdrawn"
    rows = grants.get(f"/rounds/{funding_round['id']}/allocations", headers=auth()).json["csps"]
    assert [row["awarded_pence"] for row in rows if row["csp_id"] == "melton"] == [0]
    register = grants.get("/register/records", query_string={"q": bid["title"]}, headers=auth()).json["items"]
    assert [r for r in register if r["source"] == "safergrants-award"] == []
    told = {n["kind"]: n for n in notifications.get("/notifications", headers=auth("finance")).json}
    assert told["award_for_finance"]["subject"].startswith("Award to Melton")
    withdrawn_award = told["award_withdrawn_for_finance"]
    assert withdrawn_award["subject"] == f"Award withdrawn by Melton: {bid['title']} (no payment due)"
    assert "Funded elsewhere" in withdrawn_award["body"]
    to_csp = {n["kind"]: n for n in notifications.get("/notifications", headers=auth()).json}
    assert to_csp["award_withdrawn"]["subject"] == f"Your withdrawal stands: no award for {bid['title']}"
    assert "no money will be paid" in to_csp["award_withdrawn"]["body"]


def test_an_award_is_in_the_funding_register_for_every_csp_to_read(grants, auth, submitted, deliver_events):
    bid = submitted(title="Melton street pastors", budget_lines=budget("12500.00"))

    decide(grants, auth, bid["id"], amount_awarded="9000.00")
    deliver_events()

    found = grants.get(
        "/register/records", query_string={"q": "street pastors"}, headers=auth("csp_officer", "rutland")
    )
    [record] = [r for r in found.json["items"] if r["source"] == "safergrants-award"]
    assert (record["source_id"], record["title"], record["amount"]) == (bid["id"], "Melton street pastors", "9000.00")
    assert record["funder_name"] == "Office of the Police and Crime Commissioner for Leicestershire"
    assert (record["recipient_name"], record["status"]) == ("Melton Community Safety Partnership", "awarded")
    assert "CSP:melton" in record["places"] and "LAD:E07000133" in record["places"]
    [event] = [
        e for e in grants.get(f"/audit/bid/{bid['id']}", headers=auth()).json if e["action"] == "review_item.awarded"
    ]
    assert event["changes"]["register_record"] == {"before": None, "after": record["id"]}


def test_other_bids_are_checked_against_awarded_bids_once_and_never_against_declined_or_withdrawn_ones(
    client, grants, auth, make_bid, submitted, deliver_events
):
    awarded, declined, withdrawn = (submitted(**ASB_OFFICER) for _ in range(3))
    decide(grants, auth, declined["id"], outcome="declined", amount_awarded=None, conditions=[])
    client.post(f"/bids/{withdrawn['id']}/withdraw", json={"reason": "Merged into another bid"}, headers=auth())
    deliver_events()
    # Awarded last: while the other two stood, they were likely duplicates of it found since its check.
    assert decide(grants, auth, awarded["id"]).status_code == 200
    deliver_events()
    draft = make_bid(**ASB_OFFICER)
    deliver_events()

    findings = grants.get(f"/duplicate-checks/bids/{draft['id']}", headers=auth()).json["findings"]

    bids = {f["id"]: f["status"] for f in findings if f["kind"] == "bid"}
    assert bids == {awarded["id"]: "awarded"}
    assert not [f for f in findings if f["kind"] == "register" and f["title"] == ASB_OFFICER["title"]]


def test_the_review_queue_narrows_to_bids_still_to_decide_in_a_round(grants, auth, make_round, submitted):
    funding_round = make_round()
    waiting, decided = submitted(round_id=funding_round["id"]), submitted(round_id=funding_round["id"])
    elsewhere = submitted()
    decide(grants, auth, decided["id"], outcome="declined", amount_awarded=None, conditions=[])

    query = {"status": "awaiting_review", "round_id": funding_round["id"]}
    queue = grants.get("/reviews", query_string=query, headers=auth("opcc_approver"))
    wrong = grants.get("/reviews", query_string={"status": "pending"}, headers=auth("opcc_approver"))

    assert [item["bid_id"] for item in queue.json] == [waiting["id"]]
    assert elsewhere["id"] not in [item["bid_id"] for item in queue.json]
    assert_problem(wrong, 422, {"status": "Choose a status: awaiting_review, returned, awarded, declined or withdrawn"})
