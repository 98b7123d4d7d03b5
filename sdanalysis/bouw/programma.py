"""Programme tables (maatregelen, pakketten, effecten) into the analysis shape, once.

A savings programme (interventieprogramma) is data: ``maatregelen`` (every maatregel with
its taakstelling and project), ``pakketten`` (the totals the source states per pakket and
year) and ``effecten`` (what a maatregel, project or pakket yielded or is expected to
yield). The build validates them against their contracts and then calls
:func:`normaliseer_programma`, so the processed tables that analyses read already carry:

- ``taakstelling_pm`` / ``bedrag_pm``: the amount is ``PM`` (pro memorie), never zero;
- ``maatregel_id`` (pakket and code, or pakket and name) and ``projectsleutel`` (the
  project, or the maatregel's own name when it has no project);
- ``structureel`` as a nullable boolean and ``aard`` (structureel / eenmalig / onbekend);
- ``afgeleid`` and ``benadering``: markers ``[afgeleid`` and ``[benadering`` in
  ``omschrijving`` (an amount the source implies but does not print; an approximate one);
  a filled ``afleiding`` (the reasoning) also marks a derived amount, a range
  ``bedrag_laag_eur``..``bedrag_hoog_eur`` an approximate one;
- optional ``citaat`` and ``jaar_elders`` (effecten: the source's words, and the year another
  passage gives), ``eerste_effectjaar`` (maatregelen: the first year the source expects a
  financial effect) and ``kanttekening`` (pakketten: the source's own caveat).

Amounts in text (``€ 1.500.000``, ``7 ton``, ``PM``) are read with the build's one parser,
:func:`sdanalysis.bouw.getallen.parse_bedrag`. The normalisers are idempotent: a table that
is already normalised comes back equal.

>>> m = pd.DataFrame({"pakket": ["1"], "maatregel": ["Wijkkracht"],
...                   "taakstelling_eur": ["7 ton"]})
>>> normaliseer_maatregelen(m)[["maatregel_id", "taakstelling_eur"]].values.tolist()
[['1|Wijkkracht', 700000.0]]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.bouw.getallen import PM, parse_bedrag
from sdanalysis.contracts import vereis_kolommen

#: The programme tables, in the order a build or reader handles them.
PROGRAMMATABELLEN: tuple[str, ...] = ("maatregelen", "pakketten", "effecten")
#: Kinds of effect in the data.
SOORTEN: tuple[str, ...] = ("gerealiseerd", "verwacht", "berekend")
#: Nature of an effect.
AARD_STRUCTUREEL, AARD_EENMALIG, AARD_ONBEKEND = "structureel", "eenmalig", "onbekend"
#: Markers inside ``omschrijving``.
MARKER_AFGELEID = "[afgeleid"
MARKER_BENADERING = "[benadering"

_VERPLICHT = {
    "maatregelen": ("pakket", "maatregel", "taakstelling_eur"),
    "pakketten": ("pakket", "taakstelling_eur"),
    "effecten": ("bedrag_eur", "soort"),
}
_JA = ("ja", "j", "yes", "true", "1", "structureel")
_NEE = ("nee", "n", "no", "false", "0", "eenmalig", "incidenteel")
_LEEG = ("", "nan", "<na>", "onbekend")


# --------------------------------------------------------------------------- cells


def _tekst(reeks: pd.Series) -> pd.Series:
    """Strings with empty/blank as NA."""
    uit = reeks.astype("string").str.strip()
    return uit.mask(uit.isna() | (uit == "") | (uit.str.lower() == "nan"))


def _geheel(reeks: pd.Series, naam: str, tabel: str) -> pd.Series:
    """Whole numbers (nullable); unreadable text raises a Dutch error."""
    tekst = _tekst(reeks.astype("string"))
    getal = pd.to_numeric(tekst, errors="coerce")
    fout = tekst.notna() & getal.isna()
    if fout.any():
        raise ValueError(
            f"Tabel {tabel}: kolom {naam} moet een geheel getal zijn; onleesbaar: "
            f"{tekst[fout].tolist()}."
        )
    return getal.round().astype("Int64")


def _optioneel(
    df: pd.DataFrame, kolom: str, lees: Callable[[pd.Series], pd.Series], dtype: str
) -> pd.Series:
    """Column ``kolom`` read by ``lees``, or an all-missing column when it is absent."""
    if kolom in df.columns:
        return lees(df[kolom])
    return pd.Series(pd.NA, index=df.index, dtype=dtype)


def _tekstkolommen(df: pd.DataFrame, kolommen: tuple[str, ...]) -> None:
    """Normalise optional text columns in place (``df`` is already a copy)."""
    for kolom in kolommen:
        df[kolom] = _optioneel(df, kolom, _tekst, "string")


def _lees_bedragen(waarden: pd.Series, kolom: str, tabel: str) -> tuple[pd.Series, pd.Series]:
    """Amounts and PM flags of a text column, through the build's parser."""
    bedragen, pm, fouten = [], [], []
    for w in waarden.tolist():
        getal, reden = parse_bedrag(None if w is pd.NA else w)
        bedragen.append(math.nan if getal is None else getal)
        pm.append(reden == PM)
        if reden not in (None, PM):
            fouten.append(str(w))
    if fouten:
        raise ValueError(
            f"Tabel {tabel}: kolom {kolom} bevat onleesbare bedragen {fouten}; verwacht "
            "een bedrag in euro's (bijv. 1500000 of € 1.500.000) of PM."
        )
    return (
        pd.Series(bedragen, index=waarden.index, dtype=float),
        pd.Series(pm, index=waarden.index, dtype=bool),
    )


def _bedragen(df: pd.DataFrame, kolom: str, pm_kolom: str, tabel: str) -> pd.DataFrame:
    """Amount column (numbers, or Dutch text and ``PM``) plus its PM flag; PM is never zero."""
    uit = df.copy()
    waarden = uit[kolom]
    if pd.api.types.is_numeric_dtype(waarden) and not pd.api.types.is_bool_dtype(waarden):
        bedrag = waarden.astype(float)
        pm = pd.Series(False, index=uit.index)
    else:
        bedrag, pm = _lees_bedragen(waarden, kolom, tabel)
    if pm_kolom in uit.columns:
        pm = pm | uit[pm_kolom].astype("boolean").fillna(False).astype(bool)
    uit[kolom] = bedrag.where(~pm)
    uit[pm_kolom] = pm.astype(bool)
    return uit


def _janee_cel(w: object) -> object:
    if w is None or w is pd.NA or (isinstance(w, float) and math.isnan(w)):
        return pd.NA
    if isinstance(w, bool | np.bool_):
        return bool(w)
    t = str(w).strip().lower()
    if t in _JA:
        return True
    if t in _NEE:
        return False
    if t in _LEEG:
        return pd.NA
    raise ValueError(
        f"Kolom structureel: {w!r} is geen ja/nee; verwacht ja (structureel), "
        "nee (eenmalig) of leeg (onbekend)."
    )


def _janee(reeks: pd.Series) -> pd.Series:
    """ja/nee/True/False/empty -> nullable boolean."""
    return pd.Series([_janee_cel(w) for w in reeks.tolist()], index=reeks.index, dtype="boolean")


def _vereis_waarde(df: pd.DataFrame, kolom: str, tabel: str, wat: str) -> None:
    if df[kolom].isna().any():
        raise ValueError(f"Tabel {tabel}: elke rij heeft {wat} nodig.")


# --------------------------------------------------------------------------- tables


def normaliseer_maatregelen(maatregelen: pd.DataFrame) -> pd.DataFrame:
    """Bring a maatregelen table (raw CSV cells or validated) into the analysis shape.

    Adds ``taakstelling_pm`` (from ``PM`` text if absent), ``maatregel_id`` (pakket and
    code, or pakket and name when there is no code) and ``projectsleutel`` (project, or the
    maatregel's own name when it has no project).

    Args:
        maatregelen: Columns of contract MAATREGELEN; at least pakket, maatregel,
            taakstelling_eur.

    Returns:
        A new DataFrame; the input is not changed.

    Raises:
        ValueError: Missing columns or unreadable amounts/years (Dutch message).

    >>> m = pd.DataFrame({"pakket": ["2"], "maatregel": ["Wijkkracht"],
    ...                   "taakstelling_eur": ["PM"]})
    >>> r = normaliseer_maatregelen(m)
    >>> r.loc[[0], ["maatregel_id", "projectsleutel", "taakstelling_pm"]].values.tolist()
    [['2|Wijkkracht', 'Wijkkracht', True]]
    """
    vereis_kolommen(maatregelen, _VERPLICHT["maatregelen"], "maatregelen")
    df = maatregelen.copy()
    _tekstkolommen(df, ("maatregel_code", "project", "wat_gedaan", "effect_tekst", "bron"))
    df["maatregel"] = _tekst(df["maatregel"])
    _vereis_waarde(df, "maatregel", "maatregelen", "een maatregel (naam)")
    df["pakket"] = _geheel(df["pakket"], "pakket", "maatregelen")
    _vereis_waarde(df, "pakket", "maatregelen", "een pakketnummer")
    df["jaar"] = _optioneel(df, "jaar", lambda s: _geheel(s, "jaar", "maatregelen"), "Int64")
    df = _bedragen(df, "taakstelling_eur", "taakstelling_pm", "maatregelen")
    df["eerste_effectjaar"] = _optioneel(
        df, "eerste_effectjaar", lambda s: _geheel(s, "eerste_effectjaar", "maatregelen"), "Int64"
    )
    _tekstkolommen(df, ("eerste_effectjaar_citaat",))
    code_of_naam = df["maatregel_code"].fillna(df["maatregel"])
    df["maatregel_id"] = df["pakket"].astype(str) + "|" + code_of_naam.astype(str)
    df["projectsleutel"] = df["project"].fillna(df["maatregel"]).astype("string")
    return df.reset_index(drop=True)


def normaliseer_pakketten(pakketten: pd.DataFrame) -> pd.DataFrame:
    """Bring a pakketten table into the analysis shape (``taakstelling_pm``, ``structureel``).

    Args:
        pakketten: Columns of contract PAKKETTEN; at least pakket and taakstelling_eur.

    Returns:
        A new DataFrame; the input is not changed.

    Raises:
        ValueError: Missing columns or unreadable values (Dutch message).

    >>> p = pd.DataFrame({"pakket": [4], "taakstelling_eur": ["2 mln"], "structureel": ["ja"]})
    >>> normaliseer_pakketten(p).loc[[0], ["taakstelling_eur", "structureel"]].values.tolist()
    [[2000000.0, True]]
    """
    vereis_kolommen(pakketten, _VERPLICHT["pakketten"], "pakketten")
    df = pakketten.copy()
    df["pakket"] = _geheel(df["pakket"], "pakket", "pakketten")
    df["jaar"] = _optioneel(df, "jaar", lambda s: _geheel(s, "jaar", "pakketten"), "Int64")
    df = _bedragen(df, "taakstelling_eur", "taakstelling_pm", "pakketten")
    df["structureel"] = _optioneel(df, "structureel", _janee, "boolean")
    _tekstkolommen(df, ("naam", "bron", "kanttekening"))
    return df.reset_index(drop=True)


def _aard(structureel: pd.Series) -> np.ndarray:
    return np.where(
        structureel.isna(),
        AARD_ONBEKEND,
        np.where(structureel.fillna(False), AARD_STRUCTUREEL, AARD_EENMALIG),
    )


def _bandbreedte(df: pd.DataFrame) -> None:
    """Read ``bedrag_laag_eur``/``bedrag_hoog_eur`` in place; they must enclose the amount."""
    for kolom in ("bedrag_laag_eur", "bedrag_hoog_eur"):
        if kolom in df.columns:
            df[kolom] = _bedragen(df, kolom, "_pm", "effecten")[kolom]
        else:
            df[kolom] = math.nan
    bedrag, laag, hoog = df["bedrag_eur"], df["bedrag_laag_eur"], df["bedrag_hoog_eur"]
    fout = (laag > bedrag) | (hoog < bedrag) | (laag > hoog)
    if fout.any():
        raise ValueError(
            "Tabel effecten: bedrag_laag_eur <= bedrag_eur <= bedrag_hoog_eur geldt niet in "
            f"rij(en) {list(df.index[fout])}."
        )


def _controleer_soort(soort: pd.Series) -> None:
    fout = ~soort.isin(SOORTEN).fillna(False).astype(bool)
    if fout.any():
        raise ValueError(
            f"Tabel effecten: soort moet een van {list(SOORTEN)} zijn; gevonden "
            f"{soort[fout].tolist()}."
        )


def normaliseer_effecten(effecten: pd.DataFrame) -> pd.DataFrame:
    """Bring an effecten table into the analysis shape.

    Adds ``bedrag_pm``, ``aard`` (structureel / eenmalig / onbekend), ``afgeleid`` and
    ``benadering`` (from the markers in ``omschrijving``).

    Args:
        effecten: Columns of contract EFFECTEN; at least bedrag_eur and soort.

    Returns:
        A new DataFrame; the input is not changed.

    Raises:
        ValueError: Missing columns, unreadable values, an unknown soort, or a row that
            names no maatregel_code, project or pakket (Dutch message).

    >>> e = pd.DataFrame({"project": ["P"], "bedrag_eur": ["bijna"], "soort": ["verwacht"]})
    >>> normaliseer_effecten(e)
    Traceback (most recent call last):
    ...
    ValueError: Tabel effecten: kolom bedrag_eur bevat onleesbare bedragen ['bijna']; \
verwacht een bedrag in euro's (bijv. 1500000 of € 1.500.000) of PM.
    """
    vereis_kolommen(effecten, _VERPLICHT["effecten"], "effecten")
    df = effecten.copy()
    _tekstkolommen(df, ("maatregel_code", "project", "omschrijving", "bron"))
    for kolom in ("pakket", "jaar"):
        df[kolom] = _optioneel(df, kolom, lambda s, k=kolom: _geheel(s, k, "effecten"), "Int64")
    df["soort"] = _tekst(df["soort"]).str.lower()
    _controleer_soort(df["soort"])
    df = _bedragen(df, "bedrag_eur", "bedrag_pm", "effecten")
    _bandbreedte(df)
    _tekstkolommen(df, ("afleiding", "citaat"))
    df["jaar_elders"] = _optioneel(
        df, "jaar_elders", lambda s: _geheel(s, "jaar_elders", "effecten"), "Int64"
    )
    df["structureel"] = _optioneel(df, "structureel", _janee, "boolean")
    df["aard"] = _aard(df["structureel"])
    oms = df["omschrijving"].fillna("").str.lower()
    df["afgeleid"] = (
        oms.str.contains(MARKER_AFGELEID, regex=False) | df["afleiding"].notna()
    ).astype(bool)
    df["benadering"] = (
        oms.str.contains(MARKER_BENADERING, regex=False)
        | df["bedrag_laag_eur"].notna()
        | df["bedrag_hoog_eur"].notna()
    ).astype(bool)
    leeg = df["maatregel_code"].isna() & df["project"].isna() & df["pakket"].isna()
    if leeg.any():
        raise ValueError(
            "Tabel effecten: elke rij hoort bij een maatregel_code, een project of een pakket;"
            f" rij(en) {list(df.index[leeg])} hebben geen van drieën."
        )
    return df.reset_index(drop=True)


_NORMALISEERDERS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "maatregelen": normaliseer_maatregelen,
    "pakketten": normaliseer_pakketten,
    "effecten": normaliseer_effecten,
}


def normaliseer_programma(tabellen: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Normalise whichever programme tables are present; other tables pass unchanged.

    The build calls this after validation, so processed programme tables are in the
    analysis shape.

    Args:
        tabellen: Table name -> DataFrame (e.g. every table of a build).

    Returns:
        A new dict; the DataFrames of other tables are the same objects.

    >>> t = normaliseer_programma({"pakketten": pd.DataFrame({"pakket": [1],
    ...                            "taakstelling_eur": ["PM"]}), "x": pd.DataFrame()})
    >>> bool(t["pakketten"]["taakstelling_pm"][0]), sorted(t)
    (True, ['pakketten', 'x'])
    """
    return {
        naam: _NORMALISEERDERS[naam](df) if naam in _NORMALISEERDERS else df
        for naam, df in tabellen.items()
    }


def lege_tabel(naam: str) -> pd.DataFrame:
    """An empty programme table in the analysis shape (for a table that was not delivered).

    >>> lege_tabel("effecten")[["bedrag_eur", "aard"]].shape
    (0, 2)
    """
    if naam not in _NORMALISEERDERS:
        raise ValueError(f"Onbekende programmatabel {naam!r}; kies uit {list(PROGRAMMATABELLEN)}.")
    return _NORMALISEERDERS[naam](pd.DataFrame(columns=list(_VERPLICHT[naam])))


# --------------------------------------------------------------------------- reading


def lees_programma(map_: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Read and normalise the programme CSVs of one folder, without a build.

    Notebooks and the workbook read processed tables (:func:`laad_programma`); this reader
    is for tests and quick checks of a folder with ``maatregelen.csv``, ``pakketten.csv``
    and ``effecten.csv``.

    Args:
        map_: Folder with the three files (default ``instellingen.PROGRAMMA_RAW_DIR``).

    Returns:
        ``{"maatregelen": ..., "pakketten": ..., "effecten": ...}``, normalised, plus
        ``mapping`` when the folder holds a ``maatregel_categorie.csv``.

    Raises:
        ValueError: A file is missing or holds unreadable values (Dutch message).
    """
    map_ = Path(map_) if map_ is not None else instellingen.PROGRAMMA_RAW_DIR
    uit = {}
    for naam in PROGRAMMATABELLEN:
        pad = map_ / f"{naam}.csv"
        if not pad.exists():
            raise ValueError(f"Programmabestand {pad} ontbreekt; verwacht {naam}.csv in {map_}.")
        ruw = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
        uit[naam] = _NORMALISEERDERS[naam](ruw)
    if (map_ / instellingen.KOPPELING_BESTAND).is_file():
        uit["mapping"] = laad_categorie_mapping(map_ / instellingen.KOPPELING_BESTAND)
    return uit


def laad_programma(processed_dir: str | Path | None = None) -> dict[str, pd.DataFrame] | None:
    """The processed programme tables, or ``None`` when no maatregelen were delivered.

    A missing ``pakketten`` or ``effecten`` table is returned empty (in the analysis
    shape), so a programme without effects still shows its taakstelling.

    Args:
        processed_dir: Processed folder (default: see ``sdanalysis.bouw.pipeline``).

    Returns:
        ``{"maatregelen": ..., "pakketten": ..., "effecten": ...}`` (plus ``mapping`` when
        the gemeente delivered a ``maatregel_categorie.csv``) or ``None``.
    """
    from sdanalysis.bouw.pipeline import heeft_tabel, laad_tabel

    if not heeft_tabel("maatregelen", processed_dir):
        return None
    uit = {
        naam: laad_tabel(naam, processed_dir)
        if heeft_tabel(naam, processed_dir)
        else lege_tabel(naam)
        for naam in PROGRAMMATABELLEN
    }
    koppeling = Path(processed_dir or instellingen.PROCESSED_DIR) / instellingen.KOPPELING_BESTAND
    if koppeling.is_file():  # the gemeente's own link maatregel -> categorie, if delivered
        uit["mapping"] = laad_categorie_mapping(koppeling)
    return uit


def laad_categorie_mapping(pad: str | Path | None = None) -> pd.DataFrame:
    """Mapping of maatregel (code) or project to categorie of care.

    Args:
        pad: CSV file (default: the one beside the demo programme,
            ``data/raw/programma/maatregel_categorie.csv``).

    Returns:
        pakket, maatregel_code, project, categorie, zekerheid (``brief`` when the source
        itself links them, ``aanname`` otherwise), toelichting.

    Raises:
        ValueError: The file or a required column is missing (Dutch message).

    >>> sorted(laad_categorie_mapping().columns)[:3]
    ['categorie', 'maatregel_code', 'pakket']
    """
    pad = (
        Path(pad)
        if pad is not None
        else instellingen.PROGRAMMA_RAW_DIR / instellingen.KOPPELING_BESTAND
    )
    if not pad.exists():
        raise ValueError(f"Mapping maatregel -> categorie niet gevonden: {pad}.")
    df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    for k in ("pakket", "maatregel_code", "project", "categorie"):
        if k not in df.columns:
            raise ValueError(f"Mapping {pad.name} mist kolom {k!r}.")
    _tekstkolommen(df, ("maatregel_code", "project", "toelichting"))
    df["pakket"] = _geheel(df["pakket"], "pakket", "maatregel_categorie")
    return df
