"""What grants keeps of a bid's content from `bid.draft_saved` and `bid.submitted` version 2.

Both the copy of every bid (bid_copies.py) and the OPCC's review item keep it. A version 1 event carries
none of it, so everything here is empty for a bid only ever seen through version 1.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

# 360Giving org-id prefixes of the registers a delivery provider's number comes from.
_ORG_ID_PREFIX = {"charity_number": "GB-CHC-", "company_number": "GB-COH-"}
EMPTY_PROVIDER = {"type": None, "charity_number": None, "company_number": None, "local_authority_code": None}


class BidContent:
    """Columns and reading of a bid's version 2 content (a declarative mixin)."""

    version: Mapped[int | None] = mapped_column(sa.Integer)
    need: Mapped[str] = mapped_column(sa.Text, default="")
    outcomes: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    provider: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # type and identifiers (EMPTY_PROVIDER)
    wards: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    postcodes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    budget_lines: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)  # amounts by year, as the event has
    other_funding: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    match_funding: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    risks: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)

    def learn_content(self, payload: dict) -> None:
        provider = payload.get("delivery_provider") or {}
        places = payload.get("places") or {}
        self.version = payload.get("version")
        self.need = payload.get("need") or ""
        self.outcomes = list(payload.get("outcomes") or [])
        self.provider = {key: provider.get(key) for key in EMPTY_PROVIDER}
        self.wards = list(places.get("wards") or [])
        self.postcodes = list(places.get("postcodes") or [])
        self.starts_on = _date(payload.get("starts_on"))
        self.ends_on = _date(payload.get("ends_on"))
        self.budget_lines = list(payload.get("budget_lines") or [])
        self.other_funding = list(payload.get("other_funding") or [])
        self.match_funding = list(payload.get("match_funding") or [])
        self.risks = list(payload.get("risks") or [])

    # What the duplicate-funding matcher reads (matching.Candidate).

    @property
    def provider_org_id(self) -> str:
        """The provider's 360Giving org-id, from its charity or company number (a local authority's GSS code
        is not an org-id)."""
        provider = self.provider or {}
        for key, prefix in _ORG_ID_PREFIX.items():
            if provider.get(key):
                return prefix + provider[key].split("-", 1)[0]  # a linked charity is its main charity
        return ""

    @property
    def place_codes(self) -> frozenset[str]:
        return frozenset(
            {f"WARD:{ward}" for ward in self.wards or []} | {f"POSTCODE:{p}" for p in self.postcodes or []}
        )

    @property
    def cost_items(self) -> tuple[str, ...]:
        return tuple(line["description"] for line in self.budget_lines or [] if line.get("description"))

    @property
    def declared_programmes(self) -> tuple[str, ...]:
        """Other funding the CSP declared, named by programme (or by funder when it gave no programme)."""
        named = (row.get("programme") or row.get("funder") or "" for row in self.other_funding or [])
        return tuple(name for name in named if name)

    @property
    def outcomes_text(self) -> str:
        return "\n".join(o.get("outcome", "") for o in self.outcomes or [] if o.get("outcome"))


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
