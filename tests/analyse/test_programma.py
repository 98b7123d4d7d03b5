"""Tests for sdanalysis.analyse.programma.

Hand-made programmes with hand-computed expectations, and the shipped programme data
(data/raw/programma) checked against the figures of the letter of 17 april 2019. The
analyses take normalised tables (the build's shape): the helpers below normalise the
hand-made rows through sdanalysis.bouw.programma, as the build does.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.analyse import programma as sv
from sdanalysis.bouw import programma as bp
from sdanalysis.instellingen import Programma

JAREN = range(2019, 2023)
EIND = 2022
PROG = Programma(startjaar=2018, eindjaar=2022, peiljaar=2019)


def maatregelen(*rijen):
    """Rows: (pakket, code, maatregel, project, jaar, taakstelling)."""
    return bp.normaliseer_maatregelen(
        pd.DataFrame(
            rijen,
            columns=[
                "pakket",
                "maatregel_code",
                "maatregel",
                "project",
                "jaar",
                "taakstelling_eur",
            ],
        ).assign(bron="test")
    )


def effecten(*rijen):
    """Rows: (pakket, code, project, jaar, bedrag, soort, structureel, omschrijving)."""
    kolommen = ["pakket", "maatregel_code", "project", "jaar", "bedrag_eur", "soort"]
    return bp.normaliseer_effecten(
        pd.DataFrame(rijen, columns=[*kolommen, "structureel", "omschrijving"]).assign(bron="test")
    )


def pakketten(*rijen):
    """Rows: (pakket, jaar, taakstelling, structureel)."""
    return bp.normaliseer_pakketten(
        pd.DataFrame(rijen, columns=["pakket", "jaar", "taakstelling_eur", "structureel"]).assign(
            bron="test"
        )
    )


def gap(m, e, p=None, niveau="maatregel", **kwargs):
    """gap_tabel with the test's years unless given."""
    kwargs = {"jaren": JAREN, "eindjaar": EIND, **kwargs}
    return sv.gap_tabel(m, e, p, niveau, **kwargs)


def rij(df, **keys):
    sel = df
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"verwacht één rij voor {keys}, kreeg {len(sel)}"
    return sel.iloc[0]


@pytest.fixture(scope="module")
def programma():
    return bp.lees_programma()


@pytest.fixture(scope="module")
def profiel():
    return instellingen.lees_profiel(instellingen.PROGRAMMA_RAW_DIR / instellingen.PROFIEL_BESTAND)


@pytest.fixture(scope="module")
def sectie(programma, profiel):
    return sv.programmasectie(**programma, programma=profiel.programma)


# --------------------------------------------------------------------------- hand-made


def test_pm_maatregel_is_onbekend_en_nooit_nul():
    m = maatregelen((1, "1.1", "A", "P", None, "PM"), (1, "1.2", "B", "P", None, "200000"))
    e = effecten((1, "1.1", None, 2022, "50000", "gerealiseerd", "ja", "x"))
    g = gap(m, e, jaren=[2022])
    a = rij(g, maatregel_code="1.1")
    assert bool(a["taakstelling_pm"])
    assert math.isnan(a["taakstelling_eur"]) and math.isnan(a["gap_eur"])
    assert a["status"] == "onbekend"
    assert a["gerealiseerd_eur"] == 50_000
    # the project sums the known part and flags the PM
    p = rij(gap(m, e, niveau="project", jaren=[2022]), projectsleutel="P")
    assert p["taakstelling_eur"] == 200_000 and bool(p["taakstelling_pm"])
    assert "PM" in p["toelichting"]
    # a PM effect is counted as PM, not as zero effect
    e2 = effecten((1, "1.2", None, 2022, "PM", "verwacht", None, "y"))
    b = rij(gap(m, e2, jaren=[2022]), maatregel_code="1.2")
    assert b["n_pm_effecten"] == 1 and b["status"] == "onbekend"
    assert "PM" in b["toelichting"]
    # the consistency check cannot compare a PM amount
    c = sv.controleer_programma(m, pakketten((1, 2022, 300_000, None)), eindjaar=EIND)
    som = rij(c, controle="som maatregelen = pakkettotaal")
    assert som["uitkomst"] == "niet te controleren" and som["rijen"] == "1.1 A (PM); 1.2 B"


def test_eenmalig_naast_structureel_nooit_opgeteld():
    m = maatregelen((4, None, "Lobby", None, None, "1000"))
    p = pakketten((4, None, "1000", "ja"))
    e = effecten(
        (4, None, None, 2020, "300", "gerealiseerd", "ja", "structureel"),
        (4, None, None, 2022, "5000", "gerealiseerd", "nee", "eenmalig fonds"),
        (4, None, None, 2021, "70", "verwacht", "nee", "eenmalig 2021"),
    )
    g = gap(m, e, p, niveau="pakket")
    j22 = rij(g, jaar=2022)
    assert j22["gerealiseerd_eur"] == 300  # structural only
    assert j22["gerealiseerd_eenmalig_eur"] == 5000  # apart
    assert j22["gap_eur"] == 700
    assert j22["gap_na_eenmalig_eur"] == -4300
    assert j22["status"] == "achter"  # a one-off never makes a structural gap "overtroffen"
    assert "eenmalig effect niet in gap_eur" in j22["toelichting"]
    j21 = rij(g, jaar=2021)
    # no structural expected figure in 2021: missing, never 0
    assert j21["verwacht_eenmalig_eur"] == 70 and math.isnan(j21["verwacht_eur"])
    assert rij(g, jaar=2020)["gerealiseerd_eur"] == 300  # structural from its own year
    assert math.isnan(rij(g, jaar=2019)["gerealiseerd_eur"])  # no figure yet: not € 0
    assert math.isnan(rij(g, jaar=2022)["verwacht_eenmalig_eur"])  # one-off only in its year
    c = sv.controleer_programma(m, p, e, eindjaar=EIND)
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
    proj = gap(m, e, niveau="project", jaren=[2022])
    p = rij(proj, projectsleutel="P")
    assert p["taakstelling_eur"] == 500_000
    assert p["berekend_eur"] == 400_000 and p["gap_eur"] == 100_000
    assert p["status"] == "achter"
    assert p["maatregel_codes"] == "1.1, 1.2"
    per_m = gap(m, e, jaren=[2022])
    for code in ("1.1", "1.2"):
        r = rij(per_m, maatregel_code=code)
        assert r["status"] == "onbekend" and math.isnan(r["berekend_eur"])
        assert "projectniveau (P)" in r["toelichting"]
    # project Q has one maatregel: its effect belongs to that maatregel
    q = rij(per_m, maatregel_code="1.3")
    assert q["verwacht_eur"] == 100_000 and q["status"] == "steunt op verwacht"


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
    c = sv.controleer_programma(m, pakketten((1, 2022, 20, None)), e, eindjaar=EIND)
    los = c[c["controle"] == "effect hoort bij maatregel of project"]
    assert sorted(los["toelichting"]) == [
        "maatregelcode 9.9 staat niet in het programma",
        "project 'X' staat niet in het programma",
    ]


def test_pakkettotaal_wijkt_af_van_maatregelen():
    m = maatregelen((2, "5.1", "A", None, None, "€ 400.000"), (2, None, "B", None, None, 500_000))
    p = pakketten((2, 2019, 800_000, None), (2, 2022, 1_000_000, None))
    c = sv.controleer_programma(m, p, eindjaar=EIND)
    v = sv.verschillen(c)
    assert len(v) == 1
    assert v.loc[0, "jaar"] == 2022
    assert v.loc[0, "verschil_eur"] == -100_000
    assert (v.loc[0, "som_eur"], v.loc[0, "genoemd_eur"]) == (900_000, 1_000_000)
    assert v.loc[0, "rijen"] == "5.1 A; B"
    assert rij(c, jaar=2019)["uitkomst"] == "niet te controleren"
    # the analysis keeps the stated total and shows the sum beside it
    g = rij(gap(m, effecten(), p, niveau="pakket", jaren=[2022]), jaar=2022)
    assert g["taakstelling_eur"] == 1_000_000 and g["som_maatregelen_eur"] == 900_000


def test_jaar_zonder_taakstelling_blijft_leeg_tenzij_interpolatie():
    m = maatregelen((1, "1.1", "A", None, 2020, 100), (1, "1.2", "B", None, None, 300))
    t = sv.taakstelling_per_jaar(m, jaren=JAREN, eindjaar=EIND)
    a = t[t["maatregel_code"] == "1.1"].set_index("jaar")
    assert a.loc[2020, "taakstelling_eur"] == 100
    assert a[["taakstelling_eur"]].drop(index=2020).isna().all().all()
    assert a.loc[2019, "taakstelling_herkomst"] == "geen cijfer in brief"
    b = t[t["maatregel_code"] == "1.2"].set_index("jaar")
    assert b.loc[2022, "taakstelling_eur"] == 300  # no year = end level
    assert b.loc[2022, "taakstelling_herkomst"] == "brief (zonder jaar: eindniveau 2022)"
    g = gap(m, effecten())
    assert (g.loc[g["taakstelling_eur"].isna(), "status"] == "onbekend").all()
    # explicit interpolation, labelled
    p = pakketten((1, 2019, 1000, None), (1, 2022, 4000, None))
    pt = sv.pakket_taakstelling_per_jaar(p, JAREN, eindjaar=EIND, interpolatie=True)
    pt = pt.set_index("jaar")
    assert pt.loc[2020, "taakstelling_eur"] == pytest.approx(2000)
    assert pt.loc[2020, "taakstelling_herkomst"] == "interpolatie (lineair)"
    assert pt.loc[2019, "taakstelling_herkomst"] == "brief"
    ti = sv.taakstelling_per_jaar(m, p, jaren=JAREN, eindjaar=EIND, interpolatie=True)
    bi = ti[ti["maatregel_code"] == "1.2"].set_index("jaar")
    assert bi.loc[2019, "taakstelling_eur"] == pytest.approx(75)  # 300 * 1000 / 4000
    assert bi.loc[2019, "taakstelling_herkomst"] == "interpolatie (naar rato van pakketpad)"
    # no extrapolation beyond the stated years
    buiten = sv.pakket_taakstelling_per_jaar(p, [2023], eindjaar=EIND, interpolatie=True)
    assert math.isnan(buiten["taakstelling_eur"][0])


def test_eindjaar_is_een_parameter():
    m = maatregelen((1, None, "A", None, None, 300))
    e = effecten((1, None, "A", None, 100, "verwacht", "ja", "zonder jaar"))
    g = gap(m, e, jaren=[2024, 2025], eindjaar=2025).set_index("jaar")
    assert math.isnan(g.loc[2024, "taakstelling_eur"]) and math.isnan(g.loc[2024, "verwacht_eur"])
    assert (g.loc[2025, "taakstelling_eur"], g.loc[2025, "gap_eur"]) == (300, 200)


def test_structureel_doorgetrokken_en_onbekende_aard_alleen_eigen_jaar():
    m = maatregelen((1, None, "A", None, None, 1000))
    e = effecten(
        (1, None, "A", 2019, 100, "berekend", None, "pad"),
        (1, None, "A", 2022, 400, "berekend", None, "pad"),
        (1, None, "A", 2018, 50, "gerealiseerd", "ja", "structureel"),
        (1, None, "A", 2020, 30, "gerealiseerd", "ja", "nog een structureel"),
    )
    g = gap(m, e).set_index("jaar")
    assert g["berekend_eur"].fillna(-1).tolist() == [100, -1, -1, 400]  # no figure: missing
    assert g["gerealiseerd_eur"].tolist() == [50, 80, 80, 80]  # two structural effects add
    gi = gap(m, e, interpolatie=True).set_index("jaar")
    assert gi["berekend_eur"].tolist() == pytest.approx([100, 200, 300, 400])
    ej = sv.effecten_per_jaar(m, e, jaren=JAREN, eindjaar=EIND, interpolatie=True)
    assert set(
        ej.loc[ej["jaar"].isin([2020, 2021]) & (ej["soort"] == "berekend"), "effect_herkomst"]
    ) == {"interpolatie (lineair)"}


def test_status_grenzen():
    assert sv.status(100_000, 5_000, True) == "op koers"
    assert sv.status(100_000, 5_001, True) == "achter"
    assert sv.status(100_000, -5_001, True) == "overtroffen"
    assert sv.status(100_000, 0, False) == "onbekend"
    assert sv.status(100_000, 40_000, True, marge=0.5) == "op koers"
    assert set(sv.STATUSSEN) == {
        "op koers",
        "achter",
        "onbekend",
        "overtroffen",
        "steunt op verwacht",
    }


def test_marge_wordt_bij_aanroep_gelezen(monkeypatch):
    monkeypatch.setattr(instellingen, "STATUS_MARGE", 0.5)
    assert sv.status(100_000, 40_000, True) == "op koers"


def test_afgeleide_effecten_uit_te_zetten():
    m = maatregelen((2, None, "A", None, None, 300))
    e = effecten((2, None, "A", None, 300, "verwacht", "ja", "conform taakstelling [afgeleid]"))
    met = rij(gap(m, e, jaren=[2022]), jaar=2022)
    zonder = rij(gap(m, e, jaren=[2022], met_afgeleid=False), jaar=2022)
    # an expected (and derived) effect alone is never "op koers"
    assert (met["gap_eur"], met["status"], met["n_afgeleid"]) == (0, "steunt op verwacht", 1)
    assert (zonder["gap_eur"], zonder["status"]) == (300, "onbekend")


def test_invoer_wordt_niet_gewijzigd_en_fouten_zijn_nederlands():
    m = maatregelen((1, "1.1", "A", None, None, "PM"))
    e = effecten((1, "1.1", None, 2022, "7 ton", "verwacht", "ja", "x"))
    p = pakketten((1, 2022, 1, None))
    m0, e0, p0 = m.copy(), e.copy(), p.copy()
    gap(m, e, p, niveau="totaal")
    gap(m, e, niveau="project")
    sv.controleer_programma(m, p, e, eindjaar=EIND)
    sv.scenario_huidig_tempo(m, e, p, startjaar=2018, eindjaar=2022, peiljaar=2019)
    pd.testing.assert_frame_equal(m, m0)
    pd.testing.assert_frame_equal(e, e0)
    pd.testing.assert_frame_equal(p, p0)
    with pytest.raises(ValueError, match="Onbekend niveau"):
        gap(m, e, niveau="wijk")
    with pytest.raises(ValueError, match="minstens één jaar"):
        gap(m, e, jaren=[])
    # analyses never normalise: raw tables are refused with a hint to the build
    ruw = pd.DataFrame({"pakket": [1], "maatregel": ["A"], "taakstelling_eur": ["PM"]})
    with pytest.raises(ValueError, match="analysevorm"):
        gap(ruw, e)
    with pytest.raises(ValueError, match="normaliseer_effecten"):
        gap(m, e.drop(columns="aard"))


def test_programmajaren_uit_profiel_of_uit_de_tabellen(programma, profiel):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    assert sv.programmajaren(profiel.programma, m, p, e) is profiel.programma
    jaren = ("startjaar", "eindjaar", "peiljaar")
    afgeleid, uit_profiel = sv.programmajaren(None, m, p, e), profiel.programma
    assert [getattr(afgeleid, j) for j in jaren] == [getattr(uit_profiel, j) for j in jaren]
    assert [getattr(afgeleid, j) for j in jaren] == [getattr(PROG, j) for j in jaren]
    assert sv.rapportjaren(PROG) == list(JAREN)
    leeg = pd.DataFrame({"jaar": pd.array([], dtype="Int64"), "soort": []})
    with pytest.raises(ValueError, match=r"\[programma\]"):
        sv.programmajaren(None, leeg, leeg, leeg)


# --------------------------------------------------------------------------- shipped data


def test_brief_controles(programma):
    c = sv.controleer_programma(
        programma["maatregelen"], programma["pakketten"], programma["effecten"], eindjaar=EIND
    )
    v = sv.verschillen(c)
    assert len(v) == 1  # the one place where the letter's own table does not add up
    assert (int(v.loc[0, "pakket"]), int(v.loc[0, "jaar"])) == (2, 2022)
    assert v.loc[0, "verschil_eur"] == -20_000  # pakket 2 gap -€ 20.000
    assert (v.loc[0, "som_eur"], v.loc[0, "genoemd_eur"]) == (1_980_000, 2_000_000)
    assert len(v.loc[0, "rijen"].split("; ")) == 7
    klopt = c[(c["uitkomst"] == "klopt") & (c["controle"] == "som maatregelen = pakkettotaal")]
    assert klopt[["pakket", "jaar"]].astype(int).values.tolist() == [[1, 2022]]
    # issue 15: the letter's own timing and its two datings of the € 144.000
    strijdig = sv.strijdigheden(c)
    assert strijdig[["uitkomst", "pakket", "jaar"]].values.tolist() == [
        ["onhaalbaar", 2, 2019],
        ["strijdig", 2, 2018],
    ]
    onhaalbaar = strijdig.iloc[0]
    # 5.1.1 300.000 + OAB 500.000 + Herinrichting 200.000 + dagbesteding 130.000
    assert (onhaalbaar["som_eur"], onhaalbaar["genoemd_eur"]) == (1_130_000, 1_500_000)
    assert "Wijkkracht" in onhaalbaar["rijen"]
    assert "2019" in strijdig.iloc[1]["toelichting"] and strijdig.iloc[1]["som_eur"] == 144_000
    haalbaar = rij(c, controle="taakstelling haalbaar volgens de planning van de bron", pakket=1)
    assert (haalbaar["uitkomst"], haalbaar["som_eur"]) == ("klopt", 3_500_000)
    daling = rij(c, controle="realisatie houdt stand")
    assert daling["verschil_eur"] == -144_000
    assert (daling["genoemd_eur"], daling["som_eur"]) == (144_000, 0)
    assert (
        sv.koppel_effecten(programma["maatregelen"], programma["effecten"])["niveau"]
        .ne("los")
        .all()
    )


def test_brief_gap(programma):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    pak = gap(m, e, p, niveau="pakket")
    p1 = rij(pak, pakket=1, jaar=2022)
    assert p1["taakstelling_eur"] == 4_500_000 and p1["som_maatregelen_eur"] == 4_500_000
    # Pgb 150.000 + Verblijf 1.000.000 structural; Richtlijnen 1,7 mln berekend in 2022
    assert p1["gerealiseerd_eur"] == 1_150_000 and p1["berekend_eur"] == 1_700_000
    assert p1["gap_eur"] == 1_650_000 and p1["status"] == "achter"
    assert rij(pak, pakket=1, jaar=2019)["status"] == "overtroffen"  # 1,85 mln vs 1 mln
    assert math.isnan(rij(pak, pakket=1, jaar=2020)["taakstelling_eur"])
    p2 = rij(pak, pakket=2, jaar=2022)
    assert p2["taakstelling_eur"] == 2_000_000 and p2["som_maatregelen_eur"] == 1_980_000
    p4 = rij(gap(m, e, p, niveau="pakket", jaren=[2018, 2022]), pakket=4, jaar=2022)
    assert p4["gap_eur"] == 2_000_000 and math.isnan(p4["gerealiseerd_eenmalig_eur"])
    assert p4["status"] == "achter"  # only one-off money came in: judged, not "onbekend"
    tot = rij(gap(m, e, p, niveau="totaal"), jaar=2022)
    assert tot["taakstelling_eur"] == 8_500_000
    # realised 1,2 mln (Pgb 150.000, Verblijf 1 mln, Wijkwelzijn 50.000), berekend 1,7 mln,
    # verwacht 600.000 (5.1.1 and Wijkkracht). The letter does not call the derived
    # € 500.000 (Onderwijsachterstandenbeleid, 2019) or € 350.000 (preventief, 2020)
    # structural, so they do not count in 2022 (they did before issue 15: gap 4,15 mln).
    assert tot["gap_eur"] == 8_500_000 - 1_200_000 - 1_700_000 - 600_000 == 5_000_000
    assert tot["gap_gerealiseerd_eur"] == 8_500_000 - 1_200_000
    assert tot["pakketten_zonder_taakstelling"] == "3"
    proj = sv.projecttabel(m, e, 2022, eindjaar=EIND)
    assert len(proj) == 13
    verblijf = rij(proj, project="Project Verblijf")
    assert verblijf["taakstelling_eur"] == 600_000 and verblijf["status"] == "overtroffen"
    assert "bijna 1 mln" in verblijf["effect_tekst"]
    assert rij(proj, project="Project GGZ en opvoedhulp huisartsen")["taakstelling_eur"] == 400_000
    assert int(proj["taakstelling_eur"].sum()) == 6_480_000


def test_brief_brug_sluit(programma):
    from sdanalysis.plots.brug import brugstanden

    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    b = sv.brugdata(gap(m, e, p, niveau="totaal"), 2022)
    assert b["bedrag_eur"].tolist() == [8_500_000, -1_200_000, -1_700_000, -600_000, 5_000_000]
    standen = brugstanden(b, totaal_kolom="totaal")  # raises if it does not close
    assert standen["eind_eur"].iloc[-1] == 5_000_000
    bp_ = sv.brugdata(gap(m, e, p, niveau="project"), 2022, per="project")
    assert bp_["bedrag_eur"].iloc[0] == 6_480_000
    assert bp_["bedrag_eur"].iloc[-1] == pytest.approx(6_480_000 + bp_["bedrag_eur"][1:-1].sum())
    with pytest.raises(ValueError, match="per moet"):
        sv.brugdata(gap(m, e, p, niveau="totaal"), 2022, per="wijk")
    with pytest.raises(ValueError, match="Geen rijen met een taakstelling"):
        sv.brugdata(gap(m, e, p, niveau="totaal"), 2020)


def test_brief_scenario(programma):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    jaren = {"startjaar": 2018, "eindjaar": 2022, "peiljaar": 2019}
    s = sv.scenario_huidig_tempo(m, e, p, **jaren)
    p1 = s[(s["pakket"] == 1) & (s["jaar"] == 2022)].iloc[0]
    # 1.150.000 realised in 2019 over 2 years (2018-2019) -> 575.000 a year
    assert p1["tempo_per_jaar_eur"] == 575_000
    assert p1["gerealiseerd_scenario_eur"] == 1_150_000 + 3 * 575_000
    assert p1["gap_scenario_eur"] == 4_500_000 - 2_875_000
    niveau = sv.scenario_huidig_tempo(m, e, p, methode="niveau", **jaren)
    tot = niveau[niveau["pakket"].isna() & (niveau["jaar"] == 2022)].iloc[0]
    assert tot["gap_scenario_eur"] == 8_500_000 - 1_700_000
    assert "blijft op het niveau van 2019" in tot["aanname"]
    with pytest.raises(ValueError, match="methode"):
        sv.scenario_huidig_tempo(m, e, p, methode="hoop", **jaren)
    with pytest.raises(ValueError, match="peiljaar"):
        sv.scenario_huidig_tempo(m, e, p, startjaar=2018, eindjaar=2022, peiljaar=2023)


def test_brief_claims(programma):
    mp = bp.laad_categorie_mapping()
    m = programma["maatregelen"]
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
    assert sv.categorieen_voor(mp, m, maatregel_code="4.2.5") == ["Verblijf GGZ", "Verblijf LVG"]
    with pytest.raises(ValueError, match="staat niet in de maatregelen"):
        sv.categorieen_voor(mp, m, project="Onbekend")
    c = sv.claims_per_project(m, programma["effecten"], mp, startjaar=2018).set_index("project")
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


def test_brief_programmasectie(sectie):
    """The figures the notebook used to assert, now on the section the notebook shows."""
    s = sectie
    assert (s.jaren.startjaar, s.jaren.eindjaar, s.jaren.peiljaar) == (2018, 2022, 2019)
    assert rij(s.gap_pakket, pakket=1, jaar=2022)["taakstelling_eur"] == 4_500_000
    assert rij(s.gap_pakket, pakket=1, jaar=2022)["gap_eur"] == 1_650_000
    assert s.verschillen[["pakket", "jaar", "verschil_eur"]].values.tolist() == [[2, 2022, -20_000]]
    assert rij(s.gap_totaal, jaar=2022)["gap_eur"] == 5_000_000
    assert s.brug["bedrag_eur"].iloc[-1] == 5_000_000
    assert float(s.projecten["taakstelling_eur"].sum()) == 6_480_000
    assert rij(s.projecten, project="Project Verblijf")["status"] == "overtroffen"
    p4 = s.gap_sinds_start[s.gap_sinds_start["pakket"] == 4].set_index("jaar")
    assert p4.loc[2018, "gerealiseerd_eenmalig_eur"] == 8_452_761
    assert p4.loc[2022, "gap_eur"] == 2_000_000
    a = rij(s.afgeleid, pakket=2)
    # 2022: 2 mln - Wijkwelzijn 50.000 - derived 5.1.1 300.000 and Wijkkracht 300.000
    assert (a["gap_eur"], a["gap_zonder_afgeleid_eur"]) == (1_350_000, 1_950_000)
    tempo = rij(s.scenario[s.scenario["pakket"].isna()], jaar=2022)
    niveau = rij(s.scenario_niveau[s.scenario_niveau["pakket"].isna()], jaar=2022)
    assert (tempo["gap_scenario_eur"], niveau["gap_scenario_eur"]) == (4_250_000, 6_800_000)
    verblijf = s.claims.set_index("project").loc["Project Verblijf"]
    assert verblijf["categorieen"] == ["Beschermd wonen", "Verblijf GGZ", "Verblijf LVG"]
    assert (verblijf["claim_eur"], verblijf["claim_jaar"]) == (1_000_000, 2018)
    # the workbook's sheets come from the same section
    assert len(s.gap_maatregel) == 17 * len(JAREN) and len(s.gap_project) == 13 * len(JAREN)
    assert set(s.controles["uitkomst"]) <= {
        "klopt",
        "verschil",
        "niet te controleren",
        "let op",
        "ter info",
        "onhaalbaar",
        "strijdig",
    }


def test_sectie_zonder_effecten_en_zonder_profiel(programma):
    s = sv.programmasectie(
        programma["maatregelen"], programma["pakketten"], bp.lege_tabel("effecten")
    )
    assert s.jaren.eindjaar == 2022
    t = rij(s.gap_totaal, jaar=2022)
    assert t["gap_eur"] == t["taakstelling_eur"] == 8_500_000 and t["status"] == "onbekend"
    assert s.claims["claim_eur"].isna().all()


# --------------------------------------------------------------------------- claim vs data


def test_claim_vs_gemeten_hand_berekend():
    reeks = pd.DataFrame(
        {
            "jaar": [2015, 2016, 2017, 2018, 2019] * 2,
            "categorie": ["Verblijf LVG"] * 5 + ["Beschermd wonen"] * 5,
            "bedrag_eur": [4e6, 5e6, 6e6, 5.5e6, 5.2e6, 1e6, 1e6, 1e6, 1.1e6, 1.0e6],
        }
    )
    v = sv.claim_vs_gemeten(reeks, ["Verblijf LVG", "Beschermd wonen"], 1_000_000, 2018)
    j18 = rij(v, jaar=2018)
    assert j18["basiswaarde_eur"] == 7e6
    assert j18["gemeten_verandering_eur"] == pytest.approx(-0.4e6)
    assert j18["geclaimde_verandering_eur"] == -1e6
    assert j18["verschil_eur"] == pytest.approx(0.6e6)
    assert j18["oordeel"] == "gemeten daling kleiner dan geclaimd"
    # pre-trend 2015-2017: 5, 6, 7 mln -> 8 mln expected in 2018
    assert j18["trendwaarde_eur"] == pytest.approx(8e6)
    assert j18["afwijking_van_trend_eur"] == pytest.approx(-1.4e6)
    assert rij(v, jaar=2016)["oordeel"] == "voor de claim"
    assert math.isnan(rij(v, jaar=2016)["geclaimde_verandering_eur"])
    zonder = sv.claim_vs_gemeten(reeks, ["Verblijf LVG"], None, 2018)
    assert rij(zonder, jaar=2019)["oordeel"] == "daling gemeten (claim zonder bedrag)"
    stijging = reeks.assign(bedrag_eur=[1, 2, 3, 4, 5] * 2)
    assert (
        rij(sv.claim_vs_gemeten(stijging, ["Verblijf LVG"], 1, 2018), jaar=2018)["oordeel"]
        == "geen daling gemeten"
    )
    with pytest.raises(ValueError, match="Geen gegevens voor categorie"):
        sv.claim_vs_gemeten(reeks, ["Basis GGZ"], 1, 2018)
    with pytest.raises(ValueError, match="basisjaar"):
        sv.claim_vs_gemeten(reeks, ["Verblijf LVG"], 1, 2015)
    aantal = reeks.rename(columns={"bedrag_eur": "aantal_clienten"})
    v2 = sv.claim_vs_gemeten(aantal, ["Verblijf LVG"], None, 2018, waarde_kolom="aantal_clienten")
    assert "waarde" in v2.columns and "waarde_eur" not in v2.columns


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
    som = sv.jaarreeks(maand, "aantal_clienten", "periode_maand")
    assert som["aantal_clienten"].tolist() == [40, 5]
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


def test_claimmeting_op_alle_claims():
    claims = pd.DataFrame(
        {
            "pakket": [1, 1],
            "project": ["P", "Q"],
            "categorieen": [["X"], ["Y"]],
            "zekerheid": ["brief", "aanname"],
            "claim_eur": [50.0, math.nan],
            "claim_jaar": [2018, 2018],
            "effect_tekst": ["", ""],
        }
    )
    tw = pd.DataFrame(
        {
            "toewijzingnummer": ["a", "b"],
            "client_id": [1, 2],
            "categorie": ["X", "X"],
            "ingangsdatum": pd.to_datetime(["2016-01-01", "2016-01-01"]),
            "einddatum": pd.to_datetime(["2019-12-31", "2017-12-31"]),
        }
    )
    dc = pd.DataFrame(
        {
            "toewijzingnummer": ["a", "b", "a", "a", "a"],
            "periode_start": pd.to_datetime(
                ["2016-01-01", "2017-01-01", "2017-01-01", "2018-01-01", "2019-01-01"]
            ),
            "bedrag_eur": [100.0, 100.0, 100.0, 100.0, 100.0],
        }
    )
    meting = sv.claimmeting(claims, tw, dc, (2016, 2019))
    # Q targets a categorie without data: skipped, never an error
    assert set(meting.kosten["project"]) == set(meting.clienten["project"]) == {"P"}
    k18 = rij(meting.kosten, jaar=2018)
    assert (k18["gemeten_verandering_eur"], k18["geclaimde_verandering_eur"]) == (-100, -50)
    assert k18["oordeel"] == "gemeten daling minstens zo groot als geclaimd"
    c18 = rij(meting.clienten, jaar=2018)
    assert c18["gemeten_verandering"] == -1 and math.isnan(c18["geclaimde_verandering"])
    leeg = sv.claims_tegen_reeks(claims.iloc[:0], pd.DataFrame(columns=["jaar", "categorie"]))
    assert leeg.empty and "oordeel" in leeg.columns


# --------------------------------------------------------------------------- verdicts (issue 15)


def _oordeel(m, e, p, jaren=(2019,), niveau="pakket", **kwargs):
    return sv.oordeel(m, e, p, jaren=jaren, eindjaar=EIND, niveau=niveau, **kwargs)


def test_jaar_op_verwachte_effecten_alleen_is_nooit_op_koers():
    m = maatregelen((1, "1.1", "A", None, None, 1_000))
    p = pakketten((1, 2019, 1_000, None), (1, 2022, 1_000, None))
    e = effecten(
        (1, "1.1", None, 2019, 200, "gerealiseerd", "ja", "gerealiseerd"),
        (1, "1.1", None, 2019, 800, "verwacht", "ja", "verwacht"),
    )
    r = rij(_oordeel(m, e, p), jaar=2019)
    assert r["status"] == "steunt op verwacht"
    assert (r["gap_gerealiseerd_eur"], r["gap_eur"], r["marge_eur"]) == (800, 0, 50)
    assert "alleen met verwachte" in r["reden"]
    # realised alone within the margin: on course; realised above it: overtroffen
    e2 = effecten((1, "1.1", None, 2019, 960, "gerealiseerd", "ja", "x"))
    assert rij(_oordeel(m, e2, p), jaar=2019)["status"] == "op koers"
    e3 = effecten((1, "1.1", None, 2019, 1_100, "gerealiseerd", "ja", "x"))
    assert rij(_oordeel(m, e3, p), jaar=2019)["status"] == "overtroffen"


def test_afgeleid_bedrag_telt_alleen_zoals_de_bron_het_zegt():
    m = maatregelen((2, None, "A", None, None, 500), (2, None, "B", None, None, 500))
    p = pakketten((2, 2019, 1_000, None), (2, 2022, 1_000, None))
    e = effecten(
        (2, None, "A", 2019, 500, "gerealiseerd", None, "realisatie [afgeleid: = taakstelling]"),
        (2, None, "B", 2019, 480, "gerealiseerd", "ja", "genoemd bedrag"),
    )
    o = _oordeel(m, e, p, jaren=(2019, 2022))
    j19, j22 = rij(o, jaar=2019), rij(o, jaar=2022)
    assert (j19["status"], j19["status_zonder_afgeleid"]) == ("op koers", "achter")
    assert not j19["houdt_stand"] and "zonder afgeleide bedragen" in j19["beslissende_aannames"]
    assert "afgeleid meegeteld: A" in j19["aannames"]
    # no structural nature in the source: the derived amount counts only in its own year
    assert j22["gerealiseerd_eur"] == 480 and j22["status"] == "achter"


def test_vaag_bedrag_over_de_drempel_zegt_dat_het_oordeel_niet_standhoudt():
    m = maatregelen((1, None, "Verblijf", None, None, 1_000_000))
    p = pakketten((1, 2019, 1_000_000, None))
    ruw = pd.DataFrame(
        {
            "pakket": [1],
            "project": ["Verblijf"],
            "jaar": [2019],
            "bedrag_eur": [1_000_000],
            "bedrag_laag_eur": [900_000],
            "bedrag_hoog_eur": [1_000_000],
            "soort": ["gerealiseerd"],
            "structureel": ["ja"],
            "omschrijving": ["bijna 1 mln"],
            "bron": ["test"],
        }
    )
    r = rij(_oordeel(m, bp.normaliseer_effecten(ruw), p), jaar=2019)
    assert r["status"] == "op koers"  # at the stated value
    assert (r["status_ondergrens"], r["status_bovengrens"]) == ("achter", "op koers")
    assert r["status_bandbreedte"] == "achter tot op koers" and not r["houdt_stand"]
    assert "ondergrens" in r["beslissende_aannames"]
    assert "bij benadering meegeteld: Verblijf" in r["aannames"]
    # on course within 5% of 1 mln: below € 950.000 it is no longer
    assert (r["kritiek_effect"], r["kritieke_waarde_eur"]) == ("Verblijf", 950_000)
    # a range that stays inside the margin: the verdict survives
    smal = bp.normaliseer_effecten(ruw.assign(bedrag_laag_eur=960_000))
    r2 = rij(_oordeel(m, smal, p), jaar=2019)
    assert r2["status_bandbreedte"] == "op koers" and r2["houdt_stand"]


def test_jaar_zonder_cijfer_blijft_ontbrekend_en_interpolatie_is_gelabeld():
    m = maatregelen((1, None, "A", None, None, 400))
    p = pakketten((1, 2019, 100, None), (1, 2022, 400, None))
    e = effecten(
        (1, None, "A", 2019, 100, "berekend", None, "7 ton in 2019"),
        (1, None, "A", 2022, 400, "berekend", None, "1,7 mln in 2022"),
    )
    o = _oordeel(m, e, p, jaren=JAREN).set_index("jaar")
    for jaar in (2020, 2021):
        assert math.isnan(o.loc[jaar, "taakstelling_eur"]) and math.isnan(
            o.loc[jaar, "verwacht_eur"]
        )
        assert o.loc[jaar, "status"] == "onbekend"
    g = gap(m, e, p, niveau="pakket", interpolatie=True).set_index("jaar")
    assert g.loc[2020, "berekend_eur"] == 200 and g.loc[2020, "taakstelling_eur"] == 200
    assert g.loc[2020, "taakstelling_herkomst"] == sv.HERKOMST_INTERPOLATIE
    assert "taakstelling geïnterpoleerd" in g.loc[2020, "toelichting"]


def test_taakstelling_zonder_jaar_en_kanttekening_van_de_bron():
    m = maatregelen((4, None, "Lobby", None, None, None))
    p = bp.normaliseer_pakketten(
        pd.DataFrame(
            {
                "pakket": [4],
                "taakstelling_eur": [2_000],
                "structureel": ["ja"],
                "kanttekening": ["eenmalig bedrag"],
                "bron": ["test"],
            }
        )
    )
    e = effecten((4, None, None, 2018, 8_000, "gerealiseerd", "nee", "eenmalig fonds"))
    o = _oordeel(m, e, p, jaren=(2019, 2022)).set_index("jaar")
    assert o.loc[2022, "status"] == "achter"  # only one-off money: judged, not "onbekend"
    assert o.loc[2019, "status"] == "onbekend"
    assert o.loc[2019, "status_taakstelling_zonder_jaar_elk_jaar"] == "achter"
    assert "elk jaar geteld" in o.loc[2019, "beslissende_aannames"]
    assert (o["kanttekeningen"] == "eenmalig bedrag").all()


def test_brief_oordeel_2019_niet_op_koers(sectie):
    """The letter of 17 april 2019: 2019 is not on course on realised effects."""
    t = rij(sectie.oordeel_totaal, jaar=2019)
    assert t["taakstelling_eur"] == 2_500_000 and t["gerealiseerd_eur"] == 1_700_000
    assert t["status"] == "steunt op verwacht" and t["gap_eur"] == 100_000
    assert t["status_ondergrens"] == "achter"  # "bijna 1 mln" at € 900.000
    assert t["status_zonder_afgeleid"] == "achter"  # without the € 500.000 derived
    assert t["status_taakstelling_zonder_jaar_elk_jaar"] == "achter"  # pakket 4 from 2019
    assert "vasthouden en doorzetten is nog onduidelijk" in t["kanttekeningen"]
    # "bijna 1 mln" below € 975.000 turns the year "achter" (gap 100.000 + shortfall > 125.000)
    assert (t["kritiek_effect"], t["kritieke_waarde_eur"]) == ("Project Verblijf", 975_000)
    p1 = rij(sectie.oordeel_pakket, pakket=1, jaar=2019)
    assert p1["status"] == "overtroffen" and p1["status_bandbreedte"] == "op koers tot overtroffen"
    assert p1["status_alleen_eigen_jaar"] == "achter"  # rests on effects dated 2018
    assert not p1["houdt_stand"]
    assert rij(sectie.oordeel_pakket, pakket=4, jaar=2022)["status"] == "achter"
    assert (sectie.oordeel_totaal["status"] != "op koers").all()


@pytest.mark.parametrize(
    ("bedrag", "tekst"),
    [
        (1_950_000, "€ 1,95 mln"),
        (2_000_000, "€ 2 mln"),
        (1_850_000, "€ 1,85 mln"),
        (4_150_000, "€ 4,15 mln"),
        (4_200_000, "€ 4,2 mln"),
        (8_452_761, "€ 8,45 mln"),
        (144_000, "€ 144.000"),
    ],
)
def test_een_afrondingsregel_voor_bedragen(bedrag, tekst):
    from sdanalysis.weergave.stijl import format_euro

    assert format_euro(bedrag) == tekst


def test_bedragen_die_meer_dan_een_procent_verschillen_drukken_nooit_gelijk():
    import numpy as np

    from sdanalysis.weergave.stijl import format_euro

    rng = np.random.default_rng(15)
    bedragen = np.exp(rng.uniform(np.log(5e5), np.log(5e9), 4_000))
    per_tekst: dict[str, list[float]] = {}
    for b in bedragen:
        per_tekst.setdefault(format_euro(b), []).append(b)
    assert max(max(v) / min(v) for v in per_tekst.values()) < 1.01


def test_brief_interpolatie_is_gelabeld_ook_in_het_totaal(programma):
    m, p, e = programma["maatregelen"], programma["pakketten"], programma["effecten"]
    tot = gap(m, e, p, niveau="totaal", interpolatie=True).set_index("jaar")
    assert tot.loc[2020, "taakstelling_eur"] == pytest.approx(3_833_333.33, abs=1)
    assert "interpolatie" in tot.loc[2020, "taakstelling_herkomst"]
    assert "taakstelling geïnterpoleerd" in tot.loc[2020, "toelichting"]
    assert "geïnterpoleerd (op verzoek)" in tot.loc[2020, "toelichting"]  # Richtlijnen path
    assert "interpolatie" not in tot.loc[2019, "taakstelling_herkomst"]
    s = sv.scenario_huidig_tempo(
        m, e, p, startjaar=2018, eindjaar=2022, peiljaar=2019, interpolatie=True
    )
    s_tot = s[s["pakket"].isna()].set_index("jaar")
    assert "interpolatie" in s_tot.loc[2021, "taakstelling_herkomst"]
    zonder = gap(m, e, p, niveau="totaal").set_index("jaar")
    assert math.isnan(zonder.loc[2020, "taakstelling_eur"])  # only on request


def test_brief_voorbehouden_met_redenering(sectie):
    v = sectie.voorbehouden
    afgeleid = v[v["voorbehoud"] == "afgeleid"]
    assert len(afgeleid) == 4 and afgeleid["afleiding"].notna().all()
    oab = rij(v, project="Inzet middelen Onderwijsachterstandenbeleid")
    assert oab["soort"] == "gerealiseerd" and oab["aard"] == "onbekend"
    assert oab["citaat"] == "Realisatie in begroting 2019"
    verblijf = rij(v, project="Project Verblijf")
    assert (verblijf["voorbehoud"], verblijf["bedrag_laag_eur"]) == ("bij benadering", 900_000)
    assert (v["voorbehoud"] == "zonder bedrag").sum() == 5
    assert (v["voorbehoud"] == "PM").sum() == 2
    assert not (v["bedrag_eur"] == 0).any()  # missing never becomes 0
