"""A funding round's rules: what every bid to it must meet. A round without rules accepts what it always did."""

from __future__ import annotations

from shared.http.fields import pounds_for_people as pounds

# The rules' names on FundingRound, in bids' events and in round_change records.
RULES = (
    "min_amount_pence",
    "max_amount_pence",
    "eligible_cost_categories",
    "required_evidence_types",
    "max_duration_months",
    "multi_year_allowed",
)
NO_RULES = {
    "min_amount_pence": None,
    "max_amount_pence": None,
    "eligible_cost_categories": [],
    "required_evidence_types": [],
    "max_duration_months": None,
    "multi_year_allowed": True,
}
_ONE_YEAR = 12


def rule_errors(rules: dict, pot_pence: int) -> dict[str, str]:
    """What is wrong with a whole set of rules, per field, in words the OPCC can act on."""
    errors = {}
    low, high = rules["min_amount_pence"], rules["max_amount_pence"]
    if low is not None and low <= 0:
        errors["minimum_amount"] = "The minimum amount must be more than £0"
    if high is not None and high <= 0:
        errors["maximum_amount"] = "The maximum amount must be more than £0"
    elif low is not None and high is not None and low > high:
        errors["maximum_amount"] = "The maximum amount must be at least the minimum amount"
    elif high is not None and high > pot_pence:
        errors["maximum_amount"] = f"The maximum amount must be no more than the pot ({pounds(pot_pence)})"
    months = rules["max_duration_months"]
    if months is not None and not rules["multi_year_allowed"] and months > _ONE_YEAR:
        errors["maximum_duration_months"] = "A round without multi-year bids can fund at most 12 months"
    return errors
