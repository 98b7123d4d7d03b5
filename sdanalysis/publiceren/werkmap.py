"""The tables of the controller's Excel workbook, gathered from the analyses.

:func:`werkmap_tabellen` reads the processed tables once and calls each analysis, so the
workbook and the notebooks show the same figures from the same functions. Sheets:
Kwaliteit, Quarantaine, per-analysis tables and "Bronnen en definities".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sdanalysis import instellingen
from sdanalysis.instellingen import Instellingen

BRONNEN = [
    (
        "Toewijzingen, declaraties, meldingen",
        "Exports van de gemeente (demo: synthetische gegevens, zie data/raw/demo/README.md)",
        "Elke regel geaccepteerd of in quarantaine; BSN vervangen door gesleuteld pseudoniem.",
    ),
    (
        "Interventieprogramma",
        "Brief college aan de raad, 17 april 2019 (zaaknummer 2326315)",
        "Taakstelling per maatregel = structureel eindniveau in het eindjaar van het programma; zie docs/interventieprogramma.md.",
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


def _volumebladen(p: Path | None, jaren: tuple[int, int] | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import volumes
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

    tw = laad_tabel("toewijzingen", p)
    tellingen = ["aantal_clienten", "instroom_clienten", "uitstroom_clienten"]
    bladen = {}
    for naam, methode in (
        ("Volumes peildatum 1-1", "peildatum"),
        ("Volumes in loop van jaar", "loop_van_het_jaar"),
    ):
        tabel = volumes.jaarvolumes(tw, ("wet", "categorie"), methode=methode)
        tabel = volumes.zonder_gecensureerde_instroom(binnen_jaren(tabel, jaren))
        bladen[naam] = onderdruk_kleine_aantallen(tabel, tellingen, groep_kolommen=["jaar"])
    return bladen


def _meldingenbladen(p: Path | None, jaren: tuple[int, int] | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import meldingen
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

    tw, ml = laad_tabel("toewijzingen", p), laad_tabel("meldingen", p)
    doorloop = binnen_jaren(meldingen.doorlooptijd_per_maand(ml, periode="jaar"), jaren)
    wacht = binnen_jaren(
        meldingen.wachttijd_per_maand(meldingen.wachttijden(ml, tw), periode="jaar"), jaren
    )
    per_maand = binnen_jaren(meldingen.meldingen_per_maand(ml, groepen=("wet",)), jaren)

    def afgeleid(df: pd.DataFrame) -> list[str]:
        return [
            c
            for c in df.columns
            if c.startswith(("mediaan", "gemiddelde", "aandeel", "p25", "p75", "percentiel"))
        ]

    def tellingen(df: pd.DataFrame) -> list[str]:
        return [c for c in df.columns if c.startswith("aantal_")]

    return {
        "Meldingen per maand": onderdruk_kleine_aantallen(
            per_maand, ["aantal_meldingen"], groep_kolommen=["periode_maand"]
        ),
        "Doorlooptijden": onderdruk_kleine_aantallen(
            doorloop,
            tellingen(doorloop),
            groep_kolommen=["jaar"],
            afhankelijke_kolommen=afgeleid(doorloop),
        ),
        "Wachttijden": onderdruk_kleine_aantallen(
            wacht, tellingen(wacht), groep_kolommen=["jaar"], afhankelijke_kolommen=afgeleid(wacht)
        ),
    }


def _begrotingsbladen(p: Path | None, jaren: tuple[int, int] | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import begroting as budget
    from sdanalysis.analyse import pxq
    from sdanalysis.bouw.pipeline import laad_tabel

    begroting, productcodes = laad_tabel("begroting", p), laad_tabel("productcodes", p)
    gekoppeld = laad_tabel("declaraties_gekoppeld", p)
    niveaus = ["wet", "categorie", "aanbieder_agb"]
    cellen = pxq.pxq_cellen(gekoppeld, niveaus)
    kosten = pxq.kosten_per_client(gekoppeld, ["wet", "categorie"])
    aansluiting = budget.aansluiting_declaraties_realisatie(gekoppeld, begroting)
    jaar = int(kosten["jaar"].max()) if jaren is None else min(jaren[1], int(kosten["jaar"].max()))
    herbouw = budget.herbouw_begroting(kosten, begroting, productcodes, aansluiting, jaar)
    reconstructie = herbouw.reconstructie
    per_jaar = pxq.pxq_per_jaar(cellen, niveaus)
    return {
        "Begroting vs realisatie": budget.begroting_vs_realisatie(begroting),
        "PxQ per jaar": per_jaar,
        "Aansluiting declaraties": aansluiting,
        f"Herbouwde begroting {jaar}": reconstructie.drop(columns=["categorieen"], errors="ignore"),
    }


def binnen_jaren(df: pd.DataFrame, jaren: tuple[int, int] | None) -> pd.DataFrame:
    """Rows whose ``jaar`` (or month) lies in the requested years; others unchanged.

    Args:
        df: A sheet.
        jaren: First and last year, or ``None`` for all.

    Returns:
        The rows inside the range (a new frame).

    >>> df = pd.DataFrame({"jaar": [2019, 2020, 2021], "n": [1, 2, 3]})
    >>> binnen_jaren(df, (2020, 2021))["jaar"].tolist()
    [2020, 2021]
    """
    if jaren is None:
        return df
    if "jaar" in df.columns:
        jaar = pd.to_numeric(df["jaar"], errors="coerce")
    elif "periode_maand" in df.columns:
        jaar = pd.to_datetime(df["periode_maand"].astype(str), errors="coerce").dt.year
    else:
        return df
    return df[jaar.between(*jaren)].reset_index(drop=True)


def _groepen(inst: Instellingen, jaren: tuple[int, int] | None) -> list:
    p = inst.processed_dir
    return [
        ("Volumes", ("toewijzingen",), lambda: _volumebladen(p, jaren)),
        (
            "Meldingen en wachttijden",
            ("meldingen", "toewijzingen"),
            lambda: _meldingenbladen(p, jaren),
        ),
        (
            "Interventieprogramma",
            ("maatregelen", "effecten", "pakketten"),
            lambda: _besparingsbladen(p, inst),
        ),
        (
            "Begroting en P x Q",
            ("begroting", "productcodes", "declaraties_gekoppeld"),
            lambda: _begrotingsbladen(p, jaren),
        ),
        (
            "Aanbieders",
            ("toewijzingen", "declaraties_gekoppeld"),
            lambda: _aanbiedersbladen(p, inst),
        ),
        ("Iv3-benchmark", (), lambda: _benchmarkbladen(inst)),
    ]


def werkmap_tabellen(inst: Instellingen) -> dict[str, pd.DataFrame]:
    """All sheets of the workbook, in order, for the run's gemeente and years.

    A part whose tables are missing is left out and listed on the sheet "Niet opgenomen"
    with the reason; every sheet with a year is cut to ``inst.jaren`` (default: the data's
    full years).

    Args:
        inst: Settings of the run (processed folder, gemeente profile, years).

    Returns:
        Sheet name -> table of numbers.
    """
    from sdanalysis.bouw.pipeline import heeft_tabel, laad_tabel

    p = inst.processed_dir
    jaren = _jaren(inst)
    bladen: dict[str, pd.DataFrame] = {}
    niet_opgenomen = []
    for naam, nodig, maak in _groepen(inst, jaren):
        ontbreekt = [t for t in nodig if not heeft_tabel(t, p)]
        if ontbreekt:
            reden = "geen gegevens aangeleverd: " + ", ".join(ontbreekt)
            niet_opgenomen.append({"onderdeel": naam, "reden": reden})
            continue
        try:
            gemaakt = maak()
        except NietBeschikbaar as e:
            niet_opgenomen.append({"onderdeel": naam, "reden": str(e)})
            continue
        bladen.update({k: binnen_jaren(v, jaren) for k, v in gemaakt.items()})
    if niet_opgenomen:
        bladen["Niet opgenomen"] = pd.DataFrame(niet_opgenomen)
    bladen["Kwaliteit"] = laad_tabel("kwaliteit", p)
    bladen["Quarantaine"] = quarantaine_samenvatting(laad_tabel("quarantaine", p))
    bladen["Bronnen en definities"] = bronnen_en_definities()
    return bladen


class NietBeschikbaar(Exception):
    """A part of the workbook cannot be made from the data at hand (Dutch reason)."""


def _jaren(inst: Instellingen) -> tuple[int, int] | None:
    from sdanalysis.analyse.jaren import GeenJarenFout, jaren_in_gegevens
    from sdanalysis.bouw.pipeline import heeft_tabel, laad_tabel

    if not heeft_tabel("toewijzingen", inst.processed_dir):
        return inst.jaren
    tw = laad_tabel("toewijzingen", inst.processed_dir)
    try:
        return jaren_in_gegevens(tw["ingangsdatum"], inst.jaren, tot_en_met=_peildatum(tw))
    except GeenJarenFout:
        return inst.jaren


def _peildatum(tw: pd.DataFrame) -> pd.Timestamp:
    """End of the data: the latest start or (past) end date in the toewijzingen."""
    eind = pd.to_datetime(tw["einddatum"], errors="coerce")
    start = pd.to_datetime(tw["ingangsdatum"], errors="coerce")
    return max(start.max(), eind[eind <= start.max()].max() if eind.notna().any() else start.max())


def _besparingsbladen(p: Path | None, inst: Instellingen) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse.programma import programmasectie
    from sdanalysis.bouw.programma import laad_programma

    s = programmasectie(**laad_programma(p), programma=inst.profiel.programma)
    return {
        "Besparing per pakket": s.gap_pakket,
        "Besparing per project": s.gap_project,
        "Besparing per maatregel": s.gap_maatregel,
        f"Projecten {s.jaren.eindjaar}": s.projecten,
        "Controles programma": s.controles,
    }


def _aanbiedersbladen(p: Path | None, inst: Instellingen) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import aanbieders as providers
    from sdanalysis.bouw.pipeline import laad_tabel

    tw, g = laad_tabel("toewijzingen", p), laad_tabel("declaraties_gekoppeld", p)
    overzicht = providers.publiceerbaar_overzicht(providers.aanbieder_overzicht(tw, g))
    kosten_jw = providers.kosten_per_aanbieder(g, groepen=("jaar",), wet=providers.JEUGDWET)
    kosten_cat = providers.kosten_per_aanbieder(g, groepen=("categorie", "jaar"))
    drempel = inst.profiel.kernset_fractie
    return {
        "Aanbieders": overzicht,
        "Concentratie jeugdhulp": providers.concentratie(
            kosten_jw, groepen=("jaar",), drempel_aandeel=drempel
        ),
        "Concentratie per categorie": providers.concentratie(
            kosten_cat, groepen=("categorie", "jaar"), drempel_aandeel=drempel
        ),
    }


def _benchmarkbladen(inst: Instellingen) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import benchmark as bm
    from sdanalysis.bronnen.gemeenten import vul_profiel_aan
    from sdanalysis.bronnen.iv3 import laad_iv3_alle

    try:
        profiel = vul_profiel_aan(inst.profiel, inst.external_dir)
        iv3 = laad_iv3_alle(inst.external_dir)
    except (FileNotFoundError, ValueError) as e:
        raise NietBeschikbaar(f"geen Iv3- of gemeentegegevens: {e}") from None
    if profiel.cbs_code not in set(iv3["gemeentecode"]):
        raise NietBeschikbaar(f"{profiel.naam} ({profiel.cbs_code}) staat niet in de Iv3-bestanden")
    jaar = bm.laatste_jaar(iv3, "jaarrekening", profiel.cbs_code)
    if jaar is None:
        raise NietBeschikbaar(f"geen Iv3-jaarrekening van {profiel.naam} ({profiel.cbs_code})")
    bench = bm.benchmark_jaarrekening(
        iv3, profiel.cbs_code, jaar, niveau="reeks", groepen=profiel.vergelijking
    )
    achtervoegsel = f" {jaar}" if jaar else ""
    return {
        f"Iv3 benchmark{achtervoegsel}": bm.benchmark_overzicht(bench),
        f"Iv3 begroting vs rekening{achtervoegsel}": bm.begroting_vs_jaarrekening(
            iv3, profiel.cbs_code, jaar
        ),
    }
