"""A deterministic synthetic funding register, and bids that reword its records: for benchmarks and tests.

`SyntheticRegister(seed).records(n)` yields register records; `bid_like(record_spec)` rewrites one as a CSP
would (other words from the same theme, a variant of the provider's name, an overlapping year), which a
check should find; `fresh_bid()` is a new LLR project that may or may not overlap anything.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from services.grants.matching.candidates import Candidate

from .synthetic_words import (
    GROUPS,
    LEGAL_FORMS,
    LLR,
    LLR_PROVIDERS,
    NAME_ENDS,
    NAME_PREFIXES,
    NAME_STARTS,
    OPCC,
    PROGRAMMES,
    PROVIDER_KINDS,
    THEMES,
    VENUES,
    WHEN,
)

PFA = "E23000021"
NATIONAL_PROGRAMMES = [p for p in PROGRAMMES if "Leicestershire" not in p[0] and "Police" not in p[0]]


@dataclass(frozen=True)
class District:
    csp: str | None  # LLR districts only
    lad: str
    name: str
    towns: tuple[str, ...]
    localities: tuple[tuple[str, str], ...]  # (name, ward code)
    providers: tuple[tuple[str, str], ...]  # (name, org-id or "")


@dataclass(frozen=True)
class Spec:
    """One funded piece of work, before it is put into words."""

    theme: str
    district: District
    town: str
    locality: tuple[str, str]
    provider: tuple[str, str]
    funder: str
    programme: str
    starts_on: date
    ends_on: date | None
    force_wide: bool
    wording: int  # which of the theme's titles the funder's record uses; a bid uses the next one


class SyntheticRegister:
    def __init__(self, seed: int = 5, national_districts: int = 300, llr_share: float = 0.1) -> None:
        self.rng = random.Random(seed)
        self.llr_share = llr_share
        self.llr = [self._district(csp, lad, name, towns) for csp, lad, name, towns in LLR]
        self.national = [
            self._district(None, f"E07{900_000 + n}", self._place_name(), []) for n in range(national_districts)
        ]
        self.specs: list[tuple[Spec, str]] = []  # LLR specs and their record ids, for bid_like
        # The theme of every LLR record and bid, by id: two of different themes are different work, so a "likely
        # duplicate" between them is a false alarm (bench/duplicates.py counts them).
        self.themes: dict[str, str] = {}

    def records(self, count: int, start: int = 0) -> Iterator[Candidate]:
        for n in range(start, start + count):
            llr = self.rng.random() < self.llr_share
            spec = self.spec(llr)
            id = f"360G-synthetic-{n}"
            if llr:
                self.themes[id] = spec.theme
            if llr and len(self.specs) < 200_000:
                self.specs.append((spec, id))
            yield self.render(spec, id, "register", variant=0)

    def spec(self, llr: bool = True) -> Spec:
        rng = self.rng
        district = rng.choice(self.llr if llr else self.national)
        funder, programme, themes = rng.choice(PROGRAMMES if llr else NATIONAL_PROGRAMMES)
        year = rng.randint(2016, 2026)
        starts = date(year, 4, 1) if rng.random() < 0.7 else date(year, rng.randint(1, 12), 1)
        years = rng.choice((1, 1, 1, 2, 2, 3))
        ends = None if rng.random() < 0.05 else date(starts.year + years, starts.month, 1) - timedelta(days=1)
        programme = programme.format(round=rng.randint(3, 5), year=f"{year}/{(year + 1) % 100:02d}")
        provider = rng.choice(district.providers + (tuple(LLR_PROVIDERS) if llr else ()))
        return Spec(
            rng.choice(themes),
            district,
            rng.choice(district.towns),
            rng.choice(district.localities),
            provider,
            funder,
            programme,
            starts,
            ends,
            llr and rng.random() < 0.03,
            rng.randrange(12),
        )

    def render(self, spec: Spec, id: str, kind: str, variant: int, provider: str | None = None) -> Candidate:
        rng = random.Random(zlib.crc32(id.encode()))
        titles, descriptions, outcomes, costs = THEMES[spec.theme]
        slots = dict(
            town=spec.town,
            place=spec.locality[0],
            group=rng.choice(GROUPS),
            when=rng.choice(WHEN),
            venue=rng.choice(VENUES),
        )
        fill = lambda text: text.format(**slots)  # noqa: E731
        district = spec.district
        places = {f"PFA:{PFA}"} if spec.force_wide else {f"LAD:{district.lad}", f"WARD:{spec.locality[1]}"}
        if district.csp and not spec.force_wide:
            places.add(f"CSP:{district.csp}")
        return Candidate(
            id=id,
            kind=kind,
            title=fill(titles[(spec.wording + variant) % len(titles)]),
            description=" ".join(fill(d) for d in rng.sample(descriptions, k=min(2, len(descriptions)))),
            outcomes=fill(rng.choice(outcomes)),
            funder=spec.funder,
            programme=spec.programme,
            recipient_name=provider or spec.provider[0],
            recipient_org_id=spec.provider[1] if provider is None else "",
            amount_pence=rng.randint(5, 300) * 100_000,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            places=frozenset(places),
            cost_items=tuple(rng.sample(costs, k=min(2, len(costs)))),
            csp_id=district.csp,
            status="awarded",
        )

    def bid_like(self, spec: Spec, id: str) -> Candidate:
        """The same work as a CSP would describe it in a bid: reworded, provider renamed, an overlapping year."""
        starts = date(spec.starts_on.year, 4, 1)
        shifted = replace(spec, starts_on=starts, ends_on=date(starts.year + 1, 3, 31), force_wide=False)
        bid = self._as_bid(self.render(shifted, id, "bid", 1, provider=name_variant(spec.provider[0], self.rng)))
        self.themes[id] = spec.theme
        return replace(bid, declared_programmes=(spec.programme,)) if self.rng.random() < 0.2 else bid

    def fresh_bid(self, id: str) -> Candidate:
        spec = self.spec(llr=True)
        self.themes[id] = spec.theme
        return self._as_bid(self.render(spec, id, "bid", variant=1))

    @staticmethod
    def _as_bid(candidate: Candidate) -> Candidate:
        """In a bid the CSP applies to the OPCC's round and the provider delivers."""
        year = candidate.starts_on.year if candidate.starts_on else 2025
        return replace(
            candidate,
            recipient_name="",
            provider_name=candidate.recipient_name,
            provider_org_id=candidate.recipient_org_id,
            recipient_org_id="",
            status="draft",
            funder=OPCC,
            programme=f"Community Safety Fund {year}/{(year + 1) % 100:02d}",
        )

    def _district(self, csp: str | None, lad: str, name: str, towns: list[str]) -> District:
        rng = self.rng
        localities = tuple((self._place_name(), f"E05{rng.randint(0, 999_999):06d}") for _ in range(12))
        towns = tuple(towns) or (name, *(loc for loc, _ in localities[:2]))
        providers = tuple(
            (
                f"{rng.choice([*towns, *(loc for loc, _ in localities)])} {rng.choice(PROVIDER_KINDS)}"
                f"{rng.choice(LEGAL_FORMS)}",
                f"GB-CHC-{rng.randint(1_000_000, 9_999_999)}" if rng.random() < 0.7 else "",
            )
            for _ in range(25)
        )
        return District(csp, lad, name, towns, localities, providers)

    def _place_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(NAME_PREFIXES)}{rng.choice(NAME_STARTS)}{rng.choice(NAME_ENDS)}"


_VARIANTS = [
    (r" (Ltd|Limited|CIC|CIO|Trust)$", ""),
    (r"Leicestershire", "Leics"),
    (r"Association", "Assoc"),
    (r"'", ""),
    (r" and ", " & "),
    (r"$", " Ltd"),
]


def name_variant(name: str, rng: random.Random) -> str:
    """How a CSP officer might write a provider's name: legal form dropped or added, abbreviations."""
    pattern, replacement = rng.choice(_VARIANTS)
    return re.sub(pattern, replacement, name, count=1)
