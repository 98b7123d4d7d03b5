"""Tests for sdanalysis.analyse.begroting: begroting vs realisatie, kosten, P × Q, reconstructie, aansluiting.

Expected values are computed by hand in the comments; the P × Q identity is checked on
hand-made cases and on many random cases (hypothesis).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdanalysis.analyse import begroting as budget

NIV3 = ["wet", "categorie", "aanbieder_agb"]


def _effecten(niveaus):
    return [
        "volume_effect_eur",
        *[f"mix_{n}_eur" for n in niveaus],
        "prijs_effect_eur",
        "interactie_eur",
        "zonder_volume_eur",
    ]


def _cellen(rijen, niveaus=("categorie",)):
    """Rows (levels..., volume, bedrag) -> cell frame."""
    return pd.DataFrame(rijen, columns=[*niveaus, "volume", "bedrag_eur"])


def _totaal(dec):
    return dec[dec["niveau"] == "totaal"].iloc[0]


def _node(dec, niveau, **sleutel):
    m = dec["niveau"] == niveau
    for k, v in sleutel.items():
        m &= dec[k] == v
    assert m.sum() == 1, f"node {niveau} {sleutel} niet gevonden"
    return dec[m].iloc[0]


# --------------------------------------------------------------------------- P x Q by hand


def test_pxq_twee_categorieen_met_de_hand():
    # A: Q 10 -> 10, P 100 -> 110; B: Q 10 -> 20, P 200 -> 200
    # Q0 = 20, Q1 = 30, P̄0 = 3000 / 20 = 150 -> volume = 10 * 150 = 1500
    # s0 = (1/2, 1/2), s1 = (1/3, 2/3) -> mix = 20 * (-1/6 * 100 + 1/6 * 200) = 333,33
    # prijs = 10 * 10 + 10 * 0 = 100
    # interactie = ΔQ * Σ Δs P0 + Σ ΔQi ΔPi = 10 * 16,667 + (0 * 10 + 10 * 0) = 166,67
    b = _cellen([("A", 10, 1000.0), ("B", 10, 2000.0)])
    v = _cellen([("A", 10, 1100.0), ("B", 20, 4000.0)])
    t = _totaal(budget.pxq_decompositie(b, v, ["categorie"]))
    assert t["verschil_eur"] == pytest.approx(2100.0)
    assert t["volume_effect_eur"] == pytest.approx(1500.0)
    assert t["mix_categorie_eur"] == pytest.approx(1000 / 3)
    assert t["prijs_effect_eur"] == pytest.approx(100.0)
    assert t["interactie_eur"] == pytest.approx(500 / 3)
    assert t["zonder_volume_eur"] == 0.0
    assert t["prijs_basis_eur"] == pytest.approx(150.0)
    assert t["prijs_vergelijk_eur"] == pytest.approx(5100 / 30)


def test_pxq_alleen_volume_en_alleen_prijs():
    b = _cellen([("A", 10, 1000.0)])
    # only volume: Q 10 -> 15 at the same price
    t = _totaal(budget.pxq_decompositie(b, _cellen([("A", 15, 1500.0)]), ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(500.0)
    assert t["prijs_effect_eur"] == pytest.approx(0.0)
    assert t["interactie_eur"] == pytest.approx(0.0)
    # only price: P 100 -> 120
    t = _totaal(budget.pxq_decompositie(b, _cellen([("A", 10, 1200.0)]), ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(0.0)
    assert t["prijs_effect_eur"] == pytest.approx(200.0)


def test_pxq_nieuwe_categorie():
    # A unchanged (Q 10, P 100); B new in year 1 (Q 10, P 300) -> P0*(B) := 300
    # Q0 = 10, Q1 = 20, P̄0 = 100: volume = 10 * 100 = 1000
    # s0 = (1, 0), s1 = (1/2, 1/2): mix = 10 * (-1/2 * 100 + 1/2 * 300) = 1000
    # prijs = 0; interactie = ΔQ * Σ Δs P0* = 10 * 100 = 1000; total 3000 = C1(B)
    b = _cellen([("A", 10, 1000.0)])
    v = _cellen([("A", 10, 1000.0), ("B", 10, 3000.0)])
    dec = budget.pxq_decompositie(b, v, ["categorie"])
    t = _totaal(dec)
    assert t["verschil_eur"] == pytest.approx(3000.0)
    assert t["volume_effect_eur"] == pytest.approx(1000.0)
    assert t["mix_categorie_eur"] == pytest.approx(1000.0)
    assert t["prijs_effect_eur"] == pytest.approx(0.0)
    assert t["interactie_eur"] == pytest.approx(1000.0)
    nb = _node(dec, "categorie", categorie="B")
    # B: no base -> no volume effect of its own, no price effect; mix 1500 + interactie 1500
    assert nb["volume_effect_eur"] == pytest.approx(0.0)
    assert nb["prijs_effect_eur"] == pytest.approx(0.0)
    assert nb["mix_categorie_eur"] == pytest.approx(1500.0)
    assert nb["interactie_eur"] == pytest.approx(1500.0)
    assert np.isnan(nb["prijs_basis_eur"])
    na = _node(dec, "categorie", categorie="A")
    assert sum(na[k] for k in _effecten(["categorie"])) == pytest.approx(0.0)


def test_pxq_verdwijnende_categorie():
    # reverse of the previous case: B (Q 10, P 300) disappears
    # Q0 = 20, Q1 = 10, P̄0 = 200: volume = -10 * 200 = -2000
    # s0 = (1/2, 1/2), s1 = (1, 0): mix = 20 * (1/2 * 100 - 1/2 * 300) = -2000
    # interactie = -10 * (-100) = 1000; prijs 0; total -3000
    b = _cellen([("A", 10, 1000.0), ("B", 10, 3000.0)])
    v = _cellen([("A", 10, 1000.0)])
    t = _totaal(budget.pxq_decompositie(b, v, ["categorie"]))
    assert t["verschil_eur"] == pytest.approx(-3000.0)
    assert t["volume_effect_eur"] == pytest.approx(-2000.0)
    assert t["mix_categorie_eur"] == pytest.approx(-2000.0)
    assert t["interactie_eur"] == pytest.approx(1000.0)
    assert t["prijs_effect_eur"] == pytest.approx(0.0)


def test_pxq_nulvolume_en_creditdeclaraties():
    # B has volume 5 (P 100) in year 0 and only a credit (-100, volume 0) in year 1;
    # C has only a credit (-200) in year 0 and nothing in year 1.
    # priced part: Q0 = 15, Q1 = 10, all P = 100 -> volume = -5 * 100 = -500, mix 0 (same P)
    # zonder volume = (-100) - (-200) = +100; total = 900 - 1300 = -400
    b = _cellen([("A", 10, 1000.0), ("B", 5, 500.0), ("C", 0, -200.0)])
    v = _cellen([("A", 10, 1000.0), ("B", 0, -100.0)])
    dec = budget.pxq_decompositie(b, v, ["categorie"])
    t = _totaal(dec)
    assert t["verschil_eur"] == pytest.approx(-400.0)
    assert t["volume_effect_eur"] == pytest.approx(-500.0)
    assert t["mix_categorie_eur"] == pytest.approx(0.0)
    assert t["prijs_effect_eur"] == pytest.approx(0.0)
    assert t["interactie_eur"] == pytest.approx(0.0)
    assert t["zonder_volume_eur"] == pytest.approx(100.0)
    # node prices exclude cost without volume: 1500 / 15 and 1000 / 10
    assert t["prijs_basis_eur"] == pytest.approx(100.0)
    assert t["prijs_vergelijk_eur"] == pytest.approx(100.0)
    assert _node(dec, "categorie", categorie="C")["zonder_volume_eur"] == pytest.approx(200.0)


def test_pxq_negatief_volume_telt_als_zonder_volume():
    # net negative units (more credited than delivered) cannot carry a price
    b = _cellen([("A", 10, 1000.0)])
    v = _cellen([("A", 10, 1000.0), ("B", -3, -300.0)])
    t = _totaal(budget.pxq_decompositie(b, v, ["categorie"]))
    assert t["zonder_volume_eur"] == pytest.approx(-300.0)
    assert t["volume_effect_eur"] == pytest.approx(0.0)


def test_pxq_lege_basis_is_alles_volume():
    b = _cellen([])
    v = _cellen([("A", 10, 1000.0), ("B", 5, 1500.0)])
    t = _totaal(budget.pxq_decompositie(b, v, ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(2500.0)
    for k in ("mix_categorie_eur", "prijs_effect_eur", "interactie_eur"):
        assert t[k] == pytest.approx(0.0)


def test_pxq_alles_verdwijnt_is_alles_volume():
    b = _cellen([("A", 10, 1000.0), ("B", 5, 1500.0)])
    v = _cellen([])
    t = _totaal(budget.pxq_decompositie(b, v, ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(-2500.0)
    for k in ("mix_categorie_eur", "prijs_effect_eur", "interactie_eur"):
        assert t[k] == pytest.approx(0.0)


def test_pxq_hierarchie_met_de_hand():
    # base:      WMO/A Q10 P100, JW/B Q5 P200, JW/C Q5 P400  -> Q0 20, C0 4000, P̄0 200
    # vergelijk: WMO/A Q10 P100, JW/B Q15 P200, JW/C Q5 P400 -> Q1 30, C1 6000
    # wet shares 1/2,1/2 -> 1/3,2/3; within JW B,C 1/2,1/2 -> 3/4,1/4
    # volume = 10 * 200 = 2000
    # after wet step: Σ w P0 = 100/3 + (2/3)(1/2)200 + (2/3)(1/2)400 = 700/3
    # mix_wet = 20 * (700/3 - 200) = 666,67
    # after categorie step: Σ s1 P0 = 100/3 + 100 + 400/6 = 200 -> mix_categorie = -666,67
    # prijs 0, interactie = ΔQ * (200 - 200) = 0
    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 10, 1000.0), ("JW", "B", 5, 1000.0), ("JW", "C", 5, 2000.0)], niv)
    v = _cellen([("WMO", "A", 10, 1000.0), ("JW", "B", 15, 3000.0), ("JW", "C", 5, 2000.0)], niv)
    dec = budget.pxq_decompositie(b, v, niv)
    t = _totaal(dec)
    assert t["volume_effect_eur"] == pytest.approx(2000.0)
    assert t["mix_wet_eur"] == pytest.approx(2000 / 3)
    assert t["mix_categorie_eur"] == pytest.approx(-2000 / 3)
    assert t["prijs_effect_eur"] == pytest.approx(0.0)
    assert t["interactie_eur"] == pytest.approx(0.0)
    jw = _node(dec, "wet", wet="JW")
    # JW: volume 10 * (1/4 * 200 + 1/4 * 400) = 1500; mix_wet 20 * (1/12) * 600 = 1000;
    # mix_cat 20 * (1/6 * 200 - 1/6 * 400) = -666,67; interactie 10 * (1/4*200 - 1/12*400)
    assert jw["volume_effect_eur"] == pytest.approx(1500.0)
    assert jw["mix_wet_eur"] == pytest.approx(1000.0)
    assert jw["mix_categorie_eur"] == pytest.approx(-2000 / 3)
    assert jw["interactie_eur"] == pytest.approx(500 / 3)
    assert jw["verschil_eur"] == pytest.approx(2000.0)
    wmo = _node(dec, "wet", wet="WMO")
    assert wmo["mix_categorie_eur"] == pytest.approx(0.0)  # only one categorie in WMO
    assert sum(wmo[k] for k in _effecten(niv)) == pytest.approx(0.0)


def test_pxq_nieuwe_wet_telt_als_mix_op_wetniveau():
    # a whole wet appears: its within-wet shares are taken from year 1, so the
    # categorie-level mix inside it is 0 and the appearance is wet-level mix
    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 10, 1000.0)], niv)
    v = _cellen([("WMO", "A", 10, 1000.0), ("JW", "B", 5, 1000.0), ("JW", "C", 5, 3000.0)], niv)
    dec = budget.pxq_decompositie(b, v, niv)
    jw = _node(dec, "wet", wet="JW")
    assert jw["mix_categorie_eur"] == pytest.approx(0.0)
    # mix_wet(JW) = Q0 * s1(JW) * P1(JW) = 10 * 1/2 * 400 = 2000
    assert jw["mix_wet_eur"] == pytest.approx(2000.0)
    assert jw["verschil_eur"] == pytest.approx(4000.0)
    assert sum(jw[k] for k in _effecten(niv)) == pytest.approx(4000.0)


def test_pxq_brug_telt_op_en_heeft_nederlandse_labels():
    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 10, 1000.0), ("JW", "B", 5, 1000.0)], niv)
    v = _cellen([("WMO", "A", 12, 1300.0), ("JW", "B", 4, 900.0)], niv)
    brug = budget.pxq_brug(budget.pxq_decompositie(b, v, niv), "Kosten 2018", "Kosten 2019")
    assert brug["stap"].iloc[0] == "Kosten 2018"
    assert brug["stap"].iloc[-1] == "Kosten 2019"
    assert "Mix wetten" in brug["stap"].tolist()
    effect = brug.loc[brug["soort"] == "effect", "bedrag_eur"].sum()
    assert brug["bedrag_eur"].iloc[0] + effect == pytest.approx(brug["bedrag_eur"].iloc[-1])
    assert brug["bedrag_eur"].iloc[-1] == pytest.approx(2200.0)


def test_pxq_jaar_op_jaar_en_fouten():
    c = pd.DataFrame(
        {
            "jaar": [2018, 2019],
            "categorie": ["A", "A"],
            "volume": [10, 10],
            "bedrag_eur": [1000.0, 1100.0],
        }
    )
    d = budget.pxq_jaar_op_jaar(c, 2018, 2019, ["categorie"])
    assert int(d["jaar_basis"].iloc[0]) == 2018
    assert budget.pxq_brug(d)["stap"].iloc[0] == "Kosten 2018"
    with pytest.raises(ValueError, match="jaar 2017 komt niet voor"):
        budget.pxq_jaar_op_jaar(c, 2017, 2019, ["categorie"])
    with pytest.raises(ValueError, match="mist de kolom\\(men\\) aanbieder_agb"):
        budget.pxq_decompositie(c, c, ["aanbieder_agb"])
    with pytest.raises(ValueError, match="minstens één niveau"):
        budget.pxq_decompositie(c, c, [])


# --------------------------------------------------------------------------- P x Q identity


def _willekeurige_cellen(rng: np.random.Generator, kans: float) -> pd.DataFrame:
    rijen = []
    for wet in ("WMO", "JW"):
        for cat in ("A", "B", "C"):
            for agb in ("1", "2", "3"):
                if rng.random() > kans:
                    continue
                q = int(rng.choice([0, 0, 1, 2, 5, 20, 100]))
                if rng.random() < 0.05:
                    q = -int(rng.integers(1, 4))  # net credit volume
                c = float(np.round(rng.normal(300, 250) * max(q, 1), 2))  # credits: negative
                rijen.append((wet, f"{wet}-{cat}", agb, q, c))
    return pd.DataFrame(rijen, columns=[*NIV3, "volume", "bedrag_eur"])


def _controleer_identiteit(b: pd.DataFrame, v: pd.DataFrame) -> None:
    dec = budget.pxq_decompositie(b, v, NIV3)
    eff = _effecten(NIV3)
    schaal = 1.0 + b["bedrag_eur"].abs().sum() + v["bedrag_eur"].abs().sum()
    # 1. the parts add up exactly to the difference, for the total and every node
    som = dec[eff].sum(axis=1)
    assert np.allclose(som, dec["verschil_eur"], atol=1e-9 * schaal, rtol=0)
    t = _totaal(dec)
    assert t["verschil_eur"] == pytest.approx(
        v["bedrag_eur"].sum() - b["bedrag_eur"].sum(), abs=1e-9 * schaal
    )
    # 2. each level's nodes add up to the total, per component
    for niv in NIV3:
        laag = dec[dec["niveau"] == niv]
        for k in [*eff, "bedrag_basis_eur", "bedrag_vergelijk_eur"]:
            assert laag[k].sum() == pytest.approx(t[k], abs=1e-9 * schaal)
    # 3. volume effect = ΔQ * P̄0 on the priced part (when the base has volume); rows of
    # the same cell are added first, a cell with net volume <= 0 carries no price
    b = b.groupby(NIV3)[["volume", "bedrag_eur"]].sum().reset_index()
    v = v.groupby(NIV3)[["volume", "bedrag_eur"]].sum().reset_index()
    q0 = b["volume"].clip(lower=0).sum()
    q1 = v["volume"].clip(lower=0).sum()
    if q0 > 0:
        c0 = b.loc[b["volume"] > 0, "bedrag_eur"].sum()
        assert t["volume_effect_eur"] == pytest.approx((q1 - q0) * c0 / q0, abs=1e-9 * schaal)
    # 4. cost without volume is exactly the change in cells without positive volume
    r = v.loc[v["volume"] <= 0, "bedrag_eur"].sum() - b.loc[b["volume"] <= 0, "bedrag_eur"].sum()
    assert t["zonder_volume_eur"] == pytest.approx(r, abs=1e-9 * schaal)


def test_pxq_identiteit_veel_geseede_gevallen():
    rng = np.random.default_rng(20190417)
    for _ in range(80):
        kans0, kans1 = rng.uniform(0.0, 1.0, size=2)
        _controleer_identiteit(_willekeurige_cellen(rng, kans0), _willekeurige_cellen(rng, kans1))


_cel = st.tuples(
    st.sampled_from(["WMO", "JW"]),
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["1", "2"]),
    st.integers(min_value=-2, max_value=60),
    st.floats(min_value=-5e5, max_value=5e6, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_cel, max_size=10), st.lists(_cel, max_size=10))
def test_pxq_identiteit_hypothesis(rijen0, rijen1):
    b = pd.DataFrame(rijen0, columns=[*NIV3, "volume", "bedrag_eur"])
    v = pd.DataFrame(rijen1, columns=[*NIV3, "volume", "bedrag_eur"])
    b = b.astype({"volume": "int64", "bedrag_eur": "float64"})
    v = v.astype({"volume": "int64", "bedrag_eur": "float64"})
    _controleer_identiteit(b, v)


def test_pxq_muteert_invoer_niet():
    b = _cellen([("A", 10, 1000.0), (None, 3, 30.0)])
    v = _cellen([("A", 12, 1300.0)])
    kopie = b.copy()
    dec = budget.pxq_decompositie(b, v, ["categorie"])
    pd.testing.assert_frame_equal(b, kopie)
    # a missing level value is kept as "(onbekend)", not dropped
    assert budget.ONBEKEND in dec["categorie"].tolist()


# --------------------------------------------------------------------------- kosten


def _toewijzingen():
    return pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T2", "T3", "T4"],
            "client_id": ["c1", "c2", "c3", "c3"],
            "wet": ["JW", "JW", "WMO", "WMO"],
            "productcategorie": ["43", "43", "02", "07"],
            "productcode": ["43A01", "43A01", "02A01", "07A01"],
            "categorie": ["Basis GGZ", "Basis GGZ", "Begeleiding", "Dagbesteding"],
            "taakveld": ["6.72a", "6.72a", "6.71b", pd.NA],
            "aanbieder_agb": ["11111111", "22222222", "33333333", "33333333"],
        }
    )


def _declaraties():
    return pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T1", "T2", "T2", "T3", "T4", "ONBEKEND1"],
            "periode_start": pd.to_datetime(
                [
                    "2019-01-01",
                    "2019-02-01",
                    "2019-01-01",
                    "2019-03-01",
                    "2020-01-01",
                    "2020-01-01",
                    "2019-05-01",
                ]
            ),
            "periode_eind": pd.to_datetime(
                [
                    "2019-01-31",
                    "2019-02-28",
                    "2019-01-31",
                    "2019-03-31",
                    "2020-01-31",
                    "2020-01-31",
                    "2019-05-31",
                ]
            ),
            "geleverd_volume": [10.0, 10.0, 5.0, -5.0, 8.0, 4.0, 1.0],
            "eenheid": ["04", "04", "04", "04", "04", "16", "04"],
            # T2: declared and fully credited -> client c2 has no net care in 2019
            "bedrag_eur": [1000.0, 1000.0, 500.0, -500.0, 480.0, 200.0, 75.0],
        }
    )


def test_koppel_declaraties_meldt_ongekoppelde_regels():
    with pytest.warns(
        UserWarning,
        match="1 declaratieregel\\(s\\) zonder bijbehorende toewijzing \\(samen € 75\\)",
    ):
        g = budget.koppel_declaraties(_declaraties(), _toewijzingen())
    assert len(g) == 7  # nothing dropped
    assert g["bedrag_eur"].sum() == pytest.approx(2755.0)
    los = g[~g["gekoppeld"]]
    assert los["categorie"].tolist() == [budget.ZONDER_TOEWIJZING]
    rapport = budget.ongekoppelde_declaraties(g)
    assert rapport.to_dict("records") == [
        {
            "jaar": 2019,
            "aantal_regels": 1,
            "bedrag_eur": 75.0,
            "aandeel_bedrag": pytest.approx(75.0 / 3075.0),
        }
    ]


def test_koppel_declaraties_weigert_dubbele_toewijzingen():
    tw = pd.concat([_toewijzingen(), _toewijzingen().head(1)])
    with pytest.raises(ValueError, match="toewijzingnummer is niet uniek"):
        budget.koppel_declaraties(_declaraties(), tw)


def test_kosten_per_client_met_creditregels():
    g = budget.koppel_declaraties(_declaraties(), _toewijzingen(), waarschuw=False)
    k = budget.kosten_per_client(g, ["wet", "categorie"])
    ggz = k[(k["jaar"] == 2019) & (k["categorie"] == "Basis GGZ")].iloc[0]
    # c1 pays 2000; c2 500 - 500 = 0 -> not a client; 2000 / 1
    assert ggz["bedrag_eur"] == pytest.approx(2000.0)
    assert int(ggz["aantal_clienten"]) == 1
    assert ggz["kosten_per_client_eur"] == pytest.approx(2000.0)
    los = k[k["categorie"] == budget.ZONDER_TOEWIJZING].iloc[0]
    assert los["bedrag_eur"] == pytest.approx(75.0)


def test_kosten_per_eenheid_per_eenheid():
    g = budget.koppel_declaraties(_declaraties(), _toewijzingen(), waarschuw=False)
    k = budget.kosten_per_eenheid(g, ["categorie"])
    ggz = k[(k["jaar"] == 2019) & (k["categorie"] == "Basis GGZ")].iloc[0]
    # 10 + 10 + 5 - 5 = 20 hours for 2000 euro
    assert ggz["geleverd_volume"] == pytest.approx(20.0)
    assert ggz["kosten_per_eenheid_eur"] == pytest.approx(100.0)
    assert set(k["eenheid"]) == {"04", "16"}


def test_pxq_cellen_weigert_gemengde_eenheden():
    g = budget.koppel_declaraties(_declaraties(), _toewijzingen(), waarschuw=False)
    with pytest.raises(ValueError, match="een cel bevat meer dan één eenheid \\(2020, WMO\\)"):
        budget.pxq_cellen(g, ["wet"], volume="eenheden")
    with pytest.raises(ValueError, match="eenheden tellen niet op"):
        budget.pxq_cellen(g, ["categorie"], volume="eenheden")
    # one eenheid after filtering works: Basis GGZ 2019 = 20 hours
    uren = budget.pxq_cellen(g[g["eenheid"] == "04"], ["categorie"], volume="eenheden")
    assert uren.loc[uren["categorie"] == "Basis GGZ", "volume"].tolist() == [20.0]
    with pytest.raises(ValueError, match="volume moet 'clienten' of 'eenheden'"):
        budget.pxq_cellen(g, ["wet"], volume="uren")


def test_van_declaraties_naar_brug_klopt_met_de_totalen():
    g = budget.koppel_declaraties(_declaraties(), _toewijzingen(), waarschuw=False)
    cellen = budget.pxq_cellen(g, NIV3)
    dec = budget.pxq_jaar_op_jaar(cellen, 2019, 2020, NIV3)
    t = _totaal(dec)
    assert t["bedrag_basis_eur"] == pytest.approx(2075.0)  # 2019 incl. unmatched 75
    assert t["bedrag_vergelijk_eur"] == pytest.approx(680.0)
    assert sum(t[k] for k in _effecten(NIV3)) == pytest.approx(680.0 - 2075.0)


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
    assert rij["verschil_primitief_eur"] == pytest.approx(21.0)
    assert rij["verschil_primitief_pct"] == pytest.approx(0.21)
    assert rij["verschil_gewijzigd_eur"] == pytest.approx(11.0)
    assert rij["verschil_gewijzigd_pct"] == pytest.approx(0.1)
    # a missing soort stays NaN: 6.71 in 2023 has no realisatie
    rest = r[(r["jaar"] == 2023) & (r["taakveld"] == "6.71")].iloc[0]
    assert np.isnan(rest["realisatie_eur"]) and np.isnan(rest["verschil_primitief_eur"])


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
    assert jeugd.loc[2019, "verschil_gewijzigd_eur"] == pytest.approx(50.0)
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
    g = budget.koppel_declaraties(decl, tw)
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
    g2 = budget.koppel_declaraties(pd.concat([decl, extra], ignore_index=True), tw)
    a2 = budget.aansluiting_declaraties_realisatie(g2, beg)
    rij = a2[(a2["jaar"] == 2023) & (a2["taakveld_reeks"] == "jeugd")].iloc[0]
    assert rij["status"] == "verschil"
    assert rij["verschil_eur"] == pytest.approx(-12_345.0)
    assert rij["verschil_pct"] == pytest.approx(-0.12345)
    # the other line is untouched
    assert (
        a2[(a2["jaar"] == 2023) & (a2["taakveld_reeks"] == "wmo_maatwerk")]["status"]
        == "aansluitend"
    ).all()


def test_aansluiting_vult_taakveld_uit_productcodes_en_meldt_rest():
    decl, tw, beg = _sluitende_set()
    tw = tw.assign(taakveld=[pd.NA, pd.NA, "6.71b", pd.NA])  # T1/T2 have no taakveld
    pc = pd.DataFrame(
        {
            "wet": ["JW"],
            "productcategorie": ["43"],
            "productcode": [pd.NA],
            "categorie": ["Basis GGZ"],
            "taakveld": ["6.72a"],
        }
    )
    extra = pd.DataFrame(
        {
            "toewijzingnummer": ["T4"],
            "periode_start": pd.to_datetime(["2023-06-01"]),
            "bedrag_eur": [999.0],
        }
    )  # T4: no taakveld anywhere
    g = budget.koppel_declaraties(pd.concat([decl, extra], ignore_index=True), tw)
    a = budget.aansluiting_declaraties_realisatie(g, beg, productcodes=pc)
    a23 = a[a["jaar"] == 2023].set_index("taakveld_reeks")
    assert a23.loc["jeugd", "status"] == "aansluitend"
    assert a23.loc[budget.ONBEKEND, "status"] == "geen taakveld"
    assert a23.loc[budget.ONBEKEND, "declaraties_eur"] == pytest.approx(999.0)


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
    assert r.loc["jeugd", "verschil_eur"] == pytest.approx(-130_000.0)
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
    assert r.loc[budget.ONBEKEND, "reconstructie_eur"] == pytest.approx(200.0)
    assert r.loc[budget.ONBEKEND, "oordeel"] == "geen begroting"


def test_overige_lasten_en_prijsstijging_met_de_hand():
    a = pd.DataFrame(
        {
            "jaar": [2023, 2023, 2022],
            "taakveld_reeks": ["jeugd", "wmo", "jeugd"],
            "verschil_eur": [800.0, -50.0, 1.0],
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
    assert t["verschil_eur"] == pytest.approx(3660.0 - 3500.0)
    # Q 15 -> 17 at P̄0 = 3500/15: volume = 2 * 233,33 = 466,67
    assert t["volume_effect_eur"] == pytest.approx(2 * 3500 / 15)
    # price: A 10 * (105 - 100) + B 5 * (480 - 500) = 50 - 100 = -50
    assert t["prijs_effect_eur"] == pytest.approx(-50.0)
    assert sum(t[k] for k in _effecten(["categorie"])) == pytest.approx(160.0)


# --------------------------------------------------------------------------- grafieken


def test_grafieken_tekenen_met_nederlandse_bedragen():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sdanalysis.plots import begroting as pb

    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 100, 1_000_000.0), ("JW", "B", 50, 2_000_000.0)], niv)
    v = _cellen([("WMO", "A", 120, 1_300_000.0), ("JW", "B", 40, 1_700_000.0)], niv)
    brug = budget.pxq_brug(budget.pxq_decompositie(b, v, niv), "Kosten 2018", "Kosten 2019")
    fig = pb.pxq_brugdiagram(brug, "P × Q")
    teksten = [t.get_text() for t in fig.axes[0].texts]
    assert teksten[0] == "€ 3 mln" and teksten[-1] == "€ 3 mln"
    plt.close(fig)
    # a bridge that does not close is refused
    kapot = brug.copy()
    kapot.loc[1, "bedrag_eur"] += 1_000.0
    with pytest.raises(ValueError, match="sluit niet"):
        pb.pxq_brugdiagram(kapot)
    # small categories are left out of the cost-per-client chart and named
    k = pd.DataFrame(
        {
            "jaar": [2017, 2018] * 2,
            "categorie": ["A", "A", "B", "B"],
            "aantal_clienten": [50, 60, 4, 5],
            "kosten_per_client_eur": [100.0, 110.0, 9000.0, 9500.0],
        }
    )
    fig = pb.kosten_per_client_grafiek(k)
    assert [ln.get_label() for ln in fig.axes[0].get_lines() if ln.get_label() in "AB"] == ["A"]
    assert "Niet getoond" in fig.texts[-1].get_text() and "B" in fig.texts[-1].get_text()
    plt.close(fig)
    with pytest.raises(ValueError, match="mist de kolom"):
        pb.reconstructie_grafiek(pd.DataFrame({"x": [1]}))


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


def test_pxq_per_jaar_en_quarantaine():
    c = pd.DataFrame(
        {
            "jaar": [2018, 2019, 2020] * 2,
            "categorie": ["A"] * 3 + ["B"] * 3,
            "volume": [10, 12, 12, 5, 5, 4],
            "bedrag_eur": [1000.0, 1200.0, 1260.0, 500.0, 550.0, 440.0],
        }
    )
    p = budget.pxq_per_jaar(c, ["categorie"])
    assert p["jaar_vergelijk"].tolist() == [2019, 2020]
    som = p[budget.effect_kolommen(["categorie"])].sum(axis=1)
    assert np.allclose(som, p["verschil_eur"])
    assert p["verschil_eur"].tolist() == pytest.approx([250.0, -50.0])
    q = pd.DataFrame({"tabel": ["declaraties"] * 3 + ["meldingen"], "reden": ["a", "b", "b", "b"]})
    assert budget.declaraties_in_quarantaine(q).values.tolist() == [["b", 2], ["a", 1]]


def test_herbouw_begroting_is_de_keten_van_losse_stappen():
    from sdanalysis.bouw.pipeline import laad_tabel

    begroting, productcodes = laad_tabel("begroting"), laad_tabel("productcodes")
    gekoppeld = budget.koppel_declaraties(
        laad_tabel("declaraties"), laad_tabel("toewijzingen"), waarschuw=False
    )
    kosten = budget.kosten_per_client(gekoppeld, ["wet", "categorie"])
    aansluiting = budget.aansluiting_declaraties_realisatie(gekoppeld, begroting, productcodes)
    h = budget.herbouw_begroting(kosten, begroting, productcodes, aansluiting, 2024)
    voorspelling = budget.voorspel_volume_per_categorie(kosten, 2024, methode="lineair", niveau=0.8)
    prijzen = budget.verwachte_prijs(
        kosten, 2024, indexatie=budget.gemiddelde_prijsstijging(kosten, 2023, jaren=3)
    )
    los = budget.reconstrueer_begroting(
        voorspelling,
        prijzen,
        begroting,
        productcodes,
        2024,
        soort="primitief",
        overige_lasten=budget.overige_lasten_uit_aansluiting(aansluiting, 2023),
    )
    pd.testing.assert_frame_equal(h.reconstructie, los)
    assert h.jaar == 2024 and len(h.aannames) > 0
    assert abs(h.detail["reconstructie_eur"].sum() - h.reconstructie["zorgkosten_eur"].sum()) < 0.01
