"""Who is asking: the principal carried by every request, in one place.

For now a principal arrives as an HS256-signed bearer token (`safergrants token`). The Identity issue
replaces the token source with OpenID Connect and JWKS; callers only ever see `Principal`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

import jwt

from shared.clock import utcnow
from shared.reference import CSP_BY_ID, ROLES

AUDIENCE = "safergrants"
ALGORITHM = "HS256"
# Roles that act for one CSP: their tokens must say which, or every CSP-scoped rule has nothing to check.
CSP_ROLES = ("csp_officer", "provider_contributor")


@dataclass(frozen=True)
class Principal:
    user_id: str
    role: str
    name: str
    email: str
    csp_id: str | None = None

    @property
    def is_opcc(self) -> bool:
        return self.role in ("opcc_reviewer", "opcc_approver", "admin")

    def belongs_to(self, csp_id: str) -> bool:
        return self.csp_id == csp_id


class InvalidToken(Exception):
    pass


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


def demo_principal(role: str, csp_id: str | None = None) -> Principal:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    base = DEMO_USERS[role]
    if csp_id is None or csp_id == base.csp_id:
        return base
    if csp_id not in CSP_BY_ID:
        raise ValueError(f"unknown CSP {csp_id!r}; choose one of {', '.join(CSP_BY_ID)}")
    return Principal(f"u-csp-{csp_id}", role, base.name, f"{base.email.split('@')[0]}@{csp_id}.example", csp_id)


def issue_token(secret: str, principal: Principal, lifetime: timedelta = timedelta(hours=12)) -> str:
    now = utcnow()
    claims = {**asdict(principal), "sub": principal.user_id, "aud": AUDIENCE, "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(secret: str, token: str) -> Principal:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], audience=AUDIENCE, options={"require": ["exp", "sub", "aud"]}
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from error
    role = claims.get("role")
    if role not in ROLES:
        raise InvalidToken("token names no known role")
    if role in CSP_ROLES and claims.get("csp_id") not in CSP_BY_ID:
        raise InvalidToken("token for a CSP role names no known CSP")
    if not 0 < len(str(claims["sub"])) <= 64:
        raise InvalidToken("token subject is not a user id")  # ids are stored in 64-character columns
    return Principal(
        user_id=str(claims["sub"]),
        role=role,
        name=str(claims.get("name", "")),
        email=str(claims.get("email", "")),
        csp_id=claims.get("csp_id"),
    )
