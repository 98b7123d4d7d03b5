"""Turn the clean synthetic tables into exported text, with deliberately bad rows.

A real export is text: dates as ``dd-mm-jjjj``, decimal commas, one file per year, the
old system's headers in early years, and a handful of rows that a data-quality check
must catch (impossible dates, unknown codes, duplicates, invalid BSNs, a totals row).
:func:`naar_ruw` does all of that; the list of bad rows it returns is what the README
documents and what the tests check against the build's quarantine.

>>> list(_fmt_datum(np.array([0, -1, 19_000])))
['01-01-1970', '', '08-01-2022']
>>> list(_fmt_getal(np.array([3.5, 7.0]), vast=False)), list(_fmt_getal(np.array([3.5])))
(['3,5', '7'], ['3,50'])
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
import pandas as pd

from sdanalysis.demo.model import DEMO_OPZET, INDEXJAAR_0, PRODUCT_PER_CODE, Aanbieder, Opzet

#: Headers of the old system's toewijzingen export (canonical name -> header).
KOP_TOEWIJZINGEN_OUD = {
    "toewijzingnummer": "Beschikkingnummer",
    "bsn": "BSN",
    "wet": "Wet",
    "productcategorie": "Product categorie",
    "productcode": "Productcode",
    "aanbieder_agb": "AGB code",
    "aanbieder_naam": "Naam aanbieder",
    "ingangsdatum": "Startdatum",
    "einddatum": "Einddatum",
    "volume": "Omvang",
    "eenheid": "Eenheid",
    "frequentie": "Frequentie",
    "tarief_eur": "Tarief",
}
#: Headers of the old system's declaraties export.
KOP_DECLARATIES_OUD = {
    "toewijzingnummer": "Toewijzingsnummer",
    "periode_start": "Prestatie begindatum",
    "periode_eind": "Prestatie einddatum",
    "geleverd_volume": "Geleverde eenheden",
    "eenheid": "Eenheid",
    "bedrag_eur": "Declaratiebedrag",
}
#: Headers of the case system's meldingen export (every year).
KOP_MELDINGEN = {
    "melding_id": "Zaaknummer",
    "bsn": "BSN",
    "wet": "Wet",
    "datum_melding": "Meldingsdatum",
    "datum_aanvraag": "Aanvraagdatum",
    "datum_besluit": "Besluitdatum",
    "uitkomst": "Resultaat",
}


def exportkop(naam: str, oude_systeem_jaren: tuple[int, ...]) -> dict[str, str]:
    """Headers of one export file: canonical column name -> header as exported.

    Args:
        naam: File name without extension (``toewijzingen_2016``, ``meldingen``).
        oude_systeem_jaren: Years whose exports come from the old system.

    Returns:
        The renaming to apply before writing (empty: canonical names).

    >>> exportkop("toewijzingen_2016", (2016,))["toewijzingnummer"]
    'Beschikkingnummer'
    >>> exportkop("toewijzingen_2018", (2016,))
    {}
    """
    jaar = naam.rsplit("_", 1)[-1]
    oud = jaar.isdigit() and int(jaar) in oude_systeem_jaren
    if naam.startswith("toewijzingen_") and oud:
        return KOP_TOEWIJZINGEN_OUD
    if naam.startswith("declaraties_") and oud:
        return KOP_DECLARATIES_OUD
    if naam == "meldingen":
        return KOP_MELDINGEN
    return {}


def _fmt_datum(dagen: np.ndarray) -> np.ndarray:
    """Day numbers as ``dd-mm-jjjj``; negative = empty."""
    dagen = np.asarray(dagen, dtype=np.int64)
    iso = np.datetime_as_string(np.maximum(dagen, 0).astype("datetime64[D]"))
    s = pd.Series(iso)
    uit = (s.str[8:10] + "-" + s.str[5:7] + "-" + s.str[0:4]).to_numpy(dtype=object)
    uit[dagen < 0] = ""
    return uit


def _fmt_getal(x: np.ndarray, decimalen: int = 2, vast: bool = True) -> np.ndarray:
    """Numbers with a decimal comma; ``vast=False`` drops trailing zeros (``3,5``, ``7``)."""
    uit = []
    for v in np.asarray(x, dtype=float):
        t = f"{v:.{decimalen}f}"
        if not vast and "." in t:
            t = t.rstrip("0").rstrip(".")
        uit.append(t.replace(".", ","))
    return np.array(uit, dtype=object)


def _voeg_in(
    rng: np.random.Generator,
    df: pd.DataFrame,
    rij: dict,
    fout: str,
    kolom: str,
    achteraan: bool = False,
    na: int = 1,
) -> pd.DataFrame:
    """Insert one (bad) row at a random place (from position ``na``), marked in ``_fout``."""
    rij = {**rij, "_fout": fout, "_kolom": kolom}
    na = min(max(na, 1), len(df))
    pos = len(df) if achteraan else int(rng.integers(na, max(na + 1, len(df))))
    nieuw = pd.DataFrame([rij], columns=df.columns)
    return pd.concat([df.iloc[:pos], nieuw, df.iloc[pos:]], ignore_index=True)


def _tekst_tabellen(
    tw: pd.DataFrame,
    per: pd.DataFrame,
    meld: pd.DataFrame,
    bsn: np.ndarray,
    aanbieders: tuple[Aanbieder, ...],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Toewijzingen, declaraties and meldingen as exported text (all columns strings)."""
    info = PRODUCT_PER_CODE
    aanb = tw["aanbieder"].to_numpy()
    code = tw["productcode"]
    t = pd.DataFrame(
        {
            "toewijzingnummer": tw["toewijzingnummer"].to_numpy(),
            "bsn": np.array([f"{b:09d}" for b in bsn[tw["client"].to_numpy()]], dtype=object),
            "wet": code.map({c: p.wet for c, p in info.items()}).to_numpy(),
            "productcategorie": code.str[:2].to_numpy(),
            "productcode": code.to_numpy(),
            "aanbieder_agb": np.array([aanbieders[a].agb for a in aanb], dtype=object),
            "aanbieder_naam": np.array([aanbieders[a].naam for a in aanb], dtype=object),
            "ingangsdatum": _fmt_datum(tw["ingang"].to_numpy()),
            "einddatum": _fmt_datum(tw["einde"].to_numpy()),
            "volume": _fmt_getal(tw["volume"].to_numpy(), 2, vast=False),
            "eenheid": code.map({c: p.eenheid for c, p in info.items()}).to_numpy(),
            "frequentie": code.map({c: p.frequentie for c, p in info.items()}).to_numpy(),
            "tarief_eur": _fmt_getal(tw["tarief"].to_numpy(), 2),
            "_fout": "",
            "_kolom": "",
        }
    )
    d = pd.DataFrame(
        {
            "toewijzingnummer": tw["toewijzingnummer"].to_numpy()[per["tw"].to_numpy()],
            "periode_start": _fmt_datum(per["periode_start"].to_numpy()),
            "periode_eind": _fmt_datum(per["periode_eind"].to_numpy()),
            "geleverd_volume": _fmt_getal(per["geleverd_volume"].to_numpy(), 2, vast=False),
            "eenheid": per["eenheid"].to_numpy(),
            "bedrag_eur": _fmt_getal(per["bedrag"].to_numpy(), 2),
            "_fout": "",
            "_kolom": "",
        }
    )
    m = pd.DataFrame(
        {
            "melding_id": meld["melding_id"].to_numpy(),
            "bsn": np.array([f"{b:09d}" for b in bsn[meld["client"].to_numpy()]], dtype=object),
            "wet": meld["wet"].to_numpy(),
            "datum_melding": _fmt_datum(meld["datum_melding"].to_numpy()),
            "datum_aanvraag": _fmt_datum(meld["datum_aanvraag"].to_numpy()),
            "datum_besluit": _fmt_datum(meld["datum_besluit"].to_numpy()),
            "uitkomst": meld["uitkomst"].to_numpy(),
            "_fout": "",
            "_kolom": "",
        }
    )
    return t, d, m


class _Vervuiler:
    """Inserts bad rows into the text tables, in a fixed order (one random stream).

    The plan of bad rows names demo years (2015-2024); :meth:`jaar` maps them onto the
    years of the gemeente at hand (the identity for the demo).
    """

    def __init__(
        self, rng: np.random.Generator, tabellen: dict[str, pd.DataFrame], jaren: Iterable[int]
    ) -> None:
        self.rng = rng
        self.tabellen = tabellen
        self._jaren = tuple(jaren)
        self._teller = itertools.count(1)

    def jaar(self, demojaar: int) -> int:
        """The gemeente's year that plays the part of ``demojaar`` in the plan."""
        return self._jaren[(demojaar - INDEXJAAR_0) % len(self._jaren)]

    def kopie(self, naam: str) -> dict:
        """A random good row of table ``naam``."""
        df = self.tabellen[naam]
        bron = df[df["_fout"] == ""]
        return bron.iloc[int(self.rng.integers(0, len(bron)))].to_dict()

    def nieuw_nr(self, jaar: int) -> str:
        """A toewijzingnummer that no clean row uses."""
        return f"T{jaar}9{next(self._teller):05d}"

    def voeg(
        self, naam: str, rij: dict, fout: str, kolom: str, achteraan: bool = False, na: int = 1
    ) -> None:
        """Insert ``rij`` into table ``naam``, marked with its error."""
        self.tabellen[naam] = _voeg_in(
            self.rng, self.tabellen[naam], rij, fout, kolom, achteraan, na
        )


def _fout_bsn(b: str) -> str:
    """The BSN with its last digit changed, so that the elfproef fails."""
    return b[:8] + str((int(b[8]) + 3) % 10)


def _fouten_datums_en_codes(v: _Vervuiler) -> None:
    """Impossible dates, einddatum before ingangsdatum, unknown productcategorie and wet."""
    for demojaar, datum in ((2019, "31-02-{}"), (2018, "15-13-{}")):
        j = v.jaar(demojaar)
        r = v.kopie(f"toewijzingen_{j}")
        v.voeg(
            f"toewijzingen_{j}",
            {**r, "toewijzingnummer": v.nieuw_nr(j), "ingangsdatum": datum.format(j)},
            "onmogelijke datum",
            "ingangsdatum",
        )
    for j in map(v.jaar, (2017, 2020, 2022)):
        r = v.kopie(f"toewijzingen_{j}")
        ingang = r["ingangsdatum"]
        dag = np.datetime64(f"{ingang[6:]}-{ingang[3:5]}-{ingang[:2]}") - np.timedelta64(30, "D")
        v.voeg(
            f"toewijzingen_{j}",
            {
                **r,
                "toewijzingnummer": v.nieuw_nr(j),
                "einddatum": _fmt_datum(np.array([dag.astype(np.int64)]))[0],
            },
            "einddatum voor ingangsdatum",
            "einddatum",
        )
    for j in map(v.jaar, (2016, 2021)):
        r = v.kopie(f"toewijzingen_{j}")
        v.voeg(
            f"toewijzingen_{j}",
            {**r, "toewijzingnummer": v.nieuw_nr(j), "productcategorie": "99"},
            "onbekende productcategorie",
            "productcategorie",
        )
    j = v.jaar(2022)
    r = v.kopie(f"toewijzingen_{j}")
    v.voeg(
        f"toewijzingen_{j}",
        {**r, "toewijzingnummer": v.nieuw_nr(j), "wet": "WLZ"},
        "onbekende wet",
        "wet",
    )


def _fouten_dubbel_en_bsn(v: _Vervuiler) -> None:
    """Identical duplicates, one number with two contents, and BSNs failing the elfproef."""
    for j in map(v.jaar, (2018, 2018, 2023)):
        naam = f"toewijzingen_{j}"
        r = v.kopie(naam)
        plek = int(np.flatnonzero(v.tabellen[naam]["toewijzingnummer"] == r["toewijzingnummer"])[0])
        # the copy comes after the original, as a second export run appended it
        v.voeg(naam, r, "dubbele regel (identiek)", "toewijzingnummer", na=plek + 1)
    for j in map(v.jaar, (2020, 2024)):
        r = v.kopie(f"toewijzingen_{j}")
        vol = float(r["volume"].replace(",", ".")) + 1
        v.voeg(
            f"toewijzingen_{j}",
            {**r, "volume": _fmt_getal(np.array([vol]), 2, False)[0]},
            "dubbel toewijzingnummer met andere inhoud",
            "toewijzingnummer",
        )
    for j in map(v.jaar, (2017, 2023)):
        r = v.kopie(f"toewijzingen_{j}")
        v.voeg(
            f"toewijzingen_{j}",
            {**r, "toewijzingnummer": v.nieuw_nr(j), "bsn": _fout_bsn(r["bsn"])},
            "BSN zonder geldige elfproef",
            "bsn",
        )


def _fouten_declaraties(v: _Vervuiler, per: pd.DataFrame, d_jaar: np.ndarray) -> None:
    """Unreadable amounts, an impossible date, unknown toewijzingen and a totals row."""
    for demojaar, waarde in ((2019, "#WAARDE!"), (2021, "n.v.t."), (2023, "12,50,00")):
        naam = f"declaraties_{v.jaar(demojaar)}"
        r = v.kopie(naam)
        v.voeg(naam, {**r, "bedrag_eur": waarde}, "onleesbaar bedrag", "bedrag_eur")
    j = v.jaar(2021)
    r = v.kopie(f"declaraties_{j}")
    v.voeg(
        f"declaraties_{j}",
        {**r, "periode_start": f"00-00-{j}"},
        "onmogelijke datum",
        "periode_start",
    )
    for j in map(v.jaar, (2016, 2022)):
        r = v.kopie(f"declaraties_{j}")
        v.voeg(
            f"declaraties_{j}",
            {**r, "toewijzingnummer": f"T{j}999999"},
            "toewijzingnummer onbekend",
            "toewijzingnummer",
        )
    j = v.jaar(2020)
    som = per.loc[d_jaar == j, "bedrag"].sum()
    v.voeg(
        f"declaraties_{j}",
        {
            "toewijzingnummer": "Totaal",
            "periode_start": "",
            "periode_eind": "",
            "geleverd_volume": "",
            "eenheid": "",
            "bedrag_eur": _fmt_getal(np.array([som]), 2)[0],
        },
        "totaalregel",
        "toewijzingnummer",
        achteraan=True,
    )


def _fouten_meldingen(v: _Vervuiler) -> None:
    """A BSN failing the elfproef and an impossible date in the meldingen."""
    j = v.jaar(2020)
    r = v.kopie("meldingen")
    v.voeg(
        "meldingen",
        {**r, "melding_id": f"M{j}-99001", "bsn": _fout_bsn(r["bsn"])},
        "BSN zonder geldige elfproef",
        "bsn",
    )
    r = v.kopie("meldingen")
    v.voeg(
        "meldingen",
        {**r, "melding_id": f"M{j}-99002", "datum_melding": f"31-11-{j}"},
        "onmogelijke datum",
        "datum_melding",
    )


def _foutenlijst(tabellen: dict[str, pd.DataFrame]) -> list[dict]:
    """The marked rows (file, line with header = 1, column, error); drops the marks."""
    fouten = []
    for naam, df in tabellen.items():
        for i in np.flatnonzero(df["_fout"].to_numpy() != ""):
            fouten.append(
                {
                    "bestand": f"{naam}.csv",
                    "regel": int(i) + 2,
                    "kolom": df["_kolom"].iat[i],
                    "fout": df["_fout"].iat[i],
                }
            )
        tabellen[naam] = df.drop(columns=["_fout", "_kolom"])
    return fouten


def naar_ruw(
    rng: np.random.Generator,
    tw: pd.DataFrame,
    per: pd.DataFrame,
    meld: pd.DataFrame,
    bsn: np.ndarray,
    opzet: Opzet = DEMO_OPZET,
) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Format the clean tables as exported text, split per year, and add the bad rows.

    Args:
        rng: The generation's random stream (used for the bad rows).
        tw: Clean toewijzingen (see :class:`sdanalysis.demo.genereer.DemoResultaat`).
        per: Clean declaraties (periods with volume and amount, ``tw`` = row of ``tw``).
        meld: Clean meldingen.
        bsn: BSN per internal client number.
        opzet: The gemeente's years and providers.

    Returns:
        Text tables per file name without extension (``toewijzingen_<jaar>``,
        ``declaraties_<jaar>``, ``meldingen``) and the list of bad rows (``bestand``,
        ``regel``, ``kolom``, ``fout``).
    """
    t, d, m = _tekst_tabellen(tw, per, meld, bsn, opzet.aanbieders)
    t_jaar = tw["jaar"].to_numpy()
    d_jaar = pd.to_datetime(per["periode_start"], unit="D").dt.year.to_numpy()
    tabellen: dict[str, pd.DataFrame] = {}
    for jaar in opzet.jaren:
        tabellen[f"toewijzingen_{jaar}"] = t[t_jaar == jaar].reset_index(drop=True)
    for jaar in opzet.jaren:
        tabellen[f"declaraties_{jaar}"] = d[d_jaar == jaar].reset_index(drop=True)
    tabellen["meldingen"] = m

    v = _Vervuiler(rng, tabellen, opzet.jaren)
    _fouten_datums_en_codes(v)
    _fouten_dubbel_en_bsn(v)
    _fouten_declaraties(v, per, d_jaar)
    _fouten_meldingen(v)
    return tabellen, _foutenlijst(tabellen)
