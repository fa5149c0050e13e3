"""Normal forms that make two spellings of one organisation, programme, place or phrase compare equal."""

from __future__ import annotations

import re
from functools import lru_cache

from shared.reference import CSPS

from .vocabulary import LEGAL_SUFFIXES, ORG_ABBREVIATIONS, PROGRAMME_ALIASES, PROGRAMME_NOISE

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def simplify(text: str) -> str:
    """Lower case, apostrophes dropped ("Women's" -> "womens"), "&" read as "and", other punctuation a space."""
    text = _APOSTROPHES.sub("", text.lower()).replace("&", " and ")
    return _NOT_WORD.sub(" ", text).strip()


def phrase_replacer(table: dict[str, str]):
    """One compiled pass that rewrites every phrase of `table` (longest first, whole words only)."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")\b")
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)


_org_abbreviations = phrase_replacer(ORG_ABBREVIATIONS)
_programme_aliases = phrase_replacer(PROGRAMME_ALIASES)


def _csp_aliases() -> dict[str, str]:
    """Every way a CSP is named as an organisation -> "csp:<id>", so the applicant CSP is never "a provider"."""
    extra = {
        "north-west-leicestershire": ("north west leicestershire", "nwl", "safer north west partnership"),
        "leicester-city": ("leicester city", "leicester", "safer leicester partnership"),
        "oadby-wigston": ("oadby and wigston",),
        "blaby-hinckley-bosworth": ("blaby and hinckley and bosworth", "blaby hinckley and bosworth"),
    }
    aliases: dict[str, str] = {}
    for csp in CSPS:
        for base in {simplify(csp.name), *extra.get(csp.id, ())}:
            for form in (base, f"{base} csp", f"{base} community safety partnership"):
                aliases[form] = f"csp:{csp.id}"
    # Bare district names are councils' or places' names far more often than the partnership's.
    return {form: key for form, key in aliases.items() if " " in form or form.startswith("safer")}


_CSP_ALIASES = _csp_aliases()


@lru_cache(maxsize=200_000)
def org_name_key(name: str) -> str:
    """'Women's Aid Leicestershire Ltd' and 'Womens Aid Leics' -> 'womensaidleicestershire'; CSPs -> 'csp:<id>'."""
    words = _org_abbreviations(simplify(name)).split()
    if words[:1] == ["the"]:
        words = words[1:]
    text = " ".join(words)
    stripped = True
    while stripped:  # "... Trust Ltd" carries two legal forms
        stripped = False
        for suffix in LEGAL_SUFFIXES:
            if text.endswith(" " + suffix):
                text, stripped = text[: -len(suffix) - 1], True
    # Compared without spaces, so "Streetwise" and "Street Wise" meet; a CSP by name keeps its own key.
    return _CSP_ALIASES.get(text) or text.replace(" ", "")


def org_id_key(org_id: str) -> str:
    """360Giving org-ids compare case- and space-insensitively: 'gb-chc-1126234 ' -> 'GB-CHC-1126234'."""
    return org_id.strip().upper().replace(" ", "")


@lru_cache(maxsize=50_000)
def programme_key(name: str) -> str:
    """'Safer Streets Fund Round 5' and 'Safer Streets 5' -> 'safer streets 5'."""
    words = _programme_aliases(simplify(name)).split()
    return " ".join(w for w in words if w not in PROGRAMME_NOISE)


def programmes_match(a: str, b: str) -> bool:
    """Equal keys, or one key's words all inside the other's ('phoenix' in 'yef phoenix')."""
    if not a or not b:
        return False
    if a == b:
        return True
    words_a, words_b = set(a.split()), set(b.split())
    return words_a <= words_b or words_b <= words_a


def postcode_key(postcode: str) -> str:
    return postcode.upper().replace(" ", "")
