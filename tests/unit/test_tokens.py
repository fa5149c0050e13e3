"""Bearer tokens: which are accepted, which are refused, and the principal each one names."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.auth.dev_identity import DevelopmentIdentity, DevelopmentIdentityRefused, demo_principal
from shared.auth.tokens import InvalidToken, StaticKeys, TokenPolicy, TokenVerifier
from shared.clock import utcnow

OPCC_TENANT = "11111111-1111-1111-1111-111111111111"
MELTON_TENANT = "22222222-2222-2222-2222-222222222222"
ISSUER = "https://login.example/{tenantid}/v2.0"
AUDIENCE = "api://safergrants"
ROLE_MAP = {
    "SaferGrants.Reviewer": "opcc_reviewer",
    "SaferGrants.Approver": "opcc_approver",
    "SaferGrants.CspOfficer": "csp_officer",
    "SaferGrants.Auditor": "auditor",
    "aaaaaaaa-0000-0000-0000-000000000001": "finance",
}

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwks(key=KEY, kid="k1") -> dict:
    return {"keys": [{**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "alg": "RS256"}]}


def verifier(**policy) -> TokenVerifier:
    options = {
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "tenants": {OPCC_TENANT: "opcc", MELTON_TENANT: "melton"},
        "role_map": ROLE_MAP,
        "leeway_seconds": 0,
    }
    return TokenVerifier(TokenPolicy(**(options | policy)), StaticKeys(jwks()))


def token(key=KEY, headers=None, tenant=OPCC_TENANT, **claims) -> str:
    now = utcnow()
    body = {
        "iss": ISSUER.replace("{tenantid}", tenant),
        "aud": AUDIENCE,
        "sub": "u-1",
        "tid": tenant,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "roles": ["SaferGrants.Reviewer"],
        "name": "Sam Okafor",
    } | claims
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1", **(headers or {})})


def test_an_opcc_token_names_an_opcc_principal():
    principal = verifier().verify(token())

    assert (principal.role, principal.csp_id, principal.organisation, principal.name) == (
        "opcc_reviewer",
        None,
        "opcc",
        "Sam Okafor",
    )


def test_a_council_tenant_gives_a_csp_officer_of_that_csp():
    principal = verifier().verify(token(tenant=MELTON_TENANT, roles=["SaferGrants.CspOfficer"]))

    assert (principal.role, principal.csp_id) == ("csp_officer", "melton")


def test_a_group_claim_maps_to_a_role():
    principal = verifier().verify(token(roles=[], groups=["aaaaaaaa-0000-0000-0000-000000000001"]))

    assert principal.role == "finance"


def test_several_roles_resolve_to_the_most_senior_whatever_their_order():
    both = ["SaferGrants.Reviewer", "SaferGrants.Approver"]

    assert (
        verifier().verify(token(roles=both)).role == verifier().verify(token(roles=both[::-1])).role == "opcc_approver"
    )


def _unsigned(claims: dict, alg: str) -> str:
    encode = lambda part: base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{encode({'alg': alg, 'kid': 'k1', 'typ': 'JWT'})}.{encode(claims)}."


def _hmac_signed(claims: dict) -> str:
    """The algorithm-confusion attack: an HMAC "signature" keyed with the verifier's public key (built by
    hand, since PyJWT rightly refuses to use a PEM public key as an HMAC secret)."""
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = _unsigned(claims, "HS256").rstrip(".")
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def _claims_of(raw: str) -> dict:
    return jwt.decode(raw, options={"verify_signature": False})


REFUSED = {
    "expired": lambda: token(exp=utcnow() - timedelta(seconds=5)),
    "wrong audience": lambda: token(aud="api://another-service"),
    "signed by another key": lambda: token(key=OTHER_KEY),
    "unknown key id": lambda: token(headers={"kid": "k-unknown"}),
    "tenant not on the allow-list": lambda: token(tenant="99999999-9999-9999-9999-999999999999"),
    "issuer of another tenant": lambda: token(iss=ISSUER.replace("{tenantid}", MELTON_TENANT)),
    "no role that maps": lambda: token(roles=["Directory.Reader"]),
    "council tenant claiming an OPCC role": lambda: token(tenant=MELTON_TENANT, roles=["SaferGrants.Approver"]),
    "OPCC tenant claiming a CSP role": lambda: token(roles=["SaferGrants.CspOfficer"]),
    "alg none": lambda: _unsigned(_claims_of(token()), "none"),
    "HS256 keyed with the public key": lambda: _hmac_signed(_claims_of(token())),
    "not a JWT": lambda: "not-a-jwt",
    "service token with a person's role": lambda: token(sub="client-1", azp="client-1", roles=["SaferGrants.Reviewer"]),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_token_is_refused(case):
    raw = REFUSED[case]()
    with pytest.raises(InvalidToken):
        verifier().verify(raw)


def test_a_service_with_client_credentials_may_read_as_an_auditor():
    principal = verifier().verify(token(sub="client-1", azp="client-1", roles=["SaferGrants.Auditor"]))

    assert (principal.role, principal.is_service) == ("auditor", True)


def test_symmetric_algorithms_cannot_be_configured():
    with pytest.raises(ValueError, match="HS256"):
        verifier(algorithms=("RS256", "HS256"))


def test_the_development_identity_signs_tokens_its_verifier_accepts(tmp_path):
    identity = DevelopmentIdentity.load(tmp_path, production=False)
    officer = demo_principal("csp_officer", "charnwood")

    assert identity.verifier().verify(identity.issue(officer)) == officer


def test_the_development_identity_keeps_one_key_across_restarts(tmp_path):
    first = DevelopmentIdentity.load(tmp_path, production=False)
    raw = first.issue(demo_principal("auditor"))

    assert DevelopmentIdentity.load(tmp_path, production=False).verifier().verify(raw).role == "auditor"


def test_a_provider_contributor_reaches_only_the_bid_named_in_their_token(tmp_path):
    identity = DevelopmentIdentity.load(tmp_path, production=False)
    provider = demo_principal("provider_contributor", "melton", bid_id="bid-1")

    assert identity.verifier().verify(identity.issue(provider)).bid_id == "bid-1"
    with pytest.raises(InvalidToken, match="names no bid"):
        identity.verifier().verify(identity.issue(demo_principal("provider_contributor", "melton")))


def test_the_development_identity_refuses_production(tmp_path):
    with pytest.raises(DevelopmentIdentityRefused, match="production"):
        DevelopmentIdentity.load(tmp_path, production=True)
    assert not list(tmp_path.iterdir()), "no key is made for a refused start"


def test_an_invitation_token_names_a_provider_contributor_of_one_bid(make_settings):
    from shared.auth.invitations import InvitationCode, issue_token, make_code, read_code
    from shared.auth.verifier import build_api_verifier

    settings = make_settings()
    invitation = InvitationCode("inv-1", "bid-1", "melton", "priya@provider.example", "Priya Shah")
    principal = build_api_verifier(settings).verify(
        issue_token(settings, read_code(settings, make_code(settings, invitation)))
    )

    assert (principal.role, principal.bid_id, principal.csp_id, principal.invitation_id) == (
        "provider_contributor",
        "bid-1",
        "melton",
        "inv-1",
    )


def test_an_invitation_token_cannot_pass_as_a_people_token_or_be_forged(make_settings):
    from shared.auth.invitations import ISSUER, InvitationCode, issue_token
    from shared.auth.verifier import build_api_verifier

    settings = make_settings()
    verifier = build_api_verifier(settings)
    genuine = issue_token(settings, InvitationCode("inv-1", "bid-1", "melton", "p@x.example", "P"))
    forged_key = jwt.encode(
        {**_claims_of(genuine), "bid_id": "bid-2"},
        "a-guessed-secret-that-is-at-least-thirty-two-bytes",
        algorithm="HS256",
    )
    wrong_issuer = jwt.encode(
        {**_claims_of(genuine), "iss": "urn:safergrants:development-identity"},
        "a-guessed-secret-that-is-at-least-thirty-two-bytes",
        algorithm="HS256",
    )
    rsa_signed = jwt.encode({**_claims_of(genuine), "iss": ISSUER}, KEY, algorithm="RS256")

    for raw in (forged_key, wrong_issuer, rsa_signed):
        with pytest.raises(InvalidToken):
            verifier.verify(raw)


def test_an_altered_or_old_invitation_link_is_refused(make_settings):
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from shared.auth.invitations import (
        CODE_MAX_AGE,
        InvitationCode,
        InvitationCodeExpired,
        InvitationCodeInvalid,
        make_code,
        read_code,
    )

    class Backdated(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - CODE_MAX_AGE.total_seconds() - 60)

    settings = make_settings()
    code = make_code(settings, InvitationCode("inv-1", "bid-1", "melton", "p@x.example", "P"))
    with pytest.raises(InvitationCodeInvalid):
        read_code(settings, "x" + code[1:] if code[0] != "x" else "y" + code[1:])
    stale = URLSafeTimedSerializer(settings.secret_key, salt="safergrants.provider-invitation", signer=Backdated)
    with pytest.raises(InvitationCodeExpired):
        read_code(
            settings, stale.dumps({"invitation_id": "i", "bid_id": "b", "csp_id": "melton", "email": "e", "name": ""})
        )
