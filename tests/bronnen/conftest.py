"""Fixtures of the public-source tests, and the ``integratie`` marker.

Tests marked ``@pytest.mark.integratie`` (registered in ``pyproject.toml``) read the real public data in
``instellingen.external_dir()`` (default ``../shared/data/public``); they are skipped, with the
reason, when that folder is absent. All other tests use the small files in
``tests/fixtures/public`` and run anywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdanalysis import instellingen
from sdanalysis.bronnen.bestanden import CBS_83262_MAP, CODELIJSTEN_MAP, IV3_MAP

FIXTURES = Path(__file__).parents[1] / "fixtures" / "public"
#: A miniature public-data folder (same layout as the real one) for tests without it.
MINI = FIXTURES / "mini"


def publiek_ontbreekt() -> str | None:
    """Why the real public data cannot be used, or ``None`` when they are there."""
    basis = instellingen.external_dir()
    ontbrekend = [m for m in (IV3_MAP, CODELIJSTEN_MAP, CBS_83262_MAP) if not (basis / m).is_dir()]
    if ontbrekend:
        return (
            f"publieke data ontbreken: {ontbrekend} niet in {basis} "
            "(zet SDANALYSIS_EXTERNAL of ../shared/data/public neer)"
        )
    return None


@pytest.fixture(autouse=True)
def _sla_integratie_over_zonder_publieke_data(request):
    if request.node.get_closest_marker("integratie") is None:
        return
    reden = publiek_ontbreekt()
    if reden:
        pytest.skip(reden)


@pytest.fixture
def mini() -> Path:
    """The miniature public-data folder."""
    return MINI


@pytest.fixture(scope="session")
def publiek() -> Path:
    """The real public-data folder; skips the test when it is absent.

    Fixtures that load real data depend on this one, so they skip before loading.
    """
    reden = publiek_ontbreekt()
    if reden:
        pytest.skip(reden)
    return instellingen.external_dir()
