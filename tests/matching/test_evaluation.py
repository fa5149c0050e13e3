"""The labelled pairs of tests/matching/evaluation, scored as a check would score them.

Term weights come from an index of every candidate in the pairs plus 5,000 synthetic register records: in use
the register is large, and a handful of on-topic documents alone would make every incidental word look rare.
Run with -s to see precision, recall and the confusion matrix.
"""

from collections import Counter

import pytest

from services.grants.matching import BANDS, LIKELY_DUPLICATE, CandidateIndex
from tests.matching.evaluation import PAIRS
from tests.matching.synthetic import SyntheticRegister


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[str, str]]:
    world = {c.id: c for pair in PAIRS for c in (pair.bid, pair.other)}
    index = CandidateIndex.build([*SyntheticRegister(seed=5).records(5_000), *world.values()])
    return [(pair.label, index.score(pair.bid, pair.other).band) for pair in PAIRS]


def test_the_evaluation_set_has_at_least_sixty_labelled_pairs_of_every_band():
    assert len(PAIRS) >= 60
    assert Counter(pair.label for pair in PAIRS).keys() == set(BANDS)


def test_likely_duplicates_are_found_with_recall_of_90_percent_and_precision_of_80(outcomes):
    confusion = Counter(outcomes)
    found = confusion[(LIKELY_DUPLICATE, LIKELY_DUPLICATE)]
    recall = found / sum(n for (label, _), n in confusion.items() if label == LIKELY_DUPLICATE)
    predicted = sum(n for (_, band), n in confusion.items() if band == LIKELY_DUPLICATE)
    precision = found / predicted if predicted else 0.0
    print(f"\n{len(outcomes)} labelled pairs; 'likely duplicate': precision {precision:.2f}, recall {recall:.2f}")
    print(f"{'labelled / scored':>18}" + "".join(f"{band:>18}" for band in BANDS))
    for label in BANDS:
        print(f"{label:>18}" + "".join(f"{confusion[(label, band)]:>18}" for band in BANDS))

    assert recall >= 0.9
    assert precision >= 0.8
