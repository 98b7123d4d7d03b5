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


@dataclass
class NotebookUitkomst:
    """Result of executing one notebook."""

    naam: str
    gelukt: bool
    seconden: float
    fout: str | None = None
    samenvatting: str = ""
    figuren: list[str] = field(default_factory=list)


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
    """
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    cel = nbformat.v4.new_code_cell(
        _parametercel(parameters), metadata={"tags": ["injected-parameters"]}
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


def _samenvatting(nb) -> str:
    """First heading of the notebook plus the first sentence after it."""
    for c in nb.cells:
        if c.cell_type != "markdown":
            continue
        regels = [r.strip() for r in c.source.splitlines() if r.strip()]
        if not regels:
            continue
        titel = regels[0].lstrip("#").strip()
        rest = next((r for r in regels[1:] if not r.startswith("#")), "")
        zin = rest.split(". ")[0].rstrip(".")
        return f"{titel}: {zin}" if zin else titel
    return ""


INIT_CODE = (
    "import matplotlib\n"
    "matplotlib.use('module://matplotlib_inline.backend_inline')\n"
    "from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
    "set_matplotlib_formats('png', 'svg', dpi=200, bbox_inches='tight')\n"
)


def voer_notebook_uit(
    pad: Path, doelmap: Path, parameters: dict, timeout: int = 600
) -> NotebookUitkomst:
    """Execute one notebook and export HTML (reader and analyst) and its charts.

    The notebook runs with the project root as working directory and a kernel from the
    current environment. On failure the partly executed notebook is exported as well.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    start = time.perf_counter()
    nb = wis_uitvoer(nbformat.read(pad, as_version=4))
    nb = injecteer_parameters(nb, parameters)
    init = nbformat.v4.new_code_cell(
        INIT_CODE, metadata={"tags": ["injected-init"], "jupyter": {"source_hidden": True}}
    )
    nb.cells.insert(0, init)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(instellingen.ROOT)}},
    )
    fout = None
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
        fout = foutmelding(str(e), None if cel is None else cel - 2)
    except Exception as e:  # kernel died, timeout  # noqa: BLE001
        fout = foutmelding(f"{type(e).__name__}: {e}", None)
    nb.cells.pop(0)  # the init cell is plumbing, not part of the story
    stam = pad.stem
    if fout is not None:
        schrijf_foutpagina(doelmap, stam, fout)
        return NotebookUitkomst(stam, False, time.perf_counter() - start, fout, _samenvatting(nb))
    figuren = []
    figmap = doelmap / "figuren"
    figmap.mkdir(parents=True, exist_ok=True)
    k = 0
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "image/png" in data:
                k += 1
                naam = f"{stam}_fig{k:02d}"
                (figmap / f"{naam}.png").write_bytes(base64.b64decode(data["image/png"]))
                figuren.append(f"figuren/{naam}.png")
                if "image/svg+xml" in data:
                    svg = data["image/svg+xml"]
                    (figmap / f"{naam}.svg").write_text(
                        svg if isinstance(svg, str) else "".join(svg), encoding="utf-8"
                    )
                    data.pop("image/svg+xml")  # HTML embeds the PNG once
    for soort, code_weg in (("analist", False), ("lezer", True)):
        exporter = HTMLExporter(
            exclude_input=code_weg, exclude_input_prompt=code_weg, exclude_output_prompt=code_weg
        )
        body, _ = exporter.from_notebook_node(nb)
        body = lezerspagina(body, _samenvatting(nb).split(":")[0] or stam)
        (doelmap / f"{stam}_{soort}.html").write_text(body, encoding="utf-8")
    nbformat.write(nb, doelmap / f"{stam}.ipynb")
    return NotebookUitkomst(
        stam, fout is None, time.perf_counter() - start, fout, _samenvatting(nb), figuren
    )


PRINT_CSS = (
    "@media print{@page{size:A4;margin:15mm}body{font-size:10pt}"
    "nav.sd-nav{display:none}table{page-break-inside:auto;font-size:8pt}"
    "tr{page-break-inside:avoid}img{max-width:100%!important;height:auto}}"
    "table.sd-tabel td{white-space:normal;max-width:24em}"
)


def lezerspagina(html_tekst: str, titel: str) -> str:
    """Make an exported notebook page a Dutch reader's page.

    Sets ``lang="nl"`` and a real title, gives every chart an alt text (the nearest heading
    above it), adds navigation back to the index and a print style sheet for A4.

    Args:
        html_tekst: HTML as nbconvert wrote it.
        titel: Title of the notebook (its first heading).

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
    kop = "grafiek"
    for el in soep.find_all(["h1", "h2", "h3", "img"]):
        if el.name == "img":
            if not el.get("alt") or el["alt"].startswith("No description"):
                el["alt"] = f"Grafiek: {kop}"
        else:
            kop = el.get_text(" ", strip=True).rstrip("¶").strip() or kop
    if soep.head is not None:
        stijl = soep.new_tag("style")
        stijl.string = PRINT_CSS
        soep.head.append(stijl)
    if soep.body is not None:
        nav = BeautifulSoup(
            '<nav class="sd-nav" style="padding:.5em 1em;font-family:sans-serif">'
            '<a href="index.html">← Terug naar het overzicht</a></nav>',
            "html.parser",
        )
        soep.body.insert(0, nav)
    return str(soep)


def schrijf_index(
    doelmap: Path, uitkomsten: list[NotebookUitkomst], titel: str, werkmap: Path | None
) -> Path:
    """``index.html`` linking every notebook with a one-line summary."""
    regels = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{html.escape(titel)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
        "li{margin:.6em 0}.fout{color:#D55E00}</style></head><body>",
        f"<h1>{html.escape(titel)}</h1>",
        f"<p>Gemaakt op {dt.datetime.now():%d-%m-%Y %H:%M} met sdanalysis.</p><ol>",
    ]
    for u in uitkomsten:
        status = (
            "" if u.gelukt else f' <span class="fout">(mislukt: {html.escape(u.fout or "")})</span>'
        )
        regels.append(
            f'<li><a href="{u.naam}_lezer.html">{html.escape(u.samenvatting or u.naam)}</a> '
            f'(<a href="{u.naam}_analist.html">met code</a>){status}</li>'
        )
    regels.append("</ol>")
    if werkmap:
        regels.append(
            f'<p>Tabellen voor de controller: <a href="{werkmap.name}">{werkmap.name}</a></p>'
        )
    regels.append("</body></html>")
    pad = doelmap / "index.html"
    pad.write_text("\n".join(regels), encoding="utf-8")
    return pad


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
    lijst: list[Path], werk: Path, parameters: dict, parallel: int, stap: Callable[[str], None]
) -> list[NotebookUitkomst]:
    stap(f"{len(lijst)} notebook(s) uitvoeren ({parallel} tegelijk)")

    def een(pad: Path) -> NotebookUitkomst:
        u = voer_notebook_uit(pad, werk, parameters)
        status = "klaar" if u.gelukt else "MISLUKT: " + str(u.fout)
        stap(f"  {pad.name}: {status} ({u.seconden:.1f} s)")
        return u

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        return list(pool.map(een, lijst))


def _publiceer(
    werk: Path, reports: Path, datum: str, log: Callable[[str], None]
) -> tuple[Path | None, list[str]]:
    from sdanalysis.publiceren.privacypoort import privacypoort

    problemen = privacypoort(werk)
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
    from sdanalysis.publiceren.excel import schrijf_werkmap
    from sdanalysis.publiceren.werkmap import werkmap_tabellen

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
    uitkomsten = _voer_alle_uit(lijst, werk, notebook_parameters(inst), parallel, stap)
    stap("Excel-werkmap schrijven")
    werkmap = werk / f"sdanalysis_{datum}.xlsx"
    schrijf_werkmap(werkmap_tabellen(inst), werkmap)
    schrijf_index(werk, uitkomsten, f"sdanalysis: sociaal domein {inst.gemeente}", werkmap)
    stap("Privacypoort: controle op BSN's en kleine aantallen")
    doel, problemen = _publiceer(werk, reports, datum, stap)
    return RapportUitkomst(
        doel,
        uitkomsten,
        (doel / werkmap.name) if doel else None,
        problemen,
        time.perf_counter() - t0,
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
