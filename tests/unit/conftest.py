"""Factories for domain objects held in memory only: no database, no app, no clock but the one given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from services.bids.models import Bid, EvidenceFile, RoundCopy
from services.grants.models import FundingRound
from shared.auth.dev_identity import demo_principal

OPENS = date(2026, 4, 1)
CLOSES = date(2026, 6, 30)
DURING = date(2026, 5, 15)


@pytest.fixture
def make_round() -> Callable[..., FundingRound]:
    """`make_round(pot_pence=0)`: grants' FundingRound.draft with valid defaults and the overrides given."""

    def make(**overrides) -> FundingRound:
        fields = {
            "name": "Community Safety Fund 2026/27",
            "financial_year": "2026/27",
            "opens_on": OPENS,
            "closes_on": CLOSES,
            "pot_pence": 25_000_000,
            "priorities": ["anti-social-behaviour", "domestic-abuse"],
            "created_by": "u-opcc-approver",
        } | overrides
        return FundingRound.draft(**fields)

    return make


@pytest.fixture
def make_round_copy() -> Callable[..., RoundCopy]:
    """bids' copy of an open round (1 April to 30 June 2026), with overrides."""

    def make(**overrides) -> RoundCopy:
        fields = {
            "round_id": "round-2026-27",
            "name": "Community Safety Fund 2026/27",
            "financial_year": "2026/27",
            "opens_on": OPENS,
            "closes_on": CLOSES,
            "pot_pence": 25_000_000,
            "priorities": ["anti-social-behaviour", "domestic-abuse"],
            "status": "open",
        } | overrides
        return RoundCopy(**fields)

    return make


@pytest.fixture
def make_evidence() -> Callable[..., EvidenceFile]:
    def make(**overrides) -> EvidenceFile:
        fields = {
            "id": "0b7f0c7e-52d4-4f7e-9a57-3c0d2b1f9a10",
            "bid_id": "bid-1",
            "filename": "project-plan.pdf",
            "content_type": "application/pdf",
            "size_bytes": 2048,
            "sha256": "a" * 64,
            "storage_key": "evidence/bid-1/0b7f0c7e-52d4-4f7e-9a57-3c0d2b1f9a10",
            "uploaded_by": "u-csp-melton",
            "status": "clean",
        } | overrides
        return EvidenceFile(**fields)

    return make


@pytest.fixture
def make_bid(make_evidence) -> Callable[..., Bid]:
    """`make_bid(title="")`: a Melton draft complete enough to submit, unless the overrides say otherwise."""

    def make(**overrides) -> Bid:
        officer = demo_principal("csp_officer", "melton")
        fields = {
            "id": "bid-1",
            "round_id": "round-2026-27",
            "csp_id": "melton",
            "title": "Town centre night-time patrols",
            "summary": "Street Pastors patrol Melton Mowbray town centre on Friday and Saturday nights.",
            "need": "Night-time anti-social behaviour reports in the town centre rose by a third in 2025.",
            "amount_requested_pence": 1_250_000,
            "priorities": ["anti-social-behaviour"],
            "outcomes": [{"outcome": "Fewer reports at night", "measure": "Police data", "target": "20% fewer"}],
            "delivery_provider_name": "Melton Street Pastors",
            "provider_type": "charity",
            "charity_number": "1123456",
            "wards": ["Melton Craven"],
            "postcodes": ["LE13 0PB"],
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2027, 3, 31),
            "budget_lines": [
                {"category": "staff", "description": "Patrol coordinator", "amounts": {"2026-27": 1_000_000}},
                {"category": "equipment", "description": "Radios", "amounts": {"2026-27": 250_000}},
            ],
            "other_funding": [],
            "match_funding": [],
            "risks": [{"risk": "Too few volunteers", "mitigation": "A shared rota"}],
            "status": "draft",
            "version": 1,
            "created_by": {"user_id": officer.user_id, "name": officer.name, "email": officer.email},
            "evidence": [make_evidence()],
        } | overrides
        return Bid(**fields)

    return make
