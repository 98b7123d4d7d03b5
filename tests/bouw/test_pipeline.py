"""Tests for sdanalysis.bouw.pipeline: the build writes the joined declaraties once."""

from __future__ import annotations

import json
import shutil

import pytest

from sdanalysis.bouw.pipeline import BOUWVERSIE, BouwFout, bouw, is_actueel, laad_tabel
from sdanalysis.bouw.verrijken import GEKOPPELD_TABEL


@pytest.fixture
def gebouwd(rommelig, tmp_path, sleutel_env):
    out = tmp_path / "processed"
    return bouw([rommelig], out), out


def test_bouw_schrijft_declaraties_gekoppeld(gebouwd, rommelig):
    res, out = gebouwd
    decl = res.tabellen["declaraties"]
    g = res.afgeleid[GEKOPPELD_TABEL]
    assert GEKOPPELD_TABEL not in res.tabellen  # derived, not a contract table
    assert len(g) == len(decl) and g["gekoppeld"].all()
    assert g["bedrag_eur"].sum() == pytest.approx(decl["bedrag_eur"].sum())
    assert {"client_id", "wet", "categorie", "taakveld", "aanbieder_agb", "jaar"} <= set(g.columns)
    gelezen = laad_tabel(GEKOPPELD_TABEL, out)
    assert len(gelezen) == len(g)
    verslag = json.loads((out / "bouwverslag.json").read_text(encoding="utf-8"))
    assert verslag["afgeleide_tabellen"] == {GEKOPPELD_TABEL: len(g)}
    assert GEKOPPELD_TABEL not in verslag["tabellen"]
    assert verslag["bouwversie"] == BOUWVERSIE
    # the quality ledger covers the contract tables only, and closes
    assert set(res.kwaliteit["tabel"]) == set(res.tabellen)
    assert is_actueel(out, [rommelig])


def test_oude_bouwversie_is_niet_actueel(gebouwd, rommelig):
    _, out = gebouwd
    pad = out / "bouwverslag.json"
    verslag = json.loads(pad.read_text(encoding="utf-8"))
    pad.write_text(json.dumps({**verslag, "bouwversie": BOUWVERSIE - 1}), encoding="utf-8")
    assert not is_actueel(out, [rommelig])


def test_zonder_declaraties_geen_gekoppelde_tabel(rommelig, tmp_path, sleutel_env):
    out = tmp_path / "processed"
    bouw([rommelig], out)
    assert (out / f"{GEKOPPELD_TABEL}.parquet").exists()
    zonder = tmp_path / "zonder"
    shutil.copytree(rommelig, zonder, ignore=shutil.ignore_patterns("declaraties*"))
    res = bouw([zonder], out)
    assert res.afgeleid == {}
    assert not (out / f"{GEKOPPELD_TABEL}.parquet").exists()  # stale table removed


def test_ontbrekende_map_en_verplichte_tabel(tmp_path, sleutel_env):
    with pytest.raises(BouwFout, match="bestaat niet"):
        bouw([tmp_path / "nergens"], tmp_path / "uit", schrijf=False)
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    with pytest.raises(BouwFout, match="geen bestand voor verplichte tabel 'toewijzingen'"):
        bouw([leeg], tmp_path / "uit", schrijf=False)


def test_elk_bestand_gelezen_of_genoemd_met_reden(rommelig, tmp_path, sleutel_env):
    """Nothing under a raw folder is passed over without a word in the build report."""
    import zipfile

    raw = tmp_path / "raw"
    shutil.copytree(rommelig, raw)
    (raw / "sub").mkdir()
    (raw / "notities.docx").write_bytes(b"PK\x03\x04 geen echte docx")
    (raw / "~$begroting.xlsx").write_bytes(b"slot")
    with zipfile.ZipFile(raw / "sub" / "export.zip", "w") as z:
        z.writestr("lijst.txt", "geen bericht")
    res = bouw([raw], tmp_path / "uit", schrijf=False)
    tekst = "\n".join(res.waarschuwingen)
    for naam in ("notities.docx", "~$begroting.xlsx", "export.zip"):
        assert naam in tekst, naam
    regels = [w for w in res.waarschuwingen if "niet gelezen" in w or "geen tabel" in w]
    assert all(": " in r for r in regels)
    assert "sub/export.zip" in tekst  # the path inside the raw folder, not only the name


def test_koppeling_maatregel_categorie_gaat_mee_en_geldt_alleen_voor_die_gemeente(
    rommelig, tmp_path, sleutel_env
):
    """Hengelo's link maatregel -> categorie once lived in the package and held for everyone."""
    from sdanalysis import instellingen
    from sdanalysis.bouw.programma import laad_programma

    raw = tmp_path / "raw"
    shutil.copytree(rommelig, raw)
    for naam in ("maatregelen", "pakketten", "effecten"):
        shutil.copy(instellingen.PROGRAMMA_RAW_DIR / f"{naam}.csv", raw)
    res = bouw([raw], tmp_path / "zonder")
    assert not any(instellingen.KOPPELING_BESTAND in w for w in res.waarschuwingen)
    assert "mapping" not in laad_programma(tmp_path / "zonder")  # no link: no claims
    shutil.copy(instellingen.PROGRAMMA_RAW_DIR / instellingen.KOPPELING_BESTAND, raw)
    res = bouw([raw], tmp_path / "met")
    assert not any(instellingen.KOPPELING_BESTAND in w for w in res.waarschuwingen)
    assert len(laad_programma(tmp_path / "met")["mapping"]) > 0
    assert not (instellingen.PACKAGE_DATA_DIR / instellingen.KOPPELING_BESTAND).exists()
