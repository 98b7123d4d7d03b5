"""BSN elfproef, keyed pseudonyms, key handling."""

from __future__ import annotations

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw.privacy import (
    SleutelOntbreekt,
    elfproef,
    pseudoniem,
    pseudonimiseer,
    sleutel,
    zoek_bsn,
)


@pytest.mark.parametrize("bsn", ["111222333", "100000022", "123456782"])
def test_geldige_bsn(bsn):
    assert elfproef(bsn)


@pytest.mark.parametrize(
    "bsn", ["123456789", "111222334", "000000000", "12345678a", "1234567890", ""]
)
def test_ongeldige_bsn(bsn):
    assert not elfproef(bsn)


def test_pseudoniem_is_gesleuteld_en_stabiel():
    a = pseudoniem("111222333", "sleutel-a")
    assert a == pseudoniem("111222333", "sleutel-a")
    assert a != pseudoniem("111222333", "sleutel-b")
    assert "111222333" not in a
    assert not zoek_bsn(a)


def test_pseudonimiseer_behoudt_ontbrekend():
    s = pd.Series(["111222333", None], dtype="string")
    out = pseudonimiseer(s, b"k")
    assert out.iloc[0].startswith("P") and pd.isna(out.iloc[1])


def test_sleutel_uit_omgeving(monkeypatch):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, "geheim")
    assert sleutel() == b"geheim"


def test_zonder_sleutel_weigert_echte_data(monkeypatch):
    monkeypatch.delenv(instellingen.SLEUTEL_ENV, raising=False)
    with pytest.raises(SleutelOntbreekt):
        sleutel()
    assert sleutel(demo=True) == instellingen.DEMO_SLEUTEL.encode()


def test_demo_sleutel_niet_voor_echte_data(monkeypatch):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, instellingen.DEMO_SLEUTEL)
    with pytest.raises(SleutelOntbreekt, match="openbaar"):
        sleutel()


def test_gitignore_houdt_brondata_buiten_git():
    regels = (instellingen.ROOT / ".gitignore").read_text().splitlines()
    assert "data/raw/*" in regels
    assert "!data/raw/demo/" in regels
    assert "data/processed/*" in regels
    assert "reports/" in regels
