"""Zakelijk partnerschap: the dashboard per aanbieder, concentration and reduction paths.

The letter of 17 april 2019 (Interventieprogramma, maatregel 4.2.6) describes a dashboard
per zorgaanbieder (how many clients, which trajecten started, progress), agreements with
the providers that together hold at least 60% of the jeugdhulp budget, and with the WVHS
providers (Weinig Voorkomende Hoog Specialistische 24-uurszorg and crisisbedden) on a cost
reduction of 20% in four years. This module computes those figures from the processed
``toewijzingen`` and ``declaraties``:

- :func:`trajecten`: toewijzingen of one client at one aanbieder in one categorie merged
  into care trajecten; lopende trajecten are right-censored at the peildatum.
- :func:`trajectduur`: Kaplan-Meier median and restricted mean duration (censoring-aware).
- :func:`aanbieder_overzicht`: per aanbieder, categorie and period: clients in care,
  trajecten started/ended, duration, volume, cost, cost per client and per unit, compared
  with the average of the providers in the same categorie.
- :func:`budgetaandelen`, :func:`concentratie`, :func:`hhi`: budget shares, the smallest
  set of providers holding 60%, top-N share and Herfindahl-Hirschman index.
- :func:`mutaties_aanbieders`, :func:`toe_en_uittreding`: providers entering and leaving,
  with the cost they carry.
- :func:`reductiepad`, :func:`volg_reductiepad`: an agreed reduction path against the
  actual cost, gap per year.
- :func:`wisselingen`: clients moving between providers within a categorie.
- :func:`publiceerbaar_overzicht`: the overview with small counts suppressed
  (:mod:`sdanalysis.weergave.suppressie`).

Definitions are documented in ``docs/aanbieders.md``.

>>> t = pd.DataFrame({"client_id": ["c1", "c2"], "wet": "JW", "categorie": "Pleegzorg",
...     "aanbieder_agb": ["11111111", "22222222"], "aanbieder_naam": ["A", "B"],
...     "ingangsdatum": pd.to_datetime(["2019-01-01", "2019-03-01"]),
...     "einddatum": pd.to_datetime(["2019-01-31", None])})
>>> tr = trajecten(t, peildatum="2019-03-31")
>>> tr[["aanbieder_agb", "is_lopend", "duur_dagen"]].values.tolist()
[['11111111', False, 31], ['22222222', True, 31]]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.overleving import kaplan_meier, km_beperkt_gemiddelde, km_mediaan
from sdanalysis.contracts import vereis_kolommen
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

#: Toewijzingen of one client at one aanbieder in one categorie whose gap is at most this
#: many days belong to one traject (a re-indication often starts a few days late).
TRAJECT_MAX_ONDERBREKING_DAGEN = instellingen.TRAJECT_MAX_ONDERBREKING_DAGEN
#: A client switches provider when the new traject starts at most this many days after the
#: old one ended (or overlaps it).
WISSEL_MAX_TUSSENPOOS_DAGEN = instellingen.WISSEL_MAX_TUSSENPOOS_DAGEN
#: The share of the jeugdhulp budget the letter's regional agreements cover ("tenminste 60%").
KERNSET_AANDEEL = instellingen.KERNSET_AANDEEL
#: WVHS agreement of the letter: 20% cost reduction in four years.
WVHS_REDUCTIE = instellingen.WVHS_REDUCTIE
WVHS_JAREN = instellingen.WVHS_JAREN
#: The letter (april 2019) names no base year; 2018 is the last full year before the
#: agreements, so the path runs 2018 (100%) → 2022 (80%).
WVHS_BASISJAAR = instellingen.WVHS_BASISJAAR
#: WVHS 24-uurszorg ≈ iJw productcategorie 43 (jeugdhulp met verblijf incl. behandeling).
WVHS_PRODUCTCATEGORIEEN = instellingen.WVHS_PRODUCTCATEGORIEEN
#: AGB code under which declaraties without a known toewijzing are counted.
ONBEKENDE_AANBIEDER = "onbekend"

_PERIODES = ("jaar", "kwartaal", "maand")
_EPOCH = pd.Timestamp("1970-01-01")
_DAG = pd.Timedelta(days=1)

#: Count columns of the overview that are suppressed before publication.
TELKOLOMMEN = ("aantal_clienten", "trajecten_gestart", "trajecten_beeindigd")
#: Columns derived from few persons, blanked when the count they depend on is suppressed.
AFGELEIDE_KOLOMMEN: dict[str, str] = {
    "kosten_per_client_eur": "aantal_clienten",
    "index_kosten_per_client": "aantal_clienten",
    "gem_duur_dagen": "trajecten_gestart",  # duration of the cohort started in the period
    "mediaan_duur_dagen": "trajecten_gestart",
}
_MAATKOLOMMEN = (
    *TELKOLOMMEN,
    "gem_duur_dagen",
    "mediaan_duur_dagen",
    "volume_eenheden",
    "eenheid",
    "kosten_eur",
    "kosten_per_client_eur",
    "kosten_per_eenheid_eur",
    "gem_categorie_kosten_per_client_eur",
    "index_kosten_per_client",
    "gem_categorie_kosten_per_eenheid_eur",
    "index_kosten_per_eenheid",
    "aandeel_kosten_categorie",
)


# --------------------------------------------------------------------------- helpers


def _dagen(s: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 as float (NaT → NaN)."""
    return ((pd.to_datetime(s) - _EPOCH) // _DAG).to_numpy(dtype=float, na_value=np.nan)


def _peildatum(toewijzingen: pd.DataFrame, peildatum: object) -> pd.Timestamp:
    if peildatum is not None:
        return pd.Timestamp(peildatum)
    if len(toewijzingen) == 0:
        raise ValueError("Geen toewijzingen: geef een peildatum op.")
    return pd.Timestamp(toewijzingen["ingangsdatum"].max())


def _ordinaal(datum: pd.Series, periode: str) -> np.ndarray:
    """Period number of every date: the year, or year·4+quarter, or year·12+month."""
    d = pd.to_datetime(datum)
    jaar = d.dt.year.to_numpy(dtype=float, na_value=np.nan)
    maand = d.dt.month.to_numpy(dtype=float, na_value=np.nan)
    if periode == "jaar":
        return jaar
    if periode == "kwartaal":
        return jaar * 4 + (maand - 1) // 3
    return jaar * 12 + (maand - 1)


def _periode_kolommen(ordinaal: pd.Series, periode: str) -> pd.DataFrame:
    o = ordinaal.astype("int64")
    if periode == "jaar":
        jaar = o
        label = o.astype(str)
    elif periode == "kwartaal":
        jaar = o // 4
        label = jaar.astype(str) + "-K" + (o % 4 + 1).astype(str)
    else:
        jaar = o // 12
        label = jaar.astype(str) + "-" + (o % 12 + 1).astype(str).str.zfill(2)
    return pd.DataFrame({"periode": label.astype("str"), "jaar": jaar.astype("int64")})


def _controleer_periode(periode: str) -> None:
    if periode not in _PERIODES:
        raise ValueError(f"periode moet een van {_PERIODES} zijn, niet {periode!r}.")


def _namen(toewijzingen: pd.DataFrame) -> pd.Series:
    """Most frequent aanbieder_naam per AGB code (names vary between exports)."""
    if "aanbieder_naam" not in toewijzingen.columns:
        agb = toewijzingen["aanbieder_agb"].astype("str").unique()
        return pd.Series(agb, index=agb, name="aanbieder_naam")
    t = toewijzingen[["aanbieder_agb", "aanbieder_naam"]].astype("str")
    n = t.value_counts().reset_index()
    n = n.sort_values(["aanbieder_agb", "count", "aanbieder_naam"], ascending=[True, False, True])
    return n.drop_duplicates("aanbieder_agb").set_index("aanbieder_agb")["aanbieder_naam"]


# --------------------------------------------------------------------------- trajecten


def trajecten(
    toewijzingen: pd.DataFrame,
    peildatum: object = None,
    max_onderbreking_dagen: int = TRAJECT_MAX_ONDERBREKING_DAGEN,
) -> pd.DataFrame:
    """Merge toewijzingen into care trajecten per client, aanbieder and categorie.

    Toewijzingen of one client at one aanbieder in one categorie (and wet) that overlap or
    follow each other within ``max_onderbreking_dagen`` form one traject. A traject is
    *lopend* when its last toewijzing has no einddatum or ends after the peildatum; its
    duration is then counted up to the peildatum and flagged (right-censored), never
    treated as ended. Toewijzingen starting after the peildatum are left out.

    Args:
        toewijzingen: Processed toewijzingen (client_id, wet, categorie, aanbieder_agb,
            aanbieder_naam, ingangsdatum, einddatum).
        peildatum: Date of observation; default the latest ingangsdatum in the data.
        max_onderbreking_dagen: Largest gap (days) that still continues a traject.

    Returns:
        One row per traject: client_id, wet, categorie, aanbieder_agb, aanbieder_naam,
        traject_start, traject_eind (NaT when lopend), is_lopend, duur_dagen (inclusive,
        up to the peildatum when lopend), aantal_toewijzingen.

    Raises:
        ValueError: columns missing or an einddatum before its ingangsdatum.

    >>> t = pd.DataFrame({"client_id": ["c1"] * 3, "wet": "JW", "categorie": "Pleegzorg",
    ...     "aanbieder_agb": "11111111", "aanbieder_naam": "A",
    ...     "ingangsdatum": pd.to_datetime(["2019-01-01", "2019-02-05", "2019-06-01"]),
    ...     "einddatum": pd.to_datetime(["2019-01-31", "2019-03-31", "2019-06-30"])})
    >>> trajecten(t, peildatum="2019-12-31")[["traject_start", "duur_dagen",
    ...     "aantal_toewijzingen"]].astype(str).values.tolist()
    [['2019-01-01', '90', '2'], ['2019-06-01', '30', '1']]
    """
    nodig = ["client_id", "wet", "categorie", "aanbieder_agb", "ingangsdatum", "einddatum"]
    vereis_kolommen(toewijzingen, nodig, "toewijzingen")
    peil = _peildatum(toewijzingen, peildatum)
    peil_d = float((peil - _EPOCH) // _DAG)
    sleutel = ["client_id", "wet", "categorie", "aanbieder_agb"]
    t = toewijzingen[sleutel].astype("str").reset_index(drop=True)
    start = _dagen(toewijzingen["ingangsdatum"])
    eind = _dagen(toewijzingen["einddatum"])
    if np.isnan(start).any():
        raise ValueError("toewijzingen: ingangsdatum ontbreekt in een of meer rijen.")
    fout = ~np.isnan(eind) & (eind < start)
    if fout.any():
        nrs = toewijzingen.get("toewijzingnummer", pd.Series(range(len(toewijzingen))))
        voorbeeld = list(pd.Series(nrs).astype(str).to_numpy()[fout][:3])
        raise ValueError(
            f"toewijzingen: {int(fout.sum())} toewijzing(en) eindigen vóór hun ingangsdatum, "
            f"bijvoorbeeld {voorbeeld}."
        )
    lopend = np.isnan(eind) | (eind > peil_d)
    t["_start"] = start
    t["_eind"] = np.where(lopend, np.inf, eind)
    t = t.loc[start <= peil_d].sort_values([*sleutel, "_start"], kind="stable")
    t = t.reset_index(drop=True)
    groep = t.groupby(sleutel, sort=False).ngroup()
    nieuwe_groep = groep.ne(groep.shift())
    max_eind = t.groupby(groep)["_eind"].cummax()
    vorig_max = max_eind.shift()
    nieuw = nieuwe_groep | (t["_start"] > vorig_max + 1 + max_onderbreking_dagen)
    t["_traject"] = nieuw.cumsum()
    agg = t.groupby("_traject", sort=False).agg(
        client_id=("client_id", "first"),
        wet=("wet", "first"),
        categorie=("categorie", "first"),
        aanbieder_agb=("aanbieder_agb", "first"),
        _start=("_start", "min"),
        _eind=("_eind", "max"),
        aantal_toewijzingen=("_start", "size"),
    )
    is_lopend = np.isinf(agg["_eind"].to_numpy())
    eind_tot_peil = np.where(is_lopend, peil_d, agg["_eind"].to_numpy())
    uit = agg[["client_id", "wet", "categorie", "aanbieder_agb"]].reset_index(drop=True)
    uit["aanbieder_naam"] = uit["aanbieder_agb"].map(_namen(toewijzingen)).astype("str")
    uit["traject_start"] = _EPOCH + pd.to_timedelta(agg["_start"].to_numpy(), unit="D")
    traject_eind = _EPOCH + pd.to_timedelta(np.where(is_lopend, np.nan, eind_tot_peil), unit="D")
    uit["traject_eind"] = traject_eind
    uit["is_lopend"] = is_lopend
    uit["duur_dagen"] = (eind_tot_peil - agg["_start"].to_numpy() + 1).astype("int64")
    uit["aantal_toewijzingen"] = agg["aantal_toewijzingen"].to_numpy().astype("int64")
    return uit


def _km_kengetallen(duur: np.ndarray, klaar: np.ndarray) -> tuple[float, float]:
    """Restricted mean and median of the Kaplan-Meier curve (see :mod:`sdanalysis.analyse.overleving`)."""
    return km_beperkt_gemiddelde(duur, klaar), km_mediaan(duur, klaar)


def trajectduur(
    trajecten_df: pd.DataFrame, groepen: Sequence[str] = ("aanbieder_agb", "aanbieder_naam")
) -> pd.DataFrame:
    """Duration of trajecten per group, with lopende trajecten treated as censored.

    ``mediaan_duur_dagen`` is the Kaplan-Meier median (smallest duration at which the
    share still in care drops to 50% or lower; the midpoint to the next ending when it is
    exactly 50%), NaN when fewer than half of the trajecten have ended
    (``mediaan_bereikt`` False). ``gem_duur_dagen`` is the restricted mean: the area under
    the Kaplan-Meier curve up to the longest observed duration (equals the plain mean
    when nothing is lopend). ``gem_duur_afgesloten_dagen`` is the naive mean of ended
    trajecten only, shown for comparison (biased short when many are lopend).

    >>> tr = pd.DataFrame({"aanbieder_agb": "1", "duur_dagen": [10, 20, 30, 40],
    ...                    "is_lopend": [False, True, False, False]})
    >>> r = trajectduur(tr, groepen=["aanbieder_agb"]).iloc[0]
    >>> float(r["gem_duur_dagen"]), float(r["mediaan_duur_dagen"]), int(r["aantal_lopend"])
    (28.75, 30.0, 1)
    """
    groepen = list(groepen)
    vereis_kolommen(trajecten_df, [*groepen, "duur_dagen", "is_lopend"], "trajecten")
    rijen = []
    gegroepeerd = (
        trajecten_df.groupby(groepen, sort=True, dropna=False) if groepen else [((), trajecten_df)]
    )
    for sleutel, g in gegroepeerd:
        duur = g["duur_dagen"].to_numpy(dtype=float)
        klaar = ~g["is_lopend"].to_numpy(dtype=bool)
        gem, med = _km_kengetallen(duur, klaar)
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        rijen.append(
            {
                **dict(zip(groepen, sleutel, strict=True)),
                "aantal_trajecten": len(g),
                "aantal_afgesloten": int(klaar.sum()),
                "aantal_lopend": int((~klaar).sum()),
                "gem_duur_dagen": gem,
                "mediaan_duur_dagen": med,
                "mediaan_bereikt": not np.isnan(med),
                "gem_duur_afgesloten_dagen": float(duur[klaar].mean()) if klaar.any() else np.nan,
            }
        )
    kolommen = [
        *groepen,
        "aantal_trajecten",
        "aantal_afgesloten",
        "aantal_lopend",
        "gem_duur_dagen",
        "mediaan_duur_dagen",
        "mediaan_bereikt",
        "gem_duur_afgesloten_dagen",
    ]
    return pd.DataFrame(rijen, columns=kolommen)


# --------------------------------------------------------------------------- cost, clients


def koppel_declaraties(toewijzingen: pd.DataFrame, declaraties: pd.DataFrame) -> pd.DataFrame:
    """Attach aanbieder, client, wet and categorie of the toewijzing to every declaratie.

    Declaraties whose toewijzingnummer is not in ``toewijzingen`` are kept (so totals stay
    complete) under aanbieder_agb ``"onbekend"`` with a warning. ``jaar`` is the year of
    ``periode_start``.

    >>> tw = pd.DataFrame({"toewijzingnummer": ["T1"], "client_id": ["c1"], "wet": ["JW"],
    ...     "productcategorie": ["43"], "categorie": ["Verblijf LVG"],
    ...     "aanbieder_agb": ["11111111"], "aanbieder_naam": ["A"]})
    >>> dc = pd.DataFrame({"toewijzingnummer": ["T1"], "bedrag_eur": [100.0],
    ...     "periode_start": pd.to_datetime(["2019-05-01"]),
    ...     "periode_eind": pd.to_datetime(["2019-05-31"])})
    >>> koppel_declaraties(tw, dc)[["aanbieder_agb", "jaar", "bedrag_eur"]].values.tolist()
    [['11111111', 2019, 100.0]]
    """
    vereis_kolommen(toewijzingen, ["toewijzingnummer", "aanbieder_agb"], "toewijzingen")
    vereis_kolommen(declaraties, ["toewijzingnummer", "periode_start", "bedrag_eur"], "declaraties")
    if toewijzingen["toewijzingnummer"].duplicated().any():
        dubbel = (
            toewijzingen.loc[toewijzingen["toewijzingnummer"].duplicated(), "toewijzingnummer"]
            .astype(str)
            .head(3)
            .tolist()
        )
        raise ValueError(f"toewijzingen: toewijzingnummer is niet uniek, bijvoorbeeld {dubbel}.")
    attrs = [
        k
        for k in ("client_id", "wet", "productcategorie", "categorie", "taakveld", "aanbieder_agb")
        if k in toewijzingen.columns
    ]
    tw = toewijzingen[["toewijzingnummer", *attrs]].copy()
    for k in tw.columns:
        tw[k] = tw[k].astype("str")
    tw["toewijzingnummer"] = toewijzingen["toewijzingnummer"].astype("str")
    dc = declaraties.drop(columns=[c for c in attrs if c in declaraties.columns]).copy()
    dc["toewijzingnummer"] = dc["toewijzingnummer"].astype("str")
    uit = dc.merge(tw, on="toewijzingnummer", how="left", validate="many_to_one")
    los = uit["aanbieder_agb"].isna()
    if los.any():
        warnings.warn(
            f"{int(los.sum())} declaratie(s) (samen € {uit.loc[los, 'bedrag_eur'].sum():,.0f}) "
            "horen bij een onbekend toewijzingnummer; geteld onder aanbieder 'onbekend'.",
            stacklevel=2,
        )
        for k in attrs:
            uit[k] = uit[k].fillna(ONBEKENDE_AANBIEDER)
    namen = _namen(toewijzingen)
    uit["aanbieder_naam"] = uit["aanbieder_agb"].map(namen).fillna("Onbekende toewijzing")
    uit["aanbieder_naam"] = uit["aanbieder_naam"].astype("str")
    uit["jaar"] = pd.to_datetime(uit["periode_start"]).dt.year.astype("int64")
    return uit


def kosten_per_aanbieder(
    toewijzingen: pd.DataFrame,
    declaraties: pd.DataFrame,
    groepen: Sequence[str] = ("jaar",),
    wet: str | None = None,
) -> pd.DataFrame:
    """Declared cost per aanbieder (and ``groepen``, e.g. jaar, wet, categorie).

    Args:
        toewijzingen: Processed toewijzingen.
        declaraties: Processed declaraties.
        groepen: Extra grouping columns of :func:`koppel_declaraties` output.
        wet: Keep only ``"JW"`` or ``"WMO"`` (default all).

    Returns:
        aanbieder_agb, aanbieder_naam, *groepen, kosten_eur. The sum over aanbieders equals
        the sum of ``declaraties.bedrag_eur`` (of that wet).
    """
    g = koppel_declaraties(toewijzingen, declaraties)
    if wet is not None:
        g = g.loc[g["wet"] == wet]
    groepen = list(groepen)
    vereis_kolommen(g, groepen, "gekoppelde declaraties")
    uit = (
        g.groupby(["aanbieder_agb", "aanbieder_naam", *groepen], sort=True, observed=True)[
            "bedrag_eur"
        ]
        .sum()
        .reset_index()
        .rename(columns={"bedrag_eur": "kosten_eur"})
    )
    return uit


def kosten_reeks(
    toewijzingen: pd.DataFrame,
    declaraties: pd.DataFrame,
    wet: str | None = None,
    productcategorieen: Iterable[str] | None = None,
    categorieen: Iterable[str] | None = None,
    aanbieders: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Declared cost per jaar for a selection (e.g. WVHS: JW, productcategorie 43).

    Returns:
        jaar, kosten_eur.
    """
    g = koppel_declaraties(toewijzingen, declaraties)
    m = pd.Series(True, index=g.index)
    if wet is not None:
        m &= g["wet"] == wet
    if productcategorieen is not None:
        m &= g["productcategorie"].isin(list(productcategorieen))
    if categorieen is not None:
        m &= g["categorie"].isin(list(categorieen))
    if aanbieders is not None:
        m &= g["aanbieder_agb"].isin(list(aanbieders))
    uit = g.loc[m].groupby("jaar")["bedrag_eur"].sum().reset_index()
    return uit.rename(columns={"bedrag_eur": "kosten_eur"})


def clienten_in_zorg(
    toewijzingen: pd.DataFrame,
    groepen: Sequence[str] = ("aanbieder_agb",),
    periode: str = "jaar",
    peildatum: object = None,
) -> pd.DataFrame:
    """Distinct clients with at least one day of toewijzing in each period, per group.

    A client counts once per group and period however many toewijzingen overlap. Periods
    after the peildatum are not counted (an open einddatum runs to the peildatum).

    Returns:
        *groepen, periode, jaar, aantal_clienten.

    >>> t = pd.DataFrame({"client_id": ["c1", "c1", "c2"],
    ...     "aanbieder_agb": ["1", "1", "1"],
    ...     "ingangsdatum": pd.to_datetime(["2019-03-01", "2019-06-01", "2020-02-01"]),
    ...     "einddatum": pd.to_datetime(["2020-01-31", "2019-08-01", None])})
    >>> clienten_in_zorg(t, peildatum="2020-12-31")[["jaar", "aantal_clienten"]].values.tolist()
    [[2019, 1], [2020, 2]]
    """
    _controleer_periode(periode)
    groepen = list(groepen)
    vereis_kolommen(
        toewijzingen, [*groepen, "client_id", "ingangsdatum", "einddatum"], "toewijzingen"
    )
    peil = _peildatum(toewijzingen, peildatum)
    t = toewijzingen.loc[toewijzingen["ingangsdatum"] <= peil]
    eind = t["einddatum"].where(t["einddatum"].notna() & (t["einddatum"] <= peil), peil)
    o_start = _ordinaal(t["ingangsdatum"], periode)
    o_eind = _ordinaal(eind, periode)
    n = (o_eind - o_start + 1).astype("int64")
    if (n < 1).any():
        raise ValueError("toewijzingen: een einddatum ligt vóór de ingangsdatum.")
    rij = np.repeat(np.arange(len(t)), n)
    stap = np.arange(len(rij)) - np.repeat(np.cumsum(n) - n, n)
    lang = t[[*groepen, "client_id"]].iloc[rij].reset_index(drop=True)
    for k in lang.columns:
        if isinstance(lang[k].dtype, pd.CategoricalDtype):
            lang[k] = lang[k].astype("str")
    lang["_o"] = o_start[rij].astype("int64") + stap
    lang = lang.drop_duplicates()
    uit = lang.groupby([*groepen, "_o"], sort=True).size().reset_index(name="aantal_clienten")
    per = _periode_kolommen(uit["_o"], periode)
    uit = pd.concat([uit.drop(columns="_o"), per], axis=1)
    uit["aantal_clienten"] = uit["aantal_clienten"].astype("int64")
    return uit[[*groepen, "periode", "jaar", "aantal_clienten"]]


def aanbieder_overzicht(
    toewijzingen: pd.DataFrame,
    declaraties: pd.DataFrame,
    periode: str = "jaar",
    groepen: Sequence[str] = ("categorie",),
    peildatum: object = None,
    max_onderbreking_dagen: int = TRAJECT_MAX_ONDERBREKING_DAGEN,
    min_clienten_vergelijking: int | None = None,
) -> pd.DataFrame:
    """The dashboard table: per aanbieder, group (default categorie) and period.

    Columns:
        periode, jaar, aanbieder_agb, aanbieder_naam, *groepen,
        aantal_clienten (distinct clients in care during the period),
        trajecten_gestart / trajecten_beeindigd (trajecten starting / ending in the period),
        gem_duur_dagen / mediaan_duur_dagen (Kaplan-Meier restricted mean and median of the
        trajecten started in the period, lopende censored at the peildatum),
        volume_eenheden and eenheid (declared units; NaN and ``"gemengd"`` when a cell mixes
        units), kosten_eur (declaraties by periode_start), kosten_per_client_eur,
        kosten_per_eenheid_eur, gem_categorie_kosten_per_client_eur and
        gem_categorie_kosten_per_eenheid_eur (unweighted mean over the aanbieders of the
        same group and period; for cost per client only over aanbieders with at least
        ``min_clienten_vergelijking`` clients), index_kosten_per_client /
        index_kosten_per_eenheid
        (100 = that mean), aandeel_kosten_categorie (share in the cost of the group).

    A provider only has rows for periods in which it had clients, trajecten or cost; a
    provider entering mid-year has a first row in that year (or month).

    Args:
        toewijzingen: Processed toewijzingen.
        declaraties: Processed declaraties.
        periode: ``"jaar"``, ``"kwartaal"`` or ``"maand"``.
        groepen: Columns of the toewijzing next to the aanbieder (``()`` for the aanbieder
            as a whole; the comparison is then with all aanbieders).
        peildatum: Date of observation (default latest ingangsdatum).
        max_onderbreking_dagen: See :func:`trajecten`.
        min_clienten_vergelijking: Aanbieders with fewer clients in the period do not count
            in the categorie mean of cost per client (default ``instellingen.SUPPRESSIE_DREMPEL``):
            their per-client cost is noisy, and a published mean that includes a suppressed
            aanbieder would let a reader compute its cost per client, and from its visible
            cost its client count. They still get an index against the mean of the others.
    """
    _controleer_periode(periode)
    min_cl = (
        instellingen.SUPPRESSIE_DREMPEL
        if min_clienten_vergelijking is None
        else int(min_clienten_vergelijking)
    )
    groepen = [g for g in groepen if g not in ("aanbieder_agb", "aanbieder_naam")]
    sleutel = ["aanbieder_agb", *groepen]
    peil = _peildatum(toewijzingen, peildatum)

    cl = clienten_in_zorg(toewijzingen, sleutel, periode, peil)
    cl["_o"] = _ordinaal_van(cl, periode)

    tr = trajecten(toewijzingen, peil, max_onderbreking_dagen)
    tr_g = [g for g in groepen if g in tr.columns]
    if tr_g != groepen:
        # Groups that are not traject attributes: attach them via the first toewijzing.
        extra = [g for g in groepen if g not in tr.columns]
        raise ValueError(
            f"aanbieder_overzicht: groepen {extra} zijn geen kenmerk van een traject; "
            "kies uit wet, categorie."
        )
    tr["_o_start"] = _ordinaal(tr["traject_start"], periode).astype("int64")
    tr["_o_eind"] = _ordinaal(tr["traject_eind"], periode)
    gestart = tr.groupby([*sleutel, "_o_start"]).size().rename("trajecten_gestart")
    gestart.index = gestart.index.set_names([*sleutel, "_o"])
    afgesloten = tr.loc[~tr["is_lopend"]].copy()
    afgesloten["_o_eind"] = afgesloten["_o_eind"].astype("int64")
    beeindigd = afgesloten.groupby([*sleutel, "_o_eind"]).size().rename("trajecten_beeindigd")
    beeindigd.index = beeindigd.index.set_names([*sleutel, "_o"])
    duur = trajectduur(tr, groepen=[*sleutel, "_o_start"]).rename(columns={"_o_start": "_o"})
    duur = duur.set_index([*sleutel, "_o"])[["gem_duur_dagen", "mediaan_duur_dagen"]]

    dc = koppel_declaraties(toewijzingen, declaraties)
    dc["_o"] = _ordinaal(dc["periode_start"], periode).astype("int64")
    for k in sleutel:
        dc[k] = dc[k].astype("str")
    if "geleverd_volume" not in dc.columns:
        dc["geleverd_volume"] = np.nan
    if "eenheid" not in dc.columns:
        dc["eenheid"] = pd.NA
    dc["eenheid"] = dc["eenheid"].astype("string").fillna("?")
    kosten = dc.groupby([*sleutel, "_o"]).agg(
        kosten_eur=("bedrag_eur", "sum"),
        volume_eenheden=("geleverd_volume", "sum"),
        _n_eenheden=("eenheid", "nunique"),
        eenheid=("eenheid", "first"),
    )
    gemengd = kosten["_n_eenheden"] > 1
    kosten.loc[gemengd, "volume_eenheden"] = np.nan
    kosten["eenheid"] = kosten["eenheid"].astype("str").where(~gemengd, "gemengd")
    kosten = kosten.drop(columns="_n_eenheden")

    basis = cl.set_index([*sleutel, "_o"])[["aantal_clienten"]]
    uit = basis.join(
        [gestart.to_frame(), beeindigd.to_frame(), duur, kosten], how="outer"
    ).reset_index()
    for k in TELKOLOMMEN:
        uit[k] = uit[k].fillna(0).astype("int64")
    uit["kosten_eur"] = uit["kosten_eur"].fillna(0.0)
    uit = pd.concat([_periode_kolommen(uit["_o"], periode), uit], axis=1)
    uit["aanbieder_naam"] = uit["aanbieder_agb"].map(_namen(toewijzingen))
    uit["aanbieder_naam"] = uit["aanbieder_naam"].fillna("Onbekende toewijzing").astype("str")

    with np.errstate(divide="ignore", invalid="ignore"):
        uit["kosten_per_client_eur"] = np.where(
            uit["aantal_clienten"] > 0, uit["kosten_eur"] / uit["aantal_clienten"], np.nan
        )
        vol = uit["volume_eenheden"].to_numpy(dtype=float, na_value=np.nan)
        uit["kosten_per_eenheid_eur"] = np.where(vol > 0, uit["kosten_eur"] / vol, np.nan)
    vergelijk = [*groepen, "_o"]
    gv = uit.groupby(vergelijk, dropna=False)
    genoeg = uit["kosten_per_client_eur"].where(uit["aantal_clienten"] >= min_cl)
    uit["gem_categorie_kosten_per_client_eur"] = genoeg.groupby(
        [uit[k] for k in vergelijk], dropna=False
    ).transform("mean")
    uit["gem_categorie_kosten_per_eenheid_eur"] = gv["kosten_per_eenheid_eur"].transform("mean")
    uit["index_kosten_per_client"] = (
        100 * uit["kosten_per_client_eur"] / uit["gem_categorie_kosten_per_client_eur"]
    )
    uit["index_kosten_per_eenheid"] = (
        100 * uit["kosten_per_eenheid_eur"] / uit["gem_categorie_kosten_per_eenheid_eur"]
    )
    totaal = gv["kosten_eur"].transform("sum")
    uit["aandeel_kosten_categorie"] = np.where(totaal != 0, uit["kosten_eur"] / totaal, np.nan)
    uit = uit.sort_values(
        ["_o", *groepen, "kosten_eur"],
        ascending=[True] * (len(groepen) + 1) + [False],
        kind="stable",
    )
    kolommen = ["periode", "jaar", "aanbieder_agb", "aanbieder_naam", *groepen, *_MAATKOLOMMEN]
    return uit[kolommen].reset_index(drop=True)


def _ordinaal_van(df: pd.DataFrame, periode: str) -> np.ndarray:
    """Period number back from the ``periode`` label."""
    label = df["periode"].astype("str")
    if periode == "jaar":
        return label.astype("int64").to_numpy()
    jaar = label.str.slice(0, 4).astype("int64").to_numpy()
    if periode == "kwartaal":
        return jaar * 4 + label.str.slice(6).astype("int64").to_numpy() - 1
    return jaar * 12 + label.str.slice(5).astype("int64").to_numpy() - 1


def publiceerbaar_overzicht(overzicht: pd.DataFrame, drempel: int | None = None) -> pd.DataFrame:
    """The overview ready for publication: small counts suppressed.

    Counts (clients, trajecten gestart/beëindigd) below the threshold are suppressed, plus
    secondary suppressions so that none can be recovered from the total of its
    categorie and period (the cells of one group and period form one total group). Values
    that describe few persons are blanked with the count they rest on
    (:data:`AFGELEIDE_KOLOMMEN`): cost per client and its index with ``aantal_clienten``,
    the durations of the start cohort with ``trajecten_gestart``. The categorie mean of cost
    per client and the index are recomputed over the visible aanbieders only. Costs of
    aanbieders stay visible (business figures).
    """
    vereis_kolommen(overzicht, [*TELKOLOMMEN, "periode", "aanbieder_agb"], "overzicht")
    vast = set(_MAATKOLOMMEN) | {"aanbieder_agb", "aanbieder_naam", "jaar"}
    totaalgroep = [c for c in overzicht.columns if c not in vast]
    afgeleid = {c: b for c, b in AFGELEIDE_KOLOMMEN.items() if c in overzicht.columns}
    uit = onderdruk_kleine_aantallen(
        overzicht,
        list(TELKOLOMMEN),
        groep_kolommen=totaalgroep,
        drempel=drempel,
        afhankelijke_kolommen=afgeleid,
    )
    if {"kosten_per_client_eur", "gem_categorie_kosten_per_client_eur"} <= set(uit.columns):
        # The published mean uses only the visible aanbieders, so that it cannot be used
        # to compute the cost per client (and so the count) of a suppressed one.
        zichtbaar = uit["kosten_per_client_eur"].where(~uit["aantal_clienten_onderdrukt"])
        sleutels = [uit[k] for k in totaalgroep] if totaalgroep else [pd.Series(0, uit.index)]
        gem = zichtbaar.groupby(sleutels, dropna=False).transform("mean")
        uit["gem_categorie_kosten_per_client_eur"] = gem
        if "index_kosten_per_client" in uit.columns:
            uit["index_kosten_per_client"] = 100 * zichtbaar / gem
    return uit


def grootste_aanbieder(kosten: pd.DataFrame, wet: str | None = "JW") -> str:
    """AGB code of the aanbieder with the highest total cost (within ``wet``).

    Args:
        kosten: Output of :func:`kosten_per_aanbieder` (with a ``wet`` column when ``wet``
            is given).
        wet: ``"JW"`` (default), ``"WMO"`` or None for all.

    >>> k = pd.DataFrame({"aanbieder_agb": ["1", "2", "1"], "wet": ["JW", "JW", "WMO"],
    ...                   "kosten_eur": [5.0, 8.0, 9.0]})
    >>> grootste_aanbieder(k), grootste_aanbieder(k, wet=None)
    ('2', '1')
    """
    vereis_kolommen(kosten, ["aanbieder_agb", "kosten_eur"], "kosten")
    k = kosten
    if wet is not None:
        vereis_kolommen(kosten, ["wet"], "kosten")
        k = k.loc[k["wet"] == wet]
    k = k.loc[k["aanbieder_agb"] != ONBEKENDE_AANBIEDER]
    if k.empty:
        raise ValueError(f"Geen kosten gevonden voor wet {wet!r}.")
    som = k.groupby("aanbieder_agb")["kosten_eur"].sum()
    return str(som.sort_values(ascending=False, kind="stable").index[0])


# --------------------------------------------------------------------------- concentration


def hhi(aandelen: Iterable[float]) -> float:
    """Herfindahl-Hirschman index on the 0–10.000 scale (shares as fractions).

    >>> hhi([0.5, 0.3, 0.2])
    3800.0
    >>> hhi([1.0])
    10000.0
    """
    a = np.asarray(list(aandelen), dtype=float)
    return float(np.sum((100 * a) ** 2))


def budgetaandelen(
    kosten: pd.DataFrame,
    groepen: Sequence[str] = ("jaar",),
    drempel_aandeel: float = KERNSET_AANDEEL,
) -> pd.DataFrame:
    """Budget share per aanbieder, ranked, and the smallest set holding ``drempel_aandeel``.

    Within each group the aanbieders are ranked by cost (highest first). ``in_kernset`` is
    True for the smallest number of aanbieders that together hold at least the threshold
    share: taking the largest first is the smallest possible set. Aanbieders with net cost
    ≤ 0 (only credit notes) get share 0.

    Returns:
        The input columns plus rang, aandeel, cumulatief_aandeel, in_kernset.

    >>> k = pd.DataFrame({"jaar": 2019, "aanbieder_agb": list("ABCDE"),
    ...                   "kosten_eur": [10.0, 40.0, 20.0, 25.0, 5.0]})
    >>> b = budgetaandelen(k)
    >>> b["aanbieder_agb"].tolist(), b["in_kernset"].tolist()
    (['B', 'D', 'C', 'A', 'E'], [True, True, False, False, False])
    """
    groepen = list(groepen)
    vereis_kolommen(kosten, [*groepen, "aanbieder_agb", "kosten_eur"], "kosten")
    if not 0 < drempel_aandeel <= 1:
        raise ValueError(f"drempel_aandeel moet tussen 0 en 1 liggen, niet {drempel_aandeel}.")
    k = kosten.copy()
    k["_pos"] = k["kosten_eur"].clip(lower=0)
    k = k.sort_values(
        [*groepen, "kosten_eur", "aanbieder_agb"],
        ascending=[True] * len(groepen) + [False, True],
        kind="stable",
    )
    if groepen:
        g = k.groupby(groepen, sort=False)
        totaal = g["_pos"].transform("sum")
        k["rang"] = g.cumcount() + 1
    else:
        totaal = pd.Series(k["_pos"].sum(), index=k.index)
        k["rang"] = np.arange(1, len(k) + 1)
    k["aandeel"] = np.where(totaal > 0, k["_pos"] / totaal, np.nan)
    k["cumulatief_aandeel"] = (
        k.groupby(groepen, sort=False)["aandeel"].cumsum() if groepen else k["aandeel"].cumsum()
    )
    vorige = k["cumulatief_aandeel"] - k["aandeel"]
    k["in_kernset"] = (vorige < drempel_aandeel - 1e-12) & (k["aandeel"] > 0)
    k["rang"] = k["rang"].astype("int64")
    return k.drop(columns="_pos").reset_index(drop=True)


def concentratie(
    kosten: pd.DataFrame,
    groepen: Sequence[str] = ("categorie", "jaar"),
    top_n: Sequence[int] = (1, 3, 5),
    drempel_aandeel: float = KERNSET_AANDEEL,
) -> pd.DataFrame:
    """Concentration measures per group (e.g. per categorie and jaar).

    Returns:
        *groepen, aantal_aanbieders (with positive cost), totaal_kosten_eur, hhi (0–10.000),
        effectief_aantal_aanbieders (10.000 / hhi: the number of equal-sized providers with
        the same HHI), ``top{n}_aandeel`` per n, kernset_aantal (smallest number of
        aanbieders holding ``drempel_aandeel``) and kernset_aandeel (their share).

    >>> k = pd.DataFrame({"categorie": "X", "jaar": 2019, "aanbieder_agb": list("ABC"),
    ...                   "kosten_eur": [50.0, 30.0, 20.0]})
    >>> r = concentratie(k, top_n=(1, 2)).iloc[0]
    >>> float(r["hhi"]), float(r["top2_aandeel"]), int(r["kernset_aantal"])
    (3800.0, 0.8, 2)
    """
    groepen = list(groepen)
    b = budgetaandelen(kosten, groepen, drempel_aandeel)
    rijen = []
    gegroepeerd = b.groupby(groepen, sort=True) if groepen else [((), b)]
    for sleutel, g in gegroepeerd:
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        a = g["aandeel"].fillna(0).to_numpy()
        h = hhi(a)
        rij = {
            **dict(zip(groepen, sleutel, strict=True)),
            "aantal_aanbieders": int((g["kosten_eur"] > 0).sum()),
            "totaal_kosten_eur": float(g["kosten_eur"].sum()),
            "hhi": h,
            "effectief_aantal_aanbieders": 10_000 / h if h > 0 else np.nan,
        }
        for n in top_n:
            rij[f"top{n}_aandeel"] = float(a[:n].sum())
        rij["kernset_aantal"] = int(g["in_kernset"].sum())
        rij["kernset_aandeel"] = float(g.loc[g["in_kernset"], "aandeel"].sum())
        rijen.append(rij)
    return pd.DataFrame(rijen)


def mutaties_aanbieders(kosten: pd.DataFrame, groepen: Sequence[str] = ()) -> pd.DataFrame:
    """Providers entering and leaving, per jaar, with the cost they carry.

    An aanbieder is active in a year when it has positive cost. ``toetreding`` in year t:
    active in t, not in t−1 (cost = its cost in t). ``uittreding`` in year t: active in
    t−1, not in t (cost = its cost in t−1, the budget that moved elsewhere). The first year
    of the data has no mutations (nothing is known before it).

    Args:
        kosten: :func:`kosten_per_aanbieder` output with ``jaar``.
        groepen: Other columns to look within (e.g. ``["wet"]``, ``["categorie"]``).

    Returns:
        *groepen, jaar, aanbieder_agb, aanbieder_naam, soort, kosten_eur.

    >>> k = pd.DataFrame({"jaar": [2019, 2019, 2020, 2020], "aanbieder_agb": list("ABAC"),
    ...                   "aanbieder_naam": list("ABAC"), "kosten_eur": [5.0, 3.0, 6.0, 2.0]})
    >>> mutaties_aanbieders(k)[["jaar", "aanbieder_agb", "soort", "kosten_eur"]].values.tolist()
    [[2020, 'C', 'toetreding', 2.0], [2020, 'B', 'uittreding', 3.0]]
    """
    groepen = list(groepen)
    vereis_kolommen(kosten, [*groepen, "jaar", "aanbieder_agb", "kosten_eur"], "kosten")
    k = kosten.copy()
    if "aanbieder_naam" not in k.columns:
        k["aanbieder_naam"] = k["aanbieder_agb"]
    sleutel = [*groepen, "aanbieder_agb"]
    k = k.groupby([*sleutel, "jaar"], as_index=False).agg(
        aanbieder_naam=("aanbieder_naam", "first"), kosten_eur=("kosten_eur", "sum")
    )
    actief = k.loc[k["kosten_eur"] > 0]
    jaren = sorted(k["jaar"].unique())
    rijen = []
    for vorig, jaar in zip(jaren[:-1], jaren[1:], strict=True):
        nu = actief.loc[actief["jaar"] == jaar]
        toen = actief.loc[actief["jaar"] == vorig]
        sl_nu = set(map(tuple, nu[sleutel].to_numpy().tolist()))
        sl_toen = set(map(tuple, toen[sleutel].to_numpy().tolist()))
        nieuw = nu.loc[[tuple(r) not in sl_toen for r in nu[sleutel].to_numpy().tolist()]]
        weg = toen.loc[[tuple(r) not in sl_nu for r in toen[sleutel].to_numpy().tolist()]]
        rijen.append(nieuw.assign(jaar=jaar, soort="toetreding"))
        rijen.append(weg.assign(jaar=jaar, soort="uittreding"))
    kolommen = [*groepen, "jaar", "aanbieder_agb", "aanbieder_naam", "soort", "kosten_eur"]
    if not rijen:
        return pd.DataFrame(columns=kolommen)
    uit = pd.concat(rijen, ignore_index=True)[kolommen]
    uit["jaar"] = uit["jaar"].astype("int64")
    return uit.reset_index(drop=True)


def toe_en_uittreding(kosten: pd.DataFrame, groepen: Sequence[str] = ()) -> pd.DataFrame:
    """Per jaar: number of entering/leaving providers and their cost, next to the total.

    Returns:
        *groepen, jaar, aantal_aanbieders, totaal_kosten_eur, aantal_toetreders,
        kosten_toetreders_eur, aandeel_toetreders, aantal_uittreders,
        kosten_uittreders_eur (their cost in the year before).

    >>> k = pd.DataFrame({"jaar": [2019, 2019, 2020, 2020], "aanbieder_agb": list("ABAC"),
    ...                   "kosten_eur": [5.0, 3.0, 6.0, 2.0]})
    >>> r = toe_en_uittreding(k).iloc[1]
    >>> int(r["aantal_toetreders"]), float(r["aandeel_toetreders"]), int(r["aantal_uittreders"])
    (1, 0.25, 1)
    """
    groepen = list(groepen)
    m = mutaties_aanbieders(kosten, groepen)
    pos = kosten.loc[kosten["kosten_eur"] > 0]
    basis = pos.groupby([*groepen, "jaar"]).agg(
        aantal_aanbieders=("aanbieder_agb", "nunique"), totaal_kosten_eur=("kosten_eur", "sum")
    )
    toe = (
        m.loc[m["soort"] == "toetreding"]
        .groupby([*groepen, "jaar"])
        .agg(
            aantal_toetreders=("aanbieder_agb", "size"), kosten_toetreders_eur=("kosten_eur", "sum")
        )
    )
    uit_ = (
        m.loc[m["soort"] == "uittreding"]
        .groupby([*groepen, "jaar"])
        .agg(
            aantal_uittreders=("aanbieder_agb", "size"), kosten_uittreders_eur=("kosten_eur", "sum")
        )
    )
    uit = basis.join([toe, uit_], how="left").reset_index()
    for k in ("aantal_toetreders", "aantal_uittreders"):
        uit[k] = uit[k].fillna(0).astype("int64")
    for k in ("kosten_toetreders_eur", "kosten_uittreders_eur"):
        uit[k] = uit[k].fillna(0.0)
    eerste = uit.groupby(groepen)["jaar"].transform("min") if groepen else uit["jaar"].min()
    uit["aandeel_toetreders"] = uit["kosten_toetreders_eur"] / uit["totaal_kosten_eur"]
    # The first year of the data has no known predecessor: no mutations there.
    leeg = uit["jaar"] == eerste
    uit.loc[leeg, ["kosten_toetreders_eur", "aandeel_toetreders", "kosten_uittreders_eur"]] = np.nan
    kolommen = [
        *groepen,
        "jaar",
        "aantal_aanbieders",
        "totaal_kosten_eur",
        "aantal_toetreders",
        "kosten_toetreders_eur",
        "aandeel_toetreders",
        "aantal_uittreders",
        "kosten_uittreders_eur",
    ]
    return uit[kolommen]


# --------------------------------------------------------------------------- reduction path


def reductiepad(
    basisjaar: int,
    basisbedrag_eur: float,
    reductie: float = WVHS_REDUCTIE,
    jaren: int = WVHS_JAREN,
    pad: Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """An agreed cost path: linear reduction or an explicitly agreed path.

    Args:
        basisjaar: Year of the starting level (reduction 0).
        basisbedrag_eur: Cost in the base year.
        reductie: Total reduction after ``jaren`` years (0.20 = 20%).
        jaren: Number of years to reach the full reduction.
        pad: Optional agreed path ``{jaar: cumulative reduction fraction}``; overrides
            the linear path (the base year is added with 0 when absent).

    Returns:
        jaar, reductie_cumulatief, doel_eur.

    >>> reductiepad(2018, 10_000_000)["doel_eur"].tolist()
    [10000000.0, 9500000.0, 9000000.0, 8500000.0, 8000000.0]
    >>> reductiepad(2018, 100.0, pad={2019: 0.02, 2020: 0.1})["doel_eur"].tolist()
    [100.0, 98.0, 90.0]
    """
    if not np.isfinite(basisbedrag_eur) or basisbedrag_eur <= 0:
        raise ValueError(f"basisbedrag_eur moet een positief bedrag zijn, niet {basisbedrag_eur}.")
    if pad is None:
        if jaren < 1 or not 0 <= reductie < 1:
            raise ValueError("reductiepad: jaren ≥ 1 en 0 ≤ reductie < 1 verwacht.")
        jaar = np.arange(basisjaar, basisjaar + jaren + 1)
        fractie = reductie * (jaar - basisjaar) / jaren
    else:
        p = {int(basisjaar): 0.0, **{int(j): float(v) for j, v in pad.items()}}
        if any(j < basisjaar for j in p):
            raise ValueError("reductiepad: een jaar van het pad ligt vóór het basisjaar.")
        if any(not 0 <= v < 1 for v in p.values()):
            raise ValueError("reductiepad: reducties in het pad moeten tussen 0 en 1 liggen.")
        jaar = np.array(sorted(p))
        fractie = np.array([p[j] for j in jaar])
    return pd.DataFrame(
        {
            "jaar": jaar.astype("int64"),
            "reductie_cumulatief": fractie.astype(float),
            "doel_eur": basisbedrag_eur * (1 - fractie),
        }
    )


def volg_reductiepad(pad: pd.DataFrame, werkelijk: pd.DataFrame) -> pd.DataFrame:
    """Compare the agreed path with the actual cost, per year of the path.

    Args:
        pad: Output of :func:`reductiepad`.
        werkelijk: jaar, kosten_eur (e.g. :func:`kosten_reeks`).

    Returns:
        jaar, doel_eur, werkelijk_eur (NaN when not yet known), verschil_eur (werkelijk −
        doel; positive = above the path), verschil_pct (of doel), reductie_doel,
        reductie_werkelijk (1 − werkelijk / base-year cost), op_koers.

    >>> p = reductiepad(2018, 100.0, reductie=0.2, jaren=2)
    >>> w = pd.DataFrame({"jaar": [2018, 2019, 2020], "kosten_eur": [100.0, 95.0, 75.0]})
    >>> volg_reductiepad(p, w)[["verschil_eur", "op_koers"]].values.tolist()
    [[0.0, True], [5.0, False], [-5.0, True]]
    """
    vereis_kolommen(pad, ["jaar", "doel_eur", "reductie_cumulatief"], "reductiepad")
    vereis_kolommen(werkelijk, ["jaar", "kosten_eur"], "werkelijke kosten")
    w = werkelijk.groupby("jaar", as_index=False)["kosten_eur"].sum()
    uit = pad.merge(w, on="jaar", how="left").rename(
        columns={"kosten_eur": "werkelijk_eur", "reductie_cumulatief": "reductie_doel"}
    )
    basis = float(pad["doel_eur"].iloc[0])
    uit["verschil_eur"] = uit["werkelijk_eur"] - uit["doel_eur"]
    uit["verschil_pct"] = uit["verschil_eur"] / uit["doel_eur"]
    uit["reductie_werkelijk"] = 1 - uit["werkelijk_eur"] / basis
    uit["op_koers"] = (uit["werkelijk_eur"] <= uit["doel_eur"] + 1e-9).where(
        uit["werkelijk_eur"].notna()
    )
    uit["op_koers"] = uit["op_koers"].astype("boolean")
    return uit[
        [
            "jaar",
            "doel_eur",
            "werkelijk_eur",
            "verschil_eur",
            "verschil_pct",
            "reductie_doel",
            "reductie_werkelijk",
            "op_koers",
        ]
    ]


# --------------------------------------------------------------------------- switching


def wisselingen(
    trajecten_df: pd.DataFrame, max_tussenpoos_dagen: int = WISSEL_MAX_TUSSENPOOS_DAGEN
) -> pd.DataFrame:
    """Clients who move from one aanbieder to another within the same categorie.

    Trajecten of a client in one categorie (and wet) are ordered by start. A *wisseling*
    is a next traject at a different aanbieder that starts after the previous one started,
    no later than ``max_tussenpoos_dagen`` after it ended, while the previous traject has
    ended (not lopend) and ends before the new one. Care at two aanbieders side by side is
    therefore not a switch, and a return after a long break is a new start, not a switch.

    Returns:
        client_id, wet, categorie, van_aanbieder_agb, van_aanbieder_naam,
        naar_aanbieder_agb, naar_aanbieder_naam, datum_einde_van, datum_start_naar,
        tussenpoos_dagen (negative = overlap), jaar (of the new start).

    >>> tr = pd.DataFrame({"client_id": ["c1", "c1"], "wet": "JW", "categorie": "X",
    ...     "aanbieder_agb": ["A", "B"], "aanbieder_naam": ["A", "B"],
    ...     "traject_start": pd.to_datetime(["2019-01-01", "2019-07-01"]),
    ...     "traject_eind": pd.to_datetime(["2019-06-15", None]),
    ...     "is_lopend": [False, True]})
    >>> wisselingen(tr)[["van_aanbieder_agb", "naar_aanbieder_agb", "tussenpoos_dagen"]
    ...     ].values.tolist()
    [['A', 'B', 15]]
    """
    nodig = [
        "client_id",
        "wet",
        "categorie",
        "aanbieder_agb",
        "traject_start",
        "traject_eind",
        "is_lopend",
    ]
    vereis_kolommen(trajecten_df, nodig, "trajecten")
    t = trajecten_df.copy()
    if "aanbieder_naam" not in t.columns:
        t["aanbieder_naam"] = t["aanbieder_agb"]
    sleutel = ["client_id", "wet", "categorie"]
    t = t.sort_values([*sleutel, "traject_start", "aanbieder_agb"], kind="stable")
    t = t.reset_index(drop=True)
    volgend = t.groupby(sleutel, sort=False).shift(-1)
    start_van = _dagen(t["traject_start"])
    eind_van = _dagen(t["traject_eind"])
    start_naar = _dagen(volgend["traject_start"])
    eind_naar = _dagen(volgend["traject_eind"])
    naar_lopend = volgend["is_lopend"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    heeft_volgend = volgend["aanbieder_agb"].notna().to_numpy()
    ander = heeft_volgend & (
        t["aanbieder_agb"].astype("str").to_numpy()
        != volgend["aanbieder_agb"].astype("str").fillna("").to_numpy()
    )
    van_klaar = ~t["is_lopend"].to_numpy(dtype=bool)
    with np.errstate(invalid="ignore"):
        tussenpoos = start_naar - eind_van - 1
        wissel = (
            ander
            & van_klaar
            & (start_naar > start_van)
            & (tussenpoos <= max_tussenpoos_dagen)
            & (naar_lopend | (eind_naar > eind_van))
        )
    van = t.loc[wissel]
    naar = volgend.loc[wissel]
    uit = pd.DataFrame(
        {
            "client_id": van["client_id"].to_numpy(),
            "wet": van["wet"].to_numpy(),
            "categorie": van["categorie"].to_numpy(),
            "van_aanbieder_agb": van["aanbieder_agb"].astype("str").to_numpy(),
            "van_aanbieder_naam": van["aanbieder_naam"].astype("str").to_numpy(),
            "naar_aanbieder_agb": naar["aanbieder_agb"].astype("str").to_numpy(),
            "naar_aanbieder_naam": naar["aanbieder_naam"].astype("str").to_numpy(),
            "datum_einde_van": van["traject_eind"].to_numpy(),
            "datum_start_naar": pd.to_datetime(naar["traject_start"]).to_numpy(),
            "tussenpoos_dagen": tussenpoos[wissel].astype("int64"),
        }
    )
    uit["jaar"] = pd.to_datetime(uit["datum_start_naar"]).dt.year.astype("int64")
    return uit


def wisselingen_per_aanbieder(
    wissels: pd.DataFrame, groepen: Sequence[str] = ("categorie", "jaar")
) -> pd.DataFrame:
    """Per aanbieder (and group): clients switching in, switching out and the balance.

    Returns:
        *groepen, aanbieder_agb, aanbieder_naam, wisselingen_in, wisselingen_uit,
        wisselsaldo (in − uit). Suppress before publishing
        (``onderdruk_kleine_aantallen(..., ["wisselingen_in", "wisselingen_uit"], ...)``).

    >>> w = pd.DataFrame({"categorie": "X", "jaar": 2019, "van_aanbieder_agb": ["A", "A"],
    ...     "van_aanbieder_naam": "a", "naar_aanbieder_agb": ["B", "C"],
    ...     "naar_aanbieder_naam": ["b", "c"]})
    >>> wisselingen_per_aanbieder(w)[["aanbieder_agb", "wisselsaldo"]].values.tolist()
    [['A', -2], ['B', 1], ['C', 1]]
    """
    groepen = list(groepen)
    vereis_kolommen(wissels, [*groepen, "van_aanbieder_agb", "naar_aanbieder_agb"], "wisselingen")

    def _tel(kant: str, naam: str) -> pd.DataFrame:
        w = wissels.rename(
            columns={
                f"{kant}_aanbieder_agb": "aanbieder_agb",
                f"{kant}_aanbieder_naam": "aanbieder_naam",
            }
        )
        if "aanbieder_naam" not in w.columns:
            w["aanbieder_naam"] = w["aanbieder_agb"]
        return w.groupby([*groepen, "aanbieder_agb", "aanbieder_naam"]).size().rename(naam)

    uit = pd.concat([_tel("naar", "wisselingen_in"), _tel("van", "wisselingen_uit")], axis=1)
    uit = uit.fillna(0).astype("int64").reset_index()
    uit["wisselsaldo"] = uit["wisselingen_in"] - uit["wisselingen_uit"]
    return uit.sort_values([*groepen, "aanbieder_agb"], kind="stable").reset_index(drop=True)


__all__ = [
    "AFGELEIDE_KOLOMMEN",
    "KERNSET_AANDEEL",
    "TELKOLOMMEN",
    "TRAJECT_MAX_ONDERBREKING_DAGEN",
    "WISSEL_MAX_TUSSENPOOS_DAGEN",
    "WVHS_BASISJAAR",
    "WVHS_JAREN",
    "WVHS_PRODUCTCATEGORIEEN",
    "WVHS_REDUCTIE",
    "aanbieder_overzicht",
    "budgetaandelen",
    "clienten_in_zorg",
    "concentratie",
    "grootste_aanbieder",
    "hhi",
    "kaplan_meier",
    "koppel_declaraties",
    "kosten_per_aanbieder",
    "kosten_reeks",
    "mutaties_aanbieders",
    "publiceerbaar_overzicht",
    "reductiepad",
    "toe_en_uittreding",
    "trajectduur",
    "trajecten",
    "volg_reductiepad",
    "wisselingen",
    "wisselingen_per_aanbieder",
]
