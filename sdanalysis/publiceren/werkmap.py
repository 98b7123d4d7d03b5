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


#: One line per sheet for the "Inhoud" sheet; a key matches a sheet name or its start
#: (sheets such as "Herbouwde begroting <jaar>" carry a year).
BESCHRIJVINGEN: dict[str, str] = {
    "Volumes peildatum 1-1": "Cliënten in zorg op 1 januari en in- en uitstroom per jaar, wet en categorie.",
    "Volumes in loop van jaar": "Cliënten die ergens in het jaar zorg hadden, met in- en uitstroom, per wet en categorie.",
    "Meldingen per maand": "Aantal meldingen per maand en wet.",
    "Doorlooptijden": "Doorlooptijd van melding tot besluit per jaar en wet (mediaan, percentielen).",
    "Wachttijden": "Wachttijd van melding tot start van de eerste toewijzing per jaar en wet.",
    "Besparing per pakket": "Taakstelling, gerealiseerde besparing en verschil per pakket van het interventieprogramma.",
    "Besparing per project": "Taakstelling, besparing en verschil per project.",
    "Besparing per maatregel": "Taakstelling, besparing en verschil per maatregel, met herkomst van de taakstelling.",
    "Projecten": "Stand van de projecten in het eindjaar van het programma: wat gedaan, effect, status.",
    "Controles programma": "Controles op de programmagegevens: uitkomst en toelichting.",
    "Oordeel besparing": "Oordeel per jaar op gerealiseerd effect, met marge, bandbreedte, beslissende aannames en kanttekeningen.",
    "Oordeel per pakket": "Hetzelfde oordeel per pakket en jaar.",
    "Strijdigheden brief": "Plaatsen waar de brief zichzelf tegenspreekt of een taakstelling op eigen planning onhaalbaar is.",
    "Voorbehouden": "Afgeleide, vage en bedragloze effecten met de woorden van de brief en de redenering.",
    "Zorg toegewezen per aanbieder": "Uit de berichten (305/307): cliënten met een toewijzing en cliënten echt in zorg, laatste maand.",
    "Zorg wachttijd tot start": "Van toewijzing tot start van de zorg (305), Kaplan-Meier, per aanbieder en categorie.",
    "Zorg doorlooptijd verzoek": "Van verzoek om toewijzing (315) tot antwoord (319) of toewijzing, per wet en aanbieder.",
    "Zorg realisatie": "Deel van de toewijzingen waarop gedeclareerd is (323), per categorie.",
    "Zorg declaraties buiten periode": "Declaraties (deels) buiten de periode van hun toewijzing, per aanbieder.",
    "Begroting vs realisatie": "Begroting en realisatie per taakveldreeks en jaar, met het verschil.",
    "PxQ per jaar": "Verschil in kosten tussen jaren verdeeld in volume-, prijs-, mix- en interactie-effect.",
    "Aansluiting declaraties": "Aansluiting van gedeclareerde bedragen op de realisatie per taakveldreeks.",
    "Herbouwde begroting": "Begroting herbouwd uit prijs maal volume, vergeleken met de vastgestelde begroting.",
    "Aanbieders": "Cliënten in de loop van het jaar, trajecten, duur en kosten per aanbieder, categorie en jaar.",
    "Concentratie jeugdhulp": "Concentratie van de jeugdhulpkosten bij aanbieders per jaar (HHI, kernset).",
    "Concentratie per categorie": "Concentratie van de kosten bij aanbieders per categorie en jaar.",
    "Iv3 benchmark": "Lasten per inwoner per taakveld vergeleken met regio, gemeenteklasse en alle gemeenten.",
    "Iv3 begroting vs rekening": "Iv3-begroting en -jaarrekening per taakveld, met het verschil.",
    "Niet opgenomen": "Onderdelen die ontbreken in deze werkmap, met de reden.",
    "Kwaliteit": "Per bestand: regels gelezen, geaccepteerd en in quarantaine.",
    "Quarantaine": "Geweigerde regels geteld per tabel, bestand en reden.",
    "Bronnen en definities": "Bronnen, definities en onderdrukking van kleine aantallen.",
}


def beschrijvingen(bladen: list[str]) -> dict[str, str]:
    """The one-line description of each sheet (empty when none is known).

    >>> beschrijvingen(["Herbouwde begroting 2030", "Onbekend blad"])["Herbouwde begroting 2030"][:9]
    'Begroting'
    >>> beschrijvingen(["Onbekend blad"])
    {'Onbekend blad': ''}
    """
    uit = {}
    for blad in bladen:
        sleutel = max((k for k in BESCHRIJVINGEN if blad.startswith(k)), key=len, default=None)
        uit[blad] = BESCHRIJVINGEN[sleutel] if sleutel else ""
    return uit


def bronnen_en_definities(
    bron: str = "Exports van de gemeente", programma_bron: str | None = None
) -> pd.DataFrame:
    """The "Bronnen en definities" sheet: the run's own sources, then the fixed definitions.

    Args:
        bron: Source of the gemeente's data (the report's source line).
        programma_bron: Document the programme tables come from; ``None``: no programme row.

    Returns:
        Columns onderwerp, bron of definitie, toelichting.

    >>> b = bronnen_en_definities("Bron: exports gemeente Losser, stand 01-02-2025")
    >>> b.iloc[0, 1], len(b) == len(BRONNEN) + 1
    ('Exports gemeente Losser, stand 01-02-2025', True)
    """
    tekst = bron.removeprefix("Bron: ")
    eigen = [
        (
            "Toewijzingen, declaraties, meldingen",
            tekst[:1].upper() + tekst[1:],
            "Elke regel geaccepteerd of in quarantaine; BSN vervangen door gesleuteld pseudoniem.",
        )
    ]
    if programma_bron:
        eigen.append(
            (
                "Besparingsprogramma",
                programma_bron,
                "Taakstelling per maatregel = structureel eindniveau in het eindjaar van het "
                "programma; zie docs/interventieprogramma.md.",
            )
        )
    return pd.DataFrame(eigen + BRONNEN, columns=["onderwerp", "bron of definitie", "toelichting"])


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
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.weergave.suppressie import gepubliceerde_jaarvolumes

    tw = laad_tabel("toewijzingen", p)
    return {
        naam: gepubliceerde_jaarvolumes(tw, methode, jaren)
        for naam, methode in (
            ("Volumes peildatum 1-1", "peildatum"),
            ("Volumes in loop van jaar", "loop_van_het_jaar"),
        )
    }


def _meldingenbladen(p: Path | None, jaren: tuple[int, int] | None) -> dict[str, pd.DataFrame]:
    """The meldingen sheets: the tables notebook 06 shows, suppressed once for both."""
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.weergave.onderwerpen import gepubliceerde_meldingen

    return gepubliceerde_meldingen(laad_tabel("meldingen", p), laad_tabel("toewijzingen", p), jaren)


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
    try:
        herbouw: pd.DataFrame | NietBeschikbaar = budget.herbouw_begroting(
            kosten, begroting, productcodes, aansluiting, jaar
        ).reconstructie.drop(columns=["categorieen"], errors="ignore")
    except ValueError as e:  # e.g. too few years with prices: this sheet only is left out
        herbouw = NietBeschikbaar(str(e))
    per_jaar = pxq.pxq_per_jaar(cellen, niveaus)
    return {
        "Begroting vs realisatie": budget.begroting_vs_realisatie(begroting),
        "PxQ per jaar": per_jaar,
        "Aansluiting declaraties": aansluiting,
        f"Herbouwde begroting {jaar}": herbouw,
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
        ("Zorg uit de berichten", ("zorgmutaties",), lambda: _zorgbladen(p)),
        ("Iv3-benchmark", (), lambda: _benchmarkbladen(inst)),
        ("Iv3 begroting vs rekening", (), lambda: _iv3_begroting_vs_rekening(inst)),
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
        except (NietBeschikbaar, ValueError) as e:
            # a part the data cannot support (too few years, no prices) is named with the
            # analysis' Dutch reason; the rest of the workbook is still written
            niet_opgenomen.append({"onderdeel": naam, "reden": str(e)})
            continue
        for blad, tabel in gemaakt.items():
            if isinstance(tabel, NietBeschikbaar):  # one sheet of a part cannot be made
                niet_opgenomen.append({"onderdeel": blad, "reden": str(tabel)})
            else:
                bladen[blad] = binnen_jaren(tabel, jaren)
    if niet_opgenomen:
        bladen["Niet opgenomen"] = pd.DataFrame(niet_opgenomen)
    bladen["Kwaliteit"] = laad_tabel("kwaliteit", p)
    bladen["Quarantaine"] = quarantaine_samenvatting(laad_tabel("quarantaine", p))
    bladen["Bronnen en definities"] = _bronnen(inst)
    return bladen


def _bronnen(inst: Instellingen) -> pd.DataFrame:
    from sdanalysis.bouw.pipeline import bouwverslag
    from sdanalysis.weergave.bron import bronregel

    prog = inst.profiel.programma
    return bronnen_en_definities(
        bronregel(bouwverslag(inst.processed_dir), inst.gemeente),
        (prog.bron or "Programmatabellen van de gemeente") if prog else None,
    )


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
        "Oordeel besparing": s.oordeel_totaal,
        "Oordeel per pakket": s.oordeel_pakket,
        f"Projecten {s.jaren.eindjaar}": s.projecten,
        "Controles programma": s.controles,
        "Strijdigheden brief": s.strijdigheden,
        "Voorbehouden": s.voorbehouden,
    }


def _zorgbladen(p: Path | None) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import zorg
    from sdanalysis.bouw.pipeline import laad_aanwezige

    z = zorg.zorgsectie(laad_aanwezige(zorg.BERICHTTABELLEN, p))
    if z is None:
        raise NietBeschikbaar("geen iJw/iWmo-berichten met start en stop (305/307)")
    return zorg.publiceerbaar(z)


def _aanbiedersbladen(p: Path | None, inst: Instellingen) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import aanbieders as providers
    from sdanalysis.bouw.pipeline import laad_tabel
    from sdanalysis.weergave.onderwerpen import aanbiedersblad, gepubliceerde_aanbieders

    tw, g = laad_tabel("toewijzingen", p), laad_tabel("declaraties_gekoppeld", p)
    # the table notebook 05 shows its rows of: suppressed once for both
    overzicht = aanbiedersblad(gepubliceerde_aanbieders(tw, g))
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


def _iv3_en_profiel(inst: Instellingen):
    """The gemeente's completed profile and the Iv3 table, or NietBeschikbaar with why."""
    from sdanalysis.bronnen.gemeenten import vul_profiel_aan
    from sdanalysis.bronnen.iv3 import laad_iv3_alle

    try:
        profiel = vul_profiel_aan(inst.profiel, inst.external_dir)
        iv3 = laad_iv3_alle(inst.external_dir)
    except (FileNotFoundError, ValueError) as e:
        raise NietBeschikbaar(f"geen Iv3- of gemeentegegevens: {e}") from None
    if profiel.cbs_code not in set(iv3["gemeentecode"]):
        raise NietBeschikbaar(f"{profiel.naam} ({profiel.cbs_code}) staat niet in de Iv3-bestanden")
    return profiel, iv3


def _benchmarkbladen(inst: Instellingen) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import benchmark as bm

    profiel, iv3 = _iv3_en_profiel(inst)
    jaar = bm.laatste_jaar(iv3, "jaarrekening", profiel.cbs_code)
    if jaar is None:
        raise NietBeschikbaar(f"geen Iv3-jaarrekening van {profiel.naam} ({profiel.cbs_code})")
    bench = bm.benchmark_jaarrekening(
        iv3, profiel.cbs_code, jaar, niveau="reeks", groepen=profiel.vergelijking
    )
    return {f"Iv3 benchmark {jaar}": bm.benchmark_overzicht(bench)}


def _iv3_begroting_vs_rekening(inst: Instellingen) -> dict[str, pd.DataFrame]:
    from sdanalysis.analyse import benchmark as bm

    profiel, iv3 = _iv3_en_profiel(inst)
    vs = bm.begroting_vs_jaarrekening(iv3, profiel.cbs_code)  # latest year with both
    if vs.empty:
        raise NietBeschikbaar(
            f"geen jaar met zowel Iv3-begroting als -jaarrekening van {profiel.naam} "
            f"({profiel.cbs_code}) in de Iv3-bestanden"
        )
    return {f"Iv3 begroting vs rekening {int(vs['jaar'].iloc[0])}": vs}
