"""Savings gap of a savings programme: taakstelling against realised and expected effect.

The programme is data: ``maatregelen``, ``pakketten`` and ``effecten``, normalised once by
the build (:mod:`sdanalysis.bouw.programma`). This module takes those processed tables and
explicit years (the gemeente profile's ``[programma]``: startjaar, eindjaar, peiljaar; see
:func:`programmajaren`) and computes the gap per maatregel, project, pakket and total per
year, checks the programme against itself, prepares the bridge from taakstelling to
remaining gap, compares claims with measured series and projects the gap when realisation
keeps today's pace. It returns numbers; display and charts live in
:mod:`sdanalysis.weergave` and :mod:`sdanalysis.plots.programma`.

Interpretation rules (also in ``docs/interventieprogramma.md``):

1. A taakstelling or effect without a year is the structural end level of the programme and
   counts in ``eindjaar``.
2. Years the source gives no figure for stay missing. Only ``interpolatie=True`` fills them,
   and every filled figure says so in ``*_herkomst``.
3. A *structureel* effect counts in its year and every later year (a lasting saving; two
   structural effects add up). An *eenmalig* effect counts only in its year and always in
   separate ``*_eenmalig_eur`` columns: it never lowers ``gap_eur``. An effect whose nature
   the source does not give counts only in its own year.
4. ``gap_eur = taakstelling - gerealiseerd - verwacht - berekend`` (structural and
   unknown-nature effects only). ``verwacht`` and ``berekend`` stay separate columns; both
   are expected, not realised. PM and effects without an amount never count as zero: they
   are counted in ``n_pm_effecten`` / ``n_effecten_zonder_bedrag``.
5. Status (see :func:`status`): *onbekend* when the taakstelling is PM/missing or no effect
   with an amount is known; *overtroffen* when the gap is below ``-marge x taakstelling``;
   *achter* when it is above ``+marge x taakstelling``; otherwise *op koers*.
6. Effects are attached by ``maatregel_code`` if given, else by ``project`` (the
   *projectsleutel*). An effect on a project with one maatregel belongs to that maatregel;
   on a project with several maatregelen it stays on the project. An effect with only a
   pakket belongs to the pakket.
7. Effects marked ``[afgeleid`` carry an amount the source implies but does not print;
   ``met_afgeleid=False`` leaves them out. ``[benadering`` marks approximate amounts.

>>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
>>> m = normaliseer_maatregelen(pd.DataFrame({
...     "pakket": [1, 1], "maatregel_code": ["1.1", "1.2"], "maatregel": ["A", "B"],
...     "project": ["P", "P"], "taakstelling_eur": [300_000, 200_000]}))
>>> e = normaliseer_effecten(pd.DataFrame({
...     "project": ["P"], "jaar": [2019], "bedrag_eur": [100_000], "soort": ["gerealiseerd"],
...     "structureel": ["ja"]}))
>>> g = gap_tabel(m, e, niveau="project", jaren=[2019, 2022], eindjaar=2022)
>>> g[["jaar", "taakstelling_eur", "gerealiseerd_eur", "gap_eur", "status"]].values.tolist()
[[2019, nan, 100000.0, nan, 'onbekend'], [2022, 500000.0, 100000.0, 400000.0, 'achter']]
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.bouw.programma import AARD_EENMALIG, AARD_ONBEKEND, AARD_STRUCTUREEL, SOORTEN
from sdanalysis.instellingen import Programma

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- constants

#: The status words, in Dutch.
STATUSSEN: tuple[str, ...] = ("op koers", "achter", "onbekend", "overtroffen")
#: Levels of :func:`gap_tabel`.
NIVEAUS: tuple[str, ...] = ("maatregel", "project", "pakket", "totaal")
#: Origin labels.
HERKOMST_BRIEF = "brief"
HERKOMST_GEEN = "geen cijfer in brief"
HERKOMST_INTERPOLATIE = "interpolatie (lineair)"
HERKOMST_NAAR_RATO = "interpolatie (naar rato van pakketpad)"
HERKOMST_DOORGETROKKEN = "doorgetrokken (structureel)"
#: Columns of :func:`gap_tabel` a reader usually wants (keys of the level come first).
KOLOMMEN_OVERZICHT: tuple[str, ...] = (
    "jaar",
    "taakstelling_eur",
    "gerealiseerd_eur",
    "verwacht_eur",
    "berekend_eur",
    "gerealiseerd_eenmalig_eur",
    "gap_eur",
    "status",
    "toelichting",
)

#: Columns the build's normalisation adds; analyses require them.
_GENORMALISEERD = {
    "maatregelen": ("pakket", "maatregel", "maatregel_code", "jaar", "taakstelling_eur")
    + ("taakstelling_pm", "maatregel_id", "projectsleutel", "wat_gedaan", "effect_tekst"),
    "pakketten": ("pakket", "naam", "jaar", "taakstelling_eur", "taakstelling_pm", "structureel"),
    "effecten": ("pakket", "maatregel_code", "project", "jaar", "bedrag_eur", "bedrag_pm")
    + ("soort", "aard", "afgeleid", "benadering", "omschrijving"),
}


def herkomst_eindniveau(eindjaar: int) -> str:
    """Origin label of an amount without year, counted in ``eindjaar``.

    >>> herkomst_eindniveau(2022)
    'brief (zonder jaar: eindniveau 2022)'
    """
    return f"{HERKOMST_BRIEF} (zonder jaar: eindniveau {eindjaar})"


def _vereis(df: object, tabel: str) -> None:
    """Analyses take the normalised tables of the build; say how to get them otherwise."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"Verwacht een DataFrame met {tabel}, kreeg {type(df).__name__}.")
    ontbreekt = [k for k in _GENORMALISEERD[tabel] if k not in df.columns]
    if ontbreekt:
        raise ValueError(
            f"De tabel {tabel} mist de kolom(men) {', '.join(ontbreekt)}: zij is niet in de "
            "analysevorm. Lees haar na de bouw met sdanalysis.bouw.pipeline.laad_tabel, of "
            f"normaliseer met sdanalysis.bouw.programma.normaliseer_{tabel}."
        )


# --------------------------------------------------------------------------- years


def _jaren_van(df: pd.DataFrame) -> set[int]:
    return {int(j) for j in df["jaar"].dropna()}


def programmajaren(
    programma: Programma | None,
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame,
    effecten: pd.DataFrame,
) -> Programma:
    """The programme's years: the profile's ``[programma]``, or derived from the tables.

    Derived: startjaar is the first year any table names; eindjaar the last year a
    taakstelling names (pakketten, maatregelen; else any table); peiljaar the last year with
    a realised effect up to eindjaar (else startjaar).

    Args:
        programma: ``inst.profiel.programma``; returned as is when given.
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten.

    Returns:
        The years as a :class:`~sdanalysis.instellingen.Programma`.

    Raises:
        ValueError: No table names a year and the profile gives none (Dutch message).

    >>> p = pd.DataFrame({"jaar": [2019, 2022]})
    >>> e = pd.DataFrame({"jaar": [2018, 2020], "soort": ["gerealiseerd", "verwacht"]})
    >>> programmajaren(None, pd.DataFrame({"jaar": []}), p, e)
    Programma(startjaar=2018, eindjaar=2022, peiljaar=2018)
    """
    if programma is not None:
        return programma
    genoemd = _jaren_van(pakketten) | _jaren_van(maatregelen)
    alle = genoemd | _jaren_van(effecten)
    if not alle:
        raise ValueError(
            "De programmatabellen noemen geen enkel jaar; geef startjaar, eindjaar en "
            "peiljaar op onder [programma] in gemeente.toml."
        )
    startjaar, eindjaar = min(alle), max(genoemd or alle)
    realisatie = {
        j for j in _jaren_van(effecten[effecten["soort"] == "gerealiseerd"]) if j <= eindjaar
    }
    return Programma(startjaar, eindjaar, max(realisatie, default=startjaar))


def rapportjaren(programma: Programma) -> list[int]:
    """Years the gap is reported for: from the peiljaar to the eindjaar.

    >>> rapportjaren(Programma(2018, 2022, 2019))
    [2019, 2020, 2021, 2022]
    """
    return list(range(programma.peiljaar, programma.eindjaar + 1))


def _jaren(jaren: Iterable[int]) -> list[int]:
    lijst = sorted({int(j) for j in jaren})
    if not lijst:
        raise ValueError("Geef minstens één jaar op (bijv. jaren=rapportjaren(programma)).")
    return lijst


# --------------------------------------------------------------------------- taakstelling

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
    _vereis(pakketten, "pakketten")
    lijst = _jaren(jaren)
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
    _vereis(maatregelen, "maatregelen")
    lijst = _jaren(jaren)
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


# --------------------------------------------------------------------------- effects


def _koppel_code(r, kandidaten: pd.DataFrame) -> tuple:
    hit = kandidaten[kandidaten["maatregel_code"] == r.maatregel_code]
    if len(hit):
        eerste = hit.iloc[0]
        tekst = f"maatregel {r.maatregel_code}"
        return "maatregel", eerste.maatregel_id, eerste.projectsleutel, eerste.pakket, tekst
    tekst = f"maatregelcode {r.maatregel_code} staat niet in het programma"
    return "los", pd.NA, pd.NA, r.pakket, tekst


def _koppel_project(r, kandidaten: pd.DataFrame) -> tuple:
    hit = kandidaten[kandidaten["projectsleutel"] == r.project]
    if len(hit) == 1:
        eerste = hit.iloc[0]
        tekst = "project met één maatregel: effect hoort bij die maatregel"
        return "maatregel", eerste.maatregel_id, eerste.projectsleutel, eerste.pakket, tekst
    if len(hit) > 1:
        tekst = f"project met {len(hit)} maatregelen: effect niet toe te rekenen aan één maatregel"
        return "project", pd.NA, r.project, hit["pakket"].iloc[0], tekst
    return "los", pd.NA, pd.NA, r.pakket, f"project {r.project!r} staat niet in het programma"


def _koppel_een(r, maatregelen: pd.DataFrame) -> tuple:
    """(niveau, maatregel_id, projectsleutel, pakket, uitleg) of one effect."""
    kandidaten = maatregelen
    if not pd.isna(r.pakket):
        kandidaten = maatregelen[maatregelen["pakket"] == r.pakket]
    if not pd.isna(r.maatregel_code):
        return _koppel_code(r, kandidaten)
    if not pd.isna(r.project):
        return _koppel_project(r, kandidaten)
    if not pd.isna(r.pakket):
        return "pakket", pd.NA, pd.NA, r.pakket, f"effect op pakket {int(r.pakket)}"
    return "los", pd.NA, pd.NA, r.pakket, ""


def koppel_effecten(maatregelen: pd.DataFrame, effecten: pd.DataFrame) -> pd.DataFrame:
    """Attach each effect to a maatregel, a project or a pakket (rule 6 of the module doc).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.

    Returns:
        The effects with ``niveau`` (maatregel / project / pakket / los), ``maatregel_id``,
        ``projectsleutel``, ``pakket`` (filled from the match) and ``koppeling`` (Dutch
        explanation). ``los``: the effect names a code or project that is not in the
        programme (reported by :func:`controleer_programma`).

    >>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1, 1],
    ...     "maatregel_code": ["1.1", "1.2"], "maatregel": ["A", "B"], "project": ["P", "Q"],
    ...     "taakstelling_eur": [1, 2]}))
    >>> e = normaliseer_effecten(pd.DataFrame({"project": ["Q", "X"], "bedrag_eur": [1, 1],
    ...     "soort": ["verwacht", "verwacht"], "pakket": [1, 1]}))
    >>> koppel_effecten(m, e)[["niveau", "maatregel_id"]].values.tolist()
    [['maatregel', '1|1.2'], ['los', <NA>]]
    """
    _vereis(maatregelen, "maatregelen")
    _vereis(effecten, "effecten")
    koppelingen = [_koppel_een(r, maatregelen) for r in effecten.itertuples(index=False)]
    uit = effecten.copy()
    uit["niveau"] = [k[0] for k in koppelingen]
    uit["maatregel_id"] = pd.array([k[1] for k in koppelingen], dtype="string")
    uit["projectsleutel"] = pd.array([k[2] for k in koppelingen], dtype="string")
    uit["pakket"] = pd.array(
        [None if pd.isna(k[3]) else int(k[3]) for k in koppelingen], dtype="Int64"
    )
    uit["koppeling"] = [k[4] for k in koppelingen]
    return uit


def _spreid_een(r: dict, lijst: list[int], eindjaar: int) -> list[dict]:
    """The years one effect counts in (rules 1 and 3)."""
    bron_jaar = r["jaar"]
    zonder_jaar = pd.isna(bron_jaar)
    start = eindjaar if zonder_jaar else int(bron_jaar)
    eerste = herkomst_eindniveau(eindjaar) if zonder_jaar else HERKOMST_BRIEF
    if r["aard"] == AARD_STRUCTUREEL:
        doel = [j for j in lijst if j >= start]
    else:
        doel = [start] if start in lijst else []
    return [
        {
            **r,
            "bron_jaar": bron_jaar,
            "jaar": jaar,
            "effect_herkomst": eerste if jaar == start else HERKOMST_DOORGETROKKEN,
        }
        for jaar in doel
    ]


def _tussenjaren(a: dict, b: dict, lijst: list[int]) -> list[dict]:
    """Linear rows between two stated yearly levels of one effect path."""
    j0, j1 = int(a["jaar"]), int(b["jaar"])
    rijen = []
    for jaar in range(j0 + 1, j1):
        if jaar not in lijst:
            continue
        bedrag = a["bedrag_eur"] + (b["bedrag_eur"] - a["bedrag_eur"]) * (jaar - j0) / (j1 - j0)
        rijen.append(
            {
                **a,
                "bron_jaar": pd.NA,
                "jaar": jaar,
                "bedrag_eur": bedrag,
                "effect_herkomst": HERKOMST_INTERPOLATIE,
                "afgeleid": True,
            }
        )
    return rijen


def _interpoleer_effecten(e: pd.DataFrame, lijst: list[int]) -> list[dict]:
    """Fill years between stated levels of unknown-nature effects (one path per key)."""
    vast = e[(e["aard"] == AARD_ONBEKEND) & e["jaar"].notna() & e["bedrag_eur"].notna()]
    rijen: list[dict] = []
    pad_kol = ["pakket", "maatregel_code", "project", "soort"]
    for _sleutel, groep in vast.groupby(pad_kol, dropna=False, sort=False):
        punten = groep.sort_values("jaar")
        if punten["jaar"].duplicated().any():
            continue
        recs = punten.to_dict("records")
        for a, b in zip(recs, recs[1:], strict=False):
            rijen.extend(_tussenjaren(a, b, lijst))
    return rijen


def _effectframe(rijen: list[dict], kolommen: list[str]) -> pd.DataFrame:
    uit = pd.DataFrame(rijen, columns=[*kolommen, "bron_jaar", "effect_herkomst"])
    if uit.empty:
        uit = uit.astype({"bedrag_eur": float})
    uit["jaar"] = uit["jaar"].astype(int)
    uit["bron_jaar"] = pd.array(uit["bron_jaar"].tolist(), dtype="Int64")
    uit["bedrag_eur"] = uit["bedrag_eur"].astype(float)
    for kolom in ("bedrag_pm", "afgeleid", "benadering"):
        uit[kolom] = uit[kolom].astype(bool)
    return uit.reset_index(drop=True)


def effecten_per_jaar(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    *,
    jaren: Iterable[int],
    eindjaar: int,
    interpolatie: bool = False,
    met_afgeleid: bool = True,
) -> pd.DataFrame:
    """Spread every effect over the years it counts in (rules 1-3 of the module doc).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        jaren: Years to report.
        eindjaar: Last year of the programme (an effect without year counts there).
        interpolatie: Fill years between two stated levels of an unknown-nature effect.
        met_afgeleid: Include effects whose amount is derived (``[afgeleid``).

    Returns:
        One row per effect and year: the columns of :func:`koppel_effecten` plus
        ``effect_nr`` (row of the input), ``bron_jaar`` (year in the source, NA if none),
        ``jaar`` (analysis year) and ``effect_herkomst``.

    >>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1], "maatregel": ["A"],
    ...                                           "taakstelling_eur": [1]}))
    >>> e = normaliseer_effecten(pd.DataFrame({"project": ["A", "A"], "jaar": [2018, 2020],
    ...     "bedrag_eur": [5, 9], "soort": ["gerealiseerd", "gerealiseerd"],
    ...     "structureel": ["ja", "nee"]}))
    >>> r = effecten_per_jaar(m, e, jaren=range(2019, 2023), eindjaar=2022)
    >>> r[["jaar", "aard", "bedrag_eur", "effect_herkomst"]].values.tolist()
    [[2019, 'structureel', 5.0, 'doorgetrokken (structureel)'], \
[2020, 'structureel', 5.0, 'doorgetrokken (structureel)'], \
[2021, 'structureel', 5.0, 'doorgetrokken (structureel)'], \
[2022, 'structureel', 5.0, 'doorgetrokken (structureel)'], [2020, 'eenmalig', 9.0, 'brief']]
    """
    e = koppel_effecten(maatregelen, effecten)
    e["effect_nr"] = np.arange(len(e))
    if not met_afgeleid:
        e = e[~e["afgeleid"]]
    lijst = _jaren(jaren)
    rijen = [rij for r in e.to_dict("records") for rij in _spreid_een(r, lijst, eindjaar)]
    if interpolatie:
        rijen += _interpoleer_effecten(e, lijst)
    return _effectframe(rijen, list(e.columns))


# --------------------------------------------------------------------------- gap


def status(
    taakstelling_eur: float,
    gap_eur: float,
    effect_bekend: bool,
    marge: float | None = None,
) -> str:
    """Dutch status of one row.

    - ``onbekend``: taakstelling PM or missing, or no effect with an amount known;
    - ``overtroffen``: gap below ``-marge x taakstelling`` (more than enough);
    - ``achter``: gap above ``marge x taakstelling``;
    - ``op koers``: otherwise (gap within the margin).

    Args:
        taakstelling_eur: The taakstelling (NaN when missing or PM).
        gap_eur: The gap.
        effect_bekend: Whether any effect with an amount is known.
        marge: Share of the taakstelling within which the row is on course
            (default ``instellingen.STATUS_MARGE``).

    >>> status(100_000, 0, True), status(100_000, 50_000, True)
    ('op koers', 'achter')
    >>> status(100_000, -20_000, True), status(float("nan"), 0, True), status(1, 1, False)
    ('overtroffen', 'onbekend', 'onbekend')
    """
    marge = instellingen.STATUS_MARGE if marge is None else marge
    if taakstelling_eur is None or pd.isna(taakstelling_eur) or not effect_bekend:
        return "onbekend"
    grens = marge * abs(float(taakstelling_eur))
    if gap_eur < -grens:
        return "overtroffen"
    if gap_eur > grens:
        return "achter"
    return "op koers"


_NIVEAU_SLEUTELS = {
    "maatregel": ["pakket", "maatregel_id", "maatregel_code", "maatregel", "projectsleutel"],
    "project": ["pakket", "projectsleutel"],
    "pakket": ["pakket"],
    "totaal": [],
}

_EFFECT_KOLOMMEN = (
    [f"{s}_eur" for s in SOORTEN]
    + [f"{s}_eenmalig_eur" for s in SOORTEN]
    + [
        "waarvan_aard_onbekend_eur",
        "n_effecten",
        "n_effecten_met_bedrag",
        "n_pm_effecten",
        "n_effecten_zonder_bedrag",
        "n_afgeleid",
        "n_benadering",
    ]
)

_GAP_KOLOMMEN = [
    "jaar",
    "taakstelling_eur",
    "taakstelling_pm",
    "taakstelling_herkomst",
    *_EFFECT_KOLOMMEN,
    "gap_eur",
    "gap_na_eenmalig_eur",
    "status",
    "toelichting",
]


def _effect_sommen(ej: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """Sum effects per key and year, soort and nature kept apart."""
    d = ej.copy()
    blijvend = d["aard"] != AARD_EENMALIG
    bedrag = d["bedrag_eur"].fillna(0.0)
    for s in SOORTEN:
        d[f"{s}_eur"] = bedrag.where((d["soort"] == s) & blijvend, 0.0)
        d[f"{s}_eenmalig_eur"] = bedrag.where((d["soort"] == s) & ~blijvend, 0.0)
    d["waarvan_aard_onbekend_eur"] = bedrag.where(d["aard"] == AARD_ONBEKEND, 0.0)
    d["n_effecten"] = 1
    d["n_effecten_met_bedrag"] = d["bedrag_eur"].notna().astype(int)
    d["n_pm_effecten"] = d["bedrag_pm"].astype(int)
    d["n_effecten_zonder_bedrag"] = (d["bedrag_eur"].isna() & ~d["bedrag_pm"]).astype(int)
    d["n_afgeleid"] = d["afgeleid"].astype(int)
    d["n_benadering"] = d["benadering"].astype(int)
    groep = sleutels + ["jaar"]
    if d.empty:
        return pd.DataFrame(columns=groep + _EFFECT_KOLOMMEN).astype({"jaar": int})
    return d.groupby(groep, dropna=False, sort=False)[_EFFECT_KOLOMMEN].sum().reset_index()


def _som_taakstelling(t: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """Sum maatregel taakstellingen; all missing stays missing, PM anywhere is flagged."""
    g = t.groupby(sleutels, sort=False, dropna=False)
    return g.agg(
        taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
        taakstelling_pm=("taakstelling_pm", "any"),
        taakstelling_herkomst=("taakstelling_herkomst", lambda s: " + ".join(sorted(set(s)))),
    ).reset_index()


def _gap_maatregel(t: pd.DataFrame, ej: pd.DataFrame) -> pd.DataFrame:
    sommen = _effect_sommen(ej[ej["niveau"] == "maatregel"], ["maatregel_id"])
    uit = t.merge(sommen, on=["maatregel_id", "jaar"], how="left")
    proj = ej[ej["niveau"] == "project"].groupby(["projectsleutel", "jaar"]).size()
    uit["_projectmelding"] = [
        f"effect gerapporteerd op projectniveau ({s})" if (s, j) in proj.index else ""
        for s, j in zip(uit["projectsleutel"], uit["jaar"], strict=True)
    ]
    return uit


def _gap_project(t: pd.DataFrame, ej: pd.DataFrame) -> pd.DataFrame:
    basis = _som_taakstelling(t, ["pakket", "projectsleutel", "jaar"])
    ej_n = ej[ej["niveau"].isin(["maatregel", "project"])]
    sommen = _effect_sommen(ej_n, ["pakket", "projectsleutel"])
    uit = basis.merge(sommen, on=["pakket", "projectsleutel", "jaar"], how="left")
    codes = (
        t.drop_duplicates("maatregel_id")
        .groupby(["pakket", "projectsleutel"], sort=False)["maatregel_code"]
        .agg(lambda s: ", ".join(s.dropna().astype(str)))
    )
    uit["maatregel_codes"] = [
        codes.get((p, s), "") for p, s in zip(uit["pakket"], uit["projectsleutel"], strict=True)
    ]
    return uit


def _pakket_basis(
    t: pd.DataFrame,
    pakketten: pd.DataFrame | None,
    lijst: list[int],
    eindjaar: int,
    interpolatie: bool,
) -> pd.DataFrame:
    """Taakstelling per pakket: the stated totals, with the sum of the maatregelen beside."""
    som = (
        _som_taakstelling(t, ["pakket", "jaar"])
        .rename(
            columns={
                "taakstelling_eur": "som_maatregelen_eur",
                "taakstelling_pm": "som_maatregelen_pm",
            }
        )
        .drop(columns=["taakstelling_herkomst"])
    )
    if pakketten is None:
        basis = som.copy()
        basis["taakstelling_eur"] = basis["som_maatregelen_eur"]
        basis["taakstelling_pm"] = basis["som_maatregelen_pm"]
        basis["taakstelling_herkomst"] = np.where(
            basis["taakstelling_eur"].notna(), "som maatregelen", HERKOMST_GEEN
        )
        return basis
    basis = pakket_taakstelling_per_jaar(
        pakketten, lijst, eindjaar=eindjaar, interpolatie=interpolatie
    )
    basis = basis.merge(som, on=["pakket", "jaar"], how="outer")
    basis["taakstelling_herkomst"] = basis["taakstelling_herkomst"].fillna(HERKOMST_GEEN)
    basis["taakstelling_pm"] = basis["taakstelling_pm"].astype("boolean").fillna(False).astype(bool)
    return basis


def _naar_totaal(uit: pd.DataFrame) -> pd.DataFrame:
    """Sum the pakketten per year; name the pakketten without a taakstelling."""
    zonder = (
        uit[uit["taakstelling_eur"].isna()]
        .groupby("jaar")["pakket"]
        .agg(lambda s: ", ".join(str(int(p)) for p in sorted(s)))
    )
    agg: dict[str, object] = {k: "sum" for k in _EFFECT_KOLOMMEN}
    agg.update(
        {
            "som_maatregelen_eur": lambda s: s.sum(min_count=1),
            "taakstelling_eur": lambda s: s.sum(min_count=1),
            "taakstelling_pm": "any",
        }
    )
    uit = uit.copy()
    for k in _EFFECT_KOLOMMEN:
        uit[k] = uit[k].fillna(0)
    uit = uit.groupby("jaar", sort=True).agg(agg).reset_index()
    uit["taakstelling_herkomst"] = "som van de pakketten"
    uit["pakketten_zonder_taakstelling"] = [zonder.get(j, "") for j in uit["jaar"]]
    return uit


def _gap_pakket(
    t: pd.DataFrame,
    ej: pd.DataFrame,
    pakketten: pd.DataFrame | None,
    lijst: list[int],
    eindjaar: int,
    interpolatie: bool,
    totaal: bool,
) -> pd.DataFrame:
    basis = _pakket_basis(t, pakketten, lijst, eindjaar, interpolatie)
    sommen = _effect_sommen(ej[ej["pakket"].notna()], ["pakket"])
    uit = basis.merge(sommen, on=["pakket", "jaar"], how="left")
    if totaal:
        uit = _naar_totaal(uit)
    uit = uit.sort_values(["jaar"] if totaal else ["pakket", "jaar"])
    return uit.reset_index(drop=True)


def _met_gap(uit: pd.DataFrame) -> pd.DataFrame:
    """Typed effect columns plus gap_eur and gap_na_eenmalig_eur."""
    uit = uit.copy()
    for k in _EFFECT_KOLOMMEN:
        uit[k] = uit[k].fillna(0)
        uit[k] = uit[k].astype(int) if k.startswith("n_") else uit[k].astype(float)
    uit["jaar"] = uit["jaar"].astype(int)
    effect = uit["gerealiseerd_eur"] + uit["verwacht_eur"] + uit["berekend_eur"]
    uit["gap_eur"] = uit["taakstelling_eur"] - effect
    uit["gap_na_eenmalig_eur"] = uit["gap_eur"] - _eenmalig(uit)
    return uit


def _eenmalig(df: pd.DataFrame) -> pd.Series:
    return (
        df["gerealiseerd_eenmalig_eur"] + df["verwacht_eenmalig_eur"] + df["berekend_eenmalig_eur"]
    )


def _toelichting_taakstelling(r: dict) -> list[str]:
    delen = [r["_projectmelding"]] if r.get("_projectmelding") else []
    if r.get("pakketten_zonder_taakstelling") and not pd.isna(r["taakstelling_eur"]):
        delen.append(f"geen taakstelling voor pakket {r['pakketten_zonder_taakstelling']}")
    if r["taakstelling_pm"]:
        delen.append("taakstelling (deels) PM")
    elif pd.isna(r["taakstelling_eur"]):
        delen.append("geen taakstelling voor dit jaar")
    return delen


def _toelichting_effecten(r: dict) -> list[str]:
    delen = []
    if r["n_effecten"] == 0 and not r.get("_projectmelding"):
        delen.append("geen effect gerapporteerd")
    elif r["n_effecten_met_bedrag"] <= 0:
        delen.append("effect zonder bedrag")
    if r["n_pm_effecten"]:
        delen.append(f"{r['n_pm_effecten']} effect(en) PM")
    if r["n_effecten_zonder_bedrag"]:
        delen.append(f"{r['n_effecten_zonder_bedrag']} effect(en) zonder bedrag")
    if r["gerealiseerd_eenmalig_eur"] + r["verwacht_eenmalig_eur"] + r["berekend_eenmalig_eur"]:
        delen.append("eenmalig effect niet in gap_eur")
    if r["waarvan_aard_onbekend_eur"]:
        delen.append("effect zonder aard (structureel/eenmalig) telt alleen in eigen jaar")
    return delen


def _toelichting_herkomst(r: dict) -> list[str]:
    delen = []
    if r["n_afgeleid"]:
        delen.append(f"{r['n_afgeleid']} afgeleid effect(en)")
    if r["n_benadering"]:
        delen.append(f"{r['n_benadering']} effect(en) bij benadering")
    if str(r["taakstelling_herkomst"]).startswith("interpolatie"):
        delen.append("taakstelling geïnterpoleerd")
    return delen


def _toelichting(r: dict) -> str:
    """Dutch explanation of one gap row (what is missing, PM, one-off, derived...)."""
    delen = _toelichting_taakstelling(r) + _toelichting_effecten(r) + _toelichting_herkomst(r)
    return "; ".join(delen)


def _met_status(uit: pd.DataFrame, marge: float | None) -> pd.DataFrame:
    uit = uit.copy()
    uit["status"] = [
        status(t, g, n > 0, marge)
        for t, g, n in zip(
            uit["taakstelling_eur"], uit["gap_eur"], uit["n_effecten_met_bedrag"], strict=True
        )
    ]
    uit["toelichting"] = [_toelichting(r) for r in uit.to_dict("records")]
    return uit


def _orden(uit: pd.DataFrame, niveau: str) -> pd.DataFrame:
    extra = [
        k
        for k in ("naam", "maatregel_codes", "som_maatregelen_eur", "pakketten_zonder_taakstelling")
        if k in uit.columns
    ]
    return uit[_NIVEAU_SLEUTELS[niveau] + extra + _GAP_KOLOMMEN].reset_index(drop=True)


def gap_tabel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame | None = None,
    niveau: str = "maatregel",
    *,
    jaren: Iterable[int],
    eindjaar: int,
    interpolatie: bool = False,
    met_afgeleid: bool = True,
    marge: float | None = None,
) -> pd.DataFrame:
    """Taakstelling, effects, gap and status per maatregel, project, pakket or total per year.

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        pakketten: Processed pakketten; at pakket/totaal level the *stated* pakket totals are
            the taakstelling (without it: the sum of the maatregelen).
        niveau: ``maatregel``, ``project``, ``pakket`` or ``totaal``.
        jaren: Years to report (usually :func:`rapportjaren`).
        eindjaar: Last year of the programme (amounts without year count there).
        interpolatie: Fill years without a figure (labelled, see the module doc).
        met_afgeleid: Include effects whose amount is derived (``[afgeleid``).
        marge: Share of the taakstelling within which the row is ``op koers``
            (default ``instellingen.STATUS_MARGE``).

    Returns:
        Key columns of the level, ``jaar``, ``taakstelling_eur``, ``taakstelling_pm``,
        ``taakstelling_herkomst``, ``gerealiseerd_eur``, ``verwacht_eur``, ``berekend_eur``
        (structural and unknown-nature effects), ``*_eenmalig_eur`` (one-off effects, apart),
        ``waarvan_aard_onbekend_eur``, effect counts, ``gap_eur``,
        ``gap_na_eenmalig_eur`` (explicitly including one-off effects), ``status`` and
        ``toelichting``. Pakket level adds ``naam`` and ``som_maatregelen_eur``; totaal
        adds ``som_maatregelen_eur`` and ``pakketten_zonder_taakstelling``.

    Raises:
        ValueError: Unknown ``niveau`` or tables not in the analysis shape (Dutch message).
    """
    if niveau not in _NIVEAU_SLEUTELS:
        raise ValueError(f"Onbekend niveau {niveau!r}; kies uit {list(_NIVEAU_SLEUTELS)}.")
    if pakketten is not None:
        _vereis(pakketten, "pakketten")
    lijst = _jaren(jaren)
    t = taakstelling_per_jaar(
        maatregelen, pakketten, jaren=lijst, eindjaar=eindjaar, interpolatie=interpolatie
    )
    ej = effecten_per_jaar(
        maatregelen,
        effecten,
        jaren=lijst,
        eindjaar=eindjaar,
        interpolatie=interpolatie,
        met_afgeleid=met_afgeleid,
    )
    if niveau == "maatregel":
        uit = _gap_maatregel(t, ej)
    elif niveau == "project":
        uit = _gap_project(t, ej)
    else:
        uit = _gap_pakket(t, ej, pakketten, lijst, eindjaar, interpolatie, niveau == "totaal")
    return _orden(_met_status(_met_gap(uit), marge), niveau)


# --------------------------------------------------------------------------- checks

_SOM = "som maatregelen = pakkettotaal"
_NIET_TE_CONTROLEREN = "niet te controleren"
_CONTROLE_KOLOMMEN = [
    "controle",
    "pakket",
    "jaar",
    "genoemd_eur",
    "som_eur",
    "verschil_eur",
    "uitkomst",
    "rijen",
    "toelichting",
]


def _geheel_of_na(x: object) -> object:
    return pd.NA if pd.isna(x) else int(x)


def _controle(
    controle: str,
    pakket: object,
    jaar: object,
    genoemd: float,
    som: float,
    uitkomst: str,
    rijen: str,
    toelichting: str,
) -> dict:
    verschil = math.nan if pd.isna(som) or pd.isna(genoemd) else som - genoemd
    waarden = (controle, pakket, jaar, genoemd, som, verschil, uitkomst, rijen, toelichting)
    return dict(zip(_CONTROLE_KOLOMMEN, waarden, strict=True))


def _rijteksten(df: pd.DataFrame) -> str:
    """The maatregelen involved, as ``code naam``; ``(PM)`` where the amount is PM."""
    return "; ".join(
        ("" if pd.isna(r.maatregel_code) else f"{r.maatregel_code} ")
        + str(r.maatregel)
        + (" (PM)" if r.taakstelling_pm else "")
        for r in df.itertuples(index=False)
    )


def _som_vergelijking(r, betrokken: pd.DataFrame, jaar: int) -> dict:
    som = float(betrokken["taakstelling_eur"].sum())
    if bool(betrokken["taakstelling_pm"].any() or r.taakstelling_pm):
        uitkomst, toel = _NIET_TE_CONTROLEREN, "een of meer bedragen PM"
    elif abs(som - r.taakstelling_eur) < 0.5:
        uitkomst, toel = "klopt", ""
    else:
        uitkomst, toel = "verschil", "de som van de maatregelen wijkt af van het pakkettotaal"
    return _controle(
        _SOM, int(r.pakket), jaar, r.taakstelling_eur, som, uitkomst, _rijteksten(betrokken), toel
    )


def _som_controle(r, m: pd.DataFrame, eindjaar: int) -> dict:
    """Check one stated pakket total against the sum of its maatregelen."""
    zonder_jaar = pd.isna(r.jaar)
    jaar = eindjaar if zonder_jaar else int(r.jaar)
    alle = m[m["pakket"] == r.pakket]
    nan = math.nan
    if math.isnan(r.taakstelling_eur) and not r.taakstelling_pm:
        toel = "de brief noemt voor dit pakket geen taakstelling"
        toel += "" if len(alle) else " en geen maatregelen"
        return _controle(_SOM, int(r.pakket), pd.NA, nan, nan, _NIET_TE_CONTROLEREN, "", toel)
    if alle.empty:
        toel = "pakket zonder maatregelen in de brief"
        toel += " (taakstelling zonder jaar)" if zonder_jaar else ""
        genoemd_jaar = pd.NA if zonder_jaar else jaar
        genoemd = r.taakstelling_eur
        return _controle(
            _SOM, int(r.pakket), genoemd_jaar, genoemd, nan, _NIET_TE_CONTROLEREN, "", toel
        )
    betrokken = alle[alle["jaar_regel"] == jaar]
    if betrokken.empty:
        toel = (
            f"de maatregelen hebben geen bedrag voor {jaar} (zonder jaar = eindniveau {eindjaar})"
        )
        return _controle(
            _SOM, int(r.pakket), jaar, r.taakstelling_eur, nan, _NIET_TE_CONTROLEREN, "", toel
        )
    return _som_vergelijking(r, betrokken, jaar)


def _pakketten_zonder_totaal(m: pd.DataFrame, p: pd.DataFrame) -> list[dict]:
    rijen = []
    for pakket in sorted(set(m["pakket"]) - set(p["pakket"])):
        alle = m[m["pakket"] == pakket]
        som = float(alle["taakstelling_eur"].sum())
        rijen.append(
            _controle(
                _SOM,
                int(pakket),
                pd.NA,
                math.nan,
                som,
                _NIET_TE_CONTROLEREN,
                _rijteksten(alle),
                "geen pakkettotaal in de brief",
            )
        )
    return rijen


def _dubbele_maatregelen(m: pd.DataFrame) -> list[dict]:
    dubbel = m[m.duplicated(["maatregel_id", "jaar_regel"], keep=False)]
    return [
        _controle(
            "maatregel komt één keer voor",
            int(groep["pakket"].iloc[0]),
            int(groep["jaar_regel"].iloc[0]),
            math.nan,
            float(groep["taakstelling_eur"].sum()),
            "let op",
            _rijteksten(groep),
            f"maatregel {mid.split('|', 1)[1]} staat {len(groep)} keer in de tabel",
        )
        for mid, groep in dubbel.groupby("maatregel_id")
    ]


def _effect_melding(r, controle: str, uitkomst: str, toelichting: str) -> dict:
    return _controle(
        controle,
        _geheel_of_na(r.pakket),
        _geheel_of_na(r.jaar),
        math.nan,
        r.bedrag_eur,
        uitkomst,
        str(r.omschrijving),
        toelichting,
    )


def _losse_effecten(e: pd.DataFrame) -> list[dict]:
    return [
        _effect_melding(r, "effect hoort bij maatregel of project", "let op", r.koppeling)
        for r in e[e["niveau"] == "los"].itertuples(index=False)
    ]


def _eenmalig_bij_structureel(e: pd.DataFrame, p: pd.DataFrame) -> list[dict]:
    structureel = set(p.loc[p["structureel"].fillna(False).astype(bool), "pakket"])
    toel = (
        "eenmalig effect bij een structurele taakstelling: telt niet mee in gap_eur, wel "
        "in gap_na_eenmalig_eur van zijn eigen jaar"
    )
    return [
        _effect_melding(r, "aard effect past bij taakstelling", "let op", toel)
        for r in e[e["aard"] == AARD_EENMALIG].itertuples(index=False)
        if not pd.isna(r.pakket) and r.pakket in structureel
    ]


def _realisatie_daalt(e: pd.DataFrame) -> list[dict]:
    """A realised structural amount that is lower in a later year."""
    ger = e[
        (e["soort"] == "gerealiseerd")
        & e["bedrag_eur"].notna()
        & e["jaar"].notna()
        & (e["aard"] != AARD_EENMALIG)
    ]
    rijen = []
    for _k, groep in ger.groupby(["pakket", "maatregel_code", "project"], dropna=False):
        recs = groep.sort_values("jaar").to_dict("records")
        for a, b in zip(recs, recs[1:], strict=False):
            if b["bedrag_eur"] < a["bedrag_eur"] and b["jaar"] > a["jaar"]:
                rijen.append(
                    _controle(
                        "realisatie houdt stand",
                        int(a["pakket"]),
                        int(b["jaar"]),
                        a["bedrag_eur"],
                        b["bedrag_eur"],
                        "let op",
                        f"{a['omschrijving']} | {b['omschrijving']}",
                        f"gerealiseerd in {int(b['jaar'])} lager dan in {int(a['jaar'])}",
                    )
                )
    return rijen


def _niet_letterlijk(e: pd.DataFrame) -> list[dict]:
    return [
        _effect_melding(
            r,
            "bedrag staat letterlijk in de brief",
            "ter info",
            "afgeleid bedrag" if r.afgeleid else "bedrag bij benadering",
        )
        for r in e[e["afgeleid"] | e["benadering"]].itertuples(index=False)
    ]


def controleer_programma(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame,
    effecten: pd.DataFrame | None = None,
    *,
    eindjaar: int,
) -> pd.DataFrame:
    """Check the programme against itself; report every difference, never force agreement.

    Checks: the sum of the maatregelen against each stated pakket total per year; pakketten
    without maatregelen; duplicate maatregelen; effects that match nothing; one-off effects
    on a pakket with a structural taakstelling; realisation that falls in a later year;
    derived and approximate amounts (for information).

    Args:
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten (optional: without them only the sums are checked).
        eindjaar: Last year of the programme (amounts without year count there).

    Returns:
        controle, pakket, jaar, genoemd_eur, som_eur, verschil_eur (som - genoemd),
        uitkomst (``klopt`` / ``verschil`` / ``niet te controleren`` / ``let op`` /
        ``ter info``), rijen (the rows involved) and toelichting.

    >>> from sdanalysis.bouw.programma import normaliseer_maatregelen, normaliseer_pakketten
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [2, 2], "maatregel": ["A", "B"],
    ...                                           "taakstelling_eur": [1_000, 2_000]}))
    >>> p = normaliseer_pakketten(pd.DataFrame({"pakket": [2], "jaar": [2022],
    ...                                         "taakstelling_eur": [3_500]}))
    >>> c = controleer_programma(m, p, eindjaar=2022)
    >>> c.loc[[0], ["uitkomst", "verschil_eur", "rijen"]].values.tolist()
    [['verschil', -500.0, 'A; B']]
    """
    _vereis(maatregelen, "maatregelen")
    _vereis(pakketten, "pakketten")
    m = maatregelen.assign(jaar_regel=maatregelen["jaar"].fillna(eindjaar).astype(int))
    rijen = [_som_controle(r, m, eindjaar) for r in pakketten.itertuples(index=False)]
    rijen += _pakketten_zonder_totaal(m, pakketten)
    rijen += _dubbele_maatregelen(m)
    if effecten is not None:
        e = koppel_effecten(maatregelen, effecten)
        rijen += _losse_effecten(e)
        rijen += _eenmalig_bij_structureel(e, pakketten)
        rijen += _realisatie_daalt(e)
        rijen += _niet_letterlijk(e)
    uit = pd.DataFrame(rijen, columns=_CONTROLE_KOLOMMEN)
    uit["pakket"] = pd.array(uit["pakket"].tolist(), dtype="Int64")
    uit["jaar"] = pd.array(uit["jaar"].tolist(), dtype="Int64")
    for k in ("genoemd_eur", "som_eur", "verschil_eur"):
        uit[k] = uit[k].astype(float)
    return uit


def verschillen(controles: pd.DataFrame) -> pd.DataFrame:
    """Only the checks where the source's figures do not add up (``uitkomst == 'verschil'``).

    >>> c = pd.DataFrame({"uitkomst": ["klopt", "verschil"], "verschil_eur": [0.0, -5.0]})
    >>> verschillen(c)["verschil_eur"].tolist()
    [-5.0]
    """
    if "uitkomst" not in controles.columns:
        raise ValueError("Verwacht de uitkomst van controleer_programma (kolom 'uitkomst').")
    return controles[controles["uitkomst"] == "verschil"].reset_index(drop=True)


# --------------------------------------------------------------------------- tables


def projecttabel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    jaar: int,
    *,
    eindjaar: int,
    **kwargs: object,
) -> pd.DataFrame:
    """One row per project for one year, with the source's "wat gedaan" and "effect" text.

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        jaar: The year of the figures.
        eindjaar: Last year of the programme.
        **kwargs: Passed to :func:`gap_tabel` (``interpolatie``, ``met_afgeleid``, ``marge``).

    Returns:
        pakket, project, maatregel_codes, taakstelling_eur, gerealiseerd_eur,
        verwacht_eur, berekend_eur, eenmalig_eur, gap_eur, status, wat_gedaan, effect_tekst,
        toelichting.
    """
    g = gap_tabel(
        maatregelen, effecten, niveau="project", jaren=[jaar], eindjaar=eindjaar, **kwargs
    )
    teksten = maatregelen.groupby(["pakket", "projectsleutel"], sort=False).agg(
        wat_gedaan=("wat_gedaan", lambda s: " ".join(s.dropna().astype(str))),
        effect_tekst=("effect_tekst", lambda s: " ".join(s.dropna().astype(str))),
    )
    uit = g.merge(teksten.reset_index(), on=["pakket", "projectsleutel"], how="left")
    uit["eenmalig_eur"] = _eenmalig(uit)
    uit = uit.rename(columns={"projectsleutel": "project"})
    return uit[
        [
            "pakket",
            "project",
            "maatregel_codes",
            "taakstelling_eur",
            "gerealiseerd_eur",
            "verwacht_eur",
            "berekend_eur",
            "eenmalig_eur",
            "gap_eur",
            "status",
            "wat_gedaan",
            "effect_tekst",
            "toelichting",
        ]
    ]


def afgeleide_bedragen(met: pd.DataFrame, zonder: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Gap per pakket in one year with and without the derived amounts, side by side.

    Args:
        met: :func:`gap_tabel` at level ``pakket`` with derived amounts.
        zonder: The same with ``met_afgeleid=False``.
        jaar: The year.

    Returns:
        pakket, jaar, gap_eur, gap_zonder_afgeleid_eur, rust_op_afgeleid_eur (the part of
        the effect that rests on derived amounts).

    >>> a = pd.DataFrame({"pakket": [1], "jaar": [2022], "gap_eur": [10.0]})
    >>> afgeleide_bedragen(a, a.assign(gap_eur=40.0), 2022)["rust_op_afgeleid_eur"].tolist()
    [30.0]
    """
    sleutels = ["pakket", "jaar"]
    uit = met.loc[met["jaar"] == jaar, [*sleutels, "gap_eur"]].merge(
        zonder.loc[zonder["jaar"] == jaar, [*sleutels, "gap_eur"]].rename(
            columns={"gap_eur": "gap_zonder_afgeleid_eur"}
        ),
        on=sleutels,
        how="left",
    )
    uit["rust_op_afgeleid_eur"] = uit["gap_zonder_afgeleid_eur"] - uit["gap_eur"]
    return uit.reset_index(drop=True)


# --------------------------------------------------------------------------- bridge


def _brugstappen(d: pd.DataFrame, per: str) -> list[tuple[str, float, bool]]:
    if per == "soort":
        stappen = (
            ("gerealiseerd", "Gerealiseerd"),
            ("berekend", "Berekend effect"),
            ("verwacht", "Verwacht effect"),
        )
        waarden = [(label, float(d[f"{s}_eur"].sum())) for s, label in stappen]
        return [(label, -w, False) for label, w in waarden if w]
    kolom = "pakket" if per == "pakket" else "projectsleutel"
    if kolom not in d.columns:
        raise ValueError(f"Voor per={per!r} is een gap_tabel op niveau {per} nodig.")
    rijen = []
    for sleutel, groep in d.groupby(kolom, sort=False):
        waarde = float(
            (groep["gerealiseerd_eur"] + groep["verwacht_eur"] + groep["berekend_eur"]).sum()
        )
        if waarde:
            label = f"Pakket {int(sleutel)}" if per == "pakket" else str(sleutel)
            rijen.append((label, -waarde, False))
    return rijen


def brugdata(gap: pd.DataFrame, jaar: int, per: str = "soort") -> pd.DataFrame:
    """Bars of the bridge from total taakstelling to remaining gap for one year.

    Only rows with a known taakstelling take part (an effect without taakstelling cannot
    close a gap); one-off effects are not steps (they never lower the structural gap).

    Args:
        gap: Output of :func:`gap_tabel` (level ``totaal`` or ``pakket`` for
            ``per="soort"``; ``pakket`` or ``project`` for ``per="pakket"``/``"project"``).
        jaar: The year.
        per: ``soort`` (steps gerealiseerd, berekend, verwacht) or ``pakket``/``project``
            (one step per pakket/project: its structural effect).

    Returns:
        label, bedrag_eur, totaal (bool); closes: start + steps = end.

    >>> g = pd.DataFrame({"jaar": [2022], "taakstelling_eur": [100.0], "gerealiseerd_eur": [30.0],
    ...                   "berekend_eur": [0.0], "verwacht_eur": [20.0], "gap_eur": [50.0]})
    >>> brugdata(g, 2022)["bedrag_eur"].tolist()
    [100.0, -30.0, -20.0, 50.0]
    """
    if "jaar" not in gap.columns or "taakstelling_eur" not in gap.columns:
        raise ValueError("Verwacht de uitkomst van gap_tabel (kolommen jaar, taakstelling_eur).")
    if per not in ("soort", "pakket", "project"):
        raise ValueError(f"per moet 'soort', 'pakket' of 'project' zijn, niet {per!r}.")
    d = gap[(gap["jaar"] == jaar) & gap["taakstelling_eur"].notna()]
    if d.empty:
        raise ValueError(f"Geen rijen met een taakstelling in {jaar}; kies een ander jaar.")
    start = float(d["taakstelling_eur"].sum())
    stappen = _brugstappen(d, per)
    eind = start + sum(b for _, b, _t in stappen)
    rijen = [(f"Taakstelling {jaar}", start, True), *stappen, ("Resterend gat", eind, True)]
    return pd.DataFrame(rijen, columns=["label", "bedrag_eur", "totaal"])


# --------------------------------------------------------------------------- claim vs data


def categorieen_voor(
    mapping: pd.DataFrame,
    maatregelen: pd.DataFrame,
    project: str | None = None,
    maatregel_code: str | None = None,
) -> list[str]:
    """Categories of care targeted by a project (union over its maatregelen) or maatregel.

    Args:
        mapping: :func:`sdanalysis.bouw.programma.laad_categorie_mapping`.
        maatregelen: Processed maatregelen.
        project: A projectsleutel.
        maatregel_code: A maatregel code (takes precedence over ``project``).

    Returns:
        The categories, sorted.

    >>> from sdanalysis.bouw.programma import normaliseer_maatregelen
    >>> mp = pd.DataFrame({"maatregel_code": ["1.1", pd.NA], "project": [pd.NA, "Q"],
    ...                    "categorie": ["X", "Y"]})
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1, 1],
    ...     "maatregel_code": ["1.1", "1.2"], "maatregel": ["a", "b"], "project": ["P", "P"],
    ...     "taakstelling_eur": [1, 1]}))
    >>> categorieen_voor(mp, m, project="P")
    ['X']
    """
    _vereis(maatregelen, "maatregelen")
    if maatregel_code is not None:
        codes, projecten = {maatregel_code}, set()
    elif project is not None:
        sel = maatregelen[maatregelen["projectsleutel"] == project]
        if sel.empty:
            raise ValueError(f"Project {project!r} staat niet in de maatregelen.")
        codes, projecten = set(sel["maatregel_code"].dropna()), {project}
    else:
        raise ValueError("Geef een project of een maatregel_code op.")
    hit = mapping[mapping["maatregel_code"].isin(codes) | mapping["project"].isin(projecten)]
    return sorted(set(hit["categorie"]))


def _claim(
    pakket: int,
    project: str,
    groep: pd.DataFrame,
    mapping: pd.DataFrame,
    gerealiseerd: pd.DataFrame,
    startjaar: int,
) -> tuple | None:
    codes = set(groep["maatregel_code"].dropna())
    hit = mapping[mapping["maatregel_code"].isin(codes) | (mapping["project"] == project)]
    if hit.empty:
        return None
    eigen = gerealiseerd[gerealiseerd["projectsleutel"] == project]
    jaar, claim = startjaar, math.nan
    if len(eigen):
        jaar = int(eigen["jaar"].min())
        claim = float(eigen.loc[eigen["jaar"] == jaar, "bedrag_eur"].sum())
    zeker = "brief" if (hit["zekerheid"] == "brief").all() else "aanname"
    tekst = " ".join(groep["effect_tekst"].dropna().astype(str))
    return int(pakket), project, sorted(set(hit["categorie"])), zeker, claim, jaar, tekst


def claims_per_project(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    mapping: pd.DataFrame | None = None,
    *,
    startjaar: int,
) -> pd.DataFrame:
    """The claims the programme makes on categories of care, one row per mapped project.

    The claim is the realised structural (or unknown-nature) effect of the project in the
    first year the source gives an amount for; without an amount the claim is NaN and the
    year ``startjaar`` (only the direction can then be checked).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        mapping: :func:`sdanalysis.bouw.programma.laad_categorie_mapping` (default: the
            package's mapping).
        startjaar: First year of the programme.

    Returns:
        pakket, project, categorieen (list), zekerheid (``brief`` if the source itself
        links every categorie, else ``aanname``), claim_eur, claim_jaar, effect_tekst.
    """
    from sdanalysis.bouw.programma import laad_categorie_mapping

    mapping = laad_categorie_mapping() if mapping is None else mapping
    e = koppel_effecten(maatregelen, effecten)
    gerealiseerd = e[
        (e["soort"] == "gerealiseerd")
        & (e["aard"] != AARD_EENMALIG)
        & e["bedrag_eur"].notna()
        & e["jaar"].notna()
    ]
    rijen = [
        _claim(pakket, project, groep, mapping, gerealiseerd, startjaar)
        for (pakket, project), groep in maatregelen.groupby(
            ["pakket", "projectsleutel"], sort=False
        )
    ]
    uit = pd.DataFrame(
        [r for r in rijen if r is not None],
        columns=[
            "pakket",
            "project",
            "categorieen",
            "zekerheid",
            "claim_eur",
            "claim_jaar",
            "effect_tekst",
        ],
    )
    uit["claim_jaar"] = uit["claim_jaar"].astype(int)
    uit["claim_eur"] = uit["claim_eur"].astype(float)
    return uit


def jaarkosten_per_categorie(declaraties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """Declared cost per year and categorie (year of ``periode_start``).

    Args:
        declaraties: Processed declaraties.
        toewijzingen: Processed toewijzingen (for the categorie).

    Returns:
        jaar, categorie, bedrag_eur. Declarations whose toewijzing is unknown are kept
        under categorie ``onbekend`` (never dropped silently).

    >>> d = pd.DataFrame({"toewijzingnummer": ["a", "b", "c"],
    ...                   "periode_start": pd.to_datetime(["2018-01-01", "2018-02-01",
    ...                                                    "2019-01-01"]),
    ...                   "bedrag_eur": [10.0, -2.0, 5.0]})
    >>> t = pd.DataFrame({"toewijzingnummer": ["a", "b"], "categorie": ["X", "X"]})
    >>> jaarkosten_per_categorie(d, t).values.tolist()
    [[2018, 'X', 8.0], [2019, 'onbekend', 5.0]]
    """
    for naam, df, kol in (
        ("declaraties", declaraties, ("toewijzingnummer", "periode_start", "bedrag_eur")),
        ("toewijzingen", toewijzingen, ("toewijzingnummer", "categorie")),
    ):
        ontbreekt = [k for k in kol if k not in df.columns]
        if ontbreekt:
            raise ValueError(f"Tabel {naam} mist kolom(men) {ontbreekt}.")
    cat = toewijzingen[["toewijzingnummer", "categorie"]].drop_duplicates("toewijzingnummer")
    d = declaraties[["toewijzingnummer", "periode_start", "bedrag_eur"]].merge(
        cat, on="toewijzingnummer", how="left"
    )
    d["categorie"] = d["categorie"].astype("string").fillna("onbekend")
    d["jaar"] = pd.to_datetime(d["periode_start"]).dt.year.astype(int)
    uit = d.groupby(["jaar", "categorie"], sort=True)["bedrag_eur"].sum().reset_index()
    uit["categorie"] = uit["categorie"].astype(str)
    return uit


def jaarreeks(
    reeks: pd.DataFrame,
    waarde_kolom: str = "bedrag_eur",
    tijd_kolom: str = "jaar",
    categorie_kolom: str = "categorie",
    agg: str = "sum",
) -> pd.DataFrame:
    """Yearly series per categorie from a yearly or monthly frame.

    Args:
        reeks: E.g. a yearly cost frame (jaar, categorie, bedrag_eur) or monthly volumes.
        waarde_kolom: The value column (its name, with its unit, is kept).
        tijd_kolom: Year (int) or a date column (then grouped per calendar year).
        categorie_kolom: The categorie column.
        agg: ``sum`` for flows and costs, ``mean`` for stocks (clients on the 1st).

    Returns:
        jaar, categorie, ``waarde_kolom``.

    >>> r = pd.DataFrame({"periode_maand": pd.to_datetime(["2018-01-01", "2018-02-01"]),
    ...                   "categorie": ["X", "X"], "aantal_clienten": [10, 20]})
    >>> jaarreeks(r, "aantal_clienten", "periode_maand", agg="mean").values.tolist()
    [[2018, 'X', 15.0]]
    """
    for k in (waarde_kolom, tijd_kolom, categorie_kolom):
        if k not in reeks.columns:
            raise ValueError(f"Reeks mist kolom {k!r}; aanwezig: {list(reeks.columns)}.")
    if agg not in ("sum", "mean", "last"):
        raise ValueError("agg moet 'sum', 'mean' of 'last' zijn.")
    d = reeks[[tijd_kolom, categorie_kolom, waarde_kolom]].copy()
    if pd.api.types.is_datetime64_any_dtype(d[tijd_kolom]):
        d["jaar"] = d[tijd_kolom].dt.year.astype(int)
    else:
        d["jaar"] = pd.to_numeric(d[tijd_kolom]).astype(int)
    d = d.sort_values(tijd_kolom)
    uit = d.groupby(["jaar", categorie_kolom], sort=True)[waarde_kolom].agg(agg).reset_index()
    uit.columns = ["jaar", "categorie", waarde_kolom]
    uit[waarde_kolom] = uit[waarde_kolom].astype(float)
    uit["categorie"] = uit["categorie"].astype(str)
    return uit


def _reeks_per_jaar(
    reeks: pd.DataFrame, categorieen: Sequence[str], waarde_kolom: str
) -> pd.Series:
    if waarde_kolom not in reeks.columns:
        raise ValueError(f"Reeks mist kolom {waarde_kolom!r}.")
    if not len(categorieen):
        raise ValueError("Geef minstens één categorie op waarop de maatregel zich richt.")
    sel = reeks[reeks["categorie"].isin(list(categorieen))]
    if sel.empty:
        raise ValueError(
            f"Geen gegevens voor categorie(ën) {list(categorieen)}; aanwezig zijn "
            f"{sorted(reeks['categorie'].unique())[:20]}."
        )
    return sel.groupby("jaar", sort=True)[waarde_kolom].sum().astype(float)


def _pretrend(per_jaar: pd.Series, basisjaar: int) -> tuple[float, float]:
    """Slope and intercept of a linear trend up to the base year (NaN with < 2 years)."""
    voor = per_jaar[per_jaar.index <= basisjaar]
    if len(voor) < 2:
        return math.nan, math.nan
    helling, snijpunt = np.polyfit(voor.index.astype(float), voor.to_numpy(), 1)
    return float(helling), float(snijpunt)


def _oordeel(na: bool, gemeten: float, claim: float) -> str:
    if not na:
        return "voor de claim"
    if gemeten >= 0:
        return "geen daling gemeten"
    if math.isnan(claim):
        return "daling gemeten (claim zonder bedrag)"
    if -gemeten >= claim:
        return "gemeten daling minstens zo groot als geclaimd"
    return "gemeten daling kleiner dan geclaimd"


def _vergelijkingskolommen(waarde_kolom: str) -> list[str]:
    """Columns of :func:`claim_vs_gemeten`; values carry ``_eur`` for a euro series."""
    sfx = "_eur" if waarde_kolom.endswith("_eur") else ""
    waarden = ("waarde", "basiswaarde", "gemeten_verandering", "geclaimde_verandering")
    waarden += ("verschil", "trendwaarde", "afwijking_van_trend")
    return ["jaar", *[f"{w}{sfx}" for w in waarden], "na_claim", "oordeel"]


def claim_vs_gemeten(
    reeks: pd.DataFrame,
    categorieen: Sequence[str],
    claim: float | None,
    claim_jaar: int,
    basisjaar: int | None = None,
    waarde_kolom: str = "bedrag_eur",
) -> pd.DataFrame:
    """Compare a claimed saving with the measured change in a series.

    The measured change of year Y is ``waarde(Y) - waarde(basisjaar)`` summed over the
    categories; the claim is a saving (a fall of ``claim``, in the unit of the series: euros
    for a cost series). A claim without amount (``None``/NaN) only checks the direction.
    With at least two years up to the base year a linear pre-trend is extrapolated
    (``trendwaarde``): a saving may show as a smaller rise instead of a fall.

    Args:
        reeks: :func:`jaarreeks` output (jaar, categorie, ``waarde_kolom``).
        categorieen: Categories the maatregel targets (see :func:`categorieen_voor`).
        claim: Claimed structural saving (positive = fall), or None.
        claim_jaar: First year the claim applies to.
        basisjaar: Year compared with (default: ``claim_jaar - 1``).
        waarde_kolom: Value column; a name ending in ``_eur`` gives euro columns.

    Returns:
        One row per year: jaar, waarde, basiswaarde, gemeten_verandering,
        geclaimde_verandering (from claim_jaar on), verschil (gemeten - geclaimd),
        trendwaarde, afwijking_van_trend (each with suffix ``_eur`` for a euro series),
        na_claim (bool) and oordeel (Dutch).

    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "waarde": [10.0, 12.0, 9.0]})
    >>> c = claim_vs_gemeten(r, ["X"], 2.0, 2018, waarde_kolom="waarde")
    >>> c.loc[c["jaar"] == 2018, ["gemeten_verandering", "oordeel"]].values.tolist()
    [[-3.0, 'gemeten daling minstens zo groot als geclaimd']]
    """
    per_jaar = _reeks_per_jaar(reeks, categorieen, waarde_kolom)
    basisjaar = claim_jaar - 1 if basisjaar is None else basisjaar
    if basisjaar not in per_jaar.index:
        raise ValueError(f"Geen waarde voor het basisjaar {basisjaar} in de reeks.")
    basis = float(per_jaar[basisjaar])
    helling, snijpunt = _pretrend(per_jaar, basisjaar)
    bedrag = math.nan if claim is None or pd.isna(claim) else float(claim)
    jaren = per_jaar.index.to_numpy()
    na = jaren >= claim_jaar
    gemeten = per_jaar.to_numpy() - basis
    geclaimd = np.where(na, -bedrag, math.nan)
    trend = helling * jaren + snijpunt
    waarde = per_jaar.to_numpy()
    oordeel = [_oordeel(n, g, bedrag) for n, g in zip(na, gemeten, strict=True)]
    kolommen = (jaren.astype(int), waarde, basis, gemeten, geclaimd, gemeten - geclaimd, trend)
    waarden = (*kolommen, waarde - trend, na, oordeel)
    return pd.DataFrame(dict(zip(_vergelijkingskolommen(waarde_kolom), waarden, strict=True)))


def claims_tegen_reeks(
    claims: pd.DataFrame,
    reeks: pd.DataFrame,
    waarde_kolom: str = "bedrag_eur",
    met_bedrag: bool = True,
) -> pd.DataFrame:
    """:func:`claim_vs_gemeten` for every claim, stacked; a claim without data is skipped.

    Args:
        claims: :func:`claims_per_project`.
        reeks: :func:`jaarreeks` output.
        waarde_kolom: Value column of ``reeks``.
        met_bedrag: Compare the claimed amount (a cost series); False checks only the
            direction (e.g. a series of clients).

    Returns:
        project, categorieen (text) and the columns of :func:`claim_vs_gemeten`.
    """
    delen = []
    for c in claims.itertuples(index=False):
        claim = c.claim_eur if met_bedrag else None
        try:
            v = claim_vs_gemeten(reeks, c.categorieen, claim, int(c.claim_jaar), None, waarde_kolom)
        except ValueError as fout:
            log.warning("Claim van %s niet te toetsen: %s", c.project, fout)
            continue
        delen.append(v.assign(project=c.project, categorieen=", ".join(c.categorieen)))
    if not delen:
        return pd.DataFrame(
            columns=["project", "categorieen", *_vergelijkingskolommen(waarde_kolom)]
        )
    uit = pd.concat(delen, ignore_index=True)
    return uit[["project", "categorieen", *_vergelijkingskolommen(waarde_kolom)]]


@dataclass(frozen=True)
class Claimmeting:
    """Every claim against the measured series.

    Attributes:
        kosten: Claims against the declared cost of their categories (euros).
        clienten: Claims against the average number of clients per month (direction only).
    """

    kosten: pd.DataFrame
    clienten: pd.DataFrame


def claimmeting(
    claims: pd.DataFrame,
    toewijzingen: pd.DataFrame,
    declaraties: pd.DataFrame,
    jaren: tuple[int, int],
) -> Claimmeting:
    """Compare every claim with the cost and client series of its categories.

    Args:
        claims: :func:`claims_per_project`.
        toewijzingen: Processed toewijzingen.
        declaraties: Processed declaraties.
        jaren: First and last year of the series (e.g. ``jaren_in_gegevens``).

    Returns:
        A :class:`Claimmeting`.
    """
    from sdanalysis.analyse.volumes import maandvolumes

    eerste, laatste = jaren
    kosten = jaarkosten_per_categorie(declaraties, toewijzingen)
    kosten = kosten[kosten["jaar"].between(eerste, laatste)]
    volumes = maandvolumes(toewijzingen, ("categorie",), start=f"{eerste}-01", eind=f"{laatste}-12")
    clienten = jaarreeks(volumes, "aantal_clienten", "periode_maand", agg="mean")
    return Claimmeting(
        kosten=claims_tegen_reeks(claims, kosten, "bedrag_eur", met_bedrag=True),
        clienten=claims_tegen_reeks(claims, clienten, "aantal_clienten", met_bedrag=False),
    )


# --------------------------------------------------------------------------- scenario


def _scenario_aanname(methode: str, startjaar: int, peiljaar: int, interpolatie: bool) -> str:
    jaren_sinds_start = peiljaar - startjaar + 1
    groei = (
        f"realisatie groeit elk jaar met het gemiddelde tempo sinds {startjaar} "
        f"(niveau {peiljaar} / {jaren_sinds_start} jaar)"
        if methode == "tempo"
        else f"realisatie blijft op het niveau van {peiljaar}"
    )
    tussen = "; taakstelling tussenjaren geïnterpoleerd" if interpolatie else ""
    return f"alleen gerealiseerde structurele effecten; peiljaar {peiljaar}; {groei}{tussen}"


_SCENARIO_KOLOMMEN = [
    "pakket",
    "jaar",
    "taakstelling_eur",
    "taakstelling_herkomst",
    "gerealiseerd_peiljaar_eur",
    "tempo_per_jaar_eur",
    "gerealiseerd_scenario_eur",
    "gap_scenario_eur",
    "gap_met_verwacht_eur",
    "aanname",
]


def _scenario_pakketten(
    volledig: pd.DataFrame, peiljaar: int, tempo_jaren: int | None, aanname: str
) -> pd.DataFrame:
    """Per pakket and year: realisation in the scenario and the remaining gap."""
    rijen = []
    for pakket, groep in volledig.groupby("pakket", sort=True):
        r_peil = float(groep.loc[groep["jaar"] == peiljaar, "gerealiseerd_eur"].sum())
        tempo = r_peil / tempo_jaren if tempo_jaren else 0.0
        for r in groep.itertuples(index=False):
            real = r_peil + tempo * (r.jaar - peiljaar)
            rijen.append(
                (
                    int(pakket),
                    int(r.jaar),
                    r.taakstelling_eur,
                    r.taakstelling_herkomst,
                    r_peil,
                    tempo,
                    real,
                    r.taakstelling_eur - real,
                    r.gap_eur,
                    aanname,
                )
            )
    return pd.DataFrame(rijen, columns=_SCENARIO_KOLOMMEN)


def _scenario_totaal(uit: pd.DataFrame, aanname: str) -> pd.DataFrame:
    totaal = (
        uit.groupby("jaar", sort=True)
        .agg(
            taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
            gerealiseerd_peiljaar_eur=("gerealiseerd_peiljaar_eur", "sum"),
            tempo_per_jaar_eur=("tempo_per_jaar_eur", "sum"),
            gerealiseerd_scenario_eur=("gerealiseerd_scenario_eur", "sum"),
        )
        .reset_index()
    )
    # the total gap only over pakketten with a taakstelling that year
    met = uit[uit["taakstelling_eur"].notna()]
    gaps = met.groupby("jaar").agg(
        gap_scenario_eur=("gap_scenario_eur", "sum"),
        gap_met_verwacht_eur=("gap_met_verwacht_eur", "sum"),
    )
    totaal = totaal.merge(gaps, on="jaar", how="left")
    totaal["pakket"] = pd.NA
    totaal["taakstelling_herkomst"] = "som van de pakketten met een taakstelling"
    totaal["aanname"] = aanname
    return totaal[uit.columns]


def scenario_huidig_tempo(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame,
    *,
    startjaar: int,
    eindjaar: int,
    peiljaar: int,
    methode: str = "tempo",
    interpolatie: bool = False,
    met_afgeleid: bool = True,
) -> pd.DataFrame:
    """Projected gap to ``eindjaar`` if realisation keeps today's pace (no expected effects).

    Assumptions (also in column ``aanname``):

    - only *gerealiseerd* structural (or unknown-nature) effects count: verwacht and
      berekend effects are assumed not to come;
    - today = ``peiljaar``; the realised level then is R (per pakket);
    - ``methode="tempo"``: realisation keeps growing by R / (peiljaar - startjaar + 1) per
      year (the average pace since the programme started); ``methode="niveau"``: it stays R;
    - the taakstelling per year is the stated pakket total; years without one stay missing
      unless ``interpolatie=True`` (labelled).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        pakketten: Processed pakketten.
        startjaar: First year of the programme.
        eindjaar: Last year of the programme.
        peiljaar: "Today": the year of the status the tables describe.
        methode: ``tempo`` or ``niveau``.
        interpolatie: Interpolate the taakstelling between stated years.
        met_afgeleid: Include derived amounts.

    Returns:
        pakket (NA = totaal), jaar, taakstelling_eur, taakstelling_herkomst,
        gerealiseerd_peiljaar_eur, tempo_per_jaar_eur, gerealiseerd_scenario_eur,
        gap_scenario_eur, gap_met_verwacht_eur (gap when verwacht/berekend do come),
        aanname.
    """
    if methode not in ("tempo", "niveau"):
        raise ValueError("methode moet 'tempo' of 'niveau' zijn.")
    if not startjaar <= peiljaar <= eindjaar:
        raise ValueError("Verwacht startjaar <= peiljaar <= eindjaar.")
    aanname = _scenario_aanname(methode, startjaar, peiljaar, interpolatie)
    volledig = gap_tabel(
        maatregelen,
        effecten,
        pakketten,
        niveau="pakket",
        jaren=range(peiljaar, eindjaar + 1),
        eindjaar=eindjaar,
        interpolatie=interpolatie,
        met_afgeleid=met_afgeleid,
    )
    tempo_jaren = peiljaar - startjaar + 1 if methode == "tempo" else None
    uit = _scenario_pakketten(volledig, peiljaar, tempo_jaren, aanname)
    uit = pd.concat([uit, _scenario_totaal(uit, aanname)], ignore_index=True)
    uit["pakket"] = pd.array(uit["pakket"].tolist(), dtype="Int64")
    return uit


# --------------------------------------------------------------------------- section


@dataclass(frozen=True)
class Programmasectie:
    """Every table of the programme section, computed once from the processed tables.

    Attributes:
        jaren: The programme's years (see :func:`programmajaren`).
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten.
        controles: :func:`controleer_programma`.
        gap_maatregel: :func:`gap_tabel` per maatregel over :func:`rapportjaren`.
        gap_project: Per project.
        gap_pakket: Per pakket.
        gap_totaal: Total.
        gap_sinds_start: Per pakket from the startjaar (one-off effects of early years).
        afgeleid: :func:`afgeleide_bedragen` in the eindjaar.
        projecten: :func:`projecttabel` in the eindjaar.
        brug: :func:`brugdata` of the total in the eindjaar (empty without taakstelling).
        scenario: :func:`scenario_huidig_tempo`, ``methode="tempo"``, interpolated.
        scenario_niveau: The same with ``methode="niveau"``, not interpolated.
        claims: :func:`claims_per_project`.
    """

    jaren: Programma
    maatregelen: pd.DataFrame
    pakketten: pd.DataFrame
    effecten: pd.DataFrame
    controles: pd.DataFrame
    gap_maatregel: pd.DataFrame
    gap_project: pd.DataFrame
    gap_pakket: pd.DataFrame
    gap_totaal: pd.DataFrame
    gap_sinds_start: pd.DataFrame
    afgeleid: pd.DataFrame
    projecten: pd.DataFrame
    brug: pd.DataFrame
    scenario: pd.DataFrame
    scenario_niveau: pd.DataFrame
    claims: pd.DataFrame

    @property
    def verschillen(self) -> pd.DataFrame:
        """The checks where the programme's own figures do not add up."""
        return verschillen(self.controles)


def _brug_of_leeg(gap: pd.DataFrame, jaar: int) -> pd.DataFrame:
    if not (gap["jaar"].eq(jaar) & gap["taakstelling_eur"].notna()).any():
        return pd.DataFrame(columns=["label", "bedrag_eur", "totaal"])
    return brugdata(gap, jaar)


def programmasectie(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame,
    effecten: pd.DataFrame,
    programma: Programma | None = None,
    *,
    marge: float | None = None,
    mapping: pd.DataFrame | None = None,
) -> Programmasectie:
    """Compute every table of the programme section (notebook and workbook) in one call.

    Args:
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten.
        programma: The profile's years (``inst.profiel.programma``); ``None``: derived from
            the tables (:func:`programmajaren`).
        marge: Status margin (default ``instellingen.STATUS_MARGE``).
        mapping: Maatregel -> categorie mapping (default: the package's mapping).

    Returns:
        A :class:`Programmasectie`.
    """
    p = programmajaren(programma, maatregelen, pakketten, effecten)
    eind = p.eindjaar
    tabellen = (maatregelen, effecten, pakketten)
    opties = {"jaren": rapportjaren(p), "eindjaar": eind, "marge": marge}
    gap = {n: gap_tabel(*tabellen, niveau=n, **opties) for n in NIVEAUS}
    zonder = gap_tabel(*tabellen, niveau="pakket", met_afgeleid=False, **opties)
    scenario = {"startjaar": p.startjaar, "eindjaar": eind, "peiljaar": p.peiljaar}
    return Programmasectie(
        jaren=p,
        maatregelen=maatregelen,
        pakketten=pakketten,
        effecten=effecten,
        controles=controleer_programma(maatregelen, pakketten, effecten, eindjaar=eind),
        gap_maatregel=gap["maatregel"],
        gap_project=gap["project"],
        gap_pakket=gap["pakket"],
        gap_totaal=gap["totaal"],
        gap_sinds_start=gap_tabel(
            *tabellen, niveau="pakket", **{**opties, "jaren": range(p.startjaar, eind + 1)}
        ),
        afgeleid=afgeleide_bedragen(gap["pakket"], zonder, eind),
        projecten=projecttabel(maatregelen, effecten, eind, eindjaar=eind, marge=marge),
        brug=_brug_of_leeg(gap["totaal"], eind),
        scenario=scenario_huidig_tempo(*tabellen, interpolatie=True, **scenario),
        scenario_niveau=scenario_huidig_tempo(*tabellen, methode="niveau", **scenario),
        claims=claims_per_project(maatregelen, effecten, mapping, startjaar=p.startjaar),
    )
