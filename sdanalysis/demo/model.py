"""The model of the synthetic demo gemeente: products, providers and parameters.

Everything here is SYNTHETIC: product codes, providers, AGB codes and behaviour are
invented (the categories and units follow the iStandaarden). The demo is modelled on a
gemeente the size of :data:`DEMO_GEMEENTE`: its calibration target is that gemeente's
real Iv3 jaarrekening 2023 (:data:`IV3_HENGELO_2023_DZD`) and its population series
(:data:`BEVOLKING_TOTAAL`). Which gemeente, which years and which products one
generation uses is an :class:`Opzet`; the demo's is :data:`DEMO_OPZET`.

>>> DEMO_OPZET.jaren[0], DEMO_OPZET.jaren[-1], DEMO_OPZET.peildatum
(2015, 2024, '2024-12-31')
>>> PRODUCT_PER_CODE["43L01"].categorie
'Verblijf LVG'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: The gemeente the demo is modelled on; written into the demo's bevolking and begroting.
DEMO_GEMEENTE = "Hengelo"


@dataclass(frozen=True)
class Product:
    """One modelled product: a categorie with its codes, unit, price and shape.

    Attributes:
        categorie: Analysis category (as in ``productcodes.csv``).
        wet: ``"WMO"`` or ``"JW"``.
        productcategorie: iStandaard productcategorie, two digits.
        productcode: Invented regional productcode (5 characters).
        omschrijving: Dutch product description.
        taakveld: Iv3 taakveld (indeling 2023-2024).
        eenheid: WJ756 unit code.
        frequentie: WMO757 frequency code.
        volume: Typical volume per frequency (low, high); drawn uniform, rounded.
        tarief_2023: Price per unit in 2023 in euro.
        duur_dagen: Median duration of one allocation in days.
        gewicht_groot: Relative share of allocations in the big generator.
    """

    categorie: str
    wet: str
    productcategorie: str
    productcode: str
    omschrijving: str
    taakveld: str
    eenheid: str
    frequentie: str
    volume: tuple[float, float]
    tarief_2023: float
    duur_dagen: int
    gewicht_groot: float


#: The product catalogue of the demo gemeente (codes invented, categories iStandaard).
PRODUCTEN: tuple[Product, ...] = (
    Product(
        "Huishoudelijke ondersteuning",
        "WMO",
        "01",
        "01A01",
        "Hulp bij het huishouden",
        "6.71a",
        "04",
        "2",
        (1.5, 4.0),
        33.0,
        900,
        0.20,
    ),
    Product(
        "Begeleiding",
        "WMO",
        "02",
        "02A01",
        "Begeleiding individueel",
        "6.71b",
        "04",
        "2",
        (2.0, 6.0),
        62.0,
        420,
        0.12,
    ),
    Product(
        "Kortdurend verblijf",
        "WMO",
        "04",
        "04A01",
        "Kortdurend verblijf (logeren)",
        "6.71d",
        "14",
        "4",
        (2.0, 6.0),
        140.0,
        240,
        0.01,
    ),
    Product(
        "Dagbesteding",
        "WMO",
        "07",
        "07A01",
        "Dagbesteding groep",
        "6.71c",
        "16",
        "2",
        (2.0, 5.0),
        46.0,
        540,
        0.05,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "11",
        "11A01",
        "Rolstoel (bruikleen)",
        "6.6",
        "82",
        "6",
        (1.0, 1.0),
        4500.0,
        1095,
        0.06,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "12",
        "12A01",
        "Scootmobiel (bruikleen)",
        "6.6",
        "82",
        "6",
        (1.0, 1.0),
        4200.0,
        1095,
        0.05,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "13",
        "13A01",
        "Woningaanpassing",
        "6.6",
        "83",
        "6",
        (2000.0, 15000.0),
        1.0,
        90,
        0.02,
    ),
    Product(
        "Hulpmiddelen",
        "WMO",
        "14",
        "14A01",
        "Overige hulpmiddelen",
        "6.6",
        "82",
        "6",
        (1.0, 1.0),
        1400.0,
        540,
        0.02,
    ),
    Product(
        "Beschermd wonen",
        "WMO",
        "15",
        "15A01",
        "Beschermd wonen",
        "6.81a",
        "14",
        "2",
        (7.0, 7.0),
        130.0,
        700,
        0.01,
    ),
    Product(
        "Jeugdhulp ambulant",
        "JW",
        "45",
        "45A01",
        "Ambulante jeugdhulp begeleiding",
        "6.72a",
        "04",
        "2",
        (2.0, 5.0),
        82.0,
        400,
        0.10,
    ),
    Product(
        "Jeugdhulp ambulant",
        "JW",
        "45",
        "45B01",
        "Ambulante jeugdhulp behandeling",
        "6.72b",
        "04",
        "2",
        (1.5, 4.5),
        112.0,
        360,
        0.10,
    ),
    Product(
        "Dagbehandeling",
        "JW",
        "41",
        "41A01",
        "Dagbehandeling jeugd",
        "6.72c",
        "16",
        "2",
        (2.0, 6.0),
        74.0,
        330,
        0.03,
    ),
    Product(
        "Jeugdhulp overig",
        "JW",
        "42",
        "42A01",
        "Vervoer jeugdhulp (rit)",
        "6.72d",
        "82",
        "2",
        (6.0, 14.0),
        21.0,
        300,
        0.03,
    ),
    Product(
        "Pleegzorg",
        "JW",
        "44",
        "44P01",
        "Pleegzorg",
        "6.73a",
        "14",
        "2",
        (7.0, 7.0),
        56.0,
        600,
        0.02,
    ),
    Product(
        "Gezinsgericht verblijf",
        "JW",
        "44",
        "44H01",
        "Gezinshuis",
        "6.73b",
        "14",
        "2",
        (7.0, 7.0),
        158.0,
        540,
        0.005,
    ),
    Product(
        "Verblijf LVG",
        "JW",
        "43",
        "43L01",
        "Verblijf LVG incl. behandeling",
        "6.73c",
        "14",
        "2",
        (7.0, 7.0),
        262.0,
        420,
        0.02,
    ),
    Product(
        "Verblijf GGZ",
        "JW",
        "43",
        "43G01",
        "Verblijf GGZ klinisch",
        "6.74b",
        "14",
        "2",
        (7.0, 7.0),
        345.0,
        150,
        0.005,
    ),
    Product(
        "Gesloten plaatsing",
        "JW",
        "43",
        "43J01",
        "Gesloten jeugdhulp",
        "6.74c",
        "14",
        "2",
        (7.0, 7.0),
        480.0,
        200,
        0.002,
    ),
    Product(
        "Basis GGZ",
        "JW",
        "51",
        "51A01",
        "Generalistische basis-GGZ traject",
        "6.74a",
        "82",
        "6",
        (1.0, 1.0),
        1150.0,
        120,
        0.05,
    ),
    Product(
        "Specialistische GGZ",
        "JW",
        "54",
        "54A01",
        "Jeugd-GGZ behandeling",
        "6.74a",
        "04",
        "2",
        (1.5, 4.0),
        125.0,
        360,
        0.09,
    ),
    Product(
        "Jeugdbescherming",
        "JW",
        "48",
        "48A01",
        "Ondertoezichtstelling / voogdij",
        "6.82a",
        "14",
        "2",
        (7.0, 7.0),
        44.0,
        500,
        0.03,
    ),
    Product(
        "Jeugdreclassering",
        "JW",
        "47",
        "47A01",
        "Jeugdreclassering",
        "6.82b",
        "14",
        "2",
        (7.0, 7.0),
        31.0,
        270,
        0.008,
    ),
)


#: Product per productcode.
PRODUCT_PER_CODE: dict[str, Product] = {p.productcode: p for p in PRODUCTEN}


def productcodes_tabel(producten: Iterable[Product] | None = None) -> pd.DataFrame:
    """The product catalogue as the raw ``productcodes`` table.

    One row per productcode plus a default row (empty productcode) per productcategorie
    whose categorie is unambiguous.

    Args:
        producten: The products (default: all of :data:`PRODUCTEN`).

    Returns:
        Columns ``wet``, ``productcategorie``, ``productcode``, ``categorie``, ``taakveld``
        (empty when the default row's taakveld is ambiguous).

    >>> t = productcodes_tabel()
    >>> t.loc[t["productcode"] == "43G01", ["categorie", "taakveld"]].values.tolist()
    [['Verblijf GGZ', '6.74b']]
    """
    producten = PRODUCTEN if producten is None else tuple(producten)
    rijen = [
        {
            "wet": p.wet,
            "productcategorie": p.productcategorie,
            "productcode": p.productcode,
            "categorie": p.categorie,
            "taakveld": p.taakveld,
        }
        for p in producten
    ]
    per_pc: dict[tuple[str, str], list[Product]] = {}
    for p in producten:
        per_pc.setdefault((p.wet, p.productcategorie), []).append(p)
    for (wet, pc), lijst in per_pc.items():
        if len({p.categorie for p in lijst}) == 1:
            tv_alle = {p.taakveld for p in lijst}
            rijen.append(
                {
                    "wet": wet,
                    "productcategorie": pc,
                    "productcode": "",
                    "categorie": lijst[0].categorie,
                    "taakveld": lijst[0].taakveld if len(tv_alle) == 1 else "",
                }
            )
    df = pd.DataFrame(rijen)
    return df.sort_values(["wet", "productcategorie", "productcode"], ignore_index=True)


#: Years of the demo.
DEMO_JAREN: tuple[int, ...] = tuple(range(2015, 2025))
#: Warm-up years simulated before the first year so that 1 January of that year starts with
#: a realistic stock (in the demo: clients taken over from the AWBZ and the old Wmo under
#: transitional law).
AANLOOP_JAREN = 6
#: Calendar year of the first entry of every :attr:`DemoProduct.index` (and of the plan of
#: bad rows); years outside the index take its nearest end.
INDEXJAAR_0 = 2015
#: Price index of the tariffs per start year of a toewijzing (2023 = 1); see :func:`prijsindex`.
PRIJSINDEX = {
    2015: 0.80,
    2016: 0.81,
    2017: 0.825,
    2018: 0.84,
    2019: 0.865,
    2020: 0.89,
    2021: 0.91,
    2022: 0.94,
    2023: 1.00,
    2024: 1.055,
}
#: Hengelo's real Iv3 jaarrekening 2023 lasten per taakveld (x € 1.000), the calibration
#: target of the demo (source: Iv3 via begrotingsanalysetool, see data/raw/demo/README.md).
IV3_HENGELO_2023_DZD = {
    "6.6": 3741,
    "6.71a": 11369,
    "6.71b": 10446,
    "6.71c": 2418,
    "6.71d": 0,
    "6.72a": 4349,
    "6.72b": 5538,
    "6.72c": 2833,
    "6.72d": 1542,
    "6.73a": 2009,
    "6.73b": 1176,
    "6.73c": 6273,
    "6.74a": 6735,
    "6.74b": 1422,
    "6.74c": 600,
    "6.81a": 167,
    "6.82a": 2863,
    "6.82b": 383,
}
#: Approximate number of distinct synthetic clients at full (Hengelo) size; the scale
#: used when ``clients`` is given is ``clients / VOLLEDIG_AANTAL_CLIENTEN``.
VOLLEDIG_AANTAL_CLIENTEN = 30_000


@dataclass(frozen=True)
class DemoProduct:
    """How one product of :data:`PRODUCTEN` behaves in the demo gemeente.

    Attributes:
        voorraad_2023: Target average number of running episodes in 2023 (for products
            declared as a whole, ``totaal``: new episodes per year in 2023).
        duur_mediaan: Median length of an episode (care period of one client) in days.
        duur_sigma: Spread (sigma of the log) of the episode length.
        herindicatie_dagen: Length of one toewijzing; longer episodes get re-indications.
        koppel_kans: Chance that an episode belongs to an existing client of the same wet.
        onbepaald: The last toewijzing of a running episode has no einddatum.
        verzilvering: Share of the allocated volume that is delivered (low, high).
        index: Relative inflow of new episodes per calendar year from :data:`INDEXJAAR_0`.
    """

    voorraad_2023: float
    duur_mediaan: int
    duur_sigma: float
    herindicatie_dagen: int
    koppel_kans: float
    onbepaald: bool
    verzilvering: tuple[float, float]
    index: tuple[float, ...]


#: Inflow index of the growing jeugd products and a flat one.
GROEI_JEUGD = (0.78, 0.82, 0.87, 0.88, 0.90, 0.92, 0.95, 0.98, 1.0, 1.02)
VLAK = (1.0,) * 10
#: Demo behaviour per productcode. The indices carry the letters' trends: verblijf LVG
#: grows to 2017 and stagnates in 2018, verblijf GGZ grows to 2017 and falls in 2018,
#: Basis GGZ falls from 2018 (POH-GGZ), dagbesteding growth is reversed in 2018, and the
#: abonnementstarief (2019) pulls in huishoudelijke ondersteuning.
DEMO_GEDRAG: dict[str, DemoProduct] = {
    "01A01": DemoProduct(
        2700,
        900,
        0.8,
        1460,
        0.15,
        True,
        (0.90, 1.0),
        (0.90, 0.90, 0.90, 0.90, 1.08, 1.12, 1.00, 1.00, 1.00, 1.04),
    ),
    "02A01": DemoProduct(
        900,
        420,
        0.8,
        730,
        0.35,
        False,
        (0.85, 1.0),
        (0.90, 0.95, 1.00, 0.95, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "04A01": DemoProduct(25, 120, 0.7, 365, 0.80, False, (0.70, 1.0), VLAK),
    "07A01": DemoProduct(
        320,
        450,
        0.7,
        730,
        0.40,
        False,
        (0.85, 1.0),
        (1.00, 1.20, 1.40, 0.70, 0.80, 0.85, 0.90, 0.95, 1.00, 1.00),
    ),
    "11A01": DemoProduct(
        240,
        1460,
        0.5,
        99_999,
        0.35,
        True,
        (1.0, 1.0),
        (0.90, 0.90, 0.95, 0.95, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "12A01": DemoProduct(
        220,
        1460,
        0.5,
        99_999,
        0.35,
        True,
        (1.0, 1.0),
        (0.90, 0.90, 0.95, 0.95, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "13A01": DemoProduct(130, 60, 0.5, 99_999, 0.70, False, (1.0, 1.0), VLAK),
    "14A01": DemoProduct(350, 730, 0.5, 99_999, 0.45, True, (1.0, 1.0), VLAK),
    "15A01": DemoProduct(4.0, 700, 0.6, 365, 0.20, True, (1.0, 1.0), VLAK),
    "45A01": DemoProduct(330, 400, 0.7, 365, 0.45, False, (0.75, 1.0), GROEI_JEUGD),
    "45B01": DemoProduct(350, 360, 0.7, 365, 0.45, False, (0.75, 1.0), GROEI_JEUGD),
    "41A01": DemoProduct(205, 330, 0.6, 365, 0.50, False, (0.85, 1.0), GROEI_JEUGD),
    "42A01": DemoProduct(155, 300, 0.6, 365, 0.90, False, (0.80, 1.0), GROEI_JEUGD),
    "44P01": DemoProduct(
        98,
        600,
        0.8,
        365,
        0.30,
        True,
        (1.0, 1.0),
        (0.90, 0.92, 0.95, 0.95, 0.97, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
    "44H01": DemoProduct(22, 540, 0.6, 365, 0.30, False, (1.0, 1.0), VLAK),
    "43L01": DemoProduct(
        70,
        420,
        0.4,
        365,
        0.40,
        False,
        (1.0, 1.0),
        (0.75, 0.90, 1.15, 0.88, 0.95, 0.95, 1.00, 1.00, 1.00, 1.00),
    ),
    "43G01": DemoProduct(
        13,
        150,
        0.6,
        365,
        0.40,
        False,
        (1.0, 1.0),
        (0.70, 0.90, 1.25, 0.70, 0.75, 0.80, 0.85, 0.90, 1.00, 1.00),
    ),
    "43J01": DemoProduct(3.2, 200, 0.5, 365, 0.50, False, (1.0, 1.0), VLAK),
    "51A01": DemoProduct(
        280,
        120,
        0.4,
        99_999,
        0.10,
        False,
        (1.0, 1.0),
        (1.60, 1.70, 1.80, 1.25, 1.00, 0.95, 0.95, 1.00, 1.00, 1.00),
    ),
    "54A01": DemoProduct(400, 360, 0.7, 365, 0.45, False, (0.75, 1.0), GROEI_JEUGD),
    "48A01": DemoProduct(178, 500, 0.6, 365, 0.35, False, (1.0, 1.0), VLAK),
    "47A01": DemoProduct(
        38,
        270,
        0.5,
        365,
        0.20,
        False,
        (1.0, 1.0),
        (1.30, 1.25, 1.20, 1.10, 1.05, 1.00, 1.00, 1.00, 1.00, 1.00),
    ),
}


@dataclass(frozen=True)
class Aanbieder:
    """An invented provider with an invented AGB code."""

    naam: str
    agb: str


#: Invented providers (any likeness to real organisations is unintended).
AANBIEDERS: tuple[Aanbieder, ...] = (
    Aanbieder("Jeugdzorg Twentekant", "98104417"),  # 0 big jeugd
    Aanbieder("GGZ Oostland Jeugd", "98207731"),  # 1 big jeugd GGZ
    Aanbieder("Zorggroep Esrand", "98301158"),  # 2 LVG + Wmo
    Aanbieder("Stichting Kindkracht Oost", "98412290"),  # 3 big jeugd ambulant
    Aanbieder("Stichting Veilig Opgroeien Twente", "98550063"),  # 4 JB/JR
    Aanbieder("Praktijk De Linde", "98611874"),
    Aanbieder("Kinder- en Jeugdpraktijk Vlinder", "98623305"),
    Aanbieder("Psychologenpraktijk Hengelose Es", "98634416"),
    Aanbieder("Ambulant Team Zonnewijzer", "98645527"),
    Aanbieder("Gezinshuis De Wilgen", "98656638"),
    Aanbieder("Orthopedagogisch Centrum Léonie", "98667749"),
    Aanbieder("Coöperatie Jeugdhulp Oost U.A.", "98678850"),
    Aanbieder("Basis-GGZ Praktijk Sterk", "98689961"),
    Aanbieder("Praktijk Mindfit", "98690072"),
    Aanbieder("Jeugdkliniek Het Baken", "98701183"),
    Aanbieder("Vervoer Twente Rijdt BV", "98712294"),
    Aanbieder("Pleegzorg Oost", "98723305"),
    Aanbieder("Thuiszorg Hengeloos Erf", "75010214"),  # 17 big HH
    Aanbieder("Huishoudhulp De Vonk", "75021325"),
    Aanbieder("Schoon & Zorg BV", "75032436"),
    Aanbieder("Cliëntgerichte Thuishulp Twente", "75043547"),
    Aanbieder("Zorgcoöperatie Naoberhulp", "75054658"),
    Aanbieder("Stichting Meedoen Hengelo", "75065769"),
    Aanbieder("Begeleidingsdienst Perspectief", "75076870"),
    Aanbieder("Zorgpunt Oost", "75087981"),
    Aanbieder("Dagbesteding Het Atelier", "75098092"),
    Aanbieder("Zorgboerderij De Eikenhof", "75109103"),
    Aanbieder("Logeerhuis De Bongerd", "75110214"),
    Aanbieder("Hulpmiddelencentrum Oost BV", "75121325"),
    Aanbieder("Revalidatietechniek Twente", "75132436"),
    Aanbieder("Bouwbedrijf Woonvast", "75143547"),
    Aanbieder("Trapliften Oost-Nederland", "75154658"),
    Aanbieder("Beschermd Wonen Twentestad", "75165769"),
    Aanbieder("Zorggroep Sint Maarten Oost", "75176870"),
    Aanbieder("Thuishulp Plus Twente", "75187981"),
    Aanbieder("Werkplaats Ambacht & Co", "75198092"),
    Aanbieder("Jeugdhulp Kleurrijk", "98734416"),
    Aanbieder("Stichting Opvoedsteun", "98745527"),
    Aanbieder("Crisisdienst Jeugd Oost", "98756638"),
    Aanbieder("Gezinshuis Het Lindehof", "98767749"),
)

#: Provider pool per productcode: (provider index, weight). Skewed like a real market.
AANBIEDER_POOL: dict[str, tuple[tuple[int, float], ...]] = {
    "01A01": ((17, 45), (18, 18), (19, 14), (20, 10), (21, 8), (34, 5)),
    "02A01": ((2, 30), (22, 20), (23, 18), (24, 15), (33, 12), (17, 5)),
    "04A01": ((27, 70), (2, 30)),
    "07A01": ((25, 30), (26, 25), (2, 25), (35, 12), (22, 8)),
    "11A01": ((28, 75), (29, 25)),
    "12A01": ((28, 70), (29, 30)),
    "13A01": ((30, 60), (31, 40)),
    "14A01": ((28, 60), (29, 25), (31, 15)),
    "15A01": ((32, 100),),
    "45A01": ((0, 38), (3, 30), (8, 8), (11, 7), (36, 6), (37, 6), (5, 5)),
    "45B01": ((0, 32), (3, 25), (1, 15), (10, 10), (6, 8), (36, 5), (5, 5)),
    "41A01": ((0, 35), (2, 30), (3, 20), (10, 15)),
    "42A01": ((15, 100),),
    "44P01": ((16, 70), (0, 30)),
    "44H01": ((9, 55), (39, 45)),
    "43L01": ((2, 65), (0, 20), (10, 15)),
    "43G01": ((1, 80), (14, 20)),
    "43J01": ((14, 100),),
    "51A01": ((12, 35), (13, 25), (7, 25), (1, 15)),
    "54A01": ((1, 55), (7, 15), (6, 12), (13, 10), (3, 8)),
    "48A01": ((4, 100),),
    "47A01": ((4, 100),),
}

#: Median waiting times per year of the melding: (onderzoek in weeks: melding -> aanvraag,
#: besluit in weeks: aanvraag -> besluit, levering in days: besluit -> start of care).
#: 2019 is the year of the abonnementstarief rush and the new Twentse model (longer waits).
WACHTTIJDEN = {
    2014: (4.5, 1.5, 10),
    2015: (4.5, 1.5, 10),
    2016: (4.0, 1.5, 10),
    2017: (4.0, 1.5, 10),
    2018: (4.5, 1.5, 12),
    2019: (6.5, 2.2, 21),
    2020: (5.5, 1.8, 15),
    2021: (5.0, 1.5, 12),
    2022: (5.0, 1.5, 12),
    2023: (5.0, 1.5, 12),
    2024: (5.0, 1.5, 12),
}
#: Chance that a new episode starts with a melding at the gemeente (jeugd often comes in
#: via huisarts or court, without melding).
MELDING_KANS = {"WMO": 0.80, "JW": 0.55, "51": 0.05, "47": 0.0, "48": 0.0}
#: Meldingen without toewijzing per toegekende melding (afgewezen, ingetrokken,
#: voorliggend); in 2019 the abonnementstarief attracts many more.
NIET_TOEGEKEND = {"WMO": 0.40, "JW": 0.25}
NIET_TOEGEKEND_2019_FACTOR = 1.15

#: Plausible inhabitants of Hengelo on 1 January (2023 and 2024 are CBS figures as used in
#: Iv3 and the gemeenteklassen; earlier years are smoothed, not official).
BEVOLKING_TOTAAL = {
    2015: 80_593,
    2016: 80_809,
    2017: 80_840,
    2018: 81_041,
    2019: 81_140,
    2020: 81_238,
    2021: 81_463,
    2022: 81_748,
    2023: 82_311,
    2024: 83_058,
}
#: Share 0-17 and 65+ in 2015 and 2024 (interpolated in between).
AANDEEL_0_17 = (0.189, 0.176)
AANDEEL_65PLUS = (0.205, 0.226)

#: Differences between begroting-realisatie and the declaraties, on purpose (documented in
#: the README) so that a reconciliation has something to find.
PGB_OPSLAG = {"WMO": 0.020, "JW": 0.015}
REALISATIE_POSTEN: tuple[tuple[int, str, float, str], ...] = (
    (2019, "6.71", 180_000.0, "nagekomen declaraties 2018, verantwoord in 2019"),
    (2021, "6.6", -95_000.0, "terugontvangen en herverstrekte hulpmiddelen"),
    (2023, "6.72b", 350_000.0, "landelijk ingekochte zorg (LTA) buiten de declaraties"),
    (2024, "6.73c", -220_000.0, "vrijval te hoog geraamde overlopende passiva 2023"),
)
#: Maatschappelijke opvang and vrouwenopvang: no declaraties (subsidy), only in the budget.
OPVANG_PER_JAAR = 950_000.0

TAAKVELD_NAMEN = {
    "6.6": "Maatwerkvoorzieningen (Wmo)",
    "6.71": "Maatwerkdienstverlening 18+",
    "6.72": "Maatwerkdienstverlening 18-",
    "6.81": "Geëscaleerde zorg 18+",
    "6.82": "Geëscaleerde zorg 18-",
    "6.71a": "Huishoudelijke hulp (Wmo)",
    "6.71b": "Begeleiding (Wmo)",
    "6.71c": "Dagbesteding (Wmo)",
    "6.71d": "Overige maatwerkarrangementen (Wmo)",
    "6.72a": "Jeugdhulp begeleiding",
    "6.72b": "Jeugdhulp behandeling",
    "6.72c": "Jeugdhulp dagbesteding",
    "6.72d": "Jeugdhulp zonder verblijf overig",
    "6.73a": "Pleegzorg",
    "6.73b": "Gezinsgericht",
    "6.73c": "Jeugdhulp met verblijf overig",
    "6.74a": "Jeugdhulp behandeling GGZ zonder verblijf",
    "6.74b": "Jeugdhulp crisis/LTA/GGZ-verblijf",
    "6.74c": "Gesloten plaatsing",
    "6.81a": "Beschermd wonen (Wmo)",
    "6.81b": "Maatschappelijke- en vrouwenopvang",
    "6.82a": "Jeugdbescherming",
    "6.82b": "Jeugdreclassering",
}


def oude_taakveld(code: str) -> str:
    """Iv3 taakveld 2017-2022 for a 2023-2024 code.

    >>> oude_taakveld("6.74b"), oude_taakveld("6.71a"), oude_taakveld("6.6")
    ('6.72', '6.71', '6.6')
    """
    if code.startswith(("6.72", "6.73", "6.74")):
        return "6.72"
    for oud in ("6.71", "6.81", "6.82"):
        if code.startswith(oud):
            return oud
    return code


def taakveld_in_jaar(code: str, jaar: int) -> str:
    """The Iv3 taakveld of ``jaar`` for a code of the 2023-2024 layout.

    Before 2023 the old code (:func:`oude_taakveld`); from 2025 the first code valid in that
    year with the same detail series in the crosswalk (``6.71a`` -> ``6.711``, ``6.72b`` ->
    ``6.751``); otherwise the code itself.

    >>> taakveld_in_jaar("6.71a", 2019), taakveld_in_jaar("6.71a", 2024)
    ('6.71', '6.71a')
    >>> taakveld_in_jaar("6.71a", 2025), taakveld_in_jaar("6.82b", 2026), taakveld_in_jaar("6.6", 2025)
    ('6.711', '6.822', '6.60')
    """
    if jaar < 2023:
        return oude_taakveld(code)
    cw = _crosswalk()
    eigen = cw[(cw["taakveld"] == code) & (cw["jaar_van"] <= jaar)]
    geldig = eigen["jaar_tot"].isna() | (eigen["jaar_tot"] >= jaar)
    if geldig.any() or eigen.empty:
        return code
    detail = eigen["detailreeks"].iloc[-1]
    opvolgers = cw[
        (cw["detailreeks"] == detail)
        & (cw["jaar_van"] <= jaar)
        & (cw["jaar_tot"].isna() | (cw["jaar_tot"] >= jaar))
    ]
    return str(opvolgers["taakveld"].iloc[0]) if len(opvolgers) else code


def taakveld_naam(code: str, jaar: int) -> str:
    """Official name of a taakveld code in ``jaar`` (from the crosswalk).

    >>> taakveld_naam("6.711", 2025)
    'Huishoudelijke hulp (Wmo)'
    """
    cw = _crosswalk()
    rij = cw[(cw["taakveld"] == code) & (cw["jaar_van"] <= jaar)]
    return str(rij["taakveld_naam"].iloc[-1]) if len(rij) else TAAKVELD_NAMEN.get(code, code)


@functools.cache
def _crosswalk() -> pd.DataFrame:
    from sdanalysis.taakvelden import taakveld_reeksen

    return taakveld_reeksen()


#: Declarations are exported per toewijzing per calendar year (``"jaar"``); ``"kwartaal"``
#: is supported but makes the Hengelo-sized demo about 3.5 times larger.
DECLARATIE_PERIODE = "jaar"
#: Share of declaration lines that are credited and declared again with another volume.
CREDIT_KANS = 0.002
#: First year of the begroting (the BBV taakvelden exist from 2017 on).
BEGROTING_EERSTE_JAAR = 2017
#: Years whose exports come from the old system (other headers); 2016 is also cp1252.
OUDE_SYSTEEM_JAREN = (2015, 2016, 2017)
CP1252_BESTAND = "toewijzingen_2016"


def _binnen(jaar: int, tabel: Mapping[int, object]) -> int:
    """``jaar`` clamped to the years of ``tabel``."""
    return min(max(jaar, min(tabel)), max(tabel))


def prijsindex(jaar: int) -> float:
    """Price index of a start year; years outside :data:`PRIJSINDEX` take its nearest end.

    >>> prijsindex(2023), prijsindex(2030)
    (1.0, 1.055)
    """
    return PRIJSINDEX[_binnen(jaar, PRIJSINDEX)]


def wachttijden(jaar: int) -> tuple[float, float, float]:
    """Median waiting times (:data:`WACHTTIJDEN`) of a year, clamped to the table's years.

    >>> wachttijden(2019) == WACHTTIJDEN[2019], wachttijden(2030) == WACHTTIJDEN[2024]
    (True, True)
    """
    return WACHTTIJDEN[_binnen(jaar, WACHTTIJDEN)]


def instroomindex(gedrag: DemoProduct, jaar: int) -> float:
    """Relative inflow of one product in a calendar year (nearest end outside the index).

    >>> instroomindex(DEMO_GEDRAG["51A01"], 2015), instroomindex(DEMO_GEDRAG["51A01"], 2099)
    (1.6, 1.0)
    """
    return gedrag.index[min(max(0, jaar - INDEXJAAR_0), len(gedrag.index) - 1)]


def dag(tekst: str) -> int:
    """Day number (days since 1970-01-01) of an ISO date.

    >>> dag("1970-01-02")
    1
    """
    return int(np.datetime64(tekst, "D").astype(np.int64))


@dataclass(frozen=True)
class Opzet:
    """The frame of one generated gemeente: its name, years, products and providers.

    The defaults are the demo gemeente (:data:`DEMO_OPZET`); :mod:`sdanalysis.demo.gemeenten`
    makes others.

    Attributes:
        naam: Name written into ``bevolking`` and the begroting's title.
        eerste_jaar: First year of the exports.
        laatste_jaar: Last year; the cut-off (peildatum) is 31 December of this year.
        productcodes: Productcodes of :data:`DEMO_GEDRAG` the gemeente offers.
        aanbieders: Providers, indexed as in :data:`AANBIEDER_POOL`.
        bevolking: Inhabitants on 1 January per year (totaal).
        oude_systeem_jaren: Years whose exports carry the old system's headers.
        cp1252_bestand: The one export file written in cp1252 with CRLF, if any.
        titel_toevoeging: Text after the name in the begroting's title row.
    """

    naam: str = DEMO_GEMEENTE
    eerste_jaar: int = DEMO_JAREN[0]
    laatste_jaar: int = DEMO_JAREN[-1]
    productcodes: tuple[str, ...] = tuple(DEMO_GEDRAG)
    aanbieders: tuple[Aanbieder, ...] = AANBIEDERS
    bevolking: Mapping[int, int] = field(default_factory=lambda: dict(BEVOLKING_TOTAAL))
    oude_systeem_jaren: tuple[int, ...] = OUDE_SYSTEEM_JAREN
    cp1252_bestand: str | None = CP1252_BESTAND
    titel_toevoeging: str = " (SYNTHETISCH)"

    def __post_init__(self) -> None:
        if self.laatste_jaar < self.eerste_jaar:
            raise ValueError(
                f"laatste_jaar ({self.laatste_jaar}) ligt voor eerste_jaar ({self.eerste_jaar})."
            )

    @property
    def jaren(self) -> tuple[int, ...]:
        """All years of the exports, first to last."""
        return tuple(range(self.eerste_jaar, self.laatste_jaar + 1))

    @property
    def peildatum(self) -> str:
        """Data cut-off: running allocations on this day are "lopend" (ISO date)."""
        return f"{self.laatste_jaar}-12-31"

    @property
    def begrotingsjaren(self) -> tuple[int, int]:
        """First and last year of the begroting."""
        return max(self.eerste_jaar, BEGROTING_EERSTE_JAAR), self.laatste_jaar


#: The demo gemeente.
DEMO_OPZET = Opzet()
