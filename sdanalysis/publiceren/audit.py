"""Audit of suppression over one publication: what can a reader infer about a hidden cell?

Every figure of a publication (all sheets, tables and charts) is a cell with a name. A
*relatie* says that some cells add up to another (the months of a year to the year total,
the categories to the wet). Suppressed cells are unknowns; published cells are constants.
For each suppressed cell :func:`audit_onderdrukking` solves two small linear programmes
(``scipy.optimize.linprog``): the smallest and the largest value the cell can take given
every published figure, every relation and that counts are never negative.

A suppressed cell is **protected** when the reader's interval ``[min, max]``

* does not pin it down: ``max - min >= 1`` (counts are whole numbers), and
* does not show it is small: ``max >= drempel``, so "10 or more" stays possible.

A cell whose interval has ``max < drempel`` is revealed as a small count even when the
interval is wide (e.g. 0..4), which is exactly what suppression must hide. See
``docs/privacy.md``.

>>> cellen = {"jan": 4, "feb": 30, "jaar": 34}
>>> uit = audit_onderdrukking(cellen, {"jan"}, [("jaar", ["jan", "feb"])])
>>> uit[["cel", "min", "max", "veilig"]].values.tolist()
[['jan', 4.0, 4.0, False]]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from sdanalysis import instellingen

#: (total cell, part cells): the parts add up to the total.
Relatie = tuple[str, Sequence[str]]


def _stelsel(
    cellen: Mapping[str, float], onderdrukt: list[str], relaties: Iterable[Relatie]
) -> tuple[np.ndarray, np.ndarray]:
    """Equality system A x = b over the suppressed cells."""
    index = {c: i for i, c in enumerate(onderdrukt)}
    rijen, rechts = [], []
    for totaal, delen in relaties:
        rij = np.zeros(len(onderdrukt))
        b = 0.0
        for c, teken in [(totaal, -1.0), *[(d, 1.0) for d in delen]]:
            if c in index:
                rij[index[c]] += teken
            else:
                b -= teken * float(cellen[c])
        if rij.any():
            rijen.append(rij)
            rechts.append(b)
    if not rijen:
        return np.zeros((0, len(onderdrukt))), np.zeros(0)
    return np.array(rijen), np.array(rechts)


def _grens(c: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Minimum of c·x subject to A x = b, x >= 0 (inf when unbounded)."""
    from scipy.optimize import linprog

    res = linprog(
        c, A_eq=a if len(b) else None, b_eq=b if len(b) else None, bounds=(0, None), method="highs"
    )
    if res.status == 3:
        return -np.inf
    if res.status != 0:
        raise ValueError(
            f"Audit: het stelsel van gepubliceerde cijfers is onoplosbaar ({res.message})."
        )
    return float(res.fun)


def audit_onderdrukking(
    cellen: Mapping[str, float],
    onderdrukt: Iterable[str],
    relaties: Iterable[Relatie],
    drempel: int | None = None,
) -> pd.DataFrame:
    """For every suppressed cell, the interval a reader can infer from what is published.

    Args:
        cellen: Cell name -> true value (the values of suppressed cells are only used to
            report them; the interval is computed from the published cells alone).
        onderdrukt: Names of the suppressed cells.
        relaties: ``(totaal, [delen])``: the parts add up to the total.
        drempel: Threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).

    Returns:
        One row per suppressed cell: ``cel``, ``waarde``, ``min``, ``max``, ``veilig``
        (see the module docstring for the criterion) and ``reden`` (Dutch).

    >>> cellen = {"a": 4, "b": 6, "c": 30, "t": 40}
    >>> audit_onderdrukking(cellen, {"a", "b"}, [("t", ["a", "b", "c"])])["veilig"].tolist()
    [True, True]
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    verborgen = sorted(set(onderdrukt))
    relaties = list(relaties)
    a, b = _stelsel(cellen, verborgen, relaties)
    regels = []
    for i, cel in enumerate(verborgen):
        e = np.zeros(len(verborgen))
        e[i] = 1.0
        laag = _grens(e, a, b)
        hoog = -_grens(-e, a, b)
        vast = hoog - laag < 1 - 1e-9
        klein = hoog < d
        reden = (
            "uit de gepubliceerde cijfers precies terug te rekenen"
            if vast
            else f"hoogstens {hoog:g}: zichtbaar kleiner dan {d}"
            if klein
            else ""
        )
        regels.append(
            {
                "cel": cel,
                "waarde": cellen.get(cel),
                "min": laag,
                "max": hoog,
                "veilig": not (vast or klein),
                "reden": reden,
            }
        )
    return pd.DataFrame(regels, columns=["cel", "waarde", "min", "max", "veilig", "reden"])


def onveilige_cellen(audit: pd.DataFrame) -> list[str]:
    """Dutch problem lines for the unsafe cells of an audit (empty: publication is safe).

    >>> onveilige_cellen(audit_onderdrukking({"x": 3, "t": 3}, {"x"}, [("t", ["x"])]))
    ['cel x: uit de gepubliceerde cijfers precies terug te rekenen']
    """
    return [f"cel {r.cel}: {r.reden}" for r in audit.itertuples() if not r.veilig]


def _cel(blad: str, sleutel: Iterable[object], kolom: str) -> str:
    return f"{blad}|{'|'.join(str(k) for k in sleutel)}|{kolom}"


def _voeg_toe(
    cellen: dict[str, float], verborgen: set[str], blad: str, df: pd.DataFrame, sleutels, kolom
) -> None:
    """Register the cells of one count column of a sheet (value, or hidden)."""
    geheim = df.get(f"{kolom}_onderdrukt", pd.Series(False, index=df.index)).fillna(False)
    for sleutel, waarde, weg in zip(
        df[sleutels].itertuples(index=False), df[kolom], geheim, strict=True
    ):
        naam = _cel(blad, sleutel, kolom)
        if bool(weg):
            verborgen.add(naam)
        elif pd.notna(waarde):
            cellen[naam] = float(waarde)


def audit_werkmap(bladen: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Audit the suppression of the workbook's related sheets together.

    Relations published across or within sheets:

    * the months of "Meldingen per maand" add up to ``aantal_meldingen`` per jaar and wet in
      "Doorlooptijden";
    * in "Wachttijden" ``aantal_toegekend = aantal_gestart + aantal_wacht`` on every row.

    Args:
        bladen: Sheet name -> table, as :func:`sdanalysis.publiceren.werkmap.werkmap_tabellen`
            returns them (suppressed cells carry ``<kolom>_onderdrukt``).

    Returns:
        :func:`audit_onderdrukking` of every suppressed cell of these sheets.
    """
    cellen: dict[str, float] = {}
    verborgen: set[str] = set()
    relaties: list[Relatie] = []
    maand, doorloop = bladen.get("Meldingen per maand"), bladen.get("Doorlooptijden")
    if maand is not None and doorloop is not None:
        m = maand.assign(jaar=pd.to_datetime(maand["periode_maand"]).dt.year)
        m = m.assign(periode_maand=pd.to_datetime(m["periode_maand"]).dt.strftime("%Y-%m"))
        _voeg_toe(cellen, verborgen, "maand", m, ["periode_maand", "wet"], "aantal_meldingen")
        _voeg_toe(cellen, verborgen, "jaar", doorloop, ["jaar", "wet"], "aantal_meldingen")
        for (jaar, wet), deel in m.groupby(["jaar", "wet"]):
            totaal = _cel("jaar", (jaar, wet), "aantal_meldingen")
            if totaal in cellen or totaal in verborgen:
                delen = [_cel("maand", (p, wet), "aantal_meldingen") for p in deel["periode_maand"]]
                relaties.append((totaal, delen))
    wacht = bladen.get("Wachttijden")
    if wacht is not None and {"aantal_toegekend", "aantal_gestart", "aantal_wacht"} <= set(wacht):
        for kolom in ("aantal_toegekend", "aantal_gestart", "aantal_wacht"):
            _voeg_toe(cellen, verborgen, "wacht", wacht, ["jaar", "wet"], kolom)
        for sleutel in wacht[["jaar", "wet"]].itertuples(index=False):
            relaties.append(
                (
                    _cel("wacht", sleutel, "aantal_toegekend"),
                    [_cel("wacht", sleutel, k) for k in ("aantal_gestart", "aantal_wacht")],
                )
            )
    bekend = set(cellen) | verborgen
    relaties = [(t, d) for t, d in relaties if t in bekend and set(d) <= bekend]
    return audit_onderdrukking(cellen, verborgen, relaties)
