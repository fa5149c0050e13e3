"""The local register template: each row becomes a record or is refused with a reason for the field at fault."""

from __future__ import annotations

import io
from datetime import date

import pytest

from services.grants.register.data import DEMO_FILES, TEMPLATE
from services.grants.register.importers import UnreadableFile, open_import


def parsed(content: bytes) -> list:
    return list(open_import(io.BytesIO(content)).rows)


def problems_of(content: bytes) -> dict[str, str]:
    (row,) = parsed(content)
    return {problem.field: problem.message for problem in row.problems}


@pytest.mark.parametrize("path", [DEMO_FILES[0], TEMPLATE], ids=["demo", "template"])
def test_the_shipped_files_are_recognised_and_every_row_is_valid(path):
    opened = open_import(path.open("rb"))
    rows = list(opened.rows)

    assert opened.format == "local-csv"
    assert rows and all(row.fields and not row.problems for row in rows)


def test_a_row_becomes_a_record_with_places_completed_from_the_csp(local_csv):
    (row,) = parsed(local_csv({"amount": "£150,000.50", "start_date": "01/04/2025", "confidential": "Yes"}))

    assert row.number == 2 and row.source_id == "LOCAL-1"
    assert row.fields["amount_pence"] == 15_000_050
    assert row.fields["starts_on"] == date(2025, 4, 1)
    assert row.fields["places"] == ["CSP:melton", "LAD:E07000133"]
    assert row.fields["confidential"] is True
    assert row.fields["provider_name"] == "Melton Borough Council"


def test_districts_wards_and_the_whole_county_are_places_too(local_csv):
    (row,) = parsed(local_csv({"csp": "all", "district": "Oadby & Wigston", "wards": "e05005321; E05005322"}))

    assert row.fields["places"] == [
        "CSP:oadby-wigston",
        "LAD:E07000135",
        "PFA:E23000021",
        "WARD:E05005321",
        "WARD:E05005322",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "lots"}, "amount", "Enter the amount in pounds, like 300000"),
        ({"amount": "-5"}, "amount", "Enter an amount of £0 or more"),
        ({"amount": "10,000,000,000.01"}, "amount", "Enter an amount of £10,000,000,000 or less"),
        ({"amount": "12.345"}, "amount", "Enter the amount in pounds, like 300000"),
        ({"amount": "150,00"}, "amount", "Enter the amount in pounds, like 300000"),
        ({"amount": "1,50,000"}, "amount", "Enter the amount in pounds, like 300000"),
        ({"amount": "1 50"}, "amount", "Enter the amount in pounds, like 300000"),
        ({"amount": ""}, "amount", "Enter the amount in pounds, like 300000"),
        ({"id": ""}, "id", "Enter an id for this record"),
        ({"funder": ""}, "funder", "Enter the funder's name"),
        ({"title": ""}, "title", "Enter a title"),
        (
            {"start_date": "2025-02-30"},
            "start_date",
            "Enter the start date as a real date, like 2024-04-01 or 01/04/2024",
        ),
        ({"end_date": "2024-03-31"}, "end_date", "The end date must be the same as or after the start date"),
        ({"csp": "Mars"}, "csp", "Enter the CSP's id or name, like melton or Oadby and Wigston, or all for the county"),
        ({"district": "E99"}, "district", "Enter the district's name or code, like Melton or E07000133"),
        ({"wards": "Egerton"}, "wards", "Enter ward codes like E05005321, separated by semicolons"),
        ({"status": "maybe"}, "status", "Enter the status as awarded, indicative or contracted"),
        ({"confidential": "perhaps"}, "confidential", "Enter yes or no for confidential, or leave it blank for no"),
        ({"title": "x" * 401}, "title", "Shorten this to 400 characters or fewer"),
        ({"description": "bell\x07"}, "description", "Remove hidden characters from this text"),
    ],
)
def test_a_bad_cell_is_refused_with_what_to_do_about_it(local_csv, changes, field, message):
    assert problems_of(local_csv(changes)) == {field: message}


def test_every_problem_in_a_row_is_reported_at_once(local_csv):
    assert set(problems_of(local_csv({"amount": "lots", "status": "maybe", "csp": "Mars"}))) == {
        "amount",
        "status",
        "csp",
    }


def test_a_row_with_more_cells_than_columns_is_refused(local_csv):
    content = local_csv().rstrip(b"\n") + b",unexpected\n"

    assert problems_of(content) == {
        "": "This row has more cells than there are columns: put text with commas in quotes"
    }


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(local_csv):
    content = local_csv({"id": "A"}) + b",,,,\n" + local_csv({"id": "B"}).split(b"\n", 1)[1]

    assert [(row.number, row.source_id) for row in parsed(content)] == [(2, "A"), (4, "B")]


def test_text_from_excel_with_a_byte_order_mark_is_read(local_csv):
    assert parsed(b"\xef\xbb\xbf" + local_csv())[0].fields


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty"),
        (b"id,funder,title\n", "add the columns amount"),
        (b"id,funder,title,amount,confidental\n", "remove or rename confidental"),
        (b"id,funder,title,amount,amount\n", "keep one column each of amount"),
        ("id,funder,title,amount\n1,Caf\u00e9,t,1\n".encode("cp1252"), "not UTF-8"),
        (b"PK\x03\x04\x00\x00 a spreadsheet", "not a file the register can import"),
        (b"id,funder,title,amount\n1,x\x00,t,1\n", "NUL bytes"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole_before_anything_is_imported(content, reason):
    with pytest.raises(UnreadableFile, match=reason):
        list(open_import(io.BytesIO(content)).rows)
