"""Trendgrafieken: volumes, index, instroom/uitstroom, beleidsbreuk, prognose, meldingen.

Elke functie neemt de uitvoer van :mod:`sdanalysis.analyse.volumes`, :mod:`sdanalysis.analyse.trends` of
:mod:`sdanalysis.analyse.meldingen` en geeft een matplotlib ``Figure`` in de huisstijl terug.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> df = pd.DataFrame({"jaar": [2017, 2018], "categorie": ["A", "A"],
...                    "aantal_clienten": [10, 12]})
>>> fig = trendgrafiek(df, "aantal_clienten", groep="categorie", titel="Cliënten")
>>> fig.axes[0].get_title(loc="left")
'Cliënten'
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.meldingen import WACHTTIJD_DEFINITIE, WETTELIJKE_TERMIJN_DAGEN
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    KLEUR_TOTAAL,
    PALET,
    aantal_as_formatter,
    bronvermelding,
    format_procent,
    huisstijl,
)
from sdanalysis.weergave.suppressie import is_aantal_personen, maskeer_voor_grafiek

#: Footnote under charts made from the synthetic demo data.
BRON_DEMO = "Bron: synthetische demo-data sdanalysis"


def _tijd(df: pd.DataFrame) -> str:
    if "periode_maand" in df.columns:
        return "periode_maand"
    if "jaar" in df.columns:
        return "jaar"
    raise ValueError("De tabel heeft geen tijdkolom: verwacht 'periode_maand' of 'jaar'.")


def _voet(fig, bron: str | None, onderdrukt: bool = False) -> None:
    tekst = bron or ""
    if onderdrukt:
        tekst = (tekst + "\n" if tekst else "") + (
            f"Aantallen kleiner dan {instellingen.SUPPRESSIE_DREMPEL} zijn niet getoond (onderbroken lijn)."
        )
    if tekst:
        bronvermelding(fig, tekst)


def trendgrafiek(
    df: pd.DataFrame,
    waarde: str,
    groep: str | None = None,
    titel: str = "",
    ylabel: str = "Aantal",
    index: bool = False,
    bron: str | None = BRON_DEMO,
    markeer: str | pd.Timestamp | int | None = None,
) -> plt.Figure:
    """Line chart of ``waarde`` over time, one line per ``groep``.

    Args:
        df: Table with ``periode_maand`` or ``jaar``.
        waarde: Column on the y axis.
        groep: Column whose values become separate lines.
        titel: Chart title.
        ylabel: Label of the y axis.
        index: Draw a reference line at 100 (for :func:`sdanalysis.analyse.trends.index_reeks`).
        bron: Footnote (``None`` for none).
        markeer: Date or year of a policy change, drawn as a dotted vertical line.

    Returns:
        The figure.
    """
    tijd = _tijd(df)
    vereis_kolommen(df, [waarde] + ([groep] if groep else []))
    with huisstijl():
        fig, ax = plt.subplots()
        groepen = list(df.groupby(groep, observed=True, sort=True)) if groep else [(None, df)]
        onderdruk = not index and is_aantal_personen(waarde)
        verborgen = False
        for i, (naam, deel) in enumerate(groepen):
            deel = deel.sort_values(tijd)
            y = maskeer_voor_grafiek(deel[waarde]) if onderdruk else deel[waarde]
            verborgen |= bool(y.isna().sum() > deel[waarde].isna().sum())
            ax.plot(
                deel[tijd],
                y,
                label=naam,
                color=PALET[i % len(PALET)],
                marker="o" if tijd == "jaar" else None,
            )
        if index:
            ax.axhline(100, color=KLEUR_GRIJS, linewidth=1, linestyle="--")
        else:
            ax.yaxis.set_major_formatter(aantal_as_formatter())
            ax.set_ylim(bottom=0)
        if markeer is not None:
            x = int(markeer) if tijd == "jaar" else pd.Timestamp(markeer)
            ax.axvline(x, color=KLEUR_GRIJS, linestyle=":", linewidth=1.5)
        ax.set_title(titel)
        ax.set_ylabel(ylabel)
        ax.set_xlabel("")
        if groep:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        _voet(fig, bron, verborgen)
    return fig


def instroom_uitstroom_grafiek(
    df: pd.DataFrame, titel: str = "", bron: str | None = BRON_DEMO
) -> plt.Figure:
    """Instroom (up) and uitstroom (down) per period with the stock as a line.

    Args:
        df: One group of :func:`sdanalysis.analyse.volumes.jaarvolumes` or ``maandvolumes``
            (``aantal_clienten``, ``instroom_clienten``, ``uitstroom_clienten``).
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    tijd = _tijd(df)
    vereis_kolommen(df, ["aantal_clienten", "instroom_clienten", "uitstroom_clienten"])
    d = df.sort_values(tijd)
    if d[tijd].duplicated().any():
        raise ValueError("Meerdere rijen per periode: filter eerst op één groep.")
    with huisstijl():
        fig, ax = plt.subplots()
        x = d[tijd]
        breedte = 0.8 if tijd == "jaar" else 20
        instroom, uitstroom, stand = (
            maskeer_voor_grafiek(d[k])
            for k in ("instroom_clienten", "uitstroom_clienten", "aantal_clienten")
        )
        verborgen = bool(
            pd.concat([instroom, uitstroom, stand]).isna().sum()
            > d[["instroom_clienten", "uitstroom_clienten", "aantal_clienten"]].isna().sum().sum()
        )
        ax.bar(x, instroom.fillna(0), width=breedte, color=KLEUR_POSITIEF, label="Instroom")
        ax.bar(x, -uitstroom.fillna(0), width=breedte, color=KLEUR_NEGATIEF, label="Uitstroom")
        ax.plot(x, stand, color=KLEUR_TOTAAL, label="In zorg (peildatum)")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.yaxis.set_major_formatter(aantal_as_formatter())
        ax.set_title(titel)
        ax.set_ylabel("Cliënten")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        _voet(fig, bron, verborgen)
    return fig


def its_grafiek(
    resultaat, titel: str = "", ylabel: str = "Aantal", bron: str | None = BRON_DEMO
) -> plt.Figure:
    """Observed series, fitted segmented model and the counterfactual without break.

    Args:
        resultaat: :class:`sdanalysis.analyse.trends.ITSResultaat`.
        titel: Chart title.
        ylabel: Label of the y axis.
        bron: Footnote; the Dutch conclusion of the analysis is printed above it.

    Returns:
        The figure.
    """
    tabel = resultaat.tabel
    tijd = _tijd(tabel)
    with huisstijl():
        fig, ax = plt.subplots()
        ax.plot(
            tabel[tijd],
            tabel["waarde"],
            color=KLEUR_GRIJS,
            linewidth=1.2,
            marker=".",
            label="Waarneming",
        )
        na = tabel[tijd] >= (
            resultaat.breekdatum if tijd == "periode_maand" else resultaat.breekdatum.year
        )
        ax.plot(tabel[tijd], tabel["model"], color=KLEUR_TOTAAL, label="Model met breuk")
        ax.plot(
            tabel.loc[na, tijd],
            tabel.loc[na, "zonder_breuk"],
            color=KLEUR_NEGATIEF,
            linestyle="--",
            label="Verwacht zonder breuk",
        )
        x = resultaat.breekdatum if tijd == "periode_maand" else resultaat.breekdatum.year
        ax.axvline(x, color="black", linestyle=":", linewidth=1.2)
        ax.yaxis.set_major_formatter(aantal_as_formatter())
        ax.set_ylim(bottom=0)
        ax.set_title(titel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        tekst = "\n".join(textwrap.wrap(resultaat.conclusie, 120))
        fig.text(0.01, -0.02, tekst, ha="left", va="top", fontsize=10)
        if bron:
            fig.text(
                0.01,
                -0.03 - 0.035 * (tekst.count("\n") + 1),
                bron,
                ha="left",
                va="top",
                fontsize=10,
                color=KLEUR_GRIJS,
            )
    return fig


def voorspelling_grafiek(
    reeks: pd.Series,
    voorspelling: pd.DataFrame,
    titel: str = "",
    ylabel: str = "Aantal",
    bron: str | None = BRON_DEMO,
) -> plt.Figure:
    """History plus forecast with its prediction interval as a band.

    Args:
        reeks: The history (index months or years).
        voorspelling: Output of :func:`sdanalysis.analyse.trends.voorspel`.
        titel: Chart title.
        ylabel: Label of the y axis.
        bron: Footnote.

    Returns:
        The figure.
    """
    tijd = _tijd(voorspelling)
    vereis_kolommen(voorspelling, ["voorspelling", "ondergrens", "bovengrens"])
    niveau = float(voorspelling["niveau"].iloc[0]) if "niveau" in voorspelling else 0.95
    methode = str(voorspelling["methode"].iloc[0]) if "methode" in voorspelling else ""
    with huisstijl():
        fig, ax = plt.subplots()
        ax.plot(reeks.index, reeks.to_numpy(), color=KLEUR_TOTAAL, label="Werkelijk")
        ax.plot(
            voorspelling[tijd],
            voorspelling["voorspelling"],
            color=PALET[1],
            label=f"Prognose ({methode})",
        )
        ax.fill_between(
            voorspelling[tijd],
            voorspelling["ondergrens"],
            voorspelling["bovengrens"],
            color=PALET[1],
            alpha=0.25,
            label=f"{format_procent(niveau, 0)}-voorspelinterval",
        )
        ax.yaxis.set_major_formatter(aantal_as_formatter())
        ax.set_ylim(bottom=0)
        ax.set_title(titel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        _voet(fig, bron)
    return fig


def doorlooptijd_grafiek(
    df: pd.DataFrame, titel: str = "Doorlooptijd melding → besluit", bron: str | None = BRON_DEMO
) -> plt.Figure:
    """Median doorlooptijd per month of melding with the legal Wmo term (8 weeks).

    Args:
        df: Output of :func:`sdanalysis.analyse.meldingen.doorlooptijd_per_maand`.
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["periode_maand", "mediaan_doorlooptijd_dagen"])
    groep = "wet" if "wet" in df.columns else None
    fig = trendgrafiek(
        df,
        "mediaan_doorlooptijd_dagen",
        groep=groep,
        titel=titel,
        ylabel="Mediaan (dagen, Kaplan-Meier)",
        bron=bron,
    )
    ax = fig.axes[0]
    ax.axhline(WETTELIJKE_TERMIJN_DAGEN, color=KLEUR_NEGATIEF, linestyle="--", linewidth=1.2)
    ax.annotate(
        "Wettelijke termijn Wmo (6 + 2 weken)",
        (0.01, WETTELIJKE_TERMIJN_DAGEN),
        xycoords=("axes fraction", "data"),
        va="bottom",
        fontsize=10,
        color=KLEUR_NEGATIEF,
    )
    return fig


def wachttijd_grafiek(
    df: pd.DataFrame, titel: str | None = None, bron: str | None = BRON_DEMO
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
    groep = "wet" if "wet" in df.columns else None
    titel = titel or f"Wachttijd: {WACHTTIJD_DEFINITIE}"
    return trendgrafiek(
        df,
        "mediaan_wachttijd_dagen",
        groep=groep,
        titel=titel,
        ylabel="Mediaan (dagen, Kaplan-Meier)",
        bron=bron,
    )


def werkvoorraad_grafiek(
    df: pd.DataFrame,
    titel: str = "Werkvoorraad: open meldingen op de laatste dag van de maand",
    bron: str | None = BRON_DEMO,
    markeer: str | pd.Timestamp | None = None,
) -> plt.Figure:
    """Open meldingen at each month end.

    Args:
        df: Output of :func:`sdanalysis.analyse.meldingen.werkvoorraad`.
        titel: Chart title.
        bron: Footnote.
        markeer: Optional policy date drawn as a vertical line.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["periode_maand", "open_meldingen"])
    groep = "wet" if "wet" in df.columns else None
    return trendgrafiek(
        df,
        "open_meldingen",
        groep=groep,
        titel=titel,
        ylabel="Open meldingen",
        bron=bron,
        markeer=markeer,
    )


def seizoensgrafiek(
    df: pd.DataFrame, titel: str = "Seizoenspatroon", bron: str | None = BRON_DEMO
) -> plt.Figure:
    """Bars of the seasonal factor per calendar month (1,0 = year average).

    Args:
        df: Output of :func:`sdanalysis.analyse.trends.seizoenspatroon` for one group.
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["maand", "seizoensfactor"])
    namen = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    with huisstijl():
        fig, ax = plt.subplots()
        d = df.sort_values("maand")
        kleuren = np.where(d["seizoensfactor"] >= 1, KLEUR_POSITIEF, KLEUR_NEGATIEF)
        ax.bar(
            [namen[int(m) - 1] for m in d["maand"]],
            d["seizoensfactor"] - 1,
            bottom=1,
            color=kleuren,
        )
        ax.axhline(1, color="black", linewidth=0.8)
        ax.set_title(titel)
        ax.set_ylabel("Verhouding tot jaargemiddelde")
        _voet(fig, bron)
    return fig
