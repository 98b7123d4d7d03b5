"""Charts of volumes and trends: lines over time, index, instroom/uitstroom, forecast, season.

Every function takes the output of :mod:`sdanalysis.analyse.volumes` or
:mod:`sdanalysis.analyse.trends` and returns a matplotlib ``Figure`` in the house style.
Counts of people (``aantal_clienten``, ``instroom_clienten``, ...) below the suppression
threshold are left out of the chart (a gap), with a footnote saying so.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> df = pd.DataFrame({"jaar": [2017, 2018], "categorie": ["A", "A"],
...                    "aantal_clienten": [10, 12]})
>>> fig = grafiek_trend(df, "aantal_clienten", groep="categorie", titel="Cliënten")
>>> fig.axes[0].get_title(loc="left")
'Cliënten'
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from sdanalysis import instellingen
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.weergave.publicatie import registreer
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
    meld_as_niet_vanaf_nul,
    reeksstijl,
)
from sdanalysis.weergave.suppressie import (
    MARKER_SUFFIX,
    is_aantal_personen,
    is_optelbaar,
    maskeer_voor_grafiek,
    onderdruk_kleine_aantallen,
)
from sdanalysis.weergave.trends import its_conclusie

#: Footnote for charts made from the synthetic demo data (pass it as ``bron``).
BRON_DEMO = "Bron: synthetische demo-data sdanalysis"
#: The seasonal chart's y axis spans at least this deviation either way (a fraction).
MIN_SEIZOENSBEREIK = 0.2
#: Month names on the x axis of the seasonal chart.
MAANDNAMEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def tijdkolom(df: pd.DataFrame) -> str:
    """The time column of a table: ``periode_maand`` or ``jaar``.

    >>> tijdkolom(pd.DataFrame({"jaar": [2020]}))
    'jaar'
    """
    if "periode_maand" in df.columns:
        return "periode_maand"
    if "jaar" in df.columns:
        return "jaar"
    raise ValueError("De tabel heeft geen tijdkolom: verwacht 'periode_maand' of 'jaar'.")


def voetnoot_grafiek(fig: plt.Figure, bron: str | None, onderdrukt: bool = False) -> None:
    """Footnote under a chart: the source and, if counts were hidden, the suppression note.

    Args:
        fig: The figure.
        bron: Source line, or ``None``.
        onderdrukt: Whether small counts were left out of the chart.
    """
    tekst = bron or ""
    if onderdrukt:
        tekst = (tekst + "\n" if tekst else "") + (
            f"Aantallen kleiner dan {instellingen.SUPPRESSIE_DREMPEL} zijn niet getoond, "
            "evenals aantallen waaruit die terug te rekenen zijn (onderbroken lijn)."
        )
    if tekst:
        bronvermelding(fig, tekst)


def _gemaskeerd(reeks: pd.Series, onderdruk: bool) -> tuple[pd.Series, bool]:
    """The values to draw and whether any were hidden by suppression."""
    if not onderdruk:
        return reeks, False
    y = maskeer_voor_grafiek(reeks)
    return y, bool(y.isna().sum() > reeks.isna().sum())


def publiceerbare_reeks(df: pd.DataFrame, waarde: str, groep: str | None = None) -> pd.DataFrame:
    """The counts a chart draws, suppressed like a published table (primary and secondary).

    A chart of counts per month shows every cell of a table of months: a month hidden by
    primary suppression alone could be recomputed from a year total published elsewhere.
    So the chart gets the same treatment as the workbook's "Meldingen per maand": the
    groups of one period (across ``groep``) and of one year (per ``groep``) each hide
    either nothing or at least two cells. A frame that is already suppressed (it carries
    ``<waarde>_onderdrukt``) is returned as it is.

    Args:
        df: Table with ``periode_maand`` or ``jaar``, ``waarde`` (and ``groep``).
        waarde: Count column.
        groep: Column whose values are separate lines.

    Returns:
        A copy with ``waarde`` suppressed and its marker column.

    >>> m = pd.DataFrame({"periode_maand": pd.date_range("2022-01-01", periods=3, freq="MS"),
    ...                   "aantal_meldingen": [4, 40, 50]})
    >>> publiceerbare_reeks(m, "aantal_meldingen")["aantal_meldingen_onderdrukt"].tolist()
    [True, True, False]
    """
    if f"{waarde}{MARKER_SUFFIX}" in df.columns:
        return df
    tijd = tijdkolom(df)
    groeperingen = [[tijd]]
    uit = df
    if tijd == "periode_maand" and is_optelbaar(waarde):  # events: months add up to a year
        uit = df.assign(_jaar=pd.to_datetime(df[tijd]).dt.year)
        groeperingen.append([groep, "_jaar"] if groep else ["_jaar"])
    uit = onderdruk_kleine_aantallen(uit, waarde, groeperingen)
    return uit.drop(columns="_jaar", errors="ignore")


def _registreer_grafiek(
    delen: list[pd.DataFrame], tijd: str, groep: str | None, waarde: str, titel: str
) -> None:
    """Write what a chart of counts shows to the publication registry (report runs only)."""
    if not delen or not is_aantal_personen(waarde):
        return
    kolommen = [tijd, *([groep] if groep else []), waarde, f"{waarde}{MARKER_SUFFIX}"]
    registreer(pd.concat(delen, ignore_index=True)[kolommen], "grafiek", titel)


def _getekend(deel: pd.DataFrame, waarde: str, y: pd.Series, onderdrukt: bool) -> pd.DataFrame:
    """The drawn values of one line: suppressed cells marked, left-out ones missing."""
    marker = f"{waarde}{MARKER_SUFFIX}"
    verborgen = (
        deel[marker].fillna(False).astype(bool)
        if onderdrukt and marker in deel.columns
        else pd.Series(False, index=deel.index)
    )
    return deel.assign(**{waarde: y.to_numpy(), marker: verborgen.to_numpy()})


def grafiek_trend(
    df: pd.DataFrame,
    waarde: str,
    groep: str | None = None,
    titel: str = "",
    ylabel: str = "Aantal",
    index: bool = False,
    bron: str | None = None,
    markeer: str | pd.Timestamp | int | None = None,
    onderdruk: bool | None = None,
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
        onderdruk: Hide small counts; default: when ``waarde`` counts people and
            ``index`` is False.

    Returns:
        The figure.
    """
    tijd = tijdkolom(df)
    vereis_kolommen(df, [waarde] + ([groep] if groep else []))
    if onderdruk is None:
        onderdruk = not index and is_aantal_personen(waarde)
    if onderdruk and pd.api.types.is_numeric_dtype(df[waarde]):
        df = publiceerbare_reeks(df, waarde, groep)
    getekend = []
    with huisstijl():
        fig, ax = plt.subplots()
        groepen = list(df.groupby(groep, observed=True, sort=True)) if groep else [(None, df)]
        verborgen = False
        gecensureerd = False
        for i, (naam, deel) in enumerate(groepen):
            deel = deel.sort_values(tijd)
            y, weg = _gemaskeerd(deel[waarde], onderdruk)
            y, cens = _zonder_gecensureerde_instroom(deel, waarde, y)
            getekend.append(_getekend(deel, waarde, y, onderdruk))
            weg = weg or bool(getekend[-1][f"{waarde}{MARKER_SUFFIX}"].any())
            verborgen, gecensureerd = verborgen | weg, gecensureerd | cens
            ax.plot(
                deel[tijd],
                y,
                label=naam,
                **reeksstijl(i, marker=tijd == "jaar"),
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
        if index:
            meld_as_niet_vanaf_nul(ax)
        if groep:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        noot = NOOT_GECENSUREERD if gecensureerd else None
        voetnoot_grafiek(fig, "\n".join(t for t in (bron, noot) if t) or None, verborgen)
    if not index:
        _registreer_grafiek(getekend, tijd, groep, waarde, titel)
    return fig


#: Footnote when the instroom of the first period of the data is left out.
NOOT_GECENSUREERD = (
    "Instroom in de eerste periode van de gegevens niet getoond: daar telt ook zorg die al liep."
)


def _zonder_gecensureerde_instroom(
    deel: pd.DataFrame, waarde: str, y: pd.Series
) -> tuple[pd.Series, bool]:
    """Instroom of periods marked ``instroom_links_gecensureerd`` left out (not comparable).

    At the start of the data everyone already in care would count as new.
    """
    if not waarde.startswith("instroom") or "instroom_links_gecensureerd" not in deel.columns:
        return y, False
    vlag = deel["instroom_links_gecensureerd"].fillna(False).astype(bool).to_numpy()
    weg = bool((vlag & y.notna().to_numpy()).any())
    return y.mask(vlag), weg


def _raster(n: int, breedte: float = 10.0) -> tuple[plt.Figure, list]:
    """A grid of ``n`` panels, two per row (one when ``n`` is 1)."""
    kolommen = 1 if n <= 1 else 2
    rijen = max(1, math.ceil(n / kolommen))
    fig, assen = plt.subplots(
        rijen,
        kolommen,
        figsize=(breedte, 3.6 * rijen + 0.8),
        squeeze=False,
        sharex=True,
        layout="constrained",
    )
    assen = list(assen.ravel())
    for ax in assen[n:]:
        ax.set_visible(False)
    return fig, assen[:n]


def _rasteropmaak(fig: plt.Figure, assen: list, titel: str, legenda: bool = True) -> None:
    """Title of a grid, one legend for all panels (right of the grid), readable date ticks."""
    import matplotlib.dates as mdates

    fig.suptitle(titel, x=0.01, ha="left", fontweight="bold")
    for ax in assen:
        if isinstance(ax.xaxis.get_major_formatter(), mdates.AutoDateFormatter):
            van, tot = (mdates.num2date(x).year for x in ax.get_xlim())
            ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, math.ceil((tot - van) / 5))))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if legenda and assen:
        handvatten, labels = assen[0].get_legend_handles_labels()
        fig.legend(handvatten, labels, loc="outside right center")


def _instroom_paneel(ax, d: pd.DataFrame, tijd: str) -> tuple[bool, bool]:
    """Bars of instroom (up) and uitstroom (down) plus the stock line on one axis.

    Returns whether counts were suppressed and whether censored instroom was left out.
    """
    breedte = 0.8 if tijd == "jaar" else 20
    kolommen = ["instroom_clienten", "uitstroom_clienten", "aantal_clienten"]
    instroom, uitstroom, stand = (maskeer_voor_grafiek(d[k]) for k in kolommen)
    verborgen = bool(
        pd.concat([instroom, uitstroom, stand]).isna().sum() > d[kolommen].isna().sum().sum()
    ) or any(bool(d[m].fillna(False).any()) for k in kolommen if (m := k + MARKER_SUFFIX) in d)
    gecensureerd = (
        d["instroom_links_gecensureerd"].fillna(False).astype(bool).to_numpy()
        if "instroom_links_gecensureerd" in d.columns
        else np.zeros(len(d), dtype=bool)
    )
    instroom = instroom.mask(gecensureerd)
    x = d[tijd]
    ax.bar(x, instroom.fillna(0), width=breedte, color=KLEUR_POSITIEF, label="Instroom")
    ax.bar(x, -uitstroom.fillna(0), width=breedte, color=KLEUR_NEGATIEF, label="Uitstroom")
    ax.plot(x, stand, color=KLEUR_TOTAAL, label="In zorg (peildatum)")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.yaxis.set_major_formatter(aantal_as_formatter())
    return verborgen, bool(gecensureerd.any())


def grafiek_instroom_uitstroom(
    df: pd.DataFrame, groep: str | None = None, titel: str = "", bron: str | None = None
) -> plt.Figure:
    """Instroom (up) and uitstroom (down) per period with the stock as a line.

    Periods marked ``instroom_links_gecensureerd`` (the start of the data, where everyone
    already in care would show up as instroom) get no instroom bar; a footnote says so.

    Args:
        df: :func:`sdanalysis.analyse.volumes.jaarvolumes` or ``maandvolumes`` output
            (``aantal_clienten``, ``instroom_clienten``, ``uitstroom_clienten``); one group,
            or several with ``groep``.
        groep: Column whose values each get their own panel.
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    tijd = tijdkolom(df)
    kolommen = ["aantal_clienten", "instroom_clienten", "uitstroom_clienten"]
    vereis_kolommen(df, kolommen)
    if not all(f"{k}{MARKER_SUFFIX}" in df.columns for k in kolommen):
        # the same suppression as the volume tables: per period, hidden cells come in pairs
        df = onderdruk_kleine_aantallen(df, kolommen, [[tijd]])
    zichtbaar = df[[tijd, *([groep] if groep else []), *kolommen]].copy()
    if "instroom_links_gecensureerd" in df.columns:  # not drawn: not published
        vlag = df["instroom_links_gecensureerd"].fillna(False).astype(bool)
        zichtbaar["instroom_clienten"] = zichtbaar["instroom_clienten"].mask(vlag)
    for k in kolommen:
        zichtbaar[f"{k}{MARKER_SUFFIX}"] = df[f"{k}{MARKER_SUFFIX}"].fillna(False)
    registreer(zichtbaar, "grafiek", titel)
    delen = list(df.groupby(groep, observed=True, sort=True)) if groep else [(None, df)]
    with huisstijl():
        fig, assen = _raster(len(delen)) if groep else plt.subplots()
        assen = assen if groep else [assen]
        verborgen = gecensureerd = False
        for ax, (naam, deel) in zip(assen, delen, strict=True):
            d = deel.sort_values(tijd)
            if d[tijd].duplicated().any():
                raise ValueError("Meerdere rijen per periode: filter eerst op één groep.")
            weg, cens = _instroom_paneel(ax, d, tijd)
            verborgen, gecensureerd = verborgen or weg, gecensureerd or cens
            if groep:
                ax.set_title(str(naam), fontsize=13)
        if groep:
            _rasteropmaak(fig, assen, titel)
        else:
            assen[0].set_title(titel)
            assen[0].set_ylabel("Cliënten")
            assen[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        noot = NOOT_GECENSUREERD if gecensureerd else None
        voetnoot_grafiek(fig, "\n".join(t for t in (bron, noot) if t) or None, verborgen)
    return fig


def grafiek_its(
    resultaat,
    titel: str = "",
    ylabel: str = "Aantal",
    bron: str | None = None,
    gekalibreerd: bool = False,
) -> plt.Figure:
    """Observed series, fitted segmented model and the counterfactual without break.

    Args:
        resultaat: :class:`sdanalysis.analyse.trends.ITSResultaat`.
        titel: Chart title.
        ylabel: Label of the y axis.
        bron: Footnote; the Dutch conclusion (:func:`its_conclusie`) is printed above it.
        gekalibreerd: Passed to :func:`its_conclusie`: only a method shown by simulation to
            hold its false-alarm rate on this kind of series may say "aantoonbaar".

    Returns:
        The figure.
    """
    tabel = resultaat.tabel
    tijd = tijdkolom(tabel)
    breuk = resultaat.breekdatum if tijd == "periode_maand" else resultaat.breekdatum.year
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
        na = tabel[tijd] >= breuk
        ax.plot(tabel[tijd], tabel["model"], color=KLEUR_TOTAAL, label="Model met breuk")
        ax.plot(
            tabel.loc[na, tijd],
            tabel.loc[na, "zonder_breuk"],
            color=KLEUR_NEGATIEF,
            linestyle="--",
            label="Verwacht zonder breuk",
        )
        ax.axvline(breuk, color="black", linestyle=":", linewidth=1.2)
        ax.yaxis.set_major_formatter(aantal_as_formatter())
        ax.set_ylim(bottom=0)
        ax.set_title(titel)
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        tekst = "\n".join(textwrap.wrap(its_conclusie(resultaat, gekalibreerd), 120))
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


def prognoseperiode(voorspelling: pd.DataFrame) -> str:
    """The years a forecast covers, as text for a title (``"2025-2027"`` or ``"2025"``).

    >>> prognoseperiode(pd.DataFrame({"jaar": [2025, 2026, 2027]}))
    '2025-2027'
    >>> prognoseperiode(pd.DataFrame({"periode_maand": pd.to_datetime(["2025-01-01"])}))
    '2025'
    >>> prognoseperiode(pd.DataFrame({"jaar": []}))
    ''
    """
    tijd = tijdkolom(voorspelling)
    if voorspelling.empty:
        return ""
    jaren = (
        voorspelling[tijd].astype(int)
        if tijd == "jaar"
        else pd.to_datetime(voorspelling[tijd]).dt.year
    )
    eerste, laatste = int(jaren.min()), int(jaren.max())
    return str(eerste) if eerste == laatste else f"{eerste}-{laatste}"


def minimale_historie(tijd: str) -> int:
    """Fewest periods of history from which a forecast is drawn.

    >>> minimale_historie("jaar") >= 5, minimale_historie("periode_maand") >= 24
    (True, True)
    """
    if tijd == "jaar":
        return instellingen.PROGNOSE_MIN_PERIODEN_JAAR
    return instellingen.PROGNOSE_MIN_PERIODEN_MAAND


def _te_kort(historie: pd.DataFrame, tijd: str, waarde: str, groep: str | None) -> bool:
    """Whether every panel's history is too short for a forecast."""
    if groep:
        punten = historie.groupby(groep, observed=True)[waarde].count()
        return bool(len(punten)) and bool((punten < minimale_historie(tijd)).all())
    return int(historie[waarde].notna().sum()) < minimale_historie(tijd)


def _prognose_paneel(
    ax,
    historie: pd.DataFrame,
    voorspelling: pd.DataFrame,
    waarde: str,
    tijd: str,
    naam: object = None,
) -> bool:
    """History (suppressed when it counts people) plus forecast band on one axis.

    With ``naam`` (a panel of a grid) the panel title names the group and the method;
    otherwise the legend names the method. Returns whether counts were hidden.
    """
    h = historie.sort_values(tijd)
    y, verborgen = _gemaskeerd(h[waarde], is_aantal_personen(waarde))
    ax.yaxis.set_major_formatter(aantal_as_formatter())
    nodig = minimale_historie(tijd)
    marker = f"{waarde}{MARKER_SUFFIX}"
    geteld = h[waarde].notna() | (h[marker].fillna(False) if marker in h else False)
    punten = int(geteld.sum())  # a suppressed point was there: it counts as history
    verborgen = verborgen or (marker in h and bool(h[marker].fillna(False).any()))
    if voorspelling.empty or punten < nodig:
        ax.plot(h[tijd], y, color=KLEUR_TOTAAL, label="Werkelijk")
        ax.set_ylim(bottom=0)
        reden = (
            "geen prognose" if voorspelling.empty else f"geen prognose: {punten} van {nodig} punten"
        )
        if naam is not None:
            ax.set_title(f"{naam} ({reden})", fontsize=13)
        return verborgen
    niveau = float(voorspelling["niveau"].iloc[0]) if "niveau" in voorspelling else 0.95
    methode = str(voorspelling["methode"].iloc[0]) if "methode" in voorspelling else ""
    ax.plot(h[tijd], y, color=KLEUR_TOTAAL, label="Werkelijk")
    ax.plot(
        voorspelling[tijd],
        voorspelling["voorspelling"],
        color=PALET[1],
        label="Prognose" if naam is not None else f"Prognose ({methode})",
    )
    ax.fill_between(
        voorspelling[tijd],
        voorspelling["ondergrens"],
        voorspelling["bovengrens"],
        color=PALET[1],
        alpha=0.25,
        label=f"{format_procent(niveau, 0)}-voorspelinterval",
    )
    ax.set_ylim(bottom=0)
    if naam is not None:
        ax.set_title(f"{naam} ({methode})", fontsize=13)
    return verborgen


def grafiek_prognose(
    historie: pd.Series | pd.DataFrame,
    voorspelling: pd.DataFrame,
    waarde: str = "waarde",
    groep: str | None = None,
    titel: str = "",
    ylabel: str = "Aantal",
    bron: str | None = None,
) -> plt.Figure:
    """History plus forecast with its prediction interval as a band.

    The title ends with the forecast's years (:func:`prognoseperiode`), taken from the data.
    A group without forecast, or whose history has fewer periods than
    :func:`minimale_historie` (a trend through three points is not extrapolated), shows its
    history only and says so in its title.

    Args:
        historie: The history: a table with the time column, ``waarde`` (and ``groep``),
            or a series indexed by months or years.
        voorspelling: Output of :func:`sdanalysis.analyse.trends.voorspel` or
            :func:`sdanalysis.analyse.trends.voorspel_per_groep`.
        waarde: Value column of ``historie``.
        groep: Column whose values each get their own panel.
        titel: Start of the title; ``": prognose <jaren>"`` is appended.
        ylabel: Label of the y axis.
        bron: Footnote.

    Returns:
        The figure.
    """
    tijd = tijdkolom(voorspelling)
    vereis_kolommen(voorspelling, ["voorspelling", "ondergrens", "bovengrens"])
    if isinstance(historie, pd.Series):
        historie = pd.DataFrame({tijd: historie.index, waarde: historie.to_numpy()})
    vereis_kolommen(historie, [tijd, waarde] + ([groep] if groep else []))
    periode = "" if _te_kort(historie, tijd, waarde, groep) else prognoseperiode(voorspelling)
    if is_aantal_personen(waarde) and pd.api.types.is_numeric_dtype(historie[waarde]):
        historie = publiceerbare_reeks(historie, waarde, groep)
        _registreer_grafiek([historie], tijd, groep, waarde, titel)
    kop = f"prognose {periode}" if periode else "geen prognose (reeks te kort)"
    kop = f"{titel}: {kop}" if titel else kop[:1].upper() + kop[1:]
    namen = sorted(historie[groep].dropna().unique()) if groep else [None]
    with huisstijl():
        fig, assen = _raster(len(namen)) if groep else plt.subplots()
        assen = assen if groep else [assen]
        verborgen = False
        for ax, naam in zip(assen, namen, strict=True):
            h = historie[historie[groep] == naam] if groep else historie
            v = voorspelling[voorspelling[groep] == naam] if groep else voorspelling
            verborgen |= _prognose_paneel(ax, h, v, waarde, tijd, naam)
        if groep:
            _rasteropmaak(fig, assen, kop)
        else:
            assen[0].set_title(kop)
            assen[0].set_ylabel(ylabel)
            assen[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        voetnoot_grafiek(fig, bron, verborgen)
    return fig


def grafiek_seizoen(
    df: pd.DataFrame,
    groep: str | None = None,
    titel: str = "Seizoenspatroon",
    bron: str | None = None,
) -> plt.Figure:
    """Bars of the seasonal deviation per calendar month (0% = year average).

    The axis spans at least ±:data:`MIN_SEIZOENSBEREIK`, so a pattern of a few percent is
    drawn as the small effect it is.

    Args:
        df: Output of :func:`sdanalysis.analyse.trends.seizoenspatroon`.
        groep: Column whose values get bars side by side (e.g. ``"wet"``).
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["maand", "seizoensfactor"] + ([groep] if groep else []))
    delen = list(df.groupby(groep, observed=True, sort=True)) if groep else [(None, df)]
    breedte = 0.8 / len(delen)
    with huisstijl():
        fig, ax = plt.subplots()
        for i, (naam, deel) in enumerate(delen):
            d = deel.sort_values("maand")
            x = d["maand"].to_numpy() - 1 + (i - (len(delen) - 1) / 2) * breedte
            kleuren = (
                np.where(d["seizoensfactor"] >= 1, KLEUR_POSITIEF, KLEUR_NEGATIEF)
                if not groep
                else PALET[i % len(PALET)]
            )
            ax.bar(x, d["seizoensfactor"] - 1, width=breedte, color=kleuren, label=naam)
        ax.set_xticks(range(12), MAANDNAMEN)
        # Bars start at the year average (0%); a fixed minimum range keeps a few percent
        # from looking dramatic.
        grootste = float((df["seizoensfactor"] - 1).abs().max()) if len(df) else 0.0
        grens = max(MIN_SEIZOENSBEREIK, 1.15 * grootste)
        ax.set_ylim(-grens, grens)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_procent(v, 0)))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_title(titel)
        ax.set_ylabel("Afwijking van het jaargemiddelde")
        if groep:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
        voetnoot_grafiek(fig, bron)
    return fig


def grafiek_zorgvolume(
    df: pd.DataFrame, groep: str = "categorie", titel: str = "", bron: str | None = None
) -> plt.Figure:
    """Allocated care volume per month: one panel per unit (uur, dagdeel, ...).

    Args:
        df: Output of :func:`sdanalysis.analyse.volumes.zorgvolume_per_maand`.
        groep: Column whose values become lines.
        titel: Chart title.
        bron: Footnote.

    Returns:
        The figure.
    """
    vereis_kolommen(df, ["periode_maand", "eenheid", "volume_per_maand", groep])
    eenheden = sorted(df["eenheid"].unique())
    with huisstijl():
        fig, assen = _raster(len(eenheden))
        for ax, eenheid in zip(assen, eenheden, strict=True):
            deel = df[df["eenheid"] == eenheid]
            for i, (naam, d) in enumerate(deel.groupby(groep, observed=True, sort=True)):
                d = d.sort_values("periode_maand")
                ax.plot(
                    d["periode_maand"],
                    d["volume_per_maand"],
                    label=naam,
                    **reeksstijl(i),
                )
            ax.set_title(f"{eenheid} per maand", fontsize=13)
            ax.yaxis.set_major_formatter(aantal_as_formatter())
            ax.set_ylim(bottom=0)
            ax.legend(loc="upper left", fontsize=10)
        _rasteropmaak(fig, assen, titel, legenda=False)
        voetnoot_grafiek(fig, bron)
    return fig
