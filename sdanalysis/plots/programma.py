"""Charts of the savings programme: bridge, gap per year, claim against measurement, scenario.

Each function takes the output of :mod:`sdanalysis.analyse.programma` and returns a
matplotlib ``Figure`` in the house style; amounts show as ``€ 1,5 mln``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> g = pd.DataFrame({"jaar": [2022], "taakstelling_eur": [100.0], "gerealiseerd_eur": [30.0],
...                   "berekend_eur": [0.0], "verwacht_eur": [20.0], "gap_eur": [50.0]})
>>> fig = grafiek_programmabrug(g, 2022)
>>> [t.get_text() for t in fig.axes[0].texts]
['€ 100', '-€ 30', '-€ 20', '€ 50']
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sdanalysis.analyse.programma import Claimmeting, brugdata
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.plots.brug import brugdiagram
from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    KLEUR_TOTAAL,
    PALET,
    aantal_as_formatter,
    bronvermelding,
    euro_as_formatter,
    format_euro,
    format_getal,
    huisstijl,
)

#: Default source line: the programme tables, structural effects only.
BRON_PROGRAMMA = (
    "Bron: programmatabellen (maatregelen, pakketten, effecten); structurele effecten, "
    "eenmalige niet meegeteld"
)
#: Default source line of the claim charts.
BRON_CLAIMS = "Bron: programmatabellen (claims); verwerkte declaraties en toewijzingen"


def grafiek_programmabrug(
    gap: pd.DataFrame,
    jaar: int,
    per: str = "soort",
    titel: str | None = None,
    bron: str = BRON_PROGRAMMA,
) -> Figure:
    """Bridge chart from taakstelling to remaining gap (see ``analyse.programma.brugdata``).

    Args:
        gap: ``gap_tabel`` output (level as ``brugdata`` needs for ``per``).
        jaar: The year.
        per: ``soort``, ``pakket`` or ``project``.
        titel: Chart title (default: "Van taakstelling naar resterend gat, <jaar>").
        bron: Source line under the chart.

    Returns:
        The Figure.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> g = pd.DataFrame({"jaar": [2022], "taakstelling_eur": [100.0],
    ...                   "gerealiseerd_eur": [30.0], "berekend_eur": [0.0],
    ...                   "verwacht_eur": [20.0], "gap_eur": [50.0]})
    >>> fig = grafiek_programmabrug(g, 2022)
    >>> fig.axes[0].get_title(loc="left")
    'Van taakstelling naar resterend gat, 2022'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    return brugdiagram(
        brugdata(gap, jaar, per),
        "label",
        "bedrag_eur",
        titel or f"Van taakstelling naar resterend gat, {jaar}",
        totaal_kolom="totaal",
        bron=bron,
    )


def _per_jaar(gap: pd.DataFrame) -> pd.DataFrame:
    vereis_kolommen(
        gap,
        ["jaar", "taakstelling_eur", "gerealiseerd_eur", "verwacht_eur", "berekend_eur"],
        "gap_tabel",
    )
    return (
        gap.groupby("jaar", sort=True)
        .agg(
            taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
            gerealiseerd_eur=("gerealiseerd_eur", lambda s: s.sum(min_count=1)),
            verwacht_eur=("verwacht_eur", lambda s: s.sum(min_count=1)),
            berekend_eur=("berekend_eur", lambda s: s.sum(min_count=1)),
        )
        .reset_index()
    )


def _geen_cijfer(ax, x: float, y: float) -> None:
    ax.text(x, y, "geen\ncijfer", ha="center", va="bottom", fontsize=10, color=KLEUR_GRIJS)


def grafiek_gap_per_jaar(
    gap: pd.DataFrame,
    titel: str = "Taakstelling en effect per jaar",
    bron: str = BRON_PROGRAMMA,
) -> Figure:
    """Grouped bars per year: taakstelling against gerealiseerd and verwacht/berekend.

    A year without taakstelling, or without any realised or expected figure, shows "geen
    cijfer" instead of a bar: missing never looks like € 0.

    Args:
        gap: ``gap_tabel`` at level ``totaal`` (or one pakket's rows).
        titel: Chart title.
        bron: Source line under the chart.

    Returns:
        The Figure.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> g = pd.DataFrame({"jaar": [2019, 2022], "taakstelling_eur": [1.0e6, float("nan")],
    ...                   "gerealiseerd_eur": [5e5, 6e5], "verwacht_eur": [0.0, 1e5],
    ...                   "berekend_eur": [0.0, 0.0]})
    >>> fig = grafiek_gap_per_jaar(g)
    >>> len(fig.axes[0].patches)
    6
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    d = _per_jaar(gap)
    x = np.arange(len(d))
    with huisstijl():
        fig, ax = plt.subplots()
        taak = d["taakstelling_eur"]
        ax.bar(x - 0.2, taak.fillna(0), 0.4, color=KLEUR_TOTAAL, label="Taakstelling")
        gerealiseerd = d["gerealiseerd_eur"]
        ax.bar(x + 0.2, gerealiseerd.fillna(0), 0.4, color=KLEUR_POSITIEF, label="Gerealiseerd")
        verwacht = d[["verwacht_eur", "berekend_eur"]].sum(axis=1, min_count=1)
        ax.bar(
            x + 0.2,
            verwacht.fillna(0),
            0.4,
            bottom=gerealiseerd.fillna(0),
            color=PALET[5],
            label="Verwacht / berekend",
        )
        for i in np.flatnonzero(taak.isna().to_numpy()):
            _geen_cijfer(ax, i - 0.2, 0.0)
        zonder = (gerealiseerd.isna() & verwacht.isna()).to_numpy()
        for i in np.flatnonzero(zonder):
            _geen_cijfer(ax, i + 0.2, 0.0)
        ax.set_xticks(x)
        ax.set_xticklabels([str(j) for j in d["jaar"]])
        ax.yaxis.set_major_formatter(euro_as_formatter())
        ax.set_title(titel)
        ax.legend(loc="upper left")
        bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def _kolom(v: pd.DataFrame, naam: str) -> str:
    """``naam`` with ``_eur`` when the comparison is in euros."""
    return f"{naam}_eur" if f"{naam}_eur" in v.columns else naam


def _claimlabel(v: pd.DataFrame, euro: bool) -> str:
    geclaimd = v[_kolom(v, "geclaimde_verandering")].dropna()
    if geclaimd.empty:
        return "Claim zonder bedrag"
    waarde = float(geclaimd.iloc[0])
    tekst = format_euro(waarde) if euro else format_getal(waarde, 1)
    return f"Als de claim klopt: {tekst} vanaf {int(v.loc[v['na_claim'], 'jaar'].min())}"


def _teken_claim(ax, v: pd.DataFrame, claim_label: str | None, euro: bool) -> None:
    """Measured series, base level, claim and pre-trend on one axes."""
    v = v.sort_values("jaar")
    ax.plot(v["jaar"], v[_kolom(v, "waarde")], color=KLEUR_TOTAAL, marker="o", label="Gemeten")
    basis = float(v[_kolom(v, "basiswaarde")].iloc[0])
    ax.axhline(basis, color=KLEUR_GRIJS, linestyle=":", linewidth=1.5, label="Niveau basisjaar")
    na = v[v["na_claim"]]
    geclaimd = na[_kolom(v, "geclaimde_verandering")]
    if geclaimd.notna().any():
        ax.plot(
            na["jaar"],
            basis + geclaimd,
            color=KLEUR_NEGATIEF,
            linestyle="--",
            marker="s",
            label=claim_label or _claimlabel(v, euro),
        )
    trend = v[_kolom(v, "trendwaarde")]
    if trend.notna().any():
        ax.plot(v["jaar"], trend, color=KLEUR_GRIJS, linewidth=1.2, label="Trend vóór de claim")
    ax.set_xticks(v["jaar"].tolist())
    ax.yaxis.set_major_formatter(euro_as_formatter() if euro else aantal_as_formatter())


def grafiek_claim_vs_gemeten(
    vergelijking: pd.DataFrame,
    titel: str,
    claim_label: str | None = None,
    euro: bool | None = None,
    bron: str = BRON_CLAIMS,
) -> Figure:
    """Chart of the measured series with the claim drawn on it.

    The series is a solid line; the base level a dotted line; "als de claim klopt" (base
    level minus the claim, from the claim year) a dashed line; the pre-trend, when there is
    one, a thin grey line.

    Args:
        vergelijking: Output of ``analyse.programma.claim_vs_gemeten``.
        titel: Chart title (Dutch).
        claim_label: Legend text of the claim (default: built from the claimed amount).
        euro: Euro axis (default: when the columns carry ``_eur``).
        bron: Source line under the chart.

    Returns:
        The Figure.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sdanalysis.analyse.programma import claim_vs_gemeten
    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "bedrag_eur": [10.0, 12.0, 9.0]})
    >>> fig = grafiek_claim_vs_gemeten(claim_vs_gemeten(r, ["X"], 2.0, 2018), "t")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][2]
    'Als de claim klopt: -€ 2 vanaf 2018'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    euro = "waarde_eur" in vergelijking.columns if euro is None else euro
    with huisstijl():
        fig, ax = plt.subplots()
        _teken_claim(ax, vergelijking, claim_label, euro)
        ax.set_title(titel)
        ax.legend(loc="best")
        bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def grafiek_claims(
    vergelijkingen: pd.DataFrame, titel: str, euro: bool | None = None, bron: str = BRON_CLAIMS
) -> Figure:
    """One small chart per project: ``analyse.programma.claims_tegen_reeks`` output.

    Args:
        vergelijkingen: Stacked comparisons with a ``project`` column.
        titel: Title above all charts.
        euro: Euro axes (default: when the columns carry ``_eur``).
        bron: Source line under the charts.

    Returns:
        The Figure (one axes per project; a note when there is none).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sdanalysis.analyse.programma import claim_vs_gemeten
    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "bedrag_eur": [10.0, 12.0, 9.0]})
    >>> v = pd.concat([claim_vs_gemeten(r, ["X"], 2.0, 2018).assign(project=p) for p in "AB"])
    >>> len(grafiek_claims(v, "Claims").axes)
    2
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    euro = "waarde_eur" in vergelijkingen.columns if euro is None else euro
    projecten = list(dict.fromkeys(vergelijkingen["project"]))
    kolommen = min(2, max(1, len(projecten)))
    rijen = max(1, math.ceil(len(projecten) / kolommen))
    with huisstijl():
        fig, assen = plt.subplots(
            rijen, kolommen, figsize=(6.5 * kolommen, 4.2 * rijen), squeeze=False
        )
        for ax, project in zip(assen.flat, projecten, strict=False):
            _teken_claim(ax, vergelijkingen[vergelijkingen["project"] == project], None, euro)
            ax.set_title("\n".join(textwrap.wrap(str(project), 40)), fontsize=13)
            ax.legend(loc="best", fontsize=9)
        for ax in list(assen.flat)[len(projecten) :]:
            ax.set_axis_off()
        if not projecten:
            assen.flat[0].text(0.5, 0.5, "Geen claims om te toetsen", ha="center")
        fig.suptitle(titel, x=0.01, ha="left", fontweight="bold")
        bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def grafiek_claimmeting(meting: Claimmeting, titel: str, bron: str = BRON_CLAIMS) -> Figure:
    """Per claim a row of two charts: cost (with the claimed amount) and clients (direction).

    Args:
        meting: ``analyse.programma.claimmeting`` output.
        titel: Title above all charts.
        bron: Source line under the charts.

    Returns:
        The Figure (a note when no claim could be compared).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sdanalysis.analyse.programma import claim_vs_gemeten
    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "bedrag_eur": [10.0, 12.0, 9.0]})
    >>> k = claim_vs_gemeten(r, ["X"], 2.0, 2018).assign(project="A")
    >>> c = claim_vs_gemeten(r.rename(columns={"bedrag_eur": "aantal"}), ["X"], None, 2018,
    ...                      waarde_kolom="aantal").assign(project="A")
    >>> [a.get_title(loc="left") for a in grafiek_claimmeting(Claimmeting(k, c), "t").axes]
    ['A: kosten', 'A: cliënten per maand']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    reeksen = ((meting.kosten, "kosten", True), (meting.clienten, "cliënten per maand", False))
    projecten = list(dict.fromkeys([*meting.kosten["project"], *meting.clienten["project"]]))
    with huisstijl():
        fig, assen = plt.subplots(
            max(1, len(projecten)), 2, figsize=(13, 4.2 * max(1, len(projecten))), squeeze=False
        )
        for rij, project in zip(assen, projecten, strict=False):
            for ax, (df, wat, euro) in zip(rij, reeksen, strict=True):
                eigen = df[df["project"] == project]
                if eigen.empty:
                    ax.set_axis_off()
                    continue
                _teken_claim(ax, eigen, None, euro)
                kop = "\n".join(textwrap.wrap(f"{project}: {wat}", 45))
                ax.set_title(kop, fontsize=13)
                ax.legend(loc="best", fontsize=9)
        if not projecten:
            assen[0, 0].text(0.5, 0.5, "Geen claims om te toetsen", ha="center")
            assen[0, 1].set_axis_off()
        fig.suptitle(titel, x=0.01, ha="left", fontweight="bold")
        bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def grafiek_scenario(
    scenario: pd.DataFrame,
    titel: str = "Scenario, geen voorspelling: resterend gat als het huidige tempo aanhoudt",
    bron: str = "Bron: programmatabellen",
) -> Figure:
    """Line chart of the scenario total: taakstelling, realisation in the scenario, gap.

    Args:
        scenario: ``analyse.programma.scenario_huidig_tempo`` output.
        titel: Chart title.
        bron: Source line, printed before the assumptions under the chart.

    Returns:
        The Figure (source and assumptions under it).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> s = pd.DataFrame({"pakket": pd.array([pd.NA, pd.NA], dtype="Int64"),
    ...                   "jaar": [2019, 2022], "taakstelling_eur": [1e6, 4e6],
    ...                   "gerealiseerd_scenario_eur": [5e5, 1e6], "gap_scenario_eur": [5e5, 3e6]})
    >>> fig = grafiek_scenario(s)
    >>> len(fig.axes[0].lines)
    3
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    t = scenario[scenario["pakket"].isna()].sort_values("jaar")
    herkomst = scenario.get("taakstelling_herkomst", pd.Series(dtype=str)).astype(str)
    geinterpoleerd = herkomst.str.startswith("interpolatie").any()
    taak = "tussenjaren geïnterpoleerd" if geinterpoleerd else "genoemde jaren"
    with huisstijl():
        fig, ax = plt.subplots()
        lijnen = (
            ("taakstelling_eur", KLEUR_TOTAAL, "-", f"Taakstelling ({taak})"),
            ("gerealiseerd_scenario_eur", KLEUR_POSITIEF, "--", "Realisatie in scenario"),
            ("gap_scenario_eur", KLEUR_NEGATIEF, "-", "Resterend gat in scenario"),
        )
        for kolom, kleur, stijl, label in lijnen:
            ax.plot(t["jaar"], t[kolom], marker="o", color=kleur, linestyle=stijl, label=label)
        ax.set_xticks(t["jaar"].tolist())
        ax.yaxis.set_major_formatter(euro_as_formatter())
        ax.set_ylim(bottom=0)  # amounts from zero: the gap is read as a share of the target
        ax.set_title(titel)
        ax.legend(loc="upper left")
        aanname = f"; aanname: {scenario['aanname'].iloc[0]}" if "aanname" in scenario else ""
        bronvermelding(fig, textwrap.fill(bron + aanname, 110))
        fig.tight_layout()
    return fig
