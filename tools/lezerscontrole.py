"""Check a report as a reader sees it: headless Chromium renders every page.

Usage::

    python tools/lezerscontrole.py reports/latest            # index + every *_lezer.html
    python tools/lezerscontrole.py reports/latest --schermafdruk /tmp/afdrukken
    python tools/lezerscontrole.py reports/latest --streng   # ook: Kernpunten, link naar index

Each page is opened in headless Chromium at a width of 1.400 px. A small script measures the
rendered page and writes its findings into the DOM, which Chromium dumps (``--dump-dom``).
A page fails on:

- a language other than ``nl`` or an English/empty title ("Notebook");
- an image without alt text (or nbconvert's "No description has been provided");
- a table cell with raw Python/pandas output: ``<NA>``, ``NaN``, ``None``, ``True``/``False``,
  a Python list, or a number with an English decimal point such as ``15232.0``;
- a table wider than the page (its right edge beyond the window), or a page that scrolls
  sideways.

Exit code 0 when every page passes, 1 when a page fails, 2 when Chromium is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: Width of the window in CSS pixels (the issue's 1.400 px laptop screen).
BREEDTE = 1400
HOOGTE = 900

#: Titles that mean the page was never given a Dutch one.
ENGELSE_TITELS = {"", "notebook", "untitled", "report", "index"}
_ENGELSE_WOORDEN = re.compile(r"\b(the|of|and|notebook|report|untitled|overview)\b", re.I)

#: Cell texts that are raw Python/pandas output.
_RAUW = re.compile(
    r"^(<NA>|NaN|nan|None|NaT|True|False|\[.*\]|\(.*,.*\)|-?\d+\.0|-?\d+\.\d{4,}|-?\d{4,}\.\d+)$"
)

_MEETSCRIPT = """
<script>
window.addEventListener('load', function () {
  var uit = {lang: document.documentElement.lang || '', titel: document.title || '',
             breedte: document.documentElement.clientWidth,
             scrollbreedte: document.documentElement.scrollWidth,
             plaatjes: [], tabellen: [],
             kernpunten: !!document.querySelector('.sd-kernpunten'),
             naar_index: !!document.querySelector('nav a[href="index.html"]')};
  document.querySelectorAll('img').forEach(function (img, i) {
    uit.plaatjes.push({nr: i + 1, alt: img.getAttribute('alt')});
  });
  document.querySelectorAll('table').forEach(function (t, i) {
    var r = t.getBoundingClientRect();
    var cellen = [];
    t.querySelectorAll('td, th').forEach(function (c) {
      cellen.push(c.innerText.trim());
    });
    uit.tabellen.push({nr: i + 1, rechts: r.right, breedte: r.width, cellen: cellen});
  });
  var pre = document.createElement('pre');
  pre.id = 'sd-lezerscontrole';
  pre.textContent = JSON.stringify(uit);
  document.body.appendChild(pre);
});
</script>
"""


def chromium() -> str | None:
    """Path of a Chromium/Chrome binary, or ``None``."""
    for naam in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        pad = shutil.which(naam)
        if pad:
            return pad
    return None


def _chromium_args(binair: str, *extra: str) -> list[str]:
    return [
        binair,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        f"--window-size={BREEDTE},{HOOGTE}",
        *extra,
    ]


def meet_pagina(pad: Path, binair: str, timeout: int = 60) -> dict:
    """Render ``pad`` in headless Chromium and return what the measuring script saw."""
    html = pad.read_text(encoding="utf-8")
    plek = html.lower().rfind("</body>")
    html = html[:plek] + _MEETSCRIPT + html[plek:] if plek >= 0 else html + _MEETSCRIPT
    with tempfile.TemporaryDirectory(prefix="sd-lezer-") as tmp:
        kopie = pad.parent / f".controle-{pad.name}"
        kopie.write_text(html, encoding="utf-8")
        try:
            uit = subprocess.run(
                _chromium_args(binair, f"--user-data-dir={tmp}", "--dump-dom", kopie.as_uri()),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        finally:
            kopie.unlink(missing_ok=True)
    m = re.search(r'<pre id="sd-lezerscontrole">(.*?)</pre>', uit.stdout, re.S)
    if not m:
        raise RuntimeError(f"{pad.name}: Chromium gaf geen meting terug ({uit.stderr[-300:]})")
    return json.loads(_ontsnap(m.group(1)))


def _ontsnap(tekst: str) -> str:
    return (
        tekst.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def beoordeel_streng(meting: dict, naam: str) -> list[str]:
    """Extra checks of a reader's page: a "Kernpunten" block and a link to the index.

    >>> beoordeel_streng({"kernpunten": False, "naar_index": True}, "01_a_lezer.html")
    ['01_a_lezer.html: geen blok Kernpunten bovenaan']
    """
    problemen = []
    if not meting.get("kernpunten"):
        problemen.append(f"{naam}: geen blok Kernpunten bovenaan")
    if not meting.get("naar_index"):
        problemen.append(f"{naam}: geen link terug naar het overzicht")
    return problemen


def beoordeel(meting: dict, naam: str) -> list[str]:
    """Dutch problems found in one page's measurement (empty: the page passes).

    >>> goed = {"lang": "nl", "titel": "Volumes", "breedte": 1400, "scrollbreedte": 1400,
    ...         "plaatjes": [{"nr": 1, "alt": "Grafiek: Volumes"}],
    ...         "tabellen": [{"nr": 1, "rechts": 900, "breedte": 800, "cellen": ["1.234", "–"]}]}
    >>> beoordeel(goed, "p.html")
    []
    >>> slecht = {"lang": "en", "titel": "Notebook", "breedte": 1400, "scrollbreedte": 1720,
    ...           "plaatjes": [{"nr": 1, "alt": None}],
    ...           "tabellen": [{"nr": 1, "rechts": 1720, "breedte": 1720,
    ...                         "cellen": ["<NA>", "True", "15232.0", "['a']"]}]}
    >>> len(beoordeel(slecht, "p.html"))  # taal, titel, alt, ruwe waarden, tabel, pagina
    6
    """
    problemen = []
    if not str(meting.get("lang", "")).lower().startswith("nl"):
        problemen.append(f"{naam}: taal van de pagina is {meting.get('lang')!r}, niet 'nl'")
    titel = str(meting.get("titel", "")).strip()
    if titel.lower() in ENGELSE_TITELS or _ENGELSE_WOORDEN.search(titel):
        problemen.append(f"{naam}: titel {titel!r} is leeg of Engels")
    for p in meting.get("plaatjes", []):
        alt = (p.get("alt") or "").strip()
        if not alt or alt.startswith("No description"):
            problemen.append(f"{naam}: afbeelding {p['nr']} heeft geen alt-tekst")
    breedte = meting.get("breedte", BREEDTE)
    for t in meting.get("tabellen", []):
        rauw = sorted({c for c in t.get("cellen", []) if _RAUW.match(c)})
        if rauw:
            problemen.append(f"{naam}: tabel {t['nr']} toont ruwe waarden: {', '.join(rauw[:5])}")
        if t.get("rechts", 0) > breedte + 1:
            problemen.append(
                f"{naam}: tabel {t['nr']} is {t['breedte']:.0f} px breed en valt buiten de "
                f"pagina van {breedte} px"
            )
    if meting.get("scrollbreedte", 0) > breedte + 1:
        problemen.append(
            f"{naam}: pagina schuift zijwaarts ({meting['scrollbreedte']} px bij {breedte} px)"
        )
    return problemen


def schermafdruk(pad: Path, doel: Path, binair: str, timeout: int = 60) -> Path:
    """A screenshot of the page as a reader sees it (first 1.400 × 900 px)."""
    with tempfile.TemporaryDirectory(prefix="sd-lezer-") as tmp:
        subprocess.run(
            _chromium_args(binair, f"--user-data-dir={tmp}", f"--screenshot={doel}", pad.as_uri()),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    return doel


def paginas(map_: Path) -> list[Path]:
    """The pages a reader opens: ``index.html`` and every ``*_lezer.html``."""
    index = [map_ / "index.html"] if (map_ / "index.html").exists() else []
    return index + sorted(map_.glob("*_lezer.html"))


def controleer(map_: Path, afdrukken: Path | None = None, streng: bool = False) -> list[str]:
    """All problems of the report in ``map_`` (empty: every page passes).

    With ``streng`` every reader's page must also open with a "Kernpunten" block and link
    back to the index.

    Raises:
        FileNotFoundError: When no Chromium is installed.
    """
    binair = chromium()
    if binair is None:
        raise FileNotFoundError("geen Chromium gevonden (chromium, chromium-browser, chrome)")
    problemen = []
    for pad in paginas(map_):
        meting = meet_pagina(pad, binair)
        problemen += beoordeel(meting, pad.name)
        if streng and pad.name.endswith("_lezer.html"):
            problemen += beoordeel_streng(meting, pad.name)
        if afdrukken is not None:
            afdrukken.mkdir(parents=True, exist_ok=True)
            schermafdruk(pad, afdrukken.resolve() / f"{pad.stem}.png", binair)
    return problemen


def main(argv: list[str] | None = None) -> int:
    """Command line: check a report folder, print the problems in Dutch."""
    parser = argparse.ArgumentParser(
        prog="lezerscontrole",
        description="Controleer een rapport zoals een lezer het ziet (headless Chromium).",
    )
    parser.add_argument("map", type=Path, help="rapportmap met index.html en *_lezer.html")
    parser.add_argument("--schermafdruk", type=Path, metavar="MAP", help="bewaar schermafdrukken")
    parser.add_argument(
        "--streng", action="store_true", help="eis ook Kernpunten en een link naar het overzicht"
    )
    args = parser.parse_args(argv)
    try:
        problemen = controleer(args.map, args.schermafdruk, args.streng)
    except FileNotFoundError as e:
        print(f"Niet gecontroleerd: {e}", file=sys.stderr)
        return 2
    for p in problemen:
        print(p)
    n = len(paginas(args.map))
    print(f"{n} pagina('s) gecontroleerd, {len(problemen)} probleem/problemen.")
    return 1 if problemen else 0


if __name__ == "__main__":
    sys.exit(main())
