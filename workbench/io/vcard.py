"""vCard files (.vcf): contacts as rows, and contacts written back as vCard 3.0.

Reading uses vobject to unfold lines and split each into name, parameters and value
(vCard 2.1, 3.0 and 4.0). Values are decoded here, not by vobject's behaviours, because
those cut text at unescaped commas ("NOTE:Hello, world" became "Hello") and decode
quoted-printable as UTF-8 whatever the CHARSET says.

One card is one row (row = card number, from 1). Columns:

* canonical fields: ``first_name``/``last_name`` (N; split from FN when N names no
  one), ``company`` (the first ORG, first part), ``email`` (the PREF email, else the
  first), ``mobile`` (the first TEL of type CELL), ``phone`` (the first other TEL of
  type WORK, VOICE, HOME or without type), ``street``/``postcode``/``city``/``country``
  (the PREF address, else the first); values trimmed;
* ``EMAIL (all)``, ``TEL (all)``, ``ADR (all)``: every email, phone and address, one
  per line as ``TYPES: value`` (addresses in vCard form ``box;extended;street;city;
  region;postcode;country``);
* ``N`` and ``ORG``: the whole structured value (``family;given;additional;prefix;
  suffix``, ``company;department``; several ORG lines one per line);
* every other property under its name (``FN``, ``TITLE``, ``NOTE``, ``UID``,
  ``X-WORKBENCH-ID``…; repeated properties one per line);
* binary properties (``PHOTO``, ``LOGO``…) as ``bytes`` with their media type in
  ``PHOTO type`` — the one exception to the text-only cells of the frame contract.

Text is decoded by the file's byte-order mark (UTF-8, UTF-16), else as UTF-8, else
property by property in its ``CHARSET`` (vCard 2.1: ``Windows-1251``, ``ISO-8859-7``…;
Windows-1252 when none is given), quoted-printable values likewise. A card that cannot
be read is left out with a note naming it; the others are read (:meth:`VCardConnector.read`).

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
from workbench.normalize.names import split_full_name

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

    @property
    def is_base64(self) -> bool:
        """Whether the value is base64 (ENCODING=b / BASE64)."""
        return bool({e.upper() for e in self.params.get("ENCODING", [])} & {"B", "BASE64"})


@dataclass
class Card:
    """The properties of one BEGIN:VCARD … END:VCARD block.

    ``refusal`` says why the card cannot be read (a damaged line); ``notes`` what was
    repaired or left out while reading it (a missing END:VCARD, a broken photo).
    """

    number: int
    line: int
    properties: list[Property] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refusal: str | None = None

    @property
    def name(self) -> str:
        """How the contact is called, for messages: FN, else N, else its email."""
        for wanted in ("FN", "N", "EMAIL"):
            for prop in self.properties:
                if prop.name == wanted and prop.value.strip(" ;"):
                    parts = [unescape(part).strip() for part in split_components(prop.value) if part.strip()]
                    return " ".join(reversed(parts[:2])) if wanted == "N" else unescape(prop.value).strip()
        return "no name"

    @property
    def label(self) -> str:
        """``card 3 (Anna Weiß, line 41)``: which card a note is about."""
        return f"card {self.number} ({self.name}, line {self.line})"


@dataclass(frozen=True)
class _Text:
    """The file's text; ``raw`` when it is not UTF-8 and each character stands for one byte."""

    text: str
    encoding: str
    raw: bool = False


class VCardConnector:
    """Reads .vcf files (vCard 2.1, 3.0, 4.0) and writes vCard 3.0.

    Read option: ``limits`` (:class:`ReadLimits`).
    """

    def read(self, source: str | Path, options: Mapping[str, Any]) -> RawTable:
        """One row per card, columns as described in the module docstring.

        A card that cannot be read is left out with a note naming it (number, name,
        line) and the reason; the other cards are read. A broken photo leaves out the
        photo only, with a note.

        Raises:
            InputError: the file is empty, holds no card, or no card can be read.
        """
        path = existing_file(source)
        limits: ReadLimits = options.get("limits") or DEFAULT_LIMITS
        data = path.read_bytes()
        if not data.strip():
            raise InputError("the file is empty", file=str(source), hint="Export the contacts again.")
        text = _decoded(data)
        records, notes, numbers = [], [], []
        cards = list(read_cards(text.text, str(source)))
        for card in cards:
            try:
                record = _record(card, text, str(source), limits)
            except InputError as error:
                card.refusal = error.message
            if card.refusal is not None:
                notes.append(f"{card.label} left out: {card.refusal}")
                continue
            notes.extend(f"{card.label}: {note}" for note in card.notes)
            records.append(record)
            numbers.append(card.number)
        if not cards:
            raise InputError("the file holds no vCard (no BEGIN:VCARD line)", file=str(source),
                             hint="Check that this is a contacts export (.vcf).")
        if not records:
            raise InputError(f"none of its {len(cards)} cards can be read; {notes[0]}", file=str(source),
                             hint="Export the contacts again; the file may be damaged.")
        present = {key for record in records for key in record}
        names = [name for name in (*_CANONICAL, *_LEADING_EXTRAS) if name in present]
        names += sorted(present - set(names))
        columns = {name: [record.get(name) for record in records] for name in names}
        cells = frame_from_columns(columns, numbers)
        return RawTable(cells=cells, source=str(source), encoding=text.encoding, notes=notes,
                        named_fields=True, kind="contact")

    def write(self, frame: pd.DataFrame, target: str | Path, options: Mapping[str, Any]) -> None:
        """Write one vCard 3.0 per row, atomically (UTF-8, CRLF)."""
        cards = [_card(dict(zip(frame.columns, values, strict=True))) for values in frame.itertuples(index=False)]
        with atomic_open(target, "w", encoding="utf-8", newline="") as handle:
            for card in cards:
                handle.write(card.serialize())


def card_labels(source: str | Path) -> dict[int, str]:
    """Which card each row of a vCard file's table is, for messages: card number -> ``card 3 (Anna Weiß, line 41)``.

    The rows of the table :class:`VCardConnector` reads are numbered by card, so a report's
    row is the key here.
    """
    text = _decoded(existing_file(source).read_bytes())
    return {card.number: card.label for card in read_cards(text.text, str(source))}


def read_cards(text: str, source: str) -> Iterator[Card]:
    """The cards of a vCard file, with properties split by vobject (nested cards skipped).

    Repairs what real exports get wrong, with a note on the card: a card that lacks
    END:VCARD ends where the next BEGIN:VCARD (or the file) does; empty parameters
    (Outlook's ``ADR;HOME;PREF;:``) are dropped; unindented base64 lines of a vCard 2.1
    photo continue it. A line that is no property marks the card as refused.

    Examples:
        >>> [p.name for p in next(read_cards("BEGIN:VCARD\\nVERSION:3.0\\nFN:Ann\\nEND:VCARD\\n", "a.vcf")).properties]
        ['VERSION', 'FN']
    """
    card: Card | None = None
    depth = number = 0
    last_line = 0
    for line, first_line in getLogicalLines(io.StringIO(text)):
        line_number = last_line = max(first_line, 1)  # vobject counts the very first line as 0
        parsed = _parsed(line, line_number)
        if parsed is None:
            if card is None or card.refusal is not None or depth > 1:
                continue  # text between cards is not part of any contact
            previous = card.properties[-1] if card.properties else None
            if previous is not None and previous.is_base64 and _BASE64_LINE.match(line):
                previous.value += line.strip()  # vCard 2.1 lets base64 lines start in column 1
            else:
                card.refusal = f"line {line_number} is not a vCard property ({line[:60]!r})"
            continue
        name, params, value = parsed
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None and depth == 1 and not _opens_agent(card):
                card.notes.append(f"it has no END:VCARD line; it ends at line {line_number - 1}, where the next "
                                  "card begins")
                yield card
                card, depth = None, 0
            depth += 1
            if depth == 1:
                number += 1
                card = Card(number, line_number)
        elif name == "END" and value.strip().upper() == "VCARD":
            depth = max(depth - 1, 0)
            if depth == 0 and card is not None:
                yield card
                card = None
        elif card is not None and depth == 1:
            card.properties.append(Property(name, _params(params), value, line_number))
    if card is not None:
        card.notes.append(f"the file ends at line {last_line} without its END:VCARD line; check that the card "
                          "is complete")
        yield card


_BASE64_LINE = re.compile(r"^\s*[A-Za-z0-9+/=]+\s*$")
_EMPTY_PARAMETERS = re.compile(r";+(?=;|$)")


def _parsed(line: str, number: int) -> tuple[str, list[list[str]], str] | None:
    """Name (upper case), parameters and value of a content line; None if it is none."""
    for candidate in (line, _without_empty_parameters(line)):
        try:
            name, params, value, _group = parseLine(candidate, number)
        except ParseError:
            continue
        return name.upper(), params, value
    return None


def _without_empty_parameters(line: str) -> str:
    """``ADR;HOME;PREF;:…`` → ``ADR;HOME;PREF:…`` (only before the value starts)."""
    head, colon, value = line.partition(":")
    return _EMPTY_PARAMETERS.sub("", head) + colon + value


def _opens_agent(card: Card) -> bool:
    """Whether the card's last property is a vCard 2.1 AGENT whose value is the card that follows."""
    return bool(card.properties) and card.properties[-1].name == "AGENT" and not card.properties[-1].value.strip()


def _params(params: list[list[str]]) -> dict[str, list[str]]:
    """vobject's parameter lists as a dict; 2.1 bare parameters become TYPE or ENCODING."""
    result: dict[str, list[str]] = {}
    for name, *values in params:
        key = name.upper()
        if not key:
            continue
        if not values:
            key, values = ("ENCODING" if key in _ENCODINGS else "TYPE"), [name]
        result.setdefault(key, []).extend(values)
    return result


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _decoded(data: bytes) -> _Text:
    """The file as text: by its byte-order mark, else UTF-8 (also UTF-16 without a mark), else raw bytes."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return _Text(data.decode(encoding, errors="replace"), encoding)
    if len(data) > 1 and (data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _Text(data.decode(encoding, errors="replace"), encoding)
    try:
        return _Text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        # One character per byte: each property is decoded by its own CHARSET (default Windows-1252).
        return _Text(data.decode("latin-1"), "cp1252", raw=True)


def _record(card: Card, text: _Text, source: str, limits: ReadLimits) -> dict[str, Any]:
    """One row: canonical fields, the kept properties, binary values."""
    record: dict[str, Any] = {}
    emails: list[tuple[list[str], str]] = []
    phones: list[tuple[list[str], str]] = []
    addresses: list[tuple[list[str], list[str]]] = []
    for prop in card.properties:
        if prop.name in _SKIPPED:
            continue
        value = _value(prop, card, text)
        if value is None:
            continue
        if isinstance(value, bytes):
            record[prop.name] = value
            record[prop.name + MEDIA_TYPE_SUFFIX] = _media_type(prop)
            continue
        if len(value) > limits.max_cell_chars:
            raise InputError(
                f"its {prop.name} (line {prop.line}) holds {len(value):,} characters, more than the limit "
                f"of {limits.max_cell_chars:,}",
                file=source, row=card.number, column=prop.name,
                hint="Shorten it in the address book, or raise ReadLimits.max_cell_chars.",
            )
        if prop.name == "EMAIL":
            emails.append((prop.types, unescape(value).strip()))
        elif prop.name == "TEL":
            phones.append((prop.types, unescape(value).strip().removeprefix("tel:")))
        elif prop.name == "ADR":
            addresses.append((prop.types, [unescape(part).strip() for part in split_components(value)]))
        elif prop.name == "N":
            parts = (split_components(value) + [""] * 5)[:5]
            record["last_name"], record["first_name"] = unescape(parts[0]).strip(), unescape(parts[1]).strip()
            record["N"] = ";".join(parts)
        elif prop.name == "ORG":
            if "company" not in record:  # the first organisation is the company; every one stays in ORG
                record["company"] = unescape(split_components(value)[0]).strip()
            record["ORG"] = f"{record['ORG']}\n{value}" if "ORG" in record else value
        else:
            unescaped = unescape(value)
            record[prop.name] = f"{record[prop.name]}\n{unescaped}" if prop.name in record else unescaped
    _put_entries(record, emails, phones, addresses)
    _names_from_full_name(record)
    return {key: (value if value != "" else None) for key, value in record.items()}


def _names_from_full_name(record: dict[str, Any]) -> None:
    """First and last name from FN when N gives none (FN of a company card is its name, not a person's)."""
    full = (record.get("FN") or "").strip()
    if record.get("first_name") or record.get("last_name") or not full or full == record.get("company"):
        return
    record["first_name"], record["last_name"] = split_full_name(full)


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


def _value(prop: Property, card: Card, text: _Text) -> str | bytes | None:
    """The property value: bytes for base64 content, else (still escaped) text; None for a broken photo."""
    if prop.is_base64:
        return _base64(re.sub(r"\s+", "", prop.value), prop, card)
    if prop.value.startswith("data:") and ";base64," in prop.value[:100]:
        return _base64(prop.value.split(",", 1)[1], prop, card)
    charset = (prop.params.get("CHARSET") or [None])[0]
    if "QUOTED-PRINTABLE" in {e.upper() for e in prop.params.get("ENCODING", [])}:
        raw = quopri.decodestring(prop.value.encode("latin-1" if text.raw else "utf-8", errors="replace"))
        return _text(raw, charset or ("cp1252" if text.raw else "utf-8"))
    if text.raw:
        return _text(prop.value.encode("latin-1"), charset or "cp1252")
    return prop.value


def _text(data: bytes, charset: str) -> str:
    """Bytes in the property's CHARSET (an unknown or wrong charset: Windows-1252)."""
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return data.decode("cp1252", errors="replace")


def _base64(value: str, prop: Property, card: Card) -> bytes | None:
    """The decoded bytes; a broken value is left out with a note on the card."""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        card.notes.append(f"its {prop.name} (line {prop.line}) is not valid base64 and was left out; remove the "
                          "picture from that contact in the address book and export again to keep it")
        return None


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
    organisations = [split_components(line) for line in text["ORG"].split("\n")] if "ORG" in text else []
    if "company" in text or organisations:
        organisations = organisations or [[""]]
        organisations[0][0] = escape(text.get("company", ""))
        for parts in organisations:
            add("ORG", ";".join(parts))

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
