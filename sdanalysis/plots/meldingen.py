"""Charts of meldingen: doorlooptijd against the legal term, wachttijd and werkvoorraad.

Every function takes the output of :mod:`sdanalysis.analyse.meldingen` and returns a
matplotlib ``Figure`` in the house style. A median over fewer meldingen than the
suppression threshold is not drawn (it would describe a handful of people).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> df = pd.DataFrame({"periode_maand": pd.to_datetime(["2020-01-01", "2020-02-01"]),
...                    "wet": ["WMO"] * 2, "open_meldingen": [40, 3]})
>>> fig = grafiek_werkvoorraad(df)
>>> [float(y) for y in fig.axes[0].lines[0].get_ydata()]
[40.0, nan]
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.meldingen import WACHTTIJD_DEFINITIE, wettelijke_termijn_dagen
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.plots.volumes import grafiek_trend
from sdanalysis.weergave.stijl import KLEUR_NEGATIEF

#: y-axis label of median durations (Kaplan-Meier, midpoint convention at exactly 50%).
YLABEL_MEDIAAN = "Mediaan (dagen, Kaplan-Meier)"


def _zonder_kleine_groepen(df: pd.DataFrame, waarde: str, aantal: str) -> pd.DataFrame:
    """A copy in which ``waarde`` is blank where ``aantal`` is below the threshold."""
    if aantal not in df.columns:
        return df
    uit = df.copy()
    klein = uit[aantal].astype("float64") < instellingen.SUPPRESSIE_DREMPEL
    uit[waarde] = uit[waarde].astype("float64").mask(klein)
    return uit


def _meld_leeg(ax: plt.Axes, waarden: pd.Series) -> None:
    """Say so in the chart when no value is drawn (all months below the threshold)."""
    if waarden.notna().any():
        return
    ax.text(
        0.5,
        0.5,
        f"Geen maand met ten minste {instellingen.SUPPRESSIE_DREMPEL} meldingen:\n"
        "medianen niet getoond",
        transform=ax.transAxes,
        ha="center",
        va="center",
        color="#555555",
    )


def grafiek_doorlooptijd(
    df: pd.DataFrame, titel: str = "Doorlooptijd melding → besluit", bron: str | None = None
) -> plt.Figure:
    """Median doorlooptijd per month of melding with the legal Wmo term (6 + 2 weeks).

    Args:
        df: Output of :func:`sdanalysis.analyse.meldingen.doorlooptijd_per_maand`.
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["periode_maand", "mediaan_doorlooptijd_dagen"])
    d = _zonder_kleine_groepen(df, "mediaan_doorlooptijd_dagen", "aantal_meldingen")
    termijn = wettelijke_termijn_dagen()
    fig = grafiek_trend(
        d,
        "mediaan_doorlooptijd_dagen",
        groep="wet" if "wet" in d.columns else None,
        titel=titel,
        ylabel=YLABEL_MEDIAAN,
        bron=bron,
        onderdruk=False,
    )
    ax = fig.axes[0]
    _meld_leeg(ax, d["mediaan_doorlooptijd_dagen"])
    # the legal term is always in view, also when every median is far below it or hidden
    onder, boven = ax.get_ylim()
    ax.set_ylim(min(onder, 0), max(boven, termijn * 1.15))
    ax.axhline(termijn, color=KLEUR_NEGATIEF, linestyle="--", linewidth=1.2)
    ax.annotate(
        f"Wettelijke termijn Wmo ({instellingen.WMO_TERMIJN_ONDERZOEK_WEKEN} + "
        f"{instellingen.WMO_TERMIJN_BESLUIT_WEKEN} weken)",
        (0.01, termijn),
        xycoords=("axes fraction", "data"),
        va="bottom",
        fontsize=10,
        color=KLEUR_NEGATIEF,
    )
    return fig


def grafiek_wachttijd(
    df: pd.DataFrame, titel: str | None = None, bron: str | None = None
) -> plt.Figure:
    """Median wachttijd per month of melding, labelled with the exact definition.

    Args:
        df: Output of :func:`sdanalysis.analyse.meldingen.wachttijd_per_maand`.
        titel: Chart title (default names the definition).
        bron: Footnote.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["periode_maand", "mediaan_wachttijd_dagen"])
    d = _zonder_kleine_groepen(df, "mediaan_wachttijd_dagen", "aantal_toegekend")
    fig = grafiek_trend(
        d,
        "mediaan_wachttijd_dagen",
        groep="wet" if "wet" in d.columns else None,
        titel=titel or f"Wachttijd: {WACHTTIJD_DEFINITIE}",
        ylabel=YLABEL_MEDIAAN,
        bron=bron,
        onderdruk=False,
    )
    _meld_leeg(fig.axes[0], d["mediaan_wachttijd_dagen"])
    return fig


def grafiek_werkvoorraad(
    df: pd.DataFrame,
    titel: str = "Werkvoorraad: open meldingen op de laatste dag van de maand",
    bron: str | None = None,
    markeer: str | pd.Timestamp | None = None,
) -> plt.Figure:
    """Open meldingen at each month end (small counts hidden: they are people).

    Args:
        df: Output of :func:`sdanalysis.analyse.meldingen.werkvoorraad`.
        titel: Chart title.
        bron: Footnote.
        markeer: Optional policy date drawn as a vertical line.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["periode_maand", "open_meldingen"])
    return grafiek_trend(
        df,
        "open_meldingen",
        groep="wet" if "wet" in df.columns else None,
        titel=titel,
        ylabel="Open meldingen",
        bron=bron,
        markeer=markeer,
        onderdruk=True,
    )
