"""Small hand-made processed tables shared by the analysis tests (one definition each)."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Three AGB codes of made-up providers.
A, B, C = "11111111", "22222222", "33333333"


def toewijzingen_van(rijen: list[tuple]) -> pd.DataFrame:
    """(nummer, client, agb, categorie, ingang, eind) → processed Jeugdwet toewijzingen."""
    df = pd.DataFrame(
        rijen,
        columns=[
            "toewijzingnummer",
            "client_id",
            "aanbieder_agb",
            "categorie",
            "ingangsdatum",
            "einddatum",
        ],
    )
    df["wet"] = "JW"
    df["productcategorie"] = np.where(df["categorie"] == "Verblijf LVG", "43", "45")
    df["aanbieder_naam"] = df["aanbieder_agb"].map(
        {A: "Aanbieder A", B: "Aanbieder B", C: "Aanbieder C"}
    )
    df["ingangsdatum"] = pd.to_datetime(df["ingangsdatum"])
    df["einddatum"] = pd.to_datetime(df["einddatum"])
    return df


def vier_toewijzingen() -> pd.DataFrame:
    """Four toewijzingen over two wetten, three categories, one without taakveld."""
    return pd.DataFrame(
        {
            "toewijzingnummer": ["T1", "T2", "T3", "T4"],
            "client_id": ["c1", "c2", "c3", "c3"],
            "wet": ["JW", "JW", "WMO", "WMO"],
            "productcategorie": ["43", "43", "02", "07"],
            "productcode": ["43A01", "43A01", "02A01", "07A01"],
            "categorie": ["Basis GGZ", "Basis GGZ", "Begeleiding", "Dagbesteding"],
            "taakveld": ["6.72a", "6.72a", "6.71b", pd.NA],
            "aanbieder_agb": [A, B, C, C],
        }
    )
