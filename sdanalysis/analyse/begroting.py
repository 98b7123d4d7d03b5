"""Budget analysis: begroting against realisatie, cost per client, P × Q and a rebuilt budget.

Answers the question of the onderzoek of the concerncontroller: *in hoeverre zijn de
financiën van het sociaal domein een weergave van de werkelijkheid?* Five parts:

1. :func:`begroting_vs_realisatie` — primitieve and gewijzigde begroting against the
   realisatie per taakveld and year, on the comparable taakveld series of the crosswalk
   (:func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
2. :func:`koppel_declaraties`, :func:`kosten_per_client`, :func:`kosten_per_eenheid` —
   declaraties joined to their toewijzing; price P (per client or per unit) and volume Q.
   Declaraties without a toewijzing are kept and reported (:func:`ongekoppelde_declaraties`).
3. :func:`pxq_decompositie` / :func:`pxq_jaar_op_jaar` / :func:`pxq_brug` — the change in
   cost split into volume, mix (per level of the hierarchy), price, interaction and cost
   without volume; the parts add up exactly to the total difference, for every node of the
   hierarchy (formulas in ``docs/begroting-pxq.md``).
4. :func:`verwachte_prijs` / :func:`reconstrueer_begroting` — next year's cost per
   categorie as forecast volume × expected price, with the forecast interval, against the
   begroting line; :func:`reconstructie_aannames` lists the assumptions.
5. :func:`aansluiting_declaraties_realisatie` — declaraties per year and taakveld against the
   realisatie in the begroting; differences are reported, never hidden.

All functions take DataFrames and return new DataFrames; inputs are never mutated.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.weergave.stijl import format_euro, format_procent

#: Text used for a missing level value (e.g. a declaratie without toewijzing).
ONBEKEND = "(onbekend)"
#: Categorie of declaraties whose toewijzingnummer is not in toewijzingen.
ZONDER_TOEWIJZING = "(geen toewijzing)"
#: Taakveld indeling of the ``taakveld`` column of productcodes/toewijzingen (Iv3 2023-2024).
PRODUCTCODES_TAAKVELD_JAAR = instellingen.PRODUCTCODES_TAAKVELD_JAAR
#: Relative difference between declaraties and realisatie below which a line "sluit aan".
#: Candidate for ``sdanalysis.instellingen`` (requested).
AANSLUITING_TOLERANTIE = instellingen.AANSLUITING_TOLERANTIE
#: Absolute difference (euro) below which a line always "sluit aan" (rounding in Iv3).
AANSLUITING_TOLERANTIE_EUR = instellingen.AANSLUITING_TOLERANTIE_EUR

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

_SOORTEN = ("primitief", "gewijzigd", "realisatie")
_SOORT_BIJVOEGLIJK = {"primitief": "primitieve", "gewijzigd": "gewijzigde"}

TaakveldMapper = Callable[..., pd.DataFrame]


# --------------------------------------------------------------------------- helpers


def _standaard_taakveldreeks() -> TaakveldMapper:
    try:
        from sdanalysis.taakvelden import voeg_taakveldreeks_toe
    except ImportError as fout:  # pragma: no cover - only while the module is missing
        raise ValueError(
            "De taakveld-crosswalk (sdanalysis.taakvelden) is niet beschikbaar; "
            "geef een functie mee via taakveldreeks=..."
        ) from fout
    return voeg_taakveldreeks_toe


def _koppel_reeks(
    mapper: TaakveldMapper, df: pd.DataFrame, jaar_kolom: str, niveau: str
) -> pd.DataFrame:
    """Apply the crosswalk; ``niveau`` is passed only when it is not the default."""
    extra = {} if niveau == "reeks" else {"niveau": niveau}
    uit = mapper(df, taakveld_kolom="taakveld", jaar_kolom=jaar_kolom, **extra)
    uit["taakveld_reeks"] = uit["taakveld_reeks"].astype(object)
    uit["taakveld_reeks_naam"] = uit["taakveld_reeks_naam"].astype(object)
    return uit


def _vul_niveaus(df: pd.DataFrame, niveaus: Sequence[str]) -> pd.DataFrame:
    """Copy with missing level values replaced by :data:`ONBEKEND` (groupby keeps them)."""
    uit = df.copy()
    for k in niveaus:
        uit[k] = uit[k].astype("string").fillna(ONBEKEND).astype(object)
    return uit


def _als_jaar(reeks: pd.Series) -> pd.Series:
    return pd.to_datetime(reeks).dt.year.astype("int64")


# --------------------------------------------------------------------------- 1. begroting


def begroting_vs_realisatie(
    begroting: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    vergelijkbaar: bool = True,
    niveau: str = "reeks",
) -> pd.DataFrame:
    """Begroting (primitief, gewijzigd) against realisatie per taakveld and year.

    Args:
        begroting: Processed ``begroting`` (jaar, taakveld, soort, bedrag_eur).
        taakveldreeks: Function adding ``taakveld_reeks`` and ``taakveld_reeks_naam`` to a
            frame with ``taakveld`` and ``jaar`` (default
            :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        vergelijkbaar: Aggregate to the comparable series of the crosswalk (default);
            ``False`` keeps the taakveld codes of each year.
        niveau: Crosswalk level: ``"reeks"`` (comparable 2017-2025), ``"detail"``
            (2023-2025) or ``"domein"``.

    Returns:
        One row per jaar × taakveld(reeks) with ``primitief_eur``, ``gewijzigd_eur``,
        ``realisatie_eur``, ``verschil_primitief_eur`` (realisatie − primitief),
        ``verschil_primitief_pct`` (fraction of primitief), ``verschil_gewijzigd_eur``,
        ``verschil_gewijzigd_pct``. Positive = more spent than budgeted. A missing soort
        stays NaN (not 0), so a missing realisatie is visible.

    >>> b = pd.DataFrame({"jaar": [2019] * 3, "taakveld": ["6.71"] * 3,
    ...     "soort": ["primitief", "gewijzigd", "realisatie"],
    ...     "bedrag_eur": [100.0, 110.0, 121.0]})
    >>> r = begroting_vs_realisatie(b, vergelijkbaar=False)
    >>> r.loc[0, ["verschil_primitief_eur", "verschil_gewijzigd_pct"]].tolist()
    [21.0, 0.1]
    """
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    df = begroting.copy()
    df["soort"] = df["soort"].astype("string").str.lower().astype(object)
    onbekend = sorted(set(df["soort"].dropna()) - set(_SOORTEN))
    if onbekend:
        raise ValueError(
            f"begroting: onbekende soort {onbekend}; verwacht primitief, gewijzigd of realisatie."
        )
    sleutel = ["jaar", "taakveld"]
    if vergelijkbaar:
        mapper = taakveldreeks or _standaard_taakveldreeks()
        df = _koppel_reeks(mapper, df, "jaar", niveau)
        sleutel = ["jaar", "taakveld_reeks", "taakveld_reeks_naam"]
    df = _vul_niveaus(df, sleutel[1:])
    tabel = df.pivot_table(
        index=sleutel, columns="soort", values="bedrag_eur", aggfunc="sum", dropna=False
    )
    tabel = tabel.reindex(columns=list(_SOORTEN))
    tabel.columns = [f"{s}_eur" for s in _SOORTEN]
    tabel = tabel.reset_index()
    tabel = tabel[tabel[[f"{s}_eur" for s in _SOORTEN]].notna().any(axis=1)]
    for soort in ("primitief", "gewijzigd"):
        verschil = tabel["realisatie_eur"] - tabel[f"{soort}_eur"]
        tabel[f"verschil_{soort}_eur"] = verschil
        noemer = tabel[f"{soort}_eur"].where(tabel[f"{soort}_eur"] != 0)
        tabel[f"verschil_{soort}_pct"] = verschil / noemer
    tabel["jaar"] = tabel["jaar"].astype("int64")
    return tabel.sort_values(sleutel).reset_index(drop=True)


# --------------------------------------------------------------------------- 2. kosten


def koppel_declaraties(
    declaraties: pd.DataFrame,
    toewijzingen: pd.DataFrame,
    waarschuw: bool = True,
) -> pd.DataFrame:
    """Join declaraties to their toewijzing; unmatched rows are kept and flagged.

    Each declaratie gets ``jaar`` (year of ``periode_start``) and the toewijzing's client,
    wet, categorie, taakveld and aanbieder. Declaraties whose ``toewijzingnummer`` is not in
    ``toewijzingen`` keep their amount, get ``gekoppeld = False``, ``categorie`` =
    :data:`ZONDER_TOEWIJZING` and wet/aanbieder :data:`ONBEKEND`, and a warning names their
    number and amount (see also :func:`ongekoppelde_declaraties`).

    Args:
        declaraties: Processed ``declaraties``.
        toewijzingen: Processed ``toewijzingen`` (toewijzingnummer unique).
        waarschuw: Emit a ``UserWarning`` when rows could not be matched.

    Returns:
        Declaraties with the toewijzing columns added and a bool ``gekoppeld``.

    >>> t = pd.DataFrame({"toewijzingnummer": ["T1"], "client_id": ["c1"], "wet": ["JW"],
    ...     "categorie": ["Basis GGZ"], "taakveld": ["6.72a"], "aanbieder_agb": ["12345678"]})
    >>> d = pd.DataFrame({"toewijzingnummer": ["T1", "X9"],
    ...     "periode_start": pd.to_datetime(["2019-01-01", "2019-02-01"]),
    ...     "bedrag_eur": [100.0, 50.0]})
    >>> k = koppel_declaraties(d, t, waarschuw=False)
    >>> k[["categorie", "gekoppeld"]].values.tolist()
    [['Basis GGZ', True], ['(geen toewijzing)', False]]
    """
    vereis_kolommen(declaraties, ["toewijzingnummer", "periode_start", "bedrag_eur"], "declaraties")
    vereis_kolommen(
        toewijzingen, ["toewijzingnummer", "client_id", "wet", "categorie"], "toewijzingen"
    )
    dubbel = toewijzingen["toewijzingnummer"].duplicated()
    if dubbel.any():
        voorbeeld = toewijzingen.loc[dubbel, "toewijzingnummer"].astype(str).head(3).tolist()
        raise ValueError(
            f"toewijzingen: toewijzingnummer is niet uniek ({int(dubbel.sum())} dubbel, "
            f"bijv. {voorbeeld}); een declaratie zou dan meer dan eens meetellen."
        )
    extra = [
        k
        for k in (
            "client_id",
            "wet",
            "productcategorie",
            "productcode",
            "categorie",
            "taakveld",
            "aanbieder_agb",
            "aanbieder_naam",
        )
        if k in toewijzingen.columns
    ]
    rechts = toewijzingen[["toewijzingnummer", *extra]].copy()
    rechts["gekoppeld"] = True
    links = declaraties.drop(columns=[k for k in extra if k in declaraties.columns]).copy()
    links["toewijzingnummer"] = links["toewijzingnummer"].astype("string")
    rechts["toewijzingnummer"] = rechts["toewijzingnummer"].astype("string")
    uit = links.merge(rechts, on="toewijzingnummer", how="left", validate="many_to_one")
    uit["gekoppeld"] = uit["gekoppeld"].fillna(False).astype(bool)
    uit["jaar"] = _als_jaar(uit["periode_start"])
    los = ~uit["gekoppeld"]
    for k in ("wet", "aanbieder_agb", "aanbieder_naam", "client_id"):
        if k in uit.columns:
            uit[k] = uit[k].astype(object)
            uit.loc[los, k] = ONBEKEND
    uit["categorie"] = uit["categorie"].astype(object)
    uit.loc[los, "categorie"] = ZONDER_TOEWIJZING
    if waarschuw and los.any():
        warnings.warn(
            f"{int(los.sum())} declaratieregel(s) zonder bijbehorende toewijzing "
            f"(samen {format_euro(uit.loc[los, 'bedrag_eur'].sum(), precies=True)}); ze "
            "tellen mee als "
            f"categorie '{ZONDER_TOEWIJZING}'.",
            UserWarning,
            stacklevel=2,
        )
    return uit


def ongekoppelde_declaraties(gekoppeld: pd.DataFrame) -> pd.DataFrame:
    """Declaraties without toewijzing per year: number of rows and amount.

    Args:
        gekoppeld: Output of :func:`koppel_declaraties`.

    Returns:
        ``jaar``, ``aantal_regels``, ``bedrag_eur``, ``aandeel_bedrag`` (fraction of all
        declaraties of that year, by absolute amount). Empty when everything matched.

    >>> g = pd.DataFrame({"jaar": [2019, 2019], "gekoppeld": [True, False],
    ...     "bedrag_eur": [300.0, 100.0]})
    >>> ongekoppelde_declaraties(g).to_dict("records")
    [{'jaar': 2019, 'aantal_regels': 1, 'bedrag_eur': 100.0, 'aandeel_bedrag': 0.25}]
    """
    vereis_kolommen(gekoppeld, ["jaar", "gekoppeld", "bedrag_eur"], "gekoppelde declaraties")
    totaal = (
        gekoppeld.assign(abs_eur=gekoppeld["bedrag_eur"].abs()).groupby("jaar")["abs_eur"].sum()
    )
    los = gekoppeld[~gekoppeld["gekoppeld"].astype(bool)]
    uit = (
        los.assign(abs_eur=los["bedrag_eur"].abs())
        .groupby("jaar")
        .agg(
            aantal_regels=("bedrag_eur", "size"),
            bedrag_eur=("bedrag_eur", "sum"),
            abs_eur=("abs_eur", "sum"),
        )
        .reset_index()
    )
    uit["aandeel_bedrag"] = uit["abs_eur"] / uit["jaar"].map(totaal)
    uit["jaar"] = uit["jaar"].astype("int64")
    uit["aantal_regels"] = uit["aantal_regels"].astype("int64")
    return uit.drop(columns="abs_eur")


def declaraties_in_quarantaine(quarantaine: pd.DataFrame) -> pd.DataFrame:
    """Declaraties the build set aside, per reason (e.g. an unknown toewijzingnummer).

    The build quarantines declaraties whose toewijzing is unknown; they never reach
    ``declaraties``, so they are counted here instead of silently missing.

    Args:
        quarantaine: Processed ``quarantaine`` table.

    Returns:
        ``reden``, ``aantal_regels`` (declaraties only), largest first.

    >>> q = pd.DataFrame({"tabel": ["declaraties", "declaraties", "toewijzingen"],
    ...     "reden": ["toewijzingnummer onbekend", "toewijzingnummer onbekend", "x"]})
    >>> declaraties_in_quarantaine(q).values.tolist()
    [['toewijzingnummer onbekend', 2]]
    """
    vereis_kolommen(quarantaine, ["tabel", "reden"], "quarantaine")
    q = quarantaine[quarantaine["tabel"].astype("string") == "declaraties"]
    uit = q.groupby("reden").size().rename("aantal_regels").reset_index()
    uit["reden"] = uit["reden"].astype(object)
    uit["aantal_regels"] = uit["aantal_regels"].astype("int64")
    return uit.sort_values(["aantal_regels", "reden"], ascending=[False, True]).reset_index(
        drop=True
    )


def pxq_cellen(
    gekoppeld: pd.DataFrame,
    niveaus: Sequence[str] = ("wet", "categorie"),
    volume: str = "clienten",
) -> pd.DataFrame:
    """Cost and volume per year and cell (P × Q input).

    Args:
        gekoppeld: Output of :func:`koppel_declaraties`.
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
    df = _vul_niveaus(gekoppeld, niveaus)
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
        gekoppeld: Output of :func:`koppel_declaraties`.
        niveaus: Grouping columns.

    Returns:
        ``jaar``, niveaus, ``bedrag_eur``, ``aantal_clienten``, ``kosten_per_client_eur``
        (NaN when there is no client with a positive amount).

    >>> g = pd.DataFrame({"jaar": [2019, 2019], "categorie": ["A", "A"],
    ...     "client_id": ["c1", "c2"], "bedrag_eur": [100.0, 300.0]})
    >>> kosten_per_client(g, ["categorie"])["kosten_per_client_eur"].tolist()
    [200.0]
    """
    cellen = pxq_cellen(gekoppeld, niveaus, volume="clienten")
    uit = cellen.rename(columns={"volume": "aantal_clienten"}).drop(columns="aantal_regels")
    noemer = uit["aantal_clienten"].where(uit["aantal_clienten"] > 0)
    uit["kosten_per_client_eur"] = uit["bedrag_eur"] / noemer
    return uit


def kosten_per_eenheid(
    gekoppeld: pd.DataFrame, niveaus: Sequence[str] = ("wet", "categorie")
) -> pd.DataFrame:
    """Cost per delivered unit per year, group and eenheid.

    Args:
        gekoppeld: Output of :func:`koppel_declaraties` (needs ``geleverd_volume``,
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
    cellen = pxq_cellen(gekoppeld, niv, volume="eenheden")
    uit = cellen.rename(columns={"volume": "geleverd_volume"}).drop(columns="aantal_regels")
    noemer = uit["geleverd_volume"].where(uit["geleverd_volume"] > 0)
    uit["kosten_per_eenheid_eur"] = uit["bedrag_eur"] / noemer
    return uit


# --------------------------------------------------------------------------- 3. P x Q


def effect_kolommen(niveaus: Sequence[str]) -> list[str]:
    """Names of the effect columns of :func:`pxq_decompositie` for these levels.

    Their sum equals ``verschil_eur`` on every row.

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
        ``prijs_vergelijk_eur``, ``verschil_eur`` and the effect columns
        ``volume_effect_eur``, ``mix_<niveau>_eur`` …, ``prijs_effect_eur``,
        ``interactie_eur``, ``zonder_volume_eur``.

    >>> b = pd.DataFrame({"categorie": ["A", "B"], "volume": [10, 10],
    ...     "bedrag_eur": [1000.0, 2000.0]})
    >>> v = pd.DataFrame({"categorie": ["A", "B"], "volume": [10, 20],
    ...     "bedrag_eur": [1100.0, 4000.0]})
    >>> t = pxq_decompositie(b, v, ["categorie"]).iloc[0]
    >>> [round(float(t[k]), 2) for k in ["verschil_eur", "volume_effect_eur",
    ...     "mix_categorie_eur", "prijs_effect_eur", "interactie_eur"]]
    [2100.0, 1500.0, 333.33, 100.0, 166.67]
    """
    niveaus = list(niveaus)
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

    def _agg(df: pd.DataFrame) -> pd.DataFrame:
        d = _vul_niveaus(df, niveaus)
        d = d.assign(
            _q=pd.to_numeric(d[volume_kolom]).astype(float).fillna(0.0),
            _c=pd.to_numeric(d[bedrag_kolom]).astype(float).fillna(0.0),
        )
        return d.groupby(niveaus, sort=True)[["_q", "_c"]].sum()

    a0, a1 = _agg(basis), _agg(vergelijk)
    cel = a0.add_suffix("0").join(a1.add_suffix("1"), how="outer").fillna(0.0).reset_index()
    # cost without volume: cells with Q <= 0 cannot carry a price
    for t in ("0", "1"):
        zonder = cel[f"_q{t}"] <= 0
        cel[f"q{t}"] = cel[f"_q{t}"].where(~zonder, 0.0)
        cel[f"r{t}"] = cel[f"_c{t}"].where(zonder, 0.0)
        cel[f"p{t}"] = (cel[f"_c{t}"] / cel[f"q{t}"]).where(~zonder)
    p0 = cel["p0"].fillna(cel["p1"]).fillna(0.0).to_numpy()
    p1 = cel["p1"].fillna(cel["p0"]).fillna(0.0).to_numpy()
    q0, q1 = cel["q0"].to_numpy(), cel["q1"].to_numpy()

    # conditional shares per level, with the other period's share where a parent is empty
    cond: dict[str, list[np.ndarray]] = {"0": [], "1": []}
    for k in range(len(niveaus)):
        ouder = niveaus[:k]
        delen = {}
        for t, q in (("0", q0), ("1", q1)):
            kind_q = cel.groupby(niveaus[: k + 1], sort=False)[f"q{t}"].transform("sum")
            if ouder:
                ouder_q = cel.groupby(ouder, sort=False)[f"q{t}"].transform("sum")
            else:
                ouder_q = pd.Series(q.sum(), index=cel.index)
            delen[t] = (kind_q / ouder_q.where(ouder_q > 0)).to_numpy()
        for t, ander in (("0", "1"), ("1", "0")):
            d = np.where(np.isnan(delen[t]), delen[ander], delen[t])
            cond[t].append(np.nan_to_num(d, nan=0.0))
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
    delen_uit = []
    tot = uit[som_kol].sum().to_frame().T
    tot.insert(0, "niveau", "totaal")
    delen_uit.append(tot)
    for k, niveau in enumerate(niveaus):
        g = uit.groupby(niveaus[: k + 1], sort=True)[som_kol].sum().reset_index()
        g.insert(0, "niveau", niveau)
        delen_uit.append(g)
    res = pd.concat(delen_uit, ignore_index=True)
    res = res[["niveau", *niveaus, *som_kol]]
    for k in niveaus:
        res[k] = res[k].astype(object).where(res[k].notna(), None)
    res["verschil_eur"] = res["bedrag_vergelijk_eur"] - res["bedrag_basis_eur"]
    for t, naam in (("0", "basis"), ("1", "vergelijk")):
        priced = res[f"bedrag_{naam}_eur"] - res[f"_r{t}"]
        res[f"prijs_{naam}_eur"] = priced / res[f"_qp{t}"].where(res[f"_qp{t}"] > 0)
    res = res.drop(columns=["_qp0", "_qp1", "_r0", "_r1"])
    volgorde = [
        "niveau",
        *niveaus,
        "bedrag_basis_eur",
        "bedrag_vergelijk_eur",
        "volume_basis",
        "volume_vergelijk",
        "prijs_basis_eur",
        "prijs_vergelijk_eur",
        "verschil_eur",
        *comps,
    ]
    return res[volgorde]


def pxq_jaar_op_jaar(
    cellen: pd.DataFrame,
    jaar_basis: int,
    jaar_vergelijk: int,
    niveaus: Sequence[str] = ("wet", "categorie"),
) -> pd.DataFrame:
    """P × Q decomposition between two years of :func:`pxq_cellen` output.

    Args:
        cellen: Output of :func:`pxq_cellen` (``jaar``, niveaus, ``bedrag_eur``, ``volume``).
        jaar_basis: Year 0.
        jaar_vergelijk: Year 1.
        niveaus: Hierarchy, top first.

    Returns:
        :func:`pxq_decompositie` output with ``jaar_basis`` and ``jaar_vergelijk`` added.

    >>> c = pd.DataFrame({"jaar": [2018, 2019], "categorie": ["A", "A"],
    ...     "volume": [10, 12], "bedrag_eur": [1000.0, 1200.0]})
    >>> float(pxq_jaar_op_jaar(c, 2018, 2019, ["categorie"]).loc[0, "volume_effect_eur"])
    200.0
    """
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
    niveaus: Sequence[str] = ("wet", "categorie"),
    jaren: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Total P × Q effects for every pair of consecutive years.

    Args:
        cellen: Output of :func:`pxq_cellen`.
        niveaus: Hierarchy, top first.
        jaren: Compared years (default: every year after the first in ``cellen``).

    Returns:
        One row per year pair: ``jaar_basis``, ``jaar_vergelijk``, ``bedrag_basis_eur``,
        ``bedrag_vergelijk_eur``, ``verschil_eur`` and the effect columns.

    >>> c = pd.DataFrame({"jaar": [2018, 2019, 2020], "categorie": ["A"] * 3,
    ...     "volume": [10, 11, 11], "bedrag_eur": [1000.0, 1100.0, 1210.0]})
    >>> pxq_per_jaar(c, ["categorie"])[["jaar_vergelijk", "volume_effect_eur",
    ...     "prijs_effect_eur"]].values.tolist()
    [[2019.0, 100.0, 0.0], [2020.0, 0.0, 110.0]]
    """
    vereis_kolommen(cellen, ["jaar"], "cellen")
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
        "verschil_eur",
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
        :func:`sdanalysis.plots.brug.brugdiagram`). Start + effects = eind.

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


# --------------------------------------------------------------------------- 4. reconstructie


def voorspel_volume_per_categorie(
    kosten: pd.DataFrame,
    jaar: int,
    voorspeller: Callable[[pd.Series, int], pd.DataFrame] | None = None,
    volume_kolom: str = "aantal_clienten",
    methode: str = "lineair",
    niveau: float = 0.8,
    min_jaren: int = 3,
) -> pd.DataFrame:
    """Forecast the volume of ``jaar`` per categorie from the years before it.

    Args:
        kosten: Output of :func:`kosten_per_client` (``jaar``, ``categorie``, volume).
        jaar: Year to forecast; only earlier years are used.
        voorspeller: ``f(reeks, horizon) -> DataFrame`` with ``voorspelling``,
            ``ondergrens``, ``bovengrens`` (last row = ``jaar``); default
            :func:`sdanalysis.analyse.trends.voorspel` with ``methode`` and ``niveau``.
        volume_kolom: Volume column.
        methode: Method of the default forecaster.
        niveau: Interval level of the default forecaster.
        min_jaren: Categories with fewer years of history are skipped (and listed in
            ``attrs["overgeslagen"]``).

    Returns:
        ``categorie``, ``voorspelling``, ``ondergrens``, ``bovengrens``, ``laatste_jaar``,
        ``laatste_volume``.

    >>> k = pd.DataFrame({"jaar": [2021, 2022, 2023], "categorie": ["A"] * 3,
    ...     "aantal_clienten": [10, 12, 14]})
    >>> naief = lambda s, h: pd.DataFrame({"voorspelling": [s.iloc[-1]],
    ...     "ondergrens": [s.iloc[-1] - 1], "bovengrens": [s.iloc[-1] + 1]})
    >>> voorspel_volume_per_categorie(k, 2024, naief)[["categorie", "voorspelling"]].values.tolist()
    [['A', 14.0]]
    """
    vereis_kolommen(kosten, ["jaar", "categorie", volume_kolom], "kosten")
    if voorspeller is None:
        from sdanalysis.analyse.trends import voorspel

        def voorspeller(reeks: pd.Series, horizon: int) -> pd.DataFrame:
            return voorspel(reeks, horizon, methode=methode, niveau=niveau)

    hist = kosten[kosten["jaar"] < jaar]
    rijen, overgeslagen = [], []
    for cat, g in hist.groupby("categorie", sort=True):
        reeks = g.groupby("jaar")[volume_kolom].sum().astype(float).sort_index()
        if len(reeks) < min_jaren:
            overgeslagen.append(str(cat))
            continue
        laatste = int(reeks.index.max())
        v = voorspeller(reeks, jaar - laatste)
        vereis_kolommen(v, ["voorspelling", "ondergrens", "bovengrens"], "voorspelling")
        r = v.iloc[-1]
        rijen.append(
            (
                cat,
                float(r["voorspelling"]),
                float(r["ondergrens"]),
                float(r["bovengrens"]),
                laatste,
                float(reeks.iloc[-1]),
            )
        )
    uit = pd.DataFrame(
        rijen,
        columns=[
            "categorie",
            "voorspelling",
            "ondergrens",
            "bovengrens",
            "laatste_jaar",
            "laatste_volume",
        ],
    )
    uit.attrs["overgeslagen"] = overgeslagen
    return uit


def verwachte_prijs(
    kosten: pd.DataFrame,
    jaar: int,
    prijs_kolom: str = "kosten_per_client_eur",
    niveaus: Sequence[str] = ("categorie",),
    methode: str = "laatste",
    jaren: int = 3,
    indexatie: float = 0.0,
) -> pd.DataFrame:
    """Expected price per group for ``jaar`` from realised prices of earlier years.

    Args:
        kosten: Output of :func:`kosten_per_client` (or :func:`kosten_per_eenheid`).
        jaar: Year for which the price is expected; only earlier years are used.
        prijs_kolom: Column with the realised price.
        niveaus: Grouping columns of the result.
        methode: ``"laatste"`` (last realised year) or ``"gemiddelde"`` (volume-weighted
            average price of the last ``jaren`` years).
        jaren: Number of years for ``"gemiddelde"``.
        indexatie: Yearly price index applied from the base year to ``jaar``
            (0.03 = 3% per year).

    Returns:
        niveaus, ``prijs_basisjaar`` (last year used), ``verwachte_prijs_eur``.

    >>> k = pd.DataFrame({"jaar": [2018, 2019], "categorie": ["A", "A"],
    ...     "bedrag_eur": [1000.0, 1200.0], "aantal_clienten": [10, 10],
    ...     "kosten_per_client_eur": [100.0, 120.0]})
    >>> round(float(verwachte_prijs(k, 2020, indexatie=0.05)["verwachte_prijs_eur"][0]), 2)
    126.0
    """
    niveaus = list(niveaus)
    vereis_kolommen(kosten, ["jaar", *niveaus, prijs_kolom, "bedrag_eur"], "kosten")
    if methode not in ("laatste", "gemiddelde"):
        raise ValueError(f"methode moet 'laatste' of 'gemiddelde' zijn, niet {methode!r}.")
    df = kosten[(kosten["jaar"] < jaar) & kosten[prijs_kolom].notna()].copy()
    if df.empty:
        raise ValueError(f"kosten: geen gerealiseerde prijzen vóór {jaar}.")
    df = df.assign(_q=df["bedrag_eur"] / df[prijs_kolom])
    rijen = []
    for sleutel, g in df.groupby(niveaus, sort=True):
        laatste = int(g["jaar"].max())
        if methode == "laatste":
            gg = g[g["jaar"] == laatste]
        else:
            gg = g[g["jaar"] > laatste - jaren]
        prijs = gg["bedrag_eur"].sum() / gg["_q"].sum() if gg["_q"].sum() > 0 else np.nan
        prijs *= (1 + indexatie) ** (jaar - laatste)
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        rijen.append((*sleutel, laatste, prijs))
    return pd.DataFrame(rijen, columns=[*niveaus, "prijs_basisjaar", "verwachte_prijs_eur"])


def categorie_taakveld(
    productcodes: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    niveau: str = "reeks",
) -> pd.DataFrame:
    """Map each categorie to its begroting line (taakveld series) via ``productcodes``.

    A categorie may point to several taakvelden (e.g. Jeugdhulp ambulant on 6.72a and
    6.72b) as long as they fall in one series of the crosswalk; the taakveld codes of
    productcodes are read in the 2023-2024 indeling (:data:`PRODUCTCODES_TAAKVELD_JAAR`).

    Args:
        productcodes: Processed ``productcodes`` (categorie, taakveld).
        taakveldreeks: Crosswalk function (default
            :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        niveau: Crosswalk level (``"reeks"`` or ``"detail"``).

    Returns:
        ``categorie``, ``taakvelden`` (codes joined by ``", "``), ``taakveld_reeks``,
        ``taakveld_reeks_naam``; one row per categorie that has a taakveld.

    Raises:
        ValueError: A categorie falls in more than one series.

    >>> p = pd.DataFrame({"categorie": ["Jeugdhulp ambulant"] * 2 + ["Begeleiding"],
    ...     "taakveld": ["6.72a", "6.72b", "6.71b"]})
    >>> categorie_taakveld(p)[["categorie", "taakvelden", "taakveld_reeks"]].values.tolist()
    [['Begeleiding', '6.71b', 'wmo_maatwerk'], ['Jeugdhulp ambulant', '6.72a, 6.72b', 'jeugd']]
    """
    vereis_kolommen(productcodes, ["categorie", "taakveld"], "productcodes")
    mapper = taakveldreeks or _standaard_taakveldreeks()
    m = productcodes[["categorie", "taakveld"]].dropna().drop_duplicates()
    m = m.astype({"categorie": object, "taakveld": object})
    if m.empty:
        return pd.DataFrame(
            columns=["categorie", "taakvelden", "taakveld_reeks", "taakveld_reeks_naam"]
        )
    m = _koppel_reeks(mapper, m.assign(_indeling=PRODUCTCODES_TAAKVELD_JAAR), "_indeling", niveau)
    reeksen = m.groupby("categorie")["taakveld_reeks"].nunique()
    meer = reeksen[reeksen > 1]
    if not meer.empty:
        voorbeeld = {
            c: sorted(m.loc[m["categorie"] == c, "taakveld_reeks"].unique()) for c in meer.index[:3]
        }
        raise ValueError(
            "productcodes: categorie valt in meer dan één begrotingsreeks, bijv. "
            f"{voorbeeld}; splits de categorie of kies één taakveld."
        )
    uit = (
        m.groupby("categorie", sort=True)
        .agg(
            taakvelden=("taakveld", lambda x: ", ".join(sorted(set(map(str, x))))),
            taakveld_reeks=("taakveld_reeks", "first"),
            taakveld_reeks_naam=("taakveld_reeks_naam", "first"),
        )
        .reset_index()
    )
    return uit


def reconstrueer_begroting(
    voorspelling: pd.DataFrame,
    prijzen: pd.DataFrame,
    begroting: pd.DataFrame,
    productcodes: pd.DataFrame,
    jaar: int,
    soort: str = "primitief",
    taakveldreeks: TaakveldMapper | None = None,
    niveau: str = "reeks",
    overige_lasten: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rebuilt budget (forecast volume × expected price) against the begroting lines.

    Args:
        voorspelling: One row per categorie with ``categorie``, ``voorspelling``,
            ``ondergrens``, ``bovengrens`` (volume in ``jaar``, e.g. clients, from
            :func:`sdanalysis.analyse.trends.voorspel`).
        prijzen: ``categorie`` and ``verwachte_prijs_eur`` (see :func:`verwachte_prijs`).
        begroting: Processed ``begroting``.
        productcodes: Processed ``productcodes`` (categorie → taakveld).
        jaar: Budget year.
        soort: Begroting version to compare with (``primitief`` or ``gewijzigd``).
        taakveldreeks: Crosswalk function (default
            :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        niveau: Crosswalk level (``"reeks"`` or ``"detail"``).
        overige_lasten: Optional ``taakveld_reeks`` + ``overige_lasten_eur``: costs of the
            line that do not run through declaraties (pgb, subsidies, uitvoering), e.g.
            from :func:`overige_lasten_uit_aansluiting`; added to the reconstruction and
            its bounds as a fixed amount.

    Returns:
        One row per begroting line (taakveld series) with ``jaar``, ``taakveld_reeks``,
        ``taakveld_reeks_naam``, ``begroting_eur``, ``zorgkosten_eur`` (volume × prijs),
        ``overige_lasten_eur`` (0 when not given), ``reconstructie_eur`` (their sum),
        ``ondergrens_eur``, ``bovengrens_eur``, ``verschil_eur`` (begroting −
        reconstructie; positive = budgeted more than the volumes explain),
        ``verschil_pct`` (of the reconstruction), ``oordeel`` (``te laag begroot`` when
        the begroting is below the lower bound, ``te hoog begroot`` above the upper bound,
        else ``binnen bandbreedte``; ``geen begroting`` / ``geen reconstructie`` when
        one side is missing) and ``categorieen`` (the categories in the line).
        Categories without taakveld form a line ``(onbekend)``.
    """
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    if soort not in ("primitief", "gewijzigd"):
        raise ValueError(f"soort moet 'primitief' of 'gewijzigd' zijn, niet {soort!r}.")
    mapper = taakveldreeks or _standaard_taakveldreeks()
    det = reconstructie_per_categorie(voorspelling, prijzen, productcodes, mapper, niveau)
    sleutel = ["taakveld_reeks", "taakveld_reeks_naam"]
    rec = (
        det.groupby(sleutel, sort=True)
        .agg(
            reconstructie_eur=("reconstructie_eur", "sum"),
            ondergrens_eur=("ondergrens_eur", "sum"),
            bovengrens_eur=("bovengrens_eur", "sum"),
            categorieen=("categorie", lambda s: ", ".join(sorted(map(str, s)))),
        )
        .reset_index()
    )
    b = begroting[(begroting["jaar"] == jaar)]
    b = b[b["soort"].astype("string").str.lower() == soort]
    if not b.empty:
        b = _koppel_reeks(mapper, b.copy(), "jaar", niveau)
        b = _vul_niveaus(b, sleutel)
        b = b.groupby(sleutel, sort=True)["bedrag_eur"].sum().rename("begroting_eur").reset_index()
    else:
        b = pd.DataFrame(columns=[*sleutel, "begroting_eur"]).astype({"begroting_eur": float})
    uit = b.merge(rec, on=sleutel, how="outer")
    uit["zorgkosten_eur"] = uit["reconstructie_eur"]
    uit["overige_lasten_eur"] = 0.0
    if overige_lasten is not None:
        vereis_kolommen(overige_lasten, ["taakveld_reeks", "overige_lasten_eur"], "overige_lasten")
        extra = overige_lasten.groupby("taakveld_reeks")["overige_lasten_eur"].sum()
        heeft = uit["reconstructie_eur"].notna()
        uit.loc[heeft, "overige_lasten_eur"] = (
            uit.loc[heeft, "taakveld_reeks"].map(extra).fillna(0.0).astype(float)
        )
        for k in ("reconstructie_eur", "ondergrens_eur", "bovengrens_eur"):
            uit[k] = uit[k] + uit["overige_lasten_eur"]
    uit["verschil_eur"] = uit["begroting_eur"] - uit["reconstructie_eur"]
    noemer = uit["reconstructie_eur"].where(uit["reconstructie_eur"] != 0)
    uit["verschil_pct"] = uit["verschil_eur"] / noemer
    oordeel = np.where(
        uit["begroting_eur"] < uit["ondergrens_eur"],
        "te laag begroot",
        np.where(
            uit["begroting_eur"] > uit["bovengrens_eur"], "te hoog begroot", "binnen bandbreedte"
        ),
    )
    oordeel = np.where(uit["begroting_eur"].isna(), "geen begroting", oordeel)
    oordeel = np.where(uit["reconstructie_eur"].isna(), "geen reconstructie", oordeel)
    uit["oordeel"] = oordeel
    uit.insert(0, "jaar", int(jaar))
    kol = [
        "jaar",
        *sleutel,
        "begroting_eur",
        "zorgkosten_eur",
        "overige_lasten_eur",
        "reconstructie_eur",
        "ondergrens_eur",
        "bovengrens_eur",
        "verschil_eur",
        "verschil_pct",
        "oordeel",
        "categorieen",
    ]
    return uit[kol].sort_values("taakveld_reeks").reset_index(drop=True)


def reconstructie_per_categorie(
    voorspelling: pd.DataFrame,
    prijzen: pd.DataFrame,
    productcodes: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    niveau: str = "reeks",
) -> pd.DataFrame:
    """Forecast volume × expected price per categorie, with its begroting line.

    Args:
        voorspelling: ``categorie``, ``voorspelling``, ``ondergrens``, ``bovengrens``.
        prijzen: ``categorie``, ``verwachte_prijs_eur``.
        productcodes: For the categorie → taakveld mapping (:func:`categorie_taakveld`).
        taakveldreeks: Crosswalk function.
        niveau: Crosswalk level.

    Returns:
        ``categorie``, the volume columns, ``verwachte_prijs_eur``, ``reconstructie_eur``,
        ``ondergrens_eur``, ``bovengrens_eur``, ``taakvelden``, ``taakveld_reeks``,
        ``taakveld_reeks_naam`` (:data:`ONBEKEND` when the categorie has no taakveld).

    Raises:
        ValueError: Missing columns, a duplicated categorie, or a categorie with a
            forecast but no expected price.

    >>> v = pd.DataFrame({"categorie": ["A"], "voorspelling": [10.0], "ondergrens": [8.0],
    ...     "bovengrens": [12.0]})
    >>> p = pd.DataFrame({"categorie": ["A"], "verwachte_prijs_eur": [100.0]})
    >>> pc = pd.DataFrame({"categorie": ["A"], "taakveld": ["6.71a"]})
    >>> r = reconstructie_per_categorie(v, p, pc)
    >>> r[["reconstructie_eur", "bovengrens_eur", "taakveld_reeks"]].values.tolist()
    [[1000.0, 1200.0, 'wmo_maatwerk']]
    """
    vereis_kolommen(
        voorspelling, ["categorie", "voorspelling", "ondergrens", "bovengrens"], "voorspelling"
    )
    vereis_kolommen(prijzen, ["categorie", "verwachte_prijs_eur"], "prijzen")
    if voorspelling["categorie"].duplicated().any():
        raise ValueError("voorspelling: verwacht één rij per categorie.")
    if prijzen["categorie"].duplicated().any():
        raise ValueError("prijzen: verwacht één rij per categorie.")
    d = voorspelling[["categorie", "voorspelling", "ondergrens", "bovengrens"]].merge(
        prijzen[["categorie", "verwachte_prijs_eur"]],
        on="categorie",
        how="left",
    )
    geen_prijs = d.loc[d["verwachte_prijs_eur"].isna(), "categorie"].tolist()
    if geen_prijs:
        raise ValueError(f"prijzen: geen verwachte prijs voor categorie(ën) {geen_prijs}.")
    for bron, doel in (
        ("voorspelling", "reconstructie_eur"),
        ("ondergrens", "ondergrens_eur"),
        ("bovengrens", "bovengrens_eur"),
    ):
        d[doel] = d[bron] * d["verwachte_prijs_eur"]
    d = d.merge(categorie_taakveld(productcodes, taakveldreeks, niveau), on="categorie", how="left")
    d = _vul_niveaus(d, ["taakveld_reeks", "taakveld_reeks_naam"])
    return d


def pxq_reconstructie_vs_realisatie(
    detail: pd.DataFrame, cellen: pd.DataFrame, jaar: int
) -> pd.DataFrame:
    """P × Q of the rebuilt budget (basis) against the realised cost of ``jaar``.

    Splits the forecast error per categorie into volume (more or fewer clients than
    forecast), mix, price and interaction, with the same formulas as
    :func:`pxq_decompositie`.

    Args:
        detail: Output of :func:`reconstructie_per_categorie` (``categorie``,
            ``voorspelling`` as Q, ``reconstructie_eur`` as C).
        cellen: Output of :func:`pxq_cellen` with the same volume definition
            (``jaar``, ``categorie``, ``volume``, ``bedrag_eur``).
        jaar: The realised year.

    Returns:
        :func:`pxq_decompositie` output over ``categorie`` (basis = reconstructie,
        vergelijk = realisatie).

    >>> d = pd.DataFrame({"categorie": ["A"], "voorspelling": [10.0],
    ...     "reconstructie_eur": [1000.0]})
    >>> c = pd.DataFrame({"jaar": [2024], "categorie": ["A"], "volume": [12],
    ...     "bedrag_eur": [1200.0]})
    >>> float(pxq_reconstructie_vs_realisatie(d, c, 2024).loc[0, "volume_effect_eur"])
    200.0
    """
    vereis_kolommen(detail, ["categorie", "voorspelling", "reconstructie_eur"], "detail")
    vereis_kolommen(cellen, ["jaar", "categorie", "volume", "bedrag_eur"], "cellen")
    basis = detail.rename(columns={"voorspelling": "volume", "reconstructie_eur": "bedrag_eur"})
    vergelijk = cellen[cellen["jaar"] == jaar]
    if vergelijk.empty:
        raise ValueError(f"cellen: geen realisatie in {jaar}.")
    return pxq_decompositie(
        basis[["categorie", "volume", "bedrag_eur"]],
        vergelijk[["categorie", "volume", "bedrag_eur"]],
        ["categorie"],
    )


def overige_lasten_uit_aansluiting(aansluiting: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Costs per begroting line outside the declaraties in ``jaar`` (realisatie − declaraties).

    Args:
        aansluiting: Output of :func:`aansluiting_declaraties_realisatie`.
        jaar: Year whose difference is carried forward.

    Returns:
        ``taakveld_reeks``, ``overige_lasten_eur`` (only lines with both sides).

    >>> a = pd.DataFrame({"jaar": [2023, 2023], "taakveld_reeks": ["jeugd", "wmo"],
    ...     "verschil_eur": [500.0, float("nan")]})
    >>> overige_lasten_uit_aansluiting(a, 2023).values.tolist()
    [['jeugd', 500.0]]
    """
    vereis_kolommen(aansluiting, ["jaar", "taakveld_reeks", "verschil_eur"], "aansluiting")
    a = aansluiting[(aansluiting["jaar"] == jaar) & aansluiting["verschil_eur"].notna()]
    if a.empty:
        raise ValueError(f"aansluiting: geen regels met declaraties én realisatie in {jaar}.")
    a = a[a["taakveld_reeks"] != ONBEKEND]
    return (
        a.groupby("taakveld_reeks", as_index=False)["verschil_eur"]
        .sum()
        .rename(columns={"verschil_eur": "overige_lasten_eur"})
    )


def gemiddelde_prijsstijging(
    kosten: pd.DataFrame,
    tot_jaar: int,
    jaren: int = 3,
    prijs_kolom: str = "kosten_per_client_eur",
    volume_kolom: str = "aantal_clienten",
    niveaus: Sequence[str] = ("wet", "categorie"),
) -> float:
    """Average yearly price increase over the last ``jaren`` year pairs up to ``tot_jaar``.

    Each year pair gives a Paasche price index Σ Q1·P1 / Σ Q1·P0 over the groups present
    in both years (so volume and mix shifts do not count as price); the result is the
    geometric mean of the indices minus 1.

    Args:
        kosten: Output of :func:`kosten_per_client` (or per unit with other columns).
        tot_jaar: Last year included.
        jaren: Number of year pairs.
        prijs_kolom: Price column.
        volume_kolom: Volume column.
        niveaus: Group columns.

    Returns:
        The yearly increase as a fraction (0.03 = 3%).

    >>> k = pd.DataFrame({"jaar": [2022, 2023, 2022, 2023], "categorie": ["A", "A", "B", "B"],
    ...     "aantal_clienten": [10, 10, 5, 50], "kosten_per_client_eur": [100.0, 104.0,
    ...     1000.0, 1030.0]})
    >>> round(gemiddelde_prijsstijging(k, 2023, 1, niveaus=["categorie"]), 4)
    0.0302
    """
    niveaus = list(niveaus)
    vereis_kolommen(kosten, ["jaar", *niveaus, prijs_kolom, volume_kolom], "kosten")
    indices = []
    for j in range(tot_jaar - jaren + 1, tot_jaar + 1):
        a = kosten[kosten["jaar"] == j - 1].set_index(niveaus)
        b = kosten[kosten["jaar"] == j].set_index(niveaus)
        beide = a.index.intersection(b.index)
        if len(beide) == 0:
            continue
        p0 = a.loc[beide, prijs_kolom]
        p1 = b.loc[beide, prijs_kolom]
        q1 = b.loc[beide, volume_kolom]
        geldig = p0.notna() & p1.notna() & (q1 > 0)
        noemer = float((q1[geldig] * p0[geldig]).sum())
        if noemer > 0:
            indices.append(float((q1[geldig] * p1[geldig]).sum()) / noemer)
    if not indices:
        raise ValueError(f"kosten: geen opeenvolgende jaren met prijzen tot en met {tot_jaar}.")
    return float(np.prod(indices) ** (1 / len(indices)) - 1)


def reconstructie_aannames(
    jaar: int,
    prijs_methode: str = "laatste",
    indexatie: float = 0.0,
    volume: str = "clienten",
    soort: str = "primitief",
    interval: float = 0.8,
    overige_lasten_jaar: int | None = None,
) -> pd.DataFrame:
    """The assumptions of :func:`reconstrueer_begroting`, in Dutch, as a table.

    >>> reconstructie_aannames(2025).shape[1]
    2
    """
    volume_tekst = (
        "het aantal cliënten met zorg in het jaar (per categorie)"
        if volume == "clienten"
        else "het aantal geleverde eenheden (per categorie en eenheid)"
    )
    prijs_tekst = (
        "de gerealiseerde kosten per cliënt in het laatste volledige jaar"
        if prijs_methode == "laatste"
        else "de volumegewogen gemiddelde kosten per cliënt over de laatste jaren"
    )
    regels = [
        f"Volume (Q) in {jaar} is {volume_tekst}, voorspeld uit de reeks van eerdere jaren.",
        f"De bandbreedte is het {format_procent(interval, 0)}-voorspelinterval van het volume; "
        "onzekerheid in de prijs zit er niet in.",
        f"Prijs (P) is {prijs_tekst}, geïndexeerd met {format_procent(indexatie)} per jaar.",
        "De mix binnen een categorie (aanbieders, producten) blijft gelijk aan het basisjaar.",
        "De bandbreedte van een begrotingsregel is de som van de grenzen van zijn "
        "categorieën (ruim: alsof alle categorieën tegelijk hoog of laag uitvallen).",
        "Een categorie telt mee op het taakveld uit productcodes (indeling 2023-2024); via de "
        "crosswalk valt dat taakveld in de vergelijkbare reeks van de begroting.",
        (
            f"Vergeleken wordt met de {_SOORT_BIJVOEGLIJK.get(soort, soort)} begroting. Lasten buiten de declaraties (pgb, "
            "subsidies, uitvoering) zijn meegenomen als vast bedrag: realisatie min "
            f"declaraties in {overige_lasten_jaar}."
            if overige_lasten_jaar is not None
            else f"Vergeleken wordt met de {_SOORT_BIJVOEGLIJK.get(soort, soort)} begroting. Een begrotingsregel bevat meer "
            "dan de gedeclareerde zorg (pgb, subsidies, uitvoeringskosten); het verschil is "
            "dus niet alleen een schattingsfout."
        ),
        "Declaraties zonder toewijzing of zonder taakveld tellen niet mee in de reconstructie "
        "en worden apart gerapporteerd.",
    ]
    return pd.DataFrame({"nr": range(1, len(regels) + 1), "aanname": regels})


# --------------------------------------------------------------------------- 5. aansluiting


def taakveld_uit_productcodes(gekoppeld: pd.DataFrame, productcodes: pd.DataFrame) -> pd.DataFrame:
    """Fill ``taakveld`` of declaraties from productcodes where the toewijzing had none.

    A productcodes row with an empty ``productcode`` is the default for its whole
    productcategorie; a row with a productcode wins over the default.

    >>> g = pd.DataFrame({"wet": ["JW"], "productcategorie": ["43"], "productcode": ["43A01"],
    ...     "taakveld": [pd.NA]})
    >>> p = pd.DataFrame({"wet": ["JW"], "productcategorie": ["43"], "productcode": [pd.NA],
    ...     "categorie": ["Basis GGZ"], "taakveld": ["6.72a"]})
    >>> taakveld_uit_productcodes(g, p)["taakveld"].tolist()
    ['6.72a']
    """
    vereis_kolommen(
        productcodes, ["wet", "productcategorie", "productcode", "taakveld"], "productcodes"
    )
    uit = gekoppeld.copy()
    if "taakveld" not in uit.columns:
        uit["taakveld"] = pd.NA
    uit["taakveld"] = uit["taakveld"].astype(object)
    if not {"wet", "productcategorie"} <= set(uit.columns):
        return uit
    pc = productcodes.copy()
    pc["_w"] = pc["wet"].astype("string").str.upper()
    pc["_pcat"] = pc["productcategorie"].astype("string")
    pc["_code"] = pc["productcode"].astype("string")
    specifiek = pc[pc["_code"].notna()].drop_duplicates(["_w", "_pcat", "_code"])
    standaard = pc[pc["_code"].isna()].drop_duplicates(["_w", "_pcat"])
    sleutel_w = uit["wet"].astype("string").str.upper()
    sleutel_p = uit["productcategorie"].astype("string")
    code = (
        uit["productcode"].astype("string")
        if "productcode" in uit.columns
        else pd.Series(pd.NA, index=uit.index, dtype="string")
    )
    s_map = dict(
        zip(
            zip(specifiek["_w"], specifiek["_pcat"], specifiek["_code"], strict=True),
            specifiek["taakveld"],
            strict=True,
        )
    )
    d_map = dict(
        zip(
            zip(standaard["_w"], standaard["_pcat"], strict=True),
            standaard["taakveld"],
            strict=True,
        )
    )
    gevonden = [
        s_map.get((w, p, c), d_map.get((w, p)))
        for w, p, c in zip(sleutel_w, sleutel_p, code, strict=True)
    ]
    leeg = uit["taakveld"].isna()
    uit.loc[leeg, "taakveld"] = pd.Series(gevonden, index=uit.index, dtype=object)[leeg]
    return uit


def aansluiting_declaraties_realisatie(
    gekoppeld: pd.DataFrame,
    begroting: pd.DataFrame,
    productcodes: pd.DataFrame | None = None,
    taakveldreeks: TaakveldMapper | None = None,
    tolerantie: float = AANSLUITING_TOLERANTIE,
    tolerantie_eur: float = AANSLUITING_TOLERANTIE_EUR,
    niveau: str = "reeks",
) -> pd.DataFrame:
    """Reconcile declaraties per year and taakveld with the realisatie in the begroting.

    Declaraties get their taakveld from the toewijzing or, failing that, from
    productcodes; both are mapped to the comparable taakveld series, as is the
    begroting. Every line present on either side is listed.

    Args:
        gekoppeld: Output of :func:`koppel_declaraties`.
        begroting: Processed ``begroting`` (rows with ``soort == "realisatie"`` are used).
        productcodes: Optional, to fill missing taakvelden.
        taakveldreeks: Crosswalk function (default :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        tolerantie: Relative difference (of the realisatie) accepted as "aansluitend".
        tolerantie_eur: Absolute difference always accepted.
        niveau: Crosswalk level (``"reeks"`` or ``"detail"``).

    Returns:
        ``jaar``, ``taakveld_reeks``, ``taakveld_reeks_naam``, ``declaraties_eur``,
        ``realisatie_eur``, ``verschil_eur`` (realisatie − declaraties),
        ``verschil_pct`` (of realisatie), ``status``: ``aansluitend``, ``verschil``,
        ``alleen declaraties`` (no realisatie line), ``alleen realisatie`` (no
        declaraties) or ``geen taakveld`` (declaraties that cannot be placed).
    """
    vereis_kolommen(gekoppeld, ["jaar", "bedrag_eur"], "gekoppelde declaraties")
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    mapper = taakveldreeks or _standaard_taakveldreeks()
    d = gekoppeld.copy()
    if productcodes is not None:
        d = taakveld_uit_productcodes(d, productcodes)
    if "taakveld" not in d.columns:
        d["taakveld"] = pd.NA
    d = d.groupby(["jaar", "taakveld"], dropna=False)["bedrag_eur"].sum().reset_index()
    met = d[d["taakveld"].notna()].copy()
    zonder = d[d["taakveld"].isna()].copy()
    if not met.empty:
        # taakveld codes of toewijzingen/productcodes are in the 2023-2024 indeling
        met = _koppel_reeks(
            mapper, met.assign(_indeling=PRODUCTCODES_TAAKVELD_JAAR), "_indeling", niveau
        )
    zonder = zonder.assign(taakveld_reeks=ONBEKEND, taakveld_reeks_naam=ONBEKEND)
    d = pd.concat([x for x in (met, zonder) if not x.empty], ignore_index=True)
    sleutel = ["jaar", "taakveld_reeks", "taakveld_reeks_naam"]
    d = _vul_niveaus(d, sleutel[1:])
    d = d.groupby(sleutel)["bedrag_eur"].sum().rename("declaraties_eur").reset_index()

    r = begroting[begroting["soort"].astype("string").str.lower() == "realisatie"].copy()
    if not r.empty:
        r = _koppel_reeks(mapper, r, "jaar", niveau)
        r = _vul_niveaus(r, sleutel[1:])
        r = r.groupby(sleutel)["bedrag_eur"].sum().rename("realisatie_eur").reset_index()
        # only the years for which declaraties exist are compared
        r = r[r["jaar"].isin(set(d["jaar"]))]
    else:
        r = pd.DataFrame(columns=[*sleutel, "realisatie_eur"])
    uit = d.merge(r, on=sleutel, how="outer")
    uit["verschil_eur"] = uit["realisatie_eur"] - uit["declaraties_eur"]
    uit["verschil_pct"] = uit["verschil_eur"] / uit["realisatie_eur"].where(
        uit["realisatie_eur"] != 0
    )
    binnen = (uit["verschil_eur"].abs() <= tolerantie_eur) | (
        uit["verschil_pct"].abs() <= tolerantie
    )
    status = np.where(binnen, "aansluitend", "verschil")
    status = np.where(uit["realisatie_eur"].isna(), "alleen declaraties", status)
    status = np.where(uit["declaraties_eur"].isna(), "alleen realisatie", status)
    status = np.where(uit["taakveld_reeks"] == ONBEKEND, "geen taakveld", status)
    uit["status"] = status
    uit["jaar"] = uit["jaar"].astype("int64")
    return uit.sort_values(sleutel).reset_index(drop=True)


@dataclass
class HerbouwdeBegroting:
    """Everything :func:`herbouw_begroting` derived, so notebook and workbook show the same."""

    jaar: int
    voorspelling: pd.DataFrame
    indexatie: float
    prijzen: pd.DataFrame
    reconstructie: pd.DataFrame
    detail: pd.DataFrame
    aannames: pd.DataFrame


def herbouw_begroting(
    kosten: pd.DataFrame,
    begroting: pd.DataFrame,
    productcodes: pd.DataFrame,
    aansluiting: pd.DataFrame,
    jaar: int,
    methode: str = "lineair",
    interval: float = 0.8,
    prijsjaren: int = 3,
    soort: str = "primitief",
) -> HerbouwdeBegroting:
    """Rebuild the begroting of ``jaar`` as forecast volume × expected price, in one call.

    Chains :func:`voorspel_volume_per_categorie` (volume up to ``jaar - 1``, forecast with
    ``methode`` and a ``interval`` prediction interval), :func:`gemiddelde_prijsstijging`
    over the last ``prijsjaren`` years, :func:`verwachte_prijs`,
    :func:`overige_lasten_uit_aansluiting` (lasten outside the declaraties, from the year
    before) and :func:`reconstrueer_begroting` against the ``soort`` begroting.

    Args:
        kosten: :func:`kosten_per_client` per wet and categorie.
        begroting: Processed ``begroting`` table.
        productcodes: Processed ``productcodes`` table (categorie → taakveld).
        aansluiting: :func:`aansluiting_declaraties_realisatie`.
        jaar: Year to rebuild.

    Returns:
        The parts and the assumptions (:func:`reconstructie_aannames`).
    """
    voorspelling = voorspel_volume_per_categorie(kosten, jaar, methode=methode, niveau=interval)
    indexatie = gemiddelde_prijsstijging(kosten, jaar - 1, jaren=prijsjaren)
    prijzen = verwachte_prijs(kosten, jaar, indexatie=indexatie)
    reconstructie = reconstrueer_begroting(
        voorspelling,
        prijzen,
        begroting,
        productcodes,
        jaar,
        soort=soort,
        overige_lasten=overige_lasten_uit_aansluiting(aansluiting, jaar - 1),
    )
    detail = reconstructie_per_categorie(voorspelling, prijzen, productcodes)
    aannames = reconstructie_aannames(
        jaar,
        prijs_methode="laatste",
        indexatie=indexatie,
        soort=soort,
        interval=interval,
        overige_lasten_jaar=jaar - 1,
    )
    return HerbouwdeBegroting(
        jaar, voorspelling, indexatie, prijzen, reconstructie, detail, aannames
    )
