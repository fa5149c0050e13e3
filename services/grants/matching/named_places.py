"""Places a text names ("in Waltham on the Wolds", "across North Evington"), read from its capitals.

Village, ward and estate names are rare words, so as activity terms they outweigh everything else two texts
share: "Recovery support in Ketton" and "Mentoring for families in Ketton" looked like the same activity, and in
a synthetic register half the likely duplicates were another kind of work, most sharing little but a village's
name (bench/duplicates.py counts them: "other work"). Places are compared on their own (ward, district and CSP
codes), so a word the text gives as a place counts for as little as the towns of vocabulary.WHERE_WORDS:
text.analyse files it as a place term ("@tugby"), in that text only. A word is a place where it is capitalised
in a run after "in", "at", "around", "across", "throughout", "near" or "within", with "on the", "upon", "de la"
and the like between capitalised words, up to a word that names something else ("at Tugby Community Centre").
Text in Title Case is not read this way: a capitalised "In" that does not open a sentence gives it away.
"""

from __future__ import annotations

import re
from itertools import takewhile

from .vocabulary import PHRASES, WHERE_WORDS

TRIGGERS = ("in", "at", "around", "across", "throughout", "near", "within")
CONNECTORS = ("on", "upon", "the", "le", "de", "la", "en", "by", "under", "cum")  # "Waltham on the Wolds"
SPACES = " \t\n\r\f\v\x1c\x1d\x1e\x1f"  # what \s is in ASCII text: spelled out, for _filing.pyx to follow exactly
_GAP = rf"(?:[{SPACES}]+|-)"
RUN = re.compile(
    rf" ({'|'.join(f'[{word[0].upper()}{word[0]}]{word[1:]}' for word in TRIGGERS)}) (?:the )?"
    rf"([A-Z][a-z]+(?:{_GAP}(?:(?:{'|'.join(CONNECTORS)}){_GAP})*[A-Z][a-z]+)*)"
)  # a leading space: the engine then tries a run only after a space, which is three times faster
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_LONGER_CAPITALISED, _LONGER_LOWER = re.compile(r"\b[A-Z][a-z]{3,}"), re.compile(r"\b[a-z]{4,}")
_NOT_PLACES = (
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday year years key stage partnership police council service services "
    "network team unit trust fund programme board office commissioner constabulary group agency foundation charity "
    "association society club academy college university hospital prison court library victim victims"
)
# A run's places are its words before the first of these: "in June", "at Tugby Community Centre", "in Violence
# Reduction Network schools" name a time, an institution or a programme, whatever their capitals.
_DOMAIN = {word for pair in PHRASES.items() for word in " ".join(pair).split()}  # "violence", "youth", "centre"
NOT_PLACES = (frozenset(_NOT_PLACES.split()) | _DOMAIN) - WHERE_WORDS
PLACE = "@"  # a place term's mark: "@tugby"


def named_places(title: str, rest: str) -> list[str]:
    """The words (lower-cased) a record's title and the rest of its text name as places, in order."""
    words = _in_text(title)
    return ([] if words and title_cased(title, words) else words) + _in_text(rest)


def _in_text(text: str) -> list[str]:
    text = f" {text}"
    runs = list(RUN.finditer(text))
    if any(run[1][0].isupper() and not sentence_start(text, run.start()) for run in runs):
        return []  # Title Case ("Staff In Ketton", "We Work In Schools"): any word could look like a place
    return [word for run in runs for word in _words(run[2])]


def sentence_start(text: str, at: int) -> bool:
    """Whether what comes before `at` is nothing but spaces, or ends a sentence."""
    before = text[:at].rstrip(SPACES)
    return not before or before[-1] in ".!?:;"


def _words(run: str) -> list[str]:
    """A run's capitalised words, lower-cased, up to the first that is not a place."""
    return list(takewhile(lambda word: not not_place(word), map(str.lower, _CAPITALISED.findall(run))))


def not_place(word: str) -> bool:
    """A lower-cased word in NOT_PLACES, or the plural of one ("schools")."""
    return word in NOT_PLACES or word[-1] == "s" and word[:-1] in NOT_PLACES


def title_cased(title: str, placed: list[str]) -> bool:
    """Whether a title's longer words, other than its first and its places, are mostly capitalised, as in
    "Mentoring in Schools and Colleges for Young People": then any of them could look like a place."""
    capitals = len(_LONGER_CAPITALISED.findall(title)) - sum(len(word) > 3 for word in placed)
    capitals -= _LONGER_CAPITALISED.match(title) is not None
    return capitals > 0 and capitals * 3 > (capitals + len(_LONGER_LOWER.findall(title))) * 2
