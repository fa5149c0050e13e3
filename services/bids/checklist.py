"""What a draft still needs before it can be submitted, section by section, judged by the round's rules.

Every message tells a person what to do, in GOV.UK style, because pages show them verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.bids.content import budget_total, budget_years, financial_years, fits_in_months
from shared.http.fields import pounds_for_people as pounds
from shared.reference import COST_CATEGORIES, EVIDENCE_TYPES

IDENTIFIER_FOR = {
    "charity": ("charity_number", "Enter the delivery provider's registered charity number"),
    "company": ("company_number", "Enter the delivery provider's company registration number"),
    "local_authority": ("local_authority_code", "Enter the delivery provider's local authority code, like E07000133"),
}


@dataclass
class Section:
    id: str
    title: str
    missing: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "incomplete" if self.missing else "complete"

    def need(self, name: str, detail: str) -> None:
        self.missing.append({"field": name, "detail": detail})


def checklist(bid, funding_round, allocation: dict | None) -> list[Section]:
    """`allocation`: the CSP's indicative allocation summary for the round (submission.allocation_of)."""
    rules = (funding_round.rules if funding_round is not None else None) or {}
    round_priorities = funding_round.priorities if funding_round is not None else None
    return [
        _about(bid),
        _priorities(bid, round_priorities),
        _outcomes(bid),
        _provider(bid),
        _dates(bid, rules, _round_year(funding_round)),
        _budget(bid, rules, allocation, _round_year(funding_round)),
        _declared(bid),
        _risks(bid),
        _evidence(bid, rules),
    ]


def missing(sections: list[Section]) -> dict[str, str]:
    """One message per field, the first in the checklist's order: what a submission problem lists."""
    found: dict[str, str] = {}
    for section in sections:
        for item in section.missing:
            found.setdefault(item["field"], item["detail"])
    return found


def _blank(value) -> bool:
    return not (value or "").strip()


def _about(bid) -> Section:
    section = Section("about", "About the project")
    if _blank(bid.title):
        section.need("title", "Enter a title for the project")
    if _blank(bid.summary):
        section.need("summary", "Enter a summary of what the project will do")
    if _blank(bid.need):
        section.need("need", "Describe the need the project meets and the evidence for it")
    return section


def _priorities(bid, round_priorities) -> Section:
    section = Section("priorities", "Priorities")
    if not bid.priorities:
        section.need("priorities", "Choose at least one priority the project serves")
    elif round_priorities is not None and not set(bid.priorities) <= set(round_priorities):
        section.need("priorities", "Choose only priorities this round funds")
    return section


def _outcomes(bid) -> Section:
    section = Section("outcomes", "Outcomes")
    if not bid.outcomes:
        section.need("outcomes", "Add at least one outcome the project will achieve")
    for n, outcome in enumerate(bid.outcomes or [], 1):
        if _blank(outcome.get("outcome")):
            section.need("outcomes", f"Enter what outcome {n} is")
        if _blank(outcome.get("measure")):
            section.need("outcomes", f"Enter how outcome {n} will be measured")
        if _blank(outcome.get("target")):
            section.need("outcomes", f"Enter a target for outcome {n}")
    return section


def _provider(bid) -> Section:
    section = Section("delivery_provider", "Delivery provider")
    if _blank(bid.delivery_provider_name):
        section.need("delivery_provider", "Enter the name of the organisation delivering the project")
    if not bid.provider_type:
        section.need("delivery_provider", "Choose the type of organisation delivering the project")
    elif bid.provider_type in IDENTIFIER_FOR:
        attribute, message = IDENTIFIER_FOR[bid.provider_type]
        if not getattr(bid, attribute):
            section.need("delivery_provider", message)
    return section


def _round_year(funding_round) -> tuple[date, date] | None:
    """The first and last day of the financial year the round funds ("2026/27"), if known."""
    year = getattr(funding_round, "financial_year", None)
    if not year:
        return None
    start = int(year[:4])
    return date(start, 4, 1), date(start + 1, 3, 31)


def _dates(bid, rules: dict, round_year: tuple[date, date] | None) -> Section:
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


def _budget(bid, rules: dict, allocation: dict | None, round_year: tuple[date, date] | None) -> Section:
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
        if _blank(line.get("description")):
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


def _declared(bid) -> Section:
    """Other funding and match funding are optional; a row that was started must be finished."""
    section = Section("other_funding", "Other funding and match funding")
    for n, row in enumerate(bid.other_funding or [], 1):
        if _blank(row.get("funder")):
            section.need("other_funding", f"Enter who gives other funding {n}")
        if not row.get("amount_pence"):
            section.need("other_funding", f"Enter the amount of other funding {n}")
        if not row.get("status"):
            section.need("other_funding", f"Choose whether other funding {n} is applied for or awarded")
    for n, row in enumerate(bid.match_funding or [], 1):
        if _blank(row.get("source")):
            section.need("match_funding", f"Enter where match funding {n} comes from")
        if not row.get("amount_pence"):
            section.need("match_funding", f"Enter the amount of match funding {n}")
    return section


def _risks(bid) -> Section:
    section = Section("risks", "Risks")
    if not bid.risks:
        section.need("risks", "Add at least one risk to the project and how you will manage it")
    for n, risk in enumerate(bid.risks or [], 1):
        if _blank(risk.get("risk")):
            section.need("risks", f"Describe risk {n}")
        if _blank(risk.get("mitigation")):
            section.need("risks", f"Enter how you will manage risk {n}")
    return section


def _evidence(bid, rules: dict) -> Section:
    """Only clean files count: one still being scanned, or refused, is not evidence yet."""
    section = Section("evidence", "Evidence")
    clean = [f for f in bid.evidence if getattr(f, "status", "clean") == "clean"]
    if not clean:
        section.need("evidence", "Upload at least one evidence file, such as a project plan or quote")
    have = {getattr(f, "evidence_type", None) for f in clean}
    for kind in rules.get("required_evidence_types") or []:
        if kind not in have:
            section.need("evidence", f"Upload a {EVIDENCE_TYPES.get(kind, kind).lower()}: this round asks for one")
    return section
