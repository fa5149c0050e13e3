"""The evidence journey on the production adapters: PostgreSQL (row-level security on), SeaweedFS for S3
(which checks signatures and expiry as AWS does) and the session's clamd. Downloads follow the presigned
URL to S3 itself."""

from __future__ import annotations

import pytest
import requests

from tests.evidence import files


@pytest.fixture
def database_environment(fresh_postgres_urls, s3_settings) -> dict[str, str]:
    """PostgreSQL for every service, and evidence in a real S3 bucket."""
    return {f"{service.upper()}_DATABASE_URL": url for service, url in fresh_postgres_urls.items()} | {
        "S3_ENDPOINT_URL": s3_settings.endpoint_url,
        "S3_BUCKET": s3_settings.bucket,
        "S3_REGION": s3_settings.region,
        "S3_ACCESS_KEY_ID": s3_settings.access_key_id,
        "S3_SECRET_ACCESS_KEY": s3_settings.secret_access_key,
    }


def test_evidence_is_quarantined_scanned_downloaded_from_s3_removed_and_submitted(
    client, grants, auth, make_bid, upload_evidence, scan_evidence, stored_keys, evidence_of, deliver_events
):
    draft = make_bid()
    plan = upload_evidence(draft["id"], content=files.pdf("Plan"), filename="Project plan.pdf", scan=False).json
    budget = upload_evidence(draft["id"], content=files.xlsx(), filename="Budget.xlsx", scan=False).json
    infected = upload_evidence(draft["id"], content=files.eicar_in_pdf(), filename="Quote.pdf", scan=False).json
    for file in (plan, budget, infected):
        assert f"quarantine/{draft['id']}/{file['id']}" in stored_keys("quarantine/")
    assert client.get(f"/bids/{draft['id']}/evidence/{plan['id']}/download", headers=auth()).status_code == 409

    assert scan_evidence() == 3

    statuses = {file["id"]: file["status"] for file in evidence_of(draft["id"])}
    assert statuses == {plan["id"]: "clean", budget["id"]: "clean", infected["id"]: "rejected"}
    mine = [key for key in stored_keys("evidence/") if key.startswith(f"evidence/{draft['id']}/")]
    assert sorted(mine) == sorted(f"evidence/{draft['id']}/{file['id']}" for file in (plan, budget))
    assert not [key for key in stored_keys("quarantine/") if draft["id"] in key]

    link = client.get(f"/bids/{draft['id']}/evidence/{plan['id']}/download", headers=auth()).json
    served = requests.get(link["url"], timeout=10)
    assert served.status_code == 200 and served.content == files.pdf("Plan")
    assert served.headers["Content-Disposition"].startswith('attachment; filename="Project plan.pdf"')
    assert served.headers["Content-Type"] == "application/pdf"

    assert client.delete(f"/bids/{draft['id']}/evidence/{budget['id']}", headers=auth()).status_code == 204
    assert f"evidence/{draft['id']}/{budget['id']}" not in stored_keys("evidence/")

    assert client.post(f"/bids/{draft['id']}/submit", headers=auth()).status_code == 200
    deliver_events()
    review = grants.get(f"/reviews/{draft['id']}", headers=auth("opcc_reviewer")).json
    assert [file["evidence_id"] for file in review["evidence"]] == [plan["id"]]
