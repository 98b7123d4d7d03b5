"""Gemeenten: CBS codes and names, gemeenteklassen, jeugdzorgregio and peer groups.

Sources (in :func:`sdanalysis.instellingen.external_dir`, never copied into the repository;
see ``docs/publieke-data.md``):

- the CBS gemeente list with jeugdzorgregio (``CBS_Gemeentecodes_<jaar>_met_jeugdzorgregio.md``,
  a Markdown table: the generic reader reads CSV and XLSX, so a thin parser reads it);
- gemeenteklassen (``gemeenteklassen_<jaar>.tsv``: size class, stedelijkheid, inwoners);
- short names of the Iv3 files (``gemeentenamen_iv3_vs_gf.tsv``: "Hengelo (O.)" -> "Hengelo").

The latest year present is used. :func:`vul_profiel_aan` completes a
:class:`~sdanalysis.instellingen.Gemeenteprofiel` from these lists: CBS code from the name,
inwoners, and peer groups (same gemeenteklasse, same jeugdzorgregio, plus the profile's own
lists; the gemeente itself is never its own peer).

>>> codes = lees_gemeentecodes_tekst('''
... | Gemeentecode | Gemeentenaam | Provincienaam | Jeugdzorgregio |
... | 0164 | Hengelo (O.) | Overijssel | Twente |
... | 0153 | Enschede | Overijssel | Twente |''')
>>> codes.values.tolist()
[['GM0164', 'Hengelo (O.)', 'Overijssel', 'Twente'], ['GM0153', 'Enschede', 'Overijssel', 'Twente']]
>>> zoek_gemeentecode("hengelo", codes)
'GM0164'
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sdanalysis.bronnen.bestanden import (
    CODELIJSTEN_MAP,
    IV3_MAP,
    PubliekeDataFout,
    extern,
    lees_tekstbestand,
    nieuwste_bestand,
    rijfouten,
)
from sdanalysis.instellingen import Gemeenteprofiel

log = logging.getLogger(__name__)

#: File name patterns (group 1: the year); the latest year present is read.
GEMEENTECODES_PATROON = r"CBS_Gemeentecodes_(\d{4})_met_jeugdzorgregio\.md"
GEMEENTEKLASSEN_PATROON = r"gemeenteklassen_(\d{4})\.tsv"
GEMEENTENAMEN_IV3 = "gemeentenamen_iv3_vs_gf.tsv"
#: Region code and name of the whole country (CBS key ``"NL01  "``).
NEDERLAND_CODE = "NL01"
NEDERLAND_NAAM = "Nederland"
#: Name of the peer group of all gemeenten (added by the benchmark from the data).
ALLE_GEMEENTEN = "Alle gemeenten"

GEMEENTEKLASSEN_VERPLICHT = (
    "Gemeenten",
    "Provincie",
    "Gemeentegrootte",
    "Stedelijkheid",
    "Inwonertal",
)
#: Readable labels of the gemeentegrootte classes of the source.
GROOTTEKLASSEN: dict[str, str] = {
    "minderdan5000inwoners": "minder dan 5.000 inwoners",
    "5000tot10000inwoners": "5.000 tot 10.000 inwoners",
    "10000tot20000inwoners": "10.000 tot 20.000 inwoners",
    "20000tot50000inwoners": "20.000 tot 50.000 inwoners",
    "50000tot100000inwoners": "50.000 tot 100.000 inwoners",
    "100000tot150000inwoners": "100.000 tot 150.000 inwoners",
    "150000tot250000inwoners": "150.000 tot 250.000 inwoners",
    "250000inwonersofmeer": "250.000 inwoners of meer",
}
_CODE_RE = re.compile(r"(GM\d{4}|NL\d{2}|PV\d{2}|LD\d{2}|CR\d{2}|WK\d{6}|BU\d{8})")


class OnbekendeGemeenteFout(ValueError):
    """A gemeente name that is not in the CBS list, or names more than one gemeente.

    Attributes:
        kandidaten: ``(code, naam)`` pairs that may be meant.
    """

    def __init__(self, bericht: str, kandidaten: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(bericht)
        self.kandidaten = tuple(kandidaten)


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def gemeentecodes_pad(external: Path | str | None = None) -> Path:
    """The latest CBS gemeente list with jeugdzorgregio in the public-data folder."""
    return nieuwste_bestand(extern(external) / CODELIJSTEN_MAP, GEMEENTECODES_PATROON)


def gemeenteklassen_pad(external: Path | str | None = None) -> Path:
    """The latest gemeenteklassen file in the public-data folder."""
    return nieuwste_bestand(extern(external) / IV3_MAP, GEMEENTEKLASSEN_PATROON)


def lees_gemeentecodes_tekst(tekst: str, bron: str = "gemeentelijst") -> pd.DataFrame:
    """Parse the Markdown table of the CBS gemeente list (``| 0164 | Hengelo (O.) | ... |``).

    Args:
        tekst: The Markdown text.
        bron: Name used in the error message.

    Returns:
        Columns gemeentecode (``"GM0164"``), gemeentenaam, provincie, jeugdzorgregio.

    Raises:
        PubliekeDataFout: no table rows found.
    """
    rijen = re.findall(
        r"^\|\s*(\d{4})\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$", tekst, re.M
    )
    if not rijen:
        raise PubliekeDataFout(
            f"{bron}: geen gemeentecodes gevonden; verwacht een tabel "
            "'| 0164 | Hengelo (O.) | Overijssel | Twente |'"
        )
    df = pd.DataFrame(rijen, columns=["code", "gemeentenaam", "provincie", "jeugdzorgregio"])
    df.insert(0, "gemeentecode", "GM" + df.pop("code"))
    return df


@lru_cache(maxsize=8)
def _lees_gemeentecodes(pad: str) -> pd.DataFrame:
    return lees_gemeentecodes_tekst(Path(pad).read_text(encoding="utf-8"), Path(pad).name)


def laad_gemeentecodes(
    pad: Path | str | None = None, external: Path | str | None = None
) -> pd.DataFrame:
    """CBS gemeentecodes (latest indeling present) with provincie and jeugdzorgregio.

    Args:
        pad: The Markdown code list; default: the latest in the public-data folder.
        external: The public-data folder (default :func:`instellingen.external_dir`).

    Returns:
        Columns gemeentecode (``"GM0164"``), gemeentenaam (``"Hengelo (O.)"``), provincie,
        jeugdzorgregio.
    """
    pad = Path(pad) if pad is not None else gemeentecodes_pad(external)
    return _lees_gemeentecodes(str(pad)).copy()


# --------------------------------------------------------------------------------------
# Names -> codes
# --------------------------------------------------------------------------------------


def naam_sleutel(naam: object) -> str:
    """A name reduced for matching: single spaces, no outer spaces, case-folded.

    >>> naam_sleutel("  Hengelo   (O.) ")
    'hengelo (o.)'
    """
    return re.sub(r"\s+", " ", str(naam)).strip().casefold()


def _kort(naam: str) -> str:
    """Name without a trailing qualifier: ``"Hengelo (O.)"`` -> ``"Hengelo"``."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", naam)


def _naam_paren(pad: str | None) -> list[tuple[str, str]]:
    if pad is None or not Path(pad).exists():
        return []
    ruw = lees_tekstbestand(pad, "\t", ("Iv3naam", "GFnaam"), "gemeentenamen").rijen
    return [(str(a), str(b)) for a, b in zip(ruw["Iv3naam"], ruw["GFnaam"], strict=True)]


@lru_cache(maxsize=8)
def _naam_lookup(codes_pad: str, namen_pad: str | None) -> dict[str, str]:
    codes = _lees_gemeentecodes(codes_pad)
    lookup: dict[str, str] = {naam_sleutel(NEDERLAND_NAAM): NEDERLAND_CODE}
    korte: dict[str, list[str]] = {}
    for code, naam in zip(codes["gemeentecode"], codes["gemeentenaam"], strict=True):
        lookup[naam_sleutel(naam)] = code
        lookup[naam_sleutel(f"{naam} (gemeente)")] = code
        korte.setdefault(naam_sleutel(_kort(naam)), []).append(code)
    for kort, lijst in korte.items():  # "Hengelo" for "Hengelo (O.)", only when unique
        if len(lijst) == 1:
            lookup.setdefault(kort, lijst[0])
    for lang, kort in _naam_paren(namen_pad):
        code = lookup.get(naam_sleutel(lang)) or lookup.get(naam_sleutel(kort))
        if code:
            lookup[naam_sleutel(lang)] = code
            lookup[naam_sleutel(kort)] = code
    return lookup


def _naar_code(naam: object, lookup: Mapping[str, str]) -> object:
    if naam is None or (not isinstance(naam, str) and pd.isna(naam)):
        return pd.NA
    tekst = str(naam).strip()
    if _CODE_RE.fullmatch(tekst):
        return tekst
    return lookup.get(naam_sleutel(tekst), pd.NA)


def naar_gemeentecode(namen: Iterable[object], external: Path | str | None = None) -> pd.Series:
    """Map gemeente names, CBS titles or keys to a gemeentecode (``"GM0164"``).

    Accepts CBS names (``"Hengelo (O.)"``, ``"'s-Gravenhage (gemeente)"``), the short
    names of the Iv3 files (``"Hengelo"``), keys (``"GM0164"``, padded ``"NL01  "``) and
    ``"Nederland"`` (-> ``"NL01"``). Unknown names give ``<NA>``.

    Args:
        namen: Names or keys.
        external: The public-data folder (default :func:`instellingen.external_dir`).

    Returns:
        Series of codes (str, NA when unknown), same order.
    """
    codes_pad = str(gemeentecodes_pad(external))
    namen_pad = extern(external) / IV3_MAP / GEMEENTENAMEN_IV3
    lookup = _naam_lookup(codes_pad, str(namen_pad) if namen_pad.exists() else None)
    return pd.Series([_naar_code(n, lookup) for n in namen], dtype="string")


def zoek_gemeentecode(naam: str, codes: pd.DataFrame) -> str:
    """The CBS code of one gemeente by its name, strictly: unknown or ambiguous raises.

    The full CBS name (``"Hengelo (O.)"``), the name without the qualifier when that is
    unique (``"Hengelo"``) and a code (``"GM0164"``) are accepted, case-insensitively.

    Args:
        naam: Name as the gemeente writes it.
        codes: :func:`laad_gemeentecodes`.

    Returns:
        The gemeentecode.

    Raises:
        OnbekendeGemeenteFout: the name is unknown or fits more than one gemeente; the message
            lists the candidates.

    >>> codes = pd.DataFrame({"gemeentecode": ["GM0893", "GM0373"],
    ...                       "gemeentenaam": ["Bergen (L.)", "Bergen (NH.)"]})
    >>> zoek_gemeentecode("Bergen", codes)
    Traceback (most recent call last):
    ...
    sdanalysis.bronnen.gemeenten.OnbekendeGemeenteFout: Gemeente 'Bergen' is niet eenduidig: ...
    """
    tekst = str(naam).strip()
    if _CODE_RE.fullmatch(tekst.upper()) and tekst.upper() in set(codes["gemeentecode"]):
        return tekst.upper()
    namen = codes["gemeentenaam"].map(naam_sleutel)
    exact = codes[namen == naam_sleutel(tekst)]
    if len(exact) == 1:
        return str(exact["gemeentecode"].iloc[0])
    kort = codes[codes["gemeentenaam"].map(lambda n: naam_sleutel(_kort(n))) == naam_sleutel(tekst)]
    if len(kort) == 1:
        return str(kort["gemeentecode"].iloc[0])
    hint = "Zet cbs_code in gemeente.toml of gebruik de volledige naam uit de CBS-lijst."
    if len(kort) > 1:
        paren = list(zip(kort["gemeentecode"], kort["gemeentenaam"], strict=True))
        lijst = ", ".join(f"{n} ({c})" for c, n in paren)
        raise OnbekendeGemeenteFout(f"Gemeente {tekst!r} is niet eenduidig: {lijst}. {hint}", paren)
    bijna = difflib.get_close_matches(tekst, codes["gemeentenaam"].tolist(), n=5, cutoff=0.6)
    paren = [(str(codes.loc[codes["gemeentenaam"] == n, "gemeentecode"].iloc[0]), n) for n in bijna]
    voorstel = " Bedoelt u: " + ", ".join(f"{n} ({c})" for c, n in paren) + "?" if paren else ""
    raise OnbekendeGemeenteFout(
        f"Gemeente {tekst!r} staat niet in de CBS-gemeentelijst.{voorstel} {hint}", paren
    )


# --------------------------------------------------------------------------------------
# Gemeenteklassen
# --------------------------------------------------------------------------------------


def _jaar_uit_naam(pad: Path) -> int | None:
    m = re.search(r"(20\d{2})", pad.name)
    return int(m.group(1)) if m else None


def _controleer_klassen(df: pd.DataFrame, codes: pd.Series, inw: pd.Series, naam: str) -> None:
    if inw.isna().any() or (inw <= 0).any():
        fout = df.loc[(inw.isna() | (inw <= 0)).to_numpy(), "Gemeenten"].tolist()
        raise PubliekeDataFout(f"{naam}: geen geldig inwonertal voor {fout[:10]}")
    if codes.isna().any():
        raise PubliekeDataFout(
            f"{naam}: onbekende gemeente(n) {df.loc[codes.isna().to_numpy(), 'Gemeenten'].tolist()[:10]}"
        )
    onbekende_klasse = sorted(set(df["Gemeentegrootte"]) - set(GROOTTEKLASSEN))
    if onbekende_klasse:
        raise PubliekeDataFout(
            f"{naam}: onbekende gemeentegrootte {onbekende_klasse}; verwacht {list(GROOTTEKLASSEN)}"
        )


def laad_gemeenteklassen(
    pad: Path | str | None = None, jaar: int | None = None, external: Path | str | None = None
) -> pd.DataFrame:
    """Gemeenteklassen (size class, stedelijkheid, inwoners) per gemeente.

    Args:
        pad: The tab-separated file; default: the latest ``gemeenteklassen_<jaar>.tsv``.
        jaar: Year of the classification; default from the file name.
        external: The public-data folder (default :func:`instellingen.external_dir`).

    Returns:
        Columns gemeente (CBS name), gemeentecode, provincie, gemeentegrootte (source code),
        gemeentegrootte_label, stedelijkheid, inwoners, jaar.

    Raises:
        PubliekeDataFout: wrong separator, missing column, a row with another number of
            fields, unknown gemeente or bad inwonertal.
    """
    pad = Path(pad) if pad is not None else gemeenteklassen_pad(external)
    ruw = lees_tekstbestand(pad, "\t", GEMEENTEKLASSEN_VERPLICHT, "gemeenteklassen")
    fouten = rijfouten(ruw)
    slecht = [n for n, f in zip(ruw.rijnummers, fouten, strict=True) if f is not None]
    if slecht:
        raise PubliekeDataFout(
            f"{pad.name}: regel(s) {slecht[:10]} hebben niet {len(ruw.kolommen)} velden "
            f"({fouten.dropna().iloc[0]})"
        )
    df = ruw.rijen[ruw.kolommen].astype(str)
    inw = pd.to_numeric(df["Inwonertal"].str.strip(), errors="coerce")
    codes = naar_gemeentecode(df["Gemeenten"], external)
    _controleer_klassen(df, codes, inw, pad.name)
    jaar = jaar if jaar is not None else _jaar_uit_naam(pad)
    return pd.DataFrame(
        {
            "gemeente": df["Gemeenten"].astype("string"),
            "gemeentecode": codes.to_numpy(),
            "provincie": df["Provincie"].astype("string"),
            "gemeentegrootte": df["Gemeentegrootte"].astype("string"),
            "gemeentegrootte_label": df["Gemeentegrootte"].map(GROOTTEKLASSEN).astype("string"),
            "stedelijkheid": df["Stedelijkheid"].astype("string"),
            "inwoners": inw.astype("int64").to_numpy(),
            "jaar": pd.array([jaar] * len(df), dtype="Int64"),
        }
    ).astype({"gemeentecode": "string"})


# --------------------------------------------------------------------------------------
# Peer groups and the gemeente profile
# --------------------------------------------------------------------------------------


def vergelijkingsgroepen(
    gemeentecode: str,
    klassen: pd.DataFrame,
    codes: pd.DataFrame,
    eigen: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """Peer groups of a gemeente; the gemeente itself is never in one.

    In this order: the named lists of ``eigen`` (e.g. from the gemeente profile), the other
    gemeenten of its jeugdzorgregio (``"Jeugdzorgregio <naam>"``) and of its size class
    (``"Gemeenteklasse <label>"``). A group the lists cannot give (the gemeente is missing
    from them) is left out with a warning in the log. The benchmark adds "Alle gemeenten".

    Args:
        gemeentecode: The gemeente.
        klassen: :func:`laad_gemeenteklassen`.
        codes: :func:`laad_gemeentecodes`.
        eigen: Named peer lists (codes); kept first and as given, without the gemeente.

    Returns:
        Name -> list of gemeentecodes.

    >>> codes = pd.DataFrame({"gemeentecode": ["GM1", "GM2", "GM3"],
    ...     "gemeentenaam": ["A", "B", "C"], "jeugdzorgregio": ["R", "R", "S"]})
    >>> klassen = pd.DataFrame({"gemeentecode": ["GM1", "GM2", "GM3"],
    ...     "gemeentegrootte": ["5000tot10000inwoners"] * 3})
    >>> vergelijkingsgroepen("GM1", klassen, codes, {"Buren": ["GM1", "GM3"]})
    {'Buren': ['GM3'], 'Jeugdzorgregio R': ['GM2'], 'Gemeenteklasse 5.000 tot 10.000 inwoners': ['GM2', 'GM3']}
    """
    groepen = {str(k): [c for c in v if c != gemeentecode] for k, v in (eigen or {}).items()}
    regio = codes.loc[codes["gemeentecode"] == gemeentecode, "jeugdzorgregio"]
    if regio.empty:
        log.warning("%s staat niet in de CBS-gemeentelijst: geen jeugdzorgregio", gemeentecode)
    else:
        leden = codes.loc[
            (codes["jeugdzorgregio"] == regio.iloc[0]) & (codes["gemeentecode"] != gemeentecode),
            "gemeentecode",
        ]
        groepen.setdefault(f"Jeugdzorgregio {regio.iloc[0]}", leden.tolist())
    klasse = klassen.loc[klassen["gemeentecode"] == gemeentecode, "gemeentegrootte"]
    if klasse.empty:
        log.warning("%s staat niet in de gemeenteklassen: geen gemeenteklasse", gemeentecode)
    else:
        leden = klassen.loc[
            (klassen["gemeentegrootte"] == klasse.iloc[0])
            & (klassen["gemeentecode"] != gemeentecode),
            "gemeentecode",
        ]
        label = GROOTTEKLASSEN.get(klasse.iloc[0], klasse.iloc[0])
        groepen.setdefault(f"Gemeenteklasse {label}", leden.tolist())
    return groepen


def vul_profiel_aan(
    profiel: Gemeenteprofiel, external: Path | str | None = None, streng: bool = True
) -> Gemeenteprofiel:
    """Complete a gemeente profile from the public lists; what the profile says is kept.

    - ``cbs_code`` when absent: looked up by ``naam`` in the CBS gemeente list
      (``"Hengelo"`` -> ``"GM0164"``, CBS name "Hengelo (O.)"); an unknown or ambiguous name
      raises :class:`OnbekendeGemeenteFout` (a ``ValueError``) listing the candidates.
    - ``inwoners`` when absent: the inwonertal of the latest gemeenteklassen file.
    - ``vergelijking``: the profile's named lists plus the jeugdzorgregio and the
      gemeenteklasse (see :func:`vergelijkingsgroepen`); the gemeente is never its own peer.

    Args:
        profiel: The profile (not changed; a completed copy is returned).
        external: The public-data folder (default :func:`instellingen.external_dir`).
        streng: Raise on an unknown or ambiguous gemeente. ``False`` (a notebook that must
            run for any profile): log the Dutch reason and return the profile unchanged,
            without ``cbs_code``, so that the benchmark says it is not available.

    Returns:
        The completed profile. Calling it again gives the same profile.

    Raises:
        OnbekendeGemeenteFout: the name does not give one gemeente, or the code is unknown.
        FileNotFoundError: the public lists are missing.
    """
    codes = laad_gemeentecodes(external=external)
    klassen = laad_gemeenteklassen(external=external)
    try:
        code = profiel.cbs_code or zoek_gemeentecode(profiel.naam, codes)
    except OnbekendeGemeenteFout as e:
        if streng:
            raise
        log.warning("%s", e)
        return profiel
    if code not in set(codes["gemeentecode"]):
        raise OnbekendeGemeenteFout(
            f"cbs_code {code!r} van {profiel.naam} staat niet in de CBS-gemeentelijst "
            f"({gemeentecodes_pad(external).name}); verwacht bijv. 'GM0164'"
        )
    inwoners = profiel.inwoners
    if inwoners is None:
        gevonden = klassen.loc[klassen["gemeentecode"] == code, "inwoners"]
        inwoners = int(gevonden.iloc[0]) if len(gevonden) else None
    groepen = vergelijkingsgroepen(code, klassen, codes, profiel.vergelijking)
    return dataclasses.replace(
        profiel,
        cbs_code=code,
        inwoners=inwoners,
        vergelijking={k: tuple(v) for k, v in groepen.items()},
    )
