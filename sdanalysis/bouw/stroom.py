r"""The build in batches: large CSV exports read, checked and written with bounded memory.

A table whose CSV files together exceed :func:`stroomdrempel` (default 64 MiB; environment
``SDANALYSIS_BOUW_STROOM_MB``, ``0`` streams every table that can stream) is not held in memory
as a whole. Per file:

1. **Column decisions first.** The columns whose reading depends on the whole column
   (numbers: the decimal mark; dates: the notes that count rows) are read once, alone, and
   every distinct cell is parsed with its number of rows (:func:`sdanalysis.bouw.snel.per_waarde`),
   so values, reasons and notes are those of the whole file.
2. **Batches.** The file is read again in batches of :func:`rijen_per_stuk` rows (default
   500.000; ``SDANALYSIS_BOUW_STUK_RIJEN``) by the same Arrow reader as the fast path;
   each batch is validated like a whole file (:func:`sdanalysis.bouw.snel.valideer_gelezen`)
   with the column decisions of step 1, masked (:func:`sdanalysis.bouw.privacy.maskeer_frame`)
   and written to a part file in the build's private temporary folder.
3. **Over all files** (:class:`Opslag`): duplicate keys are found in DuckDB over the part files
   and only the rows with a duplicated key are loaded and given to
   :func:`sdanalysis.bouw.valideren.ontdubbel`; categorie and taakveld, the declaraties check
   and the declaraties join run part by part with what they need from the other tables
   (the productcodes, the toewijzingnummers, one row of kenmerken per toewijzing).

Quarantine records, Excel row numbers, reasons, notes and counts are those of the in-memory
build; ``tests/bouw/test_stroom.py`` builds the demo and the messy fixtures both ways and
compares every written file cell by cell. One difference is by design: in a streamed table
BSN-like numbers in text are masked before duplicates are compared, so two rows that differ
only in such a number count as the same row.

>>> stroomdrempel() > 0
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sdanalysis.bouw import snel
from sdanalysis.bouw import valideren as v
from sdanalysis.bouw.privacy import maskeer_frame, treffers_per_kolom, zoek_bsn
from sdanalysis.bouw.werkers import Werkers, aantal_werkers, c_bibliotheek
from sdanalysis.contracts import Kolom, Tabel

#: Environment: size in MiB of a table's CSV files from which the table is streamed.
STROOM_ENV = "SDANALYSIS_BOUW_STROOM_MB"
#: Environment: rows per batch.
RIJEN_ENV = "SDANALYSIS_BOUW_STUK_RIJEN"
#: Defaults: MiB of CSV from which a table streams, and rows per batch.
STROOM_MB = 64.0
STUK_RIJEN = 500_000
#: The tables that can stream (the large, row-per-event exports).
STROOMTABELLEN = ("toewijzingen", "declaraties", "meldingen")
#: Memory DuckDB may use to find duplicate keys over the parts: at least 512 MB, 48 bytes
#: per row (the keys of 50 million declaratie lines did not fit in 512 MB), at most 4 GB.
_DUCKDB_MIN_MB, _DUCKDB_MAX_MB, _DUCKDB_BYTES_PER_RIJ = 512, 4096, 48


def duckdb_geheugen(rijen: int) -> str:
    """DuckDB's memory limit for finding duplicates over ``rijen`` rows.

    >>> duckdb_geheugen(1_000), duckdb_geheugen(50_000_000), duckdb_geheugen(10**9)
    ('512MB', '2288MB', '4096MB')
    """
    mb = rijen * _DUCKDB_BYTES_PER_RIJ // 2**20
    return f"{min(_DUCKDB_MAX_MB, max(_DUCKDB_MIN_MB, mb))}MB"


#: Per part file of a streamed table: the row positions to leave out.
Weg = dict[int, np.ndarray]
#: Bytes per block of the streaming reader: Arrow keeps several blocks in flight, so 16 MiB
#: blocks held ~600 MB while 10 million rows were read; 4 MiB blocks ~150 MB, and faster.
_BLOK = 1 << 22
#: Contract types whose reading depends on the whole column (decided before the batches).
_VOORAF_TYPES = ("getal", "bedrag", "geheel", "datum")


def stroomdrempel() -> int:
    """Bytes of CSV from which a table streams (``SDANALYSIS_BOUW_STROOM_MB``, default 64).

    >>> import os; os.environ[STROOM_ENV] = "0"; stroomdrempel(); del os.environ[STROOM_ENV]
    0
    """
    try:
        mb = float(os.environ.get(STROOM_ENV, STROOM_MB))
    except ValueError:
        mb = STROOM_MB
    return max(0, int(mb * 2**20))


def rijen_per_stuk() -> int:
    """Rows per batch (``SDANALYSIS_BOUW_STUK_RIJEN``, default 500.000, at least 1)."""
    try:
        return max(1, int(os.environ.get(RIJEN_ENV, STUK_RIJEN)))
    except ValueError:
        return STUK_RIJEN


def stroomtabellen(per_tabel: dict[str, list[Path]], drempel: int | None = None) -> set[str]:
    """The tables of a build that stream: large CSV input, and declaraties with toewijzingen.

    A streamed toewijzingen table streams the declaraties too (they are checked against it).

    >>> sorted(stroomtabellen({"toewijzingen": [Path("t.csv")], "declaraties": []}, drempel=0))
    ['declaraties', 'toewijzingen']
    """
    grens = stroomdrempel() if drempel is None else drempel
    uit = set()
    for naam, paden in per_tabel.items():
        csv = [p for p in paden if p.suffix.lower() in (".csv", ".txt", ".tsv")]
        if naam in STROOMTABELLEN and csv:
            grootte = sum(p.stat().st_size for p in csv if p.exists())
            if grootte >= grens:
                uit.add(naam)
    if "toewijzingen" in uit and "declaraties" in per_tabel:
        uit.add("declaraties")
    return uit


# --------------------------------------------------------------------------- reading


@dataclass
class _Bron:
    """What the fast path found at the top of a file: header, encoding, separator."""

    pad: Path
    kop: object
    codering: str

    @property
    def namen(self) -> list[str]:
        """The header names as the reader gives them."""
        return list(self.kop.rijen.columns)


def _bron(pad: Path, tabel: Tabel) -> _Bron | None:
    """The header of a plain CSV, or None when the file must be read row by row."""
    if pad.suffix.lower() not in snel._CSV or not pad.is_file():
        return None
    codering = snel._codering(pad)
    kop = snel._kop(pad, tabel) if codering else None
    if kop is None or not snel._kop_bruikbaar(kop[0], codering):
        return None
    return _Bron(pad, kop[0], codering)


def _lezer(bron: _Bron, kolommen: list[int] | None = None) -> pacsv.CSVStreamingReader:
    """Arrow's streaming CSV reader with the options of the fast path (text columns)."""
    k = len(bron.namen)
    namen = [f"k{i}" for i in range(k)]
    return pacsv.open_csv(
        bron.pad,
        read_options=pacsv.ReadOptions(
            skip_rows=bron.kop.header_rij,
            column_names=namen,
            encoding="utf8" if bron.codering == "utf-8-sig" else bron.codering,
            block_size=_BLOK,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=bron.kop.scheidingsteken, newlines_in_values=True, ignore_empty_lines=False
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(namen, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            include_columns=None if kolommen is None else [namen[i] for i in kolommen],
        ),
    )


def _alles_uit(lijst: list) -> list:
    """The items of ``lijst``, which is left empty.

    >>> a = [1, 2]; _alles_uit(a), a
    ([1, 2], [])
    """
    uit = lijst[:]
    lijst.clear()
    return uit


class _Terugval(Exception):
    """The streaming reader met a row it cannot read: read the file row by row instead."""


def _stukken(bron: _Bron, rijen: int, kolommen: list[int] | None = None) -> Iterator[pa.Table]:
    """The file in tables of about ``rijen`` rows (whole reader batches)."""
    try:
        lezer = _lezer(bron, kolommen)
        buffer: list[pa.RecordBatch] = []
        n = 0
        for batch in lezer:
            buffer.append(batch)
            n += batch.num_rows
            del batch  # at a yield only the yielded table holds the batch (see _taken)
            if n >= rijen:
                n = 0
                yield pa.Table.from_batches(_alles_uit(buffer))
        if buffer or n == 0:
            yield pa.Table.from_batches(_alles_uit(buffer), schema=lezer.schema)
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as e:
        raise _Terugval(str(e)) from e


# --------------------------------------------------------------------------- column decisions


@dataclass
class _Voorafkolom:
    """One column decided over the whole file: values, reasons, PM per distinct cell."""

    index: pd.Index
    reeks: pd.Series
    redenen: np.ndarray
    pm: np.ndarray | None
    opmerkingen: list[str]


def _tel_waarden(
    bron: _Bron, posities: list[int], rijen: int
) -> dict[int, tuple[pd.Index, np.ndarray]]:
    """Distinct cells (in order of first appearance) and their row counts, per column."""
    gezien: dict[int, tuple[pd.Index, np.ndarray]] = {
        p: (pd.Index([], dtype=object), np.zeros(0, dtype=np.int64)) for p in posities
    }
    for stuk in _stukken(bron, rijen, posities):
        for j, p in enumerate(posities):
            vc = pc.value_counts(stuk.column(j).combine_chunks())
            waarden = pd.Index(vc.field("values").to_numpy(zero_copy_only=False), dtype=object)
            aantallen = vc.field("counts").to_numpy().astype(np.int64)
            index, telling = gezien[p]
            plek = index.get_indexer(waarden)
            nieuw = plek < 0
            telling = np.concatenate([telling, np.zeros(int(nieuw.sum()), dtype=np.int64)])
            plek[nieuw] = np.arange(len(index), len(index) + int(nieuw.sum()))
            index = index.append(waarden[nieuw])
            np.add.at(telling, plek, aantallen)
            gezien[p] = (index, telling)
    return gezien


def _vooraf(
    bron: _Bron, tabel: Tabel, koppeling: dict[str, str], rijen: int, peildatum: dt.date | None
) -> dict[str, _Voorafkolom]:
    """The whole-column decisions of every number and date column of the file."""
    kolommen: dict[int, Kolom] = {}
    for kolom in tabel.kolommen:
        kop = koppeling.get(kolom.naam)
        if kolom.type in _VOORAF_TYPES and kop in bron.namen:
            kolommen[bron.namen.index(kop)] = kolom
    if not kolommen:
        return {}
    uit = {}
    for p, (index, telling) in _tel_waarden(bron, sorted(kolommen), rijen).items():
        kolom = kolommen[p]
        waarden, redenen, pm, opmerkingen = snel.per_waarde(kolom, index, telling, peildatum)
        reeks = snel._als_reeks(kolom, waarden)
        uit[kolom.naam] = _Voorafkolom(index, reeks, redenen, pm, opmerkingen)
    return uit


def _parser(vooraf: dict[str, _Voorafkolom]) -> Callable[..., object]:
    """A column parser for ``valideren._typeer`` that uses the whole-file decisions."""

    def parse(kolom: Kolom, bron: pd.Series, peildatum: dt.date | None = None) -> object:
        vk = vooraf.get(kolom.naam)
        if vk is None or not isinstance(bron.dtype, pd.CategoricalDtype):
            return snel.parse_kolom(kolom, bron, peildatum)
        plek = vk.index.get_indexer(bron.cat.categories)
        codes = bron.cat.codes.to_numpy()
        if (plek < 0).any() or (codes < 0).any():
            uit = snel.parse_kolom(kolom, bron, peildatum)
            return dataclasses.replace(uit, opmerkingen=[])
        rij = plek[codes]
        return v._Kolomuitkomst(
            vk.reeks.take(rij).reset_index(drop=True),
            vk.redenen[rij],
            None if vk.pm is None else vk.pm[rij],
            [],
        )

    return parse


# --------------------------------------------------------------------------- batches


def _geef_geheugen_terug() -> None:
    """Hand freed memory back to the system after a batch (Arrow's pool and glibc's heap).

    Without it the resident size of a long build creeps up with every batch although
    nothing is kept: freed blocks stay with the process.
    """
    pa.default_memory_pool().release_unused()
    libc = c_bibliotheek()
    if libc is not None and hasattr(libc, "malloc_trim"):  # not glibc: nothing to trim
        libc.malloc_trim(0)


def _gelezen(stuk: pa.Table, bron: _Bron, eerste_rij: int) -> tuple[object, int]:
    """One batch as the fast path's cells, with row numbers; and the blank lines skipped."""
    namen = bron.namen
    df = pd.DataFrame(
        {n: snel._als_categorie(stuk.column(i)) for i, n in enumerate(namen)}, copy=False
    )
    nummers = np.arange(len(df), dtype=np.int64) + eerste_rij
    leeg = np.ones(len(df), dtype=bool)
    for n in namen:
        leeg &= snel._leeg_per_categorie(df[n])
    if leeg.any():
        df = df.loc[~leeg].reset_index(drop=True)
        nummers = nummers[~leeg]
    return snel._Gelezen(df, nummers, []), int(leeg.sum())


def _samengevoegd(
    delen: list[v.Resultaat], bron: _Bron, naam: str, leeg: int, vooraf: dict[str, _Voorafkolom]
) -> v.Resultaat:
    """One result per file from its batches: counts, quarantine, notes of the whole file."""
    opmerkingen = [o for o in bron.kop.opmerkingen if o.startswith("kopregel op regel")]
    if leeg:
        opmerkingen.append(f"{leeg} lege regel(s) overgeslagen")
    opmerkingen += [o for o in delen[0].opmerkingen if not o.endswith("lege regel(s) overgeslagen")]
    for vk in vooraf.values():
        opmerkingen += vk.opmerkingen
    quarantaines = [d.quarantaine for d in delen if len(d.quarantaine)]
    return v.Resultaat(
        tabel=delen[0].tabel,
        bestand=naam,
        geaccepteerd=leeg_zoals(delen[0].geaccepteerd),
        quarantaine=pd.concat(quarantaines, ignore_index=True)
        if quarantaines
        else v.lege_quarantaine(),
        rijen_gelezen=sum(d.rijen_gelezen for d in delen),
        rijen_geweigerd=sum(d.rijen_geweigerd for d in delen),
        opmerkingen=opmerkingen,
    )


def valideer_in_stukken(
    pad: Path,
    tabel: Tabel,
    sleutel: bytes,
    naam: str,
    schrijf: Callable[[pd.DataFrame], None],
    rijen: int | None = None,
    peildatum: dt.date | None = None,
) -> v.Resultaat | None:
    """Read and validate one CSV in batches; accepted rows go to ``schrijf``.

    Args:
        pad: The raw file.
        tabel: Its contract.
        sleutel: Key for pseudonyms.
        naam: The file's name in quarantine and quality tables.
        schrijf: Receives the accepted rows of each batch in order (e.g.
            :meth:`Opslag.schrijver`, which masks them).
        rijen: Rows per batch (default :func:`rijen_per_stuk`).
        peildatum: Day of the build (default: today).

    Returns:
        The file's result with counts, quarantine and notes (its ``geaccepteerd`` is empty:
        the rows went to ``schrijf``), or ``None`` when the file is not a plain CSV or a row
        does not fit the reader; then the caller takes back what ``schrijf`` got
        (:meth:`Opslag.herstel`) and reads the file as a whole.
    """
    rijen = rijen or rijen_per_stuk()
    bron = _bron(Path(pad), tabel)
    if bron is None:
        return None
    delen: list[v.Resultaat] = []
    leeg = 0
    try:
        _, koppeling, _ = v._koppel(pd.DataFrame(columns=bron.namen), tabel, naam)
        parallel = isinstance(schrijf, Tabelschrijver)
        eerste = bron.kop.header_rij + 1
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="vooraf") as draad,
            Werkers(
                aantal_werkers() if parallel else 1,
                schrijf.opslag.map_ if isinstance(schrijf, Tabelschrijver) else None,
            ) as werkers,
        ):
            # the column decisions are read on a thread while the first batch is read here
            besluiten = draad.submit(_vooraf, bron, tabel, koppeling, rijen, peildatum)
            for i, (aantal, taak) in enumerate(_taken(bron, rijen)):
                if i == 0:
                    vooraf = besluiten.result()
                    parse = _parser(vooraf)
                deel = schrijf.reserveer() if parallel else None
                taak.eerste, taak.is_eerste = eerste, i == 0
                taak.tabel, taak.naam, taak.sleutel, taak.peildatum = (
                    tabel,
                    naam,
                    sleutel,
                    peildatum,
                )
                taak.parse, taak.schrijf, taak.deel = parse, schrijf, deel
                for deel_, uit in werkers.geef(taak, deel):
                    leeg += _neem(uit, deel_, schrijf, delen)
                taak.stuk = None  # the worker frees its (forked) copy once it has read it
                eerste += aantal
                del taak
                _geef_geheugen_terug()
            for deel_, uit in werkers.rest():
                leeg += _neem(uit, deel_, schrijf, delen)
    except (_Terugval, _Anders):
        if isinstance(schrijf, Tabelschrijver):
            schrijf.vergeet()
        return None
    return _samengevoegd(delen, bron, naam, leeg, vooraf)


def _taken(bron: _Bron, rijen: int) -> Iterator[tuple[int, _Stuktaak]]:
    """A task per batch, with its number of rows.

    Only the task refers to the batch (no variable in this frame or the reader's), so a
    forked worker that drops it after reading (:meth:`_Stuktaak.__call__`) frees its memory.
    """
    for stuk in _stukken(bron, rijen):
        aantal = stuk.num_rows
        taak = _Stuktaak(stuk, bron)
        del stuk
        yield aantal, taak
        del taak


class _Anders(Exception):
    """The first batch does not read like the file's top (rows above the table): read whole."""


@dataclass
class _Stuktaak:
    """Check one batch: in a worker process, or in the reading process."""

    stuk: pa.Table | None
    bron: _Bron
    eerste: int = 0
    is_eerste: bool = False
    tabel: Tabel | None = None
    naam: str = ""
    sleutel: bytes = b""
    peildatum: dt.date | None = None
    parse: Callable[..., object] | None = None
    schrijf: Callable[[pd.DataFrame], None] | None = None
    deel: Path | None = None

    def __call__(self) -> tuple[v.Resultaat, int]:
        """The batch's result (accepted rows written to the reserved part, or to ``schrijf``)."""
        gelezen, weg = _gelezen(self.stuk, self.bron, self.eerste)
        self.stuk = None  # the text of the batch is in ``gelezen`` now: let it go
        if self.is_eerste and not snel._zelfde_begin(
            gelezen.rijen, gelezen.rijnummers, self.bron.kop
        ):
            raise _Anders
        res = snel.valideer_gelezen(
            gelezen, self.tabel, self.naam, self.sleutel, self.peildatum, parse=self.parse
        )
        if self.deel is not None and isinstance(self.schrijf, Tabelschrijver):
            self.schrijf.schrijf_deel(res.geaccepteerd, self.deel)
        elif self.schrijf is not None:
            self.schrijf(res.geaccepteerd)
        res.geaccepteerd = leeg_zoals(res.geaccepteerd)
        return res, weg


def _neem(
    uit: tuple[v.Resultaat, int],
    deel: Path | None,
    schrijf: Callable[[pd.DataFrame], None],
    delen: list[v.Resultaat],
) -> int:
    """Take a finished batch in reading order: its part joins the table; blank lines."""
    res, weg = uit
    if deel is not None and isinstance(schrijf, Tabelschrijver):
        schrijf.neem(deel)
    delen.append(res)
    return weg


def leeg_zoals(df: pd.DataFrame) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``df`` that holds none of its memory.

    ``df.iloc[:0]`` (even with ``.copy()``) of Arrow-backed text keeps the buffers of all
    rows alive; a streamed build keeps one empty frame per batch and would grow with every
    batch.

    >>> leeg_zoals(pd.DataFrame({"a": ["x"], "b": [1.5]})).dtypes.astype(str).tolist()
    ['str', 'float64']
    """
    return pd.DataFrame({k: pd.Series([], dtype=df[k].dtype) for k in df.columns})


def maskeer_deel(df: pd.DataFrame, sleutel: bytes) -> pd.DataFrame:
    """Mask a part like the whole table (``maskeer_frame``), all but ``bronbestand``.

    The source file name stays as read until the part is written out (:func:`maskeer_bron`):
    duplicates and rejections are counted per file, and two file names may differ only in a
    number that masking hides.

    >>> df = pd.DataFrame({"naam": ["Zorg 123456782"], "bronbestand": ["a_123456782.csv"]})
    >>> maskeer_deel(df, b"k").values.tolist()
    [['Zorg ***', 'a_123456782.csv']]
    """
    uit = maskeer_frame(df, sleutel)
    if "bronbestand" in df.columns:
        uit["bronbestand"] = df["bronbestand"]
    return uit


def maskeer_bron(df: pd.DataFrame) -> pd.DataFrame:
    """``bronbestand`` masked as ``maskeer_frame`` does it; the other columns as they are.

    >>> maskeer_bron(pd.DataFrame({"bronbestand": ["a_123456782.csv"]}))["bronbestand"][0]
    'a_***.csv'
    """
    if "bronbestand" not in df.columns:
        return df
    uit = df.copy(deep=False)  # only bronbestand is replaced
    uit["bronbestand"] = maskeer_frame(df[["bronbestand"]])["bronbestand"]
    return uit


# --------------------------------------------------------------------------- storage


#: Key in the schema of a part that holds its number of rows.
_RIJEN = b"sdanalysis.rijen"


def schrijf_deel(df: pd.DataFrame, pad: Path) -> None:
    """Write a part of a streamed table: Arrow IPC with LZ4 (written and read once).

    A part lives only in the build's temporary folder. Arrow's own file format is written
    and read back without encoding or decoding columns, where parquet costs about 0,2 s per
    500.000 toewijzingen each way. LZ4 keeps it at 40 % of the size (51 instead of 123 MB
    per 500.000 toewijzingen): writing the page cache was the larger cost on this machine
    (10 million toewijzingen: 34,2 s uncompressed, 31,5 s with LZ4, half the kernel time).

    >>> import tempfile
    >>> pad = Path(tempfile.mkdtemp()) / "000001.arrow"
    >>> schrijf_deel(pd.DataFrame({"a": ["x", None], "b": [1.5, 2.0]}), pad)
    >>> lees_deel(pad).to_pandas().equals(pd.DataFrame({"a": ["x", None], "b": [1.5, 2.0]}))
    True
    >>> deel_rijen(pad)
    2
    """
    t = pa.Table.from_pandas(df, preserve_index=False)
    t = t.replace_schema_metadata({**(t.schema.metadata or {}), _RIJEN: str(t.num_rows)})
    opties = pa.ipc.IpcWriteOptions(compression="lz4")
    with pa.OSFile(str(pad), "wb") as f, pa.ipc.new_file(f, t.schema, options=opties) as w:
        w.write_table(t)


def lees_deel(pad: Path, kolommen: list[str] | None = None) -> pa.Table:
    """A part written by :func:`schrijf_deel`, or some of its columns (only those unpacked).

    >>> import tempfile
    >>> pad = Path(tempfile.mkdtemp()) / "000001.arrow"
    >>> schrijf_deel(pd.DataFrame({"a": ["x"], "b": [1.5], "c": [2]}), pad)
    >>> lees_deel(pad, ["c", "a"]).column_names
    ['c', 'a']
    """
    bron = pa.memory_map(str(pad))
    if kolommen is None:
        return pa.ipc.open_file(bron).read_all()
    namen = pa.ipc.open_file(bron).schema.names
    opties = pa.ipc.IpcReadOptions(included_fields=sorted(namen.index(k) for k in kolommen))
    return pa.ipc.open_file(bron, options=opties).read_all().select(kolommen)


def eigen_buffers(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every column in memory of its own, not shared with the part it came from.

    A frame read from a part (:func:`lees_deel`) can share memory with the whole part (an
    uncompressed part is read mapped, all columns in one region). Keeping a few columns of
    every part (the kenmerken of the toewijzingen, while the declaraties are written) would
    then keep every part whole in memory; this copy keeps only those columns.

    >>> df = pd.DataFrame({"a": pd.array(["x", None], dtype="string[pyarrow]"), "b": [1, 2]})
    >>> uit = eigen_buffers(df)
    >>> uit.equals(df), pa.array(uit["a"].array).buffers()[2] is pa.array(df["a"].array).buffers()[2]
    (True, False)
    """
    uit = {}
    for k in df.columns:
        s = df[k]
        if isinstance(s.array, pd.arrays.ArrowExtensionArray | pd.arrays.ArrowStringArray):
            arr = pa.array(s.array)
            nieuw = pc.take(arr, pa.array(np.arange(len(arr), dtype=np.int64)))
            uit[k] = pd.Series(type(s.array)(nieuw), index=s.index, name=k)
        else:
            uit[k] = s.copy(deep=True)
    return pd.DataFrame(uit, index=df.index)


def deel_rijen(pad: Path) -> int:
    """The number of rows of a part (noted in its schema: counting would unpack it)."""
    return int(pa.ipc.open_file(pa.memory_map(str(pad))).schema.metadata[_RIJEN])


def _sleutels(delen: list[Path], sleutel: list[str], plek: bool) -> pa.RecordBatchReader:
    """The key columns of the parts as one stream, read part by part (for DuckDB).

    With ``plek`` every row also carries its part (``__deel``) and its row in the part
    (``__rij``). The key types are those of the first part.
    """
    schema = lees_deel(delen[0], sleutel).schema.remove_metadata()
    velden = [*schema, pa.field("__deel", pa.int32()), pa.field("__rij", pa.int64())]

    def stukken() -> Iterator[pa.RecordBatch]:
        for i, pad in enumerate(delen):
            t = lees_deel(pad, sleutel).cast(schema)
            if plek:
                n = t.num_rows
                t = t.append_column(velden[-2], pa.array(np.full(n, i, dtype=np.int32)))
                t = t.append_column(velden[-1], pa.array(np.arange(n, dtype=np.int64)))
            yield from t.to_batches()

    return pa.RecordBatchReader.from_batches(pa.schema(velden if plek else schema), stukken())


@dataclass
class Opslag:
    """Accepted rows of the streamed tables, as part files in the build's temporary folder.

    Rows are collected per table until a batch is full, then masked (:func:`maskeer_deel`,
    with ``sleutel``) and written as one part.

    Attributes:
        map_: The private temporary folder of the build (removed with it).
        delen: Part files per table, in the order the rows were read.
        rijen: Rows written per table.
    """

    map_: Path
    delen: dict[str, list[Path]] = field(default_factory=dict)
    rijen: dict[str, int] = field(default_factory=dict)

    def schrijver(self, naam: str) -> Tabelschrijver:
        """A function that appends a frame of accepted rows to table ``naam``."""
        return Tabelschrijver(self, naam)

    def _voeg_toe(self, naam: str, df: pd.DataFrame) -> None:
        if df.empty:
            return
        buffer = self._buffer.setdefault(naam, [])
        buffer.append(df)
        if sum(len(b) for b in buffer) >= rijen_per_stuk():
            self.leeg_buffer(naam)

    def punt(self, naam: str) -> int:
        """A point to return to before a file is streamed (see :meth:`herstel`)."""
        self.leeg_buffer(naam)
        return len(self.delen.get(naam, []))

    def herstel(self, naam: str, punt: int) -> None:
        """Take back every row given to table ``naam`` since :meth:`punt`."""
        self._buffer.pop(naam, None)
        lijst = self.delen.get(naam, [])
        for pad in lijst[punt:]:
            self.rijen[naam] -= deel_rijen(pad)
            pad.unlink()
        del lijst[punt:]

    def leeg_buffer(self, naam: str) -> None:
        """Write the frames collected for ``naam`` as one part (small files come together)."""
        buffer = self._buffer.pop(naam, [])
        if not buffer:
            return
        df = pd.concat(buffer, ignore_index=True) if len(buffer) > 1 else buffer[0]
        pad = self.nieuw_deel(naam)
        schrijf_deel(maskeer_deel(df, self.sleutel), pad)
        self.neem_deel(naam, pad)
        del df, buffer
        _geef_geheugen_terug()

    def nieuw_deel(self, naam: str) -> Path:
        """A fresh path for a part of ``naam`` (it joins the table with :meth:`neem_deel`)."""
        self._teller += 1
        pad = self.map_ / ".delen" / naam / f"{self._teller:06d}.arrow"
        pad.parent.mkdir(parents=True, exist_ok=True)
        return pad

    def neem_deel(self, naam: str, pad: Path) -> None:
        """Add a written part (if any rows were written to it) as the next part of ``naam``."""
        if not pad.exists():
            return
        self.delen.setdefault(naam, []).append(pad)
        self.rijen[naam] = self.rijen.get(naam, 0) + deel_rijen(pad)

    def frames(self, naam: str) -> Iterator[pd.DataFrame]:
        """The parts of table ``naam`` in order, as pandas frames."""
        for pad in self.delen.get(naam, []):
            yield lees_deel(pad).to_pandas()

    tabellen: frozenset[str] = frozenset()
    sleutel: bytes = b""
    leeg: dict[str, pd.DataFrame] = field(default_factory=dict)
    _buffer: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    _teller: int = 0
    #: Per file written by a :class:`Schrijver`: BSN-like hits per column found on writing.
    gescand: dict[str, dict[str, int]] = field(default_factory=dict)

    def stroomt(self, naam: str) -> bool:
        """Whether table ``naam`` is kept in parts (not in memory)."""
        return naam in self.tabellen

    def ontdubbel(self, naam: str, tabel: Tabel) -> tuple[pd.DataFrame, Weg]:
        """:func:`~sdanalysis.bouw.valideren.ontdubbel` over all parts of table ``naam``.

        DuckDB finds the keys that occur more than once over the part files; only the rows
        with such a key are loaded (in reading order) and handed to
        :func:`~sdanalysis.bouw.valideren.dubbel_weg`, which decides exactly as for a table
        in memory.

        Returns:
            The quarantine records, and per part the row positions to leave out.
        """
        delen = self.delen.get(naam, [])
        if not delen:
            return v.lege_quarantaine(), {}
        schema = pa.ipc.open_file(pa.memory_map(str(delen[0]))).schema  # footer only
        sleutel = [k for k in tabel.sleutel if k in schema.names]
        if not sleutel:
            return v.lege_quarantaine(), {}
        kandidaten = self._met_dubbele_sleutel(delen, sleutel)
        if kandidaten.empty:
            return v.lege_quarantaine(), {}
        weg, q = v.dubbel_weg(kandidaten, tabel)
        plekken = weg[weg].index
        per_deel: Weg = {}
        for deel, rij in zip(plekken.get_level_values(0), plekken.get_level_values(1), strict=True):
            per_deel.setdefault(int(deel), []).append(int(rij))
        return q, {d: np.array(r, dtype=np.int64) for d, r in per_deel.items()}

    def _met_dubbele_sleutel(self, delen: list[Path], sleutel: list[str]) -> pd.DataFrame:
        """The rows whose key occurs more than once, in the order they were read.

        DuckDB reads only the key columns of the parts, twice (:func:`_sleutels`): once to
        find the keys that occur more than once, once for the rows that hold them. Nothing
        else of the table is held: 50 million declaratie lines in 100 parts ran out of
        512 MB when every column was carried along.
        """
        import duckdb

        kol = ", ".join(f'"{k}"' for k in sleutel)
        gelijk = " AND ".join(f't."{k}" IS NOT DISTINCT FROM d."{k}"' for k in sleutel)
        con = duckdb.connect()
        try:  # bounded: DuckDB spills the grouping to disk beyond this
            con.execute("SET preserve_insertion_order = false")
            con.execute(f"SET memory_limit = '{duckdb_geheugen(sum(map(deel_rijen, delen)))}'")
            con.execute("SET threads = 1")  # one hash table, not one per core
            con.execute(f"SET temp_directory = '{(self.map_ / '.duckdb').as_posix()}'")
            con.register("bron_d", _sleutels(delen, sleutel, plek=False))
            con.execute(
                f"CREATE TEMP TABLE d AS SELECT {kol} FROM bron_d GROUP BY ALL HAVING count(*) > 1"
            )
            con.register("t", _sleutels(delen, sleutel, plek=True))
            plekken = con.execute(
                f"SELECT t.__deel AS deel, t.__rij FROM t SEMI JOIN d ON {gelijk}"
            ).df()
        finally:
            con.close()
        if plekken.empty:
            return pd.DataFrame()
        plekken = plekken.sort_values(["deel", "__rij"], kind="stable")
        stukken = []
        for d, g in plekken.groupby("deel", sort=True):
            rijen = g["__rij"].to_numpy(np.int64)
            stuk = lees_deel(delen[int(d)]).take(pa.array(rijen)).to_pandas()
            stuk.index = pd.MultiIndex.from_arrays([np.full(len(rijen), int(d)), rijen])
            stukken.append(stuk)
        return pd.concat(stukken)

    def schrijf_tabel(
        self,
        naam: str,
        pad: Path,
        weg: Weg,
        bewerk: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    ) -> int:
        """Write table ``naam`` to ``pad`` part by part, without the rows in ``weg``.

        Args:
            naam: A streamed table.
            pad: The parquet file to write.
            weg: Per part, the row positions to leave out (duplicates; see :meth:`ontdubbel`).
            bewerk: Applied to every part after the filter (enrichment, checks).

        Returns:
            Rows written.
        """
        with Schrijver(pad, self.gescand) as schrijver:
            for df in self._delen_zonder(naam, weg):
                schrijver.schrijf(maskeer_bron(bewerk(df) if bewerk else df))
        return schrijver.rijen

    def _delen_zonder(self, naam: str, weg: Weg) -> Iterator[pd.DataFrame]:
        """The parts of ``naam`` without the rows in ``weg``; one empty frame when none."""
        gegeven = False
        for i, df in enumerate(self.frames(naam)):
            if i in weg:
                houd = np.ones(len(df), dtype=bool)
                houd[weg[i]] = False
                df = df.loc[houd].reset_index(drop=True)
            gegeven = True
            yield df
        if not gegeven:
            yield self.leeg.get(naam, pd.DataFrame())


@dataclass
class Tabelschrijver:
    """Accepted rows for one table of an :class:`Opslag`: call it with a frame.

    A batch checked in a worker writes its masked rows to a part reserved in reading
    order (:meth:`reserveer`, :meth:`schrijf_deel`); the reading process adds the part
    when the batch's turn comes (:meth:`neem`).
    """

    opslag: Opslag
    naam: str
    _gereserveerd: list[Path] = field(default_factory=list)

    def __call__(self, df: pd.DataFrame) -> None:
        """Append a frame of accepted rows (collected, then masked and written)."""
        self.opslag._voeg_toe(self.naam, df)

    def reserveer(self) -> Path:
        """The part file for the next batch (after what is collected so far)."""
        self.opslag.leeg_buffer(self.naam)
        pad = self.opslag.nieuw_deel(self.naam)
        self._gereserveerd.append(pad)
        return pad

    def schrijf_deel(self, df: pd.DataFrame, pad: Path) -> None:
        """Mask and write a batch's accepted rows to its reserved part (in the worker)."""
        if len(df):
            schrijf_deel(maskeer_deel(df, self.opslag.sleutel), pad)

    def neem(self, pad: Path) -> None:
        """The batch of ``pad`` is done: its part joins the table, in reading order."""
        self._gereserveerd.remove(pad)
        self.opslag.neem_deel(self.naam, pad)

    def vergeet(self) -> None:
        """Remove parts reserved for batches that were not taken (the file is read whole)."""
        for pad in self._gereserveerd:
            pad.unlink(missing_ok=True)
        self._gereserveerd.clear()


class Schrijver:
    """One parquet file written frame by frame (the first frame fixes the schema).

    Encoding and writing a frame runs on a thread of its own while the caller prepares the
    next one (at most one frame waits). With ``gescand`` every frame is also scanned for
    BSN-like numbers, on a second thread, exactly as it is written
    (:func:`~sdanalysis.bouw.privacy.treffers_per_kolom`); the hits per column end up in
    ``gescand[pad.name]``, so the build's scan of its own output need not read the file back.

    >>> import tempfile
    >>> pad = Path(tempfile.mkdtemp()) / "t.parquet"
    >>> gescand = {}
    >>> with Schrijver(pad, gescand) as s:
    ...     s.schrijf(pd.DataFrame({"a": ["1"]})); s.schrijf(pd.DataFrame({"a": ["111222333", "x"]}))
    >>> pd.read_parquet(pad)["a"].tolist(), s.rijen, gescand
    (['1', '111222333', 'x'], 3, {'t.parquet': {'a': 1}})
    """

    def __init__(self, pad: Path, gescand: dict[str, dict[str, int]] | None = None) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pad = Path(pad)
        self.rijen = 0
        self._schrijver: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._draad = ThreadPoolExecutor(max_workers=1, thread_name_prefix="schrijver")
        self._scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bsn-scan")
        self._bezig: list[object] = []
        self._gescand = gescand
        self._treffers: dict[str, int] = {}

    def schrijf(self, df: pd.DataFrame) -> None:
        """Append a frame (an empty first frame still fixes the columns)."""
        t = pa.Table.from_pandas(df, preserve_index=False)
        if self._schrijver is None:
            self._schema = t.schema
            # min/max of text columns cost a quarter of the writing and skip no row groups
            # in these unsorted tables: statistics for numbers and dates only
            statistiek = [
                f.name
                for f in t.schema
                if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))
            ]
            self._schrijver = pq.ParquetWriter(
                self.pad, self._schema, write_statistics=statistiek or False
            )
        self._wacht()
        t = t.cast(self._schema)
        self._bezig = [self._draad.submit(self._schrijver.write_table, t)]
        if self._gescand is not None:
            self._bezig.append(self._scanner.submit(self._scan, t))
        self.rijen += len(df)

    def _scan(self, t: pa.Table) -> None:
        for k, n in treffers_per_kolom(t).items():
            self._treffers[k] = self._treffers.get(k, 0) + n

    def _wacht(self) -> None:
        bezig, self._bezig = self._bezig, []
        for b in bezig:
            b.result()  # an error on a thread surfaces here

    def __enter__(self) -> Schrijver:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self._wacht()
        finally:
            self._draad.shutdown(wait=True)
            self._scanner.shutdown(wait=True)
            if self._schrijver is not None:
                self._schrijver.close()
        if self._gescand is not None and exc[0] is None:
            kop = {str(k): 1 for k in (self._schema.names if self._schema else []) if zoek_bsn(k)}
            self._gescand[self.pad.name] = {**kop, **self._treffers}
