"""The report as a reader sees it: pages rendered in headless Chromium (tools/lezerscontrole.py).

Skipped when no Chromium is installed. The pages are built from a notebook with ready-made
outputs (no kernel), through the same export and page builder as ``sdanalysis report``.
"""

from __future__ import annotations

import base64
import importlib.util
import io

import matplotlib
import nbformat
import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.publiceren.rapport import (
    NotebookUitkomst,
    lezerspagina,
    schrijf_index,
    zet_buren,
)
from sdanalysis.weergave.kernpunten import kernpunten
from sdanalysis.weergave.tabellen import html_tabel

matplotlib.use("Agg")


def _tool():
    pad = instellingen.ROOT / "tools" / "lezerscontrole.py"
    spec = importlib.util.spec_from_file_location("lezerscontrole", pad)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lezerscontrole = _tool()
pytestmark = pytest.mark.skipif(
    lezerscontrole.chromium() is None, reason="geen Chromium op deze machine"
)


def _png() -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2, 3])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _uitvoer(data: dict, metadata: dict | None = None):
    return nbformat.v4.new_output("display_data", data=data, metadata=metadata or {})


def _pagina(tmp_path, stam: str) -> None:
    """An exported reader's page with a key-figure block, a wide table and a chart."""
    from nbconvert import HTMLExporter

    breed = pd.DataFrame(
        {
            "project": ["Project met een lange naam"] * 3,
            "wat_gedaan": ["Na vaststelling van het kader zijn richtlijnen opgesteld " * 4] * 3,
            "effect_tekst": ["Berekend en verwacht effect is zeven ton in het eerste jaar " * 3]
            * 3,
            "toelichting": ["effect zonder aard telt alleen in eigen jaar " * 3] * 3,
            **{f"bedrag_{i}_eur": [1_500_000.0, None, 15232.0] for i in range(8)},
            "actief": [True, False, None],
            "aantal_clienten": pd.array([120, pd.NA, 35], dtype="Int64"),
            "codes": [["4.1.1", "4.1.2"], ["4.2.1"], []],
        }
    )
    blok = kernpunten([("Cliënten 2024", 12345, "aantal"), ("Kosten", 2.5e6, "euro")])
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Volumes\n\nHoeveel **cliënten** zijn er? Dit telt het."),
        nbformat.v4.new_code_cell(
            "t", outputs=[_uitvoer({"text/html": html_tabel(breed), "text/plain": "t"})]
        ),
        nbformat.v4.new_code_cell(
            "g",
            outputs=[_uitvoer({"image/png": _png()}, {"image/png": {"alt": "Grafiek: Cliënten"}})],
        ),
        nbformat.v4.new_code_cell(
            "k", outputs=[_uitvoer({"text/html": blok._repr_html_(), "text/plain": str(blok)})]
        ),
    ]
    body, _ = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    ).from_notebook_node(nb)
    (tmp_path / f"{stam}_lezer.html").write_text(
        lezerspagina(body, "Volumes", ["Grafiek: Cliënten"]), encoding="utf-8"
    )


def test_rapportpaginas_doorstaan_de_lezerscontrole(tmp_path):
    _pagina(tmp_path, "01_volumes")  # 02 failed: it has no reader's page of its own
    uitkomsten = [
        NotebookUitkomst("01_volumes", True, 1.0, samenvatting="Hoeveel?", titel="Volumes"),
        NotebookUitkomst("02_kosten", False, 1.0, fout="cel 3: KeyError", titel="Kosten"),
    ]
    zet_buren(tmp_path, uitkomsten)
    schrijf_index(tmp_path, uitkomsten, "sdanalysis: sociaal domein Testdorp", None)
    assert lezerscontrole.controleer(tmp_path, streng=True) == []


def test_lezerscontrole_vindt_wat_een_lezer_stoort(tmp_path):
    rauw = "".join(f"<td>{v}</td>" for v in ("&lt;NA&gt;", "True", "15232.0", "['a', 'b']"))
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Notebook</title></head><body>'
        '<img src="x.png">'
        f"<table><tr>{rauw}</tr></table>"
        '<table style="width:2000px"><tr><td>breed</td></tr></table>'
        "</body></html>",
        encoding="utf-8",
    )
    problemen = " | ".join(lezerscontrole.controleer(tmp_path))
    assert "taal van de pagina is 'en'" in problemen
    assert "titel 'Notebook'" in problemen
    assert "afbeelding 1 heeft geen alt-tekst" in problemen
    for waarde in ("<NA>", "True", "15232.0", "['a', 'b']"):
        assert waarde in problemen
    assert "tabel 2 is 2000 px breed" in problemen
