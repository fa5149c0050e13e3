"""Evidence files: uploaded to a draft as multipart, downloaded through a short-lived signed link.

The attack set, the virus scan and removal are in tests/evidence.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

from tests.api.assertions import PROBLEM_JSON, assert_problem


def test_an_empty_file_is_refused(auth, make_bid, upload_evidence):
    response = upload_evidence(make_bid()["id"], content=b"")

    assert_problem(response, 422, {"file": "The selected file is empty"})


def test_an_upload_without_a_file_asks_for_one(client, auth, make_bid):
    response = client.post(f"/bids/{make_bid()['id']}/evidence", data={}, headers=auth())

    assert_problem(response, 422, {"file": "Select a file to upload"})


def test_an_evidence_download_link_serves_the_file_as_an_attachment(client, auth, make_bid, upload_evidence):
    draft = make_bid()
    evidence = upload_evidence(draft["id"], content=b"%PDF-1.7 quote: 12500", filename="quote.pdf").json

    link = client.get(f"/bids/{draft['id']}/evidence/{evidence['id']}/download", headers=auth()).json
    path = urlsplit(link["url"]).path.removeprefix("/bids")
    download = client.get(path)

    assert link["expires_in_seconds"] > 0
    assert path.startswith("/evidence-downloads/")
    assert download.status_code == 200
    assert download.data == b"%PDF-1.7 quote: 12500"
    assert download.headers["Content-Disposition"] == "attachment; filename=quote.pdf"
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_tampered_download_link_is_not_found(client, auth, make_bid, upload_evidence):
    draft = make_bid()
    evidence = upload_evidence(draft["id"]).json
    link = client.get(f"/bids/{draft['id']}/evidence/{evidence['id']}/download", headers=auth()).json

    response = client.get(urlsplit(link["url"]).path.removeprefix("/bids") + "x")

    assert response.status_code == 404
    assert response.mimetype == PROBLEM_JSON


def test_a_download_link_to_a_file_no_longer_stored_is_not_found(client, system, auth, make_bid, upload_evidence):
    draft = make_bid()
    evidence = upload_evidence(draft["id"]).json
    link = client.get(f"/bids/{draft['id']}/evidence/{evidence['id']}/download", headers=auth()).json
    shutil.rmtree(system.settings.evidence_dir / "evidence")

    response = client.get(urlsplit(link["url"]).path.removeprefix("/bids"))

    assert response.status_code == 404
    assert response.json["detail"] == "This file is no longer stored"
