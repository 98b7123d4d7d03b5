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

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from sdanalysis import codes as codemod
from sdanalysis.bouw.getallen import PM, parse_bedrag, parse_datum, parse_getal
from sdanalysis.bouw.lezen import LeesFout, RuwBestand, is_totaalregel
from sdanalysis.bouw.privacy import elfproef, normaliseer_bsn, pseudonimiseer
from sdanalysis.contracts import (
    QUARANTAINE_KOLOMMEN,
    Kolom,
    Tabel,
    kolom_lookup,
    normaliseer_kolomnaam,
)

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
    t = _tekst(v)
    if re.fullmatch(r"\d{8,9}", t) and elfproef(t):
        return MASKER
    return t[:200]


def _per_uniek(reeks: pd.Series, func: Callable[[object], tuple[object, str | None]]):
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
                cache[sleutel] = (None, f"waarde onleesbaar ({type(e).__name__})")
        w, r = cache[sleutel]
        waarden.append(w)
        redenen.append(r)
    return waarden, redenen


def _parse_kolom(kolom: Kolom, reeks: pd.Series, wet: pd.Series | None):
    """Parse one column; returns (typed Series, reasons list, pm flags or None)."""
    pm = None
    if kolom.type in ("tekst",):
        waarden, redenen = _per_uniek(reeks, lambda v: (None if _leeg(v) else _tekst(v), None))
        return pd.Series(waarden, dtype="string"), redenen, pm
    if kolom.type == "code":

        def code(v: object) -> tuple[object, str | None]:
            if _leeg(v):
                return None, None
            t = _tekst(v)
            if kolom.naam == "wet":
                w = WET_SYNONIEMEN.get(normaliseer_kolomnaam(t))
                return (w, None) if w else (None, f"onbekende wet {t!r}; verwacht WMO of JW")
            if kolom.naam == "soort" and kolom.waarden and "primitief" in kolom.waarden:
                s = SOORT_SYNONIEMEN.get(normaliseer_kolomnaam(t))
                if s:
                    return s, None
            if kolom.waarden:
                lo = t.lower()
                if lo in kolom.waarden:
                    return lo, None
                return None, f"onbekende waarde {t!r}; toegestaan: {', '.join(kolom.waarden)}"
            if kolom.codelijst:
                c = codemod.normaliseer_code(t, kolom.codelijst)
                if kolom.codelijst != "productcategorie" and c not in codemod.codes(
                    kolom.codelijst
                ):
                    return None, f"onbekende code {t!r} in codelijst {kolom.codelijst}"
                if kolom.codelijst == "productcategorie" and c not in codemod.codes(
                    "productcategorie"
                ):
                    return None, f"onbekende productcategorie {t!r}"
                return c, None
            return t, None

        waarden, redenen = _per_uniek(reeks, code)
        return pd.Series(waarden, dtype="string"), redenen, pm
    if kolom.type in ("getal", "bedrag", "geheel"):
        parser = parse_bedrag if kolom.type == "bedrag" else parse_getal
        waarden, redenen = _per_uniek(reeks, parser)
        pm = [r == PM for r in redenen]
        nieuw = []
        for r in redenen:
            if r == PM:
                nieuw.append(
                    None
                    if kolom.pm_toegestaan
                    else "PM (niet gekwantificeerd) is hier niet toegestaan"
                )
            else:
                nieuw.append(r)
        redenen = nieuw
        if kolom.type == "geheel":
            for i, w in enumerate(waarden):
                if w is not None and not float(w).is_integer():
                    waarden[i], redenen[i] = None, f"geen geheel getal: {reeks.iloc[i]!r}"
            s = pd.Series([None if w is None else int(w) for w in waarden], dtype="Int64")
        else:
            s = pd.Series([math.nan if w is None else w for w in waarden], dtype="float64")
        return s, redenen, pm
    if kolom.type == "datum":
        waarden, redenen = _per_uniek(reeks, parse_datum)
        return (
            pd.to_datetime(pd.Series(waarden, dtype=object), errors="coerce").astype(
                "datetime64[ns]"
            ),
            redenen,
            pm,
        )
    if kolom.type == "bsn":

        def bsn(v: object) -> tuple[object, str | None]:
            if _leeg(v):
                return None, None
            t = normaliseer_bsn(_tekst(v))
            return (t, None) if elfproef(t) else (None, "BSN voldoet niet aan de elfproef")

        waarden, redenen = _per_uniek(reeks, bsn)
        return pd.Series(waarden, dtype="string"), redenen, pm
    if kolom.type == "agb":

        def agb(v: object) -> tuple[object, str | None]:
            if _leeg(v):
                return None, None
            t = _tekst(v).replace(" ", "")
            if t.isdigit() and 6 <= len(t) <= 8:
                return t.zfill(8), None
            return None, f"AGB-code moet 8 cijfers zijn: {t!r}"

        waarden, redenen = _per_uniek(reeks, agb)
        return pd.Series(waarden, dtype="string"), redenen, pm
    if kolom.type == "janee":

        def janee(v: object) -> tuple[object, str | None]:
            if _leeg(v):
                return None, None
            t = _tekst(v).lower()
            if t in JA:
                return True, None
            if t in NEE:
                return False, None
            return None, f"verwacht ja of nee: {t!r}"

        waarden, redenen = _per_uniek(reeks, janee)
        return pd.Series(waarden, dtype="boolean"), redenen, pm
    raise ValueError(f"onbekend kolomtype {kolom.type!r}")


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


def _regel_fouten(tabel: Tabel, typed: dict[str, pd.Series]) -> list[tuple[pd.Series, str, str]]:
    """Row rules across columns: (mask, kolom, reden)."""
    regels = []

    def voor(a: str, b: str, reden: str) -> None:
        if a in typed and b in typed:
            regels.append(((typed[b] < typed[a]).fillna(False), b, reden))

    if tabel.naam == "toewijzingen":
        voor("ingangsdatum", "einddatum", "einddatum ligt vóór ingangsdatum")
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
    if tabel.naam == "declaraties":
        voor("periode_start", "periode_eind", "periode_eind ligt vóór periode_start")
    if tabel.naam == "meldingen":
        voor("datum_melding", "datum_besluit", "besluitdatum ligt vóór meldingsdatum")
        voor("datum_melding", "datum_aanvraag", "aanvraagdatum ligt vóór meldingsdatum")
    if tabel.naam in ("effecten",):
        geen = pd.Series(True, index=next(iter(typed.values())).index)
        for k in ("pakket", "maatregel_code", "project"):
            if k in typed:
                geen &= typed[k].isna()
        regels.append(
            (geen, "maatregel_code", "effect hoort bij geen pakket, maatregel of project")
        )
    return regels


def valideer_frame(
    ruw: pd.DataFrame,
    tabel: Tabel,
    bestand: str,
    rijnummers: list[int],
    sleutel: bytes,
) -> Resultaat:
    """Validate raw cells of one file against ``tabel``.

    Args:
        ruw: Raw cells (object dtype), one column per file header.
        tabel: The contract.
        bestand: File name for the quarantine.
        rijnummers: Row number per row as a person sees it.
        sleutel: Key for the BSN / client pseudonym.

    Returns:
        A :class:`Resultaat`; its counts always satisfy read = accepted + quarantined.

    Raises:
        ContractFout: a required column is missing.
    """
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
    n = len(ruw)
    ruw = ruw.reset_index(drop=True)
    rijen = pd.Series(rijnummers, dtype="Int64")
    problemen: list[pd.DataFrame] = []

    def noteer(mask: pd.Series, kolom: str, redenen: pd.Series | str, waarden: pd.Series) -> None:
        mask = mask.fillna(False).astype(bool).to_numpy()
        if not mask.any():
            return
        r = redenen if isinstance(redenen, str) else pd.Series(redenen).to_numpy()[mask]
        problemen.append(
            pd.DataFrame(
                {
                    "tabel": tabel.naam,
                    "bestand": bestand,
                    "rij": rijen.to_numpy()[mask],
                    "kolom": kolom,
                    "waarde": [_toon(v) for v in waarden.to_numpy()[mask]],
                    "reden": r,
                }
            )
        )

    totaal = pd.Series(
        [is_totaalregel(r) for r in ruw.itertuples(index=False, name=None)], dtype=bool
    )
    eerste = ruw.iloc[:, 0] if ruw.shape[1] else pd.Series([None] * n)
    noteer(totaal, "", "totaalregel; niet als gegevensregel ingelezen", eerste)

    typed: dict[str, pd.Series] = {}
    pm_vlaggen: dict[str, pd.Series] = {}
    for kolom in tabel.kolommen:
        if kolom.naam not in koppeling:
            continue
        bron = ruw[koppeling[kolom.naam]]
        s, redenen, pm = _parse_kolom(kolom, bron, typed.get("wet"))
        red = pd.Series(redenen, dtype=object)
        if kolom.verplicht:
            ruw_leeg = bron.map(_leeg).astype(bool)
            zonder = s.isna().to_numpy() & red.isna().to_numpy()
            leeg_reden = (
                "wet niet af te leiden uit de productcategorie"
                if koppeling[kolom.naam] == "__wet_afgeleid"
                else "verplicht veld is leeg"
            )
            red = red.where(~(ruw_leeg & zonder), leeg_reden)
            red = red.where(~(~ruw_leeg & zonder), "verplicht veld zonder waarde")
        noteer(red.notna() & ~totaal, kolom.naam, red, bron)
        typed[kolom.naam] = s
        if pm is not None and kolom.pm_toegestaan:
            pm_vlaggen[kolom.naam] = pd.Series(pm, dtype=bool)

    if tabel.client and "bsn" not in typed and "client_id" not in typed:
        raise ContractFout(f"{bestand}: geen bsn- of client_id-kolom")
    if tabel.client:
        bsn = typed.get("bsn", pd.Series([None] * n, dtype="string"))
        cid = typed.get("client_id", pd.Series([None] * n, dtype="string"))
        geen = bsn.isna() & cid.isna()
        # a bsn that failed the elfproef is already quarantined; only flag rows with neither
        heeft_bsn_fout = pd.Series(False, index=ruw.index)
        if "bsn" in koppeling:
            heeft_bsn_fout = ~ruw[koppeling["bsn"]].map(_leeg).astype(bool)
        noteer(
            geen & ~heeft_bsn_fout & ~totaal, "bsn", "geen BSN of cliëntnummer", pd.Series([""] * n)
        )

    for mask, kolom, reden in _regel_fouten(tabel, typed):
        noteer(
            mask & ~totaal,
            kolom,
            reden,
            ruw[koppeling[kolom]] if kolom in koppeling else pd.Series([""] * n),
        )

    quarantaine = pd.concat(problemen, ignore_index=True) if problemen else lege_quarantaine()
    quarantaine = quarantaine.astype(
        {
            "rij": "Int64",
            "waarde": "string",
            "reden": "string",
            "tabel": "string",
            "bestand": "string",
            "kolom": "string",
        }
    )
    geweigerd = set(quarantaine["rij"].dropna().astype(int).tolist())
    ok = ~rijen.isin(geweigerd).to_numpy()

    uit: dict[str, pd.Series] = {}
    for kolom in tabel.kolommen:
        if kolom.type == "bsn" or kolom.naam == "client_id":
            continue
        if kolom.naam in typed:
            uit[kolom.naam] = typed[kolom.naam]
        else:
            uit[kolom.naam] = _lege_kolom(kolom, n)
        if kolom.pm_toegestaan:
            uit[kolom.naam.replace("_eur", "") + "_pm"] = pm_vlaggen.get(
                kolom.naam, pd.Series(False, index=range(n))
            )
    df = pd.DataFrame(uit)
    if tabel.client:
        bsn = typed.get("bsn", pd.Series([None] * n, dtype="string"))
        cid = typed.get("client_id", pd.Series([None] * n, dtype="string"))
        ids = bsn.fillna("").astype(str)
        ids = ids.where(ids != "", "c:" + cid.fillna("").astype(str))
        df.insert(1, "client_id", pseudonimiseer(ids.where(ok), sleutel))
    df["bronbestand"] = pd.Series([bestand] * n, dtype="string")
    df["bronrij"] = rijen
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


def valideer_bestand(ruw: RuwBestand, tabel: Tabel, sleutel: bytes) -> Resultaat:
    """Validate one file read by :func:`sdanalysis.bouw.lezen.lees_bestand`."""
    res = valideer_frame(ruw.rijen, tabel, ruw.pad.name, ruw.rijnummers, sleutel)
    res.opmerkingen = ruw.opmerkingen + res.opmerkingen
    return res


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
    sleutel = [k for k in tabel.sleutel if k in df.columns]
    if df.empty or not sleutel:
        return df, lege_quarantaine()
    inhoud = [c for c in df.columns if c not in ("bronbestand", "bronrij")]
    dubbel_sleutel = df.duplicated(sleutel, keep=False)
    if not dubbel_sleutel.any():
        return df, lege_quarantaine()
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
    quarantaine = pd.concat(q, ignore_index=True).astype(
        {
            "rij": "Int64",
            "waarde": "string",
            "reden": "string",
            "tabel": "string",
            "bestand": "string",
            "kolom": "string",
        }
    )
    return df.loc[~weg].reset_index(drop=True), quarantaine


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
