r"""The columnar fast path of the build: CSV read as text columns, checks per distinct value.

:func:`valideer_pad` is what the build calls for every raw file. For a plain CSV export
(UTF-8 or cp1252, every row as wide as the header) it reads the file
with ``pyarrow.csv`` as text columns and validates it column by column: each column is
dictionary-encoded and every *distinct* value is parsed once by the same per-cell parsers
the row-by-row path uses (:mod:`sdanalysis.bouw.valideren`, :mod:`sdanalysis.bouw.getallen`),
so values, reasons and notes are identical. The shapes that make up almost all cells of a
large column are decided in bulk without Python per value: text without surrounding
spaces, a nine-digit BSN (elfproef in numpy) and plain numbers such as ``12,50``.

Any file the fast path cannot read exactly like :func:`sdanalysis.bouw.lezen.lees_bladen`
(Excel, gzip, UTF-16, mixed encodings, rows wider or narrower than the header,
header cells that are empty or repeated) goes to the row-by-row path unchanged. Header
detection itself is always done by :func:`~sdanalysis.bouw.lezen.lees_bladen`, on the first
lines of the file. Set ``SDANALYSIS_BOUW_SNEL=0`` to switch the fast path off.

>>> import tempfile
>>> from sdanalysis.contracts import BEGROTING
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "begroting.csv").write_text("Jaar;Taakveld;Soort;Bedrag (€)\n2019;6.71;primitief;7 ton\n")
>>> res = valideer_pad(d / "begroting.csv", BEGROTING, b"k")[0]
>>> res.geaccepteerd["bedrag_eur"].tolist(), res.rijen_gelezen
([700000.0], 1)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sdanalysis.bouw import valideren as v
from sdanalysis.bouw.getallen import heeft_tijd, kolom_decimaalteken
from sdanalysis.bouw.lezen import (
    RIJFOUT_KOLOM,
    TOTAALWOORDEN,
    LeesFout,
    is_totaalregel,
    lees_bladen,
)
from sdanalysis.contracts import Kolom, Tabel

logger = logging.getLogger(__name__)

#: Environment switch: ``0`` (or ``nee``/``uit``/``false``) forces the row-by-row path.
SNEL_ENV = "SDANALYSIS_BOUW_SNEL"
#: Lines at the top of a file given to the reader to find the header (it looks at 40 rows
#: and chooses the separator from 50 lines).
_KOPLIJNEN = 64
#: Bytes of a file that are read at once by the CSV reader.
_BLOK = 1 << 24
_CSV = (".csv", ".txt", ".tsv")
#: A text cell that needs no stripping: starts and ends with a letter or digit.
_KAAL = r"^[0-9A-Za-z](?:.*[0-9A-Za-z])?$"
#: Plain numbers read the same under any decimal mark: at most two decimals.
_EENVOUDIG_GETAL = r"^-?[0-9]{1,12}(?:[.,][0-9]{1,2})?$"
_BSN_GEWICHTEN = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)


def snel_aan(snel: bool | None = None) -> bool:
    """Whether the fast path is on: ``snel`` if given, else the environment switch.

    >>> snel_aan(False), snel_aan(True)
    (False, True)
    """
    if snel is not None:
        return snel
    return os.environ.get(SNEL_ENV, "1").strip().lower() not in ("0", "nee", "uit", "false")


# --------------------------------------------------------------------------- reading


@dataclass
class _Gelezen:
    """A CSV file read as dictionary-encoded text columns."""

    rijen: pd.DataFrame
    rijnummers: np.ndarray
    opmerkingen: list[str]


def _codering(pad: Path) -> str | None:
    """The encoding the row-by-row reader would choose, when it is a plain one."""
    with pad.open("rb") as f:
        kop = f.read(4096)
    if not kop.strip() or kop[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in kop:
        return None
    try:
        with pad.open("rb") as f:
            for blok in iter(lambda: f.read(_BLOK), b""):
                if not blok.isascii():  # ASCII is UTF-8, and far quicker to check
                    blok.decode("utf-8")  # a character cut at the block edge: see below
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    data = pad.read_bytes()
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    for regel in data.split(b"\n"):
        if regel.isascii():
            continue
        try:
            regel.decode("utf-8")
            return None  # UTF-8 lines among cp1252 lines: read line by line
        except UnicodeDecodeError:
            continue
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _kop(pad: Path, tabel: Tabel) -> tuple[object, int] | None:
    """The reader's view of the first lines: (RuwBestand, lines given) or None."""
    with pad.open("rb") as f:
        regels = [f.readline() for _ in range(_KOPLIJNEN)]
    regels = [r for r in regels if r]
    tmp = Path(tempfile.mkdtemp(prefix="sdanalysis-kop-"))
    try:
        proef = tmp / f"kop{pad.suffix.lower()}"
        proef.write_bytes(b"".join(regels))
        bladen = lees_bladen(proef, tabel)
    except (LeesFout, OSError, ValueError):
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return (bladen[0], len(regels)) if len(bladen) == 1 else None


def _kop_bruikbaar(kop: object, codering: str) -> bool:
    """Whether the reader's header can be used as is: plain names, nothing repaired."""
    namen = list(kop.rijen.columns)
    return (
        kop.codering == codering
        and RIJFOUT_KOLOM not in namen
        and not any(n.startswith("kolom_") for n in namen)
        and len(set(namen)) == len(namen)
        and all(o.startswith("kopregel op regel") or "lege regel" in o for o in kop.opmerkingen)
    )


def _lees_tabel(pad: Path, kop: object, codering: str) -> pa.Table | None:
    """All data rows as text columns, or None when a row does not fit the header."""
    k = len(kop.rijen.columns)
    namen = [f"k{i}" for i in range(k)]
    try:
        return pacsv.read_csv(
            pad,
            read_options=pacsv.ReadOptions(
                skip_rows=kop.header_rij,
                column_names=namen,
                encoding="utf8" if codering == "utf-8-sig" else codering,
                block_size=_BLOK,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=kop.scheidingsteken, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(namen, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError):
        return None


def _als_categorie(kolom: pa.ChunkedArray) -> pd.Series:
    """A text column as a pandas categorical: one category per distinct value."""
    d = kolom.combine_chunks().dictionary_encode()
    cats = pd.Index(d.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    codes = d.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=cats, validate=False))


def _per_categorie_waar(cats: pd.Index, zeker_niet: np.ndarray, func: object) -> np.ndarray:
    """``func`` per category, called only where ``zeker_niet`` does not already say False."""
    uit = np.zeros(len(cats), dtype=bool)
    for i in np.flatnonzero(~zeker_niet):
        uit[i] = bool(func(cats[i]))
    return uit


def _leeg_per_categorie(s: pd.Series) -> np.ndarray:
    """Per row: the cell is empty (None, NaN or only spaces)."""
    c = s.cat
    leeg = _per_categorie_waar(c.categories, _eenvoudig(c.categories, "[0-9A-Za-z]"), v._leeg)
    codes = c.codes.to_numpy()
    return np.where(codes < 0, True, leeg[np.maximum(codes, 0)])


def _zelfde_begin(df: pd.DataFrame, nummers: np.ndarray, kop: object) -> bool:
    """The first rows agree with what the reader found in the same lines."""
    m = min(len(kop.rijen), len(df))
    if not np.array_equal(nummers[:m], np.asarray(kop.rijnummers[:m])):
        return False
    eerste = df.iloc[:m].astype(object).to_numpy()
    return bool((eerste == kop.rijen.iloc[:m].astype(object).to_numpy()).all())


def lees_csv(pad: str | Path, tabel: Tabel) -> _Gelezen | None:
    """Read a plain CSV export as categorical text columns, as the row reader would.

    Returns:
        The cells (one categorical column per header, the header names as the reader
        gives them), the row numbers and the reader's notes; ``None`` when the file is
        not plain enough to be read exactly like :func:`sdanalysis.bouw.lezen.lees_bladen`.
    """
    pad = Path(pad)
    if pad.suffix.lower() not in _CSV or not pad.is_file():
        return None
    codering = _codering(pad)
    kop = _kop(pad, tabel) if codering else None
    if kop is None or not _kop_bruikbaar(kop[0], codering):
        return None
    kop = kop[0]
    tabel_pa = _lees_tabel(pad, kop, codering)
    if tabel_pa is None:
        return None
    namen = list(kop.rijen.columns)
    df = pd.DataFrame(
        {n: _als_categorie(tabel_pa.column(i)) for i, n in enumerate(namen)}, copy=False
    )
    del tabel_pa
    nummers = np.arange(len(df), dtype=np.int64) + kop.header_rij + 1
    leeg = np.ones(len(df), dtype=bool)
    for n in namen:
        leeg &= _leeg_per_categorie(df[n])
    opmerkingen = [o for o in kop.opmerkingen if o.startswith("kopregel op regel")]
    if leeg.any():
        df = df.loc[~leeg].reset_index(drop=True)
        nummers = nummers[~leeg]
        opmerkingen.append(f"{int(leeg.sum())} lege regel(s) overgeslagen")
    if not _zelfde_begin(df, nummers, kop):
        logger.info("%s: snelle lezer wijkt af van de kopregelproef; regel voor regel", pad.name)
        return None
    return _Gelezen(df, nummers, opmerkingen)


# --------------------------------------------------------------------------- columns


def _eenvoudig(categorieen: pd.Index, patroon: str) -> np.ndarray:
    """Which categories match a regular expression (evaluated in Arrow)."""
    if not len(categorieen):
        return np.zeros(0, dtype=bool)
    arr = pa.array(categorieen.to_numpy(dtype=object), type=pa.string())
    return pc.match_substring_regex(arr, patroon).to_numpy(zero_copy_only=False)


def _bsn_geldig(categorieen: pd.Index) -> np.ndarray:
    """Which categories are nine digits passing the elfproef (numpy, no Python per value)."""
    negen = _eenvoudig(categorieen, r"^[0-9]{9}$")
    uit = np.zeros(len(categorieen), dtype=bool)
    if negen.any():
        tekst = "".join(categorieen[negen]).encode("ascii")
        cijfers = (np.frombuffer(tekst, dtype=np.uint8) - 48).reshape(-1, 9).astype(np.int64)
        som = cijfers @ _BSN_GEWICHTEN
        uit[negen] = (som % 11 == 0) & (som != 0)
    return uit


def _voorbeeldreeks(
    cats: pd.Index, kies: np.ndarray, extra: dict[int, int]
) -> tuple[pd.Series, np.ndarray]:
    """Chosen categories in their order, plus extra copies for counts the notes depend on."""
    idx = np.flatnonzero(kies)
    herhaald = [i for i, n in extra.items() for _ in range(n)]
    waarden = list(cats[idx]) + list(cats[herhaald])
    return pd.Series(waarden, dtype=object), idx


#: A date written in full (``dd-mm-jjjj`` or ``jjjj-mm-dd``); group 1 or 2 is the year.
_GEWONE_DATUM = re.compile(r"[0-9]{2}-[0-9]{2}-([0-9]{4})|([0-9]{4})-[0-9]{2}-[0-9]{2}")


def _notitie_kopieen(
    kolom: Kolom, cats: pd.Index, kies: np.ndarray, telling: np.ndarray, peil: dt.date
) -> dict:
    """Extra copies of the values whose number of rows a note of the column reports.

    Only categories in ``kies`` (those parsed one by one) can be ambiguous numbers.
    """
    extra: dict[int, int] = {}
    if kolom.type == "datum":
        parser = v.datum_parser(kolom, peil)
        for i, w in enumerate(cats):
            if isinstance(w, str) and (m := _GEWONE_DATUM.fullmatch(w)):
                if int(m[1] or m[2]) <= peil.year:
                    continue  # no open end, no time, not after the build's year: no note
            d, r = parser(w)
            if r == v._LOPEND or heeft_tijd(w) or (d is not None and d.year > peil.year):
                extra[i] = int(telling[i]) - 1
    elif kolom.type in ("getal", "bedrag", "geheel"):
        waarden = cats.to_numpy(dtype=object)
        for i in np.flatnonzero(kies):
            w = waarden[i]
            if isinstance(w, str) and kolom_decimaalteken([w])[2]:
                extra[i] = int(telling[i]) - 1
    return {i: n for i, n in extra.items() if n > 0}


@dataclass
class _Snel:
    """Categories decided in bulk: which ones, their values (object array)."""

    beslist: np.ndarray
    waarden: np.ndarray


def _bulk(kolom: Kolom, cats: pd.Index) -> _Snel:
    """Decide the common cell shapes of a column without the per-cell parser."""
    n = len(cats)
    waarden = np.empty(n, dtype=object)
    if kolom.type == "tekst" or (
        kolom.type == "code" and not kolom.waarden and not kolom.codelijst
    ):
        beslist = _eenvoudig(cats, _KAAL)
        waarden[beslist] = cats[beslist]
    elif kolom.type == "bsn":
        beslist = _bsn_geldig(cats)
        waarden[beslist] = cats[beslist]
    elif kolom.type in ("getal", "bedrag") and n > 1000:
        beslist = _eenvoudig(cats, _EENVOUDIG_GETAL)
        if beslist.any():
            tekst = pa.array(cats[beslist].to_numpy(dtype=object), type=pa.string())
            getal = pc.cast(pc.replace_substring(tekst, ",", "."), pa.float64())
            waarden[beslist] = getal.to_numpy(zero_copy_only=False)
    else:
        beslist = np.zeros(n, dtype=bool)
    return _Snel(beslist, waarden)


def _eerste_per_teken(cats: pd.Index, beslist: np.ndarray) -> np.ndarray:
    """The first bulk-decided number per decimal mark (the column's mark depends on it)."""
    houd = np.zeros(len(cats), dtype=bool)
    gezien: set[str] = set()
    waarden = cats.to_numpy(dtype=object)
    for i in np.flatnonzero(beslist):
        w = waarden[i]
        teken = "," if "," in w else "." if "." in w else None
        if teken and teken not in gezien:
            gezien.add(teken)
            houd[i] = True
        if len(gezien) == 2:
            break
    return houd


def _per_categorie(
    kolom: Kolom, bron: pd.Series, peildatum: dt.date | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, list[str], np.ndarray]:
    """Values, reasons and PM flags per category, the column's notes, and the row codes."""
    cats = bron.cat.categories
    codes = bron.cat.codes.to_numpy().astype(np.int64)
    heeft_leeg = bool((codes < 0).any())
    if heeft_leeg:  # a missing cell (derived wet): one extra category None
        cats = cats.append(pd.Index([None], dtype=object))
        codes = np.where(codes < 0, len(cats) - 1, codes)
    telling = np.bincount(codes, minlength=len(cats))
    return (*per_waarde(kolom, cats, telling, peildatum), codes)


def per_waarde(
    kolom: Kolom, cats: pd.Index, telling: np.ndarray, peildatum: dt.date | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, list[str]]:
    """Values, reasons and PM flags per distinct cell, and the column's notes.

    ``telling`` is how many rows hold each distinct cell: the notes of a column (decimal
    mark, dates read as lopend, times dropped) count rows, so a column read in batches
    gives the notes of the whole column when its distinct cells and counts are gathered
    first (:mod:`sdanalysis.bouw.stroom`).

    >>> from sdanalysis.contracts import TOEWIJZINGEN
    >>> w, r, pm, opm = per_waarde(TOEWIJZINGEN.kolom("einddatum"),
    ...     pd.Index(["31-12-9999", "01-02-2020"]), np.array([3, 1]), dt.date(2024, 1, 1))
    >>> opm
    ['3 regel(s) met einddatum 31-12-9999 (of verwant) gelezen als lopend']
    """
    bulk = _bulk(kolom, cats)
    kies = ~bulk.beslist
    if kolom.type in ("getal", "bedrag"):
        kies |= _eerste_per_teken(cats, bulk.beslist)
    peil = peildatum or dt.date.today()
    extra = _notitie_kopieen(kolom, cats, kies, telling, peil)
    reeks, idx = _voorbeeldreeks(cats, kies, extra)
    uit = v._parse_kolom(kolom, reeks, peildatum)
    waarden = bulk.waarden
    redenen = np.full(len(cats), None, dtype=object)
    pm = np.zeros(len(cats), dtype=bool) if uit.pm is not None else None
    gelezen = uit.waarden.iloc[: len(idx)].astype(object).to_numpy()
    waarden[idx] = np.where(pd.isna(gelezen), None, gelezen)
    redenen[idx] = np.asarray(uit.redenen[: len(idx)], dtype=object)
    if pm is not None:
        pm[idx] = np.asarray(uit.pm[: len(idx)], dtype=bool)
    return waarden, redenen, pm, uit.opmerkingen


def _als_reeks(kolom: Kolom, waarden: np.ndarray) -> pd.Series:
    """Typed values (one per category) with the dtype the row-by-row parser gives."""
    if kolom.type == "datum":
        return pd.to_datetime(pd.Series(waarden, dtype=object), errors="coerce").astype(
            "datetime64[ns]"
        )
    if kolom.type in ("getal", "bedrag"):
        return pd.Series([np.nan if w is None else w for w in waarden], dtype="float64")
    dtype = {"geheel": "Int64", "janee": "boolean"}.get(kolom.type, "string")
    return pd.Series(waarden, dtype=dtype)


def parse_kolom(kolom: Kolom, bron: pd.Series, peildatum: dt.date | None = None) -> object:
    """Parse one categorical column like the row-by-row parser, once per distinct value.

    Returns:
        The same ``_Kolomuitkomst`` as ``valideren._parse_kolom`` on the full column.

    >>> from sdanalysis.contracts import TOEWIJZINGEN
    >>> s = pd.Series(["111222333", "123456789", "111222333"], dtype="category")
    >>> uit = parse_kolom(TOEWIJZINGEN.kolom("bsn"), s)
    >>> uit.waarden.tolist(), list(uit.redenen)
    (['111222333', <NA>, '111222333'], [None, 'BSN voldoet niet aan de elfproef', None])
    """
    waarden, redenen, pm, opmerkingen, codes = _per_categorie(kolom, bron, peildatum)
    typed = _als_reeks(kolom, waarden).take(codes).reset_index(drop=True)
    uit = v._Kolomuitkomst(
        typed,
        redenen[codes],  # an object array: no Python list of a million reasons
        None if pm is None else pm[codes],
        opmerkingen,
    )
    return uit


# --------------------------------------------------------------------------- validation


def _totaalregels(ruw: pd.DataFrame) -> np.ndarray:
    """Per row: its first filled cell starts with a totals word (see ``is_totaalregel``)."""
    n = len(ruw)
    open_ = np.ones(n, dtype=bool)
    totaal = np.zeros(n, dtype=bool)
    for naam in ruw.columns:
        s = ruw[naam]
        leeg = _leeg_per_categorie(s)
        cats = s.cat.categories
        woorden = "|".join(re.escape(w) for w in TOTAALWOORDEN)
        tot_c = _per_categorie_waar(
            cats, ~_eenvoudig(cats, f"(?i)(?:{woorden})"), lambda w: is_totaalregel([w])
        )
        codes = s.cat.codes.to_numpy()
        tot = np.where(codes < 0, False, tot_c[np.maximum(codes, 0)]) if len(cats) else leeg & False
        totaal |= open_ & ~leeg & tot
        open_ &= leeg
        if not open_.any():
            break
    return totaal


_LETTERS = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)

#: From this many distinct identifiers on, the HMACs are computed in DuckDB (in C, on
#: every core) instead of one Python call per value.
_HMAC_IN_DUCKDB = 20_000


def _hmac_koppen(waarden: pa.Array, sleutel: bytes) -> np.ndarray:
    """The first 12 bytes of HMAC-SHA256(sleutel, waarde) per value, as an (n, 12) array.

    Large inputs go through DuckDB's ``sha256`` with the HMAC construction of RFC 2104
    (key padded to the block of 64 bytes, inner and outer pad); the doctest holds it
    against Python's ``hmac``.

    >>> w = pa.array([str(i) for i in range(_HMAC_IN_DUCKDB)] + ["c:x"])
    >>> k = _hmac_koppen(w, b"sleutel")
    >>> bytes(k[-1]) == hmac.digest(b"sleutel", b"c:x", "sha256")[:12]
    True
    >>> all(bytes(k[i]) == hmac.digest(b"sleutel", str(i).encode(), "sha256")[:12]
    ...     for i in (0, 7, _HMAC_IN_DUCKDB - 1))
    True
    """
    n = len(waarden)
    if n < _HMAC_IN_DUCKDB:
        ruw = b"".join(
            hmac.digest(sleutel, w, "sha256")[:12]
            for w in pc.cast(waarden, pa.binary()).to_pylist()
        )
        return np.frombuffer(ruw, dtype=np.uint8).reshape(n, 12)
    import duckdb

    blok = (hashlib.sha256(sleutel).digest() if len(sleutel) > 64 else sleutel).ljust(64, b"\0")
    binnen = bytes(b ^ 0x36 for b in blok)
    buiten = bytes(b ^ 0x5C for b in blok)
    tabel = pa.table({"w": pc.cast(waarden, pa.binary())})  # noqa: F841 - read by DuckDB
    con = duckdb.connect()
    try:
        uit = con.sql(
            "SELECT unhex(substr(sha256($buiten || unhex(sha256($binnen || w))), 1, 24)) AS h "
            "FROM tabel",
            params={"binnen": binnen, "buiten": buiten},
        ).to_arrow_table()
    finally:
        con.close()
    kop = uit.column("h").combine_chunks()
    data = np.frombuffer(kop.buffers()[2], dtype=np.uint8)
    begin = np.frombuffer(kop.buffers()[1], dtype=np.int32)[kop.offset : kop.offset + n]
    return data[begin[:, None] + np.arange(12)]


def pseudoniemen_arrow(waarden: pa.Array, sleutel: bytes) -> pa.Array:
    """``privacy.pseudoniem`` of every value of a text array, as an Arrow text array.

    The HMAC per value (:func:`_hmac_koppen`), then base 26 in numpy: no Python object
    per value.

    >>> from sdanalysis.bouw.privacy import pseudoniem
    >>> pseudoniemen_arrow(pa.array(["111222333", "c:C1"]), b"k").to_pylist() == [
    ...     pseudoniem("111222333", b"k"), pseudoniem("c:C1", b"k")]
    True
    """
    n = len(waarden)
    if n == 0:
        return pa.array([], type=pa.string())
    b = np.ascontiguousarray(_hmac_koppen(waarden, sleutel)).view(">u4").astype(np.uint64)
    a, m, z = b[:, 0].copy(), b[:, 1].copy(), b[:, 2].copy()
    tekens = np.empty((n, 17), dtype=np.uint8)
    tekens[:, 0] = ord("P")
    for k in range(16):  # long division of the 96-bit number by 26, three 32-bit limbs
        r = a % 26
        a //= 26
        t = (r << np.uint64(32)) + m
        m, r = t // 26, t % 26
        t = (r << np.uint64(32)) + z
        z, r = t // 26, t % 26
        tekens[:, k + 1] = _LETTERS[r.astype(np.intp)]
    begin = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * 17).tobytes())
    return pa.Array.from_buffers(pa.string(), n, [None, begin, pa.py_buffer(tekens.tobytes())])


def pseudoniemen(waarden: list[str], sleutel: bytes) -> np.ndarray:
    """``privacy.pseudoniem`` of many identifiers, as an object array.

    >>> from sdanalysis.bouw.privacy import pseudoniem
    >>> pseudoniemen(["111222333", "c:C1"], b"k").tolist() == [
    ...     pseudoniem("111222333", b"k"), pseudoniem("c:C1", b"k")]
    True
    """
    tekst = pa.array([str(w) for w in waarden], type=pa.string())
    return np.array(pseudoniemen_arrow(tekst, sleutel).to_pylist(), dtype=object)


def pseudonimiseer(reeks: pd.Series, sleutel: bytes) -> pd.Series:
    """``privacy.pseudonimiseer`` with one HMAC per distinct value; missing stays missing.

    >>> out = pseudonimiseer(pd.Series(["111222333", None, "111222333"]), b"k")
    >>> out[0] == out[2], pd.isna(out[1])
    (True, True)
    """
    codes, uniek = pd.factorize(reeks)
    tekst = pa.array(uniek, from_pandas=True)  # Arrow-backed text: no copy
    if not pa.types.is_string(tekst.type):
        tekst = pc.cast(tekst, pa.string())
    p = pseudoniemen_arrow(tekst, sleutel)
    plek = pa.array(codes, mask=codes < 0)
    uit = p.take(plek) if len(p) else pa.nulls(len(codes), pa.string())
    return pd.Series(pd.arrays.ArrowStringArray(uit), index=reeks.index)


def _als_arrow_tekst(s: pd.Series | None, n: int) -> pa.Array:
    """A column as Arrow text (all missing when there is no column)."""
    if s is None:
        return pa.nulls(n, pa.string())
    arr = pa.array(s, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if pa.types.is_string(arr.type) else pc.cast(arr, pa.string())


def _client_pseudoniem(
    typed: dict[str, pd.Series], n: int, ok: np.ndarray, sleutel: bytes
) -> pd.Series:
    """The client pseudonym per row, as ``valideren._geaccepteerd`` makes it.

    The BSN where there is one, else ``c:`` + the client number; rows not accepted stay
    empty. In Arrow, one HMAC per distinct identifier.

    >>> from sdanalysis.bouw.privacy import pseudoniem
    >>> typed = {"bsn": pd.Series(["111222333", None, None]),
    ...          "client_id": pd.Series([None, "C1", "C2"])}
    >>> uit = _client_pseudoniem(typed, 3, np.array([True, True, False]), b"k")
    >>> uit.tolist()[:2] == [pseudoniem("111222333", b"k"), pseudoniem("c:C1", b"k")]
    True
    >>> pd.isna(uit[2])
    True
    """
    bsn = pc.fill_null(_als_arrow_tekst(typed.get("bsn"), n), "")
    cid = pc.fill_null(_als_arrow_tekst(typed.get("client_id"), n), "")
    ids = pc.if_else(pc.equal(bsn, ""), pc.binary_join_element_wise("c:", cid, ""), bsn)
    ids = pc.if_else(pa.array(np.asarray(ok, dtype=bool)), ids, pa.scalar(None, pa.string()))
    d = ids.dictionary_encode()
    uit = pseudoniemen_arrow(d.dictionary, sleutel).take(d.indices)
    return pd.Series(pd.arrays.ArrowStringArray(uit))


def _categorisch(ruw: pd.DataFrame) -> pd.DataFrame:
    """Every column categorical (a derived column may come back as plain values)."""
    return ruw.apply(
        lambda s: s if isinstance(s.dtype, pd.CategoricalDtype) else s.astype("category")
    )


def valideer_gelezen(
    gelezen: _Gelezen,
    tabel: Tabel,
    bestand: str,
    sleutel: bytes,
    peildatum: dt.date | None = None,
    parse: Callable[..., object] | None = None,
) -> v.Resultaat:
    """Validate a file read by :func:`lees_csv`, exactly as ``valideren.valideer_frame``.

    Args:
        gelezen: The cells, row numbers and reader notes.
        tabel: The contract.
        bestand: File name for the quarantine.
        sleutel: Key for the BSN / client pseudonym.
        peildatum: Day of the build (default: today).
        parse: Column parser (default :func:`parse_kolom`; a batch of a large file passes
            one with the decisions of the whole file, see :mod:`sdanalysis.bouw.stroom`).
    """
    ruw, koppeling, opmerkingen = v._koppel(gelezen.rijen, tabel, bestand)
    ruw = _categorisch(ruw)
    n = len(ruw)
    q = v._Quarantaine(tabel.naam, bestand, gelezen.rijnummers)
    totaal = pd.Series(_totaalregels(ruw), dtype=bool)
    eerste = ruw.iloc[:, 0] if ruw.shape[1] else pd.Series([None] * n)
    q.noteer(totaal, "", "totaalregel; niet als gegevensregel ingelezen", eerste)
    getypeerd = v._typeer(ruw, tabel, koppeling, q, totaal, peildatum, parse=parse or parse_kolom)
    opmerkingen += getypeerd.opmerkingen
    v._controleer_client(ruw, tabel, koppeling, getypeerd.waarden, q, totaal)
    for mask, kolom, reden in v._regel_fouten(tabel, getypeerd.waarden):
        waarden = ruw[koppeling[kolom]] if kolom in koppeling else pd.Series([""] * n)
        q.noteer(mask & ~totaal, kolom, reden, waarden)

    quarantaine = q.frame()
    geweigerd = set(quarantaine["rij"].dropna().astype(int).tolist())
    ok = ~q.rijen.isin(geweigerd).to_numpy()
    df = v._geaccepteerd(dataclasses.replace(tabel, client=False), getypeerd, n, ok, sleutel)
    if tabel.client:
        df.insert(1, "client_id", _client_pseudoniem(getypeerd.waarden, n, ok, sleutel))
    df["bronbestand"] = pd.Series(pd.arrays.ArrowStringArray(pa.repeat(bestand, n)))
    df["bronrij"] = q.rijen
    df = df.loc[ok].reset_index(drop=True)
    return v.Resultaat(
        tabel=tabel.naam,
        bestand=bestand,
        geaccepteerd=df,
        quarantaine=quarantaine,
        rijen_gelezen=n,
        rijen_geweigerd=len(geweigerd),
        opmerkingen=gelezen.opmerkingen + opmerkingen,
    )


def valideer_pad(
    pad: Path, tabel: Tabel, sleutel: bytes, naam: str | None = None, snel: bool | None = None
) -> list[v.Resultaat]:
    """Read and validate one raw file: the fast path when it applies, else row by row.

    Same arguments, result and errors as :func:`sdanalysis.bouw.valideren.valideer_pad`;
    ``snel`` forces the fast path on or off (default: :data:`SNEL_ENV`, on).
    """
    naam = naam or Path(pad).name
    if snel_aan(snel):
        gelezen = lees_csv(pad, tabel)
        if gelezen is not None:
            return [valideer_gelezen(gelezen, tabel, naam, sleutel)]
    return v.valideer_pad(pad, tabel, sleutel, naam)
