"""Calibration study: false alarms, power and interval coverage of the trend methods.

Runs the simulations behind the figures in ``sdanalysis.analyse.kalibratie``,
``sdanalysis.analyse.trends.GEMETEN_DEKKING`` and ``docs/kalibratie.md``:

1. false alarms at alpha 5% on series without a break: stocks of clients from
   ``maandvolumes`` (stationary inflow and duration) and meldingen counts, for the
   segmented AR(1) regression (``onderbroken_tijdreeks``) and the calibrated tests
   (``breuktoets_voorraad``, ``breuktoets_telling``), with and without a slope term;
2. power of the calibrated tests for a given inflow drop, shorter durations or a jump in
   meldingen;
3. coverage of the nominal 95% bands of ``voorspel`` per method on a yearly series (10
   years, 3 ahead) and a monthly one (72 months with season and AR(1) noise, 12 ahead).

Usage::

    python benchmarks/kalibratie.py [--reeksen 1000] [--dekking 300] [--zonder-ets]

ETS on monthly series is slow (seconds per fit on a shared machine): ``--zonder-ets``
skips it. Everything is seeded; the output is one table per part.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from sdanalysis.analyse import kalibratie as k
from sdanalysis.analyse.trends import onderbroken_tijdreeks, voorspel
from sdanalysis.analyse.volumes import maandvolumes

BREEK = "2019-01-01"


def voorraden(n: int, seed: int, **kwargs: object) -> list[pd.DataFrame]:
    """``n`` monthly stocks 2016-2021 from maandvolumes, one frame per series."""
    tw = k.simuleer_toewijzingen(n, "2016-01", "2021-12", seed=seed, **kwargs)
    mv = maandvolumes(tw, ("reeks",), start="2016-01", eind="2021-12")
    return [g for _, g in mv.groupby("reeks")]


def meldingen(n: int, seed: int, **kwargs: object) -> list[pd.Series]:
    """``n`` monthly meldingen series of 72 months."""
    m = k.simuleer_meldingen(n, "2016-01", 72, seed=seed, **kwargs)
    return [g.set_index("periode_maand")["aantal_meldingen"] for _, g in m.groupby("reeks")]


def vals_alarm(n: int) -> pd.DataFrame:
    """False alarms of every method on series without a break."""
    v, m = voorraden(n, seed=1), meldingen(n, seed=2)
    ar1 = [onderbroken_tijdreeks(g.set_index("periode_maand")["aantal_clienten"], BREEK) for g in v]
    rijen = {
        "voorraad: AR(1)-ITS op de voorraad": [r.gezamenlijke_p for r in ar1],
        "voorraad: via stromen (niveau en helling)": [k.breuktoets_voorraad(g, BREEK).p for g in v],
        "voorraad: via stromen (alleen niveau)": [
            k.breuktoets_voorraad(g, BREEK, helling=False).p for g in v
        ],
        "meldingen: AR(1)-ITS": [onderbroken_tijdreeks(s, BREEK).gezamenlijke_p for s in m],
        "meldingen: quasi-Poisson (niveau en helling)": [
            k.breuktoets_telling(s, BREEK).p for s in m
        ],
        "meldingen: quasi-Poisson (alleen niveau)": [
            k.breuktoets_telling(s, BREEK, helling=False).p for s in m
        ],
    }
    print(f"AR(1) rho op de voorraad: mediaan {np.median([r.rho for r in ar1]):.2f}")
    return pd.DataFrame({naam: k.vals_alarm(p) for naam, p in rijen.items()}).T


def onderscheidend_vermogen(n: int) -> pd.DataFrame:
    """Power of the calibrated tests for a few true changes from the break on."""
    rijen = {}
    for naam, kwargs in (
        ("instroom -20%", {"instroom_factor": 0.8}),
        ("instroom -30%", {"instroom_factor": 0.7}),
        ("duur -30%", {"duur_factor": 0.7}),
    ):
        v = voorraden(n, seed=3, breekdatum=BREEK, **kwargs)
        for helling in (True, False):
            p = [k.breuktoets_voorraad(g, BREEK, helling=helling).p for g in v]
            rijen[f"voorraad {naam}, helling={helling}"] = k.vals_alarm(p)
    for factor in (1.2, 1.3):
        m = meldingen(n, seed=4, breekdatum=BREEK, factor=factor)
        for helling in (True, False):
            p = [k.breuktoets_telling(s, BREEK, helling=helling).p for s in m]
            rijen[f"meldingen x{factor}, helling={helling}"] = k.vals_alarm(p)
    return pd.DataFrame(rijen).T


def dekking(n: int, methoden: tuple[str, ...]) -> pd.DataFrame:
    """Share of future values inside the nominal 95% band, per method and series kind."""
    rijen = []
    for soort, maandelijks in (("jaar (10, 3 vooruit)", False), ("maand (72, 12 vooruit)", True)):
        for methode in methoden:
            rng = np.random.default_rng(5)
            binnen, start = [], time.perf_counter()
            for _ in range(n):
                reeks, toekomst = k.simuleer_prognosereeks(rng, maandelijks)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    v = voorspel(reeks, len(toekomst), methode=methode, ondergrens_nul=False)
                binnen.extend((toekomst >= v["ondergrens"]) & (toekomst <= v["bovengrens"]))
            rijen.append(
                {
                    "reeks": soort,
                    "methode": methode,
                    "dekking_fractie": float(np.mean(binnen)),
                    "seconden": round(time.perf_counter() - start, 1),
                }
            )
    return pd.DataFrame(rijen)


def main() -> None:
    """Run the three parts and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reeksen", type=int, default=400)
    parser.add_argument("--dekking", type=int, default=200)
    parser.add_argument("--zonder-ets", action="store_true")
    args = parser.parse_args()
    pd.set_option("display.width", 160)
    print("1. Vals alarm bij alpha 5% (reeksen zonder breuk)")
    print(vals_alarm(args.reeksen).round(3))
    print("\n2. Onderscheidend vermogen (fractie aantoonbaar bij een echte verandering)")
    print(onderscheidend_vermogen(args.reeksen // 2).round(3))
    methoden = ("lineair", "seizoensnaief") + (() if args.zonder_ets else ("ets",))
    print("\n3. Dekking van de nominale 95%-band")
    print(dekking(args.dekking, methoden).round(3))


if __name__ == "__main__":
    main()
