"""Care trajecten: toewijzingen merged per client and aanbieder, their duration, and switches.

Part of the provider dashboard (``docs/aanbieders.md``):

- :func:`trajecten`: toewijzingen of one client at one aanbieder in one categorie merged
  into care trajecten; lopende trajecten are right-censored at the peildatum.
- :func:`trajectduur`: Kaplan-Meier median and restricted mean duration (censoring-aware);
  :func:`publiceerbare_trajectduur` with small counts suppressed.
- :func:`wisselingen`, :func:`wisselingen_per_aanbieder`, :func:`wisseltabel`: clients
  moving between providers within a categorie.

The gap within which toewijzingen form one traject and the gap within which a new traject
counts as a switch are constants of the method (``instellingen.TRAJECT_MAX_ONDERBREKING_DAGEN``,
``instellingen.WISSEL_MAX_TUSSENPOOS_DAGEN``), read at call time unless passed.

>>> t = pd.DataFrame({"client_id": ["c1", "c2"], "wet": "JW", "categorie": "Pleegzorg",
...     "aanbieder_agb": ["11111111", "22222222"], "aanbieder_naam": ["A", "B"],
...     "ingangsdatum": pd.to_datetime(["2019-01-01", "2019-03-01"]),
...     "einddatum": pd.to_datetime(["2019-01-31", None])})
>>> tr = trajecten(t, peildatum="2019-03-31")
>>> tr[["aanbieder_agb", "is_lopend", "duur_dagen"]].values.tolist()
[['11111111', False, 31], ['22222222', True, 31]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.overleving import km_beperkt_gemiddelde, km_mediaan, km_mediaan_ci
from sdanalysis.bouw.verrijken import aanbieder_namen
from sdanalysis.contracts import ONBEKEND, vereis_kolommen
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

_EPOCH = pd.Timestamp("1970-01-01")
_DAG = pd.Timedelta(days=1)


def _dagen(s: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 as float (NaT → NaN)."""
    return ((pd.to_datetime(s) - _EPOCH) // _DAG).to_numpy(dtype=float, na_value=np.nan)


def bepaal_peildatum(toewijzingen: pd.DataFrame, peildatum: object = None) -> pd.Timestamp:
    """The date of observation: ``peildatum`` if given, else the latest ingangsdatum.

    >>> t = pd.DataFrame({"ingangsdatum": pd.to_datetime(["2019-01-01", "2020-05-01"])})
    >>> str(bepaal_peildatum(t).date()), str(bepaal_peildatum(t, "2021-01-01").date())
    ('2020-05-01', '2021-01-01')
    """
    if peildatum is not None:
        return pd.Timestamp(peildatum)
    if len(toewijzingen) == 0:
        raise ValueError("Geen toewijzingen: geef een peildatum op.")
    return pd.Timestamp(toewijzingen["ingangsdatum"].max())


# --------------------------------------------------------------------------- trajecten


def trajecten(
    toewijzingen: pd.DataFrame,
    peildatum: object = None,
    max_onderbreking_dagen: int | None = None,
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
        max_onderbreking_dagen: Largest gap (days) that still continues a traject (default
            ``instellingen.TRAJECT_MAX_ONDERBREKING_DAGEN``: a re-indication often starts
            a few days late).

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
    if max_onderbreking_dagen is None:
        max_onderbreking_dagen = instellingen.TRAJECT_MAX_ONDERBREKING_DAGEN
    peil = bepaal_peildatum(toewijzingen, peildatum)
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
    namen = uit["aanbieder_agb"].map(aanbieder_namen(toewijzingen)).astype(object)
    uit["aanbieder_naam"] = namen.fillna(ONBEKEND).astype("str")  # never the text "nan"
    uit["traject_start"] = _EPOCH + pd.to_timedelta(agg["_start"].to_numpy(), unit="D")
    traject_eind = _EPOCH + pd.to_timedelta(np.where(is_lopend, np.nan, eind_tot_peil), unit="D")
    uit["traject_eind"] = traject_eind
    uit["is_lopend"] = is_lopend
    uit["duur_dagen"] = (eind_tot_peil - agg["_start"].to_numpy() + 1).astype("int64")
    uit["aantal_toewijzingen"] = agg["aantal_toewijzingen"].to_numpy().astype("int64")
    return uit


def _km_kengetallen(
    duur: np.ndarray, klaar: np.ndarray, met_ci: bool
) -> tuple[float, float, float, float]:
    """Restricted mean, median and (with ``met_ci``, else NaN) the median's 95% interval.

    See :mod:`sdanalysis.analyse.overleving`.
    """
    if not met_ci:
        return km_beperkt_gemiddelde(duur, klaar), km_mediaan(duur, klaar), np.nan, np.nan
    km = km_mediaan_ci(duur, klaar)
    return km_beperkt_gemiddelde(duur, klaar), km["mediaan"], km["ci_laag"], km["ci_hoog"]


def trajectduur(
    trajecten_df: pd.DataFrame,
    groepen: Sequence[str] = ("aanbieder_agb", "aanbieder_naam"),
    met_ci: bool = False,
) -> pd.DataFrame:
    """Duration of trajecten per group, with lopende trajecten treated as censored.

    ``mediaan_duur_dagen`` is the Kaplan-Meier median (smallest duration at which the
    share still in care drops to 50% or lower; the midpoint to the next ending when it is
    exactly 50%: :data:`sdanalysis.analyse.overleving.KM_CONVENTIE`), NaN when fewer than
    half of the trajecten have ended (``mediaan_bereikt`` False). With ``met_ci`` (off by
    default: internal uses over many small groups need only the median) it is followed by
    ``mediaan_duur_ci_laag_dagen`` / ``mediaan_duur_ci_hoog_dagen``, its 95% interval
    (:func:`sdanalysis.analyse.overleving.km_mediaan_ci`; NaN where the data do not reach
    a limit). ``gem_duur_dagen`` is the restricted mean: the area under
    the Kaplan-Meier curve up to the longest observed duration (equals the plain mean
    when nothing is lopend). ``gem_duur_afgesloten_dagen`` is the naive mean of ended
    trajecten only, shown for comparison (biased short when many are lopend).

    >>> tr = pd.DataFrame({"aanbieder_agb": "1", "duur_dagen": [10, 20, 30, 40],
    ...                    "is_lopend": [False, True, False, False]})
    >>> r = trajectduur(tr, groepen=["aanbieder_agb"]).iloc[0]
    >>> float(r["gem_duur_dagen"]), float(r["mediaan_duur_dagen"]), int(r["aantal_lopend"])
    (28.75, 30.0, 1)
    >>> list(trajectduur(tr, groepen=["aanbieder_agb"], met_ci=True).columns[5:8])
    ['mediaan_duur_dagen', 'mediaan_duur_ci_laag_dagen', 'mediaan_duur_ci_hoog_dagen']
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
        gem, med, laag, hoog = _km_kengetallen(duur, klaar, met_ci)
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        rijen.append(
            {
                **dict(zip(groepen, sleutel, strict=True)),
                "aantal_trajecten": len(g),
                "aantal_afgesloten": int(klaar.sum()),
                "aantal_lopend": int((~klaar).sum()),
                "gem_duur_dagen": gem,
                "mediaan_duur_dagen": med,
                "mediaan_duur_ci_laag_dagen": laag,
                "mediaan_duur_ci_hoog_dagen": hoog,
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
        *(("mediaan_duur_ci_laag_dagen", "mediaan_duur_ci_hoog_dagen") if met_ci else ()),
        "mediaan_bereikt",
        "gem_duur_afgesloten_dagen",
    ]
    return pd.DataFrame(rijen, columns=kolommen)


# --------------------------------------------------------------------------- switching


def wisselingen(
    trajecten_df: pd.DataFrame, max_tussenpoos_dagen: int | None = None
) -> pd.DataFrame:
    """Clients who move from one aanbieder to another within the same categorie.

    Trajecten of a client in one categorie (and wet) are ordered by start. A *wisseling*
    is a next traject at a different aanbieder that starts after the previous one started,
    no later than ``max_tussenpoos_dagen`` after it ended, while the previous traject has
    ended (not lopend) and ends before the new one. Care at two aanbieders side by side is
    therefore not a switch, and a return after a long break is a new start, not a switch.

    Args:
        trajecten_df: Output of :func:`trajecten`.
        max_tussenpoos_dagen: Largest gap (days) after which a new traject elsewhere still
            counts as a switch (default ``instellingen.WISSEL_MAX_TUSSENPOOS_DAGEN``).

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
    if max_tussenpoos_dagen is None:
        max_tussenpoos_dagen = instellingen.WISSEL_MAX_TUSSENPOOS_DAGEN
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


# --------------------------------------------------------------------------- publication


def publiceerbare_trajectduur(
    trajecten_df: pd.DataFrame,
    groepen: Sequence[str] = ("categorie",),
    drempel: int | None = None,
) -> pd.DataFrame:
    """:func:`trajectduur` with small numbers of trajecten suppressed, with what rests on them.

    Args:
        trajecten_df: Output of :func:`trajecten` (e.g. of one aanbieder).
        groepen: Grouping columns.
        drempel: Suppression threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).

    Returns:
        :func:`trajectduur` output (with the 95% interval of the median) with suppression
        markers: ``aantal_trajecten`` and ``aantal_lopend`` are protected, the durations
        and interval limits are blanked with ``aantal_trajecten``.
    """
    duur = trajectduur(trajecten_df, groepen=groepen, met_ci=True)
    afgeleid = (
        "gem_duur_dagen",
        "mediaan_duur_dagen",
        "mediaan_duur_ci_laag_dagen",
        "mediaan_duur_ci_hoog_dagen",
        "gem_duur_afgesloten_dagen",
    )
    return onderdruk_kleine_aantallen(
        duur.drop(columns=["aantal_afgesloten", "mediaan_bereikt"]),
        ["aantal_trajecten", "aantal_lopend"],
        drempel=drempel,
        afhankelijke_kolommen=dict.fromkeys(afgeleid, "aantal_trajecten"),
    )


def wisseltabel(
    wissels: pd.DataFrame, aantal: int = 10, drempel: int | None = None
) -> pd.DataFrame:
    """The aanbieders with the most switches per categorie, small counts suppressed.

    Args:
        wissels: Output of :func:`wisselingen`.
        aantal: Number of aanbieder × categorie rows shown (most switches in + out first).
        drempel: Suppression threshold (default ``instellingen.SUPPRESSIE_DREMPEL``).

    Returns:
        ``aanbieder_naam``, ``categorie``, ``wisselingen_in``, ``wisselingen_uit``,
        ``wisselsaldo`` with suppression markers; suppression runs over all aanbieders of a
        categorie before the selection, so nothing can be recovered from a total.
    """
    per = wisselingen_per_aanbieder(wissels, groepen=("categorie",))
    pub = onderdruk_kleine_aantallen(
        per,
        ["wisselingen_in", "wisselingen_uit"],
        groep_kolommen="categorie",
        drempel=drempel,
        afhankelijke_kolommen=["wisselsaldo"],
    )
    pub["wisselsaldo"] = pub["wisselsaldo"].astype("Int64")
    totaal = per["wisselingen_in"] + per["wisselingen_uit"]
    top = totaal.sort_values(ascending=False, kind="stable").index[:aantal]
    kolommen = ["aanbieder_naam", "categorie", "wisselingen_in", "wisselingen_uit", "wisselsaldo"]
    markers = [k for k in pub.columns if k not in per.columns]
    return pub.loc[top, kolommen + markers].reset_index(drop=True)
