"""A browser signing in through the front door at the test OpenID provider, and tokens got from it."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from flask.testing import FlaskClient

from tests.fixtures.oidc import (
    AUDIENCE,
    GREG_GROUP,
    MELTON_TENANT,
    OPCC_TENANT,
    WEB_CLIENT_ID,
    WEB_CLIENT_SECRET,
    OidcProvider,
)

FRONT_DOOR = "http://127.0.0.1"  # the web client's registered redirect URI is FRONT_DOOR/auth/callback
ROLE_MAP = {
    "SaferGrants.Reviewer": "opcc_reviewer",
    "SaferGrants.CspOfficer": "csp_officer",
    "SaferGrants.Auditor": "auditor",
    GREG_GROUP: "finance",
}


def provider_environment(provider: OidcProvider, **extra: str) -> dict[str, str]:
    """Settings that make the front door and the APIs trust `provider`, OPCC and Melton tenants allowed."""
    return {
        "BASE_URL": FRONT_DOOR,
        "OIDC_ISSUER": provider.issuer,  # one issuer for every tenant; the allow-list still applies to `tid`
        "OIDC_METADATA_URL": provider.discovery_url,
        "OIDC_JWKS_URL": provider.jwks_url,
        "OIDC_CLIENT_ID": WEB_CLIENT_ID,
        "OIDC_CLIENT_SECRET": WEB_CLIENT_SECRET,
        "API_AUDIENCE": AUDIENCE,
        "OIDC_TENANTS": f"{OPCC_TENANT}=opcc,{MELTON_TENANT}=melton",
        "OIDC_ROLE_MAP": ",".join(f"{claim}={role}" for claim, role in ROLE_MAP.items()),
        **extra,
    }


def sign_in(client: FlaskClient, provider: OidcProvider, login: str):
    """Press 'Sign in with Microsoft', sign in at the provider as `login`, and come back to the front door."""
    started = client.get("/sign-in")
    assert started.status_code == 302, started.text
    callback = provider.browser_login(requests.Session(), started.headers["Location"], login)
    assert callback.startswith(f"{FRONT_DOOR}/auth/callback?"), callback
    return client.get(f"/auth/callback?{urlsplit(callback).query}")


def signed_in_principal(client: FlaskClient) -> dict | None:
    with client.session_transaction() as session:
        return session.get("principal")


def session_access_token(client: FlaskClient) -> str:
    with client.session_transaction() as session:
        return session["access_token"]


def provider_tokens(provider: OidcProvider, login: str) -> dict:
    """The provider's tokens for `login`, got as any relying party would (the front door refuses eve's)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect_uri = f"{FRONT_DOOR}/auth/callback"
    query = {
        "response_type": "code",
        "client_id": WEB_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": "openid",
        "state": "s",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    callback = provider.browser_login(
        requests.Session(), f"{provider.authorization_endpoint}?{urlencode(query)}", login
    )
    code = parse_qs(urlsplit(callback).query)["code"][0]
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    response = requests.post(provider.token_url, data=exchange, auth=(WEB_CLIENT_ID, WEB_CLIENT_SECRET), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def forged(header: dict, claims: dict, sign: Callable[[bytes], bytes]) -> str:
    """A JWT with any header, signed by `sign` over its signing input (or not at all)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = f"{part(json.dumps(header).encode())}.{part(json.dumps(claims).encode())}"
    return f"{signing_input}.{part(sign(signing_input.encode()))}"
