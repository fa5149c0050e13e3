"""Test suite: unit (pure domain), integration (real PostgreSQL, RabbitMQ, SeaweedFS, SMTP), e2e."""

pytest_plugins = [
    "tests.fixtures.settings",
    "tests.fixtures.postgres",
    "tests.fixtures.rabbit",
    "tests.fixtures.rabbit_node",
    "tests.fixtures.seaweed",
    "tests.fixtures.clamd",
    "tests.fixtures.smtp",
    "tests.fixtures.token_issuer",
    "tests.fixtures.oidc",
]
