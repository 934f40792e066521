"""The connection file: YAML read with ``yaml.safe_load``, checked key by key.

.. code-block:: yaml

    connections:
      crm:
        type: xlsx                       # xlsx, csv, vcard, sql, or a plugin's type
        location: crm_customers.xlsx     # relative to this file; URLs take ${VARIABLES}
        kind: customer                   # record kind (customer, contact)
        sheet: Kunden                    # options: sheet, table, encoding, delimiter, header_row
        mapping: {Intern: null}          # source header -> canonical field (null: keep as extra)
        defaults: {country: DE}          # field -> value for empty cells
        review_fields: [customer_no, company, last_name]
        priority: {wins: [email, phone], otherwise: loses}   # otherwise: wins, loses or ask
        scope: {users: [alice], groups: [sales]}              # who sees and uses it (default: everyone)

Every mistake is a :class:`~workbench.errors.ConfigError` naming the file, the
connection and the key.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from workbench.connections.credentials import stored_password
from workbench.connections.plugins import accepted_locations, connector_types, location_fits
from workbench.connections.scope import Scope, parse_scope
from workbench.errors import ConfigError
from workbench.io.sources import url_scheme
from workbench.schema import KINDS, RecordKind, get_kind

WINS, LOSES, ASK = "wins", "loses", "ask"
OPTION_KEYS = ("sheet", "table", "encoding", "delimiter", "header_row")
"""Reading options a connection may set; passed to :func:`workbench.io.read_table`."""
_KEYS = ("type", "location", "kind", "mapping", "defaults", "review_fields", "priority", "scope", *OPTION_KEYS)
_PRIORITY_KEYS = ("wins", "otherwise")
_FILE_KEYS = ("connections", "syncs")


@dataclass(frozen=True)
class SyncPriority:
    """Which fields a connection's values win in a sync, and what happens to the others.

    Args:
        wins: Fields whose value from this connection wins a conflict.
        otherwise: For the other fields: ``wins``, ``loses`` (the other side wins) or
            ``ask`` (left for a steward).
    """

    wins: tuple[str, ...] = ()
    otherwise: str = ASK


@dataclass(frozen=True)
class Connection:
    """One named connection of a connection file.

    ``location`` is as written (``${VARIABLE}`` placeholders kept; relative paths
    already made relative to the file's folder); see
    :func:`workbench.connections.resolve_location`.
    """

    name: str
    type: str
    location: str
    kind: RecordKind
    file: str
    mapping: Mapping[str, str | None] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    review_fields: tuple[str, ...] = ()
    priority: SyncPriority = field(default_factory=SyncPriority)
    options: Mapping[str, Any] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)
    """Who sees and uses it (see :mod:`workbench.connections.scope`)."""
    digest: str = ""
    """SHA-256 of the connection's entry as written in the file: tells an edited definition apart."""

    def where(self, key: str | None = None) -> str:
        """``connections.yaml, connection 'crm'[, key 'location']`` for messages."""
        text = f"{self.file}, connection {self.name!r}"
        return f"{text}, key {key!r}" if key else text

    @property
    def fields_for_review(self) -> tuple[str, ...]:
        """The review order: the configured fields first, then the kind's other fields."""
        return (*self.review_fields, *(name for name in self.kind.field_names if name not in self.review_fields))


def load_connections(path: str | Path) -> dict[str, Connection]:
    """Read and check every connection of a YAML file.

    Raises:
        ConfigError: the file is missing, not YAML, or a connection is wrong (file,
            connection and key are named, with what to write instead).

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "connections.yaml").write_text(
        ...     "connections:\\n  erp:\\n    type: csv\\n    location: erp.csv\\n    defaults: {country: DK}\\n")
        >>> erp = load_connections(folder / "connections.yaml")["erp"]
        >>> erp.type, Path(erp.location).name, dict(erp.defaults), erp.kind.name
        ('csv', 'erp.csv', {'country': 'DK'}, 'customer')
    """
    file = Path(path)
    document = read_document(file)
    return {str(name): _connection(str(name), spec, file) for name, spec in document["connections"].items()}


def read_document(file: Path) -> dict[str, Any]:
    """The connection file as plain data (``yaml.safe_load``; a key written twice in one mapping is refused).

    Raises:
        ConfigError: the file is missing, not UTF-8, not YAML, repeats a key, or has no ``connections:``.
    """
    if not file.is_file():
        raise ConfigError(f"{file}: connection file not found", hint="Check the path, or pass --file.")
    try:
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{file}{where}: not valid YAML ({getattr(error, 'problem', None) or error})",
                          hint="Check the indentation, write each key once, and quote values holding ':', '#', '=', "
                               "'>' or '<'.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text", hint="Save the file as UTF-8.") from None
    if not isinstance(document, dict) or not isinstance(document.get("connections"), dict):
        raise ConfigError(f"{file}: the file must hold a mapping 'connections:' of named connections",
                          hint="Start the file with 'connections:' and indent one block per connection under it.")
    refuse_unknown_keys(document, _FILE_KEYS, str(file))
    return document


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a mapping naming one key twice (safe_load keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is written twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def get_connection(path: str | Path, name: str) -> Connection:
    """The connection ``name`` of a file.

    Raises:
        ConfigError: the file has no such connection (its connections are listed).
    """
    connections = load_connections(path)
    if name not in connections:
        close = difflib.get_close_matches(name, connections, n=1)
        raise ConfigError(
            f"{path}: there is no connection {name!r}",
            hint=(f"Did you mean {close[0]!r}? " if close else "") + f"The file defines: {', '.join(connections)}.",
        )
    return connections[name]


def _connection(name: str, spec: Any, file: Path) -> Connection:
    def where(key: str | None = None) -> str:
        return f"{file}, connection {name!r}" + (f", key {key!r}" if key else "")

    if not isinstance(spec, dict):
        raise ConfigError(f"{where()}: expected a mapping of keys (type, location, …)",
                          hint="Indent the connection's keys under its name.")
    refuse_unknown_keys(spec, _KEYS, where())
    for key in ("type", "location"):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            raise ConfigError(f"{where(key)}: missing or empty", hint=_KEY_HINTS[key])
    connector_type = spec["type"].strip().lower()
    types = connector_types()
    if connector_type not in types:
        raise ConfigError(f"{where('type')}: unknown connector type {spec['type']!r}",
                          hint=f"Use one of: {', '.join(types)}.")
    location = _location(spec["location"].strip(), file)
    if stored_password(location):
        raise ConfigError(f"{where('location')}: the URL holds a password",
                          hint="Never store credentials in the file: write ${CRM_DB_PASSWORD} (any variable name) "
                          "and set that environment variable.")
    if not location_fits(connector_type, location):
        raise ConfigError(f"{where('location')}: a {connector_type} connection cannot read {spec['location']!r}",
                          hint=f"It reads {accepted_locations(connector_type)}; fix the type or the location.")
    kind = _kind(spec.get("kind", "customer"), where("kind"))
    return Connection(
        name=name, type=connector_type, location=location, kind=kind, file=str(file),
        mapping=_mapping(spec.get("mapping"), kind, where("mapping")),
        defaults=_defaults(spec.get("defaults"), kind, where("defaults")),
        review_fields=_fields(spec.get("review_fields"), kind, where("review_fields")),
        priority=_priority(spec.get("priority"), kind, where("priority")),
        options=_options(spec, where),
        scope=parse_scope(spec.get("scope"), where("scope")),
        digest=definition_digest(spec),
    )


def definition_digest(spec: Mapping[str, Any]) -> str:
    """SHA-256 of a connection's entry as written (keys in any order give the same digest).

    Examples:
        >>> definition_digest({"type": "csv", "location": "a.csv"}) == definition_digest(
        ...     {"location": "a.csv", "type": "csv"})
        True
    """
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_KEY_HINTS = {
    "type": "Write e.g. 'type: xlsx' (xlsx, csv, vcard, sql or an installed plugin's type).",
    "location": "Write the file path (relative to this file) or the database URL, e.g. 'location: kunden.xlsx'.",
}


def refuse_unknown_keys(spec: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    """Refuse a key of ``spec`` that ``allowed`` lacks, naming the closest allowed key (for every block of the file).

    Raises:
        ConfigError: ``where``, the unknown key, and the keys allowed.
    """
    for key in spec:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            raise ConfigError(f"{where}, key {key!r}: unknown key",
                              hint=(f"Did you mean {close[0]!r}? " if close else "") + f"Keys: {', '.join(allowed)}.")


def _location(text: str, file: Path) -> str:
    if url_scheme(text) is not None or text.startswith("${"):
        return text
    path = Path(text).expanduser()
    return str(path if path.is_absolute() else file.parent / path)


def _kind(value: Any, where: str) -> RecordKind:
    try:
        return get_kind(str(value))
    except ConfigError:
        raise ConfigError(f"{where}: unknown record kind {value!r}", hint=f"Use one of: {', '.join(KINDS)}.") from None


def _unknown_fields(names: list[str], kind: RecordKind, where: str) -> None:
    unknown = [name for name in names if name not in kind.field_names]
    if unknown:
        close = difflib.get_close_matches(unknown[0], kind.field_names, n=1)
        raise ConfigError(
            f"{where}: {unknown[0]!r} is not a field of the kind {kind.name!r}",
            hint=(f"Did you mean {close[0]!r}? " if close else "") + f"Fields: {', '.join(kind.field_names)}.",
        )


def _mapping(value: Any, kind: RecordKind, where: str) -> dict[str, str | None]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected 'source header: field' pairs", hint="E.g. mapping: {Kd-Nr: customer_no}.")
    mapping = {str(header): (None if target is None else str(target)) for header, target in value.items()}
    _unknown_fields([target for target in mapping.values() if target is not None], kind, where)
    return mapping


def _defaults(value: Any, kind: RecordKind, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected 'field: value' pairs", hint="E.g. defaults: {country: DE}.")
    _unknown_fields([str(name) for name in value], kind, where)
    empty = [str(name) for name, text in value.items() if text is None or not str(text).strip()]
    if empty:
        raise ConfigError(f"{where}: the default for {empty[0]!r} is empty", hint="Give a value, or remove the line.")
    return {str(name): str(text) for name, text in value.items()}


def _fields(value: Any, kind: RecordKind, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ConfigError(f"{where}: expected a list of field names", hint="E.g. [customer_no, company, email].")
    _unknown_fields(value, kind, where)
    repeated = sorted({name for name in value if value.count(name) > 1})
    if repeated:
        raise ConfigError(f"{where}: {repeated[0]!r} is listed twice", hint="List each field once.")
    return tuple(value)


def _priority(value: Any, kind: RecordKind, where: str) -> SyncPriority:
    if value is None:
        return SyncPriority()
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected 'wins' and 'otherwise'", hint="E.g. priority: {wins: [email], "
                          "otherwise: loses}.")
    refuse_unknown_keys(value, _PRIORITY_KEYS, where)
    otherwise = str(value.get("otherwise", ASK)).lower()
    if otherwise not in (WINS, LOSES, ASK):
        raise ConfigError(f"{where}, key 'otherwise': {value['otherwise']!r} is not wins, loses or ask",
                          hint="wins: this side wins the other fields; loses: the other side does; ask: a steward.")
    return SyncPriority(wins=_fields(value.get("wins"), kind, f"{where}, key 'wins'"), otherwise=otherwise)


def _options(spec: Mapping[str, Any], where: Any) -> dict[str, Any]:
    options = {key: spec[key] for key in OPTION_KEYS if spec.get(key) is not None}
    if "header_row" in options and (not isinstance(options["header_row"], int) or options["header_row"] < 1):
        raise ConfigError(f"{where('header_row')}: must be a row number from 1", hint="E.g. header_row: 4.")
    return {key: (value if key == "header_row" else str(value)) for key, value in options.items()}
