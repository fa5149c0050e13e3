"""Factory fixtures that make rounds, bids and evidence through the services' own APIs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import pytest
from werkzeug.test import TestResponse

MELTON_BID = {
    "title": "Town centre night-time patrols",
    "summary": "Street Pastors patrol Melton Mowbray town centre on Friday and Saturday nights.",
    "amount_requested": "12,500.00",
    "priorities": ["anti-social-behaviour"],
    "delivery_provider_name": "Melton Street Pastors",
}


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
def upload_evidence(client, auth) -> Callable[..., TestResponse]:
    """`upload_evidence(bid_id, content=b"...")`: a multipart upload of one file, as a browser sends it."""

    def upload(
        bid_id: str,
        content: bytes = b"%PDF-1.7 project plan",
        filename: str = "project-plan.pdf",
        content_type: str = "application/pdf",
        csp_id: str = "melton",
    ) -> TestResponse:
        return client.post(
            f"/bids/{bid_id}/evidence",
            data={"file": (io.BytesIO(content), filename, content_type)},
            headers=auth("csp_officer", csp_id),
            content_type="multipart/form-data",
        )

    return upload
