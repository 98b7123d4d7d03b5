"""Tests for sdanalysis.plots.programma and the generic bridge in sdanalysis.plots.brug."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sdanalysis import instellingen  # noqa: E402
from sdanalysis.analyse import programma as sv  # noqa: E402
from sdanalysis.bouw.programma import lees_programma  # noqa: E402
from sdanalysis.plots import programma as grafiek  # noqa: E402
from sdanalysis.plots.brug import brugdiagram, brugstanden  # noqa: E402


@pytest.fixture(scope="module")
def sectie():
    profiel = instellingen.lees_profiel(
        instellingen.PROGRAMMA_RAW_DIR / instellingen.PROFIEL_BESTAND
    )
    return sv.programmasectie(**lees_programma(), programma=profiel.programma)


def test_brief_brug_en_gap_per_jaar(sectie):
    fig = grafiek.grafiek_programmabrug(sectie.gap_totaal, 2022)
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "€ 8,5 mln",
        "-€ 1,2 mln",
        "-€ 1,7 mln",
        "-€ 600.000",
        "€ 5 mln",
    ]
    plt.close(fig)
    fig = grafiek.grafiek_programmabrug(
        sectie.gap_project, 2022, per="project", titel="Per project"
    )
    assert fig.axes[0].get_title(loc="left") == "Per project"
    plt.close(fig)
    fig = grafiek.grafiek_gap_per_jaar(sectie.gap_totaal)
    geen = [t.get_text() for t in fig.axes[0].texts]
    assert geen.count("geen\ncijfer") == 2  # the two years without a taakstelling
    plt.close(fig)


def test_scenario_en_claims(sectie):
    fig = grafiek.grafiek_scenario(sectie.scenario)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "Taakstelling (tussenjaren geïnterpoleerd)"
    assert fig.texts[-1].get_text().startswith("Bron: programmatabellen; aanname: alleen")
    plt.close(fig)
    reeks = pd.DataFrame(
        {
            "jaar": [2015, 2016, 2017, 2018, 2019] * 2,
            "categorie": ["Verblijf LVG"] * 5 + ["Beschermd wonen"] * 5,
            "bedrag_eur": [4e6, 5e6, 6e6, 5.5e6, 5.2e6, 1e6, 1e6, 1e6, 1.1e6, 1.0e6],
        }
    )
    v = sv.claim_vs_gemeten(reeks, ["Verblijf LVG", "Beschermd wonen"], 1_000_000, 2018)
    fig = grafiek.grafiek_claim_vs_gemeten(v, "Verblijf", "Claim: -€ 1 mln")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Claim: -€ 1 mln" in labels
    plt.close(fig)
    fig = grafiek.grafiek_claim_vs_gemeten(v, "Verblijf")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Als de claim klopt: -€ 1 mln vanaf 2018" in labels
    plt.close(fig)
    vergelijkingen = sv.claims_tegen_reeks(sectie.claims, reeks)
    assert set(vergelijkingen["project"]) == {"Project Verblijf"}  # only data for its categories
    fig = grafiek.grafiek_claims(vergelijkingen, "Claims")
    assert len(fig.axes) == 1 and fig.axes[0].get_title(loc="left") == "Project Verblijf"
    plt.close(fig)
    fig = grafiek.grafiek_claims(vergelijkingen.iloc[:0], "Geen claims")
    assert fig.axes[0].texts[0].get_text() == "Geen claims om te toetsen"
    plt.close(fig)


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
