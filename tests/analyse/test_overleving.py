"""Tests for sdanalysis.analyse.overleving: Kaplan-Meier by hand and against statsmodels."""

from __future__ import annotations

import numpy as np
import pytest

from sdanalysis.analyse.overleving import kaplan_meier, km_beperkt_gemiddelde, km_mediaan


def test_km_mediaan_met_censurering() -> None:
    assert km_mediaan([1, 2, 3], [True, True, True]) == 2.0
    # Ignoring the censored cases would give median 10; with them S(10)=0.75, S(40)=0.375.
    assert km_mediaan([10, 20, 30, 40], [True, False, False, True]) == 40.0
    assert np.isnan(km_mediaan([], []))


def test_km_mediaan_middenpunt_bij_precies_de_helft() -> None:
    # S is exactly 0.5 after t=2: the midpoint to the next event (R/SAS convention), so
    # without censoring the result equals the ordinary median.
    assert km_mediaan([1, 2, 3, 4], [True] * 4) == 2.5 == float(np.median([1, 2, 3, 4]))


def test_kaplan_meier_tabel_met_de_hand() -> None:
    km = kaplan_meier([10, 20, 20, 30, np.nan, 40], [True, True, False, True, True, False])
    # The NaN duration is ignored. At 20 the event comes before the censoring at 20.
    assert km["duur"].tolist() == [10.0, 20.0, 30.0]
    assert km["aantal_at_risk"].tolist() == [5, 4, 2]
    assert km["aantal_gebeurd"].tolist() == [1, 1, 1]
    assert km["overleving"].tolist() == pytest.approx([0.8, 0.6, 0.3])
    with pytest.raises(ValueError, match="even lang"):
        kaplan_meier([1, 2], [True])


def test_beperkt_gemiddelde() -> None:
    assert km_beperkt_gemiddelde([10, 20, 30, 40], [True] * 4) == 25.0
    # Censored at 40: area under S up to 40 = 10*1 + 20*0.75 + 10*0.375 ... by hand.
    km = km_beperkt_gemiddelde([10, 20, 30, 40], [True, False, True, False])
    assert km == pytest.approx(10 * 1.0 + 20 * 0.75 + 10 * 0.375)
    assert np.isnan(km_beperkt_gemiddelde([], []))


def test_gelijk_aan_statsmodels() -> None:
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(11)
    duur = np.round(rng.exponential(60, 300))
    gebeurd = rng.random(300) > 0.3
    km = kaplan_meier(duur, gebeurd)
    ref = sm.SurvfuncRight(duur, gebeurd.astype(int))
    assert km["duur"].to_numpy() == pytest.approx(ref.surv_times)
    assert km["overleving"].to_numpy() == pytest.approx(ref.surv_prob)
    assert km["aantal_at_risk"].to_numpy().tolist() == ref.n_risk.astype(int).tolist()
    # Where S does not sit exactly at 0.5, every convention gives the same median.
    assert not np.isclose(km["overleving"], 0.5).any()
    assert km_mediaan(duur, gebeurd) == pytest.approx(ref.quantile(0.5))


def test_km_mediaan_ci_met_conventie_en_statsmodels() -> None:
    from statsmodels.duration.survfunc import SurvfuncRight

    from sdanalysis.analyse.overleving import KM_CONVENTIE, km_mediaan_ci

    rng = np.random.default_rng(15)
    duur = np.round(rng.exponential(40, 200))
    gebeurd = rng.random(200) < 0.8
    r = km_mediaan_ci(duur, gebeurd)
    assert r["mediaan"] == km_mediaan(duur, gebeurd)
    assert r["ci_laag"] <= r["mediaan"] <= r["ci_hoog"]
    with np.errstate(divide="ignore", invalid="ignore"):
        sf = SurvfuncRight(duur, gebeurd.astype(int))
        grenzen = sf.quantile_ci(0.5, method="cloglog")
    assert (r["ci_laag"], r["ci_hoog"]) == pytest.approx(grenzen)
    assert r["conventie"] == KM_CONVENTIE and "midden" in r["conventie"]
    assert "Brookmeyer-Crowley" in r["ci_methode"]
    assert (r["aantal"], r["aantal_gebeurd"]) == (200, int(gebeurd.sum()))
    # too few events: the median and its upper limit are unknown (NaN), never 0
    weinig = km_mediaan_ci([10, 20, 30, 40], [True, False, False, False])
    assert np.isnan(weinig["mediaan"]) and np.isnan(weinig["ci_hoog"])
    assert np.isnan(km_mediaan_ci([], [])["ci_laag"])


def test_km_mediaan_ci_dekking_in_simulatie() -> None:
    """The interval covers the true median (exponential, 50 cases, 30% censored) ~95%."""
    from sdanalysis.analyse.overleving import km_mediaan_ci

    rng = np.random.default_rng(16)
    echt = 30 * np.log(2)
    binnen = []
    for _ in range(200):
        t = rng.exponential(30, 50)
        c = rng.exponential(70, 50)
        r = km_mediaan_ci(np.minimum(t, c), t <= c)
        binnen.append(r["ci_laag"] <= echt <= r["ci_hoog"])
    assert np.mean(binnen) >= 0.92
