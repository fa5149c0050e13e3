"""The bid journey over HTTP, step by step, shared by the production, embedded and crash tests.

A `Deployment` says where each service's API lives and how to get a token for a role; the steps
below only ever speak HTTP to it, so the same journey runs against six processes or one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import requests

from services.seed import financial_year_of
from shared.clock import today
from tests.e2e.processes import ApiClient, RunningProcess, demo_token, expect, poll

OFFICER = ("csp_officer", "melton")
OFFICER_EMAIL = "morgan.hale@melton.example"
EVIDENCE_NAME = "Project plan 2026.pdf"
EVIDENCE_BYTES = b"%PDF-1.4\n% SaferGrants e2e evidence\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"
SETTLE_SECONDS = 30.0


@dataclass(frozen=True)
class Deployment:
    """Where each service's API is (service -> base URL) and the token a demo role signs in with."""

    urls: dict[str, str]
    token_for: Callable[[str, str | None], str]
    watch: tuple[RunningProcess, ...] = ()

    def client(self, service: str, role: str, csp: str | None = None) -> ApiClient:
        return ApiClient(self.urls[service], self.token_for(role, csp))

    def officer(self) -> ApiClient:
        return self.client("bids", *OFFICER)

    def reviewer(self, service: str) -> ApiClient:
        return self.client(service, "opcc_reviewer", None)


def signed_tokens(var_dir: Path) -> Callable[[str, str | None], str]:
    """Development-identity tokens for the processes whose data (and signing key) is in var_dir."""
    return lambda role, csp=None: demo_token(var_dir, role, csp)


def round_fields(**overrides) -> dict:
    day = today()  # the services' own (UTC) idea of today
    return {
        "name": "Safer Streets Fund e2e",
        "financial_year": financial_year_of(day),
        "opens_on": (day - timedelta(days=1)).isoformat(),
        "closes_on": (day + timedelta(days=30)).isoformat(),
        "pot": "50000.00",
        "priorities": ["anti-social-behaviour", "domestic-abuse", "young-people-cyber-bullying"],
    } | overrides


def bid_fields(round_id: str, **overrides) -> dict:
    # In the financial year the rounds above fund (this one), which a bid must run in to be submitted.
    year = int(financial_year_of(today())[:4])
    budget_year = f"{year}-{(year + 1) % 100:02d}"
    return {
        "round_id": round_id,
        # Nothing in the demo register pays for this, so the duplicate check tells only the OPCC.
        "title": "Online safety workshops for Melton secondary schools",
        "summary": "Sessions for pupils and parents on cyberbullying, sextortion and reporting online harm.",
        "need": "Melton's schools reported 40 cases of online bullying to the police in 2025, twice 2023's.",
        "priorities": ["young-people-cyber-bullying"],
        "outcomes": [
            {
                "outcome": "Pupils know how to report online harm",
                "measure": "Survey before and after each session",
                "target": "80% of pupils can name two ways to report",
            }
        ],
        "delivery_provider": {"name": "Melton Digital Safety CIC", "type": "company", "company_number": "12345678"},
        "places": {"wards": [], "postcodes": ["LE13 1DB"]},
        "starts_on": f"{year}-09-01",
        "ends_on": f"{year + 1}-07-31",
        "budget_lines": [
            {"category": "services", "description": "Workshop facilitators", "amounts": {budget_year: "11,000.00"}},
            {"category": "equipment", "description": "Session materials", "amounts": {budget_year: "1,500.00"}},
        ],
        "risks": [{"risk": "Schools cannot fit sessions in", "mitigation": "Offer after-school and parent slots"}],
    } | overrides


def create_open_round(deployment: Deployment, **overrides) -> dict:
    """An OPCC approver creates a round on grants and opens it."""
    grants = deployment.client("grants", "opcc_approver")
    created = expect(grants.post("/rounds", json=round_fields(**overrides)), 201)
    assert created["status"] == "draft"
    opened = expect(grants.post(f"/rounds/{created['id']}/open"), 200)
    assert opened["status"] == "open"
    return opened


def wait_for_round_in_bids(deployment: Deployment, round_id: str | None = None) -> dict:
    """bids learns of an opened round only through `round.opened`: wait until it lists it as open."""
    bids = deployment.officer()

    def listed() -> dict | None:
        rounds = expect(bids.get("/rounds"), 200)
        return next((r for r in rounds if r["status"] == "open" and round_id in (None, r["round_id"])), None)

    return poll(listed, SETTLE_SECONDS, f"bids to list round {round_id or '(any)'} as open", deployment.watch)


def start_draft(deployment: Deployment, round_id: str, **overrides) -> dict:
    draft = expect(deployment.officer().post("/bids", json=bid_fields(round_id, **overrides)), 201)
    assert draft["status"] == "draft"
    assert draft["csp_id"] == "melton"
    return draft


def upload_evidence(
    deployment: Deployment, bid_id: str, content: bytes = EVIDENCE_BYTES, filename: str = EVIDENCE_NAME
) -> dict:
    files = {"file": (filename, content, "application/pdf")}
    evidence = expect(deployment.officer().post(f"/bids/{bid_id}/evidence", files=files), 201)
    assert evidence["size_bytes"] == len(content)
    assert evidence["sha256"] == hashlib.sha256(content).hexdigest()
    assert evidence["status"] == "scanning"
    return wait_until_scanned(deployment, bid_id, evidence["id"])


def wait_until_scanned(deployment: Deployment, bid_id: str, evidence_id: str) -> dict:
    """bids' worker (or the embedded task thread) scans each upload with clamd: wait until it passed it."""
    bids = deployment.officer()

    def judged() -> dict | None:
        evidence = expect(bids.get(f"/bids/{bid_id}/evidence/{evidence_id}"), 200)
        return evidence if evidence["status"] != "scanning" else None

    evidence = poll(judged, SETTLE_SECONDS, f"the virus scan of evidence {evidence_id}", deployment.watch)
    assert evidence["status"] == "clean", evidence
    return evidence


def download_evidence(deployment: Deployment, bid_id: str, evidence_id: str) -> requests.Response:
    """Ask bids for a short-lived link once the file is scanned, then follow it (to S3 or to bids' route)."""
    wait_until_scanned(deployment, bid_id, evidence_id)
    link = expect(deployment.officer().get(f"/bids/{bid_id}/evidence/{evidence_id}/download"), 200)
    assert link["expires_in_seconds"] > 0
    response = requests.get(link["url"], timeout=15)
    assert response.status_code == 200, f"download from {link['url']} answered {response.status_code}: {response.text}"
    return response


def assert_is_the_evidence(response: requests.Response, content: bytes = EVIDENCE_BYTES) -> None:
    assert response.content == content
    assert response.headers["Content-Type"].startswith("application/pdf")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment"), disposition
    assert "Project plan 2026.pdf" in disposition or "Project%20plan%202026.pdf" in disposition, disposition


def submit(deployment: Deployment, bid_id: str) -> dict:
    submitted = expect(deployment.officer().post(f"/bids/{bid_id}/submit"), 200)
    assert submitted["status"] == "submitted"
    return submitted


def review_items(deployment: Deployment, bid_id: str) -> list[dict]:
    return [item for item in expect(deployment.reviewer("grants").get("/reviews"), 200) if item["bid_id"] == bid_id]


def wait_for_review(deployment: Deployment, bid_id: str) -> dict:
    items = poll(
        lambda: review_items(deployment, bid_id), SETTLE_SECONDS, f"bid {bid_id} in grants' reviews", deployment.watch
    )
    return items[0]


def notifications_about(deployment: Deployment, bid_id: str) -> list[dict]:
    """Every notification about the bid (the OPCC sees them all); each one's body carries the bid's id."""
    listed = expect(deployment.reviewer("notifications").get("/notifications"), 200)
    return [n for n in listed if bid_id in n["body"]]


def wait_for_sent_notifications(deployment: Deployment, bid_id: str, count: int = 3) -> list[dict]:
    def all_sent() -> list[dict] | None:
        found = notifications_about(deployment, bid_id)
        return found if len(found) >= count and all(n["status"] == "sent" for n in found) else None

    return poll(all_sent, SETTLE_SECONDS, f"{count} sent notifications about bid {bid_id}", deployment.watch)


def by_kind(notifications: Iterable[dict]) -> dict[str, list[dict]]:
    kinds: dict[str, list[dict]] = {}
    for notification in notifications:
        kinds.setdefault(notification["kind"], []).append(notification)
    return kinds


def decide(deployment: Deployment, bid_id: str, **fields) -> dict:
    """An OPCC approver decides the bid in grants; returns the bid as bids shows it once the decision arrives."""
    approver = deployment.client("grants", "opcc_approver", None)
    expect(approver.post(f"/reviews/{bid_id}/decision", json=fields), 200)

    def arrived() -> dict | None:
        bid = expect(deployment.officer().get(f"/bids/{bid_id}"), 200)
        return bid if bid["status"] == fields["outcome"] else None

    return poll(arrived, SETTLE_SECONDS, f"bid {bid_id} {fields['outcome']} in bids", deployment.watch)


def acknowledgement_subject(title: str) -> str:
    return f"We have received your bid: {title}"


def duplicate_check_subject(title: str) -> str:
    """The start of the reviewers' subject; the counts that follow depend on the register."""
    return f"Duplicate-funding check: {title} ("


def new_bid_subject(title: str) -> str:
    return f"New bid from Melton: {title}"
