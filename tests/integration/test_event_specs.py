"""The event contracts as published: JSON Schema files and the AsyncAPI document, kept in step with code."""

import json
from pathlib import Path

import jsonschema

from services import registry
from shared.config import load_settings
from shared.events import CONTRACTS
from shared.events.asyncapi import asyncapi_document, export

ROOT = Path(__file__).resolve().parents[2]
ASYNCAPI_SCHEMA = ROOT / "tests" / "schemas" / "asyncapi-2.6.0.json"


def _document() -> dict:
    return asyncapi_document(registry.subscribers(load_settings({"SECRET_KEY": "x"})))


def test_the_asyncapi_document_is_valid_asyncapi_2_6():
    schema = json.loads(ASYNCAPI_SCHEMA.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class(schema).validate(_document())


def test_the_asyncapi_document_lists_every_contract_and_who_consumes_it():
    document = _document()
    messages = document["components"]["messages"]
    assert {m["name"] for m in messages.values()} == {c.type for c in CONTRACTS.values()}
    submitted = document["channels"]["bids.events/bid.submitted"]["description"]
    assert "grants" in submitted and "notifications" in submitted


def test_the_committed_event_specs_match_the_code(tmp_path):
    export(tmp_path, registry.subscribers(load_settings({"SECRET_KEY": "x"})))
    for generated in tmp_path.iterdir():
        committed = ROOT / "docs" / "events" / generated.name
        assert committed.exists(), f"{committed} is missing: run `make export`"
        assert committed.read_text() == generated.read_text(), f"{committed} is stale: run `make export`"


def test_each_exported_schema_is_a_valid_json_schema():
    for contract in CONTRACTS.values():
        jsonschema.Draft202012Validator.check_schema(contract.envelope_schema())
