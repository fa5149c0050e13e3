"""Changes made by consumers and the mail sender are audited as the system, in the chain of the request."""

from __future__ import annotations

from collections import Counter

from services.notifications.handlers import send_due

CHAIN = "audit-chain-0001"


def _of(events: list[dict], entity_id: str) -> list[dict]:
    return [event for event in events if event["entity_id"] == entity_id]


def test_a_submission_is_audited_by_each_consumer_as_the_system_with_the_request_correlation_id(
    system, client, auth, make_bid, upload_evidence, deliver_events, audit_events
):
    bid = make_bid()
    assert upload_evidence(bid["id"]).status_code == 201
    deliver_events()
    submitted = client.post(f"/bids/{bid['id']}/submit", headers={**auth(), "X-Correlation-ID": CHAIN})
    assert submitted.status_code == 200

    deliver_events()

    grants_events = [e for e in _of(audit_events("grants"), bid["id"]) if e["correlation_id"] == CHAIN]
    assert Counter(e["action"] for e in grants_events) == {
        "review_item.created": 1,
        "bid_copy.recorded": 1,
        "duplicate_check.stored": 1,
    }
    for event in grants_events:
        assert (event["actor_id"], event["actor_role"], event["organisation"]) == ("system:grants", "system", "system")
        assert event["csp_id"] == "melton"
        assert event["client_address"] is None
    [copied] = [e for e in grants_events if e["action"] == "bid_copy.recorded"]
    assert copied["changes"]["status"] == {"before": "draft", "after": "submitted"}
    queued = [e for e in audit_events("notifications") if e["action"] == "notification.queued"]
    assert queued and {e["correlation_id"] for e in queued} == {CHAIN}
    assert {e["actor_id"] for e in queued} == {"system:notifications"}


def test_sending_a_notification_is_audited_in_the_chain_that_queued_it(
    system, client, auth, make_bid, upload_evidence, deliver_events, audit_events
):
    bid = make_bid()
    assert upload_evidence(bid["id"]).status_code == 201
    assert client.post(f"/bids/{bid['id']}/submit", headers={**auth(), "X-Correlation-ID": CHAIN}).status_code == 200
    deliver_events()
    since = audit_events("notifications")[-1]["id"]
    runtime = system.runtimes["notifications"]

    sent = send_due(runtime.session_factory, runtime.mailer, runtime.settings.mail.sender)

    events = audit_events("notifications", after=since)
    assert sent == len(events) > 0
    assert {e["action"] for e in events} == {"notification.sent"}
    assert {e["correlation_id"] for e in events} == {CHAIN}
    assert all(e["changes"]["status"] == {"before": "pending", "after": "sent"} for e in events)


def test_bids_audits_its_copy_of_a_round_once_per_change_and_not_for_an_event_that_changes_nothing(
    grants, auth, make_round, deliver_events, audit_events
):
    funding_round = make_round()
    opened = [e for e in audit_events("bids") if e["entity_id"] == funding_round["id"]]
    closing = grants.post(f"/rounds/{funding_round['id']}/close", headers={**auth("admin"), "X-Correlation-ID": CHAIN})
    assert closing.status_code == 200

    deliver_events()

    events = [e for e in audit_events("bids") if e["entity_id"] == funding_round["id"]]
    assert [e["action"] for e in events] == ["round_copy.recorded", "round_copy.status_changed"]
    assert events[0]["changes"]["status"] == {"before": None, "after": "open"}
    assert events[1]["changes"] == {"status": {"before": "open", "after": "closed"}}
    assert (events[1]["actor_id"], events[1]["correlation_id"]) == ("system:bids", CHAIN)
    assert len(opened) == 1
