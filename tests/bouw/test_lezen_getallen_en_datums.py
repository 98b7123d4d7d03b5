"""Numbers and dates that were read wrongly or refused although readable.

Thousands separators with (narrow) no-break spaces, the decimal mark decided once per
column, Excel date serials with a time of day, dates far in the future.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sdanalysis.bouw.getallen import (
    heeft_tijd,
    kolom_decimaalteken,
    lees_datum,
    parse_bedrag,
    parse_getal,
)
from sdanalysis.bouw.valideren import valideer_frame
from sdanalysis.contracts import TOEWIJZINGEN

PEIL = dt.date(2024, 6, 1)


def _toewijzingen(**kolommen):
    n = len(next(iter(kolommen.values())))
    basis = {
        "toewijzingnummer": [f"T{i}" for i in range(n)],
        "client_id": [f"c{i}" for i in range(n)],
        "wet": ["WMO"] * n,
        "productcategorie": ["07"] * n,
        "aanbieder_agb": ["12345678"] * n,
        "ingangsdatum": ["01-01-2020"] * n,
    }
    basis.update(kolommen)
    return valideer_frame(
        pd.DataFrame(basis, dtype=object),
        TOEWIJZINGEN,
        "t.csv",
        list(range(2, n + 2)),
        b"k",
        peildatum=PEIL,
    )


# --------------------------------------------------------------------------- spaces


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("1\u202f500", 1500.0),
        ("1\u00a0234,50", 1234.5),
        ("€\u00a01\u202f500\u202f000", 1_500_000.0),
        ("12\u2009345", 12345.0),
        ("1 500", 1500.0),
    ],
)
def test_spatie_als_scheiding_van_duizendtallen(tekst, verwacht):
    assert parse_bedrag(tekst) == (verwacht, None)


@pytest.mark.parametrize("tekst", ["1 5", "12 34", "1\u202f50"])
def test_spatie_binnen_een_getal_dat_geen_duizendtal_is_geweigerd(tekst):
    getal, reden = parse_getal(tekst)
    assert getal is None
    assert "groepen van drie" in reden


# --------------------------------------------------------------------------- decimal mark per column


def test_decimaalpunt_van_de_kolom_beslist_over_1_500():
    res = _toewijzingen(volume=["1.5", "1.500", "2.25"])
    assert res.geaccepteerd["volume"].tolist() == [1.5, 1.5, 2.25]
    assert any("volume" in o and "punt is het decimaalteken" in o for o in res.opmerkingen)


def test_nederlandse_kolom_leest_1_500_als_duizendtal_zonder_opmerking():
    res = _toewijzingen(volume=["1,5", "1.500", "2"])
    assert res.geaccepteerd["volume"].tolist() == [1.5, 1500.0, 2.0]
    assert not any("decimaalteken" in o for o in res.opmerkingen)


def test_gemengde_decimaaltekens_geven_waarschuwing_en_dubbelzinnig_in_quarantaine():
    res = _toewijzingen(volume=["1,5", "2.25", "1.500", "3"])
    assert res.rijen_gelezen == res.rijen_geaccepteerd + res.rijen_geweigerd
    assert res.geaccepteerd["volume"].tolist() == [1.5, 2.25, 3.0]
    q = res.quarantaine
    assert q[["rij", "kolom"]].values.tolist() == [[4, "volume"]]
    assert "dubbelzinnig" in q["reden"].iloc[0] and "1500 of 1,5" in q["reden"].iloc[0]
    assert any("verschillende decimaaltekens" in o for o in res.opmerkingen)


def test_kolom_decimaalteken():
    assert kolom_decimaalteken(["1.500", "2"])[0] is None
    assert kolom_decimaalteken(["1.500.000", "1,5"])[0] == ","
    assert kolom_decimaalteken(["1,500,000", "2.5"])[0] == "."
    assert kolom_decimaalteken([1.5, 2.25]) == (None, {}, 0)
    assert kolom_decimaalteken(["12,50,00", "1,5"])[0] == ","  # unreadable cells say nothing


def test_bedragwoorden_in_volume_geweigerd_in_tarief_toegestaan():
    res = _toewijzingen(volume=["7 ton", "3"], tarief_eur=["7 ton", "1,7 mln"])
    assert res.geaccepteerd["tarief_eur"].tolist() == [1_700_000.0]
    assert "alleen in bedragkolommen" in res.quarantaine["reden"].iloc[0]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("waarde", [43466.5, "43466.5", "43466,25", 43466.999])
def test_excel_datumgetal_met_tijd_is_een_datum(waarde):
    assert lees_datum(waarde) == (dt.date(2019, 1, 1), None)
    assert heeft_tijd(waarde)


def test_tijd_weggelaten_met_opmerking():
    res = _toewijzingen(ingangsdatum=[43466.5, "01-02-2019 13:45", "01-03-2019", 43466])
    assert res.rijen_geweigerd == 0
    assert res.geaccepteerd["ingangsdatum"].tolist()[:2] == [
        pd.Timestamp("2019-01-01"),
        pd.Timestamp("2019-02-01"),
    ]
    assert any("2 regel(s) met een tijd in ingangsdatum" in o for o in res.opmerkingen)


def test_datum_ver_in_de_toekomst_buiten_open_einde_in_quarantaine():
    res = _toewijzingen(
        ingangsdatum=["01-01-2099", "01-01-2025", "01-01-2020"],
        einddatum=["", "", "31-12-2099"],
    )
    q = res.quarantaine
    assert q[["rij", "kolom"]].values.tolist() == [[2, "ingangsdatum"]]
    assert "na de bouwdatum" in q["reden"].iloc[0] and "31-12-2029" in q["reden"].iloc[0]
    # an end date far away is a real date, but the note asks whether it means "no end"
    assert res.geaccepteerd["einddatum"].iloc[-1] == pd.Timestamp("2099-12-31")
    assert any("einddatum na 31-12-2029" in o for o in res.opmerkingen)


def test_tweecijferig_jaar_1_1_69_in_de_toekomst_gemarkeerd():
    res = _toewijzingen(ingangsdatum=["1-1-69", "1-1-19"])
    q = res.quarantaine
    assert q[["rij", "kolom"]].values.tolist() == [[2, "ingangsdatum"]]
    assert "01-01-2069" in q["reden"].iloc[0] and "jjjj" in q["reden"].iloc[0]
