"""Small-count suppression for published tables (CBS practice).

Counts of people (clients, trajecten, wisselingen) below ``instellingen.SUPPRESSIE_DREMPEL``
(10) never appear in a published table or chart. Two steps:

1. **Primaire onderdrukking**: every count ``0 < x < drempel`` is suppressed. A zero is
   shown (it says "nobody", which CBS publishes too); pass ``nul_onderdrukken=True`` to
   suppress zeros as well.
2. **Secundaire onderdrukking**: a suppressed cell must not be recoverable from a
   published total. A *totaalgroep* is a set of cells that add up to a total a reader can
   see (for example all aanbieders of one categorie in one jaar). Within each group the
   suppressed cells must be either none, or at least two whose sum is at least the
   threshold; otherwise total minus the visible cells gives the hidden cell (or a hidden
   sum that is itself a small count). While a group breaks this rule, the smallest visible
   cell of that group (non-zero cells first) is suppressed as well. With several
   groupings (row totals and column totals) the rule is applied to every grouping until
   nothing changes, because a complementary suppression in one direction can open a hole
   in the other.

A group consisting of a single cell equals its own total: when that cell is suppressed, the
caller must suppress the published total too (the function cannot see it).

Suppressed values become missing (``<NA>`` / NaN) and a marker column
``<kolom>_onderdrukt`` plus the overall row marker ``is_onderdrukt`` tell which cells
were hidden. :func:`weergavetabel` renders them as ``instellingen.SUPPRESSIE_TEKEN`` ('.') for
display, and :func:`controleer_onderdrukt` is the check the report export and the privacy
gate call before anything is published.

>>> df = pd.DataFrame({"aanbieder": list("ABCD"), "aantal_clienten": [50, 4, 30, 25]})
>>> uit = onderdruk_kleine_aantallen(df, "aantal_clienten")
>>> uit["aantal_clienten"].tolist()
[50, <NA>, 30, <NA>]
>>> uit["is_onderdrukt"].tolist()
[False, True, False, True]
>>> controleer_onderdrukt(uit, ["aantal_clienten"])
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from sdanalysis import instellingen

#: Suffix of the per-column marker column.
MARKER_SUFFIX = "_onderdrukt"
#: Row marker: any of the count columns of this row is suppressed.
MARKER_KOLOM = "is_onderdrukt"
#: Footnote for tables and charts that went through this module.
VOETNOOT = (
    "Aantallen kleiner dan {drempel} zijn niet getoond ('{teken}'), evenals een of meer "
    "aanvullende cellen waarmee ze uit een totaal terug te rekenen zouden zijn (zoals het CBS doet)."
)


def voetnoot(drempel: int | None = None) -> str:
    """Dutch footnote that explains the suppression.

    >>> voetnoot().startswith("Aantallen kleiner dan 10")
    True
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else drempel
    return VOETNOOT.format(drempel=d, teken=instellingen.SUPPRESSIE_TEKEN)


def _als_lijst(kolommen: str | Iterable[str]) -> list[str]:
    if isinstance(kolommen, str):
        return [kolommen]
    return list(kolommen)


def _groeperingen(
    groep_kolommen: str | Sequence[str] | Sequence[Sequence[str]] | None,
) -> list[list[str]]:
    """Normalise ``groep_kolommen`` to a list of groupings (each a list of columns).

    >>> _groeperingen(None)
    [[]]
    >>> _groeperingen("jaar")
    [['jaar']]
    >>> _groeperingen(["categorie", "jaar"])
    [['categorie', 'jaar']]
    >>> _groeperingen([["jaar"], ("aanbieder",)])
    [['jaar'], ['aanbieder']]
    """
    if groep_kolommen is None:
        return [[]]
    if isinstance(groep_kolommen, str):
        return [[groep_kolommen]]
    items = list(groep_kolommen)
    if not items:
        return [[]]
    if all(isinstance(g, str) for g in items):
        return [list(items)]
    if all(not isinstance(g, str) for g in items):
        return [list(g) for g in items]
    raise ValueError(
        "groep_kolommen moet een kolomnaam, een lijst kolomnamen of een lijst van lijsten "
        f"kolomnamen zijn, niet een mengvorm: {groep_kolommen!r}"
    )


def _groepindexen(df: pd.DataFrame, groepering: list[str]) -> list[np.ndarray]:
    """Positional row indices of every group of one grouping."""
    if not groepering:
        return [np.arange(len(df))]
    codes = df.groupby(groepering, sort=False, dropna=False).ngroup().to_numpy()
    volgorde = np.argsort(codes, kind="stable")
    grenzen = np.flatnonzero(np.diff(codes[volgorde])) + 1
    return [g for g in np.split(volgorde, grenzen) if len(g)]


def _secundair(
    waarden: np.ndarray, masker: np.ndarray, groepen: list[list[np.ndarray]], drempel: int
) -> np.ndarray:
    """Add complementary suppressions until every total group is safe."""
    masker = masker.copy()
    # Missing values are not visible and cannot be used to protect anything.
    bekend = ~np.isnan(waarden)
    for _ in range(len(waarden) + 1):
        veranderd = False
        for groepering in groepen:
            for idx in groepering:
                m = masker[idx]
                n_onderdrukt = int(m.sum())
                if n_onderdrukt == 0 or n_onderdrukt == len(idx):
                    continue
                som = float(np.nansum(waarden[idx][m]))
                if n_onderdrukt >= 2 and som >= drempel:
                    continue
                kandidaten = idx[~m & bekend[idx]]
                if len(kandidaten) == 0:
                    continue
                w = waarden[kandidaten]
                # Smallest non-zero cell first: a hidden zero adds nothing to the hidden sum.
                sleutel = np.where(w > 0, w, np.inf)
                if np.isinf(sleutel).all():
                    keuze = kandidaten[0]
                else:
                    keuze = kandidaten[int(np.argmin(sleutel))]
                masker[keuze] = True
                veranderd = True
        if not veranderd:
            return masker
    return masker  # pragma: no cover - the loop always converges within len(waarden) steps


def aanvullend_masker(
    df: pd.DataFrame,
    kolom: str,
    masker: np.ndarray,
    groep_kolommen: str | Sequence[str] | Sequence[Sequence[str]] | None,
    drempel: int | None = None,
) -> np.ndarray:
    """The secondary rule of :func:`onderdruk_kleine_aantallen` on a mask already chosen.

    For tables whose suppression is tied to another table (a hidden year total needs a
    hidden month): the caller adds cells to ``masker`` and this closes every total group
    again (none hidden, or at least two whose sum reaches the threshold).

    Args:
        df: The unsuppressed table (true values in ``kolom``).
        kolom: Count column.
        masker: Cells hidden so far (bool, one per row).
        groep_kolommen: Total groups as in :func:`onderdruk_kleine_aantallen`.
        drempel: Threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).

    Returns:
        The mask with the complementary cells added (a new array).

    >>> t = pd.DataFrame({"jaar": [2022] * 3, "n": [40, 30, 50]})
    >>> aanvullend_masker(t, "n", np.array([True, False, False]), "jaar").tolist()
    [True, True, False]
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    waarden = pd.to_numeric(df[kolom]).to_numpy(dtype=float, na_value=np.nan)
    groepen = [_groepindexen(df, g) for g in _groeperingen(groep_kolommen)]
    return _secundair(waarden, np.asarray(masker, dtype=bool), groepen, d)


def onderdruk_kleine_aantallen(
    df: pd.DataFrame,
    aantal_kolommen: str | Iterable[str],
    groep_kolommen: str | Sequence[str] | Sequence[Sequence[str]] | None = None,
    drempel: int | None = None,
    afhankelijke_kolommen: Iterable[str] | Mapping[str, str | Iterable[str]] = (),
    nul_onderdrukken: bool = False,
) -> pd.DataFrame:
    """Suppress small counts (primary) and the cells that would reveal them (secondary).

    Args:
        df: Table as it will be published, one row per cell (long format).
        aantal_kolommen: Count column(s) to protect. Each column is suppressed on its own.
        groep_kolommen: Which cells add up to a published total. ``None``: the whole
            column has one total. A list of column names: rows with equal values on these
            columns form one total group (e.g. ``["categorie", "jaar"]``). A list of lists:
            several groupings at once, e.g. ``[["jaar"], ["aanbieder_agb"]]`` for a table
            with both column and row totals.
        drempel: Threshold; counts ``0 < x < drempel`` are suppressed. Default
            ``instellingen.SUPPRESSIE_DREMPEL``.
        afhankelijke_kolommen: Columns derived from the counts of a row (kosten per
            cliënt, mediane duur, ...). A list: blanked when any count of that row is
            suppressed. A mapping ``{kolom: telkolom(men)}``: blanked when one of the named
            count columns of that row is suppressed (e.g. ``{"kosten_per_client":
            "aantal_clienten"}``).
        nul_onderdrukken: Also suppress zeros.

    Returns:
        A copy with suppressed counts set to missing (integer columns become ``Int64``),
        a bool column ``<kolom>_onderdrukt`` per count column and ``is_onderdrukt`` per row.

    Raises:
        ValueError: a named column is missing or a count column is not numeric.

    >>> t = pd.DataFrame({"jaar": [2019] * 3 + [2020] * 3,
    ...                   "aanbieder": list("ABC") * 2,
    ...                   "aantal": [3, 40, 50, 20, 30, 60],
    ...                   "kosten_per_client": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    >>> u = onderdruk_kleine_aantallen(t, "aantal", groep_kolommen="jaar",
    ...                                afhankelijke_kolommen=["kosten_per_client"])
    >>> u["aantal"].tolist()
    [<NA>, <NA>, 50, 20, 30, 60]
    >>> u["kosten_per_client"].isna().tolist()
    [True, True, False, False, False, False]
    """
    kolommen = _als_lijst(aantal_kolommen)
    if isinstance(afhankelijke_kolommen, Mapping):
        afhankelijk_van = {k: _als_lijst(v) for k, v in afhankelijke_kolommen.items()}
    else:
        afhankelijk_van = {k: kolommen for k in _als_lijst(afhankelijke_kolommen)}
    afhankelijk = list(afhankelijk_van)
    vreemd = sorted({b for v in afhankelijk_van.values() for b in v} - set(kolommen))
    if vreemd:
        raise ValueError(
            f"Onderdrukking: afhankelijke kolommen verwijzen naar {vreemd}, die geen "
            f"telkolom zijn; telkolommen zijn {kolommen}."
        )
    groeperingen = _groeperingen(groep_kolommen)
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    nodig = set(kolommen) | set(afhankelijk) | {k for g in groeperingen for k in g}
    ontbreekt = sorted(nodig - set(df.columns))
    if ontbreekt:
        raise ValueError(
            f"Onderdrukking: kolom(men) {ontbreekt} ontbreken; aanwezig zijn {list(df.columns)}."
        )
    for k in kolommen:
        if not pd.api.types.is_numeric_dtype(df[k]) or pd.api.types.is_bool_dtype(df[k]):
            raise ValueError(
                f"Onderdrukking: kolom {k!r} moet aantallen (getallen) bevatten, "
                f"niet {df[k].dtype}."
            )
    uit = df.copy()
    groepen = [_groepindexen(df, g) for g in groeperingen]
    rij_onderdrukt = np.zeros(len(df), dtype=bool)
    per_kolom: dict[str, np.ndarray] = {}
    for k in kolommen:
        waarden = pd.to_numeric(df[k]).to_numpy(dtype=float, na_value=np.nan)
        # a difference of people (-3: three more in care than with a toewijzing) is a small
        # count too: the primary rule looks at the size, not the sign
        grootte = np.abs(waarden)
        if nul_onderdrukken:
            primair = grootte < d
        else:
            primair = (grootte > 0) & (grootte < d)
        masker = _secundair(waarden, primair, groepen, d)
        kolom = uit[k]
        if pd.api.types.is_integer_dtype(kolom):
            kolom = kolom.astype("Int64")
        uit[k] = kolom.mask(pd.Series(masker, index=uit.index))
        uit[k + MARKER_SUFFIX] = masker
        per_kolom[k] = masker
        rij_onderdrukt |= masker
    for k, basis in afhankelijk_van.items():
        leeg = np.logical_or.reduce([per_kolom[b] for b in basis])
        uit[k] = uit[k].mask(pd.Series(leeg, index=uit.index))
    uit[MARKER_KOLOM] = rij_onderdrukt
    return uit


def is_onderdrukt(df: pd.DataFrame, kolom: str | None = None) -> pd.Series:
    """Which rows (or cells of ``kolom``) were suppressed, as a bool Series.

    >>> u = onderdruk_kleine_aantallen(pd.DataFrame({"n": [3, 40, 50]}), "n")
    >>> is_onderdrukt(u).tolist()
    [True, True, False]
    >>> is_onderdrukt(u, "n").tolist()
    [True, True, False]
    """
    naam = MARKER_KOLOM if kolom is None else kolom + MARKER_SUFFIX
    if naam not in df.columns:
        raise ValueError(
            f"Kolom {naam!r} ontbreekt: de tabel is niet door onderdruk_kleine_aantallen gegaan."
        )
    return df[naam].astype(bool)


def controleer_onderdrukt(
    df: pd.DataFrame,
    kolommen: str | Iterable[str],
    drempel: int | None = None,
    groep_kolommen: str | Sequence[str] | Sequence[Sequence[str]] | None = None,
) -> list[str]:
    """List the privacy problems of a table that is about to be published.

    Checks that no count in ``kolommen`` is ``0 < x < drempel``. When ``groep_kolommen``
    is given it also checks secondary suppression: a total group with exactly one missing
    cell (recoverable by subtraction) is a problem. Display tables with
    ``SUPPRESSIE_TEKEN`` strings are accepted (the sign counts as suppressed).

    Args:
        df: The table to publish.
        kolommen: Count columns to check.
        drempel: Threshold, default ``instellingen.SUPPRESSIE_DREMPEL``.
        groep_kolommen: Total groups as in :func:`onderdruk_kleine_aantallen`.

    Returns:
        Dutch descriptions of every problem; an empty list means the table is safe.

    >>> controleer_onderdrukt(pd.DataFrame({"n": [3, 40]}), "n")
    ["kolom 'n', rij 0: aantal 3 is kleiner dan 10 en niet onderdrukt"]
    >>> controleer_onderdrukt(pd.DataFrame({"g": [1, 1, 1], "n": [None, 40, 50]}), "n", groep_kolommen="g")
    ["kolom 'n': in totaalgroep {'g': 1} is precies één cel onderdrukt; die is uit het totaal terug te rekenen"]
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else int(drempel)
    problemen: list[str] = []
    kol = _als_lijst(kolommen)
    ontbreekt = [k for k in kol if k not in df.columns]
    if ontbreekt:
        return [f"kolom {k!r} ontbreekt in de tabel" for k in ontbreekt]
    for k in kol:
        s = df[k]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            waarden = pd.to_numeric(s)
        else:
            tekst = s.astype("string").str.strip()
            onderdrukt_teken = tekst == instellingen.SUPPRESSIE_TEKEN
            schoon = tekst.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
            waarden = pd.to_numeric(schoon.where(~onderdrukt_teken.fillna(False)), errors="coerce")
        klein = (waarden > 0) & (waarden < d)
        for pos in np.flatnonzero(klein.fillna(False).to_numpy(dtype=bool)):
            w = waarden.iloc[pos]
            problemen.append(
                f"kolom {k!r}, rij {df.index[pos]}: aantal {w:g} is kleiner dan {d} en niet onderdrukt"
            )
        if groep_kolommen is None:
            continue
        mist = waarden.isna().to_numpy(dtype=bool)
        for groepering in _groeperingen(groep_kolommen):
            for idx in _groepindexen(df, groepering):
                if len(idx) > 1 and int(mist[idx].sum()) == 1:
                    sleutel = {g: df[g].iloc[idx[0]] for g in groepering}
                    sleutel = {
                        g: (v.item() if hasattr(v, "item") else v) for g, v in sleutel.items()
                    }
                    problemen.append(
                        f"kolom {k!r}: in totaalgroep {sleutel} is precies één cel onderdrukt; "
                        "die is uit het totaal terug te rekenen"
                    )
    return problemen


def weergavetabel(
    df: pd.DataFrame,
    opmaak: dict[str, Callable[[object], str]],
    teken: str | None = None,
) -> pd.DataFrame:
    """Render columns as Dutch text for display, suppressed cells as ``SUPPRESSIE_TEKEN``.

    A cell is shown as the sign when its column marker (``<kolom>_onderdrukt``) is set or,
    for derived columns, when the row marker ``is_onderdrukt`` is set and the value is
    missing. Other missing values print as the formatter's empty sign. Marker columns are
    dropped from the result.

    Args:
        df: Output of :func:`onderdruk_kleine_aantallen`.
        opmaak: Column → formatter (e.g. ``sdanalysis.weergave.stijl.format_aantal``).
        teken: Sign for a suppressed cell, default ``instellingen.SUPPRESSIE_TEKEN``.

    >>> from sdanalysis.weergave.stijl import format_aantal
    >>> u = onderdruk_kleine_aantallen(pd.DataFrame({"n": [3, 40, 5000]}), "n")
    >>> weergavetabel(u, {"n": format_aantal})["n"].tolist()
    ['.', '.', '5.000']
    """
    t = instellingen.SUPPRESSIE_TEKEN if teken is None else teken
    uit = df.copy()
    rij = df[MARKER_KOLOM].astype(bool) if MARKER_KOLOM in df.columns else None
    for kolom, functie in opmaak.items():
        if kolom not in df.columns:
            raise ValueError(f"Weergave: kolom {kolom!r} ontbreekt in de tabel.")
        marker = kolom + MARKER_SUFFIX
        if marker in df.columns:
            verborgen = df[marker].astype(bool)
        elif rij is not None:
            verborgen = rij & df[kolom].isna()
        else:
            verborgen = pd.Series(False, index=df.index)
        tekst = [
            t if v else functie(None if pd.isna(x) else x)
            for v, x in zip(verborgen, df[kolom], strict=True)
        ]
        uit[kolom] = pd.Series(tekst, index=df.index, dtype="string")
    markers = [c for c in uit.columns if c.endswith(MARKER_SUFFIX) or c == MARKER_KOLOM]
    return uit.drop(columns=markers)


#: Registry of the count columns this package publishes, by meaning: what each one counts
#: and why it falls under suppression. A count of people, or a count that bounds one (every
#: cliënt with a toewijzing has at least one, so ``aantal_toewijzingen`` < 10 says the
#: number of cliënten is below 10 too), is suppressed like a count of people.
TELKOLOMMEN: dict[str, str] = {
    "aantal_clienten": "cliënten",
    "instroom_clienten": "cliënten die instromen",
    "uitstroom_clienten": "cliënten die uitstromen",
    "aantal_toewijzingen": "toewijzingen; begrenst het aantal cliënten (elk minstens één)",
    "aantal_trajecten": "trajecten; begrenst het aantal cliënten",
    "trajecten_gestart": "gestarte trajecten; begrenst het aantal cliënten",
    "trajecten_beeindigd": "beëindigde trajecten; begrenst het aantal cliënten",
    "aantal_meldingen": "meldingen (één per inwoner en vraag)",
    "aantal_afgerond": "afgeronde meldingen",
    "aantal_open": "open meldingen",
    "aantal_wacht": "cliënten die wachten",
    "aantal_toegekend": "toegekende aanvragen (cliënten)",
    "aantal_gestart": "cliënten bij wie de zorg startte",
    "wisselingen": "cliënten die van aanbieder wisselden",
}

#: Suffixes of columns about a flow of people that are not counts (a break test's factor,
#: p-value and interval; amounts, durations and fractions).
NIET_TELLING = r"_(factor|p|ci_laag|ci_hoog|fractie|eur|dagen|procent)$"

#: Column-name patterns that hold counts of people (subject to suppression when published),
#: for display headers and columns not (yet) in :data:`TELKOLOMMEN`. Matched against the
#: header in lower case without accents, spaces as underscores, so display headers
#: ("Cliënten", "Waarvan lopend") are recognised too.
PERSONEN_PATRONEN = (
    r"^aantal_clienten",
    r"_clienten$",
    r"^clienten",
    r"^instroom",
    r"^uitstroom",
    r"^aantal_(trajecten|toewijzingen|meldingen|wacht|toegekend|gestart|afgerond|open)",
    r"^(toewijzingen|trajecten|meldingen|wachtenden|wachtend|toegekend|gestart)$",
    r"^trajecten",
    r"^wisselingen",
    r"^beeindigd$",
    r"_gestart$",
    r"_beeindigd$",
    r"^waarvan_lopend",
    r"_collega$",
)


def is_aantal_personen(kolom: str) -> bool:
    """Whether a column counts people (and so falls under small-count suppression).

    >>> is_aantal_personen("aantal_clienten"), is_aantal_personen("instroom_clienten")
    (True, True)
    >>> is_aantal_personen("bedrag_eur"), is_aantal_personen("aantal_toewijzingen")
    (False, True)
    >>> is_aantal_personen("aantal_wacht"), is_aantal_personen("aantal_aanbieders")
    (True, False)
    >>> is_aantal_personen("Cliënten"), is_aantal_personen("Kosten per cliënt")
    (True, False)
    >>> is_aantal_personen("instroom_sprong_factor"), is_aantal_personen("Instroom p")
    (False, False)
    """
    import re
    import unicodedata

    naam = unicodedata.normalize("NFKD", str(kolom))
    naam = "".join(c for c in naam if not unicodedata.combining(c)).lower().strip()
    naam = re.sub(r"[\s-]+", "_", naam)
    if naam in TELKOLOMMEN:
        return True
    if re.search(NIET_TELLING, naam):  # a ratio, p-value, interval, amount or duration
        return False
    return any(re.search(p, naam) for p in PERSONEN_PATRONEN)


#: Count columns that count *events* (toewijzingen, meldingen, trajecten, declaraties): they
#: add up over any split of their key, so a total published in one table is the sum of its
#: parts in another. Every other count of :func:`is_aantal_personen` counts distinct
#: *persons* (one cliënt can be in two categories), for which a part is at most its total
#: and a total at most the sum of its parts. Matched like :data:`PERSONEN_PATRONEN`.
OPTELBARE_PATRONEN = (
    r"^aantal_(toewijzingen|trajecten|meldingen|declaraties|afgerond|open|toegekend|gestart|wacht)$",
    r"^(toewijzingen|trajecten|meldingen|declaraties)$",
    r"^trajecten_(gestart|beeindigd)$",
)

#: Counts that add up inside one row: ``totaal = sum(delen)`` (e.g. every toegekende
#: melding has started or still waits).
SOMMEN_IN_RIJ: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aantal_toegekend", ("aantal_gestart", "aantal_wacht")),
    ("aantal_meldingen", ("aantal_afgerond", "aantal_open")),
)

#: Counts that bound another in the same row: every cliënt has at least one toewijzing
#: (traject), so ``aantal_clienten <= aantal_toewijzingen``.
BEGRENZINGEN_IN_RIJ: tuple[tuple[str, str], ...] = (
    ("aantal_clienten", "aantal_toewijzingen"),
    ("aantal_clienten", "aantal_trajecten"),
)


def _kale_naam(kolom: str) -> str:
    import re
    import unicodedata

    naam = unicodedata.normalize("NFKD", str(kolom))
    naam = "".join(c for c in naam if not unicodedata.combining(c)).lower().strip()
    return re.sub(r"[\s-]+", "_", naam)


def is_optelbaar(kolom: str) -> bool:
    """Whether a count column counts events that add up over parts (else: distinct persons).

    >>> is_optelbaar("aantal_meldingen"), is_optelbaar("aantal_toewijzingen")
    (True, True)
    >>> is_optelbaar("aantal_clienten"), is_optelbaar("instroom_clienten")
    (False, False)
    """
    import re

    naam = _kale_naam(kolom)
    return is_aantal_personen(kolom) and any(re.search(p, naam) for p in OPTELBARE_PATRONEN)


def maskeer_voor_grafiek(reeks: pd.Series, drempel: int | None = None) -> pd.Series:
    """Counts 1 .. drempel-1 become NaN, so a chart leaves a gap instead of showing them.

    >>> maskeer_voor_grafiek(pd.Series([0, 4, 12])).tolist()
    [0.0, nan, 12.0]
    """
    d = instellingen.SUPPRESSIE_DREMPEL if drempel is None else drempel
    w = pd.to_numeric(reeks, errors="coerce").astype("float64")
    return w.mask((w > 0) & (w < d))


def aanvullend_in_rij(df: pd.DataFrame, totaal: str, delen: Sequence[str]) -> pd.DataFrame:
    """Secondary suppression inside a row where ``totaal = sum(delen)`` (columns).

    When exactly one of the cells of that sum is hidden, the other published ones give it
    away by a subtraction; then one more part (the first published one) is hidden too.
    Works on the output of :func:`onderdruk_kleine_aantallen` (``<kolom>_onderdrukt`` and
    ``is_onderdrukt``).

    Args:
        df: Suppressed table.
        totaal: Column that is the sum of ``delen`` on every row.
        delen: The part columns.

    Returns:
        A copy with the extra cells hidden and their markers set.

    >>> t = pd.DataFrame({"toegekend": [40, 50], "gestart": [36, 50], "wacht": [pd.NA, 0],
    ...     "toegekend_onderdrukt": [False, False], "gestart_onderdrukt": [False, False],
    ...     "wacht_onderdrukt": [True, False], "is_onderdrukt": [True, False]})
    >>> aanvullend_in_rij(t, "toegekend", ["gestart", "wacht"])["gestart"].tolist()
    [<NA>, 50]
    """
    kolommen = [totaal, *delen]
    if not all(f"{k}_onderdrukt" in df.columns for k in kolommen):
        return df
    uit = df.copy()
    verborgen = uit[[f"{k}_onderdrukt" for k in kolommen]].fillna(False).to_numpy(dtype=bool)
    een = verborgen.sum(axis=1) == 1
    for deel in delen:
        extra = een & ~uit[f"{deel}_onderdrukt"].fillna(False).to_numpy(dtype=bool)
        if not extra.any():
            continue
        reeks = uit[deel]
        if pd.api.types.is_integer_dtype(reeks) or pd.api.types.is_bool_dtype(reeks):
            reeks = reeks.astype("Int64")
        uit[deel] = reeks.mask(extra)
        uit[f"{deel}_onderdrukt"] = uit[f"{deel}_onderdrukt"].fillna(False) | extra
        een = een & ~extra
    if "is_onderdrukt" in uit.columns:
        markers = uit[[f"{k}_onderdrukt" for k in kolommen]].fillna(False).any(axis=1)
        uit["is_onderdrukt"] = uit["is_onderdrukt"].fillna(False) | markers
    return uit


def gepubliceerde_jaarvolumes(
    toewijzingen: pd.DataFrame, methode: str, jaren: tuple[int, int] | None = None
) -> pd.DataFrame:
    """The published volume table: per jaar, wet and categorie, suppressed per jaar.

    The workbook's sheets "Volumes peildatum 1-1" and "Volumes in loop van jaar" are this
    table; a chart of the same figures (notebook 02) draws from it too, so report and
    workbook hide the same cells and neither undoes the other's suppression (the
    publication audit, :func:`sdanalysis.publiceren.audit.audit_publicatie`, checks it).
    Suppression is per jaar, so cutting years off does not change the other years.

    Args:
        toewijzingen: Processed toewijzingen.
        methode: ``"peildatum"`` or ``"loop_van_het_jaar"`` (see ``volumes.jaarvolumes``).
        jaren: First and last year to keep (default: all).

    Returns:
        The table with ``<kolom>_onderdrukt`` markers for every count of persons.
    """
    from sdanalysis.analyse import volumes

    tabel = volumes.jaarvolumes(toewijzingen, ("wet", "categorie"), methode=methode)
    if jaren is not None:
        tabel = tabel[tabel["jaar"].between(*jaren)].reset_index(drop=True)
    tabel = volumes.zonder_gecensureerde_instroom(tabel)
    tellingen = [c for c in tabel.columns if is_aantal_personen(c)]
    return onderdruk_kleine_aantallen(tabel, tellingen, groep_kolommen=["jaar"])
