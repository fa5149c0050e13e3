"""Vocabulary for a synthetic funding register: DOMAIN.md's funders, programmes, places and activities.

Leicester, Leicestershire and Rutland come with their real districts and towns. A register of a million
records is national in scale (360Giving publishes grants from across the UK), so other districts and their
villages are generated from English place-name parts: that gives the long tail of rare names real data has.
"""

from __future__ import annotations

OPCC = "Office of the Police and Crime Commissioner for Leicestershire"

# csp id, LAD code, district name, towns
LLR = [
    ("blaby-hinckley-bosworth", "E07000129", "Blaby", ["Blaby", "Enderby", "Narborough", "Whetstone", "Glenfield"]),
    ("blaby-hinckley-bosworth", "E07000132", "Hinckley and Bosworth", ["Hinckley", "Earl Shilton", "Barwell"]),
    ("charnwood", "E07000130", "Charnwood", ["Loughborough", "Shepshed", "Syston", "Birstall", "Anstey"]),
    ("harborough", "E07000131", "Harborough", ["Market Harborough", "Lutterworth", "Broughton Astley"]),
    ("melton", "E07000133", "Melton", ["Melton Mowbray", "Asfordby", "Bottesford", "Waltham on the Wolds"]),
    (
        "north-west-leicestershire",
        "E07000134",
        "North West Leicestershire",
        ["Coalville", "Ashby de la Zouch", "Ibstock", "Castle Donington", "Kegworth"],
    ),
    ("oadby-wigston", "E07000135", "Oadby and Wigston", ["Oadby", "Wigston", "South Wigston"]),
    ("rutland", "E06000017", "Rutland", ["Oakham", "Uppingham", "Ketton"]),
    (
        "leicester-city",
        "E06000016",
        "Leicester",
        ["Braunstone", "Beaumont Leys", "Highfields", "Belgrave", "Saffron", "Eyres Monsell", "New Parks"],
    ),
]
_NAME_STARTS = """
    Ash Thorn Brad Kings Mill Stan Wood Long Brook Fen Hol Kir Mar Sal Whit Bur Har Wel Cos Kib Wal Ald Bar Chad
    Dun Eg Far Gold Hat Ick Lang Mor Nor Ott Pen Quen Rad Sut Tad Up Wen Yar Brin Cald Dray Elm Frod Gran
"""
NAME_STARTS = _NAME_STARTS.split()
_NAME_ENDS = """
    by ton ford ley field worth ham thorpe well bury stone wick den don hurst borough combe stow more gate
"""
NAME_ENDS = _NAME_ENDS.split()
NAME_PREFIXES = ["", "", "", "Great ", "Little ", "North ", "South ", "Upper ", "East ", "West "]

PROVIDER_KINDS = [
    "Youth Project",
    "Street Pastors",
    "Community Trust",
    "Boxing Club",
    "Women's Aid",
    "Mediation Service",
    "Neighbourhood Watch Association",
    "Sports Foundation",
    "Mentoring CIC",
    "Citizens Advice",
    "Community Association",
    "Youth Club",
    "Football Club",
    "Recovery Cafe",
    "Domestic Abuse Service",
    "Men's Shed",
    "Arts Collective",
    "Scout Group",
    "Family Centre",
    "Rural Watch",
]
LEGAL_FORMS = ["", "", " Ltd", " Limited", " CIC", " CIO", " Trust"]
LLR_PROVIDERS = [
    ("Women's Aid Leicestershire Ltd", "GB-CHC-1126234"),
    ("Victim Support", "GB-CHC-298028"),
    ("Turning Point", "GB-CHC-234887"),
    ("Leicestershire Violence Reduction Network", ""),
    ("Melton Street Pastors", "GB-CHC-1099001"),
    ("Braunstone Youth Project Ltd", ""),
    ("Leicestershire Community Mediation CIO", "GB-CHC-1100001"),
    ("Street Wise Education CIC", "GB-COH-11223344"),
]

# funder, programme template ({round}, {year}), themes it funds
PROGRAMMES = [
    ("Home Office", "Safer Streets Fund Round {round}", ["asb", "patrols", "cctv", "burglary", "alleys", "vawg"]),
    ("Home Office", "Anti-social behaviour hotspot response", ["patrols", "asb"]),
    ("Home Office", "Serious Violence Duty", ["knife", "mentoring", "diversion"]),
    ("Leicestershire Violence Reduction Network", "VAWG funding", ["vawg", "bystander"]),
    ("Youth Endowment Fund", "Phoenix Programme", ["mentoring", "diversion"]),
    ("Leicestershire County Council", "Domestic Abuse Act funding (Public Health)", ["da", "sanctuary"]),
    (OPCC, "PCC Prevention Fund", ["patrols", "cctv", "diversion", "hate", "scams", "rural", "speed"]),
    (OPCC, "Community Safety Fund {year}", ["asb", "patrols", "cctv", "da", "diversion", "hate", "scams"]),
    (OPCC, "Victims First", ["victims"]),
    ("The National Lottery Community Fund", "Reaching Communities", ["diversion", "mentoring", "da", "substance"]),
    ("The National Lottery Community Fund", "Awards for All", ["diversion", "speed", "scams", "hate"]),
    ("BBC Children in Need", "Main Grants", ["mentoring", "diversion", "cyber"]),
    ("Comic Relief", "Community Grants", ["da", "vawg", "substance"]),
    ("Public Health", "Substance misuse treatment", ["substance"]),
]

GROUPS = [
    "young people aged 10 to 17",
    "children at risk of exclusion",
    "older residents",
    "women and girls",
    "victims of domestic abuse and their children",
    "repeat victims",
    "families",
    "students",
    "farmers",
    "people sleeping rough",
    "young people at risk of criminal exploitation",
]
WHEN = [
    "on Friday and Saturday nights",
    "in the school holidays",
    "on weekday evenings",
    "at weekends",
    "throughout the year",
    "over the summer",
    "in term time",
    "during the night-time economy",
]
VENUES = [
    "the park",
    "the market place",
    "the leisure centre",
    "the bus station",
    "the high street",
    "the estate",
    "the recreation ground",
    "the community centre",
    "secondary schools",
    "the skate park",
    "the precinct",
]

# theme -> (titles, descriptions, outcomes, cost items); {town} {place} {group} {when} {venue} are filled in
THEMES: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "asb": (
        [
            "ASB project officer, {town}",
            "{town} anti-social behaviour project officer post",
            "Anti-social behaviour coordinator for {place}",
        ],
        [
            "An officer to coordinate police, council and businesses against anti-social behaviour around {venue} "
            "in {place}.",
            "A dedicated post tackling ASB hotspots in {town} {when}, with joint problem solving.",
        ],
        ["Fewer ASB incidents reported", "A partnership problem-solving plan"],
        ["Project officer salary", "Officer on-costs"],
    ),
    "patrols": (
        [
            "Additional PCSO patrols in {town}",
            "Evening patrols in {place}",
            "Town centre wardens in {town}",
            "Street Pastors in {town}",
        ],
        [
            "Extra PCSO patrols around {venue} in {place} {when}.",
            "Uniformed wardens patrol {venue} in {town} {when}, engaging {group}.",
            "Trained volunteers patrol {town} {when}, helping vulnerable people.",
        ],
        ["Reduced ASB and alcohol-related disorder", "Residents feel safer"],
        ["Patrol hours", "Volunteer training", "Uniforms and radios"],
    ),
    "cctv": (
        ["CCTV maintenance, {town}", "New CCTV cameras at {venue}, {place}", "{town} CCTV upgrade"],
        [
            "Maintenance, repair and replacement of the public space cameras in {place}.",
            "Install and monitor cameras covering {venue} in {town}.",
        ],
        ["Evidence for prosecutions", "Fewer incidents at {venue}"],
        ["CCTV maintenance", "CCTV cameras", "Camera replacement", "Monitoring"],
    ),
    "burglary": (
        ["Target hardening for repeat burglary victims in {place}", "Home security for {group} in {town}"],
        [
            "Home security visits and new locks, door chains and window alarms for {group} in {place}.",
            "Target hardening for households burgled more than once in {town}.",
        ],
        ["Fewer repeat burglaries"],
        ["Home security packs", "Locks and alarms"],
    ),
    "alleys": (
        ["Alley gating in {place}", "Alley gates for {town}"],
        ["Gates on rear alleys behind terraced houses in {place} to stop burglary and fly-tipping."],
        ["Fewer burglaries through rear access"],
        ["Alley gates"],
    ),
    "vawg": (
        ["Night-time safety for women in {town}", "Safe space for women and girls, {town} town centre"],
        [
            "A safe space and welfare hub for {group} {when} in {town}.",
            "Ask for Angela and welfare support in licensed premises around {venue}.",
        ],
        ["Women and girls feel safer at night"],
        ["Welfare hub staffing", "Training"],
    ),
    "bystander": (
        ["Bystander training for licensed premises staff in {town}"],
        ["Bystander intervention training for bar staff and door supervisors in {town}."],
        ["Staff confident to intervene"],
        ["Bystander training"],
    ),
    "knife": (
        ["Knife crime workshops in {town} schools", "Serious violence education for {group}"],
        [
            "Workshops on knife crime and county lines for Year 8 and Year 9 pupils in {place}.",
            "Sessions on the consequences of carrying weapons for {group} in {town}.",
        ],
        ["Pupils understand the risks of carrying knives"],
        ["Workshop delivery", "Resources"],
    ),
    "mentoring": (
        ["Mentoring for {group} in {town}", "Trusted adult mentoring in {place}"],
        [
            "Mentors for {group} referred by schools in {place}, to prevent violence and exploitation.",
            "One-to-one mentoring and family support for {group} in {town}.",
        ],
        ["Fewer exclusions", "Reduced involvement in violence"],
        ["Mentor salaries", "Activities"],
    ),
    "diversion": (
        [
            "Youth diversion football in {town}",
            "Boxing sessions for {group} in {place}",
            "Detached youth work in {place}",
        ],
        [
            "Diversionary sessions for {group} at {venue} {when}.",
            "Youth workers meet young people at {venue} in {place} {when}, offering positive activities.",
        ],
        ["Fewer young people involved in ASB"],
        ["Coach fees", "Venue hire", "Youth worker hours"],
    ),
    "da": (
        ["Domestic abuse outreach in {town}", "IDVA for {place}"],
        [
            "An outreach worker running drop-ins for people experiencing domestic abuse in {town}.",
            "An independent domestic violence adviser supporting high-risk victims in {place}.",
        ],
        ["More domestic abuse reported", "Victims safer"],
        ["Outreach worker salary", "IDVA salary"],
    ),
    "sanctuary": (
        ["Sanctuary scheme in {town}", "Target hardening for victims of domestic abuse in {place}"],
        ["New locks, door chains and alarms so victims of domestic abuse can stay safely at home in {place}."],
        ["Victims remain safely at home"],
        ["Sanctuary scheme target hardening"],
    ),
    "victims": (
        ["Support for victims of crime in {place}", "Hate crime caseworker, {town}"],
        [
            "Emotional and practical support for {group} after crime in {place}.",
            "A specialist caseworker for victims of hate crime in {town}.",
        ],
        ["Victims cope and recover"],
        ["Caseworker salary"],
    ),
    "hate": (
        ["Hate crime reporting centres in {town}"],
        ["Third-party hate crime reporting centres at {venue} and libraries in {place}."],
        ["More hate incidents reported"],
        ["Training", "Publicity"],
    ),
    "scams": (
        ["Scam prevention for older people in {town}"],
        ["Call blockers and talks to protect {group} from scams and doorstep fraud in {place}."],
        ["Fewer scam victims"],
        ["Call blockers", "Talks"],
    ),
    "rural": (
        ["Rural crime: farm watch and trailer marking in {place}"],
        ["Forensic marking of trailers and farm machinery and a farm watch scheme for {group} in {place}."],
        ["Less rural theft"],
        ["Marking kits", "Signage"],
    ),
    "speed": (
        ["Speed watch kit for {place}"],
        ["Speed guns and signs for community speed watch volunteers in {place}."],
        ["Fewer speeding complaints"],
        ["Speed guns", "Signs"],
    ),
    "substance": (
        ["Drug and alcohol outreach in {town}", "Recovery support in {place}"],
        [
            "Outreach to street drinkers around {venue} in {town} and referral to treatment.",
            "Community drug and alcohol recovery support for adults in {place}.",
        ],
        ["More people in treatment"],
        ["Outreach worker", "Recovery activities"],
    ),
    "cyber": (
        ["Cyber bullying awareness in {town} schools"],
        ["Sessions for pupils and parents in {place} on cyber bullying and staying safe online."],
        ["Pupils know how to report online bullying"],
        ["Session delivery"],
    ),
}
