"""What changed in a funding round, when, by whom and why: kept so CSPs and auditors can see it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.grants.db import Base
from shared.clock import utcnow
from shared.db import UTCDateTime

# A round's details, as opposed to its rules (round_rules.RULES).
DETAILS = ("name", "financial_year", "opens_on", "closes_on", "pot_pence", "priorities")


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


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value
