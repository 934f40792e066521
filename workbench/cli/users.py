"""``workbench users add|list|grant|groups``: the team working on a store (admins only, except list).

Who runs the command is ``WORKBENCH_USER``, else ``JUPYTERHUB_USER``, else the
operating-system user. The first user added to a store is its admin and must be the
one running the command.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from workbench.cli.options import StoreOption

ROLE_NAMES = "viewer, steward, admin"
"""``workbench.store.ROLES`` written out: importing the store for a help text takes a second (a test compares)."""

app = typer.Typer(help="Users of the store and their roles (see docs/store.md).", no_args_is_help=True)

RoleArgument = Annotated[str, typer.Argument(help=f"One of: {ROLE_NAMES}.")]
GroupOption = Annotated[list[str] | None, typer.Option("--group", help="A group of the user (repeatable).")]


@app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="The user's name, as WORKBENCH_USER (or the login) gives it.")],
    role: Annotated[str, typer.Option("--role", help=f"One of: {ROLE_NAMES} (default: steward).")] = "steward",
    group: GroupOption = None,
    store: StoreOption = None,
) -> None:
    """Add NAME to the store's users (admins; the first user is the admin and must be you)."""
    from workbench.store import open_store
    from workbench.team import add_user

    with open_store(store) as opened:
        user = add_user(opened, name, role, group or [])
    groups = f", groups {', '.join(user.groups)}" if user.groups else ""
    Console().print(f"{user.name} is a user of the store: {user.role}{groups}.", highlight=False)


@app.command("grant")
def grant_command(
    name: Annotated[str, typer.Argument(help="The user.")],
    role: RoleArgument,
    store: StoreOption = None,
) -> None:
    """Give NAME the role ROLE (admins)."""
    from workbench.store import open_store
    from workbench.team import grant_role

    with open_store(store) as opened:
        user = grant_role(opened, name, role)
    Console().print(f"{user.name} is {user.role} now.", highlight=False)


@app.command("groups")
def groups_command(
    name: Annotated[str, typer.Argument(help="The user.")],
    groups: Annotated[list[str] | None, typer.Argument(help="The user's groups (none: no group).")] = None,
    store: StoreOption = None,
) -> None:
    """Make GROUPS the groups of NAME (admins)."""
    from workbench.store import open_store
    from workbench.team import set_groups

    with open_store(store) as opened:
        user = set_groups(opened, name, groups or [])
    Console().print(f"{user.name}'s groups: {', '.join(user.groups) or 'none'}.", highlight=False)


@app.command("list")
def list_command(store: StoreOption = None) -> None:
    """List the users with their roles and groups, and who you are."""
    from workbench.store import open_store
    from workbench.team import member, users_frame

    with open_store(store) as opened:
        frame = users_frame(opened)
        you = member(opened)
    table = Table("user", "role", "groups", "added by", title="users of the store")
    for name, role, groups, added_by in frame[["name", "role", "groups", "added_by"]].itertuples(index=False):
        table.add_row(name, role, groups, added_by)
    console = Console()
    console.print(table)
    console.print(f"You are {you.describe()}.", highlight=False)
