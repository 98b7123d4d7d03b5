"""The privacy gate uses the one BSN detector, knows every count of people, never crashes."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from sdanalysis.publiceren.excel import schrijf_werkmap
from sdanalysis.publiceren.privacypoort import privacypoort
from sdanalysis.weergave.suppressie import is_aantal_personen


def _werkmap(pad, rijen, titel="Aanbieders"):
    wb = Workbook()
    ws = wb.active
    ws.title = titel
    for r in rijen:
        ws.append(r)
    wb.save(pad)
    return pad


@pytest.mark.parametrize("naam", ["Zorg 1112.22.333 BV", "Zorg 12345672 BV", "Zorg 123 456 782"])
def test_poort_vindt_bsn_met_punten_en_acht_cijfers_in_aanbiedernaam(tmp_path, naam):
    _werkmap(tmp_path / "w.xlsx", [["aanbieder_naam", "aantal_clienten"], [naam, 40]])
    problemen = privacypoort(tmp_path)
    assert any("BSN" in p for p in problemen)
    assert not any(c in " ".join(problemen) for c in ("1112.22.333", "12345672", "456 782"))


def test_poort_vindt_bsn_in_bladnaam(tmp_path):
    _werkmap(tmp_path / "w.xlsx", [["x"], [1]], titel="Cliënt 123456782")
    assert any("bladnaam" in p for p in privacypoort(tmp_path))


def test_poort_geen_vals_alarm_op_agb_codes_en_bedragen(tmp_path):
    _werkmap(
        tmp_path / "w.xlsx",
        [["aanbieder_agb", "kosten_eur", "aantal_clienten"], ["12345672", 23530437, 40]],
    )
    assert privacypoort(tmp_path) == []


@pytest.mark.parametrize(
    ("naam", "inhoud"),
    [
        ("05_aanbieders.html", "<table><tr><td>Zorg 1112.22.333 BV</td></tr></table>"),
        ("grafiek.svg", "<svg><text>Zorg 12345672 BV</text></svg>"),
    ],
)
def test_poort_vindt_bsn_varianten_in_html_en_svg(tmp_path, naam, inhoud):
    (tmp_path / naam).write_text(inhoud, encoding="utf-8")
    assert privacypoort(tmp_path)


def test_poort_decompressiebom_wordt_melding_geen_traceback(tmp_path):
    import struct
    import zlib

    def chunk(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data))
        )

    # a PNG header that claims 60000 x 60000 pixels (3.6 billion): Pillow refuses to open it
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")
    (tmp_path / "bom.png").write_bytes(png)
    problemen = privacypoort(tmp_path)
    assert len(problemen) == 1 and "te groot" in problemen[0]


@pytest.mark.parametrize(
    "kolom",
    [
        "aantal_toewijzingen",
        "aantal_wacht",
        "aantal_toegekend",
        "aantal_gestart",
        "aantal_trajecten",
        "trajecten_gestart",
        "aantal_afgerond",
        "aantal_open",
        "Wachtenden",
    ],
)
def test_poort_kent_elke_telling_van_personen(kolom):
    assert is_aantal_personen(kolom)


@pytest.mark.parametrize(
    "kolom", ["bedrag_eur", "aantal_aanbieders", "n_effecten", "mediaan_wachttijd_dagen", "jaar"]
)
def test_geen_telling_van_personen(kolom):
    assert not is_aantal_personen(kolom)


def test_poort_vindt_kleine_wachtlijst_in_werkmap(tmp_path):
    _werkmap(
        tmp_path / "w.xlsx", [["jaar", "wet", "aantal_wacht"], [2022, "WMO", 1]], "Wachttijden"
    )
    assert any("aantal_wacht" in p for p in privacypoort(tmp_path))


@pytest.mark.parametrize(
    "tekst", ['=HYPERLINK("http://x","klik")', "+31612345678", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1"]
)
def test_werkmap_tekst_blijft_tekst_nooit_formule(tmp_path, tekst):
    pad = schrijf_werkmap(
        {"Aanbieders": pd.DataFrame({"aanbieder_naam": [tekst]})}, tmp_path / "w.xlsx"
    )
    wb = load_workbook(pad)
    ws = wb["Aanbieders"]
    cellen = [c for rij in ws.iter_rows() for c in rij if c.value is not None]
    assert all(c.data_type == "s" for c in cellen)
    assert tekst in [c.value for c in cellen]


def test_agb_kolom_in_html_geen_vals_alarm_maar_bsn_in_naam_wel(tmp_path):
    """A report on iJw/iWmo messages shows 8-digit AGB codes in HTML tables (once refused)."""
    from sdanalysis.weergave.tabellen import toon

    df = pd.DataFrame(
        {"aanbieder_agb": ["75065769", "98667749"], "aanbieder_naam": ["Zorg BV", "Hulp NV"]}
    )
    (tmp_path / "nb_lezer.html").write_text(toon(df).to_html(), encoding="utf-8")
    assert privacypoort(tmp_path) == []
    df.loc[1, "aanbieder_naam"] = "Hulp 75065769"  # the same digits outside the AGB column
    (tmp_path / "nb_lezer.html").write_text(toon(df).to_html(), encoding="utf-8")
    assert privacypoort(tmp_path) == []  # the number is a known AGB code of this table
    df.loc[1, "aanbieder_naam"] = "Hulp 11111124"  # 8 digits, elfproef when padded
    (tmp_path / "nb_lezer.html").write_text(toon(df).to_html(), encoding="utf-8")
    assert any("BSN" in p for p in privacypoort(tmp_path))
