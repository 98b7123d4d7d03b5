"""Readers and Dutch parsers."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from sdanalysis.bouw.getallen import parse_bedrag, parse_datum, parse_getal
from sdanalysis.bouw.lezen import LeesFout, lees_bestand
from sdanalysis.contracts import BEGROTING, TOEWIJZINGEN


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("1.500.000", 1_500_000.0),
        ("1.500.000,50", 1_500_000.5),
        ("€ 1.500.000", 1_500_000.0),
        ("€1,7 mln", 1_700_000.0),
        ("1,7 mln", 1_700_000.0),
        ("7 ton", 700_000.0),
        ("-€ 20.000", -20_000.0),
        ("€ -20.000", -20_000.0),
        ("(20.000)", -20_000.0),
        ("-/- 20.000", -20_000.0),
        ("€ 50.000,-", 50_000.0),
        ("1,7", 1.7),
        ("2 mln", 2_000_000.0),
        ("€ 8.452.761,-", 8_452_761.0),
        ("144.000", 144_000.0),
        ("2368.0", 2368.0),
        (1500000, 1_500_000.0),
        (45.5, 45.5),
        ("1 miljoen", 1_000_000.0),
        ("EUR 300", 300.0),
    ],
)
def test_parse_bedrag_nederlandse_notaties(tekst, verwacht):
    waarde, fout = parse_bedrag(tekst)
    assert fout is None
    assert waarde == pytest.approx(verwacht)


@pytest.mark.parametrize("tekst", ["PM", "pm", "p.m."])
def test_pm_is_geen_nul(tekst):
    assert parse_bedrag(tekst) == (None, "PM")


@pytest.mark.parametrize("tekst", ["veel", "1.5.0", "€€", "12,34,5", "bijna 1 mln", "1,2,3"])
def test_onleesbaar_bedrag_geeft_reden(tekst):
    waarde, fout = parse_bedrag(tekst)
    assert waarde is None
    assert fout and "onleesbaar" in fout


def test_leeg_is_leeg():
    assert parse_getal("") == (None, None)
    assert parse_getal(None) == (None, None)
    assert parse_getal(float("nan")) == (None, None)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("17-04-2019", "2019-04-17"),
        ("1-2-19", "2019-02-01"),
        ("01/02/2019", "2019-02-01"),
        ("2019-02-01", "2019-02-01"),
        ("2019-02-01 00:00:00", "2019-02-01"),
        ("20190201", "2019-02-01"),
        (43497, "2019-02-01"),
        ("43497", "2019-02-01"),
        (dt.datetime(2019, 2, 1, 13, 5), "2019-02-01"),
        (dt.date(2020, 2, 29), "2020-02-29"),
        ("29-02-2020", "2020-02-29"),
        ("1-1-99", "1999-01-01"),
    ],
)
def test_parse_datum(tekst, verwacht):
    waarde, fout = parse_datum(tekst)
    assert fout is None
    assert waarde == pd.Timestamp(verwacht)


@pytest.mark.parametrize(
    "tekst", ["29-02-2019", "32-01-2019", "13-13-2019", "gisteren", "2019-13-01", -5]
)
def test_ongeldige_datum(tekst):
    waarde, fout = parse_datum(tekst)
    assert waarde is None and fout.startswith("ongeldige datum")


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
