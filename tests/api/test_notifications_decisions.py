"""The OPCC decides a bid: notifications tells the CSP officer who submitted it, and finance of an award at once.

grants' side of `bid.decided` is fed by hand: each test gives notifications' real consumer an envelope,
checked against the contract, as grants' outbox relay would. Everything after that is the real service.
"""

from __future__ import annotations

import email
import uuid
from collections.abc import Callable

import pytest

from services import registry
from services.notifications.handlers import send_due
from shared.auth.dev_identity import DEMO_USERS
from shared.config import load_settings
from shared.events import Envelope, contract_for
from shared.messaging.consumer import EventConsumer

CHAIN = "corr-decided"
OFFICER, FINANCE = DEMO_USERS["csp_officer"], DEMO_USERS["finance"]
CONDITIONS = ["Send the patrol rota to the OPCC before the first patrol", "Report arrests to the CSP board"]
TITLE = "Night-time patrols in Melton Mowbray"
REASON = "A strong case in a hotspot; the radios are already funded by Safer Streets."


def decided(**overrides) -> Envelope:
    """A `bid.decided` v1 envelope as grants publishes it: by default £12,500 awarded of £15,000 asked for."""
    payload = {
        "bid_id": str(uuid.uuid4()),
        "round_id": str(uuid.uuid4()),
        "round_name": "Community Safety Fund 2026/27",
        "csp_id": "melton",
        "title": "Night-time patrols in Melton Mowbray",
        "version": 1,
        "outcome": "awarded",
        "amount_requested_pence": 1_500_000,
        "amount_awarded_pence": 1_250_000,
        "conditions": CONDITIONS,
        "reason": REASON,
        "decided_at": "2026-11-30T10:15:00+00:00",
        "decided_by": {
            "user_id": "u-opcc-approver",
            "name": "Jo Pritchard",
            "email": "jo.pritchard@opcc.example",
            "role": "opcc_approver",
        },
        "submitted_by": {"user_id": OFFICER.user_id, "name": OFFICER.name, "email": OFFICER.email},
    } | overrides
    envelope = Envelope("bid.decided", 1, "grants", CHAIN, payload)
    contract_for("bid.decided", 1).validate(envelope.to_dict())
    return envelope


def declined(**overrides) -> Envelope:
    return decided(
        outcome="declined",
        amount_awarded_pence=0,
        conditions=[],
        reason="The activity is already funded by Safer Streets 5.",
        **overrides,
    )


def award_withdrawn(**overrides) -> Envelope:
    """An `award.withdrawn` v1 envelope as grants publishes it; `submitted_by=None` as published before it had it."""
    payload = {
        "bid_id": str(uuid.uuid4()),
        "round_id": str(uuid.uuid4()),
        "round_name": "Community Safety Fund 2026/27",
        "csp_id": "melton",
        "title": "Night-time patrols in Melton Mowbray",
        "amount_awarded_pence": 1_250_000,
        "reason": "Funded by the district council after all",
        "withdrawn_at": "2026-11-30T10:15:01+00:00",
        "submitted_by": {"user_id": OFFICER.user_id, "name": OFFICER.name, "email": OFFICER.email},
    } | overrides
    envelope = Envelope("award.withdrawn", 1, "grants", CHAIN, {k: v for k, v in payload.items() if v is not None})
    contract_for("award.withdrawn", 1).validate(envelope.to_dict())
    return envelope


@pytest.fixture
def consumer(system) -> EventConsumer:
    return registry.make_consumer(system.runtimes["notifications"])


@pytest.fixture
def told(notifications, auth) -> Callable[..., list[dict]]:
    """`told("finance")`: the notifications a demo user sees about the decisions, oldest first."""

    def read(role: str = "csp_officer") -> list[dict]:
        listed = notifications.get("/notifications", headers=auth(role)).json
        return [n for n in reversed(listed) if n["event_type"] == "bid.decided"]

    return read


@pytest.fixture
def mailbox(system) -> Callable[[], list[email.message.Message]]:
    """Let notifications send what is due, and read the mail folder, as a person reads mail."""
    runtime = system.runtimes["notifications"]

    def read() -> list[email.message.Message]:
        send_due(runtime.session_factory, runtime.mailer, system.settings.mail.sender)
        folder = system.settings.mail.folder
        return [email.message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]

    return read


def test_an_award_of_less_than_was_asked_tells_the_csp_both_figures_the_conditions_and_what_happens_next(
    system, consumer, told
):
    envelope = decided()

    assert consumer.handle(envelope) is True

    [message] = told()
    assert (message["kind"], message["recipient"]) == ("bid_awarded", OFFICER.email)
    assert message["subject"] == "Your bid has been awarded funding: Night-time patrols in Melton Mowbray"
    body = message["body"]
    assert "Amount awarded: £12,500.00" in body
    assert "less than the £15,000.00 you asked for" in body
    assert "Conditions of the award:\n" + "".join(f"- {c}\n" for c in CONDITIONS) in body
    assert REASON in body
    assert "finance team will contact you about payment" in body
    assert "spend return every quarter" in body
    assert f"{system.settings.base_url}/bids/bids/{envelope.payload['bid_id']}" in body


def test_an_award_of_everything_asked_for_says_so_plainly(consumer, told):
    consumer.handle(decided(amount_awarded_pence=1_500_000, conditions=[]))

    [message] = told()
    assert "Amount awarded: £15,000.00" in message["body"]
    assert "less than" not in message["body"]
    assert "The award has no conditions." in message["body"]


def test_finance_hear_of_an_award_with_the_csp_bid_round_amount_and_conditions(consumer, told, mailbox):
    consumer.handle(decided())

    [for_finance] = [n for n in told("finance") if n["recipient"] == FINANCE.email]
    assert for_finance["kind"] == "award_for_finance"
    assert for_finance["subject"] == "Award to Melton: Night-time patrols in Melton Mowbray (£12,500.00)"
    for line in (
        "CSP: Melton",
        "Bid: Night-time patrols in Melton Mowbray",
        "Round: Community Safety Fund 2026/27",
        "Amount awarded: £12,500.00 (of £15,000.00 requested)",
        "Decided by: Jo Pritchard, 30 November 2026",
        *(f"- {condition}" for condition in CONDITIONS),
    ):
        assert line in for_finance["body"].splitlines()
    assert [n["kind"] for n in told()] == ["bid_awarded"], "the CSP sees only its own message"
    assert sorted(m["To"] for m in mailbox()) == sorted([OFFICER.email, FINANCE.email])


def test_a_decline_tells_the_csp_why_and_whom_to_ask_and_finance_hear_nothing(system, consumer, told, mailbox):
    envelope = declined()

    consumer.handle(envelope)

    [message] = told("auditor")
    assert (message["kind"], message["recipient"]) == ("bid_declined", OFFICER.email)
    assert message["subject"] == "Your bid has not been funded: Night-time patrols in Melton Mowbray"
    assert "The activity is already funded by Safer Streets 5." in message["body"]
    assert "contact the Office of the Police and Crime Commissioner" in message["body"]
    assert f"{system.settings.base_url}/bids/bids/{envelope.payload['bid_id']}" in message["body"]
    assert "£" not in message["body"]
    assert [m["To"] for m in mailbox()] == [OFFICER.email]


def test_an_award_withdrawn_as_it_was_made_tells_the_submitter_which_stands(consumer, notifications, auth, mailbox):
    consumer.handle(award_withdrawn())

    listed = notifications.get("/notifications", headers=auth("auditor")).json
    told = {n["kind"]: n for n in listed if n["event_type"] == "award.withdrawn"}
    assert (told["award_withdrawn"]["recipient"], told["award_withdrawn_for_finance"]["recipient"]) == (
        OFFICER.email,
        FINANCE.email,
    )
    assert told["award_withdrawn"]["subject"] == f"Your withdrawal stands: no award for {TITLE}"
    body = told["award_withdrawn"]["body"]
    assert "awarded it £12,500.00 from Community Safety Fund 2026/27" in body and "no money will be paid" in body
    assert "Funded by the district council after all" in body
    assert sorted(m["To"] for m in mailbox()) == sorted([OFFICER.email, FINANCE.email])


def test_an_award_withdrawn_published_without_its_submitter_tells_finance_alone(consumer, mailbox):
    consumer.handle(award_withdrawn(submitted_by=None))

    assert [m["To"] for m in mailbox()] == [FINANCE.email]


def test_a_redelivered_decision_sends_nothing_new(system, consumer, told, mailbox):
    envelope = decided()
    assert consumer.handle(envelope) is True
    assert len(mailbox()) == 2

    again = consumer.handle(Envelope.from_json(envelope.to_json()))
    after_restart = registry.make_consumer(system.runtimes["notifications"]).handle(envelope)

    assert (again, after_restart) == (False, False)
    assert len(told("auditor")) == 2
    assert len(mailbox()) == 2


def test_each_message_is_audited_as_queued_by_the_system_in_the_chain_of_the_decision(
    consumer, told, notifications, auth
):
    consumer.handle(decided())

    for message in told("auditor"):
        history = notifications.get(f"/audit/notification/{message['id']}", headers=auth("auditor")).json
        assert [event["action"] for event in history] == ["notification.queued"]
        assert (history[0]["actor_id"], history[0]["correlation_id"]) == ("system:notifications", CHAIN)
        assert history[0]["csp_id"] == "melton"


def test_finance_addresses_are_configured_as_a_comma_separated_list_each_once():
    finance = "payments@opcc.example, cfo@opcc.example,payments@opcc.example,"
    settings = load_settings({"SECRET_KEY": "x", "FINANCE_EMAIL": finance})

    assert settings.mail.finance == ("payments@opcc.example", "cfo@opcc.example")
    assert load_settings({"SECRET_KEY": "x"}).mail.finance == (FINANCE.email,)
