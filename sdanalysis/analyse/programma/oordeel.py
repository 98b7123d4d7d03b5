"""The verdict per pakket (or in total) and year: its evidence, margin and deciding assumptions.

:func:`gap_tabel` gives one status per row under the reading rules of the package. A
status is only as good as the readings it rests on, so :func:`oordeel` computes it again
under each alternative reading the source leaves open and says which ones change it:

- ``ondergrens`` / ``bovengrens``: every amount the source gives by approximation
  ("bijna 1 mln") at the low or high end of its range (``bedrag_laag_eur``,
  ``bedrag_hoog_eur``);
- ``zonder afgeleid``: without the amounts the product derives from wording such as
  "conform taakstelling" (``afgeleid``);
- ``alleen eigen jaar``: only effects the source dates in the year itself (structural
  effects of earlier years not carried forward);
- ``taakstelling zonder jaar elk jaar``: a structural pakket taakstelling without a year
  counted in every year instead of only in the eindjaar.

The result names the source's own caveats (``kanttekening`` of the pakketten) beside the
verdict. Statuses and reasons are words; amounts stay numbers (formatting is
:mod:`sdanalysis.weergave`'s job).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.programma.basis import jaarlijst, vereis_analysevorm
from sdanalysis.analyse.programma.effecten import effecten_per_jaar
from sdanalysis.analyse.programma.gat import STATUS_VERWACHT, gap_tabel
from sdanalysis.bouw.programma import AARD_EENMALIG, AARD_ONBEKEND, AARD_STRUCTUREEL

#: Alternative readings, with the Dutch description used in ``beslissende_aannames``.
ALTERNATIEVEN: dict[str, str] = {
    "ondergrens": "bedragen bij benadering op de ondergrens van hun bandbreedte",
    "bovengrens": "bedragen bij benadering op de bovengrens van hun bandbreedte",
    "zonder afgeleid": "zonder afgeleide bedragen (de brief noemt ze niet)",
    "alleen eigen jaar": "alleen effecten die de brief in dit jaar dateert "
    "(structurele effecten van eerdere jaren niet doorgetrokken)",
    "taakstelling zonder jaar elk jaar": "structurele taakstelling zonder jaar "
    "in elk jaar geteld (niet alleen in het eindjaar)",
}

_REDENEN = {
    "overtroffen": "het gerealiseerde effect alleen overtreft de taakstelling met meer dan "
    "de marge",
    "op koers": "het gerealiseerde effect alleen komt binnen de marge van de taakstelling",
    STATUS_VERWACHT: "het gerealiseerde effect is te klein; alleen met verwachte en berekende "
    "effecten komt het gat binnen de marge (niet op koers op verwachting alleen)",
    "achter": "ook met verwachte en berekende effecten blijft het gat groter dan de marge",
}

_REDEN_ONBEKEND = "geen taakstelling voor dit jaar of geen effect met een bedrag"


def _sleutels(niveau: str) -> list[str]:
    if niveau not in ("pakket", "totaal"):
        raise ValueError(f"oordeel kent niveau 'pakket' of 'totaal', niet {niveau!r}.")
    return ["pakket", "jaar"] if niveau == "pakket" else ["jaar"]


def _grens(effecten: pd.DataFrame, kolom: str) -> pd.DataFrame:
    """Effects with every approximate amount at one end of its range."""
    e = effecten.copy()
    if kolom in e.columns:
        e["bedrag_eur"] = e[kolom].astype(float).fillna(e["bedrag_eur"])
    return e


def _taakstelling_elk_jaar(pakketten: pd.DataFrame, lijst: list[int]) -> pd.DataFrame:
    """A structural pakket taakstelling without year, repeated in every listed year."""
    zonder = pakketten["jaar"].isna() & pakketten["structureel"].fillna(False).astype(bool)
    zonder &= pakketten["taakstelling_eur"].notna()
    if not zonder.any():
        return pakketten
    herhaald = [pakketten[zonder].assign(jaar=j) for j in lijst]
    uit = pd.concat([pakketten[~zonder], *herhaald], ignore_index=True)
    uit["jaar"] = pd.array(uit["jaar"].tolist(), dtype="Int64")
    return uit


def _alleen_eigen_jaar(effecten: pd.DataFrame) -> pd.DataFrame:
    """Effects that count only in the year the source dates them (nothing carried forward)."""
    structureel = effecten["aard"] == AARD_STRUCTUREEL
    return effecten.assign(aard=effecten["aard"].where(~structureel, AARD_ONBEKEND))


def _varianten(
    m: pd.DataFrame, e: pd.DataFrame, p: pd.DataFrame, lijst: list[int], opties: dict
) -> dict[str, pd.DataFrame]:
    """The gap table under the base reading and under each alternative."""
    uit = {
        "basis": gap_tabel(m, e, p, **opties),
        "ondergrens": gap_tabel(m, _grens(e, "bedrag_laag_eur"), p, **opties),
        "bovengrens": gap_tabel(m, _grens(e, "bedrag_hoog_eur"), p, **opties),
        "zonder afgeleid": gap_tabel(m, e, p, **{**opties, "met_afgeleid": False}),
        "alleen eigen jaar": gap_tabel(m, _alleen_eigen_jaar(e), p, **opties),
    }
    elk_jaar = _taakstelling_elk_jaar(p, lijst)
    if elk_jaar is not p:
        uit["taakstelling zonder jaar elk jaar"] = gap_tabel(m, e, elk_jaar, **opties)
    return uit


def _kanttekeningen(pakketten: pd.DataFrame, uit: pd.DataFrame, niveau: str) -> list[str]:
    """The source's caveats per row: a pakket row's own year, or all years without one."""
    if "kanttekening" not in pakketten.columns:
        return [""] * len(uit)
    k = pakketten[pakketten["kanttekening"].notna()]
    teksten = []
    for r in uit.itertuples(index=False):
        sel = k[k["jaar"].isna() | (k["jaar"] == r.jaar)]
        if niveau == "pakket":
            sel = sel[sel["pakket"] == r.pakket]
            teksten.append(" | ".join(sel["kanttekening"].astype(str)))
        else:
            teksten.append(
                " | ".join(f"pakket {int(a.pakket)}: {a.kanttekening}" for a in sel.itertuples())
            )
    return teksten


def _aannames(r: dict, namen: str) -> str:
    """The readings in effect for a row (words; the amounts are in the columns)."""
    delen = [namen] if namen else []
    if r["n_pm_effecten"]:
        delen.append(f"{r['n_pm_effecten']} PM-effect(en) niet meegeteld (bedrag onbekend, geen 0)")
    if r["n_effecten_zonder_bedrag"]:
        delen.append(f"{r['n_effecten_zonder_bedrag']} effect(en) zonder bedrag niet meegeteld")
    herkomst = str(r["taakstelling_herkomst"])
    if "interpolatie" in herkomst:
        delen.append("taakstelling geïnterpoleerd")
    return "; ".join(delen)


def _beslissend(basis: str, alternatieven: dict[str, str]) -> str:
    """Alternatives that change the status; one that cannot judge (onbekend) changes nothing."""
    return "; ".join(
        f"{ALTERNATIEVEN[naam]}: {status}"
        for naam, status in alternatieven.items()
        if status not in (basis, "onbekend")
    )


def _effectnamen(
    m: pd.DataFrame, e: pd.DataFrame, sleutels: list[str], lijst: list[int], eindjaar: int
) -> tuple[dict[tuple, str], dict[tuple, list[tuple[str, str, float]]]]:
    """Per row key: derived and approximate effects by name, and the approximate ones.

    The second dict holds, per key, the approximate effects that lower the gap as
    (name, soort, amount).
    """
    ej = effecten_per_jaar(m, e, jaren=lijst, eindjaar=eindjaar)
    ej = ej[ej["bedrag_eur"].notna() & (ej["afgeleid"] | ej["benadering"])]
    naam = ej["projectsleutel"].fillna(ej["maatregel_code"]).astype(object)
    naam = naam.where(naam.notna(), "pakket " + ej["pakket"].astype(str))
    ej = ej.assign(_naam=naam)
    namen_per: dict[tuple, str] = {}
    vaag_per: dict[tuple, list[tuple[str, str, float]]] = {}
    for sleutel, groep in ej.groupby(sleutels, sort=False):
        sleutel = tuple(int(k) for k in (sleutel if isinstance(sleutel, tuple) else (sleutel,)))
        delen = []
        for vlag, woord in (("afgeleid", "afgeleid"), ("benadering", "bij benadering")):
            namen = sorted(set(groep.loc[groep[vlag], "_naam"]))
            if namen:
                delen.append(f"{woord} meegeteld: {', '.join(namen)}")
        namen_per[sleutel] = "; ".join(delen)
        vaag = groep[groep["benadering"] & (groep["aard"] != AARD_EENMALIG)]
        vaag_per[sleutel] = list(zip(vaag["_naam"], vaag["soort"], vaag["bedrag_eur"], strict=True))
    return namen_per, vaag_per


def _ruimte(status: str, gap_r: float, gap: float, grens: float, gerealiseerd: bool) -> float:
    """How much lower one effect can be before the status changes (NaN: never)."""
    if status == "overtroffen" and gerealiseerd:
        return -grens - gap_r
    if status == "op koers" and gerealiseerd:
        return grens - gap_r
    if status == STATUS_VERWACHT:
        return grens - gap
    return float("nan")


def _kritiek(r: dict, vaag: list[tuple[str, str, float]]) -> tuple[str, float]:
    """The approximate effect with the least room and the value below which it flips.

    ``("", NaN)`` when no approximate amount can change the status by being lower.
    """
    beste = ("", float("nan"), float("inf"))
    for naam, soort, bedrag in vaag:
        ruimte = _ruimte(
            r["status"],
            r["gap_gerealiseerd_eur"],
            r["gap_eur"],
            r["marge_eur"],
            soort == "gerealiseerd",
        )
        if not np.isnan(ruimte) and 0 <= ruimte < bedrag and ruimte / bedrag < beste[2]:
            beste = (naam, bedrag - ruimte, ruimte / bedrag)
    return beste[0], beste[1]


def oordeel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame,
    *,
    jaren: Iterable[int],
    eindjaar: int,
    niveau: str = "totaal",
    marge: float | None = None,
) -> pd.DataFrame:
    """Verdict per pakket (or total) and year with its margin and deciding assumptions.

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        pakketten: Processed pakketten.
        jaren: Years to judge (usually :func:`rapportjaren`).
        eindjaar: Last year of the programme.
        niveau: ``pakket`` or ``totaal``.
        marge: Share of the taakstelling within which a row is on course (default
            ``instellingen.STATUS_MARGE``).

    Returns:
        (pakket,) jaar, taakstelling_eur, gerealiseerd_eur, verwacht_eur (verwacht and
        berekend together; missing when the source gives no figure), marge_eur,
        gap_gerealiseerd_eur, gap_eur, gap_fractie (gap_eur / taakstelling), status,
        reden, ``status_<alternatief>`` per alternative reading, status_bandbreedte (the
        status at the low and high end of the ranges), houdt_stand (the status is the
        same under every alternative), beslissende_aannames (the alternatives that
        change it, with the status they give), kritiek_effect and kritieke_waarde_eur
        (the approximate amount with the least room and the value below which the
        status changes, e.g. "bijna 1 mln" below € 975.000), aannames and kanttekeningen
        (the source's own caveats).

    >>> from sdanalysis.bouw.programma import (normaliseer_effecten,
    ...     normaliseer_maatregelen, normaliseer_pakketten)
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [1], "maatregel": ["A"],
    ...     "taakstelling_eur": [100]}))
    >>> p = normaliseer_pakketten(pd.DataFrame({"pakket": [1], "jaar": [2022],
    ...     "taakstelling_eur": [100]}))
    >>> e = normaliseer_effecten(pd.DataFrame({"project": ["A"], "jaar": [2022],
    ...     "bedrag_eur": [100], "soort": ["verwacht"]}))
    >>> oordeel(m, e, p, jaren=[2022], eindjaar=2022)[["status", "houdt_stand"]].values.tolist()
    [['steunt op verwacht', True]]
    """
    for naam, df in (("maatregelen", maatregelen), ("effecten", effecten)):
        vereis_analysevorm(df, naam)
    vereis_analysevorm(pakketten, "pakketten")
    sleutels = _sleutels(niveau)
    lijst = jaarlijst(jaren)
    opties = {"niveau": niveau, "jaren": lijst, "eindjaar": eindjaar, "marge": marge}
    varianten = _varianten(maatregelen, effecten, pakketten, lijst, opties)
    uit = varianten.pop("basis").copy()
    for naam, v in varianten.items():
        kolom = f"status_{naam.replace(' ', '_')}"
        uit = uit.merge(v[[*sleutels, "status"]].rename(columns={"status": kolom}), on=sleutels)
        if niveau == "totaal":
            # a total without a taakstelling of its own cannot be judged on one pakket's
            uit[kolom] = uit[kolom].where(uit["taakstelling_eur"].notna(), uit["status"])
    namen, vaag = _effectnamen(maatregelen, effecten, sleutels, lijst, eindjaar)
    rijsleutels = [tuple(int(x) for x in k) for k in uit[sleutels].values]
    uit["_namen"] = [namen.get(k, "") for k in rijsleutels]
    uit["_vaag"] = [vaag.get(k, []) for k in rijsleutels]
    return _met_tekst(uit, varianten, pakketten, niveau, marge)


def _met_tekst(
    uit: pd.DataFrame,
    varianten: dict[str, pd.DataFrame],
    pakketten: pd.DataFrame,
    niveau: str,
    marge: float | None,
) -> pd.DataFrame:
    marge = instellingen.STATUS_MARGE if marge is None else marge
    uit["verwacht_eur"] = uit[["verwacht_eur", "berekend_eur"]].sum(axis=1, min_count=1)
    uit["marge_eur"] = marge * uit["taakstelling_eur"].abs()
    uit["gap_fractie"] = uit["gap_eur"] / uit["taakstelling_eur"].where(
        uit["taakstelling_eur"] != 0
    )
    uit["reden"] = [_REDENEN.get(s, _REDEN_ONBEKEND) for s in uit["status"]]
    kolommen = {n: f"status_{n.replace(' ', '_')}" for n in varianten}
    laag, hoog = uit[kolommen["ondergrens"]], uit[kolommen["bovengrens"]]
    uit["status_bandbreedte"] = np.where(laag == hoog, laag, laag + " tot " + hoog)
    records = uit.to_dict("records")
    uit["beslissende_aannames"] = [
        _beslissend(r["status"], {n: r[k] for n, k in kolommen.items()}) for r in records
    ]
    uit["houdt_stand"] = uit["beslissende_aannames"] == ""
    uit["aannames"] = [_aannames(r, r["_namen"]) for r in records]
    kritiek = [_kritiek(r, r["_vaag"]) for r in records]
    uit["kritiek_effect"] = [k[0] for k in kritiek]
    uit["kritieke_waarde_eur"] = [k[1] for k in kritiek]
    uit["kanttekeningen"] = _kanttekeningen(pakketten, uit, niveau)
    basis = ["pakket"] if niveau == "pakket" else []
    vast = [
        "jaar",
        "taakstelling_eur",
        "gerealiseerd_eur",
        "verwacht_eur",
        "marge_eur",
        "gap_gerealiseerd_eur",
        "gap_eur",
        "gap_fractie",
        "status",
        "reden",
    ]
    rest = ["status_bandbreedte", "houdt_stand", "beslissende_aannames"]
    rest += ["kritiek_effect", "kritieke_waarde_eur", "aannames"]
    return uit[[*basis, *vast, *kolommen.values(), *rest, "kanttekeningen"]].reset_index(drop=True)
