"""Tests for the CBS StatLine loaders and the cached download (sdanalysis.bronnen.cbs).

``fetch_cbs`` is never run on the network: a stand-in ``cbsodata`` and a failing name lookup
are put in its place. Tests marked ``integratie`` read the real 83262NED extract.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bronnen import cbs
from sdanalysis.bronnen.bestanden import CBS_83262_MAP, PubliekeDataFout
from sdanalysis.bronnen.cbs import (
    CBSDownloadFout,
    alleen_totalen,
    fetch_cbs,
    laad_cbs_ruw,
    lees_cbsodata,
    wmo_clienten_per_jaar,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "public"
MINI = FIXTURES / "mini"


@pytest.fixture(scope="module")
def map_83262(publiek) -> Path:
    return publiek / CBS_83262_MAP


@pytest.fixture(scope="module")
def wmo(map_83262) -> pd.DataFrame:
    return laad_cbs_ruw(map_83262)


# ---------------------------------------------------------------- CBS raw OData


@pytest.mark.integratie
def test_cbs_ruw_rijen_en_bekende_cijfers(wmo, map_83262):
    ruw = pd.read_csv(map_83262 / "data.csv", dtype=str, keep_default_na=False)
    assert len(ruw) == 96
    assert len(wmo) == 96 * 2  # every data row × 2 onderwerpen, nothing lost
    nl = wmo[(wmo["gemeentecode"] == "NL01") & (wmo["KenmerkenVanPersonen"] == "T009002")]
    aantal = nl[nl["onderwerp"] == "WmoClienten_1"].set_index("perioden")["waarde"]
    assert aantal["2019JJ00"] == 1_166_485
    assert aantal["2016JJ00"] == 1_053_505
    assert pd.isna(aantal["2015JJ00"])  # missing stays missing, never zero
    per1000 = nl[nl["onderwerp"] == "WmoClientenPer1000Inwoners_2"].set_index("perioden")["waarde"]
    assert per1000["2019JJ00"] == 68
    assert nl.set_index("perioden").loc["2020HJ01", "periode_status"].iloc[0] == "Voorlopig"
    assert set(wmo["gemeentecode"]) == {"NL01", "GM0518"}
    assert set(wmo["regio_naam"]) == {"Nederland", "'s-Gravenhage (gemeente)"}
    assert wmo["onderwerp_titel"].iloc[0] == "Wmo-cliënten" and wmo["eenheid"].iloc[0] == "aantal"
    assert int(wmo["waarde"].isna().sum()) == int(
        (ruw[["WmoClienten_1", "WmoClientenPer1000Inwoners_2"]] == "").sum().sum()
    )


def test_cbs_klein_onderdrukt_en_meerregelig():
    df = laad_cbs_ruw(FIXTURES / "cbs_klein")
    w = df.set_index(["gemeentecode", "perioden"])["waarde"]
    assert w[("NL01", "2019JJ00")] == 1000
    assert pd.isna(w[("GM0164", "2019JJ00")])  # "       ." → missing
    assert w[("GM0153", "2019JJ00")] == 0  # a real zero stays zero
    assert pd.isna(w[("NL01", "2020JJ00")]) and pd.isna(w[("GM0153", "2020JJ00")])
    assert df.set_index("gemeentecode").loc["GM0164", "regio_naam"].iloc[0] == "Hengelo (O.)"


def test_cbs_slechte_bestanden(tmp_path):
    with pytest.raises(PubliekeDataFout) as e:
        laad_cbs_ruw(FIXTURES / "cbs_kolom_mist")
    assert "['Clienten_1'] ontbreken" in str(e.value) and "cbs_kolom_mist" in str(e.value)
    kapot = tmp_path / "kapot"
    kapot.mkdir()
    for f in (FIXTURES / "cbs_klein").iterdir():
        (kapot / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (kapot / "data.csv").write_text(
        '"ID","RegioS","Perioden","Clienten_1"\n0,"GM9999","2019JJ00","5"\n'
    )
    with pytest.raises(PubliekeDataFout, match=r"\['GM9999'\] van dimensie RegioS"):
        laad_cbs_ruw(kapot)
    (kapot / "data.csv").write_text(
        '"ID","RegioS","Perioden","Clienten_1"\n0,"GM0164","2019JJ00","veel"\n'
    )
    with pytest.raises(PubliekeDataFout, match="geen getal"):
        laad_cbs_ruw(kapot)


# ---------------------------------------------------------------- CBS cbsodata shape


def test_cbsodata_frame_zelf_gemaakt():
    df = pd.DataFrame(
        {
            "ID": [0, 1, 2, 3],
            "Geslacht": ["Totaal mannen en vrouwen"] * 4,
            "RegioS": ["Nederland", "Hengelo (O.)", "'s-Gravenhage (gemeente)", "Enschede"],
            "Perioden": ["2019", "2019", "1e halfjaar 2020*", "2019"],
            "WmoClienten_1": [1166485.0, None, "       .", "   4210"],
        }
    )
    lang = lees_cbsodata(df, external=MINI)
    assert len(lang) == 4
    assert lang["gemeentecode"].tolist() == ["NL01", "GM0164", "GM0518", "GM0153"]
    assert lang["perioden"].tolist() == ["2019JJ00", "2019JJ00", "2020HJ01", "2019JJ00"]
    assert lang["periode_status"].iloc[2] == "Voorlopig"
    assert lang["waarde"].iloc[0] == 1_166_485 and lang["waarde"].iloc[3] == 4210
    assert lang["waarde"].iloc[1:3].isna().all()
    assert lang["Geslacht"].iloc[0] == "Totaal mannen en vrouwen"
    assert set(cbs.CBS_KOLOMMEN_VAST) <= set(lang.columns)


@pytest.mark.integratie
def test_cbsodata_frame_zoals_cbsodata_het_maakt_gelijk_aan_ruw(wmo, map_83262):
    # Rebuild what cbsodata.get_data does: replace every dimension key by its title.
    ruw = pd.read_csv(map_83262 / "data.csv", dtype=str, keep_default_na=False)
    frame = ruw.copy()
    for dim in (
        "Geslacht",
        "KenmerkenVanPersonen",
        "TypeMaatwerkarrangement",
        "RegioS",
        "Perioden",
    ):
        d = pd.read_csv(map_83262 / f"{dim}.csv", dtype=str, keep_default_na=False)
        frame[dim] = frame[dim].map(dict(zip(d["Key"], d["Title"], strict=True)))
    assert frame["RegioS"].isin(["Nederland", "'s-Gravenhage (gemeente)"]).all()
    lang = lees_cbsodata(frame)
    assert len(lang) == len(wmo)
    a = lang.set_index(["gemeentecode", "perioden", "KenmerkenVanPersonen", "onderwerp"])["waarde"]
    ruw_lang = wmo.assign(KenmerkenVanPersonen=wmo["KenmerkenVanPersonen_titel"])
    b = ruw_lang.set_index(["gemeentecode", "perioden", "KenmerkenVanPersonen", "onderwerp"])[
        "waarde"
    ]
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index(), check_names=False)


def test_cbsodata_frame_fouten():
    with pytest.raises(PubliekeDataFout, match="'Atlantis'"):
        lees_cbsodata(
            pd.DataFrame({"RegioS": ["Atlantis"], "Perioden": ["2019"], "X_1": [1.0]}),
            external=MINI,
        )
    with pytest.raises(PubliekeDataFout, match="'ooit'"):
        lees_cbsodata(
            pd.DataFrame({"RegioS": ["Nederland"], "Perioden": ["ooit"], "X_1": [1.0]}),
            external=MINI,
        )
    with pytest.raises(PubliekeDataFout, match="kolom 'RegioS' ontbreekt"):
        lees_cbsodata(pd.DataFrame({"Perioden": ["2019"], "X_1": [1.0]}))
    provincie = pd.DataFrame({"Key": ["PV23  "], "Title": ["Overijssel (PV)"]})
    lang = lees_cbsodata(
        pd.DataFrame({"RegioS": ["Overijssel (PV)"], "Perioden": ["2019"], "X_1": [1.0]}),
        regio_dimensie=provincie,
        external=MINI,
    )
    assert lang["gemeentecode"].tolist() == ["PV23"]


# ---------------------------------------------------------------- fetch_cbs (never on the network)


def _cache_met_bestand(tmp_path: Path) -> tuple[Path, Path]:
    doel = tmp_path / "cbs" / "83262NED"
    doel.mkdir(parents=True)
    oud = doel / "download.json"
    oud.write_text('{"downloaddatum": "2020-01-01"}', encoding="utf-8")
    return doel, oud


def test_fetch_zonder_netwerk_faalt_direct_en_laat_cache_staan(tmp_path, monkeypatch):
    doel, oud = _cache_met_bestand(tmp_path)

    def geen_dns(*_a, **_k):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", geen_dns)
    start = time.perf_counter()
    with pytest.raises(CBSDownloadFout, match="Geen verbinding"):
        fetch_cbs("83262NED", doel=doel)
    assert time.perf_counter() - start < 5
    assert oud.read_text(encoding="utf-8") == '{"downloaddatum": "2020-01-01"}'
    assert sorted(p.name for p in doel.parent.iterdir()) == ["83262NED"]


def test_fetch_verbinding_weg_tijdens_download(tmp_path, monkeypatch):
    import cbsodata
    import requests

    doel, oud = _cache_met_bestand(tmp_path)
    monkeypatch.setattr(cbs, "_netwerk_controle", lambda *_a: None)
    gezien = {}

    def half_en_weg(tabel, dir=None, **kwargs):
        gezien.update(kwargs)
        Path(dir, "DataProperties.json").write_text("[]")
        raise requests.exceptions.ConnectionError("verbinding verbroken")

    monkeypatch.setattr(cbsodata, "get_data", half_en_weg)
    with pytest.raises(CBSDownloadFout, match="de cache is niet gewijzigd"):
        fetch_cbs("83262NED", gemeenten=["GM0164"], doel=doel)
    assert gezien["timeout"] == instellingen.CBS_TIMEOUT_SECONDEN
    assert gezien["filters"] == "RegioS eq 'GM0164'"
    assert oud.read_text(encoding="utf-8") == '{"downloaddatum": "2020-01-01"}'
    assert sorted(p.name for p in doel.parent.iterdir()) == ["83262NED"]


def test_fetch_gelukt_cache_met_datum_en_leesbaar(tmp_path, monkeypatch):
    import cbsodata

    doel, _ = _cache_met_bestand(tmp_path)
    monkeypatch.setattr(cbs, "_netwerk_controle", lambda *_a: None)

    def nep_download(tabel, dir=None, filters=None, **_k):
        for naam in ("DataProperties", "RegioS", "Perioden"):
            df = pd.read_csv(
                FIXTURES / "cbs_klein" / f"{naam}.csv", dtype=str, keep_default_na=False
            )
            Path(dir, f"{naam}.json").write_text(df.to_json(orient="records"), encoding="utf-8")
        data = pd.read_csv(FIXTURES / "cbs_klein" / "data.csv", dtype=str, keep_default_na=False)
        Path(dir, "UntypedDataSet.json").write_text(
            data.to_json(orient="records"), encoding="utf-8"
        )
        return []

    monkeypatch.setattr(cbsodata, "get_data", nep_download)
    uit = fetch_cbs("83262NED", gemeenten=["GM0164", "NL01"], doel=doel)
    assert uit == doel
    info = json.loads((doel / "download.json").read_text(encoding="utf-8"))
    assert info["downloaddatum"] == pd.Timestamp.now(tz="UTC").date().isoformat()
    assert info["filter"] == "RegioS eq 'GM0164' or RegioS eq 'NL01  '"
    lang = laad_cbs_ruw(doel)
    assert lang.set_index(["gemeentecode", "perioden"])["waarde"][("NL01", "2019JJ00")] == 1000
    assert sorted(p.name for p in doel.parent.iterdir()) == ["83262NED"]


def test_fetch_ongeldige_invoer(tmp_path):
    with pytest.raises(ValueError, match="Ongeldig CBS-tabelnummer"):
        fetch_cbs("../etc", doel=tmp_path / "x")
    with pytest.raises(ValueError, match="Ongeldige gemeentecode"):
        fetch_cbs("83262NED", gemeenten=["Hengelo"], doel=tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_fetch_timeout_als_parameter_en_cache_onder_external(tmp_path, monkeypatch):
    import cbsodata

    monkeypatch.setattr(cbs, "_netwerk_controle", lambda *_a: None)
    gezien = {}

    def nep_download(tabel, dir=None, **kwargs):
        gezien.update(kwargs)
        return []

    monkeypatch.setattr(cbsodata, "get_data", nep_download)
    uit = fetch_cbs("83262NED", timeout=3, external=tmp_path)
    assert gezien["timeout"] == 3
    assert uit == tmp_path / instellingen.CBS_CACHE_MAP / "83262NED"
    assert (uit / "download.json").exists()


# ---------------------------------------------------------------- totals and Wmo-cliënten


def test_alleen_totalen_en_wmo_clienten_per_jaar():
    lang = lees_cbsodata(
        pd.DataFrame(
            {
                "Geslacht": ["T001038", "3000", "T001038", "T001038"],
                "RegioS": ["Nederland", "Nederland", "Nederland", "Nederland"],
                "Perioden": ["2019", "2019", "2020*", "1e halfjaar 2020"],
                "WmoClienten_1": [100.0, 40.0, None, 55.0],
                "WmoClientenPer1000Inwoners_2": [60.0, 50.0, None, 30.0],
            }
        ),
        external=MINI,
    )
    assert len(alleen_totalen(lang)) == 2 * 3
    uit = wmo_clienten_per_jaar(lang, ["GM0164", "NL01"])
    assert uit.columns.tolist() == [
        "gemeentecode",
        "regio_naam",
        "jaar",
        "aantal_clienten",
        "clienten_per_1000_inwoners",
    ]
    assert uit["jaar"].tolist() == [2019, 2020] and set(uit["gemeentecode"]) == {"NL01"}
    assert uit["aantal_clienten"].iloc[0] == 100 and pd.isna(uit["aantal_clienten"].iloc[1])


@pytest.mark.integratie
def test_wmo_clienten_per_jaar_echt(wmo):
    uit = wmo_clienten_per_jaar(wmo, ["NL01"]).set_index("jaar")
    assert uit.loc[2019, "aantal_clienten"] == 1_166_485
    assert pd.isna(uit.loc[2015, "aantal_clienten"])  # missing stays missing, never zero
    assert wmo_clienten_per_jaar(wmo, ["GM0164"]).empty  # only NL and Den Haag in the extract
