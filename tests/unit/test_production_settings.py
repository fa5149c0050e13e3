"""Production refuses the demo's defaults where a made-up value would mislead: finance's address, the prefix of
the 360Giving ids we publish."""

from __future__ import annotations

import pytest

from services.grants.register.threesixty_export import Publisher, export_awards
from shared.config import ConfigurationError, load_settings
from shared.http.problems import DomainProblem
from tests.web.production import PRODUCTION, PROVIDER


def test_production_settings_without_a_finance_address_do_not_load(tmp_path):
    environment = {**PRODUCTION, **PROVIDER, "SAFERGRANTS_VAR_DIR": str(tmp_path)}
    del environment["FINANCE_EMAIL"]

    with pytest.raises(ConfigurationError, match="FINANCE_EMAIL must be set in production"):
        load_settings(environment)


def test_production_has_no_360giving_prefix_until_one_is_set(tmp_path):
    production = {**PRODUCTION, **PROVIDER, "SAFERGRANTS_VAR_DIR": str(tmp_path)}

    unset = load_settings(production)
    named = load_settings({**production, "THREESIXTY_PREFIX": "360G-leicsopcc"})
    demo = load_settings({"SAFERGRANTS_VAR_DIR": str(tmp_path)})

    assert (unset.threesixty_prefix, unset.threesixty_funder_org_id) == ("", "")
    assert (named.threesixty_prefix, named.threesixty_funder_org_id) == ("360G-leicsopcc", "360G-leicsopcc-opcc")
    assert (demo.threesixty_prefix, demo.threesixty_funder_org_id) == ("360G-opccleics", "360G-opccleics-opcc")


def test_publishing_awards_without_a_prefix_is_refused_saying_what_to_set():
    with pytest.raises(DomainProblem, match="Set THREESIXTY_PREFIX to the prefix 360Giving registered") as refused:
        export_awards(None, Publisher(prefix="", funder_org_id=""))  # refused before the database is read

    assert refused.value.status == 409
