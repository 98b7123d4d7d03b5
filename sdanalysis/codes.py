"""iStandaarden code lists (iWmo/iJw 3.2) shipped as package data, read in one place.

Codes are strings with their leading zeros. Source: Zorginstituut Nederland,
iStandaarden informatiemodel (WMO020/JZ020 productcategorie, WJ756 eenheid, WMO757
frequentie), typed into ``sdanalysis/data/codelijsten.csv``.

>>> omschrijving("productcategorie", "07", wet="WMO")
'Dagbesteding'
>>> "14" in codes("eenheid")
True
>>> sorted(codes("frequentie"))
['1', '2', '4', '6']
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from sdanalysis.config import PACKAGE_DATA_DIR

#: Hours per unit for the time units of WJ756 (dagdeel = 4 uur).
UREN_PER_EENHEID = {"01": 1 / 60, "04": 1.0, "16": 4.0, "14": 24.0}


@lru_cache(maxsize=1)
def codelijsten() -> pd.DataFrame:
    """All code lists as one table: codelijst, wet, code, omschrijving.

    >>> set(codelijsten()["codelijst"]) == {"productcategorie", "eenheid", "frequentie"}
    True
    """
    return pd.read_csv(
        PACKAGE_DATA_DIR / "codelijsten.csv", sep=";", dtype=str, keep_default_na=False
    )


def codes(codelijst: str, wet: str | None = None) -> frozenset[str]:
    """Valid codes of one list; for productcategorie optionally per wet (WMO / JW).

    >>> "43" in codes("productcategorie", wet="WMO")
    False
    >>> "43" in codes("productcategorie", wet="JW")
    True
    """
    df = codelijsten()
    df = df[df["codelijst"] == codelijst]
    if wet:
        df = df[df["wet"] == wet]
    return frozenset(df["code"])


def omschrijving(codelijst: str, code: str, wet: str | None = None) -> str | None:
    """Description of a code, or ``None`` when unknown."""
    df = codelijsten()
    sel = (df["codelijst"] == codelijst) & (df["code"] == code)
    if wet:
        sel &= df["wet"] == wet
    hits = df.loc[sel, "omschrijving"]
    return None if hits.empty else str(hits.iloc[0])


def normaliseer_code(waarde: object, codelijst: str) -> str:
    """Bring a code into its canonical form: ``7`` → ``07`` for two-digit lists.

    >>> normaliseer_code(7, "productcategorie"), normaliseer_code("4.0", "eenheid")
    ('07', '04')
    >>> normaliseer_code("02", "frequentie")
    '2'
    """
    tekst = str(waarde).strip()
    if tekst.endswith(".0"):
        tekst = tekst[:-2]
    if codelijst == "frequentie":
        return tekst.lstrip("0") or tekst
    if tekst.isdigit() and len(tekst) == 1:
        return tekst.zfill(2)
    return tekst
