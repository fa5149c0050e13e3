"""Filing a batch of records at once: what CandidateIndex.add does for each record, done for many together.

Each step runs over the whole batch in C (one translate and split of its text, map, chain, Counter's counting
loop), and Python loops only over the unusual: a phrase of several terms, a town named, a record in two or three
districts, a bid's provider, declared programmes or cost items. Facts are looked up by the fields they come from.
What remains is the index's own work: each word looked up and counted, each posting appended (on the synthetic
register some 36 words and 32 postings a record).

Lexicon ids may be given in another order than one add at a time would give them; nothing reads meaning into
their order.
"""

from __future__ import annotations

from array import array
from collections import _count_elements, defaultdict, deque  # Counter's C loop, without its __init__
from collections.abc import Iterable
from itertools import accumulate, chain, compress, count, repeat
from operator import add, attrgetter, getitem, is_not, not_

from .candidates import Candidate
from .lexicon import STOP, Lexicon, TermCodes
from .places import coverage
from .profile import facts_of, org, programme
from .records import KINDS
from .store import Store
from .text import TOWN_OF_TERM, tokens_of_each

_TEXT = attrgetter("id", "kind", "title", "description", "outcomes", "starts_on", "ends_on")
_FACT_FIELDS = attrgetter("recipient_name", "recipient_org_id", "csp_id", "places", "programme")
_NOT_PLAIN = attrgetter("provider_name", "provider_org_id", "declared_programmes", "cost_items")


def file_batch(store: Store, batch: list[Candidate]) -> list[int]:
    """Files records whose ids the index does not hold; returns the term ids filed, for CandidateIndex._settle."""
    ids, kinds, titles, descriptions, outcomes, starts, ends = zip(*map(_TEXT, batch), strict=True)
    term_ids, tfs, sizes = _counted(store.term_codes, tokens_of_each(titles, descriptions, outcomes))
    at = list(chain.from_iterable(map(repeat, count(), sizes)))  # each term's record's place in the batch
    facts, covers, plain = _facts(store, batch, _towns(store.lexicon, term_ids, at, len(batch)))
    kinds, starts, ends = list(map(KINDS.index, kinds)), list(map(_ordinal, starts)), list(map(_ordinal, ends))
    first = len(store.records.ids)  # nothing below fails on a candidate: the records are filed whole or not at all
    store.records.extend(ids, kinds, starts, ends, term_ids, tfs, accumulate(sizes, initial=0), facts, covers)
    slots = list(map(add, at, repeat(first)))  # each term's record's slot
    _post(store, term_ids, slots)
    _post(store, *_keyed(store, facts, plain, first))
    _post(store, *_local_keys(store, term_ids, slots, covers, at))
    return term_ids


def _counted(codes: TermCodes, tokens_each: list) -> tuple[list[int], list[int], list[int]]:
    """analyse's term counts for each record: its term ids in order, their counts, and how many it has."""
    counts: list[dict[int, int]] = [{} for _ in tokens_each]
    deque(map(_count_elements, counts, map(map, repeat(codes.__getitem__), tokens_each)), maxlen=0)
    deque(map(dict.pop, counts, repeat(STOP), repeat(None)), maxlen=0)
    if min(chain.from_iterable(counts), default=0) < 0:
        for found in counts:
            if found and min(found) < 0:
                _expand(found, codes.several)
    return list(chain.from_iterable(counts)), list(chain.from_iterable(map(dict.values, counts))), \
        list(map(len, counts))  # fmt: skip


def _expand(counts: dict[int, int], several: list[tuple[int, ...]]) -> None:
    """analyse's rule for a phrase of several terms: counted in place, then added to each of its terms' counts
    (after the record's other terms if new), in the order the phrases came."""
    for phrase in [code for code in counts if code < 0]:
        tf = counts.pop(phrase)
        for term in several[-2 - phrase]:
            counts[term] = counts.get(term, 0) + tf


def _towns(lexicon: Lexicon, term_ids: list[int], at: list[int], size: int) -> list[frozenset[str]]:
    """The LLR towns each record's text names (analyse's second answer)."""
    town_of = {item: town for term, town in TOWN_OF_TERM.items() if (item := lexicon.get(term)) is not None}
    named: dict[int, set[str]] = defaultdict(set)
    for n in compress(count(), map(town_of.__contains__, term_ids)):
        named[at[n]].add(town_of[term_ids[n]])
    towns = [frozenset()] * size
    for place, found in named.items():
        towns[place] = frozenset(found)
    return towns


def _facts(store: Store, batch: list[Candidate], towns: list[frozenset[str]]) -> tuple[list, list[int], list]:
    """Each record's fact ids (facts_of's, through its caches), its coverage's, and whether it is plain: its facts
    are its recipient, coverage and programme alone, as for most of the register."""
    names, org_ids, csps, places, programmes = zip(*map(_FACT_FIELDS, batch), strict=True)
    facts = store.facts
    covers = list(map(facts.__getitem__, map(coverage, map(frozenset, places), csps, towns)))
    recipients = list(map(org, repeat("recipient"), names, org_ids, csps))
    paid_by = list(map(programme, programmes, repeat(False)))
    plain = [not any(fields) for fields in map(_NOT_PLAIN, batch)]
    if all(plain) and None not in recipients and None not in paid_by:
        found = zip(map(facts.__getitem__, recipients), covers, map(facts.__getitem__, paid_by), strict=True)
        return list(found), covers, plain
    each = zip(batch, towns, plain, recipients, paid_by, covers, strict=True)
    found = [
        (facts[recipient], cover, facts[paid])
        if simple and recipient and paid
        else tuple(map(facts.__getitem__, facts_of(c, town)))
        for c, town, simple, recipient, paid, cover in each
    ]
    return found, covers, plain


def _keyed(store: Store, facts: list[tuple[int, ...]], plain: list[bool], first: int) -> tuple[Iterable, Iterable]:
    """The keys each record's facts file it under, and its slot for each (the facts of a plain record, of three
    kinds, share no key)."""
    keys_of = store.facts.keys
    if all(plain):
        found = list(map(tuple, map(chain.from_iterable, map(map, repeat(keys_of.__getitem__), facts))))
    else:
        found = [tuple(set().union(*map(keys_of.__getitem__, ids))) for ids in facts]
    return chain.from_iterable(found), chain.from_iterable(map(repeat, count(first), map(len, found)))


def _local_keys(store: Store, term_ids: list[int], slots: list[int], covers: list[int], at: list[int]) -> tuple:
    """District|term keys for the terms localised so far (Store.local_keys), and the slot filed under each, in
    the order of slots (so each posting list stays in order)."""
    tables = list(map(store.districts, covers))
    only = [found[0] if len(found) == 1 else None for found in tables]  # most records are in one district
    hits = list(compress(count(), map(store.lexicon.localised.__getitem__, term_ids)))
    keys = list(map(only.__getitem__, map(at.__getitem__, hits)))
    one = list(map(is_not, keys, repeat(None)))
    items = list(map(getitem, compress(keys, one), map(term_ids.__getitem__, compress(hits, one))))
    filed = list(map(slots.__getitem__, compress(hits, one)))
    more = len(items)
    for hit in compress(hits, map(not_, one)):  # records in two or three districts (or none)
        for district in tables[at[hit]]:
            items.append(district[term_ids[hit]])
            filed.append(slots[hit])
    if len(items) > more:  # two runs in order of slot: the sort merges them
        order = sorted(range(len(filed)), key=filed.__getitem__)
        return map(items.__getitem__, order), map(filed.__getitem__, order)
    return items, filed


def _post(store: Store, items: Iterable[int], slots: Iterable[int]) -> None:
    """Appends each slot to its item's postings."""
    deque(map(array.append, map(store.lexicon.postings.__getitem__, items), slots), maxlen=0)


def _ordinal(day) -> int:
    return day.toordinal() if day else 0
