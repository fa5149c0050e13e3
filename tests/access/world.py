"""One world for the access matrix: Melton (the acting CSP) and Charnwood (the other), made through the APIs.

Every secret string a CSP must never see of another (titles, summaries, ids, e-mail addresses) is kept
here, so a check can look for all of them in any response. Throwaway rounds and bids for the cases that
change state are made on demand (`fresh_draft`, `fresh_round`) and never reused.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from flask.testing import FlaskClient

from services.bids.models import Bid, EvidenceFile
from services.bids.versions import BidVersion
from services.grants.register.model import RegisterRecord
from services.notifications.models import Notification
from shared.auth.dev_identity import DevelopmentIdentity, demo_principal
from shared.auth.principal import Principal
from shared.auth.scoping import SYSTEM, acting_as
from shared.clock import today, utcnow
from shared.db import unit_of_work
from tests.access.system import System, deliver_events, scan_evidence
from tests.api.factories import MELTON_BID
from tests.api.test_duplicate_check import CONFIDENTIAL_MELTON, HEADER, SAFER_STREETS_MELTON

OWN, OTHER = "melton", "charnwood"
# Every bid does the same thing in the same place, so each one's duplicate check finds the other CSP's bids:
# a Melton officer must be told they exist and shown nothing of them.
ASB_SUMMARY = "A dedicated officer tackling anti-social behaviour in Melton Mowbray town centre with businesses"
# The title prefixes: a Melton officer must never see CHARNWOOD-SECRET, nor a provider another Melton bid's.
TITLES = {
    (OWN, "draft"): "MELTON-SECRET-INVITED ASB project officer, Melton town centre",
    (OWN, "uninvited"): "MELTON-SECRET-UNINVITED ASB project officer, Melton town centre",
    (OWN, "submitted"): "MELTON-SECRET-SUBMITTED ASB project officer, Melton town centre",
    (OTHER, "draft"): "CHARNWOOD-SECRET-DRAFT ASB project officer, Melton town centre",
    (OTHER, "submitted"): "CHARNWOOD-SECRET-SUBMITTED ASB project officer, Melton town centre",
}


def round_body(name: str = "Matrix fund", pot: str = "250000.00") -> dict:
    return {
        "name": name,
        "financial_year": "2026/27",
        "opens_on": (today() - timedelta(days=14)).isoformat(),
        "closes_on": (today() + timedelta(days=60)).isoformat(),
        "pot": pot,
        "priorities": ["anti-social-behaviour", "domestic-abuse"],
    }


def bid_body(title: str, round_id: str) -> dict:
    """A complete bid for a small sum, so the matrix's many submissions stay within the CSP's allocation."""
    return MELTON_BID | {
        "round_id": round_id,
        "title": title,
        "summary": f"{title.split()[0]}-SUMMARY {ASB_SUMMARY}",
        "delivery_provider": {
            "name": "Melton Borough Council",
            "type": "local_authority",
            "local_authority_code": "E07000133",
        },
        "budget_lines": [{"category": "staff", "description": "ASB officer", "amounts": {"2026-27": "250.00"}}],
    }


def csv_upload(*rows: str, name: str = "register.csv") -> dict:
    return {"file": (io.BytesIO((HEADER + "".join(rows)).encode()), name, "text/csv")}


@dataclass
class World:
    system: System
    round_id: str = ""
    scratch_round_id: str = ""  # a draft round that PATCH and allocation cases change again and again
    bids: dict[tuple[str, str], str] = field(default_factory=dict)  # (csp, "draft"|"uninvited"|"submitted")
    evidence: dict[str, str] = field(default_factory=dict)  # bid id -> evidence id
    files: dict[str, bytes] = field(default_factory=dict)  # evidence id -> content
    findings: dict[str, tuple[str, str]] = field(default_factory=dict)  # submitted bid id -> (kind, candidate)
    notes: dict[str, str] = field(default_factory=dict)  # "melton", "charnwood", "colleague", "provider" -> id
    records: dict[str, str] = field(default_factory=dict)  # "public", "confidential" -> register record id
    made: dict[str, list[str]] = field(default_factory=lambda: {OWN: [], OTHER: []})  # bid, evidence ids by CSP
    mail: dict[str, list[str]] = field(default_factory=lambda: {OWN: [], OTHER: []})  # notification ids by CSP
    _identity: DevelopmentIdentity | None = None
    _tokens: dict[Principal, dict] = field(default_factory=dict)
    _count: itertools.count = field(default_factory=itertools.count)

    def client(self, service: str) -> FlaskClient:
        return self.system.clients[service]

    def headers(self, principal: Principal) -> dict[str, str]:
        if principal not in self._tokens:
            if self._identity is None:
                settings = self.system.settings
                self._identity = DevelopmentIdentity.load(settings.var_dir, settings.production)
            token = self._identity.issue(principal, timedelta(hours=2))
            self._tokens[principal] = {"Authorization": f"Bearer {token}"}
        return self._tokens[principal]

    def actor(self, role: str) -> Principal:
        """Who acts in the matrix: Melton's officer, the provider invited to Melton's draft, or OPCC staff."""
        if role == "provider_contributor":
            return demo_principal(role, OWN, self.bids[(OWN, "draft")])
        return demo_principal(role, OWN if role == "csp_officer" else None)

    def as_officer(self, csp: str) -> dict[str, str]:
        return self.headers(demo_principal("csp_officer", csp))

    def as_opcc(self) -> dict[str, str]:
        return self.headers(demo_principal("opcc_reviewer"))

    def call(self, service: str, method: str, path: str, expect: int, **kwargs) -> dict | list:
        response = self.client(service).open(path, method=method, **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.get_json())
        return response.get_json()

    # Throwaway objects for the cases that change state ------------------------------------------------

    def fresh_draft(self, csp: str, with_evidence: bool = True) -> str:
        title = f"{csp.upper()}-SECRET-FRESH-{next(self._count)} ASB project officer"
        bid = self.call("bids", "POST", "/bids", 201, json=bid_body(title, self.round_id), headers=self.as_officer(csp))
        self.made[csp].append(bid["id"])
        if with_evidence:  # not through the API: throwaway bids would use up the upload rate limit
            self.throwaway_evidence(csp, bid["id"], f"{csp.upper()}-SECRET-FILE fresh".encode())
        return bid["id"]

    def upload(self, csp: str, bid_id: str, content: bytes) -> str:
        """A PDF holding `content`, uploaded by the CSP's officer, then passed by the virus scan."""
        content = b"%PDF-1.7\n" + content  # only what sniffs as an allowed type is taken
        data = {"file": (io.BytesIO(content), f"{csp}-secret-plan.pdf", "application/pdf")}
        path = f"/bids/{bid_id}/evidence"
        evidence = self.call("bids", "POST", path, 201, data=data, headers=self.as_officer(csp))
        scan_evidence(self.system)
        self.evidence.setdefault(bid_id, evidence["id"])
        self.files[evidence["id"]] = content
        self.made[csp].append(evidence["id"])
        return evidence["id"]

    def throwaway_evidence(self, csp: str, bid_id: str, content: bytes, uploader: Principal | None = None) -> str:
        """A clean file made through bids' handler rather than its API, so the cases that remove one each
        do not use up the officer's upload allowance (30 a minute)."""
        from services.bids.evidence import add_evidence

        bids = self.system.runtimes["bids"]
        uploader = uploader or demo_principal("csp_officer", csp)
        made = add_evidence(
            bids.session_factory,
            bids.evidence,
            bids.settings.evidence,
            uploader,
            bid_id,
            "plan.pdf",
            io.BytesIO(b"%PDF-1.7\n" + content),
        )
        scan_evidence(self.system)
        self.made[csp].append(made.id)
        return made.id

    def fresh_round(self, status: str) -> str:
        """A round made for one case: "draft", "open" or "closed" (never told to bids)."""
        created = self.call("grants", "POST", "/rounds", 201, json=round_body("Throwaway"), headers=self.as_opcc())
        for step in {"draft": (), "open": ("open",), "closed": ("open", "close")}[status]:
            self.call("grants", "POST", f"/rounds/{created['id']}/{step}", 200, headers=self.as_opcc())
        return created["id"]

    def secrets(self) -> set[str]:
        """Every string about either CSP's private data; none may appear in a refusal."""
        return self.foreign(OWN) | self.foreign(OTHER) | {"MELTON-SECRET", "CHARNWOOD-SECRET"}

    def foreign(self, csp: str, provider: bool = False) -> set[str]:
        """What a principal of `csp` must not see: the other CSP's secrets (and, for a provider, every
        Melton bid but the one they were invited to, its evidence, and every Melton message not to them)."""
        other = OTHER if csp == OWN else OWN
        found = {f"{other.upper()}-SECRET", other, f"morgan.hale@{other}.example", *self.made[other], *self.mail[other]}
        if provider:
            invited = self.bids[(OWN, "draft")]
            found |= {"MELTON-SECRET-UNINVITED", "MELTON-SECRET-SUBMITTED", "MELTON-SECRET-FRESH"}
            # Every file on the invited bid is theirs to see, whoever uploaded it and whichever case made it.
            theirs = {invited} | {
                row.id for row in self.system.rows("bids", EvidenceFile, EvidenceFile.bid_id == invited)
            }
            found |= {id_ for id_ in self.made[OWN] if id_ not in theirs}
            found |= {id_ for id_ in self.mail[OWN] if id_ != self.notes["provider"]}
        return found


def build_world(system: System) -> World:
    world = World(system)
    opcc = world.as_opcc()
    world.call(
        "grants",
        "POST",
        "/register/imports",
        200,
        data=csv_upload(SAFER_STREETS_MELTON, CONFIDENTIAL_MELTON),
        headers=opcc,
        content_type="multipart/form-data",
    )
    for record in system.rows("grants", RegisterRecord):
        world.records["confidential" if record.confidential else "public"] = record.id

    world.round_id = world.call("grants", "POST", "/rounds", 201, json=round_body(), headers=opcc)["id"]
    allocations = {"allocations": {OWN: "30000.00", OTHER: "40000.00"}}
    world.call("grants", "PUT", f"/rounds/{world.round_id}/allocations", 200, json=allocations, headers=opcc)
    world.call("grants", "POST", f"/rounds/{world.round_id}/open", 200, headers=opcc)
    world.scratch_round_id = world.fresh_round("draft")
    deliver_events(system)

    for (csp, kind), title in TITLES.items():
        bid = world.call(
            "bids", "POST", "/bids", 201, json=bid_body(title, world.round_id), headers=world.as_officer(csp)
        )
        world.bids[(csp, kind)] = bid["id"]
        world.made[csp].append(bid["id"])
        world.upload(csp, bid["id"], f"{csp.upper()}-SECRET-FILE {kind}".encode())
    deliver_events(system)  # grants copies the drafts, so each submission is checked against the others
    for csp in (OWN, OTHER):
        world.call("bids", "POST", f"/bids/{world.bids[(csp, 'submitted')]}/submit", 200, headers=world.as_officer(csp))
    deliver_events(system)

    for csp in (OWN, OTHER):
        bid_id = world.bids[(csp, "submitted")]
        findings = world.call("grants", "GET", f"/reviews/{bid_id}", 200, headers=opcc)["duplicate_check"]["findings"]
        assert {OWN, OTHER} <= {f.get("csp_id") for f in findings}, f"{csp}'s bid must match both CSPs' bids"
        world.findings[bid_id] = (findings[0]["kind"], findings[0]["id"])

    _invite_provider(world)
    _give_the_invited_bid_an_earlier_version(world)
    for note in system.rows("notifications", Notification):
        world.mail.setdefault(note.csp_id, []).append(note.id)
        if note.kind == "bid_acknowledgement" and note.recipient == f"morgan.hale@{note.csp_id}.example":
            world.notes[note.csp_id] = note.id
        elif note.kind == "new_bid" and note.csp_id == OWN:
            world.notes["colleague"] = note.id  # Melton's, but the OPCC's mail, not the officer's
    assert {OWN, OTHER, "colleague", "provider"} <= set(world.notes), world.notes
    return world


def _invite_provider(world: World) -> None:
    """Melton invites the demo provider (Priya Shah) to its draft: their token reaches that bid while invited."""
    provider = world.actor("provider_contributor")
    path = f"/bids/{world.bids[(OWN, 'draft')]}/invitations"
    body = {"email": provider.email, "name": provider.name}
    world.call("bids", "POST", path, 201, json=body, headers=world.as_officer(OWN))
    deliver_events(world.system)
    [note] = world.system.rows("notifications", Notification, Notification.recipient == provider.email)
    world.notes["provider"] = note.id


def _give_the_invited_bid_an_earlier_version(world: World) -> None:
    """The invited draft as if it had been submitted once and returned for amendment, so a provider has a
    version of their own bid to read. Written directly: the matrix must not move that draft's status."""
    bid_id = world.bids[(OWN, "draft")]
    [bid] = world.system.rows("bids", Bid, Bid.id == bid_id)
    officer = demo_principal("csp_officer", OWN)
    with acting_as(SYSTEM), unit_of_work(world.system.runtimes["bids"].session_factory) as session:
        session.add(
            BidVersion(
                bid_id=bid_id,
                csp_id=OWN,
                version=1,
                content=bid.content(),
                submitted_at=utcnow(),
                submitted_by={"user_id": officer.user_id, "name": officer.name, "email": officer.email},
            )
        )
