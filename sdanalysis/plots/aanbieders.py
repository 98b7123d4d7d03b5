"""Charts of the provider dashboard: top providers, concentration, HHI, reduction path, profile.

Every function takes a DataFrame from :mod:`sdanalysis.analyse.aanbieders` and returns a matplotlib
Figure drawn in the house style. Charts that show counts of persons accept only tables that
went through :func:`sdanalysis.analyse.aanbieders.publiceerbaar_overzicht` (suppressed small counts)
and say so in the footnote.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import pandas as pd
>>> from sdanalysis.analyse.aanbieders import budgetaandelen
>>> k = pd.DataFrame({"jaar": 2019, "aanbieder_agb": list("ABCD"),
...                   "aanbieder_naam": list("ABCD"), "kosten_eur": [5e6, 3e6, 1.5e6, 0.5e6]})
>>> fig = grafiek_concentratiecurve(budgetaandelen(k, drempel_aandeel=0.6), drempel=0.6)
>>> fig.axes[0].get_title(loc="left")
'2 aanbieders hebben samen 80% van het budget'
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    KLEUR_TOTAAL,
    PALET,
    aantal_as_formatter,
    bronvermelding,
    euro_as_formatter,
    format_aantal,
    format_euro,
    format_procent,
    huisstijl,
    procent_as_formatter,
    reeksstijl,
)
from sdanalysis.weergave.suppressie import MARKER_KOLOM, voetnoot

#: Categories shown separately in a profile; the rest is grouped as "Overig".
PROFIEL_MAX_CATEGORIEEN = 4


def _nieuwe_figuur(**kwargs):
    import matplotlib.pyplot as plt

    return plt.subplots(**kwargs)


def _eis_kolommen(df: pd.DataFrame, kolommen: list[str], grafiek: str) -> None:
    ontbreekt = [k for k in kolommen if k not in df.columns]
    if ontbreekt:
        raise ValueError(f"{grafiek}: kolom(men) {ontbreekt} ontbreken in de invoer.")
    if df.empty:
        raise ValueError(f"{grafiek}: de invoer is leeg; er is niets te tekenen.")


def grafiek_top_aanbieders(
    kosten: pd.DataFrame, n: int = 10, titel: str | None = None, bron: str | None = None
) -> Figure:
    """Horizontal bars of the ``n`` aanbieders with the highest cost, with their share.

    Args:
        kosten: One group (e.g. one jaar) of :func:`sdanalysis.analyse.aanbieders.budgetaandelen`.
        n: Number of aanbieders shown.
        titel: Chart title (Dutch).
        bron: Footnote.

    >>> import matplotlib.pyplot as plt
    >>> from sdanalysis.analyse.aanbieders import budgetaandelen
    >>> k = pd.DataFrame({"aanbieder_agb": list("AB"), "aanbieder_naam": ["Een", "Twee"],
    ...                   "kosten_eur": [3e6, 1e6]})
    >>> fig = grafiek_top_aanbieders(budgetaandelen(k, groepen=()))
    >>> [t.get_text().strip() for t in fig.axes[0].texts]
    ['€ 1 mln (25,0%)', '€ 3 mln (75,0%)']
    >>> plt.close(fig)
    """
    _eis_kolommen(kosten, ["aanbieder_naam", "kosten_eur", "aandeel_fractie"], "Top-aanbieders")
    top = kosten.sort_values("kosten_eur", ascending=False).head(n).iloc[::-1]
    with huisstijl(**{"axes.grid.axis": "x"}):
        fig, ax = _nieuwe_figuur(figsize=(10, max(3.0, 0.5 * len(top) + 1.5)))
        namen = [textwrap.shorten(str(x), 40, placeholder="…") for x in top["aanbieder_naam"]]
        ax.barh(namen, top["kosten_eur"], color=KLEUR_TOTAAL)
        for i, (k, a) in enumerate(zip(top["kosten_eur"], top["aandeel_fractie"], strict=True)):
            ax.text(k, i, f" {format_euro(k)} ({format_procent(a)})", va="center", fontsize=11)
        ax.xaxis.set_major_formatter(euro_as_formatter())
        ax.set_xlim(0, float(top["kosten_eur"].max()) * 1.35)
        ax.set_title(titel or f"De {format_aantal(len(top))} aanbieders met de hoogste kosten")
        ax.set_xlabel("Kosten (declaraties)")
        if bron:
            bronvermelding(fig, bron)
    return fig


def grafiek_concentratiecurve(
    aandelen: pd.DataFrame,
    drempel: float,
    titel: str | None = None,
    bron: str | None = None,
) -> Figure:
    """Cumulative budget share against the number of aanbieders (largest first).

    A dashed line marks ``drempel`` (the kernset share of the gemeente profile); the point
    where the curve crosses it is the smallest set of aanbieders that together hold it.

    Args:
        aandelen: One group of :func:`sdanalysis.analyse.aanbieders.budgetaandelen` computed
            with ``drempel_aandeel=drempel`` (e.g. Jeugdwet, one year).
        drempel: Share marked by the line.
        titel: Title; default names the size of the set.
        bron: Footnote.

    Returns:
        The Figure.
    """
    _eis_kolommen(aandelen, ["rang", "cumulatief_fractie", "in_kernset"], "Concentratiecurve")
    if aandelen["rang"].duplicated().any():
        raise ValueError(
            "Concentratiecurve: de invoer bevat meer dan één groep (rang komt dubbel voor); "
            "filter eerst op één jaar/categorie."
        )
    a = aandelen.sort_values("rang")
    x = np.concatenate([[0], a["rang"].to_numpy()])
    y = np.concatenate([[0.0], a["cumulatief_fractie"].fillna(0).to_numpy()])
    k = int(a["in_kernset"].sum())
    kern_aandeel = float(a.loc[a["in_kernset"], "aandeel_fractie"].sum())
    with huisstijl():
        fig, ax = _nieuwe_figuur()
        ax.plot(
            x,
            y,
            color=KLEUR_TOTAAL,
            marker="o" if len(a) <= 40 else None,
            markersize=4,
            label="Cumulatief aandeel in het budget",
        )
        ax.axhline(
            drempel,
            color=KLEUR_NEGATIEF,
            linestyle="--",
            linewidth=1.5,
            label=f"{format_procent(drempel, 0)} van het budget",
        )
        if k:
            ax.axvline(k, color=KLEUR_GRIJS, linestyle=":", linewidth=1.5)
            ax.annotate(
                f"{format_aantal(k)} aanbieders: {format_procent(kern_aandeel)}",
                xy=(k, kern_aandeel),
                xytext=(12, -28),
                textcoords="offset points",
                fontsize=12,
                arrowprops={"arrowstyle": "->", "color": KLEUR_GRIJS},
            )
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, max(float(x.max()), 1.0))
        ax.yaxis.set_major_formatter(procent_as_formatter())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(aantal_as_formatter())
        ax.set_xlabel("Aantal aanbieders (grootste eerst)")
        ax.set_ylabel("Aandeel in de kosten")
        ax.set_title(
            titel
            or f"{format_aantal(k)} aanbieders hebben samen "
            f"{format_procent(kern_aandeel, 0)} van het budget"
        )
        ax.legend(loc="lower right")
        if bron:
            bronvermelding(fig, bron)
    return fig


def grafiek_hhi(
    concentratie: pd.DataFrame,
    groep: str = "categorie",
    max_lijnen: int = 8,
    titel: str = "Concentratie per categorie (Herfindahl-Hirschman-index)",
    bron: str | None = None,
) -> Figure:
    """HHI per group (default categorie) over the years, one line per group.

    Args:
        concentratie: :func:`sdanalysis.analyse.aanbieders.concentratie` per group and jaar.
        groep: The group column; one line per value.
        max_lijnen: Only the groups with the highest total cost are drawn.
        titel: Chart title.
        bron: Footnote.

    Returns:
        The Figure.

    >>> import matplotlib.pyplot as plt
    >>> c = pd.DataFrame({"categorie": ["X", "X"], "jaar": [2019, 2020],
    ...                   "hhi": [2500.0, 3000.0], "totaal_kosten_eur": [1.0, 1.0]})
    >>> fig = grafiek_hhi(c)
    >>> [l.get_label() for l in fig.axes[0].get_lines()]
    ['X']
    >>> plt.close(fig)
    """
    _eis_kolommen(concentratie, [groep, "jaar", "hhi", "totaal_kosten_eur"], "HHI-verloop")
    grootste = (
        concentratie.groupby(groep)["totaal_kosten_eur"]
        .sum()
        .sort_values(ascending=False)
        .head(max_lijnen)
        .index
    )
    with huisstijl():
        fig, ax = _nieuwe_figuur()
        for i, g in enumerate(grootste):
            d = concentratie.loc[concentratie[groep] == g].sort_values("jaar")
            ax.plot(
                d["jaar"],
                d["hhi"],
                markersize=5,
                label=str(g),
                zorder=3
                + len(grootste)
                - i,  # the first lines on top; styles keep overlaps visible
                **reeksstijl(i, marker=True),
            )
        ax.set_ylim(0, 10_000)
        ax.yaxis.set_major_formatter(aantal_as_formatter())
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("HHI (0 = versnipperd, 10.000 = één aanbieder)")
        ax.set_title(titel)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if bron:
            bronvermelding(fig, bron)
    return fig


def _teken_reductiepad(ax, volg: pd.DataFrame) -> None:
    """Agreed path (dashed), actual cost, and the gap per year above the actual points."""
    ax.plot(
        volg["jaar"],
        volg["doel_eur"],
        linestyle="--",
        color=KLEUR_GRIJS,
        marker="o",
        markersize=4,
        label="Afgesproken pad",
    )
    w = volg.loc[volg["werkelijk_eur"].notna()]
    ax.plot(
        w["jaar"], w["werkelijk_eur"], color=KLEUR_TOTAAL, marker="o", label="Werkelijke kosten"
    )
    for j, wk, v in zip(w["jaar"], w["werkelijk_eur"], w["verschil_eur"], strict=True):
        if abs(v) < 0.5:
            continue
        ax.annotate(
            f"{'+' if v > 0 else ''}{format_euro(v)}",
            xy=(j, wk),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize=11,
            color=KLEUR_NEGATIEF if v > 0 else KLEUR_POSITIEF,
        )
    ax.yaxis.set_major_formatter(euro_as_formatter())
    ax.xaxis.get_major_locator().set_params(integer=True)
    hoogste = float(np.nanmax(np.r_[volg["doel_eur"], w["werkelijk_eur"]]))
    ax.set_ylim(0, hoogste * 1.15)
    ax.set_ylabel("Kosten per jaar")
    ax.legend(loc="lower left")


def grafiek_reductiepad(
    volg: pd.DataFrame,
    titel: str = "Kostenreductie: afgesproken pad en werkelijkheid",
    bron: str | None = None,
) -> Figure:
    """Agreed path (dashed) against the actual cost, with the gap per year.

    Args:
        volg: Output of :func:`sdanalysis.analyse.aanbieders.volg_reductiepad`, or of
            :func:`sdanalysis.analyse.aanbieders.volg_afspraken` (one panel per ``afspraak``).
        titel: Chart title (above the panels).
        bron: Footnote.

    Returns:
        The Figure.

    >>> import matplotlib.pyplot as plt
    >>> from sdanalysis.analyse.aanbieders import reductiepad, volg_reductiepad
    >>> v = volg_reductiepad(reductiepad(2018, 4e6, 0.2, 2),
    ...                      pd.DataFrame({"jaar": [2018, 2019], "kosten_eur": [4e6, 3.9e6]}))
    >>> fig = grafiek_reductiepad(v)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['+€ 300.000']
    >>> plt.close(fig)
    """
    _eis_kolommen(volg, ["jaar", "doel_eur", "werkelijk_eur", "verschil_eur"], "Reductiepad")
    namen = list(dict.fromkeys(volg["afspraak"])) if "afspraak" in volg.columns else [None]
    with huisstijl():
        fig, assen = _nieuwe_figuur(nrows=len(namen), squeeze=False, figsize=(10, 5.5 * len(namen)))
        for ax, naam in zip(assen[:, 0], namen, strict=True):
            _teken_reductiepad(ax, volg if naam is None else volg.loc[volg["afspraak"] == naam])
            ax.set_title(titel if naam is None else str(naam))
        if namen != [None]:
            fig.suptitle(titel, x=0.01, ha="left", fontweight="bold")
        fig.tight_layout()
        if bron:
            bronvermelding(fig, bron)
    return fig


def _paneel_kosten(ax, p: pd.DataFrame, jaren: list, reeksen: list[str], kleuren: dict) -> None:
    stapel = (
        p.pivot_table(index="jaar", columns="_cat", values="kosten_eur", aggfunc="sum")
        .reindex(jaren)
        .fillna(0.0)
    )
    onder = np.zeros(len(stapel))
    for c in [c for c in reeksen if c in stapel.columns]:
        ax.bar(stapel.index, stapel[c], bottom=onder, color=kleuren[c], label=c)
        onder += stapel[c].to_numpy()
    ax.yaxis.set_major_formatter(euro_as_formatter())
    ax.set_title("Kosten per jaar")
    ax.legend(loc="upper left", fontsize=9)


def _paneel_lijnen(
    ax, p: pd.DataFrame, jaren: list, hoofd: list[str], kleuren: dict, kolom: str, schaal: float
) -> None:
    for c in hoofd:
        d = p.loc[p["categorie"] == c].set_index("jaar").reindex(jaren)
        y = pd.to_numeric(d[kolom]).astype(float) / schaal
        ax.plot(jaren, y, marker="o", markersize=4, color=kleuren[c], label=c)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _paneel_trajecten(ax, p: pd.DataFrame, jaren: list, categorie: str) -> None:
    from sdanalysis import instellingen

    d = p.loc[p["categorie"] == categorie].set_index("jaar").reindex(jaren)
    x = np.arange(len(jaren))
    for verschuiving, kolom, label, kleur in (
        (-0.2, "trajecten_gestart", "Gestart", KLEUR_TOTAAL),
        (0.2, "trajecten_beeindigd", "Beëindigd", PALET[1]),
    ):
        y = pd.to_numeric(d[kolom]).astype(float)
        ax.bar(x + verschuiving, y.fillna(0), width=0.4, color=kleur, label=label)
        for xi in (x + verschuiving)[np.isnan(y.to_numpy())]:
            ax.text(xi, 0, instellingen.SUPPRESSIE_TEKEN, ha="center", va="bottom", fontsize=14)
    ax.set_xticks(x, [str(j) for j in jaren])
    ax.yaxis.set_major_formatter(aantal_as_formatter())
    ax.set_title(f"Trajecten {textwrap.shorten(categorie, 28, placeholder='…')}")
    ax.legend(loc="upper right", fontsize=9)


def _controleer_profiel(profiel: pd.DataFrame) -> None:
    nodig = [
        "jaar",
        "aanbieder_agb",
        "aanbieder_naam",
        "categorie",
        "kosten_eur",
        "aantal_clienten",
        "index_kosten_per_client",
        "trajecten_gestart",
        "trajecten_beeindigd",
    ]
    _eis_kolommen(profiel, nodig, "Aanbiederprofiel")
    if MARKER_KOLOM not in profiel.columns:
        raise ValueError(
            "Aanbiederprofiel: de tabel is niet onderdrukt; gebruik "
            "providers.publiceerbaar_overzicht(...) zodat kleine aantallen niet zichtbaar zijn."
        )
    if profiel["aanbieder_agb"].nunique() != 1:
        raise ValueError("Aanbiederprofiel: de tabel moet precies één aanbieder bevatten.")


def grafiek_aanbieder_profiel(
    profiel: pd.DataFrame, titel: str | None = None, bron: str | None = None
) -> Figure:
    """One-page profile of one aanbieder from the suppressed overview (per categorie, jaar).

    Panels: cost per year by categorie; clients in care per categorie; cost per client as
    an index (100 = average of aanbieders in the same categorie); trajecten started and
    ended in its largest categorie. Suppressed counts are shown as gaps or
    ``SUPPRESSIE_TEKEN`` and explained in the footnote.

    Args:
        profiel: Rows of one aanbieder from
            :func:`sdanalysis.analyse.aanbieders.publiceerbaar_overzicht` (yearly, per categorie).
        titel: Title; default the aanbieder's name and AGB code.
        bron: Source line, put before the suppression footnote.

    Returns:
        The Figure (four panels).

    Raises:
        ValueError: the table was not suppressed, or holds more than one aanbieder.
    """
    _controleer_profiel(profiel)
    p = profiel.copy()
    agb = str(p["aanbieder_agb"].iloc[0])
    naam = str(p["aanbieder_naam"].iloc[0])
    volgorde = p.groupby("categorie")["kosten_eur"].sum().sort_values(ascending=False).index
    hoofd = list(volgorde[:PROFIEL_MAX_CATEGORIEEN])
    p["_cat"] = p["categorie"].where(p["categorie"].isin(hoofd), "Overig")
    kleuren = {c: PALET[i % len(PALET)] for i, c in enumerate([*hoofd, "Overig"])}
    jaren = sorted(p["jaar"].unique())

    with huisstijl(**{"font.size": 11, "axes.titlesize": 13, "legend.fontsize": 10}):
        fig, assen = _nieuwe_figuur(nrows=2, ncols=2, figsize=(13, 9))
        (a1, a2), (a3, a4) = assen
        _paneel_kosten(a1, p, jaren, [*hoofd, "Overig"], kleuren)
        a1.xaxis.get_major_locator().set_params(integer=True)
        _paneel_lijnen(a2, p, jaren, hoofd, kleuren, "aantal_clienten", 1)
        a2.yaxis.set_major_formatter(aantal_as_formatter())
        a2.set_ylim(bottom=0)
        a2.set_title("Cliënten in zorg (in de loop van het jaar)")
        _paneel_lijnen(a3, p, jaren, hoofd, kleuren, "index_kosten_per_client", 100)
        a3.axhline(1.0, color=KLEUR_GRIJS, linestyle="--", linewidth=1.2)
        a3.yaxis.set_major_formatter(procent_as_formatter())
        a3.set_title("Kosten per cliënt t.o.v. gemiddelde aanbieder (100%)")
        _paneel_trajecten(a4, p, jaren, hoofd[0])
        fig.suptitle(
            titel or f"Profiel {naam} (AGB {agb})",
            x=0.01,
            ha="left",
            fontsize=16,
            fontweight="bold",
        )
        fig.tight_layout()
        tekst = voetnoot()
        if bron:
            tekst = f"{bron}. {tekst}"
        bronvermelding(fig, textwrap.fill(tekst, 150))
    return fig
