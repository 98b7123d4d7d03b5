"""Charts of the data-quality notebook: accepted and quarantined rows per table."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from sdanalysis.analyse.kwaliteit import kwaliteit_per_tabel
from sdanalysis.weergave.stijl import (
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    bronvermelding,
    format_aantal,
    format_procent,
    huisstijl,
)

#: Source line of the data-quality charts: what the build counted in the exports.
BRON_KWALITEIT = "Bron: bouwverslag en quarantaine van sdanalysis over de ingelezen exports"


def grafiek_kwaliteit(
    kwaliteit: pd.DataFrame,
    titel: str = "Geweigerde regels per tabel",
    bron: str | None = BRON_KWALITEIT,
) -> plt.Figure:
    """Horizontal bars: share of rows quarantined per table, labelled with the counts.

    Args:
        kwaliteit: The build's ``kwaliteit`` table.
        titel: Chart title.
        bron: Source line under the chart (``None``: none).

    Returns:
        The figure.
    """
    g = kwaliteit_per_tabel(kwaliteit).sort_values("geweigerd_fractie")
    with huisstijl():
        fig, ax = plt.subplots(figsize=(10, 0.6 * len(g) + 2))
        ax.barh(g["tabel"], g["geweigerd_fractie"].fillna(0), color=KLEUR_NEGATIEF)
        for y, r in enumerate(g.itertuples()):
            ax.text(
                (r.geweigerd_fractie or 0) * 1.02 + 0.0005,
                y,
                f"{format_aantal(r.rijen_geweigerd)} van {format_aantal(r.rijen_gelezen)} "
                f"({format_procent(r.geweigerd_fractie, 2)})",
                va="center",
                fontsize=11,
            )
        ax.set_xlim(0, max(0.01, float(g["geweigerd_fractie"].max() or 0) * 1.6))
        from sdanalysis.weergave.stijl import procent_as_formatter

        ax.xaxis.set_major_formatter(procent_as_formatter(1))
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_title(titel)
        ax.set_xlabel("aandeel van de gelezen regels in quarantaine")
        if bron:
            bronvermelding(fig, bron)
    return fig


def grafiek_redenen(
    samenvatting: pd.DataFrame, top: int = 12, bron: str | None = BRON_KWALITEIT
) -> plt.Figure:
    """Most frequent quarantine reasons (from ``werkmap.quarantaine_samenvatting``).

    Args:
        samenvatting: Quarantine counted per table, file and reason.
        top: Number of reasons shown.
        bron: Source line under the chart (``None``: none).

    Returns:
        The figure.
    """
    g = (
        samenvatting.groupby(["tabel", "reden"], as_index=False)["regels_in_quarantaine"]
        .sum()
        .nlargest(top, "regels_in_quarantaine")
        .iloc[::-1]
    )
    labels = [f"{t}: {r[:55]}" for t, r in zip(g["tabel"], g["reden"], strict=True)]
    with huisstijl():
        fig, ax = plt.subplots(figsize=(11, 0.55 * len(g) + 2))
        ax.barh(labels, g["regels_in_quarantaine"], color=KLEUR_POSITIEF)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.set_title("Redenen van weigering")
        ax.set_xlabel("regels in quarantaine")
        if bron:
            bronvermelding(fig, bron)
    return fig
