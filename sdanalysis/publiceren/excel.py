"""Publishing: the Excel workbook for the controller and the privacy gate.

:func:`schrijf_werkmap` writes one sheet per table with real number cells (Dutch euro,
percentage and count formats), a bold frozen header row, an auto-filter and sensible
column widths; suppressed cells show the suppression sign, never a number.
:func:`privacypoort` scans everything that is about to be published (HTML, notebooks,
xlsx, PNG/SVG metadata) for BSN-like numbers that pass the elfproef and the workbook for
unsuppressed small counts, and lists where.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.bouw.privacy import zoek_bsn
from sdanalysis.weergave.suppressie import is_aantal_personen

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


def schrijf_werkmap(bladen: dict[str, pd.DataFrame], pad: str | Path) -> Path:
    """Write an Excel workbook with one sheet per table in the house format.

    Suppressed cells (marker column ``<kolom>_onderdrukt`` is true) are written as
    ``instellingen.SUPPRESSIE_TEKEN``; marker columns themselves are not written.

    Args:
        bladen: Sheet name (max. 31 characters) → table.
        pad: Target ``.xlsx`` file.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    kop_vulling = PatternFill("solid", fgColor="DCE6F1")
    for naam, df in bladen.items():
        ws = wb.create_sheet(title=str(naam)[:31])
        markers = {c[: -len(MARKER_SUFFIX)]: df[c] for c in df.columns if c.endswith(MARKER_SUFFIX)}
        kolommen = [c for c in df.columns if not c.endswith(MARKER_SUFFIX) and c != MARKER_KOLOM]
        ws.append(kolommen)
        for cel in ws[1]:
            cel.font = Font(bold=True)
            cel.fill = kop_vulling
            cel.alignment = Alignment(wrap_text=True, vertical="top")
        soorten = {k: kolomsoort(k, df[k]) for k in kolommen}
        waarden = {k: df[k].tolist() for k in kolommen}
        onderdrukt = {
            k: markers[k].fillna(False).astype(bool).tolist() for k in markers if k in soorten
        }
        for i in range(len(df)):
            rij = []
            for k in kolommen:
                if k in onderdrukt and onderdrukt[k][i]:
                    rij.append(instellingen.SUPPRESSIE_TEKEN)
                    continue
                v = waarden[k][i]
                if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
                    rij.append(None)
                elif isinstance(v, np.generic):
                    rij.append(v.item())
                elif isinstance(v, pd.Timestamp):
                    rij.append(v.to_pydatetime())
                elif isinstance(v, pd.Period):
                    rij.append(str(v))
                else:
                    rij.append(v if isinstance(v, int | float | str | bool) else str(v))
            ws.append(rij)
        formaat = {
            "euro": FORMAAT_EURO,
            "procent": FORMAAT_PROCENT,
            "aantal": FORMAAT_AANTAL,
            "getal": FORMAAT_GETAL,
            "datum": FORMAAT_DATUM,
            "jaar": "0",
        }
        for j, k in enumerate(kolommen, start=1):
            letter = get_column_letter(j)
            f = formaat.get(soorten[k])
            if f:
                for (cel,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    if not isinstance(cel.value, str):
                        cel.number_format = f
                    else:
                        cel.alignment = Alignment(horizontal="right")
            ws.column_dimensions[letter].width = (
                _breedte(df, k) if soorten[k] == "tekst" else max(12, len(k) + 2)
            )
        ws.freeze_panes = "A2"
        if kolommen:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{max(1, len(df) + 1)}"
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    wb.save(pad)
    return pad


# --------------------------------------------------------------------------- privacy gate


def _tekst_uit_xlsx(pad: Path) -> Iterable[tuple[str, str]]:
    from openpyxl import load_workbook

    wb = load_workbook(pad, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for rij in ws.iter_rows(values_only=True):
                for v in rij:
                    if v is None:
                        continue
                    if isinstance(v, float):
                        if not v.is_integer():
                            continue  # a BSN is never a fraction
                        v = int(v)
                    yield ws.title, str(v)
    finally:
        wb.close()


def _png_tekst(pad: Path) -> str:
    """Text chunks (tEXt/iTXt/zTXt) of a PNG: where metadata could leak."""
    import zlib

    data = pad.read_bytes()
    uit, i = [], 8
    while i + 8 <= len(data):
        lengte = int.from_bytes(data[i : i + 4], "big")
        soort = data[i + 4 : i + 8]
        inhoud = data[i + 8 : i + 8 + lengte]
        if soort in (b"tEXt", b"iTXt"):
            uit.append(inhoud.decode("latin-1", "replace"))
        elif soort == b"zTXt":
            try:
                uit.append(
                    zlib.decompress(inhoud.split(b"\x00", 2)[-1][1:]).decode("latin-1", "replace")
                )
            except zlib.error:
                pass
        i += 12 + lengte
    return "\n".join(uit)


def kleine_aantallen_in_werkmap(pad: Path, drempel: int | None = None) -> list[str]:
    """Unsuppressed counts of people (1 .. drempel-1) in a published workbook."""
    from openpyxl import load_workbook

    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else drempel
    problemen = []
    wb = load_workbook(pad, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            rijen = ws.iter_rows(values_only=True)
            kop = next(rijen, None)
            if not kop:
                continue
            posities = [j for j, k in enumerate(kop) if k and is_aantal_personen(str(k))]
            if not posities:
                continue
            for i, rij in enumerate(rijen, start=2):
                for j in posities:
                    v = rij[j] if j < len(rij) else None
                    if isinstance(v, int | float) and 0 < v < d:
                        problemen.append(
                            f"{pad.name}, blad '{ws.title}', rij {i}, kolom '{kop[j]}': "
                            f"aantal {v:g} onder de drempel {d} niet onderdrukt"
                        )
    finally:
        wb.close()
    return problemen


def kleine_aantallen_in_html(html: str, waar: str, drempel: int | None = None) -> list[str]:
    """Unsuppressed counts of people (1 .. drempel-1) in the HTML tables of an output.

    A column counts people when its header matches :func:`is_aantal_personen`; cells
    shown as the suppression sign are fine.

    >>> t = ("<table><thead><tr><th></th><th>categorie</th><th>aantal_clienten</th></tr></thead>"
    ...      "<tbody><tr><th>0</th><td>A</td><td>7</td></tr><tr><th>1</th><td>B</td><td>.</td></tr>"
    ...      "</tbody></table>")
    >>> kleine_aantallen_in_html(t, "nb.ipynb")
    ["nb.ipynb, tabel 1, rij 1, kolom 'aantal_clienten': aantal 7 onder de drempel 10 niet onderdrukt"]
    """
    from bs4 import BeautifulSoup

    from sdanalysis.bouw.getallen import parse_getal

    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else drempel
    problemen = []
    for t, tabel in enumerate(BeautifulSoup(html, "html.parser").find_all("table"), start=1):
        rijen = tabel.find_all("tr")
        koppen = [r for r in rijen if r.find("th") and not r.find("td")]
        if not koppen:
            continue
        kop = [c.get_text(strip=True) for c in koppen[-1].find_all(["th", "td"])]
        posities = [j for j, k in enumerate(kop) if k and is_aantal_personen(k)]
        if not posities:
            continue
        for i, rij in enumerate((r for r in rijen if r.find("td")), start=1):
            cellen = [c.get_text(strip=True) for c in rij.find_all(["th", "td"])]
            for j in posities:
                if j >= len(cellen):
                    continue
                waarde, _ = parse_getal(cellen[j])
                if waarde is not None and 0 < waarde < d:
                    problemen.append(
                        f"{waar}, tabel {t}, rij {i}, kolom '{kop[j]}': "
                        f"aantal {waarde:g} onder de drempel {d} niet onderdrukt"
                    )
    return problemen


def _html_uitvoer(pad: Path) -> Iterable[tuple[int, str]]:
    """(cell number, HTML) of every rich output of a notebook."""
    nb = json.loads(pad.read_text(encoding="utf-8"))
    for n, cel in enumerate(nb.get("cells", []), start=1):
        for o in cel.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html:
                yield n, html if isinstance(html, str) else "".join(html)


def privacypoort(map_: str | Path) -> list[str]:
    """Scan every file below ``map_`` before publishing; an empty list means 'safe'.

    Looks for 9-digit numbers that pass the elfproef (possible BSNs) in HTML, notebooks,
    SVG, CSV/TXT/JSON, PNG text chunks and workbook cells, and for unsuppressed small
    counts of people in workbooks and in the tables that notebooks show.

    Returns:
        Dutch descriptions of each problem: file, place and what was found (the number
        itself is masked).
    """
    problemen: list[str] = []
    for pad in sorted(Path(map_).rglob("*")):
        if not pad.is_file():
            continue
        ext = pad.suffix.lower()
        try:
            if ext in (".html", ".htm", ".svg", ".csv", ".txt", ".json", ".md", ".ipynb"):
                tekst = pad.read_text(encoding="utf-8", errors="replace")
                if ext == ".svg":
                    # path data and generated ids (id="m236627971b") live in attributes;
                    # what a reader sees (and metadata) are the text nodes
                    tekst = re.sub(r"<[^>]*>", " ", tekst)
                if ext in (".html", ".htm", ".ipynb"):
                    # embedded images are base64: digits inside them are no BSN
                    tekst = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+", "", tekst)
                    tekst = re.sub(r'"image/png": "[^"]*"', "", tekst)
                treffers = zoek_bsn(tekst)
                if treffers:
                    problemen.append(
                        f"{pad.name}: {len(treffers)} BSN-achtig(e) getal(len) (elfproef geldig)"
                    )
                if ext == ".ipynb":
                    for n, html in _html_uitvoer(pad):
                        problemen += kleine_aantallen_in_html(html, f"{pad.name}, cel {n}")
            elif ext == ".png":
                if zoek_bsn(_png_tekst(pad)):
                    problemen.append(f"{pad.name}: BSN-achtig getal in de PNG-metadata")
            elif ext == ".xlsx":
                for blad, waarde in _tekst_uit_xlsx(pad):
                    if zoek_bsn(waarde):
                        problemen.append(f"{pad.name}, blad '{blad}': BSN-achtig getal in een cel")
                        break
                problemen += kleine_aantallen_in_werkmap(pad)
        except (OSError, zipfile.BadZipFile, ValueError, json.JSONDecodeError) as e:
            problemen.append(f"{pad.name}: kon niet worden gecontroleerd ({type(e).__name__})")
    return problemen
