"""One configuration loader for every service and process.

Everything comes from environment variables with documented defaults (see docs/configuration.md).
The defaults describe the embedded mode: SQLite files and local folders under ``var/``, no broker,
no SMTP server. Production sets the URLs and nothing in the code changes.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

SERVICES = ("bids", "grants", "notifications")


def _env(environ: dict[str, str], name: str, default: str = "") -> str:
    return environ.get(name, default).strip()


def _tiers(text: str) -> tuple[float, ...]:
    return tuple(float(part) for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class S3Settings:
    endpoint_url: str = ""
    bucket: str = "safergrants-evidence"
    region: str = "eu-west-2"
    access_key_id: str = ""
    secret_access_key: str = ""
    presign_seconds: int = 300
    public_endpoint_url: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.endpoint_url or self.access_key_id)


@dataclass(frozen=True)
class EvidenceSettings:
    """Limits on uploaded evidence and the virus scanner that checks it (docs/configuration.md)."""

    max_file_mb: int = 20
    max_bid_mb: int = 100
    # unix:///run/clamav/clamd.ctl or tcp://host:3310. Empty: the embedded mode starts its own clamd if
    # ClamAV is installed; anywhere else files stay "scanning" and cannot be downloaded.
    clamd_url: str = ""
    clamd_timeout: float = 120.0
    clamav_database_dir: Path = Path("/var/lib/clamav")
    quarantine_hours: int = 24  # quarantine objects with no row older than this are deleted

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def max_bid_bytes(self) -> int:
        return self.max_bid_mb * 1024 * 1024


@dataclass(frozen=True)
class MailSettings:
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    sender: str = "SaferGrants <no-reply@safergrants.local>"
    folder: Path = Path("var/mail")
    opcc_reviewers: tuple[str, ...] = ("opcc.reviewers@safergrants.local",)
    # Finance hear of each award as it is made, not when the first spend return arrives; the default is
    # the demo finance user (shared/auth/dev_identity.py), so the embedded system shows the message.
    finance: tuple[str, ...] = ("alex.byrne@opcc.example",)

    @property
    def uses_smtp(self) -> bool:
        return bool(self.smtp_host)


def _addresses(text: str) -> tuple[str, ...]:
    """Comma-separated addresses, each once: a repeated one would be one person sent one message twice."""
    return tuple(dict.fromkeys(a.strip() for a in text.split(",") if a.strip()))


def _pairs(text: str) -> dict[str, str]:
    """`a=b,c=d` as a mapping; used for tenant allow-lists and role maps."""
    pairs = (part.split("=", 1) for part in text.split(",") if "=" in part)
    return {key.strip(): value.strip() for key, value in pairs}


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in. With no OIDC issuer set, the development identity signs people in (never in production)."""

    oidc_issuer: str = ""  # may hold {tenantid}: https://login.microsoftonline.com/{tenantid}/v2.0
    oidc_metadata_url: str = ""  # the provider's .well-known/openid-configuration, for the sign-in pages
    oidc_jwks_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    # What the sign-in asks for; Entra ID gives an access token for our API only when its scope is named.
    oidc_scope: str = "openid profile email"
    api_audience: str = ""
    tenants: dict[str, str] = field(default_factory=dict)  # tenant id -> "opcc" or a CSP id
    role_map: dict[str, str] = field(default_factory=dict)  # app role or group id -> SaferGrants role
    service_roles: tuple[str, ...] = ("auditor",)
    leeway_seconds: int = 60
    session_minutes: int = 480
    rate_limit_storage: str = "memory://"

    @property
    def development_identity(self) -> bool:
        return not self.oidc_issuer


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    var_dir: Path = Path("var")
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    database_urls: dict[str, str] = field(default_factory=dict)
    broker_url: str = ""
    proxy_hops: int = 0
    # Lowest scores of the "likely duplicate" and "check" bands; empty means the matcher's defaults.
    duplicate_thresholds: tuple[float, ...] = ()
    retry_delays: tuple[float, ...] = (5.0, 30.0, 300.0)
    delivery_limit: int = 10
    broker_timeout: float = 5.0
    # Our 360Giving publisher prefix (registered with 360Giving) and the OPCC's org-id in the data we publish.
    threesixty_prefix: str = "360G-opccleics"
    threesixty_funder_org_id: str = "360G-opccleics-opcc"
    evidence_dir: Path = Path("var/evidence")
    s3: S3Settings = field(default_factory=S3Settings)
    evidence: EvidenceSettings = field(default_factory=EvidenceSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def embedded_delivery(self) -> bool:
        return not self.broker_url

    def database_url(self, service: str) -> str:
        return self.database_urls[service]

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)


class ConfigurationError(RuntimeError):
    pass


def _development_secret(var_dir: Path) -> str:
    """A random key kept in var/, so demo tokens survive a restart and no key is ever hard-coded."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from the environment (or the mapping given, for tests)."""
    env = dict(os.environ if environ is None else environ)
    var_dir = Path(_env(env, "SAFERGRANTS_VAR_DIR", "var"))
    database_urls = {
        name: _env(env, f"{name.upper()}_DATABASE_URL", f"sqlite:///{var_dir / (name + '.db')}") for name in SERVICES
    }
    s3 = S3Settings(
        endpoint_url=_env(env, "S3_ENDPOINT_URL"),
        bucket=_env(env, "S3_BUCKET", S3Settings.bucket),
        region=_env(env, "S3_REGION", S3Settings.region),
        access_key_id=_env(env, "S3_ACCESS_KEY_ID"),
        secret_access_key=_env(env, "S3_SECRET_ACCESS_KEY"),
        presign_seconds=int(_env(env, "S3_PRESIGN_SECONDS", "300")),
        public_endpoint_url=_env(env, "S3_PUBLIC_ENDPOINT_URL"),
    )
    reviewers = _env(env, "OPCC_REVIEWERS_EMAIL", "opcc.reviewers@safergrants.local")
    finance = _env(env, "FINANCE_EMAIL", ",".join(MailSettings.finance))
    mail = MailSettings(
        smtp_host=_env(env, "SMTP_HOST"),
        smtp_port=int(_env(env, "SMTP_PORT", "25")),
        smtp_username=_env(env, "SMTP_USERNAME"),
        smtp_password=_env(env, "SMTP_PASSWORD"),
        smtp_starttls=_env(env, "SMTP_STARTTLS", "false").lower() in ("1", "true", "yes"),
        sender=_env(env, "MAIL_FROM", MailSettings.sender),
        folder=Path(_env(env, "MAIL_DIR", str(var_dir / "mail"))),
        opcc_reviewers=_addresses(reviewers),
        finance=_addresses(finance),
    )
    environment = _env(env, "SAFERGRANTS_ENV", "development")
    # The demo's prefix is not one 360Giving registered: production has none until it is set (the export says so).
    demo_prefix = "" if environment == "production" else Settings.threesixty_prefix
    threesixty_prefix = _env(env, "THREESIXTY_PREFIX", demo_prefix)
    funder_org_id = _env(env, "THREESIXTY_FUNDER_ORG_ID", threesixty_prefix and f"{threesixty_prefix}-opcc")
    secret_key = _env(env, "SECRET_KEY")
    if not secret_key:
        if environment == "production":
            raise ConfigurationError("SECRET_KEY must be set in production")
        secret_key = _development_secret(var_dir)
    auth = AuthSettings(
        oidc_issuer=_env(env, "OIDC_ISSUER"),
        oidc_metadata_url=_env(env, "OIDC_METADATA_URL"),
        oidc_jwks_url=_env(env, "OIDC_JWKS_URL"),
        oidc_client_id=_env(env, "OIDC_CLIENT_ID"),
        oidc_client_secret=_env(env, "OIDC_CLIENT_SECRET"),
        oidc_scope=_env(env, "OIDC_SCOPE", AuthSettings.oidc_scope),
        api_audience=_env(env, "API_AUDIENCE"),
        tenants=_pairs(_env(env, "OIDC_TENANTS")),
        role_map=_pairs(_env(env, "OIDC_ROLE_MAP")),
        service_roles=tuple(r.strip() for r in _env(env, "SERVICE_ROLES", "auditor").split(",") if r.strip()),
        leeway_seconds=int(_env(env, "TOKEN_LEEWAY_SECONDS", "60")),
        session_minutes=int(_env(env, "SESSION_MINUTES", "480")),
        rate_limit_storage=_env(env, "RATE_LIMIT_STORAGE_URI", "memory://"),
    )
    if environment == "production" and auth.development_identity:
        raise ConfigurationError(
            "The development identity cannot run in production: set OIDC_ISSUER, OIDC_JWKS_URL and API_AUDIENCE"
        )
    if environment == "production" and not _env(env, "FINANCE_EMAIL"):
        # The default is the demo finance user: in production each award's email would go to nobody real.
        raise ConfigurationError("FINANCE_EMAIL must be set in production: the finance team's address for awards")
    return Settings(
        environment=environment,
        var_dir=var_dir,
        base_url=_env(env, "BASE_URL", f"http://127.0.0.1:{_env(env, 'PORT', '8000')}"),
        secret_key=secret_key,
        database_urls=database_urls,
        broker_url=_env(env, "BROKER_URL"),
        proxy_hops=int(_env(env, "TRUSTED_PROXY_HOPS", "0")),
        duplicate_thresholds=_tiers(_env(env, "DUPLICATE_THRESHOLDS")),
        retry_delays=_tiers(_env(env, "RETRY_DELAYS", "5,30,300")),
        delivery_limit=int(_env(env, "DELIVERY_LIMIT", "10")),
        broker_timeout=float(_env(env, "BROKER_TIMEOUT", "5")),
        threesixty_prefix=threesixty_prefix,
        threesixty_funder_org_id=funder_org_id,
        evidence_dir=Path(_env(env, "EVIDENCE_DIR", str(var_dir / "evidence"))),
        s3=s3,
        evidence=EvidenceSettings(
            max_file_mb=int(_env(env, "EVIDENCE_MAX_FILE_MB", "20")),
            max_bid_mb=int(_env(env, "EVIDENCE_MAX_BID_MB", "100")),
            clamd_url=_env(env, "CLAMD_URL"),
            clamd_timeout=float(_env(env, "CLAMD_TIMEOUT", "120")),
            clamav_database_dir=Path(_env(env, "CLAMAV_DATABASE_DIR", "/var/lib/clamav")),
            quarantine_hours=int(_env(env, "EVIDENCE_QUARANTINE_HOURS", "24")),
        ),
        mail=mail,
        auth=auth,
    )
