"""Place codes: a district brings its CSP, a CSP its districts, and 360Giving's code types become ours."""

from __future__ import annotations

from services.grants.register import places


def test_a_district_brings_its_csp_and_a_csp_its_districts():
    assert places.completed(["LAD:E07000129"]) == ["CSP:blaby-hinckley-bosworth", "LAD:E07000129"]
    assert places.completed(["CSP:blaby-hinckley-bosworth"]) == [
        "CSP:blaby-hinckley-bosworth",
        "LAD:E07000129",
        "LAD:E07000132",
    ]


def test_places_outside_the_county_are_kept_as_they_are():
    assert places.completed(["LAD:E09000001", "WARD:E05005321"]) == ["LAD:E09000001", "WARD:E05005321"]


def test_360giving_code_types_become_the_registers_own():
    assert places.from_geo_code("NMD", "e07000133") == ["LAD:E07000133"]
    assert places.from_geo_code("UA", "E06000016") == ["LAD:E06000016"]
    assert places.from_geo_code("WD", "E05005321") == ["WARD:E05005321"]
    assert places.from_geo_code("PFA", "E23000021") == ["PFA:E23000021"]
    assert places.from_geo_code("CSP", "Melton") == ["CSP:melton"]
    assert places.from_geo_code("CSP", "E22000123") == ["CSP:E22000123"]
    assert places.from_geo_code("LSOA", "") == []


def test_csps_and_districts_are_known_by_their_names_as_people_write_them():
    assert places.csp_place("Safer North West Partnership") == "CSP:north-west-leicestershire"
    assert places.csp_place("Hinckley & Bosworth") == "CSP:blaby-hinckley-bosworth"
    assert places.csp_place("LLR") == places.COUNTY_WIDE
    assert places.district_place("Oadby & Wigston") == "LAD:E07000135"
    assert places.district_place("Narnia") is None
