"""Which events grants handles, and with what."""

from services.grants import bid_copies, handlers, returns
from shared.config import Settings
from shared.messaging.consumer import Subscription


def subscriptions(settings: Settings) -> tuple[Subscription, ...]:
    return (
        Subscription("bids.events", "bid.submitted", handlers.on_bid_submitted(settings)),
        Subscription("bids.events", "bid.draft_saved", bid_copies.record_bid),
        Subscription("bids.events", "bid.draft_deleted", bid_copies.record_deletion),
        Subscription("bids.events", "bid.withdrawn", returns.on_bid_withdrawn(settings)),
    )
