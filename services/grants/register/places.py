"""Place codes for Leicester, Leicestershire and Rutland: "CSP:melton", "LAD:E07000133", "PFA:E23000021".

A record names a CSP, a district (local authority district, LAD) or both; each is completed with the other
here, so a bid in "CSP:melton" meets a 360Giving grant that only gave Melton's district code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from shared.reference import CSP_BY_ID, DISTRICTS, LEICESTERSHIRE_PFA

COUNTY_WIDE = f"PFA:{LEICESTERSHIRE_PFA}"

LADS_OF_CSP: dict[str, tuple[str, ...]] = {
    csp_id: tuple(code for code, (_, owner) in DISTRICTS.items() if owner == csp_id) for csp_id in CSP_BY_ID
}
# 360Giving's geoCodeType codelist names districts by their ONS entity (NMD, UA), wards as WD.
_GEO_CODE_TYPES = {"NMD": "LAD", "UA": "LAD", "LAD": "LAD", "CMLAD": "LAD", "WD": "WARD", "CMWD": "WARD"}
# Not on the codelist, but what many publishers write for a district (and what the OPCC's own brief names):
# refusing their grants for it would leave real funding out of every duplicate check.
GEO_CODE_TYPES_OFF_THE_CODELIST = frozenset({"LAD"})
_LAD_CODE = re.compile(r"(E0[6-9]|W06)[0-9]{6}")
_WARD_CODE = re.compile(r"[EW]05[0-9]{6}")
_COUNTY_WORDS = {"all", "county", "countywide", "county-wide", "llr", "leicestershire", "pfa", "e23000021"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("&", "and"))


_CSP_NAMES = (
    {_key(name): csp_id for name, csp_id in DISTRICTS.values()}  # "Blaby" is in the Blaby and Hinckley CSP
    | {_key(csp.name): csp.id for csp in CSP_BY_ID.values()}
    | {_key(csp_id): csp_id for csp_id in CSP_BY_ID}
)
_DISTRICT_NAMES = {_key(name): code for code, (name, _) in DISTRICTS.items()} | {_key(c): c for c in DISTRICTS}


def csp_id_for(text: str) -> str | None:
    """ "melton", "Melton" or "Safer North West Partnership" → the CSP's id; None if it names no CSP."""
    return _CSP_NAMES.get(_key(text))


def csp_place(text: str) -> str | None:
    """A CSP's id or name → "CSP:melton"; "all" (or "county", "LLR") → the whole police force area."""
    csp_id = csp_id_for(text)
    if csp_id:
        return f"CSP:{csp_id}"
    return COUNTY_WIDE if text.strip().lower() in _COUNTY_WORDS else None


def district_place(text: str) -> str | None:
    """A district's name ("Oadby & Wigston") or LAD code → "LAD:E07000135"; None if it is neither."""
    code = _DISTRICT_NAMES.get(_key(text)) or text.strip().upper()
    return f"LAD:{code}" if _LAD_CODE.fullmatch(code) else None


def ward_place(text: str) -> str | None:
    code = text.strip().upper()
    return f"WARD:{code}" if _WARD_CODE.fullmatch(code) else None


def from_geo_code(code_type: str | None, code: str | None) -> list[str]:
    """A 360Giving location's geoCodeType and geoCode as our place code; [] when it has no code.

    A CSP named by our id or its name ("melton", "Melton") becomes "CSP:melton"; ONS codes are kept as given.
    """
    kind = (code_type or "").strip().upper()
    value = (code or "").strip()
    if not kind or not value:
        return []
    if kind == "CSP":
        return [f"CSP:{csp_id_for(value) or value}"]
    kind = _GEO_CODE_TYPES.get(kind, kind)
    return [f"{kind}:{value.upper() if kind in ('LAD', 'WARD', 'PFA') else value}"]


def completed(places: Iterable[str]) -> list[str]:
    """Add each district's CSP and each CSP's districts; sorted, each once."""
    found = set(places)
    for place in list(found):
        kind, _, value = place.partition(":")
        if kind == "LAD" and value in DISTRICTS:
            found.add(f"CSP:{DISTRICTS[value][1]}")
        elif kind == "CSP" and value in LADS_OF_CSP:
            found.update(f"LAD:{code}" for code in LADS_OF_CSP[value])
    return sorted(found)
