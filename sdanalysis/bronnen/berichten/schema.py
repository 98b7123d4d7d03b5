"""Message type from the root namespace, the official XSD, and schema errors in Dutch.

Every iJw/iWmo message names its standard, version and number in the namespace of its root
element (``http://www.istandaarden.nl/ijw/3_2/jw301/schema``). The schema of that message
is read from the public-data folder (``istandaarden_berichten_3_2``) and compiled once with
``lxml.etree.XMLSchema`` (libxml2). Validation reports every error with the element path;
:func:`nederlandse_reden` turns libxml2's English message into a Dutch reason without
repeating personal data.

>>> t = berichttype("{http://www.istandaarden.nl/iwmo/3_2/wmo307/schema}Bericht")
>>> t.naam, t.wet, t.retour
('WMO307', 'WMO', False)
>>> berichttype("{http://www.istandaarden.nl/ijw/3_2/jw302/schema}Bericht").retour
True
>>> berichttype("{urn:iets-anders}Bericht") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from sdanalysis.bronnen.bestanden import extern

#: Folder in the public-data folder with the iStandaarden XSDs (``<standaard>/xsd/``).
BERICHTEN_MAP = "istandaarden_berichten_3_2"
#: Versions of the standards this reader knows (namespace spelling).
BEKENDE_VERSIES = ("3_2",)

_NAMESPACE = re.compile(
    r"^\{http://www\.istandaarden\.nl/(ijw|iwmo)/(\d+_\d+)/(jw|wmo)(\d{3})/schema\}Bericht$"
)
_WET = {"ijw": "JW", "iwmo": "WMO"}
#: Retourberichten: the receiver's technical answer (302 to 301, ..., 325 to 323).
RETOUR_NUMMERS = frozenset({"302", "306", "308", "316", "318", "320", "325"})

#: Elements whose value may be shown in the quarantine (codes, dates, numbers); the value of
#: any other element (names, addresses, Bsn, free text) is masked.
_TOONBAAR = re.compile(
    r"(datum|Code|Categorie|Volume|Eenheid|Frequentie|Nummer|Bedrag|Tarief|Status|Reden|"
    r"Antwoord|Versie|Subversie|Type|DebetCredit|Raamcontract)$"
)
MASKER = "***"


class SchemaOntbreekt(LookupError):
    """No XSD for a message type in the public-data folder."""


@dataclass(frozen=True)
class Berichttype:
    """What the root namespace says about a message.

    Attributes:
        standaard: ``ijw`` or ``iwmo``.
        versie: Version as in the namespace (``3_2``).
        nummer: Message number (``301``).
        wet: ``JW`` or ``WMO`` (as in the contract column ``wet``).
        naam: ``JW301`` / ``WMO301``, the name of the XSD.
        retour: A retourbericht (the receiver's technical answer, :data:`RETOUR_NUMMERS`).
    """

    standaard: str
    versie: str
    nummer: str
    wet: str
    naam: str
    retour: bool


def berichttype(tag: str) -> Berichttype | None:
    """The message type of a root element tag (``{namespace}Bericht``), or None."""
    m = _NAMESPACE.match(tag)
    if m is None:
        return None
    standaard, versie, prefix, nummer = m.groups()
    naam = f"{prefix.upper()}{nummer}"
    return Berichttype(standaard, versie, nummer, _WET[standaard], naam, nummer in RETOUR_NUMMERS)


def schema_pad(t: Berichttype, external: Path | str | None = None) -> Path:
    """Path of the XSD of message type ``t`` (it may not exist)."""
    return extern(external) / BERICHTEN_MAP / t.standaard / "xsd" / f"{t.naam}.xsd"


@lru_cache(maxsize=64)
def _schema(pad: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(pad), parser))


def laad_schema(t: Berichttype, external: Path | str | None = None) -> etree.XMLSchema:
    """The compiled XSD of message type ``t`` (compiled once per process).

    Raises:
        SchemaOntbreekt: the XSD is not in the public-data folder (Dutch message).
    """
    schema = _schema_voor(t, str(extern(external)))
    if isinstance(schema, str):
        raise SchemaOntbreekt(schema)
    return schema


@lru_cache(maxsize=256)
def _schema_voor(t: Berichttype, external: str) -> etree.XMLSchema | str:
    """The schema, or the Dutch reason why there is none (both cached per type and folder)."""
    pad = schema_pad(t, external)
    if t.versie not in BEKENDE_VERSIES or not pad.exists():
        return (
            f"geen schema voor bericht {t.naam} versie {t.versie.replace('_', '.')} "
            f"(gezocht: {pad})"
        )
    return _schema(pad.resolve())


@dataclass(frozen=True)
class Schemafout:
    """One schema error: element path (document prefixes), element name, value, Dutch reason."""

    pad: str
    element: str
    waarde: str
    reden: str


def _lokaal(naam: str) -> str:
    """``{ns}Naam`` or ``prefix:Naam`` → ``Naam``."""
    return naam.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _verwacht(melding: str) -> str:
    m = re.search(r"Expected is(?: one of)? \(?\s*([^)]*?)\s*\)?\.?$", melding)
    if not m:
        return ""
    namen = [_lokaal(n.strip()) for n in m.group(1).split(",") if n.strip()]
    return f" (verwacht: {', '.join(namen)})" if namen else ""


def _type_omschrijving(melding: str) -> str:
    m = re.search(r"atomic type '([^']*)'", melding)
    if not m:
        return "waarde"
    naam = _lokaal(m.group(1)).removeprefix("LDT_")
    if "Datum" in naam:
        return "datum"
    return f"waarde voor {naam}"


_REDENEN = {
    "SCHEMAV_CVC_PATTERN_VALID": "waarde heeft niet de voorgeschreven vorm",
    "SCHEMAV_CVC_ENUMERATION_VALID": "waarde komt niet voor in de codelijst van de standaard",
    "SCHEMAV_CVC_MININCLUSIVE_VALID": "waarde is kleiner dan het minimum van de standaard",
    "SCHEMAV_CVC_MAXINCLUSIVE_VALID": "waarde is groter dan het maximum van de standaard",
    "SCHEMAV_CVC_LENGTH_VALID": "waarde heeft niet de voorgeschreven lengte",
    "SCHEMAV_CVC_MINLENGTH_VALID": "waarde is korter dan toegestaan",
    "SCHEMAV_CVC_MAXLENGTH_VALID": "waarde is langer dan toegestaan",
    "SCHEMAV_CVC_TOTALDIGITS_VALID": "waarde heeft te veel cijfers",
    "SCHEMAV_CVC_FRACTIONDIGITS_VALID": "waarde heeft te veel decimalen",
    "SCHEMAV_CVC_ELT_1": "het hoofdelement is geen bericht van dit schema",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_2": "attribuut is hier niet toegestaan",
    "SCHEMAV_CVC_COMPLEX_TYPE_4": "verplicht attribuut ontbreekt",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_3": "element mag geen tekst bevatten",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_1": "element moet leeg zijn",
}


def nederlandse_reden(type_naam: str, melding: str, element: str) -> str:
    """Dutch reason for one libxml2 schema error, without the value itself.

    Args:
        type_naam: libxml2 error type (``SCHEMAV_ELEMENT_CONTENT``).
        melding: libxml2's English message.
        element: Local name of the element the error is about.

    >>> nederlandse_reden("SCHEMAV_CVC_DATATYPE_VALID_1_2_1",
    ...     "Element 'X': '2027-06-31' is not a valid value of the atomic type 'ijw:LDT_Datum'.",
    ...     "ToewijzingEinddatum")
    'ToewijzingEinddatum: geen geldige datum volgens het schema'
    >>> nederlandse_reden("SCHEMAV_ELEMENT_CONTENT",
    ...     "Element 'a:RetourCode': This element is not expected. Expected is ( a:Code ).",
    ...     "RetourCode")
    'RetourCode: element wordt hier niet verwacht (verwacht: Code)'
    """
    if type_naam.startswith("SCHEMAV_CVC_DATATYPE_VALID") or type_naam == "SCHEMAV_CVC_TYPE_3_1_1":
        return f"{element}: geen geldige {_type_omschrijving(melding)} volgens het schema"
    if type_naam == "SCHEMAV_ELEMENT_CONTENT" or "COMPLEX_TYPE_2_4" in type_naam:
        if "Missing child" in melding:
            return f"{element}: verplicht onderdeel ontbreekt{_verwacht(melding)}"
        if "not expected" in melding:
            return f"{element}: element wordt hier niet verwacht{_verwacht(melding)}"
    if type_naam in _REDENEN:
        return f"{element}: {_REDENEN[type_naam]}"
    return f"{element}: voldoet niet aan het schema (foutsoort {type_naam})"


def _waarde(melding: str, element: str) -> str:
    m = re.search(r"': '([^']*)' is not", melding) or re.search(
        r"\[facet '[^']*'\] The value '([^']*)'", melding
    )
    if not m:
        return ""
    return m.group(1) if _TOONBAAR.search(element) else MASKER


def valideer(boom: etree._ElementTree, schema: etree.XMLSchema) -> list[Schemafout]:
    """All schema errors of one parsed message (empty list: valid).

    Values of elements that may hold personal data are masked (``***``).
    """
    if schema.validate(boom):
        return []
    uit = []
    for fout in schema.error_log:
        pad = fout.path or ""
        element = _lokaal(pad.rsplit("/", 1)[-1].split("[", 1)[0]) if pad else ""
        uit.append(
            Schemafout(
                pad=pad,
                element=element,
                waarde=_waarde(fout.message, element),
                reden=nederlandse_reden(fout.type_name, fout.message, element),
            )
        )
    return uit


def leesbaar_pad(pad: str) -> str:
    """An lxml element path without prefixes and root: the ``kolom`` of a quarantine record.

    >>> leesbaar_pad("/jw315:Bericht/jw315:Client/jw315:AangevraagdProduct[2]/jw315:Einddatum")
    'Client/AangevraagdProduct[2]/Einddatum'
    """
    delen = [d for d in pad.split("/") if d]
    return "/".join(
        _lokaal(d.split("[")[0]) + (("[" + d.split("[", 1)[1]) if "[" in d else "")
        for d in delen[1:]
    )
