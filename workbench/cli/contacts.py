"""``workbench contacts import|export|sync``: Outlook contacts without a notebook.

The contacts and the business partners are connections of a connection file (see
``docs/connections.md``); a connection outside the user's scope, inactive in a store with
users, or failing its test is refused. Exit codes: 0 done, 2 a file, connection or option
cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.connection import DEFAULT_FILE
from workbench.cli.options import StoreOption

app = typer.Typer(help="Outlook contacts: export with workbench IDs, import an Outlook export.", no_args_is_help=True)

ConnectionsOption = Annotated[
    Path, typer.Option("--connections", help="The connection file (default: ./connections.yaml).")
]
ContactsOption = Annotated[str, typer.Option("--contacts", help="Connection of the contacts (kind contact).")]
PartnersOption = Annotated[str, typer.Option("--partners", help="Connection of the business partners (customers).")]


@app.command("import")
def import_command(
    vcards: Annotated[Path, typer.Argument(help="The Outlook export (.vcf).")],
    out: Annotated[Path, typer.Option("--out", help="Records for the contacts' system (.xlsx or .csv).")],
    connections: ConnectionsOption = DEFAULT_FILE,
    contacts: ContactsOption = "crm_contacts",
    partners: PartnersOption = "crm",
    store: StoreOption = None,
    import_possible: Annotated[bool, typer.Option("--import-possible", help="Import possible duplicates too.")] = False,
    without_partner: Annotated[
        bool, typer.Option("--without-partner", help="Import contacts no business partner was found for.")
    ] = False,
    conflicts: Annotated[
        str, typer.Option("--conflicts", help="Fields changed on both sides: ask, outlook or contacts.")
    ] = "ask",
) -> None:
    """Import an Outlook export: known contacts updated, the rest checked and imported by policy."""
    from workbench.contacts import ImportPolicy, import_outlook
    from workbench.io import read_table
    from workbench.store import open_store
    from workbench.team import read_usable_connection

    policy = ImportPolicy(import_possible=import_possible, require_partner=not without_partner, conflicts=conflicts)
    cards = read_table(vcards, "contact")
    with open_store(store) as opened:
        contacts_table = read_usable_connection(opened, connections, contacts)
        partners_table = read_usable_connection(opened, connections, partners)
        _, report = import_outlook(cards, contacts_table, partners_table, opened, out, policy=policy)
    table = Table("outcome", "reason", "cards", title=f"import of {vcards.name}")
    for outcome, reason, cards_count in report.counts().itertuples(index=False):
        table.add_row(outcome, reason, str(cards_count))
    console = Console()
    console.print(table)
    for note in cards.notes:
        console.print(f"note: {note}", highlight=False, soft_wrap=True)
    console.print(f"{report.summary()}. Records: {report.file} (audit entry {report.audit_id}).", highlight=False)


@app.command("export")
def export_command(
    target: Annotated[Path, typer.Argument(help="The vCard file to write for Outlook (.vcf).")],
    connections: ConnectionsOption = DEFAULT_FILE,
    contacts: ContactsOption = "crm_contacts",
    partners: PartnersOption = "crm",
    search: Annotated[str | None, typer.Option("--search", help="Words found in name, company or city.")] = None,
    contact: Annotated[
        list[str] | None, typer.Option("--contact", help="A contact number to export (repeatable).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Export contacts exported before (sync on) plus the ones named, or else found by --search (default: all)."""
    from workbench.contacts import export_outlook
    from workbench.store import open_store
    from workbench.team import read_usable_connection

    with open_store(store) as opened:
        contacts_table = read_usable_connection(opened, connections, contacts)
        partners_table = read_usable_connection(opened, connections, partners)
        report = export_outlook(contacts_table, partners_table, opened, target, search=search, numbers=contact or None)
    Console().print(report.summary() + ".", highlight=False, soft_wrap=True)


@app.command("sync")
def sync_command(
    contact: Annotated[str, typer.Argument(help="The contact's number.")],
    state: Annotated[str, typer.Argument(help="on or off.")],
    store: StoreOption = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept in the audit log).")] = None,
) -> None:
    """Switch Outlook sync of a contact on or off (off: left out of the next export)."""
    if state not in ("on", "off"):
        raise typer.BadParameter("write on or off", param_hint="STATE")
    from workbench.contacts import set_outlook_sync
    from workbench.store import open_store

    with open_store(store) as opened:
        entry = set_outlook_sync(opened, contact, state == "on", reason=reason)
    Console().print(f"Outlook sync of contact {contact} is {state} (audit entry {entry.id}).", highlight=False)
