"""Import and search behave the same on PostgreSQL, which is strict where SQLite is lenient (LIKE's case, NUL)."""

from __future__ import annotations

import pytest

from services.grants.register.data import DEMO_FILES
from tests.register.test_register_api import search, upload


@pytest.fixture
def database_environment(fresh_postgres_urls) -> dict[str, str]:
    return {"GRANTS_DATABASE_URL": fresh_postgres_urls["grants"]}


def test_importing_and_searching_on_postgresql(grants, auth, local_csv):
    opcc, officer = auth("opcc_reviewer"), auth("csp_officer", "melton")
    for path in DEMO_FILES:
        assert upload(grants, opcc, path.read_bytes(), path.name).json["created"] > 0
    again = upload(grants, opcc, DEMO_FILES[0].read_bytes()).json
    partly = upload(grants, opcc, local_csv({"id": "A"}, {"id": "B", "amount": "lots"}), query="?source_name=opcc").json

    found = search(grants, officer, q="Project Officer", csp="melton")
    hidden = search(grants, opcc, q="EXPLOITATION", csp="leicester-city")

    assert (again["created"], again["unchanged"]) == (0, 19)
    assert (partly["created"], partly["rejected"]) == (1, 1)
    assert [item["source_id"] for item in found["items"]] == [
        "SS5-MEL-Y2",
        "A",
        "SS5-MEL-Y1",
        "360G-HO-GGIS-SS5-LEI-0042",
    ]
    assert found["total_amount_pence"] == 60_000_000
    city_officer = auth("csp_officer", "leicester-city")
    assert [item["source_id"] for item in hidden["items"] if item["confidential"]] == ["VRN-EXPLOIT-2026"]
    assert search(grants, city_officer, q="exploitation", csp="leicester-city")["total"] == hidden["total"] - 1
    assert search(grants, officer, q="100%_")["total"] == 0
