"""The canonical record: fields, the headers that mean them, and record kinds.

A *kind* (customer, contact, employee, …) is data, not code: a :class:`RecordKind` names
its key field and its :class:`Field` list (with each field's value type: text or date),
and every reader, suite, matcher and sync step works from that description. Unknown
source columns are kept beside the canonical ones, under their original header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import ConfigError

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def header_key(header: object) -> str:
    """Fold a column header for alias lookup: case, accents of width, punctuation.

    Examples:
        >>> header_key("  Kunde-Nr. ")
        'kundenr'
        >>> header_key("Straße") == header_key("STRASSE")
        True
    """
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    return _NOT_ALNUM.sub("", text)


TEXT, DATE = "text", "date"
"""Value types of a field: compared as written (text) or as the day it names (date)."""


@dataclass(frozen=True)
class Field:
    """One canonical field and the source headers that mean it."""

    name: str
    aliases: tuple[str, ...]
    description: str = ""
    required: bool = False
    type: str = TEXT


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its key field and its canonical fields, in display order.

    Examples:
        >>> CUSTOMER.field_for_header("Postnr.")
        'postcode'
        >>> CUSTOMER.field_for_header("Lieblingsfarbe") is None
        True
    """

    name: str
    id_field: str
    fields: tuple[Field, ...]
    _aliases: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for f in self.fields:
            for alias in (f.name, *f.aliases):
                key = header_key(alias)
                owner = index.setdefault(key, f.name)
                if owner != f.name:
                    raise ConfigError(f"header alias {alias!r} of kind {self.name!r} means both {owner} and {f.name}")
        object.__setattr__(self, "_aliases", index)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Canonical field names in display order."""
        return tuple(f.name for f in self.fields)

    @property
    def date_fields(self) -> tuple[str, ...]:
        """Fields holding a date (birth, hire, leave …), read and compared as days.

        Examples:
            >>> EMPLOYEE.date_fields, CUSTOMER.date_fields
            (('birth_date', 'hire_date', 'leave_date'), ())
        """
        return tuple(f.name for f in self.fields if f.type == DATE)

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Fields a source must provide (directly, by mapping or by a default)."""
        return tuple(f.name for f in self.fields if f.required)

    def field_for_header(self, header: object) -> str | None:
        """The canonical field a source header means, or None when it is unknown."""
        return self._aliases.get(header_key(header))

    def record(self, values: Mapping[str, Any]) -> Record:
        """A :class:`Record` of this kind from a row (a dict or a pandas Series)."""
        data = dict(values)
        canonical = {name: _clean(data.pop(name, None)) for name in self.field_names}
        return Record(kind=self.name, values=canonical, extra=data)


def _clean(value: Any) -> str | None:
    if value is None or value != value:  # NaN / NA
        return None
    text = str(value)
    return text if text.strip() else None


@dataclass(frozen=True)
class Record:
    """One record of a kind: canonical values (str or None) plus kept extra columns."""

    kind: str
    values: Mapping[str, str | None]
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str | None:
        return self.values[name]

    @property
    def key(self) -> str | None:
        """The record's number in its own system (customer_no, employee_no, …)."""
        return self.values[get_kind(self.kind).id_field]


def _fields(*specs: tuple[str, Iterable[str], str] | tuple[str, Iterable[str], str, bool]
            | tuple[str, Iterable[str], str, bool, str]) -> tuple[Field, ...]:
    return tuple(Field(s[0], tuple(s[1]), s[2], *(s[3:] or ())) for s in specs)


_PERSON_AND_ADDRESS = (
    ("first_name", ["Vorname", "Fornavn", "First name", "Given name", "Firstname"], "first name"),
    ("last_name", ["Nachname", "Name", "Familienname", "Efternavn", "Last name", "Surname", "Family name",
                   "Lastname"], "last name (surname)"),
    ("email", ["E-Mail", "E-mail", "Email", "Mail", "E-Mail-Adresse", "E-mailadresse", "Email address",
               "Mailadresse"], "email address"),
    ("phone", ["Telefon", "Tel.", "Tlf.", "Telefonnummer", "Telefonnr.", "Phone", "Phone number",
               "Telefon geschäftlich", "Business phone", "Festnetz"], "landline number"),
    ("mobile", ["Mobil", "Handy", "Mobilnummer", "Mobiltelefon", "Mobile", "Mobile phone", "Mobiltlf.",
                "Mobilnr.", "Cell", "Cell phone", "Handynummer"], "mobile number"),
    ("street", ["Straße", "Strasse", "Str.", "Adresse", "Anschrift", "Vej", "Gade", "Address", "Street",
                "Street address"], "street and house number"),
    ("postcode", ["PLZ", "Postleitzahl", "Postnr.", "Postnummer", "Zip", "Zip code", "Postal code", "Postcode"],
     "postal code"),
    ("city", ["Ort", "Stadt", "Wohnort", "By", "City", "Town"], "city"),
    ("country", ["Land", "Staat", "Country"], "country (ISO 3166 alpha-2 after normalisation)"),
)
_BUSINESS = (
    ("vat_id", ["USt-IdNr.", "USt-ID", "UStIdNr", "Umsatzsteuer-ID", "CVR", "CVR-nr.", "CVR-nummer", "VAT",
                "VAT ID", "VAT number", "Momsnummer"], "VAT identification number"),
)
_STATE = (
    ("status", ["Status", "Aktiv", "Active", "Zustand"], "active / inactive"),
    ("updated_at", ["Geändert", "Geaendert", "Geändert am", "Letzte Änderung", "Ændret", "Sidst ændret",
                    "Updated", "Updated at", "Last modified", "Modified"], "last change in the source system"),
)

CUSTOMER_FIELDS: tuple[Field, ...] = _fields(
    ("customer_no", ["Kundennummer", "Kundennr.", "Kunden-Nr.", "Kd.-Nr.", "Kundenummer", "Kunde-nr.",
                     "Kundenr.", "Customer No", "Customer number", "Customer ID", "Debitor", "Debitornummer",
                     "Debitor-Nr.", "Debitornr."], "the record's key in its own system", True),
    ("company", ["Firma", "Firmenname", "Unternehmen", "Virksomhed", "Firmanavn", "Company", "Company name",
                 "Organisation", "Organization"], "company name (empty for private customers)"),
    *_PERSON_AND_ADDRESS,
    *_BUSINESS,
    *_STATE,
)

CONTACT_FIELDS: tuple[Field, ...] = (
    *CUSTOMER_FIELDS,
    *_fields(("partner_no", ["Partnernummer", "Partner-Nr.", "Partner No", "Partner number", "Firmennummer",
                             "Firma-Nr.", "Kundennummer Firma", "Virksomhedsnr.", "Company No", "Account No"],
              "customer_no of the contact's company")),
)

LINK_FIELDS: tuple[Field, ...] = _fields(
    ("a_customer_no", [], "the record's number in system A", True),
    ("b_customer_no", [], "the partner's number in system B", True),
    ("sync", [], "on / off"),
    ("synced_at", [], "time of the last sync"),
)

EMPLOYEE_FIELDS: tuple[Field, ...] = _fields(
    ("employee_no", ["Personalnummer", "Personalnr.", "Personal-Nr.", "Pers.-Nr.", "Mitarbeiternummer",
                     "Mitarbeiter-Nr.", "Mitarbeiternr.", "Medarbejdernr.", "Medarbejdernummer", "Medarbeidernr.",
                     "Lønnummer", "Employee No", "Employee number", "Employee ID", "Staff No", "Payroll No"],
     "the employee's number in its own system", True),
    *_PERSON_AND_ADDRESS,
    ("birth_date", ["Geburtsdatum", "Geb.-Datum", "Geboren", "Fødselsdato", "Født", "Date of birth", "Birth date",
                    "Birthday", "DOB"], "date of birth", False, DATE),
    ("hire_date", ["Eintrittsdatum", "Eintritt", "Beschäftigt seit", "Ansættelsesdato", "Ansat", "Ansat dato",
                   "Hire date", "Start date", "Date hired", "Employed since"], "first working day", False, DATE),
    ("leave_date", ["Austrittsdatum", "Austritt", "Fratrædelsesdato", "Fratrådt", "Fratrædelse", "Leave date",
                    "End date", "Termination date", "Left on"], "last working day (empty while employed)", False,
     DATE),
    *_STATE,
)

CUSTOMER = RecordKind("customer", "customer_no", CUSTOMER_FIELDS)
CONTACT = RecordKind("contact", "customer_no", CONTACT_FIELDS)
EMPLOYEE = RecordKind("employee", "employee_no", EMPLOYEE_FIELDS)
LINK = RecordKind("link", "a_customer_no", LINK_FIELDS)
"""A row of the links exchange file (``links.csv``, DESIGN.md's format)."""

KINDS: Mapping[str, RecordKind] = {kind.name: kind for kind in (CUSTOMER, CONTACT, EMPLOYEE, LINK)}

DATE_FIELDS: frozenset[str] = frozenset(name for kind in KINDS.values() for name in kind.date_fields)
"""Every field some kind declares a date: read as days wherever it occurs."""

RECORD_KINDS: tuple[str, ...] = ("customer", "employee")
"""The kinds a whole export can hold, in the order :func:`detect_kind` prefers them on a tie."""

AUTO = "auto"
"""The kind argument that asks readers to detect the kind from the header (:func:`detect_kind`)."""


def detect_kind(headers: Iterable[object], candidates: Iterable[str] = RECORD_KINDS) -> RecordKind | None:
    """The kind a header row is most likely of: its key field's column present, then most columns known.

    Returns None when no candidate's key field is among the headers.

    Examples:
        >>> detect_kind(["Personalnummer", "Vorname", "Nachname", "Geburtsdatum"]).name
        'employee'
        >>> detect_kind(["Kundennr.", "Firma", "PLZ"]).name
        'customer'
        >>> detect_kind(["Vorname", "Nachname"]) is None
        True
    """
    texts = [h for h in headers if h is not None and str(h).strip()]
    best: tuple[int, RecordKind] | None = None
    for kind in map(get_kind, candidates):
        known = {kind.field_for_header(h) for h in texts} - {None}
        if kind.id_field in known and (best is None or len(known) > best[0]):
            best = (len(known), kind)
    return best[1] if best else None


def get_kind(kind: str | RecordKind) -> RecordKind:
    """Look a record kind up by name (a :class:`RecordKind` is passed through)."""
    if isinstance(kind, RecordKind):
        return kind
    try:
        return KINDS[kind]
    except KeyError:
        raise ConfigError(f"unknown record kind {kind!r}", hint=f"Use one of: {', '.join(KINDS)}.") from None
