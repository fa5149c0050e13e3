"""The register over HTTP: the OPCC imports and hides records; every signed-in role searches what is public."""

from __future__ import annotations

import io

import pytest

from services.grants.register.data import DEMO_FILES
from services.grants.register.importers.csvtext import ROW_LIMIT
from tests.api.assertions import PROBLEM_JSON, assert_problem
from tests.register.test_threesixty_files import flat_rows

OPCC_ROLES = ("opcc_reviewer", "opcc_approver", "admin")


def upload(grants, headers, content: bytes, filename: str = "register.csv", query: str = ""):
    return grants.post(
        f"/register/imports{query}",
        data={"file": (io.BytesIO(content), filename, "text/csv")},
        headers=headers,
        content_type="multipart/form-data",
    )


@pytest.fixture
def demo_register(grants, auth):
    for path in DEMO_FILES:
        assert upload(grants, auth("opcc_reviewer"), path.read_bytes(), path.name).status_code == 200


def search(grants, headers, **query) -> dict:
    response = grants.get("/register/records", query_string=query, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


@pytest.mark.parametrize("role", OPCC_ROLES)
def test_the_opcc_imports_a_file_and_reads_the_report(grants, auth, role):
    response = upload(grants, auth(role), DEMO_FILES[0].read_bytes(), "demo-register.csv")

    assert response.status_code == 200
    assert response.json | {"batch_id": "…"} == {
        "batch_id": "…",
        "source": "local-csv",
        "format": "local-csv",
        "filename": "demo-register.csv",
        "rows": 19,
        "created": 19,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "own_awards": 0,
        "rejections": [],
        "rejections_not_listed": 0,
        "ignored_columns": [],
    }


def test_each_rejected_row_is_in_the_report_with_its_reason(grants, auth, local_csv):
    response = upload(grants, auth("opcc_reviewer"), local_csv({"id": "A"}, {"id": "B", "csp": "Mars"}))

    assert response.json["created"] == 1 and response.json["rejected"] == 1
    assert response.json["rejections"] == [
        {
            "row": 3,
            "id": "B",
            "field": "csp",
            "message": "Enter the CSP's id or name, like melton or Oadby and Wigston, or all for the county",
        }
    ]


@pytest.mark.parametrize("role", ["csp_officer", "provider_contributor", "finance", "auditor"])
def test_only_the_opcc_may_import(grants, auth, role):
    response = upload(grants, auth(role, "melton" if role.startswith(("csp", "provider")) else None), b"id,funder\n")

    assert response.status_code == 403
    assert response.mimetype == PROBLEM_JSON


def test_a_file_that_cannot_be_read_is_a_problem_naming_the_file(grants, auth):
    response = upload(grants, auth("opcc_reviewer"), b"Dear OPCC,\nplease find attached\n", "letter.txt")

    assert_problem(
        response,
        422,
        {
            "file": "This is not a file the register can import: use a 360Giving JSON package, a 360Giving CSV "
            "(with columns like Identifier and Amount Awarded) or the local register template (id, funder, …)"
        },
    )


def test_an_import_needs_a_file_and_plain_options(grants, auth):
    no_file = grants.post(
        "/register/imports", data={}, headers=auth("opcc_reviewer"), content_type="multipart/form-data"
    )
    odd_source = upload(grants, auth("opcc_reviewer"), DEMO_FILES[0].read_bytes(), query="?source_name=Our%20List")

    assert_problem(no_file, 422, {"file": "Select a file to import"})
    assert_problem(
        odd_source,
        422,
        {"source_name": "Enter a source name of lower-case letters, digits and hyphens, like vrn-register"},
    )


def test_a_csp_officer_searches_the_register_and_finds_other_funders_awards(grants, auth, demo_register):
    found = search(grants, auth("csp_officer", "melton"), q="project officer", csp="melton")

    assert [item["source_id"] for item in found["items"]] == ["SS5-MEL-Y2", "SS5-MEL-Y1", "360G-HO-GGIS-SS5-LEI-0042"]
    assert found["items"][0]["amount"] == "150000.00"
    assert (found["total"], found["total_amount"], found["total_amount_pence"]) == (3, "450000.00", 45_000_000)


def test_searching_ignores_case_and_matches_providers_and_programmes(grants, auth, demo_register):
    officer = auth("csp_officer", "charnwood")

    assert search(grants, officer, q="STREET PASTORS")["total"] == 1
    assert search(grants, officer, programme="prevention fund")["total"] == 4
    assert search(grants, officer, funder="youth endowment")["total"] == 2
    assert search(grants, officer, q="100%")["total"] == 0  # % is a character to find, not a wildcard


def test_a_search_finds_words_as_people_type_them(grants, auth, demo_register):
    officer = auth("csp_officer", "melton")
    total = lambda **criteria: search(grants, officer, page_size=100, **criteria)["total"]  # noqa: E731

    hyphenated = total(q="anti-social")
    assert hyphenated > 0
    assert total(q="antisocial") == total(q="anti social behaviour") == total(q="Anti-Social Behaviour") == hyphenated
    assert total(q="Home Office") >= total(funder="Home Office") > 0  # the funder is searched too (and text)
    assert total(q="Charnwood") == total(q="charnwood", csp="charnwood") > 0  # and where the money is spent
    assert total(q="women’s aid") == total(q="Women's Aid") == total(q="womens aid") > 0
    assert total(q="(melton:") == total(q="melton") > 0
    assert total(q="   ") == total(q="") == total()
    assert total(q="ton") == 0  # a word's start, not any few letters inside one ("Melton", "Compton")


def test_a_csp_sees_county_wide_funding_among_its_own_but_not_other_csps_funding(grants, auth, demo_register):
    rutland = search(grants, auth("csp_officer", "rutland"), csp="rutland", page_size=100)

    assert {item["source_id"] for item in rutland["items"]} == {
        "PCCPF-2026-030",
        "VRN-HO-2025",
        "VRN-HO-2026",
        "VF-2024",
    }


def test_a_csp_officer_never_sees_a_confidential_record(grants, auth, demo_register):
    officer, opcc = auth("csp_officer", "leicester-city"), auth("opcc_reviewer")
    hidden = search(grants, opcc, q="exploitation", csp="leicester-city")["items"][0]

    seen = search(grants, officer, page_size=100)
    everything = search(grants, opcc, page_size=100)

    assert hidden["confidential"] is True
    assert hidden["id"] not in {item["id"] for item in seen["items"]}
    assert (everything["total"] - seen["total"], everything["total_amount_pence"] - seen["total_amount_pence"]) == (
        2,
        6_000_000 + 1_450_000,
    )
    assert_problem_404(grants.get(f"/register/records/{hidden['id']}", headers=officer))
    assert grants.get(f"/register/records/{hidden['id']}", headers=opcc).json["title"] == hidden["title"]


def assert_problem_404(response) -> None:
    assert response.status_code == 404
    assert response.mimetype == PROBLEM_JSON
    assert response.json["detail"] == "There is no register record with that id"


def test_the_opcc_marks_a_record_confidential_and_csp_officers_lose_sight_of_it(grants, auth, demo_register):
    officer = auth("csp_officer", "melton")
    record = search(grants, officer, q="Melton Mowbray anti-social behaviour (year 2)")["items"][0]

    marked = grants.patch(f"/register/records/{record['id']}", json={"confidential": True}, headers=auth("admin"))

    assert marked.status_code == 200 and marked.json["confidential"] is True
    assert_problem_404(grants.get(f"/register/records/{record['id']}", headers=officer))
    assert search(grants, officer, q="year 2")["total"] == 0
    unmarked = grants.patch(f"/register/records/{record['id']}", json={"confidential": False}, headers=auth("admin"))
    assert unmarked.json["confidential"] is False
    assert grants.get(f"/register/records/{record['id']}", headers=officer).status_code == 200


def test_a_csp_officer_may_not_mark_a_record_confidential(grants, auth, demo_register):
    record = search(grants, auth("csp_officer", "melton"), csp="melton")["items"][0]

    response = grants.patch(
        f"/register/records/{record['id']}", json={"confidential": True}, headers=auth("csp_officer", "melton")
    )

    assert response.status_code == 403
    assert response.mimetype == PROBLEM_JSON


def test_marking_confidential_needs_true_or_false(grants, auth, demo_register):
    record = search(grants, auth("opcc_reviewer"))["items"][0]

    response = grants.patch(f"/register/records/{record['id']}", json={"confidential": "yes"}, headers=auth("admin"))

    assert_problem(response, 422, {"confidential": "Enter true or false"})


def test_pages_hold_page_size_records_and_the_total_counts_them_all(grants, auth, demo_register):
    officer = auth("csp_officer", "melton")

    first, third = search(grants, officer, page_size=10), search(grants, officer, page=3, page_size=10)

    assert (len(first["items"]), len(third["items"]), first["total"], third["total"]) == (10, 2, 22, 22)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"page": "0"}, "page", "Enter a page number from 1"),
        ({"page_size": "500"}, "page_size", "Enter a page size from 1 to 100"),
        ({"page": "two"}, "page", "Enter the page as a whole number, like 2"),
        ({"csp": "mars"}, "csp", "Choose a CSP by its id, like melton"),
        ({"q": "a\x00b"}, "q", "Enter this on one line, without line breaks or hidden characters"),
    ],
)
def test_a_search_that_makes_no_sense_is_a_problem_for_that_field(grants, auth, query, field, message):
    response = grants.get("/register/records", query_string=query, headers=auth("csp_officer", "melton"))

    assert_problem(response, 422, {field: message})


def test_the_register_is_for_signed_in_users_only(grants):
    assert grants.get("/register/records").status_code == 401


@pytest.mark.parametrize("odd_id", ["%00", "a%00b", "%FF%FE", "x" * 5000, "no-such-record"])
def test_an_id_that_names_no_record_is_not_found(grants, auth, odd_id):
    for method in ("get", "patch"):
        response = getattr(grants, method)(
            f"/register/records/{odd_id}", json={"confidential": True}, headers=auth("admin")
        )
        assert response.status_code == 404
        assert response.mimetype == PROBLEM_JSON


def test_an_uploaded_file_with_a_row_too_long_to_read_imports_the_other_rows(grants, auth):
    content = flat_rows("Patrols", "y" * (ROW_LIMIT + 1), "CCTV")

    response = upload(grants, auth("opcc_reviewer"), content, "grants.csv")

    assert response.status_code == 200
    assert (response.json["created"], response.json["rejected"]) == (2, 1)
    assert [(r["row"], r["field"]) for r in response.json["rejections"]] == [(3, "")]


def test_a_grant_whose_place_has_an_unknown_geo_code_type_is_rejected_and_reported(grants, auth, package, grant):
    bogus = grant(id="360G-bogus", beneficiaryLocation=[{"geoCode": "E07000133", "geoCodeType": "BOGUS"}])

    response = upload(grants, auth("opcc_reviewer"), package(grant(), bogus), "grants.json")

    assert (response.json["created"], response.json["rejected"]) == (1, 1)
    assert response.json["rejections"] == [
        {
            "row": 2,
            "id": "360G-bogus",
            "field": "beneficiaryLocation/0/geoCodeType",
            "message": "Enter the beneficiaryLocation/0/geoCodeType as a code from the 360Giving geoCodeType "
            "codelist, like NMD, UA or WD",
        }
    ]
    assert search(grants, auth("opcc_reviewer"), q="youth")["total"] == 1
