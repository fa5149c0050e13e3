"""Signing in through the front door at a real OpenID provider (oidc-provider on loopback).

The front door is driven by Flask's test client; everything it says to the provider (discovery, code
exchange, keys) and everything the browser says to it (login and consent pages) is real HTTP.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask.testing import FlaskClient

from shared.web.app import create_front_door
from tests.fixtures.oidc import UNKNOWN_TENANT, WEB_CLIENT_ID, default_config
from tests.web.browser import csrf_token
from tests.web.oidc_journeys import FRONT_DOOR, provider_environment, sign_in, signed_in_principal


@pytest.fixture
def front_door(make_settings, oidc_provider) -> FlaskClient:
    return create_front_door(make_settings(**provider_environment(oidc_provider))).test_client()


def test_sign_in_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(front_door, oidc_provider):
    started = front_door.get("/sign-in")

    location = urlsplit(started.headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == oidc_provider.authorization_endpoint
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["redirect_uri"] == [f"{FRONT_DOOR}/auth/callback"] and query["response_type"] == ["code"]
    assert query["state"][0] and query["nonce"][0] and "openid" in query["scope"][0].split()


def test_the_sign_in_page_offers_microsoft_and_no_demo_users(front_door):
    page = front_door.get("/")

    assert "Sign in with Microsoft" in page.text and "Sign in as" not in page.text
    assert front_door.post("/api/token", json={"role": "admin"}).status_code == 404


@pytest.mark.parametrize(
    ("login", "role", "organisation"),
    [("sam", "opcc_reviewer", None), ("morgan", "csp_officer", "melton"), ("greg", "finance", None)],
)
def test_people_are_signed_in_with_the_role_their_directory_gives_them(
    front_door, oidc_provider, login, role, organisation
):
    finished = sign_in(front_door, oidc_provider, login)

    assert finished.status_code == 302 and finished.headers["Location"] == "/account"
    principal = signed_in_principal(front_door)
    assert (principal["user_id"], principal["role"], principal["csp_id"]) == (f"u-{login}", role, organisation)
    account = front_door.get("/account")
    assert f'data-role="{role}"' in account.text and f"{login}@safergrants.test" in account.text


def test_someone_from_a_tenant_not_on_the_allow_list_is_told_their_organisation_is_not_set_up(
    front_door, oidc_provider, caplog
):
    with caplog.at_level(logging.WARNING, logger="safergrants.security"):
        refused = sign_in(front_door, oidc_provider, "eve")

    assert refused.status_code == 403
    assert "Your organisation is not set up to use SaferGrants" in refused.text
    assert signed_in_principal(front_door) is None
    (logged,) = [json.loads(record.getMessage()) for record in caplog.records]
    assert logged["event"] == "sign_in.refused" and logged["tenant"] == UNKNOWN_TENANT


def test_a_council_account_given_an_opcc_role_gets_no_role_at_all(oidc_provider_factory, make_settings):
    accounts = default_config()["accounts"]
    # A council's own administrators assign app roles in their tenant: they cannot make OPCC staff.
    accounts["rogue"] = {**accounts["morgan"], "sub": "u-rogue", "roles": ["SaferGrants.Reviewer"]}
    provider = oidc_provider_factory(default_config(accounts=accounts))
    client = create_front_door(make_settings(**provider_environment(provider))).test_client()

    refused = sign_in(client, provider, "rogue")

    assert refused.status_code == 403 and "Your account has no SaferGrants role" in refused.text
    assert signed_in_principal(client) is None


def test_a_callback_cannot_be_replayed(front_door, oidc_provider):
    started = front_door.get("/sign-in")
    callback = oidc_provider.browser_login(requests.Session(), started.headers["Location"], "sam")
    query = urlsplit(callback).query
    assert front_door.get(f"/auth/callback?{query}").status_code == 302
    front_door.post("/sign-out", data={"csrf_token": csrf_token(front_door, "/account")})

    replayed = front_door.get(f"/auth/callback?{query}")

    assert replayed.status_code == 400 and "Sign-in did not work" in replayed.text
    assert signed_in_principal(front_door) is None


def test_signing_out_ends_our_session_and_then_the_providers(front_door, oidc_provider):
    sign_in(front_door, oidc_provider, "sam")

    signed_out = front_door.post("/sign-out", data={"csrf_token": csrf_token(front_door, "/account")})

    end_session = requests.get(oidc_provider.discovery_url, timeout=10).json()["end_session_endpoint"]
    assert signed_out.status_code == 302 and signed_out.headers["Location"].startswith(f"{end_session}?")
    assert parse_qs(urlsplit(signed_out.headers["Location"]).query)["client_id"] == [WEB_CLIENT_ID]
    assert signed_in_principal(front_door) is None
