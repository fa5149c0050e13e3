"""Marshmallow fields and helpers for the words every service uses."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import marshmallow as ma

_POUNDS = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


def pence_to_pounds(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


class Money(ma.fields.Field):
    """Pounds and pence as text ("12500.00") on the wire; integer pence inside. Never a float."""

    def __init__(self, required_message: str, invalid_message: str, **kwargs):
        metadata = {
            "type": "string",
            "pattern": r"^£?[0-9,]{1,12}(\.[0-9]{1,2})?$",
            "example": "12500.00",
            **kwargs.pop("metadata", {}),
        }
        super().__init__(
            error_messages={"required": required_message, "null": required_message, "invalid": invalid_message},
            metadata=metadata,
            **kwargs,
        )

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else pence_to_pounds(value)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        text = value.strip().removeprefix("£").replace(",", "")
        if not _POUNDS.match(text):
            raise self.make_error("invalid")
        try:
            return int(Decimal(text) * 100)
        except InvalidOperation:
            raise self.make_error("invalid") from None


def messages(required: str, invalid: str | None = None) -> dict[str, str]:
    """GOV.UK-style messages for a field: what to do, not what went wrong."""
    found = {"required": required, "null": required}
    if invalid:
        found["invalid"] = invalid
    return found


def pounds_of(attribute: str) -> ma.fields.Function:
    """A read-only "12500.00" rendering of an integer-pence attribute, beside the pence themselves."""

    def render(obj):
        value = obj.get(attribute) if isinstance(obj, dict) else getattr(obj, attribute)
        return None if value is None else pence_to_pounds(value)

    return ma.fields.Function(render, dump_only=True, metadata={"type": "string", "example": "12500.00"})
