"""The event envelope and the contract each event type promises its consumers."""

from __future__ import annotations

import json
from collections.abc import Callable

import jsonschema
import pytest

from shared.events import CONTRACTS, Envelope, contract_for
from shared.events.contracts import BID_SUBMITTED_V1, ROUND_OPENED_V1

ROUND_OPENED = {
    "round_id": "6a1f7c3e-0d55-4f1c-9a53-1b8c2b7e0f11",
    "name": "Community Safety Fund 2026/27",
    "financial_year": "2026/27",
    "opens_on": "2026-04-01",
    "closes_on": "2026-06-30",
    "pot_pence": 25_000_000,
    "priorities": ["anti-social-behaviour", "domestic-abuse"],
}
BID_SUBMITTED = {
    "bid_id": "1c9b7f1e-7c51-4c0e-8d7a-4b8f7f6c2a90",
    "round_id": ROUND_OPENED["round_id"],
    "round_name": ROUND_OPENED["name"],
    "csp_id": "melton",
    "csp_name": "Melton",
    "title": "Town centre night-time patrols",
    "summary": "Street Pastors patrol the town centre on Friday and Saturday nights.",
    "amount_requested_pence": 1_250_000,
    "priorities": ["anti-social-behaviour"],
    "delivery_provider": {"name": "Melton Street Pastors"},
    "submitted_at": "2026-05-15T09:30:00+00:00",
    "submitted_by": {"user_id": "u-csp-melton", "name": "Morgan Hale", "email": "morgan.hale@melton.example"},
    "evidence": [
        {
            "evidence_id": "0b7f0c7e-52d4-4f7e-9a57-3c0d2b1f9a10",
            "filename": "project-plan.pdf",
            "content_type": "application/pdf",
            "size_bytes": 2048,
            "sha256": "a" * 64,
        }
    ],
}
VALID = {"round.opened": ("grants", ROUND_OPENED), "bid.submitted": ("bids", BID_SUBMITTED)}


@pytest.fixture
def make_envelope() -> Callable[..., dict]:
    """`make_envelope("bid.submitted", amount_requested_pence=1.5)`: a valid envelope as a dict, payload overridden."""

    def make(event_type: str, **payload_overrides) -> dict:
        producer, payload = VALID[event_type]
        envelope = Envelope(event_type, 1, producer, "corr-1", payload | payload_overrides).to_dict()
        return json.loads(json.dumps(envelope))  # exactly what a consumer would read off the wire

    return make


def test_an_envelope_survives_the_wire_unchanged():
    sent = Envelope("round.opened", 1, "grants", "corr-1", ROUND_OPENED)

    received = Envelope.from_json(sent.to_json())

    assert received == sent
    assert received.occurred.tzinfo is not None


def test_an_envelope_ignores_fields_it_does_not_know():
    data = Envelope("round.opened", 1, "grants", "corr-1", ROUND_OPENED).to_dict() | {"trace": {"span": "abc"}}

    received = Envelope.from_dict(data)

    assert received.payload == ROUND_OPENED
    assert not hasattr(received, "trace")


def test_every_contract_is_found_by_type_and_version():
    assert {contract_for(t, v).key for t, v in CONTRACTS} == {
        "round.opened.v1",
        "round.opened.v2",
        "round.updated.v1",
        "round.closed.v1",
        "round.decided.v1",
        "bid.submitted.v1",
        "bid.submitted.v2",
        "bid.draft_saved.v1",
        "bid.draft_saved.v2",
        "bid.draft_deleted.v1",
        "duplicate_check.completed.v1",
        "bid.provider_invited.v1",
        "bid.withdrawn.v1",
        "bid.returned.v1",
        "bid.decided.v1",
        "award.withdrawn.v1",
    }
    with pytest.raises(LookupError):
        contract_for("round.opened", 3)


@pytest.mark.parametrize("contract", [ROUND_OPENED_V1, BID_SUBMITTED_V1], ids=lambda c: c.key)
def test_each_contract_accepts_a_valid_envelope(contract, make_envelope):
    contract.validate(make_envelope(contract.type))


@pytest.mark.parametrize(
    ("contract", "field"),
    [(ROUND_OPENED_V1, "pot_pence"), (ROUND_OPENED_V1, "priorities"), (BID_SUBMITTED_V1, "evidence")],
    ids=str,
)
def test_each_contract_refuses_a_payload_missing_a_required_field(contract, field, make_envelope):
    envelope = make_envelope(contract.type)
    del envelope["payload"][field]

    with pytest.raises(jsonschema.ValidationError):
        contract.validate(envelope)


@pytest.mark.parametrize(
    ("contract", "overrides"),
    [
        (ROUND_OPENED_V1, {"name": 42}),
        (ROUND_OPENED_V1, {"opens_on": "1 April 2026"}),
        (ROUND_OPENED_V1, {"financial_year": "2026-27"}),
        (ROUND_OPENED_V1, {"priorities": ["ASB"]}),
        (BID_SUBMITTED_V1, {"csp_id": "nottingham"}),
        (BID_SUBMITTED_V1, {"submitted_at": "2026-05-15T09:30:00"}),
        (BID_SUBMITTED_V1, {"amount_requested_pence": "12500.00"}),
        (BID_SUBMITTED_V1, {"priorities": ["domestic-abuse", "domestic-abuse"]}),
    ],
    ids=str,
)
def test_each_contract_refuses_a_value_of_the_wrong_type_or_shape(contract, overrides, make_envelope):
    with pytest.raises(jsonschema.ValidationError):
        contract.validate(make_envelope(contract.type, **overrides))


@pytest.mark.parametrize(
    ("contract", "field"),
    [(ROUND_OPENED_V1, "pot_pence"), (BID_SUBMITTED_V1, "amount_requested_pence")],
    ids=str,
)
@pytest.mark.parametrize("amount", [12500.5, 12500.0])
def test_money_in_an_event_is_never_a_float(contract, field, amount, make_envelope):
    with pytest.raises(jsonschema.ValidationError, match="is not of type 'integer'"):
        contract.validate(make_envelope(contract.type, **{field: amount}))


def test_an_envelope_must_say_truthfully_who_produced_it(make_envelope):
    envelope = make_envelope("round.opened") | {"producer": "bids"}

    with pytest.raises(jsonschema.ValidationError):
        ROUND_OPENED_V1.validate(envelope)


def test_an_envelope_needs_its_own_uuid_and_a_correlation_id(make_envelope):
    for broken in ({"id": "not-a-uuid"}, {"correlation_id": ""}):
        with pytest.raises(jsonschema.ValidationError):
            ROUND_OPENED_V1.validate(make_envelope("round.opened") | broken)
