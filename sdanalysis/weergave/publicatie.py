"""Registry of everything one publication shows: tables and the data each chart draws.

The report audits its suppression over the whole publication (see
:func:`sdanalysis.publiceren.audit.audit_publicatie`). For that it must know every figure a
reader can see. While the report runs, it sets the environment variable
:data:`PUBLICATIE_MAP_VAR` for each notebook kernel; then every table shown through
:func:`sdanalysis.weergave.tabellen.toon` and every frame a chart of counts draws from is
written there by :func:`registreer`. Without the variable nothing is written: notebooks in
JupyterLab or CI behave as before.

Only the published version is written: the key (dimension) columns and the count columns,
with every suppressed cell set to missing before it touches the disk. Hidden true values
never leave the kernel.

>>> df = pd.DataFrame({"jaar": [2022, 2022], "wet": ["JW", "WMO"],
...                    "aantal_clienten": [40, 3], "kosten_eur": [1.0, 2.0],
...                    "aantal_clienten_onderdrukt": [False, True]})
>>> sleutels, tellingen = sleutel_en_telkolommen(df)
>>> sleutels, tellingen
(['jaar', 'wet'], ['aantal_clienten'])
>>> gepubliceerde_vorm(df)["aantal_clienten"].tolist()
[40.0, nan]
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sdanalysis.weergave.suppressie import MARKER_KOLOM, MARKER_SUFFIX, is_aantal_personen

#: Environment variable with the folder the registry writes to (set by the report only).
PUBLICATIE_MAP_VAR = "SDANALYSIS_PUBLICATIE_MAP"
#: Environment variable with the name of the notebook that publishes (set by the report).
PUBLICATIE_BRON_VAR = "SDANALYSIS_PUBLICATIE_BRON"

#: Numeric columns that are dimensions (a key), not measures.
SLEUTEL_NUMERIEK = ("jaar", "basisjaar", "peiljaar", "maand", "kwartaal", "week")


@dataclass(frozen=True)
class Publicatietabel:
    """One published table: where it appears, its keys, its counts and its visible values.

    Attributes:
        bron: Where it is published (``notebook 02_indicatievolumes``, ``werkmap``).
        soort: ``tabel``, ``grafiek`` or ``blad``.
        titel: Caption, chart title or sheet name.
        sleutels: Key (dimension) columns.
        tellingen: Count columns.
        data: Key and count columns plus ``<telling>_onderdrukt`` markers; a suppressed
            count is missing.
    """

    bron: str
    soort: str
    titel: str
    sleutels: tuple[str, ...]
    tellingen: tuple[str, ...]
    data: pd.DataFrame

    @property
    def naam(self) -> str:
        """Readable name: ``bron, soort "titel"``."""
        return f'{self.bron}, {self.soort} "{self.titel}"'


def _is_sleutel(kolom: str, reeks: pd.Series) -> bool:
    naam = str(kolom)
    if naam.endswith(MARKER_SUFFIX) or naam == MARKER_KOLOM:
        return False
    if naam in SLEUTEL_NUMERIEK or naam.endswith("_jaar") or naam.startswith("periode"):
        return True
    if pd.api.types.is_bool_dtype(reeks):
        return False
    return not pd.api.types.is_numeric_dtype(reeks)


def sleutel_en_telkolommen(df: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The key (dimension) columns and the count columns of a published table.

    Keys are text, category and date columns and the numeric dimensions (``jaar``,
    ``periode_*``); counts are the numeric columns that count people or events by
    :func:`~sdanalysis.weergave.suppressie.is_aantal_personen`. Other numbers (amounts,
    fractions, durations) are neither.

    >>> sleutel_en_telkolommen(pd.DataFrame({"periode_maand": ["2022-01"], "wet": ["JW"],
    ...     "aantal_meldingen": [12], "mediaan_dagen": [3.0]}))
    (['periode_maand', 'wet'], ['aantal_meldingen'])
    """
    gemarkeerd = {
        str(k)[: -len(MARKER_SUFFIX)] for k in df.columns if str(k).endswith(MARKER_SUFFIX)
    }
    sleutels = [str(k) for k in df.columns if str(k) not in gemarkeerd and _is_sleutel(k, df[k])]
    tellingen = [
        str(k)
        for k in df.columns
        if str(k) not in sleutels
        and not str(k).endswith(MARKER_SUFFIX)
        and str(k) != MARKER_KOLOM
        and is_aantal_personen(str(k))
        and (
            str(k) in gemarkeerd
            or (pd.api.types.is_numeric_dtype(df[k]) and not pd.api.types.is_bool_dtype(df[k]))
        )
    ]
    return sleutels, tellingen


def gepubliceerde_vorm(df: pd.DataFrame) -> pd.DataFrame:
    """Keys, counts and markers of a table, every suppressed count set to missing.

    A count whose marker ``<kolom>_onderdrukt`` is set, or that is missing on a row with
    ``is_onderdrukt``, is hidden: its value is removed here whatever the frame holds, so
    the registry can never write a hidden true value.

    >>> t = pd.DataFrame({"wet": ["JW"], "aantal_meldingen": [7],
    ...                   "aantal_meldingen_onderdrukt": [True]})
    >>> gepubliceerde_vorm(t).to_dict("records")
    [{'wet': 'JW', 'aantal_meldingen': nan, 'aantal_meldingen_onderdrukt': True}]
    """
    sleutels, tellingen = sleutel_en_telkolommen(df)
    uit = df[sleutels].copy()
    rij = df[MARKER_KOLOM].fillna(False).astype(bool) if MARKER_KOLOM in df.columns else None
    for k in tellingen:
        waarden = pd.to_numeric(df[k], errors="coerce").astype("float64")
        marker = f"{k}{MARKER_SUFFIX}"
        if marker in df.columns:
            verborgen = df[marker].fillna(False).astype(bool)
        elif rij is not None:
            verborgen = rij & waarden.isna()
        else:
            verborgen = pd.Series(False, index=df.index)
        uit[k] = waarden.mask(verborgen)
        uit[marker] = verborgen.to_numpy(dtype=bool)
    return uit.reset_index(drop=True)


def registreer(df: pd.DataFrame, soort: str, titel: str | None = None) -> Path | None:
    """Write the published version of a shown table or chart frame to the registry.

    Does nothing unless :data:`PUBLICATIE_MAP_VAR` is set (the report sets it), or when
    the frame has no count columns.

    Args:
        df: The frame as shown (suppressed cells carry ``<kolom>_onderdrukt``).
        soort: ``tabel`` or ``grafiek``.
        titel: Caption or chart title.

    Returns:
        The file written, or ``None``.

    >>> import os
    >>> os.environ.pop(PUBLICATIE_MAP_VAR, None)
    >>> registreer(pd.DataFrame({"aantal_clienten": [12]}), "tabel") is None
    True
    """
    map_ = os.environ.get(PUBLICATIE_MAP_VAR)
    if not map_ or not isinstance(df, pd.DataFrame):
        return None
    vorm = gepubliceerde_vorm(_plat(df))
    sleutels, tellingen = sleutel_en_telkolommen(vorm)
    if not tellingen or vorm.empty:
        return None
    doel = Path(map_)
    doel.mkdir(parents=True, exist_ok=True)
    stam = doel / f"{uuid.uuid4().hex}"
    bewaar = vorm.copy()
    for k in sleutels:  # keys as text: one type in every file, whatever the source dtype
        bewaar[k] = _sleuteltekst(bewaar[k])
    bewaar.to_parquet(stam.with_suffix(".parquet"), index=False)
    meta = {
        "bron": os.environ.get(PUBLICATIE_BRON_VAR, "notebook"),
        "soort": soort,
        "titel": titel or "",
        "sleutels": sleutels,
        "tellingen": tellingen,
    }
    stam.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return stam.with_suffix(".parquet")


def _plat(df: pd.DataFrame) -> pd.DataFrame:
    """A meaningful index becomes a column (a chart may draw from an indexed frame)."""
    if isinstance(df.index, pd.RangeIndex) and df.index.name is None:
        return df
    if df.index.name is None and not isinstance(df.index, pd.MultiIndex):
        return df.reset_index(drop=True)
    return df.reset_index()


def _sleuteltekst(reeks: pd.Series) -> pd.Series:
    """Key values as text: dates as ``JJJJ-MM-DD``, whole numbers without ``.0``.

    >>> _sleuteltekst(pd.Series(pd.to_datetime(["2022-03-01"]))).tolist()
    ['2022-03-01']
    >>> _sleuteltekst(pd.Series([2022.0, None])).tolist()
    ['2022', '']
    """
    if pd.api.types.is_datetime64_any_dtype(reeks):
        return reeks.dt.strftime("%Y-%m-%d").fillna("")
    if isinstance(reeks.dtype, pd.PeriodDtype):
        return reeks.dt.to_timestamp().dt.strftime("%Y-%m-%d").fillna("")

    def tekst(x: object) -> str:
        if x is None or (not isinstance(x, str) and pd.isna(x)):  # type: ignore[arg-type]
            return ""
        if isinstance(x, pd.Timestamp):
            return x.strftime("%Y-%m-%d")
        if isinstance(x, pd.Period):
            return x.to_timestamp().strftime("%Y-%m-%d")
        if isinstance(x, float) and x.is_integer():
            return str(int(x))
        return str(x)

    return pd.Series([tekst(x) for x in reeks], index=reeks.index, dtype="object")


def publicatietabel(df: pd.DataFrame, bron: str, soort: str, titel: str) -> Publicatietabel:
    """A :class:`Publicatietabel` of a frame (e.g. a workbook sheet), in published form.

    >>> t = publicatietabel(pd.DataFrame({"wet": ["JW"], "aantal_meldingen": [12]}),
    ...                     "werkmap", "blad", "Meldingen")
    >>> t.sleutels, t.tellingen, t.data["wet"].tolist()
    (('wet',), ('aantal_meldingen',), ['JW'])
    """
    vorm = gepubliceerde_vorm(_plat(df))
    sleutels, tellingen = sleutel_en_telkolommen(vorm)
    for k in sleutels:
        vorm[k] = _sleuteltekst(vorm[k])
    return Publicatietabel(bron, soort, titel, tuple(sleutels), tuple(tellingen), vorm)


def lees_publicatie(map_: Path) -> list[Publicatietabel]:
    """Every table the registry wrote to ``map_`` (empty when the folder does not exist)."""
    uit = []
    if not Path(map_).is_dir():
        return uit
    for meta_pad in sorted(Path(map_).glob("*.json")):
        meta = json.loads(meta_pad.read_text(encoding="utf-8"))
        data = pd.read_parquet(meta_pad.with_suffix(".parquet"))
        for k in meta["sleutels"]:
            data[k] = data[k].astype("object")
        uit.append(
            Publicatietabel(
                meta["bron"],
                meta["soort"],
                meta["titel"],
                tuple(meta["sleutels"]),
                tuple(meta["tellingen"]),
                data,
            )
        )
    return uit
