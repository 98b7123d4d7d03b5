"""The build at scale: ``sdanalysis build`` against a DuckDB peer on the same raw CSV.

Everything here is SYNTHETIC. :func:`schrijf_ruw` writes millions of toewijzingen in the
raw shape of the demo exports (old-system headers, ``;``, ``dd-mm-jjjj`` dates, decimal
commas, valid BSNs) with a small share of bad rows (elfproef, impossible date, unknown
productcategorie, negative volume, einddatum before ingangsdatum, short AGB code). Then,
each in a fresh interpreter, it times:

- ``sdanalysis build --raw <map>`` (the fast path; ``--ook-oud`` also the row-by-row path);
- a DuckDB peer: ``read_csv`` as text, the same checks in SQL, a keyed hash of the BSN,
  accepted rows to parquet and rejected rows with their reason to parquet.

It prints wall time and peak memory (``ru_maxrss``) per run; the last line holds the ratio
build / DuckDB. Run::

    python benchmarks/bouw_schaal.py --n 1000000 [--map /tmp/bouw_schaal] [--ook-oud]

>>> tw = _toewijzingen_ruw(1_000, np.random.default_rng(1), 0)
>>> list(tw.columns)[:3], len(tw)
(['Beschikkingnummer', 'BSN', 'Wet'], 1000)
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

from groot import genereer_toewijzingen_groot  # noqa: E402

from sdanalysis import codes as codemod  # noqa: E402
from sdanalysis.demo.model import productcodes_tabel  # noqa: E402
from sdanalysis.demo.vervuil import KOP_TOEWIJZINGEN_OUD  # noqa: E402

#: Rows per generated chunk (bounds the generator's memory).
BLOK = 1_000_000
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


def _toewijzingen_ruw(n: int, rng: np.random.Generator, start: int) -> pd.DataFrame:
    """One chunk of toewijzingen as the old system exports them (all text)."""
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
    return tw


def _schrijf_csv(df: pd.DataFrame, pad: Path, kop: bool) -> None:
    tabel = pa.Table.from_pandas(df.astype(str), preserve_index=False)
    opties = pacsv.WriteOptions(include_header=kop, delimiter=";", quoting_style="none")
    with pad.open("ab") as f:
        pacsv.write_csv(tabel, f, write_options=opties)


def schrijf_ruw(n: int, map_: Path, seed: int = 20190417) -> Path:
    """Write ``n`` raw toewijzingen (one CSV, in chunks) and the productcodes to ``map_``."""
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / "toewijzingen_schaal.csv"
    pad.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    for start in range(0, n, BLOK):
        _schrijf_csv(_toewijzingen_ruw(min(BLOK, n - start), rng, start + 1), pad, start == 0)
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
    start = f"""try_strptime(trim("{k["ingangsdatum"]}"), '%d-%m-%Y')"""
    eind = f"""try_strptime(nullif(trim("{k["einddatum"]}"), ''), '%d-%m-%Y')"""
    vol = f"""try_cast(replace(trim("{k["volume"]}"), ',', '.') AS DOUBLE)"""
    tar = f"""try_cast(replace(trim("{k["tarief_eur"]}"), ',', '.') AS DOUBLE)"""
    wet = f'upper(trim("{k["wet"]}"))'
    pc = f"lpad(trim(\"{k['productcategorie']}\"), 2, '0')"
    agb = f'trim("{k["aanbieder_agb"]}")'
    reden = f"""CASE
        WHEN NOT regexp_full_match({b}, '[0-9]{{9}}') OR ({elf}) % 11 <> 0
            THEN 'BSN voldoet niet aan de elfproef'
        WHEN {start} IS NULL THEN 'ongeldige ingangsdatum'
        WHEN nullif(trim("{k["einddatum"]}"), '') IS NOT NULL AND {eind} IS NULL
            THEN 'ongeldige einddatum'
        WHEN {eind} < {start} THEN 'einddatum ligt vóór ingangsdatum'
        WHEN {vol} IS NULL OR {vol} < 0 THEN 'negatief of onleesbaar volume'
        WHEN {wet} NOT IN ('WMO', 'JW') THEN 'onbekende wet'
        WHEN NOT ({pc} IN ({wmo}) AND {wet} = 'WMO' OR {pc} IN ({jw}) AND {wet} = 'JW')
            THEN 'onbekende productcategorie'
        WHEN NOT regexp_full_match({agb}, '[0-9]{{6,8}}') THEN 'AGB-code moet 8 cijfers zijn'
    END"""
    return [
        f"""CREATE TEMP TABLE ruw AS SELECT row_number() OVER () + 1 AS bronrij, *,
            {reden} AS reden
            FROM read_csv('{pad}', delim=';', header=true, all_varchar=true)""",
        f"""COPY (SELECT trim("{k["toewijzingnummer"]}") AS toewijzingnummer,
            sha256('{sleutel}' || {b}) AS client_id, {wet} AS wet, {pc} AS productcategorie,
            trim("{k["productcode"]}") AS productcode, lpad({agb}, 8, '0') AS aanbieder_agb,
            trim("{k["aanbieder_naam"]}") AS aanbieder_naam, {start} AS ingangsdatum,
            {eind} AS einddatum, {vol} AS volume, trim("{k["eenheid"]}") AS eenheid,
            trim("{k["frequentie"]}") AS frequentie, {tar} AS tarief_eur, bronrij
            FROM ruw WHERE reden IS NULL) TO '{out / "toewijzingen.parquet"}' (FORMAT parquet)""",
        f"""COPY (SELECT 'toewijzingen' AS tabel, bronrij AS rij, reden FROM ruw
            WHERE reden IS NOT NULL) TO '{out / "quarantaine.parquet"}' (FORMAT parquet)""",
    ]


def draai_peer(pad: Path, out: Path) -> dict:
    """Run the DuckDB peer; returns accepted and rejected row counts."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for sql in _peer_sql(pad, out, _SLEUTEL):
        con.execute(sql)
    n_ok = con.execute(f"SELECT count(*) FROM '{out / 'toewijzingen.parquet'}'").fetchone()[0]
    n_q = con.execute(f"SELECT count(*) FROM '{out / 'quarantaine.parquet'}'").fetchone()[0]
    return {"geaccepteerd": int(n_ok), "geweigerd": int(n_q)}


def draai_bouw(raw: Path, out: Path) -> dict:
    """Run ``sdanalysis build`` (in this process); returns accepted and rejected counts."""
    from sdanalysis.cli import main

    if main(["build", "--raw", str(raw), "--out", str(out)]) != 0:
        raise SystemExit("bouw mislukt")
    verslag = json.loads((out / "bouwverslag.json").read_text(encoding="utf-8"))
    return {
        "geaccepteerd": verslag["tabellen"]["toewijzingen"],
        "geweigerd": verslag["rijen_geweigerd"],
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


def _stap(args: argparse.Namespace) -> None:
    """One timed run in this (fresh) interpreter; prints JSON on the last line."""
    t = time.perf_counter()
    if args.stap == "peer":
        uit = draai_peer(Path(args.map) / "toewijzingen_schaal.csv", Path(args.out))
    else:
        uit = draai_bouw(Path(args.map), Path(args.out))
    uit["wand_s"] = time.perf_counter() - t
    uit["piek_gib"] = piek_gib()
    print(json.dumps(uit))


def _meet(stap: str, map_: Path, out: Path, omgeving: dict[str, str]) -> dict:
    cmd = [sys.executable, __file__, "--stap", stap, "--map", str(map_), "--out", str(out)]
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **omgeving})
    if p.returncode:
        raise SystemExit(f"{stap} mislukt:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Generate (unless present), then time the build and the DuckDB peer."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1_000_000, help="aantal toewijzingen")
    p.add_argument("--map", default=None, help="map voor de brongegevens")
    p.add_argument("--out", default=None, help=argparse.SUPPRESS)
    p.add_argument("--stap", choices=["bouw", "peer"], default=None, help=argparse.SUPPRESS)
    p.add_argument("--ook-oud", action="store_true", help="meet ook de bouw regel voor regel")
    args = p.parse_args(argv)
    os.environ.setdefault("SDANALYSIS_PSEUDONIEM_SLEUTEL", _SLEUTEL)
    if args.stap:
        _stap(args)
        return
    map_ = Path(args.map or Path(tempfile.gettempdir()) / f"bouw_schaal_{args.n}")
    pad = map_ / "toewijzingen_schaal.csv"
    if not pad.exists():
        t = time.perf_counter()
        schrijf_ruw(args.n, map_)
        print(
            f"gegenereerd: {args.n:,} toewijzingen in {time.perf_counter() - t:.1f} s, "
            f"{pad.stat().st_size / 2**20:.0f} MiB"
        )
    uit = Path(tempfile.mkdtemp(prefix="bouw_schaal_uit_"))
    runs = [("bouw", "bouw (snel)", {"SDANALYSIS_BOUW_SNEL": "1"})]
    if args.ook_oud:
        runs.append(("bouw", "bouw (regel voor regel)", {"SDANALYSIS_BOUW_SNEL": "0"}))
    runs.append(("peer", "duckdb-peer", {}))
    res = {}
    for stap, naam, omgeving in runs:
        res[naam] = r = _meet(stap, map_, uit / naam.split()[0], omgeving)
        print(
            f"{naam:<26} wand {r['wand_s']:7.2f} s  piek {r['piek_gib']:5.2f} GiB  "
            f"geaccepteerd {r['geaccepteerd']:,}  geweigerd {r['geweigerd']:,}"
        )
    b, d = res["bouw (snel)"], res["duckdb-peer"]
    print(
        f"n={args.n:,} bouw {b['wand_s']:.2f} s / {b['piek_gib']:.2f} GiB, duckdb "
        f"{d['wand_s']:.2f} s / {d['piek_gib']:.2f} GiB, verhouding {b['wand_s'] / d['wand_s']:.2f}"
    )


if __name__ == "__main__":
    main()
