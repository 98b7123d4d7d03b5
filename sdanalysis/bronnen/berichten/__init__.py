"""iJw/iWmo 3.2 standard messages: read, validate against the XSD, into the contract tables.

See :mod:`.lezen` (files, zip archives, into tables), :mod:`.schema` (message type, XSD,
Dutch reasons) and :mod:`.tabellen` (units, fields, rules between messages), and
``docs/berichten.md``.
"""

from sdanalysis.bronnen.berichten.lezen import (
    BerichtenUitkomst,
    is_berichtbestand,
    lees_berichten,
    lees_berichtenmappen,
)

__all__ = ["BerichtenUitkomst", "is_berichtbestand", "lees_berichten", "lees_berichtenmappen"]
