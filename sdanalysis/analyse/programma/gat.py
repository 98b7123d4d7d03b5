"""The gap: taakstelling against effect per maatregel, project, pakket or total, and its bridge."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.programma.basis import (
    HERKOMST_GEEN,
    HERKOMST_INTERPOLATIE,
    jaarlijst,
    vereis_analysevorm,
)
from sdanalysis.analyse.programma.effecten import effecten_per_jaar, koppel_effecten
from sdanalysis.analyse.programma.taakstelling import (
    pakket_taakstelling_per_jaar,
    taakstelling_per_jaar,
)
from sdanalysis.bouw.programma import AARD_EENMALIG, AARD_ONBEKEND, SOORTEN

#: Status when only expected (verwacht/berekend) effects close the gap: never "op koers".
STATUS_VERWACHT = "steunt op verwacht"


#: The status words, in Dutch.
STATUSSEN: tuple[str, ...] = ("op koers", "achter", "onbekend", "overtroffen", STATUS_VERWACHT)


#: Levels of :func:`gap_tabel`.
NIVEAUS: tuple[str, ...] = ("maatregel", "project", "pakket", "totaal")


#: Columns of :func:`gap_tabel` a reader usually wants (keys of the level come first).
KOLOMMEN_OVERZICHT: tuple[str, ...] = (
    "jaar",
    "taakstelling_eur",
    "gerealiseerd_eur",
    "verwacht_eur",
    "berekend_eur",
    "gerealiseerd_eenmalig_eur",
    "gap_gerealiseerd_eur",
    "gap_eur",
    "status",
    "toelichting",
)


def status(
    taakstelling_eur: float,
    gap_eur: float,
    effect_bekend: bool,
    marge: float | None = None,
    *,
    gap_gerealiseerd_eur: float | None = None,
) -> str:
    """Dutch status of one row; realised and expected effects are judged separately.

    - ``onbekend``: taakstelling PM or missing, or no effect with an amount known;
    - on the *realised* gap (``gap_gerealiseerd_eur``: taakstelling minus realised effect):
      ``overtroffen`` below ``-marge x taakstelling``, ``op koers`` within the margin;
    - otherwise, on the gap after expected effects (``gap_eur``): ``steunt op verwacht``
      when within the margin or below (never "op koers" on expected effects alone), else
      ``achter``.

    Without ``gap_gerealiseerd_eur`` the row has no expected effects: ``gap_eur`` is the
    realised gap.

    Args:
        taakstelling_eur: The taakstelling (NaN when missing or PM).
        gap_eur: Taakstelling minus realised and expected effects.
        effect_bekend: Whether any effect with an amount is known.
        marge: Share of the taakstelling within which the row is on course
            (default ``instellingen.STATUS_MARGE``).
        gap_gerealiseerd_eur: Taakstelling minus realised effects only.

    >>> status(100_000, 0, True), status(100_000, 50_000, True)
    ('op koers', 'achter')
    >>> status(100_000, -20_000, True), status(float("nan"), 0, True), status(1, 1, False)
    ('overtroffen', 'onbekend', 'onbekend')
    >>> status(100_000, 0, True, gap_gerealiseerd_eur=60_000)
    'steunt op verwacht'
    """
    marge = instellingen.STATUS_MARGE if marge is None else marge
    if taakstelling_eur is None or pd.isna(taakstelling_eur) or not effect_bekend:
        return "onbekend"
    grens = marge * abs(float(taakstelling_eur))
    realisatie = gap_eur if gap_gerealiseerd_eur is None else gap_gerealiseerd_eur
    if realisatie < -grens:
        return "overtroffen"
    if realisatie <= grens:
        return "op koers"
    if gap_eur <= grens:
        return STATUS_VERWACHT
    return "achter"


_NIVEAU_SLEUTELS = {
    "maatregel": ["pakket", "maatregel_id", "maatregel_code", "maatregel", "projectsleutel"],
    "project": ["pakket", "projectsleutel"],
    "pakket": ["pakket"],
    "totaal": [],
}


_EFFECT_KOLOMMEN = (
    [f"{s}_eur" for s in SOORTEN]
    + [f"{s}_eenmalig_eur" for s in SOORTEN]
    + [
        "waarvan_aard_onbekend_eur",
        "n_effecten",
        "n_effecten_met_bedrag",
        "n_pm_effecten",
        "n_effecten_zonder_bedrag",
        "n_afgeleid",
        "n_benadering",
        "n_geinterpoleerd",
    ]
)


_GAP_KOLOMMEN = [
    "jaar",
    "taakstelling_eur",
    "taakstelling_pm",
    "taakstelling_herkomst",
    *_EFFECT_KOLOMMEN,
    "gap_gerealiseerd_eur",
    "gap_eur",
    "gap_na_eenmalig_eur",
    "status",
    "toelichting",
]


def _effect_sommen(ej: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """Sum effects per key and year, soort and nature kept apart."""
    d = ej.copy()
    blijvend = d["aard"] != AARD_EENMALIG
    bedrag = d["bedrag_eur"]
    for s in SOORTEN:
        d[f"{s}_eur"] = bedrag.where((d["soort"] == s) & blijvend)
        d[f"{s}_eenmalig_eur"] = bedrag.where((d["soort"] == s) & ~blijvend)
    d["waarvan_aard_onbekend_eur"] = bedrag.where(d["aard"] == AARD_ONBEKEND)
    d["n_effecten"] = 1
    d["n_effecten_met_bedrag"] = d["bedrag_eur"].notna().astype(int)
    d["n_pm_effecten"] = d["bedrag_pm"].astype(int)
    d["n_effecten_zonder_bedrag"] = (d["bedrag_eur"].isna() & ~d["bedrag_pm"]).astype(int)
    geinterpoleerd = d["effect_herkomst"] == HERKOMST_INTERPOLATIE
    d["n_afgeleid"] = (d["afgeleid"] & ~geinterpoleerd).astype(int)
    d["n_geinterpoleerd"] = geinterpoleerd.astype(int)
    d["n_benadering"] = d["benadering"].astype(int)
    groep = sleutels + ["jaar"]
    if d.empty:
        return pd.DataFrame(columns=groep + _EFFECT_KOLOMMEN).astype({"jaar": int})
    # no amount of a kind in a year stays missing ("geen cijfer"), never 0
    som = d.groupby(groep, dropna=False, sort=False)[_EFFECT_KOLOMMEN].sum(min_count=1)
    return som.reset_index()


def _som_taakstelling(t: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """Sum maatregel taakstellingen; all missing stays missing, PM anywhere is flagged."""
    g = t.groupby(sleutels, sort=False, dropna=False)
    return g.agg(
        taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
        taakstelling_pm=("taakstelling_pm", "any"),
        taakstelling_herkomst=("taakstelling_herkomst", lambda s: " + ".join(sorted(set(s)))),
    ).reset_index()


def _gap_maatregel(t: pd.DataFrame, ej: pd.DataFrame) -> pd.DataFrame:
    sommen = _effect_sommen(ej[ej["niveau"] == "maatregel"], ["maatregel_id"])
    uit = t.merge(sommen, on=["maatregel_id", "jaar"], how="left")
    proj = ej[ej["niveau"] == "project"].groupby(["projectsleutel", "jaar"]).size()
    uit["_projectmelding"] = [
        f"effect gerapporteerd op projectniveau ({s})" if (s, j) in proj.index else ""
        for s, j in zip(uit["projectsleutel"], uit["jaar"], strict=True)
    ]
    return uit


def _gap_project(t: pd.DataFrame, ej: pd.DataFrame) -> pd.DataFrame:
    basis = _som_taakstelling(t, ["pakket", "projectsleutel", "jaar"])
    ej_n = ej[ej["niveau"].isin(["maatregel", "project"])]
    sommen = _effect_sommen(ej_n, ["pakket", "projectsleutel"])
    uit = basis.merge(sommen, on=["pakket", "projectsleutel", "jaar"], how="left")
    codes = (
        t.drop_duplicates("maatregel_id")
        .groupby(["pakket", "projectsleutel"], sort=False)["maatregel_code"]
        .agg(lambda s: ", ".join(s.dropna().astype(str)))
    )
    uit["maatregel_codes"] = [
        codes.get((p, s), "") for p, s in zip(uit["pakket"], uit["projectsleutel"], strict=True)
    ]
    return uit


def _pakket_basis(
    t: pd.DataFrame,
    pakketten: pd.DataFrame | None,
    lijst: list[int],
    eindjaar: int,
    interpolatie: bool,
) -> pd.DataFrame:
    """Taakstelling per pakket: the stated totals, with the sum of the maatregelen beside."""
    som = (
        _som_taakstelling(t, ["pakket", "jaar"])
        .rename(
            columns={
                "taakstelling_eur": "som_maatregelen_eur",
                "taakstelling_pm": "som_maatregelen_pm",
            }
        )
        .drop(columns=["taakstelling_herkomst"])
    )
    if pakketten is None:
        basis = som.copy()
        basis["taakstelling_eur"] = basis["som_maatregelen_eur"]
        basis["taakstelling_pm"] = basis["som_maatregelen_pm"]
        basis["taakstelling_herkomst"] = np.where(
            basis["taakstelling_eur"].notna(), "som maatregelen", HERKOMST_GEEN
        )
        return basis
    basis = pakket_taakstelling_per_jaar(
        pakketten, lijst, eindjaar=eindjaar, interpolatie=interpolatie
    )
    basis = basis.merge(som, on=["pakket", "jaar"], how="outer")
    basis["taakstelling_herkomst"] = basis["taakstelling_herkomst"].fillna(HERKOMST_GEEN)
    basis["taakstelling_pm"] = basis["taakstelling_pm"].astype("boolean").fillna(False).astype(bool)
    return basis


def _naar_totaal(uit: pd.DataFrame) -> pd.DataFrame:
    """Sum the pakketten per year; name the pakketten without a taakstelling."""
    zonder = (
        uit[uit["taakstelling_eur"].isna()]
        .groupby("jaar")["pakket"]
        .agg(lambda s: ", ".join(str(int(p)) for p in sorted(s)))
    )
    agg: dict[str, object] = {
        k: "sum" if k.startswith("n_") else (lambda s: s.sum(min_count=1)) for k in _EFFECT_KOLOMMEN
    }
    agg.update(
        {
            "som_maatregelen_eur": lambda s: s.sum(min_count=1),
            "taakstelling_eur": lambda s: s.sum(min_count=1),
            "taakstelling_pm": "any",
        }
    )
    uit = uit.copy()
    for k in _EFFECT_KOLOMMEN:
        if k.startswith("n_"):
            uit[k] = uit[k].fillna(0)
    met = uit[uit["taakstelling_eur"].notna()]
    herkomst = met.groupby("jaar")["taakstelling_herkomst"].agg(lambda h: sorted(set(h)))
    uit = uit.groupby("jaar", sort=True).agg(agg).reset_index()
    # interpolated parts stay labelled in the total
    uit["taakstelling_herkomst"] = [
        "som van de pakketten" + ("" if j not in herkomst.index else f" ({'; '.join(herkomst[j])})")
        for j in uit["jaar"]
    ]
    uit["pakketten_zonder_taakstelling"] = [zonder.get(j, "") for j in uit["jaar"]]
    return uit


def _gap_pakket(
    t: pd.DataFrame,
    ej: pd.DataFrame,
    pakketten: pd.DataFrame | None,
    lijst: list[int],
    eindjaar: int,
    interpolatie: bool,
    totaal: bool,
) -> pd.DataFrame:
    basis = _pakket_basis(t, pakketten, lijst, eindjaar, interpolatie)
    sommen = _effect_sommen(ej[ej["pakket"].notna()], ["pakket"])
    uit = basis.merge(sommen, on=["pakket", "jaar"], how="left")
    if totaal:
        uit = _naar_totaal(uit)
    uit = uit.sort_values(["jaar"] if totaal else ["pakket", "jaar"])
    return uit.reset_index(drop=True)


def _met_gap(uit: pd.DataFrame) -> pd.DataFrame:
    """Typed effect columns plus gap_eur and gap_na_eenmalig_eur."""
    uit = uit.copy()
    for k in _EFFECT_KOLOMMEN:
        if k.startswith("n_"):
            uit[k] = uit[k].fillna(0).astype(int)
        else:
            uit[k] = uit[k].astype(float)
    uit["jaar"] = uit["jaar"].astype(int)
    # an effect without a figure adds nothing to the sum; its column stays missing
    uit["gap_gerealiseerd_eur"] = uit["taakstelling_eur"] - uit["gerealiseerd_eur"].fillna(0)
    uit["gap_eur"] = uit["gap_gerealiseerd_eur"] - _som(uit, ("verwacht_eur", "berekend_eur"))
    uit["gap_na_eenmalig_eur"] = uit["gap_eur"] - _eenmalig(uit).fillna(0)
    return uit


def _som(df: pd.DataFrame, kolommen: Iterable[str]) -> pd.Series:
    """Row sum of euro columns; missing counts as nothing (the sum itself is never NaN)."""
    return df[list(kolommen)].fillna(0).sum(axis=1)


def _eenmalig(df: pd.DataFrame) -> pd.Series:
    """One-off effects of a row; missing when no kind has a figure."""
    kolommen = ["gerealiseerd_eenmalig_eur", "verwacht_eenmalig_eur", "berekend_eenmalig_eur"]
    return df[kolommen].sum(axis=1, min_count=1)


def _toelichting_taakstelling(r: dict) -> list[str]:
    delen = [r["_projectmelding"]] if r.get("_projectmelding") else []
    if r.get("pakketten_zonder_taakstelling") and not pd.isna(r["taakstelling_eur"]):
        delen.append(f"geen taakstelling voor pakket {r['pakketten_zonder_taakstelling']}")
    if r["taakstelling_pm"]:
        delen.append("taakstelling (deels) PM")
    elif pd.isna(r["taakstelling_eur"]):
        delen.append("geen taakstelling voor dit jaar")
    return delen


def _heeft_bedrag(r: dict, *kolommen: str) -> bool:
    return any(not pd.isna(r[k]) and r[k] != 0 for k in kolommen)


def _toelichting_effecten(r: dict) -> list[str]:
    delen = []
    if r["n_effecten"] == 0 and not r.get("_projectmelding"):
        eerder = r.get("_eerder_gemeld", False)
        delen.append(
            "geen effect voor dit jaar (wel eerder gemeld)"
            if eerder
            else "geen effect gerapporteerd"
        )
    elif r["n_effecten_met_bedrag"] <= 0 and not (
        r["n_pm_effecten"] or r["n_effecten_zonder_bedrag"]
    ):
        delen.append("effect zonder bedrag")
    if r["n_pm_effecten"]:
        delen.append(f"{r['n_pm_effecten']} effect(en) PM")
    if r["n_effecten_zonder_bedrag"]:
        delen.append(f"{r['n_effecten_zonder_bedrag']} effect(en) zonder bedrag")
    if _heeft_bedrag(r, "gerealiseerd_eenmalig_eur", "verwacht_eenmalig_eur"):
        delen.append("eenmalig effect niet in gap_eur")
    elif _heeft_bedrag(r, "berekend_eenmalig_eur"):
        delen.append("eenmalig effect niet in gap_eur")
    if _heeft_bedrag(r, "waarvan_aard_onbekend_eur"):
        delen.append("effect zonder aard (structureel/eenmalig) telt alleen in eigen jaar")
    return delen


def _toelichting_herkomst(r: dict) -> list[str]:
    delen = []
    if r["n_afgeleid"]:
        delen.append(f"{r['n_afgeleid']} afgeleid effect(en)")
    if r["n_benadering"]:
        delen.append(f"{r['n_benadering']} effect(en) bij benadering")
    if r["n_geinterpoleerd"]:
        delen.append(f"{r['n_geinterpoleerd']} effect(en) geïnterpoleerd (op verzoek)")
    if "interpolatie" in str(r["taakstelling_herkomst"]):
        delen.append("taakstelling geïnterpoleerd")
    return delen


def _toelichting(r: dict) -> str:
    """Dutch explanation of one gap row (what is missing, PM, one-off, derived...)."""
    delen = _toelichting_taakstelling(r) + _toelichting_effecten(r) + _toelichting_herkomst(r)
    return "; ".join(delen)


def _met_status(uit: pd.DataFrame, marge: float | None) -> pd.DataFrame:
    uit = uit.copy()
    bekend = (uit["n_effecten_met_bedrag"] > 0) | uit.get("_eerder_bekend", False)
    uit["status"] = [
        status(t, g, b, marge, gap_gerealiseerd_eur=gr)
        for t, g, b, gr in zip(
            uit["taakstelling_eur"],
            uit["gap_eur"],
            bekend,
            uit["gap_gerealiseerd_eur"],
            strict=True,
        )
    ]
    uit["toelichting"] = [_toelichting(r) for r in uit.to_dict("records")]
    return uit


def _eerder_bekend(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    uit: pd.DataFrame,
    niveau: str,
    eindjaar: int,
    met_afgeleid: bool,
    met_bedrag: bool = True,
) -> pd.Series:
    """Whether the source gave an effect (with an amount) for the row's key up to its year.

    A key whose only effect is one-off money in an earlier year has a known realisation
    of nothing structural: its status is judged, not ``onbekend``.
    """
    e = koppel_effecten(maatregelen, effecten)
    e = e[(e["bedrag_eur"].notna() | (not met_bedrag)) & (met_afgeleid | ~e["afgeleid"])]
    e = e.assign(_jaar=e["jaar"].fillna(eindjaar).astype(int))
    if niveau == "maatregel":
        e, sleutels = e[e["niveau"] == "maatregel"], ["maatregel_id"]
    elif niveau == "project":
        e, sleutels = e[e["niveau"].isin(["maatregel", "project"])], ["pakket", "projectsleutel"]
    elif niveau == "pakket":
        e, sleutels = e[e["pakket"].notna()], ["pakket"]
    else:
        eerste = e["_jaar"].min() if len(e) else math.inf
        return uit["jaar"] >= eerste
    eerste = e.groupby(sleutels)["_jaar"].min()
    sleutel = pd.MultiIndex.from_frame(uit[sleutels].astype(object))
    if len(sleutels) == 1:
        sleutel = uit[sleutels[0]].astype(object)
    jaar_eerste = [eerste.get(k, math.inf) for k in sleutel]
    return pd.Series(uit["jaar"].to_numpy() >= np.array(jaar_eerste, dtype=float), index=uit.index)


def _orden(uit: pd.DataFrame, niveau: str) -> pd.DataFrame:
    extra = [
        k
        for k in ("naam", "maatregel_codes", "som_maatregelen_eur", "pakketten_zonder_taakstelling")
        if k in uit.columns
    ]
    return uit[_NIVEAU_SLEUTELS[niveau] + extra + _GAP_KOLOMMEN].reset_index(drop=True)


def gap_tabel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame | None = None,
    niveau: str = "maatregel",
    *,
    jaren: Iterable[int],
    eindjaar: int,
    interpolatie: bool = False,
    met_afgeleid: bool = True,
    marge: float | None = None,
) -> pd.DataFrame:
    """Taakstelling, effects, gap and status per maatregel, project, pakket or total per year.

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        pakketten: Processed pakketten; at pakket/totaal level the *stated* pakket totals are
            the taakstelling (without it: the sum of the maatregelen).
        niveau: ``maatregel``, ``project``, ``pakket`` or ``totaal``.
        jaren: Years to report (usually :func:`rapportjaren`).
        eindjaar: Last year of the programme (amounts without year count there).
        interpolatie: Fill years without a figure (labelled, see the module doc).
        met_afgeleid: Include effects whose amount is derived (``[afgeleid``).
        marge: Share of the taakstelling within which the row is ``op koers``
            (default ``instellingen.STATUS_MARGE``).

    Returns:
        Key columns of the level, ``jaar``, ``taakstelling_eur``, ``taakstelling_pm``,
        ``taakstelling_herkomst``, ``gerealiseerd_eur``, ``verwacht_eur``, ``berekend_eur``
        (structural and unknown-nature effects), ``*_eenmalig_eur`` (one-off effects, apart),
        ``waarvan_aard_onbekend_eur``, effect counts, ``gap_eur``,
        ``gap_na_eenmalig_eur`` (explicitly including one-off effects), ``status`` and
        ``toelichting``. Pakket level adds ``naam`` and ``som_maatregelen_eur``; totaal
        adds ``som_maatregelen_eur`` and ``pakketten_zonder_taakstelling``.

    Raises:
        ValueError: Unknown ``niveau`` or tables not in the analysis shape (Dutch message).
    """
    if niveau not in _NIVEAU_SLEUTELS:
        raise ValueError(f"Onbekend niveau {niveau!r}; kies uit {list(_NIVEAU_SLEUTELS)}.")
    if pakketten is not None:
        vereis_analysevorm(pakketten, "pakketten")
    lijst = jaarlijst(jaren)
    t = taakstelling_per_jaar(
        maatregelen, pakketten, jaren=lijst, eindjaar=eindjaar, interpolatie=interpolatie
    )
    ej = effecten_per_jaar(
        maatregelen,
        effecten,
        jaren=lijst,
        eindjaar=eindjaar,
        interpolatie=interpolatie,
        met_afgeleid=met_afgeleid,
    )
    if niveau == "maatregel":
        uit = _gap_maatregel(t, ej)
    elif niveau == "project":
        uit = _gap_project(t, ej)
    else:
        uit = _gap_pakket(t, ej, pakketten, lijst, eindjaar, interpolatie, niveau == "totaal")
    uit = _met_gap(uit)
    opties = (maatregelen, effecten, uit, niveau, eindjaar, met_afgeleid)
    uit["_eerder_bekend"] = _eerder_bekend(*opties)
    uit["_eerder_gemeld"] = _eerder_bekend(*opties, met_bedrag=False)
    return _orden(_met_status(uit, marge), niveau)


def projecttabel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    jaar: int,
    *,
    eindjaar: int,
    **kwargs: object,
) -> pd.DataFrame:
    """One row per project for one year, with the source's "wat gedaan" and "effect" text.

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        jaar: The year of the figures.
        eindjaar: Last year of the programme.
        **kwargs: Passed to :func:`gap_tabel` (``interpolatie``, ``met_afgeleid``, ``marge``).

    Returns:
        pakket, project, maatregel_codes, taakstelling_eur, gerealiseerd_eur,
        verwacht_eur, berekend_eur, eenmalig_eur, gap_eur, status, wat_gedaan, effect_tekst,
        toelichting.
    """
    g = gap_tabel(
        maatregelen, effecten, niveau="project", jaren=[jaar], eindjaar=eindjaar, **kwargs
    )
    teksten = maatregelen.groupby(["pakket", "projectsleutel"], sort=False).agg(
        wat_gedaan=("wat_gedaan", lambda s: " ".join(s.dropna().astype(str))),
        effect_tekst=("effect_tekst", lambda s: " ".join(s.dropna().astype(str))),
    )
    uit = g.merge(teksten.reset_index(), on=["pakket", "projectsleutel"], how="left")
    uit["eenmalig_eur"] = _eenmalig(uit)
    uit = uit.rename(columns={"projectsleutel": "project"})
    return uit[
        [
            "pakket",
            "project",
            "maatregel_codes",
            "taakstelling_eur",
            "gerealiseerd_eur",
            "verwacht_eur",
            "berekend_eur",
            "eenmalig_eur",
            "gap_eur",
            "status",
            "wat_gedaan",
            "effect_tekst",
            "toelichting",
        ]
    ]


def afgeleide_bedragen(met: pd.DataFrame, zonder: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Gap per pakket in one year with and without the derived amounts, side by side.

    Args:
        met: :func:`gap_tabel` at level ``pakket`` with derived amounts.
        zonder: The same with ``met_afgeleid=False``.
        jaar: The year.

    Returns:
        pakket, jaar, gap_eur, gap_zonder_afgeleid_eur, rust_op_afgeleid_eur (the part of
        the effect that rests on derived amounts).

    >>> a = pd.DataFrame({"pakket": [1], "jaar": [2022], "gap_eur": [10.0]})
    >>> afgeleide_bedragen(a, a.assign(gap_eur=40.0), 2022)["rust_op_afgeleid_eur"].tolist()
    [30.0]
    """
    sleutels = ["pakket", "jaar"]
    uit = met.loc[met["jaar"] == jaar, [*sleutels, "gap_eur"]].merge(
        zonder.loc[zonder["jaar"] == jaar, [*sleutels, "gap_eur"]].rename(
            columns={"gap_eur": "gap_zonder_afgeleid_eur"}
        ),
        on=sleutels,
        how="left",
    )
    uit["rust_op_afgeleid_eur"] = uit["gap_zonder_afgeleid_eur"] - uit["gap_eur"]
    return uit.reset_index(drop=True)


def _brugstappen(d: pd.DataFrame, per: str) -> list[tuple[str, float, bool]]:
    if per == "soort":
        stappen = (
            ("gerealiseerd", "Gerealiseerd"),
            ("berekend", "Berekend effect"),
            ("verwacht", "Verwacht effect"),
        )
        waarden = [(label, float(d[f"{s}_eur"].sum())) for s, label in stappen]
        return [(label, -w, False) for label, w in waarden if w]
    kolom = "pakket" if per == "pakket" else "projectsleutel"
    if kolom not in d.columns:
        raise ValueError(f"Voor per={per!r} is een gap_tabel op niveau {per} nodig.")
    rijen = []
    for sleutel, groep in d.groupby(kolom, sort=False):
        waarde = float(_som(groep, ("gerealiseerd_eur", "verwacht_eur", "berekend_eur")).sum())
        if waarde:
            label = f"Pakket {int(sleutel)}" if per == "pakket" else str(sleutel)
            rijen.append((label, -waarde, False))
    return rijen


def brugdata(gap: pd.DataFrame, jaar: int, per: str = "soort") -> pd.DataFrame:
    """Bars of the bridge from total taakstelling to remaining gap for one year.

    Only rows with a known taakstelling take part (an effect without taakstelling cannot
    close a gap); one-off effects are not steps (they never lower the structural gap).

    Args:
        gap: Output of :func:`gap_tabel` (level ``totaal`` or ``pakket`` for
            ``per="soort"``; ``pakket`` or ``project`` for ``per="pakket"``/``"project"``).
        jaar: The year.
        per: ``soort`` (steps gerealiseerd, berekend, verwacht) or ``pakket``/``project``
            (one step per pakket/project: its structural effect).

    Returns:
        label, bedrag_eur, totaal (bool); closes: start + steps = end.

    >>> g = pd.DataFrame({"jaar": [2022], "taakstelling_eur": [100.0], "gerealiseerd_eur": [30.0],
    ...                   "berekend_eur": [0.0], "verwacht_eur": [20.0], "gap_eur": [50.0]})
    >>> brugdata(g, 2022)["bedrag_eur"].tolist()
    [100.0, -30.0, -20.0, 50.0]
    """
    if "jaar" not in gap.columns or "taakstelling_eur" not in gap.columns:
        raise ValueError("Verwacht de uitkomst van gap_tabel (kolommen jaar, taakstelling_eur).")
    if per not in ("soort", "pakket", "project"):
        raise ValueError(f"per moet 'soort', 'pakket' of 'project' zijn, niet {per!r}.")
    d = gap[(gap["jaar"] == jaar) & gap["taakstelling_eur"].notna()]
    if d.empty:
        raise ValueError(f"Geen rijen met een taakstelling in {jaar}; kies een ander jaar.")
    start = float(d["taakstelling_eur"].sum())
    stappen = _brugstappen(d, per)
    eind = start + sum(b for _, b, _t in stappen)
    rijen = [(f"Taakstelling {jaar}", start, True), *stappen, ("Resterend gat", eind, True)]
    return pd.DataFrame(rijen, columns=["label", "bedrag_eur", "totaal"])
