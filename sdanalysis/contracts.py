"""Column contracts: one declaration per input table, the single source of truth.

Each table lists its columns with type, whether it is required, accepted synonyms
(matched case-, accent- and punctuation-insensitively) and, for codes, the code list
they must come from. Readers, validation, the build, the docs
(``docs/data-contract.md``) and the demo generator all read these declarations.

Field names follow the iStandaarden (iWmo/iJw 3.x) and the Gemeentelijk Gegevensmodel
where they exist (toewijzingnummer, productcategorie, productcode, ingangsdatum,
einddatum, volume, eenheid, frequentie).

>>> TABELLEN["toewijzingen"].kolom("einddatum").type
'datum'
>>> normaliseer_kolomnaam("  Ingangs-Datum ")
'ingangsdatum'
>>> sorted(TABELLEN)[:3]
['begroting', 'bevolking', 'declaraties']
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Column types understood by the validator.
TYPES = (
    "tekst",  # free text, stripped
    "code",  # code from a code list (string, leading zeros kept)
    "geheel",  # whole number (year, pakket)
    "getal",  # decimal number (volume)
    "bedrag",  # amount in euros, Dutch notation allowed (7 ton, 1,7 mln, PM)
    "datum",  # date: dd-mm-jjjj, d-m-jj, ISO, Excel serial
    "bsn",  # burgerservicenummer: 9 digits, elfproef; pseudonymised on load
    "agb",  # AGB code: 8 digits
    "janee",  # ja/nee
)

#: The one label for an unknown value in processed and analysed tables (a declaratie without
#: toewijzing, a missing level in a hierarchy, a categorie without taakveld).
ONBEKEND = "(onbekend)"

#: Dates a raw table may hold: a date before or after this window is quarantined with a
#: reason (``01-01-1900`` for "unknown", a typo such as ``2109``).
DATUM_VENSTER = (dt.date(1950, 1, 1), dt.date(2099, 12, 31))

#: A date in a column without open end may lie at most this many calendar years after the
#: year of the build (a planned start or decision); a later date is quarantined (``2099`` typed
#: for ``2019``). In a column with ``open_einde`` a later date is accepted with a note.
TOEKOMST_JAREN = 5

#: "No end" as municipal systems write it: 31 December or 1 January of this year or later
#: (``31-12-9999``, ``99991231``, ``2999-12-31``). In a column with ``open_einde`` it means
#: the same as an empty cell (lopend); elsewhere it is quarantined.
OPEN_EINDE_VANAF_JAAR = 2999


@dataclass(frozen=True)
class Kolom:
    """One column of an input contract.

    Attributes:
        naam: Canonical name (as in processed data).
        type: One of :data:`TYPES`.
        verplicht: The column must be present and every value filled.
        synoniemen: Other headers that mean this column.
        codelijst: Name of the code list (see :mod:`sdanalysis.codes`) for ``code`` columns.
        waarden: Allowed values for small fixed vocabularies (after lower-casing).
        omschrijving: Dutch description for the docs.
        pm_toegestaan: ``PM`` (not quantified) is accepted as missing and flagged.
        open_einde: A date column where empty means "no end" (lopend); the sentinel
            dates of :data:`OPEN_EINDE_VANAF_JAAR` then mean the same, and future dates
            are normal, also with a two-digit year.
    """

    naam: str
    type: str
    verplicht: bool = True
    synoniemen: tuple[str, ...] = ()
    codelijst: str | None = None
    waarden: tuple[str, ...] | None = None
    omschrijving: str = ""
    pm_toegestaan: bool = False
    open_einde: bool = False


@dataclass(frozen=True)
class Tabel:
    """Contract of one input table.

    Attributes:
        naam: Table name; raw files whose name starts with it belong to it.
        kolommen: The columns.
        sleutel: Columns that identify a record (duplicates are checked on these).
        verplicht: A build fails when no file for this table is found.
        omschrijving: Dutch description.
        client: The table identifies clients (``bsn`` or ``client_id``; one is required).
    """

    naam: str
    kolommen: tuple[Kolom, ...]
    sleutel: tuple[str, ...]
    verplicht: bool = False
    omschrijving: str = ""
    client: bool = False
    extra: dict = field(default_factory=dict)

    def kolom(self, naam: str) -> Kolom:
        """Return the column called ``naam``."""
        for k in self.kolommen:
            if k.naam == naam:
                return k
        raise KeyError(f"Tabel {self.naam} kent geen kolom {naam!r}")

    @property
    def namen(self) -> list[str]:
        """Canonical column names in contract order."""
        return [k.naam for k in self.kolommen]


_CLIENT = (
    Kolom(
        "bsn",
        "bsn",
        verplicht=False,
        synoniemen=(
            "burgerservicenummer",
            "bsn client",
            "bsn_client",
            "bsn jeugdige",
            "sofinummer",
        ),
        omschrijving="Burgerservicenummer; wordt bij inlezen vervangen door een gesleuteld pseudoniem.",
    ),
    Kolom(
        "client_id",
        "tekst",
        verplicht=False,
        synoniemen=(
            "clientnummer",
            "client nummer",
            "clientid",
            "client",
            "cliëntnummer",
            "persoonsnummer",
        ),
        omschrijving="Cliëntnummer uit het bronsysteem; wordt ook gepseudonimiseerd.",
    ),
)

_WET = Kolom(
    "wet",
    "code",
    synoniemen=("wetgeving", "domein", "regeling"),
    waarden=("wmo", "jw"),
    omschrijving="WMO of JW (Jeugdwet); 'Jeugd' en 'Jeugdwet' worden JW.",
)

TOEWIJZINGEN = Tabel(
    "toewijzingen",
    (
        Kolom(
            "toewijzingnummer",
            "tekst",
            synoniemen=(
                "toewijzing",
                "toewijzing nr",
                "toewijzingsnummer",
                "beschikkingnummer",
                "indicatienummer",
                "indicatie id",
            ),
            omschrijving="Uniek nummer van de toewijzing (iWmo/iJw).",
        ),
        *_CLIENT,
        _WET,
        Kolom(
            "productcategorie",
            "code",
            synoniemen=("product categorie", "categorie code", "productcat"),
            codelijst="productcategorie",
            omschrijving="iStandaard productcategorie (Wmo 01-18, Jeugd 31-55), twee cijfers.",
        ),
        Kolom(
            "productcode",
            "tekst",
            verplicht=False,
            synoniemen=("product code", "product"),
            omschrijving="Productcode van de gemeente of regio.",
        ),
        Kolom(
            "aanbieder_agb",
            "agb",
            synoniemen=(
                "agb",
                "agb code",
                "agbcode",
                "agb aanbieder",
                "zorgaanbieder agb",
                "aanbieder",
                "agb code aanbieder",
                "agb code zorgaanbieder",
                "aanbieder agb code",
                "zorgaanbieder agb code",
                "code aanbieder",
                "aanbiedercode",
            ),
            omschrijving="AGB-code van de aanbieder, 8 cijfers.",
        ),
        Kolom(
            "aanbieder_naam",
            "tekst",
            verplicht=False,
            synoniemen=(
                "naam aanbieder",
                "zorgaanbieder",
                "aanbiedernaam",
                "naam zorgaanbieder",
                "zorgaanbieder naam",
            ),
            omschrijving="Naam van de aanbieder.",
        ),
        Kolom(
            "ingangsdatum",
            "datum",
            synoniemen=(
                "startdatum",
                "begindatum",
                "datum ingang",
                "van",
                "ingangsdatum toewijzing",
                "begindatum toewijzing",
                "startdatum toewijzing",
                "ingang",
            ),
            omschrijving="Eerste dag van de toewijzing.",
        ),
        Kolom(
            "einddatum",
            "datum",
            verplicht=False,
            synoniemen=(
                "datum einde",
                "einddatum toewijzing",
                "tot",
                "t/m",
                "datum einde toewijzing",
                "einde",
            ),
            open_einde=True,
            omschrijving="Laatste dag (inclusief); leeg of 31-12-9999 = lopend.",
        ),
        Kolom(
            "volume",
            "getal",
            verplicht=False,
            synoniemen=(
                "omvang",
                "omvang volume",
                "aantal eenheden",
                "volume toewijzing",
                "omvang toewijzing",
            ),
            omschrijving="Omvang per frequentie (iStandaard Omvang.Volume).",
        ),
        Kolom(
            "eenheid",
            "code",
            verplicht=False,
            codelijst="eenheid",
            synoniemen=("omvang eenheid", "eenheid code", "eenheid toewijzing"),
            omschrijving="WJ756: 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82/84 stuks, 83 euro.",
        ),
        Kolom(
            "frequentie",
            "code",
            verplicht=False,
            codelijst="frequentie",
            synoniemen=("omvang frequentie", "frequentie toewijzing", "frequentie code"),
            omschrijving="WMO757: 1 per dag, 2 per week, 4 per maand, 6 totaal binnen geldigheidsduur.",
        ),
        Kolom(
            "tarief_eur",
            "bedrag",
            verplicht=False,
            synoniemen=("tarief", "prijs", "prijs per eenheid"),
            omschrijving="Tarief per eenheid in euro's.",
        ),
    ),
    sleutel=("toewijzingnummer",),
    verplicht=True,
    client=True,
    omschrijving="Toewijzingen (indicaties): één rij per toegewezen product.",
)

DECLARATIES = Tabel(
    "declaraties",
    (
        Kolom(
            "toewijzingnummer",
            "tekst",
            synoniemen=(
                "toewijzing",
                "toewijzingsnummer",
                "beschikkingnummer",
                "toewijzing nr",
                "beschikkingsnummer",
            ),
        ),
        Kolom(
            "periode_start",
            "datum",
            synoniemen=(
                "begindatum",
                "startdatum",
                "prestatie begindatum",
                "van",
                "begindatum prestatie",
                "periode van",
                "datum van",
            ),
        ),
        Kolom(
            "periode_eind",
            "datum",
            synoniemen=(
                "einddatum",
                "prestatie einddatum",
                "tot",
                "t/m",
                "einddatum prestatie",
                "periode tot",
                "datum tot",
            ),
        ),
        Kolom(
            "geleverd_volume",
            "getal",
            verplicht=False,
            synoniemen=(
                "volume",
                "geleverd",
                "aantal",
                "geleverde eenheden",
                "volume geleverd",
                "prestatie volume",
            ),
        ),
        Kolom("eenheid", "code", verplicht=False, codelijst="eenheid"),
        Kolom(
            "bedrag_eur",
            "bedrag",
            synoniemen=(
                "bedrag",
                "ingediend bedrag",
                "declaratiebedrag",
                "bedrag incl btw",
                "totaal",
                "bedrag declaratie",
                "goedgekeurd bedrag",
                "toegekend bedrag",
            ),
        ),
    ),
    sleutel=(
        "toewijzingnummer",
        "periode_start",
        "periode_eind",
        "geleverd_volume",
        "eenheid",
        "bedrag_eur",
    ),
    verplicht=False,
    omschrijving="Declaraties (gerealiseerde kosten); creditregels negatief.",
)

MELDINGEN = Tabel(
    "meldingen",
    (
        Kolom(
            "melding_id",
            "tekst",
            synoniemen=(
                "melding",
                "meldingnummer",
                "melding nr",
                "zaaknummer",
                "aanvraagnummer",
                "meldingsnummer",
                "zaak id",
            ),
        ),
        *_CLIENT,
        _WET,
        Kolom(
            "datum_melding",
            "datum",
            synoniemen=(
                "meldingsdatum",
                "datum aanmelding",
                "melddatum",
                "meldingdatum",
                "aanmelddatum",
            ),
        ),
        Kolom("datum_aanvraag", "datum", verplicht=False, synoniemen=("aanvraagdatum",)),
        Kolom(
            "datum_besluit",
            "datum",
            verplicht=False,
            synoniemen=("besluitdatum", "datum beschikking", "beschikkingsdatum", "datum besluit"),
        ),
        Kolom(
            "uitkomst",
            "code",
            verplicht=False,
            synoniemen=("resultaat", "besluit"),
            waarden=("toegekend", "afgewezen", "ingetrokken", "voorliggend", "lopend"),
            omschrijving="toegekend, afgewezen, ingetrokken, voorliggend (verwezen naar voorliggende voorziening) of lopend.",
        ),
    ),
    sleutel=("melding_id",),
    client=True,
    omschrijving="Meldingen en aanvragen Wmo en Jeugd.",
)

BEGROTING = Tabel(
    "begroting",
    (
        Kolom("jaar", "geheel", synoniemen=("begrotingsjaar", "boekjaar")),
        Kolom("taakveld", "code", synoniemen=("taakveld code", "iv3 taakveld", "taakveldcode")),
        Kolom(
            "omschrijving", "tekst", verplicht=False, synoniemen=("taakveld omschrijving", "naam")
        ),
        Kolom(
            "soort",
            "code",
            waarden=("primitief", "gewijzigd", "realisatie"),
            synoniemen=("versie", "begrotingssoort", "stand"),
        ),
        Kolom("bedrag_eur", "bedrag", synoniemen=("bedrag", "lasten", "lasten eur")),
    ),
    sleutel=("jaar", "taakveld", "soort"),
    omschrijving="Begroting (primitief, gewijzigd) en realisatie per Iv3-taakveld en jaar (lasten).",
)

MAATREGELEN = Tabel(
    "maatregelen",
    (
        Kolom("pakket", "geheel", synoniemen=("maatregelenpakket",)),
        Kolom(
            "maatregel_code", "tekst", verplicht=False, synoniemen=("code", "nummer", "paragraaf")
        ),
        Kolom("maatregel", "tekst", synoniemen=("omschrijving", "naam maatregel")),
        Kolom("project", "tekst", verplicht=False),
        Kolom(
            "jaar",
            "geheel",
            verplicht=False,
            omschrijving="Jaar waarop de taakstelling slaat; leeg als de brief geen jaar noemt.",
        ),
        Kolom(
            "taakstelling_eur",
            "bedrag",
            verplicht=False,
            pm_toegestaan=True,
            synoniemen=("taakstelling",),
        ),
        Kolom("wat_gedaan", "tekst", verplicht=False),
        Kolom("effect_tekst", "tekst", verplicht=False, synoniemen=("effect",)),
        Kolom("bron", "tekst", omschrijving="Vindplaats in de brief (datum, tabel, regel)."),
        Kolom(
            "eerste_effectjaar",
            "geheel",
            verplicht=False,
            omschrijving="Eerste jaar waarin de brief een financieel effect verwacht; leeg als "
            "de brief het niet zegt.",
        ),
        Kolom(
            "eerste_effectjaar_citaat",
            "tekst",
            verplicht=False,
            omschrijving="De woorden van de brief waarop eerste_effectjaar steunt.",
        ),
    ),
    sleutel=("pakket", "maatregel_code", "maatregel", "project", "jaar"),
    omschrijving="Maatregelen van het Interventieprogramma met hun taakstelling.",
)

PAKKETTEN = Tabel(
    "pakketten",
    (
        Kolom("pakket", "geheel"),
        Kolom("naam", "tekst", verplicht=False),
        Kolom("jaar", "geheel", verplicht=False),
        Kolom("taakstelling_eur", "bedrag", verplicht=False, pm_toegestaan=True),
        Kolom("structureel", "janee", verplicht=False),
        Kolom("bron", "tekst"),
        Kolom(
            "kanttekening",
            "tekst",
            verplicht=False,
            omschrijving="Voorbehoud dat de brief zelf bij dit pakket en jaar maakt (citaat).",
        ),
    ),
    sleutel=("pakket", "jaar"),
    omschrijving="Door de brief genoemde taakstelling per maatregelenpakket en jaar.",
)

EFFECTEN = Tabel(
    "effecten",
    (
        Kolom("pakket", "geheel", verplicht=False),
        Kolom("maatregel_code", "tekst", verplicht=False),
        Kolom("project", "tekst", verplicht=False),
        Kolom("jaar", "geheel", verplicht=False),
        Kolom("bedrag_eur", "bedrag", verplicht=False, pm_toegestaan=True),
        Kolom("soort", "code", waarden=("gerealiseerd", "verwacht", "berekend")),
        Kolom("structureel", "janee", verplicht=False),
        Kolom("omschrijving", "tekst", verplicht=False),
        Kolom("bron", "tekst"),
        Kolom(
            "bedrag_laag_eur",
            "bedrag",
            verplicht=False,
            omschrijving="Ondergrens van een bedrag dat de brief bij benadering noemt.",
        ),
        Kolom(
            "bedrag_hoog_eur",
            "bedrag",
            verplicht=False,
            omschrijving="Bovengrens van een bedrag dat de brief bij benadering noemt.",
        ),
        Kolom(
            "afleiding",
            "tekst",
            verplicht=False,
            omschrijving="Redenering achter een bedrag dat de brief niet noemt (afgeleid).",
        ),
        Kolom("citaat", "tekst", verplicht=False, omschrijving="Letterlijke woorden van de brief."),
        Kolom(
            "jaar_elders",
            "geheel",
            verplicht=False,
            omschrijving="Jaar dat een andere passage van de bron (bijv. de bijlage) voor "
            "hetzelfde effect geeft; leeg als die niets anders zegt.",
        ),
    ),
    sleutel=("pakket", "maatregel_code", "project", "jaar", "soort", "bedrag_eur", "omschrijving"),
    omschrijving="Gerealiseerde, verwachte en berekende effecten per maatregel of project.",
)

PRODUCTCODES = Tabel(
    "productcodes",
    (
        _WET,
        Kolom("productcategorie", "code", codelijst="productcategorie"),
        Kolom(
            "productcode",
            "tekst",
            verplicht=False,
            omschrijving="Leeg = standaard voor de hele productcategorie.",
        ),
        Kolom(
            "categorie",
            "tekst",
            omschrijving="Analysecategorie, bijv. Verblijf LVG, Basis GGZ, Dagbesteding.",
        ),
        Kolom(
            "taakveld",
            "code",
            verplicht=False,
            omschrijving="Iv3-taakveld (indeling 2023-2024) van deze categorie.",
        ),
    ),
    sleutel=("wet", "productcategorie", "productcode"),
    omschrijving="Vertaling van productcodes naar analysecategorieën van de gemeente.",
)

BEVOLKING = Tabel(
    "bevolking",
    (
        Kolom("gemeente", "tekst"),
        Kolom("jaar", "geheel"),
        Kolom("leeftijdsgroep", "tekst", synoniemen=("leeftijd", "leeftijdsklasse")),
        Kolom("aantal", "geheel", synoniemen=("inwoners", "aantal inwoners")),
    ),
    sleutel=("gemeente", "jaar", "leeftijdsgroep"),
    omschrijving="Bevolking per leeftijdsgroep op 1 januari (totaal, 0-17, 18+, ...).",
)

_AANBIEDER_AGB = Kolom(
    "aanbieder_agb",
    "agb",
    synoniemen=("agb", "agb code", "aanbieder"),
    omschrijving="AGB-code van de aanbieder.",
)
_LEEFTIJDSGROEP = Kolom(
    "leeftijdsgroep",
    "tekst",
    verplicht=False,
    omschrijving="Leeftijdsgroep op de datum van de regel (uit de geboortedatum; die zelf wordt niet bewaard).",
)
_OMVANG = (
    Kolom("volume", "getal", verplicht=False, omschrijving="Omvang.Volume."),
    Kolom("eenheid", "code", verplicht=False, codelijst="eenheid"),
    Kolom("frequentie", "code", verplicht=False, codelijst="frequentie"),
)

ZORGMUTATIES = Tabel(
    "zorgmutaties",
    (
        Kolom("toewijzingnummer", "tekst", synoniemen=("toewijzing", "toewijzingsnummer")),
        *_CLIENT,
        _WET,
        Kolom("productcategorie", "code", verplicht=False, codelijst="productcategorie"),
        Kolom("productcode", "tekst", verplicht=False),
        _AANBIEDER_AGB,
        Kolom(
            "soort",
            "code",
            waarden=("start", "stop"),
            omschrijving="start (305 start zorg) of stop (307 stop zorg).",
        ),
        Kolom("begindatum", "datum", omschrijving="Eerste dag van de zorg."),
        Kolom(
            "einddatum", "datum", verplicht=False, omschrijving="Laatste dag van de zorg (stop)."
        ),
        Kolom(
            "reden_beeindiging",
            "tekst",
            verplicht=False,
            omschrijving="RedenBeeindiging (codelijst van de iStandaard), alleen bij stop.",
        ),
        Kolom(
            "status_aanlevering",
            "code",
            verplicht=False,
            waarden=("1", "2", "3", "9"),
            omschrijving="1 eerste aanlevering, 2 gewijzigd, 3 verwijderen, 9 ongewijzigd.",
        ),
        Kolom(
            "datum_bericht", "datum", verplicht=False, omschrijving="Dagtekening van het bericht."
        ),
        _LEEFTIJDSGROEP,
    ),
    sleutel=("toewijzingnummer", "soort", "begindatum"),
    client=True,
    omschrijving="Start en stop van zorg per toewijzing (iJw/iWmo 305 en 307), stand na correcties.",
)

VERZOEKEN = Tabel(
    "verzoeken",
    (
        Kolom("referentie_aanbieder", "tekst", omschrijving="ReferentieAanbieder van het verzoek."),
        Kolom(
            "soort",
            "code",
            waarden=("toewijzing", "wijziging"),
            omschrijving="toewijzing (315) of wijziging (317).",
        ),
        *_CLIENT,
        _WET,
        _AANBIEDER_AGB,
        Kolom("datum_verzoek", "datum", omschrijving="Dagtekening van het verzoek."),
        Kolom(
            "toewijzingnummer",
            "tekst",
            verplicht=False,
            omschrijving="Te wijzigen toewijzing (317).",
        ),
        Kolom("productcategorie", "code", verplicht=False, codelijst="productcategorie"),
        Kolom("productcode", "tekst", verplicht=False),
        Kolom("ingangsdatum", "datum", verplicht=False, omschrijving="Gewenste ingangsdatum."),
        Kolom("einddatum", "datum", verplicht=False, open_einde=True),
        *_OMVANG,
        Kolom("verwijzer_type", "tekst", verplicht=False, omschrijving="Verwijzer.Type (315)."),
        Kolom("reden_verzoek", "tekst", verplicht=False, omschrijving="RedenVerzoek (317)."),
        _LEEFTIJDSGROEP,
    ),
    sleutel=(
        "aanbieder_agb",
        "referentie_aanbieder",
        "soort",
        "toewijzingnummer",
        "productcategorie",
        "productcode",
        "ingangsdatum",
    ),
    client=True,
    omschrijving="Verzoeken om toewijzing (315) en om wijziging (317), per gevraagd product.",
)

ANTWOORDEN = Tabel(
    "verzoekantwoorden",
    (
        Kolom("referentie_aanbieder", "tekst", omschrijving="ReferentieAanbieder van het verzoek."),
        _AANBIEDER_AGB,
        _WET,
        Kolom("datum_antwoord", "datum", omschrijving="Dagtekening van het antwoord."),
        Kolom(
            "verzoek_antwoord",
            "code",
            waarden=("afgewezen", "in onderzoek"),
            omschrijving="VerzoekAntwoord (319); een toewijzing volgt als 301.",
        ),
        Kolom("reden_afwijzing", "tekst", verplicht=False, omschrijving="RedenAfwijzingVerzoek."),
    ),
    sleutel=("aanbieder_agb", "referentie_aanbieder", "datum_antwoord"),
    omschrijving="Antwoorden van de gemeente op verzoeken (319).",
)

#: Tables filled from iJw/iWmo messages only (also readable as CSV with these names).
BERICHT_TABELLEN: dict[str, Tabel] = {t.naam: t for t in (ZORGMUTATIES, VERZOEKEN, ANTWOORDEN)}

TABELLEN: dict[str, Tabel] = {
    t.naam: t
    for t in (
        TOEWIJZINGEN,
        DECLARATIES,
        MELDINGEN,
        BEGROTING,
        MAATREGELEN,
        PAKKETTEN,
        EFFECTEN,
        PRODUCTCODES,
        BEVOLKING,
        *BERICHT_TABELLEN.values(),
    )
}

#: Columns added by the build to every processed table (traceability to the raw file).
HERKOMST_KOLOMMEN = ("bronbestand", "bronrij")

#: Columns of the quarantine table.
QUARANTAINE_KOLOMMEN = ("tabel", "bestand", "rij", "kolom", "waarde", "reden")


def normaliseer_kolomnaam(naam: object) -> str:
    """Reduce a header to letters and digits, lower case, without accents.

    >>> normaliseer_kolomnaam("Cliënt-nummer")
    'clientnummer'
    >>> normaliseer_kolomnaam("Bedrag (€)")
    'bedrag'
    """
    tekst = unicodedata.normalize("NFKD", str(naam))
    tekst = "".join(c for c in tekst if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", tekst.lower())


def kolom_lookup(tabel: Tabel) -> dict[str, str]:
    """Map every normalised name and synonym to the canonical column name.

    >>> kolom_lookup(TOEWIJZINGEN)["startdatum"]
    'ingangsdatum'
    """
    lookup: dict[str, str] = {}
    for k in tabel.kolommen:
        for naam in (k.naam, *k.synoniemen):
            lookup.setdefault(normaliseer_kolomnaam(naam), k.naam)
    return lookup


def tabel_voor_bestand(bestandsnaam: str) -> str | None:
    """Table a raw file belongs to, from the start of its name.

    >>> tabel_voor_bestand("Toewijzingen_2019.xlsx")
    'toewijzingen'
    >>> tabel_voor_bestand("notities.txt") is None
    True
    """
    stam = bestandsnaam.lower()
    for naam in sorted(TABELLEN, key=len, reverse=True):
        if stam.startswith(naam):
            return naam
    return None


def contract_markdown() -> str:
    """The data contract as Markdown; ``docs/data-contract.md`` is generated from it.

    >>> "## toewijzingen" in contract_markdown()
    True
    """
    uit = [
        "# Datacontract",
        "",
        "Gegenereerd uit `sdanalysis/contracts.py` (`sdanalysis contract > docs/data-contract.md`);",
        "een test controleert dat dit bestand gelijk is aan de code. Een bronbestand hoort bij een",
        "tabel als de bestandsnaam met de tabelnaam begint (`toewijzingen_2019.xlsx`). Kolomnamen",
        "worden herkend ongeacht hoofdletters, accenten, spaties en leestekens; synoniemen staan erbij.",
        "",
        "Typen: `tekst`; `code` (uit een codelijst, voorloopnullen blijven); `geheel`; `getal`",
        "(Nederlandse notatie `1.234,5` toegestaan); `bedrag` (ook `€ 1.500.000`, `7 ton`, `1,7 mln`,",
        "`-€ 20.000`, `(20.000)`; `PM` = niet gekwantificeerd, alleen waar toegestaan, nooit nul);",
        "`datum` (`dd-mm-jjjj`, `d-m-jj`, ISO, `jjjjmmdd`, Excel-datumgetal); `bsn` (elfproef, wordt",
        "bij inlezen een gesleuteld pseudoniem `client_id`); `agb` (8 cijfers); `janee`. Woorden als",
        "`ton` en `mln` gelden alleen in bedragkolommen; getallen van 16 cijfers of meer voor de komma",
        "worden geweigerd.",
        "",
        f"Datums moeten liggen tussen {DATUM_VENSTER[0]:%d-%m-%Y} en {DATUM_VENSTER[1]:%d-%m-%Y}.",
        f"`31-12-9999` en verwanten (31 december of 1 januari van {OPEN_EINDE_VANAF_JAAR} of later)",
        "betekenen 'geen einde': in een kolom met open einde (`einddatum` van toewijzingen) is dat",
        "lopend, zoals een lege cel; in andere kolommen gaat de regel in quarantaine. Een jaar in",
        "twee cijfers (`1-2-19`) is 2000-2069 of 1970-1999; valt het daarmee na de dag van de bouw,",
        "dan gaat de regel in quarantaine (behalve in een kolom met open einde).",
        f"Een datum meer dan {TOEKOMST_JAREN} jaar na het jaar van de bouw gaat in quarantaine,",
        "behalve in een kolom met open einde: daar krijgt hij een opmerking ('bedoelt u geen einde?').",
        "",
        "Het decimaalteken wordt per kolom één keer bepaald uit alle cellen: in een kolom met een punt",
        "als decimaalteken is `1.500` anderhalf, met een opmerking; spreken cellen elkaar tegen, dan",
        "volgt een waarschuwing en gaan dubbelzinnige cellen (`1.500`: 1500 of 1,5?) in quarantaine.",
        "Een taakveld in de begroting moet gelden in het jaar van de regel (crosswalk in",
        "`docs/taakvelden.md`); zo niet, dan gaat de regel in quarantaine met de opvolger in dat jaar.",
        "",
        "iJw- en iWmo-berichten (`.xml`, ook in `.zip`) worden gelezen naast de tabellen: zie",
        "`docs/berichten.md`. Elk ander bestand in een bronmap wordt gelezen of in het bouwverslag",
        "genoemd met de reden waarom niet.",
        "",
        "Een CSV-regel met meer gevulde of minder velden dan de kopregel gaat in quarantaine. Een decimale",
        "komma zonder aanhalingstekens in een komma-CSV (`12,50` als twee velden) wordt alleen",
        "hersteld als precies één samenvoeging een getal in een getal- of bedragkolom oplevert; dat",
        "staat dan in de opmerkingen. Een los cp1252-teken in een UTF-8-bestand wordt per regel",
        "gelezen en gemeld. Gelezen worden `.csv`, `.txt`, `.tsv` (ook gecomprimeerd als `.gz`),",
        "`.xlsx`, `.xlsm`, en met het pakket `python-calamine` ook `.xls`, `.xlsb` en `.ods`.",
        "Verborgen werkbladen worden overgeslagen als een zichtbaar blad de tabel bevat; dat staat",
        "in de opmerkingen.",
        "",
        "Elke regel wordt geaccepteerd of in quarantaine gezet (bestand, rij zoals in Excel, kolom,",
        "reden). Dubbele sleutels: identieke regels worden ontdubbeld (kopie in quarantaine), regels",
        "met afwijkende inhoud worden allemaal geweigerd.",
        "",
    ]
    for t in TABELLEN.values():
        uit += [f"## {t.naam}", "", t.omschrijving, ""]
        uit.append(
            f"Sleutel: {', '.join(t.sleutel)}. "
            + ("Verplichte tabel. " if t.verplicht else "")
            + ("Cliënt: `bsn` of `client_id` verplicht." if t.client else "")
        )
        uit += [
            "",
            "| kolom | type | verplicht | synoniemen | codes | omschrijving |",
            "|---|---|---|---|---|---|",
        ]
        for k in t.kolommen:
            codes = k.codelijst or (", ".join(k.waarden) if k.waarden else "")
            if k.pm_toegestaan:
                codes = (codes + " PM toegestaan").strip()
            if k.open_einde:
                codes = (codes + " open einde (31-12-9999 = lopend)").strip()
            uit.append(
                f"| `{k.naam}` | {k.type} | {'ja' if k.verplicht else 'nee'} | {', '.join(k.synoniemen)} "
                f"| {codes} | {k.omschrijving} |"
            )
        uit.append("")
    uit += [
        "## Verwerkte tabellen",
        "",
        "De bouw schrijft per tabel `data/processed/<tabel>.parquet` met de kolommen hierboven",
        "(zonder `bsn`; `client_id` is het pseudoniem), plus `bronbestand` en `bronrij`.",
        "`toewijzingen` krijgt `categorie` en `taakveld` uit `productcodes` (eerst op productcode,",
        "dan de standaard van de productcategorie, anders de omschrijving van de productcategorie).",
        "Bedragkolommen met PM krijgen een vlag `<naam>_pm`. Verder: `quarantaine.parquet`",
        f"({', '.join(QUARANTAINE_KOLOMMEN)}), `kwaliteit.parquet` (per tabel en bestand: rijen gelezen,",
        "geaccepteerd, geweigerd) en `bouwverslag.json`.",
        "",
    ]
    return "\n".join(uit)


def als_tuple(kolommen: str | Iterable[str] | None) -> tuple[str, ...]:
    """One column name, several, or none, as a tuple.

    >>> als_tuple("categorie"), als_tuple(["wet", "categorie"]), als_tuple(None)
    (('categorie',), ('wet', 'categorie'), ())
    """
    if kolommen is None:
        return ()
    if isinstance(kolommen, str):
        return (kolommen,)
    return tuple(kolommen)


def vereis_kolommen(df: object, kolommen: Iterable[str], tabel: str = "invoer") -> None:
    """Raise a Dutch error when ``df`` is no DataFrame or lacks any of ``kolommen``.

    The one check every analysis uses on its input.

    >>> import pandas as pd
    >>> vereis_kolommen(pd.DataFrame({"jaar": [2019]}), ["jaar", "bedrag_eur"], "begroting")
    Traceback (most recent call last):
    ...
    ValueError: De tabel begroting mist de kolom(men) bedrag_eur; die ontbreken (verwacht minstens: jaar, bedrag_eur; aanwezig: jaar).
    """
    import pandas as pd

    kolommen = list(kolommen)
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"Verwacht een DataFrame met {tabel}, kreeg {type(df).__name__}.")
    ontbreekt = [k for k in kolommen if k not in df.columns]
    if ontbreekt:
        raise ValueError(
            f"De tabel {tabel} mist de kolom(men) {', '.join(ontbreekt)}; die ontbreken "
            f"(verwacht minstens: {', '.join(kolommen)}; aanwezig: {', '.join(map(str, df.columns))})."
        )
