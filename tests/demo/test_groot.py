"""Tests for the big synthetic generator of the benchmarks (``benchmarks/groot.py``)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

GROOT_PAD = Path(__file__).resolve().parents[2] / "benchmarks" / "groot.py"


def _laad_groot():
    """``benchmarks/groot.py`` as a module (benchmarks/ is no package)."""
    spec = importlib.util.spec_from_file_location("groot", GROOT_PAD)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("groot", module)
    spec.loader.exec_module(module)
    return module


groot_mod = _laad_groot()


# --------------------------------------------------------------------------- big generator


@pytest.fixture(scope="module")
def groot() -> pd.DataFrame:
    return groot_mod.genereer_toewijzingen_groot(100_000, seed=11)


def test_groot_kolommen_en_types(groot):
    assert len(groot) == 100_000
    assert list(groot.columns) == [
        "toewijzingnummer",
        "client_id",
        "gemeente",
        "wet",
        "productcategorie",
        "productcode",
        "categorie",
        "taakveld",
        "aanbieder_agb",
        "ingangsdatum",
        "einddatum",
        "volume",
        "eenheid",
        "frequentie",
        "tarief_eur",
    ]
    assert groot["toewijzingnummer"].dtype == np.int64
    assert groot["toewijzingnummer"].is_unique
    assert groot["client_id"].dtype == np.int64
    for kol in (
        "gemeente",
        "wet",
        "productcategorie",
        "categorie",
        "aanbieder_agb",
        "eenheid",
        "frequentie",
    ):
        assert isinstance(groot[kol].dtype, pd.CategoricalDtype), kol
    assert str(groot["ingangsdatum"].dtype) == "datetime64[ns]"
    assert str(groot["einddatum"].dtype) == "datetime64[ns]"
    assert groot["volume"].dtype == np.float64
    assert groot["gemeente"].nunique() > 300
    assert set(groot["wet"].unique()) == {"WMO", "JW"}
    assert groot["aanbieder_agb"].astype(str).str.fullmatch(r"\d{8}").all()


def test_groot_datums_realistisch(groot):
    lopend = groot["einddatum"].isna().mean()
    assert 0.14 <= lopend <= 0.16
    dicht = groot.dropna(subset=["einddatum"])
    assert (dicht["einddatum"] >= dicht["ingangsdatum"]).all()
    assert groot["ingangsdatum"].min() >= pd.Timestamp("2015-01-01")
    assert groot["ingangsdatum"].max() <= pd.Timestamp("2024-12-31")
    duur = (dicht["einddatum"] - dicht["ingangsdatum"]).dt.days + 1
    assert (duur < 60).mean() > 0.01  # a few weeks
    assert duur.quantile(0.95) > 3 * 365  # several years
    maandeinde = dicht["einddatum"].dt.is_month_end.mean()
    assert maandeinde > 0.2  # ~30% snapped plus natural month ends
    schrikkel = (dicht["einddatum"].dt.strftime("%m-%d") == "02-29").sum()
    assert schrikkel > 0


def test_groot_ketens_van_toewijzingen(groot):
    per_client = groot.groupby("client_id").size()
    assert (per_client >= 2).mean() > 0.3
    g = groot.sort_values(["client_id", "categorie", "ingangsdatum"], kind="stable")
    zelfde = (g["client_id"].shift() == g["client_id"]) & (
        g["categorie"].astype(str).shift() == g["categorie"].astype(str)
    )
    vorige_eind = g["einddatum"].shift()
    aansluitend = zelfde & (g["ingangsdatum"] == vorige_eind + pd.Timedelta(days=1))
    overlap = zelfde & (g["ingangsdatum"] <= vorige_eind)
    assert aansluitend.sum() > 1_000
    assert overlap.sum() > 1_000


def test_groot_deterministisch_en_seed_telt():
    a = groot_mod.genereer_toewijzingen_groot(5_000, seed=3)
    b = groot_mod.genereer_toewijzingen_groot(5_000, seed=3)
    c = groot_mod.genereer_toewijzingen_groot(5_000, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not a["ingangsdatum"].equals(c["ingangsdatum"])


def test_groot_foute_invoer():
    with pytest.raises(ValueError, match="moet 0 of groter"):
        groot_mod.genereer_toewijzingen_groot(-1)
    with pytest.raises(ValueError, match="ligt voor eerste_jaar"):
        groot_mod.genereer_toewijzingen_groot(10, eerste_jaar=2024, laatste_jaar=2015)
    assert len(groot_mod.genereer_toewijzingen_groot(0)) == 0


def test_groot_parquet_met_tijdstempels(tmp_path):
    pad = groot_mod.schrijf_groot_parquet(2_000, tmp_path / "sub" / "groot.parquet", seed=5)
    schema = pq.read_schema(pad)
    assert str(schema.field("ingangsdatum").type).startswith("timestamp")
    assert str(schema.field("einddatum").type).startswith("timestamp")
    terug = pd.read_parquet(pad)
    pd.testing.assert_frame_equal(terug, groot_mod.genereer_toewijzingen_groot(2_000, seed=5))


def test_groot_gemeentecodes():
    df = groot_mod.genereer_toewijzingen_groot(2_000, seed=2, n_gemeenten=5)
    assert list(df["gemeente"].cat.categories) == [f"GM{k:04d}" for k in range(1, 6)]
    eigen = groot_mod.genereer_toewijzingen_groot(
        2_000, seed=2, n_gemeenten=5, eigen_gemeente="GM0003"
    )
    assert list(eigen["gemeente"].cat.categories)[:2] == ["GM0003", "GM0001"]
    # only the labels differ: the draws are the same
    pd.testing.assert_frame_equal(df.drop(columns="gemeente"), eigen.drop(columns="gemeente"))
    with pytest.raises(ValueError, match="minstens één gemeente"):
        groot_mod.genereer_toewijzingen_groot(10, n_gemeenten=0)


def test_groot_als_script(tmp_path):
    """bench_volumes.py runs groot.py as a script in a fresh interpreter."""
    pad = tmp_path / "g.parquet"
    subprocess.run(
        [sys.executable, str(GROOT_PAD), "--n", "500", "--pad", str(pad), "--seed", "5"],
        check=True,
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(pad), groot_mod.genereer_toewijzingen_groot(500, seed=5)
    )
