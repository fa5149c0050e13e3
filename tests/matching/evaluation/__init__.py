"""A labelled evaluation set written from DOMAIN.md's world, before the scorer was tuned.

Each pair says what a careful OPCC reviewer would call it ("likely duplicate", "check", "unrelated") and why.
The labels were written from DOMAIN.md before the scorer was tuned, and were not changed to fit it: where the
scorer disagrees, a comment by the pair says how and why. Most disagreements are "check" pairs scored
"unrelated": neighbouring projects that share a place and a theme but hardly a word of activity.
"""

from __future__ import annotations

from . import pairs_cases, pairs_people, pairs_streets
from .world import CHECK, LIKELY, UNRELATED, Pair

PAIRS: list[Pair] = [*pairs_streets.PAIRS, *pairs_people.PAIRS, *pairs_cases.PAIRS]

__all__ = ["CHECK", "LIKELY", "PAIRS", "UNRELATED", "Pair"]
