"""Which events grants handles, and with what."""

from services.grants import handlers
from shared.config import Settings
from shared.messaging.consumer import Subscription


def subscriptions(settings: Settings) -> tuple[Subscription, ...]:
    return (Subscription("bids.events", "bid.submitted", handlers.record_submitted_bid),)
