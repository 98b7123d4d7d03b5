"""Seeded simulations that pin the calibration of the break tests and forecast bands.

Issue 15: "aantoonbaar" only from a method whose false-alarm rate on the series it is
applied to is at most 5% (+-1 point), shown by simulation; bands labelled 95% cover at
least 92% or carry their measured coverage. The larger study is
``benchmarks/kalibratie.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import kalibratie as k
from sdanalysis.analyse.trends import (
    DEKKING_MINIMUM,
    GEMETEN_DEKKING,
    onderbroken_tijdreeks,
    voorspel,
    voorspel_per_groep,
)
from sdanalysis.analyse.volumes import maandvolumes

BREEK = "2019-01-01"
N_NUL = 400


def _voorraden(n, seed, **kwargs):
    tw = k.simuleer_toewijzingen(n, "2016-01", "2021-12", seed=seed, **kwargs)
    mv = maandvolumes(tw, ("reeks",), start="2016-01", eind="2021-12")
    return [g for _, g in mv.groupby("reeks")]


def _meldingen(n, seed, **kwargs):
    m = k.simuleer_meldingen(n, "2016-01", 72, seed=seed, **kwargs)
    return [g.set_index("periode_maand")["aantal_meldingen"] for _, g in m.groupby("reeks")]


@pytest.fixture(scope="module")
def nulvoorraden():
    return _voorraden(N_NUL, seed=11)


def test_voorraad_van_maandvolumes_is_stationair_en_sterk_gecorreleerd(nulvoorraden):
    g = nulvoorraden[0]
    # stock = inflow x mean duration (10 a month x 12 months); months are 1-1 comparable
    assert 90 < g["aantal_clienten"].mean() < 150
    assert not g["instroom_links_gecensureerd"].any()
    y = g["aantal_clienten"].to_numpy(dtype=float)
    assert np.corrcoef(y[:-1], y[1:])[0, 1] > 0.6


def test_vals_alarm_voorraad_via_stromen_hoogstens_zes_procent(nulvoorraden):
    p = [k.breuktoets_voorraad(g, BREEK).p for g in nulvoorraden]
    fa = k.vals_alarm(p)
    assert fa["aantal_reeksen"] == N_NUL
    assert fa["fractie"] <= 0.06, fa.to_dict()


def test_oude_its_op_de_voorraad_geeft_veel_vals_alarm(nulvoorraden):
    """Before: the segmented AR(1) regression on the stock itself (the notebook-02 set-up)."""
    p = [
        onderbroken_tijdreeks(g.set_index("periode_maand")["aantal_clienten"], BREEK).gezamenlijke_p
        for g in nulvoorraden[:100]
    ]
    assert k.vals_alarm(p)["fractie"] >= 0.15


def test_vals_alarm_meldingen_hoogstens_zes_procent():
    p = [k.breuktoets_telling(s, BREEK).p for s in _meldingen(N_NUL, seed=12)]
    fa = k.vals_alarm(p)
    assert fa["aantal_reeksen"] == N_NUL and fa["fractie"] <= 0.06, fa.to_dict()


def test_onderscheidend_vermogen_wordt_getoond():
    # meldingen 30% higher from the break (overdispersed, with a season): measured power
    m = _meldingen(100, seed=13, breekdatum=BREEK, factor=1.3)
    sprong = k.vals_alarm([k.breuktoets_telling(s, BREEK, helling=False).p for s in m])
    volledig = k.vals_alarm([k.breuktoets_telling(s, BREEK).p for s in m])
    assert sprong["fractie"] >= 0.6  # only a jump: more power
    assert volledig["fractie"] >= 0.4  # level and slope: less power, measured, not hidden
    assert sprong["fractie"] > volledig["fractie"]
    factoren = [k.breuktoets_telling(s, BREEK, helling=False).niveau_factor for s in m[:20]]
    assert 1.15 < float(np.median(factoren)) < 1.45


def test_breuktoets_fouten_zijn_nederlands():
    s = pd.Series([1.0] * 10, index=pd.date_range("2018-10-01", periods=10, freq="MS"))
    with pytest.raises(ValueError, match="Te weinig maanden"):
        k.breuktoets_telling(s, BREEK)
    with pytest.raises(ValueError, match="maandreeks"):
        k.breuktoets_telling(pd.Series([1.0, 2.0]), BREEK)
    with pytest.raises(ValueError, match="missen kolom"):
        k.breuktoets_voorraad(pd.DataFrame({"periode_maand": []}), BREEK)


@pytest.mark.parametrize("maandelijks", [False, True])
def test_dekking_van_de_gekozen_methoden_minstens_92_procent(maandelijks):
    rng = np.random.default_rng(14)
    binnen = []
    for _ in range(200):
        reeks, toekomst = k.simuleer_prognosereeks(rng, maandelijks)
        v = voorspel(reeks, len(toekomst), methode="lineair", ondergrens_nul=False)
        binnen.extend((toekomst >= v["ondergrens"]) & (toekomst <= v["bovengrens"]))
        assert v["dekking_gemeten_fractie"].iloc[0] == GEMETEN_DEKKING[("lineair", maandelijks)]
    dekking = float(np.mean(binnen))
    assert dekking >= DEKKING_MINIMUM
    assert abs(dekking - GEMETEN_DEKKING[("lineair", maandelijks)]) <= 0.03


def test_ets_band_draagt_zijn_gemeten_dekking_en_doet_niet_mee_in_de_keuze():
    s = pd.Series([100.0, 104, 111, 113, 121, 124, 131, 133, 140, 146], index=range(2010, 2020))
    v = voorspel(s, 2, methode="ets")
    assert (v["dekking_gemeten_fractie"] < DEKKING_MINIMUM).all()
    df = pd.DataFrame({"jaar": s.index, "n": s.to_numpy()})
    assert "ets" not in set(voorspel_per_groep(df, "n", horizon=2)["methode"])
    ook_ets = voorspel_per_groep(df, "n", horizon=2, methoden=("ets",), alleen_gekalibreerd=False)
    assert set(ook_ets["methode"]) == {"ets"}
    with pytest.raises(ValueError, match="gemeten dekking"):
        voorspel_per_groep(df, "n", horizon=2, methoden=("ets",))


def test_breuktabel_per_groep_uit_maandvolumes():
    tw = k.simuleer_toewijzingen(
        3, "2016-01", "2021-12", seed=17, breekdatum=BREEK, instroom_factor=0.4
    )
    mv = maandvolumes(tw, ("reeks",), start="2016-01", eind="2021-12")
    t = k.breuktabel(mv, BREEK, "reeks")
    assert t["reeks"].tolist() == [0, 1, 2] and t["aantoonbaar"].all()
    assert (t["instroom_sprong_factor"] < 0.7).all()  # inflow to 40%: a clear drop
    assert {"uittreedkans_p", "p", "methode"} <= set(t.columns)
    te_kort = k.breuktabel(mv[mv["periode_maand"] < "2019-03-01"], BREEK, "reeks")
    assert te_kort.empty
