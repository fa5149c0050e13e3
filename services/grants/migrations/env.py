"""Alembic environment for the grants service's own database."""

import services.grants.allocations  # noqa: F401 - per-CSP indicative allocations
import services.grants.audit  # noqa: F401 - the audit trail
import services.grants.bid_copies  # noqa: F401 - the copies of bids kept for duplicate checks
import services.grants.finding_decisions  # noqa: F401 - reviewers' decisions on findings
import services.grants.models  # noqa: F401 - registers the tables on the metadata
import services.grants.register.model  # noqa: F401 - the funding register's tables
import services.grants.round_changes  # noqa: F401 - the record of changes to rounds
from services.grants.db import Base
from shared.migrations import run_env

run_env(Base.metadata, "grants")
