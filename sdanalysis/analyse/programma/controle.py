"""Checks of the programme against itself: every difference reported, nothing forced to agree."""

from __future__ import annotations

import math

import pandas as pd

from sdanalysis.analyse.programma.basis import vereis_analysevorm
from sdanalysis.analyse.programma.effecten import koppel_effecten
from sdanalysis.bouw.programma import AARD_EENMALIG

_SOM = "som maatregelen = pakkettotaal"


_NIET_TE_CONTROLEREN = "niet te controleren"


_CONTROLE_KOLOMMEN = [
    "controle",
    "pakket",
    "jaar",
    "genoemd_eur",
    "som_eur",
    "verschil_eur",
    "uitkomst",
    "rijen",
    "toelichting",
]


def _geheel_of_na(x: object) -> object:
    return pd.NA if pd.isna(x) else int(x)


def _controle(
    controle: str,
    pakket: object,
    jaar: object,
    genoemd: float,
    som: float,
    uitkomst: str,
    rijen: str,
    toelichting: str,
) -> dict:
    verschil = math.nan if pd.isna(som) or pd.isna(genoemd) else som - genoemd
    waarden = (controle, pakket, jaar, genoemd, som, verschil, uitkomst, rijen, toelichting)
    return dict(zip(_CONTROLE_KOLOMMEN, waarden, strict=True))


def _rijteksten(df: pd.DataFrame) -> str:
    """The maatregelen involved, as ``code naam``; ``(PM)`` where the amount is PM."""
    return "; ".join(
        ("" if pd.isna(r.maatregel_code) else f"{r.maatregel_code} ")
        + str(r.maatregel)
        + (" (PM)" if r.taakstelling_pm else "")
        for r in df.itertuples(index=False)
    )


def _som_vergelijking(r, betrokken: pd.DataFrame, jaar: int) -> dict:
    som = float(betrokken["taakstelling_eur"].sum())
    if bool(betrokken["taakstelling_pm"].any() or r.taakstelling_pm):
        uitkomst, toel = _NIET_TE_CONTROLEREN, "een of meer bedragen PM"
    elif abs(som - r.taakstelling_eur) < 0.5:
        uitkomst, toel = "klopt", ""
    else:
        uitkomst, toel = "verschil", "de som van de maatregelen wijkt af van het pakkettotaal"
    return _controle(
        _SOM, int(r.pakket), jaar, r.taakstelling_eur, som, uitkomst, _rijteksten(betrokken), toel
    )


def _som_controle(r, m: pd.DataFrame, eindjaar: int) -> dict:
    """Check one stated pakket total against the sum of its maatregelen."""
    zonder_jaar = pd.isna(r.jaar)
    jaar = eindjaar if zonder_jaar else int(r.jaar)
    alle = m[m["pakket"] == r.pakket]
    nan = math.nan
    if math.isnan(r.taakstelling_eur) and not r.taakstelling_pm:
        toel = "de brief noemt voor dit pakket geen taakstelling"
        toel += "" if len(alle) else " en geen maatregelen"
        return _controle(_SOM, int(r.pakket), pd.NA, nan, nan, _NIET_TE_CONTROLEREN, "", toel)
    if alle.empty:
        toel = "pakket zonder maatregelen in de brief"
        toel += " (taakstelling zonder jaar)" if zonder_jaar else ""
        genoemd_jaar = pd.NA if zonder_jaar else jaar
        genoemd = r.taakstelling_eur
        return _controle(
            _SOM, int(r.pakket), genoemd_jaar, genoemd, nan, _NIET_TE_CONTROLEREN, "", toel
        )
    betrokken = alle[alle["jaar_regel"] == jaar]
    if betrokken.empty:
        toel = (
            f"de maatregelen hebben geen bedrag voor {jaar} (zonder jaar = eindniveau {eindjaar})"
        )
        return _controle(
            _SOM, int(r.pakket), jaar, r.taakstelling_eur, nan, _NIET_TE_CONTROLEREN, "", toel
        )
    return _som_vergelijking(r, betrokken, jaar)


def _pakketten_zonder_totaal(m: pd.DataFrame, p: pd.DataFrame) -> list[dict]:
    rijen = []
    for pakket in sorted(set(m["pakket"]) - set(p["pakket"])):
        alle = m[m["pakket"] == pakket]
        som = float(alle["taakstelling_eur"].sum())
        rijen.append(
            _controle(
                _SOM,
                int(pakket),
                pd.NA,
                math.nan,
                som,
                _NIET_TE_CONTROLEREN,
                _rijteksten(alle),
                "geen pakkettotaal in de brief",
            )
        )
    return rijen


def _dubbele_maatregelen(m: pd.DataFrame) -> list[dict]:
    dubbel = m[m.duplicated(["maatregel_id", "jaar_regel"], keep=False)]
    return [
        _controle(
            "maatregel komt één keer voor",
            int(groep["pakket"].iloc[0]),
            int(groep["jaar_regel"].iloc[0]),
            math.nan,
            float(groep["taakstelling_eur"].sum()),
            "let op",
            _rijteksten(groep),
            f"maatregel {mid.split('|', 1)[1]} staat {len(groep)} keer in de tabel",
        )
        for mid, groep in dubbel.groupby("maatregel_id")
    ]


def _effect_melding(r, controle: str, uitkomst: str, toelichting: str) -> dict:
    return _controle(
        controle,
        _geheel_of_na(r.pakket),
        _geheel_of_na(r.jaar),
        math.nan,
        r.bedrag_eur,
        uitkomst,
        str(r.omschrijving),
        toelichting,
    )


def _losse_effecten(e: pd.DataFrame) -> list[dict]:
    return [
        _effect_melding(r, "effect hoort bij maatregel of project", "let op", r.koppeling)
        for r in e[e["niveau"] == "los"].itertuples(index=False)
    ]


def _eenmalig_bij_structureel(e: pd.DataFrame, p: pd.DataFrame) -> list[dict]:
    structureel = set(p.loc[p["structureel"].fillna(False).astype(bool), "pakket"])
    toel = (
        "eenmalig effect bij een structurele taakstelling: telt niet mee in gap_eur, wel "
        "in gap_na_eenmalig_eur van zijn eigen jaar"
    )
    return [
        _effect_melding(r, "aard effect past bij taakstelling", "let op", toel)
        for r in e[e["aard"] == AARD_EENMALIG].itertuples(index=False)
        if not pd.isna(r.pakket) and r.pakket in structureel
    ]


def _realisatie_daalt(e: pd.DataFrame) -> list[dict]:
    """A realised structural amount that is lower in a later year."""
    ger = e[
        (e["soort"] == "gerealiseerd")
        & e["bedrag_eur"].notna()
        & e["jaar"].notna()
        & (e["aard"] != AARD_EENMALIG)
    ]
    rijen = []
    for _k, groep in ger.groupby(["pakket", "maatregel_code", "project"], dropna=False):
        recs = groep.sort_values("jaar").to_dict("records")
        for a, b in zip(recs, recs[1:], strict=False):
            if b["bedrag_eur"] < a["bedrag_eur"] and b["jaar"] > a["jaar"]:
                rijen.append(
                    _controle(
                        "realisatie houdt stand",
                        int(a["pakket"]),
                        int(b["jaar"]),
                        a["bedrag_eur"],
                        b["bedrag_eur"],
                        "let op",
                        f"{a['omschrijving']} | {b['omschrijving']}",
                        f"gerealiseerd in {int(b['jaar'])} lager dan in {int(a['jaar'])}",
                    )
                )
    return rijen


def _niet_letterlijk(e: pd.DataFrame) -> list[dict]:
    return [
        _effect_melding(
            r,
            "bedrag staat letterlijk in de brief",
            "ter info",
            "afgeleid bedrag" if r.afgeleid else "bedrag bij benadering",
        )
        for r in e[e["afgeleid"] | e["benadering"]].itertuples(index=False)
    ]


def _jaar_elders(e: pd.DataFrame) -> list[dict]:
    """An effect whose year differs between two passages of the source (table, bijlage)."""
    if "jaar_elders" not in e.columns:
        return []
    sel = e[e["jaar_elders"].notna() & e["jaar"].notna() & (e["jaar_elders"] != e["jaar"])]
    return [
        _controle(
            "jaar effect eenduidig in de bron",
            _geheel_of_na(r.pakket),
            int(r.jaar),
            math.nan,
            r.bedrag_eur,
            "strijdig",
            str(r.citaat if "citaat" in e.columns and not pd.isna(r.citaat) else r.omschrijving),
            f"de tabel dateert het effect in {int(r.jaar)}, een andere passage in "
            f"{int(r.jaar_elders)}",
        )
        for r in sel.itertuples(index=False)
    ]


def _haalbaar(r, m: pd.DataFrame) -> dict | None:
    """Most a pakket can yield in a year on the source's own timing.

    Every maatregel counts with its whole taakstelling, except those whose
    ``eerste_effectjaar`` lies after the year.
    """
    jaar = int(r.jaar)
    alle = m[(m["pakket"] == r.pakket) & m["taakstelling_eur"].notna()]
    te_laat = alle[alle["eerste_effectjaar"].notna() & (alle["eerste_effectjaar"] > jaar)]
    if te_laat.empty:
        return None
    hoogstens = float(alle["taakstelling_eur"].sum() - te_laat["taakstelling_eur"].sum())
    haalbaar = hoogstens >= r.taakstelling_eur - 0.5
    toel = (
        f"volgens de eigen planning van de bron levert {_rijteksten(te_laat)} pas na {jaar} "
        "op; de overige maatregelen halen samen hoogstens som_eur, ook als elk zijn hele "
        "taakstelling haalt"
    )
    return _controle(
        "taakstelling haalbaar volgens de planning van de bron",
        int(r.pakket),
        jaar,
        r.taakstelling_eur,
        hoogstens,
        "klopt" if haalbaar else "onhaalbaar",
        _rijteksten(te_laat),
        "" if haalbaar else toel,
    )


def _haalbaarheid(m: pd.DataFrame, p: pd.DataFrame) -> list[dict]:
    if "eerste_effectjaar" not in m.columns:
        return []
    genoemd = p[p["jaar"].notna() & p["taakstelling_eur"].notna()]
    rijen = [_haalbaar(r, m) for r in genoemd.itertuples(index=False)]
    return [r for r in rijen if r is not None]


def controleer_programma(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame,
    effecten: pd.DataFrame | None = None,
    *,
    eindjaar: int,
) -> pd.DataFrame:
    """Check the programme against itself; report every difference, never force agreement.

    Checks: the sum of the maatregelen against each stated pakket total per year; pakketten
    without maatregelen; duplicate maatregelen; whether a stated pakket total is reachable
    on the source's own timing (maatregelen whose ``eerste_effectjaar`` lies after the
    year cannot contribute); effects that match nothing; one-off effects on a pakket with
    a structural taakstelling; realisation that falls in a later year; an effect dated
    differently by two passages of the source (``jaar_elders``); derived and approximate
    amounts (for information).

    Args:
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten (optional: without them only the sums are checked).
        eindjaar: Last year of the programme (amounts without year count there).

    Returns:
        controle, pakket, jaar, genoemd_eur, som_eur, verschil_eur (som - genoemd),
        uitkomst (``klopt`` / ``verschil`` / ``onhaalbaar`` / ``strijdig`` / ``niet te
        controleren`` / ``let op`` / ``ter info``), rijen (the rows involved) and
        toelichting.

    >>> from sdanalysis.bouw.programma import normaliseer_maatregelen, normaliseer_pakketten
    >>> m = normaliseer_maatregelen(pd.DataFrame({"pakket": [2, 2], "maatregel": ["A", "B"],
    ...                                           "taakstelling_eur": [1_000, 2_000]}))
    >>> p = normaliseer_pakketten(pd.DataFrame({"pakket": [2], "jaar": [2022],
    ...                                         "taakstelling_eur": [3_500]}))
    >>> c = controleer_programma(m, p, eindjaar=2022)
    >>> c.loc[[0], ["uitkomst", "verschil_eur", "rijen"]].values.tolist()
    [['verschil', -500.0, 'A; B']]
    """
    vereis_analysevorm(maatregelen, "maatregelen")
    vereis_analysevorm(pakketten, "pakketten")
    m = maatregelen.assign(jaar_regel=maatregelen["jaar"].fillna(eindjaar).astype(int))
    rijen = [_som_controle(r, m, eindjaar) for r in pakketten.itertuples(index=False)]
    rijen += _pakketten_zonder_totaal(m, pakketten)
    rijen += _dubbele_maatregelen(m)
    rijen += _haalbaarheid(m, pakketten)
    if effecten is not None:
        e = koppel_effecten(maatregelen, effecten)
        rijen += _losse_effecten(e)
        rijen += _eenmalig_bij_structureel(e, pakketten)
        rijen += _realisatie_daalt(e)
        rijen += _jaar_elders(e)
        rijen += _niet_letterlijk(e)
    uit = pd.DataFrame(rijen, columns=_CONTROLE_KOLOMMEN)
    uit["pakket"] = pd.array(uit["pakket"].tolist(), dtype="Int64")
    uit["jaar"] = pd.array(uit["jaar"].tolist(), dtype="Int64")
    for k in ("genoemd_eur", "som_eur", "verschil_eur"):
        uit[k] = uit[k].astype(float)
    return uit


def strijdigheden(controles: pd.DataFrame) -> pd.DataFrame:
    """The checks where the source contradicts itself or its own timing.

    ``uitkomst`` ``strijdig`` (two passages date one effect differently) or ``onhaalbaar``
    (a stated taakstelling cannot be reached on the source's own timing).

    >>> c = pd.DataFrame({"uitkomst": ["klopt", "onhaalbaar", "strijdig"]})
    >>> strijdigheden(c)["uitkomst"].tolist()
    ['onhaalbaar', 'strijdig']
    """
    if "uitkomst" not in controles.columns:
        raise ValueError("Verwacht de uitkomst van controleer_programma (kolom 'uitkomst').")
    sel = controles["uitkomst"].isin(["onhaalbaar", "strijdig"])
    return controles[sel].reset_index(drop=True)


def verschillen(controles: pd.DataFrame) -> pd.DataFrame:
    """Only the checks where the source's figures do not add up (``uitkomst == 'verschil'``).

    >>> c = pd.DataFrame({"uitkomst": ["klopt", "verschil"], "verschil_eur": [0.0, -5.0]})
    >>> verschillen(c)["verschil_eur"].tolist()
    [-5.0]
    """
    if "uitkomst" not in controles.columns:
        raise ValueError("Verwacht de uitkomst van controleer_programma (kolom 'uitkomst').")
    return controles[controles["uitkomst"] == "verschil"].reset_index(drop=True)
