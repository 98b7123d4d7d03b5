"""Out of core: the DuckDB variants over the parquet file equal the pandas functions.

Every aggregation over ``declaraties_gekoppeld`` that notebooks 04 and 05 use has a
``*_parquet`` variant that lets DuckDB read the processed parquet file; it must return the
same DataFrame (columns, dtypes, order, values) as the pandas function on the same table.
Amounts are compared to within a millionth of a euro: DuckDB sums them exactly to the cent,
pandas adds floats in another order, so the last bits may differ.

The demo is built once into a temporary folder; the edge cases (missing names and groups,
declaraties without toewijzing, an empty table) are written as small parquet files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import aanbieders as ab
from sdanalysis.analyse import begroting as bg
from sdanalysis.analyse import begroting_groot as bgg
from sdanalysis.analyse import pxq
from sdanalysis.contracts import ONBEKEND

#: Amounts to a millionth of a euro; everything else (keys, counts, dtypes, order) exactly.
GELIJK = {"check_exact": False, "rtol": 0.0, "atol": 1e-6}


def gelijk(uit: pd.DataFrame, verwacht: pd.DataFrame) -> None:
    """Same columns, dtypes, order and values; counts exactly (they are integers)."""
    assert len(verwacht) == len(uit)
    pd.testing.assert_frame_equal(uit, verwacht, **GELIJK)
    for k in verwacht.columns:
        if pd.api.types.is_integer_dtype(verwacht[k]):
            assert uit[k].tolist() == verwacht[k].tolist(), k


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, object]:
    """The processed demo: the parquet path and the tables as ``laad_tabel`` reads them."""
    from sdanalysis.bouw.pipeline import bouw, laad_tabel

    out = tmp_path_factory.mktemp("demo-buiten-geheugen")
    bouw(out_dir=out)
    return {
        "pad": out / "declaraties_gekoppeld.parquet",
        "gekoppeld": laad_tabel("declaraties_gekoppeld", out),
        "begroting": laad_tabel("begroting", out),
    }


# --------------------------------------------------------------------------- the demo


@pytest.mark.parametrize(
    "niveaus", [["categorie"], ["wet", "categorie"], ["wet", "categorie", "aanbieder_agb"]]
)
def test_pxq_cellen_demo(demo, niveaus):
    verwacht = pxq.pxq_cellen(demo["gekoppeld"], niveaus)
    assert len(verwacht) > 20 and verwacht["volume"].sum() > 0
    gelijk(pxq.pxq_cellen_parquet(demo["pad"], niveaus), verwacht)


def test_pxq_cellen_eenheden_demo(demo):
    niveaus = ["wet", "categorie", "eenheid"]
    verwacht = pxq.pxq_cellen(demo["gekoppeld"], niveaus, volume="eenheden")
    gelijk(pxq.pxq_cellen_parquet(demo["pad"], niveaus, volume="eenheden"), verwacht)


def test_kosten_per_client_en_eenheid_demo(demo):
    g, pad = demo["gekoppeld"], demo["pad"]
    gelijk(pxq.kosten_per_client_parquet(pad), pxq.kosten_per_client(g))
    gelijk(pxq.kosten_per_eenheid_parquet(pad), pxq.kosten_per_eenheid(g))


def test_jaren_zoals_het_notebook_filtert(demo):
    g = demo["gekoppeld"]
    eerste, laatste = int(g["jaar"].min()) + 1, int(g["jaar"].max()) - 1
    verwacht = pxq.pxq_cellen(g[g["jaar"].between(eerste, laatste)], ["wet", "categorie"])
    uit = pxq.pxq_cellen_parquet(demo["pad"], ["wet", "categorie"], jaren=(eerste, laatste))
    assert set(uit["jaar"]) == set(range(eerste, laatste + 1))
    gelijk(uit, verwacht)


def test_decompositie_op_cellen_uit_duckdb_gelijk(demo):
    """What notebook 04 does next with the cells gives the same effects."""
    niveaus = ["wet", "categorie", "aanbieder_agb"]
    laatste = int(demo["gekoppeld"]["jaar"].max())
    verwacht = pxq.pxq_jaar_op_jaar(
        pxq.pxq_cellen(demo["gekoppeld"], niveaus), laatste - 1, laatste
    )
    uit = pxq.pxq_jaar_op_jaar(pxq.pxq_cellen_parquet(demo["pad"], niveaus), laatste - 1, laatste)
    pd.testing.assert_frame_equal(uit, verwacht, check_exact=False, rtol=0.0, atol=1e-4)


@pytest.mark.parametrize(
    ("groepen", "wet"),
    [(("jaar",), ab.JEUGDWET), (("categorie", "jaar"), ab.JEUGDWET), (("wet",), None)],
)
def test_kosten_per_aanbieder_demo(demo, groepen, wet):
    verwacht = ab.kosten_per_aanbieder(demo["gekoppeld"], groepen, wet=wet)
    assert verwacht["aanbieder_agb"].nunique() > 5
    gelijk(ab.kosten_per_aanbieder_parquet(demo["pad"], groepen, wet=wet), verwacht)


def test_kosten_reeks_demo(demo):
    g = demo["gekoppeld"]
    pc = sorted(g["productcategorie"].dropna().unique())[:2]
    agb = sorted(g["aanbieder_agb"].unique())[:5]
    for kwargs in ({}, {"productcategorieen": pc}, {"wet": "WMO", "aanbieders": agb}):
        verwacht = ab.kosten_reeks(g, **kwargs)
        assert verwacht["kosten_eur"].sum() != 0
        gelijk(ab.kosten_reeks_parquet(demo["pad"], **kwargs), verwacht)


def test_aansluiting_demo(demo):
    verwacht = bg.aansluiting_declaraties_realisatie(demo["gekoppeld"], demo["begroting"])
    assert verwacht["declaraties_eur"].notna().sum() > 5
    uit = bgg.aansluiting_declaraties_realisatie_parquet(demo["pad"], demo["begroting"])
    gelijk(uit, verwacht)


def test_glob_van_jaarbestanden_gelijk_aan_een_bestand(demo, tmp_path):
    g = demo["gekoppeld"]
    for jaar, deel in g.groupby("jaar"):
        deel.to_parquet(tmp_path / f"jaar_{jaar}.parquet", index=False)
    uit = pxq.pxq_cellen_parquet(tmp_path / "jaar_*.parquet", ["wet", "categorie"])
    gelijk(uit, pxq.pxq_cellen(g, ["wet", "categorie"]))


# --------------------------------------------------------------------------- edge cases


def _rommelig(n: int = 2_000, seed: int = 3) -> pd.DataFrame:
    """declaraties_gekoppeld with holes: no aanbieder name, no wet/categorie/taakveld/client."""
    rng = np.random.default_rng(seed)

    def met_gaten(waarden: list[str], aandeel: float) -> pd.Series:
        s = pd.Series(rng.choice(np.array(waarden, dtype=object), size=n), dtype="str")
        return s.where(rng.random(n) >= aandeel)

    agb = pd.Series(rng.integers(100, 130, size=n).astype(str), dtype="str")
    gekoppeld = rng.random(n) > 0.05
    return pd.DataFrame(
        {
            "jaar": rng.integers(2019, 2023, size=n).astype("int64"),
            "wet": met_gaten(["JW", "WMO"], 0.05),
            "categorie": met_gaten(["Verblijf", "Begeleiding", "Ééntje", ONBEKEND], 0.05),
            "productcategorie": pd.Series(
                rng.choice(["43", "45", "54"], size=n), dtype="string"
            ).where(rng.random(n) > 0.05),
            "taakveld": pd.Series(
                rng.choice(["6.72", "6.71", "6.81"], size=n), dtype="string"
            ).where(rng.random(n) > 0.1),
            "aanbieder_agb": agb,
            "aanbieder_naam": ("Aanbieder " + agb).where(rng.random(n) > 0.1),
            "client_id": met_gaten([f"c{i}" for i in range(80)], 0.03),
            "bedrag_eur": np.round(rng.normal(150, 120, size=n), 2),
            "geleverd_volume": rng.integers(-2, 12, size=n).astype(float),
            "eenheid": pd.Series(["04"] * n, dtype="string"),
            "gekoppeld": gekoppeld,
        }
    )


@pytest.fixture
def rommelig(tmp_path) -> tuple[pd.DataFrame, Path]:
    g = _rommelig()
    pad = tmp_path / "declaraties_gekoppeld.parquet"
    g.to_parquet(pad, index=False)
    return pd.read_parquet(pad, to_pandas_kwargs={"date_as_object": False}), pad


def test_randgevallen_pxq(rommelig):
    g, pad = rommelig
    verwacht = pxq.pxq_cellen(g, ["wet", "categorie"])
    assert (verwacht["wet"] == ONBEKEND).any()  # missing wet is a cell of its own
    gelijk(pxq.pxq_cellen_parquet(pad, ["wet", "categorie"]), verwacht)
    gelijk(
        pxq.kosten_per_client_parquet(pad, ["categorie"]), pxq.kosten_per_client(g, ["categorie"])
    )
    gelijk(pxq.kosten_per_eenheid_parquet(pad, ["wet"]), pxq.kosten_per_eenheid(g, ["wet"]))


@pytest.mark.parametrize(("groepen", "wet"), [(("jaar",), None), (("categorie", "jaar"), "JW")])
def test_randgevallen_aanbieders(rommelig, groepen, wet):
    g, pad = rommelig
    verwacht = ab.kosten_per_aanbieder(g, groepen, wet=wet)
    assert verwacht["aanbieder_naam"].isna().any()  # a provider without a name keeps its euros
    uit = ab.kosten_per_aanbieder_parquet(pad, groepen, wet=wet)
    gelijk(uit, verwacht)
    assert uit["kosten_eur"].sum() == pytest.approx(
        g["bedrag_eur"].sum() if wet is None else g.loc[g["wet"] == wet, "bedrag_eur"].sum()
    )
    gelijk(
        ab.kosten_reeks_parquet(pad, productcategorieen=["43"]),
        ab.kosten_reeks(g, productcategorieen=["43"]),
    )
    gelijk(ab.kosten_reeks_parquet(pad, aanbieders=[]), ab.kosten_reeks(g, aanbieders=[]))


def test_randgevallen_aansluiting_en_ongekoppeld(rommelig):
    g, pad = rommelig
    begroting = pd.DataFrame(
        {
            "jaar": [2019, 2020, 2021],
            "taakveld": ["6.72", "6.71", "6.72"],
            "soort": "realisatie",
            "bedrag_eur": [1e5, 2e5, 3e5],
        }
    )
    verwacht = bg.aansluiting_declaraties_realisatie(g, begroting, taakveld_jaar=2024)
    assert (verwacht["status"] == "geen taakveld").any()
    uit = bgg.aansluiting_declaraties_realisatie_parquet(pad, begroting, taakveld_jaar=2024)
    gelijk(uit, verwacht)
    ongekoppeld = bg.ongekoppelde_declaraties(g)
    assert len(ongekoppeld) == 4
    gelijk(bgg.ongekoppelde_declaraties_parquet(pad), ongekoppeld)


def test_lege_tabel(demo, tmp_path):
    leeg = demo["gekoppeld"].iloc[0:0]
    pad = tmp_path / "leeg.parquet"
    leeg.to_parquet(pad, index=False)
    paren = [
        (pxq.pxq_cellen, pxq.pxq_cellen_parquet),
        (pxq.kosten_per_client, pxq.kosten_per_client_parquet),
        (pxq.kosten_per_eenheid, pxq.kosten_per_eenheid_parquet),
        (ab.kosten_per_aanbieder, ab.kosten_per_aanbieder_parquet),
        (ab.kosten_reeks, ab.kosten_reeks_parquet),
        (bg.ongekoppelde_declaraties, bgg.ongekoppelde_declaraties_parquet),
    ]
    for pandas_fn, duckdb_fn in paren:
        verwacht = pandas_fn(leeg)
        assert verwacht.empty
        gelijk(duckdb_fn(pad), verwacht)


def test_ontbrekende_kolom_en_bestand(tmp_path):
    pad = tmp_path / "g.parquet"
    pd.DataFrame({"jaar": [2019], "bedrag_eur": [1.0]}).to_parquet(pad)
    with pytest.raises(ValueError, match="client_id"):
        pxq.pxq_cellen_parquet(pad, [])
    with pytest.raises(ValueError, match="aanbieder_agb"):
        ab.kosten_per_aanbieder_parquet(pad)
    with pytest.raises(FileNotFoundError, match="niet gevonden"):
        pxq.pxq_cellen_parquet(tmp_path / "bestaat_niet.parquet")


def test_netto_nul_telt_niet_als_client(tmp_path):
    """A client whose credit cancels its amounts to the cent is no client of the cell.

    DuckDB sums in cents; adding 0.1 + 0.2 - 0.3 in floats leaves 5.6e-17, which is not a
    positive amount.
    """
    g = pd.DataFrame(
        {
            "jaar": 2019,
            "categorie": "A",
            "client_id": ["c1", "c1", "c1", "c2"],
            "bedrag_eur": [0.1, 0.2, -0.3, 10.0],
        }
    )
    pad = tmp_path / "g.parquet"
    g.to_parquet(pad)
    uit = pxq.pxq_cellen_parquet(pad, ["categorie"])
    assert uit[["volume", "aantal_regels"]].values.tolist() == [[1, 4]]
    assert uit["bedrag_eur"].tolist() == [10.0]
