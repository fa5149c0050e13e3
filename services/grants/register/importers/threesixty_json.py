"""A 360Giving JSON package (`{"grants": [...]}`): the envelope checked whole, each grant on its own."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import BinaryIO

from services.grants.register.importers.grant import grant_row
from services.grants.register.importers.rows import OpenedFile, UnreadableFile
from services.grants.register.importers.schema import envelope_validator


def json_label(path: tuple) -> str:
    return "/".join(str(segment) for segment in path)


def open_package(stream: BinaryIO) -> OpenedFile:
    package = _load(stream)
    if not isinstance(package, dict) or "grants" not in package:
        raise UnreadableFile('This JSON is not a 360Giving package: it needs a "grants" list at the top level')
    problems = sorted(envelope_validator().iter_errors(package), key=lambda e: [str(p) for p in e.absolute_path])
    if problems:
        reasons = "; ".join(f"{json_label(tuple(e.absolute_path))}: {e.message[:200]}" for e in problems[:5])
        raise UnreadableFile(f"The package does not follow the 360Giving package schema ({reasons})")
    grants = package["grants"]
    rows = (grant_row(number, grant, json_label) for number, grant in enumerate(grants, start=1))
    return OpenedFile("360giving-json", rows, length=len(grants))


def _load(stream: BinaryIO) -> object:
    # Decimal, never float, so 12345.67 is exactly 1234567 pence; NaN and Infinity stay text for the schema to refuse.
    text = io.TextIOWrapper(stream, encoding="utf-8-sig")
    try:
        return json.load(text, parse_float=Decimal, parse_constant=str)
    except UnicodeDecodeError:
        raise UnreadableFile("The file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"The file is not valid JSON: {error.msg} at line {error.lineno}") from None
    except RecursionError:
        raise UnreadableFile("The file is not a 360Giving package: it is nested too deeply") from None
    finally:
        text.detach()
