"""Odd input gets a 4xx problem, never a 500, on SQLite and on PostgreSQL alike.

PostgreSQL refuses NUL characters and over-long values that SQLite stores quietly; JSON can carry lone
surrogates that no UTF-8 database can store. Each must be refused at the edge, with a message.
"""

from __future__ import annotations

from tests.api.assertions import PROBLEM_JSON
from tests.api.factories import (
    MELTON_BID,
    on_both_databases,  # noqa: F401 - fixtures
)

ODD_TEXT = {
    "nul": "before\x00after",
    "lone-surrogate": "\ud83d",
    "line-break": "one\ntwo",
    "megabyte": "x" * 1_000_000,
}
# As they arrive in a URL: percent-encoded NUL and bytes that are not UTF-8 at all.
ODD_IDS = ["%00", "a%00b", "%ED%A0%BD", "%FF%FE", "x" * 5000, "..", "%2e%2e%2fetc"]


# (service, method, path template, role) for every operation that takes an id in its path.
BY_ID = [
    ("bids", "get", "/bids/{}", "csp_officer"),
    ("bids", "patch", "/bids/{}", "csp_officer"),
    ("bids", "post", "/bids/{}/submit", "csp_officer"),
    ("bids", "get", "/bids/{}/evidence", "csp_officer"),
    ("bids", "post", "/bids/{}/evidence", "csp_officer"),
    ("bids", "get", "/bids/{0}/evidence/{0}/download", "csp_officer"),
    ("bids", "get", "/evidence-downloads/{}", "csp_officer"),
    ("grants", "get", "/rounds/{}", "opcc_reviewer"),
    ("grants", "post", "/rounds/{}/open", "opcc_reviewer"),
    ("grants", "get", "/reviews/{}", "opcc_reviewer"),
    ("notifications", "get", "/notifications/{}", "opcc_reviewer"),
]


def test_an_id_no_service_could_have_minted_is_simply_not_found(system, auth):
    for service, method, template, role in BY_ID:
        client = system.apps[service].test_client()
        for odd_id in ODD_IDS:
            response = getattr(client, method)(template.format(odd_id), headers=auth(role), json={})
            assert response.status_code == 404, (method, template, odd_id)
            assert response.mimetype == PROBLEM_JSON


def test_odd_text_in_a_bid_is_refused_with_a_message_for_that_field(make_bid, save_draft):
    draft = make_bid()

    for kind, text in ODD_TEXT.items():
        for field in ("title", "summary", "need", "delivery_provider_name"):
            response = save_draft(draft["id"], {field: text})
            if field in ("summary", "need") and kind == "line-break":
                assert response.status_code == 200  # a summary may have paragraphs
                continue
            assert response.status_code == 422, (field, kind)
            assert [e["field"] for e in response.json["errors"]] == [field]


def test_odd_text_where_an_id_or_a_name_belongs_is_refused(client, grants, auth, round_fields):
    for kind, text in ODD_TEXT.items():
        bid = client.post("/bids", json={"round_id": text, **MELTON_BID}, headers=auth())
        funding_round = grants.post("/rounds", json=round_fields(name=text), headers=auth("opcc_reviewer"))

        assert (bid.status_code, funding_round.status_code) == (422, 422), kind


def test_a_priority_chosen_twice_counts_once_and_the_bid_still_submits(client, auth, make_bid, upload_evidence):
    draft = make_bid(priorities=["anti-social-behaviour", "anti-social-behaviour"])
    upload_evidence(draft["id"])

    submitted = client.post(f"/bids/{draft['id']}/submit", headers=auth())

    assert draft["priorities"] == ["anti-social-behaviour"]
    assert submitted.status_code == 200


def test_the_longest_title_allowed_still_fits_in_every_message_about_it(
    client, notifications, auth, make_bid, upload_evidence, deliver_events
):
    draft = make_bid(title="T" * 300)
    upload_evidence(draft["id"], content_type="application/" + "x" * 200, filename="n" * 400 + ".pdf")

    submitted = client.post(f"/bids/{draft['id']}/submit", headers=auth())
    deliver_events()

    assert submitted.status_code == 200
    subjects = [n["subject"] for n in notifications.get("/notifications", headers=auth("opcc_reviewer")).json]
    assert len(subjects) == 3  # acknowledgement, new bid, duplicate-funding check
    assert all(len(subject) <= 300 for subject in subjects)
