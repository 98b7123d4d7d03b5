"""Charts of volumes and trends: figures come out, small counts never show."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse.trends import onderbroken_tijdreeks, voorspel, voorspel_per_groep
from sdanalysis.plots.volumes import (
    grafiek_instroom_uitstroom,
    grafiek_its,
    grafiek_prognose,
    grafiek_seizoen,
    grafiek_trend,
    grafiek_zorgvolume,
)

MAANDEN = pd.date_range("2015-01-01", "2024-12-01", freq="MS")


def stapreeks(sprong: float, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    y = 200 + 0.5 * np.arange(len(MAANDEN)) + sprong * (MAANDEN >= "2019-01-01")
    return pd.Series(y + rng.normal(0, 4, len(MAANDEN)), index=MAANDEN)


def test_trend_toont_geen_kleine_aantallen():
    df = pd.DataFrame(
        {"jaar": [2017, 2018, 2019], "categorie": ["X"] * 3, "aantal_clienten": [12, 7, 15]}
    )
    fig = grafiek_trend(df, "aantal_clienten", groep="categorie", titel="t")
    y = list(fig.axes[0].lines[0].get_ydata())
    assert y[0] == 12 and math.isnan(y[1]) and y[2] == 15
    assert any("niet getoond" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_trend_index_en_bedragen_blijven_zichtbaar():
    df = pd.DataFrame({"jaar": [2017, 2018], "bedrag_eur": [5.0, 8.0]})
    fig = grafiek_trend(df, "bedrag_eur", titel="t")
    assert list(fig.axes[0].lines[0].get_ydata()) == [5.0, 8.0]
    assert not any("niet getoond" in t.get_text() for t in fig.texts)
    plt.close(fig)
    with pytest.raises(ValueError, match="mist de kolom"):
        grafiek_trend(df, "bestaat_niet")


def test_instroom_uitstroom_verbergt_kleine_aantallen():
    df = pd.DataFrame(
        {
            "jaar": [2018, 2019],
            "aantal_clienten": [40, 35],
            "instroom_clienten": [3, 12],
            "uitstroom_clienten": [11, 4],
        }
    )
    fig = grafiek_instroom_uitstroom(df, titel="t")
    hoogtes = [p.get_height() for p in fig.axes[0].patches]
    assert hoogtes == [0, 12, -11, 0]
    assert any("niet getoond" in t.get_text() for t in fig.texts)
    assert fig.axes[0].get_title(loc="left") == "t"
    plt.close(fig)


def test_instroom_eerste_periode_gegevens_niet_getoond():
    df = pd.DataFrame(
        {
            "jaar": [2015, 2016, 2015, 2016],
            "categorie": ["A", "A", "B", "B"],
            "aantal_clienten": [400, 380, 200, 210],
            "instroom_clienten": [900, 120, 500, 60],
            "uitstroom_clienten": [100, 140, 50, 50],
            "instroom_links_gecensureerd": [True, False, True, False],
        }
    )
    fig = grafiek_instroom_uitstroom(df, groep="categorie", titel="Instroom")
    panelen = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panelen] == ["A", "B"]
    # The left-censored first year gets no instroom bar; uitstroom is still drawn.
    assert [p.get_height() for p in panelen[0].patches] == [0, 120, -100, -140]
    assert any("eerste periode" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_its_grafiek_met_conclusie():
    r = onderbroken_tijdreeks(stapreeks(30.0, seed=1), "2019-01-01")
    fig = grafiek_its(r, titel="Breuk")
    tekst = " ".join(" ".join(t.get_text().split()) for t in fig.texts)
    assert "te onderscheiden van ruis" in tekst
    assert "niet aantoonbaar" in tekst  # uncalibrated: never a verdict
    plt.close(fig)
    fig = grafiek_its(r, titel="Breuk", gekalibreerd=True)
    tekst = " ".join(" ".join(t.get_text().split()) for t in fig.texts)
    assert "aantoonbaar" in tekst and "niet aantoonbaar" not in tekst
    assert len(fig.axes[0].lines) == 4  # waarneming, model, zonder breuk, breeklijn
    plt.close(fig)


def test_prognose_titel_uit_de_gegevens():
    s = stapreeks(0.0, seed=2)
    fig = grafiek_prognose(s, voorspel(s, 12, "seizoensnaief"), titel="Meldingen")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "95%-voorspelinterval" in labels
    assert fig.axes[0].get_title(loc="left") == "Meldingen: prognose 2025"
    plt.close(fig)
    jaar = pd.DataFrame(
        {
            "jaar": list(range(2015, 2025)) * 2,
            "categorie": ["A"] * 10 + ["B"] * 10,
            "aantal_clienten": [100.0 + i for i in range(10)] + [5.0] * 10,
        }
    )
    v = voorspel_per_groep(jaar, "aantal_clienten", "categorie", horizon=3)
    fig = grafiek_prognose(jaar, v, "aantal_clienten", groep="categorie")
    assert fig._suptitle.get_text() == "Prognose 2025-2027"
    # B's history is below the threshold: not drawn.
    b = [ax for ax in fig.axes if ax.get_title(loc="left").startswith("B (")][0]
    assert np.isnan(b.lines[0].get_ydata().astype(float)).all()
    plt.close(fig)


def test_seizoen_en_zorgvolume():
    sp = pd.DataFrame(
        {
            "maand": list(range(1, 13)) * 2,
            "wet": ["WMO"] * 12 + ["JW"] * 12,
            "seizoensfactor": [1.1, 0.9] * 12,
        }
    )
    fig = grafiek_seizoen(sp, groep="wet")
    assert len(fig.axes[0].patches) == 24
    plt.close(fig)
    zv = pd.DataFrame(
        {
            "periode_maand": list(MAANDEN[:2]) * 2,
            "categorie": ["A", "A", "B", "B"],
            "eenheid": ["uur", "uur", "dagdeel", "dagdeel"],
            "volume_per_maand": [1.0, 2.0, 3.0, 4.0],
        }
    )
    fig = grafiek_zorgvolume(zv, titel="Zorgvolume")
    titels = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titels == ["dagdeel per maand", "uur per maand"]
    plt.close(fig)


def test_prognose_niet_uit_te_weinig_punten():
    """A trend through three yearly points is not extrapolated: history only, and said so."""
    kort = pd.Series([100.0, 120.0, 150.0], index=range(2019, 2022))
    fig = grafiek_prognose(kort, voorspel(kort, 2, "lineair"), titel="Cliënten")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Cliënten: geen prognose (reeks te kort)"
    assert len(ax.lines) == 1 and not ax.collections  # no forecast line, no band
    assert max(ax.lines[0].get_xdata()) == 2021
    plt.close(fig)


def test_seizoen_vanaf_nul_met_ruime_as():
    """Bars of the seasonal deviation start at 0 and ±6% is not blown up to the full axis."""
    sp = pd.DataFrame({"maand": range(1, 13), "seizoensfactor": [1.06, 0.94] * 6})
    fig = grafiek_seizoen(sp)
    ax = fig.axes[0]
    assert all(p.get_y() == 0 for p in ax.patches)  # bars from the year average
    onder, boven = ax.get_ylim()
    assert boven >= 0.2 and onder <= -0.2  # a ±6% pattern fills at most a third
    plt.close(fig)


def test_veel_reeksen_blijven_te_onderscheiden():
    """Fourteen lines: no two share colour and line style."""
    df = pd.DataFrame(
        {
            "jaar": list(range(2018, 2024)) * 14,
            "categorie": [f"cat{i:02d}" for i in range(14) for _ in range(6)],
            "bedrag_eur": np.arange(84, dtype=float) + 1000,
        }
    )
    fig = grafiek_trend(df, "bedrag_eur", groep="categorie", titel="Kosten")
    stijlen = {(ln.get_color(), ln.get_linestyle()) for ln in fig.axes[0].lines}
    assert len(stijlen) == 14
    plt.close(fig)


def test_index_lijn_zegt_dat_as_niet_bij_nul_begint():
    df = pd.DataFrame({"jaar": range(2018, 2023), "index": [100.0, 101, 103, 104, 106]})
    fig = grafiek_trend(df, "index", index=True, titel="Index", ylabel="index")
    assert fig.axes[0].get_ylim()[0] > 0
    assert "as begint niet bij 0" in fig.axes[0].get_ylabel()
    plt.close(fig)


def test_trend_instroom_eerste_periode_weggelaten():
    """A line of instroom leaves out the left-censored first period and says so."""
    df = pd.DataFrame(
        {
            "periode_maand": MAANDEN[:4],
            "instroom_clienten": [900.0, 40, 45, 50],
            "instroom_links_gecensureerd": [True, False, False, False],
        }
    )
    fig = grafiek_trend(df, "instroom_clienten", titel="Instroom", bron="Bron: test")
    y = fig.axes[0].lines[0].get_ydata().astype(float)
    assert np.isnan(y[0]) and y[1:].tolist() == [40, 45, 50]
    assert any("eerste periode" in t.get_text() for t in fig.texts)
    plt.close(fig)
