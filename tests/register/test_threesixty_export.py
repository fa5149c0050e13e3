"""The OPCC publishes its own awards as 360Giving data: valid, exact, and readable by other funders' tools.

The whole system as tests/api runs it (bids submitted and decided through the APIs), not the register alone.
"""

# ruff: noqa: F811 - tests/api's fixtures are imported here, then asked for by name as usual

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.grants.register.data import SCHEMA_DIR
from services.grants.register.imports import import_file
from shared.cli import main
from shared.clock import today
from tests.api.conftest import (  # noqa: F401 - fixtures
    app,
    auth,
    database_environment,
    deliver_events,
    grants,
    round_fields,
    scan_evidence,
    scanner_environment,
    system,
)
from tests.api.factories import bid_fields, budget, make_bid, make_round, upload_evidence  # noqa: F401 - fixtures
from tests.api.test_decisions import CONDITIONS, decide
from tests.fixtures.settings import embedded_environment

EXPORT = "/register/exports/360giving"
FUNDER = "Office of the Police and Crime Commissioner for Leicestershire"
BLABY_AND_HINCKLEY = "blaby-hinckley-bosworth"


@pytest.fixture
def submitted_by(client, auth, make_bid, upload_evidence, deliver_events) -> Callable[..., dict]:
    """`submitted_by("charnwood", title=...)`: a bid that CSP's officer drafted, gave evidence and submitted."""

    def submit(csp_id: str = "melton", **overrides) -> dict:
        bid = make_bid(csp_id=csp_id, **overrides)
        assert upload_evidence(bid["id"], csp_id=csp_id).status_code == 201
        response = client.post(f"/bids/{bid['id']}/submit", headers=auth("csp_officer", csp_id))
        assert response.status_code == 200, response.get_json()
        deliver_events()
        return response.json

    return submit


@pytest.fixture
def awarded(grants, auth, submitted_by, deliver_events) -> Callable[..., dict]:
    """`awarded("9000.00", csp_id="rutland")`: a bid submitted and awarded that much, with CONDITIONS (its
    likely duplicates, such as the test's other bids, settled first, as the OPCC must before an award)."""

    def award(amount: str = "9000.00", csp_id: str = "melton", **overrides) -> dict:
        bid = submitted_by(csp_id, **overrides)
        review = grants.get(f"/reviews/{bid['id']}", headers=auth("opcc_reviewer")).json
        for finding in review["duplicate_check"]["findings"]:
            if finding["band"] == "likely duplicate":
                grants.put(
                    f"/reviews/{bid['id']}/findings/{finding['kind']}/{finding['id']}/decision",
                    json={"decision": "not_duplicate", "reason": "A different project, checked by the OPCC."},
                    headers=auth("opcc_reviewer"),
                )
        decided = decide(grants, auth, bid["id"], amount_awarded=amount)
        assert decided.status_code == 200, decided.get_json()
        deliver_events()
        return bid

    return award


def exported(grants, auth, role: str = "csp_officer", **query) -> dict:
    response = grants.get(EXPORT, query_string=query, headers=auth(role, "melton" if role == "csp_officer" else None))
    assert response.status_code == 200, response.get_json()
    return json.loads(response.data, parse_float=Decimal)


def official_validator() -> Draft202012Validator:
    """The vendored package schema, wired here on its own rather than through the importer's code."""
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text())
    package = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text())
    resources = [Resource(contents=s, specification=DRAFT202012) for s in (grant, package)]
    registry = Registry().with_resources(
        [(grant["$id"], resources[0]), (package["properties"]["grants"]["items"]["$ref"], resources[0])]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def test_an_award_is_published_with_its_amount_dates_recipient_funder_programme_and_districts(
    grants, auth, make_round, awarded
):
    funding_round = make_round(name="Community Safety Fund 2026/27")
    bid = awarded("9000.00", csp_id=BLABY_AND_HINCKLEY, round_id=funding_round["id"], budget_lines=budget("12500.00"))

    response = grants.get(EXPORT, headers=auth("csp_officer", "melton"))

    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    assert f'filename="safergrants-awards-{today().isoformat()}.json"' in response.headers["Content-Disposition"]
    [grant] = json.loads(response.data, parse_float=Decimal)["grants"]
    assert grant["id"] == f"360G-opccleics-{bid['id']}"
    assert (grant["title"], grant["currency"]) == ("Town centre night-time patrols", "GBP")
    assert grant["amountAwarded"] == 9000 and isinstance(grant["amountAwarded"], int | Decimal)
    assert grant["amountAppliedFor"] == 12500
    assert grant["awardDate"] == today().isoformat()
    assert grant["plannedDates"] == [{"startDate": "2026-04-01", "endDate": "2027-03-31"}]
    assert grant["recipientOrganization"] == [
        {
            "id": f"360G-opccleics-csp-{BLABY_AND_HINCKLEY}",
            "name": "Blaby and Hinckley & Bosworth Community Safety Partnership",
        }
    ]
    assert grant["fundingOrganization"] == [{"id": "360G-opccleics-opcc", "name": FUNDER}]
    assert grant["grantProgramme"] == [{"code": funding_round["id"], "title": "Community Safety Fund 2026/27"}]
    assert [(place["geoCode"], place["geoCodeType"], place["name"]) for place in grant["beneficiaryLocation"]] == [
        ("E07000129", "NMD", "Blaby"),
        ("E07000132", "NMD", "Hinckley and Bosworth"),
    ]
    assert "Delivered by Melton Street Pastors." in grant["description"]
    assert all(f"- {condition}" in grant["description"] for condition in CONDITIONS)


def test_pence_are_published_exactly_and_a_city_is_a_unitary_authority_from_the_codelist(grants, auth, awarded):
    awarded("12345.67", csp_id="leicester-city")

    [grant] = exported(grants, auth)["grants"]

    assert grant["amountAwarded"] == Decimal("12345.67")  # read as the text written, not as a float
    [place] = grant["beneficiaryLocation"]
    assert (place["geoCode"], place["geoCodeType"]) == ("E06000016", "UA")
    with (SCHEMA_DIR / "geoCodeType.csv").open(encoding="utf-8") as codelist:
        assert place["geoCodeType"] in {row["Code"] for row in csv.DictReader(codelist)}


def test_the_package_follows_the_official_360giving_package_schema(grants, auth, awarded):
    awarded("9000.00")
    awarded("250.50", csp_id="rutland", title="Rutland rural crime watch", starts_on="2026-07-01")

    package = exported(grants, auth)

    assert [error.message for error in official_validator().iter_errors(package)] == []
    assert package["version"] == "1.4" and package["publisher"]["name"] == FUNDER
    assert sorted(grant["plannedDates"][0]["startDate"] for grant in package["grants"]) == ["2026-04-01", "2026-07-01"]


def test_a_declined_bid_is_not_published(grants, auth, awarded, submitted_by):
    kept = awarded()
    declined = submitted_by(title="Melton knife crime workshops")
    decide(grants, auth, declined["id"], outcome="declined", amount_awarded=None, conditions=[])

    ids = [grant["id"] for grant in exported(grants, auth)["grants"]]

    assert ids == [f"360G-opccleics-{kept['id']}"]


def test_the_export_can_be_narrowed_to_one_funding_round(grants, auth, make_round, awarded):
    first, second, empty = make_round(name="First round"), make_round(name="Second round"), make_round()
    in_first = awarded(round_id=first["id"])
    awarded(round_id=second["id"], title="Melton youth diversion")

    package = exported(grants, auth, round_id=first["id"])
    unknown = grants.get(EXPORT, query_string={"round_id": "no-such-round"}, headers=auth())
    nothing = grants.get(EXPORT, query_string={"round_id": empty["id"]}, headers=auth())

    assert [grant["id"] for grant in package["grants"]] == [f"360G-opccleics-{in_first['id']}"]
    assert "First round" in package["title"]
    assert (unknown.status_code, unknown.json["detail"]) == (404, "There is no funding round with that id")
    assert nothing.status_code == 409
    assert nothing.json["detail"].startswith("There are no awards in this funding round to publish yet")


def test_a_csp_officer_may_download_the_export_and_a_provider_may_not(grants, auth, awarded):
    awarded()

    officer = grants.get(EXPORT, headers=auth("csp_officer", "charnwood"))
    provider = grants.get(EXPORT, headers=auth("provider_contributor", "melton"))

    assert officer.status_code == 200
    assert provider.status_code == 403


def test_a_confidential_record_is_never_published(grants, auth, awarded):
    bid = awarded()
    found = grants.get("/register/records", query_string={"q": "night-time patrols"}, headers=auth("opcc_reviewer"))
    [record] = [r for r in found.json["items"] if r["source_id"] == bid["id"]]
    grants.patch(f"/register/records/{record['id']}", json={"confidential": True}, headers=auth("opcc_reviewer"))

    response = grants.get(EXPORT, headers=auth("opcc_approver"))

    assert response.status_code == 409
    assert response.json["detail"].startswith("There are no awards to publish yet")


def test_the_export_imports_into_another_funders_register_with_nothing_rejected(grants, auth, system, awarded):
    """Another SaferGrants (another OPCC's, whose own funder id differs) reads our file with our importer."""
    awarded("9000.00", csp_id=BLABY_AND_HINCKLEY)
    awarded("12345.67", csp_id="rutland", title="Rutland rural crime watch")
    content = grants.get(EXPORT, headers=auth("opcc_reviewer")).data

    report = import_file(
        system.runtimes["grants"].session_factory, io.BytesIO(content), own_funder_org_id="GB-GOR-another-opcc"
    )

    assert (report.format, report.created, report.rejected, report.own_awards) == ("360giving-json", 2, 0, 0)
    found = grants.get("/register/records", query_string={"page_size": 100}, headers=auth("opcc_reviewer"))
    ours = {r["title"]: r for r in found.json["items"] if r["source"] == "safergrants"}
    again = {r["title"]: r for r in found.json["items"] if r["source"] == "360giving"}
    for title, record in ours.items():
        same = ("amount", "award_date", "starts_on", "ends_on", "places", "recipient_name", "funder_name", "programme")
        assert {name: again[title][name] for name in same} == {name: record[name] for name in same}


def test_our_own_export_imported_into_our_register_adds_nothing(grants, auth, awarded):
    awarded("9000.00", csp_id=BLABY_AND_HINCKLEY)
    awarded("12345.67", csp_id="rutland", title="Rutland rural crime watch")
    content = grants.get(EXPORT, headers=auth("opcc_reviewer")).data
    before = grants.get("/register/records", headers=auth("opcc_reviewer")).json["total"]

    imported = grants.post(
        "/register/imports",
        data={"file": (io.BytesIO(content), "safergrants-awards.json", "application/json")},
        headers=auth("opcc_reviewer"),
        content_type="multipart/form-data",
    )

    assert imported.status_code == 200, imported.get_json()
    assert (imported.json["created"], imported.json["rejected"], imported.json["own_awards"]) == (0, 0, 2)
    assert grants.get("/register/records", headers=auth("opcc_reviewer")).json["total"] == before


def test_the_cli_writes_the_same_package_as_the_api(grants, auth, system, awarded, make_round, tmp_path):
    funding_round = make_round()
    awarded(round_id=funding_round["id"])
    awarded(csp_id="rutland", title="Rutland rural crime watch")
    environment = embedded_environment(system.settings.var_dir)
    runner = CliRunner()

    output = tmp_path / "awards.json"
    printed = runner.invoke(main, ["register", "export"], env=environment, catch_exceptions=False)
    in_file = ["register", "export", "--round", funding_round["id"], "--output", str(output)]
    written = runner.invoke(main, in_file, env=environment, catch_exceptions=False)
    unknown = runner.invoke(main, ["register", "export", "--round", "no-such-round"], env=environment)

    assert printed.exit_code == 0, printed.output
    assert printed.stdout == grants.get(EXPORT, headers=auth()).get_data(as_text=True)
    assert written.exit_code == 0, written.output
    in_round = grants.get(EXPORT, query_string={"round_id": funding_round["id"]}, headers=auth())
    assert output.read_text(encoding="utf-8") == in_round.get_data(as_text=True)
    assert "Wrote 1 award to" in written.stderr
    assert unknown.exit_code == 1
    assert "There is no funding round with that id" in unknown.stderr
