from __future__ import annotations

from pathlib import Path

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
