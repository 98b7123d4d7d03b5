"""The build: ``data/raw/`` → read, validate, pseudonymise → ``data/processed/``.

:func:`bouw` reads every CSV/XLSX file below the raw folders, assigns each to a table by
its file name (``toewijzingen_2019.xlsx`` → ``toewijzingen``), validates it against the
contract, de-duplicates over files, adds cross-table information (categorie and taakveld
from ``productcodes``; declaraties must refer to a known toewijzing) and writes one
parquet file per table, plus ``quarantaine.parquet``, ``kwaliteit.parquet`` and
``bouwverslag.json``. The raw folders are only read. A fatal problem (unreadable file,
missing required column, no file for a required table) stops the build before anything
is written, with a Dutch message naming the file.

:func:`laad_tabel` is what notebooks and analyses call: it reads a processed table and
builds the demo first when nothing has been built yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from sdanalysis import codes as codemod
from sdanalysis import instellingen
from sdanalysis.bouw.lezen import CSV_EXTENSIES, EXCEL_EXTENSIES, LeesFout, lees_bladen
from sdanalysis.bouw.privacy import sleutel as lees_sleutel
from sdanalysis.bouw.valideren import Resultaat, lege_quarantaine, ontdubbel, valideer_frame
from sdanalysis.contracts import TABELLEN, tabel_voor_bestand

#: Marker file in a raw folder that holds synthetic data only (the demo key is then allowed).
SYNTHETISCH_MARKER = "SYNTHETISCH"


class BouwFout(Exception):
    """The build cannot run; the message (Dutch) names every file and what was expected."""


@dataclass
class BouwResultaat:
    """What a build produced.

    Attributes:
        tabellen: Accepted rows per table.
        quarantaine: All quarantine records.
        kwaliteit: Per table and file: rows read, accepted, quarantined, notes.
        waarschuwingen: Non-fatal Dutch notes (ignored files, unmapped product codes).
        out_dir: Where the parquet files went (``None`` when not written).
    """

    tabellen: dict[str, pd.DataFrame]
    quarantaine: pd.DataFrame
    kwaliteit: pd.DataFrame
    waarschuwingen: list[str] = field(default_factory=list)
    out_dir: Path | None = None


def vind_bestanden(raw_dirs: Iterable[Path]) -> tuple[dict[str, list[Path]], list[Path]]:
    """Raw files per table, and the files that belong to no table.

    Hidden files, README/markdown files and Office lock files (``~$…``) are passed over.
    """
    per_tabel: dict[str, list[Path]] = {}
    onbekend: list[Path] = []
    for d in raw_dirs:
        d = Path(d)
        if not d.is_dir():
            raise BouwFout(f"Map met brongegevens bestaat niet: {d}")
        for pad in sorted(d.rglob("*")):
            if not pad.is_file() or pad.name.startswith((".", "~$")):
                continue
            if pad.suffix.lower() not in (*CSV_EXTENSIES, *EXCEL_EXTENSIES, ".xls"):
                continue
            tabel = tabel_voor_bestand(pad.name)
            if tabel is None:
                onbekend.append(pad)
            else:
                per_tabel.setdefault(tabel, []).append(pad)
    return per_tabel, onbekend


def is_synthetisch(raw_dirs: Iterable[Path]) -> bool:
    """Whether every raw folder is marked synthetic or holds no client data.

    A folder counts as synthetic when it contains a file named ``SYNTHETISCH``; the
    programme folder holds public figures only. Only then may the demo key be used.
    """
    for d in raw_dirs:
        d = Path(d).resolve()
        if d == instellingen.PROGRAMMA_RAW_DIR.resolve():
            continue
        if not (d / SYNTHETISCH_MARKER).exists():
            return False
    return True


def markeer_synthetisch(map_: Path) -> Path:
    """Mark a raw folder as holding synthetic data only (allows the public demo key)."""
    pad = Path(map_) / SYNTHETISCH_MARKER
    pad.write_text(
        "Deze map bevat uitsluitend SYNTHETISCHE gegevens (gemaakt met `sdanalysis demo`).\n"
        "Dit bestand staat toe dat de openbare demo-sleutel voor pseudonimisering wordt gebruikt.\n",
        encoding="utf-8",
    )
    return pad


def _verrijk_toewijzingen(
    tw: pd.DataFrame, pc: pd.DataFrame | None
) -> tuple[pd.DataFrame, list[str]]:
    """Add ``categorie`` and ``taakveld`` from productcodes (code-level first, then category default)."""
    tw = tw.copy()
    waarschuwingen = []
    cat = pd.Series(pd.NA, index=tw.index, dtype="string")
    tv = pd.Series(pd.NA, index=tw.index, dtype="string")
    if pc is not None and not pc.empty:
        specifiek = pc[pc["productcode"].notna()].drop_duplicates(
            ["wet", "productcategorie", "productcode"]
        )
        algemeen = pc[pc["productcode"].isna()].drop_duplicates(["wet", "productcategorie"])
        m1 = tw[["wet", "productcategorie", "productcode"]].merge(
            specifiek[["wet", "productcategorie", "productcode", "categorie", "taakveld"]],
            how="left",
            on=["wet", "productcategorie", "productcode"],
        )
        m2 = tw[["wet", "productcategorie"]].merge(
            algemeen[["wet", "productcategorie", "categorie", "taakveld"]],
            how="left",
            on=["wet", "productcategorie"],
        )
        cat = m1["categorie"].fillna(m2["categorie"]).astype("string")
        tv = m1["taakveld"].fillna(m2["taakveld"]).astype("string")
        cat.index = tv.index = tw.index
    zonder = cat.isna()
    if zonder.any():
        omschr = {
            (w, c): codemod.omschrijving("productcategorie", c, wet=w)
            for w, c in tw.loc[zonder, ["wet", "productcategorie"]]
            .drop_duplicates()
            .itertuples(index=False)
        }
        cat[zonder] = [
            omschr.get((w, c)) or f"Productcategorie {c}"
            for w, c in tw.loc[zonder, ["wet", "productcategorie"]].itertuples(index=False)
        ]
        if pc is not None and not pc.empty:
            waarschuwingen.append(
                f"toewijzingen: {int(zonder.sum())} regel(s) zonder vertaling in productcodes; "
                "categorie = omschrijving van de productcategorie"
            )
    pos = list(tw.columns).index("productcode") + 1
    tw.insert(pos, "categorie", cat.astype("string"))
    tw.insert(pos + 1, "taakveld", tv.astype("string"))
    return tw, waarschuwingen


def _controleer_declaraties(
    decl: pd.DataFrame, tw: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if tw is None or decl.empty:
        return decl, lege_quarantaine()
    onbekend = ~decl["toewijzingnummer"].isin(tw["toewijzingnummer"])
    if not onbekend.any():
        return decl, lege_quarantaine()
    d = decl[onbekend]
    q = pd.DataFrame(
        {
            "tabel": "declaraties",
            "bestand": d["bronbestand"],
            "rij": d["bronrij"],
            "kolom": "toewijzingnummer",
            "waarde": d["toewijzingnummer"],
            "reden": "toewijzingnummer onbekend in toewijzingen (of daar geweigerd)",
        }
    ).astype(
        {
            "rij": "Int64",
            "waarde": "string",
            "reden": "string",
            "tabel": "string",
            "bestand": "string",
            "kolom": "string",
        }
    )
    return decl[~onbekend].reset_index(drop=True), q


def bouw(
    raw_dirs: Iterable[str | Path] | None = None,
    out_dir: str | Path | None = None,
    schrijf: bool = True,
    log: Callable[[str], None] | None = None,
) -> BouwResultaat:
    """Build the processed tables from the raw folders.

    Args:
        raw_dirs: Raw folders (default: demo + programma, see ``instellingen.DEFAULT_RAW_DIRS``).
        out_dir: Output folder (default ``instellingen.PROCESSED_DIR``).
        schrijf: Write parquet files (False: only return the tables).
        log: Function receiving Dutch progress lines (default: silent).

    Returns:
        The tables, quarantine and quality summary.

    Raises:
        BouwFout: unreadable files, missing required columns or tables; nothing written.
        sdanalysis.bouw.privacy.SleutelOntbreekt: real data without a key.
    """
    raw = [Path(d) for d in (raw_dirs or instellingen.DEFAULT_RAW_DIRS)]
    out = Path(out_dir) if out_dir else instellingen.PROCESSED_DIR
    log = log or (lambda _t: None)
    for d in raw:
        if not d.is_dir():
            raise BouwFout(f"Map met brongegevens bestaat niet: {d}")
    sleutel = lees_sleutel(demo=is_synthetisch(raw))
    per_tabel, onbekend = vind_bestanden(raw)
    waarschuwingen = [
        f"bestand hoort bij geen tabel en is overgeslagen: {p.name}" for p in onbekend
    ]
    fatale: list[str] = []
    for naam, t in TABELLEN.items():
        if t.verplicht and naam not in per_tabel:
            fatale.append(
                f"geen bestand voor verplichte tabel '{naam}' in {', '.join(map(str, raw))}; "
                f"verwacht een bestand waarvan de naam begint met '{naam}' (.csv of .xlsx)"
            )

    resultaten: dict[str, list[Resultaat]] = {}
    for naam, paden in sorted(per_tabel.items()):
        for pad in paden:
            try:
                bladen = lees_bladen(pad, TABELLEN[naam])
                uitkomsten = []
                for ruw in bladen:
                    bestand = pad.name if len(bladen) == 1 else f"{pad.name} [{ruw.blad}]"
                    res = valideer_frame(
                        ruw.rijen, TABELLEN[naam], bestand, ruw.rijnummers, sleutel
                    )
                    res.opmerkingen = ruw.opmerkingen + res.opmerkingen
                    uitkomsten.append(res)
            except LeesFout as e:
                fatale.append(str(e))
                continue
            for res in uitkomsten:
                resultaten.setdefault(naam, []).append(res)
                log(
                    f"  {naam:<13} {res.bestand:<36} gelezen {res.rijen_gelezen:>8}  "
                    f"geaccepteerd {res.rijen_geaccepteerd:>8}  geweigerd {res.rijen_geweigerd:>6}"
                )
    if fatale:
        raise BouwFout("De bouw is gestopt; er is niets geschreven:\n- " + "\n- ".join(fatale))

    tabellen: dict[str, pd.DataFrame] = {}
    quarantaines: list[pd.DataFrame] = []
    extra_geweigerd: dict[tuple[str, str], int] = {}
    for naam, lijst in resultaten.items():
        df = pd.concat([r.geaccepteerd for r in lijst], ignore_index=True)
        quarantaines.extend(r.quarantaine for r in lijst)
        df, q = ontdubbel(df, TABELLEN[naam])
        quarantaines.append(q)
        for b, n in q.groupby("bestand")["rij"].nunique().items():
            extra_geweigerd[(naam, str(b))] = extra_geweigerd.get((naam, str(b)), 0) + int(n)
        tabellen[naam] = df

    if "toewijzingen" in tabellen:
        tabellen["toewijzingen"], w = _verrijk_toewijzingen(
            tabellen["toewijzingen"], tabellen.get("productcodes")
        )
        waarschuwingen += w
    if "declaraties" in tabellen:
        tabellen["declaraties"], q = _controleer_declaraties(
            tabellen["declaraties"], tabellen.get("toewijzingen")
        )
        quarantaines.append(q)
        for b, n in q.groupby("bestand")["rij"].nunique().items():
            extra_geweigerd[("declaraties", str(b))] = extra_geweigerd.get(
                ("declaraties", str(b)), 0
            ) + int(n)

    quarantaine = (
        pd.concat([q for q in quarantaines if len(q)], ignore_index=True)
        if any(len(q) for q in quarantaines)
        else lege_quarantaine()
    )
    quarantaine = quarantaine.sort_values(["tabel", "bestand", "rij"], kind="stable").reset_index(
        drop=True
    )

    regels = []
    for naam, lijst in resultaten.items():
        for r in lijst:
            geweigerd = r.rijen_geweigerd + extra_geweigerd.get((naam, r.bestand), 0)
            regels.append(
                {
                    "tabel": naam,
                    "bestand": r.bestand,
                    "rijen_gelezen": r.rijen_gelezen,
                    "rijen_geaccepteerd": r.rijen_gelezen - geweigerd,
                    "rijen_geweigerd": geweigerd,
                    "opmerkingen": "; ".join(r.opmerkingen),
                }
            )
    kwaliteit = pd.DataFrame(regels)
    # the ledger must close: accepted rows in the tables equal read - rejected
    for naam, df in tabellen.items():
        k = kwaliteit[kwaliteit["tabel"] == naam]
        if int(k["rijen_geaccepteerd"].sum()) != len(df):
            raise AssertionError(
                f"interne fout: tabel {naam} telt {len(df)} regels, verwacht {int(k['rijen_geaccepteerd'].sum())}"
            )

    resultaat = BouwResultaat(tabellen, quarantaine, kwaliteit, waarschuwingen)
    if schrijf:
        _schrijf(resultaat, out, raw)
        resultaat.out_dir = out
    return resultaat


def _manifest(raw_dirs: Iterable[Path]) -> str:
    """Fingerprint of the raw inputs (names, sizes, modification times)."""
    h = hashlib.sha256()
    per_tabel, onbekend = vind_bestanden(raw_dirs)
    for pad in sorted([p for ps in per_tabel.values() for p in ps] + onbekend):
        st = pad.stat()
        h.update(f"{pad}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _schrijf(res: BouwResultaat, out: Path, raw: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".bouw-", dir=out))
    try:
        for naam, df in res.tabellen.items():
            df.to_parquet(tmp / f"{naam}.parquet", index=False)
        res.quarantaine.to_parquet(tmp / "quarantaine.parquet", index=False)
        res.kwaliteit.to_parquet(tmp / "kwaliteit.parquet", index=False)
        verslag = {
            "raw": [str(p) for p in raw],
            "manifest": _manifest(raw),
            "tabellen": {n: len(df) for n, df in res.tabellen.items()},
            "rijen_gelezen": int(res.kwaliteit["rijen_gelezen"].sum()) if len(res.kwaliteit) else 0,
            "rijen_geaccepteerd": int(res.kwaliteit["rijen_geaccepteerd"].sum())
            if len(res.kwaliteit)
            else 0,
            "rijen_geweigerd": int(res.kwaliteit["rijen_geweigerd"].sum())
            if len(res.kwaliteit)
            else 0,
            "waarschuwingen": res.waarschuwingen,
            "synthetisch": is_synthetisch(raw),
            "gebouwd_op": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
            "laatste_wijziging_bron": _laatste_wijziging(raw),
        }
        profiel = instellingen.zoek_profiel(raw)
        if profiel is not None:
            shutil.copyfile(profiel, tmp / instellingen.PROFIEL_BESTAND)
        (tmp / "bouwverslag.json").write_text(
            json.dumps(verslag, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        # move the new files in (atomic per file), then drop tables that no longer exist
        nieuw = {f.name for f in tmp.iterdir()}
        for f in sorted(tmp.iterdir(), key=lambda f: f.name == "bouwverslag.json"):
            os.replace(f, out / f.name)
        for oud in [*out.glob("*.parquet"), out / instellingen.PROFIEL_BESTAND]:
            if oud.exists() and oud.name not in nieuw:
                oud.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _laatste_wijziging(raw_dirs: Iterable[Path]) -> str | None:
    """Date (ISO) of the newest raw input file: the 'stand' of the gemeente's exports."""
    per_tabel, _ = vind_bestanden(raw_dirs)
    tijden = [p.stat().st_mtime for ps in per_tabel.values() for p in ps]
    if not tijden:
        return None
    return datetime.fromtimestamp(max(tijden), UTC).date().isoformat()


def heeft_tabel(naam: str, processed_dir: str | Path | None = None) -> bool:
    """Whether the processed folder holds table ``naam`` with at least one row.

    Notebook sections use this to skip, with a note, what the gemeente did not deliver.

    Args:
        naam: Table name, e.g. ``"meldingen"``.
        processed_dir: Folder (default: ``instellingen.PROCESSED_DIR``).

    Returns:
        True when ``<naam>.parquet`` exists and is not empty.
    """
    import pyarrow.parquet as pq

    out = Path(processed_dir) if processed_dir else instellingen.PROCESSED_DIR
    if processed_dir is None and not is_actueel(out):
        bouw()
    pad = out / f"{naam}.parquet"
    return pad.exists() and pq.ParquetFile(pad).metadata.num_rows > 0


def is_actueel(out_dir: Path | None = None, raw_dirs: Iterable[Path] | None = None) -> bool:
    """Whether the processed folder was built from the current raw inputs."""
    out = Path(out_dir) if out_dir else instellingen.PROCESSED_DIR
    raw = [Path(d) for d in (raw_dirs or instellingen.DEFAULT_RAW_DIRS)]
    verslag = out / "bouwverslag.json"
    if not verslag.exists():
        return False
    try:
        v = json.loads(verslag.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if v.get("raw") != [str(p) for p in raw]:
        return True  # built from other inputs on purpose: leave it
    return v.get("manifest") == _manifest(raw)


def laad_tabel(naam: str, processed_dir: str | Path | None = None) -> pd.DataFrame:
    """Read one processed table (``quarantaine`` and ``kwaliteit`` included).

    When the default processed folder is missing or older than the demo inputs, the demo
    is built first, so notebooks run from a fresh clone.

    Args:
        naam: Table name, e.g. ``"toewijzingen"``.
        processed_dir: Folder to read (default ``instellingen.PROCESSED_DIR``).

    Raises:
        KeyError: unknown table, with the list of tables that exist.
    """
    out = Path(processed_dir) if processed_dir else instellingen.PROCESSED_DIR
    if processed_dir is None and not is_actueel(out):
        bouw()
    pad = out / f"{naam}.parquet"
    if not pad.exists():
        bestaand = sorted(p.stem for p in out.glob("*.parquet"))
        raise KeyError(f"Tabel '{naam}' bestaat niet in {out}; beschikbaar: {', '.join(bestaand)}")
    return pd.read_parquet(pad, to_pandas_kwargs={"date_as_object": False})


def bouwverslag(processed_dir: str | Path | None = None) -> dict:
    """The ``bouwverslag.json`` of the last build."""
    out = Path(processed_dir) if processed_dir else instellingen.PROCESSED_DIR
    if processed_dir is None and not is_actueel(out):
        bouw()
    return json.loads((out / "bouwverslag.json").read_text(encoding="utf-8"))
