"""Charts of data quality, providers and benchmark: source line and distinguishable series."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from sdanalysis.plots.aanbieders import grafiek_hhi
from sdanalysis.plots.kwaliteit import BRON_KWALITEIT, grafiek_kwaliteit, grafiek_redenen


def _kwaliteit() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tabel": ["toewijzingen", "declaraties"],
            "bestand": ["t.csv", "d.csv"],
            "rijen_gelezen": [1000, 500],
            "rijen_geaccepteerd": [990, 500],
            "rijen_geweigerd": [10, 0],
        }
    )


def test_kwaliteitsgrafieken_hebben_een_bronregel():
    fig = grafiek_kwaliteit(_kwaliteit())
    assert BRON_KWALITEIT in [t.get_text() for t in fig.texts]
    plt.close(fig)
    samenvatting = pd.DataFrame(
        {
            "tabel": ["toewijzingen"],
            "bestand": ["t.csv"],
            "reden": ["ongeldige datum"],
            "regels_in_quarantaine": [10],
        }
    )
    fig = grafiek_redenen(samenvatting, bron="Bron: test")
    assert "Bron: test" in [t.get_text() for t in fig.texts]
    assert fig.axes[0].get_xlabel() == "regels in quarantaine"
    plt.close(fig)


def test_hhi_lijnen_die_samenvallen_blijven_zichtbaar():
    """Two categories with the same HHI: different style and marker, so neither hides."""
    df = pd.DataFrame(
        {
            "categorie": ["A"] * 3 + ["B"] * 3,
            "jaar": [2021, 2022, 2023] * 2,
            "hhi": [2500.0, 2600, 2700] * 2,
            "totaal_kosten_eur": [1e6] * 6,
        }
    )
    fig = grafiek_hhi(df, groep="categorie", bron="Bron: test")
    lijnen = fig.axes[0].lines
    stijlen = {(ln.get_color(), ln.get_linestyle(), ln.get_marker()) for ln in lijnen[:2]}
    assert len(stijlen) == 2
    assert {ln.get_marker() for ln in lijnen[:2]} != {None}
    plt.close(fig)
