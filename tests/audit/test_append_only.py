"""The database itself refuses to change or remove an audit event, on SQLite and on PostgreSQL."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from services.bids.audit import audit
from shared.auth.dev_identity import demo_principal
from shared.auth.scoping import Access, acting_as
from shared.db import unit_of_work

REFUSED = ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event")


def _count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM audit_event")).scalar_one()


@pytest.fixture
def bid_with_history(make_bid) -> dict:
    return make_bid()


@pytest.mark.parametrize("statement", REFUSED)
def test_sqlite_refuses_to_change_or_remove_an_audit_event(system, bid_with_history, statement):
    engine = system.runtimes["bids"].engine
    kept = _count(engine)

    with pytest.raises(sa.exc.DBAPIError, match="audit_event is append-only"), engine.begin() as connection:
        connection.execute(sa.text(statement))

    assert _count(engine) == kept > 0


class TestOnPostgreSQL:
    @pytest.fixture
    def database_environment(self, fresh_postgres_urls) -> dict[str, str]:
        return {f"{service.upper()}_DATABASE_URL": url for service, url in fresh_postgres_urls.items()}

    @pytest.fixture
    def submitted(self, client, auth, make_bid, upload_evidence, deliver_events) -> dict:
        """A submitted bid: every service has audit events."""
        bid = make_bid()
        assert upload_evidence(bid["id"]).status_code == 201
        assert client.post(f"/bids/{bid['id']}/submit", headers=auth()).status_code == 200
        deliver_events()
        return bid

    @pytest.mark.parametrize("service", ["bids", "grants", "notifications"])
    @pytest.mark.parametrize("statement", [*REFUSED, "TRUNCATE audit_event"])
    def test_postgresql_refuses_to_change_or_remove_an_audit_event(self, system, submitted, service, statement):
        engine = system.runtimes[service].engine
        kept = _count(engine)

        with pytest.raises(sa.exc.DBAPIError, match="audit_event is append-only"), engine.begin() as connection:
            connection.execute(sa.text(statement))

        assert _count(engine) == kept > 0

    def test_a_provider_contributors_upload_is_audited_under_their_name(self, client, auth, make_bid):
        bid = make_bid()
        invitee = {"email": "priya.shah@provider.example", "name": "Priya Shah"}
        assert client.post(f"/bids/{bid['id']}/invitations", json=invitee, headers=auth()).status_code == 201

        upload = client.post(
            f"/bids/{bid['id']}/evidence",
            data={"file": (io.BytesIO(b"%PDF-1.7 plan"), "plan.pdf", "application/pdf")},
            headers=auth("provider_contributor", "melton", bid_id=bid["id"]),
            content_type="multipart/form-data",
        )

        assert upload.status_code == 201, upload.get_json()
        history = client.get(f"/audit/bid/{bid['id']}", headers=auth("auditor")).json
        [added] = [event for event in history if event["action"] == "bid.evidence_added"]
        assert (added["actor_role"], added["actor_name"]) == ("provider_contributor", "Priya Shah")

    def test_whoever_may_act_may_append_to_the_audit_trail_whatever_rows_they_may_read(self, system):
        invited = Access("bid", demo_principal("provider_contributor", bid_id="b-1"), "melton", "b-1")
        with acting_as(invited), unit_of_work(system.runtimes["bids"].session_factory) as session:
            audit.record(session, "bid.evidence_added", "bid", "b-1", csp_id="melton", changes={})

        assert _count(system.runtimes["bids"].engine) == 1

    def test_row_level_security_shows_a_csp_only_its_own_audit_events(self, system, client, auth, submitted):
        engine = system.runtimes["bids"].engine
        with acting_as(Access("csp", csp_id="charnwood")):
            theirs = _count(engine)
        with acting_as(Access("csp", csp_id="melton")):
            ours = _count(engine)

        # Melton's: the draft created, its evidence added and then passed by the virus scan, the submission.
        assert (theirs, ours) == (0, 4)
        assert client.get(f"/audit/bid/{submitted['id']}", headers=auth()).status_code == 200
        assert client.get(f"/audit/bid/{submitted['id']}", headers=auth("csp_officer", "charnwood")).status_code == 404
