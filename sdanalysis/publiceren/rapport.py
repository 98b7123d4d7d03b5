"""`sdanalysis report`: raw exports → executed notebooks, HTML, charts and an Excel workbook.

Steps, each shown with the elapsed time:

1. build a processed folder of the report's own (``<reports>/.verwerkt-<datum>``) from the
   raw folders, so ``data/processed`` is left alone and figures never mix gemeenten;
2. execute every notebook, cleared of old outputs, with its parameters through one channel
   (papermill style: a cell with the values of :func:`notebook_parameters` is inserted
   after the cell tagged ``parameters``);
3. export each notebook to HTML twice (``*_lezer.html`` without code for readers,
   ``*_analist.html`` with code), every chart as PNG (200 dpi) and SVG, an ``index.html``;
4. write ``sdanalysis_<datum>.xlsx`` with one sheet per analysis table;
5. the privacy gate scans all of it; only when it passes is the folder published as
   ``reports/<datum>/`` with ``reports/latest`` pointing at it.

A failing notebook gets a page that says it failed, where and why, and shows nothing else;
the others are still written, and the command exits non-zero.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import logging
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdanalysis import instellingen
from sdanalysis.instellingen import Instellingen

logger = logging.getLogger(__name__)

PARAMETER_TAG = "parameters"
#: Id of the inserted parameter cell. nbformat gives a new cell 8 random hexadecimal
#: characters; in 0,21 % of runs (measured: 420 of 200.000) they form a BSN-like number, the HTML
#: carries them (``id="cell-id=..."``) and the privacy gate rightly refused the report.
INGEVOEGD_ID = "ingevoegde-parameters"


@dataclass
class NotebookUitkomst:
    """Result of executing one notebook."""

    naam: str
    gelukt: bool
    seconden: float
    fout: str | None = None
    samenvatting: str = ""
    figuren: list[str] = field(default_factory=list)
    titel: str = ""
    kerncijfer: str = ""


@dataclass
class RapportUitkomst:
    """Result of a report run."""

    map: Path | None
    notebooks: list[NotebookUitkomst]
    werkmap: Path | None
    privacyproblemen: list[str]
    seconden: float

    @property
    def gelukt(self) -> bool:
        """Every notebook ran, the gate passed and the report was published."""
        return (
            all(n.gelukt for n in self.notebooks)
            and not self.privacyproblemen
            and self.map is not None
        )


def _parametercel(parameters: dict) -> str:
    regels = ["# Parameters ingevoegd door `sdanalysis report`"]
    regels += [f"{k} = {v!r}" for k, v in parameters.items()]
    return "\n".join(regels)


def injecteer_parameters(nb, parameters: dict):
    """Insert a cell with ``parameters`` after the cell tagged ``parameters`` (or first).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("X = 1", metadata={"tags": ["parameters"]}),
    ...             nbformat.v4.new_code_cell("print(X)")]
    >>> nb2 = injecteer_parameters(nb, {"X": 2})
    >>> [c.source.splitlines()[-1] for c in nb2.cells]
    ['X = 1', 'X = 2', 'print(X)']
    >>> len(nb.cells)
    2
    >>> nb2.cells[1].id  # fixed: a random id of 8 digits can look like a BSN in the HTML
    'ingevoegde-parameters'
    """
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    cel = nbformat.v4.new_code_cell(
        _parametercel(parameters),
        metadata={"tags": ["injected-parameters"]},
        id=INGEVOEGD_ID,
    )
    plek = 0
    for i, c in enumerate(nb.cells):
        if PARAMETER_TAG in c.get("metadata", {}).get("tags", []):
            plek = i + 1
            break
    nb.cells.insert(plek, cel)
    return nb


def wis_uitvoer(nb):
    """The notebook with every output and execution count removed (a new object).

    Executing starts from a clean notebook, so nothing of an earlier run can appear below
    an error.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("1", outputs=[{"output_type": "stream",
    ...             "name": "stdout", "text": "oud"}], execution_count=3)]
    >>> schoon = wis_uitvoer(nb)
    >>> schoon.cells[0].outputs, schoon.cells[0].execution_count, len(nb.cells[0].outputs)
    ([], None, 1)
    """
    import copy

    nb = copy.deepcopy(nb)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    return nb


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PAD = re.compile(r"(?:[A-Za-z]:)?(?:/[\w.\-]+){2,}/?")


def foutmelding(tekst: str, cel: int | None) -> str:
    r"""A Dutch one-line reason for a failed notebook: no ANSI codes, no server paths.

    Args:
        tekst: The error text as the kernel gave it.
        cel: Number of the failing code cell in the notebook as committed, if known.

    Returns:
        ``cel N: <last line of the error>`` with paths reduced to file names.

    >>> foutmelding("\x1b[31mKeyError\x1b[0m: '/srv/data/x/toewijzingen.parquet'", 4)
    "cel 4: KeyError: '…/toewijzingen.parquet'"
    """
    schoon = _ANSI.sub("", tekst).strip()
    laatste = schoon.splitlines()[-1] if schoon else "onbekende fout"
    laatste = _PAD.sub(lambda m: "…/" + m.group(0).rstrip("/").rsplit("/", 1)[-1], laatste)
    return f"cel {cel}: {laatste}" if cel is not None else laatste


def schrijf_foutpagina(doelmap: Path, stam: str, fout: str) -> None:
    """Reader and analyst page of a failed notebook: that it failed, where and why; nothing else.

    Args:
        doelmap: Report folder.
        stam: Notebook name without extension.
        fout: Output of :func:`foutmelding`.
    """
    inhoud = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{html.escape(stam)}: mislukt</title></head><body>"
        f"<h1>{html.escape(stam)}: niet uitgevoerd</h1>"
        "<p>Dit onderdeel is mislukt. Er worden geen resultaten getoond, ook geen eerdere.</p>"
        f"<p>Waar en waarom: {html.escape(fout)}</p>"
        '<p><a href="index.html">Terug naar het overzicht</a></p></body></html>'
    )
    for soort in ("lezer", "analist"):
        (doelmap / f"{stam}_{soort}.html").write_text(inhoud, encoding="utf-8")


_NADRUK = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ZINSEINDE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9\"'(])")


def platte_tekst(markdown: str) -> str:
    """Markdown of one paragraph as plain text: no emphasis marks, links, code ticks.

    >>> platte_tekst("Er gaat **niets** verloren: *gelezen* = `a*b*c`, zie [docs](x.md).")
    'Er gaat niets verloren: gelezen = a*b*c, zie docs.'
    """
    tekst = _LINK.sub(r"\1", " ".join(markdown.split()))
    delen = _CODE.split(tekst)  # odd parts were code: keep as they are
    for i in range(0, len(delen), 2):
        for _ in range(2):  # nested emphasis
            delen[i] = _NADRUK.sub(r"\2", delen[i])
    return "".join(delen)


def eerste_zin(alinea: str) -> str:
    """The first whole sentence of a paragraph (abbreviations like "i.s.m." do not end it).

    >>> eerste_zin("Hoeveel cliënten zijn er? Dit notebook telt het.")
    'Hoeveel cliënten zijn er?'
    >>> eerste_zin("Overleg i.s.m. de regio volgt. Daarna meer.")
    'Overleg i.s.m. de regio volgt.'
    >>> eerste_zin("Geen punt aan het eind")
    'Geen punt aan het eind'
    """
    return _ZINSEINDE.split(alinea.strip(), maxsplit=1)[0]


def titel_en_samenvatting(nb) -> tuple[str, str]:
    r"""Title (first heading) and one-line summary of a notebook.

    The summary is the first whole sentence of the first prose paragraph of the first
    Markdown cell, as plain text; a paragraph that is only an audience note in italics
    (``*Voor de raad.*``) is skipped.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell(
    ...     "# Aanbieders\n\n*Voor de raad.*\n\nWie levert **welke** zorg, en tegen\n"
    ...     "welke prijs? Dit notebook telt het.")]
    >>> titel_en_samenvatting(nb)
    ('Aanbieders', 'Wie levert welke zorg, en tegen welke prijs?')
    """
    for c in nb.cells:
        if c.cell_type != "markdown" or not c.source.strip():
            continue
        alineas = [a.strip() for a in re.split(r"\n\s*\n", c.source) if a.strip()]
        titel = alineas[0].lstrip("#").strip() if alineas[0].startswith("#") else ""
        for alinea in alineas[1:] if titel else alineas:
            if alinea.startswith(("#", "-", "*", "1.", "|", ">")) and not _is_zin(alinea):
                continue
            return platte_tekst(titel), eerste_zin(platte_tekst(alinea))
        return platte_tekst(titel), ""
    return "", ""


def _is_zin(alinea: str) -> bool:
    """A paragraph of prose that starts with emphasis, not an italic note or a list."""
    if alinea.startswith("*") and not alinea.startswith(("* ", "**")):
        return not re.fullmatch(r"\*[^*]+\*", alinea)  # wholly italic: audience note
    return alinea.startswith("**")


def _samenvatting(nb) -> str:
    """Title and summary in one line (``titel: zin``)."""
    titel, zin = titel_en_samenvatting(nb)
    return f"{titel}: {zin}" if titel and zin else titel or zin


INIT_CODE = (
    "import matplotlib\n"
    "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
    "from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
    "set_matplotlib_formats('png', 'svg', dpi=200, bbox_inches='tight')\n"
    "from sdanalysis.publiceren.rapport import registreer_alt_teksten\n"
    "registreer_alt_teksten()\n"
    "from sdanalysis.weergave.tabellen import registreer_weergave\n"
    "registreer_weergave()\n"
)


def init_code(publicatiemap: Path | None = None, bron: str = "") -> str:
    """The hidden first cell of a report notebook: :data:`INIT_CODE` plus the registry.

    With ``publicatiemap`` every table and chart frame the notebook shows is written there
    (see :mod:`sdanalysis.weergave.publicatie`), so the report can audit the suppression
    over the whole publication.

    >>> "SDANALYSIS_PUBLICATIE_MAP" in init_code(Path("/tmp/p"), "02_volumes")
    True
    >>> init_code() == INIT_CODE
    True
    """
    if publicatiemap is None:
        return INIT_CODE
    from sdanalysis.weergave.publicatie import PUBLICATIE_BRON_VAR, PUBLICATIE_MAP_VAR

    return (
        INIT_CODE
        + "import os\n"
        + f"os.environ[{PUBLICATIE_MAP_VAR!r}] = {str(publicatiemap)!r}\n"
        + f"os.environ[{PUBLICATIE_BRON_VAR!r}] = {('notebook ' + bron)!r}\n"
    )


def figuurbeschrijving(fig) -> str:
    """Alt text of a chart: ``Grafiek: `` and its titles (figure and every panel).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Cliënten per jaar", loc="left")
    >>> figuurbeschrijving(fig)
    'Grafiek: Cliënten per jaar'
    >>> plt.close(fig)
    """
    titels = []
    boven = getattr(fig, "_suptitle", None)
    if boven is not None and boven.get_text().strip():
        titels.append(boven.get_text().strip())
    for ax in fig.axes:
        for plek in ("left", "center", "right"):
            t = ax.get_title(loc=plek).strip()
            if t:
                titels.append(t)
    titels = list(dict.fromkeys(" ".join(t.split()) for t in titels))
    return "Grafiek: " + "; ".join(titels[:4]) if titels else ""


def registreer_alt_teksten(shell=None) -> None:
    """Let every PNG of a matplotlib figure carry its alt text in the output metadata.

    Runs inside the kernel (see :data:`INIT_CODE`). The wrapper is put back before every
    cell, because ``%matplotlib inline`` re-registers the figure formatters.
    """
    from IPython import get_ipython
    from matplotlib.figure import Figure

    shell = shell or get_ipython()
    if shell is None:
        return

    def zet(*_args: object) -> None:
        fmt = shell.display_formatter.formatters["image/png"]
        try:
            oud = fmt.lookup_by_type(Figure)
        except KeyError:
            return
        if getattr(oud, "_sd_alt", False):
            return

        def met_alt(fig):
            data = oud(fig)
            beschrijving = figuurbeschrijving(fig)
            return (data, {"alt": beschrijving}) if data and beschrijving else data

        met_alt._sd_alt = True  # type: ignore[attr-defined]
        fmt.for_type(Figure, met_alt)

    zet()
    shell.events.register("pre_run_cell", zet)


_KERNELWAARSCHUWING = re.compile(
    r"^.*\[IPKernelApp\] WARNING \| Kernel is running over TCP.*$\n?", re.M
)


def _kernelbeheer(map_: Path):
    """A kernel manager on IPC sockets in ``map_``: no open TCP ports, no warning about them."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3", transport="ipc")
    km.ip = str(map_ / "kernel")
    return km


def _voer_uit(nb, timeout: int) -> str | None:
    """Execute ``nb`` in place; the Dutch error line, or ``None`` when it ran through."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sd-kernel-") as tmp:
        km = _kernelbeheer(Path(tmp))
        try:
            return _voer_uit_met(nb, km, timeout)
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)


def _voer_uit_met(nb, km, timeout: int) -> str | None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(instellingen.ROOT)}},
    )
    try:
        client.execute()
    except CellExecutionError as e:
        cel = next(
            (
                i
                for i, c in enumerate(nb.cells)
                if c.cell_type == "code"
                and any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        return foutmelding(str(e), None if cel is None else cel - 2)
    except Exception as e:  # kernel died, timeout  # noqa: BLE001
        return foutmelding(f"{type(e).__name__}: {e}", None)
    return None


def zonder_kernelmeldingen(nb):
    r"""Drop kernel start-up warnings (English, about the transport) from stream outputs.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output(
    ...     "stream", name="stderr",
    ...     text="[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n")])]
    >>> zonder_kernelmeldingen(nb).cells[0].outputs
    []
    """
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                o["text"] = _KERNELWAARSCHUWING.sub("", "".join(o.get("text", "")))
        c.outputs = [
            o for o in c.outputs if not (o.get("output_type") == "stream" and not o["text"])
        ]
    return nb


def _figuren(nb, doelmap: Path, stam: str) -> tuple[list[str], list[str]]:
    """Write every chart as PNG (and SVG); their paths and alt texts, in page order."""
    figuren, alt = [], []
    figmap = doelmap / "figuren"
    figmap.mkdir(parents=True, exist_ok=True)
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "image/png" not in data:
                continue
            naam = f"{stam}_fig{len(figuren) + 1:02d}"
            (figmap / f"{naam}.png").write_bytes(base64.b64decode(data["image/png"]))
            figuren.append(f"figuren/{naam}.png")
            meta = o.get("metadata", {})
            alt.append(str(meta.get("image/png", {}).get("alt") or meta.get("alt") or ""))
            if "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                (figmap / f"{naam}.svg").write_text(
                    svg if isinstance(svg, str) else "".join(svg), encoding="utf-8"
                )
                data.pop("image/svg+xml")  # HTML embeds the PNG once
    return figuren, alt


def kerncijfer(nb) -> str:
    """The first key figure of the notebook's "Kernpunten" block (``label: waarde``).

    >>> import nbformat
    >>> from sdanalysis.weergave.kernpunten import kernpunten
    >>> blok = kernpunten([("Cliënten 2024", 1234, "aantal")])
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("k", outputs=[nbformat.v4.new_output(
    ...     "execute_result", data={"text/html": blok._repr_html_(), "text/plain": str(blok)},
    ...     execution_count=1)])]
    >>> kerncijfer(nb)
    'Cliënten 2024: 1.234'
    """
    from sdanalysis.weergave.kernpunten import KLASSE

    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if KLASSE in "".join(data.get("text/html", "")):
                regels = "".join(data.get("text/plain", "")).splitlines()
                return next((r[2:].strip() for r in regels if r.startswith("- ")), "")
    return ""


def voer_notebook_uit(
    pad: Path,
    doelmap: Path,
    parameters: dict,
    timeout: int = 600,
    publicatiemap: Path | None = None,
) -> NotebookUitkomst:
    """Execute one notebook and export HTML (reader and analyst) and its charts.

    The notebook runs with the project root as working directory and a kernel from the
    current environment (on IPC sockets). A failed notebook gets only a failure page.
    With ``publicatiemap`` the tables and chart frames it shows are registered there.
    """
    import nbformat
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    bron = nbformat.read(pad, as_version=4)
    titel, samenvatting = titel_en_samenvatting(bron)
    nb = injecteer_parameters(wis_uitvoer(bron), parameters)
    init = nbformat.v4.new_code_cell(
        init_code(publicatiemap, pad.stem),
        metadata={"tags": ["injected-init"], "jupyter": {"source_hidden": True}},
        id="ingevoegde-init",
    )
    nb.cells.insert(0, init)
    fout = _voer_uit(nb, timeout)
    nb.cells.pop(0)  # the init cell is plumbing, not part of the story
    stam = pad.stem
    uitkomst = NotebookUitkomst(
        stam, fout is None, 0.0, fout, samenvatting, titel=titel or stam, kerncijfer=""
    )
    if fout is not None:
        schrijf_foutpagina(doelmap, stam, fout)
        uitkomst.seconden = time.perf_counter() - start
        return uitkomst
    nb = zonder_kernelmeldingen(nb)
    uitkomst.figuren, alt = _figuren(nb, doelmap, stam)
    uitkomst.kerncijfer = kerncijfer(nb)
    for soort, code_weg in (("analist", False), ("lezer", True)):
        exporter = HTMLExporter(
            exclude_input=code_weg, exclude_input_prompt=code_weg, exclude_output_prompt=code_weg
        )
        body, _ = exporter.from_notebook_node(nb)
        body = lezerspagina(body, uitkomst.titel, alt)
        (doelmap / f"{stam}_{soort}.html").write_text(body, encoding="utf-8")
    nbformat.write(nb, doelmap / f"{stam}.ipynb")
    uitkomst.seconden = time.perf_counter() - start
    return uitkomst


PRINT_CSS = (
    "@media print{@page{size:A4;margin:15mm}body{font-size:10pt}"
    "nav.sd-nav{display:none}table{page-break-inside:auto;font-size:8pt}"
    "tr{page-break-inside:avoid}img{max-width:100%!important;height:auto}"
    ".jp-OutputArea-output{overflow:visible!important}}"
    "table.sd-tabel td,table.sd-tabel th{white-space:normal;max-width:16em;"
    "overflow-wrap:break-word;font-size:.92em;vertical-align:top}"
    ".jp-RenderedHTMLCommon table.sd-tabel{table-layout:auto}"
    ".jp-OutputArea-output{overflow-x:auto;max-width:100%}"
    "img{max-width:100%;height:auto}"
    "nav.sd-nav{font-family:sans-serif;padding:.5em 1em;display:flex;gap:1.5em;flex-wrap:wrap}"
)

#: Placeholder in the navigation bar for links to the neighbouring pages.
BUREN = "<!--sd-buren-->"


def _zet_alt(soep, alt: list[str]) -> None:
    """Alt text per image: the chart's own title, else the nearest heading above it."""
    kop, i = "grafiek", 0
    for el in soep.find_all(["h1", "h2", "h3", "img"]):
        if el.name != "img":
            kop = el.get_text(" ", strip=True).rstrip("¶").strip() or kop
            continue
        eigen = alt[i] if i < len(alt) else ""
        i += 1
        if eigen:
            el["alt"] = eigen
        elif not el.get("alt") or el["alt"].startswith("No description"):
            el["alt"] = f"Grafiek: {kop}"


def _kernpunten_bovenaan(soep) -> None:
    """Move the "Kernpunten" block to the top: right below the page's first heading."""
    from sdanalysis.weergave.kernpunten import KLASSE

    blok = soep.find("section", class_=KLASSE)
    if blok is None:
        return
    blok = blok.extract()
    h1 = soep.find("h1")
    if h1 is not None:
        cel = h1.find_parent(class_="jp-Cell") or h1
        cel.insert_after(blok)
    elif soep.body is not None:
        soep.body.insert(0, blok)


def lezerspagina(html_tekst: str, titel: str, alt: list[str] | None = None) -> str:
    """Make an exported notebook page a Dutch reader's page.

    Sets ``lang="nl"`` and a real title; gives every chart an alt text (its own title from
    ``alt``, else the nearest heading above it); moves the "Kernpunten" block to the top;
    adds navigation to the index (and, via :func:`zet_buren`, to the neighbouring pages)
    and a style sheet that keeps wide tables on the page and prints legibly on A4.

    Args:
        html_tekst: HTML as nbconvert wrote it.
        titel: Title of the notebook (its first heading).
        alt: Alt texts of the charts, in page order (empty string: unknown).

    Returns:
        The adapted HTML.

    >>> pagina = lezerspagina("<html><head><title>Notebook</title></head><body>"
    ...                       "<h2>Volumes</h2><img src='x.png'></body></html>", "Volumes")
    >>> 'lang="nl"' in pagina, "<title>Volumes</title>" in pagina, 'alt="Grafiek: Volumes"' in pagina
    (True, True, True)
    """
    from bs4 import BeautifulSoup

    soep = BeautifulSoup(html_tekst, "html.parser")
    if soep.html is not None:
        soep.html["lang"] = "nl"
    if soep.title is not None:
        soep.title.string = titel
    _zet_alt(soep, list(alt or []))
    _kernpunten_bovenaan(soep)
    if soep.head is not None:
        stijl = soep.new_tag("style")
        stijl.string = PRINT_CSS
        soep.head.append(stijl)
    if soep.body is not None:
        nav = BeautifulSoup(
            '<nav class="sd-nav" aria-label="Navigatie">'
            f'<a href="index.html">← Terug naar het overzicht</a>{BUREN}</nav>',
            "html.parser",
        )
        soep.body.insert(0, nav)
    return str(soep)


def zet_buren(doelmap: Path, uitkomsten: list[NotebookUitkomst]) -> None:
    """Add links to the previous and next page to the navigation of every page.

    Args:
        doelmap: Report folder.
        uitkomsten: The notebooks in report order.
    """
    for i, u in enumerate(uitkomsten):
        links = []
        if i > 0:
            v = uitkomsten[i - 1]
            links.append(
                f'<a href="{v.naam}_{{soort}}.html">‹ Vorige: {html.escape(v.titel or v.naam)}</a>'
            )
        if i + 1 < len(uitkomsten):
            v = uitkomsten[i + 1]
            links.append(
                f'<a href="{v.naam}_{{soort}}.html">Volgende: {html.escape(v.titel or v.naam)} ›</a>'
            )
        for soort in ("lezer", "analist"):
            pad = doelmap / f"{u.naam}_{soort}.html"
            if pad.exists():
                tekst = pad.read_text(encoding="utf-8")
                pad.write_text(
                    tekst.replace(BUREN, "".join(links).replace("{soort}", soort), 1),
                    encoding="utf-8",
                )


INDEX_CSS = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}"
    "ul.sd-index{list-style:none;padding:0}"
    "ul.sd-index li{margin:1em 0;padding:.6em 1em;border-left:4px solid #0072B2}"
    "ul.sd-index h2{font-size:1.15em;margin:0}"
    ".sd-kerncijfer{font-weight:bold}.status{color:#555}.fout{color:#B34700}"
    "@media print{body{font-size:10pt}}"
)


def _indexregel(u: NotebookUitkomst) -> str:
    status = (
        '<span class="status">gelukt</span>'
        if u.gelukt
        else f'<span class="status fout">mislukt: {html.escape(u.fout or "")}</span>'
    )
    regels = [f'<li><h2><a href="{u.naam}_lezer.html">{html.escape(u.titel or u.naam)}</a></h2>']
    if u.samenvatting:
        regels.append(f"<p>{html.escape(u.samenvatting)}</p>")
    if u.kerncijfer and u.gelukt:
        regels.append(f'<p class="sd-kerncijfer">{html.escape(u.kerncijfer)}</p>')
    regels.append(
        f'<p>Status: {status} · <a href="{u.naam}_analist.html">pagina met code</a></p></li>'
    )
    return "".join(regels)


def schrijf_index(
    doelmap: Path,
    uitkomsten: list[NotebookUitkomst],
    titel: str,
    werkmap: Path | None,
    geen_werkmap: str | None = None,
) -> Path:
    """``index.html``: every notebook with its title, one-line summary, key figure and status.

    ``geen_werkmap`` is the Dutch reason shown instead of the workbook link when it was
    withheld.
    """
    regels = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(titel)}</title>",
        f"<style>{INDEX_CSS}</style></head><body><main>",
        f"<h1>{html.escape(titel)}</h1>",
        f"<p>Gemaakt op {dt.datetime.now():%d-%m-%Y %H:%M} met sdanalysis.</p>",
        '<ul class="sd-index">',
    ]
    regels += [_indexregel(u) for u in uitkomsten]
    regels.append("</ul>")
    if werkmap:
        regels.append(
            f'<p>Tabellen voor de controller: <a href="{html.escape(werkmap.name)}">'
            f"{html.escape(werkmap.name)}</a></p>"
        )
    elif geen_werkmap:
        regels.append(f'<p class="sd-let-op">{html.escape(geen_werkmap)}</p>')
    regels.append("</main></body></html>")
    pad = doelmap / "index.html"
    pad.write_text("\n".join(regels), encoding="utf-8")
    return pad


#: Why the index has no workbook: the audit found cells the workbook and the notebooks
#: together give away, which extra suppression in the workbook could not protect.
WERKMAP_ACHTERGEHOUDEN = (
    "De Excel-werkmap is niet meegeleverd: samen met de tabellen en grafieken hierboven "
    "zouden {n} onderdrukte cel(len) terug te rekenen zijn (audit over de hele publicatie). "
    "De notebooks zelf zijn gecontroleerd en veilig."
)


def _bouw_voor_rapport(inst: Instellingen, stap: Callable[[str], None]) -> None:
    from sdanalysis.bouw.pipeline import bouw

    stap(f"Bouw van {inst.processed_dir} uit {', '.join(str(r) for r in inst.raw_dirs)}")
    res = bouw(list(inst.raw_dirs), inst.processed_dir)
    stap(
        f"  {int(res.kwaliteit.rijen_gelezen.sum())} regels gelezen, "
        f"{int(res.kwaliteit.rijen_geweigerd.sum())} in quarantaine"
    )


def notebook_parameters(inst: Instellingen) -> dict[str, object]:
    """The values the report gives every notebook through its ``parameters`` cell.

    Args:
        inst: Settings of the run.

    Returns:
        Name -> value; every notebook declares exactly these names in its parameters cell.

    >>> from sdanalysis.instellingen import laad_instellingen
    >>> sorted(notebook_parameters(laad_instellingen(omgeving={})))
    ['EERSTE_JAAR', 'GEMEENTE', 'LAATSTE_JAAR', 'PROCESSED']
    """
    eerste, laatste = inst.jaren if inst.jaren else (None, None)
    return {
        "PROCESSED": str(inst.processed_dir),
        "GEMEENTE": inst.profiel.naam,
        "EERSTE_JAAR": eerste,
        "LAATSTE_JAAR": laatste,
    }


def _voer_alle_uit(
    lijst: list[Path],
    werk: Path,
    parameters: dict,
    parallel: int,
    stap: Callable[[str], None],
    publicatiemap: Path | None = None,
) -> list[NotebookUitkomst]:
    stap(f"{len(lijst)} notebook(s) uitvoeren ({parallel} tegelijk)")

    def een(pad: Path) -> NotebookUitkomst:
        u = voer_notebook_uit(pad, werk, parameters, publicatiemap=publicatiemap)
        status = "klaar" if u.gelukt else "MISLUKT: " + str(u.fout)
        stap(f"  {pad.name}: {status} ({u.seconden:.1f} s)")
        return u

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        return list(pool.map(een, lijst))


def _publiceer(
    werk: Path,
    reports: Path,
    datum: str,
    log: Callable[[str], None],
    auditproblemen: list[str] | None = None,
) -> tuple[Path | None, list[str]]:
    from sdanalysis.publiceren.privacypoort import privacypoort

    problemen = [*(auditproblemen or []), *privacypoort(werk)]
    if problemen:
        for p in problemen:
            log(f"  GEWEIGERD: {p}")
        afgewezen = reports / f"geweigerd-{datum}"
        shutil.rmtree(afgewezen, ignore_errors=True)
        werk.rename(afgewezen)
        log(f"Niet gepubliceerd; de uitvoer staat ter inspectie in {afgewezen}")
        return None, problemen
    doel = reports / datum
    shutil.rmtree(doel, ignore_errors=True)
    werk.rename(doel)
    latest = reports / "latest"
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.exists():
        shutil.rmtree(latest)
    latest.symlink_to(doel.name, target_is_directory=True)
    log(f"Gepubliceerd in {doel} (en {latest})")
    return doel, []


def maak_rapport(
    inst: Instellingen | None = None,
    notebooks: list[Path] | None = None,
    datum: str | None = None,
    parallel: int = 2,
    log: Callable[[str], None] = logger.info,
) -> RapportUitkomst:
    """Run the whole report; see the module docstring for the steps.

    The report builds its own processed folder (``<reports>/.verwerkt-<datum>``), so its
    figures come from its own inputs only and ``data/processed`` is left alone.

    Args:
        inst: Settings (raw folders, gemeente, years, reports folder); default: the demo.
        notebooks: Notebooks to run (default: every ``NN_*.ipynb`` in ``notebooks/``).
        datum: Date in the folder name (default: today).
        parallel: Notebooks executed at the same time.
        log: Where progress lines go.

    Returns:
        What was made and whether it succeeded.
    """
    t0 = time.perf_counter()

    def stap(tekst: str) -> None:
        log(f"[{time.perf_counter() - t0:6.1f} s] {tekst}")

    inst = inst or instellingen.laad_instellingen()
    reports = inst.reports_dir
    datum = datum or dt.date.today().isoformat()
    inst = inst.met(processed_dir=(reports / f".verwerkt-{datum}").resolve())
    _bouw_voor_rapport(inst, stap)
    werk = reports / f".bezig-{datum}"
    shutil.rmtree(werk, ignore_errors=True)
    werk.mkdir(parents=True)
    lijst = (
        notebooks
        if notebooks is not None
        else sorted(instellingen.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    )
    publicatiemap = reports / f".publicatie-{datum}"
    shutil.rmtree(publicatiemap, ignore_errors=True)
    try:
        uitkomsten = _voer_alle_uit(
            lijst, werk, notebook_parameters(inst), parallel, stap, publicatiemap
        )
        zet_buren(werk, uitkomsten)
        from sdanalysis.publiceren.werkmap import werkmap_tabellen

        bladen = werkmap_tabellen(inst)
        stap("Audit van de onderdrukking over de hele publicatie")
        auditproblemen, bladen = audit_rapport(publicatiemap, bladen, stap)
        zonder_werkmap = auditproblemen and not audit_rapport(publicatiemap, {}, stap)[0]
    finally:  # the registry is plumbing: never left behind, never published
        shutil.rmtree(publicatiemap, ignore_errors=True)
    werkmap: Path | None = None
    reden_geen_werkmap = None
    if zonder_werkmap:  # the notebooks alone are safe: publish them, withhold the workbook
        reden_geen_werkmap = WERKMAP_ACHTERGEHOUDEN.format(n=len(auditproblemen))
        for regel in auditproblemen:
            stap(f"  werkmap achtergehouden: {regel}")
        auditproblemen = []
    elif not auditproblemen:  # a workbook with a recoverable cell is never written
        stap("Excel-werkmap schrijven")
        werkmap = werk / f"sdanalysis_{datum}.xlsx"
        schrijf_rapportwerkmap(inst, werkmap, bladen)
    schrijf_index(
        werk,
        uitkomsten,
        f"sdanalysis: sociaal domein {inst.gemeente}",
        werkmap,
        reden_geen_werkmap,
    )
    stap("Privacypoort: controle op BSN's en kleine aantallen")
    doel, problemen = _publiceer(werk, reports, datum, stap, auditproblemen)
    return RapportUitkomst(
        doel,
        uitkomsten,
        (doel / werkmap.name) if doel and werkmap else None,
        problemen,
        time.perf_counter() - t0,
    )


def audit_rapport(
    publicatiemap: Path, bladen: dict[str, pd.DataFrame], log: Callable[[str], None]
) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """Audit the suppression over the notebooks' tables and charts and the workbook.

    The notebooks are published as they ran; where their figures and the workbook's
    together give a suppressed cell away, the workbook hides more
    (:func:`~sdanalysis.publiceren.audit.beveilig_werkmap`) before it is written.

    Args:
        publicatiemap: Folder the notebooks' registry wrote to.
        bladen: The workbook's sheets (:func:`~sdanalysis.publiceren.werkmap.werkmap_tabellen`).
        log: Where the summary lines (``audit: N onderdrukte cellen over M tabellen, ...``)
            and every problem go.

    Returns:
        Dutch problem lines (table, row key, column, why; empty when nothing is
        recoverable) and the sheets to write.
    """
    from sdanalysis.publiceren.audit import auditregel, beveilig_werkmap
    from sdanalysis.publiceren.privacypoort import auditproblemen
    from sdanalysis.weergave.publicatie import lees_publicatie

    nieuw, audit = beveilig_werkmap(bladen, lees_publicatie(publicatiemap))
    extra = sum(
        int(df[k].sum()) - int(bladen[b][k].sum()) if k in bladen[b] else int(df[k].sum())
        for b, df in nieuw.items()
        if df is not bladen.get(b)
        for k in df.columns
        if str(k).endswith("_onderdrukt")
    )
    if extra:
        log(f"audit: {extra} cel(len) in de werkmap extra onderdrukt tegen terugrekenen")
    log(auditregel(audit))
    return auditproblemen(audit), nieuw


def schrijf_rapportwerkmap(
    inst: Instellingen, pad: Path, bladen: dict[str, pd.DataFrame] | None = None
) -> Path:
    """The controller's workbook of a run: its sheets, an "Inhoud" sheet and print set-up.

    Args:
        inst: Settings of the run (processed folder with its build report, gemeente).
        pad: Target ``.xlsx`` file.
        bladen: The sheets, when already made (default: :func:`werkmap_tabellen`).

    Returns:
        The path written.
    """
    from sdanalysis.bouw.pipeline import bouwverslag
    from sdanalysis.publiceren.audit import audit_werkmap, onveilige_cellen
    from sdanalysis.publiceren.excel import Afdruk, schrijf_werkmap
    from sdanalysis.publiceren.werkmap import beschrijvingen, werkmap_tabellen
    from sdanalysis.weergave.bron import bronregel

    bladen = werkmap_tabellen(inst) if bladen is None else bladen
    onveilig = onveilige_cellen(audit_werkmap(bladen))
    if onveilig:  # a suppressed cell that other published figures give away: never written
        raise ValueError(
            "De werkmap is niet geschreven: onderdrukte cellen zijn terug te rekenen: "
            + "; ".join(onveilig[:5])
        )
    try:
        bron = bronregel(bouwverslag(inst.processed_dir), inst.gemeente)
    except FileNotFoundError:
        bron = ""
    return schrijf_werkmap(
        bladen,
        pad,
        beschrijvingen=beschrijvingen(list(bladen)),
        afdruk=Afdruk(bron=bron, gemeente=inst.gemeente),
    )


def lees_jaren(tekst: str) -> tuple[int, int]:
    """Parse ``2017-2022`` (or a single year) into (first, last).

    >>> lees_jaren("2017-2022"), lees_jaren("2019")
    ((2017, 2022), (2019, 2019))
    """
    delen = [d.strip() for d in tekst.replace("–", "-").split("-") if d.strip()]
    if not 1 <= len(delen) <= 2 or not all(d.isdigit() and len(d) == 4 for d in delen):
        raise ValueError(f"jaren moeten de vorm 2017-2022 hebben, niet {tekst!r}")
    a, b = int(delen[0]), int(delen[-1])
    if b < a:
        raise ValueError(f"laatste jaar {b} ligt vóór eerste jaar {a}")
    return a, b


def _tabel_samenvatting(tabellen: dict[str, pd.DataFrame]) -> str:  # pragma: no cover - debug aid
    return ", ".join(f"{k} ({len(v)})" for k, v in tabellen.items())
