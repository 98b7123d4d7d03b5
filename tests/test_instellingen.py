"""Tests for the settings of one run: which gemeente profile applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdanalysis import instellingen


def _profiel(map_: Path, naam: str, code: str) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / instellingen.PROFIEL_BESTAND
    pad.write_text(f'naam = "{naam}"\ncbs_code = "{code}"\n', encoding="utf-8")
    return pad


def test_expliciete_raw_map_wint_van_oud_profiel_in_processed(tmp_path):
    """A report on another gemeente's raw folder must not take the name of an earlier build."""
    _profiel(tmp_path / "processed", "Hengelo", "GM0164")
    raw = tmp_path / "raw"
    _profiel(raw, "Tubbergen", "GM0183")
    inst = instellingen.laad_instellingen(raw=[raw], processed=tmp_path / "processed", omgeving={})
    assert (inst.gemeente, inst.profiel.cbs_code) == ("Tubbergen", "GM0183")


def test_raw_zonder_profiel_neemt_niets_over_uit_processed(tmp_path):
    _profiel(tmp_path / "processed", "Hengelo", "GM0164")
    raw = tmp_path / "raw"
    raw.mkdir()
    inst = instellingen.laad_instellingen(raw=[raw], processed=tmp_path / "processed", omgeving={})
    assert inst.gemeente != "Hengelo"
    assert inst.profiel.cbs_code is None


def test_zonder_raw_geldt_het_profiel_van_de_bouw(tmp_path):
    _profiel(tmp_path / "processed", "Losser", "GM0168")
    inst = instellingen.laad_instellingen(processed=tmp_path / "processed", omgeving={})
    assert (inst.gemeente, inst.profiel.cbs_code) == ("Losser", "GM0168")


def test_andere_gemeente_dan_profiel_krijgt_leeg_profiel(tmp_path):
    _profiel(tmp_path / "processed", "Losser", "GM0168")
    inst = instellingen.laad_instellingen(
        processed=tmp_path / "processed", gemeente="Borne", omgeving={}
    )
    assert inst.gemeente == "Borne"
    assert inst.profiel.cbs_code is None


def test_omgekeerde_jaren_geven_een_nederlandse_fout(tmp_path):
    with pytest.raises(instellingen.ProfielFout, match="ligt na"):
        instellingen.laad_instellingen(processed=tmp_path, jaren=(2024, 2020), omgeving={})
