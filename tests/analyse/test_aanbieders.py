"""Tests for the provider dashboard: overview, concentration, kernset, reduction paths.

The last tests check, on the synthetic demo gemeente, what the demo was built to show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import aanbieders as pv
from sdanalysis.analyse import trajecten as trm
from sdanalysis.bouw.verrijken import koppel_declaraties
from sdanalysis.contracts import ONBEKEND
from sdanalysis.instellingen import Afspraak
from sdanalysis.weergave.suppressie import controleer_onderdrukt

from .voorbeelden import A, B, C
from .voorbeelden import toewijzingen_van as _tw


def _maanddeclaraties(tw: pd.DataFrame, bedrag: float, tot: str = "2020-12-31") -> pd.DataFrame:
    """One declaratie per toewijzing per month of care (up to ``tot``)."""
    rijen = []
    for r in tw.itertuples():
        eind = min(r.einddatum if pd.notna(r.einddatum) else pd.Timestamp(tot), pd.Timestamp(tot))
        for m in pd.period_range(r.ingangsdatum, eind, freq="M"):
            rijen.append(
                (r.toewijzingnummer, m.start_time, m.end_time.normalize(), 10.0, "04", bedrag)
            )
    return pd.DataFrame(
        rijen,
        columns=[
            "toewijzingnummer",
            "periode_start",
            "periode_eind",
            "geleverd_volume",
            "eenheid",
            "bedrag_eur",
        ],
    )


def _g(tw: pd.DataFrame, dc: pd.DataFrame) -> pd.DataFrame:
    """The build's join: declaraties_gekoppeld."""
    return koppel_declaraties(dc, tw)


@pytest.fixture
def instap_midden_jaar():
    """A from 2019 with three clients; B enters on 1 July 2020 with two clients."""
    tw = _tw(
        [
            ("T1", "c1", A, "Jeugdhulp ambulant", "2019-01-01", None),
            ("T2", "c2", A, "Jeugdhulp ambulant", "2019-01-01", None),
            ("T3", "c3", A, "Jeugdhulp ambulant", "2019-01-01", "2019-06-30"),
            ("T4", "c4", B, "Jeugdhulp ambulant", "2020-07-01", None),
            ("T5", "c5", B, "Jeugdhulp ambulant", "2020-07-01", None),
        ]
    )
    return tw, _maanddeclaraties(tw, 100.0)


# --------------------------------------------------------------------- concentration


def test_hhi_hand_uitgerekend():
    assert pv.hhi([0.5, 0.3, 0.2]) == pytest.approx(2500 + 900 + 400)
    assert pv.hhi([0.25] * 4) == pytest.approx(2500)


def test_concentratie_hand_uitgerekend():
    k = pd.DataFrame(
        {
            "categorie": ["X"] * 5 + ["Y"] * 4,
            "jaar": 2019,
            "aanbieder_agb": list("ABCDE") + list("ABCD"),
            "kosten_eur": [40.0, 25.0, 20.0, 10.0, 5.0] + [25.0] * 4,
        }
    )
    c = pv.concentratie(k, top_n=(1, 3), drempel_aandeel=0.6).set_index("categorie")
    # X: shares .40 .25 .20 .10 .05 -> HHI 1600+625+400+100+25 = 2750
    assert c.loc["X", "hhi"] == pytest.approx(2750)
    assert c.loc["X", "top1_fractie"] == pytest.approx(0.40)
    assert c.loc["X", "top3_fractie"] == pytest.approx(0.85)
    assert c.loc["X", "kernset_aantal"] == 2  # 40% + 25% = 65% >= 60%
    assert c.loc["X", "kernset_fractie"] == pytest.approx(0.65)
    assert c.loc["X", "totaal_kosten_eur"] == pytest.approx(100)
    # Y: four equal providers -> HHI 2500, effectively 4 providers, 3 needed for 60%
    assert c.loc["Y", "hhi"] == pytest.approx(2500)
    assert c.loc["Y", "effectief_aantal_aanbieders"] == pytest.approx(4)
    assert c.loc["Y", "kernset_aantal"] == 3


def test_kernset_precies_zestig_procent_en_creditnota():
    k = pd.DataFrame(
        {"jaar": 2019, "aanbieder_agb": list("ABCD"), "kosten_eur": [60.0, 20.0, 20.0, -5.0]}
    )
    b = pv.budgetaandelen(k, drempel_aandeel=0.6)
    assert b.loc[b["in_kernset"], "aanbieder_agb"].tolist() == ["A"]  # exactly 60% suffices
    assert b.set_index("aanbieder_agb").loc["D", "aandeel_fractie"] == 0  # only credit: share 0
    assert b["aandeel_fractie"].sum() == pytest.approx(1.0)
    assert pv.controleer_kernset(b, 0.6) == []
    assert "in_kernset" not in pv.budgetaandelen(k).columns  # no agreement: no kernset
    assert b["rang"].tolist() == [1, 2, 3, 4]


def test_budgetaandelen_per_jaar_apart():
    k = pd.DataFrame(
        {
            "jaar": [2019, 2019, 2020, 2020],
            "aanbieder_agb": list("ABAB"),
            "kosten_eur": [90.0, 10.0, 30.0, 70.0],
        }
    )
    b = pv.budgetaandelen(k, drempel_aandeel=0.6)
    kern = b.loc[b["in_kernset"]].set_index("jaar")["aanbieder_agb"]
    assert kern.to_dict() == {2019: "A", 2020: "B"}
    with pytest.raises(ValueError, match="drempel_aandeel"):
        pv.budgetaandelen(k, drempel_aandeel=60)


# --------------------------------------------------------------------- provider entering


def test_aanbieder_start_midden_in_het_jaar(instap_midden_jaar):
    tw, dc = instap_midden_jaar
    ov = pv.aanbieder_overzicht(tw, _g(tw, dc), peildatum="2020-12-31", min_clienten_vergelijking=1)
    r = ov.set_index(["aanbieder_agb", "jaar"])
    assert (B, 2019) not in r.index  # no row before entering
    assert int(r.loc[(B, 2020), "aantal_clienten"]) == 2
    assert int(r.loc[(B, 2020), "trajecten_gestart"]) == 2
    assert r.loc[(B, 2020), "kosten_eur"] == pytest.approx(2 * 6 * 100)  # July-December
    assert r.loc[(B, 2020), "kosten_per_client_eur"] == pytest.approx(600)
    assert int(r.loc[(A, 2019), "aantal_clienten"]) == 3
    assert int(r.loc[(A, 2020), "aantal_clienten"]) == 2
    assert int(r.loc[(A, 2019), "trajecten_beeindigd"]) == 1
    assert r.loc[(A, 2019), "kosten_eur"] == pytest.approx(2 * 1200 + 600)
    # Comparison with the unweighted mean of providers in the categorie:
    # 2019 only A (1000 per client); 2020 A 1200 and B 600 -> mean 900.
    assert r.loc[(A, 2019), "index_kosten_per_client"] == pytest.approx(100)
    assert r.loc[(A, 2020), "gem_categorie_kosten_per_client_eur"] == pytest.approx(900)
    assert r.loc[(B, 2020), "index_kosten_per_client"] == pytest.approx(100 * 600 / 900)
    assert r.loc[(B, 2020), "kosten_per_eenheid_eur"] == pytest.approx(10.0)
    # By default aanbieders with < 10 clients stay out of the categorie mean.
    standaard = pv.aanbieder_overzicht(tw, _g(tw, dc), peildatum="2020-12-31")
    assert standaard["gem_categorie_kosten_per_client_eur"].isna().all()
    assert r.loc[(B, 2020), "eenheid"] == "04"

    maand = pv.aanbieder_overzicht(tw, _g(tw, dc), periode="maand", peildatum="2020-12-31")
    assert maand.loc[maand["aanbieder_agb"] == B, "periode"].min() == "2020-07"
    kw = pv.aanbieder_overzicht(tw, _g(tw, dc), periode="kwartaal", peildatum="2020-12-31")
    assert kw.loc[kw["aanbieder_agb"] == B, "periode"].tolist() == ["2020-K3", "2020-K4"]

    kosten = pv.kosten_per_aanbieder(_g(tw, dc))
    m = pv.mutaties_aanbieders(kosten)
    assert m[["jaar", "aanbieder_agb", "soort"]].values.tolist() == [[2020, B, "toetreding"]]
    assert m["kosten_eur"].iloc[0] == pytest.approx(1200)
    s = pv.toe_en_uittreding(kosten).set_index("jaar")
    assert s.loc[2020, "aandeel_toetreders_fractie"] == pytest.approx(1200 / (2400 + 1200))
    assert np.isnan(s.loc[2019, "kosten_toetreders_eur"])  # first year: nothing known before


def test_uittreding_draagt_kosten_van_vorig_jaar():
    k = pd.DataFrame(
        {
            "jaar": [2019, 2019, 2020, 2021],
            "aanbieder_agb": list("ABAA"),
            "kosten_eur": [10.0, 7.0, 12.0, 13.0],
        }
    )
    s = pv.toe_en_uittreding(k).set_index("jaar")
    assert int(s.loc[2020, "aantal_uittreders"]) == 1
    assert s.loc[2020, "kosten_uittreders_eur"] == pytest.approx(7.0)
    assert int(s.loc[2021, "aantal_uittreders"]) == 0


# --------------------------------------------------------------------- sums


def test_som_over_aanbieders_is_totale_kosten(instap_midden_jaar):
    tw, dc = instap_midden_jaar
    credit = pd.DataFrame(
        {
            "toewijzingnummer": ["T1"],
            "periode_start": [pd.Timestamp("2020-03-01")],
            "periode_eind": [pd.Timestamp("2020-03-31")],
            "geleverd_volume": [-10.0],
            "eenheid": ["04"],
            "bedrag_eur": [-100.0],
        }
    )
    los = credit.assign(toewijzingnummer="ONBEKEND", bedrag_eur=55.0)
    dc = pd.concat([dc, credit, los], ignore_index=True)
    totaal = dc["bedrag_eur"].sum()
    ov = pv.aanbieder_overzicht(tw, _g(tw, dc), peildatum="2020-12-31")
    kosten = pv.kosten_per_aanbieder(_g(tw, dc), groepen=("jaar", "categorie"))
    # the unmatched declaratie counts under the one label for unknown
    los = kosten.loc[kosten["aanbieder_agb"] == ONBEKEND]
    assert los[["aanbieder_naam", "categorie"]].values.tolist() == [[ONBEKEND, ONBEKEND]]
    assert los["kosten_eur"].sum() == pytest.approx(55.0)
    assert ov["kosten_eur"].sum() == pytest.approx(totaal)
    assert kosten["kosten_eur"].sum() == pytest.approx(totaal)
    assert pv.concentratie(kosten, groepen=("jaar",))["totaal_kosten_eur"].sum() == pytest.approx(
        totaal
    )
    per_jaar = ov.groupby("jaar")["kosten_eur"].sum()
    assert per_jaar[2020] == pytest.approx(2 * 1200 + 1200 - 100 + 55)


def test_kosten_reeks_en_grootste_aanbieder(instap_midden_jaar):
    tw, dc = instap_midden_jaar
    reeks = pv.kosten_reeks(_g(tw, dc), wet="JW")
    assert reeks.set_index("jaar")["kosten_eur"].to_dict() == {2019: 3000.0, 2020: 3600.0}
    assert pv.kosten_reeks(_g(tw, dc), productcategorieen=["43"]).empty
    kosten = pv.kosten_per_aanbieder(_g(tw, dc), groepen=("wet",))
    assert pv.grootste_aanbieder(kosten) == A
    with pytest.raises(ValueError, match="Geen kosten"):
        pv.grootste_aanbieder(kosten, wet="WMO")


# --------------------------------------------------------------------- trajecten, duration


def test_duur_in_overzicht_per_startcohort():
    tw = _tw(
        [
            ("T1", "c1", A, "X", "2019-01-01", "2019-01-10"),
            ("T2", "c2", A, "X", "2019-01-01", "2019-01-30"),
            ("T3", "c3", A, "X", "2019-01-01", None),
        ]
    )
    ov = pv.aanbieder_overzicht(
        tw, _g(tw, _maanddeclaraties(tw, 1.0, "2019-12-31")), peildatum="2019-12-31"
    )
    r = ov.iloc[0]
    # durations 10 (e), 30 (e), 365 (censored): S = 2/3, 1/3 -> median 30
    assert r["mediaan_duur_dagen"] == pytest.approx(30)
    assert r["gem_duur_dagen"] == pytest.approx(10 + 20 * 2 / 3 + 335 / 3)


def test_clienten_tellen_een_keer_bij_overlap():
    tw = _tw(
        [
            ("T1", "c1", A, "X", "2019-01-01", "2019-12-31"),
            ("T2", "c1", A, "X", "2019-06-01", "2020-03-31"),
            ("T3", "c2", A, "X", "2019-11-15", "2019-11-20"),
        ]
    )
    cl = pv.clienten_in_zorg(tw, periode="kwartaal", peildatum="2020-12-31")
    assert dict(zip(cl["periode"], cl["aantal_clienten"], strict=True)) == {
        "2019-K1": 1,
        "2019-K2": 1,
        "2019-K3": 1,
        "2019-K4": 2,
        "2020-K1": 1,
    }


# --------------------------------------------------------------------- reduction path


def test_reductiepad_lineair_en_gat_per_jaar():
    pad = pv.reductiepad(2018, 10_000_000, 0.2, 4)  # -20% in four years
    assert pad["jaar"].tolist() == [2018, 2019, 2020, 2021, 2022]
    assert pad["doel_eur"].iloc[-1] == pytest.approx(8_000_000)
    werkelijk = pd.DataFrame({"jaar": [2018, 2019, 2020], "kosten_eur": [10e6, 9.8e6, 8.9e6]})
    v = pv.volg_reductiepad(pad, werkelijk).set_index("jaar")
    assert v.loc[2019, "verschil_eur"] == pytest.approx(300_000)  # 9,8 mln vs 9,5 mln
    assert not bool(v.loc[2019, "op_koers"])
    assert v.loc[2020, "verschil_eur"] == pytest.approx(-100_000)
    assert bool(v.loc[2020, "op_koers"])
    assert v.loc[2020, "reductie_werkelijk_fractie"] == pytest.approx(0.11)
    assert pd.isna(v.loc[2022, "werkelijk_eur"]) and pd.isna(v.loc[2022, "op_koers"])


def test_reductiepad_afgesproken_pad_en_fouten():
    pad = pv.reductiepad(2018, 200.0, pad={2020: 0.05, 2022: 0.20})
    assert pad["doel_eur"].tolist() == [200.0, 190.0, 160.0]
    with pytest.raises(ValueError, match="basisbedrag_eur"):
        pv.reductiepad(2018, 0.0)
    with pytest.raises(ValueError, match="vóór het basisjaar"):
        pv.reductiepad(2018, 1.0, pad={2017: 0.1})
    with pytest.raises(ValueError, match="reductie_fractie en jaren"):
        pv.reductiepad(2018, 1.0)


# --------------------------------------------------------------------- publication, errors


def test_categoriegemiddelde_zonder_kleine_aanbieders():
    rijen = []
    n = 0
    for agb, aantal in ((A, 20), (B, 3), (C, 10)):
        for _ in range(aantal):
            n += 1
            rijen.append((f"T{n}", f"c{n}", agb, "X", "2019-01-01", None))
    tw = _tw(rijen)
    dc = _maanddeclaraties(tw, 10.0, "2019-12-31")
    # Double the cost of B's clients: a mean that includes B would move.
    dc.loc[
        dc["toewijzingnummer"].isin(tw.loc[tw["aanbieder_agb"] == B, "toewijzingnummer"]),
        "bedrag_eur",
    ] = 20.0
    ov = pv.aanbieder_overzicht(tw, _g(tw, dc), peildatum="2019-12-31").set_index("aanbieder_agb")
    assert ov["gem_categorie_kosten_per_client_eur"].tolist() == pytest.approx([120.0] * 3)
    assert ov.loc[B, "index_kosten_per_client"] == pytest.approx(200.0)


def test_publiceerbaar_overzicht_zonder_kleine_aantallen():
    rijen = []
    n = 0
    for agb, aantal in ((A, 30), (B, 3), (C, 25)):
        for _ in range(aantal):
            n += 1
            rijen.append((f"T{n}", f"c{n}", agb, "X", "2019-01-01", None))
    tw = _tw(rijen)
    ov = pv.aanbieder_overzicht(
        tw, _g(tw, _maanddeclaraties(tw, 10.0, "2019-12-31")), peildatum="2019-12-31"
    )
    pub = pv.publiceerbaar_overzicht(ov)
    assert (
        controleer_onderdrukt(pub, list(pv.TELKOLOMMEN), groep_kolommen=["categorie", "periode"])
        == []
    )
    r = pub.set_index("aanbieder_agb")
    assert pd.isna(r.loc[B, "aantal_clienten"]) and pd.isna(r.loc[C, "aantal_clienten"])
    assert int(r.loc[A, "aantal_clienten"]) == 30
    assert pd.isna(r.loc[B, "kosten_per_client_eur"])  # derived from few persons
    assert r.loc[B, "kosten_eur"] == pytest.approx(360.0)  # business figure stays
    # The published mean is that of the visible aanbieders only (here only A).
    assert r["gem_categorie_kosten_per_client_eur"].tolist() == pytest.approx([120.0] * 3)
    assert r.loc[A, "index_kosten_per_client"] == pytest.approx(100.0)
    assert controleer_onderdrukt(ov, ["aantal_clienten"]) != []  # the raw overview is not safe


def test_duidelijke_foutmeldingen():
    tw = _tw([("T1", "c1", A, "X", "2019-05-01", "2019-04-01")])
    with pytest.raises(ValueError, match="periode"):
        pv.clienten_in_zorg(tw, periode="week")
    with pytest.raises(ValueError, match="geen kenmerk van een traject"):
        pv.aanbieder_overzicht(
            _tw([("T1", "c1", A, "X", "2019-01-01", None)]),
            _g(_tw([("T1", "c1", A, "X", "2019-01-01", None)]), _maanddeclaraties(tw, 1.0)),
            groepen=("productcategorie",),
        )


def test_invoer_niet_gewijzigd(instap_midden_jaar):
    tw, dc = instap_midden_jaar
    tw0, dc0 = tw.copy(), dc.copy()
    pv.aanbieder_overzicht(tw, _g(tw, dc))
    trm.wisselingen(trm.trajecten(tw))
    pd.testing.assert_frame_equal(tw, tw0)
    pd.testing.assert_frame_equal(dc, dc0)


# --------------------------------------------------------------------- charts


def _profiel_tabel() -> pd.DataFrame:
    rijen = []
    n = 0
    for jaar in (2019, 2020):
        for agb, aantal in ((A, 30), (B, 4), (C, 25)):
            for _ in range(aantal):
                n += 1
                eind = f"{jaar}-12-31"
                rijen.append((f"T{n}", f"c{n}", agb, "Jeugdhulp ambulant", f"{jaar}-01-01", eind))
    tw = _tw(rijen)
    ov = pv.aanbieder_overzicht(tw, _g(tw, _maanddeclaraties(tw, 50.0)), peildatum="2020-12-31")
    return pv.publiceerbaar_overzicht(ov)


def test_profiel_weigert_onbeschermde_tabel_en_toont_teken():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sdanalysis.plots.aanbieders import grafiek_aanbieder_profiel, grafiek_concentratiecurve

    pub = _profiel_tabel()
    ruw = pub.drop(columns=["is_onderdrukt"])
    with pytest.raises(ValueError, match="niet onderdrukt"):
        grafiek_aanbieder_profiel(ruw.loc[ruw["aanbieder_agb"] == B])
    with pytest.raises(ValueError, match="precies één aanbieder"):
        grafiek_aanbieder_profiel(pub)
    fig = grafiek_aanbieder_profiel(pub.loc[pub["aanbieder_agb"] == B])
    assert len(fig.axes) == 4
    # B has 4 clients per year: its trajecten are suppressed and drawn as the sign.
    assert [t.get_text() for t in fig.axes[3].texts].count(".") == 4
    assert np.isnan(np.asarray(fig.axes[1].get_lines()[0].get_ydata(), dtype=float)).all()
    assert "Aantallen kleiner dan 10" in fig.texts[-1].get_text()
    plt.close(fig)
    k = pd.DataFrame({"jaar": [2019, 2020], "aanbieder_agb": [A, A], "kosten_eur": [1.0, 2.0]})
    with pytest.raises(ValueError, match="meer dan één groep"):
        grafiek_concentratiecurve(pv.budgetaandelen(k, drempel_aandeel=0.6), 0.6)  # two years


# --------------------------------------------------------------------- agreements, dashboard


def test_volg_afspraken_uit_het_profiel(instap_midden_jaar):
    tw, dc = instap_midden_jaar
    g = _g(tw, dc)
    # productcategorie 45 = all of the test data; base year 2019 (3000), -20% in 2 years
    a = Afspraak("Test", ("45",), 0.2, 2, 2019)
    v = pv.volg_afspraken(g, [a], eerste_jaar=2019)
    assert v["afspraak"].unique().tolist() == ["Test"]
    assert v["doel_eur"].tolist() == pytest.approx([3000.0, 2700.0, 2400.0])
    assert v["werkelijk_eur"].tolist()[:2] == pytest.approx([3000.0, 3600.0])
    # no base year in the profile: the first year in range
    zonder = pv.volg_afspraken(g, [Afspraak("B", ("45",), 0.1, 1)], eerste_jaar=2020)
    assert zonder["jaar"].tolist() == [2020, 2021]
    leeg = pv.volg_afspraken(g, [], eerste_jaar=2019)
    assert leeg.empty and "afspraak" in leeg.columns
    with pytest.raises(ValueError, match="geen kosten"):
        pv.volg_afspraken(g, [Afspraak("C", ("43",), 0.2, 2, 2019)], eerste_jaar=2019)


def test_dashboard_grootste_rijen_met_mediane_duur():
    rijen = []
    for agb, aantal in ((A, 30), (B, 12)):
        for i in range(aantal):
            rijen.append((f"{agb}{i}", f"{agb}c{i}", agb, "X", "2019-01-01", "2019-06-30"))
    tw = _tw(rijen)
    g = _g(tw, _maanddeclaraties(tw, 10.0, "2019-12-31"))
    pub = pv.publiceerbaar_overzicht(pv.aanbieder_overzicht(tw, g, peildatum="2019-12-31"))
    tr = trm.trajecten(tw, peildatum="2019-12-31")
    d = pv.dashboard(pub, tr, 2019, aantal=1)
    assert d["aanbieder_naam"].tolist() == ["Aanbieder A"]
    assert d["mediaan_duur_dagen"].tolist() == [181.0]
    assert pv.dashboard(pub, tr, 2019, wet="WMO").empty


# --------------------------------------------------------------------- on the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The processed synthetic demo: the build's folder when current, else a fresh build."""
    from sdanalysis.bouw.pipeline import bouw, bouwverslag, heeft_tabel
    from sdanalysis.instellingen import laad_instellingen

    inst = laad_instellingen()
    map_ = inst.processed_dir
    if not (heeft_tabel("declaraties_gekoppeld", map_) and bouwverslag(map_).get("synthetisch")):
        map_ = tmp_path_factory.mktemp("demo") / "processed"
        bouw(out_dir=map_)
    from sdanalysis.bouw.pipeline import laad_tabel

    inst = laad_instellingen(processed=map_)
    return inst, laad_tabel("toewijzingen", map_), laad_tabel("declaraties_gekoppeld", map_)


def test_demo_overzicht_telt_op_en_klopt_met_volumes(demo):
    from sdanalysis.analyse.volumes import jaarvolumes

    _, tw, g = demo
    ov = pv.aanbieder_overzicht(tw, g)
    assert ov["kosten_eur"].sum() == pytest.approx(g["bedrag_eur"].sum())
    per_jaar = ov.groupby("jaar")["kosten_eur"].sum()
    assert (per_jaar - g.groupby("jaar")["bedrag_eur"].sum()).abs().max() < 0.01
    pub = pv.publiceerbaar_overzicht(ov)
    tel = list(pv.TELKOLOMMEN)
    assert controleer_onderdrukt(pub, tel, groep_kolommen=["categorie", "periode"]) == []
    # clients per aanbieder and categorie equal those of the volume module
    jv = jaarvolumes(
        tw,
        groepen=("aanbieder_agb", "categorie"),
        methode="loop_van_het_jaar",
        start=int(ov["jaar"].min()),
        eind=int(ov["jaar"].max()),
    )
    sleutel = ["aanbieder_agb", "categorie", "jaar"]
    jv = jv.astype({"aanbieder_agb": "str", "categorie": "str"})[[*sleutel, "aantal_clienten"]]
    beide = ov[[*sleutel, "aantal_clienten"]].merge(jv, on=sleutel, suffixes=("", "_volumes"))
    assert len(beide) > 0
    assert (beide["aantal_clienten"] == beide["aantal_clienten_volumes"]).all()


def test_demo_kernset_van_de_brief(demo):
    # the letter: regional agreements with the few providers that hold at least 60% of
    # the jeugdhulp budget; in the demo five providers do so every year
    inst, _, g = demo
    fractie = inst.profiel.kernset_fractie
    assert fractie == pytest.approx(0.60)
    kosten = pv.kosten_per_aanbieder(g, groepen=("jaar",), wet=pv.JEUGDWET)
    c = pv.concentratie(kosten, groepen=("jaar",), drempel_aandeel=fractie)
    assert (c["kernset_aantal"] <= 5).all() and (c["kernset_fractie"] >= fractie).all()
    assert ((c["hhi"] > 0) & (c["hhi"] <= 10_000)).all()
    aandelen = pv.budgetaandelen(kosten, drempel_aandeel=fractie)
    laatste = aandelen.loc[aandelen["jaar"] == aandelen["jaar"].max()]
    assert pv.controleer_kernset(laatste, fractie) == []
    grootste = pv.grootste_aanbieder(pv.kosten_per_aanbieder(g, groepen=("wet",)))
    assert grootste in set(laatste.loc[laatste["in_kernset"], "aanbieder_agb"])


def test_demo_afspraak_uit_het_profiel(demo):
    inst, _, g = demo
    assert [a.naam for a in inst.profiel.afspraken] == ["WVHS"]
    v = pv.volg_afspraken(g, inst.profiel.afspraken, eerste_jaar=int(g["jaar"].min()))
    a = inst.profiel.afspraken[0]
    assert len(v) == a.jaren + 1 and v["jaar"].iloc[0] == a.basisjaar
    assert v["doel_eur"].iloc[-1] == pytest.approx((1 - a.reductie_fractie) * v["doel_eur"].iloc[0])
    assert v["werkelijk_eur"].notna().all()
