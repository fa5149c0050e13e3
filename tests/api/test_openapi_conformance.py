"""Each service answers every operation the way its own OpenAPI document says, whatever it is sent.

schemathesis generates requests from each app's /openapi.json (examples, boundary values, then random
valid and invalid data: odd unicode, NUL bytes, huge strings) and checks every answer: never a 5xx,
only documented statuses and content types, bodies matching their schemas. No check here requires
valid data to be accepted.

The run goes through schemathesis' engine, as its CLI does: its pytest loader (`from_fixture`) does not
work with pytest 9.2 (it sets `Function._nodeid`, which pytest no longer has).
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine.events import FatalError, NonFatalError, ScenarioFinished

CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")
# Bounded and repeatable: the same cases every run, and the whole file well under two minutes.
CONFIG = {
    "seed": 20260401,
    "generation": {"max-examples": 25, "deterministic": True, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
}
# Who calls each service: someone who may reach most of its operations. The writers run on PostgreSQL too,
# which refuses what SQLite stores quietly (NUL characters, over-long values).
CALLERS = [
    ("sqlite", "bids", "csp_officer", "melton"),
    ("sqlite", "bids", "opcc_reviewer", None),
    ("sqlite", "grants", "opcc_reviewer", None),
    ("sqlite", "notifications", "opcc_reviewer", None),
    ("sqlite", "notifications", "csp_officer", "melton"),
    ("postgresql", "bids", "csp_officer", "melton"),
    ("postgresql", "grants", "opcc_reviewer", None),
]


@pytest.fixture
def database_environment(request) -> dict[str, str]:
    if request.node.callspec.params["backend"] == "sqlite":
        return {}
    urls = request.getfixturevalue("fresh_postgres_urls")
    return {f"{service.upper()}_DATABASE_URL": url for service, url in urls.items()}


@pytest.fixture
def lived_in_system(system, make_bid, upload_evidence, client, auth, deliver_events):
    """Some data in every list, so list responses are checked against their schemas with items in them."""
    submitted = make_bid()
    assert upload_evidence(submitted["id"]).status_code == 201
    assert client.post(f"/bids/{submitted['id']}/submit", headers=auth()).status_code == 200
    make_bid(round_id=submitted["round_id"], title="A draft still being written")
    deliver_events()
    return system


def failures_of(schema) -> list[str]:
    """Run every phase against the schema's app; one line per distinct failure, with a curl to reproduce it."""
    found: set[str] = set()
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished) and event.status in (Status.FAILURE, Status.ERROR):
            found.update(_describe(check.failure_info) for checks in event.recorder.checks.values() for check in checks)
        elif isinstance(event, NonFatalError):
            found.add(f"{event.label}: {event.value!r}")
        elif isinstance(event, FatalError):
            found.add(f"schemathesis itself failed: {event.exception!r}")
    found.discard("")
    return sorted(found)


def _describe(info) -> str:
    if info is None:
        return ""
    failure = info.failure
    return f"{failure.operation}: {failure.title}: {failure.message}\n  {info.code_sample}"


@pytest.mark.parametrize(("backend", "service", "role", "csp_id"), CALLERS, ids=str)
def test_every_operation_answers_as_its_openapi_document_says(lived_in_system, auth, backend, service, role, csp_id):
    config = SchemathesisConfig.from_dict({**CONFIG, "headers": auth(role, csp_id)})
    schema = schemathesis.openapi.from_wsgi("/openapi.json", lived_in_system.apps[service], config=config)

    failures = failures_of(schema)

    assert not failures, "\n".join(failures)
