"""What an audit event says changed: only what changed, in values JSON can hold."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from shared.audit import created, diff, plain


def test_only_changed_fields_are_listed_with_before_and_after():
    before = {"title": "Patrols", "priorities": ["asb"], "amount": 100}
    after = {"title": "Patrols", "priorities": ["asb", "da"], "amount": 100}

    assert diff(before, after) == {"priorities": {"before": ["asb"], "after": ["asb", "da"]}}


def test_a_new_entitys_fields_are_listed_as_set_from_nothing():
    assert created({"status": "draft", "rules": None}) == {"status": {"before": None, "after": "draft"}}


def test_dates_times_and_decimals_become_text_json_can_hold():
    value = {"on": date(2026, 4, 1), "at": datetime(2026, 4, 1, 9, tzinfo=UTC), "weight": Decimal("0.5"), "s": {1}}

    assert plain(value) == {"on": "2026-04-01", "at": "2026-04-01T09:00:00+00:00", "weight": "0.5", "s": [1]}
