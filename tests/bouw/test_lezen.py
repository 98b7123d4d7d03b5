"""Readers and Dutch parsers."""

from __future__ import annotations

import openpyxl
import pytest

from sdanalysis.bouw.lezen import LeesFout, lees_bestand
from sdanalysis.contracts import BEGROTING, TOEWIJZINGEN


def test_csv_met_titelregels_en_puntkomma(rommelig):
    ruw = lees_bestand(rommelig / "toewijzingen_2019.csv", TOEWIJZINGEN)
    assert ruw.header_rij == 4
    assert ruw.scheidingsteken == ";"
    assert ruw.rijnummers[0] == 5
    assert ruw.lege_regels == 1
    # the row after the empty line keeps its own line number
    assert ruw.rijnummers[6] == 12


def test_cp1252_csv(rommelig):
    ruw = lees_bestand(rommelig / "meldingen.csv")
    assert ruw.codering == "cp1252"


def test_excel_titel_totaal_en_samengevoegde_kop(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Overzicht"])
    ws.append([None, "Periode", None, None])
    ws.append(["Jaar", "Taakveld", "Soort", "Bedrag"])
    ws.append([2020, "6.71", "primitief", 10])
    ws.merge_cells("B2:C2")
    pad = tmp_path / "begroting.xlsx"
    wb.save(pad)
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.header_rij == 3
    assert ruw.rijen.shape == (1, 4)
    assert ruw.blad == "Sheet"


def test_samengevoegde_koppen_worden_uitgespreid(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Jaar", "Taakveld", "Soort", "Bedrag", None])
    ws.merge_cells("D1:E1")
    ws.append([2020, "6.71", "primitief", 10, 11])
    pad = tmp_path / "begroting.xlsx"
    wb.save(pad)
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.kolommen == ["Jaar", "Taakveld", "Soort", "Bedrag", "Bedrag_2"]


@pytest.mark.parametrize(
    ("naam", "inhoud", "fragment"),
    [
        ("toewijzingen.csv", b"", "leeg"),
        ("toewijzingen.xlsx", b"dit is geen excel", "Excel"),
        ("toewijzingen.pdf", b"%PDF-1.4", "onbekend bestandstype"),
        ("toewijzingen.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("toewijzingen.csv", b"a;b;c\n1;2;3\n", "geen kopregel"),
        ("toewijzingen.csv", b"\x00\x01\x02binary\x00", "geen tekstbestand"),
    ],
)
def test_onleesbaar_bestand_geeft_nederlandse_fout(tmp_path, naam, inhoud, fragment):
    pad = tmp_path / naam
    pad.write_bytes(inhoud)
    with pytest.raises(LeesFout) as e:
        lees_bestand(pad, TOEWIJZINGEN)
    assert naam in str(e.value)
    assert fragment in str(e.value)


def test_komma_gescheiden_utf8_bom(tmp_path):
    pad = tmp_path / "begroting.csv"
    pad.write_bytes(
        '\ufeffjaar,taakveld,soort,bedrag_eur\n2020,6.71,primitief,"1.234,50"\n'.encode()
    )
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.scheidingsteken == "," and ruw.codering == "utf-8-sig"
    assert ruw.rijen.iloc[0]["bedrag_eur"] == "1.234,50"


def test_werkmap_met_een_blad_per_jaar_en_een_voorblad(tmp_path):
    from sdanalysis.bouw.lezen import lees_bladen

    wb = openpyxl.Workbook()
    voor = wb.active
    voor.title = "Toelichting"
    voor.append(["Export begroting, zie de bladen per jaar"])
    for jaar in (2019, 2020):
        ws = wb.create_sheet(str(jaar))
        ws.append(["Jaar", "Taakveld", "Soort", "Bedrag"])
        ws.append([jaar, "6.71", "primitief", 10])
    samenvatting = wb.create_sheet("Samenvatting")
    samenvatting.append(["Taakveld", "Bedrag"])
    samenvatting.append(["6.71", 20])
    pad = tmp_path / "begroting.xlsx"
    wb.save(pad)
    bladen = lees_bladen(pad, BEGROTING)
    assert [b.blad for b in bladen] == ["2019", "2020"]
    assert all(b.rijen.shape == (1, 4) for b in bladen)
    assert any("Samenvatting" in o and "overgeslagen" in o for o in bladen[0].opmerkingen)


# --------------------------------------------------------------------------- issue 14


def _schrijf(pad, tekst, codering="utf-8"):
    pad.write_bytes(tekst.encode(codering))
    return pad


def test_csv_gz_wordt_gelezen(tmp_path):
    import gzip

    pad = tmp_path / "begroting_2020.csv.gz"
    pad.write_bytes(gzip.compress(b"jaar;taakveld;soort;bedrag_eur\n2020;6.71;primitief;10\n"))
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.rijen.shape == (1, 4)
    assert ruw.rijen.iloc[0]["bedrag_eur"] == "10"


def test_kapot_gz_bestand_geeft_nederlandse_fout(tmp_path):
    pad = tmp_path / "begroting.csv.gz"
    pad.write_bytes(b"\x1f\x8b\x08kapot")
    with pytest.raises(LeesFout, match="begroting.csv.gz: gzip-bestand beschadigd"):
        lees_bestand(pad, BEGROTING)


def test_bronbestanden_en_extensies():
    from sdanalysis.bouw.lezen import extensie, is_bronbestand

    assert extensie("a/Toewijzingen.CSV.GZ") == ".csv.gz"
    assert all(
        is_bronbestand(n)
        for n in ("t.csv", "t.tsv.gz", "t.xlsx", "t.xlsm", "t.xls", "t.xlsb", "t.ods")
    )
    assert not any(is_bronbestand(n) for n in ("t.pdf", "t.gz", "t.docx", "README.md"))


@pytest.mark.parametrize("ext", [".ods", ".xlsb", ".xls"])
def test_formaat_zonder_calamine_noemt_de_reden(tmp_path, monkeypatch, ext):
    import sys

    monkeypatch.setitem(sys.modules, "python_calamine", None)  # import fails
    pad = tmp_path / f"begroting{ext}"
    pad.write_bytes(b"PK\x03\x04")
    with pytest.raises(LeesFout) as e:
        lees_bestand(pad, BEGROTING)
    assert f"begroting{ext}" in str(e.value)
    assert "python-calamine" in str(e.value) and ".xlsx of CSV" in str(e.value)


def _ods(pad, bladen):
    """A minimal OpenDocument spreadsheet: {name: rows}."""
    import zipfile
    from xml.sax.saxutils import escape

    def cel(w):
        if isinstance(w, int | float):
            return (
                f'<table:table-cell office:value-type="float" office:value="{w}">'
                f"<text:p>{w}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(w))}</text:p></table:table-cell>'

    tabellen = "".join(
        f'<table:table table:name="{naam}">'
        + "".join("<table:table-row>" + "".join(map(cel, r)) + "</table:table-row>" for r in rijen)
        + "</table:table>"
        for naam, rijen in bladen.items()
    )
    inhoud = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tabellen}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(pad, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", inhoud)
        z.writestr("META-INF/manifest.xml", manifest)
    return pad


def test_ods_wordt_gelezen_met_calamine(tmp_path):
    pytest.importorskip("python_calamine")
    pad = _ods(
        tmp_path / "begroting.ods",
        {"2020": [["Jaar", "Taakveld", "Soort", "Bedrag"], [2020, "6.71", "primitief", 10]]},
    )
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.blad == "2020"
    assert ruw.rijen.shape == (1, 4)
    assert float(ruw.rijen.iloc[0]["Bedrag"]) == 10.0


def test_kapotte_xlsb_met_calamine_geeft_nederlandse_fout(tmp_path):
    pytest.importorskip("python_calamine")
    pad = tmp_path / "begroting.xlsb"
    pad.write_bytes(b"geen werkmap")
    with pytest.raises(LeesFout, match=r"begroting.xlsb: geen leesbaar \.xlsb-bestand"):
        lees_bestand(pad, BEGROTING)


def _begroting_werkmap(pad, bladen, verborgen=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for naam, rijen in bladen.items():
        ws = wb.create_sheet(naam)
        for r in rijen:
            ws.append(r)
        if naam in verborgen:
            ws.sheet_state = "hidden"
    wb.save(pad)
    return pad


def test_blad_met_een_extra_optionele_kolom_wordt_gelezen(tmp_path):
    from sdanalysis.bouw.lezen import lees_bladen

    pad = _begroting_werkmap(
        tmp_path / "begroting.xlsx",
        {
            "2019": [["Jaar", "Taakveld", "Soort", "Bedrag"], [2019, "6.71", "primitief", 10]],
            "2020": [
                ["Jaar", "Taakveld", "Omschrijving", "Soort", "Bedrag"],
                [2020, "6.71", "Jeugd", "primitief", 11],
            ],
        },
    )
    bladen = lees_bladen(pad, BEGROTING)
    assert [b.blad for b in bladen] == ["2019", "2020"]


def test_verborgen_blad_wordt_gemeld_en_overgeslagen(tmp_path):
    from sdanalysis.bouw.lezen import lees_bladen

    kop = ["Jaar", "Taakveld", "Soort", "Bedrag"]
    pad = _begroting_werkmap(
        tmp_path / "begroting.xlsx",
        {
            "2020": [kop, [2020, "6.71", "primitief", 10]],
            "oud": [kop, [2020, "6.71", "primitief", 99]],
        },
        verborgen=("oud",),
    )
    bladen = lees_bladen(pad, BEGROTING)
    assert [b.blad for b in bladen] == ["2020"]
    assert any("verborgen" in o and "oud" in o for o in bladen[0].opmerkingen)


def test_alleen_verborgen_bladen_worden_toch_gelezen(tmp_path):
    kop = ["Jaar", "Taakveld", "Soort", "Bedrag"]
    pad = _begroting_werkmap(
        tmp_path / "begroting.xlsx",
        {"voorblad": [["Zie verborgen blad"]], "data": [kop, [2020, "6.71", "primitief", 10]]},
        verborgen=("data",),
    )
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.blad == "data"
    assert any("alleen verborgen bladen" in o for o in ruw.opmerkingen)


def test_rij_met_te_veel_of_te_weinig_velden_krijgt_een_reden(tmp_path):
    from sdanalysis.bouw.lezen import RIJFOUT_KOLOM

    pad = _schrijf(
        tmp_path / "begroting.csv",
        "jaar;taakveld;soort;bedrag_eur\n"
        "2020;6.71;primitief;10\n"
        "2020;6.72;primitief;10;extra\n"
        "2020;6.72\n"
        "2020;6.73;primitief;10;;\n",  # empty trailing fields: nothing is lost
    )
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.kolommen == ["jaar", "taakveld", "soort", "bedrag_eur"]
    fouten = ruw.rijen[RIJFOUT_KOLOM].tolist()
    assert fouten[0] is None and fouten[3] is None
    assert fouten[1].startswith("regel heeft 5 velden, de kopregel 4: 1 veld(en) te veel")
    assert fouten[2].startswith("regel heeft 2 velden, de kopregel 4: 2 veld(en) te weinig")


def test_decimale_komma_zonder_aanhalingstekens_hersteld_en_gemeld(tmp_path):
    from sdanalysis.bouw.lezen import RIJFOUT_KOLOM

    pad = _schrijf(
        tmp_path / "begroting.csv",
        'jaar,taakveld,soort,bedrag_eur\n2020,6.71,primitief,"1.234,50"\n2020,6.72,primitief,1234,50\n',
    )
    ruw = lees_bestand(pad, BEGROTING)
    assert ruw.rijen["bedrag_eur"].tolist() == ["1.234,50", "1234,50"]
    assert RIJFOUT_KOLOM not in ruw.rijen.columns
    assert any("decimale komma" in o and "regel 3: bedrag_eur" in o for o in ruw.opmerkingen)


def test_dubbelzinnige_decimale_komma_niet_hersteld(tmp_path):
    from sdanalysis.bouw.lezen import RIJFOUT_KOLOM
    from sdanalysis.contracts import DECLARATIES

    # 8,5 (volume) or 12,50 (bedrag)? Both are number columns: the row is not guessed.
    pad = _schrijf(
        tmp_path / "declaraties.csv",
        "toewijzingnummer,periode_start,periode_eind,geleverd_volume,bedrag_eur\n"
        "T1,01-01-2019,31-01-2019,8,5,12\n",
    )
    ruw = lees_bestand(pad, DECLARATIES)
    assert "decimale komma" in ruw.rijen[RIJFOUT_KOLOM].iloc[0]


def test_los_cp1252_teken_in_utf8_bederft_alleen_die_regel(tmp_path):
    pad = tmp_path / "meldingen.csv"
    pad.write_bytes(
        "melding_id;Cliëntnummer;wet;datum_melding\n".encode()
        + b"M1;C1;WMO;01-01-2019\n"
        + b"M2;Ren\xe9;WMO;01-01-2019\n"  # one cp1252 byte
        + "M3;Zoë;JW;01-01-2019\n".encode()
    )
    ruw = lees_bestand(pad)
    assert ruw.kolommen[1] == "Cliëntnummer"
    assert ruw.rijen["Cliëntnummer"].tolist() == ["C1", "René", "Zoë"]
    assert ruw.codering == "utf-8/cp1252"
    assert any("regel 3" in o and "cp1252" in o for o in ruw.opmerkingen)


def test_bestandsnamen_uniek_per_pad(tmp_path):
    from pathlib import Path

    from sdanalysis.bouw.lezen import bestandsnamen

    a, b = Path("/r1"), Path("/r2")
    paden = [
        a / "2019" / "toewijzingen.csv",
        a / "2020" / "toewijzingen.csv",
        b / "2020" / "toewijzingen.csv",
        a / "begroting.xlsx",
    ]
    namen = bestandsnamen(paden, [a, b])
    assert len(set(namen.values())) == 4
    assert namen[a / "begroting.xlsx"] == "begroting.xlsx"
    assert namen[a / "2019" / "toewijzingen.csv"] == "r1/2019/toewijzingen.csv"
    assert namen[b / "2020" / "toewijzingen.csv"] == "r2/2020/toewijzingen.csv"
