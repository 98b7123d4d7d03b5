"""The demo written as iJw/iWmo messages and read back gives the same figures as from CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.analyse.volumes import jaarvolumes
from sdanalysis.bouw.pipeline import bouw, markeer_synthetisch
from sdanalysis.bronnen.berichten.lezen import BERICHT_QUARANTAINE
from sdanalysis.bronnen.berichten.schema import BERICHTEN_MAP
from sdanalysis.demo.berichten import berichtnummer, omvang, schrijf_berichten
from sdanalysis.demo.schrijf import schrijf_demo

pytestmark = pytest.mark.skipif(
    not (instellingen.external_dir() / BERICHTEN_MAP).is_dir(),
    reason="iStandaarden-schema's ontbreken in de map met publieke data",
)
CLIENTS = 200


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    csv = tmp_path_factory.mktemp("csv")
    schrijf_demo(csv, clients=CLIENTS)
    markeer_synthetisch(csv)
    berichten = tmp_path_factory.mktemp("berichten")
    aantallen = schrijf_berichten(berichten, clients=CLIENTS, zip_per_jaar=True)
    return bouw([csv], schrijf=False), bouw([berichten], schrijf=False), aantallen, berichten


def test_alle_berichten_geldig(builds):
    _, uit_berichten, aantallen, _ = builds
    q = uit_berichten.quarantaine
    assert not (q["tabel"] == BERICHT_QUARANTAINE).any()
    assert not q["reden"].str.contains(r"^(?:JW|WMO)\d{3}", regex=True).any()
    assert {"JW301", "WMO301", "JW323", "WMO323", "JW305", "JW307"} <= set(aantallen)
    assert any(str(aantallen["JW301"]) in w for w in uit_berichten.waarschuwingen)


def test_zelfde_toewijzingen_als_csv(builds):
    uit_csv, uit_berichten, _, _ = builds
    a, b = uit_csv.tabellen["toewijzingen"], uit_berichten.tabellen["toewijzingen"]
    assert len(a) == len(b)
    # message numbers are digits; the build pseudonymises those that look like a BSN
    nummers = set(a["toewijzingnummer"].map(berichtnummer))
    echt = b["toewijzingnummer"].str.isdigit()
    assert set(b.loc[echt, "toewijzingnummer"]) <= nummers
    assert b.loc[~echt, "toewijzingnummer"].str.match(r"^P[a-z]{16}$").all()
    sleutel = [
        "client_id",
        "wet",
        "productcategorie",
        "productcode",
        "aanbieder_agb",
        "ingangsdatum",
    ]
    pd.testing.assert_frame_equal(
        a.sort_values(sleutel)[[*sleutel, "einddatum", "categorie"]].reset_index(drop=True),
        b.sort_values(sleutel)[[*sleutel, "einddatum", "categorie"]].reset_index(drop=True),
    )
    for methode in ("peildatum", "loop_van_het_jaar"):
        pd.testing.assert_frame_equal(
            jaarvolumes(a, ("categorie",), methode=methode),
            jaarvolumes(b, ("categorie",), methode=methode),
        )


def test_zelfde_declaraties_als_csv(builds):
    uit_csv, uit_berichten, _, _ = builds
    a = uit_csv.afgeleid["declaraties_gekoppeld"]
    b = uit_berichten.afgeleid["declaraties_gekoppeld"]
    assert len(a) == len(b)
    for df in (a, b):
        df["jaar"] = df["periode_start"].dt.year

    def som(df: pd.DataFrame) -> pd.Series:
        return df.groupby(["jaar", "categorie"])["bedrag_eur"].sum().round(2)

    pd.testing.assert_series_equal(som(a), som(b))
    assert (b["bedrag_eur"] < 0).sum() == (a["bedrag_eur"] < 0).sum()  # credit lines


def test_volume_in_minuten_als_uren_een_breuk_hebben():
    assert omvang(1.5, "04") == ("90", "01")
    assert omvang(2.0, "04") == ("2", "04")


def test_zorg_start_en_stop_horen_bij_een_toewijzing(builds):
    _, uit_berichten, _, _ = builds
    zm = uit_berichten.tabellen["zorgmutaties"]
    tw = uit_berichten.tabellen["toewijzingen"].set_index("toewijzingnummer")
    assert zm["toewijzingnummer"].isin(tw.index).all()
    start = zm[zm["soort"] == "start"]
    assert (
        start["begindatum"].to_numpy()
        >= tw.loc[start["toewijzingnummer"], "ingangsdatum"].to_numpy()
    ).all()
    # some toewijzingen have no start yet: the wachttijd analysis needs censoring
    assert start["toewijzingnummer"].nunique() < len(tw)


def test_zorganalyses_op_de_demo_als_berichten(builds):
    from sdanalysis.analyse import zorg

    _, b, _, _ = builds
    t = b.tabellen
    peil = t["toewijzingen"]["ingangsdatum"].max()
    mv = zorg.in_zorg_per_maand(t["toewijzingen"], t["zorgmutaties"], groepen=("categorie",))
    # care lies within its toewijzing in the demo: never more clients in care than assigned
    assert (mv["aantal_clienten_in_zorg"] <= mv["aantal_clienten_toegewezen"]).all()
    assert mv["aantal_clienten_in_zorg"].sum() > 0
    w = zorg.wachttijd_start(t["toewijzingen"], t["zorgmutaties"], peil, groepen="wet")
    assert ((w["wachttijd_mediaan_dagen"] >= 0) & (w["wachttijd_mediaan_dagen"] <= 20)).all()
    d = zorg.doorlooptijd_verzoeken(
        t["verzoeken"],
        t["verzoekantwoorden"]
        if "verzoekantwoorden" in t
        else t["verzoeken"].iloc[:0].assign(datum_antwoord=pd.NaT, verzoek_antwoord=None),
        b.afgeleid["toewijzingen_historie"],
        peil,
        groepen="wet",
    )
    assert (d["aantal_toegewezen"] == d["aantal_verzoeken"]).all()  # every verzoek got its 301
    r = zorg.realisatie(t["toewijzingen"], t["declaraties"], peil)
    assert r["realisatie_fractie"].dropna().median() > 0


def test_bouw_uit_berichten_schrijft_en_historie_volgt_de_tabel(builds, tmp_path):
    _, _, _, berichten = builds
    res = bouw([berichten], out_dir=tmp_path)  # the build scans its own output for BSNs
    hist = pd.read_parquet(tmp_path / "toewijzingen_historie.parquet")
    assert set(hist["toewijzingnummer"]) == set(res.tabellen["toewijzingen"]["toewijzingnummer"])
    assert hist["actueel"].all() and (hist["versie"] == 1).all()  # the demo sends one 301 each


def test_zorgsectie_op_de_demo_als_berichten(builds):
    from sdanalysis.analyse import zorg

    _, b, _, _ = builds
    s = zorg.zorgsectie({**b.tabellen, **b.afgeleid})
    assert s is not None and s.peildatum <= b.tabellen["zorgmutaties"]["datum_bericht"].max()
    assert set(s.in_zorg["categorie"]) <= set(b.tabellen["toewijzingen"]["categorie"])
    assert s.in_zorg_aanbieder["periode_maand"].nunique() == 1
    assert s.wachttijd["aantal_toewijzingen"].sum() <= len(b.tabellen["toewijzingen"])
    assert s.doorlooptijd is not None and s.doorlooptijd["aantal_verzoeken"].sum() > 0
    assert (s.realisatie["aantal_met_declaratie"] <= s.realisatie["aantal_toewijzingen"]).all()
    assert s.buiten_periode is not None
