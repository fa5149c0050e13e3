"""The principal carried by every request and every audit event, whatever signed them in."""

from __future__ import annotations

from dataclasses import dataclass

from shared.reference import CSP_BY_ID

OPCC = "opcc"
# Roles that act for one CSP: their principal must say which, or every CSP-scoped rule has nothing to check.
CSP_ROLES = ("csp_officer", "provider_contributor")
OPCC_ROLES = ("opcc_reviewer", "opcc_approver", "finance", "admin", "auditor")
# A person holds one SaferGrants role. When a directory assigns several, the first of these wins, so the
# answer never depends on the order a provider happens to list claims in.
ROLE_PRECEDENCE = (
    "admin",
    "opcc_approver",
    "opcc_reviewer",
    "finance",
    "auditor",
    "csp_officer",
    "provider_contributor",
)


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: str
    name: str
    email: str
    csp_id: str | None = None
    # The one bid a provider contributor was invited to; nothing else is theirs to see.
    bid_id: str | None = None
    # True for a service signed in with client credentials rather than a person.
    is_service: bool = False
    # For a provider contributor signed in through an invitation link: which invitation.
    invitation_id: str | None = None

    @property
    def is_opcc(self) -> bool:
        """OPCC staff and auditors: everyone who does not act for a CSP or a provider."""
        return self.role in OPCC_ROLES

    @property
    def organisation(self) -> str:
        """The organisation the principal acts for: a CSP's id, or the OPCC."""
        return self.csp_id or OPCC

    def belongs_to(self, csp_id: str) -> bool:
        return self.csp_id == csp_id


def organisation_may_hold(organisation: str, role: str) -> bool:
    """A council's directory may only make CSP officers; only the OPCC's may make OPCC staff.

    App roles in a multi-tenant app are assigned by each tenant's own administrators, so without this
    rule a council administrator could make themselves an OPCC approver.
    """
    if organisation == OPCC:
        return role in OPCC_ROLES
    return organisation in CSP_BY_ID and role in CSP_ROLES
