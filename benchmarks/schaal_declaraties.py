"""Declaratie lines at scale for ``bouw_schaal.py``: raw generator and DuckDB peer SQL.

Everything here is SYNTHETIC. :func:`declaraties_ruw` turns a chunk of generated
toewijzingen (processed shape, from ``groot.genereer_toewijzingen_groot``) into monthly
declaratie lines in the raw shape of the demo's declaraties exports: one file per year of
``periode_start``, ``;`` separated, UTF-8 with BOM, ``dd-mm-jjjj`` dates, decimal commas
(volumes without trailing zeros, amounts with two decimals), the old system's headers up
to :data:`LAATSTE_OUDE_JAAR` and the canonical names after it, a few credit lines
(negative copies) and a totals row at the end of every file. A small share of lines gets
one error each (:data:`FOUTSOORTEN`): an unknown toewijzingnummer, an unreadable or empty
amount, an impossible date, an end before the start, an unknown eenheid, or an identical
copy of the line. Lines of toewijzingen the build rejects are rejected with them.

Everything is vectorised (numpy and ``pyarrow.compute``); memory is bounded by the chunk.

>>> import numpy as np, pandas as pd
>>> g = pd.DataFrame({
...     "ingangsdatum": pd.to_datetime(["2019-01-15", "2024-11-20"]),
...     "einddatum": pd.to_datetime(["2019-03-10", pd.NaT]),
...     "volume": [2.0, 1.5], "frequentie": ["2", "4"], "eenheid": ["04", "83"],
...     "tarief_eur": [50.0, 1.0]})
>>> t = declaraties_ruw(g, 1, 100, np.random.default_rng(0), fouten=False)
>>> t.num_rows, t.column("periode_start").to_pylist()[:3]
(5, ['15-01-2019', '01-02-2019', '01-03-2019'])
>>> t.column("periode_eind").to_pylist()[2], t.column("toewijzingnummer").to_pylist()[4]
('10-03-2019', 'T0000000002')
>>> _komma_vast(np.array([-10.25, 7.0, 0.5])).to_pylist()
['-10,25', '7,00', '0,50']
>>> _komma_kwart(np.array([3.5, 7.0, -0.25, 12.75])).to_pylist()
['3,5', '7', '-0,25', '12,75']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sdanalysis import codes as codemod
from sdanalysis.contracts import (
    DATUM_VENSTER,
    DECLARATIES,
    TOEKOMST_JAREN,
    kolom_lookup,
    normaliseer_kolomnaam,
)
from sdanalysis.demo.vervuil import KOP_DECLARATIES_OUD

#: Last day any declaratie covers (the generator's window ends in 2024).
LAATSTE_DAG = np.datetime64("2024-12-31")
#: Years up to this one are exported by the old system (old headers), as in the demo.
LAATSTE_OUDE_JAAR = 2017
#: Share of lines given one deliberate error, and the share followed by a credit line.
AANDEEL_FOUT = 0.0002
AANDEEL_CREDIT = 0.005
#: The deliberate errors, in turn.
FOUTSOORTEN = (
    "toewijzingnummer onbekend",
    "bedrag #WAARDE!",
    "bedrag 12,50,00",
    "bedrag leeg",
    "periode_start 31-02",
    "periode_eind voor periode_start",
    "eenheid 99",
    "identieke kopie",
)
#: Canonical column order of a declaraties export (the contract's key columns).
KOLOMMEN = list(DECLARATIES.sleutel)
_DAGEN_PER = {"1": 1.0, "2": 7.0, "4": 30.44}


# --------------------------------------------------------------------------- formatting


def _tekst(x: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(x), pa.string())


def _komma_vast(x: np.ndarray) -> pa.Array:
    """Amounts with a decimal comma and two decimals (``-10,25``, ``7,00``), vectorised."""
    cent = np.rint(np.asarray(x, dtype=np.float64) * 100).astype(np.int64)
    heel = _tekst(np.abs(cent) // 100)
    frac = pc.utf8_lpad(_tekst(np.abs(cent) % 100), 2, "0")
    s = pc.binary_join_element_wise(heel, frac, ",")
    return pc.if_else(pa.array(cent < 0), pc.binary_join_element_wise("-", s, ""), s)


def _komma_kwart(x: np.ndarray) -> pa.Array:
    """Quarter values with a decimal comma, no trailing zeros (``3,5``, ``7``, ``-0,25``)."""
    kwart = np.rint(np.asarray(x, dtype=np.float64) * 4).astype(np.int64)
    heel = _tekst(np.abs(kwart) // 4)
    staart = pa.array(["", ",25", ",5", ",75"]).take(pa.array(np.abs(kwart) % 4))
    s = pc.binary_join_element_wise(heel, staart, "")
    return pc.if_else(pa.array(kwart < 0), pc.binary_join_element_wise("-", s, ""), s)


def _datum(dagen: np.ndarray) -> pa.Array:
    """Day numbers as ``dd-mm-jjjj`` text."""
    ts = pa.array(dagen.astype("datetime64[s]"))
    return pc.strftime(ts, format="%d-%m-%Y")


def _nummers(i: np.ndarray, prefix: str = "T") -> pa.Array:
    """Toewijzingnummers as the toewijzingen file writes them: ``T`` and ten digits."""
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(_tekst(i), 10, "0"), "")


# --------------------------------------------------------------------------- generator


def _regels(g: pd.DataFrame, doel: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Monthly lines (toewijzing row, first and last day) for ``doel`` lines on average."""
    s = g["ingangsdatum"].to_numpy().astype("datetime64[D]")
    e = g["einddatum"].to_numpy().astype("datetime64[D]")
    e = np.where(np.isnat(e) | (e > LAATSTE_DAG), LAATSTE_DAG, e)
    ms = s.astype("datetime64[M]").astype(np.int64)
    m = np.maximum(e.astype("datetime64[M]").astype(np.int64) - ms + 1, 1)
    p = min(1.0, doel / max(int(m.sum()), 1))
    k = rng.binomial(m, p)
    o = np.floor(rng.random(len(m)) * (m - k + 1)).astype(np.int64)
    tw = np.repeat(np.arange(len(m)), k)
    j = np.arange(len(tw)) - np.repeat(np.cumsum(k) - k, k)
    maand = (ms[tw] + o[tw] + j).astype("datetime64[M]")
    eerste = np.maximum(maand.astype("datetime64[D]"), s[tw])
    laatste = np.minimum((maand + 1).astype("datetime64[D]") - 1, e[tw])
    duur = (e - s).astype(np.int64) + 1
    return {"tw": tw, "start": eerste, "eind": laatste, "duur_tw": duur[tw]}


def _volume_bedrag(
    g: pd.DataFrame, r: dict[str, np.ndarray], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Delivered volume (quarters, whole euros) and amount per line."""
    tw = r["tw"]
    dagen = (r["eind"] - r["start"]).astype(np.int64) + 1
    freq = g["frequentie"].astype(str).to_numpy()[tw]
    per = np.select(
        [freq == f for f in _DAGEN_PER], list(_DAGEN_PER.values()), default=np.nan
    ).astype(np.float64)
    per = np.where(np.isnan(per), r["duur_tw"], per)  # "6": total over the allocation
    vol = g["volume"].to_numpy(dtype=np.float64)[tw] * dagen / per
    vol *= rng.uniform(0.6, 1.05, len(tw))
    euro = g["eenheid"].astype(str).to_numpy()[tw] == "83"
    vol = np.where(euro, np.maximum(np.rint(vol), 1), np.maximum(np.rint(vol * 4) / 4, 0.25))
    bedrag = np.rint(vol * g["tarief_eur"].to_numpy(dtype=np.float64)[tw] * 100) / 100
    return vol, bedrag


def _vervuil(kol: dict[str, pa.Array], jaar: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Give a small share of lines one error each (in ``kol``); returns rows to copy."""
    n = len(jaar)
    rijen = rng.choice(n, size=min(n, max(len(FOUTSOORTEN), int(n * AANDEEL_FOUT))), replace=False)
    soort = np.arange(len(rijen)) % len(FOUTSOORTEN)

    def zet(naam: str, wie: np.ndarray, waarden: pa.Array | list[str]) -> None:
        masker = np.zeros(n, dtype=bool)
        masker[wie] = True
        volgorde = np.argsort(wie)  # replace_with_mask fills in row order
        kol[naam] = pc.replace_with_mask(
            kol[naam], pa.array(masker), pa.array(waarden, pa.string()).take(volgorde)
        )

    r = rijen[soort == 0]
    zet("toewijzingnummer", r, _nummers(r, prefix="T9")[: len(r)])
    zet("bedrag_eur", rijen[soort == 1], ["#WAARDE!"] * int((soort == 1).sum()))
    zet("bedrag_eur", rijen[soort == 2], ["12,50,00"] * int((soort == 2).sum()))
    zet("bedrag_eur", rijen[soort == 3], [""] * int((soort == 3).sum()))
    r = rijen[soort == 4]
    zet("periode_start", r, [f"31-02-{j}" for j in jaar[r]])
    r = rijen[soort == 5]
    zet("periode_eind", r, [f"01-01-{j - 1}" for j in jaar[r]])
    zet("eenheid", rijen[soort == 6], ["99"] * int((soort == 6).sum()))
    return rijen[soort == 7]


def declaraties_ruw(
    g: pd.DataFrame, start: int, doel: int, rng: np.random.Generator, fouten: bool = True
) -> pa.Table:
    """Monthly declaratie lines for one chunk of toewijzingen, as exported text.

    Args:
        g: Toewijzingen in processed shape (``ingangsdatum``, ``einddatum``, ``volume``,
            ``frequentie``, ``eenheid``, ``tarief_eur``); row ``i`` has toewijzingnummer
            ``T`` + ``start + i`` in ten digits, as ``bouw_schaal`` writes them.
        start: Number of the chunk's first toewijzing.
        doel: Expected number of lines (each month of a toewijzing up to 2024 is declared
            with the same probability; at most every month).
        rng: Random stream.
        fouten: Add the deliberate errors, credit lines and copies.

    Returns:
        Text columns in :data:`KOLOMMEN` order, ``jaar`` (year of the line's file) and
        ``bedrag_getal`` (the amount as a number, for the totals row).
    """
    r = _regels(g, doel, rng)
    vol, bedrag = _volume_bedrag(g, r, rng)
    eenheid = g["eenheid"].astype(str).to_numpy()[r["tw"]]
    if fouten:  # credit lines: a negative copy of a line, as a correction
        c = np.flatnonzero(rng.random(len(vol)) < AANDEEL_CREDIT)
        r = {k: np.concatenate([v, v[c]]) for k, v in r.items()}
        vol, bedrag = np.concatenate([vol, -vol[c]]), np.concatenate([bedrag, -bedrag[c]])
        eenheid = np.concatenate([eenheid, eenheid[c]])
    jaar = r["start"].astype("datetime64[Y]").astype(np.int64) + 1970
    kol = {
        "toewijzingnummer": _nummers(start + r["tw"]),
        "periode_start": _datum(r["start"]),
        "periode_eind": _datum(r["eind"]),
        "geleverd_volume": _komma_kwart(vol),
        "eenheid": _tekst(eenheid),
        "bedrag_eur": _komma_vast(bedrag),
    }
    kopie = _vervuil(kol, jaar, rng) if fouten and len(jaar) else np.array([], dtype=np.int64)
    tabel = pa.table({**kol, "jaar": pa.array(jaar), "bedrag_getal": pa.array(bedrag)})
    if len(kopie):
        tabel = pa.concat_tables([tabel, tabel.take(pa.array(kopie))])
    return tabel


class DeclaratieSchrijver:
    """Appends declaratie lines to one CSV per year (``declaraties_<jaar>.csv``).

    Files are opened on first use with a BOM and the header of their year (old system up
    to :data:`LAATSTE_OUDE_JAAR`); :meth:`sluit` appends a totals row to every file.
    """

    def __init__(self, map_: Path) -> None:
        self.map = Path(map_)
        self.bestanden: dict[int, object] = {}
        self.som: dict[int, float] = {}
        self.regels = 0
        for oud in self.map.glob("declaraties_*.csv"):
            oud.unlink()

    def schrijf(self, tabel: pa.Table) -> None:
        """Write the lines of ``tabel`` (from :func:`declaraties_ruw`) to their year files."""
        jaar = tabel.column("jaar").to_numpy()
        opties = pacsv.WriteOptions(include_header=False, delimiter=";", quoting_style="none")
        bedrag = tabel.column("bedrag_getal").to_numpy()
        for j in np.unique(jaar):
            wie = jaar == j
            f = self._bestand(int(j))
            pacsv.write_csv(tabel.filter(pa.array(wie)).select(KOLOMMEN), f, write_options=opties)
            self.som[int(j)] = self.som.get(int(j), 0.0) + float(np.nansum(bedrag[wie]))
        self.regels += tabel.num_rows

    def _bestand(self, jaar: int):  # noqa: ANN202 - a binary file object
        if jaar not in self.bestanden:
            f = (self.map / f"declaraties_{jaar}.csv").open("wb")
            kop = [KOP_DECLARATIES_OUD[k] if jaar <= LAATSTE_OUDE_JAAR else k for k in KOLOMMEN]
            f.write(("\ufeff" + ";".join(kop) + "\n").encode("utf-8"))
            self.bestanden[jaar] = f
        return self.bestanden[jaar]

    def sluit(self) -> int:
        """Append the totals rows, close the files; returns the lines written (no totals)."""
        for jaar, f in sorted(self.bestanden.items()):
            som = _komma_vast(np.array([self.som[jaar]]))[0].as_py()
            f.write(f"Totaal;;;;;{som}\n".encode())
            f.close()
        self.bestanden = {}
        return self.regels


# --------------------------------------------------------------------------- DuckDB peer


def kopkoppeling(pad: Path) -> dict[str, str]:
    """Canonical column -> header as in the file, through the contract's synonyms."""
    with Path(pad).open(encoding="utf-8-sig") as f:
        kop = f.readline().rstrip("\r\n").split(";")
    lookup = kolom_lookup(DECLARATIES)
    return {lookup[normaliseer_kolomnaam(h)]: h for h in kop if normaliseer_kolomnaam(h) in lookup}


def _q(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def datum_sql(c: str) -> str:
    """SQL reading a ``dd-mm-jjjj`` text (NULL when not a real date).

    Ten characters go through a cast of the ISO form (about twice as fast as ``strptime``,
    and ``31-02-2019`` fails just as well); other lengths (``1-2-2019``) through
    ``strptime``.
    """
    iso = f"substr({c}, 7, 4) || '-' || substr({c}, 4, 2) || '-' || substr({c}, 1, 2)"
    return (
        f"CASE WHEN length({c}) = 10 AND substr({c}, 3, 1) = '-' AND substr({c}, 6, 1) = '-' "
        f"THEN try_cast({iso} AS DATE) ELSE try_strptime({c}, '%d-%m-%Y')::DATE END"
    )


def getal_sql(c: str) -> str:
    """SQL reading a number with a decimal comma (NULL when unreadable)."""
    return f"try_cast(replace({c}, ',', '.') AS DOUBLE)"


def _lees_sql(pad: Path) -> str:
    """One declaraties file as text, columns by their canonical names."""
    k = kopkoppeling(pad)
    kol = ", ".join(f"trim({_q(k[c])}) AS {c}" if c in k else f"NULL AS {c}" for c in KOLOMMEN)
    return f"SELECT {kol} FROM read_csv('{pad}', delim=';', header=true, all_varchar=true)"


def peer_declaraties_sql(paden: list[Path], tw_ok: str, out: Path) -> list[str]:
    """SQL of the DuckDB peer for declaraties (needs table ``tw_ok(toewijzingnummer)``).

    The same checks as the build: required fields filled, dates readable and within the
    contract's window, amounts readable with a decimal comma, a known eenheid, period end
    not before its start, identical copies de-duplicated (first kept), and the
    toewijzingnummer among the ACCEPTED toewijzingen. Accepted lines and rejected lines
    with their reason go to parquet.

    Files are loaded one after the other into one typed table in file order (DuckDB keeps
    insertion order), so a line's row in its file is its ``rowid`` minus the file's first
    ``rowid`` (plus 2 for the header): no window function over the whole table.
    """
    laag = DATUM_VENSTER[0].isoformat()
    hoog = min(DATUM_VENSTER[1], dt.date(dt.date.today().year + TOEKOMST_JAREN, 12, 31))
    eenheden = ", ".join(f"'{c}'" for c in sorted(codemod.codes("eenheid")))

    reden = f"""CASE
        WHEN toewijzingnummer = '' OR toewijzingnummer IS NULL THEN 'toewijzingnummer ontbreekt'
        WHEN nullif(periode_start, '') IS NULL THEN 'periode_start ontbreekt'
        WHEN ps IS NULL OR ps < DATE '{laag}' OR ps > DATE '{hoog}'
            THEN 'ongeldige periode_start'
        WHEN nullif(periode_eind, '') IS NULL THEN 'periode_eind ontbreekt'
        WHEN pe IS NULL OR pe < DATE '{laag}' OR pe > DATE '{hoog}'
            THEN 'ongeldige periode_eind'
        WHEN nullif(geleverd_volume, '') IS NOT NULL AND vol IS NULL
            THEN 'onleesbaar geleverd_volume'
        WHEN eh IS NOT NULL AND eh NOT IN ({eenheden}) THEN 'onbekende eenheid'
        WHEN nullif(bedrag_eur, '') IS NULL THEN 'bedrag ontbreekt'
        WHEN bedrag IS NULL THEN 'onleesbaar bedrag'
        WHEN pe < ps THEN 'periode_eind ligt vóór periode_start'
    END"""
    sleutel = "toewijzingnummer, ps, pe, vol, eh, bedrag"
    sql = [
        """CREATE TEMP TABLE d (bestand_nr USMALLINT, toewijzingnummer VARCHAR, ps DATE,
            pe DATE, vol DOUBLE, eh VARCHAR, bedrag DOUBLE, reden VARCHAR)""",
        "CREATE TEMP TABLE d_bestand (bestand_nr USMALLINT, bronbestand VARCHAR, eerste BIGINT)",
    ]
    for i, pad in enumerate(paden):
        sql += [
            f"INSERT INTO d_bestand SELECT {i}, '{pad.name}', count(*) FROM d",
            f"""INSERT INTO d SELECT {i}, toewijzingnummer, ps, pe, vol, eh, bedrag, {reden}
                FROM (SELECT *, {datum_sql("periode_start")} AS ps, {datum_sql("periode_eind")} AS pe,
                  {getal_sql("geleverd_volume")} AS vol, nullif(lpad(eenheid, 2, '0'), '') AS eh,
                  {getal_sql("bedrag_eur")} AS bedrag FROM ({_lees_sql(pad)}))""",
        ]
    bron = "d_bestand.bronbestand, d.rowid - d_bestand.eerste + 2"
    sql += [
        # identical copies among the valid lines: the first (file, row) stays
        f"""UPDATE d SET reden = 'identiek dubbel (ontdubbeld)' WHERE rowid IN (
              SELECT r FROM (SELECT rowid AS r, row_number() OVER (
                PARTITION BY {sleutel} ORDER BY rowid) AS volgnr
              FROM d WHERE reden IS NULL AND hash({sleutel}) IN (
                SELECT h FROM (SELECT hash({sleutel}) AS h FROM d WHERE reden IS NULL)
                GROUP BY h HAVING count(*) > 1))
              WHERE volgnr > 1)""",
        f"""UPDATE d SET reden = 'toewijzingnummer onbekend in toewijzingen (of daar geweigerd)'
            WHERE reden IS NULL AND NOT EXISTS (
              SELECT 1 FROM {tw_ok} t WHERE t.toewijzingnummer = d.toewijzingnummer)""",
        f"""COPY (SELECT toewijzingnummer, ps AS periode_start, pe AS periode_eind,
              vol AS geleverd_volume, eh AS eenheid, bedrag AS bedrag_eur,
              {bron.replace(", d.", " AS bronbestand, d.")} AS bronrij
              FROM d JOIN d_bestand USING (bestand_nr) WHERE reden IS NULL)
            TO '{out / "declaraties.parquet"}' (FORMAT parquet)""",
        f"""COPY (SELECT 'declaraties' AS tabel, {bron.replace(", d.", " AS bestand, d.")} AS rij,
              reden FROM d JOIN d_bestand USING (bestand_nr) WHERE reden IS NOT NULL)
            TO '{out / "quarantaine_declaraties.parquet"}' (FORMAT parquet)""",
    ]
    return sql
