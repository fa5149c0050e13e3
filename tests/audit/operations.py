"""The state-changing operations of every service, each done once by a role allowed to do it.

Each case sets up what the operation needs, then says what its one audit event must record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.api.test_allocations import FORMULA
from tests.api.test_duplicate_check import SAFER_STREETS_MELTON


@dataclass
class Case:
    """An operation done once (`act()` returns the response) and what its one event must say."""

    service: str
    role: str
    act: Callable[[], object]
    action: str
    entity: Callable[[dict], tuple[str, str]]
    csp_id: str | None = None
    actor_csp: str | None = None
    changes: dict | None = None  # the exact diff, when it is known in advance
    changed: set[str] = field(default_factory=set)  # otherwise, the fields that must be in it


class World:
    """The fixtures a case needs, so each case is a few lines."""

    def __init__(self, request):
        for name in ("client", "grants", "auth", "make_round", "make_bid", "round_fields", "bid_fields"):
            setattr(self, name, request.getfixturevalue(name))
        self.request = request

    def fixture(self, name: str):
        return self.request.getfixturevalue(name)


def _create_bid(w: World) -> Case:
    round_id = w.make_round()["id"]
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.post("/bids", json={"round_id": round_id, **w.bid_fields()}, headers=w.auth()),
        "bid.draft_created",
        lambda body: ("bid", body["id"]),
        csp_id="melton",
        actor_csp="melton",
        changed={"round_id", "csp_id", "status", "title", "summary", "amount_requested_pence", "priorities"},
    )


def _change_bid(w: World) -> Case:
    bid = w.make_bid()
    return Case(
        "bids",
        "csp_officer",
        lambda: w.fixture("save_draft")(bid["id"], {"title": "Evening patrols"}),
        "bid.draft_changed",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changes={"title": {"before": bid["title"], "after": "Evening patrols"}},
    )


def _add_evidence(w: World) -> Case:
    bid = w.make_bid()
    return Case(
        "bids",
        "csp_officer",
        # The scan is the worker's, not this operation's: it records its own event (tests/evidence).
        lambda: w.fixture("upload_evidence")(bid["id"], scan=False),
        "bid.evidence_added",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changed={"evidence_file"},
    )


def _delete_draft(w: World) -> Case:
    bid = w.make_bid()
    etag = w.client.get(f"/bids/{bid['id']}", headers=w.auth()).headers["ETag"]
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.delete(f"/bids/{bid['id']}", headers=w.auth() | {"If-Match": etag}),
        "bid.draft_deleted",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changes={"status": {"before": "draft", "after": "deleted"}},
    )


def _remove_evidence(w: World) -> Case:
    bid = w.make_bid()
    file = w.fixture("upload_evidence")(bid["id"]).get_json()
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.delete(f"/bids/{bid['id']}/evidence/{file['id']}", headers=w.auth()),
        "bid.evidence_removed",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changed={"evidence_file"},
    )


def _submit_bid(w: World) -> Case:
    bid = w.make_bid()
    assert w.fixture("upload_evidence")(bid["id"]).status_code == 201
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.post(f"/bids/{bid['id']}/submit", headers=w.auth()),
        "bid.submitted",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changed={"status", "submitted_at"},
    )


def _create_round(w: World) -> Case:
    return Case(
        "grants",
        "opcc_reviewer",
        lambda: w.grants.post("/rounds", json=w.round_fields(), headers=w.auth("opcc_reviewer")),
        "round.created",
        lambda body: ("round", body["id"]),
        changed={"name", "pot_pence", "status", "opens_on"},
    )


def _change_round(w: World) -> Case:
    round_id = w.make_round(opened=False)["id"]
    return Case(
        "grants",
        "opcc_approver",
        lambda: w.grants.patch(f"/rounds/{round_id}", json={"name": "Renamed"}, headers=w.auth("opcc_approver")),
        "round.changed",
        lambda body: ("round", round_id),
        changes={"name": {"before": w.round_fields()["name"], "after": "Renamed"}},
    )


def _lifecycle(step: str, action: str, opened: bool, before: tuple[str, ...] = ()) -> Callable[[World], Case]:
    def case(w: World) -> Case:
        round_id = w.make_round(opened=opened)["id"]
        for earlier in before:
            assert w.grants.post(f"/rounds/{round_id}/{earlier}", headers=w.auth("admin")).status_code == 200
        return Case(
            "grants",
            "admin",
            lambda: w.grants.post(f"/rounds/{round_id}/{step}", headers=w.auth("admin")),
            action,
            lambda body: ("round", round_id),
            changed={"status", f"{action.split('.')[1]}_at"},
        )

    return case


def _allocate_by_hand(w: World) -> Case:
    round_id = w.make_round(opened=False)["id"]
    body = {"allocations": {"melton": "30000"}}
    return Case(
        "grants",
        "opcc_reviewer",
        lambda: w.grants.put(f"/rounds/{round_id}/allocations", json=body, headers=w.auth("opcc_reviewer")),
        "round.allocations_set",
        lambda body: ("round", round_id),
        changes={
            "allocations": {"before": {}, "after": {"melton": 3_000_000}},
            "allocation_method": {"before": None, "after": "hand"},
        },
    )


def _allocate_by_formula(w: World) -> Case:
    round_id = w.make_round()["id"]
    url = f"/rounds/{round_id}/allocations/formula"
    return Case(
        "grants",
        "opcc_reviewer",
        lambda: w.grants.post(url, json=FORMULA, headers=w.auth("opcc_reviewer")),
        "round.allocations_set",
        lambda body: ("round", round_id),
        changed={"allocations", "allocation_method", "allocation_basis"},
    )


def _decide_finding(w: World) -> Case:
    bid_id = w.fixture("submitted_duplicate")["id"]
    review = w.grants.get(f"/reviews/{bid_id}", headers=w.auth("opcc_reviewer")).json
    [finding] = [f for f in review["duplicate_check"]["findings"] if f["kind"] == "register"]
    url = f"/reviews/{bid_id}/findings/register/{finding['id']}/decision"
    decision = {"decision": "not_duplicate", "reason": "Safer Streets ends before this starts."}
    return Case(
        "grants",
        "opcc_reviewer",
        lambda: w.grants.put(url, json=decision, headers=w.auth("opcc_reviewer")),
        "finding.decided",
        lambda body: ("bid", bid_id),
        csp_id="melton",
        changes={f"finding:register:{finding['id']}": {"before": None, "after": decision}},
    )


def _import_register(w: World) -> Case:
    return Case(
        "grants",
        "opcc_reviewer",
        lambda: w.fixture("import_register")(SAFER_STREETS_MELTON),
        "register.imported",
        lambda body: ("register_import", body["batch_id"]),
        changed={"source", "format", "filename", "created", "updated", "unchanged", "rejected"},
    )


def _hide_record(w: World) -> Case:
    w.fixture("import_register")(SAFER_STREETS_MELTON)
    [record] = w.grants.get("/register/records", headers=w.auth("admin")).json["items"]
    url = f"/register/records/{record['id']}"
    return Case(
        "grants",
        "admin",
        lambda: w.grants.patch(url, json={"confidential": True}, headers=w.auth("admin")),
        "register_record.changed",
        lambda body: ("register_record", record["id"]),
        changes={"confidential": {"before": False, "after": True}},
    )


def _submitted(w: World) -> dict:
    bid = w.make_bid()
    assert w.fixture("upload_evidence")(bid["id"]).status_code == 201
    assert w.client.post(f"/bids/{bid['id']}/submit", headers=w.auth()).status_code == 200
    w.fixture("deliver_events")()
    return bid


def _clone_bid(w: World) -> Case:
    bid, round_id = w.make_bid(), w.make_round()["id"]
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.post(f"/bids/{bid['id']}/clone", json={"round_id": round_id}, headers=w.auth()),
        "bid.cloned",
        lambda body: ("bid", body["id"]),
        csp_id="melton",
        actor_csp="melton",
        changed={"cloned_from", "round_id", "status", "title", "budget_lines"},
    )


INVITEE = {"email": "priya.shah@provider.example", "name": "Priya Shah"}


def _invite_provider(w: World) -> Case:
    bid = w.make_bid()
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.post(f"/bids/{bid['id']}/invitations", json=INVITEE, headers=w.auth()),
        "bid.provider_invited",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changed={"invitation"},
    )


def _revoke_invitation(w: World) -> Case:
    bid = w.make_bid()
    invitation = w.client.post(f"/bids/{bid['id']}/invitations", json=INVITEE, headers=w.auth()).json
    url = f"/bids/{bid['id']}/invitations/{invitation['id']}"
    described = {"invitation_id": invitation["id"], **INVITEE}
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.delete(url, headers=w.auth()),
        "bid.provider_invitation_revoked",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changes={
            "invitation": {"before": described | {"status": "active"}, "after": described | {"status": "revoked"}}
        },
    )


def _change_provider_sections(w: World) -> Case:
    bid = w.make_bid()
    assert w.client.post(f"/bids/{bid['id']}/invitations", json=INVITEE, headers=w.auth()).status_code == 201
    provider = w.auth("provider_contributor", bid_id=bid["id"])
    etag = w.client.get(f"/bids/{bid['id']}", headers=provider).headers["ETag"]
    body = {"delivery_provider": {"charity_number": "1123457"}}
    return Case(
        "bids",
        "provider_contributor",
        lambda: w.client.patch(f"/bids/{bid['id']}/provider", json=body, headers=provider | {"If-Match": etag}),
        "bid.provider_sections_changed",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changes={"charity_number": {"before": "1123456", "after": "1123457"}},
    )


def _withdraw_bid(w: World) -> Case:
    bid = _submitted(w)
    reason = {"reason": "The project found other funding"}
    return Case(
        "bids",
        "csp_officer",
        lambda: w.client.post(f"/bids/{bid['id']}/withdraw", json=reason, headers=w.auth()),
        "bid.withdrawn",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        actor_csp="melton",
        changes={
            "status": {"before": "submitted", "after": "withdrawn"},
            "reason": {"before": None, "after": "The project found other funding"},
        },
    )


def _return_bid(w: World) -> Case:
    bid = _submitted(w)
    reason = {"reason": "Say how the outcomes will be measured"}
    return Case(
        "grants",
        "opcc_approver",
        lambda: w.grants.post(f"/reviews/{bid['id']}/return", json=reason, headers=w.auth("opcc_approver")),
        "review_item.returned",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        changed={"status", "status_reason", "status_changed_at"},
    )


def _decide_bid(w: World) -> Case:
    bid = _submitted(w)
    fields = {"outcome": "awarded", "amount_awarded": "100.00", "conditions": ["Quarterly returns"], "reason": "Fits"}
    return Case(
        "grants",
        "opcc_approver",
        lambda: w.grants.post(f"/reviews/{bid['id']}/decision", json=fields, headers=w.auth("opcc_approver")),
        "review_item.awarded",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        changed={
            "status",
            "status_reason",
            "status_changed_at",
            "amount_awarded_pence",
            "award_conditions",
            "bid_copy.status",
            "register_record",
        },
    )


def _check_again(w: World) -> Case:
    bid = _submitted(w)
    return Case(
        "grants",
        "opcc_reviewer",
        lambda: w.grants.post(f"/reviews/{bid['id']}/duplicate-check", headers=w.auth("opcc_reviewer")),
        "duplicate_check.stored",
        lambda body: ("bid", bid["id"]),
        csp_id="melton",
        changed={"duplicate_check"},
    )


CASES: dict[tuple[str, str], Callable[[World], Case]] = {
    ("bids", "POST /bids"): _create_bid,
    ("bids", "PATCH /bids/{bid_id}"): _change_bid,
    ("bids", "DELETE /bids/{bid_id}"): _delete_draft,
    ("bids", "POST /bids/{bid_id}/evidence"): _add_evidence,
    ("bids", "DELETE /bids/{bid_id}/evidence/{evidence_id}"): _remove_evidence,
    ("bids", "POST /bids/{bid_id}/submit"): _submit_bid,
    ("bids", "POST /bids/{bid_id}/clone"): _clone_bid,
    ("bids", "POST /bids/{bid_id}/invitations"): _invite_provider,
    ("bids", "DELETE /bids/{bid_id}/invitations/{invitation_id}"): _revoke_invitation,
    ("bids", "PATCH /bids/{bid_id}/provider"): _change_provider_sections,
    ("bids", "POST /bids/{bid_id}/withdraw"): _withdraw_bid,
    ("grants", "POST /rounds"): _create_round,
    ("grants", "PATCH /rounds/{round_id}"): _change_round,
    ("grants", "POST /rounds/{round_id}/open"): _lifecycle("open", "round.opened", opened=False),
    ("grants", "POST /rounds/{round_id}/close"): _lifecycle("close", "round.closed", opened=True),
    ("grants", "POST /rounds/{round_id}/decide"): _lifecycle("decide", "round.decided", True, ("close",)),
    ("grants", "PUT /rounds/{round_id}/allocations"): _allocate_by_hand,
    ("grants", "POST /rounds/{round_id}/allocations/formula"): _allocate_by_formula,
    ("grants", "PUT /reviews/{bid_id}/findings/{kind}/{candidate_id}/decision"): _decide_finding,
    ("grants", "POST /reviews/{bid_id}/return"): _return_bid,
    ("grants", "POST /reviews/{bid_id}/decision"): _decide_bid,
    ("grants", "POST /reviews/{bid_id}/duplicate-check"): _check_again,
    ("grants", "POST /register/imports"): _import_register,
    ("grants", "PATCH /register/records/{record_id}"): _hide_record,
}
