"""Contracts of the events bids publishes: bids saved as drafts and submitted."""

from __future__ import annotations

from shared.events.contract import CSP, DATETIME, ID, PENCE, PERSON, PRIORITY, EventContract

BID_SUBMITTED_V1 = EventContract(
    type="bid.submitted",
    version=1,
    producer="bids",
    summary="A CSP submitted a bid to a funding round. Carries everything grants needs to review it.",
    payload={
        "type": "object",
        "required": [
            "bid_id",
            "round_id",
            "csp_id",
            "title",
            "summary",
            "amount_requested_pence",
            "priorities",
            "delivery_provider",
            "submitted_at",
            "submitted_by",
            "evidence",
        ],
        "properties": {
            "bid_id": ID,
            "round_id": ID,
            "round_name": {"type": "string"},
            "csp_id": CSP,
            "csp_name": {"type": "string"},
            "title": {"type": "string", "minLength": 1},
            "summary": {"type": "string", "minLength": 1},
            "amount_requested_pence": {**PENCE, "minimum": 1},
            "priorities": {"type": "array", "items": PRIORITY, "minItems": 1, "uniqueItems": True},
            "delivery_provider": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1}},
            },
            "submitted_at": DATETIME,
            "submitted_by": PERSON,
            "evidence": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["evidence_id", "filename", "content_type", "size_bytes", "sha256"],
                    "properties": {
                        "evidence_id": ID,
                        "filename": {"type": "string"},
                        "content_type": {"type": "string"},
                        "size_bytes": {"type": "integer", "minimum": 0},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    },
                },
            },
        },
    },
)

BID_DRAFT_SAVED_V1 = EventContract(
    type="bid.draft_saved",
    version=1,
    producer="bids",
    summary="A CSP created or changed a draft bid. Carries what grants needs to check it for duplicate funding "
    "before it is submitted; fields the CSP has not filled in yet are empty.",
    payload={
        "type": "object",
        "required": [
            "bid_id",
            "round_id",
            "csp_id",
            "title",
            "summary",
            "amount_requested_pence",
            "priorities",
            "delivery_provider",
            "saved_at",
        ],
        "properties": {
            "bid_id": ID,
            "round_id": ID,
            "csp_id": CSP,
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "amount_requested_pence": {"oneOf": [PENCE, {"type": "null"}]},
            "priorities": {"type": "array", "items": PRIORITY, "uniqueItems": True},
            "delivery_provider": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            "saved_at": DATETIME,
        },
    },
)
