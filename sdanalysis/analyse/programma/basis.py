"""Shared ground of the programme analyses: the analysis shape, origin labels and years.

Analyses take the tables the build normalised (:mod:`sdanalysis.bouw.programma`) and never
normalise again: :func:`vereis_analysevorm` refuses a raw table with a Dutch hint. The years
come from the gemeente profile's ``[programma]`` or, without one, from the tables
(:func:`programmajaren`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from sdanalysis.instellingen import Programma

#: Origin labels.
HERKOMST_BRIEF = "brief"


HERKOMST_GEEN = "geen cijfer in brief"


HERKOMST_INTERPOLATIE = "interpolatie (lineair)"


HERKOMST_NAAR_RATO = "interpolatie (naar rato van pakketpad)"


HERKOMST_DOORGETROKKEN = "doorgetrokken (structureel)"


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


def vereis_analysevorm(df: object, tabel: str) -> None:
    """Refuse a table that is not in the analysis shape, saying how to get it.

    Args:
        df: The table.
        tabel: ``maatregelen``, ``pakketten`` or ``effecten``.

    Raises:
        TypeError: ``df`` is no DataFrame.
        ValueError: Columns of the normalisation are missing (Dutch message).
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"Verwacht een DataFrame met {tabel}, kreeg {type(df).__name__}.")
    ontbreekt = [k for k in _GENORMALISEERD[tabel] if k not in df.columns]
    if ontbreekt:
        raise ValueError(
            f"De tabel {tabel} mist de kolom(men) {', '.join(ontbreekt)}: zij is niet in de "
            "analysevorm. Lees haar na de bouw met sdanalysis.bouw.pipeline.laad_tabel, of "
            f"normaliseer met sdanalysis.bouw.programma.normaliseer_{tabel}."
        )


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
    >>> j = programmajaren(None, pd.DataFrame({"jaar": []}), p, e)
    >>> j.startjaar, j.eindjaar, j.peiljaar
    (2018, 2022, 2018)
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


def jaarlijst(jaren: Iterable[int]) -> list[int]:
    """Sorted distinct years; at least one.

    >>> jaarlijst([2022, 2019, 2022])
    [2019, 2022]
    """
    lijst = sorted({int(j) for j in jaren})
    if not lijst:
        raise ValueError("Geef minstens één jaar op (bijv. jaren=rapportjaren(programma)).")
    return lijst
