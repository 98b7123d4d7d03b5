"""Tests for sdanalysis.analyse.begroting: begroting vs realisatie, aansluiting, reconstructie.

Expected values are computed by hand in the comments. The last tests check, on the
synthetic demo gemeente, the claims the demo was built to reproduce (Hengelo's letters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import begroting as budget
from sdanalysis.analyse import pxq
from sdanalysis.bouw.verrijken import koppel_declaraties, verrijk_toewijzingen
from sdanalysis.contracts import ONBEKEND

from .voorbeelden import vier_toewijzingen as _toewijzingen


def _totaal(dec):
    return dec[dec["niveau"] == "totaal"].iloc[0]


# --------------------------------------------------------------------------- begroting


def _begroting():
    rijen = [
        # 2019: old layout
        (2019, "6.71", "primitief", 100.0),
        (2019, "6.71", "gewijzigd", 110.0),
        (2019, "6.71", "realisatie", 121.0),
        (2019, "6.6", "primitief", 50.0),
        (2019, "6.6", "gewijzigd", 50.0),
        (2019, "6.6", "realisatie", 40.0),
        (2019, "6.72", "primitief", 200.0),
        (2019, "6.72", "gewijzigd", 250.0),
        (2019, "6.72", "realisatie", 300.0),
        # 2023: split codes plus a residual on 6.71
        (2023, "6.71a", "primitief", 60.0),
        (2023, "6.71b", "primitief", 40.0),
        (2023, "6.71", "primitief", 5.0),
        (2023, "6.71a", "realisatie", 70.0),
        (2023, "6.71b", "realisatie", 45.0),
        (2023, "6.72a", "primitief", 100.0),
        (2023, "6.73a", "primitief", 150.0),
        (2023, "6.72a", "realisatie", 120.0),
        (2023, "6.73a", "realisatie", 140.0),
        # 2025: new codes
        (2025, "6.711", "primitief", 70.0),
        (2025, "6.791", "primitief", 30.0),
        (2025, "6.751", "primitief", 90.0),
        (2025, "6.761", "primitief", 160.0),
    ]
    return pd.DataFrame(rijen, columns=["jaar", "taakveld", "soort", "bedrag_eur"])


def test_begroting_vs_realisatie_per_code():
    r = budget.begroting_vs_realisatie(_begroting(), vergelijkbaar=False)
    rij = r[(r["jaar"] == 2019) & (r["taakveld"] == "6.71")].iloc[0]
    assert rij["verschil_realisatie_min_primitief_eur"] == pytest.approx(21.0)
    assert rij["verschil_realisatie_min_primitief_fractie"] == pytest.approx(0.21)
    assert rij["verschil_realisatie_min_gewijzigd_eur"] == pytest.approx(11.0)
    assert rij["verschil_realisatie_min_gewijzigd_fractie"] == pytest.approx(0.1)
    # a missing soort stays NaN: 6.71 in 2023 has no realisatie
    rest = r[(r["jaar"] == 2023) & (r["taakveld"] == "6.71")].iloc[0]
    assert np.isnan(rest["realisatie_eur"]) and np.isnan(
        rest["verschil_realisatie_min_primitief_eur"]
    )


def test_begroting_vs_realisatie_vergelijkbare_reeks_over_alle_codejaren():
    r = budget.begroting_vs_realisatie(_begroting())
    wmo = r[r["taakveld_reeks"] == "wmo_maatwerk"].set_index("jaar")
    jeugd = r[r["taakveld_reeks"] == "jeugd"].set_index("jaar")
    # 2019: 6.6 + 6.71; 2023: 6.71a + 6.71b + 6.71; 2025: 6.711 + 6.791 (pgb)
    assert wmo.loc[2019, "primitief_eur"] == pytest.approx(150.0)
    assert wmo.loc[2019, "realisatie_eur"] == pytest.approx(161.0)
    assert wmo.loc[2023, "primitief_eur"] == pytest.approx(105.0)
    assert wmo.loc[2023, "realisatie_eur"] == pytest.approx(115.0)
    assert wmo.loc[2025, "primitief_eur"] == pytest.approx(100.0)
    assert jeugd.loc[2019, "verschil_realisatie_min_gewijzigd_eur"] == pytest.approx(50.0)
    assert jeugd.loc[2023, "primitief_eur"] == pytest.approx(250.0)
    assert jeugd.loc[2025, "primitief_eur"] == pytest.approx(250.0)
    assert sorted(r["jaar"].unique().tolist()) == [2019, 2023, 2025]


def test_begroting_vs_realisatie_fouten():
    with pytest.raises(ValueError, match="onbekende soort"):
        budget.begroting_vs_realisatie(_begroting().assign(soort="raming"), vergelijkbaar=False)
    with pytest.raises(ValueError, match="mist de kolom\\(men\\) soort"):
        budget.begroting_vs_realisatie(_begroting().drop(columns="soort"))


# --------------------------------------------------------------------------- aansluiting


def _sluitende_set():
    tw = _toewijzingen()
    decl = pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T2", "T3", "T1"],
            "periode_start": pd.to_datetime(
                ["2023-01-01", "2023-02-01", "2023-03-01", "2024-01-01"]
            ),
            "bedrag_eur": [60_000.0, 40_000.0, 30_000.0, 80_000.0],
        }
    )
    beg = pd.DataFrame(
        {
            "jaar": [2023, 2023, 2024, 2024],
            "taakveld": ["6.72a", "6.71b", "6.72a", "6.71b"],
            "soort": ["realisatie"] * 4,
            "bedrag_eur": [100_000.0, 30_000.0, 80_000.0, 25_000.0],
        }
    )
    return decl, tw, beg


def test_aansluiting_sluit_en_vangt_een_ingevoegd_verschil():
    decl, tw, beg = _sluitende_set()
    g = koppel_declaraties(decl, tw)
    a = budget.aansluiting_declaraties_realisatie(g, beg)
    a23 = a[a["jaar"] == 2023].set_index("taakveld_reeks")
    assert a23.loc["jeugd", "status"] == "aansluitend"
    assert a23.loc["wmo_maatwerk", "status"] == "aansluitend"
    # 2024 WMO: realisatie but no declaraties -> reported, not dropped
    a24 = a[a["jaar"] == 2024].set_index("taakveld_reeks")
    assert a24.loc["wmo_maatwerk", "status"] == "alleen realisatie"
    # inject: an extra declaratie of 12.345 on T2 in 2023
    extra = pd.DataFrame(
        {
            "toewijzingnummer": ["T2"],
            "periode_start": pd.to_datetime(["2023-06-01"]),
            "bedrag_eur": [12_345.0],
        }
    )
    g2 = koppel_declaraties(pd.concat([decl, extra], ignore_index=True), tw)
    a2 = budget.aansluiting_declaraties_realisatie(g2, beg)
    rij = a2[(a2["jaar"] == 2023) & (a2["taakveld_reeks"] == "jeugd")].iloc[0]
    assert rij["status"] == "verschil"
    assert rij["verschil_realisatie_min_declaraties_eur"] == pytest.approx(-12_345.0)
    assert rij["verschil_realisatie_min_declaraties_fractie"] == pytest.approx(-0.12345)
    # the other line is untouched
    assert (
        a2[(a2["jaar"] == 2023) & (a2["taakveld_reeks"] == "wmo_maatwerk")]["status"]
        == "aansluitend"
    ).all()


def test_aansluiting_taakveld_uit_productcodes_via_de_bouw_en_meldt_rest():
    decl, tw, beg = _sluitende_set()
    # the build gives toewijzingen their taakveld from productcodes (verrijk_toewijzingen)
    pc = pd.DataFrame(
        {
            "wet": ["JW", "WMO"],
            "productcategorie": ["43", "02"],
            "productcode": [pd.NA, "02A01"],
            "categorie": ["Basis GGZ", "Begeleiding"],
            "taakveld": ["6.72a", "6.71b"],
        }
    )
    tw, _ = verrijk_toewijzingen(tw.drop(columns=["categorie", "taakveld"]), pc)
    assert tw["taakveld"].isna().tolist() == [False, False, False, True]  # T4: WMO 07
    extra = pd.DataFrame(
        {
            "toewijzingnummer": ["T4"],
            "periode_start": pd.to_datetime(["2023-06-01"]),
            "bedrag_eur": [999.0],
        }
    )  # T4: no taakveld anywhere
    g = koppel_declaraties(pd.concat([decl, extra], ignore_index=True), tw)
    a = budget.aansluiting_declaraties_realisatie(g, beg)
    a23 = a[a["jaar"] == 2023].set_index("taakveld_reeks")
    assert a23.loc["jeugd", "status"] == "aansluitend"
    assert a23.loc[ONBEKEND, "status"] == "geen taakveld"
    assert a23.loc[ONBEKEND, "declaraties_eur"] == pytest.approx(999.0)
    # no euro of the declaraties is lost
    assert a["declaraties_eur"].sum() == pytest.approx(g["bedrag_eur"].sum())


# --------------------------------------------------------------------------- reconstructie


def _kosten_historie():
    return pd.DataFrame(
        {
            "jaar": [2022, 2023, 2022, 2023],
            "categorie": ["Basis GGZ", "Basis GGZ", "Begeleiding", "Begeleiding"],
            "bedrag_eur": [100_000.0, 132_000.0, 50_000.0, 60_000.0],
            "aantal_clienten": [100, 120, 50, 50],
            "kosten_per_client_eur": [1000.0, 1100.0, 1000.0, 1200.0],
        }
    )


def test_verwachte_prijs_laatste_en_gemiddelde():
    k = _kosten_historie()
    p = budget.verwachte_prijs(k, 2024).set_index("categorie")["verwachte_prijs_eur"]
    assert p["Basis GGZ"] == pytest.approx(1100.0)
    # volume-weighted: (100.000 + 132.000) / 220 = 1054,55; indexed 2% for 1 year
    p2 = budget.verwachte_prijs(k, 2024, methode="gemiddelde", indexatie=0.02)
    p2 = p2.set_index("categorie")["verwachte_prijs_eur"]
    assert p2["Basis GGZ"] == pytest.approx(232_000 / 220 * 1.02)
    with pytest.raises(ValueError, match="geen gerealiseerde prijzen vóór 2022"):
        budget.verwachte_prijs(k, 2022)


def test_reconstructie_tegen_begroting():
    voorsp = pd.DataFrame(
        {
            "categorie": ["Basis GGZ", "Begeleiding", "Verblijf LVG"],
            "voorspelling": [130.0, 50.0, 10.0],
            "ondergrens": [120.0, 45.0, 8.0],
            "bovengrens": [140.0, 55.0, 12.0],
        }
    )
    prijzen = pd.DataFrame(
        {
            "categorie": ["Basis GGZ", "Begeleiding", "Verblijf LVG"],
            "verwachte_prijs_eur": [1000.0, 1200.0, 50_000.0],
        }
    )
    pc = pd.DataFrame(
        {
            "categorie": ["Basis GGZ", "Begeleiding", "Verblijf LVG"],
            "taakveld": ["6.72a", "6.71b", "6.73a"],
        }
    )
    beg = pd.DataFrame(
        {
            "jaar": [2024] * 3,
            "taakveld": ["6.72a", "6.73a", "6.71b"],
            "soort": ["primitief"] * 3,
            # jeugd line: 6.72a + 6.73a = 500.000; wmo line 50.000
            "bedrag_eur": [300_000.0, 200_000.0, 50_000.0],
        }
    )
    r = budget.reconstrueer_begroting(voorsp, prijzen, beg, pc, 2024).set_index("taakveld_reeks")
    # jeugd: 130 * 1000 + 10 * 50.000 = 630.000 (lower 120.000 + 400.000 = 520.000)
    assert r.loc["jeugd", "reconstructie_eur"] == pytest.approx(630_000.0)
    assert r.loc["jeugd", "ondergrens_eur"] == pytest.approx(520_000.0)
    # new minus plan: the volumes explain 130.000 more than was budgeted
    assert r.loc["jeugd", "verschil_reconstructie_min_begroting_eur"] == pytest.approx(130_000.0)
    assert r.loc["jeugd", "verschil_reconstructie_min_begroting_fractie"] == pytest.approx(
        130_000.0 / 630_000.0
    )
    assert r.loc["jeugd", "oordeel"] == "te laag begroot"
    # wmo: 50 * 1200 = 60.000 (54.000 - 66.000); begroot 50.000 -> te laag
    assert r.loc["wmo_maatwerk", "reconstructie_eur"] == pytest.approx(60_000.0)
    assert r.loc["wmo_maatwerk", "oordeel"] == "te laag begroot"
    assert r.loc["jeugd", "categorieen"] == "Basis GGZ, Verblijf LVG"
    # raise the wmo begroting into the band, and above it
    r2 = budget.reconstrueer_begroting(
        voorsp, prijzen, beg.assign(bedrag_eur=[300_000.0, 200_000.0, 60_000.0]), pc, 2024
    )
    assert r2.set_index("taakveld_reeks").loc["wmo_maatwerk", "oordeel"] == "binnen bandbreedte"
    r3 = budget.reconstrueer_begroting(
        voorsp, prijzen, beg.assign(bedrag_eur=[300_000.0, 200_000.0, 70_000.0]), pc, 2024
    )
    assert r3.set_index("taakveld_reeks").loc["wmo_maatwerk", "oordeel"] == "te hoog begroot"


def test_reconstructie_fouten_en_aannames():
    voorsp = pd.DataFrame(
        {"categorie": ["A"], "voorspelling": [1.0], "ondergrens": [1.0], "bovengrens": [1.0]}
    )
    with pytest.raises(ValueError, match="geen verwachte prijs voor categorie"):
        budget.reconstructie_per_categorie(
            voorsp,
            pd.DataFrame({"categorie": ["B"], "verwachte_prijs_eur": [1.0]}),
            pd.DataFrame({"categorie": ["A"], "taakveld": ["6.71a"]}),
        )
    # two taakvelden in one series are fine, two series are not
    ok = budget.categorie_taakveld(
        pd.DataFrame({"categorie": ["A", "A"], "taakveld": ["6.71a", "6.71b"]})
    )
    assert ok["taakvelden"].tolist() == ["6.71a, 6.71b"]
    with pytest.raises(ValueError, match="meer dan één begrotingsreeks"):
        budget.categorie_taakveld(
            pd.DataFrame({"categorie": ["A", "A"], "taakveld": ["6.71a", "6.72a"]})
        )
    a = budget.reconstructie_aannames(2025, indexatie=0.03)
    assert len(a) >= 5
    assert any("geïndexeerd met 3,0% per jaar" in t for t in a["aanname"])


def test_reconstructie_met_overige_lasten_en_categorie_zonder_taakveld():
    voorsp = pd.DataFrame(
        {
            "categorie": ["Begeleiding", "Nieuw"],
            "voorspelling": [50.0, 2.0],
            "ondergrens": [45.0, 1.0],
            "bovengrens": [55.0, 3.0],
        }
    )
    prijzen = pd.DataFrame(
        {"categorie": ["Begeleiding", "Nieuw"], "verwachte_prijs_eur": [1200.0, 100.0]}
    )
    pc = pd.DataFrame({"categorie": ["Begeleiding"], "taakveld": ["6.71b"]})
    beg = pd.DataFrame(
        {"jaar": [2024], "taakveld": ["6.71b"], "soort": ["primitief"], "bedrag_eur": [70_000.0]}
    )
    ov = pd.DataFrame({"taakveld_reeks": ["wmo_maatwerk"], "overige_lasten_eur": [5_000.0]})
    r = budget.reconstrueer_begroting(voorsp, prijzen, beg, pc, 2024, overige_lasten=ov)
    r = r.set_index("taakveld_reeks")
    # 50 * 1200 = 60.000 care + 5.000 other = 65.000; band 59.000 - 71.000
    assert r.loc["wmo_maatwerk", "zorgkosten_eur"] == pytest.approx(60_000.0)
    assert r.loc["wmo_maatwerk", "reconstructie_eur"] == pytest.approx(65_000.0)
    assert r.loc["wmo_maatwerk", "ondergrens_eur"] == pytest.approx(59_000.0)
    assert r.loc["wmo_maatwerk", "oordeel"] == "binnen bandbreedte"
    # a categorie without taakveld is not dropped: its own line without begroting
    assert r.loc[ONBEKEND, "reconstructie_eur"] == pytest.approx(200.0)
    assert r.loc[ONBEKEND, "oordeel"] == "geen begroting"


def test_overige_lasten_en_prijsstijging_met_de_hand():
    a = pd.DataFrame(
        {
            "jaar": [2023, 2023, 2022],
            "taakveld_reeks": ["jeugd", "wmo", "jeugd"],
            "verschil_realisatie_min_declaraties_eur": [800.0, -50.0, 1.0],
        }
    )
    ov = budget.overige_lasten_uit_aansluiting(a, 2023).set_index("taakveld_reeks")
    assert ov["overige_lasten_eur"].to_dict() == {"jeugd": 800.0, "wmo": -50.0}
    # two year pairs, each a Paasche index: 2022: 110/100; 2023: (20*121)/(20*110) = 1,1
    k = pd.DataFrame(
        {
            "jaar": [2021, 2022, 2023],
            "categorie": ["A"] * 3,
            "aantal_clienten": [10, 10, 20],
            "kosten_per_client_eur": [100.0, 110.0, 121.0],
        }
    )
    assert budget.gemiddelde_prijsstijging(k, 2023, 2, niveaus=["categorie"]) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="geen opeenvolgende jaren"):
        budget.gemiddelde_prijsstijging(k, 2030, 2, niveaus=["categorie"])


def test_pxq_reconstructie_vs_realisatie_telt_op():
    detail = pd.DataFrame(
        {
            "categorie": ["A", "B"],
            "voorspelling": [10.0, 5.0],
            "reconstructie_eur": [1000.0, 2500.0],
        }
    )
    cellen = pd.DataFrame(
        {
            "jaar": [2024, 2024, 2023],
            "categorie": ["A", "B", "A"],
            "volume": [12, 5, 1],
            "bedrag_eur": [1260.0, 2400.0, 1.0],
        }
    )
    t = _totaal(budget.pxq_reconstructie_vs_realisatie(detail, cellen, 2024))
    assert t["verschil_vergelijk_min_basis_eur"] == pytest.approx(3660.0 - 3500.0)
    # Q 15 -> 17 at P̄0 = 3500/15: volume = 2 * 233,33 = 466,67
    assert t["volume_effect_eur"] == pytest.approx(2 * 3500 / 15)
    # price: A 10 * (105 - 100) + B 5 * (480 - 500) = 50 - 100 = -50
    assert t["prijs_effect_eur"] == pytest.approx(-50.0)
    assert sum(t[k] for k in pxq.effect_kolommen(["categorie"])) == pytest.approx(160.0)


def test_voorspel_volume_met_eigen_voorspeller_en_korte_reeks():
    k = pd.DataFrame(
        {
            "jaar": [2020, 2021, 2022, 2023, 2022, 2023, 2024],
            "categorie": ["A"] * 4 + ["B"] * 2 + ["A"],
            "aantal_clienten": [10, 20, 30, 40, 5, 6, 999],
        }
    )
    gezien = {}

    def lineair_plus_min_5(reeks, horizon):
        gezien["horizon"] = horizon
        gezien["jaren"] = reeks.index.tolist()
        stap = reeks.iloc[-1] - reeks.iloc[-2]
        w = reeks.iloc[-1] + stap * horizon
        return pd.DataFrame({"voorspelling": [w], "ondergrens": [w - 5], "bovengrens": [w + 5]})

    v = budget.voorspel_volume_per_categorie(k, 2024, lineair_plus_min_5)
    # 2024 itself is never used; B has only 2 years and is skipped (reported)
    assert gezien == {"horizon": 1, "jaren": [2020, 2021, 2022, 2023]}
    assert v[["categorie", "voorspelling", "ondergrens"]].values.tolist() == [["A", 50.0, 45.0]]
    assert v.attrs["overgeslagen"] == ["B"]


def test_voorspel_volume_met_trends_voorspel():
    # the real forecaster (sdanalysis.analyse.trends.voorspel): a straight line is forecast exactly
    k = pd.DataFrame(
        {
            "jaar": range(2017, 2024),
            "categorie": ["A"] * 7,
            "aantal_clienten": [100, 110, 120, 130, 140, 150, 160],
        }
    )
    v = budget.voorspel_volume_per_categorie(k, 2024).iloc[0]
    assert v["voorspelling"] == pytest.approx(170.0)
    assert v["ondergrens"] <= 170.0 <= v["bovengrens"]


def test_afwijking_per_reeks_en_bronverschil():
    r = budget.begroting_vs_realisatie(_begroting())
    # the crosswalk loses no euro: per year and soort equal to the source
    assert budget.begroting_bronverschil_eur(_begroting(), r) < 1e-9
    a = budget.afwijking_per_reeks(r).set_index("taakveld_reeks")
    # jeugd: 2019 300 vs 200 (+), 2023 260 vs 250 (+); 2025 has no realisatie
    assert int(a.loc["jeugd", "aantal_jaren"]) == 2
    assert int(a.loc["jeugd", "aantal_jaren_boven"]) == 2
    assert a.loc["jeugd", "verschil_realisatie_min_primitief_eur"] == pytest.approx(110.0)
    assert a.loc["jeugd", "gem_verschil_realisatie_min_primitief_fractie"] == pytest.approx(
        (0.5 + 0.04) / 2
    )
    assert a.index[0] == "jeugd"  # largest total difference first
    with pytest.raises(ValueError, match="soort"):
        budget.afwijking_per_reeks(r, soort="realisatie")


def test_ongekoppelde_declaraties_en_quarantaine():
    g = pd.DataFrame(
        {
            "jaar": [2019, 2019, 2020],
            "gekoppeld": [True, False, True],
            "bedrag_eur": [300.0, -100.0, 5.0],
        }
    )
    assert budget.ongekoppelde_declaraties(g).to_dict("records") == [
        {"jaar": 2019, "aantal_regels": 1, "bedrag_eur": -100.0, "aandeel_bedrag_fractie": 0.25}
    ]
    assert budget.ongekoppelde_declaraties(g.assign(gekoppeld=True)).empty
    q = pd.DataFrame({"tabel": ["declaraties"] * 3 + ["meldingen"], "reden": ["a", "b", "b", "b"]})
    assert budget.declaraties_in_quarantaine(q).values.tolist() == [["b", 2], ["a", 1]]


def test_grafieken_begroting():
    import matplotlib.pyplot as plt

    from sdanalysis.plots import begroting as pb

    r = budget.begroting_vs_realisatie(_begroting())
    fig = pb.grafiek_begroting_realisatie_per_reeks(r, aantal=2)
    assert len(fig.axes) == 2
    plt.close(fig)
    fig = pb.grafiek_begrotingsafwijking(r)
    assert len(fig.axes[0].get_lines()) >= 2
    plt.close(fig)


# --------------------------------------------------------------------------- on the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The processed synthetic demo: the build's folder when current, else a fresh build."""
    from sdanalysis.bouw.pipeline import bouw, bouwverslag, heeft_tabel
    from sdanalysis.instellingen import laad_instellingen

    inst = laad_instellingen()
    map_ = inst.processed_dir
    if not (heeft_tabel("declaraties_gekoppeld", map_) and bouwverslag(map_).get("synthetisch")):
        map_ = tmp_path_factory.mktemp("demo") / "processed"
        bouw(out_dir=map_)
    return laad_instellingen(processed=map_)


def _laad(inst, naam):
    from sdanalysis.bouw.pipeline import laad_tabel

    return laad_tabel(naam, inst.processed_dir)


def test_demo_keten_en_invarianten(demo):
    from sdanalysis.analyse.jaren import jaren_in_gegevens

    g = _laad(demo, "declaraties_gekoppeld")
    begroting = _laad(demo, "begroting")
    assert g["gekoppeld"].all()  # the build quarantines declaraties without toewijzing
    eerste, laatste = jaren_in_gegevens(g["periode_eind"], demo.jaren)
    niv = ["wet", "categorie", "aanbieder_agb"]
    per_jaar = pxq.pxq_per_jaar(pxq.pxq_cellen(g, niv), niv)
    assert pxq.pxq_restverschil_eur(per_jaar) < 0.01
    # the totals are the declared amounts of each year
    gedeclareerd = g.groupby("jaar")["bedrag_eur"].sum()
    vergelijk = per_jaar.set_index("jaar_vergelijk")["bedrag_vergelijk_eur"]
    assert (vergelijk - gedeclareerd.reindex(vergelijk.index)).abs().max() < 0.01
    assert int(per_jaar["jaar_vergelijk"].max()) == laatste
    aansluiting = budget.aansluiting_declaraties_realisatie(g, begroting)
    assert aansluiting["declaraties_eur"].sum() == pytest.approx(g["bedrag_eur"].sum())
    r = budget.begroting_vs_realisatie(begroting)
    assert budget.begroting_bronverschil_eur(begroting, r) < 0.01


def test_demo_jeugd_structureel_boven_de_primitieve_begroting(demo):
    # Hengelo's letters: jeugd came out above the primitieve begroting year after year
    r = budget.begroting_vs_realisatie(_laad(demo, "begroting"))
    a = budget.afwijking_per_reeks(r).set_index("taakveld_reeks")
    assert a.loc["jeugd", "aantal_jaren_boven"] == a.loc["jeugd", "aantal_jaren"] >= 5
    assert a.loc["jeugd", "gem_verschil_realisatie_min_primitief_fractie"] > 0.08
    assert abs(a.loc["wmo_maatwerk", "gem_verschil_realisatie_min_primitief_fractie"]) < 0.05


def test_demo_herbouwde_begroting_jeugd_te_laag_begroot(demo):
    g = _laad(demo, "declaraties_gekoppeld")
    begroting, productcodes = _laad(demo, "begroting"), _laad(demo, "productcodes")
    kosten = pxq.kosten_per_client(g, ["wet", "categorie"])
    aansluiting = budget.aansluiting_declaraties_realisatie(g, begroting)
    jaar = int(kosten["jaar"].max())
    h = budget.herbouw_begroting(kosten, begroting, productcodes, aansluiting, jaar)
    oordeel = h.reconstructie.set_index("taakveld_reeks")["oordeel"]
    assert oordeel["jeugd"] == "te laag begroot"
    assert oordeel["wmo_maatwerk"] == "binnen bandbreedte"


def test_herbouw_begroting_is_de_keten_van_losse_stappen(demo):
    g = _laad(demo, "declaraties_gekoppeld")
    begroting, productcodes = _laad(demo, "begroting"), _laad(demo, "productcodes")
    kosten = pxq.kosten_per_client(g, ["wet", "categorie"])
    aansluiting = budget.aansluiting_declaraties_realisatie(g, begroting)
    jaar = int(kosten["jaar"].max())
    h = budget.herbouw_begroting(kosten, begroting, productcodes, aansluiting, jaar, gekoppeld=g)
    voorspelling = budget.voorspel_volume_per_categorie(kosten, jaar, methode="lineair", niveau=0.8)
    prijzen = budget.verwachte_prijs(
        kosten, jaar, indexatie=budget.gemiddelde_prijsstijging(kosten, jaar - 1, jaren=3)
    )
    los = budget.reconstrueer_begroting(
        voorspelling,
        prijzen,
        begroting,
        productcodes,
        jaar,
        soort="primitief",
        overige_lasten=budget.overige_lasten_uit_aansluiting(aansluiting, jaar - 1),
    )
    pd.testing.assert_frame_equal(h.reconstructie, los)
    assert h.jaar == jaar and len(h.aannames) > 0
    assert abs(h.detail["reconstructie_eur"].sum() - h.reconstructie["zorgkosten_eur"].sum()) < 0.01
    fout = budget.pxq_reconstructie_vs_realisatie(h.detail, pxq.pxq_cellen(g, ["categorie"]), jaar)
    pd.testing.assert_frame_equal(h.fout, fout)
    assert pxq.pxq_restverschil_eur(fout) < 0.01
    # the categorie -> taakveld mapping of the build's table equals that of productcodes
    pd.testing.assert_frame_equal(
        budget.categorie_taakveld(g), budget.categorie_taakveld(productcodes)
    )


def _verschillen_volgen_hun_naam(tabel: pd.DataFrame) -> int:
    """Check every ``verschil_<a>_min_<b>_eur`` equals ``<a>_eur - <b>_eur``; count them."""
    gecontroleerd = 0
    for k in tabel.columns:
        if not (k.startswith("verschil_") and "_min_" in k and k.endswith("_eur")):
            continue
        a, b = k[len("verschil_") : -len("_eur")].split("_min_")
        verwacht = tabel[f"{a}_eur"] - tabel[f"{b}_eur"]
        pd.testing.assert_series_equal(tabel[k], verwacht, check_names=False)
        gecontroleerd += 1
    return gecontroleerd


def test_elk_verschil_is_nieuw_min_plan_zoals_de_naam_zegt():
    r = budget.begroting_vs_realisatie(_begroting())
    assert _verschillen_volgen_hun_naam(r) == 2
    # positive = more spent than budgeted (jeugd 2019: 300 realised against 200 primitief)
    jeugd = r[(r["taakveld_reeks"] == "jeugd") & (r["jaar"] == 2019)].iloc[0]
    assert jeugd["verschil_realisatie_min_primitief_eur"] > 0
    decl, tw, beg = _sluitende_set()
    a = budget.aansluiting_declaraties_realisatie(koppel_declaraties(decl, tw), beg)
    assert _verschillen_volgen_hun_naam(a) == 1
    assert not [k for k in [*r.columns, *a.columns] if k in ("verschil_eur", "verschil_fractie")]
