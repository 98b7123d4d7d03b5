"""Dutch numbers, amounts and dates: parsers that never raise.

Each ``parse_*`` returns a value or a Dutch reason why not.

>>> parse_bedrag("€ 1.500.000")
(1500000.0, None)
>>> parse_bedrag("7 ton")
(700000.0, None)
>>> parse_bedrag("1,7 mln")
(1700000.0, None)
>>> parse_datum("17-04-2019")
(Timestamp('2019-04-17 00:00:00'), None)
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

#: Marker for "pro memorie": an amount not (yet) known.
PM = "PM"

#: Numbers from this size on are refused: a float64 no longer holds every whole number
#: exactly above 2**53 (about 9e15), and no count or amount of a gemeente comes near it.
GROOTSTE_GETAL = 10**15


# --------------------------------------------------------------------------- numbers


_VERMENIGVULDIGERS = {
    "mld": 1e9,
    "miljard": 1e9,
    "mln": 1e6,
    "mio": 1e6,
    "miljoen": 1e6,
    "m": 1e6,
    "ton": 1e5,
    "k": 1e3,
    "dzd": 1e3,
    "duizend": 1e3,
}
_GETAL_RE = re.compile(r"^[0-9][0-9.,]*$")
_WOORD_RE = re.compile(r"^([0-9][0-9.,]*)\s*([a-z]+)\.?$")
_LEEG = ("", "-", "nan", "none", "n.v.t.", "nvt")


def _groepen_van_drie(delen: list[str]) -> bool:
    """Whether every part after the first has exactly three digits (thousands groups)."""
    return all(len(d) == 3 for d in delen[1:])


def _normaliseer_komma(tekst: str) -> str | None:
    """Text with only ``,`` as separator to Python notation, or None when ambiguous."""
    delen = tekst.split(",")
    if len(delen) > 2:
        return tekst.replace(",", "") if _groepen_van_drie(delen) else None
    return tekst.replace(",", ".")


def _normaliseer_punt(tekst: str) -> str | None:
    """Text with only ``.`` as separator to Python notation, or None when ambiguous."""
    delen = tekst.split(".")
    if len(delen) > 2:
        return tekst.replace(".", "") if _groepen_van_drie(delen) else None
    return tekst.replace(".", "") if len(delen[1]) == 3 else tekst


def _lees_cijfers(tekst: str) -> float | None:
    """Digits with Dutch or English separators to a float, or None.

    Rules: with both ``.`` and ``,`` the last one is the decimal mark; a lone ``,`` is a
    decimal comma unless it groups thousands (``1,500,000``); a lone ``.`` groups
    thousands when followed by exactly three digits (``1.500``), else it is a decimal
    point (``2368.0``).

    >>> _lees_cijfers("1.500.000,50"), _lees_cijfers("1,7"), _lees_cijfers("1.500")
    (1500000.5, 1.7, 1500.0)
    >>> _lees_cijfers("2368.0"), _lees_cijfers("1,500,000")
    (2368.0, 1500000.0)
    """
    if not _GETAL_RE.match(tekst):
        return None
    heeft_punt, heeft_komma = "." in tekst, "," in tekst
    python: str | None = tekst
    if heeft_punt and heeft_komma:
        if tekst.rfind(",") > tekst.rfind("."):
            python = tekst.replace(".", "").replace(",", ".")
        else:
            python = tekst.replace(",", "")
    elif heeft_komma:
        python = _normaliseer_komma(tekst)
    elif heeft_punt:
        python = _normaliseer_punt(tekst)
    if python is None:
        return None
    try:
        return float(python)
    except ValueError:
        return None


def parse_getal(waarde: object) -> tuple[float | None, str | None]:
    """Parse a number as written in Dutch exports.

    Words such as ``ton`` or ``mln`` belong to amounts only (:func:`parse_bedrag`): a
    volume of ``7 ton`` is refused.

    Returns:
        ``(getal, None)`` on success, ``(None, None)`` for an empty cell, and
        ``(None, reden)`` when the cell cannot be read.

    >>> parse_getal("1.234,5")
    (1234.5, None)
    >>> parse_getal("")
    (None, None)
    >>> parse_getal("veel")
    (None, "getal onleesbaar: 'veel'")
    >>> parse_getal("7 ton")
    (None, "getal onleesbaar: '7 ton'; woorden als ton en mln alleen in bedragkolommen")
    """
    return parse_bedrag(waarde, munt=False)


def _soort(munt: bool) -> str:
    return "bedrag" if munt else "getal"


def _te_groot(getal: float, origineel: object, munt: bool) -> str | None:
    """Dutch reason when ``getal`` is not finite or too large to hold exactly."""
    if math.isnan(getal) or (math.isinf(getal) and isinstance(origineel, float)):
        return f"{_soort(munt)} onleesbaar: {origineel!r}"
    if abs(getal) >= GROOTSTE_GETAL:
        getoond = origineel if len(str(origineel)) <= 40 else str(origineel)[:37] + "..."
        return (
            f"{_soort(munt)} te groot: {getoond!r}; verwacht hoogstens "
            f"{len(str(GROOTSTE_GETAL)) - 1} cijfers voor de komma"
        )
    return None


def _parse_getal_cel(waarde: int | float, munt: bool) -> tuple[float | None, str | None]:
    """A cell that already holds a number (Excel, or a typed frame)."""
    if isinstance(waarde, float) and math.isnan(waarde):
        return None, None
    if isinstance(waarde, int) and abs(waarde) >= GROOTSTE_GETAL:
        return None, _te_groot(math.inf, "een geheel getal van meer dan 15 cijfers", munt)
    getal = float(waarde)
    reden = _te_groot(getal, waarde, munt)
    return (None, reden) if reden else (getal, None)


def _teken(tekst: str) -> tuple[bool, str]:
    """Strip sign notations and the euro mark; returns (negative, rest)."""
    negatief = False
    if tekst.startswith("(") and tekst.endswith(")"):
        negatief, tekst = True, tekst[1:-1].strip()
    if tekst.startswith("-/-"):
        negatief, tekst = True, tekst[3:].strip()
    tekst = tekst.replace("eur", " ").replace("€", " ").strip()
    if tekst.startswith("-"):
        negatief, tekst = not negatief, tekst[1:].strip()
    elif tekst.startswith("+"):
        tekst = tekst[1:].strip()
    if tekst.endswith(",-") or tekst.endswith(".-"):
        tekst = tekst[:-2]
    elif tekst.endswith("-") and len(tekst) > 1 and tekst[-2].isdigit():
        negatief, tekst = not negatief, tekst[:-1].strip()  # trailing minus (accounting exports)
    return negatief, tekst


def parse_bedrag(waarde: object, munt: bool = True) -> tuple[float | None, str | None]:
    """Parse an amount in euros as written in letters and exports.

    Accepts ``1.500.000``, ``1.500.000,50``, ``€ 1.500.000``, ``€1,7 mln``, ``7 ton``,
    ``-€ 20.000``, ``€ -20.000``, ``(20.000)`` (negative), ``€ 50.000,-`` and Excel
    numbers. ``PM`` (pro memorie, not quantified) is *not* a number: it returns
    ``(None, "PM")`` so callers can flag it and never treat it as zero. Infinite values
    and numbers of :data:`GROOTSTE_GETAL` or more are refused with a reason.

    Args:
        waarde: The cell.
        munt: An amount (words such as ``ton`` and ``mln`` allowed) or a plain number.

    >>> parse_bedrag("-€ 20.000")
    (-20000.0, None)
    >>> parse_bedrag("(20.000)")
    (-20000.0, None)
    >>> parse_bedrag("€ 50.000,-")
    (50000.0, None)
    >>> parse_bedrag("PM")
    (None, 'PM')
    >>> parse_bedrag(1500000)
    (1500000.0, None)
    >>> parse_bedrag("1.234,56-")
    (-1234.56, None)
    >>> parse_bedrag("bijna 1 mln")
    (None, "bedrag onleesbaar: 'bijna 1 mln'")
    >>> parse_bedrag("12345678901234567890")
    (None, "bedrag te groot: '12345678901234567890'; verwacht hoogstens 15 cijfers voor de komma")
    """
    if waarde is None:
        return None, None
    if isinstance(waarde, bool):
        return None, f"{_soort(munt)} onleesbaar: {waarde!r}"
    if isinstance(waarde, int | float):
        return _parse_getal_cel(waarde, munt)
    origineel = str(waarde)
    tekst = origineel.strip().lower().replace("\u00a0", " ")
    if tekst in _LEEG:
        return None, None
    if tekst in ("pm", "p.m.", "p.m"):
        return None, PM
    negatief, tekst = _teken(tekst)
    factor = 1.0
    m = _WOORD_RE.match(tekst)
    if m and m.group(2) in _VERMENIGVULDIGERS:
        if not munt:
            return None, (
                f"getal onleesbaar: {origineel!r}; woorden als ton en mln alleen in bedragkolommen"
            )
        tekst, factor = m.group(1), _VERMENIGVULDIGERS[m.group(2)]
    getal = _lees_cijfers(tekst.replace(" ", ""))
    if getal is None:
        return None, f"{_soort(munt)} onleesbaar: {origineel!r}"
    getal = round(getal * factor, 2) if factor != 1.0 else getal
    if reden := _te_groot(getal, origineel, munt):
        return None, reden
    return (-getal if negatief else getal), None


# --------------------------------------------------------------------------- dates

_DMJ = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIEEL = re.compile(r"^\d{5,7}(\.0)?$")
_EXCEL_NUL = dt.date(1899, 12, 30)
#: Largest Excel date serial: 31-12-9999.
_EXCEL_MAX = 2_958_465


def _jaar(tekst: str) -> int:
    """Year from two or four digits: 00-69 are 2000-2069, 70-99 are 1970-1999."""
    j = int(tekst)
    if len(tekst) == 4:
        return j
    return 2000 + j if j < 70 else 1900 + j


def _datum_uit_getal(waarde: int | float) -> tuple[dt.date | None, str | None]:
    """An Excel date serial (1 .. 31-12-9999) or a ``jjjjmmdd`` number."""
    if isinstance(waarde, float) and math.isnan(waarde):
        return None, None
    if isinstance(waarde, float) and not math.isfinite(waarde):
        return None, f"ongeldige datum: {waarde!r}"
    if float(waarde).is_integer():
        if 19_000_000 < waarde < 100_000_000:
            return _datum_uit_tekst(str(int(waarde)))
        if 1 <= waarde <= _EXCEL_MAX:
            return _EXCEL_NUL + dt.timedelta(days=int(waarde)), None
    return None, f"ongeldige datum: {waarde!r}"


def _datum_uit_tekst(origineel: str) -> tuple[dt.date | None, str | None]:
    """A date written as text: ``dd-mm-jjjj``, ``d-m-jj``, ISO, ``jjjjmmdd`` or a serial."""
    tekst = origineel.strip().lower()
    if tekst in ("", "nan", "nat", "none", "-"):
        return None, None
    try:
        if m := _DMJ.match(tekst):
            return dt.date(_jaar(m.group(3)), int(m.group(2)), int(m.group(1))), None
        if m := _ISO.match(tekst) or _COMPACT.match(tekst):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
    except (ValueError, OverflowError):
        return None, f"ongeldige datum: {origineel!r}"
    if _SERIEEL.match(tekst):
        datum, reden = _datum_uit_getal(float(tekst))
        return datum, reden and f"ongeldige datum: {origineel!r}"
    return None, f"ongeldige datum: {origineel!r}"


def lees_datum(waarde: object) -> tuple[dt.date | None, str | None]:
    """Parse a date into a :class:`datetime.date`, over the full range 1 .. 9999.

    Like :func:`parse_datum`, but the result is a plain date, so ``31-12-9999`` (the usual
    "no end" of municipal systems) and other dates outside what ``datetime64[ns]`` holds
    can be recognised instead of crashing.

    >>> lees_datum("31-12-9999"), lees_datum(99991231)
    ((datetime.date(9999, 12, 31), None), (datetime.date(9999, 12, 31), None))
    >>> lees_datum(2958465)[0]
    datetime.date(9999, 12, 31)
    """
    if waarde is None:
        return None, None
    if isinstance(waarde, pd.Timestamp):
        return (None, None) if pd.isna(waarde) else (waarde.date(), None)
    if isinstance(waarde, dt.datetime):
        return waarde.date(), None
    if isinstance(waarde, dt.date):
        return waarde, None
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return _datum_uit_getal(waarde)
    return _datum_uit_tekst(str(waarde))


def heeft_tweecijferig_jaar(waarde: object) -> bool:
    """Whether a date cell writes its year with two digits (``1-2-19``).

    >>> heeft_tweecijferig_jaar("1-2-65"), heeft_tweecijferig_jaar("01-02-1965")
    (True, False)
    """
    if not isinstance(waarde, str):
        return False
    m = _DMJ.match(waarde.strip().lower())
    return bool(m) and len(m.group(3)) == 2


def parse_datum(waarde: object) -> tuple[pd.Timestamp | None, str | None]:
    """Parse a date: ``dd-mm-jjjj``, ``d-m-jj``, ISO, ``jjjjmmdd`` or an Excel serial.

    Two-digit years 00-69 are 2000-2069, 70-99 are 1970-1999. See :func:`lees_datum`
    for the plain date; the build checks dates against the window of the contract.

    >>> parse_datum("1-2-19")[0]
    Timestamp('2019-02-01 00:00:00')
    >>> parse_datum("2019-02-01")[0]
    Timestamp('2019-02-01 00:00:00')
    >>> parse_datum(43497)[0]
    Timestamp('2019-02-01 00:00:00')
    >>> parse_datum("01-02-2019 00:00")[0]
    Timestamp('2019-02-01 00:00:00')
    >>> parse_datum("31-02-2019")
    (None, "ongeldige datum: '31-02-2019'")
    >>> parse_datum("")
    (None, None)
    """
    datum, reden = lees_datum(waarde)
    if datum is None:
        return None, reden
    return pd.Timestamp(datum), None
