"""The build in batches writes exactly what the build in memory writes.

A small seeded demo, the programme tables and the messy fixtures are built twice into a
folder: once in memory, once with every large table streamed in batches of 97 rows (so
every file is cut many times, duplicates sit in different parts and the declaraties are
checked part by part). Every parquet file must be equal cell by cell, and so must the
counts in the build report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw import stroom
from sdanalysis.bouw.pipeline import bouw
from sdanalysis.bouw.werkers import WERKERS_ENV
from sdanalysis.contracts import TOEWIJZINGEN
from sdanalysis.demo.schrijf import schrijf_demo

ROMMELIG = Path(__file__).parents[1] / "fixtures" / "rommelig"
SLEUTEL = "test-sleutel-voor-de-bouw-in-stukken-0123456789"


@pytest.fixture(scope="module")
def twee_bouwen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], object]:
    """The build in memory, and in batches: in the reading process and in 3 workers."""
    demo = tmp_path_factory.mktemp("stroom_demo")
    schrijf_demo(demo, clients=300, seed=11)
    raw = [demo, instellingen.PROGRAMMA_RAW_DIR, ROMMELIG]
    uit = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
        # in workers: batches of 293 rows (several per file, a fork each), else of 97
        for mb, werkers, rijen in (("100000", "1", "97"), ("0", "1", "97"), ("0", "3", "293")):
            mp.setenv(stroom.RIJEN_ENV, rijen)
            mp.setenv(stroom.STROOM_ENV, mb)
            mp.setenv(WERKERS_ENV, werkers)
            out = tmp_path_factory.mktemp(f"uit_{mb}_{werkers}_{rijen}")
            uit.append((out, bouw(raw, out)))
    (heel, r_heel), *gestroomd = uit
    assert r_heel.gestroomd == {}
    assert gestroomd[0][1].gestroomd == gestroomd[1][1].gestroomd
    return heel, [out for out, _ in gestroomd], gestroomd[1][1]


def test_bouw_in_stukken_schrijft_hetzelfde_als_in_geheugen(twee_bouwen) -> None:
    heel, gestroomd, _ = twee_bouwen
    namen = sorted(p.name for p in heel.glob("*.parquet"))
    a = json.loads((heel / "bouwverslag.json").read_text(encoding="utf-8"))
    for stukken in gestroomd:  # one process, and batches in worker processes
        assert namen == sorted(p.name for p in stukken.glob("*.parquet"))
        for naam in namen:
            pd.testing.assert_frame_equal(
                pd.read_parquet(stukken / naam), pd.read_parquet(heel / naam), obj=naam
            )
        b = json.loads((stukken / "bouwverslag.json").read_text(encoding="utf-8"))
        for sleutel in ("tabellen", "afgeleide_tabellen", "rijen_gelezen", "rijen_geweigerd"):
            assert a[sleutel] == b[sleutel], sleutel
        assert a["waarschuwingen"] == b["waarschuwingen"]
        assert not list(stukken.glob(".bouw-*")), "tijdelijke delen blijven niet achter"


def test_vergelijking_raakt_dubbelen_en_onbekende_declaraties(twee_bouwen) -> None:
    heel, _, res = twee_bouwen
    assert set(res.gestroomd) == {"toewijzingen", "declaraties", "meldingen"}
    assert res.gestroomd["toewijzingen"] > 5 * 97  # several batches
    q = pd.read_parquet(heel / "quarantaine.parquet")
    redenen = " ".join(q["reden"].unique())
    for deel in ("identiek dubbel", "afwijkende inhoud", "toewijzingnummer onbekend"):
        assert deel in redenen


def _schrijf_csv(pad: Path, regels: list[str]) -> Path:
    kop = "Beschikkingnummer;BSN;Wet;Productcategorie;Productcode;AGB-code;Ingangsdatum;Einddatum;Volume;Eenheid;Frequentie"
    pad.write_text("\n".join([kop, *regels]) + "\n", encoding="utf-8")
    return pad


def _regel(i: int, volume: str = "3", datum: str = "01-02-2020") -> str:
    return f"T{i:06d};111222333;JW;45;45A01;12345678;{datum};31-12-9999;{volume};14;4"


def _beide(pad: Path, rijen: int) -> tuple[list[pd.DataFrame], object, list]:
    from sdanalysis.bouw import snel

    delen: list[pd.DataFrame] = []
    res = stroom.valideer_in_stukken(pad, TOEWIJZINGEN, b"k" * 32, pad.name, delen.append, rijen)
    return delen, res, snel.valideer_pad(pad, TOEWIJZINGEN, b"k" * 32, pad.name)


def test_decimaalteken_en_notities_gelden_voor_het_hele_bestand(tmp_path: Path) -> None:
    # the first batch only has '1.500' (thousands? decimal?); the point decides in batch 3
    regels = [_regel(i, "1.500") for i in range(5)] + [_regel(i, "7") for i in range(5, 10)]
    regels += [_regel(10, "2.25"), _regel(11, "3", "01-02-2020 10:15")]
    pad = _schrijf_csv(tmp_path / "toewijzingen_x.csv", regels)
    delen, res, (heel,) = _beide(pad, 4)
    assert len(delen) >= 1 and res is not None
    pd.testing.assert_series_equal(
        pd.concat(delen, ignore_index=True)["volume"], heel.geaccepteerd["volume"]
    )
    assert res.opmerkingen == heel.opmerkingen
    assert any("1.500" in o for o in res.opmerkingen)
    assert any("lopend" in o for o in res.opmerkingen)
    pd.testing.assert_frame_equal(res.quarantaine, heel.quarantaine)


def test_scheve_regel_laat_hele_bestand_regel_voor_regel_lezen(tmp_path: Path) -> None:
    regels = [_regel(i) for i in range(30)] + [_regel(30) + ";extra"]
    pad = _schrijf_csv(tmp_path / "toewijzingen_y.csv", regels)
    _, res, _ = _beide(pad, 5)
    assert res is None  # the caller reads the file whole
    opslag = stroom.Opslag(tmp_path, tabellen=frozenset({"toewijzingen"}), sleutel=b"k" * 32)
    voor = stroom.Opslag.schrijver(opslag, "toewijzingen")
    voor(pd.DataFrame({"a": [1, 2]}))  # rows of an earlier file stay
    punt = opslag.punt("toewijzingen")
    voor(pd.DataFrame({"a": [3]}))
    opslag.leeg_buffer("toewijzingen")
    opslag.herstel("toewijzingen", punt)
    assert opslag.rijen["toewijzingen"] == 2
    assert pd.concat(opslag.frames("toewijzingen"))["a"].tolist() == [1, 2]


def test_scheve_regel_in_de_bouw_verliest_niets(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    regels = [_regel(i) for i in range(40)] + [_regel(40) + ";extra"] + [_regel(41)]
    _schrijf_csv(raw / "toewijzingen_z.csv", regels)
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
    monkeypatch.setenv(stroom.RIJEN_ENV, "7")
    monkeypatch.setenv(stroom.STROOM_ENV, "0")
    res = bouw([raw], tmp_path / "uit")
    k = res.kwaliteit
    assert int(k["rijen_gelezen"].sum()) == 42
    assert int(k["rijen_geaccepteerd"].sum()) + int(k["rijen_geweigerd"].sum()) == 42
    assert len(pd.read_parquet(tmp_path / "uit" / "toewijzingen.parquet")) == int(
        k["rijen_geaccepteerd"].sum()
    )
