"""Calibrated break tests for counts and stocks, and the simulations that calibrate them.

A break is only "aantoonbaar" when the method's false-alarm rate on series like the one
it is applied to has been measured, by simulation, at the nominal level. The
segmented regression of :func:`sdanalysis.analyse.trends.onderbroken_tijdreeks` on a
monthly *stock* of clients is not: a stock with stationary inflow and duration is so
autocorrelated that it called 24-29% of the series without any break "aantoonbaar" at a
nominal 5%.

A stock changes only when its flows change: the inflow (``instroom_clienten``) or the
rate at which clients leave (``uitstroom_clienten`` per client in care). Both are
counts that are close to independent from month to month, so they are tested with a
quasi-Poisson regression (Poisson GLM with the Pearson dispersion and F tests):

- :func:`breuktoets_telling`: level and slope change of a monthly count (meldingen,
  instroom) at a break, as rate ratios;
- :func:`breuktoets_voorraad`: the stock of :func:`sdanalysis.analyse.volumes.maandvolumes`
  through its flows: a break in the inflow or in the exit rate (offset
  ``log(aantal_clienten)``), Bonferroni-combined.

The simulators (:func:`simuleer_toewijzingen`, :func:`simuleer_meldingen`) and
:func:`vals_alarm` measure false alarms and power; ``tests/analyse/test_kalibratie.py``
pins them on 400 series and ``benchmarks/kalibratie.py`` runs the larger study.
Measured at alpha 5% on series of 72 months without a break (stocks: inflow 10 a month,
mean duration 12 months; meldingen: about 100 a month, overdispersed, with a season):

=============================================  ==============================
method                                         false alarms
=============================================  ==============================
segmented AR(1) regression on the stock        24-32% (fitted rho about 0,8)
stock via flows (level and slope)              3,0-6,0% (1.200 series: 4,1%)
meldingen, quasi-Poisson (level and slope)     4,5-5,0%
meldingen, segmented AR(1) regression          5,2-5,5%
=============================================  ==============================

Power is modest on 36 months after the break: meldingen 30% higher are found in 57%
(level and slope) to 70% (``helling=False``) of the series, a 30% lower inflow of a stock
in 35-48%; see ``docs/kalibratie.md``.
"""

from __future__ import annotations

import logging
import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

#: How a stock is tested (shown beside the result).
_METHODE_VOORRAAD = (
    "instroom en uittreedkans, quasi-Poisson met F-toets, Bonferroni (gekalibreerd op "
    "voorraadreeksen van cliënten)"
)
#: Significance level of "aantoonbaar".
ALPHA = 0.05
#: Average length of a month in days (for simulated durations).
DAGEN_PER_MAAND = 365.25 / 12


@dataclass(frozen=True)
class Breuktoets:
    """Break test of one monthly count; numbers only.

    Attributes:
        breekdatum: First month of the new regime.
        niveau_factor: Rate ratio of the jump at the break (1.0 = none; 0.8 = 20% lower).
        niveau_ci: 95% interval of ``niveau_factor``.
        helling_factor: Change of the monthly growth factor after the break.
        helling_ci: 95% interval of ``helling_factor``.
        p: p-value of the joint F test niveau = helling = 0.
        alpha: Significance level.
        aantoonbaar: ``p < alpha``.
        dispersie: Pearson dispersion (1 for Poisson counts; > 1 overdispersed).
        methode: Dutch description of the method.
        model: The statsmodels result.
    """

    breekdatum: pd.Timestamp
    niveau_factor: float
    niveau_ci: tuple[float, float]
    helling_factor: float
    helling_ci: tuple[float, float]
    p: float
    alpha: float
    aantoonbaar: bool
    dispersie: float
    methode: str
    model: object = field(repr=False)


@dataclass(frozen=True)
class Voorraadbreuk:
    """Break test of a stock of clients through its flows.

    Attributes:
        instroom: :class:`Breuktoets` of the monthly inflow.
        uitstroom: :class:`Breuktoets` of the exit rate (uitstroom per client in care).
        p: Bonferroni-combined p-value, ``min(1, 2 x min(p_instroom, p_uitstroom))``.
        alpha: Significance level.
        aantoonbaar: ``p < alpha``.
    """

    instroom: Breuktoets
    uitstroom: Breuktoets
    p: float
    alpha: float
    aantoonbaar: bool


def _ontwerp(perioden: pd.DatetimeIndex, breek: pd.Timestamp, seizoen: bool) -> pd.DataFrame:
    n = len(perioden)
    na = np.asarray(perioden >= breek, dtype=np.float64)
    t = np.arange(n, dtype=np.float64)
    t0 = float(np.argmax(na))
    x = {"const": np.ones(n), "trend": t, "niveau": na, "helling": np.where(na > 0, t - t0, 0.0)}
    if seizoen:
        maand = np.asarray(perioden.month)
        for m in range(2, 13):
            if (maand == m).any():
                x[f"maand_{m}"] = (maand == m).astype(np.float64)
    return pd.DataFrame(x)


def _maandreeks(reeks: pd.Series) -> pd.Series:
    if not isinstance(reeks.index, pd.DatetimeIndex):
        raise ValueError("Verwacht een maandreeks met datums (1e van de maand) als index.")
    return reeks.astype(float).sort_index()


def _breekmaand(breekdatum: str | pd.Timestamp | int) -> pd.Timestamp:
    """First month of the new regime; a year means 1 January of that year.

    >>> _breekmaand(2019), _breekmaand("2018-07-06")
    (Timestamp('2019-01-01 00:00:00'), Timestamp('2018-08-01 00:00:00'))
    """
    if isinstance(breekdatum, int | np.integer):
        return pd.Timestamp(year=int(breekdatum), month=1, day=1)
    breek = pd.Timestamp(breekdatum)
    return breek if breek.day == 1 else breek + pd.offsets.MonthBegin(1)


def _f_toets(b: np.ndarray, v: np.ndarray, df: float) -> float:
    """p-value of the joint F test ``b = 0`` with covariance ``v`` (the Wald test)."""
    from scipy.stats import f

    stat = float(b @ np.linalg.solve(v, b)) / len(b)
    return float(f.sf(stat, len(b), df))


def breuktoets_telling(
    reeks: pd.Series,
    breekdatum: str | pd.Timestamp | int,
    *,
    blootstelling: pd.Series | None = None,
    seizoen: bool = True,
    helling: bool = True,
    alpha: float = ALPHA,
) -> Breuktoets:
    """Level and slope change of a monthly count at a break (quasi-Poisson regression).

    ``log E[y_t] = b0 + b1 t + b2 na_t + b3 (t - t0) na_t [+ month dummies] [+ log
    blootstelling_t]``, fitted as a Poisson GLM with the Pearson dispersion as scale
    (quasi-Poisson: overdispersion widens the intervals) and an F test of
    ``b2 = b3 = 0``. Calibrated by simulation on independent monthly counts (meldingen:
    4,5% false alarms at 5%; inflow of clients 3,8%); not for strongly autocorrelated
    series such as a stock (use :func:`breuktoets_voorraad`).

    Args:
        reeks: Monthly counts with month-start dates as index.
        breekdatum: First day of the new regime (a date inside a month: the next month;
            a year: 1 January).
        blootstelling: Optional exposure per month (e.g. clients in care): the count is
            then a rate per unit of exposure (months with exposure 0 are left out).
        seizoen: Month dummies.
        helling: Also estimate (and test) a change of slope; ``False``: only a jump
            (``b3 = 0``, more power for a jump, blind to a bend; ``helling_factor`` is 1).
        alpha: Significance level.

    Returns:
        :class:`Breuktoets`.

    Raises:
        ValueError: Not a monthly series, negative counts, or fewer than 3 months (6 with
            month dummies) on either side of the break (Dutch message).

    >>> m = pd.date_range("2016-01-01", periods=48, freq="MS")
    >>> y = pd.Series(np.where(m >= "2019-01-01", 60.0, 100.0), index=m)
    >>> r = breuktoets_telling(y + np.tile([3.0, -3.0], 24), "2019-01-01", seizoen=False)
    >>> round(r.niveau_factor, 1), r.aantoonbaar
    (0.6, True)
    """
    import statsmodels.api as sm

    y = _maandreeks(reeks)
    offset = None
    if blootstelling is not None:
        b = blootstelling.astype(float).reindex(y.index)
        geldig = b > 0
        y, offset = y[geldig], np.log(b[geldig].to_numpy())
    if (y < 0).any() or y.isna().any():
        raise ValueError("Een telling kan niet negatief of leeg zijn.")
    breek = _breekmaand(breekdatum)
    x = _ontwerp(pd.DatetimeIndex(y.index), breek, seizoen)
    if not helling:
        x["helling"] = 0.0  # keeps the column order; its coefficient is not estimable
    n_na = int(x["niveau"].sum())
    minimum = 6 if seizoen else 3
    if min(n_na, len(y) - n_na) < minimum:
        raise ValueError(
            f"Te weinig maanden rond de breekdatum ({len(y) - n_na} ervoor, {n_na} erna); "
            f"minstens {minimum} aan beide kanten nodig."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(y.to_numpy(), x.to_numpy(), family=sm.families.Poisson(), offset=offset).fit(
            scale="X2"
        )
    i_n, i_h = 2, 3  # niveau, helling (see _ontwerp)
    params = np.asarray(fit.params)
    getoetst = [i_n, i_h] if helling else [i_n]
    cov = np.asarray(fit.cov_params())[np.ix_(getoetst, getoetst)]
    p = _f_toets(params[getoetst], cov, float(fit.df_resid))
    with np.errstate(over="ignore"):  # a flow that is zero on one side: factor and bound inf
        ci = np.exp(np.asarray(fit.conf_int(alpha=0.05)))
        params = np.exp(params)
    return Breuktoets(
        breekdatum=breek,
        niveau_factor=float(params[i_n]),
        niveau_ci=(float(ci[i_n, 0]), float(ci[i_n, 1])),
        helling_factor=float(params[i_h]) if helling else 1.0,
        helling_ci=(float(ci[i_h, 0]), float(ci[i_h, 1])) if helling else (math.nan, math.nan),
        p=p,
        alpha=alpha,
        aantoonbaar=bool(p < alpha),
        dispersie=float(fit.scale),
        methode="quasi-Poisson-regressie met F-toets (gekalibreerd op maandtellingen)",
        model=fit,
    )


def breuktoets_voorraad(
    volumes: pd.DataFrame,
    breekdatum: str | pd.Timestamp | int,
    *,
    seizoen: bool = True,
    helling: bool = True,
    alpha: float = ALPHA,
) -> Voorraadbreuk:
    """Did a stock of clients break? Tested through its flows, calibrated by simulation.

    The stock changes only when the inflow or the exit rate changes. Both are tested
    with :func:`breuktoets_telling`: the inflow ``instroom_clienten`` (months whose
    inflow is left-censored are left out) and the outflow ``uitstroom_clienten`` with
    the clients at risk as exposure (in care on the 1st plus half the month's inflow).
    The two p-values are combined with Bonferroni. Measured on 3 x 400 stocks from
    :func:`sdanalysis.analyse.volumes.maandvolumes` without a break: 4,1% false alarms at
    a nominal 5% (per 400: 3,0-6,0%); the segmented AR(1) regression on the stock itself:
    24-32%.

    Args:
        volumes: One group's rows of :func:`sdanalysis.analyse.volumes.maandvolumes`
            (``periode_maand``, ``aantal_clienten``, ``instroom_clienten``,
            ``uitstroom_clienten``; optional ``instroom_links_gecensureerd``).
        breekdatum: First day of the new regime.
        seizoen: Month dummies.
        helling: Test a change of slope too (see :func:`breuktoets_telling`).
        alpha: Significance level.

    Returns:
        :class:`Voorraadbreuk`.

    Raises:
        ValueError: Missing columns, more than one row per month, or too few months.
    """
    nodig = ("periode_maand", "aantal_clienten", "instroom_clienten", "uitstroom_clienten")
    ontbreekt = [k for k in nodig if k not in volumes.columns]
    if ontbreekt:
        raise ValueError(f"De volumes missen kolom(men) {ontbreekt} (zie maandvolumes).")
    if volumes["periode_maand"].duplicated().any():
        raise ValueError("Eén rij per maand verwacht: kies eerst één groep uit de volumes.")
    v = volumes.sort_values("periode_maand").set_index("periode_maand")
    instroom = v["instroom_clienten"]
    if "instroom_links_gecensureerd" in v.columns:
        instroom = instroom[~v["instroom_links_gecensureerd"].astype(bool)]
    opties = {"seizoen": seizoen, "helling": helling, "alpha": alpha}
    t_in = breuktoets_telling(instroom, breekdatum, **opties)
    # at risk in a month: the clients in care on the 1st and, for about half the month,
    # those who come in during it (a left-censored month's inflow is not real inflow)
    nieuw = v["instroom_clienten"].astype(float)
    if "instroom_links_gecensureerd" in v.columns:
        nieuw = nieuw.where(~v["instroom_links_gecensureerd"].astype(bool), 0.0)
    risico = v["aantal_clienten"].astype(float) + nieuw / 2
    t_uit = breuktoets_telling(v["uitstroom_clienten"], breekdatum, blootstelling=risico, **opties)
    p = min(1.0, 2 * min(t_in.p, t_uit.p))
    return Voorraadbreuk(t_in, t_uit, p, alpha, bool(p < alpha))


def _rij(t: Breuktoets, prefix: str) -> dict[str, float]:
    return {
        f"{prefix}_sprong_factor": t.niveau_factor,
        f"{prefix}_sprong_ci_laag": t.niveau_ci[0],
        f"{prefix}_sprong_ci_hoog": t.niveau_ci[1],
        f"{prefix}_helling_factor": t.helling_factor,
        f"{prefix}_p": t.p,
    }


def breuktabel(
    df: pd.DataFrame,
    breekdatum: str | pd.Timestamp | int,
    groepen: str | tuple[str, ...] = (),
    waarde: str | None = None,
    **opties: object,
) -> pd.DataFrame:
    """Calibrated break test per group, as one table (for notebooks and the workbook).

    Args:
        df: Monthly rows with ``periode_maand`` and the group columns: the output of
            :func:`sdanalysis.analyse.volumes.maandvolumes` (``waarde=None``: the stock
            through its flows, :func:`breuktoets_voorraad`) or a count table
            (``waarde``, e.g. ``aantal_meldingen``: :func:`breuktoets_telling`).
        breekdatum: First day of the new regime.
        groepen: Group columns.
        waarde: Count column; ``None`` for a stock.
        **opties: ``seizoen``, ``helling``, ``alpha``.

    Returns:
        The group columns, per tested flow ``<stroom>_sprong_factor`` (rate ratio),
        its 95% interval, ``<stroom>_helling_factor`` and ``<stroom>_p``, then ``p``,
        ``aantoonbaar`` and ``methode``. A group too short to test is left out (logged).

    >>> m = simuleer_meldingen(2, "2016-01", 48, seed=1, breekdatum="2018-01-01", factor=2.0)
    >>> t = breuktabel(m, "2018-01-01", "reeks", "aantal_meldingen")
    >>> t["aantoonbaar"].tolist()
    [True, True]
    """
    groepen_t = (groepen,) if isinstance(groepen, str) else tuple(groepen)
    delen = df.groupby(list(groepen_t), sort=True) if groepen_t else [((), df)]
    rijen = []
    for sleutel, deel in delen:
        waarden = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        basis = dict(zip(groepen_t, waarden, strict=True))
        try:
            if waarde is None:
                v = breuktoets_voorraad(deel, breekdatum, **opties)
                rij = {**_rij(v.instroom, "instroom"), **_rij(v.uitstroom, "uittreedkans")}
                rij.update(p=v.p, aantoonbaar=v.aantoonbaar, methode=_METHODE_VOORRAAD)
            else:
                t = breuktoets_telling(
                    deel.set_index("periode_maand")[waarde], breekdatum, **opties
                )
                rij = {
                    **_rij(t, waarde.removeprefix("aantal_")),
                    "p": t.p,
                    "aantoonbaar": t.aantoonbaar,
                }
                rij["methode"] = t.methode
        except ValueError as fout:
            logger.warning("breuktoets %s overgeslagen: %s", basis or "reeks", fout)
            continue
        rijen.append({**basis, **rij})
    return pd.DataFrame(rijen)


# --------------------------------------------------------------------------- simulation


def simuleer_toewijzingen(
    aantal_reeksen: int,
    start: str,
    eind: str,
    *,
    instroom_per_maand: float = 10.0,
    gemiddelde_duur_maanden: float = 12.0,
    inloop_maanden: int = 60,
    breekdatum: str | None = None,
    instroom_factor: float = 1.0,
    duur_factor: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated toewijzingen of ``aantal_reeksen`` independent stocks (one per ``reeks``).

    Poisson arrivals (``instroom_per_maand``) from ``inloop_maanden`` before ``start`` so
    the stock is stationary at ``start``; exponential durations with mean
    ``gemiddelde_duur_maanden``. From ``breekdatum`` on the arrival rate is multiplied by
    ``instroom_factor`` and the mean duration of new allocations by ``duur_factor``
    (both 1: no break). Every allocation is a distinct client.

    Returns:
        reeks, client_id, ingangsdatum, einddatum (inclusive last day), categorie; ready
        for :func:`sdanalysis.analyse.volumes.maandvolumes` with ``groepen=("reeks",)``.

    >>> t = simuleer_toewijzingen(2, "2016-01", "2016-12", seed=1)
    >>> sorted(int(r) for r in t["reeks"].unique()), bool((t["einddatum"] >= t["ingangsdatum"]).all())
    ([0, 1], True)
    """
    rng = np.random.default_rng(seed)
    begin = pd.Timestamp(start) - pd.DateOffset(months=inloop_maanden)
    einde = pd.Timestamp(eind) + pd.offsets.MonthEnd(0)
    dagen = (einde - begin).days + 1
    breek = (pd.Timestamp(breekdatum) - begin).days if breekdatum else dagen
    per_dag = instroom_per_maand / DAGEN_PER_MAAND
    n_voor = rng.poisson(per_dag * min(breek, dagen), aantal_reeksen)
    n_na = rng.poisson(per_dag * instroom_factor * max(dagen - breek, 0), aantal_reeksen)
    reeks = np.concatenate(
        [np.repeat(np.arange(aantal_reeksen), n_voor), np.repeat(np.arange(aantal_reeksen), n_na)]
    )
    dag = np.concatenate(
        [
            rng.integers(0, min(breek, dagen), n_voor.sum()),
            rng.integers(min(breek, dagen), dagen, n_na.sum()),
        ]
    )
    duur = rng.exponential(gemiddelde_duur_maanden * DAGEN_PER_MAAND, len(dag))
    duur = np.where(dag >= breek, duur * duur_factor, duur)
    ingang = begin + pd.to_timedelta(dag, unit="D")
    return pd.DataFrame(
        {
            "reeks": reeks,
            "client_id": [f"s{r}-{i}" for i, r in enumerate(reeks)],
            "ingangsdatum": ingang,
            "einddatum": ingang + pd.to_timedelta(np.floor(duur), unit="D"),
            "categorie": "simulatie",
        }
    )


def simuleer_meldingen(
    aantal_reeksen: int,
    start: str,
    aantal_maanden: int,
    *,
    gemiddeld_per_maand: float = 100.0,
    overdispersie: float = 30.0,
    seizoen_amplitude: float = 0.15,
    breekdatum: str | None = None,
    factor: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulated monthly meldingen: overdispersed (gamma-Poisson) counts with a season.

    The monthly mean is ``gemiddeld_per_maand x (1 + seizoen_amplitude x sin(2 pi m/12))``
    times a gamma factor with shape ``overdispersie`` (variance ``mu + mu^2 /
    overdispersie``); from ``breekdatum`` on it is multiplied by ``factor``.

    Returns:
        reeks, periode_maand, aantal_meldingen.

    >>> s = simuleer_meldingen(3, "2016-01", 12, seed=1)
    >>> s.shape, s["aantal_meldingen"].ge(0).all()
    ((36, 3), np.True_)
    """
    rng = np.random.default_rng(seed)
    maanden = pd.date_range(start, periods=aantal_maanden, freq="MS")
    seizoen = 1 + seizoen_amplitude * np.sin(2 * np.pi * (maanden.month.to_numpy() - 1) / 12)
    na = maanden >= pd.Timestamp(breekdatum) if breekdatum else np.zeros(len(maanden), bool)
    mu = gemiddeld_per_maand * seizoen * np.where(na, factor, 1.0)
    gamma = rng.gamma(overdispersie, 1 / overdispersie, (aantal_reeksen, len(maanden)))
    tellingen = rng.poisson(mu * gamma)
    return pd.DataFrame(
        {
            "reeks": np.repeat(np.arange(aantal_reeksen), len(maanden)),
            "periode_maand": np.tile(maanden, aantal_reeksen),
            "aantal_meldingen": tellingen.ravel().astype(np.int64),
        }
    )


def vals_alarm(pwaarden: np.ndarray | list[float], alpha: float = ALPHA) -> pd.Series:
    """Share of p-values below ``alpha`` with its 95% Wilson interval.

    On series without a break this is the false-alarm rate; with a break, the power.

    >>> v = vals_alarm([0.01, 0.2, 0.5, 0.7])
    >>> float(v["fractie"]), int(v["aantal_reeksen"])
    (0.25, 4)
    """
    from statsmodels.stats.proportion import proportion_confint

    p = np.asarray(pwaarden, dtype=float)
    treffers = int((p < alpha).sum())
    laag, hoog = proportion_confint(treffers, len(p), alpha=0.05, method="wilson")
    return pd.Series(
        {
            "fractie": treffers / len(p) if len(p) else math.nan,
            "ci_laag": float(laag),
            "ci_hoog": float(hoog),
            "aantal_reeksen": len(p),
        }
    )


def simuleer_prognosereeks(
    rng: np.random.Generator, maandelijks: bool = False
) -> tuple[pd.Series, np.ndarray]:
    """A series with a known future, to measure forecast bands (coverage) by simulation.

    Yearly: 10 years of a linear trend with noise and the 3 years after. Monthly: 72 months
    of trend, season and AR(1) noise and the 12 after.

    Args:
        rng: Random generator (seeded by the caller).
        maandelijks: Monthly instead of yearly.

    Returns:
        (history, future values).

    >>> h, f = simuleer_prognosereeks(np.random.default_rng(1), maandelijks=True)
    >>> len(h), len(f)
    (72, 12)
    """
    if not maandelijks:
        t = np.arange(13)
        y = 1000 + 20 * t + rng.normal(0, 50, 13)
        return pd.Series(y[:10], index=range(2010, 2020)), y[10:]
    t = np.arange(84)
    ruis = np.zeros(84)
    for i in range(1, 84):
        ruis[i] = 0.5 * ruis[i - 1] + rng.normal(0, 5)
    y = 200 + 0.3 * t + 15 * np.sin(2 * np.pi * t / 12) + ruis
    return pd.Series(y[:72], index=pd.date_range("2015-01-01", periods=72, freq="MS")), y[72:]
