"""What a draft still needs before it can be submitted, section by section, judged by the round's rules.

Every message tells a person what to do, in GOV.UK style, because pages show them verbatim.
"""

from __future__ import annotations

from services.bids.checklist_funding import budget_section, dates_section, round_year
from services.bids.checklist_section import Section, blank
from shared.reference import EVIDENCE_TYPES

IDENTIFIER_FOR = {
    "charity": ("charity_number", "Enter the delivery provider's registered charity number"),
    "company": ("company_number", "Enter the delivery provider's company registration number"),
    "local_authority": ("local_authority_code", "Enter the delivery provider's local authority code, like E07000133"),
}


def checklist(bid, funding_round, allocation: dict | None) -> list[Section]:
    """`allocation`: the CSP's indicative allocation summary for the round (submission.allocation_of)."""
    rules = (funding_round.rules if funding_round is not None else None) or {}
    round_priorities = funding_round.priorities if funding_round is not None else None
    return [
        _about(bid),
        _priorities(bid, round_priorities),
        _outcomes(bid),
        _provider(bid),
        dates_section(bid, rules, round_year(funding_round)),
        budget_section(bid, rules, allocation, round_year(funding_round)),
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


def _about(bid) -> Section:
    section = Section("about", "About the project")
    if blank(bid.title):
        section.need("title", "Enter a title for the project")
    if blank(bid.summary):
        section.need("summary", "Enter a summary of what the project will do")
    if blank(bid.need):
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
        if blank(outcome.get("outcome")):
            section.need("outcomes", f"Enter what outcome {n} is")
        if blank(outcome.get("measure")):
            section.need("outcomes", f"Enter how outcome {n} will be measured")
        if blank(outcome.get("target")):
            section.need("outcomes", f"Enter a target for outcome {n}")
    return section


def _provider(bid) -> Section:
    section = Section("delivery_provider", "Delivery provider")
    if blank(bid.delivery_provider_name):
        section.need("delivery_provider", "Enter the name of the organisation delivering the project")
    if not bid.provider_type:
        section.need("delivery_provider", "Choose the type of organisation delivering the project")
    elif bid.provider_type in IDENTIFIER_FOR:
        attribute, message = IDENTIFIER_FOR[bid.provider_type]
        if not getattr(bid, attribute):
            section.need("delivery_provider", message)
    return section


def _declared(bid) -> Section:
    """Other funding and match funding are optional; a row that was started must be finished."""
    section = Section("other_funding", "Other funding and match funding")
    for n, row in enumerate(bid.other_funding or [], 1):
        if blank(row.get("funder")):
            section.need("other_funding", f"Enter who gives other funding {n}")
        if not row.get("amount_pence"):
            section.need("other_funding", f"Enter the amount of other funding {n}")
        if not row.get("status"):
            section.need("other_funding", f"Choose whether other funding {n} is applied for or awarded")
    for n, row in enumerate(bid.match_funding or [], 1):
        if blank(row.get("source")):
            section.need("match_funding", f"Enter where match funding {n} comes from")
        if not row.get("amount_pence"):
            section.need("match_funding", f"Enter the amount of match funding {n}")
    return section


def _risks(bid) -> Section:
    section = Section("risks", "Risks")
    if not bid.risks:
        section.need("risks", "Add at least one risk to the project and how you will manage it")
    for n, risk in enumerate(bid.risks or [], 1):
        if blank(risk.get("risk")):
            section.need("risks", f"Describe risk {n}")
        if blank(risk.get("mitigation")):
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
