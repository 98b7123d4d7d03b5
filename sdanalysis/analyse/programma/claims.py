"""Claims on categories of care against the measured cost and client series.

A claim is the realised structural effect a mapped project reports (see
:func:`claims_per_project`); :func:`claim_vs_gemeten` compares it with the change in the
series of its categories since the year before the claim, and with the pre-trend. This is a
plausibility check, not causal proof.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdanalysis.analyse.programma.basis import vereis_analysevorm
from sdanalysis.analyse.programma.effecten import koppel_effecten
from sdanalysis.bouw.programma import AARD_EENMALIG

log = logging.getLogger(__name__)


def categorieen_voor(
    mapping: pd.DataFrame,
    maatregelen: pd.DataFrame,
    project: str | None = None,
    maatregel_code: str | None = None,
) -> list[str]:
    """Categories of care targeted by a project (union over its maatregelen) or maatregel.

    Args:
        mapping: :func:`sdanalysis.bouw.programma.laad_categorie_mapping`.
        maatregelen: Processed maatregelen.
        project: A projectsleutel.
        maatregel_code: A maatregel code (takes precedence over ``project``).

    Returns:
        The categories, sorted.

    >>> from sdanalysis.bouw.programma import normaliseer_maatregelen
    >>> mp = pd.DataFrame({"maatregel_code": ["1.1", pd.NA], "project": [pd.NA, "Q"],
    ...                    "categorie": ["X", "Y"]})
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1, 1],
    ...     "maatregel_code": ["1.1", "1.2"], "maatregel": ["a", "b"], "project": ["P", "P"],
    ...     "taakstelling_eur": [1, 1]}))
    >>> categorieen_voor(mp, m, project="P")
    ['X']
    """
    vereis_analysevorm(maatregelen, "maatregelen")
    if maatregel_code is not None:
        codes, projecten = {maatregel_code}, set()
    elif project is not None:
        sel = maatregelen[maatregelen["projectsleutel"] == project]
        if sel.empty:
            raise ValueError(f"Project {project!r} staat niet in de maatregelen.")
        codes, projecten = set(sel["maatregel_code"].dropna()), {project}
    else:
        raise ValueError("Geef een project of een maatregel_code op.")
    hit = mapping[mapping["maatregel_code"].isin(codes) | mapping["project"].isin(projecten)]
    return sorted(set(hit["categorie"]))


def _claim(
    pakket: int,
    project: str,
    groep: pd.DataFrame,
    mapping: pd.DataFrame,
    gerealiseerd: pd.DataFrame,
    startjaar: int,
) -> tuple | None:
    codes = set(groep["maatregel_code"].dropna())
    hit = mapping[mapping["maatregel_code"].isin(codes) | (mapping["project"] == project)]
    if hit.empty:
        return None
    eigen = gerealiseerd[gerealiseerd["projectsleutel"] == project]
    jaar, claim = startjaar, math.nan
    if len(eigen):
        jaar = int(eigen["jaar"].min())
        claim = float(eigen.loc[eigen["jaar"] == jaar, "bedrag_eur"].sum())
    zeker = "brief" if (hit["zekerheid"] == "brief").all() else "aanname"
    tekst = " ".join(groep["effect_tekst"].dropna().astype(str))
    return int(pakket), project, sorted(set(hit["categorie"])), zeker, claim, jaar, tekst


def claims_per_project(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    mapping: pd.DataFrame | None = None,
    *,
    startjaar: int,
) -> pd.DataFrame:
    """The claims the programme makes on categories of care, one row per mapped project.

    The claim is the realised structural (or unknown-nature) effect of the project in the
    first year the source gives an amount for; without an amount the claim is NaN and the
    year ``startjaar`` (only the direction can then be checked).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        mapping: :func:`sdanalysis.bouw.programma.laad_categorie_mapping` of the gemeente's
            own ``maatregel_categorie.csv``; ``None``: no link, so no claims.
        startjaar: First year of the programme.

    Returns:
        pakket, project, categorieen (list), zekerheid (``brief`` if the source itself
        links every categorie, else ``aanname``), claim_eur, claim_jaar, effect_tekst.
    """
    if mapping is None:  # no link delivered: no claims (never another gemeente's link)
        mapping = pd.DataFrame(columns=["pakket", "maatregel_code", "project", "categorie"])
    e = koppel_effecten(maatregelen, effecten)
    gerealiseerd = e[
        (e["soort"] == "gerealiseerd")
        & (e["aard"] != AARD_EENMALIG)
        & e["bedrag_eur"].notna()
        & e["jaar"].notna()
    ]
    rijen = [
        _claim(pakket, project, groep, mapping, gerealiseerd, startjaar)
        for (pakket, project), groep in maatregelen.groupby(
            ["pakket", "projectsleutel"], sort=False
        )
    ]
    uit = pd.DataFrame(
        [r for r in rijen if r is not None],
        columns=[
            "pakket",
            "project",
            "categorieen",
            "zekerheid",
            "claim_eur",
            "claim_jaar",
            "effect_tekst",
        ],
    )
    uit["claim_jaar"] = uit["claim_jaar"].astype(int)
    uit["claim_eur"] = uit["claim_eur"].astype(float)
    return uit


def jaarkosten_per_categorie(declaraties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """Declared cost per year and categorie (year of ``periode_start``).

    Args:
        declaraties: Processed declaraties.
        toewijzingen: Processed toewijzingen (for the categorie).

    Returns:
        jaar, categorie, bedrag_eur. Declarations whose toewijzing is unknown are kept
        under categorie ``onbekend`` (never dropped silently).

    >>> d = pd.DataFrame({"toewijzingnummer": ["a", "b", "c"],
    ...                   "periode_start": pd.to_datetime(["2018-01-01", "2018-02-01",
    ...                                                    "2019-01-01"]),
    ...                   "bedrag_eur": [10.0, -2.0, 5.0]})
    >>> t = pd.DataFrame({"toewijzingnummer": ["a", "b"], "categorie": ["X", "X"]})
    >>> jaarkosten_per_categorie(d, t).values.tolist()
    [[2018, 'X', 8.0], [2019, 'onbekend', 5.0]]
    """
    for naam, df, kol in (
        ("declaraties", declaraties, ("toewijzingnummer", "periode_start", "bedrag_eur")),
        ("toewijzingen", toewijzingen, ("toewijzingnummer", "categorie")),
    ):
        ontbreekt = [k for k in kol if k not in df.columns]
        if ontbreekt:
            raise ValueError(f"Tabel {naam} mist kolom(men) {ontbreekt}.")
    cat = toewijzingen[["toewijzingnummer", "categorie"]].drop_duplicates("toewijzingnummer")
    d = declaraties[["toewijzingnummer", "periode_start", "bedrag_eur"]].merge(
        cat, on="toewijzingnummer", how="left"
    )
    d["categorie"] = d["categorie"].astype("string").fillna("onbekend")
    d["jaar"] = pd.to_datetime(d["periode_start"]).dt.year.astype(int)
    uit = d.groupby(["jaar", "categorie"], sort=True)["bedrag_eur"].sum().reset_index()
    uit["categorie"] = uit["categorie"].astype(str)
    return uit


def jaarreeks(
    reeks: pd.DataFrame,
    waarde_kolom: str = "bedrag_eur",
    tijd_kolom: str = "jaar",
    categorie_kolom: str = "categorie",
    agg: str = "sum",
) -> pd.DataFrame:
    """Yearly series per categorie from a yearly or monthly frame.

    Args:
        reeks: E.g. a yearly cost frame (jaar, categorie, bedrag_eur) or monthly volumes.
        waarde_kolom: The value column (its name, with its unit, is kept).
        tijd_kolom: Year (int) or a date column (then grouped per calendar year).
        categorie_kolom: The categorie column.
        agg: ``sum`` for flows and costs, ``mean`` for stocks (clients on the 1st).

    Returns:
        jaar, categorie, ``waarde_kolom``.

    >>> r = pd.DataFrame({"periode_maand": pd.to_datetime(["2018-01-01", "2018-02-01"]),
    ...                   "categorie": ["X", "X"], "aantal_clienten": [10, 20]})
    >>> jaarreeks(r, "aantal_clienten", "periode_maand", agg="mean").values.tolist()
    [[2018, 'X', 15.0]]
    """
    for k in (waarde_kolom, tijd_kolom, categorie_kolom):
        if k not in reeks.columns:
            raise ValueError(f"Reeks mist kolom {k!r}; aanwezig: {list(reeks.columns)}.")
    if agg not in ("sum", "mean", "last"):
        raise ValueError("agg moet 'sum', 'mean' of 'last' zijn.")
    d = reeks[[tijd_kolom, categorie_kolom, waarde_kolom]].copy()
    if pd.api.types.is_datetime64_any_dtype(d[tijd_kolom]):
        d["jaar"] = d[tijd_kolom].dt.year.astype(int)
    else:
        d["jaar"] = pd.to_numeric(d[tijd_kolom]).astype(int)
    d = d.sort_values(tijd_kolom)
    uit = d.groupby(["jaar", categorie_kolom], sort=True)[waarde_kolom].agg(agg).reset_index()
    uit.columns = ["jaar", "categorie", waarde_kolom]
    uit[waarde_kolom] = uit[waarde_kolom].astype(float)
    uit["categorie"] = uit["categorie"].astype(str)
    return uit


def _reeks_per_jaar(
    reeks: pd.DataFrame, categorieen: Sequence[str], waarde_kolom: str
) -> pd.Series:
    if waarde_kolom not in reeks.columns:
        raise ValueError(f"Reeks mist kolom {waarde_kolom!r}.")
    if not len(categorieen):
        raise ValueError("Geef minstens één categorie op waarop de maatregel zich richt.")
    sel = reeks[reeks["categorie"].isin(list(categorieen))]
    if sel.empty:
        raise ValueError(
            f"Geen gegevens voor categorie(ën) {list(categorieen)}; aanwezig zijn "
            f"{sorted(reeks['categorie'].unique())[:20]}."
        )
    return sel.groupby("jaar", sort=True)[waarde_kolom].sum().astype(float)


def _pretrend(per_jaar: pd.Series, basisjaar: int) -> tuple[float, float]:
    """Slope and intercept of a linear trend up to the base year (NaN with < 2 years)."""
    voor = per_jaar[per_jaar.index <= basisjaar]
    if len(voor) < 2:
        return math.nan, math.nan
    helling, snijpunt = np.polyfit(voor.index.astype(float), voor.to_numpy(), 1)
    return float(helling), float(snijpunt)


def _oordeel(na: bool, gemeten: float, claim: float) -> str:
    if not na:
        return "voor de claim"
    if gemeten >= 0:
        return "geen daling gemeten"
    if math.isnan(claim):
        return "daling gemeten (claim zonder bedrag)"
    if -gemeten >= claim:
        return "gemeten daling minstens zo groot als geclaimd"
    return "gemeten daling kleiner dan geclaimd"


def _vergelijkingskolommen(waarde_kolom: str) -> list[str]:
    """Columns of :func:`claim_vs_gemeten`; values carry ``_eur`` for a euro series."""
    sfx = "_eur" if waarde_kolom.endswith("_eur") else ""
    waarden = ("waarde", "basiswaarde", "gemeten_verandering", "geclaimde_verandering")
    waarden += ("verschil", "trendwaarde", "afwijking_van_trend")
    return ["jaar", *[f"{w}{sfx}" for w in waarden], "na_claim", "oordeel"]


def claim_vs_gemeten(
    reeks: pd.DataFrame,
    categorieen: Sequence[str],
    claim: float | None,
    claim_jaar: int,
    basisjaar: int | None = None,
    waarde_kolom: str = "bedrag_eur",
) -> pd.DataFrame:
    """Compare a claimed saving with the measured change in a series.

    The measured change of year Y is ``waarde(Y) - waarde(basisjaar)`` summed over the
    categories; the claim is a saving (a fall of ``claim``, in the unit of the series: euros
    for a cost series). A claim without amount (``None``/NaN) only checks the direction.
    With at least two years up to the base year a linear pre-trend is extrapolated
    (``trendwaarde``): a saving may show as a smaller rise instead of a fall.

    Args:
        reeks: :func:`jaarreeks` output (jaar, categorie, ``waarde_kolom``).
        categorieen: Categories the maatregel targets (see :func:`categorieen_voor`).
        claim: Claimed structural saving (positive = fall), or None.
        claim_jaar: First year the claim applies to.
        basisjaar: Year compared with (default: ``claim_jaar - 1``).
        waarde_kolom: Value column; a name ending in ``_eur`` gives euro columns.

    Returns:
        One row per year: jaar, waarde, basiswaarde, gemeten_verandering,
        geclaimde_verandering (from claim_jaar on), verschil (gemeten - geclaimd),
        trendwaarde, afwijking_van_trend (each with suffix ``_eur`` for a euro series),
        na_claim (bool) and oordeel (Dutch).

    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "waarde": [10.0, 12.0, 9.0]})
    >>> c = claim_vs_gemeten(r, ["X"], 2.0, 2018, waarde_kolom="waarde")
    >>> c.loc[c["jaar"] == 2018, ["gemeten_verandering", "oordeel"]].values.tolist()
    [[-3.0, 'gemeten daling minstens zo groot als geclaimd']]
    """
    per_jaar = _reeks_per_jaar(reeks, categorieen, waarde_kolom)
    basisjaar = claim_jaar - 1 if basisjaar is None else basisjaar
    if basisjaar not in per_jaar.index:
        raise ValueError(f"Geen waarde voor het basisjaar {basisjaar} in de reeks.")
    basis = float(per_jaar[basisjaar])
    helling, snijpunt = _pretrend(per_jaar, basisjaar)
    bedrag = math.nan if claim is None or pd.isna(claim) else float(claim)
    jaren = per_jaar.index.to_numpy()
    na = jaren >= claim_jaar
    gemeten = per_jaar.to_numpy() - basis
    geclaimd = np.where(na, -bedrag, math.nan)
    trend = helling * jaren + snijpunt
    waarde = per_jaar.to_numpy()
    oordeel = [_oordeel(n, g, bedrag) for n, g in zip(na, gemeten, strict=True)]
    kolommen = (jaren.astype(int), waarde, basis, gemeten, geclaimd, gemeten - geclaimd, trend)
    waarden = (*kolommen, waarde - trend, na, oordeel)
    return pd.DataFrame(dict(zip(_vergelijkingskolommen(waarde_kolom), waarden, strict=True)))


def claims_tegen_reeks(
    claims: pd.DataFrame,
    reeks: pd.DataFrame,
    waarde_kolom: str = "bedrag_eur",
    met_bedrag: bool = True,
) -> pd.DataFrame:
    """:func:`claim_vs_gemeten` for every claim, stacked; a claim without data is skipped.

    Args:
        claims: :func:`claims_per_project`.
        reeks: :func:`jaarreeks` output.
        waarde_kolom: Value column of ``reeks``.
        met_bedrag: Compare the claimed amount (a cost series); False checks only the
            direction (e.g. a series of clients).

    Returns:
        project, categorieen (text) and the columns of :func:`claim_vs_gemeten`.
    """
    delen = []
    for c in claims.itertuples(index=False):
        claim = c.claim_eur if met_bedrag else None
        try:
            v = claim_vs_gemeten(reeks, c.categorieen, claim, int(c.claim_jaar), None, waarde_kolom)
        except ValueError as fout:
            log.warning("Claim van %s niet te toetsen: %s", c.project, fout)
            continue
        delen.append(v.assign(project=c.project, categorieen=", ".join(c.categorieen)))
    if not delen:
        return pd.DataFrame(
            columns=["project", "categorieen", *_vergelijkingskolommen(waarde_kolom)]
        )
    uit = pd.concat(delen, ignore_index=True)
    return uit[["project", "categorieen", *_vergelijkingskolommen(waarde_kolom)]]


@dataclass(frozen=True)
class Claimmeting:
    """Every claim against the measured series.

    Attributes:
        kosten: Claims against the declared cost of their categories (euros).
        clienten: Claims against the average number of clients per month (direction only).
    """

    kosten: pd.DataFrame
    clienten: pd.DataFrame


def claimmeting(
    claims: pd.DataFrame,
    toewijzingen: pd.DataFrame,
    declaraties: pd.DataFrame,
    jaren: tuple[int | None, int | None] | None = None,
) -> Claimmeting:
    """Compare every claim with the cost and client series of its categories.

    The series run over the full years of the declaraties (``periode_start``), narrowed
    by ``jaren`` (see :func:`sdanalysis.analyse.jaren.jaren_in_gegevens`).

    Args:
        claims: :func:`claims_per_project`.
        toewijzingen: Processed toewijzingen.
        declaraties: Processed declaraties.
        jaren: Requested first and last year (``inst.jaren``); either may be ``None``.

    Returns:
        A :class:`Claimmeting`.
    """
    from sdanalysis.analyse.jaren import jaren_in_gegevens
    from sdanalysis.analyse.volumes import maandvolumes

    eerste, laatste = jaren_in_gegevens(declaraties["periode_start"], jaren)
    kosten = jaarkosten_per_categorie(declaraties, toewijzingen)
    kosten = kosten[kosten["jaar"].between(eerste, laatste)]
    volumes = maandvolumes(toewijzingen, ("categorie",), start=f"{eerste}-01", eind=f"{laatste}-12")
    clienten = jaarreeks(volumes, "aantal_clienten", "periode_maand", agg="mean")
    return Claimmeting(
        kosten=claims_tegen_reeks(claims, kosten, "bedrag_eur", met_bedrag=True),
        clienten=claims_tegen_reeks(claims, clienten, "aantal_clienten", met_bedrag=False),
    )
