"""Which records a check scores: those it finds through the bid's terms and keys, best first by estimate.

Found: records filed under the bid's terms rare enough to block on, or under their district|term keys when a
term is common; the records sharing most of the bid's words that are common even within its district; and
records sharing its organisation, programme, cost items, ward, district or CSP (a duplicate is by definition
in the same place).

The estimate is the scorer's formula (activity times place times period) from what is cheap to read:
- activity: every record found has its text compared exactly (its cosine, Store.cosines: compiled, so a few
  thousand cost a millisecond or two); programme and cost keys add a bonus. Estimating from the walked terms
  alone misjudged a large register: there a district's "youth" or "patrols" is too common to walk, and records
  sharing them ranked below records that shared one rare place name.
- place and period: read from each record's coverage fact and date columns; a shared organisation strengthens
  the place, as in the scorer.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from .blocking import Probes, probes
from .context_signals import OPEN_END, OPEN_START, span
from .places import Coverage, compare
from .profile import Profile
from .store import WIDE, Store, Weights
from .weights import SignalWeights

COMMON_WALK = 8  # times block_cap: postings of common district|term keys a check may walk (_common_in_district)


def shortlist(
    store: Store, query: Profile, idf: Weights, weights: SignalWeights, below_likely: float, cap: int, size: int
) -> list[int]:
    """The `size` slots of records likeliest to score highest against the bid; `below_likely` is the highest score a
    pair below the activity gate can reach (scorer.assess)."""
    probed = probes(query)
    bonus, same_org, nearby = _shared_keys(store, probed, cap)
    records = store.records
    alive, ids, coverages = records.alive, records.ids, records.coverages
    shared = _shared_terms(store, query, idf, cap, size) | bonus.keys() | same_org | nearby
    found = [s for s in shared if alive[s] and ids[s] != query.id]
    by_id = {item: w for term, w in query.terms.items() if (item := store.lexicon.get(term)) is not None}
    cosines = store.cosines(found, by_id, idf)
    place, period = _place_factors(store, query.coverage, weights), _period_factors(store, query, weights)
    floor, full, gate, org = weights.activity_floor, weights.activity_full, weights.activity_gate, weights.organisation

    def activity(slot: int, cosine: float) -> float:
        text = min(1.0, cosine / full) if cosine >= floor else 0.0
        return 1.0 - (1.0 - text) * (1.0 - min(1.0, bonus.get(slot, 0.0)))

    def estimate(at: int) -> float:
        """The scorer's formula (scorer.assess), with the bonuses of shared keys for the signals it reads."""
        slot, cosine = found[at], cosines[at]
        near = place(coverages[slot])
        if slot in same_org:
            near = 1.0 - (1.0 - near) * (1.0 - org)
        value = activities[at] * near * period(slot)
        return value if cosine >= floor and cosine / full >= gate else min(value, below_likely)

    # Place and period cost more to read, and can only lower a score (each factor is at most 1): read them from
    # the likeliest activity down, until no record left could beat the last of the best found so far.
    activities = list(map(activity, found, cosines))
    best: list[tuple[float, int]] = []  # a heap of (estimate, position in found): the weakest first
    for at in sorted(range(len(found)), key=activities.__getitem__, reverse=True):
        if len(best) == size and activities[at] <= best[0][0]:
            break
        value = estimate(at)
        if len(best) < size:
            heapq.heappush(best, (value, at))
        elif value > best[0][0]:
            heapq.heapreplace(best, (value, at))
    return [found[at] for _, at in sorted(best, reverse=True)]


def _shared_terms(store: Store, query: Profile, idf: Weights, cap: int, size: int) -> set[int]:
    """Slots filed under the bid's terms (or district|terms) rare enough to walk; and the `size` that share most of
    the bid's wording among its terms common even within its district (_common_in_district)."""
    lexicon = store.lexicon
    df, postings = lexicon.df, lexicon.postings
    districts = query.coverage.districts if len(query.coverage.districts) <= WIDE else ()
    walked, common = [], []
    for term, w in query.terms.items():
        item = lexicon.get(term)
        if item is None or not df[item]:
            continue
        if df[item] <= cap:
            walked.append(postings[item])
        elif lexicon.localised[item]:  # too common to block on, but maybe not within the bid's district
            for key in (lexicon.get(f"{lad}|{term}") for lad in districts):
                if key is None:
                    continue
                if df[key] <= cap:
                    walked.append(postings[key])
                else:
                    common.append((postings[key], w * idf(item)))
    found = set(chain.from_iterable(walked))
    return found.union(_common_in_district(common, cap, size))


def _common_in_district(lists: list[tuple[array, float]], cap: int, size: int) -> list[int]:
    """The records sharing most of the bid's weight among its district's common words, walked from the rarest up
    to COMMON_WALK times `cap` postings. In a large register a district's "outreach" or "treatment" is
    too common to block on, and a duplicate that shares nothing rarer with the bid would not be found at all."""
    shares: dict[int, float] = {}
    walked, get = 0, shares.get
    for slots, share in sorted(lists, key=lambda pair: len(pair[0])):
        walked += len(slots)
        if walked > COMMON_WALK * cap:
            break
        for slot in slots:
            shares[slot] = get(slot, 0.0) + share
    return heapq.nlargest(size, shares, key=get) if len(shares) > size else list(shares)


def _shared_keys(store: Store, probed: Probes, cap: int) -> tuple[dict[int, float], set[int], set[int]]:
    """Slot -> bonus for shared programme and cost keys; the slots sharing an organisation; those in the bid's
    place."""
    lexicon = store.lexicon
    df, postings = lexicon.df, lexicon.postings

    def walked(keys: Iterable[str]) -> Iterator[array]:
        return (postings[item] for key in keys if (item := lexicon.get(key)) is not None and 0 < df[item] <= cap)

    bonus: dict[int, float] = {}
    for key, share in probed.activity.items():
        get = bonus.get
        for slots in walked([key]):
            for slot in slots:
                bonus[slot] = get(slot, 0.0) + share
    return bonus, set(chain.from_iterable(walked(probed.organisation))), set(chain.from_iterable(walked(probed.places)))


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
