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
from tests.access.system import deliver_events
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
    headers: dict | None = None  # beside the actor's token, such as If-Match


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


def _one_evidence(w: World, a: Principal, t: str) -> str:
    bid_id = bid(w, a, t, "draft")
    return f"/bids/{bid_id}/evidence/{w.evidence[bid_id]}"


def _fresh_evidence(w: World, a: Principal, t: str) -> str:
    """A throwaway file on the target's draft, for one removal: a provider removes only what they uploaded."""
    bid_id = bid(w, a, t, "draft")
    csp = OTHER if t == "other" else OWN
    uploader = a if a.role == "provider_contributor" and bid_id == a.bid_id else None
    evidence_id = w.throwaway_evidence(csp, bid_id, f"{csp.upper()}-SECRET-FILE to remove".encode(), uploader)
    return f"/bids/{bid_id}/evidence/{evidence_id}"


def _download(w: World, a: Principal, t: str) -> str:
    bid_id = bid(w, a, t, "draft")
    return f"/bids/{bid_id}/evidence/{w.evidence[bid_id]}/download"


def _decision(w: World, a: Principal, t: str) -> str:
    bid_id = bid(w, a, t, "submitted")
    kind, candidate = w.findings.get(bid_id, ("register", "no-finding"))
    return f"/reviews/{bid_id}/findings/{kind}/{candidate}/decision"


def _step(step: str, status: str) -> Op:
    return Op(lambda w, a, t: Call("POST", f"/rounds/{w.fresh_round(status)}/{step}"))


def _save_draft(w: World, a: Principal, t: str) -> Call:
    """Save the target draft with the ETag it has now, as the page that loaded it would."""
    bid_id = bid(w, a, t, "draft")
    loaded = w.client("bids").get(f"/bids/{bid_id}", headers=w.as_officer(OTHER if t == "other" else OWN))
    return Call("PATCH", f"/bids/{bid_id}", DRAFT, headers={"If-Match": loaded.headers.get("ETag", "")})


def _delete_draft(w: World, a: Principal, t: str) -> Call:
    """A throwaway draft of the target's CSP, deleted with the ETag it has now, as the page that loaded it would."""
    csp = OTHER if t == "other" else OWN
    bid_id = w.fresh_draft(csp, with_evidence=False)
    loaded = w.client("bids").get(f"/bids/{bid_id}", headers=w.as_officer(csp))
    return Call("DELETE", f"/bids/{bid_id}", headers={"If-Match": loaded.headers.get("ETag", "")})


def _provider_sections(w: World, a: Principal, t: str) -> Call:
    """Save the target bid's risks as they are, with its current ETag, as the page that loaded it would."""
    bid_id = bid(w, a, t, "draft")
    loaded = w.client("bids").get(f"/bids/{bid_id}", headers=w.as_officer(OTHER if t == "other" else OWN))
    body = {"risks": loaded.get_json()["risks"]}
    return Call("PATCH", f"/bids/{bid_id}/provider", body, headers={"If-Match": loaded.headers.get("ETag", "")})


def _invitation(w: World, a: Principal, t: str) -> str:
    """A throwaway invitation on the target's draft, made by its own CSP's officer, for one revoke."""
    bid_id = bid(w, a, t, "draft")
    csp = OTHER if t == "other" else OWN
    body = {"email": f"matrix-{next(w._count)}@provider.example", "name": "Matrix Invitee"}
    made = w.call("bids", "POST", f"/bids/{bid_id}/invitations", 201, json=body, headers=w.as_officer(csp))
    return f"/bids/{bid_id}/invitations/{made['id']}"


def _fresh_submitted(w: World, t: str) -> str:
    """A throwaway submitted bid (for withdrawing or returning), known to grants."""
    csp = OTHER if t == "other" else OWN
    bid_id = w.fresh_draft(csp)
    w.call("bids", "POST", f"/bids/{bid_id}/submit", 200, headers=w.as_officer(csp))
    deliver_events(w.system)
    return bid_id


INVITE = {"email": "matrix-invitee@provider.example", "name": "Matrix Invitee"}
WITHDRAW = {"reason": "Withdrawn in the access matrix"}
RETURN = {"reason": "Returned in the access matrix: say more about the outcomes"}
# Declined, because an award would first need any likely duplicate findings on the bid decided.
DECIDE = {"outcome": "declined", "reason": "Declined in the access matrix: the round is oversubscribed"}
DRAFT = {"amount_requested": "250.00"}  # the amount it has: saving changes nothing others depend on
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
        "PATCH /bids/{bid_id}": Op(_save_draft, "bid"),
        "DELETE /bids/{bid_id}": Op(_delete_draft, "bid"),
        "POST /bids/{bid_id}/submit": Op(lambda w, a, t: Call("POST", f"/bids/{fresh_bid(w, t)}/submit"), "bid"),
        "GET /bids/{bid_id}/versions": _get(lambda w, a, t: f"/bids/{bid(w, a, t, 'submitted')}/versions", owned="bid"),
        "GET /bids/{bid_id}/versions/{version}": _get(
            lambda w, a, t: f"/bids/{bid(w, a, t, 'submitted')}/versions/1", owned="bid"
        ),
        "GET /bids/{bid_id}/evidence": _get(lambda w, a, t: f"/bids/{bid(w, a, t, 'draft')}/evidence", owned="bid"),
        "POST /bids/{bid_id}/evidence": Op(
            lambda w, a, t: Call("POST", f"/bids/{bid(w, a, t, 'draft')}/evidence", upload=UPLOAD), "bid"
        ),
        "GET /bids/{bid_id}/evidence/{evidence_id}": _get(_one_evidence, owned="bid"),
        "DELETE /bids/{bid_id}/evidence/{evidence_id}": Op(
            lambda w, a, t: Call("DELETE", _fresh_evidence(w, a, t)), "bid"
        ),
        "GET /bids/{bid_id}/evidence/{evidence_id}/download": _get(_download, owned="bid"),
        "GET /audit/{entity_type}/{entity_id}": _get(
            lambda w, a, t: f"/audit/bid/{bid(w, a, t, 'submitted')}", owned="bid"
        ),
        "POST /bids/{bid_id}/clone": Op(
            lambda w, a, t: Call("POST", f"/bids/{bid(w, a, t, 'draft')}/clone", {"round_id": w.round_id}), "bid"
        ),
        "GET /bids/{bid_id}/invitations": _get(
            lambda w, a, t: f"/bids/{bid(w, a, t, 'draft')}/invitations", owned="bid"
        ),
        "POST /bids/{bid_id}/invitations": Op(
            lambda w, a, t: Call("POST", f"/bids/{bid(w, a, t, 'draft')}/invitations", INVITE), "bid"
        ),
        "DELETE /bids/{bid_id}/invitations/{invitation_id}": Op(
            lambda w, a, t: Call("DELETE", _invitation(w, a, t)), "bid"
        ),
        "PATCH /bids/{bid_id}/provider": Op(_provider_sections, "bid"),
        "POST /bids/{bid_id}/withdraw": Op(
            lambda w, a, t: Call("POST", f"/bids/{_fresh_submitted(w, t)}/withdraw", WITHDRAW), "bid"
        ),
        "GET /bids/{bid_id}/versions/{version}/diff": _get(
            lambda w, a, t: f"/bids/{bid(w, a, t, 'submitted')}/versions/1/diff", owned="bid"
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
        "POST /reviews/{bid_id}/return": Op(
            lambda w, a, t: Call("POST", f"/reviews/{_fresh_submitted(w, t)}/return", RETURN), "bid"
        ),
        "POST /reviews/{bid_id}/duplicate-check": Op(
            lambda w, a, t: Call("POST", f"/reviews/{bid(w, a, t, 'submitted')}/duplicate-check"), "bid"
        ),
        "POST /reviews/{bid_id}/decision": Op(
            lambda w, a, t: Call("POST", f"/reviews/{_fresh_submitted(w, t)}/decision", DECIDE), "bid"
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
        # The world has no award yet: allowed roles are answered 409 ("no awards"), the rest refused.
        "GET /register/exports/360giving": Op(
            lambda w, a, t: Call("GET", "/register/exports/360giving", query={"round_id": w.round_id})
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
