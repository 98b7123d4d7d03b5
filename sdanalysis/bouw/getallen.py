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
from collections import Counter
from collections.abc import Iterable

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
#: One separator followed by exactly three digits: ``1.500`` is 1500 or 1,5.
_DUBBELZINNIG = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
#: Spaces used between groups of thousands (no-break, figure, thin, narrow no-break).
_SPATIES = re.compile(r"[\u00a0\u2007\u2009\u202f]")
_DUIZENDTALLEN_SPATIE = re.compile(r"^\d{1,3}( \d{3})+([.,]\d+)?$")
#: Column convention when cells disagree on the decimal mark (see kolom_decimaalteken).
GEMENGD = "?"
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
    return tekst


def _lees_cijfers(tekst: str, decimaal: str | None = None) -> float | None:
    """Digits with Dutch or English separators to a float, or None.

    Rules: with both ``.`` and ``,`` the last one is the decimal mark; several ``.`` or
    several ``,`` group thousands (``1.500.000``, ``1,500,000``). One separator followed
    by exactly three digits (``1.500``, ``1,500``) is read by the column's decimal mark
    ``decimaal`` (default ``,``: ``1.500`` is 1500 and ``1,500`` is 1,5); with
    :data:`GEMENGD` it cannot be read. Any other lone separator is the decimal mark.

    >>> _lees_cijfers("1.500.000,50"), _lees_cijfers("1,7"), _lees_cijfers("1.500")
    (1500000.5, 1.7, 1500.0)
    >>> _lees_cijfers("2368.0"), _lees_cijfers("1,500,000"), _lees_cijfers("1.500", ".")
    (2368.0, 1500000.0, 1.5)
    """
    if not _GETAL_RE.match(tekst):
        return None
    if _DUBBELZINNIG.match(tekst):
        if decimaal == GEMENGD:
            return None
        scheiding = tekst[-4]
        is_decimaal = scheiding == (decimaal or ",")
        return float(tekst.replace(scheiding, "." if is_decimaal else ""))
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


def parse_getal(waarde: object, decimaal: str | None = None) -> tuple[float | None, str | None]:
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
    return parse_bedrag(waarde, munt=False, decimaal=decimaal)


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


def _cijfertekst(tekst: str) -> tuple[bool, str, str | None]:
    """Sign, digits and multiplier word of a number written as (lower-case) text."""
    negatief, tekst = _teken(tekst)
    m = _WOORD_RE.match(tekst)
    if m and m.group(2) in _VERMENIGVULDIGERS:
        return negatief, m.group(1), m.group(2)
    return negatief, tekst, None


def _cijfers_naar_getal(tekst: str, decimaal: str | None) -> tuple[float | None, str | None]:
    """Digits (spaces between groups of thousands allowed) to a number; ``"dubbelzinnig"``."""
    if re.search(r"\d\s+\d", tekst) and not _DUIZENDTALLEN_SPATIE.match(tekst):
        return None, None
    cijfers = tekst.replace(" ", "")
    getal = _lees_cijfers(cijfers, decimaal)
    if getal is None and decimaal == GEMENGD and _DUBBELZINNIG.match(cijfers):
        return None, "dubbelzinnig"
    return getal, None


def _uitleg_onleesbaar(tekst: str) -> str:
    """What was expected, for an unreadable or ambiguous number."""
    cijfers = tekst.replace(" ", "")
    if _DUBBELZINNIG.match(cijfers):
        als_decimaal = f"{float(cijfers[:-4] + '.' + cijfers[-3:]):g}".replace(".", ",")
        return (
            f" kan {cijfers[:-4]}{cijfers[-3:]} of {als_decimaal} zijn; de kolom gebruikt zowel "
            "de komma als de punt als decimaalteken"
        )
    if re.search(r"\d\s+\d", tekst):
        return "; spaties alleen tussen groepen van drie cijfers (1 500)"
    return ""


def decimaalteken(waarde: object) -> str | None:
    """The decimal mark a number written as text shows without doubt: ``","``, ``"."`` or None.

    ``1.500`` and ``1,500`` show none (each could be either); Excel numbers show none.

    >>> [decimaalteken(w) for w in ("1,5", "2.50", "1.500", "€ 1.500.000", "1,234.5", 7)]
    [',', '.', None, ',', '.', None]
    >>> decimaalteken("12,50,00") is None  # unreadable: no evidence either way
    True
    """
    if not isinstance(waarde, str):
        return None
    _, t, _ = _cijfertekst(_SPATIES.sub(" ", waarde.strip().lower()))
    t = t.replace(" ", "")
    if _DUBBELZINNIG.match(t) or _lees_cijfers(t) is None:  # ambiguous or unreadable
        return None
    if "." in t and "," in t:
        return "," if t.rfind(",") > t.rfind(".") else "."
    for teken, ander in ((",", "."), (".", ",")):
        if teken in t:
            return ander if t.count(teken) > 1 else teken
    return None


def kolom_decimaalteken(waarden: Iterable[object]) -> tuple[str | None, dict[str, str], int]:
    """Decide the decimal mark of a column once, from all its cells.

    Returns:
        The mark (``","``, ``"."``, :data:`GEMENGD` when cells disagree, ``None`` when no
        cell shows one), an example cell per mark found, and the number of cells such as
        ``1.500`` whose reading depends on the mark.

    >>> kolom_decimaalteken(["1.5", "1.500", "2"])
    ('.', {'.': '1.5'}, 1)
    >>> kolom_decimaalteken(["1,5", "2.25", "1.500"])[0]
    '?'
    """
    voorbeelden: dict[str, str] = {}
    dubbelzinnig = 0
    for w, n in Counter(w for w in waarden if isinstance(w, str)).items():
        if teken := decimaalteken(w):
            voorbeelden.setdefault(teken, w)
        else:
            _, t, _ = _cijfertekst(_SPATIES.sub(" ", w.strip().lower()))
            dubbelzinnig += n if _DUBBELZINNIG.match(t.replace(" ", "")) else 0
    teken = GEMENGD if len(voorbeelden) > 1 else next(iter(voorbeelden), None)
    return teken, voorbeelden, dubbelzinnig


def parse_bedrag(
    waarde: object, munt: bool = True, decimaal: str | None = None
) -> tuple[float | None, str | None]:
    """Parse an amount in euros as written in letters and exports.

    Accepts ``1.500.000``, ``1.500.000,50``, ``€ 1.500.000``, ``€1,7 mln``, ``7 ton``,
    ``-€ 20.000``, ``€ -20.000``, ``(20.000)`` (negative), ``€ 50.000,-`` and Excel
    numbers. ``PM`` (pro memorie, not quantified) is *not* a number: it returns
    ``(None, "PM")`` so callers can flag it and never treat it as zero. Infinite values
    and numbers of :data:`GROOTSTE_GETAL` or more are refused with a reason.

    Args:
        waarde: The cell.
        munt: An amount (words such as ``ton`` and ``mln`` allowed) or a plain number.
        decimaal: The column's decimal mark (see :func:`kolom_decimaalteken`); decides
            cells such as ``1.500``. Spaces (also no-break and narrow no-break) may group
            thousands: ``1 500``.

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
    tekst = _SPATIES.sub(" ", origineel.strip().lower())
    if tekst in _LEEG:
        return None, None
    if tekst in ("pm", "p.m.", "p.m"):
        return None, PM
    negatief, tekst, woord = _cijfertekst(tekst)
    factor = 1.0
    if woord:
        if not munt:
            return None, (
                f"getal onleesbaar: {origineel!r}; woorden als ton en mln alleen in bedragkolommen"
            )
        factor = _VERMENIGVULDIGERS[woord]
    getal, reden = _cijfers_naar_getal(tekst, decimaal)
    if getal is None:
        uitleg = _uitleg_onleesbaar(tekst)
        return None, f"{_soort(munt)} {reden or 'onleesbaar'}: {origineel!r}{uitleg}"
    getal = round(getal * factor, 2) if factor != 1.0 else getal
    if reden := _te_groot(getal, origineel, munt):
        return None, reden
    return (-getal if negatief else getal), None


# --------------------------------------------------------------------------- dates

_DMJ = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIEEL = re.compile(r"^\d{5,7}([.,]\d+)?$")
_TIJD = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
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
    if float(waarde).is_integer() and 19_000_000 < waarde < 100_000_000:
        return _datum_uit_tekst(str(int(waarde)))
    if 1 <= waarde < _EXCEL_MAX + 1:  # a fraction is the time of day
        return _EXCEL_NUL + dt.timedelta(days=math.floor(waarde)), None
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
        datum, reden = _datum_uit_getal(float(tekst.replace(",", ".")))
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


def heeft_tijd(waarde: object) -> bool:
    """Whether a date cell also holds a time of day other than midnight (dropped on reading).

    >>> heeft_tijd(43466.5), heeft_tijd("01-01-2019 13:45"), heeft_tijd("01-01-2019 00:00")
    (True, True, False)
    >>> heeft_tijd(dt.datetime(2019, 1, 1, 8)), heeft_tijd(43466), heeft_tijd("43466,25")
    (True, False, True)
    """
    if isinstance(waarde, dt.datetime):  # pd.Timestamp too
        return waarde.time() != dt.time(0)
    if isinstance(waarde, float):
        return math.isfinite(waarde) and not waarde.is_integer() and waarde < _EXCEL_MAX + 1
    if not isinstance(waarde, str):
        return False
    tekst = waarde.strip()
    if _SERIEEL.match(tekst):
        return float(tekst.replace(",", ".")) % 1 != 0
    m = _TIJD.search(tekst)
    return bool(m) and any(c not in "0:." for c in m.group(0))


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
