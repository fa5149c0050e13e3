"""The fast tokeniser finds exactly what its regex definition finds, phrases included."""

import random
import re

from services.grants.matching import Candidate, compiled
from services.grants.matching.text import _prepared, analyse
from services.grants.matching.tokens import PATTERN, tokens
from services.grants.matching.vocabulary import PHRASES

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _normal(token: str | bytes) -> str:
    text = token.decode() if isinstance(token, bytes) else token
    return " ".join(_NOT_WORD.sub(" ", text).split())


def test_the_fast_path_finds_the_tokens_the_regex_finds():
    words = [w for phrase in PHRASES for w in phrase.split()] + ["crimes", "economyx", "5", "x", "k", "2024"]
    # Separators the regex treats differently from a-z0-9 runs: underscores and other alphabets' letters are word
    # characters for its \b (and take the regex path), "£", "’" and dashes are not (and take the fast path).
    separators = [" ", "  ", "-", ", ", ". ", "_", "é", "£", "²", "\u2019", "\u00a0", "\n", "\u2014", "/", "٣", ""]
    rng = random.Random(5)
    for _ in range(20_000):
        parts = [x for _ in range(rng.randint(0, 12)) for x in (rng.choice(words), rng.choice(separators))]
        text = "".join(parts).lower()
        assert [_normal(t) for t in tokens(text)] == [_normal(t) for t in PATTERN.findall(text)], text


def test_phrases_join_longest_first_across_punctuation():
    counts, _ = analyse("Night-time economy patrols", "Anti-social behaviour; knife crime; night time")
    assert counts["night_time_economy"] == 2 and counts["asb"] == 1 and counts["serious_violence"] == 1
    assert counts["night"] == 3 and counts["knif"] == 1  # "night time" alone is night; knife is stemmed


def test_a_batch_of_texts_gives_each_text_the_tokens_it_gives_alone():
    words = [w for phrase in PHRASES for w in phrase.split()] + ["crimes", "people", "5", "x"]
    separators = [" ", "  ", "-", ", ", ". ", "&", "'", "\u2019", "\n", "/", ""]
    rng = random.Random(7)

    def text() -> str:
        return "".join(x for _ in range(rng.randint(0, 6)) for x in (rng.choice(words), rng.choice(separators)))

    for size in (1, 2, 50, 400):
        titles, descriptions, outcomes = ([text().title() for _ in range(size)] for _ in range(3))
        texts = zip(titles, descriptions, outcomes, strict=True)
        batch = [Candidate(f"c{n}", "register", *text) for n, text in enumerate(texts)]
        each = compiled.FILING.tokens_of_each(batch)  # (tokens, times counted) for each
        found = [[t for part, times in parts for _ in range(times) for t in part] for parts in each]
        alone = [tokens(_prepared(f"{t} {t} {d} {o}")) for t, d, o in zip(titles, descriptions, outcomes, strict=True)]
        assert [[_normal(t) for t in each] for each in found] == [[_normal(t) for t in each] for each in alone]
    odd = Candidate("c", "register", "Knife", "crime_scene")
    assert compiled.FILING.tokens_of_each([odd]) == [((tokens("knife knife crime_scene "), 1),)]
