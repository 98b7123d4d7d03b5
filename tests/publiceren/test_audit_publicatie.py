"""The suppression audit over a whole publication: workbook, notebook tables and charts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sdanalysis import instellingen  # noqa: E402
from sdanalysis.publiceren.audit import (  # noqa: E402
    audit_publicatie,
    auditregel,
    onveilige_cellen,
    werkmaptabellen,
)
from sdanalysis.weergave.publicatie import (  # noqa: E402
    PUBLICATIE_MAP_VAR,
    lees_publicatie,
    publicatietabel,
    registreer,
)
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen  # noqa: E402

SLEUTEL = "test-sleutel-audit-publicatie-lang-genoeg-0123"


def _categorieen(waarden: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"jaar": 2023, "wet": "JW", "categorie": list("ABCD"), "aantal_toewijzingen": waarden}
    )


def test_marge_in_notebook_verraadt_cel_van_werkmapblad():
    """Sheet suppresses A and B per categorie; a notebook shows the wet total and B elsewhere."""
    blad = onderdruk_kleine_aantallen(_categorieen([4, 30, 50, 60]), "aantal_toewijzingen", "jaar")
    assert blad["aantal_toewijzingen_onderdrukt"].tolist() == [True, True, False, False]
    totaal = pd.DataFrame({"jaar": [2023], "wet": ["JW"], "aantal_toewijzingen": [144]})
    veilig = audit_publicatie(
        [
            publicatietabel(blad, "werkmap", "blad", "Per categorie"),
            publicatietabel(totaal, "notebook 02", "tabel", "Per wet"),
        ]
    )
    assert veilig["veilig"].all() and len(veilig) == 2  # 4 + 30 hidden together: 0..34 each
    # a chart shows categorie B (30) unsuppressed: A = 144 - 30 - 50 - 60 = 4
    grafiek = pd.DataFrame({"jaar": [2023], "categorie": ["B"], "aantal_toewijzingen": [30]})
    lek = audit_publicatie(
        [
            publicatietabel(blad, "werkmap", "blad", "Per categorie"),
            publicatietabel(totaal, "notebook 02", "tabel", "Per wet"),
            publicatietabel(grafiek, "notebook 02", "grafiek", "B"),
        ]
    ).set_index("cel")
    a = next(c for c in lek.index if "categorie=A" in c)
    assert lek.loc[a, "min"] == lek.loc[a, "max"] == 4 and not lek.loc[a, "veilig"]
    assert any("Per categorie" in r for r in onveilige_cellen(lek.reset_index()))


def test_totaalrij_in_dezelfde_tabel_is_een_marge():
    t = pd.DataFrame(
        {
            "wet": ["JW", "WMO", "Totaal"],
            "aantal_meldingen": [None, 40, 47],
            "aantal_meldingen_onderdrukt": [True, False, False],
        }
    )
    uit = audit_publicatie([publicatietabel(t, "notebook 06", "tabel", "Meldingen")])
    assert uit["min"].tolist() == [7.0] and not uit["veilig"].any()


def test_tabel_van_deel_van_de_bevolking_geeft_geen_relatie():
    """A selection is no breakdown of a total: the visible parts (110) exceed it (100)."""
    blad = onderdruk_kleine_aantallen(_categorieen([4, 30, 50, 60]), "aantal_toewijzingen", "jaar")
    top = pd.DataFrame({"jaar": [2023], "wet": ["JW"], "aantal_toewijzingen": [100]})  # not C + D
    uit = audit_publicatie(
        [
            publicatietabel(blad, "werkmap", "blad", "x"),
            publicatietabel(top, "notebook", "tabel", "top"),
        ]
    )
    assert uit["veilig"].all()


def test_personen_deel_zichtbaar_klein_uit_ongelijkheden():
    """Distinct persons: the wet total is hidden, an unsuppressed chart shows its parts 4 and 3."""
    per_wet = pd.DataFrame(
        {
            "jaar": [2023],
            "wet": ["JW"],
            "aantal_clienten": [None],
            "aantal_clienten_onderdrukt": [True],
        }
    )
    delen = pd.DataFrame(
        {"jaar": 2023, "wet": "JW", "categorie": ["A", "B"], "aantal_clienten": [4, 3]}
    )
    uit = audit_publicatie(
        [
            publicatietabel(per_wet, "werkmap", "blad", "wet"),
            publicatietabel(delen, "notebook", "grafiek", "cat"),
        ]
    )
    verborgen = uit[uit["cel"].str.contains("blad")].iloc[0]
    # 4 <= total <= 4 + 3: a reader knows it lies below the threshold
    assert (verborgen["min"], verborgen["max"]) == (4.0, 7.0) and not verborgen["veilig"]
    klein = uit[uit["reden"].str.startswith("gepubliceerd aantal")]
    assert len(klein) == 2  # the chart's 4 and 3 are small counts published


def test_personen_tellen_niet_op():
    """A part of distinct persons is no subtraction away: 25 in total, 15 + hidden parts."""
    per_wet = pd.DataFrame({"jaar": [2023], "wet": ["JW"], "aantal_clienten": [25]})
    delen = pd.DataFrame(
        {
            "jaar": 2023,
            "wet": "JW",
            "categorie": ["A", "B"],
            "aantal_clienten": [None, 15],
            "aantal_clienten_onderdrukt": [True, False],
        }
    )
    uit = audit_publicatie(
        [publicatietabel(per_wet, "w", "blad", "wet"), publicatietabel(delen, "w", "blad", "cat")]
    )
    assert uit["min"].tolist() == [10.0] and uit["max"].tolist() == [25.0]
    assert uit["veilig"].all()


def test_register_schrijft_alleen_met_variabele_en_nooit_verborgen_waarden(tmp_path, monkeypatch):
    t = pd.DataFrame(
        {
            "jaar": [2023, 2023],
            "wet": ["JW", "WMO"],
            "aantal_clienten": [4, 40],
            "kosten_eur": [99.0, 1.0],
        }
    )
    # the true value 4 is still in the frame next to its marker: it must not be written
    geheim = t.assign(aantal_clienten_onderdrukt=[True, False])
    monkeypatch.delenv(PUBLICATIE_MAP_VAR, raising=False)
    assert registreer(geheim, "tabel", "x") is None and not list(tmp_path.iterdir())
    monkeypatch.setenv(PUBLICATIE_MAP_VAR, str(tmp_path / "pub"))
    pad = registreer(geheim, "tabel", "Cliënten")
    assert pad is not None
    gelezen = lees_publicatie(tmp_path / "pub")
    assert len(gelezen) == 1
    data = gelezen[0].data
    assert pd.isna(data.loc[0, "aantal_clienten"]) and data.loc[1, "aantal_clienten"] == 40
    assert "kosten_eur" not in data.columns  # only keys and counts
    assert 4 not in pd.read_parquet(pad).select_dtypes("number").to_numpy().ravel().tolist()


def test_grafiek_van_maanden_registreert_onderdrukte_reeks(tmp_path, monkeypatch):
    """A chart of monthly meldingen hides like the workbook: never one month of a year."""
    from sdanalysis.plots.volumes import grafiek_trend

    maanden = pd.date_range("2022-01-01", periods=12, freq="MS")
    df = pd.DataFrame(
        {
            "periode_maand": maanden,
            "wet": "JW",
            "aantal_meldingen": [70, 65, 4, 80, 75, 72, 60, 90, 85, 88, 84, 84],
        }
    )
    monkeypatch.setenv(PUBLICATIE_MAP_VAR, str(tmp_path))
    plt.close(grafiek_trend(df, "aantal_meldingen", "wet", "Meldingen"))
    (grafiek,) = lees_publicatie(tmp_path)
    assert (
        grafiek.soort == "grafiek" and int(grafiek.data["aantal_meldingen_onderdrukt"].sum()) == 2
    )
    jaar = pd.DataFrame(
        {"jaar": [2022], "wet": ["JW"], "aantal_meldingen": [int(df["aantal_meldingen"].sum())]}
    )
    uit = audit_publicatie([grafiek, publicatietabel(jaar, "werkmap", "blad", "Doorlooptijden")])
    assert len(uit) == 2 and uit["veilig"].all()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo gemeente built into a temporary folder (as the report does)."""
    from sdanalysis.bouw.pipeline import bouw

    map_ = tmp_path_factory.mktemp("demo")
    basis = instellingen.laad_instellingen(omgeving={})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
        bouw(raw_dirs=list(basis.raw_dirs), out_dir=map_ / "processed")
    return basis.met(processed_dir=map_ / "processed")


def test_demo_meldingen_werkmap_en_notebook_06_samen_veilig(demo, tmp_path, monkeypatch):
    """Notebook 06's month chart and year table with the workbook: nothing recoverable."""
    from sdanalysis.analyse import meldingen as ml
    from sdanalysis.analyse.jaren import jaren_in_gegevens
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.plots.volumes import grafiek_trend
    from sdanalysis.publiceren.werkmap import werkmap_tabellen
    from sdanalysis.weergave.tabellen import toon

    alle = laad_tabel("meldingen", demo.processed_dir)
    meldingen = ml.meldingen_in_jaren(alle, jaren_in_gegevens(alle["datum_melding"], demo.jaren))
    wacht = ml.wachttijden(meldingen, laad_tabel("toewijzingen", demo.processed_dir))
    per_maand = ml.meldingen_per_maand(meldingen, groepen="wet")
    per_jaar = ml.overzicht_per_jaar(meldingen, wacht)
    monkeypatch.setenv(PUBLICATIE_MAP_VAR, str(tmp_path))
    plt.close(grafiek_trend(per_maand, "aantal_meldingen", "wet", "meldingen per maand"))
    toon(
        onderdruk_kleine_aantallen(
            per_jaar,
            ["aantal_meldingen", "aantal_toegekend"],
            ["jaar", "wet"],
            afhankelijke_kolommen=ml.afhankelijke_kolommen(per_jaar),
        )
    )
    register = lees_publicatie(tmp_path)
    assert {t.soort for t in register} == {"grafiek", "tabel"}
    bladen = werkmap_tabellen(demo)
    audit = audit_publicatie([*register, *werkmaptabellen(bladen)])
    meldingencellen = audit[
        audit["cel"].str.contains("aantal_meldingen|aantal_toegekend|aantal_wacht")
    ]
    print(auditregel(audit))
    assert len(meldingencellen) > 0
    assert onveilige_cellen(meldingencellen) == []


def test_tabellen_met_elk_een_eigen_kenmerk_zijn_niet_dezelfde_cijfers():
    """One provider's clients and the clients on 1 January share jaar and categorie only."""
    aanbieder = pd.DataFrame(
        {
            "jaar": [2018],
            "aanbieder_naam": ["Jeugd BV"],
            "categorie": ["Verblijf"],
            "aantal_clienten": [pd.NA],
            "aantal_clienten_onderdrukt": [True],
        }
    )
    peildatum = pd.DataFrame(
        {
            "jaar": [2018],
            "methode": ["peildatum"],
            "categorie": ["Verblijf"],
            "aantal_clienten": [0],
        }
    )
    uit = audit_publicatie(
        [
            publicatietabel(aanbieder, "werkmap", "blad", "Aanbieders"),
            publicatietabel(peildatum, "werkmap", "blad", "Volumes peildatum 1-1"),
        ]
    )
    assert len(uit) == 1 and uit["veilig"].all()  # not pinned to the 0 of the other sheet
