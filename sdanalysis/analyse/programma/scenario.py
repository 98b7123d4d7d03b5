"""Scenario: the gap at the end of the programme if realisation keeps today's pace."""

from __future__ import annotations

import pandas as pd

from sdanalysis.analyse.programma.basis import HERKOMST_GEEN
from sdanalysis.analyse.programma.gat import gap_tabel


def _scenario_aanname(methode: str, startjaar: int, peiljaar: int, interpolatie: bool) -> str:
    jaren_sinds_start = peiljaar - startjaar + 1
    groei = (
        f"realisatie groeit elk jaar met het gemiddelde tempo sinds {startjaar} "
        f"(niveau {peiljaar} / {jaren_sinds_start} jaar)"
        if methode == "tempo"
        else f"realisatie blijft op het niveau van {peiljaar}"
    )
    tussen = "; taakstelling tussenjaren geïnterpoleerd" if interpolatie else ""
    return f"alleen gerealiseerde structurele effecten; peiljaar {peiljaar}; {groei}{tussen}"


_SCENARIO_KOLOMMEN = [
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
]


def _scenario_pakketten(
    volledig: pd.DataFrame, peiljaar: int, tempo_jaren: int | None, aanname: str
) -> pd.DataFrame:
    """Per pakket and year: realisation in the scenario and the remaining gap."""
    rijen = []
    for pakket, groep in volledig.groupby("pakket", sort=True):
        r_peil = float(groep.loc[groep["jaar"] == peiljaar, "gerealiseerd_eur"].sum())
        tempo = r_peil / tempo_jaren if tempo_jaren else 0.0
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
    return pd.DataFrame(rijen, columns=_SCENARIO_KOLOMMEN)


def _scenario_totaal(uit: pd.DataFrame, aanname: str) -> pd.DataFrame:
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
    # the total says how its parts were obtained: interpolated parts stay labelled
    herkomst = met.groupby("jaar")["taakstelling_herkomst"].agg(lambda h: sorted(set(h)))
    totaal["taakstelling_herkomst"] = [
        "som van de pakketten met een taakstelling ("
        + "; ".join(herkomst.get(j, [HERKOMST_GEEN]))
        + ")"
        for j in totaal["jaar"]
    ]
    totaal["aanname"] = aanname
    return totaal[uit.columns]


def scenario_huidig_tempo(
    maatregelen: pd.DataFrame,
    effecten: pd.DataFrame,
    pakketten: pd.DataFrame,
    *,
    startjaar: int,
    eindjaar: int,
    peiljaar: int,
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

    Args:
        maatregelen: Processed maatregelen.
        effecten: Processed effecten.
        pakketten: Processed pakketten.
        startjaar: First year of the programme.
        eindjaar: Last year of the programme.
        peiljaar: "Today": the year of the status the tables describe.
        methode: ``tempo`` or ``niveau``.
        interpolatie: Interpolate the taakstelling between stated years.
        met_afgeleid: Include derived amounts.

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
    aanname = _scenario_aanname(methode, startjaar, peiljaar, interpolatie)
    volledig = gap_tabel(
        maatregelen,
        effecten,
        pakketten,
        niveau="pakket",
        jaren=range(peiljaar, eindjaar + 1),
        eindjaar=eindjaar,
        interpolatie=interpolatie,
        met_afgeleid=met_afgeleid,
    )
    tempo_jaren = peiljaar - startjaar + 1 if methode == "tempo" else None
    uit = _scenario_pakketten(volledig, peiljaar, tempo_jaren, aanname)
    uit = pd.concat([uit, _scenario_totaal(uit, aanname)], ignore_index=True)
    uit["pakket"] = pd.array(uit["pakket"].tolist(), dtype="Int64")
    return uit


def scenario_totalen(tempo: pd.DataFrame, niveau: pd.DataFrame) -> pd.DataFrame:
    """Scenario totals per year: realisation at today's pace and at a standstill side by side.

    Args:
        tempo: :func:`scenario_huidig_tempo` with ``methode="tempo"``.
        niveau: The same with ``methode="niveau"``.

    Returns:
        The total rows of ``tempo`` (without pakket and aanname) plus
        ``gap_bij_stilstand_eur`` (the gap of ``niveau``).

    >>> t = pd.DataFrame({"pakket": pd.array([1, pd.NA], dtype="Int64"), "jaar": [2022, 2022],
    ...                   "gap_scenario_eur": [1.0, 3.0], "aanname": ["a", "a"]})
    >>> scenario_totalen(t, t.assign(gap_scenario_eur=[2.0, 5.0])).to_dict("records")
    [{'jaar': 2022, 'gap_scenario_eur': 3.0, 'gap_bij_stilstand_eur': 5.0}]
    """
    t = tempo[tempo["pakket"].isna()].drop(columns=["pakket", "aanname"])
    n = niveau.loc[niveau["pakket"].isna(), ["jaar", "gap_scenario_eur"]].rename(
        columns={"gap_scenario_eur": "gap_bij_stilstand_eur"}
    )
    return t.merge(n, on="jaar", how="left").reset_index(drop=True)
