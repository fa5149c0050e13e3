"""Activity text -> weighted terms, with no model: domain phrases, stop words and a light stemmer.

Built for import speed: one pass finds words and multi-word phrases together (tokens.py), and every distinct
token is analysed once and then looked up. Character n-grams were considered and left out: at a million
records they cost ~10x the memory of word terms, and the misspellings they would forgive matter less than the
synonyms the phrase table covers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from .named_places import PLACE, named_places
from .tokens import tokens
from .vocabulary import DISPLAY, PHRASES, STOP_WORDS, TOWN_WORDS, WHEN_FACTOR, WHEN_WORDS, WHERE_FACTOR, WHERE_WORDS

Idf = Callable[[str], float]
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_CACHE_LIMIT = 500_000


def stem(word: str) -> str:
    """Plural, -ing/-ed and a final -e off, so "patrols", "coordinated" and "coordinate" meet."""
    if len(word) <= 4 or "_" in word:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "aeiouslz":
                word = word[:-1]  # "stopped" -> "stop", but "dressing" -> "dress"
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _word_term(word: str) -> str:
    return "" if word in STOP_WORDS or word.isdigit() or len(word) < 2 else stem(word)


class _Terms(dict):
    """Token -> its terms joined by spaces ("" for a stop word); each distinct token is analysed once.

    Tokens come as str or, from the fast path of tokens.tokens, as bytes: both are keys, with the same value.
    """

    surface: dict[str, str] = {}  # term -> the first word seen for it, for reasons a person can read
    several: set[str] = set()  # the values that are more than one term ("knife serious_violence")

    def __missing__(self, token: str | bytes) -> str:
        words = _NOT_WORD.sub(" ", token if isinstance(token, str) else token.decode()).split()
        expanded = PHRASES.get(" ".join(words))
        terms = [t for w in (expanded.split() if expanded else words) if (t := _word_term(w))]
        if len(words) == 1 and not expanded and terms:  # a stem reads best as a word someone wrote
            self.surface.setdefault(terms[0], words[0])
        value = " ".join(terms)
        if len(terms) > 1:
            self.several.add(value)
        if len(self) < _CACHE_LIMIT:
            self[token] = value
        return value


_terms_of = _Terms()
TOWN_OF_TERM = {_word_term(word): town for word, town in TOWN_WORDS.items()}


token_terms = _terms_of.__getitem__  # token -> its terms joined by spaces, "" for a stop word


def _prepared(text: str) -> str:
    return _replaced(text.lower())


def _replaced(text: str) -> str:
    return text.replace("'", "").replace("\u2019", "").replace("&", " and ")


def terms(text: str) -> list[str]:
    """Normalised activity terms of one text, in order, repeats kept."""
    return " ".join(map(_terms_of.__getitem__, tokens(_prepared(text)))).split()


def analyse(title: str, description: str = "", outcomes: str = "") -> tuple[Counter[str], frozenset[str]]:
    """Term counts (title twice: it is the applicant's own summary) and the LLR towns the text names. A word the
    text names as a place (named_places.py) is counted as a place term: "@ketton"."""
    found = tokens(_prepared(f"{title} {title} {description} {outcomes}"))
    counts = Counter(map(_terms_of.__getitem__, found))
    counts.pop("", None)
    if not _terms_of.several.isdisjoint(counts):
        for several in [key for key in counts if " " in key]:
            for term in several.split():
                counts[term] += counts[several]
            del counts[several]
    places = places_named(title, f"{description} {outcomes}")
    if places and not places.isdisjoint(counts):  # in place, so the terms keep the order they came in
        counts = Counter({(PLACE + term if term in places else term): n for term, n in counts.items()})
    return counts, frozenset(map(TOWN_OF_TERM.__getitem__, TOWN_OF_TERM.keys() & counts.keys()))


def places_named(title: str, rest: str) -> frozenset[str]:
    """The terms of the words a title, and the rest of a text, name as places (not the towns already known as
    places, nor days and seasons)."""
    return place_terms(named_places(title, rest))


def place_terms(words: list[str]) -> frozenset[str]:
    """The terms of words named as places (named_places.named_places, or the compiled scanner in _filing.pyx),
    leaving out those already counted as places or times wherever they appear."""
    return frozenset(filter(None, map(_place_terms.__getitem__, words))) if words else frozenset()


class _PlaceTerms(dict):
    """A word named as a place -> its term ("" where it is a known place already, or a day or season)."""

    def __missing__(self, word: str) -> str:
        term = _word_term(word)
        found = "" if term in _WHERE or term in _WHEN or term in TOWN_OF_TERM else term
        if len(self) < _CACHE_LIMIT:
            self[word] = found
        return found


_place_terms = _PlaceTerms()


def emphasis(term: str) -> float:
    """Place and time words count for less in activity: places and periods are compared on their own."""
    if term in _WHERE or term.startswith(PLACE):
        return WHERE_FACTOR
    return WHEN_FACTOR if term in _WHEN else 1.0


_WHERE = frozenset(map(_word_term, WHERE_WORDS))
_WHEN = frozenset(map(_word_term, WHEN_WORDS))


def uniform_idf(term: str) -> float:
    """Every term counts the same (but for emphasis): for comparing two candidates with no register around."""
    return emphasis(term)


def weight(tf: int, idf: float) -> float:
    return (1.0 + math.log(tf)) * idf


def unit_vector(counts: Counter[str], idf: Idf = uniform_idf) -> dict[str, float]:
    """TF-IDF weights scaled to length 1, so a dot product is the cosine."""
    weights = {term: weight(tf, idf(term)) for term, tf in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> tuple[float, list[tuple[float, str]]]:
    """Cosine of two unit vectors, and each shared term's share of it."""
    if len(a) > len(b):
        a, b = b, a
    shared = [(w * b[t], t) for t, w in a.items() if t in b]
    return min(1.0, sum(s for s, _ in shared)), shared


def display(term: str) -> str:
    term = term.removeprefix(PLACE)
    return DISPLAY.get(term) or _terms_of.surface.get(term, term).replace("_", " ")


def token_set(text: str) -> frozenset[str]:
    return frozenset(terms(text))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
