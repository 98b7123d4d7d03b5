"""Claims from the letters, tested against the data.

The notebooks test what the Hengelo letters claim (verblijf GGZ fell in 2018, Wmo
meldingen rose early 2019, ...). On the demo data, which was built to follow the letters,
a claim that does not hold is an error (``streng=True``). On a gemeente's own data the
same claim is a finding, shown as "klopt" or "klopt niet", and the notebook runs on: the
report sets ``STRENG`` to False when the data are not synthetic.

>>> toets_bewering(True, "Verblijf GGZ daalde in 2018")
'Klopt: Verblijf GGZ daalde in 2018'
>>> toets_bewering(False, "Verblijf GGZ daalde in 2018", streng=False)
'Klopt niet: Verblijf GGZ daalde in 2018'
>>> toets_bewering(False, "Verblijf GGZ daalde in 2018")
Traceback (most recent call last):
...
sdanalysis.analyse.beweringen.BeweringOnjuist: Klopt niet: Verblijf GGZ daalde in 2018
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
