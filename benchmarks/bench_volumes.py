"""Benchmark: monthly stock / instroom / uitstroom per categorie, sdanalysis vs DuckDB SQL.

For each ``--n`` the script writes ``n`` synthetic allocations
(``benchmarks/groot.py``, :func:`groot.genereer_toewijzingen_groot`) to parquet, then runs each engine in
its own subprocess so the peak memory (``ru_maxrss`` from ``os.wait4``) belongs to that
engine alone. Timed per engine: reading the parquet file plus the whole computation
(2015-01 .. 2024-12, per categorie). Both engines use the same semantics (overlapping and
back-to-back allocations of one client in one categorie merged; stock on the first of the
month; events, no month expansion) and the script checks that the results are identical.

The DuckDB formulation is the fastest event formulation we found (about 30% faster than
grouping episodes by a running-sum episode id): one window sort per (client, categorie)
flags episode starts (start > running max of earlier ends + 1) and episode ends (next
start > running max end + 1); then +1 at the first month whose first day is covered and
-1 the month after the last day, and a cumulative window sum over months.

Usage::

    python benchmarks/bench_volumes.py --n 1000000 --n 10000000 [--herhaal 3]

Each engine runs ``--herhaal`` times, interleaved; the fastest run counts (the machine may
be shared, and the minimum is the least disturbed measurement). Peak memory is the
largest of the runs. The last line prints the ratio sdanalysis / DuckDB of the wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = "2015-01"
EIND = "2024-12"
KOLOMMEN = ["client_id", "categorie", "ingangsdatum", "einddatum"]

#: DuckDB event formulation with the same merge semantics as sdanalysis.analyse.volumes.
DUCKDB_SQL = """
WITH t AS (
    SELECT client_id, categorie,
           CAST(ingangsdatum AS DATE) AS s,
           coalesce(CAST(einddatum AS DATE), DATE '9000-01-01') AS e
    FROM read_parquet($pad)
),
-- One sort per (client, categorie): a row starts an episode when it begins more than one
-- day after every earlier end; it ends one when the next row begins more than one day
-- after the running maximum end (back-to-back allocations are merged).
w AS (
    SELECT categorie, client_id, s, e,
           (vm_vorig IS NULL OR s > vm_vorig + 1) AS ep_start,
           (s_volgend IS NULL OR s_volgend > vm + 1) AS ep_eind,
           vm
    FROM (
        SELECT client_id, categorie, s, e,
               max(e) OVER (PARTITION BY client_id, categorie ORDER BY s
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS vm_vorig,
               max(e) OVER (PARTITION BY client_id, categorie ORDER BY s
                            ROWS UNBOUNDED PRECEDING) AS vm,
               lead(s) OVER (PARTITION BY client_id, categorie ORDER BY s) AS s_volgend
        FROM t
    )
),
-- Stock events: +1 at the first month whose first day is covered, -1 in the month after
-- the month of the last day; events before the window collapse onto its first month.
ev AS (
    SELECT categorie,
           greatest(CASE WHEN day(s) = 1 THEN date_trunc('month', s)
                         ELSE date_trunc('month', s) + INTERVAL 1 MONTH END,
                    CAST($start AS DATE)) AS maand,
           CAST(ep_start AS INTEGER) AS d_ep, 1 AS d_tw
    FROM w
    UNION ALL
    SELECT categorie,
           greatest(date_trunc('month', e) + INTERVAL 1 MONTH, CAST($start AS DATE)),
           0, -1
    FROM w WHERE e < DATE '9000-01-01'
    UNION ALL
    SELECT categorie,
           greatest(date_trunc('month', vm) + INTERVAL 1 MONTH, CAST($start AS DATE)),
           -1, 0
    FROM w WHERE ep_eind AND vm < DATE '9000-01-01'
),
d AS (
    SELECT categorie, CAST(maand AS DATE) AS maand, sum(d_ep) AS d_ep, sum(d_tw) AS d_tw
    FROM ev GROUP BY ALL
),
instroom AS (
    SELECT categorie, CAST(date_trunc('month', s) AS DATE) AS maand,
           count(DISTINCT client_id) AS instroom_clienten
    FROM w WHERE ep_start GROUP BY ALL
),
uitstroom AS (
    SELECT categorie, CAST(date_trunc('month', vm) AS DATE) AS maand,
           count(DISTINCT client_id) AS uitstroom_clienten
    FROM w WHERE ep_eind AND vm < DATE '9000-01-01' GROUP BY ALL
),
maanden AS (
    SELECT CAST(m AS DATE) AS maand
    FROM range(CAST($start AS DATE), CAST($eind AS DATE) + INTERVAL 1 DAY,
               INTERVAL 1 MONTH) r(m)
),
rooster AS (
    SELECT maand, categorie FROM maanden CROSS JOIN (SELECT DISTINCT categorie FROM d)
)
SELECT r.maand AS periode_maand, r.categorie,
       sum(coalesce(d.d_ep, 0)) OVER (PARTITION BY r.categorie ORDER BY r.maand)
           AS aantal_clienten,
       coalesce(i.instroom_clienten, 0) AS instroom_clienten,
       coalesce(u.uitstroom_clienten, 0) AS uitstroom_clienten,
       sum(coalesce(d.d_tw, 0)) OVER (PARTITION BY r.categorie ORDER BY r.maand)
           AS aantal_toewijzingen
FROM rooster r
LEFT JOIN d ON d.categorie = r.categorie AND d.maand = r.maand
LEFT JOIN instroom i ON i.categorie = r.categorie AND i.maand = r.maand
LEFT JOIN uitstroom u ON u.categorie = r.categorie AND u.maand = r.maand
ORDER BY r.categorie, r.maand
"""


def draai_sdanalysis(pad: str) -> tuple[object, float]:
    """Read the parquet and compute the monthly volumes with sdanalysis."""
    import pandas as pd

    from sdanalysis.analyse.volumes import maandvolumes

    t0 = time.perf_counter()
    df = pd.read_parquet(pad, columns=KOLOMMEN)
    uit = maandvolumes(df, ("categorie",), start=START, eind=EIND)
    return uit, time.perf_counter() - t0


def draai_duckdb(pad: str) -> tuple[object, float]:
    """The same figures with one DuckDB SQL query over the parquet file."""
    import duckdb

    t0 = time.perf_counter()
    con = duckdb.connect()
    # The start of the window has to be the first of a month (e.g. 2015-01-01).
    eind_dag = f"{EIND}-01"
    uit = con.execute(DUCKDB_SQL, {"pad": pad, "start": f"{START}-01", "eind": eind_dag}).df()
    return uit, time.perf_counter() - t0


def _vmhwm_gib() -> float:
    """Peak resident memory of this process (VmHWM; reset at exec, Linux only)."""
    try:
        for regel in Path("/proc/self/status").read_text().splitlines():
            if regel.startswith("VmHWM:"):
                return int(regel.split()[1]) * 1024 / 2**30
    except OSError:
        pass
    return float("nan")


def _kind(engine: str, pad: str, resultaat: str) -> None:
    """Child process: run one engine, write its result and timing."""
    fn = draai_sdanalysis if engine == "sdanalysis" else draai_duckdb
    uit, sec = fn(pad)
    hwm = _vmhwm_gib()  # before writing the result, which is not part of the work
    uit.to_parquet(resultaat, index=False)
    Path(resultaat + ".json").write_text(json.dumps({"seconden": sec, "vmhwm_gib": hwm}))


def _start_kind(engine: str, pad: str, resultaat: str) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--kind", engine, "--pad", pad, "--resultaat", resultaat]
    )
    _, status, gebruik = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{engine} faalde met code {proc.returncode}")
    info = json.loads(Path(resultaat + ".json").read_text())
    info["proces_seconden"] = time.perf_counter() - t0
    # ru_maxrss (KiB on Linux) of this child alone; the parent stays small (generation and
    # comparison also run in children), so the value inherited over fork/exec is negligible.
    info["piek_gib"] = gebruik.ru_maxrss * 1024 / 2**30
    return info


def _schrijf_groot(n: int, pad: Path, seed: int) -> None:
    """Write the allocations with ``groot.py`` in a fresh interpreter (the parent stays small)."""
    groot = Path(__file__).with_name("groot.py")
    opdracht = [sys.executable, str(groot), "--n", str(n), "--pad", str(pad), "--seed", str(seed)]
    subprocess.run(opdracht, check=True)


def _vergelijk(a_pad: str, b_pad: str) -> int:
    """Number of differing cells between the two results (0 = identical)."""
    import pandas as pd

    kol = [
        "periode_maand",
        "categorie",
        "aantal_clienten",
        "instroom_clienten",
        "uitstroom_clienten",
        "aantal_toewijzingen",
    ]
    a = pd.read_parquet(a_pad)[kol]
    b = pd.read_parquet(b_pad)[kol]
    for df in (a, b):
        df["periode_maand"] = pd.to_datetime(df["periode_maand"]).astype("datetime64[us]")
        df["categorie"] = df["categorie"].astype(str)
        for k in kol[2:]:
            df[k] = df[k].astype("int64")
    a = a.sort_values(["categorie", "periode_maand"]).reset_index(drop=True)
    b = b.sort_values(["categorie", "periode_maand"]).reset_index(drop=True)
    if a.shape != b.shape:
        return max(len(a), len(b)) * len(kol)
    return int((a != b).to_numpy().sum())


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, action="append", help="aantal toewijzingen (herhaalbaar)")
    p.add_argument("--seed", type=int, default=20190417)
    p.add_argument(
        "--herhaal",
        type=int,
        default=3,
        help="runs per engine, afwisselend; de snelste telt (de machine is gedeeld)",
    )
    p.add_argument("--map", default=None, help="map voor de parquetbestanden (standaard tijdelijk)")
    p.add_argument("--kind", choices=["sdanalysis", "duckdb"], help=argparse.SUPPRESS)
    p.add_argument("--pad", help=argparse.SUPPRESS)
    p.add_argument("--resultaat", help=argparse.SUPPRESS)
    p.add_argument("--vergelijk", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.vergelijk:
        print(_vergelijk(*args.vergelijk))
        return
    if args.kind:
        _kind(args.kind, args.pad, args.resultaat)
        return

    ns = args.n or [1_000_000]
    with tempfile.TemporaryDirectory(prefix="bench_volumes_") as tmp:
        map_ = Path(args.map) if args.map else Path(tmp)
        map_.mkdir(parents=True, exist_ok=True)
        laatste = None
        for n in ns:
            pad = map_ / f"toewijzingen_{n}_{args.seed}.parquet"
            if not pad.exists():
                t0 = time.perf_counter()
                _schrijf_groot(n, pad, args.seed)
                print(f"n={n:,}: parquet geschreven in {time.perf_counter() - t0:.1f} s ({pad})")
            runs: dict[str, list[dict]] = {"sdanalysis": [], "duckdb": []}
            for _ in range(max(1, args.herhaal)):
                for engine in runs:  # interleaved, so load from others hits both engines
                    uitpad = str(Path(tmp) / f"{engine}_{n}.parquet")
                    runs[engine].append(_start_kind(engine, str(pad), uitpad))
            res = {}
            for engine, lijst in runs.items():
                res[engine] = min(lijst, key=lambda r: r["seconden"])
                alle = ", ".join(f"{r['seconden']:.2f}" for r in lijst)
                print(
                    f"n={n:,} {engine:10s}: {res[engine]['seconden']:6.2f} s snelste van "
                    f"[{alle}] (proces incl. opstart {res[engine]['proces_seconden']:.2f} s), "
                    f"piekgeheugen {max(r['piek_gib'] for r in lijst):.2f} GiB "
                    f"(VmHWM {max(r['vmhwm_gib'] for r in lijst):.2f} GiB)"
                )
            a, b = (str(Path(tmp) / f"{e}_{n}.parquet") for e in ("sdanalysis", "duckdb"))
            uit = subprocess.run(
                [sys.executable, __file__, "--vergelijk", a, b],
                check=True,
                capture_output=True,
                text=True,
            )
            verschil = int(uit.stdout.strip().splitlines()[-1])
            print(
                f"n={n:,} resultaten identiek: {'ja' if verschil == 0 else f'NEE ({verschil} cellen)'}"
            )
            if verschil:
                raise SystemExit(1)
            laatste = (
                n,
                res["sdanalysis"]["seconden"] / res["duckdb"]["seconden"],
                max(r["piek_gib"] for r in runs["sdanalysis"]),
                max(r["piek_gib"] for r in runs["duckdb"]),
            )
        n, ratio, piek_s, piek_d = laatste
        print(
            f"n={n:,} verhouding sdanalysis/DuckDB wandkloktijd = {ratio:.2f} "
            f"(piek {piek_s:.2f} vs {piek_d:.2f} GiB)"
        )


if __name__ == "__main__":
    main()
