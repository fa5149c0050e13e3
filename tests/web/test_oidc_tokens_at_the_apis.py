"""The APIs accept the real provider's access tokens, and only those meant for them, unexpired and allowed."""

from __future__ import annotations

import hmac
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from flask.testing import FlaskClient

from shared.web.app import create_front_door
from tests.fixtures.oidc import (
    AUDIENCE,
    OTHER_AUDIENCE,
    REPORTING_CLIENT_ID,
    REPORTING_CLIENT_SECRET,
    UNKNOWN_TENANT,
    default_config,
)
from tests.web.browser import bearer
from tests.web.oidc_journeys import forged, provider_environment, provider_tokens, session_access_token, sign_in


@pytest.fixture
def provider_settings(make_settings, oidc_provider):
    return make_settings(**provider_environment(oidc_provider))


@pytest.fixture
def grants(provider_settings, service_client) -> FlaskClient:
    return service_client(provider_settings, "grants")


def test_the_access_token_from_signing_in_is_accepted_by_the_apis(provider_settings, oidc_provider, grants):
    front_door = create_front_door(provider_settings).test_client()
    sign_in(front_door, oidc_provider, "morgan")
    token = session_access_token(front_door)

    assert jwt.decode(token, options={"verify_signature": False})["aud"] == AUDIENCE
    assert grants.get("/rounds", headers=bearer(token)).status_code == 200
    assert token in front_door.get("/account").text


def test_a_reporting_service_with_client_credentials_may_read_but_not_write(oidc_provider, grants):
    token = oidc_provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET)

    assert grants.get("/reviews", headers=bearer(token)).status_code == 200
    assert grants.post("/rounds", headers=bearer(token), json={}).status_code == 403


def test_a_token_for_another_audience_is_refused(oidc_provider, grants):
    token = oidc_provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET, OTHER_AUDIENCE)

    refused = grants.get("/rounds", headers=bearer(token))

    assert refused.status_code == 401 and "invalid_token" in refused.headers["WWW-Authenticate"]


def test_an_expired_token_is_refused(oidc_provider_factory, make_settings, service_client):
    provider = oidc_provider_factory(default_config(access_token_ttl=1))
    strict, lenient = (
        service_client(make_settings(**provider_environment(provider, TOKEN_LEEWAY_SECONDS=leeway)), "grants")
        for leeway in ("0", "60")
    )
    token = provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET)

    time.sleep(2)

    assert strict.get("/rounds", headers=bearer(token)).status_code == 401
    # The same token within a minute's clock-skew allowance: good in every way but its age.
    assert lenient.get("/rounds", headers=bearer(token)).status_code == 200


def test_a_token_from_a_tenant_not_on_the_allow_list_is_refused(oidc_provider, grants):
    token = provider_tokens(oidc_provider, "eve")["access_token"]

    assert jwt.decode(token, options={"verify_signature": False})["tid"] == UNKNOWN_TENANT
    assert grants.get("/rounds", headers=bearer(token)).status_code == 401


def test_tokens_signed_with_hs256_over_the_public_key_or_not_signed_at_all_are_refused(oidc_provider, grants):
    genuine = oidc_provider.client_credentials_token(REPORTING_CLIENT_ID, REPORTING_CLIENT_SECRET)
    header = jwt.get_unverified_header(genuine)
    claims = jwt.decode(genuine, options={"verify_signature": False})
    public_key = jwt.PyJWKClient(oidc_provider.jwks_url).get_signing_key_from_jwt(genuine).key
    public_pem = public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert grants.get("/rounds", headers=bearer(genuine)).status_code == 200

    confused = forged({**header, "alg": "HS256"}, claims, lambda data: hmac.new(public_pem, data, "sha256").digest())
    unsigned = forged({**header, "alg": "none"}, claims, lambda data: b"")

    assert grants.get("/rounds", headers=bearer(confused)).status_code == 401
    assert grants.get("/rounds", headers=bearer(unsigned)).status_code == 401
