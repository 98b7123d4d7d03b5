"""The workbook's suppression holds across its sheets: nothing hidden can be recomputed."""

from __future__ import annotations

import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.bouw.pipeline import bouw
from sdanalysis.demo.gemeenten import schrijf_vorm
from sdanalysis.publiceren.audit import audit_werkmap, onveilige_cellen
from sdanalysis.publiceren.werkmap import werkmap_tabellen

SLEUTEL = "test-sleutel-audit-niet-geheim-maar-wel-lang-genoeg"


@pytest.fixture(scope="module")
def bladen(tmp_path_factory):
    """Workbook tables of a small generated gemeente with meldingen (much is suppressed)."""
    map_ = tmp_path_factory.mktemp("audit")
    schrijf_vorm("hernoemd_zonder_programma", map_ / "raw")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(instellingen.SLEUTEL_ENV, SLEUTEL)
        bouw(raw_dirs=[map_ / "raw"], out_dir=map_ / "processed")
    inst = instellingen.laad_instellingen(processed=map_ / "processed", omgeving={})
    return werkmap_tabellen(inst)


def test_geen_onderdrukte_cel_terug_te_rekenen_uit_de_werkmap(bladen):
    audit = audit_werkmap(bladen)
    assert len(audit) > 10  # the small gemeente has suppressed months and waiting counts
    assert onveilige_cellen(audit) == []


def test_maand_onderdrukt_dan_ook_een_tweede_maand_van_dat_jaar(bladen):
    """The issue's case: JW year total minus eleven visible months gave the hidden March."""
    m = bladen["Meldingen per maand"].assign(
        jaar=lambda d: pd.to_datetime(d["periode_maand"]).dt.year
    )
    verborgen = m.groupby(["jaar", "wet"])["aantal_meldingen_onderdrukt"].sum()
    assert (verborgen != 1).all()


def test_wachttijden_nooit_een_van_drie_verborgen(bladen):
    w = bladen["Wachttijden"]
    aantal = w[[f"{k}_onderdrukt" for k in ("aantal_toegekend", "aantal_gestart", "aantal_wacht")]]
    assert (aantal.sum(axis=1) != 1).all()


def test_audit_vangt_het_lek_van_alleen_maanden_onderdrukken():
    maand = pd.DataFrame(
        {
            "periode_maand": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01"]),
            "wet": "JW",
            "aantal_meldingen": [pd.NA, 40, 50],
            "aantal_meldingen_onderdrukt": [True, False, False],
        }
    )
    jaar = pd.DataFrame({"jaar": [2022], "wet": ["JW"], "aantal_meldingen": [94]})
    audit = audit_werkmap({"Meldingen per maand": maand, "Doorlooptijden": jaar})
    assert audit["min"].tolist() == [4.0] and audit["max"].tolist() == [4.0]
    assert len(onveilige_cellen(audit)) == 1


def test_demo_werkmap_zonder_terug_te_rekenen_cel():
    """On the demo the waiting counts of the last year were a subtraction away (2 cells)."""
    inst = instellingen.laad_instellingen(omgeving={})
    if not (inst.processed_dir / "bouwverslag.json").exists():
        pytest.skip("data/processed is niet gebouwd (make test bouwt het eerst)")
    audit = audit_werkmap(werkmap_tabellen(inst))
    assert len(audit) >= 2
    assert onveilige_cellen(audit) == []
