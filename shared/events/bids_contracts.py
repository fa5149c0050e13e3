"""Contracts of the events bids publishes: bids saved as drafts and submitted."""

from __future__ import annotations

from shared.events.contract import CSP, DATE, DATETIME, ID, PENCE, PERSON, PRIORITY, EventContract
from shared.reference import COST_CATEGORIES

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

# Version 2 of both: the bid's whole content. Every version 1 field is kept as it was.
_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"oneOf": [_TEXT, {"type": "null"}]}
_YEAR = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}$", "description": "A financial year: 2026-27."}


def _object(required: tuple[str, ...], **properties) -> dict:
    return {"type": "object", "required": list(required), "properties": properties}


def _content(submitted: bool) -> dict:
    """A draft may hold half-written rows (nulls); a submitted bid holds complete ones."""
    maybe = (lambda schema: schema) if submitted else (lambda schema: {"oneOf": [schema, {"type": "null"}]})
    return {
        "version": {"type": "integer", "minimum": 1, "description": "The version drafted or submitted."},
        "need": _TEXT,
        "outcomes": {
            "type": "array",
            "items": _object(("outcome", "measure", "target"), outcome=_TEXT, measure=_TEXT, target=_TEXT),
        },
        "delivery_provider": _object(
            ("name", "type", "charity_number", "company_number", "local_authority_code"),
            name=_TEXT,
            type=maybe({"enum": ["charity", "company", "local_authority", "other"]}),
            charity_number={**_NULLABLE_TEXT, "description": "Charity Commission for England and Wales"},
            company_number={**_NULLABLE_TEXT, "description": "Companies House"},
            local_authority_code={**_NULLABLE_TEXT, "description": "ONS GSS code, like E07000133"},
        ),
        "places": _object(
            ("wards", "postcodes"),
            wards={"type": "array", "items": _TEXT, "description": "Ward codes (E05...) or names"},
            postcodes={"type": "array", "items": {"type": "string", "pattern": r"^[A-Z0-9]{2,4} [0-9][A-Z]{2}$"}},
        ),
        "starts_on": maybe(DATE),
        "ends_on": maybe(DATE),
        "budget_lines": {
            "type": "array",
            "items": _object(
                ("category", "description", "amounts"),
                category=maybe({"enum": sorted(COST_CATEGORIES)}),
                description=_TEXT,
                amounts={
                    "type": "array",
                    "items": _object(
                        ("financial_year", "amount_pence", "indicative"),
                        financial_year=_YEAR,
                        amount_pence=PENCE,
                        indicative={"type": "boolean", "description": "Years after the bid's first"},
                    ),
                },
            ),
        },
        "other_funding": {
            "type": "array",
            "description": "Other funding the CSP declared for the same project",
            "items": _object(
                ("funder", "programme", "amount_pence", "status"),
                funder=_TEXT,
                programme=_TEXT,
                amount_pence=maybe(PENCE),
                status=maybe({"enum": ["applied", "awarded"]}),
            ),
        },
        "match_funding": {
            "type": "array",
            "items": _object(("source", "amount_pence"), source=_TEXT, amount_pence=maybe(PENCE)),
        },
        "risks": {"type": "array", "items": _object(("risk", "mitigation"), risk=_TEXT, mitigation=_TEXT)},
    }


def _version_2(v1: EventContract, summary: str, submitted: bool) -> EventContract:
    """Version 1's fields and more; `delivery_provider` grows from a name to the provider's identifiers."""
    added = _content(submitted)
    return EventContract(
        type=v1.type,
        version=2,
        producer=v1.producer,
        summary=summary,
        payload={
            "type": "object",
            "required": list(dict.fromkeys([*v1.payload["required"], *added])),
            "properties": v1.payload["properties"] | added,
        },
    )


BID_SUBMITTED_V2 = _version_2(
    BID_SUBMITTED_V1,
    "A CSP submitted a version of a bid to a funding round. Carries everything grants needs to review it and "
    "check it for duplicate funding: budget lines by financial year (later years indicative), the delivery "
    "provider's identifiers, places, dates, outcomes, risks and the other funding declared.",
    submitted=True,
)
BID_DRAFT_SAVED_V2 = _version_2(
    BID_DRAFT_SAVED_V1,
    "A CSP created or changed a draft bid. Carries the draft's whole content so grants can check it for "
    "duplicate funding before it is submitted; parts not written yet are empty or null.",
    submitted=False,
)
