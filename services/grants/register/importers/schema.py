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
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
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
