"""A bid as its page shows it: the bid's own fields, and what is worked out from them (money in pounds,
indicative years, the checklist, the CSP's allocation)."""

from __future__ import annotations

from services.bids.checklist import Section
from services.bids.content import first_year
from shared.http.fields import pence_to_pounds

AWARDED_NOTE = "Remaining is the allocation less what undecided bids request and what has been awarded."


def _pounds(pence: int | None) -> str | None:
    return None if pence is None else pence_to_pounds(pence)


class BidPage:
    """Reads through to the bid for every field it does not work out itself."""

    def __init__(self, bid, sections: list[Section] | None = None, allocation: dict | None = None):
        self.bid = bid
        self._sections = sections
        self._allocation = allocation

    def __getattr__(self, name: str):
        return getattr(self.bid, name)

    @property
    def delivery_provider(self) -> dict:
        bid = self.bid
        return {
            "name": bid.delivery_provider_name,
            "type": bid.provider_type,
            "charity_number": bid.charity_number,
            "company_number": bid.company_number,
            "local_authority_code": bid.local_authority_code,
        }

    @property
    def places(self) -> dict:
        return {"wards": list(self.bid.wards or []), "postcodes": list(self.bid.postcodes or [])}

    @property
    def budget_lines(self) -> list[dict]:
        lines = self.bid.budget_lines or []
        first = first_year(lines)
        return [_line(line, first) for line in lines]

    @property
    def other_funding(self) -> list[dict]:
        return [row | {"amount": _pounds(row.get("amount_pence"))} for row in self.bid.other_funding or []]

    @property
    def match_funding(self) -> list[dict]:
        return [row | {"amount": _pounds(row.get("amount_pence"))} for row in self.bid.match_funding or []]

    @property
    def checklist(self) -> dict | None:
        if self._sections is None:
            return None
        sections = [{"id": s.id, "title": s.title, "status": s.status, "missing": s.missing} for s in self._sections]
        return {"ready_to_submit": all(s.status == "complete" for s in self._sections), "sections": sections}

    @property
    def allocation(self) -> dict | None:
        found = self._allocation
        if found is None:
            return None
        shown = {key: found[key] for key in ("allocation_pence", "requested_pence", "awarded_pence", "remaining_pence")}
        pounds = {key.removesuffix("_pence"): _pounds(value) for key, value in shown.items()}
        return {"round_id": self.bid.round_id, **shown, **pounds, "note": AWARDED_NOTE}


def _line(line: dict, first: str | None) -> dict:
    amounts = dict(sorted((line.get("amounts") or {}).items()))
    total = sum(amounts.values())
    return {
        "category": line.get("category"),
        "description": line.get("description", ""),
        "amounts": {year: pence_to_pounds(pence) for year, pence in amounts.items()},
        "years": [
            {"year": year, "amount": pence_to_pounds(pence), "amount_pence": pence, "indicative": year != first}
            for year, pence in amounts.items()
        ],
        "total": pence_to_pounds(total),
        "total_pence": total,
    }
