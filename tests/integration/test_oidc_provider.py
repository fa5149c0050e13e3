"""The test OpenID Connect provider behaves like the identity provider our services will trust."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests

from tests.fixtures.oidc import (
    AUDIENCE,
    MELTON_TENANT,
    OPCC_TENANT,
    OTHER_AUDIENCE,
    REPORTING_CLIENT_ID,
    REPORTING_CLIENT_SECRET,
    WEB_CLIENT_ID,
    WEB_CLIENT_SECRET,
    OidcLoginRefused,
    OidcProvider,
    default_config,
)

REDIRECT_URI = "http://127.0.0.1/auth/callback"


def authorize_url(provider: OidcProvider, verifier: str | None, state: str = "state-1", nonce: str = "nonce-1") -> str:
    params = {
        "response_type": "code",
        "client_id": WEB_CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile email",
        "state": state,
        "nonce": nonce,
    }
    if verifier:
        digest = hashlib.sha256(verifier.encode()).digest()
        params |= {
            "code_challenge": base64.urlsafe_b64encode(digest).rstrip(b"=").decode(),
            "code_challenge_method": "S256",
        }
    return f"{provider.authorization_endpoint}?{urlencode(params)}"


def verified(provider: OidcProvider, token: str, audience: str) -> dict[str, Any]:
    key = jwt.PyJWKClient(provider.jwks_url).get_signing_key_from_jwt(token)
    return jwt.decode(token, key, algorithms=["RS256"], audience=audience, issuer=provider.issuer)


def sign_in(provider: OidcProvider, login: str) -> dict[str, Any]:
    """The token response for ``login`` after a browser sign-in and a PKCE code exchange."""
    verifier = secrets.token_urlsafe(48)
    callback = provider.browser_login(requests.Session(), authorize_url(provider, verifier), login)
    query = parse_qs(urlsplit(callback).query)
    assert callback.startswith(REDIRECT_URI) and query["state"] == ["state-1"], callback
    response = requests.post(
        provider.token_url,
        data={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(WEB_CLIENT_ID, WEB_CLIENT_SECRET),
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_discovery_document_names_the_issuer_and_its_endpoints(oidc_provider: OidcProvider) -> None:
    document = requests.get(oidc_provider.discovery_url, timeout=10).json()

    assert document["issuer"] == oidc_provider.issuer
    assert document["jwks_uri"] == oidc_provider.jwks_url
    assert document["token_endpoint"] == oidc_provider.token_url
    assert document["authorization_endpoint"] == oidc_provider.authorization_endpoint
    assert document["code_challenge_methods_supported"] == ["S256"]


def test_jwks_serves_rs256_public_signing_keys(oidc_provider: OidcProvider) -> None:
    keys = requests.get(oidc_provider.jwks_url, timeout=10).json()["keys"]

    assert [(key["kty"], key["alg"], key["use"]) for key in keys] == [("RSA", "RS256", "sig")]
    assert "d" not in keys[0]


def test_signing_in_yields_an_id_token_and_an_api_access_token_with_tenant_and_roles(
    oidc_provider: OidcProvider,
) -> None:
    tokens = sign_in(oidc_provider, "morgan")

    id_token = verified(oidc_provider, tokens["id_token"], audience=WEB_CLIENT_ID)
    assert id_token["nonce"] == "nonce-1"
    expected = {"sub": "u-morgan", "name": "Morgan Hale", "email": "morgan@safergrants.test", "tid": MELTON_TENANT}
    assert id_token | expected == id_token
    assert id_token["roles"] == ["SaferGrants.CspOfficer"]
    access_token = verified(oidc_provider, tokens["access_token"], audience=AUDIENCE)
    assert access_token | expected == access_token
    assert access_token["roles"] == ["SaferGrants.CspOfficer"]
    assert jwt.get_unverified_header(tokens["access_token"])["typ"] == "at+jwt"


def test_group_membership_reaches_the_id_token(oidc_provider: OidcProvider) -> None:
    id_token = jwt.decode(sign_in(oidc_provider, "greg")["id_token"], options={"verify_signature": False})

    assert (id_token["tid"], id_token["roles"], id_token["groups"]) == (
        OPCC_TENANT,
        [],
        ["aaaaaaaa-0000-0000-0000-000000000001"],
    )


def test_an_unknown_login_is_refused(oidc_provider: OidcProvider) -> None:
    url = authorize_url(oidc_provider, secrets.token_urlsafe(48))

    with pytest.raises(OidcLoginRefused, match="Unknown user"):
        oidc_provider.browser_login(requests.Session(), url, "mallory")


def test_a_redirect_uri_the_client_did_not_register_is_refused(
    oidc_provider_factory: Callable[[dict], OidcProvider],
) -> None:
    provider = oidc_provider_factory(default_config(redirect_uris=["http://127.0.0.1:5000/auth/callback"]))

    with pytest.raises(OidcLoginRefused, match="redirect_uri"):
        provider.browser_login(requests.Session(), authorize_url(provider, secrets.token_urlsafe(48)), "sam")


def test_authorization_without_pkce_is_sent_back_with_an_error(oidc_provider: OidcProvider) -> None:
    callback = oidc_provider.browser_login(requests.Session(), authorize_url(oidc_provider, None), "sam")

    assert parse_qs(urlsplit(callback).query)["error"] == ["invalid_request"]


def test_a_service_gets_a_jwt_access_token_carrying_its_tenant_and_roles(oidc_provider: OidcProvider) -> None:
    token = oidc_provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET)

    claims = verified(oidc_provider, token, audience=AUDIENCE)
    assert (claims["sub"], claims["tid"], claims["roles"]) == (
        REPORTING_CLIENT_ID,
        OPCC_TENANT,
        ["SaferGrants.Auditor"],
    )


def test_a_service_can_get_a_token_for_another_audience(oidc_provider: OidcProvider) -> None:
    token = oidc_provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET, OTHER_AUDIENCE)

    assert verified(oidc_provider, token, audience=OTHER_AUDIENCE)["aud"] == OTHER_AUDIENCE
    with pytest.raises(jwt.InvalidAudienceError):
        verified(oidc_provider, token, audience=AUDIENCE)


def test_access_tokens_expire_after_the_configured_ttl(
    oidc_provider_factory: Callable[[dict], OidcProvider],
) -> None:
    provider = oidc_provider_factory(default_config(access_token_ttl=1))
    token = provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET)

    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 1
    time.sleep(1.1)
    with pytest.raises(jwt.ExpiredSignatureError):
        verified(provider, token, audience=AUDIENCE)
