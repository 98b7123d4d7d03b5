"""The command line: Dutch help, exit codes, build and validate on messy files."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sdanalysis import instellingen
from sdanalysis.cli import EXIT_INVOER, main
from sdanalysis.contracts import contract_markdown


def test_help_is_nederlands(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    uit = capsys.readouterr().out
    assert "toon deze hulp" in uit and "build" in uit and "validate" in uit and "demo" in uit


def test_validate_onleesbaar_bestand_exit_2(tmp_path, capsys):
    pad = tmp_path / "toewijzingen_kapot.xlsx"
    pad.write_bytes(b"geen excel")
    assert main(["validate", str(pad)]) == EXIT_INVOER
    fout = capsys.readouterr().err
    assert "toewijzingen_kapot.xlsx" in fout and "Excel" in fout


def test_validate_verkeerd_bestand_exit_2(tmp_path, capsys):
    pad = tmp_path / "toewijzingen.csv"
    pad.write_text("naam;adres\nJan;Straat 1\n")
    assert main(["validate", str(pad)]) == EXIT_INVOER
    assert "geen kopregel" in capsys.readouterr().err


def test_validate_onbekende_tabel_exit_2(tmp_path, capsys):
    pad = tmp_path / "notities.csv"
    pad.write_text("a;b\n1;2\n")
    assert main(["validate", str(pad)]) == EXIT_INVOER
    assert "--table" in capsys.readouterr().err


def test_validate_rommelig_toont_redenen(rommelig, capsys):
    assert main(["validate", str(rommelig / "toewijzingen_2019.csv")]) == 0
    uit = capsys.readouterr().out
    assert "gelezen 11, geaccepteerd 2, geweigerd 9" in uit
    assert "rij 9: einddatum: einddatum ligt vóór ingangsdatum" in uit
    assert "111222333" not in uit and "100000022" not in uit


def test_build_rommelig_en_ontbrekende_sleutel(rommelig, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(instellingen.SLEUTEL_ENV, raising=False)
    assert main(["build", "--raw", str(rommelig), "--out", str(tmp_path / "p")]) == EXIT_INVOER
    assert instellingen.SLEUTEL_ENV in capsys.readouterr().err
    monkeypatch.setenv(instellingen.SLEUTEL_ENV, "x" * 32)
    assert main(["build", "--raw", str(rommelig), "--out", str(tmp_path / "p")]) == 0
    uit = capsys.readouterr().out
    assert (
        "TOTAAL        bestanden   4  gelezen       27  geaccepteerd       11  geweigerd     16"
        in uit
    )


def test_build_zonder_brondata_exit_2(tmp_path, capsys):
    assert (
        main(["build", "--raw", str(tmp_path / "bestaat-niet"), "--out", str(tmp_path / "p")])
        == EXIT_INVOER
    )
    assert "bestaat niet" in capsys.readouterr().err


def test_console_script_bestaat():
    uit = subprocess.run(
        [sys.executable, "-m", "sdanalysis.cli", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--raw" in uit and "bronmap" in uit


def test_datacontract_doc_is_actueel():
    doc = (instellingen.ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")
    assert doc == contract_markdown(), (
        "docs/data-contract.md is verouderd: draai `sdanalysis contract`"
    )


def test_demo_te_klein_geeft_nederlandse_fout(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path), "--clients", "5"]) == EXIT_INVOER
    assert "FOUT" in capsys.readouterr().err


def test_fetch_zonder_netwerk_faalt_snel_en_netjes(tmp_path, capsys):
    import time

    start = time.perf_counter()
    code = main(
        ["fetch", "cbs", "83262NED", "--gemeenten", "GM0164,", "--doel", str(tmp_path / "cache")]
    )
    assert code == EXIT_INVOER
    assert time.perf_counter() - start < 30
    fout = capsys.readouterr().err
    assert "FOUT" in fout and "83262NED" in fout
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_validate_zegt_waarom_geen_tabel_en_nooit_none(tmp_path, capsys):
    """Once: "onbekende tabel None"."""
    (tmp_path / "lijst.csv").write_text("a;b\n1;2\n")
    for argumenten, verwacht in (
        ([str(tmp_path / "lijst.csv")], "uit de bestandsnaam blijkt niet welke tabel"),
        ([str(tmp_path)], "is een map"),
        ([str(tmp_path / "weg.csv")], "bestand niet gevonden"),
        (["--table", "foo", str(tmp_path / "lijst.csv")], "onbekende tabel 'foo'"),
    ):
        assert main(["validate", *argumenten]) == EXIT_INVOER
        fout = capsys.readouterr().err
        assert verwacht in fout and "None" not in fout


def test_scherm_toont_geen_bsn_uit_bestandsnaam_of_waarde(tmp_path, capsys):
    pad = tmp_path / "toewijzingen_123456782.csv"
    pad.write_text("Beschikkingnummer;BSN;Wet\n1;111222333;WLZ\n", encoding="utf-8")
    main(["validate", str(pad)])
    scherm = capsys.readouterr()
    for bsn in ("123456782", "111222333"):
        assert bsn not in scherm.out + scherm.err
    assert "toewijzingen_" in scherm.out + scherm.err


@pytest.mark.parametrize(
    "fout",
    [MemoryError(), RuntimeError("Out of Memory Error: Failed to allocate block")],
    ids=["python", "duckdb"],
)
def test_build_zonder_geheugen_geeft_melding_geen_traceback(
    fout, rommelig, tmp_path, capsys, monkeypatch, sleutel_env
):
    from sdanalysis.bouw import pipeline

    def op(*_a, **_k):
        raise fout

    monkeypatch.setattr(pipeline, "bouw", op)
    code = main(["build", "--raw", str(rommelig), "--out", str(tmp_path / "uit")])
    uit = capsys.readouterr()
    assert code == 2
    assert "te weinig geheugen" in uit.err and "Traceback" not in uit.err
    assert not (tmp_path / "uit").exists()
