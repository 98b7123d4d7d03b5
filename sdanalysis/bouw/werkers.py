"""Batches of a streamed file on every core: one forked worker per batch.

The streamed build (:mod:`sdanalysis.bouw.stroom`) reads a large CSV in batches. Reading is
Arrow's work; checking, pseudonymising and masking a batch is mostly pandas and numpy on
one core. With :func:`aantal_werkers` above 1 the reading process hands each batch to a
forked worker process (the batch is shared by the fork, not copied or pickled) and reads
the next batch while the workers check theirs. A worker writes its accepted, masked rows
as a part file whose place in the order of parts was reserved when the batch was read,
and leaves its result (counts, quarantine, notes) in a small file; the reading process
collects the results in reading order, so parts, row numbers and quarantine are exactly
those of the one-process build (``tests/bouw/test_stroom.py`` builds both ways).

A worker that fails passes its exception on; a worker that disappears (the system ends it
when memory runs out) becomes a ``MemoryError``, which the command line reports in Dutch.
Workers need ``fork`` (Linux); elsewhere, and with ``SDANALYSIS_BOUW_WERKERS=1``, batches
are checked one after the other in the reading process.

>>> aantal_werkers() >= 1
True
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import pickle
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: Environment: batches checked at the same time (1: in the reading process only).
WERKERS_ENV = "SDANALYSIS_BOUW_WERKERS"
#: At most this many workers by default (each holds one batch in memory).
MAX_WERKERS = 4


def aantal_werkers() -> int:
    """Workers for the batches: ``SDANALYSIS_BOUW_WERKERS``, else the cores (at most 4).

    Without ``fork`` (not Linux) always 1.

    >>> import os; os.environ[WERKERS_ENV] = "1"; aantal_werkers(); del os.environ[WERKERS_ENV]
    1
    """
    if not sys.platform.startswith("linux"):
        return 1
    standaard = min(MAX_WERKERS, len(os.sched_getaffinity(0)))
    try:
        return max(1, int(os.environ.get(WERKERS_ENV, standaard)))
    except ValueError:
        return standaard


#: ``prctl`` options of Linux: transparent huge pages off for a process, and its setting.
_PR_SET_THP_DISABLE, _PR_GET_THP_DISABLE = 41, 42


@contextmanager
def zonder_grote_paginas() -> Iterator[bool]:
    """Transparent huge pages off for this process (and the workers it forks) for a while.

    A build allocates and frees many large, short-lived buffers (one batch after another).
    With transparent huge pages every first touch of such a buffer makes the kernel clear
    2 MB at once, and on a virtual machine the memory behind it often has to come from the
    host first: on this 2-core machine a build of a million toewijzingen spent 6-7 s in the
    kernel (44 % of all time in ``clear_page``) and took 6,2 s; with huge pages off it took
    3,2 s (1,0-1,3 s in the kernel). The setting is restored afterwards; off Linux (or when
    ``prctl`` refuses) nothing changes.

    Yields:
        Whether huge pages are off now.

    >>> with zonder_grote_paginas() as uit:
    ...     sys.platform.startswith("linux") == uit
    True
    """
    libc = c_bibliotheek()
    oud = libc.prctl(_PR_GET_THP_DISABLE, 0, 0, 0, 0) if libc is not None else -1
    if oud < 0 or libc.prctl(_PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0:
        yield False
        return
    try:
        yield True
    finally:
        libc.prctl(_PR_SET_THP_DISABLE, oud, 0, 0, 0)


def c_bibliotheek() -> object | None:
    """The C library of the process (``prctl``, ``malloc_trim``) on Linux, else ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


class WerkerWeg(MemoryError):
    """A worker ended without a result (usually: the system took it down for memory)."""


@dataclass
class _Lopend:
    proces: mp.process.BaseProcess
    uitkomst: Path
    sleutel: object


def _draai(taak: Callable[[], object], uitkomst: Path) -> None:
    """In the worker: run the task and leave its result (or its exception) in a file."""
    try:
        uit = ("ok", taak())
    except BaseException as e:  # noqa: BLE001 - every failure goes back to the reader
        uit = ("fout", e)
    try:
        data = pickle.dumps(uit)
    except Exception as e:  # noqa: BLE001 - an exception that cannot be pickled
        data = pickle.dumps(("fout", RuntimeError(f"{type(e).__name__}: {e}")))
    uitkomst.write_bytes(data)


class Werkers:
    """Run tasks in forked workers, at most ``n`` at a time; results in submission order.

    Use as a context manager; results pass through a temporary folder inside ``map_``
    (the build's private folder; default: the system's). :meth:`geef` submits a task (a closure over the batch: the
    fork shares it) and returns the results that are ready in order, :meth:`rest` the
    remaining ones. With ``n == 1`` a task runs at once in this process.

    >>> with Werkers(2) as w:
    ...     klaar = [r for i in range(5) for r in w.geef(lambda i=i: i * i, i)]
    ...     klaar += w.rest()
    >>> [(s, r) for s, r in klaar]
    [(0, 0), (1, 1), (2, 4), (3, 9), (4, 16)]
    """

    def __init__(self, n: int, map_: Path | None = None) -> None:
        self.n = max(1, n)
        self.map_ = map_
        self._lopend: deque[_Lopend] = deque()
        self._map: tempfile.TemporaryDirectory | None = None
        self._teller = 0

    def __enter__(self) -> Werkers:
        if self.n > 1:  # results hold quarantine rows: in the build's private folder if given
            self._map = tempfile.TemporaryDirectory(prefix=".werkers-", dir=self.map_)
        return self

    def __exit__(self, *_: object) -> None:
        for lopend in self._lopend:  # stopped early (an error): no worker is left behind
            lopend.proces.kill()
            lopend.proces.join()
        self._lopend.clear()
        if self._map is not None:
            self._map.cleanup()

    def geef(self, taak: Callable[[], object], sleutel: object) -> list[tuple[object, object]]:
        """Submit a task; returns ``(sleutel, result)`` of the tasks finished in order."""
        if self.n == 1:
            return [(sleutel, taak())]
        klaar = []
        while len(self._lopend) >= self.n:
            klaar.append(self._oogst())
        assert self._map is not None
        self._teller += 1
        uitkomst = Path(self._map.name) / f"{self._teller:08d}.pickle"
        proces = mp.get_context("fork").Process(target=_draai, args=(taak, uitkomst), daemon=True)
        # the worker's garbage collector would touch every object of this process and so copy
        # every page it shares; frozen objects are left alone there (the Python docs' advice)
        gc.freeze()
        try:
            proces.start()
        finally:
            gc.unfreeze()
        self._lopend.append(_Lopend(proces, uitkomst, sleutel))
        return klaar

    def rest(self) -> list[tuple[object, object]]:
        """Wait for every submitted task; their results in order."""
        return [self._oogst() for _ in range(len(self._lopend))]

    def _oogst(self) -> tuple[object, object]:
        lopend = self._lopend.popleft()
        lopend.proces.join()
        if not lopend.uitkomst.exists():
            raise WerkerWeg(
                f"een werkproces van de bouw stopte zonder uitkomst (code {lopend.proces.exitcode})"
            )
        soort, waarde = pickle.loads(lopend.uitkomst.read_bytes())
        lopend.uitkomst.unlink()
        if soort == "fout":
            raise waarde
        return lopend.sleutel, waarde
