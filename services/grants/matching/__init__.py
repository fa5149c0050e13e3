"""Duplicate-funding matching: does this bid pay for something already paid for elsewhere?

Pure domain code (no database, no Flask). Build a `CandidateIndex` from register records and bids
(`Candidate`), then `check(bid)` returns ranked `Finding`s, each with a score, a band and readable reasons.
`score(bid, other)` compares one pair; the signals in `signals` and `context_signals` say why.
"""

from .candidates import Candidate
from .context_signals import overlapping_periods, overlapping_places
from .index import CandidateIndex
from .reasons import Reason
from .scorer import BANDS, CHECK, LIKELY_DUPLICATE, UNRELATED, Finding, MatchingThresholds, ranked, score
from .signals import SIGNALS, overlapping_cost_items, same_organisation, same_programme, similar_activity
from .weights import SignalWeights

__all__ = [
    "BANDS",
    "CHECK",
    "LIKELY_DUPLICATE",
    "SIGNALS",
    "UNRELATED",
    "Candidate",
    "CandidateIndex",
    "Finding",
    "MatchingThresholds",
    "Reason",
    "SignalWeights",
    "overlapping_cost_items",
    "overlapping_periods",
    "overlapping_places",
    "ranked",
    "same_organisation",
    "same_programme",
    "score",
    "similar_activity",
]
