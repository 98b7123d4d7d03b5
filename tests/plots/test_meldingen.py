"""Charts of meldingen: the legal term, the definition and small groups."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from sdanalysis.analyse.meldingen import wettelijke_termijn_dagen
from sdanalysis.plots.meldingen import (
    grafiek_doorlooptijd,
    grafiek_wachttijd,
    grafiek_werkvoorraad,
)

MAANDEN = pd.date_range("2019-01-01", periods=3, freq="MS")


def test_wachttijd_noemt_definitie_en_verbergt_kleine_groepen():
    wt = pd.DataFrame(
        {
            "periode_maand": MAANDEN,
            "wet": "WMO",
            "mediaan_wachttijd_dagen": [40.0, 50, 60],
            "aantal_toegekend": [25, 4, 30],
        }
    )
    fig = grafiek_wachttijd(wt)
    assert "aanmelding → start hulp (eerste toewijzing)" in fig.axes[0].get_title(loc="left")
    y = list(fig.axes[0].lines[0].get_ydata())
    assert y[0] == 40.0 and math.isnan(y[1]) and y[2] == 60.0
    plt.close(fig)


def _doorloop(mediaan: list[float], aantal: list[int]) -> pd.DataFrame:
    """Doorlooptijd per month of one wet, as the analysis returns it."""
    return pd.DataFrame(
        {
            "periode_maand": MAANDEN,
            "wet": "WMO",
            "mediaan_doorlooptijd_dagen": mediaan,
            "aantal_meldingen": aantal,
        }
    )


def test_doorlooptijd_met_wettelijke_termijn():
    fig = grafiek_doorlooptijd(_doorloop([40.0, 70, 5], [30, 40, 50]))
    ax = fig.axes[0]
    # A median of 5 days is not a count of people: it is drawn.
    assert list(ax.lines[0].get_ydata()) == [40.0, 70.0, 5.0]
    assert any(list(lijn.get_ydata()) == [wettelijke_termijn_dagen()] * 2 for lijn in ax.lines)
    assert any("6 + 2 weken" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_werkvoorraad_verbergt_kleine_aantallen():
    df = pd.DataFrame({"periode_maand": MAANDEN, "wet": "JW", "open_meldingen": [12, 0, 9]})
    fig = grafiek_werkvoorraad(df, markeer="2019-02-01")
    y = list(fig.axes[0].lines[0].get_ydata())
    assert y[:2] == [12.0, 0.0] and math.isnan(y[2])
    plt.close(fig)


def test_doorlooptijd_alles_onder_drempel_blijft_een_normale_figuur(tmp_path):
    """A small gemeente: every month below the threshold. Once a 1,8-gigapixel PNG."""
    fig = grafiek_doorlooptijd(_doorloop([20.0, 30, 40], [2, 3, 4]))
    ax = fig.axes[0]
    assert ax.get_ylim()[1] > wettelijke_termijn_dagen()
    assert any("Geen maand" in t.get_text() for t in ax.texts)
    pad = tmp_path / "f.png"
    fig.savefig(pad, bbox_inches="tight", dpi=100)
    breedte, hoogte = (int.from_bytes(pad.read_bytes()[i : i + 4], "big") for i in (16, 20))
    assert breedte * hoogte < 4_000_000
    plt.close(fig)
