"""docker-compose.yml and the infra/ files it mounts, checked without a Docker engine.

- the file is valid against the Compose Specification (check-jsonschema's vendored schema);
- every `safergrants ...` command parses against the real click CLI (subcommand and SERVICE arguments);
- every project file it mounts or builds from exists;
- the gateway routes exactly /bids/, /grants/ and /notifications/ to the three web services, and the rest
  to the front door (sign-in pages);
- every process is configured to sign people in with an OpenID provider and to share rate-limit counts;
- bids' web and worker reach the ClamAV daemon (clamd) that scans evidence, which keeps its signatures;
- health checks and start-up order: web health checks, migrations before web and worker, and every
  `service_healthy` / `service_completed_successfully` dependency can actually be met.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
import yaml

from shared.cli import WEB_TIMEOUT_SECONDS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
NGINX_CONF = ROOT / "infra" / "gateway" / "nginx.conf"
RABBITMQ_CONF = ROOT / "infra" / "rabbitmq" / "rabbitmq.conf"

SERVICES = ("bids", "grants", "notifications")
ROLES = ("migrate", "web", "worker")
# Commands that take SERVICE arguments, and how many: web/worker exactly one, migrate at least one here.
SERVICE_COMMANDS = {"web", "worker", "migrate"}
FRONT_DOOR = "front-door"  # `safergrants web front-door`: the sign-in pages, not a service


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _command(service: dict) -> list[str]:
    command = service.get("command") or []
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def _safergrants_services(services: dict) -> dict[str, list[str]]:
    return {name: _command(svc) for name, svc in services.items() if _command(svc)[:1] == ["safergrants"]}


def _depends_on(service: dict) -> dict[str, str]:
    """depends_on in either syntax, as {service: condition}."""
    depends = service.get("depends_on") or {}
    if isinstance(depends, list):
        return {name: "service_started" for name in depends}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in depends.items()}


def _bind_mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of every bind mount, in short ("./a:/b:ro") or long syntax."""
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            if len(parts) >= 2 and parts[0].startswith((".", "/", "~")):
                mounts.append((parts[0], parts[1]))
        elif volume.get("type") == "bind":
            mounts.append((volume["source"], volume["target"]))
    return mounts


# ---- the Compose Specification -------------------------------------------------------------------------


def test_compose_file_is_valid_against_the_compose_specification():
    checker = Path(sys.executable).with_name("check-jsonschema")
    assert checker.exists(), f"{checker} is missing: install the test extras (pip install -e '.[test]')"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE_FILE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_file_has_no_obsolete_version_key(compose):
    assert "version" not in compose


# ---- commands against the CLI --------------------------------------------------------------------------


def _resolve(argv: list[str]) -> tuple[list[str], click.Command]:
    """Walk `safergrants a b ...` down the click groups and parse the leaf's arguments without running it.

    Raises click.UsageError (or a subclass, e.g. BadParameter for a SERVICE outside the Choice) when the
    command line would be refused.
    """
    from shared.cli import main

    assert isinstance(main, click.Group), "shared.cli.main must be a click group"
    path: list[str] = []
    command: click.Command = main
    rest = list(argv[1:])
    while isinstance(command, click.Group):
        if not rest or rest[0].startswith("-"):
            raise click.UsageError(f"`{' '.join(argv)}` names no subcommand of `safergrants {' '.join(path)}`")
        name, rest = rest[0], rest[1:]
        subcommand = command.get_command(click.Context(command), name)
        if subcommand is None:
            raise click.UsageError(f"`safergrants {' '.join([*path, name])}` does not exist")
        path.append(name)
        command = subcommand
    # Parses and validates the arguments (types, choices, counts); does not invoke the callback.
    with command.make_context(" ".join(["safergrants", *path]), rest, resilient_parsing=False):
        pass
    return path, command


def test_the_cli_has_the_commands_compose_relies_on():
    from shared.cli import main

    assert isinstance(main, click.Group)
    for name in ("web", "worker", "migrate", "topology"):
        assert name in main.commands, f"`safergrants {name}` is missing from shared.cli.main"
    topology = main.commands["topology"]
    assert isinstance(topology, click.Group) and "declare" in topology.commands


def test_every_safergrants_command_in_compose_parses_against_the_cli(services):
    commands = _safergrants_services(services)
    assert commands, "no service runs a `safergrants` command"
    for name, argv in commands.items():
        try:
            path, _ = _resolve(argv)
        except click.ClickException as error:
            pytest.fail(f"service {name!r}: `{' '.join(argv)}` is refused by the CLI: {error.format_message()}")
        if path[0] in SERVICE_COMMANDS:
            arguments = argv[1 + len(path) :]
            positional = [a for a in arguments if not a.startswith("-")]
            assert positional, f"service {name!r}: `{' '.join(argv)}` names no SERVICE"
            known = set(SERVICES) | ({FRONT_DOOR} if path[0] == "web" else set())
            assert set(positional) <= known, f"service {name!r}: unknown SERVICE in {positional}"


def test_each_service_has_a_migrate_web_and_worker_running_its_own_command(services):
    for service in SERVICES:
        for role in ROLES:
            name = f"{service}-{role}"
            assert name in services, f"{name} is missing from docker-compose.yml"
            assert _command(services[name]) == ["safergrants", role, service], name


def test_safergrants_processes_are_built_from_the_project_dockerfile(services):
    for name in _safergrants_services(services):
        build = services[name].get("build")
        assert build is not None, f"{name} is not built from the Dockerfile"
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        assert (ROOT / context).resolve() == ROOT, name
        assert (ROOT / context / dockerfile).is_file(), name


def test_each_process_gets_only_its_own_database_and_production_settings(services):
    for service in SERVICES:
        for role in ROLES:
            environment = services[f"{service}-{role}"].get("environment") or {}
            assert isinstance(environment, dict), "use the mapping syntax for environment"
            assert environment.get("SAFERGRANTS_ENV") == "production"
            assert "rabbitmq:5672/safergrants" in str(environment.get("BROKER_URL", ""))
            url = str(environment.get(f"{service.upper()}_DATABASE_URL", ""))
            assert url.startswith("postgresql+psycopg://") and url.endswith(f"@postgres:5432/{service}"), url
            others = {f"{other.upper()}_DATABASE_URL" for other in SERVICES if other != service}
            assert not others & set(environment), f"{service}-{role} can see another service's database"


# ---- files the compose file uses -----------------------------------------------------------------------


def test_every_project_file_compose_mounts_exists(services):
    mounted = 0
    for name, service in services.items():
        for source, target in _bind_mounts(service):
            if source.startswith("."):
                path = (COMPOSE_FILE.parent / source).resolve()
                assert path.is_relative_to(ROOT), f"{name} mounts {source} from outside the project"
                assert path.exists(), f"{name} mounts {source} (to {target}), which does not exist"
                mounted += 1
    assert mounted >= 6  # init script, rabbitmq.conf, definitions.json, s3.json, create-bucket.py, nginx.conf


def test_infrastructure_files_are_mounted_where_the_images_read_them(services):
    def targets(name: str) -> dict[str, str]:
        return {str((COMPOSE_FILE.parent / s).resolve().relative_to(ROOT)): t for s, t in _bind_mounts(services[name])}

    postgres = targets("postgres")
    init = [t for s, t in postgres.items() if s.startswith("infra/postgres/")]
    assert init and all(t.startswith("/docker-entrypoint-initdb.d/") for t in init)

    rabbitmq = targets("rabbitmq")
    assert rabbitmq.get("infra/rabbitmq/rabbitmq.conf") == "/etc/rabbitmq/rabbitmq.conf"
    definitions_target = rabbitmq.get("infra/rabbitmq/definitions.json")
    assert definitions_target, "rabbitmq must mount infra/rabbitmq/definitions.json"
    load = re.search(r"^\s*load_definitions\s*=\s*(\S+)", RABBITMQ_CONF.read_text(), re.MULTILINE)
    assert load and load.group(1) == definitions_target, "rabbitmq.conf must load the mounted definitions"

    seaweedfs = targets("seaweedfs")
    s3_config = seaweedfs.get("infra/seaweedfs/s3.json")
    assert s3_config and f"-s3.config={s3_config}" in _command(services["seaweedfs"])

    assert targets("gateway").get("infra/gateway/nginx.conf") == "/etc/nginx/nginx.conf"


# ---- the gateway ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|[{};]|[^\s{};"\']+')


def _parse_nginx(text: str) -> list[tuple[str, list[str], list | None]]:
    """nginx.conf as nested (directive, arguments, block-or-None) tuples; enough for our own file."""
    tokens = [t for t in _TOKEN.findall(text) if not t.startswith("#")]
    position = 0

    def block() -> list:
        nonlocal position
        directives: list = []
        words: list[str] = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == ";":
                directives.append((words[0], words[1:], None))
                words = []
            elif token == "{":
                directives.append((words[0], words[1:], block()))
                words = []
            elif token == "}":
                return directives
            else:
                words.append(token.strip("\"'"))
        return directives

    return block()


def _find(directives: list, name: str) -> list:
    return [d for d in directives if d[0] == name]


def _headers(directives: list) -> dict[str, str]:
    return {args[0].lower(): " ".join(args[1:]) for _, args, _ in _find(directives, "proxy_set_header")}


def test_gateway_routes_exactly_the_three_prefixes_to_the_three_web_services(services):
    config = _parse_nginx(NGINX_CONF.read_text())
    (http,) = _find(config, "http")
    http_block = http[2]
    upstreams = {}
    for _, args, body in _find(http_block, "upstream"):
        servers = [server_args[0] for _, server_args, _ in _find(body, "server")]
        upstreams[args[0]] = servers

    routes: dict[str, str] = {}
    for _, _, server in _find(http_block, "server"):
        server_headers = _headers(server)
        for _, args, location in _find(server, "location"):
            passes = _find(location, "proxy_pass")
            if not passes:
                continue
            prefix = args[-1]
            (proxy_pass,) = passes
            target = proxy_pass[1][0]
            match = re.fullmatch(r"http://([^/]+)(/.*)?", target)
            assert match, f"location {prefix}: unexpected proxy_pass {target}"
            (upstream_server,) = upstreams.get(match.group(1), [match.group(1)])
            host, _, port = upstream_server.partition(":")
            assert port == "8000", upstream_server
            if len(args) == 2 and args[0] == "=":
                # An exact URL (e.g. /events/asyncapi.json) may go to any web service, but to nothing else.
                assert host in {f"{service}-web" for service in SERVICES}, f"{prefix} -> {host}"
                continue
            assert match.group(2) == "/", f"location {prefix} must strip its prefix (proxy_pass .../)"
            routes[prefix] = host

            # The app learns its prefix from X-Forwarded-Prefix, set here or through a variable set here.
            # A proxy_set_header inside the location would drop every one inherited from the server block.
            location_headers = _headers(location)
            if location_headers:
                headers = location_headers
                assert headers.get("x-forwarded-prefix") == prefix.rstrip("/"), prefix
            else:
                headers = server_headers
                variables = {a[0]: a[1] for _, a, _ in _find(location, "set")}
                value = headers.get("x-forwarded-prefix", "")
                assert variables.get(value, value) == prefix.rstrip("/"), f"{prefix}: X-Forwarded-Prefix"
            for header in ("host", "x-forwarded-for", "x-forwarded-proto"):
                assert header in headers, f"location {prefix} does not pass {header}"

    assert routes == {**{f"/{service}/": f"{service}-web" for service in SERVICES}, "/": FRONT_DOOR}
    for service, host in ((s, f"{s}-web") for s in SERVICES):
        assert _command(services[host]) == ["safergrants", "web", service]
    assert _command(services[FRONT_DOOR]) == ["safergrants", "web", FRONT_DOOR]


def test_the_gateway_waits_for_grants_as_long_as_gunicorn_lets_a_grants_worker_work():
    # The first duplicate check after a large register import files the new records first: over a minute at a
    # million. A gateway that gave up sooner would answer 504 while the worker went on.
    (http,) = _find(_parse_nginx(NGINX_CONF.read_text()), "http")
    (server,) = _find(http[2], "server")
    (default,) = _find(server[2], "proxy_read_timeout")
    (grants,) = [body for _, args, body in _find(server[2], "location") if args == ["/grants/"]]

    assert _find(grants, "proxy_read_timeout") == [("proxy_read_timeout", [f"{WEB_TIMEOUT_SECONDS}s"], None)]
    assert default[1] == ["60s"]  # every other route keeps the shorter wait


def test_every_process_signs_people_in_with_an_openid_provider_and_shares_rate_limit_counts(services):
    # Production refuses the development identity: without these, no process would start.
    for name in _safergrants_services(services):
        environment = services[name].get("environment") or {}
        for setting in ("OIDC_ISSUER", "OIDC_JWKS_URL", "API_AUDIENCE", "OIDC_TENANTS", "OIDC_ROLE_MAP"):
            assert environment.get(setting), f"{name} has no {setting}"
        assert "redis://redis:6379" in str(environment.get("RATE_LIMIT_STORAGE_URI")), name
    front_door = services[FRONT_DOOR]["environment"]
    for setting in ("OIDC_METADATA_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_SCOPE"):
        assert front_door.get(setting), f"the front door has no {setting}"
    assert not {"OIDC_CLIENT_SECRET"} & set(services["bids-web"]["environment"]), "only the front door signs in"
    assert _depends_on(services["gateway"]).get(FRONT_DOOR) == "service_healthy"


def test_finance_is_told_of_awards_at_an_address_compose_never_makes_up(services):
    # Production refuses to start without FINANCE_EMAIL; a default here would send award emails to nobody.
    for name in _safergrants_services(services):
        value = str((services[name].get("environment") or {}).get("FINANCE_EMAIL", ""))
        assert value.startswith("${FINANCE_EMAIL:?"), f"{name}: FINANCE_EMAIL must come from .env, with no default"


def test_gateway_accepts_evidence_sized_uploads_and_is_published_on_8000(services):
    config = _parse_nginx(NGINX_CONF.read_text())
    (http,) = _find(config, "http")
    sizes = [args[0] for _, args, _ in _find(http[2], "client_max_body_size")]
    assert sizes, "client_max_body_size is not set (nginx's default is 1m)"
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", sizes[0]).groups()
    megabytes = int(number) * {"": 1 / 2**20, "k": 1 / 1024, "m": 1, "g": 1024}[unit.lower()]
    assert megabytes >= 25
    ports = [str(p) for p in services["gateway"].get("ports", [])]
    assert any(p.endswith("8000:8000") for p in ports), ports


# ---- the virus scanner ---------------------------------------------------------------------------------

CLAMD = "clamav"


def _default(value: object) -> str:
    """A `${NAME:-default}` value as compose resolves it when NAME is not set."""
    match = re.fullmatch(r"\$\{\w+:-(.*)\}", str(value))
    return match.group(1) if match else str(value)


def test_bids_web_and_worker_scan_evidence_with_the_clamd_service(services):
    from shared.scanning.clamd import clamd_client

    clamd = services[CLAMD]
    assert str(clamd.get("image", "")).startswith("clamav/clamav:"), "use the official image, with a pinned tag"
    healthcheck = clamd.get("healthcheck") or {}
    assert "clamdcheck.sh" in " ".join(healthcheck.get("test") or []), "the image's own check pings clamd"
    for role in ("web", "worker"):
        name = f"bids-{role}"
        url = _default(services[name]["environment"].get("CLAMD_URL", ""))
        parts = urlsplit(url)
        assert (parts.scheme, parts.hostname, parts.port) == ("tcp", CLAMD, 3310), f"{name}: CLAMD_URL {url!r}"
        clamd_client(url, timeout=1)  # the form bids accepts at start-up
        assert _depends_on(services[name]).get(CLAMD) in ("service_started", "service_healthy"), name


def test_clamd_keeps_its_signatures_and_reports_what_it_cannot_scan_whole(services, compose):
    from shared.config import EvidenceSettings

    clamd = services[CLAMD]
    volumes = {v["target"]: v for v in clamd.get("volumes") or [] if isinstance(v, dict)}
    signatures = volumes.get("/var/lib/clamav") or {}
    assert signatures.get("type") == "volume" and signatures.get("source") in (compose.get("volumes") or {})
    settings = clamd.get("environment") or {}
    stream_mb = re.fullmatch(r"(\d+)M", str(settings.get("CLAMD_CONF_StreamMaxLength", "")))
    assert stream_mb and int(stream_mb.group(1)) >= EvidenceSettings().max_file_mb, "uploads longer than clamd reads"
    assert settings.get("CLAMD_CONF_AlertExceedsMax") == settings.get("CLAMD_CONF_AlertEncrypted") == "yes"


# ---- health checks and start-up order ------------------------------------------------------------------


def test_each_web_service_has_a_healthcheck_on_healthz(services):
    for service in SERVICES:
        healthcheck = services[f"{service}-web"].get("healthcheck")
        assert healthcheck and not healthcheck.get("disable"), f"{service}-web has no healthcheck"
        test = healthcheck["test"]
        text = test if isinstance(test, str) else " ".join(test)
        assert "/healthz" in text and "127.0.0.1:8000" in text, text


def test_web_and_worker_start_after_their_migration(services):
    for service in SERVICES:
        migrate = _depends_on(services[f"{service}-migrate"])
        assert migrate.get("postgres") == "service_healthy"
        for role in ("web", "worker"):
            depends = _depends_on(services[f"{service}-{role}"])
            assert depends.get(f"{service}-migrate") == "service_completed_successfully", f"{service}-{role}"
            assert depends.get("postgres") == "service_healthy", f"{service}-{role}"
            assert depends.get("rabbitmq") == "service_healthy", f"{service}-{role}"


def test_every_dependency_condition_can_be_met(services):
    for name, service in services.items():
        for dependency, condition in _depends_on(service).items():
            assert dependency in services, f"{name} depends on unknown service {dependency}"
            target = services[dependency]
            if condition == "service_healthy":
                healthcheck = target.get("healthcheck")
                assert healthcheck and not healthcheck.get("disable"), f"{dependency} has no healthcheck ({name})"
            elif condition == "service_completed_successfully":
                assert str(target.get("restart", "no")) == "no", f"{dependency} is a one-shot job: restart: 'no'"
            else:
                assert condition == "service_started", condition


def test_long_running_services_restart_and_infrastructure_has_healthchecks(services):
    for name, service in services.items():
        one_shot = name.endswith(("-migrate", "-init"))
        restart = str(service.get("restart", "no"))
        assert (restart == "no") == one_shot, f"{name}: restart {restart!r}"
    for name in ("postgres", "rabbitmq", "seaweedfs", "redis", CLAMD, "gateway", FRONT_DOOR):
        assert services[name].get("healthcheck"), f"{name} has no healthcheck"
