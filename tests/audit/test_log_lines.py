"""The audit log: one JSON line per committed event, whatever the values hold; nothing for a rollback."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from services.bids.audit import AuditEvent, audit
from shared.db import unit_of_work

FORGED = 'Patrols.\n{"forged": true, "action": "bid.deleted"}\r\u2028'


def _lines(caplog, logger: str) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == logger]


def test_a_summary_crafted_to_forge_a_line_makes_exactly_one_line_of_json(make_bid, save_draft, caplog):
    bid = make_bid()
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="safergrants.audit"):
        response = save_draft(bid["id"], {"summary": FORGED})

    assert response.status_code == 200, response.get_json()
    [line] = _lines(caplog, "safergrants.audit")
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    logged = json.loads(line)
    assert logged["action"] == "bid.draft_changed"
    assert logged["changes"]["summary"]["after"] == FORGED
    assert logged["audit_id"] > 0


def test_a_change_that_rolls_back_leaves_neither_an_event_nor_a_log_line(system, caplog):
    sessions = system.runtimes["bids"].session_factory

    logging_audit = caplog.at_level(logging.INFO, logger="safergrants.audit")
    with logging_audit, pytest.raises(RuntimeError), unit_of_work(sessions) as session:
        audit.record(session, "bid.submitted", "bid", "b-1", csp_id="melton", changes={})
        session.flush()
        raise RuntimeError("the state change failed after the event was written")

    with sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
    assert _lines(caplog, "safergrants.audit") == []


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": 'Bearer not.a.token", "forged": true, "x": "'}, {"Authorization": "Basic dXNlcg=="}],
)
def test_a_failed_sign_in_is_one_line_of_json_in_the_security_log(grants, caplog, headers):
    with caplog.at_level(logging.INFO, logger="safergrants.security"):
        response = grants.get("/rounds", headers=headers)

    assert response.status_code == 401
    [line] = _lines(caplog, "safergrants.security")
    logged = json.loads(line)
    assert (logged["event"], logged["client_address"]) == ("authentication.failed", "127.0.0.1")
    assert "forged" not in logged


def test_an_expired_token_is_logged_as_a_failed_sign_in(grants, auth, caplog):
    with caplog.at_level(logging.INFO, logger="safergrants.security"):
        grants.post("/rounds", json={}, headers=auth("opcc_reviewer", lifetime=timedelta(minutes=-5)))

    assert [json.loads(line)["event"] for line in _lines(caplog, "safergrants.security")] == ["authentication.failed"]


def test_a_refused_operation_is_logged_with_who_asked(grants, auth, caplog):
    with caplog.at_level(logging.INFO, logger="safergrants.security"):
        response = grants.post("/rounds", json={}, headers=auth("csp_officer", "melton"))

    assert response.status_code == 403
    [line] = _lines(caplog, "safergrants.security")
    logged = json.loads(line)
    assert logged["event"] == "access.refused"
    assert (logged["user_id"], logged["role"], logged["organisation"]) == ("u-csp-melton", "csp_officer", "melton")
