"""Context every duplicate shares with what it duplicates: the same place and the same period.

Both signals also say when two candidates are known to be apart ("different_places", "separate_periods"):
the same work in another district or another year is, by definition, not a duplicate.
"""

from __future__ import annotations

from datetime import date

from shared.reference import CSP_BY_ID

from .places import PlaceOverlap, compare, describe, district_name, town_names
from .profile import Profile
from .reasons import Evidence, Signal, noun
from .weights import SignalWeights

OPEN_START, OPEN_END = -(10**9), 10**9


@Signal
def overlapping_places(a: Profile, b: Profile, weights: SignalWeights) -> Evidence | None:
    """Says "different_places" when both places are known and apart: evidence against a duplicate."""
    overlap = compare(a.coverage, b.coverage)
    if overlap.level == "unknown":
        return None
    signal = "different_places" if overlap.level == "different places" else "overlapping_places"
    return Evidence(signal, weights.place(overlap.level), lambda: _place_sentence(overlap, a, b))


def _place_sentence(overlap: PlaceOverlap, a: Profile, b: Profile) -> str:
    if overlap.level == "same streets":
        return "Same place: both name " + ", ".join(code.replace(":", " ") for code in overlap.shared)
    districts = ", ".join(district_name(d) for d in overlap.shared)
    if overlap.level == "same district":
        return f"Same district: both cover {districts}"
    if overlap.level == "other towns":
        return (
            f"Same district ({districts}), other towns: the bid names {town_names(a.coverage)}, {noun(b)} "
            f"{town_names(b.coverage)}"
        )
    if overlap.level == "same csp":
        csps = ", ".join(CSP_BY_ID[c].name if c in CSP_BY_ID else c for c in overlap.shared)
        return (
            f"Same CSP, different districts: the bid covers {describe(a.coverage)}, {noun(b)} "
            f"{describe(b.coverage)}, both in {csps}"
        )
    if overlap.level == "force area":
        wide, local = (a, b) if a.coverage.force_wide else (b, a)
        return f"Overlapping area, weakly: {describe(wide.coverage)} includes {describe(local.coverage)}"
    return f"Different places: the bid covers {describe(a.coverage)}, {noun(b)} {describe(b.coverage)}"


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).strftime("%-d %b %Y")


def span(starts: int | None, ends: int | None) -> tuple[int, int] | None:
    """A period as (first day, last day) ordinals with open ends far away; None when neither end is known."""
    if starts is None and ends is None:
        return None
    return (OPEN_START if starts is None else starts), (OPEN_END if ends is None else ends)


@Signal
def overlapping_periods(a: Profile, b: Profile, weights: SignalWeights) -> Evidence | None:
    """Open ends run for ever; says "separate_periods" when both periods are known and do not meet."""
    span_a, span_b = span(a.starts, a.ends), span(b.starts, b.ends)
    if span_a is None or span_b is None:
        return None
    start, end = max(span_a[0], span_b[0]), min(span_a[1], span_b[1])
    signal = "separate_periods" if end < start else "overlapping_periods"
    return Evidence(signal, weights.period(span_a, span_b), lambda: _period_sentence(a, b, span_a, span_b))


def _period_sentence(a: Profile, b: Profile, span_a: tuple[int, int], span_b: tuple[int, int]) -> str:
    start, end = max(span_a[0], span_b[0]), min(span_a[1], span_b[1])
    if end < start:
        (early, early_span), (late, late_span) = sorted([(a, span_a), (b, span_b)], key=lambda x: x[1][1])
        first, then = ("the bid" if p is a else noun(p) for p in (early, late))
        gap = late_span[0] - early_span[1] - 1
        when = "the next day" if gap == 0 else f"on {_day(late_span[0])}, after a gap of {gap} day{'s' * (gap != 1)}"
        return f"Separate periods: {first} ends on {_day(early_span[1])} and {then} starts {when}"
    if end == OPEN_END:
        since = f", together since {_day(start)}" if start != OPEN_START else ""
        return f"Overlapping periods: both open-ended{since}"
    since = f"{_day(start)} to " if start != OPEN_START else "until "
    return f"Overlapping periods: {end - start + 1} days in common ({since}{_day(end)})"
