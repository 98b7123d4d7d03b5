"""P × Q: cost per client and per unit, and the change in cost split into volume, mix and price.

The method part of the budget analysis (``docs/begroting-pxq.md``):

- :func:`pxq_cellen`, :func:`kosten_per_client`, :func:`kosten_per_eenheid`: price P (per
  client or per unit) and volume Q per year and cell, from the processed table
  ``declaraties_gekoppeld`` (every declaratie with its toewijzing, joined once in the build).
- :func:`pxq_decompositie`, :func:`pxq_jaar_op_jaar`, :func:`pxq_per_jaar`: the change in
  cost split into volume, mix (per level of the hierarchy), price, interaction and cost
  without volume; the parts add up exactly to the total difference, for every node.
- :func:`pxq_brug`: the bridge (waterfall) rows of a decomposition;
  :func:`pxq_restverschil_eur` checks the identity, :func:`grootste_verschillen` picks the
  nodes that moved most.
- :func:`pxq_cellen_parquet`, :func:`kosten_per_client_parquet`,
  :func:`kosten_per_eenheid_parquet`: the same cells out of core, DuckDB aggregating the
  processed parquet file (national scale); :func:`parquet_sql`, :func:`duckdb_verbinding`
  and the other helpers of that section serve the ``*_parquet`` functions of
  :mod:`sdanalysis.analyse.aanbieders` and :mod:`sdanalysis.analyse.begroting` too.

All functions take DataFrames and return new DataFrames with numbers; inputs are never mutated.
"""

from __future__ import annotations

import glob
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sdanalysis.contracts import ONBEKEND, vereis_kolommen
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

if TYPE_CHECKING:
    import duckdb

#: Readable Dutch names of hierarchy levels, used in bridge labels.
NIVEAU_NAMEN: dict[str, str] = {
    "wet": "wetten",
    "categorie": "categorieën",
    "aanbieder_agb": "aanbieders",
    "aanbieder_naam": "aanbieders",
    "taakveld": "taakvelden",
    "taakveld_reeks": "taakvelden",
    "productcategorie": "productcategorieën",
}

#: Effect columns that every decomposition has, next to one ``mix_<niveau>_eur`` per level.
VASTE_EFFECTEN = ("volume_effect_eur", "prijs_effect_eur", "interactie_eur", "zonder_volume_eur")


def vul_niveaus(df: pd.DataFrame, niveaus: Sequence[str]) -> pd.DataFrame:
    """Copy with missing level values replaced by :data:`~sdanalysis.contracts.ONBEKEND`.

    A groupby then keeps those rows instead of dropping them.

    >>> vul_niveaus(pd.DataFrame({"categorie": ["A", None]}), ["categorie"])["categorie"].tolist()
    ['A', '(onbekend)']
    """
    uit = df.copy()
    for k in niveaus:
        uit[k] = uit[k].astype("string").fillna(ONBEKEND).astype(object)
    return uit


# --------------------------------------------------------------------------- P and Q


def pxq_cellen(
    gekoppeld: pd.DataFrame,
    niveaus: Sequence[str] = ("wet", "categorie"),
    volume: str = "clienten",
) -> pd.DataFrame:
    """Cost and volume per year and cell (P × Q input).

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        niveaus: Columns that define a cell (e.g. wet, categorie, aanbieder_agb).
        volume: ``"clienten"``: Q = number of distinct clients whose net amount in the
            cell and year is positive (a client with only credit rows is not counted);
            ``"eenheden"``: Q = sum of ``geleverd_volume`` (credit rows count with the
            sign they carry; negative volume on a credit row is taken as given). Units of
            different ``eenheid`` cannot be added: with ``"eenheden"`` the cells must
            have one eenheid (put ``eenheid`` in ``niveaus`` or filter first).

    Returns:
        ``jaar``, the niveaus, ``bedrag_eur`` (sum, credits included), ``volume``,
        ``aantal_regels``.

    >>> g = pd.DataFrame({"jaar": [2019] * 3, "categorie": ["A", "A", "A"],
    ...     "client_id": ["c1", "c2", "c2"], "bedrag_eur": [100.0, 50.0, -50.0]})
    >>> pxq_cellen(g, ["categorie"]).values.tolist()
    [[2019, 'A', 100.0, 1, 3]]
    """
    niveaus = list(niveaus)
    if volume not in ("clienten", "eenheden"):
        raise ValueError(f"volume moet 'clienten' of 'eenheden' zijn, niet {volume!r}.")
    nodig = ["jaar", *niveaus, "bedrag_eur"]
    nodig += ["client_id"] if volume == "clienten" else ["geleverd_volume", "eenheid"]
    vereis_kolommen(gekoppeld, nodig, "gekoppelde declaraties")
    df = vul_niveaus(gekoppeld, niveaus)
    sleutel = ["jaar", *niveaus]
    basis = (
        df.groupby(sleutel, sort=True)
        .agg(bedrag_eur=("bedrag_eur", "sum"), aantal_regels=("bedrag_eur", "size"))
        .reset_index()
    )
    if volume == "clienten":
        per_client = df.groupby([*sleutel, "client_id"], sort=False)["bedrag_eur"].sum()
        positief = per_client[per_client > 0].reset_index()
        q = positief.groupby(sleutel).size().rename("volume").reset_index()
    else:
        eenheden = df.groupby(sleutel)["eenheid"].nunique(dropna=True)
        if (eenheden > 1).any():
            cel = eenheden[eenheden > 1].index[0]
            cel = ", ".join(map(str, cel if isinstance(cel, tuple) else (cel,)))
            raise ValueError(
                f"volume='eenheden': een cel bevat meer dan één eenheid ({cel}); neem "
                "'eenheid' op in niveaus of filter op één eenheid."
            )
        if df["eenheid"].nunique(dropna=True) > 1 and "eenheid" not in niveaus:
            raise ValueError(
                "volume='eenheden': de cellen hebben verschillende eenheden "
                f"({sorted(df['eenheid'].dropna().astype(str).unique())}); eenheden tellen "
                "niet op over cellen heen. Filter op één eenheid of gebruik volume='clienten'."
            )
        q = df.groupby(sleutel)["geleverd_volume"].sum(min_count=1).fillna(0.0)
        q = q.rename("volume").reset_index()
    uit = basis.merge(q, on=sleutel, how="left")
    uit["volume"] = uit["volume"].fillna(0)
    if volume == "clienten":
        uit["volume"] = uit["volume"].astype("int64")
    uit["jaar"] = uit["jaar"].astype("int64")
    return uit[[*sleutel, "bedrag_eur", "volume", "aantal_regels"]]


def kosten_per_client(
    gekoppeld: pd.DataFrame, niveaus: Sequence[str] = ("wet", "categorie")
) -> pd.DataFrame:
    """Cost per client per year and group (P per client, Q = clients).

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        niveaus: Grouping columns.

    Returns:
        ``jaar``, niveaus, ``bedrag_eur``, ``aantal_clienten``, ``kosten_per_client_eur``
        (NaN when there is no client with a positive amount).

    >>> g = pd.DataFrame({"jaar": [2019, 2019], "categorie": ["A", "A"],
    ...     "client_id": ["c1", "c2"], "bedrag_eur": [100.0, 300.0]})
    >>> kosten_per_client(g, ["categorie"])["kosten_per_client_eur"].tolist()
    [200.0]
    """
    return _per_client(pxq_cellen(gekoppeld, niveaus, volume="clienten"))


def _per_client(cellen: pd.DataFrame) -> pd.DataFrame:
    """Cost per client from :func:`pxq_cellen` cells with ``volume="clienten"``."""
    uit = cellen.rename(columns={"volume": "aantal_clienten"}).drop(columns="aantal_regels")
    noemer = uit["aantal_clienten"].where(uit["aantal_clienten"] > 0)
    uit["kosten_per_client_eur"] = uit["bedrag_eur"] / noemer
    return uit


def kosten_per_eenheid(
    gekoppeld: pd.DataFrame, niveaus: Sequence[str] = ("wet", "categorie")
) -> pd.DataFrame:
    """Cost per delivered unit per year, group and eenheid.

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld`` (needs ``geleverd_volume``,
            ``eenheid``).
        niveaus: Grouping columns; ``eenheid`` is added so units never mix.

    Returns:
        ``jaar``, niveaus, ``eenheid``, ``bedrag_eur``, ``geleverd_volume``,
        ``kosten_per_eenheid_eur`` (NaN when the net volume is not positive).

    >>> g = pd.DataFrame({"jaar": [2019] * 2, "categorie": ["A"] * 2, "eenheid": ["04"] * 2,
    ...     "geleverd_volume": [10.0, 5.0], "bedrag_eur": [600.0, 300.0]})
    >>> kosten_per_eenheid(g, ["categorie"])["kosten_per_eenheid_eur"].tolist()
    [60.0]
    """
    niv = [*[n for n in niveaus if n != "eenheid"], "eenheid"]
    return _per_eenheid(pxq_cellen(gekoppeld, niv, volume="eenheden"))


def _per_eenheid(cellen: pd.DataFrame) -> pd.DataFrame:
    """Cost per unit from :func:`pxq_cellen` cells with ``volume="eenheden"``."""
    uit = cellen.rename(columns={"volume": "geleverd_volume"}).drop(columns="aantal_regels")
    noemer = uit["geleverd_volume"].where(uit["geleverd_volume"] > 0)
    uit["kosten_per_eenheid_eur"] = uit["bedrag_eur"] / noemer
    return uit


# --------------------------------------------------------------------------- decomposition


def effect_kolommen(niveaus: Sequence[str]) -> list[str]:
    """Names of the effect columns of :func:`pxq_decompositie` for these levels.

    Their sum equals ``verschil_vergelijk_min_basis_eur`` on every row.

    >>> effect_kolommen(["wet"])
    ['volume_effect_eur', 'mix_wet_eur', 'prijs_effect_eur', 'interactie_eur', 'zonder_volume_eur']
    """
    return _componenten(niveaus)


def _componenten(niveaus: Sequence[str]) -> list[str]:
    return [
        "volume_effect_eur",
        *[f"mix_{n}_eur" for n in niveaus],
        "prijs_effect_eur",
        "interactie_eur",
        "zonder_volume_eur",
    ]


def _controleer_pxq_invoer(
    basis: pd.DataFrame,
    vergelijk: pd.DataFrame,
    niveaus: list[str],
    volume_kolom: str,
    bedrag_kolom: str,
) -> None:
    if not niveaus:
        raise ValueError("niveaus: geef minstens één niveau op, bijv. ['categorie'].")
    if len(set(niveaus)) != len(niveaus):
        raise ValueError(f"niveaus: elk niveau mag maar één keer voorkomen ({niveaus}).")
    for naam, df in (("basis", basis), ("vergelijk", vergelijk)):
        vereis_kolommen(df, [*niveaus, volume_kolom, bedrag_kolom], naam)
        for k in (volume_kolom, bedrag_kolom):
            if len(df) and not pd.api.types.is_numeric_dtype(df[k]):
                try:
                    pd.to_numeric(df[k])
                except (TypeError, ValueError) as fout:
                    raise ValueError(f"{naam}: kolom {k} moet numeriek zijn.") from fout


def _som_per_cel(
    df: pd.DataFrame, niveaus: list[str], volume_kolom: str, bedrag_kolom: str
) -> pd.DataFrame:
    d = vul_niveaus(df, niveaus)
    d = d.assign(
        _q=pd.to_numeric(d[volume_kolom]).astype(float).fillna(0.0),
        _c=pd.to_numeric(d[bedrag_kolom]).astype(float).fillna(0.0),
    )
    return d.groupby(niveaus, sort=True)[["_q", "_c"]].sum()


def _cellen_beide_perioden(
    basis: pd.DataFrame,
    vergelijk: pd.DataFrame,
    niveaus: list[str],
    volume_kolom: str,
    bedrag_kolom: str,
) -> pd.DataFrame:
    """One row per cell with Q, C, priced Q (``q``), cost without volume (``r``) and P.

    Suffix 0 = basis, 1 = vergelijk. Cells with Q ≤ 0 cannot carry a price: their cost is
    cost without volume.
    """
    a0 = _som_per_cel(basis, niveaus, volume_kolom, bedrag_kolom)
    a1 = _som_per_cel(vergelijk, niveaus, volume_kolom, bedrag_kolom)
    cel = a0.add_suffix("0").join(a1.add_suffix("1"), how="outer").fillna(0.0).reset_index()
    for t in ("0", "1"):
        zonder = cel[f"_q{t}"] <= 0
        cel[f"q{t}"] = cel[f"_q{t}"].where(~zonder, 0.0)
        cel[f"r{t}"] = cel[f"_c{t}"].where(zonder, 0.0)
        cel[f"p{t}"] = (cel[f"_c{t}"] / cel[f"q{t}"]).where(~zonder)
    return cel


def _voorwaardelijke_aandelen(cel: pd.DataFrame, niveaus: list[str]) -> dict[str, list[np.ndarray]]:
    """Per period and level, the share of each cell's group within its parent.

    Where a parent is empty in one period, the share of the other period is used.
    """
    q = {"0": cel["q0"].to_numpy(), "1": cel["q1"].to_numpy()}
    cond: dict[str, list[np.ndarray]] = {"0": [], "1": []}
    for k in range(len(niveaus)):
        ouder = niveaus[:k]
        delen = {}
        for t in ("0", "1"):
            kind_q = cel.groupby(niveaus[: k + 1], sort=False)[f"q{t}"].transform("sum")
            if ouder:
                ouder_q = cel.groupby(ouder, sort=False)[f"q{t}"].transform("sum")
            else:
                ouder_q = pd.Series(q[t].sum(), index=cel.index)
            delen[t] = (kind_q / ouder_q.where(ouder_q > 0)).to_numpy()
        for t, ander in (("0", "1"), ("1", "0")):
            d = np.where(np.isnan(delen[t]), delen[ander], delen[t])
            cond[t].append(np.nan_to_num(d, nan=0.0))
    return cond


def _effecten_per_cel(cel: pd.DataFrame, niveaus: list[str]) -> pd.DataFrame:
    """The effects of every cell; they add up to the cell's cost difference."""
    p0 = cel["p0"].fillna(cel["p1"]).fillna(0.0).to_numpy()
    p1 = cel["p1"].fillna(cel["p0"]).fillna(0.0).to_numpy()
    q0, q1 = cel["q0"].to_numpy(), cel["q1"].to_numpy()
    cond = _voorwaardelijke_aandelen(cel, niveaus)
    n = len(niveaus)
    s0 = np.prod(cond["0"], axis=0)
    s1 = np.prod(cond["1"], axis=0)
    totaal_q0, totaal_q1 = q0.sum(), q1.sum()
    dq = totaal_q1 - totaal_q0
    dp = p1 - p0
    uit = cel[niveaus].copy()
    uit["bedrag_basis_eur"] = cel["_c0"]
    uit["bedrag_vergelijk_eur"] = cel["_c1"]
    uit["volume_basis"] = cel["_q0"]
    uit["volume_vergelijk"] = cel["_q1"]
    uit["_qp0"], uit["_qp1"] = q0, q1
    uit["_r0"], uit["_r1"] = cel["r0"], cel["r1"]
    uit["volume_effect_eur"] = dq * s0 * p0
    vorige = s0
    for k, niveau in enumerate(niveaus):
        keten = np.prod([cond["1"][j] if j <= k else cond["0"][j] for j in range(n)], axis=0)
        uit[f"mix_{niveau}_eur"] = totaal_q0 * (keten - vorige) * p0
        vorige = keten
    uit["prijs_effect_eur"] = q0 * dp
    uit["interactie_eur"] = dq * (s1 - s0) * p0 + (q1 - q0) * dp
    uit["zonder_volume_eur"] = cel["r1"] - cel["r0"]
    return uit


def _per_knoop(uit: pd.DataFrame, niveaus: list[str]) -> pd.DataFrame:
    """Sum the cells to the total and to every node of every level; add prices and Δ."""
    comps = _componenten(niveaus)
    som_kol = [
        "bedrag_basis_eur",
        "bedrag_vergelijk_eur",
        "volume_basis",
        "volume_vergelijk",
        "_qp0",
        "_qp1",
        "_r0",
        "_r1",
        *comps,
    ]
    tot = uit[som_kol].sum().to_frame().T
    tot.insert(0, "niveau", "totaal")
    delen_uit = [tot]
    for k, niveau in enumerate(niveaus):
        g = uit.groupby(niveaus[: k + 1], sort=True)[som_kol].sum().reset_index()
        g.insert(0, "niveau", niveau)
        delen_uit.append(g)
    res = pd.concat(delen_uit, ignore_index=True)
    res = res[["niveau", *niveaus, *som_kol]]
    for k in niveaus:
        res[k] = res[k].astype(object).where(res[k].notna(), None)
    res["verschil_vergelijk_min_basis_eur"] = res["bedrag_vergelijk_eur"] - res["bedrag_basis_eur"]
    for t, naam in (("0", "basis"), ("1", "vergelijk")):
        priced = res[f"bedrag_{naam}_eur"] - res[f"_r{t}"]
        res[f"prijs_{naam}_eur"] = priced / res[f"_qp{t}"].where(res[f"_qp{t}"] > 0)
    volgorde = [
        "niveau",
        *niveaus,
        "bedrag_basis_eur",
        "bedrag_vergelijk_eur",
        "volume_basis",
        "volume_vergelijk",
        "prijs_basis_eur",
        "prijs_vergelijk_eur",
        "verschil_vergelijk_min_basis_eur",
        *comps,
    ]
    return res[volgorde]


def pxq_decompositie(
    basis: pd.DataFrame,
    vergelijk: pd.DataFrame,
    niveaus: Sequence[str],
    volume_kolom: str = "volume",
    bedrag_kolom: str = "bedrag_eur",
) -> pd.DataFrame:
    """Decompose the cost difference between two periods into P × Q effects, per node.

    Both frames hold cells (one row per combination of ``niveaus``, several rows are
    summed) with a cost C and a volume Q. With P = C / Q per cell, shares s = Q / ΣQ built
    hierarchically (s = s_level1 · s_level2|1 · …) and suffix 0 = basis, 1 = vergelijk:

    - volume effect   = ΔQ · P̄0                       (P̄0 = average base price)
    - mix effect      = Q0 · Σ (s1 − s0) · P0, split per level by changing the
      conditional shares one level at a time (top first)
    - price effect    = Σ Q0_i · (P1_i − P0_i)
    - interaction     = ΔQ · Σ (s1 − s0) · P0 + Σ ΔQ_i · ΔP_i
    - zonder volume   = Δ of the cost in cells with Q ≤ 0 (e.g. only credit rows)

    They add up exactly to C1 − C0, in total and for every node. A cell that is new in
    the vergelijk period gets P0 := P1 (no price effect; its cost is volume + mix), a cell
    that disappears gets P1 := P0; a group that is absent in one period takes its
    within-group shares from the other period, so its appearance counts as mix at the
    highest level where it is new.

    Args:
        basis: Cells of the base period (begroting or year 0).
        vergelijk: Cells of the compared period (realisatie or year 1).
        niveaus: Hierarchy, top first, e.g. ``["wet", "categorie", "aanbieder_agb"]``.
        volume_kolom: Column with Q.
        bedrag_kolom: Column with C in euros.

    Returns:
        One row per node: ``niveau`` (``"totaal"`` or a level name), the level columns
        (NA below the node's level), ``bedrag_basis_eur``, ``bedrag_vergelijk_eur``,
        ``volume_basis``, ``volume_vergelijk``, ``prijs_basis_eur``,
        ``prijs_vergelijk_eur``, ``verschil_vergelijk_min_basis_eur`` and the effect columns
        ``volume_effect_eur``, ``mix_<niveau>_eur`` …, ``prijs_effect_eur``,
        ``interactie_eur``, ``zonder_volume_eur``.

    >>> b = pd.DataFrame({"categorie": ["A", "B"], "volume": [10, 10],
    ...     "bedrag_eur": [1000.0, 2000.0]})
    >>> v = pd.DataFrame({"categorie": ["A", "B"], "volume": [10, 20],
    ...     "bedrag_eur": [1100.0, 4000.0]})
    >>> t = pxq_decompositie(b, v, ["categorie"]).iloc[0]
    >>> [round(float(t[k]), 2) for k in ["verschil_vergelijk_min_basis_eur",
    ...     "volume_effect_eur", "mix_categorie_eur", "prijs_effect_eur", "interactie_eur"]]
    [2100.0, 1500.0, 333.33, 100.0, 166.67]
    """
    niveaus = list(niveaus)
    _controleer_pxq_invoer(basis, vergelijk, niveaus, volume_kolom, bedrag_kolom)
    cel = _cellen_beide_perioden(basis, vergelijk, niveaus, volume_kolom, bedrag_kolom)
    return _per_knoop(_effecten_per_cel(cel, niveaus), niveaus)


def cel_niveaus(cellen: pd.DataFrame) -> list[str]:
    """The levels of :func:`pxq_cellen` output: its columns other than year and measures.

    >>> cel_niveaus(pd.DataFrame(columns=["jaar", "wet", "categorie", "bedrag_eur", "volume"]))
    ['wet', 'categorie']
    """
    maten = {"jaar", "bedrag_eur", "volume", "aantal_regels"}
    return [k for k in cellen.columns if k not in maten]


def pxq_jaar_op_jaar(
    cellen: pd.DataFrame,
    jaar_basis: int,
    jaar_vergelijk: int,
    niveaus: Sequence[str] | None = None,
) -> pd.DataFrame:
    """P × Q decomposition between two years of :func:`pxq_cellen` output.

    Args:
        cellen: Output of :func:`pxq_cellen` (``jaar``, niveaus, ``bedrag_eur``, ``volume``).
        jaar_basis: Year 0.
        jaar_vergelijk: Year 1.
        niveaus: Hierarchy, top first (default: the levels of ``cellen``, :func:`cel_niveaus`).

    Returns:
        :func:`pxq_decompositie` output with ``jaar_basis`` and ``jaar_vergelijk`` added.

    >>> c = pd.DataFrame({"jaar": [2018, 2019], "categorie": ["A", "A"],
    ...     "volume": [10, 12], "bedrag_eur": [1000.0, 1200.0]})
    >>> float(pxq_jaar_op_jaar(c, 2018, 2019, ["categorie"]).loc[0, "volume_effect_eur"])
    200.0
    """
    niveaus = cel_niveaus(cellen) if niveaus is None else list(niveaus)
    vereis_kolommen(cellen, ["jaar", *niveaus, "volume", "bedrag_eur"], "cellen")
    jaren = set(cellen["jaar"].astype(int))
    for j in (jaar_basis, jaar_vergelijk):
        if int(j) not in jaren:
            raise ValueError(f"cellen: jaar {j} komt niet voor (wel: {sorted(jaren)}).")
    b = cellen[cellen["jaar"] == jaar_basis]
    v = cellen[cellen["jaar"] == jaar_vergelijk]
    uit = pxq_decompositie(b, v, niveaus)
    uit.insert(0, "jaar_vergelijk", int(jaar_vergelijk))
    uit.insert(0, "jaar_basis", int(jaar_basis))
    return uit


def pxq_per_jaar(
    cellen: pd.DataFrame,
    niveaus: Sequence[str] | None = None,
    jaren: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Total P × Q effects for every pair of consecutive years.

    Args:
        cellen: Output of :func:`pxq_cellen`.
        niveaus: Hierarchy, top first (default: the levels of ``cellen``, :func:`cel_niveaus`).
        jaren: Compared years (default: every year after the first in ``cellen``).

    Returns:
        One row per year pair: ``jaar_basis``, ``jaar_vergelijk``, ``bedrag_basis_eur``,
        ``bedrag_vergelijk_eur``, ``verschil_vergelijk_min_basis_eur`` and the effect columns.

    >>> c = pd.DataFrame({"jaar": [2018, 2019, 2020], "categorie": ["A"] * 3,
    ...     "volume": [10, 11, 11], "bedrag_eur": [1000.0, 1100.0, 1210.0]})
    >>> pxq_per_jaar(c, ["categorie"])[["jaar_vergelijk", "volume_effect_eur",
    ...     "prijs_effect_eur"]].values.tolist()
    [[2019.0, 100.0, 0.0], [2020.0, 0.0, 110.0]]
    """
    vereis_kolommen(cellen, ["jaar"], "cellen")
    niveaus = cel_niveaus(cellen) if niveaus is None else list(niveaus)
    alle = sorted(set(cellen["jaar"].astype(int)))
    if jaren is None:
        jaren = alle[1:]
    rijen = []
    for j in jaren:
        d = pxq_jaar_op_jaar(cellen, int(j) - 1, int(j), niveaus)
        rijen.append(d[d["niveau"] == "totaal"])
    if not rijen:
        raise ValueError("cellen: minstens twee opeenvolgende jaren nodig.")
    kol = [
        "jaar_basis",
        "jaar_vergelijk",
        "bedrag_basis_eur",
        "bedrag_vergelijk_eur",
        "verschil_vergelijk_min_basis_eur",
        *_componenten(niveaus),
    ]
    return pd.concat(rijen, ignore_index=True)[kol]


def pxq_brug(
    decompositie: pd.DataFrame,
    label_basis: str | None = None,
    label_vergelijk: str | None = None,
    weglaten_nul: bool = True,
) -> pd.DataFrame:
    """Bridge (waterfall) rows from the ``totaal`` row of a decomposition.

    Args:
        decompositie: Output of :func:`pxq_decompositie` or :func:`pxq_jaar_op_jaar`.
        label_basis: Label of the start bar (default ``Kosten <jaar_basis>``).
        label_vergelijk: Label of the end bar (default ``Kosten <jaar_vergelijk>``).
        weglaten_nul: Drop effect rows that are exactly 0 (e.g. no cost without volume).

    Returns:
        ``stap`` (Dutch label), ``component`` (column name or ``start``/``eind``),
        ``bedrag_eur``, ``soort`` (``"totaal"`` or ``"effect"``) and bool ``totaal`` (for
        :func:`sdanalysis.plots.begroting.grafiek_pxq_brug`). Start + effects = eind.

    >>> b = pd.DataFrame({"categorie": ["A"], "volume": [10], "bedrag_eur": [1000.0]})
    >>> v = pd.DataFrame({"categorie": ["A"], "volume": [12], "bedrag_eur": [1320.0]})
    >>> pxq_brug(pxq_decompositie(b, v, ["categorie"]), "Kosten 2018", "Kosten 2019")[
    ...     ["stap", "bedrag_eur"]].values.tolist()
    [['Kosten 2018', 1000.0], ['Volume', 200.0], ['Prijs', 100.0], ['Interactie', 20.0], ['Kosten 2019', 1320.0]]
    """
    vereis_kolommen(
        decompositie, ["niveau", "bedrag_basis_eur", "bedrag_vergelijk_eur"], "decompositie"
    )
    tot = decompositie[decompositie["niveau"] == "totaal"]
    if len(tot) != 1:
        raise ValueError("decompositie: verwacht precies één rij met niveau 'totaal'.")
    tot = tot.iloc[0]
    if label_basis is None:
        label_basis = f"Kosten {tot['jaar_basis']}" if "jaar_basis" in tot else "Basis"
    if label_vergelijk is None:
        label_vergelijk = (
            f"Kosten {tot['jaar_vergelijk']}" if "jaar_vergelijk" in tot else "Vergelijking"
        )
    mixen = [k for k in decompositie.columns if k.startswith("mix_") and k.endswith("_eur")]
    comps = ["volume_effect_eur", *mixen, "prijs_effect_eur", "interactie_eur", "zonder_volume_eur"]
    labels = {
        "volume_effect_eur": "Volume",
        "prijs_effect_eur": "Prijs",
        "interactie_eur": "Interactie",
        "zonder_volume_eur": "Zonder volume (correcties)",
    }
    for m in mixen:
        niv = m[len("mix_") : -len("_eur")]
        labels[m] = f"Mix {NIVEAU_NAMEN.get(niv, niv)}"
    rijen = [(label_basis, "start", float(tot["bedrag_basis_eur"]), "totaal")]
    for c in comps:
        w = float(tot[c])
        if weglaten_nul and w == 0.0:
            continue
        rijen.append((labels[c], c, w, "effect"))
    rijen.append((label_vergelijk, "eind", float(tot["bedrag_vergelijk_eur"]), "totaal"))
    uit = pd.DataFrame(rijen, columns=["stap", "component", "bedrag_eur", "soort"])
    uit["totaal"] = uit["soort"] == "totaal"
    return uit


# --------------------------------------------------------------------------- checks, selections


def effecten_in(tabel: pd.DataFrame) -> list[str]:
    """The effect columns present in a decomposition, in bridge order.

    >>> kol = ["verschil_vergelijk_min_basis_eur", "mix_wet_eur", "volume_effect_eur"]
    >>> effecten_in(pd.DataFrame(columns=kol))
    ['volume_effect_eur', 'mix_wet_eur']
    """
    mixen = [k for k in tabel.columns if str(k).startswith("mix_") and str(k).endswith("_eur")]
    return [k for k in ("volume_effect_eur", *mixen, *VASTE_EFFECTEN[1:]) if k in tabel.columns]


def pxq_restverschil_eur(tabel: pd.DataFrame) -> float:
    """Largest gap, over all rows, between the sum of the effects and the difference.

    The difference is ``verschil_vergelijk_min_basis_eur`` (vergelijk − basis).

    The decomposition is exact, so this is zero up to rounding for any valid data.

    Args:
        tabel: Output of :func:`pxq_decompositie`, :func:`pxq_jaar_op_jaar` or
            :func:`pxq_per_jaar`.

    Returns:
        The largest absolute gap in euros (0.0 for an empty table).

    >>> b = pd.DataFrame({"categorie": ["A"], "volume": [10], "bedrag_eur": [100.0]})
    >>> v = pd.DataFrame({"categorie": ["A"], "volume": [12], "bedrag_eur": [150.0]})
    >>> pxq_restverschil_eur(pxq_decompositie(b, v, ["categorie"])) < 1e-9
    True
    """
    vereis_kolommen(
        tabel, ["verschil_vergelijk_min_basis_eur", "volume_effect_eur"], "decompositie"
    )
    if tabel.empty:
        return 0.0
    rest = tabel[effecten_in(tabel)].sum(axis=1) - tabel["verschil_vergelijk_min_basis_eur"]
    return float(rest.abs().max())


def grootste_verschillen(
    decompositie: pd.DataFrame, niveau: str = "categorie", aantal: int = 10
) -> pd.DataFrame:
    """The nodes of one level with the largest cost difference (absolute), with their effects.

    Args:
        decompositie: Output of :func:`pxq_decompositie` or :func:`pxq_jaar_op_jaar`.
        niveau: Level to show (a value of the ``niveau`` column).
        aantal: Number of nodes.

    Returns:
        The level columns down to ``niveau``, ``bedrag_basis_eur``, ``bedrag_vergelijk_eur``,
        ``verschil_vergelijk_min_basis_eur`` (vergelijk − basis) and the effect columns;
        largest absolute difference first.

    >>> d = pd.DataFrame({"niveau": ["totaal", "categorie", "categorie"],
    ...     "categorie": [None, "A", "B"], "bedrag_basis_eur": [3.0, 1.0, 2.0],
    ...     "bedrag_vergelijk_eur": [2.0, 2.0, 0.0],
    ...     "verschil_vergelijk_min_basis_eur": [-1.0, 1.0, -2.0],
    ...     "volume_effect_eur": [-1.0, 1.0, -2.0]})
    >>> grootste_verschillen(d)["categorie"].tolist()
    ['B', 'A']
    """
    vereis_kolommen(
        decompositie, ["niveau", niveau, "verschil_vergelijk_min_basis_eur"], "decompositie"
    )
    rijen = decompositie[decompositie["niveau"] == niveau]
    kolommen = list(decompositie.columns)
    boven = kolommen[kolommen.index("niveau") + 1 : kolommen.index(niveau) + 1]
    volgorde = (
        rijen["verschil_vergelijk_min_basis_eur"]
        .abs()
        .sort_values(ascending=False, kind="stable")
        .index
    )
    toon = [*boven, "bedrag_basis_eur", "bedrag_vergelijk_eur", "verschil_vergelijk_min_basis_eur"]
    return rijen.loc[volgorde[:aantal], toon + effecten_in(rijen)].reset_index(drop=True)


def publiceerbare_kosten_per_client(
    kosten: pd.DataFrame, jaar: int, groep: str = "wet", drempel: int | None = None
) -> pd.DataFrame:
    """Cost per client of one year with small client counts suppressed.

    A cost per client of a small group reveals that group, so it is suppressed with the
    count it rests on (secondary suppression within ``groep``).

    Args:
        kosten: Output of :func:`kosten_per_client`.
        jaar: The year to show.
        groep: Column whose cells together form a published total.
        drempel: Suppression threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).

    Returns:
        The rows of ``jaar`` with suppression markers (see :mod:`sdanalysis.weergave.suppressie`).
    """
    vereis_kolommen(kosten, ["jaar", groep, "aantal_clienten", "kosten_per_client_eur"], "kosten")
    return onderdruk_kleine_aantallen(
        kosten[kosten["jaar"] == jaar],
        "aantal_clienten",
        groep_kolommen=[groep],
        drempel=drempel,
        afhankelijke_kolommen=["kosten_per_client_eur"],
    )


# --------------------------------------------------------------------------- out of core
#
# The ``*_parquet`` functions (here and in :mod:`sdanalysis.analyse.aanbieders` and
# :mod:`sdanalysis.analyse.begroting`) push an aggregation over ``declaraties_gekoppeld``
# into DuckDB: it streams the parquet file(s), reads only the columns it needs and spills
# to disk when the groups do not fit in memory; only the result reaches pandas. Amounts are
# summed as DECIMAL(18, 2), exact to the cent and independent of the order of addition
# (the pandas path adds floats, so the two agree to about 1e-9 euro, not in every bit).

#: Folder where DuckDB spills aggregations that do not fit in memory.
DUCKDB_TEMP = Path(tempfile.gettempdir()) / "sdanalysis-duckdb"


def sql_naam(kolom: str) -> str:
    """A column name quoted for SQL.

    >>> print(sql_naam('a"b'))
    "a""b"
    """
    return '"' + str(kolom).replace('"', '""') + '"'


def sql_tekst(waarde: object) -> str:
    """A value as an SQL string literal.

    >>> print(sql_tekst("d'Oude"))
    'd''Oude'
    """
    return "'" + str(waarde).replace("'", "''") + "'"


def som_eur_sql(kolom: str) -> str:
    """SQL sum of an amount column in euros, exact to the cent (DECIMAL, NULL when empty).

    >>> som_eur_sql("bedrag_eur")
    'sum(CAST("bedrag_eur" AS DECIMAL(18, 2)))'
    """
    return f"sum(CAST({sql_naam(kolom)} AS DECIMAL(18, 2)))"


def sql_in(kolom: str, waarden: Sequence[object]) -> str:
    """SQL condition ``kolom IN (...)`` for text values (``FALSE`` for no values, as ``isin``).

    >>> print(sql_in("wet", ["JW", "WMO"]), sql_in("wet", []))
    "wet" IN ('JW', 'WMO') FALSE
    """
    if not len(waarden):
        return "FALSE"
    return f"{sql_naam(kolom)} IN ({', '.join(sql_tekst(w) for w in waarden)})"


def als_pandas_typen(df: pd.DataFrame, dtypes: dict[str, object]) -> pd.DataFrame:
    """Copy of a DuckDB result whose columns get the dtypes the pandas path gives them.

    Args:
        df: Result of a query (``.df()``).
        dtypes: Target dtypes per column (e.g. :func:`parquet_dtypes`); other columns stay.

    >>> als_pandas_typen(pd.DataFrame({"wet": ["JW", None]}), {"wet": "str"})["wet"].dtype
    <StringDtype(na_value=nan)>
    """
    uit = df.copy()
    for k, dtype in dtypes.items():
        if k in uit.columns:
            uit[k] = uit[k].astype(dtype)
    return uit


def _bestanden(pad: str | Path) -> list[str]:
    bestanden = sorted(glob.glob(str(pad))) if glob.has_magic(str(pad)) else [str(pad)]
    if not bestanden or not Path(bestanden[0]).is_file():
        raise FileNotFoundError(f"Parquetbestand niet gevonden: {pad}")
    return bestanden


def parquet_sql(pad: str | Path) -> str:
    """SQL table expression that reads a parquet file (or a glob of files) in DuckDB.

    Args:
        pad: A parquet file, e.g. ``data/processed/declaraties_gekoppeld.parquet``, or a
            glob such as ``jaren/*.parquet``.

    Raises:
        FileNotFoundError: No such file (no file matches the glob).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "d'x.parquet"
    >>> pd.DataFrame({"a": [1]}).to_parquet(p)
    >>> parquet_sql(p).startswith("read_parquet(['") and "d''x.parquet" in parquet_sql(p)
    True
    """
    return f"read_parquet([{', '.join(sql_tekst(b) for b in _bestanden(pad))}])"


def parquet_dtypes(pad: str | Path) -> dict[str, object]:
    """The dtypes pandas gives the columns of a parquet file, read from its schema only.

    The same as ``laad_tabel(...).dtypes`` (``date_as_object=False``), without reading a row,
    so an out-of-core result gets the dtypes the pandas path would have.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "d.parquet"
    >>> pd.DataFrame({"jaar": [2019], "wet": pd.array(["JW"], dtype="string")}).to_parquet(p)
    >>> {k: str(v) for k, v in parquet_dtypes(p).items()}
    {'jaar': 'int64', 'wet': 'string'}
    """
    import pyarrow.parquet as pq

    leeg = pq.read_schema(_bestanden(pad)[0]).empty_table()
    return dict(leeg.to_pandas(date_as_object=False).dtypes.items())


def duckdb_verbinding(geheugen: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection for out-of-core aggregation.

    Args:
        geheugen: DuckDB ``memory_limit`` such as ``"4GB"`` (default DuckDB's: 80 % of RAM).
            Above the limit, aggregations spill to :data:`DUCKDB_TEMP`.

    >>> duckdb_verbinding("1GB").execute("SELECT 1 + 1").fetchone()
    (2,)
    """
    import duckdb

    DUCKDB_TEMP.mkdir(parents=True, exist_ok=True)
    config = {"temp_directory": str(DUCKDB_TEMP), "preserve_insertion_order": "false"}
    if geheugen is not None:
        config["memory_limit"] = geheugen
    return duckdb.connect(config=config)


def parquet_kolommen(con: duckdb.DuckDBPyConnection, bron: str) -> list[str]:
    """Column names of a DuckDB table expression such as :func:`parquet_sql`, without rows."""
    return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {bron}").fetchall()]


def jaren_sql(jaren: tuple[int, int] | None) -> str:
    """SQL condition keeping the years of a closed range (``TRUE`` for all years).

    >>> jaren_sql((2019, 2021)), jaren_sql(None)
    ('jaar BETWEEN 2019 AND 2021', 'TRUE')
    """
    if jaren is None:
        return "TRUE"
    eerste, laatste = (int(j) for j in jaren)
    return f"jaar BETWEEN {eerste} AND {laatste}"


def _controleer_eenheden_sql(
    con: duckdb.DuckDBPyConnection, bron: str, sleutel: list[str], niveaus: list[str]
) -> None:
    """The unit checks of :func:`pxq_cellen` (``volume="eenheden"``), in DuckDB."""
    groep = ", ".join(sleutel)
    cel = con.execute(
        f"SELECT {groep} FROM {bron} GROUP BY {groep} HAVING count(DISTINCT eenheid) > 1 "
        f"ORDER BY {groep} LIMIT 1"
    ).fetchone()
    if cel:
        raise ValueError(
            f"volume='eenheden': een cel bevat meer dan één eenheid ({', '.join(map(str, cel))}); "
            "neem 'eenheid' op in niveaus of filter op één eenheid."
        )
    alle = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT eenheid FROM {bron} WHERE eenheid IS NOT NULL"
        ).fetchall()
    ]
    if len(alle) > 1 and "eenheid" not in niveaus:
        raise ValueError(
            f"volume='eenheden': de cellen hebben verschillende eenheden ({sorted(map(str, alle))}); "
            "eenheden tellen niet op over cellen heen. Filter op één eenheid of gebruik "
            "volume='clienten'."
        )


def _pxq_sql(
    con: duckdb.DuckDBPyConnection, bron: str, niveaus: list[str], volume: str, waar: str
) -> str:
    """The query of :func:`pxq_cellen_parquet`: cells ``jaar, n0, n1, ...`` with measures."""
    onbekend = sql_tekst(ONBEKEND)
    niv = [
        f"coalesce(CAST({sql_naam(k)} AS VARCHAR), {onbekend}) AS n{i}"
        for i, k in enumerate(niveaus)
    ]
    sleutel = ", ".join(["jaar", *[f"n{i}" for i in range(len(niveaus))]])
    extra = "client_id" if volume == "clienten" else "geleverd_volume, eenheid"
    d = (
        f"(SELECT jaar, {', '.join([*niv, 'bedrag_eur', extra])} FROM {bron} "
        f"WHERE jaar IS NOT NULL AND {waar})"
    )
    if volume == "eenheden":
        _controleer_eenheden_sql(con, d, sleutel.split(", "), niveaus)
        return (
            f"SELECT {sleutel}, {som_eur_sql('bedrag_eur')} AS bedrag_eur, "
            f"coalesce(fsum(geleverd_volume), 0.0) AS volume, count(*) AS aantal_regels "
            f"FROM {d} GROUP BY {sleutel} ORDER BY {sleutel}"
        )
    # one pass: per client within the cell first (a client counts when its net amount is
    # positive; rows without client_id count in the amount, not in Q), then per cell
    return (
        f"SELECT {sleutel}, sum(s) AS bedrag_eur, "
        f"count(*) FILTER (WHERE s > 0 AND client_id IS NOT NULL) AS volume, "
        f"sum(n) AS aantal_regels FROM (SELECT {sleutel}, client_id, "
        f"{som_eur_sql('bedrag_eur')} AS s, count(*) AS n FROM {d} "
        f"GROUP BY {sleutel}, client_id) GROUP BY {sleutel} ORDER BY {sleutel}"
    )


def pxq_cellen_parquet(
    pad: str | Path,
    niveaus: Sequence[str] = ("wet", "categorie"),
    volume: str = "clienten",
    jaren: tuple[int, int] | None = None,
    geheugen: str | None = None,
) -> pd.DataFrame:
    """:func:`pxq_cellen` out of core: DuckDB aggregates the parquet file, pandas gets cells.

    For ``declaraties_gekoppeld`` tables larger than memory (national scale): only the
    columns needed are read, in one streaming aggregation. Same columns, dtypes, order and
    numbers as :func:`pxq_cellen` on the same table; amounts are summed exactly to the cent
    (see the note above :data:`DUCKDB_TEMP`).

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob of parquet files).
        niveaus: Columns that define a cell.
        volume: ``"clienten"`` or ``"eenheden"``, as in :func:`pxq_cellen`.
        jaren: Keep only the years of this closed range (``(eerste, laatste)``), as the
            notebooks do with ``gekoppeld["jaar"].between(...)``; default all years.
        geheugen: DuckDB memory limit, e.g. ``"4GB"`` (:func:`duckdb_verbinding`).

    Returns:
        ``jaar``, the niveaus, ``bedrag_eur``, ``volume``, ``aantal_regels``.

    >>> import tempfile
    >>> g = pd.DataFrame({"jaar": [2019] * 3, "categorie": ["A", "A", "A"],
    ...     "client_id": ["c1", "c2", "c2"], "bedrag_eur": [100.0, 50.0, -50.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> pxq_cellen_parquet(p, ["categorie"]).values.tolist()
    [[2019, 'A', 100.0, 1, 3]]
    """
    niveaus = list(niveaus)
    if volume not in ("clienten", "eenheden"):
        raise ValueError(f"volume moet 'clienten' of 'eenheden' zijn, niet {volume!r}.")
    bron = parquet_sql(pad)
    con = duckdb_verbinding(geheugen)
    nodig = ["jaar", *niveaus, "bedrag_eur"]
    nodig += ["client_id"] if volume == "clienten" else ["geleverd_volume", "eenheid"]
    vereis_kolommen(
        pd.DataFrame(columns=parquet_kolommen(con, bron)), nodig, "gekoppelde declaraties"
    )
    df = con.execute(_pxq_sql(con, bron, niveaus, volume, jaren_sql(jaren))).df()
    df = df.rename(columns={f"n{i}": k for i, k in enumerate(niveaus)})
    for k in niveaus:
        # what pandas' groupby gives its (object) keys: str, or object when there are none
        df[k] = df[k].astype(object).astype("str" if len(df) else object)
    df["jaar"] = df["jaar"].astype("int64")
    df["bedrag_eur"] = df["bedrag_eur"].astype("float64")
    df["aantal_regels"] = df["aantal_regels"].astype("int64")
    df["volume"] = df["volume"].astype("int64" if volume == "clienten" else "float64")
    return df[["jaar", *niveaus, "bedrag_eur", "volume", "aantal_regels"]].reset_index(drop=True)


def kosten_per_client_parquet(
    pad: str | Path,
    niveaus: Sequence[str] = ("wet", "categorie"),
    jaren: tuple[int, int] | None = None,
    geheugen: str | None = None,
) -> pd.DataFrame:
    """:func:`kosten_per_client` out of core (:func:`pxq_cellen_parquet`).

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob).
        niveaus: Grouping columns.
        jaren: Keep only the years of this closed range (default all).
        geheugen: DuckDB memory limit (:func:`duckdb_verbinding`).

    Returns:
        The columns of :func:`kosten_per_client`.

    >>> import tempfile
    >>> g = pd.DataFrame({"jaar": [2019, 2019], "categorie": ["A", "A"],
    ...     "client_id": ["c1", "c2"], "bedrag_eur": [100.0, 300.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> kosten_per_client_parquet(p, ["categorie"])["kosten_per_client_eur"].tolist()
    [200.0]
    """
    return _per_client(pxq_cellen_parquet(pad, niveaus, "clienten", jaren, geheugen))


def kosten_per_eenheid_parquet(
    pad: str | Path,
    niveaus: Sequence[str] = ("wet", "categorie"),
    jaren: tuple[int, int] | None = None,
    geheugen: str | None = None,
) -> pd.DataFrame:
    """:func:`kosten_per_eenheid` out of core (:func:`pxq_cellen_parquet`).

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob).
        niveaus: Grouping columns; ``eenheid`` is added so units never mix.
        jaren: Keep only the years of this closed range (default all).
        geheugen: DuckDB memory limit (:func:`duckdb_verbinding`).

    Returns:
        The columns of :func:`kosten_per_eenheid`.

    >>> import tempfile
    >>> g = pd.DataFrame({"jaar": [2019] * 2, "categorie": ["A"] * 2, "eenheid": ["04"] * 2,
    ...     "geleverd_volume": [10.0, 5.0], "bedrag_eur": [600.0, 300.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> kosten_per_eenheid_parquet(p, ["categorie"])["kosten_per_eenheid_eur"].tolist()
    [60.0]
    """
    niv = [*[n for n in niveaus if n != "eenheid"], "eenheid"]
    return _per_eenheid(pxq_cellen_parquet(pad, niv, "eenheden", jaren, geheugen))
