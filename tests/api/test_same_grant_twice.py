"""A grant the register holds from two sources (the OPCC's list and the funder's 360Giving data) is one finding."""

from __future__ import annotations

import io
import json

import pytest

from tests.api.test_duplicate_check import ASB_OFFICER, SAFER_STREETS_MELTON, register_with  # noqa: F401

# The Home Office's own record of the award SAFER_STREETS_MELTON is the OPCC's record of.
PUBLISHED = {
    "id": "360G-HO-SS5-MEL",
    "title": "Safer Streets Fund Round 5: Melton Mowbray",
    "description": "Safer Streets grant for anti-social behaviour in Melton Mowbray: a project officer and patrols.",
    "currency": "GBP",
    "amountAwarded": 300000,
    "awardDate": "2025-03-01",
    "plannedDates": [{"startDate": "2025-04-01", "endDate": "2027-03-31"}],
    "recipientOrganization": [{"id": "GB-GOR-PC245", "name": "Police and Crime Commissioner for Leicestershire"}],
    "fundingOrganization": [{"id": "GB-GOR-D15", "name": "Home Office"}],
    "grantProgramme": [{"title": "Safer Streets Fund Round 5"}],
    "beneficiaryLocation": [{"geoCode": "E07000133", "geoCodeType": "NMD", "name": "Melton"}],
}


@pytest.fixture
def both_sources(grants, auth, register_with) -> dict[str, str]:  # noqa: F811 - the fixture imported above
    """The award from the OPCC's list and from the Home Office's data: {source: record id}."""
    register_with(SAFER_STREETS_MELTON)
    package = {"file": (io.BytesIO(json.dumps({"grants": [PUBLISHED]}).encode()), "ho.json", "application/json")}
    imported = grants.post(
        "/register/imports", data=package, headers=auth("opcc_reviewer"), content_type="multipart/form-data"
    )
    assert imported.status_code in (200, 201), imported.get_json()
    records = grants.get("/register/records?q=safer+streets", headers=auth("opcc_reviewer")).json
    return {record["source"]: record["id"] for record in records["items"]}


def ss5_findings(check: dict) -> list[dict]:
    return [f for f in check["findings"] if f["kind"] == "register" and (f["title"] or "").startswith("Safer")]


def test_one_grant_from_two_sources_is_one_finding_that_names_the_other_record(
    grants, auth, make_bid, both_sources, deliver_events
):
    bid = make_bid(**ASB_OFFICER)
    deliver_events()

    for role, csp_id in (("csp_officer", "melton"), ("opcc_reviewer", None)):
        check = grants.get(f"/duplicate-checks/bids/{bid['id']}", headers=auth(role, csp_id)).json
        [finding] = ss5_findings(check)

        assert finding["band"] == "likely duplicate", role
        shown, [other] = finding["id"], finding["also_recorded_as"]
        assert {shown, other["id"]} == set(both_sources.values()), role
        assert other["link"] == f"/grants/register/records/{other['id']}", role
        assert {other["source"], other["source_id"]} <= {"360giving", "local-csv", "SS5-MEL", "360G-HO-SS5-MEL"}
        assert check["counts"]["likely duplicate"] == 1, role


def test_a_csp_is_shown_the_public_record_of_a_grant_the_opcc_also_holds_in_confidence(
    grants, auth, make_bid, both_sources, deliver_events
):
    local, published = both_sources["local-csv"], both_sources["360giving"]
    marked = grants.patch(f"/register/records/{local}", json={"confidential": True}, headers=auth("admin"))
    assert marked.status_code == 200, marked.get_json()
    bid = make_bid(**ASB_OFFICER)
    deliver_events()

    csp = grants.get(f"/duplicate-checks/bids/{bid['id']}", headers=auth("csp_officer", "melton")).json
    opcc = grants.get(f"/duplicate-checks/bids/{bid['id']}", headers=auth("opcc_reviewer")).json

    [shown] = ss5_findings(csp)
    assert (shown["id"], shown["also_recorded_as"], shown["band"]) == (published, [], "likely duplicate")
    assert not [f for f in csp["findings"] if f.get("confidential")]  # the same grant: nothing more to ask about
    [seen] = ss5_findings(opcc)
    assert {seen["id"], *(other["id"] for other in seen["also_recorded_as"])} == {local, published}
    confidential = {seen["id"]: seen["confidential"]} | {o["id"]: o["confidential"] for o in seen["also_recorded_as"]}
    assert confidential == {local: True, published: False}


def test_the_review_waits_on_one_decision_for_the_grant(client, grants, auth, submitted, both_sources, deliver_events):
    bid = submitted(**ASB_OFFICER)

    review = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json["duplicate_check"]
    [finding] = ss5_findings(review)
    decided = grants.put(
        f"/reviews/{bid['id']}/findings/register/{finding['id']}/decision",
        json={"decision": "not_duplicate", "reason": "Safer Streets pays for the post until March 2027 only"},
        headers=auth("opcc_reviewer"),
    )
    awarded = grants.post(
        f"/reviews/{bid['id']}/decision",
        json={"outcome": "awarded", "amount_awarded": "100.00", "reason": "Meets the ASB priority"},
        headers=auth("opcc_approver"),
    )

    assert review["counts"]["likely duplicate"] == 1
    assert decided.status_code == 200, decided.get_json()
    assert awarded.status_code == 200, awarded.get_json()
