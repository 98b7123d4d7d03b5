"""Tests for sdanalysis.analyse.programma and sdanalysis.plots.brug.

Hand-made programmes with hand-computed expectations, and the shipped programme data
(data/raw/programma) checked against the figures of the letter of 17 april 2019.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sdanalysis.analyse import programma as sv  # noqa: E402
from sdanalysis.plots.brug import brugdiagram, brugstanden  # noqa: E402


def maatregelen(*rijen):
    """Rows: (pakket, code, maatregel, project, jaar, taakstelling)."""
    return pd.DataFrame(
        rijen,
        columns=["pakket", "maatregel_code", "maatregel", "project", "jaar", "taakstelling_eur"],
    ).assign(bron="test")


def effecten(*rijen):
    """Rows: (pakket, code, project, jaar, bedrag, soort, structureel, omschrijving)."""
    return pd.DataFrame(
        rijen,
        columns=[
            "pakket",
            "maatregel_code",
            "project",
            "jaar",
            "bedrag_eur",
            "soort",
            "structureel",
            "omschrijving",
        ],
    ).assign(bron="test")


def pakketten(*rijen):
    """Rows: (pakket, jaar, taakstelling, structureel)."""
    return pd.DataFrame(
        rijen, columns=["pakket", "jaar", "taakstelling_eur", "structureel"]
    ).assign(bron="test")


def rij(df, **keys):
    sel = df
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"verwacht één rij voor {keys}, kreeg {len(sel)}"
    return sel.iloc[0]


@pytest.fixture(scope="module")
def programma():
    return sv.lees_programma()


# --------------------------------------------------------------------------- hand-made


def test_pm_maatregel_is_onbekend_en_nooit_nul():
    m = maatregelen((1, "1.1", "A", "P", None, "PM"), (1, "1.2", "B", "P", None, "200000"))
    e = effecten((1, "1.1", None, 2022, "50000", "gerealiseerd", "ja", "x"))
    g = sv.gap_tabel(m, e, niveau="maatregel", jaren=[2022])
    a = rij(g, maatregel_code="1.1")
    assert bool(a["taakstelling_pm"])
    assert math.isnan(a["taakstelling_eur"]) and math.isnan(a["gap_eur"])
    assert a["status"] == "onbekend"
    assert a["gerealiseerd_eur"] == 50_000
    # the project sums the known part and flags the PM
    p = rij(sv.gap_tabel(m, e, niveau="project", jaren=[2022]), projectsleutel="P")
    assert p["taakstelling_eur"] == 200_000 and bool(p["taakstelling_pm"])
    assert "PM" in p["toelichting"]
    # a PM effect is counted as PM, not as zero effect
    e2 = effecten((1, "1.2", None, 2022, "PM", "verwacht", None, "y"))
    b = rij(sv.gap_tabel(m, e2, niveau="maatregel", jaren=[2022]), maatregel_code="1.2")
    assert b["n_pm_effecten"] == 1 and b["status"] == "onbekend"
    assert "PM" in b["toelichting"]
    # the consistency check cannot compare a PM amount
    c = sv.controleer_programma(m, pakketten((1, 2022, 300_000, None)))
    assert rij(c, controle="som maatregelen = pakkettotaal")["uitkomst"] == "niet te controleren"


def test_eenmalig_naast_structureel_nooit_opgeteld():
    m = maatregelen((4, None, "Lobby", None, None, "1000"))
    p = pakketten((4, None, "1000", "ja"))
    e = effecten(
        (4, None, None, 2020, "300", "gerealiseerd", "ja", "structureel"),
        (4, None, None, 2022, "5000", "gerealiseerd", "nee", "eenmalig fonds"),
        (4, None, None, 2021, "70", "verwacht", "nee", "eenmalig 2021"),
    )
    g = sv.gap_tabel(m, e, p, niveau="pakket", jaren=[2019, 2020, 2021, 2022])
    j22 = rij(g, jaar=2022)
    assert j22["gerealiseerd_eur"] == 300  # structural only
    assert j22["gerealiseerd_eenmalig_eur"] == 5000  # apart
    assert j22["gap_eur"] == 700
    assert j22["gap_na_eenmalig_eur"] == -4300
    assert j22["status"] == "achter"  # a one-off never makes a structural gap "overtroffen"
    j21 = rij(g, jaar=2021)
    assert j21["verwacht_eenmalig_eur"] == 70 and j21["verwacht_eur"] == 0
    assert rij(g, jaar=2020)["gerealiseerd_eur"] == 300  # structural from its own year
    assert rij(g, jaar=2019)["gerealiseerd_eur"] == 0
    assert rij(g, jaar=2022)["verwacht_eenmalig_eur"] == 0  # one-off only in its year
    c = sv.controleer_programma(m, p, e)
    assert (c["controle"] == "aard effect past bij taakstelling").sum() == 2


def test_project_bundelt_maatregelen_en_projecteffect_blijft_op_project():
    m = maatregelen(
        (1, "1.1", "A", "P", None, 300_000),
        (1, "1.2", "B", "P", None, 200_000),
        (1, "1.3", "C", "Q", None, 100_000),
    )
    e = effecten(
        (1, None, "P", 2022, 400_000, "berekend", None, "project P"),
        (1, None, "Q", 2022, 100_000, "verwacht", None, "project Q"),
    )
    proj = sv.gap_tabel(m, e, niveau="project", jaren=[2022])
    p = rij(proj, projectsleutel="P")
    assert p["taakstelling_eur"] == 500_000
    assert p["berekend_eur"] == 400_000 and p["gap_eur"] == 100_000
    assert p["status"] == "achter"
    assert p["maatregel_codes"] == "1.1, 1.2"
    per_m = sv.gap_tabel(m, e, niveau="maatregel", jaren=[2022])
    for code in ("1.1", "1.2"):
        r = rij(per_m, maatregel_code=code)
        assert r["status"] == "onbekend" and r["berekend_eur"] == 0
        assert "projectniveau (P)" in r["toelichting"]
    # project Q has one maatregel: its effect belongs to that maatregel
    q = rij(per_m, maatregel_code="1.3")
    assert q["verwacht_eur"] == 100_000 and q["status"] == "op koers"


def test_effecten_op_project_maatregel_pakket_of_los():
    m = maatregelen(
        (1, "1.1", "A", "P", None, 10),
        (1, "1.2", "B", "P", None, 10),
        (2, None, "Wijkkracht", None, None, 10),
    )
    e = effecten(
        (1, "1.2", None, 2022, 1, "verwacht", None, "code"),
        (1, None, "P", 2022, 1, "verwacht", None, "project"),
        (2, None, "Wijkkracht", 2022, 1, "verwacht", None, "naam zonder project"),
        (3, None, None, 2022, 1, "gerealiseerd", None, "pakket"),
        (1, "9.9", None, 2022, 1, "verwacht", None, "onbekende code"),
        (1, None, "X", 2022, 1, "verwacht", None, "onbekend project"),
    )
    k = sv.koppel_effecten(m, e)
    assert k["niveau"].tolist() == ["maatregel", "project", "maatregel", "pakket", "los", "los"]
    assert k["maatregel_id"].iloc[0] == "1|1.2"
    assert pd.isna(k["maatregel_id"].iloc[1]) and k["projectsleutel"].iloc[1] == "P"
    assert k["maatregel_id"].iloc[2] == "2|Wijkkracht"
    c = sv.controleer_programma(m, pakketten((1, 2022, 20, None)), e)
    los = c[c["controle"] == "effect hoort bij maatregel of project"]
    assert sorted(los["toelichting"]) == [
        "maatregelcode 9.9 staat niet in het programma",
        "project 'X' staat niet in het programma",
    ]


def test_pakkettotaal_wijkt_af_van_maatregelen():
    m = maatregelen((2, "5.1", "A", None, None, "€ 400.000"), (2, None, "B", None, None, 500_000))
    p = pakketten((2, 2019, 800_000, None), (2, 2022, 1_000_000, None))
    c = sv.controleer_programma(m, p)
    v = sv.verschillen(c)
    assert len(v) == 1
    assert v.loc[0, "jaar"] == 2022
    assert v.loc[0, "verschil_eur"] == -100_000
    assert v.loc[0, "rijen"] == "5.1 A (€ 400.000); B (€ 500.000)"
    assert rij(c, jaar=2019)["uitkomst"] == "niet te controleren"
    # the analysis keeps the stated total and shows the sum beside it
    g = rij(sv.gap_tabel(m, effecten(), p, niveau="pakket", jaren=[2022]), jaar=2022)
    assert g["taakstelling_eur"] == 1_000_000 and g["som_maatregelen_eur"] == 900_000


def test_jaar_zonder_taakstelling_blijft_leeg_tenzij_interpolatie():
    m = maatregelen((1, "1.1", "A", None, 2020, 100), (1, "1.2", "B", None, None, 300))
    t = sv.taakstelling_per_jaar(m, jaren=[2019, 2020, 2021, 2022])
    a = t[t["maatregel_code"] == "1.1"].set_index("jaar")
    assert a.loc[2020, "taakstelling_eur"] == 100
    assert a[["taakstelling_eur"]].drop(index=2020).isna().all().all()
    assert a.loc[2019, "taakstelling_herkomst"] == "geen cijfer in brief"
    b = t[t["maatregel_code"] == "1.2"].set_index("jaar")
    assert b.loc[2022, "taakstelling_eur"] == 300  # no year = end level 2022
    assert b.loc[2022, "taakstelling_herkomst"].startswith("brief (zonder jaar")
    g = sv.gap_tabel(m, effecten(), niveau="maatregel")
    assert (g.loc[g["taakstelling_eur"].isna(), "status"] == "onbekend").all()
    # explicit interpolation, labelled
    p = pakketten((1, 2019, 1000, None), (1, 2022, 4000, None))
    pt = sv.pakket_taakstelling_per_jaar(p, interpolatie=True).set_index("jaar")
    assert pt.loc[2020, "taakstelling_eur"] == pytest.approx(2000)
    assert pt.loc[2020, "taakstelling_herkomst"] == "interpolatie (lineair)"
    assert pt.loc[2019, "taakstelling_herkomst"] == "brief"
    ti = sv.taakstelling_per_jaar(m, p, interpolatie=True)
    bi = ti[ti["maatregel_code"] == "1.2"].set_index("jaar")
    assert bi.loc[2019, "taakstelling_eur"] == pytest.approx(75)  # 300 * 1000 / 4000
    assert bi.loc[2019, "taakstelling_herkomst"] == "interpolatie (naar rato van pakketpad)"
    # no extrapolation beyond the stated years
    assert math.isnan(sv.pakket_taakstelling_per_jaar(p, [2023], True)["taakstelling_eur"][0])


def test_structureel_doorgetrokken_en_onbekende_aard_alleen_eigen_jaar():
    m = maatregelen((1, None, "A", None, None, 1000))
    e = effecten(
        (1, None, "A", 2019, 100, "berekend", None, "pad"),
        (1, None, "A", 2022, 400, "berekend", None, "pad"),
        (1, None, "A", 2018, 50, "gerealiseerd", "ja", "structureel"),
        (1, None, "A", 2020, 30, "gerealiseerd", "ja", "nog een structureel"),
    )
    g = sv.gap_tabel(m, e, niveau="maatregel").set_index("jaar")
    assert g["berekend_eur"].tolist() == [100, 0, 0, 400]
    assert g["gerealiseerd_eur"].tolist() == [50, 80, 80, 80]  # two structural effects add
    gi = sv.gap_tabel(m, e, niveau="maatregel", interpolatie=True).set_index("jaar")
    assert gi["berekend_eur"].tolist() == pytest.approx([100, 200, 300, 400])
    ej = sv.effecten_per_jaar(m, e, interpolatie=True)
    assert set(
        ej.loc[ej["jaar"].isin([2020, 2021]) & (ej["soort"] == "berekend"), "effect_herkomst"]
    ) == {"interpolatie (lineair)"}


def test_status_grenzen():
    assert sv.status(100_000, 5_000, True) == "op koers"
    assert sv.status(100_000, 5_001, True) == "achter"
    assert sv.status(100_000, -5_001, True) == "overtroffen"
    assert sv.status(100_000, 0, False) == "onbekend"
    assert sv.status(100_000, 40_000, True, marge=0.5) == "op koers"
    assert set(sv.STATUSSEN) == {"op koers", "achter", "onbekend", "overtroffen"}


def test_afgeleide_effecten_uit_te_zetten():
    m = maatregelen((2, None, "A", None, None, 300))
    e = effecten((2, None, "A", None, 300, "verwacht", "ja", "conform taakstelling [afgeleid]"))
    met = rij(sv.gap_tabel(m, e, niveau="maatregel", jaren=[2022]), jaar=2022)
    zonder = rij(
        sv.gap_tabel(m, e, niveau="maatregel", jaren=[2022], met_afgeleid=False), jaar=2022
    )
    assert (met["gap_eur"], met["status"], met["n_afgeleid"]) == (0, "op koers", 1)
    assert (zonder["gap_eur"], zonder["status"]) == (300, "onbekend")


def test_invoer_wordt_niet_gewijzigd_en_fouten_zijn_nederlands():
    m = maatregelen((1, "1.1", "A", None, None, "PM"))
    e = effecten((1, "1.1", None, 2022, "7 ton", "verwacht", "ja", "x"))
    m0, e0 = m.copy(), e.copy()
    sv.gap_tabel(m, e, niveau="project")
    sv.controleer_programma(m, pakketten((1, 2022, 1, None)), e)
    pd.testing.assert_frame_equal(m, m0)
    pd.testing.assert_frame_equal(e, e0)
    with pytest.raises(ValueError, match="mist de kolom"):
        sv.gap_tabel(m.drop(columns="taakstelling_eur"), e)
    with pytest.raises(ValueError, match="soort moet een van"):
        sv.gap_tabel(m, e.assign(soort="gehoopt"))
    with pytest.raises(ValueError, match="onleesbare bedragen"):
        sv.gap_tabel(m, e.assign(bedrag_eur="ongeveer veel"))
    with pytest.raises(ValueError, match="Onbekend niveau"):
        sv.gap_tabel(m, e, niveau="wijk")
    with pytest.raises(ValueError, match="geen ja/nee"):
        sv.gap_tabel(m, e.assign(structureel="misschien"))
    with pytest.raises(ValueError, match="geen van drieën"):
        sv.gap_tabel(m, e.assign(pakket=None, maatregel_code=None, project=None))


def test_processed_vorm_wordt_ook_geaccepteerd():
    """Processed tables carry floats and a *_pm bool column instead of 'PM' text."""
    m = pd.DataFrame(
        {
            "pakket": [1, 1],
            "maatregel_code": ["1.1", pd.NA],
            "maatregel": ["A", "B"],
            "project": [pd.NA, pd.NA],
            "jaar": pd.array([pd.NA, pd.NA], dtype="Int64"),
            "taakstelling_eur": [100.0, math.nan],
            "taakstelling_pm": [False, True],
            "bron": ["t", "t"],
        }
    )
    e = pd.DataFrame(
        {
            "pakket": pd.array([1], dtype="Int64"),
            "maatregel_code": ["1.1"],
            "project": [pd.NA],
            "jaar": pd.array([2022], dtype="Int64"),
            "bedrag_eur": [40.0],
            "bedrag_pm": [False],
            "soort": ["gerealiseerd"],
            "structureel": pd.array([True], dtype="boolean"),
            "omschrijving": ["x"],
            "bron": ["t"],
        }
    )
    g = sv.gap_tabel(m, e, niveau="maatregel", jaren=[2022])
    assert rij(g, maatregel="A")["gap_eur"] == 60
    assert bool(rij(g, maatregel="B")["taakstelling_pm"])


# --------------------------------------------------------------------------- shipped data


PAKKET1 = {
    "4.1.1": ("Project Richtlijnen (versobering)", 1_500_000),
    "4.1.3": ("Project Richtlijnen (versobering)", 100_000),
    "4.2.1": ("Project Richtlijnen (versobering)", 200_000),
    "4.2.3": ("Project Richtlijnen (versobering)", 100_000),
    "4.1.2": ("Project collectieve voorzieningen WMO", 500_000),
    "4.1.4": ("Project Verblijf", 400_000),
    "4.2.5": ("Project Verblijf", 200_000),
    "4.2.2": ("Project collectieve Voorzieningen Jeugd", 100_000),
    "4.2.4": ("Project GGZ en opvoedhulp huisartsen", 400_000),
    "4.2.6": ("Zakelijk partnerschap Jeugd-aanbieders", 1_000_000),
}
PAKKET2 = {
    "Geen verlengde Jeugdzorg": 300_000,
    "Inzet middelen Onderwijsachterstandenbeleid": 500_000,
    "Herinrichting Wijkwelzijn": 200_000,
    "Wijkkracht": 300_000,
    "Collectieve zorgverzekering": 200_000,
    "Versoberd preventief jeugdbeleid": 350_000,
    "Verschuiving van dagbesteding naar beschermt werk": 130_000,
}


def test_brief_maatregelen_exact(programma):
    m = programma["maatregelen"]
    assert m["bron"].notna().all() and m["bron"].str.startswith("Brief 17-04-2019").all()
    assert m["jaar"].isna().all()  # the letter gives no year per maatregel
    p1 = m[m["pakket"] == 1]
    assert {r.maatregel_code: (r.project, r.taakstelling_eur) for r in p1.itertuples()} == PAKKET1
    p2 = m[m["pakket"] == 2]
    assert dict(zip(p2["maatregel"], p2["taakstelling_eur"], strict=True)) == PAKKET2
    assert p2["maatregel_code"].notna().sum() == 1  # only 5.1.1 has a code
    assert int(p1["taakstelling_eur"].sum()) == 4_500_000
    assert int(p2["taakstelling_eur"].sum()) == 1_980_000
    assert not m["taakstelling_pm"].any()


def test_brief_pakketten_exact(programma):
    p = programma["pakketten"]
    genoemd = {
        (int(r.pakket), None if pd.isna(r.jaar) else int(r.jaar)): r.taakstelling_eur
        for r in p.itertuples()
    }
    assert {k: v for k, v in genoemd.items() if not math.isnan(v)} == {
        (1, 2019): 1_000_000,
        (1, 2022): 4_500_000,
        (2, 2019): 1_500_000,
        (2, 2022): 2_000_000,
        (4, None): 2_000_000,
    }
    assert math.isnan(genoemd[(3, None)])  # no figure for pakket 3
    assert not p["jaar"].isin([2020, 2021]).any()  # no invented years
    assert bool(p.loc[p["pakket"] == 4, "structureel"].iloc[0])


def test_brief_effecten_exact(programma):
    e = programma["effecten"]
    assert e["bron"].str.startswith("Brief 17-04-2019").all()

    def bedragen(**keys):
        sel = e
        for k, v in keys.items():
            sel = sel[sel[k] == v]
        return sorted(
            (None if pd.isna(j) else int(j), b)
            for j, b in zip(sel["jaar"], sel["bedrag_eur"], strict=True)
        )

    assert bedragen(project="Project Richtlijnen (versobering)", soort="berekend") == [
        (2019, 700_000),
        (2022, 1_700_000),
    ]
    assert bedragen(project="Project Richtlijnen (versobering)", soort="gerealiseerd") == [
        (2018, 150_000)
    ]
    assert bedragen(project="Project Verblijf") == [(2018, 1_000_000)]
    assert bedragen(project="Collectieve zorgverzekering") == [(2018, 144_000), (2019, 0)]
    assert bedragen(project="Project Herinrichting Wijkwelzijn", soort="gerealiseerd") == [
        (2019, 50_000)
    ]
    fonds = rij(e, pakket=4)
    assert fonds["bedrag_eur"] == 8_452_761 and fonds["aard"] == "eenmalig"
    verblijf = rij(e, project="Project Verblijf")
    assert verblijf["aard"] == "structureel" and bool(verblijf["benadering"])
    toekomst = rij(e, maatregel_code="5.1.1")
    assert toekomst["bedrag_eur"] == 300_000 and bool(toekomst["afgeleid"])
    assert int(e["bedrag_pm"].sum()) == 2
    assert sv.koppel_effecten(programma["maatregelen"], e)["niveau"].ne("los").all()


def test_brief_controles(programma):
    c = sv.controleer_programma(
        programma["maatregelen"], programma["pakketten"], programma["effecten"]
    )
    v = sv.verschillen(c)
    assert len(v) == 1  # the one place where the letter's own table does not add up
    assert (int(v.loc[0, "pakket"]), int(v.loc[0, "jaar"])) == (2, 2022)
    assert v.loc[0, "verschil_eur"] == -20_000
    assert v.loc[0, "rijen"].count("(€") == 7
    klopt = c[(c["uitkomst"] == "klopt")]
    assert klopt[["pakket", "jaar"]].astype(int).values.tolist() == [[1, 2022]]
    assert rij(c, controle="realisatie houdt stand")["verschil_eur"] == -144_000


def test_brief_gap(programma):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    pak = sv.gap_tabel(m, e, p, niveau="pakket")
    p1 = rij(pak, pakket=1, jaar=2022)
    assert p1["taakstelling_eur"] == 4_500_000 and p1["som_maatregelen_eur"] == 4_500_000
    # Pgb 150.000 + Verblijf 1.000.000 structural; Richtlijnen 1,7 mln berekend in 2022
    assert p1["gerealiseerd_eur"] == 1_150_000 and p1["berekend_eur"] == 1_700_000
    assert p1["gap_eur"] == 1_650_000 and p1["status"] == "achter"
    assert rij(pak, pakket=1, jaar=2019)["status"] == "overtroffen"  # 1,85 mln vs 1 mln
    assert math.isnan(rij(pak, pakket=1, jaar=2020)["taakstelling_eur"])
    p4 = rij(sv.gap_tabel(m, e, p, niveau="pakket", jaren=[2018, 2022]), pakket=4, jaar=2022)
    assert p4["gap_eur"] == 2_000_000 and p4["gerealiseerd_eenmalig_eur"] == 0
    tot = rij(sv.gap_tabel(m, e, p, niveau="totaal"), jaar=2022)
    assert tot["taakstelling_eur"] == 8_500_000
    assert tot["gap_eur"] == 8_500_000 - 1_700_000 - 950_000 - 1_700_000
    assert tot["pakketten_zonder_taakstelling"] == "3"
    proj = sv.projecttabel(m, e, 2022)
    assert len(proj) == 13
    verblijf = rij(proj, project="Project Verblijf")
    assert verblijf["taakstelling_eur"] == 600_000 and verblijf["status"] == "overtroffen"
    assert "bijna 1 mln" in verblijf["effect_tekst"]
    assert rij(proj, project="Project GGZ en opvoedhulp huisartsen")["taakstelling_eur"] == 400_000
    assert int(proj["taakstelling_eur"].sum()) == 6_480_000


def test_brief_brug_sluit(programma):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    b = sv.brugdata(sv.gap_tabel(m, e, p, niveau="totaal"), 2022)
    assert b["bedrag_eur"].tolist() == [8_500_000, -1_700_000, -1_700_000, -950_000, 4_150_000]
    standen = brugstanden(b, totaal_kolom="totaal")  # raises if it does not close
    assert standen["eind_eur"].iloc[-1] == 4_150_000
    bp = sv.brugdata(sv.gap_tabel(m, e, p, niveau="project"), 2022, per="project")
    assert bp["bedrag_eur"].iloc[0] == 6_480_000
    assert bp["bedrag_eur"].iloc[-1] == pytest.approx(6_480_000 + bp["bedrag_eur"][1:-1].sum())
    fig = sv.plot_programmabrug(sv.gap_tabel(m, e, p, niveau="totaal"), 2022)
    assert "€ 8,5 mln" in [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)


def test_brief_scenario(programma):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    s = sv.scenario_huidig_tempo(m, e, p)
    p1 = s[(s["pakket"] == 1) & (s["jaar"] == 2022)].iloc[0]
    # 1.150.000 realised in 2019 over 2 years (2018-2019) -> 575.000 a year
    assert p1["tempo_per_jaar_eur"] == 575_000
    assert p1["gerealiseerd_scenario_eur"] == 1_150_000 + 3 * 575_000
    assert p1["gap_scenario_eur"] == 4_500_000 - 2_875_000
    niveau = sv.scenario_huidig_tempo(m, e, p, methode="niveau")
    tot = niveau[niveau["pakket"].isna() & (niveau["jaar"] == 2022)].iloc[0]
    assert tot["gap_scenario_eur"] == 8_500_000 - 1_700_000
    assert "blijft op het niveau van 2019" in tot["aanname"]
    with pytest.raises(ValueError, match="methode"):
        sv.scenario_huidig_tempo(m, e, p, methode="hoop")


def test_mapping_verwijst_naar_bestaande_maatregelen_en_categorieen(programma):
    from sdanalysis.demo.genereer import PRODUCTEN

    mp = sv.laad_categorie_mapping()
    m = programma["maatregelen"]
    codes = set(m["maatregel_code"].dropna())
    assert set(mp["maatregel_code"].dropna()) <= codes
    assert set(mp["project"].dropna()) <= set(m["projectsleutel"])
    assert set(mp["categorie"]) <= {p.categorie for p in PRODUCTEN}
    assert sv.categorieen_voor(mp, m, project="Project Verblijf") == [
        "Beschermd wonen",
        "Verblijf GGZ",
        "Verblijf LVG",
    ]
    assert sv.categorieen_voor(mp, m, project="Project GGZ en opvoedhulp huisartsen") == [
        "Basis GGZ"
    ]
    assert sv.categorieen_voor(mp, m, project="Project collectieve voorzieningen WMO") == [
        "Dagbesteding"
    ]
    c = sv.claims_per_project(m, programma["effecten"], mp).set_index("project")
    assert sorted(c.index) == [
        "Project GGZ en opvoedhulp huisartsen",
        "Project Verblijf",
        "Project collectieve voorzieningen WMO",
        "Verschuiving van dagbesteding naar beschermt werk",
    ]
    assert (c.loc["Project Verblijf", "claim_eur"], c.loc["Project Verblijf", "claim_jaar"]) == (
        1_000_000,
        2018,
    )
    assert math.isnan(c.loc["Project GGZ en opvoedhulp huisartsen", "claim_eur"])
    assert (
        "GGZ-basis reeds teruggebracht"
        in c.loc["Project GGZ en opvoedhulp huisartsen", "effect_tekst"]
    )


# --------------------------------------------------------------------------- claim vs data


def test_claim_vs_gemeten_hand_berekend():
    reeks = pd.DataFrame(
        {
            "jaar": [2015, 2016, 2017, 2018, 2019] * 2,
            "categorie": ["Verblijf LVG"] * 5 + ["Beschermd wonen"] * 5,
            "bedrag_eur": [4e6, 5e6, 6e6, 5.5e6, 5.2e6, 1e6, 1e6, 1e6, 1.1e6, 1.0e6],
        }
    )
    v = sv.claim_vs_gemeten(
        reeks, ["Verblijf LVG", "Beschermd wonen"], 1_000_000, 2018, waarde_kolom="bedrag_eur"
    )
    j18 = rij(v, jaar=2018)
    assert j18["basiswaarde"] == 7e6 and j18["gemeten_verandering"] == pytest.approx(-0.4e6)
    assert j18["geclaimde_verandering"] == -1e6
    assert j18["verschil"] == pytest.approx(0.6e6)
    assert j18["oordeel"] == "gemeten daling kleiner dan geclaimd"
    # pre-trend 2015-2017: 5, 6, 7 mln -> 8 mln expected in 2018
    assert j18["trendwaarde"] == pytest.approx(8e6)
    assert j18["afwijking_van_trend"] == pytest.approx(-1.4e6)
    assert rij(v, jaar=2016)["oordeel"] == "voor de claim"
    zonder = sv.claim_vs_gemeten(reeks, ["Verblijf LVG"], None, 2018, waarde_kolom="bedrag_eur")
    assert rij(zonder, jaar=2019)["oordeel"] == "daling gemeten (claim zonder bedrag)"
    stijging = reeks.assign(bedrag_eur=[1, 2, 3, 4, 5] * 2)
    assert (
        rij(
            sv.claim_vs_gemeten(stijging, ["Verblijf LVG"], 1, 2018, waarde_kolom="bedrag_eur"),
            jaar=2018,
        )["oordeel"]
        == "geen daling gemeten"
    )
    with pytest.raises(ValueError, match="Geen gegevens voor categorie"):
        sv.claim_vs_gemeten(reeks, ["Basis GGZ"], 1, 2018, waarde_kolom="bedrag_eur")
    with pytest.raises(ValueError, match="basisjaar"):
        sv.claim_vs_gemeten(reeks, ["Verblijf LVG"], 1, 2015, waarde_kolom="bedrag_eur")
    fig = sv.plot_claim_vs_gemeten(v, "Verblijf", "Claim: -€ 1 mln")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Claim: -€ 1 mln" in labels
    plt.close(fig)


def test_jaarreeks_en_jaarkosten():
    maand = pd.DataFrame(
        {
            "periode_maand": pd.to_datetime(["2018-01-01", "2018-07-01", "2019-01-01"]),
            "categorie": ["Basis GGZ"] * 3,
            "aantal_clienten": [10, 30, 5],
        }
    )
    j = sv.jaarreeks(maand, "aantal_clienten", "periode_maand", agg="mean")
    assert j.values.tolist() == [[2018, "Basis GGZ", 20.0], [2019, "Basis GGZ", 5.0]]
    assert sv.jaarreeks(maand, "aantal_clienten", "periode_maand")["waarde"].tolist() == [40, 5]
    with pytest.raises(ValueError, match="mist kolom"):
        sv.jaarreeks(maand, "bedrag_eur")
    d = pd.DataFrame(
        {
            "toewijzingnummer": ["a", "a", "b"],
            "periode_start": pd.to_datetime(["2018-03-01", "2019-03-01", "2019-05-01"]),
            "bedrag_eur": [100.0, 50.0, -20.0],
        }
    )
    t = pd.DataFrame({"toewijzingnummer": ["a", "b"], "categorie": ["Dagbesteding"] * 2})
    k = sv.jaarkosten_per_categorie(d, t)
    assert k.values.tolist() == [[2018, "Dagbesteding", 100.0], [2019, "Dagbesteding", 30.0]]


# --------------------------------------------------------------------------- brug


def test_brugdiagram_generiek():
    df = pd.DataFrame(
        {
            "stap": ["Kosten 2018", "Volume", "Prijs", "Mix", "Kosten 2019"],
            "eur": [10e6, 1.5e6, -0.4e6, 0.1e6, 11.2e6],
            "is_totaal": [True, False, False, False, True],
        }
    )
    st = brugstanden(df, "stap", "eur", totaal_kolom="is_totaal")
    assert st["begin_eur"].tolist() == [0, 10e6, 11.5e6, 11.1e6, 0]
    fig = brugdiagram(df, "stap", "eur", "P x Q", totaal_kolom="is_totaal")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == [
        "€ 10 mln",
        "+€ 1,5 mln",
        "-€ 400.000",
        "+€ 100.000",
        "€ 11,2 mln",
    ]
    assert ax.get_title(loc="left") == "P x Q"
    kleuren = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert kleuren[1] != kleuren[2]  # up and down differ
    assert kleuren[0] == kleuren[4]  # totals alike
    plt.close(fig)
    fout = df.assign(eur=[10e6, 1.5e6, -0.4e6, 0.1e6, 12e6])
    with pytest.raises(ValueError, match="sluit niet"):
        brugstanden(fout, "stap", "eur", totaal_kolom="is_totaal")
    assert (
        brugstanden(fout, "stap", "eur", totaal_kolom="is_totaal", controleer=False)[
            "eind_eur"
        ].iloc[-1]
        == 12e6
    )
    with pytest.raises(ValueError, match="kolom 'bedrag'"):
        brugstanden(df, "stap", "bedrag")
    with pytest.raises(ValueError, match="geen bedrag"):
        brugstanden(df.assign(eur=[1.0, None, 1.0, 1.0, 1.0]), "stap", "eur")


def test_programmabestanden_door_de_bouw_zonder_quarantaine(tmp_path, programma):
    """The shipped CSVs pass the lead's contracts and give the same analysis once processed."""
    from sdanalysis import instellingen
    from sdanalysis.bouw import pipeline
    from sdanalysis.demo import genereer as demo

    demo.schrijf_demo(tmp_path / "demo", clients=300)
    pipeline.markeer_synthetisch(tmp_path / "demo")
    res = pipeline.bouw([tmp_path / "demo", instellingen.PROGRAMMA_RAW_DIR], schrijf=False)
    q = res.quarantaine
    assert q[q["tabel"].isin(["maatregelen", "pakketten", "effecten"])].empty
    t = res.tabellen
    assert (len(t["maatregelen"]), len(t["pakketten"]), len(t["effecten"])) == (17, 6, 14)
    verwerkt = sv.gap_tabel(t["maatregelen"], t["effecten"], t["pakketten"], niveau="pakket")
    direct = sv.gap_tabel(
        programma["maatregelen"], programma["effecten"], programma["pakketten"], niveau="pakket"
    )
    pd.testing.assert_frame_equal(verwerkt, direct, check_dtype=False)
