"""Synthetic gemeenten: the demo and generated test gemeenten, as messy raw exports.

- :mod:`sdanalysis.demo.model`: products, providers and parameters of the model.
- :mod:`sdanalysis.demo.genereer`: the clean tables (episodes, toewijzingen, meldingen,
  bevolking, begroting); :func:`~sdanalysis.demo.genereer.bouw_demo`.
- :mod:`sdanalysis.demo.vervuil`: exported text and the deliberately bad rows.
- :mod:`sdanalysis.demo.schrijf`: CSV, Excel and README files;
  :func:`~sdanalysis.demo.schrijf.schrijf_demo` (``sdanalysis demo``).
- :mod:`sdanalysis.demo.gemeenten`: other gemeenten for tests;
  :func:`~sdanalysis.demo.gemeenten.schrijf_gemeente`, ``GEMEENTE_VORMEN``.

The generator of millions of rows for the benchmarks lives in ``benchmarks/groot.py``.
"""
