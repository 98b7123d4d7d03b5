"""Benchmark: reading iJw/iWmo messages (zip archives) into the tables, schema validation included.

The demo gemeente is written as messages with :func:`sdanalysis.demo.berichten.schrijf_berichten`
(one zip archive per year, loose messages inside) at a size that gives about ``--berichten``
messages; then each measurement runs in its own subprocess, so the peak memory (``ru_maxrss``
from ``os.wait4``) belongs to that step alone:

- ``schema``: stream every member, parse it and validate it against its XSD (lxml), nothing else;
- ``lezen``: the whole reader (:func:`sdanalysis.bronnen.berichten.lees_berichtenmappen`):
  parse, validate, cut into units, type through the contract, pseudonymise, supersede 301
  versions, apply StatusAanlevering.

Usage::

    python benchmarks/berichten.py --berichten 100000 [--map /tmp/berichten-bench]

The messages are written once into ``--map`` (in a child process too) and reused by later
runs. Peak memory includes the interpreter with pandas and lxml loaded (about 110 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

#: Messages per client of the demo (315, 301, 305, 307 per toewijzing; 323 per aanbieder-jaar).
BERICHTEN_PER_CLIENT = 7.5


def _schrijf(map_: Path, berichten: int) -> None:
    from sdanalysis.demo.berichten import schrijf_berichten

    clients = max(200, round(berichten / BERICHTEN_PER_CLIENT))
    start = time.perf_counter()
    aantallen = schrijf_berichten(map_, clients=clients, zip_per_jaar=True)
    print(
        f"geschreven: {sum(aantallen.values()):,} berichten in {time.perf_counter() - start:.0f} s".replace(
            ",", "."
        )
    )


def _stap_schema(map_: Path) -> dict:
    from lxml import etree

    from sdanalysis.bronnen.berichten.lezen import berichten_in
    from sdanalysis.bronnen.berichten.schema import berichttype, laad_schema, valideer

    n = fouten = 0
    for pad in sorted(map_.glob("berichten_*.zip")):
        for _naam, stroom, _ in berichten_in(pad, pad.name):
            boom = etree.parse(stroom, etree.XMLParser(resolve_entities=False, no_network=True))
            fouten += bool(valideer(boom, laad_schema(berichttype(boom.getroot().tag))))
            n += 1
    return {"berichten": n, "met_schemafout": fouten}


def _stap_lezen(map_: Path) -> dict:
    from sdanalysis.bronnen.berichten import lees_berichtenmappen

    uitkomst, _ = lees_berichtenmappen([map_], b"benchmark-sleutel-niet-geheim-0123456789")
    rijen = {n: sum(r.rijen_geaccepteerd for r in ls) for n, ls in uitkomst.resultaten.items()}
    return {"berichten": int(uitkomst.telling["aantal_berichten"].sum()), "rijen": rijen}


def _meet(stap: str, map_: Path) -> dict:
    """Run one step in a child process; wall time and its peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--stap", stap, "--map", str(map_)],
        stdout=subprocess.PIPE,
        text=True,
    )
    uit = proc.stdout.read() if proc.stdout else ""
    _, status, gebruik = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"stap {stap} mislukt")
    res = json.loads(uit.strip().splitlines()[-1])
    res["seconden"] = time.perf_counter() - start
    res["piek_mb"] = gebruik.ru_maxrss / 1024
    return res


def main() -> None:
    """Write the messages (once), then measure each step in its own process."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--berichten", type=int, default=100_000)
    p.add_argument("--map", default="/tmp/berichten-bench")
    p.add_argument("--stap", choices=["schrijf", "schema", "lezen"], help=argparse.SUPPRESS)
    a = p.parse_args()
    map_ = Path(a.map)
    if a.stap == "schrijf":
        _schrijf(map_, a.berichten)
        return
    if a.stap:
        print(json.dumps(_stap_schema(map_) if a.stap == "schema" else _stap_lezen(map_)))
        return
    map_.mkdir(parents=True, exist_ok=True)
    if not any(map_.glob("berichten_*.zip")):
        # in a child process: a forked child inherits the parent's peak memory (ru_maxrss)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--stap",
                "schrijf",
                "--map",
                str(map_),
                "--berichten",
                str(a.berichten),
            ],
            check=True,
        )
    grootte = sum(p.stat().st_size for p in map_.glob("berichten_*.zip")) / 2**20
    leden = sum(len(zipfile.ZipFile(p).namelist()) for p in map_.glob("berichten_*.zip"))
    print(f"{leden:,} berichten in zip-archieven van samen {grootte:.0f} MB".replace(",", "."))
    for stap in ("schema", "lezen"):
        r = _meet(stap, map_)
        per_s = r["berichten"] / r["seconden"]
        print(
            f"{stap:<7} {r['berichten']:>8} berichten  {r['seconden']:7.1f} s  "
            f"{per_s:8.0f} berichten/s  piekgeheugen {r['piek_mb']:6.0f} MB  "
            + json.dumps({k: v for k, v in r.items() if k in ("rijen", "met_schemafout")})
        )


if __name__ == "__main__":
    main()
