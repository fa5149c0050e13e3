"""Pounds and pence as people type them ("12,500.50", "£1,000"), read as whole pence.

Commas are read only as thousands separators: "12,50" or "1,00,0" are typos or another country's decimal
comma, and taking the commas out would misread them as £1,250 or £1,000, so they are refused instead.
"""

from __future__ import annotations

import re
from decimal import Decimal

# [0-9], not \d: Python's \d also matches other scripts' digits ("１２"). A grouped number starts with 1-9 so
# that "0,500" (half a pound, written with a decimal comma) is refused rather than read as £500.
# A minus sign is matched only so that a negative amount can be told apart from one that is not money at all.
_POUNDS = re.compile(r"(-)?(?:£ *)?(-)?([0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(\.[0-9]{1,2})?")
# What an API document shows as accepted: the same, less the sign and the spaces.
POUNDS_PATTERN = r"^£?([0-9]+|[1-9][0-9]{0,2}(,[0-9]{3})+)(\.[0-9]{1,2})?$"


class NotAnAmount(ValueError):
    """Not pounds and pence: letters, a misplaced comma, fractions of a penny."""


class NegativeAmount(ValueError):
    """Pounds and pence, but less than nothing."""


class AmountTooLarge(ValueError):
    """Pounds and pence, but more than `most_pence`."""


def pence_of_text(text: str, most_pence: int) -> int:
    """Whole pence from "12500", "12,500.50" or "£1,000" (spaces at the ends are fine); otherwise one of
    NotAnAmount, NegativeAmount or AmountTooLarge, so each can be answered with its own message."""
    found = _POUNDS.fullmatch(text.strip())
    if not found or (found[1] and found[2]):
        raise NotAnAmount(text)
    whole, fraction = found[3].replace(",", "").lstrip("0"), found[4] or ""
    if (found[1] or found[2]) and (whole or fraction.strip(".0")):
        raise NegativeAmount(text)
    # Counted before it is converted, so a megabyte of digits is not turned into a number to be refused.
    if len(whole) > len(str(most_pence // 100)):
        raise AmountTooLarge(text)
    pence = int(Decimal((whole or "0") + fraction) * 100)
    if pence > most_pence:
        raise AmountTooLarge(text)
    return pence


def amount_for_people(pence: int) -> str:
    """£10,000,000,000 or £999,999,999.99: pence only when there are some, as a limit in a message reads best."""
    pounds, rest = divmod(pence, 100)
    return f"£{pounds:,}" if not rest else f"£{pounds:,}.{rest:02d}"
