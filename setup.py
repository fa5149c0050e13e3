"""The compiled modules of the duplicate-check index (services/grants/matching/compiled.py says why).

Everything else about the package is in pyproject.toml; extension modules are declared here because setup.py
is setuptools' settled way to declare them. Optional: where no C compiler is found the package installs without
them, and the index runs the same rules in Python, more slowly.
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

MODULES = {"_filing": "SAFERGRANTS_FILING_SOURCE", "_reading": "SAFERGRANTS_READING_SOURCE"}


def extension(module: str, macro: str) -> Extension:
    source = f"services/grants/matching/{module}.pyx"
    # The module knows the source it was built from, so compiled.py can refuse a stale build.
    digest = hashlib.sha256((Path(__file__).parent / source).read_bytes()).hexdigest()
    return Extension(
        f"services.grants.matching.{module}", [source], define_macros=[(macro, f'"{digest}"')], optional=True
    )


setup(ext_modules=[extension(module, macro) for module, macro in MODULES.items()])
