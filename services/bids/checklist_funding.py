"""The checklist's dates and budget sections: when the project runs and what it asks for, judged by the
round's rules, its financial year and the CSP's allocation."""

from __future__ import annotations

from datetime import date

from services.bids.checklist_section import Section, blank
from services.bids.content import budget_total, budget_years, financial_years, fits_in_months
from shared.http.fields import pounds_for_people as pounds
from shared.reference import COST_CATEGORIES


def round_year(funding_round) -> tuple[date, date] | None:
    """The first and last day of the financial year the round funds ("2026/27"), if known."""
    year = getattr(funding_round, "financial_year", None)
    if not year:
        return None
    start = int(year[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


def dates_section(bid, rules: dict, round_year: tuple[date, date] | None) -> Section:
    section = Section("dates", "Dates")
    starts, ends = bid.starts_on, bid.ends_on
    if starts is None:
        section.need("starts_on", "Enter the date the project starts")
    if ends is None:
        section.need("ends_on", "Enter the date the project ends")
    if starts is None or ends is None:
        return section
    months = rules.get("max_duration_months")
    if ends < starts:
        section.need("ends_on", "Enter an end date that is on or after the start date")
    elif months and not fits_in_months(starts, ends, months):
        section.need("ends_on", f"Enter an end date no more than {months} months after the start date")
    elif rules.get("multi_year_allowed") is False and len(financial_years(starts, ends)) > 1:
        section.need(
            "ends_on",
            "Enter an end date in the same financial year as the start date: this round "
            "does not fund projects lasting more than one financial year",
        )
    # A project that has ended before the round's year, or starts after it, is not this round's to fund: its
    # money would count against the CSP's allocation for a year it is not spent in.
    if round_year and not ends < starts and (ends < round_year[0] or starts > round_year[1]):
        first, last = (f"{day.day} {day:%B %Y}" for day in round_year)
        section.need(
            "starts_on" if starts > round_year[1] else "ends_on",
            f"Enter dates when the project runs at least partly in this round's financial year ({first} to {last})",
        )
    return section


def budget_section(bid, rules: dict, allocation: dict | None, round_year: tuple[date, date] | None) -> Section:
    section = Section("budget", "Budget")
    lines = bid.budget_lines or []
    if not lines:
        section.need("budget_lines", "Add at least one budget line")
    eligible = rules.get("eligible_cost_categories") or []
    project_years = _project_years(bid)
    for n, line in enumerate(lines, 1):
        category = line.get("category")
        if not category:
            section.need("budget_lines", f"Choose a category for budget line {n}")
        elif eligible and category not in eligible:
            named = " or ".join(COST_CATEGORIES[c].lower() for c in eligible)
            section.need("budget_lines", f"Choose a category this round funds for budget line {n}: {named}")
        if blank(line.get("description")):
            section.need("budget_lines", f"Enter a description for budget line {n}")
        amounts = line.get("amounts") or {}
        if not any(amounts.values()):
            section.need("budget_lines", f"Enter an amount for at least one financial year on budget line {n}")
        if project_years and not set(amounts) <= set(project_years):
            span = project_years[0] if len(project_years) == 1 else f"{project_years[0]} to {project_years[-1]}"
            section.need(
                "budget_lines",
                f"Enter amounts on budget line {n} only for the financial years the project runs in ({span})",
            )
    first_funded = f"{round_year[0].year}-{(round_year[0].year + 1) % 100:02d}" if round_year else None
    earlier = [year for year in budget_years(lines) if first_funded and year < first_funded]
    if earlier:
        section.need(
            "budget_lines",
            f"Enter amounts for {first_funded} or later only: this round does not fund {earlier[0]}",
        )
    if rules.get("multi_year_allowed") is False and len(budget_years(lines)) > 1:
        section.need(
            "budget_lines", "Enter amounts for one financial year only: this round does not fund multi-year bids"
        )
    total = budget_total(lines)
    if lines and total:
        _amount_rules(section, total, rules, allocation)
    return section


def _project_years(bid) -> list[str]:
    if bid.starts_on is None or bid.ends_on is None or bid.ends_on < bid.starts_on:
        return []
    return financial_years(bid.starts_on, bid.ends_on)


def _amount_rules(section: Section, total: int, rules: dict, allocation: dict | None) -> None:
    low, high = rules.get("min_amount_pence"), rules.get("max_amount_pence")
    if low is not None and total < low:
        section.need(
            "amount_requested",
            f"Increase the budget to at least {pounds(low)}, the least this round "
            f"gives to one bid: it adds up to {pounds(total)}",
        )
    elif high is not None and total > high:
        section.need(
            "amount_requested",
            f"Reduce the budget to no more than {pounds(high)}, the most this round "
            f"gives to one bid: it adds up to {pounds(total)}",
        )
    elif allocation and allocation.get("allocation_pence") is not None:
        available = allocation["allocation_pence"] - allocation["held_by_other_bids_pence"]
        if total > available:
            section.need(
                "amount_requested",
                f"Reduce the budget to no more than {pounds(max(available, 0))}: "
                f"that is what remains of your CSP's indicative allocation of "
                f"{pounds(allocation['allocation_pence'])} after its other submitted and awarded bids",
            )
