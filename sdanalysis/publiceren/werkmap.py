"""The tables of the controller's Excel workbook, gathered from the analyses.

:func:`werkmap_tabellen` reads the processed tables once and calls each analysis, so the
workbook and the notebooks show the same figures from the same functions. Sheets:
Kwaliteit, Quarantaine, per-analysis tables and "Bronnen en definities".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdanalysis import instellingen

BRONNEN = [
    (
        "Toewijzingen, declaraties, meldingen",
        "Exports van de gemeente (demo: synthetische gegevens, zie data/raw/demo/README.md)",
        "Elke regel geaccepteerd of in quarantaine; BSN vervangen door gesleuteld pseudoniem.",
    ),
    (
        "Interventieprogramma",
        "Brief college aan de raad, 17 april 2019 (zaaknummer 2326315)",
        "Taakstelling per maatregel = structureel eindniveau 2022; zie docs/interventieprogramma.md.",
    ),
    (
        "Iv3 taakvelden",
        "CBS Iv3 via begrotingsanalysetool (zie PROVENANCE.md)",
        "Bedragen × € 1.000; taakveldcodes gewijzigd in 2023 en 2025.",
    ),
    ("Wmo-cliënten", "CBS StatLine 83262NED", "'.' = geheim of onbekend (nooit nul)."),
    (
        "Onderdrukking",
        f"Aantallen onder {instellingen.SUPPRESSIE_DREMPEL}",
        f"Getoond als '{instellingen.SUPPRESSIE_TEKEN}', ook aanvullend onderdrukt waar terug te rekenen.",
    ),
    (
        "Stand",
        "Aantal verschillende cliënten in zorg op de eerste van de maand",
        "Overlappende en aansluitende toewijzingen per cliënt en categorie tellen één keer.",
    ),
    (
        "Wachttijd",
        "Melding → ingangsdatum van de eerste toewijzing daarna",
        "Zie docs/definities-volumes.md.",
    ),
]


def bronnen_en_definities() -> pd.DataFrame:
    """The "Bronnen en definities" sheet.

    >>> list(bronnen_en_definities().columns)
    ['onderwerp', 'bron of definitie', 'toelichting']
    """
    return pd.DataFrame(BRONNEN, columns=["onderwerp", "bron of definitie", "toelichting"])


def quarantaine_samenvatting(quarantaine: pd.DataFrame) -> pd.DataFrame:
    """Quarantine records counted per table, file and reason.

    >>> q = pd.DataFrame({"tabel": ["t", "t"], "bestand": ["a", "a"], "rij": [2, 3],
    ...                   "kolom": ["x", "x"], "waarde": ["", ""], "reden": ["r", "r"]})
    >>> quarantaine_samenvatting(q)["regels_in_quarantaine"].tolist()
    [2]
    """
    if quarantaine.empty:
        return pd.DataFrame(columns=["tabel", "bestand", "reden", "regels_in_quarantaine"])
    reden = quarantaine["reden"].str.replace(r"'.*'", "'…'", regex=True)
    return (
        quarantaine.assign(reden=reden)
        .groupby(["tabel", "bestand", "reden"], as_index=False)
        .size()
        .rename(columns={"size": "regels_in_quarantaine"})
        .sort_values(["tabel", "regels_in_quarantaine"], ascending=[True, False])
    )


def _volumebladen(p: Path | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import meldingen, volumes
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

    tw, ml = laad_tabel("toewijzingen", p), laad_tabel("meldingen", p)
    tellingen = ["aantal_clienten", "instroom_clienten", "uitstroom_clienten"]
    jaar = volumes.jaarvolumes(tw, ("wet", "categorie"), methode="peildatum")
    loop = volumes.jaarvolumes(tw, ("wet", "categorie"), methode="loop_van_het_jaar")
    doorloop = meldingen.doorlooptijd_per_maand(ml, periode="jaar")
    wacht = meldingen.wachttijd_per_maand(meldingen.wachttijden(ml, tw), periode="jaar")
    per_maand = meldingen.meldingen_per_maand(ml, groepen=("wet",))
    return {
        "Volumes peildatum 1-1": onderdruk_kleine_aantallen(
            jaar, tellingen, groep_kolommen=["jaar"]
        ),
        "Volumes in loop van jaar": onderdruk_kleine_aantallen(
            loop, tellingen, groep_kolommen=["jaar"]
        ),
        "Meldingen per maand": onderdruk_kleine_aantallen(
            per_maand, ["aantal_meldingen"], groep_kolommen=["periode_maand"]
        ),
        "Doorlooptijden": onderdruk_kleine_aantallen(
            doorloop,
            ["aantal_meldingen"],
            groep_kolommen=["jaar"],
            afhankelijke_kolommen=[
                c for c in doorloop.columns if c.startswith(("mediaan", "gemiddelde", "aandeel"))
            ],
        ),
        "Wachttijden": wacht,
    }


def _begrotingsbladen(
    p: Path | None, jaren: tuple[int, int] | None = None
) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import begroting as budget
    from sdanalysis.bouw.pipeline import laad_tabel

    begroting, productcodes = laad_tabel("begroting", p), laad_tabel("productcodes", p)
    gekoppeld = budget.koppel_declaraties(
        laad_tabel("declaraties", p), laad_tabel("toewijzingen", p), waarschuw=False
    )
    niveaus = ["wet", "categorie", "aanbieder_agb"]
    cellen = budget.pxq_cellen(gekoppeld, niveaus)
    kosten = budget.kosten_per_client(gekoppeld, ["wet", "categorie"])
    aansluiting = budget.aansluiting_declaraties_realisatie(gekoppeld, begroting, productcodes)
    jaar = int(kosten["jaar"].max())
    herbouw = budget.herbouw_begroting(kosten, begroting, productcodes, aansluiting, jaar)
    reconstructie = herbouw.reconstructie
    per_jaar = budget.pxq_per_jaar(cellen, niveaus)
    return {
        "Begroting vs realisatie": budget.begroting_vs_realisatie(begroting),
        "PxQ per jaar": per_jaar,
        "Aansluiting declaraties": aansluiting,
        f"Herbouwde begroting {jaar}": reconstructie.drop(columns=["categorieen"], errors="ignore"),
    }


def werkmap_tabellen(
    processed_dir: str | Path | None = None,
    gemeente: str | None = None,
    jaren: tuple[int, int] | None = None,
) -> dict[str, pd.DataFrame]:
    """All sheets of the workbook, in order."""
    from sdanalysis.bouw.pipeline import laad_tabel

    p = Path(processed_dir) if processed_dir else None
    aanwezig = {pad.stem for pad in (p or instellingen.PROCESSED_DIR).glob("*.parquet")}
    bladen: dict[str, pd.DataFrame] = {}
    niet_opgenomen = []
    groepen = [
        ("Volumes en meldingen", ("toewijzingen", "meldingen"), lambda: _volumebladen(p)),
        (
            "Interventieprogramma",
            ("maatregelen", "effecten", "pakketten"),
            lambda: _besparingsbladen(p),
        ),
        (
            "Begroting en P x Q",
            ("begroting", "productcodes", "declaraties", "toewijzingen"),
            lambda: _begrotingsbladen(p),
        ),
        ("Aanbieders", ("toewijzingen", "declaraties"), lambda: _aanbiedersbladen(p)),
        ("Iv3-benchmark", (), _benchmarkbladen),
    ]
    for naam, nodig, maak in groepen:
        ontbreekt = [t for t in nodig if t not in aanwezig]
        if ontbreekt:
            niet_opgenomen.append(
                {"onderdeel": naam, "reden": "tabel(len) ontbreken: " + ", ".join(ontbreekt)}
            )
            continue
        bladen.update(maak())
    if niet_opgenomen:
        bladen["Niet opgenomen"] = pd.DataFrame(niet_opgenomen)
    bladen["Kwaliteit"] = laad_tabel("kwaliteit", p)
    bladen["Quarantaine"] = quarantaine_samenvatting(laad_tabel("quarantaine", p))
    bladen["Bronnen en definities"] = bronnen_en_definities()
    return bladen


def _besparingsbladen(p: Path | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import programma as savings
    from sdanalysis.bouw.pipeline import laad_tabel

    m, e, pk = laad_tabel("maatregelen", p), laad_tabel("effecten", p), laad_tabel("pakketten", p)
    return {
        "Besparing per pakket": savings.gap_tabel(m, e, pk, niveau="pakket"),
        "Besparing per project": savings.gap_tabel(m, e, pk, niveau="project"),
        "Besparing per maatregel": savings.gap_tabel(m, e, pk, niveau="maatregel"),
        "Projecten 2022": savings.projecttabel(m, e, 2022),
        "Controles programma": savings.controleer_programma(m, pk, e),
    }


def _aanbiedersbladen(p: Path | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import aanbieders as providers
    from sdanalysis.bouw.pipeline import laad_tabel

    tw, dc = laad_tabel("toewijzingen", p), laad_tabel("declaraties", p)
    overzicht = providers.publiceerbaar_overzicht(providers.aanbieder_overzicht(tw, dc))
    kosten_jw = providers.kosten_per_aanbieder(tw, dc, groepen=("jaar",), wet="JW")
    kosten_cat = providers.kosten_per_aanbieder(tw, dc, groepen=("categorie", "jaar"))
    return {
        "Aanbieders": overzicht,
        "Concentratie jeugdhulp": providers.concentratie(kosten_jw, groepen=("jaar",)),
        "Concentratie per categorie": providers.concentratie(
            kosten_cat, groepen=("categorie", "jaar")
        ),
    }


def _benchmarkbladen() -> dict[str, pd.DataFrame]:
    from sdanalysis.bronnen import publiek as public

    iv3 = public.laad_iv3_alle()
    bench = public.benchmark_jaarrekening(iv3, instellingen.GEMEENTE_CODE, 2023, niveau="reeks")
    return {
        "Iv3 benchmark 2023": public.benchmark_overzicht(bench),
        "Iv3 begroting vs rekening 2023": public.begroting_vs_jaarrekening(
            iv3, instellingen.GEMEENTE_CODE
        ),
    }
