"""Validation and the build on messy exports: every row accepted or quarantined."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sdanalysis.bouw.pipeline import BouwFout, bouw
from sdanalysis.bouw.privacy import SleutelOntbreekt, zoek_bsn_in_frame
from sdanalysis.bouw.valideren import valideer_frame
from sdanalysis.contracts import TOEWIJZINGEN


@pytest.fixture
def gebouwd(rommelig, tmp_path, sleutel_env):
    res = bouw([rommelig], tmp_path / "processed")
    return res, tmp_path / "processed"


def test_niets_verloren(gebouwd):
    res, out = gebouwd
    k = res.kwaliteit
    assert (k["rijen_gelezen"] == k["rijen_geaccepteerd"] + k["rijen_geweigerd"]).all()
    for naam, df in res.tabellen.items():
        assert len(df) == k.loc[k.tabel == naam, "rijen_geaccepteerd"].sum()
    # each rejected row appears in the quarantine with file and row
    q = res.quarantaine
    for r in k.itertuples():
        rijen = q[(q.tabel == r.tabel) & (q.bestand == r.bestand)]["rij"].nunique()
        assert rijen == r.rijen_geweigerd
    verslag = json.loads((out / "bouwverslag.json").read_text())
    assert (
        verslag["rijen_gelezen"] == verslag["rijen_geaccepteerd"] + verslag["rijen_geweigerd"] == 27
    )


def test_elke_reden_op_de_juiste_rij(gebouwd):
    res, _ = gebouwd
    q = res.quarantaine
    tw = q[q.tabel == "toewijzingen"].set_index("rij")
    assert tw.loc[7, "reden"] == "BSN voldoet niet aan de elfproef"
    assert "onbekende productcategorie '99'" in set(tw.loc[[8], "reden"])
    assert tw.loc[9, "reden"] == "einddatum ligt vóór ingangsdatum"
    assert tw.loc[10, "reden"].startswith("ongeldige datum")
    assert tw.loc[12, "reden"].startswith("identiek dubbel")
    assert tw.loc[[13, 14], "reden"].str.contains("afwijkende inhoud").all()
    assert tw.loc[15, "reden"] == "negatief volume"
    assert tw.loc[16, "reden"].startswith("totaalregel")
    decl = q[q.tabel == "declaraties"].set_index("rij")
    assert decl.loc[6, "reden"].startswith("toewijzingnummer onbekend")
    assert decl.loc[7, "reden"] == "periode_eind ligt vóór periode_start"
    assert decl.loc[8, "reden"] == "bedrag onleesbaar: 'veel'"
    beg = q[q.tabel == "begroting"].set_index("rij")
    assert beg.loc[8, "reden"].startswith("onbekende waarde 'onbekend'")
    assert beg.loc[9, "reden"].startswith("totaalregel")


def test_geaccepteerde_waarden_getypeerd(gebouwd):
    res, _ = gebouwd
    tw = res.tabellen["toewijzingen"].set_index("toewijzingnummer")
    assert list(tw.index) == ["T1", "T2"]
    assert tw.loc["T1", "productcategorie"] == "07"  # '7' → '07'
    assert tw.loc["T1", "tarief_eur"] == 45.5
    assert pd.isna(tw.loc["T2", "einddatum"])
    assert tw.loc["T2", "wet"] == "JW"
    beg = res.tabellen["begroting"]
    assert sorted(beg["bedrag_eur"]) == [700_000.0, 25_000_000.0, 27_500_000.0]
    assert set(beg["soort"]) == {"primitief", "realisatie"}
    decl = res.tabellen["declaraties"]
    assert decl["bedrag_eur"].sum() == pytest.approx(364 + 364 - 364 + 6510)


def test_geen_bsn_in_processed(gebouwd):
    _, out = gebouwd
    for pad in out.glob("*.parquet"):
        df = pd.read_parquet(pad)
        assert zoek_bsn_in_frame(df) == [], pad.name
        assert "bsn" not in df.columns


def test_zelfde_client_zelfde_pseudoniem(gebouwd):
    res, _ = gebouwd
    tw = res.tabellen["toewijzingen"]
    assert tw["client_id"].nunique() == 1  # T1 and T2 share BSN 111222333


def test_bouw_is_idempotent(rommelig, tmp_path, sleutel_env):
    a = bouw([rommelig], tmp_path / "a")
    b = bouw([rommelig], tmp_path / "b")
    for naam in a.tabellen:
        pd.testing.assert_frame_equal(a.tabellen[naam], b.tabellen[naam])
    pd.testing.assert_frame_equal(a.quarantaine, b.quarantaine)


def test_echte_bouw_zonder_sleutel_weigert(rommelig, tmp_path, monkeypatch):
    monkeypatch.delenv("SDANALYSIS_PSEUDONIEM_SLEUTEL", raising=False)
    with pytest.raises(SleutelOntbreekt, match="SDANALYSIS_PSEUDONIEM_SLEUTEL"):
        bouw([rommelig], tmp_path / "x")


def test_verplichte_tabel_ontbreekt(tmp_path, sleutel_env):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "begroting.csv").write_text(
        "jaar;taakveld;soort;bedrag_eur\n2020;6.71;primitief;1\n"
    )
    with pytest.raises(BouwFout, match="verplichte tabel 'toewijzingen'"):
        bouw([tmp_path / "raw"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_ontbrekende_verplichte_kolom_noemt_bestand(tmp_path, sleutel_env):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "toewijzingen_x.csv").write_text(
        "toewijzingnummer;bsn;wet;productcategorie;ingangsdatum\nT1;111222333;WMO;07;01-01-2019\n"
    )
    with pytest.raises(BouwFout) as e:
        bouw([tmp_path / "raw"], tmp_path / "out")
    assert "toewijzingen_x.csv" in str(e.value) and "aanbieder_agb" in str(e.value)


def test_pm_wordt_gemarkeerd_niet_nul():
    from sdanalysis.contracts import EFFECTEN

    ruw = pd.DataFrame(
        {
            "project": ["Wijkkracht", "Richtlijnen"],
            "jaar": ["2019", "2019"],
            "bedrag_eur": ["PM", "7 ton"],
            "soort": ["verwacht", "berekend"],
            "bron": ["b", "b"],
        }
    )
    res = valideer_frame(ruw, EFFECTEN, "e.csv", [2, 3], b"k")
    assert res.rijen_geweigerd == 0
    assert res.geaccepteerd["bedrag_pm"].tolist() == [True, False]
    assert pd.isna(res.geaccepteerd["bedrag_eur"].iloc[0])
    assert res.geaccepteerd["bedrag_eur"].iloc[1] == 700_000


def test_bsn_komt_niet_in_quarantaine():
    ruw = pd.DataFrame(
        {
            "toewijzingnummer": ["T1"],
            "bsn": ["111222333"],
            "wet": ["WMO"],
            "productcategorie": ["99"],
            "aanbieder_agb": ["12345678"],
            "ingangsdatum": ["01-01-2019"],
        }
    )
    res = valideer_frame(ruw, TOEWIJZINGEN, "t.csv", [2], b"k")
    assert res.rijen_geweigerd == 1
    assert zoek_bsn_in_frame(res.quarantaine) == []


def test_verplicht_bedrag_nvt_wordt_geweigerd():
    from sdanalysis.contracts import DECLARATIES

    ruw = pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T2"],
            "periode_start": ["01-01-2019"] * 2,
            "periode_eind": ["31-01-2019"] * 2,
            "bedrag_eur": ["n.v.t.", "10"],
        }
    )
    res = valideer_frame(ruw, DECLARATIES, "d.csv", [2, 3], b"k")
    assert res.rijen_geweigerd == 1
    assert res.quarantaine["reden"].tolist() == ["verplicht veld zonder waarde"]


def test_bouw_wijzigt_brondata_niet(rommelig, tmp_path, sleutel_env):
    import hashlib

    def vingerafdruk():
        return {
            p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(rommelig.iterdir())
        }

    voor = vingerafdruk()
    bouw([rommelig], tmp_path / "p")
    assert vingerafdruk() == voor


def test_export_zoals_gemeentelijke_systemen_hem_maken(tmp_path, sleutel_env):
    """Words for eenheid/frequentie, code + omschrijving, BSN with dots, no wet column,
    dates with a time, trailing minus: all understood."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "toewijzingen_suite.csv").write_text(
        "Beschikkingnummer;BSN;Productcategorie;Productcode;AGB-code aanbieder;Naam zorgaanbieder;"
        "Ingangsdatum;Einddatum;Omvang;Eenheid;Frequentie\n"
        "B1;1112.22.333;07 Dagbesteding;07A01;12345678;Zorg BV;01-01-2019 00:00;31-12-2019 00:00;4;Dagdelen;Per week\n"
        "B2;100000022;43 - Jeugdhulp verblijf (incl. behandeling);43L;87654321;Jeugd BV;15-03-2018;;7;etmaal;per week\n"
        "B3;100000022;99 Onbekend;X;87654321;Jeugd BV;15-03-2018;;7;etmaal;per week\n",
        encoding="utf-8",
    )
    (raw / "declaraties_suite.csv").write_text(
        "Beschikkingnummer;Prestatie begindatum;Prestatie einddatum;Bedrag\nB1;01-01-2019;31-01-2019;1.234,56-\n",
        encoding="utf-8",
    )
    res = bouw([raw], tmp_path / "p")
    tw = res.tabellen["toewijzingen"].set_index("toewijzingnummer")
    assert list(tw.index) == ["B1", "B2"]
    assert tw.loc["B1", ["wet", "productcategorie", "eenheid", "frequentie"]].tolist() == [
        "WMO",
        "07",
        "16",
        "2",
    ]
    assert tw.loc["B2", ["wet", "productcategorie", "eenheid"]].tolist() == ["JW", "43", "14"]
    assert tw.loc["B1", "einddatum"] == pd.Timestamp("2019-12-31")
    assert res.tabellen["declaraties"]["bedrag_eur"].tolist() == [-1234.56]
    assert "afgeleid uit de productcategorie" in res.kwaliteit.loc[
        0, "opmerkingen"
    ] or "afgeleid uit de productcategorie" in " ".join(res.kwaliteit["opmerkingen"])
    q = res.quarantaine
    tw_q = q[q.tabel == "toewijzingen"]
    assert set(tw_q["rij"]) == {4}
    assert set(tw_q["reden"]) == {
        "onbekende productcategorie '99 Onbekend'",
        "wet niet af te leiden uit de productcategorie",
    }
