"""Dutch numbers, amounts and dates: the parsers never raise, they give a value or a reason."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sdanalysis.bouw.getallen import parse_bedrag, parse_datum, parse_getal


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("1.500.000", 1_500_000.0),
        ("1.500.000,50", 1_500_000.5),
        ("€ 1.500.000", 1_500_000.0),
        ("€1,7 mln", 1_700_000.0),
        ("1,7 mln", 1_700_000.0),
        ("7 ton", 700_000.0),
        ("-€ 20.000", -20_000.0),
        ("€ -20.000", -20_000.0),
        ("(20.000)", -20_000.0),
        ("-/- 20.000", -20_000.0),
        ("€ 50.000,-", 50_000.0),
        ("1,7", 1.7),
        ("2 mln", 2_000_000.0),
        ("€ 8.452.761,-", 8_452_761.0),
        ("144.000", 144_000.0),
        ("2368.0", 2368.0),
        (1500000, 1_500_000.0),
        (45.5, 45.5),
        ("1 miljoen", 1_000_000.0),
        ("EUR 300", 300.0),
    ],
)
def test_parse_bedrag_nederlandse_notaties(tekst, verwacht):
    waarde, fout = parse_bedrag(tekst)
    assert fout is None
    assert waarde == pytest.approx(verwacht)


@pytest.mark.parametrize("tekst", ["PM", "pm", "p.m."])
def test_pm_is_geen_nul(tekst):
    assert parse_bedrag(tekst) == (None, "PM")


@pytest.mark.parametrize("tekst", ["veel", "1.5.0", "€€", "12,34,5", "bijna 1 mln", "1,2,3"])
def test_onleesbaar_bedrag_geeft_reden(tekst):
    waarde, fout = parse_bedrag(tekst)
    assert waarde is None
    assert fout and "onleesbaar" in fout


def test_leeg_is_leeg():
    assert parse_getal("") == (None, None)
    assert parse_getal(None) == (None, None)
    assert parse_getal(float("nan")) == (None, None)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("17-04-2019", "2019-04-17"),
        ("1-2-19", "2019-02-01"),
        ("01/02/2019", "2019-02-01"),
        ("2019-02-01", "2019-02-01"),
        ("2019-02-01 00:00:00", "2019-02-01"),
        ("20190201", "2019-02-01"),
        (43497, "2019-02-01"),
        ("43497", "2019-02-01"),
        (dt.datetime(2019, 2, 1, 13, 5), "2019-02-01"),
        (dt.date(2020, 2, 29), "2020-02-29"),
        ("29-02-2020", "2020-02-29"),
        ("1-1-99", "1999-01-01"),
    ],
)
def test_parse_datum(tekst, verwacht):
    waarde, fout = parse_datum(tekst)
    assert fout is None
    assert waarde == pd.Timestamp(verwacht)


@pytest.mark.parametrize(
    "tekst", ["29-02-2019", "32-01-2019", "13-13-2019", "gisteren", "2019-13-01", -5]
)
def test_ongeldige_datum(tekst):
    waarde, fout = parse_datum(tekst)
    assert waarde is None and fout.startswith("ongeldige datum")


# --------------------------------------------------------------------------- issue 14


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        ("31-12-9999", dt.date(9999, 12, 31)),
        ("9999-12-31", dt.date(9999, 12, 31)),
        ("99991231", dt.date(9999, 12, 31)),
        (99991231, dt.date(9999, 12, 31)),
        (2958465, dt.date(9999, 12, 31)),  # Excel's largest date serial
        ("31-12-9999 00:00:00", dt.date(9999, 12, 31)),
        (dt.datetime(9999, 12, 31, 0, 0), dt.date(9999, 12, 31)),
        ("0001-01-01", dt.date(1, 1, 1)),
        ("01-01-1600", dt.date(1600, 1, 1)),
        (20190201, dt.date(2019, 2, 1)),
    ],
)
def test_datum_buiten_het_bereik_van_pandas_crasht_niet(waarde, verwacht):
    from sdanalysis.bouw.getallen import lees_datum

    assert lees_datum(waarde) == (verwacht, None)
    assert parse_datum(waarde)[0] == pd.Timestamp(verwacht)


@pytest.mark.parametrize(
    ("waarde", "fragment"),
    [
        ("12345678901234567890", "getal te groot: '12345678901234567890'"),
        (12345678901234567890, "getal te groot"),
        (10**400, "getal te groot: 'een geheel getal van meer dan 15 cijfers'"),
        ("1" * 400, "getal te groot"),
        ("-1.000.000.000.000.000", "getal te groot"),
        (float("inf"), "getal onleesbaar"),
        (float("-inf"), "getal onleesbaar"),
        ("inf", "getal onleesbaar"),
        ("∞", "getal onleesbaar"),
    ],
)
def test_reuzengetal_en_oneindig_krijgen_een_reden(waarde, fragment):
    getal, reden = parse_getal(waarde)
    assert getal is None
    assert reden.startswith(fragment)
    assert parse_bedrag(waarde)[0] is None


def test_grootste_toegestane_getal():
    assert parse_getal("999.999.999.999.999") == (999_999_999_999_999.0, None)
    assert parse_getal(10**15 - 1) == (float(10**15 - 1), None)


@pytest.mark.parametrize("tekst", ["7 ton", "1,7 mln", "5k", "2 miljoen"])
def test_bedragwoorden_alleen_in_bedragen(tekst):
    assert parse_bedrag(tekst)[1] is None
    getal, reden = parse_getal(tekst)
    assert getal is None
    assert "alleen in bedragkolommen" in reden


def test_tweecijferig_jaar_herkend():
    from sdanalysis.bouw.getallen import heeft_tweecijferig_jaar

    assert heeft_tweecijferig_jaar("1-2-65")
    assert heeft_tweecijferig_jaar(" 01/02/19 ")
    assert not heeft_tweecijferig_jaar("01-02-2019")
    assert not heeft_tweecijferig_jaar(20190201)
