"""Reading pounds and pence as people type them: commas only where thousands are separated."""

from __future__ import annotations

import pytest

from shared.money import AmountTooLarge, NegativeAmount, NotAnAmount, amount_for_people, pence_of_text

MOST = 99_999_999_999


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("12500", 1_250_000),
        ("12,500", 1_250_000),
        ("12,500.50", 1_250_050),
        ("1,000", 100_000),
        ("£1,000", 100_000),
        ("£ 150,000.50", 15_000_050),
        ("1,234,567.8", 123_456_780),
        ("  £0.01  ", 1),
        ("0", 0),
        ("007", 700),
        ("£999,999,999.99", MOST),
    ],
)
def test_pounds_with_or_without_thousands_separators_are_read_as_whole_pence(typed, pence):
    assert pence_of_text(typed, MOST) == pence


@pytest.mark.parametrize(
    "typed",
    ["12,50", "1,00", "1,00,0", "1,2,3", "0,500", "1,0000", ",100", "100,", "1,000,00", "12,500,50", "1.000,50"],
)
def test_a_comma_anywhere_but_between_thousands_is_refused_not_taken_out(typed):
    with pytest.raises(NotAnAmount):
        pence_of_text(typed, MOST)


@pytest.mark.parametrize("typed", ["", "£", "abc", "1e3", "１２", "12\n3", "1 000", ".5", "5.", "1.234", "--5", "-£-5"])
def test_anything_else_that_is_not_pounds_and_pence_is_refused(typed):
    with pytest.raises(NotAnAmount):
        pence_of_text(typed, MOST)


@pytest.mark.parametrize("typed", ["-1", "-£1,000", "£-0.01"])
def test_a_negative_amount_is_told_apart_from_one_that_is_not_money(typed):
    with pytest.raises(NegativeAmount):
        pence_of_text(typed, MOST)


def test_minus_nothing_is_nothing():
    assert pence_of_text("-0.00", MOST) == 0


@pytest.mark.parametrize("typed", ["1,000,000,000", "1000000000.00", "0001000000000", "9" * 100_000])
def test_an_amount_over_the_limit_is_too_large_however_many_digits_it_has(typed):
    with pytest.raises(AmountTooLarge):
        pence_of_text(typed, MOST)


def test_limits_in_messages_show_pence_only_when_there_are_some():
    assert amount_for_people(MOST) == "£999,999,999.99"
    assert amount_for_people(1_000_000_000_000) == "£10,000,000,000"
