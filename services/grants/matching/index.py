"""Every register record and bid, indexed so a check scores only the candidates that share something.

A check (1) looks up the bid's rarer terms and keys in an inverted index (blocking.py), (2) estimates each
record found from what it shared, (3) scores the best `shortlist` of them with the full scorer (shortlist.py).
Terms and keys held by more than `block_cap` records are too common to block on (a check would visit
everything), but still count in every score; a term that common is also filed per district, where it is
usually rare again. `full_scan` scores every record the same way: the baseline a check must agree with.

Memory: records are ints in flat arrays (records.py), terms, keys and facts are stored once (lexicon.py).
Imports: `add_many` files records a batch at a time (_filing.pyx, compiled) and builds the index `add` would build.
"""

from __future__ import annotations

import gc
import heapq
from array import array
from collections import deque
from collections.abc import Iterable
from datetime import date
from itertools import chain, compress, islice, repeat

from . import compiled
from .candidates import Candidate
from .profile import Profile, analysis, profile
from .records import packed
from .scorer import DEFAULT_THRESHOLDS, UNRELATED, Assessment, Finding, MatchingThresholds, assess, rank_key
from .shortlist import shortlist
from .store import Store
from .weights import DEFAULT_WEIGHTS, SignalWeights

SETTLE_EVERY = 1_000  # adds between checks for terms that have become common (CandidateIndex._settle)
BATCH = 100  # records add_many files at once: more takes no less time, and holds more memory while it runs


class CandidateIndex:
    def __init__(
        self,
        thresholds: MatchingThresholds = DEFAULT_THRESHOLDS,
        weights: SignalWeights = DEFAULT_WEIGHTS,
        *,
        block_cap: int = 2_000,
        shortlist: int = 200,
    ) -> None:
        self.thresholds, self.weights = thresholds, weights
        self.block_cap, self.shortlist = block_cap, shortlist
        self._store = Store()
        self._dead = self._adds = 0
        self._unsettled: set[int] = set()  # terms added since the last read, maybe common enough to localise

    @classmethod
    def build(cls, candidates: Iterable[Candidate], **options) -> CandidateIndex:
        index = cls(**options)
        index.add_many(candidates, pause_collector=True)
        index.refresh_norms()
        return index

    def __len__(self) -> int:
        return len(self._store.records)

    def __contains__(self, candidate_id: str) -> bool:
        return candidate_id in self._store.records.slots

    def add(self, candidate: Candidate) -> None:
        """Adds, or replaces the candidate with the same id.

        Runs once per record of an import: the loops over a record's terms and keys run in C (map, compress),
        and localising terms that have become common waits for _settle.
        """
        self.remove(candidate.id)
        store = self._store
        lexicon, facts = store.lexicon, store.facts
        counts, found = analysis(candidate)
        term_ids = list(map(lexicon.__getitem__, counts))
        fact_ids = list(map(facts.__getitem__, found))
        cover = next(compress(fact_ids, map(facts.covers.__getitem__, fact_ids)), -1)
        local = store.local_keys(cover, list(compress(term_ids, map(lexicon.localised.__getitem__, term_ids))))
        filed = [*term_ids, *set().union(*map(facts.keys.__getitem__, fact_ids)), *local]
        span = (_ordinal(candidate.starts_on), _ordinal(candidate.ends_on))
        slot = store.records.append(candidate.id, candidate.kind, span, term_ids, counts.values(), fact_ids, cover)
        deque(map(array.frombytes, map(lexicon.postings.__getitem__, filed), repeat(packed([slot]))), maxlen=0)
        self._unsettled.update(term_ids)
        self._adds += 1
        if self._adds % SETTLE_EVERY == 0:  # soon after a term becomes common: filing its records so far costs more
            self._settle()

    def add_many(self, candidates: Iterable[Candidate], pause_collector: bool = False) -> None:
        """Adds each, leaving the index as `add` one at a time would, but filing a batch at once (_filing.pyx).

        Batches end where add would settle, so terms become common, and are localised, at the same records.
        `pause_collector` pauses the cyclic garbage collector meanwhile: each batch's candidates live long
        enough to be promoted, and each full collection then walks the whole index again (an eighth of an
        import's time at 100,000 records). Filing makes no reference cycles, and the collector runs again as
        soon as it ends. Only for a process doing nothing else (a CLI or bench import): the pause is
        process-wide, and a web process's other threads would lose the collector too.
        """
        pending, slots, collecting = iter(candidates), self._store.records.slots, gc.isenabled()
        if pause_collector:
            gc.disable()
        try:
            while batch := list(islice(pending, min(BATCH, SETTLE_EVERY - self._adds % SETTLE_EVERY))):
                ids = {c.id for c in batch}
                if compiled.FILING is None or len(ids) < len(batch) or not slots.keys().isdisjoint(ids):
                    deque(map(self.add, batch), maxlen=0)  # not compiled, or replacements: add removes first
                    continue
                self._unsettled.update(compiled.FILING.file_batch(self._store, batch))
                self._adds += len(batch)
                if self._adds % SETTLE_EVERY == 0:
                    self._settle()
        finally:
            if collecting:
                gc.enable()

    def remove(self, candidate_id: str) -> bool:
        store = self._store
        if candidate_id not in store.records.slots:
            return False
        self._settle()
        slot = store.records.kill(candidate_id)
        term_ids, _ = store.records.terms(slot)
        keys = {key for fact in store.records.facts(slot) for key in store.facts.keys[fact]}
        local = store.local_keys(store.records.coverages[slot], [t for t in term_ids if store.lexicon.localised[t]])
        store.lexicon.df.removed([*term_ids, *keys, *local])
        self._dead += 1
        if self._dead > 1_000 and self._dead * 4 > len(store.records.ids):
            self._drop_dead_postings()
        return True

    def refresh_norms(self) -> None:
        """Recomputes every record's norm with today's term weights (they drift as the register grows).

        Norms are otherwise computed when a record is first scored, with the term weights of that moment.
        """
        self._settle()
        self._store.refresh_norms()

    def profile(self, candidate: Candidate) -> Profile:
        """A candidate's profile with term weights from this register."""
        lexicon, records = self._store.lexicon, len(self._store.records)
        return profile(candidate, lambda term: lexicon.term_idf(term, records))

    def score(self, bid: Candidate, other: Candidate) -> Finding:
        """One pair, with this register's term weights (scorer.score alone weighs every term the same)."""
        return assess(self.profile(bid), self.profile(other), self.thresholds, self.weights).finding()

    def check(self, bid: Candidate, limit: int = 20, include_unrelated: bool = False) -> list[Finding]:
        """Findings for the records that share a rare enough term or key with the bid, best first."""
        self._settle()
        query, idf = self.profile(bid), self._store.lazy_weights()
        profile_at = self._store.reader(idf)
        below_likely = self.thresholds.likely_duplicate - 0.001
        slots = shortlist(self._store, query, idf, self.weights, below_likely, self.block_cap, self.shortlist)
        found = [assess(query, profile_at(slot), self.thresholds, self.weights) for slot in slots]
        return _best(sorted(found, key=rank_key), limit, include_unrelated)

    def full_scan(self, bid: Candidate, limit: int = 20, include_unrelated: bool = False) -> list[Finding]:
        """The same scorer over every record: the baseline `check` must agree with, and far slower."""
        self._settle()
        query, records = self.profile(bid), self._store.records
        profile_at = self._store.reader(self._store.all_weights())
        found = (
            assess(query, profile_at(slot), self.thresholds, self.weights)
            for slot in records.live_slots()
            if records.ids[slot] != bid.id
        )
        kept = (a for a in found if include_unrelated or a.band != UNRELATED)
        return _best(heapq.nsmallest(limit, kept, key=rank_key), limit, include_unrelated)

    def _settle(self) -> None:
        """Localises the terms added since the last read that are now common (add leaves that to here).

        Localising a term as soon as it becomes common or a little later files the same postings: add files a
        record under the district keys of terms localised by then, _localise the records already added.
        """
        lexicon, common = self._store.lexicon, self.block_cap // 4
        df, localised, emphasis, postings = lexicon.df, lexicon.localised, lexicon.emphasis, lexicon.postings
        unsettled, self._unsettled = list(self._unsettled), set()
        long = compress(unsettled, map(common.__lt__, map(len, map(postings.__getitem__, unsettled))))
        for term in long:  # a term's postings hold at least its live records
            if not localised[term] and emphasis[term] == 1.0 and df[term] > common:
                self._localise(term)

    def _localise(self, term: int) -> None:
        """A term has become common: from now on it is filed per district too, its records so far included."""
        if compiled.FILING is not None:
            compiled.FILING.localise(self._store, term)
            return
        store = self._store
        lexicon, records = store.lexicon, store.records
        lexicon.localised[term] = 1
        postings, slots = lexicon.postings, lexicon.postings[term]
        live = list(compress(slots, map(records.alive.__getitem__, slots)))
        covers = list(map(records.coverages.__getitem__, live))
        targets = {  # coverage -> the postings of its district keys for the term, numbered as its records come
            cover: [postings[keys[term]] for keys in store.districts(cover)] for cover in dict.fromkeys(covers)
        }
        found = list(map(targets.__getitem__, covers))
        each = chain.from_iterable(map(repeat, live, map(len, found)))
        deque(map(array.append, chain.from_iterable(found), each), maxlen=0)

    def _drop_dead_postings(self) -> None:
        alive, postings = self._store.records.alive, self._store.lexicon.postings
        for item, slots in enumerate(postings):
            postings[item] = array("i", (s for s in slots if alive[s]))
        self._store.lexicon.df.pruned()
        self._dead = 0


def _best(ranked: list[Assessment], limit: int, include_unrelated: bool) -> list[Finding]:
    """The first `limit` worth showing, with their reasons written out (only now: they cost more than scores)."""
    kept = [a for a in ranked if include_unrelated or a.band != UNRELATED]
    return [assessment.finding() for assessment in kept[:limit]]


def _ordinal(day: date | None) -> int | None:
    return day.toordinal() if day else None
