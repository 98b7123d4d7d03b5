"""Budget reconciliation over declaraties larger than memory: the sums in DuckDB.

The out-of-core twins of :mod:`sdanalysis.analyse.begroting`: they read the processed
``declaraties_gekoppeld`` parquet file(s) directly and return the same frames as the
pandas functions (``tests/analyse/test_buiten_geheugen.py`` compares them on the demo):

- :func:`ongekoppelde_declaraties_parquet` — as ``begroting.ongekoppelde_declaraties``;
- :func:`declaraties_per_taakveld_parquet` — the sums per jaar and taakveld;
- :func:`aansluiting_declaraties_realisatie_parquet` — as
  ``begroting.aansluiting_declaraties_realisatie``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdanalysis.analyse.begroting import TaakveldMapper, _aansluiting
from sdanalysis.analyse.pxq import (
    als_pandas_typen,
    duckdb_verbinding,
    parquet_dtypes,
    parquet_kolommen,
    parquet_sql,
    som_eur_sql,
)
from sdanalysis.contracts import vereis_kolommen


def ongekoppelde_declaraties_parquet(pad: str | Path, geheugen: str | None = None) -> pd.DataFrame:
    """:func:`ongekoppelde_declaraties` out of core: DuckDB sums the parquet file.

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob of parquet files).
        geheugen: DuckDB memory limit, e.g. ``"4GB"``.

    Returns:
        The columns of :func:`ongekoppelde_declaraties` (amounts exact to the cent).

    >>> import tempfile
    >>> g = pd.DataFrame({"jaar": [2019, 2019], "gekoppeld": [True, False],
    ...     "bedrag_eur": [300.0, 100.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> ongekoppelde_declaraties_parquet(p).to_dict("records")
    [{'jaar': 2019, 'aantal_regels': 1, 'bedrag_eur': 100.0, 'aandeel_bedrag_fractie': 0.25}]
    """
    bron = parquet_sql(pad)
    con = duckdb_verbinding(geheugen)
    kolommen = pd.DataFrame(columns=parquet_kolommen(con, bron))
    vereis_kolommen(kolommen, ["jaar", "gekoppeld", "bedrag_eur"], "gekoppelde declaraties")
    los = "FILTER (WHERE NOT coalesce(CAST(gekoppeld AS BOOLEAN), TRUE))"
    absoluut = "sum(abs(CAST(bedrag_eur AS DECIMAL(18, 2))))"
    uit = con.execute(
        f"SELECT jaar, count(*) {los} AS aantal_regels, "
        f"CAST(coalesce({som_eur_sql('bedrag_eur')} {los}, 0) AS DOUBLE) AS bedrag_eur, "
        f"CAST(coalesce({absoluut} {los}, 0) AS DOUBLE) AS abs_eur, "
        f"CAST(coalesce({absoluut}, 0) AS DOUBLE) AS totaal_abs_eur "
        f"FROM {bron} WHERE jaar IS NOT NULL GROUP BY jaar HAVING count(*) {los} > 0 "
        "ORDER BY jaar"
    ).df()
    uit["aandeel_bedrag_fractie"] = uit["abs_eur"] / uit["totaal_abs_eur"]
    uit = uit.astype({"jaar": "int64", "aantal_regels": "int64", "bedrag_eur": "float64"})
    return uit[["jaar", "aantal_regels", "bedrag_eur", "aandeel_bedrag_fractie"]]


def declaraties_per_taakveld_parquet(pad: str | Path, geheugen: str | None = None) -> pd.DataFrame:
    """Declared amount per year and taakveld code, summed by DuckDB over the parquet file.

    The aggregation over declaraties behind :func:`aansluiting_declaraties_realisatie`,
    out of core: ``jaar``, ``taakveld`` (missing taakveld kept as a group, last),
    ``bedrag_eur`` (exact to the cent). Without a ``taakveld`` column every row is missing.

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob of parquet files).
        geheugen: DuckDB memory limit, e.g. ``"4GB"``.

    >>> import tempfile
    >>> g = pd.DataFrame({"jaar": [2019, 2019, 2019], "taakveld": ["6.72", None, "6.72"],
    ...     "bedrag_eur": [10.0, 5.0, 7.0]})
    >>> p = Path(tempfile.mkdtemp()) / "g.parquet"
    >>> g.to_parquet(p)
    >>> declaraties_per_taakveld_parquet(p).values.tolist()
    [[2019, '6.72', 17.0], [2019, nan, 5.0]]
    """
    bron = parquet_sql(pad)
    con = duckdb_verbinding(geheugen)
    kolommen = parquet_kolommen(con, bron)
    vereis_kolommen(
        pd.DataFrame(columns=kolommen), ["jaar", "bedrag_eur"], "gekoppelde declaraties"
    )
    taakveld = "taakveld" if "taakveld" in kolommen else "CAST(NULL AS VARCHAR) AS taakveld"
    uit = con.execute(
        f"SELECT jaar, taakveld, CAST(coalesce({som_eur_sql('bedrag_eur')}, 0) AS DOUBLE) "
        f"AS bedrag_eur FROM (SELECT jaar, {taakveld}, bedrag_eur FROM {bron}) "
        "GROUP BY jaar, taakveld ORDER BY jaar ASC NULLS LAST, taakveld ASC NULLS LAST"
    ).df()
    dtypes = parquet_dtypes(pad)
    uit = als_pandas_typen(uit, {k: dtypes[k] for k in ("jaar", "taakveld") if k in dtypes})
    return uit.astype({"bedrag_eur": "float64"})


def aansluiting_declaraties_realisatie_parquet(
    pad: str | Path,
    begroting: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    tolerantie: float | None = None,
    tolerantie_eur: float | None = None,
    niveau: str = "reeks",
    taakveld_jaar: int | None = None,
    geheugen: str | None = None,
) -> pd.DataFrame:
    """:func:`aansluiting_declaraties_realisatie` out of core.

    DuckDB sums the declaraties per year and taakveld over the parquet file
    (:func:`declaraties_per_taakveld_parquet`); the crosswalk, the begroting and the status
    are then computed as in the pandas path, on those sums.

    Args:
        pad: ``declaraties_gekoppeld.parquet`` (or a glob of parquet files).
        begroting: Processed ``begroting`` (small: a DataFrame).
        taakveldreeks: Crosswalk function, as in :func:`aansluiting_declaraties_realisatie`.
        tolerantie: Relative tolerance, idem.
        tolerantie_eur: Absolute tolerance, idem.
        niveau: Crosswalk level, idem.
        taakveld_jaar: Iv3 indeling of the taakveld codes, idem.
        geheugen: DuckDB memory limit, e.g. ``"4GB"``.

    Returns:
        The columns of :func:`aansluiting_declaraties_realisatie`.
    """
    per_taakveld = declaraties_per_taakveld_parquet(pad, geheugen)
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    return _aansluiting(
        per_taakveld, begroting, taakveldreeks, tolerantie, tolerantie_eur, niveau, taakveld_jaar
    )
