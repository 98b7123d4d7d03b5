"""Savings gap of a savings programme: taakstelling against realised and expected effect.

The programme is data: ``maatregelen``, ``pakketten`` and ``effecten``, normalised once by
the build (:mod:`sdanalysis.bouw.programma`). This package takes those processed tables and
explicit years (the gemeente profile's ``[programma]``: startjaar, eindjaar, peiljaar; see
:func:`programmajaren`) and computes the gap per maatregel, project, pakket and total per
year, checks the programme against itself, prepares the bridge from taakstelling to
remaining gap, compares claims with measured series and projects the gap when realisation
keeps today's pace. It returns numbers; display and charts live in
:mod:`sdanalysis.weergave` and :mod:`sdanalysis.plots.programma`.

Modules: :mod:`.basis` (analysis shape, years), :mod:`.taakstelling`, :mod:`.effecten`,
:mod:`.gat` (gap, status, bridge, project table), :mod:`.oordeel` (verdict with margin,
deciding assumptions and caveats), :mod:`.controle` (checks of the programme against
itself), :mod:`.scenario`, :mod:`.claims` (claims against measured series). Every
public name is importable from here; :func:`programmasectie` computes all tables of the
notebook section and the workbook sheets in one call.

Interpretation rules (also in ``docs/interventieprogramma.md``):

1. A taakstelling or effect without a year is the structural end level of the programme and
   counts in ``eindjaar``.
2. Years the source gives no figure for stay missing. Only ``interpolatie=True`` fills them,
   and every filled figure says so in ``*_herkomst``.
3. A *structureel* effect counts in its year and every later year (a lasting saving; two
   structural effects add up). An *eenmalig* effect counts only in its year and always in
   separate ``*_eenmalig_eur`` columns: it never lowers ``gap_eur``. An effect whose nature
   the source does not give counts only in its own year.
4. ``gap_eur = taakstelling - gerealiseerd - verwacht - berekend`` (structural and
   unknown-nature effects only). ``verwacht`` and ``berekend`` stay separate columns; both
   are expected, not realised. PM and effects without an amount never count as zero: they
   are counted in ``n_pm_effecten`` / ``n_effecten_zonder_bedrag``.
5. Status (see :func:`status`): *onbekend* when the taakstelling is PM/missing or no effect
   with an amount is known (for the key, in the year or before); realised effects alone
   decide *overtroffen* (realised gap below ``-marge x taakstelling``) and *op koers*
   (within the margin); when only expected and berekend effects close the gap to within
   the margin the status is *steunt op verwacht*, never *op koers*; otherwise *achter*.
   :func:`oordeel` adds the margin, the assumptions that decide the status (ranges of
   approximate amounts, derived amounts, carried-forward effects, a taakstelling without
   year) and the source's own caveats.
8. A soort without any figure in a year stays missing (NaN, "geen cijfer"), never € 0; the
   gap counts only the figures there are.
6. Effects are attached by ``maatregel_code`` if given, else by ``project`` (the
   *projectsleutel*). An effect on a project with one maatregel belongs to that maatregel;
   on a project with several maatregelen it stays on the project. An effect with only a
   pakket belongs to the pakket.
7. Effects marked ``[afgeleid`` carry an amount the source implies but does not print;
   ``met_afgeleid=False`` leaves them out. ``[benadering`` marks approximate amounts.

>>> from sdanalysis.bouw.programma import normaliseer_effecten, normaliseer_maatregelen
>>> m = normaliseer_maatregelen(pd.DataFrame({
...     "pakket": [1, 1], "maatregel_code": ["1.1", "1.2"], "maatregel": ["A", "B"],
...     "project": ["P", "P"], "taakstelling_eur": [300_000, 200_000]}))
>>> e = normaliseer_effecten(pd.DataFrame({
...     "project": ["P"], "jaar": [2019], "bedrag_eur": [100_000], "soort": ["gerealiseerd"],
...     "structureel": ["ja"]}))
>>> g = gap_tabel(m, e, niveau="project", jaren=[2019, 2022], eindjaar=2022)
>>> g[["jaar", "taakstelling_eur", "gerealiseerd_eur", "gap_eur", "status"]].values.tolist()
[[2019, nan, 100000.0, nan, 'onbekend'], [2022, 500000.0, 100000.0, 400000.0, 'achter']]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sdanalysis.analyse.programma.basis import (
    HERKOMST_BRIEF,
    HERKOMST_DOORGETROKKEN,
    HERKOMST_GEEN,
    HERKOMST_INTERPOLATIE,
    HERKOMST_NAAR_RATO,
    herkomst_eindniveau,
    jaarlijst,
    programmajaren,
    rapportjaren,
    vereis_analysevorm,
)
from sdanalysis.analyse.programma.claims import (
    Claimmeting,
    categorieen_voor,
    claim_vs_gemeten,
    claimmeting,
    claims_per_project,
    claims_tegen_reeks,
    jaarkosten_per_categorie,
    jaarreeks,
)
from sdanalysis.analyse.programma.controle import (
    controleer_programma,
    strijdigheden,
    verschillen,
)
from sdanalysis.analyse.programma.effecten import (
    effecten_met_voorbehoud,
    effecten_per_jaar,
    koppel_effecten,
)
from sdanalysis.analyse.programma.gat import (
    KOLOMMEN_OVERZICHT,
    NIVEAUS,
    STATUS_VERWACHT,
    STATUSSEN,
    afgeleide_bedragen,
    brugdata,
    gap_tabel,
    projecttabel,
    status,
)
from sdanalysis.analyse.programma.oordeel import ALTERNATIEVEN, oordeel
from sdanalysis.analyse.programma.scenario import scenario_huidig_tempo, scenario_totalen
from sdanalysis.analyse.programma.taakstelling import (
    pakket_taakstelling_per_jaar,
    taakstelling_per_jaar,
)
from sdanalysis.instellingen import Programma

__all__ = [
    "ALTERNATIEVEN",
    "effecten_met_voorbehoud",
    "STATUS_VERWACHT",
    "oordeel",
    "strijdigheden",
    "HERKOMST_BRIEF",
    "HERKOMST_DOORGETROKKEN",
    "HERKOMST_GEEN",
    "HERKOMST_INTERPOLATIE",
    "HERKOMST_NAAR_RATO",
    "KOLOMMEN_OVERZICHT",
    "NIVEAUS",
    "STATUSSEN",
    "Claimmeting",
    "Programmasectie",
    "afgeleide_bedragen",
    "brugdata",
    "categorieen_voor",
    "claim_vs_gemeten",
    "claimmeting",
    "claims_per_project",
    "claims_tegen_reeks",
    "controleer_programma",
    "effecten_per_jaar",
    "gap_tabel",
    "herkomst_eindniveau",
    "jaarkosten_per_categorie",
    "jaarlijst",
    "jaarreeks",
    "koppel_effecten",
    "pakket_taakstelling_per_jaar",
    "programmajaren",
    "programmasectie",
    "projecttabel",
    "rapportjaren",
    "scenario_huidig_tempo",
    "scenario_totalen",
    "status",
    "taakstelling_per_jaar",
    "vereis_analysevorm",
    "verschillen",
]


@dataclass(frozen=True)
class Programmasectie:
    """Every table of the programme section, computed once from the processed tables.

    Attributes:
        jaren: The programme's years (see :func:`programmajaren`).
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten.
        controles: :func:`controleer_programma`.
        gap_maatregel: :func:`gap_tabel` per maatregel over :func:`rapportjaren`.
        gap_project: Per project.
        gap_pakket: Per pakket.
        gap_totaal: Total.
        gap_sinds_start: Per pakket from the startjaar (one-off effects of early years).
        afgeleid: :func:`afgeleide_bedragen` in the eindjaar.
        projecten: :func:`projecttabel` in the eindjaar.
        brug: :func:`brugdata` of the total in the eindjaar (empty without taakstelling).
        scenario: :func:`scenario_huidig_tempo`, ``methode="tempo"``, interpolated.
        scenario_niveau: The same with ``methode="niveau"``.
        claims: :func:`claims_per_project`.
        oordeel_totaal: :func:`oordeel` of the total over :func:`rapportjaren`: status,
            margin, deciding assumptions and the source's caveats.
        oordeel_pakket: The same per pakket.
        voorbehouden: :func:`effecten_met_voorbehoud`: derived, approximate, PM and
            amount-less effects with the source's words and the reasoning.
    """

    jaren: Programma
    maatregelen: pd.DataFrame
    pakketten: pd.DataFrame
    effecten: pd.DataFrame
    controles: pd.DataFrame
    gap_maatregel: pd.DataFrame
    gap_project: pd.DataFrame
    gap_pakket: pd.DataFrame
    gap_totaal: pd.DataFrame
    gap_sinds_start: pd.DataFrame
    afgeleid: pd.DataFrame
    projecten: pd.DataFrame
    brug: pd.DataFrame
    scenario: pd.DataFrame
    scenario_niveau: pd.DataFrame
    claims: pd.DataFrame
    oordeel_totaal: pd.DataFrame
    oordeel_pakket: pd.DataFrame
    voorbehouden: pd.DataFrame

    @property
    def verschillen(self) -> pd.DataFrame:
        """The checks where the programme's own figures do not add up."""
        return verschillen(self.controles)

    @property
    def strijdigheden(self) -> pd.DataFrame:
        """The checks where the source contradicts itself or its own timing."""
        return strijdigheden(self.controles)

    @property
    def scenario_totaal(self) -> pd.DataFrame:
        """Scenario totals per year, at today's pace and at a standstill."""
        return scenario_totalen(self.scenario, self.scenario_niveau)


def _brug_of_leeg(gap: pd.DataFrame, jaar: int) -> pd.DataFrame:
    if not (gap["jaar"].eq(jaar) & gap["taakstelling_eur"].notna()).any():
        return pd.DataFrame(columns=["label", "bedrag_eur", "totaal"])
    return brugdata(gap, jaar)


def programmasectie(
    maatregelen: pd.DataFrame,
    pakketten: pd.DataFrame,
    effecten: pd.DataFrame,
    programma: Programma | None = None,
    *,
    marge: float | None = None,
    mapping: pd.DataFrame | None = None,
) -> Programmasectie:
    """Compute every table of the programme section (notebook and workbook) in one call.

    Args:
        maatregelen: Processed maatregelen.
        pakketten: Processed pakketten.
        effecten: Processed effecten.
        programma: The profile's years (``inst.profiel.programma``); ``None``: derived from
            the tables (:func:`programmajaren`).
        marge: Status margin (default ``instellingen.STATUS_MARGE``).
        mapping: The gemeente's maatregel -> categorie link (``laad_programma`` gives it when
            delivered); ``None``: no claims.

    Returns:
        A :class:`Programmasectie`.
    """
    p = programmajaren(programma, maatregelen, pakketten, effecten)
    eind = p.eindjaar
    tabellen = (maatregelen, effecten, pakketten)
    opties = {"jaren": rapportjaren(p), "eindjaar": eind, "marge": marge}
    gap = {n: gap_tabel(*tabellen, niveau=n, **opties) for n in NIVEAUS}
    zonder = gap_tabel(*tabellen, niveau="pakket", met_afgeleid=False, **opties)
    scenario = {"startjaar": p.startjaar, "eindjaar": eind, "peiljaar": p.peiljaar}
    return Programmasectie(
        jaren=p,
        maatregelen=maatregelen,
        pakketten=pakketten,
        effecten=effecten,
        controles=controleer_programma(maatregelen, pakketten, effecten, eindjaar=eind),
        gap_maatregel=gap["maatregel"],
        gap_project=gap["project"],
        gap_pakket=gap["pakket"],
        gap_totaal=gap["totaal"],
        gap_sinds_start=gap_tabel(
            *tabellen, niveau="pakket", **{**opties, "jaren": range(p.startjaar, eind + 1)}
        ),
        afgeleid=afgeleide_bedragen(gap["pakket"], zonder, eind),
        projecten=projecttabel(maatregelen, effecten, eind, eindjaar=eind, marge=marge),
        brug=_brug_of_leeg(gap["totaal"], eind),
        scenario=scenario_huidig_tempo(*tabellen, interpolatie=True, **scenario),
        scenario_niveau=scenario_huidig_tempo(
            *tabellen, methode="niveau", interpolatie=True, **scenario
        ),
        claims=claims_per_project(maatregelen, effecten, mapping, startjaar=p.startjaar),
        oordeel_totaal=oordeel(*tabellen, niveau="totaal", **opties),
        oordeel_pakket=oordeel(*tabellen, niveau="pakket", **opties),
        voorbehouden=effecten_met_voorbehoud(maatregelen, effecten),
    )
