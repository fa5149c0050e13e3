"""The audit trail through the three services' APIs: the same in-process system as tests/api."""

# ruff: noqa: F811 - tests/api's fixtures are imported here, then asked for by name as usual

from __future__ import annotations

import importlib
import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from werkzeug.test import TestResponse

from tests.api.conftest import (  # noqa: F401 - fixtures
    app,
    auth,
    database_environment,
    deliver_events,
    grants,
    notifications,
    round_fields,
    scan_evidence,
    scanner_environment,
    system,
)
from tests.api.factories import bid_fields, budget, make_bid, make_round, save_draft, upload_evidence  # noqa: F401 - fixtures
from tests.api.test_duplicate_check import ASB_OFFICER, HEADER, SAFER_STREETS_MELTON


def audit_model(service: str) -> type:
    return importlib.import_module(f"services.{service}.audit").AuditEvent


@pytest.fixture
def audit_events(system) -> Callable[..., list[dict]]:
    """`audit_events("bids", after=12)`: a service's audit events after that id, oldest first, as dicts."""

    def read(service: str, after: int = 0) -> list[dict]:
        model = audit_model(service)
        with system.runtimes[service].session_factory() as session:
            rows = session.scalars(sa.select(model).where(model.id > after).order_by(model.id))
            return [{column.name: getattr(row, column.name) for column in model.__table__.columns} for row in rows]

    return read


@pytest.fixture
def last_audit_id(audit_events) -> Callable[[str], int]:
    def last(service: str) -> int:
        events = audit_events(service)
        return events[-1]["id"] if events else 0

    return last


@pytest.fixture
def import_register(grants, auth) -> Callable[..., TestResponse]:
    """`import_register(SAFER_STREETS_MELTON)`: import CSV rows into the register as the OPCC."""

    def load(*rows: str) -> dict:
        body = {"file": (io.BytesIO((HEADER + "".join(rows)).encode()), "register.csv", "text/csv")}
        response = grants.post(
            "/register/imports", data=body, headers=auth("opcc_reviewer"), content_type="multipart/form-data"
        )
        assert response.status_code == 200, response.get_json()
        return response

    return load


@pytest.fixture
def submitted_duplicate(client, auth, make_bid, import_register, upload_evidence, deliver_events) -> dict:
    """A submitted Melton bid the automatic check finds repeats a Safer Streets award."""
    import_register(SAFER_STREETS_MELTON)
    bid = make_bid(**ASB_OFFICER, budget_lines=budget("25000.00"), priorities=["anti-social-behaviour"])
    assert upload_evidence(bid["id"]).status_code == 201
    assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200
    deliver_events()
    return bid
