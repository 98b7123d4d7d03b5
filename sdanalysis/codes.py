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

from sdanalysis.instellingen import PACKAGE_DATA_DIR

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


@lru_cache(maxsize=64)
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


#: Words that exports use instead of the WJ756 / WMO757 codes (lower case, no accents).
WOORDEN: dict[str, dict[str, str]] = {
    "eenheid": {
        "minuut": "01",
        "minuten": "01",
        "min": "01",
        "uur": "04",
        "uren": "04",
        "etmaal": "14",
        "etmalen": "14",
        "dag": "14",
        "dagen": "14",
        "dagdeel": "16",
        "dagdelen": "16",
        "stuks": "82",
        "stuk": "82",
        "stuks output": "82",
        "stuks (output)": "82",
        "euro": "83",
        "euros": "83",
        "euro's": "83",
        "stuks inspanning": "84",
        "stuks (inspanning)": "84",
    },
    "frequentie": {
        "per dag": "1",
        "dag": "1",
        "dagelijks": "1",
        "per week": "2",
        "week": "2",
        "wekelijks": "2",
        "per maand": "4",
        "maand": "4",
        "maandelijks": "4",
        "totaal": "6",
        "totaal binnen geldigheidsduur": "6",
        "totaal binnen geldigheidsduur toewijzing": "6",
        "eenmalig": "6",
    },
}


def normaliseer_code(waarde: object, codelijst: str) -> str:
    """Bring a code into its canonical form.

    ``7`` → ``07`` for two-digit lists; ``"07 Dagbesteding"`` → ``07`` (code with its
    description, as many exports show it); words such as ``uur`` or ``per week`` →
    their WJ756 / WMO757 code.

    >>> normaliseer_code(7, "productcategorie"), normaliseer_code("4.0", "eenheid")
    ('07', '04')
    >>> normaliseer_code("02", "frequentie")
    '2'
    >>> normaliseer_code("07 - Dagbesteding", "productcategorie")
    '07'
    >>> normaliseer_code("Uren", "eenheid"), normaliseer_code("Per week", "frequentie")
    ('04', '2')
    """
    import re
    import unicodedata

    tekst = str(waarde).strip()
    if tekst.endswith(".0"):
        tekst = tekst[:-2]
    woord = unicodedata.normalize("NFKD", tekst.lower())
    woord = "".join(c for c in woord if not unicodedata.combining(c))
    woord = re.sub(r"\s+", " ", woord).strip()
    if woord in WOORDEN.get(codelijst, {}):
        return WOORDEN[codelijst][woord]
    m = re.match(r"^(\d{1,2})\s*[-:.)]?\s+\D", tekst)
    if m:
        tekst = m.group(1)
    if codelijst == "frequentie":
        return tekst.lstrip("0") or tekst
    if tekst.isdigit() and len(tekst) == 1:
        return tekst.zfill(2)
    return tekst
