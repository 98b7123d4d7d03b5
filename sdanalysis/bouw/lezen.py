"""Reading real municipal exports: CSV and XLSX cells as found, with their row numbers.

Readers return the cells as found (text, numbers, dates) together with the row number a
person sees in Excel or a text editor; parsing into types happens per column with the
``parse_*`` functions, which never raise: they return a value or a Dutch reason why not.

"""

from __future__ import annotations

import csv
import io as _io
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdanalysis.bouw.getallen import PM, parse_datum, parse_getal  # noqa: F401
from sdanalysis.contracts import Tabel, kolom_lookup, normaliseer_kolomnaam

CSV_EXTENSIES = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIES = (".xlsx", ".xlsm")

#: Words that mark a totals row (first filled cell of the row starts with one).
TOTAALWOORDEN = ("totaal", "total", "generaal totaal", "eindtotaal", "som", "subtotaal")


class LeesFout(Exception):
    """A file cannot be read as the table it should be; the message is Dutch."""


# --------------------------------------------------------------------------- files


@dataclass
class RuwBestand:
    """Cells of one table found in one file, before typing.

    Attributes:
        pad: The file.
        kolommen: Headers as found in the file.
        rijen: DataFrame of raw cells (object dtype), one column per header.
        rijnummers: Row number per data row as a person sees it (Excel row / line).
        header_rij: Row number of the header.
        blad: Sheet name (Excel) or ``None``.
        codering: Encoding (CSV) or ``None``.
        scheidingsteken: Separator (CSV) or ``None``.
        lege_regels: Empty rows skipped below the header.
        opmerkingen: Dutch notes on what the reader did.
    """

    pad: Path
    kolommen: list[str]
    rijen: pd.DataFrame
    rijnummers: list[int]
    header_rij: int
    blad: str | None = None
    codering: str | None = None
    scheidingsteken: str | None = None
    lege_regels: int = 0
    opmerkingen: list[str] = field(default_factory=list)


def _decodeer(data: bytes, pad: Path) -> tuple[str, str]:
    if not data.strip():
        raise LeesFout(f"{pad.name}: het bestand is leeg; verwacht een tabel met een kopregel.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise LeesFout(
            f"{pad.name}: dit lijkt geen tekstbestand (CSV) te zijn; verwacht CSV met ';' of ',' "
            "als scheidingsteken, of een .xlsx-bestand."
        )
    for codering in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(codering), codering
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _kies_scheidingsteken(tekst: str) -> str:
    regels = [r for r in tekst.splitlines()[:50] if r.strip()]
    beste, score = ";", -1
    for teken in (";", ",", "\t", "|"):
        tellingen = [r.count(teken) for r in regels]
        if not tellingen:
            continue
        # the separator occurs equally often on most lines
        meest = max(set(tellingen), key=tellingen.count)
        s = meest * tellingen.count(meest) if meest > 0 else 0
        if s > score:
            beste, score = teken, s
    return beste


def _rijen_csv(pad: Path) -> tuple[list[list[object]], dict]:
    try:
        data = pad.read_bytes()
    except OSError as e:
        raise LeesFout(f"{pad.name}: kan het bestand niet openen ({e.strerror}).") from None
    tekst, codering = _decodeer(data, pad)
    teken = _kies_scheidingsteken(tekst)
    try:
        lezer = csv.reader(_io.StringIO(tekst, newline=""), delimiter=teken)
        rijen: list[list[object]] = [list(r) for r in lezer]
    except csv.Error as e:
        raise LeesFout(
            f"{pad.name}: CSV-structuur onleesbaar ({e}); verwacht een CSV-tabel."
        ) from None
    return rijen, {"codering": codering, "scheidingsteken": teken}


def _rijen_excel(pad: Path) -> list[tuple[str, list[list[object]]]]:
    import zipfile

    import openpyxl

    try:
        groot = pad.stat().st_size > 15_000_000
        wb = openpyxl.load_workbook(pad, read_only=groot, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as e:
        raise LeesFout(
            f"{pad.name}: geen leesbaar Excel-bestand (.xlsx) ({type(e).__name__}); "
            "verwacht een werkmap die in Excel opent."
        ) from None
    except Exception as e:  # openpyxl raises many types on corrupt files
        raise LeesFout(
            f"{pad.name}: Excel-bestand beschadigd of onleesbaar ({type(e).__name__})."
        ) from None
    bladen = []
    try:
        for ws in wb.worksheets:
            rijen = [list(r) for r in ws.iter_rows(values_only=True)]
            if getattr(ws, "merged_cells", None) is not None:
                for bereik in ws.merged_cells.ranges:
                    r0, c0 = bereik.min_row - 1, bereik.min_col - 1
                    if r0 >= len(rijen):
                        continue
                    waarde = rijen[r0][c0] if c0 < len(rijen[r0]) else None
                    for c in range(bereik.min_col - 1, bereik.max_col):
                        if c < len(rijen[r0]) and rijen[r0][c] is None:
                            rijen[r0][c] = waarde
            bladen.append((ws.title, rijen))
    finally:
        wb.close()
    return bladen


def _is_leeg(cel: object) -> bool:
    return (
        cel is None
        or (isinstance(cel, str) and not cel.strip())
        or (isinstance(cel, float) and math.isnan(cel))
    )


def _vind_header(rijen: list[list[object]], tabel: Tabel | None) -> tuple[int, int, frozenset[str]]:
    """Index of the header row (0-based), its score and the contract columns it names."""
    lookup = kolom_lookup(tabel) if tabel else {}
    beste_i, beste_score, beste_set = -1, 0, frozenset()
    for i, rij in enumerate(rijen[:40]):
        namen = [normaliseer_kolomnaam(c) for c in rij if not _is_leeg(c)]
        if tabel:
            gevonden = frozenset(lookup[n] for n in namen if n in lookup)
            score = len(gevonden)
        else:
            gevonden = frozenset(namen)
            score = len(namen) if sum(isinstance(c, str) for c in rij) == len(namen) else 0
        if score > beste_score:
            beste_i, beste_score, beste_set = i, score, gevonden
    return beste_i, beste_score, beste_set


def _lees_bladen_ruw(pad: Path) -> tuple[list[tuple[str | None, list[list[object]]]], dict]:
    if not pad.exists():
        raise LeesFout(f"{pad}: bestand bestaat niet.")
    ext = pad.suffix.lower()
    if ext in EXCEL_EXTENSIES:
        return _rijen_excel(pad), {}
    if ext in CSV_EXTENSIES:
        rijen, meta = _rijen_csv(pad)
        return [(None, rijen)], meta
    if ext == ".xls":
        raise LeesFout(
            f"{pad.name}: het oude Excel-formaat .xls wordt niet gelezen; sla het bestand op als "
            ".xlsx of CSV."
        )
    raise LeesFout(f"{pad.name}: onbekend bestandstype '{ext}'; verwacht .csv of .xlsx.")


def lees_bladen(pad: str | Path, tabel: Tabel | None = None) -> list[RuwBestand]:
    """Read a CSV or XLSX export: every sheet that holds the table.

    Title rows above the header, empty rows and empty columns are skipped; merged
    header cells in Excel are spread over their columns. The header is the row (among
    the first 40) that names the most columns of the contract. In a workbook, the sheet
    with the best header is read, plus every other sheet whose header names the same
    contract columns (an export split over sheets per year); other sheets are passed over
    and named in the notes.

    Args:
        pad: CSV (``;``, ``,``, tab; UTF-8 with or without BOM, cp1252) or XLSX file.
        tabel: Contract used to recognise the header row.

    Returns:
        One :class:`RuwBestand` per sheet read, with row numbers as a person sees them.

    Raises:
        LeesFout: the file does not exist, is not CSV/XLSX, is empty or corrupt, or no
            header row with at least two known columns is found.
    """
    pad = Path(pad)
    bladen, meta = _lees_bladen_ruw(pad)
    minimaal = 2 if tabel else 1
    kandidaten = []
    for volgorde, (blad, rijen) in enumerate(bladen):
        i, score, kolommen = _vind_header(rijen, tabel)
        if i >= 0 and score >= minimaal:
            kandidaten.append((score, volgorde, blad, rijen, i, kolommen))
    if not kandidaten:
        verwacht = (
            ", ".join(k.naam for k in tabel.kolommen if k.verplicht) if tabel else "kolomnamen"
        )
        raise LeesFout(
            f"{pad.name}: geen kopregel gevonden in de eerste 40 regels"
            + (f" van tabel '{tabel.naam}'" if tabel else "")
            + f"; verwacht kolommen zoals: {verwacht}."
        )
    beste = max(kandidaten, key=lambda k: (k[0], -k[1]))
    gekozen = sorted((k for k in kandidaten if k[5] == beste[5]), key=lambda k: k[1])
    overgeslagen = [str(b) for b, _ in bladen if b not in {k[2] for k in gekozen}]
    uit = []
    for _, _, blad, rijen, hi, _ in gekozen:
        ruw = _ruw_bestand(pad, blad, rijen, hi, meta)
        if len(bladen) > 1:
            ruw.opmerkingen.append(f"blad '{blad}' gelezen (van {len(bladen)} bladen)")
            if overgeslagen:
                ruw.opmerkingen.append(
                    "bladen zonder deze kopregel overgeslagen: " + ", ".join(overgeslagen)
                )
        uit.append(ruw)
    return uit


def lees_bestand(pad: str | Path, tabel: Tabel | None = None) -> RuwBestand:
    """Read the best sheet of a CSV or XLSX export; see :func:`lees_bladen`."""
    return lees_bladen(pad, tabel)[0]


def _ruw_bestand(
    pad: Path, blad: str | None, rijen: list[list[object]], hi: int, meta: dict
) -> RuwBestand:
    header = list(rijen[hi])
    data = rijen[hi + 1 :]
    breedte = max([len(header), *(len(r) for r in data)]) if data else len(header)
    header = header + [None] * (breedte - len(header))
    namen: list[str] = []
    gebruikt: set[str] = set()
    for j, h in enumerate(header):
        naam = "" if _is_leeg(h) else str(h).strip()
        if not naam:
            naam = f"kolom_{j + 1}"
        basis, n = naam, 2
        while naam in gebruikt:
            naam, n = f"{basis}_{n}", n + 1
        gebruikt.add(naam)
        namen.append(naam)

    opmerkingen = [f"kopregel op regel {hi + 1}" + (f" van blad '{blad}'" if blad else "")]
    rijnummers: list[int] = []
    cellen: list[list[object]] = []
    lege = 0
    for k, rij in enumerate(data):
        if all(_is_leeg(c) for c in rij):
            lege += 1
            continue
        rij = list(rij) + [None] * (breedte - len(rij))
        cellen.append(rij[:breedte])
        rijnummers.append(hi + 2 + k)
    df = (
        pd.DataFrame(cellen, columns=namen, dtype=object)
        if cellen
        else pd.DataFrame({n: pd.Series(dtype=object) for n in namen})
    )
    # drop columns without a header and without any value
    leeg_kolom = [n for n in namen if n.startswith("kolom_") and df[n].map(_is_leeg).all()]
    df = df.drop(columns=leeg_kolom)
    if lege:
        opmerkingen.append(f"{lege} lege regel(s) overgeslagen")
    return RuwBestand(
        pad=pad,
        kolommen=list(df.columns),
        rijen=df,
        rijnummers=rijnummers,
        header_rij=hi + 1,
        blad=blad,
        codering=meta.get("codering"),
        scheidingsteken=meta.get("scheidingsteken"),
        lege_regels=lege,
        opmerkingen=opmerkingen,
    )


def is_totaalregel(rij: list[object]) -> bool:
    """Whether a row is a totals row: its first filled cell starts with a totals word.

    >>> is_totaalregel([None, "Totaal", 12])
    True
    >>> is_totaalregel(["T-1234", "Totaalpakket"])
    False
    """
    for cel in rij:
        if _is_leeg(cel):
            continue
        tekst = str(cel).strip().lower()
        return any(
            tekst == w or tekst.startswith(w + " ") or tekst.startswith(w + ":")
            for w in TOTAALWOORDEN
        )
    return False
