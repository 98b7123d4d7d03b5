"""Write a generated gemeente as raw export files: CSV, an Excel begroting, a README.

:func:`schrijf_demo` writes the demo gemeente (``sdanalysis demo``); the same seed gives
byte-identical files. :func:`schrijf_tabellen` writes the raw tables of any
:class:`~sdanalysis.demo.genereer.DemoResultaat` in the export shape (old headers, one
cp1252 file, a begroting with title and totals rows), as
:mod:`sdanalysis.demo.gemeenten` does for test gemeenten.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sdanalysis import instellingen
from sdanalysis.demo.genereer import DemoResultaat, bouw_demo
from sdanalysis.demo.model import (
    DEMO_GEMEENTE,
    OPVANG_PER_JAAR,
    PRODUCTEN,
    REALISATIE_POSTEN,
    TAAKVELD_NAMEN,
    Opzet,
    dag,
    productcodes_tabel,
)
from sdanalysis.demo.vervuil import exportkop

#: Fixed timestamp inside the Excel file, so that equal input gives equal bytes.
_VAST = datetime(2025, 3, 1, 12, 0, 0)


def schrijf_xlsx(df: pd.DataFrame, pad: Path, titel: str) -> None:
    """Write the begroting like a finance export: title, empty row, header, totals row.

    The file is byte-identical for identical input (fixed timestamps inside the zip).

    Args:
        df: Begroting with ``jaar``, ``taakveld``, ``omschrijving``, ``soort``, ``bedrag_eur``.
        pad: Target file.
        titel: Text of the title row.
    """
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Begroting"
    ws.append([titel])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(["Jaar", "Taakveld", "Omschrijving", "Soort", "Bedrag (€)"])
    for cel in ws[3]:
        cel.font = Font(bold=True)
    for r in df.itertuples(index=False):
        ws.append([int(r.jaar), r.taakveld, r.omschrijving, r.soort, float(r.bedrag_eur)])
    ws.append(["Totaal", None, None, None, float(df["bedrag_eur"].sum())])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    for rij in ws.iter_rows(min_row=4, min_col=5, max_col=5):
        rij[0].number_format = "#,##0"
    ws.column_dimensions["C"].width = 42
    ws.column_dimensions["E"].width = 16
    wb.properties.creator = "sdanalysis demo"
    wb.properties.created = _VAST
    wb.properties.modified = _VAST
    tijdelijk = pad.with_suffix(".tmp.xlsx")
    wb.save(tijdelijk)
    stempel = _VAST.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(tijdelijk) as zin, zipfile.ZipFile(pad, "w") as zuit:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stempel.encode(), data
                )
            info = zipfile.ZipInfo(item.filename, date_time=(2025, 3, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zuit.writestr(info, data)
    tijdelijk.unlink()


def schrijf_csv(df: pd.DataFrame, pad: Path, naam: str, opzet: Opzet) -> None:
    """Write one text table as exported: ``;``, UTF-8 with BOM, or cp1252 with CRLF.

    Args:
        df: Text table with canonical column names.
        pad: Target file.
        naam: File name without extension (decides the headers and the encoding).
        opzet: The gemeente's old-system years and cp1252 file.
    """
    df = df.rename(columns=exportkop(naam, opzet.oude_systeem_jaren))
    if naam == opzet.cp1252_bestand:
        df.to_csv(pad, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    else:
        df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")


def begroting_titel(opzet: Opzet) -> str:
    """Title row of the begroting export.

    >>> begroting_titel(Opzet(naam="Borne", eerste_jaar=2020, titel_toevoeging=""))
    "Gemeente Borne - begroting en realisatie sociaal domein 2020-2024, lasten in euro's"
    """
    eerste, laatste = opzet.begrotingsjaren
    return (
        f"Gemeente {opzet.naam}{opzet.titel_toevoeging} - begroting en realisatie "
        f"sociaal domein {eerste}-{laatste}, lasten in euro's"
    )


def schrijf_tabellen(
    r: DemoResultaat,
    out_dir: Path | str,
    *,
    weglaten: Collection[str] = (),
    begroting_bestand: str = "begroting_demo",
) -> dict[str, int]:
    """Write the raw tables of one generation into ``out_dir``.

    Existing ``toewijzingen_*.csv`` and ``declaraties_*.csv`` in ``out_dir`` are removed
    first (their years may differ); other files are replaced or left alone.

    Args:
        r: The generation.
        out_dir: Target folder (created when missing).
        weglaten: Tables not to write (``meldingen``, ``bevolking``, ``begroting``, ...); an
            empty begroting (years before the BBV taakvelden) is never written.
        begroting_bestand: File name (without ``.xlsx``) of the begroting.

    Returns:
        Number of data rows written per table (injected bad rows included, title and
        header rows excluded; the begroting count includes its totals row).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for oud in (*out.glob("toewijzingen_*.csv"), *out.glob("declaraties_*.csv")):
        oud.unlink()
    aantallen: dict[str, int] = {}
    for naam, df in r.tabellen.items():
        tabel = naam.split("_")[0]
        if tabel in weglaten or (tabel == "begroting" and df.empty):
            continue
        if naam == "begroting_demo":
            schrijf_xlsx(df, out / f"{begroting_bestand}.xlsx", begroting_titel(r.opzet))
            n = len(df) + 1
        else:
            schrijf_csv(df, out / f"{naam}.csv", naam, r.opzet)
            n = len(df)
        aantallen[tabel] = aantallen.get(tabel, 0) + n
    return aantallen


def schrijf_demo(
    out_dir: Path | str, clients: int | None = None, seed: int | None = None
) -> dict[str, int]:
    """Write the demo gemeente as raw export files plus a README into ``out_dir``.

    Existing demo files in ``out_dir`` (``toewijzingen_*.csv``, ``declaraties_*.csv``,
    ``meldingen.csv``, ``productcodes.csv``, ``bevolking.csv``, ``begroting_demo.xlsx``)
    are replaced; other files are left alone. The same seed and ``clients`` give
    byte-identical files.

    Args:
        out_dir: Target folder (created when missing), e.g. ``instellingen.DEMO_RAW_DIR``.
        clients: Approximate number of distinct clients; ``None`` = full size.
        seed: Random seed (default ``instellingen.DEMO_SEED``).

    Returns:
        Number of data rows written per table (injected bad rows included, title and
        header rows excluded; the begroting count includes its totals row).

    Raises:
        ValueError: when ``clients`` is below 200.
    """
    seed = instellingen.DEMO_SEED if seed is None else seed
    out = Path(out_dir)
    demo = bouw_demo(seed, clients)
    aantallen = schrijf_tabellen(demo, out)
    (out / "README.md").write_text(_readme(demo, seed, clients, out), encoding="utf-8")
    return aantallen


def _euro(x: float) -> str:
    """Whole euros with Dutch thousands separators (README tables)."""
    return f"€ {x:,.0f}".replace(",", ".")


def _clienten_per_jaar(r: DemoResultaat) -> pd.DataFrame:
    """Distinct clients per categorie (rows) and year (columns), plus totals per wet.

    Also rows ``Wmo op 1 juli`` (clients with a running Wmo toewijzing on 1 July).
    """
    tw = r.schoon["toewijzingen"]
    cat = tw["productcode"].map({p.productcode: p.categorie for p in PRODUCTEN})
    wet = tw["productcode"].map({p.productcode: p.wet for p in PRODUCTEN})
    eind = np.where(tw["einde"] < 0, 10**7, tw["einde"])
    uit = {}
    for jaar in r.opzet.jaren:
        actief = (tw["ingang"] <= dag(f"{jaar}-12-31")) & (eind >= dag(f"{jaar}-01-01"))
        kolom = tw[actief].groupby(cat[actief])["client"].nunique()
        kolom["Wmo totaal"] = tw[actief & (wet == "WMO")]["client"].nunique()
        kolom["Jeugd totaal"] = tw[actief & (wet == "JW")]["client"].nunique()
        juli = dag(f"{jaar}-07-01")
        kolom["Wmo op 1 juli"] = tw[(wet == "WMO") & (tw["ingang"] <= juli) & (eind >= juli)][
            "client"
        ].nunique()
        uit[jaar] = kolom
    return pd.DataFrame(uit).fillna(0).astype(int)


def _readme(demo: DemoResultaat, seed: int, clients: int | None, out: Path) -> str:
    """README.md of the demo folder: provenance, files, calibration and injected errors."""
    bestanden = sorted(p for p in out.iterdir() if p.is_file() and p.suffix in (".csv", ".xlsx"))
    regels = []
    totaal = 0
    for pad in bestanden:
        naam = pad.stem
        n = (
            len(demo.tabellen[naam]) + (1 if naam == "begroting_demo" else 0)
            if naam in demo.tabellen
            else 0
        )
        grootte = pad.stat().st_size
        totaal += grootte
        if naam == demo.opzet.cp1252_bestand:
            opm = "cp1252, CRLF, kopregel oud systeem"
        elif pad.suffix == ".xlsx":
            opm = "Excel: titelregel + lege regel boven de kop, totaalregel onderaan"
        elif naam.split("_")[-1].isdigit() and int(naam[-4:]) in demo.opzet.oude_systeem_jaren:
            opm = "UTF-8 met BOM, kopregel oud systeem"
        elif naam == "meldingen":
            opm = "UTF-8 met BOM, kopregel zaaksysteem"
        else:
            opm = "UTF-8 met BOM"
        kb = f"{grootte / 1024:,.0f}".replace(",", ".")
        regels.append(f"| `{pad.name}` | {n} | {kb} kB | {opm} |")
    cmd = "sdanalysis demo" + (f" --clients {clients}" if clients else "") + f" --seed {seed}"
    kal = demo.kalibratie
    kal_regels = []
    for r in kal.itertuples():
        verschil = (
            "n.v.t." if r.iv3_2023_eur == 0 else f"{r.verschil_procent:+.1f}%".replace(".", ",")
        )
        kal_regels.append(
            f"| {r.taakveld} | {TAAKVELD_NAMEN[r.taakveld]} | {_euro(r.iv3_2023_eur)} | "
            f"{_euro(r.demo_2023_eur)} | {verschil} | "
            + f"{r.tarieffactor:.2f} |".replace(".", ",")
        )
    soorten: dict[str, int] = {}
    for f in demo.fouten:
        soorten[f["fout"]] = soorten.get(f["fout"], 0) + 1
    fout_regels = [
        f"| {f['bestand']} | {f['regel']} | {f['kolom']} | {f['fout']} |" for f in demo.fouten
    ]
    soort_regels = [f"| {k} | {v} |" for k, v in sorted(soorten.items())]
    codes = productcodes_tabel()
    code_regels = [
        f"| {r.wet} | {r.productcategorie} | {r.productcode or '(standaard)'} | {r.categorie} | "
        f"{r.taakveld or '-'} |"
        for r in codes.itertuples()
    ]
    product_regels = [
        f"| {p.productcode} | {p.omschrijving} | {p.eenheid} | {p.frequentie} | "
        f"{_euro(p.tarief_2023)} |"
        for p in PRODUCTEN
    ]
    posten = [
        f"| {j} | {tv} | {_euro(b * demo.schaal)} | {t} |" for j, tv, b, t in REALISATIE_POSTEN
    ]
    opvang = _euro(OPVANG_PER_JAAR * demo.schaal)
    cpj = _clienten_per_jaar(demo)
    wmo_min, wmo_max = int(cpj.loc["Wmo op 1 juli"].min()), int(cpj.loc["Wmo op 1 juli"].max())
    jw_min, jw_max = int(cpj.loc["Jeugd totaal"].min()), int(cpj.loc["Jeugd totaal"].max())
    cpj_regels = [
        "| categorie | " + " | ".join(str(j) for j in cpj.columns) + " |",
        "|---|" + "---:|" * len(cpj.columns),
    ]

    def tel(v: int) -> str:
        return instellingen.SUPPRESSIE_TEKEN if v < instellingen.SUPPRESSIE_DREMPEL else str(int(v))

    cpj_regels += [
        f"| {naam} | " + " | ".join(tel(v) for v in rij) + " |" for naam, rij in cpj.iterrows()
    ]
    m = demo.schoon["meldingen"]
    dm = pd.to_datetime(m.loc[m["wet"] == "WMO", "datum_melding"], unit="D")
    h18 = int(((dm >= "2018-01-01") & (dm < "2018-07-01")).sum())
    h19 = int(((dm >= "2019-01-01") & (dm < "2019-07-01")).sum())

    def punt(x: int) -> str:
        return f"{x:_}".replace("_", ".")

    schaal_tekst = (
        "op de schaal van Hengelo, de standaard"
        if clients is None
        else f"verkleind tot ongeveer {clients} cliënten, schaal {demo.schaal:.3f}"
    )
    return "\n".join(
        [
            "# SYNTHETISCHE demo-gemeente (geen echte gegevens)",
            "",
            "**Alle gegevens in deze map zijn verzonnen.** Cliënten, BSN's, zaaknummers, "
            "aanbieders, AGB-codes en bedragen zijn met een toevalsgenerator gemaakt door "
            "`sdanalysis.demo`. De BSN's zijn willekeurige 9-cijferige nummers die de elfproef "
            "doorstaan; ze horen bij niemand (toevallige gelijkenis met een bestaand nummer zegt "
            "niets over die persoon). Aanbiedersnamen zijn verzonnen.",
            "",
            f"Gemaakt met `{cmd}` ({schaal_tekst}); dezelfde seed geeft byte-identieke "
            "bestanden. In Python: `sdanalysis.demo.schrijf.schrijf_demo(map, clients=None, seed=...)`.",
            "",
            "Het bestand `SYNTHETISCH` markeert de map als synthetisch; alleen dan gebruikt "
            "`sdanalysis build` de openbare demo-sleutel voor pseudonimisering.",
            "",
            "## Gemeente",
            "",
            f"Een gemeente ter grootte van {DEMO_GEMEENTE} (ongeveer "
            f"{punt(instellingen.DEMO_INWONERS)} inwoners), "
            f"{demo.opzet.eerste_jaar}-{demo.opzet.laatste_jaar}, "
            f"peildatum {demo.opzet.peildatum}. "
            f"Wmo: {punt(wmo_min)}-{punt(wmo_max)} cliënten tegelijk (op 1 juli); Jeugd: "
            f"{punt(jw_min)}-{punt(jw_max)} cliënten per jaar.",
            "",
            "## Bestanden",
            "",
            "| bestand | regels | grootte | opmerking |",
            "|---|---:|---:|---|",
            *regels,
            "",
            "Totaal " + f"{totaal / 1024 / 1024:.1f}".replace(".", ",") + " MB.",
            "",
            "- `toewijzingen_<jaar>.csv`: één bestand per jaar van de ingangsdatum; `;` als "
            "scheidingsteken, datums `dd-mm-jjjj`, decimale komma. 2015-2017 komen uit het oude "
            "systeem met andere kopnamen (Beschikkingnummer, Startdatum, AGB code, Omvang, "
            "Tarief ...); `toewijzingen_2016.csv` is cp1252. Lege einddatum = lopend "
            "(onbepaalde tijd: huishoudelijke ondersteuning, hulpmiddelen, beschermd wonen, "
            "pleegzorg); andere lopende toewijzingen hebben een einddatum na de peildatum. "
            "Toewijzingen die op 1-1-2015 al liepen (overgangsrecht) beginnen op 01-01-2015; "
            "hulpmiddelen die toen al in bruikleen waren, worden niet meer gedeclareerd.",
            "- `declaraties_<jaar>.csv`: per toewijzing per **kalenderjaar** (periode_start en "
            "periode_eind binnen het jaar en binnen de toewijzing). Bedrag = geleverd volume x "
            "tarief van de toewijzing. Per kwartaal zouden het ongeveer 2,7 keer zoveel regels zijn "
            "(de map zou dan ruim 20 MB worden); daarom per jaar. Creditregels "
            "(negatief volume en bedrag) worden gevolgd door een nieuwe regel met een lager volume.",
            "- `meldingen.csv`: Wmo- en Jeugdmeldingen (zaaksysteem) met meldings-, aanvraag- en "
            "besluitdatum en resultaat (toegekend, afgewezen, ingetrokken, voorliggend, lopend).",
            "- `productcodes.csv`: wet + productcategorie (+ productcode) → categorie en Iv3-taakveld "
            "(indeling 2023-2024); een lege productcode is de standaard voor de hele categorie.",
            "- `bevolking.csv`: inwoners op 1 januari (totaal, 0-17, 18+, 65+). 2023 en 2024 zijn "
            "de CBS-aantallen van Hengelo; eerdere jaren en de leeftijdsverdeling zijn plausibel "
            "gemaakt, niet officieel.",
            "- `begroting_demo.xlsx`: primitieve begroting, gewijzigde begroting en realisatie "
            "(lasten) per Iv3-taakveld 2017-2024; tot en met 2022 de oude taakvelden "
            "6.6/6.71/6.72/6.81/6.82, vanaf 2023 de verdeelde taakvelden (6.71a-d, 6.72a-d, "
            "6.73a-c, 6.74a-c, 6.81a-b, 6.82a-b).",
            "",
            "## Producten en codes",
            "",
            "| wet | productcategorie | productcode | categorie | taakveld |",
            "|---|---|---|---|---|",
            *code_regels,
            "",
            "| productcode | omschrijving | eenheid (WJ756) | frequentie (WMO757) | lijstprijs 2023 |",
            "|---|---|---|---|---:|",
            *product_regels,
            "",
            "Eenheden: 04 uur, 14 etmaal, 16 dagdeel, 82 stuks, 83 euro's; frequentie 2 per week, "
            "4 per maand, 6 totaal binnen de geldigheidsduur. Tarieven: lijstprijs x prijsindex "
            "van het startjaar x kalibratiefactor van het taakveld (zie hieronder).",
            "",
            "## Ingebouwde ontwikkelingen (uit de brieven van 12 juli 2018 en 17 april 2019)",
            "",
            "- Verblijf LVG: groei tot en met 2017, in 2018 stagnatie (cliënten per jaar).",
            "- Verblijf GGZ: groei tot en met 2017, in 2018 daling.",
            "- Basis GGZ: minder cliënten vanaf 2018 (inzet POH-GGZ bij huisartsen).",
            "- Dagbesteding: groei tot en met 2017, in 2018 gekeerd (versobering, voorliggend).",
            "- Wmo-meldingen: sterke stijging in het eerste halfjaar van 2019 "
            "(abonnementstarief per 1-1-2019), daarna meer huishoudelijke ondersteuning.",
            "- Wachttijd melding → start zorg: langer in 2019 (onderzoek mediaan 6,5 in plaats "
            "van 4-4,5 weken, besluit 2,2 in plaats van 1,5 weken, levering 21 in plaats van "
            "10-12 dagen).",
            "- Jeugd: een handvol grote aanbieders heeft samen meer dan 60% van de jeugdkosten.",
            "",
            f"Wmo-meldingen eerste halfjaar: 2018 {punt(h18)}, 2019 {punt(h19)} "
            f"({100 * (h19 / h18 - 1):+.0f}%).",
            "",
            "Cliënten per jaar (verschillende cliënten met een lopende toewijzing in het jaar; "
            f"aantallen onder {instellingen.SUPPRESSIE_DREMPEL} als '{instellingen.SUPPRESSIE_TEKEN}'):",
            "",
            *cpj_regels,
            "",
            "## Kalibratie: gedeclareerde kosten 2023 tegen Iv3-jaarrekening 2023 van Hengelo",
            "",
            "Bron: Iv3-lasten jaarrekening 2023 van Hengelo (begrotingsanalysetool, bedragen x "
            "€ 1.000, zie `iv3_gemeenten_begrotingsanalysetool/PROVENANCE.md` in de openbare "
            "gegevens). De aantallen cliënten volgen uit het model; de tarieven zijn per taakveld "
            "met één factor bijgesteld zodat de declaraties 2023 op de Iv3-lasten uitkomen "
            "(kolom tarieffactor). 6.71d is in Hengelo € 0 (kortdurend verblijf is daar niet "
            "apart geboekt); de demo boekt kortdurend verblijf wel op 6.71d. 6.81b (opvang) heeft "
            "geen declaraties en staat alleen in de begroting.",
            "",
            "| taakveld | omschrijving | Iv3 2023 (echt) | demo 2023 (declaraties) | verschil | "
            "tarieffactor |",
            "|---|---|---:|---:|---:|---:|",
            *kal_regels,
            "",
            "## Begroting tegenover declaraties (bewuste verschillen)",
            "",
            "Realisatie = declaraties + pgb-opslag (Wmo 2,0%, Jeugd 1,5%) + onderstaande posten; "
            f"6.81 (tot 2022) en 6.81b (vanaf 2023) bevatten opvang ({opvang} x prijsindex "
            "per jaar) zonder declaraties. De primitieve begroting voor "
            "Jeugd (6.72-6.74, 6.82) is stelselmatig te laag: ongeveer 82% van de realisatie in "
            "2018-2021 en 87% in de andere jaren; Wmo ligt binnen 3%. De gewijzigde begroting "
            "dekt ongeveer driekwart van het verschil.",
            "",
            "| jaar | taakveld | bedrag | omschrijving |",
            "|---|---|---:|---|",
            *posten,
            "",
            "## Bewust foute regels",
            "",
            f"{len(demo.fouten)} regels, zodat de datakwaliteitscontrole iets te vinden heeft "
            "(regelnummer zoals in een teksteditor, kopregel = regel 1; in Excel: met titelregels).",
            "",
            "| soort fout | aantal |",
            "|---|---:|",
            *soort_regels,
            "",
            "| bestand | regel | kolom | fout |",
            "|---|---:|---|---|",
            *fout_regels,
            "| begroting_demo.xlsx | laatste | Jaar | totaalregel (hoort bij een echte export) |",
            "",
            "Gevolg: bij een dubbel toewijzingnummer met afwijkende inhoud worden beide versies "
            "geweigerd, en daarmee ook de declaraties van die toewijzing (toewijzingnummer "
            "onbekend).",
            "",
        ]
    )
