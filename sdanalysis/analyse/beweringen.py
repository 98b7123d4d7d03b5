"""Claims from a gemeente's letters, tested against the data.

A claim ("the number of clients in category X fell in year Y") holds or does not. On the
synthetic demo, which was built to follow the Hengelo letters, the claims are pytest tests
(``tests/analyse/test_beweringen.py``); the notebooks no longer test them. Code that still
wants a verdict line calls :func:`toets_bewering`: with ``streng=True`` a claim that does
not hold is an error, otherwise a finding shown as "Klopt" or "Klopt niet".

>>> toets_bewering(True, "Het aantal cliënten daalde")
'Klopt: Het aantal cliënten daalde'
>>> toets_bewering(False, "Het aantal cliënten daalde", streng=False)
'Klopt niet: Het aantal cliënten daalde'
>>> toets_bewering(False, "Het aantal cliënten daalde")
Traceback (most recent call last):
...
sdanalysis.analyse.beweringen.BeweringOnjuist: Klopt niet: Het aantal cliënten daalde
"""

from __future__ import annotations


class BeweringOnjuist(AssertionError):
    """A claim of the letter does not hold where it must (strict mode)."""


def toets_bewering(voorwaarde: object, bewering: str, streng: bool = True) -> str:
    """Test one claim: return ``Klopt: …`` or ``Klopt niet: …``.

    Args:
        voorwaarde: Whether the claim holds in the data (numpy booleans accepted).
        bewering: The claim in Dutch.
        streng: Raise :class:`BeweringOnjuist` when the claim does not hold.

    Returns:
        The verdict in one Dutch line.
    """
    uitslag = f"{'Klopt' if bool(voorwaarde) else 'Klopt niet'}: {bewering}"
    if streng and not bool(voorwaarde):
        raise BeweringOnjuist(uitslag)
    return uitslag
