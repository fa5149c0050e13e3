"""Who may do what: one table for every operation of every service.

Each row is an operation as its service's OpenAPI spec names it, and one column per role:
  ALL      - allowed, over every CSP's rows
  OWN      - allowed, over the rows of the principal's own CSP only (or, for notifications, their own)
  INV      - allowed, over the one bid a provider contributor was invited to and its evidence
  __       - refused (403)
The column gives the scope the data layer applies (`shared.auth.scoping`): a CSP officer asking for
another CSP's bid is told it does not exist, never shown it. An operation missing from this table is
refused for everyone, and the access-matrix test fails until it has a row.
"""

from __future__ import annotations

from typing import Literal

Scope = Literal["all", "own", "invited"]
ALL: Scope = "all"
OWN: Scope = "own"
INV: Scope = "invited"
__ = None

COLUMNS = ("csp_officer", "provider_contributor", "opcc_reviewer", "opcc_approver", "finance", "admin", "auditor")

# fmt: off
#                                                                          csp  prov rev  appr fin  adm  aud
_TABLE: dict[str, dict[str, tuple[Scope | None, ...]]] = {
    "bids": {
        "GET /rounds":                                                    (ALL, ALL, ALL, ALL, ALL, ALL, ALL),
        "GET /bids":                                                      (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        "POST /bids":                                                     (OWN, __ , __ , __ , __ , __ , __ ),
        "GET /bids/{bid_id}":                                             (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        "PATCH /bids/{bid_id}":                                           (OWN, __ , __ , __ , __ , __ , __ ),
        # Deleting a draft is the CSP's own housekeeping: a provider helps with a bid, never removes it.
        "DELETE /bids/{bid_id}":                                          (OWN, __ , __ , __ , __ , __ , __ ),
        "POST /bids/{bid_id}/submit":                                     (OWN, __ , __ , __ , __ , __ , __ ),
        "GET /bids/{bid_id}/evidence":                                    (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        "POST /bids/{bid_id}/evidence":                                   (OWN, INV, __ , __ , __ , __ , __ ),
        "GET /bids/{bid_id}/evidence/{evidence_id}":                      (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        # A provider may remove only files they uploaded themselves (EvidenceFile.may_be_removed_by).
        "DELETE /bids/{bid_id}/evidence/{evidence_id}":                   (OWN, INV, __ , __ , __ , __ , __ ),
        "GET /bids/{bid_id}/evidence/{evidence_id}/download":             (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        # Re-use, invitations and life after submission (issue 4). Only the CSP manages who is invited.
        "POST /bids/{bid_id}/clone":                                      (OWN, __ , __ , __ , __ , __ , __ ),
        "GET /bids/{bid_id}/invitations":                                 (OWN, __ , ALL, ALL, ALL, ALL, ALL),
        "POST /bids/{bid_id}/invitations":                                (OWN, __ , __ , __ , __ , __ , __ ),
        "DELETE /bids/{bid_id}/invitations/{invitation_id}":              (OWN, __ , __ , __ , __ , __ , __ ),
        "POST /bids/{bid_id}/withdraw":                                   (OWN, __ , __ , __ , __ , __ , __ ),
        # The provider sections: an invited provider writes them, as the CSP may (services/bids/provider_sections.py).
        "PATCH /bids/{bid_id}/provider":                                  (OWN, INV, __ , __ , __ , __ , __ ),
        # Submitted versions: what was sent, exactly; a provider reads those of the bid they work on.
        "GET /bids/{bid_id}/versions":                                    (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        "GET /bids/{bid_id}/versions/{version}":                          (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        "GET /bids/{bid_id}/versions/{version}/diff":                     (OWN, INV, ALL, ALL, ALL, ALL, ALL),
        "GET /audit/{entity_type}/{entity_id}":                           (OWN, __ , ALL, ALL, ALL, ALL, ALL),
    },
    "grants": {
        # To CSP and provider roles a draft round, and so its allocations, does not exist until it opens
        # (FundingRound.visible_to): a 404, as for a round that never was.
        "GET /rounds":                                                    (ALL, ALL, ALL, ALL, ALL, ALL, ALL),
        "POST /rounds":                                                   (__ , __ , ALL, ALL, __ , ALL, __ ),
        "GET /rounds/{round_id}":                                         (ALL, ALL, ALL, ALL, ALL, ALL, ALL),
        "PATCH /rounds/{round_id}":                                       (__ , __ , ALL, ALL, __ , ALL, __ ),
        "POST /rounds/{round_id}/open":                                   (__ , __ , ALL, ALL, __ , ALL, __ ),
        "POST /rounds/{round_id}/close":                                  (__ , __ , ALL, ALL, __ , ALL, __ ),
        "POST /rounds/{round_id}/decide":                                 (__ , __ , ALL, ALL, __ , ALL, __ ),
        # Indicative allocations are published to every CSP with the round: each sees what the others were offered.
        "GET /rounds/{round_id}/allocations":                             (ALL, __ , ALL, ALL, ALL, ALL, ALL),
        "PUT /rounds/{round_id}/allocations":                             (__ , __ , ALL, ALL, __ , ALL, __ ),
        "POST /rounds/{round_id}/allocations/formula":                    (__ , __ , ALL, ALL, __ , ALL, __ ),
        "GET /reviews":                                                   (__ , __ , ALL, ALL, __ , ALL, ALL),
        "GET /reviews/{bid_id}":                                          (__ , __ , ALL, ALL, __ , ALL, ALL),
        # Returning a bid for amendment is a judgement on it, as deciding a finding is: not the admin's.
        "POST /reviews/{bid_id}/return":                                  (__ , __ , ALL, ALL, __ , __ , __ ),
        # An approver decides, so a second person stands behind the reviewer's assessment of every bid.
        "POST /reviews/{bid_id}/decision":                                (__ , __ , __ , ALL, __ , __ , __ ),
        "POST /reviews/{bid_id}/duplicate-check":                         (__ , __ , ALL, ALL, __ , __ , __ ),
        "PUT /reviews/{bid_id}/findings/{kind}/{candidate_id}/decision":  (__ , __ , ALL, ALL, __ , __ , __ ),
        "POST /register/imports":                                         (__ , __ , ALL, ALL, __ , ALL, __ ),
        # The register is open to CSPs (transparency is the point); records marked confidential are not.
        "GET /register/records":                                          (ALL, __ , ALL, ALL, ALL, ALL, ALL),
        "GET /register/records/{record_id}":                              (ALL, __ , ALL, ALL, ALL, ALL, ALL),
        "PATCH /register/records/{record_id}":                            (__ , __ , ALL, ALL, __ , ALL, __ ),
        # Our own awards as 360Giving data, to whoever may read the register (confidential records never).
        "GET /register/exports/360giving":                                (ALL, __ , ALL, ALL, ALL, ALL, ALL),
        "GET /duplicate-checks/bids/{bid_id}":                            (OWN, __ , ALL, ALL, __ , ALL, ALL),
        "GET /audit/{entity_type}/{entity_id}":                           (OWN, __ , ALL, ALL, ALL, ALL, ALL),
    },
    "notifications": {
        "GET /notifications":                                             (OWN, OWN, ALL, ALL, ALL, ALL, ALL),
        "GET /notifications/{notification_id}":                           (OWN, OWN, ALL, ALL, ALL, ALL, ALL),
        "GET /audit/{entity_type}/{entity_id}":                           (OWN, __ , ALL, ALL, ALL, ALL, ALL),
    },
}
# fmt: on

# Open to anyone: liveness, readiness and the published specs. Local evidence links carry their own
# short-lived signature, issued only after the download operation above was allowed.
PUBLIC = frozenset(
    {"GET /healthz", "GET /readyz", "GET /openapi.json", "GET /asyncapi.json", "GET /evidence-downloads/{token}"}
)


def operations(service: str) -> dict[str, dict[str, Scope | None]]:
    """The service's operations, each as role -> scope (None: refused)."""
    return {operation: dict(zip(COLUMNS, row, strict=True)) for operation, row in _TABLE[service].items()}


def scope_for(service: str, operation: str, role: str) -> Scope | None:
    """The role's scope over the operation; None when the role, or the operation, is not in the table."""
    row = _TABLE.get(service, {}).get(operation)
    if row is None or role not in COLUMNS:
        return None
    return row[COLUMNS.index(role)]


def is_listed(service: str, operation: str) -> bool:
    return operation in PUBLIC or operation in _TABLE.get(service, {})
