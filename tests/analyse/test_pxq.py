"""Tests for sdanalysis.analyse.pxq: cost per client and per unit, the P × Q decomposition.

Expected values are computed by hand in the comments; the P × Q identity is checked on
hand-made cases and on many random cases (hypothesis).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdanalysis.analyse import pxq
from sdanalysis.bouw.verrijken import koppel_declaraties
from sdanalysis.contracts import ONBEKEND

from .voorbeelden import vier_toewijzingen as _toewijzingen

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
    t = _totaal(pxq.pxq_decompositie(b, v, ["categorie"]))
    assert t["verschil_vergelijk_min_basis_eur"] == pytest.approx(2100.0)
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
    t = _totaal(pxq.pxq_decompositie(b, _cellen([("A", 15, 1500.0)]), ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(500.0)
    assert t["prijs_effect_eur"] == pytest.approx(0.0)
    assert t["interactie_eur"] == pytest.approx(0.0)
    # only price: P 100 -> 120
    t = _totaal(pxq.pxq_decompositie(b, _cellen([("A", 10, 1200.0)]), ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(0.0)
    assert t["prijs_effect_eur"] == pytest.approx(200.0)


def test_pxq_nieuwe_categorie():
    # A unchanged (Q 10, P 100); B new in year 1 (Q 10, P 300) -> P0*(B) := 300
    # Q0 = 10, Q1 = 20, P̄0 = 100: volume = 10 * 100 = 1000
    # s0 = (1, 0), s1 = (1/2, 1/2): mix = 10 * (-1/2 * 100 + 1/2 * 300) = 1000
    # prijs = 0; interactie = ΔQ * Σ Δs P0* = 10 * 100 = 1000; total 3000 = C1(B)
    b = _cellen([("A", 10, 1000.0)])
    v = _cellen([("A", 10, 1000.0), ("B", 10, 3000.0)])
    dec = pxq.pxq_decompositie(b, v, ["categorie"])
    t = _totaal(dec)
    assert t["verschil_vergelijk_min_basis_eur"] == pytest.approx(3000.0)
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
    t = _totaal(pxq.pxq_decompositie(b, v, ["categorie"]))
    assert t["verschil_vergelijk_min_basis_eur"] == pytest.approx(-3000.0)
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
    dec = pxq.pxq_decompositie(b, v, ["categorie"])
    t = _totaal(dec)
    assert t["verschil_vergelijk_min_basis_eur"] == pytest.approx(-400.0)
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
    t = _totaal(pxq.pxq_decompositie(b, v, ["categorie"]))
    assert t["zonder_volume_eur"] == pytest.approx(-300.0)
    assert t["volume_effect_eur"] == pytest.approx(0.0)


def test_pxq_lege_basis_is_alles_volume():
    b = _cellen([])
    v = _cellen([("A", 10, 1000.0), ("B", 5, 1500.0)])
    t = _totaal(pxq.pxq_decompositie(b, v, ["categorie"]))
    assert t["volume_effect_eur"] == pytest.approx(2500.0)
    for k in ("mix_categorie_eur", "prijs_effect_eur", "interactie_eur"):
        assert t[k] == pytest.approx(0.0)


def test_pxq_alles_verdwijnt_is_alles_volume():
    b = _cellen([("A", 10, 1000.0), ("B", 5, 1500.0)])
    v = _cellen([])
    t = _totaal(pxq.pxq_decompositie(b, v, ["categorie"]))
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
    dec = pxq.pxq_decompositie(b, v, niv)
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
    assert jw["verschil_vergelijk_min_basis_eur"] == pytest.approx(2000.0)
    wmo = _node(dec, "wet", wet="WMO")
    assert wmo["mix_categorie_eur"] == pytest.approx(0.0)  # only one categorie in WMO
    assert sum(wmo[k] for k in _effecten(niv)) == pytest.approx(0.0)


def test_pxq_nieuwe_wet_telt_als_mix_op_wetniveau():
    # a whole wet appears: its within-wet shares are taken from year 1, so the
    # categorie-level mix inside it is 0 and the appearance is wet-level mix
    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 10, 1000.0)], niv)
    v = _cellen([("WMO", "A", 10, 1000.0), ("JW", "B", 5, 1000.0), ("JW", "C", 5, 3000.0)], niv)
    dec = pxq.pxq_decompositie(b, v, niv)
    jw = _node(dec, "wet", wet="JW")
    assert jw["mix_categorie_eur"] == pytest.approx(0.0)
    # mix_wet(JW) = Q0 * s1(JW) * P1(JW) = 10 * 1/2 * 400 = 2000
    assert jw["mix_wet_eur"] == pytest.approx(2000.0)
    assert jw["verschil_vergelijk_min_basis_eur"] == pytest.approx(4000.0)
    assert sum(jw[k] for k in _effecten(niv)) == pytest.approx(4000.0)


def test_pxq_brug_telt_op_en_heeft_nederlandse_labels():
    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 10, 1000.0), ("JW", "B", 5, 1000.0)], niv)
    v = _cellen([("WMO", "A", 12, 1300.0), ("JW", "B", 4, 900.0)], niv)
    brug = pxq.pxq_brug(pxq.pxq_decompositie(b, v, niv), "Kosten 2018", "Kosten 2019")
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
    d = pxq.pxq_jaar_op_jaar(c, 2018, 2019, ["categorie"])
    assert int(d["jaar_basis"].iloc[0]) == 2018
    assert pxq.pxq_brug(d)["stap"].iloc[0] == "Kosten 2018"
    with pytest.raises(ValueError, match="jaar 2017 komt niet voor"):
        pxq.pxq_jaar_op_jaar(c, 2017, 2019, ["categorie"])
    with pytest.raises(ValueError, match="mist de kolom\\(men\\) aanbieder_agb"):
        pxq.pxq_decompositie(c, c, ["aanbieder_agb"])
    with pytest.raises(ValueError, match="minstens één niveau"):
        pxq.pxq_decompositie(c, c, [])


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
    dec = pxq.pxq_decompositie(b, v, NIV3)
    eff = _effecten(NIV3)
    schaal = 1.0 + b["bedrag_eur"].abs().sum() + v["bedrag_eur"].abs().sum()
    # 1. the parts add up exactly to the difference, for the total and every node
    som = dec[eff].sum(axis=1)
    assert np.allclose(som, dec["verschil_vergelijk_min_basis_eur"], atol=1e-9 * schaal, rtol=0)
    t = _totaal(dec)
    assert t["verschil_vergelijk_min_basis_eur"] == pytest.approx(
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
    dec = pxq.pxq_decompositie(b, v, ["categorie"])
    pd.testing.assert_frame_equal(b, kopie)
    # a missing level value is kept as "(onbekend)", not dropped
    assert ONBEKEND in dec["categorie"].tolist()


# --------------------------------------------------------------------------- kosten


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


def test_kosten_per_client_met_creditregels():
    g = koppel_declaraties(_declaraties(), _toewijzingen())
    k = pxq.kosten_per_client(g, ["wet", "categorie"])
    ggz = k[(k["jaar"] == 2019) & (k["categorie"] == "Basis GGZ")].iloc[0]
    # c1 pays 2000; c2 500 - 500 = 0 -> not a client; 2000 / 1
    assert ggz["bedrag_eur"] == pytest.approx(2000.0)
    assert int(ggz["aantal_clienten"]) == 1
    assert ggz["kosten_per_client_eur"] == pytest.approx(2000.0)
    los = k[k["categorie"] == ONBEKEND].iloc[0]
    assert los["bedrag_eur"] == pytest.approx(75.0)


def test_kosten_per_eenheid_per_eenheid():
    g = koppel_declaraties(_declaraties(), _toewijzingen())
    k = pxq.kosten_per_eenheid(g, ["categorie"])
    ggz = k[(k["jaar"] == 2019) & (k["categorie"] == "Basis GGZ")].iloc[0]
    # 10 + 10 + 5 - 5 = 20 hours for 2000 euro
    assert ggz["geleverd_volume"] == pytest.approx(20.0)
    assert ggz["kosten_per_eenheid_eur"] == pytest.approx(100.0)
    assert set(k["eenheid"]) == {"04", "16"}


def test_pxq_cellen_weigert_gemengde_eenheden():
    g = koppel_declaraties(_declaraties(), _toewijzingen())
    with pytest.raises(ValueError, match="een cel bevat meer dan één eenheid \\(2020, WMO\\)"):
        pxq.pxq_cellen(g, ["wet"], volume="eenheden")
    with pytest.raises(ValueError, match="eenheden tellen niet op"):
        pxq.pxq_cellen(g, ["categorie"], volume="eenheden")
    # one eenheid after filtering works: Basis GGZ 2019 = 20 hours
    uren = pxq.pxq_cellen(g[g["eenheid"] == "04"], ["categorie"], volume="eenheden")
    assert uren.loc[uren["categorie"] == "Basis GGZ", "volume"].tolist() == [20.0]
    with pytest.raises(ValueError, match="volume moet 'clienten' of 'eenheden'"):
        pxq.pxq_cellen(g, ["wet"], volume="uren")


def test_van_declaraties_naar_brug_klopt_met_de_totalen():
    g = koppel_declaraties(_declaraties(), _toewijzingen())
    cellen = pxq.pxq_cellen(g, NIV3)
    dec = pxq.pxq_jaar_op_jaar(cellen, 2019, 2020, NIV3)
    t = _totaal(dec)
    assert t["bedrag_basis_eur"] == pytest.approx(2075.0)  # 2019 incl. unmatched 75
    assert t["bedrag_vergelijk_eur"] == pytest.approx(680.0)
    assert sum(t[k] for k in _effecten(NIV3)) == pytest.approx(680.0 - 2075.0)


# --------------------------------------------------------------------------- per jaar, grafieken


def test_pxq_per_jaar_en_restverschil():
    c = pd.DataFrame(
        {
            "jaar": [2018, 2019, 2020] * 2,
            "categorie": ["A"] * 3 + ["B"] * 3,
            "volume": [10, 12, 12, 5, 5, 4],
            "bedrag_eur": [1000.0, 1200.0, 1260.0, 500.0, 550.0, 440.0],
        }
    )
    p = pxq.pxq_per_jaar(c, ["categorie"])
    assert p["jaar_vergelijk"].tolist() == [2019, 2020]
    som = p[pxq.effect_kolommen(["categorie"])].sum(axis=1)
    assert np.allclose(som, p["verschil_vergelijk_min_basis_eur"])
    assert p["verschil_vergelijk_min_basis_eur"].tolist() == pytest.approx([250.0, -50.0])
    assert pxq.pxq_restverschil_eur(p) < 1e-9
    kapot = p.assign(
        verschil_vergelijk_min_basis_eur=p["verschil_vergelijk_min_basis_eur"] + [0.0, 3.0]
    )
    assert pxq.pxq_restverschil_eur(kapot) == pytest.approx(3.0)


def test_grafieken_tekenen_met_nederlandse_bedragen():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sdanalysis.plots import begroting as pb

    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 100, 1_000_000.0), ("JW", "B", 50, 2_000_000.0)], niv)
    v = _cellen([("WMO", "A", 120, 1_300_000.0), ("JW", "B", 40, 1_700_000.0)], niv)
    brug = pxq.pxq_brug(pxq.pxq_decompositie(b, v, niv), "Kosten 2018", "Kosten 2019")
    fig = pb.grafiek_pxq_brug(brug, "P × Q")
    teksten = [t.get_text() for t in fig.axes[0].texts]
    assert teksten[0] == "€ 3 mln" and teksten[-1] == "€ 3 mln"
    plt.close(fig)
    # a bridge that does not close is refused
    kapot = brug.copy()
    kapot.loc[1, "bedrag_eur"] += 1_000.0
    with pytest.raises(ValueError, match="sluit niet"):
        pb.grafiek_pxq_brug(kapot)
    # small categories are left out of the cost-per-client chart and named
    k = pd.DataFrame(
        {
            "jaar": [2017, 2018] * 2,
            "categorie": ["A", "A", "B", "B"],
            "aantal_clienten": [50, 60, 4, 5],
            "kosten_per_client_eur": [100.0, 110.0, 9000.0, 9500.0],
        }
    )
    fig = pb.grafiek_kosten_per_client(k)
    assert [ln.get_label() for ln in fig.axes[0].get_lines() if ln.get_label() in "AB"] == ["A"]
    assert "Niet getoond" in fig.texts[-1].get_text() and "B" in fig.texts[-1].get_text()
    plt.close(fig)
    # one panel per wet, index on the given base year
    k2 = pd.concat([k.assign(wet="JW"), k.assign(wet="WMO", categorie=["C", "C", "D", "D"])])
    fig = pb.grafiek_kosten_per_client(k2, per="wet", index_basisjaar=2018, min_clienten=0)
    assert [a.get_title(loc="left") for a in fig.axes] == ["Jeugdwet", "Wmo"]
    assert fig.axes[0].get_lines()[0].get_ydata().tolist()[-1] == pytest.approx(100.0)
    plt.close(fig)
    with pytest.raises(ValueError, match="mist de kolom"):
        pb.grafiek_reconstructie(pd.DataFrame({"x": [1]}))


def test_grootste_verschillen_en_publiceerbare_kosten():
    niv = ["wet", "categorie"]
    b = _cellen([("WMO", "A", 100, 1000.0), ("JW", "B", 50, 2000.0), ("JW", "C", 5, 100.0)], niv)
    v = _cellen([("WMO", "A", 120, 1300.0), ("JW", "B", 40, 1000.0), ("JW", "C", 6, 90.0)], niv)
    top = pxq.grootste_verschillen(pxq.pxq_decompositie(b, v, niv), "categorie", aantal=2)
    assert top["categorie"].tolist() == ["B", "A"]  # |-1000| > |+300| > |-10|
    assert top.columns[:2].tolist() == ["wet", "categorie"]
    assert pxq.pxq_restverschil_eur(top) < 1e-9
    kosten = pd.DataFrame(
        {
            "jaar": [2019, 2019, 2020],
            "wet": ["JW", "JW", "JW"],
            "categorie": ["A", "B", "A"],
            "bedrag_eur": [1000.0, 20_000.0, 1.0],
            "aantal_clienten": [3, 40, 1],
            "kosten_per_client_eur": [333.3, 500.0, 1.0],
        }
    )
    pub = pxq.publiceerbare_kosten_per_client(kosten, 2019)
    assert pub["jaar"].unique().tolist() == [2019]
    # A (3 clients) is suppressed, and so is B: otherwise A follows from the total
    assert pub["aantal_clienten"].isna().all() and pub["kosten_per_client_eur"].isna().all()


# --------------------------------------------------------------------------- out of core


def _gekoppeld_willekeurig(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    wet = rng.choice(np.array(["WMO", "JW", None], dtype=object), size=n, p=[0.5, 0.45, 0.05])
    return pd.DataFrame(
        {
            "jaar": rng.integers(2019, 2022, size=n),
            "wet": wet,
            "categorie": rng.choice(np.array(["Hulp", "Begeleiding", "Ééh"], dtype=object), size=n),
            "aanbieder_agb": pd.Series(rng.integers(10, 20, size=n).astype(str), dtype="string"),
            "client_id": np.where(
                rng.random(n) < 0.02, None, rng.integers(0, 60, size=n).astype(str)
            ),
            "bedrag_eur": np.round(rng.normal(100, 80, size=n), 2),
            "geleverd_volume": rng.integers(-2, 10, size=n).astype(float),
            "eenheid": "04",
        }
    )


@pytest.mark.parametrize("volume", ["clienten", "eenheden"])
@pytest.mark.parametrize("niveaus", [["wet"], NIV3])
def test_pxq_cellen_parquet_gelijk_aan_pandas(tmp_path, volume, niveaus):
    g = _gekoppeld_willekeurig(3_000, seed=len(niveaus))
    pad = tmp_path / "declaraties_gekoppeld.parquet"
    g.to_parquet(pad, index=False)
    verwacht = pxq.pxq_cellen(g, niveaus, volume=volume)
    uit = pxq.pxq_cellen_parquet(pad, niveaus, volume=volume)
    pd.testing.assert_frame_equal(uit, verwacht, check_exact=False, rtol=1e-12)


def test_pxq_cellen_parquet_weigert_gemengde_eenheden(tmp_path):
    g = _gekoppeld_willekeurig(200, seed=1)
    g.loc[0, "eenheid"] = "14"
    pad = tmp_path / "g.parquet"
    g.to_parquet(pad, index=False)
    with pytest.raises(ValueError, match="eenheid"):
        pxq.pxq_cellen_parquet(pad, ["wet"], volume="eenheden")
    with pytest.raises(ValueError, match="eenheid"):
        pxq.pxq_cellen(g, ["wet"], volume="eenheden")
