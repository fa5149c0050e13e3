from datetime import date

from services.grants.matching import overlapping_periods, overlapping_places
from services.grants.matching.weights import DEFAULT_WEIGHTS

CHARNWOOD = frozenset({"CSP:charnwood", "LAD:E07000130"})


def test_a_csp_and_one_of_its_districts_are_the_same_district(make_bid, make_record):
    reason = overlapping_places(make_bid(places=frozenset({"CSP:melton"})), make_record(places={"LAD:E07000133"}))

    assert reason is not None and reason.signal == "overlapping_places"
    assert reason.text == "Same district: both cover Melton"
    assert reason.weight == DEFAULT_WEIGHTS.same_district


def test_the_same_ward_or_postcode_is_the_same_place(make_bid, make_record):
    ward = overlapping_places(make_bid(places={"WARD:E05005321"}), make_record(places={"WD:e05005321"}))
    postcode = overlapping_places(make_bid(places={"POSTCODE:LE13 0PB"}), make_record(places={"POSTCODE:le130pb"}))

    assert ward is not None and ward.text == "Same place: both name WARD E05005321"
    assert postcode is not None and postcode.weight == DEFAULT_WEIGHTS.same_streets


def test_a_force_wide_record_overlaps_a_district_in_the_force_but_weakly(make_bid, make_record):
    reason = overlapping_places(make_bid(), make_record(places={"PFA:E23000021"}))

    assert reason is not None and reason.weight == DEFAULT_WEIGHTS.force_area < DEFAULT_WEIGHTS.same_district
    assert reason.text == "Overlapping area, weakly: the whole Leicestershire police force area includes Melton"


def test_a_district_outside_the_force_is_a_different_place_from_a_force_wide_record(make_bid, make_record):
    reason = overlapping_places(make_bid(places={"LAD:E07000001"}, csp_id=None), make_record(places={"PFA:E23000021"}))

    assert reason is not None and reason.signal == "different_places"


def test_two_districts_are_different_places(make_bid, make_record):
    reason = overlapping_places(make_bid(places=CHARNWOOD, csp_id="charnwood"), make_record())

    assert reason is not None and reason.signal == "different_places"
    assert reason.text == "Different places: the bid covers Charnwood, the register record Melton"


def test_one_merged_csp_with_two_districts_overlaps_at_csp_level(make_bid):
    hinckley = make_bid(id="h", csp_id="blaby-hinckley-bosworth", places={"LAD:E07000132"})
    blaby = make_bid(id="b", csp_id="blaby-hinckley-bosworth", places={"CSP:blaby-hinckley-bosworth",
                                                                        "LAD:E07000129"})  # fmt: skip

    reason = overlapping_places(hinckley, blaby)

    assert reason is not None and reason.weight == DEFAULT_WEIGHTS.same_csp
    assert "Blaby and Hinckley & Bosworth" in reason.text


def test_two_towns_named_in_one_district_are_told_apart(make_bid, make_record):
    bid = make_bid(title="New CCTV cameras in Shepshed", places=CHARNWOOD, csp_id="charnwood")
    record = make_record(title="Loughborough town centre CCTV", places=CHARNWOOD)

    reason = overlapping_places(bid, record)

    assert reason is not None and reason.weight == DEFAULT_WEIGHTS.other_towns
    assert reason.text == "Same district (Charnwood), other towns: the bid names Shepshed, the register record " \
        "Loughborough"  # fmt: skip


def test_unknown_places_give_no_reason(make_bid, make_record):
    assert overlapping_places(make_bid(places=frozenset(), csp_id=None), make_record()) is None


def test_overlapping_periods_count_the_days_in_common(make_bid, make_record):
    bid = make_bid(starts_on=date(2024, 10, 1), ends_on=date(2025, 9, 30))

    reason = overlapping_periods(bid, make_record())

    assert reason is not None
    assert reason.text == "Overlapping periods: 182 days in common (1 Oct 2024 to 31 Mar 2025)"
    assert reason.weight == DEFAULT_WEIGHTS.overlap


def test_a_few_days_of_overlap_count_for_less(make_bid, make_record):
    reason = overlapping_periods(make_bid(starts_on=date(2025, 3, 1), ends_on=date(2026, 2, 28)), make_record())

    assert reason is not None and reason.weight == DEFAULT_WEIGHTS.brief_overlap


def test_a_successor_year_is_a_separate_period(make_bid, make_record):
    reason = overlapping_periods(make_bid(starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31)), make_record())

    assert reason is not None and reason.signal == "separate_periods"
    assert reason.text == "Separate periods: the register record ends on 31 Mar 2025 and the bid starts the next day"


def test_a_gap_between_periods_says_when_the_later_one_starts(make_bid, make_record):
    reason = overlapping_periods(make_bid(starts_on=date(2025, 5, 1), ends_on=date(2026, 3, 31)), make_record())

    assert reason.text == (
        "Separate periods: the register record ends on 31 Mar 2025 "
        "and the bid starts on 1 May 2025, after a gap of 30 days"
    )


def test_two_open_ended_periods_overlap_from_the_later_start(make_bid, make_record):
    bid = make_bid(starts_on=date(2024, 1, 1), ends_on=None)
    record = make_record(starts_on=date(2021, 4, 1), ends_on=None)

    reason = overlapping_periods(bid, record)

    assert reason is not None and reason.text == "Overlapping periods: both open-ended, together since 1 Jan 2024"


def test_an_open_ended_record_overlaps_any_later_bid(make_bid, make_record):
    bid = make_bid(starts_on=date(2030, 4, 1), ends_on=date(2031, 3, 31))

    reason = overlapping_periods(bid, make_record(ends_on=None))

    assert reason is not None and reason.signal == "overlapping_periods"


def test_a_bid_with_no_dates_gives_no_period_reason(make_bid, make_record):
    assert overlapping_periods(make_bid(starts_on=None, ends_on=None), make_record()) is None
