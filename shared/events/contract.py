"""What an event contract is, the schema fragments contracts share, and how envelopes are validated.

A contract never changes once published; a payload that grows gets a new version beside the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jsonschema

from shared.reference import CSP_BY_ID, PRIORITIES

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
ID = {"type": "string", "minLength": 1, "maxLength": 64}
PENCE = {"type": "integer", "minimum": 0, "description": "Money in integer pence (GBP)."}
CSP = {"type": "string", "enum": sorted(CSP_BY_ID)}
PRIORITY = {"type": "string", "enum": sorted(PRIORITIES)}
PERSON = {
    "type": "object",
    "required": ["user_id", "name", "email"],
    "properties": {"user_id": ID, "name": {"type": "string"}, "email": {"type": "string"}},
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
                "occurred_at": DATETIME,
                "producer": {"const": self.producer},
                "correlation_id": {"type": "string", "minLength": 1},
                "payload": self.payload,
            },
        }

    def validate(self, envelope: dict[str, Any]) -> None:
        _validator(self).validate(envelope)


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


_VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def _validator(contract: EventContract) -> jsonschema.Draft202012Validator:
    if contract.key not in _VALIDATORS:
        _VALIDATORS[contract.key] = _StrictValidator(contract.envelope_schema(), format_checker=_FORMATS)
    return _VALIDATORS[contract.key]
