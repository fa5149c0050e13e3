"""From reasons to one score between 0 and 1, and a band a reviewer acts on.

Duplicate funding is the same activity, provider, place and period paid for twice (DOMAIN.md), so:

    activity = 1 - (1 - text similarity)(1 - cost items * ramp)(1 - programme)
    place    = 1 - (1 - place overlap)(1 - organisation)
    score    = activity * place * period

Each line is a probabilistic sum: every independent sign closes part of the remaining doubt, never beyond 1.
- Text similarity is the TF-IDF cosine of title, description and outcomes, read as 1 from `activity_full`
  (0.4) up: reworded duplicates in a real-sized register sit around 0.3 to 0.6.
- A shared budget line corroborates similar activity but is not activity itself (two unrelated projects can
  both pay for "Training"), so it counts in proportion to `ramp = min(1, text similarity / activity_gate)`.
- A programme the bid declares as other funding is the applicant's own word that the two are connected.
- The same organisation says two overlapping areas are one service (a force-wide contract and a local bid by
  the same provider), so it strengthens the place factor. It cannot make unrelated work a duplicate: activity
  multiplies everything, and below the activity gate a pair can reach "check" at most.
- Places and periods multiply: the same work in another district or another year is, by definition, not a
  duplicate (factors 0.25 and 0.45). Unknown places or periods cost a little (SignalWeights.unknown_*).

Bands: "likely duplicate" from 0.55, "check" from 0.3 (MatchingThresholds). Weights and thresholds were set
on the labelled pairs in tests/matching/evaluation, whose labels were written first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .profile import Profile
from .reasons import Comparable, Evidence, Reason, profiles
from .signals import SIGNALS
from .weights import DEFAULT_WEIGHTS, SignalWeights

LIKELY_DUPLICATE, CHECK, UNRELATED = "likely duplicate", "check", "unrelated"
BANDS = (LIKELY_DUPLICATE, CHECK, UNRELATED)


@dataclass(frozen=True)
class MatchingThresholds:
    """Lowest score of each band; the lead wires these to configuration."""

    likely_duplicate: float = 0.55
    check: float = 0.3

    def band(self, score: float) -> str:
        if score >= self.likely_duplicate:
            return LIKELY_DUPLICATE
        return CHECK if score >= self.check else UNRELATED


DEFAULT_THRESHOLDS = MatchingThresholds()


@dataclass(frozen=True)
class Finding:
    candidate_id: str
    kind: str  # "register" or "bid"
    score: float
    band: str
    reasons: tuple[Reason, ...]
    similarity: float = 0.0  # the activity cosine: orders findings whose scores tie (both at 1.0, say)


class Assessment(NamedTuple):
    """A scored pair whose reasons are not yet written: what a check ranks before it keeps the best."""

    candidate_id: str
    kind: str
    score: float
    band: str
    similarity: float
    evidence: tuple[Evidence, ...]

    def finding(self) -> Finding:
        reasons = tuple(e.reason() for e in self.evidence)
        return Finding(self.candidate_id, self.kind, self.score, self.band, reasons, self.similarity)


def score(
    bid: Comparable,
    other: Comparable,
    thresholds: MatchingThresholds = DEFAULT_THRESHOLDS,
    weights: SignalWeights = DEFAULT_WEIGHTS,
) -> Finding:
    """Candidates are profiled with uniform term weights; the index passes profiles weighted by its register."""
    return assess(*profiles(bid, other), thresholds, weights).finding()


_MEASURES = tuple(signal.measure for signal in SIGNALS)


def assess(a: Profile, b: Profile, thresholds: MatchingThresholds, weights: SignalWeights) -> Assessment:
    evidence = tuple(found for measure in _MEASURES if (found := measure(a, b, weights)) is not None)
    by_signal = {e.signal: e for e in evidence}
    activity_evidence = by_signal.get("similar_activity")
    text = activity_evidence.weight if activity_evidence else 0.0
    if (cost := by_signal.get("overlapping_cost_items")) is not None:  # shown with the weight it carried
        by_signal[cost.signal] = cost._replace(weight=round(cost.weight * min(1.0, text / weights.activity_gate), 3))
        evidence = tuple(by_signal[e.signal] for e in evidence)
    activity = _either(by_signal, ("similar_activity", "overlapping_cost_items", "same_programme"))
    place = 1.0 - (1.0 - _factor(by_signal, "places", weights.unknown_place)) * (
        1.0 - _either(by_signal, ("same_organisation",))
    )
    value = activity * place * _factor(by_signal, "periods", weights.unknown_period)
    if text < weights.activity_gate:
        value = min(value, thresholds.likely_duplicate - 0.001)
    value = round(value, 3)
    similarity = activity_evidence.measure if activity_evidence else 0.0
    return Assessment(b.id, b.kind, value, thresholds.band(value), similarity, evidence)


def _either(by_signal: dict[str, Evidence], signals: tuple[str, ...]) -> float:
    doubt = 1.0
    for signal in signals:
        if signal in by_signal:
            doubt *= 1.0 - by_signal[signal].weight
    return 1.0 - doubt


def _factor(by_signal: dict[str, Evidence], what: str, unknown: float) -> float:
    for signal in (f"overlapping_{what}", f"different_{what}", f"separate_{what}"):
        if signal in by_signal:
            return by_signal[signal].weight
    return unknown


def rank_key(finding: Finding | Assessment) -> tuple[float, float, str]:
    """Best first: score, then activity similarity, then id (so equal findings always come in one order)."""
    return -finding.score, -finding.similarity, finding.candidate_id


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=rank_key)
