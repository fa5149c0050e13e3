"""Issue 3's access matrix: every operation of every service x every role x own CSP / another CSP / no token.

The expected answer comes from the permission table alone (`shared.auth.permissions`): no token 401; a
refused role 403; ALL allowed whoever's row it is; OWN and INV allowed on the actor's own rows, 404 on
another's (and a list shows exactly the rows in scope). Every refusal and every scoped answer is searched
for the other CSP's secrets. The spec, the Flask routes, the table and the request builders must all name
the same operations, so a new endpoint without a row (or without a case here) fails.
"""

from __future__ import annotations

import io

import pytest

from services.bids.models import EvidenceFile
from shared.auth import permissions
from shared.auth.dev_identity import demo_principal
from shared.config import SERVICES
from shared.http.security import operation_name
from tests.access.calls import OPS, Call, extra_targets
from tests.access.checks import Cell, check
from tests.access.summary import NOTES, RESULTS
from tests.access.world import OTHER, OWN, World

METHODS = ("get", "put", "post", "patch", "delete")


def targets(service: str, operation: str, role: str) -> tuple[str, ...]:
    scoped = permissions.operations(service)[operation][role] in (permissions.OWN, permissions.INV)
    op = OPS.get(service, {}).get(operation)
    return ("own", "other", "none") + (extra_targets(op, role) if scoped and op else ())


CASES = [
    pytest.param(service, operation, role, target, id=f"{service}:{operation}:{role}:{target}")
    for service in SERVICES
    for operation in permissions.operations(service)
    for role in permissions.COLUMNS
    for target in targets(service, operation, role)
]


def spec_operations(world: World, service: str) -> set[str]:
    spec = world.client(service).get("/openapi.json").get_json()
    return {f"{m.upper()} {path}" for path, item in spec["paths"].items() for m in item if m in METHODS}


def send(world: World, service: str, call: Call, headers: dict):
    kwargs = {"headers": headers | (call.headers or {}), "query_string": call.query}
    if call.json is not None:
        kwargs["json"] = call.json
    if call.upload is not None:
        name, content, media_type = call.upload
        kwargs |= {"data": {"file": (io.BytesIO(content), name, media_type)}, "content_type": "multipart/form-data"}
    return world.client(service).open(call.path, method=call.method, **kwargs)


@pytest.mark.parametrize("service", SERVICES)
def test_the_spec_and_the_permission_table_name_the_same_operations(world, service):
    in_spec, in_table = spec_operations(world, service), set(permissions.operations(service))

    unlisted, stale = sorted(in_spec - in_table), sorted(in_table - in_spec)
    assert not unlisted, f"{service}: operations with no row in shared/auth/permissions.py: {unlisted}"
    assert not stale, f"{service}: permission rows for operations the service does not have: {stale}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_is_in_the_spec_or_public(world, service):
    app, in_spec = world.system.apps[service], spec_operations(world, service)
    routes = {
        operation_name(method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    undocumented = sorted(routes - in_spec - permissions.PUBLIC)
    assert not undocumented, f"{service}: routes in no OpenAPI spec and not PUBLIC: {undocumented}"
    # An API serves no files: Flask's static route, which no spec or table would list, is not there at all.
    admin = world.headers(demo_principal("admin"))
    assert world.client(service).get("/static/openapi.json", headers=admin).status_code == 404


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_has_a_request_builder(world, service):
    missing = sorted((spec_operations(world, service) | set(permissions.operations(service))) - set(OPS[service]))

    assert not missing, f"{service}: add a request builder to tests/access/calls.py for {missing}"


@pytest.mark.parametrize(("service", "operation", "role", "target"), CASES)
def test_access(world, request, service, operation, role, target):
    op = OPS.get(service, {}).get(operation)
    if op is None:
        pytest.fail(f"no request builder for {service} {operation}: add one to tests/access/calls.py")
    actor = world.actor(role)
    call = op.build(world, actor, target)
    response = send(world, service, call, {} if target == "none" else world.headers(actor))
    backend = request.node.callspec.params["world"]
    RESULTS[(backend, service, operation, role)][target] = response.status_code
    scope = permissions.operations(service)[operation][role]
    note = check(Cell(world, service, operation, actor, scope, target, call, response), op)
    if note:
        NOTES.append(f"{backend} {service}:{operation}:{role}:{target}: {note}")


REGISTER_READERS = [r for r in permissions.COLUMNS if permissions.scope_for("grants", "GET /register/records", r)]


@pytest.mark.parametrize("role", REGISTER_READERS)
def test_a_confidential_register_record_is_found_by_the_opcc_only(world, role):
    actor = world.actor(role)
    path = f"/register/records/{world.records['confidential']}"

    response = world.client("grants").get(path, headers=world.headers(actor))

    assert response.status_code == (200 if actor.is_opcc else 404), response.get_json()


ROUND_READS = {
    "GET /rounds/{round_id}": "/rounds/{}",
    "GET /rounds/{round_id}/allocations": "/rounds/{}/allocations",
    # Allowed readers are answered 409 ("no awards in this funding round") for a round they may see.
    "GET /register/exports/360giving": "/register/exports/360giving?round_id={}",
}
DRAFT_READS = [
    pytest.param(operation, role, id=f"{operation}:{role}")
    for operation in ROUND_READS
    for role in permissions.COLUMNS
    if permissions.scope_for("grants", operation, role)
]


@pytest.mark.parametrize(("operation", "role"), DRAFT_READS)
def test_a_draft_round_and_its_allocations_are_found_by_the_opcc_only(world, operation, role):
    actor, draft = world.actor(role), world.fresh_round("draft")
    allocations = {"allocations": {OWN: "20000.00", OTHER: "30000.00"}}
    world.call("grants", "PUT", f"/rounds/{draft}/allocations", 200, json=allocations, headers=world.as_opcc())
    path = ROUND_READS[operation].format(draft)

    response = world.client("grants").get(path, headers=world.headers(actor))

    if actor.is_opcc:
        assert response.status_code in (200, 409), response.get_json()
    else:
        assert response.status_code == 404, response.get_json()
        assert response.get_json()["detail"] == "There is no funding round with that id"


@pytest.mark.parametrize("role", ["csp_officer", "provider_contributor", "opcc_reviewer"])
def test_evidence_is_reached_only_through_the_bid_it_belongs_to(world, role):
    actor = world.actor(role)
    own_bid = actor.bid_id or world.bids[(OWN, "draft")]
    charnwood_evidence = world.evidence[world.bids[(OTHER, "draft")]]

    response = world.client("bids").get(
        f"/bids/{own_bid}/evidence/{charnwood_evidence}/download", headers=world.headers(actor)
    )

    assert response.status_code == 404
    assert not world.system.rows("bids", EvidenceFile, EvidenceFile.bid_id == own_bid, EvidenceFile.csp_id == OTHER)
