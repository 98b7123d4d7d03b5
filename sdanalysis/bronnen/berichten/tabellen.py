"""Which elements of which message go to which table, and the rules between messages.

One *eenheid* (unit) of a message becomes one row: a ``ToegewezenProduct`` of a 301, a
``StartProduct`` of a 305, a ``Prestatie`` of a 323. A unit is the smallest part that is
accepted or quarantined on its own; its position in the file is the ``rij`` of the
quarantine. Fields are named by their path of local element names below the unit
(``Omvang/Volume``), or below an ancestor (``Client::Bsn``), so iJw and iWmo read alike.
Names, addresses, telephone numbers, e-mail, relations and ``Commentaar`` are never read.

After validation the rules between messages are applied here:

- a later 301 for the same ToewijzingNummer supersedes the earlier one
  (:func:`vervang_toewijzingen`); every version stays in ``toewijzingen_historie``;
- 305/307 honour StatusAanlevering (:func:`verwerk_aanleveringen`): 2 corrects, 3 removes.

>>> EENHEDEN["301"][0].element, EENHEDEN["323"][0].tabel
('ToegewezenProduct', 'declaraties')
>>> leeftijdsgroep(pd.Timestamp("2010-02-14"), pd.Timestamp("2026-04-01"))
'0-17'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sdanalysis import instellingen

_PRODUCT = {"productcategorie": "Product/Categorie", "productcode": "Product/Code"}
_OMVANG = {
    "volume": "Omvang/Volume",
    "eenheid": "Omvang/Eenheid",
    "frequentie": "Omvang/Frequentie",
}


@dataclass(frozen=True)
class Eenheid:
    """One kind of unit in a message type and how it becomes a row.

    Attributes:
        tabel: Target table.
        element: Local name of the unit element.
        velden: Column → path below the unit, or ``Voorouder::pad`` below an ancestor.
        vast: Columns with a fixed value (``soort``).
        peildatum: Column whose date sets the age group (``None``: no age group).
        meta: Columns read for the rules between messages and the history, not for the
            contract table.
    """

    tabel: str
    element: str
    velden: dict[str, str]
    vast: dict[str, str] = field(default_factory=dict)
    peildatum: str | None = None
    meta: tuple[str, ...] = ()


EENHEDEN: dict[str, tuple[Eenheid, ...]] = {
    "301": (
        Eenheid(
            "toewijzingen",
            "ToegewezenProduct",
            {
                "toewijzingnummer": "ToewijzingNummer",
                **_PRODUCT,
                "ingangsdatum": "Ingangsdatum",
                "einddatum": "Einddatum",
                **_OMVANG,
                "toewijzingsdatum": "Toewijzingsdatum",
                "toewijzingstijd": "Toewijzingstijd",
                "reden_wijziging": "RedenWijziging",
                "budget_cent": "Budget",
                "referentie_aanbieder": "ReferentieAanbieder",
            },
            peildatum="ingangsdatum",
            meta=(
                "toewijzingsdatum",
                "toewijzingstijd",
                "reden_wijziging",
                "budget_cent",
                "referentie_aanbieder",
                "leeftijdsgroep",
                "gemeentecode",
            ),
        ),
    ),
    "305": (
        Eenheid(
            "zorgmutaties",
            "StartProduct",
            {
                "toewijzingnummer": "ToewijzingNummer",
                **_PRODUCT,
                "begindatum": "Begindatum",
                "status_aanlevering": "StatusAanlevering",
            },
            vast={"soort": "start"},
            peildatum="begindatum",
        ),
    ),
    "307": (
        Eenheid(
            "zorgmutaties",
            "StopProduct",
            {
                "toewijzingnummer": "ToewijzingNummer",
                **_PRODUCT,
                "begindatum": "Begindatum",
                "einddatum": "Einddatum",
                "reden_beeindiging": "RedenBeeindiging",
                "status_aanlevering": "StatusAanlevering",
            },
            vast={"soort": "stop"},
            peildatum="einddatum",
        ),
    ),
    "315": (
        Eenheid(
            "verzoeken",
            "AangevraagdProduct",
            {
                "referentie_aanbieder": "ReferentieAanbieder",
                **_PRODUCT,
                "ingangsdatum": "ToewijzingIngangsdatum",
                "einddatum": "ToewijzingEinddatum",
                **_OMVANG,
                "verwijzer_type": "Verwijzer/Type",
            },
            vast={"soort": "toewijzing"},
            peildatum="datum_verzoek",
        ),
    ),
    "317": tuple(
        Eenheid(
            "verzoeken",
            element,
            {
                "referentie_aanbieder": "Verzoek::ReferentieAanbieder",
                "reden_verzoek": "Verzoek::RedenVerzoek",
                "toewijzingnummer": "ToewijzingNummer",
                **_PRODUCT,
                "ingangsdatum": "GewensteIngangsdatum",
                "einddatum": "Einddatum",
                **_OMVANG,
            },
            vast={"soort": "wijziging"},
            peildatum="datum_verzoek",
        )
        for element in ("TeWijzigenProduct", "NieuwProduct")
    ),
    "319": (
        Eenheid(
            "verzoekantwoorden",
            "Antwoord",
            {
                "referentie_aanbieder": "ReferentieAanbieder",
                "verzoek_antwoord": "VerzoekAntwoord",
                "reden_afwijzing": "RedenAfwijzingVerzoek",
            },
        ),
    ),
    "323": (
        Eenheid(
            "declaraties",
            "Prestatie",
            {
                "toewijzingnummer": "ToewijzingNummer",
                "periode_start": "ProductPeriode/Begindatum",
                "periode_eind": "ProductPeriode/Einddatum",
                "geleverd_volume": "GeleverdVolume",
                "eenheid": "Eenheid",
                "bedrag_cent": "IngediendBedrag/Bedrag",
                "debet_credit": "IngediendBedrag/DebetCredit",
                "productcategorie": "ProductCategorie",
                "productcode": "ProductCode",
                "tarief_cent": "ProductTarief",
                "declaratienummer": "Declaratie::DeclaratieNummer",
            },
            meta=("productcategorie", "productcode", "tarief_cent", "declaratienummer"),
        ),
    ),
}

#: Messages sent by the gemeente (the aanbieder is the receiver); the others come from the
#: aanbieder (the aanbieder is the sender).
VAN_GEMEENTE = frozenset({"301", "319"})

#: VerzoekAntwoord (319) in words.
VERZOEK_ANTWOORD = {"1": "afgewezen", "2": "in onderzoek"}

#: Table of every version of every toewijzing read from 301 messages (audit).
HISTORIE_TABEL = "toewijzingen_historie"


def leeftijdsgroep(geboren: pd.Timestamp | None, op: pd.Timestamp | None) -> str | None:
    """Age group (``instellingen.BERICHT_LEEFTIJDSGROEPEN``) at date ``op``; None if unknown.

    >>> leeftijdsgroep(pd.Timestamp("2008-04-02"), pd.Timestamp("2026-04-01"))
    '0-17'
    >>> leeftijdsgroep(pd.Timestamp("2008-04-01"), pd.Timestamp("2026-04-01"))
    '18-22'
    >>> leeftijdsgroep(None, pd.Timestamp("2026-04-01")) is None
    True
    """
    if geboren is None or op is None or pd.isna(geboren) or pd.isna(op):
        return None
    leeftijd = op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))
    for van, tot, naam in instellingen.BERICHT_LEEFTIJDSGROEPEN:
        if leeftijd >= van and (tot is None or leeftijd <= tot):
            return naam
    return None


def leeftijdsgroepen(geboren: pd.Series, op: pd.Series) -> pd.Series:
    """:func:`leeftijdsgroep` for whole columns (NA where a date is missing).

    >>> leeftijdsgroepen(pd.Series(pd.to_datetime(["2008-04-02", "1950-01-01", None])),
    ...                  pd.Series(pd.to_datetime(["2026-04-01"] * 3))).tolist()
    ['0-17', '65+', <NA>]
    """
    geboren, op = pd.to_datetime(geboren), pd.to_datetime(op)
    later = (op.dt.month < geboren.dt.month) | (
        (op.dt.month == geboren.dt.month) & (op.dt.day < geboren.dt.day)
    )
    leeftijd = op.dt.year - geboren.dt.year - later.astype(int)
    uit = pd.Series(pd.NA, index=geboren.index, dtype="string")
    for van, tot, naam in instellingen.BERICHT_LEEFTIJDSGROEPEN:
        m = (leeftijd >= van) & ((leeftijd <= tot) if tot is not None else True)
        uit[m.fillna(False).astype(bool)] = naam
    return uit


def bedrag_eur(cent: object, debet_credit: object) -> float | None:
    """Eurocent as in the standard → euro; credit (``C``) negative; missing stays missing.

    >>> bedrag_eur("1250", "D"), bedrag_eur("5000", "C"), bedrag_eur(None, "D")
    (12.5, -50.0, None)
    """
    if cent is None or pd.isna(cent) or str(cent).strip() == "":
        return None
    try:
        waarde = int(str(cent).strip()) / 100
    except ValueError:
        return None
    return -waarde if str(debet_credit).strip().upper() == "C" else waarde


# --------------------------------------------------------------------------- between messages


def _volgorde(meta: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    """Rows in the order they took effect: message date, ``extra`` columns, reading order."""
    kolommen = ["datum_bericht", *extra, "volgorde"]
    return meta.sort_values(kolommen, kind="stable", na_position="first")


def vervang_toewijzingen(tw: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Which 301 rows are superseded by a later 301 for the same ToewijzingNummer.

    Args:
        tw: Accepted 301 rows with ``toewijzingnummer``, ``datum_bericht``,
            ``toewijzingsdatum``, ``toewijzingstijd``, ``volgorde``, ``bronbestand``.

    Returns:
        A boolean Series (index of ``tw``): True for superseded rows; and ``tw`` with the
        columns ``versie`` (1, 2, … per ToewijzingNummer), ``actueel`` and ``vervangen_door``
        (file of the next version), the history.

    >>> tw = pd.DataFrame({"toewijzingnummer": ["1", "1", "2"],
    ...     "datum_bericht": pd.to_datetime(["2026-05-01", "2026-04-01", "2026-04-01"]),
    ...     "toewijzingsdatum": pd.NaT, "toewijzingstijd": None, "volgorde": [1, 2, 3],
    ...     "bronbestand": ["b.xml", "a.xml", "a.xml"]})
    >>> weg, hist = vervang_toewijzingen(tw)
    >>> weg.tolist(), hist["versie"].tolist(), hist["vervangen_door"].tolist()
    ([False, True, False], [2, 1, 1], [<NA>, 'b.xml', <NA>])
    """
    geordend = _volgorde(tw, ["toewijzingsdatum", "toewijzingstijd"])
    groep = geordend.groupby("toewijzingnummer", sort=False)
    versie = groep.cumcount() + 1
    volgende = groep["bronbestand"].shift(-1)
    hist = tw.assign(
        versie=versie.reindex(tw.index).astype("Int64"),
        vervangen_door=volgende.reindex(tw.index).astype("string"),
    )
    weg = hist["vervangen_door"].notna()
    hist["actueel"] = ~weg
    return weg, hist


_REDEN_STATUS = {
    "2": "gecorrigeerd door een latere aanlevering (status 2) van {datum} in {bestand}",
    "3": "verwijderd door een aanlevering met status 3 van {datum} in {bestand}",
}


def verwerk_aanleveringen(zm: pd.DataFrame) -> pd.Series:
    """Apply StatusAanlevering of 305/307: the reason why a row does not count, or NA.

    A row with status 1 (or 9) is a delivery; status 2 replaces the earlier delivery with the
    same key (toewijzingnummer, soort, begindatum); status 3 removes it, and the removal
    itself is not a row of the table. A later delivery with status 1 for a key that is
    already there also replaces it.

    Args:
        zm: Accepted 305/307 rows with the key, ``status_aanlevering``, ``datum_bericht``,
            ``volgorde`` and ``bronbestand``.

    Returns:
        Reason per row (index of ``zm``) why it is taken out; NA for rows that stay.

    >>> zm = pd.DataFrame({"toewijzingnummer": ["1", "1", "2"], "soort": "start",
    ...     "begindatum": pd.to_datetime(["2026-04-03"] * 3), "status_aanlevering": ["1", "3", "2"],
    ...     "datum_bericht": pd.to_datetime(["2026-04-05", "2026-04-09", "2026-04-09"]),
    ...     "volgorde": [1, 2, 3], "bronbestand": ["a.xml", "b.xml", "b.xml"]})
    >>> verwerk_aanleveringen(zm).notna().tolist()
    [True, True, False]
    """
    reden = pd.Series(pd.NA, index=zm.index, dtype="string")
    staat: dict[tuple, object] = {}
    for i, r in _volgorde(zm, []).iterrows():
        sleutel = (r["toewijzingnummer"], r["soort"], r["begindatum"])
        status = str(r["status_aanlevering"]) if pd.notna(r["status_aanlevering"]) else "1"
        datum = "" if pd.isna(r["datum_bericht"]) else f"{r['datum_bericht']:%d-%m-%Y}"
        vorige = staat.pop(sleutel, None)
        if vorige is not None:
            tekst = _REDEN_STATUS.get(
                status, "vervangen door een latere aanlevering van {datum} in {bestand}"
            )
            reden[vorige] = tekst.format(datum=datum, bestand=r["bronbestand"])
        if status == "3":
            reden[i] = (
                "verwijderopdracht (status 3) verwerkt"
                if vorige is not None
                else "verwijderopdracht (status 3) zonder eerdere aanlevering met deze sleutel"
            )
        else:
            staat[sleutel] = i
    return reden
