"""Indicative allocations from a formula, as other police commissioners publish theirs.

Each CSP's share = Σ over measures of weight% × (its value ÷ the total of that measure over the CSPs given).
Weights must add up to 100 give or take 0.01, and each is taken as its part of their actual total, so the
shares always add up to exactly 1.
Shares are turned into whole pounds by the largest-remainder (Hamilton) method: everyone gets the whole
pounds of their exact quota, and the pounds left over go one each to the largest fractional parts, so the
allocations add up to the pot exactly. Ties go to the CSP whose id sorts first, so the same data always
gives the same answer. Arithmetic is in exact fractions: no float rounding decides who gets a pound.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from numbers import Rational

from shared.http.problems import DomainProblem, listed

Number = int | Rational | str  # str: a decimal like "12.5", read exactly
# Thirds typed or pasted from a spreadsheet (33.333333333333336 three times) never add up to exactly 100.
_WEIGHTS_TOLERANCE = Fraction(1, 100)


def allocate(
    pot_pounds: int, weights: Mapping[str, Number], data: Mapping[str, Mapping[str, Number]]
) -> dict[str, int]:
    """Whole pounds per CSP id, summing exactly to `pot_pounds`."""
    shares = formula_shares(weights, data)
    quotas = {csp: share * pot_pounds for csp, share in shares.items()}
    pounds = {csp: int(quota) for csp, quota in quotas.items()}  # quotas are ≥ 0, so int() floors
    left_over = pot_pounds - sum(pounds.values())
    by_remainder = sorted(quotas, key=lambda csp: (-(quotas[csp] - pounds[csp]), csp))
    for csp in by_remainder[:left_over]:
        pounds[csp] += 1
    return pounds


def formula_shares(weights: Mapping[str, Number], data: Mapping[str, Mapping[str, Number]]) -> dict[str, Fraction]:
    """Each CSP's exact share of the pot (the shares sum to 1)."""
    exact_weights = {measure: _exact(weight, f"weights/{measure}") for measure, weight in weights.items()}
    total_weight = sum(exact_weights.values())
    if abs(total_weight - 100) > _WEIGHTS_TOLERANCE:
        raise _problem("weights", "Enter weights that add up to 100")
    if not data:
        raise _problem("data", "Enter each CSP's figures for the measures you have weighted")
    shares = {csp: Fraction(0) for csp in data}
    for measure, weight in exact_weights.items():
        if weight == 0:
            continue
        values = {csp: _value(figures, measure, csp) for csp, figures in data.items()}
        total = sum(values.values())
        if total == 0:
            raise _problem(f"weights/{measure}", f"Every CSP's {measure} is 0: give it no weight, or enter the figures")
        for csp, value in values.items():
            # Of the weights' actual total, not 100: shares summing to more or less than 1 would leave
            # allocate() more pounds to hand out, or fewer, than there are CSPs to give them to.
            shares[csp] += weight / total_weight * value / total
    return shares


def require_figures_for(csps: Mapping[str, str], weights: Mapping[str, Number], data: Mapping) -> None:
    """Refuse data that leaves out any of `csps` (id: name). The formula shares the pot between the CSPs
    given, so one left out would be given £0 with nobody having decided that."""
    exact = {measure: _exact(weight, f"weights/{measure}") for measure, weight in weights.items()}
    # The measures that count most first; a JSON body's key order may not survive the journey anyway.
    weighted = [_in_words(m) for m in sorted(exact, key=lambda m: -exact[m]) if exact[m]]
    errors = {f"data/{csp}": f"Enter {name}'s {listed(weighted)}" for csp, name in csps.items() if csp not in data}
    if errors:
        raise DomainProblem("The allocations cannot be worked out from that formula", errors=errors)


def _in_words(measure: str) -> str:
    """ "non_crime_demand" as a person would write it: "non-crime demand"."""
    return re.sub(r"\bnon_", "non-", measure).replace("_", " ")


def _value(figures: Mapping[str, Number], measure: str, csp: str) -> Fraction:
    if measure not in figures:
        raise _problem(f"data/{csp}/{measure}", f"Enter {csp}'s {measure}, or give {measure} no weight")
    return _exact(figures[measure], f"data/{csp}/{measure}")


def _exact(number: Number, field: str) -> Fraction:
    try:
        value = Fraction(str(number)) if not isinstance(number, Rational) else Fraction(number)
    except (ValueError, ZeroDivisionError):
        raise _problem(field, "Enter a number, like 12.5") from None
    if value < 0:
        raise _problem(field, "Enter a number of 0 or more")
    return value


def _problem(field: str, message: str) -> DomainProblem:
    return DomainProblem("The allocations cannot be worked out from that formula", errors={field: message})
