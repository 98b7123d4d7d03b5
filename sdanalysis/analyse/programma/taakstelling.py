"""Taakstelling per pakket and per maatregel and year (rules 1 and 2 of the package doc)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from sdanalysis.analyse.programma.basis import (
    HERKOMST_BRIEF,
    HERKOMST_GEEN,
    HERKOMST_INTERPOLATIE,
    HERKOMST_NAAR_RATO,
    herkomst_eindniveau,
    jaarlijst,
    vereis_analysevorm,
)

_Bekend = dict[int, tuple[float, bool, str]]


def _bekende_taakstelling(rijen: pd.DataFrame, eindjaar: int, alleen_met_cijfer: bool) -> _Bekend:
    """Stated amount, PM flag and origin per year; a row without year counts in eindjaar."""
    bekend: _Bekend = {}
    for r in rijen.itertuples(index=False):
        if alleen_met_cijfer and math.isnan(r.taakstelling_eur) and not r.taakstelling_pm:
            continue  # the source gives no figure
        zonder_jaar = pd.isna(r.jaar)
        jaar = eindjaar if zonder_jaar else int(r.jaar)
        oud = bekend.get(jaar)
        bedrag = r.taakstelling_eur if oud is None else oud[0] + r.taakstelling_eur
        pm = bool(r.taakstelling_pm) or (oud is not None and oud[1])
        herkomst = herkomst_eindniveau(eindjaar) if zonder_jaar else HERKOMST_BRIEF
        bekend[jaar] = (bedrag, pm, herkomst)
    return bekend


def _lineair(punten: list[tuple[int, float]], jaar: int) -> float | None:
    """Linear value between the stated years around ``jaar``; None outside them."""
    voor = [p for p in punten if p[0] < jaar]
    na = [p for p in punten if p[0] > jaar]
    if not (voor and na):
        return None
    (j0, v0), (j1, v1) = voor[-1], na[0]
    return v0 + (v1 - v0) * (jaar - j0) / (j1 - j0)


def _eerste(reeks: pd.Series) -> object:
    gevuld = reeks.dropna()
    return gevuld.iloc[0] if len(gevuld) else pd.NA


def _pakketrijen(
    pakket: int, groep: pd.DataFrame, lijst: list[int], eindjaar: int, interpolatie: bool
) -> list[tuple]:
    naam = _eerste(groep["naam"])
    struct = _eerste(groep["structureel"])
    structureel = pd.NA if struct is pd.NA else bool(struct)
    bekend = _bekende_taakstelling(groep, eindjaar, alleen_met_cijfer=True)
    punten = sorted((j, v[0]) for j, v in bekend.items() if not math.isnan(v[0]))
    rijen = []
    for jaar in lijst:
        bedrag, pm, herkomst = bekend.get(jaar, (math.nan, False, HERKOMST_GEEN))
        waarde = _lineair(punten, jaar) if interpolatie and jaar not in bekend else None
        if waarde is not None:
            bedrag, herkomst = waarde, HERKOMST_INTERPOLATIE
        rijen.append((int(pakket), naam, jaar, bedrag, pm, structureel, herkomst))
    return rijen


def pakket_taakstelling_per_jaar(
    pakketten: pd.DataFrame,
    jaren: Iterable[int],
    *,
    eindjaar: int,
    interpolatie: bool = False,
) -> pd.DataFrame:
    """Stated taakstelling per pakket and year.

    A row without year counts in ``eindjaar``. Years without a figure stay missing;
    ``interpolatie=True`` fills years *between* two stated years linearly (never beyond
    them) and labels them.

    Args:
        pakketten: Processed pakketten.
        jaren: Years to report.
        eindjaar: Last year of the programme.
        interpolatie: Fill years between stated years.

    Returns:
        pakket, naam, jaar, taakstelling_eur, taakstelling_pm, structureel,
        taakstelling_herkomst.

    >>> from sdanalysis.bouw.programma import normaliseer_pakketten
    >>> p = normaliseer_pakketten(pd.DataFrame({"pakket": [1, 1], "jaar": [2019, 2022],
    ...                                         "taakstelling_eur": [1_000_000, 4_000_000]}))
    >>> j = range(2019, 2023)
    >>> pakket_taakstelling_per_jaar(p, j, eindjaar=2022)["taakstelling_eur"].tolist()
    [1000000.0, nan, nan, 4000000.0]
    >>> r = pakket_taakstelling_per_jaar(p, j, eindjaar=2022, interpolatie=True)
    >>> r["taakstelling_eur"].tolist()
    [1000000.0, 2000000.0, 3000000.0, 4000000.0]
    """
    vereis_analysevorm(pakketten, "pakketten")
    lijst = jaarlijst(jaren)
    rijen = [
        rij
        for pakket, groep in pakketten.groupby("pakket", sort=True)
        for rij in _pakketrijen(int(pakket), groep, lijst, eindjaar, interpolatie)
    ]
    kolommen = ["pakket", "naam", "jaar", "taakstelling_eur", "taakstelling_pm", "structureel"]
    uit = pd.DataFrame(rijen, columns=[*kolommen, "taakstelling_herkomst"])
    uit["taakstelling_eur"] = uit["taakstelling_eur"].astype(float)
    uit["structureel"] = uit["structureel"].astype("boolean")
    return uit


def _pakketpad(
    maatregelen: pd.DataFrame, pakketten: pd.DataFrame, lijst: list[int], eindjaar: int
) -> pd.Series:
    """Each pakket's stated or interpolated taakstelling over every year involved."""
    alle = sorted(set(lijst) | {eindjaar} | set(maatregelen["jaar"].dropna().astype(int).tolist()))
    pad = pakket_taakstelling_per_jaar(
        pakketten, range(min(alle), max(alle) + 1), eindjaar=eindjaar, interpolatie=True
    )
    return pad.set_index(["pakket", "jaar"])["taakstelling_eur"]


def _naar_rato(bekend: _Bekend, pad: pd.Series, pakket: int, jaar: int) -> float | None:
    """A maatregel's nearest stated amount scaled along its pakket's path."""
    ankers = [(j, v[0]) for j, v in bekend.items() if not math.isnan(v[0])]
    if not ankers:
        return None
    j_anker, v_anker = min(ankers, key=lambda a: abs(a[0] - jaar))
    p_jaar = pad.get((pakket, jaar), math.nan)
    p_anker = pad.get((pakket, j_anker), math.nan)
    if math.isnan(p_jaar) or math.isnan(p_anker) or p_anker == 0:
        return None
    return v_anker * p_jaar / p_anker


def _maatregelrijen(
    mid: str, groep: pd.DataFrame, lijst: list[int], eindjaar: int, pad: pd.Series | None
) -> list[tuple]:
    eerste = groep.iloc[0]
    bekend = _bekende_taakstelling(groep, eindjaar, alleen_met_cijfer=False)
    rijen = []
    for jaar in lijst:
        bedrag, pm, herkomst = bekend.get(jaar, (math.nan, False, HERKOMST_GEEN))
        waarde = None
        if pad is not None and jaar not in bekend:
            waarde = _naar_rato(bekend, pad, int(eerste.pakket), jaar)
        if waarde is not None:
            bedrag, herkomst = waarde, HERKOMST_NAAR_RATO
        sleutels = (eerste.maatregel_code, eerste.maatregel, eerste.projectsleutel)
        rijen.append((mid, int(eerste.pakket), *sleutels, jaar, bedrag, pm, herkomst))
    return rijen


def taakstelling_per_jaar(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame | None = None,
    *,
    jaren: Iterable[int],
    eindjaar: int,
    interpolatie: bool = False,
) -> pd.DataFrame:
    """Taakstelling per maatregel and year.

    A maatregel without year counts in ``eindjaar`` (the structural end level). Other years
    stay missing, unless ``interpolatie=True`` and ``pakketten`` is given: then a
    maatregel's end level is scaled along its pakket's path (stated or linearly
    interpolated), labelled ``interpolatie (naar rato van pakketpad)``.

    Args:
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten (only used with ``interpolatie``).
        jaren: Years to report.
        eindjaar: Last year of the programme.
        interpolatie: Fill years along the pakket's path.

    Returns:
        maatregel_id, pakket, maatregel_code, maatregel, projectsleutel, jaar,
        taakstelling_eur, taakstelling_pm, taakstelling_herkomst.

    >>> from sdanalysis.bouw.programma import normaliseer_maatregelen, normaliseer_pakketten
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1], "maatregel_code": ["4.1.1"],
    ...                             "maatregel": ["A"], "taakstelling_eur": [1_500_000]}))
    >>> p = normaliseer_pakketten(pd.DataFrame({"pakket": [1, 1], "jaar": [2019, 2022],
    ...                           "taakstelling_eur": [1_000_000, 4_000_000]}))
    >>> t = taakstelling_per_jaar(m, p, jaren=range(2019, 2023), eindjaar=2022,
    ...                           interpolatie=True)
    >>> t["taakstelling_eur"].tolist()
    [375000.0, 750000.0, 1125000.0, 1500000.0]
    """
    vereis_analysevorm(maatregelen, "maatregelen")
    lijst = jaarlijst(jaren)
    pad = None
    if interpolatie and pakketten is not None:
        pad = _pakketpad(maatregelen, pakketten, lijst, eindjaar)
    rijen = [
        rij
        for mid, groep in maatregelen.groupby("maatregel_id", sort=False)
        for rij in _maatregelrijen(mid, groep, lijst, eindjaar, pad)
    ]
    uit = pd.DataFrame(
        rijen,
        columns=[
            "maatregel_id",
            "pakket",
            "maatregel_code",
            "maatregel",
            "projectsleutel",
            "jaar",
            "taakstelling_eur",
            "taakstelling_pm",
            "taakstelling_herkomst",
        ],
    )
    uit["taakstelling_eur"] = uit["taakstelling_eur"].astype(float)
    return uit
