"""Display tables: one way to show a DataFrame in a notebook, the HTML report and print.

Analyses return numbers with meaningful column names (``bedrag_eur``, ``aantal_clienten``,
``aandeel_fractie``). :func:`toon` turns such a frame into a pandas ``Styler`` with Dutch
column labels, no index, Dutch number formats chosen from the column's unit suffix, ja/nee
for booleans, the agreed sign for missing and suppressed cells, and all text escaped for
HTML. Notebooks call :func:`toon`; they do not format numbers themselves.

>>> import pandas as pd
>>> df = pd.DataFrame({"categorie": ["<b>Jeugd</b>"], "bedrag_eur": [1500.0],
...                    "aantal_clienten": [12], "aandeel_fractie": [0.125], "actief": [True]})
>>> weergave = als_tekst(df)
>>> weergave.columns.tolist()
['Categorie', 'Bedrag (€)', 'Aantal cliënten', 'Aandeel', 'Actief']
>>> weergave.iloc[0].tolist()
['<b>Jeugd</b>', '€ 1.500', '12', '12,5%', 'ja']
>>> "&lt;b&gt;Jeugd&lt;/b&gt;" in toon(df).to_html()
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from sdanalysis import instellingen
from sdanalysis.weergave.stijl import LEEG, format_aantal, format_euro, format_getal, format_procent

#: Column names whose Dutch label is not simply the name with spaces.
LABELS: dict[str, str] = {
    "clienten": "Cliënten",
    "aantal_clienten": "Aantal cliënten",
    "client": "Cliënt",
    "periode_maand": "Maand",
    "wet": "Wet",
    "jaar": "Jaar",
    "hhi": "HHI",
    "mediaan_doorlooptijd_ci_laag_dagen": "Mediaan doorlooptijd: ondergrens 95%-interval (dagen)",
    "mediaan_doorlooptijd_ci_hoog_dagen": "Mediaan doorlooptijd: bovengrens 95%-interval (dagen)",
    "mediaan_wachttijd_ci_laag_dagen": "Mediaan wachttijd: ondergrens 95%-interval (dagen)",
    "mediaan_wachttijd_ci_hoog_dagen": "Mediaan wachttijd: bovengrens 95%-interval (dagen)",
    "mediaan_duur_ci_laag_dagen": "Mediaan duur: ondergrens 95%-interval (dagen)",
    "mediaan_duur_ci_hoog_dagen": "Mediaan duur: bovengrens 95%-interval (dagen)",
    "verschil_realisatie_min_primitief_eur": "Verschil realisatie − primitieve begroting (€)",
    "verschil_realisatie_min_primitief_fractie": "Verschil realisatie − primitieve begroting (relatief)",
    "verschil_realisatie_min_gewijzigd_eur": "Verschil realisatie − gewijzigde begroting (€)",
    "verschil_realisatie_min_gewijzigd_fractie": "Verschil realisatie − gewijzigde begroting (relatief)",
    "verschil_reconstructie_min_begroting_eur": "Verschil herbouwd − begroting (€)",
    "verschil_reconstructie_min_begroting_fractie": "Verschil herbouwd − begroting (relatief, van herbouwd)",
    "verschil_realisatie_min_declaraties_eur": "Verschil realisatie − declaraties (€)",
    "verschil_realisatie_min_declaraties_fractie": "Verschil realisatie − declaraties (relatief, van realisatie)",
    "verschil_jaarrekening_min_begroting_eur": "Verschil jaarrekening − begroting (€)",
    "verschil_jaarrekening_min_begroting_fractie": "Verschil jaarrekening − begroting (relatief)",
    "gem_verschil_realisatie_min_primitief_fractie": "Gemiddeld verschil realisatie − primitieve begroting (relatief)",
    "gem_verschil_realisatie_min_gewijzigd_fractie": "Gemiddeld verschil realisatie − gewijzigde begroting (relatief)",
    "verschil_vergelijk_min_basis_eur": "Verschil vergelijking − basis (€)",
    "verschil_gemeente_min_mediaan_eur": "Verschil gemeente − mediaan (€)",
}

#: Words inside labels that carry diacritics in Dutch.
_WOORDEN = {
    "clienten": "cliënten",
    "client": "cliënt",
    "beeindigd": "beëindigd",
    "categorieen": "categorieën",
    "financiele": "financiële",
}

_EENHEDEN = (
    ("_eur", " (€)"),
    ("_dagen", " (dagen)"),
    ("_weken", " (weken)"),
    ("_fractie", ""),
    ("_pct", " (%)"),
    ("_uren", " (uren)"),
)

Formatter = Callable[[object], str]


def label(kolom: str) -> str:
    """Dutch label for a column name.

    Args:
        kolom: Column name in snake_case with a unit suffix.

    Returns:
        A readable label with the unit in brackets.

    >>> label("kosten_per_client_eur"), label("wachttijd_mediaan_dagen"), label("jaar")
    ('Kosten per cliënt (€)', 'Wachttijd mediaan (dagen)', 'Jaar')
    """
    if kolom in LABELS:
        return LABELS[kolom]
    naam, eenheid = str(kolom), ""
    for suffix, tekst in _EENHEDEN:
        if naam.endswith(suffix) and naam != suffix.strip("_"):
            naam, eenheid = naam[: -len(suffix)], tekst
            break
    woorden = [_WOORDEN.get(w, w) for w in naam.split("_") if w]
    tekst = " ".join(woorden)
    return (tekst[:1].upper() + tekst[1:] + eenheid) if tekst else str(kolom)


def _ja_nee(x: object) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and x != x):
        return LEEG
    return "ja" if bool(x) else "nee"


def _tekst(x: object) -> str:
    """Any cell of a text column as Dutch text: lists joined, numbers and booleans formatted.

    >>> [_tekst(v) for v in (None, ["a", "b"], 15232.0, 2.5, True, "x")]
    ['–', 'a, b', '15.232', '2,5', 'ja', 'x']
    """
    import numpy as np

    if isinstance(x, list | tuple | set | frozenset | np.ndarray):
        return ", ".join(_tekst(v) for v in x)
    if _leeg(x):
        return LEEG
    if isinstance(x, bool | np.bool_):
        return _ja_nee(x)
    if isinstance(x, int | np.integer):
        return format_aantal(x)
    if isinstance(x, float | np.floating):
        return format_getal(x, decimalen=0 if float(x).is_integer() else 1)
    return str(x)


def _heel(reeks: pd.Series) -> bool:
    """Whether every value of a float column is a whole number (e.g. a count as 15232.0)."""
    waarden = reeks.dropna()
    return bool(len(waarden)) and bool((waarden == waarden.round()).all())


def formatter_voor(kolom: str, reeks: pd.Series) -> Formatter:
    """The formatter for one column, chosen from its unit suffix and dtype.

    Args:
        kolom: Column name.
        reeks: The column.

    Returns:
        A function value -> Dutch text.

    >>> formatter_voor("bedrag_eur", pd.Series([1.0]))(1234.5)
    '€ 1.235'
    >>> formatter_voor("jaar", pd.Series([2020]))(2020)
    '2020'
    """
    naam = str(kolom)
    if naam.endswith("_eur"):
        return lambda x: format_euro(x, precies=True)
    if naam.endswith("_fractie"):
        return lambda x: format_procent(x, decimalen=1)
    if pd.api.types.is_bool_dtype(reeks):
        return _ja_nee
    if naam in ("jaar", "basisjaar", "peiljaar") or naam.endswith("_jaar"):
        return lambda x: LEEG if pd.isna(x) else str(int(x))
    if (
        pd.api.types.is_integer_dtype(reeks)
        or naam.startswith("aantal")
        or naam in ("clienten", "instroom", "uitstroom")
    ):
        return format_aantal
    if pd.api.types.is_float_dtype(reeks):
        decimalen = 0 if _heel(reeks) else 1
        return lambda x: format_getal(x, decimalen=decimalen)
    if pd.api.types.is_datetime64_any_dtype(reeks):
        return lambda x: LEEG if pd.isna(x) else pd.Timestamp(x).strftime("%d-%m-%Y")
    return _tekst


def als_tekst(
    df: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    opmaak: Mapping[str, Formatter] | None = None,
) -> pd.DataFrame:
    """The display text of a table: Dutch labels and formatted cells, markers removed.

    Suppressed cells (marker ``<kolom>_onderdrukt`` or row marker ``is_onderdrukt`` with a
    missing value, see :mod:`sdanalysis.weergave.suppressie`) show the suppression sign.

    Args:
        df: Table of numbers.
        labels: Column -> label, overriding :func:`label`.
        opmaak: Column -> formatter, overriding :func:`formatter_voor`.

    Returns:
        A new frame of strings with Dutch labels and a plain range index.
    """
    from sdanalysis.weergave.suppressie import MARKER_KOLOM, MARKER_SUFFIX

    labels = dict(labels or {})
    opmaak = dict(opmaak or {})
    rij = df[MARKER_KOLOM].astype(bool) if MARKER_KOLOM in df.columns else None
    teken = instellingen.SUPPRESSIE_TEKEN
    uit = {}
    for kolom in df.columns:
        if str(kolom).endswith(MARKER_SUFFIX) or kolom == MARKER_KOLOM:
            continue
        f = opmaak.get(kolom) or formatter_voor(str(kolom), df[kolom])
        marker = f"{kolom}{MARKER_SUFFIX}"
        if marker in df.columns:
            verborgen = df[marker].fillna(False).astype(bool).to_numpy()
        elif rij is not None:
            verborgen = (rij & df[kolom].isna()).to_numpy()
        else:
            verborgen = [False] * len(df)
        tekst = [
            teken if v else (LEEG if _leeg(x) else f(x))
            for v, x in zip(verborgen, df[kolom], strict=True)
        ]
        uit[labels.get(kolom) or label(str(kolom))] = tekst
    return pd.DataFrame(uit, index=pd.RangeIndex(len(df)), dtype="string")


def _leeg(x: object) -> bool:
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def toon(
    df: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    opmaak: Mapping[str, Formatter] | None = None,
    titel: str | None = None,
):
    """A display table for notebooks and the HTML report.

    Args:
        df: Table of numbers (not mutated).
        labels: Column -> label, overriding :func:`label`.
        opmaak: Column -> formatter, overriding :func:`formatter_voor`.
        titel: Caption above the table.

    Returns:
        A pandas ``Styler``: no index, text escaped for HTML, numbers right-aligned.
    """
    from sdanalysis.weergave.publicatie import registreer

    registreer(df, "tabel", titel)  # only while the report runs: the audit sees every table
    tekst = als_tekst(df, labels, opmaak)
    styler = tekst.style.hide(axis="index").format(escape="html", na_rep=LEEG)
    styler = styler.set_table_attributes('class="sd-tabel"')
    rechts = [
        c
        for c, k in zip(tekst.columns, [k for k in df.columns if _zichtbaar(k, df)], strict=False)
        if not _is_tekstkolom(df[k])
    ]
    if rechts:
        styler = styler.set_properties(subset=rechts, **{"text-align": "right"})
    links = [c for c in tekst.columns if c not in rechts]
    if links:
        styler = styler.set_properties(subset=links, **{"text-align": "left"})
    if titel:
        styler = styler.set_caption(_escape(titel))
    return styler


def _zichtbaar(kolom: object, df: pd.DataFrame) -> bool:
    from sdanalysis.weergave.suppressie import MARKER_KOLOM, MARKER_SUFFIX

    return not (str(kolom).endswith(MARKER_SUFFIX) or kolom == MARKER_KOLOM)


def _is_tekstkolom(reeks: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(reeks) and not pd.api.types.is_bool_dtype(reeks))


def _escape(tekst: str) -> str:
    import html

    return html.escape(tekst)


def niet_beschikbaar(wat: str, reden: str) -> str:
    """The Dutch note for a section that cannot be shown, e.g. for a missing table.

    Args:
        wat: The section.
        reden: Why not.

    Returns:
        One line, e.g. ``Niet beschikbaar: meldingen (geen meldingen aangeleverd)``.

    >>> niet_beschikbaar("Wachttijden", "geen meldingen aangeleverd")
    'Niet beschikbaar: Wachttijden (geen meldingen aangeleverd)'
    """
    return f"Niet beschikbaar: {wat} ({reden})"


def beschikbaar(voorwaarde: object, wat: str, reden: str) -> bool:
    """Whether a section can be shown; when not, print its :func:`niet_beschikbaar` note.

    For notebooks: ``if beschikbaar(declaraties, "Kosten per cliënt", "geen declaraties
    aangeleverd"):`` runs the section or says, in the output, why it is missing.

    Args:
        voorwaarde: Truthy when the section's data are there.
        wat: The section.
        reden: Why not, when not.

    Returns:
        ``bool(voorwaarde)``.

    >>> beschikbaar(False, "Wachttijden", "geen meldingen aangeleverd")
    Niet beschikbaar: Wachttijden (geen meldingen aangeleverd)
    False
    """
    if not voorwaarde:
        from IPython.display import display

        display(_Melding(niet_beschikbaar(wat, reden)))
    return bool(voorwaarde)


def toon_of_melding(tabel: pd.DataFrame | None, wat: str, reden: str, **opties: object):
    """The table through :func:`toon`, or the "Niet beschikbaar" note when there is none.

    For a section whose table may be empty for a gemeente (a test that needs months on both
    sides of a date, a year without data): never an empty table on the page.

    Args:
        tabel: The table; ``None`` or empty shows the note.
        wat: The section.
        reden: Why it can be missing.
        **opties: Passed to :func:`toon` (e.g. ``titel``).

    Returns:
        A Styler, or the note (both show themselves as the last expression of a cell).

    >>> toon_of_melding(pd.DataFrame(), "Breuktoets", "te weinig maanden")
    Niet beschikbaar: Breuktoets (te weinig maanden)
    """
    if tabel is None or len(tabel) == 0:
        return _Melding(niet_beschikbaar(wat, reden))
    return toon(tabel, **opties)  # type: ignore[arg-type]


class _Melding:
    """A one-line note for notebook output: plain text, or escaped HTML in a page."""

    def __init__(self, tekst: str) -> None:
        self.tekst = tekst

    def __repr__(self) -> str:
        return self.tekst

    def _repr_html_(self) -> str:
        return f'<p class="sd-niet-beschikbaar">{_escape(self.tekst)}</p>'


def _als_platte_tabel(df: pd.DataFrame) -> pd.DataFrame:
    """A frame whose index and column levels become ordinary columns (nothing is hidden).

    >>> df = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["a", "b"], name="categorie"))
    >>> _als_platte_tabel(df).columns.tolist()
    ['categorie', 'n']
    """
    uit = df
    if isinstance(uit.columns, pd.MultiIndex):
        uit = uit.set_axis([" – ".join(str(d) for d in k if str(d)) for k in uit.columns], axis=1)
    if not (isinstance(uit.index, pd.RangeIndex) and uit.index.name is None):
        uit = uit.reset_index()
    uit.columns = [str(c) for c in uit.columns]
    return uit


def html_tabel(df: pd.DataFrame, max_rijen: int = 60) -> str:
    """HTML of any DataFrame through :func:`toon` (for a report kernel's display hook).

    A meaningful index becomes a column; a long frame shows its first and last rows with a
    Dutch caption saying how many rows there are.

    Args:
        df: Any frame.
        max_rijen: More rows than this are shortened.

    Returns:
        The HTML table.

    >>> "Aantal cliënten" in html_tabel(pd.DataFrame({"aantal_clienten": [12]}))
    True
    >>> "eerste 3 en laatste 3 van 100 rijen" in html_tabel(pd.DataFrame({"n": range(100)}), 6)
    True
    """
    plat = _als_platte_tabel(df)
    titel = None
    if len(plat) > max_rijen:
        helft = max_rijen // 2
        titel = f"Getoond: eerste {helft} en laatste {helft} van {format_aantal(len(plat))} rijen"
        plat = pd.concat([plat.head(helft), plat.tail(helft)], ignore_index=True)
    return toon(plat, titel=titel).to_html()


def registreer_weergave(shell=None) -> None:
    """Show every DataFrame in this kernel through :func:`toon` (Dutch labels, no index).

    Called by the report before a notebook runs, so a table a notebook shows without
    :func:`toon` still reaches the reader in the house format.
    """
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, html_tabel)
