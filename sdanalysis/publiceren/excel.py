"""The Excel workbook for the controller.

:func:`schrijf_werkmap` writes one sheet per table with real number cells (Dutch euro,
percentage and count formats), a bold frozen header row, an auto-filter and sensible
column widths; suppressed cells show the suppression sign, never a number; text is
always stored as text. The privacy gate is :mod:`sdanalysis.publiceren.privacypoort`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen

#: Excel number formats (Excel shows them with the reader's locale separators).
FORMAAT_EURO = '"€ "#,##0;"-€ "#,##0'
FORMAAT_PROCENT = "0.0%"
FORMAAT_AANTAL = "#,##0"
FORMAAT_GETAL = "#,##0.00"
FORMAAT_DATUM = "dd-mm-yyyy"
MARKER_SUFFIX = "_onderdrukt"
MARKER_KOLOM = "is_onderdrukt"


def kolomsoort(naam: str, reeks: pd.Series) -> str:
    """How a column is formatted in Excel: euro, procent, aantal, getal, datum or tekst.

    >>> kolomsoort("bedrag_eur", pd.Series([1.0]))
    'euro'
    >>> kolomsoort("aandeel", pd.Series([0.5]))
    'procent'
    >>> kolomsoort("aantal_clienten", pd.Series([3]))
    'aantal'
    >>> kolomsoort("omschrijving", pd.Series(["x"]))
    'tekst'
    """
    n = naam.lower()
    if pd.api.types.is_datetime64_any_dtype(reeks):
        return "datum"
    if pd.api.types.is_bool_dtype(reeks):
        return "tekst"
    if not pd.api.types.is_numeric_dtype(reeks):
        return "tekst"
    if n.endswith("_eur") or n.startswith("bedrag") or "_eur_" in n:
        return "euro"
    if (
        n.endswith(("_pct", "_fractie", "_aandeel"))
        or n.startswith(("aandeel", "procent", "verschil_pct"))
        or n in ("mape",)
    ):
        return "procent"
    if (
        pd.api.types.is_integer_dtype(reeks)
        or n.startswith(("aantal", "instroom", "uitstroom"))
        or n == "jaar"
    ):
        return "aantal" if n != "jaar" else "jaar"
    return "getal"


def _breedte(df: pd.DataFrame, kolom: str) -> float:
    voorbeeld = df[kolom].head(200).map(lambda v: len(str(v)), na_action="ignore").dropna()
    return float(
        min(60, max(len(str(kolom)) + 2, (voorbeeld.max() if len(voorbeeld) else 0) + 2, 10))
    )


def _celwaarde(v: object) -> object:
    """A pandas/numpy value as a plain value openpyxl writes (None for missing)."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, int | float | str | bool):
        return v
    return str(v)


def _schrijf_rijen(ws, df: pd.DataFrame, kolommen: list[str]) -> None:
    """Data rows; suppressed cells get the sign, text cells stay text (never a formula)."""
    teken = instellingen.SUPPRESSIE_TEKEN
    onderdrukt = {
        k: df[k + MARKER_SUFFIX].fillna(False).astype(bool).tolist()
        for k in kolommen
        if k + MARKER_SUFFIX in df.columns
    }
    waarden = {k: df[k].tolist() for k in kolommen}
    for i in range(len(df)):
        ws.append(
            [
                teken if k in onderdrukt and onderdrukt[k][i] else _celwaarde(waarden[k][i])
                for k in kolommen
            ]
        )
    for rij in ws.iter_rows(min_row=1):
        for cel in rij:
            if isinstance(cel.value, str):
                cel.data_type = "s"  # text is text: "=HYPERLINK(...)" stays a string


_FORMATEN = {
    "euro": FORMAAT_EURO,
    "procent": FORMAAT_PROCENT,
    "aantal": FORMAAT_AANTAL,
    "getal": FORMAAT_GETAL,
    "datum": FORMAAT_DATUM,
    "jaar": "0",
}


def _maak_op(ws, df: pd.DataFrame, kolommen: list[str]) -> None:
    """Header style, number formats, widths, frozen header and auto-filter."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for cel in ws[1]:
        cel.font = Font(bold=True)
        cel.fill = PatternFill("solid", fgColor="DCE6F1")
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    for j, k in enumerate(kolommen, start=1):
        soort = kolomsoort(k, df[k])
        formaat = _FORMATEN.get(soort)
        if formaat:
            for (cel,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if isinstance(cel.value, str):
                    cel.alignment = Alignment(horizontal="right")
                else:
                    cel.number_format = formaat
        breedte = _breedte(df, k) if soort == "tekst" else max(12, len(k) + 2)
        ws.column_dimensions[get_column_letter(j)].width = breedte
    ws.freeze_panes = "A2"
    if kolommen:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{max(1, len(df) + 1)}"


def schrijf_werkmap(bladen: dict[str, pd.DataFrame], pad: str | Path) -> Path:
    """Write an Excel workbook with one sheet per table in the house format.

    Suppressed cells (marker column ``<kolom>_onderdrukt`` is true) are written as
    ``instellingen.SUPPRESSIE_TEKEN``; marker columns themselves are not written. Every
    text cell is stored as text, so a value that starts with ``=`` never becomes a formula.

    Args:
        bladen: Sheet name (max. 31 characters) → table.
        pad: Target ``.xlsx`` file.

    Returns:
        The path written.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for naam, df in bladen.items():
        ws = wb.create_sheet(title=str(naam)[:31])
        kolommen = [
            c for c in df.columns if not str(c).endswith(MARKER_SUFFIX) and c != MARKER_KOLOM
        ]
        ws.append([str(k) for k in kolommen])
        _schrijf_rijen(ws, df, kolommen)
        _maak_op(ws, df, kolommen)
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    wb.save(pad)
    return pad
