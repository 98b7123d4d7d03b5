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
>>> its_conclusie(r, gekalibreerd=True)  # doctest: +NORMALIZE_WHITESPACE
'Vanaf 01-01-2019 verandert de reeks aantoonbaar: niveau +20,0 (95%-BI 15,0 tot 25,1;
p < 0,001), helling -0,50 per maand (95%-BI -0,90 tot -0,10; p = 0,012). Deze verandering
is te onderscheiden van ruis (gezamenlijke toets van niveau en helling: p < 0,001).'

Without ``gekalibreerd=True`` the sentence never says "aantoonbaar": the segmented
regression called 24-32% of simulated client stocks without a break a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdanalysis.weergave.stijl import format_getal

if TYPE_CHECKING:  # the result types only; no import of the analysis layer at run time
    from sdanalysis.analyse.kalibratie import Breuktoets, Voorraadbreuk
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


def its_conclusie(resultaat: ITSResultaat, gekalibreerd: bool = False) -> str:
    """One Dutch paragraph: does the series change at the break, beyond noise?

    Args:
        resultaat: Result of :func:`sdanalysis.analyse.trends.onderbroken_tijdreeks`.
        gekalibreerd: The caller has shown by simulation that this method's false-alarm
            rate on this kind of series is at the nominal level (e.g. ``fouten="ar1"`` on
            independent monthly counts). Otherwise the text never says "aantoonbaar".

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
    if r.te_onderscheiden and not gekalibreerd:
        return (
            f"Vanaf {datum}: {niveau}, {helling}. Volgens het model te onderscheiden van ruis "
            f"({toets}), maar deze methode is voor dit soort reeks niet gekalibreerd (op "
            "voorraadreeksen van cliënten gaf zij in simulatie 24-32% vals alarm bij 5%): niet "
            "aantoonbaar. Gebruik de gekalibreerde toets op de stromen (docs/kalibratie.md)."
        )
    if r.te_onderscheiden:
        return (
            f"Vanaf {datum} verandert de reeks aantoonbaar: {niveau}, {helling}. "
            f"Deze verandering is te onderscheiden van ruis ({toets})."
        )
    return f"Vanaf {datum} is geen verandering te onderscheiden van ruis ({toets}): {niveau}, {helling}."


def _factor(naam: str, f: float, ci: tuple[float, float]) -> str:
    """``naam -20% (95%-BI -30% tot -9%)`` from a rate ratio."""

    def pct(x: float) -> str:
        w = (x - 1) * 100
        return f"{'+' if w >= 0 else ''}{format_getal(w, 0)}%"

    return f"{naam} {pct(f)} (95%-BI {pct(ci[0])} tot {pct(ci[1])})"


def breuk_conclusie(resultaat: Breuktoets | Voorraadbreuk, wat: str = "de reeks") -> str:
    """One Dutch sentence for a calibrated break test (counts, or a stock via its flows).

    Args:
        resultaat: :func:`sdanalysis.analyse.kalibratie.breuktoets_telling` or
            :func:`~sdanalysis.analyse.kalibratie.breuktoets_voorraad`.
        wat: What the series is, e.g. ``"het aantal meldingen"``.

    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> t = SimpleNamespace(breekdatum=pd.Timestamp("2019-01-01"), niveau_factor=1.3,
    ...     niveau_ci=(1.2, 1.41), helling_factor=1.0, helling_ci=(0.99, 1.01), p=0.0001,
    ...     aantoonbaar=True)
    >>> breuk_conclusie(t, "het aantal meldingen")  # doctest: +NORMALIZE_WHITESPACE
    'Vanaf 01-01-2019 verandert het aantal meldingen aantoonbaar: sprong +30% (95%-BI +20% tot
    +41%), groei per maand +0% (95%-BI -1% tot +1%); p < 0,001 (quasi-Poisson-toets, in
    simulatie 4-5% vals alarm bij 5%).'
    """
    if hasattr(resultaat, "instroom"):
        delen = [
            f"{naam}: " + _factor("sprong", t.niveau_factor, t.niveau_ci)
            for naam, t in (("instroom", resultaat.instroom), ("uittreedkans", resultaat.uitstroom))
        ]
        kern, breek = "; ".join(delen), resultaat.instroom.breekdatum
        methode = "toets op in- en uitstroom, Bonferroni; in simulatie 4-5% vals alarm bij 5%"
    else:
        kern = ", ".join(
            (
                _factor("sprong", resultaat.niveau_factor, resultaat.niveau_ci),
                _factor("groei per maand", resultaat.helling_factor, resultaat.helling_ci),
            )
        )
        breek = resultaat.breekdatum
        methode = "quasi-Poisson-toets, in simulatie 4-5% vals alarm bij 5%"
    datum = breek.strftime("%d-%m-%Y")
    oordeel = "verandert" if resultaat.aantoonbaar else "verandert niet aantoonbaar"
    extra = " aantoonbaar" if resultaat.aantoonbaar else ""
    if not resultaat.aantoonbaar:
        return f"Vanaf {datum} {oordeel} {wat}: {kern}; {format_p(resultaat.p)} ({methode})."
    return f"Vanaf {datum} {oordeel} {wat}{extra}: {kern}; {format_p(resultaat.p)} ({methode})."
