"""A check reads the records it finds through the compiled cosines (_reading.pyx): they must be Store.dot's."""

import pytest

from services.grants.matching import CandidateIndex, compiled
from tests.matching.evaluation import PAIRS
from tests.matching.synthetic import SyntheticRegister


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    synthetic = SyntheticRegister(seed=13, national_districts=40, llr_share=0.4)
    index = CandidateIndex.build(synthetic.records(2_000), block_cap=200)
    for candidate in (pair.other for pair in PAIRS[:20]):
        index.add(candidate)  # norms not yet computed: the read computes them first
    return index


def test_the_compiled_reading_is_built_from_its_current_source():
    assert compiled.READING is not None, "make (pip install -e .) builds services/grants/matching/_reading.pyx"


def test_compiled_cosines_are_each_records_dot_over_its_norm(index, monkeypatch):
    store = index._store
    slots = list(store.records.live_slots())
    for bid in [pair.bid for pair in PAIRS[::6]]:
        query, idf = index.profile(bid), store.lazy_weights()
        by_id = {item: w for term, w in query.terms.items() if (item := store.lexicon.get(term)) is not None}

        found = store.cosines(slots, by_id, idf)
        monkeypatch.setattr(compiled, "READING", None)
        read = store.cosines(slots, by_id, idf)
        monkeypatch.undo()

        assert found == read and any(found)
        assert found == [store.dot(s, by_id, idf) / (store.records.norms[s] or 1.0) for s in slots]


def test_without_the_compiled_reading_a_check_finds_the_same(index, monkeypatch):
    bids = [pair.bid for pair in PAIRS[::4]]
    found = [index.check(bid, include_unrelated=True) for bid in bids]
    monkeypatch.setattr(compiled, "READING", None)

    assert [index.check(bid, include_unrelated=True) for bid in bids] == found
