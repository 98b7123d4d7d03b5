"""Project hygiene: conda and pip list the same dependencies; docs exist."""

from __future__ import annotations

import re
import tomllib

from sdanalysis import instellingen

CONDA_NAMEN = {"duckdb": "python-duckdb"}


def _naam(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower()


def test_environment_yml_volgt_pyproject():
    pyproject = tomllib.loads((instellingen.ROOT / "pyproject.toml").read_text())
    pip = {_naam(d) for d in pyproject["project"]["dependencies"]}
    for extra in ("test", "bench"):
        pip |= {_naam(d) for d in pyproject["project"]["optional-dependencies"][extra]}
    env = (instellingen.ROOT / "environment.yml").read_text()
    conda = {_naam(m.group(1)) for m in re.finditer(r"^  - ([a-z][a-z0-9_.-]*[^\n]*)$", env, re.M)}
    ontbreekt = {CONDA_NAMEN.get(n, n) for n in pip} - conda
    assert not ontbreekt, f"niet in environment.yml: {sorted(ontbreekt)}"


def test_readme_begint_met_de_twee_opdrachten():
    tekst = (instellingen.ROOT / "README.md").read_text(encoding="utf-8")
    eerste = tekst[: tekst.find("## Werken met eigen gegevens")]
    assert "make report" in eerste and "make test" in eerste


def test_ci_draait_make_test():
    assert "make test" in (instellingen.ROOT / ".ci" / "run").read_text()


# --------------------------------------------------------------------------- architecture (issue 11)

PAKKET = instellingen.ROOT / "sdanalysis"
NOTEBOOKS = sorted(instellingen.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _python_bestanden():
    return sorted(PAKKET.rglob("*.py"))


def _codecellen(pad):
    import json

    nb = json.loads(pad.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_matplotlib_alleen_in_plots_weergave_publiceren():
    toegestaan = ("plots", "weergave", "publiceren")
    fout = [
        str(p.relative_to(PAKKET))
        for p in _python_bestanden()
        if re.search(r"^\s*(import matplotlib|from matplotlib)", p.read_text(), re.M)
        and p.relative_to(PAKKET).parts[0] not in toegestaan
    ]
    assert not fout, f"matplotlib buiten plots/weergave/publiceren: {fout}"


def test_geen_kopieen_van_instellingen_bij_import():
    patroon = re.compile(r"^[A-Z_][A-Z0-9_]*\s*(:[^=]+)?=\s*(instellingen|config)\.[A-Z_]+", re.M)
    fout = [
        str(p.relative_to(PAKKET)) for p in _python_bestanden() if patroon.search(p.read_text())
    ]
    assert not fout, f"module-kopieën van instellingen: {fout}"


def test_geen_module_boven_duizend_regels():
    te_lang = {
        str(p.relative_to(PAKKET)): n
        for p in _python_bestanden()
        if (n := len(p.read_text().splitlines())) > 1100
    }
    assert not te_lang, te_lang


def test_notebooks_zonder_uitvoer_en_met_parametercel():
    from sdanalysis.publiceren.rapport import notebook_parameters

    namen = set(notebook_parameters(instellingen.laad_instellingen(omgeving={})))
    for pad in NOTEBOOKS:
        cellen = _codecellen(pad)
        assert all(not c.get("outputs") for c in cellen), f"{pad.name} bevat uitvoer"
        eerste = cellen[0]
        assert "parameters" in eerste["metadata"].get("tags", []), pad.name
        gedeclareerd = set(re.findall(r"^([A-Z_]+)\s*=", "".join(eerste["source"]), re.M))
        assert gedeclareerd == namen, f"{pad.name}: {sorted(gedeclareerd)} != {sorted(namen)}"


def test_notebooks_samen_hoogstens_300_coderegels():
    regels = sum(
        len([r for r in "".join(c["source"]).splitlines() if r.strip()])
        for pad in NOTEBOOKS
        for c in _codecellen(pad)
    )
    assert regels <= 300, regels


def test_notebooks_noemen_geen_jaar_gemeente_of_categorie():
    """Years, gemeente names and categories come from data and profile, never from code."""
    verboden = re.compile(r"\b(19[89]\d|20[0-4]\d)\b|Hengelo|GM\d{4}|Verblijf|Basis GGZ")
    for pad in NOTEBOOKS:
        for c in _codecellen(pad):
            tekst = "".join(c["source"])
            assert not verboden.search(tekst), f"{pad.name}: {verboden.search(tekst).group(0)!r}"
