"""Settings that make a production configuration, for tests that check what production refuses."""

PRODUCTION = {
    "SAFERGRANTS_ENV": "production",
    "SECRET_KEY": "a-production-secret-key-for-the-test-only",
    "FINANCE_EMAIL": "finance@opcc.example",
}
# Enough of an OpenID provider for production settings to load; nothing here is ever contacted.
PROVIDER = {
    "OIDC_ISSUER": "https://login.example/{tenantid}/v2.0",
    "OIDC_JWKS_URL": "https://login.example/keys",
    "OIDC_METADATA_URL": "https://login.example/.well-known/openid-configuration",
    "OIDC_CLIENT_ID": "safergrants-web",
    "OIDC_CLIENT_SECRET": "secret",
    "API_AUDIENCE": "api://safergrants",
    "OIDC_TENANTS": "11111111-1111-1111-1111-111111111111=opcc",
    "OIDC_ROLE_MAP": "SaferGrants.Reviewer=opcc_reviewer",
}
