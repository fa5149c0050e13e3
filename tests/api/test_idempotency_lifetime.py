"""Idempotency-Key answers are kept for a day (`idempotency.LIFETIME`): replayed within it, new again after it,
and deleted by bids' periodic sweep. On SQLite and on PostgreSQL, where row-level security scopes the delete.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from services.bids.evidence_scanning import QuarantineSweeper
from services.bids.idempotency import LIFETIME, IdempotentRequest
from shared.auth.scoping import SYSTEM, acting_as
from shared.clock import utcnow
from shared.db import unit_of_work
from tests.api.factories import on_both_databases  # noqa: F401 - fixtures

ALREADY_SUBMITTED = "This bid has been submitted and can no longer be changed"


@pytest.fixture
def submit(client, auth):
    """`submit(draft, key)`: POST the draft's submit with this Idempotency-Key."""
    return lambda draft, key: client.post(f"/bids/{draft['id']}/submit", headers=auth() | {"Idempotency-Key": key})


@pytest.fixture
def answered(system):
    """`answered(key, ago)` makes the answer kept for `key` that old; `answered()` lists the keys kept."""
    sessions = system.runtimes["bids"].session_factory

    def age_or_list(key: str | None = None, ago: timedelta | None = None) -> list[str]:
        with acting_as(SYSTEM), unit_of_work(sessions) as session:
            if key is not None:
                aged = sa.update(IdempotentRequest).where(IdempotentRequest.key == key)
                session.execute(aged.values(created_at=utcnow() - ago))
            return sorted(session.scalars(sa.select(IdempotentRequest.key)))

    return age_or_list


@pytest.fixture
def sweep(system):
    runtime = system.runtimes["bids"]
    return lambda: QuarantineSweeper(runtime.session_factory, runtime.evidence, older_than=timedelta(hours=24)).sweep()


def test_the_sweep_deletes_answers_older_than_their_lifetime_and_keeps_younger_ones(ready, submit, answered, sweep):
    submit(ready(), "yesterdays-click")
    submit(ready(title="Another project"), "this-mornings-click")
    answered("yesterdays-click", ago=LIFETIME + timedelta(minutes=1))
    answered("this-mornings-click", ago=LIFETIME - timedelta(hours=1))

    sweep()

    assert answered() == ["this-mornings-click"]


def test_a_repeat_within_the_lifetime_still_gets_the_first_answer(client, auth, ready, submit, answered, sweep):
    draft = ready()
    first = submit(draft, "slow-retry")
    answered("slow-retry", ago=LIFETIME - timedelta(minutes=1))
    sweep()

    again = submit(draft, "slow-retry")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json == first.json
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(client.get(f"/bids/{draft['id']}/versions", headers=auth()).json) == 1


@pytest.mark.parametrize("swept", [False, True], ids=["before-the-sweep", "after-the-sweep"])
def test_after_its_lifetime_a_repeat_is_a_new_request_and_refused_as_already_submitted(
    client, auth, ready, submit, answered, sweep, swept
):
    draft = ready()
    submit(draft, "day-old-click")
    answered("day-old-click", ago=LIFETIME + timedelta(minutes=1))
    if swept:
        sweep()

    again = submit(draft, "day-old-click")

    assert again.status_code == 409
    assert again.json["detail"] == ALREADY_SUBMITTED
    assert len(client.get(f"/bids/{draft['id']}/versions", headers=auth()).json) == 1


def test_after_its_lifetime_a_key_may_submit_another_bid_whose_answer_is_then_kept(
    client, auth, ready, submit, answered
):
    one, other = ready(), ready(title="Another project")
    submit(one, "reused-next-day")
    answered("reused-next-day", ago=LIFETIME + timedelta(minutes=1))

    submitted = submit(other, "reused-next-day")
    again = submit(other, "reused-next-day")

    assert (submitted.status_code, again.status_code) == (200, 200)
    assert submitted.json["id"] == other["id"] and submitted.json["status"] == "submitted"
    assert again.json == submitted.json
    assert submit(one, "reused-next-day").status_code == 422  # the key now belongs to the other request
