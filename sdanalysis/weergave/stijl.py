"""House style: Dutch number formatting and a matplotlib style context.

Every euro, count and percentage that a user sees goes through the formatters here, and
every chart is drawn inside :func:`huisstijl`. The palette is Okabe-Ito (colour-blind
safe); font sizes are chosen to be readable on a projector.

>>> format_euro(1_500_000)
'€ 1,5 mln'
>>> format_euro(150_000)
'€ 150.000'
>>> format_aantal(1234)
'1.234'
>>> format_procent(0.125)
'12,5%'
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

#: Okabe-Ito palette, safe for the common forms of colour blindness.
PALET: tuple[str, ...] = (
    "#0072B2",  # blauw
    "#E69F00",  # oranje
    "#009E73",  # groen
    "#D55E00",  # vermiljoen
    "#CC79A7",  # roze
    "#56B4E9",  # hemelsblauw
    "#F0E442",  # geel
    "#000000",  # zwart
)
KLEUR_POSITIEF = "#009E73"
KLEUR_NEGATIEF = "#D55E00"
KLEUR_TOTAAL = "#0072B2"
KLEUR_GRIJS = "#8C8C8C"

LEEG = "–"


def _is_leeg(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(float(x)))
    except (TypeError, ValueError):
        return False


def _groepeer(n: int) -> str:
    """Whole number with Dutch thousands separators.

    >>> _groepeer(1234567)
    '1.234.567'
    """
    return f"{n:,}".replace(",", ".")


def format_getal(x: float | int | None, decimalen: int = 0, leeg: str = LEEG) -> str:
    """Format a number the Dutch way: ``.`` for thousands, ``,`` for decimals.

    Args:
        x: The number; ``None`` or NaN prints as ``leeg``.
        decimalen: Digits after the decimal comma.
        leeg: Text for a missing value.

    Returns:
        The formatted number.

    >>> format_getal(1234.5, 1)
    '1.234,5'
    >>> format_getal(-0.04, 1)
    '0,0'
    >>> format_getal(float('nan'))
    '–'
    """
    if _is_leeg(x):
        return leeg
    # half away from zero, as a controller rounds (not banker's rounding)
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    teken = "-" if d < 0 else ""
    tekst = f"{abs(d):.{decimalen}f}"
    geheel, _, fractie = tekst.partition(".")
    tekst = _groepeer(int(geheel))
    if decimalen > 0:
        tekst = f"{tekst},{fractie}"
    return teken + tekst


def format_aantal(x: float | int | None, leeg: str = LEEG) -> str:
    """Format a count: whole number with thousands separators.

    >>> format_aantal(1234)
    '1.234'
    >>> format_aantal(None)
    '–'
    """
    return format_getal(x, 0, leeg=leeg)


def format_euro(x: float | int | None, precies: bool = False, leeg: str = LEEG) -> str:
    """Format an amount in euros as a Dutch controller writes it.

    Amounts of a million or more print in millions with one decimal (``€ 1,5 mln``),
    dropping a trailing ``,0`` (``€ 2 mln``); smaller amounts print in whole euros
    (``€ 150.000``). ``precies=True`` always prints whole euros.

    Args:
        x: Amount in euros; ``None`` or NaN prints as ``leeg``.
        precies: Print every euro instead of millions.
        leeg: Text for a missing value.

    Returns:
        The formatted amount.

    >>> format_euro(8_452_761)
    '€ 8,5 mln'
    >>> format_euro(8_452_761, precies=True)
    '€ 8.452.761'
    >>> format_euro(2_000_000)
    '€ 2 mln'
    >>> format_euro(-20_000)
    '-€ 20.000'
    >>> format_euro(float('nan'))
    '–'
    >>> format_euro(999_999.6)
    '€ 1 mln'
    """
    if _is_leeg(x):
        return leeg
    waarde = float(x)
    teken = "-" if format_getal(waarde, 0).startswith("-") else ""
    waarde = abs(waarde)
    if not precies and waarde >= 999_999.5:
        mln = format_getal(waarde / 1_000_000, 1)
        if mln.endswith(",0"):
            mln = mln[:-2]
        return f"{teken}€ {mln} mln"
    return f"{teken}€ {format_getal(waarde, 0)}"


def format_procent(x: float | None, decimalen: int = 1, leeg: str = LEEG) -> str:
    """Format a fraction as a Dutch percentage.

    Args:
        x: Fraction (0.125 is 12,5%).
        decimalen: Digits after the decimal comma.
        leeg: Text for a missing value.

    >>> format_procent(0.125)
    '12,5%'
    >>> format_procent(-0.03, 0)
    '-3%'
    """
    if _is_leeg(x):
        return leeg
    return f"{format_getal(float(x) * 100, decimalen)}%"


def euro_as_formatter(precies: bool = False):
    """A matplotlib tick formatter that prints euros through :func:`format_euro`.

    >>> euro_as_formatter()(2_500_000, 0)
    '€ 2,5 mln'
    """
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: format_euro(v, precies=precies))


def aantal_as_formatter():
    """A matplotlib tick formatter for counts (``1.234``).

    >>> aantal_as_formatter()(12345, 0)
    '12.345'
    """
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: format_aantal(v))


def procent_as_formatter(decimalen: int = 0):
    """A matplotlib tick formatter for fractions as percentages.

    >>> procent_as_formatter()(0.25, 0)
    '25%'
    """
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: format_procent(v, decimalen))


#: matplotlib rc settings of the house style.
RC_HUISSTIJL: dict[str, Any] = {
    "figure.figsize": (10, 5.6),
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "font.size": 13,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "legend.frameon": False,
    "legend.fontsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "lines.linewidth": 2.4,
    "axes.formatter.use_locale": False,
    "svg.fonttype": "none",
}


@contextmanager
def huisstijl(**overrides: Any) -> Iterator[None]:
    """Context in which charts are drawn in the house style.

    Args:
        **overrides: rc settings that differ for this block (dots become underscores
            are not needed: pass a dict via ``**{"font.size": 10}``).

    >>> import matplotlib.pyplot as plt
    >>> with huisstijl():
    ...     plt.rcParams["axes.spines.top"]
    False
    """
    import matplotlib as mpl
    from cycler import cycler

    rc = dict(RC_HUISSTIJL)
    rc["axes.prop_cycle"] = cycler(color=list(PALET))
    rc.update(overrides)
    with mpl.rc_context(rc):
        yield


def bronvermelding(fig, tekst: str) -> None:
    """Put a source / footnote line under a figure (e.g. ``Bron: CBS``).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> bronvermelding(fig, "Bron: synthetische demo-data")
    >>> fig.texts[-1].get_text()
    'Bron: synthetische demo-data'
    >>> plt.close(fig)
    """
    fig.text(0.01, -0.02, tekst, ha="left", va="top", fontsize=10, color=KLEUR_GRIJS)
