"""The one compiled module, the duplicate-check index's filing (services/grants/matching/compiled.py says why).

Everything else about the package is in pyproject.toml; extension modules are declared here because setup.py
is setuptools' settled way to declare them. Optional: where no C compiler is found the package installs without
it, and imports add one record at a time.
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SOURCE = "services/grants/matching/_filing.pyx"
# The module knows the source it was built from, so services/grants/matching/compiled.py can refuse a stale build.
DIGEST = hashlib.sha256((Path(__file__).parent / SOURCE).read_bytes()).hexdigest()

setup(
    ext_modules=[
        Extension(
            "services.grants.matching._filing",
            [SOURCE],
            define_macros=[("SAFERGRANTS_FILING_SOURCE", f'"{DIGEST}"')],
            optional=True,
        )
    ]
)
