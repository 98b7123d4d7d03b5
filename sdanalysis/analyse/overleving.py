"""Kaplan-Meier estimates for durations with right-censoring, in one place.

Used for doorlooptijden and wachttijden of meldingen that are still open, and for the
trajectduur of lopende trajecten at aanbieders: an open case counts as "at risk" up to
the moment it was last seen, so leaving it out (or counting it as ended) does not bias
the median.

>>> km_mediaan([10, 20, 30, 40], [True, True, True, True])
25.0
>>> km_mediaan([10, 20, 30, 40], [True, False, False, False])
nan

Conventions for the median differ where S(t) is exactly 50% on a plateau: R ``survfit``
and SAS take the midpoint to the next event time (used here, :data:`KM_CONVENTIE`);
lifelines takes the first time with S <= 50%, statsmodels the first time with S < 50%.
:func:`km_mediaan_ci` gives the median with its confidence interval (statsmodels
``SurvfuncRight.quantile_ci``: Brookmeyer-Crowley, inverting the test on the
log(-log) transformed Greenwood interval, as SAS ``LIFETEST``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

#: How the median is read where S(t) is exactly 50%: say it next to every median.
KM_CONVENTIE = (
    "Kaplan-Meier-mediaan; staat de overlevingskans precies op 50%, dan het midden tot het "
    "volgende tijdstip (zoals R en SAS)"
)
#: How the interval of the median is computed.
KM_CI_METHODE = (
    "95%-betrouwbaarheidsinterval volgens Brookmeyer-Crowley (log-log-getransformeerde "
    "Greenwood-variantie, zoals SAS)"
)


def kaplan_meier(duur: Sequence[float], gebeurd: Sequence[bool]) -> pd.DataFrame:
    """Kaplan-Meier survival table.

    At every duration ``t`` at which events happen, S(t) = S(t-) × (1 − d/n), with ``d``
    the events at ``t`` and ``n`` the cases still at risk just before ``t`` (censored
    cases count as at risk up to their censoring time; at equal times events come first).
    Missing durations are ignored.

    Args:
        duur: Duration per case; for censored cases the time observed so far.
        gebeurd: True when the event happened, False when censored.

    Returns:
        duur, aantal_at_risk, aantal_gebeurd, overleving (S after ``t``).

    >>> kaplan_meier([10, 20, 30, 40], [True, False, True, True])["overleving"].tolist()
    [0.75, 0.375, 0.0]
    """
    d = np.asarray(duur, dtype=float)
    e = np.asarray(gebeurd, dtype=bool)
    if d.shape != e.shape:
        raise ValueError("kaplan_meier: duur en gebeurd moeten even lang zijn.")
    ok = ~np.isnan(d)
    d, e = d[ok], e[ok]
    tijden, aantal = np.unique(d[e], return_counts=True)
    gesorteerd = np.sort(d)
    at_risk = len(d) - np.searchsorted(gesorteerd, tijden, side="left")
    s = np.cumprod(1.0 - aantal / at_risk) if len(tijden) else np.array([], dtype=float)
    return pd.DataFrame(
        {
            "duur": tijden,
            "aantal_at_risk": at_risk.astype("int64"),
            "aantal_gebeurd": aantal.astype("int64"),
            "overleving": s,
        }
    )


def km_mediaan(duur: Sequence[float], gebeurd: Sequence[bool]) -> float:
    """Kaplan-Meier median: the smallest duration at which S drops to 50% or lower.

    When S is exactly 50% on a plateau, the midpoint to the next event time is taken
    (so without censoring the result equals the ordinary median). NaN when fewer than
    half of the cases had the event, or when there are none.

    >>> km_mediaan([5, 10, 12, 50, 60], [True, True, False, True, True])
    50.0
    >>> km_mediaan([1, 2, 3], [True, True, True])
    2.0
    """
    km = kaplan_meier(duur, gebeurd)
    tijden, s = km["duur"].to_numpy(), km["overleving"].to_numpy()
    onder = np.flatnonzero(s <= 0.5 + 1e-12)
    if len(onder) == 0:
        return float("nan")
    i = int(onder[0])
    if abs(s[i] - 0.5) < 1e-12 and i + 1 < len(tijden):
        return float((tijden[i] + tijden[i + 1]) / 2)
    return float(tijden[i])


def km_beperkt_gemiddelde(duur: Sequence[float], gebeurd: Sequence[bool]) -> float:
    """Restricted mean: the area under S up to the longest observed duration.

    Equals the plain mean when nothing is censored.

    >>> km_beperkt_gemiddelde([10, 20, 30, 40], [True, True, True, True])
    25.0
    """
    d = np.asarray(duur, dtype=float)
    d = d[~np.isnan(d)]
    if len(d) == 0:
        return float("nan")
    km = kaplan_meier(duur, gebeurd)
    grenzen = np.concatenate([[0.0], km["duur"].to_numpy(), [float(d.max())]])
    niveaus = np.concatenate([[1.0], km["overleving"].to_numpy()])
    return float(np.sum(niveaus * np.diff(grenzen)))


def km_mediaan_ci(
    duur: Sequence[float], gebeurd: Sequence[bool], betrouwbaarheid: float = 0.95
) -> pd.Series:
    """Kaplan-Meier median with its confidence interval, and the convention named.

    The median follows :func:`km_mediaan` (midpoint at exactly 50%, :data:`KM_CONVENTIE`);
    the interval is statsmodels' ``SurvfuncRight.quantile_ci`` with the ``cloglog``
    transform (Brookmeyer-Crowley; its limits are observed event times). A limit that
    the data do not reach (too few events) is NaN: say "onbekend", never 0.

    Args:
        duur: Duration per case; for censored cases the time observed so far.
        gebeurd: True when the event happened, False when censored.
        betrouwbaarheid: Level of the interval.

    Returns:
        mediaan, ci_laag, ci_hoog, aantal, aantal_gebeurd, conventie, ci_methode.

    >>> r = km_mediaan_ci([2, 4, 6, 8, 10, 12, 14, 16, 18, 20], [True] * 10)
    >>> float(r["mediaan"]), float(r["ci_laag"]), float(r["ci_hoog"])
    (11.0, 2.0, 16.0)
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    d = np.asarray(duur, dtype=float)
    e = np.asarray(gebeurd, dtype=bool)
    if d.shape != e.shape:
        raise ValueError("km_mediaan_ci: duur en gebeurd moeten even lang zijn.")
    ok = ~np.isnan(d)
    d, e = d[ok], e[ok]
    laag = hoog = float("nan")
    if e.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sf = SurvfuncRight(d, e.astype(int))
            grenzen = sf.quantile_ci(0.5, alpha=1 - betrouwbaarheid, method="cloglog")
        # a limit the data do not reach comes back as inf: unknown, not a number of days
        laag, hoog = (float(x) if np.isfinite(x) else float("nan") for x in grenzen)
    return pd.Series(
        {
            "mediaan": km_mediaan(d, e),
            "ci_laag": laag,
            "ci_hoog": hoog,
            "aantal": len(d),
            "aantal_gebeurd": int(e.sum()),
            "conventie": KM_CONVENTIE,
            "ci_methode": KM_CI_METHODE,
        }
    )
