"""The Money and Text fields: what a form may send, and what it is told when it cannot."""

from __future__ import annotations

import marshmallow as ma
import pytest

from shared.http.fields import Money, Text, pence_to_pounds, pounds_of

REQUIRED = "Enter the amount requested in pounds and pence"
INVALID = "Enter the amount requested in pounds and pence, like 12500.00"


class AmountSchema(ma.Schema):
    amount = Money(required=True, attribute="pence", required_message=REQUIRED, invalid_message=INVALID)


class NamesSchema(ma.Schema):
    title = Text()
    summary = Text(single_line=False)


@pytest.mark.parametrize(
    ("sent", "pence"),
    [
        ("12500", 1_250_000),
        ("12,500.50", 1_250_050),
        ("£1,000", 100_000),
        ("£1.5", 150),
        (" 0.01 ", 1),
        ("£999,999,999.99", 99_999_999_999),
    ],
)
def test_money_is_read_as_whole_pence(sent, pence):
    loaded = AmountSchema().load({"amount": sent})

    assert loaded == {"pence": pence}
    assert type(loaded["pence"]) is int


@pytest.mark.parametrize(
    "sent", ["1.234", 12, 12.5, "abc", "", "£", "1e3", "１２", "12\n3", "12,50", "1,00", "1,00,0", "1,2,3", "0,50"]
)
def test_anything_else_is_refused_with_the_fields_own_message(sent):
    with pytest.raises(ma.ValidationError) as refused:
        AmountSchema().load({"amount": sent})

    assert refused.value.messages == {"amount": [INVALID]}


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("-1", "Enter an amount of £0 or more"),
        ("-£12,500", "Enter an amount of £0 or more"),
        ("1,000,000,000", "Enter an amount of £999,999,999.99 or less"),
        ("1000000000.00", "Enter an amount of £999,999,999.99 or less"),
    ],
)
def test_a_negative_or_too_large_amount_is_told_its_limit(sent, message):
    with pytest.raises(ma.ValidationError) as refused:
        AmountSchema().load({"amount": sent})

    assert refused.value.messages == {"amount": [message]}


@pytest.mark.parametrize("body", [{}, {"amount": None}], ids=["missing", "null"])
def test_missing_money_asks_for_an_amount(body):
    with pytest.raises(ma.ValidationError) as refused:
        AmountSchema().load(body)

    assert refused.value.messages == {"amount": [REQUIRED]}


def test_money_is_written_as_pounds_and_pence_text():
    assert AmountSchema().dump({"pence": 1_250_050}) == {"amount": "12500.50"}
    assert pence_to_pounds(5) == "0.05"


def test_pounds_of_renders_pence_and_leaves_missing_amounts_null():
    class BidOut(ma.Schema):
        amount = pounds_of("pence", nullable=True)

    assert BidOut().dump({"pence": 99}) == {"amount": "0.99"}
    assert BidOut().dump({"pence": None}) == {"amount": None}


@pytest.mark.parametrize("text", ["Café safety patrols", "Rutland — “Safer Streets”", "😀 emoji are fine"])
def test_text_in_any_language_is_accepted(text):
    assert NamesSchema().load({"title": text}) == {"title": text}


def test_a_summary_may_run_over_several_lines_but_a_title_may_not():
    assert NamesSchema().load({"summary": "First.\r\n\tSecond."}) == {"summary": "First.\r\n\tSecond."}
    with pytest.raises(ma.ValidationError) as refused:
        NamesSchema().load({"title": "Patrols\nBcc: someone@example.com"})

    assert refused.value.messages == {"title": ["Enter this on one line, without line breaks or hidden characters"]}


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud83d surrogate", "bell\x07"])
def test_text_no_database_can_store_is_refused_with_a_message_not_a_crash(text):
    with pytest.raises(ma.ValidationError) as refused:
        NamesSchema().load({"summary": text})

    assert refused.value.messages == {"summary": ["Remove hidden characters from this text"]}
