"""Effects: attached to a maatregel, project or pakket, and spread over the years they count in."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from sdanalysis.analyse.programma.basis import (
    HERKOMST_BRIEF,
    HERKOMST_DOORGETROKKEN,
    HERKOMST_INTERPOLATIE,
    herkomst_eindniveau,
    jaarlijst,
    vereis_analysevorm,
)
from sdanalysis.bouw.programma import AARD_ONBEKEND, AARD_STRUCTUREEL


def _gelijk(a: object, b: object) -> bool:
    return not (pd.isna(a) or pd.isna(b)) and a == b


class _Index:
    """Lookup of maatregelen by code and by projectsleutel, optionally within one pakket."""

    def __init__(self, maatregelen: pd.DataFrame) -> None:
        self.rijen = maatregelen[["maatregel_id", "projectsleutel", "pakket", "maatregel_code"]]
        self.records = list(self.rijen.itertuples(index=False))

    def zoek(self, pakket: object, kolom: str, waarde: object) -> list:
        return [
            r
            for r in self.records
            if _gelijk(getattr(r, kolom), waarde) and (pd.isna(pakket) or r.pakket == pakket)
        ]


def _koppel_code(r, index: _Index) -> tuple:
    hit = index.zoek(r.pakket, "maatregel_code", r.maatregel_code)
    if hit:
        eerste = hit[0]
        tekst = f"maatregel {r.maatregel_code}"
        return "maatregel", eerste.maatregel_id, eerste.projectsleutel, eerste.pakket, tekst
    tekst = f"maatregelcode {r.maatregel_code} staat niet in het programma"
    return "los", pd.NA, pd.NA, r.pakket, tekst


def _koppel_project(r, index: _Index) -> tuple:
    hit = index.zoek(r.pakket, "projectsleutel", r.project)
    if len(hit) == 1:
        eerste = hit[0]
        tekst = "project met één maatregel: effect hoort bij die maatregel"
        return "maatregel", eerste.maatregel_id, eerste.projectsleutel, eerste.pakket, tekst
    if len(hit) > 1:
        tekst = f"project met {len(hit)} maatregelen: effect niet toe te rekenen aan één maatregel"
        return "project", pd.NA, r.project, hit[0].pakket, tekst
    return "los", pd.NA, pd.NA, r.pakket, f"project {r.project!r} staat niet in het programma"


def _koppel_een(r, index: _Index) -> tuple:
    """(niveau, maatregel_id, projectsleutel, pakket, uitleg) of one effect."""
    if not pd.isna(r.maatregel_code):
        return _koppel_code(r, index)
    if not pd.isna(r.project):
        return _koppel_project(r, index)
    if not pd.isna(r.pakket):
        return "pakket", pd.NA, pd.NA, r.pakket, f"effect op pakket {int(r.pakket)}"
    return "los", pd.NA, pd.NA, r.pakket, ""


def koppel_effecten(maatregelen: pd.DataFrame, effecten: pd.DataFrame) -> pd.DataFrame:
    """Attach each effect to a maatregel, a project or a pakket (rule 6 of the module doc).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.

    Returns:
        The effects with ``niveau`` (maatregel / project / pakket / los), ``maatregel_id``,
        ``projectsleutel``, ``pakket`` (filled from the match) and ``koppeling`` (Dutch
        explanation). ``los``: the effect names a code or project that is not in the
        programme (reported by :func:`controleer_programma`).

    >>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1, 1],
    ...     "maatregel_code": ["1.1", "1.2"], "maatregel": ["A", "B"], "project": ["P", "Q"],
    ...     "taakstelling_eur": [1, 2]}))
    >>> e = normaliseer_effecten(pd.DataFrame({"project": ["Q", "X"], "bedrag_eur": [1, 1],
    ...     "soort": ["verwacht", "verwacht"], "pakket": [1, 1]}))
    >>> koppel_effecten(m, e)[["niveau", "maatregel_id"]].values.tolist()
    [['maatregel', '1|1.2'], ['los', <NA>]]
    """
    vereis_analysevorm(maatregelen, "maatregelen")
    vereis_analysevorm(effecten, "effecten")
    index = _Index(maatregelen)
    koppelingen = [_koppel_een(r, index) for r in effecten.itertuples(index=False)]
    uit = effecten.copy()
    uit["niveau"] = [k[0] for k in koppelingen]
    uit["maatregel_id"] = pd.array([k[1] for k in koppelingen], dtype="string")
    uit["projectsleutel"] = pd.array([k[2] for k in koppelingen], dtype="string")
    uit["pakket"] = pd.array(
        [None if pd.isna(k[3]) else int(k[3]) for k in koppelingen], dtype="Int64"
    )
    uit["koppeling"] = [k[4] for k in koppelingen]
    return uit


def _spreid_een(r: dict, lijst: list[int], eindjaar: int) -> list[dict]:
    """The years one effect counts in (rules 1 and 3)."""
    bron_jaar = r["jaar"]
    zonder_jaar = pd.isna(bron_jaar)
    start = eindjaar if zonder_jaar else int(bron_jaar)
    eerste = herkomst_eindniveau(eindjaar) if zonder_jaar else HERKOMST_BRIEF
    if r["aard"] == AARD_STRUCTUREEL:
        doel = [j for j in lijst if j >= start]
    else:
        doel = [start] if start in lijst else []
    return [
        {
            **r,
            "bron_jaar": bron_jaar,
            "jaar": jaar,
            "effect_herkomst": eerste if jaar == start else HERKOMST_DOORGETROKKEN,
        }
        for jaar in doel
    ]


def _tussenjaren(a: dict, b: dict, lijst: list[int]) -> list[dict]:
    """Linear rows between two stated yearly levels of one effect path."""
    j0, j1 = int(a["jaar"]), int(b["jaar"])
    rijen = []
    for jaar in range(j0 + 1, j1):
        if jaar not in lijst:
            continue
        bedrag = a["bedrag_eur"] + (b["bedrag_eur"] - a["bedrag_eur"]) * (jaar - j0) / (j1 - j0)
        rijen.append(
            {
                **a,
                "bron_jaar": pd.NA,
                "jaar": jaar,
                "bedrag_eur": bedrag,
                "effect_herkomst": HERKOMST_INTERPOLATIE,
                "afgeleid": True,
            }
        )
    return rijen


def _interpoleer_effecten(e: pd.DataFrame, lijst: list[int]) -> list[dict]:
    """Fill years between stated levels of unknown-nature effects (one path per key)."""
    vast = e[(e["aard"] == AARD_ONBEKEND) & e["jaar"].notna() & e["bedrag_eur"].notna()]
    rijen: list[dict] = []
    pad_kol = ["pakket", "maatregel_code", "project", "soort"]
    for _sleutel, groep in vast.groupby(pad_kol, dropna=False, sort=False):
        punten = groep.sort_values("jaar")
        if punten["jaar"].duplicated().any():
            continue
        recs = punten.to_dict("records")
        for a, b in zip(recs, recs[1:], strict=False):
            rijen.extend(_tussenjaren(a, b, lijst))
    return rijen


def _effectframe(rijen: list[dict], kolommen: list[str]) -> pd.DataFrame:
    uit = pd.DataFrame(rijen, columns=[*kolommen, "bron_jaar", "effect_herkomst"])
    if uit.empty:
        uit = uit.astype({"bedrag_eur": float})
    uit["jaar"] = uit["jaar"].astype(int)
    uit["bron_jaar"] = pd.array(uit["bron_jaar"].tolist(), dtype="Int64")
    uit["bedrag_eur"] = uit["bedrag_eur"].astype(float)
    for kolom in ("bedrag_pm", "afgeleid", "benadering"):
        uit[kolom] = uit[kolom].astype(bool)
    return uit.reset_index(drop=True)


def effecten_per_jaar(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    *,
    jaren: Iterable[int],
    eindjaar: int,
    interpolatie: bool = False,
    met_afgeleid: bool = True,
) -> pd.DataFrame:
    """Spread every effect over the years it counts in (rules 1-3 of the module doc).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        jaren: Years to report.
        eindjaar: Last year of the programme (an effect without year counts there).
        interpolatie: Fill years between two stated levels of an unknown-nature effect.
        met_afgeleid: Include effects whose amount is derived (``[afgeleid``).

    Returns:
        One row per effect and year: the columns of :func:`koppel_effecten` plus
        ``effect_nr`` (row of the input), ``bron_jaar`` (year in the source, NA if none),
        ``jaar`` (analysis year) and ``effect_herkomst``.

    >>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1], "maatregel": ["A"],
    ...                                           "taakstelling_eur": [1]}))
    >>> e = normaliseer_effecten(pd.DataFrame({"project": ["A", "A"], "jaar": [2018, 2020],
    ...     "bedrag_eur": [5, 9], "soort": ["gerealiseerd", "gerealiseerd"],
    ...     "structureel": ["ja", "nee"]}))
    >>> r = effecten_per_jaar(m, e, jaren=range(2019, 2023), eindjaar=2022)
    >>> r[["jaar", "aard", "bedrag_eur", "effect_herkomst"]].values.tolist()
    [[2019, 'structureel', 5.0, 'doorgetrokken (structureel)'], \
[2020, 'structureel', 5.0, 'doorgetrokken (structureel)'], \
[2021, 'structureel', 5.0, 'doorgetrokken (structureel)'], \
[2022, 'structureel', 5.0, 'doorgetrokken (structureel)'], [2020, 'eenmalig', 9.0, 'brief']]
    """
    e = koppel_effecten(maatregelen, effecten)
    e["effect_nr"] = np.arange(len(e))
    if not met_afgeleid:
        e = e[~e["afgeleid"]]
    lijst = jaarlijst(jaren)
    rijen = [rij for r in e.to_dict("records") for rij in _spreid_een(r, lijst, eindjaar)]
    if interpolatie:
        rijen += _interpoleer_effecten(e, lijst)
    return _effectframe(rijen, list(e.columns))


def _voorbehoud(r: dict) -> str:
    if r["bedrag_pm"]:
        return "PM"
    if pd.isna(r["bedrag_eur"]):
        return "zonder bedrag"
    return "afgeleid" if r["afgeleid"] else "bij benadering"


def effecten_met_voorbehoud(maatregelen: pd.DataFrame, effecten: pd.DataFrame) -> pd.DataFrame:
    """Every effect whose amount the source does not state exactly, with its reasoning.

    Derived amounts (``afgeleid``), approximate ones (``benadering``, with their range),
    PM and effects the source names without an amount, each with the source's words
    (``citaat``) and, for a derived amount, the reasoning (``afleiding``).

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.

    Returns:
        pakket, project (projectsleutel, or the maatregel code), jaar, soort, aard,
        bedrag_eur, bedrag_laag_eur, bedrag_hoog_eur, voorbehoud (``afgeleid`` / ``bij
        benadering`` / ``PM`` / ``zonder bedrag``), afleiding, citaat, bron.

    >>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1], "maatregel": ["A"],
    ...                                           "taakstelling_eur": [1]}))
    >>> e = normaliseer_effecten(pd.DataFrame({"project": ["A", "A"], "bedrag_eur": [5, None],
    ...     "soort": ["verwacht", "gerealiseerd"], "afleiding": ["= taakstelling", None]}))
    >>> effecten_met_voorbehoud(m, e)["voorbehoud"].tolist()
    ['afgeleid', 'zonder bedrag']
    """
    e = koppel_effecten(maatregelen, effecten)
    sel = e[e["afgeleid"] | e["benadering"] | e["bedrag_pm"] | e["bedrag_eur"].isna()].copy()
    for kolom in ("bedrag_laag_eur", "bedrag_hoog_eur", "afleiding", "citaat", "bron"):
        if kolom not in sel.columns:
            sel[kolom] = pd.NA
    sel["project"] = sel["projectsleutel"].fillna(sel["maatregel_code"])
    sel["voorbehoud"] = [_voorbehoud(r) for r in sel.to_dict("records")]
    kolommen = ["pakket", "project", "jaar", "soort", "aard", "bedrag_eur", "bedrag_laag_eur"]
    kolommen += ["bedrag_hoog_eur", "voorbehoud", "afleiding", "citaat", "bron"]
    return sel[kolommen].reset_index(drop=True)
