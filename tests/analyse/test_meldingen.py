"""Tests for sdanalysis.analyse.meldingen: counts, doorlooptijd, wachttijd, werkvoorraad."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis import instellingen
from sdanalysis.analyse.meldingen import (
    MEDIAAN_CONVENTIE,
    WACHTTIJD_DEFINITIE,
    afhankelijke_kolommen,
    doorlooptijd_per_maand,
    doorlooptijden,
    meldingen_in_jaren,
    meldingen_per_maand,
    overzicht_per_jaar,
    wachttijd_per_maand,
    wachttijden,
    werkvoorraad,
    wettelijke_termijn_dagen,
)
from sdanalysis.analyse.overleving import KM_CONVENTIE
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen


def meldingen(rijen: list[tuple]) -> pd.DataFrame:
    """Meldingen from (id, client, wet, melding, aanvraag, besluit, uitkomst) tuples."""
    df = pd.DataFrame(
        rijen,
        columns=[
            "melding_id",
            "client_id",
            "wet",
            "datum_melding",
            "datum_aanvraag",
            "datum_besluit",
            "uitkomst",
        ],
    )
    for k in ("datum_melding", "datum_aanvraag", "datum_besluit"):
        df[k] = pd.to_datetime(df[k])
    return df


VOORBEELD = meldingen(
    [
        ("1", "a", "WMO", "2019-01-07", "2019-02-11", "2019-02-25", "toegekend"),  # 49 d
        ("2", "b", "WMO", "2019-01-14", "2019-03-04", "2019-03-18", "afgewezen"),  # 63 d
        ("3", "c", "WMO", "2019-01-21", None, None, None),  # open since 2019-01-21
        ("4", "d", "JW", "2019-02-04", None, "2019-02-18", "toegekend"),  # 14 d
        ("5", "e", "WMO", "2019-03-01", None, None, "lopend"),  # open, 31 days at peildatum
        ("6", "f", "WMO", "2019-03-05", None, None, "ingetrokken"),  # closed, no date
    ]
)
PEIL = "2019-04-01"


def test_wettelijke_termijn_uit_instellingen(monkeypatch: pytest.MonkeyPatch) -> None:
    assert wettelijke_termijn_dagen() == 56
    assert wettelijke_termijn_dagen() == 7 * (
        instellingen.WMO_TERMIJN_ONDERZOEK_WEKEN + instellingen.WMO_TERMIJN_BESLUIT_WEKEN
    )
    # Read at call time, never copied at import: a changed setting takes effect.
    monkeypatch.setattr(instellingen, "WMO_TERMIJN_ONDERZOEK_WEKEN", 4)
    assert wettelijke_termijn_dagen() == 42
    d = doorlooptijden(VOORBEELD, peildatum=PEIL)
    assert d.loc[d["wet"] == "WMO", "wettelijke_termijn_dagen"].unique().tolist() == [42.0]
    # Melding 1 took 49 days: within 8 weeks, not within 6.
    assert not bool(d.loc[d["melding_id"] == "1", "binnen_wettelijke_termijn"].iloc[0])


def test_doorlooptijden_en_termijn() -> None:
    d = doorlooptijden(VOORBEELD, peildatum=PEIL).set_index("melding_id")
    assert d["status"].tolist() == [
        "afgerond",
        "afgerond",
        "open",
        "afgerond",
        "open",
        "afgerond_zonder_datum",
    ]
    assert d.loc["1", "doorlooptijd_dagen"] == 49.0
    assert d.loc["1", "doorlooptijd_weken"] == 7.0
    assert d.loc["1", "onderzoek_dagen"] == 35.0 and d.loc["1", "besluit_dagen"] == 14.0
    assert np.isnan(d.loc["3", "doorlooptijd_dagen"])
    assert d.loc["3", "looptijd_dagen"] == 70.0  # censored at the peildatum
    termijn = d["binnen_wettelijke_termijn"]
    assert termijn.loc["1"] is True or bool(termijn.loc["1"]) is True
    assert bool(termijn.loc["2"]) is False  # 63 days > 56
    assert bool(termijn.loc["3"]) is False  # open for 70 days: already too late
    assert pd.isna(termijn.loc["4"])  # Jeugdwet: Wmo term does not apply
    assert pd.isna(termijn.loc["5"])  # open for 31 days: not yet decided
    assert pd.isna(termijn.loc["6"])
    # The input is not changed.
    assert "status" not in VOORBEELD.columns


def test_doorlooptijd_per_maand_met_open_meldingen() -> None:
    uit = doorlooptijd_per_maand(VOORBEELD, peildatum=PEIL)
    jan = uit[(uit["wet"] == "WMO") & (uit["periode_maand"] == "2019-01-01")].iloc[0]
    assert int(jan["aantal_meldingen"]) == 3
    assert int(jan["aantal_afgerond"]) == 2 and int(jan["aantal_open"]) == 1
    # KM over 49 (event), 63 (event), 70 (censored): S drops to 2/3 at 49, 1/3 at 63.
    assert jan["mediaan_doorlooptijd_dagen"] == 63.0
    assert jan["gemiddelde_doorlooptijd_dagen"] == 56.0
    assert jan["aandeel_binnen_termijn_fractie"] == pytest.approx(1 / 3)
    mrt = uit[(uit["wet"] == "WMO") & (uit["periode_maand"] == "2019-03-01")].iloc[0]
    assert int(mrt["aantal_meldingen"]) == 2
    assert int(mrt["aantal_open"]) == 1  # melding 6 (no date) is not measured
    assert np.isnan(mrt["mediaan_doorlooptijd_dagen"])
    jw = uit[uit["wet"] == "JW"].iloc[0]
    assert np.isnan(jw["aandeel_binnen_termijn_fractie"])


def test_meldingen_per_maand_lopend_en_onbekend() -> None:
    df = VOORBEELD.copy()
    df.loc[3, "uitkomst"] = None  # besluit known, outcome missing -> onbekend
    uit = meldingen_per_maand(df)
    tel = uit.groupby("uitkomst")["aantal_meldingen"].sum().to_dict()
    assert tel == {
        "afgewezen": 1,
        "ingetrokken": 1,
        "lopend": 2,
        "onbekend": 1,
        "toegekend": 1,
    }
    wmo_jan = uit[(uit["wet"] == "WMO") & (uit["periode_maand"] == "2019-01-01")]
    assert int(wmo_jan["aantal_meldingen"].sum()) == 3
    # The grid has every month for every (wet, uitkomst) combination.
    assert len(uit) == uit[["wet", "uitkomst"]].drop_duplicates().shape[0] * 3


def test_werkvoorraad_einde_maand() -> None:
    wv = werkvoorraad(VOORBEELD, groepen=(), start="2019-01", eind="2019-04", peildatum=PEIL)
    # End Jan: 1, 2, 3 open (decided Feb/Mar or never). End Feb: 2, 3 (1 decided 25-2;
    # 4 melded and decided in Feb). End Mar: 3 and 5 (2 decided 18-3, 6 has no date).
    assert wv["open_meldingen"].tolist() == [3, 2, 2, 2]
    assert wv["peildatum"].dt.strftime("%Y-%m-%d").tolist() == [
        "2019-01-31",
        "2019-02-28",
        "2019-03-31",
        "2019-04-30",
    ]
    per_wet = werkvoorraad(VOORBEELD, start="2019-01", eind="2019-03", peildatum=PEIL)
    assert per_wet[per_wet["wet"] == "JW"]["open_meldingen"].tolist() == [0, 0, 0]


def test_wachttijden_eerste_toewijzing_na_melding() -> None:
    toew = pd.DataFrame(
        {
            "client_id": ["a", "a", "a", "d", "b"],
            "wet": ["WMO", "WMO", "WMO", "WMO", "WMO"],
            "ingangsdatum": pd.to_datetime(
                ["2018-05-01", "2019-03-11", "2019-03-01", "2019-02-20", "2019-03-20"]
            ),
        }
    )
    w = wachttijden(VOORBEELD, toew, peildatum=PEIL).set_index("melding_id")
    assert w["definitie"].unique().tolist() == [WACHTTIJD_DEFINITIE]
    # a: melding 7-1, earliest start on/after it is 1-3 (not the 2018 one): 53 days.
    assert w.loc["1", "wachttijd_dagen"] == 53.0
    assert w.loc["1", "status_wachttijd"] == "gestart"
    assert w.loc["2", "status_wachttijd"] == "niet_toegekend"  # afgewezen
    # d's toewijzing is WMO, the melding is JW: no match, still within max -> wacht.
    assert w.loc["4", "status_wachttijd"] == "wacht"
    assert w.loc["4", "looptijd_wacht_dagen"] == 56.0
    assert np.isnan(w.loc["4", "wachttijd_dagen"])
    pm = wachttijd_per_maand(w.reset_index())
    jan = pm[(pm["wet"] == "WMO") & (pm["periode_maand"] == "2019-01-01")].iloc[0]
    assert int(jan["aantal_toegekend"]) == 1 and int(jan["aantal_gestart"]) == 1
    assert jan["mediaan_wachttijd_dagen"] == 53.0
    # With a short maximum the start is too late to count and that time has passed.
    kort = wachttijden(VOORBEELD, toew, peildatum=PEIL, max_dagen=30).set_index("melding_id")
    assert kort.loc["1", "status_wachttijd"] == "geen_start_gevonden"


def test_fouten_in_het_nederlands() -> None:
    slecht = VOORBEELD.copy()
    slecht.loc[0, "datum_besluit"] = pd.Timestamp("2018-12-01")
    with pytest.raises(ValueError, match="vóór de datum_melding"):
        doorlooptijden(slecht)
    with pytest.raises(ValueError, match="mist de kolom"):
        meldingen_per_maand(VOORBEELD.drop(columns="wet"))
    zonder = VOORBEELD.copy()
    zonder.loc[0, "datum_melding"] = pd.NaT
    with pytest.raises(ValueError, match="zonder datum_melding"):
        werkvoorraad(zonder)


def test_samenvatting_per_jaar() -> None:
    uit = doorlooptijd_per_maand(VOORBEELD, peildatum=PEIL, periode="jaar")
    wmo = uit[uit["wet"] == "WMO"].iloc[0]
    assert int(wmo["jaar"]) == 2019 and int(wmo["aantal_meldingen"]) == 5
    # KM over 49, 63 (events) and 70, 31 (censored): S(49)=3/4, S(63)=3/4*2/3=1/2.
    assert wmo["mediaan_doorlooptijd_dagen"] == 63.0
    with pytest.raises(ValueError, match="periode"):
        doorlooptijd_per_maand(VOORBEELD, periode="week")


def test_wachttijd_max_dagen_uit_instellingen(monkeypatch: pytest.MonkeyPatch) -> None:
    toew = pd.DataFrame(
        {"client_id": ["a"], "wet": ["WMO"], "ingangsdatum": pd.to_datetime(["2019-03-01"])}
    )
    assert wachttijden(VOORBEELD, toew, peildatum=PEIL).iloc[0]["wachttijd_dagen"] == 53.0
    # The default maximum is read at call time from instellingen.
    monkeypatch.setattr(instellingen, "WACHTTIJD_MAX_DAGEN", 30)
    w = wachttijden(VOORBEELD, toew, peildatum=PEIL)
    assert w.iloc[0]["status_wachttijd"] == "geen_start_gevonden"


def test_meldingen_in_jaren() -> None:
    m = meldingen_in_jaren(VOORBEELD, (2019, 2019))
    assert len(m) == len(VOORBEELD)
    assert meldingen_in_jaren(VOORBEELD, (2020, 2021)).empty
    assert m is not VOORBEELD


def test_overzicht_per_jaar_combineert_doorlooptijd_en_wachttijd() -> None:
    toew = pd.DataFrame(
        {"client_id": ["a"], "wet": ["WMO"], "ingangsdatum": pd.to_datetime(["2019-03-01"])}
    )
    wacht = wachttijden(VOORBEELD, toew, peildatum=PEIL)
    o = overzicht_per_jaar(VOORBEELD, wacht, peildatum=PEIL).set_index("wet")
    door = doorlooptijd_per_maand(VOORBEELD, peildatum=PEIL, periode="jaar").set_index("wet")
    assert o.loc["WMO", "aantal_meldingen"] == door.loc["WMO", "aantal_meldingen"] == 5
    assert o.loc["WMO", "mediaan_doorlooptijd_dagen"] == 63.0
    assert o.loc["WMO", "aantal_toegekend"] == 1 and o.loc["WMO", "mediaan_wachttijd_dagen"] == 53.0
    # JW's only melding was toegekend: it still waits (censored), so no median yet.
    assert o.loc["JW", "aantal_toegekend"] == 1 and np.isnan(o.loc["JW", "mediaan_wachttijd_dagen"])


def _veel_meldingen(n: int = 120, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seeded meldingen over 2019-2020 for two wetten, some still open, with toewijzingen."""
    rng = np.random.default_rng(seed)
    melding = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    duur = pd.to_timedelta(rng.integers(5, 120, n), unit="D")
    open_ = rng.random(n) < 0.2
    m = pd.DataFrame(
        {
            "melding_id": [str(i) for i in range(n)],
            "client_id": [f"c{i}" for i in range(n)],
            "wet": np.where(rng.random(n) < 0.5, "WMO", "JW"),
            "datum_melding": melding,
            "datum_besluit": (melding + duur).where(~open_),
            "uitkomst": np.where(open_, None, "toegekend"),
        }
    )
    t = pd.DataFrame(
        {
            "client_id": m["client_id"],
            "wet": m["wet"],
            "ingangsdatum": m["datum_besluit"] + pd.to_timedelta(rng.integers(0, 30, n), "D"),
        }
    ).dropna()
    return m, t


def test_mediaan_met_interval_per_jaar() -> None:
    from statsmodels.duration.survfunc import SurvfuncRight

    m, _ = _veel_meldingen()
    peil = "2021-03-01"
    uit = doorlooptijd_per_maand(m, peildatum=peil, periode="jaar")
    k = uit.columns.tolist()
    i = k.index("mediaan_doorlooptijd_dagen")
    assert k[i + 1 : i + 3] == [
        "mediaan_doorlooptijd_ci_laag_dagen",
        "mediaan_doorlooptijd_ci_hoog_dagen",
    ]
    assert k[i + 3] == "gemiddelde_doorlooptijd_dagen"  # existing order kept
    assert (uit["mediaan_doorlooptijd_ci_laag_dagen"] <= uit["mediaan_doorlooptijd_dagen"]).all()
    assert (uit["mediaan_doorlooptijd_ci_hoog_dagen"] >= uit["mediaan_doorlooptijd_dagen"]).all()
    # the limits are statsmodels' Brookmeyer-Crowley interval of that group
    d = doorlooptijden(m, peildatum=peil)
    g = d[(d["wet"] == "WMO") & (d["datum_melding"].dt.year == 2019)]
    sf = SurvfuncRight(g["looptijd_dagen"].to_numpy(), (g["status"] == "afgerond").to_numpy())
    laag, hoog = sf.quantile_ci(0.5, method="cloglog")
    rij = uit[(uit["wet"] == "WMO") & (uit["jaar"] == 2019)].iloc[0]
    assert (
        rij["mediaan_doorlooptijd_ci_laag_dagen"],
        rij["mediaan_doorlooptijd_ci_hoog_dagen"],
    ) == (
        laag,
        hoog,
    )
    # monthly tables (charts) stay without interval unless asked
    assert "mediaan_doorlooptijd_ci_laag_dagen" not in doorlooptijd_per_maand(m, peildatum=peil)
    maand = doorlooptijd_per_maand(m, peildatum=peil, met_ci=True)
    assert maand["mediaan_doorlooptijd_ci_hoog_dagen"].notna().any()
    assert MEDIAAN_CONVENTIE == KM_CONVENTIE and "50%" in MEDIAAN_CONVENTIE


def test_overzicht_per_jaar_interval_en_onderdrukking() -> None:
    m, t = _veel_meldingen()
    w = wachttijden(m, t, peildatum="2021-03-01")
    per = wachttijd_per_maand(w, periode="jaar")
    i = per.columns.get_loc("mediaan_wachttijd_dagen")
    assert per.columns[i + 1 : i + 3].tolist() == [
        "mediaan_wachttijd_ci_laag_dagen",
        "mediaan_wachttijd_ci_hoog_dagen",
    ]
    o = overzicht_per_jaar(m, w, peildatum="2021-03-01")
    assert o.columns.tolist() == [
        "jaar",
        "wet",
        "aantal_meldingen",
        "mediaan_doorlooptijd_dagen",
        "mediaan_doorlooptijd_ci_laag_dagen",
        "mediaan_doorlooptijd_ci_hoog_dagen",
        "aandeel_binnen_termijn_fractie",
        "aantal_toegekend",
        "mediaan_wachttijd_dagen",
        "mediaan_wachttijd_ci_laag_dagen",
        "mediaan_wachttijd_ci_hoog_dagen",
    ]
    assert (o["mediaan_wachttijd_ci_laag_dagen"] <= o["mediaan_wachttijd_dagen"]).all()
    # a suppressed row loses its interval too
    klein = o.assign(aantal_meldingen=[3] + [100] * (len(o) - 1))
    pub = onderdruk_kleine_aantallen(
        klein, ["aantal_meldingen"], afhankelijke_kolommen=afhankelijke_kolommen(klein)
    )
    weg = pub["aantal_meldingen_onderdrukt"].to_numpy()
    assert weg.any()
    for k in [c for c in o.columns if "_ci_" in c]:
        assert pub.loc[weg, k].isna().all(), k
