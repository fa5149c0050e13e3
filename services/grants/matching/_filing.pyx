# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Filing a batch of records at once, compiled: what CandidateIndex.add does for each record, for many together.

An import spends nearly all its time here: some 36 words looked up and counted and 50 postings appended for
each register record. Compiled, an import runs at twice the rate of adding one record at a time
(bench/duplicates.py prints both). The rules are add's (text.analyse, profile.facts_of, CandidateIndex.add),
and tests/matching/test_filing.py holds this module to add's result field by field, so change them there first.
The places a text names (named_places.py) are found by a scanner of ASCII text here, which
tests/matching/test_named_places.py holds to the regex there.

Built by `pip install -e .` (setup.py, with Cython); where it is not built, or was built from another version
of this file, add_many adds one record at a time (compiled.py).

Lexicon ids may be given in another order than one add at a time would give them; nothing reads meaning into
their order.
"""

from cpython.array cimport array, clone, resize_smart
from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_GET_ITEM
from cpython.object cimport PyObject
from libc.math cimport sqrt

from .lexicon import STOP
from .places import coverage
from .profile import facts_of, org, programme
from .records import KINDS
from .named_places import CONNECTORS, PLACE, TRIGGERS, named_places, not_place
from .text import TOWN_OF_TERM, _prepared, _replaced, place_terms
from .tokens import (
    OPEN_ENDS, OPEN_STARTS, PHRASE_LENGTHS, PHRASE_SECONDS, PHRASES_JOINED, RECORD_SPACES, needs_pattern, tokens,
)

cdef extern from *:
    const char* SAFERGRANTS_FILING_SOURCE  # sha256 of this file, from setup.py

SOURCE_SHA256 = SAFERGRANTS_FILING_SOURCE.decode()
cdef array _INTS = array("i")
cdef array _OFFSETS = array("q")
cdef tuple _TRIGGERS = tuple(word.encode() for word in TRIGGERS)
cdef tuple _CONNECTORS = tuple(word.encode() for word in CONNECTORS)
cdef int _STOP = STOP
_FACTS_KEPT = 500_000  # inputs -> fact id remembered per store (Store.filed_facts), then forgotten


def file_batch(store, list batch):
    """Files records whose ids the index does not hold; returns the term ids filed, for CandidateIndex._settle."""
    cdef Py_ssize_t size = len(batch), i, first
    cdef array term_ids = clone(_INTS, 0, False), term_at = clone(_OFFSETS, size + 1, True)
    cdef array fact_ids = clone(_INTS, 0, False), fact_at = clone(_OFFSETS, size + 1, True)
    cdef array covers = clone(_INTS, size, False), starts = clone(_INTS, size, False), ends = clone(_INTS, size, False)
    cdef bytearray tfs = bytearray(), kinds = bytearray(size)
    cdef list towns_each, plain = [True] * size
    titles, rests = [str(c.title) for c in batch], [f"{c.description} {c.outcomes}" for c in batch]
    _count_terms(store.term_codes, _tokens_of(titles, rests), term_ids, term_at, tfs)
    _name_places(store.lexicon, titles, rests, term_ids, term_at)
    towns_each = _towns(store.lexicon, term_ids, term_at, size)
    facts, known = store.facts, store.filed_facts
    if len(known[0]) + len(known[1]) + len(known[2]) > _FACTS_KEPT:
        known = store.filed_facts = ({}, {}, {})
    for i in range(size):
        c = batch[i]
        kinds[i] = KINDS.index(c.kind)
        starts.data.as_ints[i] = c.starts_on.toordinal() if c.starts_on else 0
        ends.data.as_ints[i] = c.ends_on.toordinal() if c.ends_on else 0
        plain[i] = _file_facts(facts, known, c, towns_each[i], fact_ids, covers, i)
        fact_at.data.as_longlongs[i + 1] = len(fact_ids)
    records = store.records
    first = len(records.ids)  # nothing below fails on a candidate: the records are filed whole or not at all
    records.extend([c.id for c in batch], kinds, starts, ends, term_ids, tfs, term_at, fact_ids, fact_at, covers)
    _post_all(store, term_ids, term_at, fact_ids, fact_at, covers, plain, first)
    return term_ids


cpdef list tokens_of_each(list batch):
    """The tokens text.analyse counts for each candidate, as (tokens, times counted) in order: the title's twice,
    then the rest's, read in one pass for the whole batch; the whole text's once where that would differ."""
    return _tokens_of([str(c.title) for c in batch], [f"{c.description} {c.outcomes}" for c in batch])


cdef list _tokens_of(list titles, list rests):
    cdef Py_ssize_t i, size = len(titles)
    joined = _replaced("\0".join([text for pair in zip(titles, rests) for text in pair]).lower())
    found = None
    if joined.count("\0") == 2 * size - 1 and not needs_pattern(joined):  # no text holds a NUL or odd characters
        found = joined.encode().translate(RECORD_SPACES).split(b"\0")
    each = []
    for i in range(size):
        if found is not None:
            title, rest = _joined(found[2 * i].split()), _joined(found[2 * i + 1].split())
            if not (_may_run_on(title, title) or _may_run_on(title, rest)):
                each.append(((title, 2), (rest, 1)))
                continue
        # a phrase could run across the parts, or a text takes the regex path: read as one text
        each.append(((tokens(_prepared(f"{titles[i]} {titles[i]} {rests[i]}")), 1),))
    return each


cdef inline bint _may_run_on(list before, list after):
    """tokens.may_run_on: whether a phrase could join the end of one text to the start of the next."""
    return len(before) > 0 and len(after) > 0 and before[len(before) - 1] in OPEN_ENDS and after[0] in OPEN_STARTS


cdef list _joined(list words):
    """tokens._joined: each longest phrase joined into one token, from the left."""
    cdef Py_ssize_t at, done = 0, last = len(words) - 1, length
    cdef PyObject* lengths
    if last < 1:
        return words
    found = None
    for at in range(last):
        lengths = PyDict_GetItem(PHRASE_LENGTHS, words[at])
        if lengths is NULL or at < done or words[at + 1] not in PHRASE_SECONDS[words[at]]:
            continue  # not a phrase's first word, inside a phrase already joined, or not followed as one goes on
        for length in <tuple>lengths:
            if at + length <= last + 1:
                phrase = b" ".join(words[at : at + length])
                if phrase in PHRASES_JOINED:
                    if found is None:
                        found = []
                    found += words[done:at]
                    found.append(phrase)
                    done = at + length
                    break
    if found is None:
        return words
    found += words[done:]
    return found


cdef void _count_terms(codes, list each, array term_ids, array term_at, bytearray tfs) except *:
    """analyse's term counts for each record, appended: its term ids in order, their counts (at most 255, as
    Records keeps them), and where its terms end in term_ids."""
    cdef Py_ssize_t i, j, m, k, at
    cdef array keys = clone(_INTS, 64, False), counts = clone(_INTS, 64, False)
    cdef bint phrases
    for i in range(len(each)):
        m = 0
        for part, times in <tuple>each[i]:
            m = _tally(codes, <list>part, times, keys, counts, m)
        phrases = False
        for j in range(m):
            phrases = phrases or keys.data.as_ints[j] < _STOP
        if phrases:
            m = _expand(codes.several, keys, counts, m)
        at = len(term_ids)
        resize_smart(term_ids, at + m)
        for j in range(m):
            k = keys.data.as_ints[j]
            if k != _STOP:
                term_ids.data.as_ints[at] = k
                tfs.append(min(counts.data.as_ints[j], 255))
                at += 1
        resize_smart(term_ids, at)
        term_at.data.as_longlongs[i + 1] = at


cdef Py_ssize_t _tally(codes, list tokens, int times, array keys, array counts, Py_ssize_t m) except -1:
    """Counts each token's code `times`, in the order codes first come (a dict's order), after the `m` counted."""
    cdef int code
    cdef PyObject* found
    for token in tokens:
        found = PyDict_GetItem(codes, token)
        code = <object>found if found is not NULL else codes[token]  # TermCodes numbers a new token
        m = _count(keys, counts, m, code, times)
    return m


cdef Py_ssize_t _expand(list several, array keys, array counts, Py_ssize_t m) except -1:
    """analyse's rule for a phrase of several terms: counted in place, then added to each of its terms' counts
    (after the record's other terms if new), in the order the phrases came. A removed count is marked STOP."""
    cdef Py_ssize_t j, phrases = m
    cdef int code, tf
    for j in range(phrases):
        code = keys.data.as_ints[j]
        if code >= _STOP:
            continue
        tf = counts.data.as_ints[j]
        keys.data.as_ints[j] = _STOP
        for term in <tuple>several[-2 - code]:
            m = _count(keys, counts, m, term, tf)
    return m


cdef inline Py_ssize_t _count(array keys, array counts, Py_ssize_t m, int code, int times) except -1:
    """Adds `times` to the code's count among the first `m`, or counts it after them; returns how many there are."""
    cdef Py_ssize_t j
    for j in range(m):
        if keys.data.as_ints[j] == code:
            counts.data.as_ints[j] += times
            return m
    if m == len(keys):
        resize_smart(keys, 2 * m)
        resize_smart(counts, 2 * m)
    keys.data.as_ints[m] = code
    counts.data.as_ints[m] = times
    return m + 1


cdef void _name_places(lexicon, list titles, list rests, array term_ids, array term_at) except *:
    """analyse's place terms: each term a record's text names as a place (text.places_named) becomes its place
    term ("ketton" -> "@ketton"), where it stands among the record's terms."""
    cdef Py_ssize_t i, j
    cdef int term, place
    for i in range(len(titles)):
        named = places_named_in(titles[i], rests[i])
        if not named:
            continue
        for name in place_terms(named):
            found = lexicon.get(name)
            if found is None:
                continue  # named, but not among the record's terms (a stop word, say)
            term, place = found, -1
            for j in range(term_at.data.as_longlongs[i], term_at.data.as_longlongs[i + 1]):
                if term_ids.data.as_ints[j] == term:
                    if place < 0:
                        place = lexicon[PLACE + name]
                    term_ids.data.as_ints[j] = place


cpdef list places_named_in(str title, str rest):
    """named_places.named_places, scanning ASCII text in C (the regex took a quarter of an import's time)."""
    if not (title.isascii() and rest.isascii()):
        return named_places(title, rest)
    cdef list words = _runs((" " + title).encode())
    if words and _title_cased(title.encode(), words):
        words = []
    return words + _runs((" " + rest).encode())


cdef list _runs(bytes text):
    """The words of each run (named_places.RUN) in the text, as named_places._words keeps them; none if a run's
    trigger word is capitalised other than at a sentence's start (named_places._in_text)."""
    cdef const unsigned char* at = text
    cdef Py_ssize_t n = len(text), p = 0, q, e, length
    cdef list found = [], run
    while p < n:
        if at[p] != 32:
            p += 1
            continue
        length = _trigger(at, n, p + 1)
        if length == 0:
            p += 1
            continue
        q = p + 2 + length
        if not _capitalised(at, n, q):
            if q + 3 < n and at[q] == 116 and at[q + 1] == 104 and at[q + 2] == 101 and at[q + 3] == 32 \
                    and _capitalised(at, n, q + 4):  # "the "
                q += 4
            else:
                p += 1
                continue
        if 65 <= at[p + 1] <= 90 and not _sentence_start(at, p):
            return []  # "Staff In Ketton": Title Case
        run, e = [], q
        while True:  # a capitalised word, then maybe a gap, connectors and another
            e = q + 1
            while e < n and 97 <= at[e] <= 122:
                e += 1
            run.append(text[q:e].decode().lower())
            q = _after_gap(at, n, e)
            length = _connector(at, n, q) if q > e else 0
            while length > 0:
                q = _after_gap(at, n, q + length)
                length = _connector(at, n, q)
            if q == e or not _capitalised(at, n, q):
                break
        for word in run:  # up to the first word that is not a place
            if not_place(word):
                break
            found.append(word)
        p = e
    return found


cdef bint _sentence_start(const unsigned char* at, Py_ssize_t p):
    """named_places.sentence_start."""
    p -= 1
    while p >= 0 and _space(at[p]):
        p -= 1
    return p < 0 or at[p] in b".!?:;"


cdef inline bint _capitalised(const unsigned char* at, Py_ssize_t n, Py_ssize_t q):
    """[A-Z][a-z] at q."""
    return q + 1 < n and 65 <= at[q] <= 90 and 97 <= at[q + 1] <= 122


cdef inline bint _space(unsigned char c):
    """named_places.SPACES."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef Py_ssize_t _after_gap(const unsigned char* at, Py_ssize_t n, Py_ssize_t q):
    """Where a gap (spaces, or one hyphen) from q ends; q where there is none there. A gap at a connector's end
    that is not followed as a run goes on leaves the run where it was, as the regex backtracks."""
    if q < n and at[q] == 45:
        return q + 1
    while q < n and _space(at[q]):
        q += 1
    return q


cdef Py_ssize_t _trigger(const unsigned char* at, Py_ssize_t n, Py_ssize_t q):
    """The length of the trigger word (named_places.TRIGGERS, first letter in either case) at q, followed by a
    space; 0 if none."""
    cdef bytes word
    cdef const unsigned char* w
    cdef Py_ssize_t length, k
    for word in _TRIGGERS:
        w, length = word, len(word)
        if q + length >= n or at[q + length] != 32 or (at[q] != w[0] and at[q] != w[0] - 32):
            continue
        for k in range(1, length):
            if at[q + k] != w[k]:
                break
        else:
            return length
    return 0


cdef Py_ssize_t _connector(const unsigned char* at, Py_ssize_t n, Py_ssize_t q):
    """The length of the connector word (named_places.CONNECTORS) at q, followed by a gap; 0 if none."""
    cdef bytes word
    cdef const unsigned char* w
    cdef Py_ssize_t length, k
    for word in _CONNECTORS:
        w, length = word, len(word)
        if q + length >= n or not (at[q + length] == 45 or _space(at[q + length])):
            continue
        for k in range(length):
            if at[q + k] != w[k]:
                break
        else:
            return length
    return 0


cdef bint _title_cased(bytes title, list placed):
    """named_places.title_cased, for ASCII."""
    cdef const unsigned char* at = title
    cdef Py_ssize_t n = len(title), i = 0, capitals = 0, lower = 0
    while i < n:
        if (i == 0 or not _word(at[i - 1])) and i + 3 < n and 97 <= at[i + 1] <= 122 and 97 <= at[i + 2] <= 122 \
                and 97 <= at[i + 3] <= 122:
            if 65 <= at[i] <= 90:
                capitals += 1
            elif 97 <= at[i] <= 122:
                lower += 1
        i += 1
    capitals -= sum([len(word) > 3 for word in placed])
    capitals -= n > 3 and 65 <= at[0] <= 90 and 97 <= at[1] <= 122 and 97 <= at[2] <= 122 and 97 <= at[3] <= 122
    return capitals > 0 and capitals * 3 > (capitals + lower) * 2


cdef inline bint _word(unsigned char c):
    """A word character for the regex's \\b, in ASCII."""
    return 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c == 95


cdef list _towns(lexicon, array term_ids, array term_at, Py_ssize_t size):
    """The LLR towns each record's text names (analyse's second answer)."""
    cdef array town_ids = array("i", sorted(t for term in TOWN_OF_TERM if (t := lexicon.get(term)) is not None))
    cdef Py_ssize_t i, j, low, high, middle, towns = len(town_ids)
    cdef int term
    named = [frozenset()] * size
    if not towns:
        return named
    town_of = {t: TOWN_OF_TERM[lexicon.items[t]] for t in town_ids}
    for i in range(size):
        found = None
        for j in range(term_at.data.as_longlongs[i], term_at.data.as_longlongs[i + 1]):
            term, low, high = term_ids.data.as_ints[j], 0, towns
            while low < high:  # a binary search of the few town terms
                middle = (low + high) // 2
                if town_ids.data.as_ints[middle] < term:
                    low = middle + 1
                else:
                    high = middle
            if low < towns and town_ids.data.as_ints[low] == term:
                if found is None:
                    found = set()
                found.add(town_of[term])
        if found is not None:
            named[i] = frozenset(found)
    return named


cdef bint _file_facts(facts, tuple known, c, towns, array fact_ids, array covers, Py_ssize_t i) except -1:
    """Appends the record's fact ids (facts_of's) and keeps its coverage's; returns whether it is plain: its
    facts are its recipient, coverage and programme alone, as for most of the register (their keys then never
    coincide). Fact ids are remembered by the fields they come from (Store.filed_facts): a register repeats its
    recipients, programmes and places."""
    cdef dict recipients = known[0], programmes = known[1], coverages = known[2]
    csp, name, org_id, paid_by, places = c.csp_id, c.recipient_name, c.recipient_org_id, c.programme, c.places
    plain = not (c.provider_name or c.provider_org_id or c.declared_programmes or c.cost_items)
    recipient = _fact_id(recipients, (name, org_id, csp), facts, org, ("recipient", name, org_id, csp))
    paid = _fact_id(programmes, paid_by, facts, programme, (paid_by, False))
    places = frozenset(places)
    cover = _fact_id(coverages, (places, csp, towns), facts, coverage, (places, csp, towns))
    covers.data.as_ints[i] = cover
    if plain and recipient >= 0 and paid >= 0:
        _push(fact_ids, recipient)
        _push(fact_ids, cover)
        _push(fact_ids, paid)
        return True
    for fact in facts_of(c, towns):
        _push(fact_ids, facts[fact])
    return False


cdef int _fact_id(dict known, key, facts, make, tuple args) except -2:
    """The fact `make(*args)` makes, as a fact id, remembered under `key`; -1 where it makes none (no name)."""
    cdef PyObject* found = PyDict_GetItem(known, key)
    if found is not NULL:
        return <object>found
    fact = make(*args)
    known[key] = fact_id = -1 if fact is None else facts[fact]
    return fact_id


cdef void _post_all(store, array term_ids, array term_at, array fact_ids, array fact_at, array covers, list plain,
                    Py_ssize_t first) except *:
    """Appends each record's slot to the postings of its terms, its facts' keys and its district|term keys for
    the terms localised so far (Store.local_keys). Records go in order of slot, so each posting list stays in
    order."""
    lexicon = store.lexicon
    cdef list postings = lexicon.postings, keys_of = store.facts.keys
    cdef tuple tables
    cdef bytearray localised = lexicon.localised
    cdef Py_ssize_t i, j, size = len(covers)
    cdef int slot, term
    for i in range(size):
        slot = first + i
        for j in range(term_at.data.as_longlongs[i], term_at.data.as_longlongs[i + 1]):
            _append(postings, term_ids.data.as_ints[j], slot)
        if plain[i]:
            for j in range(fact_at.data.as_longlongs[i], fact_at.data.as_longlongs[i + 1]):
                for key in <tuple>keys_of[fact_ids.data.as_ints[j]]:
                    _append(postings, key, slot)
        else:
            facts = fact_ids[fact_at.data.as_longlongs[i] : fact_at.data.as_longlongs[i + 1]]
            for key in set().union(*[keys_of[fact] for fact in facts]):
                _append(postings, key, slot)
        tables = _districts(store, covers.data.as_ints[i])
        if not tables:
            continue
        for j in range(term_at.data.as_longlongs[i], term_at.data.as_longlongs[i + 1]):
            term = term_ids.data.as_ints[j]
            if localised[term]:
                for district in tables:
                    _append(postings, _district_key(district, term), slot)


cdef inline tuple _districts(store, int cover):
    """Store.districts, read from its cache where it holds the coverage already."""
    cdef PyObject* found = PyDict_GetItem(store._covers, cover)
    return <tuple>found if found is not NULL else store.districts(cover)


cdef inline int _district_key(district, int term) except -1:
    """DistrictKeys' id for the term, read from its `ids` where numbered already."""
    cdef array ids = district.ids
    if term < len(ids) and ids.data.as_ints[term] >= 0:
        return ids.data.as_ints[term]
    return district[term]  # numbers a new key, and grows the lexicon's postings


cdef inline int _push(array ints, int value) except -1:
    cdef Py_ssize_t n = len(ints)
    resize_smart(ints, n + 1)
    ints.data.as_ints[n] = value
    return 0


cdef inline int _append(list postings, Py_ssize_t item, int slot) except -1:
    return _push(<array>PyList_GET_ITEM(postings, item), slot)


def refresh_norms(records, list idf, list tf_weight):
    """Store.refresh_norms: every record's norm, as Store.norm computes it (its terms' squared weights summed in
    order, then the square root), for a million records in a loop over ints."""
    cdef array term_at = records.term_at, term_ids = records.term_ids, norms = records.norms
    cdef const unsigned char[:] tfs = records.tfs
    cdef array weights = array("d", idf), tf_weights = array("d", tf_weight)
    cdef Py_ssize_t slot, j
    cdef double total, weight
    for slot in range(len(norms)):
        total = 0.0
        for j in range(term_at.data.as_longlongs[slot], term_at.data.as_longlongs[slot + 1]):
            weight = tf_weights.data.as_doubles[tfs[j]] * weights.data.as_doubles[term_ids.data.as_ints[j]]
            total += weight * weight
        norms.data.as_floats[slot] = sqrt(total)


def localise(store, int term):
    """CandidateIndex._localise: a term has become common, so the live records filed under it so far are filed
    under its district keys too, in order of slot."""
    cdef list postings = store.lexicon.postings
    cdef array slots = postings[term], coverages = store.records.coverages
    cdef const unsigned char[:] alive = store.records.alive
    cdef Py_ssize_t n
    cdef int slot, cover, last = -2
    cdef tuple tables = ()
    store.lexicon.localised[term] = 1
    for n in range(len(slots)):
        slot = slots.data.as_ints[n]
        if not alive[slot]:
            continue
        cover = coverages.data.as_ints[slot]
        if cover != last:
            tables, last = _districts(store, cover), cover
        for district in tables:
            _append(postings, _district_key(district, term), slot)
