"""Time ``add_keys`` on synthetic German/Danish customer frames and print a table.

Usage::

    PYTHONPATH=. python benchmarks/normalize.py                 # 100,000 and 1,000,000 rows
    PYTHONPATH=. python benchmarks/normalize.py --rows 20000    # a quick look
    PYTHONPATH=. python benchmarks/normalize.py --persons ../shared/eval/persons.py   # its German persons

With ``--persons`` the frames are the ``synth_N_A.parquet`` files that script writes
(German persons: names, e-mail, mobile, address, birth date; it needs Faker and pyarrow,
``pip install -e '.[bench]'``), generated once per size into a temporary folder.

For each size it prints the seconds each key column takes (timed one by one, as
``add_keys`` computes them), the total of one ``add_keys`` call, and the peak
resident memory of a fresh process that builds the frame and adds the keys.
Every size runs in its own child process so peak memory is that size's own.
The frames are seeded and built here (mostly distinct phones, e-mails and
streets; repeating first names, cities and statuses; a few per cent
placeholders, Excel floats and odd formats), so runs are comparable.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.normalize import (
    add_keys,
    city_key,
    company_key,
    country_key,
    email_key,
    name_key,
    phone_key,
    phonetic_key,
    postcode_key,
    status_key,
    street_key,
    updated_at_key,
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words("Anna Jens Hans Johannes Peter Søren Kai Kaj Lars Lasse Maria Jürgen Jørgen Christian Chris Mette "
               "Katharina Thomas Michael Sabine Stefan Stephan Ute Birgit Heike Daniel Daniela Julia Lukas Finn "
               "Emma Sofie Ida Freja Mads Rasmus Niels Nils Klaus Claus Wolfgang Ursula Renate Monika Ole Bente")
LAST_ROOTS = _words("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein "
              "Wolf "
              "Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause "
              "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen "
              "Madsen Kristensen Olsen Thomsen Poulsen Johansen Møller Mortensen Berg Lund Holm Dahl Bach")
LAST_PARTS = ("", "", "", "er", "mann", "sen", "berg", "feld", "haus", "bach", "gaard", "holm", "dorf", "lund")
STREETS = _words("Haupt Bahnhof Kirch Schul Garten Berg Wald Ring Linden Dorf Mühlen Nørre Vester Øster Strand Skov "
           "Konrad-Adenauer- Goethe Schiller Friedrich- Kongens Dronning")
STREET_TYPES = ("straße", "str.", "strasse", "weg", "allee", "platz", "vej", "gade", " Str.", "-Straße")
CITIES = _words("Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dortmund Essen Bremen Dresden "
          "Hannover Nürnberg København Aarhus Odense Aalborg Esbjerg Randers Kolding Horsens Vejle")
COUNTRIES = ("Deutschland", "DE", "D", "Germany", "", "", "", "Danmark", "DK", "Dänemark", "Denmark")
DANISH_STARTS = _words("26 27 28 29 32 33 46 47 48 54 55 67 68 70 77 80 87 88 90 96")  # valid to phonenumbers
STATUSES = ("aktiv", "inaktiv", "1", "0", "ja", "nej", "Active", "")
DOMAINS = ("gmail.com", "web.de", "gmx.de", "t-online.de", "firma.de", "outlook.com", "mail.dk", "jubii.dk")
LEGAL = ("GmbH", "GmbH & Co. KG", "AG", "ApS", "A/S", "e.K.", "KG", "UG (haftungsbeschränkt)", "")


def synthetic_customers(rows: int, seed: int = 42) -> pd.DataFrame:
    """A seeded canonical customer frame of ``rows`` rows (all cells str or None)."""
    rng = np.random.default_rng(seed)

    def pick(options, p_missing=0.0):
        values = np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)]
        values[rng.random(rows) < p_missing] = None
        return values

    def join(*columns):
        return np.array(["".join(parts) for parts in zip(*columns, strict=True)], dtype=object)

    first = pick(FIRST_NAMES, 0.02)
    last = join(pick(LAST_ROOTS), pick(LAST_PARTS), np.where(rng.random(rows) < 0.05,
                                                             "-" + pick(LAST_ROOTS).astype(str), ""))
    serial = rng.integers(0, 10**7, rows).astype(str)
    email = join(np.char.lower(first.astype(str)), np.full(rows, "."), np.char.lower(last.astype(str)), serial,
                 np.full(rows, "@"), pick(DOMAINS))
    email[rng.random(rows) < 0.03] = "keine@firma.de"
    role = rng.random(rows) < 0.05
    email[role] = ["info@" + domain for domain in pick(DOMAINS)[role]]
    email[rng.random(rows) < 0.15] = None

    company = join(pick(LAST_ROOTS), np.full(rows, " "), pick(LEGAL))
    company[rng.random(rows) < 0.6] = None
    street = join(pick(STREETS), pick(STREET_TYPES), np.full(rows, " "),
                  rng.integers(1, 300, rows).astype(str), pick(("", "", "", " a", "b", ", 2. th.")))
    country = pick(COUNTRIES)
    danish = np.isin(country, ("Danmark", "DK", "Dänemark", "Denmark"))
    postcode = np.where(danish, rng.integers(1000, 9990, rows).astype(str),
                        np.char.zfill(rng.integers(1067, 99999, rows).astype(str), 5)).astype(object)
    prefixed = rng.random(rows) < 0.02
    postcode[prefixed] = [("DK-" if dk else "D-") + code for dk, code in zip(danish[prefixed], postcode[prefixed],
                                                                                strict=True)]
    return pd.DataFrame(
        {
            "customer_no": np.arange(1, rows + 1).astype(str).astype(object),
            "company": company,
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": _phones(rng, rows, danish, landline=True),
            "mobile": _phones(rng, rows, danish, landline=False),
            "street": street,
            "postcode": postcode,
            "city": pick(CITIES, 0.02),
            "country": np.where(country == "", None, country).astype(object),
            "status": pick(STATUSES),
            "updated_at": _timestamps(rng, rows),
        },
        index=pd.RangeIndex(2, rows + 2, name="row"),
    )


def _phones(rng: np.random.Generator, rows: int, danish: np.ndarray, *, landline: bool) -> np.ndarray:
    """Mostly distinct numbers in the formats real exports carry."""
    subscriber = rng.integers(10**6, 10**7, rows).astype(str)
    area = np.asarray(("30", "40", "89", "221", "69", "711", "341") if landline else
                      ("1512", "160", "170", "171", "176", "172"), dtype=object)[rng.integers(0, 6, rows)]
    german = [
        lambda a, s: f"0{a} {s}", lambda a, s: f"+49 {a} {s}", lambda a, s: f"+49 (0){a} {s[:3]} {s[3:]}",
        lambda a, s: f"0049-{a}-{s}", lambda a, s: f"(0{a}) {s[:4]}-{s[4:]}", lambda a, s: f"0{a}/{s}",
        lambda a, s: f"49{a}{s}.0", lambda a, s: f"{a}{s}",
    ]
    weights = np.array([0.35, 0.2, 0.05, 0.1, 0.1, 0.1, 0.05, 0.05])
    style = rng.choice(len(german), rows, p=weights)
    dk = np.char.add(np.asarray(DANISH_STARTS)[rng.integers(0, len(DANISH_STARTS), rows)],
                     np.char.zfill(rng.integers(0, 10**6, rows).astype(str), 6)).astype(object)
    danish_styles = [lambda n: f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", lambda n: f"+45 {n[:4]} {n[4:]}",
                     lambda n: f"0045 {n}", lambda n: n]
    dk_style = rng.integers(0, len(danish_styles), rows)
    numbers = np.array([danish_styles[k](n) if is_dk else german[g](a, s)
                        for is_dk, g, a, s, k, n in zip(danish, style, area, subscriber, dk_style, dk, strict=True)],
                       dtype=object)
    numbers[rng.random(rows) < 0.02] = "0000000"
    numbers[rng.random(rows) < 0.01] = "n/a"
    numbers[rng.random(rows) < 0.3] = None
    return numbers


def _timestamps(rng: np.random.Generator, rows: int) -> np.ndarray:
    stamps = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 11 * 365 * 86400, rows), unit="s")
    formats = rng.integers(0, 4, rows)
    iso = stamps.strftime("%Y-%m-%dT%H:%M:%S").to_numpy(dtype=object)
    german = stamps.strftime("%d.%m.%Y %H:%M").to_numpy(dtype=object)
    danish = stamps.strftime("%d-%m-%Y").to_numpy(dtype=object)
    serial = ((stamps - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)).round(4).astype(str).to_numpy(dtype=object)
    return np.select([formats == 0, formats == 1, formats == 2], [iso, german, danish], serial).astype(object)


def measure(rows: int, persons: str | None = None) -> dict:
    """Build (or read) ``rows`` rows, time each key column and one whole ``add_keys``; seconds and peak memory."""
    frame = synthetic_customers(rows) if persons is None else pd.read_parquet(persons)
    built_rss = _peak_rss_mb()
    timings: dict[str, float] = {}

    cpu: dict[str, float] = {}

    def timed(name, function, *args, **options):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function(*args, **options)
        timings[name] = time.perf_counter() - start
        cpu[name] = time.process_time() - start_cpu
        return result

    def column(name: str) -> pd.Series:
        return frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)

    country = timed("country_key", country_key, column("country"))
    timed("email_key", email_key, column("email"))
    timed("phone_key", phone_key, column("phone"), country)
    timed("mobile_key", phone_key, column("mobile"), country)
    timed("first_name_key", name_key, column("first_name"))
    last = timed("last_name_key", name_key, column("last_name"))
    timed("last_name_phonetic_key", phonetic_key, last)
    timed("company_key", company_key, column("company"))
    timed("street_key", street_key, column("street"))
    timed("postcode_key", postcode_key, column("postcode"), country)
    timed("city_key", city_key, column("city"))
    timed("status_key", status_key, column("status"))
    timed("updated_at_key", updated_at_key, column("updated_at"))
    keyed = timed("add_keys (total)", add_keys, frame)
    return {
        "rows": rows,
        "seconds": timings,
        "cpu_seconds": cpu,
        "frame_mb": round(frame.memory_usage(deep=True).sum() / 2**20),
        "keyed_mb": round(keyed.memory_usage(deep=True).sum() / 2**20),
        "rss_after_build_mb": built_rss,
        "peak_rss_mb": _peak_rss_mb(),
        "distinct": {c: int(column(c).nunique()) for c in ("phone", "mobile", "email", "last_name", "street")},
    }


def _peak_rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # Linux reports KiB


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--persons", metavar="PERSONS_PY",
                        help="time the A files of this generator (../shared/eval/persons.py) instead")
    parser.add_argument("--child", metavar="PARQUET", nargs="?", const="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.rows[0], args.child or None)))
        return
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            source = ""
            if args.persons:
                subprocess.run([sys.executable, args.persons, str(rows), folder], check=True, capture_output=True)
                source = str(Path(folder) / f"synth_{rows}_A.parquet")
            child = subprocess.run([sys.executable, __file__, "--rows", str(rows), "--child", source], check=True,
                                   capture_output=True, text=True)
            results.append(json.loads(child.stdout.splitlines()[-1]))
    _print_table(results)


def _print_table(results: list[dict]) -> None:
    columns = list(results[0]["seconds"])
    header = f"| {'seconds (wall / CPU)':<24} | " + " | ".join(f"{r['rows']:>15,}" for r in results) + " |"
    print(header)
    print("|" + "-" * 26 + "|" + "|".join("-" * 17 for _ in results) + "|")
    for column in columns:
        print(f"| {column:<24} | "
              + " | ".join(f"{r['seconds'][column]:>7.2f} / {r['cpu_seconds'][column]:>5.2f}" for r in results) + " |")
    print(f"| {'sum of key columns':<24} | "
          + " | ".join(f"{sum(v for k, v in r['seconds'].items() if k != 'add_keys (total)'):>15.2f}"
                       for r in results) + " |")
    for label, key in (("frame in memory (MB)", "frame_mb"), ("frame + keys (MB)", "keyed_mb"),
                       ("RSS after building (MB)", "rss_after_build_mb"), ("peak RSS (MB)", "peak_rss_mb")):
        print(f"| {label:<24} | " + " | ".join(f"{r[key]:>15,}" for r in results) + " |")
    for column in results[0]["distinct"]:
        print(f"| {'distinct ' + column:<24} | " + " | ".join(f"{r['distinct'][column]:>15,}" for r in results)
              + " |")


if __name__ == "__main__":
    main()
