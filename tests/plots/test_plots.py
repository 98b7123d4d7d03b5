"""Published charts never show counts under the suppression threshold."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from sdanalysis.plots.trends import instroom_uitstroom_grafiek, trendgrafiek


def test_trendgrafiek_toont_geen_kleine_aantallen():
    df = pd.DataFrame(
        {
            "jaar": [2017, 2018, 2019],
            "categorie": ["Verblijf GGZ"] * 3,
            "aantal_clienten": [12, 7, 15],
        }
    )
    fig = trendgrafiek(df, "aantal_clienten", groep="categorie", titel="t")
    y = list(fig.axes[0].lines[0].get_ydata())
    assert y[0] == 12 and math.isnan(y[1]) and y[2] == 15
    assert any("niet getoond" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_trendgrafiek_index_en_bedragen_blijven_zichtbaar():
    df = pd.DataFrame({"jaar": [2017, 2018], "bedrag_eur": [5.0, 8.0]})
    fig = trendgrafiek(df, "bedrag_eur", titel="t")
    assert list(fig.axes[0].lines[0].get_ydata()) == [5.0, 8.0]
    assert not any("niet getoond" in t.get_text() for t in fig.texts)
    plt.close(fig)


def test_instroom_uitstroom_verbergt_kleine_aantallen():
    df = pd.DataFrame(
        {
            "jaar": [2018, 2019],
            "aantal_clienten": [40, 35],
            "instroom_clienten": [3, 12],
            "uitstroom_clienten": [11, 4],
        }
    )
    fig = instroom_uitstroom_grafiek(df, titel="t")
    hoogtes = [p.get_height() for p in fig.axes[0].patches]
    assert hoogtes == [0, 12, -11, 0]
    assert any("niet getoond" in t.get_text() for t in fig.texts)
    plt.close(fig)
