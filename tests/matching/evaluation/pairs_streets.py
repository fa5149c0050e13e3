"""Labelled pairs about streets and town centres: Safer Streets 5, ASB hotspots, CCTV, Street Pastors."""

from __future__ import annotations

from datetime import date

from .world import (
    ASB_HOTSPOT,
    CCTV_LOUGHBOROUGH,
    CHARNWOOD,
    CHECK,
    FY_2022,
    FY_2025,
    HINCKLEY,
    LIKELY,
    MELTON,
    NORTH_WEST,
    OADBY_WIGSTON,
    PASTORS_MELTON,
    RUTLAND,
    SS5_MELTON,
    SS5_OADBY,
    UNRELATED,
    Pair,
    bid,
)

MELTON_OFFICER = bid(
    "bid-melton-asb-officer",
    "melton",
    title="ASB project officer, Melton town centre",
    description="An officer to coordinate the response to anti-social behaviour in Melton town centre with police, "
    "the council and businesses.",
    outcomes="Fewer ASB incidents reported in the town centre; a joint problem-solving plan.",
    provider_name="Melton Borough Council",
    places=MELTON,
    cost_items=("Officer salary and on-costs",),
)

MELTON_OFFICER_REWORDED = bid(
    "bid-melton-asb-officer-2",
    "melton",
    title="Melton Mowbray anti-social behaviour project officer post",
    description="Continue the post that brings partners together to tackle anti-social behaviour in Melton Mowbray.",
    provider_name="Melton BC",
    places=MELTON,
)

OADBY_TARGET_HARDENING = bid(
    "bid-ow-target-hardening",
    "oadby-wigston",
    title="Target hardening for repeat burglary victims in South Wigston",
    description="Home security visits and new locks, door chains and window alarms for households burgled more than "
    "once in South Wigston.",
    provider_name="Oadby & Wigston BC",
    places=OADBY_WIGSTON,
    cost_items=("Home security packs",),
)

PASTORS_BID = bid(
    "bid-melton-pastors",
    "melton",
    title="Town centre night-time patrols",
    description="Street Pastors patrol Melton Mowbray town centre on Friday and Saturday nights.",
    provider_name="Melton Street Pastors",
    places=MELTON,
)

LOUGHBOROUGH_CCTV_BID = bid(
    "bid-charnwood-cctv",
    "charnwood",
    title="CCTV maintenance for Loughborough town centre cameras",
    description="Keep the town centre cameras in Loughborough working: annual maintenance and repairs.",
    provider_name="Charnwood Borough Council",
    places=CHARNWOOD,
    cost_items=("Maintenance of CCTV cameras",),
)

PAIRS = [
    Pair(MELTON_OFFICER, SS5_MELTON, LIKELY, "Safer Streets 5 already pays a Melton ASB Project Officer in 2024/25."),
    Pair(
        bid(
            "bid-melton-officer-2025",
            "melton",
            period=FY_2025,
            title=MELTON_OFFICER.title,
            description=MELTON_OFFICER.description,
            places=MELTON,
        ),
        SS5_MELTON,
        CHECK,
        "Same post, but Safer Streets 5 ends in March 2025: a successor, not a duplicate.",
    ),
    Pair(
        bid(
            "bid-melton-cctv",
            "melton",
            title="CCTV maintenance, Melton Mowbray town centre",
            description="Maintenance contract for the town centre CCTV cameras in Melton Mowbray.",
            places=MELTON,
            cost_items=("CCTV maintenance",),
        ),
        SS5_MELTON,
        CHECK,
        "SS5 upgraded Melton's CCTV; maintenance is a different cost but needs a look.",
    ),
    Pair(
        bid(
            "bid-melton-youth-football",
            "melton",
            title="Friday night youth football in Melton Mowbray",
            description="Diversionary football sessions for young people on Friday evenings to reduce anti-social "
            "behaviour in the town.",
            provider_name="Melton Sports Trust",
            places=MELTON,
        ),
        SS5_MELTON,
        CHECK,
        "Overlaps SS5's Friday and Saturday youth outreach in the same town: neighbouring work.",
    ),
    Pair(
        bid(
            "bid-melton-hate",
            "melton",
            title="Hate incident reporting awareness in Melton",
            description="Posters, training and third-party reporting centres so residents report hate incidents.",
            places=MELTON,
        ),
        SS5_MELTON,
        UNRELATED,
        "Same town and time, different priority (hate incidents, not ASB).",
    ),
    Pair(
        bid(
            "bid-charnwood-officer",
            "charnwood",
            title="ASB project officer for Loughborough town centre",
            description="An officer coordinating partners to tackle anti-social behaviour in Loughborough town centre.",
            places=CHARNWOOD,
        ),
        SS5_MELTON,
        UNRELATED,
        "Same kind of post in a different district.",
    ),
    Pair(MELTON_OFFICER_REWORDED, MELTON_OFFICER, LIKELY, "Two Melton bids for the same ASB officer post, reworded."),
    Pair(
        bid(
            "bid-rutland-oakham-officer",
            "rutland",
            title="Town centre ASB officer in Oakham",
            description="A part-time officer tackling anti-social behaviour around Oakham's market place.",
            places=RUTLAND,
        ),
        SS5_MELTON,
        UNRELATED,
        "Neighbouring district (Rutland), different post.",
    ),
    # Scored check (0.49), not likely: the bid's own words barely describe the work once place words count
    # for less, so only its declaration of SS5 links it. Kept as labelled: a reviewer who reads the declaration
    # would call it likely; 'check' still puts it in front of them with the declaration as the reason.
    Pair(
        bid(
            "bid-melton-declared-ss5",
            "melton",
            title="Melton town centre safety coordination",
            description="Extending town centre work: coordinating partners to tackle anti-social behaviour.",
            places=MELTON,
            declared_programmes=("Safer Streets 5",),
        ),
        SS5_MELTON,
        LIKELY,
        "Declares Safer Streets 5 for the same coordination work in the same place and year.",
    ),
    Pair(
        bid(
            "bid-melton-officer-2022",
            "melton",
            period=FY_2022,
            title=MELTON_OFFICER.title,
            description=MELTON_OFFICER.description,
            places=MELTON,
        ),
        SS5_MELTON,
        CHECK,
        "A 2022/23 bid for the post before SS5 began: related history, not a duplicate.",
    ),
    Pair(
        PASTORS_BID,
        SS5_MELTON,
        CHECK,
        "Same town centre and nights as SS5's outreach; different activity.",
    ),
    Pair(OADBY_TARGET_HARDENING, SS5_OADBY, LIKELY, "SS5 already pays for target hardening for repeat victims there."),
    Pair(
        bid(
            "bid-ow-alley-gates",
            "oadby-wigston",
            title="Alley gating in South Wigston",
            description="Install alley gates on rear access paths to stop burglaries.",
            places=OADBY_WIGSTON,
            cost_items=("Alley gates",),
        ),
        SS5_OADBY,
        LIKELY,
        "SS5 funds alley gates in the same area and period.",
    ),
    Pair(
        bid(
            "bid-ow-da-awareness",
            "oadby-wigston",
            title="Domestic abuse awareness in Oadby",
            description="Awareness sessions in GP surgeries and pharmacies to increase reporting of domestic abuse.",
            places=OADBY_WIGSTON,
        ),
        SS5_OADBY,
        UNRELATED,
        "Same place, unrelated activity.",
    ),
    Pair(
        bid(
            "bid-hinckley-home-security",
            "blaby-hinckley-bosworth",
            title="Home security for burglary victims in Hinckley",
            description="Target hardening (locks, door chains) for repeat burglary victims in Hinckley.",
            places=HINCKLEY,
        ),
        SS5_OADBY,
        UNRELATED,
        "Same activity in a different district.",
    ),
    Pair(
        bid(
            "bid-ow-target-hardening-2025",
            "oadby-wigston",
            period=FY_2025,
            title=OADBY_TARGET_HARDENING.title,
            description=OADBY_TARGET_HARDENING.description,
            places=OADBY_WIGSTON,
        ),
        SS5_OADBY,
        CHECK,
        "Same work after SS5 ends in March 2025: a successor, not a duplicate.",
    ),
    # Scored likely (0.55, on the line): the words (locks, door chains, alarms, target hardening) are the SS5
    # record's own; only 'domestic abuse' tells the victim groups apart. Kept as 'check': that is what a reviewer
    # would say, and the score says how close it is.
    Pair(
        bid(
            "bid-ow-sanctuary",
            "oadby-wigston",
            title="Sanctuary scheme for domestic abuse victims",
            description="Target hardening (locks, door chains, alarms) in the homes of domestic abuse victims in "
            "Oadby and Wigston so they can stay safely at home.",
            places=OADBY_WIGSTON,
            cost_items=("Sanctuary scheme target hardening",),
        ),
        SS5_OADBY,
        CHECK,
        "Same kind of cost (locks) in the same place and year, but a different victim group.",
    ),
    Pair(
        bid(
            "bid-charnwood-pcso",
            "charnwood",
            title="Additional PCSO patrols in Loughborough town centre",
            description="Extra PCSO patrols in the anti-social behaviour hotspots of Loughborough town centre.",
            places=CHARNWOOD,
        ),
        ASB_HOTSPOT,
        LIKELY,
        "Hotspot funding already pays for extra PCSO patrols there this year.",
    ),
    Pair(
        bid(
            "bid-charnwood-shelthorpe",
            "charnwood",
            title="Evening and weekend patrols in Shelthorpe",
            description="Police community support officers patrolling Shelthorpe, Loughborough, on evenings and "
            "weekends to deter anti-social behaviour.",
            places=CHARNWOOD,
        ),
        ASB_HOTSPOT,
        LIKELY,
        "Reworded (PCSO spelt out), same patrols in the same hotspot and period.",
    ),
    Pair(
        bid(
            "bid-nwl-hotspot",
            "north-west-leicestershire",
            title="Hotspot patrols in Coalville",
            description="Extra PCSO patrols in anti-social behaviour hotspots in Coalville town centre.",
            places=NORTH_WEST,
        ),
        ASB_HOTSPOT,
        UNRELATED,
        "Same activity in a different district.",
    ),
    Pair(
        bid(
            "bid-charnwood-mediation",
            "charnwood",
            title="Neighbour dispute mediation in Charnwood",
            description="Independent mediation for neighbour disputes before they become anti-social behaviour cases.",
            provider_name="Leicestershire Community Mediation CIO",
            places=CHARNWOOD,
        ),
        ASB_HOTSPOT,
        UNRELATED,
        "Same district and theme (ASB) but mediation shares no cost with patrols.",
    ),
    Pair(LOUGHBOROUGH_CCTV_BID, CCTV_LOUGHBOROUGH, LIKELY, "The PCC already pays for this CCTV maintenance."),
    Pair(
        bid(
            "bid-melton-cctv-2",
            "melton",
            title="CCTV maintenance in Melton Mowbray",
            description="Annual maintenance and repairs of the town centre cameras.",
            places=MELTON,
            cost_items=("CCTV maintenance",),
        ),
        CCTV_LOUGHBOROUGH,
        UNRELATED,
        "CCTV maintenance in two different places.",
    ),
    Pair(
        bid(
            "bid-charnwood-shepshed-cctv",
            "charnwood",
            title="New CCTV cameras in Shepshed",
            description="Two new cameras covering Shepshed market place and the Hall Croft car park.",
            places=CHARNWOOD,
            cost_items=("CCTV cameras",),
        ),
        CCTV_LOUGHBOROUGH,
        CHECK,
        "Same district and cost type, different town: confirm the cameras differ.",
    ),
    Pair(PASTORS_BID, PASTORS_MELTON, LIKELY, "The Prevention Fund already pays for these patrols in 2024/25."),
    Pair(
        bid(
            "bid-melton-pastors-2025",
            "melton",
            period=FY_2025,
            title=PASTORS_BID.title,
            description=PASTORS_BID.description,
            provider_name="Melton Street Pastors",
            places=MELTON,
        ),
        PASTORS_MELTON,
        CHECK,
        "Same patrols for the year after the Prevention Fund award: a successor.",
    ),
    Pair(
        bid(
            "bid-hinckley-pastors",
            "blaby-hinckley-bosworth",
            title="Street Pastors in Hinckley town centre",
            description="Volunteers patrol Hinckley town centre on Saturday nights.",
            provider_name="Hinckley Street Pastors",
            places=HINCKLEY,
        ),
        PASTORS_MELTON,
        UNRELATED,
        "Same activity by a different group in a different district.",
    ),
    # Scored unrelated: same provider, but almost no shared wording (a shared organisation alone must not flag).
    Pair(
        bid(
            "bid-melton-school-pastors",
            "melton",
            title="School Pastors at lunchtimes",
            description="Volunteers present at Melton secondary school lunchtimes to reduce bullying.",
            provider_name="Melton Street Pastors",
            places=MELTON,
        ),
        PASTORS_MELTON,
        CHECK,
        "Same provider and town, different work: check volunteer costs are not paid twice.",
    ),
    # Scored unrelated: neighbouring work shares only place and time words, which count for less by design.
    Pair(
        bid(
            "bid-melton-taxi-marshals",
            "melton",
            title="Taxi marshals in Melton Mowbray town centre",
            description="Marshals at the taxi rank on Friday and Saturday nights to keep queues safe.",
            places=MELTON,
        ),
        PASTORS_MELTON,
        CHECK,
        "Same nights and town centre, different activity: neighbouring project.",
    ),
    Pair(
        bid(
            "bid-melton-pastors-undated",
            "melton",
            period=(None, None),
            title="Street Pastors, Melton Mowbray",
            description="Night-time patrols by Street Pastors volunteers in the town centre.",
            provider_name="Melton Street Pastors",
            places=MELTON,
        ),
        PASTORS_MELTON,
        LIKELY,
        "Same provider, activity and place; the draft has no dates yet, so it can't be ruled out.",
    ),
    Pair(
        bid(
            "bid-melton-pastors-may",
            "melton",
            period=(date(2024, 5, 1), date(2025, 4, 30)),
            title="Night patrols by Street Pastors in Melton",
            description="Friday and Saturday night patrols.",
            provider_name="Melton Street Pastors Ltd",
            places=MELTON,
        ),
        PASTORS_MELTON,
        LIKELY,
        "Renamed provider (Ltd), same patrols, periods overlap by eleven months.",
    ),
]
