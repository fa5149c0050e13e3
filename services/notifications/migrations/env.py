"""Alembic environment for the notifications service's own database."""

import services.notifications.audit  # noqa: F401 - the audit trail
import services.notifications.models  # noqa: F401 - registers the tables on the metadata
from services.notifications.db import Base
from shared.migrations import run_env

run_env(Base.metadata, "notifications")
