"""The Excel workbook for the controller.

:func:`schrijf_werkmap` writes one sheet per table with real number cells (Dutch euro,
percentage and count formats), a bold frozen header row, an auto-filter and sensible
column widths; suppressed cells show the suppression sign, never a number; text is
always stored as text. The privacy gate is :mod:`sdanalysis.publiceren.privacypoort`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
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


def _verborgen(df: pd.DataFrame, kolom: str) -> list[bool]:
    """Which cells of ``kolom`` are suppressed.

    A column with its own marker ``<kolom>_onderdrukt`` follows it; otherwise a missing
    value in a row marked ``is_onderdrukt`` was blanked with the count it rests on.
    """
    marker = kolom + MARKER_SUFFIX
    if marker in df.columns:
        return df[marker].fillna(False).astype(bool).tolist()
    if MARKER_KOLOM in df.columns:
        rij = df[MARKER_KOLOM].fillna(False).astype(bool)
        return (rij & df[kolom].isna()).tolist()
    return [False] * len(df)


def _schrijf_rijen(ws, df: pd.DataFrame, kolommen: list[str]) -> None:
    """Data rows; suppressed cells get the sign, text cells stay text (never a formula)."""
    teken = instellingen.SUPPRESSIE_TEKEN
    onderdrukt = {k: _verborgen(df, k) for k in kolommen}
    waarden = {k: df[k].tolist() for k in kolommen}
    for i in range(len(df)):
        ws.append([teken if onderdrukt[k][i] else _celwaarde(waarden[k][i]) for k in kolommen])
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


#: Widest a column gets (characters); longer text wraps inside the cell.
MAX_BREEDTE_TEKST = 40
#: Width of a number column; its header wraps over more lines when longer.
BREEDTE_GETAL = 13
#: Height of one line of text in points, and the most lines a row grows to.
RIJHOOGTE = 15
MAX_REGELS = 12
#: Name of the first sheet: the table of contents.
INHOUD = "Inhoud"


@dataclass(frozen=True)
class Afdruk:
    """What the printed footer of every sheet says.

    Attributes:
        bron: Source line (``weergave.bron.bronregel``).
        gemeente: Name of the gemeente.
        datum: Date of the workbook, ``dd-mm-jjjj``.
    """

    bron: str = ""
    gemeente: str = ""
    datum: str = field(default_factory=lambda: dt.date.today().strftime("%d-%m-%Y"))


def _kopregel(tekst: str) -> str:
    """Text for an Excel header/footer: ``&`` is a control character there.

    >>> _kopregel("P & Q")
    'P && Q'
    """
    return tekst.replace("&", "&&")


def _afdrukinstelling(ws, afdruk: Afdruk) -> None:
    """A4 landscape, all columns on one page width, header row repeated, footer."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.7, footer=0.3)
    if ws.max_row > 1:
        ws.print_title_rows = "1:1"
    ws.oddFooter.left.text = _kopregel(afdruk.bron)
    ws.oddFooter.center.text = _kopregel(" · ".join(t for t in (afdruk.gemeente, ws.title) if t))
    ws.oddFooter.right.text = _kopregel(afdruk.datum) + ", pagina &P van &N"
    for deel in (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right):
        deel.size = 8


def _regels(tekst: str, breedte: float) -> int:
    r"""Lines a wrapped text takes in a column of ``breedte`` characters.

    >>> _regels("a" * 25, 10), _regels("kort", 10), _regels("a\nb", 10)
    (3, 1, 2)
    """
    return sum(max(1, math.ceil(len(deel) / max(1.0, breedte - 1))) for deel in tekst.split("\n"))


def _rijhoogtes(ws) -> None:
    """Explicit heights for rows with wrapped text.

    Spreadsheet programs do not always recompute them on opening, and wrapped lines then
    print over each other.
    """
    from openpyxl.utils import get_column_letter

    breedtes = {
        j: ws.column_dimensions[get_column_letter(j)].width or 10
        for j in range(1, ws.max_column + 1)
    }
    for rij in ws.iter_rows(min_row=1):
        regels = max(
            (
                _regels(c.value, breedtes[c.column])
                for c in rij
                if isinstance(c.value, str) and c.alignment is not None and c.alignment.wrap_text
            ),
            default=1,
        )
        if regels > 1:
            ws.row_dimensions[rij[0].row].height = RIJHOOGTE * min(regels, MAX_REGELS)


def _maak_op(ws, df: pd.DataFrame, kolommen: list[str]) -> None:
    """Header style, number formats, widths, wrapping, frozen header and auto-filter."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for cel in ws[1]:
        cel.font = Font(name="Calibri", size=11, bold=True)
        cel.fill = PatternFill("solid", fgColor="DCE6F1")
        cel.alignment = Alignment(wrap_text=True, vertical="top")
    boven = Alignment(vertical="top")
    for j, k in enumerate(kolommen, start=1):
        soort = kolomsoort(k, df[k])
        formaat = _FORMATEN.get(soort)
        breedte = (
            min(MAX_BREEDTE_TEKST, _breedte(df, k))
            if soort == "tekst"
            else max(BREEDTE_GETAL, min(len(k) + 2, 2 * BREEDTE_GETAL) // 2 + 2)
        )
        for (cel,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            if isinstance(cel.value, str):
                lang = len(cel.value) > breedte
                cel.alignment = Alignment(
                    horizontal=None if soort == "tekst" else "right",
                    wrap_text=lang or None,
                    vertical="top",
                )
            else:
                cel.alignment = boven
                if formaat:
                    cel.number_format = formaat
        ws.column_dimensions[get_column_letter(j)].width = breedte
    _rijhoogtes(ws)
    ws.freeze_panes = "A2"
    if kolommen:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{max(1, len(df) + 1)}"


def _koppeling(blad: str) -> str:
    """Internal hyperlink target of a sheet.

    >>> _koppeling("Iv3 'x' 2023")
    "#'Iv3 ''x'' 2023'!A1"
    """
    return "#'" + blad.replace("'", "''") + "'!A1"


def _schrijf_inhoud(wb, bladen: list[str], beschrijvingen: Mapping[str, str]) -> None:
    """First sheet: every sheet with one line and a link to it."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(title=INHOUD, index=0)
    ws.append(["blad", "inhoud"])
    for naam in bladen:
        ws.append([naam, beschrijvingen.get(naam, "")])
        cel = ws.cell(row=ws.max_row, column=1)
        cel.hyperlink = _koppeling(naam)
        cel.font = Font(name="Calibri", size=11, color="0563C1", underline="single")
    for rij in ws.iter_rows(min_row=1):
        for cel in rij:
            cel.data_type = "s"
    tabel = pd.DataFrame({"blad": bladen, "inhoud": [beschrijvingen.get(b, "") for b in bladen]})
    _maak_op(ws, tabel, ["blad", "inhoud"])
    ws.column_dimensions["B"].width = 90


def schrijf_werkmap(
    bladen: dict[str, pd.DataFrame],
    pad: str | Path,
    *,
    beschrijvingen: Mapping[str, str] | None = None,
    afdruk: Afdruk | None = None,
) -> Path:
    """Write an Excel workbook with one sheet per table in the house format.

    The first sheet, "Inhoud", lists every sheet with its one-line description and a link.
    Every sheet prints on A4 landscape with all its columns on the page width, the header
    row repeated on each page and a footer with source, gemeente, sheet, date and page.
    Suppressed cells (marker column ``<kolom>_onderdrukt`` is true, or a missing value in a
    row marked ``is_onderdrukt``) are written as ``instellingen.SUPPRESSIE_TEKEN``; marker
    columns themselves are not written. Every text cell is stored as text, so a value that
    starts with ``=`` never becomes a formula.

    Args:
        bladen: Sheet name (max. 31 characters) → table.
        pad: Target ``.xlsx`` file.
        beschrijvingen: Sheet name → one line for the "Inhoud" sheet.
        afdruk: Footer texts (default: only the date).

    Returns:
        The path written.
    """
    from openpyxl import Workbook

    afdruk = afdruk or Afdruk()
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
        _afdrukinstelling(ws, afdruk)
    namen = [ws.title for ws in wb.worksheets]
    _schrijf_inhoud(wb, namen, {str(k)[:31]: v for k, v in (beschrijvingen or {}).items()})
    _afdrukinstelling(wb[INHOUD], afdruk)
    wb.active = 0
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    wb.save(pad)
    return pad
