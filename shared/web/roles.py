"""How the front door names each role, and what each may do (the permission table, in words)."""

from __future__ import annotations

ROLE_NAMES = {
    "csp_officer": "CSP officer",
    "provider_contributor": "Delivery provider contributor",
    "opcc_reviewer": "OPCC reviewer",
    "opcc_approver": "OPCC approver",
    "finance": "Finance",
    "admin": "Administrator",
    "auditor": "Auditor",
}

ROLE_SUMMARIES = {
    "csp_officer": "Drafts, checks for duplicate funding and submits their own CSP's bids, with evidence.",
    "provider_contributor": (
        "Completes the provider sections of, and adds evidence to, the one bid a CSP invited them to; "
        "sees nothing else."
    ),
    "opcc_reviewer": "Runs rounds and allocations, reviews every bid, decides on duplicate-funding findings.",
    "opcc_approver": "Everything a reviewer can do, and decides bids: awards them, with conditions, or declines them.",
    "finance": "Reads every round, bid, allocation and the funding register; changes nothing.",
    "admin": "Sets up rounds, allocations and the funding register; sees the review queue.",
    "auditor": "Reads everything, including reviews and audit trails; changes nothing.",
}
