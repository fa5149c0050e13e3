"""Bearer tokens: check signature (JWKS), algorithm, issuer, audience, expiry, tenant; map claims to a role.

One verifier serves both sign-in sources: Microsoft Entra ID (or any OpenID provider) in production and
the development identity in the embedded default. Only the policy and the key source differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import jwt

from shared.auth.principal import CSP_ROLES, OPCC, ROLE_PRECEDENCE, Principal, organisation_may_hold

# Asymmetric algorithms only: a verifier that accepted HS256 could be handed a token "signed" with the
# public key as an HMAC secret (algorithm confusion), and "none" is no signature at all.
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256")


class InvalidToken(Exception):
    """A token we refuse; the message says why, for the security log (never for the client)."""


class KeySource(Protocol):
    def signing_key(self, token: str) -> jwt.PyJWK: ...


class JwksUrl:
    """Keys from the provider's JWKS endpoint, cached; a new `kid` triggers one refetch (key rotation)."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self._client = jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=timeout)

    def signing_key(self, token: str) -> jwt.PyJWK:
        try:
            return self._client.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientError as error:
            raise InvalidToken(f"no signing key for this token: {error}") from error


class StaticKeys:
    """Keys held in memory (the development identity's own public key)."""

    def __init__(self, jwks: dict) -> None:
        self._keys = {key.key_id: key for key in jwt.PyJWKSet.from_dict(jwks).keys}

    def signing_key(self, token: str) -> jwt.PyJWK:
        kid = jwt.get_unverified_header(token).get("kid")
        if kid not in self._keys:
            raise InvalidToken("token names no signing key we know")
        return self._keys[kid]


@dataclass(frozen=True)
class TokenPolicy:
    """What a valid token looks like. `issuer` may hold `{tenantid}` (Entra ID multi-tenant)."""

    issuer: str
    audience: str
    algorithms: tuple[str, ...] = ("RS256",)
    leeway_seconds: int = 60
    # Tenant id -> organisation ("opcc" or a CSP id). Empty: single-tenant, organisation from the `org` claim.
    tenants: Mapping[str, str] = field(default_factory=dict)
    # Claim value (app role or group id) -> SaferGrants role.
    role_map: Mapping[str, str] = field(default_factory=dict)
    # Roles a service signed in with client credentials may hold (never a CSP's: they act for no CSP).
    service_roles: tuple[str, ...] = ("auditor",)


class TokenVerifier:
    def __init__(self, policy: TokenPolicy, keys: KeySource) -> None:
        unsafe = set(policy.algorithms) - set(ALLOWED_ALGORITHMS)
        if unsafe:
            raise ValueError(f"refusing to accept tokens signed with {', '.join(sorted(unsafe))}")
        self.policy = policy
        self._keys = keys

    def verify(self, token: str) -> Principal:
        return self.principal(self.claims(token))

    def claims(self, token: str, audience: str | None = None) -> dict:
        """The token's claims once every check has passed; `audience` overrides the API's (ID tokens)."""
        policy = self.policy
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidToken(f"not a JWT: {error}") from error
        if header.get("alg") not in policy.algorithms:
            raise InvalidToken(f"algorithm {header.get('alg')!r} is not accepted")
        key = self._keys.signing_key(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=list(policy.algorithms),
                audience=audience or policy.audience,
                leeway=policy.leeway_seconds,
                options={"require": ["exp", "iat", "sub", "aud", "iss"], "verify_iss": False},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        expected_issuer = policy.issuer
        if policy.tenants:
            tenant = str(claims.get("tid", ""))
            if tenant not in policy.tenants:
                raise InvalidToken(f"tenant {tenant!r} is not on the allow-list")
            expected_issuer = policy.issuer.replace("{tenantid}", tenant)
        if claims["iss"] != expected_issuer:
            raise InvalidToken(f"issuer {claims['iss']!r} is not {expected_issuer!r}")
        return claims

    def principal(self, claims: dict) -> Principal:
        policy = self.policy
        organisation = policy.tenants[claims["tid"]] if policy.tenants else str(claims.get("org", ""))
        role = self._role(claims)
        is_service = _is_app_token(claims)
        if is_service and role not in policy.service_roles:
            raise InvalidToken(f"a service may not hold the role {role!r}")
        if not organisation_may_hold(organisation, role):
            raise InvalidToken(f"organisation {organisation!r} may not hold the role {role!r}")
        subject = str(claims["sub"])
        if not 0 < len(subject) <= 64:
            raise InvalidToken("token subject is not a user id")  # ids are stored in 64-character columns
        bid_id = claims.get("bid_id") if role == "provider_contributor" else None
        if role == "provider_contributor" and not bid_id:
            raise InvalidToken("a provider contributor's token names no bid")
        return Principal(
            user_id=subject,
            role=role,
            name=str(claims.get("name") or claims.get("azp") or ""),
            email=str(claims.get("email") or claims.get("preferred_username") or ""),
            csp_id=organisation if role in CSP_ROLES else None,
            bid_id=str(bid_id) if bid_id else None,
            is_service=is_service,
        )

    def _role(self, claims: dict) -> str:
        offered = [*_as_list(claims.get("roles")), *_as_list(claims.get("groups"))]
        roles = {self.policy.role_map[value] for value in offered if value in self.policy.role_map}
        for role in ROLE_PRECEDENCE:
            if role in roles:
                return role
        raise InvalidToken("token carries no role that maps to a SaferGrants role")


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _is_app_token(claims: dict) -> bool:
    # Entra marks app-only tokens with idtyp=app; other providers issue client-credentials tokens whose
    # subject is the client itself.
    subject = claims.get("sub")
    return claims.get("idtyp") == "app" or subject in (claims.get("azp"), claims.get("client_id"))


__all__ = ["InvalidToken", "JwksUrl", "OPCC", "StaticKeys", "TokenPolicy", "TokenVerifier"]
