"""Files shipped with the register: the official 360Giving schemas, the local template, the demo data."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "register_data"
SCHEMA_DIR = DATA_DIR / "360giving"
TEMPLATE = DATA_DIR / "local-register-template.csv"
# Local records the OPCC knows of, and grants other funders publish as 360Giving data.
DEMO_FILES = (DATA_DIR / "demo-register.csv", DATA_DIR / "demo-360giving.json")
