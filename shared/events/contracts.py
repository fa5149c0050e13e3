"""Every event contract, by type and version.

`safergrants events export` writes them as JSON Schema files and an AsyncAPI document (docs/events/).
"""

from __future__ import annotations

from shared.events.bid_lifecycle_contracts import BID_DRAFT_DELETED_V1, BID_PROVIDER_INVITED_V1, BID_WITHDRAWN_V1
from shared.events.bids_contracts import (
    BID_DRAFT_SAVED_V1,
    BID_DRAFT_SAVED_V2,
    BID_SUBMITTED_V1,
    BID_SUBMITTED_V2,
)
from shared.events.contract import JSON_SCHEMA_DIALECT, EventContract
from shared.events.decision_contracts import AWARD_WITHDRAWN_V1, BID_DECIDED_V1
from shared.events.grants_contracts import (
    BID_RETURNED_V1,
    DUPLICATE_CHECK_COMPLETED_V1,
    ROUND_CLOSED_V1,
    ROUND_DECIDED_V1,
    ROUND_OPENED_V1,
    ROUND_OPENED_V2,
    ROUND_UPDATED_V1,
)

__all__ = [
    "AWARD_WITHDRAWN_V1",
    "BID_DECIDED_V1",
    "BID_DRAFT_DELETED_V1",
    "BID_PROVIDER_INVITED_V1",
    "BID_RETURNED_V1",
    "BID_WITHDRAWN_V1",
    "BID_DRAFT_SAVED_V1",
    "BID_DRAFT_SAVED_V2",
    "BID_SUBMITTED_V1",
    "BID_SUBMITTED_V2",
    "CONTRACTS",
    "DUPLICATE_CHECK_COMPLETED_V1",
    "JSON_SCHEMA_DIALECT",
    "ROUND_CLOSED_V1",
    "ROUND_DECIDED_V1",
    "ROUND_OPENED_V1",
    "ROUND_OPENED_V2",
    "ROUND_UPDATED_V1",
    "EventContract",
    "contract_for",
]

CONTRACTS: dict[tuple[str, int], EventContract] = {
    (c.type, c.version): c
    for c in (
        ROUND_OPENED_V1,
        ROUND_OPENED_V2,
        ROUND_UPDATED_V1,
        ROUND_CLOSED_V1,
        ROUND_DECIDED_V1,
        BID_SUBMITTED_V1,
        BID_SUBMITTED_V2,
        BID_DRAFT_SAVED_V1,
        BID_DRAFT_SAVED_V2,
        BID_DRAFT_DELETED_V1,
        DUPLICATE_CHECK_COMPLETED_V1,
        BID_PROVIDER_INVITED_V1,
        BID_WITHDRAWN_V1,
        BID_RETURNED_V1,
        BID_DECIDED_V1,
        AWARD_WITHDRAWN_V1,
    )
}


def contract_for(event_type: str, version: int) -> EventContract:
    try:
        return CONTRACTS[(event_type, version)]
    except KeyError:
        raise LookupError(f"no contract for {event_type} v{version}") from None


# JSON Schema counts 12500.0 as an integer; our producers must not: money is integer pence, never a float.
