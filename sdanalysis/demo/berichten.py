"""Write toewijzingen and declaraties as valid iJw/iWmo 3.2 messages (SYNTHETIC data).

:func:`berichten_uit_tabellen` turns processed ``toewijzingen`` and ``declaraties`` (with a
BSN per client) into message files: a 315 verzoek and a 301 toewijzing per toewijzing, a
305 start and, when care ended before the peildatum, a 307 stop, and one 323 declaratie per
aanbieder, wet and year. :func:`schrijf_berichten` does this for the demo gemeente: it
builds the demo from CSV first and writes exactly the rows that build accepted, so a build
from the messages gives the same toewijzingen and declaraties (``sdanalysis demo
--berichten DIR``). Names in the messages are the placeholder ``Synthetisch``; the reader
never stores them anyway.

The standard has whole numbers for volumes: an hourly volume with a fraction is written in
minutes (eenheid ``01``), and ToewijzingNummer is a number of at most nine digits
(:func:`berichtnummer`).

>>> berichtnummer("T2019000123")
'19000123'
>>> omvang(3.5, "04"), omvang(2.0, "16")
(('210', '01'), ('2', '16'))
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

#: Bericht codes (Header/BerichtCode) per wet and message number, as fixed by the XSDs.
BERICHTCODES = {
    ("JW", "301"): "436",
    ("JW", "305"): "438",
    ("JW", "307"): "440",
    ("JW", "315"): "446",
    ("JW", "323"): "490",
    ("WMO", "301"): "414",
    ("WMO", "305"): "418",
    ("WMO", "307"): "420",
    ("WMO", "315"): "444",
    ("WMO", "323"): "484",
}
_STANDAARD = {"JW": ("ijw", "jw"), "WMO": ("iwmo", "wmo")}
#: Demo choices: RedenBeeindiging (31: volgens plan beëindigd), Verwijzer.Type (01: gemeente).
REDEN_BEEINDIGING = "31"
VERWIJZER_TYPE = "01"
#: Every this-many-th toewijzing gets no start message (care not started yet, for the demo).
ZONDER_START_ELKE = 17


def berichtnummer(toewijzingnummer: str) -> str:
    """A ToewijzingNummer as the standard wants it: digits only, at most nine.

    >>> berichtnummer("12345"), berichtnummer("T2024123456")
    ('12345', '24123456')
    """
    cijfers = "".join(c for c in str(toewijzingnummer) if c.isdigit())[-9:]
    return str(int(cijfers)) if cijfers else "0"


def omvang(volume: float, eenheid: str) -> tuple[str, str]:
    """Volume and eenheid as whole numbers: fractional hours become minutes (``01``).

    >>> omvang(1.25, "04")
    ('75', '01')
    """
    if eenheid == "04" and float(volume) != int(volume):
        return str(round(float(volume) * 60)), "01"
    return str(round(float(volume))), eenheid


def _datum(d: pd.Timestamp) -> str:
    return f"{d:%Y-%m-%d}"


def _stabiel(tekst: str) -> int:
    """A small stable number from a text (no randomness: same input, same messages)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(str(tekst))) % 9973


@dataclass(frozen=True)
class Kop:
    """Header of one message."""

    wet: str
    nummer: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: pd.Timestamp


def _omhul(kop: Kop, inhoud: str) -> bytes:
    std, pre = _STANDAARD[kop.wet]
    ns = f"http://www.istandaarden.nl/{std}/3_2"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<m:Bericht xmlns:m="{ns}/{pre}{kop.nummer}/schema" xmlns:b="{ns}/basisschema/schema">'
        f"<m:Header><m:BerichtCode>{BERICHTCODES[(kop.wet, kop.nummer)]}</m:BerichtCode>"
        "<m:BerichtVersie>3</m:BerichtVersie><m:BerichtSubversie>2</m:BerichtSubversie>"
        f"<m:Afzender>{kop.afzender}</m:Afzender><m:Ontvanger>{kop.ontvanger}</m:Ontvanger>"
        f"<m:BerichtIdentificatie><b:Identificatie>{escape(kop.identificatie)}</b:Identificatie>"
        f"<b:Dagtekening>{_datum(kop.dagtekening)}</b:Dagtekening></m:BerichtIdentificatie>"
        "<m:XsdVersie><b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie>"
        "<b:BerichtXsdVersie>1.0.0</b:BerichtXsdVersie></m:XsdVersie></m:Header>"
        f"{inhoud}</m:Bericht>\n"
    ).encode()


def _client(bsn: str, geboren: pd.Timestamp, volledig: bool) -> str:
    naam = "<b:Geslachtsnaam><b:Achternaam>Synthetisch</b:Achternaam></b:Geslachtsnaam>"
    if volledig:
        naam += "<b:NaamGebruik>1</b:NaamGebruik>"
    return (
        f"<m:Bsn>{bsn}</m:Bsn><m:Geboortedatum><b:Datum>{_datum(geboren)}</b:Datum></m:Geboortedatum>"
        f"<m:Geslacht>0</m:Geslacht><m:Naam>{naam}</m:Naam>"
    )


def _product(r: pd.Series) -> str:
    code = "" if pd.isna(r["productcode"]) else f"<b:Code>{escape(str(r['productcode']))}</b:Code>"
    return f"<m:Product><b:Categorie>{r['productcategorie']}</b:Categorie>{code}</m:Product>"


def _omvang_xml(r: pd.Series) -> str:
    if pd.isna(r["volume"]) or pd.isna(r["eenheid"]) or pd.isna(r["frequentie"]):
        return ""
    volume, eenheid = omvang(r["volume"], str(r["eenheid"]))
    return (
        f"<m:Omvang><b:Volume>{volume}</b:Volume><b:Eenheid>{eenheid}</b:Eenheid>"
        f"<b:Frequentie>{r['frequentie']}</b:Frequentie></m:Omvang>"
    )


def _einde(r: pd.Series, element: str) -> str:
    return "" if pd.isna(r["einddatum"]) else f"<m:{element}>{_datum(r['einddatum'])}</m:{element}>"


@dataclass(frozen=True)
class _Toewijzing:
    """One toewijzing row with what its messages need."""

    r: pd.Series
    nummer: str
    bsn: str
    geboren: pd.Timestamp
    toegewezen: pd.Timestamp
    start: pd.Timestamp | None


def _referentie(nummer: str) -> str:
    """ReferentieAanbieder of the demo verzoek: digits written as letters (never BSN-like).

    >>> _referentie("15000011")
    'Vbfaaaabb'
    """
    return "V" + nummer.translate(str.maketrans("0123456789", "abcdefghij"))


def _bericht_315(t: _Toewijzing, gemeente: str) -> bytes:
    r = t.r
    verzocht = t.toegewezen - pd.Timedelta(days=_stabiel(t.nummer) % 28)
    inhoud = (
        f"<m:Client>{_client(t.bsn, t.geboren, False)}<m:AangevraagdeProducten><m:AangevraagdProduct>"
        f"<m:ReferentieAanbieder>{_referentie(t.nummer)}</m:ReferentieAanbieder>{_product(r)}"
        f"<m:ToewijzingIngangsdatum>{_datum(r['ingangsdatum'])}</m:ToewijzingIngangsdatum>"
        f"{_einde(r, 'ToewijzingEinddatum')}{_omvang_xml(r)}"
        f"<m:Verwijzer><b:Type>{VERWIJZER_TYPE}</b:Type></m:Verwijzer>"
        "</m:AangevraagdProduct></m:AangevraagdeProducten></m:Client>"
    )
    kop = Kop(r["wet"], "315", r["aanbieder_agb"], gemeente, f"V{t.nummer}", verzocht)
    return _omhul(kop, inhoud)


def _bericht_301(t: _Toewijzing, gemeente: str) -> bytes:
    r = t.r
    inhoud = (
        f"<m:Client>{_client(t.bsn, t.geboren, True)}"
        "<m:Contactgegevens><m:Contact><m:Soort>01</m:Soort></m:Contact></m:Contactgegevens>"
        f"<m:ToegewezenProducten><m:ToegewezenProduct><m:ToewijzingNummer>{t.nummer}</m:ToewijzingNummer>"
        f"<m:ReferentieAanbieder>{_referentie(t.nummer)}</m:ReferentieAanbieder>{_product(r)}"
        f"<m:Toewijzingsdatum>{_datum(t.toegewezen)}</m:Toewijzingsdatum>"
        "<m:Toewijzingstijd>12:00:00</m:Toewijzingstijd>"
        f"<m:Ingangsdatum>{_datum(r['ingangsdatum'])}</m:Ingangsdatum>{_einde(r, 'Einddatum')}"
        f"{_omvang_xml(r)}</m:ToegewezenProduct></m:ToegewezenProducten></m:Client>"
    )
    kop = Kop(r["wet"], "301", gemeente, r["aanbieder_agb"], f"T{t.nummer}", t.toegewezen)
    return _omhul(kop, inhoud)


def _startstop(t: _Toewijzing, nummer: str, gemeente: str) -> bytes:
    r = t.r
    stop = nummer == "307"
    element = "StopProduct" if stop else "StartProduct"
    extra = (
        f"<m:RedenBeeindiging>{REDEN_BEEINDIGING}</m:RedenBeeindiging>"
        f"<m:Einddatum>{_datum(r['einddatum'])}</m:Einddatum>"
        if stop
        else ""
    )
    inhoud = (
        f"<m:Client>{_client(t.bsn, t.geboren, False)}<m:{element}en><m:{element}>"
        f"<m:ToewijzingNummer>{t.nummer}</m:ToewijzingNummer>{_product(r)}"
        f"<m:ToewijzingIngangsdatum>{_datum(r['ingangsdatum'])}</m:ToewijzingIngangsdatum>"
        f"<m:Begindatum>{_datum(t.start)}</m:Begindatum>{extra}"
        f"<m:StatusAanlevering>1</m:StatusAanlevering></m:{element}></m:{element}en></m:Client>"
    )
    dag = (r["einddatum"] if stop else t.start) + pd.Timedelta(days=3)
    kop = Kop(r["wet"], nummer, r["aanbieder_agb"], gemeente, f"{nummer[-1]}{t.nummer}", dag)
    return _omhul(kop, inhoud)


def _geboren(bsn: str, wet: str, op: pd.Timestamp) -> pd.Timestamp:
    h = _stabiel(bsn)
    jaren = 4 + h % 13 if wet == "JW" else 25 + h % 60
    return op - pd.DateOffset(years=jaren, days=h % 300)


def _toewijzing(r: pd.Series, bsn: str, peildatum: pd.Timestamp) -> _Toewijzing:
    nummer = berichtnummer(r["toewijzingnummer"])
    h = _stabiel(nummer)
    toegewezen = r["ingangsdatum"] - pd.Timedelta(days=h % 10)
    start = r["ingangsdatum"] + pd.Timedelta(days=h % 21)
    if pd.notna(r["einddatum"]):
        start = min(start, r["einddatum"])
    if start > peildatum or h % ZONDER_START_ELKE == 0:
        start = None
    return _Toewijzing(
        r, nummer, bsn, _geboren(bsn, r["wet"], r["ingangsdatum"]), toegewezen, start
    )


def _toewijzingsberichten(
    tw: pd.DataFrame, bsn_van: Mapping[str, str], gemeente: str, peildatum: pd.Timestamp
) -> Iterator[tuple[str, bytes]]:
    for _, r in tw.iterrows():
        t = _toewijzing(r, bsn_van[r["client_id"]], peildatum)
        w = r["wet"]
        yield f"{w}315_{t.nummer}.xml", _bericht_315(t, gemeente)
        yield f"{w}301_{t.nummer}.xml", _bericht_301(t, gemeente)
        if t.start is not None:
            yield f"{w}305_{t.nummer}.xml", _startstop(t, "305", gemeente)
            if pd.notna(r["einddatum"]) and r["einddatum"] + pd.Timedelta(days=3) <= peildatum:
                yield f"{w}307_{t.nummer}.xml", _startstop(t, "307", gemeente)


def _prestatie(i: int, r: pd.Series) -> str:
    volume, eenheid = omvang(abs(r["geleverd_volume"]), str(r["eenheid"]))
    cent = round(abs(float(r["bedrag_eur"])) * 100)
    dc = "C" if r["bedrag_eur"] < 0 else "D"
    code = "" if pd.isna(r["productcode"]) else escape(str(r["productcode"]))
    return (
        f"<m:Prestatie><m:ProductReferentie><b:ReferentieNummer>R{i}</b:ReferentieNummer>"
        f"</m:ProductReferentie><m:ToewijzingNummer>{berichtnummer(r['toewijzingnummer'])}</m:ToewijzingNummer>"
        f"<m:ProductCategorie>{r['productcategorie']}</m:ProductCategorie><m:ProductCode>{code}</m:ProductCode>"
        f"<m:ProductPeriode><b:Begindatum>{_datum(r['periode_start'])}</b:Begindatum>"
        f"<b:Einddatum>{_datum(r['periode_eind'])}</b:Einddatum></m:ProductPeriode>"
        f"<m:GeleverdVolume>{volume}</m:GeleverdVolume><m:Eenheid>{eenheid}</m:Eenheid>"
        f"<m:IngediendBedrag><b:Bedrag>{cent}</b:Bedrag><b:DebetCredit>{dc}</b:DebetCredit>"
        "</m:IngediendBedrag></m:Prestatie>"
    )


def _bericht_323(
    sleutel: tuple[str, str, int], deel: pd.DataFrame, bsn_van: Mapping[str, str], gemeente: str
) -> bytes:
    aanbieder, wet, jaar = sleutel
    totaal = round(float(deel["bedrag_eur"].sum()) * 100)
    clienten = "".join(
        f"<m:Client><m:Bsn>{bsn_van[cid]}</m:Bsn><m:Prestaties>"
        + "".join(_prestatie(i, r) for i, r in groep.iterrows())
        + "</m:Prestaties></m:Client>"
        for cid, groep in deel.groupby("client_id", sort=True)
    )
    eind = deel["periode_eind"].max()
    inhoud = (
        f"<m:Declaratie><m:DeclaratieNummer>D{jaar}{aanbieder[-4:]}</m:DeclaratieNummer>"
        f"<m:DeclaratiePeriode><b:Begindatum>{_datum(deel['periode_start'].min())}</b:Begindatum>"
        f"<b:Einddatum>{_datum(eind)}</b:Einddatum></m:DeclaratiePeriode>"
        f"<m:DeclaratieDagtekening>{_datum(eind)}</m:DeclaratieDagtekening>"
        f"<m:TotaalIngediendBedrag><b:TotaalBedrag>{abs(totaal)}</b:TotaalBedrag>"
        f"<b:DebetCredit>{'C' if totaal < 0 else 'D'}</b:DebetCredit></m:TotaalIngediendBedrag>"
        f"<m:Clienten>{clienten}</m:Clienten></m:Declaratie>"
    )
    kop = Kop(wet, "323", aanbieder, gemeente, f"D{jaar}{aanbieder[-6:]}", eind)
    return _omhul(kop, inhoud)


def berichten_uit_tabellen(
    toewijzingen: pd.DataFrame,
    declaraties: pd.DataFrame,
    bsn_van: Mapping[str, str],
    gemeentecode: str,
    peildatum: str | pd.Timestamp,
) -> Iterator[tuple[str, bytes]]:
    """Message files (name, bytes) for processed toewijzingen and declaraties.

    Args:
        toewijzingen: Processed toewijzingen (``client_id``, ``wet``, product, dates, omvang,
            ``aanbieder_agb``).
        declaraties: Processed declaraties; each must refer to a toewijzing.
        bsn_van: BSN per ``client_id`` (synthetic data only).
        gemeentecode: Four digits, the sender of 301 and receiver of the others.
        peildatum: No 305/307 after this day.

    Raises:
        ValueError: two toewijzingnummers that become the same message number.
    """
    nummers = toewijzingen["toewijzingnummer"].map(berichtnummer)
    if nummers.duplicated().any():
        raise ValueError("toewijzingnummers vallen samen als berichtnummer (ten hoogste 9 cijfers)")
    peil = pd.Timestamp(peildatum)
    yield from _toewijzingsberichten(toewijzingen, bsn_van, gemeentecode, peil)
    tw = toewijzingen.set_index("toewijzingnummer")
    kol = ["client_id", "wet", "aanbieder_agb", "productcategorie", "productcode"]
    d = declaraties.join(tw[kol], on="toewijzingnummer")
    d["jaar"] = d["periode_start"].dt.year
    for sleutel, deel in d.groupby(["aanbieder_agb", "wet", "jaar"], sort=True):
        aanbieder, wet, jaar = sleutel
        yield (
            f"{wet}323_{aanbieder}_{jaar}.xml",
            _bericht_323((aanbieder, wet, int(jaar)), deel, bsn_van, gemeentecode),
        )


# --------------------------------------------------------------------------- the demo gemeente

#: Raw demo files that are not toewijzingen or declaraties: copied beside the messages.
_OVERIGE = ("productcodes", "meldingen", "bevolking", "begroting")


def _bsn_per_pseudoniem(raw: Path, sleutel: bytes) -> dict[str, str]:
    from sdanalysis.bouw.privacy import elfproef, normaliseer_bsn, pseudoniem

    bsns: set[str] = set()
    for pad in raw.glob("toewijzingen_*.csv"):
        kop = pd.read_csv(pad, sep=None, engine="python", dtype=str, nrows=0, encoding="latin-1")
        kolom = next((k for k in kop.columns if "bsn" in k.lower() or "sofi" in k.lower()), None)
        if kolom is None:
            continue
        waarden = pd.read_csv(
            pad, sep=None, engine="python", dtype=str, usecols=[kolom], encoding="latin-1"
        )
        bsns |= {normaliseer_bsn(b) for b in waarden[kolom].dropna()}
    return {pseudoniem(b, sleutel): b for b in bsns if elfproef(b)}


def schrijf_berichten(
    doel: str | Path,
    clients: int | None = None,
    seed: int | None = None,
    gemeentecode: str = "9999",
    zip_per_jaar: bool = False,
) -> dict[str, int]:
    """Write the demo gemeente with toewijzingen and declaraties as iJw/iWmo messages.

    The demo is written as CSV in a temporary folder and built; the toewijzingen and
    declaraties that build accepted are written as messages into ``doel/berichten/`` (or
    one zip per year of the message date), beside copies of the demo's other tables, and
    the folder is marked synthetic. A build of ``doel`` then gives the same toewijzingen
    and declaraties as the CSV build (message numbers: :func:`berichtnummer`).

    Args:
        doel: Target folder (created).
        clients: Approximate number of clients (``None`` = full demo).
        seed: Random seed (default ``instellingen.DEMO_SEED``).
        gemeentecode: Four-digit code in the messages (synthetic default ``9999``).
        zip_per_jaar: Put the messages in ``berichten_<jaar>.zip`` instead of loose files.

    Returns:
        Number of messages per type (``JW301``, ``WMO323``, …).
    """
    from sdanalysis.bouw.pipeline import bouw, markeer_synthetisch
    from sdanalysis.bouw.privacy import sleutel as lees_sleutel
    from sdanalysis.demo.model import DEMO_OPZET
    from sdanalysis.demo.schrijf import schrijf_demo

    doel = Path(doel)
    doel.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="demo-csv-") as tmp:
        raw = Path(tmp)
        schrijf_demo(raw, clients=clients, seed=seed)
        markeer_synthetisch(raw)
        res = bouw([raw], schrijf=False)
        bsn_van = _bsn_per_pseudoniem(raw, lees_sleutel(demo=True))
        for pad in raw.iterdir():
            if pad.name.startswith(_OVERIGE):
                shutil.copyfile(pad, doel / pad.name)
    berichten = berichten_uit_tabellen(
        res.tabellen["toewijzingen"],
        res.tabellen["declaraties"],
        bsn_van,
        gemeentecode,
        DEMO_OPZET.peildatum,
    )
    aantallen = _schrijf(berichten, doel, zip_per_jaar)
    markeer_synthetisch(doel)
    return aantallen


def _schrijf(
    berichten: Iterator[tuple[str, bytes]], doel: Path, zip_per_jaar: bool
) -> dict[str, int]:
    aantallen: dict[str, int] = {}
    map_ = doel / "berichten"
    if not zip_per_jaar:
        map_.mkdir(exist_ok=True)
    archieven: dict[str, zipfile.ZipFile] = {}
    try:
        for naam, inhoud in berichten:
            soort = naam.split("_", 1)[0]
            aantallen[soort] = aantallen.get(soort, 0) + 1
            if zip_per_jaar:
                jaar = inhoud.split(b"<b:Dagtekening>", 1)[1][:4].decode()
                if jaar not in archieven:
                    archieven[jaar] = zipfile.ZipFile(
                        doel / f"berichten_{jaar}.zip", "w", zipfile.ZIP_DEFLATED
                    )
                archieven[jaar].writestr(naam, inhoud)
            else:
                (map_ / naam).write_bytes(inhoud)
    finally:
        for a in archieven.values():
            a.close()
    return dict(sorted(aantallen.items()))


def aantal_per_type(aantallen: Mapping[str, int]) -> np.ndarray:
    """Counts in a fixed order (used by the benchmark's report)."""
    return np.array([aantallen[k] for k in sorted(aantallen)])
