"""Zakelijk partnerschap: the dashboard per aanbieder, concentration and reduction paths.

A dashboard per zorgaanbieder (how many clients, which trajecten started, progress),
agreements with the providers that together hold a share of the jeugdhulp budget (the
*kernset*), and agreements on a cost reduction for a set of productcategorieën. The share
and the agreements come from the gemeente profile (``Gemeenteprofiel.kernset_fractie``,
``Gemeenteprofiel.afspraken``), passed as parameters. This module computes the figures
from the processed ``toewijzingen`` and ``declaraties_gekoppeld`` (every declaratie with
its toewijzing, joined once in the build):

- :func:`aanbieder_overzicht`: per aanbieder, categorie and period: clients in care,
  trajecten started/ended, duration, volume, cost, cost per client and per unit, compared
  with the average of the providers in the same categorie; :func:`publiceerbaar_overzicht`
  with small counts suppressed, :func:`dashboard` the largest rows of one year.
- :func:`budgetaandelen`, :func:`concentratie`, :func:`hhi`: budget shares, the smallest
  set of providers holding the kernset share, top-N share and Herfindahl-Hirschman index.
- :func:`mutaties_aanbieders`, :func:`toe_en_uittreding`: providers entering and leaving,
  with the cost they carry.
- :func:`reductiepad`, :func:`volg_reductiepad`, :func:`volg_afspraken`: an agreed
  reduction path against the actual cost, gap per year.
- :func:`kosten_per_aanbieder_parquet`, :func:`kosten_reeks_parquet`: the cost sums out of
  core, DuckDB aggregating the processed parquet file (national scale).

Trajecten, their duration and switches between providers are in
:mod:`sdanalysis.analyse.trajecten`. Definitions are documented in ``docs/aanbieders.md``.

>>> k = pd.DataFrame({"jaar": 2019, "aanbieder_agb": list("ABC"), "kosten_eur": [6.0, 3.0, 1.0]})
>>> concentratie(k, groepen=["jaar"], drempel_aandeel=0.6)[["hhi", "kernset_aantal"]].values.tolist()
[[4600.0, 1.0]]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.pxq import (
    als_pandas_typen,
    duckdb_verbinding,
    parquet_dtypes,
    parquet_kolommen,
    parquet_sql,
    som_eur_sql,
    sql_in,
    sql_naam,
    sql_tekst,
)
from sdanalysis.analyse.trajecten import bepaal_peildatum, trajectduur, trajecten
from sdanalysis.bouw.verrijken import aanbieder_namen
from sdanalysis.contracts import ONBEKEND, vereis_kolommen
from sdanalysis.instellingen import Afspraak
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

#: Code of the Jeugdwet in the ``wet`` column: the kernset is a share of the jeugdhulp budget.
JEUGDWET = "JW"

_PERIODES = ("jaar", "kwartaal", "maand")

#: Count columns of the overview that are suppressed before publication.
TELKOLOMMEN = ("aantal_clienten", "trajecten_gestart", "trajecten_beeindigd")
#: Columns derived from few persons, blanked when the count they depend on is suppressed.
AFGELEIDE_KOLOMMEN: dict[str, str] = {
    "kosten_per_client_eur": "aantal_clienten",
    "index_kosten_per_client": "aantal_clienten",
    "gem_duur_dagen": "trajecten_gestart",  # duration of the cohort started in the period
    "mediaan_duur_dagen": "trajecten_gestart",
}
_MAATKOLOMMEN = (
    *TELKOLOMMEN,
    "gem_duur_dagen",
    "mediaan_duur_dagen",
    "volume_eenheden",
    "eenheid",
    "kosten_eur",
    "kosten_per_client_eur",
    "kosten_per_eenheid_eur",
    "gem_categorie_kosten_per_client_eur",
    "index_kosten_per_client",
    "gem_categorie_kosten_per_eenheid_eur",
    "index_kosten_per_eenheid",
    "aandeel_kosten_categorie_fractie",
)


# --------------------------------------------------------------------------- helpers


def _ordinaal(datum: pd.Series, periode: str) -> np.ndarray:
    """Period number of every date: the year, or year·4+quarter, or year·12+month."""
    d = pd.to_datetime(datum)
    jaar = d.dt.year.to_numpy(dtype=float, na_value=np.nan)
    maand = d.dt.month.to_numpy(dtype=float, na_value=np.nan)
    if periode == "jaar":
        return jaar
    if periode == "kwartaal":
        return jaar * 4 + (maand - 1) // 3
    return jaar * 12 + (maand - 1)


def _periode_kolommen(ordinaal: pd.Series, periode: str) -> pd.DataFrame:
    o = ordinaal.astype("int64")
    if periode == "jaar":
        jaar = o
        label = o.astype(str)
    elif periode == "kwartaal":
        jaar = o // 4
        label = jaar.astype(str) + "-K" + (o % 4 + 1).astype(str)
    else:
        jaar = o // 12
        label = jaar.astype(str) + "-" + (o % 12 + 1).astype(str).str.zfill(2)
    return pd.DataFrame({"periode": label.astype("str"), "jaar": jaar.astype("int64")})


def _controleer_periode(periode: str) -> None:
    if periode not in _PERIODES:
        raise ValueError(f"periode moet een van {_PERIODES} zijn, niet {periode!r}.")


# --------------------------------------------------------------------------- cost, clients


def kosten_per_aanbieder(
    gekoppeld: pd.DataFrame,
    groepen: Sequence[str] = ("jaar",),
    wet: str | None = None,
) -> pd.DataFrame:
    """Declared cost per aanbieder (and ``groepen``, e.g. jaar, wet, categorie).

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        groepen: Extra grouping columns of ``gekoppeld``.
        wet: Keep only ``"JW"`` or ``"WMO"`` (default all).

    Returns:
        aanbieder_agb, aanbieder_naam, *groepen, kosten_eur. The sum over aanbieders equals
        the sum of ``bedrag_eur`` (of that wet).

    >>> g = pd.DataFrame({"aanbieder_agb": ["1", "1", "2"], "aanbieder_naam": ["A", "A", "B"],
    ...     "jaar": 2019, "wet": "JW", "bedrag_eur": [10.0, 5.0, 7.0]})
    >>> kosten_per_aanbieder(g)["kosten_eur"].tolist()
    [15.0, 7.0]
    """
    vereis_kolommen(gekoppeld, ["aanbieder_agb", "aanbieder_naam", "bedrag_eur"], "declaraties")
    g = gekoppeld if wet is None else gekoppeld.loc[gekoppeld["wet"] == wet]
    groepen = list(groepen)
    vereis_kolommen(g, groepen, "gekoppelde declaraties")
    uit = (
        # dropna=False: a provider without a name (or a row without a group) keeps its euros
        g.groupby(
            ["aanbieder_agb", "aanbieder_naam", *groepen], sort=True, observed=True, dropna=False
        )["bedrag_eur"]
        .sum()
        .reset_index()
        .rename(columns={"bedrag_eur": "kosten_eur"})
    )
    return uit


def kosten_reeks(
    gekoppeld: pd.DataFrame,
    wet: str | None = None,
    productcategorieen: Iterable[str] | None = None,
    categorieen: Iterable[str] | None = None,
    aanbieders: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Declared cost per jaar for a selection (e.g. the productcategorieën of an agreement).

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        wet: Keep only this wet.
        productcategorieen: Keep only these productcategorie codes.
        categorieen: Keep only these categorieën.
        aanbieders: Keep only these AGB codes.

    Returns:
        jaar, kosten_eur.

    >>> g = pd.DataFrame({"jaar": [2019, 2019, 2020], "productcategorie": ["43", "45", "43"],
    ...     "bedrag_eur": [10.0, 5.0, 7.0]})
    >>> kosten_reeks(g, productcategorieen=["43"]).values.tolist()
    [[2019.0, 10.0], [2020.0, 7.0]]
    """
    vereis_kolommen(gekoppeld, ["jaar", "bedrag_eur"], "gekoppelde declaraties")
    g = gekoppeld
    m = pd.Series(True, index=g.index)
    filters = (
        ("wet", None if wet is None else [wet]),
        ("productcategorie", productcategorieen),
        ("categorie", categorieen),
        ("aanbieder_agb", aanbieders),
    )
    for kolom, waarden in filters:
        if waarden is not None:
            m &= g[kolom].isin(list(waarden))
    uit = g.loc[m].groupby("jaar")["bedrag_eur"].sum().reset_index()
    return uit.rename(columns={"bedrag_eur": "kosten_eur"})


def _sql_sleutel_ordening(sleutel: list[str]) -> tuple[str, str]:
    """GROUP BY and ORDER BY lists: pandas sorts missing keys last (``dropna=False``)."""
    namen = [sql_naam(k) for k in sleutel]
    return ", ".join(namen), ", ".join(f"{k} ASC NULLS LAST" for k in namen)


def kosten_per_aanbieder_parquet(
    pad: str | Path,
    groepen: Sequence[str] = ("jaar",),
    wet: str | None = None,
    geheugen: str | None = None,
) -> pd.DataFrame:
    """:func:`kosten_per_aanbieder` out of core: DuckDB sums the parquet file.

    For ``declaraties_gekoppeld`` tables larger than memory; only the result reaches pandas.
    Same columns, dtypes, order and amounts as :func:`kosten_per_aanbieder` on the same
    table (a provider without a name or a row without a group keeps its euros, sorted
    last); amounts are summed exactly to the cent (see :mod:`sdanalysis.analyse.pxq`).

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob of parquet files).
        groepen: Extra grouping columns.
        wet: Keep only ``"JW"`` or ``"WMO"`` (default all).
        geheugen: DuckDB memory limit, e.g. ``"4GB"``.

    Returns:
        aanbieder_agb, aanbieder_naam, *groepen, kosten_eur.

    >>> import tempfile
    >>> g = pd.DataFrame({"aanbieder_agb": ["1", "1", "2"], "aanbieder_naam": ["A", "A", "B"],
    ...     "jaar": 2019, "wet": "JW", "bedrag_eur": [10.0, 5.0, 7.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> kosten_per_aanbieder_parquet(p)["kosten_eur"].tolist()
    [15.0, 7.0]
    """
    bron = parquet_sql(pad)
    con = duckdb_verbinding(geheugen)
    kolommen = pd.DataFrame(columns=parquet_kolommen(con, bron))
    vereis_kolommen(kolommen, ["aanbieder_agb", "aanbieder_naam", "bedrag_eur"], "declaraties")
    vereis_kolommen(kolommen, [*groepen, *(["wet"] if wet else [])], "gekoppelde declaraties")
    sleutel = ["aanbieder_agb", "aanbieder_naam", *groepen]
    groep, orde = _sql_sleutel_ordening(sleutel)
    waar = "TRUE" if wet is None else f"wet = {sql_tekst(wet)}"
    uit = con.execute(
        f"SELECT {groep}, CAST(coalesce({som_eur_sql('bedrag_eur')}, 0) AS DOUBLE) AS kosten_eur "
        f"FROM {bron} WHERE {waar} GROUP BY {groep} ORDER BY {orde}"
    ).df()
    dtypes = parquet_dtypes(pad)
    uit = als_pandas_typen(uit, {k: dtypes[k] for k in sleutel})
    return uit[[*sleutel, "kosten_eur"]].astype({"kosten_eur": "float64"})


def kosten_reeks_parquet(
    pad: str | Path,
    wet: str | None = None,
    productcategorieen: Iterable[str] | None = None,
    categorieen: Iterable[str] | None = None,
    aanbieders: Iterable[str] | None = None,
    geheugen: str | None = None,
) -> pd.DataFrame:
    """:func:`kosten_reeks` out of core: DuckDB filters and sums the parquet file.

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob of parquet files).
        wet: Keep only this wet.
        productcategorieen: Keep only these productcategorie codes.
        categorieen: Keep only these categorieën.
        aanbieders: Keep only these AGB codes.
        geheugen: DuckDB memory limit, e.g. ``"4GB"``.

    Returns:
        jaar, kosten_eur: the same as :func:`kosten_reeks` (amounts exact to the cent).

    >>> import tempfile
    >>> g = pd.DataFrame({"jaar": [2019, 2019, 2020], "productcategorie": ["43", "45", "43"],
    ...     "bedrag_eur": [10.0, 5.0, 7.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> kosten_reeks_parquet(p, productcategorieen=["43"]).values.tolist()
    [[2019.0, 10.0], [2020.0, 7.0]]
    """
    bron = parquet_sql(pad)
    con = duckdb_verbinding(geheugen)
    kolommen = pd.DataFrame(columns=parquet_kolommen(con, bron))
    vereis_kolommen(kolommen, ["jaar", "bedrag_eur"], "gekoppelde declaraties")
    filters = (
        ("wet", None if wet is None else [wet]),
        ("productcategorie", productcategorieen),
        ("categorie", categorieen),
        ("aanbieder_agb", aanbieders),
    )
    waar = ["jaar IS NOT NULL"]
    for kolom, waarden in filters:
        if waarden is not None:
            vereis_kolommen(kolommen, [kolom], "gekoppelde declaraties")
            waar.append(sql_in(kolom, list(waarden)))
    uit = con.execute(
        f"SELECT jaar, CAST(coalesce({som_eur_sql('bedrag_eur')}, 0) AS DOUBLE) AS kosten_eur "
        f"FROM {bron} WHERE {' AND '.join(waar)} GROUP BY jaar ORDER BY jaar"
    ).df()
    uit = als_pandas_typen(uit, {"jaar": parquet_dtypes(pad)["jaar"]})
    return uit.astype({"kosten_eur": "float64"})


def clienten_in_zorg(
    toewijzingen: pd.DataFrame,
    groepen: Sequence[str] = ("aanbieder_agb",),
    periode: str = "jaar",
    peildatum: object = None,
) -> pd.DataFrame:
    """Distinct clients with at least one day of toewijzing in each period, per group.

    A client counts once per group and period however many toewijzingen overlap. Periods
    after the peildatum are not counted (an open einddatum runs to the peildatum).

    Args:
        toewijzingen: Processed toewijzingen.
        groepen: Grouping columns of the toewijzingen.
        periode: ``"jaar"``, ``"kwartaal"`` or ``"maand"``.
        peildatum: Date of observation (default the latest ingangsdatum).

    Returns:
        *groepen, periode, jaar, aantal_clienten.

    >>> t = pd.DataFrame({"client_id": ["c1", "c1", "c2"],
    ...     "aanbieder_agb": ["1", "1", "1"],
    ...     "ingangsdatum": pd.to_datetime(["2019-03-01", "2019-06-01", "2020-02-01"]),
    ...     "einddatum": pd.to_datetime(["2020-01-31", "2019-08-01", None])})
    >>> clienten_in_zorg(t, peildatum="2020-12-31")[["jaar", "aantal_clienten"]].values.tolist()
    [[2019, 1], [2020, 2]]
    """
    _controleer_periode(periode)
    groepen = list(groepen)
    vereis_kolommen(
        toewijzingen, [*groepen, "client_id", "ingangsdatum", "einddatum"], "toewijzingen"
    )
    peil = bepaal_peildatum(toewijzingen, peildatum)
    t = toewijzingen.loc[toewijzingen["ingangsdatum"] <= peil]
    eind = t["einddatum"].where(t["einddatum"].notna() & (t["einddatum"] <= peil), peil)
    o_start = _ordinaal(t["ingangsdatum"], periode)
    o_eind = _ordinaal(eind, periode)
    n = (o_eind - o_start + 1).astype("int64")
    if (n < 1).any():
        raise ValueError("toewijzingen: een einddatum ligt vóór de ingangsdatum.")
    rij = np.repeat(np.arange(len(t)), n)
    stap = np.arange(len(rij)) - np.repeat(np.cumsum(n) - n, n)
    lang = t[[*groepen, "client_id"]].iloc[rij].reset_index(drop=True)
    for k in lang.columns:
        if isinstance(lang[k].dtype, pd.CategoricalDtype):
            lang[k] = lang[k].astype("str")
    lang["_o"] = o_start[rij].astype("int64") + stap
    lang = lang.drop_duplicates()
    uit = lang.groupby([*groepen, "_o"], sort=True).size().reset_index(name="aantal_clienten")
    per = _periode_kolommen(uit["_o"], periode)
    uit = pd.concat([uit.drop(columns="_o"), per], axis=1)
    uit["aantal_clienten"] = uit["aantal_clienten"].astype("int64")
    return uit[[*groepen, "periode", "jaar", "aantal_clienten"]]


def _trajecttellingen(
    toewijzingen: pd.DataFrame,
    sleutel: list[str],
    periode: str,
    peil: pd.Timestamp,
    max_onderbreking_dagen: int | None,
) -> list[pd.DataFrame]:
    """Trajecten started and ended per period, and the duration of each start cohort."""
    tr = trajecten(toewijzingen, peil, max_onderbreking_dagen)
    extra = [g for g in sleutel if g not in tr.columns]
    if extra:
        raise ValueError(
            f"aanbieder_overzicht: groepen {extra} zijn geen kenmerk van een traject; "
            "kies uit wet, categorie."
        )
    tr["_o_start"] = _ordinaal(tr["traject_start"], periode).astype("int64")
    tr["_o_eind"] = _ordinaal(tr["traject_eind"], periode)
    gestart = tr.groupby([*sleutel, "_o_start"]).size().rename("trajecten_gestart")
    gestart.index = gestart.index.set_names([*sleutel, "_o"])
    afgesloten = tr.loc[~tr["is_lopend"]].copy()
    afgesloten["_o_eind"] = afgesloten["_o_eind"].astype("int64")
    beeindigd = afgesloten.groupby([*sleutel, "_o_eind"]).size().rename("trajecten_beeindigd")
    beeindigd.index = beeindigd.index.set_names([*sleutel, "_o"])
    duur = trajectduur(tr, groepen=[*sleutel, "_o_start"]).rename(columns={"_o_start": "_o"})
    duur = duur.set_index([*sleutel, "_o"])[["gem_duur_dagen", "mediaan_duur_dagen"]]
    return [gestart.to_frame(), beeindigd.to_frame(), duur]


def _kosten_per_periode(gekoppeld: pd.DataFrame, sleutel: list[str], periode: str) -> pd.DataFrame:
    """Cost and declared units per key and period; NaN units and ``gemengd`` when mixed."""
    dc = gekoppeld[[*sleutel, "periode_start", "bedrag_eur"]].copy()
    dc["_o"] = _ordinaal(dc["periode_start"], periode).astype("int64")
    for k in sleutel:
        dc[k] = dc[k].astype("str")
    dc["geleverd_volume"] = gekoppeld.get("geleverd_volume", np.nan)
    eenheid = gekoppeld["eenheid"] if "eenheid" in gekoppeld.columns else pd.NA
    dc["eenheid"] = pd.Series(eenheid, index=dc.index).astype("string").fillna("?")
    kosten = dc.groupby([*sleutel, "_o"]).agg(
        kosten_eur=("bedrag_eur", "sum"),
        volume_eenheden=("geleverd_volume", "sum"),
        _n_eenheden=("eenheid", "nunique"),
        eenheid=("eenheid", "first"),
    )
    gemengd = kosten["_n_eenheden"] > 1
    kosten.loc[gemengd, "volume_eenheden"] = np.nan
    kosten["eenheid"] = kosten["eenheid"].astype("str").where(~gemengd, "gemengd")
    return kosten.drop(columns="_n_eenheden")


def _vergelijk_in_groep(uit: pd.DataFrame, groepen: list[str], min_cl: int) -> pd.DataFrame:
    """Cost per client and per unit, the group mean, the index and the share in the group."""
    with np.errstate(divide="ignore", invalid="ignore"):
        uit["kosten_per_client_eur"] = np.where(
            uit["aantal_clienten"] > 0, uit["kosten_eur"] / uit["aantal_clienten"], np.nan
        )
        vol = uit["volume_eenheden"].to_numpy(dtype=float, na_value=np.nan)
        uit["kosten_per_eenheid_eur"] = np.where(vol > 0, uit["kosten_eur"] / vol, np.nan)
    vergelijk = [*groepen, "_o"]
    gv = uit.groupby(vergelijk, dropna=False)
    genoeg = uit["kosten_per_client_eur"].where(uit["aantal_clienten"] >= min_cl)
    uit["gem_categorie_kosten_per_client_eur"] = genoeg.groupby(
        [uit[k] for k in vergelijk], dropna=False
    ).transform("mean")
    uit["gem_categorie_kosten_per_eenheid_eur"] = gv["kosten_per_eenheid_eur"].transform("mean")
    uit["index_kosten_per_client"] = (
        100 * uit["kosten_per_client_eur"] / uit["gem_categorie_kosten_per_client_eur"]
    )
    uit["index_kosten_per_eenheid"] = (
        100 * uit["kosten_per_eenheid_eur"] / uit["gem_categorie_kosten_per_eenheid_eur"]
    )
    totaal = gv["kosten_eur"].transform("sum")
    uit["aandeel_kosten_categorie_fractie"] = np.where(
        totaal != 0, uit["kosten_eur"] / totaal, np.nan
    )
    return uit


def aanbieder_overzicht(
    toewijzingen: pd.DataFrame,
    gekoppeld: pd.DataFrame,
    periode: str = "jaar",
    groepen: Sequence[str] = ("categorie",),
    peildatum: object = None,
    max_onderbreking_dagen: int | None = None,
    min_clienten_vergelijking: int | None = None,
) -> pd.DataFrame:
    """The dashboard table: per aanbieder, group (default categorie) and period.

    Columns:
        periode, jaar, aanbieder_agb, aanbieder_naam, *groepen,
        aantal_clienten (distinct clients in care during the period),
        trajecten_gestart / trajecten_beeindigd (trajecten starting / ending in the period),
        gem_duur_dagen / mediaan_duur_dagen (Kaplan-Meier restricted mean and median of the
        trajecten started in the period, lopende censored at the peildatum),
        volume_eenheden and eenheid (declared units; NaN and ``"gemengd"`` when a cell mixes
        units), kosten_eur (declaraties by periode_start), kosten_per_client_eur,
        kosten_per_eenheid_eur, gem_categorie_kosten_per_client_eur and
        gem_categorie_kosten_per_eenheid_eur (unweighted mean over the aanbieders of the
        same group and period; for cost per client only over aanbieders with at least
        ``min_clienten_vergelijking`` clients), index_kosten_per_client /
        index_kosten_per_eenheid (100 = that mean), aandeel_kosten_categorie_fractie
        (share in the cost of the group).

    A provider only has rows for periods in which it had clients, trajecten or cost; a
    provider entering mid-year has a first row in that year (or month).

    Args:
        toewijzingen: Processed toewijzingen.
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        periode: ``"jaar"``, ``"kwartaal"`` or ``"maand"``.
        groepen: Columns of the toewijzing next to the aanbieder (``()`` for the aanbieder
            as a whole; the comparison is then with all aanbieders).
        peildatum: Date of observation (default latest ingangsdatum).
        max_onderbreking_dagen: See :func:`sdanalysis.analyse.trajecten.trajecten`.
        min_clienten_vergelijking: Aanbieders with fewer clients in the period do not count
            in the categorie mean of cost per client (default ``instellingen.SUPPRESSIE_DREMPEL``):
            their per-client cost is noisy, and a published mean that includes a suppressed
            aanbieder would let a reader compute its cost per client, and from its visible
            cost its client count. They still get an index against the mean of the others.

    Returns:
        The table described above, one row per aanbieder, group and period.
    """
    _controleer_periode(periode)
    min_cl = (
        instellingen.SUPPRESSIE_DREMPEL
        if min_clienten_vergelijking is None
        else int(min_clienten_vergelijking)
    )
    groepen = [g for g in groepen if g not in ("aanbieder_agb", "aanbieder_naam")]
    sleutel = ["aanbieder_agb", *groepen]
    peil = bepaal_peildatum(toewijzingen, peildatum)
    cl = clienten_in_zorg(toewijzingen, sleutel, periode, peil)
    cl["_o"] = _ordinaal_van(cl, periode)
    delen = _trajecttellingen(toewijzingen, sleutel, periode, peil, max_onderbreking_dagen)
    delen.append(_kosten_per_periode(gekoppeld, sleutel, periode))
    basis = cl.set_index([*sleutel, "_o"])[["aantal_clienten"]]
    uit = basis.join(delen, how="outer").reset_index()
    for k in TELKOLOMMEN:
        uit[k] = uit[k].fillna(0).astype("int64")
    uit["kosten_eur"] = uit["kosten_eur"].fillna(0.0)
    uit = pd.concat([_periode_kolommen(uit["_o"], periode), uit], axis=1)
    namen = aanbieder_namen(toewijzingen)
    # astype(object) first: with no name at all (e.g. from iJw/iWmo messages) the mapped
    # column is numeric-typed and cannot hold the text ONBEKEND
    uit["aanbieder_naam"] = (
        uit["aanbieder_agb"].map(namen).astype(object).fillna(ONBEKEND).astype("str")
    )
    uit = _vergelijk_in_groep(uit, groepen, min_cl)
    uit = uit.sort_values(
        ["_o", *groepen, "kosten_eur"],
        ascending=[True] * (len(groepen) + 1) + [False],
        kind="stable",
    )
    kolommen = ["periode", "jaar", "aanbieder_agb", "aanbieder_naam", *groepen, *_MAATKOLOMMEN]
    return uit[kolommen].reset_index(drop=True)


def _ordinaal_van(df: pd.DataFrame, periode: str) -> np.ndarray:
    """Period number back from the ``periode`` label."""
    label = df["periode"].astype("str")
    if periode == "jaar":
        return label.astype("int64").to_numpy()
    jaar = label.str.slice(0, 4).astype("int64").to_numpy()
    if periode == "kwartaal":
        return jaar * 4 + label.str.slice(6).astype("int64").to_numpy() - 1
    return jaar * 12 + label.str.slice(5).astype("int64").to_numpy() - 1


def publiceerbaar_overzicht(overzicht: pd.DataFrame, drempel: int | None = None) -> pd.DataFrame:
    """The overview ready for publication: small counts suppressed.

    Counts (clients, trajecten gestart/beëindigd) below the threshold are suppressed, plus
    secondary suppressions so that none can be recovered from the total of its
    categorie and period (the cells of one group and period form one total group). Values
    that describe few persons are blanked with the count they rest on
    (:data:`AFGELEIDE_KOLOMMEN`): cost per client and its index with ``aantal_clienten``,
    the durations of the start cohort with ``trajecten_gestart``. The categorie mean of cost
    per client and the index are recomputed over the visible aanbieders only. Costs of
    aanbieders stay visible (business figures).
    """
    vereis_kolommen(overzicht, [*TELKOLOMMEN, "periode", "aanbieder_agb"], "overzicht")
    vast = set(_MAATKOLOMMEN) | {"aanbieder_agb", "aanbieder_naam", "jaar"}
    totaalgroep = [c for c in overzicht.columns if c not in vast]
    afgeleid = {c: b for c, b in AFGELEIDE_KOLOMMEN.items() if c in overzicht.columns}
    uit = onderdruk_kleine_aantallen(
        overzicht,
        list(TELKOLOMMEN),
        groep_kolommen=totaalgroep,
        drempel=drempel,
        afhankelijke_kolommen=afgeleid,
    )
    if {"kosten_per_client_eur", "gem_categorie_kosten_per_client_eur"} <= set(uit.columns):
        # The published mean uses only the visible aanbieders, so that it cannot be used
        # to compute the cost per client (and so the count) of a suppressed one.
        zichtbaar = uit["kosten_per_client_eur"].where(~uit["aantal_clienten_onderdrukt"])
        sleutels = [uit[k] for k in totaalgroep] if totaalgroep else [pd.Series(0, uit.index)]
        gem = zichtbaar.groupby(sleutels, dropna=False).transform("mean")
        uit["gem_categorie_kosten_per_client_eur"] = gem
        if "index_kosten_per_client" in uit.columns:
            uit["index_kosten_per_client"] = 100 * zichtbaar / gem
    return uit


def grootste_aanbieder(kosten: pd.DataFrame, wet: str | None = JEUGDWET) -> str:
    """AGB code of the aanbieder with the highest total cost (within ``wet``).

    Args:
        kosten: Output of :func:`kosten_per_aanbieder` (with a ``wet`` column when ``wet``
            is given).
        wet: ``"JW"`` (default), ``"WMO"`` or None for all.

    >>> k = pd.DataFrame({"aanbieder_agb": ["1", "2", "1"], "wet": ["JW", "JW", "WMO"],
    ...                   "kosten_eur": [5.0, 8.0, 9.0]})
    >>> grootste_aanbieder(k), grootste_aanbieder(k, wet=None)
    ('2', '1')
    """
    vereis_kolommen(kosten, ["aanbieder_agb", "kosten_eur"], "kosten")
    k = kosten
    if wet is not None:
        vereis_kolommen(kosten, ["wet"], "kosten")
        k = k.loc[k["wet"] == wet]
    k = k.loc[k["aanbieder_agb"] != ONBEKEND]
    if k.empty:
        raise ValueError(f"Geen kosten gevonden voor wet {wet!r}.")
    som = k.groupby("aanbieder_agb")["kosten_eur"].sum()
    return str(som.sort_values(ascending=False, kind="stable").index[0])


# --------------------------------------------------------------------------- concentration


def hhi(aandelen: Iterable[float]) -> float:
    """Herfindahl-Hirschman index on the 0–10.000 scale (shares as fractions).

    >>> hhi([0.5, 0.3, 0.2])
    3800.0
    >>> hhi([1.0])
    10000.0
    """
    a = np.asarray(list(aandelen), dtype=float)
    return float(np.sum((100 * a) ** 2))


def budgetaandelen(
    kosten: pd.DataFrame,
    groepen: Sequence[str] = ("jaar",),
    drempel_aandeel: float | None = None,
) -> pd.DataFrame:
    """Budget share per aanbieder, ranked, and the smallest set holding ``drempel_aandeel``.

    Within each group the aanbieders are ranked by cost (highest first). With a threshold
    (e.g. the profile's ``kernset_fractie``), ``in_kernset`` is True for the smallest number
    of aanbieders that together hold at least that share: taking the largest first is the
    smallest possible set. Aanbieders with net cost ≤ 0 (only credit notes) get share 0.

    Args:
        kosten: :func:`kosten_per_aanbieder` output.
        groepen: Columns within which shares are computed (e.g. ``["jaar"]``).
        drempel_aandeel: Share the kernset must hold (0-1); ``None``: no kernset column.

    Returns:
        The input columns plus rang, aandeel_fractie, cumulatief_fractie and, with a
        threshold, in_kernset.

    >>> k = pd.DataFrame({"jaar": 2019, "aanbieder_agb": list("ABCDE"),
    ...                   "kosten_eur": [10.0, 40.0, 20.0, 25.0, 5.0]})
    >>> b = budgetaandelen(k, drempel_aandeel=0.6)
    >>> b["aanbieder_agb"].tolist(), b["in_kernset"].tolist()
    (['B', 'D', 'C', 'A', 'E'], [True, True, False, False, False])
    """
    groepen = list(groepen)
    vereis_kolommen(kosten, [*groepen, "aanbieder_agb", "kosten_eur"], "kosten")
    if drempel_aandeel is not None and not 0 < drempel_aandeel <= 1:
        raise ValueError(f"drempel_aandeel moet tussen 0 en 1 liggen, niet {drempel_aandeel}.")
    k = kosten.copy()
    k["_pos"] = k["kosten_eur"].clip(lower=0)
    k = k.sort_values(
        [*groepen, "kosten_eur", "aanbieder_agb"],
        ascending=[True] * len(groepen) + [False, True],
        kind="stable",
    )
    if groepen:
        g = k.groupby(groepen, sort=False)
        totaal = g["_pos"].transform("sum")
        k["rang"] = g.cumcount() + 1
    else:
        totaal = pd.Series(k["_pos"].sum(), index=k.index)
        k["rang"] = np.arange(1, len(k) + 1)
    k["aandeel_fractie"] = np.where(totaal > 0, k["_pos"] / totaal, np.nan)
    k["cumulatief_fractie"] = (
        k.groupby(groepen, sort=False)["aandeel_fractie"].cumsum()
        if groepen
        else k["aandeel_fractie"].cumsum()
    )
    if drempel_aandeel is not None:
        vorige = k["cumulatief_fractie"] - k["aandeel_fractie"]
        k["in_kernset"] = (vorige < drempel_aandeel - 1e-12) & (k["aandeel_fractie"] > 0)
    k["rang"] = k["rang"].astype("int64")
    return k.drop(columns="_pos").reset_index(drop=True)


def controleer_kernset(aandelen: pd.DataFrame, drempel_aandeel: float) -> list[str]:
    """Problems with a kernset, as Dutch sentences; empty when it is right.

    A kernset must hold at least ``drempel_aandeel`` of its group's cost and be the
    smallest such set: without its smallest member it stays below the threshold.

    Args:
        aandelen: One group of :func:`budgetaandelen` output (with ``in_kernset``).
        drempel_aandeel: The threshold the kernset was computed with.

    Returns:
        A list of problems (empty list: the kernset is right).

    >>> k = pd.DataFrame({"aanbieder_agb": list("ABC"), "kosten_eur": [5.0, 3.0, 2.0]})
    >>> controleer_kernset(budgetaandelen(k, groepen=(), drempel_aandeel=0.6), 0.6)
    []
    """
    vereis_kolommen(aandelen, ["aandeel_fractie", "in_kernset"], "budgetaandelen")
    kern = aandelen.loc[aandelen["in_kernset"], "aandeel_fractie"]
    fouten = []
    if float(kern.sum()) < drempel_aandeel - 1e-9:
        fouten.append(f"de kernset heeft samen {float(kern.sum())}, minder dan {drempel_aandeel}")
    if len(kern) and float(kern.sum() - kern.min()) >= drempel_aandeel:
        fouten.append("de kernset is niet de kleinste: zonder de kleinste haalt hij de drempel ook")
    return fouten


def concentratie(
    kosten: pd.DataFrame,
    groepen: Sequence[str] = ("categorie", "jaar"),
    top_n: Sequence[int] = (1, 3, 5),
    drempel_aandeel: float | None = None,
) -> pd.DataFrame:
    """Concentration measures per group (e.g. per categorie and jaar).

    Args:
        kosten: :func:`kosten_per_aanbieder` output.
        groepen: Groups within which concentration is measured.
        top_n: Sizes of the top groups whose share is reported.
        drempel_aandeel: Kernset threshold (0-1); ``None``: no kernset columns.

    Returns:
        *groepen, aantal_aanbieders (with positive cost), totaal_kosten_eur, hhi (0–10.000),
        effectief_aantal_aanbieders (10.000 / hhi: the number of equal-sized providers with
        the same HHI), ``top{n}_fractie`` per n and, with a threshold, kernset_aantal
        (smallest number of aanbieders holding ``drempel_aandeel``) and kernset_fractie
        (their share).

    >>> k = pd.DataFrame({"categorie": "X", "jaar": 2019, "aanbieder_agb": list("ABC"),
    ...                   "kosten_eur": [50.0, 30.0, 20.0]})
    >>> r = concentratie(k, top_n=(1, 2), drempel_aandeel=0.6).iloc[0]
    >>> float(r["hhi"]), float(r["top2_fractie"]), int(r["kernset_aantal"])
    (3800.0, 0.8, 2)
    """
    groepen = list(groepen)
    b = budgetaandelen(kosten, groepen, drempel_aandeel)
    gegroepeerd = b.groupby(groepen, sort=True) if groepen else [((), b)]
    rijen = [_concentratie_groep(g, groepen, sleutel, top_n) for sleutel, g in gegroepeerd]
    return pd.DataFrame(rijen)


def _concentratie_groep(
    g: pd.DataFrame, groepen: list[str], sleutel: object, top_n: Sequence[int]
) -> dict[str, object]:
    sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
    a = g["aandeel_fractie"].fillna(0).to_numpy()
    h = hhi(a)
    rij: dict[str, object] = {
        **dict(zip(groepen, sleutel, strict=True)),
        "aantal_aanbieders": int((g["kosten_eur"] > 0).sum()),
        "totaal_kosten_eur": float(g["kosten_eur"].sum()),
        "hhi": h,
        "effectief_aantal_aanbieders": 10_000 / h if h > 0 else np.nan,
    }
    for n in top_n:
        rij[f"top{n}_fractie"] = float(a[:n].sum())
    if "in_kernset" in g.columns:
        rij["kernset_aantal"] = int(g["in_kernset"].sum())
        rij["kernset_fractie"] = float(g.loc[g["in_kernset"], "aandeel_fractie"].sum())
    return rij


def mutaties_aanbieders(kosten: pd.DataFrame, groepen: Sequence[str] = ()) -> pd.DataFrame:
    """Providers entering and leaving, per jaar, with the cost they carry.

    An aanbieder is active in a year when it has positive cost. ``toetreding`` in year t:
    active in t, not in t−1 (cost = its cost in t). ``uittreding`` in year t: active in
    t−1, not in t (cost = its cost in t−1, the budget that moved elsewhere). The first year
    of the data has no mutations (nothing is known before it).

    Args:
        kosten: :func:`kosten_per_aanbieder` output with ``jaar``.
        groepen: Other columns to look within (e.g. ``["wet"]``, ``["categorie"]``).

    Returns:
        *groepen, jaar, aanbieder_agb, aanbieder_naam, soort, kosten_eur.

    >>> k = pd.DataFrame({"jaar": [2019, 2019, 2020, 2020], "aanbieder_agb": list("ABAC"),
    ...                   "aanbieder_naam": list("ABAC"), "kosten_eur": [5.0, 3.0, 6.0, 2.0]})
    >>> mutaties_aanbieders(k)[["jaar", "aanbieder_agb", "soort", "kosten_eur"]].values.tolist()
    [[2020, 'C', 'toetreding', 2.0], [2020, 'B', 'uittreding', 3.0]]
    """
    groepen = list(groepen)
    vereis_kolommen(kosten, [*groepen, "jaar", "aanbieder_agb", "kosten_eur"], "kosten")
    k = kosten.copy()
    if "aanbieder_naam" not in k.columns:
        k["aanbieder_naam"] = k["aanbieder_agb"]
    sleutel = [*groepen, "aanbieder_agb"]
    k = k.groupby([*sleutel, "jaar"], as_index=False).agg(
        aanbieder_naam=("aanbieder_naam", "first"), kosten_eur=("kosten_eur", "sum")
    )
    actief = k.loc[k["kosten_eur"] > 0]
    jaren = sorted(k["jaar"].unique())
    rijen = []
    for vorig, jaar in zip(jaren[:-1], jaren[1:], strict=True):
        nu = actief.loc[actief["jaar"] == jaar]
        toen = actief.loc[actief["jaar"] == vorig]
        sl_nu = set(map(tuple, nu[sleutel].to_numpy().tolist()))
        sl_toen = set(map(tuple, toen[sleutel].to_numpy().tolist()))
        nieuw = nu.loc[[tuple(r) not in sl_toen for r in nu[sleutel].to_numpy().tolist()]]
        weg = toen.loc[[tuple(r) not in sl_nu for r in toen[sleutel].to_numpy().tolist()]]
        rijen.append(nieuw.assign(jaar=jaar, soort="toetreding"))
        rijen.append(weg.assign(jaar=jaar, soort="uittreding"))
    kolommen = [*groepen, "jaar", "aanbieder_agb", "aanbieder_naam", "soort", "kosten_eur"]
    if not rijen:
        return pd.DataFrame(columns=kolommen)
    uit = pd.concat(rijen, ignore_index=True)[kolommen]
    uit["jaar"] = uit["jaar"].astype("int64")
    return uit.reset_index(drop=True)


def toe_en_uittreding(kosten: pd.DataFrame, groepen: Sequence[str] = ()) -> pd.DataFrame:
    """Per jaar: number of entering/leaving providers and their cost, next to the total.

    Args:
        kosten: :func:`kosten_per_aanbieder` output with ``jaar``.
        groepen: Other columns to look within (e.g. ``["categorie"]``).

    Returns:
        *groepen, jaar, aantal_aanbieders, totaal_kosten_eur, aantal_toetreders,
        kosten_toetreders_eur, aandeel_toetreders_fractie, aantal_uittreders,
        kosten_uittreders_eur (their cost in the year before).

    >>> k = pd.DataFrame({"jaar": [2019, 2019, 2020, 2020], "aanbieder_agb": list("ABAC"),
    ...                   "kosten_eur": [5.0, 3.0, 6.0, 2.0]})
    >>> r = toe_en_uittreding(k).iloc[1]
    >>> int(r["aantal_toetreders"]), float(r["aandeel_toetreders_fractie"])
    (1, 0.25)
    >>> int(r["aantal_uittreders"])
    1
    """
    groepen = list(groepen)
    m = mutaties_aanbieders(kosten, groepen)
    pos = kosten.loc[kosten["kosten_eur"] > 0]
    basis = pos.groupby([*groepen, "jaar"]).agg(
        aantal_aanbieders=("aanbieder_agb", "nunique"), totaal_kosten_eur=("kosten_eur", "sum")
    )
    toe = (
        m.loc[m["soort"] == "toetreding"]
        .groupby([*groepen, "jaar"])
        .agg(
            aantal_toetreders=("aanbieder_agb", "size"), kosten_toetreders_eur=("kosten_eur", "sum")
        )
    )
    uit_ = (
        m.loc[m["soort"] == "uittreding"]
        .groupby([*groepen, "jaar"])
        .agg(
            aantal_uittreders=("aanbieder_agb", "size"), kosten_uittreders_eur=("kosten_eur", "sum")
        )
    )
    uit = basis.join([toe, uit_], how="left").reset_index()
    for k in ("aantal_toetreders", "aantal_uittreders"):
        uit[k] = uit[k].fillna(0).astype("int64")
    for k in ("kosten_toetreders_eur", "kosten_uittreders_eur"):
        uit[k] = uit[k].fillna(0.0)
    eerste = uit.groupby(groepen)["jaar"].transform("min") if groepen else uit["jaar"].min()
    uit["aandeel_toetreders_fractie"] = uit["kosten_toetreders_eur"] / uit["totaal_kosten_eur"]
    # The first year of the data has no known predecessor: no mutations there.
    leeg = uit["jaar"] == eerste
    uit.loc[
        leeg, ["kosten_toetreders_eur", "aandeel_toetreders_fractie", "kosten_uittreders_eur"]
    ] = np.nan
    kolommen = [
        *groepen,
        "jaar",
        "aantal_aanbieders",
        "totaal_kosten_eur",
        "aantal_toetreders",
        "kosten_toetreders_eur",
        "aandeel_toetreders_fractie",
        "aantal_uittreders",
        "kosten_uittreders_eur",
    ]
    return uit[kolommen]


# --------------------------------------------------------------------------- reduction path


def reductiepad(
    basisjaar: int,
    basisbedrag_eur: float,
    reductie_fractie: float | None = None,
    jaren: int | None = None,
    pad: Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """An agreed cost path: linear reduction or an explicitly agreed path.

    Args:
        basisjaar: Year of the starting level (reduction 0).
        basisbedrag_eur: Cost in the base year.
        reductie_fractie: Total reduction after ``jaren`` years (0.20 = 20%); required
            without ``pad``.
        jaren: Number of years to reach the full reduction; required without ``pad``.
        pad: Optional agreed path ``{jaar: cumulative reduction fraction}``; overrides
            the linear path (the base year is added with 0 when absent).

    Returns:
        jaar, reductie_cumulatief_fractie, doel_eur.

    >>> reductiepad(2018, 10_000_000, 0.2, 4)["doel_eur"].tolist()
    [10000000.0, 9500000.0, 9000000.0, 8500000.0, 8000000.0]
    >>> reductiepad(2018, 100.0, pad={2019: 0.02, 2020: 0.1})["doel_eur"].tolist()
    [100.0, 98.0, 90.0]
    """
    if not np.isfinite(basisbedrag_eur) or basisbedrag_eur <= 0:
        raise ValueError(f"basisbedrag_eur moet een positief bedrag zijn, niet {basisbedrag_eur}.")
    jaar, fractie = (
        _lineair_pad(basisjaar, reductie_fractie, jaren)
        if pad is None
        else _afgesproken_pad(basisjaar, pad)
    )
    return pd.DataFrame(
        {
            "jaar": jaar.astype("int64"),
            "reductie_cumulatief_fractie": fractie.astype(float),
            "doel_eur": basisbedrag_eur * (1 - fractie),
        }
    )


def _lineair_pad(
    basisjaar: int, reductie: float | None, jaren: int | None
) -> tuple[np.ndarray, np.ndarray]:
    if reductie is None or jaren is None:
        raise ValueError("reductiepad: geef reductie_fractie en jaren, of een afgesproken pad.")
    if jaren < 1 or not 0 <= reductie < 1:
        raise ValueError("reductiepad: jaren ≥ 1 en 0 ≤ reductie < 1 verwacht.")
    jaar = np.arange(basisjaar, basisjaar + jaren + 1)
    return jaar, reductie * (jaar - basisjaar) / jaren


def _afgesproken_pad(basisjaar: int, pad: Mapping[int, float]) -> tuple[np.ndarray, np.ndarray]:
    p = {int(basisjaar): 0.0, **{int(j): float(v) for j, v in pad.items()}}
    if any(j < basisjaar for j in p):
        raise ValueError("reductiepad: een jaar van het pad ligt vóór het basisjaar.")
    if any(not 0 <= v < 1 for v in p.values()):
        raise ValueError("reductiepad: reducties in het pad moeten tussen 0 en 1 liggen.")
    jaar = np.array(sorted(p))
    return jaar, np.array([p[j] for j in jaar])


def volg_reductiepad(pad: pd.DataFrame, werkelijk: pd.DataFrame) -> pd.DataFrame:
    """Compare the agreed path with the actual cost, per year of the path.

    Args:
        pad: Output of :func:`reductiepad`.
        werkelijk: jaar, kosten_eur (e.g. :func:`kosten_reeks`).

    Returns:
        jaar, doel_eur, werkelijk_eur (NaN when not yet known), verschil_eur (werkelijk −
        doel; positive = above the path), verschil_fractie (of doel), reductie_doel_fractie,
        reductie_werkelijk_fractie (1 − werkelijk / base-year cost), op_koers.

    >>> p = reductiepad(2018, 100.0, reductie_fractie=0.2, jaren=2)
    >>> w = pd.DataFrame({"jaar": [2018, 2019, 2020], "kosten_eur": [100.0, 95.0, 75.0]})
    >>> volg_reductiepad(p, w)[["verschil_eur", "op_koers"]].values.tolist()
    [[0.0, True], [5.0, False], [-5.0, True]]
    """
    vereis_kolommen(pad, ["jaar", "doel_eur", "reductie_cumulatief_fractie"], "reductiepad")
    vereis_kolommen(werkelijk, ["jaar", "kosten_eur"], "werkelijke kosten")
    w = werkelijk.groupby("jaar", as_index=False)["kosten_eur"].sum()
    uit = pad.merge(w, on="jaar", how="left").rename(
        columns={
            "kosten_eur": "werkelijk_eur",
            "reductie_cumulatief_fractie": "reductie_doel_fractie",
        }
    )
    basis = float(pad["doel_eur"].iloc[0])
    uit["verschil_eur"] = uit["werkelijk_eur"] - uit["doel_eur"]
    uit["verschil_fractie"] = uit["verschil_eur"] / uit["doel_eur"]
    uit["reductie_werkelijk_fractie"] = 1 - uit["werkelijk_eur"] / basis
    uit["op_koers"] = (uit["werkelijk_eur"] <= uit["doel_eur"] + 1e-9).where(
        uit["werkelijk_eur"].notna()
    )
    uit["op_koers"] = uit["op_koers"].astype("boolean")
    return uit[
        [
            "jaar",
            "doel_eur",
            "werkelijk_eur",
            "verschil_eur",
            "verschil_fractie",
            "reductie_doel_fractie",
            "reductie_werkelijk_fractie",
            "op_koers",
        ]
    ]


def volg_afspraak(gekoppeld: pd.DataFrame, afspraak: Afspraak, eerste_jaar: int) -> pd.DataFrame:
    """The reduction path of one agreement of the gemeente profile against the actual cost.

    The cost is that of the agreement's productcategorieën (:func:`kosten_reeks`); the path
    starts at the cost of its base year (``afspraak.basisjaar``, else ``eerste_jaar``) and
    falls linearly by ``afspraak.reductie_fractie`` over ``afspraak.jaren`` years.

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        afspraak: The agreement (:class:`sdanalysis.instellingen.Afspraak`).
        eerste_jaar: First year in range, the base year when the agreement names none.

    Returns:
        :func:`volg_reductiepad` output with ``afspraak`` (its name) in front.

    Raises:
        ValueError: No positive cost of those productcategorieën in the base year.
    """
    reeks = kosten_reeks(gekoppeld, productcategorieen=afspraak.productcategorieen)
    basisjaar = afspraak.basisjaar if afspraak.basisjaar is not None else int(eerste_jaar)
    basis = reeks.loc[reeks["jaar"] == basisjaar, "kosten_eur"].sum()
    if not basis > 0:
        raise ValueError(
            f"afspraak {afspraak.naam}: geen kosten van productcategorie(ën) "
            f"{', '.join(afspraak.productcategorieen)} in basisjaar {basisjaar}."
        )
    pad = reductiepad(basisjaar, float(basis), afspraak.reductie_fractie, afspraak.jaren)
    uit = volg_reductiepad(pad, reeks)
    uit.insert(0, "afspraak", afspraak.naam)
    return uit


def volg_afspraken(
    gekoppeld: pd.DataFrame, afspraken: Sequence[Afspraak], eerste_jaar: int
) -> pd.DataFrame:
    """:func:`volg_afspraak` for every agreement of the profile, one below the other.

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        afspraken: The agreements (``Gemeenteprofiel.afspraken``); may be empty.
        eerste_jaar: First year in range.

    Returns:
        The paths of all agreements with an ``afspraak`` column; empty (with the columns)
        when the profile has no agreements.

    >>> g = pd.DataFrame({"jaar": [2018, 2019], "productcategorie": ["43", "43"],
    ...     "bedrag_eur": [100.0, 90.0]})
    >>> a = Afspraak("WVHS", ("43",), 0.2, 2, 2018)
    >>> volg_afspraken(g, [a], 2018)[["afspraak", "jaar", "op_koers"]].values.tolist()
    [['WVHS', 2018, True], ['WVHS', 2019, True], ['WVHS', 2020, <NA>]]
    """
    delen = [volg_afspraak(gekoppeld, a, eerste_jaar) for a in afspraken]
    if delen:
        return pd.concat(delen, ignore_index=True)
    leeg = volg_reductiepad(
        reductiepad(0, 1.0, 0.0, 1), pd.DataFrame(columns=["jaar", "kosten_eur"])
    )
    return leeg.iloc[0:0].assign(afspraak=pd.Series(dtype="str"))[["afspraak", *leeg.columns]]


# --------------------------------------------------------------------------- dashboard


def dashboard(
    gepubliceerd: pd.DataFrame,
    trajecten_df: pd.DataFrame,
    jaar: int,
    wet: str | None = JEUGDWET,
    aantal: int = 15,
) -> pd.DataFrame:
    """The largest aanbieder × categorie rows of one year, with the median traject duration.

    Args:
        gepubliceerd: :func:`publiceerbaar_overzicht` per categorie and year.
        trajecten_df: :func:`sdanalysis.analyse.trajecten.trajecten`; the median duration
            over all trajecten of an aanbieder in a categorie (lopende censored) is taken
            from it, with small numbers suppressed.
        jaar: The year shown.
        wet: Keep only categorieën of this wet (default Jeugdwet); ``None`` keeps all.
        aantal: Number of rows (highest cost first).

    Returns:
        ``aanbieder_naam``, ``categorie``, the counts, ``mediaan_duur_dagen``, the cost
        columns and the suppression markers.
    """
    vereis_kolommen(gepubliceerd, ["jaar", "aanbieder_agb", "categorie", "kosten_eur"], "overzicht")
    rijen = gepubliceerd.loc[gepubliceerd["jaar"] == jaar].drop(columns="mediaan_duur_dagen")
    if wet is not None:
        categorieen = set(trajecten_df.loc[trajecten_df["wet"] == wet, "categorie"].astype(str))
        rijen = rijen.loc[rijen["categorie"].astype(str).isin(categorieen)]
    rijen = rijen.nlargest(aantal, "kosten_eur")
    duur = onderdruk_kleine_aantallen(
        trajectduur(trajecten_df, groepen=["aanbieder_agb", "categorie"]),
        "aantal_trajecten",
        groep_kolommen="categorie",
        afhankelijke_kolommen=["mediaan_duur_dagen"],
    )
    duur["mediaan_duur_dagen_onderdrukt"] = duur["aantal_trajecten_onderdrukt"]
    rijen = rijen.merge(
        duur[["aanbieder_agb", "categorie", "mediaan_duur_dagen", "mediaan_duur_dagen_onderdrukt"]],
        on=["aanbieder_agb", "categorie"],
        how="left",
    )
    kolommen = [
        "aanbieder_naam",
        "categorie",
        "aantal_clienten",
        "trajecten_gestart",
        "trajecten_beeindigd",
        "mediaan_duur_dagen",
        "kosten_eur",
        "kosten_per_client_eur",
        "index_kosten_per_client",
    ]
    markers = [k for k in rijen.columns if k.endswith("_onderdrukt") or k == "is_onderdrukt"]
    return rijen[kolommen + markers].reset_index(drop=True)
