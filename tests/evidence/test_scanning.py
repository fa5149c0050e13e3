"""Every file waits in quarantine until the real clamd (tests/fixtures/clamd.py) passes it; only then can it
be downloaded or count. A refused file is reported with the reason and kept nowhere."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from services.bids.evidence_scanning import MAX_ATTEMPTS, QuarantineSweeper, claim_next, scan_pending
from services.bids.models import EvidenceFile
from shared.clock import utcnow
from shared.scanning.clamd import ClamdScanner
from shared.scanning.port import ScannerUnavailable, Verdict
from tests.evidence import files


@pytest.fixture
def bids(system):
    return system.runtimes["bids"]


def download(client, auth, bid_id: str, evidence_id: str):
    return client.get(f"/bids/{bid_id}/evidence/{evidence_id}/download", headers=auth())


def test_a_new_file_is_scanning_and_cannot_be_downloaded_yet(client, auth, make_bid, upload_evidence, stored_keys):
    draft = make_bid()

    uploaded = upload_evidence(draft["id"], content=files.pdf(), scan=False).json
    refused = download(client, auth, draft["id"], uploaded["id"])

    assert (uploaded["status"], uploaded["rejection_reason"]) == ("scanning", None)
    assert refused.status_code == 409
    assert refused.json["detail"] == "This file is still being checked for viruses: try again in a minute"
    assert stored_keys("quarantine/") == [f"quarantine/{draft['id']}/{uploaded['id']}"]
    assert stored_keys("evidence/") == []


def test_a_clean_file_moves_out_of_quarantine_and_downloads_as_an_attachment(
    client, auth, make_bid, upload_evidence, scan_evidence, stored_keys
):
    draft = make_bid()
    uploaded = upload_evidence(draft["id"], content=files.pdf("Quote"), filename="Quote 2026.pdf", scan=False).json

    assert scan_evidence() == 1
    shown = client.get(f"/bids/{draft['id']}/evidence/{uploaded['id']}", headers=auth()).json
    link = download(client, auth, draft["id"], uploaded["id"]).json
    served = client.get(urlsplit(link["url"]).path.removeprefix("/bids"))

    assert (shown["status"], shown["content_type"]) == ("clean", "application/pdf")
    assert stored_keys("quarantine/") == []
    assert stored_keys("evidence/") == [f"evidence/{draft['id']}/{uploaded['id']}"]
    assert served.data == files.pdf("Quote")
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_an_infected_file_is_rejected_with_the_signature_and_kept_nowhere(
    client, auth, make_bid, upload_evidence, scan_evidence, stored_keys, audit_actions
):
    draft = make_bid()
    uploaded = upload_evidence(draft["id"], content=files.eicar_in_pdf(), scan=False).json

    scan_evidence()
    [shown] = client.get(f"/bids/{draft['id']}/evidence", headers=auth()).json

    assert shown["status"] == "rejected"
    assert shown["rejection_reason"] == "The file contains a virus or other malware (Eicar-Test-Signature.UNOFFICIAL)"
    assert download(client, auth, draft["id"], uploaded["id"]).status_code == 404
    assert stored_keys("quarantine/") + stored_keys("evidence/") == []
    assert audit_actions(draft["id"])[-2:] == ["bid.evidence_added", "bid.evidence_rejected"]


def test_only_clean_files_count_towards_the_bid_total(make_bid, upload_evidence, system):
    draft = make_bid()
    upload_evidence(draft["id"], content=files.eicar_in_pdf())
    upload_evidence(draft["id"], content=files.pdf())

    from services.bids.evidence import bytes_used

    with system.runtimes["bids"].session_factory() as session:
        assert bytes_used(session, draft["id"]) == len(files.pdf())


def test_with_no_scanner_answering_files_wait_and_no_attempt_is_counted(bids, make_bid, upload_evidence, tmp_path):
    draft = make_bid()
    upload_evidence(draft["id"], content=files.pdf(), scan=False)
    nobody = ClamdScanner(f"unix://{tmp_path / 'no-clamd.sock'}")

    for _ in range(MAX_ATTEMPTS + 1):
        assert scan_pending(bids.session_factory, bids.evidence, nobody) == 0
    assert scan_pending(bids.session_factory, bids.evidence, None) == 0

    [waiting] = _rows(bids)
    assert (waiting.status, waiting.scan_attempts) == ("scanning", 0)


class FailsOnEveryFile:
    """Answers pings, then fails on each file: what clamd does with a file it cannot take."""

    def check(self) -> None:
        return None

    def scan(self, stream) -> Verdict:
        stream.read()
        raise ScannerUnavailable("connection reset by clamd")


def test_a_file_the_scanner_fails_on_again_and_again_is_rejected_in_the_end(bids, make_bid, upload_evidence):
    draft = make_bid()
    upload_evidence(draft["id"], content=files.pdf(), scan=False)

    for _ in range(MAX_ATTEMPTS):
        scan_pending(bids.session_factory, bids.evidence, FailsOnEveryFile())

    [refused] = _rows(bids)
    assert refused.status == "rejected"
    assert refused.rejection_reason.startswith("The file could not be checked for viruses")


def test_two_workers_claim_different_files_and_a_dead_workers_claim_runs_out(bids, make_bid, upload_evidence):
    draft = make_bid()
    for _ in range(2):
        upload_evidence(draft["id"], content=files.pdf(), scan=False)

    first, second = claim_next(bids.session_factory), claim_next(bids.session_factory)
    none_left = claim_next(bids.session_factory)
    with bids.session_factory.begin() as session:  # the first worker died: its claim runs out
        session.get(EvidenceFile, first.id).scan_claimed_until = utcnow() - timedelta(seconds=1)
    again = claim_next(bids.session_factory)

    assert first.id != second.id
    assert none_left is None
    assert again.id == first.id


def test_a_file_another_worker_holds_is_left_to_it(bids, make_bid, upload_evidence, clamd):
    draft = make_bid()
    upload_evidence(draft["id"], content=files.pdf(), scan=False)
    held = claim_next(bids.session_factory)

    judged = scan_pending(bids.session_factory, bids.evidence, ClamdScanner(clamd.url))

    [row] = _rows(bids)
    assert (judged, row.id, row.status) == (0, held.id, "scanning")


def test_the_sweeper_removes_old_objects_no_file_row_vouches_for(bids, make_bid, upload_evidence, stored_keys):
    draft = make_bid()
    kept = upload_evidence(draft["id"], content=files.pdf()).json
    waiting = upload_evidence(draft["id"], content=files.pdf(), scan=False).json
    orphans = [f"quarantine/{draft['id']}/crashed-before-commit", f"evidence/{draft['id']}/row-removed"]
    for key in orphans:
        bids.evidence.put(key, io.BytesIO(files.pdf()), "application/pdf")

    QuarantineSweeper(bids.session_factory, bids.evidence, older_than=timedelta(0)).sweep()

    assert stored_keys("evidence/") == [f"evidence/{draft['id']}/{kept['id']}"]
    assert stored_keys("quarantine/") == [f"quarantine/{draft['id']}/{waiting['id']}"]


def test_the_sweeper_leaves_recent_objects_alone(bids, make_bid, stored_keys):
    draft = make_bid()
    key = f"quarantine/{draft['id']}/upload-in-progress"
    bids.evidence.put(key, io.BytesIO(files.pdf()), "application/pdf")

    QuarantineSweeper(bids.session_factory, bids.evidence, older_than=timedelta(hours=24)).sweep()

    assert stored_keys("quarantine/") == [key]


def _rows(runtime) -> list[EvidenceFile]:
    with runtime.session_factory() as session:
        return list(session.scalars(sa.select(EvidenceFile)))
