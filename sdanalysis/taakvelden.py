"""Iv3-taakvelden: crosswalk between the code years so that series stay comparable.

The BBV taakvelden of the sociaal domein were changed twice since they started in 2017:

- 2017-2022: 6.6, 6.71, 6.72, 6.81, 6.82 (one code per main task);
- 2023-2024: 6.71a-d, 6.72a-d, 6.73a-c, 6.74a-c, 6.81a-b, 6.82a-b (split by type of care;
  the old codes 6.71, 6.72, 6.81, 6.82 remain for residual bookings);
- 2025: 6.21-6.23, 6.60, 6.711-6.714, 6.751-6.753, 6.761-6.763, 6.791/6.792,
  6.811/6.812, 6.821/6.822, 6.91/6.92 (jeugd split by inkoopniveau instead of by type, pgb
  on its own taakveld, coördinatie en beleid new).

The crosswalk (``sdanalysis/data/taakveld_crosswalk.csv``, documented in
``docs/taakvelden.md``) gives every (code, code year) three levels of series:

- ``reeks`` (default): comparable over all years 2017-2025, e.g. ``wmo_maatwerk`` =
  6.6 + 6.71 (+ 6.71a-d) in 2017-2024 and 6.60 + 6.711-6.714 + 6.791 (pgb) in 2025;
- ``detail``: comparable 2023-2025 (e.g. huishoudelijke hulp 6.71a ↔ 6.711); codes of
  the old layout map to an explicit ``..._onverdeeld`` series;
- ``domein``: Wmo, Jeugd, Toegang, Participatie en inkomen, ... .

An unknown code (or a code used outside its years) raises :class:`OnbekendTaakveldFout`
with a Dutch listing, or is marked ``"onbekend"`` on request; rows are never dropped.

>>> import pandas as pd
>>> df = pd.DataFrame({"taakveld": ["6.71", "6.71a", "6.711", "6.791"],
...                    "jaar": [2022, 2023, 2025, 2025]})
>>> voeg_taakveldreeks_toe(df)["taakveld_reeks"].tolist()
['wmo_maatwerk', 'wmo_maatwerk', 'wmo_maatwerk', 'wmo_maatwerk']
>>> voeg_taakveldreeks_toe(df, niveau="detail")["taakveld_reeks"].tolist()
['wmo_dienstverlening_onverdeeld', 'wmo_huishoudelijke_hulp', 'wmo_huishoudelijke_hulp', 'wmo_pgb']
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sdanalysis import instellingen

#: The crosswalk table shipped with the package (``;``-separated, UTF-8).
CROSSWALK_PAD: Path = Path(__file__).resolve().parent / "data" / "taakveld_crosswalk.csv"
#: Value of ``taakveld_reeks`` for an unknown code (with ``bij_onbekend="markeer"``).
ONBEKEND = "onbekend"

#: Levels of :func:`voeg_taakveldreeks_toe`: niveau -> (id column, name column) in the crosswalk.
NIVEAUS: dict[str, tuple[str, str]] = {
    "reeks": ("reeks", "reeks_naam"),
    "detail": ("detailreeks", "detailreeks_naam"),
    "domein": ("domein", "domein"),
}

_KOLOMMEN = (
    "taakveld",
    "taakveld_naam",
    "jaar_van",
    "jaar_tot",
    "reeks",
    "reeks_naam",
    "detailreeks",
    "detailreeks_naam",
    "domein",
    "opmerking",
)
_CODE_RE = re.compile(r"^\d+\.\d+[a-z]?$")


class OnbekendTaakveldFout(ValueError):
    """A taakveld code that the crosswalk does not know for that year."""


@lru_cache(maxsize=1)
def _lees_crosswalk() -> pd.DataFrame:
    if not CROSSWALK_PAD.exists():
        raise FileNotFoundError(f"Taakveld-crosswalk niet gevonden: {CROSSWALK_PAD}")
    cw = pd.read_csv(CROSSWALK_PAD, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    ontbrekend = [k for k in _KOLOMMEN if k not in cw.columns]
    if ontbrekend:
        raise ValueError(
            f"{CROSSWALK_PAD.name}: kolom(men) {ontbrekend} ontbreken; verwacht {list(_KOLOMMEN)}"
        )
    cw["jaar_van"] = cw["jaar_van"].astype(int)
    cw["jaar_tot"] = pd.to_numeric(cw["jaar_tot"].replace("", None)).astype("Int64")
    return cw


def taakveld_reeksen() -> pd.DataFrame:
    """The taakveld crosswalk as a table, one row per (taakveld, code period).

    Returns:
        Columns taakveld, taakveld_naam, jaar_van (int), jaar_tot (Int64, NA = still valid),
        reeks, reeks_naam, detailreeks, detailreeks_naam, domein, opmerking.

    >>> cw = taakveld_reeksen()
    >>> cw.loc[cw["taakveld"] == "6.711", ["jaar_van", "reeks", "detailreeks"]].values.tolist()
    [[2025, 'wmo_maatwerk', 'wmo_huishoudelijke_hulp']]
    >>> sorted(cw.loc[cw["reeks"] == "toegang", "taakveld"])
    ['6.2', '6.21', '6.22', '6.23']
    """
    return _lees_crosswalk().copy()


def volgorde(niveau: str = "reeks") -> dict[str, int]:
    """Rank of each taakveld or series in crosswalk order, to sort tables the same way.

    Args:
        niveau: ``"taakveld"`` (the codes) or a level of :data:`NIVEAUS`.

    Returns:
        Id -> rank (0 first), in the order the crosswalk lists them.

    >>> r = volgorde("reeks")
    >>> r["wmo_maatwerk"] < r["jeugd"]
    True
    """
    if niveau != "taakveld" and niveau not in NIVEAUS:
        raise ValueError(f"Onbekend niveau {niveau!r}; kies taakveld of uit {sorted(NIVEAUS)}")
    kolom = "taakveld" if niveau == "taakveld" else NIVEAUS[niveau][0]
    return {w: i for i, w in enumerate(dict.fromkeys(_lees_crosswalk()[kolom]))}


def normaliseer_taakveld(tekst: object) -> str | None:
    """Normalise a taakveld as written in a source to its bare code.

    Accepts the Iv3 form "code naam" (``"6.71a Huishoudelijke hulp (WMO)"``), stray spaces
    and an upper-case letter. Returns ``None`` for a missing value.

    Args:
        tekst: Code or "code naam" text.

    Returns:
        The code (e.g. ``"6.71a"``) or ``None``.

    >>> normaliseer_taakveld(" 6.71A Huishoudelijke hulp (WMO)")
    '6.71a'
    >>> normaliseer_taakveld("0.10")
    '0.10'
    >>> normaliseer_taakveld(None) is None
    True
    """
    if tekst is None or (not isinstance(tekst, str) and pd.isna(tekst)):
        return None
    delen = str(tekst).strip().split(maxsplit=1)
    if not delen:
        return None
    return delen[0].lower()


def splits_taakveld(tekst: str) -> tuple[str, str]:
    """Split the Iv3 "code naam" text into code and name.

    Args:
        tekst: e.g. ``"6.82a Jeugdbescherming "``.

    Returns:
        ``(code, naam)``; the name is ``""`` when the text holds only a code.

    Raises:
        ValueError: when the text does not start with a taakveld code.

    >>> splits_taakveld("6.82a Jeugdbescherming ")
    ('6.82a', 'Jeugdbescherming')
    >>> splits_taakveld("0.7 Algemene uitkeringen en overige ui..")
    ('0.7', 'Algemene uitkeringen en overige ui..')
    """
    delen = str(tekst).strip().split(maxsplit=1)
    code = delen[0].lower() if delen else ""
    if not _CODE_RE.match(code):
        raise ValueError(
            f"Taakveld {tekst!r} begint niet met een taakveldcode; verwacht 'code naam', "
            "bijv. '6.71a Huishoudelijke hulp (WMO)'"
        )
    naam = delen[1].strip() if len(delen) > 1 else ""
    return code, naam


def _codes_en_jaren(
    df: pd.DataFrame, taakveld_kolom: str, jaar_kolom: str
) -> tuple[pd.Series, pd.Series]:
    for kolom, wat in ((taakveld_kolom, "taakveld"), (jaar_kolom, "jaar")):
        if kolom not in df.columns:
            raise ValueError(
                f"Kolom {kolom!r} ({wat}) ontbreekt; aanwezige kolommen: {list(df.columns)}"
            )
    if pd.api.types.is_numeric_dtype(df[taakveld_kolom]) and len(df):
        raise ValueError(
            f"Kolom {taakveld_kolom!r} bevat getallen; een taakveld moet tekst zijn "
            "(bijv. '6.10' en '6.1' zijn als getal niet te onderscheiden)"
        )
    codes = df[taakveld_kolom].map(normaliseer_taakveld).astype(object)
    jaren = pd.to_numeric(df[jaar_kolom], errors="coerce")
    heel = jaren.notna() & (jaren == jaren.round())
    jaren = jaren.where(heel).astype("Int64")
    return codes, jaren


def _koppel(codes: pd.Series, jaren: pd.Series) -> pd.Series:
    """Position in the crosswalk for each row (-1 when unknown)."""
    cw = _lees_crosswalk()
    paren = pd.DataFrame({"taakveld": codes.to_numpy(), "jaar": jaren.to_numpy()}).drop_duplicates()
    paren = paren.dropna()
    kandidaten = paren.merge(cw.reset_index(names="cw_rij"), on="taakveld", how="inner")
    tot = kandidaten["jaar_tot"].fillna(9999)
    geldig = (kandidaten["jaar"] >= kandidaten["jaar_van"]) & (kandidaten["jaar"] <= tot)
    gevonden = kandidaten.loc[geldig, ["taakveld", "jaar", "cw_rij"]]
    if gevonden.duplicated(["taakveld", "jaar"]).any():  # pragma: no cover - crosswalk check
        raise ValueError(f"{CROSSWALK_PAD.name}: overlappende geldigheidsperioden")
    sleutel = pd.MultiIndex.from_frame(gevonden[["taakveld", "jaar"]].astype({"jaar": "int64"}))
    opzoek = pd.Series(gevonden["cw_rij"].to_numpy(), index=sleutel)
    idx = pd.MultiIndex.from_arrays([codes.to_numpy(), jaren.fillna(-1).astype("int64").to_numpy()])
    pos = opzoek.index.get_indexer(idx)
    uit = pd.Series(-1, index=codes.index, dtype="int64")
    treffers = pos >= 0
    uit[treffers] = opzoek.to_numpy()[pos[treffers]]
    return uit


def geldigheid(code: str) -> str:
    """The years in which a taakveld code is valid, as Dutch text.

    Args:
        code: A bare taakveld code.

    Returns:
        ``"geldig 2023-2024"``, ``"geldig vanaf 2025"`` or a note that the code does not exist.

    >>> geldigheid("6.71a"), geldigheid("6.711")
    ('geldig 2023-2024', 'geldig vanaf 2025')
    >>> geldigheid("6.99")
    'bestaat niet in de Iv3-taakveldindeling'
    """
    cw = _lees_crosswalk()
    rijen = cw[cw["taakveld"] == code]
    if rijen.empty:
        return "bestaat niet in de Iv3-taakveldindeling"
    perioden = []
    for van, tot in zip(rijen["jaar_van"], rijen["jaar_tot"], strict=True):
        perioden.append(f"{van}-{tot}" if pd.notna(tot) else f"vanaf {van}")
    return "geldig " + ", ".join(perioden)


@lru_cache(maxsize=1)
def _perioden() -> dict[str, list[tuple[int, int]]]:
    """Years of validity per code: [(first, last)], 9999 when still valid."""
    uit: dict[str, list[tuple[int, int]]] = {}
    cw = _lees_crosswalk()
    for code, van, tot in zip(
        cw["taakveld"], cw["jaar_van"], cw["jaar_tot"].fillna(9999), strict=True
    ):
        uit.setdefault(code, []).append((int(van), int(tot)))
    return uit


def codes_in_jaar(code: str, jaar: int) -> list[str]:
    """The codes valid in ``jaar`` that hold what ``code`` holds in its own years.

    The same detail series when the layout of ``jaar`` has one (``6.71a`` in 2025 is
    ``6.711``; ``6.711`` in 2023 is ``6.71a``), else the codes of the same comparable
    series (``6.2`` in 2025: ``6.21``, ``6.22``, ``6.23``). Empty for an unknown code.

    >>> codes_in_jaar("6.71a", 2025), codes_in_jaar("6.711", 2023)
    (['6.711'], ['6.71a'])
    >>> codes_in_jaar("6.2", 2025), codes_in_jaar("6.99", 2025)
    (['6.21', '6.22', '6.23'], [])
    """
    cw = _lees_crosswalk()
    eigen = cw[cw["taakveld"] == code]
    geldig = cw[(cw["jaar_van"] <= jaar) & (cw["jaar_tot"].fillna(9999) >= jaar)]
    for kolom in ("detailreeks", "reeks"):
        treffers = geldig[geldig[kolom].isin(eigen[kolom])]["taakveld"]
        treffers = [c for c in dict.fromkeys(treffers) if c != code]
        if treffers:
            return treffers
    return []


def taakveld_reden(code: object, jaar: object) -> str | None:
    """Dutch reason why a taakveld cannot be booked in a year, or ``None`` when it can.

    Names the code, the year, the years the code is valid and the code(s) that hold the
    same in that year, so that a begroting row with an outdated code is quarantined with
    a message that says how to fix it.

    Args:
        code: Taakveld code (or "code naam" text).
        jaar: The year of the row.

    >>> taakveld_reden("6.71a", 2024) is None
    True
    >>> taakveld_reden("6.71a", 2025)
    "taakveld '6.71a' geldt niet in 2025 (geldig 2023-2024); in 2025 is dat taakveld 6.711"
    >>> taakveld_reden("6.99", 2023)
    "taakveld '6.99' bestaat niet in de Iv3-taakveldindeling; verwacht een code uit taakveld_crosswalk.csv"
    """
    tv = normaliseer_taakveld(code)
    if tv is None or jaar is None or pd.isna(jaar):
        return None
    jaar = int(jaar)
    eerste = instellingen.EERSTE_TAAKVELDJAAR
    if jaar < eerste:
        return (
            f"taakveld {tv!r} in {jaar}: taakvelden bestaan pas sinds {eerste}; verwacht een "
            f"jaar vanaf {eerste}"
        )
    perioden = _perioden().get(tv)
    if not perioden:
        return f"taakveld {tv!r} {geldigheid(tv)}; verwacht een code uit {CROSSWALK_PAD.name}"
    if any(van <= jaar <= tot for van, tot in perioden):
        return None
    reden = f"taakveld {tv!r} geldt niet in {jaar} ({geldigheid(tv)})"
    if opvolgers := codes_in_jaar(tv, jaar):
        lijst = ", ".join(opvolgers[:-1]) + " of " if len(opvolgers) > 1 else ""
        reden += f"; in {jaar} is dat taakveld {lijst}{opvolgers[-1]}"
    return reden


def taakveld_bekend(
    df: pd.DataFrame, taakveld_kolom: str = "taakveld", jaar_kolom: str = "jaar"
) -> pd.Series:
    """Whether the crosswalk knows each row's taakveld code for the row's year.

    Args:
        df: Table with a taakveld and a jaar column.
        taakveld_kolom: Name of the taakveld column.
        jaar_kolom: Name of the year column.

    Returns:
        Boolean Series aligned with ``df``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"taakveld": ["6.71a", "6.71a", "6.99"], "jaar": [2023, 2025, 2023]})
    >>> taakveld_bekend(df).tolist()
    [True, False, False]
    """
    codes, jaren = _codes_en_jaren(df, taakveld_kolom, jaar_kolom)
    return (_koppel(codes, jaren) >= 0).rename(None)


def onbekende_taakvelden(
    df: pd.DataFrame, taakveld_kolom: str = "taakveld", jaar_kolom: str = "jaar"
) -> pd.DataFrame:
    """List the (taakveld, jaar) combinations that the crosswalk does not know.

    Args:
        df: Table with a taakveld and a jaar column.
        taakveld_kolom: Name of the taakveld column.
        jaar_kolom: Name of the year column.

    Returns:
        Columns taakveld, jaar, aantal_rijen, reden (Dutch); empty when all are known.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"taakveld": ["6.71a", "6.71a", "6.99"], "jaar": [2025, 2025, 2023]})
    >>> for rij in onbekende_taakvelden(df).values.tolist():
    ...     print(rij)
    ['6.71a', 2025, 2, 'geldig 2023-2024']
    ['6.99', 2023, 1, 'bestaat niet in de Iv3-taakveldindeling']
    """
    codes, jaren = _codes_en_jaren(df, taakveld_kolom, jaar_kolom)
    pos = _koppel(codes, jaren)
    mis = pos < 0
    lijst = pd.DataFrame({"taakveld": codes[mis], "jaar": jaren[mis]})
    if lijst.empty:
        return pd.DataFrame({"taakveld": [], "jaar": [], "aantal_rijen": [], "reden": []}).astype(
            {"aantal_rijen": "int64"}
        )
    telling = (
        lijst.fillna({"taakveld": "(leeg)"})
        .groupby(["taakveld", "jaar"], dropna=False, sort=True)
        .size()
        .rename("aantal_rijen")
        .reset_index()
    )

    def reden(rij: pd.Series) -> str:
        if pd.isna(rij["jaar"]):
            return "jaar ontbreekt of is geen heel getal"
        if rij["taakveld"] == "(leeg)":
            return "taakveld ontbreekt"
        eerste = instellingen.EERSTE_TAAKVELDJAAR  # before it gemeenten used Iv3 "functies"
        if rij["jaar"] < eerste:
            return f"taakvelden bestaan pas sinds {eerste}"
        return geldigheid(rij["taakveld"])

    telling["reden"] = telling.apply(reden, axis=1).astype(object)
    telling["jaar"] = pd.Series(
        [int(j) if pd.notna(j) else None for j in telling["jaar"]],
        index=telling.index,
        dtype=object,
    )
    return telling


def voeg_taakveldreeks_toe(
    df: pd.DataFrame,
    taakveld_kolom: str = "taakveld",
    jaar_kolom: str = "jaar",
    niveau: str = "reeks",
    bij_onbekend: str = "fout",
) -> pd.DataFrame:
    """Add the comparable series of each taakveld (``taakveld_reeks``, ``taakveld_reeks_naam``).

    The code is looked up for its own year, so ``6.71`` in 2022 and ``6.711`` in 2025 both
    land in ``wmo_maatwerk``. The input is not changed; row count and order stay the same.

    Args:
        df: Table with a taakveld code column (text; "code naam" also accepted) and a year.
        taakveld_kolom: Name of the taakveld column.
        jaar_kolom: Name of the year column (the year whose code layout applies).
        niveau: ``"reeks"`` (comparable 2017-2025), ``"detail"`` (comparable 2023-2025)
            or ``"domein"`` (Wmo, Jeugd, Toegang, ...).
        bij_onbekend: ``"fout"`` raises :class:`OnbekendTaakveldFout` listing every unknown
            code; ``"markeer"`` sets ``taakveld_reeks = "onbekend"`` and warns with the listing.

    Returns:
        A copy of ``df`` with ``taakveld_reeks`` and ``taakveld_reeks_naam``.

    Raises:
        OnbekendTaakveldFout: unknown code for its year and ``bij_onbekend="fout"``.
        ValueError: missing column, numeric taakveld column or wrong ``niveau``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"taakveld": ["6.72b", "6.752", "6.82"], "jaar": [2023, 2025, 2019]})
    >>> voeg_taakveldreeks_toe(df)["taakveld_reeks_naam"].unique().tolist()
    ['Jeugdhulp, jeugdbescherming en jeugdreclassering']
    >>> voeg_taakveldreeks_toe(df, niveau="detail")["taakveld_reeks"].tolist()
    ['jeugd_ambulant', 'jeugd_ambulant', 'jeugd_escalatie_onverdeeld']
    >>> voeg_taakveldreeks_toe(pd.DataFrame({"taakveld": ["6.711"], "jaar": [2023]}))
    Traceback (most recent call last):
    ...
    sdanalysis.taakvelden.OnbekendTaakveldFout: Onbekende taakveldcode(s) ...
    """
    if niveau not in NIVEAUS:
        raise ValueError(f"Onbekend niveau {niveau!r}; kies uit {sorted(NIVEAUS)}")
    if bij_onbekend not in ("fout", "markeer"):
        raise ValueError(f"bij_onbekend moet 'fout' of 'markeer' zijn, niet {bij_onbekend!r}")
    codes, jaren = _codes_en_jaren(df, taakveld_kolom, jaar_kolom)
    pos = _koppel(codes, jaren)
    if (pos < 0).any():
        lijst = onbekende_taakvelden(df, taakveld_kolom, jaar_kolom)
        regels = "; ".join(
            f"{r.taakveld!r} in {r.jaar if r.jaar is not None else '?'} "
            f"({r.aantal_rijen} rij(en): {r.reden})"
            for r in lijst.itertuples()
        )
        tekst = (
            f"Onbekende taakveldcode(s) in kolom {taakveld_kolom!r}: {regels}. Verwacht een "
            f"Iv3-taakveldcode die in dat jaar geldt (zie {CROSSWALK_PAD.name} en "
            "docs/taakvelden.md)."
        )
        if bij_onbekend == "fout":
            raise OnbekendTaakveldFout(tekst)
        warnings.warn(tekst, UserWarning, stacklevel=2)
    id_kolom, naam_kolom = NIVEAUS[niveau]
    cw = _lees_crosswalk()
    ids = pd.Series(ONBEKEND, index=df.index, dtype=object)
    namen = pd.Series(ONBEKEND, index=df.index, dtype=object)
    bekend = (pos >= 0).to_numpy()
    ids[bekend] = cw[id_kolom].to_numpy()[pos[bekend]]
    namen[bekend] = cw[naam_kolom].to_numpy()[pos[bekend]]
    uit = df.copy()
    uit["taakveld_reeks"] = ids.astype(str)
    uit["taakveld_reeks_naam"] = namen.astype(str)
    return uit


def voeg_taakveldnaam_toe(
    df: pd.DataFrame, taakveld_kolom: str = "taakveld", jaar_kolom: str = "jaar"
) -> pd.DataFrame:
    """Add the full official name of each taakveld for its year (``taakveld_naam``).

    Sources such as the Iv3 files truncate names ("Overige maatwerkarrangementen .."); this
    takes the name from the crosswalk. Unknown codes raise :class:`OnbekendTaakveldFout`.

    Args:
        df: Table with taakveld and jaar.
        taakveld_kolom: Name of the taakveld column.
        jaar_kolom: Name of the year column.

    Returns:
        A copy of ``df`` with ``taakveld_naam``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"taakveld": ["6.4", "6.4"], "jaar": [2024, 2025]})
    >>> voeg_taakveldnaam_toe(df)["taakveld_naam"].tolist()
    ['Begeleide participatie', 'WSW en beschut werk']
    """
    codes, jaren = _codes_en_jaren(df, taakveld_kolom, jaar_kolom)
    pos = _koppel(codes, jaren)
    if (pos < 0).any():
        voeg_taakveldreeks_toe(df, taakveld_kolom, jaar_kolom)  # raises with the listing
    uit = df.copy()
    uit["taakveld_naam"] = _lees_crosswalk()["taakveld_naam"].to_numpy()[pos.to_numpy()]
    uit["taakveld_naam"] = uit["taakveld_naam"].astype(str)
    return uit
