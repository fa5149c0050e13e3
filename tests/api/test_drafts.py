"""Drafts: saved a little at a time, never over someone else's save, with a checklist of what is missing."""

from __future__ import annotations

import pytest

from services.bids import drafts, handlers
from shared.auth.dev_identity import demo_principal
from shared.db import unit_of_work
from shared.http.problems import DomainProblem
from tests.api.assertions import PROBLEM_JSON, assert_problem
from tests.api.factories import budget


def test_every_bid_response_carries_an_etag_that_changes_with_each_save(client, auth, make_round, save_draft):
    created = client.post("/bids", json={"round_id": make_round()["id"]}, headers=auth())
    loaded = client.get(f"/bids/{created.json['id']}", headers=auth())

    saved = save_draft(created.json["id"], {"title": "Evening patrols"})

    assert created.headers["ETag"] == loaded.headers["ETag"]
    assert saved.headers["ETag"] not in (None, loaded.headers["ETag"])
    assert client.get(f"/bids/{created.json['id']}", headers=auth()).headers["ETag"] == saved.headers["ETag"]


def test_a_save_that_does_not_say_which_version_it_is_based_on_is_refused(client, auth, make_bid):
    draft = make_bid()

    for headers in (auth(), auth() | {"If-Match": "*"}):
        response = client.patch(f"/bids/{draft['id']}", json={"title": "Mine"}, headers=headers)

        assert (response.status_code, response.mimetype) == (428, PROBLEM_JSON)
        assert (
            response.json["detail"] == "Reload the bid and try again: this change must say which version it is based on"
        )
    assert client.get(f"/bids/{draft['id']}", headers=auth()).json["title"] == draft["title"]


def test_the_second_of_two_writers_with_the_same_etag_is_refused_and_the_first_change_is_kept(client, auth, make_bid):
    draft = make_bid()
    etag = client.get(f"/bids/{draft['id']}", headers=auth()).headers["ETag"]
    both = auth() | {"If-Match": etag}

    first = client.patch(f"/bids/{draft['id']}", json={"title": "First writer's title"}, headers=both)
    second = client.patch(f"/bids/{draft['id']}", json={"title": "Second", "need": "Changed too"}, headers=both)

    assert first.status_code == 200
    assert (second.status_code, second.mimetype) == (412, PROBLEM_JSON)
    assert second.json["detail"].startswith("Someone else saved changes to this bid since you loaded it")
    now = client.get(f"/bids/{draft['id']}", headers=auth()).json
    assert (now["title"], now["need"]) == ("First writer's title", draft["need"])
    history = client.get(f"/audit/bid/{draft['id']}", headers=auth()).json
    assert [event["action"] for event in history].count("bid.draft_changed") == 1


def test_a_partial_save_keeps_everything_it_did_not_mention(make_bid, save_draft):
    draft = make_bid()

    saved = save_draft(draft["id"], {"delivery_provider": {"company_number": "sc123456"}, "places": {"wards": []}})

    assert saved.status_code == 200, saved.json
    assert saved.json["delivery_provider"] == draft["delivery_provider"] | {"company_number": "SC123456"}
    assert saved.json["places"] == {"wards": [], "postcodes": ["LE13 0PB"]}
    for field in ("need", "outcomes", "budget_lines", "risks", "starts_on", "ends_on", "amount_requested"):
        assert saved.json[field] == draft[field], field


def test_money_goes_in_as_pounds_and_comes_back_as_pounds_beside_pence_with_later_years_indicative(make_bid):
    lines = [{"category": "staff", "description": "Officer", "amounts": {"2026-27": "20,000", "2027-28": "£21,000.50"}}]

    draft = make_bid(budget_lines=lines, ends_on="2028-03-31")

    [line] = draft["budget_lines"]
    assert line["amounts"] == {"2026-27": "20000.00", "2027-28": "21000.50"}
    assert [(y["year"], y["amount_pence"], y["indicative"]) for y in line["years"]] == [
        ("2026-27", 2_000_000, False),
        ("2027-28", 2_100_050, True),
    ]
    assert (line["total"], draft["amount_requested"], draft["amount_requested_pence"]) == ("41000.50",) * 2 + (
        4_100_050,
    )


@pytest.mark.parametrize("amount", ["12,50", "1,00", "1,00,0"])
def test_a_budget_amount_with_a_comma_out_of_place_is_refused_not_misread(client, auth, make_round, amount):
    body = {"round_id": make_round()["id"], "budget_lines": budget(amount)}

    response = client.post("/bids", json=body, headers=auth())

    assert_problem(response, 422, {"budget_lines": "Enter the amount for the year in pounds and pence, like 12500.00"})
    assert client.get("/bids", headers=auth()).json == []


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-12.50", "Enter an amount of £0 or more"), ("1,000,000,000", "Enter an amount of £999,999,999.99 or less")],
)
def test_a_negative_or_huge_budget_amount_is_told_its_limit(make_bid, save_draft, amount, message):
    draft = make_bid()

    response = save_draft(draft["id"], {"budget_lines": budget(amount)})

    assert_problem(response, 422, {"budget_lines": message})


def test_a_register_number_in_the_wrong_format_is_refused_with_a_message_for_a_person(make_bid, save_draft):
    draft = make_bid()

    response = save_draft(draft["id"], {"delivery_provider": {"charity_number": "12-34"}})

    assert_problem(
        response,
        422,
        {"delivery_provider": "Enter a registered charity number in the correct format, like 1123456 or 1123456-1"},
    )
    assert response.json["errors"][0]["pointer"] == "#/delivery_provider/charity_number"


def test_the_checklist_says_what_is_still_missing_section_by_section(client, auth, make_round):
    created = client.post("/bids", json={"round_id": make_round()["id"], "title": "Patrols"}, headers=auth())

    checklist = created.json["checklist"]

    assert checklist["ready_to_submit"] is False
    by_section = {s["id"]: s for s in checklist["sections"]}
    assert by_section["about"]["missing"] == [
        {"field": "summary", "detail": "Enter a summary of what the project will do"},
        {"field": "need", "detail": "Describe the need the project meets and the evidence for it"},
    ]
    assert by_section["budget"]["missing"] == [{"field": "budget_lines", "detail": "Add at least one budget line"}]
    assert by_section["other_funding"]["status"] == "complete"  # optional


def test_a_complete_draft_with_clean_evidence_is_ready_to_submit(client, auth, make_bid, upload_evidence):
    draft = make_bid()
    upload_evidence(draft["id"])

    shown = client.get(f"/bids/{draft['id']}", headers=auth()).json

    assert shown["checklist"]["ready_to_submit"] is True
    assert {s["status"] for s in shown["checklist"]["sections"]} == {"complete"}


def test_a_draft_without_budget_lines_may_still_say_roughly_how_much_it_will_ask_for(make_bid, save_draft):
    draft = make_bid(without=("budget_lines",), amount_requested="9,000")

    with_lines = save_draft(draft["id"], {"budget_lines": budget("5000", "2500")})
    typed_again = save_draft(draft["id"], {"amount_requested": "1.00"})

    assert draft["amount_requested"] == "9000.00"
    assert with_lines.json["amount_requested"] == "7500.00"
    assert_problem(
        typed_again, 422, {"amount_requested": "Leave out the amount requested: it is the total of the budget lines"}
    )


def test_a_save_that_races_another_past_the_version_check_is_refused_by_the_database(system, make_bid):
    """Two writers both pass the If-Match check before either writes: the revision in the UPDATE still stops the
    second, so its change is refused (412) and the first writer's change is kept."""
    draft = make_bid()
    runtime, officer = system.runtimes["bids"], demo_principal("csp_officer", "melton")
    slow = runtime.session_factory()
    with slow.begin():
        loaded = handlers.get_bid(slow, officer, draft["id"])  # kept, as loaded, for the slow writer
    etag = drafts.etag(loaded)

    with unit_of_work(runtime.session_factory) as fast:
        drafts.change_draft(fast, runtime.outbox, officer, draft["id"], {"title": "Fast writer"}, frozenset({etag}))
    with pytest.raises(DomainProblem) as refused, slow.begin():
        drafts.change_draft(slow, runtime.outbox, officer, draft["id"], {"title": "Slow writer"}, frozenset({etag}))
    slow.close()

    assert refused.value.status == 412
    with runtime.session_factory() as session:
        assert handlers.get_bid(session, officer, draft["id"]).title == "Fast writer"
