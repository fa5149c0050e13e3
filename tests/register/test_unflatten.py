"""A file's columns planned once build each row's grant exactly as putting each cell at its path does."""

from __future__ import annotations

import random
from decimal import Decimal
from functools import partial

import pytest

from services.grants.register.importers.threesixty_csv import column_of
from services.grants.register.importers.unflatten import unflatten_cells, unflattener

TITLES = [
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
    "Recipient Org:Name", "Recipient Org:1:Identifier", "Recipient Org:Location:Geographic Code",
    "Funding Org:Identifier", "Funding Org:Name", "Grant Programme:Title", "Grant Programme:Code",
    "Planned Dates:Start Date", "Planned Dates:End Date", "Planned Dates:Duration (months)",
    "Beneficiary Location:Geographic Code", "Beneficiary Location:Geographic Code Type",
    "Beneficiary Location:2:Geographic Code", "Beneficiary Location:2:Name", "recipientOrganization/0/charityNumber",
    "Internal Ref",
]  # fmt: skip
CELLS = ["", " ", "x", " 12.50 ", "1e999", "NaN", "2025-04-01", "GB-CHC-1", "Melton, Leics"]


def rows(width: int, count: int, seed: int) -> list[list[str]]:
    """Rows mostly blank or mostly full, some shorter or longer than the header."""
    rng = random.Random(seed)
    return [
        [rng.choice(CELLS) if rng.random() < fill else "" for _ in range(width + rng.choice((-3, 0, 0, 2)))]
        for fill in (rng.random() for _ in range(count))
    ]


def test_columns_that_do_not_clash_are_planned():
    columns = [column_of(title) for title in TITLES]

    assert columns.count(None) == 1  # Internal Ref, ignored
    assert not isinstance(unflattener(columns), partial)
    assert unflattener([*columns, columns[0]]).func is unflatten_cells


@pytest.mark.parametrize("seed", range(5))
def test_a_planned_row_is_the_grant_its_cells_make(seed):
    titles = random.Random(seed).sample(TITLES, k=len(TITLES))  # any order of columns
    columns = [column_of(title) for title in titles]
    build = unflattener(columns)

    for row in rows(len(columns), 400, seed):
        assert build(row) == unflatten_cells(columns, row), row


@pytest.mark.parametrize(
    "clash",
    [
        ["Identifier", "Title", "Title"],  # two columns, one path: the last cell with text wins
        ["Identifier", "Planned Dates", "Planned Dates:Start Date"],  # a value where an object goes
        ["Identifier", "Planned Dates:Start Date", "Planned Dates"],
        ["Identifier", "Recipient Org:Name", "Recipient Org"],
    ],
)
def test_columns_that_clash_are_read_cell_by_cell_as_before(clash):
    columns = [column_of(title) for title in clash]
    build = unflattener(columns)
    assert build.func is unflatten_cells

    for row in rows(len(columns), 200, 7):
        assert build(row) == unflatten_cells(columns, row), row


def test_a_row_skipping_an_index_keeps_the_items_it_has_in_order():
    columns = [column_of(t) for t in ("Identifier", "Beneficiary Location:2:Name", "Beneficiary Location:1:Name")]

    assert unflattener(columns)(["G-1", "Oakham", "Uppingham"]) == {
        "id": "G-1",
        "beneficiaryLocation": [{"name": "Uppingham"}, {"name": "Oakham"}],
    }
    assert unflattener(columns)(["G-1", "", "12"]) == {"id": "G-1", "beneficiaryLocation": [{"name": "12"}]}


def test_numbers_are_decimal_and_text_that_is_not_a_number_stays_text():
    columns = [column_of("Identifier"), column_of("Amount Awarded")]
    build = unflattener(columns)

    assert build(["G-1", " 150000.50 "])["amountAwarded"] == Decimal("150000.50")
    assert build(["G-1", "£150k"])["amountAwarded"] == "£150k"
    assert build(["G-1", "1e999999"])["amountAwarded"] == Decimal("1e999999")
    assert build(["G-1", "Infinity"])["amountAwarded"] == "Infinity"
