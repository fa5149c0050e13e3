"""How much each signal counts. Defaults were set on the labelled evaluation set (tests/matching/evaluation)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class SignalWeights:
    # Evidence of the same activity, combined as a probabilistic sum (scorer.py).
    activity_full: float = 0.4  # a cosine this high counts as the same wording (strength 1)
    activity_floor: float = 0.1  # below this, no "similar activity" reason at all
    cost_items: float = 0.5  # two matching budget lines ("CCTV maintenance")
    cost_floor: float = 0.5  # least term overlap (Jaccard) for two budget lines to match
    organisation: float = 0.35  # same recipient or provider
    programme: float = 0.35  # a declared programme meets the programme that paid (half if both only declared)
    activity_gate: float = 0.3  # below this text similarity a pair is "check" at most, and cost items count less

    # Context: factors the evidence is multiplied by.
    same_streets: float = 1.0  # same ward or postcode
    same_district: float = 0.95  # same LAD, or a CSP and one of its LADs
    other_towns: float = 0.5  # same district, but the texts name different towns (Shepshed and Loughborough)
    same_csp: float = 0.5  # one CSP, two of its districts (Blaby and Hinckley & Bosworth)
    force_area: float = 0.5  # a force-wide record and a district inside the force: overlaps, but weakly
    unknown_place: float = 0.8
    different_places: float = 0.25  # a duplicate is by definition in the same place
    overlap: float = 1.0
    brief_overlap: float = 0.8  # under brief_overlap_days (and under a quarter of the shorter period)
    brief_overlap_days: int = 90
    unknown_period: float = 0.85
    separate_periods: float = 0.45  # same work in another period is a successor or history, not a duplicate

    def place(self, level: str) -> float:
        """The factor for a level of place overlap (places.compare)."""
        return self._place_factors.get(level, self.unknown_place)

    @cached_property
    def _place_factors(self) -> dict[str, float]:
        return {
            "same streets": self.same_streets,
            "same district": self.same_district,
            "other towns": self.other_towns,
            "same csp": self.same_csp,
            "force area": self.force_area,
            "different places": self.different_places,
        }

    def period(self, a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
        """The factor for two periods as (first day, last day) ordinals, open ends far away; None: not known."""
        if a is None or b is None:
            return self.unknown_period
        start, end = max(a[0], b[0]), min(a[1], b[1])
        if end < start:
            return self.separate_periods
        shorter = min(a[1] - a[0], b[1] - b[0]) + 1
        return self.brief_overlap if end - start + 1 < min(self.brief_overlap_days, shorter / 4) else self.overlap


DEFAULT_WEIGHTS = SignalWeights()
