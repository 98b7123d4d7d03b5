"""Tests for gemeente codes, names, gemeenteklassen and the profile (sdanalysis.bronnen.gemeenten)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis.bronnen.bestanden import PubliekeDataFout
from sdanalysis.bronnen.gemeenten import (
    OnbekendeGemeenteFout,
    laad_gemeentecodes,
    laad_gemeenteklassen,
    naar_gemeentecode,
    vergelijkingsgroepen,
    vul_profiel_aan,
    zoek_gemeentecode,
)
from sdanalysis.instellingen import Gemeenteprofiel

FIXTURES = Path(__file__).parents[1] / "fixtures" / "public"

# ---------------------------------------------------------------- on the miniature folder


def test_gemeentecodes_en_klassen_mini(mini):
    codes = laad_gemeentecodes(external=mini)
    assert len(codes) == 9 and (codes["jeugdzorgregio"] == "Twente").sum() == 4
    assert codes.loc[codes["gemeentecode"] == "GM0164", "gemeentenaam"].item() == "Hengelo (O.)"
    klassen = laad_gemeenteklassen(external=mini)
    assert klassen["jaar"].unique().tolist() == [2024]  # from the file name
    hengelo = klassen[klassen["gemeentecode"] == "GM0164"].iloc[0]
    assert hengelo["inwoners"] == 83_058
    assert hengelo["gemeentegrootte_label"] == "50.000 tot 100.000 inwoners"
    assert klassen["gemeentecode"].notna().all()


def test_naar_gemeentecode_mini(mini):
    uit = naar_gemeentecode(
        [
            "Hengelo (O.)",
            "Hengelo",
            "'s-Gravenhage (gemeente)",
            "GM0153",
            "NL01  ",
            "Nederland",
            "Groningen (gemeente)",
            "Bergen",
            "Atlantis",
            None,
        ],
        external=mini,
    ).tolist()
    assert uit[:7] == ["GM0164", "GM0164", "GM0518", "GM0153", "NL01", "NL01", "GM0014"]
    assert all(pd.isna(u) for u in uit[7:])  # "Bergen" is ambiguous: never guessed


def test_zoek_gemeentecode_uniek_dubbelzinnig_onbekend(mini):
    codes = laad_gemeentecodes(external=mini)
    assert zoek_gemeentecode("Hengelo", codes) == "GM0164"
    assert zoek_gemeentecode("hengelo (o.)", codes) == "GM0164"
    assert zoek_gemeentecode("GM0153", codes) == "GM0153"
    with pytest.raises(OnbekendeGemeenteFout, match="niet eenduidig") as e:
        zoek_gemeentecode("Bergen", codes)
    assert "Bergen (L.) (GM0893)" in str(e.value) and "Bergen (NH.) (GM0373)" in str(e.value)
    assert set(e.value.kandidaten) == {("GM0893", "Bergen (L.)"), ("GM0373", "Bergen (NH.)")}
    assert isinstance(e.value, ValueError)
    with pytest.raises(OnbekendeGemeenteFout, match="Bedoelt u: Enschede") as e:
        zoek_gemeentecode("Enschde", codes)
    with pytest.raises(OnbekendeGemeenteFout, match="staat niet in de CBS-gemeentelijst"):
        zoek_gemeentecode("Atlantis", codes)


def test_vergelijkingsgroepen_zonder_zichzelf(mini):
    codes, klassen = laad_gemeentecodes(external=mini), laad_gemeenteklassen(external=mini)
    g = vergelijkingsgroepen("GM0164", klassen, codes, {"Buren": ["GM0153", "GM0164"]})
    assert g == {
        "Buren": ["GM0153"],
        "Jeugdzorgregio Twente": ["GM0141", "GM0147", "GM0153"],
        "Gemeenteklasse 50.000 tot 100.000 inwoners": ["GM0141", "GM0150"],
    }


def test_vul_profiel_aan_op_naam(mini):
    profiel = Gemeenteprofiel(naam="Hengelo", vergelijking={"Buren": ("GM0153", "GM0164")})
    uit = vul_profiel_aan(profiel, mini)
    assert uit.cbs_code == "GM0164" and uit.inwoners == 83_058
    assert list(uit.vergelijking) == [
        "Buren",
        "Jeugdzorgregio Twente",
        "Gemeenteklasse 50.000 tot 100.000 inwoners",
    ]
    assert all("GM0164" not in leden for leden in uit.vergelijking.values())
    assert profiel.cbs_code is None  # the input is not changed
    assert vul_profiel_aan(uit, mini) == uit  # a completed profile stays as it is


def test_vul_profiel_aan_houdt_wat_het_profiel_zegt(mini):
    profiel = Gemeenteprofiel(naam="Bergen", cbs_code="GM0373", inwoners=30_000)
    uit = vul_profiel_aan(profiel, mini)
    assert (uit.cbs_code, uit.inwoners) == ("GM0373", 30_000)  # the name alone is ambiguous
    assert uit.vergelijking["Jeugdzorgregio Noord-Kennemerland"] == ()


def test_vul_profiel_aan_fouten(mini):
    with pytest.raises(OnbekendeGemeenteFout, match="Bergen \\(L.\\)"):
        vul_profiel_aan(Gemeenteprofiel(naam="Bergen"), mini)
    with pytest.raises(OnbekendeGemeenteFout, match="'GM9999'"):
        vul_profiel_aan(Gemeenteprofiel(naam="Atlantis", cbs_code="GM9999"), mini)
    with pytest.raises(ValueError):
        vul_profiel_aan(Gemeenteprofiel(), mini)  # no name, no code


def test_vul_profiel_aan_zonder_publieke_data(tmp_path):
    with pytest.raises(FileNotFoundError, match="SDANALYSIS_EXTERNAL"):
        vul_profiel_aan(Gemeenteprofiel(naam="Hengelo"), tmp_path)


def test_gemeenteklassen_slechte_bestanden(mini):
    with pytest.raises(
        PubliekeDataFout, match=r"gemeenteklassen_kolom_mist.tsv.*\['Stedelijkheid'\]"
    ):
        laad_gemeenteklassen(FIXTURES / "gemeenteklassen_kolom_mist.tsv", external=mini)
    with pytest.raises(PubliekeDataFout, match="verwacht tab als scheidingsteken"):
        laad_gemeenteklassen(FIXTURES / "gemeenteklassen_puntkomma.tsv", external=mini)


def test_gemeenteklassen_regel_met_te_weinig_velden(mini, tmp_path):
    pad = tmp_path / "gemeenteklassen_2024.tsv"
    tekst = (mini / "iv3_gemeenten_begrotingsanalysetool" / "gemeenteklassen_2024.tsv").read_text()
    pad.write_text(tekst + "Borne\tOverijssel\n", encoding="utf-8")
    with pytest.raises(PubliekeDataFout, match=r"regel\(s\) \[11\]"):
        laad_gemeenteklassen(pad, external=mini)


# ---------------------------------------------------------------- on the real public data


@pytest.mark.integratie
def test_gemeenteklassen_en_codes_echt(publiek):
    klassen = laad_gemeenteklassen()
    assert len(klassen) == 342
    hengelo = klassen[klassen["gemeentecode"] == "GM0164"].iloc[0]
    assert hengelo["inwoners"] == 83_058
    assert hengelo["gemeentegrootte"] == "50000tot100000inwoners"
    assert (klassen["gemeentegrootte"] == "50000tot100000inwoners").sum() == 63
    codes = laad_gemeentecodes()
    assert len(codes) == 342 and (codes["jeugdzorgregio"] == "Twente").sum() == 14


@pytest.mark.integratie
def test_naar_gemeentecode_echt(publiek):
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


@pytest.mark.integratie
def test_vul_profiel_aan_hengelo_echt(publiek):
    uit = vul_profiel_aan(
        Gemeenteprofiel(naam="Hengelo", vergelijking={"Twente-5": ("GM0153", "GM0141")}), publiek
    )
    assert uit.cbs_code == "GM0164" and uit.inwoners == 83_058
    assert {k: len(v) for k, v in uit.vergelijking.items()} == {
        "Twente-5": 2,
        "Jeugdzorgregio Twente": 13,
        "Gemeenteklasse 50.000 tot 100.000 inwoners": 62,
    }
    with pytest.raises(OnbekendeGemeenteFout, match="Bergen \\(NH.\\)"):
        vul_profiel_aan(dataclasses.replace(uit, naam="Bergen", cbs_code=None), publiek)


def test_onbekende_gemeente_niet_streng_geeft_profiel_zonder_code(mini):
    """A report without profile ("de gemeente") must still run; the benchmark says why not."""
    from sdanalysis.bronnen.gemeenten import OnbekendeGemeenteFout, vul_profiel_aan
    from sdanalysis.instellingen import Gemeenteprofiel

    profiel = Gemeenteprofiel(naam="de gemeente")
    with pytest.raises(OnbekendeGemeenteFout):
        vul_profiel_aan(profiel, mini)
    assert vul_profiel_aan(profiel, mini, streng=False).cbs_code is None
