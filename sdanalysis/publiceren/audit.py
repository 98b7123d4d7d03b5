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

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.weergave.publicatie import Publicatietabel, publicatietabel

logger = logging.getLogger(__name__)

#: (total cell, part cells): the parts add up to the total.
Relatie = tuple[str, Sequence[str]]
#: (smaller cells, larger cells): the sum of the first is at most the sum of the second.
Ongelijkheid = tuple[Sequence[str], Sequence[str]]


def _matrix(
    cellen: Mapping[str, float], onderdrukt: list[str], termen: Iterable[list[tuple[str, float]]]
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``sum(teken * cel) (=, <=) 0`` as ``A x`` and ``b`` over the suppressed cells.

    Published cells move to the right-hand side; a row without a suppressed cell is dropped.
    """
    index = {c: i for i, c in enumerate(onderdrukt)}
    rijen, rechts = [], []
    for rij_termen in termen:
        rij = np.zeros(len(onderdrukt))
        b = 0.0
        for c, teken in rij_termen:
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


def _stelsel(
    cellen: Mapping[str, float], onderdrukt: list[str], relaties: Iterable[Relatie]
) -> tuple[np.ndarray, np.ndarray]:
    """Equality system A x = b over the suppressed cells."""
    termen = ([(totaal, -1.0), *[(d, 1.0) for d in delen]] for totaal, delen in relaties)
    return _matrix(cellen, onderdrukt, termen)


def _ongelijkheden(
    cellen: Mapping[str, float], onderdrukt: list[str], ongelijk: Iterable[Ongelijkheid]
) -> tuple[np.ndarray, np.ndarray]:
    """Inequality system A_ub x <= b_ub over the suppressed cells."""
    termen = (
        [*[(k, 1.0) for k in kleiner], *[(g, -1.0) for g in groter]] for kleiner, groter in ongelijk
    )
    return _matrix(cellen, onderdrukt, termen)


def _grens(
    c: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    a_ub: np.ndarray | None = None,
    b_ub: np.ndarray | None = None,
) -> float:
    """Minimum of c·x subject to A x = b, A_ub x <= b_ub, x >= 0 (-inf when unbounded)."""
    from scipy.optimize import linprog

    heeft_ub = a_ub is not None and b_ub is not None and len(b_ub) > 0
    res = linprog(
        c,
        A_ub=a_ub if heeft_ub else None,
        b_ub=b_ub if heeft_ub else None,
        A_eq=a if len(b) else None,
        b_eq=b if len(b) else None,
        bounds=(0, None),
        method="highs",
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
    ongelijkheden: Iterable[Ongelijkheid] = (),
) -> pd.DataFrame:
    """For every suppressed cell, the interval a reader can infer from what is published.

    Args:
        cellen: Cell name -> true value (the values of suppressed cells are only used to
            report them; the interval is computed from the published cells alone).
        onderdrukt: Names of the suppressed cells.
        relaties: ``(totaal, [delen])``: the parts add up to the total.
        drempel: Threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).
        ongelijkheden: ``([kleiner], [groter])``: the first cells add up to at most the
            second (counts of distinct persons: a part is at most its total, a total at
            most the sum of its parts).

    Returns:
        One row per suppressed cell: ``cel``, ``waarde``, ``min``, ``max``, ``veilig``
        (see the module docstring for the criterion) and ``reden`` (Dutch).

    >>> cellen = {"a": 4, "b": 6, "c": 30, "t": 40}
    >>> audit_onderdrukking(cellen, {"a", "b"}, [("t", ["a", "b", "c"])])["veilig"].tolist()
    [True, True]
    >>> # persons: 20 <= a + 12 and a <= 20, so the hidden part a lies in 8..20
    >>> audit_onderdrukking({"t": 20, "a": 8, "b": 12}, {"a"}, [],
    ...     ongelijkheden=[(["t"], ["a", "b"]), (["a"], ["t"])])[["min", "max"]].values.tolist()
    [[8.0, 20.0]]
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    verborgen = sorted(set(onderdrukt))
    relaties = list(relaties)
    a, b = _stelsel(cellen, verborgen, relaties)
    a_ub, b_ub = _ongelijkheden(cellen, verborgen, ongelijkheden)
    regels = []
    for i, cel in enumerate(verborgen):
        e = np.zeros(len(verborgen))
        e[i] = 1.0
        laag = _grens(e, a, b, a_ub, b_ub)
        hoog = -_grens(-e, a, b, a_ub, b_ub)
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


# --- the whole publication ---------------------------------------------------------------

#: Key values that mean "all of them": a row with such a value is the total of the rows of
#: the same table that differ only in that key.
TOTAAL_WAARDEN = ("totaal", "alle", "alles", "totaal (alle)")


@dataclass(frozen=True)
class _Weergave:
    """One table (or its total rows) with unique keys: what relations are built on."""

    naam: str
    sleutels: tuple[str, ...]
    tellingen: tuple[str, ...]
    data: pd.DataFrame
    tabel: str = ""

    @property
    def vast(self) -> frozenset[str]:
        """Keys with one value in the whole view (``methode``, a single year): no split."""
        return frozenset(k for k in self.sleutels if self.data[k].nunique(dropna=False) <= 1)


def _gedeelde_sleutels(a: _Weergave, b: _Weergave) -> tuple[list[str], list[str]] | None:
    """The keys of ``a`` and ``b`` that matter for a relation, or None when unrelated.

    A key with one value in a table (``methode = peildatum``, a table of one year) only
    says what the table is about; when the other table lacks that key it is left out. On
    one side only: when both tables carry such a qualifier the other lacks (one provider's
    clients against the clients on 1 January), they are about different things.
    """
    ka = [k for k in a.sleutels if k in b.sleutels or k not in a.vast]
    kb = [k for k in b.sleutels if k in a.sleutels or k not in b.vast]
    if len(ka) < len(a.sleutels) and len(kb) < len(b.sleutels):
        return None
    return (ka, kb) if set(ka) <= set(kb) else None


def _is_totaal(reeks: pd.Series) -> pd.Series:
    tekst = reeks.astype("string").str.strip().str.lower()
    return tekst.isin(TOTAAL_WAARDEN).fillna(False) | tekst.str.startswith("totaal").fillna(False)


def _weergaven(tabel: Publicatietabel) -> list[_Weergave]:
    """The table split into its detail rows and its total rows (one view per total key).

    A month key brings a year key with it (``periode_maand`` 2022-03 lies in ``jaar``
    2022), so months relate to year totals elsewhere.
    """
    data = tabel.data
    sleutels = list(tabel.sleutels)
    if "periode_maand" in sleutels and "jaar" not in sleutels:
        jaar = pd.to_datetime(data["periode_maand"].astype(str), errors="coerce").dt.year
        data = data.assign(jaar=jaar.astype("Int64").astype(str).replace("<NA>", ""))
        sleutels.append("jaar")
    totaal = pd.Series(False, index=data.index)
    uit = []
    for k in sleutels:
        is_t = _is_totaal(data[k])
        if is_t.any():
            rest = [s for s in sleutels if s != k]
            deel = data[is_t & ~totaal]
            uit.append(
                _Weergave(
                    f"{tabel.naam} (totaal over {k})",
                    tuple(rest),
                    tabel.tellingen,
                    deel.drop(columns=k),
                    tabel.naam,
                )
            )
            totaal |= is_t
    uit.append(_Weergave(tabel.naam, tuple(sleutels), tabel.tellingen, data[~totaal], tabel.naam))
    return [w for w in uit if len(w.data)]


def _celnaam(w: _Weergave, sleutel: tuple, kolom: str) -> str:
    delen = ", ".join(f"{k}={v}" for k, v in zip(w.sleutels, sleutel, strict=True))
    return f"{w.naam} | {delen or 'geheel'} | {kolom}"


def _cellen_van(w: _Weergave, kolom: str) -> dict[tuple, tuple[str, float | None]]:
    """Key -> (cell name, published value or ``None`` when suppressed)."""
    verborgen = w.data.get(f"{kolom}_onderdrukt", pd.Series(False, index=w.data.index))
    uit = {}
    sleutels = (
        w.data[list(w.sleutels)].itertuples(index=False, name=None)
        if w.sleutels
        else [()] * len(w.data)
    )
    for sleutel, waarde, weg in zip(sleutels, w.data[kolom], verborgen.fillna(False), strict=True):
        if bool(weg):
            uit[tuple(sleutel)] = (_celnaam(w, tuple(sleutel), kolom), None)
        elif pd.notna(waarde):
            uit[tuple(sleutel)] = (_celnaam(w, tuple(sleutel), kolom), float(waarde))
    return uit


@dataclass
class _Stelsel:
    """Cells, suppressed cells and relations of one publication."""

    cellen: dict[str, float] = field(default_factory=dict)
    verborgen: set[str] = field(default_factory=set)
    relaties: list[Relatie] = field(default_factory=list)
    ongelijkheden: list[Ongelijkheid] = field(default_factory=list)
    klein: list[tuple[str, float]] = field(default_factory=list)
    paren: int = 0
    plek: dict[str, tuple[str, object, str]] = field(default_factory=dict)

    def waarde(self, cel: str) -> float | None:
        return None if cel in self.verborgen else self.cellen[cel]


def _klopt(stelsel: _Stelsel, totaal: str, delen: list[str], optelbaar: bool) -> bool | None:
    """Whether the published figures agree with ``totaal = / <= sum(delen)`` (None: unknown)."""
    t = stelsel.waarde(totaal)
    bekend = [stelsel.waarde(d) for d in delen]
    zichtbaar = [x for x in bekend if x is not None]
    if not optelbaar and t is not None and any(x > t + 0.5 for x in zichtbaar):
        return False  # a part of distinct persons above its total
    if t is None:
        return None
    if not delen:
        return t == 0
    if len(zichtbaar) == len(bekend):
        som = sum(zichtbaar)
        return abs(som - t) < 0.5 if optelbaar else t <= som + 0.5
    return sum(zichtbaar) <= t + 0.5 if optelbaar else None


def _paar(stelsel: _Stelsel, a: _Weergave, b: _Weergave, kolom: str, optelbaar: bool) -> None:
    """Relations between view ``a`` (keys a subset of ``b``'s) and ``b`` for one count.

    The pair is used only when no published figure contradicts it: a table that covers
    part of the population (a top ten, chosen categories) is no breakdown of a total.
    """
    gedeeld = _gedeelde_sleutels(a, b)
    if gedeeld is None:
        return
    ka, kb = gedeeld
    in_a = [a.sleutels.index(k) for k in ka]
    plek = [b.sleutels.index(k) for k in ka]
    delen: dict[tuple, list[str]] = {}
    for sleutel, (naam, _w) in _cellen_van(b, kolom).items():
        delen.setdefault(tuple(sleutel[i] for i in plek), []).append(naam)
    gelijk = set(ka) == set(kb)
    kandidaten = []
    for volledig, (totaal, _w) in _cellen_van(a, kolom).items():
        d = delen.get(tuple(volledig[i] for i in in_a), [])
        if gelijk and not d:
            continue  # the other table shows fewer rows (a selection): nothing to compare
        oordeel = _klopt(stelsel, totaal, d, optelbaar or gelijk)
        if oordeel is False:
            return
        if d:
            kandidaten.append((totaal, d))
    if not kandidaten:
        return
    stelsel.paren += 1
    for totaal, d in kandidaten:
        if optelbaar or gelijk:
            stelsel.relaties.append((totaal, d))
        else:
            stelsel.ongelijkheden.append(([totaal], d))
            stelsel.ongelijkheden.extend(([x], [totaal]) for x in d)


def _in_rij(stelsel: _Stelsel, w: _Weergave) -> None:
    """Relations between the counts of one row (see ``SOMMEN_IN_RIJ``)."""
    from sdanalysis.weergave.suppressie import BEGRENZINGEN_IN_RIJ, SOMMEN_IN_RIJ

    kolommen = {k: _cellen_van(w, k) for k in w.tellingen}
    for totaal, delen in SOMMEN_IN_RIJ:
        if totaal not in kolommen or not all(d in kolommen for d in delen):
            continue
        rijen = [
            (kolommen[totaal][s][0], [kolommen[d][s][0] for d in delen])
            for s in kolommen[totaal]
            if all(s in kolommen[d] for d in delen)
        ]
        if all(_klopt(stelsel, t, d, True) is not False for t, d in rijen):
            stelsel.relaties.extend(rijen)
    for klein, groot in BEGRENZINGEN_IN_RIJ:
        if klein in kolommen and groot in kolommen:
            stelsel.ongelijkheden.extend(
                ([kolommen[klein][s][0]], [kolommen[groot][s][0]])
                for s in kolommen[klein]
                if s in kolommen[groot]
            )


def _alle_weergaven(tabellen: Sequence[Publicatietabel]) -> list[_Weergave]:
    """Every view; one without a unique key keeps its own cells but joins no relation."""
    weergaven: list[_Weergave] = []
    for t in tabellen:
        for w in _weergaven(t):
            dubbel = w.data.duplicated(list(w.sleutels)).any() if w.sleutels else len(w.data) > 1
            if dubbel:
                logger.info("audit: %s heeft geen unieke sleutel; alleen eigen cellen", w.naam)
                w = _Weergave(
                    w.naam,
                    (*w.sleutels, "_rij"),
                    w.tellingen,
                    w.data.assign(_rij=range(len(w.data))),
                    w.tabel,
                )
            weergaven.append(w)
    return weergaven


def _registreer_cellen(stelsel: _Stelsel, w: _Weergave, drempel: int) -> None:
    sleutels = (
        w.data[list(w.sleutels)].itertuples(index=False, name=None)
        if w.sleutels
        else [()] * len(w.data)
    )
    for label, sleutel in zip(w.data.index, sleutels, strict=True):
        for k in w.tellingen:  # where each cell stands: table, row, column
            stelsel.plek[_celnaam(w, tuple(sleutel), k)] = (w.tabel, label, k)
    for k in w.tellingen:
        for naam, waarde in _cellen_van(w, k).values():
            if waarde is None:
                stelsel.verborgen.add(naam)
            else:
                stelsel.cellen[naam] = waarde
                if 0 < abs(waarde) < drempel:
                    stelsel.klein.append((naam, waarde))


def _bouw_stelsel(tabellen: Sequence[Publicatietabel], drempel: int) -> tuple[_Stelsel, int]:
    """Every cell of the publication and every relation found by meaning."""
    from sdanalysis.weergave.suppressie import is_optelbaar

    stelsel = _Stelsel()
    weergaven = _alle_weergaven(tabellen)
    for w in weergaven:
        _registreer_cellen(stelsel, w, drempel)
    for w in weergaven:
        _in_rij(stelsel, w)
    for i, a in enumerate(weergaven):
        for j, b in enumerate(weergaven):
            gedeeld = None if i == j or "_rij" in b.sleutels else _gedeelde_sleutels(a, b)
            if gedeeld is None:
                continue
            if set(gedeeld[0]) == set(gedeeld[1]) and j < i:
                continue  # the same cells twice: one direction is enough
            for k in set(a.tellingen) & set(b.tellingen):
                _paar(stelsel, a, b, k, is_optelbaar(k))
    return stelsel, len(weergaven)


def _componenten(stelsel: _Stelsel) -> list[set[str]]:
    """Groups of suppressed cells tied together by relations (each solved on its own)."""
    ouder: dict[str, str] = {c: c for c in stelsel.verborgen}

    def wortel(c: str) -> str:
        while ouder[c] != c:
            ouder[c] = ouder[ouder[c]]
            c = ouder[c]
        return c

    groepen = [[t, *d] for t, d in stelsel.relaties] + [[*k, *g] for k, g in stelsel.ongelijkheden]
    for groep in groepen:
        verborgen = [c for c in groep if c in ouder]
        for c in verborgen[1:]:
            ouder[wortel(c)] = wortel(verborgen[0])
    uit: dict[str, set[str]] = {}
    for c in stelsel.verborgen:
        uit.setdefault(wortel(c), set()).add(c)
    return list(uit.values())


def audit_publicatie(
    tabellen: Sequence[Publicatietabel], drempel: int | None = None
) -> pd.DataFrame:
    """Audit the suppression over everything one publication shows.

    Every count of every table, sheet and chart frame is a cell ``(tabel, sleutel,
    kolom)``. Relations are found by meaning, not listed by hand:

    * a table whose keys are a subset of another's, with the same count column, is its
      total: for counts of events (:func:`~sdanalysis.weergave.suppressie.is_optelbaar`)
      the total equals the sum of the parts; for counts of distinct persons every part is
      at most the total and the total at most the sum of the parts; the same keys mean the
      same cell, published twice;
    * a key value ``Totaal`` makes that row the total of the table's other rows;
    * counts inside one row (``SOMMEN_IN_RIJ``, ``BEGRENZINGEN_IN_RIJ``).

    A pair of tables whose published figures contradict a relation (one covers part of the
    population only) gets no relation. Each suppressed cell gets the interval of
    :func:`audit_onderdrukking`; a published count ``0 < x < drempel`` is unsafe too.

    Args:
        tabellen: The publication (see :mod:`sdanalysis.weergave.publicatie`).
        drempel: Threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).

    Returns:
        One row per suppressed cell (and per small published count): ``cel``, ``waarde``,
        ``min``, ``max``, ``veilig``, ``reden``; ``attrs`` holds ``tabellen`` (views audited)
        and ``relaties``.

    >>> from sdanalysis.weergave.publicatie import publicatietabel
    >>> maand = pd.DataFrame({"periode_maand": ["2022-01-01", "2022-02-01"], "wet": "JW",
    ...     "aantal_meldingen": [None, 40], "aantal_meldingen_onderdrukt": [True, False]})
    >>> jaar = pd.DataFrame({"jaar": [2022], "wet": ["JW"], "aantal_meldingen": [44]})
    >>> uit = audit_publicatie([publicatietabel(maand, "werkmap", "blad", "maand"),
    ...                         publicatietabel(jaar, "notebook 06", "tabel", "jaar")])
    >>> uit[["min", "max", "veilig"]].values.tolist()
    [[4.0, 4.0, False]]
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    stelsel, n_weergaven = _bouw_stelsel(tabellen, d)
    delen = []
    per_cel_r: dict[str, list[int]] = {}
    for i, (t, dl) in enumerate(stelsel.relaties):
        for c in {t, *dl}:
            per_cel_r.setdefault(c, []).append(i)
    per_cel_o: dict[str, list[int]] = {}
    for i, (k, g) in enumerate(stelsel.ongelijkheden):
        for c in {*k, *g}:
            per_cel_o.setdefault(c, []).append(i)
    for groep in _componenten(stelsel):
        ir = sorted({i for c in groep for i in per_cel_r.get(c, [])})
        io = sorted({i for c in groep for i in per_cel_o.get(c, [])})
        relaties = [stelsel.relaties[i] for i in ir]
        ongelijk = [stelsel.ongelijkheden[i] for i in io]
        if not relaties and not ongelijk:  # in no relation: 0 .. unbounded, nothing to solve
            delen.append(
                pd.DataFrame(
                    {
                        "cel": sorted(groep),
                        "waarde": [stelsel.cellen.get(c) for c in sorted(groep)],
                        "min": 0.0,
                        "max": np.inf,
                        "veilig": True,
                        "reden": "",
                    }
                )
            )
            continue
        try:
            delen.append(audit_onderdrukking(stelsel.cellen, groep, relaties, d, ongelijk))
        except ValueError:  # contradicting relations: say so, never call it safe
            delen.append(
                pd.DataFrame(
                    {
                        "cel": sorted(groep),
                        "waarde": None,
                        "min": np.nan,
                        "max": np.nan,
                        "veilig": False,
                        "reden": "de gepubliceerde cijfers spreken elkaar tegen",
                    }
                )
            )
    klein = pd.DataFrame(
        [
            {
                "cel": cel,
                "waarde": w,
                "min": w,
                "max": w,
                "veilig": False,
                "reden": f"gepubliceerd aantal {w:g} is kleiner dan {d}",
            }
            for cel, w in stelsel.klein
        ],
        columns=["cel", "waarde", "min", "max", "veilig", "reden"],
    )
    kolommen = ["cel", "waarde", "min", "max", "veilig", "reden"]
    uit = pd.concat(
        [x for x in [*delen, klein] if len(x)] or [pd.DataFrame(columns=kolommen)],
        ignore_index=True,
    )[kolommen]
    uit["veilig"] = uit["veilig"].astype(bool)
    uit.attrs.update(
        tabellen=n_weergaven,
        relaties=len(stelsel.relaties) + len(stelsel.ongelijkheden),
        paren=stelsel.paren,
    )
    return uit


def auditregel(audit: pd.DataFrame) -> str:
    """The one-line Dutch summary of an audit for the report's log.

    >>> a = pd.DataFrame({"cel": ["x"], "veilig": [True], "reden": [""]})
    >>> a.attrs["tabellen"] = 3
    >>> auditregel(a)
    'audit: 1 onderdrukte cellen over 3 tabellen, 0 terug te rekenen'
    """
    klein = audit["reden"].astype(str).str.startswith("gepubliceerd aantal")
    onveilig = int((~audit["veilig"].astype(bool) & ~klein).sum())
    regel = (
        f"audit: {int((~klein).sum())} onderdrukte cellen over "
        f"{audit.attrs.get('tabellen', '?')} tabellen, {onveilig} terug te rekenen"
    )
    if klein.any():
        regel += f", {int(klein.sum())} kleine aantallen gepubliceerd"
    return regel


def audit_werkmap(bladen: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Audit the suppression of the workbook's sheets together (:func:`audit_publicatie`).

    Args:
        bladen: Sheet name -> table, as :func:`sdanalysis.publiceren.werkmap.werkmap_tabellen`
            returns them (suppressed cells carry ``<kolom>_onderdrukt``).

    Returns:
        :func:`audit_publicatie` of the sheets.
    """
    return audit_publicatie(werkmaptabellen(bladen))


def werkmaptabellen(bladen: Mapping[str, pd.DataFrame]) -> list[Publicatietabel]:
    """The workbook's sheets as :class:`Publicatietabel` (sheets without counts left out)."""
    uit = []
    for blad, df in bladen.items():
        if not isinstance(df, pd.DataFrame) or df.empty:
            continue
        t = publicatietabel(df, "werkmap", "blad", blad)
        if t.tellingen:
            uit.append(t)
    return uit


def _te_verbergen(stelsel: _Stelsel, onveilig: set[str], bron: str) -> set[str]:
    """Published cells of ``bron`` to hide so that the unsafe cells are no longer pinned.

    An unsafe published cell (a small count) is hidden itself; in every relation that
    holds an unsafe hidden cell the smallest published cell of ``bron`` is hidden too, so
    the relation has one more unknown.
    """
    kies = {
        c
        for c in onveilig
        if c in stelsel.cellen and stelsel.plek.get(c, ("",))[0].startswith(bron)
    }
    groepen = [[t, *d] for t, d in stelsel.relaties]
    groepen += [[*k, *g] for k, g in stelsel.ongelijkheden]
    for groep in groepen:
        if not onveilig & set(groep):
            continue
        open_ = [
            c
            for c in groep
            if c in stelsel.cellen
            and c not in kies
            and stelsel.plek.get(c, ("",))[0].startswith(bron)
        ]
        if open_:
            kies.add(min(open_, key=lambda c: (stelsel.cellen[c] <= 0, stelsel.cellen[c])))
    return kies


def _verberg(
    bladen: Mapping[str, pd.DataFrame], plekken: Iterable[tuple[str, object, str]]
) -> dict[str, pd.DataFrame]:
    """The sheets with the given cells suppressed (value empty, marker set)."""
    uit = dict(bladen)
    for tabel, label, kolom in plekken:
        blad = tabel.split('"', 1)[1].rsplit('"', 1)[0] if '"' in tabel else tabel
        if blad not in uit or label not in uit[blad].index:
            continue
        df = uit[blad].copy()
        marker = f"{kolom}_onderdrukt"
        if marker not in df.columns:
            df[marker] = False
        if pd.api.types.is_integer_dtype(df[kolom]):
            df[kolom] = df[kolom].astype("Int64")
        df.loc[label, kolom] = pd.NA if df[kolom].dtype == "Int64" else np.nan
        df.loc[label, marker] = True
        uit[blad] = df
    return uit


def beveilig_werkmap(
    bladen: Mapping[str, pd.DataFrame],
    andere: Sequence[Publicatietabel] = (),
    drempel: int | None = None,
    rondes: int = 4,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Extra suppression in the workbook until nothing of the publication can be recomputed.

    The notebooks' tables and charts (``andere``) are already published; the workbook is
    not yet written. Each round audits everything together (:func:`audit_publicatie`) and
    hides, per relation that pins a suppressed cell, the smallest published workbook cell
    in it (and any published small count of the workbook), until the audit is clean, a
    round no longer lowers the number of unsafe cells, or ``rondes`` rounds have passed.

    Returns:
        The sheets (a new dict; sheets without change are the same frames) and the audit of
        the last round; when it still has unsafe cells the publication must be refused.

    >>> blad = pd.DataFrame({"wet": ["JW", "WMO"], "aantal_meldingen": [pd.NA, 30],
    ...                      "aantal_meldingen_onderdrukt": [True, False]})
    >>> totaal = pd.DataFrame({"jaar": [2024], "aantal_meldingen": [34]})
    >>> uit, audit = beveilig_werkmap({"Per wet": blad, "Totaal": totaal})
    >>> bool(audit["veilig"].all()), int(uit["Per wet"]["aantal_meldingen_onderdrukt"].sum())
    (True, 2)
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    huidig = dict(bladen)
    vorige = None
    for _ in range(rondes):
        tabellen = [*andere, *werkmaptabellen(huidig)]
        audit = audit_publicatie(tabellen, d)
        onveilig = set(audit.loc[~audit["veilig"].astype(bool), "cel"])
        if not onveilig or (vorige is not None and len(onveilig) >= vorige):
            return huidig, audit  # clean, or hiding more in the workbook no longer helps
        vorige = len(onveilig)
        stelsel, _ = _bouw_stelsel(tabellen, d)
        kies = _te_verbergen(stelsel, onveilig, "werkmap")
        if not kies:
            return huidig, audit
        huidig = _verberg(huidig, [stelsel.plek[c] for c in kies])
    return huidig, audit_publicatie([*andere, *werkmaptabellen(huidig)], d)
