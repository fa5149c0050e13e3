"""Per-CSP indicative allocations: set by hand or by formula, and what each CSP has asked for against them."""

from __future__ import annotations

import pytest

from tests.api.assertions import assert_problem
from tests.api.factories import budget

# Figures for every CSP: a formula leaving one out is refused rather than giving it £0.
FORMULA = {
    "weights": {"population": 50, "crime": 25, "non_crime_demand": 25},
    "data": {
        "blaby-hinckley-bosworth": {"population": 205000, "crime": 11900, "non_crime_demand": 8300},
        "charnwood": {"population": 183000, "crime": 14200, "non_crime_demand": 9100},
        "harborough": {"population": 97600, "crime": 5200, "non_crime_demand": 3400},
        "melton": {"population": 51800, "crime": 3100, "non_crime_demand": 2050},
        "north-west-leicestershire": {"population": 104700, "crime": 7600, "non_crime_demand": 4900},
        "oadby-wigston": {"population": 57700, "crime": 3900, "non_crime_demand": 2500},
        "rutland": {"population": 41000, "crime": "1700", "non_crime_demand": 1200.5},
        "leicester-city": {"population": 368600, "crime": 52000, "non_crime_demand": 31400},
    },
}


@pytest.fixture
def allocate(grants, auth):
    """`allocate(round_id, {"melton": "30000"})`: set allocations by hand as the OPCC."""

    def put(round_id: str, amounts: dict[str, str]):
        return grants.put(
            f"/rounds/{round_id}/allocations", json={"allocations": amounts}, headers=auth("opcc_reviewer")
        )

    return put


def _by_csp(response) -> dict[str, dict]:
    return {row["csp_id"]: row for row in response.json["csps"]}


def test_allocations_set_by_hand_may_leave_part_of_the_pot_unallocated(make_round, allocate):
    funding_round = make_round(pot="100000")

    response = allocate(funding_round["id"], {"melton": "30000", "rutland": "20,000.50"})

    assert response.status_code == 200
    assert (response.json["allocated"], response.json["unallocated"]) == ("50000.50", "49999.50")
    assert _by_csp(response)["melton"]["allocation"] == "30000.00"
    assert _by_csp(response)["charnwood"]["allocation"] == "0.00"


def test_allocations_set_by_hand_may_not_add_up_to_more_than_the_pot(make_round, allocate):
    funding_round = make_round(pot="100000")

    response = allocate(funding_round["id"], {"melton": "60000", "rutland": "40000.01"})

    assert_problem(response, 422, {"allocations": "Enter allocations that add up to no more than the pot"})
    assert response.json["detail"] == "The allocations add up to £100,000.01, more than the pot of £100,000.00"


def test_an_allocation_with_a_comma_out_of_place_is_refused_not_misread(make_round, allocate):
    response = allocate(make_round()["id"], {"melton": "300,00"})

    assert_problem(response, 422, {"allocations": "Enter an amount like 30000.00"})


def test_an_unknown_csp_is_refused(make_round, allocate):
    response = allocate(make_round()["id"], {"gotham": "1000"})

    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "allocations"


def test_a_formula_shares_the_whole_pot_to_the_pound(grants, auth, make_round):
    funding_round = make_round(pot="250000")

    response = grants.post(
        f"/rounds/{funding_round['id']}/allocations/formula", json=FORMULA, headers=auth("opcc_reviewer")
    )

    assert response.status_code == 200
    rows = _by_csp(response)
    assert sum(rows[csp]["allocation_pence"] for csp in FORMULA["data"]) == 25_000_000
    assert all(rows[csp]["allocation_pence"] % 100 == 0 for csp in rows)
    assert response.json["unallocated"] == "0.00"


def test_a_formula_that_leaves_a_csp_out_is_refused_naming_it(grants, auth, make_round):
    without_rutland = {csp: figures for csp, figures in FORMULA["data"].items() if csp != "rutland"}

    response = grants.post(
        f"/rounds/{make_round()['id']}/allocations/formula",
        json=FORMULA | {"data": without_rutland},
        headers=auth("opcc_reviewer"),
    )

    assert_problem(response, 422, {"data/rutland": "Enter Rutland's population, crime and non-crime demand"})


def test_a_pot_with_pence_leaves_only_the_pence_unallocated(grants, auth, make_round):
    funding_round = make_round(pot="250000.75")

    response = grants.post(
        f"/rounds/{funding_round['id']}/allocations/formula", json=FORMULA, headers=auth("opcc_reviewer")
    )

    assert response.json["unallocated_pence"] == 75


def test_a_formula_whose_weights_do_not_add_up_to_100_is_refused(grants, auth, make_round):
    body = FORMULA | {"weights": {"population": 50, "crime": 25}}

    response = grants.post(
        f"/rounds/{make_round()['id']}/allocations/formula", json=body, headers=auth("opcc_reviewer")
    )

    assert_problem(response, 422, {"weights": "Enter weights that add up to 100"})


def test_three_weights_of_a_third_each_share_the_whole_pot(grants, auth, make_round):
    thirds = {"population": 33.333333333333336, "crime": 33.333333333333336, "non_crime_demand": 33.333333333333336}

    response = grants.post(
        f"/rounds/{make_round(pot='250000')['id']}/allocations/formula",
        json=FORMULA | {"weights": thirds},
        headers=auth("opcc_reviewer"),
    )

    assert response.status_code == 200, response.json
    assert response.json["allocated"] == "250000.00"


def test_each_csp_sees_what_it_has_requested_and_what_remains(
    client, grants, auth, make_round, make_bid, upload_evidence, allocate, deliver_events
):
    funding_round = make_round()
    allocate(funding_round["id"], {"melton": "30000", "charnwood": "40000"})
    submitted = make_bid(round_id=funding_round["id"], budget_lines=budget("12500"))
    upload_evidence(submitted["id"])
    client.post(f"/bids/{submitted['id']}/submit", headers=auth())
    make_bid(round_id=funding_round["id"], budget_lines=budget("5000"))
    make_bid(round_id=funding_round["id"], csp_id="charnwood", budget_lines=budget("7000"))
    deliver_events()

    melton_view = _by_csp(grants.get(f"/rounds/{funding_round['id']}/allocations", headers=auth()))
    opcc_view = _by_csp(grants.get(f"/rounds/{funding_round['id']}/allocations", headers=auth("opcc_reviewer")))

    assert {k: melton_view["melton"][k] for k in ("allocation", "requested", "in_drafts", "awarded", "remaining")} == {
        "allocation": "30000.00",
        "requested": "12500.00",
        "in_drafts": "5000.00",
        "awarded": "0.00",
        "remaining": "17500.00",
    }
    # Other CSPs' allocations and submitted totals are public; their drafts are not.
    assert melton_view["charnwood"]["allocation"] == "40000.00"
    assert melton_view["charnwood"]["in_drafts"] is None
    assert opcc_view["charnwood"]["in_drafts"] == "7000.00"


def test_allocations_of_an_open_round_reach_bids(client, auth, make_round, allocate, deliver_events):
    funding_round = make_round()

    allocate(funding_round["id"], {"melton": "30000"})
    deliver_events()

    assert client.get("/rounds", headers=auth()).json[0]["allocations"] == {"melton": 3_000_000}


def test_allocations_made_before_opening_travel_with_round_opened(
    grants, client, auth, make_round, allocate, deliver_events
):
    draft = make_round(opened=False)
    allocate(draft["id"], {"rutland": "10000"})

    grants.post(f"/rounds/{draft['id']}/open", headers=auth("opcc_reviewer"))
    deliver_events()

    assert client.get("/rounds", headers=auth()).json[0]["allocations"] == {"rutland": 1_000_000}


def test_the_pot_cannot_be_cut_below_what_is_allocated(grants, auth, make_round, allocate):
    funding_round = make_round(pot="100000")
    allocate(funding_round["id"], {"melton": "80000"})

    response = grants.patch(f"/rounds/{funding_round['id']}", json={"pot": "50000"}, headers=auth("opcc_reviewer"))

    assert_problem(response, 422, {"pot": "Enter a pot of at least the total allocated to CSPs"})


def test_a_draft_rounds_allocations_are_not_shown_to_a_csp(grants, auth, make_round, allocate):
    draft = make_round(opened=False)
    allocate(draft["id"], {"melton": "20000", "charnwood": "30000"})

    response = grants.get(f"/rounds/{draft['id']}/allocations", headers=auth("csp_officer", "charnwood"))

    assert response.status_code == 404
    assert response.json["detail"] == "There is no funding round with that id"
    assert "20000" not in response.get_data(as_text=True)


def test_a_draft_rounds_allocations_are_shown_to_the_opcc(grants, auth, make_round, allocate):
    draft = make_round(opened=False)
    allocate(draft["id"], {"melton": "20000", "charnwood": "30000"})

    response = grants.get(f"/rounds/{draft['id']}/allocations", headers=auth("opcc_reviewer"))

    assert _by_csp(response)["melton"]["allocation"] == "20000.00"


def test_a_csp_officer_may_read_but_not_set_allocations(grants, auth, make_round, allocate):
    funding_round = make_round()

    response = grants.put(
        f"/rounds/{funding_round['id']}/allocations", json={"allocations": {"melton": "1"}}, headers=auth()
    )

    assert response.status_code == 403
    assert grants.get(f"/rounds/{funding_round['id']}/allocations", headers=auth()).status_code == 200
