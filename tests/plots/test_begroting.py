"""Tests for sdanalysis.plots.begroting: the sign of the difference is the one its name says."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from sdanalysis.plots.begroting import VERSCHIL_RECONSTRUCTIE, grafiek_reconstructie  # noqa: E402
from sdanalysis.weergave.stijl import KLEUR_NEGATIEF, KLEUR_POSITIEF  # noqa: E402


def test_reconstructie_toont_nieuw_min_begroting_met_teken_en_uitleg():
    begroting = [30e6, 20e6]
    reconstructie = [33e6, 18e6]
    r = pd.DataFrame(
        {
            "jaar": [2024, 2024],
            "taakveld_reeks": ["jeugd", "wmo"],
            "taakveld_reeks_naam": ["Jeugd", "Wmo"],
            "begroting_eur": begroting,
            "reconstructie_eur": reconstructie,
            "ondergrens_eur": [31e6, 17e6],
            "bovengrens_eur": [35e6, 19e6],
            VERSCHIL_RECONSTRUCTIE: [n - b for n, b in zip(reconstructie, begroting, strict=True)],
        }
    )
    fig = grafiek_reconstructie(r)
    try:
        teksten = fig.axes[0].texts
        assert [t.get_text() for t in teksten] == ["+€ 3 mln", "-€ 2 mln"]
        # too little budgeted (the volumes explain more) is the bad news: red
        assert to_hex(teksten[0].get_color()) == to_hex(KLEUR_NEGATIEF)
        assert to_hex(teksten[1].get_color()) == to_hex(KLEUR_POSITIEF)
        legenda = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert any("volume × prijs − begroting" in t for t in legenda)
    finally:
        plt.close(fig)
