"""Dutch wording of trend results: the sentence under an interrupted time series.

:func:`sdanalysis.analyse.trends.onderbroken_tijdreeks` returns numbers only; this module
turns them into text for a reader, with Dutch number formats.

>>> from types import SimpleNamespace
>>> import pandas as pd
>>> r = SimpleNamespace(
...     breekdatum=pd.Timestamp("2019-01-01"), maandelijks=True, betrouwbaarheid=0.95,
...     niveau_verandering=20.04, niveau_ci=(15.0, 25.1), niveau_p=0.0001,
...     helling_verandering=-0.5, helling_ci=(-0.9, -0.1), helling_p=0.012,
...     gezamenlijke_p=0.00001, te_onderscheiden=True)
>>> its_conclusie(r)  # doctest: +NORMALIZE_WHITESPACE
'Vanaf 01-01-2019 verandert de reeks aantoonbaar: niveau +20,0 (95%-BI 15,0 tot 25,1;
p < 0,001), helling -0,50 per maand (95%-BI -0,90 tot -0,10; p = 0,012). Deze verandering
is te onderscheiden van ruis (gezamenlijke toets van niveau en helling: p < 0,001).'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdanalysis.weergave.stijl import format_getal

if TYPE_CHECKING:  # the result type only; no import of the analysis layer at run time
    from sdanalysis.analyse.trends import ITSResultaat


def format_p(p: float) -> str:
    """A p-value as Dutch text: ``p < 0,001`` or ``p = 0,012``.

    >>> format_p(0.0004), format_p(0.0123)
    ('p < 0,001', 'p = 0,012')
    """
    if p < 0.001:
        return "p < 0,001"
    return f"p = {format_getal(p, 3)}"


def _schatting(
    naam: str, waarde: float, ci: tuple[float, float], p: float, dec: int, achter: str
) -> str:
    """``naam +1,0<achter> (95%-BI 0,5 tot 1,5; p = 0,012)``; ``achter`` ends in the level."""
    teken = "+" if waarde >= 0 else ""
    return (
        f"{naam} {teken}{format_getal(waarde, dec)}{achter}-BI {format_getal(ci[0], dec)} tot "
        f"{format_getal(ci[1], dec)}; {format_p(p)})"
    )


def its_conclusie(resultaat: ITSResultaat) -> str:
    """One Dutch paragraph: does the series change at the break, beyond noise?

    Args:
        resultaat: Result of :func:`sdanalysis.analyse.trends.onderbroken_tijdreeks`.

    Returns:
        The verdict with the level and slope change, their intervals and p-values.
    """
    r = resultaat
    pct = format_getal(r.betrouwbaarheid * 100, 0)
    eenheid = "maand" if r.maandelijks else "jaar"
    datum = r.breekdatum.strftime("%d-%m-%Y") if r.maandelijks else str(r.breekdatum.year)
    niveau = _schatting("niveau", r.niveau_verandering, r.niveau_ci, r.niveau_p, 1, f" ({pct}%")
    helling = _schatting(
        "helling", r.helling_verandering, r.helling_ci, r.helling_p, 2, f" per {eenheid} ({pct}%"
    )
    toets = f"gezamenlijke toets van niveau en helling: {format_p(r.gezamenlijke_p)}"
    if r.te_onderscheiden:
        return (
            f"Vanaf {datum} verandert de reeks aantoonbaar: {niveau}, {helling}. "
            f"Deze verandering is te onderscheiden van ruis ({toets})."
        )
    return f"Vanaf {datum} is geen verandering te onderscheiden van ruis ({toets}): {niveau}, {helling}."
