"""Analyses on the messages: in zorg vs toegewezen, wachttijd, doorlooptijd, realisatie."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import zorg
from sdanalysis.analyse.overleving import km_mediaan

D = pd.Timestamp


def _tw(**kolommen) -> pd.DataFrame:
    basis = {
        "toewijzingnummer": ["1", "2", "3"],
        "client_id": ["a", "b", "c"],
        "categorie": ["x", "x", "y"],
        "aanbieder_agb": ["11111111"] * 3,
        "ingangsdatum": pd.to_datetime(["2026-01-01"] * 3),
        "einddatum": pd.to_datetime(["2026-03-31"] * 3),
    }
    return pd.DataFrame({**basis, **kolommen})


def _zm(rijen: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "toewijzingnummer": [r[0] for r in rijen],
            "soort": [r[1] for r in rijen],
            "begindatum": pd.to_datetime([r[2] for r in rijen]),
            "einddatum": pd.to_datetime([r[3] for r in rijen]),
            "reden_beeindiging": [None if r[3] is None else "31" for r in rijen],
        }
    )


def test_in_zorg_naast_toegewezen_per_maand():
    zm = _zm([("1", "start", "2026-01-05", None), ("1", "stop", "2026-01-05", "2026-02-20"),
              ("3", "start", "2026-01-02", None)])  # fmt: skip
    uit = zorg.in_zorg_per_maand(_tw(), zm, groepen=("categorie",), start="2026-01", eind="2026-04")
    x = uit[uit["categorie"] == "x"].set_index("periode_maand")
    assert x["aantal_clienten_toegewezen"].tolist() == [2, 2, 2, 0]
    # a started on 5 January (not in care on the 1st), stopped 20 February; b never started
    assert x["aantal_clienten_in_zorg"].tolist() == [0, 1, 0, 0]
    assert (
        x["verschil_clienten"] == x["aantal_clienten_toegewezen"] - x["aantal_clienten_in_zorg"]
    ).all()
    y = uit[uit["categorie"] == "y"]
    assert y["aantal_clienten_in_zorg"].tolist()[:3] == [0, 1, 1]


def test_zorgperioden_stop_zonder_start_telt_ook():
    zm = _zm([("2", "stop", "2026-01-10", "2026-01-31")])
    p = zorg.zorgperioden(_tw(), zm)
    assert p[["toewijzingnummer", "client_id"]].values.tolist() == [["2", "b"]]
    assert p["einddatum"].iloc[0] == D("2026-01-31")


def test_wachttijd_km_met_censurering():
    tw = _tw(
        toewijzingnummer=list("abcd"), client_id=list("abcd"), categorie="x", aanbieder_agb="1" * 8,
        ingangsdatum=pd.to_datetime(["2026-01-01"] * 4), einddatum=pd.NaT,
    )  # fmt: skip
    zm = _zm([("a", "start", "2026-01-03", None), ("b", "start", "2026-01-31", None),
              ("c", "start", "2026-02-20", None)])  # fmt: skip
    w = zorg.wachttijd_start(tw, zm, "2026-02-10", groepen="categorie", weken=4).iloc[0]
    # c started after the peildatum: censored like d, at 40 days
    duur, gestart = [2, 30, 40, 40], [True, True, False, False]
    assert w["aantal_gestart"] == 2 and w["aantal_toewijzingen"] == 4
    assert w["wachttijd_mediaan_dagen"] == km_mediaan(duur, gestart) == 30.0
    assert w["aantal_zonder_start_na_weken"] == 2
    laat = zorg.zonder_start(tw, zm, "2026-02-10", weken=4)
    assert sorted(laat["toewijzingnummer"]) == ["c", "d"]
    # ignoring the censoring would have given the median of the two starts
    assert np.median([2, 30]) != w["wachttijd_mediaan_dagen"]


def test_doorlooptijd_verzoek_tot_toewijzing_of_antwoord():
    verzoeken = pd.DataFrame(
        {
            "aanbieder_agb": ["1" * 8] * 3,
            "referentie_aanbieder": ["V1", "V2", "V3"],
            "soort": ["toewijzing"] * 3,
            "wet": ["JW"] * 3,
            "datum_verzoek": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-01-01"]),
        }
    )
    antwoorden = pd.DataFrame(
        {"aanbieder_agb": ["1" * 8], "referentie_aanbieder": ["V2"],
         "datum_antwoord": pd.to_datetime(["2026-01-06"]), "verzoek_antwoord": ["afgewezen"]}
    )  # fmt: skip
    historie = pd.DataFrame(
        {"aanbieder_agb": ["1" * 8] * 2, "referentie_aanbieder": ["V1", "V1"],
         "toewijzingsdatum": pd.to_datetime(["2026-01-11", "2026-03-01"])}
    )  # fmt: skip
    d = zorg.doorlooptijd_verzoeken(
        verzoeken, antwoorden, historie, "2026-01-31", groepen="wet"
    ).iloc[0]
    assert (
        d["aantal_verzoeken"],
        d["aantal_toegewezen"],
        d["aantal_afgewezen"],
        d["aantal_open"],
    ) == (3, 1, 1, 1)
    assert d["doorlooptijd_mediaan_dagen"] == km_mediaan([10, 5, 30], [True, True, False]) == 10.0


def test_realisatie_in_uren_en_zonder_declaratie():
    tw = _tw(volume=[2.0, 3.0, 1.0], eenheid=["04", "16", "82"], frequentie=["2", "2", "6"],
             einddatum=pd.to_datetime(["2026-01-14", "2026-01-14", None]))  # fmt: skip
    decl = pd.DataFrame(
        {
            "toewijzingnummer": ["1", "1", "3"],
            "geleverd_volume": [180.0, -60.0, 1.0],
            "eenheid": ["01", "01", "82"],
        }
    )
    r = zorg.realisatie(tw, decl, "2026-12-31").set_index("toewijzingnummer")
    # 2 hours a week for two weeks = 4 hours; 180 - 60 minutes declared = 2 hours
    assert r.loc["1", "toegewezen_volume"] == pytest.approx(4.0)
    assert r.loc["1", "realisatie_fractie"] == pytest.approx(0.5)
    # dagdelen are time too: 3 per week x 2 weeks x 4 hours; nothing declared is 0, not missing
    assert r.loc["2", "realisatie_fractie"] == 0.0 and r.loc["2", "aantal_declaraties"] == 0
    assert r.loc["3", "realisatie_fractie"] == pytest.approx(1.0)


def test_realisatie_ander_eenheid_blijft_leeg():
    tw = _tw(volume=[1.0, 1.0, 1.0], eenheid=["82", "82", "82"], frequentie=["6"] * 3)
    decl = pd.DataFrame({"toewijzingnummer": ["1"], "geleverd_volume": [5.0], "eenheid": ["83"]})
    r = zorg.realisatie(tw, decl, "2026-12-31").set_index("toewijzingnummer")
    assert np.isnan(r.loc["1", "gedeclareerd_volume"])


def test_declaraties_buiten_periode_en_zonder_toewijzing():
    decl = pd.DataFrame({"toewijzingnummer": ["1", "2"],
                         "periode_start": pd.to_datetime(["2026-03-01", "2026-02-01"]),
                         "periode_eind": pd.to_datetime(["2026-04-15", "2026-02-28"])})  # fmt: skip
    buiten = zorg.declaraties_buiten_toewijzing(decl, _tw())
    assert buiten["toewijzingnummer"].tolist() == ["1"] and buiten["dagen_buiten"].tolist() == [15]
    q = pd.DataFrame({"tabel": ["declaraties"] * 3 + ["toewijzingen"], "bestand": ["a", "a", "b", "a"],
                      "rij": [1, 2, 3, 1], "kolom": ["toewijzingnummer"] * 4,
                      "reden": ["toewijzingnummer onbekend in toewijzingen (of daar geweigerd)"] * 4})  # fmt: skip
    z = zorg.declaraties_zonder_toewijzing(q)
    assert z.set_index("bestand")["aantal_declaraties"].to_dict() == {"a": 2, "b": 1}


def test_zorgsectie_zonder_zorgmutaties_is_none():
    assert zorg.zorgsectie({"toewijzingen": _tw()}) is None
