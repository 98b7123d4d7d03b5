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
    if heeft_punt and heeft_komma:
        if tekst.rfind(",") > tekst.rfind("."):
            tekst = tekst.replace(".", "").replace(",", ".")
        else:
            tekst = tekst.replace(",", "")
    elif heeft_komma:
        delen = tekst.split(",")
        if len(delen) > 2 or (len(delen[-1]) == 3 and len(delen) > 2):
            if not all(len(d) == 3 for d in delen[1:]):
                return None
            tekst = tekst.replace(",", "")
        else:
            tekst = tekst.replace(",", ".")
    elif heeft_punt:
        delen = tekst.split(".")
        if len(delen) > 2:
            if not all(len(d) == 3 for d in delen[1:]):
                return None
            tekst = tekst.replace(".", "")
        elif len(delen[1]) == 3:
            tekst = tekst.replace(".", "")
    try:
        return float(tekst)
    except ValueError:
        return None


def parse_getal(waarde: object) -> tuple[float | None, str | None]:
    """Parse a number as written in Dutch exports.

    Returns:
        ``(getal, None)`` on success, ``(None, None)`` for an empty cell, and
        ``(None, reden)`` when the cell cannot be read.

    >>> parse_getal("1.234,5")
    (1234.5, None)
    >>> parse_getal("")
    (None, None)
    >>> parse_getal("veel")
    (None, "getal onleesbaar: 'veel'")
    """
    return parse_bedrag(waarde, munt=False)


def parse_bedrag(waarde: object, munt: bool = True) -> tuple[float | None, str | None]:
    """Parse an amount in euros as written in letters and exports.

    Accepts ``1.500.000``, ``1.500.000,50``, ``€ 1.500.000``, ``€1,7 mln``, ``7 ton``,
    ``-€ 20.000``, ``€ -20.000``, ``(20.000)`` (negative), ``€ 50.000,-`` and Excel
    numbers. ``PM`` (pro memorie, not quantified) is *not* a number: it returns
    ``(None, "PM")`` so callers can flag it and never treat it as zero.

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
    """
    if waarde is None:
        return None, None
    if isinstance(waarde, bool):
        return None, f"{'bedrag' if munt else 'getal'} onleesbaar: {waarde!r}"
    if isinstance(waarde, int | float):
        if isinstance(waarde, float) and math.isnan(waarde):
            return None, None
        if isinstance(waarde, float) and math.isinf(waarde):
            return None, f"{'bedrag' if munt else 'getal'} onleesbaar: {waarde!r}"
        return float(waarde), None
    origineel = str(waarde)
    tekst = origineel.strip().lower().replace("\u00a0", " ")
    if tekst in ("", "-", "nan", "none", "n.v.t.", "nvt"):
        return None, None
    if tekst in ("pm", "p.m.", "p.m"):
        return None, PM
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
    factor = 1.0
    m = re.match(r"^([0-9][0-9.,]*)\s*([a-z]+)\.?$", tekst)
    if m and m.group(2) in _VERMENIGVULDIGERS:
        tekst, factor = m.group(1), _VERMENIGVULDIGERS[m.group(2)]
    tekst = tekst.replace(" ", "")
    getal = _lees_cijfers(tekst)
    if getal is None:
        return None, f"{'bedrag' if munt else 'getal'} onleesbaar: {origineel!r}"
    getal = round(getal * factor, 2) if factor != 1.0 else getal
    return (-getal if negatief else getal), None


# --------------------------------------------------------------------------- dates

_DMJ = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_NUL = dt.datetime(1899, 12, 30)


def parse_datum(waarde: object) -> tuple[pd.Timestamp | None, str | None]:
    """Parse a date: ``dd-mm-jjjj``, ``d-m-jj``, ISO, ``jjjjmmdd`` or an Excel serial.

    Two-digit years 00-69 are 2000-2069, 70-99 are 1970-1999.

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
    if waarde is None:
        return None, None
    if isinstance(waarde, pd.Timestamp):
        return (None, None) if pd.isna(waarde) else (waarde.normalize(), None)
    if isinstance(waarde, dt.datetime):
        return pd.Timestamp(waarde).normalize(), None
    if isinstance(waarde, dt.date):
        return pd.Timestamp(waarde), None
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        if isinstance(waarde, float) and math.isnan(waarde):
            return None, None
        if 1 <= waarde < 2_958_466 and float(waarde).is_integer():
            if waarde > 19_000_000:
                return parse_datum(str(int(waarde)))
            if waarde < 100_000:
                return pd.Timestamp(_EXCEL_NUL + dt.timedelta(days=int(waarde))), None
        return None, f"ongeldige datum: {waarde!r}"
    origineel = str(waarde)
    tekst = origineel.strip().lower()
    if tekst in ("", "nan", "nat", "none", "-"):
        return None, None
    try:
        if m := _DMJ.match(tekst):
            d, mnd, j = int(m.group(1)), int(m.group(2)), m.group(3)
            jaar = int(j) if len(j) == 4 else (2000 + int(j) if int(j) < 70 else 1900 + int(j))
            return pd.Timestamp(dt.date(jaar, mnd, d)), None
        if m := _ISO.match(tekst):
            return pd.Timestamp(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))), None
        if m := _COMPACT.match(tekst):
            return pd.Timestamp(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))), None
        if re.match(r"^\d{5}(\.0)?$", tekst):
            return parse_datum(float(tekst))
    except (ValueError, OverflowError):
        return None, f"ongeldige datum: {origineel!r}"
    return None, f"ongeldige datum: {origineel!r}"
