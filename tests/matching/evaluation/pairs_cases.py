"""Labelled pairs for renamed organisations, bids against bids, and places that only look alike."""

from __future__ import annotations

from datetime import date

from .world import (
    BLABY,
    CCTV_LOUGHBOROUGH,
    CHARNWOOD,
    CHECK,
    HARBOROUGH,
    HINCKLEY,
    LEICESTER,
    LIKELY,
    NORTH_WEST,
    OADBY_WIGSTON,
    OPCC,
    RUTLAND,
    SS5_MELTON,
    SS5_OADBY,
    UNRELATED,
    Pair,
    bid,
    record,
)

BRAUNSTONE_WARD = "WARD:E05010459"
BRAUNSTONE_YOUTH = record(
    "reg-pcc-braunstone-youth",
    title="Detached youth work in Braunstone Park",
    description="Youth workers meet young people on the streets and in the park on weekday evenings, offering "
    "positive activities and reducing anti-social behaviour.",
    funder=OPCC,
    programme="PCC Prevention Fund",
    recipient_name="Braunstone Youth Project Ltd",
    places=LEICESTER | {BRAUNSTONE_WARD},
)

MEDIATION = record(
    "reg-ph-mediation",
    title="Community mediation for neighbour disputes in Loughborough",
    description="Trained mediators help neighbours resolve disputes about noise, parking and boundaries.",
    funder="Charnwood Borough Council",
    programme="Community Grants",
    recipient_org_id="GB-CHC-1100001",
    recipient_name="Leicestershire Community Mediation CIO",
    places=CHARNWOOD,
)

COALVILLE_WARDENS = record(
    "reg-coalville-wardens",
    period=(date(2023, 4, 1), date(2025, 3, 31)),
    title="Town centre wardens in Coalville tackling anti-social behaviour",
    description="Two uniformed wardens patrol Coalville town centre, engaging young people and reporting ASB.",
    funder="North West Leicestershire District Council",
    programme="Safer Communities grants",
    recipient_name="Safer North West Partnership",
    places=NORTH_WEST,
)

PAIRS = [
    Pair(
        bid(
            "bid-city-braunstone",
            "leicester-city",
            title="Youth outreach in Braunstone",
            description="Street-based youth work in Braunstone Park in the evenings to give young people something "
            "to do and cut ASB.",
            provider_name="Braunstone Youth Project",
            places=LEICESTER | {BRAUNSTONE_WARD},
        ),
        BRAUNSTONE_YOUTH,
        LIKELY,
        "Same provider (legal suffix aside), same detached youth work in the same ward.",
    ),
    Pair(
        bid(
            "bid-city-braunstone-cooking",
            "leicester-city",
            title="Family cooking classes in Braunstone",
            description="Cooking on a budget for parents and children at the community centre.",
            provider_name="Braunstone Youth Project",
            places=LEICESTER | {BRAUNSTONE_WARD},
        ),
        BRAUNSTONE_YOUTH,
        UNRELATED,
        "Same provider and ward, unrelated work (and not community safety).",
    ),
    Pair(
        bid(
            "bid-charnwood-mediation-renamed",
            "charnwood",
            title="Neighbour dispute mediation in Loughborough",
            description="Mediation to resolve neighbour disputes (noise, parking, boundaries) before they escalate.",
            provider_name="LLR Mediation Service",
            provider_org_id="GB-CHC-1100001",
            places=CHARNWOOD,
        ),
        MEDIATION,
        LIKELY,
        "Renamed provider, same charity number, same mediation in the same town and year.",
    ),
    Pair(
        bid(
            "bid-nwl-wardens",
            "north-west-leicestershire",
            title="Coalville town centre ASB wardens",
            description="Uniformed wardens in Coalville town centre to reduce anti-social behaviour.",
            recipient_name="North West Leicestershire CSP",
            places=NORTH_WEST,
        ),
        COALVILLE_WARDENS,
        LIKELY,
        "The Safer North West Partnership (the same CSP) is already funded for these wardens.",
    ),
    Pair(
        bid(
            "bid-nwl-wardens-other",
            "north-west-leicestershire",
            title="Coalville town centre ASB wardens",
            description="Uniformed wardens in Coalville town centre to reduce anti-social behaviour.",
            places=NORTH_WEST,
        ),
        SS5_MELTON,
        UNRELATED,
        "Different district; the shared words are generic ASB vocabulary.",
    ),
    Pair(
        bid(
            "bid-rutland-trailers",
            "rutland",
            title="Rural crime: farm watch and trailer marking in Rutland",
            description="Mark trailers and farm machinery and run a farm watch scheme to deter rural theft.",
            places=RUTLAND,
        ),
        bid(
            "bid-rutland-trailers-2",
            "rutland",
            title="Marking trailers and farm machinery across Rutland",
            description="Forensic marking of trailers, quad bikes and machinery to deter theft from farms.",
            places=RUTLAND,
        ),
        LIKELY,
        "Two Rutland drafts for the same rural crime marking scheme.",
    ),
    Pair(
        bid(
            "bid-bhb-hinckley-officer",
            "blaby-hinckley-bosworth",
            title="ASB officer for Hinckley",
            description="An officer dealing with anti-social behaviour cases in Hinckley town centre.",
            places=HINCKLEY,
        ),
        bid(
            "bid-bhb-blaby-officer",
            "blaby-hinckley-bosworth",
            title="ASB officer for Blaby villages",
            description="An officer dealing with anti-social behaviour cases in Enderby and Narborough.",
            places=BLABY,
        ),
        CHECK,
        "One merged CSP, two districts: two posts or one described twice? A reviewer would ask.",
    ),
    Pair(
        bid(
            "bid-harborough-speedwatch",
            "harborough",
            title="Speed watch kit for Harborough villages",
            description="Speed guns and signs for community speed watch volunteers.",
            places=HARBOROUGH,
        ),
        SS5_OADBY,
        UNRELATED,
        "Different place and activity.",
    ),
    Pair(
        bid(
            "bid-city-hate-centres",
            "leicester-city",
            title="Hate crime reporting centres in Leicester",
            description="Train staff at libraries and mosques as third-party hate crime reporting centres.",
            places=LEICESTER,
        ),
        SS5_OADBY,
        UNRELATED,
        "Different place and activity.",
    ),
    Pair(
        bid(
            "bid-ow-alley-gates-2",
            "oadby-wigston",
            title="Alley gates in South Wigston",
            description="Gates on rear alleys behind terraced houses.",
            places=OADBY_WIGSTON,
            cost_items=("Alley gates",),
        ),
        CCTV_LOUGHBOROUGH,
        UNRELATED,
        "Different place and activity.",
    ),
    Pair(
        bid(
            "bid-charnwood-cctv-2",
            "charnwood",
            title="CCTV maintenance in Loughborough",
            description="Repair and maintenance of the town centre camera network.",
            places=CHARNWOOD,
            cost_items=("CCTV maintenance",),
        ),
        SS5_MELTON,
        UNRELATED,
        "CCTV in two places: Loughborough against Melton's SS5 upgrades.",
    ),
    Pair(
        bid(
            "bid-ow-ss5-declared-other-work",
            "oadby-wigston",
            title="Domestic abuse champions network",
            description="Train volunteers in community groups to recognise and refer domestic abuse.",
            places=OADBY_WIGSTON,
            declared_programmes=("Safer Streets 5",),
        ),
        SS5_OADBY,
        CHECK,
        "Declares SS5 as other funding, but for different work: the reviewer should see why.",
    ),
    Pair(
        bid(
            "bid-ow-target-hardening-city",
            "leicester-city",
            title="Target hardening for repeat burglary victims",
            description="Home security visits and new locks for households burgled more than once in the city.",
            places=LEICESTER,
            cost_items=("Home security packs",),
        ),
        SS5_OADBY,
        UNRELATED,
        "Same activity and cost in a different district.",
    ),
    Pair(
        bid(
            "bid-harborough-pcso",
            "harborough",
            title="Summer PCSO patrols in Market Harborough",
            description="Extra PCSO patrols at the park and the square in the summer holidays.",
            places=HARBOROUGH,
        ),
        bid(
            "bid-ow-pcso",
            "oadby-wigston",
            title="Summer PCSO patrols in Oadby",
            description="Extra PCSO patrols at Brocks Hill and the precinct in the summer holidays.",
            places=OADBY_WIGSTON,
        ),
        UNRELATED,
        "Same idea in two districts.",
    ),
]
