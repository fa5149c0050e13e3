"""The AsyncAPI 2.6 document and JSON Schema files for every event contract."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from shared.events.contracts import CONTRACTS, EventContract


def asyncapi_document(subscribers: Mapping[str, Sequence[str]]) -> dict:
    """`subscribers` maps event type to the services that consume it."""
    channels = {}
    messages = {}
    for contract in sorted(CONTRACTS.values(), key=lambda c: c.key):
        name = f"{contract.type}.v{contract.version}".replace(".", "_")
        messages[name] = {
            "name": contract.type,
            "title": f"{contract.type} (version {contract.version})",
            "summary": contract.summary,
            "contentType": "application/json",
            "payload": _without_meta(contract.envelope_schema()),
        }
        channel = f"{contract.exchange}/{contract.type}"
        entry = channels.setdefault(
            channel,
            {
                "description": f"Topic exchange {contract.exchange}, routing key {contract.type}. Consumed by: "
                + (", ".join(subscribers.get(contract.type, ())) or "nobody yet")
                + ".",
                "bindings": {
                    "amqp": {
                        "is": "routingKey",
                        "exchange": {"name": contract.exchange, "type": "topic", "durable": True, "autoDelete": False},
                    }
                },
                "subscribe": {
                    "operationId": f"{contract.producer}_publishes_{contract.type.replace('.', '_')}",
                    "message": {"oneOf": []},
                },
            },
        )
        entry["subscribe"]["message"]["oneOf"].append({"$ref": f"#/components/messages/{name}"})
    return {
        "asyncapi": "2.6.0",
        "info": {
            "title": "SaferGrants events",
            "version": "1.0.0",
            "description": "Every event that crosses between the bids, grants and notifications services. "
            "Each travels in the same envelope; consumers ignore fields they do not know.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "components": {"messages": messages},
    }


def _without_meta(schema: dict) -> dict:
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


def export(folder: Path, subscribers: Mapping[str, Sequence[str]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for contract in CONTRACTS.values():
        written.append(_write(folder / f"{contract.key}.schema.json", contract.envelope_schema()))
    written.append(_write(folder / "asyncapi.json", asyncapi_document(subscribers)))
    return written


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    return path


def contract_by_key(key: str) -> EventContract | None:
    return next((c for c in CONTRACTS.values() if c.key == key), None)
