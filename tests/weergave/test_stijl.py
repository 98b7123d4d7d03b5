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
        (8_452_761, "€ 8,45 mln"),
        (144_000, "€ 144.000"),
        (50_000, "€ 50.000"),
        (0, "€ 0"),
        (-20_000, "-€ 20.000"),
        (-1_250_000, "-€ 1,25 mln"),
        (999.4, "€ 999"),
        (1_950_000, "€ 1,95 mln"),
        (12_345_678_901, "€ 12.346 mln"),
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


def test_huisstijl_houdt_veertien_lijnen_uit_elkaar():
    """Without explicit styles, 14 lines in the house style differ in colour or line style."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sdanalysis.weergave.stijl import huisstijl

    with huisstijl():
        fig, ax = plt.subplots()
        for i in range(14):
            ax.plot([0, 1], [i, i + 1])
    stijlen = {(ln.get_color(), ln.get_linestyle()) for ln in ax.lines}
    plt.close(fig)
    assert len(stijlen) == 14
