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
from sdanalysis.bouw.privacy import maskeer_bsn, zoek_bsn
from sdanalysis.weergave.suppressie import is_aantal_personen


def _is_bedragkolom(kop: object) -> bool:
    """A column of amounts in euro: its numbers are amounts, never a BSN."""
    return str(kop or "").strip().lower().endswith("_eur")


def _bsn_in_werkmapcel(kop: object, v: object) -> bool:
    """Whether one workbook cell holds a BSN-like number (the column header gives context)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        if isinstance(v, float) and not v.is_integer():
            return False  # a BSN is never a fraction
        if _is_bedragkolom(kop):
            return False
        v = int(v)
    return bool(zoek_bsn(str(v), acht_cijfers="agb" not in str(kop or "").lower()))


def _bsn_in_werkmap(pad: Path) -> Iterable[str]:
    """Where a workbook holds BSN-like numbers: sheet names, headers and cells (masked)."""
    from openpyxl import load_workbook

    wb = load_workbook(pad, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            if zoek_bsn(ws.title):
                yield f"{pad.name}: BSN-achtig getal in een bladnaam"
            kop: tuple = ()
            for i, rij in enumerate(ws.iter_rows(values_only=True), start=1):
                if i == 1:
                    kop = rij
                for j, v in enumerate(rij):
                    if v is None:
                        continue
                    k = kop[j] if i > 1 and j < len(kop) else None
                    if _bsn_in_werkmapcel(k, v):
                        yield (
                            f"{pad.name}, blad '{maskeer_bsn(ws.title)}', rij {i}, "
                            f"kolom {j + 1}: BSN-achtig getal in een cel"
                        )
    finally:
        wb.close()


def _png_tekst(pad: Path) -> str:
    """Text chunks (tEXt/iTXt/zTXt) of a PNG, read with Pillow: where metadata could leak.

    Raises:
        PIL.Image.DecompressionBombError: the image is far larger than any chart.
    """
    from PIL import Image

    with Image.open(pad) as beeld:
        return "\n".join(f"{k} {v}" for k, v in getattr(beeld, "text", {}).items())


def _controleer_png(pad: Path) -> list[str]:
    from PIL import Image

    try:
        tekst = _png_tekst(pad)
    except Image.DecompressionBombError:
        return [
            f"{maskeer_bsn(pad.name)}: afbeelding is te groot om te controleren "
            "(mogelijk een decompressiebom); niet gepubliceerd"
        ]
    return (
        [f"{maskeer_bsn(pad.name)}: BSN-achtig getal in de PNG-metadata"] if zoek_bsn(tekst) else []
    )


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
                    if isinstance(v, int | float) and 0 < abs(v) < d:
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
                if waarde is not None and 0 < abs(waarde) < d:
                    problemen.append(
                        f"{waar}, tabel {t}, rij {i}, kolom '{kop[j]}': "
                        f"aantal {waarde:g} onder de drempel {d} niet onderdrukt"
                    )
    return problemen


def _agb_waarden(html: str) -> set[str]:
    """8-digit codes in table columns headed AGB, as the detector writes them (9 digits).

    An AGB code has 8 digits, like a BSN that lost its leading zero; in a column that says
    it holds AGB codes only a 9-digit number counts (as in the workbook).

    >>> _agb_waarden("<table><tr><th>AGB-code aanbieder</th><th>n</th></tr>"
    ...              "<tr><td>75065769</td><td>12</td></tr></table>")
    {'075065769'}
    """
    from bs4 import BeautifulSoup

    uit: set[str] = set()
    for tabel in BeautifulSoup(html, "html.parser").find_all("table"):
        rijen = tabel.find_all("tr")
        koppen = [r for r in rijen if r.find("th") and not r.find("td")]
        if not koppen:
            continue
        kop = [c.get_text(strip=True).lower() for c in koppen[-1].find_all(["th", "td"])]
        posities = [j for j, k in enumerate(kop) if "agb" in k]
        for rij in (r for r in rijen if r.find("td")):
            cellen = [c.get_text(strip=True) for c in rij.find_all(["th", "td"])]
            uit |= {
                cellen[j].zfill(9)
                for j in posities
                if j < len(cellen) and re.fullmatch(r"\d{8}", cellen[j])
            }
    return uit


def _html_uitvoer(pad: Path) -> Iterable[tuple[int, str]]:
    """(cell number, HTML) of every rich output of a notebook."""
    nb = json.loads(pad.read_text(encoding="utf-8"))
    for n, cel in enumerate(nb.get("cells", []), start=1):
        for o in cel.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html:
                yield n, html if isinstance(html, str) else "".join(html)


_TEKST_EXT = (".html", ".htm", ".svg", ".csv", ".txt", ".json", ".md", ".ipynb")


def _omgeving(tekst: str, treffer: str, breedte: int = 40) -> str:
    """Where a hit stands: the text around it with every digit replaced by ``#``.

    So a controller finds the spot (a table, a caption, a path) without the number itself
    or a part of another one that the window cuts.

    >>> _omgeving("<td>Zorg 123456782 BV</td><td>x</td>", "123456782")
    "'<td>Zorg ######### BV</td><td>x</td>'"
    """
    from sdanalysis.bouw.privacy import _treffers

    plek = next((s for s, _e, c in _treffers(tekst) if c == treffer), 0)
    stuk = tekst[max(0, plek - breedte) : plek + breedte].replace("\n", " ")
    return repr(re.sub(r"[0-9]", "#", stuk))  # no digit of any number leaves, cut or not


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
    if treffers and ext in (".html", ".htm", ".ipynb"):
        htmls = [h for _, h in _html_uitvoer(pad)] if ext == ".ipynb" else [tekst]
        agb = set().union(*(_agb_waarden(h) for h in htmls)) if htmls else set()
        treffers = [t for t in treffers if t not in agb]
    if treffers:
        problemen.append(
            f"{maskeer_bsn(pad.name)}: {len(treffers)} BSN-achtig(e) getal(len) (elfproef geldig)"
            f"; bij: {_omgeving(tekst, treffers[0])}"
        )
    if ext == ".ipynb":
        for n, html in _html_uitvoer(pad):
            problemen += kleine_aantallen_in_html(html, f"{pad.name}, cel {n}")
    return problemen


def _controleer_werkmap(pad: Path) -> list[str]:
    return list(_bsn_in_werkmap(pad)) + kleine_aantallen_in_werkmap(pad)


def _controleer_bestand(pad: Path) -> list[str]:
    ext = pad.suffix.lower()
    problemen = (
        [f"{maskeer_bsn(pad.name)}: BSN-achtig getal in de bestandsnaam"]
        if zoek_bsn(pad.name)
        else []
    )
    if ext in _TEKST_EXT:
        return problemen + _controleer_tekstbestand(pad)
    if ext == ".png":
        return problemen + _controleer_png(pad)
    if ext == ".xlsx":
        return problemen + _controleer_werkmap(pad)
    return problemen


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
            problemen.append(
                f"{maskeer_bsn(pad.name)}: kon niet worden gecontroleerd ({type(e).__name__})"
            )
    return problemen


def auditproblemen(audit) -> list[str]:
    """Dutch refusal lines for the unsafe cells of a publication audit, BSN-like text masked.

    Args:
        audit: Output of :func:`sdanalysis.publiceren.audit.audit_publicatie`.

    Returns:
        One line per unsafe cell (table, row key, column and why); empty when safe.

    >>> import pandas as pd
    >>> a = pd.DataFrame({"cel": ["werkmap, blad X | jaar=2022 | aantal_wacht"],
    ...                   "veilig": [False], "reden": ["precies terug te rekenen"]})
    >>> auditproblemen(a)[0].split(": ", 1)
    ['onderdrukte cel terug te rekenen', 'werkmap, blad X | jaar=2022 | aantal_wacht (precies terug te rekenen)']
    """
    regels = []
    for r in audit.itertuples():
        if r.veilig:
            continue
        soort = (
            "klein aantal gepubliceerd"
            if str(r.reden).startswith("gepubliceerd aantal")
            else "onderdrukte cel terug te rekenen"
        )
        regels.append(f"{soort}: {maskeer_bsn(str(r.cel))} ({maskeer_bsn(str(r.reden))})")
    return regels
