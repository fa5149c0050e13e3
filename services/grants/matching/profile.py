"""A candidate reduced to normalised facts, computed once, which every signal compares.

Facts are small tuples (an organisation, a programme, a cost item, a coverage). They repeat across many
records, so the index stores each one once and records refer to it by number; tuples hash in C, which
matters when a million records are filed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from shared.reference import CSP_BY_ID

from .candidates import Candidate
from .normalise import org_id_key, org_name_key, programme_key
from .places import Coverage, coverage
from .text import Idf, analyse, token_set, uniform_idf, unit_vector


class Org(NamedTuple):
    role: str  # "recipient" or "provider"
    name: str  # as written, for reasons
    name_key: str  # normalised; "csp:<id>" when the name is a Community Safety Partnership's
    id_key: str

    @property
    def is_csp(self) -> bool:
        return self.name_key.startswith("csp:")


class Programme(NamedTuple):
    name: str
    key: str
    declared: bool  # other funding a bid declared, rather than the programme that paid for the candidate


class CostItem(NamedTuple):
    name: str
    key: str  # its terms, sorted: "cctv maintenance"
    terms: frozenset[str]


Fact = Org | Programme | CostItem | Coverage


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    kind: str
    orgs: tuple[Org, ...]
    coverage: Coverage
    programmes: tuple[Programme, ...]
    costs: tuple[CostItem, ...]
    starts: int | None  # proleptic ordinals: cheap to store and subtract
    ends: int | None
    terms: dict[str, float]  # unit TF-IDF vector of title, description and outcomes

    @classmethod
    def from_facts(cls, id: str, kind: str, facts, starts, ends, terms) -> Profile:
        orgs, programmes, costs, cover = [], [], [], Coverage()
        for fact in facts:
            match fact:
                case Org():
                    orgs.append(fact)
                case Programme():
                    programmes.append(fact)
                case CostItem():
                    costs.append(fact)
                case Coverage():
                    cover = fact
        return cls(id, kind, tuple(orgs), cover, tuple(programmes), tuple(costs), starts, ends, terms)


@lru_cache(maxsize=200_000)
def org(role: str, name: str, org_id: str, csp_id: str | None = None) -> Org | None:
    """`csp_id`: the candidate's own CSP, so a recipient named just "Melton" is known to be Melton's CSP."""
    name_key = org_name_key(name) if name else ""
    if csp_id in CSP_BY_ID and name_key and name_key == org_name_key(CSP_BY_ID[csp_id].name):
        name_key = f"csp:{csp_id}"
    id_key = org_id_key(org_id) if org_id else ""
    return Org(role, name or org_id, name_key, id_key) if name_key or id_key else None


@lru_cache(maxsize=50_000)
def programme(name: str, declared: bool) -> Programme | None:
    key = programme_key(name)
    return Programme(name, key, declared) if key else None


@lru_cache(maxsize=100_000)
def cost_item(name: str) -> CostItem | None:
    found = token_set(name)
    return CostItem(name, " ".join(sorted(found)), found) if found else None


def facts_of(c: Candidate, towns: frozenset[str] = frozenset()) -> tuple[Fact, ...]:
    """`towns`: the LLR towns the candidate's text names (text.analyse finds them with its terms)."""
    found: list[Fact | None] = [
        org("recipient", c.recipient_name, c.recipient_org_id, c.csp_id),
        org("provider", c.provider_name, c.provider_org_id, c.csp_id) if c.provider_name or c.provider_org_id else None,
        coverage(frozenset(c.places), c.csp_id, towns),
        programme(c.programme, False) if c.programme else None,
        *map(programme, c.declared_programmes, repeat(True)),
        *map(cost_item, c.cost_items),
    ]
    return tuple(dict.fromkeys(filter(None, found)))  # facts are never empty tuples


def analysis(c: Candidate) -> tuple[Counter[str], tuple[Fact, ...]]:
    """What a candidate says once its text is read: term counts, and its facts."""
    counts, towns = analyse(c.title, c.description, c.outcomes)
    return counts, facts_of(c, towns)


def profile(c: Candidate, idf: Idf = uniform_idf) -> Profile:
    """The profile matching compares; `idf` comes from the register when there is one."""
    counts, facts = analysis(c)
    starts = c.starts_on.toordinal() if c.starts_on else None
    ends = c.ends_on.toordinal() if c.ends_on else None
    return Profile.from_facts(c.id, c.kind, facts, starts, ends, unit_vector(counts, idf))
