"""Reference vocabulary from DOMAIN.md that every service speaks: CSPs, priorities, roles, round rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Csp:
    id: str
    name: str


CSPS: tuple[Csp, ...] = (
    Csp("blaby-hinckley-bosworth", "Blaby and Hinckley & Bosworth"),
    Csp("charnwood", "Charnwood"),
    Csp("harborough", "Harborough"),
    Csp("melton", "Melton"),
    Csp("north-west-leicestershire", "Safer North West Partnership"),
    Csp("oadby-wigston", "Oadby and Wigston"),
    Csp("rutland", "Rutland"),
    Csp("leicester-city", "Leicester City"),
)
CSP_BY_ID = {csp.id: csp for csp in CSPS}

# The police force area and its local authority districts (ONS codes), each with the CSP it belongs to.
# Blaby and Hinckley & Bosworth are two districts in one merged CSP.
LEICESTERSHIRE_PFA = "E23000021"
DISTRICTS: dict[str, tuple[str, str]] = {  # LAD code: (name, CSP id)
    "E07000129": ("Blaby", "blaby-hinckley-bosworth"),
    "E07000132": ("Hinckley and Bosworth", "blaby-hinckley-bosworth"),
    "E07000130": ("Charnwood", "charnwood"),
    "E07000131": ("Harborough", "harborough"),
    "E07000133": ("Melton", "melton"),
    "E07000134": ("North West Leicestershire", "north-west-leicestershire"),
    "E07000135": ("Oadby and Wigston", "oadby-wigston"),
    "E06000017": ("Rutland", "rutland"),
    "E06000016": ("Leicester", "leicester-city"),
}

# The county Community Safety Agreement's shared priorities, in its own order.
PRIORITIES: dict[str, str] = {
    "vulnerable-exploitation": "Identify and protect the most vulnerable and those subject to exploitation",
    "crime-fear-of-crime": "Reduce crime and fear of crime",
    "anti-social-behaviour": "Reduce incidence and impact of anti-social behaviour (ASB)",
    "alcohol-substance-misuse": "Reduce harm from alcohol and substance misuse",
    "young-people-cyber-bullying": "Reduce risk of harm to young people from cybercrime and bullying",
    "domestic-abuse": "Increase reporting of domestic abuse and protect the most vulnerable",
    "hate-incidents": "Increase confidence in reporting of hate incidents",
    "violence-exploitation": "Prevent and reduce violence and exploitation",
}

ROLES = (
    "csp_officer",
    "provider_contributor",
    "opcc_reviewer",
    "opcc_approver",
    "finance",
    "admin",
    "auditor",
)

# What a round may pay for: the kinds of cost a bid's budget lines fall into.
COST_CATEGORIES: dict[str, str] = {
    "staff": "Staff",
    "equipment": "Equipment",
    "capital": "Capital",
    "services": "Services",
    "other": "Other",
}

# Evidence a round can require with every bid.
EVIDENCE_TYPES: dict[str, str] = {
    "project-plan": "Project plan",
    "quote": "Quote",
    "risk-assessment": "Risk assessment",
    "letter-of-support": "Letter of support",
    "budget-breakdown": "Budget breakdown",
}
