"""The 360Giving schema's objections, as sentences that say what to change in the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from jsonschema.exceptions import ValidationError

from services.grants.register.importers.rows import Problem

Label = Callable[[tuple], str]
_KINDS = {"number": "a number, like 300000", "string": "text", "array": "a list", "object": "an object"}


def problems_of(errors: list[ValidationError], label: Label) -> tuple[Problem, ...]:
    """One problem per field, the first found, in the order of the fields' paths."""
    found: dict[str, Problem] = {}
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        for problem in _describe(error, label):
            found.setdefault(problem.field, problem)
    return tuple(found.values())


def _describe(error: ValidationError, label: Label) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    if error.validator == "oneOf" and not path:
        yield from _recipient(error, label)
        return
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        for name in missing:
            yield Problem(label((*path, name)), f"Add the {label((*path, name))}: the 360Giving standard requires it")
        return
    yield Problem(label(path), _sentence(error, label(path) or "grant"))


def _recipient(error: ValidationError, label: Label) -> Iterator[Problem]:
    """The grant's one top-level rule: the required fields, with an organisation or an individual as recipient."""
    branches: dict[object, list[ValidationError]] = {}
    for inner in error.context or ():
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    if not branches:
        yield Problem(
            label(("recipientOrganization",)), "Give a recipient organisation or a recipient individual, not both"
        )
        return
    closest = min(branches.values(), key=len)
    for inner in closest:
        yield from _describe(inner, label)


def _sentence(error: ValidationError, name: str) -> str:
    if error.validator == "oneOf":  # every date is a date-time or a date
        return f"Enter the {name} as a date, like 2024-04-01"
    if error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"Enter the {name} as {_KINDS.get(kinds[0], kinds[0])}"
    if error.validator == "enum" and name.lower().endswith("currency"):
        return f"Enter the {name} as a three-letter code, like GBP"
    if error.validator == "enum":
        return f"Enter the {name} as one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "minItems":
        return f"Add at least one {name}"
    if error.validator == "format" and error.validator_value == "uri":
        return f"Enter the {name} as a full web address, like https://example.org"
    if error.validator == "format":
        return f"Enter the {name} as a date and time, like 2024-04-01T09:00:00Z"
    return f"Check the {name}: {error.message}"
