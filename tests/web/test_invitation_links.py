"""The link in a provider's invitation email, on the front door: a page, Continue, a session for one bid."""

from __future__ import annotations

import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from shared.auth.invitations import CODE_MAX_AGE, InvitationCode, make_code
from shared.auth.verifier import build_api_verifier
from tests.web.browser import api_token_on, csrf_token

INVITATION = InvitationCode(
    "inv-1", "bid-1", "melton", "priya.shah@provider.example", "Priya Shah", "Town centre night-time patrols"
)


def test_the_link_says_what_the_provider_is_invited_to_and_what_they_can_do(front_door, settings):
    page = front_door.test_client().get(f"/invitations/{make_code(settings, INVITATION)}")

    assert page.status_code == 200
    assert "You have been invited to contribute to “Town centre night-time patrols”" in page.text
    assert "Melton Community Safety Partnership" in page.text
    assert "upload evidence" in page.text and "Continue</button>" in page.text
    assert 'name="csrf_token"' in page.text


def test_continuing_signs_the_provider_in_to_that_one_bid_with_a_token_the_apis_accept(front_door, settings):
    client = front_door.test_client()
    link = f"/invitations/{make_code(settings, INVITATION)}"

    accepted = client.post(link, data={"csrf_token": csrf_token(client, link)})
    account = client.get("/account")

    assert accepted.status_code == 302 and accepted.headers["Location"] == "/account"
    assert account.status_code == 200
    assert "Priya Shah" in account.text and 'data-role="provider_contributor"' in account.text
    principal = build_api_verifier(settings).verify(api_token_on(account.text))
    assert (principal.role, principal.bid_id, principal.csp_id, principal.invitation_id) == (
        "provider_contributor",
        "bid-1",
        "melton",
        "inv-1",
    )
    assert principal.email == "priya.shah@provider.example"


def test_continuing_without_the_forms_csrf_token_is_refused(front_door, settings):
    client = front_door.test_client()
    link = f"/invitations/{make_code(settings, INVITATION)}"
    client.get(link)

    refused = client.post(link)

    assert refused.status_code == 400
    assert client.get("/account").status_code == 302  # not signed in


def test_an_expired_link_asks_for_a_new_one(front_door, settings):
    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - CODE_MAX_AGE.total_seconds() - 60)

    serializer = URLSafeTimedSerializer(settings.secret_key, salt="safergrants.provider-invitation", signer=Backdated)
    stale = serializer.dumps(INVITATION.__dict__)

    page = front_door.test_client().get(f"/invitations/{stale}")

    assert page.status_code == 410
    assert "This invitation link has expired" in page.text
    assert "Ask the CSP officer who invited you to send a new one." in page.text


def test_an_altered_link_is_not_valid(front_door, settings):
    code = make_code(settings, INVITATION)
    altered = ("A" if code[0] != "A" else "B") + code[1:]

    page = front_door.test_client().get(f"/invitations/{altered}")

    assert page.status_code == 404
    assert "This invitation link is not valid" in page.text


def test_a_link_made_with_another_secret_is_not_valid(front_door, make_settings):
    elsewhere = make_settings(SECRET_KEY="another-secret-key-that-is-long-enough-too")

    page = front_door.test_client().get(f"/invitations/{make_code(elsewhere, INVITATION)}")

    assert page.status_code == 404


def test_invitation_links_are_rate_limited_like_signing_in(front_door):
    client = front_door.test_client()

    answers = [client.get("/invitations/guess-number-{n}").status_code for n in range(11)]

    assert answers[:10] == [404] * 10
    assert answers[10] == 429
