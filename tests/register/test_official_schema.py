"""The official 360Giving schema, vendored and resolved offline, judges grants as the standard does."""

from __future__ import annotations

import hashlib
import json
import socket
from decimal import Decimal

import pytest

from services.grants.register.data import DEMO_FILES, SCHEMA_DIR
from services.grants.register.importers import schema


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to fetch a schema fails the test instead of reaching the internet."""

    def refuse(*args, **kwargs):
        raise AssertionError("the 360Giving schema tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for cached in (
        schema.registry,
        schema.grant_validator,
        schema.grant_screen,
        schema.package_validator,
        schema.envelope_validator,
    ):
        cached.cache_clear()


def test_the_vendored_schemas_are_the_official_files_unchanged():
    # SHA256SUMS was taken from the copy of the standard we were handed (ThreeSixtyGiving/standard 9387abc).
    listed = dict(reversed(line.split()) for line in (SCHEMA_DIR / "SHA256SUMS").read_text().splitlines())
    assert set(listed) == {p.name for p in SCHEMA_DIR.iterdir()} - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((SCHEMA_DIR / name).read_bytes()).hexdigest() == digest, name


def test_a_valid_grant_is_accepted_with_plain_dates_and_date_times(grant):
    valid = grant(awardDate="2026-02-11", dateModified="2026-02-12T09:30:00+00:00", amountAwarded=Decimal("9950.50"))

    assert list(schema.grant_validator().iter_errors(valid)) == []


def test_an_invalid_grant_is_refused(grant):
    invalid = grant(amountAwarded="lots", awardDate="2026-13-01")
    del invalid["fundingOrganization"]

    failed = {error.validator for error in schema.grant_validator().iter_errors(invalid)}

    assert failed == {"type", "oneOf"}  # the amount's type; the date; the missing funder (under the root oneOf)


def test_a_date_time_must_be_a_real_date_time_as_the_format_says(grant):
    errors = list(schema.grant_validator().iter_errors(grant(dateModified="yesterday")))

    assert [error.validator for error in errors] == ["format"]


def test_the_shipped_demo_package_follows_the_whole_package_schema():
    package = json.loads(DEMO_FILES[1].read_text(), parse_float=Decimal)

    assert list(schema.package_validator().iter_errors(package)) == []


def test_the_package_schema_finds_the_grant_schema_under_its_older_id():
    assert schema.grant_reference() != schema.grant_schema()["$id"]
    assert schema.registry().contents(schema.grant_reference()) is schema.grant_schema()


def test_column_titles_are_the_ones_360giving_csv_files_use():
    assert schema.title_path(("recipientOrganization", 0, "id")) == "Recipient Org:Identifier"
    assert schema.title_path(("beneficiaryLocation", 1, "geoCode")) == "Beneficiary Location:1:Geographic Code"
    assert schema.title_path(("currency",)) == "Currency"
