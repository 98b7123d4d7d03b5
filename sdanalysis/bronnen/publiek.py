"""Temporary re-export of the names that lived here; import from the new modules instead.

The public sources were split by source: :mod:`sdanalysis.bronnen.gemeenten`,
:mod:`sdanalysis.bronnen.iv3`, :mod:`sdanalysis.bronnen.cbs` (shared plumbing in
:mod:`sdanalysis.bronnen.bestanden`); the benchmark moved to :mod:`sdanalysis.analyse.benchmark`.
This shim keeps old callers working until they follow; it will be removed.
"""

from __future__ import annotations

from sdanalysis.analyse.benchmark import (
    begroting_over_jaren,
    begroting_vs_jaarrekening,
    benchmark,
    benchmark_jaarrekening,
    benchmark_overzicht,
    lasten_per_inwoner,
    lasten_per_inwoner_jaarrekening,
    percentiel,
)
from sdanalysis.bronnen.bestanden import (
    CBS_83262_MAP,
    CODELIJSTEN_MAP,
    IV3_MAP,
    PubliekeDataFout,
    publiek_pad,
)
from sdanalysis.bronnen.cbs import (
    CBS_KOLOMMEN_VAST,
    CBS_ONTBREKEND,
    CBSDownloadFout,
    fetch_cbs,
    laad_cbs_ruw,
    laad_wmo_clienten_83262,
    lees_cbsodata,
    periode_sleutel,
)
from sdanalysis.bronnen.gemeenten import (
    GROOTTEKLASSEN,
    NEDERLAND_CODE,
    NEDERLAND_NAAM,
    laad_gemeentecodes,
    laad_gemeenteklassen,
    naar_gemeentecode,
    vergelijkingsgroepen,
)
from sdanalysis.bronnen.iv3 import (
    IV3_FACTOR_EUR,
    IV3_KOLOMMEN,
    controleer_nederland,
    laad_iv3,
    laad_iv3_alle,
    laad_iv3_met_afkeur,
    totalen_per_gemeente,
)

__all__ = [
    "CBS_83262_MAP",
    "CBS_KOLOMMEN_VAST",
    "CBS_ONTBREKEND",
    "CODELIJSTEN_MAP",
    "GROOTTEKLASSEN",
    "IV3_FACTOR_EUR",
    "IV3_KOLOMMEN",
    "IV3_MAP",
    "NEDERLAND_CODE",
    "NEDERLAND_NAAM",
    "CBSDownloadFout",
    "PubliekeDataFout",
    "begroting_over_jaren",
    "begroting_vs_jaarrekening",
    "benchmark",
    "benchmark_jaarrekening",
    "benchmark_overzicht",
    "controleer_nederland",
    "fetch_cbs",
    "laad_cbs_ruw",
    "laad_gemeentecodes",
    "laad_gemeenteklassen",
    "laad_iv3",
    "laad_iv3_alle",
    "laad_iv3_met_afkeur",
    "laad_wmo_clienten_83262",
    "lasten_per_inwoner",
    "lasten_per_inwoner_jaarrekening",
    "lees_cbsodata",
    "naar_gemeentecode",
    "percentiel",
    "periode_sleutel",
    "publiek_pad",
    "totalen_per_gemeente",
    "vergelijkingsgroepen",
]
