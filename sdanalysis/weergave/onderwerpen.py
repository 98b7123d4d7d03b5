"""One suppressed table per topic, shared by the notebooks and the controller's workbook.

A notebook table and a workbook sheet about the same topic must hide the same cells: when
the notebook shows a cell the sheet hides, or a total over cells the sheet shows apart, a
reader recovers the hidden cell from the two together. So each topic has one function that
computes and suppresses its tables once; the workbook's sheets *are* these tables and the
notebook shows them, or a part of them, or a merge of them, never a table suppressed on its
own. :func:`sdanalysis.weergave.suppressie.gepubliceerde_jaarvolumes` does this for the
volumes (notebook 02); this module for the aanbieders (notebook 05, sheet "Aanbieders") and
the meldingen (notebook 06, sheets "Meldingen per maand", "Doorlooptijden", "Wachttijden").

Suppression of a topic is local to a year (every total group lies within one year), and it
is computed on all years of the data before the requested years are cut out: a notebook and
the workbook that cut different years still show the same cells for a year both show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.weergave.suppressie import MARKER_KOLOM, MARKER_SUFFIX, aanvullend_masker

#: Published name of the aanbieders' count of clients: distinct clients with at least one
#: day of care in the year, the "in de loop van het jaar" count of the volume tables (not
#: the clients in care on 1 January, which the volume charts call ``aantal_clienten``).
CLIENTEN_IN_JAAR = "aantal_clienten_in_jaar"

#: Sheet names of the meldingen topic, in workbook order.
MELDINGBLADEN = ("Meldingen per maand", "Doorlooptijden", "Wachttijden")

#: Rounds of the topic audit that hides more cells where the tables of one topic together
#: still give a hidden cell away (see :func:`beveilig_onderwerp`).
RONDES = 8


def _binnen_jaren(df: pd.DataFrame, jaren: tuple[int, int] | None) -> pd.DataFrame:
    """Rows whose ``jaar`` (or month) lies in ``jaren``; all rows for ``None``.

    >>> _binnen_jaren(pd.DataFrame({"periode_maand": pd.to_datetime(["2021-05-01",
    ...     "2022-01-01"])}), (2022, 2022))["periode_maand"].dt.year.tolist()
    [2022]
    """
    if jaren is None:
        return df.reset_index(drop=True)
    if "jaar" in df.columns:
        jaar = pd.to_numeric(df["jaar"], errors="coerce")
    else:
        jaar = pd.to_datetime(df["periode_maand"].astype(str), errors="coerce").dt.year
    return df[jaar.between(*jaren)].reset_index(drop=True)


def _met_publicatienamen(df: pd.DataFrame) -> pd.DataFrame:
    """The aanbieders' client count under its published name (with its marker).

    >>> _met_publicatienamen(pd.DataFrame({"aantal_clienten": [12],
    ...     "aantal_clienten_onderdrukt": [False]})).columns.tolist()
    ['aantal_clienten_in_jaar', 'aantal_clienten_in_jaar_onderdrukt']
    """
    return df.rename(
        columns={
            "aantal_clienten": CLIENTEN_IN_JAAR,
            f"aantal_clienten{MARKER_SUFFIX}": f"{CLIENTEN_IN_JAAR}{MARKER_SUFFIX}",
        }
    )


# --- aanbieders ----------------------------------------------------------------------------


def gepubliceerde_aanbieders(toewijzingen: pd.DataFrame, gekoppeld: pd.DataFrame) -> pd.DataFrame:
    """The suppressed overview per aanbieder, categorie and jaar (notebook 05 and the sheet).

    Args:
        toewijzingen: Processed toewijzingen.
        gekoppeld: Processed ``declaraties_gekoppeld``.

    Returns:
        :func:`sdanalysis.analyse.aanbieders.publiceerbaar_overzicht` of the overview, with
        the analysis' column names (``aantal_clienten``); :func:`aanbiedersblad` and
        :func:`aanbiedersdashboard` publish it.
    """
    from sdanalysis.analyse import aanbieders as pv

    return pv.publiceerbaar_overzicht(pv.aanbieder_overzicht(toewijzingen, gekoppeld))


def aanbiedersblad(gepubliceerd: pd.DataFrame) -> pd.DataFrame:
    """The workbook sheet "Aanbieders": the shared table under its published names.

    >>> blad = aanbiedersblad(pd.DataFrame({"jaar": [2024], "aantal_clienten": [pd.NA],
    ...     "aantal_clienten_onderdrukt": [True]}))
    >>> blad.columns.tolist()
    ['jaar', 'aantal_clienten_in_jaar', 'aantal_clienten_in_jaar_onderdrukt']
    """
    return _met_publicatienamen(gepubliceerd)


def aanbiedersdashboard(
    gepubliceerd: pd.DataFrame, trajecten: pd.DataFrame, jaar: int, **opties: object
) -> pd.DataFrame:
    """Notebook 05's table of the largest aanbieders: rows of the shared table, with ``jaar``.

    The year is a column (not only in the caption), so the publication audit compares each
    cell with the same cell of the sheet "Aanbieders" instead of with a sum over all years.

    Args:
        gepubliceerd: :func:`gepubliceerde_aanbieders`.
        trajecten: :func:`sdanalysis.analyse.trajecten.trajecten`.
        jaar: The year shown.
        **opties: Passed on to :func:`sdanalysis.analyse.aanbieders.dashboard`.

    Returns:
        ``jaar`` and the dashboard's columns under their published names.
    """
    from sdanalysis.analyse import aanbieders as pv

    tabel = pv.dashboard(gepubliceerd, trajecten, jaar, **opties)
    return _met_publicatienamen(tabel.assign(jaar=int(jaar))[["jaar", *tabel.columns]])


# --- meldingen -----------------------------------------------------------------------------


def _afgeleid(df: pd.DataFrame) -> list[str]:
    prefix = ("mediaan", "gemiddelde", "aandeel", "p25", "p75", "percentiel")
    return [c for c in df.columns if c.startswith(prefix)]


def _tellingen(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c.startswith("aantal_")]


def _primair(df: pd.DataFrame, kolom: str) -> np.ndarray:
    grootte = pd.to_numeric(df[kolom]).abs().to_numpy(dtype=float, na_value=np.nan)
    return (grootte > 0) & (grootte < instellingen.SUPPRESSIE_DREMPEL)


def _rijregel(
    df: pd.DataFrame, masker: dict[str, np.ndarray], totaal: str, delen: Sequence[str]
) -> bool:
    """``totaal = sum(delen)`` on every row: one hidden cell of the row gets a second one.

    The smallest visible non-zero part is hidden (the total only when no part is left), so
    the extra cell stays inside this table's row. Returns whether anything changed.
    """
    kolommen = [totaal, *delen]
    verborgen = np.column_stack([masker[k] for k in kolommen]).sum(axis=1)
    veranderd = False
    for i in np.flatnonzero(verborgen == 1):
        kandidaten = [k for k in delen if not masker[k][i]] or [totaal]
        waarden = {k: float(pd.to_numeric(df[k]).iloc[i]) for k in kandidaten}
        keuze = min(kandidaten, key=lambda k: (waarden[k] <= 0, waarden[k]))
        masker[keuze][i] = True
        veranderd = True
    return veranderd


def _maskers(
    df: pd.DataFrame,
    tellingen: Sequence[str],
    groep_kolommen: Sequence[Sequence[str]],
    som: tuple[str, Sequence[str]] | None = None,
    vooraf: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Primary and secondary suppression of the counts, closed under the groups and the row sum.

    Args:
        df: Unsuppressed table.
        tellingen: Count columns.
        groep_kolommen: Total groups per count (see ``onderdruk_kleine_aantallen``).
        som: ``(totaal, delen)`` that add up on every row, or ``None``.
        vooraf: Cells to hide whatever their value (per count column).

    Returns:
        Count column -> hidden cells.
    """
    vooraf = vooraf or {}
    masker = {k: _primair(df, k) | vooraf.get(k, np.zeros(len(df), dtype=bool)) for k in tellingen}
    for _ in range(len(df) * len(tellingen) + 1):
        veranderd = False
        for k in tellingen:
            nieuw = aanvullend_masker(df, k, masker[k], [list(g) for g in groep_kolommen])
            if (nieuw != masker[k]).any():
                masker[k], veranderd = nieuw, True
        if som is not None and _rijregel(df, masker, *som):
            veranderd = True
        if not veranderd:
            break
    return masker


def _toegepast(
    df: pd.DataFrame, masker: Mapping[str, np.ndarray], afhankelijk: Sequence[str] = ()
) -> pd.DataFrame:
    """The table as ``onderdruk_kleine_aantallen`` returns it, from the masks.

    Hidden counts are missing, each count has its marker, and the derived columns of a row
    with a hidden count are blank.
    """
    uit = df.copy()
    rij = np.zeros(len(df), dtype=bool)
    for k, m in masker.items():
        reeks = uit[k].astype("Int64") if pd.api.types.is_integer_dtype(uit[k]) else uit[k]
        uit[k] = reeks.mask(pd.Series(m, index=uit.index))
        uit[f"{k}{MARKER_SUFFIX}"] = m
        rij |= m
    for k in afhankelijk:
        uit[k] = uit[k].mask(pd.Series(rij, index=uit.index))
    uit[MARKER_KOLOM] = rij
    return uit


def _meldingtabellen(
    meldingen: pd.DataFrame, toewijzingen: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The three sheets of the meldingen topic, suppressed together, all years."""
    from sdanalysis.analyse import meldingen as ml

    maanden = ml.meldingen_per_maand(meldingen, groepen=("wet",))
    door = ml.doorlooptijd_per_maand(meldingen, periode="jaar")
    wacht = ml.wachttijd_per_maand(ml.wachttijden(meldingen, toewijzingen), periode="jaar")
    # per year across the wetten: the report names the year's total over all wetten
    m_door = _maskers(
        door, _tellingen(door), [["jaar"]], ("aantal_meldingen", ("aantal_afgerond", "aantal_open"))
    )
    m_wacht = _maskers(
        wacht,
        _tellingen(wacht),
        [["jaar"]],
        ("aantal_toegekend", ("aantal_gestart", "aantal_wacht")),
    )
    verborgen = door.loc[m_door["aantal_meldingen"], ["jaar", "wet"]]
    m_maand = {"aantal_meldingen": maandmasker(maanden, verborgen)}
    return {
        "Meldingen per maand": _toegepast(maanden, m_maand),
        "Doorlooptijden": _toegepast(door, m_door, _afgeleid(door)),
        "Wachttijden": _toegepast(wacht, m_wacht, _afgeleid(wacht)),
    }


def maandmasker(
    maanden: pd.DataFrame, verborgen_jaren: pd.DataFrame, kolom: str = "aantal_meldingen"
) -> np.ndarray:
    """Hidden months of a count per month and wet whose years add up to a published total.

    The months of a year add up to that year's count per wet: a hidden month needs a
    second hidden month of that year and wet (and of that month, across the wetten), and a
    year count that is hidden needs hidden months, or their sum gives it back. Where it has
    none, its smallest non-zero month is hidden and the rule adds a second.

    Args:
        maanden: ``periode_maand``, ``wet`` and the count (true values).
        verborgen_jaren: ``jaar`` and ``wet`` of the hidden year counts.
        kolom: The count.

    Returns:
        One bool per month row.

    >>> m = pd.DataFrame({"periode_maand": pd.date_range("2024-01-01", periods=4, freq="MS"),
    ...                   "wet": "WMO", "aantal_meldingen": [20, 12, 30, 25]})
    >>> maandmasker(m, pd.DataFrame({"jaar": [2024], "wet": ["WMO"]})).tolist()
    [True, True, False, False]
    >>> maandmasker(m, pd.DataFrame({"jaar": [], "wet": []})).tolist()
    [False, False, False, False]
    """
    jaar = pd.to_datetime(maanden["periode_maand"]).dt.year
    m = maanden.assign(_jaar=jaar.to_numpy())
    sleutel = set(zip(verborgen_jaren["jaar"].astype(int), verborgen_jaren["wet"], strict=True))
    primair = _primair(m, kolom)
    vooraf = np.zeros(len(m), dtype=bool)
    for (j, wet), posities in m.groupby(["_jaar", "wet"], sort=True).indices.items():
        if (int(j), wet) not in sleutel or primair[posities].any():
            continue
        waarden = pd.to_numeric(m[kolom]).to_numpy(dtype=float)[posities]
        if (waarden > 0).any():
            vooraf[posities[np.argmin(np.where(waarden > 0, waarden, np.inf))]] = True
    groepen = [["periode_maand"], ["_jaar", "wet"]]
    return _maskers(m, [kolom], groepen, vooraf={kolom: vooraf})[kolom]


def beveilig_onderwerp(bladen: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of one topic with extra cells hidden until their audit is clean.

    The structural rules above cover the relations a reader can use; this is the check on
    them: the publication audit (:func:`sdanalysis.publiceren.audit.beveilig_werkmap`) of
    the topic's tables, hiding a further cell per relation that still pins a hidden one.

    Args:
        bladen: Sheet name -> suppressed table of one topic.

    Returns:
        The tables (a new dict).
    """
    from sdanalysis.publiceren.audit import beveilig_werkmap

    nieuw, _ = beveilig_werkmap(bladen, rondes=RONDES)
    return nieuw


def gepubliceerde_meldingen(
    meldingen: pd.DataFrame,
    toewijzingen: pd.DataFrame,
    jaren: tuple[int, int] | None = None,
) -> dict[str, pd.DataFrame]:
    """The suppressed sheets "Meldingen per maand", "Doorlooptijden" and "Wachttijden".

    Notebook 06 draws its chart of meldingen per month from the first and shows
    :func:`meldingen_per_jaar` of the other two; the workbook writes all three.

    Args:
        meldingen: Processed meldingen (all of them: the years are cut afterwards).
        toewijzingen: Processed toewijzingen (for the wachttijd).
        jaren: First and last year to keep (default: all).

    Returns:
        Sheet name -> table with ``<kolom>_onderdrukt`` markers.
    """
    bladen = beveilig_onderwerp(_meldingtabellen(meldingen, toewijzingen))
    return {naam: _binnen_jaren(bladen[naam], jaren) for naam in MELDINGBLADEN}


def meldingen_per_jaar(bladen: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Notebook 06's table per jaar and wet: the cells of "Doorlooptijden" and "Wachttijden".

    Args:
        bladen: :func:`gepubliceerde_meldingen`.

    Returns:
        ``jaar``, ``wet``, ``aantal_meldingen``, the doorlooptijd (median with interval,
        share within the legal term), ``aantal_toegekend`` and the wachttijd (median with
        interval), with the markers of the sheets.

    >>> door = pd.DataFrame({"jaar": [2024], "wet": ["WMO"], "aantal_meldingen": [40],
    ...     "aantal_meldingen_onderdrukt": [False], "mediaan_doorlooptijd_dagen": [30.0]})
    >>> wacht = pd.DataFrame({"jaar": [2024], "wet": ["WMO"], "aantal_toegekend": [pd.NA],
    ...     "aantal_toegekend_onderdrukt": [True], "mediaan_wachttijd_dagen": [None]})
    >>> t = meldingen_per_jaar({"Doorlooptijden": door, "Wachttijden": wacht})
    >>> t["aantal_toegekend_onderdrukt"].tolist(), t["is_onderdrukt"].tolist()
    ([True], [True])
    """
    sleutel = ["jaar", "wet"]

    def deel(df: pd.DataFrame, telling: str, prefix: tuple[str, ...]) -> pd.DataFrame:
        kolommen = [c for c in df.columns if c.startswith(prefix)]
        return df[[*sleutel, telling, f"{telling}{MARKER_SUFFIX}", *kolommen]]

    door = deel(bladen["Doorlooptijden"], "aantal_meldingen", ("mediaan_doorlooptijd", "aandeel"))
    wacht = deel(bladen["Wachttijden"], "aantal_toegekend", ("mediaan_wachttijd",))
    uit = door.merge(wacht, on=sleutel, how="left")
    marker = f"aantal_toegekend{MARKER_SUFFIX}"
    geen = uit[marker].isna()  # no toegekende melding in that year and wet: zero, not hidden
    uit[marker] = uit[marker].astype("boolean").fillna(False).astype(bool)
    uit["aantal_toegekend"] = uit["aantal_toegekend"].astype("Int64").mask(geen, 0)
    uit[MARKER_KOLOM] = uit[f"aantal_meldingen{MARKER_SUFFIX}"].astype(bool) | uit[marker]
    return uit
