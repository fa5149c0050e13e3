from itertools import islice

import pytest

from services.grants.matching import LIKELY_DUPLICATE, CandidateIndex
from tests.matching.synthetic import SyntheticRegister

WARD = "WARD:E05010459"


@pytest.fixture(scope="module")
def register() -> tuple[SyntheticRegister, CandidateIndex]:
    """3,000 synthetic records, a third in LLR so that checks have plenty of near neighbours. The cap and the
    shortlist are scaled down with the register (the defaults suit ~10k records and more)."""
    synthetic = SyntheticRegister(seed=11, national_districts=40, llr_share=0.3)
    return synthetic, CandidateIndex.build(synthetic.records(3_000), block_cap=400, shortlist=60)


def sample_bids(synthetic: SyntheticRegister) -> list:
    bids = [synthetic.bid_like(spec, f"bid-like-{n}") for n, (spec, _) in enumerate(synthetic.specs[::40][:12])]
    return bids + [synthetic.fresh_bid(f"bid-new-{n}") for n in range(12)]


def test_a_check_finds_the_same_top_findings_as_a_full_scan(register):
    synthetic, index = register

    for bid in sample_bids(synthetic):
        checked = [(f.candidate_id, f.score) for f in index.check(bid, limit=5)]
        scanned = [(f.candidate_id, f.score) for f in index.full_scan(bid, limit=5)]
        assert checked == scanned, bid.id


def test_with_a_tight_cap_a_check_still_finds_every_likely_duplicate_a_full_scan_finds(register):
    """The trade-off made plain: a key held by more records than the cap (a merged CSP's, say) is not looked
    up, so a "check" neighbour reachable only through it may drop out. Likely duplicates share more."""
    synthetic, _ = register
    tight = CandidateIndex.build(SyntheticRegister(seed=11, national_districts=40, llr_share=0.3).records(3_000),
                                 block_cap=100, shortlist=30)  # fmt: skip

    for bid in sample_bids(synthetic):
        likely = [f for f in tight.full_scan(bid, limit=10) if f.band == LIKELY_DUPLICATE]
        assert [f for f in tight.check(bid, limit=10) if f.band == LIKELY_DUPLICATE] == likely, bid.id


def test_a_check_finds_the_record_a_bid_rewords(register):
    synthetic, index = register
    spec, record_id = synthetic.specs[7]

    findings = index.check(synthetic.bid_like(spec, "bid-reworded"))

    assert record_id in [f.candidate_id for f in findings]


def test_a_check_scores_only_the_shortlist_not_the_register(register, monkeypatch):
    synthetic, index = register
    scored = []
    monkeypatch.setattr("services.grants.matching.index.assess", lambda *a: scored.append(a) or _unrelated())

    index.check(synthetic.fresh_bid("bid-counted"))

    assert 0 < len(scored) <= index.shortlist < len(index)


def _unrelated():
    from services.grants.matching.scorer import Assessment

    return Assessment("x", "register", 0.0, "unrelated", 0.0, ())


def test_added_records_are_found_and_removed_records_are_not(make_bid, make_record):
    index = CandidateIndex.build([make_record(id="reg-1"), make_record(id="reg-2", title="Speed watch kit")])
    bid = make_bid(title="Street Pastors patrols in Melton Mowbray", provider_name="Melton Street Pastors")

    assert [f.candidate_id for f in index.check(bid)] == ["reg-1"]
    assert index.remove("reg-1") and "reg-1" not in index and len(index) == 1
    assert index.check(bid) == []
    assert not index.remove("reg-1")


def test_adding_a_record_again_replaces_it(make_bid, make_record):
    index = CandidateIndex.build([make_record(id="reg-1")])
    bid = make_bid(title="Street Pastors patrols in Melton Mowbray", provider_name="Melton Street Pastors")

    index.add(make_record(id="reg-1", title="Speed watch kit", description="Speed guns.", recipient_name="Other"))

    assert len(index) == 1 and index.check(bid) == []


def test_a_bid_in_the_index_is_not_its_own_finding(make_bid):
    bid = make_bid(title="Street Pastors patrols")
    index = CandidateIndex.build([bid])

    assert index.check(bid) == [] and index.full_scan(bid) == []


def test_many_removals_keep_checks_right(make_bid, make_record):
    index = CandidateIndex()
    for n in range(1_500):
        index.add(make_record(id=f"reg-{n}", title=f"Speed watch kit {n}", places=frozenset({f"WARD:W{n}"})))
    index.add(make_record(id="keep"))
    for n in range(1_400):
        index.remove(f"reg-{n}")
    bid = make_bid(title="Street Pastors patrols in Melton Mowbray", provider_name="Melton Street Pastors")

    assert [f.candidate_id for f in index.check(bid)] == ["keep"] and len(index) == 101


def test_a_term_too_common_to_block_on_still_counts_in_the_score(make_bid, make_record):
    elsewhere = [
        make_record(
            id=f"far-{n}",
            title="Taxi marshals",
            description="",
            recipient_name=f"Marshals {n}",
            places=frozenset({f"LAD:E0790{n:04d}"}),
        )  # fmt: skip
        for n in range(30)
    ]
    near = make_record(id="near", title="Taxi marshals", description="", recipient_name="Melton Marshals",
                       places=frozenset({"LAD:E07000133", WARD}))  # fmt: skip
    index = CandidateIndex.build([*elsewhere, near], block_cap=10)
    bid = make_bid(title="Taxi marshals", description="", places=frozenset({"CSP:melton", WARD}))

    checked = index.check(bid, include_unrelated=True)
    scanned = index.full_scan(bid, limit=40, include_unrelated=True)

    assert [f.candidate_id for f in checked] == ["near"]  # found through its ward, not through "marshals"
    assert checked[0] == scanned[0] and len(scanned) == 31
    assert any(r.signal == "similar_activity" for r in checked[0].reasons)


def test_a_duplicate_sharing_only_words_common_in_its_district_is_found(make_bid, make_record):
    """In a large register a district's "outreach" or "treatment" is held by more records than the cap, so a
    duplicate elsewhere in the district that shares nothing rarer with the bid is found by walking those words'
    district postings from the rarest, within a budget, and keeping the records that share the most."""
    words = ["Outreach to street drinkers", "Referral to treatment", "Recovery cafe", "Adult drug services"]
    district = [
        make_record(
            id=f"melton-{n}",
            title=f"{words[n % 4]} {n}",
            description="",
            recipient_name=f"Group {n}",
            places=frozenset({"LAD:E07000133", f"WARD:E0500{n:04d}"}),
        )
        for n in range(48)
    ]
    elsewhere = [
        make_record(
            id=f"far-{n}",
            title=words[n % 4],
            description="",
            recipient_name=f"Far {n}",
            places=frozenset({f"LAD:E0790{n:04d}"}),
        )
        for n in range(40)
    ]
    duplicate = make_record(
        id="duplicate", title="Outreach to street drinkers, referral to treatment, recovery cafe, adult drug services",
        description="", recipient_name="Asfordby Recovery", places=frozenset({"LAD:E07000133", "WARD:E05009999"}),
    )  # fmt: skip
    index = CandidateIndex.build([*district, duplicate, *elsewhere], block_cap=10, shortlist=5)
    bid = make_bid(title="Street drinkers outreach and referral to treatment", description="Recovery cafe and adult "
                   "drug services", places=frozenset({"CSP:melton", "LAD:E07000133", "WARD:E05001111"}))  # fmt: skip
    lexicon = index._store.lexicon
    assert lexicon.df[lexicon["E07000133|outreach"]] > 10  # too common to block on, even within the district

    assert index.check(bid)[0] == index.full_scan(bid)[0]
    assert index.check(bid)[0].candidate_id == "duplicate"


def test_records_of_the_bids_own_organisation_do_not_crowd_out_a_similar_activity(make_bid, make_record):
    """A shared organisation strengthens the place, as in the scorer; it is not evidence of the same activity, so
    the organisation's other work must not take the shortlist's places from a record that words the bid's."""
    ours = [
        make_record(
            id=f"ours-{n}",
            title=f"Boxing club sessions {n}",
            description="",
            recipient_name="Melton Youth",
            recipient_org_id="GB-CHC-1",
            places=frozenset({"LAD:E07000133", f"WARD:E0500{n:04d}"}),
        )
        for n in range(6)
    ]
    similar = make_record(id="similar", title="Street marshals", recipient_name="Melton Marshals",
                          description="Volunteers patrol the town centre and help people home safely",
                          places=frozenset({"LAD:E07000133"}))  # fmt: skip
    index = CandidateIndex.build([*ours, similar], shortlist=3)
    bid = make_bid(title="Taxi marshals on weekend nights", description="Marshals keep order at the bus station, "
                   "where late-night queues gather after the pubs close", recipient_name="Melton Youth",
                   recipient_org_id="GB-CHC-1")  # fmt: skip

    scanned = index.full_scan(bid)
    assert [(f.candidate_id, f.band) for f in scanned] == [("similar", "check")]
    assert index.check(bid) == scanned


def test_a_check_returns_at_most_the_limit_best_first(register):
    synthetic, index = register
    findings = index.check(synthetic.bid_like(*list(islice(synthetic.specs, 3, 4))[0][:1], "bid-limit"), limit=3)

    assert len(findings) <= 3
    assert [f.score for f in findings] == sorted((f.score for f in findings), reverse=True)
