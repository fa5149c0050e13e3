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
