"""Which years to analyse: the span of the data, restricted by the run's settings.

No code or notebook names a calendar year. The years come from the data (first to last
full year), and ``sdanalysis report --jaren`` can only narrow them.

>>> import pandas as pd
>>> d = pd.Series(pd.to_datetime(["2019-03-01", "2023-06-30", "2021-01-01"]))
>>> jaren_in_gegevens(d)
(2019, 2022)
>>> jaren_in_gegevens(d, jaren=(2020, None))
(2020, 2022)
"""

from __future__ import annotations

import pandas as pd


class GeenJarenFout(ValueError):
    """The data hold no full year inside the requested range (Dutch message)."""


def jaren_in_gegevens(
    datums: pd.Series,
    jaren: tuple[int | None, int | None] | None = None,
    tot_en_met: pd.Timestamp | str | None = None,
) -> tuple[int, int]:
    """First and last year to analyse: the data's span, the last year only when complete.

    The first year is the year of the earliest date. The last year is the year of the data's
    end (``tot_en_met``, default: the latest date in ``datums``) when the data reach its
    December, else the year before: an export pulled in June holds half a year, which would
    look like a fall. (A small gemeente rarely has a start date on 31 December itself, so
    "ends on 31 December" would drop its last full year.) ``jaren`` narrows the span;
    either end may be ``None``.

    Args:
        datums: Dates that define the data's span (e.g. ``ingangsdatum`` of toewijzingen).
        jaren: Requested first and last year (``sdanalysis report --jaren``).
        tot_en_met: End of the data when the dates do not show it (e.g. the export date).

    Returns:
        ``(eerste, laatste)``.

    Raises:
        GeenJarenFout: No dates, or the requested range lies outside the data.

    >>> jaren_in_gegevens(pd.Series(pd.to_datetime(["2020-01-01", "2020-12-31"])))
    (2020, 2020)
    >>> jaren_in_gegevens(pd.Series(pd.to_datetime(["2020-01-01", "2021-12-09"])))
    (2020, 2021)
    >>> jaren_in_gegevens(pd.Series(pd.to_datetime(["2020-01-01", "2021-11-30"])))
    (2020, 2020)
    >>> jaren_in_gegevens(pd.Series(pd.to_datetime(["2020-01-01"])), jaren=(2010, 2012))
    Traceback (most recent call last):
    ...
    sdanalysis.analyse.jaren.GeenJarenFout: gevraagde jaren 2010-2012 liggen buiten de gegevens (2020-2019)
    """
    d = pd.to_datetime(datums, errors="coerce").dropna()
    if d.empty:
        raise GeenJarenFout("geen datums in de gegevens: de jaren zijn niet te bepalen")
    eind = pd.Timestamp(tot_en_met) if tot_en_met is not None else d.max()
    eerste = int(d.min().year)
    laatste = int(eind.year) if eind.month == 12 else int(eind.year) - 1
    gevraagd_eerste, gevraagd_laatste = jaren if jaren is not None else (None, None)
    van = max(eerste, gevraagd_eerste) if gevraagd_eerste is not None else eerste
    tot = min(laatste, gevraagd_laatste) if gevraagd_laatste is not None else laatste
    if van > tot:
        gevraagd = f"{gevraagd_eerste or ''}-{gevraagd_laatste or ''}"
        if jaren is not None:
            raise GeenJarenFout(
                f"gevraagde jaren {gevraagd} liggen buiten de gegevens ({eerste}-{laatste})"
            )
        raise GeenJarenFout(f"de gegevens bevatten geen volledig jaar ({eerste}-{laatste})")
    return van, tot
