"""Where a candidate pays for activity, and how far two candidates' places overlap.

Places are codes "TYPE:value". Three levels matter to a reviewer: the same ward or postcode (the same streets),
the same district (LAD; a CSP stands for its districts), the same CSP (Blaby and Hinckley & Bosworth is one CSP
for two districts), and the police force area (PFA), which a force-wide service covers entirely and so
overlaps every district in it, weakly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from shared.reference import CSP_BY_ID, DISTRICTS, LEICESTERSHIRE_PFA

from .normalise import postcode_key

DISTRICT_NAMES: dict[str, str] = {lad: name for lad, (name, _) in DISTRICTS.items()}
CSP_DISTRICTS: dict[str, tuple[str, ...]] = {
    csp: tuple(lad for lad, (_, owner) in DISTRICTS.items() if owner == csp) for csp in CSP_BY_ID
}
DISTRICT_FORCE = {lad: LEICESTERSHIRE_PFA for lad in DISTRICT_NAMES}
DISTRICT_CSP = {lad: csp for csp, lads in CSP_DISTRICTS.items() for lad in lads}
FORCE_NAMES = {LEICESTERSHIRE_PFA: "Leicestershire police force area"}
_TYPE_ALIASES = {"WD": "WARD", "PC": "POSTCODE", "UA": "LAD", "MD": "LAD", "LONB": "LAD", "NMD": "LAD"}


class Coverage(NamedTuple):
    """A candidate's places at each level; empty everywhere means "not known". A tuple: cheap to hash."""

    fine: frozenset[str] = frozenset()  # "WARD:E05010459", "POSTCODE:LE130PB"
    districts: frozenset[str] = frozenset()  # LAD codes
    forces: frozenset[str] = frozenset()  # PFA codes the districts lie in, or named outright
    csps: frozenset[str] = frozenset()  # CSP ids named, or whose districts are named
    towns: frozenset[str] = frozenset()  # LLR towns the candidate's text names

    @property
    def known(self) -> bool:
        return bool(self.fine or self.districts or self.forces)

    @property
    def force_wide(self) -> bool:
        return bool(self.forces) and not self.districts and not self.fine


@lru_cache(maxsize=100_000)
def coverage(places: frozenset[str], csp_id: str | None = None, towns: frozenset[str] = frozenset()) -> Coverage:
    """Named LADs win over a CSP's districts (a merged CSP's bid may be for one of its two districts)."""
    fine, lads, csp_lads, forces, csps = set(), set(), set(), set(), set()
    for code in places:
        kind, _, value = code.partition(":")
        kind = _TYPE_ALIASES.get(kind.upper(), kind.upper())
        if kind == "WARD":
            fine.add(f"WARD:{value.upper()}")
        elif kind == "POSTCODE":
            fine.add(f"POSTCODE:{postcode_key(value)}")
        elif kind == "LAD":
            lads.add(value.upper())
        elif kind == "CSP":
            csps.add(value.lower())
            csp_lads.update(CSP_DISTRICTS.get(value.lower(), ()))
        elif kind == "PFA":
            forces.add(value.upper())
    if not (lads or csp_lads) and csp_id:  # a bid is always somewhere in its CSP
        csps.add(csp_id)
        csp_lads.update(CSP_DISTRICTS.get(csp_id, ()))
    districts = frozenset(lads or csp_lads)
    forces.update(DISTRICT_FORCE[lad] for lad in districts if lad in DISTRICT_FORCE)
    csps.update(DISTRICT_CSP[lad] for lad in districts if lad in DISTRICT_CSP)
    return Coverage(frozenset(fine), districts, frozenset(forces), frozenset(csps), towns)


@dataclass(frozen=True, slots=True)
class PlaceOverlap:
    # "same streets", "same district", "other towns", "same csp", "force area", "unknown", "different places"
    level: str
    shared: tuple[str, ...] = ()


@lru_cache(maxsize=100_000)  # coverages repeat across records: a full scan compares the same few pairs
def compare(a: Coverage, b: Coverage) -> PlaceOverlap:
    if not (a.known and b.known):
        return PlaceOverlap("unknown")
    if shared := a.fine & b.fine:
        return PlaceOverlap("same streets", tuple(sorted(shared)))
    if shared := a.districts & b.districts:
        if a.towns and b.towns and not a.towns & b.towns:
            return PlaceOverlap("other towns", tuple(sorted(shared)))
        return PlaceOverlap("same district", tuple(sorted(shared)))
    if shared := a.csps & b.csps:
        return PlaceOverlap("same csp", tuple(sorted(shared)))
    if a.force_wide or b.force_wide:
        shared = a.forces & b.forces
        return PlaceOverlap("force area", tuple(sorted(shared))) if shared else PlaceOverlap("different places")
    if a.districts and b.districts:
        return PlaceOverlap("different places")
    return PlaceOverlap("unknown")  # e.g. wards on one side, districts on the other, and no lookup between them


def district_name(lad: str) -> str:
    return DISTRICT_NAMES.get(lad, lad)


def town_names(c: Coverage) -> str:
    return " and ".join(sorted(town.title() for town in c.towns))


def describe(c: Coverage) -> str:
    if c.districts:
        return ", ".join(sorted(district_name(d) for d in c.districts))
    if c.forces:
        return "the whole " + ", ".join(FORCE_NAMES.get(f, f"police force area {f}") for f in sorted(c.forces))
    return ", ".join(sorted(c.fine)) or "no stated place"
