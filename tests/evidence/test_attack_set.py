"""Issue 4's evidence attack set: each upload is refused with a clear problem, and nothing reaches the clean area.

Refusals at upload are answered at once (before anything is stored); the one attack that looks like a
valid file (EICAR inside a PDF) is taken into quarantine and refused by the virus scan. After every case
the scan runs, as the worker would, and the clean area (`evidence/`) and the quarantine are checked empty.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from services.bids.models import EvidenceFile
from shared.scanning.daemon import eicar
from tests.api.assertions import assert_problem
from tests.evidence import files

NOT_ALLOWED = "The selected file must be a PDF, Word document (DOCX), Excel spreadsheet (XLSX), PNG or JPEG"
BAD_NAME = "The file name must not contain slashes or control characters: rename the file and try again"


@pytest.fixture
def draft(make_bid) -> dict:
    return make_bid()


@pytest.fixture(autouse=True)
def nothing_refused_is_stored(system, stored_keys, scan_evidence):
    """After every attack, once the scanner has run too: the quarantine is empty and the clean area holds
    exactly the files that were accepted and passed the scan (none, but in the bid-total case)."""
    yield
    scan_evidence()
    with system.runtimes["bids"].session_factory() as session:
        clean = session.scalars(sa.select(EvidenceFile).where(EvidenceFile.status == "clean")).all()
    assert stored_keys("evidence/") == sorted(EvidenceFile.clean_key(f.bid_id, f.id) for f in clean)
    assert stored_keys("quarantine/") == []


def _refused(response, status: int, message: str) -> None:
    assert_problem(response, status, {"file": message})
    assert response.json["detail"] == message


def test_an_oversize_file_is_refused(draft, upload_evidence):
    too_big = files.pdf() + bytes(20 * files.MiB)

    _refused(upload_evidence(draft["id"], content=too_big), 413, "The selected file must be smaller than 20MB")


def test_a_file_that_takes_the_bid_over_its_total_is_refused(draft, upload_evidence, evidence_of):
    near_limit = files.pdf() + bytes(19 * files.MiB)
    for _ in range(5):
        assert upload_evidence(draft["id"], content=near_limit).status_code == 201

    response = upload_evidence(draft["id"], content=files.pdf() + bytes(6 * files.MiB))

    _refused(response, 422, "The files for one bid must add up to less than 100MB: remove a file to make room")
    assert [file["status"] for file in evidence_of(draft["id"])] == ["clean"] * 5


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (files.html_as_pdf(), "quote.pdf"),
        (files.executable(), "quote.pdf"),
        (files.executable(), "photo.png"),
        (eicar(), "eicar.pdf"),
    ],
    ids=["html-named-pdf", "exe-named-pdf", "exe-named-png", "bare-eicar"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(draft, upload_evidence, content, name):
    _refused(upload_evidence(draft["id"], content=content, filename=name), 422, NOT_ALLOWED)


def test_a_docx_zip_bomb_is_refused(draft, upload_evidence):
    response = upload_evidence(draft["id"], content=files.docx_bomb(), filename="plan.docx")

    _refused(response, 422, "The selected file is too large once unpacked: save it as a PDF and upload that")


def test_the_eicar_string_inside_a_valid_looking_pdf_is_refused_by_the_virus_scan(
    client, auth, draft, upload_evidence, evidence_of
):
    uploaded = upload_evidence(draft["id"], content=files.eicar_in_pdf(), filename="plan.pdf")
    assert uploaded.status_code == 201 and uploaded.json["status"] == "scanning"

    [refused] = evidence_of(draft["id"])
    download = client.get(f"/bids/{draft['id']}/evidence/{refused['id']}/download", headers=auth())

    assert refused["status"] == "rejected"
    assert refused["rejection_reason"].startswith("The file contains a virus or other malware (Eicar-Test-Signature")
    assert download.status_code == 404
    assert refused["rejection_reason"] in download.json["detail"]


@pytest.mark.parametrize(
    "name",
    # Backslashes doubled: the multipart header quotes them, and werkzeug unquotes "\\w" to "w".
    ["../../etc/passwd.pdf", "..\\\\..\\\\windows\\\\win.ini.pdf", "/absolute/plan.pdf", "evidence/../../x.pdf"],
)
def test_a_path_traversal_file_name_is_refused(draft, upload_evidence, name):
    _refused(upload_evidence(draft["id"], content=files.pdf(), filename=name), 422, BAD_NAME)


@pytest.mark.parametrize(
    "name", ["plan\x00.pdf.exe", "invoice\u202efdp.exe", "tab\there.pdf", "bell\x07.pdf", "del\x7f.pdf"]
)
def test_a_file_name_with_control_characters_is_refused(draft, upload_evidence, name):
    _refused(upload_evidence(draft["id"], content=files.pdf(), filename=name), 422, BAD_NAME)


def test_a_file_name_that_breaks_the_multipart_headers_is_refused_as_no_file(draft, upload_evidence):
    response = upload_evidence(draft["id"], content=files.pdf(), filename="plan\r\nX-Injected: yes.pdf")

    assert_problem(response, 422, {"file": "Select a file to upload"})


def test_a_zero_byte_file_is_refused(draft, upload_evidence):
    _refused(upload_evidence(draft["id"], content=b""), 422, "The selected file is empty")


def test_an_upload_to_another_csps_bid_is_refused_as_if_the_bid_did_not_exist(make_bid, upload_evidence):
    charnwoods = make_bid(csp_id="charnwood")

    response = upload_evidence(charnwoods["id"], content=files.pdf(), csp_id="melton")

    assert response.status_code == 404
    assert response.json["detail"] == "There is no bid with that id"
