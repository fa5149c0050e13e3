"""The register records and place codes the labelled pairs are written against (DOMAIN.md's world).

LAD and PFA codes are the real ONS codes for Leicester, Leicestershire and Rutland. Ward codes, org-ids and
amounts are illustrative: they only need to be consistent within this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.grants.matching.candidates import Candidate

PFA = "PFA:E23000021"
BLABY = frozenset({"CSP:blaby-hinckley-bosworth", "LAD:E07000129"})
HINCKLEY = frozenset({"CSP:blaby-hinckley-bosworth", "LAD:E07000132"})
CHARNWOOD = frozenset({"CSP:charnwood", "LAD:E07000130"})
HARBOROUGH = frozenset({"CSP:harborough", "LAD:E07000131"})
MELTON = frozenset({"CSP:melton", "LAD:E07000133"})
NORTH_WEST = frozenset({"CSP:north-west-leicestershire", "LAD:E07000134"})
OADBY_WIGSTON = frozenset({"CSP:oadby-wigston", "LAD:E07000135"})
RUTLAND = frozenset({"CSP:rutland", "LAD:E06000017"})
LEICESTER = frozenset({"CSP:leicester-city", "LAD:E06000016"})
# Leicestershire County Council covers the seven districts, not Leicester city or Rutland.
COUNTY = frozenset(f"LAD:E07000{n}" for n in range(129, 136))
FORCE_WIDE = frozenset({PFA})

FY_2022 = (date(2022, 4, 1), date(2023, 3, 31))
FY_2023 = (date(2023, 4, 1), date(2024, 3, 31))
FY_2024 = (date(2024, 4, 1), date(2025, 3, 31))
FY_2025 = (date(2025, 4, 1), date(2026, 3, 31))
FY_2026 = (date(2026, 4, 1), date(2027, 3, 31))

OPCC = "Office of the Police and Crime Commissioner for Leicestershire"


def record(id: str, period: tuple[date | None, date | None] = FY_2024, **fields) -> Candidate:
    """A funding register record: an award some funder has already made."""
    starts_on, ends_on = period
    return Candidate(id=id, kind="register", starts_on=starts_on, ends_on=ends_on, status="awarded", **fields)


def bid(id: str, csp_id: str, period: tuple[date | None, date | None] = FY_2024, **fields) -> Candidate:
    """A CSP's bid to the OPCC; the CSP is the applicant, the provider delivers."""
    starts_on, ends_on = period
    fields.setdefault("funder", OPCC)
    fields.setdefault("programme", "Community Safety Fund")
    return Candidate(id=id, kind="bid", csp_id=csp_id, starts_on=starts_on, ends_on=ends_on, status="draft", **fields)


SS5_MELTON = record(
    "reg-ss5-melton",
    period=(date(2023, 10, 1), date(2025, 3, 31)),
    title="Safer Streets 5: Melton Mowbray anti-social behaviour",
    description=(
        "Reducing anti-social behaviour in Melton Mowbray town centre. Funds a Project Officer post to coordinate "
        "police, council and businesses, CCTV upgrades around the town centre and the cattle market, and youth "
        "outreach on Friday and Saturday evenings."
    ),
    funder="Home Office",
    programme="Safer Streets Fund Round 5",
    recipient_org_id="GB-LAE-MEL",
    recipient_name="Melton Borough Council",
    amount_pence=30_000_000,
    places=MELTON,
    cost_items=("Project Officer salary", "CCTV camera upgrades", "Youth outreach sessions"),
)

SS5_OADBY = record(
    "reg-ss5-oadby",
    period=(date(2023, 10, 1), date(2025, 3, 31)),
    title="Safer Streets 5: neighbourhood crime in Oadby and Wigston",
    description=(
        "Reducing burglary, vehicle crime and theft in South Wigston and Oadby: home security surveys and target "
        "hardening (locks, door chains, window alarms) for repeat victims, alley gates and improved street lighting."
    ),
    funder="Home Office",
    programme="Safer Streets Fund Round 5",
    recipient_org_id="GB-LAE-OAD",
    recipient_name="Oadby and Wigston Borough Council",
    amount_pence=30_000_000,
    places=OADBY_WIGSTON,
    cost_items=("Alley gates", "Home security packs", "Street lighting"),
)

VRN_KNIFE = record(
    "reg-vrn-knife",
    title="Knife crime education in secondary schools",
    description=(
        "Interactive workshops on knife crime, county lines and the consequences of carrying weapons for Year 8 and "
        "Year 9 pupils in secondary schools across Leicester, Leicestershire and Rutland."
    ),
    funder="Home Office",
    programme="Violence Reduction Unit core grant",
    recipient_name="Leicestershire Violence Reduction Network",
    provider_name="Street Wise Education CIC",
    provider_org_id="GB-COH-11223344",
    places=FORCE_WIDE,
)

VRN_VAWG = record(
    "reg-vrn-vawg",
    period=(date(2024, 6, 1), date(2025, 3, 31)),
    title="Night-time economy safety for women and girls, Leicester city centre",
    description=(
        "A safe space and welfare hub in Leicester city centre on Friday and Saturday nights, bystander training "
        "for bar and door staff, and Ask for Angela in licensed premises."
    ),
    funder="Leicestershire Violence Reduction Network",
    programme="VAWG funding",
    recipient_org_id="GB-LAE-LCE",
    recipient_name="Leicester City Council",
    places=LEICESTER,
    cost_items=("Welfare hub staffing", "Bystander training"),
)

YEF_PHOENIX = record(
    "reg-yef-phoenix",
    period=(date(2022, 9, 1), date(2025, 8, 31)),
    title="Phoenix Programme: mentoring for children at risk of violence",
    description=(
        "Trusted-adult mentoring and family support for 10 to 14 year olds referred by schools in Loughborough and "
        "Coalville, to prevent involvement in violence and criminal exploitation."
    ),
    funder="Youth Endowment Fund",
    programme="Phoenix Programme",
    recipient_org_id="GB-LAE-LEC",
    recipient_name="Leicestershire County Council",
    provider_name="Trusted Mentors CIC",
    places=CHARNWOOD | NORTH_WEST,
)

DA_ACT = record(
    "reg-da-act",
    period=(date(2024, 4, 1), date(2026, 3, 31)),
    title="Safe accommodation support for victims of domestic abuse",
    description=(
        "Specialist support workers in safe accommodation and a sanctuary scheme fitting target hardening (locks, "
        "door chains, alarms) in the homes of victims of domestic abuse and their children across the county."
    ),
    funder="Leicestershire County Council",
    programme="Domestic Abuse Act funding (Public Health)",
    recipient_org_id="GB-CHC-1126234",
    recipient_name="Women's Aid Leicestershire Ltd",
    places=COUNTY,
    cost_items=("Support workers", "Sanctuary scheme target hardening"),
)

PASTORS_MELTON = record(
    "reg-pcc-pastors-melton",
    title="Street Pastors in Melton Mowbray town centre",
    description=(
        "Trained volunteers patrol Melton Mowbray town centre on Friday and Saturday nights, helping vulnerable "
        "people and reducing alcohol-related disorder."
    ),
    funder=OPCC,
    programme="PCC Prevention Fund",
    recipient_org_id="GB-CHC-1099001",
    recipient_name="Melton Street Pastors",
    places=MELTON,
    cost_items=("Volunteer training", "Patrol equipment"),
)

VICTIMS_FIRST = record(
    "reg-victims-first",
    period=(date(2022, 4, 1), date(2027, 3, 31)),
    title="Victims First: support for victims of crime in Leicester, Leicestershire and Rutland",
    description=(
        "Free, confidential emotional and practical support for victims of crime, including a specialist hate crime "
        "caseworker and restorative justice."
    ),
    funder=OPCC,
    programme="Victims First",
    recipient_org_id="GB-CHC-298028",
    recipient_name="Victim Support",
    amount_pence=250_000_000,
    places=FORCE_WIDE,
)

ASB_HOTSPOT = record(
    "reg-asb-hotspot-loughborough",
    title="Hotspot patrols in Loughborough town centre",
    description=(
        "Extra police and PCSO patrols in anti-social behaviour hotspots in Loughborough town centre and "
        "Shelthorpe on evenings and weekends."
    ),
    funder="Home Office",
    programme="Anti-social behaviour hotspot response",
    recipient_name=OPCC,
    places=CHARNWOOD,
)

CCTV_LOUGHBOROUGH = record(
    "reg-pcc-cctv-loughborough",
    title="Loughborough town centre CCTV maintenance",
    description="Maintenance, repair and replacement of the public space CCTV cameras in Loughborough town centre.",
    funder=OPCC,
    programme="PCC Prevention Fund",
    recipient_org_id="GB-LAE-CHA",
    recipient_name="Charnwood Borough Council",
    places=CHARNWOOD,
    cost_items=("CCTV maintenance", "Camera replacement"),
)

SUBSTANCE_TREATMENT = record(
    "reg-ph-substance-treatment",
    period=(date(2021, 4, 1), None),
    title="Adult drug and alcohol treatment and recovery service",
    description=(
        "Community-based drug and alcohol treatment, recovery support and harm reduction for adults across "
        "Leicestershire, commissioned by Public Health."
    ),
    funder="Leicestershire County Council",
    programme="Public Health substance misuse treatment",
    recipient_org_id="GB-CHC-1016868",
    recipient_name="Turning Point",
    places=COUNTY,
)


LIKELY = "likely duplicate"
CHECK = "check"
UNRELATED = "unrelated"


@dataclass(frozen=True)
class Pair:
    """A bid and a register record (or another bid) with what a careful OPCC reviewer would say, and why."""

    bid: Candidate
    other: Candidate
    label: str
    why: str
