"""Which records a check scores: those sharing a blocking term or key with the bid, best first by estimate.

The estimate follows the scorer (activity times place times period) from what is cheap to read:
- activity: the bid's terms the record shares, through postings of terms rare enough to block on, or of
  district|term keys when a term is common; organisation, programme and cost keys add a bonus. Records in the
  bid's own place (found through ward, district or CSP keys) get their text compared exactly: a duplicate is
  by definition in the same place, so those are the ones an estimate must not miss.
- place and period: read from each record's coverage fact and date columns.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from .blocking import probes
from .context_signals import OPEN_END, OPEN_START, span
from .places import Coverage, compare
from .profile import Profile
from .store import WIDE, Store, Weights
from .weights import SignalWeights


def shortlist(store: Store, query: Profile, idf: Weights, weights: SignalWeights, cap: int, size: int) -> list[int]:
    text = _shared_terms(store, query, idf, cap)
    extra, nearby = _shared_keys(store, query, cap)
    if nearby:
        by_id = {item: w for term, w in query.terms.items() if (item := store.lexicon.get(term)) is not None}
        text.update((slot, store.dot(slot, by_id, idf)) for slot in nearby)
    records = store.records
    alive, ids, norms, coverages = records.alive, records.ids, records.norms, records.coverages
    place, period, full = _place_factors(store, query.coverage, weights), _period_factors(store, query, weights), \
        weights.activity_full  # fmt: skip

    def activity(slot: int) -> float:
        norm = norms[slot] or store.norm(slot, idf) or 1.0
        doubt = (1.0 - min(1.0, text.get(slot, 0.0) / norm / full)) * (1.0 - min(1.0, extra.get(slot, 0.0)))
        return 1.0 - doubt

    found = [s for s in text.keys() | extra.keys() if alive[s] and ids[s] != query.id]
    if len(found) > 4 * size:  # place and period cost more to read: only for the likelier ones
        found = list({*heapq.nlargest(4 * size, found, key=activity), *(nearby & set(found))})
    return heapq.nlargest(size, found, key=lambda slot: activity(slot) * place(coverages[slot]) * period(slot))


def _shared_terms(store: Store, query: Profile, idf: Weights, cap: int) -> dict[int, float]:
    """Slot -> its share of the bid's TF-IDF vector, from the terms (or district|terms) rare enough to walk."""
    lexicon = store.lexicon
    df, postings = lexicon.df, lexicon.postings
    districts = query.coverage.districts if len(query.coverage.districts) <= WIDE else ()
    text: dict[int, float] = {}
    for term, w in query.terms.items():
        item = lexicon.get(term)
        if item is None or not df[item]:
            continue
        if df[item] <= cap:
            lists = [postings[item]]
        elif lexicon.localised[item]:  # too common to block on, but maybe not within the bid's district
            local = (lexicon.get(f"{lad}|{term}") for lad in districts)
            lists = [postings[key] for key in local if key is not None and 0 < df[key] <= cap]
        else:
            continue
        share, get = w * idf(item), text.get
        for slots in lists:
            for slot in slots:
                text[slot] = get(slot, 0.0) + share
    return text


def _shared_keys(store: Store, query: Profile, cap: int) -> tuple[dict[int, float], set[int]]:
    """Slot -> bonus for shared organisation, programme and cost keys; and the slots in the bid's place."""
    lexicon = store.lexicon
    df, postings = lexicon.df, lexicon.postings
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
    return extra, nearby


def _place_factors(store: Store, cover: Coverage, weights: SignalWeights) -> Callable[[int], float]:
    """Place factor against the bid for each coverage fact, computed once per check (coverages repeat)."""
    facts, cache = store.facts.items, {-1: weights.unknown_place}

    def factor(fact: int) -> float:
        found = cache.get(fact)
        if found is None:
            found = cache[fact] = weights.place(compare(cover, facts[fact]).level)
        return found

    return factor


def _period_factors(store: Store, query: Profile, weights: SignalWeights) -> Callable[[int], float]:
    """Period factor against the bid for each slot, straight from the date columns."""
    starts, ends = store.records.starts, store.records.ends
    bid = span(query.starts, query.ends)
    if bid is None:
        return lambda slot: weights.unknown_period
    first, last = bid

    def factor(slot: int) -> float:
        start, end = starts[slot], ends[slot]
        if not (start or end):
            return weights.unknown_period
        if (end or OPEN_END) < first or (start or OPEN_START) > last:
            return weights.separate_periods
        return weights.period(bid, (start or OPEN_START, end or OPEN_END))

    return factor
