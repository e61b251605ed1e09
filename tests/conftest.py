from __future__ import annotations

import os
from pathlib import Path

# Wide enough that the CLI's tables do not wrap cells (rich reads it when the console is made).
os.environ["COLUMNS"] = "200"

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Artifacts a person may want to look at after a run (screenshots, reports)."""
    out = Path(__file__).parent.parent / "test-output"
    out.mkdir(exist_ok=True)
    return out
