"""Every register record and bid, indexed so a check scores only the candidates that share something.

A check (1) looks up the bid's rarer terms and keys in an inverted index (blocking.py), (2) estimates each
record found from what it shared, (3) scores the best `shortlist` of them with the full scorer. Terms and keys
held by more than `block_cap` records are too common to block on (a check would visit everything), but still
count in every score. `full_scan` scores every record the same way: the baseline a check must agree with.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Callable, Iterable
from datetime import date

from .blocking import probes
from .candidates import Candidate
from .context_signals import span
from .lexicon import Facts, Lexicon
from .places import Coverage, compare
from .profile import Profile, analysis, profile
from .records import KINDS, Records
from .scorer import DEFAULT_THRESHOLDS, UNRELATED, Finding, MatchingThresholds, assess, rank_key
from .text import weight
from .weights import DEFAULT_WEIGHTS, SignalWeights

_TF_WEIGHT = [0.0] + [weight(tf, 1.0) for tf in range(1, 256)]


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
        self._lexicon = Lexicon()
        self._facts = Facts(self._lexicon)
        self._records = Records()
        self._dead = 0

    @classmethod
    def build(cls, candidates: Iterable[Candidate], **options) -> CandidateIndex:
        index = cls(**options)
        for candidate in candidates:
            index.add(candidate)
        index.refresh_norms()
        return index

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, candidate_id: str) -> bool:
        return candidate_id in self._records.slots

    def add(self, candidate: Candidate) -> None:
        """Adds, or replaces the candidate with the same id."""
        self.remove(candidate.id)
        counts, facts = analysis(candidate)
        lexicon = self._lexicon
        term_ids = list(map(lexicon.__getitem__, counts))
        fact_ids = list(map(self._facts.__getitem__, facts))
        keys = self._facts.keys
        filed = term_ids + list({key for fact in fact_ids for key in keys[fact]})
        lexicon.df.update(filed)
        span = (_ordinal(candidate.starts_on), _ordinal(candidate.ends_on))
        cover = next((fact_id for fact, fact_id in zip(facts, fact_ids, strict=True) if type(fact) is Coverage), -1)
        slot = self._records.append(candidate.id, candidate.kind, span, term_ids, counts.values(), fact_ids, cover)
        postings = lexicon.postings
        for item in filed:
            postings[item].append(slot)

    def remove(self, candidate_id: str) -> bool:
        slot = self._records.kill(candidate_id)
        if slot is None:
            return False
        keys = self._facts.keys
        term_ids, _ = self._records.terms(slot)
        self._lexicon.df.subtract([*term_ids, *{key for fact in self._records.facts(slot) for key in keys[fact]}])
        self._dead += 1
        if self._dead > 1_000 and self._dead * 4 > len(self._records.ids):
            self._drop_dead_postings()
        return True

    def refresh_norms(self) -> None:
        """Recomputes every record's norm with today's term weights (they drift as the register grows).

        Norms are otherwise computed when a record is first scored, with the term weights of that moment.
        """
        idf = _TermWeights(self._lexicon, len(self._records))
        records = self._records
        for slot in records.live_slots():
            records.norms[slot] = self._norm(slot, idf)

    def profile(self, candidate: Candidate) -> Profile:
        """A candidate's profile with term weights from this register."""
        records = len(self._records)
        return profile(candidate, lambda term: self._lexicon.term_idf(term, records))

    def check(self, bid: Candidate, limit: int = 20, include_unrelated: bool = False) -> list[Finding]:
        """Findings for the records that share a rare enough term or key with the bid, best first."""
        query, idf = self.profile(bid), _TermWeights(self._lexicon, len(self._records))
        profile_at = self._reader(idf)
        slots = self._shortlist(query, idf)
        found = [assess(query, profile_at(slot), self.thresholds, self.weights) for slot in slots]
        kept = sorted((a for a in found if include_unrelated or a.band != UNRELATED), key=rank_key)
        return [assessment.finding() for assessment in kept[:limit]]

    def full_scan(self, bid: Candidate, limit: int = 20, include_unrelated: bool = False) -> list[Finding]:
        """The same scorer over every record: the baseline `check` must agree with, and far slower."""
        query = self.profile(bid)
        profile_at = self._reader(_all_term_weights(self._lexicon, len(self._records)))
        records = self._records
        found = (
            assess(query, profile_at(slot), self.thresholds, self.weights)
            for slot in records.live_slots()
            if records.ids[slot] != bid.id
        )
        kept = (a for a in found if include_unrelated or a.band != UNRELATED)
        return [assessment.finding() for assessment in heapq.nsmallest(limit, kept, key=rank_key)]

    def _shortlist(self, query: Profile, idf: Callable[[int], float]) -> list[int]:
        """Slots sharing a blocking term or key, the `shortlist` best first by an estimate of their score.

        The estimate follows the scorer: activity (from the rare terms shared, and any organisation, programme
        or cost key) times the place and period factors, which are cheap to read from each record's columns.
        """
        lexicon, cap = self._lexicon, self.block_cap
        df, postings = lexicon.df, lexicon.postings
        text: dict[int, float] = {}
        for term, w in query.terms.items():
            item = lexicon.get(term)
            if item is not None and 0 < df[item] <= cap:
                share, get = w * idf(item), text.get
                for slot in postings[item]:
                    text[slot] = get(slot, 0.0) + share
        bonuses, places = probes(query)
        extra: dict[int, float] = {}
        for key, bonus in bonuses.items():
            item = lexicon.get(key)
            if item is not None and 0 < df[item] <= cap:
                get = extra.get
                for slot in postings[item]:
                    extra[slot] = get(slot, 0.0) + bonus
        nearby = {slot for key in places if (item := lexicon.get(key)) is not None and df[item] <= cap
                  for slot in postings[item]}  # fmt: skip
        if nearby:
            by_id = {item: w for term, w in query.terms.items() if (item := lexicon.get(term)) is not None}
            text.update((slot, self._dot(slot, by_id, idf)) for slot in nearby)
        records, weights = self._records, self.weights
        alive, ids, norms, starts, ends = records.alive, records.ids, records.norms, records.starts, records.ends
        place, coverages = self._place_factors(query.coverage), records.coverages
        period, query_span = weights.period, span(query.starts, query.ends)

        def estimate(slot: int) -> float:
            norm = norms[slot] or self._norm(slot, idf) or 1.0
            doubt = (1.0 - min(1.0, text.get(slot, 0.0) / norm / weights.activity_full)) * (
                1.0 - min(1.0, extra.get(slot, 0.0))
            )
            when = period(query_span, span(starts[slot] or None, ends[slot] or None))
            return (1.0 - doubt) * place(coverages[slot]) * when

        found = [s for s in text.keys() | extra.keys() if alive[s] and ids[s] != query.id]
        return heapq.nlargest(self.shortlist, found, key=estimate)

    def _place_factors(self, cover: Coverage) -> Callable[[int], float]:
        """Place factor against the bid for each coverage fact, computed once per check (coverages repeat)."""
        facts, weights, cache = self._facts.items, self.weights, {-1: self.weights.unknown_place}

        def factor(fact: int) -> float:
            found = cache.get(fact)
            if found is None:
                found = cache[fact] = weights.place(compare(cover, facts[fact]).level)
            return found

        return factor

    def _reader(self, idf: Callable[[int], float]) -> Callable[[int], Profile]:
        """Rebuilds a record's profile from its ints, with the term weights of this check."""
        items, facts, records = self._lexicon.items, self._facts.items, self._records

        def profile_at(slot: int) -> Profile:
            term_ids, tfs = records.terms(slot)
            norm = records.norms[slot] or self._norm(slot, idf) or 1.0
            terms = {items[t]: _TF_WEIGHT[tf] * idf(t) / norm for t, tf in zip(term_ids, tfs, strict=True)}
            starts, ends = records.span(slot)
            found = [facts[f] for f in records.facts(slot)]
            return Profile.from_facts(records.ids[slot], KINDS[records.kinds[slot]], found, starts, ends, terms)

        return profile_at

    def _dot(self, slot: int, query: dict[int, float], idf: Callable[[int], float]) -> float:
        """The record's unnormalised TF-IDF vector dotted with the bid's (by term id)."""
        term_ids, tfs = self._records.terms(slot)
        return sum(query[t] * _TF_WEIGHT[tf] * idf(t) for t, tf in zip(term_ids, tfs, strict=True) if t in query)

    def _norm(self, slot: int, idf: Callable[[int], float]) -> float:
        term_ids, tfs = self._records.terms(slot)
        norm = math.sqrt(sum((_TF_WEIGHT[tf] * idf(t)) ** 2 for t, tf in zip(term_ids, tfs, strict=True)))
        self._records.norms[slot] = norm
        return norm

    def _drop_dead_postings(self) -> None:
        alive, postings = self._records.alive, self._lexicon.postings
        for item, slots in enumerate(postings):
            postings[item] = array("i", (s for s in slots if alive[s]))
        self._dead = 0


class _TermWeights:
    """Term and key weights for one check: the register's size is fixed while it runs, so each is computed once."""

    def __init__(self, lexicon: Lexicon, records: int) -> None:
        self._lexicon, self._records, self._cache = lexicon, records, {}

    def __call__(self, item: int) -> float:
        found = self._cache.get(item)
        if found is None:
            found = self._cache[item] = self._lexicon.idf(item, self._records)
        return found


def _all_term_weights(lexicon: Lexicon, records: int) -> Callable[[int], float]:
    """Every weight up front, for a full scan, which will need most of them."""
    return [lexicon.idf(item, records) for item in range(len(lexicon.items))].__getitem__


def _ordinal(day: date | None) -> int | None:
    return day.toordinal() if day else None
