"""Contracts of grants' decisions on single bids: awarded (with amount and conditions) or declined, and an
award that did not stand because its CSP withdrew the bid as it was made."""

from __future__ import annotations

from shared.events.contract import CSP, DATETIME, ID, PENCE, PERSON, EventContract

_person_with_role = {
    **PERSON,
    "properties": {**PERSON["properties"], "role": {"type": "string"}},
}

# The bid a decision is about, as both events name it.
_BID = {
    "bid_id": ID,
    "round_id": ID,
    "round_name": {"type": "string"},
    "csp_id": CSP,
    "title": {"type": "string"},
}

BID_DECIDED_V1 = EventContract(
    type="bid.decided",
    version=1,
    producer="grants",
    summary="The OPCC decided a submitted bid: awarded (an amount up to what was requested, with any conditions) "
    "or declined, and why. bids moves the bid to its outcome; notifications tells the CSP, and finance of awards.",
    payload={
        "type": "object",
        "required": [
            *_BID,
            "outcome",
            "amount_requested_pence",
            "amount_awarded_pence",
            "conditions",
            "reason",
            "decided_at",
            "decided_by",
            "submitted_by",
        ],
        "properties": {
            **_BID,
            "version": {"type": "integer", "minimum": 1, "description": "The submitted version decided, if known."},
            "outcome": {"type": "string", "enum": ["awarded", "declined"]},
            "amount_requested_pence": PENCE,
            "amount_awarded_pence": {**PENCE, "description": "Money in integer pence (GBP); 0 when declined."},
            "conditions": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Conditions of the award the CSP must meet; empty when declined.",
            },
            "reason": {"type": "string", "minLength": 1},
            "decided_at": DATETIME,
            "decided_by": _person_with_role,
            "submitted_by": PERSON,
        },
    },
)

AWARD_WITHDRAWN_V1 = EventContract(
    type="award.withdrawn",
    version=1,
    producer="grants",
    summary="An award did not stand: its CSP withdrew the bid as the OPCC decided it. grants has taken it out of "
    "the allocations and the funding register; notifications tells finance and the CSP's submitter, who both "
    "heard of the award.",
    payload={
        "type": "object",
        "required": [
            *_BID,
            "amount_awarded_pence",
            "reason",
            "withdrawn_at",
        ],
        "properties": {
            **_BID,
            "amount_awarded_pence": PENCE,
            "reason": {"type": "string", "minLength": 1, "description": "The CSP's reason for withdrawing."},
            "withdrawn_at": DATETIME,
            # Optional: events published before it was added lack it (notifications then tells finance alone).
            "submitted_by": {**PERSON, "description": "Who submitted the bid, and was told of the award."},
        },
    },
)
