"""The columnar fast path gives exactly what the row-by-row path gives.

The build runs twice over a small seeded demo, the programme tables and the messy fixtures
(fast path on, then ``SDANALYSIS_BOUW_SNEL=0``); every table, derived table, the quarantine
and the quality table must be equal cell by cell. Single files with awkward cells compare
the two paths per file.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw import snel
from sdanalysis.bouw import valideren as v
from sdanalysis.bouw.pipeline import bouw, vind_bestanden
from sdanalysis.bouw.privacy import pseudoniem
from sdanalysis.contracts import TABELLEN, TOEWIJZINGEN
from sdanalysis.demo.schrijf import schrijf_demo

ROMMELIG = Path(__file__).parents[1] / "fixtures" / "rommelig"
SLEUTEL = b"test-sleutel-voor-de-snelle-weg-0123456789"


@pytest.fixture(scope="module")
def ruwe_mappen(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    demo = tmp_path_factory.mktemp("kleine_demo")
    schrijf_demo(demo, clients=300, seed=11)
    return [demo, instellingen.PROGRAMMA_RAW_DIR, ROMMELIG]


def _bouw_beide(raw: list[Path], monkeypatch: pytest.MonkeyPatch) -> tuple:
    uit = []
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, SLEUTEL.decode())
    for aan in ("1", "0"):
        monkeypatch.setenv(snel.SNEL_ENV, aan)
        uit.append(bouw(raw, schrijf=False))
    return tuple(uit)


def test_bouw_snel_gelijk_aan_regel_voor_regel(
    ruwe_mappen: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    snelle, oude = _bouw_beide(ruwe_mappen, monkeypatch)
    assert sorted(snelle.tabellen) == sorted(oude.tabellen)
    for naam in oude.tabellen:
        pd.testing.assert_frame_equal(snelle.tabellen[naam], oude.tabellen[naam], obj=naam)
    assert sorted(snelle.afgeleid) == sorted(oude.afgeleid)
    for naam in oude.afgeleid:
        pd.testing.assert_frame_equal(snelle.afgeleid[naam], oude.afgeleid[naam], obj=naam)
    pd.testing.assert_frame_equal(snelle.quarantaine, oude.quarantaine, obj="quarantaine")
    pd.testing.assert_frame_equal(snelle.kwaliteit, oude.kwaliteit, obj="kwaliteit")
    assert snelle.waarschuwingen == oude.waarschuwingen
    # the comparison means something: rows were rejected, and the fixtures hold bad rows
    assert len(oude.quarantaine) > 20
    assert set(oude.quarantaine["bestand"]) >= {"rommelig/toewijzingen_2019.csv"}


def test_elke_csv_van_de_vergelijking_neemt_de_snelle_weg(ruwe_mappen: list[Path]) -> None:
    per_tabel, _ = vind_bestanden(ruwe_mappen)
    csv = [(n, p) for n, ps in per_tabel.items() for p in ps if p.suffix == ".csv"]
    assert len(csv) > 20
    niet = [p.name for n, p in csv if snel.lees_csv(p, TABELLEN[n]) is None]
    assert niet == []


def _vergelijk_bestand(pad: Path, tabel: object = TOEWIJZINGEN) -> None:
    """Both paths on one file: same accepted rows, quarantine, counts and notes."""
    nieuw = snel.valideer_pad(pad, tabel, SLEUTEL, snel=True)
    oud = v.valideer_pad(pad, tabel, SLEUTEL)
    assert len(nieuw) == len(oud)
    for a, b in zip(nieuw, oud, strict=True):
        pd.testing.assert_frame_equal(a.geaccepteerd, b.geaccepteerd)
        pd.testing.assert_frame_equal(a.quarantaine, b.quarantaine)
        assert (a.rijen_gelezen, a.rijen_geweigerd) == (b.rijen_gelezen, b.rijen_geweigerd)
        assert a.opmerkingen == b.opmerkingen


KOP = (
    "Titel van de export\n\nToewijzingnummer;BSN;Wet;Productcategorie;AGB code;Startdatum;"
    "Einddatum;Omvang;Tarief\n"
)


def _rij(
    i: int, bsn: str = "111222333", eind: str = "", omvang: str = "3", tarief: str = ""
) -> str:
    tarief = tarief or f"{10 + i % 1500},{i % 100:02d}"
    return f"T{i};{bsn};WMO;01;12345678;01-01-2019;{eind};{omvang};{tarief}\n"


def test_lastige_cellen_gelijk(tmp_path: Path) -> None:
    # more than 1000 distinct amounts, so the bulk number path runs beside the parser
    rijen = [_rij(i) for i in range(1200)]
    rijen += [
        _rij(2000, eind="31-12-9999"),
        _rij(2001, eind="01-02-2019 13:45"),
        _rij(2002, bsn="123456789"),
        _rij(2003, bsn=" 11122233 "),
        _rij(2004, omvang="-2"),
        _rij(2005, tarief="1.500"),
        _rij(2006, tarief="€ 1.234,56"),
        _rij(2007, tarief="7 ton"),
        _rij(2008, eind="31-12-2018"),
        _rij(2009, omvang="veel"),
        "  T2010 ;111222333;jeugd;45;1234567;1-2-19;;2,5;PM\n",
        "Totaal;;;;;;;;\n",
        ";;;;;;;;\n",
        "T2011;;WMO;01;12345678;01-01-2019;;1;1\n",
        "T1;111222333;WMO;01;12345678;01-01-2019;;3;10,00\n",
    ]
    pad = tmp_path / "toewijzingen_lastig.csv"
    pad.write_text(KOP + "".join(rijen), encoding="utf-8")
    assert snel.lees_csv(pad, TOEWIJZINGEN) is not None
    _vergelijk_bestand(pad)


@pytest.mark.parametrize(
    ("inhoud", "snelle_weg"),
    [
        (KOP + _rij(1) + "\n" + _rij(2) + "\n", True),  # empty lines keep their row numbers
        (KOP + _rij(1) + "T2;111222333;WMO\n", False),  # a row with too few fields
        (KOP + _rij(1) + 'T2;111222333;WMO;01;12345678;01-01-2019;;"3\n4";1\n' + _rij(3), True),
        (KOP.replace(";Tarief", ";;Tarief") + _rij(1).replace(";3;", ";3;;"), False),
    ],
)
def test_afwijkende_bestanden(tmp_path: Path, inhoud: str, snelle_weg: bool) -> None:
    pad = tmp_path / "toewijzingen_x.csv"
    pad.write_text(inhoud, encoding="utf-8")
    assert (snel.lees_csv(pad, TOEWIJZINGEN) is not None) is snelle_weg
    _vergelijk_bestand(pad)


def test_cp1252_en_gzip(tmp_path: Path) -> None:
    tekst = KOP.replace("Titel", "Cliënt titel") + _rij(1) + _rij(2, bsn="123456789")
    cp = tmp_path / "toewijzingen_cp.csv"
    cp.write_bytes(tekst.encode("cp1252"))
    assert snel.lees_csv(cp, TOEWIJZINGEN) is not None
    _vergelijk_bestand(cp)
    gz = tmp_path / "toewijzingen_gz.csv.gz"
    gz.write_bytes(gzip.compress(tekst.encode("utf-8")))
    _vergelijk_bestand(gz)


def test_pseudoniemen_gelijk_aan_privacy() -> None:
    rng = np.random.default_rng(3)
    waarden = [str(x) for x in rng.integers(0, 10**9, size=300)] + ["c:Ä1", "", "c:"]
    verwacht = [pseudoniem(w, SLEUTEL) for w in waarden]
    assert snel.pseudoniemen(waarden, SLEUTEL).tolist() == verwacht


def test_schakelaar() -> None:
    assert snel.snel_aan(None) in (True, False)
    assert snel.snel_aan(False) is False
