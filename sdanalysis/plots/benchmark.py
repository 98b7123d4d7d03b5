"""Benchmark charts on public Iv3 data: a gemeente against its peers, begroting against realisatie.

Three charts, each taking the DataFrame of one :mod:`sdanalysis.analyse.benchmark` function:

- :func:`grafiek_lasten_per_inwoner` — per taakveld(-reeks) the spread of lasten per inwoner
  over all gemeenten (box: kwartielen, whiskers 5-95%), the first peer group as dots and the
  gemeente itself as a diamond (input: :func:`sdanalysis.analyse.benchmark.lasten_per_inwoner`);
- :func:`grafiek_begroting_vs_jaarrekening` — begroting against jaarrekening per taakveld
  (input: :func:`sdanalysis.analyse.benchmark.begroting_vs_jaarrekening`);
- :func:`grafiek_begroting_over_jaren` — begroting per comparable series over the years
  (input: :func:`sdanalysis.analyse.benchmark.begroting_over_jaren`).

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> t = pd.DataFrame({"taakveld": ["6.71a"], "taakveld_naam": ["Huishoudelijke hulp (Wmo)"],
...     "begroting_lasten_eur": [11_025_000.0], "jaarrekening_lasten_eur": [11_369_000.0]})
>>> fig = grafiek_begroting_vs_jaarrekening(t, "Begroting en jaarrekening")
>>> fig.axes[0].get_title(loc="left")
'Begroting en jaarrekening'
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sdanalysis.bronnen.gemeenten import NEDERLAND_CODE
from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_TOTAAL,
    PALET,
    bronvermelding,
    euro_as_formatter,
    format_euro,
    huisstijl,
)

#: Source line under every chart of this module.
BRON_IV3 = (
    "Bron: CBS, Iv3-gegevens gemeenten (geaggregeerd door github.com/michielsd/"
    "begrotingsanalysetool); bewerking sdanalysis"
)
#: Colour of the highlighted gemeente.
KLEUR_GEMEENTE = PALET[1]


def _label(tekst: str, breedte: int = 38) -> str:
    return "\n".join(textwrap.wrap(str(tekst), breedte)) or str(tekst)


def grafiek_lasten_per_inwoner(
    per_inwoner: pd.DataFrame,
    titel: str,
    gemeentecode: str,
    vergelijking: Mapping[str, Sequence[str]] | None = None,
    groepen: Sequence[str] | None = None,
    bron: str = BRON_IV3,
) -> Figure:
    """Spread of lasten per inwoner over all gemeenten, with the gemeente and its peers marked.

    Args:
        per_inwoner: :func:`sdanalysis.analyse.benchmark.lasten_per_inwoner` for one
            jaar/verslagsoort. Nederland (``NL01``) is left out of the spread.
        titel: Chart title (Dutch).
        gemeentecode: The highlighted gemeente.
        vergelijking: Named peer groups (e.g. ``profiel.vergelijking``); the gemeenten of the
            first group are drawn as dots, labelled with its name.
        groepen: Which ``groep`` values to draw, in order (default: all, in data order).
        bron: Source line under the chart.

    Returns:
        matplotlib Figure.

    Raises:
        ValueError: when the gemeente has no data.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> pi = pd.DataFrame({"gemeentecode": ["GM0164", "A", "B", "C"],
    ...     "gemeente": ["Eigen", "A", "B", "C"],
    ...     "groep": ["x"] * 4, "groep_naam": ["Huishoudelijke hulp"] * 4,
    ...     "lasten_per_inwoner_eur": [138.0, 90.0, 100.0, 120.0]})
    >>> fig = grafiek_lasten_per_inwoner(pi, "Test", "GM0164", {"Buren": ["A"]})
    >>> fig.axes[0].get_xticklabels()[0].get_text().startswith("€")
    True
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    data = per_inwoner[per_inwoner["gemeentecode"] != NEDERLAND_CODE]
    if groepen is None:
        groepen = list(dict.fromkeys(data["groep"]))
    groepen = list(groepen)
    eigen = data[data["gemeentecode"] == gemeentecode]
    if eigen.empty:
        raise ValueError(f"Gemeente {gemeentecode} ontbreekt in de gegevens voor de grafiek")
    namen = data.drop_duplicates("groep").set_index("groep")["groep_naam"]
    eigen_naam = str(eigen["gemeente"].iloc[0]) if "gemeente" in eigen.columns else gemeentecode
    with huisstijl(**{"axes.grid.axis": "x"}):
        fig, ax = plt.subplots(figsize=(10, 0.75 * len(groepen) + 1.8))
        posities = np.arange(len(groepen))[::-1]
        waarden = [
            data.loc[
                (data["groep"] == g) & (data["gemeentecode"] != gemeentecode),
                "lasten_per_inwoner_eur",
            ]
            .dropna()
            .to_numpy()
            for g in groepen
        ]
        ax.boxplot(
            waarden,
            positions=posities,
            orientation="horizontal",
            whis=(5, 95),
            widths=0.5,
            showfliers=False,
            patch_artist=True,
            boxprops={"facecolor": "#E8E8E8", "edgecolor": KLEUR_GRIJS},
            medianprops={"color": KLEUR_GRIJS, "linewidth": 2},
            whiskerprops={"color": KLEUR_GRIJS},
            capprops={"color": KLEUR_GRIJS},
        )
        naam, leden = next(iter((vergelijking or {"": ()}).items()))
        for i, code in enumerate(leden):
            punten = data[data["gemeentecode"] == code].set_index("groep")["lasten_per_inwoner_eur"]
            y = [p for p, g in zip(posities, groepen, strict=True) if g in punten.index]
            x = [punten[g] for g in groepen if g in punten.index]
            ax.scatter(
                x,
                y,
                s=28,
                color=KLEUR_TOTAAL,
                alpha=0.6,
                zorder=3,
                label=naam if i == 0 else None,
            )
        punten = eigen.set_index("groep")["lasten_per_inwoner_eur"]
        x = [punten.get(g, np.nan) for g in groepen]
        ax.scatter(x, posities, s=110, marker="D", color=KLEUR_GEMEENTE, zorder=4, label=eigen_naam)
        for xi, yi in zip(x, posities, strict=True):
            if pd.notna(xi):
                ax.annotate(
                    format_euro(xi, precies=True),
                    (xi, yi),
                    xytext=(0, 9),
                    textcoords="offset points",
                    ha="center",
                    fontsize=10,
                    color=KLEUR_GEMEENTE,
                )
        ax.set_yticks(posities, [_label(namen.get(g, g)) for g in groepen])
        ax.xaxis.set_major_formatter(euro_as_formatter(precies=True))
        ax.set_xlabel("Lasten per inwoner")
        ax.set_title(titel)
        ax.legend(loc="lower right")
        bronvermelding(
            fig, textwrap.fill(f"{bron}. Grijs: alle gemeenten (kwartielen, 5-95%).", 110)
        )
    return fig


def grafiek_begroting_vs_jaarrekening(
    tabel: pd.DataFrame, titel: str, bron: str = BRON_IV3
) -> Figure:
    """Begroting against jaarrekening lasten per taakveld (horizontal paired bars).

    Args:
        tabel: :func:`sdanalysis.analyse.benchmark.begroting_vs_jaarrekening`.
        titel: Chart title (Dutch).
        bron: Source line under the chart.

    Returns:
        matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    labels = [
        _label(f"{t} {n}", 40)
        for t, n in zip(tabel["taakveld"], tabel["taakveld_naam"], strict=True)
    ]
    y = np.arange(len(tabel))[::-1]
    with huisstijl(**{"axes.grid.axis": "x"}):
        fig, ax = plt.subplots(figsize=(10, 0.5 * len(tabel) + 1.8))
        ax.barh(
            y + 0.2, tabel["begroting_lasten_eur"], height=0.4, color=KLEUR_GRIJS, label="Begroting"
        )
        ax.barh(
            y - 0.2,
            tabel["jaarrekening_lasten_eur"],
            height=0.4,
            color=KLEUR_TOTAAL,
            label="Jaarrekening",
        )
        ax.set_yticks(y, labels)
        ax.xaxis.set_major_formatter(euro_as_formatter())
        ax.set_xlabel("Lasten")
        ax.set_title(titel)
        ax.legend(loc="lower right")
        bronvermelding(fig, textwrap.fill(bron, 110))
    return fig


def grafiek_begroting_over_jaren(tabel: pd.DataFrame, titel: str, bron: str = BRON_IV3) -> Figure:
    """Begroting lasten per comparable taakveld series, one bar per year.

    Args:
        tabel: :func:`sdanalysis.analyse.benchmark.begroting_over_jaren` (columns
            ``lasten_<jaar>_eur``).
        titel: Chart title (Dutch).
        bron: Source line under the chart.

    Returns:
        matplotlib Figure.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({"reeks": ["wmo_maatwerk"], "reeks_naam": ["Wmo-maatwerk"],
    ...     "lasten_2023_eur": [28e6], "lasten_2025_eur": [17e6]})
    >>> fig = grafiek_begroting_over_jaren(t, "Test")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Begroting 2023', 'Begroting 2025']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    kolommen = [k for k in tabel.columns if k.startswith("lasten_") and k.endswith("_eur")]
    if not kolommen:
        raise ValueError("Verwacht kolommen 'lasten_<jaar>_eur' (uitvoer van begroting_over_jaren)")
    n = len(kolommen)
    breedte = 0.8 / n
    y = np.arange(len(tabel))[::-1]
    with huisstijl(**{"axes.grid.axis": "x"}):
        fig, ax = plt.subplots(figsize=(10, 0.9 * len(tabel) + 1.8))
        for i, kolom in enumerate(kolommen):
            jaar = kolom.removeprefix("lasten_").removesuffix("_eur")
            ax.barh(
                y + (n - 1 - 2 * i) * breedte / 2,
                tabel[kolom],
                height=breedte,
                color=PALET[i % len(PALET)],
                label=f"Begroting {jaar}",
            )
        ax.set_yticks(y, [_label(r) for r in tabel["reeks_naam"]])
        ax.xaxis.set_major_formatter(euro_as_formatter())
        ax.set_xlabel("Lasten")
        ax.set_title(titel)
        ax.legend(loc="lower right")
        bronvermelding(
            fig,
            textwrap.fill(
                f"{bron}. Reeksen volgens de taakveld-crosswalk (docs/taakvelden.md).", 110
            ),
        )
    return fig
