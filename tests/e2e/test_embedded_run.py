"""`make run`: the whole system on one port with demo data, as a new user first meets it."""

from __future__ import annotations

import re
import signal
import subprocess

import pytest
import requests

from tests.e2e import journeys
from tests.e2e.embedded import base_url, embedded_deployment, mail_files, read_mail, start_embedded
from tests.e2e.journeys import Deployment
from tests.e2e.processes import (
    PROJECT_ROOT,
    SAFERGRANTS,
    ApiClient,
    ProcessGroup,
    RunningProcess,
    expect,
    poll,
    process_environment,
)
from tests.fixtures.settings import embedded_environment

# The first `make run` after pyproject.toml changed installs the project into .venv before it starts.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]

ROLES = ("csp_officer", "provider_contributor", "opcc_reviewer", "opcc_approver", "finance", "admin", "auditor")
DEFAULT_REVIEWERS = "opcc.reviewers@safergrants.local"
_PRINTED_TOKEN = re.compile(
    r"^  (?P<role>[a-z_]+)(?: \((?P<csp>[a-z-]+)\))?:\n    (?P<token>[\w-]+\.[\w-]+\.[\w-]+)$", re.M
)


def make_run_start_seconds() -> float:
    """Bounded by what `make run` has to do first: start at once, or install into .venv and then start."""
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=PROJECT_ROOT, env=process_environment({}), capture_output=True, text=True, timeout=30
    )
    return 300.0 if "pip install" in plan.stdout else 60.0


def make_run(processes: ProcessGroup, var_dir) -> tuple[RunningProcess, Deployment]:
    process, deployment = start_embedded(processes, var_dir, ["make", "run"], timeout=make_run_start_seconds())
    poll(lambda: "Press Ctrl-C to stop" in process.output(), 10, "the welcome text", [process])
    return process, deployment


def printed_tokens(output: str) -> dict[str, str]:
    return {match["role"]: match["token"] for match in _PRINTED_TOKEN.finditer(output)}


def interrupt(process: RunningProcess) -> None:
    """Ctrl-C: SIGINT to make and its child, as the terminal sends it; it must stop cleanly and quickly."""
    returncode = process.stop(signal.SIGINT, timeout=20)
    output = process.output()
    assert returncode in (0, 130, -signal.SIGINT), process.tail()
    assert "Traceback" not in output, process.tail(80)
    assert "SaferGrants stopped. Data is kept in" in output, process.tail()


def test_make_run_serves_every_api_spec_and_prints_the_urls_and_a_working_token_per_role(processes, tmp_path):
    process, system = make_run(processes, tmp_path / "var")
    base = base_url(system)
    output = process.output()

    for spec in ("/bids/openapi.json", "/grants/openapi.json", "/notifications/openapi.json"):
        assert f"{base}{spec}" in output
        document = expect(requests.get(f"{base}{spec}", timeout=10), 200)
        assert document["openapi"].startswith("3.") and document["paths"], spec
    assert f"{base}/events/asyncapi.json" in output
    events = expect(requests.get(f"{base}/events/asyncapi.json", timeout=10), 200)
    assert events["asyncapi"] and "bids.events/bid.submitted" in events["channels"]
    assert f"Sign in:       {base}/" in output
    sign_in_page = requests.get(f"{base}/", timeout=10)
    assert sign_in_page.status_code == 200 and "Sign in as Morgan Hale" in sign_in_page.text
    assert expect(requests.get(f"{base}/api", timeout=10), 200)["apis"]["bids"] == "/bids/openapi.json"

    tokens = printed_tokens(output)
    # A provider contributor exists only for the bid they were invited to: `safergrants token --bid` makes theirs.
    assert sorted(tokens) == sorted(role for role in ROLES if role != "provider_contributor"), output
    for role, token in tokens.items():
        listed = ApiClient(f"{base}/grants", token).get("/rounds")
        assert listed.status_code == 200, f"the printed {role} token was refused: {listed.text}"
    forged = ApiClient(f"{base}/grants", tokens["admin"][:-4] + "AAAA").get("/rounds")
    assert forged.status_code == 401
    interrupt(process)


def test_make_run_takes_a_bid_to_the_reviewers_and_keeps_it_after_ctrl_c_and_a_restart(processes, tmp_path):
    var_dir = tmp_path / "var"
    process, system = make_run(processes, var_dir)
    tokens = printed_tokens(process.output())
    # Drive the journey with the tokens make run printed, as a user following its instructions would.
    system = embedded_deployment(base_url(system), process, lambda role, csp=None: tokens[role])

    demo_round = journeys.wait_for_round_in_bids(system)
    bid = journeys.start_draft(system, demo_round["round_id"])
    # The demo round comes with each CSP's indicative allocation, so a bid shows what remains of Melton's.
    assert bid["allocation"]["allocation_pence"] > bid["amount_requested_pence"] > 0, bid["allocation"]
    evidence = journeys.upload_evidence(system, bid["id"])
    download = journeys.download_evidence(system, bid["id"], evidence["id"])
    journeys.assert_is_the_evidence(download)
    assert download.url.startswith(f"{base_url(system)}/bids/evidence-downloads/")
    journeys.submit(system, bid["id"])

    review = journeys.wait_for_review(system, bid["id"])
    assert review["title"] == bid["title"] and review["csp_id"] == "melton"
    sent = journeys.wait_for_sent_notifications(system, bid["id"])
    mails = poll(lambda: len(mail_files(var_dir)) >= 3 and mail_files(var_dir), 10, "three .eml files", [process])
    received = {(m["To"], m["Subject"]) for m in map(read_mail, mails)}
    check = next(subject for to, subject in received if subject.startswith("Duplicate-funding check"))
    assert check.startswith(journeys.duplicate_check_subject(bid["title"]))
    assert received == {
        (journeys.OFFICER_EMAIL, journeys.acknowledgement_subject(bid["title"])),
        (DEFAULT_REVIEWERS, journeys.new_bid_subject(bid["title"])),
        (DEFAULT_REVIEWERS, check),
    }
    assert sorted(path.stem for path in mails) == sorted(n["id"] for n in sent)
    interrupt(process)

    process, system = make_run(processes, var_dir)
    kept = expect(system.officer().get(f"/bids/{bid['id']}"), 200)
    assert kept["status"] == "submitted" and [e["id"] for e in kept["evidence"]] == [evidence["id"]]
    journeys.assert_is_the_evidence(journeys.download_evidence(system, bid["id"], evidence["id"]))
    assert len(journeys.review_items(system, bid["id"])) == 1
    assert sorted(n["id"] for n in journeys.notifications_about(system, bid["id"])) == sorted(n["id"] for n in sent)
    assert len(mail_files(var_dir)) == 3
    rounds = expect(system.client("grants", "opcc_reviewer").get("/rounds"), 200)
    assert [r["id"] for r in rounds] == [demo_round["round_id"]], "a restart must not seed a second demo round"
    interrupt(process)


def test_safergrants_run_links_to_the_port_given_on_its_command_line_and_stops_cleanly_on_sigterm(processes, tmp_path):
    process, system = start_embedded(processes, tmp_path / "var", port_flag=True)
    base = base_url(system)
    demo_round = journeys.wait_for_round_in_bids(system)
    bid = journeys.start_draft(system, demo_round["round_id"])
    evidence = journeys.upload_evidence(system, bid["id"])
    journeys.assert_is_the_evidence(journeys.download_evidence(system, bid["id"], evidence["id"]))
    journeys.submit(system, bid["id"])
    sent = journeys.wait_for_sent_notifications(system, bid["id"])
    assert all(f"{base}/" in n["body"] for n in sent), [n["body"] for n in sent]

    port = base.rsplit(":", 1)[1]
    second = processes.start("second-run", [SAFERGRANTS, "run", "--port", port], embedded_environment(tmp_path / "v2"))
    poll(lambda: not second.alive, 30, "a second system on a taken port to give up", [process])
    assert second.popen.returncode == 1 and f"Cannot listen on 127.0.0.1:{port}" in second.output(), second.tail()
    assert "Traceback" not in second.output(), second.tail(80)

    assert process.stop(signal.SIGTERM, timeout=20) == 0, process.tail()
    assert "Traceback" not in process.output() and "SaferGrants stopped" in process.output(), process.tail(80)
