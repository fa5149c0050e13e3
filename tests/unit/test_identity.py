"""Bearer tokens: who a request is from, and which tokens are refused."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from shared.clock import utcnow
from shared.identity import AUDIENCE, InvalidToken, demo_principal, issue_token, read_token

SECRET = "unit-test-secret-that-is-long-enough-for-hs256"


def claims(**overrides) -> dict:
    now = utcnow()
    return {
        "sub": "u-csp-melton",
        "role": "csp_officer",
        "csp_id": "melton",
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(hours=1),
    } | overrides


def test_a_token_names_the_principal_it_was_issued_for():
    officer = demo_principal("csp_officer", "charnwood")

    assert read_token(SECRET, issue_token(SECRET, officer)) == officer


def test_an_expired_token_is_refused():
    token = issue_token(SECRET, demo_principal("opcc_reviewer"), lifetime=timedelta(seconds=-1))

    with pytest.raises(InvalidToken, match="expired"):
        read_token(SECRET, token)


def test_a_token_signed_with_another_key_is_refused():
    with pytest.raises(InvalidToken):
        read_token(SECRET, issue_token("another-secret-that-is-long-enough-for-hs256", demo_principal("admin")))


@pytest.mark.parametrize(
    "overrides",
    [{"role": "mayor"}, {"csp_id": None}, {"csp_id": "nottingham"}, {"sub": "u" * 65}, {"aud": "elsewhere"}],
    ids=["unknown-role", "csp-role-without-csp", "unknown-csp", "overlong-subject", "wrong-audience"],
)
def test_a_token_whose_claims_do_not_make_sense_is_refused(overrides):
    with pytest.raises(InvalidToken):
        read_token(SECRET, jwt.encode(claims(**overrides), SECRET, algorithm="HS256"))


def test_an_opcc_role_needs_no_csp():
    principal = read_token(SECRET, jwt.encode(claims(role="opcc_reviewer", csp_id=None), SECRET, algorithm="HS256"))

    assert principal.is_opcc and principal.csp_id is None
