"""What changed between two submitted versions of a bid, in words: services/bids/version_diff.py."""

from __future__ import annotations

from services.bids.version_diff import compare

VERSION_1 = {
    "title": "Town centre night-time patrols",
    "summary": "Street Pastors patrol Melton Mowbray town centre on Friday and Saturday nights, helping people "
    "get home safely and calming disorder before it needs the police.",
    "amount_requested_pence": 2_150_000,
    "priorities": ["anti-social-behaviour"],
    "delivery_provider_name": "Melton Street Pastors",
    "charity_number": "1123456",
    "starts_on": "2026-04-01",
    "budget_lines": [
        {"category": "staff", "description": "Project officer", "amounts": {"2026-27": 2_000_000}},
        {"category": "equipment", "description": "Radios", "amounts": {"2026-27": 150_000}},
    ],
    "other_funding": [],
    "risks": [{"risk": "Volunteers drop out", "mitigation": "Recruit twice a year"}],
}


def changed(before: dict, after: dict) -> dict[str, list[str]]:
    return {change.field: change.sentences for change in compare(before, after)}


def test_the_same_content_has_no_changes():
    assert compare(VERSION_1, dict(VERSION_1)) == []


def test_a_changed_amount_is_told_in_pounds_with_its_value_before_and_after():
    [change] = compare(VERSION_1, VERSION_1 | {"amount_requested_pence": 2_400_000})

    assert (change.label, change.before, change.after) == ("Amount requested", 2_150_000, 2_400_000)
    assert change.sentences == ["Amount requested changed from £21,500.00 to £24,000.00"]


def test_budget_lines_added_removed_and_changed_are_named_with_their_amounts():
    lines = [
        {"category": "staff", "description": "Project officer", "amounts": {"2026-27": 2_200_000, "2027-28": 500_000}},
        {"category": "services", "description": "First aid training", "amounts": {"2026-27": 80_000}},
    ]

    assert changed(VERSION_1, VERSION_1 | {"budget_lines": lines})["budget_lines"] == [
        "Budget line changed (staff, Project officer): amount for 2026-27 changed from £20,000.00 to £22,000.00",
        "Budget line changed (staff, Project officer): amount for 2027-28 added: £5,000.00",
        "Budget line added: services, First aid training: 2026-27 £800.00",
        "Budget line removed: equipment, Radios: 2026-27 £1,500.00",
    ]


def test_a_budget_line_whose_description_changed_is_the_same_line_changed():
    lines = [dict(line) for line in VERSION_1["budget_lines"]]
    lines[1]["description"] = "Radios and body cameras"

    assert changed(VERSION_1, VERSION_1 | {"budget_lines": lines})["budget_lines"] == [
        'Budget line changed (equipment, Radios and body cameras): description changed from "Radios" to '
        '"Radios and body cameras"'
    ]


def test_priorities_added_and_removed_are_listed():
    after = VERSION_1 | {"priorities": ["domestic-abuse", "violence-exploitation"]}

    assert changed(VERSION_1, after)["priorities"] == [
        "Priorities added: domestic-abuse, violence-exploitation",
        "Priorities removed: anti-social-behaviour",
    ]


def test_declared_other_funding_reads_as_added_with_its_amount():
    funding = [
        {"funder": "Home Office", "programme": "Safer Streets 5", "amount_pence": 30_000_000, "status": "awarded"}
    ]

    assert changed(VERSION_1, VERSION_1 | {"other_funding": funding})["other_funding"] == [
        "Other funding added: Home Office, Safer Streets 5: £300,000.00"
    ]


def test_long_text_is_described_by_the_words_that_changed():
    summary = VERSION_1["summary"].replace("Friday and Saturday nights", "Friday, Saturday and Sunday nights")

    [sentence] = changed(VERSION_1, VERSION_1 | {"summary": summary})["summary"]

    assert sentence.startswith("Summary changed: ")
    assert "Sunday" in sentence and "Street Pastors patrol" not in sentence


def test_short_text_fields_say_from_what_to_what_and_empty_reads_as_added_or_removed():
    after = VERSION_1 | {"charity_number": "1123457", "starts_on": None, "ends_on": "2027-03-31"}

    assert changed(VERSION_1, after) == {
        "charity_number": ['Charity number changed from "1123456" to "1123457"'],
        "starts_on": ['Start date removed (it was "2026-04-01")'],
        "ends_on": ['End date added: "2027-03-31"'],
    }


def test_a_risk_changed_in_place_is_matched_by_its_name():
    risks = [{"risk": "Volunteers drop out", "mitigation": "Recruit every quarter"}]

    assert changed(VERSION_1, VERSION_1 | {"risks": risks})["risks"] == [
        'Risk changed (Volunteers drop out): mitigation changed from "Recruit twice a year" to "Recruit every quarter"'
    ]


def test_every_change_describes_itself_for_the_api():
    [change] = compare(VERSION_1, VERSION_1 | {"title": "Night patrols"})

    assert change.describe() == {
        "field": "title",
        "label": "Title",
        "before": "Town centre night-time patrols",
        "after": "Night patrols",
        "changes": ['Title changed from "Town centre night-time patrols" to "Night patrols"'],
    }
