"""The Outlook address book: vCard 3.0 cards (a few 4.0) as Outlook exports them.

Cards carry N, FN, ORG, TITLE, EMAIL, TEL (work, cell, home), ADR and LABEL, a UID,
Outlook's X-MS-OL- properties, some a PHOTO (a small PNG made here), and those the
workbench exported earlier an ``X-WORKBENCH-ID`` (the contact's CRM number). Lines
longer than 75 octets are folded; text values are escaped.
"""

from __future__ import annotations

import base64
import random
import struct
import uuid
import zlib

from workbench.synthetic.rendering import Record
from workbench.synthetic.samples.world import SampleWorld

_NAMESPACE = uuid.UUID("6f0c5a2e-3d4b-5c1a-9e8f-2b7d4c6a1e90")
"""Namespace of the UIDs the workbench gives the contacts it exports."""


def png(width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> bytes:
    """A valid two-colour PNG image (stored, uncompressed: the same bytes with any zlib).

    Examples:
        >>> png(2, 2, (255, 0, 0), (0, 0, 255))[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    raw = b"".join(b"\x00" + bytes(top if y < height // 2 else bottom) * width for y in range(height))
    stored = b"\x78\x01" + b"\x01" + struct.pack("<HH", len(raw), len(raw) ^ 0xFFFF) + raw
    stored += struct.pack(">I", zlib.adler32(raw))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stored) + chunk(b"IEND", b"")


def dress_cards(world: SampleWorld, rng: random.Random) -> None:
    """Decide each card's vCard version, UID, photo and revision time."""
    p = world.plan
    cards = world.cards
    newer = set(rng.sample(range(len(cards)), p.cards_version4))
    photos = set(rng.sample(range(len(cards)), p.cards_photo))
    for i, card in enumerate(cards):
        card["_version"] = "4.0" if i in newer else "3.0"
        if card.get("_workbench_id"):
            card["_uid"] = f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'contact:' + card['_workbench_id'])}"
        else:
            card["_uid"] = str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
        colours = [tuple(rng.randrange(40, 230) for _ in range(3)) for _ in range(2)]
        card["_photo"] = png(16, 16, colours[0], colours[1]) if i in photos else None
        card["_rev"] = card["updated_at"].replace("-", "").replace(":", "") + "Z"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold_line(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets; continuation lines start with a space.

    Examples:
        >>> [len(x.encode()) for x in fold_line("NOTE:" + "ø" * 60)]
        [75, 51]
    """
    out, current, limit = [], "", 75
    for ch in line:
        if len((current + ch).encode()) > limit:
            out.append(current)
            current, limit = " ", 75
        current += ch
    return [*out, current]


def card_lines(card: Record) -> list[str]:
    """The content lines of one card (unfolded)."""
    v4 = card["_version"] == "4.0"
    private = card["_partner"] is None and not card["company"]
    place = "home" if private else "work"
    first, last = card["first_name"] or "", card["last_name"] or ""
    lines = ["BEGIN:VCARD", f"VERSION:{card['_version']}"]
    if not v4:
        lines.append("PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN")
    lines += [f"N:{_escape(last)};{_escape(first)};;;", f"FN:{_escape(' '.join(x for x in (first, last) if x))}"]
    if card["company"]:
        lines.append(f"ORG:{_escape(card['company'])}")
    if card["_extra"].get("TITLE"):
        lines.append(f"TITLE:{_escape(card['_extra']['TITLE'])}")
    if card["phone"]:
        lines.append(f"TEL;TYPE={place}:{card['phone']}" if v4 else f"TEL;TYPE={place.upper()},VOICE:{card['phone']}")
    if card["mobile"]:
        lines.append(f"TEL;TYPE=cell:{card['mobile']}" if v4 else f"TEL;TYPE=CELL,VOICE:{card['mobile']}")
    if card["street"] or card["city"]:
        parts = [card[f] or "" for f in ("street", "city", "postcode", "country")]
        adr = ";;{};{};;{};{}".format(*map(_escape, parts))
        if v4:
            lines.append(f"ADR;TYPE={place}:{adr}")
        else:
            label = _escape(f"{parts[0]}\n{parts[2]} {parts[1]}\n{parts[3]}")
            lines += [f"ADR;TYPE={place.upper()},PREF:{adr}", f"LABEL;TYPE={place.upper()},PREF:{label}"]
    if card["email"]:
        lines.append(f"EMAIL;TYPE={place}:{card['email']}" if v4 else
                     f"EMAIL;TYPE=INTERNET,{place.upper()}:{card['email']}")
    if not v4:
        lines.append(f"X-MS-OL-DEFAULTPOSTALADDRESS:{1 if private else 2}")
    lines.append(f"UID:{card['_uid']}")
    if card.get("_workbench_id"):
        lines.append(f"X-WORKBENCH-ID:{card['_workbench_id']}")
    if card["_photo"]:
        data = base64.b64encode(card["_photo"]).decode("ascii")
        lines.append(f"PHOTO:data:image/png;base64,{data}" if v4 else f"PHOTO;ENCODING=b;TYPE=PNG:{data}")
    lines += [f"REV:{card['_rev']}", "END:VCARD"]
    return lines


def vcard_text(world: SampleWorld) -> str:
    """The whole address book as one vCard file (CRLF line ends, folded lines)."""
    return "".join(folded + "\r\n" for card in world.cards for line in card_lines(card)
                   for folded in fold_line(line))
