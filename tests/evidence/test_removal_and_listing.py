"""What the listing shows of each file, and removing files while the bid can still be changed."""

from __future__ import annotations

import pytest

from shared.auth.dev_identity import demo_principal
from tests.api.assertions import assert_problem
from tests.evidence import files


@pytest.fixture
def invited(client, auth, make_bid) -> tuple[dict, dict]:
    """A Melton draft with the demo provider invited to it, and the provider's headers."""
    draft = make_bid()
    provider = demo_principal("provider_contributor", "melton", draft["id"])
    body = {"email": provider.email, "name": provider.name}
    assert client.post(f"/bids/{draft['id']}/invitations", json=body, headers=auth()).status_code == 201
    return draft, auth("provider_contributor", "melton", bid_id=draft["id"])


def test_the_listing_shows_each_files_type_status_and_who_uploaded_it(
    client, auth, invited, upload_evidence, evidence_of
):
    draft, provider = invited
    upload_evidence(draft["id"], content=files.docx(), filename="Risk assessment.docx", evidence_type="risk-assessment")
    upload_evidence(draft["id"], content=files.png(), filename="venue.png", headers=provider, scan=False)

    officers, providers = evidence_of(draft["id"])

    assert officers["filename"] == "Risk assessment.docx"
    assert officers["content_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (officers["evidence_type"], officers["status"], officers["rejection_reason"]) == (
        "risk-assessment",
        "clean",
        None,
    )
    assert officers["uploaded_by"] == {"role": "csp_officer", "name": demo_principal("csp_officer", "melton").name}
    assert (providers["content_type"], providers["status"], providers["evidence_type"]) == (
        "image/png",
        "scanning",
        None,
    )
    assert providers["uploaded_by"]["role"] == "provider_contributor"
    assert set(officers) == {
        "id",
        "filename",
        "content_type",
        "size_bytes",
        "sha256",
        "evidence_type",
        "status",
        "rejection_reason",
        "uploaded_at",
        "uploaded_by",
    }


def test_an_unknown_evidence_type_is_refused(make_bid, upload_evidence):
    response = upload_evidence(make_bid()["id"], content=files.pdf(), evidence_type="horoscope")

    assert_problem(response, 422, {"evidence_type": "Choose what kind of evidence this file is"})


def test_a_file_is_removed_with_its_object_while_the_bid_is_a_draft(
    client, auth, make_bid, upload_evidence, evidence_of, stored_keys, audit_actions
):
    draft = make_bid()
    kept = upload_evidence(draft["id"], content=files.pdf("kept")).json
    gone = upload_evidence(draft["id"], content=files.pdf("gone")).json

    response = client.delete(f"/bids/{draft['id']}/evidence/{gone['id']}", headers=auth())

    assert response.status_code == 204
    assert [file["id"] for file in evidence_of(draft["id"])] == [kept["id"]]
    assert stored_keys("evidence/") == [f"evidence/{draft['id']}/{kept['id']}"]
    assert audit_actions(draft["id"])[-1] == "bid.evidence_removed"


def test_a_file_still_being_scanned_can_be_removed_and_leaves_the_quarantine_empty(
    client, auth, make_bid, upload_evidence, scan_evidence, stored_keys
):
    draft = make_bid()
    waiting = upload_evidence(draft["id"], content=files.pdf(), scan=False).json

    assert client.delete(f"/bids/{draft['id']}/evidence/{waiting['id']}", headers=auth()).status_code == 204
    scan_evidence()

    assert stored_keys("quarantine/") + stored_keys("evidence/") == []


def test_files_cannot_be_removed_once_the_bid_is_submitted(client, auth, make_bid, upload_evidence):
    draft = make_bid()
    file = upload_evidence(draft["id"], content=files.pdf(), evidence_type="project-plan").json
    assert client.post(f"/bids/{draft['id']}/submit", headers=auth()).status_code == 200, "the bid submits"

    response = client.delete(f"/bids/{draft['id']}/evidence/{file['id']}", headers=auth())
    late = upload_evidence(draft["id"], content=files.pdf())

    assert response.status_code == 409
    assert late.status_code == 409


def test_a_provider_may_remove_their_own_uploads_but_not_the_csps(client, auth, invited, upload_evidence):
    draft, provider = invited
    csps = upload_evidence(draft["id"], content=files.pdf("CSP's")).json
    theirs = upload_evidence(draft["id"], content=files.pdf("provider's"), headers=provider).json

    refused = client.delete(f"/bids/{draft['id']}/evidence/{csps['id']}", headers=provider)
    removed = client.delete(f"/bids/{draft['id']}/evidence/{theirs['id']}", headers=provider)

    assert refused.status_code == 403
    assert refused.json["detail"] == "You can only remove files you uploaded: ask the CSP officer to remove this one"
    assert removed.status_code == 204


def test_another_csps_file_cannot_be_removed(client, auth, make_bid, upload_evidence):
    charnwoods = make_bid(csp_id="charnwood")
    file = upload_evidence(charnwoods["id"], content=files.pdf(), csp_id="charnwood").json

    response = client.delete(f"/bids/{charnwoods['id']}/evidence/{file['id']}", headers=auth("csp_officer", "melton"))

    assert response.status_code == 404
