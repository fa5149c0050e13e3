"""Places a text names count as places, not as activity: two kinds of work in one village are not duplicates."""

import random
from datetime import date

import pytest

from services.grants.matching import LIKELY_DUPLICATE, Candidate, CandidateIndex, compiled
from services.grants.matching.named_places import named_places
from services.grants.matching.scorer import score
from services.grants.matching.text import analyse, display
from tests.matching.synthetic import SyntheticRegister

TUGBY = frozenset({"CSP:harborough", "LAD:E07000131", "WARD:E05005123"})


def candidate(id: str, title: str, description: str) -> Candidate:
    kind = "bid" if id.startswith("bid") else "register"
    return Candidate(id=id, kind=kind, title=title, description=description, places=TUGBY,
                     starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31))  # fmt: skip


@pytest.mark.parametrize(
    ("title", "rest", "places"),
    [
        ("Drug and alcohol outreach in Waltham on the Wolds", "", ["waltham", "wolds"]),
        ("", "Sessions across North Evington and at Barrow upon Soar.", ["north", "evington", "barrow", "soar"]),
        ("", "Patrols in the Wolds; a hub within Ashby-de-la-Zouch", ["wolds", "ashby", "zouch"]),
        ("", "Work in Partnership with schools, in June and in Year 9, in Ketton", ["ketton"]),
        ("", "Outreach in Ketton's pubs, then in the community", ["ketton"]),
        ("", "At Tugby Community Centre, in Violence Reduction Network schools, at Victim Support", ["tugby"]),
        ("In Ketton: bystander training", "", ["ketton"]),  # a trigger word opening the title is still one
        ("", "Patrols in Ketton. In Tugby, a hub", ["ketton", "tugby"]),  # and one opening a sentence
        ("Bystander Training For Licensed Premises Staff In Ketton", "", []),  # Title Case: any word could be one
        ("", "We Will Deliver Training In Schools Across Melton And Tugby", []),
        ("Mentoring in Schools and Colleges for Young People", "", []),  # its capitals are not places
    ],
)
def test_a_text_names_places_in_capitalised_runs_after_in_at_around_and_the_like(title, rest, places):
    assert named_places(title, rest) == places


def test_words_named_as_places_become_place_terms_in_that_record_only():
    counts, towns = analyse("Bystander Training For Staff In Tugby", "Training for bar staff in Tugby and Barwell.")

    assert counts["@tugby"] == 3 and "tugby" not in counts  # the title's Tugby too: the text named it a place
    assert "barwell" in counts and towns == {"barwell"}  # a known place stays as it was (vocabulary.WHERE_WORDS)
    assert analyse("Tugby Youth Club", "Sessions for young people.")[0]["tugby"] == 2
    assert display("@tugby") == "tugby"


def test_two_kinds_of_work_in_one_village_are_not_a_likely_duplicate_but_the_same_work_is():
    bid = candidate("bid-1", "Bystander training for licensed premises staff in Tugby",
                    "Bystander intervention training for bar staff and door supervisors in Tugby.")  # fmt: skip
    mentoring = candidate("reg-mentoring", "Mentoring for families in Tugby",
                          "One-to-one mentoring and family support for families in Tugby.")  # fmt: skip
    training = candidate("reg-training", "Bystander intervention training in Tugby",
                         "Training for door staff and bar workers in Tugby pubs to intervene safely.")  # fmt: skip

    assert score(bid, mentoring).band != LIKELY_DUPLICATE  # 0.552 on "both describe 'tugby'" alone, before
    assert score(bid, training).band == LIKELY_DUPLICATE
    index = CandidateIndex.build([mentoring, training])
    assert [f.candidate_id for f in index.check(bid) if f.band == LIKELY_DUPLICATE] == ["reg-training"]


def texts() -> list[tuple[str, str]]:
    """Register wording, and shuffles of the words and gaps the rule turns on."""
    register = SyntheticRegister(seed=7, llr_share=0.5)
    found = [(c.title, f"{c.description} {c.outcomes}") for c in register.records(3_000)]
    rng = random.Random(3)
    words = ["in", "at", "In", "At", "around", "Around", "the", "The", "on", "upon", "de", "la", "-", "Ketton", "Hill",
             "Ab", "Cd", "x", "Year", "June", "and", "And", "Staff", "Community", "Police", "Melton", "Schools",
             "crime.", "x:"]  # fmt: skip
    for _ in range(10_000):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(0, 9)))
        rest = rng.choice([" ", "-", "  ", "\t", "\x1c"]).join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        found.append((title, rest))
    return [*found, ("Café in Ketton", "in Ketton\u00a0Hill"), ("in McDonald Park", "in Ketton -de- Hill")]


def test_the_compiled_scanner_names_the_places_the_rule_names():
    assert compiled.FILING is not None
    for title, rest in texts():
        assert compiled.FILING.places_named_in(title, rest) == named_places(title, rest), (title, rest)
