"""A team on one store: who acts, users and roles, shared connections, and the guard every action passes.

Users, their roles (``viewer`` < ``steward`` < ``admin``) and groups live in the store
(:mod:`workbench.store.users`); this package holds the rules: who may manage users
(:mod:`workbench.team.users`), who sees and uses which connection and whether it is
active (:mod:`workbench.team.connections`), and :func:`guarded`, the transaction every
action runs in, which checks the role and audits refusals. See ``docs/store.md`` and
``docs/connections.md``.
"""

from workbench.team.connections import (
    Activation,
    activate_connection,
    connection_states,
    deactivate_connection,
    read_usable_connection,
    scoped_connection,
    usable_connection,
    usable_sync_rules,
    visible_connections,
)
from workbench.team.guard import REFUSED, checked, guarded, record_refusal, require_role
from workbench.team.users import (
    ADD_USER,
    GRANT_ROLE,
    SET_GROUPS,
    Member,
    add_user,
    grant_role,
    member,
    set_groups,
    users_frame,
)

__all__ = [
    "ADD_USER", "GRANT_ROLE", "REFUSED", "SET_GROUPS", "Activation", "Member", "activate_connection", "add_user",
    "checked", "connection_states", "deactivate_connection", "grant_role", "guarded", "member",
    "read_usable_connection", "record_refusal", "require_role", "scoped_connection", "set_groups",
    "usable_connection", "usable_sync_rules", "users_frame", "visible_connections",
]
