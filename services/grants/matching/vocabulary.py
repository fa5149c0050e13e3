"""The words of community safety funding that matching must treat as the same, or ignore.

Tables only; normalise.py and text.py apply them. Keys are already normalised: lower case, apostrophes
dropped, anything else that is not a letter or digit turned into a single space.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Phrase -> canonical terms. Multi-word concepts become one term so "anti-social behaviour" and "ASB" meet;
# a few also add a broader term ("knife crime" is serious violence) so related wording still overlaps.
PHRASES: dict[str, str] = {
    "anti social behaviour": "asb",
    "anti social behavior": "asb",
    "antisocial behaviour": "asb",
    "antisocial behavior": "asb",
    "domestic abuse": "domestic_abuse",
    "domestic violence": "domestic_abuse",
    "da": "domestic_abuse",
    "independent domestic violence advisor": "idva domestic_abuse",
    "independent domestic violence adviser": "idva domestic_abuse",
    "idvas": "idva",
    "violence against women and girls": "vawg women",
    "women and girls": "vawg women",
    "closed circuit television": "cctv",
    "police community support officer": "pcso",
    "police community support officers": "pcso",
    "pcsos": "pcso",
    "project officer post": "project_officer",
    "project officer": "project_officer",
    "officer post": "project_officer",
    "melton mowbray": "melton",
    "market harborough": "harborough",
    "young people": "youth",
    "young person": "youth",
    "youths": "youth",
    "teenagers": "youth",
    "knife crime": "knife serious_violence",
    "knives": "knife",
    "serious violence": "serious_violence",
    "weapons": "weapon",
    "town centre": "town_centre",
    "town center": "town_centre",
    "city centre": "city_centre",
    "night time economy": "night_time_economy night",
    "nighttime economy": "night_time_economy night",
    "night time": "night",
    "nighttime": "night",
    "target hardening": "target_hardening",
    "home security": "target_hardening",
    "sanctuary scheme": "sanctuary target_hardening",
    "alley gates": "alley_gate",
    "alley gate": "alley_gate",
    "alley gating": "alley_gate",
    "alleygates": "alley_gate",
    "street pastors": "street_pastor",
    "street pastor": "street_pastor",
    "school pastors": "school_pastor",
    "hate crime": "hate_crime",
    "hate crimes": "hate_crime",
    "hate incident": "hate_crime",
    "hate incidents": "hate_crime",
    "restorative justice": "restorative_justice",
    "county lines": "county_lines",
    "neighbourhood watch": "neighbourhood_watch",
    "community speed watch": "speed_watch",
    "speed watch": "speed_watch",
    "rural crime": "rural_crime",
    "farm watch": "farm_watch rural_crime",
    "substance misuse": "substance_misuse",
    "drug and alcohol": "substance_misuse",
    "drugs and alcohol": "substance_misuse",
    "alcohol and drug": "substance_misuse",
    "alcohol and drugs": "substance_misuse",
    "street drinkers": "street_drinking",
    "street drinking": "street_drinking",
    "cyber bullying": "cyber_bullying",
    "cyberbullying": "cyber_bullying",
    "online bullying": "cyber_bullying",
    "mental health": "mental_health",
    "neighbour disputes": "neighbour_dispute",
    "neighbour dispute": "neighbour_dispute",
    "safe space": "safe_space",
    "safe spaces": "safe_space",
    "welfare hub": "safe_space",
    "bystander training": "bystander",
    "bystander intervention": "bystander",
    "ask for angela": "ask_for_angela",
    "safer streets": "safer_streets",
    "patrolling": "patrol",
    "burglaries": "burglary",
    "leics": "leicestershire",
    "leic": "leicester",
    "llr": "leicester leicestershire rutland",
}

# Words that say nothing about which activity is paid for: English function words and the vocabulary every
# community safety bid shares. They still reach organisation and programme matching, which do not use them.
STOP_WORDS: frozenset[str] = words(
    """
    a about above after again against all also am an and any are as at be been before being below between both but
    by can could did do does doing down during each few for from further had has have having he her here hers him
    his how i if in into is it its itself just me more most my no nor not of off on once only or other our ours out
    over own same she should so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your yours per via
    within without upon whose etc eg ie project projects scheme schemes service services programme program funding
    fund funds funded grant grants deliver delivers delivered delivery provide provides provided providing local
    area areas community communities safety partnership partners partner residents people year years week weekly
    month months including include includes across aim aims new help helps helping improve improving increase
    increasing reduce reduces reducing reduction work working works continue continued extra additional number
    support
    time times
    de la le en cum
    """
)  # the last line: the joins of place names ("Ashby-de-la-Zouch"), which otherwise count as rare words

# Display names for the canonical terms, so reasons read as a person would write them.
DISPLAY: dict[str, str] = {
    "asb": "anti-social behaviour",
    "domestic_abuse": "domestic abuse",
    "vawg": "violence against women and girls",
    "cctv": "CCTV",
    "pcso": "PCSO",
    "idva": "IDVA",
    "night_time_economy": "night-time economy",
}

# Organisation-name abbreviations (word -> words) and the legal forms that do not change who an organisation is.
ORG_ABBREVIATIONS: dict[str, str] = {
    "leics": "leicestershire",
    "leic": "leicester",
    "assoc": "association",
    "assn": "association",
    "cllr": "councillor",
    "bc": "borough council",
    "dc": "district council",
    "cc": "county council",
    "comm": "community",
    "grp": "group",
    "svc": "services",
    "svcs": "services",
    "vol": "voluntary",
    "intl": "international",
    "ctr": "centre",
    "center": "centre",
    "st": "saint",
}
LEGAL_SUFFIXES: tuple[str, ...] = (
    "community interest company",
    "charitable incorporated organisation",
    "limited",
    "ltd",
    "cic",
    "cio",
    "plc",
    "llp",
    "inc",
    "trust",
    "charity",
    "uk",
)

# Programme-name words that carry no identity ("Fund", "Round") and the aliases people write instead.
PROGRAMME_NOISE: frozenset[str] = frozenset(
    [
        "fund",
        "funding",
        "round",
        "programme",
        "program",
        "grant",
        "grants",
        "scheme",
        "initiative",
        "the",
        "of",
        "and",
        "for",
    ]
)
PROGRAMME_ALIASES: dict[str, str] = {
    "ss5": "safer streets 5",
    "ssf5": "safer streets 5",
    "ss4": "safer streets 4",
    "ssf4": "safer streets 4",
    "police and crime commissioners": "pcc",
    "police and crime commissioner": "pcc",
    "police crime commissioner": "pcc",
    "opcc": "pcc",
    "youth endowment": "yef",
    "violence reduction network": "vrn",
    "violence reduction unit": "vrn",
    "vru": "vrn",
    "domestic abuse": "da",
    "violence against women and girls": "vawg",
}

# Words that say where or when, not what. Places and periods have their own signals, so in activity text these
# count for less: otherwise two different projects in the same town centre on the same nights look alike.
WHERE_WORDS: frozenset[str] = words(
    """
    leicester leicestershire rutland melton charnwood loughborough shepshed syston birstall anstey thurmaston
    quorn mountsorrel harborough lutterworth broughton astley oadby wigston blaby enderby narborough whetstone
    glenfield braunstone kirby muxloe hinckley bosworth earl shilton barwell market coalville ashby zouch ibstock
    castle donington kegworth measham oakham uppingham beaumont leys highfields belgrave saffron eyres monsell
    new parks humberstone evington aylestone town_centre city_centre town city county district village villages
    mowbray asfordby bottesford waltham wolds scalford somerby clawson kettleby frisby wymeswold sileby rothley
    barrow soar cropston thurcaston swithland hathern whitwick thringstone hugglescote ellistown bagworth moira
    diseworth ratby groby markfield desford burbage sapcote stanton verdon golding countesthorpe cosby huncote
    littlethorpe parva fleckney kibworth billesdon scraptoft thurnby bushby lubbesthorpe ullesthorpe gilmorton
    misterton lubenham foxton bowden hallaton medbourne kilworth knighton stoneygate westcotes wycliffe rushey
    thurncourt fosse ketton cottesmore empingham greetham langham whissendine ryhall exton barrowden overton
    lyddington morcott luffenham manton hambleton egleton braunston
    """
)  # the second part: LLR villages and Leicester wards that text names without "in" before them (named_places.py)
WHEN_WORDS: frozenset[str] = words(
    "monday tuesday wednesday thursday friday saturday sunday weekend night evening morning summer holiday"
)
WHERE_FACTOR, WHEN_FACTOR = 0.3, 0.5

# Towns of LLR: a word that names each -> the town. Leicester's neighbourhoods are all "leicester"; South Wigston
# is Wigston. Used only to tell two projects in one district apart when both texts name their towns.
_ONE_WORD_TOWNS = """
    loughborough shepshed syston birstall anstey quorn mountsorrel hinckley barwell blaby enderby narborough
    whetstone glenfield lutterworth coalville ibstock kegworth oakham uppingham oadby wigston asfordby bottesford
    leicester melton harborough ashby
"""
TOWN_WORDS: dict[str, str] = {
    **{town: town for town in _ONE_WORD_TOWNS.split()},
    "shilton": "earl shilton",
    "astley": "broughton astley",
    "donington": "castle donington",
    "braunstone": "leicester",
    "beaumont": "leicester",
    "highfields": "leicester",
    "belgrave": "leicester",
    "saffron": "leicester",
    "monsell": "leicester",
}
