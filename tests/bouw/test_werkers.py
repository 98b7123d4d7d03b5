"""Batches in forked workers: results in submission order, failures passed on."""

from __future__ import annotations

import os
import sys
import time

import pytest

from sdanalysis.bouw.werkers import WERKERS_ENV, Werkers, WerkerWeg, aantal_werkers


def _traag(i: int) -> int:
    time.sleep(0.05 * (4 - i % 4))  # later tasks finish first
    return i * 10


def test_uitkomsten_komen_in_volgorde_van_opgeven_ook_als_later_werk_eerder_klaar_is():
    with Werkers(3) as w:
        klaar = [r for i in range(8) for r in w.geef(lambda i=i: (_traag(i), os.getpid()), i)]
        klaar += w.rest()
    assert [s for s, _ in klaar] == list(range(8))
    assert [r[0] for _, r in klaar] == [i * 10 for i in range(8)]
    assert all(pid != os.getpid() for _, (_, pid) in klaar)  # really in other processes


def test_een_fout_in_een_werker_komt_terug_met_zijn_soort():
    def faal() -> None:
        raise ValueError("kapot stuk")

    with pytest.raises(ValueError, match="kapot stuk"), Werkers(2) as w:
        w.geef(faal, 0)
        w.rest()


def test_een_verdwenen_werker_wordt_een_geheugenfout():
    with pytest.raises(MemoryError) as e, Werkers(2) as w:
        w.geef(lambda: os._exit(9), 0)
        w.rest()
    assert isinstance(e.value, WerkerWeg)


def test_een_werker_draait_in_het_eigen_proces(monkeypatch):
    monkeypatch.setenv(WERKERS_ENV, "1")
    assert aantal_werkers() == 1
    with Werkers(aantal_werkers()) as w:
        assert w.geef(os.getpid, "a") == [("a", os.getpid())]
        assert w.rest() == []


def test_onzin_in_de_omgeving_geeft_de_standaard(monkeypatch):
    monkeypatch.setenv(WERKERS_ENV, "veel")
    assert 1 <= aantal_werkers() <= 4


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux")
def test_grote_paginas_uit_tijdens_de_bouw_en_daarna_terug():
    """Transparent huge pages are off inside the block (forked workers inherit it) and back
    to what they were after it, also after an error."""
    import ctypes

    from sdanalysis.bouw.werkers import zonder_grote_paginas

    libc = ctypes.CDLL(None)
    voor = libc.prctl(42, 0, 0, 0, 0)
    with zonder_grote_paginas() as uit:
        assert uit and libc.prctl(42, 0, 0, 0, 0) == 1
        lezer, schrijver = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child reports its own setting
            os.write(schrijver, bytes([libc.prctl(42, 0, 0, 0, 0)]))
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(lezer, 1) == b"\x01"
    assert libc.prctl(42, 0, 0, 0, 0) == voor
    with pytest.raises(ValueError), zonder_grote_paginas():
        raise ValueError
    assert libc.prctl(42, 0, 0, 0, 0) == voor
