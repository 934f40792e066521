"""Connections: named sources and targets defined in a YAML file, tested before use.

A connection names a connector type (``xlsx``, ``csv``, ``vcard``, ``sql`` or one a
third party registers under the entry point group ``workbench.connectors``), where
the data lives (credentials come from environment variables, never from the file),
how its columns map to the canonical fields, default values, the order of fields in
reviews and which fields it wins in a sync; a ``syncs:`` block says how two connections
sync, field by field (:func:`load_sync_rules`). :func:`load_connections` reads the file,
:func:`check_connection` tests one, :func:`read_connection` reads it and refuses a
connection that fails its test. See ``docs/connections.md``.
"""

from workbench.connections.checks import CheckResult, ConnectionReport, check_connection, read_connection
from workbench.connections.config import Connection, SyncPriority, get_connection, load_connections
from workbench.connections.credentials import resolve_location
from workbench.connections.plugins import BUILT_IN_TYPES, connector_types, load_connector
from workbench.connections.syncrules import FieldRule, SyncRules, load_sync_rules

__all__ = [
    "BUILT_IN_TYPES", "CheckResult", "Connection", "ConnectionReport", "FieldRule", "SyncPriority", "SyncRules",
    "check_connection", "connector_types", "get_connection", "load_connections", "load_connector",
    "load_sync_rules", "read_connection", "resolve_location",
]
