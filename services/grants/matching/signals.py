"""Signals that two candidates pay for the same activity: wording, organisation, cost items, programme.

Every signal is `(bid, other) -> Reason | None` over candidates or their profiles (reasons.Signal); the scorer
runs their `.measure`. Places and periods, the context every duplicate shares, are in context_signals.py.
"""

from __future__ import annotations

from .context_signals import overlapping_periods, overlapping_places
from .normalise import programmes_match
from .profile import Profile
from .reasons import Evidence, Signal, noun
from .text import cosine, display, jaccard
from .weights import SignalWeights


@Signal
def similar_activity(a: Profile, b: Profile, weights: SignalWeights) -> Evidence | None:
    similarity, shared = cosine(a.terms, b.terms)
    if similarity < weights.activity_floor:
        return None

    strength = min(1.0, similarity / weights.activity_full)

    def describe() -> str:
        named = ", ".join(f"'{display(term)}'" for _, term in sorted(shared, reverse=True)[:5])
        return f"{_how_similar(strength)}: both describe {named}"

    return Evidence("similar_activity", strength, describe, round(similarity, 3))


def _how_similar(strength: float) -> str:
    """In words, not the cosine: "Similar activity (0.38)" told a CSP officer nothing. The weight keeps the figure.

    Weighted by how rare words are in the register, a reworded duplicate scores 0.65 to 0.8 (the demo's Safer
    Streets awards against the README's draft), and a neighbouring project about 0.55."""
    if strength >= 0.65:
        return "Similar activity"
    return "Partly similar activity" if strength >= 0.35 else "A few words in common"


@Signal
def same_organisation(a: Profile, b: Profile, weights: SignalWeights) -> Evidence | None:
    for mine in a.orgs:
        for theirs in b.orgs:
            if mine.is_csp or theirs.is_csp:
                continue  # the applicant CSP is in every one of its bids; its place is compared on its own
            if mine.id_key and theirs.id_key:
                if mine.id_key == theirs.id_key:
                    return Evidence("same_organisation", weights.organisation, lambda m=mine, t=theirs: (
                        f"Same organisation: both name {m.id_key} ('{m.name}' and '{t.name}')"))  # fmt: skip
                continue  # two different org-ids are two organisations, whatever their names
            if mine.name_key == theirs.name_key:
                return Evidence("same_organisation", weights.organisation, lambda m=mine, t=theirs: (
                    f"Same organisation: '{m.name}' is the {m.role} of the bid and the {t.role} of {noun(b)}"
                    if m.name == t.name
                    else f"Same organisation: '{m.name}' and '{t.name}' are the same name once abbreviations and "
                    "legal suffixes are ignored"))  # fmt: skip
    return None


@Signal
def overlapping_cost_items(a: Profile, b: Profile, weights: SignalWeights) -> Evidence | None:
    best, pair = 0.0, None
    for mine in a.costs:
        for theirs in b.costs:
            if (overlap := jaccard(mine.terms, theirs.terms)) > best:
                best, pair = overlap, (mine, theirs)
    if pair is None or best < weights.cost_floor:
        return None
    mine, theirs = pair
    named = f"'{mine.name}' in both" if mine.key == theirs.key else f"'{mine.name}' and '{theirs.name}'"
    return Evidence("overlapping_cost_items", weights.cost_items * best, lambda: f"Overlapping cost items: {named}")


@Signal
def same_programme(a: Profile, b: Profile, weights: SignalWeights) -> Evidence | None:
    """A programme one side declared as other funding and the other side was paid from (or also declared)."""
    for mine in a.programmes:
        for theirs in b.programmes:
            if not (mine.declared or theirs.declared) or not programmes_match(mine.key, theirs.key):
                continue
            if mine.declared and theirs.declared:
                return Evidence("same_programme", weights.programme / 2, lambda m=mine: (
                    f"Same other funding declared: both declare '{m.name}'"))  # fmt: skip
            declared, paid = (mine, theirs) if mine.declared else (theirs, mine)
            who = "the bid" if declared is mine else noun(b)
            return Evidence("same_programme", weights.programme, lambda w=who, d=declared, p=paid: (
                f"Same funder programme: {w} declares '{d.name}', the other is funded by '{p.name}'"))  # fmt: skip
    return None


SIGNALS: tuple[Signal, ...] = (
    similar_activity,
    same_organisation,
    overlapping_places,
    overlapping_periods,
    overlapping_cost_items,
    same_programme,
)
