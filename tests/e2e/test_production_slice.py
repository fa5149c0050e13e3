"""Production style: each service as a gunicorn web process and a worker process (six in all), on real
PostgreSQL, RabbitMQ, SeaweedFS S3 and an SMTP server, driven only over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from shared.clock import today
from shared.config import SERVICES, S3Settings, load_settings
from shared.storage.factory import make_evidence_store
from tests.e2e import journeys
from tests.e2e.journeys import Deployment
from tests.e2e.processes import HOST, SAFERGRANTS, ProcessGroup, expect, free_port, run_commands, wait_for_http
from tests.fixtures.settings import embedded_environment
from tests.fixtures.smtp import SmtpInbox

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

REVIEWERS = "opcc.reviewers@leics-opcc.example"
FINANCE = "finance@leics-opcc.example"


def production_environment(
    var_dir: Path, postgres: dict[str, str], broker_url: str, s3: S3Settings, smtp: SmtpInbox
) -> dict[str, str]:
    return embedded_environment(
        var_dir,
        SAFERGRANTS_ENV="production",
        **{f"{name.upper()}_DATABASE_URL": url for name, url in postgres.items()},
        BROKER_URL=broker_url,
        S3_ENDPOINT_URL=s3.endpoint_url,
        S3_BUCKET=s3.bucket,
        S3_REGION=s3.region,
        S3_ACCESS_KEY_ID=s3.access_key_id,
        S3_SECRET_ACCESS_KEY=s3.secret_access_key,
        SMTP_HOST=smtp.host,
        SMTP_PORT=str(smtp.port),
        OPCC_REVIEWERS_EMAIL=REVIEWERS,
        FINANCE_EMAIL=FINANCE,
        WEB_CONCURRENCY="1",
    )


@pytest.fixture
def production(
    tmp_path, fresh_postgres_urls, broker_url, s3_settings, smtp_inbox, token_issuer, clamd, processes: ProcessGroup
) -> Iterator[Deployment]:
    """Migrated databases, declared topology, a bucket, then a web and a worker process per service.

    Takes ``processes`` last so they are stopped before the databases and the vhost are dropped.
    """
    env = production_environment(tmp_path / "var", fresh_postgres_urls, broker_url, s3_settings, smtp_inbox)
    env |= token_issuer.environment()  # production trusts an OpenID provider's keys, never the development identity
    env["CLAMD_URL"] = clamd.url  # bids' worker scans each upload before it can be downloaded
    run_commands([[SAFERGRANTS, "migrate"], [SAFERGRANTS, "topology", "declare"]], env)
    make_evidence_store(load_settings(env)).ensure_bucket()
    urls, webs = {}, []
    for service in SERVICES:
        port = free_port()
        urls[service] = f"http://{HOST}:{port}"
        webs.append(processes.start(f"{service}-web", [SAFERGRANTS, "web", service, "--bind", f"{HOST}:{port}"], env))
        processes.start(f"{service}-worker", [SAFERGRANTS, "worker", service], env)
    for service, web in zip(SERVICES, webs, strict=True):
        ready = wait_for_http(f"{urls[service]}/readyz", web, timeout=60)
        assert ready.status_code == 200, f"{service} is not ready: {ready.text}"
    yield Deployment(urls, token_issuer.token_for, watch=tuple(processes.started))
    assert not [p for p in processes.started if not p.alive], f"a process died during the test:\n{processes.tails()}"


def test_a_submitted_bid_reaches_the_reviewers_and_both_people_are_emailed(
    production: Deployment, smtp_inbox, s3_settings
):
    funding_round = journeys.create_open_round(production)
    journeys.wait_for_round_in_bids(production, funding_round["id"])

    bid = journeys.start_draft(production, funding_round["id"])
    evidence = journeys.upload_evidence(production, bid["id"])
    download = journeys.download_evidence(production, bid["id"], evidence["id"])
    journeys.assert_is_the_evidence(download)
    assert download.url.startswith(f"{s3_settings.endpoint_url}/{s3_settings.bucket}/"), download.url
    assert "X-Amz-Signature=" in download.url and "X-Amz-Expires=" in download.url, download.url
    submitted = journeys.submit(production, bid["id"])

    review = journeys.wait_for_review(production, bid["id"])
    assert review["title"] == submitted["title"]
    assert review["amount_requested"] == "12500.00"
    assert review["csp_name"] == "Melton"
    assert [file["sha256"] for file in review["evidence"]] == [evidence["sha256"]]

    mails = smtp_inbox.wait_for(3, timeout=30)
    received = {(mail.rcpt_tos, mail.message["Subject"]) for mail in mails}
    assert received == {
        ((journeys.OFFICER_EMAIL,), journeys.acknowledgement_subject(bid["title"])),
        ((REVIEWERS,), journeys.new_bid_subject(bid["title"])),
        ((REVIEWERS,), journeys.duplicate_check_subject(bid["title"]) + "0 likely duplicates and 0 to check)"),
    }
    sent = journeys.wait_for_sent_notifications(production, bid["id"])
    assert len(smtp_inbox.messages) == 3, "each message goes out once"
    kinds = journeys.by_kind(sent)
    assert [n["recipient"] for n in kinds["bid_acknowledgement"]] == [journeys.OFFICER_EMAIL]
    assert [n["recipient"] for n in kinds["new_bid"]] == [REVIEWERS]
    own = expect(production.client("notifications", *journeys.OFFICER).get("/notifications"), 200)
    assert [n["kind"] for n in own if bid["id"] in n["body"]] == ["bid_acknowledgement"]

    # An approver awards it: bids shows the decision, and the officer and finance are emailed once each.
    award = {"outcome": "awarded", "amount_awarded": "10000.00", "conditions": ["Quarterly returns"], "reason": "Fits"}
    awarded = journeys.decide(production, bid["id"], **award)
    assert (awarded["decision"]["amount_awarded"], awarded["allocation"]["awarded"]) == ("10000.00", "10000.00")
    later = {(mail.rcpt_tos, mail.message["Subject"]) for mail in smtp_inbox.wait_for(5, timeout=30)} - received
    assert later == {
        ((journeys.OFFICER_EMAIL,), f"Your bid has been awarded funding: {bid['title']}"),
        ((FINANCE,), f"Award to Melton: {bid['title']} (£10,000.00)"),
    }


def test_bids_that_cannot_be_accepted_are_refused_with_problem_details(production: Deployment):
    bids = production.officer()
    closed_until_tomorrow = journeys.create_open_round(production, opens_on=(today() + timedelta(days=1)).isoformat())
    open_round = journeys.create_open_round(production)
    journeys.wait_for_round_in_bids(production, closed_until_tomorrow["id"])
    journeys.wait_for_round_in_bids(production, open_round["id"])

    not_open = bids.post("/bids", json=journeys.bid_fields(closed_until_tomorrow["id"]))
    assert_problem(not_open, 422, "round-not-open", "round_id")
    unknown_round = bids.post("/bids", json=journeys.bid_fields("no-such-round"))
    assert_problem(unknown_round, 422, "round-not-open", "round_id")
    zero = bids.post("/bids", json=journeys.bid_fields(open_round["id"], amount_requested="0.00"))
    assert_problem(zero, 422, "invalid-request", "amount_requested")
    negative = bids.post("/bids", json=journeys.bid_fields(open_round["id"], amount_requested="-10.00"))
    assert_problem(negative, 422, "invalid-request", "amount_requested")
    no_round = bids.post("/bids", json={"title": "A bid for no round"})
    assert_problem(no_round, 422, "invalid-request", "round_id")

    empty = expect(bids.post("/bids", json={"round_id": open_round["id"]}), 201)
    incomplete = bids.post(f"/bids/{empty['id']}/submit")
    assert_problem(
        incomplete,
        422,
        "bid-incomplete",
        "title",
        "summary",
        "need",
        "priorities",
        "delivery_provider",
        "budget_lines",
        "evidence",
    )

    bid = journeys.start_draft(production, open_round["id"])
    journeys.upload_evidence(production, bid["id"])
    journeys.submit(production, bid["id"])
    assert_problem(bids.post(f"/bids/{bid['id']}/submit"), 409, "wrong-state")
    assert_problem(bids.patch(f"/bids/{bid['id']}", json={"title": "Changed afterwards"}), 409, "wrong-state")
    late_file = bids.post(f"/bids/{bid['id']}/evidence", files={"file": ("late.pdf", b"%PDF late", "application/pdf")})
    assert_problem(late_file, 409, "wrong-state")
    assert expect(bids.get(f"/bids/{bid['id']}"), 200)["status"] == "submitted"


def assert_problem(response, status: int, kind: str, *fields: str) -> None:
    """An RFC 9457 problem of ``kind``, naming each of ``fields`` with a message for a person."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"].endswith(f"/{kind}"), problem
    assert problem["detail"]
    named = {error["field"]: error["detail"] for error in problem.get("errors", [])}
    for field in fields:
        assert named.get(field), f"no message for {field!r} in {problem}"
