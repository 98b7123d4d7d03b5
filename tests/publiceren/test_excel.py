"""Excel workbook format and the privacy gate."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
from openpyxl import load_workbook

from sdanalysis import instellingen
from sdanalysis.publiceren.excel import FORMAAT_EURO, FORMAAT_PROCENT, Afdruk, schrijf_werkmap
from sdanalysis.publiceren.privacypoort import privacypoort


def _werkmap(tmp_path):
    df = pd.DataFrame(
        {
            "jaar": [2019, 2020],
            "categorie": ["Dagbesteding", "Begeleiding"],
            "bedrag_eur": [1_500_000.0, 150_000.0],
            "aandeel": [0.125, 0.5],
            "aantal_clienten": pd.array([120, pd.NA], dtype="Int64"),
            "aantal_clienten_onderdrukt": [False, True],
        }
    )
    return schrijf_werkmap({"Volumes": df, "Leeg": pd.DataFrame({"a": []})}, tmp_path / "w.xlsx")


def test_werkmap_echte_getallen_met_opmaak(tmp_path):
    pad = _werkmap(tmp_path)
    wb = load_workbook(pad)
    assert wb.sheetnames == ["Inhoud", "Volumes", "Leeg"]
    ws = wb["Volumes"]
    kop = [c.value for c in ws[1]]
    assert kop == [
        "jaar",
        "categorie",
        "bedrag_eur",
        "aandeel",
        "aantal_clienten",
    ]  # marker not written
    assert ws["C2"].value == 1_500_000 and isinstance(ws["C2"].value, int | float)
    assert ws["C2"].number_format == FORMAAT_EURO
    assert ws["D2"].number_format == FORMAAT_PROCENT
    assert ws["A1"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E3"
    assert ws["E3"].value == instellingen.SUPPRESSIE_TEKEN  # suppressed, never a number
    assert ws["E2"].value == 120
    assert ws.column_dimensions["B"].width >= len("Dagbesteding")


def test_privacypoort_schoon(tmp_path):
    _werkmap(tmp_path)
    (tmp_path / "a.html").write_text("<p>€ 1.500.000 en 123456789</p>")
    assert privacypoort(tmp_path) == []


def test_privacypoort_vindt_bsn_in_notebook_html_en_xlsx(tmp_path):
    nb = {"cells": [{"cell_type": "code", "outputs": [{"text": "client 111222333"}]}]}
    (tmp_path / "02.ipynb").write_text(json.dumps(nb))
    (tmp_path / "02.html").write_text("<td>100000022</td>")
    schrijf_werkmap({"X": pd.DataFrame({"id": ["111222333"]})}, tmp_path / "x.xlsx")
    problemen = privacypoort(tmp_path)
    assert any("02.ipynb" in p for p in problemen)
    assert any("02.html" in p for p in problemen)
    assert any("x.xlsx" in p and "cel" in p for p in problemen)
    assert not any("111222333" in p for p in problemen)  # the gate does not repeat the number


def test_privacypoort_vindt_bsn_in_png_metadata(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([1, 2])
    fig.savefig(tmp_path / "f.png", metadata={"Description": "client 111222333"})
    plt.close(fig)
    assert any("PNG" in p for p in privacypoort(tmp_path))


def test_privacypoort_vindt_kleine_aantallen(tmp_path):
    schrijf_werkmap(
        {"A": pd.DataFrame({"aanbieder": ["x", "y"], "aantal_clienten": [4, 40]})},
        tmp_path / "k.xlsx",
    )
    problemen = privacypoort(tmp_path)
    assert len(problemen) == 1 and "rij 2" in problemen[0] and "aantal 4" in problemen[0]


def test_privacypoort_svg_ids_geen_vals_alarm_maar_tekst_wel(tmp_path):
    (tmp_path / "schoon.svg").write_text(
        '<svg><path id="m236627971b" d="M 1 2"/><use xlink:href="#m236627971b"/></svg>'
    )
    assert privacypoort(tmp_path) == []
    (tmp_path / "lek.svg").write_text("<svg><text>client 111222333</text></svg>")
    assert [p for p in privacypoort(tmp_path) if "lek.svg" in p]


def test_privacypoort_vindt_kleine_aantallen_in_notebooktabellen(tmp_path):
    tabel = pd.DataFrame(
        {"categorie": ["Verblijf GGZ", "Dagbesteding"], "Cliënten": [4, 300]}
    ).to_html()
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "outputs": [{"output_type": "execute_result", "data": {"text/html": tabel}}],
            }
        ]
    }
    (tmp_path / "02.ipynb").write_text(json.dumps(nb))
    problemen = privacypoort(tmp_path)
    assert len(problemen) == 1
    assert (
        "02.ipynb, cel 1" in problemen[0]
        and "Cliënten" in problemen[0]
        and "aantal 4" in problemen[0]
    )
    onderdrukt = pd.DataFrame({"categorie": ["Verblijf GGZ"], "Cliënten": ["."]}).to_html()
    nb["cells"][0]["outputs"][0]["data"]["text/html"] = onderdrukt
    (tmp_path / "02.ipynb").write_text(json.dumps(nb))
    assert privacypoort(tmp_path) == []


def test_aanbiedersnaam_met_formule_blijft_tekst(tmp_path):
    """A provider name like =HYPERLINK(...) must never become a live formula (issue 13)."""
    from openpyxl import load_workbook

    namen = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "gewoon"]
    pad = schrijf_werkmap({"Aanbieders": pd.DataFrame({"aanbieder": namen})}, tmp_path / "w.xlsx")
    ws = load_workbook(pad)["Aanbieders"]
    cellen = [ws.cell(row=i, column=1) for i in range(2, len(namen) + 2)]
    assert [c.value for c in cellen] == namen
    assert all(c.data_type == "s" for c in cellen)


def test_werkmap_afdrukinstelling_op_elk_blad(tmp_path):
    """Every sheet prints landscape, one page wide, header repeated, footer with source."""
    afdruk = Afdruk(bron="Bron: exports gemeente P & Q", gemeente="Testdorp", datum="01-02-2026")
    pad = schrijf_werkmap(
        {"Volumes": pd.DataFrame({"jaar": [2020, 2021], "aantal_clienten": [12, 30]})},
        tmp_path / "w.xlsx",
        afdruk=afdruk,
    )
    wb = load_workbook(pad)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.oddFooter.left.text == "Bron: exports gemeente P && Q"  # & escaped
        assert "Testdorp" in ws.oddFooter.center.text
        assert ws.oddFooter.right.text.startswith("01-02-2026")


def test_werkmap_inhoud_met_koppelingen(tmp_path):
    bladen = {
        "Volumes": pd.DataFrame({"a": [1]}),
        "Iv3 'x' 2023": pd.DataFrame({"b": [2]}),
    }
    pad = schrijf_werkmap(
        bladen, tmp_path / "w.xlsx", beschrijvingen={"Volumes": "Cliënten per jaar."}
    )
    wb = load_workbook(pad)
    assert wb.sheetnames[0] == "Inhoud"
    rijen = list(wb["Inhoud"].iter_rows(min_row=2))
    assert [r[0].value for r in rijen] == list(bladen)
    assert [r[1].value or "" for r in rijen] == ["Cliënten per jaar.", ""]
    doelen = [r[0].hyperlink.location or r[0].hyperlink.target for r in rijen]
    assert doelen[0].endswith("'Volumes'!A1")
    assert doelen[1].endswith("'Iv3 ''x'' 2023'!A1")


def test_werkmap_afgeleide_onderdrukte_cel_toont_teken(tmp_path):
    """A value blanked with its suppressed count (row marker, no own marker) shows the sign;
    a missing value in an unmarked row stays empty (missing is not suppressed)."""
    df = pd.DataFrame(
        {
            "aantal_clienten": pd.array([pd.NA, 40], dtype="Int64"),
            "kosten_per_client_eur": [float("nan"), float("nan")],
            "aantal_clienten_onderdrukt": [True, False],
            "is_onderdrukt": [True, False],
        }
    )
    ws = load_workbook(schrijf_werkmap({"A": df}, tmp_path / "w.xlsx"))["A"]
    teken = instellingen.SUPPRESSIE_TEKEN
    assert [ws["A2"].value, ws["B2"].value] == [teken, teken]
    assert [ws["A3"].value, ws["B3"].value] == [40, None]


def test_werkmap_bedragen_en_aantallen_numeriek(tmp_path):
    """Amounts and counts are number cells with a number format, never text."""
    df = pd.DataFrame(
        {
            "taakveld": ["6.71", "6.72"],
            "per_inwoner_eur": [339.86, 14.1],
            "aantal_clienten": pd.array([120, 35], dtype="Int64"),
            "percentiel_regio": [25.0, 84.6],
        }
    )
    ws = load_workbook(schrijf_werkmap({"Iv3": df}, tmp_path / "w.xlsx"))["Iv3"]
    for rij in ws.iter_rows(min_row=2, min_col=2):
        for cel in rij:
            assert cel.data_type == "n" and cel.number_format != "General", cel.coordinate
    assert ws["B2"].number_format == FORMAAT_EURO and ws["A2"].data_type == "s"
