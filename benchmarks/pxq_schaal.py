"""P × Q at national scale: ``pxq_cellen_parquet`` against a DuckDB SQL peer.

Everything here is SYNTHETIC. :func:`schrijf_gekoppeld` writes N declaratie lines (default
50 million) in the shape of the processed table ``declaraties_gekoppeld`` (every declaratie
joined to its toewijzing; see ``sdanalysis/bouw/verrijken.py``) to one parquet file, in
seeded chunks through ``pyarrow.parquet.ParquetWriter`` so memory stays bounded: ten years,
ten monthly lines per toewijzing, one client per 50 lines, 2.000 aanbieders with skewed
sizes, 2 % credit lines and 0,2 % declaraties without toewijzing (``(onbekend)`` labels).

Then, each in a fresh interpreter, it times the P × Q cells per jaar × wet × categorie ×
aanbieder (the cells of notebook 04):

- ``sdanalysis``: :func:`sdanalysis.analyse.pxq.pxq_cellen_parquet` on the file;
- ``duckdb-peer``: the same cells written directly in DuckDB SQL (amount, clients with a
  positive net amount, lines), ``sum`` in doubles;
- ``pandas`` (``--ook-pandas``): ``pd.read_parquet`` of the needed columns and
  :func:`sdanalysis.analyse.pxq.pxq_cellen`, for reference at small N.

Every run writes its cells; they are compared cell by cell (keys, clients and lines exactly,
amounts as the largest absolute difference in euros). It prints wall time and peak memory
(``VmHWM``) per run; the last line holds the ratio sdanalysis / peer. Run::

    python benchmarks/pxq_schaal.py --n 50000000 [--map /tmp/pxq_schaal] [--herhaal 2]

>>> t = _blok(0, 1_000, _pools(1_000, 7), 7)
>>> t.num_rows, t.schema.names[:3]
(1000, ['toewijzingnummer', 'periode_start', 'periode_eind'])
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sdanalysis.contracts import ONBEKEND

sys.path.insert(0, str(Path(__file__).parent))
from bouw_schaal import piek_gib  # noqa: E402  (one measure of peak memory)

from sdanalysis.demo.model import productcodes_tabel

#: Lines per generated chunk (bounds the generator's memory); a multiple of :data:`REGELS`.
BLOK = 1_000_000
#: Monthly declaratie lines per toewijzing.
REGELS = 10
#: Declaratie lines per client (over all years).
REGELS_PER_CLIENT = 50
AANBIEDERS = 2_000
JAREN = np.arange(2015, 2025)
AANDEEL_CREDIT = 0.02
AANDEEL_ONGEKOPPELD = 0.002
NIVEAUS = ("wet", "categorie", "aanbieder_agb")

SCHEMA = pa.schema(
    [
        ("toewijzingnummer", pa.large_string()),
        ("periode_start", pa.timestamp("ns")),
        ("periode_eind", pa.timestamp("ns")),
        ("geleverd_volume", pa.float64()),
        ("eenheid", pa.large_string()),
        ("bedrag_eur", pa.float64()),
        ("bronbestand", pa.large_string()),
        ("bronrij", pa.int64()),
        ("client_id", pa.large_string()),
        ("wet", pa.large_string()),
        ("productcategorie", pa.large_string()),
        ("productcode", pa.large_string()),
        ("categorie", pa.large_string()),
        ("taakveld", pa.large_string()),
        ("aanbieder_agb", pa.large_string()),
        ("aanbieder_naam", pa.large_string()),
        ("jaar", pa.int64()),
        ("gekoppeld", pa.bool_()),
    ]
)


# --------------------------------------------------------------------------- generate


def _pools(n: int, seed: int) -> dict[str, object]:
    """Clients, aanbieders and products shared by all chunks (seeded)."""
    rng = np.random.default_rng([seed, 0])
    n_clienten = max(100, n // REGELS_PER_CLIENT)
    letters = rng.integers(ord("a"), ord("z") + 1, size=(n_clienten, 16), dtype=np.uint8)
    clienten = np.char.add("P", letters.view("S16").ravel().astype(str))
    agb = np.char.add("7503", np.char.zfill(np.arange(AANBIEDERS).astype(str), 4))
    namen = np.array([f"Zorgaanbieder {i:04d} BV" for i in range(AANBIEDERS)])
    gewicht = 1.0 / (np.arange(AANBIEDERS) + 10.0)
    prod = productcodes_tabel()
    prod = prod[prod["productcode"].astype(str).str.len() > 0].reset_index(drop=True)
    verblijf = prod["categorie"].str.contains("Verblijf", regex=False)
    return {
        "client": pa.array(clienten, pa.large_string()),
        "agb": pa.array(agb, pa.large_string()),
        "naam": pa.array(namen, pa.large_string()),
        "p_aanbieder": gewicht / gewicht.sum(),
        "prod": {k: pa.array(prod[k].astype(str), pa.large_string()) for k in prod.columns},
        "eenheid": pa.array(np.where(verblijf, "14", "04"), pa.large_string()),
        "tarief": rng.uniform(35.0, 95.0, size=len(prod)) * np.where(verblijf, 4.0, 1.0),
        "bron": pa.array([f"declaraties_{j}.csv" for j in JAREN], pa.large_string()),
    }


def _onbekend_waar(los: pa.Array, kolom: pa.Array, waarde: str | None) -> pa.Array:
    vervang = pa.scalar(waarde, pa.large_string())
    return pc.if_else(los, vervang, kolom)


def _blok(start: int, stop: int, pools: dict[str, object], seed: int) -> pa.Table:
    """Lines ``start`` .. ``stop`` (``start`` a multiple of :data:`REGELS`), seeded per chunk."""
    rng = np.random.default_rng([seed, 1 + start // BLOK])
    regel = np.arange(start, stop)
    t0 = start // REGELS
    tw = regel // REGELS - t0
    n_tw = int(tw[-1]) + 1
    # per toewijzing: client, product, aanbieder, year, first month, linked or not
    client = rng.integers(0, len(pools["client"]), size=n_tw)
    product = rng.integers(0, len(pools["tarief"]), size=n_tw)
    aanbieder = rng.choice(AANBIEDERS, size=n_tw, p=pools["p_aanbieder"])
    jaar_i = rng.integers(0, len(JAREN), size=n_tw)
    eerste_maand = rng.integers(0, 12 - REGELS + 1, size=n_tw)
    los = pa.array((rng.random(n_tw) < AANDEEL_ONGEKOPPELD)[tw])
    nummers = pa.array([f"T{t:010d}" for t in range(t0, t0 + n_tw)], pa.large_string())
    # per line
    jaar = JAREN[jaar_i[tw]]
    maand = eerste_maand[tw] + regel % REGELS
    m = (jaar - 1970) * 12 + maand
    begin = m.astype("datetime64[M]").astype("datetime64[ns]")
    eind = (m + 1).astype("datetime64[M]").astype("datetime64[ns]") - np.timedelta64(1, "D")
    volume = rng.integers(1, 81, size=len(regel)) * 0.25
    teken = np.where(rng.random(len(regel)) < AANDEEL_CREDIT, -1.0, 1.0)
    prijs = pools["tarief"][product[tw]] * (1.0 + 0.02 * (jaar - JAREN[0]))
    bedrag = np.round(teken * volume * prijs, 2)
    p_idx = pa.array(product[tw])
    a_idx = pa.array(aanbieder[tw])
    prod = pools["prod"]
    kol = {
        "toewijzingnummer": nummers.take(pa.array(tw)),
        "periode_start": pa.array(begin, pa.timestamp("ns")),
        "periode_eind": pa.array(eind, pa.timestamp("ns")),
        "geleverd_volume": pa.array(teken * volume),
        "eenheid": pools["eenheid"].take(p_idx),
        "bedrag_eur": pa.array(bedrag),
        "bronbestand": pools["bron"].take(pa.array(jaar_i[tw])),
        "bronrij": pa.array(regel + 2),
        "client_id": _onbekend_waar(los, pools["client"].take(pa.array(client[tw])), ONBEKEND),
        "wet": _onbekend_waar(los, prod["wet"].take(p_idx), ONBEKEND),
        "productcategorie": _onbekend_waar(los, prod["productcategorie"].take(p_idx), None),
        "productcode": _onbekend_waar(los, prod["productcode"].take(p_idx), None),
        "categorie": _onbekend_waar(los, prod["categorie"].take(p_idx), ONBEKEND),
        "taakveld": _onbekend_waar(los, prod["taakveld"].take(p_idx), None),
        "aanbieder_agb": _onbekend_waar(los, pools["agb"].take(a_idx), ONBEKEND),
        "aanbieder_naam": _onbekend_waar(los, pools["naam"].take(a_idx), ONBEKEND),
        "jaar": pa.array(jaar.astype(np.int64)),
        "gekoppeld": pc.invert(los),
    }
    return pa.table(kol, schema=SCHEMA)


def schrijf_gekoppeld(n: int, pad: Path, seed: int = 17) -> None:
    """Write ``n`` synthetic lines of ``declaraties_gekoppeld`` to ``pad``, chunk by chunk."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    pools = _pools(n, seed)
    tijdelijk = pad.with_suffix(".deels")
    with pq.ParquetWriter(tijdelijk, SCHEMA, compression="snappy") as schrijver:
        for start in range(0, n, BLOK):
            schrijver.write_table(_blok(start, min(n, start + BLOK), pools, seed))
    tijdelijk.replace(pad)


# --------------------------------------------------------------------------- the runs


def peer_sql(pad: Path, niveaus: list[str]) -> str:
    """The DuckDB peer: the P × Q cells written directly in SQL.

    >>> peer_sql(Path("d.parquet"), ["wet"]).startswith("SELECT jaar, wet, sum(s)")
    True
    """
    sleutel = ", ".join(["jaar", *niveaus])
    return f"""SELECT {sleutel}, sum(s) AS bedrag_eur, count(*) FILTER (WHERE s > 0) AS volume,
        sum(n) AS aantal_regels
        FROM (SELECT {sleutel}, client_id, sum(bedrag_eur) AS s, count(*) AS n
              FROM read_parquet('{pad}') GROUP BY ALL)
        GROUP BY ALL ORDER BY ALL"""


def draai(stap: str, pad: Path, niveaus: list[str]) -> pd.DataFrame:
    """One way of computing the cells (in this process)."""
    if stap == "sdanalysis":
        from sdanalysis.analyse.pxq import pxq_cellen_parquet

        return pxq_cellen_parquet(pad, niveaus)
    if stap == "pandas":
        from sdanalysis.analyse.pxq import pxq_cellen

        kol = ["jaar", *niveaus, "client_id", "bedrag_eur"]
        return pxq_cellen(pd.read_parquet(pad, columns=kol), niveaus)
    import duckdb

    return duckdb.connect().execute(peer_sql(pad, niveaus)).df()


def _stap(args: argparse.Namespace) -> None:
    """One timed run in this (fresh) interpreter; prints JSON on the last line."""
    niveaus = args.niveaus.split(",")
    t = time.perf_counter()
    cellen = draai(args.stap, Path(args.pad), niveaus)
    wand = time.perf_counter() - t
    cellen.to_parquet(args.uit, index=False)
    print(json.dumps({"wand_s": wand, "piek_gib": piek_gib(), "cellen": len(cellen)}))


def _meet(stap: str, pad: Path, niveaus: str, uit: Path) -> dict:
    cmd = [sys.executable, __file__, "--stap", stap, "--pad", str(pad), "--niveaus", niveaus]
    p = subprocess.run([*cmd, "--uit", str(uit)], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(f"{stap} mislukt:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def vergelijk(a: pd.DataFrame, b: pd.DataFrame, niveaus: list[str]) -> float:
    """Largest absolute amount difference in euros; raises when cells, Q or lines differ.

    >>> c = pd.DataFrame({"jaar": [2019], "wet": ["JW"], "bedrag_eur": [1.0], "volume": [1],
    ...     "aantal_regels": [2]})
    >>> vergelijk(c, c.assign(bedrag_eur=1.0 + 1e-9), ["wet"]) < 1e-8
    True
    """
    sleutel = ["jaar", *niveaus]
    a = a.astype({k: "str" for k in niveaus}).sort_values(sleutel).reset_index(drop=True)
    b = b.astype({k: "str" for k in niveaus}).sort_values(sleutel).reset_index(drop=True)
    if len(a) != len(b) or not a[sleutel].astype(str).equals(b[sleutel].astype(str)):
        raise SystemExit("de cellen verschillen")
    for k in ("volume", "aantal_regels"):
        if not np.array_equal(a[k].to_numpy(np.int64), b[k].to_numpy(np.int64)):
            raise SystemExit(f"{k} verschilt")
    return float(np.abs(a["bedrag_eur"].to_numpy() - b["bedrag_eur"].to_numpy()).max(initial=0))


def main(argv: list[str] | None = None) -> None:
    """Generate (unless present), then time sdanalysis and the DuckDB peer."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=50_000_000, help="aantal declaratieregels")
    p.add_argument("--map", default=None, help="map voor de parquet (blijft staan)")
    p.add_argument("--niveaus", default=",".join(NIVEAUS), help="celniveaus, met komma's")
    p.add_argument("--herhaal", type=int, default=1, help="metingen per aanpak (beste telt)")
    p.add_argument("--ook-pandas", action="store_true", help="meet ook pxq_cellen in pandas")
    p.add_argument(
        "--stap", choices=["sdanalysis", "duckdb-peer", "pandas"], help=argparse.SUPPRESS
    )
    p.add_argument("--pad", help=argparse.SUPPRESS)
    p.add_argument("--uit", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.stap:
        _stap(args)
        return
    map_ = Path(args.map or Path(tempfile.gettempdir()) / f"pxq_schaal_{args.n}")
    pad = map_ / "declaraties_gekoppeld.parquet"
    if not pad.exists():
        t = time.perf_counter()
        schrijf_gekoppeld(args.n, pad)
        print(
            f"gegenereerd: {args.n:,} declaratieregels in {time.perf_counter() - t:.1f} s, "
            f"{pad.stat().st_size / 2**20:.0f} MiB, piek {piek_gib():.2f} GiB"
        )
    stappen = ["sdanalysis", "duckdb-peer", *(["pandas"] if args.ook_pandas else [])]
    with tempfile.TemporaryDirectory(prefix="pxq_schaal_uit_") as tmp:
        _vergelijk_runs(args, pad, Path(tmp), stappen)


def _vergelijk_runs(args: argparse.Namespace, pad: Path, uit: Path, stappen: list[str]) -> None:
    """Time every way ``args.herhaal`` times, compare the cells, print the ratio last."""
    niveaus = args.niveaus.split(",")
    res: dict[str, dict] = {}
    for i in range(args.herhaal):
        for stap in stappen:
            r = _meet(stap, pad, args.niveaus, uit / f"{stap}.parquet")
            print(
                f"{stap:<12} run {i + 1}  wand {r['wand_s']:7.2f} s  piek {r['piek_gib']:5.2f} GiB"
                f"  cellen {r['cellen']:,}"
            )
            if stap not in res or r["wand_s"] < res[stap]["wand_s"]:
                res[stap] = r
    cellen = {s: pd.read_parquet(uit / f"{s}.parquet") for s in stappen}
    for s in stappen[1:]:
        verschil = vergelijk(cellen["sdanalysis"], cellen[s], niveaus)
        print(
            f"sdanalysis tegen {s}: cellen, cliënten en regels gelijk; max verschil {verschil:.2e} euro"
        )
    b, d = res["sdanalysis"], res["duckdb-peer"]
    print(
        f"n={args.n:,} sdanalysis {b['wand_s']:.2f} s / {b['piek_gib']:.2f} GiB, duckdb "
        f"{d['wand_s']:.2f} s / {d['piek_gib']:.2f} GiB, verhouding {b['wand_s'] / d['wand_s']:.2f}"
    )


if __name__ == "__main__":
    main()
