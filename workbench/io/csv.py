"""CSV and text files: detect the encoding and separator, read cells as text, write the workbench format.

Reading:

* **Encoding**: a byte-order mark decides (UTF-8, UTF-16); otherwise the file is
  UTF-8 when all of it decodes as UTF-8, else Windows-1252 (cp1252, what Excel
  writes on German and Danish Windows). A file that is neither, UTF-16 without a
  byte-order mark (NUL bytes) and a UTF-8 file broken part-way are refused.
  ``encoding=`` overrides the detection.
* **Separator**: ``;``, ``,``, tab or ``|``, whichever splits the first 64 KB into
  the most rows of one consistent width (Excel's ``sep=;`` first line is honoured).
  ``delimiter=`` overrides.
* **Cells**: the stdlib csv parser (C) reads quoted fields with line breaks, ragged
  rows and title lines above the header. Row numbers count records as a spreadsheet
  program shows them: a quoted line break does not start a new row. Empty cells become
  None; a protective apostrophe before ``= + - @``, tab or CR (which the writer adds) is
  removed again.
* **Quotes that do not pair up** are refused with the line where they are, never read
  as fewer rows: a quote never closed (the rest of the file would be one cell), text
  after a closing quote, and a quoted cell whose line breaks hold what look like further
  rows (lines with as many separators as a row), which a stray quote swallowed.

Writing: UTF-8 with byte-order mark, ``;`` as separator, CRLF line ends, a header row
of column names; text starting with ``= + - @``, tab or CR (after any apostrophes) gets
one more leading apostrophe so spreadsheet programs do not run it as a formula.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.atomic import atomic_open
from workbench.errors import InputError
from workbench.io.base import RawTable
from workbench.io.cells import BLOCK_ROWS, cell_too_large, columns_from_blocks, frame_from_columns, writable_columns
from workbench.io.limits import DEFAULT_LIMITS, ReadLimits
from workbench.io.sources import existing_file

DELIMITERS = (";", ",", "\t", "|")
"""Separators recognised without ``delimiter=``, in order of preference on a tie."""

_SAMPLE_BYTES = 64 * 1024
_CHUNK_BYTES = 1 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_PROTECTED = tuple(b"'" + trigger for trigger in (b"=", b"+", b"-", b"@", b"\t", b"\r"))
_NEEDS_APOSTROPHE = re.compile(r"'*[=+\-@\t\r]")
_STRIP_APOSTROPHE = re.compile(r"'+[=+\-@\t\r]")


@dataclass(frozen=True)
class Survey:
    """What one streaming pass over the bytes found out."""

    encoding: str
    delimiter: str
    protected: bool
    """whether any cell may carry a protective apostrophe"""


class CsvConnector:
    """Reads and writes .csv, .tsv and .txt files.

    Read options: ``encoding``, ``delimiter``, ``limits`` (:class:`ReadLimits`).
    Write options: ``delimiter`` (default ``;``, tab for .tsv).
    """

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        """Read every record of a delimited text file as text cells (see the module docstring)."""
        path = existing_file(source)
        limits: ReadLimits = options.get("limits") or DEFAULT_LIMITS
        survey = survey_file(path, options.get("encoding"), options.get("delimiter"), limits)
        columns, rows = _parse(path, survey, limits)
        if survey.protected:
            columns = [_strip_apostrophes(values) for values in columns]
        cells = frame_from_columns(dict(enumerate(columns, start=1)), range(1, rows + 1))
        return RawTable(cells=cells, source=str(source), encoding=survey.encoding, delimiter=survey.delimiter)

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        """Write ``frame`` as UTF-8 (with BOM) CSV with a header row, atomically (see the module docstring)."""
        delimiter = options.get("delimiter") or ("\t" if Path(target).suffix.lower() == ".tsv" else ";")
        columns = writable_columns(frame)
        _refuse_nul(columns, str(target))
        header = [protect(name) for name, _ in columns]
        body = [[protect(value) if value is not None else None for value in texts] for _, texts in columns]
        with atomic_open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(zip(*body, strict=True))


def _refuse_nul(columns: list[tuple[str, list[str | None]]], target: str) -> None:
    """A NUL character cannot travel in a CSV file (readers take it for a binary file)."""
    for header, texts in columns:
        if "\x00" in "".join(filter(None, texts)):
            position = next(i for i, text in enumerate(texts) if text and "\x00" in text)
            raise InputError("a cell holds a NUL character, which a CSV file cannot carry", file=target,
                             row=position + 2, column=header, hint="Remove it from the cell, or write .xlsx.")


def protect(text: str) -> str:
    """Text with an apostrophe in front when a spreadsheet program would read it as a formula.

    Text that already starts with apostrophes before such a character gets one more,
    so that reading strips exactly one and returns the original.

    Examples:
        >>> protect("=SUM(A1)"), protect("+49 30 1234"), protect("'=x"), protect("Müller")
        ("'=SUM(A1)", "'+49 30 1234", "''=x", 'Müller')
    """
    return "'" + text if _NEEDS_APOSTROPHE.match(text) else text


def survey_file(path: Path, encoding: str | None, delimiter: str | None, limits: ReadLimits) -> Survey:
    """Detect encoding and separator, and check the bytes, in one streaming pass.

    Raises:
        InputError: empty file, NUL bytes (UTF-16 without BOM, binary file), bytes that
            are neither UTF-8 nor Windows-1252, or a field longer than the cell limit.
    """
    source = str(path)
    with open(path, "rb") as handle:
        head = handle.read(_SAMPLE_BYTES)
    if not head:
        raise InputError("the file is empty (0 bytes)", file=source, hint="Export the table again.")
    bom = next((name for mark, name in _BOMS if head.startswith(mark)), None)
    if encoding is not None:
        encoding = _checked_encoding(encoding, source)
        if bom == "utf-8-sig" and codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
    guess = encoding or bom or "utf-8"
    if delimiter is None:
        delimiter = sniff_delimiter(_sample_text(head, guess))
    elif len(delimiter) != 1:
        raise InputError(f"the delimiter must be one character, not {delimiter!r}", file=source)
    if codecs.lookup(guess).name.startswith(("utf-16", "utf-32")):
        return Survey(encoding=guess, delimiter=delimiter, protected=True)
    return _scan(path, encoding or bom, delimiter, limits)


def sniff_delimiter(sample: str) -> str:
    """The separator that splits ``sample`` into the most rows of one width.

    Examples:
        >>> sniff_delimiter("Kundenliste\\nKd.-Nr.;Name;Ort\\n1;Müller, Hans;Köln\\n2;Weber;Bonn\\n")
        ';'
        >>> sniff_delimiter("id,name\\n1,a;b\\n2,c\\n")
        ','
        >>> sniff_delimiter("sep=|\\na|b\\n")
        '|'
    """
    first_line = sample.split("\n", 1)[0].strip()
    if len(first_line) == 5 and first_line.lower().startswith("sep="):
        return first_line[4]
    best, best_score = DELIMITERS[0], (0, 0)
    for candidate in DELIMITERS:
        widths = Counter(_record_widths(sample, candidate))
        if widths:
            width, rows = max(widths.items(), key=lambda item: (item[1], item[0]))
            if (rows, width) > best_score:
                best, best_score = candidate, (rows, width)
    return best


def _record_widths(sample: str, delimiter: str) -> Iterator[int]:
    """Widths of the records of ``sample`` split at ``delimiter`` (stops where that cannot parse)."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    try:
        for record in reader:
            if len(record) > 1:
                yield len(record)
    except csv.Error:
        return


def _sample_text(head: bytes, encoding: str) -> str:
    """The first 64 KB as text, cut after the last complete line when the file is longer."""
    if codecs.lookup(encoding).name.startswith("utf-16"):
        head = head[: len(head) - len(head) % 2]
    text = head.decode(encoding, errors="replace")
    if len(head) >= _SAMPLE_BYTES - 1 and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    return text


def _checked_encoding(encoding: str, source: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"unknown encoding {encoding!r}", file=source, hint="Use e.g. 'utf-8', 'cp1252' or 'latin-1'."
        ) from None


def _scan(path: Path, encoding: str | None, delimiter: str, limits: ReadLimits) -> Survey:
    """Stream the bytes: UTF-8 validity, Windows-1252 validity, NUL bytes, over-long fields, apostrophes."""
    source = str(path)
    decoder = codecs.getincrementaldecoder(encoding or "utf-8")()
    utf8_error: tuple[int, bool] | None = None  # (line, seen non-ASCII before it)
    cp1252_error: tuple[int, int] | None = None  # (line, byte)
    non_ascii = protected = False
    last_byte = b""
    lines = 1
    run, run_limit = 0, 4 * limits.max_cell_chars  # a field of run_limit bytes exceeds the limit in any encoding
    separator = delimiter.encode("ascii", "replace")
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            if b"\x00" in chunk:  # never text in an 8-bit encoding (UTF-16/32 are not scanned)
                line = lines + chunk.count(b"\n", 0, chunk.index(b"\x00"))
                raise InputError(
                    f"the file contains NUL bytes (line {line})",
                    file=source,
                    hint="It is probably UTF-16 without a byte-order mark (pass encoding='utf-16-le') "
                    "or not a text file at all; save it from Excel as 'CSV UTF-8'.",
                )
            seam, last_byte = last_byte + chunk[:1], chunk[-1:]
            protected = protected or any(mark in chunk or mark == seam for mark in _PROTECTED)
            if utf8_error is None:
                try:
                    decoder.decode(chunk)
                    non_ascii = non_ascii or not chunk.isascii()
                except UnicodeDecodeError as error:
                    start = max(error.start, 0)
                    line = lines + chunk.count(b"\n", 0, start)
                    if encoding is not None:
                        raise InputError(f"the file is not valid {encoding} (line {line})", file=source,
                                         hint="Pass the right encoding=, or leave it out to detect it.") from None
                    utf8_error = (line, non_ascii or not chunk[:start].isascii())
            if encoding is None and cp1252_error is None and (bad := _CP1252_UNDEFINED.search(chunk)):
                cp1252_error = (lines + chunk.count(b"\n", 0, bad.start()), bad.group()[0])
            first = min((at for at in (chunk.find(b"\n"), chunk.find(separator)) if at >= 0), default=-1)
            if first < 0:
                run += len(chunk)
            else:
                if run + first >= run_limit:
                    raise cell_too_large(source, lines, None, None, limits.max_cell_chars)
                run = len(chunk) - max(chunk.rfind(b"\n"), chunk.rfind(separator)) - 1
            if run >= run_limit:
                raise cell_too_large(source, lines + chunk.count(b"\n"), None, None, limits.max_cell_chars)
            lines += chunk.count(b"\n")
    if utf8_error is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if encoding is not None:
                raise InputError(f"the file is not valid {encoding} (it ends in the middle of a character)",
                                 file=source, hint="Pass the right encoding=, or leave it out to detect it.") from None
            utf8_error = (lines, non_ascii)
    return Survey(encoding=encoding or _decided_encoding(source, utf8_error, cp1252_error),
                  delimiter=delimiter, protected=protected)


def _decided_encoding(source: str, utf8_error: tuple[int, bool] | None, cp1252_error: tuple[int, int] | None) -> str:
    if utf8_error is None:
        return "utf-8"
    line, after_utf8 = utf8_error
    if after_utf8:
        raise InputError(
            f"the file is UTF-8 up to line {line}, where it holds bytes that are not UTF-8",
            file=source,
            hint="The file was probably put together from parts in different encodings. Fix that line, "
            "or pass encoding='cp1252' if the whole file is Windows-1252.",
        )
    if cp1252_error is not None:
        bad_line, byte = cp1252_error
        raise InputError(
            f"the file is neither UTF-8 nor Windows-1252 (byte 0x{byte:02X} in line {bad_line})",
            file=source,
            hint="Pass the right encoding, e.g. encoding='latin-1', or save the file as 'CSV UTF-8'.",
        )
    return "cp1252"


def _parse(path: Path, survey: Survey, limits: ReadLimits) -> tuple[list[np.ndarray], int]:
    """All records as columns of ``str``/``None`` (ragged rows padded), and the number of records."""
    previous_limit = csv.field_size_limit(limits.max_cell_chars)
    try:
        with open(path, encoding=survey.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=survey.delimiter, strict=True)
            return columns_from_blocks(_blocks(reader, str(path), limits))
    finally:
        csv.field_size_limit(previous_limit)


_QUOTE_HINT = ("Remove the stray quote, or double it (\"\") where it belongs to the text, or quote the whole cell; "
               "then read the file again.")


def _blocks(reader: Any, source: str, limits: ReadLimits) -> Iterator[list[list[str]]]:
    """Records in blocks of BLOCK_ROWS, with parse and decode errors turned into InputErrors."""
    block: list[list[str]] = []
    done = line = width = 0  # records yielded; the line the last record ended on; the widest record so far
    try:
        for record in reader:
            if reader.line_num > line + 1:  # a quoted line break, or a stray quote
                _refuse_swallowed_rows(record, source, done + len(block) + 1, line + 1, reader.dialect.delimiter,
                                       width)
            line = reader.line_num
            width = max(width, len(record))
            block.append(record)
            if len(block) == BLOCK_ROWS:
                yield block
                done += len(block)
                block = []
    except csv.Error as error:
        row = done + len(block) + 1
        if "field larger than field limit" in str(error):
            raise cell_too_large(source, row, None, None, limits.max_cell_chars) from None
        if "unexpected end of data" in str(error):
            raise InputError(f"a quote in line {line + 1} opens a cell that is never closed: the rest of the file "
                             "would be one cell", file=source, row=row, hint=_QUOTE_HINT) from None
        if "expected after" in str(error):
            raise InputError(f"a quote in line {reader.line_num} closes a cell that goes on after it ({error})",
                             file=source, row=row, hint=_QUOTE_HINT) from None
        raise InputError(f"the file cannot be read as CSV ({error})", file=source, row=row,
                         hint="Check the quoting in that row.") from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"the file is not valid {error.encoding} (near row {done + len(block) + 1})",  # after the survey: rare
            file=source,
            hint="Pass the right encoding=, or leave it out to detect it.",
        ) from None
    if block:
        yield block


def _refuse_swallowed_rows(record: list[str], source: str, row: int, line: int, delimiter: str, width: int) -> None:
    """Refuse a record whose quoted line breaks hold lines that look like rows (as many separators as a row).

    Raises:
        InputError: naming the row and the line where the quote opened.
    """
    separators = max(width - 1, 1)
    for cell in record:
        if "\n" not in cell:
            continue
        swallowed = sum(part.count(delimiter) >= separators for part in cell.splitlines()[1:])
        if swallowed:
            raise InputError(f"a quote in line {line} opens a cell that runs over {cell.count(chr(10)) + 1} lines "
                             f"and swallows what look like {swallowed} further rows", file=source, row=row,
                             hint=_QUOTE_HINT)


def _strip_apostrophes(values: np.ndarray) -> np.ndarray:
    series = pd.Series(values, dtype=object)
    marked = series.str.match(_STRIP_APOSTROPHE, na=False).to_numpy(dtype=bool)
    if marked.any():
        values = values.copy()
        values[marked] = [text[1:] for text in values[marked]]
    return values
