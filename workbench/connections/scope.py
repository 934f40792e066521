"""Who sees and uses a connection: its ``scope`` in the connection file.

.. code-block:: yaml

    scope: everyone                       # the default
    scope: {users: [alice], groups: [sales, north]}

A user is in the scope when named, or when one of their groups is; the store knows
the users and their groups (:mod:`workbench.team.connections` applies the scope).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from workbench.errors import ConfigError

EVERYONE = "everyone"
_KEYS = ("users", "groups")


@dataclass(frozen=True)
class Scope:
    """Everyone, or the users and groups named.

    Examples:
        >>> sales = Scope(users=frozenset({"alice"}), groups=frozenset({"sales"}), everyone=False)
        >>> sales.admits("bob", ["sales"]), sales.admits("carl", ["north"]), Scope().admits("carl")
        (True, False, True)
        >>> sales.describe()
        'users alice; groups sales'
    """

    users: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    everyone: bool = True

    def admits(self, user: str, groups: Iterable[str] = ()) -> bool:
        """Whether ``user`` (a member of ``groups``) is in the scope."""
        return self.everyone or user in self.users or not self.groups.isdisjoint(groups)

    def describe(self) -> str:
        """``everyone``, or ``users alice, bob; groups sales``."""
        if self.everyone:
            return EVERYONE
        parts = [f"{what} {', '.join(sorted(names))}" for what, names in (("users", self.users),
                                                                          ("groups", self.groups)) if names]
        return "; ".join(parts)


def parse_scope(value: Any, where: str) -> Scope:
    """The scope written under a connection's ``scope`` key (None: everyone).

    Raises:
        ConfigError: Neither ``everyone`` nor users and groups, or naming nobody.
    """
    hint = "Write 'scope: everyone' or e.g. 'scope: {users: [alice], groups: [sales]}'."
    if value is None or value == EVERYONE:
        return Scope()
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {value!r} is not a scope", hint=hint)
    unknown = [str(key) for key in value if key not in _KEYS]
    if unknown:
        raise ConfigError(f"{where}, key {unknown[0]!r}: unknown key", hint=hint)
    named: dict[str, frozenset[str]] = {}
    for key in _KEYS:
        names = value.get(key) or []
        if not isinstance(names, list) or not all(isinstance(n, str | int) and str(n).strip() for n in names):
            raise ConfigError(f"{where}, key {key!r}: expected a list of names", hint=hint)
        named[key] = frozenset(str(n).strip() for n in names)
    if not named["users"] and not named["groups"]:
        raise ConfigError(f"{where}: the scope names no user and no group, so nobody could use the connection",
                          hint=hint)
    return Scope(users=named["users"], groups=named["groups"], everyone=False)
