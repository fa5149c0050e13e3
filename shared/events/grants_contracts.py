"""Contracts of the events grants publishes: funding rounds and duplicate-funding checks."""

from __future__ import annotations

from shared.events.contract import CSP, DATE, DATETIME, ID, PENCE, PERSON, PRIORITY, EventContract
from shared.reference import COST_CATEGORIES, EVIDENCE_TYPES

ROUND_OPENED_V1 = EventContract(
    type="round.opened",
    version=1,
    producer="grants",
    summary="The OPCC opened a funding round for bids.",
    payload={
        "type": "object",
        "required": ["round_id", "name", "financial_year", "opens_on", "closes_on", "pot_pence", "priorities"],
        "properties": {
            "round_id": ID,
            "name": {"type": "string", "minLength": 1},
            "financial_year": {"type": "string", "pattern": r"^\d{4}/\d{2}$"},
            "opens_on": DATE,
            "closes_on": DATE,
            "pot_pence": PENCE,
            "priorities": {"type": "array", "items": PRIORITY, "minItems": 1, "uniqueItems": True},
        },
    },
)

_round_details = {
    "round_id": ID,
    "name": {"type": "string", "minLength": 1},
    "financial_year": {"type": "string", "pattern": r"^\d{4}/\d{2}$"},
    "opens_on": DATE,
    "closes_on": DATE,
    "pot_pence": PENCE,
    "priorities": {"type": "array", "items": PRIORITY, "minItems": 1, "uniqueItems": True},
}
_optional_pence = {"oneOf": [{**PENCE, "minimum": 1}, {"type": "null"}]}
_rules = {
    "type": "object",
    "description": "What a bid to the round must meet. Null or empty means no limit.",
    "required": [
        "min_amount_pence",
        "max_amount_pence",
        "eligible_cost_categories",
        "required_evidence_types",
        "max_duration_months",
        "multi_year_allowed",
    ],
    "properties": {
        "min_amount_pence": _optional_pence,
        "max_amount_pence": _optional_pence,
        "eligible_cost_categories": {
            "type": "array",
            "items": {"enum": sorted(COST_CATEGORIES)},
            "uniqueItems": True,
            "description": "Empty: every category is eligible.",
        },
        "required_evidence_types": {"type": "array", "items": {"enum": sorted(EVIDENCE_TYPES)}, "uniqueItems": True},
        "max_duration_months": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
        "multi_year_allowed": {"type": "boolean"},
    },
}
_allocations = {
    "type": "object",
    "description": "Each CSP's indicative allocation in integer pence; CSPs without one are left out.",
    "propertyNames": CSP,
    "additionalProperties": PENCE,
}

ROUND_OPENED_V2 = EventContract(
    type="round.opened",
    version=2,
    producer="grants",
    summary="The OPCC opened a funding round for bids, with its rules and per-CSP indicative allocations.",
    payload={
        "type": "object",
        "required": [*_round_details, "rules", "allocations"],
        "properties": {**_round_details, "rules": _rules, "allocations": _allocations},
    },
)

ROUND_UPDATED_V1 = EventContract(
    type="round.updated",
    version=1,
    producer="grants",
    summary="The OPCC changed an opened round's details, rules or allocations. Carries the whole round as it "
    "now is, and the reason when its rules, priorities, pot, dates or financial year changed after bids arrived.",
    payload={
        "type": "object",
        "required": [*_round_details, "status", "rules", "allocations", "changed_at"],
        "properties": {
            **_round_details,
            "status": {"enum": ["open", "closed", "decided"]},
            "rules": _rules,
            "allocations": _allocations,
            "changed_at": DATETIME,
            "reason": {"oneOf": [{"type": "string"}, {"type": "null"}]},
        },
    },
)

ROUND_CLOSED_V1 = EventContract(
    type="round.closed",
    version=1,
    producer="grants",
    summary="The OPCC closed a funding round: no more bids can be submitted to it.",
    payload={
        "type": "object",
        "required": ["round_id", "closed_at"],
        "properties": {"round_id": ID, "closed_at": DATETIME},
    },
)

ROUND_DECIDED_V1 = EventContract(
    type="round.decided",
    version=1,
    producer="grants",
    summary="The OPCC recorded its decisions on a closed funding round.",
    payload={
        "type": "object",
        "required": ["round_id", "decided_at"],
        "properties": {"round_id": ID, "decided_at": DATETIME},
    },
)


_finding = {
    "type": "object",
    "required": ["kind", "band", "score", "reasons"],
    "properties": {
        "kind": {"enum": ["register", "bid"]},
        "id": ID,
        "band": {"enum": ["likely duplicate", "check"]},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "title": {"type": "string"},
        "funder": {"type": "string"},
        "programme": {"type": "string"},
        "csp_id": {"type": "string"},
        "confidential": {"type": "boolean", "description": "Only for the OPCC: never shown to a CSP."},
        "reasons": {"type": "array", "items": {"type": "string"}},
    },
}

DUPLICATE_CHECK_COMPLETED_V1 = EventContract(
    type="duplicate_check.completed",
    version=1,
    producer="grants",
    summary="grants checked a submitted bid against the funding register and every other bid. Findings are "
    "full, for the OPCC; whoever tells a CSP must leave out confidential records and other CSPs' bids.",
    payload={
        "type": "object",
        "required": ["bid_id", "round_id", "csp_id", "title", "submitted_by", "counts", "top_findings"],
        "properties": {
            "bid_id": ID,
            "round_id": ID,
            "csp_id": CSP,
            "title": {"type": "string"},
            "submitted_by": PERSON,
            "counts": {
                "type": "object",
                "required": ["likely duplicate", "check"],
                "properties": {
                    "likely duplicate": {"type": "integer", "minimum": 0},
                    "check": {"type": "integer", "minimum": 0},
                },
            },
            "top_findings": {"type": "array", "items": _finding, "maxItems": 5},
        },
    },
)

BID_RETURNED_V1 = EventContract(
    type="bid.returned",
    version=1,
    producer="grants",
    summary="The OPCC returned a submitted bid to its CSP for amendment, saying why. bids makes it editable "
    "again; the CSP resubmits it as a new version.",
    payload={
        "type": "object",
        "required": ["bid_id", "round_id", "csp_id", "title", "reason", "returned_at", "returned_by", "submitted_by"],
        "properties": {
            "bid_id": ID,
            "round_id": ID,
            "csp_id": CSP,
            "title": {"type": "string"},
            "version": {"type": "integer", "minimum": 1, "description": "The submitted version returned, if known."},
            "reason": {"type": "string", "minLength": 1},
            "returned_at": DATETIME,
            "returned_by": PERSON,
            "submitted_by": PERSON,
        },
    },
)
