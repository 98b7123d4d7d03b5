"""A small seeded run of ``benchmarks/bouw_schaal.py``: the script ``make bench`` runs at scale.

The benchmark generates raw toewijzingen and declaraties in the demo generator's messy
shape, builds them with ``sdanalysis build`` and with the DuckDB peer (each in a fresh
process, memory sampled from outside) and prints the ratio on its last line. Here it runs
on 12.000 toewijzingen and ~30.000 declaratie lines, streamed in batches of 5.000 rows over
worker processes, so the streamed build, the peer and the report of the script are all
exercised; the timings themselves are not tested.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bouw_schaal.py"


def _tellingen(uitvoer: str, kop: str) -> dict[str, tuple[int, int]]:
    """Accepted and rejected rows per table, from the block of one run in the report."""
    blok = uitvoer.split(kop, 1)[1].splitlines()[1:]
    uit = {}
    for regel in blok:
        m = re.match(r"\s+(\w+)\s+geaccepteerd\s+([\d,]+)\s+geweigerd\s+([\d,]+)", regel)
        if not m:
            break
        uit[m[1]] = (int(m[2].replace(",", "")), int(m[3].replace(",", "")))
    return uit


def test_bouw_schaal_klein_bouw_en_peer_tellen_gelijk(tmp_path: Path) -> None:
    omgeving = {
        **os.environ,
        "SDANALYSIS_BOUW_STROOM_MB": "0",  # stream every table, as at national scale
        "SDANALYSIS_BOUW_STUK_RIJEN": "5000",
        "SDANALYSIS_BOUW_WERKERS": "2",
        "TMPDIR": str(tmp_path),  # the script's output folder lands here
    }
    p = subprocess.run(
        [sys.executable, str(SCRIPT), "--n", "12000", "--declaraties", "30000"]
        + ["--map", str(tmp_path / "ruw")],
        capture_output=True,
        text=True,
        env=omgeving,
        timeout=600,
    )
    assert p.returncode == 0, p.stderr[-3000:]
    assert "WARNING" not in p.stdout
    bouw = _tellingen(p.stdout, "bouw (snel)")
    peer = _tellingen(p.stdout, "duckdb-peer")
    assert set(bouw) == {"toewijzingen", "declaraties"}
    assert bouw == peer
    # the generator puts deliberate errors in: both sides reject rows, and accept most
    for geaccepteerd, geweigerd in bouw.values():
        assert geweigerd > 0 and geaccepteerd > 10 * geweigerd
    laatste = p.stdout.strip().splitlines()[-1]
    m = re.fullmatch(
        r"n=12,000 declaraties=([\d,]+) bouw ([\d.]+) s / ([\d.]+) GiB, duckdb ([\d.]+) s / "
        r"([\d.]+) GiB, verhouding ([\d.]+)",
        laatste,
    )
    assert m, laatste
    assert int(m[1].replace(",", "")) == sum(bouw["declaraties"])
    b, d, verhouding = float(m[2]), float(m[4]), float(m[6])
    # the ratio of the unrounded times: within what rounding to 0,01 s allows
    assert (b - 0.005) / (d + 0.005) - 0.005 <= verhouding <= (b + 0.005) / (d - 0.005) + 0.005
    assert all(float(m[i]) > 0 for i in (3, 5))  # memory was measured for both
