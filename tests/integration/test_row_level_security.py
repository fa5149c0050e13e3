"""Row-level security on PostgreSQL: the backstop under the ORM's scoping.

Raw SQL, which no ORM criterion touches, run as a CSP principal still sees and changes only that CSP's
rows; a connection that never says whose it is sees nothing at all.
"""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

from services.bids.models import Bid, EvidenceFile
from shared import migrations
from shared.auth.dev_identity import demo_principal
from shared.auth.scoping import access_for, acting_as
from shared.db import make_engine, make_session_factory, unit_of_work

MELTON = demo_principal("csp_officer", "melton")


@pytest.fixture
def bids_db(make_settings, fresh_postgres_urls):
    settings = make_settings(BIDS_DATABASE_URL=fresh_postgres_urls["bids"])
    migrations.upgrade(settings, "bids")
    engine = make_engine(settings.database_url("bids"))
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:  # outside a request: the system, which sees every row
        for csp, title in (("melton", "Melton patrols"), ("melton", "Melton CCTV"), ("charnwood", "Loughborough")):
            bid = Bid(id=f"{csp}-{len(title)}", round_id="r1", csp_id=csp, title=title, created_by={})
            session.add(bid)
            session.add(
                EvidenceFile(
                    bid_id=bid.id,
                    csp_id=csp,
                    filename="plan.pdf",
                    content_type="application/pdf",
                    size_bytes=1,
                    sha256="0" * 64,
                    storage_key=f"evidence/{bid.id}/x",
                    uploaded_by="u",
                )
            )
    yield engine, sessions, fresh_postgres_urls["bids"]
    engine.dispose()


def test_raw_sql_as_a_csp_officer_reads_only_that_csps_rows(bids_db):
    engine, sessions, _ = bids_db

    with acting_as(access_for(MELTON, "own")), sessions() as session:
        csps = session.execute(sa.text("SELECT DISTINCT csp_id FROM bid")).scalars().all()
        evidence = session.execute(sa.text("SELECT count(*) FROM evidence_file")).scalar_one()
        counted = session.execute(sa.text("SELECT count(*) FROM bid WHERE title LIKE 'Lough%'")).scalar_one()

    assert (csps, evidence, counted) == (["melton"], 2, 0)


def test_a_plain_engine_connection_is_scoped_the_same_way(bids_db):
    engine, _, _ = bids_db

    with acting_as(access_for(MELTON, "own")), engine.connect() as connection:
        titles = connection.execute(sa.text("SELECT title FROM bid ORDER BY title")).scalars().all()

    assert titles == ["Melton CCTV", "Melton patrols"]


def test_raw_sql_cannot_change_or_create_another_csps_rows(bids_db):
    engine, sessions, _ = bids_db

    with acting_as(access_for(MELTON, "own")):
        with unit_of_work(sessions) as session:
            changed = session.execute(sa.text("UPDATE bid SET title = 'hijacked' WHERE csp_id = 'charnwood'"))
            removed = session.execute(sa.text("DELETE FROM evidence_file WHERE csp_id = 'charnwood'"))
            assert (changed.rowcount, removed.rowcount) == (0, 0)
        with pytest.raises(sa.exc.ProgrammingError, match="row-level security"), unit_of_work(sessions) as session:
            session.execute(
                sa.text(
                    "INSERT INTO bid (id, round_id, csp_id, title, summary, priorities, delivery_provider_name,"
                    " status, created_by, created_at, updated_at)"
                    " VALUES ('planted', 'r1', 'charnwood', 't', '', '[]', '', 'draft', '{}', now(), now())"
                )
            )
    with sessions() as session:
        assert session.scalar(sa.select(Bid.title).where(Bid.csp_id == "charnwood")) == "Loughborough"


def test_a_provider_contributor_reads_only_the_bid_they_were_invited_to(bids_db):
    _, sessions, _ = bids_db
    provider = demo_principal("provider_contributor", "melton", bid_id="melton-11")

    with acting_as(access_for(provider, "invited")), sessions() as session:
        bids = session.execute(sa.text("SELECT id FROM bid")).scalars().all()
        evidence = session.execute(sa.text("SELECT bid_id FROM evidence_file")).scalars().all()

    assert (bids, evidence) == (["melton-11"], ["melton-11"])


def test_a_connection_that_never_says_whose_it_is_sees_nothing(bids_db):
    _, _, url = bids_db

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        assert connection.execute("SELECT count(*) FROM bid").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM evidence_file").fetchone() == (0,)
