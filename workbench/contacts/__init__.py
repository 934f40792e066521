"""Outlook contacts: export contacts as vCards with a workbench ID, import an Outlook export.

Export: :func:`with_partner_details`, :func:`assignment_table` (search, contacts
exported before pre-selected), :func:`export_contacts`; :func:`set_outlook_sync`
switches a contact's Outlook sync (off: left out of the next export). Import:
:func:`prepare_import` gives a :class:`ContactImport` (known cards with updates;
candidates with a proposed business partner and a duplicate class), which a steward
or an :class:`ImportPolicy` selects from, and whose ``run`` imports and reports.
:func:`import_outlook` and :func:`export_outlook` do each direction headless.
See ``docs/contacts.md``.
"""

from workbench.contacts.duplicates import check_duplicates
from workbench.contacts.export import ExportReport, cards_frame, export_contacts
from workbench.contacts.headless import export_outlook, export_selection, import_outlook
from workbench.contacts.identity import WORKBENCH_ID, contact_uid, recognised_numbers
from workbench.contacts.importing import ContactImport, ImportPolicy, ImportReport, prepare_import
from workbench.contacts.partners import PartnerRules, propose_partners
from workbench.contacts.selection import ExportSelection, assignment_table, search_contacts, with_partner_details
from workbench.contacts.tracking import OutlookSystems, outlook_state, set_outlook_sync

__all__ = [
    "WORKBENCH_ID", "ContactImport", "ExportReport", "ExportSelection", "ImportPolicy", "ImportReport",
    "OutlookSystems", "PartnerRules",
    "assignment_table", "cards_frame", "check_duplicates", "contact_uid", "export_contacts", "export_outlook",
    "export_selection",
    "import_outlook", "outlook_state", "prepare_import", "propose_partners", "recognised_numbers",
    "search_contacts", "set_outlook_sync", "with_partner_details",
]
