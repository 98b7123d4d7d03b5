"""Generic bridge (waterfall) chart in the house style, with Dutch euro labels.

A bridge walks from a starting total through signed steps to an end total: from the total
taakstelling through realised and expected effects to the remaining gap, or from the cost
of one year through volume, price and mix effects to the cost of the next (P x Q).

The input is one row per bar, in drawing order:

- a *totaal* bar is drawn from zero to its amount and sets the running level (start and
  end totals, subtotals);
- every other row is a *stap*: a signed change drawn from the running level to the
  running level plus the amount.

Which rows are totals is given by a boolean column (``totaal_kolom``); without it the first
row is the start total and every other row a step. ``eindtotaal="..."`` appends an end
total equal to the running level. A total row whose amount differs from the running level
(the bridge does not close) raises a Dutch :class:`ValueError` unless ``controleer=False``.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> df = pd.DataFrame({"label": ["Taakstelling", "Gerealiseerd", "Verwacht"],
...                    "bedrag_eur": [4_500_000, -1_200_000, -700_000]})
>>> brugstanden(df, "label", "bedrag_eur", eindtotaal="Resterend gat")["eind_eur"].tolist()
[4500000.0, 3300000.0, 2600000.0, 2600000.0]
>>> fig = brugdiagram(df, "label", "bedrag_eur", "Van taakstelling naar gat",
...                   eindtotaal="Resterend gat")
>>> [t.get_text() for t in fig.axes[0].texts]
['€ 4,5 mln', '-€ 1,2 mln', '-€ 700.000', '€ 2,6 mln']
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    KLEUR_TOTAAL,
    bronvermelding,
    euro_as_formatter,
    format_euro,
    huisstijl,
)

#: Largest difference (in euros) between a total bar and the running level that still counts
#: as a closing bridge (rounding of amounts that were summed as floats).
SLUIT_TOLERANTIE_EUR = 0.5


def _controleer_invoer(
    df: pd.DataFrame, label_kolom: str, bedrag_kolom: str, totaal_kolom: str | None
) -> pd.Series:
    """The amounts as floats; Dutch errors for missing columns, no rows or empty amounts."""
    for kolom in (label_kolom, bedrag_kolom) + ((totaal_kolom,) if totaal_kolom else ()):
        if kolom not in df.columns:
            raise ValueError(
                f"Brugdiagram: kolom {kolom!r} ontbreekt; aanwezig zijn {list(df.columns)}."
            )
    if df.empty:
        raise ValueError("Brugdiagram: er zijn geen rijen om te tekenen.")
    bedragen = pd.to_numeric(df[bedrag_kolom], errors="coerce").astype(float)
    if bedragen.isna().any():
        leeg = df.loc[bedragen.isna(), label_kolom].astype(str).tolist()
        raise ValueError(
            f"Brugdiagram: geen bedrag voor {leeg}; vul een bedrag in of laat de rij weg."
        )
    return bedragen


def _controleer_sluiting(label: str, bedrag: float, stand: float) -> None:
    """Raise when a total bar differs from the running level by more than the tolerance."""
    if abs(bedrag - stand) > SLUIT_TOLERANTIE_EUR:
        raise ValueError(
            f"Brugdiagram sluit niet: totaal {label!r} is {format_euro(bedrag, precies=True)}"
            f", maar de stappen ervoor komen uit op {format_euro(stand, precies=True)}"
            f" (verschil {format_euro(bedrag - stand, precies=True)})."
        )


def brugstanden(
    df: pd.DataFrame,
    label_kolom: str = "label",
    bedrag_kolom: str = "bedrag_eur",
    *,
    totaal_kolom: str | None = None,
    eindtotaal: str | None = None,
    controleer: bool = True,
) -> pd.DataFrame:
    """Compute where each bar of a bridge starts and ends.

    Args:
        df: One row per bar in drawing order.
        label_kolom: Column with the bar labels.
        bedrag_kolom: Column with the amounts (totals: level; steps: signed change).
        totaal_kolom: Boolean column marking total bars; ``None``: only the first row is a total.
        eindtotaal: Label of an end total appended at the running level (``None``: none).
        controleer: Raise when a total bar does not equal the running level before it.

    Returns:
        Columns ``label``, ``bedrag_eur``, ``totaal`` (bool), ``begin_eur``, ``eind_eur``.

    Raises:
        ValueError: Missing columns, empty input, missing amounts, or a bridge that does not
            close (Dutch message naming the bar and the difference).

    >>> df = pd.DataFrame({"label": ["2018", "volume", "prijs", "2019"],
    ...                    "bedrag_eur": [100.0, 20.0, -5.0, 115.0],
    ...                    "totaal": [True, False, False, True]})
    >>> brugstanden(df, totaal_kolom="totaal")[["begin_eur", "eind_eur"]].values.tolist()
    [[0.0, 100.0], [100.0, 120.0], [120.0, 115.0], [0.0, 115.0]]
    """
    bedragen = _controleer_invoer(df, label_kolom, bedrag_kolom, totaal_kolom)
    if totaal_kolom:
        totaal = df[totaal_kolom].fillna(False).astype(bool).tolist()
    else:
        totaal = [True] + [False] * (len(df) - 1)
    labels = df[label_kolom].astype(str).tolist()
    waarden = bedragen.tolist()
    if eindtotaal is not None:
        labels.append(eindtotaal)
        waarden.append(math.nan)
        totaal.append(True)

    rijen = []
    stand = 0.0
    for label, bedrag, is_totaal in zip(labels, waarden, totaal, strict=True):
        if not is_totaal:
            rijen.append((label, bedrag, False, stand, stand + bedrag))
            stand += bedrag
            continue
        if math.isnan(bedrag):
            bedrag = stand
        elif controleer and rijen:
            _controleer_sluiting(label, bedrag, stand)
        rijen.append((label, bedrag, True, 0.0, bedrag))
        stand = bedrag
    return pd.DataFrame(rijen, columns=["label", "bedrag_eur", "totaal", "begin_eur", "eind_eur"])


def brugdiagram(
    df: pd.DataFrame,
    label_kolom: str = "label",
    bedrag_kolom: str = "bedrag_eur",
    titel: str = "",
    *,
    totaal_kolom: str | None = None,
    eindtotaal: str | None = None,
    controleer: bool = True,
    kleur_stijging: str = KLEUR_NEGATIEF,
    kleur_daling: str = KLEUR_POSITIEF,
    kleur_totaal: str = KLEUR_TOTAAL,
    plus_teken: bool = True,
    y_label: str = "",
    bron: str | None = None,
    labelbreedte: int = 16,
    precies: bool = False,
):
    """Draw a bridge (waterfall) chart in the house style.

    Each bar carries its amount as a Dutch euro label (``€ 4,5 mln``, ``-€ 700.000``;
    increases get a ``+``). Steps up are drawn in ``kleur_stijging`` and steps down in
    ``kleur_daling``: the defaults suit cost and savings bridges (a cost increase is red, a
    saving is green); pass other colours when higher is better. Thin grey connectors join
    the bars.

    Args:
        df: One row per bar in drawing order (see :func:`brugstanden`).
        label_kolom: Column with bar labels (long labels are wrapped).
        bedrag_kolom: Column with amounts in euros.
        titel: Chart title (Dutch).
        totaal_kolom: Boolean column marking total bars (default: only the first row).
        eindtotaal: Label of an appended end total at the running level.
        controleer: Fail when a given total does not match the steps before it.
        kleur_stijging: Colour of upward steps.
        kleur_daling: Colour of downward steps.
        kleur_totaal: Colour of total bars.
        plus_teken: Prefix positive steps with ``+``.
        y_label: Label of the value axis.
        bron: Source line under the chart (``Bron: ...``).
        labelbreedte: Characters per line when wrapping bar labels.
        precies: Print whole euros instead of millions on bar labels.

    Returns:
        The matplotlib Figure (not shown; close it when done).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"label": ["Kosten 2018", "Volume", "Prijs", "Kosten 2019"],
    ...                    "bedrag_eur": [10_000_000, 800_000, -300_000, 10_500_000],
    ...                    "totaal": [True, False, False, True]})
    >>> fig = brugdiagram(df, "label", "bedrag_eur", "P x Q", totaal_kolom="totaal")
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['€ 10 mln', '+€ 800.000', '-€ 300.000', '€ 10,5 mln']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    standen = brugstanden(
        df,
        label_kolom,
        bedrag_kolom,
        totaal_kolom=totaal_kolom,
        eindtotaal=eindtotaal,
        controleer=controleer,
    )
    n = len(standen)
    with huisstijl():
        fig, ax = plt.subplots(figsize=(max(8.0, 1.25 * n + 2), 5.6))
        hoogste = max(standen[["begin_eur", "eind_eur"]].abs().max().max(), 1.0)
        marge = 0.015 * hoogste
        for i, rij in enumerate(standen.itertuples(index=False)):
            onder = min(rij.begin_eur, rij.eind_eur)
            hoogte = abs(rij.eind_eur - rij.begin_eur)
            if rij.totaal:
                kleur = kleur_totaal
            else:
                kleur = kleur_stijging if rij.bedrag_eur >= 0 else kleur_daling
            ax.bar(i, hoogte, bottom=onder, color=kleur, width=0.65, zorder=3)
            tekst = format_euro(rij.bedrag_eur, precies=precies)
            if not rij.totaal and plus_teken and round(rij.bedrag_eur) > 0:
                tekst = "+" + tekst
            boven = max(rij.begin_eur, rij.eind_eur)
            if boven >= 0:
                ax.text(i, boven + marge, tekst, ha="center", va="bottom", fontsize=11)
            else:
                ax.text(i, onder - marge, tekst, ha="center", va="top", fontsize=11)
            if i < n - 1:
                ax.plot(
                    [i + 0.325, i + 1 - 0.325],
                    [rij.eind_eur, rij.eind_eur],
                    color=KLEUR_GRIJS,
                    linewidth=1,
                    zorder=2,
                )
        ax.set_xticks(range(n))
        ax.set_xticklabels(
            [textwrap.fill(str(x), labelbreedte) for x in standen["label"]], fontsize=11
        )
        ax.yaxis.set_major_formatter(euro_as_formatter())
        ax.axhline(0, color="#555555", linewidth=0.8)
        laag = min(0.0, standen[["begin_eur", "eind_eur"]].min().min())
        ax.set_ylim(
            laag - (0.08 * hoogste if laag < 0 else 0),
            1.12 * max(standen[["begin_eur", "eind_eur"]].max().max(), 0.0) + marge,
        )
        if titel:
            ax.set_title(titel)
        if y_label:
            ax.set_ylabel(y_label)
        if bron:
            bronvermelding(fig, bron)
        fig.tight_layout()
    return fig
