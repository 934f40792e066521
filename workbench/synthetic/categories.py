"""The sync category DESIGN.md gives a record, as the generator knows it.

Without last-synced values (links imported from a file), any real difference in a mapped
field of two linked records is a conflict; differences in form only are not (DESIGN.md,
sync equality). The generator writes only these forms, and knows them: phone numbers
compared as E.164, emails trimmed, countries as ISO codes, dates as the day they name, and
names, companies and emails in any letter case (lower-cased: the capitals of ``ß`` are
``SS``, and ``Strasse`` is another spelling, as in the sync); the rest as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from workbench.schema import DATE_FIELDS

SYNC_FIELDS = ("company", "first_name", "last_name", "email", "phone", "mobile", "street", "postcode", "city",
               "country", "vat_id", "status")
"""The mapped fields a sync compares (customer_no is the key, updated_at is bookkeeping)."""

_ANY_CASE = frozenset({"company", "first_name", "last_name"})

CATEGORIES = ("conflict", "new", "deleted", "disabled", "synchronized", "inactive")


def sync_value(record: Mapping[str, Any], field: str) -> str | None:
    """A field's value as a sync compares it (see the module docstring; dates: the ISO day behind them).

    Examples:
        >>> sync_value({"company": "MÜLLER GMBH"}, "company") == sync_value({"company": "Müller GmbH"}, "company")
        True
        >>> sync_value({"last_name": "GROSS"}, "last_name") == sync_value({"last_name": "Groß"}, "last_name")
        False
    """
    if field in DATE_FIELDS:
        return record[f"_{field}"]
    if field in ("phone", "mobile"):
        return record[f"_{field}"] or record[field]
    if field == "country":
        return record["_country"]
    value = record[field]
    if field == "email" and value:
        return value.strip().lower()
    return value.lower() if field in _ANY_CASE and value else value


def differing_fields(a: Mapping[str, Any], b: Mapping[str, Any], fields: Sequence[str] = SYNC_FIELDS) -> list[str]:
    """Mapped fields whose values differ after normalising phone formats, letter case and country spelling.

    Examples:
        >>> a = {"company": None, "first_name": "Jens", "last_name": "Holm", "email": "jens@mail.dk",
        ...      "phone": "33 12 34 56", "_phone": "+45 33 123456", "mobile": None, "_mobile": None,
        ...      "street": "Torvet 1", "postcode": "8000", "city": "Aarhus C", "country": "Danmark",
        ...      "_country": "DK", "vat_id": None, "status": "aktiv"}
        >>> differing_fields(a, {**a, "email": " JENS@mail.dk", "phone": "+45 33123456", "country": "DK"})
        []
        >>> differing_fields(a, {**a, "city": "Aarhus N", "postcode": "8200"})
        ['postcode', 'city']
    """
    return [f for f in fields if sync_value(a, f) != sync_value(b, f)]


def linked_category(a: Mapping[str, Any], b: Mapping[str, Any], sync: bool,
                    fields: Sequence[str] = SYNC_FIELDS) -> str:
    """The category of two records linked to each other: disabled, conflict or synchronized."""
    if not sync:
        return "disabled"
    return "conflict" if differing_fields(a, b, fields) else "synchronized"


def unlinked_category(record: Mapping[str, Any]) -> str:
    """The category of a record no link names: inactive or new."""
    return "inactive" if record["status"] == "inaktiv" else "new"
