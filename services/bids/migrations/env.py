"""Alembic environment for the bids service's own database."""

import services.bids.audit  # noqa: F401 - the audit trail
import services.bids.idempotency  # noqa: F401 - answers kept for repeated requests
import services.bids.invitations  # noqa: F401 - delivery providers invited to a bid
import services.bids.models  # noqa: F401 - registers the tables on the metadata
import services.bids.versions  # noqa: F401 - submitted versions
from services.bids.db import Base
from shared.migrations import run_env

run_env(Base.metadata, "bids")
