"""Deleting a draft started by mistake, or to try things out: gone from the CSP's lists, its allocation
summary and other CSPs' duplicate checks, but kept, with its history, for the audit trail."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.bids.audit import audit
from services.bids.drafts import etag, flush_or_refuse
from services.bids.handlers import get_bid
from services.bids.invitations import invitations_of
from services.bids.models import Bid
from shared.audit import diff, snapshot
from shared.auth.principal import Principal
from shared.http.preconditions import require_match
from shared.messaging.outbox import Outbox

DRAFT_DELETED_VERSION = 1
# Deleting what a colleague saved after you loaded it would throw away work you have not seen.
STALE = (
    "Someone else saved changes to this draft since you loaded it. Reload the draft to see their changes "
    "before you delete it: it has not been deleted"
)


def delete_draft(
    session: Session, outbox: Outbox, principal: Principal, bid_id: str, based_on: frozenset[str] | None
) -> Bid:
    """`based_on`: the ETags the request's If-Match names, as for a save; the draft must not have changed.

    Evidence files already uploaded stay in storage, as the rows that name them do: the draft is recoverable
    from its rows, and nobody can reach the files through a bid that is not found.
    """
    bid = get_bid(session, principal, bid_id)
    bid.require_deletable()  # a submitted bid says so, rather than asking for a version it would refuse anyway
    require_match(based_on, etag(bid), stale=STALE)
    # A provider invited to help with the draft has nothing left to help with: their link stops working.
    revoked = [invitation.id for invitation in invitations_of(session, bid.id) if invitation.revoke()]
    before = snapshot(bid, ("status",))
    bid.delete(principal)
    flush_or_refuse(session)
    changes = diff(before, snapshot(bid, ("status",)))
    if revoked:
        changes["revoked_invitations"] = {"before": revoked, "after": None}
    audit.record(session, "bid.draft_deleted", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    payload = {
        "bid_id": bid.id,
        "round_id": bid.round_id,
        "csp_id": bid.csp_id,
        # The bid's own stamp, as `saved_at` is: later than every save, so grants can tell a late save apart.
        "deleted_at": bid.updated_at.isoformat(),
    }
    outbox.record(session, "bid.draft_deleted", payload, version=DRAFT_DELETED_VERSION)
    return bid
