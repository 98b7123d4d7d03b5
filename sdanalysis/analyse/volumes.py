"""Indicatievolumes uit toewijzingen: voorraad, instroom, uitstroom en zorgvolume.

Alles wordt geteld met *gebeurtenissen* (+1 in de eerste periode, -1 erna) en nooit door
toewijzingen uit te vouwen tot één rij per maand; zo past ook een landelijk bestand van
10 miljoen toewijzingen op één machine (zie ``benchmarks/bench_volumes.py``: 10M
toewijzingen in ongeveer 2 s en 1,2 GiB, 0,4x de tijd van de DuckDB-formulering). Grote
tabellen worden in blokken van hele cliënten (:data:`BLOK_RIJEN`) op twee kernen geteld.

Definities (uitgebreid in ``docs/definities-volumes.md``):

- **Zorgperiode**: per (cliënt, groep) worden toewijzingen die overlappen of direct op
  elkaar aansluiten (einddatum + 1 dag = volgende ingangsdatum) samengevoegd. Een cliënt
  telt zo per groep hooguit één keer, ook met drie toewijzingen tegelijk.
- **Voorraad** (``aantal_clienten``): cliënten met een zorgperiode die de *eerste dag* van
  de maand omvat. Een toewijzing die op de laatste dag van een maand eindigt, telt niet
  mee op de eerste van de volgende maand; een start halverwege de maand telt pas op de
  eerste van de volgende maand mee.
- **Instroom** (``instroom_clienten``): cliënten van wie een zorgperiode in de maand
  begint (dus die de dag ervoor niet in die groep in zorg waren).
- **Uitstroom** (``uitstroom_clienten``): cliënten van wie een zorgperiode in de maand
  eindigt (de einddatum, de laatste zorgdag, valt in de maand).
- **Toewijzingen** (``aantal_toewijzingen``): toewijzingen (niet samengevoegd) die op de
  peildatum (de eerste van de maand) gelden.

>>> tw = pd.DataFrame({
...     "client_id": ["a", "a", "b"],
...     "categorie": ["Begeleiding"] * 3,
...     "ingangsdatum": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15"]),
...     "einddatum": pd.to_datetime(["2024-01-31", "2024-03-31", None]),
... })
>>> mv = maandvolumes(tw, start="2024-01", eind="2024-04")
>>> mv[["aantal_clienten", "instroom_clienten", "uitstroom_clienten"]].to_numpy().tolist()
[[1, 2, 0], [2, 0, 0], [2, 0, 1], [1, 0, 0]]
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdanalysis.analyse.jaren import jaren_in_gegevens
from sdanalysis.contracts import als_tuple, vereis_kolommen

#: Methods for yearly counts: on one day of the year, or anyone in care during the year.
JAAR_METHODEN: tuple[str, ...] = ("peildatum", "loop_van_het_jaar")

#: WJ756 eenheid -> (unit after conversion, factor from the source unit to that unit).
EENHEID_OMREKENING: dict[str, tuple[str, float]] = {
    "01": ("uur", 1.0 / 60.0),  # minuut -> uur
    "04": ("uur", 1.0),
    "14": ("etmaal", 1.0),
    "16": ("dagdeel", 1.0),
    "82": ("stuks", 1.0),  # stuks (output)
    "83": ("euro", 1.0),
    "84": ("stuks", 1.0),  # stuks (inspanning)
}

#: WMO757 frequentie -> Dutch name.
FREQUENTIES: dict[str, str] = {
    "1": "per dag",
    "2": "per week",
    "4": "per maand",
    "6": "totaal binnen geldigheidsduur",
}

#: Weeks per month used to turn a weekly volume into a monthly one (52 weeks / 12 months).
WEKEN_PER_MAAND = 52.0 / 12.0

#: Rows per block. Big tables are split into blocks of whole clients, so the working
#: arrays stay small (memory is reused instead of being faulted in fresh for every
#: 80 MB temporary) and blocks can run on several cores.
BLOK_RIJEN = 1_000_000
#: Threads for big tables (numpy releases the GIL in sort and the element-wise steps).
MAX_WERKERS = max(1, min(4, os.cpu_count() or 1))

_VERPLICHT = ("client_id", "ingangsdatum", "einddatum")

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------- helpers
def _dagen(reeks: pd.Series, naam: str) -> tuple[np.ndarray, np.ndarray]:
    """Dates as int64 days since 1970-01-01 plus a mask of missing values."""
    if not pd.api.types.is_datetime64_any_dtype(reeks.dtype):
        try:
            reeks = pd.to_datetime(reeks)
        except (TypeError, ValueError) as fout:
            raise ValueError(
                f"Kolom {naam} moet datums bevatten (datetime64); omzetten lukte niet: {fout}"
            ) from None
    waarden = reeks.to_numpy()
    if waarden.dtype.kind != "M":  # e.g. timezone-aware: drop the zone, keep the wall date
        waarden = reeks.dt.tz_localize(None).to_numpy()
    waarden = waarden.astype("datetime64[D]")  # one new array, owned by us
    leeg = np.isnat(waarden)
    return waarden.view(np.int64), leeg


def _dag(datum: str | pd.Timestamp) -> int:
    return int(np.datetime64(pd.Timestamp(datum).date(), "D").astype(np.int64))


def _maand_grenzen(start: str | pd.Timestamp, eind: str | pd.Timestamp) -> np.ndarray:
    """First days (int days) of the months start..eind plus the first day after eind."""
    try:
        m0 = np.datetime64(pd.Timestamp(start).strftime("%Y-%m"), "M")
        m1 = np.datetime64(pd.Timestamp(eind).strftime("%Y-%m"), "M")
    except (TypeError, ValueError):
        raise ValueError(
            f"start en eind moeten maanden zijn zoals '2015-01', niet {start!r} en {eind!r}."
        ) from None
    if m1 < m0:
        raise ValueError(f"eind ({eind}) ligt voor start ({start}).")
    maanden = np.arange(m0, m1 + 2)
    return maanden.astype("datetime64[D]").view(np.int64).copy()


def _opzoektabel(grenzen: np.ndarray, dagen: np.ndarray, kant: str) -> np.ndarray:
    """``np.searchsorted(grenzen, dagen, kant)`` through a lookup table (fast for big n)."""
    lo = int(grenzen[0]) - 1
    hi = int(grenzen[-1]) + 1
    tabel = np.searchsorted(grenzen, np.arange(lo, hi + 1), side=kant).astype(np.int64)
    idx = np.clip(dagen, lo, hi)
    idx -= lo
    # In place: element i reads idx[i] before writing it (mode="clip" avoids buffering).
    return np.take(tabel, idx, out=idx, mode="clip")


def _codes(reeks: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..k-1 of a column plus the k values (missing is its own value)."""
    if isinstance(reeks.dtype, pd.CategoricalDtype):
        codes = reeks.cat.codes.to_numpy().astype(np.int64)
        waarden = reeks.cat.categories
        if (codes < 0).any():
            codes = np.where(codes < 0, len(waarden), codes)
            waarden = waarden.append(pd.Index([pd.NA], dtype=waarden.dtype))
        return codes, waarden
    codes, waarden = pd.factorize(reeks, use_na_sentinel=False)
    return codes.astype(np.int64), pd.Index(waarden)


@dataclass
class _Groepen:
    """Combined group code per row and the table of distinct groups."""

    code: np.ndarray
    tabel: pd.DataFrame

    @property
    def n(self) -> int:
        return len(self.tabel)


def _groepeer(df: pd.DataFrame, groepen: tuple[str, ...]) -> _Groepen:
    n = len(df)
    if not groepen:
        return _Groepen(np.zeros(n, dtype=np.int64), pd.DataFrame(index=range(1)))
    delen = [_codes(df[g]) for g in groepen]
    if len(delen) == 1:
        code, waarden = delen[0]
        tabel = pd.DataFrame({groepen[0]: waarden})
        return _Groepen(code, tabel)
    gecombineerd = np.zeros(n, dtype=np.int64)
    radix = []
    for c, w in delen:
        gecombineerd = gecombineerd * len(w) + c
        radix.append(len(w))
    code, uniek = pd.factorize(gecombineerd)
    uniek = np.asarray(uniek, dtype=np.int64)
    kolommen = {}
    rest = uniek.copy()
    for g, (_, w), r in zip(reversed(groepen), reversed(delen), reversed(radix), strict=True):
        kolommen[g] = w.take(rest % r)
        rest //= r
    tabel = pd.DataFrame({g: np.asarray(kolommen[g]) for g in groepen})
    for g, (_, w) in zip(groepen, delen, strict=True):
        tabel[g] = tabel[g].astype(w.dtype)
    return _Groepen(code.astype(np.int64), tabel)


@dataclass
class _Toewijzingen:
    """Allocation arrays in days plus the group and client codes."""

    groepen: _Groepen
    client: np.ndarray
    start: np.ndarray
    eind: np.ndarray  # inclusive; lopend = later than every date that matters


def _datums(toewijzingen: pd.DataFrame, horizon: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validated start and end days; lopend ends get a day after ``horizon`` and the data."""
    start, start_leeg = _dagen(toewijzingen["ingangsdatum"], "ingangsdatum")
    eind, lopend = _dagen(toewijzingen["einddatum"], "einddatum")
    if start_leeg.any():
        raise ValueError(
            f"{int(start_leeg.sum())} toewijzing(en) zonder ingangsdatum; "
            "elke toewijzing moet een ingangsdatum hebben."
        )
    fout = eind < start  # NaT is the smallest int64, so lopend never counts here
    fout &= ~lopend
    if fout.any():
        raise ValueError(
            f"{int(fout.sum())} toewijzing(en) met een einddatum vóór de ingangsdatum; "
            "verwacht einddatum >= ingangsdatum (of leeg voor lopend)."
        )
    eind[lopend] = np.iinfo(np.int64).min  # NaT already is; keeps max() honest
    boven = max(horizon, int(start.max(initial=horizon)), int(eind.max(initial=0)))
    eind[lopend] = boven + 1  # eind is our own array (from astype), safe to change
    return start, eind, lopend


def _voorbereid(
    toewijzingen: pd.DataFrame, groepen: tuple[str, ...], horizon: int
) -> _Toewijzingen:
    vereis_kolommen(toewijzingen, (*_VERPLICHT, *groepen), "toewijzingen")
    start, eind, _ = _datums(toewijzingen, horizon)
    client = toewijzingen["client_id"]
    if client.isna().any():
        raise ValueError(
            f"{int(client.isna().sum())} toewijzing(en) zonder client_id; "
            "verwacht een (gepseudonimiseerd) cliëntnummer op elke rij."
        )
    if pd.api.types.is_integer_dtype(client.dtype) and not isinstance(
        client.dtype, pd.CategoricalDtype
    ):
        ccode = client.to_numpy(dtype=np.int64)
        if len(ccode) and int(ccode.min()) < 0:
            ccode = ccode - ccode.min()
    else:
        ccode, _ = _codes(client)
    return _Toewijzingen(_groepeer(toewijzingen, groepen), ccode, start, eind)


@dataclass
class _Perioden:
    """Merged care episodes per (client, group), sorted by client-group key and start."""

    sleutel: np.ndarray
    groep: np.ndarray
    start: np.ndarray
    eind: np.ndarray


def _zorgperioden(tw: _Toewijzingen) -> _Perioden:
    """Merge overlapping and back-to-back allocations per (client, group).

    Sorts once on a packed integer (key, start, end) and uses a running maximum of the packed
    (key, end): a row opens a new episode when its start lies more than one day after
    every earlier end of the same key. Packing puts each key in its own integer range,
    so the running maximum never leaks from one key into the next.
    """
    n_g = tw.groepen.n
    n = len(tw.start)
    if n == 0:
        leeg = np.zeros(0, dtype=np.int64)
        return _Perioden(leeg, leeg, leeg, leeg)
    sleutel = tw.client * n_g
    sleutel += tw.groepen.code
    basis = int(tw.start.min())
    bits = max(int(tw.eind.max()) - basis + 3, 2).bit_length()  # days fit in `bits` bits
    span = 1 << bits
    masker = span - 1
    k_max = int(sleutel.max()) + 1
    if k_max.bit_length() + 2 * bits <= 62:
        # Fast path: one plain sort of (key, start, end) packed in one int64; shifts and
        # masks, computed in place (fresh 80 MB arrays cost page faults at 10M rows).
        gepakt = sleutel
        gepakt <<= bits
        gepakt |= tw.start - basis
        gepakt <<= bits
        hulp = tw.eind - basis
        gepakt |= hulp
        gepakt.sort()
        e_rel = np.bitwise_and(gepakt, masker, out=hulp)
        s_rel = gepakt >> bits
        s_rel &= masker
        gepakt >>= 2 * bits
        sleutel = gepakt
    else:
        s_rel = tw.start - basis
        e_rel = tw.eind - basis
        volgorde = np.lexsort((s_rel, sleutel))
        sleutel, s_rel, e_rel = sleutel[volgorde], s_rel[volgorde], e_rel[volgorde]
    if k_max.bit_length() + bits <= 62:
        # Running max of (key, end) packed: each key has its own integer range, so the
        # maximum never leaks from one key into the next.
        gepakt_eind = sleutel << bits
        gepakt_eind |= e_rel
        np.maximum.accumulate(gepakt_eind, out=gepakt_eind)
        gepakt_start = sleutel << bits
        gepakt_start |= s_rel
        gepakt_start -= 1
        nieuw = np.empty(n, dtype=bool)
        nieuw[0] = True
        np.greater(gepakt_start[1:], gepakt_eind[:-1], out=nieuw[1:])
        del gepakt_start
        max_eind = np.bitwise_and(gepakt_eind, masker, out=gepakt_eind)
    else:  # pragma: no cover - only for astronomically many clients x groups
        nieuw = np.empty(n, dtype=bool)
        nieuw[0] = True
        nieuw[1:] = sleutel[1:] != sleutel[:-1]
        max_eind = e_rel.copy()
        for i in range(1, n):
            if not nieuw[i] and s_rel[i] > max_eind[i - 1] + 1:
                nieuw[i] = True
            if not nieuw[i]:
                max_eind[i] = max(max_eind[i], max_eind[i - 1])
    begin = np.flatnonzero(nieuw)
    laatste = np.empty_like(begin)
    laatste[:-1] = begin[1:] - 1
    laatste[-1] = n - 1
    ep_sleutel = sleutel[begin]
    return _Perioden(
        sleutel=ep_sleutel,
        groep=ep_sleutel % n_g,
        start=s_rel[begin] + basis,
        eind=max_eind[laatste] + basis,
    )


def _tel_op_peildagen(
    groep: np.ndarray, start: np.ndarray, eind: np.ndarray, peil: np.ndarray, n_g: int
) -> np.ndarray:
    """Number of intervals [start, eind] that contain each peildag, per group."""
    p = len(peil)
    breedte = p + 1
    # +1 at the first peildag >= start, -1 at the first peildag > eind; an interval that
    # holds no peildag gets both at the same index and cancels.
    basis = groep * breedte
    idx = _opzoektabel(peil, start, "left")
    idx += basis
    plus = np.bincount(idx, minlength=n_g * breedte)
    idx = _opzoektabel(peil, eind, "right")
    idx += basis
    min_ = np.bincount(idx, minlength=n_g * breedte)
    del idx, basis
    verschil = (plus - min_).reshape(n_g, breedte)
    return np.cumsum(verschil, axis=1)[:, :p]


def _tel_in_periode(
    groep: np.ndarray,
    dag: np.ndarray,
    grenzen: np.ndarray,
    n_g: int,
    sleutel: np.ndarray | None = None,
) -> np.ndarray:
    """Number of events (dates) per period; with ``sleutel`` one per key and period."""
    p = len(grenzen) - 1
    # Period index 0..p-1; -1 before the window and p after it. Shifted by one, those two
    # land in dump columns 0 and p+1 of each group's row.
    idx = _opzoektabel(grenzen, dag, "right")
    if sleutel is not None and len(idx) > 1:
        dubbel = sleutel[1:] == sleutel[:-1]
        dubbel &= idx[1:] == idx[:-1]
        idx[1:][dubbel] = 0  # dump column
    breedte = p + 2
    idx += groep * breedte
    telling = np.bincount(idx, minlength=n_g * breedte).reshape(n_g, breedte)
    return telling[:, 1 : p + 1]


def _tel_gedurende(
    groep: np.ndarray,
    start: np.ndarray,
    eind: np.ndarray,
    grenzen: np.ndarray,
    n_g: int,
    sleutel: np.ndarray | None = None,
) -> np.ndarray:
    """Number of intervals touching each period; with ``sleutel`` distinct keys.

    With ``sleutel`` the intervals must be sorted per key and not overlap (episodes):
    an episode starting in the period where the previous episode of that key ended is
    not counted again for that period.
    """
    p = len(grenzen) - 1
    eerste = _opzoektabel(grenzen, start, "right") - 1
    laatste = _opzoektabel(grenzen, eind, "right") - 1
    if sleutel is not None and len(eerste) > 1:
        zelfde = np.zeros(len(eerste), dtype=bool)
        zelfde[1:] = (sleutel[1:] == sleutel[:-1]) & (laatste[:-1] >= eerste[1:])
        eerste = np.where(zelfde, eerste + 1, eerste)
    eerste = np.maximum(eerste, 0)
    laatste = np.minimum(laatste, p - 1)
    ok = eerste <= laatste
    breedte = p + 1
    plus = np.bincount(groep[ok] * breedte + eerste[ok], minlength=n_g * breedte)
    min_ = np.bincount(groep[ok] * breedte + laatste[ok] + 1, minlength=n_g * breedte)
    return np.cumsum((plus - min_).reshape(n_g, breedte), axis=1)[:, :p]


def _uitvoer(
    groepen: _Groepen,
    periode_kolom: str,
    perioden: np.ndarray | pd.Index,
    matrices: dict[str, np.ndarray],
    groepnamen: tuple[str, ...],
) -> pd.DataFrame:
    """Long table (group x period) from n_g x P matrices; drops groups that are all zero."""
    n_g = groepen.n
    p = len(perioden)
    stapel = np.stack(list(matrices.values()))  # k x n_g x p
    actief = np.flatnonzero(np.abs(stapel).sum(axis=(0, 2)) > 0)
    uit = {periode_kolom: np.tile(np.asarray(perioden), len(actief))}
    for g in groepnamen:
        uit[g] = groepen.tabel[g].take(np.repeat(actief, p)).to_numpy()
    for naam, m in matrices.items():
        uit[naam] = m[actief].reshape(-1) if n_g else m.reshape(-1)
    df = pd.DataFrame(uit)
    for g in groepnamen:
        df[g] = df[g].astype(groepen.tabel[g].dtype)
    if groepnamen:
        df = df.sort_values([*groepnamen, periode_kolom], kind="stable")
    return df.reset_index(drop=True)


def _per_blok(
    tw: _Toewijzingen, functie: Callable[[_Toewijzingen], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Run ``functie`` on blocks of whole clients and add up the count matrices.

    Counts per (group, period) are additive over disjoint sets of clients, and merging
    never crosses clients, so splitting by client changes nothing in the result.
    """
    n = len(tw.start)
    k = -(-n // BLOK_RIJEN)
    if k <= 1:
        return functie(tw)
    blok = (tw.client % k).astype(np.int32)

    def een_blok(b: int) -> dict[str, np.ndarray]:
        m = blok == b
        deel = _Toewijzingen(
            _Groepen(tw.groepen.code[m], tw.groepen.tabel), tw.client[m], tw.start[m], tw.eind[m]
        )
        del m
        return functie(deel)

    totaal: dict[str, np.ndarray] = {}
    with ThreadPoolExecutor(max_workers=min(MAX_WERKERS, k)) as pool:
        for uit in pool.map(een_blok, range(k)):
            for naam, matrix in uit.items():
                if naam in totaal:
                    totaal[naam] += matrix
                else:
                    totaal[naam] = matrix.copy()
    return totaal


# --------------------------------------------------------------------------- window and marker
def _maandvenster(
    toewijzingen: pd.DataFrame,
    start: str | pd.Timestamp | None,
    eind: str | pd.Timestamp | None,
) -> tuple[str | pd.Timestamp, str | pd.Timestamp]:
    """First and last month; missing ends come from the data (see :func:`_jaarvenster`)."""
    if start is not None and eind is not None:
        return start, eind
    eerste, laatste = _jaarvenster(toewijzingen, None, None)
    return (f"{eerste}-01" if start is None else start, f"{laatste}-12" if eind is None else eind)


def _jaarvenster(
    toewijzingen: pd.DataFrame, start: int | None, eind: int | None
) -> tuple[int, int]:
    """First and last year; missing ends from :func:`jaren_in_gegevens` of ``ingangsdatum``."""
    if start is None or eind is None:
        vereis_kolommen(toewijzingen, ("ingangsdatum",), "toewijzingen")
        eerste, laatste = jaren_in_gegevens(toewijzingen["ingangsdatum"])
        start = eerste if start is None else start
        eind = laatste if eind is None else eind
    return int(start), int(eind)


def _links_gecensureerd(perioden: np.ndarray, grenzen: np.ndarray, eerste_dag: int | None):
    """Per period: does it start on or before the first day of the data?

    In such a period everyone already in care when the data begin shows up as instroom,
    so its instroom is left-censored (it mixes new clients with care that was running).
    """
    if eerste_dag is None:
        return np.zeros(len(perioden), dtype=bool)
    return np.asarray(grenzen[: len(perioden)] <= eerste_dag)


def _markeer(uit: pd.DataFrame, periode_kolom: str, perioden, gecensureerd: np.ndarray) -> None:
    """Add ``instroom_links_gecensureerd`` to a long table (in place; our own frame)."""
    uit["instroom_links_gecensureerd"] = uit[periode_kolom].isin(pd.Index(perioden)[gecensureerd])


# --------------------------------------------------------------------------- public API
def maandvolumes(
    toewijzingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("categorie",),
    start: str | pd.Timestamp | None = None,
    eind: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Monthly stock, instroom and uitstroom of distinct clients per group.

    Overlapping and back-to-back allocations of one client within one group are merged
    into care episodes first. Counting uses events, so memory stays proportional to the
    number of allocations plus groups x months.

    Args:
        toewijzingen: Processed allocations with ``client_id``, ``ingangsdatum``,
            ``einddatum`` (NaT = lopend, inclusive last day) and the group columns.
        groepen: Columns to group by, e.g. ``("categorie",)``, ``("wet",
            "productcategorie")``, ``("aanbieder_agb",)`` or ``("gemeente",
            "categorie")``; ``()`` for the total.
        start: First month (``"2015-01"``); ``None``: January of the first year in the
            data (:func:`sdanalysis.analyse.jaren.jaren_in_gegevens` of ``ingangsdatum``).
        eind: Last month; ``None``: December of the last full year in the data.

    Returns:
        DataFrame with ``periode_maand`` (datetime64, first day of the month), the group
        columns, ``aantal_clienten`` (in zorg op de 1e van de maand), ``instroom_clienten``,
        ``uitstroom_clienten``, ``aantal_toewijzingen`` (geldig op de 1e) and
        ``instroom_links_gecensureerd``: True for months that begin on or before the first
        ``ingangsdatum`` in the data, whose instroom also counts everyone already in care
        when the data begin (leave it out of instroom figures). Groups without any count
        in the window are left out.

    Raises:
        ValueError: Missing columns, missing ingangsdatum or client_id, an einddatum
            before the ingangsdatum, or eind before start.

    >>> tw = pd.DataFrame({
    ...     "client_id": [1, 1, 2],
    ...     "categorie": ["Dagbesteding", "Dagbesteding", "Verblijf LVG"],
    ...     "ingangsdatum": pd.to_datetime(["2020-01-01", "2020-01-20", "2020-02-10"]),
    ...     "einddatum": pd.to_datetime(["2020-02-15", "2020-03-31", None]),
    ... })
    >>> mv = maandvolumes(tw, start="2020-01", eind="2020-04")
    >>> mv[mv["categorie"] == "Dagbesteding"]["aantal_toewijzingen"].tolist()
    [1, 2, 1, 0]
    >>> mv[mv["categorie"] == "Dagbesteding"]["aantal_clienten"].tolist()
    [1, 1, 1, 0]
    >>> mv[mv["categorie"] == "Dagbesteding"]["instroom_links_gecensureerd"].tolist()
    [True, False, False, False]
    """
    groepen_t = als_tuple(groepen)
    start, eind = _maandvenster(toewijzingen, start, eind)
    grenzen = _maand_grenzen(start, eind)
    tw = _voorbereid(toewijzingen, groepen_t, int(grenzen[-1]))
    n_g = tw.groepen.n
    peil = grenzen[:-1]
    eerste_dag = int(tw.start.min()) if len(tw.start) else None

    def tel(deel: _Toewijzingen) -> dict[str, np.ndarray]:
        ep = _zorgperioden(deel)
        return {
            "aantal_clienten": _tel_op_peildagen(ep.groep, ep.start, ep.eind, peil, n_g),
            "instroom_clienten": _tel_in_periode(ep.groep, ep.start, grenzen, n_g, ep.sleutel),
            "uitstroom_clienten": _tel_in_periode(ep.groep, ep.eind, grenzen, n_g, ep.sleutel),
            "aantal_toewijzingen": _tel_op_peildagen(
                deel.groepen.code, deel.start, deel.eind, peil, n_g
            ),
        }

    matrices = _per_blok(tw, tel)
    # Lopend episodes end after the window: they never count as uitstroom.
    perioden = peil.astype("datetime64[D]").astype("datetime64[us]")
    uit = _uitvoer(tw.groepen, "periode_maand", perioden, matrices, groepen_t)
    _markeer(uit, "periode_maand", perioden, _links_gecensureerd(perioden, grenzen, eerste_dag))
    return uit


def _peildag(jaar: int, peildatum: str) -> int:
    try:
        dag, maand = (int(x) for x in peildatum.split("-"))
        return _dag(pd.Timestamp(year=jaar, month=maand, day=dag))
    except (ValueError, AttributeError):
        raise ValueError(
            f"peildatum moet 'dd-mm' zijn (bijvoorbeeld '01-01' of '31-12') en in elk jaar "
            f"bestaan, niet {peildatum!r}."
        ) from None


@dataclass
class _Jaartelling:
    """Yearly count matrices (group x year) and what is needed to turn them into a table."""

    tw: _Toewijzingen
    jaren: np.ndarray
    grenzen: np.ndarray
    matrices: dict[str, np.ndarray]


def _tel_jaren(
    toewijzingen: pd.DataFrame,
    groepen_t: tuple[str, ...],
    methoden: Iterable[str],
    peildatum: str,
    start: int | None,
    eind: int | None,
) -> _Jaartelling:
    """Count clients per year for the given methods, plus instroom and uitstroom."""
    methoden = tuple(methoden)
    for methode in methoden:
        if methode not in JAAR_METHODEN:
            raise ValueError(
                f"methode moet een van {', '.join(JAAR_METHODEN)} zijn, niet {methode!r}."
            )
    start, eind = _jaarvenster(toewijzingen, start, eind)
    if eind < start:
        raise ValueError(f"eind ({eind}) ligt voor start ({start}).")
    jaren = np.arange(start, eind + 1)
    grenzen = np.array(
        [_dag(pd.Timestamp(year=int(j), month=1, day=1)) for j in range(start, eind + 2)]
    )
    tw = _voorbereid(toewijzingen, groepen_t, int(grenzen[-1]))
    n_g = tw.groepen.n
    peil = np.array([_peildag(int(j), peildatum) for j in jaren], dtype=np.int64)

    def tel(deel: _Toewijzingen) -> dict[str, np.ndarray]:
        ep = _zorgperioden(deel)
        code = deel.groepen.code
        uit = {}
        if "peildatum" in methoden:
            uit["clienten_peildatum"] = _tel_op_peildagen(ep.groep, ep.start, ep.eind, peil, n_g)
            uit["toewijzingen_peildatum"] = _tel_op_peildagen(
                code, deel.start, deel.eind, peil, n_g
            )
        if "loop_van_het_jaar" in methoden:
            uit["clienten_loop_van_het_jaar"] = _tel_gedurende(
                ep.groep, ep.start, ep.eind, grenzen, n_g, ep.sleutel
            )
            uit["toewijzingen_loop_van_het_jaar"] = _tel_gedurende(
                code, deel.start, deel.eind, grenzen, n_g
            )
        uit["instroom_clienten"] = _tel_in_periode(ep.groep, ep.start, grenzen, n_g, ep.sleutel)
        uit["uitstroom_clienten"] = _tel_in_periode(ep.groep, ep.eind, grenzen, n_g, ep.sleutel)
        return uit

    return _Jaartelling(tw, jaren.astype(np.int64), grenzen, _per_blok(tw, tel))


def _jaartabel(
    telling: _Jaartelling, kolommen: dict[str, str], groepen_t: tuple[str, ...]
) -> pd.DataFrame:
    """Long table of the chosen matrices (internal name -> column name), with the marker."""
    matrices = {naam: telling.matrices[intern] for intern, naam in kolommen.items()}
    uit = _uitvoer(telling.tw.groepen, "jaar", telling.jaren, matrices, groepen_t)
    eerste_dag = int(telling.tw.start.min()) if len(telling.tw.start) else None
    vlag = _links_gecensureerd(telling.jaren, telling.grenzen, eerste_dag)
    _markeer(uit, "jaar", telling.jaren, vlag)
    return uit


def jaarvolumes(
    toewijzingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("categorie",),
    methode: str = "peildatum",
    peildatum: str = "01-01",
    start: int | None = None,
    eind: int | None = None,
) -> pd.DataFrame:
    """Yearly clients per group, on a peildatum or during the year.

    - ``methode="peildatum"``: clients in care on ``peildatum`` (``"dd-mm"``) of each
      year; ``aantal_toewijzingen`` counts allocations valid on that day. CBS and most
      gemeenten report stock like this (e.g. on 1 January).
    - ``methode="loop_van_het_jaar"``: clients with care on at least one day of the year
      (the CBS figure "in de loop van het jaar"); ``aantal_toewijzingen`` counts
      allocations valid on at least one day.

    ``instroom_clienten`` / ``uitstroom_clienten`` are clients whose care episode starts /
    ends in the year (the same in both methods). Overlapping and back-to-back allocations
    are merged first, so each client counts once per group.

    Args:
        toewijzingen: Processed allocations.
        groepen: Group columns (see :func:`maandvolumes`).
        methode: ``"peildatum"`` or ``"loop_van_het_jaar"``.
        peildatum: Day and month of the peildatum, ``"dd-mm"``.
        start: First year; ``None``: the first year in the data.
        eind: Last year; ``None``: the last full year in the data.

    Returns:
        DataFrame with ``jaar`` (int), the group columns, ``methode``, ``peildatum``
        (datetime64; NaT for ``loop_van_het_jaar``), ``aantal_clienten``,
        ``instroom_clienten``, ``uitstroom_clienten``, ``aantal_toewijzingen`` and
        ``instroom_links_gecensureerd`` (see :func:`maandvolumes`; here per year).

    Raises:
        ValueError: Unknown methode, bad peildatum, or the errors of :func:`maandvolumes`.

    >>> tw = pd.DataFrame({
    ...     "client_id": ["a", "a"],
    ...     "categorie": ["Begeleiding", "Begeleiding"],
    ...     "ingangsdatum": pd.to_datetime(["2020-03-01", "2020-09-01"]),
    ...     "einddatum": pd.to_datetime(["2020-05-31", "2021-02-28"]),
    ... })
    >>> jaarvolumes(tw, methode="peildatum", start=2020, eind=2021)["aantal_clienten"].tolist()
    [0, 1]
    >>> jaarvolumes(tw, methode="loop_van_het_jaar", start=2020, eind=2021)[
    ...     "aantal_clienten"].tolist()
    [1, 1]
    """
    groepen_t = als_tuple(groepen)
    telling = _tel_jaren(toewijzingen, groepen_t, (methode,), peildatum, start, eind)
    uit = _jaartabel(
        telling,
        {
            f"clienten_{methode}": "aantal_clienten",
            "instroom_clienten": "instroom_clienten",
            "uitstroom_clienten": "uitstroom_clienten",
            f"toewijzingen_{methode}": "aantal_toewijzingen",
        },
        groepen_t,
    )
    uit.insert(1 + len(groepen_t), "methode", methode)
    if methode == "peildatum":
        dagen = np.array([_peildag(int(j), peildatum) for j in uit["jaar"]], dtype=np.int64)
        datums = dagen.astype("datetime64[D]").astype("datetime64[us]")
    else:
        datums = pd.Series(pd.NaT, index=uit.index, dtype="datetime64[us]")
    uit.insert(2 + len(groepen_t), "peildatum", datums)
    return uit


def jaaroverzicht(
    toewijzingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("categorie",),
    start: int | None = None,
    eind: int | None = None,
    peildatum: str = "01-01",
) -> pd.DataFrame:
    """Both yearly counts side by side: on the peildatum and during the year.

    One pass over the data instead of two calls of :func:`jaarvolumes`, and one row per
    year and group, so the two counts can be compared without a join.

    Args:
        toewijzingen: Processed allocations.
        groepen: Group columns (see :func:`maandvolumes`).
        start: First year; ``None``: the first year in the data.
        eind: Last year; ``None``: the last full year in the data.
        peildatum: Day and month of the peildatum, ``"dd-mm"``.

    Returns:
        DataFrame with ``jaar``, the group columns, ``aantal_clienten_peildatum``,
        ``aantal_clienten_in_jaar``, ``instroom_clienten``, ``uitstroom_clienten`` and
        ``instroom_links_gecensureerd``. For valid data ``aantal_clienten_peildatum`` <=
        ``aantal_clienten_in_jaar`` <= ``aantal_clienten_peildatum + instroom_clienten``.

    >>> tw = pd.DataFrame({
    ...     "client_id": ["a", "b"], "categorie": ["Begeleiding"] * 2,
    ...     "ingangsdatum": pd.to_datetime(["2019-06-01", "2020-03-01"]),
    ...     "einddatum": pd.to_datetime(["2020-05-31", None]),
    ... })
    >>> jo = jaaroverzicht(tw, start=2019, eind=2020)
    >>> jo[["jaar", "aantal_clienten_peildatum", "aantal_clienten_in_jaar"]].values.tolist()
    [[2019, 0, 1], [2020, 1, 2]]
    >>> jo["instroom_links_gecensureerd"].tolist()
    [True, False]
    """
    groepen_t = als_tuple(groepen)
    telling = _tel_jaren(toewijzingen, groepen_t, JAAR_METHODEN, peildatum, start, eind)
    return _jaartabel(
        telling,
        {
            "clienten_peildatum": "aantal_clienten_peildatum",
            "clienten_loop_van_het_jaar": "aantal_clienten_in_jaar",
            "instroom_clienten": "instroom_clienten",
            "uitstroom_clienten": "uitstroom_clienten",
        },
        groepen_t,
    )


def zonder_gecensureerde_instroom(df: pd.DataFrame) -> pd.DataFrame:
    """A copy without the instroom of left-censored periods, for tables and charts.

    Where ``instroom_links_gecensureerd`` is True, ``instroom_clienten`` becomes missing
    (``<NA>``, integer column ``Int64``); the marker column is dropped.

    Args:
        df: Output of :func:`maandvolumes`, :func:`jaarvolumes` or :func:`jaaroverzicht`.

    Returns:
        The copy.

    >>> df = pd.DataFrame({"jaar": [2015, 2016], "instroom_clienten": [900, 120],
    ...                    "instroom_links_gecensureerd": [True, False]})
    >>> zonder_gecensureerde_instroom(df)["instroom_clienten"].tolist()
    [<NA>, 120]
    """
    vereis_kolommen(df, ("instroom_clienten", "instroom_links_gecensureerd"))
    uit = df.drop(columns="instroom_links_gecensureerd")
    weg = df["instroom_links_gecensureerd"].fillna(False).astype(bool).to_numpy()
    uit["instroom_clienten"] = uit["instroom_clienten"].astype("Int64").mask(weg)
    return uit


def kies_categorieen(
    toewijzingen: pd.DataFrame, voorkeur: Iterable[str] = (), kolom: str = "categorie"
) -> list[str]:
    """The categories a story follows: the preferred ones present in the data, else all.

    Args:
        toewijzingen: Processed allocations.
        voorkeur: Preferred categories in order (the profile's ``trend_categorieen``).
        kolom: Category column.

    Returns:
        The preferred categories that occur in the data, in the order given; when none of
        them occurs (or none are given), every category in the data, sorted.

    >>> tw = pd.DataFrame({"categorie": ["B", "A", "B", "C"]})
    >>> kies_categorieen(tw, ["C", "X", "B"]), kies_categorieen(tw, ["X"])
    (['C', 'B'], ['A', 'B', 'C'])
    """
    vereis_kolommen(toewijzingen, (kolom,), "toewijzingen")
    aanwezig = {str(c) for c in toewijzingen[kolom].dropna().unique()}
    voorkeur = [str(c) for c in voorkeur]
    gekozen = [c for c in dict.fromkeys(voorkeur) if c in aanwezig]
    ontbreekt = [c for c in voorkeur if c not in aanwezig]
    if ontbreekt:
        logger.warning("categorieën niet in de gegevens: %s", ", ".join(ontbreekt))
    return gekozen or sorted(aanwezig)


def _maandverdeling(
    groep: np.ndarray,
    start: np.ndarray,
    eind: np.ndarray,
    tarieven: Sequence[tuple[np.ndarray, np.ndarray]],
    grenzen: np.ndarray,
    n_g: int,
) -> list[np.ndarray]:
    """Spread constant rates over the months they cover (events, no expansion).

    Each pair in ``tarieven`` is ``(per_dag, per_maand)``: ``per_dag`` is a quantity per
    calendar day (summed over the covered days); ``per_maand`` a quantity per whole month
    (prorated by covered days / days in the month). One n_g x months matrix per pair.
    Rows are never compressed: rows that do not apply get weight 0 at a valid index.
    """
    p = len(grenzen) - 1
    lengte = np.diff(grenzen).astype(np.float64)
    s = np.maximum(start, grenzen[0])
    e = np.minimum(eind, grenzen[-1] - 1)
    buiten = s > e  # no day inside the window
    s[buiten] = grenzen[0]
    e[buiten] = grenzen[0]
    ms = _opzoektabel(grenzen, s, "right") - 1
    me = _opzoektabel(grenzen, e, "right") - 1
    zelfde = ms == me
    # Days covered in the first month (all days when start and end share a month) and in
    # the last month (0 when they share one).
    d_begin = np.where(zelfde, e - s + 1, grenzen[ms + 1] - s).astype(np.float64)
    d_begin[buiten] = 0.0
    d_eind = np.where(zelfde, 0, e - grenzen[me] + 1).astype(np.float64)
    f_begin = d_begin / lengte[ms]
    f_eind = d_eind / lengte[me]
    vol = (me - ms >= 2) & ~buiten
    breedte = p + 1
    idx_begin = groep * p + ms
    idx_eind = groep * p + me
    idx_plus = groep * breedte + ms + 1
    idx_min = groep * breedte + np.maximum(me, ms + 1)
    uit = []
    for per_dag, per_maand in tarieven:
        m = np.bincount(
            idx_begin, weights=per_dag * d_begin + per_maand * f_begin, minlength=n_g * p
        )
        m += np.bincount(idx_eind, weights=per_dag * d_eind + per_maand * f_eind, minlength=n_g * p)
        # Whole months ms+1 .. me-1: +rate at ms+1, -rate at me, then a running sum.
        wd = np.where(vol, per_dag, 0.0)
        wm = np.where(vol, per_maand, 0.0)
        dag = np.bincount(idx_plus, weights=wd, minlength=n_g * breedte)
        dag -= np.bincount(idx_min, weights=wd, minlength=n_g * breedte)
        maand = np.bincount(idx_plus, weights=wm, minlength=n_g * breedte)
        maand -= np.bincount(idx_min, weights=wm, minlength=n_g * breedte)
        dag_tarief = np.cumsum(dag.reshape(n_g, breedte), axis=1)[:, :p]
        maand_tarief = np.cumsum(maand.reshape(n_g, breedte), axis=1)[:, :p]
        uit.append(m.reshape(n_g, p) + dag_tarief * lengte + maand_tarief)
    return uit


def zorgvolume_per_maand(
    toewijzingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("categorie",),
    start: str | pd.Timestamp | None = None,
    eind: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Allocated care volume per month (omvang x frequentie as a monthly quantity).

    Conversion per allocation (``volume`` in the WJ756 ``eenheid``, WMO757 ``frequentie``):

    - ``"1"`` per dag: volume x number of days of the month covered by the allocation.
    - ``"2"`` per week: volume x 52/12 per whole month (:data:`WEEKEN_PER_MAAND`).
    - ``"4"`` per maand: volume per whole month.
    - ``"6"`` totaal binnen geldigheidsduur: volume spread evenly over the days of the
      allocation. Lopend allocations (no einddatum) cannot be spread: they are left
      out with a warning.

    Partially covered months (start or end mid-month) are prorated by covered days /
    days in the month. Units are converted with :data:`EENHEID_OMREKENING`: minuten
    become uren (/60), so 01 and 04 both end up as ``"uur"``.

    Args:
        toewijzingen: Processed allocations with ``ingangsdatum``, ``einddatum``,
            ``volume``, ``eenheid``, ``frequentie``, optionally ``tarief_eur``, plus the
            group columns.
        groepen: Group columns (see :func:`maandvolumes`).
        start: First month; ``None``: January of the first year in the data.
        eind: Last month; ``None``: December of the last full year in the data.

    Returns:
        DataFrame with ``periode_maand`` (first day of the month), the group columns,
        ``eenheid`` (unit after conversion: ``"uur"``, ``"etmaal"``, ``"dagdeel"``,
        ``"stuks"`` or ``"euro"``), ``volume_per_maand`` (float, in ``eenheid`` per
        month, e.g. uren per maand) and ``geindiceerde_kosten_eur`` (volume in the
        source unit x ``tarief_eur``; allocations without tarief add 0; NaN column when
        the table has no ``tarief_eur``).

    Raises:
        ValueError: Missing columns, unknown eenheid or frequentie codes, or the errors
            of :func:`maandvolumes`.

    >>> tw = pd.DataFrame({
    ...     "client_id": ["a"], "categorie": ["Begeleiding"],
    ...     "ingangsdatum": pd.to_datetime(["2024-01-01"]),
    ...     "einddatum": pd.to_datetime(["2024-02-29"]),
    ...     "volume": [120.0], "eenheid": ["01"], "frequentie": ["2"], "tarief_eur": [1.0],
    ... })
    >>> zv = zorgvolume_per_maand(tw, start="2024-01", eind="2024-02")
    >>> [round(x, 2) for x in zv["volume_per_maand"]], zv["eenheid"].tolist()
    ([8.67, 8.67], ['uur', 'uur'])
    >>> [round(x, 2) for x in zv["geindiceerde_kosten_eur"]]
    [520.0, 520.0]
    """
    groepen_t = als_tuple(groepen)
    vereis_kolommen(
        toewijzingen,
        ("ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", *groepen_t),
        "toewijzingen",
    )
    # Codes are normalised on their distinct values only (fast for 10M rows).
    e_code, e_waarden = _codes(toewijzingen["eenheid"])
    f_code, f_waarden = _codes(toewijzingen["frequentie"])
    e_norm = [None if pd.isna(w) else str(w).strip().zfill(2) for w in e_waarden]
    f_norm = [None if pd.isna(w) else str(w).strip().lstrip("0") for w in f_waarden]
    onbekend_e = sorted({w for w in e_norm if w is not None} - set(EENHEID_OMREKENING))
    if onbekend_e:
        raise ValueError(
            f"Onbekende eenheid-code(s) {onbekend_e}; verwacht WJ756: "
            f"{', '.join(sorted(EENHEID_OMREKENING))}."
        )
    onbekend_f = sorted({w for w in f_norm if w is not None} - set(FREQUENTIES))
    if onbekend_f:
        raise ValueError(
            f"Onbekende frequentie-code(s) {onbekend_f}; verwacht WMO757: "
            f"{', '.join(sorted(FREQUENTIES))}."
        )
    labels = sorted({EENHEID_OMREKENING[w][0] for w in e_norm if w is not None})
    label_per_code = np.array(
        [labels.index(EENHEID_OMREKENING[w][0]) if w else -1 for w in e_norm] + [-1],
        dtype=np.int64,
    )
    factor_per_code = np.array(
        [EENHEID_OMREKENING[w][1] if w else np.nan for w in e_norm] + [np.nan]
    )
    freq_per_code = np.array([int(w) if w else 0 for w in f_norm] + [0], dtype=np.int8)
    label = label_per_code[e_code]
    factor = factor_per_code[e_code]
    f = freq_per_code[f_code]  # 1 per dag, 2 per week, 4 per maand, 6 totaal, 0 onbekend
    vol = toewijzingen["volume"].to_numpy(dtype=np.float64, na_value=np.nan)

    start, eind = _maandvenster(toewijzingen, start, eind)
    grenzen = _maand_grenzen(start, eind)
    dag_s, dag_e, lopend = _datums(toewijzingen, int(grenzen[-1]))
    lopend_totaal = (f == 6) & lopend
    if lopend_totaal.any():
        warnings.warn(
            f"{int(lopend_totaal.sum())} lopende toewijzing(en) met frequentie 'totaal binnen "
            "geldigheidsduur' zonder einddatum zijn niet over maanden te verdelen en tellen "
            "niet mee in het zorgvolume.",
            UserWarning,
            stacklevel=3,
        )
    bruikbaar = (label >= 0) & (f != 0) & ~np.isnan(vol)
    zonder = int((~bruikbaar).sum())
    if zonder:
        warnings.warn(
            f"{zonder} toewijzing(en) zonder volume, eenheid of frequentie tellen niet mee "
            "in het zorgvolume.",
            UserWarning,
            stacklevel=3,
        )
    bruikbaar &= ~lopend_totaal

    groepen_obj = _groepeer(toewijzingen, groepen_t)
    n_l = max(len(labels), 1)
    tabel = groepen_obj.tabel.loc[np.repeat(np.arange(groepen_obj.n), n_l)].reset_index(drop=True)
    tabel["eenheid"] = np.tile(np.array(labels if labels else [""], dtype=object), groepen_obj.n)
    gecombineerd = _Groepen(np.zeros(0, dtype=np.int64), tabel)
    n_g = gecombineerd.n
    heeft_tarief = "tarief_eur" in toewijzingen.columns
    tarief_alle = (
        toewijzingen["tarief_eur"].to_numpy(dtype=np.float64, na_value=np.nan)
        if heeft_tarief
        else None
    )

    def blok(sl: slice) -> list[np.ndarray]:
        # Rows are independent here: contiguous slices of BLOK_RIJEN rows keep every
        # temporary small (reused memory) and let two cores work at once.
        ok = bruikbaar[sl]
        g = (groepen_obj.code[sl] * n_l + label[sl])[ok]
        s_b, e_b = dag_s[sl][ok], dag_e[sl][ok]
        v_b, fac, fr = vol[sl][ok], factor[sl][ok], f[sl][ok]
        duur = (e_b - s_b + 1).astype(np.float64)
        per_dag = np.where(fr == 1, v_b, 0.0) + np.where(fr == 6, v_b / duur, 0.0)
        per_maand = np.where(fr == 2, v_b * WEKEN_PER_MAAND, 0.0) + np.where(fr == 4, v_b, 0.0)
        tarieven = [(per_dag * fac, per_maand * fac)]
        if tarief_alle is not None:
            tarief = tarief_alle[sl][ok]
            tarief = np.where(np.isnan(tarief), 0.0, tarief)
            tarieven.append((per_dag * tarief, per_maand * tarief))
        return _maandverdeling(g, s_b, e_b, tarieven, grenzen, n_g)

    n = len(toewijzingen)
    stukken = [slice(i, min(i + BLOK_RIJEN, n)) for i in range(0, max(n, 1), BLOK_RIJEN)]
    with ThreadPoolExecutor(max_workers=max(1, min(MAX_WERKERS, len(stukken)))) as pool:
        delen = list(pool.map(blok, stukken))
    verdeeld = [sum(d[i] for d in delen) for i in range(len(delen[0]))]
    matrices = {"volume_per_maand": verdeeld[0]}
    if heeft_tarief:
        matrices["geindiceerde_kosten_eur"] = verdeeld[1]
    perioden = grenzen[:-1].astype("datetime64[D]").astype("datetime64[us]")
    uit = _uitvoer(gecombineerd, "periode_maand", perioden, matrices, (*groepen_t, "eenheid"))
    if not heeft_tarief:
        uit["geindiceerde_kosten_eur"] = np.nan
    uit["eenheid"] = uit["eenheid"].astype(str)
    return uit
