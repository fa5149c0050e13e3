"""The OPCC creates and opens funding rounds in grants; bids hears of them through `round.opened`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.clock import today
from tests.api.assertions import PROBLEM_JSON


def test_an_opcc_reviewer_creates_a_round_as_a_draft(grants, auth, round_fields):
    response = grants.post("/rounds", json=round_fields(pot="1,200,000"), headers=auth("opcc_reviewer"))

    assert response.status_code == 201
    assert response.json["status"] == "draft"
    assert response.json["pot"] == "1200000.00"
    assert response.json["pot_pence"] == 120_000_000


def test_opening_a_round_makes_it_open_for_bids_once_the_event_arrives(
    grants, client, auth, make_round, deliver_events
):
    draft = make_round(opened=False)

    response = grants.post(f"/rounds/{draft['id']}/open", headers=auth("opcc_reviewer"))
    assert client.get("/rounds", headers=auth()).json == []
    deliver_events()

    assert response.status_code == 200
    assert response.json["status"] == "open"
    assert [r["round_id"] for r in client.get("/rounds", headers=auth()).json] == [draft["id"]]


def test_opening_a_round_twice_is_a_conflict(grants, auth, make_round):
    opened = make_round()

    response = grants.post(f"/rounds/{opened['id']}/open", headers=auth("opcc_reviewer"))

    assert response.status_code == 409
    assert response.mimetype == PROBLEM_JSON
    assert response.json["detail"] == "This round is already open"


def test_a_round_whose_closing_date_has_passed_cannot_be_opened(grants, auth, make_round):
    past = make_round(
        opened=False,
        opens_on=(today() - timedelta(days=30)).isoformat(),
        closes_on=(today() - timedelta(days=1)).isoformat(),
    )

    response = grants.post(f"/rounds/{past['id']}/open", headers=auth("opcc_reviewer"))

    assert response.status_code == 409
    assert response.json["errors"] == [
        {"field": "closes_on", "pointer": "#/closes_on", "detail": "The closing date must be today or later"}
    ]


def test_a_round_breaking_several_rules_is_refused_with_a_message_for_each(grants, auth, round_fields):
    body = round_fields(financial_year="2026/28", pot="0", opens_on="2026-06-30", closes_on="2026-04-01")

    response = grants.post("/rounds", json=body, headers=auth("opcc_reviewer"))

    assert response.status_code == 422
    assert {e["field"]: e["detail"] for e in response.json["errors"]} == {
        "financial_year": "Enter the financial year like 2026/27",
        "closes_on": "The closing date must be after the opening date",
        "pot": "The pot must be more than £0",
    }


@pytest.mark.parametrize("role", ["csp_officer", "provider_contributor"])
def test_a_draft_round_is_not_shown_to_csps_or_providers(grants, auth, make_round, role):
    draft, opened = make_round(opened=False, name="Draft fund"), make_round(name="Open fund")

    listed = grants.get("/rounds", headers=auth(role)).json
    shown = grants.get(f"/rounds/{draft['id']}", headers=auth(role))

    assert [r["id"] for r in listed] == [opened["id"]]
    assert shown.status_code == 404
    assert shown.json["detail"] == "There is no funding round with that id"  # as for a round that never was


def test_the_opcc_sees_draft_rounds(grants, auth, make_round):
    draft = make_round(opened=False)

    listed = grants.get("/rounds", headers=auth("finance")).json
    shown = grants.get(f"/rounds/{draft['id']}", headers=auth("finance"))

    assert [r["id"] for r in listed] == [draft["id"]]
    assert shown.json["status"] == "draft"


@pytest.mark.parametrize(
    ("pot", "message"),
    [
        ("1,2,3", "Enter the pot in pounds and pence, like 250000.00"),
        ("250,00", "Enter the pot in pounds and pence, like 250000.00"),
        ("-250000", "Enter an amount of £0.01 or more"),
        ("1,000,000,000", "Enter an amount of £999,999,999.99 or less"),
    ],
)
def test_a_pot_that_is_not_a_sum_of_money_is_refused_with_what_to_enter(grants, auth, round_fields, pot, message):
    response = grants.post("/rounds", json=round_fields(pot=pot), headers=auth("opcc_reviewer"))

    assert response.status_code == 422
    assert {e["field"]: e["detail"] for e in response.json["errors"]} == {"pot": message}


def test_a_csp_officer_may_not_create_or_open_rounds(grants, auth, round_fields, make_round):
    draft = make_round(opened=False)

    created = grants.post("/rounds", json=round_fields(), headers=auth("csp_officer"))
    opened = grants.post(f"/rounds/{draft['id']}/open", headers=auth("csp_officer"))

    assert (created.status_code, opened.status_code) == (403, 403)
    assert created.mimetype == PROBLEM_JSON
    assert created.json["detail"] == "Your role does not allow this"


def test_without_a_token_grants_asks_for_one(grants, round_fields):
    response = grants.post("/rounds", json=round_fields())

    assert response.status_code == 401
    assert response.mimetype == PROBLEM_JSON
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="safergrants"'


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer", "expired"],
    ids=["garbage", "wrong-scheme", "empty", "expired"],
)
def test_a_bad_or_expired_token_is_refused_and_says_why(grants, auth, authorization):
    if authorization == "expired":
        authorization = auth("opcc_reviewer", lifetime=timedelta(minutes=-5))["Authorization"]

    response = grants.get("/rounds", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.mimetype == PROBLEM_JSON
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.json["detail"] == "Your sign-in token is not valid or has expired: get a new one"


def test_an_unknown_round_is_not_found(grants, auth):
    response = grants.get("/rounds/6a1f7c3e-0d55-4f1c-9a53-1b8c2b7e0f11", headers=auth("opcc_reviewer"))

    assert response.status_code == 404
    assert response.json["detail"] == "There is no funding round with that id"
