"""Reading real municipal exports: CSV and spreadsheet cells as found, with their row numbers.

Readers return the cells as found (text, numbers, dates) together with the row number a
person sees in Excel or a text editor; parsing into types happens per column with the
``parse_*`` functions, which never raise: they return a value or a Dutch reason why not.

Read are CSV (``.csv``, ``.txt``, ``.tsv``, also gzip-compressed as ``.gz``), ``.xlsx`` and
``.xlsm`` (openpyxl), and ``.xls``, ``.xlsb`` and ``.ods`` when the package
``python-calamine`` is installed (otherwise a :class:`LeesFout` says so). A CSV row with
more or fewer fields than the header is never cut or padded silently: the reader gives it
a reason in the column :data:`RIJFOUT_KOLOM`, and validation quarantines it.
"""

from __future__ import annotations

import csv
import gzip
import io as _io
import itertools
import logging
import math
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdanalysis.bouw.getallen import PM, parse_datum, parse_getal  # noqa: F401
from sdanalysis.contracts import Tabel, kolom_lookup, normaliseer_kolomnaam

logger = logging.getLogger(__name__)

CSV_EXTENSIES = (".csv", ".txt", ".tsv")
EXCEL_EXTENSIES = (".xlsx", ".xlsm")
#: Spreadsheet formats read through python-calamine (an optional package).
CALAMINE_EXTENSIES = (".xls", ".xlsb", ".ods")
#: Compressed CSV: ``toewijzingen_2019.csv.gz``.
GZIP_EXTENSIE = ".gz"

#: Column that the reader adds to :attr:`RuwBestand.rijen` when some row cannot be read as
#: a row of the table (more or fewer fields than the header); it holds the Dutch reason.
RIJFOUT_KOLOM = "__rijfout"

#: Words that mark a totals row (first filled cell of the row starts with one).
TOTAALWOORDEN = ("totaal", "total", "generaal totaal", "eindtotaal", "som", "subtotaal")

_MAX_KOPREGEL = 40
_NUMERIEKE_TYPES = ("getal", "bedrag")
_HEEL_DEEL = re.compile(r"^[-€\s]*\d[\d.]*$")
_DECIMALEN = re.compile(r"^(\d{1,2}-?|-)$")


class LeesFout(Exception):
    """A file cannot be read as the table it should be; the message is Dutch."""


# --------------------------------------------------------------------------- files


@dataclass
class RuwBestand:
    """Cells of one table found in one file, before typing.

    Attributes:
        pad: The file.
        kolommen: Headers as found in the file.
        rijen: DataFrame of raw cells (object dtype), one column per header; plus
            :data:`RIJFOUT_KOLOM` when some CSV row has more or fewer fields than the header.
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


@dataclass
class _Blad:
    """Rows of one sheet (or of a CSV file) as found.

    ``samengevoegd`` lists the merged ranges whose value was copied into their empty
    cells: (first row, last row, first col, last col), 0-based.
    """

    naam: str | None
    rijen: list[list[object]]
    verborgen: bool = False
    samengevoegd: list[tuple[int, int, int, int]] = field(default_factory=list)


class FormuleZonderWaarde(str):
    """A formula cell whose workbook holds no computed value (saved without recalculation).

    The reader keeps the formula text (``"=D2*2"``); validation quarantines the cell with
    the reason "formule zonder berekende waarde" instead of reading it as empty.
    """


def extensie(pad: str | Path) -> str:
    """The file type of a raw file, ``.gz`` included (``.csv.gz``), in lower case.

    >>> extensie("Toewijzingen_2019.CSV.gz"), extensie("begroting.xlsx")
    ('.csv.gz', '.xlsx')
    """
    pad = Path(pad)
    ext = pad.suffix.lower()
    if ext == GZIP_EXTENSIE:
        return Path(pad.stem).suffix.lower() + ext
    return ext


def is_bronbestand(pad: str | Path) -> bool:
    """Whether a file has a type the reader knows (read, or refused with a reason).

    >>> is_bronbestand("toewijzingen.csv.gz"), is_bronbestand("x.ods"), is_bronbestand("a.pdf")
    (True, True, False)
    """
    ext = extensie(pad)
    gz = tuple(e + GZIP_EXTENSIE for e in CSV_EXTENSIES)
    return ext in (*CSV_EXTENSIES, *gz, *EXCEL_EXTENSIES, *CALAMINE_EXTENSIES)


def reden_niet_gelezen(pad: str | Path) -> str | None:
    """Dutch reason why the build does not read a file found in a raw folder, or ``None``.

    Every file below a raw folder is either read or named in the build report with this
    reason, so that nothing is left out without a word.

    >>> reden_niet_gelezen("toewijzingen_2019.csv") is None
    True
    >>> reden_niet_gelezen("export.zip")
    "bestandstype '.zip' wordt niet gelezen; pak het zip-bestand uit in de bronmap"
    >>> reden_niet_gelezen("~$begroting.xlsx")
    'vergrendelbestand van Excel (het bestand is nog geopend); sluit Excel en bouw opnieuw'
    """
    pad = Path(pad)
    if pad.name.startswith("~$"):
        return (
            "vergrendelbestand van Excel (het bestand is nog geopend); sluit Excel en bouw opnieuw"
        )
    if pad.name.startswith("."):
        return "verborgen bestand (naam begint met een punt)"
    if is_bronbestand(pad):
        return None
    ext = extensie(pad) or "(geen extensie)"
    if ext == ".md" or pad.stem.lower() == "readme":
        return "documentatie, geen gegevens"
    if ext == ".zip":
        return "bestandstype '.zip' wordt niet gelezen; pak het zip-bestand uit in de bronmap"
    if ext.endswith(GZIP_EXTENSIE):
        return (
            f"bestandstype '{ext}' wordt niet gelezen; alleen CSV mag met gzip zijn ingepakt "
            "(.csv.gz); pak het bestand uit"
        )
    return (
        f"bestandstype '{ext}' wordt niet gelezen; verwacht .csv (ook .csv.gz), .txt, .tsv, "
        ".xlsx, .xlsm, .xls, .xlsb of .ods"
    )


def bestandsnamen(paden: Iterable[Path], wortels: Iterable[Path] = ()) -> dict[Path, str]:
    """A unique name per raw file, for the quarantine and the quality table.

    The file name when no other file has it; otherwise the path below its raw folder, and
    when two raw folders hold the same path, the folder's name in front (and as a last
    resort the full path). Files are identified by their path, never by name alone.

    Args:
        paden: The raw files.
        wortels: The raw folders they were found in.

    >>> namen = bestandsnamen(
    ...     [Path("r/2019/toewijzingen.csv"), Path("r/2020/toewijzingen.csv"), Path("r/b.csv")],
    ...     [Path("r")])
    >>> sorted(namen.values())
    ['2019/toewijzingen.csv', '2020/toewijzingen.csv', 'b.csv']
    """
    paden = [Path(p) for p in paden]
    wortels = [Path(w) for w in wortels]

    def kandidaten(pad: Path) -> list[str]:
        wortel = next((w for w in wortels if pad.is_relative_to(w)), None)
        rel = pad.relative_to(wortel).as_posix() if wortel else pad.as_posix()
        naam_wortel = f"{wortel.name}/{rel}" if wortel else rel
        return [pad.name, rel, naam_wortel, str(pad.resolve())]

    opties = {p: kandidaten(p) for p in paden}
    namen: dict[Path, str] = {}
    for _, groep in itertools.groupby(sorted(paden, key=lambda p: p.name), key=lambda p: p.name):
        groep = list(groep)
        for niveau in range(4):
            labels = [opties[p][niveau] for p in groep]
            if len(set(labels)) == len(labels) or niveau == 3:
                namen.update(zip(groep, labels, strict=True))
                break
    return namen


# --------------------------------------------------------------------------- CSV


def _decodeer_per_regel(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 per line, cp1252 (else latin-1) for lines that are not; the lines that fell back."""
    regels, terugval = [], []
    for i, regel in enumerate(data.split(b"\n"), start=1):
        try:
            regels.append(regel.decode("utf-8-sig" if i == 1 else "utf-8"))
        except UnicodeDecodeError:
            terugval.append(i)
            try:
                regels.append(regel.decode("cp1252"))
            except UnicodeDecodeError:
                regels.append(regel.decode("latin-1"))
    return "\n".join(regels), terugval


def _heeft_utf8_tekens(data: bytes) -> bool:
    """Whether some line holds non-ASCII text that is valid UTF-8 (so the file is UTF-8)."""
    for regel in data.split(b"\n"):
        if regel.isascii():
            continue
        try:
            regel.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def _utf16_zonder_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when the NUL bytes say so, else ``None``.

    Text in UTF-16 without a byte order mark has a NUL byte in every pair for the ASCII
    characters: the second byte (little endian) or the first (big endian).

    >>> _utf16_zonder_bom("jaar;bedrag".encode("utf-16-le")), _utf16_zonder_bom(b"jaar;bedrag")
    ('utf-16-le', None)
    """
    kop = data[:4096]
    paren = len(kop) // 2
    if paren < 2 or len(data) % 2:
        return None
    even, oneven = kop[0 : 2 * paren : 2].count(0), kop[1 : 2 * paren : 2].count(0)
    if oneven >= 0.6 * paren and even <= 0.05 * paren:
        return "utf-16-le"
    if even >= 0.6 * paren and oneven <= 0.05 * paren:
        return "utf-16-be"
    return None


def _decodeer(data: bytes, pad: Path) -> tuple[str, str, list[str]]:
    """Text, encoding and notes; a stray cp1252 byte in UTF-8 spoils only its own line."""
    if not data.strip():
        raise LeesFout(f"{pad.name}: het bestand is leeg; verwacht een tabel met een kopregel.")
    bom = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    if codering := "utf-16" if bom else _utf16_zonder_bom(data):
        try:
            notitie = [] if bom else [f"gelezen als {codering.upper()} zonder BOM"]
            return data.decode(codering), codering, notitie
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise LeesFout(
            f"{pad.name}: dit lijkt geen tekstbestand (CSV) te zijn; verwacht CSV met ';' of ',' "
            "als scheidingsteken, of een .xlsx-bestand."
        )
    try:
        return data.decode("utf-8-sig"), "utf-8-sig", []
    except UnicodeDecodeError:
        pass
    if _heeft_utf8_tekens(data):
        tekst, terugval = _decodeer_per_regel(data)
        lijst = ", ".join(map(str, terugval[:10])) + (" ..." if len(terugval) > 10 else "")
        logger.info("%s: %d regel(s) niet in UTF-8", pad.name, len(terugval))
        return (
            tekst,
            "utf-8/cp1252",
            [
                f"{len(terugval)} regel(s) zijn geen geldige UTF-8 (regel {lijst}); die zijn als "
                "cp1252 gelezen, de rest als UTF-8: controleer de bijzondere tekens op die regels"
            ],
        )
    for codering in ("cp1252", "latin-1"):
        try:
            return data.decode(codering), codering, []
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


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


def _lees_bytes(pad: Path) -> bytes:
    try:
        data = pad.read_bytes()
    except OSError as e:
        raise LeesFout(f"{pad.name}: kan het bestand niet openen ({e.strerror}).") from None
    if pad.suffix.lower() != GZIP_EXTENSIE:
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        raise LeesFout(
            f"{pad.name}: gzip-bestand beschadigd of onvolledig ({type(e).__name__}); verwacht "
            "een met gzip ingepakt CSV-bestand."
        ) from None


def _rijen_csv(pad: Path) -> tuple[list[list[object]], dict]:
    tekst, codering, opmerkingen = _decodeer(_lees_bytes(pad), pad)
    teken = _kies_scheidingsteken(tekst)
    try:
        lezer = csv.reader(_io.StringIO(tekst, newline=""), delimiter=teken)
        rijen: list[list[object]] = [list(r) for r in lezer]
    except csv.Error as e:
        raise LeesFout(
            f"{pad.name}: CSV-structuur onleesbaar ({e}); verwacht een CSV-tabel."
        ) from None
    return rijen, {"codering": codering, "scheidingsteken": teken, "opmerkingen": opmerkingen}


# --------------------------------------------------------------------------- spreadsheets


def _spreid_samengevoegd(
    rijen: list[list[object]], bereiken: Iterable[tuple[int, int, int, int]]
) -> list[tuple[int, int, int, int]]:
    """Copy the value of each merged range into its empty cells, only where the merge says so.

    Args:
        rijen: The rows of a sheet (changed in place).
        bereiken: Merged ranges as (first row, last row, first col, last col), 0-based.

    Returns:
        The ranges whose value was copied into at least one cell.

    >>> rijen = [["a", "x"], [None, "y"], [None, None]]
    >>> _spreid_samengevoegd(rijen, [(0, 1, 0, 0)]), rijen
    ([(0, 1, 0, 0)], [['a', 'x'], ['a', 'y'], [None, None]])
    """
    gebruikt = []
    for r0, r1, c0, c1 in bereiken:
        if r0 >= len(rijen) or c0 >= len(rijen[r0]) or _is_leeg(rijen[r0][c0]):
            continue
        waarde, gevuld = rijen[r0][c0], False
        for r in range(r0, min(r1, len(rijen) - 1) + 1):
            rij = rijen[r]
            for c in range(c0, min(c1, len(rij) - 1) + 1):
                if (r, c) != (r0, c0) and _is_leeg(rij[c]):
                    rij[c], gevuld = waarde, True
        if gevuld:
            gebruikt.append((r0, r1, c0, c1))
    return gebruikt


def _heeft_formules(pad: Path) -> bool:
    """Whether some worksheet of an xlsx holds a formula (cheap scan of the zip)."""
    import zipfile

    try:
        with zipfile.ZipFile(pad) as z:
            return any(
                re.search(rb"<f[ >/]", z.read(n))
                for n in z.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _markeer_formules(pad: Path, bladen: list[list[list[object]]]) -> None:
    """Mark cells that hold a formula without a cached value as :class:`FormuleZonderWaarde`.

    ``openpyxl`` with ``data_only=True`` gives ``None`` for such cells; a second load
    without it shows the formula.
    """
    import openpyxl

    wb = openpyxl.load_workbook(pad, data_only=False)
    try:
        for rijen, ws in zip(bladen, wb.worksheets, strict=True):
            for i, rij in enumerate(ws.iter_rows(max_row=len(rijen), values_only=True)):
                for j, cel in enumerate(rij[: len(rijen[i])]):
                    if rijen[i][j] is None and isinstance(cel, str) and cel.startswith("="):
                        rijen[i][j] = FormuleZonderWaarde(cel)
    finally:
        wb.close()


def _rijen_excel(pad: Path) -> list[_Blad]:
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
            verborgen = getattr(ws, "sheet_state", "visible") != "visible"
            bladen.append(_Blad(ws.title, rijen, verborgen))
            if getattr(ws, "merged_cells", None) is not None:
                bladen[-1].samengevoegd = [
                    (b.min_row - 1, b.max_row - 1, b.min_col - 1, b.max_col - 1)
                    for b in ws.merged_cells.ranges
                ]
    finally:
        wb.close()
    if not groot and _heeft_formules(pad):
        try:
            _markeer_formules(pad, [b.rijen for b in bladen])
        except Exception as e:  # the values were read; only the formula check failed
            logger.warning("%s: formules niet te controleren (%s)", pad.name, type(e).__name__)
    for b in bladen:
        b.samengevoegd = _spreid_samengevoegd(b.rijen, b.samengevoegd)
    return bladen


def _rijen_calamine(pad: Path) -> list[_Blad]:
    """Sheets of ``.xls``, ``.xlsb`` or ``.ods`` through python-calamine, when installed."""
    ext = extensie(pad)
    try:
        import python_calamine
    except ImportError:
        raise LeesFout(
            f"{pad.name}: het formaat {ext} wordt niet gelezen: daarvoor is het pakket "
            "python-calamine nodig (pip install python-calamine). Of sla het bestand op als "
            ".xlsx of CSV."
        ) from None
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(pad))
        bladen = []
        for meta in wb.sheets_metadata:
            blad = wb.get_sheet_by_name(meta.name)
            rijen = [list(r) for r in blad.to_python(skip_empty_area=False)]
            bereiken = getattr(blad, "merged_cell_ranges", None) or []
            gebruikt = _spreid_samengevoegd(
                rijen, [(b[0][0], b[1][0], b[0][1], b[1][1]) for b in bereiken]
            )
            verborgen = meta.visible != python_calamine.SheetVisibleEnum.Visible
            bladen.append(_Blad(meta.name, rijen, verborgen, gebruikt))
    except Exception as e:  # calamine raises its own types on corrupt files
        raise LeesFout(
            f"{pad.name}: geen leesbaar {ext}-bestand ({type(e).__name__}); verwacht een "
            "werkmap die in een rekenblad opent, of sla het op als .xlsx of CSV."
        ) from None
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
    for i, rij in enumerate(rijen[:_MAX_KOPREGEL]):
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


def _lees_bladen_ruw(pad: Path) -> tuple[list[_Blad], dict]:
    if not pad.exists():
        raise LeesFout(f"{pad}: bestand bestaat niet.")
    ext = extensie(pad)
    if ext in EXCEL_EXTENSIES:
        return _rijen_excel(pad), {}
    if ext in CSV_EXTENSIES or ext in tuple(e + GZIP_EXTENSIE for e in CSV_EXTENSIES):
        rijen, meta = _rijen_csv(pad)
        return [_Blad(None, rijen)], meta
    if ext in CALAMINE_EXTENSIES:
        return _rijen_calamine(pad), {}
    raise LeesFout(
        f"{pad.name}: onbekend bestandstype '{ext}'; verwacht .csv (ook .csv.gz), .xlsx, "
        ".xlsm, .xls, .xlsb of .ods."
    )


# --------------------------------------------------------------------------- choosing sheets


@dataclass
class _Kandidaat:
    """A sheet whose header names enough columns of the table."""

    score: int
    volgorde: int
    blad: _Blad
    kopregel: int
    kolommen: frozenset[str]


def _hoort_bij(k: _Kandidaat, beste: _Kandidaat, tabel: Tabel | None) -> bool:
    """Whether a sheet holds the same table as the best one.

    Same required columns; optional columns may differ (a sheet per year where one year
    has an extra column is read, not skipped). Without a contract: the same headers.
    """
    if tabel is None:
        return k.kolommen == beste.kolommen
    verplicht = {c.naam for c in tabel.kolommen if c.verplicht}
    if not beste.kolommen & verplicht:
        return k.kolommen == beste.kolommen
    return k.kolommen & verplicht == beste.kolommen & verplicht


def _kies_bladen(
    kandidaten: list[_Kandidaat], tabel: Tabel | None
) -> tuple[list[_Kandidaat], list[str]]:
    """The sheets to read and notes on hidden sheets.

    Hidden sheets are passed over when a visible sheet holds the table (what a person sees
    in Excel is what is read); when only hidden sheets hold it, they are read.
    """
    zichtbaar = [k for k in kandidaten if not k.blad.verborgen]
    pool = zichtbaar or kandidaten
    beste = max(pool, key=lambda k: (k.score, -k.volgorde))
    gekozen = sorted((k for k in pool if _hoort_bij(k, beste, tabel)), key=lambda k: k.volgorde)
    opmerkingen = []
    verborgen_weg = [
        k.blad.naam
        for k in kandidaten
        if k.blad.verborgen and k not in gekozen and _hoort_bij(k, beste, tabel)
    ]
    if verborgen_weg:
        opmerkingen.append(
            "verborgen blad(en) met deze tabel overgeslagen: "
            + ", ".join(map(str, verborgen_weg))
            + " (maak ze zichtbaar in Excel als ze gegevens bevatten)"
        )
    if not zichtbaar:
        opmerkingen.append(
            "alleen verborgen bladen bevatten de tabel; gelezen: "
            + ", ".join(str(k.blad.naam) for k in gekozen)
        )
    return gekozen, opmerkingen


def _numerieke_posities(header: list[object], tabel: Tabel | None) -> set[int]:
    """Header positions of number and amount columns (where a decimal comma may stand)."""
    if tabel is None:
        return set()
    lookup = kolom_lookup(tabel)
    typen = {k.naam: k.type for k in tabel.kolommen}
    return {
        j
        for j, h in enumerate(header)
        if typen.get(lookup.get(normaliseer_kolomnaam(h), ""), "") in _NUMERIEKE_TYPES
    }


def lees_bladen(pad: str | Path, tabel: Tabel | None = None) -> list[RuwBestand]:
    """Read a CSV or spreadsheet export: every sheet that holds the table.

    Title rows above the header, empty rows and empty columns are skipped; merged
    header cells in Excel are spread over their columns. The header is the row (among
    the first 40) that names the most columns of the contract. In a workbook, the sheet
    with the best header is read, plus every other sheet whose header names the same
    required contract columns (an export split over sheets per year, also when one year
    has an extra optional column); other sheets are passed over and named in the notes,
    as are hidden sheets.

    Args:
        pad: CSV (``;``, ``,``, tab; UTF-8 with or without BOM, cp1252; also ``.gz``),
            XLSX/XLSM, or XLS/XLSB/ODS (with python-calamine).
        tabel: Contract used to recognise the header row.

    Returns:
        One :class:`RuwBestand` per sheet read, with row numbers as a person sees them.

    Raises:
        LeesFout: the file does not exist, has an unknown type, is empty or corrupt, or no
            header row with at least two known columns is found.
    """
    pad = Path(pad)
    bladen, meta = _lees_bladen_ruw(pad)
    if not any(not _is_leeg(c) for b in bladen for r in b.rijen for c in r):
        raise LeesFout(
            f"{pad.name}: het bestand is leeg (alleen lege regels"
            + (" of lege bladen" if bladen and bladen[0].naam is not None else "")
            + "); verwacht een tabel met een kopregel."
        )
    minimaal = 2 if tabel else 1
    kandidaten = []
    for volgorde, blad in enumerate(bladen):
        i, score, kolommen = _vind_header(blad.rijen, tabel)
        if i >= 0 and score >= minimaal:
            kandidaten.append(_Kandidaat(score, volgorde, blad, i, kolommen))
    if not kandidaten:
        verwacht = (
            ", ".join(k.naam for k in tabel.kolommen if k.verplicht) if tabel else "kolomnamen"
        )
        raise LeesFout(
            f"{pad.name}: geen kopregel gevonden in de eerste {_MAX_KOPREGEL} regels"
            + (f" van tabel '{tabel.naam}'" if tabel else "")
            + f"; verwacht kolommen zoals: {verwacht}."
        )
    gekozen, blad_opmerkingen = _kies_bladen(kandidaten, tabel)
    overgeslagen = _overgeslagen_bladen(bladen, kandidaten, gekozen, tabel)
    uit = []
    for k in gekozen:
        numeriek = _numerieke_posities(k.blad.rijen[k.kopregel], tabel)
        ruw = _ruw_bestand(pad, k.blad.naam, k.blad.rijen, k.kopregel, meta, numeriek)
        if len(bladen) > 1:
            ruw.opmerkingen.append(f"blad '{k.blad.naam}' gelezen (van {len(bladen)} bladen)")
            if overgeslagen:
                ruw.opmerkingen.append("bladen overgeslagen: " + "; ".join(overgeslagen))
        ruw.opmerkingen += blad_opmerkingen
        if opmerking := _samengevoegd_opmerking(k.blad.samengevoegd, k.kopregel):
            ruw.opmerkingen.append(opmerking)
        uit.append(ruw)
    return uit


def _overgeslagen_bladen(
    bladen: list[_Blad],
    kandidaten: list[_Kandidaat],
    gekozen: list[_Kandidaat],
    tabel: Tabel | None,
) -> list[str]:
    """Every sheet that is not read, with the reason why (Dutch)."""
    gelezen = {id(k.blad) for k in gekozen}
    per_blad = {id(k.blad): k for k in kandidaten}
    verplicht = {c.naam for c in tabel.kolommen if c.verplicht} if tabel else set()
    wel = gekozen[0].kolommen & verplicht
    uit = []
    for b in bladen:
        if id(b) in gelezen:
            continue
        k = per_blad.get(id(b))
        if not any(not _is_leeg(c) for r in b.rijen for c in r):
            reden = "leeg blad"
        elif k is None:
            reden = "geen kopregel met kolommen van " + (
                f"tabel '{tabel.naam}'" if tabel else "een tabel"
            )
        elif b.verborgen:
            reden = "verborgen blad"
        else:
            mist, extra = sorted(wel - k.kolommen), sorted((k.kolommen & verplicht) - wel)
            reden = "andere verplichte kolommen in de kopregel" + "".join(
                f" ({w}: {', '.join(lijst)})"
                for w, lijst in (("mist", mist), ("extra", extra))
                if lijst
            )
        uit.append(f"'{b.naam}': {reden}")
    return uit


def _samengevoegd_opmerking(bereiken: list[tuple[int, int, int, int]], kopregel: int) -> str | None:
    """A note on merged cells below the header whose value was copied into their cells."""
    data = [b for b in bereiken if b[1] > kopregel]
    if not data:
        return None
    from openpyxl.utils.cell import get_column_letter  # only spreadsheets merge cells

    namen = [
        f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
        for r0, r1, c0, c1 in data
    ]
    return (
        f"samengevoegde cellen ingevuld met hun waarde ({len(data)} bereik(en): "
        + ", ".join(namen[:10])
        + (" ..." if len(namen) > 10 else "")
        + "); controleer of die waarde voor elke regel van het bereik geldt"
    )


def lees_bestand(pad: str | Path, tabel: Tabel | None = None) -> RuwBestand:
    """Read the best sheet of a CSV or spreadsheet export; see :func:`lees_bladen`."""
    return lees_bladen(pad, tabel)[0]


# --------------------------------------------------------------------------- rows


def _kolomnamen(header: list[object]) -> list[str]:
    """Header cells as unique names; empty cells become ``kolom_<n>``."""
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
    return namen


def _laatste_gevuld(rij: list[object]) -> int:
    """Number of fields up to and including the last filled one."""
    for j in range(len(rij) - 1, -1, -1):
        if not _is_leeg(rij[j]):
            return j + 1
    return 0


def herstel_decimale_komma(
    rij: list[str], breedte: int, numeriek: set[int]
) -> tuple[list[str], list[int]] | None:
    """Join the halves of unquoted decimal commas in a comma CSV row, when unambiguous.

    ``2020,6.71,primitief,1234,50`` under a header of four columns has one field too many;
    when exactly one way of joining ``1234`` and ``50`` (an integer part followed by one or
    two decimals) lands every joined value in a number or amount column, the row is
    repaired. Any other case returns ``None``: the row is then quarantined.

    Args:
        rij: The fields as split on commas.
        breedte: Number of header fields.
        numeriek: Header positions of number and amount columns.

    Returns:
        The repaired row and the header positions that were joined, or ``None``.

    >>> herstel_decimale_komma(["2020", "6.71", "primitief", "1234", "50"], 4, {3})
    (['2020', '6.71', 'primitief', '1234,50'], [3])
    >>> herstel_decimale_komma(["1", "2", "3"], 2, {0, 1}) is None  # 1,2 or 2,3: ambiguous
    True
    """
    rij = rij[: max(_laatste_gevuld(rij), breedte)]
    extra = len(rij) - breedte
    if extra <= 0:
        return None
    kandidaten = [
        p
        for p in range(len(rij) - 1)
        if _HEEL_DEEL.match(str(rij[p])) and _DECIMALEN.match(str(rij[p + 1]))
    ]
    if len(kandidaten) > 12:
        return None
    geldig = []
    for keuze in itertools.combinations(kandidaten, extra):
        if any(b - a < 2 for a, b in itertools.pairwise(keuze)):
            continue
        posities = [p - k for k, p in enumerate(keuze)]
        if all(pos in numeriek for pos in posities):
            geldig.append((keuze, posities))
    if len(geldig) != 1:
        return None
    keuze, posities = geldig[0]
    uit: list[str] = []
    p = 0
    while p < len(rij):
        if p in keuze:
            uit.append(f"{rij[p]},{rij[p + 1]}")
            p += 2
        else:
            uit.append(rij[p])
            p += 1
    return uit, posities


def _controleer_velden(
    rij: list[object], kop: tuple[int, int], meta: dict, numeriek: set[int]
) -> tuple[list[object], str | None, list[int]]:
    """Check a CSV row's field count against the header; repair a decimal comma if clear.

    Returns:
        The row, a reason when it does not fit (else ``None``), and repaired positions.
    """
    gevuld_kop, breedte = kop
    teken = meta["scheidingsteken"]
    gevuld = _laatste_gevuld(rij)
    if len(rij) < gevuld_kop:
        return (
            rij,
            (
                f"regel heeft {len(rij)} velden, de kopregel {gevuld_kop}: "
                f"{gevuld_kop - len(rij)} veld(en) te weinig; verwacht {gevuld_kop} velden "
                f"gescheiden door '{teken}'"
            ),
            [],
        )
    if gevuld <= breedte:
        return rij, None, []
    if teken == ",":
        hersteld = herstel_decimale_komma([str(c) for c in rij], breedte, numeriek)
        if hersteld:
            return list(hersteld[0]), None, hersteld[1]
    return (
        rij,
        (
            f"regel heeft {gevuld} velden, de kopregel {breedte}: {gevuld - breedte} veld(en) te "
            f"veel; verwacht {breedte} velden gescheiden door '{teken}'"
            + (" (mogelijk een decimale komma zonder aanhalingstekens)" if teken == "," else "")
        ),
        [],
    )


def _herstel_opmerking(hersteld: list[tuple[int, str]]) -> str:
    lijst = "; ".join(f"regel {r}: {k}" for r, k in hersteld[:5])
    return (
        f"decimale komma zonder aanhalingstekens hersteld in {len(hersteld)} regel(s) "
        f"({lijst}{' ...' if len(hersteld) > 5 else ''}); controleer die bedragen"
    )


def _ruw_bestand(
    pad: Path,
    blad: str | None,
    rijen: list[list[object]],
    hi: int,
    meta: dict,
    numeriek: set[int] | None = None,
) -> RuwBestand:
    header = list(rijen[hi])
    data = rijen[hi + 1 :]
    is_csv = meta.get("scheidingsteken") is not None
    kop = (_laatste_gevuld(header), len(header))
    breedte = len(header) if is_csv else max([len(header), *(len(r) for r in data)])
    header = header + [None] * (breedte - len(header))
    namen = _kolomnamen(header)

    opmerkingen = [f"kopregel op regel {hi + 1}" + (f" van blad '{blad}'" if blad else "")]
    opmerkingen += meta.get("opmerkingen", [])
    rijnummers: list[int] = []
    cellen: list[list[object]] = []
    fouten: list[str | None] = []
    hersteld: list[tuple[int, str]] = []
    lege = 0
    for k, rij in enumerate(data):
        if all(_is_leeg(c) for c in rij):
            lege += 1
            continue
        reden = None
        if is_csv:
            rij, reden, posities = _controleer_velden(rij, kop, meta, numeriek or set())
            hersteld += [(hi + 2 + k, namen[p]) for p in posities]
        rij = list(rij) + [None] * (breedte - len(rij))
        cellen.append(rij[:breedte])
        fouten.append(reden)
        rijnummers.append(hi + 2 + k)
    df = (
        pd.DataFrame(cellen, columns=namen, dtype=object)
        if cellen
        else pd.DataFrame({n: pd.Series(dtype=object) for n in namen})
    )
    # drop columns without a header and without any value
    leeg_kolom = [n for n in namen if n.startswith("kolom_") and df[n].map(_is_leeg).all()]
    df = df.drop(columns=leeg_kolom)
    kolommen = list(df.columns)
    if any(f is not None for f in fouten):
        df[RIJFOUT_KOLOM] = pd.Series(fouten, dtype=object)
        aantal = sum(f is not None for f in fouten)
        opmerkingen.append(f"{aantal} regel(s) met meer of minder velden dan de kopregel")
    if hersteld:
        opmerkingen.append(_herstel_opmerking(hersteld))
        logger.info("%s: %s", pad.name, opmerkingen[-1])
    if lege:
        opmerkingen.append(f"{lege} lege regel(s) overgeslagen")
    return RuwBestand(
        pad=pad,
        kolommen=kolommen,
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
