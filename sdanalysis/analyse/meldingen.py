"""Meldingen, doorlooptijden, wachttijden en werkvoorraad (Wmo 2015 en Jeugdwet).

Definities (uitgebreid in ``docs/definities-volumes.md``):

- **Doorlooptijd**: dagen van ``datum_melding`` tot ``datum_besluit``. De Wmo 2015 geeft
  6 weken voor het onderzoek na de melding (art. 2.3.2 lid 9) en 2 weken voor het
  besluit na de aanvraag (art. 2.3.5 lid 1): samen :func:`wettelijke_termijn_dagen`
  (8 weken = 56 dagen) van melding tot besluit. Een Wmo-melding is
  ``binnen_wettelijke_termijn`` als het besluit uiterlijk op dag 56 valt; een open
  melding die al langer loopt is te laat (False); een open melding die nog binnen de
  termijn zit is nog onbeslist (<NA>).
- **Wachttijd** (:data:`WACHTTIJD_DEFINITIE`): dagen van ``datum_melding`` tot de
  ``ingangsdatum`` van de eerste toewijzing van dezelfde cliënt onder dezelfde wet op of
  na de melding, voor toegekende meldingen. Van de drie definities in het veld (tijd
  tussen berichten, aanmelding → start hulp, ontstaan hulpvraag → start levering) is dit
  de tweede; de andere twee zijn met deze tabellen niet te meten.
- **Werkvoorraad**: meldingen die op de laatste dag van de maand gemeld en nog niet
  besloten zijn.
- **Open / gecensureerd**: een melding zonder ``datum_besluit`` en zonder (of met
  uitkomst ``lopend``) is open; zijn looptijd tot de peildatum is een ondergrens
  (gecensureerd). Medianen gebruiken Kaplan-Meier, zodat open meldingen meetellen
  zonder de mediaan te onderschatten.

>>> m = pd.DataFrame({
...     "melding_id": ["1", "2"], "client_id": ["a", "b"], "wet": ["WMO", "WMO"],
...     "datum_melding": pd.to_datetime(["2019-01-07", "2019-01-14"]),
...     "datum_besluit": pd.to_datetime(["2019-02-18", None]),
...     "uitkomst": ["toegekend", None],
... })
>>> d = doorlooptijden(m, peildatum="2019-04-01")
>>> d[["status", "doorlooptijd_dagen", "looptijd_dagen"]].values.tolist()
[['afgerond', 42.0, 42.0], ['open', nan, 77.0]]
>>> d["binnen_wettelijke_termijn"].tolist()
[True, False]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.overleving import KM_CI_METHODE, KM_CONVENTIE, km_mediaan, km_mediaan_ci
from sdanalysis.contracts import als_tuple, vereis_kolommen

#: The waiting-time definition implemented here (name it like this in charts and docs).
WACHTTIJD_DEFINITIE = "aanmelding → start hulp (eerste toewijzing)"
#: How the medians are read (Kaplan-Meier, midpoint at exactly 50%): name it beside them.
MEDIAAN_CONVENTIE = KM_CONVENTIE
#: How the interval of the median is computed (for the same note).
MEDIAAN_CI_METHODE = KM_CI_METHODE
#: Outcomes of a melding (contract) plus the labels used for missing outcomes.
UITKOMSTEN = ("toegekend", "afgewezen", "ingetrokken", "voorliggend", "lopend", "onbekend")

_VERPLICHT = ("melding_id", "client_id", "wet", "datum_melding")


def wettelijke_termijn_dagen() -> int:
    """Legal Wmo term from melding to besluit in days: 6 weeks onderzoek + 2 weeks besluit.

    Read from :mod:`sdanalysis.instellingen` at call time.

    >>> wettelijke_termijn_dagen()
    56
    """
    return 7 * (instellingen.WMO_TERMIJN_ONDERZOEK_WEKEN + instellingen.WMO_TERMIJN_BESLUIT_WEKEN)


def meldingen_in_jaren(meldingen: pd.DataFrame, jaren: tuple[int, int]) -> pd.DataFrame:
    """The meldingen whose ``datum_melding`` falls in the years ``jaren`` (inclusive).

    Args:
        meldingen: Processed ``meldingen``.
        jaren: First and last year, e.g. from :func:`sdanalysis.analyse.jaren.jaren_in_gegevens`.

    Returns:
        A filtered copy.

    >>> m = pd.DataFrame({"datum_melding": pd.to_datetime(["2018-12-31", "2019-01-01"])})
    >>> len(meldingen_in_jaren(m, (2019, 2020)))
    1
    """
    vereis_kolommen(meldingen, ("datum_melding",), "meldingen")
    jaar = _datum(meldingen["datum_melding"], "datum_melding").dt.year
    return meldingen[jaar.between(int(jaren[0]), int(jaren[1]))].copy()


def _datum(reeks: pd.Series, naam: str) -> pd.Series:
    try:
        return pd.to_datetime(reeks).astype("datetime64[us]")
    except (TypeError, ValueError):
        raise ValueError(f"Kolom {naam} moet datums bevatten.") from None


def _voorbereid(meldingen: pd.DataFrame) -> pd.DataFrame:
    """Copy with datetime columns, a filled ``uitkomst`` and ``status`` per melding."""
    vereis_kolommen(meldingen, _VERPLICHT, "meldingen")
    m = meldingen.copy()
    for k in ("datum_melding", "datum_aanvraag", "datum_besluit"):
        if k in m.columns:
            m[k] = _datum(m[k], k)
        else:
            m[k] = pd.Series(pd.NaT, index=m.index, dtype="datetime64[us]")
    if m["datum_melding"].isna().any():
        raise ValueError(
            f"{int(m['datum_melding'].isna().sum())} melding(en) zonder datum_melding; "
            "elke melding moet een meldingsdatum hebben."
        )
    fout = m["datum_besluit"] < m["datum_melding"]
    if fout.any():
        raise ValueError(
            f"{int(fout.sum())} melding(en) met een datum_besluit vóór de datum_melding; "
            "verwacht besluit op of na de melding."
        )
    if "uitkomst" not in m.columns:
        m["uitkomst"] = pd.NA
    uitkomst = m["uitkomst"].astype("string").str.strip().str.lower()
    geen_besluit = m["datum_besluit"].isna()
    uitkomst = uitkomst.mask(uitkomst.isna() & geen_besluit, "lopend")
    uitkomst = uitkomst.fillna("onbekend")
    m["uitkomst"] = uitkomst.astype(str)
    status = np.where(
        ~geen_besluit,
        "afgerond",
        np.where(m["uitkomst"] == "lopend", "open", "afgerond_zonder_datum"),
    )
    m["status"] = status
    m["wet"] = m["wet"].astype(str)
    return m


def _peildatum(m: pd.DataFrame, peildatum: str | pd.Timestamp | None) -> pd.Timestamp:
    if peildatum is not None:
        return pd.Timestamp(peildatum)
    return pd.Timestamp(
        max(
            m["datum_melding"].max(),
            m["datum_besluit"].max(skipna=True)
            if m["datum_besluit"].notna().any()
            else m["datum_melding"].max(),
        )
    )


def _maandrooster(start: pd.Timestamp, eind: pd.Timestamp) -> pd.DatetimeIndex:
    m0 = pd.Timestamp(year=start.year, month=start.month, day=1)
    m1 = pd.Timestamp(year=eind.year, month=eind.month, day=1)
    if m1 < m0:
        raise ValueError(f"eind ({eind.date()}) ligt voor start ({start.date()}).")
    return pd.date_range(m0, m1, freq="MS").astype("datetime64[us]")


def _maand(reeks: pd.Series) -> pd.Series:
    return reeks.dt.to_period("M").dt.to_timestamp().astype("datetime64[us]")


# --------------------------------------------------------------------------- public API
def meldingen_per_maand(
    meldingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("wet", "uitkomst"),
    start: str | pd.Timestamp | None = None,
    eind: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Number of meldingen per month of ``datum_melding``, by wet and uitkomst.

    A missing ``uitkomst`` becomes ``"lopend"`` when there is no besluit yet and
    ``"onbekend"`` otherwise.

    Args:
        meldingen: Processed ``meldingen``.
        groepen: Group columns (default wet and uitkomst).
        start: First month (default: the first melding).
        eind: Last month (default: the last melding).

    Returns:
        DataFrame with ``periode_maand``, the group columns and ``aantal_meldingen``;
        every month x group combination that occurs in the data, zeros included.

    >>> m = pd.DataFrame({"melding_id": ["1", "2", "3"], "client_id": ["a", "b", "c"],
    ...     "wet": ["WMO"] * 3, "datum_melding": pd.to_datetime(["2019-01-02", "2019-01-30",
    ...     "2019-03-01"]), "uitkomst": ["toegekend"] * 3,
    ...     "datum_besluit": pd.to_datetime(["2019-04-01"] * 3)})
    >>> meldingen_per_maand(m, groepen="wet")["aantal_meldingen"].tolist()
    [2, 0, 1]
    """
    m = _voorbereid(meldingen)
    groepen_t = als_tuple(groepen)
    vereis_kolommen(m, groepen_t, "meldingen")
    s = pd.Timestamp(start) if start is not None else m["datum_melding"].min()
    e = pd.Timestamp(eind) if eind is not None else m["datum_melding"].max()
    maanden = _maandrooster(s, e)
    m["periode_maand"] = _maand(m["datum_melding"])
    m = m[(m["periode_maand"] >= maanden[0]) & (m["periode_maand"] <= maanden[-1])]
    telling = m.groupby(["periode_maand", *groepen_t], dropna=False, observed=True).size()
    if groepen_t:
        combinaties = m[list(groepen_t)].drop_duplicates()
        rooster = combinaties.merge(pd.DataFrame({"periode_maand": maanden}), how="cross")
    else:
        rooster = pd.DataFrame({"periode_maand": maanden})
    uit = rooster.merge(
        telling.rename("aantal_meldingen").reset_index(),
        on=["periode_maand", *groepen_t],
        how="left",
    )
    uit["aantal_meldingen"] = uit["aantal_meldingen"].fillna(0).astype("int64")
    uit = uit[["periode_maand", *groepen_t, "aantal_meldingen"]]
    return uit.sort_values([*groepen_t, "periode_maand"]).reset_index(drop=True)


def doorlooptijden(
    meldingen: pd.DataFrame, peildatum: str | pd.Timestamp | None = None
) -> pd.DataFrame:
    """Doorlooptijd melding → besluit per melding, with the legal Wmo term flagged.

    Args:
        meldingen: Processed ``meldingen``.
        peildatum: Day on which open meldingen are measured (default: the latest date in
            the table).

    Returns:
        The meldingen with ``status`` (``"afgerond"``, ``"open"`` or
        ``"afgerond_zonder_datum"``: an outcome without besluit date),
        ``doorlooptijd_dagen`` / ``doorlooptijd_weken`` (NaN unless afgerond),
        ``looptijd_dagen`` (afgerond: the doorlooptijd; open: days until the peildatum,
        a censored lower bound), ``onderzoek_dagen`` (melding → aanvraag) and
        ``besluit_dagen`` (aanvraag → besluit) when ``datum_aanvraag`` is known,
        ``wettelijke_termijn_dagen`` (:func:`wettelijke_termijn_dagen` for WMO, NaN
        otherwise) and
        ``binnen_wettelijke_termijn`` (boolean, <NA> when not yet decidable or not Wmo).
    """
    m = _voorbereid(meldingen)
    peil = _peildatum(m, peildatum)
    termijn = wettelijke_termijn_dagen()
    dag = pd.Timedelta(days=1)
    afgerond = m["status"] == "afgerond"
    open_ = m["status"] == "open"
    duur = (m["datum_besluit"] - m["datum_melding"]) / dag
    m["doorlooptijd_dagen"] = duur.where(afgerond).astype("float64")
    m["doorlooptijd_weken"] = m["doorlooptijd_dagen"] / 7.0
    loop = ((peil - m["datum_melding"]) / dag).where(open_)
    m["looptijd_dagen"] = m["doorlooptijd_dagen"].fillna(loop).astype("float64")
    m["onderzoek_dagen"] = ((m["datum_aanvraag"] - m["datum_melding"]) / dag).astype("float64")
    m["besluit_dagen"] = ((m["datum_besluit"] - m["datum_aanvraag"]) / dag).astype("float64")
    is_wmo = m["wet"].str.upper() == "WMO"
    m["wettelijke_termijn_dagen"] = np.where(is_wmo, float(termijn), np.nan)
    binnen = pd.Series(pd.NA, index=m.index, dtype="boolean")
    binnen[is_wmo & afgerond] = m.loc[is_wmo & afgerond, "doorlooptijd_dagen"] <= termijn
    te_laat_open = is_wmo & open_ & (m["looptijd_dagen"] > termijn)
    binnen[te_laat_open] = False
    m["binnen_wettelijke_termijn"] = binnen
    return m


def _periode(df: pd.DataFrame, periode: str) -> str:
    """Add the period column (``periode_maand`` or ``jaar``) of ``datum_melding``."""
    if periode == "maand":
        df["periode_maand"] = _maand(df["datum_melding"])
        return "periode_maand"
    if periode == "jaar":
        df["jaar"] = df["datum_melding"].dt.year.astype("int64")
        return "jaar"
    raise ValueError(f"periode moet 'maand' of 'jaar' zijn, niet {periode!r}.")


def _samenvatting(
    df: pd.DataFrame,
    groepen: tuple[str, ...],
    duur: str,
    gebeurd: str,
    gemeten: str,
    prefix: str,
    tijd: str = "periode_maand",
    met_ci: bool = False,
) -> pd.DataFrame:
    rijen = []
    for sleutel, deel in df.groupby([tijd, *groepen], dropna=False, observed=True):
        sleutel = sleutel if isinstance(sleutel, tuple) else (sleutel,)
        meet = deel[deel[gemeten]]
        klaar = meet[meet[gebeurd]]
        rij = {
            **dict(zip([tijd, *groepen], sleutel, strict=True)),
            "aantal": len(deel),
            "aantal_gebeurd": len(klaar),
            "aantal_open": int((~meet[gebeurd]).sum()),
        }
        if met_ci:
            km = km_mediaan_ci(meet[duur], meet[gebeurd])
            rij[f"mediaan_{prefix}_dagen"] = km["mediaan"]
            rij[f"mediaan_{prefix}_ci_laag_dagen"] = km["ci_laag"]
            rij[f"mediaan_{prefix}_ci_hoog_dagen"] = km["ci_hoog"]
        else:
            rij[f"mediaan_{prefix}_dagen"] = km_mediaan(meet[duur], meet[gebeurd])
        rij[f"gemiddelde_{prefix}_dagen"] = float(klaar[duur].mean()) if len(klaar) else np.nan
        rijen.append(rij)
    return pd.DataFrame(rijen)


def _met_ci(met_ci: bool | None, periode: str) -> bool:
    """Whether to compute the interval of the median: by default for yearly tables only."""
    return periode == "jaar" if met_ci is None else bool(met_ci)


def doorlooptijd_per_maand(
    meldingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("wet",),
    peildatum: str | pd.Timestamp | None = None,
    periode: str = "maand",
    met_ci: bool | None = None,
) -> pd.DataFrame:
    """Doorlooptijd per month (or year) of melding, with open cases counted as censored.

    Args:
        meldingen: Processed ``meldingen``.
        groepen: Group columns (default wet).
        peildatum: See :func:`doorlooptijden`.
        periode: ``"maand"`` (column ``periode_maand``) or ``"jaar"`` (column ``jaar``).
        met_ci: Add the 95% interval of the median (default: only for ``periode="jaar"``;
            monthly charts show the median alone and stay fast).

    Returns:
        DataFrame with ``periode_maand`` (month of the melding) or ``jaar``, the group
        columns,
        ``aantal_meldingen``, ``aantal_afgerond``, ``aantal_open``,
        ``mediaan_doorlooptijd_dagen`` (Kaplan-Meier: open meldingen censored at the
        peildatum; convention :data:`MEDIAAN_CONVENTIE`), with ``met_ci``
        ``mediaan_doorlooptijd_ci_laag_dagen`` / ``mediaan_doorlooptijd_ci_hoog_dagen``
        (its 95% interval, :func:`sdanalysis.analyse.overleving.km_mediaan_ci`; NaN where
        the data do not reach a limit), ``gemiddelde_doorlooptijd_dagen (afgerond only, a lower bound when
        many are open), ``aandeel_binnen_termijn_fractie`` (WMO: share of meldingen with a
        known verdict that were decided within 8 weeks; NaN for other wetten).
        Meldingen with an outcome but no besluit date are left out of the durations.
    """
    d = doorlooptijden(meldingen, peildatum)
    groepen_t = als_tuple(groepen)
    vereis_kolommen(d, groepen_t, "meldingen")
    tijd = _periode(d, periode)
    d["_afgerond"] = d["status"] == "afgerond"
    d["_gemeten"] = d["status"] != "afgerond_zonder_datum"
    uit = _samenvatting(
        d,
        groepen_t,
        "looptijd_dagen",
        "_afgerond",
        "_gemeten",
        "doorlooptijd",
        tijd,
        _met_ci(met_ci, periode),
    )
    uit = uit.rename(columns={"aantal": "aantal_meldingen", "aantal_gebeurd": "aantal_afgerond"})
    d["_binnen"] = d["binnen_wettelijke_termijn"].astype("Float64")
    b = (
        d.groupby([tijd, *groepen_t], dropna=False, observed=True)["_binnen"]
        .mean()
        .astype("float64")
    )
    uit = uit.merge(b.rename("aandeel_binnen_termijn_fractie").reset_index(), on=[tijd, *groepen_t])
    return uit.sort_values([*groepen_t, tijd]).reset_index(drop=True)


def wachttijden(
    meldingen: pd.DataFrame,
    toewijzingen: pd.DataFrame,
    peildatum: str | pd.Timestamp | None = None,
    max_dagen: int | None = None,
) -> pd.DataFrame:
    """Wachttijd "aanmelding → start hulp (eerste toewijzing)" per toegekende melding.

    For every melding with uitkomst ``toegekend`` the first toewijzing of the same
    ``client_id`` and ``wet`` with ``ingangsdatum`` on or after ``datum_melding`` (and at
    most ``max_dagen`` later) is taken as the start of care.

    Args:
        meldingen: Processed ``meldingen``.
        toewijzingen: Processed ``toewijzingen`` (client_id, wet, ingangsdatum).
        peildatum: Day at which waiting meldingen are censored (default: latest date in
            meldingen).
        max_dagen: Longest accepted gap between melding and start (default
            ``instellingen.WACHTTIJD_MAX_DAGEN``).

    Returns:
        The meldingen with ``definitie`` (:data:`WACHTTIJD_DEFINITIE`),
        ``ingangsdatum_hulp``, ``wachttijd_dagen``, ``wachttijd_weken`` (NaN unless
        started) and ``status_wachttijd``: ``"gestart"``; ``"wacht"`` (no start yet,
        censored: ``looptijd_wacht_dagen`` is the wait so far); ``"geen_start_gevonden"``
        (no start within ``max_dagen`` although that time has passed); or
        ``"niet_toegekend"``.

    >>> m = pd.DataFrame({"melding_id": ["1", "2"], "client_id": ["a", "b"],
    ...     "wet": ["WMO", "WMO"], "datum_melding": pd.to_datetime(["2019-01-01", "2019-03-01"]),
    ...     "datum_besluit": pd.to_datetime(["2019-02-01", "2019-03-20"]),
    ...     "uitkomst": ["toegekend", "toegekend"]})
    >>> t = pd.DataFrame({"client_id": ["a", "a"], "wet": ["WMO", "WMO"],
    ...     "ingangsdatum": pd.to_datetime(["2018-06-01", "2019-02-15"])})
    >>> w = wachttijden(m, t, peildatum="2019-04-01")
    >>> w[["status_wachttijd", "wachttijd_dagen", "looptijd_wacht_dagen"]].values.tolist()
    [['gestart', 45.0, 45.0], ['wacht', nan, 31.0]]
    """
    m = _voorbereid(meldingen)
    vereis_kolommen(toewijzingen, ("client_id", "wet", "ingangsdatum"), "toewijzingen")
    max_dagen = instellingen.WACHTTIJD_MAX_DAGEN if max_dagen is None else int(max_dagen)
    peil = _peildatum(m, peildatum)
    t = pd.DataFrame(
        {
            "client_id": toewijzingen["client_id"].astype(str).to_numpy(),
            "wet": toewijzingen["wet"].astype(str).to_numpy(),
            "ingangsdatum_hulp": _datum(toewijzingen["ingangsdatum"], "ingangsdatum").to_numpy(),
        }
    ).dropna(subset=["ingangsdatum_hulp"])
    t = t.sort_values("ingangsdatum_hulp", kind="stable")
    links = m.reset_index(drop=True)
    links["_rij"] = np.arange(len(links))
    links["_cid"] = links["client_id"].astype(str)
    t = t.rename(columns={"client_id": "_cid"})
    gekoppeld = pd.merge_asof(
        links[["_rij", "_cid", "wet", "datum_melding"]].sort_values("datum_melding", kind="stable"),
        t,
        left_on="datum_melding",
        right_on="ingangsdatum_hulp",
        by=["_cid", "wet"],
        direction="forward",
        allow_exact_matches=True,
        tolerance=pd.Timedelta(days=int(max_dagen)),
    ).set_index("_rij")
    uit = links.drop(columns="_cid")
    uit["ingangsdatum_hulp"] = gekoppeld["ingangsdatum_hulp"].reindex(uit["_rij"]).to_numpy()
    toegekend = uit["uitkomst"] == "toegekend"
    uit.loc[~toegekend, "ingangsdatum_hulp"] = pd.NaT
    dag = pd.Timedelta(days=1)
    wacht = (uit["ingangsdatum_hulp"] - uit["datum_melding"]) / dag
    gestart = toegekend & uit["ingangsdatum_hulp"].notna()
    sinds = (peil - uit["datum_melding"]) / dag
    status = np.select(
        [~toegekend, gestart, sinds <= max_dagen],
        ["niet_toegekend", "gestart", "wacht"],
        default="geen_start_gevonden",
    )
    uit["definitie"] = WACHTTIJD_DEFINITIE
    uit["wachttijd_dagen"] = wacht.where(gestart).astype("float64")
    uit["wachttijd_weken"] = uit["wachttijd_dagen"] / 7.0
    uit["status_wachttijd"] = status
    uit["looptijd_wacht_dagen"] = (
        uit["wachttijd_dagen"].fillna(sinds.where(status == "wacht")).astype("float64")
    )
    return uit.drop(columns="_rij")


def wachttijd_per_maand(
    wachttijd: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("wet",),
    periode: str = "maand",
    met_ci: bool | None = None,
) -> pd.DataFrame:
    """Summary of :func:`wachttijden` per month (or year) of melding.

    Args:
        wachttijd: Output of :func:`wachttijden`.
        groepen: Group columns.
        periode: ``"maand"`` (column ``periode_maand``) or ``"jaar"`` (column ``jaar``).
        met_ci: Add the 95% interval of the median (default: only for ``periode="jaar"``).

    Returns:
        DataFrame with ``periode_maand`` or ``jaar``, the group columns, ``aantal_toegekend``,
        ``aantal_gestart``, ``aantal_wacht`` (still waiting, censored),
        ``mediaan_wachttijd_dagen`` (Kaplan-Meier, :data:`MEDIAAN_CONVENTIE`), with
        ``met_ci`` ``mediaan_wachttijd_ci_laag_dagen`` / ``mediaan_wachttijd_ci_hoog_dagen``,
        ``gemiddelde_wachttijd_dagen``
        (started only) and ``definitie``.
    """
    vereis_kolommen(
        wachttijd,
        ("datum_melding", "status_wachttijd", "looptijd_wacht_dagen", *als_tuple(groepen)),
        "wachttijden",
    )
    groepen_t = als_tuple(groepen)
    d = wachttijd[wachttijd["status_wachttijd"] != "niet_toegekend"].copy()
    tijd = _periode(d, periode)
    d["_gestart"] = d["status_wachttijd"] == "gestart"
    d["_gemeten"] = d["status_wachttijd"].isin(["gestart", "wacht"])
    ci = _met_ci(met_ci, periode)
    uit = _samenvatting(
        d, groepen_t, "looptijd_wacht_dagen", "_gestart", "_gemeten", "wachttijd", tijd, ci
    )
    if uit.empty:
        uit = pd.DataFrame(
            columns=[
                tijd,
                *groepen_t,
                "aantal",
                "aantal_gebeurd",
                "aantal_open",
                "mediaan_wachttijd_dagen",
                *(["mediaan_wachttijd_ci_laag_dagen", "mediaan_wachttijd_ci_hoog_dagen"] * ci),
                "gemiddelde_wachttijd_dagen",
            ]
        )
    uit = uit.rename(
        columns={
            "aantal": "aantal_toegekend",
            "aantal_gebeurd": "aantal_gestart",
            "aantal_open": "aantal_wacht",
        }
    )
    uit["definitie"] = WACHTTIJD_DEFINITIE
    return uit.sort_values([*groepen_t, tijd]).reset_index(drop=True)


def overzicht_per_jaar(
    meldingen: pd.DataFrame,
    wachttijd: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("wet",),
    peildatum: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per year of melding: counts, doorlooptijd, share within the legal term and wachttijd.

    Args:
        meldingen: Processed ``meldingen``.
        wachttijd: Output of :func:`wachttijden` for the same meldingen.
        groepen: Group columns (default wet).
        peildatum: See :func:`doorlooptijden`.

    Returns:
        DataFrame with ``jaar``, the group columns, ``aantal_meldingen``,
        ``mediaan_doorlooptijd_dagen``, ``mediaan_doorlooptijd_ci_laag_dagen``,
        ``mediaan_doorlooptijd_ci_hoog_dagen``, ``aandeel_binnen_termijn_fractie``,
        ``aantal_toegekend``, ``mediaan_wachttijd_dagen``,
        ``mediaan_wachttijd_ci_laag_dagen`` and ``mediaan_wachttijd_ci_hoog_dagen``
        (Kaplan-Meier medians with their 95% interval; name :data:`MEDIAAN_CONVENTIE`
        beside them). When counts are suppressed, blank
        :func:`afhankelijke_kolommen` with them.

    >>> m = pd.DataFrame({"melding_id": ["1", "2"], "client_id": ["a", "b"],
    ...     "wet": ["WMO"] * 2, "datum_melding": pd.to_datetime(["2019-01-01", "2019-02-01"]),
    ...     "datum_besluit": pd.to_datetime(["2019-01-29", "2019-02-15"]),
    ...     "uitkomst": ["toegekend", "afgewezen"]})
    >>> t = pd.DataFrame({"client_id": ["a"], "wet": ["WMO"],
    ...     "ingangsdatum": pd.to_datetime(["2019-02-05"])})
    >>> o = overzicht_per_jaar(m, wachttijden(m, t))
    >>> o[["jaar", "aantal_meldingen", "aantal_toegekend"]].values.tolist()
    [[2019, 2, 1]]
    >>> o["mediaan_wachttijd_dagen"].tolist()
    [35.0]
    >>> afhankelijke_kolommen(o)[:3]
    ['mediaan_doorlooptijd_dagen', 'mediaan_doorlooptijd_ci_laag_dagen', 'mediaan_doorlooptijd_ci_hoog_dagen']
    """
    groepen_t = als_tuple(groepen)
    sleutel = ["jaar", *groepen_t]
    door = doorlooptijd_per_maand(meldingen, groepen_t, peildatum, periode="jaar")
    wacht = wachttijd_per_maand(wachttijd, groepen_t, periode="jaar")
    uit = door[
        [
            *sleutel,
            "aantal_meldingen",
            "mediaan_doorlooptijd_dagen",
            "mediaan_doorlooptijd_ci_laag_dagen",
            "mediaan_doorlooptijd_ci_hoog_dagen",
            "aandeel_binnen_termijn_fractie",
        ]
    ].merge(
        wacht[
            [
                *sleutel,
                "aantal_toegekend",
                "mediaan_wachttijd_dagen",
                "mediaan_wachttijd_ci_laag_dagen",
                "mediaan_wachttijd_ci_hoog_dagen",
            ]
        ],
        on=sleutel,
        how="left",
    )
    uit["aantal_toegekend"] = uit["aantal_toegekend"].fillna(0).astype("int64")
    return uit


def afhankelijke_kolommen(tabel: pd.DataFrame) -> list[str]:
    """Columns derived from the counts of a row: blank them when a count is suppressed.

    Medians with their interval limits, means and shares (everything starting with
    ``mediaan``, ``gemiddelde`` or ``aandeel``), in table order.

    >>> afhankelijke_kolommen(pd.DataFrame(columns=["jaar", "aantal_meldingen",
    ...     "mediaan_wachttijd_dagen", "mediaan_wachttijd_ci_laag_dagen"]))
    ['mediaan_wachttijd_dagen', 'mediaan_wachttijd_ci_laag_dagen']
    """
    return [c for c in tabel.columns if c.startswith(("mediaan", "gemiddelde", "aandeel"))]


def werkvoorraad(
    meldingen: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("wet",),
    start: str | pd.Timestamp | None = None,
    eind: str | pd.Timestamp | None = None,
    peildatum: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Open meldingen (no besluit yet) at the end of each month.

    A melding is open at the end of month M when ``datum_melding`` ≤ last day of M and
    the besluit falls after that day (or is missing while the status is open). Meldingen
    with an outcome but no besluit date have an unknown closing day and are left out.

    Args:
        meldingen: Processed ``meldingen``.
        groepen: Group columns (default wet).
        start: First month (default: month of the first melding).
        eind: Last month (default: month of the peildatum).
        peildatum: See :func:`doorlooptijden`.

    Returns:
        DataFrame with ``periode_maand`` (first day of the month), ``peildatum`` (last day
        of the month), the group columns and ``open_meldingen``.

    >>> m = pd.DataFrame({"melding_id": ["1", "2"], "client_id": ["a", "b"],
    ...     "wet": ["WMO"] * 2, "datum_melding": pd.to_datetime(["2019-01-10", "2019-01-31"]),
    ...     "datum_besluit": pd.to_datetime(["2019-01-31", None]), "uitkomst": ["toegekend", None]})
    >>> werkvoorraad(m, start="2019-01", eind="2019-02")["open_meldingen"].tolist()
    [1, 1]
    """
    m = _voorbereid(meldingen)
    groepen_t = als_tuple(groepen)
    vereis_kolommen(m, groepen_t, "meldingen")
    peil = _peildatum(m, peildatum)
    s = pd.Timestamp(start) if start is not None else m["datum_melding"].min()
    e = pd.Timestamp(eind) if eind is not None else peil
    maanden = _maandrooster(s, e)
    m = m[m["status"] != "afgerond_zonder_datum"].copy()
    m["_in"] = _maand(m["datum_melding"])
    # Closed in month M (besluit on or before its last day) -> no longer open at M's end.
    m["_uit"] = _maand(m["datum_besluit"])
    plus = m.groupby([*groepen_t, "_in"], dropna=False, observed=True).size()
    minus = (
        m.dropna(subset=["_uit"]).groupby([*groepen_t, "_uit"], dropna=False, observed=True).size()
    )
    if groepen_t:
        combinaties = m[list(groepen_t)].drop_duplicates()
    else:
        combinaties = pd.DataFrame(index=[0])
    rijen = []
    for _, rij in combinaties.iterrows():
        sleutel = tuple(rij[g] for g in groepen_t)

        def reeks(tel: pd.Series, sleutel: tuple = sleutel) -> pd.Series:
            if groepen_t:
                try:
                    tel = tel.xs(sleutel, level=list(range(len(groepen_t))))
                except KeyError:
                    return pd.Series(dtype="int64")
            return tel

        netto = reeks(plus).astype("int64").sub(reeks(minus).astype("int64"), fill_value=0)
        netto.index = pd.DatetimeIndex(netto.index).astype("datetime64[us]")
        netto = netto.sort_index()
        cum = netto.cumsum()
        # Stock at the end of every month of the grid: cumulative sum up to that month.
        waarden = cum.reindex(cum.index.union(maanden)).ffill().fillna(0).reindex(maanden)
        deel = pd.DataFrame({"periode_maand": maanden, "open_meldingen": waarden.to_numpy()})
        for g, w in zip(groepen_t, sleutel, strict=True):
            deel[g] = w
        rijen.append(deel)
    uit = pd.concat(rijen, ignore_index=True)
    uit["open_meldingen"] = uit["open_meldingen"].astype("int64")
    uit["peildatum"] = (uit["periode_maand"] + pd.offsets.MonthEnd(0)).astype("datetime64[us]")
    uit = uit[["periode_maand", "peildatum", *groepen_t, "open_meldingen"]]
    return uit.sort_values([*groepen_t, "periode_maand"]).reset_index(drop=True)
