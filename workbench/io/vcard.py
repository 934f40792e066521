"""vCard files (.vcf): contacts as rows, and contacts written back as vCard 3.0.

Reading uses vobject to unfold lines and split each into name, parameters and value
(vCard 2.1, 3.0 and 4.0). Values are decoded here, not by vobject's behaviours, because
those cut text at unescaped commas ("NOTE:Hello, world" became "Hello") and decode
quoted-printable as UTF-8 whatever the CHARSET says.

One card is one row (row = card number, from 1). Columns:

* canonical fields: ``first_name``/``last_name`` (N), ``company`` (ORG, first part),
  ``email`` (the PREF email, else the first), ``mobile`` (the first TEL of type CELL),
  ``phone`` (the first other TEL of type WORK, VOICE, HOME or without type),
  ``street``/``postcode``/``city``/``country`` (the PREF address, else the first);
* ``EMAIL (all)``, ``TEL (all)``, ``ADR (all)``: every email, phone and address, one
  per line as ``TYPES: value`` (addresses in vCard form ``box;extended;street;city;
  region;postcode;country``);
* ``N`` and ``ORG``: the whole structured value (``family;given;additional;prefix;
  suffix``, ``company;department``);
* every other property under its name (``FN``, ``TITLE``, ``NOTE``, ``UID``,
  ``X-WORKBENCH-ID``…; repeated properties one per line);
* binary properties (``PHOTO``, ``LOGO``…) as ``bytes`` with their media type in
  ``PHOTO type`` — the one exception to the text-only cells of the frame contract.

Writing produces vCard 3.0 as Outlook imports it. The canonical fields are
authoritative: each replaces the value it was read from (so an edited mobile number
replaces the CELL entry of ``TEL (all)``), everything else is written as read, so a
read → write → read round trip gives the same table.
"""

from __future__ import annotations

import base64
import binascii
import io
import quopri
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from vobject.base import ContentLine, ParseError, getLogicalLines, newFromBehavior, parseLine

from workbench.atomic import atomic_open
from workbench.errors import InputError
from workbench.io.base import RawTable
from workbench.io.cells import frame_from_columns
from workbench.io.limits import DEFAULT_LIMITS, ReadLimits
from workbench.io.sources import existing_file

ALL_EMAILS, ALL_PHONES, ALL_ADDRESSES = "EMAIL (all)", "TEL (all)", "ADR (all)"
MEDIA_TYPE_SUFFIX = " type"
"""``PHOTO type`` holds the media type of the bytes in ``PHOTO``."""

_CANONICAL = ("first_name", "last_name", "company", "email", "phone", "mobile", "street", "postcode", "city",
              "country")
_LEADING_EXTRAS = ("FN", "N", "ORG", "TITLE", "EMAIL (all)", "TEL (all)", "ADR (all)")
_SKIPPED = frozenset({"VERSION", "PRODID", "BEGIN", "END"})
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_PHONE_TYPES = frozenset({"WORK", "VOICE", "HOME", "MAIN"})
_NOT_PHONE_TYPES = frozenset({"CELL", "FAX", "PAGER", "TEXTPHONE", "VIDEO", "MODEM", "CAR", "ISDN", "BBS", "MSG"})
_ADDRESS_PARTS = {"street": 2, "city": 3, "postcode": 5, "country": 6}
_PROPERTY_NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")
_GENERIC_PROPERTIES = frozenset({
    "NICKNAME", "PHOTO", "BDAY", "LABEL", "MAILER", "TZ", "GEO", "TITLE", "ROLE", "LOGO", "CATEGORIES", "NOTE",
    "REV", "SORT-STRING", "SOUND", "UID", "URL", "CLASS", "KEY", "IMPP", "KIND", "GENDER", "LANG", "ANNIVERSARY",
    "RELATED", "MEMBER", "FBURL", "CALADRURI", "CALURI", "SOURCE",
})
"""Properties written as they were read (N, FN, ORG, EMAIL, TEL, ADR are built from their columns)."""
_ENTRY = re.compile(r"^([A-Za-z0-9=,-]+): (.*)$", re.DOTALL)
_UNESCAPES = {"n": "\n", "N": "\n"}


@dataclass
class Property:
    """One content line of a card, undecoded."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    @property
    def types(self) -> list[str]:
        """TYPE values in upper case (PREF included, also when given as 4.0 ``PREF=1``)."""
        types = [t.upper() for value in self.params.get("TYPE", []) for t in value.split(",") if t]
        if "PREF" in self.params and "PREF" not in types:
            types.append("PREF")
        return types


@dataclass
class Card:
    """The properties of one BEGIN:VCARD … END:VCARD block."""

    number: int
    properties: list[Property] = field(default_factory=list)


class VCardConnector:
    """Reads .vcf files (vCard 2.1, 3.0, 4.0) and writes vCard 3.0.

    Read option: ``limits`` (:class:`ReadLimits`).
    """

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        """One row per card, columns as described in the module docstring."""
        path = existing_file(source)
        limits: ReadLimits = options.get("limits") or DEFAULT_LIMITS
        data = path.read_bytes()
        if not data.strip():
            raise InputError("the file is empty", file=str(source), hint="Export the contacts again.")
        text, encoding = _decoded(data)
        records = [_record(card, str(source), limits) for card in read_cards(text, str(source))]
        if not records:
            raise InputError("the file holds no vCard (no BEGIN:VCARD line)", file=str(source),
                             hint="Check that this is a contacts export (.vcf).")
        present = {key for record in records for key in record}
        names = [name for name in (*_CANONICAL, *_LEADING_EXTRAS) if name in present]
        names += sorted(present - set(names))
        columns = {name: [record.get(name) for record in records] for name in names}
        cells = frame_from_columns(columns, range(1, len(records) + 1))
        return RawTable(cells=cells, source=str(source), encoding=encoding)

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        """Write one vCard 3.0 per row, atomically (UTF-8, CRLF)."""
        cards = [_card(dict(zip(frame.columns, values, strict=True))) for values in frame.itertuples(index=False)]
        with atomic_open(target, "w", encoding="utf-8", newline="") as handle:
            for card in cards:
                handle.write(card.serialize())


def read_cards(text: str, source: str) -> Iterator[Card]:
    """The cards of a vCard file, with properties split by vobject (nested cards skipped).

    Examples:
        >>> [p.name for p in next(read_cards("BEGIN:VCARD\\nVERSION:3.0\\nFN:Ann\\nEND:VCARD\\n", "a.vcf")).properties]
        ['VERSION', 'FN']
    """
    card: Card | None = None
    depth = number = 0
    for line, first_line in getLogicalLines(io.StringIO(text)):
        line_number = max(first_line, 1)  # vobject counts the very first line as 0
        try:
            name, params, value, _group = parseLine(line, line_number)
        except ParseError:
            if card is None:
                continue  # text between cards is not part of any contact
            raise InputError(
                f"line {line_number} is not a vCard property: {line[:60]!r}",
                file=source,
                row=number,
                hint="Export the contacts again; the file may be damaged.",
            ) from None
        name = name.upper()
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            depth += 1
            if depth == 1:
                number += 1
                card = Card(number)
        elif name == "END" and value.strip().upper() == "VCARD":
            depth = max(depth - 1, 0)
            if depth == 0 and card is not None:
                yield card
                card = None
        elif card is not None and depth == 1:
            card.properties.append(Property(name, _params(params), value, line_number))


def _params(params: list[list[str]]) -> dict[str, list[str]]:
    """vobject's parameter lists as a dict; 2.1 bare parameters become TYPE or ENCODING."""
    result: dict[str, list[str]] = {}
    for name, *values in params:
        key = name.upper()
        if not values:
            key, values = ("ENCODING" if key in _ENCODINGS else "TYPE"), [name]
        result.setdefault(key, []).extend(values)
    return result


def _decoded(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _record(card: Card, source: str, limits: ReadLimits) -> dict[str, Any]:
    """One row: canonical fields, the kept properties, binary values."""
    record: dict[str, Any] = {}
    emails: list[tuple[list[str], str]] = []
    phones: list[tuple[list[str], str]] = []
    addresses: list[tuple[list[str], list[str]]] = []
    for prop in card.properties:
        if prop.name in _SKIPPED:
            continue
        value = _value(prop, card, source)
        if isinstance(value, bytes):
            record[prop.name] = value
            record[prop.name + MEDIA_TYPE_SUFFIX] = _media_type(prop)
            continue
        if len(value) > limits.max_cell_chars:
            raise InputError(
                f"the {prop.name} of card {card.number} holds {len(value):,} characters, more than the limit "
                f"of {limits.max_cell_chars:,}",
                file=source, row=card.number, column=prop.name,
                hint="Shorten it in the address book, or raise ReadLimits.max_cell_chars.",
            )
        if prop.name == "EMAIL":
            emails.append((prop.types, unescape(value)))
        elif prop.name == "TEL":
            phones.append((prop.types, unescape(value).removeprefix("tel:")))
        elif prop.name == "ADR":
            addresses.append((prop.types, [unescape(part) for part in split_components(value)]))
        elif prop.name in ("N", "ORG"):
            parts = split_components(value)
            if prop.name == "N":
                parts = (parts + [""] * 5)[:5]
                record["last_name"], record["first_name"] = unescape(parts[0]), unescape(parts[1])
            else:
                record["company"] = unescape(parts[0])
            record[prop.name] = ";".join(parts)
        else:
            text = unescape(value)
            record[prop.name] = f"{record[prop.name]}\n{text}" if prop.name in record else text
    _put_entries(record, emails, phones, addresses)
    return {key: (value if value != "" else None) for key, value in record.items()}


def _put_entries(record: dict[str, Any], emails: list[tuple[list[str], str]], phones: list[tuple[list[str], str]],
                 addresses: list[tuple[list[str], list[str]]]) -> None:
    if emails:
        record["email"] = emails[_preferred(emails)][1]
        record[ALL_EMAILS] = "\n".join(_entry_text(types, value) for types, value in emails)
    if phones:
        mobile, phone = _phone_slots([types for types, _ in phones])
        if mobile is not None:
            record["mobile"] = phones[mobile][1]
        if phone is not None:
            record["phone"] = phones[phone][1]
        record[ALL_PHONES] = "\n".join(_entry_text(types, value) for types, value in phones)
    if addresses:
        parts = (addresses[_preferred(addresses)][1] + [""] * 7)[:7]
        record.update({name: parts[index] for name, index in _ADDRESS_PARTS.items()})
        record[ALL_ADDRESSES] = "\n".join(_entry_text(types, join_components(parts)) for types, parts in addresses)


def _preferred(entries: list[tuple[list[str], Any]]) -> int:
    """Index of the PREF entry, else 0."""
    return next((i for i, (types, _) in enumerate(entries) if "PREF" in types), 0)


def _phone_slots(types: list[list[str]]) -> tuple[int | None, int | None]:
    """Indexes of the entry that is the mobile (first CELL) and the phone (first voice line)."""
    mobile = next((i for i, t in enumerate(types) if "CELL" in t), None)
    phone = next((i for i, t in enumerate(types)
                  if not set(t) & _NOT_PHONE_TYPES and (set(t) & _PHONE_TYPES or not set(t) - {"PREF"})), None)
    return mobile, phone


def _value(prop: Property, card: Card, source: str) -> str | bytes:
    """The property value: bytes for base64 content, else (still escaped) text."""
    encoding = {e.upper() for e in prop.params.get("ENCODING", [])}
    if encoding & {"B", "BASE64"}:
        return _base64(re.sub(r"\s+", "", prop.value), prop, card, source)
    if prop.value.startswith("data:") and ";base64," in prop.value[:100]:
        return _base64(prop.value.split(",", 1)[1], prop, card, source)
    if "QUOTED-PRINTABLE" in encoding:
        raw = quopri.decodestring(prop.value.encode("utf-8"))
        charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("cp1252", errors="replace")
    return prop.value


def _base64(text: str, prop: Property, card: Card, source: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(
            f"the {prop.name} of card {card.number} ({_card_name(card)}) is not valid base64 "
            f"(line {prop.line})",
            file=source, row=card.number, column=prop.name,
            hint="Remove the picture from that contact in the address book and export again.",
        ) from None


def _card_name(card: Card) -> str:
    """How the contact is called, for messages: FN, else N, else its email."""
    for wanted in ("FN", "N", "EMAIL"):
        for prop in card.properties:
            if prop.name == wanted and prop.value.strip(" ;"):
                parts = [unescape(part) for part in split_components(prop.value) if part]
                return " ".join(reversed(parts[:2])) if wanted == "N" else unescape(prop.value)
    return "no name"


def _media_type(prop: Property) -> str | None:
    """``image/jpeg`` from TYPE=JPEG (2.1/3.0), MEDIATYPE= or a data: URI (4.0)."""
    if prop.value.startswith("data:"):
        return prop.value[5:].split(";", 1)[0] or None
    for value in prop.params.get("MEDIATYPE", []) + prop.params.get("TYPE", []):
        value = value.lower()
        if "/" in value:
            return value
        if value.isalnum():
            return f"{'image' if prop.name in ('PHOTO', 'LOGO') else 'application'}/{value}"
    return None


def split_components(value: str) -> list[str]:
    r"""Split a structured value at unescaped semicolons (components stay escaped).

    Examples:
        >>> split_components(r"Müller\;Meier;Jürgen;;Dr.;")
        ['Müller\\;Meier', 'Jürgen', '', 'Dr.', '']
    """
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    r"""vCard text unescaped: ``\n`` is a line break, ``\,`` ``\;`` ``\\`` the character itself.

    Examples:
        >>> unescape(r"Zeile 1\nZeile 2\, mit Komma")
        'Zeile 1\nZeile 2, mit Komma'
    """
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m.group(1), m.group(1)), value)


def escape(value: str) -> str:
    r"""Text escaped for a vCard 3.0 value.

    Examples:
        >>> print(escape("a;b,c\nd"))
        a\;b\,c\nd
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def join_components(parts: list[str]) -> str:
    """Components escaped and joined into a structured value (inverse of split + unescape)."""
    return ";".join(escape(part) for part in parts)


def _entry_text(types: list[str], value: str) -> str:
    return f"{','.join(types)}: {value}" if types else value


def _entries(text: Any) -> list[tuple[list[str], str]]:
    """Entries of an ``EMAIL (all)``-style cell."""
    if not isinstance(text, str):
        return []
    entries = []
    for line in text.split("\n"):
        match = _ENTRY.match(line)
        entries.append(([t for t in match[1].upper().split(",") if t], match[2]) if match else ([], line))
    return entries


def _card(row: dict[str, Any]) -> Any:
    """A vobject vCard 3.0 component for one row of a contacts frame."""
    text = {key: value for key, value in row.items() if isinstance(value, str) and value != ""}
    card = newFromBehavior("vcard", "3.0")
    lines: list[ContentLine] = []

    def add(name: str, value: str, params: list[list[str]] | None = None) -> None:
        lines.append(ContentLine(name, params or [], value, encoded=True))

    name_parts = (split_components(text["N"]) if "N" in text else []) + [""] * 5
    name_parts = name_parts[:5]
    name_parts[0], name_parts[1] = escape(text.get("last_name", "")), escape(text.get("first_name", ""))
    add("N", ";".join(name_parts))
    formatted = text.get("FN") or " ".join(p for p in (text.get("first_name"), text.get("last_name")) if p)
    add("FN", escape(formatted or text.get("company") or text.get("email") or ""))
    org_parts = split_components(text["ORG"]) if "ORG" in text else []
    if "company" in text or org_parts:
        org_parts = (org_parts or [""])
        org_parts[0] = escape(text.get("company", ""))
        add("ORG", ";".join(org_parts))

    emails = _entries(text.get(ALL_EMAILS))
    _set_slot(emails, _preferred(emails) if emails else None, text.get("email"), ["INTERNET"])
    for types, value in emails:
        add("EMAIL", escape(value), [["TYPE", *types]] if types else None)

    phones = _entries(text.get(ALL_PHONES))
    _set_slot(phones, _phone_slots([types for types, _ in phones])[0], text.get("mobile"), ["CELL"])
    _set_slot(phones, _phone_slots([types for types, _ in phones])[1], text.get("phone"), ["WORK", "VOICE"])
    for types, value in phones:
        add("TEL", escape(value), [["TYPE", *types]] if types else None)

    addresses = [
        (types, (split_components(value) + [""] * 7)[:7]) for types, value in _entries(text.get(ALL_ADDRESSES))
    ]
    wanted = {name: text.get(name, "") for name in _ADDRESS_PARTS}
    if addresses or any(wanted.values()):
        if not addresses:
            addresses.append((["WORK"], [""] * 7))
        parts = addresses[_preferred(addresses)][1]
        for name, index in _ADDRESS_PARTS.items():
            parts[index] = escape(wanted[name])
    for types, parts in addresses:
        add("ADR", ";".join(parts), [["TYPE", *types]] if types else None)

    for key, value in row.items():
        if isinstance(value, bytes | bytearray) and _PROPERTY_NAME.match(str(key)):
            media = row.get(f"{key}{MEDIA_TYPE_SUFFIX}")
            params = [["ENCODING", "b"]]
            if isinstance(media, str) and "/" in media:
                params.append(["TYPE", media.split("/", 1)[1].upper()])
            add(str(key), base64.b64encode(bytes(value)).decode("ascii"), params)
        elif key in text and (key in _GENERIC_PROPERTIES or str(key).startswith("X-")):
            params = [["VALUE", "uri"]] if key in ("PHOTO", "LOGO", "SOUND", "KEY") else None
            add(str(key), escape(text[key]), params)
    for line in lines:
        card.add(line)
    return card


def _set_slot(entries: list[tuple[list[str], str]], index: int | None, value: str | None, types: list[str]) -> None:
    """Put the canonical value into its entry: replace it, drop it (None) or add one."""
    if index is not None:
        if value:
            entries[index] = (entries[index][0], value)
        else:
            del entries[index]
    elif value:
        entries.append((types, value))
