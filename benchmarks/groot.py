"""Millions of synthetic toewijzingen in processed shape, for the benchmarks.

Everything here is SYNTHETIC. :func:`genereer_toewijzingen_groot` draws allocations
directly in the shape of ``data/processed/toewijzingen.parquet`` (vectorised numpy, no
per-row Python), from the product catalogue of :mod:`sdanalysis.demo.model`;
:func:`schrijf_groot_parquet` writes them to parquet. ``bench_volumes.py`` runs this file
as a script in a fresh interpreter::

    python benchmarks/groot.py --n 10000000 --pad /tmp/groot.parquet [--seed 20190417]

>>> df = genereer_toewijzingen_groot(1_000, seed=1)
>>> len(df), str(df["categorie"].dtype)
(1000, 'category')
>>> bool((df["einddatum"].dropna() >= df.loc[df["einddatum"].notna(), "ingangsdatum"]).all())
True
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.demo.model import PRODUCTEN

#: Share of allocations without einddatum (lopend).
GROOT_AANDEEL_LOPEND = 0.15
#: Resolution of the datetime columns produced here (as in the processed parquet files).
DATUM_RESOLUTIE = "datetime64[ns]"
#: Share of allocations that continue the previous allocation of the same client and
#: categorie (re-indication), split in back-to-back, overlapping and with a gap.
GROOT_VERVOLG = 0.35


def _gemeentecodes(n: int, eigen: str | None = None) -> list[str]:
    """``n`` distinct CBS-style gemeente codes ``GM0001``, ...; ``eigen`` first if given.

    >>> _gemeentecodes(3), _gemeentecodes(3, eigen="GM0002")
    (['GM0001', 'GM0002', 'GM0003'], ['GM0002', 'GM0001', 'GM0003'])
    """
    codes = [eigen] if eigen else []
    k = 1
    while len(codes) < n:
        code = f"GM{k:04d}"
        if code != eigen:
            codes.append(code)
        k += 1
    return codes


def _controleer(n: int, eerste_jaar: int, laatste_jaar: int, n_gemeenten: int) -> None:
    """Raise a Dutch ValueError for impossible arguments."""
    if n < 0:
        raise ValueError(f"Aantal toewijzingen moet 0 of groter zijn, niet {n}.")
    if laatste_jaar < eerste_jaar:
        raise ValueError(f"laatste_jaar ({laatste_jaar}) ligt voor eerste_jaar ({eerste_jaar}).")
    if n_gemeenten < 1:
        raise ValueError(f"Er is minstens één gemeente nodig, niet {n_gemeenten}.")


def _ketens(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Chains: row i continues row i-1 (same client and product) with some probability.

    Returns:
        Whether each row continues its predecessor, the chain id per row, the number of
        chains.
    """
    vervolg = rng.random(n) < GROOT_VERVOLG
    if n:
        vervolg[0] = False
    groep = np.cumsum(~vervolg) - 1
    return vervolg, groep, int(groep[-1]) + 1 if n else 0


def _per_keten(
    rng: np.random.Generator, n_groep: int, n_gemeenten: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Product, client and provider per chain, and the gemeente per client.

    Clients have about 1,6 chains each and keep one gemeente; gemeenten and providers
    follow a power law (a few large, many small).

    Returns:
        Product index per chain, client per chain, gemeente per client, provider per
        chain, the number of providers.
    """
    gewichten = np.array([p.gewicht_groot for p in PRODUCTEN])
    prod_g = rng.choice(len(PRODUCTEN), size=n_groep, p=gewichten / gewichten.sum())
    n_client = max(1, int(n_groep / 1.6))
    client_g = rng.integers(0, n_client, size=n_groep)
    gem_p = 1.0 / np.arange(1, n_gemeenten + 1) ** 0.9
    gem_client = rng.choice(n_gemeenten, size=n_client, p=gem_p / gem_p.sum())
    n_aanbieder = max(20, min(4000, n_gemeenten * 6))
    aanb_p = 1.0 / np.arange(1, n_aanbieder + 1) ** 1.1
    aanb_g = rng.choice(n_aanbieder, size=n_groep, p=aanb_p / aanb_p.sum())
    return prod_g, client_g, gem_client, aanb_g, n_aanbieder


def _starts(
    rng: np.random.Generator,
    prod: np.ndarray,
    vervolg: np.ndarray,
    groep: np.ndarray,
    venster: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start day and duration per row; continuations follow their predecessor.

    Durations are lognormal around the product's median, 14 days to 7 years. A
    continuation starts back-to-back (50%), overlapping by 1-60 days (25%) or after a gap
    of 1-120 days (25%); one that would start after the window restarts somewhere in it.

    Returns:
        Start day numbers, durations in days, and which rows were restarted.
    """
    n = len(prod)
    begin, eind = venster
    span = int(eind - begin + 1)
    mediaan = np.array([p.duur_dagen for p in PRODUCTEN], dtype=np.float64)[prod]
    duur = np.exp(np.log(mediaan) + rng.normal(0.0, 0.8, size=n))
    duur = np.clip(np.rint(duur), 14, 2555).astype(np.int64)
    soort = rng.random(n)
    delta = np.where(
        soort < 0.5, 0, np.where(soort < 0.75, -rng.integers(1, 61, n), rng.integers(1, 121, n))
    )
    stap = np.zeros(n, dtype=np.int64)
    if n > 1:
        stap[1:] = duur[:-1] + delta[1:]
        # An overlap may never put the start before the predecessor's start.
        stap[1:] = np.maximum(stap[1:], 1)
    stap[~vervolg] = 0
    cs = np.cumsum(stap)
    kop = np.flatnonzero(~vervolg)
    n_groep = len(kop)
    start_g = begin + rng.integers(0, span, size=n_groep)
    start = start_g[groep] + cs - cs[kop][groep]
    # Continuations that would start after the cut-off restart somewhere in the window
    # (their chain is cut; the client keeps a separate allocation).
    te_laat = start > eind
    start[te_laat] = begin + rng.integers(0, span, size=int(te_laat.sum()))
    return start, duur, te_laat


def _maandeinden(rng: np.random.Generator, einde: np.ndarray, volgt: np.ndarray) -> np.ndarray:
    """Move ~30% of the ends that no continuation follows to the last day of their month."""
    einde = einde.copy()
    maandeinde = (rng.random(len(einde)) < 0.30) & ~volgt
    if maandeinde.any():
        e = einde[maandeinde].astype("datetime64[D]")
        me = ((e.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1).astype(np.int64)
        einde[maandeinde] = me
    return einde


def _lopend(
    rng: np.random.Generator,
    start: np.ndarray,
    einde: np.ndarray,
    volgt: np.ndarray,
    eind: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows running past the cut-off (lopend), brought to :data:`GROOT_AANDEEL_LOPEND`.

    Some running allocations get an earlier end (stopped before the cut-off), or, when
    there are too few, recent closed ones become lopend.

    Returns:
        The ends (changed where stopped) and the lopend flags.
    """
    einde = einde.copy()
    lopend = einde > eind
    doel = int(round(GROOT_AANDEEL_LOPEND * len(einde)))
    verschil = int(lopend.sum()) - doel
    if verschil > 0:
        idx = np.flatnonzero(lopend)
        stop = rng.choice(idx, size=verschil, replace=False)
        ruimte = np.maximum(eind - start[stop], 0)
        einde[stop] = start[stop] + np.minimum(13 + rng.integers(0, ruimte + 1), ruimte)
        lopend[stop] = False
    elif verschil < 0:
        kandidaat = np.flatnonzero(~lopend & ~volgt)
        extra = rng.choice(kandidaat, size=min(-verschil, kandidaat.size), replace=False)
        lopend[extra] = True
    return einde, lopend


def _volumes(rng: np.random.Generator, prod: np.ndarray) -> np.ndarray:
    """Volume per row: uniform in the product's range, rounded to a half (or whole euro)."""
    lo = np.array([p.volume[0] for p in PRODUCTEN])[prod]
    hi = np.array([p.volume[1] for p in PRODUCTEN])[prod]
    volume = lo + rng.random(len(prod)) * (hi - lo)
    is_euro = np.array([p.eenheid == "83" for p in PRODUCTEN])[prod]
    return np.where(is_euro, np.rint(volume), np.rint(volume * 2) / 2)


def _categorisch(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
    """Categorical of string labels from integer codes."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype="str"))


def _per_product(attr: str, prod: np.ndarray) -> pd.Categorical:
    """One attribute of the product of every row, as a categorical."""
    waarden = [getattr(p, attr) for p in PRODUCTEN]
    labels = sorted(set(waarden))
    lut = np.array([labels.index(w) for w in waarden], dtype=np.int16)
    return _categorisch(lut[prod], labels)


def _datums(dagen: np.ndarray) -> np.ndarray:
    """Day numbers as datetimes of :data:`DATUM_RESOLUTIE`."""
    return dagen.astype("datetime64[D]").astype(DATUM_RESOLUTIE)


def genereer_toewijzingen_groot(
    n: int,
    seed: int | None = None,
    eerste_jaar: int = 2015,
    laatste_jaar: int = 2024,
    n_gemeenten: int = 342,
    eigen_gemeente: str | None = None,
) -> pd.DataFrame:
    """Generate ``n`` synthetic allocations in processed shape, fast (vectorised numpy).

    Clients get 1..n allocations; about a third of the allocations continue an earlier
    allocation of the same client in the same categorie (back-to-back, overlapping or
    after a gap), like re-indications. Durations run from two weeks to about seven years;
    about 30% of the closed allocations end on the last day of a month, and leap days
    occur. About 15% have no einddatum (lopend).

    Types (chosen for speed at 10M rows, unlike the build's string ids):
    ``toewijzingnummer`` and ``client_id`` are ``int64``; ``gemeente``, ``wet``,
    ``productcategorie``, ``productcode``, ``categorie``, ``taakveld``, ``aanbieder_agb``,
    ``eenheid`` and ``frequentie`` are pandas categoricals of strings; the dates are
    ``datetime64[ns]`` (NaT = lopend, einddatum inclusive); ``volume`` and
    ``tarief_eur`` are float64.

    Args:
        n: Number of allocations (rows).
        seed: Seed of the random generator (default ``instellingen.DEMO_SEED``); the same
            seed gives the same frame.
        eerste_jaar: First year in which allocations start.
        laatste_jaar: Last year; nothing starts after 31 December of this year.
        n_gemeenten: Number of distinct gemeenten (codes ``GM....``).
        eigen_gemeente: CBS code of the largest gemeente (first in the list), if wanted.

    Returns:
        DataFrame with one row per allocation, sorted by toewijzingnummer.

    Raises:
        ValueError: When ``n`` is negative or the years are reversed.

    >>> df = genereer_toewijzingen_groot(2_000, seed=7)
    >>> sorted(df["wet"].cat.categories)
    ['JW', 'WMO']
    >>> bool(0.10 < df["einddatum"].isna().mean() < 0.20)
    True
    """
    _controleer(n, eerste_jaar, laatste_jaar, n_gemeenten)
    rng = np.random.default_rng(instellingen.DEMO_SEED if seed is None else seed)
    begin = np.datetime64(f"{eerste_jaar}-01-01", "D").astype(np.int64)
    eind = np.datetime64(f"{laatste_jaar}-12-31", "D").astype(np.int64)

    vervolg, groep, n_groep = _ketens(rng, n)
    prod_g, client_g, gem_client, aanb_g, n_aanbieder = _per_keten(rng, n_groep, n_gemeenten)
    prod = prod_g[groep]
    client = client_g[groep]
    start, duur, te_laat = _starts(rng, prod, vervolg, groep, (begin, eind))
    # Month-end ends only for rows that are not followed back-to-back by a continuation.
    volgt = np.zeros(n, dtype=bool)
    if n > 1:
        volgt[:-1] = vervolg[1:] & ~te_laat[1:]
    einde = _maandeinden(rng, start + duur - 1, volgt)
    einde, lopend = _lopend(rng, start, einde, volgt, eind)
    einde_dt = _datums(einde)
    einde_dt[lopend] = np.datetime64("NaT")
    volume = _volumes(rng, prod)

    agb_labels = [f"{(98_000_000 + 7919 * k) % 100_000_000:08d}" for k in range(n_aanbieder)]
    return pd.DataFrame(
        {
            "toewijzingnummer": np.arange(1, n + 1, dtype=np.int64),
            "client_id": client.astype(np.int64),
            "gemeente": _categorisch(
                gem_client[client], _gemeentecodes(n_gemeenten, eigen_gemeente)
            ),
            "wet": _per_product("wet", prod),
            "productcategorie": _per_product("productcategorie", prod),
            "productcode": _per_product("productcode", prod),
            "categorie": _per_product("categorie", prod),
            "taakveld": _per_product("taakveld", prod),
            "aanbieder_agb": _categorisch(aanb_g[groep], agb_labels),
            "ingangsdatum": _datums(start),
            "einddatum": einde_dt,
            "volume": volume,
            "eenheid": _per_product("eenheid", prod),
            "frequentie": _per_product("frequentie", prod),
            "tarief_eur": np.array([p.tarief_2023 for p in PRODUCTEN])[prod],
        }
    )


def schrijf_groot_parquet(n: int, pad: Path | str, seed: int | None = None) -> Path:
    """Write :func:`genereer_toewijzingen_groot` output to a parquet file.

    Dates are stored as timestamps (not date32), so ``pd.read_parquet`` returns
    ``datetime64`` columns without the slow object path.

    Args:
        n: Number of allocations.
        pad: Target file; parent folders are created.
        seed: Random seed (default ``instellingen.DEMO_SEED``).

    Returns:
        The path written.
    """
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    df = genereer_toewijzingen_groot(n, seed=seed)
    df.to_parquet(pad, index=False, compression="zstd")
    return pad


def main(argv: list[str] | None = None) -> None:
    """Command line: write ``--n`` allocations to ``--pad``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, required=True, help="aantal toewijzingen")
    p.add_argument("--pad", required=True, help="doelbestand (.parquet)")
    p.add_argument("--seed", type=int, default=None, help="seed (standaard de demo-seed)")
    args = p.parse_args(argv)
    schrijf_groot_parquet(args.n, args.pad, seed=args.seed)


if __name__ == "__main__":
    main()
