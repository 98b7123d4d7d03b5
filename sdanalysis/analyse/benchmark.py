"""Benchmark on public Iv3 figures: a gemeente against its peers, begroting against realisatie.

Input is the tidy Iv3 table of :func:`sdanalysis.bronnen.iv3.laad_iv3_alle`; the gemeente
and its peer groups are parameters (from the gemeente profile, completed by
:func:`sdanalysis.bronnen.gemeenten.vul_profiel_aan`), and years come from the data: without
a year, the latest year present is used. Every function returns numbers (``_eur``,
``_fractie``, a percentile 0-100); formatting is left to :mod:`sdanalysis.weergave`.

>>> import pandas as pd
>>> iv3 = pd.DataFrame({"gemeentecode": ["GM1", "GM2", "GM3"], "gemeente": ["A", "B", "C"],
...     "jaar": [2023] * 3, "verslagsoort": ["jaarrekening"] * 3, "taakveld": ["6.71a"] * 3,
...     "lasten_eur": [300.0, 100.0, 200.0], "inwoners": [10, 10, 10]})
>>> b = benchmark_jaarrekening(iv3, "GM1", niveau="taakveld")
>>> b[["vergelijking", "gemeente_eur", "mediaan_eur", "percentiel"]].values.tolist()
[['Alle gemeenten', 30.0, 15.0, 100.0]]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from sdanalysis.bronnen.gemeenten import ALLE_GEMEENTEN, NEDERLAND_CODE
from sdanalysis.taakvelden import voeg_taakveldnaam_toe, voeg_taakveldreeks_toe, volgorde

NIVEAUS = ("taakveld", "detail", "reeks", "domein")
#: Statistics of :func:`benchmark` per comparison group: column -> quantile.
_KWANTIELEN = {"mediaan_eur": 0.5, "q1_eur": 0.25, "q3_eur": 0.75}


def iv3_jaren(
    iv3: pd.DataFrame, verslagsoort: str = "jaarrekening", gemeentecode: str | None = None
) -> list[int]:
    """The years of one verslagsoort present in the Iv3 table (of one gemeente if given).

    >>> df = pd.DataFrame({"jaar": [2024, 2023, 2023], "verslagsoort": ["begroting",
    ...     "begroting", "jaarrekening"], "gemeentecode": ["GM1"] * 3})
    >>> iv3_jaren(df, "begroting")
    [2023, 2024]
    """
    deel = iv3[iv3["verslagsoort"] == verslagsoort]
    if gemeentecode is not None:
        deel = deel[deel["gemeentecode"] == gemeentecode]
    return sorted(int(j) for j in deel["jaar"].unique())


def laatste_jaar(
    iv3: pd.DataFrame, verslagsoort: str = "jaarrekening", gemeentecode: str | None = None
) -> int | None:
    """The latest year of one verslagsoort in the data (``None`` when there is none)."""
    jaren = iv3_jaren(iv3, verslagsoort, gemeentecode)
    return jaren[-1] if jaren else None


def _groepen_toevoegen(basis: pd.DataFrame, niveau: str) -> pd.DataFrame:
    """Columns groep, groep_naam and domein for the chosen level."""
    domein = voeg_taakveldreeks_toe(basis, niveau="domein")["taakveld_reeks"].to_numpy()
    if niveau == "taakveld":
        namen = (
            basis["taakveld_naam"]
            if "taakveld_naam" in basis.columns
            else voeg_taakveldnaam_toe(basis)["taakveld_naam"]
        )
        return basis.assign(groep=basis["taakveld"], groep_naam=namen.to_numpy(), domein=domein)
    reeks = voeg_taakveldreeks_toe(basis, niveau=niveau)
    return basis.assign(
        groep=reeks["taakveld_reeks"].to_numpy(),
        groep_naam=reeks["taakveld_reeks_naam"].to_numpy(),
        domein=domein,
    )


def lasten_per_inwoner(
    iv3: pd.DataFrame,
    niveau: str = "detail",
    domeinen: Sequence[str] | None = ("Wmo", "Jeugd"),
) -> pd.DataFrame:
    """Lasten per inwoner per taakveld or taakveld series, per gemeente, jaar and verslagsoort.

    Args:
        iv3: Tidy Iv3 table (:func:`sdanalysis.bronnen.iv3.laad_iv3`).
        niveau: ``"taakveld"`` (the code), ``"detail"`` or ``"reeks"`` (crosswalk series) or
            ``"domein"`` (Wmo / Jeugd totals).
        domeinen: Domains of the crosswalk to keep (``None`` or empty = all).

    Returns:
        Columns gemeente, gemeentecode, jaar, verslagsoort, groep, groep_naam, domein,
        lasten_eur, inwoners, lasten_per_inwoner_eur. Nederland rows are kept (code NL01).

    >>> df = pd.DataFrame({"gemeente": ["A", "A"], "gemeentecode": ["GM0001"] * 2,
    ...     "jaar": [2023, 2023], "verslagsoort": ["jaarrekening"] * 2,
    ...     "taakveld": ["6.71a", "6.71b"], "lasten_eur": [300.0, 100.0], "inwoners": [100, 100]})
    >>> lasten_per_inwoner(df, niveau="reeks")[["groep", "lasten_per_inwoner_eur"]].values.tolist()
    [['wmo_maatwerk', 4.0]]
    """
    if niveau not in NIVEAUS:
        raise ValueError(f"Onbekend niveau {niveau!r}; kies taakveld, detail, reeks of domein")
    basis = iv3.drop(columns=["taakveld_reeks", "taakveld_reeks_naam"], errors="ignore")
    basis = _groepen_toevoegen(basis, niveau)
    if domeinen:
        basis = basis[basis["domein"].isin(list(domeinen))]
    sleutel = ["gemeente", "gemeentecode", "jaar", "verslagsoort", "groep", "groep_naam", "domein"]
    uit = basis.groupby(sleutel, as_index=False, sort=True).agg(
        lasten_eur=("lasten_eur", "sum"), inwoners=("inwoners", "max")
    )
    uit["lasten_per_inwoner_eur"] = uit["lasten_eur"] / uit["inwoners"]
    rang = volgorde(niveau)
    orde = np.lexsort((uit["gemeente"].to_numpy(), [rang.get(g, 10**6) for g in uit["groep"]]))
    return uit.iloc[orde].reset_index(drop=True)


def percentiel(waarde: float, verdeling: Iterable[float]) -> float:
    """Percentile rank of ``waarde`` in ``verdeling``: % lower plus half of % equal.

    Args:
        waarde: The value (e.g. the gemeente's lasten per inwoner).
        verdeling: Values of the comparison group (without the gemeente itself).

    Returns:
        Percentile 0-100; NaN when the group is empty or the value missing.

    >>> percentiel(3, [1, 2, 3, 4])
    62.5
    >>> percentiel(10, [1, 2])
    100.0
    """
    v = np.asarray([x for x in verdeling if pd.notna(x)], dtype=float)
    if len(v) == 0 or pd.isna(waarde):
        return float("nan")
    return float(((v < waarde).sum() + 0.5 * (v == waarde).sum()) / len(v) * 100)


def _spreiding(waarde: float, v: pd.Series) -> dict[str, float | int]:
    """Statistics of one comparison group (``v`` without missing values)."""
    leeg = len(v) == 0
    uit: dict[str, float | int] = {"aantal_gemeenten": int(len(v)), "gemeente_eur": waarde}
    for kolom, q in _KWANTIELEN.items():
        uit[kolom] = float("nan") if leeg else float(v.quantile(q))
    uit["min_eur"] = float("nan") if leeg else float(v.min())
    uit["max_eur"] = float("nan") if leeg else float(v.max())
    uit["percentiel"] = percentiel(waarde, v)
    return uit


def _met_alle_gemeenten(
    per_inwoner: pd.DataFrame, gemeentecode: str, groepen: Mapping[str, Sequence[str]] | None
) -> dict[str, list[str]]:
    uit = {str(k): [c for c in v if c != gemeentecode] for k, v in (groepen or {}).items()}
    if ALLE_GEMEENTEN not in uit:
        codes = per_inwoner["gemeentecode"].drop_duplicates()
        uit[ALLE_GEMEENTEN] = codes[(codes != gemeentecode) & (codes != NEDERLAND_CODE)].tolist()
    return uit


def benchmark(
    per_inwoner: pd.DataFrame,
    gemeentecode: str,
    groepen: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Compare a gemeente's lasten per inwoner with peer groups, per groep (taakveld/series).

    Args:
        per_inwoner: Output of :func:`lasten_per_inwoner` for one jaar and verslagsoort.
        gemeentecode: The gemeente.
        groepen: Named peer groups (codes), e.g. ``profiel.vergelijking``; the gemeente is
            left out of each. "Alle gemeenten" (every gemeente in the data but the gemeente and
            Nederland) is added last unless given.

    Returns:
        One row per (groep, vergelijking): groep, groep_naam, domein, vergelijking,
        aantal_gemeenten (with data), gemeente_eur (per inwoner), mediaan_eur, q1_eur, q3_eur,
        min_eur, max_eur, percentiel (0-100, % of the group lower + half of equal),
        verschil_gemeente_min_mediaan_eur (positive: the gemeente spends more).

    Raises:
        ValueError: more than one jaar/verslagsoort, or the gemeente is missing.

    >>> pi = pd.DataFrame({"gemeentecode": ["GM0164", "A", "B", "C"], "jaar": [2023] * 4,
    ...     "verslagsoort": ["jaarrekening"] * 4, "groep": ["x"] * 4, "groep_naam": ["X"] * 4,
    ...     "domein": ["Wmo"] * 4, "lasten_per_inwoner_eur": [150.0, 100.0, 200.0, 300.0]})
    >>> b = benchmark(pi, "GM0164", {"test": ["A", "B", "C"]})
    >>> kol = ["vergelijking", "mediaan_eur", "percentiel", "verschil_gemeente_min_mediaan_eur"]
    >>> b[kol].values.tolist()
    [['test', 200.0, 33.33333333333333, -50.0], ['Alle gemeenten', 200.0, 33.33333333333333, -50.0]]
    """
    combinaties = per_inwoner[["jaar", "verslagsoort"]].drop_duplicates()
    if len(combinaties) != 1:
        raise ValueError(
            "benchmark verwacht één jaar en één verslagsoort; gevonden "
            f"{combinaties.astype(str).agg(' '.join, axis=1).tolist()}. Filter eerst."
        )
    if not (per_inwoner["gemeentecode"] == gemeentecode).any():
        raise ValueError(f"Gemeente {gemeentecode} ontbreekt in de gegevens")
    alle_groepen = _met_alle_gemeenten(per_inwoner, gemeentecode, groepen)
    rijen = []
    for (groep, groep_naam, domein), deel in per_inwoner.groupby(
        ["groep", "groep_naam", "domein"], sort=False
    ):
        waarde = deel.loc[deel["gemeentecode"] == gemeentecode, "lasten_per_inwoner_eur"]
        waarde = float(waarde.iloc[0]) if len(waarde) else float("nan")
        for naam, leden in alle_groepen.items():
            v = deel.loc[deel["gemeentecode"].isin(leden), "lasten_per_inwoner_eur"].dropna()
            rijen.append(
                {
                    "groep": groep,
                    "groep_naam": groep_naam,
                    "domein": domein,
                    "vergelijking": naam,
                    **_spreiding(waarde, v),
                }
            )
    uit = pd.DataFrame(rijen)
    uit["verschil_gemeente_min_mediaan_eur"] = uit["gemeente_eur"] - uit["mediaan_eur"]
    return uit


def benchmark_overzicht(bench: pd.DataFrame) -> pd.DataFrame:
    """Wide summary of :func:`benchmark`: one row per groep, numbers only.

    Args:
        bench: Output of :func:`benchmark`.

    Returns:
        Columns ``taakveld`` (the groep's name), ``per_inwoner_eur`` (the gemeente), per
        comparison ``mediaan_<vergelijking>_eur``, for "Alle gemeenten" also
        ``q1_<vergelijking>_eur`` and ``q3_<vergelijking>_eur``, and per comparison
        ``percentiel_<vergelijking>`` (0-100).

    >>> b = pd.DataFrame({"groep": ["x"], "groep_naam": ["Huishoudelijke hulp"],
    ...     "vergelijking": ["Alle gemeenten"],
    ...     "gemeente_eur": [138.1], "mediaan_eur": [94.4], "q1_eur": [74.4], "q3_eur": [113.8],
    ...     "percentiel": [89.4]})
    >>> o = benchmark_overzicht(b)
    >>> list(o.columns)
    ['taakveld', 'per_inwoner_eur', 'mediaan_Alle gemeenten_eur', 'q1_Alle gemeenten_eur', 'q3_Alle gemeenten_eur', 'percentiel_Alle gemeenten']
    >>> o.iloc[0, 1:].tolist()
    [138.1, 94.4, 74.4, 113.8, 89.4]
    """
    sleutel = ["groep", "groep_naam"]
    basis = bench.drop_duplicates(sleutel)[[*sleutel, "gemeente_eur"]].set_index(sleutel)
    delen = [basis.rename(columns={"gemeente_eur": "per_inwoner_eur"})]
    breed = bench.pivot(
        index=sleutel,
        columns="vergelijking",
        values=["mediaan_eur", "q1_eur", "q3_eur", "percentiel"],
    )
    vergelijkingen = list(dict.fromkeys(bench["vergelijking"]))
    for v in vergelijkingen:
        delen.append(breed[("mediaan_eur", v)].rename(f"mediaan_{v}_eur").to_frame())
        if v == ALLE_GEMEENTEN:
            delen.append(breed[("q1_eur", v)].rename(f"q1_{v}_eur").to_frame())
            delen.append(breed[("q3_eur", v)].rename(f"q3_{v}_eur").to_frame())
    for v in vergelijkingen:
        delen.append(breed[("percentiel", v)].rename(f"percentiel_{v}").to_frame())
    uit = pd.concat(delen, axis=1).loc[basis.index].reset_index()
    uit = uit.drop(columns="groep").rename(columns={"groep_naam": "taakveld"})
    getallen = [k for k in uit.columns if k != "taakveld"]
    return uit.astype(dict.fromkeys(getallen, "float64"))


def positie(bench: pd.DataFrame) -> pd.DataFrame:
    """Where the gemeente stands in each peer group, counted over the taakvelden (or series).

    Args:
        bench: Output of :func:`benchmark`.

    Returns:
        Per vergelijking: aantal_taakvelden (with a value for the gemeente and the group),
        aantal_boven_mediaan, aantal_boven_q3 (in the most expensive quarter of the group) and
        aantal_onder_q1.

    >>> b = pd.DataFrame({"vergelijking": ["A", "A"], "gemeente_eur": [10.0, 1.0],
    ...     "mediaan_eur": [5.0, 5.0], "q1_eur": [2.0, 2.0], "q3_eur": [8.0, 8.0]})
    >>> positie(b).values.tolist()
    [['A', 2, 1, 1, 1]]
    """
    geldig = bench.dropna(subset=["gemeente_eur", "mediaan_eur"])
    uit = geldig.assign(
        boven_mediaan=geldig["gemeente_eur"] > geldig["mediaan_eur"],
        boven_q3=geldig["gemeente_eur"] > geldig["q3_eur"],
        onder_q1=geldig["gemeente_eur"] < geldig["q1_eur"],
    ).groupby("vergelijking", sort=False, as_index=False)
    return uit.agg(
        aantal_taakvelden=("gemeente_eur", "size"),
        aantal_boven_mediaan=("boven_mediaan", "sum"),
        aantal_boven_q3=("boven_q3", "sum"),
        aantal_onder_q1=("onder_q1", "sum"),
    )


def _volgorde_taakvelden(tabel: pd.DataFrame) -> pd.DataFrame:
    rang = volgorde("taakveld")
    orde = np.argsort([rang.get(t, 10**6) for t in tabel["taakveld"]], kind="stable")
    return tabel.iloc[orde].reset_index(drop=True)


def _met_domein(deel: pd.DataFrame) -> pd.DataFrame:
    kaal = deel.drop(columns=["taakveld_reeks", "taakveld_reeks_naam"], errors="ignore")
    domein = voeg_taakveldreeks_toe(kaal, niveau="domein")["taakveld_reeks"].to_numpy()
    return deel.assign(domein=domein)


def begroting_vs_jaarrekening(
    iv3: pd.DataFrame,
    gemeentecode: str,
    jaar: int | None = None,
    domeinen: Sequence[str] | None = ("Wmo", "Jeugd"),
    zonder_nullen: bool = False,
) -> pd.DataFrame:
    """Begroting against jaarrekening (realisatie) of one gemeente and year, per taakveld.

    Args:
        iv3: Tidy Iv3 table.
        gemeentecode: The gemeente.
        jaar: The year; default the latest year with both begroting and jaarrekening of the
            gemeente.
        domeinen: Crosswalk domains to keep (``None`` = all taakvelden).
        zonder_nullen: Leave out taakvelden where both amounts are 0.

    Returns:
        Per taakveld: jaar, taakveld, taakveld_naam, domein, begroting_lasten_eur,
        jaarrekening_lasten_eur, verschil_jaarrekening_min_begroting_eur (positive: more
        spent than budgeted), verschil_jaarrekening_min_begroting_fractie (of the
        begroting; NaN when the begroting is 0). Empty when the gemeente has no
        year with both.

    >>> df = pd.DataFrame({"gemeentecode": ["GM0164"] * 2, "jaar": [2023] * 2,
    ...     "verslagsoort": ["begroting", "jaarrekening"], "taakveld": ["6.71a"] * 2,
    ...     "taakveld_naam": ["Huishoudelijke hulp (Wmo)"] * 2, "lasten_eur": [100.0, 110.0]})
    >>> kol = ["verschil_jaarrekening_min_begroting_eur", "verschil_jaarrekening_min_begroting_fractie"]
    >>> begroting_vs_jaarrekening(df, "GM0164")[kol].values.tolist()
    [[10.0, 0.1]]
    """
    kolommen = [
        "jaar",
        "taakveld",
        "taakveld_naam",
        "domein",
        "begroting_lasten_eur",
        "jaarrekening_lasten_eur",
        "verschil_jaarrekening_min_begroting_eur",
        "verschil_jaarrekening_min_begroting_fractie",
    ]
    if jaar is None:
        beide = set(iv3_jaren(iv3, "begroting", gemeentecode))
        beide &= set(iv3_jaren(iv3, "jaarrekening", gemeentecode))
        if not beide:
            return pd.DataFrame(columns=kolommen)
        jaar = max(beide)
    deel = iv3[(iv3["gemeentecode"] == gemeentecode) & (iv3["jaar"] == jaar)]
    soorten = set(deel["verslagsoort"])
    if not {"begroting", "jaarrekening"} <= soorten:
        raise ValueError(
            f"Voor {gemeentecode} {jaar} zijn begroting én jaarrekening nodig; "
            f"gevonden {sorted(soorten)}"
        )
    deel = _met_domein(deel)
    if domeinen:
        deel = deel[deel["domein"].isin(list(domeinen))]
    tabel = deel.pivot_table(
        index=["taakveld", "taakveld_naam", "domein"],
        columns="verslagsoort",
        values="lasten_eur",
        aggfunc="sum",
    ).reset_index()
    tabel.columns.name = None
    tabel = tabel.rename(
        columns={"begroting": "begroting_lasten_eur", "jaarrekening": "jaarrekening_lasten_eur"}
    )
    verschil = tabel["jaarrekening_lasten_eur"] - tabel["begroting_lasten_eur"]
    noemer = tabel["begroting_lasten_eur"].where(tabel["begroting_lasten_eur"] != 0)
    tabel["verschil_jaarrekening_min_begroting_eur"] = verschil
    tabel["verschil_jaarrekening_min_begroting_fractie"] = verschil / noemer
    tabel.insert(0, "jaar", int(jaar))
    if zonder_nullen:
        tabel = tabel[
            (tabel["begroting_lasten_eur"] != 0) | (tabel["jaarrekening_lasten_eur"] != 0)
        ]
    return _volgorde_taakvelden(tabel)[kolommen]


def _reeksen_per_jaar(
    deel: pd.DataFrame, jaren: Sequence[int], niveau: str, domeinen: Sequence[str] | None
) -> pd.DataFrame:
    """Begroting lasten per series (rows) and year (columns ``lasten_<jaar>_eur``)."""
    reeks = voeg_taakveldreeks_toe(deel, niveau=niveau)
    deel = _met_domein(deel).assign(
        reeks=reeks["taakveld_reeks"].to_numpy(),
        reeks_naam=reeks["taakveld_reeks_naam"].to_numpy(),
    )
    if domeinen:
        deel = deel[deel["domein"].isin(list(domeinen))]
    tabel = deel.pivot_table(
        index=["reeks", "reeks_naam", "domein"],
        columns="jaar",
        values="lasten_eur",
        aggfunc="sum",
        fill_value=0.0,
    ).reset_index()
    tabel.columns.name = None
    for j in jaren:
        if j not in tabel.columns:
            tabel[j] = 0.0
    return tabel.rename(columns={j: f"lasten_{j}_eur" for j in jaren})


def begroting_over_jaren(
    iv3: pd.DataFrame,
    gemeentecode: str,
    jaren: Sequence[int] | None = None,
    basisjaar: int | None = None,
    niveau: str = "reeks",
    domeinen: Sequence[str] | None = ("Wmo", "Jeugd", "Toegang", "Coördinatie en beleid"),
) -> pd.DataFrame:
    """Begroting lasten per comparable taakveld series over the years, against a base year.

    A change of taakveld codes between years is handled by the crosswalk: each year's
    codes are mapped to the series of :mod:`sdanalysis.taakvelden` before summing.

    Args:
        iv3: Tidy Iv3 table.
        gemeentecode: The gemeente.
        jaren: Begroting years; default all begroting years of the gemeente in the data.
        basisjaar: Year to compare with; default the first of ``jaren``.
        niveau: ``"reeks"`` (comparable over all years) or ``"detail"``.
        domeinen: Domains to keep (``None`` = all).

    Returns:
        Per series: reeks, reeks_naam, domein, one column ``lasten_<jaar>_eur`` per year,
        and per other year ``verschil_<jaar>_min_<basisjaar>_eur`` and
        ``verschil_<jaar>_min_<basisjaar>_fractie`` (of the base year). Empty when the gemeente has no begroting.

    >>> df = pd.DataFrame({"gemeentecode": ["GM0164"] * 3, "jaar": [2023, 2023, 2025],
    ...     "verslagsoort": ["begroting"] * 3, "taakveld": ["6.71a", "6.6", "6.791"],
    ...     "lasten_eur": [100.0, 20.0, 150.0]})
    >>> r = begroting_over_jaren(df, "GM0164")
    >>> r[["reeks", "lasten_2023_eur", "lasten_2025_eur", "verschil_2025_min_2023_eur"]].values.tolist()
    [['wmo_maatwerk', 120.0, 150.0, 30.0]]
    """
    jaren = list(jaren) if jaren is not None else iv3_jaren(iv3, "begroting", gemeentecode)
    if not jaren:
        return pd.DataFrame(columns=["reeks", "reeks_naam", "domein"])
    basisjaar = jaren[0] if basisjaar is None else basisjaar
    if basisjaar not in jaren:
        raise ValueError(f"basisjaar {basisjaar} moet in jaren {jaren} staan")
    deel = iv3[
        (iv3["gemeentecode"] == gemeentecode)
        & (iv3["verslagsoort"] == "begroting")
        & (iv3["jaar"].isin(jaren))
    ].drop(columns=["taakveld_reeks", "taakveld_reeks_naam"], errors="ignore")
    ontbrekend = sorted(set(jaren) - set(deel["jaar"]))
    if ontbrekend:
        raise ValueError(f"Geen begroting voor {gemeentecode} in {ontbrekend}")
    tabel = _reeksen_per_jaar(deel, jaren, niveau, domeinen)
    basis = tabel[f"lasten_{basisjaar}_eur"]
    for j in jaren:
        if j == basisjaar:
            continue
        verschil = tabel[f"lasten_{j}_eur"] - basis
        tabel[f"verschil_{j}_min_{basisjaar}_eur"] = verschil
        tabel[f"verschil_{j}_min_{basisjaar}_fractie"] = verschil / basis.where(basis != 0)
    rang = volgorde(niveau)
    tabel = tabel.iloc[np.argsort([rang.get(r, 10**6) for r in tabel["reeks"]], kind="stable")]
    return tabel.reset_index(drop=True)


def lasten_per_inwoner_jaarrekening(
    iv3: pd.DataFrame, jaar: int | None = None, niveau: str = "reeks"
) -> pd.DataFrame:
    """Lasten per inwoner per taakveld group of every gemeente, jaarrekening ``jaar``.

    The Nederland row is left out, and so are the ``*_onverdeeld`` rest groups of the
    old codes at ``detail`` level (see :func:`lasten_per_inwoner`).

    Args:
        iv3: Tidy Iv3 table.
        jaar: Jaarrekening year; default the latest in the data.
        niveau: See :func:`lasten_per_inwoner`.

    Returns:
        :func:`lasten_per_inwoner` of that jaarrekening.

    Raises:
        ValueError: no jaarrekening for that year.
    """
    jaar = laatste_jaar(iv3, "jaarrekening") if jaar is None else jaar
    jr = iv3[
        (iv3["jaar"] == jaar)
        & (iv3["verslagsoort"] == "jaarrekening")
        & (iv3["gemeentecode"] != NEDERLAND_CODE)
    ]
    if jr.empty:
        raise ValueError(f"Geen Iv3-jaarrekening voor {jaar} in de geladen gegevens.")
    per_inwoner = lasten_per_inwoner(jr, niveau=niveau)
    return per_inwoner[~per_inwoner["groep"].astype(str).str.endswith("_onverdeeld")].reset_index(
        drop=True
    )


def benchmark_jaarrekening(
    iv3: pd.DataFrame,
    gemeentecode: str,
    jaar: int | None = None,
    niveau: str = "reeks",
    groepen: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """:func:`benchmark` of ``gemeentecode`` on :func:`lasten_per_inwoner_jaarrekening`.

    Args:
        iv3: Tidy Iv3 table.
        gemeentecode: The gemeente.
        jaar: Jaarrekening year; default the latest in the data.
        niveau: See :func:`lasten_per_inwoner`.
        groepen: Named peer groups (e.g. ``profiel.vergelijking``); "Alle gemeenten" is added.

    Returns:
        :func:`benchmark`.
    """
    per_inwoner = lasten_per_inwoner_jaarrekening(iv3, jaar, niveau)
    return benchmark(per_inwoner, gemeentecode, groepen)
