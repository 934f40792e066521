"""Safety checks on an Office Open XML package (xlsx) before any parser sees it.

An ``.xlsx`` is a zip archive of XML parts. Before openpyxl or calamine opens one,
:func:`check_workbook_package` makes sure that it is a zip at all (and not an
encrypted or old binary workbook), that it is complete, that it does not unpack to
more than a limit (zip bombs), that no XML part declares a DTD or entities
("billion laughs": refused without expanding anything) and that no text in it is so
long that reading it would be pointless. The parts are streamed, so none of this
holds more than one chunk in memory.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from workbench.errors import InputError
from workbench.io.cells import cell_too_large
from workbench.io.limits import ReadLimits

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 1 << 20
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def check_workbook_package(path: Path, limits: ReadLimits) -> None:
    """Refuse a file that is not a complete, harmless xlsx package.

    Raises:
        InputError: empty file, encrypted/old binary workbook, not a zip, truncated or
            damaged archive, unpacked size above ``limits.max_unpacked_bytes``, DTD or
            entity declarations in an XML part, or a text run that must exceed
            ``limits.max_cell_chars``.
    """
    source = str(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not head:
        raise InputError("the file is empty (0 bytes)", file=source, hint="Export the workbook again.")
    if head.startswith(OLE2_MAGIC[:4]):
        raise InputError(
            "this is not an xlsx workbook but an encrypted (password-protected) workbook or an old .xls file",
            file=source,
            hint="Open it in Excel, remove the password (File > Info > Protect Workbook) or, for an .xls, "
            "save it as .xlsx (Excel Workbook), then read that file.",
        )
    if not head.startswith(ZIP_MAGIC):
        raise InputError(
            "this is not an Excel workbook (an .xlsx file is a zip archive, this file is not)",
            file=source,
            hint="Check that the file is really an .xlsx; a CSV or text file must end in .csv or .txt.",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declared = sum(info.file_size for info in members)
            if declared > limits.max_unpacked_bytes:
                raise _too_big(source, declared, limits)
            unpacked = 0
            for info in members:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    unpacked = _scan_part(archive, info, source, unpacked, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise InputError(
            f"the workbook is damaged or incomplete ({error})",
            file=source,
            hint="The file was probably truncated while copying or downloading; export or copy it again.",
        ) from None


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, unpacked: int,
               limits: ReadLimits) -> int:
    """Stream one XML part; return the running unpacked total."""
    # A text node (cell) of `run_limit` bytes holds more than max_cell_chars characters
    # even if each character took ten bytes (the longest escape, e.g. "&#1114111;").
    run_limit = 10 * limits.max_cell_chars
    run = 0  # bytes since the last "<"
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            unpacked += len(chunk)
            if unpacked > limits.max_unpacked_bytes:
                raise _too_big(source, unpacked, limits)
            seam = tail + chunk[:16]
            if any(mark in chunk or mark in seam for mark in _DECLARATIONS):
                raise InputError(
                    f"the workbook part {info.filename} declares a DTD or XML entities, which Excel never writes",
                    file=source,
                    hint="The file may be crafted to exhaust memory (an XML bomb); do not use it. "
                    "Save the data from the original application again.",
                )
            tail = chunk[-16:]
            first = chunk.find(b"<")
            if first < 0:
                run += len(chunk)
            else:
                if run + first >= run_limit:
                    raise cell_too_large(source, None, None, None, limits.max_cell_chars)
                run = len(chunk) - chunk.rfind(b"<") - 1
            if run >= run_limit:
                raise cell_too_large(source, None, None, None, limits.max_cell_chars)
    return unpacked


def _too_big(source: str, size: int, limits: ReadLimits) -> InputError:
    return InputError(
        f"the workbook unpacks to more than {limits.max_unpacked_bytes:,} bytes (at least {size:,})",
        file=source,
        hint="It may be a zip bomb. If it is a genuine workbook, raise ReadLimits.max_unpacked_bytes.",
    )
