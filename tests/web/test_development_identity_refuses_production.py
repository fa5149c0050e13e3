"""The development identity lets anyone be anyone: under a production configuration it never starts."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from shared.auth.dev_identity import DevelopmentIdentity, DevelopmentIdentityRefused
from shared.cli import main
from shared.config import ConfigurationError, load_settings
from shared.web.app import create_front_door
from tests.web.production import PRODUCTION, PROVIDER


def test_production_settings_without_an_openid_provider_do_not_load(tmp_path):
    with pytest.raises(ConfigurationError, match="development identity cannot run in production"):
        load_settings({**PRODUCTION, "SAFERGRANTS_VAR_DIR": str(tmp_path)})


def test_the_development_identity_refuses_to_load_in_production(tmp_path):
    with pytest.raises(DevelopmentIdentityRefused, match="cannot run in production"):
        DevelopmentIdentity.load(tmp_path, production=True)
    assert not list(tmp_path.iterdir()), "no signing key may be made in production"


def test_safergrants_token_refuses_under_production_configuration(tmp_path):
    runner = CliRunner()
    environment = {**PRODUCTION, **PROVIDER, "SAFERGRANTS_VAR_DIR": str(tmp_path)}

    with_provider = runner.invoke(main, ["token", "--role", "admin"], env=environment)
    without = runner.invoke(main, ["token", "--role", "admin"], env={**PRODUCTION, "OIDC_ISSUER": ""})

    assert with_provider.exit_code == 1 and "cannot run in production" in with_provider.output
    assert without.exit_code == 1 and "cannot run in production" in without.output
    assert "eyJ" not in with_provider.output + without.output  # no token printed


def test_in_production_the_front_door_has_no_demo_sign_in_and_no_token_endpoint(tmp_path):
    front_door = create_front_door(load_settings({**PRODUCTION, **PROVIDER, "SAFERGRANTS_VAR_DIR": str(tmp_path)}))
    client = front_door.test_client()
    https = {"base_url": "https://localhost"}

    page = client.get("/", **https)

    assert page.status_code == 200 and "Sign in with Microsoft" in page.text
    assert "Sign in as" not in page.text
    assert client.post("/sign-in/development", data={"role": "admin"}, **https).status_code == 404
    assert client.post("/api/token", json={"role": "admin"}, **https).status_code == 404
