"""What the iJw/iWmo messages add: care that started and stopped, waiting, realisation.

The build fills ``zorgmutaties`` (305 start, 307 stop), ``verzoeken`` (315/317),
``verzoekantwoorden`` (319) and ``toewijzingen_historie`` (every 301 version) from the
messages (see ``docs/berichten.md``). The functions here take those tables and return
numbers; suppression of small counts happens in :mod:`sdanalysis.weergave.suppressie`.

- :func:`zorgperioden` and :func:`in_zorg_per_maand`: clients in care (started, not yet
  stopped) next to clients with a toewijzing, per month and group, and the gap;
- :func:`wachttijd_start`: days from ingangsdatum of a toewijzing to the start of care,
  Kaplan-Meier with toewijzingen without a start censored at the peildatum, and
  :func:`zonder_start` for the toewijzingen still without a start after a number of weeks;
- :func:`doorlooptijd_verzoeken`: days from a verzoek (315/317) to the answer (319) or the
  toewijzing (301 with the same ReferentieAanbieder), censored when neither came;
- :func:`realisatie`: declared against assigned volume per toewijzing;
  :func:`declaraties_zonder_toewijzing` (refused by the build) and
  :func:`declaraties_buiten_toewijzing` for care declared outside the toewijzing's period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.analyse.overleving import km_beperkt_gemiddelde, km_mediaan
from sdanalysis.analyse.volumes import maandvolumes
from sdanalysis.codes import UREN_PER_EENHEID
from sdanalysis.contracts import als_tuple, vereis_kolommen

#: Days per period of the iStandaard frequentie (WMO757): per dag, week, maand; 6 = totaal.
#: The processed tables :func:`zorgsectie` reads (those present; ``zorgmutaties`` required).
BERICHTTABELLEN = (
    "toewijzingen",
    "zorgmutaties",
    "verzoeken",
    "verzoekantwoorden",
    "toewijzingen_historie",
    "declaraties",
)
DAGEN_PER_FREQUENTIE = {"1": 1.0, "2": 7.0, "4": 365.25 / 12}


def zorgperioden(toewijzingen: pd.DataFrame, zorgmutaties: pd.DataFrame) -> pd.DataFrame:
    """One row per start of care with its stop, and the toewijzing's columns.

    Args:
        toewijzingen: Processed toewijzingen (``toewijzingnummer``, ``client_id`` and any
            group columns such as ``categorie``, ``aanbieder_agb``).
        zorgmutaties: Processed ``zorgmutaties`` (``soort`` start/stop, ``begindatum``,
            ``einddatum``, ``reden_beeindiging``).

    Returns:
        The toewijzing columns plus ``ingangsdatum`` = begin of care and ``einddatum`` =
        last day of care (NaT: still in care), ``reden_beeindiging``; starts of unknown
        toewijzingen are left out.

    >>> tw = pd.DataFrame({"toewijzingnummer": ["1"], "client_id": ["a"],
    ...     "ingangsdatum": pd.to_datetime(["2026-01-01"]), "einddatum": pd.NaT})
    >>> zm = pd.DataFrame({"toewijzingnummer": ["1", "1"], "soort": ["start", "stop"],
    ...     "begindatum": pd.to_datetime(["2026-01-05"] * 2),
    ...     "einddatum": pd.to_datetime([None, "2026-03-31"]), "reden_beeindiging": [None, "31"]})
    >>> zorgperioden(tw, zm)[["ingangsdatum", "einddatum"]].astype(str).values.tolist()
    [['2026-01-05', '2026-03-31']]
    """
    vereis_kolommen(toewijzingen, ["toewijzingnummer", "client_id"], "toewijzingen")
    vereis_kolommen(
        zorgmutaties, ["toewijzingnummer", "soort", "begindatum", "einddatum"], "zorgmutaties"
    )
    sleutel = ["toewijzingnummer", "begindatum"]
    start = zorgmutaties.loc[zorgmutaties["soort"] == "start", sleutel].drop_duplicates()
    stop = zorgmutaties.loc[
        zorgmutaties["soort"] == "stop", [*sleutel, "einddatum", "reden_beeindiging"]
    ]
    stop = stop.drop_duplicates(sleutel, keep="last")
    # a stop without a start message still says care ran from begindatum to einddatum
    perioden = start.merge(stop, on=sleutel, how="outer")
    tw = toewijzingen.drop(columns=["ingangsdatum", "einddatum"], errors="ignore")
    uit = perioden.merge(tw, on="toewijzingnummer", how="inner", validate="many_to_one")
    return uit.rename(columns={"begindatum": "ingangsdatum"}).reset_index(drop=True)


def in_zorg_per_maand(
    toewijzingen: pd.DataFrame,
    zorgmutaties: pd.DataFrame,
    groepen: str | Sequence[str] | None = ("categorie",),
    start: str | None = None,
    eind: str | None = None,
) -> pd.DataFrame:
    """Clients with a toewijzing and clients in care on the 1st of each month, and the gap.

    Args:
        toewijzingen: Processed toewijzingen with ``client_id``, dates and group columns.
        zorgmutaties: Processed ``zorgmutaties``.
        groepen: Group columns (``("categorie",)``, ``("aanbieder_agb",)``, ``()``).
        start: First month; ``None``: as :func:`~sdanalysis.analyse.volumes.maandvolumes`.
        eind: Last month; ``None``: idem.

    Returns:
        ``periode_maand``, the groups, ``aantal_clienten_toegewezen``,
        ``aantal_clienten_in_zorg`` and ``verschil_clienten`` (toegewezen − in zorg: clients
        with a toewijzing whose care has not started or has stopped).
    """
    g = list(als_tuple(groepen))
    toegewezen = maandvolumes(toewijzingen, g, start, eind)
    s = start or toegewezen["periode_maand"].min().strftime("%Y-%m")
    e = eind or toegewezen["periode_maand"].max().strftime("%Y-%m")
    perioden = zorgperioden(toewijzingen, zorgmutaties)
    kol = ["periode_maand", *g]
    uit = toegewezen[[*kol, "aantal_clienten"]].rename(
        columns={"aantal_clienten": "aantal_clienten_toegewezen"}
    )
    if len(perioden):
        in_zorg = maandvolumes(perioden, g, s, e)[[*kol, "aantal_clienten"]]
        uit = uit.merge(
            in_zorg.rename(columns={"aantal_clienten": "aantal_clienten_in_zorg"}),
            on=kol,
            how="left",
        )
    else:
        uit["aantal_clienten_in_zorg"] = 0
    uit["aantal_clienten_in_zorg"] = uit["aantal_clienten_in_zorg"].fillna(0).astype("int64")
    uit["verschil_clienten"] = uit["aantal_clienten_toegewezen"] - uit["aantal_clienten_in_zorg"]
    return uit


def _wachttijden(
    toewijzingen: pd.DataFrame, zorgmutaties: pd.DataFrame, peildatum: pd.Timestamp
) -> pd.DataFrame:
    """Per toewijzing that began by the peildatum: days to the first start, or censored."""
    vereis_kolommen(toewijzingen, ["toewijzingnummer", "ingangsdatum"], "toewijzingen")
    eerste = (
        zorgmutaties[zorgmutaties["soort"] == "start"]
        .groupby("toewijzingnummer")["begindatum"]
        .min()
        .rename("start")
    )
    tw = toewijzingen[toewijzingen["ingangsdatum"] <= peildatum].join(eerste, on="toewijzingnummer")
    gebeurd = tw["start"].notna() & (tw["start"] <= peildatum)
    eind = tw["start"].where(gebeurd, peildatum)
    duur = (eind - tw["ingangsdatum"]).dt.days.clip(lower=0).astype(float)
    return tw.assign(wachttijd_dagen=duur, gestart=gebeurd.to_numpy())


def wachttijd_start(
    toewijzingen: pd.DataFrame,
    zorgmutaties: pd.DataFrame,
    peildatum: str | pd.Timestamp,
    groepen: str | Sequence[str] | None = ("aanbieder_agb", "categorie"),
    weken: int | None = None,
) -> pd.DataFrame:
    """Wachttijd from ingangsdatum of the toewijzing to the start of care (305).

    A toewijzing without a start by the ``peildatum`` is censored there (Kaplan-Meier,
    :mod:`sdanalysis.analyse.overleving`); a start before the ingangsdatum counts as 0 days.

    Args:
        toewijzingen: Processed toewijzingen (``toewijzingnummer``, ``ingangsdatum`` and
            the group columns).
        zorgmutaties: Processed ``zorgmutaties``.
        peildatum: Day up to which the messages are complete.
        groepen: Group columns.
        weken: Threshold for :func:`zonder_start` counts (default
            ``instellingen.ZORG_START_SIGNAAL_WEKEN``).

    Returns:
        Per group ``aantal_toewijzingen``, ``aantal_gestart``, ``wachttijd_mediaan_dagen``
        (NaN when fewer than half started), ``wachttijd_beperkt_gemiddelde_dagen`` and
        ``aantal_zonder_start_na_weken``.

    >>> tw = pd.DataFrame({"toewijzingnummer": list("abcd"), "categorie": "x",
    ...     "ingangsdatum": pd.to_datetime(["2026-01-01"] * 4)})
    >>> zm = pd.DataFrame({"toewijzingnummer": list("abc"), "soort": "start",
    ...     "begindatum": pd.to_datetime(["2026-01-05", "2026-01-11", "2026-01-21"])})
    >>> w = wachttijd_start(tw, zm, "2026-03-01", groepen="categorie", weken=6)
    >>> w[["aantal_gestart", "wachttijd_mediaan_dagen", "aantal_zonder_start_na_weken"]].values.tolist()
    [[3.0, 15.0, 1.0]]
    """
    weken = instellingen.ZORG_START_SIGNAAL_WEKEN if weken is None else weken
    peil = pd.Timestamp(peildatum)
    w = _wachttijden(toewijzingen, zorgmutaties, peil)
    g = list(als_tuple(groepen))
    w["_laat"] = ~w["gestart"] & (w["wachttijd_dagen"] > 7 * weken)
    regels = []
    for sleutel, deel in w.groupby(g, dropna=False, sort=True) if g else [((), w)]:
        d, e = deel["wachttijd_dagen"].to_numpy(), deel["gestart"].to_numpy()
        regels.append(
            {
                **dict(zip(g, sleutel if isinstance(sleutel, tuple) else (sleutel,), strict=True)),
                "aantal_toewijzingen": len(deel),
                "aantal_gestart": int(e.sum()),
                "wachttijd_mediaan_dagen": km_mediaan(d, e),
                "wachttijd_beperkt_gemiddelde_dagen": km_beperkt_gemiddelde(d, e)
                if e.any()
                else np.nan,
                "aantal_zonder_start_na_weken": int(deel["_laat"].sum()),
            }
        )
    return pd.DataFrame(regels)


def zonder_start(
    toewijzingen: pd.DataFrame,
    zorgmutaties: pd.DataFrame,
    peildatum: str | pd.Timestamp,
    weken: int | None = None,
) -> pd.DataFrame:
    """Toewijzingen that began more than ``weken`` weeks before the peildatum without a start.

    Returns:
        The toewijzingen with ``wachttijd_dagen`` (days since the ingangsdatum), longest first.
    """
    weken = instellingen.ZORG_START_SIGNAAL_WEKEN if weken is None else weken
    w = _wachttijden(toewijzingen, zorgmutaties, pd.Timestamp(peildatum))
    laat = w[~w["gestart"] & (w["wachttijd_dagen"] > 7 * weken)]
    return (
        laat.drop(columns=["start", "gestart"])
        .sort_values("wachttijd_dagen", ascending=False)
        .reset_index(drop=True)
    )


def doorlooptijd_verzoeken(
    verzoeken: pd.DataFrame,
    antwoorden: pd.DataFrame,
    historie: pd.DataFrame,
    peildatum: str | pd.Timestamp,
    groepen: str | Sequence[str] | None = ("wet", "aanbieder_agb"),
) -> pd.DataFrame:
    """Days from a verzoek (315/317) to its answer (319) or toewijzing (301).

    A verzoek and its answer share aanbieder and ReferentieAanbieder; a 301 answers it when it
    carries the same ReferentieAanbieder (``toewijzingen_historie``, first version). The
    earliest of the two ends the verzoek; without either it is censored at the peildatum.

    Args:
        verzoeken: Processed ``verzoeken``.
        antwoorden: Processed ``verzoekantwoorden``.
        historie: ``toewijzingen_historie`` (``referentie_aanbieder``, ``toewijzingsdatum``
            or ``datum_bericht``, ``aanbieder_agb``).
        peildatum: Day up to which the messages are complete.
        groepen: Group columns of the verzoeken.

    Returns:
        Per group ``aantal_verzoeken``, ``aantal_toegewezen``, ``aantal_afgewezen``,
        ``aantal_open`` and ``doorlooptijd_mediaan_dagen`` (Kaplan-Meier).
    """
    sleutel = ["aanbieder_agb", "referentie_aanbieder"]
    vereis_kolommen(verzoeken, [*sleutel, "datum_verzoek"], "verzoeken")
    peil = pd.Timestamp(peildatum)
    datum_tw = historie.get("toewijzingsdatum", historie.get("datum_bericht"))
    tw = (
        historie.assign(_d=datum_tw)
        .dropna(subset=["referentie_aanbieder"])
        .groupby(sleutel)["_d"]
        .min()
    )
    aw = antwoorden.groupby(sleutel).agg(
        _a=("datum_antwoord", "min"), _uitkomst=("verzoek_antwoord", "last")
    )
    v = (
        verzoeken.drop_duplicates([*sleutel, "soort"])
        .join(tw.rename("_t"), on=sleutel)
        .join(aw, on=sleutel)
    )
    v = v[v["datum_verzoek"] <= peil]
    einde = pd.concat([pd.to_datetime(v["_t"]), pd.to_datetime(v["_a"])], axis=1).min(axis=1)
    gebeurd = einde.notna() & (einde <= peil)
    duur = (einde.where(gebeurd, peil) - v["datum_verzoek"]).dt.days.clip(lower=0).astype(float)
    v = v.assign(
        _duur=duur,
        _gebeurd=gebeurd,
        _toegewezen=v["_t"].notna(),
        _afgewezen=v["_uitkomst"].eq("afgewezen"),
    )
    g = list(als_tuple(groepen))
    regels = []
    for sleutelwaarde, deel in v.groupby(g, dropna=False, sort=True) if g else [((), v)]:
        regels.append(
            {
                **dict(
                    zip(
                        g,
                        sleutelwaarde if isinstance(sleutelwaarde, tuple) else (sleutelwaarde,),
                        strict=True,
                    )
                ),
                "aantal_verzoeken": len(deel),
                "aantal_toegewezen": int(deel["_toegewezen"].sum()),
                "aantal_afgewezen": int(
                    (deel["_afgewezen"].fillna(False) & ~deel["_toegewezen"]).sum()
                ),
                "aantal_open": int((~deel["_gebeurd"]).sum()),
                "doorlooptijd_mediaan_dagen": km_mediaan(
                    deel["_duur"].to_numpy(), deel["_gebeurd"].to_numpy()
                ),
            }
        )
    return pd.DataFrame(regels)


def _uren(volume: pd.Series, eenheid: pd.Series) -> pd.Series:
    """Volume in hours where the eenheid is a time unit; NaN otherwise."""
    return volume * eenheid.astype("string").map(UREN_PER_EENHEID).astype(float)


def toegewezen_volume(toewijzingen: pd.DataFrame, peildatum: str | pd.Timestamp) -> pd.Series:
    """Assigned volume over the toewijzing's period up to the peildatum (its own eenheid).

    Volume × number of periods of the frequentie (per dag, week, maand) in the days from
    ingangsdatum to einddatum (or the peildatum when lopend); frequentie 6 is the total.

    >>> tw = pd.DataFrame({"volume": [2.0, 10.0], "frequentie": ["2", "6"],
    ...     "ingangsdatum": pd.to_datetime(["2026-01-01"] * 2),
    ...     "einddatum": pd.to_datetime(["2026-01-14", None])})
    >>> toegewezen_volume(tw, "2026-12-31").tolist()
    [4.0, 10.0]
    """
    eind = (
        toewijzingen["einddatum"]
        .fillna(pd.Timestamp(peildatum))
        .clip(upper=pd.Timestamp(peildatum))
    )
    dagen = ((eind - toewijzingen["ingangsdatum"]).dt.days + 1).clip(lower=0).astype(float)
    freq = toewijzingen["frequentie"].astype("string")
    perioden = dagen / freq.map(DAGEN_PER_FREQUENTIE).astype(float)
    perioden = perioden.where(freq != "6", 1.0)
    return toewijzingen["volume"].astype(float) * perioden


def realisatie(
    toewijzingen: pd.DataFrame, declaraties: pd.DataFrame, peildatum: str | pd.Timestamp
) -> pd.DataFrame:
    """Declared against assigned volume per toewijzing (realisation rate).

    Volumes are compared in hours when both eenheden are time units
    (:data:`sdanalysis.codes.UREN_PER_EENHEID`), else only with the same eenheid; credit
    lines count negative. Toewijzingen without a comparable volume get NaN, not 0.

    Returns:
        Per toewijzing: ``toegewezen_volume``, ``gedeclareerd_volume`` (in the eenheid of
        the toewijzing, hours for time units), ``realisatie_fractie`` and
        ``aantal_declaraties``.
    """
    vereis_kolommen(
        toewijzingen, ["toewijzingnummer", "volume", "eenheid", "frequentie"], "toewijzingen"
    )
    vereis_kolommen(declaraties, ["toewijzingnummer", "geleverd_volume", "eenheid"], "declaraties")
    tw = toewijzingen.copy()
    tw["toegewezen_volume"] = toegewezen_volume(tw, peildatum)
    uren_tw = _uren(tw["toegewezen_volume"], tw["eenheid"])
    tw["toegewezen_volume"] = uren_tw.fillna(tw["toegewezen_volume"])
    d = declaraties.merge(
        tw[["toewijzingnummer", "eenheid"]], on="toewijzingnummer", suffixes=("", "_tw")
    )
    uren_d = _uren(d["geleverd_volume"], d["eenheid"])
    zelfde = d["eenheid"].astype("string") == d["eenheid_tw"].astype("string")
    tijd = d["eenheid_tw"].astype("string").isin(list(UREN_PER_EENHEID))
    d["_volume"] = np.where(tijd, uren_d, np.where(zelfde, d["geleverd_volume"], np.nan))
    per = d.groupby("toewijzingnummer").agg(
        gedeclareerd_volume=("_volume", lambda s: s.sum(min_count=1)),
        aantal_declaraties=("_volume", "size"),
    )
    uit = tw.join(per, on="toewijzingnummer")
    uit["aantal_declaraties"] = uit["aantal_declaraties"].fillna(0).astype("int64")
    noemer = uit["toegewezen_volume"].where(uit["toegewezen_volume"] > 0)
    uit["realisatie_fractie"] = uit["gedeclareerd_volume"].fillna(0).where(noemer.notna()) / noemer
    return uit


def declaraties_buiten_toewijzing(
    declaraties: pd.DataFrame, toewijzingen: pd.DataFrame
) -> pd.DataFrame:
    """Declaraties whose period lies (partly) outside their toewijzing's period.

    Args:
        declaraties: Processed declaraties (``toewijzingnummer``, ``periode_start``,
            ``periode_eind``).
        toewijzingen: Processed toewijzingen (``ingangsdatum``, ``einddatum``; NaT = lopend).

    Returns:
        Those declaraties with ``ingangsdatum``, ``einddatum`` and ``dagen_buiten`` (days
        before the ingangsdatum plus days after the einddatum).

    >>> d = pd.DataFrame({"toewijzingnummer": ["1", "2"],
    ...     "periode_start": pd.to_datetime(["2026-01-01", "2026-03-01"]),
    ...     "periode_eind": pd.to_datetime(["2026-01-31", "2026-03-31"])})
    >>> t = pd.DataFrame({"toewijzingnummer": ["1", "2"],
    ...     "ingangsdatum": pd.to_datetime(["2026-01-10", "2026-01-01"]), "einddatum": pd.NaT})
    >>> declaraties_buiten_toewijzing(d, t)["dagen_buiten"].tolist()
    [9]
    """
    vereis_kolommen(
        declaraties, ["toewijzingnummer", "periode_start", "periode_eind"], "declaraties"
    )
    vereis_kolommen(toewijzingen, ["toewijzingnummer", "ingangsdatum", "einddatum"], "toewijzingen")
    g = declaraties.merge(
        toewijzingen[["toewijzingnummer", "ingangsdatum", "einddatum"]],
        on="toewijzingnummer",
        how="inner",
    )
    voor = (g["ingangsdatum"] - g["periode_start"]).dt.days.clip(lower=0)
    na = (g["periode_eind"] - g["einddatum"]).dt.days.clip(lower=0).fillna(0)
    dagen = (voor + na).astype("int64")
    return g.assign(dagen_buiten=dagen)[dagen > 0].reset_index(drop=True)


def declaraties_zonder_toewijzing(quarantaine: pd.DataFrame) -> pd.DataFrame:
    """Declaraties the build refused because their toewijzing is unknown, per file.

    Returns:
        ``bestand`` and ``aantal_declaraties``.
    """
    vereis_kolommen(quarantaine, ["tabel", "bestand", "rij", "kolom", "reden"], "quarantaine")
    q = quarantaine[
        (quarantaine["tabel"] == "declaraties")
        & (quarantaine["kolom"] == "toewijzingnummer")
        & quarantaine["reden"].str.startswith("toewijzingnummer onbekend")
    ]
    return q.groupby("bestand").agg(aantal_declaraties=("rij", "nunique")).reset_index()


# --------------------------------------------------------------------------- one call for a chapter


@dataclass(frozen=True)
class Zorgsectie:
    """The tables of the chapter "zorg uit de berichten" (numbers; suppress before showing).

    Attributes:
        peildatum: Day up to which the messages count as complete.
        in_zorg: Per month and categorie: toegewezen, in zorg, verschil.
        in_zorg_totaal: Per month, every categorie together (a client counts once), in long
            form: ``periode_maand``, ``reeks`` (toegewezen / in zorg), ``aantal_clienten``.
        in_zorg_aanbieder: The last month per aanbieder and categorie.
        wachttijd: Wachttijd to start per aanbieder and categorie (Kaplan-Meier).
        doorlooptijd: Verzoek to answer or toewijzing per wet and aanbieder.
        realisatie: Per categorie: ``aantal_toewijzingen``, ``aantal_met_declaratie``,
            ``realisatie_mediaan_fractie``.
        buiten_periode: Per aanbieder: declaraties (partly) outside the toewijzing period.
    """

    peildatum: pd.Timestamp
    in_zorg: pd.DataFrame
    in_zorg_aanbieder: pd.DataFrame
    in_zorg_totaal: pd.DataFrame
    wachttijd: pd.DataFrame
    doorlooptijd: pd.DataFrame | None
    realisatie: pd.DataFrame | None
    buiten_periode: pd.DataFrame | None


def peildatum_berichten(zorgmutaties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.Timestamp:
    """The last day the messages cover: the latest message date, else the latest ingangsdatum."""
    if "datum_bericht" in zorgmutaties and zorgmutaties["datum_bericht"].notna().any():
        return pd.Timestamp(zorgmutaties["datum_bericht"].max())
    return pd.Timestamp(toewijzingen["ingangsdatum"].max())


def _realisatie_per_categorie(r: pd.DataFrame) -> pd.DataFrame:
    return (
        r.groupby("categorie", sort=True)
        .agg(
            aantal_toewijzingen=("toewijzingnummer", "size"),
            aantal_met_declaratie=("aantal_declaraties", lambda s: int((s > 0).sum())),
            realisatie_mediaan_fractie=("realisatie_fractie", "median"),
        )
        .reset_index()
    )


def zorgsectie(
    tabellen: Mapping[str, pd.DataFrame], peildatum: str | pd.Timestamp | None = None
) -> Zorgsectie | None:
    """Everything the chapter shows, from the processed tables; None without ``zorgmutaties``.

    Args:
        tabellen: ``toewijzingen`` (with ``categorie``) and ``zorgmutaties``; optional
            ``verzoeken``, ``verzoekantwoorden``, ``toewijzingen_historie``, ``declaraties``.
        peildatum: Default :func:`peildatum_berichten`.
    """
    tw, zm = tabellen.get("toewijzingen"), tabellen.get("zorgmutaties")
    if tw is None or zm is None or zm.empty:
        return None
    peil = pd.Timestamp(peildatum) if peildatum is not None else peildatum_berichten(zm, tw)
    eind = (
        (peil - pd.offsets.MonthBegin(1)).strftime("%Y-%m")
        if peil.day > 1
        else peil.strftime("%Y-%m")
    )
    in_zorg = in_zorg_per_maand(tw, zm, ("categorie",), eind=eind)
    per_aanbieder = in_zorg_per_maand(tw, zm, ("aanbieder_agb", "categorie"), eind=eind)
    laatste = per_aanbieder[per_aanbieder["periode_maand"] == per_aanbieder["periode_maand"].max()]
    doorloop = None
    if {"verzoeken", "toewijzingen_historie"} <= set(tabellen):
        aw = tabellen.get("verzoekantwoorden")
        if aw is None:
            aw = pd.DataFrame(
                columns=[
                    "aanbieder_agb",
                    "referentie_aanbieder",
                    "datum_antwoord",
                    "verzoek_antwoord",
                ]
            )
        doorloop = doorlooptijd_verzoeken(
            tabellen["verzoeken"], aw, tabellen["toewijzingen_historie"], peil
        )
    decl = tabellen.get("declaraties")
    return Zorgsectie(
        peildatum=peil,
        in_zorg=in_zorg,
        in_zorg_aanbieder=laatste.reset_index(drop=True),
        in_zorg_totaal=_lang(in_zorg_per_maand(tw, zm, (), eind=eind)),
        wachttijd=wachttijd_start(tw, zm, peil),
        doorlooptijd=doorloop,
        realisatie=None if decl is None else _realisatie_per_categorie(realisatie(tw, decl, peil)),
        buiten_periode=None if decl is None else _buiten_per_aanbieder(decl, tw),
    )


def _lang(totaal: pd.DataFrame) -> pd.DataFrame:
    """Toegewezen and in zorg as two series of one long table (for a line chart)."""
    namen = {"aantal_clienten_toegewezen": "met toewijzing", "aantal_clienten_in_zorg": "in zorg"}
    lang = totaal.melt(
        id_vars="periode_maand",
        value_vars=list(namen),
        var_name="reeks",
        value_name="aantal_clienten",
    )
    return lang.assign(reeks=lang["reeks"].map(namen))


def publiceerbaar(z: Zorgsectie) -> dict[str, pd.DataFrame]:
    """The chapter's tables as they may be published: small counts suppressed.

    The same tables go to the notebook and to the workbook; a table the messages do not
    support (no 315/319, no 323) is left out.

    Args:
        z: :func:`zorgsectie`.

    Returns:
        Title -> table, in reading order.
    """
    from sdanalysis.weergave.suppressie import aanvullend_in_rij, onderdruk_kleine_aantallen

    # the difference is a count of people too, and toegewezen = in zorg + verschil per row
    tellingen = ["aantal_clienten_toegewezen", "aantal_clienten_in_zorg", "verschil_clienten"]
    uit = {
        "Zorg toegewezen per aanbieder": aanvullend_in_rij(
            onderdruk_kleine_aantallen(
                z.in_zorg_aanbieder, tellingen, [["aanbieder_agb"], ["categorie"]]
            ),
            "aantal_clienten_toegewezen",
            ["aantal_clienten_in_zorg", "verschil_clienten"],
        ),
        "Zorg wachttijd tot start": onderdruk_kleine_aantallen(
            z.wachttijd,
            ["aantal_toewijzingen", "aantal_gestart", "aantal_zonder_start_na_weken"],
            ["categorie"],
            afhankelijke_kolommen=["wachttijd_mediaan_dagen", "wachttijd_beperkt_gemiddelde_dagen"],
        ),
    }
    if z.doorlooptijd is not None:
        uit["Zorg doorlooptijd verzoek"] = onderdruk_kleine_aantallen(
            z.doorlooptijd,
            ["aantal_verzoeken", "aantal_toegewezen", "aantal_afgewezen", "aantal_open"],
            ["wet"],
            afhankelijke_kolommen=["doorlooptijd_mediaan_dagen"],
        )
    if z.realisatie is not None:
        uit["Zorg realisatie"] = onderdruk_kleine_aantallen(
            z.realisatie,
            ["aantal_toewijzingen", "aantal_met_declaratie"],
            afhankelijke_kolommen=["realisatie_mediaan_fractie"],
        )
    if z.buiten_periode is not None and len(z.buiten_periode):
        uit["Zorg declaraties buiten periode"] = z.buiten_periode
    return uit


def _buiten_per_aanbieder(declaraties: pd.DataFrame, toewijzingen: pd.DataFrame) -> pd.DataFrame:
    buiten = declaraties_buiten_toewijzing(declaraties, toewijzingen)
    buiten = buiten.merge(
        toewijzingen[["toewijzingnummer", "aanbieder_agb"]], on="toewijzingnummer"
    )
    return (
        buiten.groupby("aanbieder_agb", sort=True)
        .agg(aantal_declaraties=("dagen_buiten", "size"), bedrag_eur=("bedrag_eur", "sum"))
        .reset_index()
    )
