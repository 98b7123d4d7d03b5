"""The build: ``data/raw/`` → read, validate, pseudonymise → ``data/processed/``.

:func:`bouw` reads every CSV/XLSX file below the raw folders, assigns each to a table by
its file name (``toewijzingen_2019.xlsx`` → ``toewijzingen``), validates it against the
contract, de-duplicates over files, adds cross-table information (categorie and taakveld
from ``productcodes``; declaraties must refer to a known toewijzing; see
:mod:`sdanalysis.bouw.verrijken`) and writes one parquet file per table, the derived table
``declaraties_gekoppeld`` (every declaratie with its toewijzing), ``quarantaine.parquet``,
``kwaliteit.parquet`` and ``bouwverslag.json``. The raw folders are only read. A fatal
problem (unreadable file, missing required column, no file for a required table) stops the
build before anything is written, with a Dutch message naming the file.

:func:`laad_tabel` is what notebooks and analyses call: it reads a processed table and
builds the demo first when nothing has been built yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from sdanalysis import instellingen
from sdanalysis.bouw.lezen import LeesFout, bestandsnamen, is_bronbestand
from sdanalysis.bouw.privacy import (
    controleer_bouwuitvoer,
    is_ongewijzigde_demo,
    maskeer_bsn,
    maskeer_frame,
    vingerafdruk_tekst,
)
from sdanalysis.bouw.privacy import sleutel as lees_sleutel
from sdanalysis.bouw.programma import normaliseer_programma
from sdanalysis.bouw.snel import valideer_pad  # CSV fast path; SDANALYSIS_BOUW_SNEL=0: row by row
from sdanalysis.bouw.stroom import (
    Opslag,
    Schrijver,
    Weg,
    eigen_buffers,
    leeg_zoals,
    maskeer_bron,
    maskeer_deel,
    stroomtabellen,
    valideer_in_stukken,
)
from sdanalysis.bouw.valideren import Resultaat, lege_quarantaine, ontdubbel
from sdanalysis.bouw.verrijken import (
    GEKOPPELD_TABEL,
    KENMERKEN,
    kenmerken,
    koppel_declaraties,
    melding_ongekoppeld,
    melding_zonder_vertaling,
    verrijk_toewijzingen,
    verrijk_toewijzingen_deel,
)
from sdanalysis.bouw.werkers import zonder_grote_paginas
from sdanalysis.bronnen.berichten import lees_berichtenmappen
from sdanalysis.bronnen.berichten.lezen import vind_berichtbestanden
from sdanalysis.contracts import TABELLEN, tabel_voor_bestand

#: Marker file in a raw folder that holds synthetic data only (the demo key is then allowed).
SYNTHETISCH_MARKER = "SYNTHETISCH"
#: Version of the processed layout; a default folder built by an older version is rebuilt.
BOUWVERSIE = 3


class BouwFout(Exception):
    """The build cannot run; the message (Dutch) names every file and what was expected."""


@dataclass
class BouwResultaat:
    """What a build produced.

    Attributes:
        tabellen: Accepted rows per contract table.
        quarantaine: All quarantine records.
        kwaliteit: Per table and file: rows read, accepted, quarantined, notes.
        waarschuwingen: Non-fatal Dutch notes (ignored files, unmapped product codes).
        out_dir: Where the parquet files went (``None`` when not written).
        afgeleid: Tables derived from the contract tables (``declaraties_gekoppeld``); they
            are written beside them but have no rows of their own in ``kwaliteit``.
        gestroomd: Tables built in batches (:mod:`sdanalysis.bouw.stroom`) with their rows;
            they were written straight to the output folder and are not in ``tabellen``.
    """

    tabellen: dict[str, pd.DataFrame]
    quarantaine: pd.DataFrame
    kwaliteit: pd.DataFrame
    waarschuwingen: list[str] = field(default_factory=list)
    out_dir: Path | None = None
    afgeleid: dict[str, pd.DataFrame] = field(default_factory=dict)
    gestroomd: dict[str, int] = field(default_factory=dict)


def vind_bestanden(raw_dirs: Iterable[Path]) -> tuple[dict[str, list[Path]], list[Path]]:
    """Raw files per table, and the files that belong to no table.

    Hidden files, README/markdown files and Office lock files (``~$…``) are passed over.
    """
    per_tabel: dict[str, list[Path]] = {}
    onbekend: list[Path] = []
    for d in raw_dirs:
        d = Path(d)
        if not d.is_dir():
            raise BouwFout(f"Map met brongegevens bestaat niet: {d}")
        for pad in sorted(d.rglob("*")):
            if not pad.is_file() or pad.name.startswith((".", "~$")):
                continue
            if not is_bronbestand(pad):
                continue
            tabel = tabel_voor_bestand(pad.name)
            if tabel is None:
                onbekend.append(pad)
            else:
                per_tabel.setdefault(tabel, []).append(pad)
    return per_tabel, onbekend


def is_synthetisch(raw_dirs: Iterable[Path]) -> bool:
    """Whether every raw folder is marked synthetic or holds no client data.

    A folder counts as synthetic when it contains a file named ``SYNTHETISCH``; the
    programme folder holds public figures only. Only then may the demo key be used.
    """
    for d in raw_dirs:
        d = Path(d).resolve()
        if d == instellingen.PROGRAMMA_RAW_DIR.resolve():
            continue
        if not is_ongewijzigde_demo(d / SYNTHETISCH_MARKER):
            return False
    return True


def markeer_synthetisch(map_: Path) -> Path:
    """Mark a raw folder as holding synthetic data only (allows the public demo key)."""
    pad = Path(map_) / SYNTHETISCH_MARKER
    pad.write_text(
        "Deze map bevat uitsluitend SYNTHETISCHE gegevens (gemaakt met `sdanalysis demo`).\n"
        "Dit bestand staat toe dat de openbare demo-sleutel voor pseudonimisering wordt gebruikt.\n"
        + vingerafdruk_tekst(map_, SYNTHETISCH_MARKER),
        encoding="utf-8",
    )
    return pad


def _controleer_declaraties(
    decl: pd.DataFrame, tw: pd.DataFrame | pd.Index | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Declaraties whose toewijzingnummer is known, and quarantine records for the others.

    ``tw`` is the toewijzingen, or the index of their (unique) toewijzingnummers.
    """
    if tw is None or decl.empty:
        return decl, lege_quarantaine()
    if isinstance(tw, pd.Index):
        onbekend = pd.Series(tw.get_indexer(decl["toewijzingnummer"]) < 0, index=decl.index)
    else:
        onbekend = ~decl["toewijzingnummer"].isin(tw["toewijzingnummer"])
    if not onbekend.any():
        return decl, lege_quarantaine()
    d = decl[onbekend]
    q = pd.DataFrame(
        {
            "tabel": "declaraties",
            "bestand": d["bronbestand"],
            "rij": d["bronrij"],
            "kolom": "toewijzingnummer",
            "waarde": d["toewijzingnummer"],
            "reden": "toewijzingnummer onbekend in toewijzingen (of daar geweigerd)",
        }
    ).astype(
        {
            "rij": "Int64",
            "waarde": "string",
            "reden": "string",
            "tabel": "string",
            "bestand": "string",
            "kolom": "string",
        }
    )
    return decl[~onbekend].reset_index(drop=True), q


def _lees_bestand(
    pad: Path, naam: str, bestand: str, sleutel: bytes, opslag: Opslag | None
) -> list[Resultaat]:
    """One raw file: in batches into ``opslag`` when its table streams, else whole."""
    if opslag is not None:
        punt = opslag.punt(naam)
        res = valideer_in_stukken(pad, TABELLEN[naam], sleutel, bestand, opslag.schrijver(naam))
        if res is not None:
            return [res]
        opslag.herstel(naam, punt)  # a row the batch reader cannot take: read it whole
    return valideer_pad(pad, TABELLEN[naam], sleutel, bestand)


def _naar_opslag(res: Resultaat, opslag: Opslag) -> None:
    """Move the accepted rows of a whole-read file of a streamed table into the parts."""
    if len(res.geaccepteerd):
        opslag.schrijver(res.tabel)(res.geaccepteerd)
        res.geaccepteerd = leeg_zoals(res.geaccepteerd)


def _lees_en_valideer(
    per_tabel: dict[str, list[Path]],
    sleutel: bytes,
    log: Callable[[str], None],
    raw: list[Path],
    opslag: Opslag | None = None,
    stroom: set[str] | frozenset[str] = frozenset(),
) -> tuple[dict[str, list[Resultaat]], list[str]]:
    """Read and validate every file (every sheet); fatal read errors are collected.

    Files of the tables in ``stroom`` are read in batches into ``opslag`` (see
    :mod:`sdanalysis.bouw.stroom`); their results carry counts, quarantine and notes.
    """
    resultaten: dict[str, list[Resultaat]] = {}
    fatale: list[str] = []
    namen = bestandsnamen([p for ps in per_tabel.values() for p in ps], raw)
    for naam, paden in sorted(per_tabel.items()):
        for pad in paden:
            deel = opslag if naam in stroom else None
            try:
                uitkomsten = _lees_bestand(pad, naam, namen[pad], sleutel, deel)
            except LeesFout as e:
                fatale.append(str(e))
                continue
            for res in uitkomsten:
                resultaten.setdefault(naam, []).append(res)
                log(
                    f"  {naam:<13} {res.bestand:<36} gelezen {res.rijen_gelezen:>8}  "
                    f"geaccepteerd {res.rijen_gelezen - res.rijen_geweigerd:>8}  "
                    f"geweigerd {res.rijen_geweigerd:>6}"
                )
                if deel is not None:
                    _naar_opslag(res, deel)
    return resultaten, fatale


def _ontbrekende_verplichte(per_tabel: dict[str, list[Path]], raw: list[Path]) -> list[str]:
    """Dutch messages for required tables without any file."""
    return [
        f"geen bestand voor verplichte tabel '{naam}' in {', '.join(map(str, raw))}; "
        f"verwacht een bestand waarvan de naam begint met '{naam}' (.csv of .xlsx)"
        for naam, t in TABELLEN.items()
        if t.verplicht and naam not in per_tabel
    ]


@dataclass
class _Stand:
    """Tables, quarantine records and extra rejections while the build combines them."""

    tabellen: dict[str, pd.DataFrame] = field(default_factory=dict)
    quarantaines: list[pd.DataFrame] = field(default_factory=list)
    extra_geweigerd: dict[tuple[str, str], int] = field(default_factory=dict)
    weg: dict[str, Weg] = field(default_factory=dict)

    def weiger(self, naam: str, q: pd.DataFrame) -> None:
        """Add quarantine records of table ``naam`` and count their rows per file."""
        self.quarantaines.append(q)
        for b, n in q.groupby("bestand")["rij"].nunique().items():
            sleutel = (naam, str(b))
            self.extra_geweigerd[sleutel] = self.extra_geweigerd.get(sleutel, 0) + int(n)


def _voeg_samen(
    resultaten: dict[str, list[Resultaat]], opslag: Opslag | None = None, sleutel: bytes = b""
) -> _Stand:
    """One frame per table over all files, masked and de-duplicated.

    A streamed table (one with parts in ``opslag``) stays on disk: its duplicates are found
    over the parts and the rows to drop are kept in ``weg`` as (bronbestand, bronrij).
    """
    stand = _Stand()
    for naam, lijst in resultaten.items():
        stand.quarantaines.extend(r.quarantaine for r in lijst)
        if opslag is not None and opslag.stroomt(naam):
            for r in lijst:  # rows read whole after the streamed files (iJw/iWmo messages)
                _naar_opslag(r, opslag)
            opslag.leeg_buffer(naam)
            q, stand.weg[naam] = opslag.ontdubbel(naam, TABELLEN[naam])
            stand.weiger(naam, q)
            continue
        # masked before duplicates are compared, as in a streamed table (same result)
        df = maskeer_deel(pd.concat([r.geaccepteerd for r in lijst], ignore_index=True), sleutel)
        df, q = ontdubbel(df, TABELLEN[naam])
        stand.weiger(naam, q)
        stand.tabellen[naam] = df
    return stand


def _kruiscontroles(stand: _Stand) -> list[str]:
    """Categorie/taakveld on toewijzingen; declaraties must refer to a known toewijzing."""
    waarschuwingen: list[str] = []
    t = stand.tabellen
    if "toewijzingen" in t:
        t["toewijzingen"], w = verrijk_toewijzingen(t["toewijzingen"], t.get("productcodes"))
        waarschuwingen += w
    if "declaraties" in t:
        t["declaraties"], q = _controleer_declaraties(t["declaraties"], t.get("toewijzingen"))
        stand.weiger("declaraties", q)
    return waarschuwingen


def _voltooi_stroom(stand: _Stand, opslag: Opslag, map_: Path) -> list[str]:
    """Write the streamed tables into ``map_``: enriched, checked, joined, part by part.

    The same steps as for tables in memory (:func:`_kruiscontroles`,
    :func:`_afgeleide_tabellen`), with what they need from the other tables held once:
    the productcodes, the index of the toewijzingnummers and the kenmerken per toewijzing.
    Rows written per table go to ``opslag.rijen``; rejections to ``stand``.
    """
    waarschuwingen: list[str] = []
    t = stand.tabellen
    geschreven: dict[str, int] = {}
    tw_kenmerken: list[pd.DataFrame] = []
    if opslag.stroomt("toewijzingen"):
        zonder = [0]
        bewaar = "declaraties" in opslag.tabellen

        def verrijk(df: pd.DataFrame) -> pd.DataFrame:
            uit, n = verrijk_toewijzingen_deel(df, t.get("productcodes"))
            zonder[0] += n
            if bewaar:
                kol = [k for k in _KENMERK_BRON if k in uit.columns]
                tw_kenmerken.append(eigen_buffers(uit[kol]))  # not the whole mapped part
            return uit

        pad = map_ / "toewijzingen.parquet"
        geschreven["toewijzingen"] = opslag.schrijf_tabel(
            "toewijzingen", pad, stand.weg.get("toewijzingen", {}), verrijk
        )
        pc = t.get("productcodes")
        if zonder[0] and pc is not None and not pc.empty:
            waarschuwingen.append(melding_zonder_vertaling(zonder[0]))
    if opslag.stroomt("declaraties"):
        waarschuwingen += _declaraties_in_stukken(stand, opslag, map_, tw_kenmerken, geschreven)
    for naam in sorted(opslag.tabellen - {"toewijzingen", "declaraties"}):
        geschreven[naam] = opslag.schrijf_tabel(
            naam, map_ / f"{naam}.parquet", stand.weg.get(naam, {})
        )
    opslag.rijen = geschreven
    return waarschuwingen


#: The toewijzing columns a declaratie needs for its join (see ``verrijken.kenmerken``).
_KENMERK_BRON = ("toewijzingnummer", *KENMERKEN)


def _declaraties_in_stukken(
    stand: _Stand,
    opslag: Opslag,
    map_: Path,
    tw_kenmerken: list[pd.DataFrame],
    geschreven: dict[str, int],
) -> list[str]:
    """Streamed declaraties: the toewijzing check, the table and the joined table.

    Every declaratie written has a known toewijzing (the others are quarantined), so the
    joined table has no unmatched rows and no warning about them.
    """
    tw = pd.concat(tw_kenmerken, ignore_index=True) if tw_kenmerken else None
    tw = stand.tabellen.get("toewijzingen") if tw is None else tw
    index = pd.Index(tw["toewijzingnummer"]) if tw is not None else None
    k = kenmerken(tw) if tw is not None else None
    quarantaines: list[pd.DataFrame] = []
    with Schrijver(map_ / f"{GEKOPPELD_TABEL}.parquet", opslag.gescand) as gekoppeld:

        def controleer(df: pd.DataFrame) -> pd.DataFrame:
            ok, q = _controleer_declaraties(df, index)
            if len(q):
                quarantaines.append(q)
            if k is not None:
                gekoppeld.schrijf(maskeer_bron(koppel_declaraties(ok, kenmerken_=k)))
            return ok

        geschreven["declaraties"] = opslag.schrijf_tabel(
            "declaraties",
            map_ / "declaraties.parquet",
            stand.weg.get("declaraties", {}),
            controleer,
        )
    if k is None:
        (map_ / f"{GEKOPPELD_TABEL}.parquet").unlink(missing_ok=True)
    if quarantaines:
        stand.weiger("declaraties", pd.concat(quarantaines, ignore_index=True))
    return []


def _afgeleide_tabellen(
    tabellen: dict[str, pd.DataFrame],
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Tables the build derives from the contract tables: ``declaraties_gekoppeld``."""
    if "declaraties" not in tabellen or "toewijzingen" not in tabellen:
        return {}, []
    gekoppeld = koppel_declaraties(tabellen["declaraties"], tabellen["toewijzingen"])
    melding = melding_ongekoppeld(gekoppeld)
    return {GEKOPPELD_TABEL: gekoppeld}, [melding] if melding else []


def _samen_quarantaine(quarantaines: list[pd.DataFrame]) -> pd.DataFrame:
    gevuld = [q for q in quarantaines if len(q)]
    quarantaine = pd.concat(gevuld, ignore_index=True) if gevuld else lege_quarantaine()
    return quarantaine.sort_values(["tabel", "bestand", "rij"], kind="stable").reset_index(
        drop=True
    )


def _kwaliteit(
    resultaten: dict[str, list[Resultaat]], extra_geweigerd: dict[tuple[str, str], int]
) -> pd.DataFrame:
    """Per table and file: rows read, accepted, rejected (including later rejections)."""
    regels = []
    for naam, lijst in resultaten.items():
        for r in lijst:
            geweigerd = r.rijen_geweigerd + extra_geweigerd.get((naam, r.bestand), 0)
            regels.append(
                {
                    "tabel": naam,
                    "bestand": r.bestand,
                    "rijen_gelezen": r.rijen_gelezen,
                    "rijen_geaccepteerd": r.rijen_gelezen - geweigerd,
                    "rijen_geweigerd": geweigerd,
                    "opmerkingen": "; ".join(r.opmerkingen),
                }
            )
    return pd.DataFrame(regels)


def _controleer_grootboek(
    tabellen: dict[str, pd.DataFrame], kwaliteit: pd.DataFrame, gestroomd: dict[str, int]
) -> None:
    """The ledger must close: accepted rows in the tables equal read - rejected."""
    aantallen = {**{n: len(df) for n, df in tabellen.items()}, **gestroomd}
    for naam, n in aantallen.items():
        verwacht = int(kwaliteit.loc[kwaliteit["tabel"] == naam, "rijen_geaccepteerd"].sum())
        if verwacht != n:
            raise AssertionError(f"interne fout: tabel {naam} telt {n} regels, verwacht {verwacht}")


def bouw(
    raw_dirs: Iterable[str | Path] | None = None,
    out_dir: str | Path | None = None,
    schrijf: bool = True,
    log: Callable[[str], None] | None = None,
) -> BouwResultaat:
    """Build the processed tables from the raw folders.

    Args:
        raw_dirs: Raw folders (default: demo + programma, see ``instellingen.DEFAULT_RAW_DIRS``).
        out_dir: Output folder (default ``instellingen.PROCESSED_DIR``).
        schrijf: Write parquet files (False: only return the tables).
        log: Function receiving Dutch progress lines (default: silent).

    Returns:
        The tables, the derived tables, quarantine and quality summary.

    Raises:
        BouwFout: unreadable files, missing required columns or tables; nothing written.
        sdanalysis.bouw.privacy.SleutelOntbreekt: real data without a key.
    """
    raw = [Path(d) for d in (raw_dirs or instellingen.DEFAULT_RAW_DIRS)]
    out = Path(out_dir) if out_dir else instellingen.PROCESSED_DIR
    log = _gemaskeerd(log or (lambda _t: None))
    for d in raw:
        if not d.is_dir():
            raise BouwFout(f"Map met brongegevens bestaat niet: {d}")
    sleutel = lees_sleutel(demo=is_synthetisch(raw))
    per_tabel, onbekend = vind_bestanden(raw)
    stroom = stroomtabellen(per_tabel) if schrijf else set()
    tmp, nieuw = None, not out.exists()
    if schrijf:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bouw-", dir=out))
    try:
        opslag = Opslag(tmp, tabellen=frozenset(stroom), sleutel=sleutel) if stroom else None
        with zonder_grote_paginas():  # many short-lived buffers: see werkers.py
            resultaat = _bouw(raw, per_tabel, onbekend, sleutel, log, opslag)
            if schrijf:
                _schrijf(resultaat, out, raw, tmp, opslag.gescand if opslag else None)
        if schrijf:
            resultaat.out_dir = out
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            if nieuw and not any(out.iterdir()):  # a failed build leaves no folder behind
                out.rmdir()
    return resultaat


def _bouw(
    raw: list[Path],
    per_tabel: dict[str, list[Path]],
    onbekend: list[Path],
    sleutel: bytes,
    log: Callable[[str], None],
    opslag: Opslag | None,
) -> BouwResultaat:
    """The steps of :func:`bouw` between finding the files and writing the result."""
    waarschuwingen = [
        f"bestand hoort bij geen tabel en is overgeslagen: {_relatief(p, raw)}"
        for p in onbekend
        if p.name != instellingen.KOPPELING_BESTAND  # read by the analyses, see _schrijf
    ]
    stroom = opslag.tabellen if opslag is not None else frozenset()
    resultaten, fatale = _lees_en_valideer(per_tabel, sleutel, log, raw, opslag, stroom)
    berichten, bericht_bestanden = lees_berichtenmappen(raw, sleutel, log)  # iJw/iWmo .xml/.zip
    berichten.voeg_toe(resultaten, per_tabel, waarschuwingen, bericht_bestanden)
    gelezen = {q for ps in per_tabel.values() for q in ps} | set(onbekend) | set(bericht_bestanden)
    waarschuwingen += _niet_gelezen(raw, gelezen)
    fatale = _ontbrekende_verplichte(per_tabel, raw) + fatale
    if fatale:
        raise BouwFout(
            maskeer_bsn("De bouw is gestopt; er is niets geschreven:\n- " + "\n- ".join(fatale))
        )
    if opslag is not None:
        opslag.leeg = {n: leeg_zoals(r[0].geaccepteerd) for n, r in resultaten.items() if r}
    stand = _voeg_samen(resultaten, opslag, sleutel)
    stand.quarantaines.append(berichten.quarantaine)
    stand.tabellen = normaliseer_programma(stand.tabellen)
    stand.tabellen = {n: maskeer_frame(df, sleutel) for n, df in stand.tabellen.items()}
    waarschuwingen += _kruiscontroles(stand)
    if opslag is not None:
        waarschuwingen += _voltooi_stroom(stand, opslag, opslag.map_)
    kwaliteit = _kwaliteit(resultaten, stand.extra_geweigerd)
    _controleer_grootboek(stand.tabellen, kwaliteit, opslag.rijen if opslag else {})
    afgeleid, w = _afgeleide_tabellen(stand.tabellen)
    afgeleid.update({n: maskeer_frame(df, sleutel) for n, df in berichten.afgeleid.items()})
    waarschuwingen += w
    return BouwResultaat(
        stand.tabellen,
        maskeer_frame(_samen_quarantaine(stand.quarantaines), streng=True),
        maskeer_frame(kwaliteit),
        [maskeer_bsn(w) for w in waarschuwingen],
        afgeleid=afgeleid,
        gestroomd=dict(opslag.rijen) if opslag else {},
    )


def _gemaskeerd(log: Callable[[str], None]) -> Callable[[str], None]:
    """A log function that never shows a BSN-like number (file names, sheet names)."""

    def schrijf(tekst: str) -> None:
        log(maskeer_bsn(tekst))

    return schrijf


def _relatief(pad: Path, raw: Iterable[Path]) -> str:
    """A raw file's path inside its raw folder (two folders may hold the same name)."""
    for d in raw:
        if pad.is_relative_to(d):
            return str(pad.relative_to(d))
    return pad.name


def _niet_gelezen(raw: list[Path], gelezen: set[Path]) -> list[str]:
    """Every other file under a raw folder, named with the reason it was not read."""
    from sdanalysis.bouw.lezen import reden_niet_gelezen

    overslaan = {SYNTHETISCH_MARKER, instellingen.PROFIEL_BESTAND, instellingen.KOPPELING_BESTAND}
    regels = []
    for d in raw:
        for pad in sorted(d.rglob("*")):
            if not pad.is_file() or pad in gelezen or pad.name in overslaan:
                continue
            if pad.suffix.lower() == ".md":  # documentation beside the exports
                continue
            reden = reden_niet_gelezen(pad) or "onbekend bestandstype"
            regels.append(f"bestand niet gelezen: {_relatief(pad, raw)}: {reden}")
    return regels


def _manifest(raw_dirs: Iterable[Path]) -> str:
    """Fingerprint of the raw inputs (names, sizes, modification times)."""
    h = hashlib.sha256()
    per_tabel, onbekend = vind_bestanden(raw_dirs)
    berichten = vind_berichtbestanden(raw_dirs)
    for pad in sorted([p for ps in per_tabel.values() for p in ps] + onbekend + berichten):
        st = pad.stat()
        h.update(f"{pad}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _gestroomd_afgeleid(tmp: Path, res: BouwResultaat) -> dict[str, int]:
    """Rows of the derived table written by a streamed build (it is not in ``res.afgeleid``)."""
    pad = tmp / f"{GEKOPPELD_TABEL}.parquet"
    if GEKOPPELD_TABEL in res.afgeleid or not pad.exists():
        return {}
    return {GEKOPPELD_TABEL: pq.ParquetFile(pad).metadata.num_rows}


def _schrijf(
    res: BouwResultaat,
    out: Path,
    raw: list[Path],
    tmp: Path,
    gescand: dict[str, dict[str, int]] | None = None,
) -> None:
    """Write the result into ``tmp`` (streamed tables are there already), check, move in.

    ``gescand``: the streamed tables' scan results from writing them (see ``Schrijver``).
    """
    shutil.rmtree(tmp / ".delen", ignore_errors=True)  # the parts of the streamed tables
    for naam, df in {**res.tabellen, **res.afgeleid}.items():
        df.to_parquet(tmp / f"{naam}.parquet", index=False)
    res.quarantaine.to_parquet(tmp / "quarantaine.parquet", index=False)
    res.kwaliteit.to_parquet(tmp / "kwaliteit.parquet", index=False)
    verslag = {
        "raw": [str(p) for p in raw],
        "manifest": _manifest(raw),
        "bouwversie": BOUWVERSIE,
        "tabellen": {
            **{n: len(df) for n, df in res.tabellen.items()},
            **res.gestroomd,
        },
        "afgeleide_tabellen": {
            **{n: len(df) for n, df in res.afgeleid.items()},
            **_gestroomd_afgeleid(tmp, res),
        },
        "rijen_gelezen": int(res.kwaliteit["rijen_gelezen"].sum()) if len(res.kwaliteit) else 0,
        "rijen_geaccepteerd": int(res.kwaliteit["rijen_geaccepteerd"].sum())
        if len(res.kwaliteit)
        else 0,
        "rijen_geweigerd": int(res.kwaliteit["rijen_geweigerd"].sum()) if len(res.kwaliteit) else 0,
        "waarschuwingen": res.waarschuwingen,
        "synthetisch": is_synthetisch(raw),
        "gebouwd_op": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "laatste_wijziging_bron": _laatste_wijziging(raw),
    }
    profiel = instellingen.zoek_profiel(raw)
    if profiel is not None:
        shutil.copyfile(profiel, tmp / instellingen.PROFIEL_BESTAND)
    koppeling = next(
        (
            d / instellingen.KOPPELING_BESTAND
            for d in raw
            if (d / instellingen.KOPPELING_BESTAND).is_file()
        ),
        None,
    )
    if koppeling is not None:  # the gemeente's maatregel -> categorie link, as delivered
        shutil.copyfile(koppeling, tmp / instellingen.KOPPELING_BESTAND)
    (tmp / "bouwverslag.json").write_text(
        json.dumps(verslag, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    # the build scans its own output: a BSN-like number anywhere and nothing is moved in
    if problemen := controleer_bouwuitvoer(tmp, gescand):
        raise BouwFout(
            "De bouw is gestopt: de uitvoer bevat BSN-achtige getallen; er is niets "
            "geschreven:\n- " + "\n- ".join(problemen)
        )
    # move the new files in (atomic per file), then drop tables that no longer exist
    nieuw = {f.name for f in tmp.iterdir()}
    for f in sorted(tmp.iterdir(), key=lambda f: f.name == "bouwverslag.json"):
        os.replace(f, out / f.name)
    for oud in [
        *out.glob("*.parquet"),
        out / instellingen.PROFIEL_BESTAND,
        out / instellingen.KOPPELING_BESTAND,
    ]:
        if oud.exists() and oud.name not in nieuw:
            oud.unlink()


def _laatste_wijziging(raw_dirs: Iterable[Path]) -> str | None:
    """Date (ISO) of the newest raw input file: the 'stand' of the gemeente's exports."""
    per_tabel, _ = vind_bestanden(raw_dirs)
    tijden = [p.stat().st_mtime for ps in per_tabel.values() for p in ps]
    tijden += [p.stat().st_mtime for p in vind_berichtbestanden(raw_dirs)]
    if not tijden:
        return None
    return datetime.fromtimestamp(max(tijden), UTC).date().isoformat()


def laad_aanwezige(
    namen: Iterable[str], processed_dir: str | Path | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of ``namen`` the processed folder holds (missing or empty ones left out).

    Args:
        namen: Table names, e.g. the message tables of :mod:`sdanalysis.analyse.zorg`.
        processed_dir: Folder (default: ``instellingen.PROCESSED_DIR``).

    Returns:
        Name -> table, only for tables with at least one row.
    """
    return {n: laad_tabel(n, processed_dir) for n in namen if heeft_tabel(n, processed_dir)}


def heeft_tabel(naam: str, processed_dir: str | Path | None = None) -> bool:
    """Whether the processed folder holds table ``naam`` with at least one row.

    Notebook sections use this to skip, with a note, what the gemeente did not deliver.

    Args:
        naam: Table name, e.g. ``"meldingen"``.
        processed_dir: Folder (default: ``instellingen.PROCESSED_DIR``).

    Returns:
        True when ``<naam>.parquet`` exists and is not empty.
    """
    import pyarrow.parquet as pq

    out = Path(processed_dir) if processed_dir else instellingen.PROCESSED_DIR
    if processed_dir is None and not is_actueel(out):
        bouw()
    pad = out / f"{naam}.parquet"
    return pad.exists() and pq.ParquetFile(pad).metadata.num_rows > 0


def is_actueel(out_dir: Path | None = None, raw_dirs: Iterable[Path] | None = None) -> bool:
    """Whether the processed folder was built from the current raw inputs."""
    out = Path(out_dir) if out_dir else instellingen.PROCESSED_DIR
    raw = [Path(d) for d in (raw_dirs or instellingen.DEFAULT_RAW_DIRS)]
    verslag = out / "bouwverslag.json"
    if not verslag.exists():
        return False
    try:
        v = json.loads(verslag.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if v.get("raw") != [str(p) for p in raw]:
        return True  # built from other inputs on purpose: leave it
    return v.get("bouwversie") == BOUWVERSIE and v.get("manifest") == _manifest(raw)


def laad_tabel(naam: str, processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Read one processed table (``quarantaine`` and ``kwaliteit`` included).

    When the default processed folder is missing or older than the demo inputs, the demo
    is built first, so notebooks run from a fresh clone.

    Args:
        naam: Table name, e.g. ``"toewijzingen"``.
        processed_dir: Folder to read (default ``instellingen.PROCESSED_DIR``).

    Raises:
        KeyError: unknown table, with the list of tables that exist.
    """
    out = Path(processed_dir) if processed_dir else instellingen.PROCESSED_DIR
    if processed_dir is None and not is_actueel(out):
        bouw()
    pad = out / f"{naam}.parquet"
    if not pad.exists():
        bestaand = sorted(p.stem for p in out.glob("*.parquet"))
        raise KeyError(f"Tabel '{naam}' bestaat niet in {out}; beschikbaar: {', '.join(bestaand)}")
    return pd.read_parquet(pad, to_pandas_kwargs={"date_as_object": False})


def bouwverslag(processed_dir: str | Path | None = None) -> dict:
    """The ``bouwverslag.json`` of the last build."""
    out = Path(processed_dir) if processed_dir else instellingen.PROCESSED_DIR
    if processed_dir is None and not is_actueel(out):
        bouw()
    return json.loads((out / "bouwverslag.json").read_text(encoding="utf-8"))
