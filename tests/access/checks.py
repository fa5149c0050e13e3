"""What each cell of the matrix must answer, from the permission table alone, and the checks on the answer."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from werkzeug.test import TestResponse

from services.bids.models import Bid, RoundCopy
from services.grants.models import FundingRound, ReviewItem
from services.grants.register.model import RegisterRecord
from services.notifications.models import Notification
from shared.auth import permissions
from shared.auth.principal import Principal
from tests.access.calls import Call, Op
from tests.access.world import OTHER, World

ALLOWED = "allowed"
# A CSP is told another CSP's bid may pay for the same activity, and which CSP: the name is not a leak there.
NAMES_ALLOWED = {("grants", "GET /duplicate-checks/bids/{bid_id}")}
CONFIDENTIAL_TITLE = "(confidential)"


@dataclass
class Cell:
    world: World
    service: str
    operation: str
    actor: Principal
    scope: str | None
    target: str
    call: Call
    response: TestResponse

    @property
    def where(self) -> str:
        return f"{self.service}:{self.operation}:{self.actor.role}:{self.target} {self.call.method} {self.call.path}"


def expected(service: str, operation: str, op: Op, role: str, target: str) -> str:
    """ "401", "403", "404" or "allowed"."""
    scope = permissions.operations(service)[operation][role]
    if target == "none":
        return "401"
    if scope is None:
        return "403"
    if scope == permissions.ALL or target == "own" or op.owned is None:
        return ALLOWED
    return "404"


def leaks(body: str, secrets: set[str], call: Call) -> list[str]:
    """The secrets in a body, leaving out what the request itself named (a problem's `instance` is its path)."""
    asked = call.path.lower()
    text = body.lower()
    return sorted(s for s in secrets if s.lower() not in asked and s.lower() in text)


def check(cell: Cell, op: Op) -> str | None:
    """Assert the cell; return a note for an allowed case a domain rule answered with 409 or 422."""
    world, response, where = cell.world, cell.response, cell.where
    want = expected(cell.service, cell.operation, op, cell.actor.role, cell.target)
    body = response.get_data(as_text=True)
    got = response.status_code
    if want != ALLOWED:
        assert str(got) == want, f"{where}: expected {want}, got {got}: {body[:300]}"
        found = leaks(body, world.secrets(), cell.call)
        assert not found, f"{where}: the {got} answer gives away {found}: {body[:300]}"
        return None
    assert got < 500 and got not in (401, 403, 404), f"{where}: expected to be allowed, got {got}: {body[:300]}"
    if cell.scope != permissions.ALL:
        foreign = world.foreign(cell.actor.csp_id, provider=cell.actor.role == "provider_contributor")
        if (cell.service, cell.operation) in NAMES_ALLOWED:
            foreign.discard(OTHER)
        found = leaks(body, foreign, cell.call)
        assert not found, f"{where}: a {cell.scope}-scoped answer shows another's rows: {found}: {body[:300]}"
    if got >= 400:
        return f"{got} {response.get_json().get('detail', '')}"
    extra = EXTRA.get((cell.service, cell.operation))
    if extra:
        extra(cell)
    return None


def _ids(cell: Cell) -> set[str]:
    """What a list must hold, exactly: the rows of the actor's scope, counted as the system sees them."""
    system, actor, scope = cell.world.system, cell.actor, cell.scope
    if cell.operation == "GET /bids":
        where = {"own": [Bid.csp_id == actor.csp_id], "invited": [Bid.id == actor.bid_id]}.get(scope, [])
        return {row.id for row in system.rows("bids", Bid, Bid.status != Bid.DELETED, *where)}
    if cell.operation == "GET /notifications":
        where = [Notification.recipient == actor.email] if scope == "own" else []
        return {row.id for row in system.rows("notifications", Notification, *where)}
    if cell.operation == "GET /reviews":
        return {row.bid_id for row in system.rows("grants", ReviewItem)}
    if cell.service == "bids":
        return {row.round_id for row in system.rows("bids", RoundCopy)}
    # A draft round is the OPCC's work in progress: CSP and provider roles are shown rounds once they open.
    drafts = [] if actor.is_opcc else [FundingRound.status != "draft"]
    return {row.id for row in system.rows("grants", FundingRound, *drafts)}


def _lister(key: str):
    def listing(cell: Cell) -> None:
        shown = [row[key] for row in cell.response.get_json()]
        want = _ids(cell)
        assert len(shown) == len(set(shown)) and set(shown) == want, (
            f"{cell.where}: listed {len(shown)} rows, expected the {len(want)} in scope; "
            f"extra {sorted(set(shown) - want)}, missing {sorted(want - set(shown))}"
        )

    return listing


def _download(cell: Cell) -> None:
    """The link serves exactly the file asked for; the link altered by one character serves nothing."""
    link, where, client = cell.response.get_json(), cell.where, cell.world.client("bids")
    assert link["url"] and link["expires_in_seconds"] > 0, f"{where}: {link}"
    path = urlsplit(link["url"]).path.removeprefix("/bids")
    content = cell.world.files[cell.call.path.split("/")[4]]
    served = client.get(path)
    assert served.status_code == 200 and served.data == content, f"{where}: the link served {served.status}"
    prefix, token = path.rsplit("/", 1)
    # A changed first character always changes the signed bytes (a last one may only change base64 padding).
    for changed in (("B" if token[0] == "A" else "A") + token[1:], token + "x"):
        tampered = client.get(f"{prefix}/{changed}")
        assert tampered.status_code == 404, f"{where}: a tampered link answered {tampered.status_code}"
        assert content not in tampered.data


def _records(cell: Cell) -> None:
    page, actor = cell.response.get_json(), cell.actor
    if not actor.is_opcc:
        assert CONFIDENTIAL_TITLE not in cell.response.get_data(as_text=True), f"{cell.where}: a confidential record"
    if cell.target == "other":
        return  # filtered to the other CSP's places: what is shown is checked, not how many
    rows = cell.world.system.rows("grants", RegisterRecord)
    want = len(rows) if actor.is_opcc else sum(not row.confidential for row in rows)
    assert page["total"] == want == len(page["items"]), f"{cell.where}: total {page['total']}, expected {want}"


def _duplicates(cell: Cell) -> None:
    result, where = cell.response.get_json(), cell.where
    for band, count in result["counts"].items():
        assert count == sum(f["band"] == band for f in result["findings"]), f"{where}: counts {result['counts']}"
    if cell.actor.csp_id is not None:
        assert CONFIDENTIAL_TITLE not in cell.response.get_data(as_text=True), f"{where}: a confidential record"
        others = [f for f in result["findings"] if f["kind"] == "bid" and f.get("csp_id") != cell.actor.csp_id]
        # Every world bid does the same thing, so the other CSP's must be found (and shown only to exist).
        assert others, f"{where}: the other CSP's matching bids were not found at all: {result['findings']}"
        for finding in others:
            assert finding["id"] is None and finding["title"] is None, f"{where}: unredacted {finding}"


def _allocations(cell: Cell) -> None:
    """Published to all once the round opens: a CSP sees every CSP's figures as the OPCC does, except other
    CSPs' draft bids (a draft round's allocations are the OPCC's alone: test_a_draft_round_...)."""
    if cell.actor.csp_id is None:
        return
    opcc = cell.world.client("grants").get(cell.call.path, headers=cell.world.as_opcc()).get_json()["csps"]
    for row, full in zip(cell.response.get_json()["csps"], opcc, strict=True):
        if row["csp_id"] != cell.actor.csp_id:
            assert row["in_drafts_pence"] is None, f"{cell.where}: another CSP's drafts are shown: {row}"
            full = full | {"in_drafts": None, "in_drafts_pence": None}
        assert row == full, f"{cell.where}: {row['csp_id']} is shown as {row}, the OPCC sees {full}"


def _created_bid(cell: Cell) -> None:
    created = cell.response.get_json()
    assert created["csp_id"] == cell.actor.csp_id, f"{cell.where}: a bid was made for {created['csp_id']}"
    cell.world.made[cell.actor.csp_id].append(created["id"])


EXTRA = {
    ("bids", "GET /rounds"): _lister("round_id"),
    ("bids", "GET /bids"): _lister("id"),
    ("bids", "POST /bids"): _created_bid,
    ("bids", "POST /bids/{bid_id}/clone"): _created_bid,
    ("bids", "GET /bids/{bid_id}/evidence/{evidence_id}/download"): _download,
    ("grants", "GET /rounds"): _lister("id"),
    ("grants", "GET /reviews"): _lister("bid_id"),
    ("grants", "GET /register/records"): _records,
    ("grants", "GET /duplicate-checks/bids/{bid_id}"): _duplicates,
    ("grants", "GET /rounds/{round_id}/allocations"): _allocations,
    ("notifications", "GET /notifications"): _lister("id"),
}
