"""360Giving JSON packages and CSV files: each grant validated against the official schema, then kept or refused."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from services.grants.register.data import DEMO_FILES, SCHEMA_DIR
from services.grants.register.importers import UnreadableFile, open_import
from services.grants.register.importers.csvtext import ROW_LIMIT

FLAT_HEADER = (
    "Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
    "Funding Org:Identifier,Funding Org:Name,Grant Programme:Title,Planned Dates:Start Date,Planned Dates:End Date,"
    "Beneficiary Location:Geographic Code,Beneficiary Location:Geographic Code Type,"
    "Beneficiary Location:1:Geographic Code,Beneficiary Location:1:Geographic Code Type,Internal Ref\n"
)
FLAT_ROW = (
    "360G-HO-SS5-0042,Safer Streets 5: Melton Mowbray,ASB project officer and patrols,GBP,150000.00,2025-03-14,"
    "GB-GOR-PC245,Police and Crime Commissioner for Leicestershire,GB-GOR-D15,Home Office,"
    "Safer Streets Fund Round 5,2025-04,2026-03,E07000133,NMD,E23000021,PFA,HO-77\n"
)


def rows_of(content: bytes, **options) -> list:
    return list(open_import(io.BytesIO(content), **options).rows)


def problems_of(content: bytes) -> dict[str, str]:
    (row,) = rows_of(content)
    return {problem.field: problem.message for problem in row.problems}


def test_the_shipped_demo_package_is_recognised_and_every_grant_is_valid():
    rows = rows_of(DEMO_FILES[1].read_bytes())

    assert len(rows) == 5
    assert all(row.fields and not row.problems for row in rows)


def test_a_grant_becomes_a_record_with_its_places_and_exact_pence(package, grant):
    (row,) = rows_of(package(grant(amountAwarded=12345.67)))

    assert row.fields["amount_pence"] == 1_234_567
    assert row.fields["funder_name"] == "The National Lottery Community Fund"
    assert row.fields["programme"] == "Awards for All England"
    assert row.fields["recipient_org_id"] == "GB-CHC-1131458"
    assert row.fields["places"] == ["CSP:melton", "LAD:E07000133"]
    assert (row.fields["starts_on"], row.fields["ends_on"]) == (date(2026, 4, 1), date(2027, 3, 31))
    assert row.fields["confidential"] is None  # 360Giving says nothing of it: the OPCC decides


def test_month_dates_and_a_duration_in_months_become_whole_periods(package, grant):
    (row,) = rows_of(package(grant(plannedDates=[{"startDate": "2026-01", "duration": 6}])))

    assert (row.fields["starts_on"], row.fields["ends_on"]) == (date(2026, 1, 1), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"currency": "EUR"}, "currency", "Only grants in pounds (GBP) can be imported: this one is in EUR"),
        ({"currency": "pounds"}, "currency", "Enter the currency as a three-letter code, like GBP"),
        ({"amountAwarded": 10.001}, "amountAwarded", "Enter the amount in pounds and pence, £0 or more"),
        ({"amountAwarded": -1}, "amountAwarded", "Enter the amount in pounds and pence, £0 or more"),
        ({"amountAwarded": "lots"}, "amountAwarded", "Enter the amountAwarded as a number, like 300000"),
        ({"awardDate": "14/03/2025"}, "awardDate", "Enter the awardDate as a date, like 2024-04-01"),
        ({"awardDate": "2025-02-30"}, "awardDate", "Enter the awardDate as a real date, like 2024-04-01"),
        ({"fundingOrganization": []}, "fundingOrganization", "Add at least one fundingOrganization"),
        (
            {"recipientOrganization": [{"name": "No id"}]},
            "recipientOrganization/0/id",
            "Add the recipientOrganization/0/id: the 360Giving standard requires it",
        ),
        ({"title": "   "}, "title", "Enter a title"),
        (
            {"beneficiaryLocation": [{"geoCode": "E07000133", "geoCodeType": "BOGUS", "name": "Melton"}]},
            "beneficiaryLocation/0/geoCodeType",
            "Enter the beneficiaryLocation/0/geoCodeType as a code from the 360Giving geoCodeType codelist, "
            "like NMD, UA or WD",
        ),
        (
            {"recipientOrganization": [{"id": "GB-CHC-1", "name": "A", "location": [{"geoCodeType": "LA"}]}]},
            "recipientOrganization/0/location/0/geoCodeType",
            "Enter the recipientOrganization/0/location/0/geoCodeType as a code from the 360Giving geoCodeType "
            "codelist, like NMD, UA or WD",
        ),
    ],
)
def test_a_grant_is_refused_with_the_reason_and_the_field_at_fault(package, grant, changes, field, message):
    assert problems_of(package(grant(**changes))) == {field: message}


def test_a_grant_without_any_recipient_is_told_to_name_one(package, grant):
    without = grant()
    del without["recipientOrganization"]

    assert problems_of(package(without)) == {
        "recipientOrganization": "Add the recipientOrganization: the 360Giving standard requires it"
    }


def test_not_a_number_in_json_is_refused_by_the_schema_not_turned_into_a_float(grant):
    content = json.dumps({"grants": [grant()]}).replace("9950", "NaN").encode()

    assert problems_of(content) == {"amountAwarded": "Enter the amountAwarded as a number, like 300000"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"grants": []}', "does not follow the 360Giving package schema"),
        (b'{"awards": [{}]}', 'needs a "grants" list'),
        (b"[1, 2]", 'needs a "grants" list'),
    ],
)
def test_a_json_file_that_is_not_a_package_is_refused_whole(content, reason):
    with pytest.raises(UnreadableFile, match=reason):
        open_import(io.BytesIO(content))


def test_a_360giving_csv_row_is_unflattened_into_a_grant(tmp_path):
    opened = open_import(io.BytesIO((FLAT_HEADER + FLAT_ROW).encode()))
    (row,) = list(opened.rows)

    assert opened.format == "360giving-csv"
    assert opened.ignored_columns == ["Internal Ref"]
    assert row.source_id == "360G-HO-SS5-0042"
    assert row.fields["amount_pence"] == 15_000_000
    assert row.fields["places"] == ["CSP:melton", "LAD:E07000133", "PFA:E23000021"]
    assert (row.fields["starts_on"], row.fields["ends_on"]) == (date(2025, 4, 1), date(2026, 3, 31))


def test_a_360giving_csv_problem_names_the_column_to_fix():
    bad = FLAT_ROW.replace("150000.00", "£150k").replace("GB-GOR-PC245,", ",")

    assert problems_of((FLAT_HEADER + bad).encode()) == {
        "Amount Awarded": "Enter the Amount Awarded as a number, like 300000",
        "Recipient Org:Identifier": "Add the Recipient Org:Identifier: the 360Giving standard requires it",
    }


def test_a_360giving_csv_without_identifiers_is_refused_whole():
    with pytest.raises(UnreadableFile, match='no "Identifier" column'):
        open_import(io.BytesIO(b"Title,Amount Awarded,Funding Org:Name\nx,1,y\n"), file_format="360giving-csv")


def flat_rows(*descriptions: str) -> bytes:
    """A 360Giving CSV of one grant per description, with ids 360G-ROW-2, 360G-ROW-3, … by spreadsheet row."""
    rows = [
        FLAT_ROW.replace("360G-HO-SS5-0042", f"360G-ROW-{number}").replace("ASB project officer and patrols", text)
        for number, text in enumerate(descriptions, start=2)
    ]
    return (FLAT_HEADER + "".join(rows)).encode()


def test_a_megabyte_description_refuses_its_row_and_the_rows_around_it_are_read():
    rows = rows_of(flat_rows("Patrols", "x" * 1_000_000, "CCTV"))

    assert [(row.number, row.source_id, bool(row.fields)) for row in rows] == [
        (2, "360G-ROW-2", True),
        (3, "360G-ROW-3", False),
        (4, "360G-ROW-4", True),
    ]
    assert [(p.field, p.message) for p in rows[1].problems] == [
        ("Description", "Shorten this to 20000 characters or fewer")
    ]


@pytest.mark.parametrize(
    "huge",
    [
        "y" * (ROW_LIMIT + 1),
        '"' + 'She said ""stop"", then, on a new line:\r\n' * (ROW_LIMIT // 40) + '"',
        '"' + "one line" + "," * ROW_LIMIT + '"',
    ],
    ids=["one-line", "quoted-over-many-lines", "quoted-commas"],
)
def test_a_row_too_long_to_read_is_refused_on_its_own_and_skipped_to_its_end(huge):
    rows = rows_of(flat_rows("Patrols", huge, '"Patrols, ""quoted"" and with a comma"', "CCTV"))

    assert [(row.number, row.source_id) for row in rows] == [
        (2, "360G-ROW-2"),
        (3, ""),
        (4, "360G-ROW-4"),
        (5, "360G-ROW-5"),
    ]
    assert rows[0].fields and rows[2].fields and rows[3].fields
    assert rows[2].fields["description"] == 'Patrols, "quoted" and with a comma'
    assert [(p.field, p.message) for p in rows[1].problems] == [
        (
            "",
            "Shorten the text in this row: it is over 2,097,152 characters long, and the longest cell the register "
            "keeps is a description of 20000 characters",
        )
    ]


def test_a_360giving_csv_row_with_a_geo_code_type_off_the_codelist_is_refused_and_names_the_column():
    rows = rows_of(flat_rows("Patrols", "CCTV").replace(b",PFA,HO", b",BOGUS,HO", 1))

    assert rows[1].fields
    assert [(p.field, p.message) for p in rows[0].problems] == [
        (
            "Beneficiary Location:1:Geographic Code Type",
            "Enter the Beneficiary Location:1:Geographic Code Type as a code from the 360Giving geoCodeType codelist, "
            "like NMD, UA or WD",
        )
    ]


def test_every_geo_code_type_on_the_vendored_codelist_is_accepted_in_any_case(package, grant):
    with (SCHEMA_DIR / "geoCodeType.csv").open(encoding="utf-8") as codelist:
        codes = sorted({row["Code"] for row in csv.DictReader(codelist)})
    locations = [{"geoCode": "X01", "geoCodeType": code} for code in codes] + [
        {"geoCode": "E07000133", "geoCodeType": "nmd"}
    ]

    (row,) = rows_of(package(grant(beneficiaryLocation=locations)))

    assert "RGN/GOR" in codes and "AgricSmall" in codes and "LAD" not in codes
    assert row.fields and not row.problems
    assert "LAD:E07000133" in row.fields["places"]


def test_a_district_given_as_lad_off_the_codelist_is_read_as_the_district(package, grant):
    (row,) = rows_of(package(grant(beneficiaryLocation=[{"geoCode": "E07000133", "geoCodeType": "LAD"}])))

    assert not row.problems
    assert "LAD:E07000133" in row.fields["places"] and "CSP:melton" in row.fields["places"]
