"""The privacy gate: nothing is published before this scan says it is safe.

:func:`privacypoort` scans everything that is about to be published (HTML, notebooks,
xlsx, PNG metadata, SVG text) for BSN-like numbers that pass the elfproef and the workbook
and notebook tables for unsuppressed small counts of people, and lists where.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from sdanalysis import instellingen
from sdanalysis.bouw.privacy import zoek_bsn
from sdanalysis.weergave.suppressie import is_aantal_personen


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
    """Text chunks (tEXt/iTXt/zTXt) of a PNG, read with Pillow: where metadata could leak."""
    from PIL import Image

    with Image.open(pad) as beeld:
        return "\n".join(f"{k} {v}" for k, v in getattr(beeld, "text", {}).items())


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


_TEKST_EXT = (".html", ".htm", ".svg", ".csv", ".txt", ".json", ".md", ".ipynb")


def _controleer_tekstbestand(pad: Path) -> list[str]:
    ext = pad.suffix.lower()
    tekst = pad.read_text(encoding="utf-8", errors="replace")
    if ext == ".svg":
        # path data and generated ids (id="m236627971b") live in attributes;
        # what a reader sees (and metadata) are the text nodes
        tekst = re.sub(r"<[^>]*>", " ", tekst)
    if ext in (".html", ".htm", ".ipynb"):
        # embedded images are base64: digits inside them are no BSN
        tekst = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+", "", tekst)
        tekst = re.sub(r'"image/png": "[^"]*"', "", tekst)
    problemen = []
    treffers = zoek_bsn(tekst)
    if treffers:
        problemen.append(f"{pad.name}: {len(treffers)} BSN-achtig(e) getal(len) (elfproef geldig)")
    if ext == ".ipynb":
        for n, html in _html_uitvoer(pad):
            problemen += kleine_aantallen_in_html(html, f"{pad.name}, cel {n}")
    return problemen


def _controleer_werkmap(pad: Path) -> list[str]:
    problemen = []
    for blad, waarde in _tekst_uit_xlsx(pad):
        if zoek_bsn(waarde):
            problemen.append(f"{pad.name}, blad '{blad}': BSN-achtig getal in een cel")
            break
    return problemen + kleine_aantallen_in_werkmap(pad)


def _controleer_bestand(pad: Path) -> list[str]:
    ext = pad.suffix.lower()
    if ext in _TEKST_EXT:
        return _controleer_tekstbestand(pad)
    if ext == ".png":
        return (
            [f"{pad.name}: BSN-achtig getal in de PNG-metadata"]
            if zoek_bsn(_png_tekst(pad))
            else []
        )
    if ext == ".xlsx":
        return _controleer_werkmap(pad)
    return []


def privacypoort(map_: str | Path) -> list[str]:
    """Scan every file below ``map_`` before publishing; an empty list means 'safe'.

    Looks for 9-digit numbers that pass the elfproef (possible BSNs) in HTML, notebooks,
    SVG, CSV/TXT/JSON, PNG text chunks and workbook cells, and for unsuppressed small
    counts of people in workbooks and in the tables that notebooks show.

    Args:
        map_: Folder about to be published.

    Returns:
        Dutch descriptions of each problem: file, place and what was found (the number
        itself is masked).
    """
    problemen: list[str] = []
    for pad in sorted(Path(map_).rglob("*")):
        if not pad.is_file():
            continue
        try:
            problemen += _controleer_bestand(pad)
        except (OSError, zipfile.BadZipFile, ValueError, json.JSONDecodeError) as e:
            problemen.append(f"{pad.name}: kon niet worden gecontroleerd ({type(e).__name__})")
    return problemen
