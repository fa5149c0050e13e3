"""Every state-changing operation in every service's OpenAPI spec leaves exactly one audit event.

The operations come from the specs themselves: a new POST, PUT, PATCH or DELETE without a case in
`operations.py` fails `test_every_state_changing_operation_has_a_case` until someone says what it must record.
"""

from __future__ import annotations

import pytest

from shared.auth.dev_identity import demo_principal
from shared.config import SERVICES
from tests.audit.operations import CASES, World

CHANGING = ("post", "put", "patch", "delete")


def test_every_state_changing_operation_has_a_case(system):
    in_specs = set()
    for service in SERVICES:
        spec = system.apps[service].test_client().get("/openapi.json").json
        for path, operations in spec["paths"].items():
            in_specs.update((service, f"{method.upper()} {path}") for method in operations if method in CHANGING)

    assert in_specs - set(CASES) == set(), "state-changing operations with no audit case"
    assert set(CASES) - in_specs == set(), "audit cases for operations no spec has"


@pytest.mark.parametrize("operation", sorted(CASES), ids=lambda key: f"{key[0]} {key[1]}")
def test_an_operation_leaves_exactly_one_audit_event_with_its_actor_and_diff(
    request, operation, audit_events, last_audit_id
):
    case = CASES[operation](World(request))
    since = last_audit_id(case.service)

    response = case.act()

    assert response.status_code < 300, response.get_json()
    [event] = audit_events(case.service, after=since)
    actor = demo_principal(case.role, case.actor_csp)
    assert (event["actor_id"], event["actor_role"], event["actor_name"]) == (actor.user_id, actor.role, actor.name)
    assert event["organisation"] == actor.organisation
    assert event["action"] == case.action
    assert (event["entity_type"], event["entity_id"]) == case.entity(response.get_json())
    assert event["csp_id"] == case.csp_id
    assert event["correlation_id"] == response.headers["X-Correlation-ID"]
    assert event["client_address"] == "127.0.0.1"
    if case.changes is not None:
        assert event["changes"] == case.changes
    assert case.changed <= set(event["changes"])
    assert all(set(change) == {"before", "after"} for change in event["changes"].values())
