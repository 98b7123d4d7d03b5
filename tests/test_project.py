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
