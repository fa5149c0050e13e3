"""Build the token verifier the configuration asks for: an OpenID provider's, or the development identity's."""

from __future__ import annotations

from shared.auth.tokens import JwksUrl, TokenPolicy, TokenVerifier
from shared.config import ConfigurationError, Settings
from shared.reference import ROLES


def build_verifier(settings: Settings) -> TokenVerifier:
    auth = settings.auth
    if auth.development_identity:
        from shared.auth.dev_identity import DevelopmentIdentity

        return DevelopmentIdentity.load(settings.var_dir, settings.production).verifier()
    missing = [
        name
        for name, value in (("OIDC_JWKS_URL", auth.oidc_jwks_url), ("API_AUDIENCE", auth.api_audience))
        if not value
    ]
    if missing:
        raise ConfigurationError(f"OIDC_ISSUER is set, so {' and '.join(missing)} must be set too")
    unknown = sorted(set(auth.role_map.values()) - set(ROLES))
    if unknown:
        raise ConfigurationError(f"OIDC_ROLE_MAP names roles SaferGrants does not have: {', '.join(unknown)}")
    if "{tenantid}" in auth.oidc_issuer and not auth.tenants:
        raise ConfigurationError("a multi-tenant OIDC_ISSUER needs OIDC_TENANTS, the tenants allowed to sign in")
    policy = TokenPolicy(
        issuer=auth.oidc_issuer,
        audience=auth.api_audience,
        leeway_seconds=auth.leeway_seconds,
        tenants=auth.tenants,
        role_map=auth.role_map,
        service_roles=auth.service_roles,
    )
    return TokenVerifier(policy, JwksUrl(auth.oidc_jwks_url))


def build_api_verifier(settings: Settings):
    """What the APIs accept: people's tokens (OIDC or development identity) and invitation tokens."""
    from shared.auth.invitations import InvitationVerifier, IssuerRouter

    return IssuerRouter(build_verifier(settings), InvitationVerifier(settings))
