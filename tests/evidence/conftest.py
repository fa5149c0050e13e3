"""The evidence tests run on the same in-process system as tests/api, with the session's private clamd."""

# ruff: noqa: F811 - tests/api's fixtures are imported here, then asked for by name as usual

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

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
from tests.api.factories import bid_fields, make_bid, make_round, upload_evidence  # noqa: F401 - fixtures


@pytest.fixture
def stored_keys(system) -> Callable[[str], list[str]]:
    """`stored_keys("evidence/")`: every key bids' evidence store holds under that prefix."""
    store = system.runtimes["bids"].evidence
    return lambda prefix: sorted(listed.key for listed in store.listing(prefix))


@pytest.fixture
def evidence_of(client, auth) -> Callable[..., list[dict]]:
    """`evidence_of(bid_id)`: the bid's evidence listing, as its CSP officer sees it."""

    def listing(bid_id: str, csp_id: str = "melton") -> list[dict]:
        response = client.get(f"/bids/{bid_id}/evidence", headers=auth("csp_officer", csp_id))
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    return listing


@pytest.fixture
def audit_actions(system) -> Callable[[str], list[str]]:
    """`audit_actions(bid_id)`: the actions bids' audit trail recorded for a bid, oldest first."""
    from services.bids.audit import AuditEvent

    def actions(bid_id: str) -> list[str]:
        with system.runtimes["bids"].session_factory() as session:
            query = sa.select(AuditEvent.action).where(AuditEvent.entity_id == bid_id).order_by(AuditEvent.id)
            return list(session.scalars(query))

    return actions
