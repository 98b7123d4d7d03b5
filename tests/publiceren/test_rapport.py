"""`sdanalysis report` on the demo data: HTML, charts, workbook, failure handling, privacy gate."""

from __future__ import annotations

import nbformat
import pytest
from openpyxl import load_workbook

from sdanalysis import instellingen
from sdanalysis.bouw.pipeline import laad_tabel
from sdanalysis.cli import main
from sdanalysis.publiceren.excel import FORMAAT_AANTAL, FORMAAT_EURO
from sdanalysis.publiceren.rapport import maak_rapport


def _notebook(pad, *bronnen, parameters=None):
    """A small notebook; ``parameters`` becomes the cell tagged ``parameters``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Testnotebook\n\nEen zin. Nog een.")]
    if parameters:
        nb.cells.append(nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    nb.cells += [nbformat.v4.new_code_cell(b) for b in bronnen]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, pad)
    return pad


def _uitvoertekst(pad):
    nb = nbformat.read(pad, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


@pytest.fixture(scope="module")
def rapport(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    nbmap = tmp_path_factory.mktemp("nb")
    kapot = _notebook(
        nbmap / "98_kapot.ipynb", "x = 1", "raise ValueError('bewust kapot')", "y = 2"
    )
    uit = maak_rapport(
        instellingen.laad_instellingen().met(reports_dir=reports),
        notebooks=[instellingen.NOTEBOOKS_DIR / "01_datakwaliteit.ipynb", kapot],
        datum="2026-01-01",
        log=lambda _t: None,
    )
    return uit, reports


def test_rapport_schrijft_html_met_grafieken(rapport):
    uit, reports = rapport
    doel = reports / "2026-01-01"
    assert uit.map == doel and (reports / "latest").resolve() == doel.resolve()
    lezer = (doel / "01_datakwaliteit_lezer.html").read_text(encoding="utf-8")
    analist = (doel / "01_datakwaliteit_analist.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in lezer
    assert "laad_tabel" in analist and "laad_tabel" not in lezer  # code hidden for readers
    assert list((doel / "figuren").glob("01_datakwaliteit_fig*.png"))
    assert list((doel / "figuren").glob("01_datakwaliteit_fig*.svg"))
    index = (doel / "index.html").read_text(encoding="utf-8")
    assert "01_datakwaliteit_lezer.html" in index and "Datakwaliteit van de brongegevens" in index


def test_kapot_notebook_genoemd_en_rest_geschreven(rapport):
    uit, reports = rapport
    kapot = next(n for n in uit.notebooks if n.naam == "98_kapot")
    assert not kapot.gelukt and "bewust kapot" in kapot.fout and "cel" in kapot.fout
    assert not uit.gelukt
    pagina = (reports / "2026-01-01" / "98_kapot_lezer.html").read_text(encoding="utf-8")
    assert "mislukt" in pagina and "bewust kapot" in pagina and "\x1b[" not in pagina
    assert next(n for n in uit.notebooks if n.naam == "01_datakwaliteit").gelukt


def test_mislukt_notebook_toont_geen_oude_uitvoer(tmp_path):
    """A failed notebook's page never shows results from before (issue 12)."""
    pad = _notebook(tmp_path / "12_oud.ipynb", "print('OUDE UITKOMST')", "raise KeyError('weg')")
    nb = nbformat.read(pad, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="OUDE UITKOMST\n")]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="VERLEDEN\n")]
    nbformat.write(nb, pad)
    uit = maak_rapport(
        instellingen.laad_instellingen().met(reports_dir=tmp_path / "r"),
        notebooks=[pad],
        datum="2026-04-04",
        log=lambda _t: None,
    )
    assert not uit.gelukt
    map_ = uit.map or next((tmp_path / "r").glob("*2026-04-04"))
    for soort in ("lezer", "analist"):
        html = (map_ / f"12_oud_{soort}.html").read_text(encoding="utf-8")
        assert "VERLEDEN" not in html and "OUDE UITKOMST" not in html
        assert "mislukt" in html and "/tmp" not in html


def test_werkmap_getallen_en_totalen(rapport):
    uit, _ = rapport
    wb = load_workbook(uit.werkmap)
    assert {"Kwaliteit", "Quarantaine", "Bronnen en definities"} <= set(wb.sheetnames)
    ws = wb["Kwaliteit"]
    kop = [c.value for c in ws[1]]
    j = kop.index("rijen_gelezen")
    waarden = [r[j] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, int) for v in waarden)
    assert sum(waarden) == int(laad_tabel("kwaliteit")["rijen_gelezen"].sum())
    assert ws.cell(row=2, column=j + 1).number_format == FORMAAT_AANTAL


def _blad(wb, naam):
    ws = wb[naam]
    rijen = list(ws.iter_rows(values_only=True))
    return ws, [str(k) for k in rijen[0]], rijen[1:]


def test_werkmap_analysebladen_kloppen_met_bibliotheek(rapport):
    from sdanalysis.analyse.programma import programmasectie
    from sdanalysis.bouw.programma import laad_programma

    uit, _ = rapport
    wb = load_workbook(uit.werkmap)
    for naam in (
        "Besparing per pakket",
        "Besparing per project",
        "Controles programma",
        "Aanbieders",
        "Concentratie jeugdhulp",
        "Iv3 benchmark 2023",
        "Iv3 begroting vs rekening 2023",
        "Begroting vs realisatie",
        "PxQ per jaar",
        "Aansluiting declaraties",
        "Volumes peildatum 1-1",
        "Meldingen per maand",
        "Doorlooptijden",
        "Wachttijden",
    ):
        assert naam in wb.sheetnames, naam
    # savings: the 2022 taakstelling per pakket equals the library's (pakket 1: € 4.500.000)
    ws, kop, rijen = _blad(wb, "Besparing per pakket")
    jp, jj, jt = kop.index("pakket"), kop.index("jaar"), kop.index("taakstelling_eur")
    waarde = {(r[jp], r[jj]): r[jt] for r in rijen}
    assert waarde[(1, 2022)] == 4_500_000
    gap = programmasectie(**laad_programma()).gap_pakket
    assert sum(v for v in waarde.values() if v) == gap["taakstelling_eur"].sum()
    assert ws.cell(row=2, column=jt + 1).number_format == FORMAAT_EURO
    # providers: cost over all providers equals the declared total per year
    ws, kop, rijen = _blad(wb, "Aanbieders")
    jk, jj = kop.index("kosten_eur"), kop.index("jaar")
    assert all(isinstance(r[jk], int | float) for r in rijen)
    decl = laad_tabel("declaraties")
    totaal_2023 = decl.loc[decl["periode_start"].dt.year == 2023, "bedrag_eur"].sum()
    assert abs(sum(r[jk] for r in rijen if r[jj] == 2023) - totaal_2023) < 1
    # suppressed counts are shown as the sign, never as a number under the threshold
    jc = kop.index("aantal_clienten_in_jaar")
    tellingen = [r[jc] for r in rijen]
    assert instellingen.SUPPRESSIE_TEKEN in tellingen
    assert not [
        v
        for v in tellingen
        if isinstance(v, int | float) and 0 < v < instellingen.SUPPRESSIE_DREMPEL
    ]


def test_bsn_in_notebookuitvoer_wordt_geweigerd(tmp_path):
    nb = _notebook(tmp_path / "99_lek.ipynb", "print('client', 111222333)")
    code = main(["report", "--notebook", str(nb), "--out", str(tmp_path / "r")])
    assert code == 1
    assert not (tmp_path / "r" / "latest").exists()
    geweigerd = list((tmp_path / "r").glob("geweigerd-*"))
    assert geweigerd and (geweigerd[0] / "99_lek.ipynb").exists()


def test_werkmap_pxq_identiteit(rapport):
    uit, _ = rapport
    wb = load_workbook(uit.werkmap)
    _, kop, rijen = _blad(wb, "PxQ per jaar")
    effecten = [
        k
        for k in kop
        if k.endswith("_eur")
        and k
        not in ("bedrag_basis_eur", "bedrag_vergelijk_eur", "verschil_vergelijk_min_basis_eur")
    ]
    assert {"volume_effect_eur", "prijs_effect_eur", "interactie_eur", "mix_categorie_eur"} <= set(
        effecten
    )
    jv = kop.index("verschil_vergelijk_min_basis_eur")
    for r in rijen:
        som = sum(r[kop.index(k)] or 0 for k in effecten)
        assert abs(som - r[jv]) < 0.01


def test_parameters_bereiken_het_notebook(tmp_path):
    pad = _notebook(
        tmp_path / "10_param.ipynb",
        "print(GEMEENTE, EERSTE_JAAR, LAATSTE_JAAR, PROCESSED.endswith('.verwerkt-2026-02-02'))",
        parameters="PROCESSED = None\nGEMEENTE = None\nEERSTE_JAAR = None\nLAATSTE_JAAR = None",
    )
    inst = instellingen.laad_instellingen(gemeente="Borne", jaren=(2017, 2022))
    uit = maak_rapport(
        inst.met(reports_dir=tmp_path / "r"),
        notebooks=[pad],
        datum="2026-02-02",
        log=lambda _t: None,
    )
    assert uit.gelukt
    assert "Borne 2017 2022 True" in _uitvoertekst(uit.map / "10_param.ipynb")


def test_eigen_gegevens_werkmap_zegt_wat_ontbreekt(tmp_path, rommelig, sleutel_env):
    pad = _notebook(tmp_path / "11_leeg.ipynb", "print('ok')")
    inst = instellingen.laad_instellingen(raw=[rommelig]).met(reports_dir=tmp_path / "r")
    uit = maak_rapport(inst, notebooks=[pad], datum="2026-03-03", log=lambda _t: None)
    assert [n.gelukt for n in uit.notebooks] == [True]
    assert (tmp_path / "r" / ".verwerkt-2026-03-03" / "toewijzingen.parquet").exists()
    # the workbook leaves out what the data cannot support, and says so
    wb = load_workbook(uit.werkmap)
    assert "Besparing per pakket" not in wb.sheetnames
    _, kop, rijen = _blad(wb, "Niet opgenomen")
    redenen = {r[0]: r[1] for r in rijen}
    assert redenen["Interventieprogramma"].startswith("geen gegevens aangeleverd: maatregelen")


def test_index_met_samenvatting_kerncijfer_en_status(tmp_path):
    """Index: whole first sentence without Markdown, the key figure and the status."""
    from sdanalysis.publiceren.rapport import NotebookUitkomst, schrijf_index, titel_en_samenvatting

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Begroting, realisatie en prijs × volume\n\n*Voor de raad.*\n\n"
            "De controller onderzoekt *in hoeverre de financiën een weergave\nvan de "
            "werkelijkheid zijn*, i.s.m. de afdeling. Dit notebook geeft het antwoord."
        )
    ]
    titel, zin = titel_en_samenvatting(nb)
    assert titel == "Begroting, realisatie en prijs × volume"
    assert zin == (
        "De controller onderzoekt in hoeverre de financiën een weergave van de "
        "werkelijkheid zijn, i.s.m. de afdeling."
    )
    uitkomsten = [
        NotebookUitkomst(
            "04_begroting",
            True,
            1.0,
            samenvatting=zin,
            titel=titel,
            kerncijfer="Kosten 2024: € 12,3 mln",
        ),
        NotebookUitkomst(
            "05_aanbieders", False, 1.0, fout="cel 3: KeyError 'x'", titel="Aanbieders"
        ),
    ]
    html = schrijf_index(tmp_path, uitkomsten, "sdanalysis: Testdorp", None).read_text()
    assert 'lang="nl"' in html and "*" not in html
    assert zin in html and "Kosten 2024: € 12,3 mln" in html
    assert "gelukt" in html and "mislukt: cel 3: KeyError" in html
    assert "<ol>" not in html and "04 Begroting" not in html  # no "4. 04 Begroting"


def test_lezerspagina_kernpunten_bovenaan_en_navigatie(tmp_path):
    from sdanalysis.publiceren.rapport import NotebookUitkomst, lezerspagina, zet_buren
    from sdanalysis.weergave.kernpunten import kernpunten

    blok = kernpunten([("Cliënten 2024", 5, "aantal"), ("Kosten", 1_500_000, "euro")])
    ruw = (
        "<html><head><title>Notebook</title></head><body>"
        '<div class="jp-Cell"><h1>Volumes</h1><p>Inleiding.</p></div>'
        "<h2>Grafiek</h2><img src='a.png'><img src='b.png'>"
        f"{blok._repr_html_()}</body></html>"
    )
    pagina = lezerspagina(ruw, "Volumes", ["Grafiek: Cliënten per jaar", ""])
    assert pagina.index("sd-kernpunten") < pagina.index("<h2>")  # moved to the top
    assert 'alt="Grafiek: Cliënten per jaar"' in pagina and 'alt="Grafiek: Grafiek"' in pagina
    assert ">.</span>" in pagina and ">5<" not in pagina  # a small count is suppressed
    for naam in ("01_a", "02_b"):
        (tmp_path / f"{naam}_lezer.html").write_text(pagina, encoding="utf-8")
    zet_buren(
        tmp_path,
        [
            NotebookUitkomst("01_a", True, 1, titel="A"),
            NotebookUitkomst("02_b", True, 1, titel="B"),
        ],
    )
    eerste = (tmp_path / "01_a_lezer.html").read_text(encoding="utf-8")
    tweede = (tmp_path / "02_b_lezer.html").read_text(encoding="utf-8")
    assert 'href="02_b_lezer.html">Volgende: B' in eerste and "Vorige" not in eerste
    assert 'href="01_a_lezer.html">‹ Vorige: A' in tweede and 'href="index.html"' in tweede


def test_notebook_zonder_kernelwaarschuwing_met_alt_en_kerncijfer(tmp_path, capfd):
    """A real kernel run: IPC transport (no TCP warning), chart alt text, key figure."""
    from sdanalysis.publiceren.rapport import voer_notebook_uit

    pad = _notebook(
        tmp_path / "12_kern.ipynb",
        "%matplotlib inline\nimport matplotlib.pyplot as plt\n"
        "from sdanalysis.weergave.kernpunten import kernpunten",
        "fig, ax = plt.subplots(); ax.plot([1, 2]); ax.set_title('Cliënten per jaar');",
        "import pandas as pd\npd.DataFrame({'aantal_clienten': [12], 'actief': [True]})",
        "kernpunten([('Cliënten 2024', 1234, 'aantal')])",
    )
    uit = voer_notebook_uit(pad, tmp_path, {})
    assert uit.gelukt, uit.fout
    assert "without encryption" not in capfd.readouterr().err  # the kernel's own stderr
    assert uit.kerncijfer == "Cliënten 2024: 1.234"
    lezer = (tmp_path / "12_kern_lezer.html").read_text(encoding="utf-8")
    assert "Kernel is running over TCP" not in lezer + _uitvoertekst(tmp_path / "12_kern.ipynb")
    assert 'alt="Grafiek: Cliënten per jaar"' in lezer
    assert "Aantal cliënten" in lezer and ">ja<" in lezer  # a bare DataFrame via toon
