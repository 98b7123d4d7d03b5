"""Shared plumbing of the public sources: where the files are, how they are read, one quarantine.

Public files are read with the same reader as the build (:func:`sdanalysis.bouw.lezen.lees_bladen`)
and rejected rows get the same quarantine columns as the build
(:func:`sdanalysis.bouw.valideren.lege_quarantaine`: tabel, bestand, rij, kolom, waarde,
reden). What the generic reader accepts but a public source does not (another separator
than the documented one, a missing column) raises :class:`PubliekeDataFout`.

>>> q = als_quarantaine([{"tabel": "iv3", "bestand": "x.csv", "rij": 4, "kolom": "Lasten",
...                       "waarde": "veel", "reden": "geen getal"}])
>>> q.dtypes.astype(str).tolist()
['string', 'string', 'Int64', 'string', 'string', 'string']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from sdanalysis import instellingen
from sdanalysis.bouw.lezen import RIJFOUT_KOLOM, LeesFout, RuwBestand, lees_bladen
from sdanalysis.bouw.valideren import lege_quarantaine
from sdanalysis.contracts import QUARANTAINE_KOLOMMEN, Kolom, Tabel

log = logging.getLogger(__name__)

#: Sub-folders of the external-data folder.
IV3_MAP = "iv3_gemeenten_begrotingsanalysetool"
CODELIJSTEN_MAP = "istandaarden_codelijsten_jaapjunior"
CBS_83262_MAP = "cbs_83262NED_wmo_clienten_cbsots_fixture"

_SCHEIDINGSTEKENS = {";": "';'", "\t": "tab", ",": "','", "|": "'|'"}


class PubliekeDataFout(ValueError):
    """A public data file that does not have the expected shape (Dutch message)."""


def extern(external: Path | str | None = None) -> Path:
    """The external public-data folder: ``external`` or :func:`instellingen.external_dir`.

    >>> extern("/tmp/publiek").name
    'publiek'
    """
    return Path(external) if external is not None else instellingen.external_dir()


def publiek_pad(*delen: str, external: Path | str | None = None) -> Path:
    """Path inside the external public-data folder; a clear error when it is missing.

    Args:
        *delen: Sub-folder(s) and file name.
        external: The public-data folder (default :func:`instellingen.external_dir`).

    Returns:
        The existing path.

    Raises:
        FileNotFoundError: with the folder searched and how to set it.

    >>> import tempfile
    >>> map_ = Path(tempfile.mkdtemp())
    >>> (map_ / IV3_MAP).mkdir()
    >>> publiek_pad(IV3_MAP, external=map_).name
    'iv3_gemeenten_begrotingsanalysetool'
    """
    basis = extern(external)
    pad = basis.joinpath(*delen)
    if not pad.exists():
        raise FileNotFoundError(
            f"Publiek bestand niet gevonden: {pad}. Verwacht de map met publieke data in "
            f"{basis} (stel SDANALYSIS_EXTERNAL in of zet ../shared/data/public neer)."
        )
    return pad


def nieuwste_bestand(map_: Path, patroon: str) -> Path:
    r"""The file in ``map_`` whose name matches ``patroon`` with the highest year.

    Args:
        map_: Folder to search.
        patroon: Regular expression on the file name with one group: the year.

    Returns:
        The file with the latest year.

    Raises:
        FileNotFoundError: no file matches.

    >>> import tempfile
    >>> map_ = Path(tempfile.mkdtemp())
    >>> for j in (2024, 2026):
    ...     _ = (map_ / f"lijst_{j}.md").write_text("x")
    >>> nieuwste_bestand(map_, r"lijst_(\d{4})\.md").name
    'lijst_2026.md'
    """
    gevonden = []
    for pad in map_.glob("*") if map_.is_dir() else []:
        m = re.fullmatch(patroon, pad.name)
        if m:
            gevonden.append((int(m.group(1)), pad))
    if not gevonden:
        raise FileNotFoundError(
            f"Geen bestand volgens patroon {patroon!r} in {map_}. Verwacht de map met publieke "
            "data (stel SDANALYSIS_EXTERNAL in of zet ../shared/data/public neer)."
        )
    return max(gevonden)[1]


def _contract(naam: str, kolommen: Sequence[str]) -> Tabel:
    return Tabel(naam=naam, kolommen=tuple(Kolom(k, "tekst") for k in kolommen), sleutel=())


def lees_tekstbestand(
    pad: Path | str, scheidingsteken: str, verplicht: Sequence[str], tabel: str = "publiek"
) -> RuwBestand:
    """Read a published text table with the build's reader and check its documented shape.

    The header is found as in the build (title rows and empty rows are skipped). The file
    must use the documented separator and hold every column of ``verplicht``.

    Args:
        pad: The file.
        scheidingsteken: The separator the source documents (``";"`` or a tab).
        verplicht: Column headers that must be present (as written in the source).
        tabel: Name used in messages.

    Returns:
        The raw cells with row numbers (:class:`sdanalysis.bouw.lezen.RuwBestand`).

    Raises:
        FileNotFoundError: the file does not exist.
        PubliekeDataFout: the file cannot be read, has another separator or lacks a column.
    """
    pad = Path(pad)
    if not pad.exists():
        raise FileNotFoundError(f"Bestand niet gevonden: {pad}")
    verwacht = _SCHEIDINGSTEKENS.get(scheidingsteken, repr(scheidingsteken))
    try:
        ruw = lees_bladen(pad, _contract(tabel, verplicht))[0]
    except LeesFout as e:
        raise PubliekeDataFout(
            f"{e} Verwacht {verwacht} als scheidingsteken met kolommen {list(verplicht)}."
        ) from e
    if ruw.scheidingsteken not in (None, scheidingsteken):
        gevonden = _SCHEIDINGSTEKENS.get(ruw.scheidingsteken, repr(ruw.scheidingsteken))
        raise PubliekeDataFout(
            f"{pad.name}: verwacht {verwacht} als scheidingsteken met kolommen "
            f"{list(verplicht)}. Het lijkt {gevonden}-gescheiden."
        )
    ontbrekend = [k for k in verplicht if k not in ruw.kolommen]
    if ontbrekend:
        raise PubliekeDataFout(
            f"{pad.name}: kolom(men) {ontbrekend} ontbreken; verwacht minstens {list(verplicht)}, "
            f"gevonden {ruw.kolommen}"
        )
    if ruw.codering not in (None, "utf-8-sig"):
        log.info("%s: gelezen als %s (verwacht UTF-8)", pad.name, ruw.codering)
    return ruw


def rijfouten(ruw: RuwBestand) -> pd.Series:
    """Per data row the reader's reason why it does not fit the header, else ``None``.

    The reader never cuts or pads a CSV row with more or fewer fields than the header
    silently; it notes the reason (see :data:`sdanalysis.bouw.lezen.RIJFOUT_KOLOM`).

    Args:
        ruw: A file read by :func:`lees_tekstbestand`.

    Returns:
        Reasons aligned with ``ruw.rijen`` (object dtype, ``None`` where the row fits).
    """
    if RIJFOUT_KOLOM in ruw.rijen.columns:
        return ruw.rijen[RIJFOUT_KOLOM].astype(object)
    return pd.Series([None] * len(ruw.rijen), index=ruw.rijen.index, dtype=object)


def als_quarantaine(records: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rejected rows in the build's quarantine format, sorted by row.

    Args:
        records: Dicts with the keys of :data:`sdanalysis.contracts.QUARANTAINE_KOLOMMEN`.

    Returns:
        A table like :func:`sdanalysis.bouw.valideren.lege_quarantaine`.
    """
    leeg = lege_quarantaine()
    df = pd.DataFrame(list(records), columns=list(QUARANTAINE_KOLOMMEN))
    df = df.astype(leeg.dtypes.to_dict()) if len(df) else leeg
    return df.sort_values("rij", kind="stable").reset_index(drop=True)
