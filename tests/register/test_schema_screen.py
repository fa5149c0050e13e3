"""The compiled screen (jsonschema-rs) clears exactly the grants the Python validator finds no fault with.

An import trusts the screen's "valid" without asking the Python validator, so a grant the screen passed but
the schema refuses would enter the register. These tests break a valid grant at every property the official
schema defines, with values chosen to trip each keyword it uses (type, format, pattern, enum, minimum,
minItems, required, oneOf), and hold the two validators to the same verdict on each.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest

from services.grants.register.importers import schema
from tests.register.conftest import GRANT

VALUES = [
    None, "", "text", "GBP", "NMD", "FRG010",
    "2024-04-01", "2024-04", "2024", "2024-02-30", "2024-13-01", "24-04-01", " 2024-04-01",
    "2024-04-01T09:30:00+00:00", "2024-04-01T09:30:00Z", "2024-04-01T09:30:00", "2024-01-01T23:59:60Z",
    "2024-04-01 09:30:00+00:00", "https://example.org/grants/1", "not a uri", "http://",
    0, -1, 7, Decimal("12.50"), Decimal("-0.01"), Decimal("1E+400"), 2**70, True, False,
    [], [{}], [None], ["text"], {}, {"name": "x"},
]  # fmt: skip


def _property_schemas(node: dict) -> dict[str, dict]:
    return {name: schema.resolve(child) for name, child in node.get("properties", {}).items()}


def broken_grants() -> Iterator[tuple[str, dict]]:
    """The valid grant with one property (top level, or in the first object of a list) set to each value, or
    taken away."""
    for name, child in _property_schemas(schema.grant_schema()).items():
        for value in VALUES:
            yield f"{name}={value!r}", _grant() | {name: value}
        yield f"no {name}", {key: value for key, value in _grant().items() if key != name}
        items = schema.resolve(child.get("items", {})) if child.get("type") == "array" else {}
        for inner in _property_schemas(items):
            first = (GRANT.get(name) or [{}])[0]
            for value in VALUES:
                yield f"{name}[0].{inner}={value!r}", _grant() | {name: [first | {inner: value}]}
            yield f"{name}[0] without {inner}", _grant() | {name: [{k: v for k, v in first.items() if k != inner}]}


def _grant() -> dict:
    return json.loads(json.dumps(GRANT))


def test_the_screen_and_the_python_validator_agree_on_every_broken_grant():
    screen, validator = schema.grant_screen(), schema.grant_validator()
    disagreements, refused, unreadable, cases = [], 0, 0, 0
    for case, grant in broken_grants():
        cases += 1
        valid = validator.is_valid(grant)
        refused += not valid
        try:
            cleared = screen.is_valid(grant)
        except ValueError:  # grant_errors then asks the Python validator
            unreadable += 1
            continue
        if cleared != valid:
            disagreements.append(f"{case}: screen {'clears' if cleared else 'refuses'}, schema {valid}")

    assert disagreements == []
    assert cases > 1_000 and refused > cases // 3  # the cases do break the schema, in many ways
    assert unreadable < 10


def test_a_leap_second_is_judged_as_the_python_validator_judges_it(grant):
    leap = grant(dateModified="2024-12-31T23:59:60Z")

    assert schema.grant_screen().is_valid(leap) is False
    assert [error.validator for error in schema.grant_errors(leap)] == ["format"]


def test_a_value_the_screen_cannot_read_is_judged_by_the_python_validator(grant):
    not_json = grant(title=b"Melton Youth Club")

    with pytest.raises(ValueError):
        schema.grant_screen().is_valid(not_json)
    assert [error.validator for error in schema.grant_errors(not_json)] == ["type"]


@pytest.mark.parametrize("overrides", [{}, {"amountAwarded": "lots"}, {"awardDate": "2026-13-01"}])
def test_grant_errors_are_the_python_validators(grant, overrides):
    judged = grant(**overrides)

    assert [e.message for e in schema.grant_errors(judged)] == [
        e.message for e in schema.grant_validator().iter_errors(judged)
    ]
