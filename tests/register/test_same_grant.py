"""When two register records are one grant: the same funder, amount, days and place, from different sources."""

from __future__ import annotations

from datetime import date

import pytest

from services.grants.register.model import RegisterRecord
from services.grants.register.same_grant import grouped, same_grant


def record(**overrides) -> RegisterRecord:
    fields = {
        "id": "local-1",
        "source": "local-csv",
        "source_id": "SS5-MEL-Y1",
        "funder_name": "Home Office",
        "funder_org_id": "",
        "programme": "Safer Streets Fund Round 5",
        "recipient_name": "Office of the Police and Crime Commissioner for Leicestershire",
        "title": "Safer Streets 5: Melton Mowbray anti-social behaviour (year 1)",
        "amount_pence": 15_000_000,
        "starts_on": date(2025, 4, 1),
        "ends_on": date(2026, 3, 31),
        "places": ["CSP:melton", "LAD:E07000133"],
        "confidential": False,
    }
    return RegisterRecord(**fields | overrides)


PUBLISHED = {
    "id": "360g-1",
    "source": "360giving",
    "source_id": "360G-HO-GGIS-SS5-LEI-0042",
    "funder_org_id": "GB-GOR-D15",
    "programme": "Safer Streets 5",
    "recipient_name": "Police and Crime Commissioner for Leicestershire",
    "title": "Safer Streets Fund Round 5: Melton Mowbray",
    "places": ["CSP:melton", "LAD:E07000133", "PFA:E23000021"],
}


def test_the_opcc_record_and_the_funders_are_one_grant_though_they_name_the_recipient_differently():
    assert same_grant(record(), record(**PUBLISHED))
    assert same_grant(record(**PUBLISHED), record())


@pytest.mark.parametrize(
    "differs",
    [
        {"source": "local-csv"},  # one source's records are distinct grants by id
        {"amount_pence": 15_000_100},
        {"starts_on": date(2026, 4, 1), "ends_on": date(2027, 3, 31)},  # year 2 of the same programme
        {"ends_on": None},
        {"funder_name": "Youth Endowment Fund", "funder_org_id": "GB-CHC-1185413"},
        {"places": ["CSP:oadby-wigston", "LAD:E07000135", "PFA:E23000021"]},  # same money, same days, elsewhere
        {"places": ["PFA:E23000021"]},  # the whole force area says nothing of where
        {"programme": "Violence Reduction Network"},
    ],
)
def test_records_that_differ_in_what_makes_a_grant_are_two_grants(differs):
    assert not same_grant(record(), record(**PUBLISHED | differs))


def test_funders_are_compared_by_org_id_where_both_have_one_and_by_name_otherwise():
    assert same_grant(record(funder_org_id="GB-GOR-D15"), record(**PUBLISHED | {"funder_name": "HOME OFFICE (UK)"}))
    assert not same_grant(record(funder_org_id="GB-GOR-D16"), record(**PUBLISHED))
    assert same_grant(record(), record(**PUBLISHED | {"funder_org_id": "", "funder_name": "The Home Office"}))


def test_a_record_with_no_programme_can_still_be_the_same_grant():
    assert same_grant(record(programme=""), record(**PUBLISHED))


def test_records_are_grouped_one_group_per_grant_in_the_order_they_came():
    year_2 = record(id="local-2", source_id="SS5-MEL-Y2", starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    first, published = record(), record(**PUBLISHED)

    assert grouped([year_2, first, published]) == [[year_2], [first, published]]
