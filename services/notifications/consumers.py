"""Which events notifications handles, and with what."""

from services.notifications import handlers
from shared.config import Settings
from shared.messaging.consumer import Subscription


def subscriptions(settings: Settings) -> tuple[Subscription, ...]:
    return (
        Subscription("bids.events", "bid.submitted", handlers.notify_bid_submitted(settings)),
        Subscription("grants.events", "duplicate_check.completed", handlers.notify_duplicate_check(settings)),
        Subscription("bids.events", "bid.provider_invited", handlers.notify_provider_invited(settings)),
        Subscription("bids.events", "bid.withdrawn", handlers.notify_bid_withdrawn(settings)),
        Subscription("grants.events", "bid.returned", handlers.notify_bid_returned(settings)),
        Subscription("grants.events", "bid.decided", handlers.notify_bid_decided(settings)),
        Subscription("grants.events", "award.withdrawn", handlers.notify_award_withdrawn(settings)),
    )
