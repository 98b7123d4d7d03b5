"""Savings gap of the Interventieprogramma: taakstelling against realised and expected effect.

The programme (letter of 17 april 2019) is data: ``maatregelen`` (every maatregel with its
taakstelling and project), ``pakketten`` (the totals the letter states per pakket and year)
and ``effecten`` (what a maatregel, project or pakket yielded or is expected to yield). This
module turns them into the gap per maatregel, project, pakket and total per year, checks the
programme against itself, draws the bridge from taakstelling to remaining gap, compares
claims with measured cost series and projects the gap when realisation keeps today's pace.

Interpretation rules (also in ``docs/interventieprogramma.md``):

1. A taakstelling or effect without a year is the structural end level of the programme and
   counts in :data:`PROGRAMMA_EINDJAAR` (2022). For pakket 1 the maatregelen then add up to
   the € 4.500.000 the letter gives for 2022, which supports the rule.
2. Years the letter gives no figure for (2020, 2021; maatregelen in 2019) stay missing.
   Only ``interpolatie=True`` fills them, and every filled figure says so in ``*_herkomst``.
3. A *structureel* effect counts in its year and every later year (a lasting saving; two
   structural effects add up). An *eenmalig* effect counts only in its year and always in
   separate ``*_eenmalig_eur`` columns: it never lowers ``gap_eur``. An effect whose nature
   the letter does not give counts only in its own year (e.g. the path "7 ton in 2019 tot
   1,7 mln in 2022" is two yearly levels, not a growing structural stack).
4. ``gap_eur = taakstelling - gerealiseerd - verwacht - berekend`` (structural and
   unknown-nature effects only). ``verwacht`` and ``berekend`` stay separate columns; both
   are expected, not realised. PM and effects without an amount never count as zero: they
   are counted in ``n_pm_effecten`` / ``n_effecten_zonder_bedrag``.
5. Status (see :func:`status`): *onbekend* when the taakstelling is PM/missing or no effect
   with an amount is known; *overtroffen* when the gap is below ``-marge x taakstelling``;
   *achter* when it is above ``+marge x taakstelling``; otherwise *op koers*.
6. Effects are attached by ``maatregel_code`` if given, else by ``project`` (the project
   name, or for a maatregel without project its own name: the *projectsleutel*). An effect
   on a project with one maatregel belongs to that maatregel; on a project with several
   maatregelen it stays on the project (the maatregelen then show *onbekend*).
   An effect with only a pakket belongs to the pakket.
7. Effects marked ``[afgeleid`` in ``omschrijving`` carry an amount the letter implies but
   does not print ("conform taakstelling"); ``met_afgeleid=False`` leaves them out.
   ``[benadering`` marks approximate amounts ("bijna 1 mln").

>>> m = pd.DataFrame({"pakket": [1, 1], "maatregel_code": ["1.1", "1.2"],
...                   "maatregel": ["A", "B"], "project": ["P", "P"], "jaar": [None, None],
...                   "taakstelling_eur": [300_000, 200_000], "bron": ["t", "t"]})
>>> e = pd.DataFrame({"pakket": [1], "maatregel_code": [None], "project": ["P"],
...                   "jaar": [2019], "bedrag_eur": [100_000], "soort": ["gerealiseerd"],
...                   "structureel": ["ja"], "omschrijving": ["x"], "bron": ["t"]})
>>> g = gap_tabel(m, e, niveau="project")
>>> g[["jaar", "taakstelling_eur", "gerealiseerd_eur", "gap_eur", "status"]].values.tolist()
[[2019, nan, 100000.0, nan, 'onbekend'], [2020, nan, 100000.0, nan, 'onbekend'], \
[2021, nan, 100000.0, nan, 'onbekend'], [2022, 500000.0, 100000.0, 400000.0, 'achter']]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.bouw.getallen import parse_bedrag
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.weergave.stijl import (
    KLEUR_GRIJS,
    KLEUR_NEGATIEF,
    KLEUR_POSITIEF,
    KLEUR_TOTAAL,
    PALET,
    bronvermelding,
    euro_as_formatter,
    format_euro,
    format_getal,
    huisstijl,
)

# --------------------------------------------------------------------------- constants

#: The Interventieprogramma was adopted on 6 juli 2018; effects are reported from 2018.
PROGRAMMA_STARTJAAR = instellingen.PROGRAMMA_STARTJAAR
#: Last year of the programme; a taakstelling or effect without a year counts here.
PROGRAMMA_EINDJAAR = instellingen.PROGRAMMA_EINDJAAR
#: Year of the letter (17 april 2019): "today" for the scenario.
PEILJAAR = instellingen.PEILJAAR_PROGRAMMA
#: Years the gap is reported for by default.
JAREN: tuple[int, ...] = (2019, 2020, 2021, 2022)
#: Share of the taakstelling within which the gap counts as "op koers".
STATUS_MARGE = instellingen.STATUS_MARGE
#: Kinds of effect in the data.
SOORTEN: tuple[str, ...] = ("gerealiseerd", "verwacht", "berekend")
#: The status words, in Dutch.
STATUSSEN: tuple[str, ...] = ("op koers", "achter", "onbekend", "overtroffen")
#: Nature of an effect.
AARD_STRUCTUREEL, AARD_EENMALIG, AARD_ONBEKEND = "structureel", "eenmalig", "onbekend"
#: Markers inside ``omschrijving``.
MARKER_AFGELEID = "[afgeleid"
MARKER_BENADERING = "[benadering"
#: Mapping maatregel/project -> categorie of care (package data).
CATEGORIE_MAPPING_PAD = instellingen.PACKAGE_DATA_DIR / "maatregel_categorie.csv"
#: Origin labels.
HERKOMST_BRIEF = "brief"
HERKOMST_EINDNIVEAU = f"brief (zonder jaar: eindniveau {PROGRAMMA_EINDJAAR})"
HERKOMST_GEEN = "geen cijfer in brief"
HERKOMST_INTERPOLATIE = "interpolatie (lineair)"
HERKOMST_NAAR_RATO = "interpolatie (naar rato van pakketpad)"
HERKOMST_DOORGETROKKEN = "doorgetrokken (structureel)"

_VERPLICHT = {
    "maatregelen": ("pakket", "maatregel", "taakstelling_eur"),
    "pakketten": ("pakket", "taakstelling_eur"),
    "effecten": ("bedrag_eur", "soort"),
}


# --------------------------------------------------------------------------- input


def _controleer_kolommen(df: pd.DataFrame, tabel: str) -> None:
    vereis_kolommen(df, _VERPLICHT[tabel], tabel)


def _tekst(reeks: pd.Series) -> pd.Series:
    """Strings with empty/blank as NA."""
    uit = reeks.astype("string").str.strip()
    return uit.mask(uit.isna() | (uit == "") | (uit.str.lower() == "nan"))


def _geheel(reeks: pd.Series, naam: str, tabel: str) -> pd.Series:
    tekst = _tekst(reeks.astype("string"))
    getal = pd.to_numeric(tekst, errors="coerce")
    fout = tekst.notna() & getal.isna()
    if fout.any():
        raise ValueError(
            f"Tabel {tabel}: kolom {naam} moet een geheel getal zijn; onleesbaar: "
            f"{tekst[fout].tolist()}."
        )
    return getal.round().astype("Int64")


def _bedragen(df: pd.DataFrame, kolom: str, pm_kolom: str, tabel: str) -> pd.DataFrame:
    """Parse an amount column (plain numbers or Dutch text, ``PM``) plus its PM flag."""
    uit = df.copy()
    waarden = uit[kolom]
    if pd.api.types.is_numeric_dtype(waarden) and not pd.api.types.is_bool_dtype(waarden):
        bedrag = waarden.astype(float)
        pm_tekst = pd.Series(False, index=uit.index)
    else:
        bedragen, pm, fouten = [], [], []
        for w in waarden.tolist():
            if w is pd.NA:
                w = None
            getal, reden = parse_bedrag(w)
            bedragen.append(math.nan if getal is None else getal)
            pm.append(reden == "PM")
            if reden not in (None, "PM"):
                fouten.append(str(w))
        if fouten:
            raise ValueError(
                f"Tabel {tabel}: kolom {kolom} bevat onleesbare bedragen {fouten}; verwacht "
                "een bedrag in euro's (bijv. 1500000 of € 1.500.000) of PM."
            )
        bedrag = pd.Series(bedragen, index=uit.index, dtype=float)
        pm_tekst = pd.Series(pm, index=uit.index)
    if pm_kolom in uit.columns:
        pm_bestaand = uit[pm_kolom].astype("boolean").fillna(False).astype(bool)
        pm_tekst = pm_tekst | pm_bestaand
    uit[kolom] = bedrag.where(~pm_tekst)
    uit[pm_kolom] = pm_tekst.astype(bool)
    return uit


def _janee(reeks: pd.Series) -> pd.Series:
    """ja/nee/True/False/empty -> nullable boolean."""

    def een(w):
        if w is None or w is pd.NA or (isinstance(w, float) and math.isnan(w)):
            return pd.NA
        if isinstance(w, bool | np.bool_):
            return bool(w)
        t = str(w).strip().lower()
        if t in ("ja", "j", "yes", "true", "1", "structureel"):
            return True
        if t in ("nee", "n", "no", "false", "0", "eenmalig", "incidenteel"):
            return False
        if t in ("", "nan", "<na>", "onbekend"):
            return pd.NA
        raise ValueError(
            f"Kolom structureel: {w!r} is geen ja/nee; verwacht ja (structureel), "
            "nee (eenmalig) of leeg (onbekend)."
        )

    return pd.Series([een(w) for w in reeks.tolist()], index=reeks.index, dtype="boolean")


def normaliseer_maatregelen(maatregelen: pd.DataFrame) -> pd.DataFrame:
    """Bring a maatregelen table (raw CSV or processed) into the analysis shape.

    Adds ``taakstelling_pm`` (from ``PM`` text if absent), ``maatregel_id`` (pakket and
    code, or pakket and name when there is no code) and ``projectsleutel`` (project, or the
    maatregel's own name when it has no project).

    Args:
        maatregelen: Columns of contract MAATREGELEN; at least pakket, maatregel,
            taakstelling_eur.

    Returns:
        A new DataFrame; the input is not changed.

    Raises:
        ValueError: Missing columns or unreadable amounts/years (Dutch message).

    >>> m = pd.DataFrame({"pakket": ["2"], "maatregel": ["Wijkkracht"],
    ...                   "taakstelling_eur": ["PM"]})
    >>> r = normaliseer_maatregelen(m)
    >>> r.loc[[0], ["maatregel_id", "projectsleutel", "taakstelling_pm"]].values.tolist()
    [['2|Wijkkracht', 'Wijkkracht', True]]
    """
    _controleer_kolommen(maatregelen, "maatregelen")
    df = maatregelen.copy()
    for kolom in ("maatregel_code", "project", "wat_gedaan", "effect_tekst", "bron"):
        df[kolom] = (
            _tekst(df[kolom])
            if kolom in df.columns
            else pd.Series(pd.NA, index=df.index, dtype="string")
        )
    df["maatregel"] = _tekst(df["maatregel"])
    if df["maatregel"].isna().any():
        raise ValueError("Tabel maatregelen: elke rij heeft een maatregel (naam) nodig.")
    df["pakket"] = _geheel(df["pakket"], "pakket", "maatregelen")
    if df["pakket"].isna().any():
        raise ValueError("Tabel maatregelen: elke rij heeft een pakketnummer nodig.")
    df["jaar"] = (
        _geheel(df["jaar"], "jaar", "maatregelen")
        if "jaar" in df.columns
        else (pd.Series(pd.NA, index=df.index, dtype="Int64"))
    )
    df = _bedragen(df, "taakstelling_eur", "taakstelling_pm", "maatregelen")
    code_of_naam = df["maatregel_code"].fillna(df["maatregel"])
    df["maatregel_id"] = df["pakket"].astype(str) + "|" + code_of_naam.astype(str)
    df["projectsleutel"] = df["project"].fillna(df["maatregel"]).astype("string")
    return df.reset_index(drop=True)


def normaliseer_pakketten(pakketten: pd.DataFrame) -> pd.DataFrame:
    """Bring a pakketten table into the analysis shape (``taakstelling_pm``, ``structureel``).

    >>> p = pd.DataFrame({"pakket": [4], "taakstelling_eur": ["2 mln"], "structureel": ["ja"]})
    >>> normaliseer_pakketten(p).loc[[0], ["taakstelling_eur", "structureel"]].values.tolist()
    [[2000000.0, True]]
    """
    _controleer_kolommen(pakketten, "pakketten")
    df = pakketten.copy()
    df["pakket"] = _geheel(df["pakket"], "pakket", "pakketten")
    df["jaar"] = (
        _geheel(df["jaar"], "jaar", "pakketten")
        if "jaar" in df.columns
        else (pd.Series(pd.NA, index=df.index, dtype="Int64"))
    )
    df = _bedragen(df, "taakstelling_eur", "taakstelling_pm", "pakketten")
    df["structureel"] = (
        _janee(df["structureel"])
        if "structureel" in df.columns
        else (pd.Series(pd.NA, index=df.index, dtype="boolean"))
    )
    for kolom in ("naam", "bron"):
        df[kolom] = (
            _tekst(df[kolom])
            if kolom in df.columns
            else pd.Series(pd.NA, index=df.index, dtype="string")
        )
    return df.reset_index(drop=True)


def normaliseer_effecten(effecten: pd.DataFrame) -> pd.DataFrame:
    """Bring an effecten table into the analysis shape.

    Adds ``bedrag_pm``, ``aard`` (structureel / eenmalig / onbekend), ``afgeleid`` and
    ``benadering`` (from the markers in ``omschrijving``).

    >>> e = pd.DataFrame({"project": ["P"], "bedrag_eur": ["bijna"], "soort": ["verwacht"]})
    >>> normaliseer_effecten(e)
    Traceback (most recent call last):
    ...
    ValueError: Tabel effecten: kolom bedrag_eur bevat onleesbare bedragen ['bijna']; \
verwacht een bedrag in euro's (bijv. 1500000 of € 1.500.000) of PM.
    """
    _controleer_kolommen(effecten, "effecten")
    df = effecten.copy()
    for kolom in ("maatregel_code", "project", "omschrijving", "bron"):
        df[kolom] = (
            _tekst(df[kolom])
            if kolom in df.columns
            else pd.Series(pd.NA, index=df.index, dtype="string")
        )
    df["pakket"] = (
        _geheel(df["pakket"], "pakket", "effecten")
        if "pakket" in df.columns
        else (pd.Series(pd.NA, index=df.index, dtype="Int64"))
    )
    df["jaar"] = (
        _geheel(df["jaar"], "jaar", "effecten")
        if "jaar" in df.columns
        else (pd.Series(pd.NA, index=df.index, dtype="Int64"))
    )
    df["soort"] = _tekst(df["soort"]).str.lower()
    fout = ~df["soort"].isin(SOORTEN).fillna(False).astype(bool)
    if fout.any():
        raise ValueError(
            f"Tabel effecten: soort moet een van {list(SOORTEN)} zijn; gevonden "
            f"{df.loc[fout, 'soort'].tolist()}."
        )
    df = _bedragen(df, "bedrag_eur", "bedrag_pm", "effecten")
    df["structureel"] = (
        _janee(df["structureel"])
        if "structureel" in df.columns
        else (pd.Series(pd.NA, index=df.index, dtype="boolean"))
    )
    df["aard"] = np.where(
        df["structureel"].isna(),
        AARD_ONBEKEND,
        np.where(df["structureel"].fillna(False), AARD_STRUCTUREEL, AARD_EENMALIG),
    )
    oms = df["omschrijving"].fillna("").str.lower()
    df["afgeleid"] = oms.str.contains(MARKER_AFGELEID, regex=False).astype(bool)
    df["benadering"] = oms.str.contains(MARKER_BENADERING, regex=False).astype(bool)
    leeg = df["maatregel_code"].isna() & df["project"].isna() & df["pakket"].isna()
    if leeg.any():
        raise ValueError(
            "Tabel effecten: elke rij hoort bij een maatregel_code, een project of een pakket;"
            f" rij(en) {list(df.index[leeg])} hebben geen van drieën."
        )
    return df.reset_index(drop=True)


def lees_programma(map_: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Read the programme CSVs (``maatregelen.csv``, ``pakketten.csv``, ``effecten.csv``).

    For use without the build; notebooks use ``sdanalysis.bouw.pipeline.laad_tabel``.

    Args:
        map_: Folder with the three files (default ``instellingen.PROGRAMMA_RAW_DIR``).

    Returns:
        ``{"maatregelen": ..., "pakketten": ..., "effecten": ...}``, normalised.

    >>> p = lees_programma()
    >>> int(p["maatregelen"].query("pakket == 1")["taakstelling_eur"].sum())
    4500000
    """
    map_ = Path(map_) if map_ is not None else instellingen.PROGRAMMA_RAW_DIR
    uit = {}
    for naam, functie in (
        ("maatregelen", normaliseer_maatregelen),
        ("pakketten", normaliseer_pakketten),
        ("effecten", normaliseer_effecten),
    ):
        pad = map_ / f"{naam}.csv"
        if not pad.exists():
            raise ValueError(f"Programmabestand {pad} ontbreekt; verwacht {naam}.csv in {map_}.")
        ruw = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
        uit[naam] = functie(ruw)
    return uit


# --------------------------------------------------------------------------- per year


def _jaren(jaren: Iterable[int] | None) -> list[int]:
    lijst = sorted({int(j) for j in (JAREN if jaren is None else jaren)})
    if not lijst:
        raise ValueError("Geef minstens één jaar op (bijv. jaren=range(2019, 2023)).")
    return lijst


def pakket_taakstelling_per_jaar(
    pakketten: pd.DataFrame,
    jaren: Iterable[int] | None = None,
    interpolatie: bool = False,
) -> pd.DataFrame:
    """Stated taakstelling per pakket and year.

    A row without year counts in :data:`PROGRAMMA_EINDJAAR`. Years without a figure stay
    missing; ``interpolatie=True`` fills years *between* two stated years linearly
    (never beyond them) and labels them.

    Returns:
        pakket, naam, jaar, taakstelling_eur, taakstelling_pm, structureel,
        taakstelling_herkomst.

    >>> p = pd.DataFrame({"pakket": [1, 1], "jaar": [2019, 2022],
    ...                   "taakstelling_eur": [1_000_000, 4_000_000]})
    >>> pakket_taakstelling_per_jaar(p)["taakstelling_eur"].tolist()
    [1000000.0, nan, nan, 4000000.0]
    >>> pakket_taakstelling_per_jaar(p, interpolatie=True)["taakstelling_eur"].tolist()
    [1000000.0, 2000000.0, 3000000.0, 4000000.0]
    """
    p = normaliseer_pakketten(pakketten)
    lijst = _jaren(jaren)
    rijen = []
    for pakket, groep in p.groupby("pakket", sort=True):
        naam = groep["naam"].dropna().iloc[0] if groep["naam"].notna().any() else pd.NA
        struct = groep["structureel"].dropna()
        structureel = bool(struct.iloc[0]) if len(struct) else pd.NA
        bekend: dict[int, tuple[float, bool, str]] = {}
        for r in groep.itertuples(index=False):
            jaar = PROGRAMMA_EINDJAAR if pd.isna(r.jaar) else int(r.jaar)
            herkomst = HERKOMST_EINDNIVEAU if pd.isna(r.jaar) else HERKOMST_BRIEF
            if math.isnan(r.taakstelling_eur) and not r.taakstelling_pm:
                continue  # the letter gives no figure
            oud = bekend.get(jaar)
            bedrag = r.taakstelling_eur if oud is None else oud[0] + r.taakstelling_eur
            bekend[jaar] = (
                bedrag,
                bool(r.taakstelling_pm) or (oud is not None and oud[1]),
                herkomst,
            )
        punten = sorted((j, v[0]) for j, v in bekend.items() if not math.isnan(v[0]))
        for jaar in lijst:
            if jaar in bekend:
                bedrag, pm, herkomst = bekend[jaar]
            else:
                bedrag, pm, herkomst = math.nan, False, HERKOMST_GEEN
                if interpolatie:
                    voor = [(j, v) for j, v in punten if j < jaar]
                    na = [(j, v) for j, v in punten if j > jaar]
                    if voor and na:
                        (j0, v0), (j1, v1) = voor[-1], na[0]
                        bedrag = v0 + (v1 - v0) * (jaar - j0) / (j1 - j0)
                        herkomst = HERKOMST_INTERPOLATIE
            rijen.append((int(pakket), naam, jaar, bedrag, pm, structureel, herkomst))
    uit = pd.DataFrame(
        rijen,
        columns=[
            "pakket",
            "naam",
            "jaar",
            "taakstelling_eur",
            "taakstelling_pm",
            "structureel",
            "taakstelling_herkomst",
        ],
    )
    uit["taakstelling_eur"] = uit["taakstelling_eur"].astype(float)
    uit["structureel"] = uit["structureel"].astype("boolean")
    return uit


def taakstelling_per_jaar(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame | None = None,
    jaren: Iterable[int] | None = None,
    interpolatie: bool = False,
) -> pd.DataFrame:
    """Taakstelling per maatregel and year.

    A maatregel without year counts in :data:`PROGRAMMA_EINDJAAR` (the structural end level).
    Other years stay missing, unless ``interpolatie=True`` and ``pakketten`` is given: then a
    maatregel's end level is scaled along its pakket's path (stated or linearly
    interpolated), labelled ``interpolatie (naar rato van pakketpad)``.

    Returns:
        maatregel_id, pakket, maatregel_code, maatregel, projectsleutel, jaar,
        taakstelling_eur, taakstelling_pm, taakstelling_herkomst.

    >>> m = pd.DataFrame({"pakket": [1], "maatregel_code": ["4.1.1"], "maatregel": ["A"],
    ...                   "taakstelling_eur": [1_500_000]})
    >>> p = pd.DataFrame({"pakket": [1, 1], "jaar": [2019, 2022],
    ...                   "taakstelling_eur": [1_000_000, 4_000_000]})
    >>> taakstelling_per_jaar(m, p, interpolatie=True)["taakstelling_eur"].tolist()
    [375000.0, 750000.0, 1125000.0, 1500000.0]
    """
    m = normaliseer_maatregelen(maatregelen)
    lijst = _jaren(jaren)
    pad = None
    if interpolatie and pakketten is not None:
        alle = sorted(
            set(lijst) | {PROGRAMMA_EINDJAAR} | set(m["jaar"].dropna().astype(int).tolist())
        )
        pad = pakket_taakstelling_per_jaar(pakketten, range(min(alle), max(alle) + 1), True)
        pad = pad.set_index(["pakket", "jaar"])["taakstelling_eur"]
    rijen = []
    for mid, groep in m.groupby("maatregel_id", sort=False):
        eerste = groep.iloc[0]
        bekend: dict[int, tuple[float, bool, str]] = {}
        for r in groep.itertuples(index=False):
            jaar = PROGRAMMA_EINDJAAR if pd.isna(r.jaar) else int(r.jaar)
            herkomst = HERKOMST_EINDNIVEAU if pd.isna(r.jaar) else HERKOMST_BRIEF
            oud = bekend.get(jaar)
            bedrag = r.taakstelling_eur if oud is None else oud[0] + r.taakstelling_eur
            bekend[jaar] = (
                bedrag,
                bool(r.taakstelling_pm) or (oud is not None and oud[1]),
                herkomst,
            )
        for jaar in lijst:
            if jaar in bekend:
                bedrag, pm, herkomst = bekend[jaar]
            else:
                bedrag, pm, herkomst = math.nan, False, HERKOMST_GEEN
                if pad is not None:
                    ankers = [(j, v[0]) for j, v in bekend.items() if not math.isnan(v[0])]
                    if ankers:
                        j_anker, v_anker = min(ankers, key=lambda a: abs(a[0] - jaar))
                        p_jaar = pad.get((int(eerste.pakket), jaar), math.nan)
                        p_anker = pad.get((int(eerste.pakket), j_anker), math.nan)
                        if not (math.isnan(p_jaar) or math.isnan(p_anker)) and p_anker != 0:
                            bedrag = v_anker * p_jaar / p_anker
                            herkomst = HERKOMST_NAAR_RATO
            rijen.append(
                (
                    mid,
                    int(eerste.pakket),
                    eerste.maatregel_code,
                    eerste.maatregel,
                    eerste.projectsleutel,
                    jaar,
                    bedrag,
                    pm,
                    herkomst,
                )
            )
    uit = pd.DataFrame(
        rijen,
        columns=[
            "maatregel_id",
            "pakket",
            "maatregel_code",
            "maatregel",
            "projectsleutel",
            "jaar",
            "taakstelling_eur",
            "taakstelling_pm",
            "taakstelling_herkomst",
        ],
    )
    uit["taakstelling_eur"] = uit["taakstelling_eur"].astype(float)
    return uit


def koppel_effecten(maatregelen: pd.DataFrame, effecten: pd.DataFrame) -> pd.DataFrame:
    """Attach each effect to a maatregel, a project or a pakket (rule 6 of the module doc).

    Returns:
        The effects with ``niveau`` (maatregel / project / pakket / los), ``maatregel_id``,
        ``projectsleutel``, ``pakket`` (filled from the match) and ``koppeling`` (Dutch
        explanation). ``los``: the effect names a code or project that is not in the
        programme (reported by :func:`controleer_programma`).

    >>> m = pd.DataFrame({"pakket": [1, 1], "maatregel_code": ["1.1", "1.2"],
    ...                   "maatregel": ["A", "B"], "project": ["P", "Q"],
    ...                   "taakstelling_eur": [1, 2]})
    >>> e = pd.DataFrame({"project": ["Q", "X"], "bedrag_eur": [1, 1],
    ...                   "soort": ["verwacht", "verwacht"], "pakket": [1, 1]})
    >>> koppel_effecten(m, e)[["niveau", "maatregel_id"]].values.tolist()
    [['maatregel', '1|1.2'], ['los', <NA>]]
    """
    m = normaliseer_maatregelen(maatregelen)
    e = normaliseer_effecten(effecten)
    niveaus, ids, sleutels, pakketten, uitleg = [], [], [], [], []
    for r in e.itertuples(index=False):
        kandidaten = m
        if not pd.isna(r.pakket):
            kandidaten = m[m["pakket"] == r.pakket]
        niveau, mid, sleutel, pakket, tekst = "los", pd.NA, pd.NA, r.pakket, ""
        if not pd.isna(r.maatregel_code):
            hit = kandidaten[kandidaten["maatregel_code"] == r.maatregel_code]
            if len(hit):
                niveau, mid = "maatregel", hit["maatregel_id"].iloc[0]
                sleutel, pakket = hit["projectsleutel"].iloc[0], hit["pakket"].iloc[0]
                tekst = f"maatregel {r.maatregel_code}"
            else:
                tekst = f"maatregelcode {r.maatregel_code} staat niet in het programma"
        elif not pd.isna(r.project):
            hit = kandidaten[kandidaten["projectsleutel"] == r.project]
            if len(hit) == 1:
                niveau, mid = "maatregel", hit["maatregel_id"].iloc[0]
                sleutel, pakket = hit["projectsleutel"].iloc[0], hit["pakket"].iloc[0]
                tekst = "project met één maatregel: effect hoort bij die maatregel"
            elif len(hit) > 1:
                niveau, sleutel, pakket = "project", r.project, hit["pakket"].iloc[0]
                tekst = (
                    f"project met {len(hit)} maatregelen: effect niet toe te rekenen "
                    "aan één maatregel"
                )
            else:
                tekst = f"project {r.project!r} staat niet in het programma"
        elif not pd.isna(r.pakket):
            niveau, tekst = "pakket", f"effect op pakket {int(r.pakket)}"
        niveaus.append(niveau)
        ids.append(mid)
        sleutels.append(sleutel)
        pakketten.append(pakket)
        uitleg.append(tekst)
    uit = e.copy()
    uit["niveau"] = niveaus
    uit["maatregel_id"] = pd.array(ids, dtype="string")
    uit["projectsleutel"] = pd.array(sleutels, dtype="string")
    uit["pakket"] = pd.array([None if pd.isna(p) else int(p) for p in pakketten], dtype="Int64")
    uit["koppeling"] = uitleg
    return uit


def effecten_per_jaar(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    jaren: Iterable[int] | None = None,
    interpolatie: bool = False,
    met_afgeleid: bool = True,
) -> pd.DataFrame:
    """Spread every effect over the years it counts in (rules 1-3 of the module doc).

    Returns:
        One row per effect and year: the columns of :func:`koppel_effecten` plus
        ``effect_nr`` (row of the input), ``bron_jaar`` (year in the letter, NA if none),
        ``jaar`` (analysis year) and ``effect_herkomst``.

    >>> m = pd.DataFrame({"pakket": [1], "maatregel": ["A"], "taakstelling_eur": [1]})
    >>> e = pd.DataFrame({"project": ["A", "A"], "jaar": [2018, 2020], "bedrag_eur": [5, 9],
    ...                   "soort": ["gerealiseerd", "gerealiseerd"],
    ...                   "structureel": ["ja", "nee"]})
    >>> r = effecten_per_jaar(m, e)
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
    lijst = _jaren(jaren)
    kolommen = list(e.columns)
    rijen: list[dict] = []
    for r in e.to_dict("records"):
        bron_jaar = r["jaar"]
        start = PROGRAMMA_EINDJAAR if pd.isna(bron_jaar) else int(bron_jaar)
        eerste = HERKOMST_EINDNIVEAU if pd.isna(bron_jaar) else HERKOMST_BRIEF
        if r["aard"] == AARD_STRUCTUREEL:
            doel = [j for j in lijst if j >= start]
        else:
            doel = [start] if start in lijst else []
        for jaar in doel:
            rij = dict(r)
            rij["bron_jaar"] = bron_jaar
            rij["jaar"] = jaar
            rij["effect_herkomst"] = eerste if jaar == start else HERKOMST_DOORGETROKKEN
            rijen.append(rij)
    if interpolatie:
        pad_kol = ["pakket", "maatregel_code", "project", "soort"]
        vast = e[(e["aard"] == AARD_ONBEKEND) & e["jaar"].notna() & e["bedrag_eur"].notna()]
        for _sleutel, groep in vast.groupby(pad_kol, dropna=False, sort=False):
            punten = groep.sort_values("jaar")
            if punten["jaar"].duplicated().any():
                continue
            recs = punten.to_dict("records")
            for a, b in zip(recs, recs[1:], strict=False):
                j0, j1 = int(a["jaar"]), int(b["jaar"])
                for jaar in range(j0 + 1, j1):
                    if jaar not in lijst:
                        continue
                    rij = dict(a)
                    rij["bron_jaar"] = pd.NA
                    rij["jaar"] = jaar
                    rij["bedrag_eur"] = a["bedrag_eur"] + (b["bedrag_eur"] - a["bedrag_eur"]) * (
                        jaar - j0
                    ) / (j1 - j0)
                    rij["effect_herkomst"] = HERKOMST_INTERPOLATIE
                    rij["afgeleid"] = True
                    rijen.append(rij)
    uit = pd.DataFrame(rijen, columns=kolommen + ["bron_jaar", "effect_herkomst"])
    if uit.empty:
        uit = uit.astype({"bedrag_eur": float})
    uit["jaar"] = uit["jaar"].astype(int)
    uit["bron_jaar"] = pd.array(uit["bron_jaar"].tolist(), dtype="Int64")
    uit["bedrag_eur"] = uit["bedrag_eur"].astype(float)
    for kolom in ("bedrag_pm", "afgeleid", "benadering"):
        uit[kolom] = uit[kolom].astype(bool)
    return uit.reset_index(drop=True)


# --------------------------------------------------------------------------- gap


def status(
    taakstelling_eur: float,
    gap_eur: float,
    effect_bekend: bool,
    marge: float = STATUS_MARGE,
) -> str:
    """Dutch status of one row.

    - ``onbekend``: taakstelling PM or missing, or no effect with an amount known;
    - ``overtroffen``: gap below ``-marge x taakstelling`` (more than enough);
    - ``achter``: gap above ``marge x taakstelling``;
    - ``op koers``: otherwise (gap within the margin).

    >>> status(100_000, 0, True), status(100_000, 50_000, True)
    ('op koers', 'achter')
    >>> status(100_000, -20_000, True), status(float("nan"), 0, True), status(1, 1, False)
    ('overtroffen', 'onbekend', 'onbekend')
    """
    if taakstelling_eur is None or pd.isna(taakstelling_eur) or not effect_bekend:
        return "onbekend"
    grens = marge * abs(float(taakstelling_eur))
    if gap_eur < -grens:
        return "overtroffen"
    if gap_eur > grens:
        return "achter"
    return "op koers"


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
    ]
)


def _effect_sommen(ej: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """Sum effects per key and year, soort and nature kept apart."""
    d = ej.copy()
    blijvend = d["aard"] != AARD_EENMALIG
    bedrag = d["bedrag_eur"].fillna(0.0)
    for s in SOORTEN:
        d[f"{s}_eur"] = bedrag.where((d["soort"] == s) & blijvend, 0.0)
        d[f"{s}_eenmalig_eur"] = bedrag.where((d["soort"] == s) & ~blijvend, 0.0)
    d["waarvan_aard_onbekend_eur"] = bedrag.where(d["aard"] == AARD_ONBEKEND, 0.0)
    d["n_effecten"] = 1
    d["n_effecten_met_bedrag"] = d["bedrag_eur"].notna().astype(int)
    d["n_pm_effecten"] = d["bedrag_pm"].astype(int)
    d["n_effecten_zonder_bedrag"] = (d["bedrag_eur"].isna() & ~d["bedrag_pm"]).astype(int)
    d["n_afgeleid"] = d["afgeleid"].astype(int)
    d["n_benadering"] = d["benadering"].astype(int)
    groep = sleutels + ["jaar"]
    if d.empty:
        return pd.DataFrame(columns=groep + _EFFECT_KOLOMMEN)
    return d.groupby(groep, dropna=False, sort=False)[_EFFECT_KOLOMMEN].sum().reset_index()


def gap_tabel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame | None = None,
    niveau: str = "maatregel",
    jaren: Iterable[int] | None = None,
    interpolatie: bool = False,
    met_afgeleid: bool = True,
    marge: float = STATUS_MARGE,
) -> pd.DataFrame:
    """Taakstelling, effects, gap and status per maatregel, project, pakket or total per year.

    Args:
        maatregelen: Contract MAATREGELEN (raw or processed).
        effecten: Contract EFFECTEN.
        pakketten: Contract PAKKETTEN; at pakket/totaal level the *stated* pakket totals are
            the taakstelling (without it: the sum of the maatregelen).
        niveau: ``maatregel``, ``project``, ``pakket`` or ``totaal``.
        jaren: Years to report (default 2019-2022).
        interpolatie: Fill years without a figure (labelled, see the module doc).
        met_afgeleid: Include effects whose amount is derived (``[afgeleid``).
        marge: Share of the taakstelling within which the row is ``op koers``.

    Returns:
        Key columns of the level, ``jaar``, ``taakstelling_eur``, ``taakstelling_pm``,
        ``taakstelling_herkomst``, ``gerealiseerd_eur``, ``verwacht_eur``, ``berekend_eur``
        (structural and unknown-nature effects), ``*_eenmalig_eur`` (one-off effects, apart),
        ``waarvan_aard_onbekend_eur``, effect counts, ``gap_eur``,
        ``gap_na_eenmalig_eur`` (explicitly including one-off effects), ``status`` and
        ``toelichting``. Pakket level adds ``som_maatregelen_eur``; totaal adds
        ``pakketten_zonder_taakstelling``.

    Raises:
        ValueError: Unknown ``niveau`` or bad input (Dutch message).
    """
    if niveau not in _NIVEAU_SLEUTELS:
        raise ValueError(f"Onbekend niveau {niveau!r}; kies uit {list(_NIVEAU_SLEUTELS)}.")
    lijst = _jaren(jaren)
    t = taakstelling_per_jaar(maatregelen, pakketten, lijst, interpolatie)
    ej = effecten_per_jaar(maatregelen, effecten, lijst, interpolatie, met_afgeleid)
    toel: dict[tuple, list[str]] = {}

    if niveau == "maatregel":
        basis = t.copy()
        ej_n = ej[ej["niveau"] == "maatregel"]
        sommen = _effect_sommen(ej_n, ["maatregel_id"])
        uit = basis.merge(sommen, on=["maatregel_id", "jaar"], how="left")
        proj = ej[ej["niveau"] == "project"].groupby(["projectsleutel", "jaar"]).size()
        for i, r in uit.iterrows():
            if (r["projectsleutel"], r["jaar"]) in proj.index:
                toel.setdefault(i, []).append(
                    f"effect gerapporteerd op projectniveau ({r['projectsleutel']})"
                )
    elif niveau == "project":
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
    else:
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
        if pakketten is not None:
            basis = pakket_taakstelling_per_jaar(pakketten, lijst, interpolatie)
            basis = basis.merge(som, on=["pakket", "jaar"], how="outer")
            basis["taakstelling_herkomst"] = basis["taakstelling_herkomst"].fillna(HERKOMST_GEEN)
            basis["taakstelling_pm"] = (
                basis["taakstelling_pm"].astype("boolean").fillna(False).astype(bool)
            )
        else:
            basis = som.copy()
            basis["taakstelling_eur"] = basis["som_maatregelen_eur"]
            basis["taakstelling_pm"] = basis["som_maatregelen_pm"]
            basis["taakstelling_herkomst"] = np.where(
                basis["taakstelling_eur"].notna(), "som maatregelen", HERKOMST_GEEN
            )
        ej_n = ej[ej["pakket"].notna()]
        sommen = _effect_sommen(ej_n, ["pakket"])
        uit = basis.merge(sommen, on=["pakket", "jaar"], how="left")
        if niveau == "totaal":
            zonder = (
                uit[uit["taakstelling_eur"].isna()]
                .groupby("jaar")["pakket"]
                .agg(lambda s: ", ".join(str(int(p)) for p in sorted(s)))
            )
            agg = {k: "sum" for k in _EFFECT_KOLOMMEN}
            agg.update(
                {
                    "som_maatregelen_eur": lambda s: s.sum(min_count=1),
                    "taakstelling_eur": lambda s: s.sum(min_count=1),
                    "taakstelling_pm": "any",
                }
            )
            for k in _EFFECT_KOLOMMEN:
                uit[k] = uit[k].fillna(0)
            uit = uit.groupby("jaar", sort=True).agg(agg).reset_index()
            uit["taakstelling_herkomst"] = "som van de pakketten"
            uit["pakketten_zonder_taakstelling"] = [zonder.get(j, "") for j in uit["jaar"]]
        uit = uit.sort_values(["pakket", "jaar"] if niveau == "pakket" else ["jaar"])
        uit = uit.reset_index(drop=True)

    for k in _EFFECT_KOLOMMEN:
        uit[k] = uit[k].fillna(0)
        uit[k] = uit[k].astype(int) if k.startswith("n_") else uit[k].astype(float)
    uit["jaar"] = uit["jaar"].astype(int)
    effect = uit["gerealiseerd_eur"] + uit["verwacht_eur"] + uit["berekend_eur"]
    eenmalig = (
        uit["gerealiseerd_eenmalig_eur"]
        + uit["verwacht_eenmalig_eur"]
        + uit["berekend_eenmalig_eur"]
    )
    uit["gap_eur"] = uit["taakstelling_eur"] - effect
    uit["gap_na_eenmalig_eur"] = uit["gap_eur"] - eenmalig
    statussen, toelichting = [], []
    for i, r in uit.iterrows():
        bekend = r["n_effecten_met_bedrag"] > 0
        statussen.append(status(r["taakstelling_eur"], r["gap_eur"], bekend, marge))
        delen = list(toel.get(i, []))
        if r.get("pakketten_zonder_taakstelling") and not pd.isna(r["taakstelling_eur"]):
            delen.append(f"geen taakstelling voor pakket {r['pakketten_zonder_taakstelling']}")
        if r["taakstelling_pm"]:
            delen.append("taakstelling (deels) PM")
        elif pd.isna(r["taakstelling_eur"]):
            delen.append("geen taakstelling voor dit jaar")
        if r["n_effecten"] == 0 and not toel.get(i):
            delen.append("geen effect gerapporteerd")
        elif not bekend:
            delen.append("effect zonder bedrag")
        if r["n_pm_effecten"]:
            delen.append(f"{r['n_pm_effecten']} effect(en) PM")
        if r["n_effecten_zonder_bedrag"]:
            delen.append(f"{r['n_effecten_zonder_bedrag']} effect(en) zonder bedrag")
        if eenmalig[i]:
            delen.append(f"eenmalig {format_euro(eenmalig[i])} niet in gap_eur")
        if r["waarvan_aard_onbekend_eur"]:
            delen.append(
                f"{format_euro(r['waarvan_aard_onbekend_eur'])} zonder aard "
                "(structureel/eenmalig) telt alleen in eigen jaar"
            )
        if r["n_afgeleid"]:
            delen.append(f"{r['n_afgeleid']} afgeleid effect(en)")
        if r["n_benadering"]:
            delen.append(f"{r['n_benadering']} effect(en) bij benadering")
        if str(r["taakstelling_herkomst"]).startswith("interpolatie"):
            delen.append("taakstelling geïnterpoleerd")
        toelichting.append("; ".join(delen))
    uit["status"] = statussen
    uit["toelichting"] = toelichting
    sleutels = _NIVEAU_SLEUTELS[niveau]
    extra = [
        k
        for k in ("naam", "maatregel_codes", "som_maatregelen_eur", "pakketten_zonder_taakstelling")
        if k in uit.columns
    ]
    volgorde = (
        sleutels
        + extra
        + [
            "jaar",
            "taakstelling_eur",
            "taakstelling_pm",
            "taakstelling_herkomst",
            "gerealiseerd_eur",
            "verwacht_eur",
            "berekend_eur",
            "gerealiseerd_eenmalig_eur",
            "verwacht_eenmalig_eur",
            "berekend_eenmalig_eur",
            "waarvan_aard_onbekend_eur",
            "n_effecten",
            "n_effecten_met_bedrag",
            "n_pm_effecten",
            "n_effecten_zonder_bedrag",
            "n_afgeleid",
            "n_benadering",
            "gap_eur",
            "gap_na_eenmalig_eur",
            "status",
            "toelichting",
        ]
    )
    return uit[volgorde].reset_index(drop=True)


def _som_taakstelling(t: pd.DataFrame, sleutels: list[str]) -> pd.DataFrame:
    """Sum maatregel taakstellingen; all missing stays missing, PM anywhere is flagged."""
    g = t.groupby(sleutels, sort=False, dropna=False)
    uit = g.agg(
        taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
        taakstelling_pm=("taakstelling_pm", "any"),
        taakstelling_herkomst=("taakstelling_herkomst", lambda s: " + ".join(sorted(set(s)))),
    ).reset_index()
    return uit


# --------------------------------------------------------------------------- checks


def _rijtekst(r) -> str:
    code = "" if pd.isna(r.maatregel_code) else f"{r.maatregel_code} "
    bedrag = "PM" if r.taakstelling_pm else format_euro(r.taakstelling_eur, precies=True)
    return f"{code}{r.maatregel} ({bedrag})"


def controleer_programma(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame,
    effecten: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Check the programme against itself; report every difference, never force agreement.

    Checks: the sum of the maatregelen against each stated pakket total per year; pakketten
    without maatregelen; duplicate maatregelen; effects that match nothing; one-off effects
    on a pakket with a structural taakstelling; realisation that falls in a later year;
    derived and approximate amounts (for information).

    Returns:
        controle, pakket, jaar, genoemd_eur, som_eur, verschil_eur (som - genoemd),
        uitkomst (``klopt`` / ``verschil`` / ``niet te controleren`` / ``let op`` /
        ``ter info``), rijen (the rows involved, with amounts) and toelichting.

    >>> m = pd.DataFrame({"pakket": [2, 2], "maatregel": ["A", "B"],
    ...                   "taakstelling_eur": [1_000, 2_000]})
    >>> p = pd.DataFrame({"pakket": [2], "jaar": [2022], "taakstelling_eur": [3_500]})
    >>> c = controleer_programma(m, p)
    >>> c.loc[[0], ["uitkomst", "verschil_eur", "rijen"]].values.tolist()
    [['verschil', -500.0, 'A (€ 1.000); B (€ 2.000)']]
    """
    m = normaliseer_maatregelen(maatregelen)
    p = normaliseer_pakketten(pakketten)
    rijen: list[dict] = []

    def voeg(controle, pakket, jaar, genoemd, som, uitkomst, betrokken, toelichting):
        rijen.append(
            {
                "controle": controle,
                "pakket": pakket,
                "jaar": jaar,
                "genoemd_eur": genoemd,
                "som_eur": som,
                "verschil_eur": (som - genoemd)
                if not (pd.isna(som) or pd.isna(genoemd))
                else math.nan,
                "uitkomst": uitkomst,
                "rijen": betrokken,
                "toelichting": toelichting,
            }
        )

    m["jaar_regel"] = m["jaar"].fillna(PROGRAMMA_EINDJAAR).astype(int)
    for r in p.itertuples(index=False):
        jaar = PROGRAMMA_EINDJAAR if pd.isna(r.jaar) else int(r.jaar)
        zonder_jaar = pd.isna(r.jaar)
        if math.isnan(r.taakstelling_eur) and not r.taakstelling_pm:
            heeft = (m["pakket"] == r.pakket).any()
            voeg(
                "som maatregelen = pakkettotaal",
                int(r.pakket),
                pd.NA,
                math.nan,
                math.nan,
                "niet te controleren",
                "",
                "de brief noemt voor dit pakket geen taakstelling"
                + ("" if heeft else " en geen maatregelen"),
            )
            continue
        alle = m[m["pakket"] == r.pakket]
        if alle.empty:
            voeg(
                "som maatregelen = pakkettotaal",
                int(r.pakket),
                pd.NA if zonder_jaar else jaar,
                r.taakstelling_eur,
                math.nan,
                "niet te controleren",
                "",
                "pakket zonder maatregelen in de brief"
                + (" (taakstelling zonder jaar)" if zonder_jaar else ""),
            )
            continue
        betrokken = alle[alle["jaar_regel"] == jaar]
        if betrokken.empty:
            voeg(
                "som maatregelen = pakkettotaal",
                int(r.pakket),
                jaar,
                r.taakstelling_eur,
                math.nan,
                "niet te controleren",
                "",
                f"de maatregelen hebben geen bedrag voor {jaar} (zonder jaar = eindniveau "
                f"{PROGRAMMA_EINDJAAR})",
            )
            continue
        som = float(betrokken["taakstelling_eur"].sum())
        tekst = "; ".join(_rijtekst(x) for x in betrokken.itertuples(index=False))
        pm = bool(betrokken["taakstelling_pm"].any() or r.taakstelling_pm)
        if pm:
            uitkomst, toel = "niet te controleren", "een of meer bedragen PM"
        elif abs(som - r.taakstelling_eur) < 0.5:
            uitkomst, toel = "klopt", ""
        else:
            uitkomst = "verschil"
            toel = (
                f"maatregelen tellen op tot {format_euro(som, precies=True)}, de brief "
                f"noemt {format_euro(r.taakstelling_eur, precies=True)}"
            )
        voeg(
            "som maatregelen = pakkettotaal",
            int(r.pakket),
            jaar,
            r.taakstelling_eur,
            som,
            uitkomst,
            tekst,
            toel,
        )

    for pakket in sorted(set(m["pakket"]) - set(p["pakket"])):
        alle = m[m["pakket"] == pakket]
        voeg(
            "som maatregelen = pakkettotaal",
            int(pakket),
            pd.NA,
            math.nan,
            float(alle["taakstelling_eur"].sum()),
            "niet te controleren",
            "; ".join(_rijtekst(x) for x in alle.itertuples(index=False)),
            "geen pakkettotaal in de brief",
        )

    dubbel = m[m.duplicated(["maatregel_id", "jaar_regel"], keep=False)]
    for mid, groep in dubbel.groupby("maatregel_id"):
        voeg(
            "maatregel komt één keer voor",
            int(groep["pakket"].iloc[0]),
            int(groep["jaar_regel"].iloc[0]),
            math.nan,
            float(groep["taakstelling_eur"].sum()),
            "let op",
            "; ".join(_rijtekst(x) for x in groep.itertuples(index=False)),
            f"maatregel {mid.split('|', 1)[1]} staat {len(groep)} keer in de tabel",
        )

    if effecten is not None:
        e = koppel_effecten(maatregelen, effecten)
        for r in e[e["niveau"] == "los"].itertuples(index=False):
            voeg(
                "effect hoort bij maatregel of project",
                pd.NA if pd.isna(r.pakket) else int(r.pakket),
                pd.NA if pd.isna(r.jaar) else int(r.jaar),
                math.nan,
                r.bedrag_eur,
                "let op",
                str(r.omschrijving),
                r.koppeling,
            )
        struct = p[p["structureel"].fillna(False).astype(bool)]
        for r in e[(e["aard"] == AARD_EENMALIG)].itertuples(index=False):
            if not pd.isna(r.pakket) and (struct["pakket"] == r.pakket).any():
                genoemd = float(
                    struct.loc[struct["pakket"] == r.pakket, "taakstelling_eur"].iloc[0]
                )
                voeg(
                    "aard effect past bij taakstelling",
                    int(r.pakket),
                    pd.NA if pd.isna(r.jaar) else int(r.jaar),
                    math.nan,
                    r.bedrag_eur,
                    "let op",
                    str(r.omschrijving),
                    f"eenmalig effect bij een structurele taakstelling van "
                    f"{format_euro(genoemd, precies=True)}: telt niet mee in gap_eur, wel "
                    "in gap_na_eenmalig_eur van zijn eigen jaar",
                )
        ger = e[
            (e["soort"] == "gerealiseerd")
            & e["bedrag_eur"].notna()
            & e["jaar"].notna()
            & (e["aard"] != AARD_EENMALIG)
        ]
        for _k, groep in ger.groupby(["pakket", "maatregel_code", "project"], dropna=False):
            g = groep.sort_values("jaar")
            for a, b in zip(g.to_dict("records"), g.to_dict("records")[1:], strict=False):
                if b["bedrag_eur"] < a["bedrag_eur"] and b["jaar"] > a["jaar"]:
                    voeg(
                        "realisatie houdt stand",
                        int(a["pakket"]),
                        int(b["jaar"]),
                        a["bedrag_eur"],
                        b["bedrag_eur"],
                        "let op",
                        f"{a['omschrijving']} | {b['omschrijving']}",
                        f"gerealiseerd {format_euro(a['bedrag_eur'], precies=True)} in "
                        f"{int(a['jaar'])}, {format_euro(b['bedrag_eur'], precies=True)} in "
                        f"{int(b['jaar'])}",
                    )
        for r in e[e["afgeleid"] | e["benadering"]].itertuples(index=False):
            wat = "afgeleid bedrag" if r.afgeleid else "bedrag bij benadering"
            voeg(
                "bedrag staat letterlijk in de brief",
                pd.NA if pd.isna(r.pakket) else int(r.pakket),
                pd.NA if pd.isna(r.jaar) else int(r.jaar),
                math.nan,
                r.bedrag_eur,
                "ter info",
                str(r.omschrijving),
                wat,
            )

    uit = pd.DataFrame(
        rijen,
        columns=[
            "controle",
            "pakket",
            "jaar",
            "genoemd_eur",
            "som_eur",
            "verschil_eur",
            "uitkomst",
            "rijen",
            "toelichting",
        ],
    )
    uit["pakket"] = pd.array(uit["pakket"].tolist(), dtype="Int64")
    uit["jaar"] = pd.array(uit["jaar"].tolist(), dtype="Int64")
    for k in ("genoemd_eur", "som_eur", "verschil_eur"):
        uit[k] = uit[k].astype(float)
    return uit


def verschillen(controles: pd.DataFrame) -> pd.DataFrame:
    """Only the checks where the letter's figures do not add up (``uitkomst == 'verschil'``).

    >>> c = pd.DataFrame({"uitkomst": ["klopt", "verschil"], "verschil_eur": [0.0, -5.0]})
    >>> verschillen(c)["verschil_eur"].tolist()
    [-5.0]
    """
    if "uitkomst" not in controles.columns:
        raise ValueError("Verwacht de uitkomst van controleer_programma (kolom 'uitkomst').")
    return controles[controles["uitkomst"] == "verschil"].reset_index(drop=True)


# --------------------------------------------------------------------------- tables


def projecttabel(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    jaar: int = PROGRAMMA_EINDJAAR,
    **kwargs,
) -> pd.DataFrame:
    """One row per project for one year, with the letter's "wat gedaan" and "effect" text.

    Args:
        maatregelen: Contract MAATREGELEN.
        effecten: Contract EFFECTEN.
        jaar: The year of the figures.
        **kwargs: Passed to :func:`gap_tabel` (``interpolatie``, ``met_afgeleid``, ``marge``).

    Returns:
        pakket, project, maatregel_codes, taakstelling_eur, gerealiseerd_eur,
        verwacht_eur, berekend_eur, eenmalig_eur, gap_eur, status, wat_gedaan, effect_tekst,
        toelichting.
    """
    m = normaliseer_maatregelen(maatregelen)
    g = gap_tabel(maatregelen, effecten, niveau="project", jaren=[jaar], **kwargs)
    teksten = (
        m.groupby(["pakket", "projectsleutel"], sort=False)
        .agg(
            wat_gedaan=("wat_gedaan", lambda s: " ".join(s.dropna().astype(str))),
            effect_tekst=("effect_tekst", lambda s: " ".join(s.dropna().astype(str))),
        )
        .reset_index()
    )
    uit = g.merge(teksten, on=["pakket", "projectsleutel"], how="left")
    uit["eenmalig_eur"] = (
        uit["gerealiseerd_eenmalig_eur"]
        + uit["verwacht_eenmalig_eur"]
        + uit["berekend_eenmalig_eur"]
    )
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


def opmaak_euro(
    df: pd.DataFrame,
    precies: bool = False,
    euro_kolommen: Sequence[str] = (),
    decimalen: int = 1,
) -> pd.DataFrame:
    """Copy of a table for display: euros and other numbers as Dutch text.

    Every ``*_eur`` column (and each column in ``euro_kolommen``) becomes Dutch euro text;
    other float columns are written with ``decimalen`` decimals and Dutch separators.

    >>> opmaak_euro(pd.DataFrame({"gap_eur": [20_000.0, float("nan")]}))["gap_eur"].tolist()
    ['€ 20.000', '–']
    >>> opmaak_euro(pd.DataFrame({"waarde": [1234.56]}), euro_kolommen=["waarde"])["waarde"][0]
    '€ 1.235'
    >>> opmaak_euro(pd.DataFrame({"aantal": [1234.56]}))["aantal"][0]
    '1.234,6'
    """
    uit = df.copy()
    for k in uit.columns:
        if str(k).endswith("_eur") or k in euro_kolommen:
            uit[k] = [format_euro(v, precies=precies) for v in uit[k]]
        elif pd.api.types.is_float_dtype(uit[k]):
            uit[k] = [format_getal(v, decimalen) for v in uit[k]]
    return uit


# --------------------------------------------------------------------------- bridge


def brugdata(gap: pd.DataFrame, jaar: int, per: str = "soort") -> pd.DataFrame:
    """Bars of the bridge from total taakstelling to remaining gap for one year.

    Args:
        gap: Output of :func:`gap_tabel` (level ``totaal`` or ``pakket`` for
            ``per="soort"``; ``pakket`` or ``project`` for ``per="pakket"``/``"project"``).
        jaar: The year.
        per: ``soort`` (steps gerealiseerd, berekend, verwacht) or ``pakket``/``project``
            (one step per pakket/project: its structural effect).

    Only rows with a known taakstelling take part (an effect without taakstelling cannot
    close a gap); one-off effects are not steps (they never lower the structural gap).

    Returns:
        label, bedrag_eur, totaal (bool); closes: start + steps = end.

    >>> g = pd.DataFrame({"jaar": [2022], "taakstelling_eur": [100.0], "gerealiseerd_eur": [30.0],
    ...                   "berekend_eur": [0.0], "verwacht_eur": [20.0], "gap_eur": [50.0]})
    >>> brugdata(g, 2022)["bedrag_eur"].tolist()
    [100.0, -30.0, -20.0, 50.0]
    """
    if "jaar" not in gap.columns or "taakstelling_eur" not in gap.columns:
        raise ValueError("Verwacht de uitkomst van gap_tabel (kolommen jaar, taakstelling_eur).")
    d = gap[(gap["jaar"] == jaar) & gap["taakstelling_eur"].notna()]
    if d.empty:
        raise ValueError(f"Geen rijen met een taakstelling in {jaar}; kies een ander jaar.")
    start = float(d["taakstelling_eur"].sum())
    rijen = [(f"Taakstelling {jaar}", start, True)]
    if per == "soort":
        for s, label in (
            ("gerealiseerd", "Gerealiseerd"),
            ("berekend", "Berekend effect"),
            ("verwacht", "Verwacht effect"),
        ):
            waarde = float(d[f"{s}_eur"].sum())
            if waarde:
                rijen.append((label, -waarde, False))
    elif per in ("pakket", "project"):
        kolom = "pakket" if per == "pakket" else "projectsleutel"
        if kolom not in d.columns:
            raise ValueError(f"Voor per={per!r} is een gap_tabel op niveau {per} nodig.")
        for sleutel, groep in d.groupby(kolom, sort=False):
            waarde = float(
                (groep["gerealiseerd_eur"] + groep["verwacht_eur"] + groep["berekend_eur"]).sum()
            )
            if waarde:
                label = f"Pakket {int(sleutel)}" if per == "pakket" else str(sleutel)
                rijen.append((label, -waarde, False))
    else:
        raise ValueError(f"per moet 'soort', 'pakket' of 'project' zijn, niet {per!r}.")
    eind = start + sum(b for _, b, t in rijen if not t)
    rijen.append(("Resterend gat", eind, True))
    return pd.DataFrame(rijen, columns=["label", "bedrag_eur", "totaal"])


def plot_programmabrug(gap: pd.DataFrame, jaar: int, per: str = "soort", titel: str | None = None):
    """Bridge chart from taakstelling to remaining gap (see :func:`brugdata`).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> g = pd.DataFrame({"jaar": [2022], "taakstelling_eur": [100.0],
    ...                   "gerealiseerd_eur": [30.0], "berekend_eur": [0.0],
    ...                   "verwacht_eur": [20.0], "gap_eur": [50.0]})
    >>> fig = plot_programmabrug(g, 2022)
    >>> fig.axes[0].get_title(loc="left")
    'Van taakstelling naar resterend gat, 2022'
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    from sdanalysis.plots.brug import brugdiagram

    data = brugdata(gap, jaar, per)
    return brugdiagram(
        data,
        "label",
        "bedrag_eur",
        titel or f"Van taakstelling naar resterend gat, {jaar}",
        totaal_kolom="totaal",
        bron="Bron: brief Interventieprogramma sociaal domein, "
        "17 april 2019; structurele effecten (eenmalige niet meegeteld)",
    )


def plot_gap_per_jaar(gap: pd.DataFrame, titel: str = "Taakstelling en effect per jaar"):
    """Grouped bars per year: taakstelling against gerealiseerd and verwacht/berekend.

    Args:
        gap: :func:`gap_tabel` at level ``totaal`` (or one pakket's rows).
        titel: Chart title.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> g = pd.DataFrame({"jaar": [2019, 2022], "taakstelling_eur": [1.0e6, float("nan")],
    ...                   "gerealiseerd_eur": [5e5, 6e5], "verwacht_eur": [0.0, 1e5],
    ...                   "berekend_eur": [0.0, 0.0]})
    >>> fig = plot_gap_per_jaar(g)
    >>> len(fig.axes[0].patches)
    6
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    d = (
        gap.groupby("jaar", sort=True)
        .agg(
            taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
            gerealiseerd_eur=("gerealiseerd_eur", "sum"),
            verwacht_eur=("verwacht_eur", "sum"),
            berekend_eur=("berekend_eur", "sum"),
        )
        .reset_index()
    )
    x = np.arange(len(d))
    with huisstijl():
        fig, ax = plt.subplots()
        ax.bar(
            x - 0.2, d["taakstelling_eur"].fillna(0), 0.4, color=KLEUR_TOTAAL, label="Taakstelling"
        )
        ax.bar(x + 0.2, d["gerealiseerd_eur"], 0.4, color=KLEUR_POSITIEF, label="Gerealiseerd")
        ax.bar(
            x + 0.2,
            d["verwacht_eur"] + d["berekend_eur"],
            0.4,
            bottom=d["gerealiseerd_eur"],
            color=PALET[5],
            label="Verwacht / berekend",
        )
        for i, t in enumerate(d["taakstelling_eur"]):
            if pd.isna(t):
                ax.text(
                    i - 0.2,
                    0,
                    "geen\ncijfer",
                    ha="center",
                    va="bottom",
                    fontsize=10,
                    color=KLEUR_GRIJS,
                )
        ax.set_xticks(x)
        ax.set_xticklabels([str(j) for j in d["jaar"]])
        ax.yaxis.set_major_formatter(euro_as_formatter())
        ax.set_title(titel)
        ax.legend(loc="upper left")
        bronvermelding(
            fig,
            "Bron: brief Interventieprogramma, 17 april 2019; structurele "
            "effecten, eenmalige niet meegeteld",
        )
        fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- claim vs data


def laad_categorie_mapping(pad: str | Path | None = None) -> pd.DataFrame:
    """Mapping of maatregel (code) or project to categorie of care.

    Returns:
        pakket, maatregel_code, project, categorie, zekerheid (``brief`` when the letter
        itself links them, ``aanname`` otherwise), toelichting.

    >>> mp = laad_categorie_mapping()
    >>> sorted(mp.loc[mp["maatregel_code"] == "4.2.5", "categorie"])
    ['Verblijf GGZ', 'Verblijf LVG']
    """
    pad = Path(pad) if pad is not None else CATEGORIE_MAPPING_PAD
    if not pad.exists():
        raise ValueError(f"Mapping maatregel -> categorie niet gevonden: {pad}.")
    df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    for k in ("pakket", "maatregel_code", "project", "categorie"):
        if k not in df.columns:
            raise ValueError(f"Mapping {pad.name} mist kolom {k!r}.")
    for k in ("maatregel_code", "project", "toelichting"):
        if k in df.columns:
            df[k] = _tekst(df[k])
    df["pakket"] = _geheel(df["pakket"], "pakket", "maatregel_categorie")
    return df


def categorieen_voor(
    mapping: pd.DataFrame,
    maatregelen: pd.DataFrame,
    project: str | None = None,
    maatregel_code: str | None = None,
) -> list[str]:
    """Categories of care targeted by a project (union over its maatregelen) or maatregel.

    >>> m = pd.DataFrame({"pakket": [1, 1], "maatregel_code": ["4.1.4", "4.2.5"],
    ...                   "maatregel": ["a", "b"], "project": ["Project Verblijf"] * 2,
    ...                   "taakstelling_eur": [1, 1]})
    >>> categorieen_voor(laad_categorie_mapping(), m, project="Project Verblijf")
    ['Beschermd wonen', 'Verblijf GGZ', 'Verblijf LVG']
    """
    m = normaliseer_maatregelen(maatregelen)
    if maatregel_code is not None:
        codes = {maatregel_code}
        projecten: set[str] = set()
    elif project is not None:
        sel = m[m["projectsleutel"] == project]
        if sel.empty:
            raise ValueError(f"Project {project!r} staat niet in de maatregelen.")
        codes = set(sel["maatregel_code"].dropna())
        projecten = {project}
    else:
        raise ValueError("Geef een project of een maatregel_code op.")
    hit = mapping[mapping["maatregel_code"].isin(codes) | mapping["project"].isin(projecten)]
    return sorted(set(hit["categorie"]))


def claims_per_project(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    mapping: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The claims the letter makes on categories of care, one row per mapped project.

    The claim is the realised structural (or unknown-nature) effect of the project in the
    first year the letter gives an amount for; without an amount the claim is NaN and the
    year :data:`PROGRAMMA_STARTJAAR` (only the direction can then be checked).

    Returns:
        pakket, project, categorieen (list), zekerheid (``brief`` if the letter itself
        links every categorie, else ``aanname``), claim_eur, claim_jaar, effect_tekst.

    >>> p = lees_programma()
    >>> c = claims_per_project(p["maatregelen"], p["effecten"]).set_index("project")
    >>> float(c.loc["Project Verblijf", "claim_eur"]), int(c.loc["Project Verblijf", "claim_jaar"])
    (1000000.0, 2018)
    """
    m = normaliseer_maatregelen(maatregelen)
    mapping = laad_categorie_mapping() if mapping is None else mapping
    e = koppel_effecten(maatregelen, effecten)
    e = e[
        (e["soort"] == "gerealiseerd")
        & (e["aard"] != AARD_EENMALIG)
        & e["bedrag_eur"].notna()
        & e["jaar"].notna()
    ]
    rijen = []
    for (pakket, project), groep in m.groupby(["pakket", "projectsleutel"], sort=False):
        codes = set(groep["maatregel_code"].dropna())
        hit = mapping[mapping["maatregel_code"].isin(codes) | (mapping["project"] == project)]
        if hit.empty:
            continue
        eigen = e[e["projectsleutel"] == project]
        if len(eigen):
            jaar = int(eigen["jaar"].min())
            claim = float(eigen.loc[eigen["jaar"] == jaar, "bedrag_eur"].sum())
        else:
            jaar, claim = PROGRAMMA_STARTJAAR, math.nan
        zeker = "brief" if (hit["zekerheid"] == "brief").all() else "aanname"
        tekst = " ".join(groep["effect_tekst"].dropna().astype(str))
        rijen.append(
            (int(pakket), project, sorted(set(hit["categorie"])), zeker, claim, jaar, tekst)
        )
    uit = pd.DataFrame(
        rijen,
        columns=[
            "pakket",
            "project",
            "categorieen",
            "zekerheid",
            "claim_eur",
            "claim_jaar",
            "effect_tekst",
        ],
    )
    uit["claim_jaar"] = uit["claim_jaar"].astype(int)
    uit["claim_eur"] = uit["claim_eur"].astype(float)
    return uit


def jaarkosten_per_categorie(declaraties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """Declared cost per year and categorie (year of ``periode_start``).

    Returns:
        jaar, categorie, bedrag_eur. Declarations whose toewijzing is unknown are kept
        under categorie ``onbekend`` (never dropped silently).

    >>> d = pd.DataFrame({"toewijzingnummer": ["a", "b", "c"],
    ...                   "periode_start": pd.to_datetime(["2018-01-01", "2018-02-01",
    ...                                                    "2019-01-01"]),
    ...                   "bedrag_eur": [10.0, -2.0, 5.0]})
    >>> t = pd.DataFrame({"toewijzingnummer": ["a", "b"], "categorie": ["X", "X"]})
    >>> jaarkosten_per_categorie(d, t).values.tolist()
    [[2018, 'X', 8.0], [2019, 'onbekend', 5.0]]
    """
    for naam, df, kol in (
        ("declaraties", declaraties, ("toewijzingnummer", "periode_start", "bedrag_eur")),
        ("toewijzingen", toewijzingen, ("toewijzingnummer", "categorie")),
    ):
        ontbreekt = [k for k in kol if k not in df.columns]
        if ontbreekt:
            raise ValueError(f"Tabel {naam} mist kolom(men) {ontbreekt}.")
    cat = toewijzingen[["toewijzingnummer", "categorie"]].drop_duplicates("toewijzingnummer")
    d = declaraties[["toewijzingnummer", "periode_start", "bedrag_eur"]].merge(
        cat, on="toewijzingnummer", how="left"
    )
    d["categorie"] = d["categorie"].astype("string").fillna("onbekend")
    d["jaar"] = pd.to_datetime(d["periode_start"]).dt.year.astype(int)
    uit = d.groupby(["jaar", "categorie"], sort=True)["bedrag_eur"].sum().reset_index()
    uit["categorie"] = uit["categorie"].astype(str)
    return uit


def jaarreeks(
    reeks: pd.DataFrame,
    waarde_kolom: str = "bedrag_eur",
    tijd_kolom: str = "jaar",
    categorie_kolom: str = "categorie",
    agg: str = "sum",
) -> pd.DataFrame:
    """Yearly series per categorie from a yearly or monthly frame.

    Args:
        reeks: E.g. a yearly cost frame (jaar, categorie, bedrag_eur) or monthly volumes.
        waarde_kolom: The value column.
        tijd_kolom: Year (int) or a date column (then grouped per calendar year).
        categorie_kolom: The categorie column.
        agg: ``sum`` for flows and costs, ``mean`` for stocks (clients on the 1st).

    Returns:
        jaar, categorie, waarde.

    >>> r = pd.DataFrame({"periode_maand": pd.to_datetime(["2018-01-01", "2018-02-01"]),
    ...                   "categorie": ["X", "X"], "aantal_clienten": [10, 20]})
    >>> jaarreeks(r, "aantal_clienten", "periode_maand", agg="mean").values.tolist()
    [[2018, 'X', 15.0]]
    """
    for k in (waarde_kolom, tijd_kolom, categorie_kolom):
        if k not in reeks.columns:
            raise ValueError(f"Reeks mist kolom {k!r}; aanwezig: {list(reeks.columns)}.")
    if agg not in ("sum", "mean", "last"):
        raise ValueError("agg moet 'sum', 'mean' of 'last' zijn.")
    d = reeks[[tijd_kolom, categorie_kolom, waarde_kolom]].copy()
    if pd.api.types.is_datetime64_any_dtype(d[tijd_kolom]):
        d["jaar"] = d[tijd_kolom].dt.year.astype(int)
    else:
        d["jaar"] = pd.to_numeric(d[tijd_kolom]).astype(int)
    d = d.sort_values(tijd_kolom)
    uit = d.groupby(["jaar", categorie_kolom], sort=True)[waarde_kolom].agg(agg).reset_index()
    uit.columns = ["jaar", "categorie", "waarde"]
    uit["waarde"] = uit["waarde"].astype(float)
    uit["categorie"] = uit["categorie"].astype(str)
    return uit


def claim_vs_gemeten(
    reeks: pd.DataFrame,
    categorieen: Sequence[str],
    claim: float | None,
    claim_jaar: int,
    basisjaar: int | None = None,
    waarde_kolom: str = "waarde",
) -> pd.DataFrame:
    """Compare a claimed saving with the measured change in a series.

    The measured change of year Y is ``waarde(Y) - waarde(basisjaar)`` summed over the
    categories; the claim is a saving (a fall of ``claim``, in the unit of the series: euros
    for a cost series). A claim without amount (``None``/NaN) only checks the direction.
    With at least two years up to the base year a linear pre-trend is extrapolated
    (``trendwaarde``): a saving may show as a smaller rise instead of a fall.

    Args:
        reeks: :func:`jaarreeks` output (jaar, categorie, waarde) or jaar/categorie/bedrag_eur
            (pass ``waarde_kolom="bedrag_eur"``).
        categorieen: Categories the maatregel targets (see :func:`categorieen_voor`).
        claim: Claimed structural saving (positive = fall), or None.
        claim_jaar: First year the claim applies to.
        basisjaar: Year compared with (default: ``claim_jaar - 1``).
        waarde_kolom: Value column.

    Returns:
        One row per year: jaar, waarde, basiswaarde, gemeten_verandering,
        geclaimde_verandering (from claim_jaar on), verschil (gemeten - geclaimd),
        trendwaarde, afwijking_van_trend, na_claim (bool) and oordeel (Dutch).

    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "waarde": [10.0, 12.0, 9.0]})
    >>> c = claim_vs_gemeten(r, ["X"], 2.0, 2018)
    >>> c.loc[c["jaar"] == 2018, ["gemeten_verandering", "oordeel"]].values.tolist()
    [[-3.0, 'gemeten daling minstens zo groot als geclaimd']]
    """
    if waarde_kolom not in reeks.columns:
        raise ValueError(f"Reeks mist kolom {waarde_kolom!r}.")
    if not categorieen:
        raise ValueError("Geef minstens één categorie op waarop de maatregel zich richt.")
    sel = reeks[reeks["categorie"].isin(list(categorieen))]
    if sel.empty:
        raise ValueError(
            f"Geen gegevens voor categorie(ën) {list(categorieen)}; aanwezig zijn "
            f"{sorted(reeks['categorie'].unique())[:20]}."
        )
    per_jaar = sel.groupby("jaar", sort=True)[waarde_kolom].sum().astype(float)
    basisjaar = claim_jaar - 1 if basisjaar is None else basisjaar
    if basisjaar not in per_jaar.index:
        raise ValueError(f"Geen waarde voor het basisjaar {basisjaar} in de reeks.")
    basis = float(per_jaar[basisjaar])
    voor = per_jaar[per_jaar.index <= basisjaar]
    if len(voor) >= 2:
        helling, snijpunt = np.polyfit(voor.index.astype(float), voor.to_numpy(), 1)
    else:
        helling = snijpunt = math.nan
    heeft_claim = claim is not None and not pd.isna(claim)
    rijen = []
    for jaar, waarde in per_jaar.items():
        na = jaar >= claim_jaar
        gemeten = waarde - basis
        geclaimd = -float(claim) if (na and heeft_claim) else math.nan
        trend = helling * jaar + snijpunt if not math.isnan(helling) else math.nan
        if not na:
            oordeel = "voor de claim"
        elif gemeten >= 0:
            oordeel = "geen daling gemeten"
        elif not heeft_claim:
            oordeel = "daling gemeten (claim zonder bedrag)"
        elif -gemeten >= float(claim):
            oordeel = "gemeten daling minstens zo groot als geclaimd"
        else:
            oordeel = "gemeten daling kleiner dan geclaimd"
        rijen.append(
            (
                int(jaar),
                waarde,
                basis,
                gemeten,
                geclaimd,
                gemeten - geclaimd if not math.isnan(geclaimd) else math.nan,
                trend,
                waarde - trend if not math.isnan(trend) else math.nan,
                na,
                oordeel,
            )
        )
    return pd.DataFrame(
        rijen,
        columns=[
            "jaar",
            "waarde",
            "basiswaarde",
            "gemeten_verandering",
            "geclaimde_verandering",
            "verschil",
            "trendwaarde",
            "afwijking_van_trend",
            "na_claim",
            "oordeel",
        ],
    )


def plot_claim_vs_gemeten(
    vergelijking: pd.DataFrame, titel: str, claim_label: str, euro: bool = True
):
    """Chart of the measured series with the claim drawn on it.

    The series is a solid line; the base level a dotted line; "als de claim klopt" (base
    level minus the claim, from the claim year) a dashed line; the pre-trend, when there is
    one, a thin grey line.

    Args:
        vergelijking: Output of :func:`claim_vs_gemeten`.
        titel: Chart title (Dutch).
        claim_label: Legend text of the claim, e.g. ``"Claim: -€ 1 mln structureel"``.
        euro: Format the axis in euros (else counts).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> r = pd.DataFrame({"jaar": [2016, 2017, 2018], "categorie": ["X"] * 3,
    ...                   "waarde": [10.0, 12.0, 9.0]})
    >>> fig = plot_claim_vs_gemeten(claim_vs_gemeten(r, ["X"], 2.0, 2018), "t", "claim")
    >>> len(fig.axes[0].lines) >= 3
    True
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from sdanalysis.weergave.stijl import aantal_as_formatter

    v = vergelijking.sort_values("jaar")
    with huisstijl():
        fig, ax = plt.subplots()
        ax.plot(v["jaar"], v["waarde"], color=KLEUR_TOTAAL, marker="o", label="Gemeten")
        basis = float(v["basiswaarde"].iloc[0])
        ax.axhline(basis, color=KLEUR_GRIJS, linestyle=":", linewidth=1.5, label="Niveau basisjaar")
        na = v[v["na_claim"]]
        if na["geclaimde_verandering"].notna().any():
            ax.plot(
                na["jaar"],
                basis + na["geclaimde_verandering"],
                color=KLEUR_NEGATIEF,
                linestyle="--",
                marker="s",
                label=claim_label,
            )
        if v["trendwaarde"].notna().any():
            ax.plot(
                v["jaar"],
                v["trendwaarde"],
                color=KLEUR_GRIJS,
                linewidth=1.2,
                label="Trend vóór de claim",
            )
        ax.set_xticks(v["jaar"].tolist())
        ax.yaxis.set_major_formatter(euro_as_formatter() if euro else aantal_as_formatter())
        ax.set_title(titel)
        ax.legend(loc="best")
        fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- scenario


def scenario_huidig_tempo(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame,
    peiljaar: int = PEILJAAR,
    startjaar: int = PROGRAMMA_STARTJAAR,
    eindjaar: int = PROGRAMMA_EINDJAAR,
    methode: str = "tempo",
    interpolatie: bool = False,
    met_afgeleid: bool = True,
) -> pd.DataFrame:
    """Projected gap to ``eindjaar`` if realisation keeps today's pace (no expected effects).

    Assumptions (also in column ``aanname``):

    - only *gerealiseerd* structural (or unknown-nature) effects count: verwacht and
      berekend effects are assumed not to come;
    - today = ``peiljaar``; the realised level then is R (per pakket);
    - ``methode="tempo"``: realisation keeps growing by R / (peiljaar - startjaar + 1) per
      year (the average pace since the programme started); ``methode="niveau"``: it stays R;
    - the taakstelling per year is the stated pakket total; years without one stay missing
      unless ``interpolatie=True`` (labelled).

    Returns:
        pakket (NA = totaal), jaar, taakstelling_eur, taakstelling_herkomst,
        gerealiseerd_peiljaar_eur, tempo_per_jaar_eur, gerealiseerd_scenario_eur,
        gap_scenario_eur, gap_met_verwacht_eur (gap when verwacht/berekend do come),
        aanname.
    """
    if methode not in ("tempo", "niveau"):
        raise ValueError("methode moet 'tempo' of 'niveau' zijn.")
    if not startjaar <= peiljaar <= eindjaar:
        raise ValueError("Verwacht startjaar <= peiljaar <= eindjaar.")
    jaren = list(range(peiljaar, eindjaar + 1))
    jaren_sinds_start = peiljaar - startjaar + 1
    aanname = (
        f"alleen gerealiseerde structurele effecten; peiljaar {peiljaar}; "
        + (
            f"realisatie groeit elk jaar met het gemiddelde tempo sinds {startjaar} "
            f"(niveau {peiljaar} / {jaren_sinds_start} jaar)"
            if methode == "tempo"
            else f"realisatie blijft op het niveau van {peiljaar}"
        )
        + ("; taakstelling tussenjaren geïnterpoleerd" if interpolatie else "")
    )
    rijen = []
    volledig = gap_tabel(
        maatregelen,
        effecten,
        pakketten,
        niveau="pakket",
        jaren=jaren,
        interpolatie=interpolatie,
        met_afgeleid=met_afgeleid,
    )
    for pakket, groep in volledig.groupby("pakket", sort=True):
        r_peil = float(groep.loc[groep["jaar"] == peiljaar, "gerealiseerd_eur"].sum())
        tempo = r_peil / jaren_sinds_start if methode == "tempo" else 0.0
        for r in groep.itertuples(index=False):
            real = r_peil + tempo * (r.jaar - peiljaar)
            rijen.append(
                (
                    int(pakket),
                    int(r.jaar),
                    r.taakstelling_eur,
                    r.taakstelling_herkomst,
                    r_peil,
                    tempo,
                    real,
                    r.taakstelling_eur - real,
                    r.gap_eur,
                    aanname,
                )
            )
    uit = pd.DataFrame(
        rijen,
        columns=[
            "pakket",
            "jaar",
            "taakstelling_eur",
            "taakstelling_herkomst",
            "gerealiseerd_peiljaar_eur",
            "tempo_per_jaar_eur",
            "gerealiseerd_scenario_eur",
            "gap_scenario_eur",
            "gap_met_verwacht_eur",
            "aanname",
        ],
    )
    totaal = (
        uit.groupby("jaar", sort=True)
        .agg(
            taakstelling_eur=("taakstelling_eur", lambda s: s.sum(min_count=1)),
            gerealiseerd_peiljaar_eur=("gerealiseerd_peiljaar_eur", "sum"),
            tempo_per_jaar_eur=("tempo_per_jaar_eur", "sum"),
            gerealiseerd_scenario_eur=("gerealiseerd_scenario_eur", "sum"),
        )
        .reset_index()
    )
    # the total gap only over pakketten with a taakstelling that year
    met = uit[uit["taakstelling_eur"].notna()]
    gaps = met.groupby("jaar").agg(
        gap_scenario_eur=("gap_scenario_eur", "sum"),
        gap_met_verwacht_eur=("gap_met_verwacht_eur", "sum"),
    )
    totaal = totaal.merge(gaps, on="jaar", how="left")
    totaal["pakket"] = pd.NA
    totaal["taakstelling_herkomst"] = "som van de pakketten met een taakstelling"
    totaal["aanname"] = aanname
    uit = pd.concat([uit, totaal[uit.columns]], ignore_index=True)
    uit["pakket"] = pd.array(uit["pakket"].tolist(), dtype="Int64")
    return uit


def plot_scenario(
    scenario: pd.DataFrame, titel: str = "Resterend gat als de realisatie het huidige tempo houdt"
):
    """Line chart of the scenario total: taakstelling, realisation in the scenario, gap.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> s = pd.DataFrame({"pakket": pd.array([pd.NA, pd.NA], dtype="Int64"),
    ...                   "jaar": [2019, 2022], "taakstelling_eur": [1e6, 4e6],
    ...                   "gerealiseerd_scenario_eur": [5e5, 1e6], "gap_scenario_eur": [5e5, 3e6]})
    >>> fig = plot_scenario(s)
    >>> len(fig.axes[0].lines)
    3
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import textwrap

    import matplotlib.pyplot as plt

    t = scenario[scenario["pakket"].isna()].sort_values("jaar")
    herkomst = scenario.get("taakstelling_herkomst", pd.Series(dtype=str)).astype(str)
    geinterpoleerd = herkomst.str.startswith("interpolatie").any()
    with huisstijl():
        fig, ax = plt.subplots()
        ax.plot(
            t["jaar"],
            t["taakstelling_eur"],
            marker="o",
            color=KLEUR_TOTAAL,
            label="Taakstelling (tussenjaren geïnterpoleerd)"
            if geinterpoleerd
            else "Taakstelling (genoemde jaren)",
        )
        ax.plot(
            t["jaar"],
            t["gerealiseerd_scenario_eur"],
            marker="o",
            color=KLEUR_POSITIEF,
            linestyle="--",
            label="Realisatie in scenario",
        )
        ax.plot(
            t["jaar"],
            t["gap_scenario_eur"],
            marker="o",
            color=KLEUR_NEGATIEF,
            label="Resterend gat in scenario",
        )
        ax.set_xticks(t["jaar"].tolist())
        ax.yaxis.set_major_formatter(euro_as_formatter())
        ax.set_title(titel)
        ax.legend(loc="upper left")
        if "aanname" in scenario.columns:
            bronvermelding(fig, textwrap.fill("Aanname: " + str(scenario["aanname"].iloc[0]), 110))
        fig.tight_layout()
    return fig
