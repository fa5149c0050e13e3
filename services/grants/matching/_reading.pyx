# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The one read a check makes of thousands of records, compiled: how much of the bid's wording each one shares.

A check finds the records that share a rare enough term or key with the bid (shortlist.py), a few thousand in a
large register, and ranks them by their text's cosine with the bid before it scores the best in full. Read in
Python, that ranking cost more than the scoring; here it is a loop over ints. The rule is Store.dot's, and
tests/matching/test_reading.py holds this module to it.

Built by `pip install -e .` (setup.py, with Cython), as _filing.pyx is; where it is not built, or was built from
another version of this file, checks read each record with Store.dot instead (compiled.py).
"""

from cpython.array cimport array, clone

cdef extern from *:
    const char* SAFERGRANTS_READING_SOURCE  # sha256 of this file, from setup.py

SOURCE_SHA256 = SAFERGRANTS_READING_SOURCE.decode()
cdef array _INTS = array("i")
cdef array _DOUBLES = array("d")


def cosines(records, list slots, array query_ids, array query_weights, array idfs, array tf_weights):
    """For each slot, Store.dot with the bid (its terms `query_ids`, weighted `query_weights`, whose idfs are
    `idfs`) over the record's norm (1 where it has none): summed in the record's term order, as Store.dot sums."""
    cdef array term_at = records.term_at, term_ids = records.term_ids, norms = records.norms
    cdef const unsigned char[:] tfs = records.tfs
    cdef Py_ssize_t n = len(query_ids), size = 16, mask, h, i, j, k, at
    cdef int term, slot
    cdef double total, norm
    while size < 4 * n:
        size *= 2
    mask = size - 1
    cdef array table = clone(_INTS, size, False)  # open addressing: term id -> its place in query_ids, or -1
    for h in range(size):
        table.data.as_ints[h] = -1
    for j in range(n):
        h = _hash(query_ids.data.as_ints[j]) & mask
        while table.data.as_ints[h] >= 0:
            h = (h + 1) & mask
        table.data.as_ints[h] = j
    cdef array found = clone(_DOUBLES, len(slots), False)
    for i in range(len(slots)):
        slot, total = slots[i], 0.0
        for k in range(term_at.data.as_longlongs[slot], term_at.data.as_longlongs[slot + 1]):
            term = term_ids.data.as_ints[k]
            h = _hash(term) & mask
            while True:
                at = table.data.as_ints[h]
                if at < 0:
                    break
                if query_ids.data.as_ints[at] == term:
                    total += query_weights.data.as_doubles[at] * tf_weights.data.as_doubles[tfs[k]] \
                        * idfs.data.as_doubles[at]
                    break
                h = (h + 1) & mask
        norm = norms.data.as_floats[slot]
        found.data.as_doubles[i] = total / (norm if norm else 1.0)
    return found


cdef inline Py_ssize_t _hash(int term):
    return <Py_ssize_t>((<unsigned int>term) * 2654435761u >> 8)
