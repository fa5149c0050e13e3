"""Alembic environment for the notifications service's own database."""

import services.notifications.models  # noqa: F401 - registers the tables on the metadata
from services.notifications.db import Base
from shared.migrations import run_env

run_env(Base.metadata, "notifications")
