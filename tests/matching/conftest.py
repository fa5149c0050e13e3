"""Factories for matching's candidates: a register record and a bid, in Melton in 2024/25 unless overridden."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from services.grants.matching import Candidate

MELTON = frozenset({"CSP:melton", "LAD:E07000133"})


@pytest.fixture
def make_record() -> Callable[..., Candidate]:
    """`make_record(title="...")`: the Prevention Fund's Street Pastors award in Melton, with overrides."""

    def make(**overrides) -> Candidate:
        fields = {
            "id": "reg-1",
            "kind": "register",
            "title": "Street Pastors in Melton Mowbray town centre",
            "description": "Volunteers patrol the town centre on Friday and Saturday nights.",
            "funder": "Office of the Police and Crime Commissioner for Leicestershire",
            "programme": "PCC Prevention Fund",
            "recipient_name": "Melton Street Pastors",
            "starts_on": date(2024, 4, 1),
            "ends_on": date(2025, 3, 31),
            "places": MELTON,
        } | overrides
        return Candidate(**fields)

    return make


@pytest.fixture
def make_bid() -> Callable[..., Candidate]:
    """`make_bid(title="...")`: a Melton CSP bid for 2024/25, with overrides."""

    def make(**overrides) -> Candidate:
        fields = {
            "id": "bid-1",
            "kind": "bid",
            "title": "Hate incident reporting awareness",
            "description": "Third-party reporting centres in libraries.",
            "recipient_name": "Melton",
            "csp_id": "melton",
            "starts_on": date(2024, 4, 1),
            "ends_on": date(2025, 3, 31),
            "places": MELTON,
        } | overrides
        return Candidate(**fields)

    return make
