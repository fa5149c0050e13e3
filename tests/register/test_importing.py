"""Importing into the register: idempotent, in batches, each row whole or not at all, with a report."""

from __future__ import annotations

import sqlalchemy as sa

from services.grants.register import imports
from services.grants.register.data import DEMO_FILES
from services.grants.register.model import RegisterRecord
from services.seed import seed_register
from tests.register.conftest import GRANT


def records(runtime) -> dict[str, RegisterRecord]:
    with runtime.session_factory() as session:
        return {r.source_id: r for r in session.scalars(sa.select(RegisterRecord))}


def counts(report) -> tuple[int, int, int, int]:
    return report.created, report.updated, report.unchanged, report.rejected


def test_importing_the_demo_files_creates_every_record(import_bytes, runtime):
    local = import_bytes(DEMO_FILES[0].read_bytes())
    published = import_bytes(DEMO_FILES[1].read_bytes())

    assert (local.source, local.format, counts(local)) == ("local-csv", "local-csv", (19, 0, 0, 0))
    assert (published.source, published.format, counts(published)) == ("360giving", "360giving-json", (5, 0, 0, 0))
    assert records(runtime)["SS5-MEL-Y2"].status == "indicative"
    assert records(runtime)["VRN-EXPLOIT-2026"].confidential is True


def test_importing_the_same_file_twice_creates_nothing_the_second_time(import_bytes, runtime):
    import_bytes(DEMO_FILES[0].read_bytes())
    again = import_bytes(DEMO_FILES[0].read_bytes())

    assert counts(again) == (0, 0, 19, 0)
    assert len(records(runtime)) == 19


def test_a_changed_row_updates_its_record_and_leaves_the_rest_alone(import_bytes, runtime, local_csv):
    import_bytes(local_csv({"id": "A"}, {"id": "B"}))
    first_batch = records(runtime)["B"].import_batch_id

    report = import_bytes(local_csv({"id": "A", "amount": "175000"}, {"id": "B"}))

    assert counts(report) == (0, 1, 1, 0)
    assert records(runtime)["A"].amount_pence == 17_500_000
    assert records(runtime)["A"].import_batch_id == report.batch_id
    assert records(runtime)["B"].import_batch_id == first_batch


def test_bad_rows_are_reported_and_the_good_ones_imported_whole(import_bytes, runtime, local_csv):
    report = import_bytes(local_csv({"id": "A"}, {"id": "B", "amount": "lots", "end_date": "2020-01-01"}, {"id": "C"}))

    assert counts(report) == (2, 0, 0, 1)
    assert [(r.row, r.id, r.field) for r in report.rejections] == [(3, "B", "amount"), (3, "B", "end_date")]
    assert set(records(runtime)) == {"A", "C"}


def test_grants_the_opcc_funded_are_counted_and_left_out(import_bytes, runtime, package, grant):
    """Our own awards are in the register as SaferGrants made them: a file holding them (our export, a GrantNav
    download) must not add a second copy, which every duplicate check would find beside the first."""
    own = runtime.settings.threesixty_funder_org_id
    opcc = [{"id": own.upper(), "name": "Office of the Police and Crime Commissioner for Leicestershire"}]
    broken = grant(id="360G-opccleics-award-2", fundingOrganization=opcc, currency="EUR")

    report = import_bytes(
        package(grant(id="360G-opccleics-award-1", fundingOrganization=opcc), grant(), broken), own_funder_org_id=own
    )

    assert (counts(report), report.own_awards, report.rows) == ((1, 0, 0, 1), 1, 3)
    assert set(records(runtime)) == {GRANT["id"]}
    assert "1 of them the OPCC's own awards, not imported" in "\n".join(report.lines())


def test_the_same_id_twice_in_one_file_is_refused_the_second_time(import_bytes, local_csv):
    report = import_bytes(local_csv({"id": "A"}, {"id": "A", "title": "Another"}))

    assert counts(report) == (1, 0, 0, 1)
    assert report.rejections[0].message == "Row 2 has the same id: give each record its own"


def test_a_file_larger_than_a_batch_is_written_in_several_transactions(import_bytes, runtime, local_csv, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_SIZE", 2)

    report = import_bytes(local_csv(*({"id": f"R{n}"} for n in range(5))))

    assert counts(report) == (5, 0, 0, 0)
    assert len(records(runtime)) == 5


def test_the_same_id_from_another_source_is_another_record(import_bytes, runtime, local_csv):
    import_bytes(local_csv({"id": "A"}))
    report = import_bytes(local_csv({"id": "A"}), source="vrn-register")

    assert counts(report) == (1, 0, 0, 0)
    with runtime.session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(RegisterRecord)) == 2


def test_an_import_can_hide_a_record_but_never_reveal_one(import_bytes, runtime, local_csv):
    import_bytes(local_csv({"id": "A", "confidential": "yes"}, {"id": "B"}))

    report = import_bytes(local_csv({"id": "A", "confidential": "no"}, {"id": "B", "confidential": "yes"}))

    assert counts(report) == (0, 1, 1, 0)
    assert records(runtime)["A"].confidential is True
    assert records(runtime)["B"].confidential is True


def test_a_record_is_a_candidate_for_duplicate_matching(import_bytes, runtime):
    import_bytes(DEMO_FILES[0].read_bytes())

    candidate = records(runtime)["SS5-MEL-Y1"].as_candidate()

    assert candidate.kind == "register"
    assert candidate.provider_name == "Melton Borough Council"
    assert candidate.programme == "Safer Streets Fund Round 5"
    assert candidate.amount_pence == 15_000_000
    assert "CSP:melton" in candidate.places and "LAD:E07000133" in candidate.places


def test_seeding_imports_the_demo_register_once(runtime):
    assert seed_register(runtime) is True
    assert seed_register(runtime) is False
    assert len(records(runtime)) == 24
