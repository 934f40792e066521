"""How fast ``read_table`` and ``write_table`` are on a realistic customer export.

Builds a seeded customer table (German names, streets, cities, phone numbers, VAT ids;
14 columns, two title rows above the header, customer numbers stored as numbers in the
workbook, the CSV in Windows-1252 with ``;``) in a temporary folder, then measures each
operation in a fresh subprocess and prints a table: format, engine, rows, seconds, rows/s
and peak memory (the subprocess's peak resident size above its size after the imports).

    python benchmarks/read_tables.py              # 100,000 rows
    python benchmarks/read_tables.py --rows 20000 --no-compare
    python benchmarks/read_tables.py --rows 1000000 --formats csv --no-write
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Kundennummer", "Firma", "Vorname", "Nachname", "E-Mail", "Telefon", "Mobil", "Straße", "PLZ", "Ort",
          "Land", "USt-IdNr.", "Status", "Geändert"]
FIRST = ["Jürgen", "Anna", "Lukas", "Sophie", "Maximilian", "Marie", "Jörg", "Björn", "Käthe", "Günther", "Leonie",
         "Paul", "Hannelore", "Süleyman", "Zoë", "Frauke", "Dörte", "Malte", "Ingeborg", "Ömer"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
        "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß", "Groß", "Jäger", "Köhler", "Böhm", "Günther"]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Goethestraße", "Lindenallee", "Am Markt",
           "Dorfstraße", "Birkenweg", "Mühlenstraße", "Kirchplatz", "Friedrich-Ebert-Straße", "Am Anger"]
CITIES = [("01067", "Dresden"), ("04109", "Leipzig"), ("10115", "Berlin"), ("20095", "Hamburg"), ("50667", "Köln"),
          ("80331", "München"), ("97070", "Würzburg"), ("23552", "Lübeck"), ("02826", "Görlitz"),
          ("40213", "Düsseldorf"), ("70173", "Stuttgart"), ("99084", "Erfurt")]
LEGAL = ["GmbH", "GmbH & Co. KG", "AG", "KG", "e.K.", "UG (haftungsbeschränkt)", "OHG"]
TRADES = ["Bäckerei", "Metallbau", "Elektro", "Autohaus", "Steuerberatung", "Gärtnerei", "Sanitär", "Druckerei"]


def customer_rows(count: int, seed: int = 7) -> list[list[str | int | None]]:
    """Seeded customer rows (the customer number as int, the rest as text or None)."""
    rnd = random.Random(seed)
    rows: list[list[str | int | None]] = []
    for n in range(count):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        postcode, city = rnd.choice(CITIES)
        company = f"{rnd.choice(TRADES)} {last} {rnd.choice(LEGAL)}" if rnd.random() < 0.6 else None
        local = f"{first}.{last}".lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                                                                    "ë": "e"}))
        rows.append([
            100000 + n, company, first, last, f"{local}{n % 97}@beispiel-{rnd.randint(1, 400)}.de",
            f"+49 {postcode[:3].lstrip('0') or '30'} {rnd.randint(100000, 9999999)}" if rnd.random() < 0.8 else None,
            f"0{rnd.choice([151, 160, 170, 171, 176])} {rnd.randint(1000000, 99999999)}" if rnd.random() < 0.7
            else None,
            f"{rnd.choice(STREETS)} {rnd.randint(1, 180)}{rnd.choice(['', '', '', 'a', 'b'])}", postcode, city,
            "DE" if rnd.random() < 0.9 else None, f"DE{rnd.randint(100000000, 999999999)}" if company else None,
            rnd.choice(["aktiv", "aktiv", "aktiv", "inaktiv"]),
            f"{rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}.{rnd.randint(2015, 2024)}",
        ])
    return rows


def write_sources(folder: Path, rows: list[list[str | int | None]], formats: set[str]) -> dict[str, Path]:
    """The workbook (title rows, numbers as numbers) and the cp1252 CSV of the rows."""
    sources = {}
    if "xlsx" in formats:
        sources["xlsx"] = _write_xlsx(folder / "kunden.xlsx", rows)
    if "csv" in formats:
        sources["csv"] = _write_csv(folder / "kunden.csv", rows)
    return sources


def _write_xlsx(xlsx: Path, rows: list[list[str | int | None]]) -> Path:
    workbook = xlsxwriter.Workbook(str(xlsx), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Kunden")
    sheet.write_string(0, 0, "Kundenliste Vertrieb (Export aus dem ERP)")
    sheet.write_row(2, 0, HEADER)
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, value)
    workbook.close()
    return xlsx


def _write_csv(text: Path, rows: list[list[str | int | None]]) -> Path:
    with open(text, "w", encoding="cp1252", newline="") as handle:
        handle.write("Kundenliste Vertrieb;;;;;;;;;;;;;\r\n")
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return text


CHILD = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, {root!r})
    import pandas as pd
    import workbench.io, workbench.io.excel, workbench.io.csv, workbench.io.mapping
    import python_calamine, openpyxl, xlsxwriter
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    {statement}
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{"rows": rows, "seconds": seconds, "peak_mb": (peak - base) / 1024}}))
""")

CASES = {
    ("xlsx", "read_table (openpyxl structure + calamine)"):
        "rows = workbench.io.read_table({path!r}).rows",
    ("csv", "read_table (stdlib csv, cp1252 detected)"):
        "rows = workbench.io.read_table({path!r}).rows",
    ("xlsx", "pandas.read_excel calamine dtype=str (reference)"):
        "rows = len(pd.read_excel({path!r}, engine='calamine', dtype=str, header=2))",
    ("csv", "pandas.read_csv dtype=str (reference)"):
        "rows = len(pd.read_csv({path!r}, sep=';', encoding='cp1252', dtype=str, skiprows=1))",
    ("xlsx", "write_table (xlsxwriter, quote prefix)"):
        "frame = workbench.io.read_table({path!r}).frame\\nstart = time.perf_counter()\\n"
        "rows = len(frame); workbench.io.write_table(frame, {path!r} + '.out.xlsx')",
    ("csv", "write_table (UTF-8 BOM, apostrophes)"):
        "frame = workbench.io.read_table({path!r}).frame\\nstart = time.perf_counter()\\n"
        "rows = len(frame); workbench.io.write_table(frame, {path!r} + '.out.csv')",
}


def measure(statement: str) -> dict[str, float]:
    """Run one statement in a fresh interpreter; its time and peak memory."""
    code = CHILD.format(root=str(ROOT), statement=statement.replace("\\n", "\n"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-compare", action="store_true", help="skip the pandas reference rows")
    parser.add_argument("--no-write", action="store_true", help="skip the writers")
    parser.add_argument("--formats", default="xlsx,csv", help="comma-separated: xlsx, csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sources = write_sources(Path(folder), customer_rows(args.rows), set(args.formats.split(",")))
        sizes = ", ".join(f"{kind} {path.stat().st_size / 1e6:.1f} MB" for kind, path in sources.items())
        print(f"{args.rows:,} rows x {len(HEADER)} columns; {sizes}\n")
        print("| format | engine | rows | seconds | rows/s | peak memory (MB) |")
        print("|---|---|---:|---:|---:|---:|")
        for (kind, engine), statement in CASES.items():
            skipped = (args.no_compare and "reference" in engine) or (args.no_write and engine.startswith("write"))
            if skipped or kind not in sources:
                continue
            result = measure(statement.format(path=str(sources[kind])))
            print(f"| {kind} | {engine} | {result['rows']:,} | {result['seconds']:.2f} | "
                  f"{result['rows'] / result['seconds']:,.0f} | {result['peak_mb']:.0f} |")


if __name__ == "__main__":
    main()
