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

import pandas as pd

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

    Args:
        demo: Allow the documented demo key when the environment has none (synthetic
            data only).

    Raises:
        SleutelOntbreekt: no key in the environment and ``demo`` is False, or the demo
            key is used for real data.
    """
    waarde = os.environ.get(instellingen.SLEUTEL_ENV, "")
    if not waarde:
        if demo:
            return instellingen.DEMO_SLEUTEL.encode()
        raise SleutelOntbreekt(
            f"Geen sleutel voor pseudonimisering: zet de omgevingsvariabele {instellingen.SLEUTEL_ENV} "
            "(een lange geheime tekenreeks, niet in git) voordat u echte gegevens inleest."
        )
    if waarde == instellingen.DEMO_SLEUTEL and not demo:
        raise SleutelOntbreekt(
            "De demo-sleutel is openbaar en mag niet voor echte gegevens worden gebruikt; "
            f"kies een eigen geheime waarde voor {instellingen.SLEUTEL_ENV}."
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


# nine digits, not part of a longer number and not the decimals of an amount (4289.815234375)
_NEGEN_CIJFERS = re.compile(r"(?<![0-9])(?<![0-9][.,])([0-9]{9})(?![0-9])")


def zoek_bsn(tekst: str) -> list[str]:
    """All 9-digit numbers in ``tekst`` that pass the elfproef (possible BSNs).

    >>> zoek_bsn("client 111222333 en 123456789 en 1112223334")
    ['111222333']
    >>> zoek_bsn("€ 4289,111222333 per cliënt; csv: x,111222333")
    ['111222333']
    """
    return [m for m in _NEGEN_CIJFERS.findall(tekst) if elfproef(m)]


def zoek_bsn_in_frame(
    df: pd.DataFrame, kolommen: Iterable[str] | None = None
) -> list[tuple[str, int, str]]:
    """Find BSN-like values in the text and integer columns of a frame.

    Returns:
        ``(kolom, rijnummer, waarde)`` for every hit.

    >>> zoek_bsn_in_frame(pd.DataFrame({"a": ["x 111222333", "y"], "b": [1, 2]}))
    [('a', 0, '111222333')]
    """
    treffers: list[tuple[str, int, str]] = []
    for kolom in kolommen or df.columns:
        s = df[kolom]
        if pd.api.types.is_float_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        if pd.api.types.is_bool_dtype(s):
            continue
        for i, w in enumerate(s.astype("string").fillna("")):
            for hit in zoek_bsn(w):
                treffers.append((str(kolom), i, hit))
    return treffers
