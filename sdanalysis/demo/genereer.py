"""Seeded synthetic gemeente for the demo, the tests and the benchmarks.

Everything here is SYNTHETIC: clients, BSNs, providers and amounts are invented.
Two generators live in this module:

- :func:`genereer_toewijzingen_groot` builds millions of allocations directly in the
  *processed* shape (vectorised numpy, no per-row Python) for the benchmarks.
- :func:`genereer_demo` / :func:`schrijf_demo` build a Hengelo-sized gemeente as *raw*
  exports (CSV with ``;``, Dutch dates and decimal commas, an Excel begroting) that the
  normal build reads, including a handful of deliberately bad rows.

>>> df = genereer_toewijzingen_groot(1_000, seed=1)
>>> len(df), str(df["categorie"].dtype)
(1000, 'category')
>>> bool((df["einddatum"].dropna() >= df.loc[df["einddatum"].notna(), "ingangsdatum"]).all())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtri

from sdanalysis import instellingen

#: Data cut-off of the demo: allocations still running on this day are "lopend".
PEILDATUM = "2024-12-31"
#: Share of allocations without einddatum (lopend) in the big generator.
GROOT_AANDEEL_LOPEND = 0.15
#: Resolution of the datetime columns produced here (as in the processed parquet files).
DATUM_RESOLUTIE = "datetime64[ns]"


@dataclass(frozen=True)
class Product:
    """One modelled product: a categorie with its codes, unit, price and shape.

    Attributes:
        categorie: Analysis category (as in ``productcodes.csv``).
        wet: ``"WMO"`` or ``"JW"``.
        productcategorie: iStandaard productcategorie, two digits.
        productcode: Invented regional productcode (5 characters).
        omschrijving: Dutch product description.
        taakveld: Iv3 taakveld (indeling 2023-2024).
        eenheid: WJ756 unit code.
        frequentie: WMO757 frequency code.
        volume: Typical volume per frequency (low, high); drawn uniform, rounded.
        tarief_2023: Price per unit in 2023 in euro.
        duur_dagen: Median duration of one allocation in days.
        gewicht_groot: Relative share of allocations in the big generator.
    """

    categorie: str
    wet: str
    productcategorie: str
    productcode: str
    omschrijving: str
    taakveld: str
    eenheid: str
    frequentie: str
    volume: tuple[float, float]
    tarief_2023: float
    duur_dagen: int
    gewicht_groot: float


#: The product catalogue of the demo gemeente (codes invented, categories iStandaard).
PRODUCTEN: tuple[Product, ...] = (
    Product(
        "Huishoudelijke ondersteuning",
        "WMO",
        "01",
        "01A01",
        "Hulp bij het huishouden",
        "6.71a",
        "04",
        "2",
        (1.5, 4.0),
        33.0,
        900,
        0.20,
    ),
    Product(
        "Begeleiding",
        "WMO",
        "02",
        "02A01",
        "Begeleiding individueel",
        "6.71b",
        "04",
        "2",
        (2.0, 6.0),
        62.0,
        420,
        0.12,
    ),
    Product(
        "Kortdurend verblijf",
        "WMO",
        "04",
        "04A01",
        "Kortdurend verblijf (logeren)",
        "6.71d",
        "14",
        "4",
        (2.0, 6.0),
        140.0,
        240,
        0.01,
    ),
    Product(
        "Dagbesteding",
        "WMO",
        "07",
        "07A01",
        "Dagbesteding groep",
        "6.71c",
        "16",
        "2",
        (2.0, 5.0),
        46.0,
        540,
        0.05,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "11",
        "11A01",
        "Rolstoel (bruikleen)",
        "6.6",
        "82",
        "6",
        (1.0, 1.0),
        4500.0,
        1095,
        0.06,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "12",
        "12A01",
        "Scootmobiel (bruikleen)",
        "6.6",
        "82",
        "6",
        (1.0, 1.0),
        4200.0,
        1095,
        0.05,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "13",
        "13A01",
        "Woningaanpassing",
        "6.6",
        "83",
        "6",
        (2000.0, 15000.0),
        1.0,
        90,
        0.02,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "14",
        "14A01",
        "Overige hulpmiddelen",
        "6.6",
        "82",
        "6",
        (1.0, 1.0),
        1400.0,
        540,
        0.02,
    ),
    Product(
        "Beschermd wonen",
        "WMO",
        "15",
        "15A01",
        "Beschermd wonen",
        "6.81a",
        "14",
        "2",
        (7.0, 7.0),
        130.0,
        700,
        0.01,
    ),
    Product(
        "Jeugdhulp ambulant",
        "JW",
        "45",
        "45A01",
        "Ambulante jeugdhulp begeleiding",
        "6.72a",
        "04",
        "2",
        (2.0, 5.0),
        82.0,
        400,
        0.10,
    ),
    Product(
        "Jeugdhulp ambulant",
        "JW",
        "45",
        "45B01",
        "Ambulante jeugdhulp behandeling",
        "6.72b",
        "04",
        "2",
        (1.5, 4.5),
        112.0,
        360,
        0.10,
    ),
    Product(
        "Dagbehandeling",
        "JW",
        "41",
        "41A01",
        "Dagbehandeling jeugd",
        "6.72c",
        "16",
        "2",
        (2.0, 6.0),
        74.0,
        330,
        0.03,
    ),
    Product(
        "Jeugdhulp overig",
        "JW",
        "42",
        "42A01",
        "Vervoer jeugdhulp (rit)",
        "6.72d",
        "82",
        "2",
        (6.0, 14.0),
        21.0,
        300,
        0.03,
    ),
    Product(
        "Pleegzorg",
        "JW",
        "44",
        "44P01",
        "Pleegzorg",
        "6.73a",
        "14",
        "2",
        (7.0, 7.0),
        56.0,
        600,
        0.02,
    ),
    Product(
        "Gezinsgericht verblijf",
        "JW",
        "44",
        "44H01",
        "Gezinshuis",
        "6.73b",
        "14",
        "2",
        (7.0, 7.0),
        158.0,
        540,
        0.005,
    ),
    Product(
        "Verblijf LVG",
        "JW",
        "43",
        "43L01",
        "Verblijf LVG incl. behandeling",
        "6.73c",
        "14",
        "2",
        (7.0, 7.0),
        262.0,
        420,
        0.02,
    ),
    Product(
        "Verblijf GGZ",
        "JW",
        "43",
        "43G01",
        "Verblijf GGZ klinisch",
        "6.74b",
        "14",
        "2",
        (7.0, 7.0),
        345.0,
        150,
        0.005,
    ),
    Product(
        "Gesloten plaatsing",
        "JW",
        "43",
        "43J01",
        "Gesloten jeugdhulp",
        "6.74c",
        "14",
        "2",
        (7.0, 7.0),
        480.0,
        200,
        0.002,
    ),
    Product(
        "Basis GGZ",
        "JW",
        "51",
        "51A01",
        "Generalistische basis-GGZ traject",
        "6.74a",
        "82",
        "6",
        (1.0, 1.0),
        1150.0,
        120,
        0.05,
    ),
    Product(
        "Specialistische GGZ",
        "JW",
        "54",
        "54A01",
        "Jeugd-GGZ behandeling",
        "6.74a",
        "04",
        "2",
        (1.5, 4.0),
        125.0,
        360,
        0.09,
    ),
    Product(
        "Jeugdbescherming",
        "JW",
        "48",
        "48A01",
        "Ondertoezichtstelling / voogdij",
        "6.82a",
        "14",
        "2",
        (7.0, 7.0),
        44.0,
        500,
        0.03,
    ),
    Product(
        "Jeugdreclassering",
        "JW",
        "47",
        "47A01",
        "Jeugdreclassering",
        "6.82b",
        "14",
        "2",
        (7.0, 7.0),
        31.0,
        270,
        0.008,
    ),
)


def productcodes_tabel() -> pd.DataFrame:
    """The product catalogue as the raw ``productcodes`` table.

    One row per productcode plus a default row (empty productcode) per productcategorie
    whose categorie is unambiguous.

    >>> t = productcodes_tabel()
    >>> t.loc[t["productcode"] == "43G01", ["categorie", "taakveld"]].values.tolist()
    [['Verblijf GGZ', '6.74b']]
    """
    rijen = [
        {
            "wet": p.wet,
            "productcategorie": p.productcategorie,
            "productcode": p.productcode,
            "categorie": p.categorie,
            "taakveld": p.taakveld,
        }
        for p in PRODUCTEN
    ]
    per_pc: dict[tuple[str, str], set[str]] = {}
    for p in PRODUCTEN:
        per_pc.setdefault((p.wet, p.productcategorie), set()).add(p.categorie)
    for (wet, pc), cats in per_pc.items():
        if len(cats) == 1:
            cat = next(iter(cats))
            tv = next(p.taakveld for p in PRODUCTEN if p.productcategorie == pc and p.wet == wet)
            tv_alle = {p.taakveld for p in PRODUCTEN if p.productcategorie == pc and p.wet == wet}
            rijen.append(
                {
                    "wet": wet,
                    "productcategorie": pc,
                    "productcode": "",
                    "categorie": cat,
                    "taakveld": tv if len(tv_alle) == 1 else "",
                }
            )
    df = pd.DataFrame(rijen)
    return df.sort_values(["wet", "productcategorie", "productcode"], ignore_index=True)


# ---------------------------------------------------------------------------------------
# Big generator (processed shape) for the benchmarks
# ---------------------------------------------------------------------------------------

#: Share of allocations that continue the previous allocation of the same client and
#: categorie (re-indication), split in back-to-back, overlapping and with a gap.
_GROOT_VERVOLG = 0.35


def _gemeentecodes(n: int) -> list[str]:
    """``n`` distinct CBS-style gemeente codes, Hengelo (GM0164) first."""
    codes = [instellingen.GEMEENTE_CODE]
    k = 1
    while len(codes) < n:
        code = f"GM{k:04d}"
        if code != instellingen.GEMEENTE_CODE:
            codes.append(code)
        k += 1
    return codes


def genereer_toewijzingen_groot(
    n: int,
    seed: int = instellingen.DEMO_SEED,
    eerste_jaar: int = 2015,
    laatste_jaar: int = 2024,
    n_gemeenten: int = 342,
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
        seed: Seed of the random generator; the same seed gives the same frame.
        eerste_jaar: First year in which allocations start.
        laatste_jaar: Last year; nothing starts after 31 December of this year.
        n_gemeenten: Number of distinct gemeenten (codes ``GM....``, GM0164 first).

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
    if n < 0:
        raise ValueError(f"Aantal toewijzingen moet 0 of groter zijn, niet {n}.")
    if laatste_jaar < eerste_jaar:
        raise ValueError(f"laatste_jaar ({laatste_jaar}) ligt voor eerste_jaar ({eerste_jaar}).")
    if n_gemeenten < 1:
        raise ValueError(f"Er is minstens één gemeente nodig, niet {n_gemeenten}.")
    rng = np.random.default_rng(seed)
    begin = np.datetime64(f"{eerste_jaar}-01-01", "D").astype(np.int64)
    eind = np.datetime64(f"{laatste_jaar}-12-31", "D").astype(np.int64)
    span = int(eind - begin + 1)

    # Chains: row i continues row i-1 (same client and product) with this probability.
    vervolg = rng.random(n) < _GROOT_VERVOLG
    if n:
        vervolg[0] = False
    groep = np.cumsum(~vervolg) - 1  # chain id per row
    n_groep = int(groep[-1]) + 1 if n else 0

    # Per chain: product, client, gemeente, provider.
    gewichten = np.array([p.gewicht_groot for p in PRODUCTEN])
    prod_g = rng.choice(len(PRODUCTEN), size=n_groep, p=gewichten / gewichten.sum())
    # Clients: about 1.6 chains per client; a client keeps one gemeente.
    n_client = max(1, int(n_groep / 1.6))
    client_g = rng.integers(0, n_client, size=n_groep)
    gem_rang = np.arange(1, n_gemeenten + 1)
    gem_p = 1.0 / gem_rang**0.9
    gem_client = rng.choice(n_gemeenten, size=n_client, p=gem_p / gem_p.sum())
    n_aanbieder = max(20, min(4000, n_gemeenten * 6))
    aanb_p = 1.0 / np.arange(1, n_aanbieder + 1) ** 1.1
    aanb_g = rng.choice(n_aanbieder, size=n_groep, p=aanb_p / aanb_p.sum())

    prod = prod_g[groep]
    client = client_g[groep]
    # Durations: lognormal around the product median, 14 days .. 7 years.
    mediaan = np.array([p.duur_dagen for p in PRODUCTEN], dtype=np.float64)[prod]
    duur = np.exp(np.log(mediaan) + rng.normal(0.0, 0.8, size=n))
    duur = np.clip(np.rint(duur), 14, 2555).astype(np.int64)

    # Offset of a continuation against the end of its predecessor:
    # 0 = back-to-back (50%), overlap of 1-60 days (25%), gap of 1-120 days (25%).
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
    start_g = begin + rng.integers(0, span, size=n_groep)
    start = start_g[groep] + cs - cs[kop][groep]
    # Continuations that would start after the cut-off restart somewhere in the window
    # (their chain is cut; the client keeps a separate allocation).
    te_laat = start > eind
    start[te_laat] = begin + rng.integers(0, span, size=int(te_laat.sum()))
    einde = start + duur - 1

    # Month-end ends for ~30% of rows that are not followed back-to-back by a continuation.
    volgt = np.zeros(n, dtype=bool)
    if n > 1:
        volgt[:-1] = vervolg[1:] & ~te_laat[1:]
    maandeinde = (rng.random(n) < 0.30) & ~volgt
    if maandeinde.any():
        e = einde[maandeinde].astype("datetime64[D]")
        me = ((e.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1).astype(np.int64)
        einde[maandeinde] = me
    # Lopend: running past the cut-off. Bring the share to about 15%: some running
    # allocations get an earlier end (stopped before the cut-off), or, when there are
    # too few, recent closed ones become lopend.
    lopend = einde > eind
    doel = int(round(GROOT_AANDEEL_LOPEND * n))
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

    start_dt = start.astype("datetime64[D]").astype(DATUM_RESOLUTIE)
    einde_dt = einde.astype("datetime64[D]").astype(DATUM_RESOLUTIE)
    einde_dt[lopend] = np.datetime64("NaT")

    # Volume per product: uniform in the range, rounded to a half (or whole euro).
    lo = np.array([p.volume[0] for p in PRODUCTEN])[prod]
    hi = np.array([p.volume[1] for p in PRODUCTEN])[prod]
    volume = lo + rng.random(n) * (hi - lo)
    is_euro = np.array([p.eenheid == "83" for p in PRODUCTEN])[prod]
    volume = np.where(is_euro, np.rint(volume), np.rint(volume * 2) / 2)
    tarief = np.array([p.tarief_2023 for p in PRODUCTEN])[prod]

    def cat(codes: np.ndarray, labels: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype="str"))

    def per_product(attr: str) -> pd.Categorical:
        waarden = [getattr(p, attr) for p in PRODUCTEN]
        labels = sorted(set(waarden))
        lut = np.array([labels.index(w) for w in waarden], dtype=np.int16)
        return cat(lut[prod], labels)

    agb_labels = [f"{(98_000_000 + 7919 * k) % 100_000_000:08d}" for k in range(n_aanbieder)]
    df = pd.DataFrame(
        {
            "toewijzingnummer": np.arange(1, n + 1, dtype=np.int64),
            "client_id": client.astype(np.int64),
            "gemeente": cat(gem_client[client], _gemeentecodes(n_gemeenten)),
            "wet": per_product("wet"),
            "productcategorie": per_product("productcategorie"),
            "productcode": per_product("productcode"),
            "categorie": per_product("categorie"),
            "taakveld": per_product("taakveld"),
            "aanbieder_agb": cat(aanb_g[groep], agb_labels),
            "ingangsdatum": start_dt,
            "einddatum": einde_dt,
            "volume": volume,
            "eenheid": per_product("eenheid"),
            "frequentie": per_product("frequentie"),
            "tarief_eur": tarief,
        }
    )
    return df


def schrijf_groot_parquet(n: int, pad: Path | str, seed: int = instellingen.DEMO_SEED) -> Path:
    """Write :func:`genereer_toewijzingen_groot` output to a parquet file.

    Dates are stored as timestamps (not date32), so ``pd.read_parquet`` returns
    ``datetime64`` columns without the slow object path.

    Args:
        n: Number of allocations.
        pad: Target file; parent folders are created.
        seed: Random seed.

    Returns:
        The path written.
    """
    pad = Path(pad)
    pad.parent.mkdir(parents=True, exist_ok=True)
    df = genereer_toewijzingen_groot(n, seed=seed)
    df.to_parquet(pad, index=False, compression="zstd")
    return pad


# ---------------------------------------------------------------------------------------
# The demo gemeente (raw exports)
# ---------------------------------------------------------------------------------------

#: Years of the demo.
DEMO_JAREN = tuple(range(instellingen.EERSTE_JAAR, instellingen.LAATSTE_JAAR + 1))
#: Warm-up years simulated before 2015 so that 1-1-2015 starts with a realistic stock
#: (clients taken over from the AWBZ and the old Wmo under transitional law).
_AANLOOP_JAREN = 6
#: Price index of the tariffs per start year of a toewijzing (2023 = 1).
PRIJSINDEX = {
    2015: 0.80,
    2016: 0.81,
    2017: 0.825,
    2018: 0.84,
    2019: 0.865,
    2020: 0.89,
    2021: 0.91,
    2022: 0.94,
    2023: 1.00,
    2024: 1.055,
}
#: Hengelo's real Iv3 jaarrekening 2023 lasten per taakveld (x € 1.000), the calibration
#: target of the demo (source: Iv3 via begrotingsanalysetool, see data/raw/demo/README.md).
IV3_HENGELO_2023_DZD = {
    "6.6": 3741,
    "6.71a": 11369,
    "6.71b": 10446,
    "6.71c": 2418,
    "6.71d": 0,
    "6.72a": 4349,
    "6.72b": 5538,
    "6.72c": 2833,
    "6.72d": 1542,
    "6.73a": 2009,
    "6.73b": 1176,
    "6.73c": 6273,
    "6.74a": 6735,
    "6.74b": 1422,
    "6.74c": 600,
    "6.81a": 167,
    "6.82a": 2863,
    "6.82b": 383,
}
#: Approximate number of distinct synthetic clients at full (Hengelo) size; the scale
#: used when ``clients`` is given is ``clients / VOLLEDIG_AANTAL_CLIENTEN``.
VOLLEDIG_AANTAL_CLIENTEN = 30_000


@dataclass(frozen=True)
class DemoProduct:
    """How one product of :data:`PRODUCTEN` behaves in the demo gemeente.

    Attributes:
        voorraad_2023: Target average number of running episodes in 2023 (for products
            declared as a whole, ``totaal``: new episodes per year in 2023).
        duur_mediaan: Median length of an episode (care period of one client) in days.
        duur_sigma: Spread (sigma of the log) of the episode length.
        herindicatie_dagen: Length of one toewijzing; longer episodes get re-indications.
        koppel_kans: Chance that an episode belongs to an existing client of the same wet.
        onbepaald: The last toewijzing of a running episode has no einddatum.
        verzilvering: Share of the allocated volume that is delivered (low, high).
        index: Relative inflow of new episodes per year 2015..2024.
    """

    voorraad_2023: float
    duur_mediaan: int
    duur_sigma: float
    herindicatie_dagen: int
    koppel_kans: float
    onbepaald: bool
    verzilvering: tuple[float, float]
    index: tuple[float, ...]


_GROEI_JEUGD = (0.78, 0.82, 0.87, 0.88, 0.90, 0.92, 0.95, 0.98, 1.0, 1.02)
_VLAK = (1.0,) * 10
#: Demo behaviour per productcode. The indices carry the letters' trends: verblijf LVG
#: grows to 2017 and stagnates in 2018, verblijf GGZ grows to 2017 and falls in 2018,
#: Basis GGZ falls from 2018 (POH-GGZ), dagbesteding growth is reversed in 2018, and the
#: abonnementstarief (2019) pulls in huishoudelijke ondersteuning.
DEMO_GEDRAG: dict[str, DemoProduct] = {
    "01A01": DemoProduct(
        2700,
        900,
        0.8,
        1460,
        0.15,
        True,
        (0.90, 1.0),
        (0.90, 0.90, 0.90, 0.90, 1.08, 1.12, 1.00, 1.00, 1.00, 1.04),
    ),
    "02A01": DemoProduct(
        900,
        420,
        0.8,
        730,
        0.35,
        False,
        (0.85, 1.0),
        (0.90, 0.95, 1.00, 0.95, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "04A01": DemoProduct(25, 120, 0.7, 365, 0.80, False, (0.70, 1.0), _VLAK),
    "07A01": DemoProduct(
        320,
        450,
        0.7,
        730,
        0.40,
        False,
        (0.85, 1.0),
        (1.00, 1.20, 1.40, 0.70, 0.80, 0.85, 0.90, 0.95, 1.00, 1.00),
    ),
    "11A01": DemoProduct(
        240,
        1460,
        0.5,
        99_999,
        0.35,
        True,
        (1.0, 1.0),
        (0.90, 0.90, 0.95, 0.95, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "12A01": DemoProduct(
        220,
        1460,
        0.5,
        99_999,
        0.35,
        True,
        (1.0, 1.0),
        (0.90, 0.90, 0.95, 0.95, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "13A01": DemoProduct(130, 60, 0.5, 99_999, 0.70, False, (1.0, 1.0), _VLAK),
    "14A01": DemoProduct(350, 730, 0.5, 99_999, 0.45, True, (1.0, 1.0), _VLAK),
    "15A01": DemoProduct(4.0, 700, 0.6, 365, 0.20, True, (1.0, 1.0), _VLAK),
    "45A01": DemoProduct(330, 400, 0.7, 365, 0.45, False, (0.75, 1.0), _GROEI_JEUGD),
    "45B01": DemoProduct(350, 360, 0.7, 365, 0.45, False, (0.75, 1.0), _GROEI_JEUGD),
    "41A01": DemoProduct(205, 330, 0.6, 365, 0.50, False, (0.85, 1.0), _GROEI_JEUGD),
    "42A01": DemoProduct(155, 300, 0.6, 365, 0.90, False, (0.80, 1.0), _GROEI_JEUGD),
    "44P01": DemoProduct(
        98,
        600,
        0.8,
        365,
        0.30,
        True,
        (1.0, 1.0),
        (0.90, 0.92, 0.95, 0.95, 0.97, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "44H01": DemoProduct(22, 540, 0.6, 365, 0.30, False, (1.0, 1.0), _VLAK),
    "43L01": DemoProduct(
        70,
        420,
        0.4,
        365,
        0.40,
        False,
        (1.0, 1.0),
        (0.75, 0.90, 1.15, 0.88, 0.95, 0.95, 1.00, 1.00, 1.00, 1.00),
    ),
    "43G01": DemoProduct(
        13,
        150,
        0.6,
        365,
        0.40,
        False,
        (1.0, 1.0),
        (0.70, 0.90, 1.25, 0.70, 0.75, 0.80, 0.85, 0.90, 1.00, 1.00),
    ),
    "43J01": DemoProduct(3.2, 200, 0.5, 365, 0.50, False, (1.0, 1.0), _VLAK),
    "51A01": DemoProduct(
        280,
        120,
        0.4,
        99_999,
        0.10,
        False,
        (1.0, 1.0),
        (1.60, 1.70, 1.80, 1.25, 1.00, 0.95, 0.95, 1.00, 1.00, 1.00),
    ),
    "54A01": DemoProduct(400, 360, 0.7, 365, 0.45, False, (0.75, 1.0), _GROEI_JEUGD),
    "48A01": DemoProduct(178, 500, 0.6, 365, 0.35, False, (1.0, 1.0), _VLAK),
    "47A01": DemoProduct(
        38,
        270,
        0.5,
        365,
        0.20,
        False,
        (1.0, 1.0),
        (1.30, 1.25, 1.20, 1.10, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
}


@dataclass(frozen=True)
class Aanbieder:
    """An invented provider with an invented AGB code."""

    naam: str
    agb: str


#: Invented providers (any likeness to real organisations is unintended).
AANBIEDERS: tuple[Aanbieder, ...] = (
    Aanbieder("Jeugdzorg Twentekant", "98104417"),  # 0 big jeugd
    Aanbieder("GGZ Oostland Jeugd", "98207731"),  # 1 big jeugd GGZ
    Aanbieder("Zorggroep Esrand", "98301158"),  # 2 LVG + Wmo
    Aanbieder("Stichting Kindkracht Oost", "98412290"),  # 3 big jeugd ambulant
    Aanbieder("Stichting Veilig Opgroeien Twente", "98550063"),  # 4 JB/JR
    Aanbieder("Praktijk De Linde", "98611874"),
    Aanbieder("Kinder- en Jeugdpraktijk Vlinder", "98623305"),
    Aanbieder("Psychologenpraktijk Hengelose Es", "98634416"),
    Aanbieder("Ambulant Team Zonnewijzer", "98645527"),
    Aanbieder("Gezinshuis De Wilgen", "98656638"),
    Aanbieder("Orthopedagogisch Centrum Léonie", "98667749"),
    Aanbieder("Coöperatie Jeugdhulp Oost U.A.", "98678850"),
    Aanbieder("Basis-GGZ Praktijk Sterk", "98689961"),
    Aanbieder("Praktijk Mindfit", "98690072"),
    Aanbieder("Jeugdkliniek Het Baken", "98701183"),
    Aanbieder("Vervoer Twente Rijdt BV", "98712294"),
    Aanbieder("Pleegzorg Oost", "98723305"),
    Aanbieder("Thuiszorg Hengeloos Erf", "75010214"),  # 17 big HH
    Aanbieder("Huishoudhulp De Vonk", "75021325"),
    Aanbieder("Schoon & Zorg BV", "75032436"),
    Aanbieder("Cliëntgerichte Thuishulp Twente", "75043547"),
    Aanbieder("Zorgcoöperatie Naoberhulp", "75054658"),
    Aanbieder("Stichting Meedoen Hengelo", "75065769"),
    Aanbieder("Begeleidingsdienst Perspectief", "75076870"),
    Aanbieder("Zorgpunt Oost", "75087981"),
    Aanbieder("Dagbesteding Het Atelier", "75098092"),
    Aanbieder("Zorgboerderij De Eikenhof", "75109103"),
    Aanbieder("Logeerhuis De Bongerd", "75110214"),
    Aanbieder("Hulpmiddelencentrum Oost BV", "75121325"),
    Aanbieder("Revalidatietechniek Twente", "75132436"),
    Aanbieder("Bouwbedrijf Woonvast", "75143547"),
    Aanbieder("Trapliften Oost-Nederland", "75154658"),
    Aanbieder("Beschermd Wonen Twentestad", "75165769"),
    Aanbieder("Zorggroep Sint Maarten Oost", "75176870"),
    Aanbieder("Thuishulp Plus Twente", "75187981"),
    Aanbieder("Werkplaats Ambacht & Co", "75198092"),
    Aanbieder("Jeugdhulp Kleurrijk", "98734416"),
    Aanbieder("Stichting Opvoedsteun", "98745527"),
    Aanbieder("Crisisdienst Jeugd Oost", "98756638"),
    Aanbieder("Gezinshuis Het Lindehof", "98767749"),
)

#: Provider pool per productcode: (provider index, weight). Skewed like a real market.
AANBIEDER_POOL: dict[str, tuple[tuple[int, float], ...]] = {
    "01A01": ((17, 45), (18, 18), (19, 14), (20, 10), (21, 8), (34, 5)),
    "02A01": ((2, 30), (22, 20), (23, 18), (24, 15), (33, 12), (17, 5)),
    "04A01": ((27, 70), (2, 30)),
    "07A01": ((25, 30), (26, 25), (2, 25), (35, 12), (22, 8)),
    "11A01": ((28, 75), (29, 25)),
    "12A01": ((28, 70), (29, 30)),
    "13A01": ((30, 60), (31, 40)),
    "14A01": ((28, 60), (29, 25), (31, 15)),
    "15A01": ((32, 100),),
    "45A01": ((0, 38), (3, 30), (8, 8), (11, 7), (36, 6), (37, 6), (5, 5)),
    "45B01": ((0, 32), (3, 25), (1, 15), (10, 10), (6, 8), (36, 5), (5, 5)),
    "41A01": ((0, 35), (2, 30), (3, 20), (10, 15)),
    "42A01": ((15, 100),),
    "44P01": ((16, 70), (0, 30)),
    "44H01": ((9, 55), (39, 45)),
    "43L01": ((2, 65), (0, 20), (10, 15)),
    "43G01": ((1, 80), (14, 20)),
    "43J01": ((14, 100),),
    "51A01": ((12, 35), (13, 25), (7, 25), (1, 15)),
    "54A01": ((1, 55), (7, 15), (6, 12), (13, 10), (3, 8)),
    "48A01": ((4, 100),),
    "47A01": ((4, 100),),
}

_PRODUCT_PER_CODE = {p.productcode: p for p in PRODUCTEN}
_DAG = np.timedelta64(1, "D")


def _dag(tekst: str) -> int:
    """Day number (days since 1970-01-01) of an ISO date."""
    return int(np.datetime64(tekst, "D").astype(np.int64))


def _bsn_reeks(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct synthetic 9-digit numbers that pass the BSN elfproef.

    >>> from sdanalysis.bouw.privacy import elfproef
    >>> all(elfproef(b) for b in _bsn_reeks(np.random.default_rng(1), 50))
    True
    """
    gewichten = np.array([9, 8, 7, 6, 5, 4, 3, 2])
    gevonden = np.zeros(0, dtype=np.int64)
    while len(gevonden) < n:
        prefix = rng.integers(10_000_000, 70_000_000, size=int((n - len(gevonden)) * 1.2) + 64)
        cijfers = (prefix[:, None] // 10 ** np.arange(7, -1, -1)) % 10
        controle = (cijfers @ gewichten) % 11
        ok = controle < 10
        alle = np.concatenate([gevonden, prefix[ok] * 10 + controle[ok]])
        _, eerste = np.unique(alle, return_index=True)
        gevonden = alle[np.sort(eerste)]
    return gevonden[:n]


def _gespreid(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` stratified uniform numbers in [0, 1) in random order (less noise than iid)."""
    return rng.permutation((np.arange(n) + rng.random(n)) / max(n, 1))


def _kies_dagen(rng: np.random.Generator, jaar: int, n: int, voorkant: float = 0.5) -> np.ndarray:
    """``n`` day numbers spread over ``jaar``; ``voorkant`` is the share in the first half.

    >>> d = _kies_dagen(np.random.default_rng(0), 2019, 100, voorkant=0.7)
    >>> int((d < _dag("2019-07-01")).sum())
    70
    """
    begin, midden, eind = _dag(f"{jaar}-01-01"), _dag(f"{jaar}-07-01"), _dag(f"{jaar + 1}-01-01")
    n1 = int(round(n * voorkant))
    h1 = begin + np.floor(_gespreid(rng, n1) * (midden - begin)).astype(np.int64)
    h2 = midden + np.floor(_gespreid(rng, n - n1) * (eind - midden)).astype(np.int64)
    return rng.permutation(np.concatenate([h1, h2]))


def _episodes(rng: np.random.Generator, schaal: float) -> pd.DataFrame:
    """Care episodes (one client, one product, one uninterrupted period) per product."""
    rijen = []
    eerste = DEMO_JAREN[0]
    for code, g in DEMO_GEDRAG.items():
        p = _PRODUCT_PER_CODE[code]
        gemiddelde_jaren = g.duur_mediaan * np.exp(g.duur_sigma**2 / 2) / 365.25
        totaal = p.frequentie == "6" and g.herindicatie_dagen > 10_000
        instroom_2023 = g.voorraad_2023 if totaal else g.voorraad_2023 / gemiddelde_jaren
        for jaar in range(eerste - _AANLOOP_JAREN, DEMO_JAREN[-1] + 1):
            idx = g.index[max(0, jaar - eerste)]
            n = int(round(instroom_2023 * idx * schaal))
            if n == 0:
                continue
            # The 2019 rush of HH meldingen turns into care from spring 2019 on.
            voorkant = 0.45 if (code == "01A01" and jaar == 2019) else 0.5
            start = _kies_dagen(rng, jaar, n, voorkant)
            duur = np.exp(np.log(g.duur_mediaan) + g.duur_sigma * ndtri(_gespreid(rng, n)))
            duur = np.clip(np.rint(duur), 14, 3650).astype(np.int64)
            rijen.append(pd.DataFrame({"productcode": code, "start": start, "duur": duur}))
    ep = pd.concat(rijen, ignore_index=True)
    ep["eind"] = ep["start"] + ep["duur"] - 1
    ep = ep[ep["eind"] >= _dag(f"{eerste}-01-01")]
    ep["wet"] = ep["productcode"].map({c: p.wet for c, p in _PRODUCT_PER_CODE.items()})
    return ep.sort_values(["start", "productcode"], kind="stable", ignore_index=True)


def _koppel_clienten(rng: np.random.Generator, ep: pd.DataFrame) -> np.ndarray:
    """Client number per episode: new, or an active client of the same wet."""
    client = np.empty(len(ep), dtype=np.int64)
    volgend = 0
    koppel = ep["productcode"].map({c: g.koppel_kans for c, g in DEMO_GEDRAG.items()}).to_numpy()
    trek = rng.random(len(ep))
    terug = rng.integers(1, 400, len(ep))
    start = ep["start"].to_numpy()
    eind = ep["eind"].to_numpy()
    for wet in ("WMO", "JW"):
        posities = np.flatnonzero(ep["wet"].to_numpy() == wet)
        for k, i in enumerate(posities):
            gekoppeld = False
            if trek[i] < koppel[i] and k > 0:
                j = posities[max(0, k - int(terug[i]))]
                if eind[j] >= start[i] - 30:
                    client[i] = client[j]
                    gekoppeld = True
            if not gekoppeld:
                client[i] = volgend
                volgend += 1
    return client


def _toewijzingen(rng: np.random.Generator, ep: pd.DataFrame) -> pd.DataFrame:
    """Split episodes into toewijzingen (re-indications), with providers and volumes."""
    peil = _dag(PEILDATUM)
    eerste = _dag(f"{DEMO_JAREN[0]}-01-01")
    overgang_eind = _dag(f"{DEMO_JAREN[0]}-12-31")
    n = len(ep)
    codes = ep["productcode"].to_numpy()
    # Per episode, drawn vectorised: provider (and an alternative after a switch),
    # allocated volume and the share of it that is delivered.
    aanb0 = np.zeros(n, dtype=np.int64)
    aanb1 = np.zeros(n, dtype=np.int64)
    volume0 = np.zeros(n)
    verz = np.zeros(n)
    for code, pool in AANBIEDER_POOL.items():
        m = codes == code
        k = int(m.sum())
        if k == 0:
            continue
        idx = np.array([a for a, _ in pool])
        w = np.array([g for _, g in pool], dtype=float)
        aanb0[m] = rng.choice(idx, size=k, p=w / w.sum())
        aanb1[m] = rng.choice(idx, size=k, p=w / w.sum())
        p, g = _PRODUCT_PER_CODE[code], DEMO_GEDRAG[code]
        v = p.volume[0] + rng.random(k) * (p.volume[1] - p.volume[0])
        volume0[m] = np.rint(v) if p.eenheid == "83" else np.rint(v * 2) / 2
        verz[m] = rng.uniform(*g.verzilvering, size=k)
    pool_u = rng.random(12 * n + 64)
    pos = 0
    maandeinde_cache: dict[int, int] = {}

    def maandeinde(dag: int) -> int:
        if dag not in maandeinde_cache:
            d = np.datetime64(dag, "D")
            maandeinde_cache[dag] = int(
                ((d.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1).astype(np.int64)
            )
        return maandeinde_cache[dag]

    uit: dict[str, list] = {
        k: []
        for k in (
            "episode",
            "client",
            "productcode",
            "aanbieder",
            "ingang",
            "einde",
            "volume",
            "verzilvering",
            "overgang",
        )
    }
    starts = ep["start"].to_numpy()
    einden = ep["eind"].to_numpy()
    clients = ep["client"].to_numpy()
    for i in range(n):
        code = codes[i]
        p = _PRODUCT_PER_CODE[code]
        g = DEMO_GEDRAG[code]
        lo = p.volume[0]
        aanbieder = int(aanb0[i])
        volume = float(volume0[i])
        start = int(starts[i])
        begin = max(start, eerste)
        einde_ep = int(einden[i])
        eerste_segment = True
        while True:
            if pos + 6 > len(pool_u):
                pool_u = np.concatenate([pool_u, rng.random(4 * n + 64)])
            u = pool_u[pos : pos + 6]
            pos += 6
            if start < eerste and eerste_segment and p.frequentie != "6":
                plan = overgang_eind  # overgangsrecht: first toewijzing runs to 31-12-2015
            else:
                plan = begin + int(g.herindicatie_dagen * (0.8 + 0.4 * u[0])) - 1
                if u[1] < 0.35:  # end on the last day of the month
                    plan = maandeinde(plan)
            laatste = plan >= einde_ep
            eind_seg = einde_ep if laatste else plan
            uit["episode"].append(ep.index[i])
            uit["client"].append(clients[i])
            uit["productcode"].append(code)
            uit["aanbieder"].append(aanbieder)
            uit["ingang"].append(begin)
            # Running at the cut-off: open-ended, or the planned end in the future.
            uit["einde"].append(-1 if (eind_seg > peil and g.onbepaald) else eind_seg)
            uit["volume"].append(volume)
            uit["verzilvering"].append(float(verz[i]))
            uit["overgang"].append(bool(start < eerste and eerste_segment))
            if laatste or plan >= peil:
                break
            eerste_segment = False
            # Next toewijzing: usually back-to-back, sometimes overlapping.
            begin = plan + 1
            if u[2] < 0.08:
                begin = max(begin - 1 - int(u[3] * 30), uit["ingang"][-1] + 1)
            if u[4] < 0.30 and p.eenheid != "14":
                volume = max(lo / 2, float(np.rint(volume * (0.8 + 0.4 * u[3]) * 2) / 2))
            if u[5] < 0.08:
                aanbieder = int(aanb1[i])
    tw = pd.DataFrame(uit)
    tw = tw.sort_values(["ingang", "episode"], kind="stable", ignore_index=True)
    jaar = pd.to_datetime(tw["ingang"], unit="D").dt.year
    volgnr = tw.groupby(jaar).cumcount() + 1
    tw["toewijzingnummer"] = "T" + jaar.astype(str) + volgnr.map("{:06d}".format)
    tw["jaar"] = jaar
    return tw


def _perioden(tw: pd.DataFrame, periode: str) -> pd.DataFrame:
    """Declaration periods per toewijzing (delivered volume without tariff)."""
    peil = _dag(PEILDATUM)
    ingang = tw["ingang"].to_numpy()
    einde = tw["einde"].to_numpy()
    einde = np.where((einde < 0) | (einde > peil), peil, einde)
    geldig = ingang <= einde
    mnd_per = 3 if periode == "kwartaal" else 12
    m0 = np.datetime64("1970-01", "M")

    def pnr(dag: np.ndarray) -> np.ndarray:
        return (dag.astype("datetime64[D]").astype("datetime64[M]") - m0).astype(
            np.int64
        ) // mnd_per

    eenheid = tw["productcode"].map({c: p.eenheid for c, p in _PRODUCT_PER_CODE.items()}).to_numpy()
    freq = tw["productcode"].map({c: p.frequentie for c, p in _PRODUCT_PER_CODE.items()}).to_numpy()
    totaal = freq == "6"
    # Hulpmiddelen taken over on 1-1-2015 were paid before 2015: nothing to declare.
    geldig &= ~(totaal & tw["overgang"].to_numpy())
    p_in = pnr(ingang)
    p_uit = np.where(totaal, p_in, pnr(einde))
    n = np.where(geldig, p_uit - p_in + 1, 0)
    rij = np.repeat(np.arange(len(tw)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    per = p_in[rij] + k
    p_start = (m0 + per * mnd_per).astype("datetime64[D]").astype(np.int64)
    p_eind = (m0 + (per + 1) * mnd_per).astype("datetime64[D]").astype(np.int64) - 1
    van = np.maximum(p_start, ingang[rij])
    tot = np.minimum(p_eind, einde[rij])
    dagen = (tot - van + 1).astype(float)
    vol = tw["volume"].to_numpy()[rij]
    verz = tw["verzilvering"].to_numpy()[rij]
    f = freq[rij]
    geleverd = np.select(
        [f == "1", f == "2", f == "4", f == "6"],
        [vol * dagen, vol * dagen / 7.0, vol * dagen / 30.4375, vol],
        default=0.0,
    )
    geleverd = np.where(f == "6", geleverd, geleverd * verz)
    e = eenheid[rij]
    geleverd = np.where(
        e == "04",
        np.rint(geleverd * 4) / 4,
        np.where(e == "83", np.round(geleverd, 2), np.rint(geleverd)),
    )
    tot = np.where(totaal[rij], van, tot)
    d = pd.DataFrame(
        {
            "tw": rij,
            "periode_start": van,
            "periode_eind": tot,
            "geleverd_volume": geleverd,
            "eenheid": e,
        }
    )
    return d[d["geleverd_volume"] > 0].reset_index(drop=True)


#: Median waiting times per year of the melding: (onderzoek in weeks: melding -> aanvraag,
#: besluit in weeks: aanvraag -> besluit, levering in days: besluit -> start of care).
#: 2019 is the year of the abonnementstarief rush and the new Twentse model (longer waits).
WACHTTIJDEN = {
    2014: (4.5, 1.5, 10),
    2015: (4.5, 1.5, 10),
    2016: (4.0, 1.5, 10),
    2017: (4.0, 1.5, 10),
    2018: (4.5, 1.5, 12),
    2019: (6.5, 2.2, 21),
    2020: (5.5, 1.8, 15),
    2021: (5.0, 1.5, 12),
    2022: (5.0, 1.5, 12),
    2023: (5.0, 1.5, 12),
    2024: (5.0, 1.5, 12),
}
#: Chance that a new episode starts with a melding at the gemeente (jeugd often comes in
#: via huisarts or court, without melding).
MELDING_KANS = {"WMO": 0.80, "JW": 0.55, "51": 0.05, "47": 0.0, "48": 0.0}
#: Meldingen without toewijzing per toegekende melding (afgewezen, ingetrokken,
#: voorliggend); in 2019 the abonnementstarief attracts many more.
NIET_TOEGEKEND = {"WMO": 0.40, "JW": 0.25}
NIET_TOEGEKEND_2019_FACTOR = 1.15


def _meldingen(
    rng: np.random.Generator, ep: pd.DataFrame, tw: pd.DataFrame, n_client: int
) -> tuple[pd.DataFrame, int]:
    """Meldingen: one per new episode that came in via the gemeente, plus rejected ones.

    Returns the meldingen (dates as day numbers, -1 = empty) and the new client count
    (people whose melding did not lead to care get a new client number).
    """
    eerste = _dag(f"{DEMO_JAREN[0]}-01-01")
    peil = _dag(PEILDATUM)
    start = tw.groupby("episode")["ingang"].min()
    ep = ep.loc[start.index].assign(ingang=start.to_numpy())
    pc = ep["productcode"].str[:2]
    kans = np.where(
        pc.isin(["51", "47", "48"]), pc.map(MELDING_KANS).fillna(0), ep["wet"].map(MELDING_KANS)
    ).astype(float)
    ep = ep[(rng.random(len(ep)) < kans) & (ep["start"].to_numpy() >= eerste)]
    n = len(ep)
    ingang = ep["ingang"].to_numpy()
    z = np.exp(rng.normal(0, [0.5, 0.4, 0.4], (n, 3)))
    # Waiting times belong to the year of the melding: estimate it with the start year,
    # then compute again with the medians of the estimated melding year.
    jaar = pd.to_datetime(ingang, unit="D").year.to_numpy()
    for _ in range(2):
        med = np.array([WACHTTIJDEN[int(min(max(j, 2014), 2024))] for j in jaar], dtype=float)
        levering = np.rint(med[:, 2] * z[:, 0]).astype(np.int64)
        besluit = np.rint(7 * med[:, 1] * z[:, 1]).astype(np.int64)
        onderzoek = np.rint(7 * med[:, 0] * z[:, 2]).astype(np.int64)
        d_besluit = ingang - levering
        d_aanvraag = d_besluit - besluit
        d_melding = d_aanvraag - onderzoek
        jaar = pd.to_datetime(d_melding, unit="D").year.to_numpy()
    toegekend = pd.DataFrame(
        {
            "client": ep["client"].to_numpy(),
            "wet": ep["wet"].to_numpy(),
            "datum_melding": d_melding,
            "datum_aanvraag": d_aanvraag,
            "datum_besluit": d_besluit,
            "uitkomst": "toegekend",
        }
    )
    toegekend = toegekend[toegekend["datum_melding"] >= eerste]

    # Meldingen that did not lead to care.
    delen = [toegekend]
    per_jaar = pd.to_datetime(toegekend["datum_melding"], unit="D").dt.year
    for wet in ("WMO", "JW"):
        for jaar_ in DEMO_JAREN:
            basis = int(((per_jaar == jaar_) & (toegekend["wet"] == wet)).sum())
            factor = NIET_TOEGEKEND[wet]
            voorkant = 0.5
            if wet == "WMO" and jaar_ == 2019:
                factor *= NIET_TOEGEKEND_2019_FACTOR
                voorkant = 0.62
            k = int(round(basis * factor))
            if k == 0:
                continue
            dm = _kies_dagen(rng, jaar_, k, voorkant)
            uitkomst = rng.choice(
                ["afgewezen", "ingetrokken", "voorliggend"], size=k, p=[0.30, 0.25, 0.45]
            )
            jr = np.full(k, min(jaar_, 2024))
            med = np.array([WACHTTIJDEN[int(j)] for j in jr], dtype=float)
            da = dm + np.rint(7 * med[:, 0] * np.exp(rng.normal(0, 0.4, k))).astype(np.int64)
            db = da + np.rint(7 * med[:, 1] * np.exp(rng.normal(0, 0.4, k))).astype(np.int64)
            # voorliggend: settled in the onderzoek, no aanvraag and no besluit
            # ingetrokken: half withdrew after the aanvraag; no besluit
            da = np.where(
                (uitkomst == "voorliggend") | ((uitkomst == "ingetrokken") & (rng.random(k) < 0.5)),
                -1,
                da,
            )
            db = np.where(uitkomst == "afgewezen", db, -1)
            nieuw = rng.random(k) < 0.7
            client = np.where(nieuw, n_client + np.arange(k), rng.integers(0, n_client, k))
            n_client += k
            delen.append(
                pd.DataFrame(
                    {
                        "client": client,
                        "wet": wet,
                        "datum_melding": dm,
                        "datum_aanvraag": da,
                        "datum_besluit": db,
                        "uitkomst": uitkomst,
                    }
                )
            )
    # Meldingen of the last weeks that are still in onderzoek (care would start in 2025).
    for wet in ("WMO", "JW"):
        basis = int(((per_jaar == DEMO_JAREN[-1]) & (toegekend["wet"] == wet)).sum())
        k = int(round(basis * 8 / 52))
        if k == 0:
            continue
        dm = peil - rng.integers(0, 56, k)
        da = dm + np.rint(7 * 5.0 * np.exp(rng.normal(0, 0.4, k))).astype(np.int64)
        client = np.where(
            rng.random(k) < 0.7, n_client + np.arange(k), rng.integers(0, n_client, k)
        )
        n_client += k
        delen.append(
            pd.DataFrame(
                {
                    "client": client,
                    "wet": wet,
                    "datum_melding": dm,
                    "datum_aanvraag": da,
                    "datum_besluit": -1,
                    "uitkomst": "lopend",
                }
            )
        )
    m = pd.concat(delen, ignore_index=True)
    # Meldingen still in progress at the cut-off.
    for kol in ("datum_aanvraag", "datum_besluit"):
        m.loc[m[kol] > peil, kol] = -1
    lopend = (m["datum_besluit"] < 0) & (m["uitkomst"].isin(["toegekend", "afgewezen"]))
    m.loc[lopend, "uitkomst"] = "lopend"
    m = m[m["datum_melding"] <= peil]
    m = m.sort_values(["datum_melding", "client"], kind="stable", ignore_index=True)
    jaar = pd.to_datetime(m["datum_melding"], unit="D").dt.year
    m["melding_id"] = (
        "M" + jaar.astype(str) + "-" + (m.groupby(jaar).cumcount() + 1).map("{:05d}".format)
    )
    return m, n_client


#: Plausible inhabitants of Hengelo on 1 January (2023 and 2024 are CBS figures as used in
#: Iv3 and the gemeenteklassen; earlier years are smoothed, not official).
BEVOLKING_TOTAAL = {
    2015: 80_593,
    2016: 80_809,
    2017: 80_840,
    2018: 81_041,
    2019: 81_140,
    2020: 81_238,
    2021: 81_463,
    2022: 81_748,
    2023: 82_311,
    2024: 83_058,
}
#: Share 0-17 and 65+ in 2015 and 2024 (interpolated in between).
_AANDEEL_0_17 = (0.189, 0.176)
_AANDEEL_65PLUS = (0.205, 0.226)

#: Differences between begroting-realisatie and the declaraties, on purpose (documented in
#: the README) so that a reconciliation has something to find.
PGB_OPSLAG = {"WMO": 0.020, "JW": 0.015}
REALISATIE_POSTEN: tuple[tuple[int, str, float, str], ...] = (
    (2019, "6.71", 180_000.0, "nagekomen declaraties 2018, verantwoord in 2019"),
    (2021, "6.6", -95_000.0, "terugontvangen en herverstrekte hulpmiddelen"),
    (2023, "6.72b", 350_000.0, "landelijk ingekochte zorg (LTA) buiten de declaraties"),
    (2024, "6.73c", -220_000.0, "vrijval te hoog geraamde overlopende passiva 2023"),
)
#: Maatschappelijke opvang and vrouwenopvang: no declaraties (subsidy), only in the budget.
OPVANG_PER_JAAR = 950_000.0

TAAKVELD_NAMEN = {
    "6.6": "Maatwerkvoorzieningen (Wmo)",
    "6.71": "Maatwerkdienstverlening 18+",
    "6.72": "Maatwerkdienstverlening 18-",
    "6.81": "Geëscaleerde zorg 18+",
    "6.82": "Geëscaleerde zorg 18-",
    "6.71a": "Huishoudelijke hulp (Wmo)",
    "6.71b": "Begeleiding (Wmo)",
    "6.71c": "Dagbesteding (Wmo)",
    "6.71d": "Overige maatwerkarrangementen (Wmo)",
    "6.72a": "Jeugdhulp begeleiding",
    "6.72b": "Jeugdhulp behandeling",
    "6.72c": "Jeugdhulp dagbesteding",
    "6.72d": "Jeugdhulp zonder verblijf overig",
    "6.73a": "Pleegzorg",
    "6.73b": "Gezinsgericht",
    "6.73c": "Jeugdhulp met verblijf overig",
    "6.74a": "Jeugdhulp behandeling GGZ zonder verblijf",
    "6.74b": "Jeugdhulp crisis/LTA/GGZ-verblijf",
    "6.74c": "Gesloten plaatsing",
    "6.81a": "Beschermd wonen (Wmo)",
    "6.81b": "Maatschappelijke- en vrouwenopvang",
    "6.82a": "Jeugdbescherming",
    "6.82b": "Jeugdreclassering",
}


def oude_taakveld(code: str) -> str:
    """Iv3 taakveld 2017-2022 for a 2023-2024 code.

    >>> oude_taakveld("6.74b"), oude_taakveld("6.71a"), oude_taakveld("6.6")
    ('6.72', '6.71', '6.6')
    """
    if code.startswith(("6.72", "6.73", "6.74")):
        return "6.72"
    for oud in ("6.71", "6.81", "6.82"):
        if code.startswith(oud):
            return oud
    return code


def _bevolking() -> pd.DataFrame:
    rijen = []
    jaren = sorted(BEVOLKING_TOTAAL)
    for i, jaar in enumerate(jaren):
        t = i / (len(jaren) - 1)
        totaal = BEVOLKING_TOTAAL[jaar]
        jong = int(round(totaal * (_AANDEEL_0_17[0] + t * (_AANDEEL_0_17[1] - _AANDEEL_0_17[0]))))
        oud = int(
            round(totaal * (_AANDEEL_65PLUS[0] + t * (_AANDEEL_65PLUS[1] - _AANDEEL_65PLUS[0])))
        )
        for groep, n in (("totaal", totaal), ("0-17", jong), ("18+", totaal - jong), ("65+", oud)):
            rijen.append(
                {
                    "gemeente": instellingen.GEMEENTE_NAAM,
                    "jaar": jaar,
                    "leeftijdsgroep": groep,
                    "aantal": n,
                }
            )
    return pd.DataFrame(rijen)


def _begroting(rng: np.random.Generator, kosten: pd.DataFrame, schaal: float) -> pd.DataFrame:
    """Begroting (primitief, gewijzigd) and realisatie per taakveld 2017-2024.

    ``kosten`` holds the declared amounts per jaar, taakveld (2023 code) and wet.
    """
    k = kosten.copy()
    k["bedrag"] = k["bedrag"] * (1 + k["wet"].map(PGB_OPSLAG))
    k["code"] = np.where(k["jaar"] >= 2023, k["taakveld"], k["taakveld"].map(oude_taakveld))
    real = k.groupby(["jaar", "code"], as_index=False)["bedrag"].sum()
    extra = [
        {
            "jaar": j,
            "code": "6.81" if j < 2023 else "6.81b",
            "bedrag": OPVANG_PER_JAAR * schaal * PRIJSINDEX[j],
        }
        for j in range(2017, 2025)
    ]
    extra += [{"jaar": j, "code": c, "bedrag": b * schaal} for j, c, b, _ in REALISATIE_POSTEN]
    real = pd.concat([real, pd.DataFrame(extra)], ignore_index=True)
    real = real.groupby(["jaar", "code"], as_index=False)["bedrag"].sum()
    real = real[real["jaar"].between(2017, 2024)].reset_index(drop=True)
    jeugd = real["code"].str.match(r"6\.7[234]|6\.82")
    tekort = np.where(real["jaar"].between(2018, 2021), 0.82, 0.87)
    f_prim = np.where(
        jeugd, tekort * rng.uniform(0.98, 1.02, len(real)), rng.uniform(0.97, 1.03, len(real))
    )
    prim = real["bedrag"] * f_prim
    gew = prim + 0.75 * (real["bedrag"] - prim) * rng.uniform(0.95, 1.05, len(real))
    rijen = []
    for soort, bedrag in (
        ("primitief", np.round(prim, -3)),
        ("gewijzigd", np.round(gew, -3)),
        ("realisatie", np.round(real["bedrag"], 0)),
    ):
        rijen.append(
            pd.DataFrame(
                {
                    "jaar": real["jaar"],
                    "taakveld": real["code"],
                    "omschrijving": real["code"].map(TAAKVELD_NAMEN),
                    "soort": soort,
                    "bedrag_eur": bedrag.astype(float),
                }
            )
        )
    b = pd.concat(rijen, ignore_index=True)
    volgorde = {"primitief": 0, "gewijzigd": 1, "realisatie": 2}
    b = b.assign(_s=b["soort"].map(volgorde))
    return b.sort_values(["jaar", "taakveld", "_s"], ignore_index=True).drop(columns="_s")


def _fmt_datum(dagen: np.ndarray) -> np.ndarray:
    """Day numbers as ``dd-mm-jjjj``; negative = empty."""
    dagen = np.asarray(dagen, dtype=np.int64)
    iso = np.datetime_as_string(np.maximum(dagen, 0).astype("datetime64[D]"))
    s = pd.Series(iso)
    uit = (s.str[8:10] + "-" + s.str[5:7] + "-" + s.str[0:4]).to_numpy(dtype=object)
    uit[dagen < 0] = ""
    return uit


def _fmt_getal(x: np.ndarray, decimalen: int = 2, vast: bool = True) -> np.ndarray:
    """Numbers with a decimal comma; ``vast=False`` drops trailing zeros (``3,5``, ``7``)."""
    uit = []
    for v in np.asarray(x, dtype=float):
        t = f"{v:.{decimalen}f}"
        if not vast and "." in t:
            t = t.rstrip("0").rstrip(".")
        uit.append(t.replace(".", ","))
    return np.array(uit, dtype=object)


#: Declarations are exported per toewijzing per calendar year (``"jaar"``); ``"kwartaal"``
#: is supported but makes the Hengelo-sized demo about 3.5 times larger.
DECLARATIE_PERIODE = "jaar"
#: Share of declaration lines that are credited and declared again with another volume.
CREDIT_KANS = 0.002

_KOP_TOEWIJZINGEN_OUD = {
    "toewijzingnummer": "Beschikkingnummer",
    "bsn": "BSN",
    "wet": "Wet",
    "productcategorie": "Product categorie",
    "productcode": "Productcode",
    "aanbieder_agb": "AGB code",
    "aanbieder_naam": "Naam aanbieder",
    "ingangsdatum": "Startdatum",
    "einddatum": "Einddatum",
    "volume": "Omvang",
    "eenheid": "Eenheid",
    "frequentie": "Frequentie",
    "tarief_eur": "Tarief",
}
_KOP_DECLARATIES_OUD = {
    "toewijzingnummer": "Toewijzingsnummer",
    "periode_start": "Prestatie begindatum",
    "periode_eind": "Prestatie einddatum",
    "geleverd_volume": "Geleverde eenheden",
    "eenheid": "Eenheid",
    "bedrag_eur": "Declaratiebedrag",
}
_KOP_MELDINGEN = {
    "melding_id": "Zaaknummer",
    "bsn": "BSN",
    "wet": "Wet",
    "datum_melding": "Meldingsdatum",
    "datum_aanvraag": "Aanvraagdatum",
    "datum_besluit": "Besluitdatum",
    "uitkomst": "Resultaat",
}
#: Years whose exports come from the old system (other headers); 2016 is also cp1252.
OUDE_SYSTEEM_JAREN = (2015, 2016, 2017)
CP1252_BESTAND = "toewijzingen_2016"


@dataclass
class DemoResultaat:
    """Everything one generation produces.

    Attributes:
        tabellen: Raw tables as written (see :func:`genereer_demo`).
        fouten: The deliberately bad rows: ``bestand``, ``regel`` (line in the file,
            header = 1), ``kolom``, ``fout``.
        kalibratie: Declared cost 2023 per taakveld against Hengelo's Iv3 2023
            (``iv3_2023_eur`` scaled, ``demo_2023_eur``, ``verschil_procent``,
            ``tarieffactor``).
        schaal: Size relative to Hengelo (1.0 = full size).
        schoon: The clean tables before formatting: ``toewijzingen`` (day numbers since
            1970-01-01 in ``ingang``/``einde``, ``einde`` -1 = open), ``declaraties`` and
            ``meldingen`` (day numbers, -1 = empty), with internal client numbers.
    """

    tabellen: dict[str, pd.DataFrame]
    fouten: list[dict]
    kalibratie: pd.DataFrame
    schaal: float
    schoon: dict[str, pd.DataFrame]


def bouw_demo(seed: int = instellingen.DEMO_SEED, clients: int | None = None) -> DemoResultaat:
    """Generate the demo gemeente and keep the clean tables, calibration and error list.

    Args:
        seed: Random seed.
        clients: Approximate number of distinct clients; ``None`` = Hengelo-sized.

    Returns:
        :class:`DemoResultaat`.

    Raises:
        ValueError: when ``clients`` is below 200.

    >>> r = bouw_demo(clients=600)
    >>> 20 <= len(r.fouten) <= 40
    True
    """
    if clients is not None and clients < 200:
        raise ValueError(
            f"clients moet minstens 200 zijn (kleiner geeft te weinig cliënten per "
            f"categorie), niet {clients}."
        )
    schaal = 1.0 if clients is None else clients / VOLLEDIG_AANTAL_CLIENTEN
    rng = np.random.default_rng(seed)
    ep = _episodes(rng, schaal)
    ep["client"] = _koppel_clienten(rng, ep)
    tw = _toewijzingen(rng, ep)
    per = _perioden(tw, DECLARATIE_PERIODE)

    # Tariffs: list price x price index of the start year, calibrated per taakveld so that
    # the declared cost of 2023 matches Hengelo's Iv3 jaarrekening 2023 (scaled).
    info = _PRODUCT_PER_CODE
    tw["taakveld"] = tw["productcode"].map({c: p.taakveld for c, p in info.items()})
    euro = tw["productcode"].map({c: p.eenheid == "83" for c, p in info.items()}).to_numpy()
    basis = tw["productcode"].map({c: p.tarief_2023 for c, p in info.items()})
    tarief0 = basis * tw["jaar"].map(PRIJSINDEX).fillna(1.0)
    jaar_p = pd.to_datetime(per["periode_start"], unit="D").dt.year.to_numpy()
    kost0 = per["geleverd_volume"].to_numpy() * tarief0.to_numpy()[per["tw"].to_numpy()]
    tv_p = tw["taakveld"].to_numpy()[per["tw"].to_numpy()]
    k23 = pd.Series(kost0[jaar_p == 2023]).groupby(tv_p[jaar_p == 2023]).sum()
    factor = {}
    for tv, doel in IV3_HENGELO_2023_DZD.items():
        gemeten = float(k23.get(tv, 0.0))
        factor[tv] = (
            1.0
            if doel == 0 or gemeten == 0
            else float(np.clip(doel * 1000 * schaal / gemeten, 0.5, 2.0))
        )
    f_tw = tw["taakveld"].map(factor).to_numpy()
    tw["tarief"] = np.where(euro, 1.0, np.round(tarief0.to_numpy() * f_tw, 2))
    tw["volume"] = np.where(euro, np.round(tw["volume"].to_numpy() * f_tw, 0), tw["volume"])
    f_per = np.where(euro[per["tw"].to_numpy()], f_tw[per["tw"].to_numpy()], 1.0)
    per["geleverd_volume"] = np.where(
        f_per != 1.0, np.round(per["geleverd_volume"] * f_per, 2), per["geleverd_volume"]
    )
    per["bedrag"] = np.round(per["geleverd_volume"] * tw["tarief"].to_numpy()[per["tw"]], 2)

    # Credit lines: a declaration is credited in full and declared again.
    kies = np.flatnonzero(
        (rng.random(len(per)) < CREDIT_KANS) & (per["geleverd_volume"].to_numpy() >= 2)
    )
    credit = per.iloc[kies].copy()
    credit["geleverd_volume"] = -credit["geleverd_volume"]
    credit["bedrag"] = -credit["bedrag"]
    opnieuw = per.iloc[kies].copy()
    nieuw_vol = np.where(
        opnieuw["eenheid"] == "04",
        np.rint(opnieuw["geleverd_volume"] * 0.9 * 4) / 4,
        np.floor(opnieuw["geleverd_volume"] * 0.9),
    )
    opnieuw["geleverd_volume"] = nieuw_vol
    opnieuw["bedrag"] = np.round(nieuw_vol * tw["tarief"].to_numpy()[opnieuw["tw"]], 2)
    per = pd.concat([per, credit, opnieuw]).sort_index(kind="stable").reset_index(drop=True)

    # BSNs: one per client (also for people whose melding did not lead to care).
    meld, n_client = _meldingen(rng, ep, tw, int(ep["client"].max()) + 1)
    bsn = _bsn_reeks(rng, n_client)

    # Calibration table (declared cost 2023 per taakveld against Iv3).
    jaar_p = pd.to_datetime(per["periode_start"], unit="D").dt.year.to_numpy()
    tv_p = tw["taakveld"].to_numpy()[per["tw"].to_numpy()]
    wet_p = tw["productcode"].map({c: p.wet for c, p in info.items()}).to_numpy()[per["tw"]]
    kosten = (
        pd.DataFrame(
            {"jaar": jaar_p, "taakveld": tv_p, "wet": wet_p, "bedrag": per["bedrag"].to_numpy()}
        )
        .groupby(["jaar", "taakveld", "wet"], as_index=False)["bedrag"]
        .sum()
    )
    k23 = kosten[kosten["jaar"] == 2023].set_index("taakveld")["bedrag"]
    kal = pd.DataFrame({"taakveld": list(IV3_HENGELO_2023_DZD)})
    kal["iv3_2023_eur"] = kal["taakveld"].map(IV3_HENGELO_2023_DZD) * 1000.0 * schaal
    kal["demo_2023_eur"] = kal["taakveld"].map(k23).fillna(0.0)
    kal["verschil_procent"] = np.where(
        kal["iv3_2023_eur"] > 0,
        100 * (kal["demo_2023_eur"] / kal["iv3_2023_eur"].where(kal["iv3_2023_eur"] > 0) - 1),
        np.nan,
    )
    kal["tarieffactor"] = kal["taakveld"].map(factor)
    begroting = _begroting(rng, kosten, schaal)

    tabellen, fouten = _naar_ruw(rng, tw, per, meld, bsn)
    tabellen["productcodes"] = productcodes_tabel()
    tabellen["bevolking"] = _bevolking()
    tabellen["begroting_demo"] = begroting
    return DemoResultaat(
        tabellen=tabellen,
        fouten=fouten,
        kalibratie=kal,
        schaal=schaal,
        schoon={"toewijzingen": tw, "declaraties": per, "meldingen": meld},
    )


def _voeg_in(
    rng: np.random.Generator,
    df: pd.DataFrame,
    rij: dict,
    fout: str,
    kolom: str,
    achteraan: bool = False,
    na: int = 1,
) -> pd.DataFrame:
    """Insert one (bad) row at a random place (from position ``na``), marked in ``_fout``."""
    rij = {**rij, "_fout": fout, "_kolom": kolom}
    na = min(max(na, 1), len(df))
    pos = len(df) if achteraan else int(rng.integers(na, max(na + 1, len(df))))
    nieuw = pd.DataFrame([rij], columns=df.columns)
    return pd.concat([df.iloc[:pos], nieuw, df.iloc[pos:]], ignore_index=True)


def _naar_ruw(
    rng: np.random.Generator,
    tw: pd.DataFrame,
    per: pd.DataFrame,
    meld: pd.DataFrame,
    bsn: np.ndarray,
) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Format the clean tables as exported text, split per year, and add the bad rows."""
    info = _PRODUCT_PER_CODE
    aanb = tw["aanbieder"].to_numpy()
    t = pd.DataFrame(
        {
            "toewijzingnummer": tw["toewijzingnummer"].to_numpy(),
            "bsn": np.array([f"{b:09d}" for b in bsn[tw["client"].to_numpy()]], dtype=object),
            "wet": tw["productcode"].map({c: p.wet for c, p in info.items()}).to_numpy(),
            "productcategorie": tw["productcode"].str[:2].to_numpy(),
            "productcode": tw["productcode"].to_numpy(),
            "aanbieder_agb": np.array([AANBIEDERS[a].agb for a in aanb], dtype=object),
            "aanbieder_naam": np.array([AANBIEDERS[a].naam for a in aanb], dtype=object),
            "ingangsdatum": _fmt_datum(tw["ingang"].to_numpy()),
            "einddatum": _fmt_datum(tw["einde"].to_numpy()),
            "volume": _fmt_getal(tw["volume"].to_numpy(), 2, vast=False),
            "eenheid": tw["productcode"].map({c: p.eenheid for c, p in info.items()}).to_numpy(),
            "frequentie": tw["productcode"]
            .map({c: p.frequentie for c, p in info.items()})
            .to_numpy(),
            "tarief_eur": _fmt_getal(tw["tarief"].to_numpy(), 2),
            "_fout": "",
            "_kolom": "",
        }
    )
    t_jaar = tw["jaar"].to_numpy()
    d = pd.DataFrame(
        {
            "toewijzingnummer": tw["toewijzingnummer"].to_numpy()[per["tw"].to_numpy()],
            "periode_start": _fmt_datum(per["periode_start"].to_numpy()),
            "periode_eind": _fmt_datum(per["periode_eind"].to_numpy()),
            "geleverd_volume": _fmt_getal(per["geleverd_volume"].to_numpy(), 2, vast=False),
            "eenheid": per["eenheid"].to_numpy(),
            "bedrag_eur": _fmt_getal(per["bedrag"].to_numpy(), 2),
            "_fout": "",
            "_kolom": "",
        }
    )
    d_jaar = pd.to_datetime(per["periode_start"], unit="D").dt.year.to_numpy()
    m = pd.DataFrame(
        {
            "melding_id": meld["melding_id"].to_numpy(),
            "bsn": np.array([f"{b:09d}" for b in bsn[meld["client"].to_numpy()]], dtype=object),
            "wet": meld["wet"].to_numpy(),
            "datum_melding": _fmt_datum(meld["datum_melding"].to_numpy()),
            "datum_aanvraag": _fmt_datum(meld["datum_aanvraag"].to_numpy()),
            "datum_besluit": _fmt_datum(meld["datum_besluit"].to_numpy()),
            "uitkomst": meld["uitkomst"].to_numpy(),
            "_fout": "",
            "_kolom": "",
        }
    )
    tabellen: dict[str, pd.DataFrame] = {}
    for jaar in DEMO_JAREN:
        tabellen[f"toewijzingen_{jaar}"] = t[t_jaar == jaar].reset_index(drop=True)
    for jaar in DEMO_JAREN:
        tabellen[f"declaraties_{jaar}"] = d[d_jaar == jaar].reset_index(drop=True)
    tabellen["meldingen"] = m

    # ---- deliberately bad rows (see README) ----
    teller = iter(range(1, 1000))

    def kopie(naam: str) -> dict:
        df = tabellen[naam]
        bron = df[df["_fout"] == ""]
        return bron.iloc[int(rng.integers(0, len(bron)))].to_dict()

    def nieuw_nr(jaar: int) -> str:
        return f"T{jaar}9{next(teller):05d}"

    def fout_bsn(b: str) -> str:
        return b[:8] + str((int(b[8]) + 3) % 10)

    def voeg(
        naam: str, rij: dict, fout: str, kolom: str, achteraan: bool = False, na: int = 1
    ) -> None:
        tabellen[naam] = _voeg_in(rng, tabellen[naam], rij, fout, kolom, achteraan, na)

    r = kopie("toewijzingen_2019")
    voeg(
        "toewijzingen_2019",
        {**r, "toewijzingnummer": nieuw_nr(2019), "ingangsdatum": "31-02-2019"},
        "onmogelijke datum",
        "ingangsdatum",
    )
    r = kopie("toewijzingen_2018")
    voeg(
        "toewijzingen_2018",
        {**r, "toewijzingnummer": nieuw_nr(2018), "ingangsdatum": "15-13-2018"},
        "onmogelijke datum",
        "ingangsdatum",
    )
    for jaar in (2017, 2020, 2022):
        r = kopie(f"toewijzingen_{jaar}")
        dag = np.datetime64(
            f"{r['ingangsdatum'][6:]}-{r['ingangsdatum'][3:5]}-{r['ingangsdatum'][:2]}"
        ) - np.timedelta64(30, "D")
        voeg(
            f"toewijzingen_{jaar}",
            {
                **r,
                "toewijzingnummer": nieuw_nr(jaar),
                "einddatum": _fmt_datum(np.array([dag.astype(np.int64)]))[0],
            },
            "einddatum voor ingangsdatum",
            "einddatum",
        )
    for jaar in (2016, 2021):
        r = kopie(f"toewijzingen_{jaar}")
        voeg(
            f"toewijzingen_{jaar}",
            {**r, "toewijzingnummer": nieuw_nr(jaar), "productcategorie": "99"},
            "onbekende productcategorie",
            "productcategorie",
        )
    r = kopie("toewijzingen_2022")
    voeg(
        "toewijzingen_2022",
        {**r, "toewijzingnummer": nieuw_nr(2022), "wet": "WLZ"},
        "onbekende wet",
        "wet",
    )
    for jaar in (2018, 2018, 2023):
        r = kopie(f"toewijzingen_{jaar}")
        plek = int(
            np.flatnonzero(
                tabellen[f"toewijzingen_{jaar}"]["toewijzingnummer"] == r["toewijzingnummer"]
            )[0]
        )
        # the copy comes after the original, as a second export run appended it
        voeg(f"toewijzingen_{jaar}", r, "dubbele regel (identiek)", "toewijzingnummer", na=plek + 1)
    for jaar in (2020, 2024):
        r = kopie(f"toewijzingen_{jaar}")
        vol = float(r["volume"].replace(",", ".")) + 1
        voeg(
            f"toewijzingen_{jaar}",
            {**r, "volume": _fmt_getal(np.array([vol]), 2, False)[0]},
            "dubbel toewijzingnummer met andere inhoud",
            "toewijzingnummer",
        )
    for jaar in (2017, 2023):
        r = kopie(f"toewijzingen_{jaar}")
        voeg(
            f"toewijzingen_{jaar}",
            {**r, "toewijzingnummer": nieuw_nr(jaar), "bsn": fout_bsn(r["bsn"])},
            "BSN zonder geldige elfproef",
            "bsn",
        )
    for jaar, waarde in ((2019, "#WAARDE!"), (2021, "n.v.t."), (2023, "12,50,00")):
        r = kopie(f"declaraties_{jaar}")
        voeg(f"declaraties_{jaar}", {**r, "bedrag_eur": waarde}, "onleesbaar bedrag", "bedrag_eur")
    r = kopie("declaraties_2021")
    voeg(
        "declaraties_2021",
        {**r, "periode_start": "00-00-2021"},
        "onmogelijke datum",
        "periode_start",
    )
    for jaar in (2016, 2022):
        r = kopie(f"declaraties_{jaar}")
        voeg(
            f"declaraties_{jaar}",
            {**r, "toewijzingnummer": f"T{jaar}999999"},
            "toewijzingnummer onbekend",
            "toewijzingnummer",
        )
    som = per.loc[d_jaar == 2020, "bedrag"].sum()
    voeg(
        "declaraties_2020",
        {
            "toewijzingnummer": "Totaal",
            "periode_start": "",
            "periode_eind": "",
            "geleverd_volume": "",
            "eenheid": "",
            "bedrag_eur": _fmt_getal(np.array([som]), 2)[0],
        },
        "totaalregel",
        "toewijzingnummer",
        achteraan=True,
    )
    r = kopie("meldingen")
    voeg(
        "meldingen",
        {**r, "melding_id": "M2020-99001", "bsn": fout_bsn(r["bsn"])},
        "BSN zonder geldige elfproef",
        "bsn",
    )
    r = kopie("meldingen")
    voeg(
        "meldingen",
        {**r, "melding_id": "M2020-99002", "datum_melding": "31-11-2020"},
        "onmogelijke datum",
        "datum_melding",
    )

    fouten = []
    for naam, df in tabellen.items():
        for i in np.flatnonzero(df["_fout"].to_numpy() != ""):
            fouten.append(
                {
                    "bestand": f"{naam}.csv",
                    "regel": int(i) + 2,
                    "kolom": df["_kolom"].iat[i],
                    "fout": df["_fout"].iat[i],
                }
            )
        tabellen[naam] = df.drop(columns=["_fout", "_kolom"])
    return tabellen, fouten


def genereer_demo(
    seed: int = instellingen.DEMO_SEED, clients: int | None = None
) -> dict[str, pd.DataFrame]:
    """Generate the synthetic demo gemeente as raw tables, exactly as they are exported.

    Keys are file names without extension (``toewijzingen_2019``, ``declaraties_2019``,
    ``meldingen``, ``productcodes``, ``bevolking``, ``begroting_demo``). The CSV tables
    hold text as written (dates ``dd-mm-jjjj``, decimal comma, canonical column names;
    :func:`schrijf_demo` gives the 2015-2017 exports the old system's headers). The
    ``begroting_demo`` table holds numbers (written as Excel with a title and totals row).

    Args:
        seed: Random seed; the same seed gives the same tables.
        clients: Approximate number of distinct clients over 2015-2024; ``None`` is a
            Hengelo-sized gemeente (about :data:`VOLLEDIG_AANTAL_CLIENTEN`).

    Returns:
        Dict of raw tables, including 24 deliberately bad rows (see README).

    Raises:
        ValueError: when ``clients`` is below 200.

    >>> t = genereer_demo(clients=600)
    >>> list(t["toewijzingen_2019"].columns[:4])
    ['toewijzingnummer', 'bsn', 'wet', 'productcategorie']
    >>> bool(t["toewijzingen_2019"]["productcategorie"].str.fullmatch(r"\\d\\d").all())
    True
    """
    return bouw_demo(seed, clients).tabellen


def _schrijf_xlsx(df: pd.DataFrame, pad: Path) -> None:
    """Write the begroting like a finance export: title, empty row, header, totals row.

    The file is byte-identical for identical input (fixed timestamps inside the zip).
    """
    import re
    import zipfile
    from datetime import datetime

    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Begroting"
    ws.append(
        [
            f"Gemeente {instellingen.GEMEENTE_NAAM} (SYNTHETISCH) - begroting en realisatie "
            "sociaal domein 2017-2024, lasten in euro's"
        ]
    )
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(["Jaar", "Taakveld", "Omschrijving", "Soort", "Bedrag (€)"])
    for cel in ws[3]:
        cel.font = Font(bold=True)
    for r in df.itertuples(index=False):
        ws.append([int(r.jaar), r.taakveld, r.omschrijving, r.soort, float(r.bedrag_eur)])
    ws.append(["Totaal", None, None, None, float(df["bedrag_eur"].sum())])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    for rij in ws.iter_rows(min_row=4, min_col=5, max_col=5):
        rij[0].number_format = "#,##0"
    ws.column_dimensions["C"].width = 42
    ws.column_dimensions["E"].width = 16
    vast = datetime(2025, 3, 1, 12, 0, 0)
    wb.properties.creator = "sdanalysis demo"
    wb.properties.created = vast
    wb.properties.modified = vast
    tijdelijk = pad.with_suffix(".tmp.xlsx")
    wb.save(tijdelijk)
    stempel = vast.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(tijdelijk) as zin, zipfile.ZipFile(pad, "w") as zuit:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stempel.encode(), data
                )
            info = zipfile.ZipInfo(item.filename, date_time=(2025, 3, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zuit.writestr(info, data)
    tijdelijk.unlink()


def _schrijf_csv(df: pd.DataFrame, pad: Path, naam: str) -> None:
    if naam.startswith("toewijzingen_") and int(naam[-4:]) in OUDE_SYSTEEM_JAREN:
        df = df.rename(columns=_KOP_TOEWIJZINGEN_OUD)
    elif naam.startswith("declaraties_") and int(naam[-4:]) in OUDE_SYSTEEM_JAREN:
        df = df.rename(columns=_KOP_DECLARATIES_OUD)
    elif naam == "meldingen":
        df = df.rename(columns=_KOP_MELDINGEN)
    if naam == CP1252_BESTAND:
        df.to_csv(pad, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    else:
        df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")


def schrijf_demo(
    out_dir: Path | str, clients: int | None = None, seed: int = instellingen.DEMO_SEED
) -> dict[str, int]:
    """Write the demo gemeente as raw export files plus a README into ``out_dir``.

    Existing demo files in ``out_dir`` (``toewijzingen_*.csv``, ``declaraties_*.csv``,
    ``meldingen.csv``, ``productcodes.csv``, ``bevolking.csv``, ``begroting_demo.xlsx``)
    are replaced; other files are left alone. The same seed and ``clients`` give
    byte-identical files.

    Args:
        out_dir: Target folder (created when missing), e.g. ``instellingen.DEMO_RAW_DIR``.
        clients: Approximate number of distinct clients; ``None`` = Hengelo-sized.
        seed: Random seed.

    Returns:
        Number of data rows written per table (injected bad rows included, title and
        header rows excluded; the begroting count includes its totals row).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    demo = bouw_demo(seed, clients)
    for oud in (*out.glob("toewijzingen_*.csv"), *out.glob("declaraties_*.csv")):
        oud.unlink()
    aantallen: dict[str, int] = {}
    for naam, df in demo.tabellen.items():
        tabel = naam.split("_")[0]
        if naam == "begroting_demo":
            _schrijf_xlsx(df, out / f"{naam}.xlsx")
            n = len(df) + 1
        else:
            _schrijf_csv(df, out / f"{naam}.csv", naam)
            n = len(df)
        aantallen[tabel] = aantallen.get(tabel, 0) + n
    (out / "README.md").write_text(_readme(demo, seed, clients, out), encoding="utf-8")
    return aantallen


def _euro(x: float) -> str:
    """Whole euros with Dutch thousands separators (README tables)."""
    return f"€ {x:,.0f}".replace(",", ".")


def _clienten_per_jaar(r: DemoResultaat) -> pd.DataFrame:
    """Distinct clients per categorie (rows) and year (columns), plus totals per wet.

    Also rows ``Wmo op 1 juli`` (clients with a running Wmo toewijzing on 1 July).
    """
    tw = r.schoon["toewijzingen"]
    cat = tw["productcode"].map({p.productcode: p.categorie for p in PRODUCTEN})
    wet = tw["productcode"].map({p.productcode: p.wet for p in PRODUCTEN})
    eind = np.where(tw["einde"] < 0, 10**7, tw["einde"])
    uit = {}
    for jaar in DEMO_JAREN:
        actief = (tw["ingang"] <= _dag(f"{jaar}-12-31")) & (eind >= _dag(f"{jaar}-01-01"))
        kolom = tw[actief].groupby(cat[actief])["client"].nunique()
        kolom["Wmo totaal"] = tw[actief & (wet == "WMO")]["client"].nunique()
        kolom["Jeugd totaal"] = tw[actief & (wet == "JW")]["client"].nunique()
        juli = _dag(f"{jaar}-07-01")
        kolom["Wmo op 1 juli"] = tw[(wet == "WMO") & (tw["ingang"] <= juli) & (eind >= juli)][
            "client"
        ].nunique()
        uit[jaar] = kolom
    return pd.DataFrame(uit).fillna(0).astype(int)


def _readme(demo: DemoResultaat, seed: int, clients: int | None, out: Path) -> str:
    """README.md of the demo folder: provenance, files, calibration and injected errors."""
    bestanden = sorted(p for p in out.iterdir() if p.is_file() and p.suffix in (".csv", ".xlsx"))
    regels = []
    totaal = 0
    for pad in bestanden:
        naam = pad.stem
        n = (
            len(demo.tabellen[naam]) + (1 if naam == "begroting_demo" else 0)
            if naam in demo.tabellen
            else 0
        )
        grootte = pad.stat().st_size
        totaal += grootte
        if naam == CP1252_BESTAND:
            opm = "cp1252, CRLF, kopregel oud systeem"
        elif pad.suffix == ".xlsx":
            opm = "Excel: titelregel + lege regel boven de kop, totaalregel onderaan"
        elif naam.split("_")[-1].isdigit() and int(naam[-4:]) in OUDE_SYSTEEM_JAREN:
            opm = "UTF-8 met BOM, kopregel oud systeem"
        elif naam == "meldingen":
            opm = "UTF-8 met BOM, kopregel zaaksysteem"
        else:
            opm = "UTF-8 met BOM"
        kb = f"{grootte / 1024:,.0f}".replace(",", ".")
        regels.append(f"| `{pad.name}` | {n} | {kb} kB | {opm} |")
    cmd = "sdanalysis demo" + (f" --clients {clients}" if clients else "") + f" --seed {seed}"
    kal = demo.kalibratie
    kal_regels = []
    for r in kal.itertuples():
        verschil = (
            "n.v.t." if r.iv3_2023_eur == 0 else f"{r.verschil_procent:+.1f}%".replace(".", ",")
        )
        kal_regels.append(
            f"| {r.taakveld} | {TAAKVELD_NAMEN[r.taakveld]} | {_euro(r.iv3_2023_eur)} | "
            f"{_euro(r.demo_2023_eur)} | {verschil} | "
            + f"{r.tarieffactor:.2f} |".replace(".", ",")
        )
    soorten: dict[str, int] = {}
    for f in demo.fouten:
        soorten[f["fout"]] = soorten.get(f["fout"], 0) + 1
    fout_regels = [
        f"| {f['bestand']} | {f['regel']} | {f['kolom']} | {f['fout']} |" for f in demo.fouten
    ]
    soort_regels = [f"| {k} | {v} |" for k, v in sorted(soorten.items())]
    codes = productcodes_tabel()
    code_regels = [
        f"| {r.wet} | {r.productcategorie} | {r.productcode or '(standaard)'} | {r.categorie} | "
        f"{r.taakveld or '-'} |"
        for r in codes.itertuples()
    ]
    product_regels = [
        f"| {p.productcode} | {p.omschrijving} | {p.eenheid} | {p.frequentie} | "
        f"{_euro(p.tarief_2023)} |"
        for p in PRODUCTEN
    ]
    posten = [
        f"| {j} | {tv} | {_euro(b * demo.schaal)} | {t} |" for j, tv, b, t in REALISATIE_POSTEN
    ]
    opvang = _euro(OPVANG_PER_JAAR * demo.schaal)
    cpj = _clienten_per_jaar(demo)
    wmo_min, wmo_max = int(cpj.loc["Wmo op 1 juli"].min()), int(cpj.loc["Wmo op 1 juli"].max())
    jw_min, jw_max = int(cpj.loc["Jeugd totaal"].min()), int(cpj.loc["Jeugd totaal"].max())
    cpj_regels = [
        "| categorie | " + " | ".join(str(j) for j in cpj.columns) + " |",
        "|---|" + "---:|" * len(cpj.columns),
    ]

    def tel(v: int) -> str:
        return instellingen.SUPPRESSIE_TEKEN if v < instellingen.SUPPRESSIE_DREMPEL else str(int(v))

    cpj_regels += [
        f"| {naam} | " + " | ".join(tel(v) for v in rij) + " |" for naam, rij in cpj.iterrows()
    ]
    m = demo.schoon["meldingen"]
    dm = pd.to_datetime(m.loc[m["wet"] == "WMO", "datum_melding"], unit="D")
    h18 = int(((dm >= "2018-01-01") & (dm < "2018-07-01")).sum())
    h19 = int(((dm >= "2019-01-01") & (dm < "2019-07-01")).sum())

    def punt(x: int) -> str:
        return f"{x:_}".replace("_", ".")

    schaal_tekst = (
        "op de schaal van Hengelo, de standaard"
        if clients is None
        else f"verkleind tot ongeveer {clients} cliënten, schaal {demo.schaal:.3f}"
    )
    return "\n".join(
        [
            "# SYNTHETISCHE demo-gemeente (geen echte gegevens)",
            "",
            "**Alle gegevens in deze map zijn verzonnen.** Cliënten, BSN's, zaaknummers, "
            "aanbieders, AGB-codes en bedragen zijn met een toevalsgenerator gemaakt door "
            "`sdanalysis.demo.genereer`. De BSN's zijn willekeurige 9-cijferige nummers die de elfproef "
            "doorstaan; ze horen bij niemand (toevallige gelijkenis met een bestaand nummer zegt "
            "niets over die persoon). Aanbiedersnamen zijn verzonnen.",
            "",
            f"Gemaakt met `{cmd}` ({schaal_tekst}); dezelfde seed geeft byte-identieke "
            "bestanden. In Python: `sdanalysis.demo.genereer.schrijf_demo(map, clients=None, seed=...)`.",
            "",
            "Het bestand `SYNTHETISCH` markeert de map als synthetisch; alleen dan gebruikt "
            "`sdanalysis build` de openbare demo-sleutel voor pseudonimisering.",
            "",
            "## Gemeente",
            "",
            f"Een gemeente ter grootte van {instellingen.GEMEENTE_NAAM} (ongeveer "
            f"{punt(instellingen.DEMO_INWONERS)} inwoners), 2015-2024, peildatum {PEILDATUM}. "
            f"Wmo: {punt(wmo_min)}-{punt(wmo_max)} cliënten tegelijk (op 1 juli); Jeugd: "
            f"{punt(jw_min)}-{punt(jw_max)} cliënten per jaar.",
            "",
            "## Bestanden",
            "",
            "| bestand | regels | grootte | opmerking |",
            "|---|---:|---:|---|",
            *regels,
            "",
            "Totaal " + f"{totaal / 1024 / 1024:.1f}".replace(".", ",") + " MB.",
            "",
            "- `toewijzingen_<jaar>.csv`: één bestand per jaar van de ingangsdatum; `;` als "
            "scheidingsteken, datums `dd-mm-jjjj`, decimale komma. 2015-2017 komen uit het oude "
            "systeem met andere kopnamen (Beschikkingnummer, Startdatum, AGB code, Omvang, "
            "Tarief ...); `toewijzingen_2016.csv` is cp1252. Lege einddatum = lopend "
            "(onbepaalde tijd: huishoudelijke ondersteuning, hulpmiddelen, beschermd wonen, "
            "pleegzorg); andere lopende toewijzingen hebben een einddatum na de peildatum. "
            "Toewijzingen die op 1-1-2015 al liepen (overgangsrecht) beginnen op 01-01-2015; "
            "hulpmiddelen die toen al in bruikleen waren, worden niet meer gedeclareerd.",
            "- `declaraties_<jaar>.csv`: per toewijzing per **kalenderjaar** (periode_start en "
            "periode_eind binnen het jaar en binnen de toewijzing). Bedrag = geleverd volume x "
            "tarief van de toewijzing. Per kwartaal zouden het ongeveer 2,7 keer zoveel regels zijn "
            "(de map zou dan ruim 20 MB worden); daarom per jaar. Creditregels "
            "(negatief volume en bedrag) worden gevolgd door een nieuwe regel met een lager volume.",
            "- `meldingen.csv`: Wmo- en Jeugdmeldingen (zaaksysteem) met meldings-, aanvraag- en "
            "besluitdatum en resultaat (toegekend, afgewezen, ingetrokken, voorliggend, lopend).",
            "- `productcodes.csv`: wet + productcategorie (+ productcode) → categorie en Iv3-taakveld "
            "(indeling 2023-2024); een lege productcode is de standaard voor de hele categorie.",
            "- `bevolking.csv`: inwoners op 1 januari (totaal, 0-17, 18+, 65+). 2023 en 2024 zijn "
            "de CBS-aantallen van Hengelo; eerdere jaren en de leeftijdsverdeling zijn plausibel "
            "gemaakt, niet officieel.",
            "- `begroting_demo.xlsx`: primitieve begroting, gewijzigde begroting en realisatie "
            "(lasten) per Iv3-taakveld 2017-2024; tot en met 2022 de oude taakvelden "
            "6.6/6.71/6.72/6.81/6.82, vanaf 2023 de verdeelde taakvelden (6.71a-d, 6.72a-d, "
            "6.73a-c, 6.74a-c, 6.81a-b, 6.82a-b).",
            "",
            "## Producten en codes",
            "",
            "| wet | productcategorie | productcode | categorie | taakveld |",
            "|---|---|---|---|---|",
            *code_regels,
            "",
            "| productcode | omschrijving | eenheid (WJ756) | frequentie (WMO757) | lijstprijs 2023 |",
            "|---|---|---|---|---:|",
            *product_regels,
            "",
            "Eenheden: 04 uur, 14 etmaal, 16 dagdeel, 82 stuks, 83 euro's; frequentie 2 per week, "
            "4 per maand, 6 totaal binnen de geldigheidsduur. Tarieven: lijstprijs x prijsindex "
            "van het startjaar x kalibratiefactor van het taakveld (zie hieronder).",
            "",
            "## Ingebouwde ontwikkelingen (uit de brieven van 12 juli 2018 en 17 april 2019)",
            "",
            "- Verblijf LVG: groei tot en met 2017, in 2018 stagnatie (cliënten per jaar).",
            "- Verblijf GGZ: groei tot en met 2017, in 2018 daling.",
            "- Basis GGZ: minder cliënten vanaf 2018 (inzet POH-GGZ bij huisartsen).",
            "- Dagbesteding: groei tot en met 2017, in 2018 gekeerd (versobering, voorliggend).",
            "- Wmo-meldingen: sterke stijging in het eerste halfjaar van 2019 "
            "(abonnementstarief per 1-1-2019), daarna meer huishoudelijke ondersteuning.",
            "- Wachttijd melding → start zorg: langer in 2019 (onderzoek mediaan 6,5 in plaats "
            "van 4-4,5 weken, besluit 2,2 in plaats van 1,5 weken, levering 21 in plaats van "
            "10-12 dagen).",
            "- Jeugd: een handvol grote aanbieders heeft samen meer dan 60% van de jeugdkosten.",
            "",
            f"Wmo-meldingen eerste halfjaar: 2018 {punt(h18)}, 2019 {punt(h19)} "
            f"({100 * (h19 / h18 - 1):+.0f}%).",
            "",
            "Cliënten per jaar (verschillende cliënten met een lopende toewijzing in het jaar; "
            f"aantallen onder {instellingen.SUPPRESSIE_DREMPEL} als '{instellingen.SUPPRESSIE_TEKEN}'):",
            "",
            *cpj_regels,
            "",
            "## Kalibratie: gedeclareerde kosten 2023 tegen Iv3-jaarrekening 2023 van Hengelo",
            "",
            "Bron: Iv3-lasten jaarrekening 2023 van Hengelo (begrotingsanalysetool, bedragen x "
            "€ 1.000, zie `iv3_gemeenten_begrotingsanalysetool/PROVENANCE.md` in de openbare "
            "gegevens). De aantallen cliënten volgen uit het model; de tarieven zijn per taakveld "
            "met één factor bijgesteld zodat de declaraties 2023 op de Iv3-lasten uitkomen "
            "(kolom tarieffactor). 6.71d is in Hengelo € 0 (kortdurend verblijf is daar niet "
            "apart geboekt); de demo boekt kortdurend verblijf wel op 6.71d. 6.81b (opvang) heeft "
            "geen declaraties en staat alleen in de begroting.",
            "",
            "| taakveld | omschrijving | Iv3 2023 (echt) | demo 2023 (declaraties) | verschil | "
            "tarieffactor |",
            "|---|---|---:|---:|---:|---:|",
            *kal_regels,
            "",
            "## Begroting tegenover declaraties (bewuste verschillen)",
            "",
            "Realisatie = declaraties + pgb-opslag (Wmo 2,0%, Jeugd 1,5%) + onderstaande posten; "
            f"6.81 (tot 2022) en 6.81b (vanaf 2023) bevatten opvang ({opvang} x prijsindex "
            "per jaar) zonder declaraties. De primitieve begroting voor "
            "Jeugd (6.72-6.74, 6.82) is stelselmatig te laag: ongeveer 82% van de realisatie in "
            "2018-2021 en 87% in de andere jaren; Wmo ligt binnen 3%. De gewijzigde begroting "
            "dekt ongeveer driekwart van het verschil.",
            "",
            "| jaar | taakveld | bedrag | omschrijving |",
            "|---|---|---:|---|",
            *posten,
            "",
            "## Bewust foute regels",
            "",
            f"{len(demo.fouten)} regels, zodat de datakwaliteitscontrole iets te vinden heeft "
            "(regelnummer zoals in een teksteditor, kopregel = regel 1; in Excel: met titelregels).",
            "",
            "| soort fout | aantal |",
            "|---|---:|",
            *soort_regels,
            "",
            "| bestand | regel | kolom | fout |",
            "|---|---:|---|---|",
            *fout_regels,
            "| begroting_demo.xlsx | laatste | Jaar | totaalregel (hoort bij een echte export) |",
            "",
            "Gevolg: bij een dubbel toewijzingnummer met afwijkende inhoud worden beide versies "
            "geweigerd, en daarmee ook de declaraties van die toewijzing (toewijzingnummer "
            "onbekend).",
            "",
        ]
    )
