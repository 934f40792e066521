"""Where each sample dataset lives: file, sheet, header row, and its columns in order.

Writers, defects and the truth all read positions from here, so a row or column
named in ``truth.json`` is the one the file really has.
"""

from __future__ import annotations

from dataclasses import dataclass

EXTRA = "extra"
"""Field marker of a column the canonical record does not know (kept under its header)."""


@dataclass(frozen=True)
class Layout:
    """One dataset of the samples.

    Attributes:
        dataset: Its name in the truth ("crm", "crm_contacts", "erp", "outlook").
        file: File name inside the samples folder.
        sheet: Worksheet (xlsx only).
        header_row: Row of the header as a spreadsheet shows it (None: no header row).
        first_row: Row of the first record.
        columns: ``(header, field)`` in file order; field is a canonical field, :data:`EXTRA`, or None
            for an empty column.
        kind: The record kind of :mod:`workbench.schema`.
        system: "A" (CRM), "B" (ERP) or None.
    """

    dataset: str
    file: str
    sheet: str | None
    header_row: int | None
    first_row: int
    columns: tuple[tuple[str, str | None], ...]
    kind: str
    system: str | None = None

    def header_of(self, field: str) -> str:
        """The header of a canonical field's column."""
        return next(h for h, f in self.columns if f == field)

    def column_letter(self, header: str) -> str:
        """The spreadsheet letter of a column (A, B, ...)."""
        index = [h for h, _ in self.columns].index(header)
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]

    @property
    def fields(self) -> tuple[str, ...]:
        """The canonical fields the dataset has."""
        return tuple(f for _, f in self.columns if f not in (None, EXTRA))


CRM = Layout(
    dataset="crm", file="crm_customers.xlsx", sheet="Kunden", header_row=4, first_row=5, kind="customer", system="A",
    columns=(("Kundennummer", "customer_no"), ("Firma", "company"), ("Vorname", "first_name"),
             ("Nachname", "last_name"), ("", None), ("E-Mail", "email"), ("Telefon", "phone"), ("Handy", "mobile"),
             ("Straße", "street"), ("PLZ", "postcode"), ("Ort", "city"), ("Land", "country"),
             ("USt-IdNr.", "vat_id"), ("Status", "status"), ("Intern", EXTRA), ("Geändert", "updated_at"),
             ("Kundengruppe", EXTRA)),
)
CRM_HIDDEN_COLUMNS = ("Intern",)

CRM_CONTACTS = Layout(
    dataset="crm_contacts", file="crm_customers.xlsx", sheet="Ansprechpartner", header_row=1, first_row=2,
    kind="contact",
    columns=(("Kundennummer", "customer_no"), ("Firma-Nr.", "partner_no"), ("Firma", "company"),
             ("Vorname", "first_name"), ("Nachname", "last_name"), ("Position", EXTRA), ("E-Mail", "email"),
             ("Telefon", "phone"), ("Handy", "mobile"), ("Land", "country"), ("Geändert", "updated_at")),
)

ERP = Layout(
    dataset="erp", file="erp_customers.csv", sheet=None, header_row=2, first_row=3, kind="customer", system="B",
    columns=(("Kundenummer", "customer_no"), ("Virksomhed", "company"), ("Fornavn", "first_name"),
             ("Efternavn", "last_name"), ("E-mail", "email"), ("Tlf.", "phone"), ("Mobil", "mobile"),
             ("Adresse", "street"), ("Postnr.", "postcode"), ("By", "city"), ("Land", "country"),
             ("CVR-nr.", "vat_id"), ("Status", "status"), ("Ændret", "updated_at"), ("Bemærkning", EXTRA)),
)
ERP_SQLITE_FILE = "erp_customers.sqlite"
ERP_SQLITE_TABLE = "customers"

OUTLOOK = Layout(
    dataset="outlook", file="outlook_contacts.vcf", sheet=None, header_row=None, first_row=1, kind="contact",
    columns=(("N:given", "first_name"), ("N:family", "last_name"), ("ORG", "company"), ("EMAIL", "email"),
             ("TEL;WORK", "phone"), ("TEL;CELL", "mobile"), ("ADR:street", "street"), ("ADR:code", "postcode"),
             ("ADR:locality", "city"), ("ADR:country", "country"), ("TITLE", EXTRA)),
)

LINKS_FILE = "links.csv"
TRUTH_FILE = "truth.json"

LAYOUTS = {layout.dataset: layout for layout in (CRM, CRM_CONTACTS, ERP, OUTLOOK)}

EXPORT_DATE = "01.11.2026"
"""The date the exports claim to be from (title rows)."""
