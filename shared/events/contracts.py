"""One versioned contract per event type: the JSON Schema of its payload.

A contract never changes once published; a payload that grows gets a new version beside the old one.
`safergrants events export` writes these as JSON Schema files and an AsyncAPI document (docs/events/).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import jsonschema

from shared.reference import COST_CATEGORIES, CSP_BY_ID, EVIDENCE_TYPES, PRIORITIES

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_date = {"type": "string", "format": "date"}
_datetime = {"type": "string", "format": "date-time"}
_id = {"type": "string", "minLength": 1, "maxLength": 64}
_pence = {"type": "integer", "minimum": 0, "description": "Money in integer pence (GBP)."}
_csp = {"type": "string", "enum": sorted(CSP_BY_ID)}
_priority = {"type": "string", "enum": sorted(PRIORITIES)}
_person = {
    "type": "object",
    "required": ["user_id", "name", "email"],
    "properties": {"user_id": _id, "name": {"type": "string"}, "email": {"type": "string"}},
}


@dataclass(frozen=True)
class EventContract:
    type: str
    version: int
    producer: str
    summary: str
    payload: dict[str, Any]

    @property
    def exchange(self) -> str:
        return f"{self.producer}.events"

    @property
    def key(self) -> str:
        return f"{self.type}.v{self.version}"

    def envelope_schema(self) -> dict[str, Any]:
        return {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": f"https://safergrants.local/events/{self.key}.schema.json",
            "title": f"{self.type} v{self.version}",
            "description": self.summary,
            "type": "object",
            "required": ["id", "type", "version", "occurred_at", "producer", "correlation_id", "payload"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "type": {"const": self.type},
                "version": {"const": self.version},
                "occurred_at": _datetime,
                "producer": {"const": self.producer},
                "correlation_id": {"type": "string", "minLength": 1},
                "payload": self.payload,
            },
        }

    def validate(self, envelope: dict[str, Any]) -> None:
        _validator(self.key).validate(envelope)


ROUND_OPENED_V1 = EventContract(
    type="round.opened",
    version=1,
    producer="grants",
    summary="The OPCC opened a funding round for bids.",
    payload={
        "type": "object",
        "required": ["round_id", "name", "financial_year", "opens_on", "closes_on", "pot_pence", "priorities"],
        "properties": {
            "round_id": _id,
            "name": {"type": "string", "minLength": 1},
            "financial_year": {"type": "string", "pattern": r"^\d{4}/\d{2}$"},
            "opens_on": _date,
            "closes_on": _date,
            "pot_pence": _pence,
            "priorities": {"type": "array", "items": _priority, "minItems": 1, "uniqueItems": True},
        },
    },
)

_round_details = {
    "round_id": _id,
    "name": {"type": "string", "minLength": 1},
    "financial_year": {"type": "string", "pattern": r"^\d{4}/\d{2}$"},
    "opens_on": _date,
    "closes_on": _date,
    "pot_pence": _pence,
    "priorities": {"type": "array", "items": _priority, "minItems": 1, "uniqueItems": True},
}
_optional_pence = {"oneOf": [{**_pence, "minimum": 1}, {"type": "null"}]}
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
    "propertyNames": _csp,
    "additionalProperties": _pence,
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
    "now is, and the reason when rules changed after bids arrived.",
    payload={
        "type": "object",
        "required": [*_round_details, "status", "rules", "allocations", "changed_at"],
        "properties": {
            **_round_details,
            "status": {"enum": ["open", "closed", "decided"]},
            "rules": _rules,
            "allocations": _allocations,
            "changed_at": _datetime,
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
        "properties": {"round_id": _id, "closed_at": _datetime},
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
        "properties": {"round_id": _id, "decided_at": _datetime},
    },
)

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
            "bid_id": _id,
            "round_id": _id,
            "round_name": {"type": "string"},
            "csp_id": _csp,
            "csp_name": {"type": "string"},
            "title": {"type": "string", "minLength": 1},
            "summary": {"type": "string", "minLength": 1},
            "amount_requested_pence": {**_pence, "minimum": 1},
            "priorities": {"type": "array", "items": _priority, "minItems": 1, "uniqueItems": True},
            "delivery_provider": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1}},
            },
            "submitted_at": _datetime,
            "submitted_by": _person,
            "evidence": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["evidence_id", "filename", "content_type", "size_bytes", "sha256"],
                    "properties": {
                        "evidence_id": _id,
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
            "bid_id": _id,
            "round_id": _id,
            "csp_id": _csp,
            "title": {"type": "string"},
            "summary": {"type": "string"},
            "amount_requested_pence": {"oneOf": [_pence, {"type": "null"}]},
            "priorities": {"type": "array", "items": _priority, "uniqueItems": True},
            "delivery_provider": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            "saved_at": _datetime,
        },
    },
)

_finding = {
    "type": "object",
    "required": ["kind", "band", "score", "reasons"],
    "properties": {
        "kind": {"enum": ["register", "bid"]},
        "id": _id,
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
            "bid_id": _id,
            "round_id": _id,
            "csp_id": _csp,
            "title": {"type": "string"},
            "submitted_by": _person,
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

CONTRACTS: dict[tuple[str, int], EventContract] = {
    (c.type, c.version): c
    for c in (
        ROUND_OPENED_V1,
        ROUND_OPENED_V2,
        ROUND_UPDATED_V1,
        ROUND_CLOSED_V1,
        ROUND_DECIDED_V1,
        BID_SUBMITTED_V1,
        BID_DRAFT_SAVED_V1,
        DUPLICATE_CHECK_COMPLETED_V1,
    )
}


def contract_for(event_type: str, version: int) -> EventContract:
    try:
        return CONTRACTS[(event_type, version)]
    except KeyError:
        raise LookupError(f"no contract for {event_type} v{version}") from None


# JSON Schema counts 12500.0 as an integer; our producers must not: money is integer pence, never a float.
_StrictValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


# jsonschema checks "date-time" only with the optional rfc3339-validator installed; without it any text passes.
_FORMATS = jsonschema.FormatChecker()
if "date-time" not in _FORMATS.checkers:

    @_FORMATS.checks("date-time", raises=ValueError)
    def _is_datetime_with_offset(value: object) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@cache
def _validator(key: str) -> jsonschema.Draft202012Validator:
    contract = next(c for c in CONTRACTS.values() if c.key == key)
    return _StrictValidator(contract.envelope_schema(), format_checker=_FORMATS)
