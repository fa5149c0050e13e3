"""Which events bids handles, and with what."""

from services.bids import handlers, lifecycle
from shared.config import Settings
from shared.messaging.consumer import Subscription


def subscriptions(settings: Settings) -> tuple[Subscription, ...]:
    return (
        Subscription("grants.events", "round.opened", handlers.record_round),
        Subscription("grants.events", "round.updated", handlers.record_round),
        Subscription("grants.events", "round.closed", handlers.record_round_closed),
        Subscription("grants.events", "round.decided", handlers.record_round_decided),
        Subscription("grants.events", "bid.returned", lifecycle.record_return),
        Subscription("grants.events", "bid.decided", lifecycle.record_decision),
    )
