"""Marshmallow fields and helpers for the words every service uses."""

from __future__ import annotations

import re
from decimal import Decimal

import marshmallow as ma

from shared.money import POUNDS_PATTERN, AmountTooLarge, NegativeAmount, amount_for_people, pence_of_text

MOST_PENCE = 99_999_999_999  # £999,999,999.99: more is a typing mistake in any bid or round
NOT_NEGATIVE = "Enter an amount of £0 or more"
# For an amount that a rule elsewhere (a validator, the domain) requires to be more than £0: a negative one is
# told the same, not sent on to be refused a second time for being £0.
MORE_THAN_NOTHING = "Enter an amount of £0.01 or more"

# NUL is refused by PostgreSQL and lone surrogates by every UTF-8 codec: either would be a 500, not a 422.
_NEVER_STORABLE = re.compile(r"[\x00\ud800-\udfff]")
# Names and titles end up in email subjects and log lines, where a line break or control character breaks them.
_NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_HIDDEN_IN_TEXT = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def pence_to_pounds(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


def pounds_for_people(pence: int) -> str:
    """£5,000.00: an amount as a message to a person shows it."""
    return f"£{Decimal(pence) / 100:,.2f}"


class Money(ma.fields.Field):
    """Pounds and pence as text ("12500.00", "12,500.00", "£12,500") on the wire; integer pence inside. Never a
    float. Commas only separate thousands (see shared.money); a negative or too large amount is told so."""

    def __init__(self, required_message: str, invalid_message: str, negative_message: str = NOT_NEGATIVE, **kwargs):
        metadata = {"type": "string", "pattern": POUNDS_PATTERN, "example": "12500.00", **kwargs.pop("metadata", {})}
        error_messages = {
            "required": required_message,
            "null": required_message,
            "invalid": invalid_message,
            "negative": negative_message,
            "too_large": f"Enter an amount of {amount_for_people(MOST_PENCE)} or less",
        }
        super().__init__(error_messages=error_messages, metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else pence_to_pounds(value)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            return pence_of_text(value, MOST_PENCE)
        except NegativeAmount:
            raise self.make_error("negative") from None
        except AmountTooLarge:
            raise self.make_error("too_large") from None
        except ValueError:
            raise self.make_error("invalid") from None


class Text(ma.fields.String):
    """A string every database can store: no NUL, no lone surrogates.

    `single_line=True` (names, titles, ids) also refuses line breaks and other control characters;
    otherwise only tabs and line breaks are allowed among them.
    """

    default_error_messages = {
        "single_line": "Enter this on one line, without line breaks or hidden characters",
        "hidden": "Remove hidden characters from this text",
    }

    def __init__(self, *, single_line: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.single_line = single_line

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if self.single_line and _NOT_ON_ONE_LINE.search(text):
            raise self.make_error("single_line")
        if _NEVER_STORABLE.search(text) or _HIDDEN_IN_TEXT.search(text):
            raise self.make_error("hidden")
        return text


def messages(required: str, invalid: str | None = None) -> dict[str, str]:
    """GOV.UK-style messages for a field: what to do, not what went wrong."""
    found = {"required": required, "null": required}
    if invalid:
        found["invalid"] = invalid
    return found


def reason_field(ask: str, limit: int = 2000) -> Text:
    """A reason a person must give for what they did (returned, withdrew, decided): not blank, and `ask`
    tells them what the reason is for, since the other person reads it verbatim."""
    return Text(
        required=True,
        single_line=False,
        validate=[
            ma.validate.Regexp(r"\S", error=ask),
            ma.validate.Length(max=limit, error=f"Enter a reason of {limit:,} characters or fewer"),
        ],
        error_messages=messages(ask),
    )


def pounds_of(attribute: str, nullable: bool = False) -> ma.fields.Function:
    """A read-only "12500.00" rendering of an integer-pence attribute, beside the pence themselves."""

    def render(obj):
        value = obj.get(attribute) if isinstance(obj, dict) else getattr(obj, attribute)
        return None if value is None else pence_to_pounds(value)

    # The type says null may come; allow_none stays off, or apispec adds "null" to the type a second time.
    kind = ["string", "null"] if nullable else "string"
    return ma.fields.Function(render, dump_only=True, metadata={"type": kind, "example": "12500.00"})
