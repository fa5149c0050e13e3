"""The payloads of bids' events, version 2: a bid's whole content, in the shape grants keeps.

Version 2 carries every field of version 1 unchanged, so a consumer that reads only those keeps working.
"""

from __future__ import annotations

from services.bids.content import first_year
from shared.reference import CSP_BY_ID

DRAFT_SAVED_VERSION = 2
SUBMITTED_VERSION = 2


def budget_lines(lines: list[dict]) -> list[dict]:
    """Amounts by financial year, earliest first; every year after the bid's first is indicative."""
    first = first_year(lines)
    return [
        {
            "category": line.get("category"),
            "description": line.get("description") or "",
            "amounts": [
                {"financial_year": year, "amount_pence": pence, "indicative": year != first}
                for year, pence in sorted((line.get("amounts") or {}).items())
            ],
        }
        for line in lines
    ]


def provider(bid) -> dict:
    return {
        "name": bid.delivery_provider_name,
        "type": bid.provider_type,
        "charity_number": bid.charity_number,
        "company_number": bid.company_number,
        "local_authority_code": bid.local_authority_code,
    }


def content(bid) -> dict:
    """What both events say of the bid itself."""
    return {
        "bid_id": bid.id,
        "round_id": bid.round_id,
        "csp_id": bid.csp_id,
        "version": bid.version,
        "title": bid.title,
        "summary": bid.summary,
        "need": bid.need,
        "amount_requested_pence": bid.amount_requested_pence,
        "priorities": list(bid.priorities),
        "outcomes": [dict(outcome) for outcome in bid.outcomes or []],
        "delivery_provider": provider(bid),
        "places": {"wards": list(bid.wards or []), "postcodes": list(bid.postcodes or [])},
        "starts_on": bid.starts_on.isoformat() if bid.starts_on else None,
        "ends_on": bid.ends_on.isoformat() if bid.ends_on else None,
        "budget_lines": budget_lines(bid.budget_lines or []),
        "other_funding": [dict(row) for row in bid.other_funding or []],
        "match_funding": [dict(row) for row in bid.match_funding or []],
        "risks": [dict(risk) for risk in bid.risks or []],
    }


def draft_saved(bid) -> dict:
    return content(bid) | {"saved_at": bid.updated_at.isoformat()}


def submitted(bid, funding_round) -> dict:
    return content(bid) | {
        "round_name": funding_round.name,
        "csp_name": CSP_BY_ID[bid.csp_id].name,
        "submitted_at": bid.submitted_at.isoformat(),
        "submitted_by": dict(bid.submitted_by),
        # Only files the virus scanner passed are evidence; one still in quarantine is not sent on.
        "evidence": [file.describe() for file in bid.evidence if getattr(file, "status", "clean") == "clean"],
    }
