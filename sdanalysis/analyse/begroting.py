"""Budget analysis: begroting against realisatie, reconciliation and a rebuilt budget.

Answers the question of the onderzoek of the concerncontroller: *in hoeverre zijn de
financiën van het sociaal domein een weergave van de werkelijkheid?* Four parts here, and
the P × Q method in :mod:`sdanalysis.analyse.pxq`:

1. :func:`begroting_vs_realisatie` — primitieve and gewijzigde begroting against the
   realisatie per taakveld and year, on the comparable taakveld series of the crosswalk
   (:func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`); :func:`afwijking_per_reeks`
   says per line whether a deviation is structural.
2. :func:`ongekoppelde_declaraties`, :func:`declaraties_in_quarantaine` — declaraties
   without a toewijzing are kept and reported, never dropped silently. The join itself is
   done once, in the build (table ``declaraties_gekoppeld``, see
   :mod:`sdanalysis.bouw.verrijken`).
3. :func:`herbouw_begroting` (:func:`voorspel_volume_per_categorie`,
   :func:`verwachte_prijs`, :func:`reconstrueer_begroting`) — next year's cost per categorie
   as forecast volume × expected price, with the forecast interval, against the begroting
   line; :func:`reconstructie_aannames` lists the assumptions.
4. :func:`aansluiting_declaraties_realisatie` — declaraties per year and taakveld against the
   realisatie in the begroting; differences are reported, never hidden.
   :mod:`sdanalysis.analyse.begroting_groot` does the sums over declaraties out of core,
   in DuckDB over the processed parquet file.

All functions take DataFrames and return new DataFrames with numbers; inputs are never
mutated. Constants of the method (tolerances, the taakveld indeling of productcodes) are
read from :mod:`sdanalysis.instellingen` at call time or passed as parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.pxq import (
    pxq_cellen,
    pxq_decompositie,
    vul_niveaus,
)
from sdanalysis.contracts import ONBEKEND, vereis_kolommen
from sdanalysis.weergave.stijl import format_procent

_SOORTEN = ("primitief", "gewijzigd", "realisatie")
_SOORT_BIJVOEGLIJK = {"primitief": "primitieve", "gewijzigd": "gewijzigde"}
_REEKS_SLEUTEL = ["jaar", "taakveld_reeks", "taakveld_reeks_naam"]

TaakveldMapper = Callable[..., pd.DataFrame]


# --------------------------------------------------------------------------- helpers


def _standaard_taakveldreeks() -> TaakveldMapper:
    try:
        from sdanalysis.taakvelden import voeg_taakveldreeks_toe
    except ImportError as fout:  # pragma: no cover - only while the module is missing
        raise ValueError(
            "De taakveld-crosswalk (sdanalysis.taakvelden) is niet beschikbaar; "
            "geef een functie mee via taakveldreeks=..."
        ) from fout
    return voeg_taakveldreeks_toe


def _koppel_reeks(
    mapper: TaakveldMapper, df: pd.DataFrame, jaar_kolom: str, niveau: str
) -> pd.DataFrame:
    """Apply the crosswalk; ``niveau`` is passed only when it is not the default."""
    extra = {} if niveau == "reeks" else {"niveau": niveau}
    uit = mapper(df, taakveld_kolom="taakveld", jaar_kolom=jaar_kolom, **extra)
    uit["taakveld_reeks"] = uit["taakveld_reeks"].astype(object)
    uit["taakveld_reeks_naam"] = uit["taakveld_reeks_naam"].astype(object)
    return uit


# --------------------------------------------------------------------------- 1. begroting


def begroting_vs_realisatie(
    begroting: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    vergelijkbaar: bool = True,
    niveau: str = "reeks",
) -> pd.DataFrame:
    """Begroting (primitief, gewijzigd) against realisatie per taakveld and year.

    Args:
        begroting: Processed ``begroting`` (jaar, taakveld, soort, bedrag_eur).
        taakveldreeks: Function adding ``taakveld_reeks`` and ``taakveld_reeks_naam`` to a
            frame with ``taakveld`` and ``jaar`` (default
            :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        vergelijkbaar: Aggregate to the comparable series of the crosswalk (default);
            ``False`` keeps the taakveld codes of each year.
        niveau: Crosswalk level: ``"reeks"`` (comparable 2017-2025), ``"detail"``
            (2023-2025) or ``"domein"``.

    Returns:
        One row per jaar × taakveld(reeks) with ``primitief_eur``, ``gewijzigd_eur``,
        ``realisatie_eur``, ``verschil_realisatie_min_primitief_eur`` (realisatie −
        primitief), ``verschil_realisatie_min_primitief_fractie`` (of primitief),
        ``verschil_realisatie_min_gewijzigd_eur``,
        ``verschil_realisatie_min_gewijzigd_fractie``. Positive = more spent than
        budgeted (every ``verschil`` is "actual/new minus plan/old", as its name says). A
        missing soort stays NaN (not 0), so a missing realisatie is visible.

    >>> b = pd.DataFrame({"jaar": [2019] * 3, "taakveld": ["6.71"] * 3,
    ...     "soort": ["primitief", "gewijzigd", "realisatie"],
    ...     "bedrag_eur": [100.0, 110.0, 121.0]})
    >>> r = begroting_vs_realisatie(b, vergelijkbaar=False)
    >>> r.loc[0, ["verschil_realisatie_min_primitief_eur",
    ...     "verschil_realisatie_min_gewijzigd_fractie"]].tolist()
    [21.0, 0.1]
    """
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    df = begroting.copy()
    df["soort"] = df["soort"].astype("string").str.lower().astype(object)
    onbekend = sorted(set(df["soort"].dropna()) - set(_SOORTEN))
    if onbekend:
        raise ValueError(
            f"begroting: onbekende soort {onbekend}; verwacht primitief, gewijzigd of realisatie."
        )
    sleutel = ["jaar", "taakveld"]
    if vergelijkbaar:
        mapper = taakveldreeks or _standaard_taakveldreeks()
        df = _koppel_reeks(mapper, df, "jaar", niveau)
        sleutel = ["jaar", "taakveld_reeks", "taakveld_reeks_naam"]
    df = vul_niveaus(df, sleutel[1:])
    tabel = df.pivot_table(
        index=sleutel, columns="soort", values="bedrag_eur", aggfunc="sum", dropna=False
    )
    tabel = tabel.reindex(columns=list(_SOORTEN))
    tabel.columns = [f"{s}_eur" for s in _SOORTEN]
    tabel = tabel.reset_index()
    tabel = tabel[tabel[[f"{s}_eur" for s in _SOORTEN]].notna().any(axis=1)]
    for soort in ("primitief", "gewijzigd"):
        verschil = tabel["realisatie_eur"] - tabel[f"{soort}_eur"]
        tabel[f"verschil_realisatie_min_{soort}_eur"] = verschil
        noemer = tabel[f"{soort}_eur"].where(tabel[f"{soort}_eur"] != 0)
        tabel[f"verschil_realisatie_min_{soort}_fractie"] = verschil / noemer
    tabel["jaar"] = tabel["jaar"].astype("int64")
    return tabel.sort_values(sleutel).reset_index(drop=True)


def begroting_bronverschil_eur(begroting: pd.DataFrame, tabel: pd.DataFrame) -> float:
    """Largest gap per year and soort between the begroting and its comparison table.

    The crosswalk may regroup taakvelden but must not lose or double a euro, so for any
    valid begroting this is zero up to rounding.

    Args:
        begroting: Processed ``begroting``.
        tabel: :func:`begroting_vs_realisatie` of that begroting.

    Returns:
        The largest absolute difference in euros.

    >>> b = pd.DataFrame({"jaar": [2019, 2019], "taakveld": ["6.71", "6.72"],
    ...     "soort": ["realisatie", "realisatie"], "bedrag_eur": [10.0, 5.0]})
    >>> begroting_bronverschil_eur(b, begroting_vs_realisatie(b, vergelijkbaar=False))
    0.0
    """
    vereis_kolommen(begroting, ["jaar", "soort", "bedrag_eur"], "begroting")
    soort = begroting["soort"].astype("string").str.lower()
    bron = begroting.pivot_table(index="jaar", columns=soort, values="bedrag_eur", aggfunc="sum")
    kolommen = {f"{s}_eur": s for s in _SOORTEN}
    reeks = tabel.groupby("jaar")[list(kolommen)].sum(min_count=1).rename(columns=kolommen)
    verschil = (bron.reindex(columns=list(_SOORTEN)) - reeks.reindex(bron.index)).abs()
    return float(np.nan_to_num(verschil.to_numpy(dtype=float), nan=0.0).max(initial=0.0))


def afwijking_per_reeks(tabel: pd.DataFrame, soort: str = "primitief") -> pd.DataFrame:
    """Per begroting line: in how many years the realisatie exceeded the begroting.

    A line that overshoots the primitieve begroting nearly every year points to a
    structurally low estimate rather than to chance.

    Args:
        tabel: Output of :func:`begroting_vs_realisatie`.
        soort: ``"primitief"`` or ``"gewijzigd"``.

    Returns:
        Per line (``taakveld_reeks``/``taakveld_reeks_naam`` or ``taakveld``):
        ``aantal_jaren`` (with both figures), ``aantal_jaren_boven`` (realisatie above the
        begroting), ``verschil_realisatie_min_<soort>_eur`` (summed),
        ``gem_verschil_realisatie_min_<soort>_fractie`` (mean yearly fraction); largest
        total difference first.

    >>> t = pd.DataFrame({"jaar": [2019, 2020], "taakveld_reeks": ["jeugd"] * 2,
    ...     "taakveld_reeks_naam": ["Jeugd"] * 2,
    ...     "verschil_realisatie_min_primitief_eur": [5.0, -1.0],
    ...     "verschil_realisatie_min_primitief_fractie": [0.1, -0.02]})
    >>> afwijking_per_reeks(t)[["aantal_jaren", "aantal_jaren_boven"]].values.tolist()
    [[2, 1]]
    """
    if soort not in ("primitief", "gewijzigd"):
        raise ValueError(f"soort moet 'primitief' of 'gewijzigd' zijn, niet {soort!r}.")
    eur = f"verschil_realisatie_min_{soort}_eur"
    fractie = f"verschil_realisatie_min_{soort}_fractie"
    sleutel = [k for k in ("taakveld_reeks", "taakveld_reeks_naam") if k in tabel.columns]
    sleutel = sleutel or ["taakveld"]
    vereis_kolommen(tabel, ["jaar", *sleutel, eur, fractie], "begroting tegen realisatie")
    t = tabel.dropna(subset=[eur])
    uit = t.groupby(sleutel, sort=True).agg(
        aantal_jaren=(eur, "size"),
        aantal_jaren_boven=(eur, lambda v: int((v > 0).sum())),
        **{eur: (eur, "sum"), f"gem_{fractie}": (fractie, "mean")},
    )
    uit = uit.reset_index().astype({"aantal_jaren": "int64", "aantal_jaren_boven": "int64"})
    volgorde = uit[eur].abs().sort_values(ascending=False, kind="stable").index
    return uit.loc[volgorde].reset_index(drop=True)


# --------------------------------------------------------------------------- 2. declaraties


def ongekoppelde_declaraties(gekoppeld: pd.DataFrame) -> pd.DataFrame:
    """Declaraties without toewijzing per year: number of rows and amount.

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.

    Returns:
        ``jaar``, ``aantal_regels``, ``bedrag_eur``, ``aandeel_bedrag_fractie`` (of all
        declaraties of that year, by absolute amount). Empty when everything matched.

    >>> g = pd.DataFrame({"jaar": [2019, 2019], "gekoppeld": [True, False],
    ...     "bedrag_eur": [300.0, 100.0]})
    >>> ongekoppelde_declaraties(g).to_dict("records")
    [{'jaar': 2019, 'aantal_regels': 1, 'bedrag_eur': 100.0, 'aandeel_bedrag_fractie': 0.25}]
    """
    vereis_kolommen(gekoppeld, ["jaar", "gekoppeld", "bedrag_eur"], "gekoppelde declaraties")
    totaal = (
        gekoppeld.assign(abs_eur=gekoppeld["bedrag_eur"].abs()).groupby("jaar")["abs_eur"].sum()
    )
    los = gekoppeld[~gekoppeld["gekoppeld"].astype(bool)]
    uit = (
        los.assign(abs_eur=los["bedrag_eur"].abs())
        .groupby("jaar")
        .agg(
            aantal_regels=("bedrag_eur", "size"),
            bedrag_eur=("bedrag_eur", "sum"),
            abs_eur=("abs_eur", "sum"),
        )
        .reset_index()
    )
    uit["aandeel_bedrag_fractie"] = uit["abs_eur"] / uit["jaar"].map(totaal)
    uit["jaar"] = uit["jaar"].astype("int64")
    uit["aantal_regels"] = uit["aantal_regels"].astype("int64")
    return uit.drop(columns="abs_eur")


def declaraties_in_quarantaine(quarantaine: pd.DataFrame) -> pd.DataFrame:
    """Declaraties the build set aside, per reason (e.g. an unknown toewijzingnummer).

    The build quarantines declaraties whose toewijzing is unknown; they never reach
    ``declaraties``, so they are counted here instead of silently missing.

    Args:
        quarantaine: Processed ``quarantaine`` table.

    Returns:
        ``reden``, ``aantal_regels`` (declaraties only), largest first.

    >>> q = pd.DataFrame({"tabel": ["declaraties", "declaraties", "toewijzingen"],
    ...     "reden": ["toewijzingnummer onbekend", "toewijzingnummer onbekend", "x"]})
    >>> declaraties_in_quarantaine(q).values.tolist()
    [['toewijzingnummer onbekend', 2]]
    """
    vereis_kolommen(quarantaine, ["tabel", "reden"], "quarantaine")
    q = quarantaine[quarantaine["tabel"].astype("string") == "declaraties"]
    uit = q.groupby("reden").size().rename("aantal_regels").reset_index()
    uit["reden"] = uit["reden"].astype(object)
    uit["aantal_regels"] = uit["aantal_regels"].astype("int64")
    return uit.sort_values(["aantal_regels", "reden"], ascending=[False, True]).reset_index(
        drop=True
    )


# --------------------------------------------------------------------------- 4. reconstructie


def voorspel_volume_per_categorie(
    kosten: pd.DataFrame,
    jaar: int,
    voorspeller: Callable[[pd.Series, int], pd.DataFrame] | None = None,
    volume_kolom: str = "aantal_clienten",
    methode: str = "lineair",
    niveau: float = 0.8,
    min_jaren: int = 3,
) -> pd.DataFrame:
    """Forecast the volume of ``jaar`` per categorie from the years before it.

    Args:
        kosten: Output of :func:`sdanalysis.analyse.pxq.kosten_per_client` (``jaar``, ``categorie``, volume).
        jaar: Year to forecast; only earlier years are used.
        voorspeller: ``f(reeks, horizon) -> DataFrame`` with ``voorspelling``,
            ``ondergrens``, ``bovengrens`` (last row = ``jaar``); default
            :func:`sdanalysis.analyse.trends.voorspel` with ``methode`` and ``niveau``.
        volume_kolom: Volume column.
        methode: Method of the default forecaster.
        niveau: Interval level of the default forecaster.
        min_jaren: Categories with fewer years of history are skipped (and listed in
            ``attrs["overgeslagen"]``).

    Returns:
        ``categorie``, ``voorspelling``, ``ondergrens``, ``bovengrens``, ``laatste_jaar``,
        ``laatste_volume``.

    >>> k = pd.DataFrame({"jaar": [2021, 2022, 2023], "categorie": ["A"] * 3,
    ...     "aantal_clienten": [10, 12, 14]})
    >>> naief = lambda s, h: pd.DataFrame({"voorspelling": [s.iloc[-1]],
    ...     "ondergrens": [s.iloc[-1] - 1], "bovengrens": [s.iloc[-1] + 1]})
    >>> voorspel_volume_per_categorie(k, 2024, naief)[["categorie", "voorspelling"]].values.tolist()
    [['A', 14.0]]
    """
    vereis_kolommen(kosten, ["jaar", "categorie", volume_kolom], "kosten")
    if voorspeller is None:
        from sdanalysis.analyse.trends import voorspel

        def voorspeller(reeks: pd.Series, horizon: int) -> pd.DataFrame:
            return voorspel(reeks, horizon, methode=methode, niveau=niveau)

    hist = kosten[kosten["jaar"] < jaar]
    rijen, overgeslagen = [], []
    for cat, g in hist.groupby("categorie", sort=True):
        reeks = g.groupby("jaar")[volume_kolom].sum().astype(float).sort_index()
        if len(reeks) < min_jaren:
            overgeslagen.append(str(cat))
            continue
        laatste = int(reeks.index.max())
        v = voorspeller(reeks, jaar - laatste)
        vereis_kolommen(v, ["voorspelling", "ondergrens", "bovengrens"], "voorspelling")
        r = v.iloc[-1]
        rijen.append(
            (
                cat,
                float(r["voorspelling"]),
                float(r["ondergrens"]),
                float(r["bovengrens"]),
                laatste,
                float(reeks.iloc[-1]),
            )
        )
    uit = pd.DataFrame(
        rijen,
        columns=[
            "categorie",
            "voorspelling",
            "ondergrens",
            "bovengrens",
            "laatste_jaar",
            "laatste_volume",
        ],
    )
    uit.attrs["overgeslagen"] = overgeslagen
    return uit


def verwachte_prijs(
    kosten: pd.DataFrame,
    jaar: int,
    prijs_kolom: str = "kosten_per_client_eur",
    niveaus: Sequence[str] = ("categorie",),
    methode: str = "laatste",
    jaren: int = 3,
    indexatie: float = 0.0,
) -> pd.DataFrame:
    """Expected price per group for ``jaar`` from realised prices of earlier years.

    Args:
        kosten: Output of :func:`sdanalysis.analyse.pxq.kosten_per_client` (or ``kosten_per_eenheid``).
        jaar: Year for which the price is expected; only earlier years are used.
        prijs_kolom: Column with the realised price.
        niveaus: Grouping columns of the result.
        methode: ``"laatste"`` (last realised year) or ``"gemiddelde"`` (volume-weighted
            average price of the last ``jaren`` years).
        jaren: Number of years for ``"gemiddelde"``.
        indexatie: Yearly price index applied from the base year to ``jaar``
            (0.03 = 3% per year).

    Returns:
        niveaus, ``prijs_basisjaar`` (last year used), ``verwachte_prijs_eur``.

    >>> k = pd.DataFrame({"jaar": [2018, 2019], "categorie": ["A", "A"],
    ...     "bedrag_eur": [1000.0, 1200.0], "aantal_clienten": [10, 10],
    ...     "kosten_per_client_eur": [100.0, 120.0]})
    >>> round(float(verwachte_prijs(k, 2020, indexatie=0.05)["verwachte_prijs_eur"][0]), 2)
    126.0
    """
    niveaus = list(niveaus)
    vereis_kolommen(kosten, ["jaar", *niveaus, prijs_kolom, "bedrag_eur"], "kosten")
    if methode not in ("laatste", "gemiddelde"):
        raise ValueError(f"methode moet 'laatste' of 'gemiddelde' zijn, niet {methode!r}.")
    df = kosten[(kosten["jaar"] < jaar) & kosten[prijs_kolom].notna()].copy()
    if df.empty:
        raise ValueError(f"kosten: geen gerealiseerde prijzen vóór {jaar}.")
    df = df.assign(_q=df["bedrag_eur"] / df[prijs_kolom])
    rijen = []
    for sleutel, g in df.groupby(niveaus, sort=True):
        laatste = int(g["jaar"].max())
        if methode == "laatste":
            gg = g[g["jaar"] == laatste]
        else:
            gg = g[g["jaar"] > laatste - jaren]
        prijs = gg["bedrag_eur"].sum() / gg["_q"].sum() if gg["_q"].sum() > 0 else np.nan
        prijs *= (1 + indexatie) ** (jaar - laatste)
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        rijen.append((*sleutel, laatste, prijs))
    return pd.DataFrame(rijen, columns=[*niveaus, "prijs_basisjaar", "verwachte_prijs_eur"])


def categorie_taakveld(
    productcodes: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    niveau: str = "reeks",
    taakveld_jaar: int | None = None,
) -> pd.DataFrame:
    """Map each categorie to its begroting line (taakveld series) via ``productcodes``.

    A categorie may point to several taakvelden (e.g. Jeugdhulp ambulant on 6.72a and
    6.72b) as long as they fall in one series of the crosswalk; the taakveld codes of
    productcodes are read in the Iv3 indeling of ``taakveld_jaar``.

    Args:
        productcodes: Processed ``productcodes`` (categorie, taakveld).
        taakveldreeks: Crosswalk function (default
            :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        niveau: Crosswalk level (``"reeks"`` or ``"detail"``).
        taakveld_jaar: Iv3 indeling of the taakveld codes (default: the layout the codes
            fit, :func:`indeling_van_codes`).

    Returns:
        ``categorie``, ``taakvelden`` (codes joined by ``", "``), ``taakveld_reeks``,
        ``taakveld_reeks_naam``; one row per categorie that has a taakveld.

    Raises:
        ValueError: A categorie falls in more than one series.

    >>> p = pd.DataFrame({"categorie": ["Jeugdhulp ambulant"] * 2 + ["Begeleiding"],
    ...     "taakveld": ["6.72a", "6.72b", "6.71b"]})
    >>> categorie_taakveld(p)[["categorie", "taakvelden", "taakveld_reeks"]].values.tolist()
    [['Begeleiding', '6.71b', 'wmo_maatwerk'], ['Jeugdhulp ambulant', '6.72a, 6.72b', 'jeugd']]
    """
    vereis_kolommen(productcodes, ["categorie", "taakveld"], "productcodes")
    mapper = taakveldreeks or _standaard_taakveldreeks()
    m = productcodes[["categorie", "taakveld"]].dropna().drop_duplicates()
    m = m.astype({"categorie": object, "taakveld": object})
    if m.empty:
        return pd.DataFrame(
            columns=["categorie", "taakvelden", "taakveld_reeks", "taakveld_reeks_naam"]
        )
    m = m.assign(_indeling=_taakveld_jaar(taakveld_jaar, m["taakveld"]))
    m = _koppel_reeks(mapper, m, "_indeling", niveau)
    reeksen = m.groupby("categorie")["taakveld_reeks"].nunique()
    meer = reeksen[reeksen > 1]
    if not meer.empty:
        voorbeeld = {
            c: sorted(m.loc[m["categorie"] == c, "taakveld_reeks"].unique()) for c in meer.index[:3]
        }
        raise ValueError(
            "productcodes: categorie valt in meer dan één begrotingsreeks, bijv. "
            f"{voorbeeld}; splits de categorie of kies één taakveld."
        )
    uit = (
        m.groupby("categorie", sort=True)
        .agg(
            taakvelden=("taakveld", lambda x: ", ".join(sorted(set(map(str, x))))),
            taakveld_reeks=("taakveld_reeks", "first"),
            taakveld_reeks_naam=("taakveld_reeks_naam", "first"),
        )
        .reset_index()
    )
    return uit


def reconstrueer_begroting(
    voorspelling: pd.DataFrame,
    prijzen: pd.DataFrame,
    begroting: pd.DataFrame,
    productcodes: pd.DataFrame,
    jaar: int,
    soort: str = "primitief",
    taakveldreeks: TaakveldMapper | None = None,
    niveau: str = "reeks",
    overige_lasten: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rebuilt budget (forecast volume × expected price) against the begroting lines.

    Args:
        voorspelling: One row per categorie with ``categorie``, ``voorspelling``,
            ``ondergrens``, ``bovengrens`` (volume in ``jaar``, e.g. clients, from
            :func:`sdanalysis.analyse.trends.voorspel`).
        prijzen: ``categorie`` and ``verwachte_prijs_eur`` (see :func:`verwachte_prijs`).
        begroting: Processed ``begroting``.
        productcodes: Processed ``productcodes`` (categorie → taakveld).
        jaar: Budget year.
        soort: Begroting version to compare with (``primitief`` or ``gewijzigd``).
        taakveldreeks: Crosswalk function (default
            :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        niveau: Crosswalk level (``"reeks"`` or ``"detail"``).
        overige_lasten: Optional ``taakveld_reeks`` + ``overige_lasten_eur``: costs of the
            line that do not run through declaraties (pgb, subsidies, uitvoering), e.g.
            from :func:`overige_lasten_uit_aansluiting`; added to the reconstruction and
            its bounds as a fixed amount.

    Returns:
        One row per begroting line (taakveld series) with ``jaar``, ``taakveld_reeks``,
        ``taakveld_reeks_naam``, ``begroting_eur``, ``zorgkosten_eur`` (volume × prijs),
        ``overige_lasten_eur`` (0 when not given), ``reconstructie_eur`` (their sum),
        ``ondergrens_eur``, ``bovengrens_eur``,
        ``verschil_reconstructie_min_begroting_eur`` (reconstructie − begroting;
        positive = the volumes explain more than was budgeted),
        ``verschil_reconstructie_min_begroting_fractie`` (of the reconstruction), ``oordeel`` (``te laag begroot`` when
        the begroting is below the lower bound, ``te hoog begroot`` above the upper bound,
        else ``binnen bandbreedte``; ``geen begroting`` / ``geen reconstructie`` when
        one side is missing) and ``categorieen`` (the categories in the line).
        Categories without taakveld form a line ``(onbekend)``.
    """
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    if soort not in ("primitief", "gewijzigd"):
        raise ValueError(f"soort moet 'primitief' of 'gewijzigd' zijn, niet {soort!r}.")
    mapper = taakveldreeks or _standaard_taakveldreeks()
    det = reconstructie_per_categorie(voorspelling, prijzen, productcodes, mapper, niveau)
    sleutel = ["taakveld_reeks", "taakveld_reeks_naam"]
    rec = (
        det.groupby(sleutel, sort=True)
        .agg(
            reconstructie_eur=("reconstructie_eur", "sum"),
            ondergrens_eur=("ondergrens_eur", "sum"),
            bovengrens_eur=("bovengrens_eur", "sum"),
            categorieen=("categorie", lambda s: ", ".join(sorted(map(str, s)))),
        )
        .reset_index()
    )
    b = begroting[(begroting["jaar"] == jaar)]
    b = b[b["soort"].astype("string").str.lower() == soort]
    if not b.empty:
        b = _koppel_reeks(mapper, b.copy(), "jaar", niveau)
        b = vul_niveaus(b, sleutel)
        b = b.groupby(sleutel, sort=True)["bedrag_eur"].sum().rename("begroting_eur").reset_index()
    else:
        b = pd.DataFrame(columns=[*sleutel, "begroting_eur"]).astype({"begroting_eur": float})
    uit = b.merge(rec, on=sleutel, how="outer")
    uit["zorgkosten_eur"] = uit["reconstructie_eur"]
    uit["overige_lasten_eur"] = 0.0
    if overige_lasten is not None:
        vereis_kolommen(overige_lasten, ["taakveld_reeks", "overige_lasten_eur"], "overige_lasten")
        extra = overige_lasten.groupby("taakveld_reeks")["overige_lasten_eur"].sum()
        heeft = uit["reconstructie_eur"].notna()
        uit.loc[heeft, "overige_lasten_eur"] = (
            uit.loc[heeft, "taakveld_reeks"].map(extra).fillna(0.0).astype(float)
        )
        for k in ("reconstructie_eur", "ondergrens_eur", "bovengrens_eur"):
            uit[k] = uit[k] + uit["overige_lasten_eur"]
    verschil = uit["reconstructie_eur"] - uit["begroting_eur"]
    noemer = uit["reconstructie_eur"].where(uit["reconstructie_eur"] != 0)
    uit["verschil_reconstructie_min_begroting_eur"] = verschil
    uit["verschil_reconstructie_min_begroting_fractie"] = verschil / noemer
    oordeel = np.where(
        uit["begroting_eur"] < uit["ondergrens_eur"],
        "te laag begroot",
        np.where(
            uit["begroting_eur"] > uit["bovengrens_eur"], "te hoog begroot", "binnen bandbreedte"
        ),
    )
    oordeel = np.where(uit["begroting_eur"].isna(), "geen begroting", oordeel)
    oordeel = np.where(uit["reconstructie_eur"].isna(), "geen reconstructie", oordeel)
    uit["oordeel"] = oordeel
    uit.insert(0, "jaar", int(jaar))
    kol = [
        "jaar",
        *sleutel,
        "begroting_eur",
        "zorgkosten_eur",
        "overige_lasten_eur",
        "reconstructie_eur",
        "ondergrens_eur",
        "bovengrens_eur",
        "verschil_reconstructie_min_begroting_eur",
        "verschil_reconstructie_min_begroting_fractie",
        "oordeel",
        "categorieen",
    ]
    return uit[kol].sort_values("taakveld_reeks").reset_index(drop=True)


def reconstructie_per_categorie(
    voorspelling: pd.DataFrame,
    prijzen: pd.DataFrame,
    productcodes: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    niveau: str = "reeks",
) -> pd.DataFrame:
    """Forecast volume × expected price per categorie, with its begroting line.

    Args:
        voorspelling: ``categorie``, ``voorspelling``, ``ondergrens``, ``bovengrens``.
        prijzen: ``categorie``, ``verwachte_prijs_eur``.
        productcodes: For the categorie → taakveld mapping (:func:`categorie_taakveld`).
        taakveldreeks: Crosswalk function.
        niveau: Crosswalk level.

    Returns:
        ``categorie``, the volume columns, ``verwachte_prijs_eur``, ``reconstructie_eur``,
        ``ondergrens_eur``, ``bovengrens_eur``, ``taakvelden``, ``taakveld_reeks``,
        ``taakveld_reeks_naam`` (:data:`ONBEKEND` when the categorie has no taakveld).

    Raises:
        ValueError: Missing columns, a duplicated categorie, or a categorie with a
            forecast but no expected price.

    >>> v = pd.DataFrame({"categorie": ["A"], "voorspelling": [10.0], "ondergrens": [8.0],
    ...     "bovengrens": [12.0]})
    >>> p = pd.DataFrame({"categorie": ["A"], "verwachte_prijs_eur": [100.0]})
    >>> pc = pd.DataFrame({"categorie": ["A"], "taakveld": ["6.71a"]})
    >>> r = reconstructie_per_categorie(v, p, pc)
    >>> r[["reconstructie_eur", "bovengrens_eur", "taakveld_reeks"]].values.tolist()
    [[1000.0, 1200.0, 'wmo_maatwerk']]
    """
    vereis_kolommen(
        voorspelling, ["categorie", "voorspelling", "ondergrens", "bovengrens"], "voorspelling"
    )
    vereis_kolommen(prijzen, ["categorie", "verwachte_prijs_eur"], "prijzen")
    if voorspelling["categorie"].duplicated().any():
        raise ValueError("voorspelling: verwacht één rij per categorie.")
    if prijzen["categorie"].duplicated().any():
        raise ValueError("prijzen: verwacht één rij per categorie.")
    d = voorspelling[["categorie", "voorspelling", "ondergrens", "bovengrens"]].merge(
        prijzen[["categorie", "verwachte_prijs_eur"]],
        on="categorie",
        how="left",
    )
    geen_prijs = d.loc[d["verwachte_prijs_eur"].isna(), "categorie"].tolist()
    if geen_prijs:
        raise ValueError(f"prijzen: geen verwachte prijs voor categorie(ën) {geen_prijs}.")
    for bron, doel in (
        ("voorspelling", "reconstructie_eur"),
        ("ondergrens", "ondergrens_eur"),
        ("bovengrens", "bovengrens_eur"),
    ):
        d[doel] = d[bron] * d["verwachte_prijs_eur"]
    d = d.merge(categorie_taakveld(productcodes, taakveldreeks, niveau), on="categorie", how="left")
    d = vul_niveaus(d, ["taakveld_reeks", "taakveld_reeks_naam"])
    return d


def pxq_reconstructie_vs_realisatie(
    detail: pd.DataFrame, cellen: pd.DataFrame, jaar: int
) -> pd.DataFrame:
    """P × Q of the rebuilt budget (basis) against the realised cost of ``jaar``.

    Splits the forecast error per categorie into volume (more or fewer clients than
    forecast), mix, price and interaction, with the same formulas as
    :func:`pxq_decompositie`.

    Args:
        detail: Output of :func:`reconstructie_per_categorie` (``categorie``,
            ``voorspelling`` as Q, ``reconstructie_eur`` as C).
        cellen: Output of :func:`sdanalysis.analyse.pxq.pxq_cellen` with the same volume definition
            (``jaar``, ``categorie``, ``volume``, ``bedrag_eur``).
        jaar: The realised year.

    Returns:
        :func:`pxq_decompositie` output over ``categorie`` (basis = reconstructie,
        vergelijk = realisatie).

    >>> d = pd.DataFrame({"categorie": ["A"], "voorspelling": [10.0],
    ...     "reconstructie_eur": [1000.0]})
    >>> c = pd.DataFrame({"jaar": [2024], "categorie": ["A"], "volume": [12],
    ...     "bedrag_eur": [1200.0]})
    >>> float(pxq_reconstructie_vs_realisatie(d, c, 2024).loc[0, "volume_effect_eur"])
    200.0
    """
    vereis_kolommen(detail, ["categorie", "voorspelling", "reconstructie_eur"], "detail")
    vereis_kolommen(cellen, ["jaar", "categorie", "volume", "bedrag_eur"], "cellen")
    basis = detail.rename(columns={"voorspelling": "volume", "reconstructie_eur": "bedrag_eur"})
    vergelijk = cellen[cellen["jaar"] == jaar]
    if vergelijk.empty:
        raise ValueError(f"cellen: geen realisatie in {jaar}.")
    return pxq_decompositie(
        basis[["categorie", "volume", "bedrag_eur"]],
        vergelijk[["categorie", "volume", "bedrag_eur"]],
        ["categorie"],
    )


def overige_lasten_uit_aansluiting(aansluiting: pd.DataFrame, jaar: int) -> pd.DataFrame:
    """Costs per begroting line outside the declaraties in ``jaar`` (realisatie − declaraties).

    Args:
        aansluiting: Output of :func:`aansluiting_declaraties_realisatie`.
        jaar: Year whose difference is carried forward.

    Returns:
        ``taakveld_reeks``, ``overige_lasten_eur`` (only lines with both sides).

    >>> a = pd.DataFrame({"jaar": [2023, 2023], "taakveld_reeks": ["jeugd", "wmo"],
    ...     "verschil_realisatie_min_declaraties_eur": [500.0, float("nan")]})
    >>> overige_lasten_uit_aansluiting(a, 2023).values.tolist()
    [['jeugd', 500.0]]
    """
    verschil = "verschil_realisatie_min_declaraties_eur"
    vereis_kolommen(aansluiting, ["jaar", "taakveld_reeks", verschil], "aansluiting")
    a = aansluiting[(aansluiting["jaar"] == jaar) & aansluiting[verschil].notna()]
    if a.empty:
        raise ValueError(f"aansluiting: geen regels met declaraties én realisatie in {jaar}.")
    a = a[a["taakveld_reeks"] != ONBEKEND]
    return (
        a.groupby("taakveld_reeks", as_index=False)[verschil]
        .sum()
        .rename(columns={verschil: "overige_lasten_eur"})
    )


def gemiddelde_prijsstijging(
    kosten: pd.DataFrame,
    tot_jaar: int,
    jaren: int = 3,
    prijs_kolom: str = "kosten_per_client_eur",
    volume_kolom: str = "aantal_clienten",
    niveaus: Sequence[str] = ("wet", "categorie"),
) -> float:
    """Average yearly price increase over the last ``jaren`` year pairs up to ``tot_jaar``.

    Each year pair gives a Paasche price index Σ Q1·P1 / Σ Q1·P0 over the groups present
    in both years (so volume and mix shifts do not count as price); the result is the
    geometric mean of the indices minus 1.

    Args:
        kosten: Output of :func:`sdanalysis.analyse.pxq.kosten_per_client` (or per unit).
        tot_jaar: Last year included.
        jaren: Number of year pairs.
        prijs_kolom: Price column.
        volume_kolom: Volume column.
        niveaus: Group columns.

    Returns:
        The yearly increase as a fraction (0.03 = 3%).

    >>> k = pd.DataFrame({"jaar": [2022, 2023, 2022, 2023], "categorie": ["A", "A", "B", "B"],
    ...     "aantal_clienten": [10, 10, 5, 50], "kosten_per_client_eur": [100.0, 104.0,
    ...     1000.0, 1030.0]})
    >>> round(gemiddelde_prijsstijging(k, 2023, 1, niveaus=["categorie"]), 4)
    0.0302
    """
    niveaus = list(niveaus)
    vereis_kolommen(kosten, ["jaar", *niveaus, prijs_kolom, volume_kolom], "kosten")
    indices = []
    for j in range(tot_jaar - jaren + 1, tot_jaar + 1):
        a = kosten[kosten["jaar"] == j - 1].set_index(niveaus)
        b = kosten[kosten["jaar"] == j].set_index(niveaus)
        beide = a.index.intersection(b.index)
        if len(beide) == 0:
            continue
        p0 = a.loc[beide, prijs_kolom]
        p1 = b.loc[beide, prijs_kolom]
        q1 = b.loc[beide, volume_kolom]
        geldig = p0.notna() & p1.notna() & (q1 > 0)
        noemer = float((q1[geldig] * p0[geldig]).sum())
        if noemer > 0:
            indices.append(float((q1[geldig] * p1[geldig]).sum()) / noemer)
    if not indices:
        raise ValueError(f"kosten: geen opeenvolgende jaren met prijzen tot en met {tot_jaar}.")
    return float(np.prod(indices) ** (1 / len(indices)) - 1)


def reconstructie_aannames(
    jaar: int,
    prijs_methode: str = "laatste",
    indexatie: float = 0.0,
    volume: str = "clienten",
    soort: str = "primitief",
    interval: float = 0.8,
    overige_lasten_jaar: int | None = None,
) -> pd.DataFrame:
    """The assumptions of :func:`reconstrueer_begroting`, in Dutch, as a table.

    >>> reconstructie_aannames(2025).shape[1]
    2
    """
    volume_tekst = (
        "het aantal cliënten met zorg in het jaar (per categorie)"
        if volume == "clienten"
        else "het aantal geleverde eenheden (per categorie en eenheid)"
    )
    prijs_tekst = (
        "de gerealiseerde kosten per cliënt in het laatste volledige jaar"
        if prijs_methode == "laatste"
        else "de volumegewogen gemiddelde kosten per cliënt over de laatste jaren"
    )
    regels = [
        f"Volume (Q) in {jaar} is {volume_tekst}, voorspeld uit de reeks van eerdere jaren.",
        f"De bandbreedte is het {format_procent(interval, 0)}-voorspelinterval van het volume; "
        "onzekerheid in de prijs zit er niet in.",
        f"Prijs (P) is {prijs_tekst}, geïndexeerd met {format_procent(indexatie)} per jaar.",
        "De mix binnen een categorie (aanbieders, producten) blijft gelijk aan het basisjaar.",
        "De bandbreedte van een begrotingsregel is de som van de grenzen van zijn "
        "categorieën (ruim: alsof alle categorieën tegelijk hoog of laag uitvallen).",
        "Een categorie telt mee op het taakveld uit productcodes (in de Iv3-indeling waarin "
        "die codes gelden); via de crosswalk valt dat taakveld in de vergelijkbare reeks "
        "van de begroting.",
        (
            f"Vergeleken wordt met de {_SOORT_BIJVOEGLIJK.get(soort, soort)} begroting. Lasten buiten de declaraties (pgb, "
            "subsidies, uitvoering) zijn meegenomen als vast bedrag: realisatie min "
            f"declaraties in {overige_lasten_jaar}."
            if overige_lasten_jaar is not None
            else f"Vergeleken wordt met de {_SOORT_BIJVOEGLIJK.get(soort, soort)} begroting. Een begrotingsregel bevat meer "
            "dan de gedeclareerde zorg (pgb, subsidies, uitvoeringskosten); het verschil is "
            "dus niet alleen een schattingsfout."
        ),
        "Declaraties zonder toewijzing of zonder taakveld tellen niet mee in de reconstructie "
        "en worden apart gerapporteerd.",
    ]
    return pd.DataFrame({"nr": range(1, len(regels) + 1), "aanname": regels})


# --------------------------------------------------------------------------- 5. aansluiting


def indeling_van_codes(codes: pd.Series) -> int:
    """The Iv3 year whose taakveld layout holds most of ``codes`` (the latest on a tie).

    Productcodes carry one taakveld per product without saying which year's layout it
    follows; the codes tell: ``6.71a`` exists in 2023-2024 only, ``6.711`` from 2025.

    Args:
        codes: Taakveld codes (empty values ignored).

    Returns:
        A year; without any code the latest layout in the crosswalk.

    >>> indeling_van_codes(pd.Series(["6.6", "6.71a", "6.72b"]))
    2024
    >>> indeling_van_codes(pd.Series(["6.711", "6.751", None]))
    2025
    >>> indeling_van_codes(pd.Series(["6.71", "6.72"]))  # old codes, valid up to 2024
    2024
    """
    from sdanalysis.taakvelden import taakveld_reeksen

    cw = taakveld_reeksen()
    uniek = {str(c).strip() for c in codes.dropna()}
    tot = cw["jaar_tot"].astype("float64").fillna(np.inf).to_numpy()
    jaren = range(int(cw["jaar_van"].min()), int(cw["jaar_van"].max()) + 1)
    bekend = cw["taakveld"].isin(uniek).to_numpy()
    van = cw["jaar_van"].to_numpy()

    def score(jaar: int) -> int:
        return int(cw.loc[bekend & (van <= jaar) & (tot >= jaar), "taakveld"].nunique())

    return max(jaren, key=lambda j: (score(j), j))


def _taakveld_jaar(taakveld_jaar: int | None, codes: pd.Series) -> int:
    """Iv3 indeling of the taakveld codes on toewijzingen and productcodes."""
    return indeling_van_codes(codes) if taakveld_jaar is None else int(taakveld_jaar)


def _som_per_taakveld(gekoppeld: pd.DataFrame) -> pd.DataFrame:
    """Declared amount per year and taakveld code (missing taakveld kept as a group)."""
    d = gekoppeld if "taakveld" in gekoppeld.columns else gekoppeld.assign(taakveld=pd.NA)
    return d.groupby(["jaar", "taakveld"], dropna=False)["bedrag_eur"].sum().reset_index()


def _declaraties_per_reeks(
    per_taakveld: pd.DataFrame, mapper: TaakveldMapper, niveau: str, taakveld_jaar: int
) -> pd.DataFrame:
    """Declaraties per year and taakveld series; those without taakveld under ONBEKEND."""
    d = per_taakveld
    met = d[d["taakveld"].notna()].copy()
    zonder = d[d["taakveld"].isna()].copy()
    if not met.empty:
        met = _koppel_reeks(mapper, met.assign(_indeling=taakveld_jaar), "_indeling", niveau)
    zonder = zonder.assign(taakveld_reeks=ONBEKEND, taakveld_reeks_naam=ONBEKEND)
    d = pd.concat([x for x in (met, zonder) if not x.empty], ignore_index=True)
    d = vul_niveaus(d, _REEKS_SLEUTEL[1:])
    return d.groupby(_REEKS_SLEUTEL)["bedrag_eur"].sum().rename("declaraties_eur").reset_index()


def _realisatie_per_reeks(
    begroting: pd.DataFrame, mapper: TaakveldMapper, niveau: str, jaren: set[int]
) -> pd.DataFrame:
    """Realisatie per year and taakveld series, for the given years only."""
    r = begroting[begroting["soort"].astype("string").str.lower() == "realisatie"].copy()
    if r.empty:
        return pd.DataFrame(columns=[*_REEKS_SLEUTEL, "realisatie_eur"])
    r = _koppel_reeks(mapper, r, "jaar", niveau)
    r = vul_niveaus(r, _REEKS_SLEUTEL[1:])
    r = r.groupby(_REEKS_SLEUTEL)["bedrag_eur"].sum().rename("realisatie_eur").reset_index()
    return r[r["jaar"].isin(jaren)]


def aansluiting_declaraties_realisatie(
    gekoppeld: pd.DataFrame,
    begroting: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None = None,
    tolerantie: float | None = None,
    tolerantie_eur: float | None = None,
    niveau: str = "reeks",
    taakveld_jaar: int | None = None,
) -> pd.DataFrame:
    """Reconcile declaraties per year and taakveld with the realisatie in the begroting.

    Declaraties carry the taakveld of their toewijzing (from productcodes, set in the
    build); it is mapped to the comparable taakveld series, as is the begroting. Every line
    present on either side is listed; only years with declaraties are compared.

    Args:
        gekoppeld: The processed table ``declaraties_gekoppeld``.
        begroting: Processed ``begroting`` (rows with ``soort == "realisatie"`` are used).
        taakveldreeks: Crosswalk function (default :func:`sdanalysis.taakvelden.voeg_taakveldreeks_toe`).
        tolerantie: Relative difference (of the realisatie) accepted as "aansluitend"
            (default ``instellingen.AANSLUITING_TOLERANTIE``).
        tolerantie_eur: Absolute difference always accepted (default
            ``instellingen.AANSLUITING_TOLERANTIE_EUR``).
        niveau: Crosswalk level (``"reeks"`` or ``"detail"``).
        taakveld_jaar: Iv3 indeling of the declaraties' taakveld codes (default: the layout
            the codes fit, :func:`indeling_van_codes`).

    Returns:
        ``jaar``, ``taakveld_reeks``, ``taakveld_reeks_naam``, ``declaraties_eur``,
        ``realisatie_eur``, ``verschil_realisatie_min_declaraties_eur``,
        ``verschil_realisatie_min_declaraties_fractie`` (of realisatie), ``status``: ``aansluitend``, ``verschil``,
        ``alleen declaraties`` (no realisatie line), ``alleen realisatie`` (no
        declaraties) or ``geen taakveld`` (declaraties that cannot be placed).
    """
    vereis_kolommen(gekoppeld, ["jaar", "bedrag_eur"], "gekoppelde declaraties")
    vereis_kolommen(begroting, ["jaar", "taakveld", "soort", "bedrag_eur"], "begroting")
    return _aansluiting(
        _som_per_taakveld(gekoppeld),
        begroting,
        taakveldreeks,
        tolerantie,
        tolerantie_eur,
        niveau,
        taakveld_jaar,
    )


def _aansluiting(
    per_taakveld: pd.DataFrame,
    begroting: pd.DataFrame,
    taakveldreeks: TaakveldMapper | None,
    tolerantie: float | None,
    tolerantie_eur: float | None,
    niveau: str,
    taakveld_jaar: int | None,
) -> pd.DataFrame:
    """The reconciliation from declared amounts per year and taakveld code."""
    tolerantie = instellingen.AANSLUITING_TOLERANTIE if tolerantie is None else tolerantie
    if tolerantie_eur is None:
        tolerantie_eur = instellingen.AANSLUITING_TOLERANTIE_EUR
    mapper = taakveldreeks or _standaard_taakveldreeks()
    indeling = _taakveld_jaar(taakveld_jaar, per_taakveld["taakveld"])
    d = _declaraties_per_reeks(per_taakveld, mapper, niveau, indeling)
    r = _realisatie_per_reeks(begroting, mapper, niveau, set(d["jaar"]))
    uit = d.merge(r, on=_REEKS_SLEUTEL, how="outer")
    verschil = uit["realisatie_eur"] - uit["declaraties_eur"]
    fractie = verschil / uit["realisatie_eur"].where(uit["realisatie_eur"] != 0)
    uit["verschil_realisatie_min_declaraties_eur"] = verschil
    uit["verschil_realisatie_min_declaraties_fractie"] = fractie
    binnen = (verschil.abs() <= tolerantie_eur) | (fractie.abs() <= tolerantie)
    status = np.where(binnen, "aansluitend", "verschil")
    status = np.where(uit["realisatie_eur"].isna(), "alleen declaraties", status)
    status = np.where(uit["declaraties_eur"].isna(), "alleen realisatie", status)
    status = np.where(uit["taakveld_reeks"] == ONBEKEND, "geen taakveld", status)
    uit["status"] = status
    uit["jaar"] = uit["jaar"].astype("int64")
    return uit.sort_values(_REEKS_SLEUTEL).reset_index(drop=True)


@dataclass
class HerbouwdeBegroting:
    """Everything :func:`herbouw_begroting` derived, so notebook and workbook show the same.

    ``fout`` is the P × Q decomposition of the rebuilt care cost against the declared cost of
    the year (:func:`pxq_reconstructie_vs_realisatie`), when the declaraties were given.
    """

    jaar: int
    voorspelling: pd.DataFrame
    indexatie: float
    prijzen: pd.DataFrame
    reconstructie: pd.DataFrame
    detail: pd.DataFrame
    aannames: pd.DataFrame
    fout: pd.DataFrame | None = None


def herbouw_begroting(
    kosten: pd.DataFrame,
    begroting: pd.DataFrame,
    productcodes: pd.DataFrame,
    aansluiting: pd.DataFrame,
    jaar: int,
    methode: str = "lineair",
    interval: float = 0.8,
    prijsjaren: int = 3,
    soort: str = "primitief",
    gekoppeld: pd.DataFrame | None = None,
) -> HerbouwdeBegroting:
    """Rebuild the begroting of ``jaar`` as forecast volume × expected price, in one call.

    Chains :func:`voorspel_volume_per_categorie` (volume up to ``jaar - 1``, forecast with
    ``methode`` and a ``interval`` prediction interval), :func:`gemiddelde_prijsstijging`
    over the last ``prijsjaren`` years, :func:`verwachte_prijs`,
    :func:`overige_lasten_uit_aansluiting` (lasten outside the declaraties, from the year
    before) and :func:`reconstrueer_begroting` against the ``soort`` begroting.

    Args:
        kosten: :func:`sdanalysis.analyse.pxq.kosten_per_client` per wet and categorie.
        begroting: Processed ``begroting`` table.
        productcodes: Frame with ``categorie`` and ``taakveld``: processed ``productcodes`` or
            ``declaraties_gekoppeld`` (the taakvelden the build gave each categorie).
        aansluiting: :func:`aansluiting_declaraties_realisatie`.
        jaar: Year to rebuild; only the years before it are used.
        methode: Forecast method of :func:`sdanalysis.analyse.trends.voorspel`.
        interval: Level of the volume's prediction interval (0.8 = 80%).
        prijsjaren: Year pairs over which the yearly price increase is averaged.
        soort: Begroting version compared with (``primitief`` or ``gewijzigd``).
        gekoppeld: The processed ``declaraties_gekoppeld``; when given and ``jaar`` has
            declaraties, ``fout`` splits the forecast error into P × Q effects.

    Returns:
        The parts and the assumptions (:func:`reconstructie_aannames`).
    """
    voorspelling = voorspel_volume_per_categorie(kosten, jaar, methode=methode, niveau=interval)
    indexatie = gemiddelde_prijsstijging(kosten, jaar - 1, jaren=prijsjaren)
    prijzen = verwachte_prijs(kosten, jaar, indexatie=indexatie)
    reconstructie = reconstrueer_begroting(
        voorspelling,
        prijzen,
        begroting,
        productcodes,
        jaar,
        soort=soort,
        overige_lasten=overige_lasten_uit_aansluiting(aansluiting, jaar - 1),
    )
    detail = reconstructie_per_categorie(voorspelling, prijzen, productcodes)
    aannames = reconstructie_aannames(
        jaar,
        prijs_methode="laatste",
        indexatie=indexatie,
        soort=soort,
        interval=interval,
        overige_lasten_jaar=jaar - 1,
    )
    fout = None
    if gekoppeld is not None and (gekoppeld["jaar"] == jaar).any():
        cellen = pxq_cellen(gekoppeld, ["categorie"])
        fout = pxq_reconstructie_vs_realisatie(detail, cellen, jaar)
    return HerbouwdeBegroting(
        jaar, voorspelling, indexatie, prijzen, reconstructie, detail, aannames, fout
    )
