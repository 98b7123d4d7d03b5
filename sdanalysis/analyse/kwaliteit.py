"""Quality of the build: what was read, accepted and quarantined, and whether it adds up.

Every row of every export is accepted or quarantined; these functions count that per table
and check the identities that must hold for any gemeente's build.

>>> import pandas as pd
>>> k = pd.DataFrame({"tabel": ["a", "a", "b"], "rijen_gelezen": [10, 10, 5],
...                   "rijen_geaccepteerd": [9, 10, 5], "rijen_geweigerd": [1, 0, 0]})
>>> kwaliteit_per_tabel(k)[["tabel", "rijen_gelezen", "geweigerd_fractie"]].values.tolist()
[['a', 20, 0.05], ['b', 5, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

TELLINGEN = ["rijen_gelezen", "rijen_geaccepteerd", "rijen_geweigerd"]


def kwaliteit_per_tabel(kwaliteit: pd.DataFrame) -> pd.DataFrame:
    """Rows read, accepted and quarantined per table, with the fraction quarantined.

    Args:
        kwaliteit: The processed ``kwaliteit`` table (one row per file or sheet).

    Returns:
        One row per table: ``tabel``, the three counts, ``aantal_bestanden`` and
        ``geweigerd_fractie`` (missing when nothing was read).
    """
    g = kwaliteit.groupby("tabel", as_index=False).agg(
        aantal_bestanden=("tabel", "size"), **{k: (k, "sum") for k in TELLINGEN}
    )
    g = g[["tabel", *TELLINGEN, "aantal_bestanden"]]
    g["geweigerd_fractie"] = g["rijen_geweigerd"] / g["rijen_gelezen"].where(g["rijen_gelezen"] > 0)
    return g


def volledigheid(
    kwaliteit: pd.DataFrame, verslag: Mapping[str, object], rijen_per_tabel: Mapping[str, int]
) -> pd.DataFrame:
    """Check that nothing was lost: read = accepted + quarantined, and tables hold the accepted.

    Args:
        kwaliteit: The processed ``kwaliteit`` table.
        verslag: The build report (``bouwverslag.json``).
        rijen_per_tabel: Rows in each processed table as stored.

    Returns:
        One row per table with ``rijen_geaccepteerd``, ``rijen_in_tabel`` and ``klopt``, plus
        a row ``totaal`` whose ``klopt`` says whether the build report adds up.

    >>> k = pd.DataFrame({"tabel": ["a"], "rijen_gelezen": [3], "rijen_geaccepteerd": [2],
    ...                   "rijen_geweigerd": [1]})
    >>> v = {"rijen_gelezen": 3, "rijen_geaccepteerd": 2, "rijen_geweigerd": 1}
    >>> volledigheid(k, v, {"a": 2})["klopt"].tolist()
    [True, True]
    """
    per = kwaliteit_per_tabel(kwaliteit)
    per["rijen_in_tabel"] = per["tabel"].map(dict(rijen_per_tabel)).astype("Int64")
    per["klopt"] = (per["rijen_gelezen"] == per["rijen_geaccepteerd"] + per["rijen_geweigerd"]) & (
        per["rijen_in_tabel"].isna() | (per["rijen_in_tabel"] == per["rijen_geaccepteerd"])
    )
    totaal_klopt = (
        verslag["rijen_gelezen"] == verslag["rijen_geaccepteerd"] + verslag["rijen_geweigerd"]
        and int(per["rijen_gelezen"].sum()) == verslag["rijen_gelezen"]
    )
    totaal = pd.DataFrame(
        [{"tabel": "totaal", **{k: int(per[k].sum()) for k in TELLINGEN}, "klopt": totaal_klopt}]
    )
    uit = pd.concat([per[["tabel", *TELLINGEN, "rijen_in_tabel", "klopt"]], totaal])
    return uit.reset_index(drop=True)


def bsn_controle(tabellen: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Count BSN-like numbers (elfproef valid) and ``bsn`` columns in processed tables.

    Args:
        tabellen: Table name -> processed table (the quarantine included).

    Returns:
        One row per table: ``tabel``, ``aantal_bsn_treffers``, ``heeft_bsn_kolom``.

    >>> bsn_controle({"t": pd.DataFrame({"x": ["abc"]})})["aantal_bsn_treffers"].tolist()
    [0]
    """
    from sdanalysis.bouw.privacy import zoek_bsn_in_frame

    return pd.DataFrame(
        [
            {
                "tabel": naam,
                "aantal_bsn_treffers": len(zoek_bsn_in_frame(df)),
                "heeft_bsn_kolom": "bsn" in df.columns,
            }
            for naam, df in tabellen.items()
        ],
        columns=["tabel", "aantal_bsn_treffers", "heeft_bsn_kolom"],
    )
