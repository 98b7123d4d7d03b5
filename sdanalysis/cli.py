"""Command line: ``sdanalysis build | validate | demo | fetch | init | report | contract``.

Messages are Dutch. Exit codes: 0 success, 1 the job ran but something failed
(a notebook, a privacy check), 2 bad input (unreadable file, missing column, no key).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

from sdanalysis import instellingen

EXIT_OK = 0
EXIT_FOUT = 1
EXIT_INVOER = 2


class _NederlandseOpmaak(argparse.HelpFormatter):
    """Help text with a Dutch usage line."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D102
        super().add_usage(usage, actions, groups, prefix="gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Dutch headings and error lines."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _NederlandseOpmaak)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"

    def error(self, message: str) -> None:  # pragma: no cover - argparse glue
        self.print_usage(sys.stderr)
        vertaling = (
            message.replace(
                "the following arguments are required", "deze argumenten zijn verplicht"
            )
            .replace("invalid choice", "ongeldige keuze")
            .replace("unrecognized arguments", "onbekende argumenten")
            .replace("expected one argument", "verwacht één waarde")
            .replace("argument", "argument")
        )
        self.exit(EXIT_INVOER, f"{self.prog}: fout: {vertaling}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="sdanalysis",
        description="Analyses voor het sociaal domein (Wmo 2015, Jeugdwet): inlezen, controleren, "
        "pseudonimiseren, analyseren en rapporteren.",
        epilog="Zie README.md voor de twee hoofdopdrachten: 'make report' en 'make test'.",
        add_help=False,
    )
    p.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    sub = p.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_Parser)

    b = sub.add_parser(
        "build",
        help="bouw data/processed/ uit de brongegevens",
        add_help=False,
        description="Lees alle bestanden in de bronmappen, controleer ze tegen de contracten, "
        "pseudonimiseer BSN's en schrijf parquet-tabellen plus quarantaine en kwaliteitsoverzicht.",
    )
    b.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    b.add_argument(
        "--raw",
        action="append",
        metavar="MAP",
        help="bronmap (meerdere keren toegestaan; standaard: data/raw/demo en data/raw/programma)",
    )
    b.add_argument("--out", metavar="MAP", help="doelmap (standaard: data/processed)")

    v = sub.add_parser(
        "validate",
        help="controleer één bestand zonder iets te schrijven",
        add_help=False,
        description="Lees één CSV- of Excel-bestand, zoek de kopregel en controleer elke regel.",
    )
    v.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    v.add_argument("bestand", metavar="BESTAND", help="het te controleren bestand")
    v.add_argument(
        "--table",
        "--tabel",
        dest="tabel",
        metavar="NAAM",
        help="tabel volgens het contract (standaard: afgeleid uit de bestandsnaam)",
    )
    v.add_argument(
        "--toon", type=int, default=20, metavar="N", help="toon maximaal N geweigerde regels"
    )

    d = sub.add_parser(
        "demo",
        help="maak de synthetische demo-gemeente",
        add_help=False,
        description="Genereer synthetische brongegevens voor een gemeente ter grootte van Hengelo.",
    )
    d.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    d.add_argument("--out", metavar="MAP", help="doelmap (standaard: data/raw/demo)")
    d.add_argument(
        "--clients", type=int, metavar="N", help="aantal cliënten (standaard: Hengelo-grootte)"
    )
    d.add_argument(
        "--seed",
        type=int,
        default=instellingen.DEMO_SEED,
        metavar="S",
        help="startwaarde van het toeval",
    )
    d.add_argument(
        "--berichten", metavar="MAP", help="schrijf de demo als iJw/iWmo-berichten (XML) in MAP"
    )
    d.add_argument("--zip", action="store_true", help="met --berichten: één zip-archief per jaar")

    f = sub.add_parser(
        "fetch",
        help="download open data (CBS StatLine) naar de cache",
        add_help=False,
        description="Download een CBS-tabel met cbsodata naar de map met publieke data.",
    )
    f.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    f.add_argument("bron", choices=["cbs"], help="de bron (nu alleen: cbs)")
    f.add_argument("tabel", metavar="TABEL", help="CBS-tabelnummer, bijv. 83262NED")
    f.add_argument(
        "--gemeenten", metavar="CODES", help="kommagescheiden gemeentecodes, bijv. GM0164,GM0153"
    )
    f.add_argument(
        "--doel", metavar="MAP", help="cachemap (standaard: <publieke-datamap>/cbs/<tabel>)"
    )
    r = sub.add_parser(
        "report",
        help="bouw, voer alle notebooks uit en maak HTML, grafieken en Excel",
        add_help=False,
        description="Maak reports/<datum>/: notebooks als HTML (met en zonder code), grafieken als "
        "PNG en SVG, index.html en een Excel-werkmap; met privacycontrole vooraf.",
    )
    r.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    r.add_argument(
        "--raw", action="append", metavar="MAP", help="bronmap (standaard: de demo-data)"
    )
    r.add_argument(
        "--gemeente",
        metavar="NAAM",
        help="naam van de gemeente (standaard: uit het gemeenteprofiel gemeente.toml)",
    )
    r.add_argument(
        "--profiel", metavar="BESTAND", help="gemeenteprofiel (standaard: gemeente.toml in --raw)"
    )
    r.add_argument(
        "--jaren",
        metavar="VAN-TOT",
        help="beperk tot deze jaren, bijv. 2020-2023 (standaard: alle volle jaren in de gegevens)",
    )
    r.add_argument(
        "--notebook",
        action="append",
        metavar="PAD",
        help="alleen dit notebook (meerdere keren toegestaan)",
    )
    r.add_argument("--out", metavar="MAP", help="map voor rapporten (standaard: reports)")

    i = sub.add_parser(
        "init",
        help="maak een gemeenteprofiel (gemeente.toml) met uitleg",
        add_help=False,
        description="Schrijf gemeente.toml voor een gemeente: naam, CBS-code (opgezocht in de "
        "CBS-gemeentelijst als die ontbreekt), vergelijkingsgroepen en analysekeuzes.",
    )
    i.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    i.add_argument("--gemeente", required=True, metavar="NAAM", help="naam van de gemeente")
    i.add_argument("--code", metavar="GM0000", help="CBS-gemeentecode (standaard: opzoeken)")
    i.add_argument(
        "--out", metavar="MAP", default=".", help="map waarin gemeente.toml komt (standaard: hier)"
    )

    c = sub.add_parser(
        "contract",
        help="druk het datacontract af (Markdown)",
        add_help=False,
        description="Druk het datacontract af zoals het in de code staat.",
    )
    c.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")
    return p


def _instellingen_voor_rapport(args: argparse.Namespace) -> instellingen.Instellingen:
    from sdanalysis.publiceren.rapport import lees_jaren

    inst = instellingen.laad_instellingen(
        raw=args.raw,
        profiel=args.profiel,
        gemeente=args.gemeente,
        jaren=lees_jaren(args.jaren) if args.jaren else None,
    )
    if args.out:
        inst = inst.met(reports_dir=Path(args.out).resolve())
    return inst


def _cmd_report(args: argparse.Namespace) -> int:
    from sdanalysis.bouw.pipeline import BouwFout
    from sdanalysis.bouw.privacy import SleutelOntbreekt
    from sdanalysis.publiceren.rapport import maak_rapport

    try:
        inst = _instellingen_voor_rapport(args)
        uit = maak_rapport(
            inst,
            notebooks=[Path(n) for n in args.notebook] if args.notebook else None,
            log=print,
        )
    except (BouwFout, SleutelOntbreekt, ValueError) as e:
        print(f"FOUT: {e}", file=sys.stderr)
        return EXIT_INVOER
    mislukt = [n for n in uit.notebooks if not n.gelukt]
    for n in mislukt:
        print(f"Notebook {n.naam} mislukt: {n.fout}", file=sys.stderr)
    if uit.privacyproblemen:
        print(
            "Rapport NIET gepubliceerd: de privacypoort vond problemen (zie hierboven).",
            file=sys.stderr,
        )
    print(
        f"Klaar in {uit.seconden:.1f} s: {len(uit.notebooks) - len(mislukt)} van {len(uit.notebooks)} "
        f"notebooks gelukt" + (f"; rapport in {uit.map}" if uit.map else "")
    )
    return EXIT_OK if uit.gelukt else EXIT_FOUT


def _cmd_contract(args: argparse.Namespace) -> int:
    from sdanalysis.contracts import contract_markdown

    print(contract_markdown(), end="")
    return EXIT_OK


#: What ``build`` says when the machine runs out of memory (nothing has been written then).
TE_WEINIG_GEHEUGEN = (
    "FOUT: te weinig geheugen voor de bouw; er is niets geschreven. Grote tabellen gaan in "
    "stukken: maak de stukken kleiner met SDANALYSIS_BOUW_STUK_RIJEN (standaard {rijen}) of "
    "laat meer tabellen in stukken gaan met SDANALYSIS_BOUW_STROOM_MB (standaard {mb:g})."
)


def _te_weinig_geheugen() -> str:
    from sdanalysis.bouw.stroom import STROOM_MB, STUK_RIJEN

    return TE_WEINIG_GEHEUGEN.format(rijen=STUK_RIJEN, mb=STROOM_MB)


def _cmd_build(args: argparse.Namespace) -> int:
    from sdanalysis.bouw.pipeline import BouwFout, bouw
    from sdanalysis.bouw.privacy import SleutelOntbreekt

    start = time.perf_counter()
    raw = [Path(r) for r in args.raw] if args.raw else list(instellingen.DEFAULT_RAW_DIRS)
    print(f"Bouw uit: {', '.join(str(r) for r in raw)}")
    try:
        res = bouw(raw, args.out, log=print)
    except (BouwFout, SleutelOntbreekt) as e:
        print(f"FOUT: {e}", file=sys.stderr)
        return EXIT_INVOER
    except MemoryError:
        print(_te_weinig_geheugen(), file=sys.stderr)
        return EXIT_INVOER
    except Exception as e:  # DuckDB reports its own out-of-memory as an exception class
        if "out of memory" not in str(e).lower():
            raise
        print(_te_weinig_geheugen(), file=sys.stderr)
        return EXIT_INVOER
    k = res.kwaliteit
    print("\nPer tabel:")
    for naam, g in k.groupby("tabel", sort=True):
        print(
            f"  {naam:<13} bestanden {len(g):>3}  gelezen {int(g.rijen_gelezen.sum()):>8}  "
            f"geaccepteerd {int(g.rijen_geaccepteerd.sum()):>8}  geweigerd {int(g.rijen_geweigerd.sum()):>6}"
        )
    print(
        f"  {'TOTAAL':<13} bestanden {len(k):>3}  gelezen {int(k.rijen_gelezen.sum()):>8}  "
        f"geaccepteerd {int(k.rijen_geaccepteerd.sum()):>8}  geweigerd {int(k.rijen_geweigerd.sum()):>6}"
    )
    for w in res.waarschuwingen:
        print(f"Let op: {w}")
    print(
        f"Geschreven naar {res.out_dir} in {time.perf_counter() - start:.1f} s "
        "(tabellen, quarantaine.parquet, kwaliteit.parquet, bouwverslag.json)."
    )
    return EXIT_OK


def _geen_tabel(pad: Path, gevraagd: str | None, tabellen: list[str]) -> str:
    """Dutch reason why ``validate`` cannot tell which table a file holds."""
    lijst = ", ".join(tabellen)
    if not pad.exists():
        return f"{pad.name}: bestand niet gevonden."
    if pad.is_dir():
        return f"{pad.name} is een map; geef één bestand (voor een hele map: sdanalysis build)."
    if gevraagd:
        return f"{pad.name}: onbekende tabel '{gevraagd}' bij --table; kies uit: {lijst}."
    return (
        f"{pad.name}: uit de bestandsnaam blijkt niet welke tabel dit is. De naam moet "
        f"beginnen met een tabelnaam (bijv. toewijzingen_2024.csv), of geef --table met een "
        f"van: {lijst}."
    )


def _cmd_validate(args: argparse.Namespace) -> int:
    import os

    from sdanalysis.bouw.lezen import LeesFout, lees_bladen
    from sdanalysis.bouw.valideren import valideer_en_ontdubbel
    from sdanalysis.contracts import TABELLEN, tabel_voor_bestand

    pad = Path(args.bestand)
    naam = args.tabel or tabel_voor_bestand(pad.name)
    if naam not in TABELLEN:
        print(f"FOUT: {_geen_tabel(pad, args.tabel, sorted(TABELLEN))}", file=sys.stderr)
        return EXIT_INVOER
    try:
        bladen = lees_bladen(pad, TABELLEN[naam])
        sleutel = os.urandom(32)  # nothing is stored: a throwaway key
        uitkomsten = [(ruw, valideer_en_ontdubbel(ruw, TABELLEN[naam], sleutel)) for ruw in bladen]
    except LeesFout as e:
        print(f"FOUT: {e}", file=sys.stderr)
        return EXIT_INVOER
    for ruw, res in uitkomsten:
        print(f"{pad.name}" + (f" [{ruw.blad}]" if len(bladen) > 1 else "") + f": tabel '{naam}'")
        for o in res.opmerkingen:
            print(f"  {o}")
        print(
            f"  gelezen {res.rijen_gelezen}, geaccepteerd {res.rijen_geaccepteerd}, "
            f"geweigerd {res.rijen_geweigerd}"
        )
        if len(res.quarantaine):
            print("  Geweigerd (rij, kolom, reden):")
            for r in res.quarantaine.head(args.toon).itertuples():
                print(
                    f"    rij {r.rij}: {r.kolom or '-'}: {r.reden}"
                    + (f" [{r.waarde}]" if r.waarde else "")
                )
            if len(res.quarantaine) > args.toon:
                print(f"    … en nog {len(res.quarantaine) - args.toon} meldingen")
    return EXIT_OK


def _cmd_demo_berichten(args: argparse.Namespace) -> int:
    from sdanalysis.demo.berichten import schrijf_berichten

    start = time.perf_counter()
    try:
        aantallen = schrijf_berichten(
            Path(args.berichten), clients=args.clients, seed=args.seed, zip_per_jaar=args.zip
        )
    except ValueError as e:
        print(f"FOUT: {e}", file=sys.stderr)
        return EXIT_INVOER
    for soort, n in aantallen.items():
        print(f"  {soort:<8} {n:>8} berichten")
    print(
        f"Synthetische demo als iJw/iWmo-berichten geschreven naar {args.berichten} in "
        f"{time.perf_counter() - start:.1f} s."
    )
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from sdanalysis.demo.schrijf import schrijf_demo

    if args.berichten:
        return _cmd_demo_berichten(args)

    out = Path(args.out) if args.out else instellingen.DEMO_RAW_DIR
    start = time.perf_counter()
    try:
        aantallen = schrijf_demo(out, clients=args.clients, seed=args.seed)
    except ValueError as e:
        print(f"FOUT: {e}", file=sys.stderr)
        return EXIT_INVOER
    from sdanalysis.bouw.pipeline import markeer_synthetisch

    markeer_synthetisch(out)
    for naam, n in aantallen.items():
        print(f"  {naam:<13} {n:>8} regels")
    print(f"Synthetische demo-data geschreven naar {out} in {time.perf_counter() - start:.1f} s.")
    return EXIT_OK


def _cmd_fetch(args: argparse.Namespace) -> int:
    from sdanalysis.bronnen.cbs import fetch_cbs

    gemeenten = (
        [g.strip() for g in args.gemeenten.split(",") if g.strip()] if args.gemeenten else None
    )
    try:
        pad = fetch_cbs(
            args.tabel, gemeenten=gemeenten, doel=Path(args.doel) if args.doel else None
        )
    except (ConnectionError, OSError, RuntimeError, ValueError) as e:
        print(f"FOUT bij het downloaden van CBS-tabel {args.tabel}: {e}", file=sys.stderr)
        return EXIT_INVOER
    print(f"CBS-tabel {args.tabel} opgeslagen in {pad}")
    return EXIT_OK


def _cmd_init(args: argparse.Namespace) -> int:
    doel = Path(args.out) / instellingen.PROFIEL_BESTAND
    if doel.exists():
        print(
            f"FOUT: {doel} bestaat al; verwijder het eerst of kies een andere --out",
            file=sys.stderr,
        )
        return EXIT_INVOER
    code, inwoners = args.code, None
    if not code:
        from sdanalysis.bronnen.gemeenten import vul_profiel_aan

        try:
            gevonden = vul_profiel_aan(
                instellingen.Gemeenteprofiel(naam=args.gemeente), instellingen.external_dir()
            )
        except ValueError as e:
            print(f"FOUT: {e}", file=sys.stderr)
            return EXIT_INVOER
        code = gevonden.cbs_code
        inwoners = gevonden.inwoners
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_text(instellingen.profiel_sjabloon(args.gemeente, code, inwoners), encoding="utf-8")
    instellingen.lees_profiel(doel)  # what we write must read back
    print(f"Gemeenteprofiel geschreven: {doel} ({args.gemeente}, {code})")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sdanalysis`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    opdrachten = {
        "build": _cmd_build,
        "validate": _cmd_validate,
        "demo": _cmd_demo,
        "fetch": _cmd_fetch,
        "contract": _cmd_contract,
        "report": _cmd_report,
        "init": _cmd_init,
    }
    if args.opdracht not in opdrachten:
        parser.print_help()
        return EXIT_INVOER
    with _gemaskeerd(sys.stdout, sys.stderr) as (uit, fout):
        with contextlib.redirect_stdout(uit), contextlib.redirect_stderr(fout):
            return opdrachten[args.opdracht](args)


class _MaskerendeStroom(io.TextIOBase):
    """A text stream that masks BSN-like numbers in everything written to it."""

    def __init__(self, stroom) -> None:
        self._stroom = stroom

    def write(self, tekst: str) -> int:
        from sdanalysis.bouw.privacy import maskeer_bsn

        self._stroom.write(maskeer_bsn(tekst))
        return len(tekst)

    def flush(self) -> None:
        self._stroom.flush()

    def writable(self) -> bool:
        return True


@contextlib.contextmanager
def _gemaskeerd(*stromen):
    """Screen output of a command: file names, warnings and reasons never show a BSN."""
    yield tuple(_MaskerendeStroom(s) for s in stromen)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
