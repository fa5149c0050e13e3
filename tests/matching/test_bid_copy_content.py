"""grants' copy of a bid feeds the matcher what a version 2 event carries: cost items, declared programmes,
wards and postcodes, the project's period and the provider's register number."""

from __future__ import annotations

from datetime import date

from services.grants.bid_copies import BidCopy
from services.grants.matching import (
    overlapping_cost_items,
    overlapping_periods,
    overlapping_places,
    same_organisation,
    same_programme,
)


def bid_copy(bid_id: str = "bid-1", csp_id: str = "melton", **content) -> BidCopy:
    """A copy as `bid.draft_saved` v2 leaves it: a Melton ASB officer bid for 2025/26, with overrides."""
    payload = {
        "version": 1,
        "delivery_provider": {"name": "Melton Street Pastors", "type": "charity", "charity_number": "1123456"},
        "places": {"wards": ["E05005321"], "postcodes": ["LE13 0PB"]},
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
        "budget_lines": [
            {"category": "staff", "description": "CCTV maintenance", "amounts": []},
            {"category": "staff", "description": "", "amounts": []},
        ],
        "other_funding": [
            {"funder": "Home Office", "programme": "Safer Streets 5", "amount_pence": 1, "status": "applied"}
        ],
    } | content
    copy = BidCopy(
        bid_id=bid_id,
        round_id="round-1",
        csp_id=csp_id,
        title="Town centre safety",
        summary="Keeping the town centre safe at night",
        amount_requested_pence=1_000_000,
        priorities=[],
        provider_name="Melton Street Pastors",
        status="draft",
    )
    copy.learn_content(payload)
    return copy


def test_a_bid_copy_carries_its_content_to_the_matcher():
    candidate = bid_copy().as_candidate()

    assert candidate.cost_items == ("CCTV maintenance",)
    assert candidate.declared_programmes == ("Safer Streets 5",)
    assert (candidate.starts_on, candidate.ends_on) == (date(2025, 4, 1), date(2026, 3, 31))
    assert candidate.places == {"CSP:melton", "WARD:E05005321", "POSTCODE:LE13 0PB"}
    assert candidate.provider_org_id == "GB-CHC-1123456"


def test_a_bid_declaring_the_programme_a_register_award_came_from_scores_the_programme(make_record):
    record = make_record(programme="Safer Streets Fund Round 5", starts_on=date(2025, 4, 1), ends_on=date(2027, 3, 31))

    programme = same_programme(bid_copy().as_candidate(), record)
    period = overlapping_periods(bid_copy().as_candidate(), record)

    assert programme is not None
    assert programme.text == (
        "Same funder programme: the bid declares 'Safer Streets 5', the other is funded by 'Safer Streets Fund Round 5'"
    )
    assert period is not None and period.signal == "overlapping_periods"


def test_a_bid_in_the_same_ward_and_period_as_a_register_award_scores_both(make_record):
    record = make_record(places={"WARD:E05005321"}, starts_on=date(2025, 10, 1), ends_on=date(2026, 9, 30))

    place = overlapping_places(bid_copy().as_candidate(), record)
    period = overlapping_periods(bid_copy().as_candidate(), record)

    assert place is not None and place.text == "Same place: both name WARD E05005321"
    assert period is not None and "182 days in common" in period.text


def test_a_register_award_to_the_providers_charity_number_is_the_same_organisation(make_record):
    record = make_record(recipient_name="Street Pastors (Melton)", recipient_org_id="GB-CHC-1123456")

    reason = same_organisation(bid_copy().as_candidate(), record)

    assert reason is not None and "GB-CHC-1123456" in reason.text


def test_two_bids_paying_for_the_same_cost_item_score_it():
    other = bid_copy(
        "bid-2", csp_id="charnwood", budget_lines=[{"category": "staff", "description": "CCTV maintenance"}]
    )

    reason = overlapping_cost_items(bid_copy().as_candidate(), other.as_candidate())

    assert reason is not None and reason.text == "Overlapping cost items: 'CCTV maintenance' in both"


def test_a_copy_learnt_from_a_version_1_event_has_no_content_and_still_matches_by_its_text():
    copy = bid_copy()
    copy.learn_content({"bid_id": "bid-1", "delivery_provider": {"name": "Melton Street Pastors"}})

    candidate = copy.as_candidate()

    assert (candidate.cost_items, candidate.declared_programmes, candidate.starts_on) == ((), (), None)
    assert candidate.places == {"CSP:melton"}
