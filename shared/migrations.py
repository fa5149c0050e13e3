"""Alembic per service: each service keeps its own migrations in services/<name>/migrations."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config

from shared.config import Settings

SERVICES_DIR = Path(__file__).resolve().parent.parent / "services"


def alembic_config(service: str, url: str) -> Config:
    config = Config(str(SERVICES_DIR / service / "alembic.ini"))
    config.set_main_option("script_location", str(SERVICES_DIR / service / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, service: str, revision: str = "head") -> None:
    from shared.db import make_engine

    make_engine(settings.database_url(service)).dispose()  # creates the SQLite folder if needed
    command.upgrade(alembic_config(service, settings.database_url(service)), revision)


def check(settings: Settings, service: str) -> None:
    """Fails if the models and the migrations disagree (alembic check)."""
    command.check(alembic_config(service, settings.database_url(service)))


def run_env(metadata: sa.MetaData, service: str) -> None:
    """The body of every service's migrations/env.py."""
    from shared.config import load_settings

    url = context.config.get_main_option("sqlalchemy.url") or load_settings().database_url(service)
    from shared.db import make_engine

    # Our engine takes SQLite's transactions into its own hands (BEGIN IMMEDIATE), so a migration that
    # is interrupted half-way rolls back whole instead of leaving tables without a version record.
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            transactional_ddl=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
