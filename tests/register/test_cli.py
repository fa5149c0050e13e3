"""`safergrants register import FILE`: a progress bar, a report, and failure only for an unreadable file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from services.grants.register.data import DEMO_FILES
from shared.cli import main
from tests.fixtures.settings import embedded_environment
from tests.register.test_threesixty_files import flat_rows


@pytest.fixture
def safergrants(tmp_path):
    """Run the CLI as a person would, on an embedded system under tmp_path (its grants DB on SQLite)."""
    environment = embedded_environment(tmp_path / "var", GRANTS_DATABASE_URL=f"sqlite:///{tmp_path / 'grants.db'}")

    def run(*args: str):
        return CliRunner().invoke(main, list(args), env=environment, catch_exceptions=False)

    assert run("migrate", "grants").exit_code == 0
    return run


def test_importing_a_file_prints_the_report_and_importing_it_again_changes_nothing(safergrants):
    first = safergrants("register", "import", str(DEMO_FILES[0]))
    second = safergrants("register", "import", str(DEMO_FILES[0]))

    assert first.exit_code == 0, first.output
    assert "19 rows: 19 created, 0 updated, 0 unchanged, 0 rejected" in first.stdout
    assert "Importing demo-register.csv" in first.stderr  # the progress bar, out of the report's way
    assert "19 rows: 0 created, 0 updated, 19 unchanged, 0 rejected" in second.stdout


def test_rejected_rows_are_reported_without_failing_the_command(safergrants, tmp_path, local_csv):
    path = tmp_path / "opcc.csv"
    path.write_bytes(local_csv({"id": "A"}, {"id": "B", "amount": "lots"}))

    result = safergrants("register", "import", str(path), "--source-name", "opcc-list")

    assert result.exit_code == 0
    assert "into 'opcc-list'" in result.stdout
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in result.stdout
    assert "row 3 (B): amount: Enter the amount in pounds, like 300000" in result.stdout


def test_a_file_that_cannot_be_read_fails_the_command(safergrants, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes\n")

    result = safergrants("register", "import", str(path))

    assert result.exit_code == 1
    assert "not a file the register can import" in result.stderr


def test_the_format_can_be_named_when_it_cannot_be_recognised(safergrants, tmp_path):
    path = tmp_path / "grants.json"
    path.write_bytes(DEMO_FILES[1].read_bytes())

    assert safergrants("register", "import", str(path), "--format", "local-csv").exit_code == 1
    assert "5 created" in safergrants("register", "import", str(path), "--format", "360giving-json").stdout


def test_a_source_name_that_is_not_a_plain_name_is_refused(safergrants):
    result = safergrants("register", "import", str(DEMO_FILES[0]), "--source-name", "safergrants-award")

    assert result.exit_code == 2
    assert "SaferGrants' own awards" in result.stderr


def test_a_row_with_a_megabyte_cell_is_rejected_and_the_rest_imported(safergrants, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(flat_rows("Patrols", "x" * 1_000_000, "CCTV"))

    result = safergrants("register", "import", str(path))

    assert result.exit_code == 0, result.output
    assert "3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in result.stdout
    assert "row 3 (360G-ROW-3): Description: Shorten this to 20000 characters or fewer" in result.stdout
