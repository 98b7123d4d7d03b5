"""Tests for the public-data loaders and the benchmark (sdanalysis.bronnen.publiek).

The loader tests run on the REAL public files in ``instellingen.external_dir()`` (default
``../shared/data/public``). When they are missing the tests fail with a clear message;
they are never skipped.
"""

from __future__ import annotations

import csv
import json
import socket
import time
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bronnen import publiek as public
from sdanalysis.bronnen.publiek import (
    CBSDownloadFout,
    PubliekeDataFout,
    begroting_over_jaren,
    begroting_vs_jaarrekening,
    benchmark,
    controleer_nederland,
    fetch_cbs,
    laad_cbs_ruw,
    laad_gemeentecodes,
    laad_gemeenteklassen,
    laad_iv3,
    laad_iv3_alle,
    laad_iv3_met_afkeur,
    lasten_per_inwoner,
    lees_cbsodata,
    naar_gemeentecode,
    percentiel,
    totalen_per_gemeente,
    vergelijkingsgroepen,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "public"
IV3 = instellingen.external_dir() / public.IV3_MAP
CBS = instellingen.external_dir() / public.CBS_83262_MAP


def _echt(pad: Path) -> Path:
    assert pad.exists(), (
        f"Echt publiek bestand ontbreekt: {pad}. De tests draaien op de echte publieke data in "
        f"{instellingen.external_dir()}; zet SDANALYSIS_EXTERNAL of ../shared/data/public neer."
    )
    return pad


@pytest.fixture(scope="module")
def iv3_bestanden() -> dict[tuple[int, str], pd.DataFrame]:
    return {sleutel: laad_iv3(_echt(IV3 / naam)) for sleutel, naam in public.IV3_BESTANDEN.items()}


@pytest.fixture(scope="module")
def iv3_alle_gemeenten() -> pd.DataFrame:
    return laad_iv3(_echt(IV3 / public.IV3_ALLE_GEMEENTEN_2023), 2023, "jaarrekening")


@pytest.fixture(scope="module")
def iv3_alles() -> pd.DataFrame:
    _echt(IV3)
    return laad_iv3_alle()


@pytest.fixture(scope="module")
def wmo() -> pd.DataFrame:
    return laad_cbs_ruw(_echt(CBS))


def _ruwe_rijen(pad: Path) -> list[dict[str, str]]:
    with pad.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


# ---------------------------------------------------------------- Iv3 on the real files


def test_iv3_rijaantallen_per_bestand(iv3_bestanden, iv3_alle_gemeenten):
    verwacht = {
        (2023, "begroting"): 426,
        (2023, "jaarrekening"): 426,
        (2024, "begroting"): 426,
        (2025, "begroting"): 414,
    }
    for sleutel, n in verwacht.items():
        df = iv3_bestanden[sleutel]
        assert len(df) == n, sleutel
        assert df["gemeente"].nunique() == 6
        assert set(df["verslagsoort"]) == {sleutel[1]} and set(df["jaar"]) == {sleutel[0]}
    assert len(iv3_alle_gemeenten) == 9604 == 343 * 28
    assert iv3_alle_gemeenten["gemeentecode"].nunique() == 343  # 342 gemeenten + NL01


def test_iv3_kolommen_en_typen(iv3_bestanden):
    df = iv3_bestanden[(2023, "jaarrekening")]
    assert list(df.columns) == list(public.IV3_KOLOMMEN)
    assert df["lasten_eur"].dtype == "float64" and df["inwoners"].dtype == "int64"
    assert set(df["gemeentecode"]) == {"GM0164", "GM0153", "GM0141", "GM0147", "GM0173", "NL01"}


def test_bekende_cijfers_hengelo(iv3_bestanden):
    jr = iv3_bestanden[(2023, "jaarrekening")]
    hh = jr[(jr["gemeentecode"] == "GM0164") & (jr["taakveld"] == "6.71a")].iloc[0]
    assert hh["lasten_eur"] == 11_369_000.0  # € 11.369.000 huishoudelijke hulp
    assert hh["baten_eur"] == 1_003_000.0
    assert hh["taakveld_naam"] == "Huishoudelijke hulp (Wmo)"
    assert hh["taakveld_reeks"] == "wmo_maatwerk"
    assert hh["inwoners"] == 82_311
    b24 = iv3_bestanden[(2024, "begroting")]
    assert set(b24.loc[b24["gemeentecode"] == "GM0164", "inwoners"]) == {83_058}
    b25 = iv3_bestanden[(2025, "begroting")]
    pgb = b25[(b25["gemeentecode"] == "GM0164") & (b25["taakveld"] == "6.791")]
    assert pgb["lasten_eur"].item() == 546_000.0
    algemene_uitkering = iv3_bestanden[(2023, "jaarrekening")]
    au = algemene_uitkering[
        (algemene_uitkering["gemeentecode"] == "GM0164") & (algemene_uitkering["taakveld"] == "0.7")
    ]
    assert au["baten_eur"].item() > 190_000_000  # ~€ 194 mln: confirms the × 1.000


def test_totalen_per_gemeente_gelijk_aan_som_taakvelden(iv3_bestanden):
    for (jaar, soort), naam in public.IV3_BESTANDEN.items():
        ruw = _ruwe_rijen(IV3 / naam)
        hand: dict[str, float] = {}
        for r in ruw:
            hand[r["Gemeenten"]] = hand.get(r["Gemeenten"], 0.0) + float(r["Lasten"]) * 1000
        tot = totalen_per_gemeente(iv3_bestanden[(jaar, soort)]).set_index("gemeente")
        for gemeente, som in hand.items():
            assert tot.loc[gemeente, "lasten_eur"] == pytest.approx(som, abs=0.01)
        assert set(tot["aantal_taakvelden"]) == {71 if jaar < 2025 else 69}


def test_taakveld6_gelijk_in_beide_bestanden(iv3_bestanden, iv3_alle_gemeenten):
    jr = iv3_bestanden[(2023, "jaarrekening")]
    twente6 = jr[jr["taakveld"].str.startswith("6.")].set_index(["gemeentecode", "taakveld"])
    alle = iv3_alle_gemeenten.set_index(["gemeentecode", "taakveld"])
    samen = twente6[["lasten_eur", "baten_eur"]].join(
        alle[["lasten_eur", "baten_eur"]].rename(columns=lambda k: k + "_alle"), how="left"
    )
    assert len(samen) == 6 * 28
    assert (samen["lasten_eur"] == samen["lasten_eur_alle"]).all()
    assert (samen["baten_eur"] == samen["baten_eur_alle"]).all()


def test_nederland_is_som_over_alle_gemeenten(iv3_alle_gemeenten):
    controle = controleer_nederland(iv3_alle_gemeenten, tolerantie_eur=0.0)
    assert len(controle) == 28
    assert controle["klopt"].all()
    assert set(controle["aantal_gemeenten"]) == {342}
    assert controle["verschil_lasten_eur"].abs().max() == 0.0
    inw = iv3_alle_gemeenten.drop_duplicates("gemeentecode").set_index("gemeentecode")["inwoners"]
    assert inw["NL01"] == inw.drop("NL01").sum() == 17_811_291


def test_nederland_in_twente_bestand_is_niet_som_van_de_vijf(iv3_bestanden, iv3_alle_gemeenten):
    jr = iv3_bestanden[(2023, "jaarrekening")]
    controle = controleer_nederland(jr[jr["taakveld"].str.startswith("6.")])
    assert not controle["klopt"].any()  # NL = all 342 gemeenten, not these 5
    nl_twente = jr[(jr["gemeentecode"] == "NL01") & jr["taakveld"].str.startswith("6.")]
    nl_alle = iv3_alle_gemeenten[iv3_alle_gemeenten["gemeentecode"] == "NL01"]
    assert nl_twente["lasten_eur"].sum() == nl_alle["lasten_eur"].sum()


def test_laad_iv3_alle_geen_dubbele_regels(iv3_alles):
    sleutel = ["gemeentecode", "jaar", "verslagsoort", "taakveld"]
    assert not iv3_alles.duplicated(sleutel).any()
    assert len(iv3_alles) == 426 * 3 + 414 + (9604 - 6 * 28)


# ---------------------------------------------------------------- Iv3 bad files


def test_fout_kolom_ontbreekt():
    with pytest.raises(PubliekeDataFout) as e:
        laad_iv3(FIXTURES / "iv3_2023_jaarrekening_kolom_mist.csv")
    tekst = str(e.value)
    assert "iv3_2023_jaarrekening_kolom_mist.csv" in tekst
    assert "['Lasten']" in tekst and "ontbreken" in tekst


def test_fout_verkeerd_scheidingsteken():
    with pytest.raises(PubliekeDataFout) as e:
        laad_iv3(FIXTURES / "iv3_2023_jaarrekening_komma.csv")
    tekst = str(e.value)
    assert "iv3_2023_jaarrekening_komma.csv" in tekst
    assert "verwacht ';' als scheidingsteken" in tekst and "','-gescheiden" in tekst


def test_onbekende_taakveldcode_niets_kwijt():
    pad = FIXTURES / "iv3_2023_jaarrekening_onbekend_taakveld.csv"
    data, afgekeurd = laad_iv3_met_afkeur(pad)
    regels_in = sum(1 for r in pad.read_text(encoding="utf-8").splitlines()[1:] if r.strip())
    assert regels_in == 7
    assert len(data) + len(afgekeurd) == regels_in
    assert data["taakveld"].tolist() == ["6.71a", "6.71b", "6.71a"]
    assert afgekeurd["rij"].tolist() == [4, 5, 6, 7]
    redenen = dict(zip(afgekeurd["rij"], afgekeurd["reden"], strict=True))
    assert "bestaat niet" in redenen[4]
    assert "geldig vanaf 2025" in redenen[5]
    assert "geen getal" in redenen[6]
    assert "verwacht 11 velden, gevonden 6" in redenen[7]
    assert set(afgekeurd["bestand"]) == {pad.name}
    with pytest.raises(PubliekeDataFout) as e:
        laad_iv3(pad)
    assert "4 van 7 regels afgekeurd" in str(e.value) and pad.name in str(e.value)


def test_jaar_niet_af_te_leiden(tmp_path):
    pad = tmp_path / "iv3.csv"
    pad.write_text((FIXTURES / "iv3_2023_jaarrekening_onbekend_taakveld.csv").read_text())
    with pytest.raises(PubliekeDataFout, match="jaar en verslagsoort"):
        laad_iv3(pad)
    assert len(laad_iv3_met_afkeur(pad, 2023, "jaarrekening")[0]) == 3


# ---------------------------------------------------------------- gemeenten and klassen


def test_gemeenteklassen_en_codes():
    klassen = laad_gemeenteklassen()
    assert len(klassen) == 342
    hengelo = klassen[klassen["gemeentecode"] == "GM0164"].iloc[0]
    assert hengelo["inwoners"] == 83_058 == instellingen.GEMEENTE_INWONERS
    assert hengelo["gemeentegrootte"] == "50000tot100000inwoners"
    assert (klassen["gemeentegrootte"] == "50000tot100000inwoners").sum() == 63
    codes = laad_gemeentecodes()
    assert len(codes) == 342 and (codes["jeugdzorgregio"] == "Twente").sum() == 14


def test_gemeenteklassen_slechte_bestanden():
    with pytest.raises(
        PubliekeDataFout, match=r"gemeenteklassen_kolom_mist.tsv.*\['Stedelijkheid'\]"
    ):
        laad_gemeenteklassen(FIXTURES / "gemeenteklassen_kolom_mist.tsv")
    with pytest.raises(PubliekeDataFout, match="verwacht tab als scheidingsteken"):
        laad_gemeenteklassen(FIXTURES / "gemeenteklassen_puntkomma.tsv")


def test_naar_gemeentecode():
    uit = naar_gemeentecode(
        [
            "Hengelo (O.)",
            "Hengelo",
            "'s-Gravenhage (gemeente)",
            "'s-Gravenhage",
            "GM0153",
            "NL01  ",
            "Nederland",
            "Groningen (gemeente)",
            "Bestaat niet",
            None,
        ]
    ).tolist()
    assert uit[:8] == ["GM0164", "GM0164", "GM0518", "GM0518", "GM0153", "NL01", "NL01", "GM0014"]
    assert pd.isna(uit[8]) and pd.isna(uit[9])


# ---------------------------------------------------------------- CBS raw OData


def test_cbs_ruw_rijen_en_bekende_cijfers(wmo):
    ruw = pd.read_csv(CBS / "data.csv", dtype=str, keep_default_na=False)
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
    lang = lees_cbsodata(df)
    assert len(lang) == 4
    assert lang["gemeentecode"].tolist() == ["NL01", "GM0164", "GM0518", "GM0153"]
    assert lang["perioden"].tolist() == ["2019JJ00", "2019JJ00", "2020HJ01", "2019JJ00"]
    assert lang["periode_status"].iloc[2] == "Voorlopig"
    assert lang["waarde"].iloc[0] == 1_166_485 and lang["waarde"].iloc[3] == 4210
    assert lang["waarde"].iloc[1:3].isna().all()
    assert lang["Geslacht"].iloc[0] == "Totaal mannen en vrouwen"
    assert set(public.CBS_KOLOMMEN_VAST) <= set(lang.columns)


def test_cbsodata_frame_zoals_cbsodata_het_maakt_gelijk_aan_ruw(wmo):
    # Rebuild what cbsodata.get_data does: replace every dimension key by its title.
    ruw = pd.read_csv(CBS / "data.csv", dtype=str, keep_default_na=False)
    frame = ruw.copy()
    for dim in (
        "Geslacht",
        "KenmerkenVanPersonen",
        "TypeMaatwerkarrangement",
        "RegioS",
        "Perioden",
    ):
        d = pd.read_csv(CBS / f"{dim}.csv", dtype=str, keep_default_na=False)
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
        lees_cbsodata(pd.DataFrame({"RegioS": ["Atlantis"], "Perioden": ["2019"], "X_1": [1.0]}))
    with pytest.raises(PubliekeDataFout, match="'ooit'"):
        lees_cbsodata(pd.DataFrame({"RegioS": ["Nederland"], "Perioden": ["ooit"], "X_1": [1.0]}))
    with pytest.raises(PubliekeDataFout, match="kolom 'RegioS' ontbreekt"):
        lees_cbsodata(pd.DataFrame({"Perioden": ["2019"], "X_1": [1.0]}))
    provincie = pd.DataFrame({"Key": ["PV23  "], "Title": ["Overijssel (PV)"]})
    lang = lees_cbsodata(
        pd.DataFrame({"RegioS": ["Overijssel (PV)"], "Perioden": ["2019"], "X_1": [1.0]}),
        regio_dimensie=provincie,
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
    monkeypatch.setattr(public, "_netwerk_controle", lambda *_a: None)
    gezien = {}

    def half_en_weg(tabel, dir=None, **kwargs):
        gezien.update(kwargs)
        Path(dir, "DataProperties.json").write_text("[]")
        raise requests.exceptions.ConnectionError("verbinding verbroken")

    monkeypatch.setattr(cbsodata, "get_data", half_en_weg)
    with pytest.raises(CBSDownloadFout, match="de cache is niet gewijzigd"):
        fetch_cbs("83262NED", gemeenten=["GM0164"], doel=doel)
    assert gezien["timeout"] == public.CBS_TIMEOUT_SECONDEN
    assert gezien["filters"] == "RegioS eq 'GM0164'"
    assert oud.read_text(encoding="utf-8") == '{"downloaddatum": "2020-01-01"}'
    assert sorted(p.name for p in doel.parent.iterdir()) == ["83262NED"]


def test_fetch_gelukt_cache_met_datum_en_leesbaar(tmp_path, monkeypatch):
    import cbsodata

    doel, _ = _cache_met_bestand(tmp_path)
    monkeypatch.setattr(public, "_netwerk_controle", lambda *_a: None)

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


# ---------------------------------------------------------------- benchmark


def test_percentiel_met_de_hand():
    assert percentiel(5, [1, 5, 9, 10]) == 37.5  # 1 lower + 0.5 × 1 equal = 1.5 / 4
    assert pd.isna(percentiel(5, []))


def test_vergelijkingsgroepen_hengelo():
    g = vergelijkingsgroepen("GM0164")
    assert g["Twente-5"] == ["GM0153", "GM0141", "GM0147", "GM0173"]
    assert len(g["Regio Twente"]) == 13 and "GM0164" not in g["Regio Twente"]
    assert len(g["Gemeenteklasse 50.000 tot 100.000 inwoners"]) == 62
    assert len(g["Alle gemeenten"]) == 341


def test_lasten_per_inwoner_en_benchmark_echt(iv3_alles):
    jr = iv3_alles[(iv3_alles["jaar"] == 2023) & (iv3_alles["verslagsoort"] == "jaarrekening")]
    pi = lasten_per_inwoner(jr, niveau="taakveld")
    hh = pi[(pi["gemeentecode"] == "GM0164") & (pi["groep"] == "6.71a")].iloc[0]
    assert hh["lasten_per_inwoner_eur"] == pytest.approx(11_369_000 / 82_311)
    assert set(pi["domein"]) == {"Wmo", "Jeugd"}
    b = benchmark(pi[pi["gemeentecode"] != "NL01"])
    rij = b[(b["groep"] == "6.71a") & (b["vergelijking"] == "Alle gemeenten")].iloc[0]
    assert rij["aantal_gemeenten"] == 341
    alle = pi[(pi["groep"] == "6.71a") & ~pi["gemeentecode"].isin(["GM0164", "NL01"])]
    waarden = alle["lasten_per_inwoner_eur"]
    assert rij["mediaan_eur"] == pytest.approx(waarden.median())
    lager = (waarden < hh["lasten_per_inwoner_eur"]).sum()
    assert rij["percentiel"] == pytest.approx(100 * lager / 341)
    twente = b[(b["groep"] == "6.71a") & (b["vergelijking"] == "Twente-5")].iloc[0]
    assert twente["aantal_gemeenten"] == 4
    with pytest.raises(ValueError, match="één jaar en één verslagsoort"):
        benchmark(lasten_per_inwoner(iv3_alles[iv3_alles["gemeentecode"] == "GM0164"]))


def test_lasten_per_inwoner_reeks_som(iv3_bestanden):
    jr = iv3_bestanden[(2023, "jaarrekening")]
    pi = lasten_per_inwoner(jr, niveau="reeks").set_index(["gemeentecode", "groep"])
    h = jr[jr["gemeentecode"] == "GM0164"]
    wmo = h[h["taakveld"].isin(["6.6", "6.71", "6.71a", "6.71b", "6.71c", "6.71d"])][
        "lasten_eur"
    ].sum()
    assert wmo == (3741 + 0 + 11369 + 10446 + 2418 + 0) * 1000
    assert pi.loc[("GM0164", "wmo_maatwerk"), "lasten_eur"] == wmo


def test_begroting_vs_jaarrekening_hengelo(iv3_alles):
    t = begroting_vs_jaarrekening(iv3_alles, "GM0164", 2023).set_index("taakveld")
    assert t.loc["6.71a", "begroting_lasten_eur"] == 11_025_000
    assert t.loc["6.71a", "jaarrekening_lasten_eur"] == 11_369_000
    assert t.loc["6.71a", "verschil_eur"] == 344_000
    assert t.loc["6.71a", "verschil_pct"] == pytest.approx(344 / 11025)
    assert pd.isna(t.loc["6.81a", "verschil_pct"])  # begroting 0 → no percentage
    # 6.6, 6.71, 6.71a-d, 6.72, 6.72a-d, 6.73a-c, 6.74a-c, 6.81, 6.81a-b, 6.82, 6.82a-b
    assert len(t) == 1 + 1 + 4 + 1 + 4 + 3 + 3 + 1 + 2 + 1 + 2


def test_begroting_over_jaren_met_codewijziging(iv3_alles):
    t = begroting_over_jaren(iv3_alles, "GM0164").set_index("reeks")
    # begroting 2023 wmo_maatwerk = 6.6 + 6.71 + 6.71a-d (€ 1.000)
    assert (
        t.loc["wmo_maatwerk", "lasten_2023_eur"] == (3836 + 0 + 11025 + 10370 + 3142 + 125) * 1000
    )
    # begroting 2025 = 6.60 + 6.711-6.714 + 6.791 (pgb)
    assert t.loc["wmo_maatwerk", "lasten_2025_eur"] == (4444 + 12509 + 319 + 80 - 171 + 546) * 1000
    assert t.loc["toegang", "lasten_2025_eur"] == (17204 + 7099 + 1266) * 1000
    assert t.loc["coordinatie", "lasten_2023_eur"] == 0
    assert t.loc["wmo_maatwerk", "verschil_2024_eur"] == (
        t.loc["wmo_maatwerk", "lasten_2024_eur"] - t.loc["wmo_maatwerk", "lasten_2023_eur"]
    )


def test_benchmark_jaarrekening_is_de_keten():
    iv3 = public.laad_iv3_alle()
    groepen = public.vergelijkingsgroepen("GM0164")
    a = public.benchmark_jaarrekening(iv3, "GM0164", 2023, niveau="reeks", groepen=groepen)
    jr = iv3[
        (iv3["jaar"] == 2023)
        & (iv3["verslagsoort"] == "jaarrekening")
        & (iv3["gemeentecode"] != public.NEDERLAND_CODE)
    ]
    b = public.benchmark(public.lasten_per_inwoner(jr, niveau="reeks"), "GM0164", groepen)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="Geen Iv3-jaarrekening voor 2019"):
        public.lasten_per_inwoner_jaarrekening(iv3, 2019)
