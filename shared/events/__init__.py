"""Event envelope and the versioned contracts of every event type."""

from shared.events.contracts import CONTRACTS, EventContract, contract_for
from shared.events.envelope import Envelope

__all__ = ["CONTRACTS", "Envelope", "EventContract", "contract_for"]
