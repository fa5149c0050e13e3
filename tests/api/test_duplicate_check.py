"""A CSP officer checks a draft for duplicate funding before submitting; the OPCC sees everything."""

from __future__ import annotations

import io

import pytest

from tests.api.assertions import assert_problem
from tests.api.factories import budget, provider

HEADER = (
    "id,funder,funder_org_id,programme,recipient_name,recipient_org_id,provider_name,provider_org_id,title,"
    "description,amount,award_date,start_date,end_date,csp,district,wards,status,confidential\n"
)
SAFER_STREETS_MELTON = (
    "SS5-MEL,Home Office,,Safer Streets Fund Round 5,OPCC for Leicestershire,,Melton Borough Council,,"
    '"Safer Streets 5: Melton Mowbray anti-social behaviour","Melton Mowbray anti-social behaviour project officer '
    'post working with town centre businesses and young people",300000,2025-03-01,2025-04-01,2027-03-31,melton,,,'
    "awarded,no\n"
)
CONFIDENTIAL_MELTON = (
    "CONF-1,Public Health,,Domestic Abuse Act,Leicestershire County Council,,Melton Borough Council,,"
    '"Melton town centre ASB officer (confidential)","Anti-social behaviour project officer for Melton Mowbray town '
    'centre",50000,2025-03-01,2025-04-01,2027-03-31,melton,,,awarded,yes\n'
)
NO_REASON = "Enter the reason for your decision, so the CSP and auditors can see why"
ASB_OFFICER = {
    "title": "ASB project officer, Melton town centre",
    "summary": "A dedicated officer tackling anti-social behaviour in Melton Mowbray town centre with businesses",
    "delivery_provider": provider("Melton Borough Council"),
}


@pytest.fixture
def register_with(grants, auth):
    def load(*rows: str) -> None:
        body = {"file": (io.BytesIO((HEADER + "".join(rows)).encode()), "register.csv", "text/csv")}
        response = grants.post(
            "/register/imports", data=body, headers=auth("opcc_reviewer"), content_type="multipart/form-data"
        )
        assert response.status_code in (200, 201), response.get_json()

    return load


def _check(grants, auth, bid_id, role="csp_officer", csp_id="melton"):
    return grants.get(f"/duplicate-checks/bids/{bid_id}", headers=auth(role, csp_id))


def test_a_draft_that_repeats_a_safer_streets_award_is_a_likely_duplicate_with_reasons(
    grants, auth, make_bid, register_with, deliver_events
):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(**ASB_OFFICER)
    deliver_events()

    response = _check(grants, auth, bid["id"])

    assert response.status_code == 200, response.get_json()
    [finding] = [f for f in response.json["findings"] if f["kind"] == "register"]
    assert finding["band"] == "likely duplicate"
    assert finding["programme"] == "Safer Streets Fund Round 5"
    assert finding["link"].startswith("/grants/register/records/")
    signals = {reason["signal"] for reason in finding["reasons"]}
    assert {"similar_activity", "overlapping_places"} <= signals
    assert all(reason["text"] for reason in finding["reasons"])
    [activity] = [reason["text"] for reason in finding["reasons"] if reason["signal"] == "similar_activity"]
    assert activity.startswith("Similar activity: both describe 'anti-social behaviour', 'project officer'"), activity
    assert response.json["counts"]["likely duplicate"] >= 1


def test_an_unrelated_draft_has_no_findings(grants, auth, make_bid, register_with, deliver_events):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(
        title="Cyber safety lessons",
        summary="Online safety workshops in primary schools about cyberbullying",
        delivery_provider=provider("Rutland Digital Safety CIC"),
        csp_id="rutland",
    )
    deliver_events()

    response = _check(grants, auth, bid["id"], csp_id="rutland")

    assert response.status_code == 200
    assert response.json["findings"] == []


def test_another_csps_overlapping_draft_is_shown_to_exist_but_nothing_of_it_leaks(
    grants, auth, make_round, make_bid, deliver_events
):
    funding_round = make_round()
    secret = "Charnwood's private wording about Loughborough"
    make_bid(
        round_id=funding_round["id"],
        csp_id="charnwood",
        **ASB_OFFICER | {"summary": ASB_OFFICER["summary"] + ". " + secret},
    )
    mine = make_bid(round_id=funding_round["id"], **ASB_OFFICER)
    deliver_events()

    response = _check(grants, auth, mine["id"])

    [finding] = [f for f in response.json["findings"] if f["kind"] == "bid"]
    assert finding["csp"] == "Charnwood"
    assert finding["id"] is None and finding["title"] is None and finding["link"] is None
    assert secret not in response.get_data(as_text=True)
    assert "private to that CSP" in finding["reasons"][0]["text"]


def test_the_opcc_sees_the_other_csps_bid_in_full_with_a_link_to_it(
    client, grants, auth, make_round, make_bid, deliver_events
):
    funding_round = make_round()
    theirs = make_bid(round_id=funding_round["id"], csp_id="charnwood", **ASB_OFFICER)
    mine = make_bid(round_id=funding_round["id"], **ASB_OFFICER)
    deliver_events()

    response = _check(grants, auth, mine["id"], role="opcc_reviewer", csp_id=None)

    [finding] = [f for f in response.json["findings"] if f["kind"] == "bid"]
    assert (finding["id"], finding["title"]) == (theirs["id"], ASB_OFFICER["title"])
    assert finding["link"] == f"/bids/bids/{theirs['id']}"
    followed = client.get(finding["link"].removeprefix("/bids"), headers=auth("opcc_reviewer"))
    assert followed.status_code == 200 and followed.json["title"] == ASB_OFFICER["title"]


def test_a_confidential_register_record_is_shown_to_a_csp_only_as_existing_and_to_the_opcc_in_full(
    grants, auth, make_bid, register_with, deliver_events
):
    register_with(CONFIDENTIAL_MELTON)
    bid = make_bid(**ASB_OFFICER)
    deliver_events()

    csp_view = _check(grants, auth, bid["id"])
    opcc_view = _check(grants, auth, bid["id"], role="opcc_reviewer", csp_id=None)

    # Left out, it would tell the CSP nothing overlaps: the false reassurance this check exists to end.
    [hidden] = [f for f in csp_view.json["findings"] if f["kind"] == "register"]
    [shown] = [f for f in opcc_view.json["findings"] if f["kind"] == "register"]
    assert (hidden["band"], hidden["score"], hidden["confidential"]) == (shown["band"], shown["score"], True)
    assert hidden["id"] is None and hidden["title"] is None and hidden["link"] is None
    assert [r["signal"] for r in hidden["reasons"]] == ["confidential_record"]
    assert "ask the OPCC" in hidden["reasons"][0]["text"]
    assert csp_view.json["counts"] == opcc_view.json["counts"]
    for secret in (shown["id"], shown["title"], shown["funder"], shown["recipient"], "(confidential)"):
        assert secret not in csp_view.get_data(as_text=True)


def test_an_officer_cannot_check_another_csps_bid(grants, auth, make_bid, deliver_events):
    bid = make_bid(**ASB_OFFICER)
    deliver_events()

    response = _check(grants, auth, bid["id"], csp_id="charnwood")

    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_a_changed_draft_is_checked_as_it_now_reads(grants, auth, make_bid, save_draft, register_with, deliver_events):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(
        title="Cyber safety lessons",
        summary="Online safety workshops in schools",
        delivery_provider=provider("Rutland Digital Safety CIC"),
    )
    deliver_events()
    assert _check(grants, auth, bid["id"]).json["findings"] == []

    changed = save_draft(bid["id"], ASB_OFFICER)
    assert changed.status_code == 200
    deliver_events()

    assert _check(grants, auth, bid["id"]).json["counts"]["likely duplicate"] == 1


def test_a_check_asked_for_a_save_grants_has_not_caught_up_with_says_so_rather_than_check_the_one_before(
    client, grants, auth, make_bid, save_draft, register_with, deliver_events
):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(title="Cyber safety lessons", summary="Online safety workshops in schools")
    deliver_events()
    changed = save_draft(bid["id"], ASB_OFFICER)
    saved_at = changed.json["updated_at"]

    behind = grants.get(f"/duplicate-checks/bids/{bid['id']}", query_string={"saved_at": saved_at}, headers=auth())
    deliver_events()
    pasted = f"/duplicate-checks/bids/{bid['id']}?saved_at={saved_at}"  # "+00:00" unencoded, as curl users paste it
    caught_up = grants.get(pasted, headers=auth())

    assert behind.status_code == 409 and behind.content_type == "application/problem+json"
    assert "not reached the duplicate check yet" in behind.json["detail"]
    assert caught_up.status_code == 200
    assert caught_up.json["saved_at"] == saved_at
    assert caught_up.json["counts"]["likely duplicate"] == 1


def test_saved_at_must_be_a_time(grants, auth, make_bid, deliver_events):
    bid = make_bid(**ASB_OFFICER)
    deliver_events()

    response = grants.get(f"/duplicate-checks/bids/{bid['id']}", query_string={"saved_at": "yesterday"}, headers=auth())

    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "saved_at"


def test_submitting_a_likely_duplicate_checks_it_and_tells_the_reviewers_and_the_csp(
    client, grants, notifications, auth, make_bid, register_with, upload_evidence, deliver_events
):
    register_with(SAFER_STREETS_MELTON, CONFIDENTIAL_MELTON)
    bid = make_bid(**ASB_OFFICER, budget_lines=budget("25000.00"), priorities=["anti-social-behaviour"])
    upload_evidence(bid["id"])
    assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200
    deliver_events()

    review = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json
    assert review["duplicate_check"]["counts"]["likely duplicate"] == 2
    assert {f["confidential"] for f in review["duplicate_check"]["findings"]} == {True, False}

    reviewers = notifications.get("/notifications", headers=auth("opcc_reviewer")).json
    [opcc] = [n for n in reviewers if n["kind"] == "duplicate_check_opcc"]
    assert "2 likely duplicates" in opcc["subject"]
    [mine] = [n for n in notifications.get("/notifications", headers=auth()).json if n["kind"] == "duplicate_check_csp"]
    assert "Safer Streets" in mine["body"]
    assert "likely duplicate: a confidential record in the funding register (ask the OPCC about it)" in mine["body"]
    assert "(confidential)" not in mine["body"]  # the confidential record's title


@pytest.fixture
def submitted_duplicate(client, auth, make_bid, register_with, upload_evidence, deliver_events):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(**ASB_OFFICER, budget_lines=budget("25000.00"), priorities=["anti-social-behaviour"])
    upload_evidence(bid["id"])
    assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200
    deliver_events()
    return bid


def test_a_reviewer_decides_a_finding_with_a_reason_and_the_csp_sees_it(grants, auth, submitted_duplicate):
    bid_id = submitted_duplicate["id"]
    review = grants.get(f"/reviews/{bid_id}", headers=auth("opcc_reviewer")).json
    [finding] = [f for f in review["duplicate_check"]["findings"] if f["kind"] == "register"]

    decided = grants.put(
        f"/reviews/{bid_id}/findings/register/{finding['id']}/decision",
        json={
            "decision": "not_duplicate",
            "reason": "Safer Streets pays for the post until March; this bid starts after it ends.",
        },
        headers=auth("opcc_reviewer"),
    )

    assert decided.status_code == 200, decided.get_json()
    assert decided.json["label"] == "Related, not a duplicate"
    csp_view = _check(grants, auth, bid_id).json
    [seen] = [f for f in csp_view["findings"] if f["kind"] == "register"]
    assert seen["decision"]["reason"].startswith("Safer Streets pays for the post")
    assert seen["decision"]["decided_by"] == "Sam Okafor"


def test_the_review_record_shows_each_decision_on_a_finding_as_soon_as_it_is_made_and_as_it_now_stands(
    grants, auth, submitted_duplicate
):
    bid_id = submitted_duplicate["id"]
    [finding] = _register_findings(_review(grants, auth, bid_id)["duplicate_check"])
    url = f"/reviews/{bid_id}/findings/register/{finding['id']}/decision"
    grants.put(url, json={"decision": "duplicate", "reason": "The same post."}, headers=auth("opcc_reviewer"))

    changed = grants.put(
        url,
        json={"decision": "not_duplicate", "reason": "Safer Streets pays for the post until March only."},
        headers=auth("opcc_reviewer"),
    )

    assert changed.status_code == 200, changed.get_json()
    [shown] = _register_findings(_review(grants, auth, bid_id)["duplicate_check"])
    assert shown["decision"] == changed.json
    assert (shown["decision"]["label"], shown["decision"]["decided_by"]) == ("Related, not a duplicate", "Sam Okafor")
    queue = grants.get("/reviews", query_string={"status": "awaiting_review"}, headers=auth("opcc_reviewer")).json
    [listed] = [_register_findings(item["duplicate_check"]) for item in queue if item["bid_id"] == bid_id]
    assert [f["decision"] for f in listed] == [changed.json]


def test_a_decision_on_a_confidential_finding_reaches_the_csp_without_its_reason(
    client, grants, auth, make_bid, register_with, upload_evidence, deliver_events
):
    register_with(CONFIDENTIAL_MELTON)
    bid = make_bid(**ASB_OFFICER, budget_lines=budget("25000.00"), priorities=["anti-social-behaviour"])
    upload_evidence(bid["id"])
    assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200
    deliver_events()
    review = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json
    [finding] = [f for f in review["duplicate_check"]["findings"] if f["kind"] == "register"]

    grants.put(
        f"/reviews/{bid['id']}/findings/register/{finding['id']}/decision",
        json={"decision": "duplicate", "reason": "The Melton exploitation work already pays for this officer."},
        headers=auth("opcc_reviewer"),
    )

    [seen] = [f for f in _check(grants, auth, bid["id"]).json["findings"] if f["kind"] == "register"]
    assert seen["decision"]["label"] == "Duplicate — same activity"
    assert "reason" not in seen["decision"] and "decided_by" not in seen["decision"]
    assert "exploitation" not in _check(grants, auth, bid["id"]).get_data(as_text=True)


def test_a_decision_needs_a_reason_and_a_reviewer(grants, auth, submitted_duplicate):
    bid_id = submitted_duplicate["id"]
    review = grants.get(f"/reviews/{bid_id}", headers=auth("opcc_reviewer")).json
    finding_id = review["duplicate_check"]["findings"][0]["id"]
    url = f"/reviews/{bid_id}/findings/register/{finding_id}/decision"

    without_reason = grants.put(url, json={"decision": "duplicate"}, headers=auth("opcc_reviewer"))
    by_the_csp = grants.put(url, json={"decision": "duplicate", "reason": "x"}, headers=auth())
    unknown = grants.put(
        f"/reviews/{bid_id}/findings/register/not-a-finding/decision",
        json={"decision": "duplicate", "reason": "x"},
        headers=auth("opcc_reviewer"),
    )

    assert_problem(without_reason, 422, {"reason": NO_REASON})
    assert by_the_csp.status_code == 403
    assert unknown.status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "\n\t "])
def test_a_blank_reason_is_refused_as_a_missing_one_and_nothing_is_decided(grants, auth, submitted_duplicate, reason):
    bid_id = submitted_duplicate["id"]
    [finding] = _register_findings(_review(grants, auth, bid_id)["duplicate_check"])

    refused = grants.put(
        f"/reviews/{bid_id}/findings/register/{finding['id']}/decision",
        json={"decision": "duplicate", "reason": reason},
        headers=auth("opcc_reviewer"),
    )

    assert_problem(refused, 422, {"reason": NO_REASON})
    [unchanged] = _register_findings(_check(grants, auth, bid_id, role="opcc_reviewer", csp_id=None).json)
    assert unchanged["decision"] is None


def _review(grants, auth, bid_id) -> dict:
    return grants.get(f"/reviews/{bid_id}", headers=auth("opcc_reviewer")).json


def _register_findings(check: dict) -> list[dict]:
    return [f for f in check["findings"] if f["kind"] == "register"]


# The matching index lives between checks: what arrives after a check is found by the next one.


def _register_ids(response) -> list[str]:
    return [f["id"] for f in response.json["findings"] if f["kind"] == "register"]


def test_a_record_imported_after_a_check_is_found_by_the_next_check(
    grants, auth, make_bid, register_with, deliver_events
):
    bid = make_bid(**ASB_OFFICER)
    deliver_events()
    assert _register_ids(_check(grants, auth, bid["id"])) == []

    register_with(SAFER_STREETS_MELTON)

    assert len(_register_ids(_check(grants, auth, bid["id"]))) == 1


def test_a_draft_changed_after_a_check_is_matched_as_it_is_now(
    client, grants, auth, make_bid, register_with, deliver_events
):
    register_with(SAFER_STREETS_MELTON)
    bid = make_bid(title="Library opening hours", summary="Longer opening hours at Melton library for study groups")
    deliver_events()
    assert _register_ids(_check(grants, auth, bid["id"])) == []

    saved = client.get(f"/bids/{bid['id']}", headers=auth("csp_officer", "melton"))
    headers = {
        **auth("csp_officer", "melton"),
        **({"If-Match": saved.headers["ETag"]} if saved.headers.get("ETag") else {}),
    }
    changed = client.patch(
        f"/bids/{bid['id']}", json={k: ASB_OFFICER[k] for k in ("title", "summary")}, headers=headers
    )
    assert changed.status_code == 200, changed.get_json()
    deliver_events()

    assert len(_register_ids(_check(grants, auth, bid["id"]))) == 1


def test_a_bid_is_never_its_own_finding(grants, auth, make_bid, deliver_events):
    bid = make_bid(**ASB_OFFICER)
    other = make_bid(**ASB_OFFICER)
    deliver_events()

    found = [f["id"] for f in _check(grants, auth, bid["id"]).json["findings"] if f["kind"] == "bid"]

    assert found == [other["id"]]
