"""The development identity: the embedded default's own sign-in, one seeded user per role.

It signs RS256 tokens with a key kept in var/, and the services verify them through the same
`TokenVerifier` as Entra ID tokens. It exists so `make run` needs no directory; it must never run in
production, where anyone could mint themselves an approver.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import jwt

from shared.auth.principal import CSP_ROLES, OPCC, Principal
from shared.auth.tokens import StaticKeys, TokenPolicy, TokenVerifier
from shared.clock import utcnow
from shared.reference import CSP_BY_ID, ROLES

ISSUER = "urn:safergrants:development-identity"
AUDIENCE = "safergrants"


class DevelopmentIdentityRefused(RuntimeError):
    """The configuration says production: the development identity does not start."""


DEMO_USERS: dict[str, Principal] = {
    "csp_officer": Principal("u-csp-melton", "csp_officer", "Morgan Hale", "morgan.hale@melton.example", "melton"),
    "provider_contributor": Principal(
        "u-provider", "provider_contributor", "Priya Shah", "priya.shah@provider.example", "melton"
    ),
    "opcc_reviewer": Principal("u-opcc-reviewer", "opcc_reviewer", "Sam Okafor", "sam.okafor@opcc.example"),
    "opcc_approver": Principal("u-opcc-approver", "opcc_approver", "Jo Pritchard", "jo.pritchard@opcc.example"),
    "finance": Principal("u-finance", "finance", "Alex Byrne", "alex.byrne@opcc.example"),
    "admin": Principal("u-admin", "admin", "Chris Lee", "chris.lee@opcc.example"),
    "auditor": Principal("u-auditor", "auditor", "Dana Fox", "dana.fox@audit.example"),
}


def demo_principal(role: str, csp_id: str | None = None, bid_id: str | None = None) -> Principal:
    """A seeded user; CSP roles may be moved to another CSP, provider contributors to their invited bid."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    base = DEMO_USERS[role]
    if csp_id is not None and csp_id not in CSP_BY_ID:
        raise ValueError(f"unknown CSP {csp_id!r}; choose one of {', '.join(CSP_BY_ID)}")
    if role not in CSP_ROLES or csp_id is None or csp_id == base.csp_id:
        return Principal(**{**base.__dict__, "bid_id": bid_id if role == "provider_contributor" else None})
    return Principal(
        f"u-csp-{csp_id}" if role == "csp_officer" else f"u-provider-{csp_id}",
        role,
        base.name,
        f"{base.email.split('@')[0]}@{csp_id}.example",
        csp_id,
        bid_id if role == "provider_contributor" else None,
    )


@dataclass(frozen=True)
class DevelopmentIdentity:
    private_pem: bytes
    key_id: str

    @classmethod
    def load(cls, var_dir: Path, production: bool) -> DevelopmentIdentity:
        if production:
            raise DevelopmentIdentityRefused(
                "The development identity cannot run in production: set OIDC_ISSUER, OIDC_JWKS_URL and "
                "API_AUDIENCE to sign people in with Entra ID (or another OpenID provider)."
            )
        path = var_dir / "development-identity.pem"
        if not path.exists():
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import rsa

            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            var_dir.mkdir(parents=True, exist_ok=True)
            # Written whole, then linked into place only if no other process got there first: two
            # processes starting together must end up signing and verifying with the same key.
            partial = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
            partial.write_bytes(pem)
            partial.chmod(0o600)
            try:
                os.link(partial, path)
            except FileExistsError:
                pass
            finally:
                partial.unlink()
        pem = path.read_bytes()
        return cls(pem, hashlib.sha256(pem).hexdigest()[:16])

    def jwks(self) -> dict:
        from cryptography.hazmat.primitives import serialization

        public = serialization.load_pem_private_key(self.private_pem, password=None).public_key()
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public))
        return {"keys": [{**jwk, "kid": self.key_id, "use": "sig", "alg": "RS256"}]}

    def issue(self, principal: Principal, lifetime: timedelta = timedelta(hours=12)) -> str:
        now = utcnow()
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": principal.user_id,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "name": principal.name,
            "email": principal.email,
            "roles": [principal.role],
            "org": principal.organisation,
        }
        if principal.bid_id:
            claims["bid_id"] = principal.bid_id
        return jwt.encode(claims, self.private_pem, algorithm="RS256", headers={"kid": self.key_id})

    def verifier(self) -> TokenVerifier:
        policy = TokenPolicy(issuer=ISSUER, audience=AUDIENCE, role_map={role: role for role in ROLES})
        return TokenVerifier(policy, StaticKeys(self.jwks()))


__all__ = ["AUDIENCE", "DEMO_USERS", "ISSUER", "OPCC", "DevelopmentIdentity", "demo_principal"]


def demo_token(settings, principal: Principal, lifetime: timedelta = timedelta(hours=12)) -> str:
    """A development-identity token for `principal`, signed with the key under settings.var_dir."""
    return DevelopmentIdentity.load(settings.var_dir, settings.production).issue(principal, lifetime)
