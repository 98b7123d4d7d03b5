"""Reader of iJw/iWmo messages on the official examples and on hand-made changes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from sdanalysis import instellingen
from sdanalysis.bouw.privacy import pseudoniem
from sdanalysis.bronnen.berichten import lees_berichten
from sdanalysis.bronnen.berichten.lezen import BERICHT_QUARANTAINE, lees_berichtenmappen
from sdanalysis.bronnen.berichten.schema import BERICHTEN_MAP, berichttype

SLEUTEL = b"test-sleutel-niet-geheim-maar-wel-lang-genoeg-0123"
BASIS = instellingen.external_dir() / BERICHTEN_MAP
VOORBEELDEN = BASIS / "ijw" / "voorbeelden"
#: Elements that hold personal data or free text: none of their texts may be stored.
PERSOONLIJK = {
    "Achternaam", "Voornamen", "Voorletters", "Straatnaam", "Plaatsnaam",
    "Postcode", "Telefoonnummer", "Emailadres", "Commentaar", "Organisatie", "Huisnummer",
    "Naam",
}  # fmt: skip

pytestmark = pytest.mark.skipif(
    not VOORBEELDEN.is_dir(), reason=f"iStandaarden-voorbeelden ontbreken in {BASIS}"
)


def _lokaal(el) -> str:
    return etree.QName(el).localname


def _alle(pad: Path, naam: str) -> list[str]:
    """Texts of every element called ``naam`` in a message (read independently)."""
    boom = etree.parse(str(pad))
    return [el.text for el in boom.iter() if isinstance(el.tag, str) and _lokaal(el) == naam]


def _wijzig(bron: Path, doel: Path, waarden: dict[tuple[str, int], str | None]) -> Path:
    """Copy a message with element texts changed: ``(naam, n-de) -> tekst`` (None: remove)."""
    boom = etree.parse(str(bron))
    for (naam, n), tekst in waarden.items():
        el = [e for e in boom.iter() if isinstance(e.tag, str) and _lokaal(e) == naam][n]
        if tekst is None:
            el.getparent().remove(el)
        else:
            el.text = tekst
    doel.parent.mkdir(parents=True, exist_ok=True)
    boom.write(str(doel), xml_declaration=True, encoding="UTF-8")
    return doel


def _tabel(uitkomst, naam: str) -> pd.DataFrame:
    lijst = uitkomst.resultaten.get(naam, [])
    return (
        pd.concat([r.geaccepteerd for r in lijst], ignore_index=True) if lijst else pd.DataFrame()
    )


def _quarantaine(uitkomst, naam: str) -> pd.DataFrame:
    return pd.concat([r.quarantaine for r in uitkomst.resultaten.get(naam, [])], ignore_index=True)


def _lees(*paden: Path):
    return lees_berichten(list(paden), SLEUTEL)


# --------------------------------------------------------------------------- type and schema


def test_berichttype_uit_namespace_ijw_en_iwmo():
    jw = berichttype("{http://www.istandaarden.nl/ijw/3_2/jw301/schema}Bericht")
    wmo = berichttype("{http://www.istandaarden.nl/iwmo/3_2/wmo323/schema}Bericht")
    assert (jw.naam, jw.wet, jw.retour) == ("JW301", "JW", False)
    assert (wmo.naam, wmo.wet, wmo.nummer) == ("WMO323", "WMO", "323")
    assert berichttype("{http://www.istandaarden.nl/ijw/3_2/jw325/schema}Bericht").retour


def test_elke_regel_geaccepteerd_of_in_quarantaine_op_alle_voorbeelden():
    u = _lees(*sorted(VOORBEELDEN.glob("*.xml")))
    for lijst in u.resultaten.values():
        for r in lijst:
            assert r.rijen_gelezen == r.rijen_geaccepteerd + r.rijen_geweigerd
            assert r.rijen_geweigerd == r.quarantaine["rij"].nunique()
    telling = u.telling.set_index("berichttype")
    assert int(telling["aantal_berichten"].sum()) == len(list(VOORBEELDEN.glob("*.xml")))
    assert set(telling.index[telling["retour"]]) == {
        "JW302", "JW306", "JW308", "JW316", "JW318", "JW320", "JW325",
    }  # fmt: skip
    assert telling.loc["JW318", "aantal_met_schemafout"] == 1
    assert any("retourberichten" in r and "JW318 1 (1 met schemafout)" in r for r in u.verslag())


# --------------------------------------------------------------------------- official examples


def test_jw301_naar_toewijzingen():
    pad = VOORBEELDEN / "JW301.xml"
    tw = _tabel(_lees(pad), "toewijzingen")
    assert tw["toewijzingnummer"].tolist() == _alle(pad, "ToewijzingNummer")
    assert tw["productcode"].tolist() == _alle(pad, "Code")
    assert tw["productcategorie"].tolist() == _alle(pad, "Categorie")
    assert tw["einddatum"].dt.strftime("%Y-%m-%d").tolist() == _alle(pad, "Einddatum")
    assert tw["volume"].tolist() == [float(v) for v in _alle(pad, "Volume")]
    assert tw["eenheid"].tolist() == _alle(pad, "Eenheid")
    assert set(tw["wet"]) == {"JW"}
    assert set(tw["aanbieder_agb"]) == set(_alle(pad, "Ontvanger"))
    assert set(tw["client_id"]) == {pseudoniem(_alle(pad, "Bsn")[0], SLEUTEL)}


def test_jw305_en_jw307_naar_zorgmutaties():
    start, stop = VOORBEELDEN / "JW305.xml", VOORBEELDEN / "JW307.xml"
    zm = _tabel(_lees(start, stop), "zorgmutaties")
    s, e = zm[zm["soort"] == "start"], zm[zm["soort"] == "stop"]
    assert s["begindatum"].dt.strftime("%Y-%m-%d").tolist() == _alle(start, "Begindatum")
    assert e["einddatum"].dt.strftime("%Y-%m-%d").tolist() == _alle(stop, "Einddatum")
    assert e["reden_beeindiging"].tolist() == _alle(stop, "RedenBeeindiging")
    assert set(zm["aanbieder_agb"]) == set(_alle(start, "Afzender"))
    assert set(zm["leeftijdsgroep"]) == {"0-17"}  # born 2010, care in 2026


def test_jw317_en_jw319_naar_verzoeken_en_antwoorden():
    vz = _tabel(_lees(VOORBEELDEN / "JW317.xml"), "verzoeken")
    assert vz["soort"].tolist() == ["wijziging"]
    assert vz["referentie_aanbieder"].tolist() == _alle(
        VOORBEELDEN / "JW317.xml", "ReferentieAanbieder"
    )
    aw = _tabel(_lees(VOORBEELDEN / "JW319.xml"), "verzoekantwoorden")
    assert aw["verzoek_antwoord"].tolist() == ["afgewezen"]  # VerzoekAntwoord 1
    assert aw["aanbieder_agb"].tolist() == _alle(VOORBEELDEN / "JW319.xml", "Ontvanger")


def test_jw323_bedragen_in_eurocent_worden_euro():
    pad = VOORBEELDEN / "JW323.xml"
    decl = _tabel(_lees(pad), "declaraties")
    cent = [int(v) for v in _alle(pad, "Bedrag")]
    assert decl["bedrag_eur"].tolist() == [c / 100 for c in cent]
    assert decl["toewijzingnummer"].tolist() == _alle(pad, "ToewijzingNummer")
    assert decl["geleverd_volume"].tolist() == [float(v) for v in _alle(pad, "GeleverdVolume")]


def test_credit_is_negatief(tmp_path):
    pad = _wijzig(VOORBEELDEN / "JW323.xml", tmp_path / "c.xml", {("DebetCredit", 1): "C"})
    decl = _tabel(_lees(pad), "declaraties")
    eerste = int(_alle(pad, "Bedrag")[0])
    assert decl["bedrag_eur"].iloc[0] == -eerste / 100
    assert (decl["bedrag_eur"].iloc[1:] > 0).all()


def test_jw315_ongeldige_datum_per_product_in_quarantaine():
    u = _lees(VOORBEELDEN / "JW315.xml")
    q = _quarantaine(u, "verzoeken")
    assert q["rij"].tolist() == [1, 2]
    assert q["kolom"].str.endswith("ToewijzingEinddatum").all()
    assert q["waarde"].tolist() == ["2027-06-31", "2027-06-31"]
    assert q["reden"].str.startswith("JW315: ").all() and q["reden"].str.contains("datum").all()


def test_jw315_geldig_product_blijft_bij_een_ongeldig(tmp_path):
    pad = _wijzig(
        VOORBEELDEN / "JW315.xml",
        tmp_path / "JW315.xml",
        {("ToewijzingEinddatum", 0): "2027-06-30"},
    )
    u = _lees(pad)
    vz, q = _tabel(u, "verzoeken"), _quarantaine(u, "verzoeken")
    assert vz["referentie_aanbieder"].tolist() == [_alle(pad, "ReferentieAanbieder")[0]]
    assert vz["einddatum"].dt.strftime("%Y-%m-%d").tolist() == ["2027-06-30"]
    assert q["rij"].tolist() == [2]
    assert vz["verwijzer_type"].tolist() == [_alle(pad, "Type")[0]]


def test_jw318_retour_met_onverwacht_element_gemeld():
    u = _lees(VOORBEELDEN / "JW318.xml")
    assert not u.resultaten  # a retourbericht fills no table
    q = u.quarantaine
    assert q["tabel"].tolist() == [BERICHT_QUARANTAINE]
    assert q["kolom"].iloc[0].endswith("Verzoek/RetourCode")
    assert "niet verwacht" in q["reden"].iloc[0] and q["reden"].iloc[0].startswith("JW318")


def test_fout_buiten_product_weigert_alle_producten(tmp_path):
    pad = _wijzig(VOORBEELDEN / "JW301.xml", tmp_path / "x.xml", {("Afzender", 0): "abc"})
    u = _lees(pad)
    assert _tabel(u, "toewijzingen").empty
    assert _quarantaine(u, "toewijzingen")["rij"].nunique() == len(_alle(pad, "ToewijzingNummer"))


def test_onleesbaar_en_onbekend_bericht_zonder_traceback(tmp_path):
    (tmp_path / "kapot.xml").write_text("<Bericht><niet-dicht>", encoding="utf-8")
    (tmp_path / "ander.xml").write_text('<a xmlns="urn:x"/>', encoding="utf-8")
    u = _lees(tmp_path / "kapot.xml", tmp_path / "ander.xml")
    redenen = u.quarantaine.set_index("bestand")["reden"]
    assert "niet leesbaar" in redenen["kapot.xml"]
    assert "geen iJw- of iWmo-bericht" in redenen["ander.xml"]


# --------------------------------------------------------------------------- privacy


def test_geen_naam_adres_of_vrije_tekst_in_uitvoer():
    paden = sorted(VOORBEELDEN.glob("*.xml"))
    u = _lees(*paden)
    verboden = (
        {
            el.text.strip()
            for p in paden
            for el in etree.parse(str(p)).iter()
            if isinstance(el.tag, str)
            and _lokaal(el) in PERSOONLIJK
            and el.text
            and el.text.strip()
        }
        | {b for p in paden for b in _alle(p, "Bsn")}
        | {g for p in paden for g in _alle(p, "Datum")}
    )
    assert {"Wit", "Van Woustraat", "abc@def.com", "Commentaar client"} <= verboden
    frames = [r.geaccepteerd for ls in u.resultaten.values() for r in ls]
    frames += [r.quarantaine for ls in u.resultaten.values() for r in ls]
    frames += [u.quarantaine, *u.afgeleid.values()]
    tekst = "\n".join(f.astype(str).to_csv() for f in frames) + "\n".join(u.verslag())
    # whole words of 3+ characters (initials and house numbers would match anything)
    woorden = {v for v in verboden if len(v) >= 3}
    gevonden = sorted(v for v in woorden if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", tekst))
    assert not gevonden, gevonden


# --------------------------------------------------------------------------- changes


def test_latere_301_verkort_toewijzing_en_bewaart_historie(tmp_path):
    bron = VOORBEELDEN / "JW301.xml"
    eerste = _wijzig(bron, tmp_path / "a" / "JW301.xml", {})
    later = _wijzig(
        bron,
        tmp_path / "b" / "JW301.xml",
        {("Dagtekening", 0): "2026-05-01", ("Einddatum", 0): "2026-05-31"},
    )
    # RedenWijziging follows Einddatum in the schema; add it by hand
    boom = etree.parse(str(later))
    eind = next(e for e in boom.iter() if isinstance(e.tag, str) and _lokaal(e) == "Einddatum")
    reden = etree.Element(f"{{{etree.QName(eind).namespace}}}RedenWijziging")
    reden.text = "02"
    eind.addnext(reden)
    boom.write(str(later), xml_declaration=True, encoding="UTF-8")
    u = lees_berichten([later, eerste], SLEUTEL, {later: "b/JW301.xml", eerste: "a/JW301.xml"})
    tw = _tabel(u, "toewijzingen").set_index("toewijzingnummer")
    nummer = _alle(bron, "ToewijzingNummer")[0]
    assert f"{tw.loc[nummer, 'einddatum']:%Y-%m-%d}" == "2026-05-31"
    assert len(tw) == len(_alle(bron, "ToewijzingNummer"))  # one current row each
    hist = u.afgeleid["toewijzingen_historie"]
    h = hist[hist["toewijzingnummer"] == nummer].sort_values("versie")
    assert h["versie"].tolist() == [1, 2] and h["actueel"].tolist() == [False, True]
    assert h["reden_wijziging"].tolist()[1] == "02"
    q = _quarantaine(u, "toewijzingen")
    assert q["reden"].str.contains("vervangen door een latere toewijzing").all()
    assert sorted(q["bestand"]) == ["a/JW301.xml"] * len(_alle(bron, "ToewijzingNummer"))


def test_305_correctie_en_307_verwijdering(tmp_path):
    start = VOORBEELDEN / "JW305.xml"
    stop = VOORBEELDEN / "JW307.xml"
    # the first start was wrong: remove it (3) and deliver the right date (1)
    weg = _wijzig(
        start,
        tmp_path / "s2.xml",
        {("Dagtekening", 0): "2026-04-20", ("StatusAanlevering", 0): "3"},
    )
    goed = _wijzig(
        start,
        tmp_path / "s3.xml",
        {("Dagtekening", 0): "2026-04-21", ("Begindatum", 0): "2026-04-06"},
    )
    # the stop of the second product is corrected (2) and then the first stop is removed (3)
    corr = _wijzig(
        stop,
        tmp_path / "e2.xml",
        {
            ("Dagtekening", 0): "2026-07-25",
            ("StatusAanlevering", 1): "2",
            ("Einddatum", 1): "2026-07-10",
        },
    )
    verw = _wijzig(
        stop,
        tmp_path / "e3.xml",
        {("Dagtekening", 0): "2026-07-26", ("StatusAanlevering", 0): "3", ("StopProduct", 1): None},
    )
    u = _lees(start, weg, goed, stop, corr, verw)
    zm = _tabel(u, "zorgmutaties")
    nr1, nr2 = _alle(start, "ToewijzingNummer")
    starts = zm[zm["soort"] == "start"]
    eerste = starts.loc[starts["toewijzingnummer"] == nr1, "begindatum"]
    assert [f"{d:%Y-%m-%d}" for d in eerste] == ["2026-04-06"]
    stops = zm[zm["soort"] == "stop"]
    assert stops["toewijzingnummer"].tolist() == [nr2]
    assert f"{stops['einddatum'].iloc[0]:%Y-%m-%d}" == "2026-07-10"
    q = _quarantaine(u, "zorgmutaties")
    assert q["reden"].str.contains("verwijder|gecorrigeerd|vervangen").all()
    for lijst in u.resultaten.values():
        for r in lijst:
            assert r.rijen_gelezen == r.rijen_geaccepteerd + r.rijen_geweigerd


# --------------------------------------------------------------------------- archives and iWmo


def test_zip_archief_gelijk_aan_map(tmp_path):
    archief = tmp_path / "raw" / "berichten_2026.zip"
    archief.parent.mkdir()
    with zipfile.ZipFile(archief, "w") as z:
        for p in sorted(VOORBEELDEN.glob("*.xml")):
            z.write(p, f"april/{p.name}")
    uit_zip, per_tabel = lees_berichtenmappen([archief.parent], SLEUTEL)
    uit_map = _lees(*sorted(VOORBEELDEN.glob("*.xml")))
    for naam in ("toewijzingen", "zorgmutaties", "declaraties", "verzoekantwoorden"):
        a = _tabel(uit_zip, naam).drop(columns=["bronbestand", "bronrij"])
        b = _tabel(uit_map, naam).drop(columns=["bronbestand", "bronrij"])
        pd.testing.assert_frame_equal(a, b)
        assert per_tabel[naam] == [archief]
    # the archive is the file; the unit position runs over the whole archive
    assert set(_tabel(uit_zip, "toewijzingen")["bronbestand"]) == {"berichten_2026.zip"}
    q = _quarantaine(uit_zip, "verzoeken")
    assert set(q["bestand"]) == {"berichten_2026.zip"}
    assert q["reden"].str.startswith("JW315 (april/JW315.xml): ").all()
    assert set(uit_zip.quarantaine["bestand"]) == {"berichten_2026.zip/april/JW318.xml"}


def test_iwmo_bericht_gelezen(tmp_path):
    tekst = (VOORBEELDEN / "JW301.xml").read_text(encoding="utf-8")
    tekst = tekst.replace("ijw/3_2/jw301", "iwmo/3_2/wmo301").replace(
        "ijw/3_2/basisschema", "iwmo/3_2/basisschema"
    )
    tekst = (
        tekst.replace(">436<", ">414<")
        .replace(">55<", ">02<")
        .replace("55A11", "02A11")
        .replace("55A12", "02A12")
    )
    pad = tmp_path / "WMO301.xml"
    pad.write_text(tekst, encoding="utf-8")
    u = _lees(pad)
    assert u.telling["berichttype"].tolist() == ["WMO301"]
    tw = _tabel(u, "toewijzingen")
    assert set(tw["wet"]) == {"WMO"} and len(tw) == 2, _quarantaine(u, "toewijzingen")


# --------------------------------------------------------------------------- the build


def test_bouw_leest_berichten_map_en_zip_naast_csv(tmp_path, sleutel_env):
    from sdanalysis.bouw.pipeline import bouw

    raw = tmp_path / "raw"
    (raw / "los").mkdir(parents=True)
    for p in VOORBEELDEN.glob("JW3[0-1]*.xml"):
        (raw / "los" / p.name).write_bytes(p.read_bytes())
    with zipfile.ZipFile(raw / "declaraties_april.zip", "w") as z:
        z.write(VOORBEELDEN / "JW323.xml", "JW323.xml")
        z.write(VOORBEELDEN / "JW325.xml", "JW325.xml")
    nummers = sorted(set(_alle(VOORBEELDEN / "JW323.xml", "ToewijzingNummer")))
    bsn = _alle(VOORBEELDEN / "JW323.xml", "Bsn")[0]
    regels = [f"{n};{bsn};JW;45;45A03;65656055;01-01-2026;31-12-2026" for n in nummers]
    (raw / "toewijzingen_csv.csv").write_text(
        "toewijzingnummer;bsn;wet;productcategorie;productcode;aanbieder_agb;ingangsdatum;einddatum\n"
        + "\n".join(regels)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = bouw([raw], out_dir=out)
    k = res.kwaliteit
    assert (k["rijen_gelezen"] == k["rijen_geaccepteerd"] + k["rijen_geweigerd"]).all()
    for naam, df in res.tabellen.items():
        assert len(df) == k.loc[k["tabel"] == naam, "rijen_geaccepteerd"].sum()
    tw = res.tabellen["toewijzingen"]
    assert set(tw["toewijzingnummer"]) == set(nummers) | set(
        _alle(VOORBEELDEN / "JW301.xml", "ToewijzingNummer")
    )
    decl = res.tabellen["declaraties"]
    assert set(decl["bronbestand"]) == {"declaraties_april.zip"}
    assert len(decl) == len(_alle(VOORBEELDEN / "JW323.xml", "Prestatie")) - 1  # one identical copy
    assert {"zorgmutaties", "verzoeken", "verzoekantwoorden"} <= set(res.tabellen)
    q = res.quarantaine
    assert "los/JW315.xml" in set(q.loc[q["tabel"] == "verzoeken", "bestand"])
    assert "los/JW318.xml" in set(q.loc[q["tabel"] == BERICHT_QUARANTAINE, "bestand"])
    assert any("JW325 1" in w and "retourberichten" in w for w in res.waarschuwingen)
    assert (out / "toewijzingen_historie.parquet").exists()
    # nothing personal in anything the build wrote
    tekst = "\n".join(
        pd.read_parquet(p).astype(str).to_csv() for p in sorted(out.glob("*.parquet"))
    ) + (out / "bouwverslag.json").read_text(encoding="utf-8")
    for woord in ("Wit", "Tom", "Van Woustraat", "Amsterdam", "abc@def.com", "Commentaar", bsn):
        assert not re.search(rf"(?<!\w){re.escape(woord)}(?!\w)", tekst), woord
