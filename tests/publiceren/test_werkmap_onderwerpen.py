"""Workbook and notebooks about the same topic hide the same cells: the workbook is published.

A small generated gemeente (much is suppressed) is built; the notebooks about volumes,
aanbieders and meldingen run with the publication registry on, as in the report. Their
tables and charts together with the workbook's sheets must leave no suppressed cell
recoverable *as they are*: no extra suppression in the workbook, so it is never withheld.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw.pipeline import bouw
from sdanalysis.demo.gemeenten import GEMEENTE_VORMEN, schrijf_vorm
from sdanalysis.publiceren.audit import (
    audit_publicatie,
    beveilig_werkmap,
    onveilige_cellen,
    werkmaptabellen,
)
from sdanalysis.publiceren.rapport import notebook_parameters, voer_notebook_uit
from sdanalysis.publiceren.werkmap import werkmap_tabellen
from sdanalysis.weergave.publicatie import lees_publicatie

SLEUTEL = "test-sleutel-onderwerpen-niet-geheim-maar-lang-genoeg"
#: The notebooks whose topics have a sheet of their own in the workbook.
NOTEBOOKS = ("02_indicatievolumes", "05_aanbieders", "06_meldingen_en_wachttijden")
#: Small and seeded: suppression dominates, so notebook and sheet disagreed on many cells.
VORM = dataclasses.replace(GEMEENTE_VORMEN["een_jaar"], jaren=(2023, 2024), seed=7)


@pytest.fixture(scope="module")
def publicatie(tmp_path_factory):
    """(workbook sheets, what the notebooks published) for the small gemeente."""
    map_ = tmp_path_factory.mktemp("onderwerpen")
    schrijf_vorm(VORM, map_ / "raw")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
        mp.delenv("SDANALYSIS_PROCESSED", raising=False)
        bouw(raw_dirs=[map_ / "raw"], out_dir=map_ / "processed")
        inst = instellingen.laad_instellingen(
            processed=map_ / "processed", gemeente=VORM.naam, omgeving={}
        )
        bladen = werkmap_tabellen(inst)

        def voer_uit(naam: str):
            return voer_notebook_uit(
                instellingen.NOTEBOOKS_DIR / f"{naam}.ipynb",
                map_ / "werk",
                notebook_parameters(inst),
                publicatiemap=map_ / "publicatie",
            )

        with ThreadPoolExecutor(max_workers=2) as pool:  # two kernels, as the report does
            for naam, uit in zip(NOTEBOOKS, pool.map(voer_uit, NOTEBOOKS), strict=True):
                assert uit.gelukt, f"{naam}: {uit.fout}"
    return bladen, lees_publicatie(map_ / "publicatie")


def test_werkmap_met_notebooks_zonder_terug_te_rekenen_cel_en_zonder_extra_onderdrukking(
    publicatie,
):
    bladen, notebooks = publicatie
    assert {t.bron for t in notebooks} >= {f"notebook {n}" for n in NOTEBOOKS}
    audit = audit_publicatie([*notebooks, *werkmaptabellen(bladen)])
    assert (~audit["reden"].astype(str).str.startswith("gepubliceerd aantal")).sum() > 20
    assert onveilige_cellen(audit) == []
    # the report's extra suppression finds nothing to hide: the workbook goes out as made
    nieuw, _ = beveilig_werkmap(bladen, notebooks)
    assert [b for b in bladen if nieuw[b] is not bladen[b]] == []


def _tabel(notebooks, bron: str, kolom: str) -> pd.DataFrame:
    gevonden = [
        t.data
        for t in notebooks
        if t.bron == bron and kolom in t.tellingen and t.titel != "Kernpunten"
    ]
    assert gevonden, (bron, kolom)
    return gevonden[0]


def _zelfde_cellen(notebook: pd.DataFrame, blad: pd.DataFrame, sleutel: list[str], kolom: str):
    """Each notebook cell is the sheet's cell: same value, hidden in both or in neither."""
    blad = blad.assign(**{k: blad[k].astype(str) for k in sleutel})
    notebook = notebook.assign(**{k: notebook[k].astype(str) for k in sleutel})
    samen = notebook.merge(
        blad, on=sleutel, how="left", suffixes=("_nb", "_blad"), indicator=True, validate="1:1"
    )
    assert (samen["_merge"] == "both").all(), samen.loc[samen["_merge"] != "both", sleutel]
    nb, bl = f"{kolom}_onderdrukt_nb", f"{kolom}_onderdrukt_blad"
    assert (samen[nb].astype(bool) == samen[bl].astype(bool)).all(), samen[[*sleutel, nb, bl]]
    zichtbaar = ~samen[nb].astype(bool)
    assert (
        pd.to_numeric(samen.loc[zichtbaar, f"{kolom}_nb"]).to_numpy()
        == pd.to_numeric(samen.loc[zichtbaar, f"{kolom}_blad"]).to_numpy()
    ).all()
    return samen


def test_meldingen_per_jaar_in_notebook_zijn_de_cellen_van_de_bladen(publicatie):
    bladen, notebooks = publicatie
    per_jaar = _tabel(notebooks, "notebook 06_meldingen_en_wachttijden", "aantal_toegekend")
    samen = _zelfde_cellen(per_jaar, bladen["Wachttijden"], ["jaar", "wet"], "aantal_toegekend")
    assert samen["aantal_toegekend_onderdrukt_nb"].any()  # the small gemeente hides some
    _zelfde_cellen(per_jaar, bladen["Doorlooptijden"], ["jaar", "wet"], "aantal_meldingen")


def test_aanbieders_in_notebook_zijn_rijen_van_het_blad(publicatie):
    bladen, notebooks = publicatie
    tabel = _tabel(notebooks, "notebook 05_aanbieders", "trajecten_beeindigd")
    assert "jaar" in tabel.columns  # a year's rows, not a total over the years
    sleutel = ["jaar", "aanbieder_naam", "categorie"]
    for kolom in ("aantal_clienten_in_jaar", "trajecten_gestart", "trajecten_beeindigd"):
        _zelfde_cellen(tabel, bladen["Aanbieders"], sleutel, kolom)
