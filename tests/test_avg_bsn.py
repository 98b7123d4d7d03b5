"""AVG: no BSN anywhere we write: one detector, masked quarantine, the build scans itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw import pipeline
from sdanalysis.bouw import privacy as privacy_module
from sdanalysis.bouw.privacy import (
    bevat_bsn,
    controleer_bouwuitvoer,
    maskeer_bsn,
    zoek_bsn,
    zoek_bsn_in_frame,
)
from sdanalysis.bouw.valideren import valideer_frame
from sdanalysis.contracts import TABELLEN

SLEUTEL = "een-lange-geheime-testsleutel-voor-avg-tests-1234"

#: 123456782 passes the elfproef; 12345672 passes it padded (012345672, leading zero lost).
SCHRIJFWIJZEN_DIE_VROEGER_ONTSNAPTEN = [
    "12345672",
    "Zorg 12345672 BV",
    "1234.56.782",
    "123.456.782",
    "123 456 782",
    "123-456-782",
    "123\u00a0456\u00a0782",
    "123\u202f456\u202f782",
    "bsn 1234 56 782",
]


@pytest.mark.parametrize("tekst", SCHRIJFWIJZEN_DIE_VROEGER_ONTSNAPTEN)
def test_detector_vindt_bsn_met_punten_spaties_streepjes_en_acht_cijfers(tekst):
    assert zoek_bsn(tekst), tekst
    assert "***" in maskeer_bsn(tekst)
    assert not zoek_bsn(maskeer_bsn(tekst))


@pytest.mark.parametrize(
    "tekst", ["'123456782", "bsn 123456782", "Totaal cliënt 123456782", "bsn123456782"]
)
def test_detector_vindt_bsn_in_tekst_en_met_apostrof(tekst):
    assert maskeer_bsn(tekst).count("***") == 1


@pytest.mark.parametrize(
    "tekst",
    [
        "€ 12.345.672",  # an amount in euro
        "4289,815234375",  # decimals of an amount
        "2026-11-27T16:56:39.891537Z",  # a timestamp
        "0x7efe60108290",  # a memory address
        "T2015000001",  # a toewijzingnummer of 10 digits
        "2019 2020 2021",
        "27-11-2026",
    ],
)
def test_detector_geen_vals_alarm_op_bedragen_tijden_en_adressen(tekst):
    assert not bevat_bsn(tekst)


def test_agb_kolom_telt_acht_cijfers_niet_als_bsn():
    df = pd.DataFrame({"aanbieder_agb": ["12345672"], "aanbieder_naam": ["Zorg 12345672"]})
    assert [t[0] for t in zoek_bsn_in_frame(df)] == ["aanbieder_naam"]


def _toewijzingen(**vervang: str) -> pd.DataFrame:
    rij = {
        "Toewijzingnummer": "T1",
        "BSN": "111222333",
        "Wet": "WMO",
        "Productcategorie": "07",
        "Productcode": "07A01",
        "AGB code": "12345678",
        "Naam aanbieder": "Zorg BV",
        "Startdatum": "01-01-2019",
        "Einddatum": "31-12-2019",
        "Omvang": "4",
        "Eenheid": "16",
        "Frequentie": "2",
        "Tarief": "45,50",
    }
    rij.update(vervang)
    return pd.DataFrame([rij], dtype=object)


@pytest.mark.parametrize(
    ("kolom", "waarde"),
    [("Wet", "123456782"), ("AGB code", "123456782"), ("Wet", "'123456782")],
)
def test_quarantaine_reden_herhaalt_geen_bsn_uit_andere_kolom(kolom, waarde):
    res = valideer_frame(
        _toewijzingen(**{kolom: waarde}), TABELLEN["toewijzingen"], "t.csv", [2], b"k"
    )
    q = res.quarantaine
    assert len(q) >= 1
    tekst = " ".join(q["reden"].tolist() + q["waarde"].tolist())
    assert "123456782" not in tekst


@pytest.mark.parametrize("bsn", ["123456789", "12345678x", "1234567890", "'123456789"])
def test_afgewezen_waarde_in_bsn_kolom_altijd_heel_gemaskeerd(bsn):
    res = valideer_frame(_toewijzingen(BSN=bsn), TABELLEN["toewijzingen"], "t.csv", [2], b"k")
    q = res.quarantaine[res.quarantaine["kolom"] == "bsn"]
    assert q["waarde"].tolist() == [instellingen.BSN_MASKER]
    assert not any(c.isdigit() for c in " ".join(q["reden"]))


@pytest.fixture
def vuile_map(rommelig, tmp_path):
    """The messy exports with BSNs in a provider name, a file name and a header."""
    d = tmp_path / "raw"
    shutil.copytree(rommelig, d)
    tw = d / "toewijzingen_2019.csv"
    tekst = tw.read_text(encoding="utf-8")
    tekst = tekst.replace("Zorg BV", "Zorg 1234.56.782 BV", 1).replace(
        "Jeugd BV", "Jeugd 12345672 BV", 1
    )
    tekst = tekst.replace(";Tarief", ";Tarief", 1)
    tw.write_text(tekst, encoding="utf-8")
    decl = d / "declaraties_2019.csv"
    regels = decl.read_text(encoding="utf-8").splitlines()
    regels.append('123456782,2019-01-01,2019-01-31,8,16,"364,00"')  # unknown toewijzing
    decl.write_text("\n".join(regels) + "\n", encoding="utf-8")
    meldingen = d / "meldingen.csv"
    meldingen.rename(d / "meldingen_export_123456782.csv")
    return d


def _alle_tekst(out) -> str:
    delen = []
    for pad in out.iterdir():
        delen.append(pad.name)
        if pad.suffix == ".parquet":
            df = pd.read_parquet(pad)
            delen += [str(c) for c in df.columns]
            delen += [df[c].astype("string").str.cat(sep=" ") or "" for c in df.columns]
        else:
            delen.append(pad.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(delen)


def test_bsn_in_aanbiedernaam_bestandsnaam_en_declaratie_niet_in_verwerkte_data(
    vuile_map, tmp_path, monkeypatch
):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
    regels: list[str] = []
    out = tmp_path / "verwerkt"
    res = pipeline.bouw([vuile_map], out, log=regels.append)
    tekst = _alle_tekst(out)
    assert not zoek_bsn(tekst)
    for vorm in ("123456782", "1234.56.782", "12345672"):
        assert vorm not in tekst
        assert vorm not in "\n".join(regels)
    assert "***" in tekst  # masked where stored, not dropped
    assert not zoek_bsn(" ".join(res.waarschuwingen))


def test_bouw_scant_eigen_uitvoer_en_weigert_zonder_iets_te_schrijven(
    vuile_map, tmp_path, monkeypatch
):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
    # break the masking: the build's own scan must still stop it
    monkeypatch.setattr(pipeline, "maskeer_frame", lambda df, *a, **k: df)
    out = tmp_path / "verwerkt"
    with pytest.raises(pipeline.BouwFout, match="BSN-achtige getallen") as e:
        pipeline.bouw([vuile_map], out)
    assert not zoek_bsn(str(e.value))
    assert not list(out.glob("*.parquet")) and not (out / "bouwverslag.json").exists()


def test_controle_bouwuitvoer_vindt_bsn_in_kop_en_verslag(tmp_path):
    pd.DataFrame({"naam 123456782": ["x"]}).to_parquet(tmp_path / "t.parquet")
    (tmp_path / "bouwverslag.json").write_text('{"w": "bestand 1234.56.782"}', encoding="utf-8")
    problemen = controleer_bouwuitvoer(tmp_path)
    assert len(problemen) == 2
    assert not zoek_bsn(" ".join(problemen))


def test_gestroomde_tabel_wordt_bij_het_schrijven_gescand(tmp_path, monkeypatch):
    """A streamed table is scanned frame by frame while it is written (not read back):
    without masking, a BSN in a provider name of a streamed build still stops the build."""
    from sdanalysis.bouw import stroom

    monkeypatch.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
    vuil = tmp_path / "raw"
    vuil.mkdir()
    for naam in ("productcodes.csv", "toewijzingen_2019.csv"):
        shutil.copy(instellingen.DEMO_RAW_DIR / naam, vuil / naam)
    pad = vuil / "toewijzingen_2019.csv"
    tekst = pad.read_text(encoding="utf-8-sig").splitlines()
    i = tekst[0].split(";").index("aanbieder_naam")
    cellen = tekst[5].split(";")
    cellen[i] = "Zorg 123456782 BV"
    tekst[5] = ";".join(cellen)
    pad.write_text("\n".join(tekst) + "\n", encoding="utf-8")
    monkeypatch.setenv(stroom.STROOM_ENV, "0")
    monkeypatch.setattr(stroom, "maskeer_frame", lambda df, *a, **k: df)
    monkeypatch.setattr(pipeline, "maskeer_frame", lambda df, *a, **k: df)
    gelezen: list[Path] = []
    echte = privacy_module._treffers_in_parquet
    monkeypatch.setattr(
        privacy_module, "_treffers_in_parquet", lambda p: gelezen.append(p) or echte(p)
    )
    with pytest.raises(pipeline.BouwFout, match="toewijzingen.parquet") as e:
        pipeline.bouw([vuil], tmp_path / "verwerkt")
    assert not zoek_bsn(str(e.value))
    assert "toewijzingen.parquet" not in {p.name for p in gelezen}  # found on writing


def test_controle_bouwuitvoer_neemt_scan_van_het_schrijven_over(tmp_path):
    pd.DataFrame({"a": ["schoon"]}).to_parquet(tmp_path / "t.parquet")
    assert controleer_bouwuitvoer(tmp_path) == []
    problemen = controleer_bouwuitvoer(tmp_path, {"t.parquet": {"a": 2}})
    assert problemen == ["t.parquet, kolom 'a': 2 BSN-achtig(e) getal(len)"]


def test_voorfilter_laat_geen_bsn_door_die_de_detector_vindt():
    """The Arrow prefilter is a necessary condition: every value in which the detector (in
    any mode) finds a BSN-like number matches it, for random mixes of digit groups,
    separators and letters; and dates, amounts and numbered ids do not reach Python."""
    import random

    import pyarrow as pa
    import pyarrow.compute as pc

    rnd = random.Random(17)
    stukjes = ["123", "456", "782", "1112", "22", "333", "12345672", "123456782", "0", "2020"]
    stukjes += [" ", ".", "-", "\u00a0", "\u202f", "\u2009", ",", "'", "€", "M", "T", "bsn", "x"]
    waarden = [
        "".join(rnd.choice(stukjes) for _ in range(rnd.randint(1, 7))) for _ in range(20_000)
    ]
    door = pc.match_substring_regex(pa.array(waarden), privacy_module._MOGELIJK_BSN_RE2)
    for w, ja in zip(waarden, door.to_pylist(), strict=True):
        gevonden = (
            zoek_bsn(w) or zoek_bsn(w, acht_cijfers=False) or maskeer_bsn(w, streng=True) != w
        )
        assert ja or not gevonden, w
    for w in ("M2015-00001", "01-02-2020", "1.234,50", "T2015000001"):
        assert not pc.match_substring_regex(pa.array([w]), privacy_module._MOGELIJK_BSN_RE2)[
            0
        ].as_py()
