"""Each service's Alembic migrations build its schema on SQLite and PostgreSQL, and match the models."""

import pytest
import sqlalchemy as sa

from shared import migrations
from shared.config import SERVICES


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_reach_head_and_match_the_models_on_sqlite(make_settings, service):
    settings = make_settings()
    migrations.upgrade(settings, service)
    migrations.check(settings, service)


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_reach_head_and_match_the_models_on_postgresql(make_settings, fresh_postgres_urls, service):
    settings = make_settings(**{f"{service.upper()}_DATABASE_URL": fresh_postgres_urls[service]})
    migrations.upgrade(settings, service)
    migrations.check(settings, service)
    engine = sa.create_engine(fresh_postgres_urls[service])
    try:
        tables = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"outbox_message", "inbox_message", "dead_letter", "alembic_version"} <= tables


def test_upgrading_twice_changes_nothing(make_settings):
    settings = make_settings()
    for _ in range(2):
        migrations.upgrade(settings, "bids")
    migrations.check(settings, "bids")


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_register_records_imported_before_searching_by_words_are_found_by_words_after_it(
    make_settings, fresh_postgres_urls, database
):
    overrides = {"GRANTS_DATABASE_URL": fresh_postgres_urls["grants"]} if database == "postgresql" else {}
    settings = make_settings(**overrides)
    migrations.upgrade(settings, "grants", "0010")
    engine = sa.create_engine(settings.database_url("grants"))
    row = {
        "id": "r1", "source": "local-csv", "source_id": "SS5", "funder_name": "Home Office", "funder_org_id": "",
        "programme": "Safer Streets", "recipient_name": "", "recipient_org_id": "", "provider_name": "",
        "provider_org_id": "", "title": "Anti-social behaviour officer", "description": "", "amount_pence": 1,
        "places": '["CSP:charnwood"]', "places_text": ";CSP:charnwood;", "search_text": "anti-social behaviour officer",
        "status": "awarded", "confidential": False, "import_batch_id": "b", "imported_at": "2026-01-01 00:00:00",
    }  # fmt: skip
    try:
        with engine.begin() as connection:
            columns = ", ".join(row)
            connection.execute(sa.text(f"INSERT INTO register_record ({columns}) VALUES (:{', :'.join(row)})"), row)
        migrations.upgrade(settings, "grants")
        with engine.connect() as connection:
            text = connection.execute(sa.text("SELECT search_text FROM register_record")).scalar_one()
    finally:
        engine.dispose()

    assert text == " home office anti social behaviour officer safer streets charnwood antisocial "
