"""How two connections sync, field by field: the ``syncs:`` block of a connection file.

.. code-block:: yaml

    syncs:
      crm-erp:
        a: crm                     # the connection on side A
        b: erp                     # and on side B
        cosmetic: harmonise        # keep (default) or harmonise: write the leading side's form
        fields:
          company: ">"             # A leads: A's value goes to B
          street: "<"              # B leads
          email: "<> a"            # both ways; on a first sync or a clash A wins
          phone: "<>"              # both ways; a first-sync difference is for a steward
          customer_no: "="         # compared only, never written
          status:
            direction: "<>"
            wins: b
            values: {aktiv: Active, inaktiv: Inactive}   # A's word -> B's word, one to one
            default: aktiv         # written when the record created lacks a value
          vat_id: {direction: ">", strict: true}         # equal only as written

Direction words are those of SuperOffice's ERP connector. A field without a
line syncs both ways without a leader. Sides are named ``a`` / ``b`` or by their
connection names. Every mistake is a :class:`~workbench.errors.ConfigError`
naming the file, the sync, the field and the key.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.connections.config import load_connections, read_document, refuse_unknown_keys
from workbench.errors import ConfigError
from workbench.normalize import fold
from workbench.schema import RecordKind

A_LEADS, B_LEADS, BOTH_WAYS, COMPARE_ONLY = ">", "<", "<>", "="
DIRECTIONS = (A_LEADS, B_LEADS, BOTH_WAYS, COMPARE_ONLY)
KEEP, HARMONISE = "keep", "harmonise"
COSMETIC_POLICIES = (KEEP, HARMONISE)
_FIELD_KEYS = ("direction", "wins", "strict", "values", "default")
_SYNC_KEYS = ("a", "b", "cosmetic", "fields")
_QUOTE_HINT = ("Write '>' (A to B), '<' (B to A), '<>' (both ways) or '=' (compare only), in quotes: "
               "unquoted, YAML reads > and < as the start of a text block.")


@dataclass(frozen=True)
class FieldRule:
    """How one field syncs.

    Args:
        direction: ``>`` (A → B), ``<`` (B → A), ``<>`` (both ways) or ``=`` (compare only).
        wins: For ``<>``: the side (``a``/``b``) whose value wins a first sync or a field
            changed on both sides; None leaves those to a steward.
        strict: Compare the values exactly as written instead of by the field's key.
        values: A's value → B's value, one to one (compared folded: case and accents do not matter).
        default: The value written to a created record whose own value is empty.

    Examples:
        >>> FieldRule(">").leader, FieldRule("<>", wins="b").leader, FieldRule("<>").leader
        ('a', 'b', None)
    """

    direction: str = BOTH_WAYS
    wins: str | None = None
    strict: bool = False
    values: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None

    @property
    def leader(self) -> str | None:
        """The side whose value wins where the two differ and nobody changed one since the last sync."""
        return {A_LEADS: "a", B_LEADS: "b"}.get(self.direction, self.wins if self.direction == BOTH_WAYS else None)

    def writes_to(self, side: str) -> bool:
        """Whether this rule ever writes a value into ``side``'s system."""
        return self.direction == BOTH_WAYS or self.direction == (A_LEADS if side == "b" else B_LEADS)


BOTH_WAYS_RULE = FieldRule()


@dataclass(frozen=True)
class SyncRules:
    """The field rules of one sync, and what happens to differences only in form.

    Args:
        fields: Field → :class:`FieldRule`; other fields sync both ways without a leader.
        cosmetic: ``keep`` (list differences in form, write nothing) or ``harmonise``
            (write the leading side's form to the other side).
        order_a, order_b: Each system's field order, for its change sets and review views
            (empty: the record kind's order).
        a, b: The connections' names (for messages).
    """

    fields: Mapping[str, FieldRule] = field(default_factory=dict)
    cosmetic: str = KEEP
    order_a: tuple[str, ...] = ()
    order_b: tuple[str, ...] = ()
    a: str = "a"
    b: str = "b"

    def rule(self, name: str) -> FieldRule:
        """The rule of ``name`` (both ways without a leader when none is written)."""
        return self.fields.get(name, BOTH_WAYS_RULE)

    def order(self, side: str, names: tuple[str, ...] | list[str]) -> list[str]:
        """``names`` in ``side``'s field order: its ordered fields first, then the rest as given."""
        first = [n for n in (self.order_a if side == "a" else self.order_b) if n in names]
        return [*first, *(n for n in names if n not in first)]


NO_RULES = SyncRules()


def value_map(rule: FieldRule, side: str) -> dict[str, str]:
    """The rule's value list as folded value → value written on ``side`` (``b``: A's words to B's; ``a``: back)."""
    pairs = rule.values.items() if side == "b" else ((b, a) for a, b in rule.values.items())
    return {fold(source): target for source, target in pairs}


def load_sync_rules(path: str | Path, name: str | None = None) -> SyncRules:
    """The rules of the sync ``name`` of a connection file (None: its only sync).

    Raises:
        ConfigError: the file or a connection in it is wrong, it has no such sync, or
            ``name`` is None and the file has none or several.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "c.yaml").write_text(
        ...     "connections:\\n  crm: {type: csv, location: crm.csv}\\n  erp: {type: csv, location: erp.csv}\\n"
        ...     "syncs:\\n  crm-erp:\\n    a: crm\\n    b: erp\\n    fields: {email: '>', city: '<> erp'}\\n")
        >>> rules = load_sync_rules(folder / "c.yaml")
        >>> rules.rule("email").leader, rules.rule("city").leader, rules.rule("phone").leader
        ('a', 'b', None)
    """
    file = Path(path)
    syncs = parse_syncs(read_document(file).get("syncs"), load_connections(file), str(file))
    if name is None:
        if len(syncs) != 1:
            raise ConfigError(f"{file}: {'no sync is' if not syncs else 'several syncs are'} defined under 'syncs'",
                              hint="Name the sync to use." if syncs else
                              "Add a 'syncs:' block naming the two connections and the fields' directions.")
        return next(iter(syncs.values()))
    if name not in syncs:
        close = difflib.get_close_matches(name, syncs, n=1)
        raise ConfigError(f"{file}: there is no sync {name!r}",
                          hint=(f"Did you mean {close[0]!r}? " if close else "")
                          + f"The file defines: {', '.join(syncs) or 'none'}.")
    return syncs[name]


def parse_syncs(document: Any, connections: Mapping[str, Any], file: str) -> dict[str, SyncRules]:
    """The ``syncs:`` block of a connection file (``connections``: name → :class:`~workbench.connections.Connection`).

    Raises:
        ConfigError: a sync names an unknown connection, a field of no kind, an unknown
            direction, side or key, or a value list maps a value twice.
    """
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ConfigError(f"{file}, key 'syncs': expected named syncs", hint="E.g. syncs: {crm-erp: {a: crm, b: erp}}.")
    return {str(name): _sync(str(name), spec, connections, file) for name, spec in document.items()}


def _sync(name: str, spec: Any, connections: Mapping[str, Any], file: str) -> SyncRules:
    where = f"{file}, sync {name!r}"
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: expected a mapping with a, b and fields", hint="Indent the keys under the name.")
    refuse_unknown_keys(spec, _SYNC_KEYS, where)
    sides = {}
    for side in ("a", "b"):
        connection = connections.get(str(spec.get(side)))
        if connection is None:
            close = difflib.get_close_matches(str(spec.get(side)), connections, n=1)
            raise ConfigError(f"{where}, key {side!r}: no connection {spec.get(side)!r}",
                              hint=(f"Did you mean {close[0]!r}? " if close else "")
                              + f"The file defines: {', '.join(connections)}.")
        sides[side] = connection
    if sides["a"].kind != sides["b"].kind:
        raise ConfigError(f"{where}: {spec['a']} holds {sides['a'].kind.name} records, {spec['b']} "
                          f"{sides['b'].kind.name} records", hint="Sync connections of one record kind.")
    cosmetic = str(spec.get("cosmetic", KEEP))
    if cosmetic not in COSMETIC_POLICIES:
        raise ConfigError(f"{where}, key 'cosmetic': {cosmetic!r} is not a policy",
                          hint=f"Use one of: {', '.join(COSMETIC_POLICIES)}.")
    names = {"a": "a", "b": "b", str(spec["a"]): "a", str(spec["b"]): "b"}
    fields = spec.get("fields") or {}
    if not isinstance(fields, dict):
        raise ConfigError(f"{where}, key 'fields': expected 'field: direction' lines",
                          hint="E.g. fields: {email: '>'}.")
    kind = sides["a"].kind
    rules = {str(f): field_rule(value, names, kind, f"{where}, field {f!r}") for f, value in fields.items()}
    _unknown_field(list(rules), kind, where)
    return SyncRules(fields=rules, cosmetic=cosmetic, order_a=sides["a"].review_fields,
                     order_b=sides["b"].review_fields, a=str(spec["a"]), b=str(spec["b"]))


def field_rule(value: Any, sides: Mapping[str, str], kind: RecordKind, where: str) -> FieldRule:
    """One field's rule from ``"<> a"`` or a mapping (``direction``, ``wins``, ``strict``, ``values``, ``default``).

    Examples:
        >>> from workbench.schema import CUSTOMER
        >>> field_rule("<> crm", {"a": "a", "b": "b", "crm": "a"}, CUSTOMER, "x")
        FieldRule(direction='<>', wins='a', strict=False, values={}, default=None)
    """
    if isinstance(value, str):
        if not value.split():
            raise ConfigError(f"{where}: no direction", hint=_QUOTE_HINT)
        value = dict(zip(("direction", "wins"), value.split(), strict=False))
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a direction ('>', '<', '<>', '=') or a mapping",
                          hint="E.g. email: '<> a' or status: {direction: '>', values: {aktiv: Active}}.")
    refuse_unknown_keys(value, _FIELD_KEYS, where)
    direction = str(value.get("direction", BOTH_WAYS))
    if direction not in DIRECTIONS:
        raise ConfigError(f"{where}: unknown direction {direction!r}", hint=_QUOTE_HINT)
    wins = value.get("wins")
    if wins is not None:
        if str(wins) not in sides:
            raise ConfigError(f"{where}, key 'wins': {wins!r} is neither side",
                              hint=f"Name a side: {', '.join(dict.fromkeys(sides))}.")
        if direction != BOTH_WAYS:
            raise ConfigError(f"{where}, key 'wins': only a both-ways field ('<>') needs a winner",
                              hint=f"'{direction}' already says which side leads; drop 'wins'.")
        wins = sides[str(wins)]
    strict = value.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(f"{where}, key 'strict': expected true or false", hint="E.g. strict: true.")
    default = value.get("default")
    return FieldRule(direction=direction, wins=wins, strict=strict,
                     values=_value_list(value.get("values"), f"{where}, key 'values'"),
                     default=None if default is None else str(default))


def _value_list(value: Any, where: str) -> dict[str, str]:
    """A one-to-one value list; a value written twice on either side (case and accents aside) is refused."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not value:
        raise ConfigError(f"{where}: expected 'value in A: value in B' pairs",
                          hint="E.g. values: {aktiv: Active, inaktiv: Inactive}.")
    pairs = [(str(a), str(b)) for a, b in value.items()]
    for position, label in ((0, "A"), (1, "B")):
        seen: dict[str, str] = {}
        for pair in pairs:
            folded = fold(pair[position])
            if folded in seen:
                raise ConfigError(f"{where}: the {label} value {pair[position]!r} is mapped twice "
                                  f"({seen[folded]!r} and {pair[position]!r} are one value)",
                                  hint="A value list is one to one: keep one line per value.")
            seen[folded] = pair[position]
    return dict(pairs)


def _unknown_field(names: list[str], kind: RecordKind, where: str) -> None:
    for name in names:
        if name not in kind.field_names:
            close = difflib.get_close_matches(name, kind.field_names, n=1)
            raise ConfigError(f"{where}, field {name!r}: not a field of the kind {kind.name!r}",
                              hint=(f"Did you mean {close[0]!r}? " if close else "")
                              + f"Fields: {', '.join(kind.field_names)}.")
