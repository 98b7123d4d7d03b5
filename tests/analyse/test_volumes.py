"""Tests for sdanalysis.analyse.volumes with hand-computed expectations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdanalysis.analyse import volumes
from sdanalysis.analyse.jaren import GeenJarenFout
from sdanalysis.analyse.volumes import (
    jaaroverzicht,
    jaarvolumes,
    kies_categorieen,
    maandvolumes,
    zorgvolume_per_maand,
)


def tw(rijen: list[tuple]) -> pd.DataFrame:
    """Allocations from (client, categorie, ingangsdatum, einddatum|None) tuples."""
    df = pd.DataFrame(rijen, columns=["client_id", "categorie", "ingangsdatum", "einddatum"])
    df["ingangsdatum"] = pd.to_datetime(df["ingangsdatum"])
    df["einddatum"] = pd.to_datetime(df["einddatum"])
    return df


def reeks(mv: pd.DataFrame, kolom: str, categorie: str | None = None) -> list[int]:
    if categorie is not None:
        mv = mv[mv["categorie"] == categorie]
    return [int(x) for x in mv[kolom]]


def test_overlap_telt_client_een_keer() -> None:
    # Client a: two overlapping allocations Jan-15 .. Apr-10 and Mar-01 .. May-31.
    df = tw([("a", "X", "2020-01-15", "2020-04-10"), ("a", "X", "2020-03-01", "2020-05-31")])
    mv = maandvolumes(df, start="2020-01", eind="2020-06")
    # In care on the 1st of Feb..May; June 1st not (ends May 31).
    assert reeks(mv, "aantal_clienten") == [0, 1, 1, 1, 1, 0]
    # Allocations on the 1st: Feb 1, Mar 2 (both), Apr 2, May 1, Jun 0.
    assert reeks(mv, "aantal_toewijzingen") == [0, 1, 2, 2, 1, 0]
    assert reeks(mv, "instroom_clienten") == [1, 0, 0, 0, 0, 0]
    assert reeks(mv, "uitstroom_clienten") == [0, 0, 0, 0, 1, 0]


def test_aansluitend_wordt_samengevoegd_maar_gat_niet() -> None:
    df = tw(
        [
            ("a", "X", "2020-01-01", "2020-01-31"),  # back-to-back with the next one
            ("a", "X", "2020-02-01", "2020-02-29"),  # leap year: Feb has 29 days
            ("b", "X", "2020-01-01", "2020-01-30"),  # gap of one day (Jan 31) -> new episode
            ("b", "X", "2020-02-01", "2020-03-15"),
        ]
    )
    mv = maandvolumes(df, start="2020-01", eind="2020-04")
    assert reeks(mv, "aantal_clienten") == [2, 2, 1, 0]
    # a: one episode starting Jan; b: episodes starting Jan and Feb.
    assert reeks(mv, "instroom_clienten") == [2, 1, 0, 0]
    # a ends Feb 29; b ends Jan 30 and Mar 15.
    assert reeks(mv, "uitstroom_clienten") == [1, 1, 1, 0]


def test_einde_laatste_dag_niet_in_voorraad_volgende_maand() -> None:
    df = tw([("a", "X", "2021-03-01", "2021-03-31")])
    mv = maandvolumes(df, start="2021-03", eind="2021-04")
    assert reeks(mv, "aantal_clienten") == [1, 0]
    assert reeks(mv, "uitstroom_clienten") == [1, 0]


def test_start_halverwege_instroom_maar_niet_in_voorraad() -> None:
    df = tw([("a", "X", "2021-03-02", None)])
    mv = maandvolumes(df, start="2021-03", eind="2021-05")
    assert reeks(mv, "aantal_clienten") == [0, 1, 1]
    assert reeks(mv, "instroom_clienten") == [1, 0, 0]
    # Lopend: never uitstroom.
    assert reeks(mv, "uitstroom_clienten") == [0, 0, 0]


def test_lopend_voor_het_venster_telt_als_beginvoorraad() -> None:
    df = tw([("a", "X", "2010-06-01", None), ("b", "X", "2012-01-01", "2014-12-31")])
    mv = maandvolumes(df, start="2015-01", eind="2015-03")
    assert reeks(mv, "aantal_clienten") == [1, 1, 1]
    assert reeks(mv, "instroom_clienten") == [0, 0, 0]


def test_client_in_twee_categorieen_telt_in_beide() -> None:
    df = tw([("a", "X", "2020-01-01", "2020-12-31"), ("a", "Y", "2020-01-01", "2020-06-30")])
    mv = maandvolumes(df, start="2020-01", eind="2020-12")
    assert reeks(mv, "aantal_clienten", "X") == [1] * 12
    assert reeks(mv, "aantal_clienten", "Y") == [1] * 6 + [0] * 6
    totaal = maandvolumes(df, groepen=(), start="2020-01", eind="2020-12")
    # Without grouping the client counts once.
    assert reeks(totaal, "aantal_clienten") == [1] * 12
    assert list(totaal.columns) == [
        "periode_maand",
        "aantal_clienten",
        "instroom_clienten",
        "uitstroom_clienten",
        "aantal_toewijzingen",
        "instroom_links_gecensureerd",
    ]


def test_twee_perioden_in_een_maand_een_instroom() -> None:
    df = tw([("a", "X", "2020-05-03", "2020-05-05"), ("a", "X", "2020-05-20", "2020-06-10")])
    mv = maandvolumes(df, start="2020-05", eind="2020-06")
    assert reeks(mv, "instroom_clienten") == [1, 0]
    assert reeks(mv, "uitstroom_clienten") == [1, 1]
    assert reeks(mv, "aantal_clienten") == [0, 1]


def test_samenvoegen_met_volgorde_door_elkaar() -> None:
    # Long allocation contains a short one; a third starts the day after the long one ends.
    df = tw(
        [
            ("a", "X", "2020-03-01", "2020-03-10"),
            ("a", "X", "2020-01-01", "2020-06-30"),
            ("a", "X", "2020-07-01", "2020-08-15"),
        ]
    ).sample(frac=1.0, random_state=3)
    mv = maandvolumes(df, start="2020-01", eind="2020-09")
    assert reeks(mv, "aantal_clienten") == [1] * 8 + [0]
    assert sum(reeks(mv, "instroom_clienten")) == 1
    assert reeks(mv, "uitstroom_clienten") == [0] * 7 + [1, 0]


def test_groepen_meerdere_kolommen_en_periode_eerste_dag() -> None:
    df = tw([("a", "X", "2020-01-01", None), ("b", "X", "2020-01-01", None)])
    df["wet"] = ["WMO", "JW"]
    mv = maandvolumes(df, groepen=("wet", "categorie"), start="2020-01", eind="2020-02")
    assert mv[["wet", "categorie"]].drop_duplicates().shape[0] == 2
    assert mv["periode_maand"].dt.day.unique().tolist() == [1]
    assert str(mv["periode_maand"].dtype).startswith("datetime64")
    jw = mv[mv["wet"] == "JW"]
    assert reeks(jw, "aantal_clienten") == [1, 1]


def test_invoer_niet_gewijzigd() -> None:
    df = tw([("a", "X", "2020-01-01", None)])
    kopie = df.copy()
    maandvolumes(df, start="2020-01", eind="2020-02")
    pd.testing.assert_frame_equal(df, kopie)


def test_foutmeldingen_in_het_nederlands() -> None:
    df = tw([("a", "X", "2020-05-01", "2020-04-01")])
    jaar = {"start": "2020-01", "eind": "2020-12"}
    with pytest.raises(ValueError, match="einddatum vóór de ingangsdatum"):
        maandvolumes(df, **jaar)
    with pytest.raises(ValueError, match="mist de kolom"):
        maandvolumes(df.drop(columns="categorie"), **jaar)
    with pytest.raises(ValueError, match="zonder ingangsdatum"):
        maandvolumes(tw([("a", "X", None, None)]), **jaar)
    with pytest.raises(ValueError, match="ligt voor start"):
        maandvolumes(tw([("a", "X", "2020-01-01", None)]), start="2020-05", eind="2020-01")
    with pytest.raises(ValueError, match="methode"):
        jaarvolumes(
            tw([("a", "X", "2020-01-01", None)]), methode="gemiddeld", start=2020, eind=2020
        )


def _brute_force(df: pd.DataFrame, maanden: pd.DatetimeIndex) -> dict[str, list[int]]:
    """Slow day-by-day reference: stock on the 1st, distinct clients starting/ending care."""
    dagen = pd.date_range("2017-01-01", "2021-12-31", freq="D")
    in_zorg = {c: np.zeros(len(dagen), dtype=bool) for c in df["client_id"].unique()}
    for r in df.itertuples():
        eind = r.einddatum if pd.notna(r.einddatum) else dagen[-1]
        in_zorg[r.client_id] |= (dagen >= r.ingangsdatum) & (dagen <= eind)
    stock, instroom, uitstroom = [], [], []
    for m in maanden:
        volgende = m + pd.offsets.MonthBegin(1)
        binnen = (dagen >= m) & (dagen < volgende)
        pos = np.flatnonzero(dagen == m)[0]
        stock.append(sum(int(v[pos]) for v in in_zorg.values()))
        ins = uit = 0
        for v in in_zorg.values():
            vorig = np.r_[False, v[:-1]]
            volg = np.r_[v[1:], v[-1]]  # last day of the range: treat as continuing
            ins += int((v & ~vorig & binnen).any())
            uit += int((v & ~volg & binnen).any())
        instroom.append(ins)
        uitstroom.append(uit)
    return {
        "aantal_clienten": stock,
        "instroom_clienten": instroom,
        "uitstroom_clienten": uitstroom,
    }


def test_willekeurig_tegen_dag_voor_dag_referentie() -> None:
    rng = np.random.default_rng(42)
    rijen = []
    for i in range(60):
        client = f"c{rng.integers(0, 15)}"
        start = pd.Timestamp("2018-01-01") + pd.Timedelta(days=int(rng.integers(0, 900)))
        duur = int(rng.integers(0, 200))
        eind = None if rng.random() < 0.1 else start + pd.Timedelta(days=duur)
        if i % 7 == 0 and eind is not None:  # end on the last day of a month
            eind = eind + pd.offsets.MonthEnd(0)
        rijen.append((client, "X", start, eind))
    df = tw(rijen)
    maanden = pd.date_range("2018-02-01", "2020-12-01", freq="MS")
    mv = maandvolumes(df, start="2018-02", eind="2020-12")
    verwacht = _brute_force(df, maanden)
    for kolom, waarden in verwacht.items():
        assert reeks(mv, kolom) == waarden, kolom


def test_jaarvolumes_peildatum_en_loop_van_het_jaar() -> None:
    df = tw(
        [
            ("a", "X", "2019-03-01", "2019-05-31"),
            ("a", "X", "2019-09-01", "2020-01-01"),  # in care on 1-1-2020 (last day)
            ("b", "X", "2020-01-02", "2020-12-31"),
            ("c", "X", "2018-06-01", None),
        ]
    )
    pdat = jaarvolumes(df, methode="peildatum", start=2019, eind=2021)
    assert reeks(pdat, "aantal_clienten") == [1, 2, 1]  # 2019: c; 2020: a, c; 2021: c
    loop = jaarvolumes(df, methode="loop_van_het_jaar", start=2019, eind=2021)
    assert reeks(loop, "aantal_clienten") == [2, 3, 1]
    assert reeks(loop, "instroom_clienten") == [1, 1, 0]  # a in 2019 (once), b in 2020
    assert reeks(loop, "uitstroom_clienten") == [1, 2, 0]  # a in 2019 and 2020, b in 2020
    assert pdat["peildatum"].dt.strftime("%d-%m").unique().tolist() == ["01-01"]
    assert loop["peildatum"].isna().all()
    peil_dec = jaarvolumes(df, methode="peildatum", peildatum="31-12", start=2019, eind=2020)
    assert reeks(peil_dec, "aantal_clienten") == [2, 2]  # 31-12-2019: a, c; 31-12-2020: b, c
    with pytest.raises(ValueError, match="dd-mm"):
        jaarvolumes(df, peildatum="2020-01-01")


@pytest.mark.parametrize("blok_rijen", [1_000_000, 2])
def test_zorgvolume_omrekening_per_frequentie(
    blok_rijen: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(volumes, "BLOK_RIJEN", blok_rijen)  # 2: three blocks, two threads
    df = tw(
        [
            ("a", "Begeleiding", "2024-01-01", "2024-03-31"),  # 3 uur per week
            ("b", "Begeleiding", "2024-01-16", "2024-01-31"),  # 3 uur per week, half Jan
            ("c", "Verblijf", "2024-02-01", "2024-02-29"),  # 1 etmaal per dag, leap Feb
            ("d", "Begeleiding", "2024-01-01", "2024-01-10"),  # 600 minuten totaal
            ("e", "Dagbesteding", "2024-01-01", None),  # 8 dagdelen per maand, lopend
        ]
    )
    df["volume"] = [3.0, 3.0, 1.0, 600.0, 8.0]
    df["eenheid"] = ["04", "04", "14", "01", "16"]
    df["frequentie"] = ["2", "2", "1", "6", "4"]
    df["tarief_eur"] = [60.0, 60.0, 200.0, 1.0, np.nan]
    zv = zorgvolume_per_maand(df, start="2024-01", eind="2024-03")
    beg = zv[zv["categorie"] == "Begeleiding"].set_index("periode_maand")
    week = 3 * 52 / 12
    jan = week + week * 16 / 31 + 10.0  # a, b (16 of 31 days), d (600 min = 10 uur)
    assert beg["volume_per_maand"].tolist() == pytest.approx([jan, week, week])
    assert beg["eenheid"].unique().tolist() == ["uur"]
    kosten_jan = 60 * week + 60 * week * 16 / 31 + 600.0
    assert beg["geindiceerde_kosten_eur"].iloc[0] == pytest.approx(kosten_jan)
    verblijf = zv[zv["categorie"] == "Verblijf"]
    assert verblijf["volume_per_maand"].tolist() == pytest.approx([0.0, 29.0, 0.0])
    assert verblijf["eenheid"].unique().tolist() == ["etmaal"]
    dag = zv[zv["categorie"] == "Dagbesteding"]
    assert dag["volume_per_maand"].tolist() == pytest.approx([8.0, 8.0, 8.0])
    assert dag["geindiceerde_kosten_eur"].tolist() == pytest.approx([0.0, 0.0, 0.0])


def test_zorgvolume_onbekende_code_en_lopend_totaal() -> None:
    df = tw([("a", "X", "2024-01-01", None)])
    df["volume"], df["eenheid"], df["frequentie"] = [5.0], ["99"], ["2"]
    with pytest.raises(ValueError, match="Onbekende eenheid"):
        zorgvolume_per_maand(df, start="2024-01", eind="2024-02")
    df["eenheid"], df["frequentie"] = ["04"], ["6"]
    with pytest.warns(UserWarning, match="totaal binnen"):
        zv = zorgvolume_per_maand(df, start="2024-01", eind="2024-02")
    assert zv.empty


def test_grote_sleutel_gebruikt_terugvalpad() -> None:
    # Huge integer client ids force the lexsort path; the result must be the same.
    df = tw(
        [
            (2**50, "X", "2020-01-01", "2020-02-10"),
            (2**50, "X", "2020-02-11", None),
            (0, "X", "2020-01-01", "2020-01-31"),
        ]
    )
    df["client_id"] = df["client_id"].astype("int64")
    mv = maandvolumes(df, start="2020-01", eind="2020-03")
    assert reeks(mv, "aantal_clienten") == [2, 1, 1]
    assert reeks(mv, "instroom_clienten") == [2, 0, 0]
    assert volumes.JAAR_METHODEN == ("peildatum", "loop_van_het_jaar")


def test_lege_invoer_geeft_lege_tabel_met_kolommen() -> None:
    df = tw([("a", "X", "2020-01-01", None)]).iloc[0:0]
    mv = maandvolumes(df, start="2020-01", eind="2020-02")
    assert mv.empty
    assert list(mv.columns) == [
        "periode_maand",
        "categorie",
        "aantal_clienten",
        "instroom_clienten",
        "uitstroom_clienten",
        "aantal_toewijzingen",
        "instroom_links_gecensureerd",
    ]


def test_blokken_en_threads_geven_hetzelfde_resultaat(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    n = 3000
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 2500, n), unit="D")
    duur = pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    df = pd.DataFrame(
        {
            "client_id": rng.integers(0, 400, n),
            "categorie": rng.choice(["A", "B", "C"], n),
            "ingangsdatum": start,
            "einddatum": (start + duur).where(rng.random(n) > 0.1),
        }
    )
    heel = maandvolumes(df, start="2016-01", eind="2022-12")
    jaar_heel = jaarvolumes(df, methode="loop_van_het_jaar", start=2016, eind=2022)
    monkeypatch.setattr(volumes, "BLOK_RIJEN", 250)  # 12 blocks over 2 threads
    monkeypatch.setattr(volumes, "MAX_WERKERS", 2)
    pd.testing.assert_frame_equal(maandvolumes(df, start="2016-01", eind="2022-12"), heel)
    pd.testing.assert_frame_equal(
        jaarvolumes(df, methode="loop_van_het_jaar", start=2016, eind=2022), jaar_heel
    )
    assert int(heel["aantal_clienten"].max()) > 50  # the data really overlaps


def test_eerste_maand_van_de_gegevens_is_links_gecensureerd() -> None:
    # The export starts 2020-01-01: a and b were already in care then, c is really new.
    df = tw(
        [
            ("a", "X", "2020-01-01", None),
            ("b", "X", "2020-01-01", "2020-02-10"),
            ("c", "X", "2020-02-05", None),
        ]
    )
    mv = maandvolumes(df, start="2019-12", eind="2020-03")
    assert reeks(mv, "instroom_clienten") == [0, 2, 1, 0]
    # December (before the data) and January (their first month) are censored.
    assert mv["instroom_links_gecensureerd"].tolist() == [True, True, False, False]
    jv = jaarvolumes(df, start=2020, eind=2021)
    assert jv["instroom_links_gecensureerd"].tolist() == [True, False]
    # Care that started long before the window leaves the window uncensored.
    eerder = tw([("a", "X", "2010-06-01", None), ("b", "X", "2020-03-01", None)])
    gecensureerd = maandvolumes(eerder, start="2020-01", eind="2020-04")
    assert not gecensureerd["instroom_links_gecensureerd"].any()


def test_venster_standaard_uit_de_gegevens() -> None:
    df = tw([("a", "X", "2019-03-01", "2019-04-30"), ("b", "X", "2021-06-01", None)])
    # Data span 2019-03-01 .. 2021-06-01: 2019 and 2020 are the full years.
    mv = maandvolumes(df)
    assert mv["periode_maand"].min() == pd.Timestamp("2019-01-01")
    assert mv["periode_maand"].max() == pd.Timestamp("2020-12-01")
    assert jaarvolumes(df)["jaar"].tolist() == [2019, 2020]
    assert jaaroverzicht(df)["jaar"].tolist() == [2019, 2020]
    with pytest.raises(GeenJarenFout):
        maandvolumes(df.iloc[0:0])


def test_jaaroverzicht_gelijk_aan_jaarvolumes_en_ongelijkheden() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    start = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 2500, n), unit="D")
    df = pd.DataFrame(
        {
            "client_id": rng.integers(0, 300, n),
            "categorie": rng.choice(["A", "B"], n),
            "ingangsdatum": start,
            "einddatum": (start + pd.to_timedelta(rng.integers(0, 500, n), unit="D")).where(
                rng.random(n) > 0.1
            ),
        }
    )
    jo = jaaroverzicht(df, start=2016, eind=2022)
    peil = jaarvolumes(df, methode="peildatum", start=2016, eind=2022)
    loop = jaarvolumes(df, methode="loop_van_het_jaar", start=2016, eind=2022)
    assert jo["aantal_clienten_peildatum"].tolist() == peil["aantal_clienten"].tolist()
    assert jo["aantal_clienten_in_jaar"].tolist() == loop["aantal_clienten"].tolist()
    assert jo["instroom_clienten"].tolist() == loop["instroom_clienten"].tolist()
    # Everyone in care during the year was in care on 1 January or started in the year.
    assert (jo["aantal_clienten_in_jaar"] >= jo["aantal_clienten_peildatum"]).all()
    som = jo["aantal_clienten_peildatum"] + jo["instroom_clienten"]
    assert (jo["aantal_clienten_in_jaar"] <= som).all()


def test_kies_categorieen() -> None:
    df = tw([("a", "B", "2020-01-01", None), ("b", "A", "2020-01-01", None)])
    assert kies_categorieen(df, ("B", "Z")) == ["B"]
    assert kies_categorieen(df, ()) == ["A", "B"]
    assert kies_categorieen(df, ("Z",)) == ["A", "B"]


def test_geen_private_numpy_api() -> None:
    import inspect

    assert "numpy._core" not in inspect.getsource(volumes)


def test_zonder_gecensureerde_instroom_laat_invoer_heel() -> None:
    df = tw([("a", "X", "2020-01-01", None), ("b", "X", "2020-02-05", None)])
    mv = maandvolumes(df, start="2020-01", eind="2020-03")
    kopie = mv.copy()
    uit = volumes.zonder_gecensureerde_instroom(mv)
    pd.testing.assert_frame_equal(mv, kopie)
    assert uit["instroom_clienten"].tolist() == [pd.NA, 1, 0]
    assert "instroom_links_gecensureerd" not in uit.columns
