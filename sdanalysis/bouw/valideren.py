"""Validation against the contracts: every row is accepted or quarantined, none lost.

:func:`valideer_bestand` types the raw cells of one file by its table contract and
splits the rows into accepted rows (typed, BSN replaced by a pseudonym) and quarantine
records (file, row as seen in Excel, column, value, Dutch reason). :func:`ontdubbel`
handles duplicates over all files of a table. For every file and table:
rows read = rows accepted + rows quarantined.

>>> from sdanalysis.contracts import BEGROTING
>>> ruw = pd.DataFrame({"Jaar": ["2019", "2019"], "Taakveld": ["6.71", "6.72"],
...                     "Soort": ["primitief", "raming"], "Bedrag": ["€ 1,5 mln", "7 ton"]})
>>> res = valideer_frame(ruw, BEGROTING, bestand="b.csv", rijnummers=[2, 3], sleutel=b"k")
>>> res.geaccepteerd["bedrag_eur"].tolist(), res.rijen_geweigerd
([1500000.0], 1)
>>> res.quarantaine[["rij", "kolom", "reden"]].values.tolist()
[[3, 'soort', "onbekende waarde 'raming'; toegestaan: primitief, gewijzigd, realisatie"]]
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import codes as codemod
from sdanalysis import contracts
from sdanalysis.bouw.getallen import (
    GEMENGD,
    PM,
    heeft_tijd,
    heeft_tweecijferig_jaar,
    kolom_decimaalteken,
    lees_datum,
    parse_bedrag,
)
from sdanalysis.bouw.lezen import (
    RIJFOUT_KOLOM,
    FormuleZonderWaarde,
    LeesFout,
    RuwBestand,
    is_totaalregel,
    lees_bladen,
)
from sdanalysis.bouw.privacy import (
    elfproef,
    maskeer_bsn,
    maskeer_waarde_bsn_kolom,
    normaliseer_bsn,
    pseudonimiseer,
)
from sdanalysis.contracts import (
    QUARANTAINE_KOLOMMEN,
    Kolom,
    Tabel,
    kolom_lookup,
    normaliseer_kolomnaam,
)
from sdanalysis.taakvelden import taakveld_reden

logger = logging.getLogger(__name__)

MASKER = "***"

#: Spellings of the wet that are accepted, normalised to WMO / JW.
WET_SYNONIEMEN = {
    "wmo": "WMO",
    "wmo2015": "WMO",
    "wetmaatschappelijkeondersteuning": "WMO",
    "jw": "JW",
    "jeugd": "JW",
    "jeugdwet": "JW",
    "jeugdhulp": "JW",
}
#: Spellings of begroting soort.
SOORT_SYNONIEMEN = {
    "primitief": "primitief",
    "primitievebegroting": "primitief",
    "begrotingprimitief": "primitief",
    "gewijzigd": "gewijzigd",
    "gewijzigdebegroting": "gewijzigd",
    "nawijziging": "gewijzigd",
    "begrotingnawijziging": "gewijzigd",
    "realisatie": "realisatie",
    "rekening": "realisatie",
    "jaarrekening": "realisatie",
    "werkelijk": "realisatie",
}
JA = {"ja", "j", "yes", "y", "true", "waar", "1", "structureel"}
NEE = {"nee", "n", "no", "false", "onwaar", "0", "eenmalig", "incidenteel"}

_FORMULE_REDEN = (
    "formule zonder berekende waarde: het bestand is opgeslagen zonder dat de formule is "
    "uitgerekend; open het in Excel, laat het herberekenen en sla het opnieuw op"
)

#: Internal marker of a parser: the date means "no end" (lopend) in an open-end column.
_LOPEND = "__lopend__"

_QUARANTAINE_TYPES = {
    "rij": "Int64",
    "waarde": "string",
    "reden": "string",
    "tabel": "string",
    "bestand": "string",
    "kolom": "string",
}

Parser = Callable[[object], tuple[object, str | None]]


class ContractFout(LeesFout):
    """A file lacks a required column of its table (fatal for that file)."""


@dataclass
class Resultaat:
    """Outcome of validating one file.

    Attributes:
        tabel: Table name.
        bestand: File name (as recorded in the quarantine).
        geaccepteerd: Typed accepted rows with ``bronbestand`` and ``bronrij``.
        quarantaine: One record per problem: tabel, bestand, rij, kolom, waarde, reden.
        rijen_gelezen: Data rows read (empty lines excluded).
        rijen_geweigerd: Distinct rows quarantined.
        opmerkingen: Dutch notes (header row, ignored columns, ...).
    """

    tabel: str
    bestand: str
    geaccepteerd: pd.DataFrame
    quarantaine: pd.DataFrame
    rijen_gelezen: int
    rijen_geweigerd: int
    opmerkingen: list[str] = field(default_factory=list)

    @property
    def rijen_geaccepteerd(self) -> int:
        """Number of accepted rows."""
        return len(self.geaccepteerd)


def lege_quarantaine() -> pd.DataFrame:
    """An empty quarantine table with the right columns and types.

    >>> list(lege_quarantaine().columns)
    ['tabel', 'bestand', 'rij', 'kolom', 'waarde', 'reden']
    """
    return pd.DataFrame(
        {k: pd.Series(dtype="Int64" if k == "rij" else "string") for k in QUARANTAINE_KOLOMMEN}
    )


def _leeg(v: object) -> bool:
    return (
        v is None
        or (isinstance(v, float) and math.isnan(v))
        or (isinstance(v, str) and not v.strip())
    )


def _per_cel(bron: pd.Series, func: Callable[[object], bool], tekst_kan: bool = True) -> pd.Series:
    """``func`` per cell as a bool Series; for a categorical column once per category.

    Categories that are all text skip the Python call where the answer is certain:
    ``tekst_kan=False`` says ``func`` is False for any text, and for :func:`_leeg` a text
    with a letter or digit is not empty (checked in Arrow, for columns with a million
    distinct values).

    >>> s = pd.Series(["a", " ", "a"], dtype="category")
    >>> _per_cel(s, _leeg).tolist()
    [False, True, False]
    """
    if not isinstance(bron.dtype, pd.CategoricalDtype):
        return bron.map(func).astype(bool)
    cats = bron.cat.categories
    codes = bron.cat.codes.to_numpy()
    uit_c = np.zeros(len(cats), dtype=bool)
    if cats.inferred_type == "string":
        if tekst_kan:
            import pyarrow as pa
            import pyarrow.compute as pc

            arr = pa.array(cats.to_numpy(dtype=object), type=pa.string())
            zeker_niet = pc.match_substring_regex(arr, "[0-9A-Za-z]").to_numpy(zero_copy_only=False)
            for i in np.flatnonzero(~zeker_niet):
                uit_c[i] = bool(func(cats[i]))
    else:
        uit_c = np.array([bool(func(c)) for c in cats], dtype=bool)
    rij = np.where(codes < 0, False, uit_c[np.maximum(codes, 0)]) if len(cats) else codes < -1
    if (codes < 0).any():
        rij = rij | ((codes < 0) & bool(func(None)))
    return pd.Series(rij, index=bron.index, dtype=bool)


def _tekst(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "strftime") and not isinstance(v, str):
        return v.strftime("%d-%m-%Y")
    return str(v).strip()


def _toon(v: object) -> str:
    """Value as shown in the quarantine; BSN-like values are masked."""
    if _leeg(v):
        return ""
    try:
        t = _tekst(v)
    except ValueError:  # an integer too long to print (Python's limit of 4300 digits)
        return "(te lang om te tonen)"
    return maskeer_bsn(t[:200], streng=True)


def _per_uniek(reeks: pd.Series, func: Parser) -> tuple[list[object], list[str | None]]:
    """Apply ``func`` once per distinct value; returns (values, reasons) lists."""
    cache: dict = {}
    waarden, redenen = [], []
    for v in reeks.tolist():
        try:
            sleutel = (type(v), v)
            hash(sleutel)
        except TypeError:
            sleutel = (type(v), repr(v))
        if sleutel not in cache:
            try:
                cache[sleutel] = func(v)
            except Exception as e:  # a parser bug must quarantine, never crash the build
                logger.warning("parser %s faalde op een waarde: %r", func, e)
                cache[sleutel] = (None, f"waarde onleesbaar ({type(e).__name__})")
        w, r = cache[sleutel]
        waarden.append(w)
        redenen.append(r)
    return waarden, redenen


# --------------------------------------------------------------------------- column parsers


@dataclass
class _Kolomuitkomst:
    """Typed values of one column, a reason per row, PM flags and notes."""

    waarden: pd.Series
    redenen: Sequence[str | None]  # a list, or an object array (columnar fast path)
    pm: list[bool] | None = None
    opmerkingen: list[str] = field(default_factory=list)


def _tekst_parser(kolom: Kolom) -> Parser:
    return lambda v: (None if _leeg(v) else _tekst(v), None)


def _codelijst_waarde(kolom: Kolom, t: str) -> tuple[object, str | None]:
    """A code checked against its code list (productcategorie has its own message)."""
    c = codemod.normaliseer_code(t, kolom.codelijst)
    if c in codemod.codes(kolom.codelijst):
        return c, None
    if kolom.codelijst == "productcategorie":
        return None, f"onbekende productcategorie {t!r}"
    return None, f"onbekende code {t!r} in codelijst {kolom.codelijst}"


def _code_parser(kolom: Kolom) -> Parser:
    def code(v: object) -> tuple[object, str | None]:
        if _leeg(v):
            return None, None
        t = _tekst(v)
        if kolom.naam == "wet":
            w = WET_SYNONIEMEN.get(normaliseer_kolomnaam(t))
            return (w, None) if w else (None, f"onbekende wet {t!r}; verwacht WMO of JW")
        if kolom.naam == "soort" and kolom.waarden and "primitief" in kolom.waarden:
            if s := SOORT_SYNONIEMEN.get(normaliseer_kolomnaam(t)):
                return s, None
        if kolom.waarden:
            lo = t.lower()
            if lo in kolom.waarden:
                return lo, None
            return None, f"onbekende waarde {t!r}; toegestaan: {', '.join(kolom.waarden)}"
        if kolom.codelijst:
            return _codelijst_waarde(kolom, t)
        return t, None

    return code


def _bsn_parser(kolom: Kolom) -> Parser:
    def bsn(v: object) -> tuple[object, str | None]:
        if _leeg(v):
            return None, None
        t = normaliseer_bsn(_tekst(v))
        return (t, None) if elfproef(t) else (None, "BSN voldoet niet aan de elfproef")

    return bsn


def _agb_parser(kolom: Kolom) -> Parser:
    def agb(v: object) -> tuple[object, str | None]:
        if _leeg(v):
            return None, None
        t = _tekst(v).replace(" ", "")
        if t.isdigit() and 6 <= len(t) <= 8:
            return t.zfill(8), None
        return None, f"AGB-code moet 8 cijfers zijn: {t!r}"

    return agb


def _janee_parser(kolom: Kolom) -> Parser:
    def janee(v: object) -> tuple[object, str | None]:
        if _leeg(v):
            return None, None
        t = _tekst(v).lower()
        if t in JA:
            return True, None
        if t in NEE:
            return False, None
        return None, f"verwacht ja of nee: {t!r}"

    return janee


def is_open_einde(datum: dt.date) -> bool:
    """Whether a date is the "no end" of municipal systems (``31-12-9999`` and kin).

    >>> is_open_einde(dt.date(9999, 12, 31)), is_open_einde(dt.date(2999, 1, 1))
    (True, True)
    >>> is_open_einde(dt.date(2030, 12, 31)), is_open_einde(dt.date(9999, 6, 30))
    (False, False)
    """
    return datum.year >= contracts.OPEN_EINDE_VANAF_JAAR and (datum.month, datum.day) in (
        (12, 31),
        (1, 1),
    )


def datum_parser(kolom: Kolom, peildatum: dt.date | None = None) -> Parser:
    """Parser of one date column: format, window of the contract, open end, two-digit years.

    Args:
        kolom: The contract column (its ``open_einde`` decides what ``31-12-9999`` means).
        peildatum: The day of the build; a two-digit year that lands after it is refused
            outside open-end columns (default: today).

    >>> from sdanalysis.contracts import TOEWIJZINGEN
    >>> eind = datum_parser(TOEWIJZINGEN.kolom("einddatum"), dt.date(2024, 6, 1))
    >>> eind("31-12-9999")
    (None, '__lopend__')
    >>> begin = datum_parser(TOEWIJZINGEN.kolom("ingangsdatum"), dt.date(2024, 6, 1))
    >>> begin("1-1-65")[1]
    "jaar in twee cijfers valt na de bouwdatum (01-06-2024): '1-1-65' is gelezen als 01-01-2065; verwacht het jaar voluit (jjjj)"
    >>> begin("01-01-1900")[1]
    "datum '01-01-1900' ligt buiten het venster van het datacontract; verwacht een datum van 01-01-1950 tot en met 31-12-2099"
    >>> begin("01-01-2099")[1]  # see contracts.TOEKOMST_JAREN
    "datum '01-01-2099' ligt meer dan 5 jaar na de bouwdatum (01-06-2024); verwacht in ingangsdatum een datum tot en met 31-12-2029"
    """
    peil = peildatum or dt.date.today()
    vroegst, laatst = contracts.DATUM_VENSTER

    def datum(v: object) -> tuple[object, str | None]:
        d, reden = lees_datum(v)
        if d is None:
            return None, reden
        if is_open_einde(d):
            if kolom.open_einde:
                return None, _LOPEND
            return None, (
                f"datum {_tekst(v)!r} betekent 'geen einde'; dat kan alleen in een kolom met "
                f"open einde, verwacht in {kolom.naam} een echte datum"
            )
        if not vroegst <= d <= laatst:
            return None, (
                f"datum {_tekst(v)!r} ligt buiten het venster van het datacontract; verwacht "
                f"een datum van {vroegst:%d-%m-%Y} tot en met {laatst:%d-%m-%Y}"
            )
        if reden := _toekomst_reden(kolom, v, d, peil):
            return None, reden
        return pd.Timestamp(d), None

    return datum


def _toekomstgrens(peil: dt.date) -> dt.date:
    """Last plausible date in a column without open end (see ``contracts.TOEKOMST_JAREN``)."""
    return dt.date(peil.year + contracts.TOEKOMST_JAREN, 12, 31)


def _toekomst_reden(kolom: Kolom, v: object, d: dt.date, peil: dt.date) -> str | None:
    """Reason why a date too far after the build is refused (never in an open-end column)."""
    if kolom.open_einde or d <= peil:
        return None
    if heeft_tweecijferig_jaar(v):
        return (
            f"jaar in twee cijfers valt na de bouwdatum ({peil:%d-%m-%Y}): {v!r} is gelezen "
            f"als {d:%d-%m-%Y}; verwacht het jaar voluit (jjjj)"
        )
    if d > (grens := _toekomstgrens(peil)):
        return (
            f"datum {_tekst(v)!r} ligt meer dan {contracts.TOEKOMST_JAREN} jaar na de bouwdatum "
            f"({peil:%d-%m-%Y}); verwacht in {kolom.naam} een datum tot en met {grens:%d-%m-%Y}"
        )
    return None


def _kolom_met_parser(
    maak: Callable[[Kolom], Parser], dtype: str
) -> Callable[[Kolom, pd.Series, dt.date | None], _Kolomuitkomst]:
    def parse(kolom: Kolom, reeks: pd.Series, peildatum: dt.date | None) -> _Kolomuitkomst:
        waarden, redenen = _per_uniek(reeks, maak(kolom))
        return _Kolomuitkomst(pd.Series(waarden, dtype=dtype), redenen)

    return parse


def _decimaal_opmerking(kolom: Kolom, reeks: pd.Series) -> tuple[str | None, list[str]]:
    """The column's decimal mark, decided once from all cells, and a note on what it did."""
    teken, voorbeelden, dubbelzinnig = kolom_decimaalteken(reeks.tolist())
    if teken == GEMENGD:
        return teken, [
            f"kolom {kolom.naam}: cellen gebruiken verschillende decimaaltekens (komma zoals in "
            f"{voorbeelden[',']!r}, punt zoals in {voorbeelden['.']!r}); elke cel is naar haar "
            "eigen schrijfwijze gelezen"
            + (
                f", {dubbelzinnig} dubbelzinnige cel(len) zoals '1.500' in quarantaine"
                if dubbelzinnig
                else ""
            )
        ]
    if teken == "." and dubbelzinnig:
        return teken, [
            f"kolom {kolom.naam}: de punt is het decimaalteken (zoals in {voorbeelden['.']!r}); "
            f"{dubbelzinnig} cel(len) zoals '1.500' daarom gelezen als 1,5 en niet als 1500"
        ]
    return teken, []


def _kolom_getal(kolom: Kolom, reeks: pd.Series, peildatum: dt.date | None) -> _Kolomuitkomst:
    teken, opmerkingen = _decimaal_opmerking(kolom, reeks)
    munt = kolom.type == "bedrag"
    waarden, redenen = _per_uniek(reeks, lambda v: parse_bedrag(v, munt=munt, decimaal=teken))
    pm = [r == PM for r in redenen]
    niet_toegestaan = "PM (niet gekwantificeerd) is hier niet toegestaan"
    redenen = [
        (None if kolom.pm_toegestaan else niet_toegestaan) if r == PM else r for r in redenen
    ]
    if kolom.type != "geheel":
        s = pd.Series([math.nan if w is None else w for w in waarden], dtype="float64")
        return _Kolomuitkomst(s, redenen, pm, opmerkingen)
    for i, w in enumerate(waarden):
        if w is not None and not float(w).is_integer():
            waarden[i], redenen[i] = None, f"geen geheel getal: {reeks.iloc[i]!r}"
    s = pd.Series([None if w is None else int(w) for w in waarden], dtype="Int64")
    return _Kolomuitkomst(s, redenen, pm, opmerkingen)


def _kolom_datum(kolom: Kolom, reeks: pd.Series, peildatum: dt.date | None) -> _Kolomuitkomst:
    waarden, redenen = _per_uniek(reeks, datum_parser(kolom, peildatum))
    lopend = sum(r == _LOPEND for r in redenen)
    redenen = [None if r == _LOPEND else r for r in redenen]
    s = pd.to_datetime(pd.Series(waarden, dtype=object), errors="coerce").astype("datetime64[ns]")
    uit = _Kolomuitkomst(s, redenen)
    if lopend:
        uit.opmerkingen.append(
            f"{lopend} regel(s) met {kolom.naam} 31-12-9999 (of verwant) gelezen als lopend"
        )
    gelezen = s.notna().to_numpy()
    tellingen = Counter(reeks.to_numpy()[gelezen].tolist())
    if tijd := sum(n for v, n in tellingen.items() if heeft_tijd(v)):
        uit.opmerkingen.append(
            f"{tijd} regel(s) met een tijd in {kolom.naam}: alleen de datum is bewaard"
        )
    grens = _toekomstgrens(peildatum or dt.date.today())
    if kolom.open_einde and (ver := int((s > pd.Timestamp(grens)).sum())):
        uit.opmerkingen.append(
            f"{ver} regel(s) met {kolom.naam} na {grens:%d-%m-%Y}: gelezen als die datum; "
            "controleer of het bronsysteem daarmee 'geen einde' bedoelt"
        )
    return uit


_KOLOM_PARSERS = {
    "tekst": _kolom_met_parser(_tekst_parser, "string"),
    "code": _kolom_met_parser(_code_parser, "string"),
    "getal": _kolom_getal,
    "bedrag": _kolom_getal,
    "geheel": _kolom_getal,
    "datum": _kolom_datum,
    "bsn": _kolom_met_parser(_bsn_parser, "string"),
    "agb": _kolom_met_parser(_agb_parser, "string"),
    "janee": _kolom_met_parser(_janee_parser, "boolean"),
}


def _parse_kolom(
    kolom: Kolom, reeks: pd.Series, peildatum: dt.date | None = None
) -> _Kolomuitkomst:
    """Parse one column by its contract type."""
    if kolom.type not in _KOLOM_PARSERS:
        raise ValueError(f"onbekend kolomtype {kolom.type!r}")
    return _KOLOM_PARSERS[kolom.type](kolom, reeks, peildatum)


# --------------------------------------------------------------------------- columns


def koppel_kolommen(kolommen: list[str], tabel: Tabel) -> tuple[dict[str, str], list[str]]:
    """Map file headers to contract columns.

    Returns:
        ``{canonical: file header}`` and the list of ignored file headers.

    >>> from sdanalysis.contracts import BEGROTING
    >>> koppel_kolommen(["Begrotingsjaar", "Taakveld", "Bedrag (€)", "Notitie"], BEGROTING)
    ({'jaar': 'Begrotingsjaar', 'taakveld': 'Taakveld', 'bedrag_eur': 'Bedrag (€)'}, ['Notitie'])
    """
    lookup = kolom_lookup(tabel)
    koppeling: dict[str, str] = {}
    genegeerd: list[str] = []
    for k in kolommen:
        canon = lookup.get(normaliseer_kolomnaam(k))
        if canon and canon not in koppeling:
            koppeling[canon] = k
        else:
            genegeerd.append(k)
    return koppeling, genegeerd


def controleer_kolommen(koppeling: dict[str, str], tabel: Tabel, bestand: str) -> None:
    """Raise :class:`ContractFout` when a required column is missing."""
    ontbrekend = [k.naam for k in tabel.kolommen if k.verplicht and k.naam not in koppeling]
    if tabel.client and "bsn" not in koppeling and "client_id" not in koppeling:
        ontbrekend.append("bsn of client_id")
    if ontbrekend:
        raise ContractFout(
            f"{bestand}: verplichte kolom(men) ontbreken voor tabel '{tabel.naam}': "
            f"{', '.join(ontbrekend)}. Verwacht (of een synoniem, zie docs/data-contract.md): "
            f"{', '.join(k.naam for k in tabel.kolommen if k.verplicht)}."
        )


def _wet_uit_productcategorie(waarde: object) -> str | None:
    """WMO or JW from a productcategorie code; ``None`` when the code is in neither list.

    >>> _wet_uit_productcategorie("07"), _wet_uit_productcategorie(43), _wet_uit_productcategorie("99")
    ('WMO', 'JW', None)
    """
    if _leeg(waarde):
        return None
    code = codemod.normaliseer_code(_tekst(waarde), "productcategorie")
    if code in codemod.codes("productcategorie", "WMO"):
        return "WMO"
    if code in codemod.codes("productcategorie", "JW"):
        return "JW"
    return None


def _koppel(
    ruw: pd.DataFrame, tabel: Tabel, bestand: str
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Map headers to the contract, derive a missing wet, check required columns."""
    koppeling, genegeerd = koppel_kolommen(list(ruw.columns), tabel)
    opmerkingen = []
    if (
        "wet" not in koppeling
        and "productcategorie" in koppeling
        and any(k.naam == "wet" for k in tabel.kolommen)
    ):
        # many exports leave the wet out: the productcategorie says it (Wmo 01-18, Jeugd 31-55)
        ruw = ruw.assign(
            __wet_afgeleid=ruw[koppeling["productcategorie"]].map(_wet_uit_productcategorie)
        )
        koppeling["wet"] = "__wet_afgeleid"
        opmerkingen.append("kolom wet ontbreekt: afgeleid uit de productcategorie")
    controleer_kolommen(koppeling, tabel, bestand)
    if genegeerd:
        opmerkingen.append(f"kolom(men) genegeerd: {', '.join(map(str, genegeerd))}")
    return ruw, koppeling, opmerkingen


# --------------------------------------------------------------------------- row rules


def _na(typed: dict[str, pd.Series], a: str, b: str, reden: str) -> list:
    """Rule: column ``b`` must not lie before column ``a``."""
    if a in typed and b in typed:
        return [((typed[b] < typed[a]).fillna(False), b, reden)]
    return []


def _regels_toewijzingen(typed: dict[str, pd.Series]) -> list:
    regels = _na(typed, "ingangsdatum", "einddatum", "einddatum ligt vóór ingangsdatum")
    if "volume" in typed:
        regels.append(((typed["volume"] < 0).fillna(False), "volume", "negatief volume"))
    if "productcategorie" in typed and "wet" in typed:
        wmo = codemod.codes("productcategorie", "WMO")
        jw = codemod.codes("productcategorie", "JW")
        pc, wet = typed["productcategorie"], typed["wet"]
        fout = ((wet == "WMO") & pc.notna() & ~pc.isin(wmo)) | (
            (wet == "JW") & pc.notna() & ~pc.isin(jw)
        )
        regels.append(
            (fout.fillna(False), "productcategorie", "productcategorie hoort niet bij deze wet")
        )
    return regels


def _regels_declaraties(typed: dict[str, pd.Series]) -> list:
    return _na(typed, "periode_start", "periode_eind", "periode_eind ligt vóór periode_start")


def _regels_meldingen(typed: dict[str, pd.Series]) -> list:
    return _na(
        typed, "datum_melding", "datum_besluit", "besluitdatum ligt vóór meldingsdatum"
    ) + _na(typed, "datum_melding", "datum_aanvraag", "aanvraagdatum ligt vóór meldingsdatum")


def _regels_effecten(typed: dict[str, pd.Series]) -> list:
    geen = pd.Series(True, index=next(iter(typed.values())).index)
    for k in ("pakket", "maatregel_code", "project"):
        if k in typed:
            geen &= typed[k].isna()
    return [(geen, "maatregel_code", "effect hoort bij geen pakket, maatregel of project")]


def _regels_begroting(typed: dict[str, pd.Series]) -> list:
    """A taakveld must exist in the year of the row (6.71a is 2023-2024, 2025 has 6.711)."""
    if "taakveld" not in typed or "jaar" not in typed:
        return []
    paren = list(zip(typed["taakveld"].astype(object), typed["jaar"].astype(object), strict=True))
    redenen = {p: taakveld_reden(*p) for p in set(paren) if not pd.isna(p[0]) and not pd.isna(p[1])}
    reeks = pd.Series([redenen.get(p) for p in paren], dtype=object)
    return [(reeks.notna(), "taakveld", reeks)]


_REGELS: dict[str, Callable[[dict[str, pd.Series]], list]] = {
    "begroting": _regels_begroting,
    "toewijzingen": _regels_toewijzingen,
    "declaraties": _regels_declaraties,
    "meldingen": _regels_meldingen,
    "effecten": _regels_effecten,
}


def _regel_fouten(tabel: Tabel, typed: dict[str, pd.Series]) -> list[tuple[pd.Series, str, str]]:
    """Row rules across columns: (mask, kolom, reden)."""
    regels = _REGELS.get(tabel.naam)
    return regels(typed) if regels and typed else []


# --------------------------------------------------------------------------- validation


class _Quarantaine:
    """Collects quarantine records of one file."""

    def __init__(self, tabel: str, bestand: str, rijnummers: list[int]) -> None:
        self.tabel, self.bestand = tabel, bestand
        self.rijen = pd.Series(rijnummers, dtype="Int64")
        self.delen: list[pd.DataFrame] = []

    def noteer(
        self, mask: pd.Series, kolom: str, redenen: pd.Series | str, waarden: pd.Series
    ) -> None:
        """Add one record per masked row: the column, the shown value and the reason."""
        mask = mask.fillna(False).astype(bool).to_numpy()
        if not mask.any():
            return
        r = redenen if isinstance(redenen, str) else pd.Series(redenen).to_numpy()[mask]
        # a reason never repeats a BSN; a rejected value of a BSN column is masked whole
        r = (
            maskeer_bsn(r, streng=True)
            if isinstance(r, str)
            else [maskeer_bsn(x, streng=True) if isinstance(x, str) else x for x in r]
        )
        toon = maskeer_waarde_bsn_kolom if kolom == "bsn" else _toon
        self.delen.append(
            pd.DataFrame(
                {
                    "tabel": self.tabel,
                    "bestand": self.bestand,
                    "rij": self.rijen.to_numpy()[mask],
                    "kolom": kolom,
                    "waarde": [toon(v) for v in pd.Series(waarden).to_numpy()[mask]],
                    "reden": r,
                }
            )
        )

    def frame(self) -> pd.DataFrame:
        """All records as a quarantine table."""
        if not self.delen:
            return lege_quarantaine()
        return pd.concat(self.delen, ignore_index=True).astype(_QUARANTAINE_TYPES)


def _verplicht_redenen(
    kolom: Kolom, bron: pd.Series, uit: _Kolomuitkomst, afgeleid: bool
) -> pd.Series:
    """Reasons per row, with a reason for required cells that are empty or hold nothing."""
    red = pd.Series(uit.redenen, dtype=object)
    if not kolom.verplicht:
        return red
    zonder = uit.waarden.isna().to_numpy() & red.isna().to_numpy()
    if not zonder.any():  # every required cell has a value or a reason already
        return red
    ruw_leeg = _per_cel(bron, _leeg).to_numpy()
    leeg_reden = (
        "wet niet af te leiden uit de productcategorie" if afgeleid else "verplicht veld is leeg"
    )
    red = red.where(~(ruw_leeg & zonder), leeg_reden)
    return red.where(~(~ruw_leeg & zonder), "verplicht veld zonder waarde")


@dataclass
class _Getypeerd:
    waarden: dict[str, pd.Series] = field(default_factory=dict)
    pm: dict[str, pd.Series] = field(default_factory=dict)
    opmerkingen: list[str] = field(default_factory=list)


def _typeer(
    ruw: pd.DataFrame,
    tabel: Tabel,
    koppeling: dict[str, str],
    q: _Quarantaine,
    overslaan: pd.Series,
    peildatum: dt.date | None,
    parse: Callable[..., object] | None = None,
) -> _Getypeerd:
    """Type every mapped column and quarantine the cells that cannot be read.

    ``parse`` reads one column (default :func:`_parse_kolom`, cell by cell); the columnar
    fast path (:mod:`sdanalysis.bouw.snel`) passes its own, with the same results.
    """
    parse = parse or _parse_kolom
    uit = _Getypeerd()
    for kolom in tabel.kolommen:
        if kolom.naam not in koppeling:
            continue
        bron = ruw[koppeling[kolom.naam]]
        res = parse(kolom, bron, peildatum)
        red = _verplicht_redenen(kolom, bron, res, koppeling[kolom.naam] == "__wet_afgeleid")
        formule = _per_cel(bron, lambda v: isinstance(v, FormuleZonderWaarde), tekst_kan=False)
        red = red.where(~formule.to_numpy(), _FORMULE_REDEN)
        q.noteer(red.notna() & ~overslaan, kolom.naam, red, bron)
        uit.waarden[kolom.naam] = res.waarden
        uit.opmerkingen += res.opmerkingen
        if res.pm is not None and kolom.pm_toegestaan:
            uit.pm[kolom.naam] = pd.Series(res.pm, dtype=bool)
    return uit


def _controleer_client(
    ruw: pd.DataFrame,
    tabel: Tabel,
    koppeling: dict[str, str],
    typed: dict[str, pd.Series],
    q: _Quarantaine,
    overslaan: pd.Series,
) -> None:
    """Quarantine rows of a client table that have neither a BSN nor a client number."""
    n = len(ruw)
    if not tabel.client:
        return
    if "bsn" not in typed and "client_id" not in typed:
        raise ContractFout(f"{q.bestand}: geen bsn- of client_id-kolom")
    geen = np.ones(n, dtype=bool)
    for kolom in ("bsn", "client_id"):
        if kolom in typed:
            geen &= typed[kolom].isna().to_numpy()
    # a bsn that failed the elfproef is already quarantined; only flag rows with neither
    heeft_bsn_fout = np.zeros(n, dtype=bool)
    if "bsn" in koppeling:
        heeft_bsn_fout = ~_per_cel(ruw[koppeling["bsn"]], _leeg).to_numpy()
    mask = pd.Series(geen & ~heeft_bsn_fout & ~np.asarray(overslaan, dtype=bool))
    q.noteer(mask, "bsn", "geen BSN of cliëntnummer", pd.Series("", index=range(n)))


def _geaccepteerd(
    tabel: Tabel, getypeerd: _Getypeerd, n: int, ok: pd.Series, sleutel: bytes
) -> pd.DataFrame:
    """The typed columns in contract order, with the client pseudonym; all rows."""
    typed = getypeerd.waarden
    uit: dict[str, pd.Series] = {}
    for kolom in tabel.kolommen:
        if kolom.type == "bsn" or kolom.naam == "client_id":
            continue
        uit[kolom.naam] = typed[kolom.naam] if kolom.naam in typed else _lege_kolom(kolom, n)
        if kolom.pm_toegestaan:
            uit[kolom.naam.replace("_eur", "") + "_pm"] = getypeerd.pm.get(
                kolom.naam, pd.Series(False, index=range(n))
            )
    df = pd.DataFrame(uit)
    if tabel.client:
        bsn = typed.get("bsn", pd.Series([None] * n, dtype="string"))
        cid = typed.get("client_id", pd.Series([None] * n, dtype="string"))
        ids = bsn.fillna("").astype(str)
        ids = ids.where(ids != "", "c:" + cid.fillna("").astype(str))
        df.insert(1, "client_id", pseudonimiseer(ids.where(ok), sleutel))
    return df


def _splits_rijfouten(ruw: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Take the reader's row problems (ragged CSV rows) out of the raw cells."""
    ruw = ruw.reset_index(drop=True)
    if RIJFOUT_KOLOM not in ruw.columns:
        return ruw, pd.Series([None] * len(ruw), dtype=object)
    return ruw.drop(columns=[RIJFOUT_KOLOM]), ruw[RIJFOUT_KOLOM].astype(object)


def valideer_frame(
    ruw: pd.DataFrame,
    tabel: Tabel,
    bestand: str,
    rijnummers: list[int],
    sleutel: bytes,
    peildatum: dt.date | None = None,
) -> Resultaat:
    """Validate raw cells of one file against ``tabel``.

    Args:
        ruw: Raw cells (object dtype), one column per file header; a column
            :data:`sdanalysis.bouw.lezen.RIJFOUT_KOLOM` carries the reader's reason why a
            row cannot be read (a CSV row with more or fewer fields than the header).
        tabel: The contract.
        bestand: File name for the quarantine.
        rijnummers: Row number per row as a person sees it.
        sleutel: Key for the BSN / client pseudonym.
        peildatum: Day of the build, for two-digit years in the future (default: today).

    Returns:
        A :class:`Resultaat`; its counts always satisfy read = accepted + quarantined.

    Raises:
        ContractFout: a required column is missing.
    """
    ruw, rijfout = _splits_rijfouten(ruw)
    ruw, koppeling, opmerkingen = _koppel(ruw, tabel, bestand)
    n = len(ruw)
    q = _Quarantaine(tabel.naam, bestand, rijnummers)
    totaal = pd.Series(
        [is_totaalregel(r) for r in ruw.itertuples(index=False, name=None)], dtype=bool
    )
    eerste = ruw.iloc[:, 0] if ruw.shape[1] else pd.Series([None] * n)
    q.noteer(totaal, "", "totaalregel; niet als gegevensregel ingelezen", eerste)
    heeft_rijfout = rijfout.notna() & ~totaal
    q.noteer(heeft_rijfout, "", rijfout, eerste)
    overslaan = totaal | heeft_rijfout

    getypeerd = _typeer(ruw, tabel, koppeling, q, overslaan, peildatum)
    opmerkingen += getypeerd.opmerkingen
    _controleer_client(ruw, tabel, koppeling, getypeerd.waarden, q, overslaan)
    for mask, kolom, reden in _regel_fouten(tabel, getypeerd.waarden):
        waarden = ruw[koppeling[kolom]] if kolom in koppeling else pd.Series([""] * n)
        q.noteer(mask & ~overslaan, kolom, reden, waarden)

    quarantaine = q.frame()
    geweigerd = set(quarantaine["rij"].dropna().astype(int).tolist())
    ok = ~q.rijen.isin(geweigerd).to_numpy()
    df = _geaccepteerd(tabel, getypeerd, n, pd.Series(ok), sleutel)
    df["bronbestand"] = pd.Series([bestand] * n, dtype="string")
    df["bronrij"] = q.rijen
    df = df.loc[ok].reset_index(drop=True)
    return Resultaat(
        tabel=tabel.naam,
        bestand=bestand,
        geaccepteerd=df,
        quarantaine=quarantaine,
        rijen_gelezen=n,
        rijen_geweigerd=len(geweigerd),
        opmerkingen=opmerkingen,
    )


def _lege_kolom(kolom: Kolom, n: int) -> pd.Series:
    dtype = {
        "geheel": "Int64",
        "getal": "float64",
        "bedrag": "float64",
        "datum": "datetime64[ns]",
        "janee": "boolean",
    }.get(kolom.type, "string")
    return pd.Series([None] * n, dtype=dtype) if dtype != "float64" else pd.Series([math.nan] * n)


def valideer_bestand(
    ruw: RuwBestand, tabel: Tabel, sleutel: bytes, naam: str | None = None
) -> Resultaat:
    """Validate one file read by :func:`sdanalysis.bouw.lezen.lees_bestand`.

    Args:
        ruw: The file as read.
        tabel: The contract.
        sleutel: Key for the BSN / client pseudonym.
        naam: Name in the quarantine (default: the file name); see
            :func:`sdanalysis.bouw.lezen.bestandsnamen` for files with the same name.
    """
    res = valideer_frame(ruw.rijen, tabel, naam or ruw.pad.name, ruw.rijnummers, sleutel)
    res.opmerkingen = ruw.opmerkingen + res.opmerkingen
    return res


def valideer_pad(
    pad: Path, tabel: Tabel, sleutel: bytes, naam: str | None = None
) -> list[Resultaat]:
    """Read one raw file and validate every sheet that holds the table.

    Args:
        pad: The raw file.
        tabel: The contract.
        sleutel: Key for the BSN / client pseudonym.
        naam: Name of the file in the quarantine and the quality table (default: the file
            name). Give each file a unique name with
            :func:`sdanalysis.bouw.lezen.bestandsnamen`: two files called
            ``toewijzingen.csv`` in different folders are different files.

    Returns:
        One :class:`Resultaat` per sheet; a sheet of a workbook with several sheets is
        named ``"<naam> [<blad>]"``.

    Raises:
        LeesFout: the file cannot be read (see :func:`sdanalysis.bouw.lezen.lees_bladen`).
        ContractFout: a required column is missing.
    """
    naam = naam or Path(pad).name
    bladen = lees_bladen(pad, tabel)
    uit = []
    for ruw in bladen:
        bestand = naam if len(bladen) == 1 else f"{naam} [{ruw.blad}]"
        res = valideer_frame(ruw.rijen, tabel, bestand, ruw.rijnummers, sleutel)
        res.opmerkingen = ruw.opmerkingen + res.opmerkingen
        uit.append(res)
    return uit


def ontdubbel(df: pd.DataFrame, tabel: Tabel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Handle duplicate records over all files of a table.

    Rows with the same key and the same content: the first is kept, the copies go to
    the quarantine as "identiek dubbel (ontdubbeld)". Rows with the same key but
    different content: all of them are quarantined, since we cannot tell which is right.

    Returns:
        The accepted rows and the quarantine records.

    >>> from sdanalysis.contracts import BEGROTING
    >>> d = pd.DataFrame({"jaar": [2019, 2019, 2020, 2020], "taakveld": ["6.71"] * 4,
    ...     "soort": ["primitief"] * 4, "bedrag_eur": [1.0, 1.0, 2.0, 3.0],
    ...     "bronbestand": ["a", "b", "a", "a"], "bronrij": [2, 2, 3, 4]})
    >>> ok, q = ontdubbel(d, BEGROTING)
    >>> ok["bedrag_eur"].tolist(), q["rij"].tolist()
    ([1.0], [2, 3, 4])
    """
    weg, quarantaine = dubbel_weg(df, tabel)
    if not weg.any():
        return df, quarantaine
    return df.loc[~weg].reset_index(drop=True), quarantaine


def dubbel_weg(df: pd.DataFrame, tabel: Tabel) -> tuple[pd.Series, pd.DataFrame]:
    """Which rows :func:`ontdubbel` drops (a mask on ``df``'s index), and their records.

    >>> from sdanalysis.contracts import BEGROTING
    >>> d = pd.DataFrame({"jaar": [2019, 2019], "taakveld": ["6.71"] * 2,
    ...     "soort": ["primitief"] * 2, "bedrag_eur": [1.0, 1.0],
    ...     "bronbestand": ["a", "b"], "bronrij": [2, 2]}, index=[10, 11])
    >>> dubbel_weg(d, BEGROTING)[0].tolist()
    [False, True]
    """
    geen = pd.Series(False, index=df.index)
    sleutel = [k for k in tabel.sleutel if k in df.columns]
    if df.empty or not sleutel:
        return geen, lege_quarantaine()
    inhoud = [c for c in df.columns if c not in ("bronbestand", "bronrij")]
    dubbel_sleutel = df.duplicated(sleutel, keep=False)
    if not dubbel_sleutel.any():
        return geen, lege_quarantaine()
    kandidaten = df[dubbel_sleutel]
    varianten = kandidaten.drop_duplicates(inhoud).groupby(sleutel, dropna=False).size()
    afwijkend_keys = varianten[varianten > 1].index
    k_index = (
        pd.MultiIndex.from_frame(kandidaten[sleutel])
        if len(sleutel) > 1
        else pd.Index(kandidaten[sleutel[0]])
    )
    afwijkend = pd.Series(k_index.isin(afwijkend_keys), index=kandidaten.index)
    identiek_kopie = df.duplicated(inhoud, keep="first") & dubbel_sleutel
    identiek_kopie &= ~afwijkend.reindex(df.index, fill_value=False)
    weg_afwijkend = afwijkend[afwijkend].index
    naam = ", ".join(sleutel)
    q = []
    if identiek_kopie.any():
        d = df[identiek_kopie]
        q.append(
            pd.DataFrame(
                {
                    "tabel": tabel.naam,
                    "bestand": d["bronbestand"],
                    "rij": d["bronrij"],
                    "kolom": sleutel[0],
                    "waarde": d[sleutel[0]].astype("string").map(_toon),
                    "reden": f"identiek dubbel op {naam} (ontdubbeld; eerste regel behouden)",
                }
            )
        )
    if len(weg_afwijkend):
        d = df.loc[weg_afwijkend]
        q.append(
            pd.DataFrame(
                {
                    "tabel": tabel.naam,
                    "bestand": d["bronbestand"],
                    "rij": d["bronrij"],
                    "kolom": sleutel[0],
                    "waarde": d[sleutel[0]].astype("string").map(_toon),
                    "reden": f"dubbel op {naam} met afwijkende inhoud (alle versies geweigerd)",
                }
            )
        )
    weg = identiek_kopie.copy()
    weg.loc[weg_afwijkend] = True
    quarantaine = pd.concat(q, ignore_index=True).astype(_QUARANTAINE_TYPES)
    return weg, quarantaine


def valideer_en_ontdubbel(ruw: RuwBestand, tabel: Tabel, sleutel: bytes) -> Resultaat:
    """Validate one file and handle duplicates within it (what ``sdanalysis validate`` does)."""
    res = valideer_bestand(ruw, tabel, sleutel)
    ok, q = ontdubbel(res.geaccepteerd, tabel)
    if len(q):
        res.geaccepteerd = ok
        res.quarantaine = pd.concat([res.quarantaine, q], ignore_index=True).sort_values(
            "rij", kind="stable"
        )
        res.rijen_geweigerd += int(q["rij"].nunique())
    return res
