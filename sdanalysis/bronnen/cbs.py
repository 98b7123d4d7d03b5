"""CBS StatLine: raw OData files and ``cbsodata`` frames into one long table; cached downloads.

Users meet CBS tables in two shapes: the raw OData files (data + dimension files with padded
keys like ``"NL01  "``) -> :func:`laad_cbs_ruw`, and the frame of ``cbsodata.get_data``
(dimension titles such as ``"Hengelo (O.)"``) -> :func:`lees_cbsodata`. Both give the same
long table with ``gemeentecode``; suppressed values (``.``) stay missing, never zero. The
files are read with pandas, not the build's reader (see :func:`_lees_meta`). :func:`fetch_cbs` downloads and caches
a table; it fails at once without a network and can be tested with a stand-in ``cbsodata``.

>>> periode_sleutel("2019 3e kwartaal")
'2019KW03'
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.bronnen.bestanden import (
    CBS_83262_MAP,
    PubliekeDataFout,
    extern,
    publiek_pad,
)
from sdanalysis.bronnen.gemeenten import naam_sleutel, naar_gemeentecode

#: Values that CBS uses for a missing or suppressed figure (after stripping spaces).
CBS_ONTBREKEND = frozenset({"", ".", "x", "-", "?"})
#: Columns of the long CBS table.
CBS_KOLOMMEN_VAST = (
    "gemeentecode",
    "regio_naam",
    "perioden",
    "jaar",
    "periode_soort",
    "periode_titel",
    "periode_status",
    "onderwerp",
    "onderwerp_titel",
    "eenheid",
    "waarde",
)
#: Topics of 83262NED (Wmo-cliënten) and their column names in :func:`wmo_clienten_per_jaar`.
WMO_83262_ONDERWERPEN = {
    "WmoClienten_1": "aantal_clienten",
    "WmoClientenPer1000Inwoners_2": "clienten_per_1000_inwoners",
}


class CBSDownloadFout(RuntimeError):
    """A CBS download that failed; the cache is left as it was."""


# --------------------------------------------------------------------------------------
# CBS StatLine
# --------------------------------------------------------------------------------------

_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _periode_uit_sleutel(sleutel: str) -> tuple[int | None, str | None]:
    m = re.fullmatch(r"(\d{4})([A-Z]{2})(\d{2})", sleutel.strip())
    if not m:
        return None, None
    return int(m.group(1)), m.group(2)


def periode_sleutel(titel: str) -> str | None:
    """CBS period key for a period title as ``cbsodata`` returns it.

    Args:
        titel: e.g. ``"2019"``, ``"1e halfjaar 2019"``, ``"2019 3e kwartaal"``, ``"2019 maart"``,
            ``"2020*"`` (voorlopig), or already a key (``"2019JJ00"``).

    Returns:
        The key (``"2019JJ00"``, ``"2019HJ01"``, ``"2019KW03"``, ``"2019MM03"``) or ``None``.

    >>> titels = ["2019", "1e halfjaar 2015", "2019 3e kwartaal", "2019 maart", "x"]
    >>> [periode_sleutel(t) for t in titels]
    ['2019JJ00', '2015HJ01', '2019KW03', '2019MM03', None]
    """
    t = str(titel).strip().rstrip("*").strip().lower()
    if re.fullmatch(r"\d{4}[a-z]{2}\d{2}", t):
        return t.upper()
    jaar = re.search(r"\b(\d{4})\b", t)
    if not jaar:
        return None
    j = jaar.group(1)
    rest = t.replace(j, " ").strip()
    if rest == "":
        return f"{j}JJ00"
    nummer = re.search(r"(\d)e", rest)
    if "halfjaar" in rest and nummer:
        return f"{j}HJ{int(nummer.group(1)):02d}"
    if "kwartaal" in rest and nummer:
        return f"{j}KW{int(nummer.group(1)):02d}"
    for i, maand in enumerate(_MAANDEN, start=1):
        if rest == maand:
            return f"{j}MM{i:02d}"
    return None


def _waarde(tekst: object) -> float | None:
    """CBS value to float; missing/suppressed → NaN; ``None`` when not a number."""
    if tekst is None:
        return float("nan")
    if isinstance(tekst, int | float | np.integer | np.floating):
        return float(tekst)
    if not isinstance(tekst, str) and pd.isna(tekst):
        return float("nan")
    t = str(tekst).strip()
    if t in CBS_ONTBREKEND:
        return float("nan")
    try:
        return float(t)
    except ValueError:
        return None


def _naar_getallen(reeks: pd.Series, wat: str) -> pd.Series:
    waarden = [_waarde(v) for v in reeks.tolist()]
    fout = [v for v, w in zip(reeks.tolist(), waarden, strict=True) if w is None]
    if fout:
        raise PubliekeDataFout(
            f"{wat}: waarde(n) {sorted({str(v) for v in fout})[:5]} zijn geen getal; verwacht een "
            f"getal of een CBS-teken voor ontbrekend ({sorted(CBS_ONTBREKEND)})"
        )
    return pd.Series(waarden, index=reeks.index, dtype="Float64").where(
        ~pd.isna(pd.Series(waarden, index=reeks.index)), pd.NA
    )


def _lees_meta(map_: Path, naam: str) -> pd.DataFrame | None:
    """One file of a CBS table as text cells: ``<naam>.csv`` or the ``.json`` of cbsodata.

    Not through the build's reader: CBS files hold descriptions over several lines inside
    quotes, on which its separator guess (per physical line) fails; pandas parses them.
    """
    csv_pad, json_pad = map_ / f"{naam}.csv", map_ / f"{naam}.json"
    if csv_pad.exists():
        try:
            return pd.read_csv(csv_pad, dtype=str, keep_default_na=False, encoding="utf-8")
        except (pd.errors.ParserError, UnicodeDecodeError) as e:
            raise PubliekeDataFout(f"{csv_pad.name}: niet te lezen als CSV ({e})") from e
    if json_pad.exists():
        inhoud = json.loads(json_pad.read_text(encoding="utf-8"))
        df = pd.DataFrame(inhoud)
        return df.astype(object).where(df.notna(), "").astype(str) if len(df) else df
    return None


def _lang_cbs(
    data: pd.DataFrame,
    dims: list[tuple[str, str]],
    topics: list[tuple[str, str, str]],
    titels: dict[str, dict[str, str]],
    status: dict[str, str],
    bron: str,
) -> pd.DataFrame:
    """Shared builder of the long CBS table. ``data`` holds stripped keys per dimension."""
    n = len(data)
    basis = pd.DataFrame(index=range(n))
    for key, soort in dims:
        sleutels = data[key].astype(str).str.strip().to_numpy()
        if soort == "GeoDimension":
            basis["gemeentecode"] = sleutels
            basis["regio_naam"] = [titels.get(key, {}).get(s, pd.NA) for s in sleutels]
        elif soort == "TimeDimension":
            basis["perioden"] = sleutels
            delen = [_periode_uit_sleutel(s) for s in sleutels]
            basis["jaar"] = pd.array([d[0] for d in delen], dtype="Int64")
            basis["periode_soort"] = [d[1] for d in delen]
            basis["periode_titel"] = [titels.get(key, {}).get(s, pd.NA) for s in sleutels]
            basis["periode_status"] = [status.get(s, pd.NA) for s in sleutels]
        else:
            basis[key] = sleutels
            basis[f"{key}_titel"] = [titels.get(key, {}).get(s, pd.NA) for s in sleutels]
    delen = []
    for key, titel, eenheid in topics:
        deel = basis.copy()
        deel["onderwerp"] = key
        deel["onderwerp_titel"] = titel
        deel["eenheid"] = eenheid
        deel["waarde"] = _naar_getallen(data[key], f"{bron} kolom {key!r}").to_numpy()
        delen.append(deel)
    uit = pd.concat(delen, ignore_index=True) if delen else basis
    for kolom in CBS_KOLOMMEN_VAST:
        if kolom not in uit.columns:
            uit[kolom] = pd.NA
    overig = [k for k in uit.columns if k not in CBS_KOLOMMEN_VAST]
    uit = uit[list(CBS_KOLOMMEN_VAST[:7]) + overig + list(CBS_KOLOMMEN_VAST[7:])]
    tekst = [k for k in uit.columns if k not in ("jaar", "waarde")]
    uit[tekst] = uit[tekst].astype("string")
    uit["waarde"] = uit["waarde"].astype("Float64")
    uit["jaar"] = uit["jaar"].astype("Int64")
    return uit


def _eigenschappen(map_: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Dimensions ``(key, type)`` and topics ``(key, title, unit)`` from DataProperties."""
    props = _lees_meta(map_, "DataProperties")
    if props is None:
        raise PubliekeDataFout(
            f"{map_.name}: DataProperties.csv/.json ontbreekt; verwacht de metadata van de tabel"
        )
    for kolom in ("Key", "Type"):
        if kolom not in props.columns:
            raise PubliekeDataFout(f"{map_.name}/DataProperties: kolom {kolom!r} ontbreekt")
    dims = [(r.Key, r.Type) for r in props.itertuples() if r.Type.endswith("Dimension")]
    topics = [
        (r.Key, getattr(r, "Title", r.Key), getattr(r, "Unit", ""))
        for r in props.itertuples()
        if r.Type == "Topic"
    ]
    return dims, topics


def _lees_data(map_: Path, sleutels: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """The data file of the table and its name; every column of DataProperties must be there."""
    for naam in ("data", "UntypedDataSet", "TypedDataSet"):
        data = _lees_meta(map_, naam)
        if data is not None:
            ontbrekend = [k for k in sleutels if k not in data.columns]
            if ontbrekend:
                raise PubliekeDataFout(
                    f"{map_.name}/{naam}: kolom(men) {ontbrekend} ontbreken; "
                    f"verwacht volgens DataProperties {list(sleutels)}"
                )
            return data, naam
    raise PubliekeDataFout(
        f"{map_.name}: geen databestand; verwacht data.csv, UntypedDataSet.csv/.json "
        "of TypedDataSet.json"
    )


def _dimensies(
    map_: Path, dims: list[tuple[str, str]], data: pd.DataFrame, bron: str
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Titles per dimension key and the status of periods; every key in the data must exist."""
    titels: dict[str, dict[str, str]] = {}
    status: dict[str, str] = {}
    for key, _soort in dims:
        dim = _lees_meta(map_, key)
        if dim is None:
            raise PubliekeDataFout(f"{map_.name}: dimensiebestand {key}.csv/.json ontbreekt")
        sleutels = dim["Key"].astype(str).str.strip()
        titels[key] = dict(zip(sleutels, dim["Title"].astype(str).str.strip(), strict=True))
        if "Status" in dim.columns:
            status.update(dict(zip(sleutels, dim["Status"].astype(str), strict=True)))
        onbekend = sorted(set(data[key].astype(str).str.strip()) - set(sleutels))
        if onbekend:
            raise PubliekeDataFout(
                f"{map_.name}/{bron}: sleutel(s) {onbekend[:10]} van dimensie {key} "
                f"staan niet in {key}-bestand"
            )
    return titels, status


def laad_cbs_ruw(map_: Path | str) -> pd.DataFrame:
    r"""Load a raw CBS OData table (data + DataProperties + dimension files) into a long table.

    Reads either CSV files (``data.csv`` or ``UntypedDataSet.csv``, ``DataProperties.csv``,
    ``<Dimensie>.csv``) or the JSON files that ``cbsodata`` writes with ``dir=``. Keys are
    stripped (``"NL01  "`` → ``"NL01"``); suppressed or empty values stay missing.

    Args:
        map_: Folder with the files of one table.

    Returns:
        One row per data row × onderwerp: gemeentecode, regio_naam, perioden, jaar,
        periode_soort (JJ/HJ/KW/MM), periode_titel, periode_status, one key + ``_titel``
        column per other dimension, onderwerp, onderwerp_titel, eenheid, waarde (Float64).

    Raises:
        PubliekeDataFout: missing file or column, unknown dimension key, a value that is not
            a number.

    >>> import tempfile
    >>> map_ = Path(tempfile.mkdtemp())
    >>> _ = (map_ / "DataProperties.csv").write_text(
    ...     "Key,Type,Title,Unit\nRegioS,GeoDimension,Regio,\nPerioden,TimeDimension,Perioden,\n"
    ...     "Clienten_1,Topic,Cliënten,aantal\n")
    >>> _ = (map_ / "RegioS.csv").write_text("Key,Title\nGM0164,Hengelo (O.)\n")
    >>> _ = (map_ / "Perioden.csv").write_text("Key,Title\n2019JJ00,2019\n")
    >>> _ = (map_ / "data.csv").write_text("RegioS,Perioden,Clienten_1\nGM0164,2019JJ00,    .\n")
    >>> laad_cbs_ruw(map_)[["gemeentecode", "jaar", "waarde"]].astype(object).values.tolist()
    [['GM0164', 2019, <NA>]]
    """
    map_ = Path(map_)
    if not map_.is_dir():
        raise FileNotFoundError(f"CBS-map niet gevonden: {map_}")
    dims, topics = _eigenschappen(map_)
    data, bron = _lees_data(map_, [k for k, *_ in dims + topics])
    titels, status = _dimensies(map_, dims, data, bron)
    return _lang_cbs(data, dims, topics, titels, status, f"{map_.name}/{bron}")


def _regiocodes(
    titels: pd.Series, regio_dimensie: pd.DataFrame | None, external: Path | str | None
) -> pd.Series:
    """Region codes for cbsodata region titles: the dimension table first, then the CBS list."""
    codes = pd.Series([pd.NA] * len(titels), index=titels.index, dtype="string")
    if regio_dimensie is not None:
        lookup = {
            naam_sleutel(t): str(k).strip()
            for k, t in zip(regio_dimensie["Key"], regio_dimensie["Title"], strict=True)
        }
        codes = pd.Series(
            [lookup.get(naam_sleutel(t), pd.NA) for t in titels], index=titels.index, dtype="string"
        )
    if codes.isna().any():
        mist = codes.isna()
        codes[mist] = naar_gemeentecode(titels[mist], external).to_numpy()
    if codes.isna().any():
        onbekend = sorted(set(titels[codes.isna()]))
        raise PubliekeDataFout(
            f"cbsodata-tabel: regio('s) {onbekend[:10]} niet te koppelen aan een gemeentecode; "
            "geef de RegioS-dimensie mee (regio_dimensie=Key/Title-tabel)"
        )
    return codes


def lees_cbsodata(
    df: pd.DataFrame,
    regio_kolom: str = "RegioS",
    perioden_kolom: str = "Perioden",
    onderwerpen: Sequence[str] | None = None,
    regio_dimensie: pd.DataFrame | None = None,
    onderwerp_titels: dict[str, str] | None = None,
    external: Path | str | None = None,
) -> pd.DataFrame:
    """Turn a frame as ``pd.DataFrame(cbsodata.get_data(tabel))`` returns it into the long table.

    ``cbsodata`` replaces dimension keys with titles (``"Hengelo (O.)"``, ``"2019"``,
    ``"1e halfjaar 2019"``); this maps them back to gemeentecode and period keys so the result
    matches :func:`laad_cbs_ruw`. Topics are the columns whose name ends in ``_<nummer>``
    (CBS convention, e.g. ``WmoClienten_1``) unless ``onderwerpen`` is given. Values may be
    numbers, ``None`` or untyped strings (``"     ."``); missing stays missing.

    Args:
        df: The cbsodata frame.
        regio_kolom: Region dimension column.
        perioden_kolom: Period dimension column.
        onderwerpen: Topic columns (default: inferred).
        regio_dimensie: Optional Key/Title table of the region dimension (for provinces etc.).
        onderwerp_titels: Optional titles of the topics.
        external: The public-data folder with the CBS gemeente list, used for region titles
            that ``regio_dimensie`` does not give (default :func:`instellingen.external_dir`).

    Returns:
        Long table with the columns of :func:`laad_cbs_ruw` (other dimensions keep their title).

    Raises:
        PubliekeDataFout: missing column, unknown region or period title, non-numeric value.

    >>> df = pd.DataFrame({"ID": [0, 1], "RegioS": ["Hengelo (O.)", "Nederland"],
    ...                    "Perioden": ["2019", "2019"], "WmoClienten_1": [4000.0, None]})
    >>> regio = pd.DataFrame({"Key": ["GM0164", "NL01  "], "Title": ["Hengelo (O.)", "Nederland"]})
    >>> lang = lees_cbsodata(df, regio_dimensie=regio)
    >>> lang[["gemeentecode", "perioden", "waarde"]].astype(object).values.tolist()
    [['GM0164', '2019JJ00', 4000.0], ['NL01', '2019JJ00', <NA>]]
    """
    for kolom in (regio_kolom, perioden_kolom):
        if kolom not in df.columns:
            raise PubliekeDataFout(
                f"cbsodata-tabel: kolom {kolom!r} ontbreekt; gevonden {list(df.columns)}"
            )
    if onderwerpen is None:
        onderwerpen = [k for k in df.columns if re.search(r"_\d+$", str(k))]
    onderwerpen = list(onderwerpen)
    if not onderwerpen:
        raise PubliekeDataFout(
            "cbsodata-tabel: geen onderwerpkolommen gevonden (verwacht namen als 'WmoClienten_1'); "
            "geef ze mee met onderwerpen=[...]"
        )
    overig = [k for k in df.columns if k not in (*onderwerpen, "ID", regio_kolom, perioden_kolom)]
    titels_regio = df[regio_kolom].astype(str).str.strip()
    codes = _regiocodes(titels_regio, regio_dimensie, external)
    per_titel = df[perioden_kolom].astype(str)
    sleutels = per_titel.map(periode_sleutel)
    if sleutels.isna().any():
        onbekend = sorted(set(per_titel[sleutels.isna()]))
        raise PubliekeDataFout(
            f"cbsodata-tabel: periode(n) {onbekend[:10]} niet te herkennen; verwacht bijv. "
            "'2019', '1e halfjaar 2019', '2019 3e kwartaal' of '2019 maart'"
        )
    data = pd.DataFrame({"RegioS": codes.to_numpy(), "Perioden": sleutels.to_numpy()})
    titels = {
        "RegioS": dict(zip(codes.to_numpy(), titels_regio.to_numpy(), strict=True)),
        "Perioden": dict(
            zip(sleutels.to_numpy(), per_titel.str.strip().str.rstrip("*").str.strip(), strict=True)
        ),
    }
    status = {
        s: ("Voorlopig" if t.strip().endswith("*") else pd.NA)
        for s, t in zip(sleutels, per_titel, strict=True)
    }
    for k in overig:
        data[k] = df[k].astype(str).str.strip().to_numpy()
        titels[k] = {v: v for v in data[k]}
    for k in onderwerpen:
        data[k] = df[k].to_numpy()
    dims = [("RegioS", "GeoDimension"), ("Perioden", "TimeDimension")] + [
        (k, "Dimension") for k in overig
    ]
    onderwerp_titels = onderwerp_titels or {}
    topics = [(k, onderwerp_titels.get(k, k), "") for k in onderwerpen]
    return _lang_cbs(data, dims, topics, titels, status, "cbsodata-tabel")


def laad_wmo_clienten_83262(external: Path | str | None = None) -> pd.DataFrame:
    """CBS 83262NED Wmo-cliënten from the shipped raw extract (long table).

    Args:
        external: The public-data folder (default :func:`instellingen.external_dir`).

    Returns:
        The long table of :func:`laad_cbs_ruw`.
    """
    return laad_cbs_ruw(publiek_pad(CBS_83262_MAP, external=external))


def alleen_totalen(lang: pd.DataFrame) -> pd.DataFrame:
    """Rows where every dimension besides region and period is at its CBS total.

    CBS keys of a total start with ``T`` and six digits (``"T001038"`` totaal mannen en
    vrouwen, ``"T009002"`` totaal personen).

    Args:
        lang: Long table of :func:`laad_cbs_ruw` or :func:`lees_cbsodata`.

    Returns:
        The rows at the totals of all other dimensions.

    >>> lang = pd.DataFrame({"Geslacht": ["T001038", "3000"], "waarde": [10.0, 4.0]})
    >>> alleen_totalen(lang)["waarde"].tolist()
    [10.0]
    """
    dimensies = [k for k in lang.columns if k not in CBS_KOLOMMEN_VAST and not k.endswith("_titel")]
    totaal = pd.Series(True, index=lang.index)
    for k in dimensies:
        totaal &= lang[k].astype(str).str.strip().str.fullmatch(r"T\d{6}")
    return lang[totaal]


def wmo_clienten_per_jaar(lang: pd.DataFrame, gemeentecodes: Sequence[str]) -> pd.DataFrame:
    """Wmo-cliënten per year of some regions from 83262NED, totals over all other dimensions.

    Args:
        lang: :func:`laad_wmo_clienten_83262` (or a downloaded 83262NED).
        gemeentecodes: Region codes to keep (e.g. the gemeente and ``"NL01"``), in this order.

    Returns:
        Columns gemeentecode, regio_naam, jaar, aantal_clienten, clienten_per_1000_inwoners;
        missing figures stay missing. Regions absent from the table have no rows.
    """
    deel = alleen_totalen(lang)
    deel = deel[
        (deel["periode_soort"] == "JJ")
        & deel["gemeentecode"].isin(list(gemeentecodes))
        & deel["onderwerp"].isin(list(WMO_83262_ONDERWERPEN))
    ]
    tabel = deel.pivot_table(
        index=["gemeentecode", "regio_naam", "jaar"],
        columns="onderwerp",
        values="waarde",
        aggfunc="first",
        dropna=False,
    ).reset_index()
    tabel.columns.name = None
    tabel = tabel.rename(columns=WMO_83262_ONDERWERPEN)
    for kolom in WMO_83262_ONDERWERPEN.values():
        if kolom not in tabel.columns:
            tabel[kolom] = pd.array([pd.NA] * len(tabel), dtype="Float64")
    rang = {c: i for i, c in enumerate(gemeentecodes)}
    orde = np.lexsort((tabel["jaar"].to_numpy(), tabel["gemeentecode"].map(rang).to_numpy()))
    kolommen = ["gemeentecode", "regio_naam", "jaar", *WMO_83262_ONDERWERPEN.values()]
    return tabel.iloc[orde][kolommen].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Download (cbsodata)
# --------------------------------------------------------------------------------------


def _gemeente_filter(gemeenten: Sequence[str] | None) -> str | None:
    if not gemeenten:
        return None
    delen = []
    for g in gemeenten:
        code = str(g).strip().upper()
        if not re.fullmatch(r"GM\d{4}|NL01|PV\d{2}|LD\d{2}", code):
            raise ValueError(f"Ongeldige gemeentecode {g!r}; verwacht bijv. 'GM0164' of 'NL01'")
        delen.append(f"RegioS eq '{code.ljust(6)}'")
    return " or ".join(delen)


def _netwerk_controle(host: str, timeout: float) -> None:
    import socket

    with ThreadPoolExecutor(max_workers=1) as pool:
        taak = pool.submit(socket.getaddrinfo, host, 443)
        try:
            taak.result(timeout=timeout)
        except FutureTimeout as e:
            raise CBSDownloadFout(
                f"Geen verbinding met {host}: de naam is na {timeout:g} s nog niet opgezocht. "
                "Controleer de internetverbinding; de cache is niet gewijzigd."
            ) from e
        except OSError as e:
            raise CBSDownloadFout(
                f"Geen verbinding met {host} ({e}). Controleer de internetverbinding of proxy; "
                "de cache is niet gewijzigd."
            ) from e


def fetch_cbs(
    tabel: str,
    gemeenten: Sequence[str] | None = None,
    doel: Path | str | None = None,
    timeout: float | None = None,
    external: Path | str | None = None,
) -> Path:
    """Download a CBS StatLine table with ``cbsodata`` and cache it with the download date.

    The files (``cbsodata`` JSON: DataProperties, UntypedDataSet, one per dimension, ...) and a
    ``download.json`` (tabel, filter, datum, bron) land in ``doel`` (default
    ``<external>/cbs/<tabel>/``). The download goes to a temporary folder first; only
    a complete download replaces the cache. Without a network it fails at once with
    :class:`CBSDownloadFout` and leaves the cache as it was. Read the result with
    :func:`laad_cbs_ruw`.

    Args:
        tabel: CBS table id, e.g. ``"83262NED"``.
        gemeenten: Optional region codes to download (``["GM0164", "NL01"]``).
        doel: Folder for this table.
        timeout: Seconds before giving up (connection and each read); default
            ``instellingen.CBS_TIMEOUT_SECONDEN``.
        external: The public-data folder that holds the cache (default
            :func:`instellingen.external_dir`).

    Returns:
        The cache folder.

    Raises:
        ValueError: invalid table id or gemeentecode.
        CBSDownloadFout: no network, unknown table or an interrupted download.
    """
    tabel = str(tabel).strip()
    if not re.fullmatch(r"[0-9A-Za-z]{5,12}", tabel):
        raise ValueError(f"Ongeldig CBS-tabelnummer {tabel!r}; verwacht bijv. '83262NED'")
    filters = _gemeente_filter(gemeenten)
    timeout = instellingen.CBS_TIMEOUT_SECONDEN if timeout is None else timeout
    doel = Path(doel) if doel is not None else extern(external) / instellingen.CBS_CACHE_MAP / tabel
    try:
        import cbsodata
        import requests
    except ImportError as e:  # pragma: no cover - dependency of the project
        raise CBSDownloadFout(
            "Het pakket 'cbsodata' is niet geïnstalleerd (pip install cbsodata)"
        ) from e
    host = str(cbsodata.options.catalog_url).split("/")[0]
    _netwerk_controle(host, timeout)
    try:
        doel.parent.mkdir(parents=True, exist_ok=True)
        tijdelijk = Path(tempfile.mkdtemp(prefix=f".{tabel}-download-", dir=doel.parent))
    except OSError as e:
        raise CBSDownloadFout(
            f"Kan de cachemap {doel.parent} niet schrijven ({e}); geef doel=... mee"
        ) from e
    try:
        cbsodata.get_data(tabel, dir=str(tijdelijk), filters=filters, timeout=timeout)
        info = {
            "tabel": tabel,
            "downloaddatum": datetime.now(UTC).date().isoformat(),
            "gedownload_op": datetime.now(UTC).isoformat(timespec="seconds"),
            "gemeenten": list(gemeenten) if gemeenten else None,
            "filter": filters,
            "bron": f"https://{cbsodata.options.catalog_url}/ODataApi/OData/{tabel}",
            "pakket": f"cbsodata {getattr(cbsodata, '__version__', '?')}",
            "licentie": "CBS open data (CC BY 4.0), bron: CBS",
        }
        (tijdelijk / "download.json").write_text(
            json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as e:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise CBSDownloadFout(
            f"Geen verbinding met CBS bij het ophalen van {tabel} ({type(e).__name__}). "
            "Controleer de internetverbinding; de cache is niet gewijzigd."
        ) from e
    except requests.exceptions.HTTPError as e:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise CBSDownloadFout(
            f"CBS gaf een fout voor tabel {tabel!r} ({e}); bestaat de tabel? "
            "De cache is niet gewijzigd."
        ) from e
    except BaseException:
        shutil.rmtree(tijdelijk, ignore_errors=True)
        raise
    oud = None
    if doel.exists():
        oud = doel.with_name(f".{doel.name}-oud-{datetime.now(UTC):%Y%m%d%H%M%S}")
        doel.rename(oud)
    tijdelijk.rename(doel)
    if oud is not None:
        shutil.rmtree(oud, ignore_errors=True)
    return doel


# --------------------------------------------------------------------------------------
