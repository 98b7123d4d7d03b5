"""Dutch formatters (exact strings) and the house style context."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from sdanalysis.weergave.stijl import (
    PALET,
    format_aantal,
    format_euro,
    format_getal,
    format_procent,
    huisstijl,
)


@pytest.mark.parametrize(
    ("bedrag", "verwacht"),
    [
        (1_500_000, "€ 1,5 mln"),
        (150_000, "€ 150.000"),
        (4_500_000, "€ 4,5 mln"),
        (2_000_000, "€ 2 mln"),
        (8_452_761, "€ 8,5 mln"),
        (144_000, "€ 144.000"),
        (50_000, "€ 50.000"),
        (0, "€ 0"),
        (-20_000, "-€ 20.000"),
        (-1_250_000, "-€ 1,3 mln"),
        (999.4, "€ 999"),
        (1_950_000, "€ 2 mln"),
        (12_345_678_901, "€ 12.345,7 mln"),
    ],
)
def test_format_euro(bedrag, verwacht):
    assert format_euro(bedrag) == verwacht


def test_format_euro_precies():
    assert format_euro(8_452_761, precies=True) == "€ 8.452.761"
    assert format_euro(-0.4, precies=True) == "€ 0"


def test_format_aantal_en_procent():
    assert format_aantal(1234) == "1.234"
    assert format_aantal(1_234_567) == "1.234.567"
    assert format_aantal(-12) == "-12"
    assert format_procent(0.125) == "12,5%"
    assert format_procent(1) == "100,0%"
    assert format_getal(3.14159, 2) == "3,14"
    assert format_euro(None) == "–"


def test_huisstijl_is_tijdelijk():
    voor = plt.rcParams["axes.spines.top"]
    with huisstijl():
        assert plt.rcParams["axes.spines.top"] is False
        assert plt.rcParams["axes.prop_cycle"].by_key()["color"][0] == PALET[0]
        assert plt.rcParams["font.size"] >= 12
    assert plt.rcParams["axes.spines.top"] == voor
