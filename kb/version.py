"""This code's version, read once from pyproject.toml (the project runs from its folder, it is not installed)."""

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

with open(PYPROJECT, "rb") as handle:
    VERSION: str = tomllib.load(handle)["project"]["version"]
