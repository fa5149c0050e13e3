"""What a register search matches: words, as a person types them, not characters as a file spells them.

A CSP officer searches for "antisocial", "anti social behaviour" or "anti-social"; for "women’s aid" with a
curly apostrophe; for "Home Office" (the funder) or "Charnwood" (where the money is spent). So the record's
text and the query are reduced alike to lower-case words (punctuation dropped, "&" as "and"), and a record
matches when each query word starts a word of the record. Hyphenated words are kept joined up too
("antisocial"). The funder's name and the names of the record's CSPs and districts are searched with its text.
"""

from __future__ import annotations

import re

from shared.reference import CSP_BY_ID, DISTRICTS

SEARCHED = ("funder_name", "title", "description", "recipient_name", "provider_name", "programme")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Possessive, and only from a word's start: the plain [a-z0-9]+(?:-…)+ backtracked through every word of a
# description, a third of an import's time.
_HYPHENATED = re.compile(r"(?<![a-z0-9])[a-z0-9]++(?:-[a-z0-9]++)+")


def words(text: str) -> list[str]:
    """ "Women's Aid (Leics) & Rutland" → ["womens", "aid", "leics", "and", "rutland"]."""
    return _NOT_WORD.sub(" ", _APOSTROPHES.sub("", text.lower()).replace("&", " and ")).split()


def search_text_of(values: dict) -> str:
    """The record's words, space-separated with a space at each end, so a query word can be found where a
    word starts (" melton") on every database with one LIKE."""
    texts = [values[name] for name in SEARCHED if values.get(name)]
    texts += [name for place in values.get("places") or [] if (name := _place_name(place))]
    found = [word for text in texts for word in words(text)]
    hyphenated = [_apostrophes_off(text) for text in texts if "-" in text]
    joined = [match.replace("-", "") for text in hyphenated for match in _HYPHENATED.findall(text)]
    return " " + " ".join(found + joined) + " "


def query_words(query: str) -> list[str]:
    """Each word a record's text must have a word starting with; none for a query of only punctuation."""
    return list(dict.fromkeys(words(query)))


def _apostrophes_off(text: str) -> str:
    return _APOSTROPHES.sub("", text.lower())


def _place_name(place: str) -> str | None:
    kind, _, code = place.partition(":")
    if kind == "CSP" and code in CSP_BY_ID:
        return CSP_BY_ID[code].name
    if kind == "LAD" and code in DISTRICTS:
        return DISTRICTS[code][0]
    return None
