"""Blocking keys: what two candidates must share before the index will score them against each other.

A record is filed under each of its activity terms and under keys for its organisations, programmes, cost
items and places. A check looks up the bid's own terms and keys (its probes), and only records found there
are candidates; programme and cost probes carry a bonus toward the estimate of a candidate's activity, and a
shared organisation strengthens its place, as in the scorer (shortlist.py ranks candidates by that estimate
before scoring the best of them).
"""

from __future__ import annotations

from typing import NamedTuple

from .places import Coverage
from .profile import CostItem, Fact, Org, Profile, Programme

PROGRAMME_BONUS = 0.3
COST_BONUS = 0.3


class Probes(NamedTuple):
    """What a check looks up for a bid, beside its terms."""

    activity: dict[str, float]  # programme and cost keys -> their bonus toward the estimate of activity
    organisation: list[str]  # the bid's organisations: strengthen the place, as in the scorer
    places: list[str]  # ward, district, CSP and force keys: where every duplicate must be


def keys_of(fact: Fact) -> tuple[str, ...]:
    """The keys a record is filed under for one of its facts (terms are filed as themselves)."""
    match fact:
        case Org() if not fact.is_csp:
            return tuple(key for key in (_org_id(fact.id_key), _org_name(fact.name_key)) if key)
        case Programme():
            return (f"d:{fact.key}",) if fact.declared else (f"p:{fact.key}",)
        case CostItem():
            return (f"c:{fact.key}",)
        case Coverage():
            return (
                *(f"w:{code}" for code in fact.fine),
                *(f"l:{lad}" for lad in fact.districts),
                *(f"s:{csp}" for csp in fact.csps),
                *((f"f:{force}" for force in fact.forces) if fact.force_wide else ()),
            )
    return ()


def probes(p: Profile) -> Probes:
    """The keys a check looks up for a bid: activity and organisation keys, and place keys."""
    bonuses: dict[str, float] = {}
    orgs = [key for org in p.orgs if not org.is_csp for key in (_org_id(org.id_key), _org_name(org.name_key)) if key]
    for programme in p.programmes:
        # Own programme against others' declarations; a declaration against both (see signals.same_programme).
        for key in (f"p:{programme.key}", f"d:{programme.key}") if programme.declared else (f"d:{programme.key}",):
            bonuses[key] = PROGRAMME_BONUS
    for cost in p.costs:
        bonuses[f"c:{cost.key}"] = COST_BONUS
    cover = p.coverage
    places = [
        *(f"w:{code}" for code in cover.fine),
        *(f"l:{lad}" for lad in cover.districts),
        *(f"s:{csp}" for csp in cover.csps),
        *(f"f:{force}" for force in cover.forces),  # force-wide records cover the bid's districts
    ]
    return Probes(bonuses, orgs, places)


def _org_id(key: str) -> str:
    return f"i:{key}" if key else ""


def _org_name(key: str) -> str:
    return f"o:{key}" if key else ""
