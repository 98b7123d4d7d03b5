"""One source of truth for paths, the gemeente and every threshold.

All paths are rooted at the project (the folder holding ``pyproject.toml``), never at
the current working directory, so notebooks and the CLI find the same files from
anywhere. Environment variables override the defaults:

- ``SDANALYSIS_ROOT``: project root (default: found from this file).
- ``SDANALYSIS_EXTERNAL``: folder with public data (default: ``../shared/data/public``
  next to the project when present, else ``data/external``).
- ``SDANALYSIS_PSEUDONIEM_SLEUTEL``: key for the keyed BSN pseudonym (never in git).
- ``SDANALYSIS_PROCESSED``, ``SDANALYSIS_GEMEENTE``, ``SDANALYSIS_GEMEENTECODE``,
  ``SDANALYSIS_EERSTE_JAAR``, ``SDANALYSIS_LAATSTE_JAAR``: set by ``sdanalysis report`` so the
  notebooks it runs see its parameters.

>>> PROCESSED_DIR.name
'processed'
>>> SUPPRESSIE_DREMPEL
10
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("SDANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").exists() and (candidate / "sdanalysis").is_dir():
            return candidate
    return Path.cwd().resolve()


ROOT: Path = _find_root()
DATA_DIR: Path = ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
DEMO_RAW_DIR: Path = RAW_DIR / "demo"
PROGRAMMA_RAW_DIR: Path = RAW_DIR / "programma"
#: Processed tables; ``SDANALYSIS_PROCESSED`` points elsewhere (the report does so for --raw).
PROCESSED_DIR: Path = Path(os.environ.get("SDANALYSIS_PROCESSED") or DATA_DIR / "processed")
REPORTS_DIR: Path = ROOT / "reports"
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
PACKAGE_DATA_DIR: Path = Path(__file__).resolve().parent / "data"


def external_dir() -> Path:
    """Folder with public data (CBS, Iv3, iStandaarden).

    Returns:
        ``$SDANALYSIS_EXTERNAL`` if set, else ``../shared/data/public`` beside the
        project if it exists, else ``data/external``.
    """
    env = os.environ.get("SDANALYSIS_EXTERNAL")
    if env:
        return Path(env).resolve()
    shared = ROOT.parent / "shared" / "data" / "public"
    if shared.is_dir():
        return shared
    return DATA_DIR / "external"


#: Default raw inputs of a build: the synthetic demo gemeente plus the real programme figures.
DEFAULT_RAW_DIRS: tuple[Path, ...] = (DEMO_RAW_DIR, PROGRAMMA_RAW_DIR)

#: The gemeente the suite is built for first.
GEMEENTE_NAAM = os.environ.get("SDANALYSIS_GEMEENTE", "Hengelo")
GEMEENTE_CODE = os.environ.get("SDANALYSIS_GEMEENTECODE", "GM0164")
#: Inhabitants of Hengelo (O.) on 1-1-2024 according to gemeenteklassen 2024 (CBS).
GEMEENTE_INWONERS = 83_058

#: Environment variable holding the pseudonymisation key.
SLEUTEL_ENV = "SDANALYSIS_PSEUDONIEM_SLEUTEL"
#: Publicly documented key for the synthetic demo data only; a real build refuses it.
DEMO_SLEUTEL = "sdanalysis-demo-sleutel-alleen-voor-synthetische-data"

#: Counts below this threshold are suppressed in published tables (CBS practice).
SUPPRESSIE_DREMPEL = 10
#: Sign shown instead of a suppressed figure (as CBS does).
SUPPRESSIE_TEKEN = "."

#: Legal Wmo terms: 6 weeks onderzoek after the melding, then 2 weeks to decide on the aanvraag.
WMO_TERMIJN_ONDERZOEK_WEKEN = 6
WMO_TERMIJN_BESLUIT_WEKEN = 2

#: Analysis window of the demo and default charts.
EERSTE_JAAR = int(os.environ.get("SDANALYSIS_EERSTE_JAAR", 2015))
LAATSTE_JAAR = int(os.environ.get("SDANALYSIS_LAATSTE_JAAR", 2024))
#: Base year for index series (index = 100).
INDEX_BASISJAAR = 2017

#: Default demo generation parameters.
DEMO_SEED = 20190417
DEMO_INWONERS = 83_000

#: Interventieprogramma: adopted 6 juli 2018, runs to 2022; the letter is of 17 april 2019.
PROGRAMMA_STARTJAAR = 2018
PROGRAMMA_EINDJAAR = 2022
PEILJAAR_PROGRAMMA = 2019
#: Share of the taakstelling within which a gap counts as "op koers".
STATUS_MARGE = 0.05

#: Aanbieders: gap (days) within which toewijzingen at one aanbieder form one traject, and
#: within which a new traject at another aanbieder counts as a wisseling.
TRAJECT_MAX_ONDERBREKING_DAGEN = 14
WISSEL_MAX_TUSSENPOOS_DAGEN = 90
#: Share of the jeugdhulp budget covered by the regional agreements ("tenminste 60%").
KERNSET_AANDEEL = 0.60
#: WVHS agreement: 20% less cost in four years, from base year 2018, productcategorie 43.
WVHS_REDUCTIE = 0.20
WVHS_JAREN = 4
WVHS_BASISJAAR = 2018
WVHS_PRODUCTCATEGORIEEN: tuple[str, ...] = ("43",)

#: Public data: first year of the BBV taakvelden, CBS download timeout and cache folder,
#: and Hengelo's Twente peers in the Iv3 files (Enschede, Almelo, Borne, Oldenzaal).
EERSTE_TAAKVELDJAAR = 2017
CBS_TIMEOUT_SECONDEN = 10
CBS_CACHE_MAP = "cbs"
TWENTE_VERGELIJKING: tuple[str, ...] = ("GM0153", "GM0141", "GM0147", "GM0173")

#: Reconciliation declaraties against realisatie: relative and absolute tolerance.
AANSLUITING_TOLERANTIE = 0.005
AANSLUITING_TOLERANTIE_EUR = 1_000.0
#: Iv3 layout year of the taakveld column in productcodes / toewijzingen.
PRODUCTCODES_TAAKVELD_JAAR = 2023

#: Wachttijd "aanmelding → start hulp (eerste toewijzing)": a toewijzing that starts later than
#: this after the melding is not counted as the start of help for that melding.
WACHTTIJD_MAX_DAGEN = 365
