"""Demo data for the embedded mode: one open round for the current financial year, with each CSP's indicative
allocation, and a funding register.

The eight CSPs, the priorities and one user per role are reference data in code
(shared/reference.py, shared/auth/dev_identity.py); only the round needs to be made, through the
same handlers an OPCC user would call, so bids learns of it through `round.opened`.
The register is imported from the demo files in services/grants/register_data, as the OPCC would import them.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa

from services.grants import handlers
from services.grants.models import FundingRound
from services.grants.register.data import DEMO_FILES
from services.grants.register.imports import import_file
from services.grants.register.model import RegisterRecord
from shared.auth.dev_identity import DEMO_USERS
from shared.clock import today
from shared.db import unit_of_work
from shared.reference import PRIORITIES
from shared.runtime import ServiceRuntime

log = logging.getLogger(__name__)


def financial_year_of(day) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def seed_register(grants: ServiceRuntime) -> bool:
    """Import the demo register unless the register has records already (so the OPCC's changes are kept)."""
    with grants.session_factory() as session:
        if session.scalar(sa.select(sa.func.count()).select_from(RegisterRecord)):
            return False
    for path in DEMO_FILES:
        with path.open("rb") as stream:
            report = import_file(
                grants.session_factory,
                stream,
                filename=path.name,
                own_funder_org_id=grants.settings.threesixty_funder_org_id,
            )
        log.info("seeded the funding register from %s: %d records", path.name, report.created)
    return True


def seed_demo(grants: ServiceRuntime) -> bool:
    """Create and open the demo round unless grants already has rounds. Returns True if it seeded.

    The demo register is seeded first, on its own terms, so systems seeded before it existed get it too.
    """
    seed_register(grants)
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
        # Each bid shows its CSP's allocation and what remains of it: without allocations a demo bid shows none.
        handlers.set_allocations(
            session, grants.outbox, DEMO_USERS["opcc_approver"], funding_round.id, "formula", DEMO_FORMULA
        )
    return True


# The formula DOMAIN.md describes (population 50%, crime 25%, non-crime demand 25%). Populations are the 2021
# census's, rounded; the crime and non-crime demand figures are illustrative.
DEMO_FORMULA = {
    "weights": {"population": 50, "crime": 25, "non_crime_demand": 25},
    "data": {
        "blaby-hinckley-bosworth": {"population": 216_600, "crime": 13_900, "non_crime_demand": 9_800},
        "charnwood": {"population": 183_900, "crime": 14_200, "non_crime_demand": 9_100},
        "harborough": {"population": 97_600, "crime": 5_300, "non_crime_demand": 3_900},
        "melton": {"population": 51_800, "crime": 3_100, "non_crime_demand": 2_050},
        "north-west-leicestershire": {"population": 104_700, "crime": 7_600, "non_crime_demand": 4_700},
        "oadby-wigston": {"population": 57_800, "crime": 3_500, "non_crime_demand": 2_300},
        "rutland": {"population": 41_000, "crime": 1_700, "non_crime_demand": 1_200},
        "leicester-city": {"population": 368_600, "crime": 41_000, "non_crime_demand": 27_500},
    },
}
