"""Tests for sdanalysis.analyse.trajecten: trajecten, censored duration, switches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import trajecten as trm
from sdanalysis.weergave.suppressie import controleer_onderdrukt

from .voorbeelden import A, B, C
from .voorbeelden import toewijzingen_van as _tw


def test_trajecten_aansluitend_samengevoegd_en_lopend_gecensureerd():
    tw = _tw(
        [
            ("T1", "c1", A, "X", "2019-01-01", "2019-03-31"),
            ("T2", "c1", A, "X", "2019-04-10", "2019-06-30"),  # 9 days gap: same traject
            ("T3", "c1", A, "X", "2019-08-01", "2019-08-31"),  # 31 days gap: new traject
            ("T4", "c2", A, "X", "2019-05-01", "2020-12-31"),  # ends after peildatum: lopend
            ("T5", "c3", A, "X", "2020-02-01", None),  # starts after peildatum: left out
        ]
    )
    tr = trm.trajecten(tw, peildatum="2019-12-31")
    assert len(tr) == 3
    c1 = tr.loc[tr["client_id"] == "c1"].reset_index(drop=True)
    assert c1["duur_dagen"].tolist() == [181, 31]
    assert c1["aantal_toewijzingen"].tolist() == [2, 1]
    c2 = tr.loc[tr["client_id"] == "c2"].iloc[0]
    assert bool(c2["is_lopend"]) and pd.isna(c2["traject_eind"])
    assert int(c2["duur_dagen"]) == 245  # 1 May to 31 Dec 2019, censored at the peildatum


def test_trajectduur_kaplan_meier_met_lopende_trajecten():
    tr = pd.DataFrame(
        {
            "aanbieder_agb": [A] * 4 + [B] * 5,
            "duur_dagen": [10, 20, 30, 40] + [10, 20, 30, 40, 50],
            "is_lopend": [False, True, False, False] + [False, False, True, True, True],
        }
    )
    d = trm.trajectduur(tr, groepen=["aanbieder_agb"]).set_index("aanbieder_agb")
    # A: S = 0.75 after 10; 20 censored; S = 0.375 after 30; 0 after 40.
    assert d.loc[A, "mediaan_duur_dagen"] == pytest.approx(30)
    assert d.loc[A, "gem_duur_dagen"] == pytest.approx(10 + 0.75 * 20 + 0.375 * 10)
    # Naive mean of ended trajecten would be (10+30+40)/3.
    assert d.loc[A, "gem_duur_afgesloten_dagen"] == pytest.approx(80 / 3)
    # B: only 2 of 5 ended: S = 0.8, 0.6 -> the median is not reached (not 15 days!).
    assert np.isnan(d.loc[B, "mediaan_duur_dagen"]) and not d.loc[B, "mediaan_bereikt"]
    assert d.loc[B, "gem_duur_dagen"] == pytest.approx(10 + 0.8 * 10 + 0.6 * 30)
    assert int(d.loc[B, "aantal_lopend"]) == 3


def test_mediaan_zonder_censurering_is_gewone_mediaan():
    tr = pd.DataFrame({"g": 1, "duur_dagen": [10, 20, 30, 40], "is_lopend": False})
    d = trm.trajectduur(tr, groepen=["g"]).iloc[0]
    assert d["mediaan_duur_dagen"] == pytest.approx(25)
    assert d["gem_duur_dagen"] == pytest.approx(25)


def test_wisselingen_van_aanbieder():
    tw = _tw(
        [
            ("T1", "c1", A, "X", "2019-01-01", "2019-06-30"),
            ("T2", "c1", B, "X", "2019-07-15", None),  # switch A -> B, 14 days gap
            ("T3", "c2", A, "X", "2019-01-01", "2019-12-31"),
            ("T4", "c2", B, "X", "2019-03-01", "2019-04-30"),  # side by side: no switch
            ("T5", "c3", A, "X", "2019-01-01", "2019-02-28"),
            ("T6", "c3", C, "X", "2019-09-01", None),  # 185 days later: new start, no switch
            ("T7", "c4", A, "X", "2019-01-01", "2019-03-31"),
            ("T8", "c4", C, "Y", "2019-04-01", None),  # other categorie: no switch
        ]
    )
    tr = trm.trajecten(tw, peildatum="2019-12-31")
    w = trm.wisselingen(tr)
    assert w[["client_id", "van_aanbieder_agb", "naar_aanbieder_agb"]].values.tolist() == [
        ["c1", A, B]
    ]
    assert int(w["tussenpoos_dagen"].iloc[0]) == 14
    assert int(w["jaar"].iloc[0]) == 2019
    s = trm.wisselingen_per_aanbieder(w).set_index("aanbieder_agb")
    assert int(s.loc[A, "wisselingen_uit"]) == 1 and int(s.loc[B, "wisselsaldo"]) == 1


def test_duidelijke_foutmeldingen():
    with pytest.raises(ValueError, match="ontbreken"):
        trm.trajecten(pd.DataFrame({"client_id": ["c1"]}))
    tw = _tw([("T1", "c1", A, "X", "2019-05-01", "2019-04-01")])
    with pytest.raises(ValueError, match="vóór hun ingangsdatum"):
        trm.trajecten(tw)
    with pytest.raises(ValueError, match="peildatum"):
        trm.bepaal_peildatum(tw.iloc[0:0])


def test_onderbreking_en_tussenpoos_als_parameter():
    tw = _tw(
        [
            ("T1", "c1", A, "X", "2019-01-01", "2019-03-31"),
            ("T2", "c1", A, "X", "2019-04-10", "2019-06-30"),  # 9 days gap
            ("T3", "c1", B, "X", "2019-08-01", None),  # 31 days after A
        ]
    )
    assert len(trm.trajecten(tw, "2019-12-31")) == 2  # default: 14 days
    assert len(trm.trajecten(tw, "2019-12-31", max_onderbreking_dagen=5)) == 3
    tr = trm.trajecten(tw, "2019-12-31")
    assert len(trm.wisselingen(tr)) == 1  # default: 90 days
    assert trm.wisselingen(tr, max_tussenpoos_dagen=20).empty


def test_publiceerbare_trajectduur_en_wisseltabel():
    rijen = [(f"T{i}", f"c{i}", A, "X", "2019-01-01", "2019-03-31") for i in range(12)]
    rijen += [(f"U{i}", f"c{i}", B, "X", "2019-04-15", None) for i in range(12)]
    rijen += [
        ("V1", "d1", C, "X", "2019-01-01", "2019-02-28"),
        ("V2", "d1", A, "X", "2019-03-15", None),
    ]
    tr = trm.trajecten(_tw(rijen), peildatum="2019-12-31")
    duur = trm.publiceerbare_trajectduur(tr, groepen=["aanbieder_agb"]).set_index("aanbieder_agb")
    assert int(duur.loc[A, "aantal_trajecten"]) == 13
    assert pd.isna(duur.loc[C, "aantal_trajecten"]) and pd.isna(duur.loc[C, "gem_duur_dagen"])
    assert pd.isna(duur.loc[C, "mediaan_duur_ci_laag_dagen"])
    assert pd.isna(duur.loc[C, "mediaan_duur_ci_hoog_dagen"])
    assert "aantal_afgesloten" not in duur.columns  # would reveal the suppressed lopend count
    w = trm.wisseltabel(trm.wisselingen(tr), aantal=10)
    # 12 switches A -> B and 1 C -> A: the small counts are suppressed
    assert w.columns[:5].tolist() == [
        "aanbieder_naam",
        "categorie",
        "wisselingen_in",
        "wisselingen_uit",
        "wisselsaldo",
    ]
    assert len(w) == 3
    # A received 1: suppressed, and B's 12 with it (else A follows from the total)
    assert w["wisselingen_in"].isna().sum() == 2 and w["wisselsaldo"].isna().sum() >= 2
    assert controleer_onderdrukt(w, ["wisselingen_in"], groep_kolommen="categorie") == []


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_trajectduur_mediaan_met_interval():
    from statsmodels.duration.survfunc import SurvfuncRight

    rng = np.random.default_rng(3)
    n = 80
    tr = pd.DataFrame(
        {
            "aanbieder_agb": np.where(rng.random(n) < 0.5, "1", "2"),
            "duur_dagen": rng.integers(10, 400, n),
            "is_lopend": rng.random(n) < 0.25,
        }
    )
    zonder = trm.trajectduur(tr, groepen=["aanbieder_agb"])
    met = trm.trajectduur(tr, groepen=["aanbieder_agb"], met_ci=True)
    # existing columns and order kept; the interval right after the median
    assert [k for k in met.columns if "_ci_" not in k] == zonder.columns.tolist()
    i = met.columns.get_loc("mediaan_duur_dagen")
    assert met.columns[i + 1 : i + 3].tolist() == [
        "mediaan_duur_ci_laag_dagen",
        "mediaan_duur_ci_hoog_dagen",
    ]
    pd.testing.assert_series_equal(met["mediaan_duur_dagen"], zonder["mediaan_duur_dagen"])
    for _, rij in met.iterrows():
        g = tr[tr["aanbieder_agb"] == rij["aanbieder_agb"]]
        sf = SurvfuncRight(g["duur_dagen"].to_numpy(float), (~g["is_lopend"]).to_numpy(int))
        verwacht = [x if np.isfinite(x) else np.nan for x in sf.quantile_ci(0.5, method="cloglog")]
        gevonden = [rij["mediaan_duur_ci_laag_dagen"], rij["mediaan_duur_ci_hoog_dagen"]]
        np.testing.assert_equal(gevonden, verwacht)
        assert rij["mediaan_duur_ci_laag_dagen"] <= rij["mediaan_duur_dagen"]
