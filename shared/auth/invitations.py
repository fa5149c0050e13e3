"""Provider contributors: people outside the OPCC and the councils, invited by a CSP to one bid.

They have no account in any directory we trust, so SaferGrants vouches for them itself:
- the invitation email carries a signed, expiring **code** naming the invitation, bid, CSP and email;
- the front door exchanges a valid code for a session and a short-lived **invitation token** (HS256,
  keyed by a key derived from SECRET_KEY, issuer `urn:safergrants:invitations`);
- bids still checks on every request that the invitation is active, so a revoked invitation stops
  working at once, whatever token its holder kept.
Tokens are routed to a verifier by issuer before any signature is checked, and each verifier accepts one
algorithm family only, so an HS256 token can never be checked against a provider's public RSA key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

import jwt
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from shared.auth.principal import Principal
from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.clock import utcnow
from shared.config import Settings

ISSUER = "urn:safergrants:invitations"
AUDIENCE = "safergrants"
CODE_MAX_AGE = timedelta(days=14)
TOKEN_LIFETIME = timedelta(hours=8)
_CODE_SALT = "safergrants.provider-invitation"


class InvitationCodeInvalid(Exception):
    """The link is not one we made, or has been altered."""


class InvitationCodeExpired(Exception):
    """The link is ours but older than CODE_MAX_AGE."""


@dataclass(frozen=True)
class InvitationCode:
    invitation_id: str
    bid_id: str
    csp_id: str
    email: str
    name: str
    # For the front door's page only ("You have been invited to contribute to <bid>"); never trusted.
    bid_title: str = ""


def make_code(settings: Settings, invitation: InvitationCode) -> str:
    return URLSafeTimedSerializer(settings.secret_key, salt=_CODE_SALT).dumps(invitation.__dict__)


def read_code(settings: Settings, code: str) -> InvitationCode:
    serializer = URLSafeTimedSerializer(settings.secret_key, salt=_CODE_SALT)
    try:
        data = serializer.loads(code, max_age=int(CODE_MAX_AGE.total_seconds()))
    except SignatureExpired as error:
        raise InvitationCodeExpired(str(error)) from error
    except BadSignature as error:
        raise InvitationCodeInvalid(str(error)) from error
    try:
        return InvitationCode(**data)
    except TypeError as error:
        raise InvitationCodeInvalid("the code does not name an invitation") from error


def _key(settings: Settings) -> bytes:
    # Derived, so the session-signing secret itself never signs a bearer token.
    return hmac.new(settings.secret_key.encode(), b"safergrants invitation tokens v1", hashlib.sha256).digest()


def principal_for(invitation: InvitationCode) -> Principal:
    return Principal(
        user_id=f"inv-{invitation.invitation_id}"[:64],
        role="provider_contributor",
        name=invitation.name,
        email=invitation.email,
        csp_id=invitation.csp_id,
        bid_id=invitation.bid_id,
        invitation_id=invitation.invitation_id,
    )


def issue_token(settings: Settings, invitation: InvitationCode, lifetime: timedelta = TOKEN_LIFETIME) -> str:
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": principal_for(invitation).user_id,
        "iat": now,
        "exp": now + lifetime,
        "roles": ["provider_contributor"],
        "org": invitation.csp_id,
        "bid_id": invitation.bid_id,
        "invitation_id": invitation.invitation_id,
        "name": invitation.name,
        "email": invitation.email,
    }
    return jwt.encode(claims, _key(settings), algorithm="HS256")


class InvitationVerifier:
    def __init__(self, settings: Settings) -> None:
        self._key = _key(settings)

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "aud", "iss", "bid_id", "invitation_id", "email", "org"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(f"invitation token refused: {error}") from error
        code = InvitationCode(
            str(claims["invitation_id"]),
            str(claims["bid_id"]),
            str(claims["org"]),
            str(claims["email"]),
            str(claims.get("name", "")),
        )
        return principal_for(code)


class IssuerRouter:
    """Chooses the verifier by the token's claimed issuer; the chosen one then checks everything."""

    def __init__(self, people: TokenVerifier, invitations: InvitationVerifier) -> None:
        self.people = people
        self.invitations = invitations
        self.policy = people.policy

    def verify(self, token: str) -> Principal:
        try:
            claimed = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as error:
            raise InvalidToken(f"not a JWT: {error}") from error
        return (self.invitations if claimed == ISSUER else self.people).verify(token)
