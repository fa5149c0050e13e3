"""The one envelope every message travels in."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from shared.clock import utcnow


@dataclass(frozen=True)
class Envelope:
    type: str
    version: int
    producer: str
    correlation_id: str
    payload: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(default_factory=lambda: utcnow().isoformat())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Envelope:
        # Consumers ignore fields they do not know, so producers can add them safely.
        return cls(
            id=str(data["id"]),
            type=str(data["type"]),
            version=int(data["version"]),
            occurred_at=str(data["occurred_at"]),
            producer=str(data["producer"]),
            correlation_id=str(data["correlation_id"]),
            payload=dict(data["payload"]),
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Envelope:
        return cls.from_dict(json.loads(text))

    @property
    def occurred(self) -> datetime:
        return datetime.fromisoformat(self.occurred_at)
