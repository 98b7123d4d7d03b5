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


LANGE_SLEUTEL = "een-eigen-geheime-sleutel-van-ruim-32-tekens"


def test_sleutel_uit_omgeving(monkeypatch):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, LANGE_SLEUTEL)
    assert sleutel() == LANGE_SLEUTEL.encode()


@pytest.mark.parametrize("kort", ["x", " ", "geheim", "a" * 31])
def test_korte_sleutel_geweigerd_met_reden(monkeypatch, kort):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, kort)
    with pytest.raises(SleutelOntbreekt, match="(te kort|Geen sleutel).*32"):
        sleutel()


@pytest.mark.parametrize("rand", [" ", "\n", "\t", " \r\n"])
def test_demo_sleutel_met_witruimte_blijft_geweigerd(monkeypatch, rand):
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, instellingen.DEMO_SLEUTEL + rand)
    with pytest.raises(SleutelOntbreekt, match="openbaar"):
        sleutel()
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, rand + instellingen.DEMO_SLEUTEL)
    with pytest.raises(SleutelOntbreekt, match="openbaar"):
        sleutel()


def test_gekopieerde_synthetisch_marker_geeft_geen_demo_sleutel(rommelig, tmp_path, monkeypatch):
    """A real folder with a copied SYNTHETISCH file is not built with the public demo key."""
    import shutil

    from sdanalysis.bouw import pipeline

    monkeypatch.delenv(instellingen.SLEUTEL_ENV, raising=False)
    echt = tmp_path / "echt"
    shutil.copytree(rommelig, echt)
    (echt / pipeline.SYNTHETISCH_MARKER).write_text(
        (instellingen.DEMO_RAW_DIR / pipeline.SYNTHETISCH_MARKER).read_text(encoding="utf-8")
        if (instellingen.DEMO_RAW_DIR / pipeline.SYNTHETISCH_MARKER).exists()
        else "SYNTHETISCH\n",
        encoding="utf-8",
    )
    assert not pipeline.is_synthetisch([echt])
    with pytest.raises(SleutelOntbreekt):
        pipeline.bouw([echt], tmp_path / "uit", schrijf=False)


def test_demo_sleutel_alleen_voor_ongewijzigde_demo_inhoud(rommelig, tmp_path):
    """The marker holds a fingerprint of the content: add or change a file and it is void."""
    import shutil

    from sdanalysis.bouw import pipeline

    demo = tmp_path / "demo"
    shutil.copytree(rommelig, demo)
    pipeline.markeer_synthetisch(demo)
    assert pipeline.is_synthetisch([demo])
    kopie = tmp_path / "kopie"
    shutil.copytree(demo, kopie)
    assert pipeline.is_synthetisch([kopie])  # the same content, wherever it lives
    (kopie / "toewijzingen_echt.csv").write_text("Toewijzingnummer;BSN\n", encoding="utf-8")
    assert not pipeline.is_synthetisch([kopie])
    tw = demo / "toewijzingen_2019.csv"
    tw.write_text(tw.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not pipeline.is_synthetisch([demo])


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


def test_categorische_tekst_met_tekstcategorieen_wordt_gemaskeerd():
    """A categorical column whose categories are pandas text (``str``, not object) is text:
    pandas 3 gives such categories by default, and they were once skipped."""
    from sdanalysis.bouw.privacy import maskeer_frame

    df = pd.DataFrame({"naam": pd.Series(["Zorg 123456782", "Thuis"], dtype="str")})
    df["naam"] = df["naam"].astype("category")
    assert pd.api.types.is_string_dtype(df["naam"].cat.categories)
    assert maskeer_frame(df)["naam"].astype(str).tolist() == ["Zorg ***", "Thuis"]


def test_agb_kolom_voorfilter_laat_alleen_achtcijferige_codes_vallen():
    """In an AGB column the prefilter skips plain 8-digit runs (never a hit there), and still
    finds 9-digit and grouped BSN-like numbers."""
    import pyarrow as pa

    from sdanalysis.bouw.privacy import _kandidaten_arrow, zoek_bsn

    waarden = ["98253408", "123456782", "1234.56.782", "AGB 12345678 / 111222333"]
    negen = _kandidaten_arrow(pa.array(waarden), False).to_pylist()
    alle = _kandidaten_arrow(pa.array(waarden), True).to_pylist()
    assert set(negen) < set(alle)
    assert {w for w in alle if zoek_bsn(w, False)} == {w for w in negen if zoek_bsn(w, False)}
    assert "98253408" in alle and "98253408" not in negen
