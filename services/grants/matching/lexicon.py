"""Numbers for everything the index stores more than once: terms and blocking keys, and facts.

Records then hold ints in flat arrays instead of strings and objects: the difference between fitting a
million records in memory or not. Both interners are dicts that number an unseen item on first lookup, so
`map(lexicon.__getitem__, terms)` runs in C for every item already known.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Hashable
from itertools import repeat

from .blocking import keys_of
from .places import Coverage
from .profile import Fact
from .text import emphasis, token_terms

STOP = -1  # a stop word's code in TermCodes
_TOKENS_LIMIT = 200_000  # shares its keys with text.py's cache of tokens' terms: an entry costs ~32 bytes


class Lexicon(dict):
    """Terms and blocking keys -> ids, with each one's posting list and document frequency."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.postings: list[array] = []  # slots filed under the item (dead slots dropped now and then)
        self.df = Frequencies(self.postings)  # live records holding the item
        self.emphasis = array("f")  # place and time words count for less (text.emphasis)
        self.localised = bytearray()  # 1: a common activity term, also filed per district ("E07000133|youth")

    def __missing__(self, item: str) -> int:
        found = self[item] = len(self.items)
        self.items.append(item)
        self.postings.append(array("i"))
        self.emphasis.append(emphasis(item))
        self.localised.append(0)
        return found

    def idf(self, item: int, records: int) -> float:
        """Smoothed inverse document frequency, times the term's emphasis."""
        return _idf(self.df[item], self.emphasis[item], records)

    def all_idf(self, records: int) -> list[float]:
        """Every item's idf, by id."""
        return list(map(_idf, self.df.all(), self.emphasis, repeat(records)))

    def term_idf(self, term: str, records: int) -> float:
        """For a term the register may never have seen: counts as the rarest."""
        found = self.get(term)
        if found is None:
            return (1.0 + math.log(1 + records)) * emphasis(term)
        return self.idf(found, records)


def _idf(df: int, emphasis: float, records: int) -> float:
    return (1.0 + math.log((1 + records) / (1 + df))) * emphasis


class Frequencies:
    """Live records filed under each item: the length of its postings less the dead slots still in them.

    Read from the postings rather than counted beside them: an add then costs one append per item, not two.
    """

    def __init__(self, postings: list[array]) -> None:
        self._postings = postings
        self._dead: Counter[int] = Counter()  # removed records' slots in each item's postings

    def __getitem__(self, item: int) -> int:
        dead = self._dead
        return len(self._postings[item]) - (dead.get(item, 0) if dead else 0)

    def all(self) -> list[int]:
        found = list(map(len, self._postings))
        for item, dead in self._dead.items():
            found[item] -= dead
        return found

    def removed(self, items: list[int]) -> None:
        """A record filed under `items` was removed; its slot stays in their postings until they are pruned."""
        self._dead.update(items)

    def pruned(self) -> None:
        """Every posting has lost its dead slots."""
        self._dead.clear()


class Facts(dict):
    """Facts -> ids, and the blocking keys (as lexicon ids) each fact files its records under."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.items: list[Fact] = []
        self.keys: list[tuple[int, ...]] = []
        self.covers = bytearray()  # 1: the fact is a Coverage (a record has one, for a check to weigh its place)
        self._lexicon = lexicon

    def __missing__(self, fact: Hashable) -> int:
        found = self[fact] = len(self.items)
        self.items.append(fact)
        self.keys.append(tuple(map(self._lexicon.__getitem__, keys_of(fact))))
        self.covers.append(type(fact) is Coverage)
        return found


class TermCodes(dict):
    """Token -> its term's code (_filing.pyx): the term's lexicon id; STOP for a stop word; for a phrase of several
    terms ("knife crime": knife and serious violence), -2 - its place in `several`."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self._lexicon = lexicon
        self.several: list[tuple[int, ...]] = []
        self._phrases: dict[str, int] = {}

    def __missing__(self, token: str | bytes) -> int:
        terms = token_terms(token)
        if not terms:
            code = STOP
        elif " " in terms:
            if (code := self._phrases.get(terms)) is None:
                code = self._phrases[terms] = -2 - len(self.several)
                self.several.append(tuple(map(self._lexicon.__getitem__, terms.split())))
        else:
            code = self._lexicon[terms]
        if len(self) < _TOKENS_LIMIT:
            self[token] = code
        return code
