from datetime import date

from services.grants.matching import (
    CHECK,
    LIKELY_DUPLICATE,
    UNRELATED,
    Finding,
    MatchingThresholds,
    ranked,
    score,
)

CHARNWOOD = frozenset({"CSP:charnwood", "LAD:E07000130"})


def pastors_bid(make_bid, **overrides):
    fields = {
        "title": "Town centre night-time patrols",
        "description": "Street Pastors patrol Melton Mowbray town centre on Friday and Saturday nights.",
        "provider_name": "Melton Street Pastors",
    }
    return make_bid(**(fields | overrides))


def test_the_same_activity_provider_place_and_period_is_a_likely_duplicate(make_bid, make_record):
    finding = score(pastors_bid(make_bid), make_record())

    assert finding.band == LIKELY_DUPLICATE and 0.0 <= finding.score <= 1.0
    assert {r.signal for r in finding.reasons} >= {"similar_activity", "same_organisation", "overlapping_places"}
    assert finding.candidate_id == "reg-1" and finding.kind == "register"


def test_a_shared_organisation_with_unrelated_activity_is_not_a_likely_duplicate(make_bid, make_record):
    bid = make_bid(title="School lunchtime volunteers", description="Anti-bullying.", provider_name="Melton "
                   "Street Pastors")  # fmt: skip

    finding = score(bid, make_record())

    assert finding.band != LIKELY_DUPLICATE
    assert any(r.signal == "same_organisation" for r in finding.reasons)


def test_the_same_activity_in_another_district_is_unrelated(make_bid, make_record):
    bid = pastors_bid(make_bid, description="Street Pastors patrol Loughborough on Friday and Saturday nights.",
                      provider_name="Loughborough Street Pastors", csp_id="charnwood", places=CHARNWOOD)  # fmt: skip

    finding = score(bid, make_record())

    assert finding.band == UNRELATED
    assert any(r.signal == "different_places" for r in finding.reasons)


def test_the_same_activity_in_the_next_year_is_worth_a_check_not_a_duplicate(make_bid, make_record):
    bid = pastors_bid(make_bid, starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31))

    assert score(bid, make_record()).band == CHECK


def test_a_declared_programme_with_little_shared_wording_reaches_check_at_most(make_bid, make_record):
    bid = make_bid(title="Town centre coordination", description="", declared_programmes=("PCC Prevention Fund",))

    finding = score(bid, make_record())

    assert finding.band == CHECK
    assert any(r.signal == "same_programme" for r in finding.reasons)


def test_thresholds_decide_the_bands(make_bid, make_record):
    bid = pastors_bid(make_bid)
    strict = MatchingThresholds(likely_duplicate=0.999, check=0.99)

    assert score(bid, make_record(), strict).band in (CHECK, UNRELATED)
    assert MatchingThresholds().band(0.55) == LIKELY_DUPLICATE
    assert MatchingThresholds().band(0.3) == CHECK
    assert MatchingThresholds().band(0.29) == UNRELATED


def test_findings_rank_by_score_then_similarity_then_id():
    def finding(id: str, score: float, similarity: float) -> Finding:
        return Finding(id, "register", score, CHECK, (), similarity)

    found = ranked([finding("c", 0.5, 0.2), finding("b", 0.9, 0.1), finding("a", 0.5, 0.2), finding("d", 0.5, 0.6)])

    assert [f.candidate_id for f in found] == ["b", "d", "a", "c"]
