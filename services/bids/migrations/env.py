"""Alembic environment for the bids service's own database."""

import services.bids.audit  # noqa: F401 - the audit trail
import services.bids.models  # noqa: F401 - registers the tables on the metadata
from services.bids.db import Base
from shared.migrations import run_env

run_env(Base.metadata, "bids")
