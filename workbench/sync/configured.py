"""Sync between two configured connections: only tested ones, with the conflict policy they define.

:func:`read_for_sync` is the entry every sync from a connection file goes through: it
reads both sides with :func:`workbench.connections.read_connection`, which refuses a
connection that fails its test. :func:`priority_policy` turns the connections'
``priority`` settings into a :class:`~workbench.sync.policies.FieldPriority`.
"""

from __future__ import annotations

from workbench.connections import Connection, read_connection
from workbench.connections.config import ASK, LOSES, WINS
from workbench.errors import ConfigError
from workbench.io import ImportedTable
from workbench.store import WINNER_A, WINNER_B
from workbench.sync.policies import FieldPriority, SystemPriority


def read_for_sync(a: Connection, b: Connection) -> tuple[ImportedTable, ImportedTable]:
    """Both sides' tables; a connection that fails its test stops the sync here.

    Raises:
        ConfigError: a connection fails its test (the message says what to fix), or the
            two hold different record kinds.
    """
    if a.kind != b.kind:
        raise ConfigError(f"{a.where('kind')} holds {a.kind.name} records, {b.where('kind')} {b.kind.name} records",
                          hint="Sync connections of one record kind.")
    return read_connection(a), read_connection(b)


def priority_policy(a: Connection, b: Connection) -> FieldPriority:
    """The conflict policy the two connections' ``priority`` settings define (``a`` first).

    A field one side lists under ``wins`` goes to it; the other fields follow ``otherwise``
    (``wins`` on one side, or ``loses`` on the other, makes that side the default winner;
    ``ask`` on both leaves them to a steward).

    Raises:
        ConfigError: both sides claim a field, or both want (or refuse) to win the rest.

    Examples:
        >>> from workbench.connections import SyncPriority
        >>> from workbench.schema import CUSTOMER
        >>> crm = Connection("crm", "xlsx", "crm.xlsx", CUSTOMER, "c.yaml", priority=SyncPriority(("email",), "ask"))
        >>> erp = Connection("erp", "csv", "erp.csv", CUSTOMER, "c.yaml", priority=SyncPriority(("city",), "wins"))
        >>> policy = priority_policy(crm, erp)
        >>> dict(policy.fields), policy.default
        ({'email': 'a', 'city': 'b'}, SystemPriority(winner='b'))
    """
    both = sorted(set(a.priority.wins) & set(b.priority.wins))
    if both:
        raise ConfigError(f"{a.where('priority')} and {b.where('priority')} both win the field {both[0]!r}",
                          hint="List each field under 'wins' of one connection only.")
    fields = {**dict.fromkeys(a.priority.wins, WINNER_A), **dict.fromkeys(b.priority.wins, WINNER_B)}
    sides = {WINNER_A: a.priority.otherwise, WINNER_B: b.priority.otherwise}
    if sides[WINNER_A] == sides[WINNER_B] != ASK:
        raise ConfigError(f"{a.where('priority')} and {b.where('priority')} both say 'otherwise: {sides[WINNER_A]}'",
                          hint="Let one side win the other fields (wins) or leave them to a steward (ask).")
    winner = next((side for side, rule in sides.items() if rule == WINS), None)
    loser = next((side for side, rule in sides.items() if rule == LOSES), None)
    if winner is None and loser is not None:
        winner = WINNER_B if loser == WINNER_A else WINNER_A
    return FieldPriority(fields, default=SystemPriority(winner) if winner else None)
