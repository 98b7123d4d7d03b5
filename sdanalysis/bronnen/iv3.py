"""Iv3: baten and lasten per gemeente and taakveld, as published, into one tidy table in euros.

The files (``iv3_<jaar>_<begroting|jaarrekening>_<wat>.csv`` in the folder
:data:`~sdanalysis.bronnen.bestanden.IV3_MAP` of the public-data folder, see
``docs/publieke-data.md``) are ``;``-separated, amounts in **€ 1.000**, taakveld code and name
in one column. They are read with the build's reader; rows that cannot be used go to a table
in the build's quarantine format, so rows in = rows out + rejected. Years and verslagsoorten
come from the files present, never from code.

>>> IV3_FACTOR_EUR
1000
>>> jaar_en_soort(Path("iv3_2023_jaarrekening_alle.csv"))
(2023, 'jaarrekening')
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sdanalysis.bouw.lezen import RuwBestand
from sdanalysis.bronnen.bestanden import (
    IV3_MAP,
    PubliekeDataFout,
    als_quarantaine,
    extern,
    lees_tekstbestand,
    publiek_pad,
    rijfouten,
)
from sdanalysis.bronnen.gemeenten import (
    NEDERLAND_CODE,
    gemeentecodes_pad,
    gemeenteklassen_pad,
    naar_gemeentecode,
)
from sdanalysis.taakvelden import (
    geldigheid,
    splits_taakveld,
    taakveld_bekend,
    voeg_taakveldnaam_toe,
    voeg_taakveldreeks_toe,
)

#: Iv3 amounts are published in thousands of euros.
IV3_FACTOR_EUR = 1000
#: Name of an Iv3 file: year and verslagsoort, then free text.
IV3_PATROON = r"iv3_(\d{4})_(begroting|jaarrekening)(?:_.*)?\.csv"
IV3_VERPLICHT = ("Gemeenten", "Taakveld", "Baten", "Lasten", "Inwonertal")
IV3_SALARIS = "L1.1 Salarissen en sociale lasten"
#: Source column -> amount column, in the order rows are checked.
IV3_BEDRAGEN = {"Lasten": "lasten_eur", "Baten": "baten_eur", IV3_SALARIS: "salarislasten_eur"}
#: Columns of the tidy Iv3 table and their types.
IV3_TYPEN: dict[str, str] = {
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
IV3_KOLOMMEN = tuple(IV3_TYPEN)
#: Key of one Iv3 figure.
IV3_SLEUTEL = ["gemeentecode", "jaar", "verslagsoort", "taakveld"]


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def jaar_en_soort(pad: Path) -> tuple[int | None, str | None]:
    """Year and verslagsoort from an Iv3 file name (``(None, None)`` when not in the name)."""
    m = re.fullmatch(IV3_PATROON, Path(pad).name)
    return (int(m.group(1)), m.group(2)) if m else (None, None)


def iv3_bestanden(map_: Path | str) -> list[tuple[int, str, Path]]:
    """The Iv3 files in a folder as ``(jaar, verslagsoort, pad)``, sorted.

    >>> import tempfile
    >>> map_ = Path(tempfile.mkdtemp())
    >>> for n in ("iv3_2024_begroting_x.csv", "iv3_2023_jaarrekening_y.csv", "notitie.csv"):
    ...     _ = (map_ / n).write_text("")
    >>> [(j, s, p.name) for j, s, p in iv3_bestanden(map_)]
    [(2023, 'jaarrekening', 'iv3_2023_jaarrekening_y.csv'), (2024, 'begroting', 'iv3_2024_begroting_x.csv')]
    """
    uit = []
    for pad in sorted(Path(map_).glob("iv3_*.csv")):
        jaar, soort = jaar_en_soort(pad)
        if jaar is not None and soort is not None:
            uit.append((jaar, soort, pad))
    return sorted(uit, key=lambda t: (t[0], t[1], t[2].name))


def beschikbaar(external: Path | str | None = None) -> bool:
    """Whether the public-data folder holds Iv3 files and the gemeente lists they need."""
    map_ = extern(external) / IV3_MAP
    try:
        gemeentecodes_pad(external)
        gemeenteklassen_pad(external)
    except FileNotFoundError:
        return False
    return bool(iv3_bestanden(map_))


def lege_iv3() -> pd.DataFrame:
    """An empty tidy Iv3 table with the right columns and types.

    >>> list(lege_iv3().columns) == list(IV3_KOLOMMEN)
    True
    """
    return pd.DataFrame({k: pd.Series(dtype=t) for k, t in IV3_TYPEN.items()})


# --------------------------------------------------------------------------------------
# Row checks
# --------------------------------------------------------------------------------------


class _Afkeur:
    """Collects rejected rows of one file; each row is rejected once, at its first problem."""

    def __init__(self, bestand: str) -> None:
        self.bestand = bestand
        self.records: list[dict[str, object]] = []

    def weg(
        self, df: pd.DataFrame, fout: pd.Series, kolom: str, waarden: pd.Series, reden: object
    ) -> pd.DataFrame:
        """Record the rows where ``fout`` holds and return the other rows."""
        fout = fout.fillna(False).astype(bool)
        redenen = reden if isinstance(reden, pd.Series) else pd.Series(reden, index=df.index)
        for rij, waarde, r in zip(
            df.loc[fout, "bronrij"], waarden[fout], redenen[fout], strict=True
        ):
            self.records.append(
                {
                    "tabel": "iv3",
                    "bestand": self.bestand,
                    "rij": int(rij),
                    "kolom": kolom,
                    "waarde": str(waarde),
                    "reden": r,
                }
            )
        return df.loc[~fout]


def _getal(tekst: object) -> float | None:
    """Parse an Iv3 amount (``'2410.0'``, ``'-6524.0'``, ``''``); ``None`` = not a number."""
    t = "" if tekst is None else str(tekst).strip()
    if t == "":
        return float("nan")
    try:
        return float(t)
    except ValueError:
        return None


def _bedragen(teksten: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Amounts in euros and a mask of cells that are not a number (empty cells give NaN)."""
    teksten = teksten.fillna("").astype(str)
    uniek = {t: _getal(t) for t in teksten.unique()}
    fout = teksten.map(lambda t: uniek[t] is None).astype(bool)
    waarde = teksten.map(lambda t: float("nan") if uniek[t] is None else uniek[t])
    return waarde.astype(float) * IV3_FACTOR_EUR, fout


def _controleer_velden(df: pd.DataFrame, ruw: RuwBestand, afkeur: _Afkeur) -> pd.DataFrame:
    """Field count, taakveld code, amounts, inwoners and gemeente of every row."""
    redenen = rijfouten(ruw).set_axis(df.index)
    fout = redenen.notna()
    samen = pd.Series("", index=df.index, dtype=object)
    samen[fout] = [
        ";".join(str(v) for v in rij if v is not None)[:80]
        for rij in df.loc[fout, ruw.kolommen].itertuples(index=False)
    ]
    df = afkeur.weg(df, fout, "", samen, redenen)
    codes = df["Taakveld"].map({t: _taakveldcode(t) for t in df["Taakveld"].unique()})
    df = afkeur.weg(
        df, codes.isna(), "Taakveld", df["Taakveld"], "geen taakveldcode (verwacht 'code naam')"
    ).assign(taakveld=codes)
    for kolom, doel in IV3_BEDRAGEN.items():
        if kolom not in df.columns:
            df = df.assign(**{doel: float("nan")})
            continue
        bedrag, fout = _bedragen(df[kolom])
        reden = "geen getal (verwacht bedrag in € 1.000, bijv. 2410.0)"
        df = afkeur.weg(df, fout, kolom, df[kolom], reden).assign(**{doel: bedrag})
    inw = df["Inwonertal"].astype(str).str.strip()
    goed_inw = inw.str.fullmatch(r"\d+") & (inw.str.lstrip("0") != "")
    df = afkeur.weg(df, ~goed_inw, "Inwonertal", inw, "geen positief geheel aantal inwoners")
    gemeente = df["Gemeenten"].astype(str).str.strip()
    df = afkeur.weg(df, gemeente == "", "Gemeenten", gemeente, "gemeentenaam ontbreekt")
    inwoners = pd.to_numeric(df["Inwonertal"].astype(str).str.strip()).astype("int64")
    return df.assign(gemeente=gemeente, inwoners=inwoners)


def _taakveldcode(tekst: object) -> object:
    try:
        return splits_taakveld(str(tekst))[0]
    except ValueError:
        return None


def _controleer_lijsten(
    df: pd.DataFrame, jaar: int, afkeur: _Afkeur, external: Path | str | None
) -> pd.DataFrame:
    """Taakveld code valid for the year, gemeente in the CBS list, no duplicate lines."""
    bekend = taakveld_bekend(df.assign(jaar=jaar)).set_axis(df.index)
    redenen = (
        df["taakveld"]
        .where(~bekend)
        .map(lambda c: f"onbekende taakveldcode voor {jaar}: {geldigheid(c)}", na_action="ignore")
    )
    df = afkeur.weg(df, ~bekend, "Taakveld", df["taakveld"], redenen)
    codes = naar_gemeentecode(df["gemeente"], external).set_axis(df.index)
    df = afkeur.weg(
        df,
        codes.isna(),
        "Gemeenten",
        df["gemeente"],
        "onbekende gemeentenaam (niet in CBS-gemeentecodes)",
    ).assign(gemeentecode=codes)
    dubbel = df.duplicated(["gemeente", "taakveld"], keep="first")
    redenen = "dubbele regel voor " + df["gemeente"] + " " + df["taakveld"].astype(str)
    return afkeur.weg(df, dubbel, "Taakveld", df["taakveld"], redenen)


def _iv3_tabel(df: pd.DataFrame, jaar: int, verslagsoort: str, bestand: str) -> pd.DataFrame:
    if df.empty:
        return lege_iv3()
    df = df.assign(jaar=int(jaar), verslagsoort=verslagsoort, bronbestand=bestand)
    df = voeg_taakveldreeks_toe(voeg_taakveldnaam_toe(df))
    return df.loc[:, list(IV3_KOLOMMEN)].reset_index(drop=True).astype(IV3_TYPEN)


# --------------------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------------------


def laad_iv3_met_afkeur(
    pad: Path | str,
    jaar: int | None = None,
    verslagsoort: str | None = None,
    external: Path | str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load one Iv3 file as published into a tidy table, with the rejected rows apart.

    Structural problems (wrong separator, missing column) raise :class:`PubliekeDataFout`.
    Row problems (wrong number of fields, no taakveld code, an amount that is not a number,
    bad inwonertal, unknown taakveld code for the year, unknown gemeente, a duplicate line)
    go to the rejected table, one record per row at its first problem; so rows in = rows out
    + rejected. Empty rows are skipped, as in the build.

    Args:
        pad: The ``;``-separated Iv3 file (amounts in € 1.000).
        jaar: Year; default from the file name (``iv3_2023_...``).
        verslagsoort: ``"begroting"`` or ``"jaarrekening"``; default from the file name.
        external: The public-data folder with the gemeente lists (default
            :func:`instellingen.external_dir`).

    Returns:
        ``(data, afgekeurd)``: data with :data:`IV3_KOLOMMEN` (amounts in euros), afgekeurd in
        the build's quarantine format (tabel, bestand, rij, kolom, waarde, reden).
    """
    pad = Path(pad)
    naam_jaar, naam_soort = jaar_en_soort(pad)
    jaar = jaar if jaar is not None else naam_jaar
    verslagsoort = verslagsoort if verslagsoort is not None else naam_soort
    if jaar is None or verslagsoort not in ("begroting", "jaarrekening"):
        raise PubliekeDataFout(
            f"{pad.name}: jaar en verslagsoort (begroting/jaarrekening) niet af te leiden uit de "
            "bestandsnaam; geef ze mee, bijv. laad_iv3(pad, jaar=..., verslagsoort='begroting')"
        )
    ruw = lees_tekstbestand(pad, ";", IV3_VERPLICHT, "iv3")
    afkeur = _Afkeur(pad.name)
    df = ruw.rijen[ruw.kolommen].assign(bronrij=ruw.rijnummers)
    df = _controleer_velden(df, ruw, afkeur)
    df = _controleer_lijsten(df, jaar, afkeur, external)
    return _iv3_tabel(df, jaar, verslagsoort, pad.name), als_quarantaine(afkeur.records)


def laad_iv3(
    pad: Path | str,
    jaar: int | None = None,
    verslagsoort: str | None = None,
    external: Path | str | None = None,
) -> pd.DataFrame:
    """Load one Iv3 file strictly: any rejected row raises a Dutch error with the list.

    Args:
        pad: The Iv3 file.
        jaar: Year; default from the file name.
        verslagsoort: ``"begroting"`` or ``"jaarrekening"``; default from the file name.
        external: The public-data folder with the gemeente lists.

    Returns:
        Tidy table with :data:`IV3_KOLOMMEN`, amounts in euros.

    Raises:
        PubliekeDataFout: wrong shape or rejected rows.
    """
    data, afgekeurd = laad_iv3_met_afkeur(pad, jaar, verslagsoort, external)
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


def _zonder_dubbel(iv3: pd.DataFrame) -> pd.DataFrame:
    """One row per figure over files; the same figure with another value raises."""
    dubbel = iv3.duplicated(IV3_SLEUTEL, keep=False)
    if dubbel.any():
        waarden = ["lasten_eur", "baten_eur", "salarislasten_eur", "inwoners"]
        varianten = iv3[dubbel].groupby(IV3_SLEUTEL)[waarden].nunique(dropna=False)
        strijdig = varianten[(varianten > 1).any(axis=1)]
        if len(strijdig):
            raise PubliekeDataFout(
                f"Iv3-bestanden spreken elkaar tegen voor {len(strijdig)} cijfer(s), bijv. "
                f"{list(strijdig.index[:5])}; verwacht dezelfde waarde in elk bestand."
            )
    return iv3[~iv3.duplicated(IV3_SLEUTEL, keep="first")].reset_index(drop=True)


def laad_iv3_alle(external: Path | str | None = None) -> pd.DataFrame:
    """All Iv3 files of the public-data folder in one tidy table, each figure once.

    Files that overlap (a subset of gemeenten with all taakvelden, and all gemeenten for
    some taakvelden) are combined: a figure (gemeentecode, jaar, verslagsoort, taakveld)
    that is in more than one file is kept once; if the files disagree on it, this raises.

    Args:
        external: The public-data folder (default :func:`instellingen.external_dir`).

    Returns:
        Tidy table with :data:`IV3_KOLOMMEN`.

    Raises:
        FileNotFoundError: no Iv3 folder or no Iv3 file in it.
        PubliekeDataFout: a file with rejected rows, or files that disagree.
    """
    map_ = publiek_pad(IV3_MAP, external=external)
    bestanden = iv3_bestanden(map_)
    if not bestanden:
        raise FileNotFoundError(f"Geen Iv3-bestanden (iv3_<jaar>_<verslagsoort>_*.csv) in {map_}")
    delen = [laad_iv3(pad, jaar, soort, external) for jaar, soort, pad in bestanden]
    return _zonder_dubbel(pd.concat(delen, ignore_index=True))


# --------------------------------------------------------------------------------------
# Checks on the loaded figures
# --------------------------------------------------------------------------------------


def iv3_inhoud(iv3: pd.DataFrame) -> pd.DataFrame:
    """What the loaded Iv3 table holds per jaar and verslagsoort.

    Args:
        iv3: Tidy Iv3 table.

    Returns:
        Columns jaar, verslagsoort, aantal_regels, aantal_gemeenten (Nederland not counted),
        aantal_taakvelden.

    >>> df = pd.DataFrame({"jaar": [2023] * 3, "verslagsoort": ["jaarrekening"] * 3,
    ...     "gemeentecode": ["GM1", "GM2", "NL01"], "taakveld": ["6.1"] * 3})
    >>> iv3_inhoud(df).values.tolist()
    [[2023, 'jaarrekening', 3, 2, 1]]
    """
    gemeenten = iv3["gemeentecode"].where(iv3["gemeentecode"] != NEDERLAND_CODE)
    return (
        iv3.assign(_gemeente=gemeenten)
        .groupby(["jaar", "verslagsoort"], as_index=False, sort=True)
        .agg(
            aantal_regels=("taakveld", "size"),
            aantal_gemeenten=("_gemeente", "nunique"),
            aantal_taakvelden=("taakveld", "nunique"),
        )
    )


def totalen_per_gemeente(iv3: pd.DataFrame) -> pd.DataFrame:
    """Sum of lasten and baten over all taakvelden per gemeente, jaar and verslagsoort.

    Args:
        iv3: Tidy Iv3 table.

    Returns:
        Columns gemeente, gemeentecode, jaar, verslagsoort, lasten_eur, baten_eur,
        saldo_eur (baten - lasten), aantal_taakvelden, inwoners.

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

    The Nederland rows are computed by the third party as the sum of all gemeenten. That can
    only be checked where all gemeenten are present: ``volledig`` says so, by the inwoners
    of the gemeenten adding up to those of Nederland.

    Args:
        iv3: Tidy Iv3 table (with Nederland rows).
        tolerantie_eur: Allowed absolute difference in euros.

    Returns:
        Per jaar, verslagsoort, taakveld: nederland_lasten_eur, som_lasten_eur,
        verschil_lasten_eur, the same for baten, aantal_gemeenten, nederland_inwoners,
        som_inwoners, volledig (bool) and klopt (bool).

    >>> df = pd.DataFrame({"gemeentecode": ["GM1", "GM2", "NL01"], "jaar": [2023] * 3,
    ...     "verslagsoort": ["jaarrekening"] * 3, "taakveld": ["6.1"] * 3,
    ...     "lasten_eur": [1.0, 2.0, 3.0], "baten_eur": [0.0, 0.0, 0.0], "inwoners": [10, 20, 30]})
    >>> controleer_nederland(df)[["volledig", "klopt"]].values.tolist()
    [[True, True]]
    """
    sleutel = ["jaar", "verslagsoort", "taakveld"]
    nl = iv3[iv3["gemeentecode"] == NEDERLAND_CODE].set_index(sleutel)
    uit = nl[["lasten_eur", "baten_eur", "inwoners"]].rename(
        columns={
            "lasten_eur": "nederland_lasten_eur",
            "baten_eur": "nederland_baten_eur",
            "inwoners": "nederland_inwoners",
        }
    )
    som = (
        iv3[iv3["gemeentecode"] != NEDERLAND_CODE]
        .groupby(sleutel)
        .agg(
            som_lasten_eur=("lasten_eur", "sum"),
            som_baten_eur=("baten_eur", "sum"),
            aantal_gemeenten=("gemeentecode", "nunique"),
            som_inwoners=("inwoners", "sum"),
        )
    )
    uit = uit.join(som, how="left")
    uit["verschil_lasten_eur"] = uit["nederland_lasten_eur"] - uit["som_lasten_eur"]
    uit["verschil_baten_eur"] = uit["nederland_baten_eur"] - uit["som_baten_eur"]
    uit["volledig"] = uit["som_inwoners"] == uit["nederland_inwoners"]
    uit["klopt"] = (uit["verschil_lasten_eur"].abs() <= tolerantie_eur) & (
        uit["verschil_baten_eur"].abs() <= tolerantie_eur
    )
    return uit.reset_index()
