"""Writing events: the state change and its event commit in one transaction (no dual writes)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from shared.clock import utcnow
from shared.context import correlation_id
from shared.events import Envelope, contract_for
from shared.messaging.tables import MessagingTables


class Outbox:
    """Records events for one producing service inside the caller's transaction."""

    def __init__(self, tables: MessagingTables, producer: str):
        self.tables = tables
        self.producer = producer

    def record(self, session: Session, event_type: str, payload: dict[str, Any], version: int = 1) -> Envelope:
        contract = contract_for(event_type, version)
        if contract.producer != self.producer:
            raise ValueError(f"{self.producer} may not publish {event_type}")
        envelope = Envelope(
            type=event_type,
            version=version,
            producer=self.producer,
            correlation_id=correlation_id(),
            payload=payload,
        )
        # Refuse to store an event its consumers could not read: the contract is the promise.
        contract.validate(envelope.to_dict())
        now = utcnow()
        session.execute(
            self.tables.outbox.insert().values(
                id=envelope.id,
                event_type=event_type,
                exchange=contract.exchange,
                body=envelope.to_json(),
                created_at=now,
                next_attempt_at=now,
                attempts=0,
            )
        )
        return envelope
