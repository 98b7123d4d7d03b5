"""The "Kernpunten" block at the top of a reader's page: three to five computed key figures.

A notebook ends its first code section with one call, with figures taken from the analysis,
never typed::

    kernpunten([
        ("Cliënten in zorg op 1-1-2024", stand, "aantal"),
        ("Kosten jeugdhulp 2024", kosten, "euro"),
        ("Aandeel binnen de norm", fractie, "procent"),
    ])

In a notebook the block shows as HTML; the report (:mod:`sdanalysis.publiceren.rapport`)
recognises it by :data:`KLASSE`, moves it to the top of the reader's page and puts the first
figure next to the notebook on the index page. Counts of people under
``instellingen.SUPPRESSIE_DREMPEL`` show the suppression sign, never the number.

>>> blok = kernpunten([("Cliënten 2024", 12345, "aantal"), ("Kosten", 1_500_000, "euro")])
>>> [p.tekst for p in blok.punten]
['12.345', '€ 1,5 mln']
>>> print(blok)
Kernpunten
- Cliënten 2024: 12.345
- Kosten: € 1,5 mln
>>> KLASSE in blok._repr_html_()
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from sdanalysis import instellingen
from sdanalysis.weergave.stijl import (
    LEEG,
    format_aantal,
    format_euro,
    format_getal,
    format_procent,
)

#: CSS class (and ``data-sd`` value) by which the report recognises the block.
KLASSE = "sd-kernpunten"
#: Kinds of figure and how they are written.
SOORTEN = ("aantal", "euro", "procent", "getal", "tekst")

_CSS = (
    f".{KLASSE}{{border-left:4px solid #0072B2;background:#F2F7FB;padding:.6em 1em;"
    "margin:0 0 1.2em 0;font-family:sans-serif}"
    f".{KLASSE} h2{{margin:.1em 0 .4em 0;font-size:1.2em}}"
    f".{KLASSE} ul{{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.6em 2em}}"
    f".{KLASSE} li{{min-width:12em;max-width:22em}}"
    f".{KLASSE} .sd-kp-waarde{{display:block;font-size:1.5em;font-weight:bold}}"
    f".{KLASSE} .sd-kp-toelichting{{display:block;color:#555;font-size:.9em}}"
)


@dataclass(frozen=True)
class Kernpunt:
    """One key figure: label, the value as computed and how it is written.

    Attributes:
        label: What the figure is, in Dutch (``"Cliënten in zorg op 1-1-2024"``).
        waarde: The number (or text for ``soort="tekst"``); missing is shown as ``–``.
        soort: ``aantal`` (count; a count of people under the threshold is suppressed),
            ``euro``, ``procent`` (a fraction 0-1), ``getal`` (never suppressed; one
            decimal unless whole) or ``tekst``.
        toelichting: Optional short note under the figure.
    """

    label: str
    waarde: object
    soort: str = "aantal"
    toelichting: str = ""

    @property
    def tekst(self) -> str:
        """The value as a reader sees it (Dutch format, suppression applied)."""
        return _opmaak(self.waarde, self.soort)


def _opmaak(waarde: object, soort: str) -> str:
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort kernpunt {soort!r}; kies uit {', '.join(SOORTEN)}")
    if soort == "tekst":
        return LEEG if waarde is None else str(waarde)
    if soort == "aantal" and _onder_drempel(waarde):
        return instellingen.SUPPRESSIE_TEKEN
    formatters = {
        "aantal": format_aantal,
        "euro": format_euro,
        "procent": _procent,
        "getal": lambda x: format_getal(x, decimalen=0 if _heel(x) else 1),
    }
    return formatters[soort](waarde)


def _procent(x: object) -> str:
    """A fraction as a percentage; a tiny non-zero share is not shown as 0,0%.

    >>> _procent(0.125), _procent(0.00014), _procent(0.0)
    ('12,5%', '< 0,1%', '0,0%')
    """
    if isinstance(x, int | float) and 0 < abs(x) < 0.0005:
        return "< 0,1%" if x > 0 else "> -0,1%"
    return format_procent(x, decimalen=1)  # type: ignore[arg-type]


def _heel(waarde: object) -> bool:
    try:
        return float(waarde).is_integer()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _onder_drempel(waarde: object) -> bool:
    try:
        x = float(waarde)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return 0 < x < instellingen.SUPPRESSIE_DREMPEL


@dataclass(frozen=True)
class Kernpunten:
    """The block of key figures; shows as HTML in a notebook and as text elsewhere."""

    punten: tuple[Kernpunt, ...]
    titel: str = "Kernpunten"

    def _repr_html_(self) -> str:
        items = "".join(
            "<li>"
            f'<span class="sd-kp-waarde">{html.escape(p.tekst)}</span>'
            f'<span class="sd-kp-label">{html.escape(p.label)}</span>'
            + (
                f'<span class="sd-kp-toelichting">{html.escape(p.toelichting)}</span>'
                if p.toelichting
                else ""
            )
            + "</li>"
            for p in self.punten
        )
        return (
            f'<section class="{KLASSE}" data-sd="kernpunten" aria-label="{html.escape(self.titel)}">'
            f"<style>{_CSS}</style><h2>{html.escape(self.titel)}</h2><ul>{items}</ul></section>"
        )

    def __str__(self) -> str:
        regels = [self.titel] + [f"- {p.label}: {p.tekst}" for p in self.punten]
        return "\n".join(regels)

    def __repr__(self) -> str:
        return str(self)

    @property
    def eerste(self) -> str:
        """The first figure as one line (``label: waarde``), for the index page."""
        return f"{self.punten[0].label}: {self.punten[0].tekst}" if self.punten else ""


def kernpunten(
    punten: Iterable[Kernpunt | Sequence[object]], titel: str = "Kernpunten"
) -> Kernpunten:
    """The "Kernpunten" block for the top of a reader's page.

    Args:
        punten: Key figures, each a :class:`Kernpunt` or a tuple
            ``(label, waarde[, soort[, toelichting]])``; three to five is best.
        titel: Heading of the block.

    Returns:
        A :class:`Kernpunten` that Jupyter shows as HTML (the last expression of a cell).

    Raises:
        ValueError: When there are no figures or a kind is unknown (Dutch message).

    >>> blok = kernpunten([("Meldingen 2024", 7, "aantal"), ("Wachttijd (dagen)", 23.44, "getal")])
    >>> blok.eerste, blok.punten[1].tekst
    ('Meldingen 2024: .', '23,4')
    """
    lijst = tuple(p if isinstance(p, Kernpunt) else Kernpunt(*p) for p in punten)  # type: ignore[arg-type]
    if not lijst:
        raise ValueError("kernpunten: geef minstens één kerncijfer")
    for p in lijst:
        _opmaak(p.waarde, p.soort)  # fail early on an unknown kind
    return Kernpunten(lijst, titel)


def _registreer_kerncijfers(sleutels: dict[str, object], tellingen: dict[str, object]) -> None:
    """Put the counts a block shows in the publication's registry, as the audit reads them.

    A count under the threshold shows the suppression sign (see :func:`_opmaak`) and is
    registered as hidden; keys and column names are those of the tables the figures are
    totals of, so the audit relates them (a year's meldingen over all wetten).

    >>> import os, tempfile
    >>> from sdanalysis.weergave.publicatie import PUBLICATIE_MAP_VAR, lees_publicatie
    >>> os.environ[PUBLICATIE_MAP_VAR] = tempfile.mkdtemp()
    >>> _registreer_kerncijfers({"jaar": 2023}, {"aantal_meldingen": 857, "aantal_toegekend": 7})
    >>> t = lees_publicatie(os.environ.pop(PUBLICATIE_MAP_VAR))[0]
    >>> t.data[["jaar", "aantal_meldingen", "aantal_toegekend_onderdrukt"]].values.tolist()
    [['2023', 857.0, True]]
    """
    from sdanalysis.weergave.publicatie import registreer

    rij: dict[str, object] = {k: [v] for k, v in sleutels.items()}
    for k, v in tellingen.items():
        rij[k] = [v]
        rij[f"{k}_onderdrukt"] = [_onder_drempel(v)]
    registreer(pd.DataFrame(rij), "tabel", "Kernpunten")


# --------------------------------------------------------------------------- per notebook
# One call per notebook: the figures come from the notebook's own tables, so the block can
# never disagree with the page below it.


def kernpunten_kwaliteit(kwaliteit: pd.DataFrame, bron: str | None = None) -> Kernpunten:
    """Key figures of the build: rows read, quarantined and their share, tables read.

    Args:
        kwaliteit: The build's quality table (``rijen_gelezen``, ``rijen_geweigerd``, ``tabel``).
        bron: The source line of the data (gemeente, exports and their date), shown last.

    Returns:
        The block.

    >>> k = pd.DataFrame({"tabel": ["a", "b"], "rijen_gelezen": [90, 10], "rijen_geweigerd": [4, 1]})
    >>> [p.tekst for p in kernpunten_kwaliteit(k).punten]
    ['100', '5', '5,0%', '2']
    """
    gelezen = int(kwaliteit["rijen_gelezen"].sum())
    geweigerd = int(kwaliteit["rijen_geweigerd"].sum())
    return kernpunten(
        [
            ("Regels gelezen", gelezen, "getal"),
            ("Regels in quarantaine", geweigerd, "getal"),
            ("Aandeel in quarantaine", geweigerd / gelezen if gelezen else None, "procent"),
            ("Tabellen ingelezen", kwaliteit["tabel"].nunique(), "getal"),
        ]
        + ([("Gegevens", bron, "tekst")] if bron else [])
    )


def kernpunten_volumes(toewijzingen: pd.DataFrame, laatste: int) -> Kernpunten:
    """Clients, instroom and uitstroom of the last year, all categories together.

    Args:
        toewijzingen: Processed toewijzingen (every category: a client counts once).
        laatste: The last full year.

    Returns:
        The block (counts under the threshold show the suppression sign).
    """
    from sdanalysis.analyse.volumes import jaarvolumes

    per_jaar = jaarvolumes(toewijzingen, (), "loop_van_het_jaar", eind=laatste).set_index("jaar")
    rij = per_jaar.loc[laatste]
    vorig = per_jaar["aantal_clienten"].get(laatste - 1)
    # the clients of all categories bound those per category in "Volumes in loop van jaar";
    # instroom and uitstroom of all categories do not (a client may move between them)
    _registreer_kerncijfers(
        {"jaar": laatste, "methode": "loop_van_het_jaar"},
        {"aantal_clienten": rij["aantal_clienten"]},
    )
    return kernpunten(
        [
            (f"Cliënten in zorg in {laatste}", rij["aantal_clienten"], "aantal"),
            (f"Instroom in {laatste}", rij["instroom_clienten"], "aantal"),
            (f"Uitstroom in {laatste}", rij["uitstroom_clienten"], "aantal"),
            (
                f"Verandering cliënten t.o.v. {laatste - 1}",
                rij["aantal_clienten"] / vorig - 1 if vorig else None,
                "procent",
            ),
        ]
    )


def kernpunten_declaraties(gekoppeld: pd.DataFrame, laatste: int) -> Kernpunten:
    """Declared amount of the last year, its change, and the clients behind it.

    Args:
        gekoppeld: Declaraties joined to toewijzingen (``jaar``, ``bedrag_eur``, ``client_id``).
        laatste: The last full year.

    Returns:
        The block.
    """
    per_jaar = gekoppeld.groupby("jaar")["bedrag_eur"].sum()
    vorig = per_jaar.get(laatste - 1)
    nu = per_jaar.get(laatste)
    return kernpunten(
        [
            (f"Gedeclareerd in {laatste}", nu, "euro"),
            (f"Verandering t.o.v. {laatste - 1}", nu / vorig - 1 if vorig else None, "procent"),
            (
                f"Cliënten met een declaratie in {laatste}",
                gekoppeld.loc[gekoppeld["jaar"] == laatste, "client_id"].nunique(),
                "aantal",
            ),
        ]
    )


def kernpunten_aanbieders(gekoppeld: pd.DataFrame, laatste: int) -> Kernpunten:
    """Providers with declaraties in the last year, their total and the largest one's share.

    Args:
        gekoppeld: Declaraties joined to toewijzingen (``jaar``, ``aanbieder_agb``, ``bedrag_eur``).
        laatste: The last full year.

    Returns:
        The block.
    """
    jaar = gekoppeld[gekoppeld["jaar"] == laatste]
    totaal = jaar["bedrag_eur"].sum()
    grootste = jaar.groupby("aanbieder_agb")["bedrag_eur"].sum().max() if len(jaar) else None
    return kernpunten(
        [
            (f"Aanbieders met declaraties in {laatste}", jaar["aanbieder_agb"].nunique(), "getal"),
            (f"Gedeclareerd in {laatste}", totaal, "euro"),
            (
                f"Aandeel van de grootste aanbieder in {laatste}",
                grootste / totaal if totaal else None,
                "procent",
            ),
        ]
    )


def kernpunten_meldingen(per_jaar: pd.DataFrame) -> Kernpunten:
    """Meldingen, toegekend and the median wachttijd of the last year (all wetten).

    Args:
        per_jaar: :func:`sdanalysis.analyse.meldingen.overzicht_per_jaar` (per jaar and wet).

    Returns:
        The block; the median is the largest of the wetten' medians (no pooled median
        is computed from medians).
    """
    jaar = int(per_jaar["jaar"].max())
    rij = per_jaar[per_jaar["jaar"] == jaar]
    meldingen, toegekend = rij["aantal_meldingen"].sum(), rij["aantal_toegekend"].sum()
    # totals over the wetten of "Doorlooptijden" and "Wachttijden": the audit weighs them
    _registreer_kerncijfers(
        {"jaar": jaar}, {"aantal_meldingen": meldingen, "aantal_toegekend": toegekend}
    )
    return kernpunten(
        [
            (f"Meldingen in {jaar}", meldingen, "aantal"),
            (f"Toegekend in {jaar}", toegekend, "aantal"),
            (
                f"Hoogste mediane wachttijd per wet in {jaar} (dagen)",
                rij["mediaan_wachttijd_dagen"].max(),
                "getal",
            ),
        ]
    )


def kernpunten_benchmark(iv3: pd.DataFrame, code: str, jaar: int) -> Kernpunten:
    """Lasten Wmo and Jeugd per inhabitant of the gemeente (every series), and its inhabitants.

    Args:
        iv3: The tidy Iv3 table.
        code: The gemeente's CBS code.
        jaar: The jaarrekening year.

    Returns:
        The block.
    """
    from sdanalysis.analyse.benchmark import lasten_per_inwoner_jaarrekening

    per_inwoner = lasten_per_inwoner_jaarrekening(iv3, jaar, niveau="reeks")
    eigen = per_inwoner[per_inwoner["gemeentecode"] == code]
    return kernpunten(
        [
            (
                f"Lasten Wmo en Jeugd per inwoner, jaarrekening {jaar}",
                eigen["lasten_per_inwoner_eur"].sum(),
                "euro",
            ),
            ("Inwoners", eigen["inwoners"].max(), "getal"),
        ]
    )


def kernpunten_programma(sectie) -> Kernpunten:
    """Target, realised effect and verdict of the programme's peiljaar and its last year.

    Args:
        sectie: :func:`sdanalysis.analyse.programma.programmasectie`.

    Returns:
        The block; the verdict is the calibrated rule's status with its reason beside it.
    """
    oordeel = sectie.oordeel_totaal.set_index("jaar")
    eind = sectie.jaren.eindjaar
    peil = sectie.jaren.peiljaar if sectie.jaren.peiljaar in oordeel.index else eind
    punten = [
        (f"Taakstelling {eind}", oordeel["taakstelling_eur"].get(eind), "euro"),
        (f"Gerealiseerd (structureel) in {eind}", oordeel["gerealiseerd_eur"].get(eind), "euro"),
    ]
    if peil in oordeel.index:
        punten.append(
            (f"Oordeel {peil}", oordeel.loc[peil, "status"], "tekst", oordeel.loc[peil, "reden"])
        )
    return kernpunten(punten)


def kernpunten_leeg(reden: str) -> Kernpunten:
    """The block of a page whose data are missing: it says so, in the same place.

    Args:
        reden: Why there are no key figures (e.g. ``"geen meldingen aangeleverd"``).

    Returns:
        A block with one point, "Niet beschikbaar", and the reason.

    >>> print(kernpunten_leeg("geen meldingen aangeleverd"))
    Kernpunten
    - Niet beschikbaar: geen meldingen aangeleverd
    """
    return kernpunten([("Niet beschikbaar", reden, "tekst")])


def kernpunten_zorg(sectie) -> Kernpunten:
    """Clients with a toewijzing and clients in care in the last month of the messages.

    Args:
        sectie: :func:`sdanalysis.analyse.zorg.zorgsectie`.

    Returns:
        The block (counts under the threshold show the suppression sign).
    """
    t = sectie.in_zorg_totaal
    laatste = t[t["periode_maand"] == t["periode_maand"].max()].set_index("reeks")
    maand = pd.Timestamp(t["periode_maand"].max()).strftime("%m-%Y")
    toegewezen = laatste["aantal_clienten"].get("met toewijzing")
    in_zorg = laatste["aantal_clienten"].get("in zorg")
    return kernpunten(
        [
            (f"Cliënten met een toewijzing, {maand}", toegewezen, "aantal"),
            (f"Cliënten echt in zorg, {maand}", in_zorg, "aantal"),
            (
                "Deel van de toegewezen cliënten in zorg",
                in_zorg / toegewezen if toegewezen else None,
                "procent",
            ),
        ]
    )
