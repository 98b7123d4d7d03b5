"""How numbers and tables look: house style, formatters, suppression, display tables.

The names a notebook needs are importable from here in one line::

    from sdanalysis.weergave import beschikbaar, bronregel, kernpunten_volumes, toon
"""

from sdanalysis.weergave.bron import bronregel
from sdanalysis.weergave.kernpunten import (
    kernpunten,
    kernpunten_aanbieders,
    kernpunten_benchmark,
    kernpunten_declaraties,
    kernpunten_kwaliteit,
    kernpunten_leeg,
    kernpunten_meldingen,
    kernpunten_programma,
    kernpunten_volumes,
    kernpunten_zorg,
)
from sdanalysis.weergave.onderwerpen import (
    aanbiedersdashboard,
    gepubliceerde_aanbieders,
    gepubliceerde_meldingen,
    meldingen_per_jaar,
)
from sdanalysis.weergave.suppressie import (
    controleer_onderdrukt,
    gepubliceerde_jaarvolumes,
    onderdruk_kleine_aantallen,
    voetnoot,
)
from sdanalysis.weergave.tabellen import beschikbaar, niet_beschikbaar, toon, toon_of_melding

__all__ = [
    "aanbiedersdashboard",
    "beschikbaar",
    "bronregel",
    "controleer_onderdrukt",
    "gepubliceerde_aanbieders",
    "gepubliceerde_jaarvolumes",
    "gepubliceerde_meldingen",
    "kernpunten",
    "kernpunten_aanbieders",
    "kernpunten_benchmark",
    "kernpunten_declaraties",
    "kernpunten_kwaliteit",
    "kernpunten_leeg",
    "kernpunten_meldingen",
    "kernpunten_programma",
    "kernpunten_volumes",
    "kernpunten_zorg",
    "meldingen_per_jaar",
    "niet_beschikbaar",
    "onderdruk_kleine_aantallen",
    "toon",
    "toon_of_melding",
    "voetnoot",
]
