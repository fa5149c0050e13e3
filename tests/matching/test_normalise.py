from services.grants.matching.normalise import org_id_key, org_name_key, programme_key, programmes_match
from services.grants.matching.text import analyse, stem, terms


def test_an_organisation_is_the_same_whatever_its_legal_form_abbreviations_or_apostrophes():
    assert org_name_key("Women's Aid Leicestershire Ltd") == org_name_key("Womens Aid Leics")
    assert org_name_key("The Braunstone Youth Project Trust Ltd") == org_name_key("Braunstone Youth Project")
    assert org_name_key("Oadby & Wigston BC") == org_name_key("Oadby and Wigston Borough Council")
    assert org_name_key("Street Wise Education CIC") == org_name_key("Streetwise Education")


def test_councils_of_different_kinds_stay_different():
    assert org_name_key("Melton BC") != org_name_key("Melton DC")
    assert org_name_key("Leicestershire CC") == org_name_key("Leicestershire County Council")


def test_every_name_of_a_csp_is_that_csp():
    key = org_name_key("Safer North West Partnership")
    assert key == "csp:north-west-leicestershire"
    assert org_name_key("North West Leicestershire CSP") == key
    assert org_name_key("North West Leicestershire Community Safety Partnership") == key


def test_org_ids_compare_regardless_of_case_and_spaces():
    assert org_id_key(" gb-chc-1126234 ") == org_id_key("GB-CHC-1126234")


def test_a_declared_programme_meets_its_formal_title():
    assert programme_key("Safer Streets 5") == programme_key("Safer Streets Fund Round 5")
    assert programmes_match(programme_key("Phoenix Programme"), programme_key("Youth Endowment Fund Phoenix Programme"))
    assert not programmes_match(programme_key("Safer Streets 4"), programme_key("Safer Streets Fund Round 5"))
    assert programme_key("PCC Prevention Fund") == programme_key("Police and Crime Commissioner's Prevention Fund")


def test_domain_phrases_become_one_term_however_they_are_written():
    assert terms("ASB project officer, Melton town centre") == ["asb", "project_officer", "melton", "town_centre"]
    assert terms("Melton Mowbray anti-social behaviour project officer post") == ["melton", "asb", "project_officer"]
    assert terms("domestic violence") == terms("DA") == terms("Domestic abuse")
    assert terms("PCSOs") == terms("police community support officers")


def test_a_phrase_can_add_a_broader_term():
    assert terms("knife crime") == ["knif", "serious_violence"]


def test_stop_words_and_numbers_are_not_activity():
    assert terms("the project will provide funding for 2024") == []


def test_plurals_and_endings_meet():
    assert stem("patrols") == stem("patrol")
    assert stem("coordinated") == stem("coordinate") == stem("coordinating")
    assert stem("activities") == stem("activity")


def test_a_title_counts_twice_and_towns_are_found_with_the_terms():
    counts, towns = analyse("Alley gates", "Gates in South Wigston and Oadby")
    assert counts["alley_gate"] == 2
    assert towns == {"wigston", "oadby"}
