"""Tests for small-count suppression (primary and secondary) and the publication check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdanalysis import instellingen
from sdanalysis.weergave.stijl import format_aantal
from sdanalysis.weergave.suppressie import (
    controleer_onderdrukt,
    is_onderdrukt,
    onderdruk_kleine_aantallen,
    voetnoot,
    weergavetabel,
)


def _onderdrukt(df: pd.DataFrame, kolom: str) -> set[tuple]:
    m = df[kolom + "_onderdrukt"]
    return {tuple(r) for r in df.loc[m, ["aanbieder", "jaar"]].itertuples(index=False)}


def test_primaire_onderdrukking_grens_en_nul():
    df = pd.DataFrame({"n": [0, 1, 9, 10, 11]})
    uit = onderdruk_kleine_aantallen(df, "n", groep_kolommen=[["n"]])  # every cell its own group
    assert uit["n"].isna().tolist() == [False, True, True, False, False]
    assert uit["n"].dtype == "Int64"
    assert int(uit.loc[0, "n"]) == 0  # a zero stays visible by default
    met_nul = onderdruk_kleine_aantallen(df, "n", groep_kolommen=[["n"]], nul_onderdrukken=True)
    assert met_nul["n"].isna().tolist() == [True, True, True, False, False]


def test_drempel_uit_config_en_eigen_drempel():
    df = pd.DataFrame({"g": [1, 2], "n": [instellingen.SUPPRESSIE_DREMPEL - 1, 14]})
    assert onderdruk_kleine_aantallen(df, "n", "g")["n"].isna().tolist() == [True, False]
    assert onderdruk_kleine_aantallen(df, "n", "g", drempel=15)["n"].isna().tolist() == [True, True]


def test_secundair_een_cel_terug_te_rekenen_uit_totaal():
    # Total of the column is 4 + 50 + 30 + 25 = 109. With only the 4 hidden, a reader
    # computes 109 - 50 - 30 - 25 = 4. The smallest other cell (25) must be hidden too.
    df = pd.DataFrame({"aanbieder": list("ABCD"), "n": [50, 4, 30, 25]})
    uit = onderdruk_kleine_aantallen(df, "n")
    assert uit["n_onderdrukt"].tolist() == [False, True, False, True]
    zichtbaar = uit["n"].dropna().astype(int).sum()
    verborgen = 109 - zichtbaar
    assert verborgen == 29  # only the sum of two cells is recoverable, and it is not small


def test_secundair_twee_kleine_cellen_met_kleine_som():
    # Two primary cells 2 + 3 = 5: their sum is recoverable and itself a small count.
    df = pd.DataFrame({"aanbieder": list("ABCD"), "n": [2, 3, 40, 60]})
    uit = onderdruk_kleine_aantallen(df, "n")
    assert uit["n_onderdrukt"].tolist() == [True, True, True, False]


def test_secundair_kiest_geen_nul_als_aanvulling():
    df = pd.DataFrame({"aanbieder": list("ABCD"), "n": [0, 4, 30, 25]})
    uit = onderdruk_kleine_aantallen(df, "n")
    assert uit["n_onderdrukt"].tolist() == [False, True, False, True]


def test_secundair_rijen_en_kolommen_hand_uitgerekend():
    # aanbieder x jaar with totals per jaar and per aanbieder:
    #        2019 2020 2021
    #   A      5   40   50
    #   B     30   20   60
    #   C     45   35   70
    # A-2019 (5) is primary. Column 2019: hide B-2019 (30). Row A: hide A-2020 (40).
    # Row B now has one hidden cell: hide B-2020 (20). Column 2020 then has 40 + 20 hidden.
    waarden = {"A": [5, 40, 50], "B": [30, 20, 60], "C": [45, 35, 70]}
    df = pd.DataFrame(
        [(a, j, w[i]) for a, w in waarden.items() for i, j in enumerate([2019, 2020, 2021])],
        columns=["aanbieder", "jaar", "n"],
    )
    uit = onderdruk_kleine_aantallen(df, "n", groep_kolommen=[["jaar"], ["aanbieder"]])
    assert _onderdrukt(uit, "n") == {("A", 2019), ("A", 2020), ("B", 2019), ("B", 2020)}
    assert controleer_onderdrukt(uit, "n", groep_kolommen=[["jaar"], ["aanbieder"]]) == []
    # Every row and column: no hidden cell is alone, so none can be computed back.
    for groep in ("jaar", "aanbieder"):
        per_groep = uit.groupby(groep)["n_onderdrukt"].sum()
        assert set(per_groep.tolist()) <= {0, 2}


def test_afhankelijke_kolommen_volgen_de_rij():
    df = pd.DataFrame({"g": 1, "n": [3, 50, 60], "kosten_per_client": [100.0, 200.0, 300.0]})
    uit = onderdruk_kleine_aantallen(df, "n", "g", afhankelijke_kolommen=["kosten_per_client"])
    assert uit["kosten_per_client"].isna().tolist() == [True, True, False]
    assert is_onderdrukt(uit).tolist() == [True, True, False]


def test_afhankelijk_per_telkolom():
    df = pd.DataFrame(
        {
            "g": 1,
            "clienten": [30, 40, 50],
            "trajecten": [3, 40, 50],
            "kosten_per_client": [1.0, 2.0, 3.0],
            "duur": [10.0, 20.0, 30.0],
        }
    )
    uit = onderdruk_kleine_aantallen(
        df,
        ["clienten", "trajecten"],
        "g",
        afhankelijke_kolommen={"kosten_per_client": "clienten", "duur": ["trajecten"]},
    )
    assert uit["kosten_per_client"].notna().all()  # clients are not suppressed
    assert uit["duur"].isna().tolist() == [True, True, False]
    with pytest.raises(ValueError, match="geen telkolom"):
        onderdruk_kleine_aantallen(df, "clienten", "g", afhankelijke_kolommen={"duur": "x"})


def test_meerdere_kolommen_los_onderdrukt():
    df = pd.DataFrame({"g": 1, "a": [3, 50, 60], "b": [40, 50, 60]})
    uit = onderdruk_kleine_aantallen(df, ["a", "b"], "g")
    assert uit["a_onderdrukt"].tolist() == [True, True, False]
    assert uit["b_onderdrukt"].tolist() == [False, False, False]
    assert uit["is_onderdrukt"].tolist() == [True, True, False]


def test_invoer_niet_gewijzigd():
    df = pd.DataFrame({"g": 1, "n": [3, 50, 60]})
    kopie = df.copy()
    onderdruk_kleine_aantallen(df, "n", "g")
    pd.testing.assert_frame_equal(df, kopie)


def test_foutmeldingen_in_het_nederlands():
    df = pd.DataFrame({"n": [1, 2], "t": ["a", "b"]})
    with pytest.raises(ValueError, match="ontbreken"):
        onderdruk_kleine_aantallen(df, "x")
    with pytest.raises(ValueError, match="aantallen"):
        onderdruk_kleine_aantallen(df, "t")
    with pytest.raises(ValueError, match="mengvorm"):
        onderdruk_kleine_aantallen(df, "n", groep_kolommen=["t", ["n"]])
    with pytest.raises(ValueError, match="niet door onderdruk"):
        is_onderdrukt(df)


def test_controle_vindt_kleine_aantallen_en_terug_te_rekenen_cellen():
    los = pd.DataFrame({"g": [1, 1, 1], "n": [4, 40, 50]})
    problemen = controleer_onderdrukt(los, "n", groep_kolommen="g")
    assert len(problemen) == 1 and "kleiner dan 10" in problemen[0]
    half = pd.DataFrame({"g": [1, 1, 1], "n": [np.nan, 40, 50]})
    assert "terug te rekenen" in controleer_onderdrukt(half, "n", groep_kolommen="g")[0]
    assert controleer_onderdrukt(los, "ontbreekt") == ["kolom 'ontbreekt' ontbreekt in de tabel"]


def test_weergave_met_teken_en_controle_op_teksttabel():
    df = pd.DataFrame({"g": 1, "n": [3, 1500, 60], "k": [1.0, 2.0, 3.0]})
    uit = onderdruk_kleine_aantallen(df, "n", "g", afhankelijke_kolommen=["k"])
    tabel = weergavetabel(uit, {"n": format_aantal, "k": format_aantal})
    assert tabel["n"].tolist() == [".", "1.500", "."]
    assert tabel["k"].tolist() == [".", "2", "."]
    assert "is_onderdrukt" not in tabel.columns and "n_onderdrukt" not in tabel.columns
    assert controleer_onderdrukt(tabel, "n", groep_kolommen="g") == []
    assert controleer_onderdrukt(pd.DataFrame({"n": ["3", "1.500"]}), "n") != []
    assert "(zoals het CBS doet)" in voetnoot()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60), min_size=6, max_size=6),
    st.lists(st.integers(min_value=0, max_value=60), min_size=6, max_size=6),
)
def test_eigenschap_geen_kleine_aantallen_en_niets_terug_te_rekenen(rij1, rij2):
    df = pd.DataFrame(
        {
            "aanbieder": ["A"] * 6 + ["B"] * 6,
            "jaar": list(range(2019, 2025)) * 2,
            "n": rij1 + rij2,
        }
    )
    groeperingen = [["jaar"], ["aanbieder"]]
    uit = onderdruk_kleine_aantallen(df, "n", groep_kolommen=groeperingen)
    zichtbaar = uit["n"].dropna().astype(int)
    assert ((zichtbaar == 0) | (zichtbaar >= 10)).all()
    for groep in groeperingen:
        for _, g in uit.assign(w=df["n"]).groupby(groep):
            m = g["n_onderdrukt"]
            if 0 < m.sum() < len(g):
                assert m.sum() >= 2 and g.loc[m, "w"].sum() >= 10


def test_klein_negatief_verschil_van_personen_wordt_onderdrukt():
    """Toegewezen minus in zorg = -1: one person in care without a toewijzing (once shown)."""
    import pandas as pd

    from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

    t = pd.DataFrame({"groep": ["a", "b", "c"], "verschil_clienten": [-1, 40, -35]})
    u = onderdruk_kleine_aantallen(t, "verschil_clienten", groep_kolommen=None)
    assert u["verschil_clienten_onderdrukt"].tolist()[0]
    assert u["verschil_clienten"].iloc[2] == -35
