from services.grants.matching import (
    overlapping_cost_items,
    same_organisation,
    same_programme,
    similar_activity,
)


def test_reworded_activity_is_similar_and_the_reason_names_the_shared_terms(make_bid, make_record):
    bid = make_bid(title="ASB project officer, Melton town centre", description="")
    record = make_record(title="Melton Mowbray anti-social behaviour project officer post", description="")

    reason = similar_activity(bid, record)

    assert reason is not None and reason.weight >= 0.9
    assert "'anti-social behaviour'" in reason.text and "'project officer'" in reason.text


def test_how_similar_the_activity_is_is_said_in_words_not_as_a_figure(make_bid, make_record):
    record = make_record(
        title="Street Pastors in Melton town centre",
        description="Volunteers patrol the town centre on Friday and Saturday nights, helping vulnerable people.",
    )
    reasons = [
        similar_activity(make_bid(title=title, description=""), record)
        for title in (
            "Night patrols by volunteers in Oakham",
            "Volunteers at the Friday youth club in Oakham",
            "Youth club on Friday nights in Oakham",
        )
    ]

    assert [reason.text.partition(":")[0] for reason in reasons] == [
        "Similar activity",
        "Partly similar activity",
        "A few words in common",
    ]
    assert not any(character.isdigit() for reason in reasons for character in reason.text)
    assert reasons[0].weight > reasons[1].weight > reasons[2].weight  # the figure stays with the reason


def test_unrelated_activity_gives_no_activity_reason(make_bid, make_record):
    bid = make_bid(title="Hate incident reporting centres", description="In libraries and mosques.")
    record = make_record(title="Speed watch kit", description="Speed guns for village volunteers.")

    assert similar_activity(bid, record) is None


def test_place_names_count_for_less_than_what_is_done(make_bid, make_record):
    same_place = similar_activity(
        make_bid(title="Taxi marshals in Melton town centre", description=""),
        make_record(title="Street Pastors in Melton town centre", description=""),
    )
    same_work = similar_activity(
        make_bid(title="Street Pastors in Hinckley", description=""),
        make_record(title="Street Pastors in Melton town centre", description=""),
    )
    assert same_work is not None and (same_place is None or same_place.weight < same_work.weight)


def test_the_same_provider_under_another_legal_form_is_the_same_organisation(make_bid, make_record):
    reason = same_organisation(
        make_bid(provider_name="Womens Aid Leics"), make_record(recipient_name="Women's Aid Leicestershire Ltd")
    )

    assert reason is not None
    assert reason.text == (
        "Same organisation: 'Womens Aid Leics' and 'Women's Aid Leicestershire Ltd' are the same name once "
        "abbreviations and legal suffixes are ignored"
    )


def test_an_org_id_makes_a_renamed_provider_the_same_organisation(make_bid, make_record):
    bid = make_bid(provider_name="LLR Mediation Service", provider_org_id="GB-CHC-1100001")
    record = make_record(recipient_name="Leicestershire Community Mediation CIO", recipient_org_id="gb-chc-1100001")

    reason = same_organisation(bid, record)

    assert reason is not None and "GB-CHC-1100001" in reason.text


def test_two_org_ids_that_differ_are_two_organisations_even_with_one_name(make_bid, make_record):
    bid = make_bid(provider_name="Street Pastors", provider_org_id="GB-CHC-1")
    record = make_record(recipient_name="Street Pastors", recipient_org_id="GB-CHC-2")

    assert same_organisation(bid, record) is None


def test_the_applicant_csp_is_not_a_shared_provider(make_bid):
    first = make_bid(id="bid-1", recipient_name="Melton", title="Patrols")
    second = make_bid(id="bid-2", recipient_name="Melton", title="Hate crime")

    assert same_organisation(first, second) is None


def test_budget_lines_with_the_same_terms_overlap(make_bid, make_record):
    reason = overlapping_cost_items(
        make_bid(cost_items=("Maintenance of CCTV cameras",)), make_record(cost_items=("CCTV maintenance", "Radios"))
    )

    assert reason is not None
    assert reason.text == "Overlapping cost items: 'Maintenance of CCTV cameras' and 'CCTV maintenance'"


def test_budget_lines_sharing_one_word_in_three_do_not_overlap(make_bid, make_record):
    assert overlapping_cost_items(make_bid(cost_items=("CCTV cameras",)), make_record(cost_items=("Camera "
                                  "replacement",))) is None  # fmt: skip


def test_a_bid_declaring_a_programme_meets_the_record_that_programme_paid(make_bid, make_record):
    bid = make_bid(declared_programmes=("Safer Streets 5",))
    record = make_record(programme="Safer Streets Fund Round 5")

    reason = same_programme(bid, record)

    assert reason is not None
    assert reason.text == (
        "Same funder programme: the bid declares 'Safer Streets 5', the other is funded by 'Safer Streets Fund Round 5'"
    )


def test_two_records_of_one_programme_are_not_a_programme_match(make_record):
    assert same_programme(make_record(id="a"), make_record(id="b")) is None


def test_two_bids_declaring_the_same_other_funding_match_at_half_weight(make_bid):
    first = make_bid(id="bid-1", declared_programmes=("Phoenix Programme",))
    second = make_bid(id="bid-2", declared_programmes=("Youth Endowment Fund Phoenix Programme",))

    reason = same_programme(first, second)

    assert reason is not None and reason.signal == "same_programme" and reason.weight < 0.35
