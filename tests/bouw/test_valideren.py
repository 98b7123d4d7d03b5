"""Validation and the build on messy exports: every row accepted or quarantined."""

from __future__ import annotations

import datetime as dt
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


# --------------------------------------------------------------------------- issue 14

PEIL = dt.date(2024, 6, 1)


def _toewijzingen(**kolommen):
    n = len(next(iter(kolommen.values())))
    basis = {
        "toewijzingnummer": [f"T{i}" for i in range(n)],
        "bsn": ["111222333"] * n,
        "wet": ["WMO"] * n,
        "productcategorie": ["07"] * n,
        "aanbieder_agb": ["12345678"] * n,
        "ingangsdatum": ["01-01-2019"] * n,
    }
    return pd.DataFrame({**basis, **kolommen})


def _valideer(ruw, tabel=TOEWIJZINGEN):
    res = valideer_frame(ruw, tabel, "t.csv", list(range(2, len(ruw) + 2)), b"k", peildatum=PEIL)
    assert res.rijen_gelezen == res.rijen_geaccepteerd + res.rijen_geweigerd
    return res


def test_einddatum_9999_en_verwanten_betekent_lopend():
    eind = [
        "31-12-9999",
        "9999-12-31",
        "99991231",
        99991231,
        2958465,
        dt.datetime(9999, 12, 31),
        "31/12/2999",
        "01-01-9999",
        "",
    ]
    res = _valideer(_toewijzingen(einddatum=eind))
    assert res.rijen_geweigerd == 0
    assert res.geaccepteerd["einddatum"].isna().all()
    assert str(res.geaccepteerd["einddatum"].dtype) == "datetime64[ns]"
    assert any("8 regel(s) met einddatum 31-12-9999" in o for o in res.opmerkingen)


def test_9999_buiten_een_kolom_met_open_einde_in_quarantaine():
    res = _valideer(_toewijzingen(ingangsdatum=["31-12-9999", "01-01-2019"]))
    assert res.rijen_geweigerd == 1
    rij = res.quarantaine.iloc[0]
    assert (rij["rij"], rij["kolom"]) == (2, "ingangsdatum")
    assert "betekent 'geen einde'" in rij["reden"] and "ingangsdatum" in rij["reden"]


@pytest.mark.parametrize("datum", ["01-01-1900", "15-03-2450", "0001-01-01", 400000, "1-1-1600"])
def test_datum_buiten_het_venster_in_quarantaine(datum):
    res = _valideer(_toewijzingen(ingangsdatum=[datum], einddatum=[datum]))
    assert res.rijen_geweigerd == 1
    redenen = set(res.quarantaine["reden"])
    assert all("buiten het venster van het datacontract" in r for r in redenen)
    assert set(res.quarantaine["kolom"]) == {"ingangsdatum", "einddatum"}
    assert "01-01-1950 tot en met 31-12-2099" in next(iter(redenen))


def test_tweecijferig_jaar_in_de_toekomst_gemarkeerd():
    res = _valideer(
        _toewijzingen(
            ingangsdatum=["1-1-65", "1-1-19", "1-1-19"],
            einddatum=["", "31-12-30", ""],  # an end date lies in the future by nature
        )
    )
    assert res.rijen_geweigerd == 1
    q = res.quarantaine.iloc[0]
    assert (q["rij"], q["kolom"]) == (2, "ingangsdatum")
    assert "jaar in twee cijfers" in q["reden"] and "01-01-2065" in q["reden"]
    assert res.geaccepteerd["einddatum"].iloc[0] == pd.Timestamp("2030-12-31")


def test_reuzengetal_en_oneindig_in_quarantaine_niet_gecrasht():
    from sdanalysis.contracts import BEGROTING

    ruw = pd.DataFrame(
        {
            "jaar": ["12345678901234567890", "2019", "2019", 10**30],
            "taakveld": ["6.71", "6.72", "6.81", "6.82"],
            "soort": ["primitief"] * 4,
            "bedrag_eur": ["1", "1" * 400, float("inf"), "2"],
        }
    )
    res = _valideer(ruw, BEGROTING)
    assert res.rijen_geweigerd == 4
    q = res.quarantaine.set_index("rij")
    assert q.loc[2, "reden"].startswith("getal te groot: '12345678901234567890'")
    assert q.loc[3, "reden"].startswith("bedrag te groot")
    assert q.loc[4, "reden"] == "bedrag onleesbaar: inf"
    assert q.loc[5, "reden"].startswith("getal te groot")


def test_bedragwoorden_niet_in_volumes():
    res = _valideer(_toewijzingen(volume=["7 ton", "7"]))
    assert res.rijen_geweigerd == 1
    assert "alleen in bedragkolommen" in res.quarantaine["reden"].iloc[0]
    assert res.geaccepteerd["volume"].tolist() == [7.0]


def test_rafelige_csv_rijen_in_quarantaine_nooit_afgekapt(tmp_path):
    from sdanalysis.bouw.lezen import lees_bestand
    from sdanalysis.bouw.valideren import valideer_bestand
    from sdanalysis.contracts import BEGROTING

    pad = tmp_path / "begroting.csv"
    pad.write_text(
        "jaar;taakveld;soort;bedrag_eur\n"
        "2020;6.71;primitief;10\n"
        "2020;6.72;primitief;10;20\n"
        "2020;6.73\n"
        "Totaal;;30\n",
        encoding="utf-8",
    )
    res = valideer_bestand(lees_bestand(pad, BEGROTING), BEGROTING, b"k")
    assert res.rijen_gelezen == 4 and res.rijen_geaccepteerd == 1
    q = res.quarantaine.set_index("rij")
    assert q.loc[3, "reden"].startswith("regel heeft 5 velden, de kopregel 4")
    assert q.loc[4, "reden"].startswith("regel heeft 2 velden, de kopregel 4")
    assert q.loc[5, "reden"].startswith("totaalregel")
    assert len(res.quarantaine) == 3  # one reason per row: no noise from shifted cells


def test_bouw_met_rafelige_rij_en_hersteld_bedrag(tmp_path, sleutel_env):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "toewijzingen.csv").write_text(
        "toewijzingnummer,bsn,wet,productcategorie,aanbieder_agb,ingangsdatum,einddatum,tarief_eur\n"
        "T1,111222333,WMO,07,12345678,01-01-2019,31-12-9999,45,50\n"
        "T2,111222333,WMO,07,12345678,01-01-2019,,45,50,extra\n"
        "T3,111222333,WMO,07,12345678\n",
        encoding="utf-8",
    )
    res = bouw([raw], tmp_path / "p")
    tw = res.tabellen["toewijzingen"]
    assert tw["toewijzingnummer"].tolist() == ["T1"]
    assert tw["tarief_eur"].tolist() == [45.5]
    assert pd.isna(tw["einddatum"].iloc[0])
    k = res.kwaliteit
    assert (k["rijen_gelezen"] == k["rijen_geaccepteerd"] + k["rijen_geweigerd"]).all()
    assert set(res.quarantaine["rij"]) == {3, 4}
    assert "decimale komma" in k["opmerkingen"].iloc[0]


def test_zelfde_bestandsnaam_in_twee_submappen(tmp_path, sleutel_env):
    raw = tmp_path / "raw"
    kop = "toewijzingnummer;bsn;wet;productcategorie;aanbieder_agb;ingangsdatum\n"
    for jaar in ("2019", "2020"):
        (raw / jaar).mkdir(parents=True)
        (raw / jaar / "toewijzingen.csv").write_text(
            kop + f"T{jaar};111222333;WMO;07;12345678;01-01-{jaar}\n"
            "T1;111222333;WMO;07;12345678;01-01-2019\n"  # the same row in both files
             + f"X{jaar};111222333;WLZ;07;12345678;01-01-2019\n",
            encoding="utf-8",
        )
    res = bouw([raw], tmp_path / "p")
    k = res.kwaliteit.set_index("bestand")
    assert sorted(k.index) == ["2019/toewijzingen.csv", "2020/toewijzingen.csv"]
    assert k.loc["2019/toewijzingen.csv", "rijen_geweigerd"] == 1
    assert k.loc["2020/toewijzingen.csv", "rijen_geweigerd"] == 2  # WLZ + identical copy
    assert len(res.tabellen["toewijzingen"]) == 3


def _begroting(jaren, taakvelden):
    n = len(jaren)
    return pd.DataFrame(
        {
            "jaar": jaren,
            "taakveld": taakvelden,
            "soort": ["primitief"] * n,
            "bedrag_eur": ["10"] * n,
        },
        dtype=object,
    )


def test_taakveld_buiten_zijn_jaren_in_quarantaine_met_opvolger():
    from sdanalysis.contracts import BEGROTING
    from sdanalysis.taakvelden import voeg_taakveldreeks_toe

    ruw = _begroting(
        ["2025", "2024", "2025", "2023", "2016", "2023"],
        ["6.71a", "6.71a", "6.711", "6.99", "6.71", "6.711 Huishoudelijke hulp"],
    )
    res = valideer_frame(ruw, BEGROTING, "b.csv", list(range(2, 8)), b"k")
    assert res.rijen_gelezen == res.rijen_geaccepteerd + res.rijen_geweigerd
    assert res.geaccepteerd["bronrij"].tolist() == [3, 4]
    q = res.quarantaine.set_index("rij")
    assert set(q["kolom"]) == {"taakveld"}
    reden = q.loc[2, "reden"]
    for stuk in ("'6.71a'", "2025", "2023-2024", "6.711"):
        assert stuk in reden
    assert "bestaat niet" in q.loc[5, "reden"]
    assert "2017" in q.loc[6, "reden"]
    assert "6.71a" in q.loc[7, "reden"]  # a 2025 code used in 2023: the 2023 code is named
    # what is accepted can be analysed: the crosswalk knows every accepted row
    voeg_taakveldreeks_toe(res.geaccepteerd)


def test_bouw_begroting_met_verouderd_taakveld(tmp_path, sleutel_env):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "toewijzingen.csv").write_text(
        "toewijzingnummer;bsn;wet;productcategorie;aanbieder_agb;ingangsdatum\n"
        "T1;111222333;WMO;07;12345678;01-01-2019\n",
        encoding="utf-8",
    )
    (raw / "begroting.csv").write_text(
        "jaar;taakveld;soort;bedrag_eur\n2025;6.71a;primitief;10\n2025;6.711;primitief;5\n",
        encoding="utf-8",
    )
    res = bouw([raw], tmp_path / "p")
    assert res.tabellen["begroting"]["taakveld"].tolist() == ["6.711"]
    k = res.kwaliteit.set_index("bestand").loc["begroting.csv"]
    assert (k["rijen_gelezen"], k["rijen_geaccepteerd"], k["rijen_geweigerd"]) == (2, 1, 1)
    assert "6.711" in res.quarantaine.loc[res.quarantaine["tabel"] == "begroting", "reden"].iloc[0]
