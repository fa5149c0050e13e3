"""An import files records a batch at a time (CandidateIndex.add_many): the index must be the one `add` builds."""

from dataclasses import fields, replace

import pytest

from services.grants.matching import Candidate, CandidateIndex, compiled
from tests.matching.evaluation import PAIRS
from tests.matching.synthetic import SyntheticRegister


def contents(index: CandidateIndex) -> tuple:
    """Everything the index holds, read by name: a batch may number terms and keys in another order."""
    store = index._store
    lexicon, facts, records = store.lexicon, store.facts, store.records
    rows = []
    for slot in range(len(records.ids)):
        term_ids, tfs = records.terms(slot)
        rows.append((
            records.ids[slot], records.kinds[slot], records.alive[slot], records.span(slot), records.norms[slot],
            [lexicon.items[t] for t in term_ids], list(tfs), [facts.items[f] for f in records.facts(slot)],
            facts.items[records.coverages[slot]],
        ))  # fmt: skip
    postings = {lexicon.items[item]: list(slots) for item, slots in enumerate(lexicon.postings) if slots}
    localised = {lexicon.items[item] for item, flag in enumerate(lexicon.localised) if flag}
    return rows, postings, localised, {lexicon.items[t] for t in index._unsettled}, index._adds


@pytest.fixture(scope="module")
def candidates() -> list[Candidate]:
    """Synthetic records, half in LLR (two-district CSPs, force-wide services), first as a 360Giving file has
    them (no cost items), then as is; every evaluation candidate (providers, declared programmes); and texts
    that leave the fast paths."""
    register = SyntheticRegister(seed=3, national_districts=40, llr_share=0.5)
    world = {c.id: c for pair in PAIRS for c in (pair.bid, pair.other)}
    odd = [
        Candidate(id="odd-accents", kind="register", title="Café patrols", description="Théâtre knife crime"),
        Candidate(id="odd-underscore", kind="register", title="Knife_crime", description="knife crime"),
        Candidate(id="odd-nul", kind="register", title="Knife\0crime", description="young people"),
        Candidate(id="odd-repeats", kind="register", title="", description="patrols " * 300),
        Candidate(id="odd-empty", kind="bid", title="", places=frozenset({"LAD:E07000133", "LAD:E07000129"})),
    ]
    plain = [replace(c, cost_items=(), csp_id=None) for c in register.records(4_000)]
    return [*plain, *world.values(), *odd, *register.records(2_000, start=4_000)]


def test_a_batch_import_builds_the_index_adding_one_by_one_builds(candidates):
    one_by_one, batched = CandidateIndex(block_cap=200), CandidateIndex(block_cap=200)
    for candidate in candidates:
        one_by_one.add(candidate)
    batched.add_many(candidates)
    one_by_one.refresh_norms()
    batched.refresh_norms()

    assert contents(batched) == contents(one_by_one)
    for bid in (pair.bid for pair in PAIRS[::3]):
        assert batched.check(bid) == one_by_one.check(bid)


def test_the_compiled_filing_is_built_from_its_current_source():
    assert compiled.FILING is not None, "make (pip install -e .) builds services/grants/matching/_filing.pyx"


def test_without_the_compiled_filing_an_import_adds_one_by_one_to_the_same_index(candidates, monkeypatch):
    built, plain = CandidateIndex(block_cap=200), CandidateIndex(block_cap=200)
    built.add_many(candidates)
    built.refresh_norms()
    monkeypatch.setattr(compiled, "FILING", None)
    plain.add_many(candidates)
    plain.refresh_norms()

    assert contents(plain) == contents(built)


def test_a_batch_that_replaces_records_replaces_them_as_add_does(candidates):
    reworded = [replace(c, title=f"{c.title} again") for c in candidates[100:2_500:7]]
    one_by_one, batched = CandidateIndex(block_cap=200), CandidateIndex(block_cap=200)
    for candidate in [*candidates[:3_000], *reworded, candidates[0]]:
        one_by_one.add(candidate)
    batched.add_many(candidates[:3_000])
    batched.add_many([*reworded, candidates[0]])

    assert contents(batched) == contents(one_by_one)


def test_refreshed_norms_are_the_norms_each_record_computes_for_itself(candidates):
    index = CandidateIndex.build(candidates[:3_000])
    store, weights = index._store, index._store.all_weights()
    refreshed = list(store.records.norms)

    for slot in range(len(index)):
        store.norm(slot, weights)  # computes the one record's norm, and keeps it

    assert list(store.records.norms) == refreshed


def test_a_candidate_takes_its_fields_as_a_dataclass_would():
    made = Candidate("reg-1", "register", "Street Pastors", programme="PCC Prevention Fund")

    assert list(vars(made)) == [f.name for f in fields(Candidate)]
    assert made == replace(made) and hash(made) == hash(replace(made))
    assert (made.description, made.places, made.cost_items, made.csp_id) == ("", frozenset(), (), None)
    with pytest.raises(TypeError):
        Candidate("reg-1", "register", "Street Pastors", programe="typo")
