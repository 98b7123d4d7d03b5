"""Other gemeenten for tests: the demo's messy export shape with another name, years and codes.

The analyses must work for any gemeente, not only the one the demo is modelled on. This
module writes raw folders that look like a real gemeente's exports (the same model and the
same kinds of bad rows as the demo) but differ in what a gemeente differs in: name and CBS
code, years, the categories in ``productcodes`` (renamed, split off, missing) and which
tables exist at all. Every folder carries a ``gemeente.toml`` profile and no
``SYNTHETISCH`` marker, so a build treats it as real data: set
``SDANALYSIS_PSEUDONIEM_SLEUTEL`` first. Nothing written names the demo's gemeente.

:data:`GEMEENTE_VORMEN` holds five ready-made shapes for tests;
:func:`schrijf_gemeente` makes any other.

>>> sorted(GEMEENTE_VORMEN)
['alleen_toewijzingen', 'een_jaar', 'enschede_2020_2025', 'hernoemd_zonder_programma',
 'klein_zonder_meldingen']
>>> vorm = GEMEENTE_VORMEN["hernoemd_zonder_programma"]
>>> "Hulp bij het huishouden" in vorm.categorieen(), "Huishoudelijke ondersteuning" in vorm.categorieen()
(True, False)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sdanalysis import instellingen
from sdanalysis.demo.genereer import bouw_demo
from sdanalysis.demo.model import (
    AANBIEDERS,
    DEMO_GEDRAG,
    DEMO_GEMEENTE,
    PRODUCTEN,
    VOLLEDIG_AANTAL_CLIENTEN,
    Aanbieder,
    Opzet,
    Product,
    productcodes_tabel,
)
from sdanalysis.demo.schrijf import schrijf_tabellen

#: Tables :func:`schrijf_gemeente` can leave out (``programma``: maatregelen, pakketten,
#: effecten and the ``[programma]`` block of the profile).
WEGLAATBAAR = frozenset({"declaraties", "meldingen", "bevolking", "begroting", "programma"})
#: Yearly population growth used to run the population back from the last year.
_BEVOLKINGSGROEI = 0.003


@dataclass(frozen=True)
class Gemeentevorm:
    """The arguments of :func:`schrijf_gemeente` for one test gemeente.

    Attributes:
        naam: Name of the gemeente.
        cbs_code: Its CBS code (``GM`` + four digits).
        jaren: First and last year of the exports.
        clients: Approximate number of distinct clients at the model's trends (>= 200).
        inwoners: Inhabitants in the last year (``None``: in proportion to ``clients``).
        hernoem_categorieen: Category name in the model -> name this gemeente uses.
        extra_categorieen: Productcode -> a category of its own (split off its categorie).
        zonder_categorieen: Categories (model names) this gemeente does not have.
        zonder: Tables to leave out, from :data:`WEGLAATBAAR`.
        seed: Random seed.
    """

    naam: str
    cbs_code: str
    jaren: tuple[int, int]
    clients: int = 400
    inwoners: int | None = None
    hernoem_categorieen: Mapping[str, str] = field(default_factory=dict)
    extra_categorieen: Mapping[str, str] = field(default_factory=dict)
    zonder_categorieen: frozenset[str] = frozenset()
    zonder: frozenset[str] = frozenset()
    seed: int = 0

    def producten(self) -> tuple[Product, ...]:
        """The gemeente's products, with the categories it uses.

        Raises:
            ValueError: A category or productcode is unknown, or no product is left.
        """
        return _producten(self.hernoem_categorieen, self.extra_categorieen, self.zonder_categorieen)

    def categorieen(self) -> set[str]:
        """The categories the gemeente's ``productcodes`` table maps to."""
        return {p.categorie for p in self.producten()}


#: Ready-made test gemeenten: a large one over other years with every table, a small one
#: without meldingen and bevolking and with fewer categories, one with renamed and
#: split-off categories, without programme and begroting, one that has nothing but
#: toewijzingen and productcodes, and one with a single year of data (no programme).
GEMEENTE_VORMEN: dict[str, Gemeentevorm] = {
    "enschede_2020_2025": Gemeentevorm(
        naam="Enschede",
        cbs_code="GM0153",
        jaren=(2020, 2025),
        clients=500,
        inwoners=161_235,
        seed=153,
    ),
    "klein_zonder_meldingen": Gemeentevorm(
        naam="Tubbergen",
        cbs_code="GM0183",
        jaren=(2019, 2023),
        clients=250,
        inwoners=21_408,
        zonder_categorieen=frozenset({"Beschermd wonen", "Gesloten plaatsing", "Verblijf GGZ"}),
        zonder=frozenset({"meldingen", "bevolking"}),
        seed=183,
    ),
    "hernoemd_zonder_programma": Gemeentevorm(
        naam="Losser",
        cbs_code="GM0168",
        jaren=(2017, 2024),
        clients=400,
        inwoners=23_362,
        hernoem_categorieen={
            "Huishoudelijke ondersteuning": "Hulp bij het huishouden",
            "Jeugdhulp ambulant": "Ambulante jeugdhulp",
            "Hulpmiddelen": "Wmo-hulpmiddelen",
        },
        extra_categorieen={"45B01": "Jeugdhulp behandeling", "12A01": "Scootmobielen"},
        zonder=frozenset({"programma", "begroting"}),
        seed=168,
    ),
    "alleen_toewijzingen": Gemeentevorm(
        naam="Oldenzaal",
        cbs_code="GM0173",
        jaren=(2018, 2022),
        clients=300,
        inwoners=32_000,
        zonder=frozenset({"declaraties", "meldingen", "bevolking", "begroting", "programma"}),
        seed=173,
    ),
    "een_jaar": Gemeentevorm(
        naam="Dinkelland",
        cbs_code="GM1774",
        jaren=(2024, 2024),
        clients=200,
        inwoners=26_500,
        zonder=frozenset({"programma"}),
        seed=1774,
    ),
}


def _producten(
    hernoem: Mapping[str, str], extra: Mapping[str, str], zonder: Collection[str]
) -> tuple[Product, ...]:
    """Products of :data:`PRODUCTEN` with a gemeente's own categories."""
    bekend = {p.categorie for p in PRODUCTEN}
    onbekend = (set(hernoem) | set(zonder)) - bekend
    if onbekend:
        raise ValueError(f"onbekende categorie(ën) {sorted(onbekend)}; kies uit {sorted(bekend)}")
    codes = {p.productcode for p in PRODUCTEN}
    if set(extra) - codes:
        raise ValueError(f"onbekende productcode(s) {sorted(set(extra) - codes)}")
    uit = []
    for p in PRODUCTEN:
        if p.categorie in zonder:
            continue
        categorie = extra.get(p.productcode, p.categorie)
        uit.append(dataclasses.replace(p, categorie=hernoem.get(categorie, categorie)))
    if not uit:
        raise ValueError("zonder_categorieen laat geen enkele categorie over")
    return tuple(uit)


def _aanbieders(naam: str) -> tuple[Aanbieder, ...]:
    """The model's providers, with the demo gemeente's name replaced by ``naam``.

    >>> sorted(a.naam for a in _aanbieders("Borne") if "Borne" in a.naam)[:1]
    ['Psychologenpraktijk Borne Es']
    """
    patroon = re.compile(rf"{DEMO_GEMEENTE}\w*")
    return tuple(dataclasses.replace(a, naam=patroon.sub(naam, a.naam)) for a in AANBIEDERS)


def _bevolking(inwoners: int, eerste: int, laatste: int) -> dict[int, int]:
    """Inhabitants per year, growing slowly to ``inwoners`` in the last year.

    >>> _bevolking(10_000, 2023, 2024)
    {2023: 9970, 2024: 10000}
    """
    return {
        j: int(round(inwoners * (1 - _BEVOLKINGSGROEI) ** (laatste - j)))
        for j in range(eerste, laatste + 1)
    }


def _bestandsnaam(naam: str) -> str:
    """A gemeente's name as part of a file name.

    >>> _bestandsnaam("Súdwest-Fryslân")
    'sudwest_fryslan'
    """
    import unicodedata

    tekst = unicodedata.normalize("NFKD", naam)
    tekst = "".join(c for c in tekst if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", tekst).strip("_")


def _programmajaren(eerste: int, laatste: int) -> tuple[int, int, int]:
    """Start, end and status year of an invented programme within the data's years.

    >>> _programmajaren(2020, 2025), _programmajaren(2024, 2024)
    ((2021, 2024, 2022), (2024, 2024, 2024))
    """
    start = min(eerste + 1, laatste)
    eind = min(start + 3, laatste)
    return start, eind, min(start + 1, eind)


def _programma(naam: str, inwoners: int, jaren: tuple[int, int, int]) -> dict[str, pd.DataFrame]:
    """Small programme tables (pakketten, maatregelen, effecten) in the demo's raw shape."""
    start, eind, peil = jaren
    bron = f"Raadsvoorstel {naam} {start}, bijlage 1"
    ton = max(1, inwoners // 10_000) * 100_000
    pakketten = pd.DataFrame(
        {
            "pakket": [1, 1, 2, 2],
            "naam": ["Sturen op toegang"] * 2 + ["Inkoop en tarieven"] * 2,
            "jaar": [start, eind, start, eind],
            "taakstelling_eur": [ton, 3 * ton, ton // 2, 2 * ton],
            "structureel": ["", "ja", "", "ja"],
            "bron": bron,
        }
    )
    maatregelen = pd.DataFrame(
        {
            "pakket": [1, 1, 2, 2],
            "maatregel_code": ["1.1", "1.2", "2.1", "2.2"],
            "maatregel": [
                "Strakkere indicatie huishoudelijke ondersteuning",
                "Meer inzet van algemene voorzieningen",
                "Lagere tarieven ambulante jeugdhulp",
                "Minder verblijf door meer pleegzorg",
            ],
            "project": ["Project Toegang", "Project Toegang", "Project Inkoop", "Project Inkoop"],
            "jaar": ["", "", eind, eind],
            "taakstelling_eur": [2 * ton, "PM", ton, ton],
            "wat_gedaan": ["Richtlijn vastgesteld", "", "Nieuwe contracten", ""],
            "effect_tekst": ["", "", "", ""],
            "bron": bron,
        }
    )
    effecten = pd.DataFrame(
        {
            "pakket": [1, 2],
            "maatregel_code": ["1.1", ""],
            "project": ["Project Toegang", "Project Inkoop"],
            "jaar": [peil, eind],
            "bedrag_eur": [ton // 4, ton],
            "soort": ["gerealiseerd", "verwacht"],
            "structureel": ["ja", ""],
            "omschrijving": [
                "Minder nieuwe indicaties",
                "Lagere tarieven vanaf het nieuwe contract",
            ],
            "bron": f"Voortgangsrapportage {naam} {peil}",
        }
    )
    return {"pakketten": pakketten, "maatregelen": maatregelen, "effecten": effecten}


def _profiel(
    naam: str, cbs_code: str, inwoners: int, programma: tuple[int, int, int] | None
) -> str:
    """The gemeente's ``gemeente.toml``: the documented template plus its programme."""
    tekst = instellingen.profiel_sjabloon(naam, cbs_code, inwoners)
    if programma is not None:
        start, eind, peil = programma
        tekst += f"\n[programma]\nstartjaar = {start}\neindjaar = {eind}\npeiljaar = {peil}\n"
    return tekst


def _controleer(cbs_code: str, jaren: tuple[int, int], zonder: Collection[str]) -> None:
    """Raise a Dutch ValueError for arguments no gemeente can have."""
    if not re.fullmatch(r"GM\d{4}", cbs_code):
        raise ValueError(f"cbs_code moet de vorm GM0000 hebben, niet {cbs_code!r}")
    if jaren[1] < jaren[0]:
        raise ValueError(f"jaren: {jaren[0]} ligt na {jaren[1]}")
    if set(zonder) - WEGLAATBAAR:
        raise ValueError(
            f"zonder: onbekende tabel(len) {sorted(set(zonder) - WEGLAATBAAR)}; "
            f"weglaten kan bij {sorted(WEGLAATBAAR)}"
        )


def schrijf_gemeente(
    out_dir: Path | str,
    *,
    naam: str,
    cbs_code: str,
    jaren: tuple[int, int],
    clients: int = 400,
    inwoners: int | None = None,
    hernoem_categorieen: Mapping[str, str] | None = None,
    extra_categorieen: Mapping[str, str] | None = None,
    zonder_categorieen: Collection[str] = (),
    zonder: Collection[str] = (),
    seed: int = 0,
) -> dict[str, int]:
    """Write the raw exports and profile of a generated gemeente into ``out_dir``.

    The files have the demo's shape: ``toewijzingen_<jaar>.csv`` and
    ``declaraties_<jaar>.csv`` (the first year with the old system's headers, the second
    year's toewijzingen in cp1252), ``meldingen.csv``, ``productcodes.csv``,
    ``bevolking.csv``, ``begroting_<naam>.xlsx``, the programme tables and
    ``gemeente.toml``, each with the demo's kinds of bad rows. There is no ``SYNTHETISCH``
    marker: the build needs ``SDANALYSIS_PSEUDONIEM_SLEUTEL``.

    Args:
        out_dir: Target folder (created when missing).
        naam: Name of the gemeente.
        cbs_code: Its CBS code (``GM`` + four digits).
        jaren: First and last year of the exports.
        clients: Approximate number of distinct clients at the model's trends (>= 200).
        inwoners: Inhabitants in the last year (``None``: in proportion to ``clients``).
        hernoem_categorieen: Category name in the model -> the name this gemeente uses.
        extra_categorieen: Productcode -> a category of its own, split off its categorie.
        zonder_categorieen: Categories (model names) this gemeente does not have.
        zonder: Tables to leave out, from :data:`WEGLAATBAAR`.
        seed: Random seed; the same arguments give the same files.

    Returns:
        Number of data rows written per table (bad rows included, header rows excluded;
        the begroting count includes its totals row).

    Raises:
        ValueError: Unknown categories, productcodes or tables, a malformed CBS code,
            reversed years, or fewer than 200 clients (Dutch message).
    """
    _controleer(cbs_code, jaren, zonder)
    producten = _producten(hernoem_categorieen or {}, extra_categorieen or {}, zonder_categorieen)
    if inwoners is None:
        inwoners = int(round(instellingen.DEMO_INWONERS * clients / VOLLEDIG_AANTAL_CLIENTEN))
    eerste, laatste = jaren
    codes = {p.productcode for p in producten}
    opzet = Opzet(
        naam=naam,
        eerste_jaar=eerste,
        laatste_jaar=laatste,
        productcodes=tuple(c for c in DEMO_GEDRAG if c in codes),
        aanbieders=_aanbieders(naam),
        bevolking=_bevolking(inwoners, eerste, laatste),
        oude_systeem_jaren=(eerste,),
        cp1252_bestand=f"toewijzingen_{eerste + 1}" if laatste > eerste else None,
        titel_toevoeging="",
    )
    r = bouw_demo(seed, clients, opzet)
    r = dataclasses.replace(
        r, tabellen={**r.tabellen, "productcodes": productcodes_tabel(producten)}
    )
    out = Path(out_dir)
    aantallen = schrijf_tabellen(
        r, out, weglaten=zonder, begroting_bestand=f"begroting_{_bestandsnaam(naam)}"
    )
    programma = None if "programma" in zonder else _programmajaren(eerste, laatste)
    if programma is not None:
        for tabel, df in _programma(naam, inwoners, programma).items():
            df.to_csv(out / f"{tabel}.csv", sep=";", index=False, encoding="utf-8-sig")
            aantallen[tabel] = len(df)
    (out / instellingen.PROFIEL_BESTAND).write_text(
        _profiel(naam, cbs_code, inwoners, programma), encoding="utf-8"
    )
    return aantallen


def schrijf_vorm(vorm: str | Gemeentevorm, out_dir: Path | str) -> dict[str, int]:
    """Write one of :data:`GEMEENTE_VORMEN` (by name) or any :class:`Gemeentevorm`.

    Args:
        vorm: Name in :data:`GEMEENTE_VORMEN`, or a shape.
        out_dir: Target folder.

    Returns:
        Rows written per table, as :func:`schrijf_gemeente`.
    """
    v = GEMEENTE_VORMEN[vorm] if isinstance(vorm, str) else vorm
    return schrijf_gemeente(
        out_dir,
        naam=v.naam,
        cbs_code=v.cbs_code,
        jaren=v.jaren,
        clients=v.clients,
        inwoners=v.inwoners,
        hernoem_categorieen=v.hernoem_categorieen,
        extra_categorieen=v.extra_categorieen,
        zonder_categorieen=v.zonder_categorieen,
        zonder=v.zonder,
        seed=v.seed,
    )
