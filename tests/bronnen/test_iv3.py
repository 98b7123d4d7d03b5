"""Tests for the Iv3 loaders (sdanalysis.bronnen.iv3).

Unit tests use ``tests/fixtures/public``; tests marked ``integratie`` pin figures of the real
files in ``instellingen.external_dir()`` and are skipped when those are absent.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis.bronnen import iv3
from sdanalysis.bronnen.bestanden import IV3_MAP, PubliekeDataFout
from sdanalysis.bronnen.iv3 import (
    controleer_nederland,
    iv3_bestanden,
    iv3_inhoud,
    laad_iv3,
    laad_iv3_alle,
    laad_iv3_met_afkeur,
    totalen_per_gemeente,
)
from sdanalysis.contracts import QUARANTAINE_KOLOMMEN
from sdanalysis.taakvelden import ONBEKEND, splits_taakveld, voeg_taakveldreeks_toe

FIXTURES = Path(__file__).parents[1] / "fixtures" / "public"

# ---------------------------------------------------------------- bad files


def test_fout_kolom_ontbreekt(mini):
    with pytest.raises(PubliekeDataFout) as e:
        laad_iv3(FIXTURES / "iv3_2023_jaarrekening_kolom_mist.csv", external=mini)
    tekst = str(e.value)
    assert "iv3_2023_jaarrekening_kolom_mist.csv" in tekst
    assert "['Lasten']" in tekst and "ontbreken" in tekst


def test_fout_verkeerd_scheidingsteken(mini):
    with pytest.raises(PubliekeDataFout) as e:
        laad_iv3(FIXTURES / "iv3_2023_jaarrekening_komma.csv", external=mini)
    tekst = str(e.value)
    assert "iv3_2023_jaarrekening_komma.csv" in tekst
    assert "verwacht ';' als scheidingsteken" in tekst and "','-gescheiden" in tekst


def test_onbekende_taakveldcode_niets_kwijt(mini):
    pad = FIXTURES / "iv3_2023_jaarrekening_onbekend_taakveld.csv"
    data, afgekeurd = laad_iv3_met_afkeur(pad, external=mini)
    regels_in = sum(1 for r in pad.read_text(encoding="utf-8").splitlines()[1:] if r.strip())
    assert regels_in == 7
    assert len(data) + len(afgekeurd) == regels_in
    assert data["taakveld"].tolist() == ["6.71a", "6.71b", "6.71a"]
    assert data["lasten_eur"].tolist() == [11_369_000.0, 10_446_000.0, 20_000_000.0]
    # the build's quarantine format: same columns, same types
    assert list(afgekeurd.columns) == list(QUARANTAINE_KOLOMMEN)
    assert str(afgekeurd["rij"].dtype) == "Int64"
    assert afgekeurd["rij"].tolist() == [4, 5, 6, 7]
    redenen = dict(zip(afgekeurd["rij"], afgekeurd["reden"], strict=True))
    assert "bestaat niet" in redenen[4]
    assert "geldig vanaf 2025" in redenen[5]
    assert "geen getal" in redenen[6]
    assert "6 velden" in redenen[7] and "kopregel 11" in redenen[7]
    assert set(afgekeurd["bestand"]) == {pad.name} and set(afgekeurd["tabel"]) == {"iv3"}
    with pytest.raises(PubliekeDataFout) as e:
        laad_iv3(pad, external=mini)
    assert "4 van 7 regels afgekeurd" in str(e.value) and pad.name in str(e.value)


def test_slechte_regels_een_keer_afgekeurd(mini, tmp_path):
    kop = (FIXTURES / "iv3_2023_jaarrekening_onbekend_taakveld.csv").read_text().splitlines()[0]
    regels = [
        "Atlantis;6.71a Huishoudelijke hulp;;0.0;5.0;;;;100;;",  # unknown gemeente
        "Hengelo;Totaal;;0.0;5.0;;;;100;;",  # no taakveld code
        "Hengelo;6.71b Begeleiding;;x;y;;;;0;;",  # two bad amounts and bad inwoners: once
        "Hengelo;6.71c Dagbesteding;;0.0;;;;;82311;;",  # empty amount: missing, not rejected
        "Hengelo;6.71c Dagbesteding;;0.0;1.0;;;;82311;;",  # duplicate
    ]
    pad = tmp_path / "iv3_2023_begroting_test.csv"
    pad.write_text("\n".join([kop, *regels]) + "\n", encoding="utf-8")
    data, afgekeurd = laad_iv3_met_afkeur(pad, external=mini)
    assert afgekeurd[["rij", "kolom"]].values.tolist() == [
        [2, "Gemeenten"],
        [3, "Taakveld"],
        [4, "Lasten"],
        [6, "Taakveld"],
    ]
    assert "dubbele regel" in afgekeurd["reden"].iloc[-1]
    assert len(data) == 1 and pd.isna(data["lasten_eur"].item())
    assert (data["jaar"].item(), data["verslagsoort"].item()) == (2023, "begroting")


def test_jaar_niet_af_te_leiden(tmp_path, mini):
    pad = tmp_path / "iv3.csv"
    pad.write_text((FIXTURES / "iv3_2023_jaarrekening_onbekend_taakveld.csv").read_text())
    with pytest.raises(PubliekeDataFout, match="jaar en verslagsoort"):
        laad_iv3(pad, external=mini)
    assert len(laad_iv3_met_afkeur(pad, 2023, "jaarrekening", external=mini)[0]) == 3


# ---------------------------------------------------------------- the folder of Iv3 files


def test_laad_iv3_alle_jaren_uit_de_bestanden(mini):
    alle = laad_iv3_alle(mini)
    assert [(j, s) for j, s, _ in iv3_bestanden(mini / IV3_MAP)] == [
        (2023, "begroting"),
        (2023, "jaarrekening"),
        (2023, "jaarrekening"),
        (2024, "begroting"),
        (2025, "begroting"),
    ]
    assert not alle.duplicated(iv3.IV3_SLEUTEL).any()  # the overlapping file counts once
    inhoud = iv3_inhoud(alle).set_index(["jaar", "verslagsoort"])
    assert inhoud.loc[(2023, "jaarrekening"), "aantal_gemeenten"] == 5
    assert inhoud.loc[(2023, "jaarrekening"), "aantal_regels"] == 6 * 6
    hh = alle[(alle["gemeentecode"] == "GM0164") & (alle["taakveld"] == "6.71a")]
    assert hh.loc[hh["verslagsoort"] == "jaarrekening", "lasten_eur"].item() == 11_369_000


def test_laad_iv3_alle_tegenstrijdige_bestanden(mini, tmp_path):
    kopie = tmp_path / "publiek"
    shutil.copytree(mini, kopie)
    pad = kopie / IV3_MAP / "iv3_2023_jaarrekening_mini_twente.csv"
    pad.write_text(pad.read_text().replace("11369.0", "11370.0"), encoding="utf-8")
    with pytest.raises(PubliekeDataFout, match="spreken elkaar tegen"):
        laad_iv3_alle(kopie)


def test_laad_iv3_alle_zonder_bestanden(tmp_path):
    with pytest.raises(FileNotFoundError, match="SDANALYSIS_EXTERNAL"):
        laad_iv3_alle(tmp_path)
    assert not iv3.beschikbaar(tmp_path)


def test_nederland_som_waar_volledig(mini):
    controle = controleer_nederland(laad_iv3_alle(mini))
    volledig = controle[controle["volledig"]]
    assert set(volledig["verslagsoort"]) == {"jaarrekening"} and len(volledig) == 6
    assert volledig["klopt"].all() and set(volledig["aantal_gemeenten"]) == {5}
    assert not controle.loc[~controle["volledig"], "klopt"].any()  # begroting: 1-2 gemeenten


# ---------------------------------------------------------------- on the real files


@pytest.fixture(scope="module")
def map_iv3(publiek) -> Path:
    return publiek / IV3_MAP


@pytest.fixture(scope="module")
def iv3_bestanden_echt(map_iv3) -> dict[tuple[int, str], pd.DataFrame]:
    return {(j, s): laad_iv3(p) for j, s, p in iv3_bestanden(map_iv3) if "twente5" in p.name}


@pytest.fixture(scope="module")
def iv3_alle_gemeenten(map_iv3) -> pd.DataFrame:
    return laad_iv3(map_iv3 / "iv3_2023_jaarrekening_taakveld6_alle_gemeenten.csv")


@pytest.fixture(scope="module")
def iv3_alles(publiek) -> pd.DataFrame:
    return laad_iv3_alle()


def _ruwe_rijen(pad: Path) -> list[dict[str, str]]:
    with pad.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@pytest.mark.integratie
def test_iv3_rijaantallen_per_bestand(iv3_bestanden_echt, iv3_alle_gemeenten):
    verwacht = {
        (2023, "begroting"): 426,
        (2023, "jaarrekening"): 426,
        (2024, "begroting"): 426,
        (2025, "begroting"): 414,
    }
    assert set(iv3_bestanden_echt) == set(verwacht)
    for sleutel, n in verwacht.items():
        df = iv3_bestanden_echt[sleutel]
        assert len(df) == n, sleutel
        assert df["gemeente"].nunique() == 6
        assert set(df["verslagsoort"]) == {sleutel[1]} and set(df["jaar"]) == {sleutel[0]}
    assert len(iv3_alle_gemeenten) == 9604 == 343 * 28
    assert iv3_alle_gemeenten["gemeentecode"].nunique() == 343  # 342 gemeenten + NL01


@pytest.mark.integratie
def test_iv3_kolommen_en_typen(iv3_bestanden_echt):
    df = iv3_bestanden_echt[(2023, "jaarrekening")]
    assert list(df.columns) == list(iv3.IV3_KOLOMMEN)
    assert df["lasten_eur"].dtype == "float64" and df["inwoners"].dtype == "int64"
    assert set(df["gemeentecode"]) == {"GM0164", "GM0153", "GM0141", "GM0147", "GM0173", "NL01"}


@pytest.mark.integratie
def test_bekende_cijfers_hengelo(iv3_bestanden_echt):
    jr = iv3_bestanden_echt[(2023, "jaarrekening")]
    hh = jr[(jr["gemeentecode"] == "GM0164") & (jr["taakveld"] == "6.71a")].iloc[0]
    assert hh["lasten_eur"] == 11_369_000.0  # € 11.369.000 huishoudelijke hulp
    assert hh["baten_eur"] == 1_003_000.0
    assert hh["taakveld_naam"] == "Huishoudelijke hulp (Wmo)"
    assert hh["taakveld_reeks"] == "wmo_maatwerk"
    assert hh["inwoners"] == 82_311
    b24 = iv3_bestanden_echt[(2024, "begroting")]
    assert set(b24.loc[b24["gemeentecode"] == "GM0164", "inwoners"]) == {83_058}
    b25 = iv3_bestanden_echt[(2025, "begroting")]
    pgb = b25[(b25["gemeentecode"] == "GM0164") & (b25["taakveld"] == "6.791")]
    assert pgb["lasten_eur"].item() == 546_000.0
    au = jr[(jr["gemeentecode"] == "GM0164") & (jr["taakveld"] == "0.7")]
    assert au["baten_eur"].item() > 190_000_000  # ~€ 194 mln: confirms the × 1.000


@pytest.mark.integratie
def test_totalen_per_gemeente_gelijk_aan_som_taakvelden(iv3_bestanden_echt, map_iv3):
    for (jaar, soort), df in iv3_bestanden_echt.items():
        ruw = _ruwe_rijen(map_iv3 / df["bronbestand"].iloc[0])
        hand: dict[str, float] = {}
        for r in ruw:
            hand[r["Gemeenten"]] = hand.get(r["Gemeenten"], 0.0) + float(r["Lasten"]) * 1000
        tot = totalen_per_gemeente(df).set_index("gemeente")
        for gemeente, som in hand.items():
            assert tot.loc[gemeente, "lasten_eur"] == pytest.approx(som, abs=0.01)
        assert set(tot["aantal_taakvelden"]) == {71 if jaar < 2025 else 69}, (jaar, soort)


@pytest.mark.integratie
def test_taakveld6_gelijk_in_beide_bestanden(iv3_bestanden_echt, iv3_alle_gemeenten):
    jr = iv3_bestanden_echt[(2023, "jaarrekening")]
    twente6 = jr[jr["taakveld"].str.startswith("6.")].set_index(["gemeentecode", "taakveld"])
    alle = iv3_alle_gemeenten.set_index(["gemeentecode", "taakveld"])
    samen = twente6[["lasten_eur", "baten_eur"]].join(
        alle[["lasten_eur", "baten_eur"]].rename(columns=lambda k: k + "_alle"), how="left"
    )
    assert len(samen) == 6 * 28
    assert (samen["lasten_eur"] == samen["lasten_eur_alle"]).all()
    assert (samen["baten_eur"] == samen["baten_eur_alle"]).all()


@pytest.mark.integratie
def test_nederland_is_som_over_alle_gemeenten(iv3_alle_gemeenten):
    controle = controleer_nederland(iv3_alle_gemeenten, tolerantie_eur=0.0)
    assert len(controle) == 28
    assert controle["klopt"].all() and controle["volledig"].all()
    assert set(controle["aantal_gemeenten"]) == {342}
    assert controle["verschil_lasten_eur"].abs().max() == 0.0
    inw = iv3_alle_gemeenten.drop_duplicates("gemeentecode").set_index("gemeentecode")["inwoners"]
    assert inw["NL01"] == inw.drop("NL01").sum() == 17_811_291


@pytest.mark.integratie
def test_nederland_in_twente_bestand_is_niet_som_van_de_vijf(
    iv3_bestanden_echt, iv3_alle_gemeenten
):
    jr = iv3_bestanden_echt[(2023, "jaarrekening")]
    controle = controleer_nederland(jr[jr["taakveld"].str.startswith("6.")])
    assert not controle["klopt"].any() and not controle["volledig"].any()
    nl_twente = jr[(jr["gemeentecode"] == "NL01") & jr["taakveld"].str.startswith("6.")]
    nl_alle = iv3_alle_gemeenten[iv3_alle_gemeenten["gemeentecode"] == "NL01"]
    assert nl_twente["lasten_eur"].sum() == nl_alle["lasten_eur"].sum()


@pytest.mark.integratie
def test_laad_iv3_alle_geen_dubbele_regels(iv3_alles):
    assert not iv3_alles.duplicated(iv3.IV3_SLEUTEL).any()
    assert len(iv3_alles) == 426 * 3 + 414 + (9604 - 6 * 28)
    controle = controleer_nederland(iv3_alles)
    assert controle["volledig"].sum() == 28 and controle.loc[controle["volledig"], "klopt"].all()


@pytest.mark.integratie
def test_crosswalk_dekt_alle_codes_in_de_echte_iv3_bestanden(map_iv3):
    for jaar, _soort, pad in iv3_bestanden(map_iv3):
        if "twente5" not in pad.name:
            continue
        ruw = pd.read_csv(pad, sep=";", dtype=str)
        codes = ruw["Taakveld"].map(lambda t: splits_taakveld(t)[0]).unique().tolist()
        uit = voeg_taakveldreeks_toe(pd.DataFrame({"taakveld": codes, "jaar": jaar}))
        assert (uit["taakveld_reeks"] != ONBEKEND).all()
        assert len(codes) == (71 if jaar < 2025 else 69)
