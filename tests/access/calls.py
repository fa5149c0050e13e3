"""A valid request for every operation in the permission table, for an actor and a target.

Targets: "own" (Melton's row; for a provider, the bid they were invited to), "other" (Charnwood's),
"none" (as "own", sent without a token), and where they mean something "uninvited" (another Melton bid,
for a provider) and "colleague" (a Melton message not addressed to the actor). For list and create
operations "other" sends the other CSP's id as a filter or field, which must not widen what is seen.
Operations that change state get a throwaway object made for the one case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shared.auth.principal import Principal
from tests.access.world import OTHER, OWN, SAFER_STREETS_MELTON, World, bid_body, csv_upload, round_body
from tests.api.test_allocations import FORMULA

SNEAK = {"csp_id": OTHER, "csp": OTHER, "recipient": f"morgan.hale@{OTHER}.example"}
MATRIX_RECORD = SAFER_STREETS_MELTON.replace("SS5-MEL,", "MATRIX-1,", 1)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    json: dict | None = None
    upload: tuple[str, bytes, str] | None = None  # (file name, content, media type) sent as multipart
    query: dict | None = None


@dataclass(frozen=True)
class Op:
    build: Callable[[World, Principal, str], Call]
    owned: str | None = None  # "bid" or "note" when the ids in the path are a CSP's (or a person's) own rows
    listing: bool = False  # a GET of many rows, whose contents and counts are checked


def bid(world: World, actor: Principal, target: str, state: str) -> str:
    """The bid a target means: for "draft", "submitted" or "uninvited" (a Melton draft no provider has)."""
    if target == "other":
        return world.bids[(OTHER, "draft" if state == "uninvited" else state)]
    if target == "uninvited":
        return world.bids[(OWN, "uninvited")]
    if actor.role == "provider_contributor":
        return actor.bid_id
    return world.bids[(OWN, state)]


def note(world: World, actor: Principal, target: str) -> str:
    if target == "other":
        return world.notes[OTHER]
    if target == "colleague":
        return world.notes[OWN if actor.role == "provider_contributor" else "colleague"]
    return world.notes["provider" if actor.role == "provider_contributor" else OWN]


def fresh_bid(world: World, target: str) -> str:
    return world.fresh_draft(OTHER if target == "other" else OWN)


def _get(path: Callable[[World, Principal, str], str], **op) -> Op:
    return Op(lambda w, a, t: Call("GET", path(w, a, t)), **op)


def _list(path: str) -> Op:
    return Op(lambda w, a, t: Call("GET", path, query=SNEAK if t == "other" else None), listing=True)


def _new_bid(world: World, target: str) -> dict:
    body = bid_body("MELTON-SECRET-FRESH posted in the matrix", world.round_id)
    return body | {"csp_id": OTHER} if target == "other" else body


def _download(w: World, a: Principal, t: str) -> str:
    bid_id = bid(w, a, t, "draft")
    return f"/bids/{bid_id}/evidence/{w.evidence[bid_id]}/download"


def _decision(w: World, a: Principal, t: str) -> str:
    bid_id = bid(w, a, t, "submitted")
    kind, candidate = w.findings.get(bid_id, ("register", "no-finding"))
    return f"/reviews/{bid_id}/findings/{kind}/{candidate}/decision"


def _step(step: str, status: str) -> Op:
    return Op(lambda w, a, t: Call("POST", f"/rounds/{w.fresh_round(status)}/{step}"))


DRAFT = {"amount_requested": "12,500.00"}  # the amount it has: saving changes nothing others depend on
DECISION = {"decision": "not_duplicate", "reason": "A different activity, checked in the access matrix"}
HAND = {"allocations": {OWN: "100.00", OTHER: "200.00"}}
UPLOAD = ("matrix-upload.pdf", b"%PDF-1.7 added in the access matrix", "application/pdf")
IMPORT = ("matrix.csv", csv_upload(MATRIX_RECORD)["file"][0].getvalue(), "text/csv")

OPS: dict[str, dict[str, Op]] = {
    "bids": {
        "GET /rounds": _list("/rounds"),
        "GET /bids": _list("/bids"),
        "POST /bids": Op(lambda w, a, t: Call("POST", "/bids", json=_new_bid(w, t))),
        "GET /bids/{bid_id}": _get(lambda w, a, t: f"/bids/{bid(w, a, t, 'draft')}", owned="bid"),
        "PATCH /bids/{bid_id}": Op(lambda w, a, t: Call("PATCH", f"/bids/{bid(w, a, t, 'draft')}", DRAFT), "bid"),
        "POST /bids/{bid_id}/submit": Op(lambda w, a, t: Call("POST", f"/bids/{fresh_bid(w, t)}/submit"), "bid"),
        "GET /bids/{bid_id}/evidence": _get(lambda w, a, t: f"/bids/{bid(w, a, t, 'draft')}/evidence", owned="bid"),
        "POST /bids/{bid_id}/evidence": Op(
            lambda w, a, t: Call("POST", f"/bids/{bid(w, a, t, 'draft')}/evidence", upload=UPLOAD), "bid"
        ),
        "GET /bids/{bid_id}/evidence/{evidence_id}/download": _get(_download, owned="bid"),
        "GET /audit/{entity_type}/{entity_id}": _get(
            lambda w, a, t: f"/audit/bid/{bid(w, a, t, 'submitted')}", owned="bid"
        ),
    },
    "grants": {
        "GET /rounds": _list("/rounds"),
        "POST /rounds": Op(lambda w, a, t: Call("POST", "/rounds", json=round_body("Made in the matrix"))),
        "GET /rounds/{round_id}": _get(lambda w, a, t: f"/rounds/{w.round_id}"),
        "PATCH /rounds/{round_id}": Op(
            lambda w, a, t: Call("PATCH", f"/rounds/{w.scratch_round_id}", {"name": "Scratch round"})
        ),
        "POST /rounds/{round_id}/open": _step("open", "draft"),
        "POST /rounds/{round_id}/close": _step("close", "open"),
        "POST /rounds/{round_id}/decide": _step("decide", "closed"),
        "GET /rounds/{round_id}/allocations": _get(lambda w, a, t: f"/rounds/{w.round_id}/allocations"),
        "PUT /rounds/{round_id}/allocations": Op(
            lambda w, a, t: Call("PUT", f"/rounds/{w.scratch_round_id}/allocations", HAND)
        ),
        "POST /rounds/{round_id}/allocations/formula": Op(
            lambda w, a, t: Call("POST", f"/rounds/{w.scratch_round_id}/allocations/formula", FORMULA)
        ),
        "GET /reviews": _list("/reviews"),
        "GET /reviews/{bid_id}": _get(lambda w, a, t: f"/reviews/{bid(w, a, t, 'submitted')}", owned="bid"),
        "PUT /reviews/{bid_id}/findings/{kind}/{candidate_id}/decision": Op(
            lambda w, a, t: Call("PUT", _decision(w, a, t), DECISION), "bid"
        ),
        "POST /register/imports": Op(lambda w, a, t: Call("POST", "/register/imports", upload=IMPORT)),
        "GET /register/records": Op(
            lambda w, a, t: Call("GET", "/register/records", query={"csp": OTHER} if t == "other" else None),
            listing=True,
        ),
        "GET /register/records/{record_id}": _get(lambda w, a, t: f"/register/records/{w.records['public']}"),
        "PATCH /register/records/{record_id}": Op(
            lambda w, a, t: Call("PATCH", f"/register/records/{w.records['public']}", {"confidential": False})
        ),
        "GET /duplicate-checks/bids/{bid_id}": _get(
            lambda w, a, t: f"/duplicate-checks/bids/{bid(w, a, t, 'submitted')}", owned="bid"
        ),
        "GET /audit/{entity_type}/{entity_id}": _get(
            lambda w, a, t: f"/audit/bid/{bid(w, a, t, 'submitted')}", owned="bid"
        ),
    },
    "notifications": {
        "GET /notifications": _list("/notifications"),
        "GET /notifications/{notification_id}": _get(lambda w, a, t: f"/notifications/{note(w, a, t)}", owned="note"),
        "GET /audit/{entity_type}/{entity_id}": _get(
            lambda w, a, t: f"/audit/notification/{note(w, a, t)}", owned="note"
        ),
    },
}


def extra_targets(op: Op, role: str) -> tuple[str, ...]:
    """Targets beyond own, other and none that mean something for this role on this operation."""
    if op.owned == "bid" and role == "provider_contributor":
        return ("uninvited",)
    if op.owned == "note" and role in ("csp_officer", "provider_contributor"):
        return ("colleague",)
    return ()
