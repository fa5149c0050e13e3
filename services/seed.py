"""Demo data for the embedded mode: one open round for the current financial year.

The eight CSPs, the priorities and one user per role are reference data in code
(shared/reference.py, shared/identity.py); only the round needs to be made, through the
same handlers an OPCC user would call, so bids learns of it through `round.opened`.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from services.grants import handlers
from services.grants.models import FundingRound
from shared.clock import today
from shared.db import unit_of_work
from shared.identity import DEMO_USERS
from shared.reference import PRIORITIES
from shared.runtime import ServiceRuntime


def financial_year_of(day) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def seed_demo(grants: ServiceRuntime) -> bool:
    """Create and open the demo round unless grants already has rounds. Returns True if it seeded."""
    with unit_of_work(grants.session_factory) as session:
        if session.scalar(sa.select(sa.func.count()).select_from(FundingRound)):
            return False
        day = today()
        year = financial_year_of(day)
        funding_round = handlers.create_round(
            session,
            DEMO_USERS["opcc_approver"],
            {
                "name": f"Community Safety Fund {year}",
                "financial_year": year,
                "opens_on": day - timedelta(days=14),
                "closes_on": day + timedelta(days=60),
                "pot_pence": 120_000_000,
                "priorities": list(PRIORITIES),
            },
        )
        handlers.open_round(session, grants.outbox, funding_round.id)
    return True
