"""The funding register on its own: grants' database migrated, its app, and files made to order.

`database_environment` is {} (SQLite under tmp_path); a module overrides it to run on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from services.grants.app import bootstrap, create_app
from services.grants.register.importers.local_csv import COLUMNS
from services.grants.register.imports import import_file
from services.grants.register.report import ImportReport
from shared import migrations
from shared.auth.dev_identity import demo_principal, demo_token
from shared.runtime import ServiceRuntime

LOCAL_ROW = {
    "id": "SS5-MEL-Y1",
    "funder": "Home Office",
    "programme": "Safer Streets Fund Round 5",
    "recipient_name": "Office of the Police and Crime Commissioner for Leicestershire",
    "provider_name": "Melton Borough Council",
    "title": "Safer Streets 5: Melton Mowbray anti-social behaviour",
    "description": "Melton Mowbray anti-social behaviour project officer post",
    "amount": "150000",
    "start_date": "2025-04-01",
    "end_date": "2026-03-31",
    "csp": "melton",
    "status": "awarded",
    "confidential": "no",
}
GRANT = {
    "id": "360G-blf-0099876",
    "title": "Melton Youth Club and street-based youth work",
    "description": "A youth club night and street-based youth workers in Melton Mowbray town centre.",
    "currency": "GBP",
    "amountAwarded": 9950,
    "awardDate": "2026-02-11",
    "plannedDates": [{"startDate": "2026-04-01", "endDate": "2027-03-31"}],
    "recipientOrganization": [{"id": "GB-CHC-1131458", "name": "Melton Youth Partnership"}],
    "fundingOrganization": [{"id": "GB-GOR-PC390", "name": "The National Lottery Community Fund"}],
    "grantProgramme": [{"code": "AFA", "title": "Awards for All England"}],
    "beneficiaryLocation": [{"geoCode": "E07000133", "geoCodeType": "NMD", "name": "Melton"}],
}


# A provider contributor is always invited to some bid; this one names none the register knows.
_INVITED = "invited-bid"


@pytest.fixture
def local_csv() -> Callable[..., bytes]:
    """`local_csv({"amount": "lots"}, {"id": "B"})`: the local template with one row per mapping of overrides."""

    def make(*overrides: dict, columns: tuple[str, ...] = COLUMNS) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for number, changes in enumerate(overrides or ({},), start=1):
            writer.writerow(LOCAL_ROW | {"id": f"LOCAL-{number}"} | changes)
        return out.getvalue().encode()

    return make


@pytest.fixture
def grant() -> Callable[..., dict]:
    """`grant(currency="EUR")`: a valid 360Giving grant, with overrides."""

    def make(**overrides) -> dict:
        return json.loads(json.dumps(GRANT)) | overrides

    return make


@pytest.fixture
def package(grant) -> Callable[..., bytes]:
    """`package(grant(), grant(id="other"))`: a 360Giving JSON package of these grants."""

    def make(*grants: dict) -> bytes:
        return json.dumps({"grants": list(grants or (grant(),))}).encode()

    return make


@pytest.fixture
def database_environment() -> dict[str, str]:
    return {}


@pytest.fixture
def runtime(make_settings, database_environment) -> Iterator[ServiceRuntime]:
    settings = make_settings(**database_environment)
    migrations.upgrade(settings, "grants")
    built = bootstrap(settings)
    yield built
    built.dispose()


@pytest.fixture
def import_bytes(runtime) -> Callable[..., ImportReport]:
    """`import_bytes(content, file_format=None, source=None)`: import a file's bytes as the CLI would."""

    def run(content: bytes, **options) -> ImportReport:
        return import_file(runtime.session_factory, io.BytesIO(content), filename="test-file", **options)

    return run


@pytest.fixture
def grants(runtime) -> FlaskClient:
    return create_app(runtime=runtime).test_client()


@pytest.fixture
def auth(runtime) -> Callable[..., dict[str, str]]:
    """`auth("csp_officer", "melton")`: an Authorization header for a demo user."""

    def headers(role: str = "csp_officer", csp_id: str | None = None) -> dict[str, str]:
        token = demo_token(runtime.settings, demo_principal(role, csp_id, _INVITED), timedelta(hours=1))
        return {"Authorization": f"Bearer {token}"}

    return headers
