"""What changed in a funding round, when, by whom and why: kept so CSPs and auditors can see it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.grants.db import Base
from services.grants.round_rules import RULES
from shared.clock import utcnow
from shared.db import UTCDateTime
from shared.http.problems import listed

# A round's details, as opposed to its rules (round_rules.RULES).
DETAILS = ("name", "financial_year", "opens_on", "closes_on", "pot_pence", "priorities")
# What bids are made and judged against, in the words a reason is asked for: once bids have arrived these
# change only with a reason, which bids and the audit trail carry (a bid's checklist follows the priorities).
NEEDS_A_REASON = {name: "rules" for name in RULES} | {
    "priorities": "priorities",
    "financial_year": "financial year",  # bids are judged against it (a project must run in it)
    "pot_pence": "pot",
    "opens_on": "dates",
    "closes_on": "dates",
}


class RoundChange(Base):
    __tablename__ = "round_change"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    round_id: Mapped[str] = mapped_column(sa.ForeignKey("funding_round.id"), index=True)
    changed_by: Mapped[dict] = mapped_column(sa.JSON)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    # {field: {"from": old, "to": new}}, dates as ISO text.
    changes: Mapped[dict] = mapped_column(sa.JSON)


def differences(current: object, wanted: dict) -> dict[str, dict]:
    """The fields whose wanted value differs from the current one (a list's order and repeats do not count)."""
    found = {}
    for name, value in wanted.items():
        old = getattr(current, name)
        if isinstance(value, list):
            value = list(dict.fromkeys(value))
            same = set(value) == set(old or [])
        else:
            same = value == old
        if not same:
            found[name] = {"from": _plain(old), "to": _plain(value)}
    return found


def reason_wanted(changed: set[str]) -> str | None:
    """What to ask for when `changed` is made after bids have arrived without a reason; None: no reason needed."""
    words = list(dict.fromkeys(word for name, word in NEEDS_A_REASON.items() if name in changed))
    if not words:
        return None
    return f"Give a reason for changing the {listed(words)} after bids have arrived"


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value
