"""The fast tokeniser finds exactly what its regex definition finds, phrases included."""

import random
import re

from services.grants.matching.text import analyse
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
