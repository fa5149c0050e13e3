"""A record's search text: its words as people type them, then its hyphenated words joined up."""

from __future__ import annotations

import pytest

from services.grants.register.search import search_text_of


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (
            "One-to-one mentoring and anti-social behaviour work",
            " melton one to one mentoring and anti social behaviour work onetoone antisocial ",
        ),
        ("Women’s-aid drop-in", " melton womens aid drop in womensaid dropin "),  # apostrophes go first
        ("A co-located, multi-agency hub", " melton a co located multi agency hub colocated multiagency "),
        ("Hyphens -- alone, a word's end- or -start", " melton hyphens alone a words end or start "),
        ("Café-bar x--y 24-7", " melton caf bar x y 24 7 247 "),
    ],
)
def test_hyphenated_words_are_searchable_joined_up(description, expected):
    assert search_text_of({"title": "Melton", "description": description}) == expected
