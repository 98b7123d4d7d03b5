"""Cross-table enrichment in the build: categorie and taakveld, and THE declaraties join.

Two steps of the build (:func:`sdanalysis.bouw.pipeline.bouw`) that combine tables, done once
so that every analysis reads the same result:

- :func:`verrijk_toewijzingen` gives every toewijzing its ``categorie`` and ``taakveld``
  from ``productcodes`` (a row with a productcode first, then the default row of the
  productcategorie, else the iStandaarden description of the productcategorie).
- :func:`koppel_declaraties` attaches to every declaratie the client, wet, product,
  categorie, taakveld and aanbieder of its toewijzing. The build writes the result as the
  processed table ``declaraties_gekoppeld`` (see ``docs/begroting-pxq.md``); budget, P × Q
  and the provider dashboard read that table and never join again.

A declaratie whose toewijzing is unknown keeps its amount and gets ``gekoppeld = False`` and
:data:`sdanalysis.contracts.ONBEKEND` as client, wet, categorie and aanbieder (codes stay
empty). The build itself quarantines such declaraties, so in processed data every row is
matched; the label matters for frames joined outside the build.

>>> tw = pd.DataFrame({"toewijzingnummer": ["T1"], "client_id": ["c1"], "wet": ["JW"],
...     "categorie": ["Basis GGZ"], "aanbieder_agb": ["12345678"], "aanbieder_naam": ["A"]})
>>> dc = pd.DataFrame({"toewijzingnummer": ["T1", "X9"],
...     "periode_start": pd.to_datetime(["2019-01-01", "2019-02-01"]), "bedrag_eur": [100.0, 50.0]})
>>> koppel_declaraties(dc, tw)[["categorie", "jaar", "gekoppeld"]].values.tolist()
[['Basis GGZ', 2019, True], ['(onbekend)', 2019, False]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sdanalysis import codes as codemod
from sdanalysis.contracts import ONBEKEND, vereis_kolommen
from sdanalysis.weergave.stijl import format_euro

#: Name of the processed table with every declaratie joined to its toewijzing.
GEKOPPELD_TABEL = "declaraties_gekoppeld"

#: Columns of the toewijzing attached to every declaratie (when the toewijzing has them).
KENMERKEN = (
    "client_id",
    "wet",
    "productcategorie",
    "productcode",
    "categorie",
    "taakveld",
    "aanbieder_agb",
    "aanbieder_naam",
)
#: Of those, the labels that read :data:`~sdanalysis.contracts.ONBEKEND` for an unmatched
#: declaratie; the codes (productcategorie, productcode, taakveld) stay empty.
LABELS_ONBEKEND = ("client_id", "wet", "categorie", "aanbieder_agb", "aanbieder_naam")


# --------------------------------------------------------------------------- toewijzingen


def _vertaal_productcodes(tw: pd.DataFrame, pc: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Categorie and taakveld per toewijzing: the productcode row, else the category default.

    Translated once per distinct (wet, productcategorie, productcode) and spread over the
    rows: a million toewijzingen hold a few hundred combinations.

    >>> tw = pd.DataFrame({"wet": ["JW", "JW", "WMO"], "productcategorie": ["43", "43", "01"],
    ...     "productcode": ["43A01", "43X", None]})
    >>> pc = pd.DataFrame({"wet": ["JW", "JW"], "productcategorie": ["43", "43"],
    ...     "productcode": [None, "43A01"], "categorie": ["Categorie A", "Categorie B"],
    ...     "taakveld": ["6.72c", "6.72c"]})
    >>> cat, tv = _vertaal_productcodes(tw, pc)
    >>> cat.tolist(), tv.tolist()
    (['Categorie B', 'Categorie A', <NA>], ['6.72c', '6.72c', <NA>])
    """
    sleutel = ["wet", "productcategorie", "productcode"]
    per_rij = np.zeros(len(tw), dtype=np.int64)
    for k in sleutel:  # one number per combination (a missing code is a value of its own)
        codes, aantal = _codes(tw[k])
        per_rij = pd.factorize(per_rij * max(aantal, 1) + codes)[0]
    # numbered in order of appearance: the running maximum rises at each first row
    eerste = np.flatnonzero(np.diff(np.maximum.accumulate(per_rij), prepend=-1) > 0)
    cat, tv = _vertaal_uniek(tw[sleutel].iloc[eerste].reset_index(drop=True), pc)
    cat = pd.Series(cat.array.take(per_rij), index=tw.index, dtype="string")
    tv = pd.Series(tv.array.take(per_rij), index=tw.index, dtype="string")
    return cat, tv


def _codes(s: pd.Series) -> tuple[np.ndarray, int]:
    """A number per distinct value (missing is a value too), and how many there are.

    >>> _codes(pd.Series(["a", None, "a", "b"], dtype="string"))
    (array([0, 1, 0, 2]), 3)
    """
    if isinstance(s.array, pd.arrays.ArrowStringArray):  # in Arrow: no Python per value
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(s.array)
        if isinstance(arr, pa.ChunkedArray):  # one dictionary for all chunks
            arr = arr.combine_chunks()
        d = pc.dictionary_encode(arr, null_encoding="encode")
        return d.indices.to_numpy(zero_copy_only=False).astype(np.int64), len(d.dictionary)
    codes, uniek = pd.factorize(s, use_na_sentinel=False)
    return codes.astype(np.int64), len(uniek)


def _vertaal_uniek(tw: pd.DataFrame, pc: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """:func:`_vertaal_productcodes` by two joins (meant for the distinct combinations)."""
    specifiek = pc[pc["productcode"].notna()].drop_duplicates(
        ["wet", "productcategorie", "productcode"]
    )
    algemeen = pc[pc["productcode"].isna()].drop_duplicates(["wet", "productcategorie"])
    m1 = tw[["wet", "productcategorie", "productcode"]].merge(
        specifiek[["wet", "productcategorie", "productcode", "categorie", "taakveld"]],
        how="left",
        on=["wet", "productcategorie", "productcode"],
    )
    m2 = tw[["wet", "productcategorie"]].merge(
        algemeen[["wet", "productcategorie", "categorie", "taakveld"]],
        how="left",
        on=["wet", "productcategorie"],
    )
    cat = m1["categorie"].fillna(m2["categorie"]).astype("string")
    tv = m1["taakveld"].fillna(m2["taakveld"]).astype("string")
    cat.index = tv.index = tw.index
    return cat, tv


def _omschrijvingen(tw: pd.DataFrame) -> list[str]:
    """The iStandaarden description of each row's productcategorie (or a plain label)."""
    paren = tw[["wet", "productcategorie"]]
    omschr = {
        (w, c): codemod.omschrijving("productcategorie", c, wet=w)
        for w, c in paren.drop_duplicates().itertuples(index=False)
    }
    return [omschr.get((w, c)) or f"Productcategorie {c}" for w, c in paren.itertuples(index=False)]


def verrijk_toewijzingen(
    toewijzingen: pd.DataFrame, productcodes: pd.DataFrame | None
) -> tuple[pd.DataFrame, list[str]]:
    """Add ``categorie`` and ``taakveld`` to toewijzingen from ``productcodes``.

    A productcodes row with a productcode wins over the row without one (the default of the
    whole productcategorie). A toewijzing without any translation gets the iStandaarden
    description of its productcategorie as categorie and no taakveld.

    Args:
        toewijzingen: Validated toewijzingen (wet, productcategorie, productcode, ...).
        productcodes: Validated productcodes (wet, productcategorie, productcode, categorie,
            taakveld), or ``None`` when the gemeente delivered none.

    Returns:
        A new frame with ``categorie`` and ``taakveld`` right after ``productcode``, and the
        Dutch warnings of the build (rows without translation).

    >>> tw = pd.DataFrame({"wet": ["JW"], "productcategorie": ["43"], "productcode": ["43A01"]})
    >>> pc = pd.DataFrame({"wet": ["JW"], "productcategorie": ["43"], "productcode": [None],
    ...     "categorie": ["Verblijf"], "taakveld": ["6.72c"]})
    >>> uit, w = verrijk_toewijzingen(tw, pc)
    >>> uit.columns.tolist(), uit.loc[0, "categorie"], w
    (['wet', 'productcategorie', 'productcode', 'categorie', 'taakveld'], 'Verblijf', [])
    """
    tw, zonder = verrijk_toewijzingen_deel(toewijzingen, productcodes)
    heeft_pc = productcodes is not None and not productcodes.empty
    return tw, [melding_zonder_vertaling(zonder)] if zonder and heeft_pc else []


def melding_zonder_vertaling(aantal: int) -> str:
    """The build's warning for toewijzingen without a translation in productcodes.

    >>> melding_zonder_vertaling(3)[:36]
    'toewijzingen: 3 regel(s) zonder vert'
    """
    return (
        f"toewijzingen: {aantal} regel(s) zonder vertaling in productcodes; "
        "categorie = omschrijving van de productcategorie"
    )


def verrijk_toewijzingen_deel(
    toewijzingen: pd.DataFrame, productcodes: pd.DataFrame | None
) -> tuple[pd.DataFrame, int]:
    """:func:`verrijk_toewijzingen` of one part of the table, with the rows left untranslated.

    A build in batches (:mod:`sdanalysis.bouw.stroom`) enriches part by part and adds up
    the counts for one warning.

    >>> tw = pd.DataFrame({"wet": ["JW"], "productcategorie": ["43"], "productcode": ["X"]})
    >>> verrijk_toewijzingen_deel(tw, None)[1]
    1
    """
    tw = toewijzingen.copy(deep=False)  # columns are added, none changed
    heeft_pc = productcodes is not None and not productcodes.empty
    if heeft_pc:
        cat, tv = _vertaal_productcodes(tw, productcodes)
    else:
        cat = pd.Series(pd.NA, index=tw.index, dtype="string")
        tv = pd.Series(pd.NA, index=tw.index, dtype="string")
    zonder = cat.isna()
    if zonder.any():
        cat[zonder] = _omschrijvingen(tw.loc[zonder])
    pos = list(tw.columns).index("productcode") + 1
    tw.insert(pos, "categorie", cat.astype("string"))
    tw.insert(pos + 1, "taakveld", tv.astype("string"))
    return tw, int(zonder.sum())


# --------------------------------------------------------------------------- declaraties


def aanbieder_namen(toewijzingen: pd.DataFrame) -> pd.Series:
    """One name per AGB code: the most frequent ``aanbieder_naam`` (names vary by export).

    Ties go to the alphabetically first name; without a name column the AGB code is the name.

    Args:
        toewijzingen: Frame with ``aanbieder_agb`` and optionally ``aanbieder_naam``.

    Returns:
        Series AGB code (text) -> name.

    >>> t = pd.DataFrame({"aanbieder_agb": ["1", "1", "1"], "aanbieder_naam": ["B", "A", "B"]})
    >>> aanbieder_namen(t).to_dict()
    {'1': 'B'}
    """
    if "aanbieder_naam" not in toewijzingen.columns:
        agb = toewijzingen["aanbieder_agb"].astype("str").unique()
        return pd.Series(agb, index=agb, name="aanbieder_naam")
    t = toewijzingen[["aanbieder_agb", "aanbieder_naam"]].astype("str")
    n = t.value_counts().reset_index()
    n = n.sort_values(["aanbieder_agb", "count", "aanbieder_naam"], ascending=[True, False, True])
    return n.drop_duplicates("aanbieder_agb").set_index("aanbieder_agb")["aanbieder_naam"]


def _controleer_uniek(toewijzingen: pd.DataFrame) -> None:
    dubbel = toewijzingen["toewijzingnummer"].duplicated()
    if dubbel.any():
        voorbeeld = toewijzingen.loc[dubbel, "toewijzingnummer"].astype(str).head(3).tolist()
        raise ValueError(
            f"toewijzingen: toewijzingnummer is niet uniek ({int(dubbel.sum())} dubbel, "
            f"bijv. {voorbeeld}); een declaratie zou dan meer dan eens meetellen."
        )


def kenmerken(toewijzingen: pd.DataFrame) -> pd.DataFrame:
    """The toewijzing columns a declaratie gets, one row per toewijzingnummer (its index).

    Computed once per build; :func:`koppel_declaraties` uses it for every part of the
    declaraties. ``aanbieder_naam`` is one name per AGB code (:func:`aanbieder_namen`).

    Raises:
        ValueError: a toewijzingnummer occurs twice.

    >>> t = pd.DataFrame({"toewijzingnummer": ["T1"], "aanbieder_agb": ["1"]})
    >>> kenmerken(t).columns.tolist(), kenmerken(t).index.tolist()
    (['aanbieder_agb', 'aanbieder_naam', 'gekoppeld'], ['T1'])
    """
    vereis_kolommen(toewijzingen, ["toewijzingnummer"], "toewijzingen")
    _controleer_uniek(toewijzingen)
    kolommen = [k for k in KENMERKEN if k in toewijzingen.columns and k != "aanbieder_naam"]
    rechts = toewijzingen[["toewijzingnummer", *kolommen]].copy()
    rechts["toewijzingnummer"] = rechts["toewijzingnummer"].astype("str")
    if "aanbieder_agb" in rechts.columns:
        agb = rechts["aanbieder_agb"].astype("str")
        rechts["aanbieder_naam"] = agb.map(aanbieder_namen(toewijzingen)).astype("str")
    rechts["gekoppeld"] = True
    return rechts.set_index("toewijzingnummer")


def koppel_declaraties(
    declaraties: pd.DataFrame,
    toewijzingen: pd.DataFrame | None = None,
    kenmerken_: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Join every declaratie to its toewijzing (the one join of the build).

    Args:
        declaraties: Validated declaraties (toewijzingnummer, periode_start, bedrag_eur, ...).
        toewijzingen: Enriched toewijzingen (:func:`verrijk_toewijzingen`); toewijzingnummer
            must be unique.
        kenmerken_: Instead of ``toewijzingen``: their :func:`kenmerken`, computed once for
            a build that joins the declaraties part by part.

    Returns:
        One row per declaratie, in input order: the declaratie's columns, the toewijzing's
        :data:`KENMERKEN` that exist (``aanbieder_naam`` is the most frequent name of the AGB
        code, :func:`aanbieder_namen`), ``jaar`` (year of ``periode_start``) and the bool
        ``gekoppeld``. Unmatched rows keep their amount; their :data:`LABELS_ONBEKEND` read
        :data:`~sdanalysis.contracts.ONBEKEND`.

    Raises:
        ValueError: Columns missing, or a toewijzingnummer occurs twice in toewijzingen.
    """
    vereis_kolommen(declaraties, ["toewijzingnummer", "periode_start", "bedrag_eur"], "declaraties")
    rechts = kenmerken(toewijzingen) if kenmerken_ is None else kenmerken_
    links = declaraties.drop(columns=[k for k in rechts.columns if k in declaraties.columns])
    links = links.drop(columns=[k for k in ("toewijzingnummer", "jaar") if k in links.columns])
    links.insert(0, "toewijzingnummer", declaraties["toewijzingnummer"].astype("str"))
    links = links.reset_index(drop=True)
    plek = rechts.index.get_indexer(links["toewijzingnummer"])  # the index is unique
    erbij = rechts.reset_index(drop=True).take(np.maximum(plek, 0)).reset_index(drop=True)
    erbij = erbij.where(pd.Series(plek >= 0), None) if (plek < 0).any() else erbij
    uit = pd.concat([links, erbij], axis=1)
    uit["gekoppeld"] = uit["gekoppeld"].astype("boolean").fillna(False).astype(bool)
    for k in LABELS_ONBEKEND:
        if k in uit.columns:
            uit[k] = uit[k].astype("str").where(uit["gekoppeld"], ONBEKEND)
    if "aanbieder_naam" in uit.columns:
        # a toewijzing without a provider name (e.g. from iJw/iWmo messages, which carry only
        # the AGB code): the name is unknown, and a group-by must not drop its euros
        uit["aanbieder_naam"] = uit["aanbieder_naam"].fillna(ONBEKEND)
    uit["jaar"] = pd.to_datetime(uit["periode_start"]).dt.year.astype("int64")
    volgorde = [k for k in declaraties.columns if k in links.columns]
    extra = [k for k in KENMERKEN if k in uit.columns]
    return uit[[*volgorde, *extra, "jaar", "gekoppeld"]]


def melding_ongekoppeld(gekoppeld: pd.DataFrame) -> str | None:
    """Dutch warning for declaraties without toewijzing, or ``None`` when all matched.

    >>> g = pd.DataFrame({"gekoppeld": [True, False], "bedrag_eur": [10.0, 75.0]})
    >>> melding_ongekoppeld(g)
    "declaraties: 1 regel(s) zonder toewijzing (samen € 75); ze tellen mee als '(onbekend)'"
    """
    los = ~gekoppeld["gekoppeld"].astype(bool)
    if not los.any():
        return None
    bedrag = format_euro(float(gekoppeld.loc[los, "bedrag_eur"].sum()), precies=True)
    return (
        f"declaraties: {int(los.sum())} regel(s) zonder toewijzing (samen {bedrag}); "
        f"ze tellen mee als '{ONBEKEND}'"
    )
