"""Charts of the budget analysis: begroting vs realisatie, P × Q bridge, cost per client, rebuild.

Every function takes output of :mod:`sdanalysis.analyse.begroting` or
:mod:`sdanalysis.analyse.pxq` and returns a matplotlib ``Figure`` in the house style;
amounts read like ``€ 1,5 mln``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from sdanalysis.analyse import pxq
>>> b = pd.DataFrame({"categorie": ["A"], "volume": [10], "bedrag_eur": [1_000_000.0]})
>>> v = pd.DataFrame({"categorie": ["A"], "volume": [12], "bedrag_eur": [1_320_000.0]})
>>> brug = pxq.pxq_brug(pxq.pxq_decompositie(b, v, ["categorie"]), "2018", "2019")
>>> fig = grafiek_pxq_brug(brug, "Van 2018 naar 2019")
>>> [t.get_text() for t in fig.axes[0].texts]
['€ 1 mln', '+€ 200.000', '+€ 100.000', '+€ 20.000', '€ 1,32 mln']
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sdanalysis import instellingen
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.plots.brug import brugdiagram, brugstanden
from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    KLEUR_TOTAAL,
    PALET,
    bronvermelding,
    euro_as_formatter,
    format_euro,
    format_procent,
    huisstijl,
    meld_as_niet_vanaf_nul,
    reeksstijl,
)

_SOORTEN = ("primitief", "gewijzigd", "realisatie")
#: Difference printed above each bar of :func:`grafiek_reconstructie` (new minus plan).
VERSCHIL_RECONSTRUCTIE = "verschil_reconstructie_min_begroting_eur"
#: Panel titles for codes of the ``wet`` column.
_PANEEL_NAMEN = {"JW": "Jeugdwet", "WMO": "Wmo"}
_SOORT_KLEUR = {"primitief": PALET[5], "gewijzigd": PALET[0], "realisatie": PALET[1]}
_SOORT_LABEL = {
    "primitief": "Primitieve begroting",
    "gewijzigd": "Gewijzigde begroting",
    "realisatie": "Realisatie",
}


def _controleer(df: pd.DataFrame, kolommen: Sequence[str]) -> None:
    vereis_kolommen(df, kolommen, "voor deze grafiek")
    if df.empty:
        raise ValueError("De tabel is leeg; er is niets te tekenen.")


def _begroting_per_jaar(tabel: pd.DataFrame, reeks: str | Sequence[str] | None) -> pd.DataFrame:
    """Primitief, gewijzigd and realisatie per year for the chosen lines (summed)."""
    sleutel = "taakveld_reeks" if "taakveld_reeks" in tabel.columns else "taakveld"
    df = tabel
    if reeks is not None:
        keuze = [reeks] if isinstance(reeks, str) else list(reeks)
        df = tabel[tabel[sleutel].isin(keuze)]
        if df.empty:
            raise ValueError(f"Geen regels voor {keuze} in kolom {sleutel}.")
    return df.groupby("jaar")[[f"{s}_eur" for s in _SOORTEN]].sum(min_count=1)


def _teken_begroting_realisatie(ax: plt.Axes, per_jaar: pd.DataFrame) -> None:
    """Grouped bars per year with the difference realisatie − primitief above each year."""
    jaren = per_jaar.index.astype(int).tolist()
    x = np.arange(len(jaren))
    breedte = 0.27
    for i, s in enumerate(_SOORTEN):
        ax.bar(
            x + (i - 1) * breedte,
            per_jaar[f"{s}_eur"].fillna(0),
            breedte,
            color=_SOORT_KLEUR[s],
            label=_SOORT_LABEL[s],
            zorder=3,
        )
    hoogste = float(np.nanmax(per_jaar.to_numpy())) if per_jaar.notna().any().any() else 1
    for xi, (_, rij) in zip(x, per_jaar.iterrows(), strict=True):
        prim, real = rij["primitief_eur"], rij["realisatie_eur"]
        if pd.notna(prim) and pd.notna(real) and prim != 0:
            fractie = (real - prim) / prim
            tekst = ("+" if fractie > 0 else "") + format_procent(fractie)
            kleur = KLEUR_NEGATIEF if fractie > 0 else KLEUR_POSITIEF
            ax.text(xi, hoogste * 1.03, tekst, ha="center", va="bottom", fontsize=10, color=kleur)
    ax.set_xticks(x)
    ax.set_xticklabels([str(j) for j in jaren])
    ax.set_ylim(0, hoogste * 1.15)
    ax.yaxis.set_major_formatter(euro_as_formatter())


def grafiek_begroting_realisatie(
    tabel: pd.DataFrame,
    reeks: str | Sequence[str] | None = None,
    titel: str = "Begroting en realisatie",
    bron: str | None = None,
) -> Figure:
    """Grouped bars per year: primitieve en gewijzigde begroting and realisatie.

    Above each year the difference realisatie − primitieve begroting is printed in %.

    Args:
        tabel: Output of :func:`sdanalysis.analyse.begroting.begroting_vs_realisatie`.
        reeks: Taakveld series (``taakveld_reeks``) or codes (``taakveld``) to include;
            ``None``: all lines, summed per year.
        titel: Chart title.
        bron: Source line under the chart.

    Returns:
        The Figure.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"jaar": [2019, 2020], "taakveld_reeks": ["jeugd"] * 2,
    ...     "primitief_eur": [20e6, 21e6], "gewijzigd_eur": [24e6, 23e6],
    ...     "realisatie_eur": [26e6, 22e6]})
    >>> fig = grafiek_begroting_realisatie(t, "jeugd")
    >>> [x.get_text() for x in fig.axes[0].texts]
    ['+30,0%', '+4,8%']
    >>> plt.close(fig)
    """
    _controleer(tabel, ["jaar", "primitief_eur", "gewijzigd_eur", "realisatie_eur"])
    per_jaar = _begroting_per_jaar(tabel, reeks)
    with huisstijl():
        fig, ax = plt.subplots()
        _teken_begroting_realisatie(ax, per_jaar)
        ax.set_title(titel)
        ax.legend(loc="upper left", ncols=3, bbox_to_anchor=(0, -0.08))
        if bron:
            bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def grafiek_begroting_realisatie_per_reeks(
    tabel: pd.DataFrame,
    aantal: int = 2,
    titel: str = "Begroting en realisatie van de grootste begrotingsregels",
    bron: str | None = None,
) -> Figure:
    """:func:`grafiek_begroting_realisatie` for the lines with the largest realisatie, one panel each.

    Args:
        tabel: Output of :func:`sdanalysis.analyse.begroting.begroting_vs_realisatie` on the
            comparable series (``taakveld_reeks``).
        aantal: Number of lines (panels), largest total realisatie first.
        titel: Title above the panels.
        bron: Source line.

    Returns:
        The Figure; each panel is titled with the line's name.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"jaar": [2019] * 2, "taakveld_reeks": ["jeugd", "wmo"],
    ...     "taakveld_reeks_naam": ["Jeugd", "Wmo"], "primitief_eur": [1.0, 2.0],
    ...     "gewijzigd_eur": [1.0, 2.0], "realisatie_eur": [3.0, 2.0]})
    >>> fig = grafiek_begroting_realisatie_per_reeks(t)
    >>> [a.get_title(loc="left") for a in fig.axes]
    ['Jeugd', 'Wmo']
    >>> plt.close(fig)
    """
    _controleer(tabel, ["jaar", "taakveld_reeks", "realisatie_eur"])
    naam = "taakveld_reeks_naam" if "taakveld_reeks_naam" in tabel.columns else "taakveld_reeks"
    totaal = tabel.groupby(["taakveld_reeks", naam], sort=True)["realisatie_eur"].sum()
    grootste = totaal.sort_values(ascending=False, kind="stable").index[:aantal]
    with huisstijl():
        fig, assen = plt.subplots(
            len(grootste), 1, figsize=(10, 4.2 * len(grootste)), squeeze=False
        )
        for ax, (code, label) in zip(assen[:, 0], grootste, strict=True):
            _teken_begroting_realisatie(ax, _begroting_per_jaar(tabel, code))
            ax.set_title(textwrap.shorten(str(label), 70, placeholder="…"), loc="left")
        assen[-1, 0].legend(loc="upper left", ncols=3, bbox_to_anchor=(0, -0.1))
        fig.suptitle(titel, x=0.01, ha="left", fontweight="bold")
        if bron:
            bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def grafiek_begrotingsafwijking(
    tabel: pd.DataFrame,
    soort: str = "primitief",
    titel: str | None = None,
    bron: str | None = None,
) -> Figure:
    """Lines per taakveld series: realisatie − begroting in euros, per year.

    Args:
        tabel: Output of :func:`sdanalysis.analyse.begroting.begroting_vs_realisatie`.
        soort: ``"primitief"`` or ``"gewijzigd"``.
        titel: Chart title (default names the soort).
        bron: Source line.

    Returns:
        The Figure. Above zero: more spent than budgeted.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"jaar": [2019, 2020], "taakveld_reeks_naam": ["Jeugd"] * 2,
    ...     "verschil_realisatie_min_primitief_eur": [5e6, 1e6]})
    >>> fig = grafiek_begrotingsafwijking(t)
    >>> fig.axes[0].get_lines()[0].get_label()
    'Jeugd'
    >>> plt.close(fig)
    """
    if soort not in ("primitief", "gewijzigd"):
        raise ValueError(f"soort moet 'primitief' of 'gewijzigd' zijn, niet {soort!r}.")
    kolom = f"verschil_realisatie_min_{soort}_eur"
    naam = next(
        (k for k in ("taakveld_reeks_naam", "taakveld_reeks", "taakveld") if k in tabel.columns),
        None,
    )
    if naam is None:
        raise ValueError("De tabel mist een taakveldkolom (taakveld_reeks_naam of taakveld).")
    _controleer(tabel, ["jaar", kolom])
    with huisstijl():
        fig, ax = plt.subplots()
        for i, (label, g) in enumerate(tabel.dropna(subset=[kolom]).groupby(naam, sort=True)):
            g = g.sort_values("jaar")
            ax.plot(
                g["jaar"],
                g[kolom],
                **reeksstijl(i, marker=True),
                label=textwrap.shorten(str(label), 70, placeholder="…"),
            )
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.yaxis.set_major_formatter(euro_as_formatter())
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
        ax.set_title(
            titel or f"Realisatie min {soort.replace('primitief', 'primitieve')} begroting"
        )
        ax.set_ylabel("Meer uitgegeven dan begroot →")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.08))
        if bron:
            bronvermelding(fig, bron)
        fig.tight_layout()
    return fig


def grafiek_pxq_brug(
    brug: pd.DataFrame,
    titel: str = "Van kosten in het ene jaar naar het volgende",
    bron: str | None = None,
    inzoomen: bool = True,
) -> Figure:
    """Waterfall of a P × Q bridge (:func:`sdanalysis.analyse.pxq.pxq_brug`).

    Cost increases are drawn red, decreases green, totals blue (via
    :func:`sdanalysis.plots.brug.brugdiagram`, which also checks that the bridge closes).

    Args:
        brug: Output of :func:`sdanalysis.analyse.pxq.pxq_brug`.
        titel: Chart title.
        bron: Source line.
        inzoomen: Let the value axis start near the lowest level instead of at € 0, so
            effects of a few percent stay visible; a footnote says so.

    Returns:
        The Figure.
    """
    _controleer(brug, ["stap", "bedrag_eur", "totaal"])
    standen = brugstanden(brug, "stap", "bedrag_eur", totaal_kolom="totaal")
    niveaus = standen.loc[~standen["totaal"], ["begin_eur", "eind_eur"]].to_numpy().ravel()
    niveaus = np.concatenate([niveaus, standen.loc[standen["totaal"], "eind_eur"].to_numpy()])
    laag, hoog = float(niveaus.min()), float(niveaus.max())
    zoom = inzoomen and laag > 0 and (hoog - laag) < 0.5 * hoog
    voet = [bron] if bron else []
    if zoom:
        voet.append("Let op: de verticale as begint niet bij € 0.")
    fig = brugdiagram(
        brug,
        "stap",
        "bedrag_eur",
        titel,
        totaal_kolom="totaal",
        bron="\n".join(voet) or None,
        labelbreedte=14,
    )
    if zoom:
        ax = fig.axes[0]
        marge = max(hoog - laag, 1.0) * 0.35
        onder = max(laag - marge, 0.0)
        boven = hoog + marge
        ax.set_ylim(onder, boven)
        # the labels were placed for an axis from € 0: put them just above each bar again
        toppen = standen[["begin_eur", "eind_eur"]].max(axis=1).to_numpy()
        if len(ax.texts) == len(toppen):
            for tekst, top in zip(ax.texts, toppen, strict=True):
                tekst.set_y(top + 0.015 * (boven - onder))
                tekst.set_va("bottom")
    return fig


def _klein_weggelaten(
    df: pd.DataFrame, min_clienten: int | None
) -> tuple[pd.DataFrame, list[str], int]:
    """Drop categories with fewer than the threshold of clients in any year; name them."""
    drempel = instellingen.SUPPRESSIE_DREMPEL if min_clienten is None else int(min_clienten)
    if drempel <= 0 or "aantal_clienten" not in df.columns:
        return df, [], drempel
    klein = df.loc[df["aantal_clienten"] < drempel, "categorie"]
    weggelaten = sorted(set(map(str, klein)))
    return df[~df["categorie"].isin(weggelaten)], weggelaten, drempel


def _teken_kosten_per_client(ax: plt.Axes, df: pd.DataFrame, basisjaar: int | None) -> None:
    """One line per categorie: euros, or an index with ``basisjaar`` = 100."""
    for i, (cat, g) in enumerate(df.groupby("categorie", sort=True)):
        g = g.sort_values("jaar")
        y = g["kosten_per_client_eur"]
        if basisjaar is not None:
            basis = g.loc[g["jaar"] == basisjaar, "kosten_per_client_eur"]
            if basis.empty or not basis.iloc[0]:
                continue
            y = y / basis.iloc[0] * 100
        ax.plot(g["jaar"], y, label=str(cat), **reeksstijl(i, marker=True))
    if basisjaar is not None:
        ax.axhline(100, color=KLEUR_GRIJS, linewidth=0.8)
        ax.set_ylabel(f"index {basisjaar} = 100")
    else:
        ax.yaxis.set_major_formatter(euro_as_formatter())
    meld_as_niet_vanaf_nul(ax)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=10)


def grafiek_kosten_per_client(
    kosten: pd.DataFrame,
    categorieen: Sequence[str] | None = None,
    index_basisjaar: int | None = None,
    als_index: bool = True,
    per: str | None = None,
    titel: str | None = None,
    bron: str | None = None,
    min_clienten: int | None = None,
) -> Figure:
    """Lines of cost per client per categorie over the years.

    A cost per client reveals a small group, so a categorie with fewer than
    ``min_clienten`` clients in any year is left out (when ``aantal_clienten`` is given)
    and named in a footnote.

    Args:
        kosten: Output of :func:`sdanalysis.analyse.pxq.kosten_per_client` (``jaar``,
            ``categorie``, ``kosten_per_client_eur``).
        categorieen: Categories to draw (default: all).
        index_basisjaar: Base year of the index (= 100), e.g. the gemeente profile's
            ``index_basisjaar``; the first year in the data when ``None`` or not in the data.
        als_index: Draw an index so categories of very different price fit one chart;
            ``False`` draws euros.
        per: Column with one panel per value (e.g. ``"wet"``); ``None``: one panel.
        titel: Chart title.
        bron: Source line.
        min_clienten: Privacy threshold (default ``instellingen.SUPPRESSIE_DREMPEL``); ``0``
            draws every categorie.

    Returns:
        The Figure.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> k = pd.DataFrame({"jaar": [2017, 2018], "categorie": ["A", "A"],
    ...     "kosten_per_client_eur": [1000.0, 1100.0]})
    >>> fig = grafiek_kosten_per_client(k)
    >>> fig.axes[0].get_lines()[0].get_ydata().tolist()
    [100.0, 110.00000000000001]
    >>> plt.close(fig)
    """
    _controleer(kosten, ["jaar", "categorie", "kosten_per_client_eur"])
    df = kosten if categorieen is None else kosten[kosten["categorie"].isin(list(categorieen))]
    df, weggelaten, drempel = _klein_weggelaten(df, min_clienten)
    if df.empty:
        raise ValueError("Geen categorieën over om te tekenen (alle te klein of niet gekozen).")
    basisjaar = None
    if als_index:
        jaren = set(df["jaar"].astype(int))
        basisjaar = index_basisjaar if index_basisjaar in jaren else min(jaren)
    panelen = [None] if per is None else sorted(df[per].dropna().astype(str).unique())
    with huisstijl():
        fig, assen = plt.subplots(len(panelen), 1, figsize=(11, 5.5 * len(panelen)), squeeze=False)
        for ax, waarde in zip(assen[:, 0], panelen, strict=True):
            deel = df if waarde is None else df[df[per].astype(str) == waarde]
            deel = deel.groupby(["categorie", "jaar"], as_index=False)["kosten_per_client_eur"]
            _teken_kosten_per_client(ax, deel.mean(), basisjaar)
            if waarde is not None:
                ax.set_title(_PANEEL_NAMEN.get(waarde, waarde), loc="left")
        standaard = "Kosten per cliënt per categorie" + (
            f" (index {basisjaar} = 100)" if basisjaar is not None else ""
        )
        if per is None:
            assen[0, 0].set_title(titel or standaard)
        else:
            fig.suptitle(titel or standaard, x=0.01, ha="left", fontweight="bold")
        voet = [bron] if bron else []
        if weggelaten:
            voet.append(
                f"Niet getoond (minder dan {drempel} cliënten in een jaar): "
                + ", ".join(weggelaten)
                + "."
            )
        if voet:
            bronvermelding(fig, "\n".join(voet))
        fig.tight_layout()
    return fig


def grafiek_reconstructie(
    reconstructie: pd.DataFrame,
    realisatie: pd.DataFrame | None = None,
    titel: str | None = None,
    bron: str | None = None,
) -> Figure:
    """Per begroting line: the begroting (bar) against the rebuilt budget with its band.

    Args:
        reconstructie: Output of :func:`sdanalysis.analyse.begroting.reconstrueer_begroting`.
        realisatie: Optional frame with ``taakveld_reeks`` and ``realisatie_eur`` (drawn
            as a diamond), e.g. from :func:`sdanalysis.analyse.begroting.begroting_vs_realisatie`.
        titel: Chart title.
        bron: Source line.

    Returns:
        The Figure; each bar carries the difference reconstructie − begroting (red when
        positive: the volumes explain more than was budgeted).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = pd.DataFrame({"jaar": [2024], "taakveld_reeks": ["jeugd"],
    ...     "taakveld_reeks_naam": ["Jeugd"], "begroting_eur": [30e6],
    ...     "reconstructie_eur": [33e6], "ondergrens_eur": [31e6], "bovengrens_eur": [35e6],
    ...     "verschil_reconstructie_min_begroting_eur": [3e6]})
    >>> fig = grafiek_reconstructie(r)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['+€ 3 mln']
    >>> plt.close(fig)
    """
    _controleer(
        reconstructie,
        [
            "taakveld_reeks",
            "begroting_eur",
            "reconstructie_eur",
            "ondergrens_eur",
            "bovengrens_eur",
            VERSCHIL_RECONSTRUCTIE,
        ],
    )
    df = reconstructie.dropna(subset=["begroting_eur", "reconstructie_eur"]).reset_index(drop=True)
    if df.empty:
        raise ValueError("Geen regels met zowel een begroting als een reconstructie.")
    naam = "taakveld_reeks_naam" if "taakveld_reeks_naam" in df.columns else "taakveld_reeks"
    x = np.arange(len(df))
    with huisstijl():
        fig, ax = plt.subplots()
        ax.bar(x, df["begroting_eur"], 0.55, color=PALET[5], label="Begroting", zorder=3)
        fout = np.vstack(
            [
                (df["reconstructie_eur"] - df["ondergrens_eur"]).clip(lower=0),
                (df["bovengrens_eur"] - df["reconstructie_eur"]).clip(lower=0),
            ]
        )
        ax.errorbar(
            x,
            df["reconstructie_eur"],
            yerr=fout,
            fmt="o",
            color=KLEUR_TOTAAL,
            ecolor=KLEUR_TOTAAL,
            capsize=6,
            markersize=8,
            zorder=4,
            label="Volume × prijs (met bandbreedte)",
        )
        if realisatie is not None:
            _controleer(realisatie, ["taakveld_reeks", "realisatie_eur"])
            r = df[["taakveld_reeks"]].merge(
                realisatie.groupby("taakveld_reeks", as_index=False)["realisatie_eur"].sum(),
                on="taakveld_reeks",
                how="left",
            )
            ax.scatter(
                x,
                r["realisatie_eur"],
                marker="D",
                color=PALET[1],
                zorder=5,
                s=60,
                label="Realisatie",
            )
        hoogste = float(np.nanmax(df[["begroting_eur", "bovengrens_eur"]].to_numpy()))
        for xi, verschil in zip(x, df[VERSCHIL_RECONSTRUCTIE], strict=True):
            # reconstructie above the begroting: budgeted too little (red)
            kleur = KLEUR_NEGATIEF if verschil > 0 else KLEUR_POSITIEF
            ax.text(
                xi,
                hoogste * 1.04,
                ("+" if verschil > 0 else "") + format_euro(verschil),
                ha="center",
                va="bottom",
                fontsize=10,
                color=kleur,
            )
        ax.set_ylim(0, hoogste * 1.15)
        ax.set_xticks(x)
        ax.set_xticklabels(
            [textwrap.fill(textwrap.shorten(str(n), 48, placeholder="…"), 18) for n in df[naam]],
            fontsize=10,
        )
        ax.yaxis.set_major_formatter(euro_as_formatter())
        jaar = f" {int(df['jaar'].iloc[0])}" if "jaar" in df.columns else ""
        ax.set_title(titel or f"Begroting{jaar} tegen volume × prijs")
        # name the sign of the numbers above the bars in the legend
        ax.plot([], [], " ", label="Getal boven de staaf:\nvolume × prijs − begroting")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11)
        if bron:
            bronvermelding(fig, bron)
        fig.tight_layout()
    return fig
