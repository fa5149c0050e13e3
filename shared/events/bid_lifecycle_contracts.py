"""Contracts of bids' events about a bid's people and life beyond saving: invitations, deletion, withdrawal."""

from __future__ import annotations

from shared.events.contract import CSP, DATETIME, ID, PERSON, EventContract

BID_PROVIDER_INVITED_V1 = EventContract(
    type="bid.provider_invited",
    version=1,
    producer="bids",
    summary="A CSP officer invited a delivery provider to contribute to one bid. Carries the signed, expiring "
    "invitation code for the email link: a credential, so only notifications reads it and nobody stores it "
    "where people can read it.",
    payload={
        "type": "object",
        "required": [
            "invitation_id",
            "bid_id",
            "csp_id",
            "csp_name",
            "bid_title",
            "invitee",
            "invited_by",
            "code",
            "expires_at",
        ],
        "properties": {
            "invitation_id": ID,
            "bid_id": ID,
            "csp_id": CSP,
            "csp_name": {"type": "string"},
            "bid_title": {"type": "string"},
            "invitee": {
                "type": "object",
                "required": ["email", "name"],
                "properties": {"email": {"type": "string", "minLength": 3}, "name": {"type": "string"}},
            },
            "invited_by": PERSON,
            "code": {"type": "string", "minLength": 1},
            "expires_at": DATETIME,
        },
    },
)

BID_WITHDRAWN_V1 = EventContract(
    type="bid.withdrawn",
    version=1,
    producer="bids",
    summary="A CSP withdrew a submitted (or returned) bid before a decision: grants takes it out of the review queue.",
    payload={
        "type": "object",
        "required": ["bid_id", "round_id", "csp_id", "title", "reason", "withdrawn_at", "withdrawn_by"],
        "properties": {
            "bid_id": ID,
            "round_id": ID,
            "csp_id": CSP,
            "csp_name": {"type": "string"},
            "title": {"type": "string"},
            "reason": {"type": "string", "minLength": 1},
            "withdrawn_at": DATETIME,
            "withdrawn_by": PERSON,
        },
    },
)

BID_DRAFT_DELETED_V1 = EventContract(
    type="bid.draft_deleted",
    version=1,
    producer="bids",
    summary="A CSP officer deleted a draft that was never submitted: grants drops its copy from duplicate checks "
    "and allocation summaries. `deleted_at` is later than every save of the draft, so a `bid.draft_saved` "
    "arriving after it is older and changes nothing.",
    payload={
        "type": "object",
        "required": ["bid_id", "round_id", "csp_id", "deleted_at"],
        "properties": {"bid_id": ID, "round_id": ID, "csp_id": CSP, "deleted_at": DATETIME},
    },
)
