"""A CSP officer invites a delivery provider to a bid, lists the invitations, and revokes them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.bids import handlers
from services.bids.audit import audit
from services.bids.invitations import ProviderInvitation, active_invitation, invitations_of
from services.bids.models import Bid
from shared.auth.invitations import CODE_MAX_AGE, InvitationCode, make_code
from shared.auth.principal import Principal
from shared.clock import utcnow
from shared.config import Settings
from shared.http.problems import DomainProblem
from shared.messaging.outbox import Outbox
from shared.reference import CSP_BY_ID

# The title travels in the signed link so the front door can name the bid; a short one keeps links short.
TITLE_IN_LINK = 120


def invite(
    session: Session, outbox: Outbox, settings: Settings, principal: Principal, bid_id: str, email: str, name: str
) -> ProviderInvitation:
    """Invite one person by email; a new invitation to the same email replaces (revokes) the last one."""
    bid = handlers.get_bid(session, principal, bid_id)
    _require_editable(bid)
    email = email.strip().lower()
    replaced = [i.id for i in invitations_of(session, bid.id) if i.email == email and i.revoke()]
    invitation = ProviderInvitation(
        bid_id=bid.id,
        csp_id=bid.csp_id,
        email=email,
        name=name.strip(),
        status="active",
        invited_by=_person(principal),
        created_at=utcnow(),
    )
    session.add(invitation)
    session.flush()
    changes = {"invitation": {"before": None, "after": invitation.describe()}}
    if replaced:
        changes["replaced_invitations"] = {"before": replaced, "after": None}
    audit.record(session, "bid.provider_invited", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    code = InvitationCode(invitation.id, bid.id, bid.csp_id, email, invitation.name, bid.title[:TITLE_IN_LINK])
    outbox.record(
        session,
        "bid.provider_invited",
        {
            "invitation_id": invitation.id,
            "bid_id": bid.id,
            "csp_id": bid.csp_id,
            "csp_name": CSP_BY_ID[bid.csp_id].name,
            "bid_title": bid.title,
            "invitee": {"email": email, "name": invitation.name},
            "invited_by": invitation.invited_by,
            "code": make_code(settings, code),
            "expires_at": (invitation.created_at + CODE_MAX_AGE).isoformat(),
        },
    )
    return invitation


def invitations(session: Session, principal: Principal, bid_id: str) -> list[ProviderInvitation]:
    return invitations_of(session, handlers.get_bid(session, principal, bid_id).id)


def revoke(session: Session, principal: Principal, bid_id: str, invitation_id: str) -> ProviderInvitation:
    """Revoke at once, whatever state the bid is in; revoking a revoked invitation changes nothing."""
    bid = handlers.get_bid(session, principal, bid_id)
    invitation = session.get(ProviderInvitation, invitation_id)
    if invitation is None or invitation.bid_id != bid.id:
        raise DomainProblem("There is no invitation with that id on this bid", status=404, kind="not-found")
    if invitation.revoke():
        changes = {
            "invitation": {"before": {**invitation.describe(), "status": "active"}, "after": invitation.describe()}
        }
        audit.record(session, "bid.provider_invitation_revoked", "bid", bid.id, csp_id=bid.csp_id, changes=changes)
    return invitation


def note_use(session: Session, principal: Principal, bid_id: str) -> None:
    """Stamp the invitation a provider just changed the bid through: the CSP sees when it was last used."""
    invitation = active_invitation(session, principal, bid_id)
    if invitation is not None:
        invitation.last_used_at = utcnow()


def _require_editable(bid: Bid) -> None:
    # Bid.require_editable (drafts and returned bids) where bid content provides it; drafts only before.
    getattr(bid, "require_editable", bid.require_draft)()


def _person(principal: Principal) -> dict:
    return {"user_id": principal.user_id, "name": principal.name, "email": principal.email}
