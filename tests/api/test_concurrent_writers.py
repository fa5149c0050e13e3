"""Two people at once, for real: requests on two threads against SQLite and PostgreSQL.

However the two interleave, the outcome a person sees must be the same: one save wins and the other is told
to reload; a double-clicked submit submits once and both clicks get the same answer.
"""

from __future__ import annotations

import json
import threading

import sqlalchemy as sa

from tests.api.factories import on_both_databases  # noqa: F401 - fixtures


def at_once(app, *requests: tuple[str, str, dict]) -> list:
    """Send each (method, path, kwargs) on its own thread, released together; the responses in order."""
    start, answers = threading.Barrier(len(requests)), [None] * len(requests)

    def send(n: int, method: str, path: str, kwargs: dict) -> None:
        client = app.test_client()
        start.wait()
        answers[n] = client.open(path, method=method, **kwargs)

    threads = [threading.Thread(target=send, args=(n, *request)) for n, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_two_saves_from_one_version_at_once_keep_one_and_refuse_the_other(app, client, auth, make_bid):
    draft = make_bid()
    headers = auth() | {"If-Match": client.get(f"/bids/{draft['id']}", headers=auth()).headers["ETag"]}
    path = f"/bids/{draft['id']}"

    answers = at_once(
        app,
        ("PATCH", path, {"json": {"title": "Alice's title"}, "headers": headers}),
        ("PATCH", path, {"json": {"title": "Bob's title"}, "headers": headers}),
    )

    assert sorted(a.status_code for a in answers) == [200, 412]
    [winner] = [a for a in answers if a.status_code == 200]
    assert client.get(path, headers=auth()).json["title"] == winner.json["title"]


def test_a_double_click_on_submit_submits_once_and_both_clicks_get_the_same_answer(
    app, client, auth, make_bid, upload_evidence, system
):
    draft = make_bid()
    upload_evidence(draft["id"])
    headers = auth() | {"Idempotency-Key": "double-click-at-once"}
    path = f"/bids/{draft['id']}/submit"

    answers = at_once(app, ("POST", path, {"headers": headers}), ("POST", path, {"headers": headers}))

    assert [a.status_code for a in answers] == [200, 200], [a.get_json() for a in answers]
    assert answers[0].json == answers[1].json
    assert len(client.get(f"/bids/{draft['id']}/versions", headers=auth()).json) == 1
    runtime = system.runtimes["bids"]
    outbox = runtime.tables.outbox
    with runtime.session_factory() as session:
        bodies = session.scalars(sa.select(outbox.c.body).where(outbox.c.event_type == "bid.submitted")).all()
    assert [json.loads(body)["payload"]["bid_id"] for body in bodies] == [draft["id"]]
