"""Property-based tests: random cells, encodings and truncated files never crash the readers."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdanalysis.bouw.getallen import parse_bedrag, parse_datum
from sdanalysis.bouw.lezen import LeesFout, lees_bestand
from sdanalysis.bouw.valideren import ContractFout, valideer_bestand
from sdanalysis.contracts import TOEWIJZINGEN

HEADER = "toewijzingnummer;bsn;wet;productcategorie;aanbieder_agb;ingangsdatum;einddatum;volume\n"
cel = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "PM",
            "7 ton",
            "1,7 mln",
            "31-02-2019",
            "01-01-2019",
            "WMO",
            "JW",
            "07",
            "43",
            "111222333",
            "12345678",
            "€ -5",
            "(3)",
            "Totaal",
            '"',
            ";",
            "\n",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
)


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.none()))
def test_parsers_werpen_nooit(w):
    for parser in (parse_bedrag, parse_datum):
        waarde, reden = parser(w)
        assert waarde is None or reden is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rijen=st.lists(st.lists(cel, min_size=0, max_size=10), max_size=8),
    codering=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    afkappen=st.integers(0, 400),
)
def test_lezer_accepteert_of_weigert_of_meldt(rijen, codering, afkappen):
    tekst = HEADER + "".join(";".join(r) + "\n" for r in rijen)
    data = tekst.encode(codering, errors="replace")
    if afkappen:
        data = data[: max(1, len(data) - afkappen)]
    with tempfile.TemporaryDirectory() as d:
        pad = Path(d) / "toewijzingen.csv"
        pad.write_bytes(data)
        try:
            ruw = lees_bestand(pad, TOEWIJZINGEN)
            res = valideer_bestand(ruw, TOEWIJZINGEN, b"k")
        except (LeesFout, ContractFout) as e:
            assert "toewijzingen.csv" in str(e)
            return
        assert res.rijen_gelezen == res.rijen_geaccepteerd + res.rijen_geweigerd
        assert res.rijen_gelezen == len(ruw.rijen)
        if len(res.quarantaine):
            assert res.quarantaine["reden"].notna().all()
            assert set(res.quarantaine["rij"]) <= set(ruw.rijnummers)
        assert not isinstance(res.geaccepteerd, type(None))
        assert isinstance(res.geaccepteerd, pd.DataFrame)
