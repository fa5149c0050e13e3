"""What every signal returns, and the one way signals turn candidates into profiles.

A signal measures first and writes its sentence only when asked: a full scan measures every record against
the bid, but only the findings it returns need reasons a person can read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import NamedTuple

from .candidates import Candidate
from .profile import Profile, profile
from .weights import DEFAULT_WEIGHTS, SignalWeights

Comparable = Candidate | Profile


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason two candidates may pay for the same thing, as a sentence a person can read.

    `weight` is what the reason does to the score (scorer.py): evidence of the same activity (similar activity,
    cost items, programme) carries its share of that evidence; the same organisation its share of the place
    factor; places and periods the factor itself (below 1 when they are apart).
    """

    signal: str  # "similar_activity", "same_organisation", "overlapping_places", "different_places", ...
    weight: float
    text: str
    measure: float = 0.0  # what the weight was read from, where it saturates: the cosine, for similar activity


class Evidence(NamedTuple):
    """A signal's measurement, with its sentence still to write."""

    signal: str
    weight: float
    describe: Callable[[], str]
    measure: float = 0.0

    def reason(self) -> Reason:
        return Reason(self.signal, self.weight, self.describe(), self.measure)


Measure = Callable[[Profile, Profile, SignalWeights], Evidence | None]


class Signal:
    """`signal(bid, other) -> Reason | None` over candidates or profiles; `.measure` is what the scorer runs."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        update_wrapper(self, measure)

    def __call__(self, bid: Comparable, other: Comparable, weights: SignalWeights = DEFAULT_WEIGHTS) -> Reason | None:
        found = self.measure(*profiles(bid, other), weights)
        return found.reason() if found else None


def profiles(bid: Comparable, other: Comparable) -> tuple[Profile, Profile]:
    """Candidates are profiled with uniform term weights; the index passes profiles weighted by its register."""
    return as_profile(bid), as_profile(other)


def as_profile(candidate: Comparable) -> Profile:
    return candidate if isinstance(candidate, Profile) else profile(candidate)


def noun(p: Profile) -> str:
    return "the other bid" if p.kind == "bid" else "the register record"
