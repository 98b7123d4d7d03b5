"""Strip notebook outputs except cells marked ``# NBVAL_CHECK_OUTPUT``.

nbval (``--nbval-lax``) compares only marked cells, so only their outputs are kept in git;
charts and tables are regenerated on every run. Usage::

    python tools/strip_notebook.py notebooks/*.ipynb
"""

from __future__ import annotations

import sys

import nbformat

MARKER = "# NBVAL_CHECK_OUTPUT"


def strip(path: str) -> None:
    """Remove outputs and execution counts from unmarked code cells of one notebook."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(MARKER):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data"]
            continue
        cell.outputs = []
        cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        strip(p)
        print(f"opgeschoond: {p}")
