"""Tests for the generated test gemeenten (other name, code, years, categories, tables)."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw.pipeline import SYNTHETISCH_MARKER, bouw
from sdanalysis.bouw.privacy import SleutelOntbreekt
from sdanalysis.demo.gemeenten import (
    GEMEENTE_VORMEN,
    WEGLAATBAAR,
    Gemeentevorm,
    schrijf_gemeente,
    schrijf_vorm,
)

#: A real-looking key: the generated folders carry no SYNTHETISCH marker.
SLEUTEL = "test-sleutel-voor-gegenereerde-gemeenten-niet-geheim"
#: Tables of the programme (left out together as "programma").
PROGRAMMA = {"maatregelen", "pakketten", "effecten"}


@pytest.fixture(scope="module", params=sorted(GEMEENTE_VORMEN))
def gebouwd(request, tmp_path_factory):
    """One shape, generated and built with a key: (shape, raw folder, rows written, build)."""
    vorm = GEMEENTE_VORMEN[request.param]
    map_ = tmp_path_factory.mktemp(request.param)
    raw, processed = map_ / "raw", map_ / "processed"
    aantallen = schrijf_vorm(request.param, raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
        res = bouw(raw_dirs=[raw], out_dir=processed)
    return vorm, raw, aantallen, res


def _tabellen(vorm: Gemeentevorm) -> set[str]:
    """Tables the shape should have."""
    alle = {"toewijzingen", "declaraties", "meldingen", "productcodes", "bevolking", "begroting"}
    alle |= PROGRAMMA
    weg = set(vorm.zonder) | (PROGRAMMA if "programma" in vorm.zonder else set())
    return alle - weg


def test_regels_in_is_geaccepteerd_plus_quarantaine(gebouwd):
    vorm, _, aantallen, res = gebouwd
    assert set(aantallen) == _tabellen(vorm)
    assert set(res.tabellen) == _tabellen(vorm)
    q = res.quarantaine
    for tabel, n in aantallen.items():
        geweigerd = q[q["tabel"] == tabel].groupby(["bestand", "rij"]).ngroups
        assert n == len(res.tabellen[tabel]) + geweigerd, tabel
    k = res.kwaliteit
    assert (k["rijen_gelezen"] == k["rijen_geaccepteerd"] + k["rijen_geweigerd"]).all()
    # the bad rows of the demo are there too, and nothing else is refused
    assert {"BSN voldoet niet aan de elfproef", "onbekende wet 'WLZ'; verwacht WMO of JW"} <= set(
        q["reden"]
    )
    assert q[q["tabel"].isin(PROGRAMMA | {"productcodes", "bevolking"})].empty


def test_jaren_zijn_die_van_de_gemeente(gebouwd):
    vorm, _, _, res = gebouwd
    eerste, laatste = vorm.jaren
    jaren = set(range(eerste, laatste + 1))
    t = res.tabellen
    assert set(t["toewijzingen"]["ingangsdatum"].dt.year) == jaren
    if "declaraties" in t:
        assert set(t["declaraties"]["periode_start"].dt.year) == jaren
    if "meldingen" in t:
        assert set(t["meldingen"]["datum_melding"].dt.year) == jaren
    if "begroting" in t:
        assert set(t["begroting"]["jaar"]) == set(range(max(eerste, 2017), laatste + 1))
    if "bevolking" in t:
        assert set(t["bevolking"]["jaar"]) == jaren
        assert set(t["bevolking"]["gemeente"]) == {vorm.naam}
        totaal = t["bevolking"].query("leeftijdsgroep == 'totaal'").set_index("jaar")["aantal"]
        assert totaal[laatste] == vorm.inwoners


def test_categorieen_zijn_die_van_de_gemeente(gebouwd):
    vorm, raw, _, res = gebouwd
    tw = res.tabellen["toewijzingen"]
    gezien = set(tw["categorie"])
    assert tw["categorie"].notna().all()
    assert gezien <= vorm.categorieen()
    pc = pd.read_csv(raw / "productcodes.csv", sep=";", encoding="utf-8-sig")
    assert set(pc["categorie"]) == vorm.categorieen()
    assert not gezien & set(vorm.zonder_categorieen)
    assert not gezien & set(vorm.hernoem_categorieen)
    assert set(vorm.hernoem_categorieen.values()) <= gezien
    assert set(vorm.extra_categorieen.values()) <= gezien
    for code, categorie in vorm.extra_categorieen.items():
        assert set(tw.loc[tw["productcode"] == code, "categorie"]) == {categorie}


def test_profiel_en_geen_sporen_van_de_demo(gebouwd):
    vorm, raw, _, res = gebouwd
    prof = instellingen.lees_profiel(raw / instellingen.PROFIEL_BESTAND)
    assert (prof.naam, prof.cbs_code, prof.inwoners) == (vorm.naam, vorm.cbs_code, vorm.inwoners)
    if "programma" in vorm.zonder:
        assert prof.programma is None
    else:
        assert vorm.jaren[0] <= prof.programma.startjaar <= prof.programma.eindjaar
        assert prof.programma.eindjaar <= vorm.jaren[1]
    inst = instellingen.laad_instellingen(processed=res.out_dir, omgeving={})
    assert inst.gemeente == vorm.naam
    assert not (raw / SYNTHETISCH_MARKER).exists()
    for pad in raw.iterdir():
        if pad.suffix == ".xlsx":
            with zipfile.ZipFile(pad) as z:
                inhoud = b"".join(z.read(n) for n in z.namelist())
        else:
            inhoud = pad.read_bytes()
        cp1252 = pad.name == f"toewijzingen_{vorm.jaren[0] + 1}.csv"
        tekst = inhoud.decode("cp1252" if cp1252 else "utf-8")
        for woord in ("hengelo", "synthetisch"):
            assert woord not in tekst.lower(), (pad.name, woord)
            assert woord not in pad.name.lower()


def test_exportvorm_zoals_de_demo(gebouwd):
    vorm, raw, _, _ = gebouwd
    eerste = vorm.jaren[0]
    kop = (raw / f"toewijzingen_{eerste}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert kop.startswith("Beschikkingnummer;BSN")  # old system in the first year
    if vorm.jaren[1] > eerste:  # the second year comes from the cp1252 system
        ruw = (raw / f"toewijzingen_{eerste + 1}.csv").read_bytes()
        assert b"\r\n" in ruw and not ruw.startswith(b"\xef\xbb\xbf")  # cp1252 export
    for tabel in vorm.zonder - {"programma"}:
        assert not list(raw.glob(f"{tabel}*")), tabel


def test_zonder_sleutel_weigert_de_bouw(tmp_path, monkeypatch):
    schrijf_vorm("klein_zonder_meldingen", tmp_path)
    monkeypatch.delenv(instellingen.SLEUTEL_ENV, raising=False)
    with pytest.raises(SleutelOntbreekt):
        bouw(raw_dirs=[tmp_path], schrijf=False)


def test_zelfde_seed_zelfde_bestanden(tmp_path):
    a = schrijf_vorm("klein_zonder_meldingen", tmp_path / "a")
    b = schrijf_vorm("klein_zonder_meldingen", tmp_path / "b")
    assert a == b
    namen = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert namen == sorted(p.name for p in (tmp_path / "b").iterdir())
    for naam in namen:
        assert (tmp_path / "a" / naam).read_bytes() == (tmp_path / "b" / naam).read_bytes()


@pytest.mark.parametrize(
    ("wijziging", "fout"),
    [
        ({"cbs_code": "0153"}, "GM0000"),
        ({"jaren": (2024, 2020)}, "ligt na"),
        ({"zonder": {"toewijzingen"}}, "weglaten kan"),
        ({"zonder_categorieen": {"Onbekend"}}, "onbekende categorie"),
        ({"hernoem_categorieen": {"Onbekend": "X"}}, "onbekende categorie"),
        ({"extra_categorieen": {"99X99": "X"}}, "onbekende productcode"),
        ({"clients": 50}, "minstens 200"),
    ],
)
def test_foute_invoer_geeft_nederlandse_fout(tmp_path, wijziging, fout):
    args = {"naam": "Borne", "cbs_code": "GM0147", "jaren": (2020, 2022), **wijziging}
    with pytest.raises(ValueError, match=fout):
        schrijf_gemeente(tmp_path, **args)


def test_weglaatbaar_noemt_geen_verplichte_tabel():
    assert "toewijzingen" not in WEGLAATBAAR and "productcodes" not in WEGLAATBAAR


def test_vormen_gebruiken_echte_gemeenten():
    """Names and CBS codes of the shapes exist in the public CBS list (when present)."""
    lijst = (
        instellingen.external_dir()
        / "istandaarden_codelijsten_jaapjunior"
        / "CBS_Gemeentecodes_2026_met_jeugdzorgregio.md"
    )
    if not lijst.is_file():
        pytest.skip(f"openbare CBS-gemeentelijst ontbreekt: {lijst}")
    tekst = lijst.read_text(encoding="utf-8")
    for vorm in GEMEENTE_VORMEN.values():
        assert f"| {vorm.cbs_code[2:]} | {vorm.naam} |" in tekst, vorm.naam


def test_vormen_verschillen_van_de_demo():
    for vorm in GEMEENTE_VORMEN.values():
        assert vorm.naam != "Hengelo" and vorm.cbs_code != "GM0164"
        assert vorm.jaren != (2015, 2024)
    assert any(v.zonder_categorieen for v in GEMEENTE_VORMEN.values())
    assert any(v.hernoem_categorieen and v.extra_categorieen for v in GEMEENTE_VORMEN.values())
