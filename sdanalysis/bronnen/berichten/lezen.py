"""Read iJw/iWmo message files (``.xml``, and ``.zip`` archives of them) into the tables.

Each file holds one message, as they arrive. Zip archives are read member by member from
the archive (never unpacked as a whole); each message is parsed on its own, validated
against the official XSD of its type (:mod:`.schema`) and cut into units (:mod:`.tabellen`).
A unit with a schema error is quarantined with file, position, element path and a Dutch
reason naming the message type; the valid units of the same message are read. An error
outside every unit (header, client) quarantines all units of the message. The valid units
are typed by the same contract validation as a CSV file (:func:`valideer_frame`), so the
Bsn becomes the same keyed pseudonym and every unit is accepted or quarantined:
units read = accepted + quarantined, per table and file.

Memory grows with the rows kept (a few hundred bytes per unit) and the largest single
message, not with the size of an archive.
"""

from __future__ import annotations

import logging
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd
from lxml import etree

from sdanalysis.bouw.valideren import Resultaat, lege_quarantaine, valideer_frame
from sdanalysis.bronnen.berichten.schema import (
    RETOUR_NUMMERS,
    Berichttype,
    Schemafout,
    SchemaOntbreekt,
    berichttype,
    laad_schema,
    leesbaar_pad,
    valideer,
)
from sdanalysis.bronnen.berichten.tabellen import (
    EENHEDEN,
    HISTORIE_TABEL,
    VAN_GEMEENTE,
    VERZOEK_ANTWOORD,
    Eenheid,
    bedrag_eur,
    leeftijdsgroepen,
    vervang_toewijzingen,
    verwerk_aanleveringen,
)
from sdanalysis.contracts import BERICHT_TABELLEN, QUARANTAINE_KOLOMMEN, TABELLEN, Tabel

logger = logging.getLogger(__name__)

#: File types read as messages: one message per ``.xml`` file, ``.zip`` archives of them.
BERICHT_EXTENSIES = (".xml",)
ARCHIEF_EXTENSIES = (".zip",)
#: Table name in the quarantine for problems of a message that has no unit to blame.
BERICHT_QUARANTAINE = "berichten"

_PARSER_OPTIES = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def contract(naam: str) -> Tabel:
    """The contract of a table filled from messages."""
    return TABELLEN[naam] if naam in TABELLEN else BERICHT_TABELLEN[naam]


def is_berichtbestand(pad: str | Path) -> bool:
    """Whether a file is read as messages (``.xml`` or ``.zip``).

    >>> is_berichtbestand("JW301.XML"), is_berichtbestand("b.zip"), is_berichtbestand("t.csv")
    (True, True, False)
    """
    return Path(pad).suffix.lower() in (*BERICHT_EXTENSIES, *ARCHIEF_EXTENSIES)


def vind_berichtbestanden(raw_dirs: Iterable[str | Path]) -> list[Path]:
    """Message files below the raw folders, sorted; hidden files passed over."""
    uit: list[Path] = []
    for d in raw_dirs:
        for pad in sorted(Path(d).rglob("*")):
            if pad.is_file() and not pad.name.startswith((".", "~$")) and is_berichtbestand(pad):
                uit.append(pad)
    return uit


def berichten_in(pad: Path, naam: str) -> Iterator[tuple[str, IO[bytes] | None, str | None]]:
    """The messages of one file: ``(name, stream, problem)``; a zip is streamed per member.

    A damaged archive yields one item with a Dutch problem and no stream.
    """
    if pad.suffix.lower() in BERICHT_EXTENSIES:
        with open(pad, "rb") as f:
            yield naam, f, None
        return
    try:
        archief = zipfile.ZipFile(pad)
    except (zipfile.BadZipFile, OSError) as e:
        yield naam, None, f"zip-archief niet te openen: {e}"
        return
    with archief:
        for info in archief.infolist():
            if info.is_dir() or Path(info.filename).name.startswith((".", "~$")):
                continue
            lid = f"{naam}/{info.filename}"
            if Path(info.filename).suffix.lower() not in BERICHT_EXTENSIES:
                yield lid, None, "bestand in zip-archief is geen XML-bericht; overgeslagen"
                continue
            with archief.open(info) as stroom:
                yield lid, stroom, None


# --------------------------------------------------------------------------- one message


@dataclass
class _Verzameling:
    """Rows and schema rejections of one table in one file."""

    rijen: list[dict] = field(default_factory=list)
    geweigerd: list[dict] = field(default_factory=list)


@dataclass
class _Stand:
    """Everything read so far."""

    per: dict[tuple[str, str], _Verzameling] = field(default_factory=dict)
    bericht_q: list[dict] = field(default_factory=list)
    telling: Counter = field(default_factory=Counter)
    fout_telling: Counter = field(default_factory=Counter)
    volgorde: int = 0
    rijen: dict[str, int] = field(default_factory=dict)

    def verzameling(self, tabel: str, bestand: str) -> _Verzameling:
        return self.per.setdefault((tabel, bestand), _Verzameling())

    def bericht_fout(self, bestand: str, kolom: str, waarde: str, reden: str) -> None:
        self.bericht_q.append(
            {
                "tabel": BERICHT_QUARANTAINE,
                "bestand": bestand,
                "rij": None,
                "kolom": kolom,
                "waarde": waarde,
                "reden": reden,
            }
        )


_PADEN: dict[str, str] = {}


def _xpad(pad: str) -> str:
    """``Omvang/Volume`` → ``{*}Omvang/{*}Volume`` (cached)."""
    if pad not in _PADEN:
        _PADEN[pad] = "/".join("{*}" + d for d in pad.split("/"))
    return _PADEN[pad]


def _veld(el: etree._Element, pad: str) -> str | None:
    """Text of a field below the unit, or below an ancestor (``Client::Bsn``)."""
    if "::" in pad:
        voorouder, pad = pad.split("::", 1)
        el = next(el.iterancestors("{*}" + voorouder), None)
        if el is None:
            return None
    tekst = el.findtext(_xpad(pad))
    return tekst.strip() if tekst is not None and tekst.strip() else None


def _kop(wortel: etree._Element, t: Berichttype) -> dict[str, str | None]:
    kop = wortel.find("{*}Header")
    if kop is None:
        return {}
    afzender, ontvanger = kop.findtext("{*}Afzender"), kop.findtext("{*}Ontvanger")
    van_gemeente = t.nummer in VAN_GEMEENTE
    return {
        "wet": t.wet,
        "datum_bericht": kop.findtext("{*}BerichtIdentificatie/{*}Dagtekening"),
        "aanbieder_agb": ontvanger if van_gemeente else afzender,
        "gemeentecode": afzender if van_gemeente else ontvanger,
    }


def _rij(el: etree._Element, spec: Eenheid, kop: dict, client: bool) -> dict:
    rij = {**kop, **spec.vast}
    for kolom, pad in spec.velden.items():
        rij[kolom] = _veld(el, pad)
    if client:
        rij["bsn"] = _veld(el, "Client::Bsn")
        rij["geboortedatum"] = _veld(el, "Client::Geboortedatum/Datum")
    return rij


def _eenheden(
    boom: etree._ElementTree, t: Berichttype
) -> list[tuple[Eenheid, etree._Element, str]]:
    uit = []
    for spec in EENHEDEN.get(t.nummer, ()):
        for el in boom.getroot().iter("{*}" + spec.element):
            uit.append((spec, el, boom.getpath(el)))
    return uit


def _binnen(fout: Schemafout, pad: str) -> bool:
    return fout.pad == pad or fout.pad.startswith(pad + "/")


def _q(tabel: str, bron: str, lid: str, rij: int, fout: Schemafout, t: Berichttype) -> dict:
    waar = t.naam if lid == bron else f"{t.naam} ({lid.removeprefix(bron + '/')})"
    return {
        "tabel": tabel,
        "bestand": bron,
        "rij": rij,
        "kolom": leesbaar_pad(fout.pad),
        "waarde": fout.waarde,
        "reden": f"{waar}: {fout.reden}",
    }


def _verdeel(
    stand: _Stand,
    bron: str,
    lid: str,
    boom: etree._ElementTree,
    t: Berichttype,
    fouten: list[Schemafout],
) -> None:
    """Units to rows or to the quarantine; errors outside every unit reject them all.

    ``bron`` is the file as the build counts it (a loose message or a zip archive), ``lid``
    the message itself; the row number runs over all units of ``bron``.
    """
    eenheden = _eenheden(boom, t)
    paden = [p for _, _, p in eenheden]
    algemeen = [f for f in fouten if not any(_binnen(f, p) for p in paden)]
    if not eenheden:
        for f in algemeen:
            stand.bericht_fout(lid, leesbaar_pad(f.pad), f.waarde, f"{t.naam}: {f.reden}")
        return
    kop = _kop(boom.getroot(), t)
    for spec, el, pad in eenheden:
        verz = stand.verzameling(spec.tabel, bron)
        stand.rijen[bron] = rijnummer = stand.rijen.get(bron, 0) + 1
        eigen = [f for f in fouten if _binnen(f, pad)] + algemeen
        if eigen:
            verz.geweigerd += [_q(spec.tabel, bron, lid, rijnummer, f, t) for f in eigen]
            continue
        stand.volgorde += 1
        rij = _rij(el, spec, kop, contract(spec.tabel).client)
        rij.update(bronrij=rijnummer, volgorde=stand.volgorde, _spec=spec)
        verz.rijen.append(rij)


def _parse(stroom: IO[bytes]) -> etree._ElementTree:
    return etree.parse(stroom, etree.XMLParser(**_PARSER_OPTIES))


def lees_bericht(
    stand: _Stand, bron: str, bestand: str, stroom: IO[bytes], external: Path | None
) -> None:
    """Read, validate and cut one message; problems go to ``stand`` (never raise).

    Args:
        stand: What was read so far.
        bron: The file as the build counts it (a loose message, or the zip archive).
        bestand: The message itself (``archief.zip/map/JW301.xml`` in an archive).
        stroom: The message's bytes, read as a stream.
        external: Public-data folder with the XSDs (None: the default).
    """
    try:
        boom = _parse(stroom)
    except etree.XMLSyntaxError as e:
        stand.telling["(onleesbaar)"] += 1
        stand.bericht_fout(
            bestand, "", "", f"XML niet leesbaar (regel {e.lineno}): bericht overgeslagen"
        )
        return
    t = berichttype(boom.getroot().tag)
    if t is None:
        stand.telling["(onbekend)"] += 1
        naam = etree.QName(boom.getroot()).namespace or ""
        stand.bericht_fout(bestand, "", naam, "geen iJw- of iWmo-bericht (onbekende namespace)")
        return
    stand.telling[t.naam] += 1
    try:
        fouten = valideer(boom, laad_schema(t, external))
    except SchemaOntbreekt as e:
        if not t.retour:
            stand.fout_telling[t.naam] += 1
            stand.bericht_fout(bestand, "", t.naam, f"{t.naam}: {e}; bericht niet gelezen")
        return
    if fouten:
        stand.fout_telling[t.naam] += 1
    if t.retour or t.nummer not in EENHEDEN:
        for f in fouten:
            stand.bericht_fout(bestand, leesbaar_pad(f.pad), f.waarde, f"{t.naam}: {f.reden}")
        return
    _verdeel(stand, bron, bestand, boom, t, fouten)


# --------------------------------------------------------------------------- into the tables


@dataclass
class BerichtenUitkomst:
    """What the messages gave.

    Attributes:
        resultaten: Per table, one :class:`Resultaat` per file (as the build keeps them).
        afgeleid: ``toewijzingen_historie``: every version of every 301 toewijzing.
        quarantaine: Problems of whole messages that have no unit to blame (table
            ``berichten``: unreadable XML, unknown type, errors in a retourbericht).
        telling: Per message type: ``aantal_berichten``, ``aantal_met_schemafout``, ``retour``.
    """

    resultaten: dict[str, list[Resultaat]] = field(default_factory=dict)
    afgeleid: dict[str, pd.DataFrame] = field(default_factory=dict)
    quarantaine: pd.DataFrame = field(default_factory=lege_quarantaine)
    telling: pd.DataFrame = field(default_factory=pd.DataFrame)

    def verslag(self) -> list[str]:
        """Dutch lines for the build report: messages and retourberichten per type.

        >>> u = BerichtenUitkomst(telling=pd.DataFrame({"berichttype": ["JW301", "JW302"],
        ...     "retour": [False, True], "aantal_berichten": [3, 1], "aantal_met_schemafout": [0, 1]}))
        >>> u.verslag()
        ['iJw/iWmo-berichten gelezen: JW301 3', 'retourberichten geteld (niet in tabellen): JW302 1 (1 met schemafout)']
        """
        if self.telling.empty:
            return []

        def regel(df: pd.DataFrame) -> str:
            return ", ".join(
                f"{r.berichttype} {r.aantal_berichten}"
                + (
                    f" ({r.aantal_met_schemafout} met schemafout)"
                    if r.aantal_met_schemafout
                    else ""
                )
                for r in df.itertuples()
            )

        uit = []
        gewoon, retour = self.telling[~self.telling["retour"]], self.telling[self.telling["retour"]]
        if len(gewoon):
            uit.append(f"iJw/iWmo-berichten gelezen: {regel(gewoon)}")
        if len(retour):
            uit.append(f"retourberichten geteld (niet in tabellen): {regel(retour)}")
        return uit

    def voeg_toe(
        self,
        resultaten: dict[str, list[Resultaat]],
        per_tabel: dict[str, list[Path]],
        waarschuwingen: list[str],
        bestanden: dict[str, list[Path]] | None = None,
    ) -> None:
        """Merge into a build: results per table, files per table, report lines."""
        for naam, lijst in self.resultaten.items():
            resultaten.setdefault(naam, []).extend(lijst)
        for naam, paden in (bestanden or {}).items():
            per_tabel.setdefault(naam, []).extend(paden)
        waarschuwingen.extend(self.verslag())


def _afgeleide_kolommen(df: pd.DataFrame, tabel: str) -> pd.DataFrame:
    """Columns computed before typing: euro amounts, answers in words, age group."""
    if tabel == "declaraties":
        df["bedrag_eur"] = [
            bedrag_eur(c, d) for c, d in zip(df["bedrag_cent"], df["debet_credit"], strict=True)
        ]
        df["tarief_eur"] = [bedrag_eur(c, "D") for c in df["tarief_cent"]]
        credit = df["debet_credit"].fillna("").str.upper().eq("C")
        volume = pd.to_numeric(df["geleverd_volume"], errors="coerce")
        # a credit reverses the volume; a value that is no number goes on to the contract check
        df["geleverd_volume"] = df["geleverd_volume"].where(~(credit & volume.notna()), -volume)
    if tabel == "verzoekantwoorden":
        df["verzoek_antwoord"] = df["verzoek_antwoord"].map(lambda v: VERZOEK_ANTWOORD.get(v, v))
    if "geboortedatum" in df.columns:
        geboren = pd.to_datetime(df["geboortedatum"], errors="coerce", format="%Y-%m-%d")
        peil = df["_spec"].map(lambda s: s.peildatum)
        op = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        for kolom in peil.dropna().unique():
            m = peil == kolom
            op[m] = pd.to_datetime(df.loc[m, kolom], errors="coerce", format="%Y-%m-%d")
        df["leeftijdsgroep"] = leeftijdsgroepen(geboren, op)
        df = df.drop(columns=["geboortedatum"])
    return df


def _kolompaden(tabel: str) -> dict[str, str]:
    """Contract column → element path, for the quarantine of message rows."""
    uit: dict[str, str] = {"bsn": "Client/Bsn", "aanbieder_agb": "Header", "wet": "Header"}
    for specs in EENHEDEN.values():
        for spec in specs:
            if spec.tabel == tabel:
                for kolom, pad in spec.velden.items():
                    uit.setdefault(kolom, f"{spec.element}/{pad.replace('::', '/')}")
    uit["bedrag_eur"] = uit.get("bedrag_cent", "bedrag_eur")
    uit["datum_bericht"] = "Header/BerichtIdentificatie/Dagtekening"
    uit["datum_verzoek"] = uit["datum_antwoord"] = uit["datum_bericht"]
    return uit


def _meta(df: pd.DataFrame, tabel: str) -> pd.DataFrame:
    """The columns kept beside the contract table: order, message date and the spec's meta."""
    extra = sorted(
        {m for s in df["_spec"] for m in s.meta} - {"leeftijdsgroep"} | {"leeftijdsgroep"}
    )
    kolommen = ["bronrij", "volgorde", "datum_bericht", *[k for k in extra if k in df.columns]]
    meta = df[kolommen].copy()
    meta["datum_bericht"] = pd.to_datetime(
        meta["datum_bericht"], errors="coerce", format="%Y-%m-%d"
    )
    return meta


def _ruwe_rijen(tabel: str, per_bron: dict[str, _Verzameling]) -> pd.DataFrame:
    rijen = [{**r, "bronbestand": bron} for bron, v in per_bron.items() for r in v.rijen]
    if not rijen:
        return pd.DataFrame(
            columns=["_spec", "bronrij", "volgorde", "datum_bericht", "bronbestand"]
        )
    df = pd.DataFrame(rijen)
    if tabel == "verzoeken":
        df["datum_verzoek"] = df["datum_bericht"]
    if tabel == "verzoekantwoorden":
        df["datum_antwoord"] = df["datum_bericht"]
    return _afgeleide_kolommen(df, tabel)


def _valideer_tabel(
    tabel: str, per_bron: dict[str, _Verzameling], sleutel: bytes
) -> tuple[list[Resultaat], pd.DataFrame]:
    """Type the valid units of one table in one go, then one :class:`Resultaat` per file.

    Returns:
        The results (schema rejections included) and the meta columns per row.
    """
    t = contract(tabel)
    df = _ruwe_rijen(tabel, per_bron)
    ruw = pd.DataFrame({k.naam: df.get(k.naam) for k in t.kolommen}, index=df.index)
    res = valideer_frame(ruw.astype(object), t, "", list(range(len(df))), sleutel)
    bron, bronrij = df["bronbestand"].to_numpy(), df["bronrij"].to_numpy()
    i = res.geaccepteerd["bronrij"].astype(int).to_numpy()
    acc = res.geaccepteerd.assign(
        bronbestand=pd.array(bron[i], dtype="string"), bronrij=pd.array(bronrij[i], dtype="Int64")
    )
    paden = _kolompaden(tabel)
    q = res.quarantaine
    j = q["rij"].astype(int).to_numpy()
    q = q.assign(
        bestand=pd.array(bron[j], dtype="string"),
        rij=pd.array(bronrij[j], dtype="Int64"),
        kolom=q["kolom"].map(lambda k: paden.get(k, k)).astype("string"),
    )
    per_acc = dict(tuple(acc.groupby("bronbestand", sort=False))) if len(acc) else {}
    per_q = dict(tuple(q.groupby("bestand", sort=False))) if len(q) else {}
    uit = [
        _per_bestand(tabel, b, v, per_acc.get(b, acc.iloc[:0]), per_q.get(b, q.iloc[:0]))
        for b, v in per_bron.items()
    ]
    meta = (
        _meta(df, tabel)
        if len(df)
        else pd.DataFrame(columns=["bronrij", "volgorde", "datum_bericht"])
    )
    return uit, meta.assign(bronbestand=df["bronbestand"].astype("string"))


def _per_bestand(
    tabel: str, bestand: str, verz: _Verzameling, acc: pd.DataFrame, q: pd.DataFrame
) -> Resultaat:
    """The result of one file: its accepted rows, its rejections, schema ones included."""
    opmerkingen = []
    n_schema = 0
    if verz.geweigerd:
        schema_q = pd.DataFrame(verz.geweigerd, columns=list(QUARANTAINE_KOLOMMEN))
        q = pd.concat([schema_q.astype(q.dtypes.to_dict()), q], ignore_index=True)
        n_schema = schema_q["rij"].nunique()
        opmerkingen.append(
            f"{n_schema} eenhe{'id' if n_schema == 1 else 'den'} met schemafout in quarantaine"
        )
    return Resultaat(
        tabel=tabel,
        bestand=bestand,
        geaccepteerd=acc.reset_index(drop=True),
        quarantaine=q.reset_index(drop=True),
        rijen_gelezen=len(verz.rijen) + n_schema,
        rijen_geweigerd=int(q["rij"].nunique()),
        opmerkingen=opmerkingen,
    )


def _weiger(lijst: list[Resultaat], weg: pd.DataFrame, tabel: str, kolom: str) -> None:
    """Take rows (``bronbestand``, ``bronrij``, ``reden``, ``waarde``) out of the results."""
    for res in lijst:
        deel = weg[weg["bronbestand"] == res.bestand]
        if deel.empty:
            continue
        uit = res.geaccepteerd["bronrij"].isin(deel["bronrij"])
        res.geaccepteerd = res.geaccepteerd[~uit].reset_index(drop=True)
        q = pd.DataFrame(
            {
                "tabel": tabel,
                "bestand": res.bestand,
                "rij": deel["bronrij"].to_numpy(),
                "kolom": kolom,
                "waarde": deel["waarde"].astype("string").to_numpy(),
                "reden": deel["reden"].to_numpy(),
            }
        )
        res.quarantaine = pd.concat(
            [res.quarantaine, q.astype(res.quarantaine.dtypes.to_dict())], ignore_index=True
        )
        res.rijen_geweigerd += int(deel["bronrij"].nunique())


def _samen(lijst: list[Resultaat], metas: list[pd.DataFrame]) -> pd.DataFrame:
    df = pd.concat([r.geaccepteerd for r in lijst], ignore_index=True)
    meta = pd.concat(metas, ignore_index=True)
    return df.merge(meta, on=["bronbestand", "bronrij"], how="left", suffixes=("", "_meta"))


def _toewijzingen(lijst: list[Resultaat], metas: list[pd.DataFrame]) -> pd.DataFrame:
    """Supersede earlier 301 versions; return the history."""
    tw = _samen(lijst, metas)
    if tw.empty:
        return tw
    tw["toewijzingsdatum"] = pd.to_datetime(
        tw["toewijzingsdatum"], errors="coerce", format="%Y-%m-%d"
    )
    weg, hist = vervang_toewijzingen(tw)
    d = hist[weg]
    _weiger(
        lijst,
        d.assign(
            waarde=d["toewijzingnummer"],
            reden="vervangen door een latere toewijzing (301) in "
            + d["vervangen_door"]
            + "; alle versies staan in "
            + HISTORIE_TABEL,
        ),
        "toewijzingen",
        "ToegewezenProduct/ToewijzingNummer",
    )
    hist["budget_eur"] = pd.to_numeric(hist["budget_cent"], errors="coerce") / 100
    hist = hist.drop(columns=["budget_cent", "volgorde", "toewijzingstijd"], errors="ignore")
    tekst = [
        k
        for k in ("reden_wijziging", "referentie_aanbieder", "leeftijdsgroep", "gemeentecode")
        if k in hist
    ]
    return hist.astype(dict.fromkeys(tekst, "string"))


def _zorgmutaties(lijst: list[Resultaat], metas: list[pd.DataFrame]) -> None:
    zm = _samen(lijst, metas)
    if zm.empty:
        return
    reden = verwerk_aanleveringen(zm)
    d = zm[reden.notna()]
    _weiger(
        lijst,
        d.assign(waarde=d["status_aanlevering"], reden=reden[reden.notna()]),
        "zorgmutaties",
        "StatusAanlevering",
    )


def _telling(stand: _Stand) -> pd.DataFrame:
    rijen = [
        {
            "berichttype": naam,
            "retour": bool(berichttype_naam(naam)),
            "aantal_berichten": n,
            "aantal_met_schemafout": stand.fout_telling.get(naam, 0),
        }
        for naam, n in sorted(stand.telling.items())
    ]
    return pd.DataFrame(
        rijen, columns=["berichttype", "retour", "aantal_berichten", "aantal_met_schemafout"]
    )


def berichttype_naam(naam: str) -> bool | None:
    """Whether a type name (``JW302``) is a retourbericht; None for ``(onbekend)``.

    >>> berichttype_naam("JW325"), berichttype_naam("WMO301"), berichttype_naam("(onleesbaar)")
    (True, False, None)
    """
    cijfers = naam[-3:]
    return cijfers in RETOUR_NUMMERS if cijfers.isdigit() else None


def lees_berichten(
    paden: Iterable[Path],
    sleutel: bytes,
    namen: dict[Path, str] | None = None,
    external: Path | str | None = None,
    log: Callable[[str], None] | None = None,
) -> BerichtenUitkomst:
    """Read message files (``.xml``, ``.zip``) into the contract tables.

    Args:
        paden: Message files.
        sleutel: Key for the Bsn pseudonym (as for CSV files).
        namen: Name per file in quarantine and quality table (default: file name).
        external: Public-data folder with the XSDs (default ``instellingen.external_dir()``).
        log: Receives one Dutch line per table and file.

    Returns:
        A :class:`BerichtenUitkomst`; never raises for bad input.
    """
    stand = _Stand()
    externe = Path(external) if external is not None else None
    for pad in paden:
        bron = (namen or {}).get(pad, Path(pad).name)
        for bestand, stroom, probleem in berichten_in(Path(pad), bron):
            if stroom is None:
                stand.bericht_fout(bestand, "", "", probleem or "")
                continue
            lees_bericht(stand, bron, bestand, stroom, externe)
    return _uitkomst(stand, sleutel, log or (lambda _t: None))


def _uitkomst(stand: _Stand, sleutel: bytes, log: Callable[[str], None]) -> BerichtenUitkomst:
    uit = BerichtenUitkomst(telling=_telling(stand))
    metas: dict[str, list[pd.DataFrame]] = {}
    per_tabel: dict[str, dict[str, _Verzameling]] = {}
    for (tabel, bron), verz in stand.per.items():
        per_tabel.setdefault(tabel, {})[bron] = verz
    for tabel, per_bron in per_tabel.items():
        uit.resultaten[tabel], meta = _valideer_tabel(tabel, per_bron, sleutel)
        metas[tabel] = [meta]
    if "toewijzingen" in uit.resultaten:
        uit.afgeleid[HISTORIE_TABEL] = _toewijzingen(
            uit.resultaten["toewijzingen"], metas["toewijzingen"]
        )
    if "zorgmutaties" in uit.resultaten:
        _zorgmutaties(uit.resultaten["zorgmutaties"], metas["zorgmutaties"])
    if stand.bericht_q:
        uit.quarantaine = pd.DataFrame(stand.bericht_q, columns=list(QUARANTAINE_KOLOMMEN)).astype(
            lege_quarantaine().dtypes.to_dict()
        )
    for naam, lijst in uit.resultaten.items():
        for r in lijst:
            log(
                f"  {naam:<13} {r.bestand:<36} gelezen {r.rijen_gelezen:>8}  "
                f"geaccepteerd {r.rijen_geaccepteerd:>8}  geweigerd {r.rijen_geweigerd:>6}"
            )
    return uit


def lees_berichtenmappen(
    raw_dirs: Iterable[str | Path],
    sleutel: bytes,
    log: Callable[[str], None] | None = None,
    external: Path | str | None = None,
) -> tuple[BerichtenUitkomst, dict[str, list[Path]]]:
    """All message files below the raw folders, with the files that gave rows per table.

    File names in the quarantine are the paths below their raw folder (unique when two
    folders hold a ``JW301.xml``).
    """
    wortels = [Path(d) for d in raw_dirs]
    paden = vind_berichtbestanden(wortels)
    namen = {p: _naam(p, wortels) for p in paden}
    uitkomst = lees_berichten(paden, sleutel, namen, external, log)
    per_tabel: dict[str, list[Path]] = {}
    terug = {v: k for k, v in namen.items()}
    for naam, lijst in uitkomst.resultaten.items():
        for r in lijst:
            pad = terug.get(r.bestand) or terug.get(r.bestand.split(".zip/", 1)[0] + ".zip")
            if pad is not None and pad not in per_tabel.get(naam, []):
                per_tabel.setdefault(naam, []).append(pad)
    return uitkomst, per_tabel


def _naam(pad: Path, wortels: list[Path]) -> str:
    for w in wortels:
        try:
            return pad.relative_to(w).as_posix()
        except ValueError:
            continue
    return pad.name
