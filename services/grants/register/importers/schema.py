"""The official 360Giving schemas, vendored in register_data/360giving and resolved without any network.

Two traps (see that folder's README): the schemas declare `$schema` as http://…/2020-12, which the
libraries do not recognise, so each resource is given DRAFT202012 explicitly; and dates are `oneOf` a
`date-time` format and a date pattern, so format assertion must be on (rfc3339-validator checks date-time)
or every plain date matches both branches and fails.
The package schema refers to the grant schema by an older `$id` (1.4.2) than the grant schema declares
(1.4.3): the one local grant schema is registered under both.
"""

from __future__ import annotations

import csv
import json
from functools import cache, partial

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.grants.register.data import SCHEMA_DIR


def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def grant_schema() -> dict:
    return _load("360-giving-schema.json")


@cache
def package_schema() -> dict:
    return _load("360-giving-package-schema.json")


@cache
def geo_code_types() -> frozenset[str]:
    """The geoCodeType codelist's codes, upper-cased ("NMD", "AGRICSMALL"): the schema only names the codelist."""
    with (SCHEMA_DIR / "geoCodeType.csv").open(encoding="utf-8", newline="") as codelist:
        return frozenset(row["Code"].strip().upper() for row in csv.DictReader(codelist))


def grant_reference() -> str:
    """The URL the package schema uses for one grant."""
    return package_schema()["properties"]["grants"]["items"]["$ref"]


@cache
def registry() -> Registry:
    grant = Resource(contents=grant_schema(), specification=DRAFT202012)
    package = Resource(contents=package_schema(), specification=DRAFT202012)
    # A Registry without `retrieve` cannot fetch: an unknown reference fails instead of going online.
    return Registry().with_resources(
        [(grant_schema()["$id"], grant), (grant_reference(), grant), (package_schema()["$id"], package)]
    )


def _validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


@cache
def grant_validator() -> Draft202012Validator:
    """Validates one grant exactly as the package schema's `items` does."""
    return _validator({"$ref": grant_reference()})


def grant_errors(grant: object) -> list[ValidationError]:
    """Why one grant breaks the schema, as grant_validator says; most grants pass `grant_screen` first, which is
    some 100 times as fast (the Python validator was three quarters of an import's time).

    The screen only ever clears a grant: where it finds fault, or cannot read a value (one that is not JSON),
    grant_validator judges, so every refusal and its wording are the Python validator's.
    """
    try:
        if grant_screen().is_valid(grant):
            return []
    except ValueError:  # "Unsupported type": the full validator judges it
        pass
    return list(grant_validator().iter_errors(grant))


@cache
def grant_screen() -> jsonschema_rs.Validator:
    """The grant schema compiled by jsonschema-rs, offline, with the Python validator's own format checks.

    Formats are where validators differ: jsonschema-rs checks `uri`, which the Python validator leaves alone,
    and takes a leap second that rfc3339-validator refuses. Each format the schema names is therefore checked
    by the FormatChecker grant_validator uses (which passes a format it has no check for), so the two agree;
    tests/register/test_schema_screen.py holds them to it over many broken grants.
    """
    checker, named = FormatChecker(), _formats(grant_schema())
    resources = [(grant_schema()["$id"], grant_schema()), (grant_reference(), grant_schema())]
    return jsonschema_rs.Draft202012Validator(
        {"$ref": grant_reference()},
        registry=jsonschema_rs.Registry(resources, draft=jsonschema_rs.Draft202012),
        formats={name: partial(_conforms, checker, name) for name in named},
        validate_formats=True,
        offline=True,
    )


def _conforms(checker: FormatChecker, name: str, value: object) -> bool:
    """FormatChecker.conforms without the FormatError it builds for each plain date that is not a date-time."""
    if name not in checker.checkers:
        return True
    check, raises = checker.checkers[name]
    try:
        return bool(check(value))
    except raises:
        return False


def _formats(node: object) -> set[str]:
    """Every `format` a schema names."""
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats(child) for child in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats(child) for child in node))
    return set()


@cache
def package_validator() -> Draft202012Validator:
    """The whole official package schema, grants included."""
    return _validator(package_schema())


@cache
def envelope_validator() -> Draft202012Validator:
    """The package schema without its grants' contents, which are checked one by one so each can be reported."""
    envelope = dict(package_schema())
    envelope["properties"] = dict(envelope["properties"], grants={"type": "array", "minItems": 1})
    return _validator(envelope)


def title_path(path: tuple) -> str:
    """("recipientOrganization", 0, "id") → "Recipient Org:Identifier", the column a 360Giving CSV uses."""
    node, titles = grant_schema(), []
    for segment in path:
        if isinstance(segment, int):
            if segment:
                titles.append(str(segment))
            continue
        node = resolve(node.get("properties", {}).get(segment, {}))
        titles.append(node.get("title") or segment)
        if node.get("type") == "array":
            node = resolve(node.get("items", {}))
    return ":".join(titles)


def resolve(node: dict) -> dict:
    """One local `$ref` followed, keeping the referring node's own title."""
    ref = node.get("$ref", "")
    if not ref.startswith("#/$defs/"):
        return node
    target = grant_schema()["$defs"][ref.removeprefix("#/$defs/")]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
