"""Audit of suppression with a linear programme: hand-made leaking and protected cases."""

from __future__ import annotations

import pandas as pd

from sdanalysis.publiceren.audit import audit_onderdrukking, onveilige_cellen
from sdanalysis.weergave.suppressie import onderdruk_kleine_aantallen

MAANDEN = {f"m{i:02d}": w for i, w in enumerate([70, 65, 4, 80, 75, 72, 60, 90, 85, 88, 84, 84], 1)}


def _jaar(onderdrukt, totaal_gepubliceerd=True):
    cellen = {**MAANDEN, "jaar": sum(MAANDEN.values())}
    verborgen = set(onderdrukt) | (set() if totaal_gepubliceerd else {"jaar"})
    return audit_onderdrukking(cellen, verborgen, [("jaar", list(MAANDEN))])


def test_audit_verborgen_maand_terug_te_rekenen_uit_jaartotaal():
    uit = _jaar({"m03"})
    assert uit.loc[0, "min"] == uit.loc[0, "max"] == 4
    assert onveilige_cellen(uit) == [
        "cel m03: uit de gepubliceerde cijfers precies terug te rekenen"
    ]


def test_audit_tweede_onderdrukte_maand_beschermt():
    uit = _jaar({"m03", "m07"})  # 4 + 60 hidden: each lies in 0..64
    assert uit["veilig"].all()
    assert uit.set_index("cel").loc["m03", "max"] == 64


def test_audit_twee_kleine_cellen_met_kleine_som_zichtbaar_klein():
    cellen = {"a": 2, "b": 3, "c": 40, "t": 45}
    uit = audit_onderdrukking(cellen, {"a", "b"}, [("t", ["a", "b", "c"])])
    assert not uit["veilig"].any()
    assert (uit["max"] == 5).all()


def test_audit_totaal_mee_onderdrukt_is_veilig():
    assert _jaar({"m03"}, totaal_gepubliceerd=False)["veilig"].all()


def test_audit_over_twee_tabellen_maanden_en_jaartotaal_per_wet():
    # table 1: months per wet; table 2: the year per wet, and the year over both wetten
    cellen = {
        "jw_m1": 4,
        "jw_m2": 50,
        "wmo_m1": 40,
        "wmo_m2": 60,
        "jw": 54,
        "wmo": 100,
        "alle": 154,
    }
    relaties = [("jw", ["jw_m1", "jw_m2"]), ("wmo", ["wmo_m1", "wmo_m2"]), ("alle", ["jw", "wmo"])]
    # hiding the month inside its own table is not enough: the year total per wet gives it
    uit = audit_onderdrukking(cellen, {"jw_m1"}, relaties)
    assert onveilige_cellen(uit) == [
        "cel jw_m1: uit de gepubliceerde cijfers precies terug te rekenen"
    ]
    # hiding the year total of the wet as well is not enough: alle - wmo gives it back
    uit = audit_onderdrukking(cellen, {"jw_m1", "jw"}, relaties).set_index("cel")
    assert uit.loc["jw", "min"] == uit.loc["jw", "max"] == 54
    assert uit.loc["jw_m1", "max"] == 4 and not uit.loc["jw_m1", "veilig"]
    # a second month in the same wet protects it across both tables
    assert audit_onderdrukking(cellen, {"jw_m1", "jw_m2"}, relaties)["veilig"].all()


def test_onderdrukking_met_rij_en_kolomtotalen_doorstaat_de_audit():
    waarden = {"A": [5, 40, 50], "B": [30, 20, 60], "C": [45, 35, 70]}
    df = pd.DataFrame(
        [(a, j, w[i]) for a, w in waarden.items() for i, j in enumerate([2019, 2020, 2021])],
        columns=["aanbieder", "jaar", "n"],
    )
    uit = onderdruk_kleine_aantallen(df, "n", groep_kolommen=[["jaar"], ["aanbieder"]])
    cellen = {f"{r.aanbieder}{r.jaar}": r.n for r in df.itertuples()}
    verborgen = {f"{r.aanbieder}{r.jaar}" for r in uit[uit["n_onderdrukt"]].itertuples()}
    relaties = []
    for a, g in df.groupby("aanbieder"):
        cellen[f"tot_{a}"] = int(g["n"].sum())
        relaties.append((f"tot_{a}", [f"{a}{j}" for j in g["jaar"]]))
    for j, g in df.groupby("jaar"):
        cellen[f"tot_{j}"] = int(g["n"].sum())
        relaties.append((f"tot_{j}", [f"{a}{j}" for a in g["aanbieder"]]))
    audit = audit_onderdrukking(cellen, verborgen, relaties)
    assert len(audit) == 4 and audit["veilig"].all(), onveilige_cellen(audit)
