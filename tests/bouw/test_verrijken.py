"""Tests for sdanalysis.bouw.verrijken: categorie/taakveld and THE declaraties join."""

from __future__ import annotations

import pandas as pd
import pytest

from sdanalysis.bouw.verrijken import (
    aanbieder_namen,
    koppel_declaraties,
    melding_ongekoppeld,
    verrijk_toewijzingen,
)
from sdanalysis.contracts import ONBEKEND


def _toewijzingen():
    return pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T2", "T3"],
            "client_id": ["c1", "c2", "c3"],
            "wet": ["JW", "JW", "WMO"],
            "productcategorie": ["43", "43", "02"],
            "productcode": ["43A01", "43A01", "02A01"],
            "categorie": ["Basis GGZ", "Basis GGZ", "Begeleiding"],
            "taakveld": ["6.72a", "6.72a", pd.NA],
            "aanbieder_agb": ["11111111", "11111111", "33333333"],
            # names vary between exports: the most frequent one per AGB code wins
            "aanbieder_naam": ["Zorg BV", "Zorg B.V.", "Wmo BV"],
        }
    )


def _declaraties():
    return pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "X9", "T3", "T2"],
            "periode_start": pd.to_datetime(
                ["2019-01-01", "2019-05-01", "2020-01-01", "2019-12-01"]
            ),
            "bedrag_eur": [100.0, 75.0, 50.0, -20.0],
            "wet": ["fout", "fout", "fout", "fout"],  # the toewijzing's value wins
        }
    )


def test_koppeling_houdt_elke_declaratie_en_labelt_ongekoppelde_eenmaal():
    d, t = _declaraties(), _toewijzingen()
    d0, t0 = d.copy(), t.copy()
    g = koppel_declaraties(d, t)
    pd.testing.assert_frame_equal(d, d0)
    pd.testing.assert_frame_equal(t, t0)
    assert len(g) == len(d) and g["toewijzingnummer"].tolist() == ["T1", "X9", "T3", "T2"]
    assert g["bedrag_eur"].sum() == pytest.approx(d["bedrag_eur"].sum())
    assert g["gekoppeld"].tolist() == [True, False, True, True]
    assert g["jaar"].tolist() == [2019, 2019, 2020, 2019]
    los = g.loc[~g["gekoppeld"]].iloc[0]
    for k in ("client_id", "wet", "categorie", "aanbieder_agb", "aanbieder_naam"):
        assert los[k] == ONBEKEND, k
    for k in ("productcategorie", "productcode", "taakveld"):
        assert pd.isna(los[k]), k  # codes stay empty
    assert g.loc[0, "wet"] == "JW"
    assert pd.isna(g.loc[2, "taakveld"])  # a missing taakveld of a matched row stays missing
    assert g.loc[0, "aanbieder_naam"] == g.loc[3, "aanbieder_naam"]  # one name per AGB code
    assert g.columns[-2:].tolist() == ["jaar", "gekoppeld"]


def test_koppeling_weigert_dubbele_toewijzingen():
    t = pd.concat([_toewijzingen(), _toewijzingen().head(1)])
    with pytest.raises(ValueError, match="toewijzingnummer is niet uniek"):
        koppel_declaraties(_declaraties(), t)
    with pytest.raises(ValueError, match="bedrag_eur"):
        koppel_declaraties(_declaraties().drop(columns="bedrag_eur"), _toewijzingen())


def test_melding_ongekoppeld():
    g = koppel_declaraties(_declaraties(), _toewijzingen())
    assert melding_ongekoppeld(g) == (
        "declaraties: 1 regel(s) zonder toewijzing (samen € 75); ze tellen mee als '(onbekend)'"
    )
    assert melding_ongekoppeld(g.loc[g["gekoppeld"]]) is None


def test_aanbieder_namen_meest_gebruikt_dan_alfabetisch():
    t = pd.DataFrame(
        {"aanbieder_agb": ["1", "1", "2", "2", "2"], "aanbieder_naam": ["B", "A", "X", "Y", "Y"]}
    )
    assert aanbieder_namen(t).to_dict() == {"1": "A", "2": "Y"}
    assert aanbieder_namen(t[["aanbieder_agb"]]).to_dict() == {"1": "1", "2": "2"}


def test_verrijk_toewijzingen_code_voor_standaard_en_omschrijving_als_rest():
    tw = pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T2", "T3"],
            "wet": ["JW", "JW", "WMO"],
            "productcategorie": ["43", "43", "02"],
            "productcode": ["43A01", "43A99", "02A01"],
            "volume": [1, 2, 3],
        }
    )
    pc = pd.DataFrame(
        {
            "wet": ["JW", "JW"],
            "productcategorie": ["43", "43"],
            "productcode": ["43A01", pd.NA],
            "categorie": ["Specifiek", "Standaard"],
            "taakveld": ["6.72a", "6.72c"],
        }
    )
    uit, w = verrijk_toewijzingen(tw, pc)
    assert uit.columns.tolist() == [
        "toewijzingnummer",
        "wet",
        "productcategorie",
        "productcode",
        "categorie",
        "taakveld",
        "volume",
    ]
    assert uit["categorie"].tolist()[:2] == ["Specifiek", "Standaard"]
    assert uit["taakveld"].tolist()[:2] == ["6.72a", "6.72c"]
    assert pd.isna(uit.loc[2, "taakveld"]) and uit.loc[2, "categorie"]  # description
    assert w == [
        "toewijzingen: 1 regel(s) zonder vertaling in productcodes; "
        "categorie = omschrijving van de productcategorie"
    ]
    zonder, w2 = verrijk_toewijzingen(tw, None)
    assert zonder["taakveld"].isna().all() and w2 == []
    assert "categorie" not in tw.columns  # input untouched


@pytest.mark.parametrize("categorisch", [False, True])
def test_vertaling_per_combinatie_gelijk_aan_join_per_rij(categorisch):
    """Translating each distinct (wet, productcategorie, productcode) once and spreading it
    over the rows gives what the two joins give row by row, with missing codes, a missing
    wet, duplicate translations (first wins) and categorical columns."""
    import numpy as np

    from sdanalysis.bouw.verrijken import _vertaal_productcodes, _vertaal_uniek

    rng = np.random.default_rng(7)
    n = 5_000
    tw = pd.DataFrame(
        {
            "wet": rng.choice(np.array(["JW", "WMO", None], dtype=object), n),
            "productcategorie": rng.choice(np.array(["43", "02", "10"], dtype=object), n),
            "productcode": rng.choice(np.array(["43A01", "02A01", "X", None], dtype=object), n),
        }
    )
    if categorisch:
        tw = tw.astype("category")
    pc = pd.DataFrame(
        {
            "wet": ["JW", "JW", "JW", "WMO", None],
            "productcategorie": ["43", "43", "43", "02", "10"],
            "productcode": [None, "43A01", "43A01", "02A01", None],
            "categorie": ["Verblijf", "Pleegzorg", "Tweede", "Begeleiding", "Zonder wet"],
            "taakveld": ["6.72c", "6.72c", "6.72a", "6.71a", pd.NA],
        }
    )
    cat, tv = _vertaal_productcodes(tw, pc)
    ref_cat, ref_tv = _vertaal_uniek(tw, pc)
    pd.testing.assert_series_equal(cat, ref_cat, check_names=False)
    pd.testing.assert_series_equal(tv, ref_tv, check_names=False)
    assert n / 5 < cat.notna().sum() < n  # not trivial: translated and untranslated rows
