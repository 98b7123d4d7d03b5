"""Generate the clean tables of a synthetic gemeente: episodes, toewijzingen, meldingen.

Everything here is SYNTHETIC: clients, BSNs, providers and amounts are invented. The
model (products, providers, trends) lives in :mod:`sdanalysis.demo.model`; this module
draws from it, in one seeded random stream:

1. care episodes per product and year (:func:`_episodes`), linked to clients;
2. toewijzingen (re-indications, provider switches) and their declaration periods;
3. tariffs calibrated per taakveld on the Iv3 jaarrekening 2023, and credit lines;
4. meldingen with waiting times, BSNs, the begroting and the bevolking;
5. the text export with deliberately bad rows (:func:`sdanalysis.demo.vervuil.naar_ruw`).

:func:`bouw_demo` returns all of it as a :class:`DemoResultaat`; writing the files is
:func:`sdanalysis.demo.schrijf.schrijf_demo`.

>>> r = bouw_demo(clients=600)
>>> sorted(r.schoon)
['declaraties', 'meldingen', 'toewijzingen']
>>> int(r.schoon["toewijzingen"]["jaar"].min()), int(r.schoon["toewijzingen"]["jaar"].max())
(2015, 2024)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri

from sdanalysis import instellingen
from sdanalysis.demo.model import (
    AANBIEDER_POOL,
    AANDEEL_0_17,
    AANDEEL_65PLUS,
    AANLOOP_JAREN,
    CREDIT_KANS,
    DECLARATIE_PERIODE,
    DEMO_GEDRAG,
    DEMO_OPZET,
    IV3_HENGELO_2023_DZD,
    MELDING_KANS,
    NIET_TOEGEKEND,
    NIET_TOEGEKEND_2019_FACTOR,
    OPVANG_PER_JAAR,
    PGB_OPSLAG,
    PRODUCT_PER_CODE,
    PRODUCTEN,
    REALISATIE_POSTEN,
    VOLLEDIG_AANTAL_CLIENTEN,
    Opzet,
    dag,
    instroomindex,
    prijsindex,
    productcodes_tabel,
    taakveld_in_jaar,
    taakveld_naam,
    wachttijden,
)
from sdanalysis.demo.vervuil import naar_ruw

#: Year of the calibration target (:data:`sdanalysis.demo.model.IV3_HENGELO_2023_DZD`).
KALIBRATIEJAAR = 2023


def _bsn_reeks(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct synthetic 9-digit numbers that pass the BSN elfproef.

    >>> from sdanalysis.bouw.privacy import elfproef
    >>> all(elfproef(b) for b in _bsn_reeks(np.random.default_rng(1), 50))
    True
    """
    gewichten = np.array([9, 8, 7, 6, 5, 4, 3, 2])
    gevonden = np.zeros(0, dtype=np.int64)
    while len(gevonden) < n:
        prefix = rng.integers(10_000_000, 70_000_000, size=int((n - len(gevonden)) * 1.2) + 64)
        cijfers = (prefix[:, None] // 10 ** np.arange(7, -1, -1)) % 10
        controle = (cijfers @ gewichten) % 11
        ok = controle < 10
        alle = np.concatenate([gevonden, prefix[ok] * 10 + controle[ok]])
        _, eerste = np.unique(alle, return_index=True)
        gevonden = alle[np.sort(eerste)]
    return gevonden[:n]


def _gespreid(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` stratified uniform numbers in [0, 1) in random order (less noise than iid)."""
    return rng.permutation((np.arange(n) + rng.random(n)) / max(n, 1))


def _kies_dagen(rng: np.random.Generator, jaar: int, n: int, voorkant: float = 0.5) -> np.ndarray:
    """``n`` day numbers spread over ``jaar``; ``voorkant`` is the share in the first half.

    >>> d = _kies_dagen(np.random.default_rng(0), 2019, 100, voorkant=0.7)
    >>> int((d < dag("2019-07-01")).sum())
    70
    """
    begin, midden, eind = dag(f"{jaar}-01-01"), dag(f"{jaar}-07-01"), dag(f"{jaar + 1}-01-01")
    n1 = int(round(n * voorkant))
    h1 = begin + np.floor(_gespreid(rng, n1) * (midden - begin)).astype(np.int64)
    h2 = midden + np.floor(_gespreid(rng, n - n1) * (eind - midden)).astype(np.int64)
    return rng.permutation(np.concatenate([h1, h2]))


# --------------------------------------------------------------------------- episodes


def _episodes(rng: np.random.Generator, schaal: float, opzet: Opzet) -> pd.DataFrame:
    """Care episodes (one client, one product, one uninterrupted period) per product."""
    rijen = []
    eerste = opzet.eerste_jaar
    for code, g in DEMO_GEDRAG.items():
        if code not in opzet.productcodes:
            continue
        p = PRODUCT_PER_CODE[code]
        gemiddelde_jaren = g.duur_mediaan * np.exp(g.duur_sigma**2 / 2) / 365.25
        totaal = p.frequentie == "6" and g.herindicatie_dagen > 10_000
        instroom_2023 = g.voorraad_2023 if totaal else g.voorraad_2023 / gemiddelde_jaren
        for jaar in range(eerste - AANLOOP_JAREN, opzet.laatste_jaar + 1):
            n = int(round(instroom_2023 * instroomindex(g, jaar) * schaal))
            if n == 0:
                continue
            # The 2019 rush of HH meldingen turns into care from spring 2019 on.
            voorkant = 0.45 if (code == "01A01" and jaar == 2019) else 0.5
            start = _kies_dagen(rng, jaar, n, voorkant)
            duur = np.exp(np.log(g.duur_mediaan) + g.duur_sigma * ndtri(_gespreid(rng, n)))
            duur = np.clip(np.rint(duur), 14, 3650).astype(np.int64)
            rijen.append(pd.DataFrame({"productcode": code, "start": start, "duur": duur}))
    ep = pd.concat(rijen, ignore_index=True)
    ep["eind"] = ep["start"] + ep["duur"] - 1
    ep = ep[ep["eind"] >= dag(f"{eerste}-01-01")]
    ep["wet"] = ep["productcode"].map({c: p.wet for c, p in PRODUCT_PER_CODE.items()})
    return ep.sort_values(["start", "productcode"], kind="stable", ignore_index=True)


def _koppel_clienten(rng: np.random.Generator, ep: pd.DataFrame) -> np.ndarray:
    """Client number per episode: new, or an active client of the same wet."""
    client = np.empty(len(ep), dtype=np.int64)
    volgend = 0
    koppel = ep["productcode"].map({c: g.koppel_kans for c, g in DEMO_GEDRAG.items()}).to_numpy()
    trek = rng.random(len(ep))
    terug = rng.integers(1, 400, len(ep))
    start = ep["start"].to_numpy()
    eind = ep["eind"].to_numpy()
    for wet in ("WMO", "JW"):
        posities = np.flatnonzero(ep["wet"].to_numpy() == wet)
        for k, i in enumerate(posities):
            gekoppeld = False
            if trek[i] < koppel[i] and k > 0:
                j = posities[max(0, k - int(terug[i]))]
                if eind[j] >= start[i] - 30:
                    client[i] = client[j]
                    gekoppeld = True
            if not gekoppeld:
                client[i] = volgend
                volgend += 1
    return client


# --------------------------------------------------------------------------- toewijzingen


@dataclass(frozen=True)
class _Grenzen:
    """Day numbers that bound the toewijzingen.

    Attributes:
        eerste: 1 January of the first year (start of the data).
        overgang_eind: 31 December of the first year (end of transitional law).
        peil: The cut-off.
    """

    eerste: int
    overgang_eind: int
    peil: int


class _Uniformen:
    """Uniform numbers, six per toewijzing, drawn in blocks from the generation's stream."""

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        self._rng = rng
        self._n = n
        self._pool = rng.random(12 * n + 64)
        self._pos = 0

    def volgende(self) -> np.ndarray:
        """The next six numbers."""
        if self._pos + 6 > len(self._pool):
            self._pool = np.concatenate([self._pool, self._rng.random(4 * self._n + 64)])
        u = self._pool[self._pos : self._pos + 6]
        self._pos += 6
        return u


@functools.cache
def _maandeinde(dagnummer: int) -> int:
    """Day number of the last day of the month of ``dagnummer``."""
    d = np.datetime64(dagnummer, "D")
    return int(((d.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1).astype(np.int64))


def _trek_per_episode(
    rng: np.random.Generator, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per episode: provider, provider after a switch, allocated volume, delivered share."""
    n = len(codes)
    aanb0 = np.zeros(n, dtype=np.int64)
    aanb1 = np.zeros(n, dtype=np.int64)
    volume0 = np.zeros(n)
    verz = np.zeros(n)
    for code, pool in AANBIEDER_POOL.items():
        m = codes == code
        k = int(m.sum())
        if k == 0:
            continue
        idx = np.array([a for a, _ in pool])
        w = np.array([g for _, g in pool], dtype=float)
        aanb0[m] = rng.choice(idx, size=k, p=w / w.sum())
        aanb1[m] = rng.choice(idx, size=k, p=w / w.sum())
        p, g = PRODUCT_PER_CODE[code], DEMO_GEDRAG[code]
        v = p.volume[0] + rng.random(k) * (p.volume[1] - p.volume[0])
        volume0[m] = np.rint(v) if p.eenheid == "83" else np.rint(v * 2) / 2
        verz[m] = rng.uniform(*g.verzilvering, size=k)
    return aanb0, aanb1, volume0, verz


def _plan(begin: int, herindicatie_dagen: int, u: np.ndarray) -> int:
    """Planned last day of a toewijzing from ``begin``; a third end on a month's last day."""
    plan = begin + int(herindicatie_dagen * (0.8 + 0.4 * u[0])) - 1
    if u[1] < 0.35:
        plan = _maandeinde(plan)
    return plan


def _segmenten(
    code: str,
    start: int,
    einde_ep: int,
    aanbieders: tuple[int, int],
    volume: float,
    u: _Uniformen,
    grens: _Grenzen,
) -> list[tuple[int, int, int, float, bool]]:
    """The toewijzingen of one episode: (aanbieder, ingang, einde (-1 open), volume, overgang).

    An episode running before the first year starts on 1 January of that year; its first
    toewijzing runs to 31 December (overgangsrecht), except for products declared as a
    whole. Later toewijzingen are re-indications: usually back-to-back, sometimes
    overlapping, sometimes with another volume or provider.
    """
    p, g = PRODUCT_PER_CODE[code], DEMO_GEDRAG[code]
    aanbieder = aanbieders[0]
    begin = max(start, grens.eerste)
    overgang = start < grens.eerste
    uit: list[tuple[int, int, int, float, bool]] = []
    while True:
        r = u.volgende()
        eerste_segment = not uit
        if overgang and eerste_segment and p.frequentie != "6":
            plan = grens.overgang_eind
        else:
            plan = _plan(begin, g.herindicatie_dagen, r)
        laatste = plan >= einde_ep
        eind_seg = einde_ep if laatste else plan
        # Running at the cut-off: open-ended, or the planned end in the future.
        open_einde = eind_seg > grens.peil and g.onbepaald
        uit.append(
            (aanbieder, begin, -1 if open_einde else eind_seg, volume, overgang and eerste_segment)
        )
        if laatste or plan >= grens.peil:
            return uit
        vorige = begin
        begin = plan + 1
        if r[2] < 0.08:
            begin = max(begin - 1 - int(r[3] * 30), vorige + 1)
        if r[4] < 0.30 and p.eenheid != "14":
            volume = max(p.volume[0] / 2, float(np.rint(volume * (0.8 + 0.4 * r[3]) * 2) / 2))
        if r[5] < 0.08:
            aanbieder = aanbieders[1]


def _toewijzingen(rng: np.random.Generator, ep: pd.DataFrame, opzet: Opzet) -> pd.DataFrame:
    """Split episodes into toewijzingen (re-indications), with providers and volumes."""
    grens = _Grenzen(
        dag(f"{opzet.eerste_jaar}-01-01"), dag(f"{opzet.eerste_jaar}-12-31"), dag(opzet.peildatum)
    )
    codes = ep["productcode"].to_numpy()
    aanb0, aanb1, volume0, verz = _trek_per_episode(rng, codes)
    u = _Uniformen(rng, len(ep))
    starts = ep["start"].to_numpy()
    einden = ep["eind"].to_numpy()
    clients = ep["client"].to_numpy()
    rijen = []
    for i in range(len(ep)):
        segmenten = _segmenten(
            codes[i],
            int(starts[i]),
            int(einden[i]),
            (int(aanb0[i]), int(aanb1[i])),
            float(volume0[i]),
            u,
            grens,
        )
        for aanbieder, ingang, einde, volume, overgang in segmenten:
            rijen.append(
                (ep.index[i], clients[i], codes[i], aanbieder, ingang, einde, volume)
                + (float(verz[i]), overgang)
            )
    kolommen = ["episode", "client", "productcode", "aanbieder", "ingang", "einde", "volume"]
    tw = pd.DataFrame(rijen, columns=[*kolommen, "verzilvering", "overgang"])
    tw = tw.sort_values(["ingang", "episode"], kind="stable", ignore_index=True)
    jaar = pd.to_datetime(tw["ingang"], unit="D").dt.year
    volgnr = tw.groupby(jaar).cumcount() + 1
    tw["toewijzingnummer"] = "T" + jaar.astype(str) + volgnr.map("{:06d}".format)
    tw["jaar"] = jaar
    return tw


def _perioden(tw: pd.DataFrame, periode: str, peildatum: str) -> pd.DataFrame:
    """Declaration periods per toewijzing (delivered volume without tariff)."""
    peil = dag(peildatum)
    ingang = tw["ingang"].to_numpy()
    einde = tw["einde"].to_numpy()
    einde = np.where((einde < 0) | (einde > peil), peil, einde)
    geldig = ingang <= einde
    mnd_per = 3 if periode == "kwartaal" else 12
    m0 = np.datetime64("1970-01", "M")

    def pnr(d: np.ndarray) -> np.ndarray:
        return (d.astype("datetime64[D]").astype("datetime64[M]") - m0).astype(np.int64) // mnd_per

    eenheid = tw["productcode"].map({c: p.eenheid for c, p in PRODUCT_PER_CODE.items()}).to_numpy()
    freq = tw["productcode"].map({c: p.frequentie for c, p in PRODUCT_PER_CODE.items()}).to_numpy()
    totaal = freq == "6"
    # Hulpmiddelen taken over on 1 January of the first year were paid before: nothing to declare.
    geldig &= ~(totaal & tw["overgang"].to_numpy())
    p_in = pnr(ingang)
    p_uit = np.where(totaal, p_in, pnr(einde))
    n = np.where(geldig, p_uit - p_in + 1, 0)
    rij = np.repeat(np.arange(len(tw)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    per = p_in[rij] + k
    p_start = (m0 + per * mnd_per).astype("datetime64[D]").astype(np.int64)
    p_eind = (m0 + (per + 1) * mnd_per).astype("datetime64[D]").astype(np.int64) - 1
    van = np.maximum(p_start, ingang[rij])
    tot = np.minimum(p_eind, einde[rij])
    dagen = (tot - van + 1).astype(float)
    vol = tw["volume"].to_numpy()[rij]
    verz = tw["verzilvering"].to_numpy()[rij]
    f = freq[rij]
    geleverd = np.select(
        [f == "1", f == "2", f == "4", f == "6"],
        [vol * dagen, vol * dagen / 7.0, vol * dagen / 30.4375, vol],
        default=0.0,
    )
    geleverd = np.where(f == "6", geleverd, geleverd * verz)
    e = eenheid[rij]
    geleverd = np.where(
        e == "04",
        np.rint(geleverd * 4) / 4,
        np.where(e == "83", np.round(geleverd, 2), np.rint(geleverd)),
    )
    tot = np.where(totaal[rij], van, tot)
    d = pd.DataFrame(
        {
            "tw": rij,
            "periode_start": van,
            "periode_eind": tot,
            "geleverd_volume": geleverd,
            "eenheid": e,
        }
    )
    return d[d["geleverd_volume"] > 0].reset_index(drop=True)


# --------------------------------------------------------------------------- meldingen


def _meldingen_toegekend(
    rng: np.random.Generator, ep: pd.DataFrame, tw: pd.DataFrame, eerste: int
) -> pd.DataFrame:
    """One melding per new episode that came in via the gemeente, dated back from care."""
    start = tw.groupby("episode")["ingang"].min()
    ep = ep.loc[start.index].assign(ingang=start.to_numpy())
    pc = ep["productcode"].str[:2]
    kans = np.where(
        pc.isin(["51", "47", "48"]), pc.map(MELDING_KANS).fillna(0), ep["wet"].map(MELDING_KANS)
    ).astype(float)
    ep = ep[(rng.random(len(ep)) < kans) & (ep["start"].to_numpy() >= eerste)]
    n = len(ep)
    ingang = ep["ingang"].to_numpy()
    z = np.exp(rng.normal(0, [0.5, 0.4, 0.4], (n, 3)))
    # Waiting times belong to the year of the melding: estimate it with the start year,
    # then compute again with the medians of the estimated melding year.
    jaar = pd.to_datetime(ingang, unit="D").year.to_numpy()
    for _ in range(2):
        med = np.array([wachttijden(int(j)) for j in jaar], dtype=float)
        levering = np.rint(med[:, 2] * z[:, 0]).astype(np.int64)
        besluit = np.rint(7 * med[:, 1] * z[:, 1]).astype(np.int64)
        onderzoek = np.rint(7 * med[:, 0] * z[:, 2]).astype(np.int64)
        d_besluit = ingang - levering
        d_aanvraag = d_besluit - besluit
        d_melding = d_aanvraag - onderzoek
        jaar = pd.to_datetime(d_melding, unit="D").year.to_numpy()
    toegekend = pd.DataFrame(
        {
            "client": ep["client"].to_numpy(),
            "wet": ep["wet"].to_numpy(),
            "datum_melding": d_melding,
            "datum_aanvraag": d_aanvraag,
            "datum_besluit": d_besluit,
            "uitkomst": "toegekend",
        }
    )
    return toegekend[toegekend["datum_melding"] >= eerste]


def _meldingen_niet_toegekend(
    rng: np.random.Generator, toegekend: pd.DataFrame, n_client: int, jaren: tuple[int, ...]
) -> tuple[list[pd.DataFrame], int]:
    """Meldingen that did not lead to care (afgewezen, ingetrokken, voorliggend)."""
    delen = []
    per_jaar = pd.to_datetime(toegekend["datum_melding"], unit="D").dt.year
    for wet in ("WMO", "JW"):
        for jaar_ in jaren:
            basis = int(((per_jaar == jaar_) & (toegekend["wet"] == wet)).sum())
            factor = NIET_TOEGEKEND[wet]
            voorkant = 0.5
            if wet == "WMO" and jaar_ == 2019:
                factor *= NIET_TOEGEKEND_2019_FACTOR
                voorkant = 0.62
            k = int(round(basis * factor))
            if k == 0:
                continue
            dm = _kies_dagen(rng, jaar_, k, voorkant)
            uitkomst = rng.choice(
                ["afgewezen", "ingetrokken", "voorliggend"], size=k, p=[0.30, 0.25, 0.45]
            )
            med = np.array([wachttijden(jaar_)] * k, dtype=float)
            da = dm + np.rint(7 * med[:, 0] * np.exp(rng.normal(0, 0.4, k))).astype(np.int64)
            db = da + np.rint(7 * med[:, 1] * np.exp(rng.normal(0, 0.4, k))).astype(np.int64)
            # voorliggend: settled in the onderzoek, no aanvraag and no besluit
            # ingetrokken: half withdrew after the aanvraag; no besluit
            da = np.where(
                (uitkomst == "voorliggend") | ((uitkomst == "ingetrokken") & (rng.random(k) < 0.5)),
                -1,
                da,
            )
            db = np.where(uitkomst == "afgewezen", db, -1)
            nieuw = rng.random(k) < 0.7
            client = np.where(nieuw, n_client + np.arange(k), rng.integers(0, n_client, k))
            n_client += k
            delen.append(
                pd.DataFrame(
                    {
                        "client": client,
                        "wet": wet,
                        "datum_melding": dm,
                        "datum_aanvraag": da,
                        "datum_besluit": db,
                        "uitkomst": uitkomst,
                    }
                )
            )
    return delen, n_client


def _meldingen_in_onderzoek(
    rng: np.random.Generator, toegekend: pd.DataFrame, n_client: int, laatste_jaar: int, peil: int
) -> tuple[list[pd.DataFrame], int]:
    """Meldingen of the last weeks that are still in onderzoek (care would start later)."""
    delen = []
    per_jaar = pd.to_datetime(toegekend["datum_melding"], unit="D").dt.year
    for wet in ("WMO", "JW"):
        basis = int(((per_jaar == laatste_jaar) & (toegekend["wet"] == wet)).sum())
        k = int(round(basis * 8 / 52))
        if k == 0:
            continue
        dm = peil - rng.integers(0, 56, k)
        da = dm + np.rint(7 * 5.0 * np.exp(rng.normal(0, 0.4, k))).astype(np.int64)
        client = np.where(
            rng.random(k) < 0.7, n_client + np.arange(k), rng.integers(0, n_client, k)
        )
        n_client += k
        delen.append(
            pd.DataFrame(
                {
                    "client": client,
                    "wet": wet,
                    "datum_melding": dm,
                    "datum_aanvraag": da,
                    "datum_besluit": -1,
                    "uitkomst": "lopend",
                }
            )
        )
    return delen, n_client


def _meldingen(
    rng: np.random.Generator, ep: pd.DataFrame, tw: pd.DataFrame, n_client: int, opzet: Opzet
) -> tuple[pd.DataFrame, int]:
    """Meldingen: one per new episode that came in via the gemeente, plus rejected ones.

    Returns the meldingen (dates as day numbers, -1 = empty) and the new client count
    (people whose melding did not lead to care get a new client number).
    """
    eerste = dag(f"{opzet.eerste_jaar}-01-01")
    peil = dag(opzet.peildatum)
    toegekend = _meldingen_toegekend(rng, ep, tw, eerste)
    niet, n_client = _meldingen_niet_toegekend(rng, toegekend, n_client, opzet.jaren)
    lopend_, n_client = _meldingen_in_onderzoek(rng, toegekend, n_client, opzet.laatste_jaar, peil)
    m = pd.concat([toegekend, *niet, *lopend_], ignore_index=True)
    # Meldingen still in progress at the cut-off.
    for kol in ("datum_aanvraag", "datum_besluit"):
        m.loc[m[kol] > peil, kol] = -1
    lopend = (m["datum_besluit"] < 0) & (m["uitkomst"].isin(["toegekend", "afgewezen"]))
    m.loc[lopend, "uitkomst"] = "lopend"
    m = m[m["datum_melding"] <= peil]
    m = m.sort_values(["datum_melding", "client"], kind="stable", ignore_index=True)
    jaar = pd.to_datetime(m["datum_melding"], unit="D").dt.year
    m["melding_id"] = (
        "M" + jaar.astype(str) + "-" + (m.groupby(jaar).cumcount() + 1).map("{:05d}".format)
    )
    return m, n_client


# --------------------------------------------------------------------------- bevolking, begroting


def _bevolking(naam: str, totalen: dict[int, int]) -> pd.DataFrame:
    """Inhabitants per year and age group; the age shares move linearly over the years."""
    rijen = []
    jaren = sorted(totalen)
    for i, jaar in enumerate(jaren):
        t = i / max(len(jaren) - 1, 1)
        totaal = totalen[jaar]
        jong = int(round(totaal * (AANDEEL_0_17[0] + t * (AANDEEL_0_17[1] - AANDEEL_0_17[0]))))
        oud = int(round(totaal * (AANDEEL_65PLUS[0] + t * (AANDEEL_65PLUS[1] - AANDEEL_65PLUS[0]))))
        for groep, n in (("totaal", totaal), ("0-17", jong), ("18+", totaal - jong), ("65+", oud)):
            rijen.append({"gemeente": naam, "jaar": jaar, "leeftijdsgroep": groep, "aantal": n})
    return pd.DataFrame(rijen)


def _begroting(
    rng: np.random.Generator, kosten: pd.DataFrame, schaal: float, opzet: Opzet
) -> pd.DataFrame:
    """Begroting (primitief, gewijzigd) and realisatie per taakveld and year.

    ``kosten`` holds the declared amounts per jaar, taakveld (2023 code) and wet.
    """
    b_eerste, b_laatste = opzet.begrotingsjaren
    k = kosten.copy()
    k["bedrag"] = k["bedrag"] * (1 + k["wet"].map(PGB_OPSLAG))
    extra = [
        {"jaar": j, "taakveld": "6.81b", "bedrag": OPVANG_PER_JAAR * schaal * prijsindex(j)}
        for j in range(b_eerste, b_laatste + 1)
    ]
    extra += [{"jaar": j, "taakveld": c, "bedrag": b * schaal} for j, c, b, _ in REALISATIE_POSTEN]
    k = pd.concat([k, pd.DataFrame(extra)], ignore_index=True)
    # each year in the code layout of that year (old before 2023, new from 2025)
    k["code"] = [taakveld_in_jaar(c, int(j)) for c, j in zip(k["taakveld"], k["jaar"], strict=True)]
    real = k.groupby(["jaar", "code"], as_index=False)["bedrag"].sum()
    real = real[real["jaar"].between(b_eerste, b_laatste)].reset_index(drop=True)
    jeugd = real["code"].str.match(r"6\.7[2-6]|6\.82|6\.792")
    tekort = np.where(real["jaar"].between(2018, 2021), 0.82, 0.87)
    f_prim = np.where(
        jeugd, tekort * rng.uniform(0.98, 1.02, len(real)), rng.uniform(0.97, 1.03, len(real))
    )
    prim = real["bedrag"] * f_prim
    gew = prim + 0.75 * (real["bedrag"] - prim) * rng.uniform(0.95, 1.05, len(real))
    rijen = []
    for soort, bedrag in (
        ("primitief", np.round(prim, -3)),
        ("gewijzigd", np.round(gew, -3)),
        ("realisatie", np.round(real["bedrag"], 0)),
    ):
        rijen.append(
            pd.DataFrame(
                {
                    "jaar": real["jaar"],
                    "taakveld": real["code"],
                    "omschrijving": [
                        taakveld_naam(c, int(j))
                        for c, j in zip(real["code"], real["jaar"], strict=True)
                    ],
                    "soort": soort,
                    "bedrag_eur": bedrag.astype(float),
                }
            )
        )
    b = pd.concat(rijen, ignore_index=True)
    volgorde = {"primitief": 0, "gewijzigd": 1, "realisatie": 2}
    b = b.assign(_s=b["soort"].map(volgorde))
    return b.sort_values(["jaar", "taakveld", "_s"], ignore_index=True).drop(columns="_s")


# --------------------------------------------------------------------------- tariffs and costs


def _kalibreer_tarieven(
    tw: pd.DataFrame, per: pd.DataFrame, schaal: float
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """Set tariffs (list price x price index x factor per taakveld) and declared amounts.

    The factor makes the declared cost of :data:`KALIBRATIEJAAR` match the Iv3 target
    (scaled); it is clipped to 0,5-2.

    Returns:
        ``tw`` with ``taakveld`` and ``tarief``, ``per`` with ``bedrag`` (euro amounts
        rounded to whole euros), and the factor per taakveld.
    """
    info = PRODUCT_PER_CODE
    tw, per = tw.copy(), per.copy()
    tw["taakveld"] = tw["productcode"].map({c: p.taakveld for c, p in info.items()})
    euro = tw["productcode"].map({c: p.eenheid == "83" for c, p in info.items()}).to_numpy()
    basis = tw["productcode"].map({c: p.tarief_2023 for c, p in info.items()})
    tarief0 = basis * tw["jaar"].map(prijsindex)
    jaar_p = pd.to_datetime(per["periode_start"], unit="D").dt.year.to_numpy()
    kost0 = per["geleverd_volume"].to_numpy() * tarief0.to_numpy()[per["tw"].to_numpy()]
    tv_p = tw["taakveld"].to_numpy()[per["tw"].to_numpy()]
    in_jaar = jaar_p == KALIBRATIEJAAR
    gemeten_per_tv = pd.Series(kost0[in_jaar]).groupby(tv_p[in_jaar]).sum()
    factor = {}
    for tv, doel in IV3_HENGELO_2023_DZD.items():
        gemeten = float(gemeten_per_tv.get(tv, 0.0))
        factor[tv] = (
            1.0
            if doel == 0 or gemeten == 0
            else float(np.clip(doel * 1000 * schaal / gemeten, 0.5, 2.0))
        )
    f_tw = tw["taakveld"].map(factor).to_numpy()
    tw["tarief"] = np.where(euro, 1.0, np.round(tarief0.to_numpy() * f_tw, 2))
    tw["volume"] = np.where(euro, np.round(tw["volume"].to_numpy() * f_tw, 0), tw["volume"])
    f_per = np.where(euro[per["tw"].to_numpy()], f_tw[per["tw"].to_numpy()], 1.0)
    per["geleverd_volume"] = np.where(
        f_per != 1.0, np.round(per["geleverd_volume"] * f_per, 2), per["geleverd_volume"]
    )
    per["bedrag"] = np.round(per["geleverd_volume"] * tw["tarief"].to_numpy()[per["tw"]], 2)
    return tw, per, factor


def _met_creditregels(
    rng: np.random.Generator, per: pd.DataFrame, tarief: np.ndarray
) -> pd.DataFrame:
    """Credit lines: a declaration is credited in full and declared again, lower."""
    kies = np.flatnonzero(
        (rng.random(len(per)) < CREDIT_KANS) & (per["geleverd_volume"].to_numpy() >= 2)
    )
    credit = per.iloc[kies].copy()
    credit["geleverd_volume"] = -credit["geleverd_volume"]
    credit["bedrag"] = -credit["bedrag"]
    opnieuw = per.iloc[kies].copy()
    nieuw_vol = np.where(
        opnieuw["eenheid"] == "04",
        np.rint(opnieuw["geleverd_volume"] * 0.9 * 4) / 4,
        np.floor(opnieuw["geleverd_volume"] * 0.9),
    )
    opnieuw["geleverd_volume"] = nieuw_vol
    opnieuw["bedrag"] = np.round(nieuw_vol * tarief[opnieuw["tw"]], 2)
    return pd.concat([per, credit, opnieuw]).sort_index(kind="stable").reset_index(drop=True)


def _kosten(tw: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
    """Declared amounts per jaar (of the period start), taakveld and wet."""
    jaar_p = pd.to_datetime(per["periode_start"], unit="D").dt.year.to_numpy()
    tv_p = tw["taakveld"].to_numpy()[per["tw"].to_numpy()]
    wet = tw["productcode"].map({c: p.wet for c, p in PRODUCT_PER_CODE.items()}).to_numpy()
    return (
        pd.DataFrame(
            {
                "jaar": jaar_p,
                "taakveld": tv_p,
                "wet": wet[per["tw"].to_numpy()],
                "bedrag": per["bedrag"].to_numpy(),
            }
        )
        .groupby(["jaar", "taakveld", "wet"], as_index=False)["bedrag"]
        .sum()
    )


def _kalibratie(kosten: pd.DataFrame, factor: dict[str, float], schaal: float) -> pd.DataFrame:
    """Declared cost of the calibration year per taakveld against the Iv3 target."""
    k = kosten[kosten["jaar"] == KALIBRATIEJAAR].set_index("taakveld")["bedrag"]
    kal = pd.DataFrame({"taakveld": list(IV3_HENGELO_2023_DZD)})
    kal["iv3_2023_eur"] = kal["taakveld"].map(IV3_HENGELO_2023_DZD) * 1000.0 * schaal
    kal["demo_2023_eur"] = kal["taakveld"].map(k).fillna(0.0)
    kal["verschil_procent"] = np.where(
        kal["iv3_2023_eur"] > 0,
        100 * (kal["demo_2023_eur"] / kal["iv3_2023_eur"].where(kal["iv3_2023_eur"] > 0) - 1),
        np.nan,
    )
    kal["tarieffactor"] = kal["taakveld"].map(factor)
    return kal


# --------------------------------------------------------------------------- the whole gemeente


@dataclass
class DemoResultaat:
    """Everything one generation produces.

    Attributes:
        tabellen: Raw tables as written (see :func:`genereer_demo`).
        fouten: The deliberately bad rows: ``bestand``, ``regel`` (line in the file,
            header = 1), ``kolom``, ``fout``.
        kalibratie: Declared cost 2023 per taakveld against the Iv3 2023 target
            (``iv3_2023_eur`` scaled, ``demo_2023_eur``, ``verschil_procent``,
            ``tarieffactor``).
        schaal: Size relative to the demo (1.0 = full size).
        schoon: The clean tables before formatting: ``toewijzingen`` (day numbers since
            1970-01-01 in ``ingang``/``einde``, ``einde`` -1 = open), ``declaraties`` and
            ``meldingen`` (day numbers, -1 = empty), with internal client numbers.
        opzet: The gemeente's name, years and products.
    """

    tabellen: dict[str, pd.DataFrame]
    fouten: list[dict]
    kalibratie: pd.DataFrame
    schaal: float
    schoon: dict[str, pd.DataFrame]
    opzet: Opzet = DEMO_OPZET


def bouw_demo(
    seed: int | None = None, clients: int | None = None, opzet: Opzet | None = None
) -> DemoResultaat:
    """Generate a synthetic gemeente and keep the clean tables, calibration and error list.

    Args:
        seed: Random seed (default ``instellingen.DEMO_SEED``).
        clients: Approximate number of distinct clients; ``None`` = the demo's full size
            (about :data:`sdanalysis.demo.model.VOLLEDIG_AANTAL_CLIENTEN`).
        opzet: Name, years and products (default: the demo gemeente).

    Returns:
        :class:`DemoResultaat`.

    Raises:
        ValueError: when ``clients`` is below 200.

    >>> r = bouw_demo(clients=600)
    >>> 20 <= len(r.fouten) <= 40
    True
    """
    if clients is not None and clients < 200:
        raise ValueError(
            f"clients moet minstens 200 zijn (kleiner geeft te weinig cliënten per "
            f"categorie), niet {clients}."
        )
    seed = instellingen.DEMO_SEED if seed is None else seed
    opzet = DEMO_OPZET if opzet is None else opzet
    schaal = 1.0 if clients is None else clients / VOLLEDIG_AANTAL_CLIENTEN
    rng = np.random.default_rng(seed)
    ep = _episodes(rng, schaal, opzet)
    ep["client"] = _koppel_clienten(rng, ep)
    tw = _toewijzingen(rng, ep, opzet)
    per = _perioden(tw, DECLARATIE_PERIODE, opzet.peildatum)
    tw, per, factor = _kalibreer_tarieven(tw, per, schaal)
    per = _met_creditregels(rng, per, tw["tarief"].to_numpy())
    # BSNs: one per client (also for people whose melding did not lead to care).
    meld, n_client = _meldingen(rng, ep, tw, int(ep["client"].max()) + 1, opzet)
    bsn = _bsn_reeks(rng, n_client)
    kosten = _kosten(tw, per)
    begroting = _begroting(rng, kosten, schaal, opzet)

    tabellen, fouten = naar_ruw(rng, tw, per, meld, bsn, opzet)
    tabellen["productcodes"] = productcodes_tabel(
        p for p in PRODUCTEN if p.productcode in opzet.productcodes
    )
    tabellen["bevolking"] = _bevolking(opzet.naam, dict(opzet.bevolking))
    tabellen["begroting_demo"] = begroting
    return DemoResultaat(
        tabellen=tabellen,
        fouten=fouten,
        kalibratie=_kalibratie(kosten, factor, schaal),
        schaal=schaal,
        schoon={"toewijzingen": tw, "declaraties": per, "meldingen": meld},
        opzet=opzet,
    )


def genereer_demo(seed: int | None = None, clients: int | None = None) -> dict[str, pd.DataFrame]:
    r"""Generate the synthetic demo gemeente as raw tables, exactly as they are exported.

    Keys are file names without extension (``toewijzingen_2019``, ``declaraties_2019``,
    ``meldingen``, ``productcodes``, ``bevolking``, ``begroting_demo``). The CSV tables
    hold text as written (dates ``dd-mm-jjjj``, decimal comma, canonical column names;
    :func:`sdanalysis.demo.schrijf.schrijf_demo` gives the 2015-2017 exports the old
    system's headers). The ``begroting_demo`` table holds numbers (written as Excel with a
    title and totals row).

    Args:
        seed: Random seed; the same seed gives the same tables.
        clients: Approximate number of distinct clients over 2015-2024; ``None`` is the
            demo's full size.

    Returns:
        Dict of raw tables, including 24 deliberately bad rows (see README).

    Raises:
        ValueError: when ``clients`` is below 200.

    >>> t = genereer_demo(clients=600)
    >>> list(t["toewijzingen_2019"].columns[:4])
    ['toewijzingnummer', 'bsn', 'wet', 'productcategorie']
    >>> bool(t["toewijzingen_2019"]["productcategorie"].str.fullmatch(r"\d\d").all())
    True
    """
    return bouw_demo(seed, clients).tabellen
