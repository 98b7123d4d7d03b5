"""Public data: Iv3 (baten/lasten per taakveld), gemeenteklassen, CBS StatLine and a benchmark.

Sources (see ``docs/publieke-data.md``; the files live in :func:`sdanalysis.instellingen.external_dir`
and are never copied into the repository):

- Iv3 per gemeente and taakveld (begroting 2023/2024/2025, jaarrekening 2023), amounts in
  **€ 1.000**, ``;``-separated, taakveld code and name in one column → :func:`laad_iv3`
  gives a tidy table in **euros** with the comparable taakveld series of
  :mod:`sdanalysis.taakvelden`.
- Gemeenteklassen 2024 (size class, stedelijkheid, inwoners) → :func:`laad_gemeenteklassen`.
- CBS gemeentecodes 2026 with jeugdzorgregio → :func:`laad_gemeentecodes`.
- CBS StatLine in both shapes users meet: the raw OData files (data + dimension files with
  padded keys like ``"NL01  "``) → :func:`laad_cbs_ruw`, and the frame of
  ``cbsodata.get_data`` (dimension titles such as ``"Hengelo (O.)"``) →
  :func:`lees_cbsodata`. Both give the same long table with ``gemeentecode``; suppressed
  values (``.``) stay missing, never zero. :func:`fetch_cbs` downloads and caches a table.
- Benchmark: :func:`lasten_per_inwoner`, :func:`benchmark`,
  :func:`begroting_vs_jaarrekening`, :func:`begroting_over_jaren`.

>>> IV3_FACTOR_EUR
1000
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.taakvelden import (
    _geldigheid,
    _koppel,
    _lees_crosswalk,
    splits_taakveld,
    voeg_taakveldreeks_toe,
)

# --------------------------------------------------------------------------------------
# Constants (candidates for sdanalysis.instellingen; requested in the report)
# --------------------------------------------------------------------------------------

#: Iv3 amounts are published in thousands of euros.
IV3_FACTOR_EUR = 1000
#: Sub-folders of the external-data folder.
IV3_MAP = "iv3_gemeenten_begrotingsanalysetool"
CBS_83262_MAP = "cbs_83262NED_wmo_clienten_cbsots_fixture"
CODELIJSTEN_MAP = "istandaarden_codelijsten_jaapjunior"
#: Cache folder (under the external-data folder) of :func:`fetch_cbs`.
CBS_CACHE_MAP = instellingen.CBS_CACHE_MAP
#: Iv3 files per (jaar, verslagsoort).
IV3_BESTANDEN: dict[tuple[int, str], str] = {
    (2023, "begroting"): "iv3_2023_begroting_twente5_en_nederland.csv",
    (2023, "jaarrekening"): "iv3_2023_jaarrekening_twente5_en_nederland.csv",
    (2024, "begroting"): "iv3_2024_begroting_twente5_en_nederland.csv",
    (2025, "begroting"): "iv3_2025_begroting_twente5_en_nederland.csv",
}
#: Jaarrekening 2023, taakveld 6 only, for all gemeenten.
IV3_ALLE_GEMEENTEN_2023 = "iv3_2023_jaarrekening_taakveld6_alle_gemeenten.csv"
GEMEENTEKLASSEN_2024 = "gemeenteklassen_2024.tsv"
GEMEENTENAMEN_IV3 = "gemeentenamen_iv3_vs_gf.tsv"
GEMEENTECODES_2026 = "CBS_Gemeentecodes_2026_met_jeugdzorgregio.md"
#: Region code of the whole country (CBS key ``"NL01  "``).
NEDERLAND_CODE = "NL01"
NEDERLAND_NAAM = "Nederland"
#: The Twente gemeenten in the Iv3 subset files besides Hengelo.
TWENTE_VERGELIJKING = instellingen.TWENTE_VERGELIJKING
#: Jeugdzorgregio of Hengelo (14 gemeenten, regional inkoop of jeugdhulp).
REGIO_TWENTE = "Twente"
#: Seconds before a CBS download gives up (connection and each read).
CBS_TIMEOUT_SECONDEN = instellingen.CBS_TIMEOUT_SECONDEN
#: Values that CBS uses for a missing or suppressed figure (after stripping spaces).
CBS_ONTBREKEND = frozenset({"", ".", "x", "-", "?"})

IV3_VERPLICHT = ("Gemeenten", "Taakveld", "Baten", "Lasten", "Inwonertal")
IV3_SALARIS = "L1.1 Salarissen en sociale lasten"
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

#: Columns of the tidy Iv3 table.
IV3_KOLOMMEN = (
    "gemeente",
    "gemeentecode",
    "jaar",
    "verslagsoort",
    "taakveld",
    "taakveld_naam",
    "taakveld_reeks",
    "taakveld_reeks_naam",
    "lasten_eur",
    "baten_eur",
    "salarislasten_eur",
    "inwoners",
    "bronbestand",
    "bronrij",
)
#: Columns of a rejected-rows table (same as the processed ``quarantaine`` table).
AFKEUR_KOLOMMEN = ("tabel", "bestand", "rij", "kolom", "waarde", "reden")
#: Columns of the long CBS table.
CBS_KOLOMMEN_VAST = (
    "gemeentecode",
    "regio_naam",
    "perioden",
    "jaar",
    "periode_soort",
    "periode_titel",
    "periode_status",
    "onderwerp",
    "onderwerp_titel",
    "eenheid",
    "waarde",
)


class PubliekeDataFout(ValueError):
    """A public data file that does not have the expected shape (Dutch message)."""


class CBSDownloadFout(RuntimeError):
    """A CBS download that failed; the cache is left as it was."""


# --------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------


def publiek_pad(*delen: str) -> Path:
    """Path inside the external public-data folder; a clear error when it is missing.

    Args:
        *delen: Sub-folder(s) and file name.

    Returns:
        The existing path.

    Raises:
        FileNotFoundError: with the folder searched and how to set it.

    >>> publiek_pad(IV3_MAP).name
    'iv3_gemeenten_begrotingsanalysetool'
    """
    pad = instellingen.external_dir().joinpath(*delen)
    if not pad.exists():
        raise FileNotFoundError(
            f"Publiek bestand niet gevonden: {pad}. Verwacht de map met publieke data in "
            f"{instellingen.external_dir()} (stel SDANALYSIS_EXTERNAL in of zet "
            "../shared/data/public neer)."
        )
    return pad


# --------------------------------------------------------------------------------------
# Gemeentecodes and names
# --------------------------------------------------------------------------------------


def laad_gemeentecodes(pad: Path | str | None = None) -> pd.DataFrame:
    """CBS gemeentecodes (indeling 1-1-2026) with provincie and jeugdzorgregio.

    Args:
        pad: The markdown code list; default from the external-data folder.

    Returns:
        Columns gemeentecode (``"GM0164"``), gemeentenaam (``"Hengelo (O.)"``), provincie,
        jeugdzorgregio.

    >>> codes = laad_gemeentecodes()
    >>> codes.loc[codes["gemeentecode"] == "GM0164", "gemeentenaam"].item()
    'Hengelo (O.)'
    """
    pad = Path(pad) if pad is not None else publiek_pad(CODELIJSTEN_MAP, GEMEENTECODES_2026)
    return _lees_gemeentecodes(str(pad)).copy()


@lru_cache(maxsize=4)
def _lees_gemeentecodes(pad: str) -> pd.DataFrame:
    tekst = Path(pad).read_text(encoding="utf-8")
    rijen = re.findall(
        r"^\|\s*(\d{4})\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$", tekst, re.M
    )
    if not rijen:
        raise PubliekeDataFout(
            f"{Path(pad).name}: geen gemeentecodes gevonden; verwacht een tabel "
            "'| 0164 | Hengelo (O.) | Overijssel | Twente |'"
        )
    df = pd.DataFrame(rijen, columns=["code", "gemeentenaam", "provincie", "jeugdzorgregio"])
    df.insert(0, "gemeentecode", "GM" + df.pop("code"))
    return df


def _sleutel(naam: str) -> str:
    return re.sub(r"\s+", " ", str(naam)).strip().casefold()


@lru_cache(maxsize=4)
def _naam_lookup(codes_pad: str, namen_pad: str | None) -> dict[str, str]:
    codes = _lees_gemeentecodes(codes_pad)
    lookup: dict[str, str] = {_sleutel(NEDERLAND_NAAM): NEDERLAND_CODE}
    korte: dict[str, list[str]] = {}
    for code, naam in zip(codes["gemeentecode"], codes["gemeentenaam"], strict=True):
        lookup[_sleutel(naam)] = code
        lookup[_sleutel(f"{naam} (gemeente)")] = code
        kort = re.sub(r"\s*\([^)]*\)\s*$", "", naam)
        korte.setdefault(_sleutel(kort), []).append(code)
    for kort, lijst in korte.items():  # "Hengelo" for "Hengelo (O.)", only when unique
        if len(lijst) == 1:
            lookup.setdefault(kort, lijst[0])
    if namen_pad is not None and Path(namen_pad).exists():
        paren = pd.read_csv(namen_pad, sep="\t", dtype=str, keep_default_na=False)
        for lang, kort in zip(paren.iloc[:, 0], paren.iloc[:, 1], strict=True):
            code = lookup.get(_sleutel(lang)) or lookup.get(_sleutel(kort))
            if code:
                lookup[_sleutel(lang)] = code
                lookup[_sleutel(kort)] = code
    return lookup


def naar_gemeentecode(namen: Iterable[object]) -> pd.Series:
    """Map gemeente names, CBS titles or keys to a gemeentecode (``"GM0164"``).

    Accepts CBS names (``"Hengelo (O.)"``, ``"'s-Gravenhage (gemeente)"``), the short
    names of the Iv3 files (``"Hengelo"``), keys (``"GM0164"``, padded ``"NL01  "``) and
    ``"Nederland"`` (→ ``"NL01"``). Unknown names give ``<NA>``.

    Args:
        namen: Names or keys.

    Returns:
        Series of codes (str, NA when unknown), same order.

    >>> naar_gemeentecode(["Hengelo (O.)", "Hengelo", "NL01  ", "Nederland", "Atlantis"]).tolist()
    ['GM0164', 'GM0164', 'NL01', 'NL01', <NA>]
    """
    codes_pad = str(publiek_pad(CODELIJSTEN_MAP, GEMEENTECODES_2026))
    namen_pad = instellingen.external_dir() / IV3_MAP / GEMEENTENAMEN_IV3
    lookup = _naam_lookup(codes_pad, str(namen_pad) if namen_pad.exists() else None)
    uit = []
    for naam in namen:
        if naam is None or (not isinstance(naam, str) and pd.isna(naam)):
            uit.append(pd.NA)
            continue
        tekst = str(naam).strip()
        if re.fullmatch(r"(GM\d{4}|NL\d{2}|PV\d{2}|LD\d{2}|CR\d{2}|WK\d{6}|BU\d{8})", tekst):
            uit.append(tekst)
        else:
            uit.append(lookup.get(_sleutel(tekst), pd.NA))
    return pd.Series(uit, dtype="string")


# --------------------------------------------------------------------------------------
# Iv3
# --------------------------------------------------------------------------------------


def _lees_tekstbestand(pad: Path, verwacht_sep: str, verplicht: Sequence[str]) -> list[list[str]]:
    """Read a delimited text file with a real CSV parser; check separator and header."""
    if not pad.exists():
        raise FileNotFoundError(f"Bestand niet gevonden: {pad}")
    try:
        tekst = pad.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise PubliekeDataFout(f"{pad.name}: geen UTF-8-tekst ({e}); verwacht UTF-8") from e
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=verwacht_sep))
    if not rijen:
        raise PubliekeDataFout(f"{pad.name}: het bestand is leeg; verwacht een kopregel")
    kop = [k.strip() for k in rijen[0]]
    sep_naam = {";": "';'", "\t": "tab", ",": "','"}
    if len(kop) == 1:
        gevonden = [s for s in (";", ",", "\t", "|") if s in rijen[0][0] and s != verwacht_sep]
        hint = (
            f" Het lijkt {sep_naam.get(gevonden[0], repr(gevonden[0]))}-gescheiden."
            if gevonden
            else ""
        )
        raise PubliekeDataFout(
            f"{pad.name}: verwacht {sep_naam[verwacht_sep]} als scheidingsteken met kolommen "
            f"{list(verplicht)}, maar de kopregel heeft maar één kolom.{hint}"
        )
    ontbrekend = [k for k in verplicht if k not in kop]
    if ontbrekend:
        raise PubliekeDataFout(
            f"{pad.name}: kolom(men) {ontbrekend} ontbreken; verwacht minstens {list(verplicht)}, "
            f"gevonden {kop}"
        )
    return [kop, *rijen[1:]]


def _getal(tekst: str) -> float | None:
    """Parse an Iv3 amount ('2410.0', '-6524.0', ''); ``None`` = not a number."""
    t = tekst.strip()
    if t == "":
        return float("nan")
    try:
        return float(t)
    except ValueError:
        return None


def _jaar_soort_uit_naam(pad: Path) -> tuple[int | None, str | None]:
    m = re.search(r"(20\d{2})_(begroting|jaarrekening)", pad.name)
    return (int(m.group(1)), m.group(2)) if m else (None, None)


def laad_iv3_met_afkeur(
    pad: Path | str, jaar: int | None = None, verslagsoort: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load one Iv3 file as published into a tidy table, with the rejected rows apart.

    Structural problems (wrong separator, missing column, not UTF-8) raise
    :class:`PubliekeDataFout`. Row problems (unknown taakveld code for the year, an amount that
    is not a number, an unknown gemeente, a wrong number of fields, a duplicate line) go to the
    rejected table with file, row, column, value and reason; so rows in = rows out + rejected.

    Args:
        pad: The ``;``-separated Iv3 file (amounts in € 1.000).
        jaar: Year; default from the file name (``iv3_2023_...``).
        verslagsoort: ``"begroting"`` or ``"jaarrekening"``; default from the file name.

    Returns:
        ``(data, afgekeurd)``: data with :data:`IV3_KOLOMMEN` (amounts in euros), afgekeurd with
        :data:`AFKEUR_KOLOMMEN`.
    """
    pad = Path(pad)
    naam_jaar, naam_soort = _jaar_soort_uit_naam(pad)
    jaar = jaar if jaar is not None else naam_jaar
    verslagsoort = verslagsoort if verslagsoort is not None else naam_soort
    if jaar is None or verslagsoort not in ("begroting", "jaarrekening"):
        raise PubliekeDataFout(
            f"{pad.name}: jaar en verslagsoort (begroting/jaarrekening) niet af te leiden uit de "
            "bestandsnaam; geef ze mee, bijv. laad_iv3(pad, jaar=2023, verslagsoort='begroting')"
        )
    rijen = _lees_tekstbestand(pad, ";", IV3_VERPLICHT)
    kop, data = rijen[0], rijen[1:]
    pos = {k: i for i, k in enumerate(kop)}
    afkeur: list[dict[str, object]] = []
    goed: list[dict[str, object]] = []

    def keur_af(rij: int, kolom: str, waarde: object, reden: str) -> None:
        afkeur.append(
            {
                "tabel": "iv3",
                "bestand": pad.name,
                "rij": rij,
                "kolom": kolom,
                "waarde": str(waarde),
                "reden": reden,
            }
        )

    for nr, velden in enumerate(data, start=2):  # line 1 is the header
        if not velden or all(v.strip() == "" for v in velden):
            if velden:
                keur_af(nr, "", "", "lege regel")
            continue
        if len(velden) != len(kop):
            keur_af(
                nr, "", ";".join(velden)[:80], f"verwacht {len(kop)} velden, gevonden {len(velden)}"
            )
            continue
        gemeente = velden[pos["Gemeenten"]].strip()
        taakveld_tekst = velden[pos["Taakveld"]]
        try:
            code, _ = splits_taakveld(taakveld_tekst)
        except ValueError:
            keur_af(nr, "Taakveld", taakveld_tekst, "geen taakveldcode (verwacht 'code naam')")
            continue
        bedragen = {}
        fout = False
        for kolom, doel in (
            ("Lasten", "lasten_eur"),
            ("Baten", "baten_eur"),
            (IV3_SALARIS, "salarislasten_eur"),
        ):
            if kolom not in pos:
                bedragen[doel] = float("nan")
                continue
            waarde = _getal(velden[pos[kolom]])
            if waarde is None:
                keur_af(
                    nr,
                    kolom,
                    velden[pos[kolom]],
                    "geen getal (verwacht bedrag in € 1.000, bijv. 2410.0)",
                )
                fout = True
                break
            bedragen[doel] = waarde * IV3_FACTOR_EUR
        if fout:
            continue
        inw_tekst = velden[pos["Inwonertal"]].strip()
        if not re.fullmatch(r"\d+", inw_tekst) or int(inw_tekst) == 0:
            keur_af(nr, "Inwonertal", inw_tekst, "geen positief geheel aantal inwoners")
            continue
        if gemeente == "":
            keur_af(nr, "Gemeenten", gemeente, "gemeentenaam ontbreekt")
            continue
        goed.append(
            {
                "gemeente": gemeente,
                "jaar": int(jaar),
                "verslagsoort": verslagsoort,
                "taakveld": code,
                **bedragen,
                "inwoners": int(inw_tekst),
                "bronbestand": pad.name,
                "bronrij": nr,
            }
        )
    df = pd.DataFrame(
        goed,
        columns=[
            "gemeente",
            "jaar",
            "verslagsoort",
            "taakveld",
            "lasten_eur",
            "baten_eur",
            "salarislasten_eur",
            "inwoners",
            "bronbestand",
            "bronrij",
        ],
    )
    if len(df):
        # unknown taakveld code for this year
        posities = _koppel(df["taakveld"].astype(object), df["jaar"].astype("Int64"))
        for i in np.flatnonzero(posities.to_numpy() < 0):
            rij = df.iloc[i]
            keur_af(
                int(rij["bronrij"]),
                "Taakveld",
                rij["taakveld"],
                f"onbekende taakveldcode voor {jaar}: {_geldigheid(rij['taakveld'])}",
            )
        df = df[posities.to_numpy() >= 0]
        # unknown gemeente
        codes = naar_gemeentecode(df["gemeente"]).to_numpy()
        onbekend = pd.isna(codes)
        for _, rij in df[onbekend].iterrows():
            keur_af(
                int(rij["bronrij"]),
                "Gemeenten",
                rij["gemeente"],
                "onbekende gemeentenaam (niet in CBS-gemeentecodes)",
            )
        df = df[~onbekend].assign(gemeentecode=codes[~onbekend])
        # duplicates
        dubbel = df.duplicated(["gemeente", "taakveld"], keep="first")
        for _, rij in df[dubbel].iterrows():
            keur_af(
                int(rij["bronrij"]),
                "Taakveld",
                rij["taakveld"],
                f"dubbele regel voor {rij['gemeente']} {rij['taakveld']}",
            )
        df = df[~dubbel]
    else:
        df = df.assign(gemeentecode=pd.Series(dtype="string"))
    if len(df):
        naam_cw = _lees_crosswalk()["taakveld_naam"].to_numpy()
        df = df.assign(
            taakveld_naam=naam_cw[
                _koppel(df["taakveld"].astype(object), df["jaar"].astype("Int64")).to_numpy()
            ]
        )
        df = voeg_taakveldreeks_toe(df)
    else:
        df = df.assign(taakveld_naam="", taakveld_reeks="", taakveld_reeks_naam="")
    df = df.loc[:, list(IV3_KOLOMMEN)].reset_index(drop=True)
    df = df.astype(
        {
            "gemeente": "string",
            "gemeentecode": "string",
            "jaar": "int64",
            "verslagsoort": "string",
            "taakveld": "string",
            "taakveld_naam": "string",
            "taakveld_reeks": "string",
            "taakveld_reeks_naam": "string",
            "lasten_eur": "float64",
            "baten_eur": "float64",
            "salarislasten_eur": "float64",
            "inwoners": "int64",
            "bronbestand": "string",
            "bronrij": "int64",
        }
    )
    afgekeurd = pd.DataFrame(afkeur, columns=list(AFKEUR_KOLOMMEN)).sort_values(
        "rij", kind="stable"
    )
    return df, afgekeurd.reset_index(drop=True).astype({"rij": "int64"})


def laad_iv3(
    pad: Path | str, jaar: int | None = None, verslagsoort: str | None = None
) -> pd.DataFrame:
    """Load one Iv3 file strictly: any rejected row raises a Dutch error with the list.

    Args:
        pad: The Iv3 file.
        jaar: Year; default from the file name.
        verslagsoort: ``"begroting"`` or ``"jaarrekening"``; default from the file name.

    Returns:
        Tidy table with :data:`IV3_KOLOMMEN`, amounts in euros.

    Raises:
        PubliekeDataFout: wrong shape or rejected rows.

    >>> df = laad_iv3(publiek_pad(IV3_MAP, IV3_BESTANDEN[(2023, "jaarrekening")]))
    >>> rij = df[(df["gemeente"] == "Hengelo") & (df["taakveld"] == "6.71a")]
    >>> int(rij["lasten_eur"].item()), rij["taakveld_naam"].item()
    (11369000, 'Huishoudelijke hulp (Wmo)')
    """
    data, afgekeurd = laad_iv3_met_afkeur(pad, jaar, verslagsoort)
    if len(afgekeurd):
        voorbeelden = "; ".join(
            f"rij {r.rij} kolom {r.kolom!r} waarde {r.waarde!r}: {r.reden}"
            for r in afgekeurd.head(10).itertuples()
        )
        raise PubliekeDataFout(
            f"{Path(pad).name}: {len(afgekeurd)} van {len(data) + len(afgekeurd)} regels afgekeurd "
            f"({voorbeelden}). Gebruik laad_iv3_met_afkeur() om de goede regels en de afgekeurde "
            "regels apart te krijgen."
        )
    return data


def laad_iv3_alle(map_: Path | str | None = None, met_alle_gemeenten: bool = True) -> pd.DataFrame:
    """All shipped Iv3 files in one tidy table (begroting 2023-2025, jaarrekening 2023).

    The taakveld-6 file of all gemeenten (jaarrekening 2023) is added for the gemeenten that
    are not in the Twente subset, so each (gemeente, jaar, verslagsoort, taakveld) appears once.

    Args:
        map_: Folder with the Iv3 files (default: external-data folder).
        met_alle_gemeenten: Add the jaarrekening 2023 taakveld-6 rows of all gemeenten.

    Returns:
        Tidy table with :data:`IV3_KOLOMMEN`.
    """
    map_ = Path(map_) if map_ is not None else publiek_pad(IV3_MAP)
    delen = [laad_iv3(map_ / naam, jaar, soort) for (jaar, soort), naam in IV3_BESTANDEN.items()]
    if met_alle_gemeenten:
        alle = laad_iv3(map_ / IV3_ALLE_GEMEENTEN_2023, 2023, "jaarrekening")
        al = set(delen[1]["gemeentecode"])
        delen.append(alle[~alle["gemeentecode"].isin(al)])
    return pd.concat(delen, ignore_index=True)


def totalen_per_gemeente(iv3: pd.DataFrame) -> pd.DataFrame:
    """Sum of lasten and baten over all taakvelden per gemeente, jaar and verslagsoort.

    Args:
        iv3: Tidy Iv3 table.

    Returns:
        Columns gemeente, gemeentecode, jaar, verslagsoort, lasten_eur, baten_eur,
        saldo_eur (baten - lasten), aantal_taakvelden, inwoners.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"gemeente": ["A", "A"], "gemeentecode": ["GM1", "GM1"],
    ...     "jaar": [2023, 2023], "verslagsoort": ["begroting"] * 2, "taakveld": ["6.1", "6.3"],
    ...     "lasten_eur": [10.0, 5.0], "baten_eur": [1.0, 2.0], "inwoners": [100, 100]})
    >>> totalen_per_gemeente(df)[["lasten_eur", "saldo_eur"]].values.tolist()
    [[15.0, -12.0]]
    """
    g = iv3.groupby(["gemeente", "gemeentecode", "jaar", "verslagsoort"], as_index=False, sort=True)
    uit = g.agg(
        lasten_eur=("lasten_eur", "sum"),
        baten_eur=("baten_eur", "sum"),
        aantal_taakvelden=("taakveld", "size"),
        inwoners=("inwoners", "max"),
    )
    uit.insert(6, "saldo_eur", uit["baten_eur"] - uit["lasten_eur"])
    return uit


def controleer_nederland(iv3: pd.DataFrame, tolerantie_eur: float = 0.0) -> pd.DataFrame:
    """Compare the "Nederland" rows with the sum over the gemeenten, per taakveld.

    The Nederland rows are computed by the third party as the sum of all gemeenten. This only
    holds in a file with all gemeenten (the taakveld-6 file), not in the Twente subsets.

    Args:
        iv3: Tidy Iv3 table of one file (with a Nederland row per taakveld).
        tolerantie_eur: Allowed absolute difference in euros.

    Returns:
        Per jaar, verslagsoort, taakveld: nederland_lasten_eur, som_lasten_eur,
        verschil_lasten_eur, the same for baten, aantal_gemeenten and ``klopt`` (bool).
    """
    sleutel = ["jaar", "verslagsoort", "taakveld"]
    nl = iv3[iv3["gemeentecode"] == NEDERLAND_CODE].set_index(sleutel)[["lasten_eur", "baten_eur"]]
    gem = iv3[iv3["gemeentecode"] != NEDERLAND_CODE]
    som = gem.groupby(sleutel).agg(
        som_lasten_eur=("lasten_eur", "sum"),
        som_baten_eur=("baten_eur", "sum"),
        aantal_gemeenten=("gemeentecode", "nunique"),
    )
    uit = nl.rename(
        columns={"lasten_eur": "nederland_lasten_eur", "baten_eur": "nederland_baten_eur"}
    )
    uit = uit.join(som, how="left")
    uit["verschil_lasten_eur"] = uit["nederland_lasten_eur"] - uit["som_lasten_eur"]
    uit["verschil_baten_eur"] = uit["nederland_baten_eur"] - uit["som_baten_eur"]
    uit["klopt"] = (uit["verschil_lasten_eur"].abs() <= tolerantie_eur) & (
        uit["verschil_baten_eur"].abs() <= tolerantie_eur
    )
    return uit.reset_index()


# --------------------------------------------------------------------------------------
# Gemeenteklassen
# --------------------------------------------------------------------------------------


def laad_gemeenteklassen(pad: Path | str | None = None, jaar: int = 2024) -> pd.DataFrame:
    """Gemeenteklassen (size class, stedelijkheid, inwoners) per gemeente.

    Args:
        pad: The tab-separated file; default ``gemeenteklassen_2024.tsv``.
        jaar: Year of the classification.

    Returns:
        Columns gemeente (CBS name), gemeentecode, provincie, gemeentegrootte (source code),
        gemeentegrootte_label, stedelijkheid, inwoners, jaar.

    Raises:
        PubliekeDataFout: wrong separator, missing column, unknown gemeente or bad inwonertal.

    >>> k = laad_gemeenteklassen()
    >>> k.loc[k["gemeentecode"] == "GM0164", ["gemeentegrootte_label", "inwoners"]].values.tolist()
    [['50.000 tot 100.000 inwoners', 83058]]
    """
    pad = Path(pad) if pad is not None else publiek_pad(IV3_MAP, GEMEENTEKLASSEN_2024)
    rijen = _lees_tekstbestand(pad, "\t", GEMEENTEKLASSEN_VERPLICHT)
    kop, data = rijen[0], [r for r in rijen[1:] if any(v.strip() for v in r)]
    slecht = [i + 2 for i, r in enumerate(data) if len(r) != len(kop)]
    if slecht:
        raise PubliekeDataFout(f"{pad.name}: regel(s) {slecht[:10]} hebben niet {len(kop)} velden")
    df = pd.DataFrame(data, columns=kop)
    inw = pd.to_numeric(df["Inwonertal"].str.strip(), errors="coerce")
    if inw.isna().any() or (inw <= 0).any():
        fout = df.loc[inw.isna() | (inw <= 0), "Gemeenten"].tolist()
        raise PubliekeDataFout(f"{pad.name}: geen geldig inwonertal voor {fout[:10]}")
    codes = naar_gemeentecode(df["Gemeenten"])
    if codes.isna().any():
        raise PubliekeDataFout(
            f"{pad.name}: onbekende gemeente(n) "
            f"{df.loc[codes.isna().to_numpy(), 'Gemeenten'].tolist()[:10]}"
        )
    onbekende_klasse = sorted(set(df["Gemeentegrootte"]) - set(GROOTTEKLASSEN))
    if onbekende_klasse:
        raise PubliekeDataFout(
            f"{pad.name}: onbekende gemeentegrootte {onbekende_klasse}; "
            f"verwacht {list(GROOTTEKLASSEN)}"
        )
    return pd.DataFrame(
        {
            "gemeente": df["Gemeenten"].astype("string"),
            "gemeentecode": codes.to_numpy(),
            "provincie": df["Provincie"].astype("string"),
            "gemeentegrootte": df["Gemeentegrootte"].astype("string"),
            "gemeentegrootte_label": df["Gemeentegrootte"].map(GROOTTEKLASSEN).astype("string"),
            "stedelijkheid": df["Stedelijkheid"].astype("string"),
            "inwoners": inw.astype("int64").to_numpy(),
            "jaar": int(jaar),
        }
    ).astype({"gemeentecode": "string"})


# --------------------------------------------------------------------------------------
# CBS StatLine
# --------------------------------------------------------------------------------------

_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _periode_uit_sleutel(sleutel: str) -> tuple[int | None, str | None]:
    m = re.fullmatch(r"(\d{4})([A-Z]{2})(\d{2})", sleutel.strip())
    if not m:
        return None, None
    return int(m.group(1)), m.group(2)


def periode_sleutel(titel: str) -> str | None:
    """CBS period key for a period title as ``cbsodata`` returns it.

    Args:
        titel: e.g. ``"2019"``, ``"1e halfjaar 2019"``, ``"2019 3e kwartaal"``, ``"2019 maart"``,
            ``"2020*"`` (voorlopig), or already a key (``"2019JJ00"``).

    Returns:
        The key (``"2019JJ00"``, ``"2019HJ01"``, ``"2019KW03"``, ``"2019MM03"``) or ``None``.

    >>> titels = ["2019", "1e halfjaar 2015", "2019 3e kwartaal", "2019 maart", "x"]
    >>> [periode_sleutel(t) for t in titels]
    ['2019JJ00', '2015HJ01', '2019KW03', '2019MM03', None]
    """
    t = str(titel).strip().rstrip("*").strip().lower()
    if re.fullmatch(r"\d{4}[a-z]{2}\d{2}", t):
        return t.upper()
    jaar = re.search(r"\b(\d{4})\b", t)
    if not jaar:
        return None
    j = jaar.group(1)
    rest = t.replace(j, " ").strip()
    if rest == "":
        return f"{j}JJ00"
    nummer = re.search(r"(\d)e", rest)
    if "halfjaar" in rest and nummer:
        return f"{j}HJ{int(nummer.group(1)):02d}"
    if "kwartaal" in rest and nummer:
        return f"{j}KW{int(nummer.group(1)):02d}"
    for i, maand in enumerate(_MAANDEN, start=1):
        if rest == maand:
            return f"{j}MM{i:02d}"
    return None


def _waarde(tekst: object) -> float | None:
    """CBS value to float; missing/suppressed → NaN; ``None`` when not a number."""
    if tekst is None:
        return float("nan")
    if isinstance(tekst, int | float | np.integer | np.floating):
        return float(tekst)
    if not isinstance(tekst, str) and pd.isna(tekst):
        return float("nan")
    t = str(tekst).strip()
    if t in CBS_ONTBREKEND:
        return float("nan")
    try:
        return float(t)
    except ValueError:
        return None


def _naar_getallen(reeks: pd.Series, wat: str) -> pd.Series:
    waarden = [_waarde(v) for v in reeks.tolist()]
    fout = [v for v, w in zip(reeks.tolist(), waarden, strict=True) if w is None]
    if fout:
        raise PubliekeDataFout(
            f"{wat}: waarde(n) {sorted({str(v) for v in fout})[:5]} zijn geen getal; verwacht een "
            f"getal of een CBS-teken voor ontbrekend ({sorted(CBS_ONTBREKEND)})"
        )
    return pd.Series(waarden, index=reeks.index, dtype="Float64").where(
        ~pd.isna(pd.Series(waarden, index=reeks.index)), pd.NA
    )


def _lees_meta(map_: Path, naam: str) -> pd.DataFrame | None:
    csv_pad, json_pad = map_ / f"{naam}.csv", map_ / f"{naam}.json"
    if csv_pad.exists():
        try:
            return pd.read_csv(csv_pad, dtype=str, keep_default_na=False, encoding="utf-8")
        except (pd.errors.ParserError, UnicodeDecodeError) as e:
            raise PubliekeDataFout(f"{csv_pad.name}: niet te lezen als CSV ({e})") from e
    if json_pad.exists():
        inhoud = json.loads(json_pad.read_text(encoding="utf-8"))
        df = pd.DataFrame(inhoud)
        return df.astype(object).where(df.notna(), "").astype(str) if len(df) else df
    return None


def _lang_cbs(
    data: pd.DataFrame,
    dims: list[tuple[str, str]],
    topics: list[tuple[str, str, str]],
    titels: dict[str, dict[str, str]],
    status: dict[str, str],
    bron: str,
) -> pd.DataFrame:
    """Shared builder of the long CBS table. ``data`` holds stripped keys per dimension."""
    n = len(data)
    basis = pd.DataFrame(index=range(n))
    for key, soort in dims:
        sleutels = data[key].astype(str).str.strip().to_numpy()
        if soort == "GeoDimension":
            basis["gemeentecode"] = sleutels
            basis["regio_naam"] = [titels.get(key, {}).get(s, pd.NA) for s in sleutels]
        elif soort == "TimeDimension":
            basis["perioden"] = sleutels
            delen = [_periode_uit_sleutel(s) for s in sleutels]
            basis["jaar"] = pd.array([d[0] for d in delen], dtype="Int64")
            basis["periode_soort"] = [d[1] for d in delen]
            basis["periode_titel"] = [titels.get(key, {}).get(s, pd.NA) for s in sleutels]
            basis["periode_status"] = [status.get(s, pd.NA) for s in sleutels]
        else:
            basis[key] = sleutels
            basis[f"{key}_titel"] = [titels.get(key, {}).get(s, pd.NA) for s in sleutels]
    delen = []
    for key, titel, eenheid in topics:
        deel = basis.copy()
        deel["onderwerp"] = key
        deel["onderwerp_titel"] = titel
        deel["eenheid"] = eenheid
        deel["waarde"] = _naar_getallen(data[key], f"{bron} kolom {key!r}").to_numpy()
        delen.append(deel)
    uit = pd.concat(delen, ignore_index=True) if delen else basis
    for kolom in CBS_KOLOMMEN_VAST:
        if kolom not in uit.columns:
            uit[kolom] = pd.NA
    overig = [k for k in uit.columns if k not in CBS_KOLOMMEN_VAST]
    uit = uit[list(CBS_KOLOMMEN_VAST[:7]) + overig + list(CBS_KOLOMMEN_VAST[7:])]
    tekst = [k for k in uit.columns if k not in ("jaar", "waarde")]
    uit[tekst] = uit[tekst].astype("string")
    uit["waarde"] = uit["waarde"].astype("Float64")
    uit["jaar"] = uit["jaar"].astype("Int64")
    return uit


def laad_cbs_ruw(map_: Path | str) -> pd.DataFrame:
    """Load a raw CBS OData table (data + DataProperties + dimension files) into a long table.

    Reads either CSV files (``data.csv`` or ``UntypedDataSet.csv``, ``DataProperties.csv``,
    ``<Dimensie>.csv``) or the JSON files that ``cbsodata`` writes with ``dir=``. Keys are
    stripped (``"NL01  "`` → ``"NL01"``); suppressed or empty values stay missing.

    Args:
        map_: Folder with the files of one table.

    Returns:
        One row per data row × onderwerp: gemeentecode, regio_naam, perioden, jaar,
        periode_soort (JJ/HJ/KW/MM), periode_titel, periode_status, one key + ``_titel``
        column per other dimension, onderwerp, onderwerp_titel, eenheid, waarde (Float64).

    Raises:
        PubliekeDataFout: missing file or column, unknown dimension key, a value that is not
            a number.

    >>> wmo = laad_cbs_ruw(publiek_pad(CBS_83262_MAP))
    >>> nl = wmo[(wmo["gemeentecode"] == "NL01") & (wmo["KenmerkenVanPersonen"] == "T009002")
    ...          & (wmo["onderwerp"] == "WmoClienten_1")]
    >>> int(nl.loc[nl["perioden"] == "2019JJ00", "waarde"].item())
    1166485
    """
    map_ = Path(map_)
    if not map_.is_dir():
        raise FileNotFoundError(f"CBS-map niet gevonden: {map_}")
    props = _lees_meta(map_, "DataProperties")
    if props is None:
        raise PubliekeDataFout(
            f"{map_.name}: DataProperties.csv/.json ontbreekt; verwacht de metadata van de tabel"
        )
    for kolom in ("Key", "Type"):
        if kolom not in props.columns:
            raise PubliekeDataFout(f"{map_.name}/DataProperties: kolom {kolom!r} ontbreekt")
    data = None
    for naam in ("data", "UntypedDataSet", "TypedDataSet"):
        data = _lees_meta(map_, naam)
        if data is not None:
            bron = naam
            break
    if data is None:
        raise PubliekeDataFout(
            f"{map_.name}: geen databestand; verwacht data.csv, UntypedDataSet.csv/.json "
            "of TypedDataSet.json"
        )
    dims = [(r.Key, r.Type) for r in props.itertuples() if r.Type.endswith("Dimension")]
    topics = [
        (r.Key, getattr(r, "Title", r.Key), getattr(r, "Unit", ""))
        for r in props.itertuples()
        if r.Type == "Topic"
    ]
    ontbrekend = [k for k, *_ in dims + topics if k not in data.columns]
    if ontbrekend:
        raise PubliekeDataFout(
            f"{map_.name}/{bron}: kolom(men) {ontbrekend} ontbreken; "
            "verwacht volgens DataProperties "
            f"{[k for k, *_ in dims + topics]}"
        )
    titels: dict[str, dict[str, str]] = {}
    status: dict[str, str] = {}
    for key, _soort in dims:
        dim = _lees_meta(map_, key)
        if dim is None:
            raise PubliekeDataFout(f"{map_.name}: dimensiebestand {key}.csv/.json ontbreekt")
        sleutels = dim["Key"].astype(str).str.strip()
        titels[key] = dict(zip(sleutels, dim["Title"].astype(str).str.strip(), strict=True))
        if "Status" in dim.columns:
            status.update(dict(zip(sleutels, dim["Status"].astype(str), strict=True)))
        onbekend = sorted(set(data[key].astype(str).str.strip()) - set(sleutels))
        if onbekend:
            raise PubliekeDataFout(
                f"{map_.name}/{bron}: sleutel(s) {onbekend[:10]} van dimensie {key} "
                f"staan niet in {key}-bestand"
            )
    return _lang_cbs(data, dims, topics, titels, status, f"{map_.name}/{bron}")


def lees_cbsodata(
    df: pd.DataFrame,
    regio_kolom: str = "RegioS",
    perioden_kolom: str = "Perioden",
    onderwerpen: Sequence[str] | None = None,
    regio_dimensie: pd.DataFrame | None = None,
    onderwerp_titels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Turn a frame as ``pd.DataFrame(cbsodata.get_data(tabel))`` returns it into the long table.

    ``cbsodata`` replaces dimension keys with titles (``"Hengelo (O.)"``, ``"2019"``,
    ``"1e halfjaar 2019"``); this maps them back to gemeentecode and period keys so the result
    matches :func:`laad_cbs_ruw`. Topics are the columns whose name ends in ``_<nummer>``
    (CBS convention, e.g. ``WmoClienten_1``) unless ``onderwerpen`` is given. Values may be
    numbers, ``None`` or untyped strings (``"     ."``); missing stays missing.

    Args:
        df: The cbsodata frame.
        regio_kolom: Region dimension column.
        perioden_kolom: Period dimension column.
        onderwerpen: Topic columns (default: inferred).
        regio_dimensie: Optional Key/Title table of the region dimension (for provinces etc.).
        onderwerp_titels: Optional titles of the topics.

    Returns:
        Long table with the columns of :func:`laad_cbs_ruw` (other dimensions keep their title).

    Raises:
        PubliekeDataFout: missing column, unknown region or period title, non-numeric value.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"ID": [0, 1], "RegioS": ["Hengelo (O.)", "Nederland"],
    ...                    "Perioden": ["2019", "2019"], "WmoClienten_1": [4000.0, None]})
    >>> lang = lees_cbsodata(df)
    >>> lang[["gemeentecode", "perioden", "waarde"]].astype(object).values.tolist()
    [['GM0164', '2019JJ00', 4000.0], ['NL01', '2019JJ00', <NA>]]
    """
    for kolom in (regio_kolom, perioden_kolom):
        if kolom not in df.columns:
            raise PubliekeDataFout(
                f"cbsodata-tabel: kolom {kolom!r} ontbreekt; gevonden {list(df.columns)}"
            )
    if onderwerpen is None:
        onderwerpen = [k for k in df.columns if re.search(r"_\d+$", str(k))]
    onderwerpen = list(onderwerpen)
    if not onderwerpen:
        raise PubliekeDataFout(
            "cbsodata-tabel: geen onderwerpkolommen gevonden (verwacht namen als 'WmoClienten_1'); "
            "geef ze mee met onderwerpen=[...]"
        )
    overig = [k for k in df.columns if k not in (*onderwerpen, "ID", regio_kolom, perioden_kolom)]
    titels_regio = df[regio_kolom].astype(str).str.strip()
    if regio_dimensie is not None:
        lookup = {
            _sleutel(t): str(k).strip()
            for k, t in zip(regio_dimensie["Key"], regio_dimensie["Title"], strict=True)
        }
        codes = pd.Series([lookup.get(_sleutel(t), pd.NA) for t in titels_regio], dtype="string")
        codes = codes.fillna(naar_gemeentecode(titels_regio))
    else:
        codes = naar_gemeentecode(titels_regio)
    if codes.isna().any():
        onbekend = sorted(set(titels_regio[codes.isna().to_numpy()]))
        raise PubliekeDataFout(
            f"cbsodata-tabel: regio('s) {onbekend[:10]} niet te koppelen aan een gemeentecode; "
            "geef de RegioS-dimensie mee (regio_dimensie=Key/Title-tabel)"
        )
    per_titel = df[perioden_kolom].astype(str)
    sleutels = per_titel.map(periode_sleutel)
    if sleutels.isna().any():
        onbekend = sorted(set(per_titel[sleutels.isna()]))
        raise PubliekeDataFout(
            f"cbsodata-tabel: periode(n) {onbekend[:10]} niet te herkennen; verwacht bijv. "
            "'2019', '1e halfjaar 2019', '2019 3e kwartaal' of '2019 maart'"
        )
    data = pd.DataFrame({"RegioS": codes.to_numpy(), "Perioden": sleutels.to_numpy()})
    titels = {
        "RegioS": dict(zip(codes.to_numpy(), titels_regio.to_numpy(), strict=True)),
        "Perioden": dict(
            zip(sleutels.to_numpy(), per_titel.str.strip().str.rstrip("*").str.strip(), strict=True)
        ),
    }
    status = {
        s: ("Voorlopig" if t.strip().endswith("*") else pd.NA)
        for s, t in zip(sleutels, per_titel, strict=True)
    }
    for k in overig:
        data[k] = df[k].astype(str).str.strip().to_numpy()
        titels[k] = {v: v for v in data[k]}
    for k in onderwerpen:
        data[k] = df[k].to_numpy()
    dims = [("RegioS", "GeoDimension"), ("Perioden", "TimeDimension")] + [
        (k, "Dimension") for k in overig
    ]
    onderwerp_titels = onderwerp_titels or {}
    topics = [(k, onderwerp_titels.get(k, k), "") for k in onderwerpen]
    return _lang_cbs(data, dims, topics, titels, status, "cbsodata-tabel")


def laad_wmo_clienten_83262(map_: Path | str | None = None) -> pd.DataFrame:
    """CBS 83262NED Wmo-cliënten from the shipped raw extract (long table).

    Args:
        map_: Folder of the raw extract (default: external-data folder).

    Returns:
        The long table of :func:`laad_cbs_ruw`.
    """
    return laad_cbs_ruw(Path(map_) if map_ is not None else publiek_pad(CBS_83262_MAP))


# --------------------------------------------------------------------------------------
# Download (cbsodata)
# --------------------------------------------------------------------------------------


def _gemeente_filter(gemeenten: Sequence[str] | None) -> str | None:
    if not gemeenten:
        return None
    delen = []
    for g in gemeenten:
        code = str(g).strip().upper()
        if not re.fullmatch(r"GM\d{4}|NL01|PV\d{2}|LD\d{2}", code):
            raise ValueError(f"Ongeldige gemeentecode {g!r}; verwacht bijv. 'GM0164' of 'NL01'")
        delen.append(f"RegioS eq '{code.ljust(6)}'")
    return " or ".join(delen)


def _netwerk_controle(host: str, timeout: float) -> None:
    import socket

    with ThreadPoolExecutor(max_workers=1) as pool:
        taak = pool.submit(socket.getaddrinfo, host, 443)
        try:
            taak.result(timeout=timeout)
        except FutureTimeout as e:
            raise CBSDownloadFout(
                f"Geen verbinding met {host}: de naam is na {timeout:g} s nog niet opgezocht. "
                "Controleer de internetverbinding; de cache is niet gewijzigd."
            ) from e
        except OSError as e:
            raise CBSDownloadFout(
                f"Geen verbinding met {host} ({e}). Controleer de internetverbinding of proxy; "
                "de cache is niet gewijzigd."
            ) from e


def fetch_cbs(
    tabel: str, gemeenten: Sequence[str] | None = None, doel: Path | str | None = None
) -> Path:
    """Download a CBS StatLine table with ``cbsodata`` and cache it with the download date.

    The files (``cbsodata`` JSON: DataProperties, UntypedDataSet, one per dimension, ...) and a
    ``download.json`` (tabel, filter, datum, bron) land in ``doel`` (default
    ``instellingen.external_dir()/cbs/<tabel>/``). The download goes to a temporary folder first; only
    a complete download replaces the cache. Without a network it fails at once with
    :class:`CBSDownloadFout` and leaves the cache as it was. Read the result with
    :func:`laad_cbs_ruw`.

    Args:
        tabel: CBS table id, e.g. ``"83262NED"``.
        gemeenten: Optional region codes to download (``["GM0164", "NL01"]``).
        doel: Folder for this table.

    Returns:
        The cache folder.

    Raises:
        ValueError: invalid table id or gemeentecode.
        CBSDownloadFout: no network, unknown table or an interrupted download.
    """
    tabel = str(tabel).strip()
    if not re.fullmatch(r"[0-9A-Za-z]{5,12}", tabel):
        raise ValueError(f"Ongeldig CBS-tabelnummer {tabel!r}; verwacht bijv. '83262NED'")
    filters = _gemeente_filter(gemeenten)
    doel = Path(doel) if doel is not None else instellingen.external_dir() / CBS_CACHE_MAP / tabel
    try:
        import cbsodata
        import requests
    except ImportError as e:  # pragma: no cover - dependency of the project
        raise CBSDownloadFout(
            "Het pakket 'cbsodata' is niet geïnstalleerd (pip install cbsodata)"
        ) from e
    host = str(cbsodata.options.catalog_url).split("/")[0]
    _netwerk_controle(host, CBS_TIMEOUT_SECONDEN)
    try:
        doel.parent.mkdir(parents=True, exist_ok=True)
        tijdelijk = Path(tempfile.mkdtemp(prefix=f".{tabel}-download-", dir=doel.parent))
    except OSError as e:
        raise CBSDownloadFout(
            f"Kan de cachemap {doel.parent} niet schrijven ({e}); geef doel=... mee"
        ) from e
    try:
        cbsodata.get_data(tabel, dir=str(tijdelijk), filters=filters, timeout=CBS_TIMEOUT_SECONDEN)
        info = {
            "tabel": tabel,
            "downloaddatum": datetime.now(UTC).date().isoformat(),
            "gedownload_op": datetime.now(UTC).isoformat(timespec="seconds"),
            "gemeenten": list(gemeenten) if gemeenten else None,
            "filter": filters,
            "bron": f"https://{cbsodata.options.catalog_url}/ODataApi/OData/{tabel}",
            "pakket": f"cbsodata {getattr(cbsodata, '__version__', '?')}",
            "licentie": "CBS open data (CC BY 4.0), bron: CBS",
        }
        (tijdelijk / "download.json").write_text(
            json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as e:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise CBSDownloadFout(
            f"Geen verbinding met CBS bij het ophalen van {tabel} ({type(e).__name__}). "
            "Controleer de internetverbinding; de cache is niet gewijzigd."
        ) from e
    except requests.exceptions.HTTPError as e:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise CBSDownloadFout(
            f"CBS gaf een fout voor tabel {tabel!r} ({e}); bestaat de tabel? "
            "De cache is niet gewijzigd."
        ) from e
    except BaseException:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise
    oud = None
    if doel.exists():
        oud = doel.with_name(f".{doel.name}-oud-{datetime.now(UTC):%Y%m%d%H%M%S}")
        doel.rename(oud)
    tijdelijk.rename(doel)
    if oud is not None:
        shutil.rmtree(oud, ignore_errors=True)
    return doel


# --------------------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------------------

#: Crosswalk column per niveau (ordering of series in tables and charts).
NIVEAU_KOLOM = {"reeks": "reeks", "detail": "detailreeks", "domein": "domein"}


def lasten_per_inwoner(
    iv3: pd.DataFrame,
    niveau: str = "detail",
    domeinen: Sequence[str] = ("Wmo", "Jeugd"),
) -> pd.DataFrame:
    """Lasten per inwoner per taakveld or taakveld series, per gemeente, jaar and verslagsoort.

    Args:
        iv3: Tidy Iv3 table (:func:`laad_iv3`).
        niveau: ``"taakveld"`` (the code), ``"detail"`` or ``"reeks"`` (crosswalk series) or
            ``"domein"`` (Wmo / Jeugd totals).
        domeinen: Domains of the crosswalk to keep (``None`` or empty = all).

    Returns:
        Columns gemeente, gemeentecode, jaar, verslagsoort, groep, groep_naam, domein,
        lasten_eur, inwoners, lasten_per_inwoner_eur. Nederland rows are kept (code NL01).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"gemeente": ["A", "A"], "gemeentecode": ["GM0001"] * 2,
    ...     "jaar": [2023, 2023], "verslagsoort": ["jaarrekening"] * 2,
    ...     "taakveld": ["6.71a", "6.71b"], "lasten_eur": [300.0, 100.0], "inwoners": [100, 100]})
    >>> lasten_per_inwoner(df, niveau="reeks")[["groep", "lasten_per_inwoner_eur"]].values.tolist()
    [['wmo_maatwerk', 4.0]]
    """
    if niveau not in ("taakveld", "detail", "reeks", "domein"):
        raise ValueError(f"Onbekend niveau {niveau!r}; kies taakveld, detail, reeks of domein")
    basis = iv3.drop(columns=["taakveld_reeks", "taakveld_reeks_naam"], errors="ignore")
    domein = voeg_taakveldreeks_toe(basis, niveau="domein")["taakveld_reeks"].to_numpy()
    if niveau == "taakveld":
        basis = basis.assign(groep=basis["taakveld"])
        if "taakveld_naam" in basis.columns:
            basis = basis.assign(groep_naam=basis["taakveld_naam"])
        else:
            basis = basis.assign(groep_naam=_taakveldnamen(basis))
    else:
        reeks = voeg_taakveldreeks_toe(basis, niveau=niveau)
        basis = basis.assign(groep=reeks["taakveld_reeks"], groep_naam=reeks["taakveld_reeks_naam"])
    basis = basis.assign(domein=domein)
    if domeinen:
        basis = basis[basis["domein"].isin(list(domeinen))]
    sleutel = ["gemeente", "gemeentecode", "jaar", "verslagsoort", "groep", "groep_naam", "domein"]
    uit = basis.groupby(sleutel, as_index=False, sort=True).agg(
        lasten_eur=("lasten_eur", "sum"), inwoners=("inwoners", "max")
    )
    uit["lasten_per_inwoner_eur"] = uit["lasten_eur"] / uit["inwoners"]
    cw = _lees_crosswalk()
    kolom = {"taakveld": "taakveld", "detail": "detailreeks", "reeks": "reeks", "domein": "domein"}[
        niveau
    ]
    rang = {w: i for i, w in enumerate(dict.fromkeys(cw[kolom]))}
    orde = np.lexsort((uit["gemeente"].to_numpy(), [rang.get(g, 10**6) for g in uit["groep"]]))
    return uit.iloc[orde].reset_index(drop=True)


def _taakveldnamen(df: pd.DataFrame) -> np.ndarray:
    """Official taakveld names for the rows of ``df`` (taakveld, jaar)."""
    from sdanalysis.taakvelden import voeg_taakveldnaam_toe

    return voeg_taakveldnaam_toe(df)["taakveld_naam"].to_numpy()


def percentiel(waarde: float, verdeling: Iterable[float]) -> float:
    """Percentile rank of ``waarde`` in ``verdeling``: % lower plus half of % equal.

    Args:
        waarde: The value (e.g. Hengelo's lasten per inwoner).
        verdeling: Values of the comparison group (without the gemeente itself).

    Returns:
        Percentile 0-100; NaN when the group is empty or the value missing.

    >>> percentiel(3, [1, 2, 3, 4])
    62.5
    >>> percentiel(10, [1, 2])
    100.0
    """
    v = np.asarray([x for x in verdeling if pd.notna(x)], dtype=float)
    if len(v) == 0 or pd.isna(waarde):
        return float("nan")
    return float(((v < waarde).sum() + 0.5 * (v == waarde).sum()) / len(v) * 100)


def vergelijkingsgroepen(
    gemeentecode: str = instellingen.GEMEENTE_CODE,
    klassen: pd.DataFrame | None = None,
    codes: pd.DataFrame | None = None,
) -> dict[str, list[str]]:
    """Comparison groups of a gemeente (without the gemeente itself).

    - ``"Twente-5"``: Enschede, Almelo, Borne, Oldenzaal (the Iv3 subset files);
    - ``"Regio Twente"``: the other gemeenten of jeugdzorgregio Twente (13);
    - ``"Gemeenteklasse"``: same gemeentegrootte in gemeenteklassen 2024;
    - ``"Alle gemeenten"``.

    Args:
        gemeentecode: The gemeente (default Hengelo).
        klassen: Gemeenteklassen (default :func:`laad_gemeenteklassen`).
        codes: Gemeentecodes (default :func:`laad_gemeentecodes`).

    Returns:
        Name → list of gemeentecodes.

    >>> groepen = vergelijkingsgroepen()
    >>> len(groepen["Regio Twente"]), "GM0164" in groepen["Alle gemeenten"]
    (13, False)
    """
    klassen = klassen if klassen is not None else laad_gemeenteklassen()
    codes = codes if codes is not None else laad_gemeentecodes()
    eigen = codes.loc[codes["gemeentecode"] == gemeentecode]
    if eigen.empty:
        raise ValueError(f"Onbekende gemeentecode {gemeentecode!r}; verwacht bijv. 'GM0164'")
    regio = eigen["jeugdzorgregio"].item()
    klasse = klassen.loc[klassen["gemeentecode"] == gemeentecode, "gemeentegrootte"]
    if klasse.empty:
        raise ValueError(f"{gemeentecode} staat niet in de gemeenteklassen")
    klasse_label = GROOTTEKLASSEN.get(klasse.item(), klasse.item())
    anders = codes["gemeentecode"] != gemeentecode
    return {
        "Twente-5": [c for c in TWENTE_VERGELIJKING if c != gemeentecode],
        f"Regio {regio}": codes.loc[
            anders & (codes["jeugdzorgregio"] == regio), "gemeentecode"
        ].tolist(),
        f"Gemeenteklasse {klasse_label}": klassen.loc[
            (klassen["gemeentegrootte"] == klasse.item())
            & (klassen["gemeentecode"] != gemeentecode),
            "gemeentecode",
        ].tolist(),
        "Alle gemeenten": codes.loc[anders, "gemeentecode"].tolist(),
    }


def benchmark(
    per_inwoner: pd.DataFrame,
    gemeentecode: str = instellingen.GEMEENTE_CODE,
    groepen: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """Compare a gemeente's lasten per inwoner with comparison groups, per groep (taakveld/reeks).

    Args:
        per_inwoner: Output of :func:`lasten_per_inwoner` for one jaar and verslagsoort.
        gemeentecode: The gemeente (default Hengelo).
        groepen: Comparison groups (default :func:`vergelijkingsgroepen`).

    Returns:
        One row per (groep, vergelijking): groep, groep_naam, domein, vergelijking,
        aantal_gemeenten (with data), gemeente_eur (per inwoner), mediaan_eur, q1_eur, q3_eur,
        min_eur, max_eur, percentiel (0-100, % of the group lower + half of equal),
        verschil_mediaan_eur.

    Raises:
        ValueError: more than one jaar/verslagsoort, or the gemeente is missing.

    >>> import pandas as pd
    >>> pi = pd.DataFrame({"gemeentecode": ["GM0164", "A", "B", "C"], "jaar": [2023] * 4,
    ...     "verslagsoort": ["jaarrekening"] * 4, "groep": ["x"] * 4, "groep_naam": ["X"] * 4,
    ...     "domein": ["Wmo"] * 4, "lasten_per_inwoner_eur": [150.0, 100.0, 200.0, 300.0]})
    >>> b = benchmark(pi, groepen={"test": ["A", "B", "C"]})
    >>> b[["mediaan_eur", "percentiel", "verschil_mediaan_eur"]].values.tolist()
    [[200.0, 33.33333333333333, -50.0]]
    """
    combinaties = per_inwoner[["jaar", "verslagsoort"]].drop_duplicates()
    if len(combinaties) != 1:
        raise ValueError(
            "benchmark verwacht één jaar en één verslagsoort; gevonden "
            f"{combinaties.astype(str).agg(' '.join, axis=1).tolist()}. Filter eerst."
        )
    groepen = groepen if groepen is not None else vergelijkingsgroepen(gemeentecode)
    eigen = per_inwoner[per_inwoner["gemeentecode"] == gemeentecode]
    if eigen.empty:
        raise ValueError(f"Gemeente {gemeentecode} ontbreekt in de gegevens")
    rijen = []
    for (groep, groep_naam, domein), deel in per_inwoner.groupby(
        ["groep", "groep_naam", "domein"], sort=False
    ):
        waarde = deel.loc[deel["gemeentecode"] == gemeentecode, "lasten_per_inwoner_eur"]
        waarde = float(waarde.iloc[0]) if len(waarde) else float("nan")
        for naam, leden in groepen.items():
            v = deel.loc[deel["gemeentecode"].isin(leden), "lasten_per_inwoner_eur"].dropna()
            rijen.append(
                {
                    "groep": groep,
                    "groep_naam": groep_naam,
                    "domein": domein,
                    "vergelijking": naam,
                    "aantal_gemeenten": int(len(v)),
                    "gemeente_eur": waarde,
                    "mediaan_eur": float(v.median()) if len(v) else float("nan"),
                    "q1_eur": float(v.quantile(0.25)) if len(v) else float("nan"),
                    "q3_eur": float(v.quantile(0.75)) if len(v) else float("nan"),
                    "min_eur": float(v.min()) if len(v) else float("nan"),
                    "max_eur": float(v.max()) if len(v) else float("nan"),
                    "percentiel": percentiel(waarde, v),
                }
            )
    uit = pd.DataFrame(rijen)
    uit["verschil_mediaan_eur"] = uit["gemeente_eur"] - uit["mediaan_eur"]
    return uit


def benchmark_overzicht(
    bench: pd.DataFrame, gemeente_naam: str = instellingen.GEMEENTE_NAAM
) -> pd.DataFrame:
    """Readable Dutch summary of :func:`benchmark`: one row per groep, amounts as text.

    Args:
        bench: Output of :func:`benchmark`.
        gemeente_naam: Name shown in the column header.

    Returns:
        Columns ``Taakveld``, ``<gemeente> per inwoner``, per comparison ``Mediaan <naam>``,
        ``Kwartielen alle gemeenten`` and ``Percentiel <naam>`` for each comparison (text).

    >>> import pandas as pd
    >>> b = pd.DataFrame({"groep": ["x"], "groep_naam": ["Huishoudelijke hulp"],
    ...     "vergelijking": ["Alle gemeenten"],
    ...     "gemeente_eur": [138.1], "mediaan_eur": [94.4], "q1_eur": [74.4], "q3_eur": [113.8],
    ...     "percentiel": [89.4]})
    >>> benchmark_overzicht(b).iloc[0].tolist()
    ['Huishoudelijke hulp', '€ 138', '€ 94', '€ 74 – € 114', '89']
    """
    from sdanalysis.weergave.stijl import format_euro, format_getal

    rijen = []
    for (_groep, naam), deel in bench.groupby(["groep", "groep_naam"], sort=False):
        rij: dict[str, str] = {"Taakveld": naam}
        rij[f"{gemeente_naam} per inwoner"] = format_euro(
            deel["gemeente_eur"].iloc[0], precies=True
        )
        for r in deel.itertuples():
            rij[f"Mediaan {r.vergelijking}"] = format_euro(r.mediaan_eur, precies=True)
            if r.vergelijking == "Alle gemeenten":
                q1, q3 = format_euro(r.q1_eur, precies=True), format_euro(r.q3_eur, precies=True)
                rij["Kwartielen alle gemeenten"] = f"{q1} – {q3}"
        for r in deel.itertuples():
            rij[f"Percentiel {r.vergelijking}"] = format_getal(r.percentiel, 0)
        rijen.append(rij)
    return pd.DataFrame(rijen)


def begroting_vs_jaarrekening(
    iv3: pd.DataFrame,
    gemeentecode: str = instellingen.GEMEENTE_CODE,
    jaar: int = 2023,
    domeinen: Sequence[str] | None = ("Wmo", "Jeugd"),
) -> pd.DataFrame:
    """Begroting against jaarrekening (realisatie) of one gemeente and year, per taakveld.

    Args:
        iv3: Tidy Iv3 table with both verslagsoorten for ``jaar``.
        gemeentecode: The gemeente.
        jaar: The year.
        domeinen: Crosswalk domains to keep (``None`` = all taakvelden).

    Returns:
        Per taakveld: taakveld, taakveld_naam, domein, begroting_lasten_eur,
        jaarrekening_lasten_eur, verschil_eur (jaarrekening - begroting), verschil_pct
        (fraction of the begroting; NaN when the begroting is 0).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"gemeentecode": ["GM0164"] * 2, "jaar": [2023] * 2,
    ...     "verslagsoort": ["begroting", "jaarrekening"], "taakveld": ["6.71a"] * 2,
    ...     "taakveld_naam": ["Huishoudelijke hulp (Wmo)"] * 2, "lasten_eur": [100.0, 110.0]})
    >>> begroting_vs_jaarrekening(df)[["verschil_eur", "verschil_pct"]].values.tolist()
    [[10.0, 0.1]]
    """
    deel = iv3[(iv3["gemeentecode"] == gemeentecode) & (iv3["jaar"] == jaar)]
    soorten = set(deel["verslagsoort"])
    if not {"begroting", "jaarrekening"} <= soorten:
        raise ValueError(
            f"Voor {gemeentecode} {jaar} zijn begroting én jaarrekening nodig; "
            f"gevonden {sorted(soorten)}"
        )
    deel = deel.assign(
        domein=voeg_taakveldreeks_toe(
            deel.drop(columns=["taakveld_reeks", "taakveld_reeks_naam"], errors="ignore"),
            niveau="domein",
        )["taakveld_reeks"].to_numpy()
    )
    if domeinen:
        deel = deel[deel["domein"].isin(list(domeinen))]
    tabel = deel.pivot_table(
        index=["taakveld", "taakveld_naam", "domein"],
        columns="verslagsoort",
        values="lasten_eur",
        aggfunc="sum",
    ).reset_index()
    tabel.columns.name = None
    tabel = tabel.rename(
        columns={"begroting": "begroting_lasten_eur", "jaarrekening": "jaarrekening_lasten_eur"}
    )
    tabel["verschil_eur"] = tabel["jaarrekening_lasten_eur"] - tabel["begroting_lasten_eur"]
    noemer = tabel["begroting_lasten_eur"].where(tabel["begroting_lasten_eur"] != 0)
    tabel["verschil_pct"] = tabel["verschil_eur"] / noemer
    volgorde = _lees_crosswalk().drop_duplicates("taakveld").reset_index()
    rang = dict(zip(volgorde["taakveld"], volgorde["index"], strict=True))
    tabel = tabel.iloc[np.argsort([rang.get(t, 10**6) for t in tabel["taakveld"]], kind="stable")]
    return tabel.reset_index(drop=True)


def begroting_over_jaren(
    iv3: pd.DataFrame,
    gemeentecode: str = instellingen.GEMEENTE_CODE,
    jaren: Sequence[int] = (2023, 2024, 2025),
    basisjaar: int = 2023,
    niveau: str = "reeks",
    domeinen: Sequence[str] | None = ("Wmo", "Jeugd", "Toegang", "Coördinatie en beleid"),
) -> pd.DataFrame:
    """Begroting lasten per comparable taakveld series over the years, against a base year.

    The 2025 code change is handled by the crosswalk: each year's codes are mapped to the
    series of :mod:`sdanalysis.taakvelden` before summing.

    Args:
        iv3: Tidy Iv3 table.
        gemeentecode: The gemeente.
        jaren: Begroting years.
        basisjaar: Year to compare with.
        niveau: ``"reeks"`` (comparable 2017-2025) or ``"detail"`` (2023-2025).
        domeinen: Domains to keep (``None`` = all).

    Returns:
        Per series: reeks, reeks_naam, domein, one column ``lasten_<jaar>_eur`` per year,
        and per other year ``verschil_<jaar>_eur`` and ``verschil_<jaar>_pct`` against the
        base year.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"gemeentecode": ["GM0164"] * 3, "jaar": [2023, 2023, 2025],
    ...     "verslagsoort": ["begroting"] * 3, "taakveld": ["6.71a", "6.6", "6.791"],
    ...     "lasten_eur": [100.0, 20.0, 150.0]})
    >>> r = begroting_over_jaren(df, jaren=(2023, 2025))
    >>> r[["reeks", "lasten_2023_eur", "lasten_2025_eur", "verschil_2025_eur"]].values.tolist()
    [['wmo_maatwerk', 120.0, 150.0, 30.0]]
    """
    if basisjaar not in jaren:
        raise ValueError(f"basisjaar {basisjaar} moet in jaren {list(jaren)} staan")
    deel = iv3[
        (iv3["gemeentecode"] == gemeentecode)
        & (iv3["verslagsoort"] == "begroting")
        & (iv3["jaar"].isin(list(jaren)))
    ].drop(columns=["taakveld_reeks", "taakveld_reeks_naam"], errors="ignore")
    ontbrekend = sorted(set(jaren) - set(deel["jaar"]))
    if ontbrekend:
        raise ValueError(f"Geen begroting voor {gemeentecode} in {ontbrekend}")
    reeks = voeg_taakveldreeks_toe(deel, niveau=niveau)
    domein = voeg_taakveldreeks_toe(deel, niveau="domein")["taakveld_reeks"].to_numpy()
    deel = deel.assign(
        reeks=reeks["taakveld_reeks"].to_numpy(),
        reeks_naam=reeks["taakveld_reeks_naam"].to_numpy(),
        domein=domein,
    )
    if domeinen:
        deel = deel[deel["domein"].isin(list(domeinen))]
    tabel = deel.pivot_table(
        index=["reeks", "reeks_naam", "domein"],
        columns="jaar",
        values="lasten_eur",
        aggfunc="sum",
        fill_value=0.0,
    ).reset_index()
    tabel.columns.name = None
    for j in jaren:
        if j not in tabel.columns:
            tabel[j] = 0.0
    tabel = tabel.rename(columns={j: f"lasten_{j}_eur" for j in jaren})
    basis = tabel[f"lasten_{basisjaar}_eur"]
    for j in jaren:
        if j == basisjaar:
            continue
        tabel[f"verschil_{j}_eur"] = tabel[f"lasten_{j}_eur"] - basis
        tabel[f"verschil_{j}_pct"] = tabel[f"verschil_{j}_eur"] / basis.where(basis != 0)
    volgorde = {r: i for i, r in enumerate(dict.fromkeys(_lees_crosswalk()[NIVEAU_KOLOM[niveau]]))}
    tabel = tabel.iloc[np.argsort([volgorde.get(r, 10**6) for r in tabel["reeks"]], kind="stable")]
    return tabel.reset_index(drop=True)


def lasten_per_inwoner_jaarrekening(
    iv3: pd.DataFrame, jaar: int = 2023, niveau: str = "reeks"
) -> pd.DataFrame:
    """Lasten per inwoner per taakveld group of every gemeente, jaarrekening ``jaar``.

    The Nederland row is left out, and so are the ``*_onverdeeld`` rest groups of the
    old codes at ``detail`` level (see :func:`lasten_per_inwoner`).
    """
    jr = iv3[
        (iv3["jaar"] == jaar)
        & (iv3["verslagsoort"] == "jaarrekening")
        & (iv3["gemeentecode"] != NEDERLAND_CODE)
    ]
    if jr.empty:
        raise ValueError(f"Geen Iv3-jaarrekening voor {jaar} in de geladen gegevens.")
    per_inwoner = lasten_per_inwoner(jr, niveau=niveau)
    return per_inwoner[~per_inwoner["groep"].astype(str).str.endswith("_onverdeeld")].reset_index(
        drop=True
    )


def benchmark_jaarrekening(
    iv3: pd.DataFrame,
    gemeentecode: str = instellingen.GEMEENTE_CODE,
    jaar: int = 2023,
    niveau: str = "reeks",
    groepen: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """:func:`benchmark` of ``gemeentecode`` on :func:`lasten_per_inwoner_jaarrekening`.

    Compares with :func:`vergelijkingsgroepen` unless ``groepen`` is given.
    """
    per_inwoner = lasten_per_inwoner_jaarrekening(iv3, jaar, niveau)
    return benchmark(per_inwoner, gemeentecode, groepen or vergelijkingsgroepen(gemeentecode))
