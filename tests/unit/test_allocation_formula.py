"""Allocations from a formula: weighted shares of measures, rounded to whole pounds that add up to the pot."""

from __future__ import annotations

from fractions import Fraction

import pytest

from services.grants.allocation_formula import allocate, formula_shares, require_figures_for
from shared.http.problems import DomainProblem

OPCC_WEIGHTS = {"population": 50, "crime": 25, "non_crime_demand": 25}
FIGURES = {
    "charnwood": {"population": 183_000, "crime": 14_200, "non_crime_demand": 9_100},
    "melton": {"population": 51_800, "crime": 3_100, "non_crime_demand": 2_050},
    "rutland": {"population": 41_000, "crime": 1_700, "non_crime_demand": 1_200},
    "leicester-city": {"population": 368_600, "crime": 52_000, "non_crime_demand": 31_400},
}


def test_allocations_add_up_to_the_pot_exactly():
    allocations = allocate(250_000, OPCC_WEIGHTS, FIGURES)

    assert sum(allocations.values()) == 250_000
    assert set(allocations) == set(FIGURES)


def test_each_csp_gets_the_whole_pounds_of_its_exact_share_or_one_more():
    shares = formula_shares(OPCC_WEIGHTS, FIGURES)

    for csp, pounds in allocate(250_000, OPCC_WEIGHTS, FIGURES).items():
        exact = shares[csp] * 250_000
        assert int(exact) <= pounds <= int(exact) + 1


def test_the_shares_follow_the_weights():
    shares = formula_shares({"population": 100}, {"melton": {"population": 1}, "rutland": {"population": 3}})

    assert shares == {"melton": Fraction(1, 4), "rutland": Fraction(3, 4)}


def test_the_pound_left_over_goes_to_the_largest_remainder():
    # Exact quotas 33.6 / 66.4 of 100: floors 33 and 66, and the spare pound goes to the .6.
    allocations = allocate(100, {"crime": 100}, {"melton": {"crime": 336}, "rutland": {"crime": 664}})

    assert allocations == {"melton": 34, "rutland": 66}


def test_ties_are_broken_by_csp_id_whatever_order_the_data_comes_in():
    three_equal = {"rutland": {"crime": 1}, "melton": {"crime": 1}, "charnwood": {"crime": 1}}

    first = allocate(100, {"crime": 100}, three_equal)
    reversed_order = allocate(100, {"crime": 100}, dict(reversed(list(three_equal.items()))))

    assert first == reversed_order == {"charnwood": 34, "melton": 33, "rutland": 33}


def test_a_csp_with_none_of_a_measure_gets_nothing_from_that_measure():
    data = {"melton": {"population": 1, "crime": 0}, "rutland": {"population": 1, "crime": 10}}

    allocations = allocate(1_000, {"population": 50, "crime": 50}, data)

    assert allocations == {"melton": 250, "rutland": 750}


def test_a_weighted_measure_that_is_zero_everywhere_is_refused():
    data = {"melton": {"crime": 0}, "rutland": {"crime": 0}}

    with pytest.raises(DomainProblem) as refused:
        allocate(1_000, {"crime": 100}, data)

    assert refused.value.errors == {"weights/crime": "Every CSP's crime is 0: give it no weight, or enter the figures"}


def test_a_measure_with_no_weight_needs_no_figures():
    allocations = allocate(10, {"population": 100, "crime": 0}, {"melton": {"population": 5}})

    assert allocations == {"melton": 10}


@pytest.mark.parametrize("weights", [{"population": 50, "crime": 25}, {"population": 60, "crime": 60}, {}])
def test_weights_that_do_not_add_up_to_100_are_refused(weights):
    with pytest.raises(DomainProblem) as refused:
        allocate(1_000, weights, FIGURES)

    assert refused.value.errors == {"weights": "Enter weights that add up to 100"}


def test_three_weights_of_a_third_each_share_the_pot_to_the_pound():
    third = 100 / 3  # 33.333333333333336, as a spreadsheet or a JSON client sends it

    allocations = allocate(1_000, {"population": third, "crime": third, "non_crime_demand": third}, FIGURES)

    assert sum(allocations.values()) == 1_000


@pytest.mark.parametrize("weights", [{"population": "50.005", "crime": "50"}, {"population": "49.995", "crime": "50"}])
def test_weights_within_a_hundredth_of_100_are_taken_as_their_share_of_their_total(weights):
    shares = formula_shares(
        weights, {"melton": {"population": 1, "crime": 0}, "rutland": {"population": 0, "crime": 1}}
    )

    assert sum(shares.values()) == 1
    assert shares["melton"] == Fraction(weights["population"]) / sum(Fraction(w) for w in weights.values())


@pytest.mark.parametrize("weights", [{"population": "50.02", "crime": "50"}, {"population": "49.98", "crime": "50"}])
def test_weights_further_than_a_hundredth_from_100_are_refused(weights):
    with pytest.raises(DomainProblem) as refused:
        allocate(1_000, weights, FIGURES)

    assert refused.value.errors == {"weights": "Enter weights that add up to 100"}


def test_decimal_weights_are_read_exactly():
    allocations = allocate(3, {"a": "33.3", "b": "33.3", "c": "33.4"}, {"melton": {"a": 1, "b": 1, "c": 1}})

    assert allocations == {"melton": 3}


def test_a_csp_missing_a_weighted_figure_is_told_which():
    with pytest.raises(DomainProblem) as refused:
        allocate(1_000, {"crime": 100}, {"melton": {"crime": 1}, "rutland": {}})

    assert refused.value.errors == {"data/rutland/crime": "Enter rutland's crime, or give crime no weight"}


def test_each_csp_left_out_of_the_data_is_named_with_the_figures_it_needs():
    csps = {"melton": "Melton", "north-west-leicestershire": "Safer North West Partnership", "rutland": "Rutland"}

    with pytest.raises(DomainProblem) as refused:
        require_figures_for(csps, OPCC_WEIGHTS, {"melton": FIGURES["melton"]})

    assert refused.value.errors == {
        "data/north-west-leicestershire": "Enter Safer North West Partnership's population, crime and non-crime demand",
        "data/rutland": "Enter Rutland's population, crime and non-crime demand",
    }


def test_a_csp_left_out_is_asked_only_for_the_weighted_measures():
    with pytest.raises(DomainProblem) as refused:
        require_figures_for({"rutland": "Rutland"}, {"population": 100, "crime": 0}, {})

    assert refused.value.errors == {"data/rutland": "Enter Rutland's population"}


def test_a_csp_given_figures_of_0_is_not_left_out():
    require_figures_for({"rutland": "Rutland"}, {"crime": 100}, {"rutland": {"crime": 0}})


def test_a_negative_figure_is_refused():
    with pytest.raises(DomainProblem) as refused:
        allocate(1_000, {"crime": 100}, {"melton": {"crime": -1}})

    assert refused.value.errors == {"data/melton/crime": "Enter a number of 0 or more"}
