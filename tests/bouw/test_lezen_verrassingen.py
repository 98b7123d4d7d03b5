"""Reading without surprises: merged cells, formulas, encodings, empty files, sheets, messages.

Each test builds a small adversarial file and checks that nothing is dropped or changed
without a note, and that every message is Dutch and names what was expected.
"""

from __future__ import annotations

import openpyxl
import pytest

from sdanalysis.bouw.lezen import LeesFout, lees_bestand, lees_bladen, reden_niet_gelezen
from sdanalysis.bouw.valideren import valideer_pad
from sdanalysis.contracts import BEGROTING, TOEWIJZINGEN

KOP = "toewijzingnummer;client_id;wet;productcategorie;aanbieder_agb;ingangsdatum;volume\n"


def _werkmap(pad, rijen, opmaak=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    for rij in rijen:
        ws.append(rij)
    if opmaak:
        opmaak(wb, ws)
    wb.save(pad)
    return pad


# --------------------------------------------------------------------------- merged cells


def test_verticaal_samengevoegde_cellen_alleen_binnen_het_bereik_ingevuld(tmp_path):
    pad = _werkmap(
        tmp_path / "begroting.xlsx",
        [
            ["Jaar", "Taakveld", "Soort", "Bedrag"],
            [2020, "6.71", "primitief", 10],
            [None, "6.72", "primitief", 11],
            [None, "6.81", "primitief", 12],
            [None, "6.82", "primitief", 13],  # below the merge: stays empty
        ],
        lambda wb, ws: ws.merge_cells("A2:A4"),
    )
    (res,) = valideer_pad(pad, BEGROTING, b"k")
    assert res.geaccepteerd["jaar"].tolist() == [2020, 2020, 2020]
    assert res.quarantaine[["rij", "kolom"]].values.tolist() == [[5, "jaar"]]
    assert any("samengevoegde cellen" in o and "A2:A4" in o for o in res.opmerkingen)


def test_samengevoegde_kop_geeft_geen_opmerking_over_gegevens(tmp_path):
    pad = _werkmap(
        tmp_path / "begroting.xlsx",
        [["Jaar", "Taakveld", "Soort", "Bedrag", None], [2020, "6.71", "primitief", 10, 11]],
        lambda wb, ws: ws.merge_cells("D1:E1"),
    )
    ruw = lees_bestand(pad, BEGROTING)
    assert not any("samengevoegde" in o for o in ruw.opmerkingen)


# --------------------------------------------------------------------------- formulas


def test_formule_zonder_berekende_waarde_in_quarantaine(tmp_path):
    pad = _werkmap(
        tmp_path / "begroting.xlsx",
        [
            ["Jaar", "Taakveld", "Omschrijving", "Soort", "Bedrag"],
            [2020, "6.71", "a", "primitief", 10],
            [2020, "6.72", '=B3&"x"', "primitief", "=E2*2"],  # optional and required cell
        ],
    )
    (res,) = valideer_pad(pad, BEGROTING, b"k")
    assert res.rijen_gelezen == res.rijen_geaccepteerd + res.rijen_geweigerd == 2
    q = res.quarantaine
    assert set(q["rij"]) == {3}
    assert set(q["kolom"]) == {"omschrijving", "bedrag_eur"}
    assert q["reden"].str.startswith("formule zonder berekende waarde").all()
    assert "=E2*2" in set(q["waarde"])


# --------------------------------------------------------------------------- encodings, empty files


@pytest.mark.parametrize("codering", ["utf-16-le", "utf-16-be"])
def test_utf16_zonder_bom_wordt_gelezen(tmp_path, codering):
    pad = tmp_path / "toewijzingen.csv"
    pad.write_bytes((KOP + "T1;c1;WMO;07;12345678;01-02-2019;3\n").encode(codering))
    ruw = lees_bestand(pad, TOEWIJZINGEN)
    assert ruw.codering == codering
    assert ruw.rijen.iloc[0, 0] == "T1"
    assert any("zonder BOM" in o for o in ruw.opmerkingen)


@pytest.mark.parametrize(
    "inhoud",
    [
        b"\n\n   \n\n",
        b"\xef\xbb\xbf\n\n",
        b";;;\n;;\n\n",
        "\n\n \n".encode("utf-16"),
        "\n\n \n".encode("utf-16-le"),
    ],
)
def test_bestand_met_alleen_lege_regels_heet_leeg(tmp_path, inhoud):
    pad = tmp_path / "toewijzingen.csv"
    pad.write_bytes(inhoud)
    with pytest.raises(LeesFout) as e:
        lees_bestand(pad, TOEWIJZINGEN)
    assert "toewijzingen.csv" in str(e.value)
    assert "leeg" in str(e.value)
    assert "kopregel gevonden" not in str(e.value)


def test_werkmap_met_alleen_lege_bladen_heet_leeg(tmp_path):
    pad = _werkmap(tmp_path / "begroting.xlsx", [], lambda wb, ws: wb.create_sheet("b"))
    with pytest.raises(LeesFout, match="leeg"):
        lees_bestand(pad, BEGROTING)


# --------------------------------------------------------------------------- sheets


def test_elk_blad_gelezen_of_genoemd_met_reden(tmp_path):
    def bladen(wb, ws):
        ws.title = "2020"
        b = wb.create_sheet("2021")  # one optional column less: read
        b.append(["Jaar", "Taakveld", "Soort", "Bedrag"])
        b.append([2021, "6.71", "primitief", 11])
        b = wb.create_sheet("2022")  # a required column missing: skipped, with reason
        b.append(["Jaar", "Taakveld", "Bedrag"])
        b.append([2022, "6.71", 12])
        wb.create_sheet("leeg")
        wb.create_sheet("toelichting").append(["Toelichting bij de begroting"])

    pad = _werkmap(
        tmp_path / "begroting.xlsx",
        [
            ["Jaar", "Taakveld", "Omschrijving", "Soort", "Bedrag"],
            [2020, "6.71", "x", "primitief", 1],
        ],
        bladen,
    )
    gelezen = lees_bladen(pad, BEGROTING)
    assert [r.blad for r in gelezen] == ["2020", "2021"]
    notitie = next(o for o in gelezen[0].opmerkingen if o.startswith("bladen overgeslagen"))
    assert "'2022': andere verplichte kolommen" in notitie and "mist: soort" in notitie
    assert "'leeg': leeg blad" in notitie
    assert "'toelichting': geen kopregel" in notitie


# --------------------------------------------------------------------------- files and tables


@pytest.mark.parametrize(
    ("naam", "fragment"),
    [
        ("export.zip", "pak het zip-bestand uit"),
        ("begroting.xlsx.gz", "alleen CSV"),
        ("toewijzingen.pdf", "'.pdf' wordt niet gelezen"),
        ("~$begroting.xlsx", "vergrendelbestand"),
        ("LEESMIJ", "(geen extensie)"),
        ("README.md", "documentatie"),
    ],
)
def test_reden_waarom_een_bestand_niet_gelezen_wordt(naam, fragment):
    assert fragment in reden_niet_gelezen(naam)


@pytest.mark.parametrize("naam", ["toewijzingen.csv", "begroting.CSV.GZ", "b.ods", "d.xlsb"])
def test_bronbestanden_hebben_geen_reden(naam):
    assert reden_niet_gelezen(naam) is None


def test_samengevoegde_cellen_ook_via_calamine(tmp_path):
    pytest.importorskip("python_calamine")
    from sdanalysis.bouw.lezen import _rijen_calamine

    pad = _werkmap(
        tmp_path / "begroting.xlsx",
        [["Jaar", "Taakveld"], [2020, "6.71"], [None, "6.72"], [None, "6.81"]],
        lambda wb, ws: ws.merge_cells("A2:A3"),
    )
    (blad,) = _rijen_calamine(pad)
    assert [r[0] for r in blad.rijen[1:]] == [2020, 2020, ""]  # below the merge: empty
    assert blad.samengevoegd == [(1, 2, 0, 0)]
