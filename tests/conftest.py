"""Shared fixtures: the messy-export folder and a test key."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def sleutel_env(monkeypatch):
    """A pseudonymisation key in the environment, as a real build needs."""
    monkeypatch.setenv("SDANALYSIS_PSEUDONIEM_SLEUTEL", "test-sleutel-niet-geheim")
    return "test-sleutel-niet-geheim"


@pytest.fixture
def rommelig() -> Path:
    """Folder of messy exports (title rows, totals row, bad dates, duplicates, cp1252 ...)."""
    return FIXTURES / "rommelig"
