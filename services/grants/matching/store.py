"""What the index holds, and the reads a check makes of it: norms, dot products, profiles rebuilt from ints."""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from functools import reduce
from itertools import compress, repeat
from operator import add, mul, not_

from . import compiled
from .lexicon import Facts, Lexicon, TermCodes
from .profile import Profile
from .records import KINDS, Records
from .text import weight

Weights = Callable[[int], float]  # lexicon id -> its weight (idf times emphasis) for the length of one check
_TF_WEIGHT = [0.0] + [weight(tf, 1.0) for tf in range(1, 256)]
_TF_WEIGHTS = array("d", _TF_WEIGHT)
WIDE = 3  # records spread over more districts than this (county-wide services) are not filed per district


class Store:
    def __init__(self) -> None:
        self.lexicon = Lexicon()
        self.facts = Facts(self.lexicon)
        self.records = Records()
        self.term_codes = TermCodes(self.lexicon)  # for filing a batch (_filing.pyx)
        # For filing a batch: recipient (name, org id, CSP), programme name, and (places, CSP, towns) -> fact id.
        self.filed_facts: tuple[dict, dict, dict] = ({}, {}, {})
        self._districts: dict[str, DistrictKeys] = {}
        self._covers: dict[int, tuple[DistrictKeys, ...]] = {}  # coverage fact -> its districts' keys

    def local_keys(self, cover: int, term_ids: list[int]) -> list[int]:
        """District|term keys ("E07000133|youth"): a term common in the register is often rare in a district."""
        tables = self.districts(cover)
        if not tables or not term_ids:
            return []
        if len(tables) == 1:
            return list(map(tables[0].__getitem__, term_ids))
        return [keys[term] for term in term_ids for keys in tables]

    def districts(self, cover: int) -> tuple[DistrictKeys, ...]:
        """The districts a record with this coverage fact is filed in (none when unknown, or more than WIDE)."""
        found = self._covers.get(cover)
        if found is None:
            districts = self.facts.items[cover].districts if cover >= 0 else ()
            found = () if len(districts) > WIDE else tuple(map(self._district, districts))
            self._covers[cover] = found
        return found

    def _district(self, lad: str) -> DistrictKeys:
        found = self._districts.get(lad)
        if found is None:
            found = self._districts[lad] = DistrictKeys(self.lexicon, lad)
        return found

    def norm(self, slot: int, idf: Weights) -> float:
        """The record's TF-IDF vector length, kept: computed when first needed, or by refresh_norms."""
        term_ids, tfs = self.records.terms(slot)
        weights = map(mul, map(_TF_WEIGHT.__getitem__, tfs), map(idf, term_ids))
        norm = math.sqrt(reduce(add, map(pow, weights, repeat(2)), 0.0))  # summed in order, as refresh_norms sums
        self.records.norms[slot] = norm
        return norm

    def refresh_norms(self, chunk: int = 1_000) -> None:
        """Every record's norm, as `norm` computes it, with each product and square taken for many at once."""
        records, idf = self.records, self.lexicon.all_idf(len(self.records))
        if compiled.FILING is not None:
            compiled.FILING.refresh_norms(records, idf, _TF_WEIGHT)
            return
        term_at, term_ids, tfs, norms = records.term_at, records.term_ids, records.tfs, records.norms
        for first in range(0, len(records.ids), chunk):
            last = min(first + chunk, len(records.ids))
            base, end = term_at[first], term_at[last]
            weights = map(mul, map(_TF_WEIGHT.__getitem__, tfs[base:end]), map(idf.__getitem__, term_ids[base:end]))
            squares = list(map(pow, weights, repeat(2)))
            bounds = [at - base for at in term_at[first : last + 1]]
            sums = map(reduce, repeat(add), map(squares.__getitem__, map(slice, bounds, bounds[1:])), repeat(0.0))
            found = map(math.sqrt, sums)
            norms[first:last] = array("f", found)  # removed records' too: never read

    def dot(self, slot: int, query: dict[int, float], idf: Weights) -> float:
        """The record's unnormalised TF-IDF vector dotted with the bid's (by term id), summed in the record's order."""
        term_ids, tfs = self.records.terms(slot)
        shared = (query[t] * _TF_WEIGHT[tf] * idf(t) for t, tf in zip(term_ids, tfs, strict=True) if t in query)
        return reduce(add, shared, 0.0)

    def cosines(self, slots: list[int], query: dict[int, float], idf: Weights) -> list[float]:
        """Each record's dot with the bid over its norm: what its text shares with the bid's, before place and
        period. Compiled where built (_reading.pyx): a check reads thousands of records this way."""
        norms = self.records.norms
        for slot in compress(slots, map(not_, map(norms.__getitem__, slots))):
            self.norm(slot, idf)
        if compiled.READING is None:
            return [self.dot(slot, query, idf) / (norms[slot] or 1.0) for slot in slots]
        ids = array("i", query)
        weights, idfs = array("d", query.values()), array("d", map(idf, ids))
        return compiled.READING.cosines(self.records, slots, ids, weights, idfs, _TF_WEIGHTS).tolist()

    def reader(self, idf: Weights) -> Callable[[int], Profile]:
        """Rebuilds a record's profile from its ints, with the term weights of this check."""
        items, facts, records = self.lexicon.items, self.facts.items, self.records

        def profile_at(slot: int) -> Profile:
            term_ids, tfs = records.terms(slot)
            norm = records.norms[slot] or self.norm(slot, idf) or 1.0
            terms = {items[t]: _TF_WEIGHT[tf] * idf(t) / norm for t, tf in zip(term_ids, tfs, strict=True)}
            starts, ends = records.span(slot)
            found = [facts[f] for f in records.facts(slot)]
            return Profile.from_facts(records.ids[slot], KINDS[records.kinds[slot]], found, starts, ends, terms)

        return profile_at

    def lazy_weights(self) -> Weights:
        """Weights computed as a check asks for them: the register's size is fixed while it runs."""
        lexicon, records, cache = self.lexicon, len(self.records), {}

        def weight_of(item: int) -> float:
            found = cache.get(item)
            if found is None:
                found = cache[item] = lexicon.idf(item, records)
            return found

        return weight_of

    def all_weights(self) -> Weights:
        """Every weight up front, for a full scan, which will need most of them."""
        return self.lexicon.all_idf(len(self.records)).__getitem__


class DistrictKeys(dict):
    """Term id -> the lexicon id of its key in one district ("E07000133|youth"), numbered on first use.

    `ids` holds the same by term id (-1: not numbered yet), for compiled filing to read without a lookup.
    """

    def __init__(self, lexicon: Lexicon, lad: str) -> None:
        super().__init__()
        self._lexicon, self._prefix = lexicon, f"{lad}|"
        self.ids = array("i")

    def __missing__(self, term: int) -> int:
        found = self[term] = self._lexicon[self._prefix + self._lexicon.items[term]]
        if term >= len(self.ids):
            self.ids.extend(repeat(-1, term + 1 - len(self.ids) + len(self.ids) // 2))  # room to grow
        self.ids[term] = found
        return found
