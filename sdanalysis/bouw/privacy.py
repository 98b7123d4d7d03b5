"""Privacy (AVG): BSN check, keyed pseudonyms and a scan for BSN-like numbers.

A BSN never leaves the reader: :func:`pseudonimiseer` replaces it by an HMAC-SHA256
pseudonym under a key taken from the environment (``SDANALYSIS_PSEUDONIEM_SLEUTEL``).
Without the key a pseudonym cannot be linked back to a person, and the same person gets
the same pseudonym in every table of one build. The synthetic demo data use a documented
demo key; a build of real data without a key refuses to run.

>>> elfproef("111222333")
True
>>> elfproef("123456789")
False
>>> p = pseudoniem("111222333", "geheim")
>>> len(p), p.startswith("P")
(17, True)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sdanalysis import instellingen


class SleutelOntbreekt(RuntimeError):
    """No pseudonymisation key is available for a build of real data."""


def elfproef(bsn: object) -> bool:
    """Whether ``bsn`` is a 9-digit number that passes the BSN elfproef.

    The weighted sum 9·d1 + 8·d2 + … + 2·d8 − 1·d9 must be divisible by 11 (and not 0).
    Eight-digit numbers are padded with a leading zero, as BSNs often lose it in Excel.

    >>> elfproef("11122233")   # leading zero lost: 011122233
    False
    >>> elfproef(111222333)
    True
    >>> elfproef("abc")
    False
    >>> elfproef("000000000")
    False
    """
    tekst = normaliseer_bsn(bsn)
    if not tekst.isdigit() or len(tekst) != 9:
        return False
    tekst = tekst.zfill(9)
    cijfers = [int(c) for c in tekst]
    som = sum(c * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True)) - cijfers[8]
    return som % 11 == 0 and som != 0


def normaliseer_bsn(bsn: object) -> str:
    """BSN as 9 digits with leading zeros (``"11122233"`` → ``"011122233"``).

    >>> normaliseer_bsn(" 11122233 ")
    '011122233'
    >>> normaliseer_bsn("1112.22.333")
    '111222333'
    """
    tekst = str(bsn).strip()
    if tekst.endswith(".0"):
        tekst = tekst[:-2]
    tekst = re.sub(r"[\s.\-]", "", tekst)  # 1112.22.333 and 111 222 333 as displayed
    return tekst.zfill(9) if tekst.isdigit() and len(tekst) == 8 else tekst


def sleutel(demo: bool = False) -> bytes:
    """The pseudonymisation key from the environment.

    Surrounding whitespace (a trailing newline from a key file) is ignored, so the demo key
    with a space or newline is still the demo key. A real key must have at least
    ``instellingen.SLEUTEL_MINIMALE_LENGTE`` characters: with only about 10^8 possible
    BSNs, anyone who can guess a short key can recompute every pseudonym.

    Args:
        demo: The raw folders hold the unchanged generated demo only (see
            :func:`is_ongewijzigde_demo`): the public demo key is allowed, and used when the
            environment has no key.

    Raises:
        SleutelOntbreekt: no key in the environment and ``demo`` is False, the demo key is
            used for real data, or the key is too short; the Dutch message says why.
    """
    waarde = os.environ.get(instellingen.SLEUTEL_ENV, "").strip()
    if not waarde:
        if demo:
            return instellingen.DEMO_SLEUTEL.encode()
        raise SleutelOntbreekt(
            f"Geen sleutel voor pseudonimisering: zet de omgevingsvariabele {instellingen.SLEUTEL_ENV} "
            f"(een geheime tekenreeks van minstens {instellingen.SLEUTEL_MINIMALE_LENGTE} tekens, "
            "niet in git) voordat u echte gegevens inleest."
        )
    if waarde == instellingen.DEMO_SLEUTEL:
        if demo:
            return waarde.encode()
        raise SleutelOntbreekt(
            "De demo-sleutel is openbaar en mag alleen voor de ongewijzigde synthetische "
            "demo-gegevens worden gebruikt; deze map bevat andere of gewijzigde bestanden. "
            f"Kies een eigen geheime waarde voor {instellingen.SLEUTEL_ENV}."
        )
    if len(waarde) < instellingen.SLEUTEL_MINIMALE_LENGTE:
        raise SleutelOntbreekt(
            f"De sleutel in {instellingen.SLEUTEL_ENV} is te kort ({len(waarde)} tekens; "
            f"minstens {instellingen.SLEUTEL_MINIMALE_LENGTE}). Er bestaan maar ongeveer 10^8 "
            "BSN's: met een korte of te raden sleutel is elk pseudoniem terug te rekenen. "
            "Kies een lange willekeurige geheime tekenreeks."
        )
    return waarde.encode()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def pseudoniem(waarde: str, sleutel_tekst: str | bytes) -> str:
    """Keyed pseudonym of one identifier: ``P`` + 16 letters from HMAC-SHA256.

    Letters only (about 75 bits), so a pseudonym never contains a run of digits that a
    BSN scan could mistake for a BSN.

    >>> pseudoniem("111222333", "a") == pseudoniem("111222333", "a")
    True
    >>> pseudoniem("111222333", "a") == pseudoniem("111222333", "b")
    False
    >>> any(c.isdigit() for c in pseudoniem("111222333", "a"))
    False
    """
    k = sleutel_tekst.encode() if isinstance(sleutel_tekst, str) else sleutel_tekst
    getal = int.from_bytes(hmac.new(k, str(waarde).encode(), hashlib.sha256).digest()[:12], "big")
    tekens = []
    for _ in range(16):
        getal, rest = divmod(getal, 26)
        tekens.append(_LETTERS[rest])
    return "P" + "".join(tekens)


def pseudonimiseer(reeks: pd.Series, sleutel_bytes: bytes) -> pd.Series:
    """Replace identifiers by keyed pseudonyms; missing stays missing.

    Identical identifiers get identical pseudonyms (the same client across tables).

    >>> s = pd.Series(["111222333", None, "111222333"])
    >>> out = pseudonimiseer(s, b"k")
    >>> out[0] == out[2], pd.isna(out[1])
    (True, True)
    """
    uniek = pd.Series(reeks.dropna().unique())
    mapping = {w: pseudoniem(w, sleutel_bytes) for w in uniek}
    return reeks.map(mapping).astype("string")


# --------------------------------------------------------------------------- the BSN detector
#
# One detector for every place we write or publish text (processed tables, quarantine,
# quality table, build report, workbook, HTML, SVG, PNG metadata). A BSN is written in many
# forms: 111222333, 11122233 (leading zero lost in Excel), 111.222.333, 1112.22.333,
# 111 222 333, 111-222-333, with no-break spaces, with a leading apostrophe ('111222333,
# Excel's text prefix) and embedded in text ("bsn 111222333", "Totaal cliënt 111222333").

# separators people and programs put between the digits of a displayed number
_SCHEIDERS = " .\\-\u00a0\u202f\u2009"
_TOKEN = re.compile(rf"[0-9]+(?:[{_SCHEIDERS}][0-9]+)*")
_GROEP = re.compile(r"[0-9]+")
# digit groupings of a BSN as people write it, and the same with the leading zero lost
_BSN_GROEPERINGEN = {(3, 3, 3), (4, 2, 3), (3, 2, 4), (2, 3, 3), (3, 2, 3)}
# an amount in euro is not a BSN: "€ 45.678.901", "45.678.901 euro", "45678901,25"
_VOOR_BEDRAG = re.compile(r"(?:€|\beur|\beuro)[\s\u00a0\u202f]*$", re.IGNORECASE)
_NA_BEDRAG = re.compile(r"^(?:,[0-9]|[\s\u00a0\u202f]*(?:€|eur\b|euro\b))", re.IGNORECASE)
_GEEN_CIJFER = re.compile(r"[^0-9]")


def _is_bsn_vorm(cijfers: str, acht_cijfers: bool, streng: bool) -> bool:
    """Whether a digit string is BSN-like: 9 digits (or 8, padded) passing the elfproef.

    ``streng``: every 9-digit number counts, valid or not (a mistyped BSN is one digit away
    from a real one); used where nothing but diagnostics is lost by masking.
    """
    if len(cijfers) == 9:
        return streng or elfproef(cijfers)
    return acht_cijfers and len(cijfers) == 8 and elfproef(cijfers.zfill(9))


def _kandidaten(groepen: list[re.Match], scheiders: list[str]) -> list[tuple[int, int]]:
    """(first, last) group index of every digit run that may be one written number."""
    n = len(groepen)
    uit: list[tuple[int, int]] = []
    if n > 1 and len(set(scheiders)) == 1:
        uit.append((0, n - 1))  # the whole token: 111 222 333, 1112.22.333, 11.122.233
    for i in range(n):
        voor = scheiders[i - 1] if i else ""
        na = scheiders[i] if i < n - 1 else ""
        # digits after a dot are decimals or the tail of a longer dotted number, and so are
        # the digits before a dot, unless only zeros follow (111222333.0: a BSN as float)
        if voor == "." or (na == "." and (i + 1 < n - 1 or groepen[i + 1].group().strip("0"))):
            continue
        uit.append((i, i))
    for lengte in (2, 3):
        for i in range(n - lengte + 1):
            j = i + lengte - 1
            binnen = set(scheiders[i:j])
            if (i, j) == (0, n - 1) or len(binnen) != 1:
                continue
            rand = {scheiders[i - 1] if i else "", scheiders[j] if j < n - 1 else ""}
            if "." in binnen and "." in rand:
                continue  # part of a longer dotted number (1.111.222.333)
            uit.append((i, j))
    return uit


_HEXWOORD = re.compile(r"(?:0x)?[0-9a-f]{12,}", re.IGNORECASE)


def _in_hexwoord(tekst: str, s: int, e: int) -> bool:
    """Whether digits at ``s:e`` are part of a long hexadecimal word (an address, a hash)."""
    a, b = s, e
    while a > 0 and tekst[a - 1].isalnum():
        a -= 1
    while b < len(tekst) and tekst[b].isalnum():
        b += 1
    woord = tekst[a:b]
    return woord != tekst[s:e] and _HEXWOORD.fullmatch(woord) is not None


def _treffers(
    tekst: str, acht_cijfers: bool = True, streng: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, nine digits) of every BSN-like number in ``tekst``."""
    treffers: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(tekst):
        s, e = m.span()
        if _VOOR_BEDRAG.search(tekst[max(0, s - 8) : s]) or _NA_BEDRAG.match(tekst[e : e + 8]):
            continue
        if s >= 2 and tekst[s - 1] == "," and tekst[s - 2].isdigit():
            continue  # decimals of an amount: 4289,815234375
        if _in_hexwoord(tekst, s, e):
            continue  # memory addresses and hashes: 0x7efe60108290
        groepen = list(_GROEP.finditer(m.group()))
        scheiders = [
            m.group()[a.end() : b.start()] for a, b in zip(groepen, groepen[1:], strict=False)
        ]
        for i, j in _kandidaten(groepen, scheiders):
            lengtes = tuple(len(g.group()) for g in groepen[i : j + 1])
            if len(lengtes) > 1 and lengtes not in _BSN_GROEPERINGEN:
                continue  # 16:56:39.891537, 2019 2020: not how a BSN is written
            cijfers = "".join(g.group() for g in groepen[i : j + 1])
            if _is_bsn_vorm(cijfers, acht_cijfers, streng):
                treffers.append((s + groepen[i].start(), s + groepen[j].end(), cijfers.zfill(9)))
    return treffers


def zoek_bsn(tekst: str, acht_cijfers: bool = True) -> list[str]:
    """All BSN-like numbers in ``tekst``, as 9 digits (possible BSNs).

    A number is BSN-like when its digits, written contiguously or grouped with dots,
    spaces, dashes or no-break spaces, form 9 digits (or 8: the leading zero lost) that pass
    the elfproef. Decimals of amounts, longer numbers and amounts in euro do not count.

    Args:
        tekst: Any text.
        acht_cijfers: Also look for 8-digit numbers (False in columns that hold 8-digit
            codes such as AGB codes, where an 8-digit number is expected).

    >>> zoek_bsn("client 111222333 en 123456789 en 1112223334")
    ['111222333']
    >>> zoek_bsn("€ 4289,111222333 per cliënt; csv: x,111222333")
    ['111222333']
    >>> zoek_bsn("Zorg 1112.22.333 BV, '123456782, 12345672, 11\u00a0122\u00a0237")
    ['111222333', '123456782', '012345672', '011122237']
    >>> zoek_bsn("bsn 123 456 782 op 2019-2020, € 12.345.678 en 4289.815234375")
    ['123456782']
    """
    return [t[2] for t in _treffers(str(tekst), acht_cijfers)]


def bevat_bsn(tekst: object, acht_cijfers: bool = True) -> bool:
    """Whether ``tekst`` holds a BSN-like number (see :func:`zoek_bsn`).

    >>> bevat_bsn("Totaal cliënt 123456782"), bevat_bsn("T2015000001")
    (True, False)
    """
    return bool(_treffers(str(tekst), acht_cijfers))


def maskeer_bsn(tekst: str, acht_cijfers: bool = True, streng: bool = False) -> str:
    """Replace every BSN-like number in ``tekst`` by ``instellingen.BSN_MASKER``.

    Args:
        tekst: Text to store or show.
        acht_cijfers: Also mask 8-digit numbers that pass the padded elfproef.
        streng: Mask every 9-digit number, valid or not (quarantine reasons and values).

    >>> maskeer_bsn("onbekende wet '123456782'; verwacht WMO of JW")
    "onbekende wet '***'; verwacht WMO of JW"
    >>> maskeer_bsn("typfout 123456789"), maskeer_bsn("typfout 123456789", streng=True)
    ('typfout 123456789', 'typfout ***')
    """
    tekst = str(tekst)
    treffers = _treffers(tekst, acht_cijfers, streng)
    if not treffers:
        return tekst
    delen, vorige = [], 0
    for s, e, _ in sorted(treffers):
        if s < vorige:  # overlapping candidates (a group inside a grouped number)
            s = vorige
        if e <= vorige:
            continue
        delen += [tekst[vorige:s], instellingen.BSN_MASKER]
        vorige = e
    return "".join(delen) + tekst[vorige:]


def maskeer_waarde_bsn_kolom(waarde: object) -> str:
    """What a rejected value of a BSN column may show: nothing of it, valid or not.

    >>> maskeer_waarde_bsn_kolom("123456789"), maskeer_waarde_bsn_kolom("")
    ('***', '')
    """
    return "" if waarde is None or not str(waarde).strip() else instellingen.BSN_MASKER


def _acht_cijfers_in(kolom: object) -> bool:
    """8-digit numbers count as BSN-like except in a column of 8-digit codes (AGB)."""
    return "agb" not in str(kolom).lower()


def _tekstkolommen(df: pd.DataFrame) -> list[str]:
    return [
        k
        for k in df.columns
        if not (
            pd.api.types.is_float_dtype(df[k])
            or pd.api.types.is_datetime64_any_dtype(df[k])
            or pd.api.types.is_bool_dtype(df[k])
            or isinstance(df[k].dtype, pd.CategoricalDtype)
            and not pd.api.types.is_object_dtype(df[k].cat.categories)
            and not pd.api.types.is_string_dtype(df[k].cat.categories)
        )
    ]


#: The fewest characters a BSN-like number can have: 8 digits (a BSN that lost its
#: leading zero); :func:`_voorfilter` and :func:`_lang_genoeg` start from it.
_KORTSTE_TREFFER = 8


def _voorfilter(scheider: str, acht_cijfers: bool = True) -> str:
    """The pattern every value with a BSN-like number matches (:func:`_treffers` decides).

    A hit of :func:`_treffers` is a maximal run of 8 or 9 digits, or three digit groups in
    one of :data:`_BSN_GROEPERINGEN` joined by separators (no grouping has two groups), each
    bounded by a non-digit. Dates (``01-02-2020``), amounts (``1.234,50``) and numbers such
    as ``M2015-00001`` match neither and never reach Python. Without ``acht_cijfers`` (a
    column of 8-digit AGB codes) a plain run must have 9 digits.
    """
    gegroepeerd = "|".join(
        scheider.join(f"[0-9]{{{n}}}" for n in g) for g in sorted(_BSN_GROEPERINGEN)
    )
    run = f"{_KORTSTE_TREFFER},9" if acht_cijfers else "9"
    return f"(?:^|[^0-9])(?:[0-9]{{{run}}}|{gegroepeerd})(?:[^0-9]|$)"


#: :func:`_voorfilter` for Python's ``re`` and for Arrow's RE2 engine.
_MOGELIJK_BSN = _voorfilter(f"[{_SCHEIDERS}]")
_MOGELIJK_BSN_RE2 = _MOGELIJK_BSN
#: The same for a column where 8-digit numbers do not count (AGB codes).
_MOGELIJK_BSN_NEGEN_RE2 = _voorfilter(f"[{_SCHEIDERS}]", acht_cijfers=False)


def _kandidaten_in(s: pd.Series, acht_cijfers: bool = True) -> pd.Series:
    r"""Distinct values of a column that may hold a BSN-like number (the only ones to check).

    The test runs in Arrow over the distinct values (no Python per value): a column of a
    million pseudonyms or amounts is passed in a fraction of a second.

    >>> _kandidaten_in(pd.Series(["T2015000001", "123456782", "1234.56.782", "12,50"])).tolist()
    ['123456782', '1234.56.782']
    >>> _kandidaten_in(pd.Series(["a 1234\u00a056\u00a0782", None])).tolist()
    ['a 1234\xa056\xa0782']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(s.array, pd.arrays.ArrowStringArray):  # no copy; nulls never match
        uit = _kandidaten_arrow(pa.array(s.array), acht_cijfers)
        return pd.Series(uit.to_pylist(), dtype="string")
    tekst = s.dropna()
    if isinstance(tekst.dtype, pd.CategoricalDtype):
        codes = tekst.cat.codes.to_numpy()
        gebruikt = np.bincount(codes[codes >= 0], minlength=len(tekst.cat.categories)) > 0
        tekst = pd.Series(tekst.cat.categories[gebruikt])
    try:  # Arrow-backed text and integers convert without Python objects
        arr = pa.array(tekst, from_pandas=True)
        if not pa.types.is_string(arr.type):
            arr = pc.cast(arr, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        arr = pa.array(tekst.astype(str).to_numpy(dtype=object), type=pa.string())
    # the pattern first over every value (one linear pass), distinct values of the few hits
    return pd.Series(_kandidaten_arrow(arr, acht_cijfers).to_pylist(), dtype="string")


#: From this many values on, :func:`_lang_genoeg` checks whether few of them are distinct.
_PROEF = 4096


def _lang_genoeg(arr: object) -> object:
    """The values of an Arrow text array that can hold a BSN-like number: 8 bytes or more.

    Every hit of :func:`_voorfilter` has at least :data:`_KORTSTE_TREFFER` characters, and
    a byte length is far cheaper than a pattern. A long column with few distinct values
    (a provider name, a file name) comes back as its distinct values: the pattern then runs
    over those.

    >>> import pyarrow as pa
    >>> _lang_genoeg(pa.array(["JW", "43A01", None, "Zorg 123456782"])).to_pylist()
    ['Zorg 123456782']
    >>> len(_lang_genoeg(pa.array(["Aanbieder BV"] * 10_000)))
    1
    """
    import pyarrow.compute as pc

    lang = pc.greater_equal(pc.binary_length(arr), _KORTSTE_TREFFER)
    n = pc.sum(lang).as_py() or 0
    if n < len(arr):
        arr = pc.filter(arr, lang)
    if n > 2 * _PROEF and len(pc.unique(arr.slice(0, _PROEF))) <= _PROEF // 4:
        arr = pc.unique(arr)
    return arr


def _kandidaten_arrow(arr: object, acht_cijfers: bool = True) -> object:
    """:func:`_kandidaten_in` on an Arrow text array (dictionary arrays: their values).

    >>> import pyarrow as pa
    >>> _kandidaten_arrow(pa.array(["12345678", "123456782", "x"]), False).to_pylist()
    ['123456782']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary.take(pc.unique(arr.indices.drop_null()))
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pc.cast(arr, pa.string())
    arr = _lang_genoeg(arr)
    # the pattern first over every value (one linear pass), distinct values of the few hits
    patroon = _MOGELIJK_BSN_RE2 if acht_cijfers else _MOGELIJK_BSN_NEGEN_RE2
    u = pc.unique(pc.filter(arr, pc.match_substring_regex(arr, patroon)))
    cijfers = pa.array(np.zeros(len(u), dtype=np.int64))
    for c in "0123456789":  # plain substring counts: far cheaper than a regex count
        cijfers = pc.add(cijfers, pc.count_substring(u, c))
    return pc.filter(u, pc.greater_equal(cijfers, 8))


def treffers_per_kolom(tabel: object) -> dict[str, int]:
    """Rows with a BSN-like number per column of an Arrow table (text and whole numbers).

    >>> import pyarrow as pa
    >>> treffers_per_kolom(pa.table({"a": ["x 111222333", "y"], "b": [123456782, 5]}))
    {'a': 1, 'b': 1}
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    uit: dict[str, int] = {}
    for naam, kolom in zip(tabel.column_names, tabel.columns, strict=True):
        t = kolom.type
        waarde_t = t.value_type if pa.types.is_dictionary(t) else t
        if not (
            pa.types.is_string(waarde_t)
            or pa.types.is_large_string(waarde_t)
            or pa.types.is_integer(waarde_t)
        ):
            continue
        acht = _acht_cijfers_in(naam)
        raak = [w for w in _kandidaten_arrow(kolom, acht).to_pylist() if zoek_bsn(w, acht)]
        if raak:
            tekst = kolom if not pa.types.is_integer(waarde_t) else pc.cast(kolom, pa.string())
            if pa.types.is_dictionary(t):
                tekst = pc.cast(tekst, t.value_type)
            rijen = pc.sum(pc.is_in(tekst, value_set=pa.array(raak, type=tekst.type)))
            uit[naam] = int(rijen.as_py() or 0)
    return uit


def zoek_bsn_in_frame(
    df: pd.DataFrame, kolommen: Iterable[str] | None = None
) -> list[tuple[str, int, str]]:
    """Find BSN-like values in the headers, text and integer columns of a frame.

    In a column of AGB codes (name holds ``agb``) only 9-digit numbers count.

    Returns:
        ``(kolom, rijnummer, waarde)`` for every hit; a hit in a column header has
        rijnummer -1.

    >>> zoek_bsn_in_frame(pd.DataFrame({"a": ["x 111222333", "y"], "b": [1, 2]}))
    [('a', 0, '111222333')]
    >>> zoek_bsn_in_frame(pd.DataFrame({"aanbieder_agb": ["12345672"], "naam 12345672": [1]}))
    [('naam 12345672', -1, '012345672')]
    """
    treffers: list[tuple[str, int, str]] = [
        (str(k), -1, hit) for k in df.columns for hit in zoek_bsn(str(k))
    ]
    te_zoeken = _tekstkolommen(df) if kolommen is None else list(kolommen)
    for kolom in te_zoeken:
        acht = _acht_cijfers_in(kolom)
        per_waarde = {w: zoek_bsn(w, acht) for w in _kandidaten_in(df[kolom], acht)}
        per_waarde = {w: h for w, h in per_waarde.items() if h}
        if not per_waarde:
            continue
        tekst = df[kolom].astype("string")
        for i in np.flatnonzero(tekst.isin(list(per_waarde)).fillna(False).to_numpy(bool)):
            treffers += [(str(kolom), int(i), hit) for hit in per_waarde[tekst.iloc[i]]]
    return treffers


#: Columns that identify rows and are joined on: a BSN-like value there becomes a keyed
#: pseudonym as a whole (joins keep working), instead of being masked in place.
SLEUTELKOLOMMEN = (
    "toewijzingnummer",
    "productcode",
    "maatregel_code",
    "maatregel_id",
    "referentie_aanbieder",
)


def maskeer_frame(
    df: pd.DataFrame,
    sleutel_bytes: bytes | None = None,
    sleutelkolommen: Iterable[str] = SLEUTELKOLOMMEN,
    streng: bool = False,
) -> pd.DataFrame:
    """Mask BSN-like numbers in the headers and text columns of a table to be stored.

    In free text the number itself is replaced by ``instellingen.BSN_MASKER``. In a key
    column (``sleutelkolommen``, e.g. ``toewijzingnummer``) a value holding a BSN-like
    number is replaced as a whole by its keyed pseudonym, so joins on it still work and two
    different values stay different. Integer columns cannot be masked; the build's own scan
    refuses them (:func:`zoek_bsn_in_frame`). The input is not changed.

    Args:
        df: A processed table, quarantine or quality table.
        sleutel_bytes: Key for the pseudonym of key columns (without it a key column is
            masked like text).
        sleutelkolommen: Columns that identify rows and are joined on.
        streng: Mask every 9-digit number, valid or not (see :func:`maskeer_bsn`).

    >>> df = pd.DataFrame({"naam": ["Zorg 123456782 BV", "Thuis"], "nr": ["123456782", "T1"]})
    >>> uit = maskeer_frame(df, b"k", ["nr"])
    >>> uit["naam"].tolist(), uit["nr"].str.startswith("P").tolist()
    (['Zorg *** BV', 'Thuis'], [True, False])
    """
    sleutels = set(sleutelkolommen) if sleutel_bytes is not None else set()
    uit = df.rename(columns=lambda k: maskeer_bsn(k) if isinstance(k, str) else k)
    tekst = set(_tekstkolommen(df))
    for oud, kolom in zip(df.columns, uit.columns, strict=True):
        s = df[oud]
        if oud not in tekst or pd.api.types.is_integer_dtype(s):
            continue
        acht = _acht_cijfers_in(oud)
        vervang: dict[str, str] = {}
        for w in _kandidaten_in(s, acht):
            if oud in sleutels and bevat_bsn(w, acht):
                vervang[w] = pseudoniem(w, sleutel_bytes or b"")
            elif (m := maskeer_bsn(w, acht, streng)) != w:
                vervang[w] = m
        if vervang:
            uit[kolom] = _vervang(s, vervang)
    return uit


def _vervang(s: pd.Series, vervang: dict[str, str]) -> pd.Series:
    """``s`` with the values in ``vervang`` replaced, keeping its dtype (categories too)."""
    if isinstance(s.dtype, pd.CategoricalDtype):  # per category; two may become one
        nieuw = [vervang.get(w, w) for w in s.cat.categories]
        categorieen = pd.Index(nieuw).unique().sort_values()
        plek = categorieen.get_indexer(nieuw)
        codes = s.cat.codes.to_numpy()
        codes = np.where(codes < 0, -1, plek[np.maximum(codes, 0)] if len(plek) else -1)
        return pd.Series(
            pd.Categorical.from_codes(codes, categories=categorieen), index=s.index, name=s.name
        )
    if isinstance(s.array, pd.arrays.ArrowStringArray):  # in Arrow: no Python per row
        arr = pa.array(s.array)
        plek = pc.index_in(arr, value_set=pa.array(list(vervang), type=arr.type))
        nieuw = pa.array(list(vervang.values()), type=arr.type).take(plek)
        uit = pc.if_else(pc.is_valid(plek), nieuw, arr)
        return pd.Series(pd.arrays.ArrowStringArray(uit), index=s.index, name=s.name)
    tekst = s.astype("string")
    treffer = tekst.isin(list(vervang)).fillna(False)
    nieuw = s.astype(object).where(~treffer, tekst.map(vervang))
    return nieuw.astype(s.dtype)


def controleer_bouwuitvoer(
    map_: str | Path, gescand: dict[str, dict[str, int]] | None = None
) -> list[str]:
    """Scan what a build wrote (parquet tables, build report, profile) for BSN-like numbers.

    The build calls this on its own output before anything is moved into place, and stops
    when the list is not empty.

    Args:
        map_: The folder written.
        gescand: Per parquet file name, the hits per column found while the file was
            written (the streamed tables, scanned frame by frame as they were written);
            these files are not read back.

    Returns:
        Dutch descriptions: file, column and the number of hits (never the number itself).
    """
    problemen: list[str] = []
    for pad in sorted(Path(map_).iterdir()):
        if pad.suffix == ".parquet":
            bekend = (gescand or {}).get(pad.name)
            per_kolom = _treffers_in_parquet(pad) if bekend is None else bekend
            problemen += [
                f"{maskeer_bsn(pad.name)}, kolom '{maskeer_bsn(k)}': {n} BSN-achtig(e) getal(len)"
                for k, n in per_kolom.items()
            ]
        elif pad.suffix in (".json", ".toml", ".txt", ".csv"):
            n = len(zoek_bsn(pad.read_text(encoding="utf-8", errors="replace")))
            if n:
                problemen.append(f"{maskeer_bsn(pad.name)}: {n} BSN-achtig(e) getal(len)")
        if zoek_bsn(pad.name):
            problemen.append(f"{maskeer_bsn(pad.name)}: BSN-achtig getal in de bestandsnaam")
    return problemen


def _treffers_in_parquet(pad: Path) -> dict[str, int]:
    """Rows with a BSN-like number per column of a parquet file (headers count once).

    Every column of every row group is read alone (memory stays bounded) and the columns
    are scanned on two threads: Arrow's reading and matching run outside Python's lock.

    >>> import tempfile, pandas as pd
    >>> p = Path(tempfile.mkdtemp()) / "t.parquet"
    >>> pd.DataFrame({"a": ["x 111222333", "y", "111222333"], "b 123456782": [1, 2, 3]}).to_parquet(p)
    >>> _treffers_in_parquet(p)
    {'b 123456782': 1, 'a': 2}
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(pad)
    tekst = [n for n, t in zip(schema.names, schema.types, strict=True) if _is_tekst(t, pa)]
    per_kolom = {str(k): 1 for k in schema.names for _ in zoek_bsn(str(k))}
    groepen = pq.ParquetFile(pad).metadata.num_row_groups

    def scan(taak: tuple[int, str]) -> dict[str, int]:
        # text as dictionaries: repeated values (categories, providers) are looked at once
        bestand = pq.ParquetFile(pad, read_dictionary=[taak[1]] if taak[1] in tekst else None)
        return treffers_per_kolom(bestand.read_row_group(taak[0], columns=[taak[1]]))

    taken = [(g, k) for g in range(groepen) for k in schema.names]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for treffers in pool.map(scan, taken):
            for k, n in treffers.items():
                per_kolom[k] = per_kolom.get(k, 0) + n
    return per_kolom


def _is_tekst(t: object, pa: object) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


# --------------------------------------------------------------------------- demo recognised by content

_VINGERAFDRUK_KOP = (
    "vingerafdruk (sha256 per bestand; de demo-sleutel geldt alleen voor precies deze inhoud):"
)


def _databestanden(map_: Path, marker: str) -> list[Path]:
    """Every file below ``map_`` except the marker itself and hidden files."""
    return sorted(
        p
        for p in map_.rglob("*")
        if p.is_file() and p.name != marker and not p.name.startswith(".")
    )


def vingerafdruk(map_: str | Path, marker: str = "SYNTHETISCH") -> dict[str, str]:
    """SHA-256 of the content of every file in a raw folder (the marker file excluded).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.csv").write_text("x")
    >>> list(vingerafdruk(d))
    ['a.csv']
    """
    map_ = Path(map_)
    return {
        p.relative_to(map_).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in _databestanden(map_, marker)
    }


def vingerafdruk_tekst(map_: str | Path, marker: str = "SYNTHETISCH") -> str:
    """The fingerprint lines written into the marker of a generated demo folder."""
    regels = [f"{h}  {naam}" for naam, h in vingerafdruk(map_, marker).items()]
    return _VINGERAFDRUK_KOP + "\n" + "\n".join(regels) + "\n"


def is_ongewijzigde_demo(marker_pad: str | Path) -> bool:
    """Whether a folder holds exactly the synthetic data its marker file was written for.

    The marker (written when the demo was generated) lists a SHA-256 per file. A copied
    marker in a folder with other files, an added, removed or changed file, or a marker
    without a fingerprint all fail: only then is the public demo key refused.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.csv").write_text("x")
    >>> _ = (d / "SYNTHETISCH").write_text(vingerafdruk_tekst(d))
    >>> is_ongewijzigde_demo(d / "SYNTHETISCH")
    True
    >>> _ = (d / "b.csv").write_text("echte gegevens")
    >>> is_ongewijzigde_demo(d / "SYNTHETISCH")
    False
    """
    marker_pad = Path(marker_pad)
    if not marker_pad.is_file():
        return False
    tekst = marker_pad.read_text(encoding="utf-8", errors="replace")
    if _VINGERAFDRUK_KOP not in tekst:
        return False
    verwacht = {}
    for regel in tekst.split(_VINGERAFDRUK_KOP, 1)[1].splitlines():
        h, _, naam = regel.strip().partition("  ")
        if h and naam:
            verwacht[naam] = h
    return bool(verwacht) and verwacht == vingerafdruk(marker_pad.parent, marker_pad.name)
