"""Factory fixtures that make rounds, bids and evidence through the services' own APIs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import pytest
from werkzeug.test import TestResponse

MELTON_BID = {
    "title": "Town centre night-time patrols",
    "summary": "Street Pastors patrol Melton Mowbray town centre on Friday and Saturday nights.",
    "need": "Night-time anti-social behaviour reports in the town centre rose by a third in 2025.",
    "priorities": ["anti-social-behaviour"],
    "outcomes": [
        {
            "outcome": "Fewer reports of anti-social behaviour at night",
            "measure": "Police incident data for the town centre",
            "target": "20% fewer reports by March 2027",
        }
    ],
    "delivery_provider": {"name": "Melton Street Pastors", "type": "charity", "charity_number": "1123456"},
    "places": {"wards": ["Melton Craven"], "postcodes": ["le13 0pb"]},
    "starts_on": "2026-04-01",
    "ends_on": "2027-03-31",
    "budget_lines": [
        {"category": "staff", "description": "Patrol coordinator", "amounts": {"2026-27": "10,000.00"}},
        {"category": "equipment", "description": "Radios and first aid kits", "amounts": {"2026-27": "2500.00"}},
    ],
    "risks": [{"risk": "Too few volunteers on some nights", "mitigation": "A shared rota with a neighbouring team"}],
}


def budget(*amounts: str, year: str = "2026-27", category: str = "staff") -> list[dict]:
    """`budget("5000", "2500")`: one budget line per amount, all in one financial year."""
    return [
        {"category": category, "description": f"Budget line {n}", "amounts": {year: amount}}
        for n, amount in enumerate(amounts, 1)
    ]


def provider(name: str, **identifiers) -> dict:
    """`provider("Melton Borough Council")`: a delivery provider as a bid names it (an "other" by default)."""
    return {"name": name, "type": "other", **identifiers}


@pytest.fixture
def make_round(grants, auth, round_fields, deliver_events) -> Callable[..., dict]:
    """`make_round(opened=False, pot="1.00")`: a round made through grants; by default open and known to bids."""

    def make(opened: bool = True, **overrides) -> dict:
        created = grants.post("/rounds", json=round_fields(**overrides), headers=auth("opcc_reviewer"))
        assert created.status_code == 201, created.get_json()
        if not opened:
            return created.get_json()
        response = grants.post(f"/rounds/{created.get_json()['id']}/open", headers=auth("opcc_reviewer"))
        assert response.status_code == 200, response.get_json()
        deliver_events()
        return response.get_json()

    return make


@pytest.fixture
def bid_fields() -> Callable[..., dict]:
    """`bid_fields(title="...", without=("summary",))`: a complete draft's fields, with overrides."""

    def fields(without: Iterable[str] = (), **overrides) -> dict:
        chosen = MELTON_BID | overrides
        return {name: value for name, value in chosen.items() if name not in set(without)}

    return fields


@pytest.fixture
def make_bid(client, auth, make_round, bid_fields) -> Callable[..., dict]:
    """`make_bid(csp_id="charnwood", without=("title",))`: a draft bid made by that CSP's officer."""

    def make(round_id: str | None = None, csp_id: str = "melton", **overrides) -> dict:
        body = {"round_id": round_id or make_round()["id"], **bid_fields(**overrides)}
        response = client.post("/bids", json=body, headers=auth("csp_officer", csp_id))
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def upload_evidence(client, auth, scan_evidence) -> Callable[..., TestResponse]:
    """`upload_evidence(bid_id, content=b"...", evidence_type="quote")`: a multipart upload of one file, as a
    browser sends it. The answer is the upload's (status "scanning"); unless `scan=False`, the virus scan
    then runs, as bids' worker would, so the file is clean (or rejected) when the test goes on."""

    def upload(
        bid_id: str,
        content: bytes = b"%PDF-1.7 project plan",
        filename: str = "project-plan.pdf",
        content_type: str = "application/pdf",
        csp_id: str = "melton",
        evidence_type: str | None = None,
        scan: bool = True,
        headers: dict | None = None,
    ) -> TestResponse:
        data = {"file": (io.BytesIO(content), filename, content_type)}
        if evidence_type is not None:
            data["evidence_type"] = evidence_type
        response = client.post(
            f"/bids/{bid_id}/evidence",
            data=data,
            headers=headers or auth("csp_officer", csp_id),
            content_type="multipart/form-data",
        )
        if scan and response.status_code == 201:
            scan_evidence()
        return response

    return upload


@pytest.fixture
def save_draft(client, auth) -> Callable[..., TestResponse]:
    """`save_draft(bid_id, {"title": "..."})`: a PATCH as a page sends it, with the ETag it loaded the bid with."""

    def save(bid_id: str, changes: dict, csp_id: str = "melton", headers: dict | None = None) -> TestResponse:
        headers = headers or auth("csp_officer", csp_id)
        etag = client.get(f"/bids/{bid_id}", headers=headers).headers.get("ETag", '"not-loaded"')
        return client.patch(f"/bids/{bid_id}", json=changes, headers=headers | {"If-Match": etag})

    return save


@pytest.fixture
def submitted(client, auth, make_bid, upload_evidence, deliver_events) -> Callable[..., dict]:
    """`submitted(**overrides)`: a Melton bid with a clean evidence file, submitted, and known to grants and
    notifications."""

    def submit(**overrides) -> dict:
        bid = make_bid(**overrides)
        assert upload_evidence(bid["id"]).status_code == 201
        response = client.post(f"/bids/{bid['id']}/submit", headers=auth())
        assert response.status_code == 200, response.get_json()
        deliver_events()
        return response.json

    return submit


@pytest.fixture(params=["sqlite", "postgresql"], name="database_environment")
def on_both_databases(request) -> dict[str, str]:
    """Import into a test module to run its tests on SQLite and on PostgreSQL (overrides conftest's
    `database_environment`)."""
    if request.param == "sqlite":
        return {}
    urls = request.getfixturevalue("fresh_postgres_urls")
    return {f"{service.upper()}_DATABASE_URL": url for service, url in urls.items()}


@pytest.fixture
def ready(make_bid, upload_evidence) -> Callable[..., dict]:
    """`ready(**overrides)`: a complete Melton draft with clean evidence."""

    def make(**overrides) -> dict:
        draft = make_bid(**overrides)
        assert upload_evidence(draft["id"]).status_code == 201
        return draft

    return make
