"""The index's records as columns of ints: one row ("slot") per record, no Python object per record.

Variable-length parts (terms, facts) live in flat arrays with an offsets array beside them (CSR layout).
A removed record's slot is marked dead and its id dropped; its ints stay until the index is rebuilt.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import count, repeat
from operator import add
from struct import pack

KINDS = ("register", "bid")


class Records:
    def __init__(self) -> None:
        self.ids: list[str | None] = []
        self.slots: dict[str, int] = {}
        self.kinds = bytearray()
        self.alive = bytearray()
        self.starts = array("i")  # proleptic ordinals; 0 = not known
        self.ends = array("i")
        self.norms = array("f")  # length of the record's TF-IDF vector (0: not yet known), for cosines
        self.term_at = array("q", [0])
        self.term_ids = array("i")
        self.tfs = bytearray()  # term frequency, capped at 255
        self.fact_at = array("q", [0])
        self.fact_ids = array("i")
        self.coverages = array("i")  # the record's Coverage fact, so a check can weigh its place cheaply

    def __len__(self) -> int:
        return len(self.slots)

    def append(
        self,
        id: str,
        kind: str,
        span: tuple[int | None, int | None],
        term_ids: list[int],
        tfs: Iterable[int],
        fact_ids: list[int],
        coverage: int,
    ) -> int:
        slot = len(self.ids)
        self.ids.append(id)
        self.slots[id] = slot
        self.kinds.append(KINDS.index(kind))
        self.alive.append(1)
        self.starts.append(span[0] or 0)
        self.ends.append(span[1] or 0)
        self.norms.append(0.0)  # computed when first needed (CandidateIndex.norm)
        self.term_ids.frombytes(packed(term_ids))
        try:
            self.tfs.extend(tfs)
        except ValueError:  # a term used more than 255 times in one record
            del self.tfs[self.term_at[-1] :]
            self.tfs.extend(min(tf, 255) for tf in tfs)
        self.term_at.append(len(self.term_ids))
        self.fact_ids.frombytes(packed(fact_ids))
        self.fact_at.append(len(self.fact_ids))
        self.coverages.append(coverage)
        return slot

    def extend(
        self,
        ids: list[str],
        kinds: bytearray,
        starts: array,
        ends: array,
        term_ids: array,
        tfs: bytearray,
        term_at: array,
        fact_ids: array,
        fact_at: array,
        coverages: array,
    ) -> None:
        """Appends a batch of records at once (_filing.pyx), each column as an array of the column's type: record
        n's terms are term_ids[term_at[n] : term_at[n + 1]] (term_at starts at 0), and likewise its facts; tfs are
        capped at 255; 0 is an unknown day."""
        first, terms_before, facts_before = len(self.ids), len(self.term_ids), len(self.fact_ids)
        self.ids.extend(ids)
        self.slots.update(zip(ids, count(first)))
        self.kinds += kinds
        self.alive += bytes([1]) * len(ids)
        self.starts += starts
        self.ends += ends
        self.norms.frombytes(bytes(self.norms.itemsize * len(ids)))  # zeros: computed when first needed
        self.term_ids += term_ids
        self.tfs += tfs
        self.term_at += array("q", map(add, term_at[1:], repeat(terms_before)))
        self.fact_ids += fact_ids
        self.fact_at += array("q", map(add, fact_at[1:], repeat(facts_before)))
        self.coverages += coverages

    def kill(self, id: str) -> int | None:
        slot = self.slots.pop(id, None)
        if slot is not None:
            self.alive[slot] = 0
            self.ids[slot] = None
        return slot

    def terms(self, slot: int) -> tuple[array, array]:
        start, end = self.term_at[slot], self.term_at[slot + 1]
        return self.term_ids[start:end], self.tfs[start:end]

    def facts(self, slot: int) -> array:
        return self.fact_ids[self.fact_at[slot] : self.fact_at[slot + 1]]

    def span(self, slot: int) -> tuple[int | None, int | None]:
        return self.starts[slot] or None, self.ends[slot] or None

    def live_slots(self) -> Iterable[int]:
        return self.slots.values()


def packed(ints: list[int]) -> bytes:
    """Ints as an array("i") holds them, for its frombytes: extend and append parse every int on its own, slowly."""
    return pack(f"{len(ints)}i", *ints)
