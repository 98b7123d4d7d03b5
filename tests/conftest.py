"""Shared fixtures: the messy-export folder and a test key."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

FIXTURES = Path(__file__).parent / "fixtures"


#: A test key: long enough for the key rules (at least 32 characters), public, not secret.
TEST_SLEUTEL = "test-sleutel-niet-geheim-maar-wel-lang-genoeg-0123"


@pytest.fixture
def sleutel_env(monkeypatch):
    """A pseudonymisation key in the environment, as a real build needs."""
    monkeypatch.setenv("SDANALYSIS_PSEUDONIEM_SLEUTEL", TEST_SLEUTEL)
    return TEST_SLEUTEL


@pytest.fixture
def rommelig() -> Path:
    """Folder of messy exports (title rows, totals row, bad dates, duplicates, cp1252 ...)."""
    return FIXTURES / "rommelig"
