"""What every service does at the edges of HTTP: wrong methods, unknown paths, health, its OpenAPI document."""

from __future__ import annotations

import shutil

import pytest

from shared.config import SERVICES
from tests.api.assertions import PROBLEM_JSON


@pytest.fixture(params=SERVICES)
def service_client(request, system):
    return system.apps[request.param].test_client()


def test_a_wrong_method_is_a_problem_that_still_says_which_methods_are_allowed(client, auth):
    response = client.delete("/bids", headers=auth())

    assert response.status_code == 405
    assert response.mimetype == PROBLEM_JSON
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert response.json["status"] == 405


def test_an_unknown_path_is_a_not_found_problem(service_client):
    response = service_client.get("/no/such/thing")

    assert response.status_code == 404
    assert response.mimetype == PROBLEM_JSON
    assert response.json["instance"] == "/no/such/thing"


def test_each_service_says_it_is_alive_and_ready(service_client):
    assert service_client.get("/healthz").json == {"status": "ok"}
    ready = service_client.get("/readyz")
    assert ready.status_code == 200
    assert set(ready.json["checks"].values()) == {"ok"}


def test_bids_is_not_ready_when_its_evidence_folder_is_gone(client, system):
    shutil.rmtree(system.settings.evidence_dir)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.mimetype == PROBLEM_JSON
    assert response.json["detail"] == "Not ready: storage unavailable"


METHODS = ("get", "put", "post", "patch", "delete")


def test_each_service_documents_its_errors_as_problem_json(service_client):
    spec = service_client.get("/openapi.json").json

    def resolved(response: dict) -> dict:
        return spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]] if "$ref" in response else response

    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, item in spec["paths"].items():
        for method in METHODS & item.keys():
            responses = item[method]["responses"]
            errors = [resolved(r) for code, r in responses.items() if code == "default" or code[0] in "45"]
            assert "default" in responses, f"{method.upper()} {path}"
            assert all(list(r["content"]) == [PROBLEM_JSON] for r in errors), f"{method.upper()} {path}"


def test_behind_the_gateway_the_app_reports_paths_with_its_prefix(make_settings):
    from services.grants.app import create_app
    from shared import migrations

    settings = make_settings(TRUSTED_PROXY_HOPS="1")
    migrations.upgrade(settings, "grants")
    client = create_app(settings).test_client()
    response = client.get("/rounds/nope", headers={"X-Forwarded-Prefix": "/grants"})
    assert response.status_code == 401
    assert response.json["instance"] == "/grants/rounds/nope"


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(make_settings):
    from services.grants.app import create_app
    from shared import migrations

    settings = make_settings()
    migrations.upgrade(settings, "grants")
    client = create_app(settings).test_client()
    response = client.get("/rounds/nope", headers={"X-Forwarded-Prefix": "/evil"})
    assert response.json["instance"] == "/rounds/nope"
