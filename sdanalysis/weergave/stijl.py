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
from decimal import ROUND_HALF_UP, Context, Decimal
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
#: Line styles combined with :data:`PALET`: the first eight series are solid, the next
#: eight dashed, then dotted and dash-dotted, so 32 series stay apart in colour *and* style.
LIJNSTIJLEN: tuple[str, ...] = ("-", "--", ":", "-.")
#: Markers cycled alongside (different cycle length, so colour and marker pairs differ).
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")
#: Above this many series a single chart is hard to read: draw small multiples instead.
MAX_REEKSEN = 8


def reeksstijl(i: int, marker: bool = False) -> dict[str, Any]:
    """Colour and line style (and optionally marker) of series ``i``; distinct for 32 series.

    Args:
        i: Number of the series, from 0.
        marker: Also give a marker (for yearly lines with few points).

    Returns:
        Keyword arguments for ``Axes.plot``.

    >>> reeksstijl(0), reeksstijl(8)
    ({'color': '#0072B2', 'linestyle': '-'}, {'color': '#0072B2', 'linestyle': '--'})
    >>> len({tuple(reeksstijl(i).values()) for i in range(14)})
    14
    >>> reeksstijl(1, marker=True)["marker"]
    's'
    """
    stijl: dict[str, Any] = {
        "color": PALET[i % len(PALET)],
        "linestyle": LIJNSTIJLEN[(i // len(PALET)) % len(LIJNSTIJLEN)],
    }
    if marker:
        stijl["marker"] = MARKERS[i % len(MARKERS)]
    return stijl


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
    >>> format_getal(float('inf')), format_getal(3.2e30, 1)[:6]
    ('∞', '3.200.')
    """
    if _is_leeg(x):
        return leeg
    if not math.isfinite(float(x)):
        return "∞" if float(x) > 0 else "-∞"
    # half away from zero, as a controller rounds (not banker's rounding); a context wide
    # enough for any float (a degenerate model can give 1e30)
    d = Decimal(repr(float(x))).quantize(
        Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP, context=Context(prec=400)
    )
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


def _mln_decimalen(mln: float) -> int:
    """Decimals for an amount in millions: at least three significant digits.

    Three significant digits keep the rounding error below 0,5% of the amount, so two
    amounts that differ by more than 1% never print alike.

    >>> _mln_decimalen(1.95), _mln_decimalen(12.3), _mln_decimalen(845.0)
    (2, 1, 0)
    """
    return max(0, 3 - len(str(int(abs(mln)))))


def format_euro(x: float | int | None, precies: bool = False, leeg: str = LEEG) -> str:
    """Format an amount in euros as a Dutch controller writes it, with one rounding rule.

    Amounts of a million or more print in millions with at least three significant digits
    (``€ 1,95 mln``, ``€ 12,3 mln``, ``€ 845 mln``), dropping trailing zeros (``€ 2 mln``,
    ``€ 1,5 mln``); smaller amounts print in whole euros (``€ 150.000``). The rounding error
    is then below 0,5%, so two amounts that differ by more than 1% never print alike
    (``€ 1.950.000`` is ``€ 1,95 mln``, never ``€ 2 mln``). ``precies=True`` always prints
    whole euros.

    Args:
        x: Amount in euros; ``None`` or NaN prints as ``leeg``.
        precies: Print every euro instead of millions.
        leeg: Text for a missing value.

    Returns:
        The formatted amount.

    >>> format_euro(8_452_761)
    '€ 8,45 mln'
    >>> format_euro(8_452_761, precies=True)
    '€ 8.452.761'
    >>> format_euro(2_000_000), format_euro(1_950_000), format_euro(1_850_000)
    ('€ 2 mln', '€ 1,95 mln', '€ 1,85 mln')
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
        mln = waarde / 1_000_000
        tekst = format_getal(mln, _mln_decimalen(mln))
        if "," in tekst:
            tekst = tekst.rstrip("0").rstrip(",")
        return f"{teken}€ {tekst} mln"
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
    rc["axes.prop_cycle"] = cycler(linestyle=list(LIJNSTIJLEN)) * cycler(color=list(PALET))
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


def meld_as_niet_vanaf_nul(ax) -> bool:
    """Say on a line chart when its value axis does not start at 0 (bars always start there).

    Call it after the axis limits are final; the y label gets "(as begint niet bij 0)".

    Args:
        ax: The axes of a line chart.

    Returns:
        Whether the note was added.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([2019, 2020], [95, 105]); _ = ax.set_ylabel("index")
    >>> meld_as_niet_vanaf_nul(ax), ax.get_ylabel()
    (True, 'index (as begint niet bij 0)')
    >>> plt.close(fig)
    """
    onder, boven = ax.get_ylim()
    if min(onder, boven) <= 0 or NOOT_AS_NIET_NUL in ax.get_ylabel():
        return False
    label = ax.get_ylabel()
    ax.set_ylabel(f"{label} {NOOT_AS_NIET_NUL}" if label else NOOT_AS_NIET_NUL)
    return True


#: Note on a value axis that does not start at 0.
NOOT_AS_NIET_NUL = "(as begint niet bij 0)"
