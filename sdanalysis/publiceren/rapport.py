"""`sdanalysis report`: raw exports → executed notebooks, HTML, charts and an Excel workbook.

Steps, each shown with the elapsed time:

1. build ``data/processed/`` from the raw folders (or a private processed folder when
   ``--raw`` is given, so the demo build is left alone);
2. execute every notebook with its parameters (papermill style: a cell with the values
   is inserted after the cell tagged ``parameters``, and the same values are in the
   environment, see ``sdanalysis.instellingen``);
3. export each notebook to HTML twice (``*_lezer.html`` without code for readers,
   ``*_analist.html`` with code), every chart as PNG (200 dpi) and SVG, an ``index.html``;
4. write ``sdanalysis_<datum>.xlsx`` with one sheet per analysis table;
5. the privacy gate scans all of it; only when it passes is the folder published as
   ``reports/<datum>/`` with ``reports/latest`` pointing at it.

A failing notebook is named with its cell; the others are still written, and the
command exits non-zero.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdanalysis import instellingen

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
    nb = nbformat.read(pad, as_version=4)
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
        laatste = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        fout = f"cel {cel} (zonder ingevoegde cellen: {cel - 2 if cel is not None else '?'}): {laatste}"
    except Exception as e:  # kernel died, timeout
        fout = f"{type(e).__name__}: {e}"
    nb.cells.pop(0)  # the init cell is plumbing, not part of the story
    stam = pad.stem
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
        (doelmap / f"{stam}_{soort}.html").write_text(body, encoding="utf-8")
    nbformat.write(nb, doelmap / f"{stam}.ipynb")
    return NotebookUitkomst(
        stam, fout is None, time.perf_counter() - start, fout, _samenvatting(nb), figuren
    )


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


def maak_rapport(
    raw_dirs: list[Path] | None = None,
    gemeente: str | None = None,
    jaren: tuple[int, int] | None = None,
    notebooks: list[Path] | None = None,
    reports_dir: Path | None = None,
    datum: str | None = None,
    parallel: int = 2,
    log: Callable[[str], None] = print,
) -> RapportUitkomst:
    """Run the whole report; see the module docstring for the steps."""
    from sdanalysis.bouw.pipeline import bouw
    from sdanalysis.publiceren.excel import privacypoort, schrijf_werkmap
    from sdanalysis.publiceren.werkmap import werkmap_tabellen

    t0 = time.perf_counter()

    def stap(tekst: str) -> None:
        log(f"[{time.perf_counter() - t0:6.1f} s] {tekst}")

    reports = Path(reports_dir) if reports_dir else instellingen.REPORTS_DIR
    datum = datum or dt.date.today().isoformat()
    gemeente = gemeente or instellingen.GEMEENTE_NAAM
    jaren = jaren or (instellingen.EERSTE_JAAR, instellingen.LAATSTE_JAAR)
    processed = instellingen.PROCESSED_DIR
    if raw_dirs:
        processed = reports / ".processed"
    stap(
        f"Bouw van {processed} uit {', '.join(str(r) for r in (raw_dirs or instellingen.DEFAULT_RAW_DIRS))}"
    )
    res = bouw(raw_dirs, processed)
    stap(
        f"  {int(res.kwaliteit.rijen_gelezen.sum())} regels gelezen, "
        f"{int(res.kwaliteit.rijen_geweigerd.sum())} in quarantaine"
    )

    omgeving = {
        "SDANALYSIS_PROCESSED": str(processed),
        "SDANALYSIS_GEMEENTE": gemeente,
        "SDANALYSIS_EERSTE_JAAR": str(jaren[0]),
        "SDANALYSIS_LAATSTE_JAAR": str(jaren[1]),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    oud = {k: os.environ.get(k) for k in omgeving}
    os.environ.update(omgeving)
    werk = reports / f".bezig-{datum}"
    shutil.rmtree(werk, ignore_errors=True)
    werk.mkdir(parents=True)
    from sdanalysis.bouw.pipeline import is_synthetisch

    # claims of the letters are hard tests on the synthetic demo, findings on real data
    streng = is_synthetisch(raw_dirs or instellingen.DEFAULT_RAW_DIRS)
    parameters = {
        "GEMEENTE": gemeente,
        "EERSTE_JAAR": jaren[0],
        "LAATSTE_JAAR": jaren[1],
        "STRENG": streng,
    }
    lijst = (
        notebooks
        if notebooks is not None
        else sorted(instellingen.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    )
    try:
        stap(f"{len(lijst)} notebook(s) uitvoeren ({parallel} tegelijk)")

        def een(pad: Path) -> NotebookUitkomst:
            u = voer_notebook_uit(pad, werk, parameters)
            stap(
                f"  {pad.name}: {'klaar' if u.gelukt else 'MISLUKT: ' + str(u.fout)} ({u.seconden:.1f} s)"
            )
            return u

        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            uitkomsten = list(pool.map(een, lijst))

        stap("Excel-werkmap schrijven")
        werkmap = werk / f"sdanalysis_{datum}.xlsx"
        schrijf_werkmap(werkmap_tabellen(processed, gemeente=gemeente, jaren=jaren), werkmap)
        schrijf_index(werk, uitkomsten, f"sdanalysis: sociaal domein {gemeente}", werkmap)
    finally:
        for k, v in oud.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    stap("Privacypoort: controle op BSN's en kleine aantallen")
    problemen = privacypoort(werk)
    doel: Path | None = reports / datum
    if problemen:
        for p in problemen:
            log(f"  GEWEIGERD: {p}")
        afgewezen = reports / f"geweigerd-{datum}"
        shutil.rmtree(afgewezen, ignore_errors=True)
        werk.rename(afgewezen)
        log(f"Niet gepubliceerd; de uitvoer staat ter inspectie in {afgewezen}")
        doel = None
    else:
        shutil.rmtree(doel, ignore_errors=True)
        werk.rename(doel)
        latest = reports / "latest"
        if latest.is_symlink() or latest.exists():
            latest.unlink() if latest.is_symlink() or latest.is_file() else shutil.rmtree(latest)
        latest.symlink_to(doel.name, target_is_directory=True)
        stap(f"Gepubliceerd in {doel} (en {latest})")
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
