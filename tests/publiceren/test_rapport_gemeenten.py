"""The whole report on generated gemeenten of other shapes: nothing of the demo leaks in.

Each shape of :data:`sdanalysis.demo.gemeenten.GEMEENTE_VORMEN` (another name and code,
other years, renamed, extra and missing categories, no programme, no meldingen, no
bevolking, a small gemeente where suppression dominates) is generated, and the report is
run on it as a user would: ``--raw`` and nothing else.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.demo.gemeenten import GEMEENTE_VORMEN, Gemeentevorm, schrijf_vorm
from sdanalysis.publiceren.rapport import WERKMAP_ACHTERGEHOUDEN, RapportUitkomst, maak_rapport
from sdanalysis.publiceren.werkmap import werkmap_tabellen
from sdanalysis.taakvelden import taakveld_reeksen

pytestmark = pytest.mark.integratie

SLEUTEL = "test-sleutel-voor-gegenereerde-gemeenten-niet-geheim"
#: Words of the demo gemeente that must never appear in another gemeente's report.
DEMO_WOORDEN = ("hengelo", "synthetisch")
IV3_ALLE = "iv3_{jaar}_jaarrekening_taakveld6_alle_gemeenten.csv"


@pytest.fixture(scope="module", params=sorted(GEMEENTE_VORMEN))
def rapport(request, tmp_path_factory) -> tuple[Gemeentevorm, RapportUitkomst]:
    """One shape, generated and reported on: (shape, outcome)."""
    vorm = GEMEENTE_VORMEN[request.param]
    map_ = tmp_path_factory.mktemp(request.param)
    raw = map_ / "raw"
    schrijf_vorm(request.param, raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
        mp.delenv("SDANALYSIS_PROCESSED", raising=False)
        inst = instellingen.laad_instellingen(raw=[raw]).met(reports_dir=map_ / "reports")
        uit = maak_rapport(inst, log=lambda _: None)
        if uit.map is not None and uit.werkmap is None:
            # the workbook was withheld (the audit over the whole publication): its sheets
            # are still checked, computed from the report's own processed folder
            index = (uit.map / "index.html").read_text(encoding="utf-8")
            assert WERKMAP_ACHTERGEHOUDEN.split(":")[0] in index
            verwerkt = inst.reports_dir / f".verwerkt-{uit.map.name}"
            BLADEN[request.param] = werkmap_tabellen(inst.met(processed_dir=verwerkt.resolve()))
    return vorm, uit


#: Sheets of a withheld workbook, per shape.
BLADEN: dict[str, dict[str, pd.DataFrame]] = {}


def _werkmap(vorm: Gemeentevorm, uit: RapportUitkomst) -> dict[str, pd.DataFrame]:
    """The workbook's sheets: from the published file, or computed when it was withheld."""
    if uit.werkmap is not None:
        return pd.read_excel(uit.werkmap, sheet_name=None, engine="calamine")
    sleutel = next(k for k, v in GEMEENTE_VORMEN.items() if v is vorm)
    return BLADEN[sleutel]


def _teksten(map_: Path) -> dict[str, str]:
    """Every published text: HTML, notebooks, SVG, and the workbook's XML."""
    teksten = {}
    for pad in sorted(map_.rglob("*")):
        if pad.suffix in {".html", ".ipynb", ".svg", ".txt", ".md"}:
            teksten[pad.name] = pad.read_text(encoding="utf-8")
        elif pad.suffix == ".xlsx":
            with zipfile.ZipFile(pad) as z:
                teksten[pad.name] = "".join(
                    z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")
                )
    return teksten


def test_elk_notebook_draait(rapport):
    vorm, uit = rapport
    mislukt = {n.naam: n.fout for n in uit.notebooks if not n.gelukt}
    assert not mislukt, (vorm.naam, mislukt)
    assert len(uit.notebooks) == len(sorted(instellingen.NOTEBOOKS_DIR.glob("*.ipynb")))
    assert uit.gelukt and uit.map is not None


def test_geen_spoor_van_de_demo_gemeente(rapport):
    vorm, uit = rapport
    teksten = _teksten(uit.map)
    assert len(teksten) > 10
    for naam, tekst in teksten.items():
        for woord in DEMO_WOORDEN:
            # the word first (a leading ".{0,60}" made the search crawl through megabytes of
            # HTML); the context only for the message
            gevonden = re.search(woord, tekst, flags=re.IGNORECASE)
            assert gevonden is None, (vorm.naam, naam, tekst[max(0, gevonden.start() - 60) :][:140])
    for pad in uit.map.rglob("*"):
        assert not any(w in pad.name.lower() for w in DEMO_WOORDEN), pad.name
    # the gemeente's own name is what the pages say
    assert vorm.naam in teksten["index.html"]


def test_onderdelen_zonder_gegevens_zeggen_dat(rapport):
    vorm, uit = rapport
    teksten = _teksten(uit.map)
    lezer = {n: t for n, t in teksten.items() if n.endswith("_lezer.html")}
    if "meldingen" in vorm.zonder:
        pagina = next(t for n, t in lezer.items() if n.startswith("06_"))
        assert "Niet beschikbaar" in pagina and "geen meldingen aangeleverd" in pagina
    if "programma" in vorm.zonder:
        pagina = next(t for n, t in lezer.items() if n.startswith("03_"))
        assert "Niet beschikbaar" in pagina
    if "declaraties" in vorm.zonder:
        for nummer in ("04_", "05_"):
            pagina = next(t for n, t in lezer.items() if n.startswith(nummer))
            assert "geen declaraties aangeleverd" in pagina, nummer
    werkmap = _werkmap(vorm, uit)
    weg = set(vorm.zonder) & {"meldingen", "programma", "begroting", "declaraties"}
    if weg:
        niet = werkmap["Niet opgenomen"]
        reden = " ".join(niet.astype(str).to_numpy().ravel())
        for tabel in weg - {"programma"}:
            assert tabel in reden, (tabel, reden)
        if "programma" in weg:
            assert "maatregelen" in reden


def test_jaren_van_de_werkmap_zijn_die_van_de_gegevens(rapport):
    vorm, uit = rapport
    eerste, laatste = vorm.jaren
    werkmap = _werkmap(vorm, uit)
    volumes = [b for b in werkmap if b.startswith("Volumes")]
    assert volumes
    for blad in volumes:
        jaren = set(pd.to_numeric(werkmap[blad]["jaar"]).dropna().astype(int))
        assert jaren == set(range(eerste, laatste + 1)), blad
    for blad, tabel in werkmap.items():
        if "jaar" in tabel.columns and not blad.startswith("Iv3"):
            jaren = pd.to_numeric(tabel["jaar"], errors="coerce").dropna()
            assert jaren.between(eerste, laatste).all(), blad


def _iv3_per_inwoner(naam: str, jaar: int) -> dict[str, float]:
    """Lasten per inwoner per taakveld series, straight from the raw Iv3 file (k euro)."""
    pad = instellingen.external_dir() / "iv3_gemeenten_begrotingsanalysetool" / IV3_ALLE
    cw = taakveld_reeksen()
    geldig = cw[(cw["jaar_van"] <= jaar) & (cw["jaar_tot"].isna() | (cw["jaar_tot"] >= jaar))]
    reeks = dict(zip(geldig["taakveld"], geldig["reeks_naam"], strict=True))
    som: dict[str, float] = {}
    inwoners = None
    with open(str(pad).format(jaar=jaar), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            if r["Gemeenten"].strip() != naam:
                continue
            code = r["Taakveld"].split(" ", 1)[0]
            som[reeks[code]] = som.get(reeks[code], 0.0) + float(r["Lasten"] or 0) * 1000
            inwoners = float(r["Inwonertal"])
    assert inwoners, naam
    return {k: v / inwoners for k, v in som.items()}


def test_benchmark_is_die_van_de_eigen_gemeentecode(rapport):
    vorm, uit = rapport
    werkmap = _werkmap(vorm, uit)
    blad = next(b for b in werkmap if b.startswith("Iv3 benchmark"))
    jaar = int(blad.rsplit(" ", 1)[1])
    verwacht = _iv3_per_inwoner(vorm.naam, jaar)
    tabel = werkmap[blad].set_index("taakveld")["per_inwoner_eur"]
    assert len(tabel) >= 3
    for reeks, waarde in tabel.items():
        assert waarde == pytest.approx(verwacht[reeks], abs=0.01), reeks
    # the peer-group columns are those of this gemeente, never of the demo's class
    assert not any("hengelo" in k.lower() for k in werkmap[blad].columns)
