"""Cell values as text: how numbers, dates and booleans from a source are written down.

Readers hand every cell over as ``str`` or ``None`` (see :mod:`workbench.io.base`), so
typed values from workbooks and databases are turned into the text a person would
type: ``10001`` rather than ``10001.0``, dates as ISO 8601. Binary values (photos,
BLOBs) stay ``bytes``.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from workbench.errors import InputError

BLOCK_ROWS = 100_000
"""Rows converted at a time by the readers (bounds the memory of intermediate Python lists)."""


def number_text(value: float) -> str:
    """A number as Excel shows it in a General cell: no spurious ``.0``, 15 significant digits.

    Examples:
        >>> number_text(10001.0), number_text(3.14), number_text(0.1 + 0.2), number_text(4930123456.0)
        ('10001', '3.14', '0.3', '4930123456')
    """
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(value, ".15g")


def cell_text(value: Any) -> str | bytes | None:
    """One typed cell value as text (``None`` for empty; bytes are passed through).

    Examples:
        >>> cell_text(10001.0), cell_text(""), cell_text(True), cell_text(dt.date(2024, 3, 5))
        ('10001', None, 'TRUE', '2024-03-05')
        >>> cell_text(dt.datetime(2024, 3, 5, 10, 30))
        '2024-03-05T10:30:00'
    """
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return None if value != value else number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return str(value)


def column_text(values: Sequence[Any]) -> np.ndarray:
    """A column of typed cells as an object array of ``str``/``None`` (bytes kept).

    Vectorised by type: text cells only lose their empty strings, numbers are
    converted with numpy, and only the rare other types (dates, booleans) are
    converted cell by cell.

    Examples:
        >>> column_text(["a", "", None, 10001.0, 2.5, True]).tolist()
        ['a', None, None, '10001', '2.5', 'TRUE']
    """
    array = np.empty(len(values), dtype=object)
    array[:] = values
    kinds = np.fromiter(map(type, array), dtype=object, count=len(array))
    is_text = np.equal(kinds, str)
    if is_text.all():
        array[array == ""] = None
        return array
    out = np.full(len(array), None, dtype=object)
    texts = array[is_text]
    texts[texts == ""] = None
    out[is_text] = texts
    is_float = np.equal(kinds, float)
    if is_float.any():
        out[is_float] = float_texts(array[is_float].astype(np.float64))
    other = ~(is_text | is_float | np.equal(kinds, type(None)))
    if other.any():
        out[other] = [cell_text(value) for value in array[other]]
    return out


def float_texts(numbers: np.ndarray) -> np.ndarray:
    """:func:`number_text` for an array of floats, vectorised (NaN becomes None).

    Examples:
        >>> float_texts(np.array([10001.0, 0.1 + 0.2, float("nan"), -3.0])).tolist()
        ['10001', '0.3', None, '-3']
    """
    out = np.full(len(numbers), None, dtype=object)
    finite = np.isfinite(numbers)
    whole = finite & (np.trunc(numbers) == numbers) & (np.abs(numbers) < 1e16)
    out[whole] = numbers[whole].astype(np.int64).astype(str).tolist()
    fractional = finite & ~whole
    out[fractional] = [format(value, ".15g") for value in numbers[fractional]]
    return out


def blocks_of(rows: Iterable[Any], size: int = BLOCK_ROWS) -> Iterator[list[Any]]:
    """``rows`` in lists of up to ``size`` (the last one shorter).

    Examples:
        >>> [len(block) for block in blocks_of(range(5), 2)]
        [2, 2, 1]
    """
    iterator = iter(rows)
    while block := list(itertools.islice(iterator, size)):
        yield block


def columns_from_blocks(blocks: Iterable[Sequence[Sequence[Any]]]) -> tuple[list[np.ndarray], int]:
    """Blocks of rows as text columns (:func:`column_text`), and the number of rows.

    Converting block by block keeps only one block of Python row lists alive at a
    time. Ragged rows are padded with None.

    Examples:
        >>> columns, rows = columns_from_blocks([[["a", 1.0], ["b"]], [["c", "", "x"]]])
        >>> rows, [column.tolist() for column in columns]
        (3, [['a', 'b', 'c'], ['1', None, None], [None, None, 'x']])
    """
    converted = [(len(block), [column_text(values) for values in itertools.zip_longest(*block)])
                 for block in blocks]
    width = max((len(columns) for _, columns in converted), default=0)
    rows = sum(size for size, _ in converted)
    if len(converted) == 1 and all(len(columns) == width for _, columns in converted):
        return converted[0][1], rows
    merged = [
        np.concatenate([columns[j] if j < len(columns) else np.full(size, None, dtype=object)
                        for size, columns in converted])
        for j in range(width)
    ]
    return merged, rows


def frame_from_columns(columns: dict[Any, np.ndarray], index: Iterable[int]) -> pd.DataFrame:
    """A frame of text columns with the 1-based ``row`` index the contract asks for."""
    frame = pd.DataFrame(columns, dtype=object)
    frame.index = pd.Index(index, dtype="int64", name="row")
    return frame


def check_cell_sizes(
    frame: pd.DataFrame, max_chars: int, source: str, column_name: Callable[[Any], str] = str
) -> None:
    """Refuse a frame holding a text cell longer than ``max_chars``.

    Args:
        frame: Cells with the source's row numbers as index.
        max_chars: The limit.
        source: File or URL for the message.
        column_name: How a column label is shown (e.g. as a spreadsheet letter).

    Raises:
        InputError: naming the file, row and column of the first such cell.

    Examples:
        >>> check_cell_sizes(pd.DataFrame({"Notiz": ["x" * 5]}, index=pd.Index([2], name="row")), 4, "a.csv")
        Traceback (most recent call last):
        ...
        workbench.errors.InputError: a.csv, row 2, column 'Notiz': a cell holds 5 characters, more than ...
    """
    for column in frame.columns:
        values = frame[column].to_numpy()
        if max(map(len, filter(None, values)), default=0) <= max_chars:  # fast: C loops, bytes counted too
            continue
        lengths = frame[column].map(lambda v: len(v) if isinstance(v, str) else 0)
        if lengths.max() > max_chars:
            row = lengths.idxmax()
            raise cell_too_large(source, int(row), column_name(column), int(lengths[row]), max_chars)


def cell_too_large(source: str, row: int | None, column: str | None, size: int | None, max_chars: int) -> InputError:
    """The error for a cell above the size limit (``size`` None when it was refused early)."""
    held = f"{size:,} characters" if size is not None else "far more characters"
    return InputError(
        f"a cell holds {held}, more than the limit of {max_chars:,}",
        file=source,
        row=row,
        column=column,
        hint="Shorten the cell in the source, or raise ReadLimits.max_cell_chars if the text is genuine.",
    )


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet program treat a cell as a formula."""


def writable_columns(frame: pd.DataFrame, *, binary: str = "base64") -> list[tuple[str, list[str | None]]]:
    """The frame's columns as ``(header, texts)`` for a file writer.

    Cells become ``str`` or ``None``; numbers and dates their text as :func:`cell_text`
    writes it; bytes (photos) base64 text, or with ``binary="size"`` only their size
    (:func:`binary_size`: spreadsheets hold no pictures in cells, and a cell no more than
    32,767 characters). Text columns pass unchanged.

    Examples:
        >>> writable_columns(pd.DataFrame({"PLZ": ["01067", None], "n": [1.0, float("nan")]}))
        [('PLZ', ['01067', None]), ('n', ['1', None])]
        >>> writable_columns(pd.DataFrame({"PHOTO": [b"\\xff\\xd8"]})), writable_columns(
        ...     pd.DataFrame({"PHOTO": [b"\\xff\\xd8"]}), binary="size")
        ([('PHOTO', ['/9g='])], [('PHOTO', ['(binary data, 2 bytes)'])])
    """
    as_text = _base64_text if binary == "base64" else binary_size
    columns = []
    for header in frame.columns:
        values = frame[header].to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            values = np.fromiter((_written_text(value, as_text) for value in values), dtype=object, count=len(values))
        else:
            values = np.where(pd.isna(values), None, values)
        columns.append((str(header), values.tolist()))
    return columns


def binary_size(data: bytes) -> str:
    """What a spreadsheet shows for binary data (a photo): its size.

    Examples:
        >>> binary_size(bytes(30_712))
        '(binary data, 30,712 bytes)'
    """
    return f"(binary data, {len(data):,} bytes)"


def _base64_text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _written_text(value: Any, binary_text: Callable[[bytes], str]) -> str | None:
    text = cell_text(value)
    if isinstance(text, bytes):
        return binary_text(text)
    return text
