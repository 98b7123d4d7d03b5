"""The build at scale: ``sdanalysis build`` against a DuckDB peer on the same raw CSV.

Everything here is SYNTHETIC. :func:`schrijf_ruw` writes millions of toewijzingen in the
raw shape of the demo exports (old-system headers, ``;``, ``dd-mm-jjjj`` dates, decimal
commas, valid BSNs) with a small share of bad rows (elfproef, impossible date, unknown
productcategorie, negative volume, einddatum before ingangsdatum, short AGB code). Then,
each in a fresh interpreter, it times:

- ``sdanalysis build --raw <map>`` (the fast path; ``--ook-oud`` also the row-by-row path);
- a DuckDB peer: ``read_csv`` as text, the same checks in SQL, a keyed hash of the BSN,
  accepted rows to parquet and rejected rows with their reason to parquet.

It prints wall time and peak memory per run (``VmHWM``, or the sampled sum over the build's
worker processes when that is higher); the last line holds the ratio
build / DuckDB. Run::

    python benchmarks/bouw_schaal.py --n 1000000 [--declaraties 50000000] [--map /tmp/bs]
        [--ook-oud] [--alleen-peer] [--alleen-genereren]

With ``--declaraties M`` about ``M`` declaratie lines referring to the toewijzingen are
written too, one file per year (:mod:`schaal_declaraties`); the build and the peer then
also check those (toewijzingnummer among the ACCEPTED toewijzingen). Files already in the
map are reused. Per run the script prints wall time, peak memory and accepted/rejected
rows per table; a ``WARNING`` line when the build and the peer disagree.

>>> tw = _toewijzingen_ruw(1_000, np.random.default_rng(1), 0)
>>> list(tw.columns)[:3], len(tw)
(['Beschikkingnummer', 'BSN', 'Wet'], 1000)
>>> d = Path(tempfile.mkdtemp())
>>> _ = schrijf_ruw(2_000, d, declaraties=10_000)
>>> [p.name for p in declaratiebestanden(d)][:2]
['declaraties_2015.csv', 'declaraties_2016.csv']
>>> tekst = [p.read_text(encoding="utf-8-sig").splitlines() for p in declaratiebestanden(d)]
>>> tekst[0][0], tekst[-1][0], tekst[-1][-1].startswith("Totaal;;;;;")
('Toewijzingsnummer;Prestatie begindatum;Prestatie einddatum;Geleverde eenheden;Eenheid;Declaratiebedrag', 'toewijzingnummer;periode_start;periode_eind;geleverd_volume;eenheid;bedrag_eur', True)
>>> 9_000 < sum(len(t) - 2 for t in tekst) < 11_000
True
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).parent))

import schaal_declaraties as sd  # noqa: E402
from groot import genereer_toewijzingen_groot  # noqa: E402

from sdanalysis import codes as codemod  # noqa: E402
from sdanalysis.demo.model import productcodes_tabel  # noqa: E402
from sdanalysis.demo.vervuil import KOP_TOEWIJZINGEN_OUD  # noqa: E402

#: Rows per generated chunk (bounds the generator's memory).
BLOK = 1_000_000
#: Declaratie lines per generated sub-block.
BLOK_DECLARATIES = 4_000_000
#: Share of rows given one deliberate error.
AANDEEL_FOUT = 0.0002
_SLEUTEL = "benchmark-sleutel-alleen-voor-synthetische-gegevens-0123456789"


def _bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` nine-digit numbers that pass the elfproef (vectorised)."""
    gewichten = np.array([9, 8, 7, 6, 5, 4, 3, 2])
    uit = np.empty(n, dtype=np.int64)
    open_ = np.arange(n)
    while len(open_):
        c = rng.integers(0, 10, size=(len(open_), 8))
        c[:, 0] = rng.integers(1, 10, size=len(open_))
        laatste = (c @ gewichten) % 11
        ok = laatste < 10
        getal = c @ (10 ** np.arange(8, 0, -1)) + laatste
        uit[open_[ok]] = getal[ok]
        open_ = open_[~ok]
    return uit


def _datum(d: pd.Series) -> np.ndarray:
    """Dates as ``dd-mm-jjjj`` text (empty for missing)."""
    return d.dt.strftime("%d-%m-%Y").fillna("").to_numpy(dtype=object)


def _komma(x: np.ndarray) -> np.ndarray:
    """Numbers with a decimal comma, without trailing zeros (``3,5``, ``7``)."""
    s = pd.Series(np.round(x, 2)).map("{:g}".format)
    return s.str.replace(".", ",", regex=False).to_numpy(dtype=object)


def _vervuil(tw: pd.DataFrame, rng: np.random.Generator) -> None:
    """Give a small share of rows one error each (in place)."""
    n = len(tw)
    k = max(6, int(n * AANDEEL_FOUT))
    rijen = rng.choice(n, size=min(n, k), replace=False)
    for i, r in enumerate(rijen):
        soort = i % 6
        if soort == 0:
            b = tw.at[r, "BSN"]
            tw.at[r, "BSN"] = b[:-1] + str((int(b[-1]) + 1) % 10)
        elif soort == 1:
            tw.at[r, "Startdatum"] = "31-02-2019"
        elif soort == 2:
            tw.at[r, "Product categorie"] = "99"
        elif soort == 3:
            tw.at[r, "Omvang"] = "-3"
        elif soort == 4:
            tw.at[r, "Einddatum"] = "01-01-1990"
        else:
            tw.at[r, "AGB code"] = "12345"


def _toewijzingen_blok(
    n: int, rng: np.random.Generator, start: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One chunk of toewijzingen as exported text, and the same rows in processed shape."""
    g = genereer_toewijzingen_groot(n, seed=int(rng.integers(1 << 31)))
    bsn_per_client = _bsns(rng, int(g["client_id"].max()) + 1 if n else 0)
    kop = KOP_TOEWIJZINGEN_OUD
    tw = pd.DataFrame(
        {
            kop["toewijzingnummer"]: [f"T{start + i:010d}" for i in range(n)],
            kop["bsn"]: bsn_per_client[g["client_id"].to_numpy()].astype(str).astype(object),
            kop["wet"]: g["wet"].astype(str).to_numpy(dtype=object),
            kop["productcategorie"]: g["productcategorie"].astype(str).to_numpy(dtype=object),
            kop["productcode"]: g["productcode"].astype(str).to_numpy(dtype=object),
            kop["aanbieder_agb"]: g["aanbieder_agb"].astype(str).to_numpy(dtype=object),
            kop["aanbieder_naam"]: ("Aanbieder " + g["aanbieder_agb"].astype(str)).to_numpy(
                dtype=object
            ),
            kop["ingangsdatum"]: _datum(g["ingangsdatum"]),
            kop["einddatum"]: _datum(g["einddatum"]),
            kop["volume"]: _komma(g["volume"].to_numpy()),
            kop["eenheid"]: g["eenheid"].astype(str).to_numpy(dtype=object),
            kop["frequentie"]: g["frequentie"].astype(str).to_numpy(dtype=object),
            kop["tarief_eur"]: _komma(g["tarief_eur"].to_numpy()),
        }
    )
    _vervuil(tw, rng)
    return tw, g


def _toewijzingen_ruw(n: int, rng: np.random.Generator, start: int) -> pd.DataFrame:
    """One chunk of toewijzingen as the old system exports them (all text)."""
    return _toewijzingen_blok(n, rng, start)[0]


def _schrijf_csv(df: pd.DataFrame, pad: Path, kop: bool) -> None:
    tabel = pa.Table.from_pandas(df.astype(str), preserve_index=False)
    opties = pacsv.WriteOptions(include_header=kop, delimiter=";", quoting_style="none")
    with pad.open("ab") as f:
        pacsv.write_csv(tabel, f, write_options=opties)


def schrijf_ruw(
    n: int,
    map_: Path,
    seed: int = 20190417,
    declaraties: int = 0,
    toewijzingen: bool = True,
) -> Path:
    """Write ``n`` raw toewijzingen (one CSV, in chunks) and the productcodes to ``map_``.

    With ``declaraties`` > 0 also about that many declaratie lines referring to them, one
    file per year (see :mod:`schaal_declaraties`), from a separate random stream; with
    ``toewijzingen=False`` only those (the toewijzingen are drawn again, not written).
    Memory stays bounded by the chunk size whatever ``n`` and ``declaraties`` are.
    """
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / "toewijzingen_schaal.csv"
    if toewijzingen:
        pad.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    rng_d = np.random.default_rng(seed + 1)
    schrijver = sd.DeclaratieSchrijver(map_) if declaraties > 0 else None
    for start in range(0, n, BLOK):
        tw, g = _toewijzingen_blok(min(BLOK, n - start), rng, start + 1)
        if toewijzingen:
            _schrijf_csv(tw, pad, start == 0)
        if schrijver is None:
            continue
        # sub-blocks of about BLOK_DECLARATIES lines keep the declaraties' memory bounded
        stap = max(1, int(BLOK_DECLARATIES * n / declaraties))
        for i in range(0, len(g), stap):
            deel = g.iloc[i : i + stap]
            doel = round(declaraties * len(deel) / n)
            schrijver.schrijf(sd.declaraties_ruw(deel, start + 1 + i, doel, rng_d))
    if schrijver is not None:
        schrijver.sluit()
    (map_ / "productcodes.csv").unlink(missing_ok=True)
    _schrijf_csv(productcodes_tabel(), map_ / "productcodes.csv", True)
    return pad


# --------------------------------------------------------------------------- the DuckDB peer


def _peer_sql(pad: Path, out: Path, sleutel: str) -> list[str]:
    """SQL of the DuckDB peer: the build's checks on the raw toewijzingen."""
    k = KOP_TOEWIJZINGEN_OUD
    wmo = ", ".join(f"'{c}'" for c in sorted(codemod.codes("productcategorie", "WMO")))
    jw = ", ".join(f"'{c}'" for c in sorted(codemod.codes("productcategorie", "JW")))
    b = f'trim("{k["bsn"]}")'
    elf = " + ".join(
        f"{w} * cast(substr({b}, {i + 1}, 1) AS INTEGER)"
        for i, w in enumerate([9, 8, 7, 6, 5, 4, 3, 2, -1])
    )
    start = sd.datum_sql(f'trim("{k["ingangsdatum"]}")')
    eind = sd.datum_sql(f"""nullif(trim("{k["einddatum"]}"), '')""")
    vol = sd.getal_sql(f'trim("{k["volume"]}")')
    tar = sd.getal_sql(f'trim("{k["tarief_eur"]}")')
    wet = f'upper(trim("{k["wet"]}"))'
    pc = f"lpad(trim(\"{k['productcategorie']}\"), 2, '0')"
    agb = f'trim("{k["aanbieder_agb"]}")'
    reden = f"""CASE
        WHEN NOT regexp_full_match({b}, '[0-9]{{9}}') OR ({elf}) % 11 <> 0
            THEN 'BSN voldoet niet aan de elfproef'
        WHEN t_ingangsdatum IS NULL THEN 'ongeldige ingangsdatum'
        WHEN nullif(trim("{k["einddatum"]}"), '') IS NOT NULL AND t_einddatum IS NULL
            THEN 'ongeldige einddatum'
        WHEN t_einddatum < t_ingangsdatum THEN 'einddatum ligt vóór ingangsdatum'
        WHEN t_volume IS NULL OR t_volume < 0 THEN 'negatief of onleesbaar volume'
        WHEN t_wet NOT IN ('WMO', 'JW') THEN 'onbekende wet'
        WHEN NOT (t_productcategorie IN ({wmo}) AND t_wet = 'WMO'
                  OR t_productcategorie IN ({jw}) AND t_wet = 'JW')
            THEN 'onbekende productcategorie'
        WHEN NOT regexp_full_match({agb}, '[0-9]{{6,8}}') THEN 'AGB-code moet 8 cijfers zijn'
    END"""
    kolommen = """toewijzingnummer, client_id, wet, productcategorie, productcode, aanbieder_agb,
        aanbieder_naam, ingangsdatum, einddatum, volume, eenheid, frequentie, tarief_eur"""
    # raw headers such as "Wet" clash with typed names (case-insensitive): typed are t_...
    als = ", ".join(f"t_{c} AS {c}" for c in kolommen.replace(",", " ").split())
    # typed columns and the reason in one table, in file order (rowid + 2 = row in the file)
    return [
        f"""CREATE TEMP TABLE tw AS SELECT {als}, {reden} AS reden FROM (
            SELECT *, trim("{k["toewijzingnummer"]}") AS t_toewijzingnummer,
            sha256('{sleutel}' || {b}) AS t_client_id, {wet} AS t_wet,
            {pc} AS t_productcategorie, trim("{k["productcode"]}") AS t_productcode,
            lpad({agb}, 8, '0') AS t_aanbieder_agb,
            trim("{k["aanbieder_naam"]}") AS t_aanbieder_naam, {start} AS t_ingangsdatum,
            {eind} AS t_einddatum, {vol} AS t_volume, trim("{k["eenheid"]}") AS t_eenheid,
            trim("{k["frequentie"]}") AS t_frequentie, {tar} AS t_tarief_eur
            FROM read_csv('{pad}', delim=';', header=true, all_varchar=true))""",
        f"""COPY (SELECT {kolommen}, rowid + 2 AS bronrij FROM tw WHERE reden IS NULL)
            TO '{out / "toewijzingen.parquet"}' (FORMAT parquet)""",
        f"""COPY (SELECT 'toewijzingen' AS tabel, rowid + 2 AS rij, reden FROM tw
            WHERE reden IS NOT NULL) TO '{out / "quarantaine.parquet"}' (FORMAT parquet)""",
        "CREATE TEMP TABLE tw_ok AS SELECT toewijzingnummer FROM tw WHERE reden IS NULL",
        "DROP TABLE tw",
    ]


def declaratiebestanden(map_: Path) -> list[Path]:
    """The raw declaraties files in ``map_`` (one per year)."""
    return sorted(Path(map_).glob("declaraties_*.csv"))


def draai_peer(map_: Path, out: Path) -> dict:
    """Run the DuckDB peer; returns accepted and rejected row counts per table."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for sql in _peer_sql(map_ / "toewijzingen_schaal.csv", out, _SLEUTEL):
        con.execute(sql)
    tellen = {"toewijzingen": (out / "toewijzingen.parquet", out / "quarantaine.parquet")}
    if paden := declaratiebestanden(map_):
        for sql in sd.peer_declaraties_sql(paden, "tw_ok", out):
            con.execute(sql)
        tellen["declaraties"] = (
            out / "declaraties.parquet",
            out / "quarantaine_declaraties.parquet",
        )
    uit = {}
    for tabel, (ok, q) in tellen.items():
        n_ok = con.execute(f"SELECT count(*) FROM '{ok}'").fetchone()[0]
        n_q = con.execute(
            f"SELECT count(DISTINCT (bronbestand_rij)) FROM (SELECT {_bestand_rij(q)} AS bronbestand_rij FROM '{q}')"
        ).fetchone()[0]
        uit[tabel] = {"geaccepteerd": int(n_ok), "geweigerd": int(n_q)}
    return uit


def _bestand_rij(q: Path) -> str:
    """Expression identifying a quarantined row (rows of one file or of several)."""
    return "bestand || ':' || rij" if "declaraties" in q.name else "rij"


def draai_bouw(raw: Path, out: Path) -> dict:
    """Run ``sdanalysis build`` (in this process); returns accepted/rejected rows per table."""
    from sdanalysis.cli import main

    if main(["build", "--raw", str(raw), "--out", str(out)]) != 0:
        raise SystemExit("bouw mislukt")
    kw = pd.read_parquet(out / "kwaliteit.parquet")
    som = kw.groupby("tabel")[["rijen_geaccepteerd", "rijen_geweigerd"]].sum()
    return {
        str(t): {
            "geaccepteerd": int(r["rijen_geaccepteerd"]),
            "geweigerd": int(r["rijen_geweigerd"]),
        }
        for t, r in som.iterrows()
        if t in ("toewijzingen", "declaraties")
    }


def piek_gib() -> float:
    """Peak resident memory of this process in GiB (``VmHWM``; ``ru_maxrss`` survives exec)."""
    try:
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1]) / 2**20
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _rss_gib(pid: int) -> float:
    """Memory of one process in GiB: its proportional share (``Pss``), else ``VmRSS``.

    ``Pss`` counts a page shared by the fork half in each process, so the sum over the
    processes is the memory they really take; 0 when the process is gone.
    """
    for bestand, veld in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for regel in Path(f"/proc/{pid}/{bestand}").read_text().splitlines():
                if regel.startswith(veld):
                    return int(regel.split()[1]) / 2**20
        except OSError:
            continue
    return 0.0


def _nakomelingen(pid: int) -> list[int]:
    """Child processes (and theirs) of ``pid``, from ``/proc/<pid>/task/*/children``."""
    uit: list[int] = []
    for taak in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kinderen = [int(k) for k in (taak / "children").read_text().split()]
        except (OSError, ValueError):
            continue
        for k in kinderen:
            uit += [k, *_nakomelingen(k)]
    return uit


class _Boompiek:
    """Peak of the summed resident memory of a process and its workers (sampled).

    The build checks batches in forked worker processes; ``VmHWM`` of the main process
    alone would not see them. The sampling runs in the benchmark's own process, outside
    the measured one (a sampling thread inside it took the interpreter lock from the build
    and made it 10-15 % slower). Every 250 ms: reading ``smaps_rollup`` walks the page
    tables of the measured processes and slows them down (every 100 ms cost a million-row
    build ~0,3 s). A batch is held for seconds, so its peak is seen; a shorter peak between
    two samples can be missed, so the report takes the larger of this and ``VmHWM``.
    """

    def __init__(self, pid: int, interval_s: float = 0.25) -> None:
        import threading

        self.piek = 0.0
        self._pid = pid
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._meet, args=(interval_s,), daemon=True)
        self._draad.start()

    def _meet(self, interval_s: float) -> None:
        while not self._stop.is_set():
            som = sum(_rss_gib(p) for p in [self._pid, *_nakomelingen(self._pid)])
            self.piek = max(self.piek, som)
            self._stop.wait(interval_s)

    def stop(self) -> float:
        """Stop sampling; the peak in GiB."""
        self._stop.set()
        self._draad.join()
        return self.piek


def _stap(args: argparse.Namespace) -> None:
    """One timed run in this (fresh) interpreter; prints JSON on the last line."""
    t = time.perf_counter()
    if args.stap == "peer":
        uit = {"tabellen": draai_peer(Path(args.map), Path(args.out))}
    else:
        uit = {"tabellen": draai_bouw(Path(args.map), Path(args.out))}
    uit["wand_s"] = time.perf_counter() - t
    uit["piek_gib"] = piek_gib()
    print(json.dumps(uit))


def _meet(stap: str, map_: Path, out: Path, omgeving: dict[str, str]) -> dict:
    """Run one step in a fresh interpreter; its memory is sampled from here."""
    cmd = [sys.executable, __file__, "--stap", stap, "--map", str(map_), "--out", str(out)]
    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **omgeving},
    ) as p:
        boom = _Boompiek(p.pid)
        stdout, stderr = p.communicate()
        piek = boom.stop()
    if p.returncode:
        raise SystemExit(f"{stap} mislukt:\n{stderr[-3000:]}")
    uit = json.loads(stdout.strip().splitlines()[-1])
    uit["piek_gib"] = max(uit["piek_gib"], piek)
    return uit


def _genereer(args: argparse.Namespace, map_: Path) -> None:
    """Write the raw files that are not in ``map_`` yet, and say how long it took."""
    pad = map_ / "toewijzingen_schaal.csv"
    tw_nodig = not pad.exists()
    d_nodig = args.declaraties > 0 and not declaratiebestanden(map_)
    if not (tw_nodig or d_nodig):
        return
    t = time.perf_counter()
    schrijf_ruw(args.n, map_, declaraties=args.declaraties if d_nodig else 0, toewijzingen=tw_nodig)
    grootte = sum(p.stat().st_size for p in [pad, *declaratiebestanden(map_)]) / 2**20
    print(
        f"gegenereerd in {map_}: {args.n:,} toewijzingen"
        + (" (opnieuw getrokken, niet geschreven)" if not tw_nodig else "")
        + (f", ~{args.declaraties:,} declaratieregels" if d_nodig else "")
        + f" in {time.perf_counter() - t:.1f} s; bronbestanden samen {grootte:,.0f} MiB"
    )


def _vergelijk(res: dict[str, dict]) -> list[str]:
    """WARNING lines where the build and the peer disagree on a table's counts."""
    b, d = res.get("bouw (snel)"), res["duckdb-peer"]
    if b is None:
        return []
    regels = []
    for tabel in sorted(set(b["tabellen"]) | set(d["tabellen"])):
        tb, td = b["tabellen"].get(tabel), d["tabellen"].get(tabel)
        if tb != td:
            regels.append(f"WARNING: {tabel}: bouw {tb} maar duckdb-peer {td}")
    return regels


def main(argv: list[str] | None = None) -> None:
    """Generate (unless present), then time the build and the DuckDB peer."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000, help="aantal toewijzingen")
    p.add_argument("--declaraties", type=int, default=0, help="aantal declaratieregels (ca.)")
    p.add_argument("--map", default=None, help="map voor de brongegevens")
    p.add_argument("--out", default=None, help=argparse.SUPPRESS)
    p.add_argument("--stap", choices=["bouw", "peer"], default=None, help=argparse.SUPPRESS)
    p.add_argument("--ook-oud", action="store_true", help="meet ook de bouw regel voor regel")
    p.add_argument("--alleen-peer", action="store_true", help="meet alleen de duckdb-peer")
    p.add_argument("--alleen-genereren", action="store_true", help="schrijf alleen de bestanden")
    args = p.parse_args(argv)
    os.environ.setdefault("SDANALYSIS_PSEUDONIEM_SLEUTEL", _SLEUTEL)
    if args.stap:
        _stap(args)
        return
    map_ = Path(
        args.map or Path(tempfile.gettempdir()) / f"bouw_schaal_{args.n}_{args.declaraties}"
    )
    _genereer(args, map_)
    if args.alleen_genereren:
        return
    uit = Path(tempfile.mkdtemp(prefix="bouw_schaal_uit_"))
    runs = []
    if not args.alleen_peer:
        runs.append(("bouw", "bouw (snel)", {"SDANALYSIS_BOUW_SNEL": "1"}))
        if args.ook_oud:
            runs.append(("bouw", "bouw (regel voor regel)", {"SDANALYSIS_BOUW_SNEL": "0"}))
    runs.append(("peer", "duckdb-peer", {}))
    res = {}
    for stap, naam, omgeving in runs:
        res[naam] = r = _meet(stap, map_, uit / naam.split()[0], omgeving)
        print(f"{naam:<26} wand {r['wand_s']:7.2f} s  piek {r['piek_gib']:5.2f} GiB")
        for tabel, t in r["tabellen"].items():
            print(
                f"  {tabel:<24} geaccepteerd {t['geaccepteerd']:>12,}  "
                f"geweigerd {t['geweigerd']:>9,}"
            )
    for regel in _vergelijk(res):
        print(regel)
    print(f"uitvoer in {uit}")
    d = res["duckdb-peer"]
    kop = f"n={args.n:,}"
    if dc := d["tabellen"].get("declaraties"):
        kop += f" declaraties={dc['geaccepteerd'] + dc['geweigerd']:,}"
    if "bouw (snel)" not in res:
        print(f"{kop} duckdb {d['wand_s']:.2f} s / {d['piek_gib']:.2f} GiB, verhouding n.v.t.")
        return
    b = res["bouw (snel)"]
    print(
        f"{kop} bouw {b['wand_s']:.2f} s / {b['piek_gib']:.2f} GiB, duckdb "
        f"{d['wand_s']:.2f} s / {d['piek_gib']:.2f} GiB, verhouding {b['wand_s'] / d['wand_s']:.2f}"
    )


if __name__ == "__main__":
    main()
