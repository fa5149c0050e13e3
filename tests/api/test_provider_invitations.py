"""A CSP invites its delivery provider by email; the provider completes their sections and adds evidence to
that one bid; the CSP sees what they changed and can take their access away at once."""

from __future__ import annotations

import email
import re
from collections.abc import Callable

import pytest

from services.notifications.handlers import send_due
from shared.web.app import create_front_door
from tests.api.assertions import assert_problem

# Both backends: on PostgreSQL, row-level security scopes the provider's reads of invitations too.
from tests.api.factories import on_both_databases  # noqa: F401 - fixtures
from tests.web.browser import api_token_on, bearer, csrf_token

PRIYA = {"email": "Priya.Shah@Provider.example", "name": "Priya Shah"}


@pytest.fixture
def invite(client, auth) -> Callable[..., object]:
    def send(bid_id: str, body: dict | None = None, csp_id: str = "melton"):
        return client.post(f"/bids/{bid_id}/invitations", json=body or PRIYA, headers=auth("csp_officer", csp_id))

    return send


@pytest.fixture
def mailbox(system, deliver_events) -> Callable[[], list[email.message.Message]]:
    """Deliver events, let notifications send what is due, and read the mail folder, as a person reads mail."""
    runtime = system.runtimes["notifications"]

    def read() -> list[email.message.Message]:
        deliver_events()
        send_due(runtime.session_factory, runtime.mailer, system.settings.mail.sender)
        folder = system.settings.mail.folder
        return [email.message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]

    return read


@pytest.fixture
def accept(system) -> Callable[[str], dict[str, str]]:
    """Open the invitation link on the front door, press Continue, and take the token the account page shows."""
    front_door = create_front_door(system.settings).test_client()

    def follow(link: str) -> dict[str, str]:
        path = "/" + link.split("/", 3)[3]
        page = front_door.get(path)
        assert page.status_code == 200 and "You have been invited to contribute to" in page.text, page.text
        signed_in = front_door.post(path, data={"csrf_token": csrf_token(front_door, path)})
        assert signed_in.status_code == 302, signed_in.text
        return bearer(api_token_on(front_door.get("/account").text))

    return follow


def link_in(message: email.message.Message) -> str:
    body = message.get_payload(decode=True).decode() if not message.is_multipart() else message.get_body().get_content()
    [link] = re.findall(r"https?://\S+/invitations/\S+", body)
    return link


def test_an_invited_provider_works_on_their_one_bid_until_the_csp_revokes_them(
    client, notifications, auth, make_bid, invite, mailbox, accept, save_draft, upload_evidence
):
    bid = make_bid()
    other = make_bid(title="Another Melton bid")

    invited = invite(bid["id"])
    [message] = [m for m in mailbox() if m["To"] == "priya.shah@provider.example"]

    assert invited.status_code == 201, invited.get_json()
    assert (invited.json["email"], invited.json["status"]) == ("priya.shah@provider.example", "active")
    assert "Morgan Hale has invited you to contribute to a bid" in message["Subject"]
    provider = accept(link_in(message))

    # The provider reaches that one bid, and nothing else of Melton's
    assert [b["id"] for b in client.get("/bids", headers=provider).json] == [bid["id"]]
    assert client.get(f"/bids/{other['id']}", headers=provider).status_code == 404
    loaded = client.get(f"/bids/{bid['id']}", headers=provider)
    assert loaded.status_code == 200

    changed = client.patch(
        f"/bids/{bid['id']}/provider",
        json={
            "delivery_provider": {"charity_number": "1123457"},
            "risks": [{"risk": "Winter nights with few volunteers", "mitigation": "Pair with Oakham's team"}],
        },
        headers=provider | {"If-Match": loaded.headers["ETag"]},
    )
    uploaded = upload_evidence(bid["id"], filename="safeguarding-policy.pdf", headers=provider)

    assert changed.status_code == 200, changed.get_json()
    assert changed.json["delivery_provider"]["charity_number"] == "1123457"
    assert changed.json["title"] == bid["title"]
    assert uploaded.status_code == 201, uploaded.get_json()

    # The CSP sees who changed what, and when the invitation was last used
    history = client.get(f"/audit/bid/{bid['id']}", headers=auth()).json
    [sections] = [event for event in history if event["action"] == "bid.provider_sections_changed"]
    assert (sections["actor_role"], sections["actor_name"]) == ("provider_contributor", "Priya Shah")
    assert sections["changes"]["charity_number"] == {"before": "1123456", "after": "1123457"}
    assert "risks" in sections["changes"]
    [added] = [event for event in history if event["action"] == "bid.evidence_added"]
    assert added["actor_name"] == "Priya Shah"
    [listed] = client.get(f"/bids/{bid['id']}/invitations", headers=auth()).json
    assert listed["last_used_at"] is not None

    revoked = client.delete(f"/bids/{bid['id']}/invitations/{invited.json['id']}", headers=auth())

    assert revoked.status_code == 200 and revoked.json["status"] == "revoked"
    assert client.get(f"/bids/{bid['id']}", headers=provider).status_code == 404
    assert client.get("/bids", headers=provider).json == []
    assert upload_evidence(bid["id"], headers=provider).status_code == 404
    again = client.patch(f"/bids/{bid['id']}/provider", json={"risks": []}, headers=provider | {"If-Match": "*"})
    assert again.status_code == 404


def test_the_link_is_in_the_email_only_never_in_what_the_api_shows(notifications, auth, make_bid, invite, mailbox):
    invite(make_bid()["id"])
    [message] = [m for m in mailbox() if m["To"] == "priya.shah@provider.example"]
    code = link_in(message).rsplit("/", 1)[1]

    shown = notifications.get("/notifications", headers=auth("opcc_reviewer")).json

    [note] = [n for n in shown if n["kind"] == "provider_invitation"]
    assert code not in note["body"]
    assert "/invitations/[link sent by email only]" in note["body"]


def test_a_provider_may_change_only_the_provider_sections(client, auth, make_bid, invite):
    bid = make_bid()
    invite(bid["id"])
    provider = auth("provider_contributor", bid_id=bid["id"])
    etag = client.get(f"/bids/{bid['id']}", headers=provider).headers["ETag"]

    title = client.patch(
        f"/bids/{bid['id']}/provider", json={"title": "Mine now"}, headers=provider | {"If-Match": etag}
    )
    whole = client.patch(f"/bids/{bid['id']}", json={"title": "Mine now"}, headers=provider | {"If-Match": etag})
    stale = client.patch(f"/bids/{bid['id']}/provider", json={"risks": []}, headers=provider | {"If-Match": '"old.1"'})
    unversioned = client.patch(f"/bids/{bid['id']}/provider", json={"risks": []}, headers=provider)

    assert title.status_code == 422 and "title" in {e["field"] for e in title.json["errors"]}
    assert whole.status_code == 403
    assert stale.status_code == 412
    assert unversioned.status_code == 428
    assert client.get(f"/bids/{bid['id']}", headers=auth()).json["title"] == bid["title"]


def test_the_demo_provider_reaches_a_bid_only_once_invited(client, auth, make_bid, invite):
    bid = make_bid()
    provider = auth("provider_contributor", bid_id=bid["id"])  # Priya Shah, priya.shah@provider.example

    before = client.get(f"/bids/{bid['id']}", headers=provider)
    invite(bid["id"])
    after = client.get(f"/bids/{bid['id']}", headers=provider)

    assert (before.status_code, after.status_code) == (404, 200)


def test_inviting_the_same_person_again_replaces_their_link(client, auth, make_bid, invite, mailbox, accept):
    bid = make_bid()
    first = invite(bid["id"]).json
    old_link = link_in(mailbox()[-1])
    old_token = accept(old_link)

    second = invite(bid["id"]).json
    new_link = [link_in(m) for m in mailbox() if m["To"] == "priya.shah@provider.example" and link_in(m) != old_link]

    listed = {i["id"]: i["status"] for i in client.get(f"/bids/{bid['id']}/invitations", headers=auth()).json}
    assert listed == {first["id"]: "revoked", second["id"]: "active"}
    assert client.get(f"/bids/{bid['id']}", headers=old_token).status_code == 404
    assert client.get(f"/bids/{bid['id']}", headers=accept(new_link[0])).status_code == 200


def test_an_invitation_needs_a_real_email_and_a_name(client, auth, make_bid, invite):
    bid = make_bid()

    response = invite(bid["id"], {"email": "priya at provider", "name": " "})

    assert_problem(
        response,
        422,
        {
            "email": "Enter an email address in the correct format, like name@example.com",
            "name": "Enter the name of the person you are inviting",
        },
    )


def test_only_an_editable_bid_of_your_own_csp_takes_invitations(
    client, auth, make_bid, upload_evidence, invite, deliver_events
):
    submitted = make_bid()
    assert upload_evidence(submitted["id"]).status_code == 201
    assert client.post(f"/bids/{submitted['id']}/submit", headers=auth()).status_code == 200

    assert invite(submitted["id"]).status_code == 409
    assert invite(make_bid(csp_id="charnwood")["id"]).status_code == 404


def test_revoking_twice_changes_nothing_the_second_time(client, auth, make_bid, invite):
    bid = make_bid()
    invitation = invite(bid["id"]).json
    path = f"/bids/{bid['id']}/invitations/{invitation['id']}"

    first, second = client.delete(path, headers=auth()), client.delete(path, headers=auth())

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json["revoked_at"] == second.json["revoked_at"]
    actions = [e["action"] for e in client.get(f"/audit/bid/{bid['id']}", headers=auth()).json]
    assert actions.count("bid.provider_invitation_revoked") == 1
    assert client.delete(f"/bids/{bid['id']}/invitations/no-such-invitation", headers=auth()).status_code == 404
