"""Text -> tokens: words, and the multi-word phrases of the vocabulary as one token each.

The definition is a regex (`PATTERN`): a phrase (any punctuation between its words, longest first, compiled as a
trie) or a run of a-z0-9. `tokens` finds the same tokens faster (about 1.5x on register text), because the regex
engine steps through every character while bytes.translate and split run in C: where every word character of the
text is a-z or 0-9 (no underscore, no letter of another alphabet), regex word boundaries fall exactly between
runs of a-z0-9 and the rest, so the tokens are those runs with phrases joined greedily, longest first, as the
trie would. Texts with other word characters, which are rare, go through the regex. Fast-path tokens are bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress, count

from .vocabulary import PHRASES

_PHRASES = [p for p in PHRASES if " " in p]
assert all(re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)+", p) for p in _PHRASES), "phrases are normalised (vocabulary.py)"


def _trie(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases`, longest first, shaped as a trie; any punctuation between words."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [("[^a-z0-9]+" if c == " " else re.escape(c)) + emit(n) for c, n in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


PATTERN = re.compile(r"\b" + _trie(_PHRASES) + r"\b|[a-z0-9]+")
_OTHER_WORD_CHAR = re.compile(r"[^\W0-9a-z]")  # a word character for \b that is not one for [a-z0-9]
_SPACES = bytes(c if "0" <= chr(c) <= "9" or "a" <= chr(c) <= "z" else 32 for c in range(256))
RECORD_SPACES = bytes(0 if c == 0 else b for c, b in enumerate(_SPACES))  # NUL parts a batch's texts (none holds one)
PHRASES_JOINED = frozenset(p.encode() for p in _PHRASES)
_WORDS = [p.encode().split() for p in _PHRASES]
PHRASE_LENGTHS = {  # first word of a phrase -> the lengths in words of the phrases it starts, longest first
    first: tuple(sorted({len(w) for w in _WORDS if w[0] == first}, reverse=True)) for first in {w[0] for w in _WORDS}
}
PHRASE_SECONDS = {first: frozenset(w[1] for w in _WORDS if w[0] == first) for first in PHRASE_LENGTHS}  # 2nd words
_INNER = {w for words in _WORDS for w in words[:-1]}, {w for words in _WORDS for w in words[1:]}
# Tokens a phrase could go on after, or from: a word inside a phrase, or a joined phrase that ends (starts) with one.
OPEN_ENDS = frozenset(_INNER[0] | {p for p in PHRASES_JOINED if p.rpartition(b" ")[2] in _INNER[0]})
OPEN_STARTS = frozenset(_INNER[1] | {p for p in PHRASES_JOINED if p.partition(b" ")[0] in _INNER[1]})


def tokens(text: str) -> list[str] | list[bytes]:
    """`PATTERN.findall(text)` for lower-cased text, as bytes when it could take the fast path."""
    if needs_pattern(text):
        return PATTERN.findall(text)
    words = text.encode().translate(_SPACES).split()  # other UTF-8 bytes are all >= 0x80: spaces too
    return words if PHRASE_LENGTHS.keys().isdisjoint(words) else _joined(words)


def needs_pattern(text: str) -> bool:
    """Whether lower-cased text holds a word character other than a-z and 0-9, and so takes the regex path."""
    return "_" in text or not (text.isascii() or not _OTHER_WORD_CHAR.search(text))


def may_run_on(before: list[bytes], after: list[bytes]) -> bool:
    """Whether a phrase could join the end of one fast-path text to the start of the next, were they one text:
    if not, their tokens are each one's tokens, one after the other."""
    return bool(before and after) and before[-1] in OPEN_ENDS and after[0] in OPEN_STARTS


def _joined(words: list[bytes]) -> list[bytes]:
    """Each longest phrase joined into one token, from the left."""
    found: list[bytes] = []
    done, last = 0, len(words) - 1
    for at in compress(count(), map(PHRASE_LENGTHS.__contains__, words)):
        if at < done or at == last or words[at + 1] not in PHRASE_SECONDS[words[at]]:
            continue  # inside a phrase already joined, or not followed as any phrase goes on
        for length in PHRASE_LENGTHS[words[at]]:
            if at + length <= last + 1 and (phrase := b" ".join(words[at : at + length])) in PHRASES_JOINED:
                found += words[done:at]
                found.append(phrase)
                done = at + length
                break
    found += words[done:]
    return found
