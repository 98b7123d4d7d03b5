"""Tests for sdanalysis.bouw.programma: the programme tables are parsed once, in the build.

Hand-made tables for the normalisers, and the shipped programme (data/raw/programma, the
demo gemeente's letter of 17 april 2019) checked against the letter's figures.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sdanalysis.bouw import programma as bp

# --------------------------------------------------------------------------- hand-made


def test_normalisers_lezen_tekst_met_de_bouwparser_en_pm_is_nooit_nul():
    m = bp.normaliseer_maatregelen(
        pd.DataFrame(
            {
                "pakket": ["1", "1", "2"],
                "maatregel_code": ["1.1", "", None],
                "maatregel": ["A", "B", " Wijkkracht "],
                "taakstelling_eur": ["€ 400.000", "PM", "7 ton"],
            }
        )
    )
    assert m["taakstelling_eur"].tolist()[0] == 400_000
    assert math.isnan(m["taakstelling_eur"][1]) and bool(m["taakstelling_pm"][1])
    assert m["taakstelling_eur"][2] == 700_000
    assert m["maatregel_id"].tolist() == ["1|1.1", "1|B", "2|Wijkkracht"]
    assert m["projectsleutel"].tolist() == ["A", "B", "Wijkkracht"]
    e = bp.normaliseer_effecten(
        pd.DataFrame(
            {
                "project": ["P", "P", "P"],
                "bedrag_eur": ["1,7 mln", "PM", ""],
                "soort": ["Berekend", "verwacht", "verwacht"],
                "structureel": ["", "nee", "ja"],
                "omschrijving": ["x [afgeleid: y]", "[benadering]", None],
            }
        )
    )
    assert e["bedrag_eur"][0] == 1_700_000 and e["soort"][0] == "berekend"
    assert e["bedrag_pm"].tolist() == [False, True, False]
    assert e["aard"].tolist() == ["onbekend", "eenmalig", "structureel"]
    assert e["afgeleid"].tolist() == [True, False, False]
    assert e["benadering"].tolist() == [False, True, False]


def test_normalisers_zijn_idempotent_en_wijzigen_de_invoer_niet():
    ruw = pd.DataFrame(
        {"pakket": [4, 4], "jaar": [None, 2019], "taakstelling_eur": ["2 mln", "PM"]}
    )
    kopie = ruw.copy()
    een = bp.normaliseer_pakketten(ruw)
    pd.testing.assert_frame_equal(ruw, kopie)
    pd.testing.assert_frame_equal(bp.normaliseer_pakketten(een), een)
    p = bp.lees_programma()
    for naam, functie in (
        ("maatregelen", bp.normaliseer_maatregelen),
        ("pakketten", bp.normaliseer_pakketten),
        ("effecten", bp.normaliseer_effecten),
    ):
        pd.testing.assert_frame_equal(functie(p[naam]), p[naam])


def test_gevalideerde_vorm_wordt_ook_geaccepteerd():
    """Validated tables carry floats and a *_pm bool column instead of 'PM' text."""
    m = pd.DataFrame(
        {
            "pakket": [1, 1],
            "maatregel_code": ["1.1", pd.NA],
            "maatregel": ["A", "B"],
            "jaar": pd.array([pd.NA, pd.NA], dtype="Int64"),
            "taakstelling_eur": [100.0, math.nan],
            "taakstelling_pm": [False, True],
        }
    )
    r = bp.normaliseer_maatregelen(m)
    assert r["taakstelling_eur"][0] == 100 and bool(r["taakstelling_pm"][1])
    e = bp.normaliseer_effecten(
        pd.DataFrame(
            {
                "pakket": pd.array([1], dtype="Int64"),
                "bedrag_eur": [40.0],
                "bedrag_pm": [False],
                "soort": ["gerealiseerd"],
                "structureel": pd.array([True], dtype="boolean"),
            }
        )
    )
    assert e["aard"][0] == "structureel" and e["bedrag_eur"][0] == 40


def test_fouten_zijn_nederlands():
    m = pd.DataFrame({"pakket": [1], "maatregel": ["A"], "taakstelling_eur": ["PM"]})
    e = pd.DataFrame(
        {"pakket": [1], "maatregel_code": ["1.1"], "bedrag_eur": ["7 ton"], "soort": ["verwacht"]}
    )
    with pytest.raises(ValueError, match="mist de kolom"):
        bp.normaliseer_maatregelen(m.drop(columns="taakstelling_eur"))
    with pytest.raises(ValueError, match="soort moet een van"):
        bp.normaliseer_effecten(e.assign(soort="gehoopt"))
    with pytest.raises(ValueError, match="onleesbare bedragen"):
        bp.normaliseer_effecten(e.assign(bedrag_eur="ongeveer veel"))
    with pytest.raises(ValueError, match="geen ja/nee"):
        bp.normaliseer_effecten(e.assign(structureel="misschien"))
    with pytest.raises(ValueError, match="geen van drieën"):
        bp.normaliseer_effecten(e.assign(pakket=None, maatregel_code=None))
    with pytest.raises(ValueError, match="geheel getal"):
        bp.normaliseer_maatregelen(m.assign(pakket="een"))
    with pytest.raises(ValueError, match="pakketnummer"):
        bp.normaliseer_maatregelen(m.assign(pakket=None))
    with pytest.raises(ValueError, match="Onbekende programmatabel"):
        bp.lege_tabel("begroting")


def test_normaliseer_programma_laat_andere_tabellen_ongemoeid():
    anders = pd.DataFrame({"x": [1]})
    t = bp.normaliseer_programma(
        {"pakketten": pd.DataFrame({"pakket": [1], "taakstelling_eur": ["PM"]}), "x": anders}
    )
    assert t["x"] is anders
    assert bool(t["pakketten"]["taakstelling_pm"][0])
    leeg = bp.lege_tabel("maatregelen")
    assert leeg.empty and {"maatregel_id", "projectsleutel", "taakstelling_pm"} <= set(leeg)


# --------------------------------------------------------------------------- shipped data


@pytest.fixture(scope="module")
def programma():
    return bp.lees_programma()


PAKKET1 = {
    "4.1.1": ("Project Richtlijnen (versobering)", 1_500_000),
    "4.1.3": ("Project Richtlijnen (versobering)", 100_000),
    "4.2.1": ("Project Richtlijnen (versobering)", 200_000),
    "4.2.3": ("Project Richtlijnen (versobering)", 100_000),
    "4.1.2": ("Project collectieve voorzieningen WMO", 500_000),
    "4.1.4": ("Project Verblijf", 400_000),
    "4.2.5": ("Project Verblijf", 200_000),
    "4.2.2": ("Project collectieve Voorzieningen Jeugd", 100_000),
    "4.2.4": ("Project GGZ en opvoedhulp huisartsen", 400_000),
    "4.2.6": ("Zakelijk partnerschap Jeugd-aanbieders", 1_000_000),
}
PAKKET2 = {
    "Geen verlengde Jeugdzorg": 300_000,
    "Inzet middelen Onderwijsachterstandenbeleid": 500_000,
    "Herinrichting Wijkwelzijn": 200_000,
    "Wijkkracht": 300_000,
    "Collectieve zorgverzekering": 200_000,
    "Versoberd preventief jeugdbeleid": 350_000,
    "Verschuiving van dagbesteding naar beschermt werk": 130_000,
}


def rij(df, **keys):
    sel = df
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"verwacht één rij voor {keys}, kreeg {len(sel)}"
    return sel.iloc[0]


def test_brief_maatregelen_exact(programma):
    m = programma["maatregelen"]
    assert m["bron"].notna().all() and m["bron"].str.startswith("Brief 17-04-2019").all()
    assert m["jaar"].isna().all()  # the letter gives no year per maatregel
    p1 = m[m["pakket"] == 1]
    assert {r.maatregel_code: (r.project, r.taakstelling_eur) for r in p1.itertuples()} == PAKKET1
    p2 = m[m["pakket"] == 2]
    assert dict(zip(p2["maatregel"], p2["taakstelling_eur"], strict=True)) == PAKKET2
    assert p2["maatregel_code"].notna().sum() == 1  # only 5.1.1 has a code
    assert int(p1["taakstelling_eur"].sum()) == 4_500_000  # Pakket 1 = € 4.500.000
    assert int(p2["taakstelling_eur"].sum()) == 1_980_000
    assert not m["taakstelling_pm"].any()


def test_brief_pakketten_exact(programma):
    p = programma["pakketten"]
    genoemd = {
        (int(r.pakket), None if pd.isna(r.jaar) else int(r.jaar)): r.taakstelling_eur
        for r in p.itertuples()
    }
    assert {k: v for k, v in genoemd.items() if not math.isnan(v)} == {
        (1, 2019): 1_000_000,
        (1, 2022): 4_500_000,
        (2, 2019): 1_500_000,
        (2, 2022): 2_000_000,
        (4, None): 2_000_000,
    }
    assert math.isnan(genoemd[(3, None)])  # no figure for pakket 3
    assert not p["jaar"].isin([2020, 2021]).any()  # no invented years
    assert bool(p.loc[p["pakket"] == 4, "structureel"].iloc[0])


def test_brief_effecten_exact(programma):
    e = programma["effecten"]
    assert e["bron"].str.startswith("Brief 17-04-2019").all()

    def bedragen(**keys):
        sel = e
        for k, v in keys.items():
            sel = sel[sel[k] == v]
        return sorted(
            (None if pd.isna(j) else int(j), b)
            for j, b in zip(sel["jaar"], sel["bedrag_eur"], strict=True)
        )

    assert bedragen(project="Project Richtlijnen (versobering)", soort="berekend") == [
        (2019, 700_000),
        (2022, 1_700_000),
    ]
    assert bedragen(project="Project Richtlijnen (versobering)", soort="gerealiseerd") == [
        (2018, 150_000)
    ]
    assert bedragen(project="Project Verblijf") == [(2018, 1_000_000)]
    assert bedragen(project="Collectieve zorgverzekering") == [(2018, 144_000), (2019, 0)]
    assert bedragen(project="Project Herinrichting Wijkwelzijn", soort="gerealiseerd") == [
        (2019, 50_000)
    ]
    fonds = rij(e, pakket=4)
    assert fonds["bedrag_eur"] == 8_452_761 and fonds["aard"] == "eenmalig"
    verblijf = rij(e, project="Project Verblijf")
    assert verblijf["aard"] == "structureel" and bool(verblijf["benadering"])
    toekomst = rij(e, maatregel_code="5.1.1")
    assert toekomst["bedrag_eur"] == 300_000 and bool(toekomst["afgeleid"])
    assert int(e["bedrag_pm"].sum()) == 2
    # issue 15: ranges for vague amounts, derived amounts with reasoning and no structural
    # nature the letter does not give, the bijlage's other year, effects without an amount
    assert (verblijf["bedrag_laag_eur"], verblijf["bedrag_hoog_eur"]) == (900_000, 1_000_000)
    oab = rij(e, project="Inzet middelen Onderwijsachterstandenbeleid")
    assert bool(oab["afgeleid"]) and oab["aard"] == "onbekend" and "Realisatie" in oab["afleiding"]
    assert toekomst["aard"] == "onbekend"
    assert rij(e, project="Versoberd preventief jeugdbeleid")["aard"] == "onbekend"
    assert rij(e, project="Wijkkracht")["aard"] == "structureel"  # bijlage: "structurele"
    czv = rij(e, project="Collectieve zorgverzekering", jaar=2018)
    assert (int(czv["jaar_elders"]), "1 januari" in czv["citaat"]) == (2019, True)
    zonder = e[e["bedrag_eur"].isna() & ~e["bedrag_pm"]]
    assert sorted(zonder["maatregel_code"]) == ["4.2.2", "4.2.2", "4.2.4", "4.2.4", "4.2.6"]
    assert e.loc[e["afgeleid"], "afleiding"].notna().all()


def test_bandbreedte_moet_het_bedrag_omsluiten():
    e = pd.DataFrame(
        {
            "project": ["P"],
            "bedrag_eur": ["1 mln"],
            "soort": ["gerealiseerd"],
            "bedrag_laag_eur": ["1,1 mln"],
        }
    )
    with pytest.raises(ValueError, match="bedrag_laag_eur <= bedrag_eur"):
        bp.normaliseer_effecten(e)
    ok = bp.normaliseer_effecten(e.assign(bedrag_laag_eur="900.000"))
    assert ok.loc[0, "bedrag_laag_eur"] == 900_000 and bool(ok.loc[0, "benadering"])
    assert math.isnan(ok.loc[0, "bedrag_hoog_eur"])


def test_mapping_verwijst_naar_bestaande_maatregelen_en_categorieen(programma):
    from sdanalysis.demo.model import PRODUCTEN

    mp = bp.laad_categorie_mapping()
    m = programma["maatregelen"]
    assert set(mp["maatregel_code"].dropna()) <= set(m["maatregel_code"].dropna())
    assert set(mp["project"].dropna()) <= set(m["projectsleutel"])
    assert set(mp["categorie"]) <= {p.categorie for p in PRODUCTEN}
    assert set(mp["zekerheid"]) <= {"brief", "aanname"}
    assert sorted(mp.loc[mp["maatregel_code"] == "4.2.5", "categorie"]) == [
        "Verblijf GGZ",
        "Verblijf LVG",
    ]


def test_ontbrekend_programmabestand(tmp_path):
    with pytest.raises(ValueError, match="ontbreekt"):
        bp.lees_programma(tmp_path)
    with pytest.raises(ValueError, match="niet gevonden"):
        bp.laad_categorie_mapping(tmp_path / "geen.csv")


# --------------------------------------------------------------------------- the build


def test_programmabestanden_door_de_bouw_genormaliseerd(tmp_path, programma):
    """The shipped CSVs pass the contracts and come out of the build already normalised."""
    from sdanalysis import instellingen
    from sdanalysis.bouw import pipeline
    from sdanalysis.demo.schrijf import schrijf_demo

    schrijf_demo(tmp_path / "demo", clients=300)
    pipeline.markeer_synthetisch(tmp_path / "demo")
    uit = tmp_path / "verwerkt"
    res = pipeline.bouw([tmp_path / "demo", instellingen.PROGRAMMA_RAW_DIR], uit)
    q = res.quarantaine
    assert q[q["tabel"].isin(bp.PROGRAMMATABELLEN)].empty
    geladen = bp.laad_programma(uit)
    assert len(geladen.pop("mapping")) > 0  # the link beside the programme travels along
    assert {n: len(df) for n, df in geladen.items()} == {
        "maatregelen": 17,
        "pakketten": 6,
        "effecten": 19,
    }
    for naam, df in geladen.items():
        kolommen = list(programma[naam].columns)
        assert set(kolommen) <= set(df.columns), naam
        pd.testing.assert_frame_equal(df[kolommen], programma[naam], check_dtype=False)
    # effects not delivered: an empty table in the analysis shape
    (uit / "effecten.parquet").unlink()
    zonder = bp.laad_programma(uit)
    assert zonder["effecten"].empty and "aard" in zonder["effecten"].columns
    # no maatregelen: the section is not available
    (uit / "maatregelen.parquet").unlink()
    assert bp.laad_programma(uit) is None
