"""The source line under every chart and table: what the figures are made of.

Synthetic demo data are labelled as such; a gemeente's own exports carry its name and the
date of its newest export file, taken from the build report (``bouwverslag.json``).

>>> bronregel({"synthetisch": True}, "Hengelo")
'Bron: synthetische demo-gegevens (sdanalysis)'
>>> bronregel({"synthetisch": False, "laatste_wijziging_bron": "2026-03-01"}, "Borne")
'Bron: exports gemeente Borne, stand 01-03-2026'
"""

from __future__ import annotations

from collections.abc import Mapping


def bronregel(verslag: Mapping[str, object], gemeente: str) -> str:
    """The Dutch source line for figures built from one processed folder.

    Args:
        verslag: The build report (``sdanalysis.bouw.pipeline.bouwverslag``).
        gemeente: Name of the gemeente.

    Returns:
        ``Bron: …`` in one line.
    """
    if verslag.get("synthetisch"):
        return "Bron: synthetische demo-gegevens (sdanalysis)"
    stand = verslag.get("laatste_wijziging_bron")
    if isinstance(stand, str) and len(stand) == 10:
        jaar, maand, dag = stand.split("-")
        return f"Bron: exports gemeente {gemeente}, stand {dag}-{maand}-{jaar}"
    return f"Bron: exports gemeente {gemeente}"
