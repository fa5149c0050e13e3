"""Signing in with the development identity: the sign-in page of `make run`, the session, the API token."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie

from shared.auth.dev_identity import DEMO_USERS
from shared.web.session import EXPIRED_MESSAGE
from tests.web.browser import api_token_on, bearer, csrf_token, sign_in_as


def session_cookie(response) -> dict[str, str]:
    """The attributes of the session cookie the response sets, lower-cased, plus its name."""
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        if "safergrants" in name:
            morsel = SimpleCookie(header)[name]
            flags = {flag.strip().lower() for flag in header.split(";")[1:]}
            return {"name": name, **{k: v for k, v in morsel.items() if v}, **{f: "yes" for f in flags if "=" not in f}}
    raise AssertionError(f"no session cookie set: {response.headers.getlist('Set-Cookie')}")


def test_the_sign_in_page_lists_a_demo_user_for_every_role_but_the_invited_provider(front_door):
    page = front_door.test_client().get("/")

    assert page.status_code == 200
    for role, person in DEMO_USERS.items():
        assert person.name in page.text
        assert (f"Sign in as {person.name}" in page.text) is (role != "provider_contributor")
    assert "safergrants token --role provider_contributor --bid" in page.text


def test_signing_in_without_the_forms_csrf_token_is_refused(front_door):
    client = front_door.test_client()
    client.get("/")

    refused = client.post("/sign-in/development", data={"role": "admin"})

    assert refused.status_code == 400
    assert "Your page timed out" in refused.text
    assert client.get("/account").status_code == 302  # still signed out


def test_on_loopback_http_the_session_cookie_is_http_only_and_same_site_lax(front_door):
    signed_in = sign_in_as(front_door.test_client(), "csp_officer")

    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/account"
    cookie = session_cookie(signed_in)
    assert cookie["httponly"] == "yes" and cookie["samesite"] == "Lax" and "secure" not in cookie


def test_anywhere_but_loopback_the_session_cookie_is_also_secure_and_host_only(make_front_door):
    front_door = make_front_door(BASE_URL="https://safergrants.example", SESSION_MINUTES="30")
    client = front_door.test_client()
    token = csrf_token_over_https(client)

    signed_in = client.post(
        "/sign-in/development",
        data={"role": "admin", "csrf_token": token},
        base_url="https://safergrants.example",
        headers={"Referer": "https://safergrants.example/"},  # over https, Flask-WTF also checks the referrer
    )

    cookie = session_cookie(signed_in)
    assert cookie["name"] == "__Host-safergrants"
    assert cookie["secure"] == "yes" and cookie["httponly"] == "yes" and cookie["samesite"] == "Lax"
    lifetime = parsedate_to_datetime(cookie["expires"]) - datetime.now(UTC)
    assert timedelta(minutes=29) < lifetime <= timedelta(minutes=30)


def csrf_token_over_https(client) -> str:
    page = client.get("/", base_url="https://safergrants.example")
    return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_the_account_page_shows_who_you_are_and_a_token_the_apis_accept(front_door, settings, service_client):
    client = front_door.test_client()
    sign_in_as(client, "csp_officer")

    account = client.get("/account")

    assert account.status_code == 200
    assert "Morgan Hale" in account.text and "CSP officer" in account.text
    assert 'data-organisation="melton"' in account.text and "Melton Community Safety Partnership" in account.text
    grants = service_client(settings, "grants")
    assert grants.get("/rounds", headers=bearer(api_token_on(account.text))).status_code == 200


def test_signing_out_ends_the_session(front_door):
    client = front_door.test_client()
    sign_in_as(client, "opcc_reviewer")

    signed_out = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})

    assert signed_out.status_code == 302 and signed_out.headers["Location"] == "/"
    assert "You have signed out" in client.get("/").text
    assert client.get("/account").status_code == 302


def test_a_session_past_its_expiry_is_signed_out_with_a_message(front_door):
    client = front_door.test_client()
    sign_in_as(client, "finance")
    assert client.get("/account").status_code == 200
    with client.session_transaction() as stored:
        stored["expires_at"] = time.time() - 1

    expired = client.get("/account")

    assert expired.status_code == 302 and expired.headers["Location"] == "/"
    assert EXPIRED_MESSAGE in client.get("/").text
    with client.session_transaction() as stored:
        assert "principal" not in stored


def test_the_api_token_shown_lasts_no_longer_than_the_session(make_front_door):
    import jwt

    client = make_front_door(SESSION_MINUTES="5").test_client()
    sign_in_as(client, "auditor")

    claims = jwt.decode(api_token_on(client.get("/account").text), options={"verify_signature": False})

    assert claims["exp"] - time.time() <= 5 * 60
    assert claims["roles"] == ["auditor"]


def test_scripts_get_a_token_for_a_demo_user_from_the_token_endpoint(front_door, settings, service_client):
    client = front_door.test_client()

    issued = client.post("/api/token", json={"role": "csp_officer", "csp_id": "charnwood"})
    invited = client.post("/api/token", json={"role": "provider_contributor", "bid_id": "b-1"})

    assert issued.status_code == 200 and issued.json["token_type"] == "Bearer"
    assert invited.status_code == 200
    grants = service_client(settings, "grants")
    assert grants.get("/rounds", headers=bearer(issued.json["access_token"])).status_code == 200


def test_the_token_endpoint_says_what_is_wrong_with_a_request(front_door):
    client = front_door.test_client()

    unknown = client.post("/api/token", json={"role": "overlord"})
    uninvited = client.post("/api/token", json={"role": "provider_contributor"})
    not_json = client.post("/api/token", data="role=admin")

    assert unknown.status_code == 422 and "unknown role" in unknown.json["detail"]
    assert unknown.headers["Content-Type"] == "application/problem+json"
    assert uninvited.status_code == 422 and "bid_id" in uninvited.json["detail"]
    assert not_json.status_code == 422
