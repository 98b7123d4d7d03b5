"""Tests for the taakveld crosswalk (sdanalysis.taakvelden)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.taakvelden import (
    CROSSWALK_PAD,
    ONBEKEND,
    OnbekendTaakveldFout,
    normaliseer_taakveld,
    onbekende_taakvelden,
    splits_taakveld,
    taakveld_reeksen,
    voeg_taakveldnaam_toe,
    voeg_taakveldreeks_toe,
)

CODES_2017_2022 = ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.71", "6.72", "6.81", "6.82"]
CODES_2023_2024 = (
    ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.71", "6.72", "6.81", "6.82"]
    + [f"6.71{x}" for x in "abcd"]
    + [f"6.72{x}" for x in "abcd"]
    + [f"6.73{x}" for x in "abc"]
    + [f"6.74{x}" for x in "abc"]
    + ["6.81a", "6.81b", "6.82a", "6.82b"]
)
CODES_2025 = (
    ["6.1", "6.21", "6.22", "6.23", "6.3", "6.4", "6.5", "6.60"]
    + ["6.711", "6.712", "6.713", "6.714", "6.751", "6.752", "6.753", "6.761", "6.762", "6.763"]
    + ["6.791", "6.792", "6.811", "6.812", "6.821", "6.822", "6.91", "6.92"]
)


def _frame(codes: list[str], jaar: int) -> pd.DataFrame:
    return pd.DataFrame({"taakveld": codes, "jaar": [jaar] * len(codes)})


@pytest.mark.parametrize(
    ("codes", "jaren"),
    [(CODES_2017_2022, range(2017, 2023)), (CODES_2023_2024, (2023, 2024)), (CODES_2025, (2025,))],
)
def test_elk_codejaar_volledig_gekoppeld(codes, jaren):
    for jaar in jaren:
        uit = voeg_taakveldreeks_toe(_frame(codes, jaar))
        assert (uit["taakveld_reeks"] != ONBEKEND).all()
        assert len(uit) == len(codes)


def test_hoofdreeksen_over_alle_codejaren():
    verwacht = {
        ("6.6", 2019): "wmo_maatwerk",
        ("6.71", 2017): "wmo_maatwerk",
        ("6.71a", 2023): "wmo_maatwerk",
        ("6.711", 2025): "wmo_maatwerk",
        ("6.791", 2025): "wmo_maatwerk",
        ("6.60", 2025): "wmo_maatwerk",
        ("6.72", 2022): "jeugd",
        ("6.82", 2022): "jeugd",
        ("6.73b", 2024): "jeugd",
        ("6.763", 2025): "jeugd",
        ("6.792", 2025): "jeugd",
        ("6.822", 2025): "jeugd",
        ("6.81", 2020): "wmo_escalatie",
        ("6.81a", 2023): "wmo_escalatie",
        ("6.811", 2025): "wmo_escalatie",
        ("6.2", 2024): "toegang",
        ("6.23", 2025): "toegang",
        ("6.91", 2025): "coordinatie",
        ("0.7", 2025): "0.7",
    }
    df = pd.DataFrame({"taakveld": [k[0] for k in verwacht], "jaar": [k[1] for k in verwacht]})
    uit = voeg_taakveldreeks_toe(df)
    assert uit["taakveld_reeks"].tolist() == list(verwacht.values())


def test_detailniveau_jeugd_ambulant_en_verblijf_2023_naar_2025():
    df = pd.DataFrame(
        {
            "taakveld": ["6.72a", "6.74a", "6.73a", "6.74b", "6.74c", "6.751", "6.762", "6.82a"],
            "jaar": [2023, 2023, 2023, 2023, 2024, 2025, 2025, 2023],
        }
    )
    uit = voeg_taakveldreeks_toe(df, niveau="detail")
    assert uit["taakveld_reeks"].tolist() == [
        "jeugd_ambulant",
        "jeugd_ambulant",
        "jeugd_verblijf",
        "jeugd_verblijf",
        "jeugd_verblijf",
        "jeugd_ambulant",
        "jeugd_verblijf",
        "jeugd_jeugdbescherming",
    ]


def test_detailniveau_huishoudelijke_hulp_en_onverdeeld():
    df = pd.DataFrame(
        {"taakveld": ["6.71", "6.71a", "6.711", "6.71"], "jaar": [2022, 2024, 2025, 2023]}
    )
    uit = voeg_taakveldreeks_toe(df, niveau="detail")
    assert uit["taakveld_reeks"].tolist() == [
        "wmo_dienstverlening_onverdeeld",
        "wmo_huishoudelijke_hulp",
        "wmo_huishoudelijke_hulp",
        "wmo_dienstverlening_onverdeeld",
    ]
    assert uit["taakveld_reeks_naam"].iloc[1] == "Wmo huishoudelijke hulp"


def test_domeinniveau():
    df = pd.DataFrame(
        {"taakveld": ["6.71b", "6.792", "6.3", "6.2"], "jaar": [2023, 2025, 2023, 2023]}
    )
    uit = voeg_taakveldreeks_toe(df, niveau="domein")
    assert uit["taakveld_reeks"].tolist() == ["Wmo", "Jeugd", "Participatie en inkomen", "Toegang"]


def test_reeksen_vergelijkbaar_som_blijft_gelijk():
    # Hand-made begroting: the same money booked in the 2022 and the 2025 layout.
    df = pd.DataFrame(
        {
            "taakveld": ["6.6", "6.71", "6.60", "6.711", "6.712", "6.791"],
            "jaar": [2022, 2022, 2025, 2025, 2025, 2025],
            "bedrag_eur": [20.0, 100.0, 15.0, 50.0, 30.0, 25.0],
        }
    )
    uit = voeg_taakveldreeks_toe(df)
    som = uit.groupby(["taakveld_reeks", "jaar"])["bedrag_eur"].sum()
    assert som[("wmo_maatwerk", 2022)] == 120.0
    assert som[("wmo_maatwerk", 2025)] == 120.0


def test_geen_overlappende_perioden_en_elke_code_uniek_per_jaar():
    cw = taakveld_reeksen()
    for jaar in range(2017, 2031):
        tot = cw["jaar_tot"].fillna(9999)
        geldig = cw[(cw["jaar_van"] <= jaar) & (tot >= jaar)]
        assert not geldig["taakveld"].duplicated().any(), jaar
    assert cw["jaar_van"].min() == 2017


def test_invoer_niet_gewijzigd_en_volgorde_behouden():
    df = pd.DataFrame({"taakveld": ["6.82b", "6.1"], "jaar": [2023, 2018]}, index=[7, 3])
    kopie = df.copy()
    uit = voeg_taakveldreeks_toe(df)
    pd.testing.assert_frame_equal(df, kopie)
    assert list(uit.index) == [7, 3]
    assert uit["taakveld_reeks"].tolist() == ["jeugd", "6.1"]


def test_onbekende_code_geeft_nederlandse_fout_met_lijst():
    df = pd.DataFrame({"taakveld": ["6.711", "6.99", "6.1"], "jaar": [2023, 2023, 2023]})
    with pytest.raises(OnbekendTaakveldFout) as e:
        voeg_taakveldreeks_toe(df)
    tekst = str(e.value)
    assert "'6.711' in 2023" in tekst and "geldig vanaf 2025" in tekst
    assert "'6.99' in 2023" in tekst and "bestaat niet" in tekst
    assert "'6.1' in" not in tekst  # 6.1 is a valid code in 2023


def test_markeer_houdt_alle_rijen_en_waarschuwt():
    df = pd.DataFrame({"taakveld": ["6.711", "6.71a", None], "jaar": [2023, 2023, 2023]})
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        uit = voeg_taakveldreeks_toe(df, bij_onbekend="markeer")
    assert len(uit) == 3
    assert uit["taakveld_reeks"].tolist() == [ONBEKEND, "wmo_maatwerk", ONBEKEND]
    assert any("Onbekende taakveldcode" in str(x.message) for x in w)
    lijst = onbekende_taakvelden(df)
    assert lijst["aantal_rijen"].sum() == 2
    assert set(lijst["reden"]) == {"geldig vanaf 2025", "taakveld ontbreekt"}


def test_voor_2017_geen_taakvelden():
    lijst = onbekende_taakvelden(pd.DataFrame({"taakveld": ["6.71"], "jaar": [2016]}))
    assert lijst["reden"].tolist() == ["taakvelden bestaan pas sinds 2017"]


def test_slechte_invoer_duidelijke_fout():
    with pytest.raises(ValueError, match="Kolom 'jaar'"):
        voeg_taakveldreeks_toe(pd.DataFrame({"taakveld": ["6.1"]}))
    with pytest.raises(ValueError, match="getallen"):
        voeg_taakveldreeks_toe(pd.DataFrame({"taakveld": [6.1], "jaar": [2023]}))
    with pytest.raises(ValueError, match="niveau"):
        voeg_taakveldreeks_toe(pd.DataFrame({"taakveld": ["6.1"], "jaar": [2023]}), niveau="x")


def test_andere_kolomnamen_en_code_met_naam():
    df = pd.DataFrame({"tv": [" 6.71A Huishoudelijke hulp (WMO)"], "boekjaar": ["2023"]})
    uit = voeg_taakveldreeks_toe(df, taakveld_kolom="tv", jaar_kolom="boekjaar", niveau="detail")
    assert uit["taakveld_reeks"].iloc[0] == "wmo_huishoudelijke_hulp"


def test_hulpfuncties():
    assert splits_taakveld("6.74b Jeugdhulp crisis/LTA/GGZ-verblijf") == (
        "6.74b",
        "Jeugdhulp crisis/LTA/GGZ-verblijf",
    )
    with pytest.raises(ValueError, match="taakveldcode"):
        splits_taakveld("Totaal")
    assert normaliseer_taakveld("0.10 Mutaties reserves") == "0.10"
    naam = voeg_taakveldnaam_toe(pd.DataFrame({"taakveld": ["6.71d"], "jaar": [2023]}))
    assert naam["taakveld_naam"].iloc[0] == "Overige maatwerkarrangementen (Wmo)"


def test_crosswalk_bestand_in_pakket():
    assert CROSSWALK_PAD.exists()
    assert CROSSWALK_PAD.parent == instellingen.PACKAGE_DATA_DIR
