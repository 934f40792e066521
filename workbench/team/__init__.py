"""A team on one store: who acts, users and roles, and the guard every action passes.

Users, their roles (``viewer`` < ``steward`` < ``admin``) and groups live in the store
(:mod:`workbench.store.users`); this package holds the rules: who may manage users
(:mod:`workbench.team.users`) and :func:`guarded`, the transaction every action runs in,
which checks the role and audits refusals. See ``docs/store.md``.
"""

from workbench.team.guard import REFUSED, guarded, record_refusal, require_role
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
    "ADD_USER", "GRANT_ROLE", "REFUSED", "SET_GROUPS", "Member", "add_user", "grant_role", "guarded", "member",
    "record_refusal", "require_role", "set_groups", "users_frame",
]
