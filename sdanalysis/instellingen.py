"""Settings: paths, the gemeente profile, years and thresholds, built once and passed on.

Two kinds of values live here:

- **Constants of the method** that hold for every gemeente (the suppression threshold of
  CBS, the legal Wmo terms, tolerances). They are module constants; code reads them at call
  time (``instellingen.SUPPRESSIE_DREMPEL``), never copies them at import.
- **Choices of one run**: which raw folders, which processed folder, which gemeente and
  which years. They form one frozen :class:`Instellingen`, built by
  :func:`laad_instellingen` from arguments, the gemeente profile and the environment, and
  passed explicitly to whatever needs it.

Everything about one gemeente (name, CBS code, peers, the categories its story follows,
base years, agreements such as a cost reduction) comes from its profile, a small TOML file
``gemeente.toml`` beside its raw data (see :func:`profiel_sjabloon`), never from code.

All paths are rooted at the project (the folder holding ``pyproject.toml``), never at the
current working directory. Environment variables:

- ``SDANALYSIS_ROOT``: project root (default: found from this file).
- ``SDANALYSIS_EXTERNAL``: folder with public data (default: ``../shared/data/public``
  beside the project when present, else ``data/external``).
- ``SDANALYSIS_PSEUDONIEM_SLEUTEL``: key for the keyed BSN pseudonym (never in git).

>>> SUPPRESSIE_DREMPEL
10
>>> inst = laad_instellingen(jaren=(2020, 2023), omgeving={})
>>> inst.jaren, inst.processed_dir.name
((2020, 2023), 'processed')
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROFIEL_BESTAND = "gemeente.toml"
#: A gemeente's link between its maatregelen and categories of care (for the claims of its
#: programme), beside its programme tables; the build copies it like the profile.
KOPPELING_BESTAND = "maatregel_categorie.csv"


def _find_root() -> Path:
    env = os.environ.get("SDANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").exists() and (candidate / "sdanalysis").is_dir():
            return candidate
    return Path.cwd().resolve()


# --------------------------------------------------------------------------- project paths

ROOT: Path = _find_root()
DATA_DIR: Path = ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
DEMO_RAW_DIR: Path = RAW_DIR / "demo"
PROGRAMMA_RAW_DIR: Path = RAW_DIR / "programma"
PROCESSED_DIR: Path = DATA_DIR / "processed"
REPORTS_DIR: Path = ROOT / "reports"
NOTEBOOKS_DIR: Path = ROOT / "notebooks"
PACKAGE_DATA_DIR: Path = Path(__file__).resolve().parent / "data"

#: Default raw inputs of a build: the synthetic demo gemeente plus the real programme figures.
DEFAULT_RAW_DIRS: tuple[Path, ...] = (DEMO_RAW_DIR, PROGRAMMA_RAW_DIR)


def external_dir(omgeving: Mapping[str, str] | None = None) -> Path:
    """Folder with public data (CBS, Iv3, iStandaarden).

    Args:
        omgeving: Environment to read (default: ``os.environ``).

    Returns:
        ``$SDANALYSIS_EXTERNAL`` if set, else ``../shared/data/public`` beside the
        project if it exists, else ``data/external``.

    >>> external_dir({"SDANALYSIS_EXTERNAL": "/tmp/publiek"}).name
    'publiek'
    """
    omgeving = os.environ if omgeving is None else omgeving
    env = omgeving.get("SDANALYSIS_EXTERNAL")
    if env:
        return Path(env).resolve()
    shared = ROOT.parent / "shared" / "data" / "public"
    if shared.is_dir():
        return shared
    return DATA_DIR / "external"


# --------------------------------------------------------------------------- constants of the method

#: Environment variable holding the pseudonymisation key.
SLEUTEL_ENV = "SDANALYSIS_PSEUDONIEM_SLEUTEL"
#: Publicly documented key for the synthetic demo data only; a real build refuses it.
DEMO_SLEUTEL = "sdanalysis-demo-sleutel-alleen-voor-synthetische-data"
#: Minimum length of a pseudonymisation key: there are only about 10^8 BSNs, so a short or
#: guessable key lets anyone recompute every pseudonym.
SLEUTEL_MINIMALE_LENGTE = 32
#: What a BSN-like number is replaced by wherever text is stored or shown.
BSN_MASKER = "***"

#: Counts below this threshold are suppressed in published tables (CBS practice).
SUPPRESSIE_DREMPEL = 10
#: Sign shown instead of a suppressed figure (as CBS does).
SUPPRESSIE_TEKEN = "."

#: Charts draw no forecast from a history shorter than this (periods): a trend fitted to
#: a few points is not extrapolated (yearly series; monthly series need two full years).
PROGNOSE_MIN_PERIODEN_JAAR = 5
PROGNOSE_MIN_PERIODEN_MAAND = 24

#: National Wmo abonnementstarief (a fixed own contribution per four weeks, whatever the
#: income), in force for every gemeente from 1 January 2019: national policy, not one
#: gemeente's choice. Notebook 06 tests the meldingen for a break on this date.
ABONNEMENTSTARIEF_INGANG = "2019-01-01"

#: Legal Wmo terms: 6 weeks onderzoek after the melding, then 2 weeks to decide on the aanvraag.
WMO_TERMIJN_ONDERZOEK_WEKEN = 6
WMO_TERMIJN_BESLUIT_WEKEN = 2

#: Default demo generation parameters.
DEMO_SEED = 20190417
DEMO_INWONERS = 83_000

#: Share of the taakstelling within which a gap counts as "op koers".
STATUS_MARGE = 0.05

#: Aanbieders: gap (days) within which toewijzingen at one aanbieder form one traject, and
#: within which a new traject at another aanbieder counts as a wisseling.
TRAJECT_MAX_ONDERBREKING_DAGEN = 14
WISSEL_MAX_TUSSENPOOS_DAGEN = 90

#: Public data: first year of the BBV taakvelden, CBS download timeout and cache folder.
EERSTE_TAAKVELDJAAR = 2017
CBS_TIMEOUT_SECONDEN = 10
CBS_CACHE_MAP = "cbs"

#: Reconciliation declaraties against realisatie: relative and absolute tolerance.
AANSLUITING_TOLERANTIE = 0.005
AANSLUITING_TOLERANTIE_EUR = 1_000.0
#: Wachttijd "aanmelding → start hulp (eerste toewijzing)": a toewijzing that starts later than
#: this after the melding is not counted as the start of help for that melding.
WACHTTIJD_MAX_DAGEN = 365

#: iJw/iWmo messages: age groups (from, to inclusive or None, label) that replace the birth date.
BERICHT_LEEFTIJDSGROEPEN: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "0-17"),
    (18, 22, "18-22"),
    (23, 64, "23-64"),
    (65, None, "65+"),
)
#: Zorg from messages: a toewijzing without a start (305) after this many weeks is reported.
ZORG_START_SIGNAAL_WEKEN = 6


# --------------------------------------------------------------------------- the gemeente profile


class ProfielFout(ValueError):
    """A gemeente profile cannot be read or is inconsistent; the message is Dutch."""


@dataclass(frozen=True)
class Afspraak:
    """An agreement on cost reduction for a set of productcategorieën.

    Attributes:
        naam: Short name, e.g. ``"WVHS"``.
        productcategorieen: iStandaarden productcategorie codes the agreement covers.
        reductie_fractie: Agreed reduction after ``jaren`` years, as a fraction (0-1).
        jaren: Number of years over which the reduction is reached.
        basisjaar: Year whose cost is the baseline; ``None`` means the first year in range.
    """

    naam: str
    productcategorieen: tuple[str, ...]
    reductie_fractie: float
    jaren: int
    basisjaar: int | None = None


@dataclass(frozen=True)
class Programma:
    """Years of a savings programme (interventieprogramma), when the gemeente has one.

    Attributes:
        startjaar: First year of the programme.
        eindjaar: Last year of the programme.
        peiljaar: Year of the status report the programme tables describe.
        bron: The document the programme tables come from (e.g. a raadsbrief with its date
            and zaaknummer), as the workbook and report cite it.
    """

    startjaar: int
    eindjaar: int
    peiljaar: int
    bron: str | None = None


@dataclass(frozen=True)
class Gemeenteprofiel:
    """What sdanalysis knows about one gemeente beyond its data.

    Attributes:
        naam: Name as the gemeente writes it (``"Hengelo"``).
        cbs_code: CBS code (``"GM0164"``); ``None`` until resolved from the CBS list.
        inwoners: Inhabitants; ``None`` means take them from ``bevolking`` or public data.
        vergelijking: Named peer groups: name -> CBS codes (the gemeente itself is never a peer).
        trend_categorieen: Categories the trend story follows; empty means all in the data.
        index_basisjaar: Base year of index series; ``None`` means the first year in range.
        programma: The savings programme, if any.
        afspraken: Cost-reduction agreements.
        kernset_fractie: Share of the budget the regional core set must cover, if agreed.
        bron: The file the profile was read from, if any.
    """

    naam: str = "de gemeente"
    cbs_code: str | None = None
    inwoners: int | None = None
    vergelijking: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    trend_categorieen: tuple[str, ...] = ()
    index_basisjaar: int | None = None
    programma: Programma | None = None
    afspraken: tuple[Afspraak, ...] = ()
    kernset_fractie: float | None = None
    bron: Path | None = None


def _als_codes(waarde: object, wat: str, pad: Path) -> tuple[str, ...]:
    if isinstance(waarde, str):
        waarde = [waarde]
    if not isinstance(waarde, Sequence) or not all(isinstance(v, str | int) for v in waarde):
        raise ProfielFout(f"{pad}: '{wat}' moet een lijst met teksten zijn")
    return tuple(str(v).strip() for v in waarde)


def _geheel_of_niets(waarde: object, wat: str, pad: Path) -> int | None:
    if waarde is None or waarde == "":
        return None
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise ProfielFout(f"{pad}: '{wat}' moet een geheel getal zijn, niet {waarde!r}")
    return waarde


def _afspraken(lijst: object, pad: Path) -> tuple[Afspraak, ...]:
    if not isinstance(lijst, list):
        raise ProfielFout(f"{pad}: 'afspraken' moet een lijst van tabellen zijn ([[afspraken]])")
    uit = []
    for i, a in enumerate(lijst, start=1):
        try:
            uit.append(
                Afspraak(
                    naam=str(a["naam"]),
                    productcategorieen=_als_codes(
                        a["productcategorieen"], "productcategorieen", pad
                    ),
                    reductie_fractie=float(a["reductie_fractie"]),
                    jaren=int(a["jaren"]),
                    basisjaar=_geheel_of_niets(a.get("basisjaar"), "basisjaar", pad),
                )
            )
        except KeyError as e:
            raise ProfielFout(f"{pad}: afspraak {i} mist het veld {e.args[0]!r}") from None
        if not 0 < uit[-1].reductie_fractie < 1:
            raise ProfielFout(f"{pad}: afspraak {i}: reductie_fractie moet tussen 0 en 1 liggen")
    return tuple(uit)


def _programma(p: object, pad: Path) -> Programma | None:
    if p is None:
        return None
    if not isinstance(p, Mapping):
        raise ProfielFout(f"{pad}: [programma] moet een tabel zijn")
    try:
        bron = p.get("bron")
        prog = Programma(
            int(p["startjaar"]),
            int(p["eindjaar"]),
            int(p["peiljaar"]),
            str(bron).strip() if bron else None,
        )
    except KeyError as e:
        raise ProfielFout(f"{pad}: [programma] mist het veld {e.args[0]!r}") from None
    if not prog.startjaar <= prog.eindjaar:
        raise ProfielFout(f"{pad}: [programma] startjaar ligt na eindjaar")
    return prog


def lees_profiel(pad: str | Path) -> Gemeenteprofiel:
    r"""Read a gemeente profile (``gemeente.toml``).

    Args:
        pad: The TOML file.

    Returns:
        The profile; fields the file leaves out keep their defaults.

    Raises:
        ProfielFout: The file is unreadable or a field has the wrong form (Dutch message).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "gemeente.toml"
    >>> _ = p.write_text('naam = "Borne"\ncbs_code = "GM0147"\n[vergelijking]\nburen = ["GM0164"]\n')
    >>> prof = lees_profiel(p)
    >>> prof.naam, prof.cbs_code, dict(prof.vergelijking)
    ('Borne', 'GM0147', {'buren': ('GM0164',)})
    """
    pad = Path(pad)
    try:
        data = tomllib.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfielFout(f"gemeenteprofiel niet gevonden: {pad}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ProfielFout(f"{pad}: geen geldig TOML-bestand ({e})") from None
    onbekend = set(data) - {
        "naam",
        "cbs_code",
        "inwoners",
        "vergelijking",
        "analyse",
        "programma",
        "afspraken",
        "kernset",
    }
    if onbekend:
        raise ProfielFout(f"{pad}: onbekende velden {sorted(onbekend)}")
    code = data.get("cbs_code") or None
    if code is not None and not (
        isinstance(code, str) and len(code) == 6 and code.startswith("GM")
    ):
        raise ProfielFout(f"{pad}: cbs_code moet de vorm GM0000 hebben, niet {code!r}")
    analyse = data.get("analyse", {})
    vergelijking = {
        str(k): _als_codes(v, f"vergelijking.{k}", pad)
        for k, v in data.get("vergelijking", {}).items()
    }
    return Gemeenteprofiel(
        naam=str(data.get("naam") or "de gemeente"),
        cbs_code=code,
        inwoners=_geheel_of_niets(data.get("inwoners"), "inwoners", pad),
        vergelijking=vergelijking,
        trend_categorieen=_als_codes(
            analyse.get("trend_categorieen", []), "trend_categorieen", pad
        ),
        index_basisjaar=_geheel_of_niets(analyse.get("index_basisjaar"), "index_basisjaar", pad),
        programma=_programma(data.get("programma"), pad),
        afspraken=_afspraken(data.get("afspraken", []), pad),
        kernset_fractie=(float(data["kernset"]["fractie"]) if "kernset" in data else None),
        bron=pad,
    )


def zoek_profiel(mappen: Sequence[str | Path]) -> Path | None:
    """The ``gemeente.toml`` in the given folders, if any.

    Args:
        mappen: Folders to search (raw folders or a processed folder), in order.

    Returns:
        The first profile found, or ``None``.

    Raises:
        ProfielFout: Two folders hold profiles with different content.
    """
    gevonden = [Path(m) / PROFIEL_BESTAND for m in mappen if (Path(m) / PROFIEL_BESTAND).is_file()]
    inhoud = {p.read_bytes() for p in gevonden}
    if len(inhoud) > 1:
        raise ProfielFout(
            "meer dan één verschillend gemeenteprofiel gevonden: "
            + ", ".join(str(p) for p in gevonden)
            + "; houd er één over"
        )
    return gevonden[0] if gevonden else None


def profiel_sjabloon(naam: str, cbs_code: str | None = None, inwoners: int | None = None) -> str:
    """The text of a new ``gemeente.toml`` with every field explained (Dutch comments).

    Args:
        naam: Name of the gemeente.
        cbs_code: CBS code if known.
        inwoners: Inhabitants if known.

    Returns:
        TOML text that :func:`lees_profiel` reads back.

    >>> tekst = profiel_sjabloon("Borne", "GM0147")
    >>> tomllib.loads(tekst)["cbs_code"]
    'GM0147'
    """
    code = f'"{cbs_code}"' if cbs_code else '""'
    inw = str(inwoners) if inwoners else ""
    return f"""# Gemeenteprofiel voor sdanalysis. Alles wat over één gemeente gaat, staat hier,
# niet in de code. Lege waarden worden afgeleid uit de gegevens of uit open data.

naam = "{naam}"
# CBS-gemeentecode (GM + 4 cijfers). Leeg: opgezocht in de CBS-gemeentelijst op naam.
cbs_code = {code}
# Aantal inwoners. Weglaten: uit de tabel bevolking, anders uit open data (CBS).
{"inwoners = " + inw if inw else "# inwoners = 0"}

[analyse]
# Productcategorieën die het trendverhaal volgt. Leeg: alle categorieën in de gegevens.
trend_categorieen = []
# Basisjaar voor indexreeksen (= 100). Weglaten: het eerste jaar in beeld.
# index_basisjaar = 2020

[vergelijking]
# Eigen vergelijkingsgroepen naast gemeenteklasse en jeugdzorgregio: naam = [CBS-codes].
# "Buren" = ["GM0000", "GM0001"]

# Een besparingsprogramma (interventieprogramma), als de gemeente er een heeft:
# [programma]
# startjaar = 2018
# eindjaar = 2022
# peiljaar = 2019
# bron = "Brief college aan de raad, 1 januari 2019 (zaaknummer ...)"

# Afspraken over kostenreductie, één blok per afspraak:
# [[afspraken]]
# naam = "WVHS"
# productcategorieen = ["43"]
# reductie_fractie = 0.20
# jaren = 4
# basisjaar = 2018

# Aandeel van het jeugdhulpbudget dat de regionale kernset moet dekken:
# [kernset]
# fractie = 0.60
"""


# --------------------------------------------------------------------------- one run's settings


@dataclass(frozen=True)
class Instellingen:
    """The settings of one run: where data live, which gemeente, which years.

    Attributes:
        raw_dirs: Raw input folders of the build.
        processed_dir: Folder with the processed tables.
        external_dir: Folder with public data.
        reports_dir: Folder reports are written to.
        profiel: The gemeente profile.
        jaren: First and last year to analyse; ``None`` means the span of the data.
        streng: Claims of the source letters are hard tests (the demo) rather than findings.
    """

    raw_dirs: tuple[Path, ...] = DEFAULT_RAW_DIRS
    processed_dir: Path = PROCESSED_DIR
    external_dir: Path = field(default_factory=external_dir)
    reports_dir: Path = REPORTS_DIR
    profiel: Gemeenteprofiel = field(default_factory=Gemeenteprofiel)
    jaren: tuple[int, int] | None = None
    streng: bool = False

    @property
    def gemeente(self) -> str:
        """Name of the gemeente."""
        return self.profiel.naam

    def met(self, **wijzigingen: object) -> Instellingen:
        """A copy with some fields changed (the object itself is frozen)."""
        return dataclasses.replace(self, **wijzigingen)


def _pad(p: str | Path | None, standaard: Path) -> Path:
    if p is None or str(p) == "":
        return standaard
    p = Path(p)
    return p if p.is_absolute() else (Path.cwd() / p).resolve()


def laad_instellingen(
    *,
    raw: Sequence[str | Path] | None = None,
    processed: str | Path | None = None,
    profiel: str | Path | None = None,
    gemeente: str | None = None,
    jaren: tuple[int | None, int | None] | None = None,
    streng: bool | None = None,
    omgeving: Mapping[str, str] | None = None,
) -> Instellingen:
    """Build the settings of one run from arguments, the gemeente profile and the environment.

    The profile is, in this order: ``profiel``; with explicit ``raw`` folders, ``gemeente.toml``
    in one of them (never a profile left in the processed folder by another build); else
    ``gemeente.toml`` in the processed folder (the build copies it there), then in the default
    raw folders; none (then ``gemeente`` names the gemeente and everything else comes from
    the data).

    Args:
        raw: Raw folders (default: the demo and the programme folder).
        processed: Processed folder (default: ``$SDANALYSIS_PROCESSED``, else
            ``data/processed``); relative to the cwd.
        profiel: Explicit profile file.
        gemeente: Name that overrides the profile's name.
        jaren: First and last year; either may be ``None`` (open end).
        streng: Claims are hard tests; default: only for the synthetic demo.
        omgeving: Environment (default ``os.environ``).

    Returns:
        Frozen settings.

    Raises:
        ProfielFout: The profile cannot be read.
    """
    omgeving = os.environ if omgeving is None else omgeving
    raw_dirs = tuple(_pad(r, DEMO_RAW_DIR) for r in raw) if raw else DEFAULT_RAW_DIRS
    processed_dir = _pad(processed or omgeving.get("SDANALYSIS_PROCESSED"), PROCESSED_DIR)
    if profiel:
        pad: Path | None = Path(profiel)
    elif raw:
        # explicit raw folders are the truth: a profile left in the processed folder by an
        # earlier build (of another gemeente) must not name this one
        pad = zoek_profiel(raw_dirs)
    else:
        pad = zoek_profiel([processed_dir]) or zoek_profiel(raw_dirs)
    prof = lees_profiel(pad) if pad else Gemeenteprofiel()
    if gemeente and gemeente != prof.naam:
        # another gemeente than the profile's: nothing of that profile applies to it
        prof = Gemeenteprofiel(naam=gemeente)
    if jaren is not None and all(j is None for j in jaren):
        jaren = None
    if jaren is not None:
        eerste, laatste = jaren
        if eerste is not None and laatste is not None and eerste > laatste:
            raise ProfielFout(f"jaren: {eerste} ligt na {laatste}")
    return Instellingen(
        raw_dirs=raw_dirs,
        processed_dir=processed_dir,
        external_dir=external_dir(omgeving),
        profiel=prof,
        jaren=jaren,  # type: ignore[arg-type]
        streng=bool(streng) if streng is not None else False,
    )
