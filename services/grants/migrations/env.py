"""Alembic environment for the grants service's own database."""

import services.grants.models  # noqa: F401 - registers the tables on the metadata
from services.grants.db import Base
from shared.migrations import run_env

run_env(Base.metadata, "grants")
