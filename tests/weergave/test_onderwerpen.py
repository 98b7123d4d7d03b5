"""One suppressed table per topic: the meldingen sheets and notebook 06's table hide alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.publiceren.audit import audit_werkmap, onveilige_cellen
from sdanalysis.weergave.onderwerpen import (
    MELDINGBLADEN,
    aanbiedersblad,
    gepubliceerde_meldingen,
    meldingen_per_jaar,
)


def _meldingen(aantallen: dict[tuple[int, str], int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Meldingen spread over the months of each (jaar, wet).

    Every other melding is toegekend and its care starts 20 days later; the rest afgewezen.
    """
    rijen, toew = [], []
    for (jaar, wet), n in aantallen.items():
        for i in range(n):
            melding = pd.Timestamp(jaar, 1 + i % 12, 1 + i % 27)
            cid = f"{wet}-{jaar}-{i}"
            toegekend = i % 2 == 0
            rijen.append(
                {
                    "melding_id": cid,
                    "client_id": cid,
                    "wet": wet,
                    "datum_melding": melding,
                    "datum_besluit": melding + pd.Timedelta(days=14),
                    "uitkomst": "toegekend" if toegekend else "afgewezen",
                }
            )
            if toegekend:
                toew.append(
                    {
                        "client_id": cid,
                        "wet": wet,
                        "ingangsdatum": melding + pd.Timedelta(days=20),
                        "einddatum": pd.NaT,
                    }
                )
    return pd.DataFrame(rijen), pd.DataFrame(toew)


@pytest.fixture(scope="module")
def bladen():
    # 2023: both wetten large; 2024: the Jeugdwet has 6 meldingen (primary suppression)
    meldingen, toewijzingen = _meldingen(
        {(2023, "WMO"): 130, (2023, "JW"): 90, (2024, "WMO"): 150, (2024, "JW"): 6}
    )
    return gepubliceerde_meldingen(meldingen, toewijzingen), (meldingen, toewijzingen)


def test_geen_cel_terug_te_rekenen_uit_de_drie_bladen(bladen):
    tabellen, _ = bladen
    assert list(tabellen) == list(MELDINGBLADEN)
    audit = audit_werkmap(tabellen)
    assert len(audit) >= 4
    assert onveilige_cellen(audit) == []


def test_kleine_wet_verbergt_ook_de_andere_wet_van_dat_jaar(bladen):
    """The report names the year's total over the wetten: one hidden wet would be a subtraction."""
    door = bladen[0]["Doorlooptijden"].set_index(["jaar", "wet"])
    assert door.loc[(2024, "JW"), "aantal_meldingen_onderdrukt"]
    assert door.loc[(2024, "WMO"), "aantal_meldingen_onderdrukt"]
    assert not door.loc[(2023, "WMO"), "aantal_meldingen_onderdrukt"]


def test_verborgen_jaartotaal_heeft_minstens_twee_verborgen_maanden(bladen):
    tabellen, _ = bladen
    door = tabellen["Doorlooptijden"]
    maanden = tabellen["Meldingen per maand"].assign(
        jaar=lambda d: pd.to_datetime(d["periode_maand"]).dt.year
    )
    verborgen = maanden.groupby(["jaar", "wet"])["aantal_meldingen_onderdrukt"].sum()
    for r in door[door["aantal_meldingen_onderdrukt"]].itertuples():
        assert verborgen[(r.jaar, r.wet)] >= 2, (r.jaar, r.wet)
    # and never exactly one hidden month in a year of a wet
    assert (verborgen != 1).all()


def test_rij_nooit_een_van_drie_verborgen(bladen):
    tabellen, _ = bladen
    for blad, kolommen in (
        ("Doorlooptijden", ("aantal_meldingen", "aantal_afgerond", "aantal_open")),
        ("Wachttijden", ("aantal_toegekend", "aantal_gestart", "aantal_wacht")),
    ):
        markers = tabellen[blad][[f"{k}_onderdrukt" for k in kolommen]].sum(axis=1)
        assert (markers != 1).all(), blad


def test_notebooktabel_toont_precies_de_cellen_van_de_bladen(bladen):
    tabellen, _ = bladen
    per_jaar = meldingen_per_jaar(tabellen)
    for blad, kolom in (
        ("Doorlooptijden", "aantal_meldingen"),
        ("Wachttijden", "aantal_toegekend"),
    ):
        samen = per_jaar.merge(tabellen[blad], on=["jaar", "wet"], suffixes=("", "_blad"))
        assert len(samen) == len(per_jaar)
        marker = f"{kolom}_onderdrukt"
        assert (samen[marker] == samen[f"{marker}_blad"]).all()
        assert samen[kolom].astype("Float64").equals(samen[f"{kolom}_blad"].astype("Float64"))
    # the medians of a row with a hidden count are blank, as in the sheets
    verborgen = per_jaar["aantal_meldingen_onderdrukt"]
    assert per_jaar.loc[verborgen, "mediaan_doorlooptijd_dagen"].isna().all()


def test_jaren_afsnijden_verandert_de_andere_jaren_niet(bladen):
    """A notebook and the workbook that cut other years show the same cells for a year."""
    alle, (meldingen, toewijzingen) = bladen
    een = gepubliceerde_meldingen(meldingen, toewijzingen, jaren=(2024, 2024))
    for naam in MELDINGBLADEN:
        blad = alle[naam]
        jaar = blad["jaar"] if "jaar" in blad else pd.to_datetime(blad["periode_maand"]).dt.year
        verwacht = blad[jaar == 2024].reset_index(drop=True)
        pd.testing.assert_frame_equal(een[naam], verwacht)


def test_aanbiedersblad_noemt_clienten_in_de_loop_van_het_jaar():
    """Not ``aantal_clienten``: that name is the count on 1 January in the volume charts."""
    blad = aanbiedersblad(
        pd.DataFrame(
            {"jaar": [2024], "aantal_clienten": [np.nan], "aantal_clienten_onderdrukt": [True]}
        )
    )
    assert "aantal_clienten" not in blad.columns
    assert blad["aantal_clienten_in_jaar_onderdrukt"].tolist() == [True]
